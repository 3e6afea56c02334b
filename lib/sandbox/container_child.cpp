// The async-signal-safe child side of spawn and exec.
#include "sandbox/container_child.hpp"

#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

namespace podcore::sandbox::detail {

std::string_view child_stage_name(ChildStage s) {
  switch (s) {
    case ChildStage::kSync: return "sandbox.sync";
    case ChildStage::kSetns: return "sandbox.setns";
    case ChildStage::kMountPrivate: return "sandbox.mount_private";
    case ChildStage::kMount: return "sandbox.mount";
    case ChildStage::kMkdir: return "sandbox.mkdir";
    case ChildStage::kMknod: return "sandbox.mknod";
    case ChildStage::kSymlink: return "sandbox.symlink";
    case ChildStage::kMask: return "sandbox.masked_path";
    case ChildStage::kReadonlyPath: return "sandbox.readonly_path";
    case ChildStage::kSysctl: return "sandbox.sysctl";
    case ChildStage::kPivotRoot: return "sandbox.pivot_root";
    case ChildStage::kRemountRo: return "sandbox.remount_ro";
    case ChildStage::kChdir: return "sandbox.chdir";
    case ChildStage::kChroot: return "sandbox.chroot";
    case ChildStage::kCapBound: return "sandbox.capbset";
    case ChildStage::kSetgroups: return "sandbox.setgroups";
    case ChildStage::kSetgid: return "sandbox.setgid";
    case ChildStage::kSetuid: return "sandbox.setuid";
    case ChildStage::kCapset: return "sandbox.capset";
    case ChildStage::kNoNewPrivs: return "sandbox.no_new_privs";
    case ChildStage::kStdio: return "sandbox.stdio";
    case ChildStage::kTty: return "sandbox.tty";
    case ChildStage::kExec: return "sandbox.exec";
  }
  return "sandbox.child";
}

void child_fail(int report_fd, ChildStage stage, int err, int op) noexcept {
  ChildReport r{static_cast<int>(stage), err, op};
  ssize_t n;
  do {
    n = ::send(report_fd, &r, sizeof r, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  ::_exit(127);
}

int child_apply_creds(const ChildCreds& c, ChildStage* stage) noexcept {
  // Keep the permitted set across the uid change; capset restores the rest.
  if (::prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0) {
    *stage = ChildStage::kCapBound;
    return errno;
  }
  for (int cap = 0; cap <= c.last_cap && cap < 64; ++cap) {
    if ((c.bounding & (CapMask{1} << cap)) != 0) continue;
    if (::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL) {
      *stage = ChildStage::kCapBound;
      return errno;
    }
  }
  if (::syscall(SYS_setgroups, c.ngroups, c.groups) != 0) {
    *stage = ChildStage::kSetgroups;
    return errno;
  }
  if (::syscall(SYS_setresgid, c.gid, c.gid, c.gid) != 0) {
    *stage = ChildStage::kSetgid;
    return errno;
  }
  if (::syscall(SYS_setresuid, c.uid, c.uid, c.uid) != 0) {
    *stage = ChildStage::kSetuid;
    return errno;
  }
  __user_cap_header_struct hdr{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2]{};
  data[0].effective = static_cast<uint32_t>(c.effective);
  data[1].effective = static_cast<uint32_t>(c.effective >> 32);
  data[0].permitted = static_cast<uint32_t>(c.permitted);
  data[1].permitted = static_cast<uint32_t>(c.permitted >> 32);
  data[0].inheritable = static_cast<uint32_t>(c.inheritable);
  data[1].inheritable = static_cast<uint32_t>(c.inheritable >> 32);
  if (::syscall(SYS_capset, &hdr, data) != 0) {
    *stage = ChildStage::kCapset;
    return errno;
  }
  if (::prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) != 0) {
    *stage = ChildStage::kCapset;
    return errno;
  }
  if (c.no_new_privs && ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    *stage = ChildStage::kNoNewPrivs;
    return errno;
  }
  return 0;
}

int child_setup_stdio(const int fds[3], const char* devnull) noexcept {
  // Move the caller's descriptors above 2 first, so that one given as 0..2
  // is not overwritten before it is used.
  int tmp[3];
  for (int i = 0; i < 3; ++i) {
    int src = fds[i];
    if (src < 0) src = ::open(devnull, i == 0 ? O_RDONLY : O_WRONLY);
    if (src < 0) return errno;
    tmp[i] = ::fcntl(src, F_DUPFD_CLOEXEC, 3);
    if (tmp[i] < 0) return errno;
  }
  for (int i = 0; i < 3; ++i) {
    if (::dup2(tmp[i], i) < 0) return errno;  // dup2 clears close-on-exec on i
  }
  if (::syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) != 0) return errno;
  return 0;
}

int child_exec(const char* const* candidates, size_t n, char* const* argv, char* const* envp,
               int* op) noexcept {
  // The program starts as runc starts it: no signal blocked, none ignored.
  // Whoever cloned us (the pod monitor blocks SIGTERM/SIGCHLD for its
  // signalfd and ignores SIGPIPE) passes both through execve otherwise, and
  // a shell's `trap ... TERM` would never run.
  sigset_t none;
  ::sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) ::sigaction(sig, &dfl, nullptr);
  int result = ENOENT;
  *op = n > 0 ? 0 : -1;
  bool seen_eacces = false;
  for (size_t i = 0; i < n; ++i) {
    ::execve(candidates[i], argv, envp);
    int e = errno;
    if (e == ENOENT || e == ENOTDIR) continue;
    if (e == EACCES) {
      // execvp's rule: remember, keep looking, report EACCES if nothing runs.
      if (!seen_eacces) *op = static_cast<int>(i);
      seen_eacces = true;
      result = EACCES;
      continue;
    }
    *op = static_cast<int>(i);
    return e;
  }
  return result;
}

