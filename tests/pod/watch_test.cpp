// Runtime::watch end to end (label e2e, root), and the Runtime's crash and
// fault hooks: a podctl SIGKILLed in the middle of a create, a delete that
// fails at each of its steps.
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/wait.h>

#include <thread>

#include "pod/runtime.hpp"
#include "runtime_fixture.hpp"

extern char** environ;

namespace podcore::pod::testing {
namespace {

using namespace std::chrono_literals;

std::string pod_yaml(const std::string& name, const std::string& restart,
                     const std::string& script) {
  return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name +
         "\nspec:\n  restartPolicy: " + restart +
         "\n  terminationGracePeriodSeconds: 1\n  containers:\n  - name: c\n    image: busybox\n"
         "    command: [\"sh\", \"-c\", \"" +
         script + "\"]\n";
}

class WatchE2E : public RuntimeWorld {
 protected:
  struct Child {
    pid_t pid = -1;
    unique_fd err;  // its stderr
  };

  // podctl `args` with this world's PODCORE_* settings (and `extra_env`),
  // manifest on stdin from `manifest_path`, stderr on a pipe.
  Child spawn_podctl(const std::vector<std::string>& args, const fs::path& manifest_path,
                     const std::vector<std::string>& extra_env = {}) {
    std::vector<std::string> env = {
        "PODCORE_STATE_DIR=" + options_.state_dir.string(),
        "PODCORE_BRIDGE=" + options_.network.bridge,
        "PODCORE_SUBNET=" + options_.network.subnet,
        "PODCORE_NETWORK=" + options_.network.name,
        "PODCORE_CGROUP_PARENT=" + options_.cgroup_parent,
        "PODCORE_MONITOR_PATH=" + std::string(PODCORE_MONITOR_PATH),
    };
    env.insert(env.end(), extra_env.begin(), extra_env.end());
    for (char** e = environ; *e; ++e)
      if (!std::string_view(*e).starts_with("PODCORE_")) env.emplace_back(*e);
    env.push_back("PODCORE_PAUSE_PATH=" + std::string(PODCORE_PAUSE_PATH));
    std::vector<std::string> argv = {PODCTL_PATH};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargv, cenv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    for (auto& e : env) cenv.push_back(e.data());
    cenv.push_back(nullptr);
    int p[2];
    Child c;
    if (::pipe2(p, O_CLOEXEC) != 0) return c;
    unique_fd rd(p[0]), wr(p[1]);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, manifest_path.c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, wr.get(), 2);
    int rc = ::posix_spawn(&c.pid, cargv[0], &fa, nullptr, cargv.data(), cenv.data());
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) c.pid = -1;
    c.err = std::move(rd);
    return c;
  }

  // Reads the child's stderr until it holds `needle` (true) or ends.
  static bool read_until(int fd, const std::string& needle, std::string* text) {
    char buf[512];
    while (text->find(needle) == std::string::npos) {
      pollfd pfd{fd, POLLIN, 0};
      if (::poll(&pfd, 1, 60000) <= 0) return false;
      ssize_t n = ::read(fd, buf, sizeof buf);
      if (n <= 0) return false;
      text->append(buf, static_cast<size_t>(n));
    }
    return true;
  }

  fs::path write_manifest(const std::string& text) {
    fs::path p = dir_ / ("manifest-" + random_hex(6) + ".yaml");
    std::ofstream(p) << text;
    return p;
  }

  // The next event of `w` within `timeout`; fails the test when none comes.
  static std::optional<WatchEvent> next_event(PodWatch& w, std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      auto ev = w.next(std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now()));
      if (!ev) {
        ADD_FAILURE() << ev.error().to_string();
        return std::nullopt;
      }
      if (*ev) return std::move(**ev);
    }
    return std::nullopt;
  }
};

int restarts(const manifest::Pod& p) {
  return p.status.containerStatuses.empty() ? 0 : p.status.containerStatuses[0].restartCount;
}

