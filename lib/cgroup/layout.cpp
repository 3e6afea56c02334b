#include "cgroup/layout.hpp"

#include <array>
#include <vector>

#include "base/file.hpp"

namespace podcore::cgroup {

std::string_view layout_name(Layout layout) {
  switch (layout) {
    case Layout::kV2: return "v2";
    case Layout::kHybrid: return "hybrid";
    case Layout::kV1: return "v1";
  }
  return "unknown";
}

namespace {

// mountinfo escapes space, tab, newline and backslash as \ooo.
std::string unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '7') {
      out += static_cast<char>((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(sep, start);
    if (end == std::string_view::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

constexpr std::array kV1Controllers = {"cpu",      "cpuacct",    "cpuset", "memory",  "pids",
                                       "freezer",  "devices",    "blkio",  "hugetlb", "net_cls",
                                       "net_prio", "perf_event", "rdma",   "misc"};

}  // namespace

Result<LayoutInfo> parse_layout(std::string_view root_in, std::string_view mountinfo) {
  std::string root(root_in);
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  LayoutInfo info;
  info.root = root;
  bool v2_at_root = false;
  for (std::string_view line : split(mountinfo, '\n')) {
    auto fields = split(line, ' ');
    // id parent maj:min root mountpoint options [optional...] - fstype source superopts
    size_t dash = 0;
    for (size_t i = 6; i < fields.size(); ++i) {
      if (fields[i] == "-") {
        dash = i;
        break;
      }
    }
    if (dash == 0 || dash + 3 >= fields.size()) continue;
    const std::string_view fstype = fields[dash + 1];
    if (fstype != "cgroup" && fstype != "cgroup2") continue;
    HierarchyMount mount{unescape(fields[4]), unescape(fields[3])};
    const bool at_root = mount.path == root;
    const bool under_root = mount.path.size() > root.size() + 1 &&
                            mount.path.compare(0, root.size(), root) == 0 &&
                            mount.path[root.size()] == '/';
    if (!at_root && !under_root) continue;
    if (fstype == "cgroup2") {
      if (at_root) v2_at_root = true;
      // A later mount over the same point hides the earlier one: keep the last.
      if (at_root || !info.unified || info.unified->path != root) info.unified = mount;
      continue;
    }
    for (std::string_view opt : split(fields[dash + 3], ',')) {
      for (const char* known : kV1Controllers) {
        if (opt == known) info.v1[std::string(opt)] = mount;
      }
    }
  }
  if (v2_at_root) {
    info.layout = Layout::kV2;
    info.v1.clear();
  } else if (!info.v1.empty()) {
    info.layout = info.unified ? Layout::kHybrid : Layout::kV1;
  } else if (info.unified) {
    // cgroup2 mounted only below the root (e.g. root/unified) and no v1:
    // treat it as the unified hierarchy.
    info.layout = Layout::kV2;
  } else {
    return fail(ErrorCode::kNotFound, "cgroup.detect", "no cgroup hierarchy is mounted under it",
                root);
  }
  return info;
}

Result<LayoutInfo> detect_layout(std::string_view root) {
  auto text = read_file("/proc/self/mountinfo");
  if (!text) return std::unexpected(text.error());
  return parse_layout(root, *text);
}

}  // namespace podcore::cgroup
