// Pod sandbox against the real kernel: the namespaces are held by
// descriptors and nothing is mounted in the host's mount namespace, setns
// through a descriptor's path reaches the same namespace, the host name is
// set inside, the pod's /dev/shm lives in a private mount namespace only,
// the pause process is PID 1 and reaps, teardown finds it by its record
// (never a reused PID) and leaves nothing behind.
#include "sandbox/pod_sandbox.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "base/file.hpp"

namespace {

namespace fs = std::filesystem;
using namespace podcore::sandbox;

// Mount points (field 5 of mountinfo) under `prefix`, with their fs type.
std::vector<std::pair<std::string, std::string>> mounts_under(const fs::path& prefix) {
  std::ifstream in("/proc/self/mountinfo");
  std::vector<std::pair<std::string, std::string>> out;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string id, parent, devno, root, mp;
    ls >> id >> parent >> devno >> root >> mp;
    auto dash = line.find(" - ");
    std::string fstype;
    if (dash != std::string::npos) std::istringstream(line.substr(dash + 3)) >> fstype;
    if (mp.starts_with(prefix.string())) out.emplace_back(mp, fstype);
  }
  return out;
}

ino_t ns_inode(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

// In a fresh thread: setns into `pin`, then run `fn` (which sees the ns).
template <class Fn>
auto in_ns(const fs::path& pin, int nstype, Fn fn) {
  decltype(fn()) result{};
  std::thread t([&] {
    int fd = ::open(pin.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    if (::setns(fd, nstype) == 0) result = fn();
    ::close(fd);
  });
  t.join();
  return result;
}

class PodSandboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    std::string tmpl = fs::temp_directory_path() / "podcore-sb-XXXXXX";
    state_ = ::mkdtemp(tmpl.data());
    pod_dir_ = state_ / "pods" / "0f0f0f0f-uid";
  }
  void TearDown() override {
    if (state_.empty()) return;
    (void)teardown_pod_sandbox(pod_dir_, pause_pid_);
    // Anything a failed assertion left mounted goes too.
    for (auto& [mp, t] : mounts_under(state_)) ::umount2(mp.c_str(), MNT_DETACH);
    std::error_code ec;
    fs::remove_all(state_, ec);
  }
  SandboxOptions options() {
    SandboxOptions o;
    o.pod_dir = pod_dir_;
    o.pod_name = "test-pod";
    o.hostname = "sb-test-host";
    o.pause_path = PODCORE_PAUSE_PATH;
    return o;
  }
  fs::path state_, pod_dir_;
  std::optional<int> pause_pid_;
};