TEST_F(WatchE2E, ReportsAddedModifiedDeletedAcrossProcesses) {
  CreateOptions ready;
  ready.wait_ready = true;
  ready.timeout = 30s;
  auto early = runtime_->create(pod_yaml("early", "Always", "sleep 1000"), ready);
  ASSERT_TRUE(early) << early.error().to_string();

  auto w = runtime_->watch("default");
  ASSERT_TRUE(w) << w.error().to_string();
  PodWatch& watch = **w;
  auto first = next_event(watch, 5s);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->type, WatchEventType::kAdded);
  EXPECT_EQ(first->pod.metadata.name, "early");
  EXPECT_EQ(first->pod.status.phase, "Running");

  // Idle: the fd stays quiet and next() reports nothing.
  pollfd pfd{watch.fd(), POLLIN, 0};
  EXPECT_EQ(::poll(&pfd, 1, 500), 0);
  auto none = watch.next(0ms);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);

  // Another process (podctl) creates a pod that stays Pending in its init
  // container for a while, then runs, crashes and restarts.
  std::string crashy = pod_yaml("crashy", "Always", "sleep 0.3; exit 1");
  crashy +=
      "  initContainers:\n  - name: init\n    image: busybox\n"
      "    command: [\"sleep\", \"0.5\"]\n";
  Child c = spawn_podctl({"apply", "-f", "-"}, write_manifest(crashy));
  ASSERT_GT(c.pid, 0);

  pfd = {watch.fd(), POLLIN, 0};
  ASSERT_EQ(::poll(&pfd, 1, 10000), 1);  // readable for the change
  EXPECT_TRUE(pfd.revents & POLLIN);

  bool added = false, pending = false, running = false, restarted = false;
  std::string uid, seen;
  while (!restarted) {
    auto ev = next_event(watch, 30s);
    ASSERT_TRUE(ev) << "events so far: " << seen;
    seen += std::string(watch_event_type_name(ev->type)) + " " + ev->pod.metadata.name + " " +
            ev->pod.status.phase + "; ";
    ASSERT_EQ(ev->pod.metadata.name, "crashy") << seen;
    if (ev->pod.status.phase == "Pending" && !running) pending = true;
    if (ev->type == WatchEventType::kAdded) {
      EXPECT_FALSE(added) << seen;
      added = true;
      uid = ev->pod.metadata.uid;
      continue;
    }
    ASSERT_EQ(ev->type, WatchEventType::kModified) << seen;
    ASSERT_TRUE(added) << seen;
    if (ev->pod.status.phase == "Running") running = true;
    if (restarts(ev->pod) >= 1) restarted = true;
  }
  EXPECT_TRUE(pending) << seen;  // Pending → Running was reported on the way
  EXPECT_TRUE(running) << seen;
  int status = 0;
  ASSERT_EQ(::waitpid(c.pid, &status, 0), c.pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

  ASSERT_TRUE(runtime_->remove("default", "crashy", forced()));
  bool deleted = false;
  while (!deleted) {
    auto ev = next_event(watch, 30s);
    ASSERT_TRUE(ev) << seen;
    ASSERT_EQ(ev->pod.metadata.name, "crashy");
    deleted = ev->type == WatchEventType::kDeleted;
    if (deleted) {
      EXPECT_EQ(ev->pod.metadata.uid, uid);
    }
  }
  EXPECT_EQ(leaks(uid), std::vector<std::string>{});
}

TEST_F(WatchE2E, SeesPodsOfAnotherRuntimeAndOnlyItsNamespace) {
  auto w = runtime_->watch("team-a");
  ASSERT_TRUE(w) << w.error().to_string();
  auto none = (*w)->next(0ms);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);  // no pods yet

  auto other = Runtime::open(options_);
  ASSERT_TRUE(other) << other.error().to_string();
  CreateOptions b;
  b.namespace_ = "team-b";
  ASSERT_TRUE((*other)->create(pod_yaml("elsewhere", "Never", "sleep 1000"), b));
  CreateOptions a;
  a.namespace_ = "team-a";
  ASSERT_TRUE((*other)->create(pod_yaml("here", "Never", "sleep 1000"), a));
  auto ev = next_event(**w, 10s);
  ASSERT_TRUE(ev);
  EXPECT_EQ(ev->type, WatchEventType::kAdded);
  EXPECT_EQ(ev->pod.metadata.namespace_, "team-a");
  EXPECT_EQ(ev->pod.metadata.name, "here");
}

TEST_F(WatchE2E, CallbackStopsWhenToldOrStopped) {
  ASSERT_TRUE(runtime_->create(pod_yaml("one", "Never", "sleep 1000"), {}));
  ASSERT_TRUE(runtime_->create(pod_yaml("two", "Never", "sleep 1000"), {}));
  // Returns after the first event when the callback says so.
  int calls = 0;
  auto r = runtime_->watch(std::nullopt, [&](const WatchEvent& e) {
    ++calls;
    EXPECT_EQ(e.type, WatchEventType::kAdded);
    return false;
  });
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(calls, 1);

  // Keeps going until stop is requested from another thread.
  std::stop_source stop;
  std::vector<std::string> names;
  std::jthread stopper;
  auto r2 = runtime_->watch(
      "default",
      [&](const WatchEvent& e) {
        if (e.type == WatchEventType::kAdded) names.push_back(e.pod.metadata.name);
        if (names.size() == 2)
          stopper = std::jthread([&] {
            std::this_thread::sleep_for(200ms);
            stop.request_stop();
          });
        return true;
      },
      stop.get_token());
  ASSERT_TRUE(r2) << r2.error().to_string();
  EXPECT_TRUE(stop.stop_requested());
  EXPECT_EQ(names, (std::vector<std::string>{"one", "two"}));
}

