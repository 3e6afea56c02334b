// attach(): the veth pair, born across the namespace boundary, and the pod
// side's addresses and routes.
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netlink/route/link/veth.h>

#include <functional>
#include <gsl/gsl>
#include <vector>

#include "net/network_impl.hpp"

namespace podcore::net {
namespace {

constexpr const char* kPodIfname = "eth0";
constexpr int kLoopbackIfindex = 1;  // "lo" is ifindex 1 in every namespace

}  // namespace

Result<Attachment> Network::Impl::attach_locked(int netns_fd, std::string_view uid) {
  const std::string stage = "net.attach";
  if (!valid_pod_uid(uid)) {
    return fail(ErrorCode::kInvalid, stage, "malformed pod UID", std::string(uid));
  }
  if (bridge_ifindex == 0) {
    if (auto r = ensure_bridge_locked(); !r) return std::unexpected(r.error());
  }
  auto sk = host_sock();
  if (!sk) return std::unexpected(sk.error());

  Attachment att;
  att.host_ifname = host_ifname_for(uid);
  att.mtu = mtu;
  const std::string alias = alias_for(cfg.name, uid);
  const std::string& host = att.host_ifname;
  // A detach of the same pod may still have this name queued for deletion.
  if (reaper.pending(host)) reaper.flush();

  // Every step that changes something pushes its undo; on any failure the
  // undos run in reverse, so attach leaves either a working pod or nothing.
  std::vector<std::function<void()>> undo;
  bool committed = false;
  auto rollback = gsl::finally([&] {
    if (committed) return;
    for (auto it = undo.rbegin(); it != undo.rend(); ++it) (*it)();
  });
  auto fault = [&](int step) { return cfg.fault_step == step; };
  auto injected = [&](int step) {
    return fail(ErrorCode::kInternal, stage,
                "fault injected after attach step " + std::to_string(step), host);
  };

  // 1. The lease.
  auto lease = ipam.allocate(uid, kPodIfname);
  if (!lease) return std::unexpected(lease.error());
  if (!lease->existing) undo.emplace_back([this, u = std::string(uid)] { (void)ipam.release(u); });
  att.ipv4 = lease->ipv4;
  att.ipv4_prefix_len = v4.subnet.prefix_len;
  att.gateway4 = v4.gateway;
  if (v6) {
    att.ipv6 = lease->ipv6;
    att.ipv6_prefix_len = v6->subnet.prefix_len;
    att.gateway6 = v6->gateway;
  }
  if (fault(1)) return injected(1);

  // 2. The pair, in ONE RTM_NEWLINK: the peer carries IFLA_NET_NS_FD so the
  // kernel creates it inside the pod's namespace (~0.5 ms) instead of
  // creating it here and moving it (~16 ms, and a window where a half-made
  // eth0 sits in the host namespace). Both ends get the MTU; the host end
  // comes up enslaved to the bridge in the same request.
  const std::string pod_obj = std::string(kPodIfname) + " in " + nl::describe_netns(netns_fd);
  auto create_pair = [&]() -> int {
    nl::Link veth(rtnl_link_veth_alloc());
    if (!veth) return -NLE_NOMEM;
    rtnl_link_set_name(veth.get(), host.c_str());
    rtnl_link_set_master(veth.get(), bridge_ifindex);
    rtnl_link_set_mtu(veth.get(), mtu);
    rtnl_link_set_flags(veth.get(), IFF_UP);
    nl::Link peer(rtnl_link_veth_get_peer(veth.get()));
    rtnl_link_set_name(peer.get(), kPodIfname);
    rtnl_link_set_ns_fd(peer.get(), netns_fd);
    rtnl_link_set_mtu(peer.get(), mtu);
    // IFF_UP on the peer makes this kernel refuse the whole request; eth0 is
    // brought up from inside (step 5).
    return rtnl_link_add(*sk, veth.get(), NLM_F_CREATE | NLM_F_EXCL);
  };
  int err = create_pair();
  if (err < 0 && err != -NLE_EXIST) {
    // The bridge may have been deleted (or re-created) under us since this
    // Network cached its index: ensure it again and retry once.
    const int before = bridge_ifindex;
    bridge_ifindex = 0;
    if (auto r = ensure_bridge_locked(); r && bridge_ifindex != before) err = create_pair();
  }
  if (err == -NLE_EXIST) {
    return fail(ErrorCode::kAlreadyExists, "net.veth",
                "an interface of this name exists (pod attached already, or a name clash) or "
                "the namespace has an " +
                    std::string(kPodIfname) + " (" + pod_obj + ")",
                host);
  }
  if (err < 0) {
    return nl::failure(err, "net.veth", host + " <-> " + pod_obj, "cannot create the veth pair");
  }
  // The index: alias, hairpin and the undo address the interface by it (an
  // RTM_NEWLINK by name only answers ENODEV on this kernel).
  auto link = nl::get_link(*sk, host, "net.veth");
  if (!link) return std::unexpected(link.error());
  if (!*link) return fail(ErrorCode::kNotFound, "net.veth", "vanished after creation", host);
  const int host_idx = rtnl_link_get_ifindex(link->get());
  undo.emplace_back([this, host_idx, host] {
    // Synchronous: a failed attach must leave nothing once it returns. The
    // peer in the pod goes with it.
    if (auto s = host_sock()) (void)nl::delete_link(*s, host_idx, host);
  });
  if (fault(2)) return injected(2);

  // 3. The marker reconcile() recognises ours by (the kernel ignores
  // IFLA_IFALIAS on creation), and hairpin.
  if (auto r = nl::set_link(*sk, host_idx, false, std::nullopt, alias, "net.veth", host); !r) {
    return std::unexpected(r.error());
  }
  if (cfg.hairpin) {
    if (auto r = nl::set_hairpin(*sk, host_idx, true, host); !r) {
      return std::unexpected(r.error());
    }
  }
  if (fault(3)) return injected(3);

  // 4. A netlink socket living in the pod's namespace.
  auto pod = nl::connect_in_netns(netns_fd, pod_obj);
  if (!pod) return std::unexpected(pod.error());
  if (fault(4)) return injected(4);

  // 5. lo and eth0 up; eth0's index and MAC.
  if (auto r = nl::set_link(pod->get(), kLoopbackIfindex, true, std::nullopt, std::nullopt,
                            "net.pod_link", "lo in " + nl::describe_netns(netns_fd));
      !r) {
    return std::unexpected(r.error());
  }
  auto eth0 = nl::get_link(pod->get(), kPodIfname, "net.pod_link");
  if (!eth0) return std::unexpected(eth0.error());
  if (!*eth0) return fail(ErrorCode::kNotFound, "net.pod_link", "missing after creation", pod_obj);
  const int pod_idx = rtnl_link_get_ifindex(eth0->get());
  if (auto r = nl::set_link(pod->get(), pod_idx, true, std::nullopt, std::nullopt, "net.pod_link",
                            pod_obj);
      !r) {
    return std::unexpected(r.error());
  }
  if (nl_addr* mac = rtnl_link_get_addr(eth0->get())) {
    char buf[64];
    att.mac = nl_addr2str(mac, buf, sizeof buf);
  }
  if (fault(5)) return injected(5);

  // 6. Addresses (IPv6 with IFA_F_NODAD: usable at once, never tentative).
  if (auto r = nl::add_address(pod->get(), pod_idx, att.ipv4, att.ipv4_prefix_len, false, pod_obj);
      !r) {
    return std::unexpected(r.error());
  }
  if (att.ipv6) {
    if (auto r =
            nl::add_address(pod->get(), pod_idx, *att.ipv6, att.ipv6_prefix_len, false, pod_obj);
        !r) {
      return std::unexpected(r.error());
    }
  }
  if (fault(6)) return injected(6);

  // 7. Default routes via the gateway(s).
  if (auto r = nl::add_default_route(pod->get(), pod_idx, att.gateway4, pod_obj); !r) {
    return std::unexpected(r.error());
  }
  if (att.gateway6) {
    if (auto r = nl::add_default_route(pod->get(), pod_idx, *att.gateway6, pod_obj); !r) {
      return std::unexpected(r.error());
    }
  }
  if (fault(7)) return injected(7);

  committed = true;
  return att;
}

}  // namespace podcore::net
