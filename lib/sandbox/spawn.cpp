// spawn_container: plan on the host, one clone3, raw system calls, execve.
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <deque>
#include <fstream>
#include <system_error>

#include "base/file.hpp"
#include "sandbox/command.hpp"
#include "sandbox/container.hpp"
#include "sandbox/container_child.hpp"
#include "sandbox/volumes.hpp"

namespace podcore::sandbox {
namespace {

using detail::ChildReport;
using detail::ChildStage;

constexpr std::string_view kStage = "sandbox.spawn";

// One step of the child's mount setup. All pointers point into Plan::strings.
struct Op {
  enum class Kind { kMount, kRemount, kMkdir, kMkfile, kMknod, kSymlink, kMask, kReadonly, kWrite };
  Kind kind = Kind::kMount;
  const char* source = nullptr;  // mount source, symlink target, data to write
  const char* target = nullptr;
  char* target_buf = nullptr;  // mutable copy of target for mkdir -p
  char* parent_buf = nullptr;  // mutable copy of the target's parent (kMkfile)
  const char* fstype = nullptr;
  const char* data = nullptr;
  unsigned long flags = 0;
  mode_t mode = 0;
  dev_t dev = 0;
  size_t len = 0;
  bool optional = false;  // ENOENT is not an error
};

// Everything the child needs, computed before clone3.
struct Plan {
  std::deque<std::string> strings;  // stable storage
  std::vector<Op> ops;
  std::vector<int> ns_fds;  // net, uts, ipc (setns with nstype 0: the fd says which)
  int report_fd = -1;
  bool wait_for_parent = false;
  const char* rootfs = nullptr;
  const char* devnull_in_rootfs = nullptr;
  bool read_only_root = false;
  const char* cwd = nullptr;
  char* cwd_buf = nullptr;
  detail::ChildCreds creds;
  std::vector<gid_t> groups;
  int stdio[3] = {-1, -1, -1};
  std::vector<std::string> argv_owned;
  std::vector<std::string> env_owned;
  std::vector<char*> argv;
  std::vector<char*> envp;
  std::vector<std::string> candidates_owned;
  std::vector<const char*> candidates;

  const char* str(std::string s) { return strings.emplace_back(std::move(s)).c_str(); }
  char* buf(std::string s) { return strings.emplace_back(std::move(s)).data(); }

