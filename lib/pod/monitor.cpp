#include "pod/monitor.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

#include "base/file.hpp"
#include "base/unique_fd.hpp"
#include "cgroup/manager.hpp"
#include "manifest/field_error.hpp"
#include "pod/admission.hpp"
#include "pod/lifecycle.hpp"
#include "pod/phase_timings.hpp"
#include "pod/state_dir.hpp"
#include "sandbox/container.hpp"
#include "sandbox/exec.hpp"
#include "sandbox/image_store.hpp"
#include "sandbox/pod_sandbox.hpp"

namespace podcore::pod {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------
// Process identities

std::optional<ProcessRef> process_identity(int pid) {
  auto stat = read_file("/proc/" + std::to_string(pid) + "/stat");
  if (!stat) return std::nullopt;
  // The command name (field 2) may hold spaces and parentheses: fields after
  // it start after the last ')'.
  auto close = stat->rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::string_view rest = std::string_view(*stat).substr(close + 2);
  // rest starts at field 3, the state: a zombie has exited (its parent just
  // has not reaped it yet).
  if (rest.empty() || rest[0] == 'Z' || rest[0] == 'X') return std::nullopt;
  // Start time is field 22.
  for (int field = 3; field < 22; ++field) {
    auto sp = rest.find(' ');
    if (sp == std::string_view::npos) return std::nullopt;
    rest.remove_prefix(sp + 1);
  }
  ProcessRef id;
  id.pid = pid;
  auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), id.start_time);
  if (ec != std::errc{}) return std::nullopt;
  return id;
}

std::optional<ProcessRef> read_identity_file(const fs::path& path) {
  auto text = read_file(path.string());
  if (!text) return std::nullopt;
  ProcessRef id;
  const char* b = text->data();
  const char* e = b + text->size();
  auto [p, ec] = std::from_chars(b, e, id.pid);
  if (ec != std::errc{} || p == e || *p != ' ') return std::nullopt;
  auto [q, ec2] = std::from_chars(p + 1, e, id.start_time);
  if (ec2 != std::errc{}) return std::nullopt;
  return id;
}

Result<void> write_identity_file(const fs::path& path, const ProcessRef& id) {
  return write_file_atomic(path.string(),
                           std::to_string(id.pid) + " " + std::to_string(id.start_time) + "\n",
                           0644, Sync::kVolatile);
}

bool identity_alive(const ProcessRef& id) {
  auto now = process_identity(id.pid);
  return now && now->start_time == id.start_time;
}

// ---------------------------------------------------------------------------
// Command line

std::vector<std::string> monitor_args(const MonitorOptions& o) {
  std::vector<std::string> a = {"--state-dir=" + o.state_dir.string(),
                                "--uid=" + o.uid,
                                "--cgroup-root=" + o.cgroup_root,
                                "--cgroup-parent=" + o.cgroup_parent,
                                "--pod-cgroup=" + o.pod_cgroup,
                                "--host-ip=" + o.host_ip,
                                "--node-name=" + o.node_name,
                                "--log-max-size=" + std::to_string(o.log_rotation.max_size),
                                "--log-max-files=" + std::to_string(o.log_rotation.max_files),
                                "--ready-fd=" + std::to_string(o.ready_fd),
                                std::string("--daemonize=") + (o.daemonize ? "1" : "0"),
                                "--net-fd=" + std::to_string(o.net_fd),
                                "--uts-fd=" + std::to_string(o.uts_fd),
                                "--ipc-fd=" + std::to_string(o.ipc_fd),
                                "--pid-fd=" + std::to_string(o.pid_fd),
                                "--go-fd=" + std::to_string(o.go_fd),
                                "--lock-fd=" + std::to_string(o.lock_fd)};
  for (const auto& ip : o.pod_ips) a.push_back("--pod-ip=" + ip);
  return a;
}

Result<MonitorOptions> parse_monitor_args(const std::vector<std::string>& args) {
  MonitorOptions o;
  for (const auto& arg : args) {
    auto eq = arg.find('=');
    if (!arg.starts_with("--") || eq == std::string::npos)
      return fail(ErrorCode::kInvalid, "monitor.args", "unexpected argument", arg);
    std::string key = arg.substr(2, eq - 2), value = arg.substr(eq + 1);
    auto number = [&](auto& out) -> bool {
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
      return ec == std::errc{} && p == value.data() + value.size();
    };
    bool ok = true;
    if (key == "state-dir")
      o.state_dir = value;
    else if (key == "uid")
      o.uid = value;
    else if (key == "cgroup-root")
      o.cgroup_root = value;
    else if (key == "cgroup-parent")
      o.cgroup_parent = value;
    else if (key == "pod-cgroup")
      o.pod_cgroup = value;
    else if (key == "host-ip")
      o.host_ip = value;
    else if (key == "node-name")
      o.node_name = value;
    else if (key == "pod-ip")
      o.pod_ips.push_back(value);
    else if (key == "log-max-size")
      ok = number(o.log_rotation.max_size);
    else if (key == "log-max-files")
      ok = number(o.log_rotation.max_files);
    else if (key == "ready-fd")
      ok = number(o.ready_fd);
    else if (key == "daemonize")
      o.daemonize = value == "1";
    else if (key == "net-fd")
      ok = number(o.net_fd);
    else if (key == "uts-fd")
      ok = number(o.uts_fd);
    else if (key == "ipc-fd")
      ok = number(o.ipc_fd);
    else if (key == "pid-fd")
      ok = number(o.pid_fd);
    else if (key == "go-fd")
      ok = number(o.go_fd);
    else if (key == "lock-fd")
      ok = number(o.lock_fd);
    else
      ok = false;
    if (!ok) return fail(ErrorCode::kInvalid, "monitor.args", "bad argument", arg);
  }
  if (o.state_dir.empty() || o.uid.empty())
    return fail(ErrorCode::kInvalid, "monitor.args", "--state-dir and --uid are required");
  return o;
}

// ---------------------------------------------------------------------------
// Probes (run on worker threads; results come back through a pipe)

