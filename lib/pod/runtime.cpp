#include "pod/runtime.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <future>
#include <mutex>
#include <thread>

#include "base/file.hpp"
#include "base/helper_program.hpp"
#include "base/random.hpp"
#include "cgroup/manager.hpp"
#include "manifest/admit.hpp"
#include "manifest/decode.hpp"
#include "manifest/resources.hpp"
#include "pod/admission.hpp"
#include "pod/monitor.hpp"
#include "pod/phase.hpp"
#include "pod/state_dir.hpp"
#include "sandbox/container.hpp"
#include "sandbox/exec.hpp"
#include "sandbox/image_store.hpp"
#include "sandbox/pod_files.hpp"
#include "sandbox/pod_sandbox.hpp"

extern char** environ;

namespace podcore::pod {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// The host's IPv4 address on the interface of the default route (status.hostIP).
std::string detect_host_ip() {
  std::ifstream route("/proc/net/route");
  std::string line, iface;
  std::getline(route, line);  // header
  while (std::getline(route, line)) {
    char name[IF_NAMESIZE + 1] = {};
    unsigned dest = 1;
    if (std::sscanf(line.c_str(), "%16s %x", name, &dest) == 2 && dest == 0) {
      iface = name;
      break;
    }
  }
  // SIOCGIFCONF lists the interfaces that have an IPv4 address, and only
  // those: getifaddrs dumps every link, which with hundreds of pods' veths
  // cost milliseconds on every open.
  unique_fd sock(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!sock) return {};
  std::vector<ifreq> reqs(32);
  ifconf conf{};
  for (;;) {
    conf.ifc_len = static_cast<int>(reqs.size() * sizeof(ifreq));
    conf.ifc_req = reqs.data();
    if (::ioctl(sock.get(), SIOCGIFCONF, &conf) != 0) return {};
    if (static_cast<size_t>(conf.ifc_len) < reqs.size() * sizeof(ifreq)) break;
    reqs.resize(reqs.size() * 2);  // it may not have fit
  }
  std::string found, any;
  for (size_t i = 0; i < static_cast<size_t>(conf.ifc_len) / sizeof(ifreq); ++i) {
    ifreq& r = reqs[i];
    if (r.ifr_addr.sa_family != AF_INET) continue;
    char buf[INET_ADDRSTRLEN];
    ::inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&r.ifr_addr)->sin_addr, buf, sizeof buf);
    const std::string ip = buf;
    if (::ioctl(sock.get(), SIOCGIFFLAGS, &r) != 0 || (r.ifr_flags & IFF_LOOPBACK)) continue;
    if (r.ifr_name == iface && found.empty()) found = ip;
    if (any.empty()) any = ip;
  }
  return found.empty() ? any : found;
}

// Reads the monitor's report pipe into `out` until a whole line (`line`)
// or EOF. False when `timeout` passed first.
bool read_report(int fd, std::chrono::milliseconds timeout, bool line, std::string* out) {
  const auto deadline = Clock::now() + timeout;
  char buf[512];
  while (!line || out->find('\n') == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd pfd{fd, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) return false;
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out->append(buf, static_cast<size_t>(n));
  }
  return true;
}

std::string node_hostname() {
  char buf[256] = {};
  ::gethostname(buf, sizeof buf - 1);
  return buf;
}

fs::path find_monitor(const fs::path& configured) {
  if (!configured.empty()) return configured;
  if (const char* env = std::getenv("PODCORE_MONITOR_PATH"); env && *env) return env;
#ifdef PODCORE_MONITOR_BUILD_PATH
  if (fs::exists(PODCORE_MONITOR_BUILD_PATH)) return PODCORE_MONITOR_BUILD_PATH;
#endif
  // Then from where this code was loaded: an installed libpodcore.so.1 finds
  // <libexecdir>/podcore/ whichever program loaded it (base/helper_program.hpp).
  std::error_code ec;
  for (const fs::path& p : helper_program_candidates("podcore-monitor"))
    if (fs::exists(p, ec)) return p;
  return "podcore-monitor";
}

}  // namespace

