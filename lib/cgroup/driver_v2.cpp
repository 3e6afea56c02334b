// cgroup v2: one unified directory per cgroup.
#include <fcntl.h>
#include <sys/inotify.h>

#include <optional>
#include <thread>

#include "base/clock.hpp"
#include "cgroup/cgfs.hpp"
#include "cgroup/driver_impl.hpp"

namespace podcore::cgroup::detail {
namespace {

class V2Driver final : public CgroupDriver {
 public:
  V2Driver(LayoutInfo info, std::string enable)
      : info_(std::move(info)), base_(info_.unified->path), enable_(std::move(enable)) {}

  const LayoutInfo& info() const override { return info_; }

  std::string dir(std::string_view, std::string_view rel) const override {
    return join_path(base_, rel);
  }

  std::string proc_path(std::string_view, std::string_view rel) const override {
    std::string p = join_path(info_.unified->root, rel);
    return p.empty() || p.front() != '/' ? "/" + p : p;
  }

  Result<void> create(std::string_view rel, bool delegate) override {
    const std::string path = join_path(base_, rel);
    auto created = fs::make_dir(path, "cgroup.create");
    if (!created) return std::unexpected(created.error());
    if (delegate && !enable_.empty()) {
      // A cgroup that will have children hands the controllers down; it must
      // then hold no processes itself (the "no internal processes" rule).
      auto r = fs::write(path + "/cgroup.subtree_control", enable_, "cgroup.create");
      if (!r) {
        if (*created) (void)::rmdir(path.c_str());
        return r;
      }
    }
    return {};
  }

  Result<void> apply(std::string_view rel, const ResourceConfig& rc, bool existing) override {
    const std::string path = join_path(base_, rel);
    if (rc.memory_limit) {
      const int64_t limit = *rc.memory_limit;
      if (existing && limit >= 0) {
        // v2 would accept the write and OOM-kill to get under it: refuse.
        auto usage = fs::read_int(path + "/memory.current", "cgroup.memory");
        if (!usage) return std::unexpected(usage.error());
        if (*usage > limit) {
          return fail(ErrorCode::kBusy, "cgroup.memory",
                      "memory limit " + std::to_string(limit) + " is below the current usage " +
                          std::to_string(*usage) + " bytes; refusing rather than OOM-killing",
                      path + "/memory.max");
        }
      }
      auto r = fs::write(path + "/memory.max", limit < 0 ? "max" : std::to_string(limit),
                         "cgroup.memory");
      if (!r) return r;
    }
    if (rc.cpu_weight && *rc.cpu_weight > 0) {
      auto r = fs::write(path + "/cpu.weight", std::to_string(*rc.cpu_weight), "cgroup.cpu");
      if (!r) return r;
    }
    if (rc.cpu_quota_us) {
      const std::string quota = *rc.cpu_quota_us < 0 ? "max" : std::to_string(*rc.cpu_quota_us);
      auto r = fs::write(path + "/cpu.max", quota + " " + std::to_string(rc.cpu_period_us),
                         "cgroup.cpu");
      if (!r) return r;
    }
    if (rc.pids_max) {
      auto r = fs::write(path + "/pids.max",
                         *rc.pids_max < 0 ? std::string("max") : std::to_string(*rc.pids_max),
                         "cgroup.pids");
      if (!r) return r;
    }
    return {};
  }

  Result<void> apply_container_defaults(std::string_view rel) override {
    const std::string path = join_path(base_, rel);
    // kubelet: the whole container goes on OOM, not one of its processes.
    auto r = fs::write(path + "/memory.oom.group", "1", "cgroup.memory");
    if (!r) return r;
    // kubelet's NoSwap: memory.swap.max = 0. The file only exists with swap
    // accounting; look once.
    if (!has_swap_) has_swap_ = fs::exists(path + "/memory.swap.max");
    if (*has_swap_) return fs::write(path + "/memory.swap.max", "0", "cgroup.memory");
    return {};
  }

  Result<void> join(std::string_view rel, pid_t pid) override {
    return fs::write(join_path(base_, rel) + "/cgroup.procs", std::to_string(pid), "cgroup.join");
  }

  Result<unique_fd> open_dir_fd(std::string_view rel) override {
    const std::string path = join_path(base_, rel);
    unique_fd fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd) return fail_errno(errno, "cgroup.join", path, "open cgroup directory");
    return fd;
  }

  Result<CgroupStats> stats(std::string_view rel) override {
    const std::string path = join_path(base_, rel);
    CgroupStats s;
    auto cpu = fs::read_keyed(path + "/cpu.stat", "usage_usec", "cgroup.stats");
    if (!cpu) return std::unexpected(cpu.error());
    auto usage = fs::read_int(path + "/memory.current", "cgroup.stats");
    if (!usage) return std::unexpected(usage.error());
    auto inactive = fs::read_keyed(path + "/memory.stat", "inactive_file", "cgroup.stats");
    if (!inactive) return std::unexpected(inactive.error());
    auto oom = fs::read_keyed(path + "/memory.events", "oom_kill", "cgroup.stats");
    if (!oom) return std::unexpected(oom.error());
    auto pids = fs::read_int(path + "/pids.current", "cgroup.stats");
    if (!pids) return std::unexpected(pids.error());
    s.cpu_usage_ns = *cpu * 1000;
    s.memory_usage_bytes = static_cast<uint64_t>(*usage);
    s.memory_working_set_bytes =
        s.memory_usage_bytes > *inactive ? s.memory_usage_bytes - *inactive : 0;
    s.oom_kills = *oom;
    s.pids_current = static_cast<uint64_t>(*pids);
    return s;
  }

