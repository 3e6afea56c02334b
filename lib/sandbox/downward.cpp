// Downward API values and kubelet's atomic-writer volume layout.
#include "sandbox/downward.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <system_error>

#include "base/file.hpp"
#include "base/random.hpp"
#include "base/unique_fd.hpp"
#include "manifest/field_error.hpp"

namespace podcore::sandbox {
namespace {

constexpr std::string_view kStage = "sandbox.downward";

// fieldpath.SplitMaybeSubscriptedPath: "metadata.labels['k']" → ("metadata.labels", "k").
bool split_subscript(std::string_view path, std::string_view* base, std::string_view* key) {
  if (!path.ends_with("']")) return false;
  auto open = path.find("['");
  if (open == std::string_view::npos) return false;
  *base = path.substr(0, open);
  *key = path.substr(open + 2, path.size() - open - 4);
  return true;
}

std::string join_comma(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += ',';
    out += s;
  }
  return out;
}

const manifest::Quantity* find_quantity(const std::map<std::string, manifest::Quantity>& m,
                                        const std::string& name) {
  auto it = m.find(name);
  return it == m.end() ? nullptr : &it->second;
}

}  // namespace

std::string format_downward_map(const std::map<std::string, std::string>& m) {
  // std::map iterates sorted by key, as FormatMap sorts.
  std::string out;
  for (const auto& [k, v] : m) {
    out += k;
    out += '=';
    out += manifest::go_quote(v);
    out += '\n';
  }
  return out;
}

Result<std::string> field_ref_value(const DownwardContext& ctx, std::string_view field_path) {
  if (ctx.pod == nullptr) return fail(ErrorCode::kInternal, std::string(kStage), "no pod");
  const auto& meta = ctx.pod->metadata;
  std::string_view base;
  std::string_view key;
  if (split_subscript(field_path, &base, &key)) {
    const std::map<std::string, std::string>* m = nullptr;
    if (base == "metadata.labels") m = &meta.labels;
    if (base == "metadata.annotations") m = &meta.annotations;
    if (m == nullptr) {
      return fail(ErrorCode::kInvalid, std::string(kStage),
                  "unsupported fieldPath: " + std::string(field_path));
    }
    auto it = m->find(std::string(key));
    return it == m->end() ? std::string() : it->second;
  }
  if (field_path == "metadata.name") return meta.name;
  if (field_path == "metadata.namespace") return meta.namespace_;
  if (field_path == "metadata.uid") return meta.uid;
  if (field_path == "metadata.labels") return format_downward_map(meta.labels);
  if (field_path == "metadata.annotations") return format_downward_map(meta.annotations);
  if (field_path == "spec.nodeName") {
    return ctx.pod->spec.nodeName.empty() ? ctx.node.name : ctx.pod->spec.nodeName;
  }
  if (field_path == "spec.serviceAccountName") return ctx.pod->spec.serviceAccountName;
  if (field_path == "status.hostIP" || field_path == "status.hostIPs") return ctx.node.host_ip;
  if (field_path == "status.podIP") return ctx.pod_ips.empty() ? std::string() : ctx.pod_ips[0];
  if (field_path == "status.podIPs") return join_comma(ctx.pod_ips);
  return fail(ErrorCode::kInvalid, std::string(kStage),
              "unsupported fieldPath: " + std::string(field_path));
}

Result<std::string> resource_field_value(const DownwardContext& ctx,
                                         const manifest::Container& container,
                                         const manifest::ResourceFieldSelector& selector) {
  const manifest::Container* c = &container;
  if (!selector.containerName.empty() && selector.containerName != container.name) {
    c = nullptr;
    if (ctx.pod != nullptr) {
      for (const auto* list : {&ctx.pod->spec.containers, &ctx.pod->spec.initContainers}) {
        for (const auto& other : *list) {
          if (other.name == selector.containerName) c = &other;
        }
      }
    }
    if (c == nullptr) {
      return fail(ErrorCode::kInvalid, std::string(kStage),
                  "container " + selector.containerName + " not found");
    }
  }
  const std::string& res = selector.resource;
  bool is_limit = res.starts_with("limits.");
  bool is_request = res.starts_with("requests.");
  if (!is_limit && !is_request) {
    return fail(ErrorCode::kInvalid, std::string(kStage),
                "unsupported container resource : " + res);
  }
  std::string name = res.substr(is_limit ? 7 : 9);
  const auto& m = is_limit ? c->resources.limits : c->resources.requests;
  const manifest::Quantity* q = find_quantity(m, name);
  const bool divisor_set = !selector.divisor.is_zero();
  if (name == "cpu") {
    // convertResourceCPUToString: ceil(milli / divisor milli).
    int64_t milli = q != nullptr ? q->milli_value() : 0;
    if (q == nullptr && is_limit) milli = ctx.node.allocatable_milli_cpu;
    double div = divisor_set ? static_cast<double>(selector.divisor.milli_value()) : 1000.0;
    return std::to_string(static_cast<int64_t>(std::ceil(static_cast<double>(milli) / div)));
  }
  if (name == "memory" || name == "ephemeral-storage" || name.starts_with("hugepages-")) {
    int64_t v = q != nullptr ? q->value() : 0;
    if (q == nullptr && is_limit) {
      if (name == "memory") v = ctx.node.allocatable_memory;
      if (name == "ephemeral-storage") v = ctx.node.allocatable_ephemeral;
    }
    double div = divisor_set ? static_cast<double>(selector.divisor.value()) : 1.0;
    return std::to_string(static_cast<int64_t>(std::ceil(static_cast<double>(v) / div)));
  }
  return fail(ErrorCode::kInvalid, std::string(kStage), "unsupported container resource : " + res);
}