struct Runtime::Impl {
  RuntimeOptions opt;
  std::optional<StateDir> state;
  std::optional<cgroup::CgroupManager> cgroups;
  std::unique_ptr<net::Network> network;
  fs::path monitor_path;
  std::string host_ip;
  std::mutex mu;  // serialises creates of this process (admission reads running pods)

  Result<void> fault(int step, const char* stage) const {
    if (opt.fault_pause_step == step) {
      std::fprintf(stderr, "podcore: paused at create step %d\n", step);
      std::fflush(stderr);
      for (;;) ::pause();
    }
    if (opt.fault_step == step)
      return fail(ErrorCode::kInternal, stage, "injected fault at step " + std::to_string(step));
    return {};
  }
  Result<void> delete_fault(int step, const char* stage) const {
    if (opt.delete_fault_step == step)
      return fail(ErrorCode::kInternal, stage,
                  "injected fault at delete step " + std::to_string(step));
    return {};
  }
  void recover();
  /// `deleting`: remove()'s teardown, which the delete fault hook may stop;
  /// `timings`: where to add how long each of its stages took.
  Result<void> teardown(const std::string& uid, const manifest::Pod* pod, bool deleting = false,
                        PhaseTimings* timings = nullptr);
  /// A monitor started before the network stage: it sets itself up while
  /// the pod's network is attached, then waits for go_monitor().
  struct MonitorLaunch {
    pid_t first = -1;  ///< the process that daemonizes (to reap)
    unique_fd ready;   ///< its "ok"/"error: …" line, EOF when it exits
    unique_fd go;      ///< socket: "go <pod IPs>\n"; closed without it: give up
  };
  /// Runs on a thread of its own: takes copies, not the pod being filled in.
  /// `lock_fd`: the creator's lock on `creating`, which the monitor shares until go.
  Result<MonitorLaunch> launch_monitor(const std::string& uid, const std::string& name,
                                       const std::string& pod_cgroup, const sandbox::PodSandbox& sb,
                                       int lock_fd);
  /// Sends go with the pod IPs and waits for the monitor's report.
  Result<void> go_monitor(MonitorLaunch& launch, const manifest::Pod& pod,
                          const std::vector<std::string>& ips, ProcessRef* out);
  /// For a rollback before go: the monitor exits, having started nothing;
  /// waits (bounded) until it has, so that teardown races with nothing.
  static void abandon_monitor(MonitorLaunch& launch);
  Result<std::string> uid_of(const std::string& ns, const std::string& name) const {
    return state->lookup(ns, name);
  }
};

