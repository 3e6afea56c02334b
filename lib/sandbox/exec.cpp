// exec_in_container.
#include "sandbox/exec.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <charconv>
#include <sstream>

#include "base/file.hpp"
#include "base/unique_fd.hpp"
#include "sandbox/command.hpp"
#include "sandbox/container_child.hpp"

namespace podcore::sandbox {
namespace {

using detail::ChildStage;
constexpr std::string_view kStage = "sandbox.exec";

CapMask parse_hex(std::string_view s) {
  CapMask v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v, 16);
  return v;
}

std::string field(const std::string& status, std::string_view name) {
  std::string key = std::string(name) + ":";
  size_t pos = 0;
  while (pos < status.size()) {
    size_t eol = status.find('\n', pos);
    if (eol == std::string::npos) eol = status.size();
    std::string_view line(status.data() + pos, eol - pos);
    if (line.starts_with(key)) {
      line.remove_prefix(key.size());
      while (!line.empty() && (line.front() == '\t' || line.front() == ' ')) line.remove_prefix(1);
      return std::string(line);
    }
    pos = eol + 1;
  }
  return {};
}

std::vector<std::string> words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// The cgroup.procs files of the cgroups `pid` is in, one per hierarchy,
// found through this process's cgroup mounts.
Result<std::vector<std::string>> cgroup_procs_files(pid_t pid) {
  auto cg = read_file("/proc/" + std::to_string(pid) + "/cgroup");
  if (!cg) return std::unexpected(cg.error());
  auto mi = read_file("/proc/self/mountinfo");
  if (!mi) return std::unexpected(mi.error());
  struct CgMount {
    std::string root, point, fstype;
    std::vector<std::string> opts;
  };
  std::vector<CgMount> mounts;
  std::istringstream mis(*mi);
  for (std::string line; std::getline(mis, line);) {
    auto w = words(line);
    size_t dash = 0;
    while (dash < w.size() && w[dash] != "-") ++dash;
    if (dash + 3 >= w.size() + 0 || dash < 5) continue;
    const std::string& fstype = w[dash + 1];
    if (fstype != "cgroup" && fstype != "cgroup2") continue;
    CgMount m{w[3], w[4], fstype, {}};
    std::string opt;
    std::istringstream os(w[dash + 3]);
    while (std::getline(os, opt, ',')) m.opts.push_back(opt);
    mounts.push_back(std::move(m));
  }
  std::vector<std::string> out;
  std::istringstream cgs(*cg);
  for (std::string line; std::getline(cgs, line);) {
    auto c1 = line.find(':');
    auto c2 = line.find(':', c1 + 1);
    if (c1 == std::string::npos || c2 == std::string::npos) continue;
    std::string ctrls = line.substr(c1 + 1, c2 - c1 - 1);
    std::string path = line.substr(c2 + 1);
    const CgMount* found = nullptr;
    for (const auto& m : mounts) {
      if (ctrls.empty()) {
        if (m.fstype == "cgroup2") found = &m;
        continue;
      }
      if (m.fstype != "cgroup") continue;
      bool all = true;
      std::istringstream cs(ctrls);
      for (std::string ctl; std::getline(cs, ctl, ',');) {
        bool has = false;
        for (const auto& o : m.opts) has = has || o == ctl;
        all = all && has;
      }
      if (all) found = &m;
      if (found != nullptr) break;
    }
    if (found == nullptr) continue;
    // The mount may show a sub-tree of the hierarchy (its root field).
    std::string rel = path;
    if (found->root != "/" && rel.starts_with(found->root)) rel = rel.substr(found->root.size());
    out.push_back(found->point + (rel == "/" ? "" : rel) + "/cgroup.procs");
  }
  return out;
}

Result<void> write_all(int fd, const char* data, size_t n) {
  while (n > 0) {
    ssize_t w = ::write(fd, data, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      return fail_errno(errno, "sandbox.exec_tty", "", "write");
    }
    data += w;
    n -= static_cast<size_t>(w);
  }
  return {};
}

// Copies caller stdin → pty master and master → caller stdout until the
// process has exited and the master reports EOF/EIO.
void relay_tty(int master, int in_fd, int out_fd, int pidfd) {
  char buf[4096];
  bool in_open = in_fd >= 0;
  bool exited = false;
  while (true) {
    pollfd fds[3] = {{master, POLLIN, 0}, {pidfd, POLLIN, 0}, {in_open ? in_fd : -1, POLLIN, 0}};
    int n = ::poll(fds, 3, exited ? 0 : -1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // exited and nothing left to read
    if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      ssize_t r = ::read(master, buf, sizeof buf);
      if (r <= 0) break;  // EIO: the last slave fd is closed
      if (out_fd >= 0) (void)write_all(out_fd, buf, static_cast<size_t>(r));
    }
    if ((fds[1].revents & POLLIN) != 0) exited = true;
    if (in_open && (fds[2].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      ssize_t r = ::read(in_fd, buf, sizeof buf);
      if (r <= 0) {
        in_open = false;
        char eot = 4;  // ^D: end of input for the program on the pty
        (void)write_all(master, &eot, 1);
      } else {
        (void)write_all(master, buf, static_cast<size_t>(r));
      }
    }
  }
}

}  // namespace

Result<int> exec_in_container(const ExecRequest& req) {
  if (req.argv.empty()) return fail(ErrorCode::kInvalid, std::string(kStage), "empty command");
  unique_fd owned_pidfd;
  int pidfd = req.pidfd;
  pid_t pid = req.pid;
  if (pidfd < 0) {
    owned_pidfd.reset(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
    if (!owned_pidfd)
      return fail_errno(errno, std::string(kStage), std::to_string(pid), "pidfd_open");
    pidfd = owned_pidfd.get();
  } else {
    auto info = read_file("/proc/self/fdinfo/" + std::to_string(pidfd));
    if (!info) return std::unexpected(info.error());
    std::string v = field(*info, "Pid");
    pid = static_cast<pid_t>(std::stol(v.empty() ? "-1" : v));
    if (pid <= 0) return fail(ErrorCode::kNotFound, std::string(kStage), "process has exited");
  }
  const std::string proc = "/proc/" + std::to_string(pid);
  auto status = read_file(proc + "/status");
  if (!status) return fail(ErrorCode::kNotFound, std::string(kStage), "process not found", proc);

  std::vector<gid_t> groups;
  for (const auto& g : words(field(*status, "Groups")))
    groups.push_back(static_cast<gid_t>(std::stoul(g)));
  auto uids = words(field(*status, "Uid"));
  auto gids = words(field(*status, "Gid"));
  if (uids.size() < 2 || gids.size() < 2) {
    return fail(ErrorCode::kInternal, std::string(kStage), "unreadable Uid/Gid", proc + "/status");
  }
  detail::ChildCreds creds;
  creds.uid = static_cast<uid_t>(std::stoul(uids[1]));
  creds.gid = static_cast<gid_t>(std::stoul(gids[1]));
  creds.groups = groups.data();
  creds.ngroups = groups.size();
  creds.bounding = parse_hex(field(*status, "CapBnd"));
  creds.permitted = parse_hex(field(*status, "CapPrm"));
  creds.effective = parse_hex(field(*status, "CapEff"));
  creds.inheritable = parse_hex(field(*status, "CapInh"));
  creds.no_new_privs = field(*status, "NoNewPrivs") == "1";
  {
    int bits = 0;
    for (CapMask m = all_capabilities(); m != 0; m >>= 1) ++bits;
    creds.last_cap = bits - 1;
  }

  auto procs = cgroup_procs_files(pid);
  if (!procs) return std::unexpected(procs.error());

  unique_fd root(::open((proc + "/root").c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root) return fail_errno(errno, std::string(kStage), proc + "/root", "open");

  std::vector<std::string> env = req.env;
  if (env.empty()) {
    auto environ_text = read_file(proc + "/environ");
    if (environ_text) {
      size_t start = 0;
      while (start < environ_text->size()) {
        size_t z = environ_text->find('\0', start);
        if (z == std::string::npos) z = environ_text->size();
        if (z > start) env.push_back(environ_text->substr(start, z - start));
        start = z + 1;
      }
    }
  }
  std::string path_env(kDefaultPath);
  for (const auto& e : env) {
    if (e.starts_with("PATH=")) path_env = e.substr(5);
  }
  std::vector<std::string> argv_owned = req.argv;
  std::vector<std::string> env_owned = env;
  std::vector<char*> argv = detail::c_string_array(argv_owned);
  std::vector<char*> envp = detail::c_string_array(env_owned);
  std::vector<std::string> cand_owned = exec_candidates(argv_owned[0], path_env);
  std::vector<const char*> cand;
  for (const auto& s : cand_owned) cand.push_back(s.c_str());
  std::string cwd = req.working_dir.empty() ? "/" : req.working_dir;

  unique_fd master;
  unique_fd slave;
  if (req.tty) {
    // The container's own devpts instance, through its root.
    master.reset(::open((proc + "/root/dev/ptmx").c_str(), O_RDWR | O_NOCTTY | O_CLOEXEC));
    if (!master) return fail_errno(errno, "sandbox.exec_tty", proc + "/root/dev/ptmx", "open");
    int unlock = 0;
    if (::ioctl(master.get(), TIOCSPTLCK, &unlock) != 0) {
      return fail_errno(errno, "sandbox.exec_tty", "ptmx", "unlockpt");
    }
    slave.reset(::ioctl(master.get(), TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC));
    if (!slave) return fail_errno(errno, "sandbox.exec_tty", "ptmx", "TIOCGPTPEER");
  }
  int stdio[3] = {req.stdin_fd, req.stdout_fd, req.stderr_fd};
  if (req.tty) stdio[0] = stdio[1] = stdio[2] = slave.get();

  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
    return fail_errno(errno, std::string(kStage), "", "socketpair");
  }
  unique_fd parent_end(sv[0]);
  unique_fd child_end(sv[1]);
  const int rfd = child_end.get();
  const int root_fd = root.get();
  const int slave_fd = slave.get();
  const char* cwd_c = cwd.c_str();

  unique_fd own_pid_ns(::open("/proc/thread-self/ns/pid_for_children", O_RDONLY | O_CLOEXEC));
  if (!own_pid_ns) return fail_errno(errno, std::string(kStage), "pid_for_children", "open");
  if (::setns(pidfd, CLONE_NEWPID) != 0) {
    return fail_errno(errno, "sandbox.setns", proc, "enter PID namespace");
  }
  int child_pidfd = -1;
  pid_t child = detail::raw_clone3(0, &child_pidfd, -1);
  if (child == 0) {
    ::close(parent_end.get());
    char go = 0;
    ssize_t n;
    do {
      n = ::recv(rfd, &go, 1, 0);
    } while (n < 0 && errno == EINTR);
    if (n != 1) ::_exit(127);
    if (::setns(pidfd,
                CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWCGROUP) != 0) {
      detail::child_fail(rfd, ChildStage::kSetns, errno);
    }
    if (::fchdir(root_fd) != 0 || ::chroot(".") != 0)
      detail::child_fail(rfd, ChildStage::kChroot, errno);
    if (::chdir(cwd_c) != 0) detail::child_fail(rfd, ChildStage::kChdir, errno);
    ::setsid();
    if (slave_fd >= 0 && ::ioctl(slave_fd, TIOCSCTTY, 0) != 0) {
      detail::child_fail(rfd, ChildStage::kTty, errno);
    }
    ChildStage st = ChildStage::kCapset;
    if (int e = detail::child_apply_creds(creds, &st); e != 0) detail::child_fail(rfd, st, e);
    if (int e = detail::child_setup_stdio(stdio, "/dev/null"); e != 0) {
      detail::child_fail(rfd, ChildStage::kStdio, e);
    }
    int op = -1;
    int e = detail::child_exec(cand.data(), cand.size(), argv.data(), envp.data(), &op);
    detail::child_fail(rfd, ChildStage::kExec, e, op);
  }
  const int clone_errno = errno;
  if (::setns(own_pid_ns.get(), CLONE_NEWPID) != 0) std::abort();  // our own: cannot fail
  if (child < 0) return fail_errno(clone_errno, "sandbox.clone3", proc, "clone3");
  unique_fd child_pidfd_owned(child_pidfd);
  child_end.reset();
  auto reap = [&]() -> int {
    siginfo_t si{};
    while (::waitid(static_cast<idtype_t>(P_PIDFD), static_cast<id_t>(child_pidfd), &si, WEXITED) !=
           0) {
      if (errno != EINTR) return -1;
    }
    return si.si_code == CLD_EXITED ? si.si_status : 128 + si.si_status;
  };
  // Join the container's cgroups before the child runs anything.
  const std::string child_pid = std::to_string(child);
  for (const auto& f : *procs) {
    unique_fd fd(::open(f.c_str(), O_WRONLY | O_CLOEXEC));
    if (!fd || ::write(fd.get(), child_pid.data(), child_pid.size()) < 0) {
      int e = errno;
      ::syscall(SYS_pidfd_send_signal, child_pidfd, SIGKILL, nullptr, 0);
      reap();
      return fail_errno(e, "sandbox.exec_cgroup", f, "join cgroup");
    }
  }
  char go = 1;
  if (::send(parent_end.get(), &go, 1, MSG_NOSIGNAL) != 1) {
    int e = errno;
    ::syscall(SYS_pidfd_send_signal, child_pidfd, SIGKILL, nullptr, 0);
    reap();
    return fail_errno(e, "sandbox.sync", proc, "signal child");
  }
  detail::ChildReport rep;
  if (detail::read_child_report(parent_end.get(), &rep)) {
    reap();
    auto stage = static_cast<ChildStage>(rep.stage);
    if (stage == ChildStage::kExec && rep.err == ENOENT) {
      Error e;
      e.code = ErrorCode::kNotFound;
      e.sys_errno = ENOENT;
      e.stage = std::string(kStage);
      e.object = argv_owned[0];
      e.message = argv_owned[0].find('/') == std::string::npos
                      ? "exec: \"" + argv_owned[0] + "\": executable file not found in $PATH"
                      : "exec: \"" + argv_owned[0] + "\": stat " + argv_owned[0] +
                            ": no such file or directory";
      return std::unexpected(e);
    }
    return fail_errno(rep.err, std::string(detail::child_stage_name(stage)),
                      stage == ChildStage::kExec ? argv_owned[0] : proc, "exec in container");
  }
  if (req.tty) {
    slave.reset();  // only the child holds the slave now: EIO on the master when it exits
    relay_tty(master.get(), req.stdin_fd, req.stdout_fd, child_pidfd);
  }
  if (!req.tty && req.timeout.count() > 0) {
    // The pidfd polls readable when the command exits.
    const auto deadline = std::chrono::steady_clock::now() + req.timeout;
    while (true) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd pfd{child_pidfd, POLLIN, 0};
      int n = left.count() > 0 ? ::poll(&pfd, 1, static_cast<int>(left.count())) : 0;
      if (n > 0) break;
      if (n < 0 && errno == EINTR) continue;
      ::syscall(SYS_pidfd_send_signal, child_pidfd, SIGKILL, nullptr, 0);
      reap();
      return fail(
          ErrorCode::kTimeout, std::string(kStage),
          "command timed out after " + std::to_string(req.timeout.count()) + " ms and was killed",
          argv_owned[0]);
    }
  }
  int code = reap();
  if (code < 0) return fail_errno(errno, std::string(kStage), child_pid, "waitid");
  return code;
}

}  // namespace podcore::sandbox
