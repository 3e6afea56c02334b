// podcore_pod: an immutable snapshot of a stored pod and its typed
// accessors (status, conditions, container statuses), plus the object as
// kubectl's YAML or JSON.
#include "capi_internal.hpp"
#include "manifest/encode.hpp"

namespace podcore::capi {

std::unique_ptr<podcore_pod> make_snapshot(manifest::Pod pod, std::vector<std::string> warnings) {
  auto snap = std::make_unique<podcore_pod>();
  snap->pod = std::move(pod);
  snap->warnings = std::move(warnings);
  for (const auto& c : snap->pod.status.containerStatuses) snap->containers.push_back({&c});
  for (const auto& c : snap->pod.status.initContainerStatuses)
    snap->init_containers.push_back({&c});
  return snap;
}

int64_t time_ns(WallTime t) noexcept {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

int64_t time_ns(const std::string& rfc3339) noexcept {
  if (rfc3339.empty()) return 0;
  try {
    auto t = parse_rfc3339(rfc3339);
    return t ? time_ns(*t) : 0;
  } catch (...) {
    return 0;
  }
}

}  // namespace podcore::capi

namespace {

const std::string kEmpty;

const podcore::manifest::PodCondition* condition(const podcore_pod* pod, size_t i) {
  return pod && i < pod->pod.status.conditions.size() ? &pod->pod.status.conditions[i] : nullptr;
}

// The reason/message of the current waiting or terminated state.
const std::string& state_reason(const podcore::manifest::ContainerState& s) {
  if (s.waiting) return s.waiting->reason;
  if (s.terminated) return s.terminated->reason;
  return kEmpty;
}
const std::string& state_message(const podcore::manifest::ContainerState& s) {
  if (s.waiting) return s.waiting->message;
  if (s.terminated) return s.terminated->message;
  return kEmpty;
}

}  // namespace

extern "C" {

PODCORE_API void podcore_pod_free(podcore_pod* pod) {
  delete pod;
}

PODCORE_API const char* podcore_pod_name(const podcore_pod* pod) {
  return pod ? pod->pod.metadata.name.c_str() : "";
}

PODCORE_API const char* podcore_pod_namespace(const podcore_pod* pod) {
  return pod ? pod->pod.metadata.namespace_.c_str() : "";
}

PODCORE_API const char* podcore_pod_uid(const podcore_pod* pod) {
  return pod ? pod->pod.metadata.uid.c_str() : "";
}

PODCORE_API const char* podcore_pod_label(const podcore_pod* pod, const char* key) {
  if (!pod || !key) return nullptr;
  try {
    auto it = pod->pod.metadata.labels.find(key);
    return it == pod->pod.metadata.labels.end() ? nullptr : it->second.c_str();
  } catch (...) {
    return nullptr;
  }
}

PODCORE_API podcore_phase podcore_pod_phase(const podcore_pod* pod) {
  if (!pod) return PODCORE_PHASE_UNKNOWN;
  const std::string& p = pod->pod.status.phase;
  if (p == "Pending") return PODCORE_PHASE_PENDING;
  if (p == "Running") return PODCORE_PHASE_RUNNING;
  if (p == "Succeeded") return PODCORE_PHASE_SUCCEEDED;
  if (p == "Failed") return PODCORE_PHASE_FAILED;
  return PODCORE_PHASE_UNKNOWN;
}

PODCORE_API const char* podcore_pod_phase_name(const podcore_pod* pod) {
  return pod ? pod->pod.status.phase.c_str() : "";
}

PODCORE_API const char* podcore_pod_reason(const podcore_pod* pod) {
  return pod ? pod->pod.status.reason.c_str() : "";
}

PODCORE_API const char* podcore_pod_message(const podcore_pod* pod) {
  return pod ? pod->pod.status.message.c_str() : "";
}

PODCORE_API const char* podcore_pod_ip(const podcore_pod* pod) {
  return pod ? pod->pod.status.podIP.c_str() : "";
}

PODCORE_API size_t podcore_pod_ip_count(const podcore_pod* pod) {
  return pod ? pod->pod.status.podIPs.size() : 0;
}

PODCORE_API const char* podcore_pod_ip_at(const podcore_pod* pod, size_t i) {
  return pod && i < pod->pod.status.podIPs.size() ? pod->pod.status.podIPs[i].ip.c_str() : "";
}

PODCORE_API const char* podcore_pod_host_ip(const podcore_pod* pod) {
  return pod ? pod->pod.status.hostIP.c_str() : "";
}

PODCORE_API podcore_qos_class podcore_pod_qos_class(const podcore_pod* pod) {
  if (!pod) return PODCORE_QOS_UNKNOWN;
  const std::string& q = pod->pod.status.qosClass;
  if (q == "Guaranteed") return PODCORE_QOS_GUARANTEED;
  if (q == "Burstable") return PODCORE_QOS_BURSTABLE;
  if (q == "BestEffort") return PODCORE_QOS_BEST_EFFORT;
  return PODCORE_QOS_UNKNOWN;
}

PODCORE_API int64_t podcore_pod_start_time(const podcore_pod* pod) {
  if (!pod || !pod->pod.status.startTime) return 0;
  return podcore::capi::time_ns(pod->pod.status.startTime->rfc3339);
}

PODCORE_API int podcore_pod_is_ready(const podcore_pod* pod) {
  if (!pod) return 0;
  for (const auto& c : pod->pod.status.conditions)
    if (c.type == "Ready") return c.status == "True" ? 1 : 0;
  return 0;
}

PODCORE_API size_t podcore_pod_condition_count(const podcore_pod* pod) {
  return pod ? pod->pod.status.conditions.size() : 0;
}

PODCORE_API const char* podcore_pod_condition_type(const podcore_pod* pod, size_t i) {
  const auto* c = condition(pod, i);
  return c ? c->type.c_str() : "";
}

PODCORE_API const char* podcore_pod_condition_status(const podcore_pod* pod, size_t i) {
  const auto* c = condition(pod, i);
  return c ? c->status.c_str() : "";
}

PODCORE_API const char* podcore_pod_condition_reason(const podcore_pod* pod, size_t i) {
  const auto* c = condition(pod, i);
  return c ? c->reason.c_str() : "";
}

PODCORE_API const char* podcore_pod_condition_message(const podcore_pod* pod, size_t i) {
  const auto* c = condition(pod, i);
  return c ? c->message.c_str() : "";
}

PODCORE_API size_t podcore_pod_container_count(const podcore_pod* pod) {
  return pod ? pod->containers.size() : 0;
}

PODCORE_API const podcore_container* podcore_pod_container_at(const podcore_pod* pod, size_t i) {
  return pod && i < pod->containers.size() ? &pod->containers[i] : nullptr;
}

PODCORE_API size_t podcore_pod_init_container_count(const podcore_pod* pod) {
  return pod ? pod->init_containers.size() : 0;
}

PODCORE_API const podcore_container* podcore_pod_init_container_at(const podcore_pod* pod,
                                                                   size_t i) {
  return pod && i < pod->init_containers.size() ? &pod->init_containers[i] : nullptr;
}

PODCORE_API const podcore_container* podcore_pod_container_by_name(const podcore_pod* pod,
                                                                   const char* name) {
  if (!pod || !name) return nullptr;
  for (const auto& c : pod->containers)
    if (c.status->name == name) return &c;
  for (const auto& c : pod->init_containers)
    if (c.status->name == name) return &c;
  return nullptr;
}

PODCORE_API size_t podcore_pod_warning_count(const podcore_pod* pod) {
  return pod ? pod->warnings.size() : 0;
}

PODCORE_API const char* podcore_pod_warning_at(const podcore_pod* pod, size_t i) {
  return pod && i < pod->warnings.size() ? pod->warnings[i].c_str() : "";
}

PODCORE_API int podcore_pod_to_text(char** out, const podcore_pod* pod, int format,
                                    podcore_error** err) {
  return podcore::capi::guarded(err, "podcore_pod_to_text", [&]() -> int {
    if (!out || !pod)
      return podcore::capi::invalid_argument(err, "podcore_pod_to_text", "out or pod is NULL");
    *out = nullptr;
    if (format == PODCORE_FORMAT_YAML) {
      *out = podcore::capi::dup_string(podcore::manifest::pod_to_yaml(pod->pod));
    } else if (format == PODCORE_FORMAT_JSON) {
      *out = podcore::capi::dup_string(podcore::manifest::pod_to_json(pod->pod));
    } else {
      return podcore::capi::invalid_argument(err, "podcore_pod_to_text",
                                             "unknown format " + std::to_string(format));
    }
    return PODCORE_OK;
  });
}

PODCORE_API const char* podcore_container_name(const podcore_container* c) {
  return c ? c->status->name.c_str() : "";
}

PODCORE_API podcore_container_state podcore_container_state_of(const podcore_container* c) {
  if (!c) return PODCORE_CONTAINER_UNKNOWN;
  const auto& s = c->status->state;
  if (s.running) return PODCORE_CONTAINER_RUNNING;
  if (s.terminated) return PODCORE_CONTAINER_TERMINATED;
  if (s.waiting) return PODCORE_CONTAINER_WAITING;
  return PODCORE_CONTAINER_UNKNOWN;
}

PODCORE_API const char* podcore_container_reason(const podcore_container* c) {
  return c ? state_reason(c->status->state).c_str() : "";
}

PODCORE_API const char* podcore_container_message(const podcore_container* c) {
  return c ? state_message(c->status->state).c_str() : "";
}

PODCORE_API int podcore_container_exit_code(const podcore_container* c) {
  if (!c) return -1;
  if (c->status->state.terminated) return c->status->state.terminated->exitCode;
  if (c->status->lastState.terminated) return c->status->lastState.terminated->exitCode;
  return -1;
}

PODCORE_API int podcore_container_restart_count(const podcore_container* c) {
  return c ? c->status->restartCount : 0;
}

PODCORE_API int podcore_container_ready(const podcore_container* c) {
  return c && c->status->ready ? 1 : 0;
}

PODCORE_API const char* podcore_container_image(const podcore_container* c) {
  return c ? c->status->image.c_str() : "";
}

PODCORE_API const char* podcore_container_id(const podcore_container* c) {
  return c ? c->status->containerID.c_str() : "";
}

PODCORE_API int64_t podcore_container_state_since(const podcore_container* c) {
  if (!c) return 0;
  const auto& s = c->status->state;
  if (s.running) return podcore::capi::time_ns(s.running->startedAt.rfc3339);
  if (s.terminated) return podcore::capi::time_ns(s.terminated->finishedAt.rfc3339);
  return 0;
}

}  // extern "C"
