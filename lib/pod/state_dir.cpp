#include "pod/state_dir.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <tuple>

#include "manifest/decode.hpp"
#include "manifest/encode.hpp"
#include "pod/monitor.hpp"
#include "pod/phase.hpp"

namespace podcore::pod {

namespace fs = std::filesystem;

namespace {

constexpr const char* kStage = "pod.state";

// Namespaces and names are DNS labels/subdomains once validated; refuse
// anything that could escape the directory anyway.
bool safe_component(const std::string& s) {
  return !s.empty() && s != "." && s != ".." && s.find('/') == std::string::npos &&
         s.find('\0') == std::string::npos;
}

Result<std::string> read_link(const fs::path& link) {
  char buf[512];
  ssize_t n = ::readlink(link.c_str(), buf, sizeof buf - 1);
  if (n < 0) return fail_errno(errno, kStage, link.string(), "readlink");
  return std::string(buf, static_cast<size_t>(n));
}

// "../../pods/<uid>" → uid.
std::string uid_of_target(const std::string& target) {
  auto slash = target.rfind('/');
  return slash == std::string::npos ? target : target.substr(slash + 1);
}

}  // namespace

Result<StateDir> StateDir::open(const fs::path& root) {
  std::error_code ec;
  for (const char* sub : {"pods", "names"}) {
    fs::create_directories(root / sub, ec);
    if (ec) return fail_errno(ec.value(), kStage, (root / sub).string(), "create");
  }
  return StateDir(root);
}

fs::path StateDir::pod_dir(const std::string& uid) const {
  return root_ / "pods" / uid;
}

fs::path StateDir::name_link(const std::string& namespace_, const std::string& name) const {
  return root_ / "names" / namespace_ / name;
}

Result<void> StateDir::reserve_name(const std::string& namespace_, const std::string& name,
                                    const std::string& uid) {
  if (!safe_component(namespace_) || !safe_component(name) || !safe_component(uid))
    return fail(ErrorCode::kInvalid, kStage, "invalid namespace, name or uid",
                namespace_ + "/" + name);
  std::error_code ec;
  fs::create_directories(root_ / "names" / namespace_, ec);
  if (ec) return fail_errno(ec.value(), kStage, (root_ / "names" / namespace_).string(), "create");
  const fs::path link = name_link(namespace_, name);
  const std::string target = "../../pods/" + uid;
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (::symlink(target.c_str(), link.c_str()) == 0) return {};
    if (errno != EEXIST) return fail_errno(errno, kStage, link.string(), "reserve the pod name");
    auto held = read_link(link);
    if (held && fs::exists(pod_dir(uid_of_target(*held)), ec)) break;
    // The holder's directory is gone: a create that crashed before writing
    // anything. Take the name over (unlink only what we just read).
    if (held) ::unlink(link.c_str());
  }
  Error e;
  e.code = ErrorCode::kAlreadyExists;
  e.stage = kStage;
  e.object = namespace_ + "/" + name;
  e.message = "pods \"" + name + "\" already exists";
  return std::unexpected(std::move(e));
}

Result<void> StateDir::release_name(const std::string& namespace_, const std::string& name,
                                    const std::string& uid) {
  const fs::path link = name_link(namespace_, name);
  auto held = read_link(link);
  if (!held) return {};  // nothing reserved
  if (uid_of_target(*held) != uid) return {};
  if (::unlink(link.c_str()) != 0 && errno != ENOENT)
    return fail_errno(errno, kStage, link.string(), "release the pod name");
  return {};
}

Result<std::string> StateDir::lookup(const std::string& namespace_, const std::string& name) const {
  if (safe_component(namespace_) && safe_component(name)) {
    auto held = read_link(name_link(namespace_, name));
    if (held) return uid_of_target(*held);
  }
  Error e;
  e.code = ErrorCode::kNotFound;
  e.stage = kStage;
  e.object = namespace_ + "/" + name;
  e.message = "pods \"" + name + "\" not found";
  return std::unexpected(std::move(e));
}

std::vector<PodRef> StateDir::list(const std::optional<std::string>& namespace_) const {
  std::vector<PodRef> out;
  std::error_code ec;
  std::vector<std::string> namespaces;
  if (namespace_) {
    namespaces.push_back(*namespace_);
  } else {
    for (const auto& d : fs::directory_iterator(root_ / "names", ec))
      namespaces.push_back(d.path().filename().string());
  }
  for (const auto& ns : namespaces) {
    if (!safe_component(ns)) continue;
    for (const auto& entry : fs::directory_iterator(root_ / "names" / ns, ec)) {
      auto held = read_link(entry.path());
      if (!held) continue;
      out.push_back({ns, entry.path().filename().string(), uid_of_target(*held)});
    }
  }
  std::sort(out.begin(), out.end(), [](const PodRef& a, const PodRef& b) {
    return std::tie(a.namespace_, a.name) < std::tie(b.namespace_, b.name);
  });
  return out;
}

