// Root tests: real bridges, veths and network namespaces.
#include "net/network.hpp"

#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "base/file.hpp"
#include "fixture.hpp"

extern char** environ;

namespace podcore::net {
namespace {

using test::TestNetns;
using test::TestNetwork;

int port_for(int i) {
  return 20000 + (static_cast<int>(::getpid()) % 10000) + i;
}

TEST(NetAttach, TwoPodsTalkTcpToEachOtherTheHostAndTheGateway) {
  TestNetwork tn({.mtu = 1400});
  TestNetns ns_a, ns_b;
  auto uid_a = test::new_pod_uid(), uid_b = test::new_pod_uid();
  auto a = tn.net().attach(ns_a.fd(), uid_a);
  ASSERT_TRUE(a) << a.error().to_string();
  auto b = tn.net().attach(ns_b.fd(), uid_b);
  ASSERT_TRUE(b) << b.error().to_string();
  EXPECT_NE(a->ipv4, b->ipv4);
  EXPECT_EQ(a->host_ifname, host_ifname_for(uid_a));
  EXPECT_EQ(a->pod_ifname, "eth0");
  EXPECT_NE(a->mac, b->mac);

  for (auto* p : {&*a, &*b}) {
    int fd = p == &*a ? ns_a.fd() : ns_b.fd();
    auto eth0 = test::view_in_netns(fd, "eth0");
    EXPECT_TRUE(eth0.exists);
    EXPECT_TRUE(eth0.up);
    EXPECT_EQ(eth0.mtu, 1400u);
    // The address attach reports is eth0's, unicast and locally administered.
    EXPECT_EQ(eth0.mac, p->mac);
    ASSERT_EQ(p->mac.size(), 17u);
    const unsigned first = static_cast<unsigned>(std::stoul(p->mac.substr(0, 2), nullptr, 16));
    EXPECT_EQ(first & 0x03u, 0x02u) << p->mac;
    EXPECT_EQ(eth0.ipv4, p->ipv4.to_string());
    EXPECT_EQ(eth0.default_gw4, p->gateway4.to_string());
    EXPECT_TRUE(test::view_in_netns(fd, "lo").up);
    // IPv4 only: no IPv6 link-local address on eth0, whose solicitations
    // the bridge would flood to every pod.
    EXPECT_EQ(eth0.ipv6_link_local, 0);
    EXPECT_TRUE(eth0.ipv6.empty());
    // Host side: on the bridge, up, our marker, the MTU, no IPv6.
    EXPECT_EQ(std::filesystem::read_symlink("/sys/class/net/" + p->host_ifname + "/master")
                  .filename()
                  .string(),
              tn.config().bridge);
    EXPECT_EQ(test::host_sysfs(p->host_ifname, "mtu"), "1400");
    EXPECT_EQ(test::host_sysfs(p->host_ifname, "brport/hairpin_mode"), "0");
    EXPECT_EQ(test::host_sysfs(p->host_ifname, "operstate"), "up");
    EXPECT_EQ(test::host_ipv6_disabled(p->host_ifname), "1");
    // One queue each way, made so (not one per CPU cut back to one).
    EXPECT_EQ(test::host_link_queues(p->host_ifname), (std::pair<unsigned, unsigned>{1, 1}));
  }
  EXPECT_EQ(test::host_sysfs(a->host_ifname, "ifalias"), alias_for(tn.config().name, uid_a));
  EXPECT_EQ(test::host_sysfs(tn.config().bridge, "mtu"), "1400");

  // Pod A -> pod B.
  {
    auto l = test::listen_on(ns_b.fd(), b->ipv4, port_for(1));
    auto c = test::socket_in_netns(ns_a.fd(), AF_INET, SOCK_STREAM);
    EXPECT_EQ(test::tcp_roundtrip(l.get(), c.get(), b->ipv4, port_for(1)), "");
  }
  // Host -> each pod (through the bridge address; no forwarding involved).
  for (auto [fd, ip] : {std::pair{ns_a.fd(), a->ipv4}, std::pair{ns_b.fd(), b->ipv4}}) {
    auto l = test::listen_on(fd, ip, port_for(2));
    unique_fd c(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    EXPECT_EQ(test::tcp_roundtrip(l.get(), c.get(), ip, port_for(2)), "") << ip.to_string();
  }
  // Pod -> gateway (a listener on the host's bridge address).
  {
    auto l = test::listen_on(-1, a->gateway4, port_for(3));
    auto c = test::socket_in_netns(ns_a.fd(), AF_INET, SOCK_STREAM);
    EXPECT_EQ(test::tcp_roundtrip(l.get(), c.get(), a->gateway4, port_for(3)), "");
  }
}

TEST(NetAttach, DualStackHasBothAddressesNoDadAndReachesTheGatewayOverV6) {
  TestNetwork tn({.ipv6 = true});
  TestNetns ns;
  auto a = tn.net().attach(ns.fd(), test::new_pod_uid());
  ASSERT_TRUE(a) << a.error().to_string();
  ASSERT_TRUE(a->ipv6);
  auto v = test::view_in_netns(ns.fd(), "eth0");
  EXPECT_EQ(v.ipv4, a->ipv4.to_string());
  ASSERT_EQ(v.ipv6.size(), 1u);
  EXPECT_EQ(v.ipv6[0], a->ipv6->to_string());
  // IFA_F_TENTATIVE (0x40) would mean DAD still runs: the address would be
  // unusable for a second or more.
  EXPECT_EQ(v.ipv6_flags[0] & 0x40u, 0u) << std::hex << v.ipv6_flags[0];
  EXPECT_TRUE(v.default_route6);
  // The bridge port itself has no IPv6 (the bridge has the gateway).
  EXPECT_EQ(test::host_ipv6_disabled(a->host_ifname), "1");
  // Immediately: TCP to the gateway over IPv6.
  auto l = test::listen_on(-1, *a->gateway6, port_for(4));
  ASSERT_TRUE(l);
  auto c = test::socket_in_netns(ns.fd(), AF_INET6, SOCK_STREAM);
  EXPECT_EQ(test::tcp_roundtrip(l.get(), c.get(), *a->gateway6, port_for(4)), "");
}

// A kernel before 6.3 does not echo the creation: attach looks the host end
// up by name instead. The hook leaves NLM_F_ECHO out, which is exactly what
// such a kernel makes of it (this machine's kernel cannot be made older).
TEST(NetAttach, WithoutTheCreationEchoedTheHostEndIsLookedUp) {
  TestNetwork tn({.no_echo = true});
  TestNetns ns;
  auto uid = test::new_pod_uid();
  auto a = tn.net().attach(ns.fd(), uid);
  ASSERT_TRUE(a) << a.error().to_string();
  auto eth0 = test::view_in_netns(ns.fd(), "eth0");
  EXPECT_TRUE(eth0.up);
  EXPECT_EQ(eth0.ipv4, a->ipv4.to_string());
  EXPECT_EQ(eth0.mac, a->mac);
  EXPECT_EQ(eth0.default_gw4, a->gateway4.to_string());
  // IFF_UP, set as the request returns (operstate follows from a kernel worker).
  const std::string flags = test::host_sysfs(a->host_ifname, "flags");
  ASSERT_FALSE(flags.empty());
  EXPECT_EQ(std::stoul(flags, nullptr, 16) & 0x1u, 0x1u) << flags;
  EXPECT_EQ(test::host_sysfs(a->host_ifname, "ifalias"), alias_for(tn.config().name, uid));
  EXPECT_EQ(test::host_ipv6_disabled(a->host_ifname), "1");
  auto l = test::listen_on(-1, a->gateway4, port_for(5));
  auto c = test::socket_in_netns(ns.fd(), AF_INET, SOCK_STREAM);
  EXPECT_EQ(test::tcp_roundtrip(l.get(), c.get(), a->gateway4, port_for(5)), "");
}

TEST(NetAttach, HairpinIsSetWhenConfigured) {
  TestNetwork tn({.hairpin = true});
  TestNetns ns;
  auto a = tn.net().attach(ns.fd(), test::new_pod_uid());
  ASSERT_TRUE(a) << a.error().to_string();
  EXPECT_EQ(test::host_sysfs(a->host_ifname, "brport/hairpin_mode"), "1");
}

TEST(NetAttach, FailureAtEachStepLeavesNoVethNoLeaseNoEth0) {
  TestNetwork tn;
  TestNetns ns;
  auto uid = test::new_pod_uid();
  for (int step = 1; step <= 7; ++step) {
    auto faulty = tn.open_another(step);
    auto r = faulty->attach(ns.fd(), uid);
    ASSERT_FALSE(r) << "step " << step;
    EXPECT_NE(r.error().message.find("step " + std::to_string(step)), std::string::npos)
        << r.error().to_string();
    EXPECT_FALSE(test::host_link_exists(host_ifname_for(uid))) << "step " << step;
    EXPECT_TRUE(faulty->ipam().list()->empty()) << "step " << step;
    EXPECT_FALSE(test::view_in_netns(ns.fd(), "eth0").exists) << "step " << step;
  }
  // And the same pod attaches cleanly afterwards.
  auto ok = tn.net().attach(ns.fd(), uid);
  ASSERT_TRUE(ok) << ok.error().to_string();
  EXPECT_EQ(test::view_in_netns(ns.fd(), "eth0").ipv4, ok->ipv4.to_string());
}

TEST(NetAttach, SecondAttachOfTheSamePodFailsWithoutHurtingTheFirst) {
  TestNetwork tn;
  TestNetns ns, ns2;
  auto uid = test::new_pod_uid();
  auto first = tn.net().attach(ns.fd(), uid);
  ASSERT_TRUE(first);
  auto second = tn.net().attach(ns2.fd(), uid);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kAlreadyExists);
  EXPECT_NE(second.error().to_string().find(first->host_ifname), std::string::npos);
  EXPECT_EQ(tn.net().ipam().list()->size(), 1u);  // the first pod's lease is intact
  EXPECT_TRUE(test::host_link_exists(first->host_ifname));
}

TEST(NetAttach, RecreatesABridgeDeletedUnderIt) {
  TestNetwork tn;
  TestNetns ns1, ns2;
  ASSERT_TRUE(tn.net().attach(ns1.fd(), test::new_pod_uid()));
  // Another runtime (or an operator) removes the bridge; this Network still
  // has its old index cached.
  ASSERT_TRUE(tn.open_another()->remove_bridge());
  ASSERT_FALSE(test::host_link_exists(tn.config().bridge));
  auto a = tn.net().attach(ns2.fd(), test::new_pod_uid());
  ASSERT_TRUE(a) << a.error().to_string();
  EXPECT_TRUE(test::host_link_exists(tn.config().bridge));
  EXPECT_EQ(std::filesystem::read_symlink("/sys/class/net/" + a->host_ifname + "/master")
                .filename()
                .string(),
            tn.config().bridge);
}

TEST(NetDetach, ReaperDeletesTheVethAndReleasesTheLeaseIdempotently) {
  TestNetwork tn;
  TestNetns ns;
  auto uid = test::new_pod_uid();
  auto a = tn.net().attach(ns.fd(), uid);
  ASSERT_TRUE(a);
  ASSERT_TRUE(tn.net().detach(uid));
  EXPECT_TRUE(tn.net().ipam().list()->empty());
  tn.net().flush();
  EXPECT_FALSE(test::host_link_exists(a->host_ifname));
  EXPECT_FALSE(test::view_in_netns(ns.fd(), "eth0").exists);
  EXPECT_TRUE(tn.net().detach(uid));  // idempotent
  // Re-attach right after a detach (the name may still be queued).
  auto again = tn.net().attach(ns.fd(), uid);
  ASSERT_TRUE(again) << again.error().to_string();
  ASSERT_TRUE(tn.net().detach(uid));
  auto again2 = tn.net().attach(ns.fd(), uid);
  ASSERT_TRUE(again2) << again2.error().to_string();
}

TEST(NetDetach, ReleasedNetnsTakesThePairWithIt) {
  TestNetwork tn;
  TestNetns ns;
  auto uid = test::new_pod_uid();
  auto a = tn.net().attach(ns.fd(), uid);
  ASSERT_TRUE(a);
  ASSERT_TRUE(tn.net().detach(uid, {.netns_released = true}));
  EXPECT_TRUE(tn.net().ipam().list()->empty());
  ns.close();  // the last reference: the kernel tears the namespace down
  EXPECT_TRUE(test::wait_link_gone(a->host_ifname, 10000));
}

TEST(NetDetach, WorksWhenTheNetnsIsAlreadyGone) {
  TestNetwork tn;
  auto uid = test::new_pod_uid();
  std::string host;
  {
    TestNetns ns;
    auto a = tn.net().attach(ns.fd(), uid);
    ASSERT_TRUE(a);
    host = a->host_ifname;
  }
  ASSERT_TRUE(test::wait_link_gone(host, 10000));
  auto r = tn.net().detach(uid);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_TRUE(tn.net().ipam().list()->empty());
  tn.net().flush();
}

TEST(NetReconcile, RemovesOrphanLeaseAndVethButNotLiveOnesOrForeignInterfaces) {
  TestNetwork tn;
  TestNetns ns_live, ns_orphan;
  auto live = test::new_pod_uid(), orphan = test::new_pod_uid(), lease_only = test::new_pod_uid();
  auto l = tn.net().attach(ns_live.fd(), live);
  ASSERT_TRUE(l);
  auto o = tn.net().attach(ns_orphan.fd(), orphan);
  ASSERT_TRUE(o);
  ASSERT_TRUE(tn.net().ipam().allocate(lease_only, "eth0"));
  // Foreign: our name pattern without our alias, and our alias without our
  // name pattern; another network's marker on a pc name.
  test::ForeignLink foreign1("pc" + test::random_hex(10), "", std::nullopt);
  test::ForeignLink foreign2("pcx" + test::random_hex(8), alias_for(tn.config().name, "zz"),
                             std::nullopt);
  auto other_uid = test::new_pod_uid();
  test::ForeignLink foreign3(host_ifname_for(other_uid), alias_for("othernet", other_uid),
                             std::nullopt);

  auto rep = tn.net().reconcile({live});
  ASSERT_TRUE(rep) << rep.error().to_string();
  EXPECT_EQ(rep->deleted_links, std::vector<std::string>{o->host_ifname});
  EXPECT_EQ(std::set<std::string>(rep->released_leases.begin(), rep->released_leases.end()),
            (std::set<std::string>{orphan, lease_only}));
  EXPECT_FALSE(test::host_link_exists(o->host_ifname));
  EXPECT_TRUE(test::host_link_exists(l->host_ifname));
  EXPECT_TRUE(test::host_link_exists(foreign1.name()));
  EXPECT_TRUE(test::host_link_exists(foreign2.name()));
  EXPECT_TRUE(test::host_link_exists(foreign3.name()));
  auto leases = tn.net().ipam().list();
  ASSERT_EQ(leases->size(), 1u);
  EXPECT_EQ(leases->front().pod_uid, live);
  EXPECT_EQ(test::view_in_netns(ns_live.fd(), "eth0").ipv4, l->ipv4.to_string());
}

TEST(NetBridge, RefusesASubnetOverlappingAnotherInterfaceNamingBoth) {
  TestNetwork tn;  // a subnet free on this host, and a state dir
  // Give the subnet up (so no other test picks it) to a foreign interface.
  ASSERT_TRUE(tn.net().remove_bridge());
  const std::string base = tn.config().subnet.substr(0, tn.config().subnet.rfind('.'));
  std::string foreign_name = "pcd" + test::random_hex(8);
  test::ForeignLink foreign(foreign_name, "", base + ".77/24");
  NetworkConfig cfg = tn.config();
  cfg.name = "t" + test::random_hex(8);
  cfg.bridge = "pct" + test::random_hex(8);
  cfg.subnet = base + ".128/25";
  cfg.subnet6.clear();
  auto net = Network::open(cfg);
  ASSERT_TRUE(net);
  auto r = (*net)->ensure_bridge();
  test::delete_host_link(cfg.bridge);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
  auto text = r.error().to_string();
  EXPECT_NE(text.find(cfg.subnet), std::string::npos) << text;
  EXPECT_NE(text.find(foreign_name), std::string::npos) << text;
  EXPECT_NE(text.find(cfg.bridge), std::string::npos) << text;
  EXPECT_FALSE(test::host_link_exists(cfg.bridge));
}

TEST(NetBridge, RefusesANonBridgeOfTheSameName) {
  TestNetwork tn;
  test::ForeignLink foreign("pct" + test::random_hex(8), "", std::nullopt);
  NetworkConfig cfg = tn.config();
  cfg.bridge = foreign.name();
  cfg.name = "t" + test::random_hex(8);
  auto net = Network::open(cfg);
  ASSERT_TRUE(net);
  auto r = (*net)->ensure_bridge();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAlreadyExists);
}

TEST(NetBridge, ConcurrentEnsureIsSafeAndIdempotent) {
  TestNetwork tn;
  // Four "runtimes" ensuring one bridge at once, from nothing.
  std::vector<std::unique_ptr<Network>> nets;
  for (int i = 0; i < 4; ++i) nets.push_back(tn.open_another());
  test::delete_host_link(tn.config().bridge);  // start from nothing
  ASSERT_TRUE(test::wait_link_gone(tn.config().bridge, 5000));
  std::vector<std::thread> threads;
  std::vector<bool> ok(nets.size());
  for (size_t i = 0; i < nets.size(); ++i) {
    threads.emplace_back([&, i] {
      auto r = nets[i]->ensure_bridge();
      ok[i] = r.has_value();
      if (!r) ADD_FAILURE() << r.error().to_string();
    });
  }
  for (auto& t : threads) t.join();
  for (bool b : ok) EXPECT_TRUE(b);
  EXPECT_TRUE(test::host_link_exists(tn.config().bridge));
  EXPECT_TRUE(nets[0]->ensure_bridge());  // and again
}

// The child half of the concurrency test: runs only when re-exec'd by it.
TEST(NetConcurrencyChild, Attach50) {
  const char* cfg_path = std::getenv("PODCORE_NET_TEST_CHILD");
  if (cfg_path == nullptr) GTEST_SKIP() << "run by NetConcurrency only";
  auto text = read_file(cfg_path);
  ASSERT_TRUE(text);
  std::istringstream in(*text);
  NetworkConfig cfg;
  std::string out_path;
  in >> cfg.name >> cfg.bridge >> cfg.subnet >> cfg.state_dir >> out_path;
  out_path += "." + std::to_string(::getpid());
  auto net = Network::open(cfg);
  ASSERT_TRUE(net);
  std::ofstream out(out_path);
  std::vector<std::unique_ptr<TestNetns>> nss;
  for (int i = 0; i < 50; ++i) {
    nss.push_back(std::make_unique<TestNetns>());
    auto uid = test::new_pod_uid();
    auto a = (*net)->attach(nss.back()->fd(), uid);
    ASSERT_TRUE(a) << a.error().to_string();
    out << a->ipv4.to_string() << " " << uid << "\n";
  }
  out.flush();
  // Tear down the cheap way: drop the namespaces, release the leases.
  for (auto& ns : nss) ns->close();
}

TEST(NetConcurrency, TwoProcessesAttaching50EachGet100DistinctAddresses) {
  TestNetwork tn({.prefix_len = 24});
  std::string cfg_path = tn.state_dir() + "/child.cfg";
  std::string out_base = tn.state_dir() + "/child.out";
  ASSERT_TRUE(write_file_atomic(cfg_path, tn.config().name + " " + tn.config().bridge + " " +
                                              tn.config().subnet + " " + tn.state_dir() + " " +
                                              out_base + "\n"));
  std::string env_kv = "PODCORE_NET_TEST_CHILD=" + cfg_path;
  std::vector<char*> env;
  for (char** e = environ; *e != nullptr; ++e) env.push_back(*e);
  env.push_back(env_kv.data());
  env.push_back(nullptr);
  std::string self = std::filesystem::read_symlink("/proc/self/exe");
  std::string filter = "--gtest_filter=NetConcurrencyChild.Attach50";
  char* argv[] = {self.data(), filter.data(), nullptr};
  pid_t pids[2];
  for (auto& pid : pids) {
    ASSERT_EQ(::posix_spawn(&pid, self.c_str(), nullptr, nullptr, argv, env.data()), 0);
  }
  for (auto pid : pids) {
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  }
  std::set<std::string> ips, uids;
  size_t lines = 0;
  for (auto pid : pids) {
    std::ifstream in(out_base + "." + std::to_string(pid));
    std::string ip, uid;
    while (in >> ip >> uid) {
      ++lines;
      ips.insert(ip);
      uids.insert(uid);
    }
  }
  EXPECT_EQ(lines, 100u);
  EXPECT_EQ(ips.size(), 100u);
  auto leases = tn.net().ipam().list();
  EXPECT_EQ(leases->size(), 100u);
  // Every namespace is dropped: the kernel removes every pair by itself.
  for (const auto& uid : uids) {
    EXPECT_TRUE(test::wait_link_gone(host_ifname_for(uid), 20000)) << uid;
  }
  // The children did not release their leases: the GC does.
  auto rep = tn.net().reconcile({});
  ASSERT_TRUE(rep);
  EXPECT_TRUE(tn.net().ipam().list()->empty());
}

}  // namespace
}  // namespace podcore::net