Runtime::Runtime(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Runtime::~Runtime() = default;

const RuntimeOptions& Runtime::options() const {
  return impl_->opt;
}

std::vector<std::string> Runtime::node_warnings() const {
  std::vector<std::string> out;
  if (const auto& note = impl_->cgroups->favor_dynmods_note(); !note.empty()) out.push_back(note);
  return out;
}

Result<std::unique_ptr<Runtime>> Runtime::open(RuntimeOptions options) {
  auto impl = std::make_unique<Impl>();
  if (const char* f = std::getenv("PODCORE_CGROUP_FAVORDYNMODS");
      f && (std::string_view(f) == "0" || std::string_view(f) == "false"))
    options.cgroup_favor_dynmods = false;
  if (const char* f = std::getenv("PODCORE_FAULT_STEP"); f && options.fault_step == 0)
    options.fault_step = std::atoi(f);
  if (const char* f = std::getenv("PODCORE_FAULT_PAUSE_STEP"); f && options.fault_pause_step == 0)
    options.fault_pause_step = std::atoi(f);
  if (const char* f = std::getenv("PODCORE_DELETE_FAULT_STEP"); f && options.delete_fault_step == 0)
    options.delete_fault_step = std::atoi(f);
  options.network.state_dir = options.state_dir.string();
  if (options.node_name.empty()) options.node_name = node_hostname();
  impl->opt = std::move(options);
  auto st = StateDir::open(impl->opt.state_dir);
  if (!st) return std::unexpected(st.error());
  impl->state.emplace(std::move(*st));
  cgroup::ManagerOptions co;
  co.root = impl->opt.cgroup_root;
  co.parent = impl->opt.cgroup_parent;
  co.pids_max = impl->opt.pids_max;
  co.favor_dynmods = impl->opt.cgroup_favor_dynmods;
  auto cg = cgroup::CgroupManager::open(co);
  if (!cg) return std::unexpected(cg.error());
  impl->cgroups.emplace(std::move(*cg));
  auto net = net::Network::open(impl->opt.network);
  if (!net) return std::unexpected(net.error());
  impl->network = std::move(*net);
  impl->monitor_path = find_monitor(impl->opt.monitor_path);
  impl->host_ip = detect_host_ip();
  impl->recover();
  return std::unique_ptr<Runtime>(new Runtime(std::move(impl)));
}

// A pod directory whose creator died before finishing is rolled back.
void Runtime::Impl::recover() {
  for (const auto& uid : state->pod_dirs()) {
    fs::path dir = state->pod_dir(uid);
    auto creator = read_identity_file(dir / "creating");
    std::error_code ec;
    if (!fs::exists(dir / "creating", ec)) continue;
    if (creator && identity_alive(*creator)) continue;  // still being created
    // The creator is gone; a monitor it launched holds its lock until it
    // exits, which it does at once without go. Wait for that (bounded); a
    // lock still held is left for the next open. A creator that finished
    // meanwhile removed the file while it held the lock: then there is
    // nothing to roll back.
    auto held = FileLock::acquire((dir / "creating").string(), FileLock::Mode::kExclusive,
                                  std::chrono::seconds(10), false);
    struct stat st {};
    if (!held || ::fstat(held->fd(), &st) != 0 || st.st_nlink == 0) continue;
    auto pod = state->read_pod(uid);
    (void)teardown(uid, pod ? &*pod : nullptr);
  }
}

// Undoes everything a pod may have, in reverse order of creation. Each step
// tolerates what is already gone.
Result<void> Runtime::Impl::teardown(const std::string& uid, const manifest::Pod* pod,
                                     bool deleting, PhaseTimings* timings) {
  auto step = [&](int n, const char* stage) {
    return deleting ? delete_fault(n, stage) : Result<void>{};
  };
  Stopwatch lap(timings);
  fs::path dir = state->pod_dir(uid);
  if (auto r = step(2, "pod.delete.processes"); !r) return r;
  // A monitor still running (a crashed create) goes first.
  if (auto mon = read_identity_file(dir / "monitor"); mon && identity_alive(*mon)) {
    ::kill(mon->pid, SIGKILL);
    for (int i = 0; i < 200 && identity_alive(*mon); ++i) ::usleep(5000);
  }
  std::string pod_cg;
  if (auto pc = cgroups->find_pod(uid)) pod_cg = pc->path;
  if (!pod_cg.empty()) (void)cgroups->kill(pod_cg);
  lap("processes");
  if (auto r = step(3, "pod.delete.network"); !r) return r;
  (void)network->detach(uid, {.netns_released = true});
  lap("network");
  if (auto r = step(4, "pod.delete.sandbox"); !r) return r;
  (void)sandbox::teardown_pod_sandbox(dir);  // finds the pause process through its record
  (void)sandbox::remove_container_state(dir);
  lap("sandbox");
  if (auto r = step(5, "pod.delete.cgroup"); !r) return r;
  if (!pod_cg.empty()) (void)cgroups->remove(pod_cg);
  lap("cgroup");
  if (auto r = step(6, "pod.delete.files"); !r) return r;
  if (pod) (void)state->release_name(pod->metadata.namespace_, pod->metadata.name, uid);
  (void)state->remove_pod_dir(uid);
  lap("files");
  return {};
}

Result<Runtime::Impl::MonitorLaunch> Runtime::Impl::launch_monitor(const std::string& uid,
                                                                   const std::string& name,
                                                                   const std::string& pod_cgroup,
                                                                   const sandbox::PodSandbox& sb,
                                                                   int lock_fd) {
  int p[2], g[2];
  if (::pipe2(p, O_CLOEXEC) != 0) return fail_errno(errno, "pod.monitor", name, "pipe");
  unique_fd rd(p[0]), wr(p[1]);
  // A socket, not a pipe: writing to a monitor that is already gone must
  // not raise SIGPIPE in the caller (MSG_NOSIGNAL).
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g) != 0)
    return fail_errno(errno, "pod.monitor", name, "socketpair");
  unique_fd go_rd(g[0]), go_wr(g[1]);
  MonitorOptions mo;
  mo.state_dir = opt.state_dir;
  mo.uid = uid;
  mo.cgroup_root = opt.cgroup_root;
  mo.cgroup_parent = opt.cgroup_parent;
  mo.pod_cgroup = pod_cgroup;
  mo.host_ip = host_ip;
  mo.node_name = opt.node_name;
  mo.log_rotation = opt.log_rotation;
  mo.ready_fd = 3;
  mo.daemonize = true;
  // The namespaces' descriptors go to the monitor as 4..7, the go socket as
  // 8 and the creating lock as 9: it holds them from now on. Copies above 9
  // first, so that no dup2 below overwrites a source that has yet to be copied.
  int next_fd = 4;
  std::vector<std::pair<unique_fd, int>> inherit;  // a copy of ours -> the monitor's
  for (auto [fd, slot] : {std::pair{sb.net.get(), &mo.net_fd}, std::pair{sb.uts.get(), &mo.uts_fd},
                          std::pair{sb.ipc.get(), &mo.ipc_fd}, std::pair{sb.pid.get(), &mo.pid_fd},
                          std::pair{go_rd.get(), &mo.go_fd}, std::pair{lock_fd, &mo.lock_fd}}) {
    if (fd < 0) continue;
    unique_fd copy(::fcntl(fd, F_DUPFD_CLOEXEC, 10));
    if (!copy) return fail_errno(errno, "pod.monitor", name, "dup a descriptor");
    *slot = slot == &mo.go_fd ? 8 : slot == &mo.lock_fd ? 9 : next_fd++;
    inherit.emplace_back(std::move(copy), *slot);
  }
  go_rd.reset();
  std::vector<std::string> args = monitor_args(mo);
  args.insert(args.begin(), monitor_path.string());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, wr.get(), 3);
  for (const auto& [from, to] : inherit) posix_spawn_file_actions_adddup2(&fa, from.get(), to);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  // Never the caller's stderr: a pipe held open by the monitor would keep
  // the caller's reader (a shell, a test) waiting for EOF.
  const std::string log = (state->pod_dir(uid) / "monitor.log").string();
  posix_spawn_file_actions_addopen(&fa, 2, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSID);
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, argv[0], &fa, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) return fail_errno(rc, "pod.monitor", monitor_path.string(), "start the monitor");
  MonitorLaunch launch;
  launch.first = pid;
  launch.ready = std::move(rd);
  launch.go = std::move(go_wr);
  return launch;
}

