// Private: the pieces a cloned child runs between clone3 and execve, shared
// by spawn_container and exec_in_container. Everything here is a raw system
// call on memory prepared by the parent before the clone: no allocation, no
// locks, no glibc wrappers that broadcast to other threads (setgroups,
// setresuid and setresgid go through syscall(2) for that reason: glibc's
// set*id wrappers signal every thread of the process image, and the child's
// copy of that thread list names threads that do not exist in it).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "sandbox/security.hpp"

namespace podcore::sandbox::detail {

/// Where a child failed; the parent turns it into a stage name.
enum class ChildStage : int {
  kSync = 1,
  kSetns,
  kMountPrivate,
  kMount,
  kMkdir,
  kMknod,
  kSymlink,
  kMask,
  kReadonlyPath,
  kSysctl,
  kPivotRoot,
  kRemountRo,
  kChdir,
  kChroot,
  kCapBound,
  kSetgroups,
  kSetgid,
  kSetuid,
  kCapset,
  kNoNewPrivs,
  kStdio,
  kTty,
  kExec,
};

/// The dotted stage name of a ChildStage ("sandbox.mount", ...).
std::string_view child_stage_name(ChildStage s);

/// The record a failed child writes to the report socket.
struct ChildReport {
  int stage = 0;
  int err = 0;
  int op = -1;               ///< index of the failing operation (mount list, exec candidate), or -1
  int64_t monotonic_ns = 0;  ///< kRootfsReadyReport: when (CLOCK_MONOTONIC, the child's clock)
};

/// Credentials to take before exec.
struct ChildCreds {
  uid_t uid = 0;
  gid_t gid = 0;
  const gid_t* groups = nullptr;
  size_t ngroups = 0;
  CapMask bounding = 0;
  CapMask permitted = 0;
  CapMask effective = 0;
  CapMask inheritable = 0;
  int last_cap = 40;  ///< highest capability number the kernel knows
  bool no_new_privs = false;
};

/// Writes the report and _exit(127)s.
[[noreturn]] void child_fail(int report_fd, ChildStage stage, int err, int op = -1) noexcept;

/// Bounding set, groups, gid, uid (keeping capabilities across the uid
/// change), capset, no_new_privs. On failure sets *stage and returns errno.
int child_apply_creds(const ChildCreds& c, ChildStage* stage) noexcept;

/// Makes fds[0..2] the process's 0, 1, 2 (-1: leave /dev/null opened from
/// `devnull`), then marks every other descriptor close-on-exec. Returns errno.
int child_setup_stdio(const int fds[3], const char* devnull) noexcept;

/// Tries execve on each candidate; returns on failure with the errno to
/// report and the candidate index in *op (ENOENT when none exists).
int child_exec(const char* const* candidates, size_t n, char* const* argv, char* const* envp,
               int* op) noexcept;

/// mkdir -p on a mutable copy of the path. Returns errno or 0.
int child_mkdir_p(char* path, mode_t mode) noexcept;

/// clone3(2) without a new stack (fork-like: the child continues on a
/// copy-on-write copy of the caller's stack). Returns the pid in the parent,
/// 0 in the child, -1 with errno.
pid_t raw_clone3(uint64_t flags, int* pidfd_out, int cgroup_fd) noexcept;

/// "no such file or directory": errno text as Go prints it.
std::string go_errno_text(int err);

/// The one report that is not a failure: the child's root filesystem is in
/// place (mounts, pivot_root, working directory); execve comes next.
inline constexpr int kRootfsReadyReport = 0;

/// Parent side: reads the child's report. 0 bytes (the socket closed by
/// execve) → returns false; a failure report → true and fills *out. A
/// kRootfsReadyReport is skipped, the time the child stamped on it stored in
/// *rootfs_ready (the parent may read it late: it overlaps container starts).
bool read_child_report(int fd, ChildReport* out, SteadyTime* rootfs_ready = nullptr);

/// A vector of C strings pointing into `owned` (kept alive by the caller),
/// nullptr-terminated.
std::vector<char*> c_string_array(std::vector<std::string>& owned);

}  // namespace podcore::sandbox::detail
