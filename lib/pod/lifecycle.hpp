// The pod lifecycle tracker: kubelet's pod worker for one pod, as a pure
// state machine. The monitor feeds it what happened (a container started,
// exited, failed to start, a probe answered, a delete was asked for) and
// carries out what it returns (start this container, stop that one); the
// tracker keeps the pod's status (container states, restart counts, phase,
// conditions) and the events, with Kubernetes' rules:
//   - init containers one at a time, in order; sidecars (restartPolicy
//     Always) started in order and waited for until started;
//   - regular containers after initialization; restart by restartPolicy
//     with the CrashLoopBackOff back-off (backoff.hpp); a failed init
//     container fails a Never pod;
//   - startup/liveness/readiness probe thresholds; liveness and startup
//     failures kill the container, which then restarts by policy;
//   - activeDeadlineSeconds → Failed/DeadlineExceeded; delete → stop
//     regular containers, then sidecars in reverse order.
// It makes no system calls; time comes in as arguments.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.hpp"
#include "manifest/pod_types.hpp"
#include "pod/backoff.hpp"
#include "pod/events.hpp"

namespace podcore::pod {

/// What the monitor must do.
struct LifecycleAction {
  enum class Type {
    kStart,  ///< create and start `container` (a new instance)
    kStop,   ///< run its preStop hook, send the stop signal, SIGKILL after `grace_seconds`
  };
  Type type = Type::kStart;
  std::string container;
  bool init = false;  ///< the container is in spec.initContainers
  int64_t grace_seconds = 0;
};

/// How a container instance ended.
struct ContainerExit {
  int exit_code = 0;        ///< 128 + signal for a signal death, as runtimes report it
  bool oom_killed = false;  ///< its cgroup recorded an OOM kill
  std::string message;      ///< the termination message
};

/// A start that did not produce a running process.
struct StartFailure {
  std::string reason;  ///< CreateContainerConfigError, CreateContainerError, ErrImageNeverPull, ...
  std::string message;  ///< kubelet-style text
  bool created =
      false;  ///< the process existed and failed at exec (RunContainerError): counts as a run
};

enum class ProbeKind { kStartup, kLiveness, kReadiness };

/// A probe the monitor must run now (at most one in flight per probe).
struct ProbeRequest {
  std::string container;
  ProbeKind kind = ProbeKind::kLiveness;
  const manifest::Probe* probe = nullptr;  ///< points into the tracker's pod
};

class PodLifecycle {
 public:
  /// `pod` as created (defaulted, with status.phase Pending and the
  /// PodScheduled condition). Every container gets its initial Waiting status.
  explicit PodLifecycle(manifest::Pod pod, WallTime now);

  /// The sandbox and network are up: containers may start.
  void sandbox_ready(const std::vector<std::string>& pod_ips, const std::string& host_ip,
                     WallTime now);

  /// Decides what to do now. Call after every input and at next_wakeup().
  std::vector<LifecycleAction> sync(WallTime now, SteadyTime mono);

  /// The process runs. With `post_start_pending` the container's postStart
  /// hook runs now: as kubelet, the container stays Waiting (ContainerCreating),
  /// not started and unprobed, until post_start_done.
  void container_started(const std::string& name, const std::string& container_id,
                         const std::optional<manifest::ContainerUser>& user, WallTime now,
                         SteadyTime mono, bool post_start_pending = false);
  /// The postStart hook finished. A failure (`message` in kubelet's words)
  /// records FailedPostStartHook, kills the container (a kStop from sync)
  /// and restarts it by policy, Waiting with PostStartHookError meanwhile.
  void post_start_done(const std::string& name, bool success, const std::string& message,
                       WallTime now, SteadyTime mono);
  void container_start_failed(const std::string& name, const StartFailure& failure, WallTime now,
                              SteadyTime mono);
  void container_exited(const std::string& name, const ContainerExit& exit, WallTime now,
                        SteadyTime mono);

  /// Probes due at `mono`; each is marked in flight until probe_result.
  std::vector<ProbeRequest> due_probes(SteadyTime mono);
  void probe_result(const std::string& name, ProbeKind kind, bool success,
                    const std::string& output, WallTime now, SteadyTime mono);

  /// Graceful delete with `grace_seconds` (sets deletionTimestamp).
  void request_delete(int64_t grace_seconds, WallTime now);

  /// When sync or due_probes must run next (back-off end, probe period,
  /// deadline); nullopt when only an input can change anything.
  [[nodiscard]] std::optional<SteadyTime> next_wakeup() const;

  /// Nothing runs and nothing will start again (terminal or deleted).
  [[nodiscard]] bool done() const;
  [[nodiscard]] bool deleting() const { return deleting_; }

  [[nodiscard]] const manifest::Pod& pod() const { return pod_; }
  /// Appends `text` to the annotation `key`, space-separated (the monitor's
  /// per-container timings after create()'s in podcore.io/phase-timings).
  void append_annotation(const std::string& key, const std::string& text);

  /// True (once) when the status changed since the last call.
  bool take_status_changed();
  /// Events recorded since the last call.
  std::vector<EventRecord> take_events();

 private:
  enum class Run { kNone, kStarting, kRunning, kExited, kStopping };
  struct ProbeState {
    int successes = 0, failures = 0;
    bool in_flight = false;
    SteadyTime next_due{};
  };
  struct Ctr {
    size_t index = 0;  // in spec.initContainers or spec.containers
    bool init = false, sidecar = false;
    Run run = Run::kNone;
    bool ever_ran = false;
    bool restart_after_stop = false;  // stopped by a failed probe: restart by policy
    bool post_start = false;          // process runs, its postStart hook has not finished
    std::optional<std::string> post_start_error;  // the hook failed: PostStartHookError message
    std::string started_at;                       // RFC 3339 start of the current instance
    std::optional<SteadyTime> finished;
    std::optional<SteadyTime> retry_at;  // start failure: when to try again
    ProbeState startup, liveness, readiness;
  };

  Ctr* find(const std::string& name);
  const manifest::Container& spec_of(const Ctr& c) const;
  const manifest::Probe* probe_of(const Ctr& c, ProbeKind kind) const;
  ProbeState& probe_state(Ctr& c, ProbeKind kind);
  manifest::ContainerStatus& status_of(const Ctr& c);
  std::string field_path(const Ctr& c) const;
  void event(const Ctr* c, const char* type, const std::string& reason, const std::string& message,
             WallTime now);
  bool should_restart(const Ctr& c) const;
  void maybe_start(Ctr& c, std::vector<LifecycleAction>& out, WallTime now, SteadyTime mono);
  void stop(Ctr& c, int64_t grace, std::vector<LifecycleAction>& out, WallTime now);
  void stop_all(std::vector<LifecycleAction>& out, WallTime now);
  void kill_for_probe(Ctr& c, const char* probe, WallTime now);
  void mark_running(Ctr& c, SteadyTime mono);
  void refresh_status(WallTime now);
  int64_t pod_grace() const;

  manifest::Pod pod_;
  std::vector<Ctr> ctrs_;  // init containers first, then regular, in spec order
  RestartBackoff backoff_;
  RestartBackoff start_retry_;
  bool sandbox_ready_ = false;
  bool initialized_ = false;
  bool terminal_ = false;  // nothing restarts any more (completed, failed, deadline)
  bool deleting_ = false;
  int64_t delete_grace_ = 0;
  std::vector<LifecycleAction> pending_stops_;  // probe kills, handed out by sync
  std::vector<EventRecord> events_;
  bool status_changed_ = true;
  manifest::PodStatus published_;  // the status as take_status_changed last reported it
};

}  // namespace podcore::pod
