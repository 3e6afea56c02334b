#include "net/network.hpp"

#include <net/if.h>
#include <netlink/route/link.h>
#include <sys/socket.h>

#include <cstdio>

#include "net/network_impl.hpp"

namespace podcore::net {
namespace {

bool valid_ifname(std::string_view name) {
  if (name.empty() || name.size() >= IFNAMSIZ) return false;
  for (char c : name) {
    if (c == '/' || c == ':' || c <= ' ' || c == 0x7f) return false;
  }
  return true;
}

}  // namespace

std::string host_ifname_for(std::string_view pod_uid) {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a, 64 bit
  for (unsigned char c : pod_uid) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "pc%010llx",
                static_cast<unsigned long long>(h & 0xffffffffffULL));  // 40 bits
  return buf;
}

std::string alias_for(std::string_view network, std::string_view pod_uid) {
  return "podcore:" + std::string(network) + ":" + std::string(pod_uid);
}

Result<std::unique_ptr<Network>> Network::open(NetworkConfig cfg) {
  const std::string stage = "net.config";
  if (cfg.name.empty() || !valid_pod_uid(cfg.name) || cfg.name.find(':') != std::string::npos) {
    return fail(ErrorCode::kInvalid, stage, "network name must match [A-Za-z0-9._-]{1,128}",
                cfg.name);
  }
  if (!valid_ifname(cfg.bridge)) {
    return fail(ErrorCode::kInvalid, stage, "not a valid interface name", cfg.bridge);
  }
  if (cfg.mtu != 0 && (cfg.mtu < 576 || cfg.mtu > 65535)) {
    return fail(ErrorCode::kInvalid, stage, "MTU must be within 576..65535",
                std::to_string(cfg.mtu));
  }
  auto subnet = IpSubnet::parse(cfg.subnet);
  if (!subnet) return std::unexpected(subnet.error());
  IpRange v4{*subnet, subnet->nth(1)};
  if (!cfg.gateway.empty()) {
    auto gw = IpAddress::parse(cfg.gateway);
    if (!gw) return std::unexpected(gw.error());
    v4.gateway = *gw;
  }
  std::optional<IpRange> v6;
  if (!cfg.subnet6.empty()) {
    auto s6 = IpSubnet::parse(cfg.subnet6);
    if (!s6) return std::unexpected(s6.error());
    v6 = IpRange{*s6, s6->nth(1)};
    if (!cfg.gateway6.empty()) {
      auto gw = IpAddress::parse(cfg.gateway6);
      if (!gw) return std::unexpected(gw.error());
      v6->gateway = *gw;
    }
  }
  auto ipam = Ipam::open(cfg.state_dir + "/ipam/" + cfg.name, v4, v6);
  if (!ipam) return std::unexpected(ipam.error());
  auto impl =
      std::make_unique<Impl>(std::move(cfg), std::move(v4), std::move(v6), std::move(*ipam));
  return std::unique_ptr<Network>(new Network(std::move(impl)));
}

Network::Network(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Network::~Network() = default;

Ipam& Network::ipam() noexcept {
  return impl_->ipam;
}
const NetworkConfig& Network::config() const noexcept {
  return impl_->cfg;
}
unsigned Network::mtu() const noexcept {
  std::lock_guard lock(impl_->mu);
  return impl_->mtu;
}
void Network::flush() {
  impl_->reaper.flush();
}

Result<nl_sock*> Network::Impl::host_sock() {
  if (!host_nl) {
    auto sk = nl::connect("host");
    if (!sk) return std::unexpected(sk.error());
    host_nl = std::move(*sk);
  }
  return host_nl.get();
}

Result<void> Network::ensure_bridge() {
  std::lock_guard lock(impl_->mu);
  return impl_->ensure_bridge_locked();
}

Result<Attachment> Network::attach(int netns_fd, std::string_view pod_uid) {
  std::lock_guard lock(impl_->mu);
  return impl_->attach_locked(netns_fd, pod_uid);
}

Result<void> Network::detach(std::string_view pod_uid, DetachOptions options) {
  if (!valid_pod_uid(pod_uid)) {
    return fail(ErrorCode::kInvalid, "net.detach", "malformed pod UID", std::string(pod_uid));
  }
  std::lock_guard lock(impl_->mu);
  if (!options.netns_released) {
    auto sk = impl_->host_sock();
    if (!sk) return std::unexpected(sk.error());
    const std::string name = host_ifname_for(pod_uid);
    auto link = nl::get_link(*sk, name, "net.detach");
    if (!link) return std::unexpected(link.error());
    if (*link) {
      const char* alias = rtnl_link_get_ifalias(link->get());
      // Only our own pod's interface: a hash collision or a foreign
      // interface with our naming is left alone.
      if (alias != nullptr && alias == alias_for(impl_->cfg.name, pod_uid)) {
        const int idx = rtnl_link_get_ifindex(link->get());
        if (!impl_->reaper.enqueue(idx, name)) {
          // No reaper thread to be had: delete here, slowly but surely.
          if (auto r = nl::delete_link(*sk, idx, name); !r) return r;
        }
      }
    }
  }
  return impl_->ipam.release(pod_uid);
}

Result<ReconcileReport> Network::reconcile(const std::set<std::string, std::less<>>& live_uids) {
  std::lock_guard lock(impl_->mu);
  ReconcileReport report;
  auto sk = impl_->host_sock();
  if (!sk) return std::unexpected(sk.error());
  struct Orphan {
    int ifindex;
    std::string name;
  };
  std::vector<Orphan> orphans;
  auto dumped = nl::dump(
      *sk, RTM_GETLINK, AF_UNSPEC,
      [&](nl_object* obj) {
        auto* link = reinterpret_cast<rtnl_link*>(obj);
        const char* name = rtnl_link_get_name(link);
        const char* alias = rtnl_link_get_ifalias(link);
        if (name == nullptr || alias == nullptr) return;
        std::string_view n(name), a(alias);
        // Ours only when BOTH the name and the alias say so.
        if (!n.starts_with("pc") || !a.starts_with(impl_->alias_prefix)) return;
        std::string_view uid = a.substr(impl_->alias_prefix.size());
        if (live_uids.contains(uid) || host_ifname_for(uid) != n) return;
        orphans.push_back({rtnl_link_get_ifindex(link), std::string(n)});
      },
      "net.reconcile");
  if (!dumped) return std::unexpected(dumped.error());
  for (const auto& o : orphans) {
    if (auto r = nl::delete_link(*sk, o.ifindex, o.name); !r) return std::unexpected(r.error());
    report.deleted_links.push_back(o.name);
  }
  auto leases = impl_->ipam.gc(live_uids);
  if (!leases) return std::unexpected(leases.error());
  report.released_leases = std::move(*leases);
  return report;
}

}  // namespace podcore::net