namespace {

struct ProbeOutcome {
  bool success = false;
  std::string output;
};

int resolve_port(const manifest::IntOrString& port, const manifest::Container& c) {
  if (!port.is_string()) return port.int_val;
  for (const auto& p : c.ports)
    if (p.name == port.str_val) return p.containerPort;
  return -1;
}

// Connects to host:port within timeout (<= 0: none); returns the fd or the
// Go-like error.
std::pair<unique_fd, std::string> dial(const std::string& host, int port, int timeout_s) {
  std::string where =
      (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port);
  sockaddr_storage ss{};
  socklen_t len = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&ss);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&ss);
  if (::inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<uint16_t>(port));
    len = sizeof *v4;
  } else if (::inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<uint16_t>(port));
    len = sizeof *v6;
  } else {
    return {unique_fd(), "dial tcp " + where + ": invalid address"};
  }
  unique_fd fd(::socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!fd) return {unique_fd(), std::string("dial tcp ") + where + ": " + std::strerror(errno)};
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&ss), len) != 0 && errno != EINPROGRESS)
    return {unique_fd(), "dial tcp " + where + ": connect: " + std::strerror(errno)};
  pollfd pfd{fd.get(), POLLOUT, 0};
  int r = ::poll(&pfd, 1, timeout_s > 0 ? timeout_s * 1000 : -1);
  if (r == 0) return {unique_fd(), "dial tcp " + where + ": i/o timeout"};
  int err = 0;
  socklen_t elen = sizeof err;
  ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &elen);
  if (err != 0) {
    std::string text = std::strerror(err);
    if (!text.empty()) text[0] = static_cast<char>(std::tolower(text[0]));
    return {unique_fd(), "dial tcp " + where + ": connect: " + text};
  }
  return {std::move(fd), ""};
}

ProbeOutcome tcp_probe(const std::string& host, int port, int timeout_s) {
  auto [fd, err] = dial(host, port, timeout_s);
  return {fd.valid(), err};
}

// One GET as kubelet's HTTP prober and lifecycle handler send it: the status
// code of the response, or Go's error text when there was none.
struct HttpResponse {
  int code = 0;
  std::string error;
};

HttpResponse http_get(const manifest::HTTPGetAction& get, const std::string& host, int port,
                      int timeout_s, const std::string& user_agent) {
  std::string path = get.path.empty() ? "/" : get.path;
  if (!path.starts_with("/")) path = "/" + path;
  std::string hostport =
      (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port);
  std::string url = "http://" + hostport + path;
  if (get.scheme == "HTTPS")
    return {0, "Get \"https://" + hostport + path + "\": HTTPS is not supported by this runtime"};
  auto [fd, err] = dial(host, port, timeout_s);
  if (!fd) return {0, "Get \"" + url + "\": " + err};
  std::string req = "GET " + path + " HTTP/1.1\r\nHost: " + hostport +
                    "\r\nUser-Agent: " + user_agent + "\r\nAccept: */*\r\nConnection: close\r\n";
  for (const auto& h : get.httpHeaders) req += h.name + ": " + h.value + "\r\n";
  req += "\r\n";
  if (::send(fd.get(), req.data(), req.size(), MSG_NOSIGNAL) < 0)
    return {0, "Get \"" + url + "\": " + std::strerror(errno)};
  std::string resp;
  char buf[4096];
  auto deadline = steady_now() + std::chrono::seconds(timeout_s);
  while (resp.find("\r\n") == std::string::npos && resp.size() < 16384) {
    int wait_ms = -1;
    if (timeout_s > 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - steady_now());
      wait_ms = static_cast<int>(std::max<int64_t>(0, left.count()));
    }
    pollfd pfd{fd.get(), POLLIN, 0};
    if (wait_ms == 0 || ::poll(&pfd, 1, wait_ms) <= 0)
      return {0, "Get \"" + url +
                     "\": context deadline exceeded (Client.Timeout exceeded while awaiting "
                     "headers)"};
    ssize_t n = ::recv(fd.get(), buf, sizeof buf, 0);
    if (n <= 0) break;
    resp.append(buf, static_cast<size_t>(n));
  }
  // "HTTP/1.1 200 OK"
  int code = 0;
  auto sp = resp.find(' ');
  if (resp.starts_with("HTTP/") && sp != std::string::npos)
    std::from_chars(resp.data() + sp + 1, resp.data() + std::min(resp.size(), sp + 4), code);
  if (code == 0) return {0, "Get \"" + url + "\": malformed HTTP response"};
  return {code, ""};
}

ProbeOutcome http_probe(const manifest::HTTPGetAction& get, const std::string& host, int port,
                        int timeout_s) {
  auto r = http_get(get, host, port, timeout_s, "kube-probe/1.34");
  if (!r.error.empty()) return {false, r.error};
  if (r.code >= 200 && r.code < 400) return {true, ""};
  return {false, "HTTP probe failed with statuscode: " + std::to_string(r.code)};
}

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

// Reads what is in a pipe whose writers are gone, up to `max` bytes.
std::string read_pipe(int fd, size_t max) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while (out.size() < max && (n = ::read(fd, buf, sizeof buf)) > 0)
    out.append(buf, static_cast<size_t>(n));
  return out.substr(0, max);
}

struct HookOutcome {
  bool success = false;
  std::string message;  ///< kubelet's text for a failure
};

// Runs a lifecycle handler as kubelet's handlerRunner does (K
// pkg/kubelet/lifecycle/handlers.go): exec in the container (no timeout),
// httpGet to the pod IP (only a failed request fails the hook, the status
// code does not count), sleep. `timeout_s` <= 0: none. Blocks: run it on a
// thread.
HookOutcome run_hook(const manifest::LifecycleHandler& h, const manifest::Container& c,
                     const std::string& pod_ref, int pidfd, const std::string& pod_ip,
                     int timeout_s) {
  const std::string who = " for Container \"" + c.name + "\" in Pod \"" + pod_ref + "\"";
  if (h.exec) {
    int out[2], err[2];
    if (::pipe2(out, O_CLOEXEC) != 0)
      return {false, std::string("exec hook: ") + std::strerror(errno)};
    unique_fd out_r(out[0]), out_w(out[1]);
    if (::pipe2(err, O_CLOEXEC) != 0)
      return {false, std::string("exec hook: ") + std::strerror(errno)};
    unique_fd err_r(err[0]), err_w(err[1]);
    // Room for a chatty hook: its output is read once it has exited.
    for (int fd : {out_w.get(), err_w.get()}) ::fcntl(fd, F_SETPIPE_SZ, 1 << 20);
    sandbox::ExecRequest er;
    er.pidfd = pidfd;
    er.argv = h.exec->command;
    er.stdout_fd = out_w.get();
    er.stderr_fd = err_w.get();
    auto code = sandbox::exec_in_container(er);
    out_w.reset();
    err_w.reset();
    std::string stdout_text = read_pipe(out_r.get(), 10240);
    std::string stderr_text = read_pipe(err_r.get(), 10240);
    const std::string cmd = "[" + join_words(h.exec->command) + "]";
    if (!code)
      return {false, "Exec lifecycle hook (" + cmd + ")" + who +
                         " failed - error: " + code.error().message +
                         ", message: " + manifest::go_quote(stdout_text + stderr_text)};
    if (*code == 0) return {true, ""};
    return {false, "Exec lifecycle hook (" + cmd + ")" + who + " failed - error: command '" +
                       join_words(h.exec->command) + "' exited with " + std::to_string(*code) +
                       ": " + stderr_text +
                       ", message: " + manifest::go_quote(stdout_text + stderr_text)};
  }
  if (h.httpGet) {
    int port = h.httpGet->port.is_string() && h.httpGet->port.str_val.empty()
                   ? 80
                   : resolve_port(h.httpGet->port, c);
    std::string host = h.httpGet->host.empty() ? pod_ip : h.httpGet->host;
    HttpResponse r;
    if (port <= 0)
      r.error = "couldn't find port: " + h.httpGet->port.str_val;
    else if (host.empty())
      r.error = "failed to find networking container";
    else
      r = http_get(*h.httpGet, host, port, timeout_s, "kube-lifecycle/1.34");
    if (r.error.empty()) return {true, ""};
    return {false,
            "HTTP lifecycle hook (" + h.httpGet->path + ")" + who + " failed - error: " + r.error};
  }
  if (h.sleep) {
    ::timespec ts{static_cast<time_t>(h.sleep->seconds), 0};
    while (::nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
    return {true, ""};
  }
  // The API keeps tcpSocket in LifecycleHandler only for compatibility; kubelet
  // fails such a hook at run time.
  return {false,
          "Cannot run handler: invalid handler: tcpSocket is not supported as a lifecycle "
          "handler"};
}

}  // namespace

