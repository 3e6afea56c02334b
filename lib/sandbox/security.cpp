// Capabilities (libcap), identity, runAsNonRoot.
#include "sandbox/security.hpp"

#include <sys/capability.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

#include "base/file.hpp"

namespace podcore::sandbox {
namespace {

constexpr std::string_view kStage = "sandbox.security";

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::optional<int64_t> parse_id(std::string_view s) {
  int64_t v = 0;
  if (s.empty()) return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 0) return std::nullopt;
  return v;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t i = s.find(sep, start);
    out.push_back(
        s.substr(start, i == std::string_view::npos ? std::string_view::npos : i - start));
    if (i == std::string_view::npos) break;
    start = i + 1;
  }
  return out;
}

// One /etc/passwd or /etc/group of the image, split into fields per line.
std::vector<std::vector<std::string_view>> db_lines(const std::string& text) {
  std::vector<std::vector<std::string_view>> out;
  for (auto line : split(text, '\n')) {
    if (line.empty() || line.front() == '#') continue;
    out.push_back(split(line, ':'));
  }
  return out;
}

std::string pod_format(const manifest::Pod& pod) {
  // format.Pod: name_namespace(uid), printed by kubelet with %q.
  return "\"" + pod.metadata.name + "_" + pod.metadata.namespace_ + "(" + pod.metadata.uid + ")\"";
}

}  // namespace

Result<int> capability_number(std::string_view name) {
  std::string n = lower(name);
  if (!n.starts_with("cap_")) n = "cap_" + n;
  cap_value_t v = 0;
  if (cap_from_name(n.c_str(), &v) != 0 || v < 0 || v >= 64) {
    return fail(ErrorCode::kInvalid, std::string(kStage),
                "unknown capability \"" + upper(name) + "\"");
  }
  return static_cast<int>(v);
}

CapMask all_capabilities() {
  int bits = cap_max_bits();
  if (bits <= 0 || bits > 64) bits = CAP_LAST_CAP + 1;
  return bits == 64 ? ~CapMask{0} : ((CapMask{1} << bits) - 1);
}

CapMask own_permitted_capabilities() {
  cap_t caps = cap_get_proc();
  if (caps == nullptr) return 0;
  CapMask out = 0;
  for (int i = 0; i < 64 && i < cap_max_bits(); ++i) {
    cap_flag_value_t v = CAP_CLEAR;
    if (cap_get_flag(caps, static_cast<cap_value_t>(i), CAP_PERMITTED, &v) == 0 && v == CAP_SET) {
      out |= CapMask{1} << i;
    }
  }
  cap_free(caps);
  return out;
}

std::vector<std::string> capability_names(CapMask mask) {
  std::vector<std::string> out;
  for (int i = 0; i < 64; ++i) {
    if ((mask & (CapMask{1} << i)) == 0) continue;
    char* text = cap_to_name(static_cast<cap_value_t>(i));
    out.emplace_back(text != nullptr ? text : std::to_string(i));
    cap_free(text);
  }
  return out;
}

Result<CapMask> container_capabilities(const manifest::SecurityContext* sc) {
  if (sc != nullptr && sc->privileged.value_or(false)) return all_capabilities();
  CapMask caps = 0;
  for (auto name : kDefaultCapabilities) {
    auto n = capability_number(name);
    if (!n) return std::unexpected(n.error());
    caps |= CapMask{1} << *n;
  }
  if (sc == nullptr || !sc->capabilities) return caps;
  for (const auto& d : sc->capabilities->drop) {
    if (upper(d) == "ALL") {
      caps = 0;
      continue;
    }
    auto n = capability_number(d);
    if (!n) return std::unexpected(n.error());
    caps &= ~(CapMask{1} << *n);
  }
  for (const auto& a : sc->capabilities->add) {
    if (upper(a) == "ALL") {
      caps = all_capabilities();
      continue;
    }
    auto n = capability_number(a);
    if (!n) return std::unexpected(n.error());
    caps |= CapMask{1} << *n;
  }
  return caps;
}

Result<EffectiveSecurity> effective_security(const manifest::Pod& pod,
                                             const manifest::Container& container) {
  EffectiveSecurity out;
  const manifest::SecurityContext* sc =
      container.securityContext ? &*container.securityContext : nullptr;
  if (sc != nullptr) {
    out.privileged = sc->privileged.value_or(false);
    out.read_only_rootfs = sc->readOnlyRootFilesystem.value_or(false);
    out.no_new_privs = !sc->allowPrivilegeEscalation.value_or(true);
    out.unmasked_proc = sc->procMount.value_or("Default") == "Unmasked";
  }
  (void)pod;
  auto caps = container_capabilities(sc);
  if (!caps) return std::unexpected(caps.error());
  // Nobody can hand out capabilities it does not hold.
  out.capabilities = *caps & own_permitted_capabilities();
  return out;
}

