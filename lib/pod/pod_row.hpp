// The columns `kubectl get pods` prints for a pod (printPod in
// k8s.io/kubernetes/pkg/printers/internalversion/printers.go).
#pragma once

#include <chrono>
#include <string>

#include "base/clock.hpp"
#include "manifest/pod_types.hpp"

namespace podcore::pod {

/// One row of `kubectl get pods` (wide adds ip and node).
struct PodRow {
  std::string name;
  std::string ready;     ///< "1/2"
  std::string status;    ///< "Running", "Init:0/1", "CrashLoopBackOff", "Terminating", ...
  std::string restarts;  ///< "0", "3 (42s ago)"
  std::string age;       ///< "5m3s", "<unknown>"
  std::string ip;        ///< status.podIP or "<none>"
  std::string node;      ///< spec.nodeName or "<none>"
};

/// Builds the row exactly as kubectl does, ages measured at `now`.
PodRow make_pod_row(const manifest::Pod& pod, WallTime now);

/// k8s.io/apimachinery/pkg/util/duration.HumanDuration: "45s", "3m20s",
/// "12m", "5h3m", "3d4h", "2y10d", ...
std::string human_duration(std::chrono::nanoseconds d);

/// kubectl's translateTimestampSince: "<unknown>" for an empty or unparsable
/// timestamp, else human_duration(now - t).
std::string age_since(const manifest::Time& t, WallTime now);

}  // namespace podcore::pod
