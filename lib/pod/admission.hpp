// Node admission: does a pod's request fit what the node has left
// (kubelet pkg/kubelet/lifecycle/predicate.go over the scheduler's
// noderesources fit check)?
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "manifest/pod_types.hpp"

namespace podcore::pod {

/// What the node offers pods (allocatable: this runtime reserves nothing).
struct NodeResources {
  int64_t milli_cpu = 0;  ///< online CPUs × 1000
  int64_t memory = 0;     ///< bytes (MemTotal)
  int64_t pods = 110;     ///< kubelet's default maxPods
};

/// Reads the node's CPUs (online, sched_getaffinity of this process) and
/// memory (/proc/meminfo MemTotal).
Result<NodeResources> read_node_resources();

/// Why a pod was refused: reason "OutOfcpu" / "OutOfmemory" / "OutOfpods"
/// and kubelet's message
/// "Pod was rejected: Node didn't have enough resource: cpu, requested: 3000, used: 500, capacity:
/// 2000".
struct AdmissionRejection {
  std::string reason;
  std::string message;
};

/// Checks `pod` against `node` given the pods already admitted and not
/// terminal (`running`). Pods count first, then cpu, then memory, as the
/// scheduler's fit check orders them; the first shortfall is reported.
std::optional<AdmissionRejection> admit_pod(const manifest::Pod& pod,
                                            const std::vector<const manifest::Pod*>& running,
                                            const NodeResources& node);

}  // namespace podcore::pod
