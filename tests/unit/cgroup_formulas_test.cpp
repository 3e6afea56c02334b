// Kubernetes resources → cgroup values, against Kubernetes' own numbers
// (pkg/kubelet/cm/helpers_linux_test.go, k8s-pod-semantics.md 1d.8), and
// the mountinfo layout parser on the three layouts.
#include <gtest/gtest.h>

#include "cgroup/formulas.hpp"
#include "cgroup/layout.hpp"
#include "manifest/quantity.hpp"

namespace podcore::cgroup {
namespace {

manifest::Quantity q(const char* text) {
  auto v = manifest::Quantity::parse(text);
  EXPECT_TRUE(v) << text;
  return v ? *v : manifest::Quantity{};
}

manifest::Container ctr(const char* req_cpu, const char* req_mem, const char* lim_cpu,
                        const char* lim_mem) {
  manifest::Container c;
  c.name = "c";
  if (*req_cpu) c.resources.requests["cpu"] = q(req_cpu);
  if (*req_mem) c.resources.requests["memory"] = q(req_mem);
  if (*lim_cpu) c.resources.limits["cpu"] = q(lim_cpu);
  if (*lim_mem) c.resources.limits["memory"] = q(lim_mem);
  return c;
}

TEST(CgroupFormulas, MilliCpuToQuotaMatchesKubelet) {
  // TestMilliCPUToQuota.
  const std::pair<int64_t, int64_t> cases[] = {{0, 0},         {5, 1000},      {9, 1000},
                                               {10, 1000},     {200, 20000},   {500, 50000},
                                               {1000, 100000}, {1500, 150000}, {2500, 250000}};
  for (auto [milli, quota] : cases) EXPECT_EQ(milli_cpu_to_quota(milli), quota) << milli;
  EXPECT_EQ(milli_cpu_to_quota(200, 10000), 2000);
  EXPECT_EQ(milli_cpu_to_quota(5, 10000), 1000);
}

TEST(CgroupFormulas, MilliCpuToSharesClampsLikeKubelet) {
  EXPECT_EQ(milli_cpu_to_shares(0), 2);
  EXPECT_EQ(milli_cpu_to_shares(1), 2);  // 1 × 1024 / 1000 = 1 → MinShares
  EXPECT_EQ(milli_cpu_to_shares(100), 102);
  EXPECT_EQ(milli_cpu_to_shares(250), 256);
  EXPECT_EQ(milli_cpu_to_shares(1000), 1024);
  EXPECT_EQ(milli_cpu_to_shares(4000), 4096);
  EXPECT_EQ(milli_cpu_to_shares(1'000'000), 262144);  // MaxShares
}

TEST(CgroupFormulas, SharesToWeightBothFormulasMatchTheTable) {
  // request → shares → old linear weight / new (OCI runtimes) weight.
  struct Row {
    int64_t milli, shares, linear, quadratic;
  };
  const Row rows[] = {{100, 102, 4, 17},     {250, 256, 10, 35},    {500, 512, 20, 59},
                      {1000, 1024, 39, 100}, {2000, 2048, 79, 174}, {4000, 4096, 157, 303}};
  for (const auto& r : rows) {
    const int64_t shares = milli_cpu_to_shares(r.milli);
    EXPECT_EQ(shares, r.shares);
    EXPECT_EQ(shares_to_weight_linear(shares), r.linear) << shares;
    EXPECT_EQ(shares_to_weight(shares), r.quadratic) << shares;
  }
  EXPECT_EQ(shares_to_weight(0), 0);
  EXPECT_EQ(shares_to_weight(2), 1);
  EXPECT_EQ(shares_to_weight(262144), 10000);
  EXPECT_EQ(shares_to_weight_linear(2), 1);
  EXPECT_EQ(shares_to_weight_linear(262144), 10000);
}

TEST(CgroupFormulas, ResourceConfigForPodMatchesKubeletCases) {
  // TestResourceConfigForPod: besteffort, burstable-no-limits,
  // burstable-with-limits, burstable-partial-limits, guaranteed.
  manifest::PodSpec besteffort;
  besteffort.containers.push_back(ctr("", "", "", ""));
  auto rc = resource_config_for_pod(besteffort);
  EXPECT_EQ(rc.cpu_shares, 2);
  EXPECT_FALSE(rc.cpu_quota_us);
  EXPECT_FALSE(rc.memory_limit);

  manifest::PodSpec no_limits;
  no_limits.containers.push_back(ctr("100m", "100Mi", "", ""));
  rc = resource_config_for_pod(no_limits);
  EXPECT_EQ(rc.cpu_shares, 102);
  EXPECT_FALSE(rc.cpu_quota_us);
  EXPECT_FALSE(rc.memory_limit);

  manifest::PodSpec with_limits;
  with_limits.containers.push_back(ctr("100m", "100Mi", "200m", "200Mi"));
  rc = resource_config_for_pod(with_limits);
  EXPECT_EQ(rc.cpu_shares, 102);
  EXPECT_EQ(rc.cpu_quota_us, 20000);
  EXPECT_EQ(rc.cpu_period_us, 100000);
  EXPECT_EQ(rc.memory_limit, 200 << 20);

  manifest::PodSpec partial;
  partial.containers.push_back(ctr("100m", "100Mi", "200m", "200Mi"));
  partial.containers.push_back(ctr("100m", "100Mi", "", ""));
  rc = resource_config_for_pod(partial);
  EXPECT_EQ(rc.cpu_shares, 204);
  EXPECT_FALSE(rc.cpu_quota_us);
  EXPECT_FALSE(rc.memory_limit);

  manifest::PodSpec guaranteed;
  guaranteed.containers.push_back(ctr("100m", "100Mi", "100m", "100Mi"));
  rc = resource_config_for_pod(guaranteed);
  EXPECT_EQ(rc.cpu_shares, 102);
  EXPECT_EQ(rc.cpu_quota_us, 10000);
  EXPECT_EQ(rc.memory_limit, 100 << 20);
  EXPECT_EQ(rc.cpu_weight, 4);  // linear for pod cgroups
}

TEST(CgroupFormulas, PodValuesCountInitContainersSidecarsAndOverhead) {
  manifest::PodSpec spec;
  spec.containers.push_back(ctr("100m", "100Mi", "100m", "100Mi"));
  // A big init container raises the requests (max with Σ regular).
  spec.initContainers.push_back(ctr("500m", "50Mi", "500m", "50Mi"));
  // A sidecar adds to both.
  manifest::Container sidecar = ctr("50m", "10Mi", "50m", "10Mi");
  sidecar.restartPolicy = "Always";
  spec.initContainers.push_back(sidecar);
  spec.overhead["cpu"] = q("10m");
  spec.overhead["memory"] = q("1Mi");
  auto rc = resource_config_for_pod(spec);
  // requests: max(100 + 50, 500) = 500m + 10m overhead = 510m → 522 shares.
  EXPECT_EQ(rc.cpu_shares, 522);
  // limits: max(150, 500) + 10 = 510m → 51000; memory max(110Mi, 50Mi) + 1Mi.
  EXPECT_EQ(rc.cpu_quota_us, 51000);
  EXPECT_EQ(rc.memory_limit, 111 << 20);
}

TEST(CgroupFormulas, ContainerValuesFollowCalculateLinuxResources) {
  auto rc = resource_config_for_container(ctr("250m", "64Mi", "500m", "128Mi"));
  EXPECT_EQ(rc.cpu_shares, 256);
  EXPECT_EQ(rc.cpu_weight, 35);
  EXPECT_EQ(rc.cpu_quota_us, 50000);
  EXPECT_EQ(rc.memory_limit, 128 << 20);
  // Limit only: shares from the limit.
  rc = resource_config_for_container(ctr("", "", "2", ""));
  EXPECT_EQ(rc.cpu_shares, 2048);
  EXPECT_EQ(rc.cpu_quota_us, 200000);
  EXPECT_FALSE(rc.memory_limit);
  // 5m → quota raised to the 1 ms minimum.
  rc = resource_config_for_container(ctr("5m", "", "5m", ""));
  EXPECT_EQ(rc.cpu_shares, 5);
  EXPECT_EQ(rc.cpu_quota_us, 1000);
  // Nothing: minimum shares, no quota, no memory limit.
  rc = resource_config_for_container(ctr("", "", "", ""));
  EXPECT_EQ(rc.cpu_shares, 2);
  EXPECT_EQ(rc.cpu_weight, 1);
  EXPECT_FALSE(rc.cpu_quota_us);
  EXPECT_FALSE(rc.memory_limit);
}

constexpr const char* kHybridMountinfo =
    "25 30 0:23 / /sys rw,nosuid - sysfs sysfs rw\n"
    "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
    "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
    "33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n"
    "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime shared:9 - cgroup cgroup rw,memory\n"
    "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
    "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
    "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";

TEST(CgroupLayout, ParsesHybrid) {
  auto info = parse_layout("/sys/fs/cgroup/", kHybridMountinfo);
  ASSERT_TRUE(info) << info.error().to_string();
  EXPECT_EQ(info->layout, Layout::kHybrid);
  ASSERT_TRUE(info->unified);
  EXPECT_EQ(info->unified->path, "/sys/fs/cgroup/unified");
  EXPECT_EQ(info->v1.at("memory").path, "/sys/fs/cgroup/memory");
  EXPECT_EQ(info->v1.at("cpuacct").path, "/sys/fs/cgroup/cpuacct");
  EXPECT_FALSE(info->v1.contains("name=systemd"));
  EXPECT_FALSE(info->v1.contains("rw"));
}

TEST(CgroupLayout, ParsesPureV2AndV1WithCoMountedControllers) {
  auto v2 = parse_layout("/sys/fs/cgroup",
                         "30 23 0:26 / /sys/fs/cgroup rw,nosuid shared:4 - cgroup2 cgroup2 "
                         "rw,nsdelegate,memory_recursiveprot\n");
  ASSERT_TRUE(v2) << v2.error().to_string();
  EXPECT_EQ(v2->layout, Layout::kV2);
  EXPECT_EQ(v2->unified->path, "/sys/fs/cgroup");
  EXPECT_TRUE(v2->v1.empty());

  auto v1 =
      parse_layout("/sys/fs/cgroup",
                   "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"
                   "35 31 0:32 /docker/abc /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n");
  ASSERT_TRUE(v1) << v1.error().to_string();
  EXPECT_EQ(v1->layout, Layout::kV1);
  EXPECT_EQ(v1->v1.at("cpu").path, "/sys/fs/cgroup/cpu,cpuacct");
  EXPECT_EQ(v1->v1.at("cpuacct").path, "/sys/fs/cgroup/cpu,cpuacct");
  EXPECT_EQ(v1->v1.at("memory").root, "/docker/abc");
}

TEST(CgroupLayout, OtherRootsAndEscapes) {
  // Mounts outside the root do not count; \040 is a space.
  auto none = parse_layout("/tmp/cg", kHybridMountinfo);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kNotFound);
  auto spaced = parse_layout("/tmp/my cg", "50 1 0:40 / /tmp/my\\040cg rw - cgroup2 none rw\n");
  ASSERT_TRUE(spaced) << spaced.error().to_string();
  EXPECT_EQ(spaced->unified->path, "/tmp/my cg");
  // /sys/fs/cgroupfoo is not under /sys/fs/cgroup.
  auto prefix =
      parse_layout("/sys/fs/cgroup", "50 1 0:40 / /sys/fs/cgroupfoo rw - cgroup2 none rw\n");
  EXPECT_FALSE(prefix);
}

}  // namespace
}  // namespace podcore::cgroup
