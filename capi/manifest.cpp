// Manifests without a runtime: validate and default exactly as the API
// server would on create (decode strictly, default, admit, validate).
#include "capi_internal.hpp"
#include "manifest/admit.hpp"
#include "manifest/decode.hpp"
#include "manifest/encode.hpp"

namespace {

// The stored object for `text`, or the API server's rejection.
podcore::Result<podcore::manifest::Pod> prepare(const char* text, const char* namespace_,
                                                std::vector<std::string>* warnings) {
  auto pod = podcore::manifest::decode_pod(text);
  if (!pod) return pod;
  podcore::manifest::CreateOptions opts;
  opts.namespace_ = podcore::capi::str(namespace_);
  return podcore::manifest::prepare_pod_for_create(std::move(*pod), opts, warnings);
}

}  // namespace

extern "C" {

PODCORE_API int podcore_manifest_validate(char** warnings_out, const char* manifest,
                                          podcore_error** err) {
  return podcore::capi::guarded(err, "podcore_manifest_validate", [&]() -> int {
    if (warnings_out) *warnings_out = nullptr;
    if (!manifest)
      return podcore::capi::invalid_argument(err, "podcore_manifest_validate", "manifest is NULL");
    std::vector<std::string> warnings;
    auto pod = prepare(manifest, nullptr, &warnings);
    if (!pod) return podcore::capi::report(err, std::move(pod.error()));
    if (warnings_out) {
      std::string text;
      for (const auto& w : warnings) text += w + "\n";
      *warnings_out = podcore::capi::dup_string(text);
    }
    return PODCORE_OK;
  });
}

PODCORE_API int podcore_manifest_default(char** out, const char* manifest, const char* namespace_,
                                         int format, podcore_error** err) {
  return podcore::capi::guarded(err, "podcore_manifest_default", [&]() -> int {
    if (!out || !manifest)
      return podcore::capi::invalid_argument(err, "podcore_manifest_default",
                                             "out or manifest is NULL");
    *out = nullptr;
    if (format != PODCORE_FORMAT_YAML && format != PODCORE_FORMAT_JSON)
      return podcore::capi::invalid_argument(err, "podcore_manifest_default",
                                             "unknown format " + std::to_string(format));
    auto pod = prepare(manifest, namespace_, nullptr);
    if (!pod) return podcore::capi::report(err, std::move(pod.error()));
    // What create would store, minus what only a create gives it (the text
    // is then the same for the same manifest).
    pod->metadata.uid.clear();
    pod->metadata.creationTimestamp = {};
    *out = podcore::capi::dup_string(format == PODCORE_FORMAT_YAML
                                         ? podcore::manifest::pod_to_yaml(*pod)
                                         : podcore::manifest::pod_to_json(*pod));
    return PODCORE_OK;
  });
}

}  // extern "C"
