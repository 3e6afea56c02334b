// Pod sandbox: pinned net/UTS/IPC (and PID) namespaces, the pause process,
// the /dev/shm tmpfs, and their teardown.
#include "sandbox/pod_sandbox.hpp"

#include <fcntl.h>
#include <linux/sched.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

#include "base/helper_program.hpp"
#include "base/unique_fd.hpp"
#include "sandbox/pod_files.hpp"
#include "sandbox/pod_format.hpp"

namespace podcore::sandbox {

namespace fs = std::filesystem;

namespace {

struct NsKind {
  const char* name;
  int flag;
};

fs::path ns_dir(const fs::path& pod_dir) {
  return pod_dir / "ns";
}
fs::path shm_dir(const fs::path& pod_dir) {
  return pod_dir / "shm";
}

// Creates an empty file and bind-mounts `source` (a /proc/.../ns/<kind>
// link) on it. The nsfs inode behind the mount keeps the namespace alive.
Result<void> pin(const std::string& source, const fs::path& target) {
  unique_fd fd(::open(target.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0444));
  if (!fd) return fail_errno(errno, "sandbox.pin", target.string(), "create pin file");
  fd.reset();
  if (::mount(source.c_str(), target.c_str(), nullptr, MS_BIND, nullptr) != 0)
    return fail_errno(errno, "sandbox.pin", target.string(), "bind mount " + source);
  return {};
}

// The ns directory becomes a mount point of its own with private
// propagation, so the pins neither propagate to peer mounts (a shared /)
// nor receive unmounts from them.
Result<void> make_private_ns_dir(const fs::path& dir) {
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    return fail_errno(errno, "sandbox.pin", dir.string(), "mkdir");
  if (::mount(dir.c_str(), dir.c_str(), nullptr, MS_BIND, nullptr) != 0)
    return fail_errno(errno, "sandbox.pin", dir.string(), "bind mount onto itself");
  if (::mount(nullptr, dir.c_str(), nullptr, MS_PRIVATE, nullptr) != 0)
    return fail_errno(errno, "sandbox.pin", dir.string(), "make private");
  return {};
}

// Starts the pause program as PID 1 of a new PID namespace, from the
// calling thread (so it also gets that thread's net/UTS/IPC namespaces).
// Between clone3 and execve the child makes raw system calls only: the host
// may be threaded, and a forked copy must not touch locks held by others.
Result<pid_t> start_pause(const fs::path& path) {
  std::string p = path.string();
  char arg0[] = "podcore-pause";
  char* argv[] = {arg0, nullptr};
  char* envp[] = {nullptr};
  int pipefd[2];
  if (::pipe2(pipefd, O_CLOEXEC) != 0) return fail_errno(errno, "sandbox.pause", p, "pipe2");
  unique_fd rd(pipefd[0]), wr(pipefd[1]);

  // Signals stay blocked across clone so no host handler runs in the child;
  // the pause program sets its own mask.
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  clone_args args{};
  args.flags = CLONE_NEWPID | CLONE_VFORK;
  args.exit_signal = SIGCHLD;
  long pid = ::syscall(SYS_clone3, &args, sizeof args);
  if (pid == 0) {
    ::execve(p.c_str(), argv, envp);
    int e = errno;
    (void)!::write(wr.get(), &e, sizeof e);
    ::_exit(127);
  }
  int clone_errno = errno;
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  if (pid < 0) return fail_errno(clone_errno, "sandbox.pause", p, "clone3(CLONE_NEWPID)");
  // CLONE_VFORK: the child has exec'd or exited by now.
  wr.reset();
  int child_errno = 0;
  if (::read(rd.get(), &child_errno, sizeof child_errno) == sizeof child_errno) {
    ::waitpid(static_cast<pid_t>(pid), nullptr, 0);
    return fail_errno(child_errno, "sandbox.pause", p, "exec");
  }
  return static_cast<pid_t>(pid);
}

struct ThreadOut {
  std::optional<Error> error;
  std::optional<pid_t> pause_pid;
};

// Runs in the helper thread: unshare, hostname, pins, pause.
void sandbox_thread(const SandboxOptions& o, const fs::path& pause, ThreadOut& out) {
  int flags = 0;
  std::vector<NsKind> kinds;
  if (!o.host_network) {
    flags |= CLONE_NEWNET | CLONE_NEWUTS;
    kinds.push_back({"net", CLONE_NEWNET});
    kinds.push_back({"uts", CLONE_NEWUTS});
  }
  if (!o.host_ipc) {
    flags |= CLONE_NEWIPC;
    kinds.push_back({"ipc", CLONE_NEWIPC});
  }
  if (flags && ::unshare(flags) != 0) {
    out.error = fail_errno(errno, "sandbox.namespaces", o.pod_name, "unshare").error();
    return;
  }
  if (!o.host_network && !o.hostname.empty() &&
      ::sethostname(o.hostname.data(), o.hostname.size()) != 0) {
    out.error =
        fail_errno(errno, "sandbox.namespaces", o.pod_name, "sethostname \"" + o.hostname + "\"")
            .error();
    return;
  }
  std::string self = podfmt::format("/proc/self/task/{}/ns/", ::gettid());
  for (const auto& k : kinds) {
    if (auto r = pin(self + k.name, ns_dir(o.pod_dir) / k.name); !r) {
      out.error = r.error();
      return;
    }
  }
  if (o.share_process_namespace) {
    auto pid = start_pause(pause);
    if (!pid) {
      out.error = pid.error();
      return;
    }
    out.pause_pid = *pid;
    if (auto r = pin(podfmt::format("/proc/{}/ns/pid", *pid), ns_dir(o.pod_dir) / "pid"); !r) {
      out.error = r.error();
      return;
    }
  }
}

bool same_inode(const std::string& a, const std::string& b) {
  struct stat sa {
  }, sb{};
  return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev &&
         sa.st_ino == sb.st_ino;
}

// Kills `pid` and waits (bounded) until it is gone; reaps it when it is our
// child.
void kill_and_wait(pid_t pid) {
  unique_fd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  if (!pidfd) return;  // already gone
  ::syscall(SYS_pidfd_send_signal, pidfd.get(), SIGKILL, nullptr, 0);
  pollfd p{pidfd.get(), POLLIN, 0};
  ::poll(&p, 1, 2000);
  ::waitpid(pid, nullptr, WNOHANG);  // ECHILD when another process started it
}

// Every process whose PID namespace is the pinned one (used when the caller
// no longer knows the pause PID). Killing PID 1 kills the rest.
std::vector<pid_t> processes_in_ns(const fs::path& pid_pin) {
  std::vector<pid_t> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/proc", ec)) {
    const std::string name = e.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    if (same_inode(e.path().string() + "/ns/pid", pid_pin.string()))
      out.push_back(static_cast<pid_t>(std::atoi(name.c_str())));
  }
  return out;
}

void note(std::optional<Error>& first, int err, const fs::path& path, const char* what) {
  if (!first) first = fail_errno(err, "sandbox.teardown", path.string(), what).error();
}

void unmount_and_remove(const fs::path& path, bool is_dir, std::optional<Error>& first) {
  if (::umount2(path.c_str(), MNT_DETACH) != 0 && errno != EINVAL && errno != ENOENT)
    note(first, errno, path, "umount");
  int r = is_dir ? ::rmdir(path.c_str()) : ::unlink(path.c_str());
  if (r != 0 && errno != ENOENT) note(first, errno, path, is_dir ? "rmdir" : "unlink");
}

}  // namespace

