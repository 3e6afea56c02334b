// Runtime benchmark (issue 6, "Measurements"), in a private world: a state dir
// with the busybox image, its own bridge, subnet and cgroup parent.
//
//   latency      create → every container running and ready, then
//                delete --force, of examples/web-sync-pod.yml (two containers,
//                a shared emptyDir), one pod at a time: p50/p99 of the total and
//                of each create stage (the timings the runtime records;
//                "ready" is what follows the monitor's start), and of delete
//                and each of its stages (DeleteResult::timings).
//   concurrency  pods/second with N creator processes against one state dir.
//   overhead     RSS and PSS of the per-pod processes this runtime adds (the
//                monitor; a pause process only with shareProcessNamespace),
//                from /proc/<pid>/smaps_rollup, averaged over running pods.
//   steady       create latency with --steady=N idle pods already running,
//                measured --settle=S seconds (3) after making them
//                (two containers: httpd and sleep) against the first pods.
//   anchor       `podman kube play` / `podman kube down` of the same manifest
//                (benchmarks/podman_anchor.sh), when podman is installed.
//   leaks        at the end: no pod dirs, leases, bridge ports, cgroups,
//                mounts or monitor processes of this run are left.
//
// Targets (issue 6): create p50 <= 10 ms, p99 <= 30 ms (>= 25x podman kube
// play), delete --force <= 10 ms, per pod <= 2.5 MiB RSS and <= 0.6 MiB PSS,
// create at N running pods within 1.5x of the first, nothing left.
//
// Run as root: pod_bench [--pods=100] [--concurrency=8] [--concurrent-pods=64]
//   [--rss-pods=20] [--steady=0] [--steady-samples=20] [--settle=3] [--anchor-pods=20]
//   [--quick]   (10 pods per part, 5 anchor pods; --steady stays as given)
//   [--tmpfs]   (the state dir on a tmpfs the bench mounts, as /run is on a
//               standard Debian 12; on this VM /run sits on the root ext4)
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <linux/magic.h>
#include <net/if.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "base/file.hpp"
#include "base/random.hpp"
#include "cgroup/manager.hpp"
#include "net/network.hpp"
#include "pod/monitor.hpp"
#include "pod/runtime.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using podcore::pod::Runtime;

namespace {

struct Flags {
  int pods = 100;
  int concurrency = 8;
  int concurrent_pods = 64;
  int rss_pods = 20;
  int steady = 0;
  int steady_samples = 20;
  int settle = 3;  // seconds between making the idle pods and measuring
  int anchor_pods = 20;
  bool tmpfs = false;
};

// The state dir's file system: its file work is much of a create and a delete.
std::string filesystem_name(const fs::path& p) {
  struct statfs st {};
  if (::statfs(p.c_str(), &st) != 0) return "file system unknown";
  switch (static_cast<unsigned long>(st.f_type)) {
    case TMPFS_MAGIC: return "tmpfs";
    case EXT4_SUPER_MAGIC: return "ext4";
    case XFS_SUPER_MAGIC: return "xfs";
    case BTRFS_SUPER_MAGIC: return "btrfs";
    default: {
      char buf[40];
      std::snprintf(buf, sizeof buf, "file system 0x%lx", static_cast<unsigned long>(st.f_type));
      return buf;
    }
  }
}

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

double pct(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

void row(const std::string& label, const std::vector<double>& v, const char* unit = "ms") {
  std::printf("  %-34s %9.2f %9.2f %9.2f %5zu %s\n", label.c_str(), pct(v, 0.5), pct(v, 0.99),
              v.empty() ? 0.0 : *std::max_element(v.begin(), v.end()), v.size(), unit);
}

void header(const char* title) {
  std::printf("\n%s\n  %-34s %9s %9s %9s %5s\n", title, "", "p50", "p99", "max", "n");
}

std::string manifest_path(const char* file) {
  return std::string(PODCORE_SOURCE_DIR) + "/examples/" + file;
}

// The manifest with metadata.name `base` renamed to `name`.
std::string renamed(const std::string& text, const std::string& base, const std::string& name) {
  std::string out = text;
  auto at = out.find("name: " + base + "\n");
  if (at != std::string::npos) out.replace(at + 6, base.size(), name);
  return out;
}

std::string idle_pod(const std::string& name) {
  return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name +
         "\nspec:\n  terminationGracePeriodSeconds: 1\n  containers:\n"
         "  - name: web\n    image: busybox:1.36\n"
         "    command: [\"httpd\", \"-f\", \"-p\", \"8080\", \"-h\", \"/etc\"]\n"
         "  - name: idle\n    image: busybox:1.36\n    command: [\"sleep\", \"1000000\"]\n";
}

// A 10.X.0.0/16 that no interface has an address in (tests make their own
// bridges in 10.x at the same time).
std::string free_subnet() {
  std::vector<bool> used(256);
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) == 0) {
    for (ifaddrs* a = list; a; a = a->ifa_next)
      if (a->ifa_addr && a->ifa_addr->sa_family == AF_INET) {
        auto ip = ntohl(reinterpret_cast<sockaddr_in*>(a->ifa_addr)->sin_addr.s_addr);
        if ((ip >> 24) == 10) used[(ip >> 16) & 0xff] = true;
      }
    ::freeifaddrs(list);
  }
  int start = 150 + static_cast<int>(::getpid() % 80);
  for (int i = 0; i < 100; ++i) {
    int x = 150 + (start - 150 + i) % 100;
    if (!used[static_cast<size_t>(x)]) return "10." + std::to_string(x) + ".0.0/16";
  }
  return "10.249.0.0/16";
}

