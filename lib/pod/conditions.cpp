#include "pod/conditions.hpp"

#include <string>

#include "manifest/resources.hpp"

namespace podcore::pod {

namespace {

using manifest::ContainerStatus;
using manifest::PodCondition;

const ContainerStatus* find_status(const std::vector<ContainerStatus>& list,
                                   const std::string& name) {
  for (const auto& s : list)
    if (s.name == name) return &s;
  return nullptr;
}

// Go's fmt %s of a []string: "[a b]".
std::string go_list(const std::vector<std::string>& names) {
  std::string out = "[";
  for (size_t i = 0; i < names.size(); ++i) out += (i ? " " : "") + names[i];
  return out + "]";
}

PodCondition make(const char* type, bool ok, std::string reason = {}, std::string message = {}) {
  PodCondition c;
  c.type = type;
  c.status = ok ? "True" : "False";
  c.reason = std::move(reason);
  c.message = std::move(message);
  return c;
}

bool any_regular_started(const manifest::PodSpec& spec, const manifest::PodStatus& status) {
  for (const auto& c : spec.containers) {
    const auto* s = find_status(status.containerStatuses, c.name);
    if (s != nullptr && (s->state.running || s->state.terminated || s->lastState.terminated))
      return true;
  }
  return false;
}

std::string join_messages(const std::vector<std::string>& unknown, const char* unknown_label,
                          const std::vector<std::string>& other, const char* other_label) {
  std::string msg;
  if (!unknown.empty()) msg = std::string(unknown_label) + go_list(unknown);
  if (!other.empty()) {
    if (!msg.empty()) msg += ", ";
    msg += std::string(other_label) + go_list(other);
  }
  return msg;
}

}  // namespace

PodCondition initialized_condition(const manifest::PodSpec& spec,
                                   const manifest::PodStatus& status) {
  if (spec.initContainers.empty()) return make("Initialized", true);
  std::vector<std::string> unknown, incomplete;
  for (const auto& c : spec.initContainers) {
    const auto* s = find_status(status.initContainerStatuses, c.name);
    if (s == nullptr) {
      unknown.push_back(c.name);
    } else if (manifest::is_sidecar(c)) {
      if (!s->started.value_or(false)) incomplete.push_back(c.name);
    } else if (!s->state.terminated || s->state.terminated->exitCode != 0) {
      incomplete.push_back(c.name);
    }
  }
  if (status.phase == "Succeeded" && unknown.empty())
    return make("Initialized", true, "PodCompleted");
  // A regular container that has started means the pod was initialized once.
  if (any_regular_started(spec, status)) return make("Initialized", true);
  std::string msg = join_messages(unknown, "containers with unknown status: ", incomplete,
                                  "containers with incomplete status: ");
  if (!msg.empty()) return make("Initialized", false, "ContainersNotInitialized", msg);
  return make("Initialized", true);
}

PodCondition containers_ready_condition(const manifest::PodSpec& spec,
                                        const manifest::PodStatus& status) {
  std::vector<std::string> unknown, unready;
  for (const auto& c : spec.initContainers) {
    if (!manifest::is_sidecar(c)) continue;
    const auto* s = find_status(status.initContainerStatuses, c.name);
    if (s == nullptr)
      unknown.push_back(c.name);
    else if (!s->ready)
      unready.push_back(c.name);
  }
  for (const auto& c : spec.containers) {
    const auto* s = find_status(status.containerStatuses, c.name);
    if (s == nullptr)
      unknown.push_back(c.name);
    else if (!s->ready)
      unready.push_back(c.name);
  }
  if (status.phase == "Succeeded" && unknown.empty())
    return make("ContainersReady", false, "PodCompleted");
  if (status.phase == "Failed") return make("ContainersReady", false, "PodFailed");
  std::string msg = join_messages(unknown, "containers with unknown status: ", unready,
                                  "containers with unready status: ");
  if (!msg.empty()) return make("ContainersReady", false, "ContainersNotReady", msg);
  return make("ContainersReady", true);
}

PodCondition ready_condition(const manifest::PodSpec& spec, const manifest::PodStatus& status) {
  PodCondition cr = containers_ready_condition(spec, status);
  if (cr.status != "True") {
    cr.type = "Ready";
    return cr;
  }
  std::string msg;
  for (const auto& gate : spec.readinessGates) {
    const PodCondition* found = nullptr;
    for (const auto& c : status.conditions)
      if (c.type == gate.conditionType) found = &c;
    std::string m;
    if (found == nullptr) {
      m = "corresponding condition of pod readiness gate \"" + gate.conditionType +
          "\" does not exist.";
    } else if (found->status != "True") {
      m = "the status of pod readiness gate \"" + gate.conditionType + "\" is not \"True\", but " +
          found->status;
    }
    if (m.empty()) continue;
    if (!msg.empty()) msg += ", ";
    msg += m;
  }
  if (!msg.empty()) return make("Ready", false, "ReadinessGatesNotReady", msg);
  return make("Ready", true);
}

std::vector<PodCondition> compute_conditions(const manifest::PodSpec& spec,
                                             const manifest::PodStatus& status, bool sandbox_ready,
                                             WallTime now) {
  std::vector<PodCondition> out;
  out.push_back(make("PodReadyToStartContainers", sandbox_ready));
  out.push_back(initialized_condition(spec, status));
  out.push_back(ready_condition(spec, status));
  out.push_back(containers_ready_condition(spec, status));
  const std::string stamp = format_rfc3339(now);
  for (auto& c : out) {
    c.lastTransitionTime.rfc3339 = stamp;
    for (const auto& old : status.conditions)
      if (old.type == c.type && old.status == c.status)
        c.lastTransitionTime = old.lastTransitionTime;
  }
  for (const auto& old : status.conditions) {
    bool ours = false;
    for (const auto& c : out) ours = ours || c.type == old.type;
    if (!ours) out.push_back(old);
  }
  return out;
}

}  // namespace podcore::pod