Result<SandboxOptions> sandbox_options_for(const manifest::Pod& pod, const fs::path& pod_dir) {
  auto host = pod_hostname(pod);
  if (!host) return std::unexpected(host.error());
  SandboxOptions o;
  o.pod_dir = pod_dir;
  o.pod_name = pod.metadata.name;
  o.host_network = pod.spec.hostNetwork;
  o.host_ipc = pod.spec.hostIPC;
  o.share_process_namespace = pod.spec.shareProcessNamespace.value_or(false) && !pod.spec.hostPID;
  o.hostname = host->kernel;
  return o;
}

Result<fs::path> find_pause_program() {
  std::vector<fs::path> tried;
  if (const char* env = std::getenv("PODCORE_PAUSE_PATH"); env && *env) tried.emplace_back(env);
  // Then from where this code was loaded (the installed libexec dir, beside
  // it, the build tree), then the system's libexec dirs.
  for (auto& p : helper_program_candidates("podcore-pause")) tried.push_back(std::move(p));
  std::string list;
  for (const auto& p : tried) {
    if (::access(p.c_str(), X_OK) == 0) return p;
    list += (list.empty() ? "" : ", ") + p.string();
  }
  return fail(ErrorCode::kNotFound, "sandbox.pause",
              "podcore-pause not found (set PODCORE_PAUSE_PATH); tried " + list);
}