  void mount(std::string source, const std::string& target, const char* fstype, unsigned long flags,
             std::string data = {}) {
    Op op;
    op.kind = Op::Kind::kMount;
    op.source = str(std::move(source));
    op.target = str(target);
    op.fstype = fstype;
    op.flags = flags;
    op.data = data.empty() ? nullptr : str(std::move(data));
    ops.push_back(op);
  }
  void remount(const std::string& target, unsigned long flags) {
    Op op;
    op.kind = Op::Kind::kRemount;
    op.target = str(target);
    op.flags = flags;
    ops.push_back(op);
  }
  void mkdir(const std::string& target, mode_t mode = 0755) {
    Op op;
    op.kind = Op::Kind::kMkdir;
    op.target = str(target);
    op.target_buf = buf(target);
    op.mode = mode;
    ops.push_back(op);
  }
  void mkfile(const std::string& target) {
    Op op;
    op.kind = Op::Kind::kMkfile;
    op.target = str(target);
    op.parent_buf = buf(std::filesystem::path(target).parent_path().string());
    op.mode = 0644;
    ops.push_back(op);
  }
  void mknod(const std::string& target, unsigned maj, unsigned min) {
    Op op;
    op.kind = Op::Kind::kMknod;
    op.target = str(target);
    op.mode = S_IFCHR | 0666;
    op.dev = makedev(maj, min);
    ops.push_back(op);
  }
  void symlink(std::string link_target, const std::string& path) {
    Op op;
    op.kind = Op::Kind::kSymlink;
    op.source = str(std::move(link_target));
    op.target = str(path);
    ops.push_back(op);
  }
  void path_op(Op::Kind kind, const std::string& target) {
    Op op;
    op.kind = kind;
    op.target = str(target);
    op.optional = true;
    ops.push_back(op);
  }
  void write(const std::string& target, std::string data) {
    Op op;
    op.kind = Op::Kind::kWrite;
    op.target = str(target);
    op.len = data.size();
    op.source = str(std::move(data));
    ops.push_back(op);
  }
};

ChildStage stage_of(Op::Kind k) {
  switch (k) {
    case Op::Kind::kMount: return ChildStage::kMount;
    case Op::Kind::kRemount: return ChildStage::kMount;
    case Op::Kind::kMkdir: return ChildStage::kMkdir;
    case Op::Kind::kMkfile: return ChildStage::kMkdir;
    case Op::Kind::kMknod: return ChildStage::kMknod;
    case Op::Kind::kSymlink: return ChildStage::kSymlink;
    case Op::Kind::kMask: return ChildStage::kMask;
    case Op::Kind::kReadonly: return ChildStage::kReadonlyPath;
    case Op::Kind::kWrite: return ChildStage::kSysctl;
  }
  return ChildStage::kMount;
}

// Runs one op; returns errno or 0.
int run_op(const Op& op, const char* devnull) noexcept {
  switch (op.kind) {
    case Op::Kind::kMount:
      return ::mount(op.source, op.target, op.fstype, op.flags, op.data) == 0 ? 0 : errno;
    case Op::Kind::kRemount:
      return ::mount(nullptr, op.target, nullptr, op.flags, nullptr) == 0 ? 0 : errno;
    case Op::Kind::kMkdir: return detail::child_mkdir_p(op.target_buf, op.mode);
    case Op::Kind::kMkfile: {
      if (op.parent_buf[0] != '\0') {
        if (int e = detail::child_mkdir_p(op.parent_buf, 0755); e != 0) return e;
      }
      int fd = ::open(op.target, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, op.mode);
      if (fd < 0) {
        // An existing directory or read-only file is still a valid mount point.
        if (errno == EISDIR || errno == EACCES || errno == EROFS) return 0;
        return errno;
      }
      ::close(fd);
      return 0;
    }
    case Op::Kind::kMknod: return ::mknod(op.target, op.mode, op.dev) == 0 ? 0 : errno;
    case Op::Kind::kSymlink:
      return ::symlink(op.source, op.target) == 0 || errno == EEXIST ? 0 : errno;
    case Op::Kind::kMask: {
      if (::mount(devnull, op.target, nullptr, MS_BIND, nullptr) == 0) return 0;
      if (errno == ENOENT) return 0;
      if (errno != ENOTDIR) return errno;
      // A directory: an empty read-only tmpfs over it.
      return ::mount("tmpfs", op.target, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
                     "size=0") == 0
                 ? 0
                 : errno;
    }
    case Op::Kind::kReadonly: {
      if (::mount(op.target, op.target, nullptr, MS_BIND | MS_REC, nullptr) != 0) {
        return errno == ENOENT ? 0 : errno;
      }
      return ::mount(nullptr, op.target, nullptr,
                     MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
                     nullptr) == 0
                 ? 0
                 : errno;
    }
    case Op::Kind::kWrite: {
      int fd = ::open(op.target, O_WRONLY | O_CLOEXEC);
      if (fd < 0) return errno;
      ssize_t n = ::write(fd, op.source, op.len);
      int e = n < 0 ? errno : 0;
      ::close(fd);
      return e;
    }
  }
  return EINVAL;
}

[[noreturn]] void child_main(Plan& p) noexcept {
  const int rfd = p.report_fd;
  if (p.wait_for_parent) {
    char go = 0;
    ssize_t n;
    do {
      n = ::recv(rfd, &go, 1, 0);
    } while (n < 0 && errno == EINTR);
    if (n != 1) ::_exit(127);  // the parent gave up
  }
  for (int fd : p.ns_fds) {
    if (::setns(fd, 0) != 0) detail::child_fail(rfd, ChildStage::kSetns, errno);
  }
  ::setsid();
  ::umask(0);
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
    detail::child_fail(rfd, ChildStage::kMountPrivate, errno);
  }
  for (size_t i = 0; i < p.ops.size(); ++i) {
    const Op& op = p.ops[i];
    int e = run_op(op, p.devnull_in_rootfs);
    if (e == ENOENT && op.optional) continue;
    if (e != 0) detail::child_fail(rfd, stage_of(op.kind), e, static_cast<int>(i));
  }
  // pivot_root(".", ".") stacks the old root under the new one; detaching it
  // leaves only the container's tree (runc's trick, no put_old directory).
  if (::chdir(p.rootfs) != 0) detail::child_fail(rfd, ChildStage::kPivotRoot, errno);
  if (::syscall(SYS_pivot_root, ".", ".") != 0)
    detail::child_fail(rfd, ChildStage::kPivotRoot, errno);
  if (::umount2(".", MNT_DETACH) != 0) detail::child_fail(rfd, ChildStage::kPivotRoot, errno);
  if (::chdir("/") != 0) detail::child_fail(rfd, ChildStage::kPivotRoot, errno);
  if (p.read_only_root &&
      ::mount(nullptr, "/", nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) != 0) {
    detail::child_fail(rfd, ChildStage::kRemountRo, errno);
  }
  if (::chdir(p.cwd) != 0) {
    // runc creates a missing working directory.
    int e = errno;
    if (e != ENOENT || detail::child_mkdir_p(p.cwd_buf, 0755) != 0 || ::chdir(p.cwd) != 0) {
      detail::child_fail(rfd, ChildStage::kChdir, e);
    }
  }
  {
    // For the parent's timings only: nothing waits on it.
    // steady_clock is CLOCK_MONOTONIC; clock_gettime is async-signal-safe.
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    const detail::ChildReport ready{detail::kRootfsReadyReport, 0, -1,
                                    ts.tv_sec * 1'000'000'000LL + ts.tv_nsec};
    (void)::send(rfd, &ready, sizeof ready, MSG_NOSIGNAL | MSG_DONTWAIT);
  }
  ChildStage st = ChildStage::kCapset;
  if (int e = detail::child_apply_creds(p.creds, &st); e != 0) detail::child_fail(rfd, st, e);
  if (int e = detail::child_setup_stdio(p.stdio, "/dev/null"); e != 0) {
    detail::child_fail(rfd, ChildStage::kStdio, e);
  }
  ::umask(022);
  int op = -1;
  int e = detail::child_exec(p.candidates.data(), p.candidates.size(), p.argv.data(), p.envp.data(),
                             &op);
  detail::child_fail(rfd, ChildStage::kExec, e, op);
}

SpawnFailure failure(std::string reason, std::string message, Error err) {
  return SpawnFailure{std::move(reason), std::move(message), std::move(err)};
}

SpawnFailure from_config(const ConfigFailure& f, const std::string& object) {
  Error e;
  e.code = ErrorCode::kInvalid;
  e.stage = "sandbox.config";
  e.object = object;
  e.message = f.message;
  return failure(f.reason, f.message, e);
}

SpawnFailure from_error(const Error& e) {
  return failure("CreateContainerError", e.to_string(), e);
}

bool path_exists(const std::filesystem::path& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0;
}

// The dirs the overlay needs; `fresh` empties a previous upper layer.
Result<void> prepare_container_dir(const std::filesystem::path& cdir, bool fresh) {
  std::error_code ec;
  // An empty upper layer is already fresh (the common case: a container that
  // wrote nothing); removing and recreating it costs more than looking.
  if (fresh && !std::filesystem::is_empty(cdir / "upper", ec)) {
    std::filesystem::remove_all(cdir / "upper", ec);
    std::filesystem::remove_all(cdir / "work", ec);
  }
  for (const char* d : {"upper", "work", "rootfs"}) {
    std::filesystem::create_directories(cdir / d, ec);
    if (ec) return fail_errno(ec.value(), std::string(kStage), (cdir / d).string(), "mkdir");
  }
  return {};
}

Result<unique_fd> open_ns(const std::filesystem::path& p) {
  unique_fd fd(::open(p.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) return fail_errno(errno, "sandbox.setns", p.string(), "open namespace");
  return fd;
}

std::string sysctl_path(const std::string& rootfs, const std::string& name) {
  // net.ipv4.ip_forward → /proc/sys/net/ipv4/ip_forward. A name using '/'
  // as separator keeps its dots (kernel.shm_rmid_forced stays as is).
  std::string rel = name;
  if (name.find('/') == std::string::npos) {
    for (char& c : rel) c = c == '.' ? '/' : c;
  }
  return rootfs + "/proc/sys/" + rel;
}

}  // namespace

std::filesystem::path container_dir(const std::filesystem::path& pod_dir, std::string_view name) {
  return pod_dir / "containers" / std::string(name);
}

// A child between clone3 and its exec, and what the parent needs to report
// on it. Heap-allocated: `plan`'s ops point into its own strings.
struct PendingContainer {
  Plan plan;
  std::string object;
  std::string rootfs;  // R: stripped from mount targets in messages
  std::filesystem::path cdir;
  ProcessIdentity identity;
  std::vector<std::string> argv;
  std::vector<std::string> env;
  unique_fd parent_end;
  unique_fd pidfd;
  pid_t pid = -1;
  SteadyTime t_start{}, t_clone{}, t_go{};