struct World {
  fs::path dir;
  podcore::pod::RuntimeOptions options;
  std::unique_ptr<Runtime> runtime;

  bool tmpfs = false;

  // tmpfs: the state directory on a tmpfs of our own, as /run is on a
  // standard Debian 12 (on this VM /run is on the root ext4).
  World(int max_pods, bool on_tmpfs) {
    char tmpl[] = "/tmp/podcore-bench-XXXXXX";
    if (!::mkdtemp(tmpl)) std::abort();
    dir = tmpl;
    if (on_tmpfs) {
      if (::mount("podcore-bench", tmpl, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") != 0) {
        std::perror("pod_bench: mount tmpfs");
        std::exit(1);
      }
      tmpfs = true;
    }
    std::string tag = podcore::random_string(6, "0123456789abcdef");
    options.state_dir = dir / "state";
    options.network.name = "bench" + tag;
    options.network.bridge = "pcb" + tag;
    options.network.subnet = free_subnet();
    options.cgroup_parent = "podcore-bench-" + tag;
    options.monitor_path = PODCORE_MONITOR_PATH;
    options.max_pods = max_pods;
    ::setenv("PODCORE_PAUSE_PATH", PODCORE_PAUSE_PATH, 1);
    std::string cmd = "PODCTL=" + std::string(PODCTL_PATH) +
                      " PODCORE_STATE_DIR=" + options.state_dir.string() + " " +
                      PODCORE_SOURCE_DIR + "/scripts/build-busybox-image.sh >/dev/null";
    if (std::system(cmd.c_str()) != 0) std::abort();
    runtime = open();
  }
  std::unique_ptr<Runtime> open() const {
    auto rt = Runtime::open(options);
    if (!rt) {
      std::fprintf(stderr, "pod_bench: %s\n", rt.error().to_string().c_str());
      std::exit(1);
    }
    return std::move(*rt);
  }
  void close() {
    runtime.reset();
    if (auto net = podcore::net::Network::open(options.network)) (void)(*net)->remove_bridge();
    podcore::cgroup::ManagerOptions co;
    co.parent = options.cgroup_parent;
    if (auto cg = podcore::cgroup::CgroupManager::open(co)) (void)cg->destroy();
    std::error_code ec;
    if (tmpfs) {
      // Anything still mounted below (a leak) is reported by leftovers() first.
      if (::umount2(dir.c_str(), MNT_DETACH) != 0) std::perror("pod_bench: umount tmpfs");
      tmpfs = false;
    }
    fs::remove_all(dir, ec);
  }

  // Everything of this run still on the host (empty: nothing).
  std::vector<std::string> leftovers() const {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(options.state_dir / "pods", ec))
      out.push_back("pod dir " + e.path().string());
    fs::path ipam = options.state_dir / "ipam" / options.network.name;
    for (const auto& e : fs::directory_iterator(ipam, ec)) {
      std::string f = e.path().filename().string();
      if (f != "lock" && f != "pods" && !f.starts_with("last_reserved_ip"))
        out.push_back("lease " + e.path().string());
    }
    for (const auto& e : fs::directory_iterator(ipam / "pods", ec))
      out.push_back("lease index " + e.path().string());
    for (const auto& e :
         fs::directory_iterator("/sys/class/net/" + options.network.bridge + "/brif", ec))
      out.push_back("bridge port " + e.path().filename().string());
    for (const auto& ctrl : fs::directory_iterator("/sys/fs/cgroup", ec)) {
      fs::path base = ctrl.path() / options.cgroup_parent;
      // The QoS tiers (burstable/, besteffort/) belong to the parent.
      for (const auto& e : fs::recursive_directory_iterator(base, ec)) {
        std::string rel = e.path().lexically_relative(base).string();
        if (e.is_directory(ec) && rel != "burstable" && rel != "besteffort")
          out.push_back("cgroup " + e.path().string());
      }
    }
    std::ifstream mi("/proc/self/mountinfo");
    std::string line;
    while (std::getline(mi, line)) {
      std::istringstream f(line);
      std::string a, b, c, d, mnt;
      f >> a >> b >> c >> d >> mnt;
      if (mnt.starts_with(dir.string()) && !(tmpfs && mnt == dir.string()))
        out.push_back("mount " + mnt);
    }
    const std::string mark = "--state-dir=" + options.state_dir.string();
    for (const auto& e : fs::directory_iterator("/proc", ec)) {
      auto cmd = podcore::read_file((e.path() / "cmdline").string());
      if (cmd && cmd->find(mark) != std::string::npos)
        out.push_back("monitor process " + e.path().filename().string());
    }
    return out;
  }
};