// ---------------------------------------------------------------------------
// The monitor

namespace {

constexpr const char* kStage = "monitor";

// waitid(P_PIDFD, ...) (Linux 5.4); glibc names it only in newer headers.
constexpr idtype_t kPidfdIdType = static_cast<idtype_t>(3);

int exit_code_of(const siginfo_t& info) {
  return info.si_code == CLD_EXITED ? info.si_status : 128 + info.si_status;
}

std::string errno_text(int e) {
  return std::strerror(e);
}

struct Instance {
  std::string name;
  bool init = false;
  sandbox::SpawnedContainer proc;
  unique_fd out, err;
  std::optional<ContainerLogWriter> log;
  std::optional<cgroup::OomWatch> oom;
  uint64_t oom_base = 0;
  bool oom_seen = false;
  std::string cgroup_path;
  // PID 1 of its own PID namespace: when it dies the kernel kills and reaps
  // every other process of the container before its exit is reported, so
  // there is nothing left for a cgroup kill (the freezer dance costs
  // milliseconds per container on v1). Not so with a shared or host PID
  // namespace.
  bool own_pid_ns = false;
  std::optional<SteadyTime> kill_at;
  bool killed = false;
  fs::path dir;
  bool post_start = false;  // its postStart hook runs
  bool stopping = false;    // a stop was asked for
  bool pre_stop = false;    // its preStop hook runs (the stop signal waits for it)
  SteadyTime pre_stop_started{}, pre_stop_deadline{};
  int64_t stop_grace = 0;
  int stop_signal = SIGTERM;
};

// A container between its clone and its exec (Monitor::begin_start).
struct Starting {
  const manifest::Container* spec = nullptr;
  std::string field;  // spec.containers{name}, for events
  WallTime now;
  std::unique_ptr<Instance> in;
  PhaseTimings timings;
  sandbox::PendingSpawn pending;
};

enum class HookKind { kPostStart, kPreStop };

struct HookDone {
  uint64_t serial;
  std::string container;
  HookKind kind;
  bool exec;
  HookOutcome outcome;
};

// Where hook threads leave their results. Shared with the threads: a preStop
// hook cut off at the end of the grace period may still be running (an HTTP
// request, a sleep) when the monitor is done, and must not touch it.
struct HookChannel {
  std::mutex mu;
  std::vector<HookDone> done;
  unique_fd w;
};

struct ProbeDone {
  std::string container;
  ProbeKind kind;
  bool success;
  std::string output;
  bool exec;
};

// What prepare_first_starts() made for `key` (taken out, so it is used
// once), else what `make` makes now.
template <class V, class Make>
auto take_or_make(std::map<std::string, V>& made, const std::string& key, Make make)
    -> decltype(make()) {
  if (auto node = made.extract(key)) return std::move(node.mapped());
  return make();
}

class Monitor {
 public:
  explicit Monitor(MonitorOptions o) : opt_(std::move(o)) {}
  int run();

 private:
  Result<void> init();
  /// Waits for the creator's go (MonitorOptions::go_fd); false: it gave up.
  bool wait_for_go();
  /// Before go: what every container's first start needs that does not
  /// depend on the network (its image, its cgroup), and the time zone.
  void prepare_first_starts();
  void ready(const std::string& line);
  void loop();
  void apply(const std::vector<LifecycleAction>& actions);
  /// A container start's first half: cgroup, pipes, clone; the container
  /// then sets up its root filesystem while the next one begins. nullopt:
  /// it failed (reported).
  std::optional<Starting> begin_start(const LifecycleAction& a);
  /// The second half: waits for its exec, then records and watches it.
  void finish_start(Starting st);
  /// A start that failed in spawn_container's first or second half: its
  /// cgroup goes, and the container waits with the failure's reason.
  void spawn_failed(const std::string& name, const std::string& cgroup,
                    const sandbox::SpawnFailure& f, WallTime now);
  void stop(const LifecycleAction& a);
  void reap();
  void finish_instance(size_t idx, int code);
  void drain(Instance& in, bool final);
  void run_probes();
  void run_hook_async(uint64_t serial, const Instance& in, const manifest::LifecycleHandler& h,
                      HookKind kind, int timeout_s);
  void on_hooks();
  void send_stop(Instance& in, int64_t grace);
  /// SIGKILL now (and a cgroup kill unless the container owns its PID namespace).
  void kill_now(Instance& in);
  void pre_stop_over(Instance& in);
  void publish();
  void arm_timer();
  void on_control();
  const manifest::Container* container_spec(const std::string& name) const;
  void add_fd(int fd, uint64_t tag);

  enum Tag : uint64_t {
    kSignal = 1,
    kTimer,
    kControl,
    kProbe,
    kHook,
    kOut = 1ull << 32,
    kErr = 2ull << 32,
    kOom = 3ull << 32
  };

