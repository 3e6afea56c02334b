// Sandbox layer benchmarks (root). Run with:
//   build/benchmarks/sandbox_bench --benchmark_repetitions=5
//   --benchmark_report_aggregates_only=true
// and read the median rows.
//
// BM_SandboxCreatePin: new net/UTS/IPC namespaces made in a helper thread,
// host name set, pinned by bind mounts under a private pin directory, plus
// the 64 MiB /dev/shm tmpfs (timed); teardown untimed.
// BM_SandboxCreatePinQuiet: the same, each create after the previous pod's
// network namespace has been cleaned up by the kernel (30 ms pause, untimed).
// BM_SandboxCreatePinHostNetwork: a hostNetwork pod (new IPC namespace
// only; net and UTS are the host's), which shows what the rest of the path
// costs next to the kernel's network-namespace creation.
// BM_SandboxCreatePinTeardown: the same plus teardown (unmount, remove).
// BM_SandboxCreatePinSharedPid: as BM_SandboxCreatePin plus the pause
// process as PID 1 of a new PID namespace (clone3 + exec) and its pin.
#include <benchmark/benchmark.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "sandbox/pod_sandbox.hpp"

namespace {

namespace fs = std::filesystem;
using namespace podcore::sandbox;

// A state dir under /run (tmpfs, like the default /run/podcore).
struct StateDir {
  fs::path path;
  StateDir() {
    std::string tmpl = "/run/podcore-bench-XXXXXX";
    if (::mkdtemp(tmpl.data())) path = tmpl;
  }
  ~StateDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

SandboxOptions options(const fs::path& pod_dir, bool shared_pid, bool host_network) {
  SandboxOptions o;
  o.pod_dir = pod_dir;
  o.pod_name = "bench";
  o.hostname = "bench-pod";
  o.share_process_namespace = shared_pid;
  o.host_network = host_network;
  return o;
}

// `settle`: after each untimed teardown wait until the kernel's asynchronous
// network-namespace cleanup (cleanup_net, which holds the pernet lock a new
// unshare(CLONE_NEWNET) needs) is done, to time a create on a quiet node
// rather than under create/destroy churn.
void run(benchmark::State& state, bool teardown_timed, bool shared_pid, bool settle = false,
         bool host_network = false) {
  if (::geteuid() != 0) {
    state.SkipWithError("needs root");
    return;
  }
  StateDir dir;
  fs::path pod_dir = dir.path / "pods" / "uid";
  for (auto _ : state) {
    auto sb = create_pod_sandbox(options(pod_dir, shared_pid, host_network));
    if (!sb) {
      state.SkipWithError(sb.error().to_string().c_str());
      break;
    }
    if (!teardown_timed) state.PauseTiming();
    auto r = teardown_pod_sandbox(pod_dir, sb->pause_pid);
    if (settle) ::usleep(30 * 1000);
    if (!teardown_timed) state.ResumeTiming();
    if (!r) {
      state.SkipWithError(r.error().to_string().c_str());
      break;
    }
  }
}

void BM_SandboxCreatePin(benchmark::State& state) {
  run(state, false, false);
}
void BM_SandboxCreatePinQuiet(benchmark::State& state) {
  run(state, false, false, true);
}
void BM_SandboxCreatePinHostNetwork(benchmark::State& state) {
  run(state, false, false, false, true);
}
void BM_SandboxCreatePinTeardown(benchmark::State& state) {
  run(state, true, false);
}
void BM_SandboxCreatePinSharedPid(benchmark::State& state) {
  run(state, false, true);
}

BENCHMARK(BM_SandboxCreatePin)->Unit(benchmark::kMicrosecond)->MinTime(1.0);
BENCHMARK(BM_SandboxCreatePinQuiet)->Unit(benchmark::kMicrosecond)->Iterations(100);
BENCHMARK(BM_SandboxCreatePinHostNetwork)->Unit(benchmark::kMicrosecond)->MinTime(1.0);
BENCHMARK(BM_SandboxCreatePinTeardown)->Unit(benchmark::kMicrosecond)->MinTime(1.0);
BENCHMARK(BM_SandboxCreatePinSharedPid)->Unit(benchmark::kMicrosecond)->MinTime(1.0);

}  // namespace

// ---- Container spawn (part B) ------------------------------------------
//
// BM_ContainerSpawnTrue: spawn_container of busybox /bin/true into a pod
// sandbox (net/UTS/IPC pinned, made once, untimed): overlay rootfs (fresh
// upper), new mount + PID namespaces, /proc /dev /sys, pod files, masked and
// read-only paths, default capabilities, pivot_root, execve; timed until the
// process has exited (to completion, like `crun run`).
// BM_ContainerSpawnToExec: the same, timed only until spawn_container
// returns (the child has exec'd /bin/true); the wait is untimed.
// BM_CrunRunTrue (the anchor): `crun run` of the same rootfs and /bin/true,
// read-only root, joining the same pod network namespace by path, crun's
// default cgroup handling; run inside a private mount namespace where
// /sys/fs/cgroup/unified/cgroup.controllers reads empty (see
// ../shared/anchors/hybrid-ns.sh: crun 1.8 refuses this hybrid layout
// otherwise). Skipped when crun or jq is missing.
#include <fcntl.h>
#include <sched.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "base/random.hpp"
#include "sandbox/container.hpp"

namespace {

using namespace podcore::sandbox;

// A state dir under /run, removed at the end.
struct SpawnBenchDir {
  fs::path path;
  SpawnBenchDir() {
    std::string tmpl = "/run/podcore-bench-spawn-XXXXXX";
    if (::mkdtemp(tmpl.data())) path = tmpl;
  }
  ~SpawnBenchDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// A busybox root filesystem built from /bin/busybox, under a state dir.
bool make_busybox_rootfs(const fs::path& root) {
  std::error_code ec;
  for (const char* d : {"bin", "etc", "proc", "sys", "dev", "root", "tmp"}) {
    fs::create_directories(root / d, ec);
  }
  fs::copy_file("/bin/busybox", root / "bin/busybox", fs::copy_options::overwrite_existing, ec);
  if (ec) return false;
  for (const char* a : {"true", "sh", "ls", "cat"})
    fs::create_symlink("busybox", root / "bin" / a, ec);
  std::ofstream(root / "etc/passwd") << "root:x:0:0:root:/root:/bin/sh\n";
  std::ofstream(root / "etc/group") << "root:x:0:\n";
  return true;
}

struct SpawnBenchWorld {
  SpawnBenchDir dir;
  fs::path pod_dir;
  podcore::manifest::Pod pod;
  podcore::manifest::Container container;
  Image image;
  PodSandbox sandbox;
  fs::path shm;
  bool ok = false;
  std::string error;