Result<std::vector<VolumeFile>> downward_volume_files(
    const DownwardContext& ctx, const manifest::Container& container,
    const std::vector<manifest::DownwardAPIVolumeFile>& items,
    std::optional<int32_t> default_mode) {
  std::vector<VolumeFile> files;
  for (const auto& item : items) {
    VolumeFile f;
    f.path = item.path;
    f.mode = item.mode.value_or(default_mode.value_or(0644));
    if (item.fieldRef) {
      auto v = field_ref_value(ctx, item.fieldRef->fieldPath);
      if (!v) return std::unexpected(v.error());
      f.content = std::move(*v);
    } else if (item.resourceFieldRef) {
      auto v = resource_field_value(ctx, container, *item.resourceFieldRef);
      if (!v) return std::unexpected(v.error());
      f.content = std::move(*v);
    }
    files.push_back(std::move(f));
  }
  return files;
}

namespace {

Result<void> sys_check(int rc, std::string_view what, const std::filesystem::path& p) {
  if (rc < 0) return fail_errno(errno, std::string(kStage), p.string(), std::string(what));
  return {};
}

bool valid_relative(std::string_view p) {
  if (p.empty() || p.front() == '/') return false;
  for (const auto& part : std::filesystem::path(p)) {
    if (part == "..") return false;
  }
  return true;
}

std::string timestamp_dir_name() {
  // time.Now().UTC().Format("..2006_01_02_15_04_05.") + os.MkdirTemp's random suffix.
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "..%Y_%m_%d_%H_%M_%S.", &tm);
  return std::string(buf) + random_string(9, "0123456789");
}

}  // namespace

Result<void> write_atomic_volume(const std::filesystem::path& target_dir,
                                 const std::vector<VolumeFile>& files,
                                 std::optional<gid_t> fs_group) {
  for (const auto& f : files) {
    if (!valid_relative(f.path)) {
      return fail(ErrorCode::kInvalid, std::string(kStage),
                  "invalid path \"" + f.path + "\": must be relative and must not contain '..'",
                  target_dir.string());
    }
  }
  std::error_code ec;
  std::filesystem::create_directories(target_dir, ec);
  if (ec) return fail_errno(ec.value(), std::string(kStage), target_dir.string(), "mkdir");
  const std::filesystem::path data_link = target_dir / "..data";
  std::string old_ts;
  {
    std::error_code lec;
    auto target = std::filesystem::read_symlink(data_link, lec);
    if (!lec) old_ts = target.string();
  }
  const std::string ts_name = timestamp_dir_name();
  const std::filesystem::path ts_dir = target_dir / ts_name;
  if (auto r = sys_check(::mkdir(ts_dir.c_str(), 0755), "mkdir", ts_dir); !r) return r;
  if (fs_group) {
    if (auto r =
            sys_check(::chown(ts_dir.c_str(), static_cast<uid_t>(-1), *fs_group), "chown", ts_dir);
        !r) {
      return r;
    }
  }
  for (const auto& f : files) {
    std::filesystem::path p = ts_dir / f.path;
    std::filesystem::create_directories(p.parent_path(), ec);
    if (ec) return fail_errno(ec.value(), std::string(kStage), p.parent_path().string(), "mkdir");
    unique_fd fd(::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (!fd) return fail_errno(errno, std::string(kStage), p.string(), "open");
    std::string_view rest = f.content;
    while (!rest.empty()) {
      ssize_t n = ::write(fd.get(), rest.data(), rest.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        return fail_errno(errno, std::string(kStage), p.string(), "write");
      }
      rest.remove_prefix(static_cast<size_t>(n));
    }
    if (fs_group) {
      if (auto r = sys_check(::fchown(fd.get(), static_cast<uid_t>(-1), *fs_group), "chown", p);
          !r) {
        return r;
      }
    }
    // fchmod after the write: the mode is exact, not filtered by the umask.
    if (auto r = sys_check(::fchmod(fd.get(), static_cast<mode_t>(f.mode) & 07777), "chmod", p);
        !r) {
      return r;
    }
  }
  // ..data_tmp → ts dir, renamed over ..data: readers switch atomically.
  const std::filesystem::path tmp_link = target_dir / "..data_tmp";
  ::unlink(tmp_link.c_str());
  if (auto r = sys_check(::symlink(ts_name.c_str(), tmp_link.c_str()), "symlink", tmp_link); !r) {
    return r;
  }
  if (auto r = sys_check(::rename(tmp_link.c_str(), data_link.c_str()), "rename", data_link); !r) {
    return r;
  }
  // One user-visible symlink per top-level entry.
  for (const auto& f : files) {
    std::string top = std::filesystem::path(f.path).begin()->string();
    std::filesystem::path link = target_dir / top;
    std::string dest = "..data/" + top;
    std::error_code lec;
    auto existing = std::filesystem::read_symlink(link, lec);
    if (!lec && existing == dest) continue;
    if (auto r = sys_check(::symlink(dest.c_str(), link.c_str()), "symlink", link); !r) return r;
  }
  if (!old_ts.empty() && old_ts != ts_name) {
    std::filesystem::remove_all(target_dir / old_ts, ec);
  }
  return {};
}

}  // namespace podcore::sandbox