std::expected<ProcessIdentity, ConfigFailure> resolve_identity(const manifest::Pod& pod,
                                                               const manifest::Container& container,
                                                               const Image& image) {
  const manifest::PodSecurityContext* psc =
      pod.spec.securityContext ? &*pod.spec.securityContext : nullptr;
  const manifest::SecurityContext* sc =
      container.securityContext ? &*container.securityContext : nullptr;
  // Container fields override the pod's (DetermineEffectiveSecurityContext).
  int64_t run_as_user_v = -1;
  int64_t run_as_group_v = -1;
  int non_root_v = -1;
  if (psc != nullptr) {
    if (psc->runAsUser) run_as_user_v = *psc->runAsUser;
    if (psc->runAsGroup) run_as_group_v = *psc->runAsGroup;
    if (psc->runAsNonRoot) non_root_v = *psc->runAsNonRoot ? 1 : 0;
  }
  if (sc != nullptr) {
    if (sc->runAsUser) run_as_user_v = *sc->runAsUser;
    if (sc->runAsGroup) run_as_group_v = *sc->runAsGroup;
    if (sc->runAsNonRoot) non_root_v = *sc->runAsNonRoot ? 1 : 0;
  }
  const bool has_run_as_user = run_as_user_v >= 0;
  const bool has_run_as_group = run_as_group_v >= 0;

  // The image user: "uid[:gid]" or "name[:group]".
  std::string_view image_user = image.config.user;
  std::string_view user_part = image_user.substr(0, image_user.find(':'));
  std::string_view group_part;
  if (auto c = image_user.find(':'); c != std::string_view::npos)
    group_part = image_user.substr(c + 1);

  // kubelet's verifyRunAsNonRoot.
  if (non_root_v == 1) {
    if (has_run_as_user) {
      if (run_as_user_v == 0) {
        return std::unexpected(
            ConfigFailure{"CreateContainerConfigError",
                          "container's runAsUser breaks non-root policy (pod: " + pod_format(pod) +
                              ", container: " + container.name + ")"});
      }
    } else {
      auto uid = user_part.empty() ? std::optional<int64_t>(0) : parse_id(user_part);
      if (uid && *uid == 0) {
        return std::unexpected(ConfigFailure{
            "CreateContainerConfigError",
            "container has runAsNonRoot and image will run as root (pod: " + pod_format(pod) +
                ", container: " + container.name + ")"});
      }
      if (!uid) {
        return std::unexpected(ConfigFailure{
            "CreateContainerConfigError",
            "container has runAsNonRoot and image has non-numeric user (" + std::string(user_part) +
                "), cannot verify user is non-root (pod: " + pod_format(pod) +
                ", container: " + container.name + ")"});
      }
    }
  }

  std::string passwd_text = read_file((image.rootfs / "etc/passwd").string()).value_or("");
  std::string group_text = read_file((image.rootfs / "etc/group").string()).value_or("");
  auto passwd = db_lines(passwd_text);
  auto groups = db_lines(group_text);

  ProcessIdentity id;
  std::string user_name;
  bool have_gid = false;
  auto from_passwd = [&](auto match) {
    for (const auto& f : passwd) {
      if (f.size() < 4) continue;
      if (match(f)) {
        user_name = std::string(f[0]);
        if (auto g = parse_id(f[3])) {
          id.gid = static_cast<gid_t>(*g);
          have_gid = true;
        }
        return true;
      }
    }
    return false;
  };
  if (has_run_as_user) {
    id.uid = static_cast<uid_t>(run_as_user_v);
    std::string u = std::to_string(run_as_user_v);
    from_passwd([&](const auto& f) { return f[2] == u; });
  } else if (!user_part.empty()) {
    if (auto n = parse_id(user_part)) {
      id.uid = static_cast<uid_t>(*n);
      from_passwd([&](const auto& f) { return f[2] == user_part; });
    } else if (from_passwd([&](const auto& f) { return f[0] == user_part; })) {
      for (const auto& f : passwd) {
        if (f.size() >= 4 && f[0] == user_part)
          id.uid = static_cast<uid_t>(parse_id(f[2]).value_or(0));
      }
    } else {
      return std::unexpected(
          ConfigFailure{"CreateContainerError", "unable to find user " + std::string(user_part) +
                                                    ": no matching entries in passwd file"});
    }
  } else {
    from_passwd([](const auto& f) { return f[2] == "0"; });
  }
  if (!have_gid) id.gid = 0;
  if (!has_run_as_user && !group_part.empty()) {
    if (auto g = parse_id(group_part)) {
      id.gid = static_cast<gid_t>(*g);
    } else {
      bool found = false;
      for (const auto& f : groups) {
        if (f.size() >= 3 && f[0] == group_part) {
          id.gid = static_cast<gid_t>(parse_id(f[2]).value_or(0));
          found = true;
        }
      }
      if (!found) {
        return std::unexpected(ConfigFailure{"CreateContainerError",
                                             "unable to find group " + std::string(group_part) +
                                                 ": no matching entries in group file"});
      }
    }
  }
  if (has_run_as_group) id.gid = static_cast<gid_t>(run_as_group_v);

  // The primary group is among the supplementary ones too, as containerd and
  // CRI-O set them (`id` in a pod with runAsGroup 3000 and supplementalGroups
  // [4000] prints groups=3000,4000, under either policy).
  std::vector<gid_t> sup{id.gid};
  bool strict = psc && psc->supplementalGroupsPolicy.value_or("Merge") == "Strict";
  if (!strict && !user_name.empty()) {
    for (const auto& f : groups) {
      if (f.size() < 4) continue;
      for (auto member : split(f[3], ',')) {
        if (member == user_name) {
          if (auto g = parse_id(f[2])) sup.push_back(static_cast<gid_t>(*g));
        }
      }
    }
  }
  if (psc) {
    for (auto g : psc->supplementalGroups) sup.push_back(static_cast<gid_t>(g));
    if (psc->fsGroup) sup.push_back(static_cast<gid_t>(*psc->fsGroup));
  }
  std::sort(sup.begin(), sup.end());
  sup.erase(std::unique(sup.begin(), sup.end()), sup.end());
  id.supplemental_groups = std::move(sup);
  return id;
}

}  // namespace podcore::sandbox
