// Pod networking: a Linux bridge on the host, one veth pair per pod (the
// peer born inside the pod's network namespace as eth0), addresses and
// routes inside, and file-backed IPAM. Every kernel operation goes through
// rtnetlink (libnl3); nothing is exec'd.
//
// Teardown and the kernel's costs: deleting a veth synchronously costs
// ~15 ms on this class of machine (the kernel waits for RCU grace periods
// while it holds the RTNL lock). detach() therefore never deletes in the
// caller's path. Two ways out, chosen by the caller per detach:
//   * DetachOptions::netns_released = true: the caller is dropping the pod's
//     network namespace (the sandbox unpins it). Destroying a namespace
//     destroys its eth0, and a veth's pair goes with either end, so the
//     kernel removes the host side in its deferred namespace cleanup. detach
//     only releases the lease.
//   * otherwise the host side is handed to a background reaper thread of
//     this Network (looked up by name, checked by alias, deleted by ifindex
//     so a new pod with the same name is never hit); flush() waits for it.
// Either way a veth that outlives its pod (a namespace kept alive by a
// stray process, a crash) is found by reconcile(), which knows ours by the
// "pc" name prefix and the IFLA_IFALIAS marker "podcore:<network>:<uid>".
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "net/ip.hpp"
#include "net/ipam.hpp"

namespace podcore::net {

/// One pod network (a runtime option).
struct NetworkConfig {
  std::string name = "podcore";         ///< network name: the IPAM directory and alias marker
  std::string bridge = "podcore0";      ///< host bridge interface
  std::string subnet = "10.87.0.0/16";  ///< IPv4 subnet of the pods
  std::string gateway;                  ///< bridge address; empty: the subnet's first address
  unsigned mtu = 0;                     ///< 0: the bridge's MTU if it exists, else 1500
  std::string subnet6;                  ///< optional IPv6 subnet (dual stack), e.g. "fd00:1::/64"
  std::string gateway6;                 ///< empty: the IPv6 subnet's first address
  bool hairpin = false;                 ///< hairpin mode on the pods' bridge ports
  std::string state_dir = "/run/podcore";  ///< leases live in <state_dir>/ipam/<name>/
  /// Test hook: attach fails right after step N (1 lease, 2 veth, 3 alias
  /// and hairpin, 4 pod netlink socket, 5-7 the pod side: links up,
  /// addresses, routes, sent as one batch) so tests can prove the rollback.
  /// 0 disables it.
  int fault_step = 0;
  /// Test hook: the pair is created without NLM_F_ECHO, so the kernel
  /// answers as one before 6.3 does (no echo) and attach looks the host end
  /// up by name, as it must there.
  bool no_echo = false;
};

/// What attach() set up for a pod.
struct Attachment {
  IpAddress ipv4;
  int ipv4_prefix_len = 0;
  IpAddress gateway4;
  std::optional<IpAddress> ipv6;
  int ipv6_prefix_len = 0;
  std::optional<IpAddress> gateway6;
  std::string host_ifname;  ///< "pc" + 10 hex characters
  std::string pod_ifname = "eth0";
  std::string mac;  ///< of eth0, "aa:bb:cc:dd:ee:ff"
  unsigned mtu = 0;
};

/// How a detach tears down.
struct DetachOptions {
  /// The caller is dropping the pod's network namespace: let the kernel
  /// remove the pair with it instead of deleting the host side.
  bool netns_released = false;
};

/// What reconcile() removed.
struct ReconcileReport {
  std::vector<std::string> released_leases;  ///< pod UIDs whose leases went
  std::vector<std::string> deleted_links;    ///< host interface names deleted
};

/// The host-side interface name of a pod: "pc" + 10 hex characters of a
/// 64-bit FNV-1a hash of the UID.
std::string host_ifname_for(std::string_view pod_uid);

/// The IFLA_IFALIAS marker of a pod's host interface: "podcore:<network>:<uid>".
std::string alias_for(std::string_view network, std::string_view pod_uid);

/// A pod network. Thread-safe: calls on one Network are serialised
/// internally; several processes may share a network (the IPAM lock and
/// the kernel arbitrate).
class Network {
 public:
  /// Parses and checks `config` and opens the lease directory; makes no
  /// kernel change. kInvalid for a malformed subnet, gateway, name or MTU.
  static Result<std::unique_ptr<Network>> open(NetworkConfig config);

  ~Network();
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  /// Makes sure the bridge exists, is a bridge, is up, has the MTU and the
  /// gateway address(es). Idempotent, and safe when another process
  /// ensures the same bridge at the same moment. kAlreadyExists when a
  /// non-bridge interface has the name; kInvalid naming both when the
  /// subnet overlaps an address or route of another interface.
  Result<void> ensure_bridge();

  /// Connects the pod whose network namespace is `netns_fd`: leases its
  /// address(es), creates the veth pair with one RTM_NEWLINK (the peer is
  /// born inside the namespace as eth0 with the MTU; the host side is up on
  /// the bridge), sets the alias marker (and hairpin), then inside: lo and
  /// eth0 up, the addresses (IPv6 without DAD) and the default route(s).
  /// Four netlink round trips in all: each stage's requests go in one
  /// sendmsg() (nl::Batch).
  /// Ensures the bridge first if this Network has not yet. The calling
  /// thread enters the pod's namespace for a few microseconds to open a
  /// netlink socket there and returns to its own. All or nothing:
  /// on any error the veth and lease are gone again. Errors name the
  /// interface, the namespace and the operation.
  Result<Attachment> attach(int netns_fd, std::string_view pod_uid);

  /// Disconnects a pod: hands its host veth to the reaper (or to the
  /// kernel, see DetachOptions) and releases its lease. Idempotent; fine
  /// when the namespace or the veth is gone already. Never deletes an
  /// interface whose alias is not this pod's.
  Result<void> detach(std::string_view pod_uid, DetachOptions options = {});

  /// Removes leases and host veths of this network that belong to no pod in
  /// `live_uids`. Touches only interfaces named "pc…" whose alias carries
  /// this network's marker. Deletions are synchronous here.
  Result<ReconcileReport> reconcile(const std::set<std::string, std::less<>>& live_uids);

  /// Deletes this network's bridge (uninstall, tests). Synchronous (one
  /// RTM_DELLINK). Refuses an interface of that name that is not a bridge;
  /// a missing bridge is success. Pods on it lose connectivity.
  Result<void> remove_bridge();

  /// Waits until every veth deletion queued by detach() has been done.
  void flush();

  /// The IPAM of this network (for inspection and tests).
  [[nodiscard]] Ipam& ipam() noexcept;
  [[nodiscard]] const NetworkConfig& config() const noexcept;
  /// The MTU attach() gives pods (known after ensure_bridge()).
  [[nodiscard]] unsigned mtu() const noexcept;

  struct Impl;

 private:
  explicit Network(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace podcore::net
