// The runtime's state directory (DESIGN.md "The state directory"): pod
// records, the namespace/name index, and their atomic updates. Any process
// may read it; writers hold the pod's lock.
//
//   pods/<UID>/pod.json      the defaulted pod as created (immutable)
//   pods/<UID>/status.json   the live status (a Pod holding metadata + status)
//   pods/<UID>/events.log    events (pod/events.hpp)
//   pods/<UID>/lock          the pod's lock file
//   names/<namespace>/<name> symlink to ../../pods/<UID>: the name reservation
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "base/file.hpp"
#include "manifest/pod_types.hpp"

namespace podcore::pod {

/// The pod record files, in the JSON the API server stores: unlike kubectl's YAML it reads back
/// to the same object whatever the strings hold (a raw NEL folds in YAML).
inline constexpr const char* kPodFile = "pod.json";
inline constexpr const char* kStatusFile = "status.json";

/// A pod as the name index knows it.
struct PodRef {
  std::string namespace_;
  std::string name;
  std::string uid;
};

class StateDir {
 public:
  /// Opens (creating) the state directory at `root`.
  static Result<StateDir> open(const std::filesystem::path& root);

  [[nodiscard]] const std::filesystem::path& root() const { return root_; }
  [[nodiscard]] std::filesystem::path pod_dir(const std::string& uid) const;

  /// Reserves `namespace_/name` for `uid` (atomically, across processes).
  /// kAlreadyExists with the API server's message `pods "NAME" already
  /// exists` when a live pod holds it; a reservation whose pod directory is
  /// gone (a crash) is taken over.
  Result<void> reserve_name(const std::string& namespace_, const std::string& name,
                            const std::string& uid);

  /// Drops the reservation if it still belongs to `uid`; idempotent.
  Result<void> release_name(const std::string& namespace_, const std::string& name,
                            const std::string& uid);

  /// The UID holding `namespace_/name`; kNotFound with kubectl's wording
  /// (`pods "NAME" not found`) when none.
  Result<std::string> lookup(const std::string& namespace_, const std::string& name) const;

  /// Every reserved pod, in one namespace or (nullopt) all, sorted by
  /// namespace then name.
  [[nodiscard]] std::vector<PodRef> list(const std::optional<std::string>& namespace_) const;

  /// UIDs that have a pod directory (reserved or not: the GC's view).
  [[nodiscard]] std::vector<std::string> pod_dirs() const;

  /// Creates pods/<UID>/ and writes pod.json (the pod without its status).
  Result<void> create_pod_dir(const manifest::Pod& pod);

  /// Atomically replaces status.json with `pod`'s metadata and status.
  Result<void> write_status(const manifest::Pod& pod);

  /// pod.json with status.json's status (the pod as `get` shows it).
  Result<manifest::Pod> read_pod(const std::string& uid) const;

  /// Takes the pod's lock (exclusive for writers).
  Result<FileLock> lock_pod(const std::string& uid, FileLock::Mode mode,
                            std::chrono::milliseconds timeout) const;

  /// Removes pods/<UID>/ entirely (after everything in it is released);
  /// idempotent.
  Result<void> remove_pod_dir(const std::string& uid);

 private:
  explicit StateDir(std::filesystem::path root) : root_(std::move(root)) {}
  [[nodiscard]] std::filesystem::path name_link(const std::string& namespace_,
                                                const std::string& name) const;
  std::filesystem::path root_;
};

/// The pod `uid` as Runtime::get shows it: read_pod, phase Pending before
/// the first status is written, and phase Unknown (reason MonitorLost) when
/// a non-terminal pod's monitor is gone.
Result<manifest::Pod> read_live_pod(const StateDir& state, const std::string& uid);

}  // namespace podcore::pod