  SpawnBenchWorld() {
    pod_dir = dir.path / "pods" / "uid";
    image.rootfs = dir.path / "image" / "rootfs";
    image.config.env = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"};
    if (!make_busybox_rootfs(image.rootfs)) {
      error = "cannot build the busybox rootfs";
      return;
    }
    pod.metadata.name = "bench";
    pod.metadata.namespace_ = "default";
    pod.metadata.uid = "uid";
    container.name = "c";
    container.command = {"/bin/true"};
    SandboxOptions o;
    o.pod_dir = pod_dir;
    o.pod_name = "bench";
    o.hostname = "bench-pod";
    auto sb = create_pod_sandbox(o);
    if (!sb) {
      error = sb.error().to_string();
      return;
    }
    sandbox = std::move(*sb);
    // The monitor mounts it in its own mount namespace; here, under the
    // bench's own state dir.
    auto mounted = mount_pod_shm(pod_dir, false);
    if (!mounted) {
      error = mounted.error().to_string();
      (void)teardown_pod_sandbox(pod_dir, std::nullopt);
      return;
    }
    shm = *mounted;
    ok = true;
  }
  ~SpawnBenchWorld() {
    (void)remove_container_state(pod_dir);
    if (ok) (void)teardown_pod_sandbox(pod_dir, std::nullopt);
  }
};

void spawn_bench(benchmark::State& state, bool time_exit) {
  if (::geteuid() != 0) {
    state.SkipWithError("needs root");
    return;
  }
  SpawnBenchWorld w;
  if (!w.ok) {
    state.SkipWithError(w.error.c_str());
    return;
  }
  SpawnRequest req;
  req.pod = &w.pod;
  req.container = &w.container;
  req.image = &w.image;
  req.namespaces = w.sandbox.namespaces();
  req.shm_dir = w.shm;
  req.pod_dir = w.pod_dir;
  for (auto _ : state) {
    auto c = spawn_container(req);
    if (!c) {
      state.SkipWithError(c.error().message.c_str());
      break;
    }
    if (!time_exit) state.PauseTiming();
    auto code = wait_container(*c);
    if (!time_exit) state.ResumeTiming();
    if (!code || *code != 0) {
      state.SkipWithError("/bin/true did not exit 0");
      break;
    }
  }
}

void BM_ContainerSpawnTrue(benchmark::State& state) {
  spawn_bench(state, true);
}
void BM_ContainerSpawnToExec(benchmark::State& state) {
  spawn_bench(state, false);
}

int run_quiet(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return -1;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void BM_CrunRunTrue(benchmark::State& state) {
  if (::geteuid() != 0) {
    state.SkipWithError("needs root");
    return;
  }
  if (std::system("command -v crun >/dev/null 2>&1 && command -v jq >/dev/null 2>&1") != 0) {
    state.SkipWithError("crun or jq not installed");
    return;
  }
  SpawnBenchWorld w;
  if (!w.ok) {
    state.SkipWithError(w.error.c_str());
    return;
  }
  // The hybrid-cgroup workaround, in a mount namespace of a child process
  // so this process keeps its own: a forked child unshares, bind-mounts, and
  // runs the whole measured loop, reporting per-run nanoseconds on a pipe.
  const fs::path bundle = w.dir.path / "bundle";
  fs::create_directories(bundle);
  std::string jq = "cd " + bundle.string() + " && crun spec && jq --arg root " +
                   w.image.rootfs.string() + " --arg ns /proc/" + std::to_string(::getpid()) +
                   "/fd/" + std::to_string(w.sandbox.net.get()) +
                   " '.process.args = [\"/bin/true\"] | .process.terminal = false | .root.path = "
                   "$root | .root.readonly = true | .hostname = \"bench\" | .linux.namespaces |= "
                   "map(if .type == \"network\" then .path = $ns else . end)' config.json > c.json "
                   "&& mv c.json config.json";
  if (std::system(jq.c_str()) != 0) {
    state.SkipWithError("cannot write the crun bundle");
    return;
  }
  const std::string id = "podcore-bench-" + podcore::random_string(8, "abcdefghijklmnop");
  int p[2];
  if (::pipe(p) != 0) return;
  // Tell the child how many runs to do by reading one request per run.
  int q[2];
  if (::pipe(q) != 0) return;
  pid_t child = ::fork();
  if (child == 0) {
    ::close(p[0]);
    ::close(q[1]);
    if (::unshare(CLONE_NEWNS) != 0 ||
        ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
        ::mount("/dev/null", "/sys/fs/cgroup/unified/cgroup.controllers", nullptr, MS_BIND,
                nullptr) != 0) {
      ::_exit(2);
    }
    char go;
    while (::read(q[0], &go, 1) == 1) {
      auto t0 = std::chrono::steady_clock::now();
      int rc = run_quiet({"crun", "run", "--bundle", bundle.string(), id});
      int64_t ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                       std::chrono::steady_clock::now() - t0)
                       .count();
      if (rc != 0) ns = -1;
      if (::write(p[1], &ns, sizeof ns) != sizeof ns) break;
    }
    ::_exit(0);
  }
  ::close(p[1]);
  ::close(q[0]);
  for (auto _ : state) {
    char go = 1;
    int64_t ns = -1;
    if (::write(q[1], &go, 1) != 1 || ::read(p[0], &ns, sizeof ns) != sizeof ns || ns < 0) {
      state.SkipWithError("crun run failed");
      break;
    }
    state.SetIterationTime(static_cast<double>(ns) / 1e9);
  }
  ::close(q[1]);
  ::close(p[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  run_quiet({"crun", "delete", "-f", id});
}

BENCHMARK(BM_ContainerSpawnTrue)->Unit(benchmark::kMicrosecond)->MinTime(2.0);
BENCHMARK(BM_ContainerSpawnToExec)->Unit(benchmark::kMicrosecond)->MinTime(2.0);
BENCHMARK(BM_CrunRunTrue)->Unit(benchmark::kMicrosecond)->UseManualTime()->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
