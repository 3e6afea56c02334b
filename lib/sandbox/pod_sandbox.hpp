// The pod sandbox: the namespaces a pod's containers share, pinned so that no
// process has to stay alive to keep them, plus the pod's /dev/shm.
//
// Layout inside the pod directory (pods/<UID>/):
//
//   ns/          a private bind mount of itself, holding the pins
//   ns/net       bind mount of the pod's network namespace   (absent with hostNetwork)
//   ns/uts       bind mount of the pod's UTS namespace       (absent with hostNetwork)
//   ns/ipc       bind mount of the pod's IPC namespace       (absent with hostIPC)
//   ns/pid       bind mount of the pause process's PID namespace (shareProcessNamespace only)
//   shm/         the pod's /dev/shm: a 64 MiB tmpfs (absent with hostIPC: the host's /dev/shm)
//
// The pod files (etc-hosts, resolv.conf, hostname) are written by
// write_pod_files (pod_files.hpp) into the same directory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "base/error.hpp"
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
  std::string hostname;  ///< set in the new UTS namespace (ignored with host_network)
  std::uint64_t shm_size = kDefaultShmSize;
  std::filesystem::path pause_path;  ///< podcore-pause; empty: find_pause_program()
};

/// A created sandbox.
struct PodSandbox {
  PodNamespaces namespaces;
  std::filesystem::path shm;  ///< the pod's /dev/shm source (bind-mount it at /dev/shm)
};

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
/// forked), sets the host name, pins them under pod_dir/ns/, mounts the
/// /dev/shm tmpfs and, with share_process_namespace, starts podcore-pause as
/// PID 1 of a new PID namespace (clone3 + exec; only raw system calls
/// between them) and pins that namespace. On any failure everything made so
/// far is undone. Errors: kSystem with stage "sandbox.namespaces",
/// "sandbox.pin", "sandbox.shm" or "sandbox.pause", naming the path.
Result<PodSandbox> create_pod_sandbox(const SandboxOptions& options);

/// Undoes create_pod_sandbox: kills the pause process (only if it still is
/// the one whose PID namespace is pinned: PIDs are reused) and reaps it when
/// it is our child, unmounts (MNT_DETACH) each pin, the pin directory and the
/// shm tmpfs, removes the files and directories (not pod_dir itself, nor the
/// pod files). Idempotent: missing parts are fine. kSystem on the first
/// failure, after trying everything.
Result<void> teardown_pod_sandbox(const std::filesystem::path& pod_dir,
                                  std::optional<int> pause_pid = std::nullopt);

}  // namespace podcore::sandbox