Result<void> Runtime::Impl::go_monitor(MonitorLaunch& launch, const manifest::Pod& pod,
                                       const std::vector<std::string>& ips, ProcessRef* out) {
  std::string go = "go";
  for (const auto& ip : ips) go += " " + ip;
  go += "\n";
  // A monitor that already failed has closed its end: its report says why.
  (void)!::send(launch.go.get(), go.data(), go.size(), MSG_NOSIGNAL);
  launch.go.reset();
  // The monitor forks once (--daemonize) so that it is not our child: this
  // first process exits at once.
  int status = 0;
  ::waitpid(launch.first, &status, 0);
  launch.first = -1;
  std::string line;
  if (!read_report(launch.ready.get(), std::chrono::seconds(60), true, &line))
    return fail(ErrorCode::kTimeout, "pod.monitor", "the monitor did not report back",
                pod.metadata.name);
  launch.ready.reset();
  if (!line.starts_with("ok"))
    return fail(ErrorCode::kSystem, "pod.monitor",
                line.empty() ? std::string("the monitor exited before reporting") : line,
                pod.metadata.name);
  auto id = read_identity_file(state->pod_dir(pod.metadata.uid) / "monitor");
  if (id && out) *out = *id;
  return {};
}

void Runtime::Impl::abandon_monitor(MonitorLaunch& launch) {
  launch.go.reset();
  if (launch.ready) {
    // EOF once the monitor (and its daemonizing parent) are gone.
    std::string ignored;
    (void)read_report(launch.ready.get(), std::chrono::seconds(10), false, &ignored);
    launch.ready.reset();
  }
  if (launch.first > 0) ::waitpid(launch.first, nullptr, 0);
  launch.first = -1;
}