using Timings = std::map<std::string, std::vector<double>>;

// One create (wait ready) and its stages into `t`; false on failure.
bool timed_create(Runtime& rt, const std::string& text, Timings& t, std::string* uid) {
  podcore::pod::CreateOptions co;
  co.wait_ready = true;
  co.timeout = std::chrono::seconds(60);
  auto t0 = Clock::now();
  auto r = rt.create(text, co);
  double total = ms_since(t0);
  if (!r || r->pod.status.phase != "Running") {
    std::fprintf(stderr, "pod_bench: create: %s\n",
                 r ? ("phase " + r->pod.status.phase).c_str() : r.error().to_string().c_str());
    return false;
  }
  double staged = 0;
  for (const auto& [stage, d] : r->timings) {
    double ms = std::chrono::duration<double, std::milli>(d).count();
    t["  " + stage].push_back(ms);
    staged += ms;
  }
  t["  ready (after monitor start)"].push_back(total - staged);
  t["create -> ready"].push_back(total);
  if (uid) *uid = r->pod.metadata.uid;
  return true;
}

bool timed_delete(Runtime& rt, const std::string& name, Timings& t) {
  podcore::pod::DeleteOptions force;
  force.force = true;
  auto t0 = Clock::now();
  auto d = rt.remove("default", name, force);
  t["delete --force"].push_back(ms_since(t0));
  if (!d) {
    std::fprintf(stderr, "pod_bench: delete: %s\n", d.error().to_string().c_str());
    return false;
  }
  for (const auto& [stage, dur] : d->timings)
    t["d:" + stage].push_back(std::chrono::duration<double, std::milli>(dur).count());
  return true;
}