TEST_F(PodSandboxTest, NamespacesAreHeldByDescriptorsWithNothingMounted) {
  auto sb = create_pod_sandbox(options());
  ASSERT_TRUE(sb) << sb.error().to_string();
  EXPECT_TRUE(mounts_under(state_).empty());
  ASSERT_TRUE(sb->net && sb->uts && sb->ipc);
  EXPECT_FALSE(sb->pid);
  EXPECT_FALSE(sb->pause_pid);
  auto ns = sb->namespaces();
  EXPECT_EQ(ns.net, "/proc/self/fd/" + std::to_string(sb->net.get()));
  EXPECT_EQ(ns.uts, "/proc/self/fd/" + std::to_string(sb->uts.get()));
  EXPECT_TRUE(ns.pid.empty());
  // Not inherited by anything this process starts.
  EXPECT_EQ(::fcntl(sb->net.get(), F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
  EXPECT_FALSE(fs::exists(pod_dir_ / "ns"));
  EXPECT_FALSE(fs::exists(pod_dir_ / "pause"));
}

TEST_F(PodSandboxTest, ShmIsMountedOnlyInThePrivateMountNamespace) {
  // What the monitor does, in a thread of this process: unshare(CLONE_NEWNS)
  // moves only the calling thread (it gets its own fs attributes).
  fs::create_directories(pod_dir_);
  std::string inside, error;
  std::thread t([&] {
    if (auto r = enter_private_mount_namespace(); !r) {
      error = r.error().to_string();
      return;
    }
    auto shm = mount_pod_shm(pod_dir_, false);
    if (!shm) {
      error = shm.error().to_string();
      return;
    }
    std::ifstream in("/proc/thread-self/mountinfo");
    std::string line;
    while (std::getline(in, line))
      if (line.find(" " + (pod_dir_ / "shm").string() + " ") != std::string::npos) inside = line;
  });
  t.join();
  ASSERT_TRUE(error.empty()) << error;
  // A 64 MiB tmpfs there, a slave of the host's tree (it receives the
  // host's mount events, sends none back) ...
  EXPECT_NE(inside.find("size=65536k"), std::string::npos) << inside;
  EXPECT_NE(inside.find(" - tmpfs "), std::string::npos) << inside;
  // ... and nothing in the host's mount namespace; the thread's namespace
  // went with the thread.
  EXPECT_TRUE(mounts_under(state_).empty());
  EXPECT_TRUE(fs::is_directory(pod_dir_ / "shm"));
  auto host = mount_pod_shm(pod_dir_, true);
  ASSERT_TRUE(host);
  EXPECT_EQ(*host, "/dev/shm");
}

TEST_F(PodSandboxTest, SetnsThroughTheDescriptorReachesOneNamespace) {
  auto sb = create_pod_sandbox(options());
  ASSERT_TRUE(sb) << sb.error().to_string();
  ino_t host_net = ns_inode("/proc/self/ns/net");
  const auto ns = sb->namespaces();
  ino_t pinned = ns_inode(ns.net);
  ASSERT_NE(pinned, 0u);
  EXPECT_NE(pinned, host_net);
  auto seen = [] { return ns_inode("/proc/thread-self/ns/net"); };
  ino_t first = in_ns(ns.net, CLONE_NEWNET, seen);
  ino_t second = in_ns(ns.net, CLONE_NEWNET, seen);
  EXPECT_EQ(first, pinned);
  EXPECT_EQ(second, pinned);
  // The caller's own namespaces were never touched.
  EXPECT_EQ(ns_inode("/proc/thread-self/ns/net"), host_net);
  // IPC is a new namespace too.
  EXPECT_NE(ns_inode(ns.ipc), ns_inode("/proc/self/ns/ipc"));
  // Only loopback exists in the new network namespace (/proc/thread-self/net
  // follows the thread's namespace).
  auto ifaces = in_ns(ns.net, CLONE_NEWNET, [] {
    std::string names;
    std::istringstream dev(podcore::read_file("/proc/thread-self/net/dev").value_or(""));
    std::string line;
    int n = 0;
    while (std::getline(dev, line))
      if (++n > 2) names += line.substr(0, line.find(':')) + ";";
    return names;
  });
  EXPECT_EQ(ifaces.substr(ifaces.find_first_not_of(' ')), "lo;");
}

TEST_F(PodSandboxTest, HostnameIsSetInsideTheUtsNamespaceOnly) {
  char host_before[HOST_NAME_MAX + 1] = {};
  ::gethostname(host_before, sizeof host_before);
  auto sb = create_pod_sandbox(options());
  ASSERT_TRUE(sb) << sb.error().to_string();
  std::string inside = in_ns(sb->namespaces().uts, CLONE_NEWUTS, [] {
    char buf[HOST_NAME_MAX + 1] = {};
    ::gethostname(buf, sizeof buf);
    return std::string(buf);
  });
  EXPECT_EQ(inside, "sb-test-host");
  char host_after[HOST_NAME_MAX + 1] = {};
  ::gethostname(host_after, sizeof host_after);
  EXPECT_STREQ(host_before, host_after);
}

TEST_F(PodSandboxTest, TeardownLeavesNoMountAndNoFileAndIsIdempotent) {
  auto o = options();
  o.share_process_namespace = true;
  auto sb = create_pod_sandbox(o);
  ASSERT_TRUE(sb) << sb.error().to_string();
  // A shm mounted in this (the host's) namespace, as a pod made by an older
  // version had it, goes too.
  ASSERT_TRUE(mount_pod_shm(pod_dir_, false));
  ASSERT_FALSE(mounts_under(pod_dir_).empty());
  ASSERT_TRUE(fs::exists(pod_dir_ / "pause"));
  auto r = teardown_pod_sandbox(pod_dir_);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_TRUE(mounts_under(pod_dir_).empty());
  EXPECT_FALSE(fs::exists(pod_dir_ / "shm"));
  EXPECT_FALSE(fs::exists(pod_dir_ / "pause"));
  EXPECT_TRUE(fs::is_empty(pod_dir_));
  EXPECT_TRUE(teardown_pod_sandbox(pod_dir_));
}

TEST_F(PodSandboxTest, HostNetworkAndHostIpcUseTheHostsNamespaces) {
  auto o = options();
  o.host_network = true;
  o.host_ipc = true;
  auto sb = create_pod_sandbox(o);
  ASSERT_TRUE(sb) << sb.error().to_string();
  EXPECT_FALSE(sb->net || sb->uts || sb->ipc);
  EXPECT_TRUE(sb->namespaces().net.empty());
  EXPECT_TRUE(sb->namespaces().uts.empty());
  EXPECT_TRUE(sb->namespaces().ipc.empty());
  EXPECT_TRUE(mounts_under(state_).empty());
}

std::string status_field(int pid, const std::string& key) {
  auto text = podcore::read_file("/proc/" + std::to_string(pid) + "/status");
  if (!text) return {};
  text->insert(0, "\n");
  auto pos = text->find("\n" + key + ":");
  if (pos == std::string::npos) return {};
  auto end = text->find('\n', pos + 1);
  std::string v = text->substr(pos + key.size() + 2, end - pos - key.size() - 2);
  v.erase(0, v.find_first_not_of(" \t"));
  return v;
}

std::vector<int> pids_in_ns(const fs::path& pid_pin) {
  std::vector<int> out;
  ino_t want = ns_inode(pid_pin);
  for (const auto& e : fs::directory_iterator("/proc")) {
    std::string n = e.path().filename().string();
    if (n.find_first_not_of("0123456789") != std::string::npos) continue;
    if (ns_inode(e.path().string() + "/ns/pid") == want) out.push_back(std::stoi(n));
  }
  return out;
}

TEST_F(PodSandboxTest, SharedPidNamespaceHasPausePid1ThatReaps) {
  auto o = options();
  o.share_process_namespace = true;
  auto sb = create_pod_sandbox(o);
  ASSERT_TRUE(sb) << sb.error().to_string();
  ASSERT_TRUE(sb->pause_pid);
  pause_pid_ = sb->pause_pid;
  int pause = *pause_pid_;
  const auto ns = sb->namespaces();
  EXPECT_EQ(ns.pid, "/proc/self/fd/" + std::to_string(sb->pid.get()));
  EXPECT_TRUE(mounts_under(state_).empty());
  // PID 1 in its namespace ("NSpid: <host pid> 1").
  EXPECT_EQ(status_field(pause, "NSpid"), std::to_string(pause) + "\t1");
  EXPECT_EQ(status_field(pause, "Name"), "podcore-pause");
  EXPECT_EQ(ns_inode("/proc/" + std::to_string(pause) + "/ns/pid"), ns_inode(ns.pid));
  // The pause process is also in the pod's net namespace.
  EXPECT_EQ(ns_inode("/proc/" + std::to_string(pause) + "/ns/net"), ns_inode(ns.net));

  // Orphan a grandchild inside the namespace: it is re-parented to the
  // pause process, which must reap it when it exits.
  pid_t child = in_ns(ns.pid, CLONE_NEWPID, [] {
    pid_t c = ::fork();
    if (c == 0) {
      if (::fork() == 0) {
        ::usleep(100 * 1000);
        ::_exit(0);
      }
      ::_exit(0);
    }
    return c;
  });
  ASSERT_GT(child, 0);
  int st = 0;
  ASSERT_EQ(::waitpid(child, &st, 0), child);
  // Wait until only the pause process is left (the grandchild reaped, not a zombie).
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  std::vector<int> left;
  do {
    ::usleep(20 * 1000);
    left = pids_in_ns(ns.pid);
  } while (left.size() != 1 && std::chrono::steady_clock::now() < deadline);
  EXPECT_EQ(left, std::vector<int>{pause});

  ASSERT_TRUE(teardown_pod_sandbox(pod_dir_, pause_pid_));
  EXPECT_EQ(::kill(pause, 0), -1);
  EXPECT_EQ(errno, ESRCH);
  EXPECT_TRUE(mounts_under(pod_dir_).empty());
  pause_pid_.reset();
}

TEST_F(PodSandboxTest, TeardownWithoutPausePidFindsItThroughItsRecord) {
  auto o = options();
  o.share_process_namespace = true;
  auto sb = create_pod_sandbox(o);
  ASSERT_TRUE(sb) << sb.error().to_string();
  int pause = *sb->pause_pid;
  ASSERT_TRUE(teardown_pod_sandbox(pod_dir_));
  // Found by its record, killed, and reaped (it is our child).
  EXPECT_EQ(::kill(pause, 0), -1);
  EXPECT_EQ(errno, ESRCH);
  EXPECT_FALSE(fs::exists(pod_dir_ / "pause"));
}

TEST_F(PodSandboxTest, TeardownNeverKillsAProcessThatIsNotThePause) {
  auto o = options();
  o.share_process_namespace = true;
  auto sb = create_pod_sandbox(o);
  ASSERT_TRUE(sb) << sb.error().to_string();
  int pause = *sb->pause_pid;
  // A bystander handed to teardown as if it were the pause process (a PID
  // that was reused): its PID namespace is not the recorded one.
  pid_t bystander = ::fork();
  if (bystander == 0) {
    ::pause();
    ::_exit(0);
  }
  ASSERT_GT(bystander, 0);
  ASSERT_TRUE(teardown_pod_sandbox(pod_dir_, bystander));
  EXPECT_EQ(::kill(bystander, 0), 0) << "the bystander was killed";
  // The real pause process was found by its PID namespace instead.
  EXPECT_EQ(::kill(pause, 0), -1);
  ::kill(bystander, SIGKILL);
  ::waitpid(bystander, nullptr, 0);
}

TEST_F(PodSandboxTest, FailedCreateRollsBackEverything) {
  auto o = options();
  o.share_process_namespace = true;
  o.pause_path = state_ / "no-such-pause";
  auto sb = create_pod_sandbox(o);
  ASSERT_FALSE(sb);
  EXPECT_EQ(sb.error().stage, "sandbox.pause");
  EXPECT_EQ(sb.error().sys_errno, ENOENT);
  EXPECT_TRUE(mounts_under(pod_dir_).empty());
  EXPECT_FALSE(fs::exists(pod_dir_ / "pause"));
}

TEST_F(PodSandboxTest, OptionsFromAPod) {
  podcore::manifest::Pod p;
  p.metadata.name = "web";
  p.metadata.namespace_ = "default";
  p.spec.hostname = "front";
  p.spec.shareProcessNamespace = true;
  p.spec.hostIPC = true;
  auto o = sandbox_options_for(p, pod_dir_);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->hostname, "front");
  EXPECT_TRUE(o->share_process_namespace);
  EXPECT_TRUE(o->host_ipc);
  EXPECT_FALSE(o->host_network);
}

}  // namespace
