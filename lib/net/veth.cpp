// attach(): the veth pair, born across the namespace boundary, and the pod
// side's addresses and routes.
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netlink/route/link/veth.h>

#include <functional>
#include <gsl/gsl>
#include <system_error>
#include <thread>
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

  const std::string netns_name = nl::describe_netns(netns_fd);
  const std::string pod_obj = std::string(kPodIfname) + " in " + netns_name;
  const std::string lo_obj = "lo in " + netns_name;

  // 1 and 4 (the lease, a netlink socket in the pod's namespace) and lo brought up in there run
  // on a helper thread while this one creates the pair (2-3). Neither the lease's file I/O nor
  // the setns() needs the pair, so on a second CPU they are off the caller's path: 0.1 ms with
  // the state directory on tmpfs, 0.4 ms on ext4.
  struct PodSide {
    Result<IpLease> lease;
    Result<nl::Sock> pod;
    Result<void> lo;
  } side;
  auto prepare = [&] {
    side.lease = ipam.allocate(uid, kPodIfname);
    if (!side.lease) return;
    side.pod = nl::connect_in_netns(netns_fd, pod_obj);
    if (!side.pod) return;
    nl::Batch batch;
    auto lo_up = nl::set_link_msg(kLoopbackIfindex, {}, true, std::nullopt, std::nullopt,
                                  "net.pod_link", lo_obj);
    if (!lo_up) {
      side.lo = std::unexpected(lo_up.error());
      return;
    }
    batch.add(std::move(*lo_up), "net.pod_link", lo_obj, "cannot bring the interface up");
    side.lo = batch.run(side.pod->get());
  };
  std::thread helper;
  try {
    helper = std::thread(prepare);
  } catch (const std::system_error&) {
    prepare();  // no thread to be had: the same work, in turn
  }

  // Every step that changes something pushes its undo; on any failure the
  // undos run in reverse, so attach leaves either a working pod or nothing.
  // The helper is joined first, whatever happens: the lease's undo reads what it left.
  std::vector<std::function<void()>> undo;
  undo.emplace_back([this, &side, u = std::string(uid)] {
    if (side.lease && !side.lease->existing) (void)ipam.release(u);
  });
  bool committed = false;
  auto rollback = gsl::finally([&] {
    if (helper.joinable()) helper.join();
    if (committed) return;
    for (auto it = undo.rbegin(); it != undo.rend(); ++it) (*it)();
  });
  auto fault = [&](int step) { return cfg.fault_step == step; };
  auto injected = [&](int step) {
    return fail(ErrorCode::kInternal, stage,
                "fault injected after attach step " + std::to_string(step), host);
  };

  // 2. The pair, in ONE RTM_NEWLINK: the peer carries IFLA_NET_NS_FD so the
  // kernel creates it inside the pod's namespace (~0.5 ms) instead of
  // creating it here and moving it (~16 ms, and a window where a half-made
  // eth0 sits in the host namespace). Both ends get the MTU; the host end
  // comes up enslaved to the bridge in the same request. A GETLINK in the
  // same batch returns the host end's index and, as IFLA_LINK, the index of
  // eth0 inside the pod, so nothing needs asking again.
  const std::string pair_obj = host + " <-> " + pod_obj;
  nl::Link created;
  auto create_pair = [&]() -> Result<void> {
    nl::Link veth(rtnl_link_veth_alloc());
    if (!veth) return fail_errno(ENOMEM, "net.veth", pair_obj, "rtnl_link_veth_alloc");
    rtnl_link_set_name(veth.get(), host.c_str());
    rtnl_link_set_master(veth.get(), bridge_ifindex);
    rtnl_link_set_mtu(veth.get(), mtu);
    // Down until IPv6 is off on it (step 3).
    nl::Link peer(rtnl_link_veth_get_peer(veth.get()));
    rtnl_link_set_name(peer.get(), kPodIfname);
    rtnl_link_set_ns_fd(peer.get(), netns_fd);
    rtnl_link_set_mtu(peer.get(), mtu);
    // One queue each way, asked for up front: without these attributes the
    // kernel makes one queue per CPU and then cuts them back to one, and each
    // cut waits for an RCU grace period (veth_init_queues).
    for (rtnl_link* l : {veth.get(), peer.get()}) {
      rtnl_link_set_num_tx_queues(l, 1);
      rtnl_link_set_num_rx_queues(l, 1);
    }
    // IFF_UP on the peer makes this kernel refuse the whole request; eth0 is
    // brought up from inside (step 5).
    nl_msg* raw = nullptr;
    if (int err = rtnl_link_build_add_request(veth.get(), NLM_F_CREATE | NLM_F_EXCL, &raw);
        err < 0) {
      return nl::failure(err, "net.veth", pair_obj, "cannot build a netlink message");
    }
    auto get = nl::get_link_msg(0, host, "net.veth");
    if (!get) return std::unexpected(get.error());
    nl::Batch batch;
    batch.add(nl::Msg(raw), "net.veth", pair_obj, "cannot create the veth pair");
    batch.add(std::move(*get), "net.veth", host, "cannot look up the new interface");
    return batch.run(*sk, [&](nl_msg* m) { created = nl::parse_link(m); });
  };
  auto made = create_pair();
  if (!made && made.error().sys_errno != EEXIST) {
    // The bridge may have been deleted (or re-created) under us since this
    // Network cached its index: ensure it again and retry once.
    const int before = bridge_ifindex;
    bridge_ifindex = 0;
    if (auto r = ensure_bridge_locked(); r && bridge_ifindex != before) made = create_pair();
  }
  if (!made && made.error().sys_errno == EEXIST) {
    return fail(ErrorCode::kAlreadyExists, "net.veth",
                "an interface of this name exists (pod attached already, or a name clash) or "
                "the namespace has an " +
                    std::string(kPodIfname) + " (" + pod_obj + ")",
                host);
  }
  if (!made) return std::unexpected(made.error());
  if (!created) return fail(ErrorCode::kNotFound, "net.veth", "vanished after creation", host);
  // The index: alias, hairpin and the undo address the interface by it.
  const int host_idx = rtnl_link_get_ifindex(created.get());
  undo.emplace_back([this, host_idx, host] {
    // Synchronous: a failed attach must leave nothing once it returns. The
    // peer in the pod goes with it.
    if (auto s = host_sock()) (void)nl::delete_link(*s, host_idx, host);
  });
  // eth0's index in the pod's namespace (veth reports its peer's index as
  // IFLA_LINK); verified by name inside the pod below.
  const int pod_idx = static_cast<int>(rtnl_link_get_link(created.get()));
  if (fault(2)) return injected(2);

  // 3. No IPv6 on the host end: a bridge port needs no address, and its
  // link-local address, routes and solicitations would make every attach
  // slower with every port (each IPv6 link change walks the host's whole
  // IPv6 routing table under the RTNL lock: 10 ms per attach with 500 pods
  // here). Then, in one batch, the marker reconcile() recognises ours by (the
  // kernel ignores IFLA_IFALIAS on creation), up, and hairpin. By index,
  // after the creation succeeded: a batch naming the interface could relabel
  // a foreign one.
  if (auto r = nl::disable_ipv6(host, "net.veth"); !r) return std::unexpected(r.error());
  {
    nl::Batch batch;
    auto alias_msg = nl::set_link_msg(host_idx, {}, true, std::nullopt, alias, "net.veth", host);
    if (!alias_msg) return std::unexpected(alias_msg.error());
    batch.add(std::move(*alias_msg), "net.veth", host,
              "cannot set the interface alias and bring it up");
    if (cfg.hairpin) {
      auto hp = nl::set_hairpin_msg(host_idx, true, host);
      if (!hp) return std::unexpected(hp.error());
      batch.add(std::move(*hp), "net.hairpin", host, "cannot set the bridge port hairpin mode");
    }
    if (auto r = batch.run(*sk); !r) return std::unexpected(r.error());
  }
  if (fault(3)) return injected(3);

  // The helper's part: 1, the lease; 4, the pod's socket, with lo up.
  if (helper.joinable()) helper.join();
  if (!side.lease) return std::unexpected(side.lease.error());
  att.ipv4 = side.lease->ipv4;
  att.ipv4_prefix_len = v4.subnet.prefix_len;
  att.gateway4 = v4.gateway;
  if (v6) {
    att.ipv6 = side.lease->ipv6;
    att.ipv6_prefix_len = v6->subnet.prefix_len;
    att.gateway6 = v6->gateway;
  }
  if (fault(1)) return injected(1);
  if (!side.pod) return std::unexpected(side.pod.error());
  if (!side.lo) return std::unexpected(side.lo.error());
  nl::Sock& pod = *side.pod;
  if (fault(4)) return injected(4);

  // 5-7. Inside the pod, one batch the kernel runs in order: eth0 up,
  // the addresses (IPv6 with IFA_F_NODAD: usable at once, never tentative),
  // the default routes via the gateway(s) (eth0 is up and addressed by
  // then), and eth0 read back for its name check and MAC. Everything here
  // lives in the pod's namespace, which only has lo and our eth0, and goes
  // with the veth on rollback.
  if (pod_idx <= kLoopbackIfindex) {
    return fail(ErrorCode::kInternal, "net.pod_link", "the kernel did not report the peer's index",
                pod_obj);
  }
  {
    nl::Batch batch;
    std::optional<Error> unbuilt;
    auto add = [&](Result<nl::Msg> msg, const char* what_stage, const std::string& object,
                   std::string what) {
      if (!msg) {
        if (!unbuilt) unbuilt = msg.error();
        return;
      }
      batch.add(std::move(*msg), what_stage, object, std::move(what));
    };
    // IPv4 only: no IPv6 link-local address on eth0 either, whose DAD,
    // router and MLD solicitations the bridge would flood to every pod.
    if (!v6) {
      add(nl::no_link_local_msg(pod_idx, pod_obj), "net.pod_link", pod_obj,
          "cannot turn IPv6 link-local addressing off");
    }
    add(nl::set_link_msg(pod_idx, {}, true, std::nullopt, std::nullopt, "net.pod_link", pod_obj),
        "net.pod_link", pod_obj, "cannot bring the interface up");
    auto address = [&](const IpAddress& ip, int prefix) {
      add(nl::add_address_msg(pod_idx, ip, prefix, pod_obj), "net.address", pod_obj,
          "cannot add address " + ip.to_string() + "/" + std::to_string(prefix));
    };
    auto route = [&](const IpAddress& gw) {
      add(nl::add_default_route_msg(pod_idx, gw, pod_obj), "net.route", pod_obj,
          "cannot add the default route via " + gw.to_string());
    };
    address(att.ipv4, att.ipv4_prefix_len);
    if (att.ipv6) address(*att.ipv6, att.ipv6_prefix_len);
    route(att.gateway4);
    if (att.gateway6) route(*att.gateway6);
    add(nl::get_link_msg(pod_idx, {}, "net.pod_link"), "net.pod_link", pod_obj,
        "cannot look up the interface");
    if (unbuilt) return std::unexpected(*unbuilt);
    nl::Link eth0;
    if (auto r = batch.run(pod.get(), [&](nl_msg* m) { eth0 = nl::parse_link(m); }); !r) {
      return std::unexpected(r.error());
    }
    const char* name = eth0 ? rtnl_link_get_name(eth0.get()) : nullptr;
    if (name == nullptr || std::string_view(name) != kPodIfname) {
      return fail(ErrorCode::kInternal, "net.pod_link",
                  "interface " + std::to_string(pod_idx) + " is not " + kPodIfname, pod_obj);
    }
    if (nl_addr* mac = rtnl_link_get_addr(eth0.get())) {
      char buf[64];
      att.mac = nl_addr2str(mac, buf, sizeof buf);
    }
  }
  if (fault(5)) return injected(5);
  if (fault(6)) return injected(6);
  if (fault(7)) return injected(7);

  committed = true;
  return att;
}

}  // namespace podcore::net