  MonitorOptions opt_;
  std::optional<StateDir> state_;
  std::optional<cgroup::CgroupManager> cgroups_;
  std::optional<sandbox::ImageStore> images_;
  std::optional<PodLifecycle> lc_;
  manifest::Pod pod_;
  fs::path pod_dir_;
  sandbox::PodNamespaces ns_;
  fs::path shm_;  // the pod's /dev/shm in this process's mount namespace
  sandbox::NodeInfo node_;
  unique_fd epoll_, sigfd_, timer_, control_, probe_r_, probe_w_;
  std::map<uint64_t, std::unique_ptr<Instance>> instances_;  // by serial
  uint64_t next_serial_ = 1;
  std::mutex probe_mu_;
  std::vector<ProbeDone> probe_done_;
  int probes_running_ = 0;
  int execs_running_ = 0;  // exec probes/hooks in flight (their children are not ours to reap)
  std::shared_ptr<HookChannel> hooks_ = std::make_shared<HookChannel>();
  unique_fd hook_r_;
  // Made while the creator attaches the network (prepare_first_starts), used
  // by each container's first start, then gone: images resolved and
  // container cgroups created ahead.
  std::map<std::string, sandbox::EnsureImageResult> first_images_;
  std::map<std::string, std::string> first_cgroups_;
};

void Monitor::add_fd(int fd, uint64_t tag) {
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = tag;
  ::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &ev);
}

const manifest::Container* Monitor::container_spec(const std::string& name) const {
  for (const auto& c : lc_->pod().spec.initContainers)
    if (c.name == name) return &c;
  for (const auto& c : lc_->pod().spec.containers)
    if (c.name == name) return &c;
  return nullptr;
}

void Monitor::ready(const std::string& line) {
  if (opt_.ready_fd < 0) return;
  std::string text = line + "\n";
  [[maybe_unused]] ssize_t n = ::write(opt_.ready_fd, text.data(), text.size());
  ::close(opt_.ready_fd);
  opt_.ready_fd = -1;
}

