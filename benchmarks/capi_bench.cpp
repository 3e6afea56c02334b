// The cost of the C ABI (issue 7, "Measurement"): create (wait ready) +
// delete --force of the same pod, through libpodcore.so.1's C functions and
// through the internal C++ podcore::pod::Runtime, in one run, against one
// state directory, alternating which goes first in each round so drift in
// the machine's load hits both alike. Reports the medians and the overhead
// of the C path in percent, also as the median of the per-round paired
// differences (the figure the target is checked on). Target: <= 2 %.
//
// Run as root: capi_bench [--rounds=20] [--manifest=examples/web-sync-pod.yml]
#include <net/if.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "base/file.hpp"
#include "base/random.hpp"
#include "cgroup/manager.hpp"
#include "net/network.hpp"
#include "pod/runtime.hpp"
#include "podcore/podcore.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// The host veth goes with the pod's namespace in the kernel's deferred
// cleanup: wait for it (untimed) so it does not weigh on the next round.
void settle(const std::string& uid) {
  std::string ifname = podcore::net::host_ifname_for(uid);
  for (int i = 0; i < 300 && ::if_nametoindex(ifname.c_str()) != 0; ++i) ::usleep(10000);
}

struct Sample {
  double create = 0, remove = 0;
  std::string uid;
};

bool cxx_round(podcore::pod::Runtime& rt, const std::string& text, const std::string& name,
               Sample& s) {
  podcore::pod::CreateOptions co;
  co.wait_ready = true;
  co.timeout = std::chrono::seconds(60);
  auto t0 = Clock::now();
  auto r = rt.create(text, co);
  s.create = ms_since(t0);
  if (!r || r->pod.status.phase != "Running") {
    std::fprintf(stderr, "capi_bench: C++ create: %s\n",
                 r ? ("phase " + r->pod.status.phase).c_str() : r.error().to_string().c_str());
    return false;
  }
  s.uid = r->pod.metadata.uid;
  podcore::pod::DeleteOptions d;
  d.force = true;
  t0 = Clock::now();
  auto del = rt.remove("default", name, d);
  s.remove = ms_since(t0);
  if (!del) std::fprintf(stderr, "capi_bench: C++ delete: %s\n", del.error().to_string().c_str());
  return del.has_value();
}

