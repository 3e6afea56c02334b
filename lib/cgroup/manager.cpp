#include "cgroup/manager.hpp"

#include <linux/sched.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "cgroup/cgfs.hpp"
#include "cgroup/driver_impl.hpp"
#include "manifest/resources.hpp"

namespace podcore::cgroup {
namespace {

constexpr std::string_view kBurstable = "burstable";
constexpr std::string_view kBestEffort = "besteffort";

// One path component of our own making: no '/', not "." or "..".
bool valid_name(std::string_view s) {
  return !s.empty() && s.size() <= 200 && s.find('/') == std::string_view::npos &&
         s.find('\0') == std::string_view::npos && s != "." && s != "..";
}

}  // namespace

Result<CgroupManager> CgroupManager::open(ManagerOptions options) {
  while (!options.parent.empty() && options.parent.back() == '/') options.parent.pop_back();
  while (!options.parent.empty() && options.parent.front() == '/') options.parent.erase(0, 1);
  if (options.parent.empty()) {
    return fail(ErrorCode::kInvalid, "cgroup.open", "the parent cgroup must not be the root");
  }
  auto driver = open_driver(options.root);
  if (!driver) return std::unexpected(driver.error());
  CgroupManager m(std::move(options), std::move(*driver));
  // v1 joins with cgroup.procs (there is no CLONE_INTO_CGROUP): a parent
  // made now is the first use of this node since boot, or since a reset.
  const bool favor = m.options_.favor_dynmods && m.layout() != Layout::kV2 &&
                     !fs::exists(m.driver_->dir("cpu", m.options_.parent));
  // The parent path one component at a time, each handing controllers down.
  std::string rel;
  size_t pos = 0;
  const std::string& parent = m.options_.parent;
  while (pos <= parent.size()) {
    size_t end = parent.find('/', pos);
    if (end == std::string::npos) end = parent.size();
    std::string_view part(parent.data() + pos, end - pos);
    if (!valid_name(part)) {
      return fail(ErrorCode::kInvalid, "cgroup.open", "bad parent cgroup path", parent);
    }
    rel = detail::join_path(rel, part);
    if (auto r = m.driver_->create(rel, true); !r) return std::unexpected(r.error());
    pos = end + 1;
  }
  if (favor) {
    if (auto r = fs::favor_dynmods("cgroup.favordynmods"); !r) {
      m.favor_dynmods_note_ = "cgroup favordynmods unavailable (" + r.error().to_string() +
                              "): each container's first cgroup join waits for an RCU grace period";
    }
  }
  for (std::string_view tier : {kBurstable, kBestEffort}) {
    if (auto r = m.driver_->create(detail::join_path(parent, tier), true); !r) {
      return std::unexpected(r.error());
    }
  }
  // kubelet gives the besteffort tier the minimum share.
  ResourceConfig besteffort;
  besteffort.cpu_shares = kMinShares;
  besteffort.cpu_weight = shares_to_weight_linear(kMinShares);
  if (auto r = m.driver_->apply(detail::join_path(parent, kBestEffort), besteffort, false); !r) {
    return std::unexpected(r.error());
  }
  return m;
}

std::string CgroupManager::pod_path(std::string_view uid, std::string_view qos_class) const {
  std::string base = options_.parent;
  if (qos_class == "Burstable") base = detail::join_path(base, kBurstable);
  if (qos_class == "BestEffort") base = detail::join_path(base, kBestEffort);
  return detail::join_path(base, "pod" + std::string(uid));
}

Result<std::string> CgroupManager::create_pod(std::string_view uid, const manifest::PodSpec& spec) {
  if (!valid_name(uid)) {
    return fail(ErrorCode::kInvalid, "cgroup.create", "bad pod uid", std::string(uid));
  }
  std::string path = pod_path(uid, manifest::compute_qos_class(spec));
  ResourceConfig rc = resource_config_for_pod(spec);
  if (options_.pids_max) rc.pids_max = *options_.pids_max;
  if (auto r = driver_->create(path, true); !r) return std::unexpected(r.error());
  if (auto r = driver_->apply(path, rc, false); !r) {
    (void)driver_->remove(path);
    return std::unexpected(r.error());
  }
  return path;
}

Result<std::string> CgroupManager::create_container(std::string_view pod_path,
                                                    std::string_view name,
                                                    const manifest::Container& container) {
  if (!valid_name(name)) {
    return fail(ErrorCode::kInvalid, "cgroup.create", "bad container cgroup name",
                std::string(name));
  }
  std::string path = detail::join_path(pod_path, name);
  if (auto r = driver_->create(path, false); !r) return std::unexpected(r.error());
  auto r = driver_->apply(path, resource_config_for_container(container), false);
  if (r) r = driver_->apply_container_defaults(path);
  if (!r) {
    (void)driver_->remove(path);
    return std::unexpected(r.error());
  }
  return path;
}

Result<void> CgroupManager::update(std::string_view path, const ResourceConfig& rc) {
  return driver_->apply(path, rc, true);
}

std::optional<PodCgroup> CgroupManager::find_pod(std::string_view uid) {
  if (!valid_name(uid)) return std::nullopt;
  for (const char* qos : {"Guaranteed", "Burstable", "BestEffort"}) {
    std::string path = pod_path(uid, qos);
    // Any hierarchy will do: create() makes the cgroup in all of them, and
    // remove() takes it from each, so a partial one is found too.
    for (const char* controller : {"pids", "memory", "cpu", "cpuset", "freezer"}) {
      std::string d = driver_->dir(controller, path);
      struct stat st {};
      if (!d.empty() && ::stat(d.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
        return PodCgroup{std::string(uid), qos, path};
    }
  }
  return std::nullopt;
}

std::vector<PodCgroup> CgroupManager::list_pods() {
  std::vector<PodCgroup> out;
  auto scan = [&](std::string_view tier, std::string_view qos) {
    const std::string base =
        tier.empty() ? options_.parent : detail::join_path(options_.parent, tier);
    for (const auto& name : driver_->children(base)) {
      if (!name.starts_with("pod") || name.size() == 3) continue;
      out.push_back({name.substr(3), std::string(qos), detail::join_path(base, name)});
    }
  };
  scan("", "Guaranteed");
  scan(kBurstable, "Burstable");
  scan(kBestEffort, "BestEffort");
  return out;
}

Result<void> CgroupManager::destroy() {
  auto killed = driver_->kill(options_.parent);
  auto removed = driver_->remove(options_.parent);
  if (!killed) return killed;
  return removed;
}

pid_t clone_into_cgroup(int cgroup_fd) noexcept {
#if defined(SYS_clone3) && defined(CLONE_INTO_CGROUP)
  struct clone_args args {};
  args.flags = CLONE_INTO_CGROUP;
  args.exit_signal = SIGCHLD;
  args.cgroup = static_cast<__u64>(cgroup_fd);
  return static_cast<pid_t>(::syscall(SYS_clone3, &args, sizeof args));
#else
  (void)cgroup_fd;
  errno = ENOSYS;
  return -1;
#endif
}

}  // namespace podcore::cgroup