Result<void> Monitor::init() {
  auto st = StateDir::open(opt_.state_dir);
  if (!st) return std::unexpected(st.error());
  state_.emplace(std::move(*st));
  pod_dir_ = state_->pod_dir(opt_.uid);
  auto pod = state_->read_pod(opt_.uid);
  if (!pod) return std::unexpected(pod.error());
  pod_ = std::move(*pod);

  cgroup::ManagerOptions co;
  co.root = opt_.cgroup_root;
  co.parent = opt_.cgroup_parent;
  auto cg = cgroup::CgroupManager::open(co);
  if (!cg) return std::unexpected(cg.error());
  cgroups_.emplace(std::move(*cg));
  auto images = sandbox::ImageStore::open(opt_.state_dir);
  if (!images) return std::unexpected(images.error());
  images_.emplace(std::move(*images));

  // The pod's namespaces: only these descriptors (and the containers) keep
  // them; no container inherits them.
  for (int fd : {opt_.net_fd, opt_.uts_fd, opt_.ipc_fd, opt_.pid_fd, opt_.go_fd, opt_.lock_fd})
    if (fd >= 0 && ::fcntl(fd, F_SETFD, FD_CLOEXEC) != 0)
      return fail_errno(errno, "monitor.namespaces", std::to_string(fd), "inherited descriptor");
  ns_ = sandbox::namespace_paths(opt_.net_fd, opt_.uts_fd, opt_.ipc_fd, opt_.pid_fd);
  // A mount namespace of our own, so the pod's mounts (/dev/shm, memory
  // emptyDirs) stay out of the host's table, which each container start
  // copies.
  if (auto r = sandbox::enter_private_mount_namespace(); !r) return std::unexpected(r.error());
  auto shm = sandbox::mount_pod_shm(pod_dir_, pod_.spec.hostIPC);
  if (!shm) return std::unexpected(shm.error());
  shm_ = std::move(*shm);
  node_.name = opt_.node_name;
  node_.host_ip = opt_.host_ip;
  if (auto res = read_node_resources()) {
    node_.allocatable_milli_cpu = res->milli_cpu;
    node_.allocatable_memory = res->memory;
  }

  auto self = process_identity(::getpid());
  if (self) {
    if (auto r = write_identity_file(pod_dir_ / "monitor", *self); !r) return r;
  }

  sigset_t mask;
  sigemptyset(&mask);
  for (int s : {SIGCHLD, SIGTERM, SIGINT, SIGHUP}) sigaddset(&mask, s);
  ::sigprocmask(SIG_BLOCK, &mask, nullptr);
  ::signal(SIGPIPE, SIG_IGN);
  sigfd_.reset(::signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK));
  epoll_.reset(::epoll_create1(EPOLL_CLOEXEC));
  timer_.reset(::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK));
  int p[2];
  if (!sigfd_ || !epoll_ || !timer_ || ::pipe2(p, O_CLOEXEC | O_NONBLOCK) != 0)
    return fail_errno(errno, kStage, opt_.uid, "set up the event loop");
  probe_r_.reset(p[0]);
  probe_w_.reset(p[1]);
  if (::pipe2(p, O_CLOEXEC | O_NONBLOCK) != 0)
    return fail_errno(errno, kStage, opt_.uid, "set up the event loop");
  hook_r_.reset(p[0]);
  hooks_->w.reset(p[1]);

  control_.reset(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::string sock = (pod_dir_ / "monitor.sock").string();
  if (!control_ || sock.size() >= sizeof addr.sun_path)
    return fail(ErrorCode::kSystem, kStage, "control socket path too long", sock);
  std::memcpy(addr.sun_path, sock.c_str(), sock.size() + 1);
  ::unlink(sock.c_str());
  if (::bind(control_.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    return fail_errno(errno, kStage, sock, "bind the control socket");

  add_fd(sigfd_.get(), kSignal);
  add_fd(timer_.get(), kTimer);
  add_fd(control_.get(), kControl);
  add_fd(probe_r_.get(), kProbe);
  add_fd(hook_r_.get(), kHook);

  return {};
}

void Monitor::prepare_first_starts() {
  ::tzset();
  for (const auto* list : {&pod_.spec.initContainers, &pod_.spec.containers}) {
    for (const auto& c : *list) {
      first_images_.emplace(c.name, images_->ensure_image(c.image, c.imagePullPolicy));
      // A failure is reported by the start, which tries again.
      if (auto cg = cgroups_->create_container(opt_.pod_cgroup, c.name, c))
        first_cgroups_.emplace(c.name, std::move(*cg));
    }
  }
}

bool Monitor::wait_for_go() {
  if (opt_.go_fd < 0) return true;
  unique_fd go(opt_.go_fd);
  opt_.go_fd = -1;
  unique_fd lock(opt_.lock_fd);  // dropped with go or without it
  opt_.lock_fd = -1;
  std::string line;
  char buf[256];
  while (line.find('\n') == std::string::npos) {
    ssize_t n = ::read(go.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    line.append(buf, static_cast<size_t>(n));
  }
  line.erase(line.find('\n'));
  std::istringstream words(line);
  std::string word;
  if (!(words >> word) || word != "go") return false;
  opt_.pod_ips.clear();
  while (words >> word) opt_.pod_ips.push_back(word);
  // The creator wrote the status (pod IPs, its phase timings) meanwhile.
  if (auto pod = state_->read_pod(opt_.uid)) pod_ = std::move(*pod);
  return true;
}

void Monitor::publish() {
  for (const auto& e : lc_->take_events()) (void)append_event(pod_dir_ / "events.log", e);
  if (lc_->take_status_changed()) (void)state_->write_status(lc_->pod());
}

void Monitor::apply(const std::vector<LifecycleAction>& actions) {
  // Starts that come together (a pod's app containers) overlap: each one's
  // root filesystem is set up by its own child while the next is cloned.
  // Each is finished as soon as its child reports, so that its timings are
  // its own.
  std::vector<Starting> starting;
  auto finish_all = [&] {
    while (!starting.empty()) {
      std::vector<pollfd> fds;
      for (const auto& st : starting) fds.push_back({sandbox::report_fd(*st.pending), POLLIN, 0});
      while (::poll(fds.data(), fds.size(), -1) < 0 && errno == EINTR) {
      }
      size_t i = 0;
      while (i + 1 < fds.size() && fds[i].revents == 0) ++i;
      finish_start(std::move(starting[i]));
      starting.erase(starting.begin() + static_cast<std::ptrdiff_t>(i));
    }
  };
  for (const auto& a : actions) {
    if (a.type == LifecycleAction::Type::kStart) {
      if (auto st = begin_start(a)) starting.push_back(std::move(*st));
    } else {
      finish_all();
      stop(a);
    }
  }
  finish_all();
}

std::optional<Starting> Monitor::begin_start(const LifecycleAction& a) {
  const manifest::Container* spec = container_spec(a.container);
  const WallTime now = wall_now();
  if (spec == nullptr) return std::nullopt;
  const std::string field =
      (a.init ? "spec.initContainers{" : "spec.containers{") + spec->name + "}";

  auto img = take_or_make(first_images_, spec->name, [&] {
    return images_->ensure_image(spec->image, spec->imagePullPolicy);
  });
  for (const auto& e : img.events)
    (void)append_event(pod_dir_ / "events.log",
                       {e.type, e.reason, e.message, field, "kubelet", now});
  if (!img.ok()) {
    lc_->container_start_failed(spec->name, {img.reason, img.message, false}, now, steady_now());
    return std::nullopt;
  }

  auto in = std::make_unique<Instance>();
  in->name = spec->name;
  in->init = a.init;
  PhaseTimings timings;
  Stopwatch lap(&timings);
  auto cg = take_or_make(first_cgroups_, spec->name, [&] {
    return cgroups_->create_container(opt_.pod_cgroup, spec->name, *spec);
  });
  lap("cgroup");
  if (!cg) {
    lc_->container_start_failed(spec->name, {"CreateContainerError", cg.error().to_string(), false},
                                now, steady_now());
    return std::nullopt;
  }
  in->cgroup_path = *cg;
  int outp[2], errp[2];
  if (::pipe2(outp, O_CLOEXEC) != 0 || ::pipe2(errp, O_CLOEXEC) != 0) {
    lc_->container_start_failed(spec->name, {"CreateContainerError", errno_text(errno), false}, now,
                                steady_now());
    (void)cgroups_->remove(in->cgroup_path);
    return std::nullopt;
  }
  unique_fd out_w(outp[1]), err_w(errp[1]);
  in->out.reset(outp[0]);
  in->err.reset(errp[0]);

  sandbox::SpawnRequest req;
  req.pod = &lc_->pod();
  req.container = spec;
  req.image = &*img.image;
  req.namespaces = ns_;
  req.shm_dir = shm_;
  req.pod_dir = pod_dir_;
  req.pod_ips = opt_.pod_ips;
  req.node = node_;
  req.stdout_fd = out_w.get();
  req.stderr_fd = err_w.get();
  std::string cgpath = in->cgroup_path;
  req.before_exec = [this, cgpath](pid_t pid) { return cgroups_->join(cgpath, pid); };
  // Pure v2: the child is born in its cgroup (clone3 CLONE_INTO_CGROUP); the
  // join above then finds it there already. v1 has no such fd.
  unique_fd cgfd;
  if (auto fd = cgroups_->open_dir_fd(in->cgroup_path)) {
    cgfd = std::move(*fd);
    req.cgroup_fd = cgfd.get();
  }
  auto pending = sandbox::begin_container(req);
  out_w.reset();
  err_w.reset();
  if (!pending) {
    spawn_failed(spec->name, in->cgroup_path, pending.error(), now);
    return std::nullopt;
  }
  return Starting{spec, field, now, std::move(in), std::move(timings), std::move(*pending)};
}

void Monitor::spawn_failed(const std::string& name, const std::string& cgroup,
                           const sandbox::SpawnFailure& f, WallTime now) {
  (void)cgroups_->remove(cgroup);
  lc_->container_start_failed(name, {f.reason, f.message, f.reason == "RunContainerError"}, now,
                              steady_now());
}

void Monitor::finish_start(Starting starting) {
  const manifest::Container* spec = starting.spec;
  const std::string& field = starting.field;
  const WallTime now = starting.now;
  std::unique_ptr<Instance> in = std::move(starting.in);
  PhaseTimings& timings = starting.timings;
  auto spawned = sandbox::finish_container(std::move(starting.pending));
  if (!spawned) {
    spawn_failed(spec->name, in->cgroup_path, spawned.error(), now);
    return;
  }
  in->proc = std::move(*spawned);
  in->own_pid_ns = ns_.pid.empty() && !lc_->pod().spec.hostPID;
  in->dir = in->proc.container_dir;
  (void)append_event(
      pod_dir_ / "events.log",
      {"Normal", "Created", "Created container: " + spec->name, field, "kubelet", now});
  manifest::ContainerUser user;
  auto& linux_user = user.linux.emplace();
  linux_user.uid = in->proc.user.uid;
  linux_user.gid = in->proc.user.gid;
  for (gid_t g : in->proc.user.supplemental_groups) linux_user.supplementalGroups.push_back(g);
  const manifest::LifecycleHandler* post_start =
      spec->lifecycle && spec->lifecycle->postStart ? &*spec->lifecycle->postStart : nullptr;
  lc_->container_started(spec->name, "podcore://" + opt_.uid + "/" + spec->name, user, now,
                         steady_now(), post_start != nullptr);
  if (auto id = process_identity(in->proc.pid)) (void)write_identity_file(in->dir / "pid", *id);

  // The instance number is the restart count the status now shows.
  int restarts = 0;
  for (const auto* list :
       {&lc_->pod().status.initContainerStatuses, &lc_->pod().status.containerStatuses})
    for (const auto& s : *list)
      if (s.name == spec->name) restarts = s.restartCount;
  const sandbox::SpawnTimings& st = in->proc.timings;
  for (const auto& [stage, d] : {std::pair{"prepare", st.prepare}, std::pair{"clone", st.clone},
                                 std::pair{"rootfs", st.rootfs}, std::pair{"exec", st.exec}})
    timings.emplace_back(stage, d);
  if (restarts == 0) {
    // The first start only: a crash-looping container would repeat them forever.
    (void)append_event(
        pod_dir_ / "events.log",
        {"Normal", "PhaseTimings", "container " + spec->name + ": " + timings_message(timings),
         field, "podcore", now});
    lc_->append_annotation(kPhaseTimingsAnnotation, timings_annotation(timings, spec->name + "."));
  }
  auto log = ContainerLogWriter::open(in->dir, restarts, opt_.log_rotation);
  if (log) in->log.emplace(std::move(*log));
  auto oom = cgroups_->watch_oom(in->cgroup_path);
  if (oom) {
    in->oom.emplace(std::move(*oom));
    auto base = in->oom->consume();
    in->oom_base = base ? *base : 0;
  }
  const uint64_t serial = next_serial_++;
  ::fcntl(in->out.get(), F_SETFL, O_NONBLOCK);
  ::fcntl(in->err.get(), F_SETFL, O_NONBLOCK);
  add_fd(in->out.get(), kOut | serial);
  add_fd(in->err.get(), kErr | serial);
  if (in->oom) add_fd(in->oom->fd(), kOom | serial);
  if (post_start) {
    // Right after the start, as kubelet's startContainer; no timeout there either.
    in->post_start = true;
    run_hook_async(serial, *in, *post_start, HookKind::kPostStart, 0);
  }
  instances_[serial] = std::move(in);
}

void Monitor::stop(const LifecycleAction& a) {
  for (auto& [serial, in] : instances_) {
    if (in->name != a.container || in->stopping) continue;
    in->stopping = true;
    const manifest::Container* spec = container_spec(a.container);
    if (spec && spec->lifecycle && spec->lifecycle->stopSignal) {
      const std::string& s = *spec->lifecycle->stopSignal;
      static const std::map<std::string, int> names = {
          {"SIGTERM", SIGTERM}, {"SIGINT", SIGINT},   {"SIGQUIT", SIGQUIT}, {"SIGKILL", SIGKILL},
          {"SIGHUP", SIGHUP},   {"SIGUSR1", SIGUSR1}, {"SIGUSR2", SIGUSR2}};
      if (auto it = names.find(s); it != names.end()) in->stop_signal = it->second;
    }
    in->stop_grace = a.grace_seconds;
    // kubelet's killContainer: the preStop hook first, when there is a grace
    // period; its time counts against it, and it is cut off when it ends.
    // It runs on a thread: the loop keeps reaping, logging and probing.
    if (spec && spec->lifecycle && spec->lifecycle->preStop && a.grace_seconds > 0) {
      in->pre_stop = true;
      in->pre_stop_started = steady_now();
      in->pre_stop_deadline = in->pre_stop_started + std::chrono::seconds(a.grace_seconds);
      run_hook_async(serial, *in, *spec->lifecycle->preStop, HookKind::kPreStop,
                     static_cast<int>(std::min<int64_t>(a.grace_seconds, INT32_MAX)));
      continue;
    }
    send_stop(*in, a.grace_seconds);
  }
}

// kubelet's minimumGracePeriodInSeconds: the stop signal always gets this
// long before SIGKILL (a grace period of 0, a forced delete, kills at once).
constexpr int64_t kMinimumGraceSeconds = 2;

void Monitor::kill_now(Instance& in) {
  ::syscall(SYS_pidfd_send_signal, in.proc.pidfd.get(), SIGKILL, nullptr, 0);
  if (!in.own_pid_ns) (void)cgroups_->kill(in.cgroup_path);
  in.killed = true;
}

void Monitor::send_stop(Instance& in, int64_t grace) {
  if (grace <= 0) {
    kill_now(in);
    in.kill_at = steady_now();
    return;
  }
  ::syscall(SYS_pidfd_send_signal, in.proc.pidfd.get(), in.stop_signal, nullptr, 0);
  in.kill_at = steady_now() + std::chrono::seconds(std::max(grace, kMinimumGraceSeconds));
}

void Monitor::pre_stop_over(Instance& in) {
  if (!in.pre_stop) return;
  in.pre_stop = false;
  // Whole seconds used, truncated as kubelet counts them.
  const int64_t used =
      std::chrono::duration_cast<std::chrono::seconds>(steady_now() - in.pre_stop_started).count();
  send_stop(in, std::max(in.stop_grace - used, kMinimumGraceSeconds));
}

void Monitor::run_hook_async(uint64_t serial, const Instance& in,
                             const manifest::LifecycleHandler& h, HookKind kind, int timeout_s) {
  const manifest::Container* spec = container_spec(in.name);
  if (spec == nullptr) return;
  const auto& meta = lc_->pod().metadata;
  std::string pod_ref = meta.name + "_" + meta.namespace_ + "(" + meta.uid + ")";
  std::string pod_ip = opt_.pod_ips.empty() ? std::string() : opt_.pod_ips.front();
  int pidfd = ::dup(in.proc.pidfd.get());
  const bool exec = h.exec.has_value();
  if (exec) ++execs_running_;
  std::thread([channel = hooks_, serial, name = in.name, kind, exec, handler = h, c = *spec,
               pod_ref, pod_ip, pidfd, timeout_s] {
    unique_fd owned(pidfd);
    HookOutcome r = run_hook(handler, c, pod_ref, owned.get(), pod_ip, timeout_s);
    std::lock_guard lock(channel->mu);
    channel->done.push_back({serial, name, kind, exec, std::move(r)});
    char one = 1;
    [[maybe_unused]] ssize_t n = ::write(channel->w.get(), &one, 1);
  }).detach();
}

void Monitor::on_hooks() {
  char drainbuf[64];
  while (::read(hook_r_.get(), drainbuf, sizeof drainbuf) > 0) {
  }
  std::vector<HookDone> done;
  {
    std::lock_guard lock(hooks_->mu);
    done.swap(hooks_->done);
  }
  for (auto& d : done) {
    if (d.exec) --execs_running_;
    auto it = instances_.find(d.serial);
    Instance* in = it == instances_.end() ? nullptr : it->second.get();
    if (d.kind == HookKind::kPostStart) {
      if (in == nullptr || !in->post_start) continue;
      in->post_start = false;
      lc_->post_start_done(d.container, d.outcome.success, d.outcome.message, wall_now(),
                           steady_now());
      continue;
    }
    if (!d.outcome.success) {
      // As kubelet: the hook's output stays out of the event.
      const manifest::Container* spec = container_spec(d.container);
      bool init = spec != nullptr && std::any_of(lc_->pod().spec.initContainers.begin(),
                                                 lc_->pod().spec.initContainers.end(),
                                                 [&](const auto& c) { return &c == spec; });
      (void)append_event(pod_dir_ / "events.log",
                         {"Warning", "FailedPreStopHook", "PreStopHook failed",
                          (init ? "spec.initContainers{" : "spec.containers{") + d.container + "}",
                          "kubelet", wall_now()});
    }
    if (in != nullptr) pre_stop_over(*in);
  }
}

void Monitor::drain(Instance& in, bool final) {
  char buf[65536];
  for (auto [fd, stream] :
       {std::pair{&in.out, LogStream::kStdout}, std::pair{&in.err, LogStream::kStderr}}) {
    if (!fd->valid()) continue;
    while (true) {
      ssize_t n = ::read(fd->get(), buf, sizeof buf);
      if (n > 0) {
        if (in.log)
          (void)in.log->write(stream, std::string_view(buf, static_cast<size_t>(n)), wall_now());
        continue;
      }
      if (n == 0) {
        ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, fd->get(), nullptr);
        fd->reset();
      }
      break;
    }
  }
  if (final && in.log) (void)in.log->flush(wall_now());
}

void Monitor::finish_instance(size_t serial, int code) {
  auto it = instances_.find(serial);
  if (it == instances_.end()) return;
  Instance& in = *it->second;
  // Everything else in its cgroup goes too (the container's own children).
  if (!in.own_pid_ns) (void)cgroups_->kill(in.cgroup_path);
  drain(in, true);
  bool oom = false;
  if (in.oom) {
    auto count = in.oom->consume();
    oom = count && *count > in.oom_base;
    ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, in.oom->fd(), nullptr);
  }
  for (auto* fd : {&in.out, &in.err})
    if (fd->valid()) ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, fd->get(), nullptr);
  std::string message;
  if (auto msg = read_file((in.dir / "termination-log").string()); msg)
    message = msg->substr(0, 4096);
  const manifest::Container* spec = container_spec(in.name);
  if (message.empty() && code != 0 && spec &&
      spec->terminationMessagePolicy == "FallbackToLogsOnError") {
    LogQuery q;
    q.tail = 80;
    int restarts = 0;
    for (const auto* list :
         {&lc_->pod().status.initContainerStatuses, &lc_->pod().status.containerStatuses})
      for (const auto& s : *list)
        if (s.name == in.name) restarts = s.restartCount;
    if (auto text = read_container_log(in.dir, restarts, q)) {
      message = *text;
      if (message.size() > 2048) message = message.substr(message.size() - 2048);
    }
  }
  std::error_code ec;
  fs::remove(in.dir / "pid", ec);
  (void)cgroups_->remove(in.cgroup_path);
  std::string name = in.name;
  instances_.erase(it);
  lc_->container_exited(name, {code, oom && (code == 137 || code != 0), message}, wall_now(),
                        steady_now());
}

