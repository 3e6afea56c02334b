// Kubernetes resources → cgroup values, with kubelet's formulas
// (pkg/kubelet/cm/helpers_linux.go, kuberuntime_container_linux.go) and the
// OCI runtimes' cgroup v2 weight conversion.
#pragma once

#include <cstdint>
#include <optional>

#include "manifest/pod_types.hpp"

namespace podcore::cgroup {

inline constexpr int64_t kMinShares = 2;
inline constexpr int64_t kMaxShares = 262144;
inline constexpr int64_t kSharesPerCpu = 1024;
inline constexpr int64_t kMilliCpuToCpu = 1000;
inline constexpr int64_t kQuotaPeriodUs = 100000;
inline constexpr int64_t kMinQuotaPeriodUs = 1000;

/// MilliCPUToShares: milliCPU × 1024 / 1000 clamped to [2, 262144]; 0 → 2.
int64_t milli_cpu_to_shares(int64_t milli_cpu);

/// MilliCPUToQuota with the default 100 ms period: 0 → 0 (no limit),
/// otherwise milliCPU × period / 1000, at least 1000.
int64_t milli_cpu_to_quota(int64_t milli_cpu, int64_t period_us = kQuotaPeriodUs);

/// libcontainer's CpuSharesToCpuWeight, used by kubelet (≤ 1.34) for the
/// pod and QoS cgroups: 1 + ((shares − 2) × 9999) / 262142; 0 → 0 (unset).
int64_t shares_to_weight_linear(int64_t shares);

/// The OCI runtimes' ConvertCPUSharesToCgroupV2Value (runc ≥ 1.3.2, crun ≥
/// 1.23), used for container cgroups: ceil(10^((l² + 125 l)/612 − 7/34)),
/// l = log2(shares); 0 → 0 (unset), ≤ 2 → 1, ≥ 262144 → 10000.
int64_t shares_to_weight(int64_t shares);

/// What to write into one cgroup. Unset fields are left as the kernel has
/// them; -1 means "unlimited" (written as -1 on v1, "max" on v2).
struct ResourceConfig {
  std::optional<int64_t> cpu_shares;    ///< v1 cpu.shares
  std::optional<int64_t> cpu_weight;    ///< v2 cpu.weight
  std::optional<int64_t> cpu_quota_us;  ///< -1 = unlimited
  int64_t cpu_period_us = kQuotaPeriodUs;
  std::optional<int64_t> memory_limit;  ///< bytes; -1 = unlimited
  std::optional<int64_t> pids_max;      ///< -1 = unlimited
  bool operator==(const ResourceConfig&) const = default;
};

/// ResourceConfigForPod: the pod cgroup's values from its spec (QoS class,
/// init-aware requests, overhead; quota / memory only when every container
/// declares that limit, or pod-level limits are set). Weight uses the
/// linear formula as kubelet does for pod cgroups.
ResourceConfig resource_config_for_pod(const manifest::PodSpec& spec);

/// The container cgroup's values (kubelet's calculateLinuxResources): shares
/// from the cpu request (or the limit when only a limit is set), quota and
/// memory only when limited. Weight uses the OCI runtimes' formula.
ResourceConfig resource_config_for_container(const manifest::Container& container);

}  // namespace podcore::cgroup
