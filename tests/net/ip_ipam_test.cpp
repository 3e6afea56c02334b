// Pure unit tests: subnet math, interface names, the lease files.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <filesystem>
#include <set>

#include "base/file.hpp"
#include "fixture.hpp"
#include "net/ip.hpp"
#include "net/ipam.hpp"
#include "net/network.hpp"

namespace podcore::net {
namespace {

IpSubnet S(const char* s) {
  return *IpSubnet::parse(s);
}
IpAddress A(const char* s) {
  return *IpAddress::parse(s);
}

TEST(IpSubnet, ParsesAndPrints) {
  EXPECT_EQ(S("10.199.3.0/24").to_string(), "10.199.3.0/24");
  EXPECT_EQ(S("fd00:1::/64").to_string(), "fd00:1::/64");
  EXPECT_EQ(S("10.199.3.0/24").size(), 256u);
  EXPECT_FALSE(IpSubnet::parse("10.199.3.1/24"));  // host bits set
  EXPECT_NE(IpSubnet::parse("10.199.3.1/24").error().message.find("10.199.3.0/24"),
            std::string::npos);
  EXPECT_FALSE(IpSubnet::parse("10.199.3.0"));
  EXPECT_FALSE(IpSubnet::parse("10.199.3.0/33"));
  EXPECT_FALSE(IpSubnet::parse("10.199.3.0/2x"));
  EXPECT_FALSE(IpSubnet::parse("nope/8"));
}

TEST(IpSubnet, ContainsOverlapsNth) {
  auto n = S("10.199.3.0/24");
  EXPECT_TRUE(n.contains(A("10.199.3.255")));
  EXPECT_FALSE(n.contains(A("10.199.4.0")));
  EXPECT_FALSE(n.contains(A("fd00::1")));
  EXPECT_TRUE(n.overlaps(S("10.199.0.0/16")));
  EXPECT_TRUE(S("10.199.0.0/16").overlaps(n));
  EXPECT_TRUE(n.overlaps(S("10.199.3.128/25")));
  EXPECT_FALSE(n.overlaps(S("10.199.4.0/24")));
  EXPECT_EQ(n.nth(1), A("10.199.3.1"));
  EXPECT_EQ(n.nth(255), A("10.199.3.255"));
  EXPECT_EQ(S("fd00:1::/64").nth(2), A("fd00:1::2"));
  EXPECT_EQ(subnet_of(A("192.0.2.77"), 24), S("192.0.2.0/24"));
  EXPECT_EQ(n.offset_of(A("10.199.3.9")), 9u);
}

TEST(Names, HostIfnameIsStableShortAndPrefixed) {
  auto a = host_ifname_for("0b7e5c64-1a63-4e4c-9a38-6b0a8a9b0d11");
  EXPECT_EQ(a, host_ifname_for("0b7e5c64-1a63-4e4c-9a38-6b0a8a9b0d11"));
  EXPECT_NE(a, host_ifname_for("0b7e5c64-1a63-4e4c-9a38-6b0a8a9b0d12"));
  ASSERT_EQ(a.size(), 12u);  // fits IFNAMSIZ with room
  EXPECT_TRUE(a.starts_with("pc"));
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef", 2), std::string::npos);
  EXPECT_EQ(alias_for("podcore", "u1"), "podcore:podcore:u1");
}

class IpamTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/podcore-ipam-test-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  Ipam open(const char* subnet, std::optional<IpRange> v6 = std::nullopt) {
    auto s = S(subnet);
    auto ipam = Ipam::open(dir_ + "/ipam/n", IpRange{s, s.nth(1)}, v6);
    EXPECT_TRUE(ipam) << ipam.error().to_string();
    return *ipam;
  }
  std::string dir_;
};

TEST_F(IpamTest, LeaseFileHoldsUidAndInterfaceAndRoundRobins) {
  auto ipam = open("10.199.0.0/24");
  auto a = ipam.allocate("pod-a", "eth0");
  ASSERT_TRUE(a) << a.error().to_string();
  EXPECT_EQ(a->ipv4, A("10.199.0.2"));  // .0 network, .1 gateway
  EXPECT_EQ(*read_file(dir_ + "/ipam/n/10.199.0.2"), "pod-a\neth0\n");
  EXPECT_EQ(*read_file(dir_ + "/ipam/n/last_reserved_ip.0"), "10.199.0.2\n");
  auto b = ipam.allocate("pod-b", "eth0");
  EXPECT_EQ(b->ipv4, A("10.199.0.3"));
  // Same pod again: its existing lease, not a second one.
  auto again = ipam.allocate("pod-a", "eth0");
  EXPECT_EQ(again->ipv4, A("10.199.0.2"));
  EXPECT_TRUE(again->existing);
  // Round robin: a released address is not handed out again right away.
  ASSERT_TRUE(ipam.release("pod-a"));
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/ipam/n/10.199.0.2"));
  EXPECT_EQ(ipam.allocate("pod-c", "eth0")->ipv4, A("10.199.0.4"));
  ASSERT_TRUE(ipam.release("pod-a"));  // idempotent
  ASSERT_TRUE(ipam.release("never-had-one"));
  EXPECT_FALSE(ipam.allocate("../etc", "eth0"));
}

TEST_F(IpamTest, ExhaustionOnASlash29NamesTheSubnetAndReleaseAllowsReuse) {
  auto ipam = open("10.199.7.0/29");  // .0 net, .1 gw, .7 broadcast: 5 usable
  std::set<std::string> got;
  for (int i = 0; i < 5; ++i) {
    auto l = ipam.allocate("pod-" + std::to_string(i), "eth0");
    ASSERT_TRUE(l) << l.error().to_string();
    got.insert(l->ipv4.to_string());
  }
  EXPECT_EQ(got, (std::set<std::string>{"10.199.7.2", "10.199.7.3", "10.199.7.4", "10.199.7.5",
                                        "10.199.7.6"}));
  auto full = ipam.allocate("pod-x", "eth0");
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().code, ErrorCode::kBusy);
  EXPECT_NE(full.error().to_string().find("10.199.7.0/29"), std::string::npos)
      << full.error().to_string();
  ASSERT_TRUE(ipam.release("pod-3"));
  auto reused = ipam.allocate("pod-x", "eth0");
  ASSERT_TRUE(reused);
  EXPECT_EQ(reused->ipv4.to_string(), "10.199.7.5");
}

