// exec_in_container against a running container: filesystem, hostname,
// cgroup, identity, exit codes, pty.
#include "sandbox/exec.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "spawn_fixture.hpp"

namespace podcore::sandbox::testing {
namespace {

class ExecTest : public SpawnFixture {
 protected:
  // A container that marks its filesystem and then sleeps.
  SpawnedContainer* start_sleeper(manifest::Container c = container("sleeper",
                                                                    {"sh", "-c",
                                                                     "echo inside > /marker; "
                                                                     "exec sleep 60"}),
                                  SpawnRequest* req = nullptr) {
    auto s = start(c, req);
    EXPECT_TRUE(s) << s.error().message;
    if (!s) return nullptr;
    ::close(s->second);
    // Wait for the marker (written by the container into its upper layer).
    auto marker = container_dir(pod_dir_, c.name) / "upper" / "marker";
    for (int i = 0; i < 200 && !fs::exists(marker); ++i) ::usleep(10000);
    return s->first;
  }

  RunResult exec(const SpawnedContainer& c, std::vector<std::string> argv, bool tty = false,
                 std::string input = {}) {
    RunResult res;
    int out[2];
    int in[2];
    if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(in, O_CLOEXEC) != 0) return res;
    if (!input.empty()) (void)!::write(in[1], input.data(), input.size());
    ::close(in[1]);
    ExecRequest req;
    req.pidfd = c.pidfd.get();
    req.argv = std::move(argv);
    req.tty = tty;
    req.stdin_fd = in[0];
    req.stdout_fd = out[1];
    req.stderr_fd = out[1];
    std::string collected;
    std::thread reader([&] { collected = read_all(out[0]); });
    auto r = exec_in_container(req);
    ::close(out[1]);
    ::close(in[0]);
    reader.join();
    res.out = collected;
    res.exit_code = r ? *r : -1000;
    if (!r) res.out += "EXEC FAILED: " + r.error().to_string();
    return res;
  }
};

TEST_F(ExecTest, SeesTheContainerFilesystemHostnameNamespacesAndIdentity) {
  pod_.spec.hostname = "exec-host";
  make_sandbox();
  auto* c = start_sleeper();
  ASSERT_NE(c, nullptr);
  auto r = exec(*c, {"sh", "-c",
                     "cat /marker; hostname; for n in mnt pid net; do readlink /proc/self/ns/$n; "
                     "done; grep CapEff /proc/self/status; echo $HOSTNAME; "
                     "ps -o comm | grep -c sleep; pwd"});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::istringstream in(r.out);
  std::vector<std::string> l;
  for (std::string line; std::getline(in, line);) l.push_back(line);
  ASSERT_GE(l.size(), 9u) << r.out;
  EXPECT_EQ(l[0], "inside");
  EXPECT_EQ(l[1], "exec-host");
  auto ns = [&](const char* kind) {
    char buf[128] = {};
    auto p = "/proc/" + std::to_string(c->pid) + "/ns/" + kind;
    return ::readlink(p.c_str(), buf, sizeof buf - 1) > 0 ? std::string(buf) : std::string();
  };
  EXPECT_EQ(l[2], ns("mnt"));
  EXPECT_EQ(l[3], ns("pid"));
  EXPECT_EQ(l[4], ns("net"));
  EXPECT_EQ(l[5], "CapEff:\t00000000a80425fb");
  EXPECT_EQ(l[6], "exec-host");  // the container's environment
  EXPECT_EQ(l[7], "1");          // sees the container's sleep (same PID namespace)
  EXPECT_EQ(l[8], "/");
}

TEST_F(ExecTest, JoinsTheContainersCgroupAndUser) {
  // A cgroup of our own in the pids hierarchy (v1 here), joined in before_exec.
  const fs::path hier =
      fs::exists("/sys/fs/cgroup/pids/cgroup.procs") ? "/sys/fs/cgroup/pids" : "/sys/fs/cgroup";
  if (!fs::exists(hier / "cgroup.procs")) GTEST_SKIP() << "no writable cgroup hierarchy";
  const fs::path cg = hier / ("podcore-exec-test-" + random_string(8, "abcdefgh0123456789"));
  ASSERT_EQ(::mkdir(cg.c_str(), 0755), 0);
  auto remove_cg = [&] {
    // Processes are gone once the fixture killed them; rmdir may need a retry.
    for (int i = 0; i < 100 && ::rmdir(cg.c_str()) != 0 && errno == EBUSY; ++i) ::usleep(10000);
  };
  struct Guard {
    std::function<void()> f;
    ~Guard() { f(); }
  } guard{[&] {
    for (auto& c : spawned_) {
      if (c.pidfd) {
        ::syscall(SYS_pidfd_send_signal, c.pidfd.get(), SIGKILL, nullptr, 0);
        (void)wait_container(c);
        c.pidfd.reset();
      }
    }
    remove_cg();
  }};
  pod_.spec.securityContext.emplace();
  pod_.spec.securityContext->runAsUser = 1000;
  make_sandbox();
  auto sc = container("cg", {"sh", "-c", "exec sleep 60"});
  SpawnRequest req = request(sc);
  // The cgroup layer's join, done here by hand (cgroupfs takes plain writes).
  req.before_exec = [&](pid_t pid) -> Result<void> {
    std::ofstream f(cg / "cgroup.procs");
    f << pid;
    f.close();
    if (!f) return fail(ErrorCode::kSystem, "test.cgroup", "join", cg.string());
    return {};
  };
  auto s = start(sc, &req);
  ASSERT_TRUE(s) << s.error().message;
  ::close(s->second);
  auto r = exec(*s->first, {"sh", "-c", "id -u; cat /proc/self/cgroup"});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(r.out.starts_with("1000\n")) << r.out;
  EXPECT_NE(r.out.find(":/" + cg.filename().string() + "\n"), std::string::npos) << r.out;
  // Kill now so the guard's rmdir succeeds.
  ::syscall(SYS_pidfd_send_signal, s->first->pidfd.get(), SIGKILL, nullptr, 0);
  (void)wait_container(*s->first);
  s->first->pidfd.reset();
}

TEST_F(ExecTest, ExitCodesMissingCommandAndStdin) {
  make_sandbox();
  auto* c = start_sleeper();
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(exec(*c, {"sh", "-c", "exit 3"}).exit_code, 3);
  EXPECT_EQ(exec(*c, {"sh", "-c", "kill -TERM $$"}).exit_code, 128 + SIGTERM);
  auto cat = exec(*c, {"cat"}, false, "piped input\n");
  EXPECT_EQ(cat.exit_code, 0);
  EXPECT_EQ(cat.out, "piped input\n");
  ExecRequest req;
  req.pidfd = c->pidfd.get();
  req.argv = {"no-such-command"};
  auto r = exec_in_container(req);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(r.error().message, "exec: \"no-such-command\": executable file not found in $PATH");
}

TEST_F(ExecTest, WithPtyTheProcessHasATerminal) {
  make_sandbox();
  auto* c = start_sleeper();
  ASSERT_NE(c, nullptr);
  auto r = exec(*c, {"sh", "-c", "tty; [ -t 0 ] && echo interactive"}, true);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("/dev/pts/0"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("interactive"), std::string::npos) << r.out;
  auto plain = exec(*c, {"sh", "-c", "tty"});
  EXPECT_NE(plain.exit_code, 0) << plain.out;  // "not a tty"
}

TEST_F(ExecTest, GoneContainerIsNotFound) {
  make_sandbox();
  auto s = start(container("quick", {"true"}));
  ASSERT_TRUE(s) << s.error().message;
  ::close(s->second);
  ASSERT_EQ(wait_container(*s->first).value_or(-1), 0);
  ExecRequest req;
  req.pid = s->first->pid;  // reaped: no such process
  req.argv = {"true"};
  auto e = exec_in_container(req);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().sys_errno, ESRCH);
}

}  // namespace
}  // namespace podcore::sandbox::testing
