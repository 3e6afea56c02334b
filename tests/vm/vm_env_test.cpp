// The VM harness's own check: inside the VM that run-in-vm.py boots, the
// kernel exposes pure cgroup v2 with the controllers podcore needs, and a
// child cgroup's memory.max really limits (OOM-kills) a process. Run only
// inside the VM (CTest `vm.smoke`); on a hybrid host it fails by design.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <linux/magic.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <set>
#include <sstream>
#include <string>

#include "base/file.hpp"
#include "base/unique_fd.hpp"

namespace podcore {
namespace {

constexpr const char* kRoot = "/sys/fs/cgroup";

std::string read_or_die(const std::string& path) {
  auto text = read_file(path);
  EXPECT_TRUE(text.has_value()) << path << ": " << (text ? "" : text.error().message);
  return text.value_or("");
}

std::set<std::string> words(const std::string& text) {
  std::set<std::string> out;
  std::istringstream in(text);
  for (std::string w; in >> w;) out.insert(w);
  return out;
}

// Writes to a cgroup control file with one write(2), as the kernel expects
// (write_file_atomic's rename cannot work on cgroupfs).
::testing::AssertionResult write_control(const std::string& path, const std::string& value) {
  unique_fd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd) return ::testing::AssertionFailure() << "open " << path << ": " << std::strerror(errno);
  if (::write(fd.get(), value.data(), value.size()) != static_cast<ssize_t>(value.size()))
    return ::testing::AssertionFailure()
           << "write '" << value << "' to " << path << ": " << std::strerror(errno);
  return ::testing::AssertionSuccess();
}

// A uniquely named child of the root cgroup, removed (after its processes
// are gone) even when the test fails.
class ChildCgroup {
 public:
  ChildCgroup() : path_(std::string(kRoot) + "/podcore-vm-env-" + std::to_string(::getpid())) {
    created_ = ::mkdir(path_.c_str(), 0755) == 0;
  }
  ~ChildCgroup() {
    if (created_) ::rmdir(path_.c_str());
  }
  ChildCgroup(const ChildCgroup&) = delete;
  ChildCgroup& operator=(const ChildCgroup&) = delete;
  [[nodiscard]] bool created() const { return created_; }
  [[nodiscard]] std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
  bool created_ = false;
};

TEST(VmEnv, SysFsCgroupIsACgroup2Mount) {
  struct statfs fs {};
  ASSERT_EQ(::statfs(kRoot, &fs), 0) << std::strerror(errno);
  EXPECT_EQ(static_cast<unsigned long>(fs.f_type), static_cast<unsigned long>(CGROUP2_SUPER_MAGIC))
      << kRoot << " is not cgroup2 (f_type 0x" << std::hex << fs.f_type << ")";
}

TEST(VmEnv, NoCgroupV1MountsAndOneCgroup2AtTheRoot) {
  std::istringstream mounts(read_or_die("/proc/self/mounts"));
  int cgroup2_at_root = 0;
  for (std::string line; std::getline(mounts, line);) {
    std::istringstream fields(line);
    std::string source, target, type;
    fields >> source >> target >> type;
    EXPECT_NE(type, "cgroup") << "a cgroup v1 mount: " << line;
    if (type == "cgroup2") {
      EXPECT_EQ(target, kRoot) << "a second cgroup2 mount: " << line;
      ++cgroup2_at_root;
    }
  }
  EXPECT_EQ(cgroup2_at_root, 1);
  EXPECT_NE(read_or_die("/proc/cmdline").find("cgroup_no_v1=all"), std::string::npos);
  // Only the v2 hierarchy: /proc/self/cgroup has no v1 lines, and we sit in its root.
  EXPECT_EQ(read_or_die("/proc/self/cgroup"), "0::/\n");
}

TEST(VmEnv, RootOffersAndEnablesTheControllers) {
  const auto available = words(read_or_die(std::string(kRoot) + "/cgroup.controllers"));
  const auto enabled = words(read_or_die(std::string(kRoot) + "/cgroup.subtree_control"));
  for (const char* controller : {"cpu", "memory", "pids", "cpuset", "io"}) {
    EXPECT_TRUE(available.contains(controller)) << controller << " not in cgroup.controllers";
    EXPECT_TRUE(enabled.contains(controller)) << controller << " not in cgroup.subtree_control";
  }
}

TEST(VmEnv, Pid1IsTheHarnessInit) {
  const std::string cmdline = read_or_die("/proc/1/cmdline");
  EXPECT_EQ(cmdline, std::string("/bin/sh\0/init\0", 14)) << "PID 1 is not run-in-vm.py's /init";
  EXPECT_NE(::getpid(), 1);
  EXPECT_EQ(::getppid(), 1) << "the test should be a direct child of /init";
}

TEST(VmEnv, ChildCgroupMemoryMaxOomKills) {
  ChildCgroup cgroup;
  ASSERT_TRUE(cgroup.created()) << "mkdir under " << kRoot << ": " << std::strerror(errno);
  // The root's subtree_control gave the child these interface files.
  const auto controllers = words(read_or_die(cgroup.file("cgroup.controllers")));
  EXPECT_TRUE(controllers.contains("memory"));
  EXPECT_TRUE(controllers.contains("cpu"));
  EXPECT_TRUE(controllers.contains("pids"));

  constexpr long kLimit = 32L << 20;
  ASSERT_TRUE(write_control(cgroup.file("memory.max"), std::to_string(kLimit)));
  ASSERT_TRUE(write_control(cgroup.file("memory.swap.max"), "0"));
  EXPECT_EQ(read_or_die(cgroup.file("memory.max")), std::to_string(kLimit) + "\n");
  ASSERT_TRUE(write_control(cgroup.file("cpu.max"), "50000 100000"));
  EXPECT_EQ(read_or_die(cgroup.file("cpu.max")), "50000 100000\n");

  // The child waits on a pipe until it has been moved into the cgroup, then
  // touches four times the limit.
  int go[2];
  ASSERT_EQ(::pipe2(go, O_CLOEXEC), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    char byte;
    ::close(go[1]);
    if (::read(go[0], &byte, 1) != 1) ::_exit(3);
    const size_t size = 4 * kLimit;
    void* block = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (block == MAP_FAILED) ::_exit(4);
    std::memset(block, 0x5a, size);
    ::_exit(0);
  }
  ::close(go[0]);
  const bool joined = write_control(cgroup.file("cgroup.procs"), std::to_string(child));
  EXPECT_TRUE(joined);
  if (!joined) ::kill(child, SIGKILL);
  EXPECT_EQ(::write(go[1], "x", 1), 1);
  ::close(go[1]);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status))
      << "the child was not killed; exit status " << (WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  EXPECT_EQ(WTERMSIG(status), SIGKILL);

  std::istringstream events(read_or_die(cgroup.file("memory.events")));
  long oom_kill = -1;
  for (std::string key; events >> key;) {
    long value = 0;
    events >> value;
    if (key == "oom_kill") oom_kill = value;
  }
  EXPECT_EQ(oom_kill, 1) << "memory.events:\n" << read_or_die(cgroup.file("memory.events"));
  EXPECT_EQ(read_or_die(cgroup.file("cgroup.procs")), "");
}

}  // namespace
}  // namespace podcore
