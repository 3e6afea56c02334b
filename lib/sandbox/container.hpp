// Spawning a container into a pod sandbox: a new mount namespace with an
// overlay root filesystem, a new PID namespace (or the pod's shared one),
// the pod's net/UTS/IPC namespaces, volumes, capabilities, identity, and the
// process itself — one clone3 and one execve, no helper process.
//
// Layout under the pod directory (pods/<UID>/):
//   containers/<name>/upper, work   overlay upper and work directories
//   containers/<name>/rootfs        the overlay mount point (mounted only
//                                   inside the container's mount namespace,
//                                   so nothing is left on the host)
//   containers/<name>/termination-log  bind-mounted at terminationMessagePath
//   volumes/<name>/                 emptyDir and downwardAPI volumes
//   etc-hosts, resolv.conf, hostname, shm/   written by the pod sandbox
#pragma once

#include <sys/types.h>

#include <chrono>
#include <expected>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "base/unique_fd.hpp"
#include "manifest/pod_types.hpp"
#include "sandbox/downward.hpp"
#include "sandbox/security.hpp"
#include "sandbox/types.hpp"

namespace podcore::sandbox {

/// Everything the lifecycle layer gives to start one container.
struct SpawnRequest {
  const manifest::Pod* pod = nullptr;              ///< metadata, volumes, pod securityContext
  const manifest::Container* container = nullptr;  ///< the container to start (any list)
  const Image* image = nullptr;                    ///< the resolved image
  PodNamespaces namespaces;                        ///< empty paths: the host's namespace
  std::filesystem::path pod_dir;                   ///< pods/<UID>
  std::vector<std::string> pod_ips;                ///< status.podIPs
  NodeInfo node;                                   ///< nodeName, hostIP, allocatable
  std::string hostname;           ///< HOSTNAME env; empty: the pod's hostname file or metadata.name
  std::filesystem::path shm_dir;  ///< the pod's /dev/shm; empty: pod_dir/shm if it exists,
                                  ///< else a private tmpfs
  int stdin_fd = -1;              ///< -1: /dev/null inside the container
  int stdout_fd = -1;
  int stderr_fd = -1;
  /// Run in the parent with the child's pid while the child waits, before it
  /// sets anything up (the cgroup layer's join goes here).
  std::function<Result<void>(pid_t)> before_exec;
  /// A cgroup directory fd (cgroup2 only) for clone3 CLONE_INTO_CGROUP; -1: none.
  int cgroup_fd = -1;
  /// Discard an existing overlay upper dir (a restarted container starts from
  /// the image again, as Kubernetes does).
  bool fresh_rootfs = true;
};

/// How long spawn_container's parts took.
struct SpawnTimings {
  std::chrono::nanoseconds prepare{};  ///< configuration, volumes, container dir (this process)
  std::chrono::nanoseconds clone{};    ///< clone3 and before_exec (the cgroup join)
  std::chrono::nanoseconds rootfs{};   ///< from there to the child's root filesystem in place
  std::chrono::nanoseconds exec{};     ///< from there to execve (credentials, stdio, exec)
};

/// A started container process.
struct SpawnedContainer {
  pid_t pid = -1;                 ///< in the caller's PID namespace
  unique_fd pidfd;                ///< owns the process (waitid(P_PIDFD), pidfd_send_signal)
  ProcessIdentity user;           ///< for status.containerStatuses[].user.linux
  std::vector<std::string> argv;  ///< what was executed
  std::vector<std::string> env;
  std::filesystem::path container_dir;  ///< pods/<UID>/containers/<name>
  SpawnTimings timings;
};

/// Why a container did not start: the container's Waiting reason and
/// message as Kubernetes shows them, and the detailed error (stage, errno,
/// object) behind them.
struct SpawnFailure {
  std::string reason;   ///< CreateContainerConfigError, CreateContainerError, RunContainerError
  std::string message;  ///< e.g. `exec: "foo": executable file not found in $PATH`
  Error error;          ///< stage ("sandbox.exec", "sandbox.mount", ...), errno, object
};

/// Starts the container and returns once it has exec'd its command (or
/// failed). Failures in the child come back through a close-on-exec socket
/// with the stage and errno. Safe to call from a threaded host: between
/// clone3 and execve the child only makes raw system calls on data prepared
/// here. Needs root (CAP_SYS_ADMIN).
std::expected<SpawnedContainer, SpawnFailure> spawn_container(const SpawnRequest& request);

/// A container between its clone3 and its exec (opaque).
struct PendingContainer;
struct PendingContainerDeleter {
  void operator()(PendingContainer* pending) const noexcept;
};
/// Dropping a pending container kills and reaps its child: nothing is left.
using PendingSpawn = std::unique_ptr<PendingContainer, PendingContainerDeleter>;

/// spawn_container's first half: everything up to the child's release, once
/// it is in its cgroup. The child then sets up its root filesystem on its
/// own, while the caller can begin the next container.
std::expected<PendingSpawn, SpawnFailure> begin_container(const SpawnRequest& request);
/// The socket the child reports on: readable once it has set up its root
/// filesystem, exec'd or failed (to wait for several at once).
int report_fd(const PendingContainer& pending);
/// The second half: waits until the child has exec'd its command (or
/// reports why not) and returns it as spawn_container does.
std::expected<SpawnedContainer, SpawnFailure> finish_container(PendingSpawn pending);

/// The container directory pods/<UID>/containers/<name>.
std::filesystem::path container_dir(const std::filesystem::path& pod_dir, std::string_view name);

/// Waits for a spawned process: its exit code (128+signal when killed).
Result<int> wait_container(const SpawnedContainer& c);

/// Unmounts the tmpfs emptyDir volumes under pod_dir/volumes and removes
/// pod_dir/volumes and pod_dir/containers. Idempotent.
Result<void> remove_container_state(const std::filesystem::path& pod_dir);

}  // namespace podcore::sandbox
