// Private to lib/net: the state behind Network.
#pragma once

#include <mutex>
#include <optional>

#include "net/ipam.hpp"
#include "net/netlink.hpp"
#include "net/network.hpp"
#include "net/reaper.hpp"

namespace podcore::net {

struct Network::Impl {
  NetworkConfig cfg;
  IpRange v4;
  std::optional<IpRange> v6;
  Ipam ipam;
  std::string alias_prefix;  // "podcore:<network>:"

  std::mutex mu;           // serialises the calls below
  nl::Sock host_nl;        // rtnetlink socket in the host namespace
  int bridge_ifindex = 0;  // 0 until ensure_bridge() succeeded
  unsigned mtu = 0;
  Reaper reaper;

  Impl(NetworkConfig c, IpRange r4, std::optional<IpRange> r6, Ipam i)
      : cfg(std::move(c)), v4(std::move(r4)), v6(std::move(r6)), ipam(std::move(i)) {
    alias_prefix = "podcore:" + cfg.name + ":";
  }

  Result<nl_sock*> host_sock();
  Result<void> ensure_bridge_locked();
  Result<void> check_overlap(nl_sock* sk, int bridge_ifindex);
  Result<Attachment> attach_locked(int netns_fd, std::string_view uid);
  Result<void> finish_host_end(nl_sock* sk, int host_idx, const std::string& host,
                               const std::string& alias) const;
  Result<void> configure_pod(nl_sock* pod, int pod_idx, const IpLease& lease,
                             const std::string& pod_obj, const std::string& lo_obj) const;
};

}  // namespace podcore::net