Result<CreateResult> Runtime::create(std::string_view text, const CreateOptions& options) {
  Impl& m = *impl_;
  CreateResult result;
  Stopwatch lap(&result.timings);

  // validate
  auto decoded = manifest::decode_manifests(text, manifest::FieldValidation::kStrict);
  if (!decoded) return std::unexpected(decoded.error());
  if (decoded->size() != 1)
    return fail(ErrorCode::kInvalid, "manifest.decode",
                "expected exactly one Pod, found " + std::to_string(decoded->size()) + " objects");
  auto& obj = decoded->front();
  if (!obj.pod) return std::unexpected(obj.pod.error());
  result.warnings = obj.warnings;
  manifest::CreateOptions co;
  co.namespace_ = options.namespace_;
  co.now = wall_now();
  auto prepared = manifest::prepare_pod_for_create(std::move(*obj.pod), co, &result.warnings);
  if (!prepared) return std::unexpected(prepared.error());
  manifest::Pod pod = std::move(*prepared);
  pod.spec.nodeName = m.opt.node_name;
  const std::string uid = pod.metadata.uid;
  const std::string& ns = pod.metadata.namespace_;
  const std::string& name = pod.metadata.name;
  lap("validate");

  std::lock_guard lock(m.mu);
  // store
  if (auto r = m.state->reserve_name(ns, name, uid); !r) return std::unexpected(r.error());
  bool rolled_back = false;
  // The pod's cgroup and the monitor's launch run on a thread, overlapping
  // the sandbox, network and files stages: a cgroup mkdir can wait for the
  // kernel's cgroup_mutex (held while earlier pods' cgroups go offline), and
  // posix_spawn returns only once the monitor has exec'd. The monitor needs
  // the sandbox's descriptors: the thread waits for them, or for a rollback.
  Impl::MonitorLaunch launch;
  std::optional<Result<Impl::MonitorLaunch>> launched;
  std::thread launcher;
  std::optional<sandbox::PodSandbox> sb;
  std::promise<bool> sandbox_made;  // true: `sb` is set; false: give up
  bool sandbox_told = false;
  auto tell_sandbox = [&](bool made) {
    if (sandbox_told) return;
    sandbox_told = true;
    sandbox_made.set_value(made);
  };
  auto join_launcher = [&]() -> Result<void> {
    tell_sandbox(false);
    if (launcher.joinable()) launcher.join();
    if (!launched) return {};
    auto r = std::move(*launched);
    launched.reset();
    if (!r) return std::unexpected(r.error());
    launch = std::move(*r);
    return {};
  };
  auto rollback = [&](Error e) -> std::unexpected<Error> {
    if (!rolled_back) {
      rolled_back = true;
      (void)join_launcher();
      Impl::abandon_monitor(launch);
      (void)m.teardown(uid, &pod);
      (void)m.state->release_name(ns, name, uid);
    }
    return std::unexpected(std::move(e));
  };
  if (auto r = m.state->create_pod_dir(pod); !r) {
    (void)m.state->release_name(ns, name, uid);
    return std::unexpected(r.error());
  }
  const fs::path dir = m.state->pod_dir(uid);
  if (auto self = process_identity(::getpid())) (void)write_identity_file(dir / "creating", *self);
  // Held until create returns, and shared with the monitor until its go: a
  // recovery waits until neither holds it before it tears a half-made pod down.
  auto creating = FileLock::acquire((dir / "creating").string(), FileLock::Mode::kExclusive,
                                    std::chrono::milliseconds(0));
  if (!creating) return rollback(creating.error());
  if (auto r = m.fault(1, "pod.store"); !r) return rollback(r.error());
  (void)append_event(
      dir / "events.log",
      {"Normal", "Scheduled", "Successfully assigned " + ns + "/" + name + " to " + m.opt.node_name,
       "", "default-scheduler", wall_now()});
  lap("store");

  // node admission. A pod that requests no cpu or memory can only be refused
  // for the pod count: when every pod directory (terminal ones and this pod's
  // included) fits, no other pod has to be read and parsed (that cost grew
  // with the number of pods).
  auto node = read_node_resources();
  if (node) node->pods = m.opt.max_pods;
  bool asks = false;
  for (const auto& [resource, q] : manifest::pod_requests(pod.spec))
    asks = asks || ((resource == "cpu" || resource == "memory") && q.milli_value() != 0);
  const bool count_fits = node && static_cast<int64_t>(m.state->pod_dirs().size()) <= node->pods;
  std::vector<manifest::Pod> others;
  if (asks || !count_fits) {
    for (const auto& ref : m.state->list(std::nullopt)) {
      if (ref.uid == uid) continue;
      auto other = m.state->read_pod(ref.uid);
      if (other && !is_terminal_phase(other->status.phase)) others.push_back(std::move(*other));
    }
  }
  std::vector<const manifest::Pod*> running;
  for (const auto& o : others) running.push_back(&o);
  if (node) {
    if (auto rejected = admit_pod(pod, running, *node)) {
      pod.status.phase = "Failed";
      pod.status.reason = rejected->reason;
      pod.status.message = rejected->message;
      (void)append_event(dir / "events.log", {"Warning", rejected->reason, rejected->message, "",
                                              "kubelet", wall_now()});
      (void)m.state->write_status(pod);
      std::error_code ec;
      fs::remove(dir / "creating", ec);
      result.pod = pod;
      return result;
    }
  }

  // cgroup, then the monitor, which sets itself up (its exec, mount
  // namespace, /dev/shm, the containers' cgroups) while the network is
  // attached, and waits for go
  launcher = std::thread([&m, &launched, &sb, uid, name, spec = pod.spec, lock_fd = creating->fd(),
                          made = sandbox_made.get_future()]() mutable {
    auto cg = m.cgroups->create_pod(uid, spec);
    if (!cg) {
      launched.emplace(std::unexpected(cg.error()));
    } else if (!made.get()) {
      launched.emplace(Impl::MonitorLaunch{});  // the creator rolls back
    } else {
      launched.emplace(m.launch_monitor(uid, name, *cg, *sb, lock_fd));
    }
  });
  if (auto r = m.fault(2, "pod.cgroup"); !r) return rollback(r.error());

  // sandbox
  auto sopts = sandbox::sandbox_options_for(pod, dir);
  if (!sopts) return rollback(sopts.error());
  auto made = sandbox::create_pod_sandbox(*sopts);
  if (!made) return rollback(made.error());
  sb.emplace(std::move(*made));
  tell_sandbox(true);
  if (auto r = m.fault(3, "pod.sandbox"); !r) return rollback(r.error());
  lap("sandbox");

  // network
  std::vector<std::string> ips;
  if (!pod.spec.hostNetwork) {
    auto att = m.network->attach(sb->net.get(), uid);
    if (!att) return rollback(att.error());
    ips.push_back(att->ipv4.to_string());
    if (att->ipv6) ips.push_back(att->ipv6->to_string());
  } else {
    ips.push_back(m.host_ip);
  }
  if (auto r = m.fault(4, "pod.network"); !r) return rollback(r.error());
  lap("network");

  // pod files
  auto input = sandbox::node_pod_files_input();
  input.pod_ips = ips;
  if (auto r = sandbox::write_pod_files(dir, pod, input); !r) return rollback(r.error());
  if (auto r = m.fault(5, "pod.files"); !r) return rollback(r.error());
  pod.status.podIP = ips.front();
  pod.status.podIPs.clear();
  for (const auto& ip : ips) pod.status.podIPs.emplace_back().ip = ip;
  pod.status.hostIP = m.host_ip;
  lap("files");

  // what the pod cgroup and the monitor's launch took beyond the sandbox,
  // network and files stages
  if (auto r = join_launcher(); !r) return rollback(r.error());
  lap("launch");

  // timings so far, kept in the status (the monitor carries them on)
  pod.metadata.annotations[kPhaseTimingsAnnotation] = timings_annotation(result.timings);
  if (auto r = m.state->write_status(pod); !r) return rollback(r.error());

  if (auto r = m.fault(6, "pod.monitor"); !r) return rollback(r.error());
  ProcessRef mon;
  if (auto r = m.go_monitor(launch, pod, ips, &mon); !r) return rollback(r.error());
  lap("monitor");
  if (auto r = m.fault(7, "pod.created"); !r) return rollback(r.error());

  std::error_code ec;
  fs::remove(dir / "creating", ec);
  (void)append_event(dir / "events.log",
                     {"Normal", "PhaseTimings", "create: " + timings_message(result.timings), "",
                      "podcore", wall_now()});

  if (options.wait_ready) {
    auto w = wait_for(ns, name, pod_ready_or_done, options.timeout);
    if (!w) return std::unexpected(w.error());
    result.pod = std::move(*w);
  } else {
    auto got = m.state->read_pod(uid);
    result.pod = got ? std::move(*got) : pod;
  }
  return result;
}

