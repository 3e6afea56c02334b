// The per-pod monitor: one small process per pod (tools/podcore-monitor)
// that owns the pod's containers. It is a child subreaper, so every process
// of the pod is reparented to it; it survives the process that created the
// pod. Its loop (epoll over a signalfd, a timerfd, the containers' output
// pipes, their OOM watches, a control socket and probe results) feeds the
// lifecycle tracker (lifecycle.hpp) and carries out what it decides, and it
// is the only writer of pods/<UID>/status.json.
//
// Files it keeps in the pod directory:
//   monitor                 "<pid> <start time>" of the monitor (liveness check)
//   monitor.sock            control socket (datagrams: "delete <grace seconds>")
//   containers/<name>/pid   "<pid> <start time>" of the running instance (exec)
//   containers/<name>/<n>.log   CRI logs of instance n (container_log.hpp)
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "pod/container_log.hpp"

namespace podcore::pod {

/// How the runtime starts a monitor (passed on its command line).
struct MonitorOptions {
  std::filesystem::path state_dir;
  std::string uid;
  std::string cgroup_root = "/sys/fs/cgroup";
  std::string cgroup_parent = "podcore";
  std::string pod_cgroup;  ///< the pod's cgroup path, relative to the root
  std::vector<std::string> pod_ips;
  std::string host_ip;
  std::string node_name;
  LogRotation log_rotation;
  int ready_fd = -1;  ///< "ok\n" or "error: ...\n" is written once the first containers started
  bool daemonize = false;  ///< fork once at start so that the starter is not our parent
  /// >= 0: the monitor sets itself up while its creator attaches the network,
  /// then waits here for "go [pod IP…]\n" (the IPs replace pod_ips; the pod
  /// record is read again). EOF instead: it exits at once, having started
  /// nothing; the creator rolls the pod back.
  int go_fd = -1;
  /// >= 0 with go_fd: the creator's flock(2) on the pod's `creating` file,
  /// shared until go (or exit). A recovery that finds the creator dead waits
  /// for this lock, so that it never tears down under a monitor still setting up.
  int lock_fd = -1;
  /// Inherited descriptors of the pod's namespaces (-1: the host's), held
  /// for the pod's life: nothing else keeps them (pod_sandbox.hpp).
  int net_fd = -1;
  int uts_fd = -1;
  int ipc_fd = -1;
  int pid_fd = -1;
};

/// The command line for `options` (argv without the program).
std::vector<std::string> monitor_args(const MonitorOptions& options);
/// Parses what monitor_args produced. kInvalid on anything else.
Result<MonitorOptions> parse_monitor_args(const std::vector<std::string>& args);

/// Runs the monitor until the pod is done (deleted, or terminal with nothing
/// left to run). Returns the process exit code.
int run_monitor(const MonitorOptions& options);

/// "<pid> <start time>" identity of a process (start time in clock ticks
/// since boot, /proc/<pid>/stat field 22): PIDs are reused, this pair is not.
struct ProcessRef {
  int pid = 0;
  unsigned long long start_time = 0;
};
/// The identity of live process `pid`; nullopt when it does not exist or is
/// a zombie.
std::optional<ProcessRef> process_identity(int pid);
/// Reads an identity file; nullopt when missing or malformed.
std::optional<ProcessRef> read_identity_file(const std::filesystem::path& path);
/// Writes `id` to `path` atomically.
Result<void> write_identity_file(const std::filesystem::path& path, const ProcessRef& id);
/// True when the process in the identity file is still that process.
bool identity_alive(const ProcessRef& id);

}  // namespace podcore::pod
