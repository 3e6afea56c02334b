// cgroup v1 (and the v1 side of hybrid): one directory per hierarchy.
#include <fcntl.h>
#include <sys/eventfd.h>

#include <algorithm>
#include <set>
#include <thread>

#include "base/clock.hpp"
#include "cgroup/cgfs.hpp"
#include "cgroup/driver_impl.hpp"

namespace podcore::cgroup::detail {
namespace {

struct Hierarchy {
  HierarchyMount mount;
  bool cpuset = false;
};

class V1Driver final : public CgroupDriver {
 public:
  explicit V1Driver(LayoutInfo info) : info_(std::move(info)) {
    for (const char* c : {"memory", "cpu", "cpuacct", "pids", "freezer", "cpuset"}) {
      auto it = info_.v1.find(c);
      if (it == info_.v1.end()) continue;
      auto same = std::find_if(hierarchies_.begin(), hierarchies_.end(),
                               [&](const Hierarchy& h) { return h.mount.path == it->second.path; });
      if (same == hierarchies_.end()) {
        hierarchies_.push_back({it->second, false});
        same = hierarchies_.end() - 1;
      }
      if (std::string_view(c) == "cpuset") same->cpuset = true;
    }
  }

  const LayoutInfo& info() const override { return info_; }

  std::string dir(std::string_view controller, std::string_view rel) const override {
    auto it = info_.v1.find(std::string(controller));
    if (it == info_.v1.end()) return {};
    return join_path(it->second.path, rel);
  }

  std::string proc_path(std::string_view controller, std::string_view rel) const override {
    auto it = info_.v1.find(std::string(controller));
    if (it == info_.v1.end()) return {};
    std::string p = join_path(it->second.root, rel);
    return p.empty() || p.front() != '/' ? "/" + p : p;
  }

  Result<void> create(std::string_view rel, bool delegate) override {
    std::vector<std::string> made;
    auto undo = [&] {
      for (auto it = made.rbegin(); it != made.rend(); ++it) (void)::rmdir(it->c_str());
    };
    for (const auto& h : hierarchies_) {
      std::string path = join_path(h.mount.path, rel);
      auto created = fs::make_dir(path, "cgroup.create");
      if (!created) {
        undo();
        return std::unexpected(created.error());
      }
      if (*created) made.push_back(path);
      if (h.cpuset && !below_clone_children(rel)) {
        // A new v1 cpuset starts with empty cpus/mems and then refuses tasks
        // with ENOSPC: copy the parent's. With cgroup.clone_children set the
        // kernel copies them itself at mkdir, for the whole subtree (new
        // cgroups inherit the flag), so below such a cgroup there is nothing
        // to read or write.
        auto r = inherit_cpuset(path);
        if (r && delegate) r = fs::write(path + "/cgroup.clone_children", "1", "cgroup.create");
        if (!r) {
          undo();
          return r;
        }
        if (delegate) clone_children_.emplace_back(rel);
      }
    }
    return {};
  }

  Result<void> apply(std::string_view rel, const ResourceConfig& rc, bool existing) override {
    if (rc.memory_limit) {
      const std::string mem = dir("memory", rel);
      const int64_t limit = *rc.memory_limit;
      if (existing && limit >= 0) {
        auto usage = fs::read_int(mem + "/memory.usage_in_bytes", "cgroup.memory");
        if (!usage) return std::unexpected(usage.error());
        if (*usage > limit) return below_usage(mem, limit, *usage);
      }
      auto r = fs::write(mem + "/memory.limit_in_bytes", std::to_string(limit), "cgroup.memory");
      if (!r) {
        // v1 refuses (EBUSY) a limit it cannot reclaim down to.
        if (r.error().sys_errno == EBUSY) r.error().code = ErrorCode::kBusy;
        return r;
      }
    }
    const std::string cpu = dir("cpu", rel);
    if (rc.cpu_shares) {
      auto r = fs::write(cpu + "/cpu.shares", std::to_string(*rc.cpu_shares), "cgroup.cpu");
      if (!r) return r;
    }
    if (rc.cpu_quota_us) {
      auto r =
          fs::write(cpu + "/cpu.cfs_period_us", std::to_string(rc.cpu_period_us), "cgroup.cpu");
      if (!r) return r;
      r = fs::write(cpu + "/cpu.cfs_quota_us", std::to_string(*rc.cpu_quota_us), "cgroup.cpu");
      if (!r) return r;
    }
    if (rc.pids_max) {
      auto r = fs::write(dir("pids", rel) + "/pids.max",
                         *rc.pids_max < 0 ? std::string("max") : std::to_string(*rc.pids_max),
                         "cgroup.pids");
      if (!r) return r;
    }
    return {};
  }