  Result<OomWatch> watch_oom(std::string_view rel) override {
    const std::string events = join_path(base_, rel) + "/memory.events";
    unique_fd ifd(::inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
    if (!ifd) return fail_errno(errno, "cgroup.oom", events, "inotify_init1");
    // The kernel signals a change of memory.events as IN_MODIFY.
    if (::inotify_add_watch(ifd.get(), events.c_str(), IN_MODIFY) < 0) {
      return fail_errno(errno, "cgroup.oom", events, "inotify_add_watch");
    }
    return OomWatch(OomWatch::Kind::kInotify, std::move(ifd), events, "oom_kill");
  }

  Result<void> freeze(std::string_view rel, bool frozen) override {
    const std::string path = join_path(base_, rel);
    auto r = fs::write(path + "/cgroup.freeze", frozen ? "1" : "0", "cgroup.freeze");
    if (!r) return r;
    const auto deadline = steady_now() + kFreezeBudget;
    for (;;) {
      auto events = fs::read(path + "/cgroup.events", "cgroup.freeze");
      if (!events) return std::unexpected(events.error());
      if (fs::find_keyed(*events, "frozen") == (frozen ? 1u : 0u)) return {};
      if (steady_now() > deadline) {
        return fail(ErrorCode::kTimeout, "cgroup.freeze", "the kernel did not report the change",
                    path + "/cgroup.events");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  std::vector<pid_t> pids(std::string_view rel) override {
    std::vector<pid_t> out;
    collect(join_path(base_, rel), out);
    return out;
  }

  Result<void> kill(std::string_view rel) override {
    const std::string path = join_path(base_, rel);
    if (!fs::exists(path)) return {};
    if (!has_kill_) has_kill_ = fs::exists(path + "/cgroup.kill");
    if (!*has_kill_) return kill_by_signal(*this, rel, true, path);
    // cgroup.kill (5.14+) kills the whole tree atomically, forks included.
    auto r = fs::write(path + "/cgroup.kill", "1", "cgroup.kill");
    if (!r) return r;
    const auto deadline = steady_now() + kKillBudget;
    std::chrono::milliseconds delay{1};
    for (;;) {
      auto events = fs::read(path + "/cgroup.events", "cgroup.kill");
      if (!events || fs::find_keyed(*events, "populated") == 0u) return {};
      if (steady_now() + delay > deadline) {
        return fail(ErrorCode::kTimeout, "cgroup.kill", "processes remain after cgroup.kill", path);
      }
      std::this_thread::sleep_for(delay);
      delay = std::min(delay * 2, std::chrono::milliseconds{20});
    }
  }

  Result<void> remove(std::string_view rel) override {
    return fs::remove_tree(join_path(base_, rel), steady_now() + kRemoveBudget, "cgroup.remove");
  }

  std::vector<std::string> children(std::string_view rel) override {
    return fs::subdirs(join_path(base_, rel));
  }

 private:
  static void collect(const std::string& dir, std::vector<pid_t>& out) {
    for (pid_t p : fs::procs(dir)) out.push_back(p);
    for (const auto& c : fs::subdirs(dir)) collect(dir + "/" + c, out);
  }

  LayoutInfo info_;
  std::string base_;
  std::string enable_;  ///< "+cpu +memory +pids", what the root offers of it
  std::optional<bool> has_swap_;
  std::optional<bool> has_kill_;
};

}  // namespace

Result<std::unique_ptr<CgroupDriver>> make_v2_driver(LayoutInfo info) {
  const std::string base = info.unified->path;
  auto available = fs::read(base + "/cgroup.controllers", "cgroup.detect");
  if (!available) return std::unexpected(available.error());
  std::string enable;
  for (const char* c : {"cpu", "memory", "pids"}) {
    // cgroup.controllers is a space-separated list.
    std::string_view list = *available;
    bool found = false;
    size_t pos = 0;
    while (pos < list.size()) {
      size_t end = list.find_first_of(" \n", pos);
      if (end == std::string_view::npos) end = list.size();
      if (list.substr(pos, end - pos) == c) found = true;
      pos = end + 1;
    }
    if (!found) {
      return fail(ErrorCode::kUnsupported, "cgroup.detect",
                  std::string("the \"") + c + "\" controller is not available in the root",
                  base + "/cgroup.controllers");
    }
    if (!enable.empty()) enable += ' ';
    enable += std::string("+") + c;
  }
  return std::make_unique<V2Driver>(std::move(info), std::move(enable));
}

}  // namespace podcore::cgroup::detail