Result<manifest::Pod> Runtime::get(const std::string& ns, const std::string& name) {
  auto uid = impl_->uid_of(ns, name);
  if (!uid) return std::unexpected(uid.error());
  return read_live_pod(*impl_->state, *uid);
}

Result<std::vector<manifest::Pod>> Runtime::list(const std::optional<std::string>& ns) {
  std::vector<manifest::Pod> out;
  for (const auto& ref : impl_->state->list(ns)) {
    auto pod = get(ref.namespace_, ref.name);
    if (pod) out.push_back(std::move(*pod));
  }
  return out;
}

Result<std::vector<Event>> Runtime::events(const std::string& ns, const std::string& name) {
  auto uid = impl_->uid_of(ns, name);
  if (!uid) return std::unexpected(uid.error());
  return read_events(impl_->state->pod_dir(*uid) / "events.log");
}

namespace {
// The named container (or the first) and its status.
Result<std::pair<std::string, int>> pick_container(const manifest::Pod& pod,
                                                   const std::string& container) {
  std::string name = container.empty() && !pod.spec.containers.empty()
                         ? pod.spec.containers.front().name
                         : container;
  for (const auto* list : {&pod.status.containerStatuses, &pod.status.initContainerStatuses})
    for (const auto& s : *list)
      if (s.name == name) return std::pair{name, s.restartCount};
  return fail(ErrorCode::kInvalid, "pod.container",
              "container " + name + " is not valid for pod " + pod.metadata.name);
}
}  // namespace

