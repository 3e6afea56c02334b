// Validation of a defaulted Pod exactly as the API server does on create
// (pkg/apis/core/validation ValidatePodCreate), and the warnings it returns
// (pkg/api/pod/warnings.go GetWarningsForPod).
#pragma once

#include <string>
#include <vector>

#include "manifest/field_error.hpp"
#include "manifest/pod_types.hpp"

namespace podcore::manifest {

/// Every field error of `pod` (already defaulted), in the API server's order.
FieldErrors validate_pod_create(const Pod& pod);

/// The warnings the API server returns for `pod` (already defaulted), each
/// as printed after "Warning: " (e.g. "spec.containers[0].ports[1]:
/// duplicate port definition with spec.containers[0].ports[0]").
std::vector<std::string> pod_warnings(const Pod& pod);

}  // namespace podcore::manifest
