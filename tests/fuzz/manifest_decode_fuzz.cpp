// libFuzzer target: any bytes through the whole manifest pipeline (decode,
// default, validate, encode) must give a result or an error, never a crash,
// a leak or undefined behaviour.
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
      // Round trip: what we print must decode to the same object.
      std::string yaml = mf::pod_to_yaml(*pod);
      auto again = mf::decode_pod(yaml);
      if (!again || !(*again == *pod)) __builtin_trap();
    } else {
      (void)mf::status_for_error(pod.error());
    }
  }
  return 0;
}
