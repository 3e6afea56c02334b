// Manifest text (YAML, JSON, KYAML; multi-document; Lists) to Pods, with
// the API server's strict field validation.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "manifest/decode_context.hpp"
#include "manifest/pod_types.hpp"

namespace podcore::manifest {

/// One object of a manifest stream: a decoded Pod, or why it is not one.
struct DecodedObject {
  std::expected<Pod, Error> pod;
  std::vector<std::string> warnings;  ///< e.g. `unknown field "spec.foo"` in warn mode
  uint32_t line = 0;                  ///< where the object starts in the text
};

/// Decodes every object of `text`. YAML syntax errors fail the whole stream
/// (kInvalid, stage "manifest.decode", "yaml: line L, column C: ..."); an
/// object that is not a valid v1 Pod gets its own error (stage
/// "manifest.decode", message as the API server words it, one cause per
/// problem with its line and column); empty documents are skipped.
Result<std::vector<DecodedObject>> decode_manifests(std::string_view text,
                                                    FieldValidation validation);

/// Decodes text that must hold exactly one Pod (strict unless told).
Result<Pod> decode_pod(std::string_view text,
                       FieldValidation validation = FieldValidation::kStrict);

}  // namespace podcore::manifest