  void kill_and_reap() noexcept {
    if (!pidfd) return;
    ::syscall(SYS_pidfd_send_signal, pidfd.get(), SIGKILL, nullptr, 0);
    siginfo_t si{};
    ::waitid(static_cast<idtype_t>(P_PIDFD), static_cast<id_t>(pidfd.get()), &si, WEXITED);
    pidfd.reset();
  }
};

void PendingContainerDeleter::operator()(PendingContainer* pc) const noexcept {
  pc->kill_and_reap();
  delete pc;
}

int report_fd(const PendingContainer& pending) {
  return pending.parent_end.get();
}

std::expected<SpawnedContainer, SpawnFailure> spawn_container(const SpawnRequest& req) {
  auto pending = begin_container(req);
  if (!pending) return std::unexpected(std::move(pending.error()));
  return finish_container(std::move(*pending));
}

std::expected<PendingSpawn, SpawnFailure> begin_container(const SpawnRequest& req) {
  const SteadyTime t_start = steady_now();
  if (req.pod == nullptr || req.container == nullptr || req.image == nullptr) {
    return std::unexpected(from_error(
        fail(ErrorCode::kInvalid, std::string(kStage), "pod, container and image are required")
            .error()));
  }
  const manifest::Pod& pod = *req.pod;
  const manifest::Container& c = *req.container;
  const Image& image = *req.image;
  const std::string object = pod.metadata.name + "/" + c.name;

  DownwardContext ctx{&pod, req.pod_ips, req.node};
  auto kenv = kubelet_environment(ctx, c);
  if (!kenv) return std::unexpected(from_config(kenv.error(), object));
  auto identity = resolve_identity(pod, c, image);
  if (!identity) return std::unexpected(from_config(identity.error(), object));
  auto security = effective_security(pod, c);
  if (!security)
    return std::unexpected(from_config({"CreateContainerError", security.error().message}, object));
  auto argv = container_argv(image.config, c, *kenv);
  if (!argv) return std::unexpected(from_config(argv.error(), object));

  std::string hostname = req.hostname;
  if (hostname.empty()) {
    hostname = read_file((req.pod_dir / "hostname").string()).value_or("");
    while (!hostname.empty() && (hostname.back() == '\n' || hostname.back() == ' '))
      hostname.pop_back();
  }
  if (hostname.empty())
    hostname = pod.spec.hostname.empty() ? pod.metadata.name : pod.spec.hostname;
  std::vector<std::string> env = container_environment(image.config, *kenv, hostname);

  auto volumes = prepare_volumes(req.pod_dir, ctx, c);
  if (!volumes) return std::unexpected(from_config(volumes.error(), object));

  const std::filesystem::path cdir = container_dir(req.pod_dir, c.name);
  if (auto r = prepare_container_dir(cdir, req.fresh_rootfs); !r) {
    return std::unexpected(from_error(r.error()));
  }
  for (const auto& p : {image.rootfs.string(), cdir.string()}) {
    if (p.find_first_of(",:") != std::string::npos) {
      return std::unexpected(from_error(fail(ErrorCode::kInvalid, "sandbox.rootfs",
                                             "overlay paths must not contain ',' or ':'", p)
                                            .error()));
    }
  }
  const std::string term_log = (cdir / "termination-log").string();
  {
    unique_fd fd(::open(term_log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666));
    if (!fd || ::fchmod(fd.get(), 0666) != 0) {
      return std::unexpected(
          from_error(fail_errno(errno, std::string(kStage), term_log, "create").error()));
    }
  }

  PendingSpawn pending(new PendingContainer);
  Plan& p = pending->plan;
  const std::string R = (cdir / "rootfs").string();
  p.rootfs = p.str(R);
  p.devnull_in_rootfs = p.str(R + "/dev/null");
  p.read_only_root = security->read_only_rootfs;

  // The root filesystem.
  p.mount("overlay", R, "overlay", 0,
          "lowerdir=" + image.rootfs.string() + ",upperdir=" + (cdir / "upper").string() +
              ",workdir=" + (cdir / "work").string());
  // /proc, /dev, /sys.
  p.mkdir(R + "/proc");
  p.mount("proc", R + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC);
  p.mkdir(R + "/dev");
  p.mount("tmpfs", R + "/dev", "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k");
  static constexpr struct {
    const char* name;
    unsigned maj, min;
  } kDevices[] = {{"null", 1, 3},   {"zero", 1, 5},    {"full", 1, 7},
                  {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0}};
  for (const auto& d : kDevices) p.mknod(R + "/dev/" + d.name, d.maj, d.min);
  p.mkdir(R + "/dev/pts");
  p.mount("devpts", R + "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
          "newinstance,ptmxmode=0666,mode=0620,gid=5");
  p.symlink("pts/ptmx", R + "/dev/ptmx");
  p.symlink("/proc/self/fd", R + "/dev/fd");
  p.symlink("/proc/self/fd/0", R + "/dev/stdin");
  p.symlink("/proc/self/fd/1", R + "/dev/stdout");
  p.symlink("/proc/self/fd/2", R + "/dev/stderr");
  p.symlink("/proc/kcore", R + "/dev/core");
  p.mkdir(R + "/dev/shm");
  std::filesystem::path shm = req.shm_dir;
  if (shm.empty() && path_exists(req.pod_dir / "shm")) shm = req.pod_dir / "shm";
  if (!shm.empty()) {
    p.mount(shm.string(), R + "/dev/shm", nullptr, MS_BIND | MS_REC);
  } else {
    p.mount("shm", R + "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
            "mode=1777,size=65536k");
  }
  p.mkdir(R + "/dev/mqueue");
  p.mount("mqueue", R + "/dev/mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC);
  p.mkdir(R + "/sys");
  p.mount("sysfs", R + "/sys", "sysfs",
          MS_NOSUID | MS_NODEV | MS_NOEXEC | (security->privileged ? 0 : MS_RDONLY));
  // The pod's files (written by the sandbox), then the termination message.
  for (const auto& [src, dst] :
       {std::pair{"etc-hosts", "/etc/hosts"}, std::pair{"resolv.conf", "/etc/resolv.conf"},
        std::pair{"hostname", "/etc/hostname"}}) {
    auto host = req.pod_dir / src;
    if (!path_exists(host)) continue;
    p.mkfile(R + dst);
    p.mount(host.string(), R + dst, nullptr, MS_BIND);
  }
  std::string tmp_path =
      c.terminationMessagePath.empty() ? "/dev/termination-log" : c.terminationMessagePath;
  p.mkfile(R + tmp_path);
  p.mount(term_log, R + tmp_path, nullptr, MS_BIND);
  // Volumes, in volumeMounts order.
  for (const auto& v : *volumes) {
    std::string target = R + (v.target.starts_with('/') ? v.target : "/" + v.target);
    if (v.is_dir) {
      p.mkdir(target);
    } else {
      p.mkfile(target);
    }
    p.mount(v.source, target, nullptr, MS_BIND | MS_REC);
    if (v.read_only) p.remount(target, MS_BIND | MS_REMOUNT | MS_RDONLY);
  }
  // Namespaced sysctls, written through the container's fresh /proc while it
  // is still writable (it sits in the pod's namespaces already).
  if (pod.spec.securityContext) {
    for (const auto& s : pod.spec.securityContext->sysctls)
      p.write(sysctl_path(R, s.name), s.value);
  }
  if (!security->privileged) {
    if (!security->unmasked_proc) {
      for (auto m : kMaskedPaths) p.path_op(Op::Kind::kMask, R + std::string(m));
      for (auto m : kReadonlyPaths) p.path_op(Op::Kind::kReadonly, R + std::string(m));
    }
  }

  // Working directory, identity, capabilities.
  std::string cwd = !c.workingDir.empty()               ? c.workingDir
                    : !image.config.working_dir.empty() ? image.config.working_dir
                                                        : "/";
  p.cwd = p.str(cwd);
  p.cwd_buf = p.buf(cwd);
  p.groups = identity->supplemental_groups;
  p.creds.uid = identity->uid;
  p.creds.gid = identity->gid;
  p.creds.groups = p.groups.data();
  p.creds.ngroups = p.groups.size();
  p.creds.bounding = security->capabilities;
  p.creds.permitted = security->capabilities;
  p.creds.effective = security->capabilities;
  p.creds.inheritable = 0;
  p.creds.no_new_privs = security->no_new_privs;
  {
    int bits = 0;
    for (CapMask m = all_capabilities(); m != 0; m >>= 1) ++bits;
    p.creds.last_cap = bits - 1;
  }
  p.stdio[0] = req.stdin_fd;
  p.stdio[1] = req.stdout_fd;
  p.stdio[2] = req.stderr_fd;
  p.argv_owned = *argv;
  p.env_owned = env;
  p.argv = detail::c_string_array(p.argv_owned);
  p.envp = detail::c_string_array(p.env_owned);
  std::string path_env(kDefaultPath);
  for (const auto& e : env) {
    if (e.starts_with("PATH=")) path_env = e.substr(5);
  }
  p.candidates_owned = exec_candidates(p.argv_owned[0], path_env);
  for (const auto& s : p.candidates_owned) p.candidates.push_back(s.c_str());

  // Namespaces: net, uts, ipc by setns in the child; pid by setns in this
  // thread before clone3 (it only affects children).
  std::vector<unique_fd> ns_fds;
  for (const auto* path : {&req.namespaces.net, &req.namespaces.uts, &req.namespaces.ipc}) {
    if (path->empty()) continue;
    auto fd = open_ns(*path);
    if (!fd) return std::unexpected(from_error(fd.error()));
    p.ns_fds.push_back(fd->get());
    ns_fds.push_back(std::move(*fd));
  }
  const bool host_pid = pod.spec.hostPID;
  unique_fd pod_pid_ns;
  unique_fd own_pid_ns;
  if (!req.namespaces.pid.empty() && !host_pid) {
    auto fd = open_ns(req.namespaces.pid);
    if (!fd) return std::unexpected(from_error(fd.error()));
    pod_pid_ns = std::move(*fd);
    own_pid_ns.reset(::open("/proc/thread-self/ns/pid_for_children", O_RDONLY | O_CLOEXEC));
    if (!own_pid_ns) {
      return std::unexpected(from_error(
          fail_errno(errno, "sandbox.setns", "/proc/thread-self/ns/pid_for_children", "open")
              .error()));
    }
  }

  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
    return std::unexpected(
        from_error(fail_errno(errno, std::string(kStage), "", "socketpair").error()));
  }
  unique_fd parent_end(sv[0]);
  unique_fd child_end(sv[1]);
  p.report_fd = child_end.get();
  p.wait_for_parent = static_cast<bool>(req.before_exec);

  uint64_t flags = CLONE_NEWNS;
  if (!host_pid && !pod_pid_ns) flags |= CLONE_NEWPID;
  if (pod_pid_ns && ::setns(pod_pid_ns.get(), CLONE_NEWPID) != 0) {
    return std::unexpected(from_error(
        fail_errno(errno, "sandbox.setns", req.namespaces.pid.string(), "enter pod PID namespace")
            .error()));
  }
  int pidfd = -1;
  const SteadyTime t_clone = steady_now();
  pid_t pid = detail::raw_clone3(flags, &pidfd, req.cgroup_fd);
  if (pid < 0 && req.cgroup_fd >= 0) {
    // CLONE_INTO_CGROUP refused (an old kernel, a cgroup that cannot take
    // processes): clone plainly; before_exec joins the cgroup by pid.
    pid = detail::raw_clone3(flags, &pidfd, -1);
  }
  if (pid == 0) {
    ::close(parent_end.get());
    child_main(p);
  }
  const int clone_errno = errno;
  if (pod_pid_ns) {
    // Back to this thread's own PID namespace for its future children.
    if (::setns(own_pid_ns.get(), CLONE_NEWPID) != 0) {
      // Cannot happen for our own namespace; leaving it wrong would be worse
      // than stopping.
      std::abort();
    }
  }
  if (pid < 0) {
    return std::unexpected(
        from_error(fail_errno(clone_errno, "sandbox.clone3", object, "clone3").error()));
  }
  pending->pidfd.reset(pidfd);
  pending->pid = pid;
  child_end.reset();

  // A failure from here on: dropping `pending` kills and reaps the child.
  pending->t_go = steady_now();
  if (req.before_exec) {
    auto r = req.before_exec(pid);
    if (!r) {
      Error e = r.error();
      return std::unexpected(failure("CreateContainerError", e.to_string(), e));
    }
    // Stamped before the child may run on: its rootfs report comes after.
    pending->t_go = steady_now();
    char go = 1;
    if (::send(parent_end.get(), &go, 1, MSG_NOSIGNAL) != 1) {
      return std::unexpected(
          from_error(fail_errno(errno, "sandbox.sync", object, "signal child").error()));
    }
  }
  pending->t_start = t_start;
  pending->t_clone = t_clone;
  pending->object = object;
  pending->rootfs = R;
  pending->cdir = cdir;
  pending->identity = *identity;
  pending->argv = *argv;
  pending->env = std::move(env);
  pending->parent_end = std::move(parent_end);
  return pending;
}

std::expected<SpawnedContainer, SpawnFailure> finish_container(PendingSpawn pending) {
  const Plan& p = pending->plan;
  const std::string& R = pending->rootfs;
  const std::string& object = pending->object;
  ChildReport rep;
  SteadyTime t_rootfs{};
  if (detail::read_child_report(pending->parent_end.get(), &rep, &t_rootfs)) {
    siginfo_t si{};
    ::waitid(static_cast<idtype_t>(P_PIDFD), static_cast<id_t>(pending->pidfd.get()), &si, WEXITED);
    pending->pidfd.reset();
    auto stage = static_cast<ChildStage>(rep.stage);
    Error e;
    e.code = ErrorCode::kSystem;
    e.sys_errno = rep.err;
    e.stage = std::string(detail::child_stage_name(stage));
    std::string reason = "CreateContainerError";
    std::string message;
    const std::string& arg0 = p.argv_owned[0];
    if (stage == ChildStage::kExec) {
      e.object = rep.op >= 0 && static_cast<size_t>(rep.op) < p.candidates_owned.size()
                     ? p.candidates_owned[static_cast<size_t>(rep.op)]
                     : arg0;
      if (rep.err == ENOENT && arg0.find('/') == std::string::npos) {
        message = "exec: \"" + arg0 + "\": executable file not found in $PATH";
      } else if (rep.err == ENOENT) {
        message = "exec: \"" + arg0 + "\": stat " + arg0 + ": no such file or directory";
      } else {
        reason = "RunContainerError";
        message = "exec: \"" + arg0 + "\": " + detail::go_errno_text(rep.err);
      }
    } else {
      if (rep.op >= 0 && static_cast<size_t>(rep.op) < p.ops.size()) {
        const Op& op = p.ops[static_cast<size_t>(rep.op)];
        std::string target = op.target;
        if (target.starts_with(R)) target = target.substr(R.size());
        e.object = target;
        if (op.kind == Op::Kind::kMount || op.kind == Op::Kind::kRemount) {
          std::string src = op.source != nullptr ? op.source : "";
          message = "error mounting \"" + src + "\" to rootfs at \"" + target +
                    "\": " + detail::go_errno_text(rep.err);
        } else if (op.kind == Op::Kind::kWrite) {
          message = "error setting sysctl " + target + ": " + detail::go_errno_text(rep.err);
        } else {
          message = std::string(e.stage) + " " + target + ": " + detail::go_errno_text(rep.err);
        }
      } else {
        e.object = object;
        message = e.stage + ": " + detail::go_errno_text(rep.err);
      }
    }
    e.message = message;
    return std::unexpected(failure(reason, message, e));
  }
  const SteadyTime t_exec = steady_now();
  SpawnedContainer out;
  out.timings.prepare = pending->t_clone - pending->t_start;
  out.timings.clone = pending->t_go - pending->t_clone;
  if (t_rootfs == SteadyTime{}) t_rootfs = t_exec;  // no report (cannot happen): all rootfs
  t_rootfs = std::clamp(t_rootfs, pending->t_go, t_exec);
  out.timings.rootfs = t_rootfs - pending->t_go;
  out.timings.exec = t_exec - t_rootfs;
  out.pid = pending->pid;
  out.pidfd = std::move(pending->pidfd);
  out.user = std::move(pending->identity);
  out.argv = std::move(pending->argv);
  out.env = std::move(pending->env);
  out.container_dir = std::move(pending->cdir);
  return out;
}

Result<int> wait_container(const SpawnedContainer& c) {
  siginfo_t si{};
  while (::waitid(static_cast<idtype_t>(P_PIDFD), static_cast<id_t>(c.pidfd.get()), &si, WEXITED) !=
         0) {
    if (errno != EINTR) return fail_errno(errno, "sandbox.wait", std::to_string(c.pid), "waitid");
  }
  if (si.si_code == CLD_EXITED) return si.si_status;
  return 128 + si.si_status;
}

Result<void> remove_container_state(const std::filesystem::path& pod_dir) {
  std::error_code ec;
  const auto vols = pod_dir / "volumes";
  if (std::filesystem::is_directory(vols, ec)) {
    for (const auto& entry : std::filesystem::directory_iterator(vols, ec)) {
      // Memory-medium emptyDirs are tmpfs mounts on the host.
      while (::umount2(entry.path().c_str(), MNT_DETACH) == 0) {
      }
    }
  }
  std::filesystem::remove_all(vols, ec);
  if (ec) return fail_errno(ec.value(), "sandbox.cleanup", vols.string(), "remove");
  std::filesystem::remove_all(pod_dir / "containers", ec);
  if (ec)
    return fail_errno(ec.value(), "sandbox.cleanup", (pod_dir / "containers").string(), "remove");
  return {};
}

}  // namespace podcore::sandbox
