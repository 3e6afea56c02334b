// libFuzzer target: any bytes through the whole manifest pipeline (decode,
// default, validate, encode) must give a result or an error, never a crash,
// a leak or undefined behaviour, and what is encoded must decode again (below).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "manifest/admit.hpp"
#include "manifest/decode.hpp"
#include "manifest/encode.hpp"

namespace mf = podcore::manifest;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto objects = mf::decode_manifests(text, mf::FieldValidation::kStrict);
  if (!objects) return 0;
  for (auto& obj : *objects) {
    if (!obj.pod) continue;
    mf::CreateOptions opts;
    opts.uid = "00000000-0000-4000-8000-000000000000";
    auto pod = mf::prepare_pod_for_create(std::move(*obj.pod), opts, nullptr);
    if (pod) {
      // JSON is the stored form (the API server's, and our state directory's): it must decode
      // to the very same object.
      auto from_json = mf::decode_pod(mf::pod_to_json(*pod));
      if (!from_json || !(*from_json == *pod)) __builtin_trap();
      // YAML is kubectl's printed form, which is lossy where kubectl's is (a raw NEL folds like
      // a line break when go-yaml reads its JSON back): printing what it decodes to must give
      // the same text again.
      std::string yaml = mf::pod_to_yaml(*pod);
      auto from_yaml = mf::decode_pod(yaml);
      if (!from_yaml || mf::pod_to_yaml(*from_yaml) != yaml) __builtin_trap();
    } else {
      (void)mf::status_for_error(pod.error());
    }
  }
  return 0;
}
