// podcore::pod::Runtime: the pod runtime as an orchestrator links it. It
// composes every layer (manifest → state → cgroup → sandbox → network →
// monitor) with a rollback at each step, and reads what the monitors write.
// Several processes may use one state directory at once.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "cgroup/driver.hpp"
#include "manifest/pod_types.hpp"
#include "net/network.hpp"
#include "pod/container_log.hpp"
#include "pod/events.hpp"
#include "pod/phase_timings.hpp"
#include "pod/watch.hpp"

namespace podcore::pod {

/// Runtime options (all have defaults).
struct RuntimeOptions {
  std::filesystem::path state_dir = "/run/podcore";
  net::NetworkConfig network;  ///< its state_dir is set to state_dir
  std::string cgroup_root = "/sys/fs/cgroup";
  std::string cgroup_parent = "podcore";
  std::optional<int64_t> pids_max;     ///< pod-level pids.max
  std::filesystem::path monitor_path;  ///< empty: $PODCORE_MONITOR_PATH, the build's, or beside us
  std::string node_name;               ///< empty: the host name
  LogRotation log_rotation;
  /// Test hook: create fails at step N (1 store, 2 cgroup, 3 sandbox,
  /// 4 network, 5 pod files, 6 monitor, 7 created: the monitor runs) to
  /// prove the rollback; 0: off. Also read from $PODCORE_FAULT_STEP.
  int fault_step = 0;
  /// Test hook: create stops for good at step N (same numbers), after
  /// printing "podcore: paused at create step N" to stderr, so that a test
  /// can SIGKILL the process there and prove that the next open() rolls the
  /// half-made pod back; 0: off. Also read from $PODCORE_FAULT_PAUSE_STEP.
  int fault_pause_step = 0;
  /// Test hook: remove() fails before step N (1 stop the monitor, 2 kill
  /// the processes, 3 network, 4 sandbox, 5 cgroup, 6 files and name),
  /// leaving the pod for another remove() to finish; 0: off. Also read
  /// from $PODCORE_DELETE_FAULT_STEP.
  int delete_fault_step = 0;
  /// Pods admitted at once (kubelet's --max-pods; its default 110).
  int64_t max_pods = 110;
  /// cgroup v1/hybrid: turn on the kernel's favordynmods when the cgroup
  /// parent is created (cgroup::ManagerOptions::favor_dynmods); off when
  /// $PODCORE_CGROUP_FAVORDYNMODS is "0" or "false".
  bool cgroup_favor_dynmods = true;
};

/// Options of create().
struct CreateOptions {
  std::string namespace_;  ///< empty: the manifest's, else "default"
  /// Wait until the pod is Running with every container ready, or terminal.
  bool wait_ready = false;
  std::chrono::milliseconds timeout{std::chrono::seconds(60)};
};

/// What create() returns.
struct CreateResult {
  manifest::Pod pod;                  ///< as stored, with its status when create returned
  std::vector<std::string> warnings;  ///< API-server warnings (kubectl's "Warning:" lines)
  PhaseTimings timings;  ///< validate, store, sandbox, network, files, launch (pod cgroup, monitor
                         ///< start), monitor
};

/// What remove() returns.
struct DeleteResult {
  /// stop (the monitor stops the containers and exits), processes, network,
  /// sandbox, cgroup, files.
  PhaseTimings timings;
};

/// Options of remove().
struct DeleteOptions {
  std::optional<int64_t> grace_seconds;  ///< empty: the pod's terminationGracePeriodSeconds
  bool force = false;                    ///< grace 0: SIGKILL at once
};

/// I/O of exec().
struct ExecIo {
  int stdin_fd = -1;
  int stdout_fd = -1;
  int stderr_fd = -1;
  bool tty = false;
  /// > 0: kill the command after this long (kTimeout); not with tty.
  std::chrono::milliseconds timeout{0};
};

class Runtime {
 public:
  /// Opens (creating) the state directory and the layers; recovers what a
  /// crashed create left half-made. Errors name the stage.
  static Result<std::unique_ptr<Runtime>> open(RuntimeOptions options);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  /// Creates the pod in `manifest` (YAML or JSON, exactly one Pod).
  /// Invalid manifests: kInvalid with field causes, nothing created. A name
  /// in use: kAlreadyExists `pods "x" already exists`. Infrastructure
  /// failures roll back every step and name the stage. Workload failures
  /// (image, command, crash) leave the pod, its status saying why.
  Result<CreateResult> create(std::string_view manifest, const CreateOptions& options);

  /// The pod as stored (spec + live status). kNotFound `pods "x" not found`.
  Result<manifest::Pod> get(const std::string& namespace_, const std::string& name);
  /// Every pod of a namespace (nullopt: all), sorted by namespace and name.
  Result<std::vector<manifest::Pod>> list(const std::optional<std::string>& namespace_);
  /// The pod's events, repeats folded.
  Result<std::vector<Event>> events(const std::string& namespace_, const std::string& name);
  /// A container's log (empty container: the first one).
  Result<std::string> logs(const std::string& namespace_, const std::string& name,
                           const std::string& container, const LogQuery& query);
  /// Runs a command in a running container; returns its exit code.
  Result<int> exec(const std::string& namespace_, const std::string& name,
                   const std::string& container, const std::vector<std::string>& argv,
                   const ExecIo& io);
  /// CPU and memory of the pod (empty container) or one container.
  Result<cgroup::CgroupStats> stats(const std::string& namespace_, const std::string& name,
                                    const std::string& container = {});
  /// Deletes the pod gracefully (or forcefully) and waits until everything
  /// it had is gone: processes, network, namespaces, cgroups, files.
  Result<DeleteResult> remove(const std::string& namespace_, const std::string& name,
                              const DeleteOptions& options);
  /// Waits until `pred(pod)` holds or `timeout` passes (kTimeout).
  Result<manifest::Pod> wait_for(const std::string& namespace_, const std::string& name,
                                 bool (*pred)(const manifest::Pod&),
                                 std::chrono::milliseconds timeout);

  /// Watches the pods of a namespace (nullopt: all): ADDED for each
  /// existing pod, then MODIFIED/DELETED as they change (pod/watch.hpp).
  Result<std::unique_ptr<PodWatch>> watch(const std::optional<std::string>& namespace_);
  /// Calls on_event for every event until it returns false or `stop` is requested.
  Result<void> watch(const std::optional<std::string>& namespace_,
                     const std::function<bool(const WatchEvent&)>& on_event,
                     std::stop_token stop = {});

  [[nodiscard]] const RuntimeOptions& options() const;
  /// What open() could not set up on this node and works around (today:
  /// the cgroup layer's favordynmods note); podctl prints each as a warning.
  [[nodiscard]] std::vector<std::string> node_warnings() const;

  struct Impl;

 private:
  explicit Runtime(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Running with every container ready, or terminal: create's wait_ready.
bool pod_ready_or_done(const manifest::Pod& pod);

}  // namespace podcore::pod