void Monitor::reap() {
  // Containers first, through their pidfds: exact, and never takes a child
  // that another thread (an exec probe) is waiting for.
  std::vector<std::pair<uint64_t, int>> exited;
  for (auto& [serial, in] : instances_) {
    siginfo_t info{};
    if (::waitid(kPidfdIdType, static_cast<id_t>(in->proc.pidfd.get()), &info, WEXITED | WNOHANG) ==
            0 &&
        info.si_pid != 0)
      exited.emplace_back(serial, exit_code_of(info));
  }
  for (auto [serial, code] : exited) finish_instance(serial, code);
  if (execs_running_ > 0) return;  // orphans wait until no exec child can be mistaken
  // Orphans reparented to this subreaper. Peek before reaping so that a
  // container that exited just now is still finished properly.
  while (true) {
    siginfo_t info{};
    if (::waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) != 0 || info.si_pid == 0) break;
    pid_t pid = info.si_pid;
    int code = exit_code_of(info);
    ::waitpid(pid, nullptr, 0);
    for (auto& [serial, in] : instances_) {
      if (in->proc.pid == pid) {
        finish_instance(serial, code);
        break;
      }
    }
  }
}

void Monitor::run_probes() {
  for (auto& req : lc_->due_probes(steady_now())) {
    const manifest::Container* spec = container_spec(req.container);
    const manifest::Probe probe = *req.probe;
    int pidfd = -1;
    for (auto& [serial, in] : instances_)
      if (in->name == req.container) pidfd = ::dup(in->proc.pidfd.get());
    std::string host = opt_.pod_ips.empty() ? "127.0.0.1" : opt_.pod_ips.front();
    const manifest::Container c = *spec;
    int wfd = probe_w_.get();
    ++probes_running_;
    if (probe.exec) ++execs_running_;
    std::thread([this, req, probe, c, host, pidfd, wfd] {
      unique_fd owned(pidfd);
      ProbeOutcome r;
      int timeout = std::max(1, probe.timeoutSeconds);
      if (probe.exec) {
        int p[2];
        if (::pipe2(p, O_CLOEXEC) == 0) {
          unique_fd rd(p[0]), wr(p[1]);
          sandbox::ExecRequest er;
          er.pidfd = owned.get();
          er.argv = probe.exec->command;
          er.stdout_fd = wr.get();
          er.stderr_fd = wr.get();
          auto code = sandbox::exec_in_container(er);
          wr.reset();
          char buf[1024];
          ssize_t n = ::read(rd.get(), buf, sizeof buf);
          std::string out = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
          if (!code)
            r = {false, code.error().message};
          else
            r = {*code == 0, out};
        }
      } else if (probe.tcpSocket) {
        int port = resolve_port(probe.tcpSocket->port, c);
        r = tcp_probe(probe.tcpSocket->host.empty() ? host : probe.tcpSocket->host, port, timeout);
      } else if (probe.httpGet) {
        int port = resolve_port(probe.httpGet->port, c);
        r = http_probe(*probe.httpGet, probe.httpGet->host.empty() ? host : probe.httpGet->host,
                       port, timeout);
      } else {
        r = {false, "grpc probes are not supported by this runtime"};
      }
      {
        std::lock_guard lock(probe_mu_);
        probe_done_.push_back(
            {req.container, req.kind, r.success, r.output, probe.exec.has_value()});
      }
      char one = 1;
      [[maybe_unused]] ssize_t n = ::write(wfd, &one, 1);
    }).detach();
  }
}

