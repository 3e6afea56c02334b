// Real processes under cgroup limits: OOM kill and its watch, CPU
// throttling, pids.max against a fork bomb, killing a tree, freezing,
// usage stats, refusing to lower memory below usage.
#include <poll.h>
#include <sys/mman.h>
#include <time.h>

#include <cstring>

#include "cgroup/driver_impl.hpp"
#include "cgroup_fixture.hpp"

namespace podcore::cgroup::testing {
namespace {

// Touches `mib` MiB (never freed), then waits to be killed.
int body_allocate_and_pause(long mib) {
  for (long i = 0; i < mib; ++i) {
    void* p = ::mmap(nullptr, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return 2;
    std::memset(p, 0x5a, 1 << 20);
  }
  for (;;) ::pause();
}

// Allocates far past any test limit; exits 0 only if never stopped.
int body_allocate_forever(long) {
  body_allocate_and_pause(1024);
  return 0;
}

int64_t monotonic_ms() {
  struct timespec ts {};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

// Burns CPU for `ms` milliseconds of wall time.
int body_spin(long ms) {
  const int64_t end = monotonic_ms() + ms;
  volatile uint64_t x = 0;
  while (monotonic_ms() < end) {
    for (int i = 0; i < 10000; ++i) x = x + 1;
  }
  return 0;
}

// Forks children that pause until fork fails; exits with how many it made
// (255: never stopped).
int body_fork_bomb(long) {
  for (int made = 0; made < 250; ++made) {
    const pid_t p = ::fork();
    if (p == 0) {
      for (;;) ::pause();
    }
    if (p < 0) return made;
  }
  return 255;
}

// A tree of `n` processes: n-1 paused children, then pauses itself.
int body_tree(long n) {
  for (long i = 1; i < n; ++i) {
    if (::fork() == 0) {
      for (;;) ::pause();
    }
  }
  for (;;) ::pause();
}

TEST_F(CgroupTest, OomKillIsCountedAndTheWatchFires) {
  std::string ctr;
  ASSERT_FALSE(pod_with(container("hog", "", "", "", "32Mi"), &ctr).empty());
  auto watch = mgr().watch_oom(ctr);
  ASSERT_TRUE(watch) << watch.error().to_string();
  auto before = mgr().stats(ctr);
  ASSERT_TRUE(before) << before.error().to_string();
  EXPECT_EQ(before->oom_kills, 0u);

  Child child(body_allocate_forever, 0);
  ASSERT_TRUE(mgr().join(ctr, child.pid()));
  child.release();
  auto status = child.wait(std::chrono::seconds(20));
  ASSERT_TRUE(status) << "the allocating child was not stopped";
  ASSERT_TRUE(WIFSIGNALED(*status)) << "exit status " << *status;
  EXPECT_EQ(WTERMSIG(*status), SIGKILL);

  struct pollfd pfd {
    watch->fd(), POLLIN, 0
  };
  ASSERT_EQ(::poll(&pfd, 1, 5000), 1) << "the OOM watch did not fire";
  auto count = watch->consume();
  ASSERT_TRUE(count) << count.error().to_string();
  EXPECT_GE(*count, 1u);
  auto after = mgr().stats(ctr);
  ASSERT_TRUE(after) << after.error().to_string();
  EXPECT_EQ(after->oom_kills, *count);
  // Drained: nothing more to read until the next event.
  EXPECT_EQ(::poll(&pfd, 1, 0), 0);
}

TEST_F(CgroupTest, OomWatchOfARemovedCgroupSaysNotFound) {
  std::string ctr;
  ASSERT_FALSE(pod_with(container("gone", "", "", "", "16Mi"), &ctr).empty());
  auto watch = mgr().watch_oom(ctr);
  ASSERT_TRUE(watch) << watch.error().to_string();
  auto zero = watch->consume();
  ASSERT_TRUE(zero) << zero.error().to_string();
  EXPECT_EQ(*zero, 0u);
  ASSERT_TRUE(mgr().remove(ctr));
  auto gone = watch->consume();
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, ErrorCode::kNotFound) << gone.error().to_string();
}

TEST_F(CgroupTest, CpuQuotaThrottles) {
  std::string ctr;
  ASSERT_FALSE(pod_with(container("spin", "10m", "", "10m", ""), &ctr).empty());
  const uint64_t before = keyed("cpu", ctr, "cpu.stat", "nr_throttled");
  Child child(body_spin, 400);
  ASSERT_TRUE(mgr().join(ctr, child.pid()));
  child.release();
  ASSERT_TRUE(child.wait(std::chrono::seconds(10)));
  EXPECT_GT(keyed("cpu", ctr, "cpu.stat", "nr_throttled"), before);
  // 10m of one CPU for ~0.4 s: far less than the 0.4 s it wanted.
  auto stats = mgr().stats(ctr);
  ASSERT_TRUE(stats) << stats.error().to_string();
  EXPECT_GT(stats->cpu_usage_ns, 0u);
  EXPECT_LT(stats->cpu_usage_ns, 200'000'000u);
}

TEST_F(CgroupTest, PidsMaxStopsAForkBomb) {
  auto limited = CgroupManager::open({root_, parent_, 20});
  ASSERT_TRUE(limited) << limited.error().to_string();
  manifest::PodSpec spec;
  spec.containers.push_back(container("bomb", "", "", "", ""));
  auto pod = limited->create_pod("bomb", spec);
  ASSERT_TRUE(pod) << pod.error().to_string();
  auto ctr = limited->create_container(*pod, "bomb", spec.containers[0]);
  ASSERT_TRUE(ctr) << ctr.error().to_string();
  Child child(body_fork_bomb, 0);
  ASSERT_TRUE(limited->join(*ctr, child.pid()));
  child.release();
  auto status = child.wait(std::chrono::seconds(10));
  ASSERT_TRUE(status);
  ASSERT_TRUE(WIFEXITED(*status));
  // The pod holds at most 20 tasks: the bomb itself and 19 children.
  EXPECT_EQ(WEXITSTATUS(*status), 19);
  EXPECT_EQ(file("pids", *pod, "pids.max"), "20");
  ASSERT_TRUE(limited->kill(*pod));
}

TEST_F(CgroupTest, KillEmptiesATreeOfFiftyProcesses) {
  std::string ctr;
  const std::string pod = pod_with(container("tree", "", "", "", ""), &ctr);
  ASSERT_FALSE(pod.empty());
  Child child(body_tree, 50);
  ASSERT_TRUE(mgr().join(ctr, child.pid()));
  child.release();
  ASSERT_TRUE(eventually([&] { return drv().pids(pod).size() == 50; }))
      << drv().pids(pod).size() << " processes";
  auto killed = mgr().kill(pod);
  ASSERT_TRUE(killed) << killed.error().to_string();
  EXPECT_TRUE(drv().pids(pod).empty());
  auto status = child.wait(std::chrono::seconds(5));
  ASSERT_TRUE(status);
  EXPECT_TRUE(WIFSIGNALED(*status) && WTERMSIG(*status) == SIGKILL);
  auto removed = mgr().remove(pod);
  EXPECT_TRUE(removed) << removed.error().to_string();
}

// The freeze + SIGKILL + thaw loop that v1 uses and v2 falls back to on
// kernels without cgroup.kill, run directly on either layout.
TEST_F(CgroupTest, SignalKillLoopEmptiesATreeOnEitherLayout) {
  std::string ctr;
  ASSERT_FALSE(pod_with(container("tree", "", "", "", ""), &ctr).empty());
  Child child(body_tree, 20);
  ASSERT_TRUE(mgr().join(ctr, child.pid()));
  child.release();
  ASSERT_TRUE(eventually([&] { return drv().pids(ctr).size() == 20; }));
  auto killed = detail::kill_by_signal(drv(), ctr, true, ctr);
  ASSERT_TRUE(killed) << killed.error().to_string();
  EXPECT_TRUE(drv().pids(ctr).empty());
  auto status = child.wait(std::chrono::seconds(5));
  ASSERT_TRUE(status);
  EXPECT_TRUE(WIFSIGNALED(*status) && WTERMSIG(*status) == SIGKILL);
}

TEST_F(CgroupTest, FrozenProcessesDoNotRun) {
  std::string ctr;
  ASSERT_FALSE(pod_with(container("spin", "", "", "", ""), &ctr).empty());
  Child child(body_spin, 20000);
  ASSERT_TRUE(mgr().join(ctr, child.pid()));
  child.release();
  auto usage = [&] {
    auto s = mgr().stats(ctr);
    EXPECT_TRUE(s);
    return s ? s->cpu_usage_ns : 0;
  };
  ASSERT_TRUE(eventually([&] { return usage() > 10'000'000; }));
  auto frozen = mgr().freeze(ctr);
  ASSERT_TRUE(frozen) << frozen.error().to_string();
  const uint64_t at_freeze = usage();
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  EXPECT_LT(usage() - at_freeze, 5'000'000u) << "a frozen process kept running";
  auto thawed = mgr().thaw(ctr);
  ASSERT_TRUE(thawed) << thawed.error().to_string();
  const uint64_t at_thaw = usage();
  EXPECT_TRUE(eventually([&] { return usage() > at_thaw + 20'000'000; }));
  ASSERT_TRUE(mgr().kill(ctr));
}

TEST_F(CgroupTest, StatsReportUsageWorkingSetAndPids) {
  std::string ctr;
  ASSERT_FALSE(pod_with(container("mem", "", "", "", "256Mi"), &ctr).empty());
  Child child(body_allocate_and_pause, 24);
  ASSERT_TRUE(mgr().join(ctr, child.pid()));
  child.release();
  ASSERT_TRUE(eventually([&] {
    auto s = mgr().stats(ctr);
    return s && s->memory_working_set_bytes >= (24u << 20);
  })) << "working set never reached 24 MiB";
  auto s = mgr().stats(ctr);
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_EQ(s->pids_current, 1u);
  EXPECT_GE(s->memory_usage_bytes, s->memory_working_set_bytes);
  EXPECT_LT(s->memory_usage_bytes, 256u << 20);
  EXPECT_GT(s->cpu_usage_ns, 0u);
  EXPECT_EQ(s->oom_kills, 0u);
}

TEST_F(CgroupTest, LoweringMemoryBelowUsageIsAnError) {
  std::string ctr;
  ASSERT_FALSE(pod_with(container("mem", "", "", "", "128Mi"), &ctr).empty());
  Child child(body_allocate_and_pause, 24);
  ASSERT_TRUE(mgr().join(ctr, child.pid()));
  child.release();
  ASSERT_TRUE(eventually([&] {
    auto s = mgr().stats(ctr);
    return s && s->memory_usage_bytes >= (24u << 20);
  }));
  ResourceConfig lower;
  lower.memory_limit = 8 << 20;
  auto r = mgr().update(ctr, lower);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kBusy);
  EXPECT_NE(r.error().message.find("below the current usage"), std::string::npos);
  EXPECT_NE(r.error().object.find(ctr), std::string::npos) << r.error().to_string();
  // Nothing was written and nobody was killed.
  EXPECT_EQ(file("memory", ctr, v2() ? "memory.max" : "memory.limit_in_bytes"),
            std::to_string(128 << 20));
  EXPECT_FALSE(child.wait(std::chrono::milliseconds(0)));
  // Raising works, and so does lowering to a value above the usage.
  ResourceConfig ok;
  ok.memory_limit = 96 << 20;
  auto raised = mgr().update(ctr, ok);
  ASSERT_TRUE(raised) << raised.error().to_string();
  EXPECT_EQ(file("memory", ctr, v2() ? "memory.max" : "memory.limit_in_bytes"),
            std::to_string(96 << 20));
}

}  // namespace
}  // namespace podcore::cgroup::testing
