// Which cgroup hierarchies are mounted under a cgroupfs root.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace podcore::cgroup {

/// How cgroups are mounted under the root.
enum class Layout {
  kV2,      ///< cgroup2 mounted at the root itself (pure unified)
  kHybrid,  ///< v1 controller hierarchies plus a cgroup2 mount (systemd's "hybrid")
  kV1,      ///< v1 controller hierarchies only
};

/// "v2", "hybrid" or "v1".
std::string_view layout_name(Layout layout);

/// One mounted hierarchy: where it is and which cgroup it shows (the
/// `root` field of mountinfo, "/" unless inside a cgroup namespace or bind).
struct HierarchyMount {
  std::string path;        ///< mount point, e.g. "/sys/fs/cgroup/memory"
  std::string root = "/";  ///< cgroup shown at the mount point
};

/// The result of detection.
struct LayoutInfo {
  Layout layout = Layout::kV2;
  std::string root;                          ///< the cgroupfs root asked for
  std::optional<HierarchyMount> unified;     ///< the cgroup2 mount, if any
  std::map<std::string, HierarchyMount> v1;  ///< v1 controller name → its hierarchy
};

/// Detects the layout under `root` from the text of /proc/self/mountinfo.
/// Pure; kNotFound when no cgroup hierarchy is mounted under `root`.
Result<LayoutInfo> parse_layout(std::string_view root, std::string_view mountinfo);

/// Detects the layout under `root` (reads /proc/self/mountinfo).
Result<LayoutInfo> detect_layout(std::string_view root = "/sys/fs/cgroup");

}  // namespace podcore::cgroup