  Result<void> apply_container_defaults(std::string_view) override { return {}; }

  Result<void> join(std::string_view rel, pid_t pid) override {
    const std::string text = std::to_string(pid);
    for (const auto& h : hierarchies_) {
      auto r = fs::write(join_path(h.mount.path, rel) + "/cgroup.procs", text, "cgroup.join");
      if (!r) return r;
    }
    return {};
  }

  Result<unique_fd> open_dir_fd(std::string_view rel) override {
    return fail(ErrorCode::kUnsupported, "cgroup.join",
                "clone3(CLONE_INTO_CGROUP) needs the unified hierarchy; join by pid instead",
                std::string(rel));
  }

  Result<CgroupStats> stats(std::string_view rel) override {
    CgroupStats s;
    const std::string mem = dir("memory", rel);
    auto cpu = fs::read_int(dir("cpuacct", rel) + "/cpuacct.usage", "cgroup.stats");
    if (!cpu) return std::unexpected(cpu.error());
    auto usage = fs::read_int(mem + "/memory.usage_in_bytes", "cgroup.stats");
    if (!usage) return std::unexpected(usage.error());
    auto inactive = fs::read_keyed(mem + "/memory.stat", "total_inactive_file", "cgroup.stats");
    if (!inactive) return std::unexpected(inactive.error());
    auto oom = fs::read_keyed(mem + "/memory.oom_control", "oom_kill", "cgroup.stats");
    if (!oom) return std::unexpected(oom.error());
    auto pids = fs::read_int(dir("pids", rel) + "/pids.current", "cgroup.stats");
    if (!pids) return std::unexpected(pids.error());
    s.cpu_usage_ns = static_cast<uint64_t>(*cpu);
    s.memory_usage_bytes = static_cast<uint64_t>(*usage);
    s.memory_working_set_bytes =
        s.memory_usage_bytes > *inactive ? s.memory_usage_bytes - *inactive : 0;
    s.oom_kills = *oom;
    s.pids_current = static_cast<uint64_t>(*pids);
    return s;
  }

  Result<OomWatch> watch_oom(std::string_view rel) override {
    const std::string mem = dir("memory", rel);
    const std::string control = mem + "/memory.oom_control";
    unique_fd efd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (!efd) return fail_errno(errno, "cgroup.oom", mem, "eventfd");
    unique_fd cfd(::open(control.c_str(), O_RDONLY | O_CLOEXEC));
    if (!cfd) return fail_errno(errno, "cgroup.oom", control, "open");
    // The registration lives as long as the eventfd (or the cgroup, whose
    // removal also signals the eventfd); the control fd may be closed.
    auto r = fs::write(mem + "/cgroup.event_control",
                       std::to_string(efd.get()) + " " + std::to_string(cfd.get()), "cgroup.oom");
    if (!r) return std::unexpected(r.error());
    // Newer kernels report "oom_kill N" in memory.oom_control (older ones
    // only under_oom); the count is what tells a kill from a near miss.
    return OomWatch(OomWatch::Kind::kEventFd, std::move(efd), control, "oom_kill");
  }