// The host veth goes with the namespace, in the kernel's deferred cleanup:
// wait for it (untimed).
void settle(const std::string& uid) {
  std::string ifname = podcore::net::host_ifname_for(uid);
  for (int i = 0; i < 300 && ::if_nametoindex(ifname.c_str()) != 0; ++i) ::usleep(10000);
}

void print_timings(const Timings& t) {
  for (const char* k :
       {"create -> ready", "  validate", "  store", "  sandbox", "  network", "  files", "  launch",
        "  monitor", "  ready (after monitor start)", "delete --force"})
    if (auto it = t.find(k); it != t.end()) row(k, it->second);
  for (const char* k : {"stop", "processes", "network", "sandbox", "cgroup", "files"})
    if (auto it = t.find(std::string("d:") + k); it != t.end())
      row(std::string("  ") + k, it->second);
}

bool latency(World& w, const std::string& text, int n, Timings& t) {
  for (int i = 0; i < n; ++i) {
    std::string uid;
    if (!timed_create(*w.runtime, text, t, &uid)) return false;
    if (!timed_delete(*w.runtime, "web-sync", t)) return false;
    settle(uid);
  }
  return true;
}

// `procs` processes, each creating its share of `n` pods one after the other
// (wait ready), then deleting them when told to.
bool concurrency(World& w, const std::string& text, int procs, int n) {
  struct Child {
    pid_t pid;
    int report, go;
  };
  std::vector<Child> kids;
  int start[2];
  if (::pipe(start) != 0) return false;
  for (int p = 0; p < procs; ++p) {
    int rep[2], go[2];
    if (::pipe(rep) != 0 || ::pipe(go) != 0) return false;
    pid_t pid = ::fork();
    if (pid == 0) {
      ::close(start[1]);
      ::close(rep[0]);
      ::close(go[1]);
      auto rt = w.open();
      char c;
      (void)::read(start[0], &c, 1);
      Timings t;
      std::vector<std::string> names;
      bool ok = true;
      for (int i = p; i < n && ok; i += procs) {
        names.push_back("web-sync-c" + std::to_string(i));
        ok = timed_create(*rt, renamed(text, "web-sync", names.back()), t, nullptr);
      }
      std::string line = ok ? "ok" : "fail";
      for (double ms : t["create -> ready"]) line += " " + std::to_string(ms);
      line += "\n";
      (void)::write(rep[1], line.data(), line.size());
      (void)::read(go[0], &c, 1);
      podcore::pod::DeleteOptions force;
      force.force = true;
      for (const auto& name : names) ok = rt->remove("default", name, force).has_value() && ok;
      ::_exit(ok ? 0 : 1);
    }
    ::close(rep[1]);
    ::close(go[0]);
    kids.push_back({pid, rep[0], go[1]});
  }
  ::close(start[0]);
  ::usleep(200000);  // let every child open its runtime
  auto t0 = Clock::now();
  ::close(start[1]);
  bool ok = true;
  std::vector<double> lat;
  for (auto& k : kids) {
    std::string text_in;
    char buf[4096];
    ssize_t r;
    while (text_in.find('\n') == std::string::npos && (r = ::read(k.report, buf, sizeof buf)) > 0)
      text_in.append(buf, static_cast<size_t>(r));
    std::istringstream in(text_in);
    std::string status;
    in >> status;
    ok = ok && status == "ok";
    for (double ms; in >> ms;) lat.push_back(ms);
  }
  double create_s = ms_since(t0) / 1000.0;
  auto t1 = Clock::now();
  for (auto& k : kids) ::close(k.go);
  for (auto& k : kids) {
    int st = 0;
    ::waitpid(k.pid, &st, 0);
    ok = ok && WIFEXITED(st) && WEXITSTATUS(st) == 0;
    ::close(k.report);
  }
  double delete_s = ms_since(t1) / 1000.0;
  header(("concurrency: " + std::to_string(procs) + " creator processes, " + std::to_string(n) +
          " web-sync pods")
             .c_str());
  row("create -> ready (each, under load)", lat);
  std::printf("  %-34s %9.1f pods/s (%d pods in %.2f s)\n", "create throughput",
              static_cast<double>(lat.size()) / create_s, static_cast<int>(lat.size()), create_s);
  std::printf("  %-34s %9.1f pods/s (%.2f s)\n", "delete --force throughput",
              static_cast<double>(n) / delete_s, delete_s);
  return ok && static_cast<int>(lat.size()) == n;
}

