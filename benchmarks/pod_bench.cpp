// Runtime benchmark: create → every container running and ready, then
// delete --force, for examples/web-sync-pod.yml (two containers, a shared
// emptyDir) and examples/pod.yml, median and p99, in a private world (state
// dir with the busybox image, own bridge, subnet and cgroup parent), with a
// leak check after every delete (untimed).
//
// Targets (issue 6): create p50 <= 10 ms, p99 <= 30 ms; delete --force <= 10 ms.
// Anchor: `podman kube play` of the same manifest, 283 ms median here
// (../shared/anchors/RESULTS.md); not run by this binary.
//
// Run as root: build/benchmarks/pod_bench [--benchmark_repetitions=N]
#include <benchmark/benchmark.h>
#include <net/if.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "base/file.hpp"
#include "base/random.hpp"
#include "cgroup/manager.hpp"
#include "net/network.hpp"
#include "pod/runtime.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using podcore::pod::Runtime;

namespace {

std::map<std::string, std::vector<double>> g_ms;

struct World {
  fs::path dir;
  podcore::pod::RuntimeOptions options;
  std::unique_ptr<Runtime> runtime;

  World() {
    char tmpl[] = "/tmp/podcore-bench-XXXXXX";
    if (!::mkdtemp(tmpl)) std::abort();
    dir = tmpl;
    std::string tag = podcore::random_string(6, "0123456789abcdef");
    options.state_dir = dir / "state";
    options.network.name = "bench" + tag;
    options.network.bridge = "pcb" + tag;
    options.network.subnet = "10.198.0.0/16";
    options.cgroup_parent = "podcore-bench-" + tag;
    options.monitor_path = PODCORE_MONITOR_PATH;
    ::setenv("PODCORE_PAUSE_PATH", PODCORE_PAUSE_PATH, 1);
    std::string cmd = "PODCTL=" + std::string(PODCTL_PATH) +
                      " PODCORE_STATE_DIR=" + options.state_dir.string() + " " +
                      PODCORE_SOURCE_DIR + "/scripts/build-busybox-image.sh >/dev/null";
    if (std::system(cmd.c_str()) != 0) std::abort();
    auto rt = Runtime::open(options);
    if (!rt) {
      std::fprintf(stderr, "%s\n", rt.error().to_string().c_str());
      std::abort();
    }
    runtime = std::move(*rt);
  }
  ~World() {
    runtime.reset();
    if (auto net = podcore::net::Network::open(options.network)) (void)(*net)->remove_bridge();
    podcore::cgroup::ManagerOptions co;
    co.parent = options.cgroup_parent;
    if (auto cg = podcore::cgroup::CgroupManager::open(co)) (void)cg->destroy();
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

World& world() {
  static World w;
  return w;
}

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

void create_delete(benchmark::State& state, const char* file, const char* name) {
  World& w = world();
  auto text = podcore::read_file(std::string(PODCORE_SOURCE_DIR) + "/examples/" + file);
  if (!text) {
    state.SkipWithError("manifest missing");
    return;
  }
  podcore::pod::CreateOptions co;
  co.wait_ready = true;
  co.timeout = std::chrono::seconds(30);
  podcore::pod::DeleteOptions force;
  force.force = true;
  for (auto _ : state) {
    auto t0 = Clock::now();
    auto r = w.runtime->create(*text, co);
    double create_ms = ms_since(t0);
    if (!r || r->pod.status.phase != "Running") {
      state.SkipWithError(r ? ("phase " + r->pod.status.phase).c_str()
                            : r.error().to_string().c_str());
      break;
    }
    auto t1 = Clock::now();
    auto d = w.runtime->remove("default", name, force);
    double delete_ms = ms_since(t1);
    if (!d) {
      state.SkipWithError(d.error().to_string().c_str());
      break;
    }
    state.SetIterationTime((create_ms + delete_ms) / 1000.0);
    g_ms[std::string(name) + " create"].push_back(create_ms);
    g_ms[std::string(name) + " delete --force"].push_back(delete_ms);
    state.PauseTiming();
    // Nothing may be left: the host veth goes with the namespace (the kernel's
    // deferred cleanup), so wait for it outside the timing.
    std::string ifname = podcore::net::host_ifname_for(r->pod.metadata.uid);
    for (int i = 0; i < 300 && ::if_nametoindex(ifname.c_str()) != 0; ++i) ::usleep(10000);
    std::error_code ec;
    if (::if_nametoindex(ifname.c_str()) != 0 ||
        fs::exists(w.options.state_dir / "pods" / r->pod.metadata.uid, ec))
      state.SkipWithError("resources left after delete");
    state.ResumeTiming();
  }
}

void BM_WebSyncPod(benchmark::State& s) {
  create_delete(s, "web-sync-pod.yml", "web-sync");
}
void BM_HelloPod(benchmark::State& s) {
  create_delete(s, "pod.yml", "hello-pod");
}
BENCHMARK(BM_WebSyncPod)->UseManualTime()->Iterations(30)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_HelloPod)->UseManualTime()->Iterations(30)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::printf("\n%-32s %8s %8s %8s %5s\n", "phase", "p50 ms", "p99 ms", "max ms", "n");
  for (auto& [label, v] : g_ms) {
    std::sort(v.begin(), v.end());
    auto pct = [&](double p) {
      return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
    };
    std::printf("%-32s %8.2f %8.2f %8.2f %5zu\n", label.c_str(), pct(0.5), pct(0.99), v.back(),
                v.size());
  }
  return 0;
}