Result<std::string> Runtime::logs(const std::string& ns, const std::string& name,
                                  const std::string& container, const LogQuery& query) {
  auto pod = get(ns, name);
  if (!pod) return std::unexpected(pod.error());
  auto c = pick_container(*pod, container);
  if (!c) return std::unexpected(c.error());
  auto dir = sandbox::container_dir(impl_->state->pod_dir(pod->metadata.uid), c->first);
  auto text = read_container_log(dir, c->second, query);
  if (!text && text.error().code == ErrorCode::kNotFound && query.previous)
    return fail(
        ErrorCode::kInvalid, "pod.logs",
        "previous terminated container \"" + c->first + "\" in pod \"" + name + "\" not found");
  return text;
}

Result<int> Runtime::exec(const std::string& ns, const std::string& name,
                          const std::string& container, const std::vector<std::string>& argv,
                          const ExecIo& io) {
  auto pod = get(ns, name);
  if (!pod) return std::unexpected(pod.error());
  auto c = pick_container(*pod, container);
  if (!c) return std::unexpected(c.error());
  auto dir = sandbox::container_dir(impl_->state->pod_dir(pod->metadata.uid), c->first);
  auto id = read_identity_file(dir / "pid");
  if (!id || !identity_alive(*id))
    return fail(ErrorCode::kInvalid, "pod.exec",
                "cannot exec in a stopped container; current phase is " + pod->status.phase);
  sandbox::ExecRequest req;
  req.pid = id->pid;
  req.argv = argv;
  req.tty = io.tty;
  req.stdin_fd = io.stdin_fd;
  req.stdout_fd = io.stdout_fd;
  req.stderr_fd = io.stderr_fd;
  req.timeout = io.timeout;
  return sandbox::exec_in_container(req);
}