  Result<void> freeze(std::string_view rel, bool frozen) override {
    const std::string path = dir("freezer", rel);
    if (path.empty()) {
      return fail(ErrorCode::kUnsupported, "cgroup.freeze", "no freezer hierarchy",
                  std::string(rel));
    }
    const std::string state = path + "/freezer.state";
    const char* want = frozen ? "FROZEN" : "THAWED";
    auto r = fs::write(state, want, "cgroup.freeze");
    if (!r) return r;
    const auto deadline = steady_now() + kFreezeBudget;
    for (;;) {
      auto now = fs::read(state, "cgroup.freeze");
      if (!now) return std::unexpected(now.error());
      if (now->starts_with(want)) return {};
      if (steady_now() > deadline) {
        return fail(ErrorCode::kTimeout, "cgroup.freeze",
                    std::string("still ") + *now + " after asking for " + want, state);
      }
      // FREEZING: tasks are still on their way to the refrigerator; asking
      // again re-checks them.
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      (void)fs::write(state, want, "cgroup.freeze");
    }
  }

  std::vector<pid_t> pids(std::string_view rel) override {
    std::set<pid_t> all;
    for (const auto& h : hierarchies_) collect(join_path(h.mount.path, rel), all);
    return {all.begin(), all.end()};
  }

  Result<void> kill(std::string_view rel) override {
    return kill_by_signal(*this, rel, info_.v1.contains("freezer"), std::string(rel));
  }

  Result<void> remove(std::string_view rel) override {
    // One budget for the whole removal, not one per hierarchy.
    const auto deadline = steady_now() + kRemoveBudget;
    Result<void> first;
    for (const auto& h : hierarchies_) {
      auto r = fs::remove_tree(join_path(h.mount.path, rel), deadline, "cgroup.remove");
      if (!r && first) first = r;
    }
    return first;
  }

  std::vector<std::string> children(std::string_view rel) override {
    std::set<std::string> all;
    for (const auto& h : hierarchies_) {
      for (auto& c : fs::subdirs(join_path(h.mount.path, rel))) all.insert(std::move(c));
    }
    return {all.begin(), all.end()};
  }

 private:
  static std::unexpected<Error> below_usage(const std::string& dir, int64_t limit, int64_t usage) {
    return fail(ErrorCode::kBusy, "cgroup.memory",
                "memory limit " + std::to_string(limit) + " is below the current usage " +
                    std::to_string(usage) + " bytes; refusing rather than OOM-killing",
                dir + "/memory.limit_in_bytes");
  }

  static Result<void> inherit_cpuset(const std::string& path) {
    const std::string parent = path.substr(0, path.rfind('/'));
    for (const char* file : {"/cpuset.cpus", "/cpuset.mems"}) {
      auto mine = fs::read(path + file, "cgroup.create");
      if (!mine) return std::unexpected(mine.error());
      if (!mine->empty() && *mine != "\n") continue;
      auto theirs = fs::read(parent + file, "cgroup.create");
      if (!theirs) return std::unexpected(theirs.error());
      auto r = fs::write(path + file, *theirs, "cgroup.create");
      if (!r) return r;
    }
    return {};
  }

  bool below_clone_children(std::string_view rel) const {
    for (const auto& top : clone_children_) {
      if (rel.size() > top.size() && rel.starts_with(top) && rel[top.size()] == '/') return true;
    }
    return false;
  }

  static void collect(const std::string& dir, std::set<pid_t>& out) {
    for (pid_t p : fs::procs(dir)) out.insert(p);
    for (const auto& c : fs::subdirs(dir)) collect(dir + "/" + c, out);
  }

  LayoutInfo info_;
  std::vector<Hierarchy> hierarchies_;
  std::vector<std::string> clone_children_;  ///< cpuset cgroups we set clone_children on
};

}  // namespace

Result<std::unique_ptr<CgroupDriver>> make_v1_driver(LayoutInfo info) {
  for (const char* needed : {"cpu", "cpuacct", "memory", "pids"}) {
    if (!info.v1.contains(needed)) {
      return fail(ErrorCode::kUnsupported, "cgroup.detect",
                  std::string("the v1 \"") + needed + "\" controller is not mounted", info.root);
    }
  }
  return std::make_unique<V1Driver>(std::move(info));
}

}  // namespace podcore::cgroup::detail
