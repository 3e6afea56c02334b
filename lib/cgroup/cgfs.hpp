// cgroupfs file access: one seam for the open/read/write/mkdir/rmdir calls,
// with errors that name the file touched. Private to the cgroup layer.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "base/error.hpp"

namespace podcore::cgroup::fs {

/// Writes `value` to a cgroup control file in one write(2).
Result<void> write(const std::string& path, std::string_view value, const char* stage);
/// Reads a (small) cgroup control file.
Result<std::string> read(const std::string& path, const char* stage);
/// Reads a file holding one integer ("max" reads as -1).
Result<int64_t> read_int(const std::string& path, const char* stage);
/// Reads the value of `key` from a "key value" per line file (memory.stat,
/// cpu.stat, memory.events, memory.oom_control); 0 when the key is absent.
Result<uint64_t> read_keyed(const std::string& path, std::string_view key, const char* stage);
/// Parses the value of `key` from "key value" lines; nullopt when absent.
std::optional<uint64_t> find_keyed(std::string_view text, std::string_view key);
/// mkdir; true when created, false when it existed.
Result<bool> make_dir(const std::string& path, const char* stage);
/// True when the path exists.
bool exists(const std::string& path);
/// Names of the subdirectories of `path` (child cgroups); empty if gone.
std::vector<std::string> subdirs(const std::string& path);
/// The pids listed in `dir`/cgroup.procs (empty if the cgroup is gone).
std::vector<pid_t> procs(const std::string& dir);
/// Turns on the kernel's `favordynmods` for cgroup migrations: creates a
/// named v1 hierarchy "podcore-favordynmods-<pid>-<n>" with that option
/// (fsopen + fsconfig, never mounted) and drops it at once, so nothing
/// stays. Since Linux 6.18 the switch it makes lasts until reboot: writes to
/// cgroup.procs take a per-process lock instead of the global one, whose
/// first writer waits for an RCU grace period. On older kernels it lasts
/// only while such a hierarchy lives, so this changes nothing there. Costs
/// about 11 ms here (a new hierarchy and one grace period).
Result<void> favor_dynmods(const char* stage);
/// rmdir of a cgroup tree, children first, retrying EBUSY with a bounded
/// exponential backoff (1 ms doubling, capped at 50 ms) until `deadline`.
/// Gone already is success; still busy at the deadline is kBusy.
Result<void> remove_tree(const std::string& path, SteadyTime deadline, const char* stage);

}  // namespace podcore::cgroup::fs
