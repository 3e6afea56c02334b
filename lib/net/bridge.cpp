// The host bridge: create or adopt it, check the subnet is free, give it
// the gateway address(es).
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netlink/route/link/bridge.h>

#include <cstring>

#include "net/network_impl.hpp"

namespace podcore::net {
namespace {

constexpr unsigned kDefaultMtu = 1500;

std::string link_name(nl_sock* sk, int ifindex) {
  rtnl_link* raw = nullptr;
  if (rtnl_link_get_kernel(sk, ifindex, nullptr, &raw) == 0) {
    nl::Link link(raw);
    if (const char* n = rtnl_link_get_name(link.get())) return n;
  }
  return "ifindex " + std::to_string(ifindex);
}

}  // namespace

Result<void> Network::Impl::check_overlap(nl_sock* sk, int bridge_idx) {
  const std::string stage = "net.bridge";
  std::vector<IpSubnet> ours{v4.subnet};
  if (v6) ours.push_back(v6->subnet);

  std::optional<std::pair<int, std::string>> clash;  // ifindex, what
  std::string clash_subnet;
  auto addrs = nl::dump(
      sk, RTM_GETADDR, AF_UNSPEC,
      [&](nl_object* obj) {
        if (clash) return;
        auto* a = reinterpret_cast<rtnl_addr*>(obj);
        int idx = rtnl_addr_get_ifindex(a);
        if (idx == bridge_idx) return;
        IpAddress ip = nl::from_nl_addr(rtnl_addr_get_local(a));
        if (ip.family == 0) return;
        int len = rtnl_addr_get_prefixlen(a);
        IpSubnet theirs = subnet_of(ip, len);
        for (const auto& s : ours) {
          if (s.overlaps(theirs)) {
            clash = {idx, "address " + ip.to_string() + "/" + std::to_string(len)};
            clash_subnet = s.to_string();
          }
        }
      },
      stage);
  if (!addrs) return std::unexpected(addrs.error());
  if (!clash) {
    auto routes = nl::dump(
        sk, RTM_GETROUTE, AF_UNSPEC,
        [&](nl_object* obj) {
          if (clash) return;
          auto* r = reinterpret_cast<rtnl_route*>(obj);
          // The main table only: the local table mirrors addresses (checked
          // above); a default route (prefix 0) overlaps everything and is no
          // conflict.
          if (rtnl_route_get_table(r) != RT_TABLE_MAIN) return;
          nl_addr* dst = rtnl_route_get_dst(r);
          if (dst == nullptr || nl_addr_get_prefixlen(dst) == 0) return;
          IpAddress ip = nl::from_nl_addr(dst);
          if (ip.family == 0) return;
          int oif = 0;
          if (rtnl_route_get_nnexthops(r) > 0) {
            oif = rtnl_route_nh_get_ifindex(rtnl_route_nexthop_n(r, 0));
          }
          if (oif == bridge_idx && bridge_idx != 0) return;  // our own subnet route
          int len = static_cast<int>(nl_addr_get_prefixlen(dst));
          IpSubnet theirs = subnet_of(ip, len);
          for (const auto& s : ours) {
            if (s.overlaps(theirs)) {
              clash = {oif, "route " + theirs.to_string()};
              clash_subnet = s.to_string();
            }
          }
        },
        stage);
    if (!routes) return std::unexpected(routes.error());
  }
  if (clash) {
    std::string where =
        clash->first > 0 ? " on interface " + link_name(sk, clash->first) : std::string();
    return fail(ErrorCode::kInvalid, stage,
                "subnet " + clash_subnet + " of bridge " + cfg.bridge + " overlaps " +
                    clash->second + where,
                cfg.bridge);
  }
  return {};
}

Result<void> Network::Impl::ensure_bridge_locked() {
  const std::string stage = "net.bridge";
  auto sk = host_sock();
  if (!sk) return std::unexpected(sk.error());

  auto link = nl::get_link(*sk, cfg.bridge, stage);
  if (!link) return std::unexpected(link.error());
  auto not_a_bridge = [&](rtnl_link* l) -> Result<void> {
    const char* type = rtnl_link_get_type(l);
    if (type == nullptr || std::strcmp(type, "bridge") != 0) {
      return fail(ErrorCode::kAlreadyExists, stage,
                  std::string("interface exists and is not a bridge (type ") +
                      (type ? type : "unknown") + ")",
                  cfg.bridge);
    }
    return {};
  };
  if (*link) {
    if (auto r = not_a_bridge(link->get()); !r) return r;
  }
  if (auto r = check_overlap(*sk, *link ? rtnl_link_get_ifindex(link->get()) : 0); !r) {
    // A concurrent ensure may have created the bridge (with the gateway
    // address) since our look-up: then the "other interface" is the bridge
    // itself. Check again against its index.
    auto again = nl::get_link(*sk, cfg.bridge, stage);
    if (!again) return std::unexpected(again.error());
    if (!*again ||
        (*link && rtnl_link_get_ifindex(again->get()) == rtnl_link_get_ifindex(link->get()))) {
      return r;
    }
    if (auto r2 = not_a_bridge(again->get()); !r2) return r2;
    if (auto r2 = check_overlap(*sk, rtnl_link_get_ifindex(again->get())); !r2) return r2;
    link = std::move(again);
  }
  if (!*link) {
    nl::Link br(rtnl_link_bridge_alloc());
    if (!br) return fail_errno(ENOMEM, stage, cfg.bridge, "rtnl_link_bridge_alloc");
    rtnl_link_set_name(br.get(), cfg.bridge.c_str());
    rtnl_link_set_mtu(br.get(), cfg.mtu != 0 ? cfg.mtu : kDefaultMtu);
    rtnl_link_set_flags(br.get(), IFF_UP);
    int err = rtnl_link_add(*sk, br.get(), NLM_F_CREATE | NLM_F_EXCL);
    // EEXIST: another process made it between our look-up and now. Fine.
    if (err < 0 && err != -NLE_EXIST) {
      return nl::failure(err, stage, cfg.bridge, "cannot create the bridge");
    }
    link = nl::get_link(*sk, cfg.bridge, stage);
    if (!link) return std::unexpected(link.error());
    if (!*link)
      return fail(ErrorCode::kNotFound, stage, "bridge vanished after creation", cfg.bridge);
  }
  const int idx = rtnl_link_get_ifindex(link->get());
  const unsigned have_mtu = rtnl_link_get_mtu(link->get());
  const unsigned want_mtu = cfg.mtu != 0 ? cfg.mtu : have_mtu;
  const bool up = (rtnl_link_get_flags(link->get()) & IFF_UP) != 0;
  if (!up || want_mtu != have_mtu) {
    std::optional<unsigned> new_mtu;
    if (want_mtu != have_mtu) new_mtu = want_mtu;
    if (auto r = nl::set_link(*sk, idx, true, new_mtu, std::nullopt, stage, cfg.bridge); !r)
      return r;
  }
  // EEXIST is fine: the address is there already (ours, or a concurrent
  // ensure's).
  if (auto r = nl::add_address(*sk, idx, v4.gateway, v4.subnet.prefix_len, true, cfg.bridge); !r) {
    return r;
  }
  if (v6) {
    if (auto r = nl::add_address(*sk, idx, v6->gateway, v6->subnet.prefix_len, true, cfg.bridge);
        !r) {
      return r;
    }
  }
  bridge_ifindex = idx;
  mtu = want_mtu;
  return {};
}

Result<void> Network::remove_bridge() {
  std::lock_guard lock(impl_->mu);
  const std::string stage = "net.bridge";
  auto sk = impl_->host_sock();
  if (!sk) return std::unexpected(sk.error());
  auto link = nl::get_link(*sk, impl_->cfg.bridge, stage);
  if (!link) return std::unexpected(link.error());
  impl_->bridge_ifindex = 0;
  if (!*link) return {};
  const char* type = rtnl_link_get_type(link->get());
  if (type == nullptr || std::strcmp(type, "bridge") != 0) {
    return fail(ErrorCode::kInvalid, stage, "not a bridge, not removing it", impl_->cfg.bridge);
  }
  return nl::delete_link(*sk, rtnl_link_get_ifindex(link->get()), impl_->cfg.bridge);
}

}  // namespace podcore::net