bool c_round(podcore_runtime* rt, const std::string& text, const std::string& name, Sample& s) {
  podcore_create_options co;
  podcore_create_options_init(&co, sizeof co);
  co.wait_ready = 1;
  co.timeout_ms = 60000;
  podcore_pod* pod = nullptr;
  podcore_error* err = nullptr;
  auto t0 = Clock::now();
  int rc = podcore_pod_create(&pod, rt, text.c_str(), &co, &err);
  s.create = ms_since(t0);
  if (rc != PODCORE_OK || podcore_pod_phase(pod) != PODCORE_PHASE_RUNNING) {
    std::fprintf(stderr, "capi_bench: C create: %s\n",
                 err ? podcore_error_string(err) : podcore_pod_phase_name(pod));
    podcore_error_free(err);
    podcore_pod_free(pod);
    return false;
  }
  s.uid = podcore_pod_uid(pod);
  podcore_pod_free(pod);
  podcore_delete_options d;
  podcore_delete_options_init(&d, sizeof d);
  d.force = 1;
  t0 = Clock::now();
  rc = podcore_pod_delete(rt, "default", name.c_str(), &d, &err);
  s.remove = ms_since(t0);
  if (rc != PODCORE_OK) {
    std::fprintf(stderr, "capi_bench: C delete: %s\n", err ? podcore_error_string(err) : "?");
    podcore_error_free(err);
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 20;
  std::string manifest_path = std::string(PODCORE_SOURCE_DIR) + "/examples/web-sync-pod.yml";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.starts_with("--rounds=")) {
      rounds = std::stoi(a.substr(9));
    } else if (a.starts_with("--manifest=")) {
      manifest_path = a.substr(11);
    } else {
      std::fprintf(stderr, "usage: capi_bench [--rounds=N] [--manifest=FILE]\n");
      return 2;
    }
  }
  if (::geteuid() != 0) {
    std::fprintf(stderr, "capi_bench: needs root\n");
    return 1;
  }
  auto text = podcore::read_file(manifest_path);
  if (!text) {
    std::fprintf(stderr, "capi_bench: %s\n", text.error().to_string().c_str());
    return 1;
  }
  std::string name;  // the pod's, from the warm-up create

  // A private world: state dir with the busybox image, bridge, subnet, cgroup parent.
  char tmpl[] = "/tmp/podcore-capibench-XXXXXX";
  if (!::mkdtemp(tmpl)) return 1;
  const fs::path dir = tmpl;
  const std::string tag = podcore::random_string(6, "0123456789abcdef");
  podcore::pod::RuntimeOptions options;
  options.state_dir = dir / "state";
  options.network.name = "cb" + tag;
  options.network.bridge = "pcc" + tag;
  options.network.subnet = "10.197." + podcore::random_string(2, "123456789") + ".0/24";
  options.network.state_dir = options.state_dir.string();
  options.cgroup_parent = "podcore-capibench-" + tag;
  options.monitor_path = PODCORE_MONITOR_PATH;
  ::setenv("PODCORE_PAUSE_PATH", PODCORE_PAUSE_PATH, 1);
  std::string cmd = "PODCTL=" + std::string(PODCTL_PATH) +
                    " PODCORE_STATE_DIR=" + options.state_dir.string() + " " + PODCORE_SOURCE_DIR +
                    "/scripts/build-busybox-image.sh >/dev/null";
  int status = 1;
  std::vector<double> cxx_create, cxx_delete, c_create, c_delete;
  podcore_runtime* crt = nullptr;
  std::unique_ptr<podcore::pod::Runtime> rt;
  if (std::system(cmd.c_str()) != 0) {
    std::fprintf(stderr, "capi_bench: %s failed\n", cmd.c_str());
    goto cleanup;
  }
  {
    auto opened = podcore::pod::Runtime::open(options);
    if (!opened) {
      std::fprintf(stderr, "capi_bench: %s\n", opened.error().to_string().c_str());
      goto cleanup;
    }
    rt = std::move(*opened);
    // The same runtime options through the C ABI: one state dir, one network.
    podcore_runtime_options ro;
    podcore_runtime_options_init(&ro, sizeof ro);
    const std::string state = options.state_dir.string();
    ro.state_dir = state.c_str();
    ro.network_name = options.network.name.c_str();
    ro.bridge = options.network.bridge.c_str();
    ro.subnet = options.network.subnet.c_str();
    ro.cgroup_parent = options.cgroup_parent.c_str();
    ro.monitor_path = PODCORE_MONITOR_PATH;
    podcore_error* err = nullptr;
    if (podcore_runtime_open(&crt, &ro, &err) != PODCORE_OK) {
      std::fprintf(stderr, "capi_bench: %s\n", podcore_error_string(err));
      podcore_error_free(err);
      goto cleanup;
    }
    // Warm-up (untimed): the first pod pays for the bridge and page cache.
    {
      podcore::pod::CreateOptions co;
      co.wait_ready = true;
      auto r = rt->create(*text, co);
      if (!r) {
        std::fprintf(stderr, "capi_bench: warm-up: %s\n", r.error().to_string().c_str());
        goto cleanup;
      }
      name = r->pod.metadata.name;
      podcore::pod::DeleteOptions d;
      d.force = true;
      (void)rt->remove("default", name, d);
      settle(r->pod.metadata.uid);
    }
    for (int i = 0; i < rounds; ++i) {
      Sample a, b;
      // Alternate the order: even rounds C++ first, odd rounds C first.
      bool ok;
      if (i % 2 == 0) {
        ok = cxx_round(*rt, *text, name, a);
        if (ok) settle(a.uid);
        ok = ok && c_round(crt, *text, name, b);
        if (ok) settle(b.uid);
      } else {
        ok = c_round(crt, *text, name, b);
        if (ok) settle(b.uid);
        ok = ok && cxx_round(*rt, *text, name, a);
        if (ok) settle(a.uid);
      }
      if (!ok) goto cleanup;
      cxx_create.push_back(a.create);
      cxx_delete.push_back(a.remove);
      c_create.push_back(b.create);
      c_delete.push_back(b.remove);
    }
    std::vector<double> cxx_total, c_total;
    for (int i = 0; i < rounds; ++i) {
      cxx_total.push_back(cxx_create[i] + cxx_delete[i]);
      c_total.push_back(c_create[i] + c_delete[i]);
    }
    auto line = [](const char* what, const std::vector<double>& cx, const std::vector<double>& c) {
      double mx = median(cx), mc = median(c);
      std::printf("  %-22s %10.3f %10.3f %+9.2f %%\n", what, mx, mc,
                  mx > 0 ? (mc - mx) / mx * 100 : 0.0);
    };
    std::printf("capi_bench: %s, %d rounds each, alternating order (medians, ms)\n",
                fs::path(manifest_path).filename().c_str(), rounds);
    std::printf("  %-22s %10s %10s %11s\n", "", "C++ Runtime", "C ABI", "overhead");
    line("create (wait ready)", cxx_create, c_create);
    line("delete --force", cxx_delete, c_delete);
    line("create + delete", cxx_total, c_total);
    // The two runs of one round are seconds apart; the machine's load drifts
    // over minutes. The median of the per-round differences cancels that
    // drift better than the difference of the medians.
    std::vector<double> paired;
    for (int i = 0; i < rounds; ++i)
      paired.push_back((c_total[i] - cxx_total[i]) / cxx_total[i] * 100);
    const double overhead = median(paired);
    std::printf("  %-22s %+32.2f %%\n", "paired (median of C/C++ - 1 per round)", overhead);
    std::printf("  target: paired overhead <= 2 %%: %s\n", overhead <= 2.0 ? "met" : "NOT met");
    status = 0;
  }
cleanup:
  podcore_runtime_close(crt);
  if (rt) {
    if (auto pods = rt->list(std::nullopt)) {
      podcore::pod::DeleteOptions d;
      d.force = true;
      for (const auto& p : *pods) (void)rt->remove(p.metadata.namespace_, p.metadata.name, d);
    }
    rt.reset();
  }
  if (auto net = podcore::net::Network::open(options.network)) (void)(*net)->remove_bridge();
  podcore::cgroup::ManagerOptions co;
  co.parent = options.cgroup_parent;
  if (auto cg = podcore::cgroup::CgroupManager::open(co)) (void)cg->destroy();
  std::error_code ec;
  fs::remove_all(dir, ec);
  return status;
}
