// Shared fixture of the cgroup root tests: a uniquely named parent under the
// cgroupfs root, killed and removed even when a test fails, and children
// forked to wait on a pipe until the test has placed them.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>

#include "base/file.hpp"
#include "base/random.hpp"
#include "cgroup/manager.hpp"
#include "manifest/quantity.hpp"

namespace podcore::cgroup::testing {

inline std::string cgroup_root() {
  const char* env = std::getenv("PODCORE_CGROUP_ROOT");
  return env && *env ? env : "/sys/fs/cgroup";
}

inline manifest::Quantity q(const char* text) {
  auto v = manifest::Quantity::parse(text);
  if (!v) std::abort();
  return *v;
}

/// A container with the given requests/limits ("" = unset).
inline manifest::Container container(const char* name, const char* req_cpu, const char* req_mem,
                                     const char* lim_cpu, const char* lim_mem) {
  manifest::Container c;
  c.name = name;
  auto put = [](auto& list, const char* key, const char* v) {
    if (*v) list[key] = q(v);
  };
  put(c.resources.requests, "cpu", req_cpu);
  put(c.resources.requests, "memory", req_mem);
  put(c.resources.limits, "cpu", lim_cpu);
  put(c.resources.limits, "memory", lim_mem);
  return c;
}

/// A forked child blocked on a pipe until release(); then it runs `body`
/// (async-signal-safe code only) and _exits with its result.
class Child {
 public:
  Child(int (*body)(long), long arg) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) std::abort();
    pid_ = ::fork();
    if (pid_ == 0) {
      ::close(fds[1]);
      char c;
      while (::read(fds[0], &c, 1) < 0 && errno == EINTR) {
      }
      ::_exit(body(arg));
    }
    ::close(fds[0]);
    release_fd_ = fds[1];
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() {
    if (release_fd_ >= 0) ::close(release_fd_);
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  [[nodiscard]] pid_t pid() const { return pid_; }
  void release() {
    ::close(release_fd_);
    release_fd_ = -1;
  }
  /// waitpid status, or nullopt when it did not exit within `timeout`.
  std::optional<int> wait(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      int status = 0;
      const pid_t r = ::waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        reaped_ = true;
        return status;
      }
      if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

 private:
  pid_t pid_ = -1;
  int release_fd_ = -1;
  bool reaped_ = false;
};

/// Bodies for Child.
inline int body_pause(long) {
  for (;;) ::pause();
}

class CgroupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root to create cgroups";
    // Grandchildren (fork bombs, process trees) are reparented to us and
    // reaped in TearDown, not left to the host's init.
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    root_ = cgroup_root();
    parent_ = "podcore-test-" + random_string(12, "abcdefghijklmnopqrstuvwxyz0123456789");
    auto m = CgroupManager::open({root_, parent_, std::nullopt});
    ASSERT_TRUE(m) << m.error().to_string();
    mgr_.emplace(std::move(*m));
  }

  void TearDown() override {
    if (parent_.empty()) return;
    // Even when open() failed half way: a fresh driver finds what is there.
    if (auto d = open_driver(root_)) {
      auto killed = (*d)->kill(parent_);
      EXPECT_TRUE(killed) << killed.error().to_string();
      auto removed = (*d)->remove(parent_);
      EXPECT_TRUE(removed) << removed.error().to_string();
      for (const char* c : {"memory", "cpu", "cpuacct", "pids", "freezer", "cpuset"}) {
        const std::string dir = (*d)->dir(c, parent_);
        if (!dir.empty()) {
          EXPECT_NE(::access(dir.c_str(), F_OK), 0) << dir << " left behind";
        }
      }
    }
    while (::waitpid(-1, nullptr, WNOHANG) > 0) {
    }
  }

  CgroupManager& mgr() { return *mgr_; }
  CgroupDriver& drv() { return mgr_->driver(); }
  bool v2() const { return mgr_->layout() == Layout::kV2; }

  /// The content of a control file of `rel` in `controller`'s hierarchy,
  /// without the trailing newline.
  std::string file(std::string_view controller, std::string_view rel, const std::string& name) {
    auto text = read_file(drv().dir(controller, rel) + "/" + name);
    if (!text) {
      ADD_FAILURE() << text.error().to_string();
      return {};
    }
    while (!text->empty() && text->back() == '\n') text->pop_back();
    return *text;
  }

  /// The value of `key` in a "key value" control file.
  uint64_t keyed(std::string_view controller, std::string_view rel, const std::string& name,
                 std::string_view key) {
    const std::string text = file(controller, rel, name);
    size_t pos = 0;
    while (pos < text.size()) {
      size_t end = text.find('\n', pos);
      if (end == std::string::npos) end = text.size();
      std::string_view line(text.data() + pos, end - pos);
      if (line.starts_with(key) && line.size() > key.size() && line[key.size()] == ' ') {
        return std::stoull(std::string(line.substr(key.size() + 1)));
      }
      pos = end + 1;
    }
    ADD_FAILURE() << "no " << key << " in " << name;
    return 0;
  }

  /// Waits (bounded) until `pred` holds.
  template <class Pred>
  bool eventually(Pred pred, std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!pred()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
  }

  /// A burstable pod with one container `c` holding `limits`.
  std::string pod_with(const manifest::Container& c, std::string* container_path) {
    manifest::PodSpec spec;
    spec.containers.push_back(c);
    auto pod = mgr().create_pod(random_string(8, "0123456789abcdef"), spec);
    EXPECT_TRUE(pod) << pod.error().to_string();
    if (!pod) return {};
    auto ctr = mgr().create_container(*pod, c.name, c);
    EXPECT_TRUE(ctr) << ctr.error().to_string();
    if (ctr && container_path) *container_path = *ctr;
    return *pod;
  }

  std::string root_;
  std::string parent_;
  std::optional<CgroupManager> mgr_;
};

}  // namespace podcore::cgroup::testing

namespace podcore::cgroup::testing {
inline bool fs_exists(const std::string& path) {
  return ::access(path.c_str(), F_OK) == 0;
}
}  // namespace podcore::cgroup::testing
