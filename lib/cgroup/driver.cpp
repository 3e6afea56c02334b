#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <thread>

#include "base/clock.hpp"
#include "cgroup/cgfs.hpp"
#include "cgroup/driver_impl.hpp"

namespace podcore::cgroup {

OomWatch::OomWatch(Kind kind, unique_fd fd, std::string count_file, std::string count_key)
    : kind_(kind),
      fd_(std::move(fd)),
      count_file_(std::move(count_file)),
      count_key_(std::move(count_key)) {}

Result<uint64_t> OomWatch::consume() {
  // Both an eventfd (8-byte counter) and an inotify fd (a batch of events)
  // are drained by reading until EAGAIN; the fds are non-blocking.
  alignas(8) char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd_.get(), buf, kind_ == Kind::kEventFd ? 8 : sizeof buf);
    if (n > 0) continue;
    if (n < 0 && errno == EINTR) continue;
    break;
  }
  auto count = fs::read_keyed(count_file_, count_key_, "cgroup.oom");
  if (!count && count.error().sys_errno == ENOENT) count.error().code = ErrorCode::kNotFound;
  return count;
}

namespace detail {

std::string join_path(std::string_view a, std::string_view b) {
  std::string out(a);
  while (!b.empty() && b.front() == '/') b.remove_prefix(1);
  if (b.empty()) return out;
  if (out.empty() || out.back() != '/') out += '/';
  out += b;
  return out;
}

Result<void> kill_by_signal(CgroupDriver& driver, std::string_view rel, bool can_freeze,
                            const std::string& object) {
  const auto deadline = steady_now() + kKillBudget;
  std::chrono::milliseconds delay{1};
  for (;;) {
    if (driver.pids(rel).empty()) return {};
    // Frozen, the tree cannot fork new members between listing and killing;
    // the SIGKILLs are delivered when it thaws.
    // A freeze that times out (tasks stuck FREEZING) still lets us kill.
    if (can_freeze) (void)driver.freeze(rel, true);
    for (pid_t pid : driver.pids(rel)) ::kill(pid, SIGKILL);
    if (can_freeze) (void)driver.freeze(rel, false);
    if (driver.pids(rel).empty()) return {};
    if (steady_now() + delay > deadline) {
      return fail(ErrorCode::kTimeout, "cgroup.kill", "processes remain after SIGKILL", object);
    }
    std::this_thread::sleep_for(delay);
    delay = std::min(delay * 2, std::chrono::milliseconds{20});
  }
}

}  // namespace detail

Result<std::unique_ptr<CgroupDriver>> make_driver(LayoutInfo info) {
  if (info.layout == Layout::kV2) return detail::make_v2_driver(std::move(info));
  return detail::make_v1_driver(std::move(info));
}

Result<std::unique_ptr<CgroupDriver>> open_driver(std::string_view root) {
  auto info = detect_layout(root);
  if (!info) return std::unexpected(info.error());
  return make_driver(std::move(*info));
}

}  // namespace podcore::cgroup