Result<PodSandbox> create_pod_sandbox(const SandboxOptions& options) {
  fs::path pause;
  if (options.share_process_namespace) {
    if (!options.pause_path.empty()) {
      pause = options.pause_path;
    } else {
      auto found = find_pause_program();
      if (!found) return std::unexpected(found.error());
      pause = *found;
    }
  }
  std::error_code ec;
  fs::create_directories(options.pod_dir, ec);
  if (ec) return fail_errno(ec.value(), "sandbox.pin", options.pod_dir.string(), "mkdir");

  ThreadOut out;
  auto rollback = [&](Error e) -> Result<PodSandbox> {
    (void)teardown_pod_sandbox(options.pod_dir, out.pause_pid);
    return std::unexpected(std::move(e));
  };
  if (auto r = make_private_ns_dir(ns_dir(options.pod_dir)); !r) return rollback(r.error());

  // unshare(2) moves only the calling thread; a helper thread keeps the
  // caller's own namespaces untouched and dies right after pinning.
  std::thread helper(sandbox_thread, std::cref(options), std::cref(pause), std::ref(out));
  helper.join();
  if (out.error) return rollback(*out.error);

  PodSandbox sb;
  if (!options.host_network) {
    sb.namespaces.net = ns_dir(options.pod_dir) / "net";
    sb.namespaces.uts = ns_dir(options.pod_dir) / "uts";
  }
  if (!options.host_ipc) sb.namespaces.ipc = ns_dir(options.pod_dir) / "ipc";
  if (options.share_process_namespace) {
    sb.namespaces.pid = ns_dir(options.pod_dir) / "pid";
    sb.namespaces.pause_pid = out.pause_pid;
  }
  if (options.host_ipc) {
    sb.shm = "/dev/shm";
  } else {
    sb.shm = shm_dir(options.pod_dir);
    if (::mkdir(sb.shm.c_str(), 0755) != 0 && errno != EEXIST)
      return rollback(fail_errno(errno, "sandbox.shm", sb.shm.string(), "mkdir").error());
    std::string data = podfmt::format("mode=1777,size={}", options.shm_size);
    if (::mount("shm", sb.shm.c_str(), "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, data.c_str()) !=
        0)
      return rollback(
          fail_errno(errno, "sandbox.shm", sb.shm.string(), "mount tmpfs " + data).error());
  }
  return sb;
}

Result<void> teardown_pod_sandbox(const fs::path& pod_dir, std::optional<int> pause_pid) {
  std::optional<Error> first;
  const fs::path dir = ns_dir(pod_dir);
  const fs::path pid_pin = dir / "pid";
  struct stat st {};
  if (::stat(pid_pin.c_str(), &st) == 0) {
    if (pause_pid && same_inode(podfmt::format("/proc/{}/ns/pid", *pause_pid), pid_pin.string())) {
      kill_and_wait(*pause_pid);
    } else {
      for (pid_t p : processes_in_ns(pid_pin)) kill_and_wait(p);
    }
  } else if (pause_pid) {
    // No pin (a failed create): the PID is ours only if it is our child.
    if (::waitpid(*pause_pid, nullptr, WNOHANG) == 0) kill_and_wait(*pause_pid);
  }
  for (const char* kind : {"net", "uts", "ipc", "pid"})
    unmount_and_remove(dir / kind, false, first);
  unmount_and_remove(dir, true, first);
  unmount_and_remove(shm_dir(pod_dir), true, first);
  if (first) return std::unexpected(*first);
  return {};
}

}  // namespace podcore::sandbox
