// Pods (and API errors) back to the JSON and YAML kubectl prints.
#pragma once

#include <string>

#include "base/error.hpp"
#include "manifest/pod_types.hpp"
#include "manifest/value.hpp"

namespace podcore::manifest {

/// The Pod as a Value, fields in Go struct order, empty fields omitted as
/// encoding/json omits them.
Value pod_to_value(const Pod& pod);

/// `kubectl get pod -o yaml` text.
std::string pod_to_yaml(const Pod& pod);
/// `kubectl get pod -o json` text.
std::string pod_to_json(const Pod& pod);

/// The metav1.Status object the API server answers a rejected manifest
/// with: reason Invalid / code 422 with details.causes for validation
/// errors (stage "manifest.validate"), reason BadRequest / code 400 for
/// everything else.
Value status_for_error(const Error& error);

}  // namespace podcore::manifest
