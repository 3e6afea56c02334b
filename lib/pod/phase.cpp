#include "pod/phase.hpp"

#include <map>

#include "manifest/resources.hpp"

namespace podcore::pod {

namespace {

const manifest::ContainerStatus* find_status(const std::vector<manifest::ContainerStatus>& list,
                                             const std::string& name) {
  for (const auto& s : list)
    if (s.name == name) return &s;
  return nullptr;
}

// Waiting after a termination: the container is in back-off between runs.
bool waiting_after_termination(const manifest::ContainerStatus& s) {
  return s.state.waiting && s.lastState.terminated.has_value();
}

}  // namespace

bool is_terminal_phase(const std::string& phase) {
  return phase == "Succeeded" || phase == "Failed";
}

std::string next_phase(const std::string& previous, const std::string& computed) {
  return is_terminal_phase(previous) ? previous : computed;
}

std::string compute_pod_phase(const manifest::PodSpec& spec, const manifest::PodStatus& status,
                              bool pod_is_terminal) {
  int pending_init = 0, failed_init = 0, pending_sidecar = 0;
  int running = 0, waiting = 0, stopped = 0, succeeded = 0, unknown = 0;

  for (const auto& c : spec.initContainers) {
    const auto* s = find_status(status.initContainerStatuses, c.name);
    if (manifest::is_sidecar(c)) {
      // Terminated sidecars do not count: they are restarted regardless.
      if (s == nullptr) {
        ++unknown;
      } else if (s->state.running) {
        ++running;
        if (!s->started.value_or(false)) ++pending_sidecar;
      } else if (s->state.waiting && !s->lastState.terminated) {
        ++waiting;
        ++pending_sidecar;
      }
      continue;
    }
    if (s == nullptr || s->state.running || (s->state.waiting && !s->lastState.terminated)) {
      ++pending_init;
    } else if (s->state.terminated) {
      if (s->state.terminated->exitCode != 0) ++failed_init;
    } else if (waiting_after_termination(*s)) {
      if (s->lastState.terminated->exitCode != 0) ++failed_init;
    } else {
      ++pending_init;  // a status with no state at all: not started yet
    }
  }

  bool regular_started = false;
  for (const auto& c : spec.containers) {
    const auto* s = find_status(status.containerStatuses, c.name);
    if (s == nullptr) {
      ++unknown;
      continue;
    }
    if (s->state.running) {
      ++running;
      regular_started = true;
    } else if (s->state.terminated) {
      ++stopped;
      regular_started = true;
      if (s->state.terminated->exitCode == 0) ++succeeded;
    } else if (waiting_after_termination(*s)) {
      ++stopped;
      regular_started = true;
      if (s->lastState.terminated->exitCode == 0) ++succeeded;
    } else if (s->state.waiting) {
      ++waiting;
    } else {
      ++unknown;
    }
  }

  const std::string& policy = spec.restartPolicy;
  if (failed_init > 0 && policy == "Never") return "Failed";
  if (pending_init > 0 || (pending_sidecar > 0 && !regular_started) || waiting > 0)
    return "Pending";
  if (running > 0 && unknown == 0) return "Running";
  if (running == 0 && stopped > 0 && unknown == 0) {
    if (pod_is_terminal) return stopped == succeeded ? "Succeeded" : "Failed";
    if (policy == "Always") return "Running";
    if (stopped == succeeded) return "Succeeded";
    if (policy == "Never") return "Failed";
    return "Running";
  }
  return "Pending";
}

}  // namespace podcore::pod
