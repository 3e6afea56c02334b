// Pod-level resource arithmetic as Kubernetes does it
// (k8s.io/component-helpers/resource, pkg/apis/core/v1/helper/qos).
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "manifest/pod_types.hpp"

namespace podcore::manifest {

using ResourceList = std::map<std::string, Quantity>;

/// True for an init container that is a sidecar (restartPolicy: Always).
bool is_sidecar(const Container& c);

/// The Container an ephemeral container amounts to (same fields), for the
/// rules and printers written for containers.
Container to_container(const EphemeralContainer& e);

/// AggregateContainerRequests: Σ regular + Σ sidecars, raised to the largest
/// init container's request plus the sidecars started before it.
ResourceList aggregate_container_requests(const PodSpec& spec);
/// AggregateContainerLimits: the same formula over limits.
ResourceList aggregate_container_limits(const PodSpec& spec);

/// The pod's effective requests: pod-level spec.resources when set for the
/// resource, else the aggregate of containers; plus spec.overhead.
ResourceList pod_requests(const PodSpec& spec);

/// cpu and memory (and hugepages-*) can be set at pod level.
bool is_supported_pod_level_resource(std::string_view name);

/// True when spec.resources sets cpu or memory (PodLevelResources).
bool is_pod_level_resources_set(const PodSpec& spec);

/// ComputePodQOS: "Guaranteed", "Burstable" or "BestEffort".
std::string_view compute_qos_class(const PodSpec& spec);

}  // namespace podcore::manifest