int child_mkdir_p(char* path, mode_t mode) noexcept {
  // Usually the directory or its parent exists: one call instead of a walk
  // over every component of the (long) host path.
  if (::mkdir(path, mode) == 0 || errno == EEXIST) return 0;
  if (errno != ENOENT) return errno;
  for (char* p = path + 1; *p != '\0'; ++p) {
    if (*p != '/') continue;
    *p = '\0';
    int rc = ::mkdir(path, mode);
    int e = errno;
    *p = '/';
    if (rc != 0 && e != EEXIST) return e;
  }
  if (::mkdir(path, mode) != 0 && errno != EEXIST) return errno;
  return 0;
}

namespace {
struct CloneArgs {
  uint64_t flags;
  uint64_t pidfd;
  uint64_t child_tid;
  uint64_t parent_tid;
  uint64_t exit_signal;
  uint64_t stack;
  uint64_t stack_size;
  uint64_t tls;
  uint64_t set_tid;
  uint64_t set_tid_size;
  uint64_t cgroup;
};
constexpr uint64_t kCloneIntoCgroup = 0x200000000ULL;
}  // namespace

pid_t raw_clone3(uint64_t flags, int* pidfd_out, int cgroup_fd) noexcept {
  CloneArgs args{};
  args.flags = flags | CLONE_PIDFD;
  args.pidfd = reinterpret_cast<uint64_t>(pidfd_out);
  args.exit_signal = SIGCHLD;
  if (cgroup_fd >= 0) {
    args.flags |= kCloneIntoCgroup;
    args.cgroup = static_cast<uint64_t>(cgroup_fd);
  }
  return static_cast<pid_t>(::syscall(SYS_clone3, &args, sizeof args));
}

std::string go_errno_text(int err) {
  std::string s = std::error_code(err, std::generic_category()).message();
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z' && !(s.size() > 1 && s[1] >= 'A' && s[1] <= 'Z')) {
    s[0] = static_cast<char>(s[0] - 'A' + 'a');
  }
  return s;
}

bool read_child_report(int fd, ChildReport* out, SteadyTime* rootfs_ready) {
  while (true) {
    ssize_t n = ::recv(fd, out, sizeof *out, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n == static_cast<ssize_t>(sizeof *out) && out->stage == kRootfsReadyReport) {
      if (rootfs_ready != nullptr)
        *rootfs_ready = SteadyTime(std::chrono::nanoseconds(out->monotonic_ns));
      continue;
    }
    if (n == static_cast<ssize_t>(sizeof *out)) return true;
    if (n < 0) {
      *out = ChildReport{static_cast<int>(ChildStage::kSync), errno, -1};
      return true;
    }
    return false;
  }
}

std::vector<char*> c_string_array(std::vector<std::string>& owned) {
  std::vector<char*> out;
  out.reserve(owned.size() + 1);
  for (auto& s : owned) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace podcore::sandbox::detail
