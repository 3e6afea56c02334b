#include "pod/lifecycle.hpp"

#include <algorithm>

#include "manifest/resources.hpp"
#include "pod/conditions.hpp"
#include "pod/phase.hpp"

namespace podcore::pod {

namespace {

constexpr const char* kNormal = "Normal";
constexpr const char* kWarning = "Warning";

std::chrono::seconds secs(int64_t s) {
  return std::chrono::seconds(s);
}

const char* probe_name(ProbeKind k) {
  switch (k) {
    case ProbeKind::kStartup: return "Startup";
    case ProbeKind::kLiveness: return "Liveness";
    case ProbeKind::kReadiness: return "Readiness";
  }
  return "";
}

manifest::ContainerStateWaiting waiting_state(std::string reason, std::string message = {}) {
  manifest::ContainerStateWaiting w;
  w.reason = std::move(reason);
  w.message = std::move(message);
  return w;
}

void set_waiting(manifest::ContainerStatus& st, std::string reason, std::string message = {}) {
  st.state = {};
  st.state.waiting = waiting_state(std::move(reason), std::move(message));
}

}  // namespace

PodLifecycle::PodLifecycle(manifest::Pod pod, WallTime now) : pod_(std::move(pod)) {
  auto& spec = pod_.spec;
  auto& st = pod_.status;
  st.initContainerStatuses.clear();
  st.containerStatuses.clear();
  const bool has_init = !spec.initContainers.empty();
  for (size_t i = 0; i < spec.initContainers.size(); ++i) {
    Ctr c;
    c.index = i;
    c.init = true;
    c.sidecar = manifest::is_sidecar(spec.initContainers[i]);
    ctrs_.push_back(c);
    auto& s = st.initContainerStatuses.emplace_back();
    s.name = spec.initContainers[i].name;
    s.image = spec.initContainers[i].image;
    s.started = false;
    set_waiting(s, "PodInitializing");
  }
  for (size_t i = 0; i < spec.containers.size(); ++i) {
    Ctr c;
    c.index = i;
    ctrs_.push_back(c);
    auto& s = st.containerStatuses.emplace_back();
    s.name = spec.containers[i].name;
    s.image = spec.containers[i].image;
    s.started = false;
    set_waiting(s, has_init ? "PodInitializing" : "ContainerCreating");
  }
  if (st.phase.empty()) st.phase = "Pending";
  refresh_status(now);
}

const manifest::Container& PodLifecycle::spec_of(const Ctr& c) const {
  return c.init ? pod_.spec.initContainers[c.index] : pod_.spec.containers[c.index];
}

const manifest::Probe* PodLifecycle::probe_of(const Ctr& c, ProbeKind kind) const {
  const auto& spec = spec_of(c);
  const std::optional<manifest::Probe>* p = nullptr;
  switch (kind) {
    case ProbeKind::kStartup: p = &spec.startupProbe; break;
    case ProbeKind::kLiveness: p = &spec.livenessProbe; break;
    case ProbeKind::kReadiness: p = &spec.readinessProbe; break;
  }
  // Regular init containers cannot have probes (validation forbids it).
  if (c.init && !c.sidecar) return nullptr;
  return p->has_value() ? &**p : nullptr;
}

PodLifecycle::ProbeState& PodLifecycle::probe_state(Ctr& c, ProbeKind kind) {
  switch (kind) {
    case ProbeKind::kStartup: return c.startup;
    case ProbeKind::kLiveness: return c.liveness;
    case ProbeKind::kReadiness: break;
  }
  return c.readiness;
}

PodLifecycle::Ctr* PodLifecycle::find(const std::string& name) {
  for (auto& c : ctrs_)
    if (spec_of(c).name == name) return &c;
  return nullptr;
}

manifest::ContainerStatus& PodLifecycle::status_of(const Ctr& c) {
  return c.init ? pod_.status.initContainerStatuses[c.index]
                : pod_.status.containerStatuses[c.index];
}

std::string PodLifecycle::field_path(const Ctr& c) const {
  return (c.init ? "spec.initContainers{" : "spec.containers{") + spec_of(c).name + "}";
}

void PodLifecycle::event(const Ctr* c, const char* type, const std::string& reason,
                         const std::string& message, WallTime now) {
  events_.push_back({type, reason, message, c ? field_path(*c) : std::string(), "kubelet", now});
}

int64_t PodLifecycle::pod_grace() const {
  if (deleting_) return delete_grace_;
  return pod_.spec.terminationGracePeriodSeconds.value_or(30);
}

void PodLifecycle::sandbox_ready(const std::vector<std::string>& pod_ips,
                                 const std::string& host_ip, WallTime now) {
  sandbox_ready_ = true;
  auto& st = pod_.status;
  st.podIPs.clear();
  for (const auto& ip : pod_ips) st.podIPs.emplace_back().ip = ip;
  st.podIP = pod_ips.empty() ? std::string() : pod_ips.front();
  st.hostIP = host_ip;
  st.hostIPs.clear();
  if (!host_ip.empty()) st.hostIPs.emplace_back().ip = host_ip;
  if (!st.startTime) st.startTime = manifest::Time{format_rfc3339(now)};
  refresh_status(now);
}

bool PodLifecycle::should_restart(const Ctr& c) const {
  if (deleting_ || terminal_) return false;
  if (c.sidecar) return true;
  const std::string& policy = pod_.spec.restartPolicy;
  if (policy == "Always" && !c.init) return true;
  const auto& st =
      c.init ? pod_.status.initContainerStatuses[c.index] : pod_.status.containerStatuses[c.index];
  const auto* t = st.state.terminated       ? &*st.state.terminated
                  : st.lastState.terminated ? &*st.lastState.terminated
                                            : nullptr;
  bool failed = t != nullptr && t->exitCode != 0;
  if (c.init) return failed && policy != "Never";
  return policy == "OnFailure" && failed;
}

void PodLifecycle::maybe_start(Ctr& c, std::vector<LifecycleAction>& out, WallTime now,
                               SteadyTime mono) {
  auto& st = status_of(c);
  const auto& spec = spec_of(c);
  if (c.run == Run::kExited && c.finished) {
    const std::string key =
        backoff_key(pod_.metadata.name, pod_.metadata.namespace_, pod_.metadata.uid, spec.name);
    if (backoff_.in_backoff(key, *c.finished, mono)) {
      auto delay = backoff_.delay(key);
      std::string msg = crash_loop_message(delay, spec.name, pod_.metadata.name,
                                           pod_.metadata.namespace_, pod_.metadata.uid);
      if (!st.state.waiting || st.state.waiting->reason != "CrashLoopBackOff") {
        if (st.state.terminated) st.lastState.terminated = st.state.terminated;
        set_waiting(st, "CrashLoopBackOff", msg);
        event(&c, kWarning, "BackOff",
              "Back-off restarting failed container " + spec.name + " in pod " +
                  pod_.metadata.name + "_" + pod_.metadata.namespace_ + "(" + pod_.metadata.uid +
                  ")",
              now);
      }
      return;
    }
    backoff_.next(key, *c.finished);
  }
  if (c.retry_at && mono < *c.retry_at) return;  // a failed start waits its turn
  if (st.state.terminated) {
    st.lastState = {};
    st.lastState.terminated = st.state.terminated;
  }
  if (!st.state.waiting || st.state.waiting->reason == "CrashLoopBackOff" ||
      st.state.waiting->reason == "PodInitializing")
    set_waiting(st, "ContainerCreating");
  c.run = Run::kStarting;
  c.retry_at.reset();
  out.push_back({LifecycleAction::Type::kStart, spec.name, c.init, 0});
}

void PodLifecycle::stop(Ctr& c, int64_t grace, std::vector<LifecycleAction>& out, WallTime now) {
  if (c.run != Run::kRunning && c.run != Run::kStarting) return;
  c.run = Run::kStopping;
  event(&c, kNormal, "Killing", "Stopping container " + spec_of(c).name, now);
  out.push_back({LifecycleAction::Type::kStop, spec_of(c).name, c.init, grace});
}

void PodLifecycle::stop_all(std::vector<LifecycleAction>& out, WallTime now) {
  // Regular (and regular init) containers first, in parallel; sidecars only
  // once those are gone, in reverse order, one after the other.
  bool regular_left = false;
  for (auto& c : ctrs_) {
    if (c.sidecar) continue;
    stop(c, pod_grace(), out, now);
    regular_left = regular_left || c.run == Run::kStopping;
  }
  if (regular_left) return;
  for (auto it = ctrs_.rbegin(); it != ctrs_.rend(); ++it) {
    if (!it->sidecar) continue;
    if (it->run == Run::kStopping) return;
    if (it->run == Run::kRunning || it->run == Run::kStarting) {
      stop(*it, pod_grace(), out, now);
      return;
    }
  }
}

std::vector<LifecycleAction> PodLifecycle::sync(WallTime now, SteadyTime mono) {
  std::vector<LifecycleAction> out = std::move(pending_stops_);
  pending_stops_.clear();
  auto& st = pod_.status;

  if (!terminal_ && !deleting_ && pod_.spec.activeDeadlineSeconds && st.startTime) {
    auto started = parse_rfc3339(st.startTime->rfc3339);
    if (started && now - *started >= secs(*pod_.spec.activeDeadlineSeconds)) {
      terminal_ = true;
      st.phase = "Failed";
      st.reason = "DeadlineExceeded";
      st.message = "Pod was active on the node longer than the specified deadline";
      event(nullptr, kNormal, "DeadlineExceeded", st.message, now);
    }
  }
  if (terminal_ || deleting_) {
    stop_all(out, now);
    refresh_status(now);
    return out;
  }
  if (!sandbox_ready_) return out;

  if (!initialized_) {
    bool done_init = true;
    for (auto& c : ctrs_) {
      if (!c.init) continue;
      auto& s = status_of(c);
      if (c.sidecar) {
        if (c.run == Run::kRunning && s.started.value_or(false)) continue;
        if (c.run == Run::kNone || c.run == Run::kExited) maybe_start(c, out, now, mono);
        done_init = false;
        break;
      }
      if (c.run == Run::kExited && s.state.terminated && s.state.terminated->exitCode == 0)
        continue;
      if (c.run == Run::kExited && !should_restart(c)) {
        if (pod_.spec.restartPolicy == "Never") terminal_ = true;
        done_init = false;
        break;
      }
      if (c.run == Run::kNone || c.run == Run::kExited) maybe_start(c, out, now, mono);
      done_init = false;
      break;
    }
    if (terminal_) {
      stop_all(out, now);
      refresh_status(now);
      return out;
    }
    if (done_init) {
      initialized_ = true;
      for (auto& c : ctrs_) {
        auto& s = status_of(c);
        if (!c.init && s.state.waiting && s.state.waiting->reason == "PodInitializing")
          set_waiting(s, "ContainerCreating");
      }
    }
  }

  if (initialized_) {
    bool regular_active = false;
    for (auto& c : ctrs_) {
      if (c.init && !c.sidecar) continue;
      if (c.run == Run::kNone || (c.run == Run::kExited && should_restart(c)))
        maybe_start(c, out, now, mono);
      if (!c.init && c.run != Run::kExited) regular_active = true;
      if (!c.init && c.run == Run::kExited && should_restart(c)) regular_active = true;
    }
    if (!regular_active) {
      // Every regular container finished for good: the pod is done; its
      // sidecars are stopped now.
      terminal_ = true;
      stop_all(out, now);
    }
  }
  refresh_status(now);
  return out;
}

void PodLifecycle::container_started(const std::string& name, const std::string& container_id,
                                     const std::optional<manifest::ContainerUser>& user,
                                     WallTime now, SteadyTime mono, bool post_start_pending) {
  Ctr* c = find(name);
  if (c == nullptr) return;
  auto& st = status_of(*c);
  if (c->ever_ran) ++st.restartCount;
  c->ever_ran = true;
  c->finished.reset();
  c->post_start_error.reset();
  c->started_at = format_rfc3339(now);
  st.containerID = container_id;
  st.user = user;
  event(c, kNormal, "Started", "Started container " + name, now);
  if (post_start_pending) {
    // kubelet's pod worker is inside startContainer until the hook returns:
    // the status it last wrote (Waiting) stays, and no probe runs yet.
    c->run = Run::kStarting;
    c->post_start = true;
    refresh_status(now);
    return;
  }
  mark_running(*c, mono);
  refresh_status(now);
}

void PodLifecycle::mark_running(Ctr& c, SteadyTime mono) {
  auto& st = status_of(c);
  c.run = Run::kRunning;
  c.post_start = false;
  st.state = {};
  st.state.running.emplace().startedAt.rfc3339 = c.started_at;
  const bool has_startup = probe_of(c, ProbeKind::kStartup) != nullptr;
  st.started = !has_startup;
  st.ready = !has_startup && probe_of(c, ProbeKind::kReadiness) == nullptr;
  for (ProbeKind k : {ProbeKind::kStartup, ProbeKind::kLiveness, ProbeKind::kReadiness}) {
    ProbeState& ps = probe_state(c, k);
    ps = {};
    const auto* p = probe_of(c, k);
    if (p == nullptr) continue;
    // kubelet runs a readiness probe as soon as the container runs (past the delay), but
    // liveness and startup probes only on the worker's ticks, one period apart: the first
    // run is the first tick strictly past initialDelaySeconds, so a liveness probe never
    // catches a process that has only just been exec'd.
    const int period = std::max(1, p->periodSeconds);
    const int delay = std::max(0, p->initialDelaySeconds);
    ps.next_due = mono + secs(k == ProbeKind::kReadiness ? delay : (delay / period + 1) * period);
  }
}

void PodLifecycle::post_start_done(const std::string& name, bool success,
                                   const std::string& message, WallTime now, SteadyTime mono) {
  Ctr* c = find(name);
  if (c == nullptr || !c->post_start || c->run != Run::kStarting) return;
  c->post_start = false;
  if (success) {
    mark_running(*c, mono);
    refresh_status(now);
    return;
  }
  // kuberuntime startContainer: the event leaves the hook's output out (it
  // may hold secrets); the message goes to the Waiting reason instead.
  event(c, kWarning, "FailedPostStartHook", "PostStartHook failed", now);
  c->post_start_error = message;
  c->run = Run::kStopping;
  c->restart_after_stop = true;
  set_waiting(status_of(*c), "PostStartHookError", message);
  event(c, kNormal, "Killing", "FailedPostStartHook", now);
  pending_stops_.push_back({LifecycleAction::Type::kStop, spec_of(*c).name, c->init, pod_grace()});
  refresh_status(now);
}

void PodLifecycle::container_start_failed(const std::string& name, const StartFailure& failure,
                                          WallTime now, SteadyTime mono) {
  Ctr* c = find(name);
  if (c == nullptr) return;
  auto& st = status_of(*c);
  event(c, kWarning, "Failed", "Error: " + failure.message, now);
  if (failure.created) {
    // The process existed and failed at exec: a run that ended (containerd's
    // StartError, exit code 128), restarted by policy with back-off.
    if (c->ever_ran) ++st.restartCount;
    c->ever_ran = true;
    c->run = Run::kExited;
    c->finished = mono;
    st.state = {};
    auto& t = st.state.terminated.emplace();
    t.exitCode = 128;
    t.reason = "StartError";
    t.message = failure.message;
    t.startedAt.rfc3339 = t.finishedAt.rfc3339 = format_rfc3339(now);
    st.ready = false;
    st.started = false;
    manifest::ContainerStateTerminated ended = t;
    set_waiting(st, "RunContainerError", failure.message);
    st.lastState = {};
    st.lastState.terminated = std::move(ended);
    refresh_status(now);
    return;
  }
  // Nothing was created: stay Waiting with the reason and retry later.
  c->run = c->ever_ran ? Run::kExited : Run::kNone;
  const std::string key =
      "start/" + backoff_key(pod_.metadata.name, pod_.metadata.namespace_, pod_.metadata.uid, name);
  c->retry_at = mono + start_retry_.next(key, mono);
  if (c->run == Run::kExited && st.state.terminated) {
    st.lastState = {};
    st.lastState.terminated = st.state.terminated;
  }
  if (failure.reason == "ErrImagePull") {
    // Shown as ImagePullBackOff while the next attempt waits.
    set_waiting(st, "ImagePullBackOff", "Back-off pulling image \"" + spec_of(*c).image + "\"");
  } else {
    set_waiting(st, failure.reason, failure.message);
  }
  refresh_status(now);
}

void PodLifecycle::container_exited(const std::string& name, const ContainerExit& exit,
                                    WallTime now, SteadyTime mono) {
  Ctr* c = find(name);
  if (c == nullptr) return;
  auto& st = status_of(*c);
  const std::string started_at = c->started_at;
  c->run = Run::kExited;
  c->post_start = false;
  c->finished = mono;
  st.state = {};
  auto& t = st.state.terminated.emplace();
  t.exitCode = exit.exit_code;
  t.reason = exit.oom_killed ? "OOMKilled" : exit.exit_code == 0 ? "Completed" : "Error";
  t.message = exit.message;
  t.startedAt.rfc3339 = started_at;
  t.finishedAt.rfc3339 = format_rfc3339(now);
  t.containerID = st.containerID;
  st.ready = false;
  st.started = false;
  for (ProbeKind k : {ProbeKind::kStartup, ProbeKind::kLiveness, ProbeKind::kReadiness})
    probe_state(*c, k) = {};
  if (c->restart_after_stop) c->restart_after_stop = false;
  if (c->post_start_error && should_restart(*c)) {
    // kubelet's reason cache: a container to be restarted after a failed
    // postStart hook shows Waiting PostStartHookError, the run in lastState.
    st.lastState = {};
    st.lastState.terminated = st.state.terminated;
    set_waiting(st, "PostStartHookError", *c->post_start_error);
  }
  refresh_status(now);
}

std::vector<ProbeRequest> PodLifecycle::due_probes(SteadyTime mono) {
  std::vector<ProbeRequest> out;
  if (deleting_ || terminal_) return out;
  for (auto& c : ctrs_) {
    if (c.run != Run::kRunning) continue;
    const bool started = status_of(c).started.value_or(false);
    for (ProbeKind k : {ProbeKind::kStartup, ProbeKind::kLiveness, ProbeKind::kReadiness}) {
      const auto* p = probe_of(c, k);
      if (p == nullptr || (k == ProbeKind::kStartup) == started) continue;
      ProbeState& ps = probe_state(c, k);
      if (ps.in_flight || mono < ps.next_due) continue;
      ps.in_flight = true;
      out.push_back({spec_of(c).name, k, p});
    }
  }
  return out;
}

void PodLifecycle::kill_for_probe(Ctr& c, const char* probe, WallTime now) {
  if (c.run != Run::kRunning) return;
  const auto* p = probe_of(
      c, std::string_view(probe) == "startup" ? ProbeKind::kStartup : ProbeKind::kLiveness);
  int64_t grace =
      p && p->terminationGracePeriodSeconds ? *p->terminationGracePeriodSeconds : pod_grace();
  c.run = Run::kStopping;
  c.restart_after_stop = true;
  event(&c, kNormal, "Killing",
        "Container " + spec_of(c).name + " failed " + probe + " probe, will be restarted", now);
  pending_stops_.push_back({LifecycleAction::Type::kStop, spec_of(c).name, c.init, grace});
}

void PodLifecycle::probe_result(const std::string& name, ProbeKind kind, bool success,
                                const std::string& output, WallTime now, SteadyTime mono) {
  Ctr* c = find(name);
  if (c == nullptr) return;
  const auto* p = probe_of(*c, kind);
  ProbeState& ps = probe_state(*c, kind);
  ps.in_flight = false;
  if (p == nullptr || c->run != Run::kRunning) return;
  ps.next_due = mono + secs(std::max(1, p->periodSeconds));
  auto& st = status_of(*c);
  if (success) {
    ps.failures = 0;
    ++ps.successes;
    if (ps.successes < std::max(1, p->successThreshold)) return;
    if (kind == ProbeKind::kStartup && !st.started.value_or(false)) {
      st.started = true;
      if (probe_of(*c, ProbeKind::kReadiness) == nullptr) st.ready = true;
      for (ProbeKind k : {ProbeKind::kLiveness, ProbeKind::kReadiness})
        if (probe_of(*c, k) != nullptr) probe_state(*c, k).next_due = mono;
    } else if (kind == ProbeKind::kReadiness) {
      st.ready = true;
    }
  } else {
    ps.successes = 0;
    ++ps.failures;
    event(c, kWarning, "Unhealthy", std::string(probe_name(kind)) + " probe failed: " + output,
          now);
    if (ps.failures < std::max(1, p->failureThreshold)) return;
    if (kind == ProbeKind::kReadiness) {
      st.ready = false;
    } else {
      kill_for_probe(*c, kind == ProbeKind::kStartup ? "startup" : "liveness", now);
    }
  }
  refresh_status(now);
}

void PodLifecycle::request_delete(int64_t grace_seconds, WallTime now) {
  if (deleting_) {
    // A second delete may only shorten the grace period.
    delete_grace_ = std::min(delete_grace_, grace_seconds);
  } else {
    deleting_ = true;
    delete_grace_ = grace_seconds;
  }
  pod_.metadata.deletionGracePeriodSeconds = delete_grace_;
  pod_.metadata.deletionTimestamp = manifest::Time{format_rfc3339(now + secs(delete_grace_))};
  status_changed_ = true;
}

std::optional<SteadyTime> PodLifecycle::next_wakeup() const {
  std::optional<SteadyTime> next;
  auto consider = [&](SteadyTime t) {
    if (!next || t < *next) next = t;
  };
  for (const auto& c : ctrs_) {
    if (c.retry_at) consider(*c.retry_at);
    if (c.run == Run::kExited && c.finished) {
      const std::string key = backoff_key(pod_.metadata.name, pod_.metadata.namespace_,
                                          pod_.metadata.uid, spec_of(c).name);
      auto d = backoff_.delay(key);
      if (d.count() > 0) consider(*c.finished + d);
    }
    if (c.run == Run::kRunning)
      for (const ProbeState* ps : {&c.startup, &c.liveness, &c.readiness})
        if (!ps->in_flight && ps->next_due != SteadyTime{}) consider(ps->next_due);
  }
  return next;
}

bool PodLifecycle::done() const {
  if (!terminal_ && !deleting_) return false;
  for (const auto& c : ctrs_)
    if (c.run == Run::kRunning || c.run == Run::kStarting || c.run == Run::kStopping) return false;
  return true;
}

void PodLifecycle::refresh_status(WallTime now) {
  auto& st = pod_.status;
  manifest::PodStatus before = st;
  const bool nothing_runs = std::none_of(ctrs_.begin(), ctrs_.end(), [](const Ctr& c) {
    return c.run == Run::kRunning || c.run == Run::kStarting || c.run == Run::kStopping;
  });
  std::string phase = compute_pod_phase(pod_.spec, st, (terminal_ || deleting_) && nothing_runs);
  if (st.reason != "DeadlineExceeded") st.phase = next_phase(st.phase, phase);
  st.conditions = compute_conditions(pod_.spec, st, sandbox_ready_, now);
  if (!(before == st)) status_changed_ = true;
}

void PodLifecycle::append_annotation(const std::string& key, const std::string& text) {
  std::string& value = pod_.metadata.annotations[key];
  value += (value.empty() ? "" : " ") + text;
  status_changed_ = true;
}

bool PodLifecycle::take_status_changed() {
  // Against what was last handed out: an input may change a field (a restart
  // count, a Waiting reason) without moving the phase or a condition.
  bool changed = std::exchange(status_changed_, false);
  if (!(pod_.status == published_)) {
    published_ = pod_.status;
    changed = true;
  }
  return changed;
}

std::vector<EventRecord> PodLifecycle::take_events() {
  return std::exchange(events_, {});
}

}  // namespace podcore::pod
