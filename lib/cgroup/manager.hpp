// The pod cgroup manager: kubelet's cgroupfs layout on top of a driver.
//
//   <parent>/                   Guaranteed pods directly here
//   <parent>/burstable/         Burstable pods
//   <parent>/besteffort/        BestEffort pods (cpu.shares 2 / cpu.weight 1)
//   .../pod<UID>/<container>    one child per container
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "base/unique_fd.hpp"
#include "cgroup/driver.hpp"
#include "cgroup/formulas.hpp"
#include "manifest/pod_types.hpp"

namespace podcore::cgroup {

/// Options of CgroupManager::open.
struct ManagerOptions {
  std::string root = "/sys/fs/cgroup";  ///< the cgroupfs root
  std::string parent = "podcore";       ///< relative to root; may hold '/'
  std::optional<int64_t> pids_max;      ///< pod-level pids.max (kubelet podPidsLimit)
  /// v1/hybrid: when open() creates the parent, turn on the kernel's
  /// favordynmods (see fs::favor_dynmods); off leaves the kernel as it is.
  bool favor_dynmods = true;
};

/// A pod cgroup found under the parent.
struct PodCgroup {
  std::string uid;   ///< the part after "pod"
  std::string qos;   ///< "Guaranteed", "Burstable" or "BestEffort" (from the tier)
  std::string path;  ///< relative to the root
  bool operator==(const PodCgroup&) const = default;
};

/// Creates, joins, measures, kills and removes pod and container cgroups.
/// Paths given to and returned by it are relative to the root. Not
/// thread-safe; one per runtime.
class CgroupManager {
 public:
  /// Detects the layout, picks the driver, creates the parent and the QoS
  /// tiers (existing ones are fine). Errors: kNotFound (no cgroupfs under
  /// root), kUnsupported (controllers missing), kSystem (stage
  /// cgroup.create, naming the directory).
  static Result<CgroupManager> open(ManagerOptions options);

  /// The layout the driver was chosen for.
  [[nodiscard]] Layout layout() const { return driver_->info().layout; }
  /// The driver (file locations, low-level operations).
  [[nodiscard]] CgroupDriver& driver() { return *driver_; }
  [[nodiscard]] const ManagerOptions& options() const { return options_; }
  /// Why favordynmods could not be turned on when open() created the
  /// parent on v1/hybrid (empty otherwise): migrations still work, each
  /// container's first join waits for an RCU grace period.
  [[nodiscard]] const std::string& favor_dynmods_note() const { return favor_dynmods_note_; }

  /// Where a pod of this QoS class ("Guaranteed", "Burstable",
  /// "BestEffort") lives: "<parent>[/<tier>]/pod<uid>".
  [[nodiscard]] std::string pod_path(std::string_view uid, std::string_view qos_class) const;

  /// Creates the pod cgroup with ResourceConfigForPod's values (and the
  /// pids_max option) and returns its path. kInvalid for a bad uid; on any
  /// later failure the cgroup is removed again.
  Result<std::string> create_pod(std::string_view uid, const manifest::PodSpec& spec);

  /// Creates `<pod_path>/<name>` with the container's values (v2: plus
  /// memory.oom.group 1 and memory.swap.max 0). Rolled back on failure.
  Result<std::string> create_container(std::string_view pod_path, std::string_view name,
                                       const manifest::Container& container);

  /// Changes the values of an existing cgroup. A memory limit below the
  /// current usage is refused with kBusy and nothing is written.
  Result<void> update(std::string_view path, const ResourceConfig& rc);

  /// Moves `pid` into `path` in every hierarchy (the parent of a new
  /// process does this while the child waits before exec).
  Result<void> join(std::string_view path, pid_t pid) { return driver_->join(path, pid); }
  /// A directory fd of `path` for clone_into_cgroup(); kUnsupported on
  /// v1/hybrid (use join()).
  Result<unique_fd> open_dir_fd(std::string_view path) { return driver_->open_dir_fd(path); }
  /// Usage of `path`; read it before remove() to keep the OOM count.
  Result<CgroupStats> stats(std::string_view path) { return driver_->stats(path); }
  /// A pollable OOM watch of `path`.
  Result<OomWatch> watch_oom(std::string_view path) { return driver_->watch_oom(path); }
  Result<void> freeze(std::string_view path) { return driver_->freeze(path, true); }
  Result<void> thaw(std::string_view path) { return driver_->freeze(path, false); }
  /// SIGKILLs the whole tree and waits (bounded) until it is empty.
  Result<void> kill(std::string_view path) { return driver_->kill(path); }
  /// Removes the tree bottom-up, retrying EBUSY (bounded); idempotent.
  Result<void> remove(std::string_view path) { return driver_->remove(path); }

  /// Every `pod*` cgroup under the parent and its QoS tiers, for a garbage
  /// collector to reconcile against the live pods.
  std::vector<PodCgroup> list_pods();
  /// The cgroup of pod `uid`, looked up at its path in each QoS tier (a few
  /// stat calls: list_pods reads every tier of every hierarchy, which grows
  /// with the pods). nullopt when it has none or `uid` is malformed.
  std::optional<PodCgroup> find_pod(std::string_view uid);

  /// Kills and removes the whole parent (every pod). For tests and uninstall.
  Result<void> destroy();

 private:
  CgroupManager(ManagerOptions options, std::unique_ptr<CgroupDriver> driver)
      : options_(std::move(options)), driver_(std::move(driver)) {}

  ManagerOptions options_;
  std::unique_ptr<CgroupDriver> driver_;
  std::string favor_dynmods_note_;
};

/// clone3(CLONE_INTO_CGROUP | exit signal SIGCHLD): like fork(), but the
/// child starts in the cgroup of `cgroup_fd` (from open_dir_fd). Returns 0
/// in the child (which may only do async-signal-safe work, then exec or
/// _exit), the pid in the parent, or -1 with errno set — ENOSYS, E2BIG or
/// EINVAL on kernels without it: then fork, join() and let the child go.
pid_t clone_into_cgroup(int cgroup_fd) noexcept;

}  // namespace podcore::cgroup