void Monitor::arm_timer() {
  std::optional<SteadyTime> next = lc_->next_wakeup();
  for (auto& [serial, in] : instances_)
    if (in->pre_stop && (!next || in->pre_stop_deadline < *next))
      next = in->pre_stop_deadline;
    else if (in->kill_at && !in->killed && (!next || *in->kill_at < *next))
      next = in->kill_at;
  // Deadlines need a look at least every second.
  if (lc_->pod().spec.activeDeadlineSeconds) {
    auto soon = steady_now() + std::chrono::seconds(1);
    if (!next || soon < *next) next = soon;
  }
  itimerspec its{};
  if (next) {
    auto d = *next - steady_now();
    if (d <= std::chrono::nanoseconds::zero()) d = std::chrono::microseconds(1);
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
    its.it_value.tv_sec = ns / 1000000000;
    its.it_value.tv_nsec = ns % 1000000000;
  }
  ::timerfd_settime(timer_.get(), 0, &its, nullptr);
}

void Monitor::on_control() {
  char buf[256];
  while (true) {
    ssize_t n = ::recv(control_.get(), buf, sizeof buf - 1, 0);
    if (n <= 0) break;
    std::string_view cmd(buf, static_cast<size_t>(n));
    if (cmd.starts_with("delete ")) {
      int64_t grace = 0;
      cmd.remove_prefix(7);
      std::from_chars(cmd.data(), cmd.data() + cmd.size(), grace);
      lc_->request_delete(std::max<int64_t>(0, grace), wall_now());
    }
  }
}

