// Exec into a running container (kubectl exec): a new process in all the
// namespaces, the cgroups, the root directory, the identity and the
// capabilities of the container's process.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "base/error.hpp"

namespace podcore::sandbox {

/// What to run in which container.
struct ExecRequest {
  int pidfd = -1;  ///< the container's process; preferred over pid
  pid_t pid = -1;  ///< used (pidfd_open) when pidfd is -1
  std::vector<std::string> argv;
  std::vector<std::string> env;  ///< empty: the container process's initial environment
  std::string working_dir;       ///< empty: "/"
  bool tty = false;    ///< run on a new pty of the container's devpts; output relayed to stdout_fd
  int stdin_fd = -1;   ///< -1: /dev/null
  int stdout_fd = -1;  ///< -1: /dev/null
  int stderr_fd = -1;  ///< -1: /dev/null (ignored with tty: the pty carries both)
  /// > 0: SIGKILL the command when it runs longer and fail with kTimeout
  /// (not with tty, whose relay runs until the command exits).
  std::chrono::milliseconds timeout{0};
};

/// Runs `argv` inside the container and waits for it. Returns the exit code
/// (128+signal when killed). The process enters the target's mount, net,
/// UTS, IPC, cgroup and PID namespaces (setns on a pidfd), joins its cgroup
/// in every hierarchy (before exec), chroots to its root, takes its
/// uid/gid/groups, bounding/permitted/effective capabilities and
/// no_new_privs. `argv[0]` is looked up in the PATH of the env. Errors:
/// kNotFound for a gone process, kSystem with stage "sandbox.exec*" and the
/// object, kNotFound stage "sandbox.exec" with `executable file not found in
/// $PATH` for a missing command.
Result<int> exec_in_container(const ExecRequest& request);

}  // namespace podcore::sandbox
