// The cgroup layer's hot path: create a pod cgroup and two container
// cgroups with limits, join a process, remove everything (containers, then
// the pod, as the lifecycle does). Reported per container = time / 2.
//
//   cgroup_bench --benchmark_repetitions=10 --benchmark_report_aggregates_only=true
//
// Needs root; uses a uniquely named parent under $PODCORE_CGROUP_ROOT
// (default /sys/fs/cgroup) and removes it at the end.
#include <benchmark/benchmark.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "base/random.hpp"
#include "cgroup/manager.hpp"
#include "manifest/quantity.hpp"

namespace {

using podcore::cgroup::CgroupManager;

podcore::manifest::Container limited(const char* name, const char* cpu, const char* mem) {
  podcore::manifest::Container c;
  c.name = name;
  c.resources.requests["cpu"] = *podcore::manifest::Quantity::parse(cpu);
  c.resources.limits["cpu"] = *podcore::manifest::Quantity::parse(cpu);
  c.resources.requests["memory"] = *podcore::manifest::Quantity::parse(mem);
  c.resources.limits["memory"] = *podcore::manifest::Quantity::parse(mem);
  return c;
}

void BM_PodWithTwoContainersJoinRemove(benchmark::State& state) {
  const char* env = std::getenv("PODCORE_CGROUP_ROOT");
  const std::string root = env && *env ? env : "/sys/fs/cgroup";
  const std::string parent =
      "podcore-bench-" + podcore::random_string(10, "abcdefghijklmnopqrstuvwxyz0123456789");
  auto opened = CgroupManager::open({root, parent, 1024});
  if (!opened) {
    state.SkipWithError(opened.error().to_string().c_str());
    return;
  }
  CgroupManager& m = *opened;
  // A holding cgroup the process returns to, so the container can go.
  const std::string hold = parent + "/hold";
  if (auto r = m.driver().create(hold, false); !r) {
    state.SkipWithError(r.error().to_string().c_str());
    return;
  }
  const pid_t child = ::fork();
  if (child == 0) {
    for (;;) ::pause();
  }
  (void)m.join(hold, child);

  podcore::manifest::PodSpec spec;
  spec.containers.push_back(limited("app", "500m", "128Mi"));
  spec.containers.push_back(limited("sidecar", "100m", "32Mi"));
  uint64_t n = 0;
  for (auto _ : state) {
    auto pod = m.create_pod("bench-" + std::to_string(n++), spec);
    auto app = m.create_container(*pod, "app", spec.containers[0]);
    auto side = m.create_container(*pod, "sidecar", spec.containers[1]);
    auto joined = m.join(*app, child);
    auto back = m.join(hold, child);
    auto r1 = m.remove(*app);
    auto r2 = m.remove(*side);
    auto r3 = m.remove(*pod);
    if (!pod || !app || !side || !joined || !back || !r1 || !r2 || !r3) {
      state.SkipWithError("a cgroup operation failed");
      break;
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * 2);
  state.SetLabel(std::string(podcore::cgroup::layout_name(m.layout())) + " layout");
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  (void)m.destroy();
}
BENCHMARK(BM_PodWithTwoContainersJoinRemove)->Unit(benchmark::kMicrosecond)->UseRealTime();

// The same without the join: what the layer itself costs (mkdir, control
// files, rmdir) apart from the kernel's task migration.
void BM_PodWithTwoContainersNoJoin(benchmark::State& state) {
  const char* env = std::getenv("PODCORE_CGROUP_ROOT");
  const std::string root = env && *env ? env : "/sys/fs/cgroup";
  const std::string parent =
      "podcore-bench-" + podcore::random_string(10, "abcdefghijklmnopqrstuvwxyz0123456789");
  auto opened = CgroupManager::open({root, parent, 1024});
  if (!opened) {
    state.SkipWithError(opened.error().to_string().c_str());
    return;
  }
  CgroupManager& m = *opened;
  podcore::manifest::PodSpec spec;
  spec.containers.push_back(limited("app", "500m", "128Mi"));
  spec.containers.push_back(limited("sidecar", "100m", "32Mi"));
  uint64_t n = 0;
  for (auto _ : state) {
    auto pod = m.create_pod("bench-" + std::to_string(n++), spec);
    auto app = m.create_container(*pod, "app", spec.containers[0]);
    auto side = m.create_container(*pod, "sidecar", spec.containers[1]);
    auto r1 = m.remove(*app);
    auto r2 = m.remove(*side);
    auto r3 = m.remove(*pod);
    if (!pod || !app || !side || !r1 || !r2 || !r3) {
      state.SkipWithError("a cgroup operation failed");
      break;
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * 2);
  state.SetLabel(std::string(podcore::cgroup::layout_name(m.layout())) + " layout");
  (void)m.destroy();
}
BENCHMARK(BM_PodWithTwoContainersNoJoin)->Unit(benchmark::kMicrosecond)->UseRealTime();

// The kernel's floor for the same shape: bare mkdir + rmdir of a pod and
// two children in every hierarchy the driver uses, no control files. The
// layer cannot be faster than this on the layout it runs on.
void BM_KernelFloorMkdirRmdir(benchmark::State& state) {
  const char* env = std::getenv("PODCORE_CGROUP_ROOT");
  const std::string root = env && *env ? env : "/sys/fs/cgroup";
  const std::string parent =
      "podcore-bench-" + podcore::random_string(10, "abcdefghijklmnopqrstuvwxyz0123456789");
  auto opened = CgroupManager::open({root, parent, std::nullopt});
  if (!opened) {
    state.SkipWithError(opened.error().to_string().c_str());
    return;
  }
  CgroupManager& m = *opened;
  std::vector<std::string> dirs;
  for (const char* c : {"memory", "cpu", "cpuacct", "pids", "freezer", "cpuset"}) {
    const std::string d = m.driver().dir(c, parent);
    if (!d.empty() && std::find(dirs.begin(), dirs.end(), d) == dirs.end()) dirs.push_back(d);
  }
  for (auto _ : state) {
    for (const auto& d : dirs) {
      ::mkdir((d + "/p").c_str(), 0755);
      ::mkdir((d + "/p/a").c_str(), 0755);
      ::mkdir((d + "/p/b").c_str(), 0755);
    }
    for (const auto& d : dirs) {
      ::rmdir((d + "/p/a").c_str());
      ::rmdir((d + "/p/b").c_str());
      ::rmdir((d + "/p").c_str());
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * 2);
  state.SetLabel(std::to_string(dirs.size()) + " hierarchies");
  (void)m.destroy();
}
BENCHMARK(BM_KernelFloorMkdirRmdir)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
