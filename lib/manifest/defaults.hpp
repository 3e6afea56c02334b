// API-server defaulting of a v1 Pod (pkg/apis/core/v1/defaults.go and the
// generated SetObjectDefaults_Pod order).
#pragma once

#include "manifest/pod_types.hpp"

namespace podcore::manifest {

/// Applies every default the API server applies to a created v1 Pod, in the
/// generated order: SetDefaults_Pod, SetDefaults_PodSpec, volumes, init
/// containers, containers, ephemeral containers, overhead, status lists.
void apply_defaults(Pod& pod);

}  // namespace podcore::manifest
