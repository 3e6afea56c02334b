// attach(): the veth pair, born across the namespace boundary, and the pod
// side's addresses and routes.
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netlink/route/link/veth.h>

#include <condition_variable>
#include <functional>
#include <gsl/gsl>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <vector>

#include "base/random.hpp"
#include "net/network_impl.hpp"

namespace podcore::net {
namespace {

constexpr const char* kPodIfname = "eth0";
constexpr int kLoopbackIfindex = 1;  // "lo" is ifindex 1 in every namespace

}  // namespace

// 3. No IPv6 on the host end: a bridge port needs no address, and its
// link-local address, routes and solicitations would make every attach
// slower with every port (each IPv6 link change walks the host's whole IPv6
// routing table under the RTNL lock: 10 ms per attach with 500 pods here).
// Then, in one batch, the marker reconcile() recognises ours by (the kernel
// ignores IFLA_IFALIAS on creation), up, and hairpin. By index, after the
// creation succeeded: a batch naming the interface could relabel a foreign
// one.
Result<void> Network::Impl::finish_host_end(nl_sock* sk, int host_idx, const std::string& host,
                                            const std::string& alias) const {
  if (auto r = nl::disable_ipv6(host, "net.veth"); !r) return r;
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
  return batch.run(sk);
}

// 5-7. Inside the pod, one batch the kernel runs in order: lo and eth0 up,
// the addresses (IPv6 with IFA_F_NODAD: usable at once, never tentative),
// the default routes via the gateway(s) (eth0 is up and addressed by then).
// Everything here lives in the pod's namespace, which only has lo and our
// eth0, and goes with the veth on rollback.
Result<void> Network::Impl::configure_pod(nl_sock* pod, int pod_idx, const IpLease& lease,
                                          const std::string& pod_obj,
                                          const std::string& lo_obj) const {
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
  auto up = [&](int idx, const std::string& object) {
    add(nl::set_link_msg(idx, {}, true, std::nullopt, std::nullopt, "net.pod_link", object),
        "net.pod_link", object, "cannot bring the interface up");
  };
  up(kLoopbackIfindex, lo_obj);
  // IPv4 only: no IPv6 link-local address on eth0 either, whose DAD,
  // router and MLD solicitations the bridge would flood to every pod.
  if (!v6) {
    add(nl::no_link_local_msg(pod_idx, pod_obj), "net.pod_link", pod_obj,
        "cannot turn IPv6 link-local addressing off");
  }
  up(pod_idx, pod_obj);
  auto address = [&](const IpAddress& ip, int prefix) {
    add(nl::add_address_msg(pod_idx, ip, prefix, pod_obj), "net.address", pod_obj,
        "cannot add address " + ip.to_string() + "/" + std::to_string(prefix));
  };
  auto route = [&](const IpAddress& gw) {
    add(nl::add_default_route_msg(pod_idx, gw, pod_obj), "net.route", pod_obj,
        "cannot add the default route via " + gw.to_string());
  };
  address(lease.ipv4, v4.subnet.prefix_len);
  if (v6 && lease.ipv6) address(*lease.ipv6, v6->subnet.prefix_len);
  route(v4.gateway);
  if (v6) route(v6->gateway);
  if (unbuilt) return std::unexpected(*unbuilt);
  return batch.run(pod);
}

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

  // Two threads, whose work meets once the pair exists:
  //   this one:  2 the pair ------------------> 5-7 the pod side -> join
  //   a helper:  1 the lease, 4 the pod's socket -> 3 the host end
  // Neither the lease's file I/O nor the setns() needs the pair, so on a
  // second CPU they are off the caller's path (0.1 ms with the state
  // directory on tmpfs, 0.4 ms on ext4). The pod side, the longer of the two
  // halves that follow, stays on this thread, so nobody waits to be woken at
  // the end: the helper is done by then. Nothing in the pod is touched before
  // the pair exists: a request there waits for the RTNL lock the creation
  // holds, spinning on the other CPU, which slowed the creation by ~0.1 ms
  // when lo was brought up that early.
  struct Helper {
    Result<IpLease> lease;
    Result<nl::Sock> pod;
    Result<void> host_end;
    std::mutex mu;
    std::condition_variable cv;
    bool prepared = false;        // lease and pod set
    std::optional<int> host_idx;  // the host end's index once the pair exists; 0: give up
  } side;
  const auto not_done = fail(ErrorCode::kInternal, stage, "not done", host);
  side.lease = not_done;
  side.pod = not_done;
  side.host_end = not_done;
  auto helper_work = [&, host_sk = *sk] {
    side.lease = ipam.allocate(uid, kPodIfname);
    if (side.lease) side.pod = nl::connect_in_netns(netns_fd, pod_obj);
    std::unique_lock lock(side.mu);
    side.prepared = true;
    side.cv.notify_all();
    side.cv.wait(lock, [&] { return side.host_idx.has_value(); });
    const int idx = *side.host_idx;
    lock.unlock();
    if (idx > 0) side.host_end = finish_host_end(host_sk, idx, host, alias);
  };
  auto pair_made = [&](int host_idx) {
    {
      std::lock_guard lock(side.mu);
      if (side.host_idx) return;
      side.host_idx = host_idx;
    }
    side.cv.notify_all();
  };
  std::thread helper;
  try {
    helper = std::thread(helper_work);
  } catch (const std::system_error&) {
    // No thread to be had: the same work, in turn, once the pair exists.
  }