void Monitor::loop() {
  while (true) {
    apply(lc_->sync(wall_now(), steady_now()));
    run_probes();
    publish();
    // Exec hooks end with their container (they run in its cgroup).
    if (lc_->done() && instances_.empty() && probes_running_ == 0 && execs_running_ == 0) return;
    arm_timer();
    epoll_event evs[32];
    int n = ::epoll_wait(epoll_.get(), evs, 32, -1);
    if (n < 0 && errno != EINTR) return;
    for (int i = 0; i < n; ++i) {
      uint64_t tag = evs[i].data.u64;
      uint64_t kind = tag & 0xffffffff00000000ull, serial = tag & 0xffffffffull;
      if (kind == 0) {
        if (tag == kSignal) {
          signalfd_siginfo si;
          while (::read(sigfd_.get(), &si, sizeof si) == sizeof si) {
            if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT || si.ssi_signo == SIGHUP)
              lc_->request_delete(lc_->pod().spec.terminationGracePeriodSeconds.value_or(30),
                                  wall_now());
          }
          reap();
        } else if (tag == kTimer) {
          uint64_t ticks;
          [[maybe_unused]] ssize_t r = ::read(timer_.get(), &ticks, sizeof ticks);
          auto now = steady_now();
          for (auto& [s, in] : instances_) {
            // A preStop hook still running at the end of the grace period is
            // cut off: the stop signal goes now, with kubelet's minimum.
            if (in->pre_stop && now >= in->pre_stop_deadline) pre_stop_over(*in);
            if (in->kill_at && !in->killed && now >= *in->kill_at) kill_now(*in);
          }
        } else if (tag == kControl) {
          on_control();
        } else if (tag == kProbe) {
          char drainbuf[64];
          while (::read(probe_r_.get(), drainbuf, sizeof drainbuf) > 0) {
          }
          std::vector<ProbeDone> done;
          {
            std::lock_guard lock(probe_mu_);
            done.swap(probe_done_);
          }
          for (auto& d : done) {
            --probes_running_;
            if (d.exec) --execs_running_;
            lc_->probe_result(d.container, d.kind, d.success, d.output, wall_now(), steady_now());
          }
          reap();  // orphans held back while exec probes ran
        } else if (tag == kHook) {
          on_hooks();
          reap();
        }
        continue;
      }
      auto it = instances_.find(serial);
      if (it == instances_.end()) continue;
      if (kind == kOut || kind == kErr) {
        drain(*it->second, false);
      } else if (kind == kOom && it->second->oom) {
        (void)it->second->oom->consume();  // counted at exit
      }
    }
  }
}

// Unmaps this program's code (its r-x mappings) once the start is done. The
// kernel maps file pages around each fault (fault-around), so starting up
// left nearly all of the program's 2.5 MiB of text mapped, most of it code
// the event loop never runs again (decoding, validation, spawning). The
// pages stay in the page cache, shared with every other monitor; what the
// loop runs is mapped again on its first use (a minor fault). Only the
// text: it is never written, so nothing is lost, while a read-only data
// mapping may hold relocations made at start.
void unmap_startup_code() {
  char exe[4096];
  ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return;
  exe[n] = '\0';
  FILE* maps = std::fopen("/proc/self/maps", "re");
  if (maps == nullptr) return;
  char line[4352];
  while (std::fgets(line, sizeof line, maps) != nullptr) {
    unsigned long start = 0, end = 0;
    char perms[5] = {};
    int path_at = 0;
    if (std::sscanf(line, "%lx-%lx %4s %*s %*s %*s %n", &start, &end, perms, &path_at) < 3 ||
        path_at == 0)
      continue;
    std::string_view path(line + path_at);
    while (!path.empty() && (path.back() == '\n' || path.back() == ' ')) path.remove_suffix(1);
    if (std::string_view(perms) != "r-xp" || path != exe) continue;
    ::madvise(reinterpret_cast<void*>(start), end - start, MADV_DONTNEED);
  }
  std::fclose(maps);
}

int Monitor::run() {
  ::prctl(PR_SET_CHILD_SUBREAPER, 1);
  auto r = init();
  if (!r) {
    ready("error: " + r.error().to_string());
    return 1;
  }
  prepare_first_starts();
  // The creator gave up (its network stage failed, it died): nothing started.
  if (!wait_for_go()) return 0;
  lc_.emplace(pod_, wall_now());
  lc_->sandbox_ready(opt_.pod_ips, opt_.host_ip, wall_now());
  // First round: start what can start, then tell the creator.
  apply(lc_->sync(wall_now(), steady_now()));
  publish();
  ready("ok");
  unmap_startup_code();
  loop();
  publish();
  // Cgroups made ahead for containers that never started (an init container
  // failed for good, say) are not left to the pod's deletion.
  for (const auto& [name, cg] : first_cgroups_) (void)cgroups_->remove(cg);
  std::error_code ec;
  fs::remove(pod_dir_ / "monitor.sock", ec);
  return 0;
}

}  // namespace

int run_monitor(const MonitorOptions& options) {
  Monitor m(options);
  return m.run();
}

}  // namespace podcore::pod
