// The pod conditions kubelet generates (pkg/kubelet/status/generate.go).
#pragma once

#include <vector>

#include "base/clock.hpp"
#include "manifest/pod_types.hpp"

namespace podcore::pod {

/// Initialized (GeneratePodInitializedCondition) from spec and init statuses.
manifest::PodCondition initialized_condition(const manifest::PodSpec& spec,
                                             const manifest::PodStatus& status);

/// ContainersReady (GenerateContainersReadyCondition).
manifest::PodCondition containers_ready_condition(const manifest::PodSpec& spec,
                                                  const manifest::PodStatus& status);

/// Ready (GeneratePodReadyCondition): ContainersReady plus readiness gates,
/// looked up in `status.conditions`.
manifest::PodCondition ready_condition(const manifest::PodSpec& spec,
                                       const manifest::PodStatus& status);

/// The whole list in kubelet's order: PodReadyToStartContainers, Initialized,
/// Ready, ContainersReady, then every other condition already in
/// `status.conditions` (PodScheduled, readiness-gate conditions) unchanged.
/// `status.phase` must already be the new phase. lastTransitionTime is kept
/// from `status.conditions` when a condition's status did not change, else
/// set to `now`.
std::vector<manifest::PodCondition> compute_conditions(const manifest::PodSpec& spec,
                                                       const manifest::PodStatus& status,
                                                       bool sandbox_ready, WallTime now);

}  // namespace podcore::pod