TEST_F(IpamTest, DualStackLeasesOneOfEach) {
  auto s6 = S("fd00:99::/64");
  auto ipam = open("10.199.8.0/24", IpRange{s6, s6.nth(1)});
  auto l = ipam.allocate("pod-a", "eth0");
  ASSERT_TRUE(l);
  EXPECT_EQ(l->ipv4, A("10.199.8.2"));
  ASSERT_TRUE(l->ipv6);
  EXPECT_EQ(*l->ipv6, A("fd00:99::2"));
  EXPECT_EQ(*read_file(dir_ + "/ipam/n/fd00:99::2"), "pod-a\neth0\n");
  ASSERT_TRUE(ipam.release("pod-a"));
  EXPECT_TRUE(ipam.list()->empty());
}

TEST_F(IpamTest, GcKeepsLiveAndRemovesOrphansIncludingIndexlessOnes) {
  auto ipam = open("10.199.9.0/24");
  ASSERT_TRUE(ipam.allocate("live", "eth0"));
  ASSERT_TRUE(ipam.allocate("dead", "eth0"));
  // A crash between the lease file and the index: only the address file.
  ASSERT_TRUE(write_file_atomic(dir_ + "/ipam/n/10.199.9.200", "crashed\neth0\n"));
  auto released = ipam.gc({"live"});
  ASSERT_TRUE(released) << released.error().to_string();
  EXPECT_EQ(std::set<std::string>(released->begin(), released->end()),
            (std::set<std::string>{"crashed", "dead"}));
  auto left = ipam.list();
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ(left->front().pod_uid, "live");
  EXPECT_EQ(left->front().ifname, "eth0");
}

TEST(NetworkConfigTest, RejectsMalformedConfig) {
  NetworkConfig cfg;
  cfg.state_dir = "/tmp/podcore-net-never-used";
  cfg.subnet = "10.199.0.1/24";
  EXPECT_FALSE(Network::open(cfg));
  cfg.subnet = "10.199.0.0/24";
  cfg.gateway = "10.198.0.1";
  auto r = Network::open(cfg);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("outside"), std::string::npos);
  cfg.gateway.clear();
  cfg.bridge = "much-too-long-bridge-name";
  EXPECT_FALSE(Network::open(cfg));
  std::filesystem::remove_all("/tmp/podcore-net-never-used");
}

}  // namespace
}  // namespace podcore::net
