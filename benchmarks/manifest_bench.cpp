// Manifest layer benchmarks: decode + default + validate, and encode.
// Targets (2-core machine): seed pod <= 20 us median, 50 containers <= 1 ms.
#include <benchmark/benchmark.h>

#include <string>

#include "base/file.hpp"
#include "manifest/admit.hpp"
#include "manifest/decode.hpp"
#include "manifest/encode.hpp"

namespace mf = podcore::manifest;

namespace {

std::string seed_pod() {
  auto text = podcore::read_file(PODCORE_SOURCE_DIR "/examples/pod.yml");
  if (!text) std::abort();
  return *text;
}

std::string many_containers(int n) {
  std::string s =
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\n  labels:\n    app: big\nspec:\n"
      "  volumes:\n  - name: data\n    emptyDir: {}\n  containers:\n";
  for (int i = 0; i < n; ++i) {
    std::string idx = std::to_string(i);
    s += "  - name: c" + idx + "\n    image: busybox:1.36\n" +
         "    command: [\"sh\", \"-c\", \"sleep 3600\"]\n" +
         "    env:\n    - name: INDEX\n      value: \"" + idx + "\"\n" +
         "    ports:\n    - containerPort: " + std::to_string(8000 + i) + "\n" +
         "    resources:\n      limits:\n        cpu: 100m\n        memory: 64Mi\n" +
         "    volumeMounts:\n    - name: data\n      mountPath: /data\n";
  }
  return s;
}

void decode_default_validate(benchmark::State& state, const std::string& text) {
  mf::CreateOptions opts;
  opts.uid = "00000000-0000-4000-8000-000000000000";  // no getrandom in the loop
  for (auto _ : state) {
    auto pod = mf::decode_pod(text);
    if (!pod) state.SkipWithError(pod.error().to_string().c_str());
    auto ready = mf::prepare_pod_for_create(std::move(*pod), opts, nullptr);
    if (!ready) state.SkipWithError(ready.error().to_string().c_str());
    benchmark::DoNotOptimize(ready);
  }
}

void BM_ManifestSeedPod(benchmark::State& state) {
  decode_default_validate(state, seed_pod());
}
BENCHMARK(BM_ManifestSeedPod);

void BM_Manifest50Containers(benchmark::State& state) {
  decode_default_validate(state, many_containers(50));
}
BENCHMARK(BM_Manifest50Containers);

void BM_EncodeSeedPod(benchmark::State& state) {
  mf::CreateOptions opts;
  auto pod = mf::prepare_pod_for_create(*mf::decode_pod(seed_pod()), opts, nullptr);
  if (!pod) std::abort();
  for (auto _ : state) {
    std::string yaml = mf::pod_to_yaml(*pod);
    benchmark::DoNotOptimize(yaml);
  }
}
BENCHMARK(BM_EncodeSeedPod);

}  // namespace

BENCHMARK_MAIN();