// A podctl SIGKILLed while its create is stopped at step N: the next
// Runtime::open rolls the half-made pod back, and the name is free again.
TEST_F(WatchE2E, KilledCreateIsRolledBackByTheNextOpen) {
  const fs::path manifest = write_manifest(pod_yaml("killed", "Always", "sleep 1000"));
  for (int step = 1; step <= 7; ++step) {
    Child c = spawn_podctl({"apply", "-f", "-"}, manifest,
                           {"PODCORE_FAULT_PAUSE_STEP=" + std::to_string(step)});
    ASSERT_GT(c.pid, 0);
    std::string err;
    bool paused = read_until(c.err.get(), "paused at create step " + std::to_string(step), &err);
    ::kill(c.pid, SIGKILL);
    int status = 0;
    ::waitpid(c.pid, &status, 0);
    ASSERT_TRUE(paused) << "step " << step << ": " << err;
    std::vector<std::string> uids;
    std::error_code ec;
    for (const auto& d : fs::directory_iterator(options_.state_dir / "pods", ec))
      uids.push_back(d.path().filename().string());
    ASSERT_EQ(uids.size(), 1u) << "step " << step;

    auto rt = Runtime::open(options_);
    ASSERT_TRUE(rt) << rt.error().to_string();
    EXPECT_EQ(leaks(uids[0]), std::vector<std::string>{}) << "step " << step;
    auto got = (*rt)->get("default", "killed");
    ASSERT_FALSE(got) << "step " << step;
    EXPECT_EQ(got.error().code, ErrorCode::kNotFound);
  }
  auto again = runtime_->create(pod_yaml("killed", "Always", "sleep 1000"), {});
  ASSERT_TRUE(again) << again.error().to_string();
  ASSERT_TRUE(runtime_->remove("default", "killed", forced()));
  EXPECT_EQ(leaks(again->pod.metadata.uid), std::vector<std::string>{});
}

// The next open waits for every holder of the dead creator's lock on
// `creating` before it tears the half-made pod down. The holder here is a
// forked process standing in for a monitor still setting itself up before go
// (a real one exits within milliseconds of its creator's death, too fast to
// catch in the act): it checks, after 300 ms, that the pod is still all there.
TEST_F(WatchE2E, RecoveryWaitsForTheCreatingLockBeforeTearingDown) {
  const fs::path manifest = write_manifest(pod_yaml("held", "Always", "sleep 1000"));
  Child c = spawn_podctl({"apply", "-f", "-"}, manifest, {"PODCORE_FAULT_PAUSE_STEP=3"});
  ASSERT_GT(c.pid, 0);
  std::string err;
  bool paused = read_until(c.err.get(), "paused at create step 3", &err);
  std::vector<std::string> uids;
  std::error_code ec;
  for (const auto& d : fs::directory_iterator(options_.state_dir / "pods", ec))
    uids.push_back(d.path().filename().string());
  ASSERT_EQ(uids.size(), 1u);
  const fs::path dir = options_.state_dir / "pods" / uids[0];
  // Taken by a second open file while podctl holds it: the holder gets it the
  // moment podctl dies, as a monitor's shared copy would already have it.
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  pid_t holder = ::fork();
  if (holder == 0) {
    int fd = ::open((dir / "creating").c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::flock(fd, LOCK_EX) != 0) ::_exit(2);
    (void)!::write(ready[1], "x", 1);
    ::usleep(300000);
    ::_exit(fs::exists(dir / "pod.json") && fs::exists(dir / "creating") ? 0 : 1);
  }
  ::close(ready[1]);
  ::kill(c.pid, SIGKILL);
  ::waitpid(c.pid, nullptr, 0);
  ASSERT_TRUE(paused) << err;
  char x;
  ASSERT_EQ(::read(ready[0], &x, 1), 1) << "the holder took the lock";
  ::close(ready[0]);
  auto rt = Runtime::open(options_);
  ASSERT_TRUE(rt) << rt.error().to_string();
  int status = -1;
  ASSERT_EQ(::waitpid(holder, &status, 0), holder);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << "the pod was torn down while its lock was held (status " << status << ")";
  EXPECT_EQ(leaks(uids[0]), std::vector<std::string>{}) << "rolled back once the lock was free";
  EXPECT_FALSE((*rt)->get("default", "held"));
}

// A delete failing at each of its steps leaves a pod a second delete removes.
TEST_F(WatchE2E, DeleteFailingAtEachStepCanBeFinished) {
  CreateOptions ready;
  ready.wait_ready = true;
  ready.timeout = 30s;
  for (int step = 1; step <= 6; ++step) {
    auto created = runtime_->create(pod_yaml("victim", "Always", "sleep 1000"), ready);
    ASSERT_TRUE(created) << created.error().to_string();
    const std::string uid = created->pod.metadata.uid;
    RuntimeOptions o = options_;
    o.delete_fault_step = step;
    auto faulty = Runtime::open(o);
    ASSERT_TRUE(faulty) << faulty.error().to_string();
    auto r = (*faulty)->remove("default", "victim", forced());
    ASSERT_FALSE(r) << "step " << step;
    EXPECT_NE(r.error().message.find("injected fault at delete step " + std::to_string(step)),
              std::string::npos)
        << r.error().to_string();
    ASSERT_TRUE(runtime_->get("default", "victim")) << "step " << step;
    auto again = runtime_->remove("default", "victim", forced());
    ASSERT_TRUE(again) << "step " << step << ": " << again.error().to_string();
    EXPECT_FALSE(runtime_->get("default", "victim")) << "step " << step;
    EXPECT_EQ(leaks(uid), std::vector<std::string>{}) << "step " << step;
  }
}

}  // namespace
}  // namespace podcore::pod::testing