Result<cgroup::CgroupStats> Runtime::stats(const std::string& ns, const std::string& name,
                                           const std::string& container) {
  auto uid = impl_->uid_of(ns, name);
  if (!uid) return std::unexpected(uid.error());
  if (auto pc = impl_->cgroups->find_pod(*uid))
    return impl_->cgroups->stats(container.empty() ? pc->path : pc->path + "/" + container);
  return fail(ErrorCode::kNotFound, "pod.stats", "the pod has no cgroup", name);
}

Result<DeleteResult> Runtime::remove(const std::string& ns, const std::string& name,
                                     const DeleteOptions& options) {
  Impl& m = *impl_;
  DeleteResult result;
  Stopwatch lap(&result.timings);
  auto uid = m.uid_of(ns, name);
  if (!uid) return std::unexpected(uid.error());
  auto pod = m.state->read_pod(*uid);
  fs::path dir = m.state->pod_dir(*uid);
  int64_t grace = options.force ? 0
                  : options.grace_seconds
                      ? *options.grace_seconds
                      : (pod ? pod->spec.terminationGracePeriodSeconds.value_or(30) : 30);
  if (auto r = m.delete_fault(1, "pod.delete.stop"); !r) return std::unexpected(r.error());
  auto mon = read_identity_file(dir / "monitor");
  if (mon && identity_alive(*mon)) {
    // Ask the monitor to stop the containers (grace, SIGKILL) and wait for it.
    unique_fd sock(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::string path = (dir / "monitor.sock").string();
    std::string msg = "delete " + std::to_string(grace);
    bool sent = false;
    if (sock && path.size() < sizeof addr.sun_path) {
      std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
      sent = ::sendto(sock.get(), msg.data(), msg.size(), 0, reinterpret_cast<sockaddr*>(&addr),
                      sizeof addr) >= 0;
    }
    if (!sent) ::kill(mon->pid, SIGTERM);
    unique_fd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, mon->pid, 0)));
    auto deadline = Clock::now() + std::chrono::seconds(grace + 10);
    while (identity_alive(*mon) && Clock::now() < deadline) {
      if (pidfd) {
        pollfd pfd{pidfd.get(), POLLIN, 0};
        ::poll(&pfd, 1, 100);
      } else {
        ::usleep(10000);
      }
    }
    if (identity_alive(*mon)) ::kill(mon->pid, SIGKILL);
  }
  lap("stop");
  if (auto r = m.teardown(*uid, pod ? &*pod : nullptr, /*deleting=*/true, &result.timings); !r)
    return std::unexpected(r.error());
  (void)m.state->release_name(ns, name, *uid);
  return result;
}

Result<manifest::Pod> Runtime::wait_for(const std::string& ns, const std::string& name,
                                        bool (*pred)(const manifest::Pod&),
                                        std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  while (true) {
    auto pod = get(ns, name);
    if (!pod) return pod;
    if (pred(*pod)) return pod;
    if (Clock::now() >= deadline)
      return fail(ErrorCode::kTimeout, "pod.wait", "timed out waiting for the condition",
                  ns + "/" + name);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

bool pod_ready_or_done(const manifest::Pod& pod) {
  const auto& st = pod.status;
  if (is_terminal_phase(st.phase) || st.phase == "Unknown") return true;
  if (st.phase != "Running") return false;
  for (const auto& c : st.conditions)
    if (c.type == "Ready") return c.status == "True";
  return false;
}

}  // namespace podcore::pod