  // Every step that changes something pushes its undo; on any failure the
  // undos run in reverse, so attach leaves either a working pod or nothing.
  // The helper is joined first, whatever happens: the undos use what it left.
  std::vector<std::function<void()>> undo;
  undo.emplace_back([this, &side, u = std::string(uid)] {
    if (side.lease && !side.lease->existing) (void)ipam.release(u);
  });
  bool committed = false;
  auto rollback = gsl::finally([&] {
    pair_made(0);
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
  // is enslaved to the bridge in the same request. With NLM_F_ECHO the
  // kernel (6.3 on) answers with the new host end: its index and, as
  // IFLA_LINK, eth0's index inside the pod, so nothing needs asking again
  // (an older kernel is asked, by name).
  const std::string pair_obj = host + " <-> " + pod_obj;
  const auto mac = random_mac();
  att.mac = format_mac(mac);
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
    // Our own address for eth0, of the kind the kernel would draw, so that
    // nothing needs reading back from the pod.
    nl::NlAddr lladdr(nl_addr_build(AF_LLC, mac.data(), mac.size()));
    if (!lladdr) return fail_errno(ENOMEM, "net.veth", pair_obj, "nl_addr_build");
    rtnl_link_set_addr(peer.get(), lladdr.get());
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
    const int echo = cfg.no_echo ? 0 : NLM_F_ECHO;
    if (int err = rtnl_link_build_add_request(veth.get(), NLM_F_CREATE | NLM_F_EXCL | echo, &raw);
        err < 0) {
      return nl::failure(err, "net.veth", pair_obj, "cannot build a netlink message");
    }
    nl::Batch batch;
    batch.add(nl::Msg(raw), "net.veth", pair_obj, "cannot create the veth pair");
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
  if (!created) {
    auto link = nl::get_link(*sk, host, "net.veth");
    if (!link) return std::unexpected(link.error());
    created = std::move(*link);
  }
  if (!created) return fail(ErrorCode::kNotFound, "net.veth", "vanished after creation", host);
  // The index: alias, hairpin and the undo address the interface by it.
  const int host_idx = rtnl_link_get_ifindex(created.get());
  undo.emplace_back([this, host_idx, host] {
    // Synchronous: a failed attach must leave nothing once it returns. The
    // peer in the pod goes with it.
    if (auto s = host_sock()) (void)nl::delete_link(*s, host_idx, host);
  });
  // eth0's index in the pod's namespace (veth reports its peer's index as
  // IFLA_LINK).
  const int pod_idx = static_cast<int>(rtnl_link_get_link(created.get()));
  if (pod_idx <= kLoopbackIfindex) {
    return fail(ErrorCode::kInternal, "net.veth", "the kernel did not report the peer's index",
                pod_obj);
  }
  if (fault(2)) return injected(2);
  pair_made(host_idx);
  if (!helper.joinable()) helper_work();

  // The helper's 1 and 4 are done by now, as a rule: the creation takes longer.
  {
    std::unique_lock lock(side.mu);
    side.cv.wait(lock, [&] { return side.prepared; });
  }
  if (!side.lease) return std::unexpected(side.lease.error());
  if (fault(1)) return injected(1);
  if (!side.pod) return std::unexpected(side.pod.error());
  if (fault(4)) return injected(4);
  if (auto r = configure_pod(side.pod->get(), pod_idx, *side.lease, pod_obj, lo_obj); !r) {
    return std::unexpected(r.error());
  }
  if (fault(5)) return injected(5);
  if (fault(6)) return injected(6);
  if (fault(7)) return injected(7);

  // The helper's 3, done by now, as a rule.
  if (helper.joinable()) helper.join();
  if (!side.host_end) return std::unexpected(side.host_end.error());
  if (fault(3)) return injected(3);

  att.ipv4 = side.lease->ipv4;
  att.ipv4_prefix_len = v4.subnet.prefix_len;
  att.gateway4 = v4.gateway;
  if (v6) {
    att.ipv6 = side.lease->ipv6;
    att.ipv6_prefix_len = v6->subnet.prefix_len;
    att.gateway6 = v6->gateway;
  }
  committed = true;
  return att;
}

}  // namespace podcore::net
