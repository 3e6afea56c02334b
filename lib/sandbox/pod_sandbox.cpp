// Pod sandbox: the net/UTS/IPC (and PID) namespaces held by descriptors, the
// pause process, the monitor's private mount namespace, the /dev/shm tmpfs,
// and their teardown.
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
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

#include "base/file.hpp"
#include "base/helper_program.hpp"
#include "base/unique_fd.hpp"
#include "sandbox/pod_files.hpp"
#include "sandbox/pod_format.hpp"

namespace podcore::sandbox {

namespace fs = std::filesystem;

namespace {

struct NsKind {
  const char* name;
  unique_fd PodSandbox::*fd;
};

fs::path legacy_ns_dir(const fs::path& pod_dir) {
  return pod_dir / "ns";
}
fs::path shm_dir(const fs::path& pod_dir) {
  return pod_dir / "shm";
}
fs::path pause_file(const fs::path& pod_dir) {
  return pod_dir / "pause";
}

// The pause process as recorded: its PID and its PID namespace's identity.
struct PauseRecord {
  pid_t pid = 0;
  dev_t dev = 0;
  ino_t ino = 0;
};

std::optional<PauseRecord> read_pause_record(const fs::path& pod_dir) {
  auto text = read_file(pause_file(pod_dir).string());
  if (!text) return std::nullopt;
  long long pid = 0;
  unsigned long long dev = 0, ino = 0;
  if (std::sscanf(text->c_str(), "%lld %llu %llu", &pid, &dev, &ino) != 3 || pid <= 0)
    return std::nullopt;
  return PauseRecord{static_cast<pid_t>(pid), static_cast<dev_t>(dev), static_cast<ino_t>(ino)};
}

// Under /run the record needs no fsync: it must not outlive a reboot.
Result<void> write_pause_record(const fs::path& pod_dir, pid_t pid, const struct stat& ns) {
  auto r = write_file_atomic(
      pause_file(pod_dir).string(),
      podfmt::format("{} {} {}\n", pid, static_cast<unsigned long long>(ns.st_dev),
                     static_cast<unsigned long long>(ns.st_ino)),
      0600, Sync::kVolatile);
  if (!r) r.error().stage = "sandbox.pause";
  return r;
}

bool ns_is(const std::string& link, dev_t dev, ino_t ino) {
  struct stat st {};
  return ::stat(link.c_str(), &st) == 0 && st.st_dev == dev && st.st_ino == ino;
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
  PodSandbox sandbox;
};

// Runs in the helper thread: unshare, hostname, a descriptor of each
// namespace, pause.
void sandbox_thread(const SandboxOptions& o, const fs::path& pause, ThreadOut& out) {
  int flags = 0;
  std::vector<NsKind> kinds;
  if (!o.host_network) {
    flags |= CLONE_NEWNET | CLONE_NEWUTS;
    kinds.push_back({"net", &PodSandbox::net});
    kinds.push_back({"uts", &PodSandbox::uts});
  }
  if (!o.host_ipc) {
    flags |= CLONE_NEWIPC;
    kinds.push_back({"ipc", &PodSandbox::ipc});
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
  for (const auto& k : kinds) {
    const std::string link = std::string("/proc/thread-self/ns/") + k.name;
    unique_fd fd(::open(link.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) {
      out.error = fail_errno(errno, "sandbox.pin", link, "open").error();
      return;
    }
    out.sandbox.*k.fd = std::move(fd);
  }
  if (o.share_process_namespace) {
    auto pid = start_pause(pause);
    if (!pid) {
      out.error = pid.error();
      return;
    }
    out.sandbox.pause_pid = *pid;
    const std::string link = podfmt::format("/proc/{}/ns/pid", *pid);
    out.sandbox.pid.reset(::open(link.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st {};
    if (!out.sandbox.pid || ::fstat(out.sandbox.pid.get(), &st) != 0) {
      out.error = fail_errno(errno, "sandbox.pin", link, "open").error();
      return;
    }
    if (auto r = write_pause_record(o.pod_dir, *pid, st); !r) out.error = r.error();
  }
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

// Every process whose PID namespace is the recorded one (used when the
// recorded PID is no longer the pause process). Killing PID 1 kills the rest.
std::vector<pid_t> processes_in_ns(dev_t dev, ino_t ino) {
  std::vector<pid_t> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/proc", ec)) {
    const std::string name = e.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    if (ns_is(e.path().string() + "/ns/pid", dev, ino))
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

PodNamespaces namespace_paths(int net, int uts, int ipc, int pid) {
  auto path = [](int fd) {
    return fd < 0 ? fs::path() : fs::path(podfmt::format("/proc/self/fd/{}", fd));
  };
  PodNamespaces out;
  out.net = path(net);
  out.uts = path(uts);
  out.ipc = path(ipc);
  out.pid = path(pid);
  return out;
}

PodNamespaces PodSandbox::namespaces() const {
  PodNamespaces out = namespace_paths(net.get(), uts.get(), ipc.get(), pid.get());
  out.pause_pid = pause_pid;
  return out;
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

  // unshare(2) moves only the calling thread; a helper thread keeps the
  // caller's own namespaces untouched and dies right after opening them.
  ThreadOut out;
  std::thread helper(sandbox_thread, std::cref(options), std::cref(pause), std::ref(out));
  helper.join();
  if (out.error) {
    (void)teardown_pod_sandbox(options.pod_dir, out.sandbox.pause_pid);
    return std::unexpected(std::move(*out.error));
  }
  return std::move(out.sandbox);
}

Result<void> enter_private_mount_namespace() {
  if (::unshare(CLONE_NEWNS) != 0)
    return fail_errno(errno, "sandbox.mounts", "", "unshare(CLONE_NEWNS)");
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_SLAVE, nullptr) != 0)
    return fail_errno(errno, "sandbox.mounts", "/", "make the mount tree a slave");
  return {};
}

Result<fs::path> mount_pod_shm(const fs::path& pod_dir, bool host_ipc, std::uint64_t size) {
  if (host_ipc) return fs::path("/dev/shm");
  fs::path dir = shm_dir(pod_dir);
  if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST)
    return fail_errno(errno, "sandbox.shm", dir.string(), "mkdir");
  std::string data = podfmt::format("mode=1777,size={}", size);
  if (::mount("shm", dir.c_str(), "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, data.c_str()) != 0)
    return fail_errno(errno, "sandbox.shm", dir.string(), "mount tmpfs " + data);
  return dir;
}

Result<void> teardown_pod_sandbox(const fs::path& pod_dir, std::optional<int> pause_pid) {
  std::optional<Error> first;
  if (auto rec = read_pause_record(pod_dir)) {
    const pid_t pid = pause_pid.value_or(rec->pid);
    if (ns_is(podfmt::format("/proc/{}/ns/pid", pid), rec->dev, rec->ino)) {
      kill_and_wait(pid);
    } else {
      for (pid_t p : processes_in_ns(rec->dev, rec->ino)) kill_and_wait(p);
    }
  } else if (pause_pid) {
    // No record (a failed create): the PID is ours only if it is our child.
    if (::waitpid(*pause_pid, nullptr, WNOHANG) == 0) kill_and_wait(*pause_pid);
  }
  if (::unlink(pause_file(pod_dir).c_str()) != 0 && errno != ENOENT)
    note(first, errno, pause_file(pod_dir), "unlink");
  // A pod made by an older version pinned its namespaces under ns/.
  const fs::path legacy = legacy_ns_dir(pod_dir);
  if (::access(legacy.c_str(), F_OK) == 0) {
    for (const char* kind : {"net", "uts", "ipc", "pid"})
      unmount_and_remove(legacy / kind, false, first);
    unmount_and_remove(legacy, true, first);
  }
  unmount_and_remove(shm_dir(pod_dir), true, first);
  if (first) return std::unexpected(*first);
  return {};
}

}  // namespace podcore::sandbox
