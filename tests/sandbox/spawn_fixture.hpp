// Test fixture for container spawn/exec: a busybox root filesystem built
// from /bin/busybox once per test binary, and per test a state directory, a
// pod sandbox (create_pod_sandbox) and the pod files. Everything is removed
// in TearDown, also after a failed assertion: spawned processes killed,
// mounts under the state directory detached, directories removed.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <deque>
#include <expected>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "base/file.hpp"
#include "base/random.hpp"
#include "sandbox/container.hpp"
#include "sandbox/pod_files.hpp"
#include "sandbox/pod_sandbox.hpp"

namespace podcore::sandbox::testing {

namespace fs = std::filesystem;

/// Builds a busybox rootfs at `root`: bin/busybox, one symlink per applet,
/// /etc/passwd and /etc/group with root, a user 1000 and nobody.
inline bool build_busybox_rootfs(const fs::path& root) {
  std::error_code ec;
  for (const char* d : {"bin", "etc", "proc", "sys", "dev", "root", "home/user", "tmp"}) {
    fs::create_directories(root / d, ec);
    if (ec) return false;
  }
  ::chmod((root / "tmp").c_str(), 01777);
  fs::copy_file("/bin/busybox", root / "bin/busybox", fs::copy_options::overwrite_existing, ec);
  if (ec) return false;
  FILE* list = ::popen("/bin/busybox --list", "r");
  if (list == nullptr) return false;
  char line[256];
  while (std::fgets(line, sizeof line, list) != nullptr) {
    std::string name(line);
    while (!name.empty() && (name.back() == '\n')) name.pop_back();
    if (name.empty() || name == "busybox" || name.find('/') != std::string::npos) continue;
    fs::create_symlink("busybox", root / "bin" / name, ec);
  }
  ::pclose(list);
  std::ofstream(root / "etc/passwd") << "root:x:0:0:root:/root:/bin/sh\n"
                                        "user:x:1000:1000:user:/home/user:/bin/sh\n"
                                        "nobody:x:65534:65534:nobody:/home:/bin/false\n";
  std::ofstream(root / "etc/group") << "root:x:0:\nwheel:x:10:root\nusers:x:100:user\n"
                                       "user:x:1000:\nnobody:x:65534:\n";
  std::ofstream(root / "etc/marker") << "image\n";
  return true;
}

/// Mount points under `prefix` in this mount namespace.
inline std::vector<std::string> mounts_under(const fs::path& prefix) {
  std::ifstream in("/proc/self/mountinfo");
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string id, parent, devno, root, mp;
    ls >> id >> parent >> devno >> root >> mp;
    if (mp.starts_with(prefix.string())) out.push_back(mp);
  }
  return out;
}