struct Mem {
  long rss_kb = 0, pss_kb = 0;
};
Mem smaps(int pid) {
  Mem m;
  std::ifstream f("/proc/" + std::to_string(pid) + "/smaps_rollup");
  std::string line;
  while (std::getline(f, line)) {
    long v = 0;
    if (std::sscanf(line.c_str(), "Rss: %ld", &v) == 1) m.rss_kb = v;
    if (std::sscanf(line.c_str(), "Pss: %ld", &v) == 1) m.pss_kb = v;
  }
  return m;
}

bool overhead(World& w, const std::string& text, int n) {
  std::vector<std::string> names, uids;
  bool ok = true;
  Timings t;
  for (int i = 0; i < n && ok; ++i) {
    names.push_back("web-sync-m" + std::to_string(i));
    uids.emplace_back();
    ok = timed_create(*w.runtime, renamed(text, "web-sync", names.back()), t, &uids.back());
  }
  ::usleep(300000);  // past the first sync loop round
  std::vector<double> rss, pss;
  for (const auto& uid : uids) {
    auto mon = podcore::pod::read_identity_file(w.options.state_dir / "pods" / uid / "monitor");
    if (!mon) continue;
    Mem m = smaps(mon->pid);
    rss.push_back(static_cast<double>(m.rss_kb) / 1024.0);
    pss.push_back(static_cast<double>(m.pss_kb) / 1024.0);
  }
  double rs = 0, ps = 0;
  for (double v : rss) rs += v;
  for (double v : pss) ps += v;
  header(("per-pod overhead: the monitor process of " + std::to_string(n) +
          " running web-sync pods (no pause process without shareProcessNamespace)")
             .c_str());
  row("RSS", rss, "MiB");
  row("PSS", pss, "MiB");
  if (!rss.empty())
    std::printf("  %-34s %9.2f MiB RSS, %.2f MiB PSS\n", "mean",
                rs / static_cast<double>(rss.size()), ps / static_cast<double>(pss.size()));
  podcore::pod::DeleteOptions force;
  force.force = true;
  for (const auto& name : names) ok = w.runtime->remove("default", name, force).has_value() && ok;
  return ok && static_cast<int>(rss.size()) == n;
}