std::vector<std::string> StateDir::pod_dirs() const {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& d : fs::directory_iterator(root_ / "pods", ec))
    if (d.is_directory(ec)) out.push_back(d.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

Result<void> StateDir::create_pod_dir(const manifest::Pod& pod) {
  if (!safe_component(pod.metadata.uid))
    return fail(ErrorCode::kInvalid, kStage, "invalid uid", pod.metadata.uid);
  const fs::path dir = pod_dir(pod.metadata.uid);
  if (::mkdir(dir.c_str(), 0700) != 0)
    return fail_errno(errno, kStage, dir.string(), "create the pod directory");
  manifest::Pod spec_only = pod;
  spec_only.status = {};
  return write_file_atomic((dir / kPodFile).string(), manifest::pod_to_json(spec_only), 0600,
                           Sync::kVolatile);
}

Result<void> StateDir::write_status(const manifest::Pod& pod) {
  manifest::Pod status_only;
  status_only.apiVersion = "v1";
  status_only.kind = "Pod";
  status_only.metadata.name = pod.metadata.name;
  status_only.metadata.namespace_ = pod.metadata.namespace_;
  status_only.metadata.uid = pod.metadata.uid;
  status_only.metadata.deletionTimestamp = pod.metadata.deletionTimestamp;
  status_only.metadata.deletionGracePeriodSeconds = pod.metadata.deletionGracePeriodSeconds;
  status_only.metadata.annotations = pod.metadata.annotations;
  status_only.status = pod.status;
  return write_file_atomic((pod_dir(pod.metadata.uid) / kStatusFile).string(),
                           manifest::pod_to_json(status_only), 0600, Sync::kVolatile);
}

Result<manifest::Pod> StateDir::read_pod(const std::string& uid) const {
  const fs::path dir = pod_dir(uid);
  auto text = read_file((dir / kPodFile).string());
  if (!text) return std::unexpected(text.error());
  auto pod = manifest::decode_pod(*text);
  if (!pod) return std::unexpected(pod.error());
  std::error_code ec;
  if (fs::exists(dir / kStatusFile, ec)) {
    auto st_text = read_file((dir / kStatusFile).string());
    if (!st_text) return std::unexpected(st_text.error());
    auto st = manifest::decode_pod(*st_text);
    if (!st) return std::unexpected(st.error());
    pod->status = std::move(st->status);
    pod->metadata.deletionTimestamp = st->metadata.deletionTimestamp;
    pod->metadata.deletionGracePeriodSeconds = st->metadata.deletionGracePeriodSeconds;
    for (auto& [k, v] : st->metadata.annotations) pod->metadata.annotations[k] = v;
  }
  return pod;
}

Result<FileLock> StateDir::lock_pod(const std::string& uid, FileLock::Mode mode,
                                    std::chrono::milliseconds timeout) const {
  return FileLock::acquire((pod_dir(uid) / "lock").string(), mode, timeout);
}

Result<void> StateDir::remove_pod_dir(const std::string& uid) {
  if (!safe_component(uid)) return fail(ErrorCode::kInvalid, kStage, "invalid uid", uid);
  std::error_code ec;
  fs::remove_all(pod_dir(uid), ec);
  if (ec) return fail_errno(ec.value(), kStage, pod_dir(uid).string(), "remove the pod directory");
  return {};
}

Result<manifest::Pod> read_live_pod(const StateDir& state, const std::string& uid) {
  auto pod = state.read_pod(uid);
  if (!pod) return pod;
  if (pod->status.phase.empty()) pod->status.phase = "Pending";  // no status written yet
  // A monitor that died leaves a status nobody updates: say so.
  const fs::path dir = state.pod_dir(uid);
  std::error_code ec;
  if (!is_terminal_phase(pod->status.phase) && !fs::exists(dir / "creating", ec)) {
    auto mon = read_identity_file(dir / "monitor");
    if (!mon || !identity_alive(*mon)) {
      pod->status.phase = "Unknown";
      pod->status.reason = "MonitorLost";
      pod->status.message = "The pod's monitor process is gone; its status is no longer updated";
    }
  }
  return pod;
}

}  // namespace podcore::pod
