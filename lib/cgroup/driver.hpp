// The cgroup driver: one small interface, a v1 and a v2 implementation,
// chosen once from the detected layout. Paths are relative to the cgroupfs
// root ("podcore/burstable/pod<UID>/app"); the driver maps them onto each
// hierarchy it uses.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "base/unique_fd.hpp"
#include "cgroup/formulas.hpp"
#include "cgroup/layout.hpp"

namespace podcore::cgroup {

/// Usage of one cgroup (its whole subtree), as cadvisor reports it.
struct CgroupStats {
  uint64_t cpu_usage_ns = 0;              ///< cpuacct.usage / cpu.stat usage_usec × 1000
  uint64_t memory_usage_bytes = 0;        ///< memory.usage_in_bytes / memory.current
  uint64_t memory_working_set_bytes = 0;  ///< usage − inactive_file, floored at 0
  uint64_t pids_current = 0;              ///< pids.current
  uint64_t oom_kills = 0;                 ///< oom_kill of memory.oom_control / memory.events
};

/// A pollable OOM notification for one cgroup. `fd()` becomes readable
/// (POLLIN) when the cgroup records an OOM event (and, on v1, when the
/// cgroup is removed); `consume()` drains it and returns the cgroup's
/// oom_kill count, which the caller compares with the last one it saw.
class OomWatch {
 public:
  enum class Kind { kEventFd, kInotify };
  OomWatch(Kind kind, unique_fd fd, std::string count_file, std::string count_key);
  /// The descriptor to poll for POLLIN.
  [[nodiscard]] int fd() const noexcept { return fd_.get(); }
  /// Drains pending notifications (never blocks) and reads the oom_kill
  /// count. kNotFound when the cgroup is gone.
  Result<uint64_t> consume();

 private:
  Kind kind_;
  unique_fd fd_;
  std::string count_file_;
  std::string count_key_;
};

/// One cgroup version's way of doing things.
class CgroupDriver {
 public:
  virtual ~CgroupDriver() = default;

  /// What was detected.
  [[nodiscard]] virtual const LayoutInfo& info() const = 0;
  /// The directory of cgroup `rel` in the hierarchy holding `controller`
  /// ("memory", "cpu", "pids", ...); on v2 every controller maps to the
  /// one unified directory. Empty when the controller is not mounted.
  [[nodiscard]] virtual std::string dir(std::string_view controller,
                                        std::string_view rel) const = 0;
  /// The path of `rel` as /proc/<pid>/cgroup shows it for `controller`.
  [[nodiscard]] virtual std::string proc_path(std::string_view controller,
                                              std::string_view rel) const = 0;

  /// Creates cgroup `rel` (its parent must exist) in every hierarchy used.
  /// `delegate`: it will have child cgroups (v2: enable the controllers in
  /// its cgroup.subtree_control). Existing is fine.
  virtual Result<void> create(std::string_view rel, bool delegate) = 0;
  /// Writes the set fields of `rc`. `existing`: the cgroup may already
  /// hold processes and values: a memory limit below the current usage is
  /// refused (kBusy) before anything is written, and values a fresh cgroup
  /// already has (the 100 ms CFS period) are written anyway.
  virtual Result<void> apply(std::string_view rel, const ResourceConfig& rc, bool existing) = 0;
  /// Container-only settings (v2: memory.oom.group = 1, memory.swap.max = 0
  /// when the file exists). No-op on v1.
  virtual Result<void> apply_container_defaults(std::string_view rel) = 0;
  /// Moves process `pid` (all its threads) into `rel` in every hierarchy.
  virtual Result<void> join(std::string_view rel, pid_t pid) = 0;
  /// An O_DIRECTORY fd of `rel` for clone3(CLONE_INTO_CGROUP). kUnsupported
  /// on v1/hybrid, where the caller joins with join() instead.
  virtual Result<unique_fd> open_dir_fd(std::string_view rel) = 0;
  /// Usage of `rel`.
  virtual Result<CgroupStats> stats(std::string_view rel) = 0;
  /// Starts watching `rel` for OOM kills.
  virtual Result<OomWatch> watch_oom(std::string_view rel) = 0;
  /// Freezes (true) or thaws (false) the tree and waits (bounded) until the
  /// kernel reports it done.
  virtual Result<void> freeze(std::string_view rel, bool frozen) = 0;
  /// Every pid in the tree `rel`.
  virtual std::vector<pid_t> pids(std::string_view rel) = 0;
  /// SIGKILLs every process of the tree and waits (bounded) until it is
  /// empty: cgroup.kill where the kernel has it, else freeze + kill each
  /// pid + thaw, looped. kTimeout if processes remain.
  virtual Result<void> kill(std::string_view rel) = 0;
  /// Removes `rel` and everything below it, bottom-up, retrying EBUSY
  /// (bounded). Removing what is gone is success.
  virtual Result<void> remove(std::string_view rel) = 0;
  /// Names of the child cgroups of `rel` (the union over hierarchies).
  virtual std::vector<std::string> children(std::string_view rel) = 0;
};

/// Detects the layout under `root` and returns its driver (v1 driver on
/// hybrid and v1, v2 driver on pure v2). kUnsupported when controllers the
/// layer needs are missing.
Result<std::unique_ptr<CgroupDriver>> open_driver(std::string_view root = "/sys/fs/cgroup");

/// The driver for an already detected layout.
Result<std::unique_ptr<CgroupDriver>> make_driver(LayoutInfo info);

}  // namespace podcore::cgroup