bool steady(World& w, const std::string& text, int running, int samples, int procs,
            double settle_s) {
  Timings first, loaded;
  if (!latency(w, text, samples, first)) return false;
  // The background pods, created by `procs` processes (idle: httpd + sleep).
  auto t0 = Clock::now();
  std::vector<pid_t> kids;
  for (int p = 0; p < procs; ++p) {
    pid_t pid = ::fork();
    if (pid == 0) {
      auto rt = w.open();
      podcore::pod::CreateOptions co;
      for (int i = p; i < running; i += procs) {
        auto r = rt->create(idle_pod("idle-" + std::to_string(i)), co);
        if (!r || r->pod.status.phase == "Failed") {
          std::fprintf(stderr, "pod_bench: idle-%d: %s\n", i,
                       r ? r->pod.status.message.c_str() : r.error().to_string().c_str());
          ::_exit(1);
        }
      }
      ::_exit(0);
    }
    kids.push_back(pid);
  }
  bool ok = true;
  for (pid_t k : kids) {
    int st = 0;
    ::waitpid(k, &st, 0);
    ok = ok && WIFEXITED(st) && WEXITSTATUS(st) == 0;
  }
  double fill_s = ms_since(t0) / 1000.0;
  // Steady: the kernel's deferred work after 500 creations (RCU callbacks,
  // workqueues) done before measuring.
  if (settle_s > 0) ::usleep(static_cast<useconds_t>(settle_s * 1000000));
  auto pods = w.runtime->list("default");
  int up = 0;
  if (pods)
    for (const auto& p : *pods) up += p.status.phase == "Running";
  if (ok) ok = latency(w, text, samples, loaded);
  header(("steady: web-sync create with " + std::to_string(up) + " idle pods running (made in " +
          std::to_string(fill_s).substr(0, 5) + " s by " + std::to_string(procs) +
          " processes, measured after " + std::to_string(settle_s).substr(0, 3) + " s) vs none")
             .c_str());
  row("create -> ready, 0 running", first["create -> ready"]);
  row("create -> ready, N running", loaded["create -> ready"]);
  row("delete --force, 0 running", first["delete --force"]);
  row("delete --force, N running", loaded["delete --force"]);
  for (const char* k : {"  validate", "  store", "  sandbox", "  network", "  files", "  launch",
                        "  monitor", "  ready (after monitor start)"})
    row(std::string(k) + ", N running", loaded[k]);
  double r = pct(loaded["create -> ready"], 0.5) / pct(first["create -> ready"], 0.5);
  std::printf("  %-34s %9.2fx (target <= 1.5x)\n", "p50 ratio N running / 0 running", r);
  // Remove the background pods, again in parallel.
  auto t1 = Clock::now();
  kids.clear();
  for (int p = 0; p < procs; ++p) {
    pid_t pid = ::fork();
    if (pid == 0) {
      auto rt = w.open();
      podcore::pod::DeleteOptions force;
      force.force = true;
      bool good = true;
      for (int i = p; i < running; i += procs)
        good = rt->remove("default", "idle-" + std::to_string(i), force).has_value() && good;
      ::_exit(good ? 0 : 1);
    }
    kids.push_back(pid);
  }
  for (pid_t k : kids) {
    int st = 0;
    ::waitpid(k, &st, 0);
    ok = ok && WIFEXITED(st) && WEXITSTATUS(st) == 0;
  }
  std::printf("  %-34s %9.2f s\n", "delete of the idle pods", ms_since(t1) / 1000.0);
  return ok && up == running;
}

// podman kube play / kube down of the same manifest (benchmarks/podman_anchor.sh).
void anchor(const std::string& manifest, int n, double our_create_p50, double our_delete_p50) {
  if (std::system("command -v podman >/dev/null 2>&1") != 0) {
    std::printf("\nanchor: skipped, podman is not installed (apt-get install podman)\n");
    return;
  }
  std::string cmd = std::string(PODCORE_SOURCE_DIR) + "/benchmarks/podman_anchor.sh " + manifest +
                    " " + std::to_string(n);
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return;
  std::map<std::string, std::vector<double>> v;
  std::vector<std::string> notes;
  char line[512];
  while (std::fgets(line, sizeof line, p)) {
    std::istringstream in(line);
    std::string key;
    in >> key;
    std::vector<double> nums;
    for (double x; in >> x;) nums.push_back(x);
    if (key == "play" || key == "down") {
      if (!nums.empty()) v[key].push_back(nums[0]);
    } else if (key == "overhead" && nums.size() == 2) {
      v["rss"].push_back(nums[0] / 1024.0);
      v["pss"].push_back(nums[1] / 1024.0);
    } else {
      notes.emplace_back(line);
    }
  }
  int rc = ::pclose(p);
  header(("anchor: podman kube play / kube down of the same manifest (" + std::to_string(n) +
          " pods, crun, cgroupfs, CNI bridge without NAT)")
             .c_str());
  row("podman kube play", v["play"]);
  row("podman kube down", v["down"]);
  row("per-pod overhead RSS (conmons+infra)", v["rss"], "MiB");
  row("per-pod overhead PSS (conmons+infra)", v["pss"], "MiB");
  for (const auto& s : notes) std::printf("  %s", s.c_str());
  if (rc != 0) std::printf("  anchor script failed (exit %d): figures above are partial\n", rc);
  if (!v["play"].empty() && our_create_p50 > 0)
    std::printf("  %-34s %9.1fx create (target >= 25x), %.1fx delete\n", "podman p50 / ours p50",
                pct(v["play"], 0.5) / our_create_p50,
                v["down"].empty() ? 0.0 : pct(v["down"], 0.5) / our_delete_p50);
}

}  // namespace