/// Brings `lo` up in the network namespace pinned at `pin` (the net layer's
/// job in a real pod), from a thread so this process's namespace is untouched.
inline bool loopback_up(const fs::path& pin) {
  bool ok = false;
  std::thread t([&] {
    int fd = ::open(pin.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    // A thread with its own fs info could setns; network setns needs only
    // CAP_SYS_ADMIN and works per thread.
    if (::setns(fd, CLONE_NEWNET) == 0) {
      int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
      ifreq ifr{};
      std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
      if (s >= 0 && ::ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
        ifr.ifr_flags = static_cast<short>(ifr.ifr_flags | IFF_UP);
        ok = ::ioctl(s, SIOCSIFFLAGS, &ifr) == 0;
      }
      if (s >= 0) ::close(s);
    }
    ::close(fd);
  });
  t.join();
  return ok;
}

/// What a container printed and how it ended.
struct RunResult {
  std::string out;
  int exit_code = -1;
};

class SpawnFixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (::geteuid() != 0) return;
    std::string tmpl = fs::temp_directory_path() / "podcore-img-XXXXXX";
    image_dir_ = ::mkdtemp(tmpl.data());
    image_.reference = "docker.io/library/busybox:latest";
    image_.id = "sha256:test";
    image_.rootfs = image_dir_ / "rootfs";
    image_.config.cmd = {"sh"};
    image_.config.env = {"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"};
    rootfs_ok_ = build_busybox_rootfs(image_.rootfs);
  }
  static void TearDownTestSuite() {
    std::error_code ec;
    if (!image_dir_.empty()) fs::remove_all(image_dir_, ec);
  }

  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    ASSERT_TRUE(rootfs_ok_) << "could not build the busybox rootfs";
    std::string tmpl = fs::temp_directory_path() / "podcore-spawn-XXXXXX";
    state_ = ::mkdtemp(tmpl.data());
    pod_.metadata.name = "spawn-test";
    pod_.metadata.namespace_ = "default";
    pod_.metadata.uid = new_uuid();
    pod_.spec.restartPolicy = "Always";
    pod_.spec.dnsPolicy = "ClusterFirst";
    pod_dir_ = state_ / "pods" / pod_.metadata.uid;
  }

  void TearDown() override {
    for (auto& c : spawned_) {
      if (c.pidfd) {
        ::syscall(SYS_pidfd_send_signal, c.pidfd.get(), SIGKILL, nullptr, 0);
        siginfo_t si{};
        ::waitid(static_cast<idtype_t>(P_PIDFD), static_cast<id_t>(c.pidfd.get()), &si, WEXITED);
      }
    }
    spawned_.clear();
    if (state_.empty()) return;
    (void)remove_container_state(pod_dir_);
    if (sandbox_made_) (void)teardown_pod_sandbox(pod_dir_, pause_pid_);
    auto left = mounts_under(state_);
    for (auto it = left.rbegin(); it != left.rend(); ++it) ::umount2(it->c_str(), MNT_DETACH);
    std::error_code ec;
    fs::remove_all(state_, ec);
  }

  /// Creates the sandbox for pod_ (after the test has set its spec).
  void make_sandbox() {
    auto opts = sandbox_options_for(pod_, pod_dir_);
    ASSERT_TRUE(opts) << opts.error().to_string();
    opts->pause_path = PODCORE_PAUSE_PATH;
    auto sb = create_pod_sandbox(*opts);
    ASSERT_TRUE(sb) << sb.error().to_string();
    sandbox_made_ = true;
    sandbox_ = std::move(*sb);
    pause_pid_ = sandbox_.pause_pid;
    // The monitor mounts the pod's /dev/shm in its own mount namespace; a
    // test mounts it under its own state dir (teardown_pod_sandbox unmounts it).
    auto shm = mount_pod_shm(pod_dir_, pod_.spec.hostIPC);
    ASSERT_TRUE(shm) << shm.error().to_string();
    shm_ = *shm;
    auto files = write_pod_files(pod_dir_, pod_, node_pod_files_input());
    ASSERT_TRUE(files) << files.error().to_string();
    if (sandbox_.net) {
      ASSERT_TRUE(loopback_up(sandbox_.namespaces().net));
    }
  }

  static manifest::Container container(std::string name, std::vector<std::string> command) {
    manifest::Container c;
    c.name = std::move(name);
    c.image = "busybox";
    c.command = std::move(command);
    c.terminationMessagePath = "/dev/termination-log";
    return c;
  }

  SpawnRequest request(const manifest::Container& c) {
    SpawnRequest r;
    r.pod = &pod_;
    r.container = &c;
    r.image = &image_;
    r.namespaces = sandbox_.namespaces();
    r.shm_dir = shm_;
    r.pod_dir = pod_dir_;
    r.pod_ips = {"10.88.0.7"};
    r.node.name = "node-1";
    r.node.host_ip = "192.0.2.1";
    r.node.allocatable_milli_cpu = 2000;
    r.node.allocatable_memory = 4LL << 30;
    return r;
  }

  /// Starts `c` with stdout+stderr to a pipe; returns the pipe's read end.
  std::expected<std::pair<SpawnedContainer*, int>, SpawnFailure> start(
      const manifest::Container& c, SpawnRequest* custom = nullptr) {
    int p[2];
    if (::pipe2(p, O_CLOEXEC) != 0) return std::unexpected(SpawnFailure{"pipe", "pipe", {}});
    SpawnRequest r = custom != nullptr ? *custom : request(c);
    r.stdout_fd = p[1];
    r.stderr_fd = p[1];
    auto s = spawn_container(r);
    ::close(p[1]);
    if (!s) {
      ::close(p[0]);
      return std::unexpected(s.error());
    }
    spawned_.push_back(std::move(*s));
    return std::pair{&spawned_.back(), p[0]};
  }

  static std::string read_all(int fd) {
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR)) {
      if (n > 0) out.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    return out;
  }

  /// Runs `c` to completion.
  RunResult run(const manifest::Container& c, SpawnRequest* custom = nullptr) {
    RunResult res;
    auto s = start(c, custom);
    if (!s) {
      res.out = "SPAWN FAILED: " + s.error().reason + ": " + s.error().message;
      return res;
    }
    res.out = read_all(s->second);
    auto code = wait_container(*s->first);
    res.exit_code = code ? *code : -1;
    s->first->pidfd.reset();
    return res;
  }

  static inline fs::path image_dir_;
  static inline Image image_;
  static inline bool rootfs_ok_ = false;
  fs::path state_;
  fs::path pod_dir_;
  manifest::Pod pod_;
  PodSandbox sandbox_;
  fs::path shm_;
  bool sandbox_made_ = false;
  std::optional<int> pause_pid_;
  std::deque<SpawnedContainer> spawned_;
};

}  // namespace podcore::sandbox::testing
