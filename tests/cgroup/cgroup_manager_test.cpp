// The cgroup manager on real cgroups: hierarchy, resources read back from
// the kernel's files, join, listing, removal.
#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>

#include "cgroup_fixture.hpp"

namespace podcore::cgroup::testing {
namespace {

// The line of /proc/<pid>/cgroup for `controller` (v1) or the unified one.
std::string proc_cgroup_line_path(pid_t pid, std::string_view controller, bool unified) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/cgroup");
  std::string line;
  while (std::getline(in, line)) {
    // "N:controllers:path"
    const size_t a = line.find(':');
    const size_t b = line.find(':', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    const std::string ctrls = line.substr(a + 1, b - a - 1);
    if (unified) {
      if (ctrls.empty()) return line.substr(b + 1);
      continue;
    }
    size_t pos = 0;
    while (pos <= ctrls.size()) {
      size_t end = ctrls.find(',', pos);
      if (end == std::string::npos) end = ctrls.size();
      if (ctrls.compare(pos, end - pos, controller) == 0) return line.substr(b + 1);
      pos = end + 1;
    }
  }
  return {};
}

TEST_F(CgroupTest, DetectsTheMountedLayout) {
  // Independent of the mountinfo parser: only a cgroup2 mount at the root
  // itself has cgroup.controllers there (a hybrid root is a tmpfs).
  const bool v2_at_root = fs_exists(root_ + "/cgroup.controllers");
  if (v2_at_root) {
    EXPECT_EQ(mgr().layout(), Layout::kV2);
    EXPECT_EQ(drv().dir("memory", "x"), root_ + "/x");
    EXPECT_EQ(drv().dir("cpu", "x"), drv().dir("pids", "x"));
  } else {
    EXPECT_NE(mgr().layout(), Layout::kV2);
    // Every controller we use has its own mounted hierarchy directory.
    for (const char* c : {"memory", "cpu", "cpuacct", "pids"}) {
      const std::string d = drv().dir(c, "");
      ASSERT_FALSE(d.empty()) << c;
      EXPECT_TRUE(d.starts_with(root_ + "/")) << d;
      EXPECT_TRUE(fs_exists(d + "/cgroup.procs")) << d;
    }
    EXPECT_EQ(mgr().layout(), drv().info().unified ? Layout::kHybrid : Layout::kV1);
  }
}

// The hierarchies /proc/self/cgroup lists by name ("N:name=X:/path").
std::vector<std::string> named_hierarchies() {
  std::vector<std::string> out;
  std::ifstream in("/proc/self/cgroup");
  for (std::string line; std::getline(in, line);)
    if (size_t at = line.find(":name="); at != std::string::npos)
      out.push_back(line.substr(at + 6, line.find(':', at + 1) - at - 6));
  return out;
}

// SetUp's open() made a fresh parent: on v1/hybrid it turned favordynmods on
// through a named hierarchy that the kernel destroys as soon as it is
// dropped. This kernel accepts the option (a note would say why not), and
// the hierarchy is gone again: not mounted, not listed.
TEST_F(CgroupTest, FreshParentTurnsOnFavordynmodsAndLeavesNoHierarchy) {
  EXPECT_EQ(mgr().favor_dynmods_note(), "");
  const std::string ours = "podcore-favordynmods-" + std::to_string(::getpid()) + "-";
  auto listed = [&] {
    auto named = named_hierarchies();
    return std::find_if(named.begin(), named.end(),
                        [&](const std::string& n) { return n.starts_with(ours); }) != named.end();
  };
  for (int i = 0; i < 200 && listed(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_FALSE(listed());
  std::ifstream mounts("/proc/self/mountinfo");
  for (std::string line; std::getline(mounts, line);)
    EXPECT_EQ(line.find("podcore-favordynmods"), std::string::npos) << line;
}

TEST_F(CgroupTest, CreatesTiersAndBurstablePodWithKubeletValues) {
  // Tiers exist; besteffort has the minimum share.
  for (const char* tier : {"burstable", "besteffort"}) {
    EXPECT_TRUE(fs_exists(drv().dir("memory", parent_ + "/" + tier))) << tier;
  }
  if (v2()) {
    EXPECT_EQ(file("cpu", parent_ + "/besteffort", "cpu.weight"), "1");
  } else {
    EXPECT_EQ(file("cpu", parent_ + "/besteffort", "cpu.shares"), "2");
  }

  manifest::PodSpec spec;
  spec.containers.push_back(container("app", "250m", "64Mi", "500m", "128Mi"));
  spec.containers.push_back(container("side", "100m", "32Mi", "200m", "64Mi"));
  auto pod = mgr().create_pod("0f0e-burstable", spec);
  ASSERT_TRUE(pod) << pod.error().to_string();
  EXPECT_EQ(*pod, parent_ + "/burstable/pod0f0e-burstable");
  auto app = mgr().create_container(*pod, "app", spec.containers[0]);
  ASSERT_TRUE(app) << app.error().to_string();
  auto side = mgr().create_container(*pod, "side", spec.containers[1]);
  ASSERT_TRUE(side) << side.error().to_string();

  // Pod: shares of 350m = 358, quota 700m = 70000, memory 192Mi.
  // app: 256 shares, 50000 quota, 128Mi; side: 102 shares, 20000, 64Mi.
  if (v2()) {
    EXPECT_EQ(file("cpu", *pod, "cpu.weight"), "14");  // linear, as kubelet's pod cgroups
    EXPECT_EQ(file("cpu", *pod, "cpu.max"), "70000 100000");
    EXPECT_EQ(file("memory", *pod, "memory.max"), std::to_string(192 << 20));
    EXPECT_EQ(file("pids", *pod, "pids.max"), "max");
    EXPECT_EQ(file("cpu", *app, "cpu.weight"), "35");  // the OCI runtimes' formula
    EXPECT_EQ(file("cpu", *app, "cpu.max"), "50000 100000");
    EXPECT_EQ(file("memory", *app, "memory.max"), std::to_string(128 << 20));
    EXPECT_EQ(file("memory", *app, "memory.oom.group"), "1");
    if (fs_exists(drv().dir("memory", *app) + "/memory.swap.max")) {
      EXPECT_EQ(file("memory", *app, "memory.swap.max"), "0");
    }
    EXPECT_EQ(file("cpu", *side, "cpu.weight"), "17");
    EXPECT_EQ(file("cpu", *side, "cpu.max"), "20000 100000");
    // Controllers handed down to the containers.
    const std::string sc = file("cpu", *pod, "cgroup.subtree_control");
    for (const char* c : {"cpu", "memory", "pids"}) EXPECT_NE(sc.find(c), std::string::npos) << sc;
  } else {
    EXPECT_EQ(file("cpu", *pod, "cpu.shares"), "358");
    EXPECT_EQ(file("cpu", *pod, "cpu.cfs_quota_us"), "70000");
    EXPECT_EQ(file("cpu", *pod, "cpu.cfs_period_us"), "100000");
    EXPECT_EQ(file("memory", *pod, "memory.limit_in_bytes"), std::to_string(192 << 20));
    EXPECT_EQ(file("pids", *pod, "pids.max"), "max");
    EXPECT_EQ(file("cpu", *app, "cpu.shares"), "256");
    EXPECT_EQ(file("cpu", *app, "cpu.cfs_quota_us"), "50000");
    EXPECT_EQ(file("memory", *app, "memory.limit_in_bytes"), std::to_string(128 << 20));
    EXPECT_EQ(file("cpu", *side, "cpu.shares"), "102");
    EXPECT_EQ(file("cpu", *side, "cpu.cfs_quota_us"), "20000");
    EXPECT_EQ(file("memory", *side, "memory.limit_in_bytes"), std::to_string(64 << 20));
    // The cpuset hierarchy got usable cpus/mems (else joining fails ENOSPC).
    const std::string cpuset = drv().dir("cpuset", *app);
    if (!cpuset.empty()) {
      EXPECT_FALSE(file("cpuset", *app, "cpuset.cpus").empty());
      EXPECT_FALSE(file("cpuset", *app, "cpuset.mems").empty());
    }
  }
}

TEST_F(CgroupTest, PartialLimitsLeaveThePodUnlimitedAndQosTiersPlacePods) {
  // Burstable with one unlimited container: only shares at pod level.
  manifest::PodSpec partial;
  partial.containers.push_back(container("a", "100m", "", "200m", "200Mi"));
  partial.containers.push_back(container("b", "100m", "100Mi", "", ""));
  auto pod = mgr().create_pod("partial", partial);
  ASSERT_TRUE(pod) << pod.error().to_string();
  // Guaranteed: directly under the parent, memory = Σ limits.
  manifest::PodSpec guaranteed;
  guaranteed.containers.push_back(container("g", "100m", "100Mi", "100m", "100Mi"));
  auto gpod = mgr().create_pod("guaranteed", guaranteed);
  ASSERT_TRUE(gpod) << gpod.error().to_string();
  EXPECT_EQ(*gpod, parent_ + "/podguaranteed");
  // BestEffort: the besteffort tier, minimum share.
  manifest::PodSpec besteffort;
  besteffort.containers.push_back(container("e", "", "", "", ""));
  auto epod = mgr().create_pod("besteffort", besteffort);
  ASSERT_TRUE(epod) << epod.error().to_string();
  EXPECT_EQ(*epod, parent_ + "/besteffort/podbesteffort");
  if (v2()) {
    EXPECT_EQ(file("cpu", *pod, "cpu.weight"), "8");  // 204 shares
    EXPECT_EQ(file("cpu", *pod, "cpu.max"), "max 100000");
    EXPECT_EQ(file("memory", *pod, "memory.max"), "max");
    EXPECT_EQ(file("cpu", *gpod, "cpu.max"), "10000 100000");
    EXPECT_EQ(file("memory", *gpod, "memory.max"), std::to_string(100 << 20));
    EXPECT_EQ(file("cpu", *epod, "cpu.weight"), "1");
  } else {
    EXPECT_EQ(file("cpu", *pod, "cpu.shares"), "204");
    EXPECT_EQ(file("cpu", *pod, "cpu.cfs_quota_us"), "-1");
    EXPECT_GT(std::stoull(file("memory", *pod, "memory.limit_in_bytes")), 1ull << 40);
    EXPECT_EQ(file("cpu", *gpod, "cpu.cfs_quota_us"), "10000");
    EXPECT_EQ(file("memory", *gpod, "memory.limit_in_bytes"), std::to_string(100 << 20));
    EXPECT_EQ(file("cpu", *epod, "cpu.shares"), "2");
  }
}

TEST_F(CgroupTest, PodPidsMaxOptionIsWritten) {
  auto m = CgroupManager::open({root_, parent_, 42});
  ASSERT_TRUE(m) << m.error().to_string();
  manifest::PodSpec spec;
  spec.containers.push_back(container("a", "", "", "", ""));
  auto pod = m->create_pod("pids", spec);
  ASSERT_TRUE(pod) << pod.error().to_string();
  EXPECT_EQ(file("pids", *pod, "pids.max"), "42");
}

TEST_F(CgroupTest, JoinedProcessSeesItsCgroupInProc) {
  std::string ctr;
  ASSERT_FALSE(pod_with(container("app", "", "", "", "64Mi"), &ctr).empty());
  Child child(body_pause, 0);
  auto joined = mgr().join(ctr, child.pid());
  ASSERT_TRUE(joined) << joined.error().to_string();
  child.release();
  if (v2()) {
    EXPECT_EQ(proc_cgroup_line_path(child.pid(), "", true), drv().proc_path("memory", ctr));
  } else {
    for (const char* c : {"memory", "cpu", "cpuacct", "pids", "freezer", "cpuset"}) {
      if (drv().dir(c, "").empty()) continue;
      EXPECT_EQ(proc_cgroup_line_path(child.pid(), c, false), drv().proc_path(c, ctr)) << c;
    }
  }
  EXPECT_EQ(drv().pids(ctr), std::vector<pid_t>{child.pid()});
}

TEST_F(CgroupTest, CloneIntoCgroupOnV2AndJoinFallbackOnV1) {
  std::string ctr;
  ASSERT_FALSE(pod_with(container("app", "", "", "", ""), &ctr).empty());
  auto fd = mgr().open_dir_fd(ctr);
  if (!v2()) {
    ASSERT_FALSE(fd);
    EXPECT_EQ(fd.error().code, ErrorCode::kUnsupported);
    return;
  }
  ASSERT_TRUE(fd) << fd.error().to_string();
  const pid_t pid = clone_into_cgroup(fd->get());
  if (pid == 0) {
    ::pause();
    ::_exit(0);
  }
  if (pid < 0 && (errno == ENOSYS || errno == E2BIG)) {
    GTEST_SKIP() << "kernel without clone3(CLONE_INTO_CGROUP): the caller joins by pid";
  }
  ASSERT_GT(pid, 0) << strerror(errno);
  EXPECT_EQ(proc_cgroup_line_path(pid, "", true), drv().proc_path("memory", ctr));
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
}

TEST_F(CgroupTest, ListFindsLeakedPodCgroupsInEveryTier) {
  manifest::PodSpec g, b, e;
  g.containers.push_back(container("g", "100m", "10Mi", "100m", "10Mi"));
  b.containers.push_back(container("b", "100m", "", "", ""));
  e.containers.push_back(container("e", "", "", "", ""));
  ASSERT_TRUE(mgr().create_pod("aaa", g));
  ASSERT_TRUE(mgr().create_pod("bbb", b));
  ASSERT_TRUE(mgr().create_pod("ccc", e));
  auto pods = mgr().list_pods();
  std::sort(pods.begin(), pods.end(), [](auto& x, auto& y) { return x.uid < y.uid; });
  ASSERT_EQ(pods.size(), 3u);
  EXPECT_EQ(pods[0], (PodCgroup{"aaa", "Guaranteed", parent_ + "/podaaa"}));
  EXPECT_EQ(pods[1], (PodCgroup{"bbb", "Burstable", parent_ + "/burstable/podbbb"}));
  EXPECT_EQ(pods[2], (PodCgroup{"ccc", "BestEffort", parent_ + "/besteffort/podccc"}));
  // find_pod looks each one up at its path, whatever its tier.
  for (const auto& p : pods) EXPECT_EQ(mgr().find_pod(p.uid), p) << p.uid;
  EXPECT_FALSE(mgr().find_pod("ddd"));
  EXPECT_FALSE(mgr().find_pod("../aaa"));
  ASSERT_TRUE(mgr().remove(pods[1].path));
  EXPECT_FALSE(mgr().find_pod("bbb"));
}

TEST_F(CgroupTest, RemoveLeavesNothingAndIsIdempotent) {
  std::string ctr;
  const std::string pod = pod_with(container("app", "100m", "", "", "32Mi"), &ctr);
  ASSERT_FALSE(pod.empty());
  Child child(body_pause, 0);
  ASSERT_TRUE(mgr().join(ctr, child.pid()));
  child.release();
  ASSERT_TRUE(mgr().kill(pod));
  auto removed = mgr().remove(pod);  // the container child first, then the pod
  ASSERT_TRUE(removed) << removed.error().to_string();
  for (const char* c : {"memory", "cpu", "cpuacct", "pids", "freezer", "cpuset"}) {
    const std::string d = drv().dir(c, pod);
    if (!d.empty()) {
      EXPECT_FALSE(fs_exists(d)) << d;
    }
  }
  EXPECT_TRUE(mgr().list_pods().empty());
  auto again = mgr().remove(pod);
  EXPECT_TRUE(again) << again.error().to_string();
}

int body_exit_after_50ms(long) {
  struct timespec ts {
    0, 50 * 1000 * 1000
  };
  ::nanosleep(&ts, nullptr);
  return 0;
}

TEST_F(CgroupTest, RemoveRetriesEbusyUntilTheLastProcessLeaves) {
  std::string ctr;
  ASSERT_FALSE(pod_with(container("app", "", "", "", ""), &ctr).empty());
  Child child(body_exit_after_50ms, 0);
  ASSERT_TRUE(mgr().join(ctr, child.pid()));
  // With a live member the kernel refuses the rmdir...
  const std::string dir = drv().dir("memory", ctr);
  ASSERT_NE(::rmdir(dir.c_str()), 0);
  ASSERT_EQ(errno, EBUSY);
  child.release();
  // ...and remove() keeps retrying until the child is gone (it exits after
  // 50 ms; zombies do not pin a cgroup).
  const auto start = std::chrono::steady_clock::now();
  auto removed = mgr().remove(ctr);
  ASSERT_TRUE(removed) << removed.error().to_string();
  EXPECT_FALSE(fs_exists(dir));
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(20));
}

TEST_F(CgroupTest, RemoveGivesUpBusyAfterABoundedTime) {
  std::string ctr;
  ASSERT_FALSE(pod_with(container("app", "", "", "", ""), &ctr).empty());
  Child child(body_pause, 0);
  ASSERT_TRUE(mgr().join(ctr, child.pid()));
  child.release();
  const auto start = std::chrono::steady_clock::now();
  auto removed = mgr().remove(ctr);
  ASSERT_FALSE(removed);
  EXPECT_EQ(removed.error().code, ErrorCode::kBusy);
  EXPECT_NE(removed.error().object.find(ctr), std::string::npos) << removed.error().to_string();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST_F(CgroupTest, ErrorsNameTheFileAndRejectBadNames) {
  manifest::PodSpec spec;
  spec.containers.push_back(container("a", "", "", "", ""));
  for (const char* bad : {"", "..", "a/b"}) {
    auto pod = mgr().create_pod(bad, spec);
    ASSERT_FALSE(pod) << bad;
    EXPECT_EQ(pod.error().code, ErrorCode::kInvalid);
  }
  auto joined = mgr().join(parent_ + "/no-such-cgroup", ::getpid());
  ASSERT_FALSE(joined);
  EXPECT_EQ(joined.error().stage, "cgroup.join");
  EXPECT_NE(joined.error().object.find(parent_ + "/no-such-cgroup/cgroup.procs"), std::string::npos)
      << joined.error().to_string();
}

}  // namespace
}  // namespace podcore::cgroup::testing
