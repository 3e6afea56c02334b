// What the API server does to a decoded Pod on create, after decoding:
// defaulting, BeforeCreate/PrepareForCreate (namespace, generated name, uid,
// timestamps, status), validation and warnings.
#pragma once

#include <string>
#include <vector>

#include "base/clock.hpp"
#include "base/error.hpp"
#include "manifest/field_error.hpp"
#include "manifest/pod_types.hpp"

namespace podcore::manifest {

struct CreateOptions {
  /// The request namespace (kubectl -n). Empty: the object's, else "default".
  std::string namespace_;
  /// The UID to assign; empty: a new random UUID.
  std::string uid;
  /// creationTimestamp; default: now.
  WallTime now = wall_now();
};

/// Turns a decoded Pod into the object the API server would store on
/// create. On rejection: kInvalid, stage "manifest.validate", message
/// `Pod "<name>" is invalid: ...`, one cause per field error (reason, field,
/// message); or stage "manifest.admit" for a namespace mismatch.
/// `warnings` receives the API server's warnings (may be null).
Result<Pod> prepare_pod_for_create(Pod pod, const CreateOptions& options,
                                   std::vector<std::string>* warnings);

/// The error for a list of field errors (kind "Pod").
Error invalid_pod_error(const std::string& name, const FieldErrors& errors);

}  // namespace podcore::manifest
