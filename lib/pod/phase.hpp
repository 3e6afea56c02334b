// The pod phase kubelet derives from its containers' states (getPhase).
#pragma once

#include <string>

#include "manifest/pod_types.hpp"

namespace podcore::pod {

/// Kubelet's getPhase (pkg/kubelet/kubelet_pods.go): "Pending", "Running",
/// "Succeeded" or "Failed" from the spec's restart policy and the statuses of
/// the init and regular containers. `pod_is_terminal` is true when nothing
/// will be restarted any more (the pod is being deleted, or its deadline has
/// passed): then stopped containers decide Succeeded/Failed whatever the
/// restart policy. Terminal phases are sticky: callers keep a recorded
/// Succeeded/Failed (see `next_phase`).
std::string compute_pod_phase(const manifest::PodSpec& spec, const manifest::PodStatus& status,
                              bool pod_is_terminal);

/// The phase to record next: `previous` when it is already terminal
/// (Succeeded/Failed never change), else `computed`.
std::string next_phase(const std::string& previous, const std::string& computed);

/// True for "Succeeded" and "Failed".
bool is_terminal_phase(const std::string& phase);

}  // namespace podcore::pod
