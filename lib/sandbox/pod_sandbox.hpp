// The pod sandbox: the namespaces a pod's containers share, held by file
// descriptors, plus the pod's /dev/shm.
//
// Nothing of it is mounted in the host's mount namespace. Every mount there
// is copied by each container's CLONE_NEWNS (and walked again by its
// MS_REC|MS_PRIVATE and the detach of its old root), so bind-mount pins and
// a shm tmpfs per pod made every container start slower with every pod
// running (2500 extra mounts: +32 ms per web-sync pod here). Instead:
//
//   - create_pod_sandbox returns descriptors of the new namespaces; the
//     runtime hands them to the pod's monitor, which holds them for the
//     pod's life (the pod's containers hold them too). When the last holder
//     is gone the kernel frees them, the veth pair with the network one.
//   - the monitor enters a mount namespace of its own
//     (enter_private_mount_namespace) and mounts the pod's /dev/shm there
//     (mount_pod_shm); its containers are cloned from that namespace.
//
// Files inside the pod directory (pods/<UID>/):
//
//   pause        "<pid> <dev> <ino>": the pause process and its PID
//                namespace (shareProcessNamespace only), for teardown
//   shm/         mount point of the pod's /dev/shm (mounted in the
//                monitor's mount namespace; absent with hostIPC)
//
// The pod files (etc-hosts, resolv.conf, hostname) are written by
// write_pod_files (pod_files.hpp) into the same directory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "base/error.hpp"
#include "base/unique_fd.hpp"
#include "manifest/pod_types.hpp"
#include "sandbox/types.hpp"

namespace podcore::sandbox {

/// 64 MiB: the /dev/shm size containerd and CRI-O give a sandbox.
inline constexpr std::uint64_t kDefaultShmSize = 64ull << 20;

/// What create_pod_sandbox makes.
struct SandboxOptions {
  std::filesystem::path pod_dir;         ///< pods/<UID>/ (created if missing)
  std::string pod_name;                  ///< for error messages
  bool host_network = false;             ///< use the host's net and UTS namespaces
  bool host_ipc = false;                 ///< use the host's IPC namespace and /dev/shm
  bool share_process_namespace = false;  ///< a PID namespace with the pause process as PID 1
  std::string hostname;              ///< set in the new UTS namespace (ignored with host_network)
  std::filesystem::path pause_path;  ///< podcore-pause; empty: find_pause_program()
};

/// A created sandbox: the only references to its namespaces (besides the
/// pause process's PID namespace, which lives as long as the pause process).
struct PodSandbox {
  unique_fd net;  ///< invalid with hostNetwork
  unique_fd uts;  ///< invalid with hostNetwork
  unique_fd ipc;  ///< invalid with hostIPC
  unique_fd pid;  ///< the pause process's PID namespace; shareProcessNamespace only
  std::optional<int> pause_pid;

  /// Paths to the descriptors above (namespace_paths), valid in this
  /// process while this object holds them.
  PodNamespaces namespaces() const;
};

/// The PodNamespaces of descriptors held by the calling process:
/// /proc/self/fd/<N> for each fd >= 0, empty for -1.
PodNamespaces namespace_paths(int net, int uts, int ipc, int pid);

/// The options Kubernetes' rules give for `pod` (hostname from
/// pod_hostname(): spec.hostname or the name, truncated; setHostnameAsFQDN).
/// kInvalid from pod_hostname.
Result<SandboxOptions> sandbox_options_for(const manifest::Pod& pod,
                                           const std::filesystem::path& pod_dir);

/// Finds the podcore-pause executable: $PODCORE_PAUSE_PATH, then from the
/// file this code was loaded from (libpodcore.so.1 or the executable): the
/// installed <libexecdir>/podcore/, beside it, the build tree's
/// tools/podcore-pause/; then /usr/local/libexec/podcore/ and
/// /usr/libexec/podcore/. kNotFound listing what was tried.
Result<std::filesystem::path> find_pause_program();

/// Creates the pod's net/UTS/IPC namespaces in a short-lived helper thread
/// (unshare(2) affects only the calling thread, so a threaded host is never
/// forked), sets the host name, opens a descriptor of each and, with
/// share_process_namespace, starts podcore-pause as PID 1 of a new PID
/// namespace (clone3 + exec; only raw system calls between them) and records
/// it in pod_dir/pause. On any failure everything made so far is undone.
/// Errors: kSystem with stage "sandbox.namespaces", "sandbox.pin" or
/// "sandbox.pause", naming the path.
Result<PodSandbox> create_pod_sandbox(const SandboxOptions& options);

/// Moves the calling process (it must not share its file system attributes
/// with other processes: call it before starting threads) into a new mount
/// namespace that receives the host's mount events but sends none back
/// (MS_REC | MS_SLAVE). kSystem with stage "sandbox.mounts".
Result<void> enter_private_mount_namespace();

/// The pod's /dev/shm: "/dev/shm" with host_ipc; otherwise mounts a tmpfs of
/// `size` bytes (mode 1777, nosuid, nodev, noexec) on pod_dir/shm in the
/// caller's mount namespace and returns that path. kSystem with stage
/// "sandbox.shm".
Result<std::filesystem::path> mount_pod_shm(const std::filesystem::path& pod_dir, bool host_ipc,
                                            std::uint64_t size = kDefaultShmSize);

/// Undoes create_pod_sandbox: kills the pause process (only if it still is
/// the one recorded in pod_dir/pause, by its PID namespace: PIDs are reused)
/// and reaps it when it is our child, unmounts (MNT_DETACH) the shm tmpfs if
/// this mount namespace has it (and the ns/ pins of a pod made by an older
/// version), removes the files and directories (not pod_dir itself, nor the
/// pod files). Idempotent: missing parts are fine. kSystem on the first
/// failure, after trying everything.
Result<void> teardown_pod_sandbox(const std::filesystem::path& pod_dir,
                                  std::optional<int> pause_pid = std::nullopt);

}  // namespace podcore::sandbox
