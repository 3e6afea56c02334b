#include "pod/pod_row.hpp"

#include <map>
#include <optional>

#include "manifest/resources.hpp"

namespace podcore::pod {

namespace {

using std::chrono::duration_cast;

bool before(const std::optional<WallTime>& a, const std::optional<WallTime>& b) {
  // metav1.Time.Before with zero values: an unset time is before any set one.
  if (!b) return false;
  if (!a) return true;
  return *a < *b;
}

void note_restart(const manifest::ContainerStatus& s, std::optional<WallTime>& last) {
  if (!s.lastState.terminated) return;
  auto t = parse_rfc3339(s.lastState.terminated->finishedAt.rfc3339);
  if (before(last, t)) last = t;
}

std::string terminated_reason(const manifest::ContainerStateTerminated& t, const char* prefix) {
  if (!t.reason.empty()) return prefix + t.reason;
  if (t.signal != 0) return std::string(prefix) + "Signal:" + std::to_string(t.signal);
  return std::string(prefix) + "ExitCode:" + std::to_string(t.exitCode);
}

bool has_condition_true(const manifest::PodStatus& st, const char* type) {
  for (const auto& c : st.conditions)
    if (c.type == type && c.status == "True") return true;
  return false;
}

}  // namespace

std::string human_duration(std::chrono::nanoseconds d) {
  long long seconds = duration_cast<std::chrono::seconds>(d).count();
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60 * 2) return std::to_string(seconds) + "s";
  long long minutes = seconds / 60;
  if (minutes < 10) {
    long long s = seconds % 60;
    return s == 0 ? std::to_string(minutes) + "m"
                  : std::to_string(minutes) + "m" + std::to_string(s) + "s";
  }
  if (minutes < 60 * 3) return std::to_string(minutes) + "m";
  long long hours = minutes / 60;
  if (hours < 8) {
    long long m = minutes % 60;
    return m == 0 ? std::to_string(hours) + "h"
                  : std::to_string(hours) + "h" + std::to_string(m) + "m";
  }
  if (hours < 48) return std::to_string(hours) + "h";
  if (hours < 24 * 8) {
    long long h = hours % 24;
    return h == 0 ? std::to_string(hours / 24) + "d"
                  : std::to_string(hours / 24) + "d" + std::to_string(h) + "h";
  }
  if (hours < 24 * 365 * 2) return std::to_string(hours / 24) + "d";
  if (hours < 24 * 365 * 8) {
    long long dy = (hours / 24) % 365;
    return dy == 0 ? std::to_string(hours / 24 / 365) + "y"
                   : std::to_string(hours / 24 / 365) + "y" + std::to_string(dy) + "d";
  }
  return std::to_string(hours / 24 / 365) + "y";
}

std::string age_since(const manifest::Time& t, WallTime now) {
  auto parsed = parse_rfc3339(t.rfc3339);
  if (!parsed) return "<unknown>";
  return human_duration(duration_cast<std::chrono::nanoseconds>(now - *parsed));
}

PodRow make_pod_row(const manifest::Pod& pod, WallTime now) {
  const auto& spec = pod.spec;
  const auto& st = pod.status;
  int restarts = 0, sidecar_restarts = 0;
  int total = static_cast<int>(spec.containers.size());
  int ready = 0;
  std::optional<WallTime> last_restart, last_sidecar_restart;

  std::string reason = st.phase;
  if (!st.reason.empty()) reason = st.reason;
  for (const auto& c : st.conditions)
    if (c.type == "PodScheduled" && c.reason == "SchedulingGated") reason = "SchedulingGated";

  std::map<std::string, const manifest::Container*> inits;
  for (const auto& c : spec.initContainers) {
    inits[c.name] = &c;
    if (manifest::is_sidecar(c)) ++total;
  }
  auto sidecar = [&](const std::string& name) {
    auto it = inits.find(name);
    return it != inits.end() && manifest::is_sidecar(*it->second);
  };

  bool initializing = false;
  for (size_t i = 0; i < st.initContainerStatuses.size(); ++i) {
    const auto& c = st.initContainerStatuses[i];
    restarts += c.restartCount;
    note_restart(c, last_restart);
    if (sidecar(c.name)) {
      sidecar_restarts += c.restartCount;
      note_restart(c, last_sidecar_restart);
    }
    if (c.state.terminated && c.state.terminated->exitCode == 0) continue;
    if (sidecar(c.name) && c.started.value_or(false)) {
      if (c.ready) ++ready;
      continue;
    }
    if (c.state.terminated) {
      reason = terminated_reason(*c.state.terminated, "Init:");
    } else if (c.state.waiting && !c.state.waiting->reason.empty() &&
               c.state.waiting->reason != "PodInitializing") {
      reason = "Init:" + c.state.waiting->reason;
    } else {
      reason = "Init:" + std::to_string(i) + "/" + std::to_string(spec.initContainers.size());
    }
    initializing = true;
    break;
  }

  if (!initializing || has_condition_true(st, "Initialized")) {
    restarts = sidecar_restarts;
    last_restart = last_sidecar_restart;
    bool has_running = false;
    for (size_t i = st.containerStatuses.size(); i-- > 0;) {
      const auto& c = st.containerStatuses[i];
      restarts += c.restartCount;
      note_restart(c, last_restart);
      if (c.state.waiting && !c.state.waiting->reason.empty()) {
        reason = c.state.waiting->reason;
      } else if (c.state.terminated) {
        reason = terminated_reason(*c.state.terminated, "");
      } else if (c.ready && c.state.running) {
        has_running = true;
        ++ready;
      }
    }
    if (reason == "Completed" && has_running)
      reason = has_condition_true(st, "Ready") ? "Running" : "NotReady";
  }

  if (pod.metadata.deletionTimestamp && st.reason == "NodeLost") {
    reason = "Unknown";
  } else if (pod.metadata.deletionTimestamp && st.phase != "Succeeded" && st.phase != "Failed") {
    reason = "Terminating";
  }

  PodRow row;
  row.name = pod.metadata.name;
  row.ready = std::to_string(ready) + "/" + std::to_string(total);
  row.status = reason;
  row.restarts = std::to_string(restarts);
  if (restarts != 0 && last_restart)
    row.restarts += " (" + human_duration(now - *last_restart) + " ago)";
  row.age = age_since(pod.metadata.creationTimestamp, now);
  row.ip = st.podIP.empty() ? "<none>" : st.podIP;
  row.node = spec.nodeName.empty() ? "<none>" : spec.nodeName;
  return row;
}

}  // namespace podcore::pod