int main(int argc, char** argv) {
  Flags f;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto num = [&](const char* key, int& out) {
      std::string k = std::string("--") + key + "=";
      if (!a.starts_with(k)) return false;
      out = std::atoi(a.c_str() + k.size());
      return true;
    };
    if (a == "--tmpfs") {
      f.tmpfs = true;
    } else if (a == "--quick") {
      f.pods = f.rss_pods = 10;
      f.concurrent_pods = 16;
      f.anchor_pods = 5;
    } else if (!num("pods", f.pods) && !num("concurrency", f.concurrency) &&
               !num("concurrent-pods", f.concurrent_pods) && !num("rss-pods", f.rss_pods) &&
               !num("steady", f.steady) && !num("steady-samples", f.steady_samples) &&
               !num("settle", f.settle) && !num("anchor-pods", f.anchor_pods)) {
      std::fprintf(
          stderr,
          "usage: pod_bench [--quick] [--tmpfs] [--pods=N] [--concurrency=P] [--concurrent-pods=N]"
          " [--rss-pods=N] [--steady=N] [--steady-samples=N] [--settle=S] [--anchor-pods=N]\n");
      return 2;
    }
  }
  auto text = podcore::read_file(manifest_path("web-sync-pod.yml"));
  if (!text) return 1;
  World w(std::max(110, f.steady + f.concurrent_pods + f.rss_pods + 10), f.tmpfs);
  std::printf("pod_bench: web-sync pod (examples/web-sync-pod.yml), state %s (%s), bridge %s\n",
              w.options.state_dir.c_str(), filesystem_name(w.options.state_dir).c_str(),
              w.options.network.bridge.c_str());
  bool ok = true;
  Timings t;
  if (f.pods > 0) {
    ok = latency(w, *text, f.pods, t);
    header(("latency: one pod at a time, " + std::to_string(f.pods) + " pods (ms)").c_str());
    print_timings(t);
  }
  if (ok && f.concurrent_pods > 0) ok = concurrency(w, *text, f.concurrency, f.concurrent_pods);
  if (ok && f.rss_pods > 0) ok = overhead(w, *text, f.rss_pods);
  if (ok && f.steady > 0)
    ok = steady(w, *text, f.steady, f.steady_samples, f.concurrency, f.settle);
  for (int i = 0; i < 300 && !w.leftovers().empty(); ++i) ::usleep(10000);
  auto left = w.leftovers();
  std::printf("\nleft behind after the run: %s\n", left.empty() ? "nothing" : "");
  for (const auto& l : left) std::printf("  %s\n", l.c_str());
  if (ok && f.anchor_pods > 0 && !t.empty())
    anchor(manifest_path("web-sync-pod.yml"), f.anchor_pods, pct(t["create -> ready"], 0.5),
           pct(t["delete --force"], 0.5));
  w.close();
  std::error_code ec;
  bool gone =
      !fs::exists("/sys/class/net/" + w.options.network.bridge, ec) && !fs::exists(w.dir, ec);
  for (const auto& ctrl : fs::directory_iterator("/sys/fs/cgroup", ec))
    gone = gone && !fs::exists(ctrl.path() / w.options.cgroup_parent, ec);
  std::printf("bridge, cgroup parent and state dir removed: %s\n", gone ? "yes" : "NO");
  if (!ok) std::printf("pod_bench: FAILED (see the errors above)\n");
  return ok && left.empty() && gone ? 0 : 1;
}
