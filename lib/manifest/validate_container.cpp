// Container validation of a Pod, as the Kubernetes 1.34 API server does it with default feature
// gates: validateContainers, validateInitContainers and validateEphemeralContainers in
// pkg/apis/core/validation/validation.go, and everything they call (validateContainerCommon,
// validateContainerPorts, ValidateEnv, ValidateEnvFrom, ValidateContainerResourceRequirements,
// validateResizePolicy, ValidateSecurityContext, the probe and lifecycle validators).
//
// Errors are appended in upstream's order. Upstream iterates Go maps (resource lists) in random
// order; we use the sorted order of std::map, which is one of the orders upstream can produce.
//
// How bad values print: upstream's field.Error prints a Go `string` with %q and anything else
// through json.Marshal. Values of named string types (core.PullPolicy, core.ResourceName, ...),
// pointers and internal structs therefore print as JSON (json_str of validate_common.cpp,
// json_value below); the two forms differ only for control characters and '<', '>', '&'.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/utf8.hpp"
#include "manifest/names.hpp"
#include "manifest/quantity.hpp"
#include "manifest/resources.hpp"
#include "manifest/validate_internal.hpp"
#include "manifest/value.hpp"

namespace podcore::manifest::validation {
namespace {

constexpr std::string_view kIsNegative = "must be greater than or equal to 0";
constexpr std::string_view kNotForInit =
    "may not be set for init containers without restartPolicy=Always";
constexpr std::string_view kNotForEphemeral = "cannot be set for an Ephemeral Container";
constexpr std::string_view kOneHandler = "may not specify more than 1 handler type";

// ---- small helpers ----

/// A bad value printed as json.Marshal prints it.
BadValue json_value(const Value& v) {
  return BadValue::raw(to_json_compact(v));
}

Value opt_str(const std::optional<std::string>& s) {
  return s ? Value::string(*s) : Value::null();
}
Value opt_bool(const std::optional<bool>& b) {
  return b ? Value::boolean(*b) : Value::null();
}
Value opt_int(const std::optional<int64_t>& i) {
  return i ? Value::integer(*i) : Value::null();
}
// A Go slice: nil (our empty) marshals as null.
Value str_list(const std::vector<std::string>& v) {
  if (v.empty()) return Value::null();
  Value a = Value::array();
  for (const auto& s : v) a.push(Value::string(s));
  return a;
}

// The internal (core) profile structs have no json tags, so json.Marshal uses the Go names.
template <class Profile>
Value profile_json(const Profile& p) {
  Value o = Value::object();
  o.add("Type", Value::string(p.type));
  o.add("LocalhostProfile", opt_str(p.localhostProfile));
  return o;
}

// json.Marshal of an internal core.SecurityContext (Go field names, nil pointers as null).
Value security_context_json(const SecurityContext& sc) {
  Value o = Value::object();
  if (sc.capabilities) {
    Value c = Value::object();
    c.add("Add", str_list(sc.capabilities->add));
    c.add("Drop", str_list(sc.capabilities->drop));
    o.add("Capabilities", std::move(c));
  } else {
    o.add("Capabilities", Value::null());
  }
  o.add("Privileged", opt_bool(sc.privileged));
  if (sc.seLinuxOptions) {
    Value s = Value::object();
    s.add("User", Value::string(sc.seLinuxOptions->user));
    s.add("Role", Value::string(sc.seLinuxOptions->role));
    s.add("Type", Value::string(sc.seLinuxOptions->type));
    s.add("Level", Value::string(sc.seLinuxOptions->level));
    o.add("SELinuxOptions", std::move(s));
  } else {
    o.add("SELinuxOptions", Value::null());
  }
  if (sc.windowsOptions) {
    const auto& w = *sc.windowsOptions;
    Value s = Value::object();
    s.add("GMSACredentialSpecName", opt_str(w.gmsaCredentialSpecName));
    s.add("GMSACredentialSpec", opt_str(w.gmsaCredentialSpec));
    s.add("RunAsUserName", opt_str(w.runAsUserName));
    s.add("HostProcess", opt_bool(w.hostProcess));
    o.add("WindowsOptions", std::move(s));
  } else {
    o.add("WindowsOptions", Value::null());
  }
  o.add("RunAsUser", opt_int(sc.runAsUser));
  o.add("RunAsGroup", opt_int(sc.runAsGroup));
  o.add("RunAsNonRoot", opt_bool(sc.runAsNonRoot));
  o.add("ReadOnlyRootFilesystem", opt_bool(sc.readOnlyRootFilesystem));
  o.add("AllowPrivilegeEscalation", opt_bool(sc.allowPrivilegeEscalation));
  o.add("ProcMount", opt_str(sc.procMount));
  o.add("SeccompProfile", sc.seccompProfile ? profile_json(*sc.seccompProfile) : Value::null());
  o.add("AppArmorProfile", sc.appArmorProfile ? profile_json(*sc.appArmorProfile) : Value::null());
  return o;
}

// unicode.IsSpace for one code point.
bool is_unicode_space(uint32_t cp) {
  switch (cp) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000: return true;
    default: return cp >= 0x2000 && cp <= 0x200A;
  }
}

uint32_t decode_rune(std::string_view s, size_t i, size_t* width) {
  return static_cast<uint32_t>(podcore::utf8_decode(s, i, width));
}

// utf8.DecodeLastRuneInString: the last rune of a non-empty s and its width.
uint32_t decode_last_rune(std::string_view s, size_t* width) {
  size_t start = s.size() - 1;
  while (start > 0 && s.size() - start < 4 && (static_cast<unsigned char>(s[start]) >> 6) == 2)
    --start;
  uint32_t cp = decode_rune(s, start, width);
  if (start + *width != s.size()) {
    *width = 1;
    return 0xFFFD;
  }
  return cp;
}

// strings.TrimSpace (Unicode white space at both ends).
std::string_view trim_space(std::string_view s) {
  size_t w = 0;
  while (!s.empty() && is_unicode_space(decode_rune(s, 0, &w))) s.remove_prefix(w);
  while (!s.empty() && is_unicode_space(decode_last_rune(s, &w))) s.remove_suffix(w);
  return s;
}

// len(strings.TrimSpace(s)) != len(s).
bool has_outer_space(std::string_view s) {
  return trim_space(s).size() != s.size();
}

// apimachinery NameIsDNSSubdomain(name, prefix): with prefix, maskTrailingDash replaces the
// last *two* characters by "a" when the name ends in '-' (an upstream quirk kept as is).
std::vector<std::string> name_is_dns_subdomain(std::string_view name, bool prefix) {
  if (prefix && name.size() > 1 && name.back() == '-') {
    std::string masked(name.substr(0, name.size() - 2));
    masked += 'a';
    return names::is_dns1123_subdomain(masked);
  }
  return names::is_dns1123_subdomain(name);
}

// ---- shared state of one pod spec ----

struct Ctx {
  const VolumeMap& volumes;
  std::vector<std::string_view> claim_names;  // pod_claim_names(spec)
  const int64_t* grace;                       // spec.terminationGracePeriodSeconds or nullptr
  const PodOS* os;                            // spec.os or nullptr
  std::string_view pod_restart_policy;
  bool host_users;  // spec.hostUsers, true when unset
};

// ---- ports (validateContainerPorts, AccumulateUniqueHostPorts) ----

constexpr std::array<std::string_view, 3> kProtocols = {"SCTP", "TCP", "UDP"};

void validate_ports(const std::vector<ContainerPort>& ports, const Path& path, FieldErrors& errs) {
  std::vector<std::string_view> seen;
  for (size_t i = 0; i < ports.size(); ++i) {
    const ContainerPort& p = ports[i];
    Path ip = path.index(i);
    if (!p.name.empty()) {
      auto msgs = names::is_valid_port_name(p.name);
      if (!msgs.empty()) {
        add_invalid(errs, ip.child("name"), p.name, msgs);
      } else if (contains(seen, p.name)) {
        errs.push_back(duplicate(ip.child("name"), p.name));
      } else {
        seen.push_back(p.name);
      }
    }
    if (p.containerPort == 0) {
      errs.push_back(required(ip.child("containerPort")));
    } else {
      for (auto& m : names::is_valid_port_num(p.containerPort))
        errs.push_back(invalid(ip.child("containerPort"), p.containerPort, std::move(m)));
    }
    if (p.hostPort != 0) {
      for (auto& m : names::is_valid_port_num(p.hostPort))
        errs.push_back(invalid(ip.child("hostPort"), p.hostPort, std::move(m)));
    }
    if (p.protocol.empty()) {
      errs.push_back(required(ip.child("protocol")));
    } else if (!contains(kProtocols, p.protocol)) {
      errs.push_back(not_supported(ip.child("protocol"), json_str(p.protocol),
                                   {kProtocols.begin(), kProtocols.end()}));
    }
  }
}

// AccumulateUniqueHostPorts for one container at `container_path`; keys are "PROTO/hostIP/port".
void accumulate_host_ports(const Container& c, const Path& container_path,
                           std::vector<std::string>& acc, FieldErrors& errs) {
  for (size_t i = 0; i < c.ports.size(); ++i) {
    const ContainerPort& p = c.ports[i];
    if (p.hostPort == 0) continue;
    std::string key = p.protocol + "/" + p.hostIP + "/" + std::to_string(p.hostPort);
    if (contains(acc, key)) {
      Path port = container_path.child_index("ports", i);
      errs.push_back(duplicate(port.child("hostPort"), key));
    } else {
      acc.push_back(std::move(key));
    }
  }
}

// ---- env (ValidateEnv, validateEnvVarValueFrom, ValidateEnvFrom) ----

// validateConfigMapKeySelector / validateSecretKeySelector (identical upstream). An empty name
// is not "Required": it fails the subdomain grammar like any other bad name.
template <class Selector>
void validate_key_selector(const Selector& s, const Path& path, FieldErrors& errs) {
  add_invalid(errs, path.child("name"), s.name, name_is_dns_subdomain(s.name, false));
  if (s.key.empty()) {
    errs.push_back(required(path.child("key")));
  } else {
    add_invalid(errs, path.child("key"), s.key, names::is_config_map_key(s.key));
  }
}

void validate_env_value_from(const EnvVar& ev, const Path& path, FieldErrors& errs) {
  if (!ev.valueFrom) return;
  const EnvVarSource& vf = *ev.valueFrom;
  int sources = 0;
  if (vf.fieldRef) {
    ++sources;
    validate_object_field_selector(*vf.fieldRef, kEnvFieldPaths, path.child("fieldRef"), errs);
  }
  if (vf.resourceFieldRef) {
    ++sources;
    validate_resource_field_selector(*vf.resourceFieldRef, false, path.child("resourceFieldRef"),
                                     errs);
  }
  if (vf.configMapKeyRef) {
    ++sources;
    validate_key_selector(*vf.configMapKeyRef, path.child("configMapKeyRef"), errs);
  }
  if (vf.secretKeyRef) {
    ++sources;
    validate_key_selector(*vf.secretKeyRef, path.child("secretKeyRef"), errs);
  }
  // fileKeyRef belongs to the EnvFiles gate (alpha, off in 1.34): PrepareForCreate drops it
  // before validation, so it counts as absent here.
  if (sources == 0) {
    errs.push_back(invalid(path, "",
                           "must specify one of: `fieldRef`, `resourceFieldRef`, "
                           "`configMapKeyRef` or `secretKeyRef`"));
  } else if (!ev.value.empty()) {
    errs.push_back(invalid(path, "", "may not be specified when `value` is not empty"));
  } else if (sources > 1) {
    errs.push_back(invalid(path, "", "may not have more than one field specified at a time"));
  }
}

void validate_env(const std::vector<EnvVar>& env, const Path& path, FieldErrors& errs) {
  for (size_t i = 0; i < env.size(); ++i) {
    const EnvVar& ev = env[i];
    Path ip = path.index(i);
    if (ev.name.empty()) {
      errs.push_back(required(ip.child("name")));
    } else {
      add_invalid(errs, ip.child("name"), ev.name, names::is_env_var_name(ev.name));
    }
    validate_env_value_from(ev, ip.child("valueFrom"), errs);
  }
}

void validate_env_from(const std::vector<EnvFromSource>& list, const Path& path,
                       FieldErrors& errs) {
  for (size_t i = 0; i < list.size(); ++i) {
    const EnvFromSource& ef = list[i];
    Path ip = path.index(i);
    if (!ef.prefix.empty())
      add_invalid(errs, ip.child("prefix"), ef.prefix, names::is_env_var_name(ef.prefix));
    int sources = 0;
    auto check_ref = [&](const std::string& name, std::string_view field) {
      ++sources;
      Path ref = ip.child(field);
      Path np = ref.child("name");
      if (name.empty()) {
        errs.push_back(required(np));
      } else {
        add_invalid(errs, np, name, name_is_dns_subdomain(name, true));
      }
    };
    if (ef.configMapRef) check_ref(ef.configMapRef->name, "configMapRef");
    if (ef.secretRef) check_ref(ef.secretRef->name, "secretRef");
    // Quirk: these two are reported at "…envFrom" itself, without the index.
    if (sources == 0) {
      errs.push_back(invalid(path, "", "must specify one of: `configMapRef` or `secretRef`"));
    } else if (sources > 1) {
      errs.push_back(invalid(path, "", "may not have more than one field specified at a time"));
    }
  }
}

// ---- resources (validate_resource_requirements with validate_container_resource_name) ----

bool is_standard_container_resource(std::string_view n) {
  return n == "cpu" || n == "memory" || n == "ephemeral-storage" || is_huge_page_resource(n);
}

// ---- resizePolicy ----

void validate_resize_policy(const std::vector<ContainerResizePolicy>& list, const Ctx& ctx,
                            const Path& path, FieldErrors& errs) {
  std::vector<std::string_view> seen;
  for (size_t i = 0; i < list.size(); ++i) {
    const ContainerResizePolicy& p = list[i];
    if (contains(seen, p.resourceName)) {
      errs.push_back(duplicate(path.index(i), json_str(p.resourceName)));
    }
    seen.push_back(p.resourceName);
    // Quirk: the remaining errors are reported at "…resizePolicy", without the index.
    if (p.resourceName.empty()) {
      errs.push_back(required(path));
    } else if (p.resourceName != "cpu" && p.resourceName != "memory") {
      errs.push_back(not_supported(path, json_str(p.resourceName), {"cpu", "memory"}));
    }
    if (p.restartPolicy.empty()) {
      errs.push_back(required(path));
    } else if (p.restartPolicy != "NotRequired" && p.restartPolicy != "RestartContainer") {
      errs.push_back(
          not_supported(path, json_str(p.restartPolicy), {"NotRequired", "RestartContainer"}));
    }
    if (ctx.pod_restart_policy == "Never" && p.restartPolicy != "NotRequired") {
      errs.push_back(invalid(path, json_str(p.restartPolicy),
                             "must be 'NotRequired' when `restartPolicy` is 'Never'"));
    }
  }
}

// ---- securityContext ----

void validate_seccomp_profile(const std::optional<SeccompProfile>& sp, const Path& path,
                              FieldErrors& errs) {
  if (!sp) return;
  Path tp = path.child("type");
  if (sp->type.empty()) {
    errs.push_back(required(tp, "type is required when seccompProfile is set"));
  } else if (sp->type != "Localhost" && sp->type != "RuntimeDefault" && sp->type != "Unconfined") {
    errs.push_back(
        not_supported(tp, json_str(sp->type), {"Localhost", "RuntimeDefault", "Unconfined"}));
  }
  Path lp = path.child("localhostProfile");
  if (sp->type == "Localhost") {
    if (!sp->localhostProfile) {
      errs.push_back(required(lp, "must be set when seccomp type is Localhost"));
    } else {
      validate_local_descending_path(*sp->localhostProfile, lp, errs);
    }
  } else if (sp->localhostProfile) {
    // The value is the whole (internal) profile struct.
    errs.push_back(invalid(lp, json_value(profile_json(*sp)),
                           "can only be set when seccomp type is Localhost"));
  }
}

void validate_apparmor_profile(const std::optional<AppArmorProfile>& p, const Path& path,
                               FieldErrors& errs) {
  if (!p) return;
  Path lp = path.child("localhostProfile");
  if (p->type == "Localhost") {
    if (!p->localhostProfile) {
      errs.push_back(required(lp, "must be set when AppArmor type is Localhost"));
    } else {
      const std::string& prof = *p->localhostProfile;
      std::string_view trimmed = trim_space(prof);
      if (trimmed.size() != prof.size()) {
        errs.push_back(invalid(lp, prof, "must not be padded with whitespace"));
      } else if (trimmed.empty()) {
        errs.push_back(required(lp, "must be set when AppArmor type is Localhost"));
      }
      constexpr size_t kMaxLocalhostProfile = 4095;  // PATH_MAX - 1
      if (prof.size() > kMaxLocalhostProfile) errs.push_back(too_long(lp, kMaxLocalhostProfile));
    }
  } else if (p->type == "RuntimeDefault" || p->type == "Unconfined") {
    if (p->localhostProfile)
      errs.push_back(invalid(lp, json_str(*p->localhostProfile),
                             "can only be set when AppArmor type is Localhost"));
  } else if (p->type.empty()) {
    errs.push_back(required(path.child("type"), "type is required when appArmorProfile is set"));
  } else {
    errs.push_back(not_supported(path.child("type"), json_str(p->type),
                                 {"Localhost", "RuntimeDefault", "Unconfined"}));
  }
}

// `^[^\\/:\*\?"<>|\.][^\\/:\*\?"<>|]{0,14}$` (runes).
bool is_netbios_domain(std::string_view d) {
  constexpr std::string_view kBad = "\\/:*?\"<>|";
  size_t runes = 0;
  for (size_t i = 0, w = 0; i < d.size(); i += w, ++runes) {
    uint32_t cp = decode_rune(d, i, &w);
    if (cp < 0x80 && kBad.find(static_cast<char>(cp)) != std::string_view::npos) return false;
    if (runes == 0 && cp == '.') return false;
  }
  return runes >= 1 && runes <= 15;
}

void validate_windows_options(const std::optional<WindowsSecurityContextOptions>& w,
                              const Path& path, FieldErrors& errs) {
  if (!w) return;
  if (w->gmsaCredentialSpecName) {
    const std::string& n = *w->gmsaCredentialSpecName;
    for (auto& m : names::is_dns1123_subdomain(n))
      errs.push_back(invalid(path.child("gmsaCredentialSpecName"), json_str(n), std::move(m)));
  }
  if (w->gmsaCredentialSpec) {
    const std::string& s = *w->gmsaCredentialSpec;
    Path p = path.child("gmsaCredentialSpec");
    if (s.empty()) {
      errs.push_back(invalid(p, json_str(s), "gmsaCredentialSpec cannot be an empty string"));
    } else if (s.size() > 64 * 1024) {
      errs.push_back(invalid(p, json_str(s), "gmsaCredentialSpec size must be under 64 KiB"));
    }
  }
  if (!w->runAsUserName) return;
  const std::string& u = *w->runAsUserName;
  Path p = path.child("runAsUserName");
  BadValue v = json_str(u);
  auto has_ctrl = [&u] {
    return std::any_of(u.begin(), u.end(), [](char ch) {
      auto c = static_cast<unsigned char>(ch);
      return c < 0x20 || c == 0x7f;
    });
  };
  if (u.empty()) {
    errs.push_back(invalid(p, v, "runAsUserName cannot be an empty string"));
    return;
  }
  if (has_ctrl()) {
    errs.push_back(invalid(p, v, "runAsUserName cannot contain control characters"));
    return;
  }
  size_t bs = u.find('\\');
  if (bs != std::string::npos && u.find('\\', bs + 1) != std::string::npos) {
    errs.push_back(invalid(p, v, "runAsUserName cannot contain more than one backslash"));
    return;
  }
  bool has_domain = bs != std::string::npos;
  std::string_view domain = has_domain ? std::string_view(u).substr(0, bs) : std::string_view();
  std::string_view user = has_domain ? std::string_view(u).substr(bs + 1) : std::string_view(u);
  if (domain.size() >= 256)
    errs.push_back(invalid(p, v, "runAsUserName's Domain length must be under 256 characters"));
  if (has_domain && !(is_netbios_domain(domain) || is_windows_dns_domain(domain)))
    errs.push_back(
        invalid(p, v, "runAsUserName's Domain doesn't match the NetBios nor the DNS format"));
  if (user.empty()) {
    errs.push_back(invalid(p, v, "runAsUserName's User cannot be empty"));
  } else if (user.size() > 104) {
    errs.push_back(
        invalid(p, v, "runAsUserName's User length must not be longer than 104 characters"));
  }
  if (!user.empty() && user.find_first_not_of(". ") == std::string_view::npos)
    errs.push_back(invalid(p, v, "runAsUserName's User cannot contain only periods or spaces"));
  if (user.find_first_of("\"/\\:;|=,+*?<>@[]") != std::string_view::npos)
    errs.push_back(invalid(
        p, v, "runAsUserName's User cannot contain the following characters: \"/\\:;|=,+*?<>@[]"));
}

void validate_security_context(const std::optional<SecurityContext>& sc_opt, const Ctx& ctx,
                               const Path& path, FieldErrors& errs) {
  if (!sc_opt) return;
  const SecurityContext& sc = *sc_opt;
  // privileged: libpod-core allows privileged containers (as kubeadm/kind/minikube clusters
  // do), so "disallowed by cluster policy" never fires.
  constexpr std::string_view kIdRange = "must be between 0 and 2147483647, inclusive";
  if (sc.runAsUser && (*sc.runAsUser < 0 || *sc.runAsUser > 2147483647))
    errs.push_back(invalid(path.child("runAsUser"), *sc.runAsUser, std::string(kIdRange)));
  if (sc.runAsGroup && (*sc.runAsGroup < 0 || *sc.runAsGroup > 2147483647))
    errs.push_back(invalid(path.child("runAsGroup"), *sc.runAsGroup, std::string(kIdRange)));
  if (sc.procMount) {
    Path pp = path.child("procMount");
    if (*sc.procMount != "Default" && *sc.procMount != "Unmasked")
      errs.push_back(not_supported(pp, json_str(*sc.procMount), {"Default", "Unmasked"}));
    if (ctx.host_users && *sc.procMount == "Unmasked")
      errs.push_back(
          invalid(pp, json_str(*sc.procMount), "`hostUsers` must be false to use `Unmasked`"));
  }
  validate_seccomp_profile(sc.seccompProfile, path.child("seccompProfile"), errs);
  if (sc.allowPrivilegeEscalation && !*sc.allowPrivilegeEscalation) {
    // Reported at "…securityContext" with the whole context as value.
    if (sc.privileged && *sc.privileged)
      errs.push_back(invalid(path, json_value(security_context_json(sc)),
                             "cannot set `allowPrivilegeEscalation` to false and `privileged` to "
                             "true"));
    if (sc.capabilities) {
      for (const auto& cap : sc.capabilities->add) {
        if (cap == "CAP_SYS_ADMIN")
          errs.push_back(invalid(path, json_value(security_context_json(sc)),
                                 "cannot set `allowPrivilegeEscalation` to false and "
                                 "`capabilities.Add` CAP_SYS_ADMIN"));
      }
    }
  }
  validate_windows_options(sc.windowsOptions, path.child("windowsOptions"), errs);
  validate_apparmor_profile(sc.appArmorProfile, path.child("appArmorProfile"), errs);
}

// ---- probes and lifecycle handlers ----

struct Handler {
  const ExecAction* exec = nullptr;
  const HTTPGetAction* http_get = nullptr;
  const TCPSocketAction* tcp_socket = nullptr;
  const GRPCAction* grpc = nullptr;
  const SleepAction* sleep = nullptr;
};

template <class T>
const T* ptr(const std::optional<T>& o) {
  return o ? &*o : nullptr;
}

void validate_port_num_or_name(const IntOrString& port, const Path& path, FieldErrors& errs) {
  if (port.is_string()) {
    add_invalid(errs, path, port.str_val, names::is_valid_port_name(port.str_val));
  } else {
    for (auto& m : names::is_valid_port_num(port.int_val))
      errs.push_back(invalid(path, port.int_val, std::move(m)));
  }
}

void validate_http_get(const HTTPGetAction& h, const Path& path, FieldErrors& errs) {
  if (h.path.empty()) errs.push_back(required(path.child("path")));
  validate_port_num_or_name(h.port, path.child("port"), errs);
  if (h.scheme != "HTTP" && h.scheme != "HTTPS")
    errs.push_back(not_supported(path.child("scheme"), json_str(h.scheme), {"HTTP", "HTTPS"}));
  // Quirk: header errors are reported at "…httpHeaders", without the index.
  for (const auto& header : h.httpHeaders)
    add_invalid(errs, path.child("httpHeaders"), header.name,
                names::is_http_header_name(header.name));
}

void validate_sleep(const SleepAction& s, const Ctx& ctx, const Path& path, FieldErrors& errs) {
  // PodLifecycleSleepActionAllowZero is GA in 1.34: zero is allowed. No check without a grace
  // period (that one is reported elsewhere).
  if (ctx.grace && (s.seconds < 0 || s.seconds > *ctx.grace))
    errs.push_back(invalid(path, s.seconds,
                           "must be non-negative and less than terminationGracePeriodSeconds (" +
                               std::to_string(*ctx.grace) + ")"));
}

void validate_handler(const Handler& h, const Ctx& ctx, const Path& path, FieldErrors& errs) {
  // The first handler set counts; each later one gets its own Forbidden at its own path.
  int n = 0;
  auto first = [&](const Path& p) {
    if (n++ == 0) return true;
    errs.push_back(forbidden(p, std::string(kOneHandler)));
    return false;
  };
  if (h.exec) {
    Path p = path.child("exec");
    if (first(p) && h.exec->command.empty()) errs.push_back(required(p.child("command")));
  }
  if (h.http_get) {
    Path p = path.child("httpGet");
    if (first(p)) validate_http_get(*h.http_get, p, errs);
  }
  if (h.tcp_socket) {
    Path p = path.child("tcpSocket");
    if (first(p)) validate_port_num_or_name(h.tcp_socket->port, p.child("port"), errs);
  }
  if (h.grpc) {
    Path p = path.child("grpc");
    if (first(p))
      validate_port_num_or_name(IntOrString::from_int(h.grpc->port), p.child("port"), errs);
  }
  if (h.sleep) {
    Path p = path.child("sleep");
    if (first(p)) validate_sleep(*h.sleep, ctx, p, errs);
  }
  if (n == 0) errs.push_back(required(path, "must specify a handler type"));
}

void nonnegative(int64_t v, const Path& path, FieldErrors& errs) {
  if (v < 0) errs.push_back(invalid(path, v, std::string(kIsNegative)));
}

void validate_probe(const Probe& p, const Ctx& ctx, const Path& path, FieldErrors& errs) {
  validate_handler({ptr(p.exec), ptr(p.httpGet), ptr(p.tcpSocket), ptr(p.grpc), nullptr}, ctx, path,
                   errs);
  nonnegative(p.initialDelaySeconds, path.child("initialDelaySeconds"), errs);
  nonnegative(p.timeoutSeconds, path.child("timeoutSeconds"), errs);
  nonnegative(p.periodSeconds, path.child("periodSeconds"), errs);
  nonnegative(p.successThreshold, path.child("successThreshold"), errs);
  nonnegative(p.failureThreshold, path.child("failureThreshold"), errs);
  if (p.terminationGracePeriodSeconds && *p.terminationGracePeriodSeconds <= 0)
    errs.push_back(invalid(path.child("terminationGracePeriodSeconds"),
                           *p.terminationGracePeriodSeconds, "must be greater than 0"));
}

// validateLivenessProbe and validateStartupProbe.
void validate_probe_success_one(const std::optional<Probe>& p, const Ctx& ctx, const Path& path,
                                FieldErrors& errs) {
  if (!p) return;
  validate_probe(*p, ctx, path, errs);
  if (p->successThreshold != 1)
    errs.push_back(invalid(path.child("successThreshold"), p->successThreshold, "must be 1"));
}

void validate_readiness_probe(const std::optional<Probe>& p, const Ctx& ctx, const Path& path,
                              FieldErrors& errs) {
  if (!p) return;
  validate_probe(*p, ctx, path, errs);
  if (p->terminationGracePeriodSeconds)
    errs.push_back(invalid(path.child("terminationGracePeriodSeconds"),
                           *p->terminationGracePeriodSeconds,
                           "must not be set for readinessProbes"));
}

// supportedStopSignalsLinux, sorted as sets.List prints it.
constexpr std::array<std::string_view, 65> kLinuxStopSignals = {
    "SIGABRT",     "SIGALRM",     "SIGBUS",      "SIGCHLD",     "SIGCLD",      "SIGCONT",
    "SIGFPE",      "SIGHUP",      "SIGILL",      "SIGINT",      "SIGIO",       "SIGIOT",
    "SIGKILL",     "SIGPIPE",     "SIGPOLL",     "SIGPROF",     "SIGPWR",      "SIGQUIT",
    "SIGRTMAX",    "SIGRTMAX-1",  "SIGRTMAX-10", "SIGRTMAX-11", "SIGRTMAX-12", "SIGRTMAX-13",
    "SIGRTMAX-14", "SIGRTMAX-2",  "SIGRTMAX-3",  "SIGRTMAX-4",  "SIGRTMAX-5",  "SIGRTMAX-6",
    "SIGRTMAX-7",  "SIGRTMAX-8",  "SIGRTMAX-9",  "SIGRTMIN",    "SIGRTMIN+1",  "SIGRTMIN+10",
    "SIGRTMIN+11", "SIGRTMIN+12", "SIGRTMIN+13", "SIGRTMIN+14", "SIGRTMIN+15", "SIGRTMIN+2",
    "SIGRTMIN+3",  "SIGRTMIN+4",  "SIGRTMIN+5",  "SIGRTMIN+6",  "SIGRTMIN+7",  "SIGRTMIN+8",
    "SIGRTMIN+9",  "SIGSEGV",     "SIGSTKFLT",   "SIGSTOP",     "SIGSYS",      "SIGTERM",
    "SIGTRAP",     "SIGTSTP",     "SIGTTIN",     "SIGTTOU",     "SIGURG",      "SIGUSR1",
    "SIGUSR2",     "SIGVTALRM",   "SIGWINCH",    "SIGXCPU",     "SIGXFSZ"};

// validateStopSignal: the signal is cross-checked against spec.os.name, which must be set.
void validate_stop_signal(const std::string& sig, const Ctx& ctx, const Path& path,
                          FieldErrors& errs) {
  if (!ctx.os) {
    errs.push_back(forbidden(path, "may not be set for containers with empty `spec.os.name`"));
  } else if (ctx.os->name == "windows") {
    if (sig.empty()) {
      errs.push_back(required(path));
    } else if (sig != "SIGKILL" && sig != "SIGTERM") {
      errs.push_back(not_supported(path, json_str(sig), {"SIGKILL", "SIGTERM"}));
    }
  } else if (ctx.os->name == "linux") {
    if (sig.empty()) {
      errs.push_back(required(path));
    } else if (!contains(kLinuxStopSignals, sig)) {
      errs.push_back(
          not_supported(path, json_str(sig), {kLinuxStopSignals.begin(), kLinuxStopSignals.end()}));
    }
  }
  // Any other os.name is reported by validateOS; no error here.
}

void validate_lifecycle(const Lifecycle& lc, const Ctx& ctx, const Path& path, FieldErrors& errs) {
  if (lc.postStart) {
    const LifecycleHandler& h = *lc.postStart;
    validate_handler({ptr(h.exec), ptr(h.httpGet), ptr(h.tcpSocket), nullptr, ptr(h.sleep)}, ctx,
                     path.child("postStart"), errs);
  }
  if (lc.preStop) {
    const LifecycleHandler& h = *lc.preStop;
    validate_handler({ptr(h.exec), ptr(h.httpGet), ptr(h.tcpSocket), nullptr, ptr(h.sleep)}, ctx,
                     path.child("preStop"), errs);
  }
  if (lc.stopSignal) validate_stop_signal(*lc.stopSignal, ctx, path.child("stopSignal"), errs);
}

// ---- one container ----

void validate_container_common(const Container& c, const Ctx& ctx, const Path& path,
                               FieldErrors& errs) {
  Path name_path = path.child("name");
  if (c.name.empty()) {
    errs.push_back(required(name_path));
  } else {
    add_invalid(errs, name_path, c.name, names::is_dns1123_label(c.name));
  }
  // Required here for pods and templates alike; the whitespace check is pod-only
  // (validate_containers_only_for_pod).
  if (c.image.empty()) errs.push_back(required(path.child("image")));

  const std::string& tmp = c.terminationMessagePolicy;
  if (tmp.empty()) {
    errs.push_back(required(path.child("terminationMessagePolicy")));
  } else if (tmp != "File" && tmp != "FallbackToLogsOnError") {
    errs.push_back(not_supported(path.child("terminationMessagePolicy"), json_str(tmp),
                                 {"File", "FallbackToLogsOnError"}));
  }

  if (!c.ports.empty()) validate_ports(c.ports, path.child("ports"), errs);
  if (!c.env.empty()) validate_env(c.env, path.child("env"), errs);
  if (!c.envFrom.empty()) validate_env_from(c.envFrom, path.child("envFrom"), errs);
  // Both are no-ops on empty lists.
  if (!c.volumeMounts.empty())
    validate_volume_mounts(c, ctx.volumes, path.child("volumeMounts"), errs);
  if (!c.volumeDevices.empty())
    validate_volume_devices(c, ctx.volumes, path.child("volumeDevices"), errs);

  validate_pull_policy(c.imagePullPolicy, path.child("imagePullPolicy"), errs);

  const ResourceRequirements& r = c.resources;
  if (!r.limits.empty() || !r.requests.empty() || !r.claims.empty())
    validate_resource_requirements(r, validate_container_resource_name, ctx.claim_names,
                                   path.child("resources"), errs);
  if (!c.resizePolicy.empty())
    validate_resize_policy(c.resizePolicy, ctx, path.child("resizePolicy"), errs);
  if (c.securityContext)
    validate_security_context(c.securityContext, ctx, path.child("securityContext"), errs);
}

void validate_image_whitespace(const Container& c, const Path& path, FieldErrors& errs) {
  if (has_outer_space(c.image))
    errs.push_back(
        invalid(path.child("image"), c.image, "must not have leading or trailing whitespace"));
}

// validateContainers
void validate_regular_containers(const std::vector<Container>& containers, const Ctx& ctx,
                                 const Path& path, FieldErrors& errs) {
  if (containers.empty()) {
    errs.push_back(required(path));
    return;
  }
  std::vector<std::string_view> seen;
  for (size_t i = 0; i < containers.size(); ++i) {
    const Container& c = containers[i];
    Path cp = path.index(i);
    validate_container_common(c, ctx, cp, errs);
    // Unique among regular containers; init and ephemeral collisions are reported there.
    if (contains(seen, c.name)) {
      errs.push_back(duplicate(cp.child("name"), c.name));
    } else {
      seen.push_back(c.name);
    }
    if (c.lifecycle) validate_lifecycle(*c.lifecycle, ctx, cp.child("lifecycle"), errs);
    validate_probe_success_one(c.livenessProbe, ctx, cp.child("livenessProbe"), errs);
    validate_readiness_probe(c.readinessProbe, ctx, cp.child("readinessProbe"), errs);
    validate_probe_success_one(c.startupProbe, ctx, cp.child("startupProbe"), errs);
    // ContainerRestartRules is alpha (off) in 1.34: a regular container may not have one.
    if (c.restartPolicy)
      errs.push_back(
          forbidden(cp.child("restartPolicy"), "may not be set for non-init containers"));
  }
  // Host ports are unique across all regular containers, checked after the per-container loop.
  std::vector<std::string> host_ports;
  for (size_t i = 0; i < containers.size(); ++i)
    accumulate_host_ports(containers[i], path.index(i), host_ports, errs);
}

// validateInitContainers
void validate_init_containers(const std::vector<Container>& inits,
                              const std::vector<Container>& regular, const Ctx& ctx,
                              const Path& path, FieldErrors& errs) {
  std::vector<std::string_view> seen;
  for (const auto& c : regular) seen.push_back(c.name);
  for (size_t i = 0; i < inits.size(); ++i) {
    const Container& c = inits[i];
    Path cp = path.index(i);
    validate_container_common(c, ctx, cp, errs);
    bool restart_always = false;
    if (c.restartPolicy) {
      if (*c.restartPolicy != "Always")
        errs.push_back(
            not_supported(cp.child("restartPolicy"), json_str(*c.restartPolicy), {"Always"}));
      restart_always = *c.restartPolicy == "Always";
    }
    if (contains(seen, c.name)) {
      errs.push_back(duplicate(cp.child("name"), c.name));
    } else if (!c.name.empty()) {
      seen.push_back(c.name);
    }
    // Quirk: each init container is checked on its own as a one-element list, so a clash is
    // always reported at index [0] whatever the init container's real index.
    std::vector<std::string> host_ports;
    accumulate_host_ports(c, path.index(0), host_ports, errs);
    if (restart_always) {
      if (c.lifecycle) validate_lifecycle(*c.lifecycle, ctx, cp.child("lifecycle"), errs);
      validate_probe_success_one(c.livenessProbe, ctx, cp.child("livenessProbe"), errs);
      validate_readiness_probe(c.readinessProbe, ctx, cp.child("readinessProbe"), errs);
      validate_probe_success_one(c.startupProbe, ctx, cp.child("startupProbe"), errs);
    } else {
      if (c.lifecycle) errs.push_back(forbidden(cp.child("lifecycle"), std::string(kNotForInit)));
      if (c.livenessProbe)
        errs.push_back(forbidden(cp.child("livenessProbe"), std::string(kNotForInit)));
      if (c.readinessProbe)
        errs.push_back(forbidden(cp.child("readinessProbe"), std::string(kNotForInit)));
      if (c.startupProbe)
        errs.push_back(forbidden(cp.child("startupProbe"), std::string(kNotForInit)));
    }
    // resizePolicy on init containers: allowed (AllowSidecarResizePolicy follows
    // InPlacePodVerticalScaling, beta and on in 1.34).
  }
}

// validateEphemeralContainers. (On create, ValidatePodCreate also forbids the whole list; that
// check lives with the pod-level validation.)
void validate_ephemeral_containers(const PodSpec& spec, const Ctx& ctx, const Path& path,
                                   FieldErrors& errs) {
  if (spec.ephemeralContainers.empty()) return;
  std::vector<std::string_view> others;
  for (const auto& c : spec.containers) others.push_back(c.name);
  for (const auto& c : spec.initContainers) others.push_back(c.name);
  std::vector<std::string_view> all = others;
  for (size_t i = 0; i < spec.ephemeralContainers.size(); ++i) {
    const EphemeralContainer& ec = spec.ephemeralContainers[i];
    Path cp = path.index(i);
    Container c = to_container(ec);
    validate_container_common(c, ctx, cp, errs);
    validate_image_whitespace(c, cp, errs);
    if (contains(all, ec.name)) {
      errs.push_back(duplicate(cp.child("name"), ec.name));
    } else {
      all.push_back(ec.name);
    }
    if (!ec.targetContainerName.empty() && !contains(others, ec.targetContainerName))
      errs.push_back(not_found(cp.child("targetContainerName"), ec.targetContainerName));
    // validateFieldAllowList, in the struct's field order. (restartPolicyRules is dropped
    // before validation while ContainerRestartRules is off.)
    auto deny = [&](bool set, std::string_view field) {
      if (set) errs.push_back(forbidden(cp.child(field), std::string(kNotForEphemeral)));
    };
    const ResourceRequirements& r = ec.resources;
    deny(!ec.ports.empty(), "ports");
    deny(!r.limits.empty() || !r.requests.empty() || !r.claims.empty(), "resources");
    deny(!ec.resizePolicy.empty(), "resizePolicy");
    deny(ec.restartPolicy.has_value(), "restartPolicy");
    deny(ec.livenessProbe.has_value(), "livenessProbe");
    deny(ec.readinessProbe.has_value(), "readinessProbe");
    deny(ec.startupProbe.has_value(), "startupProbe");
    deny(ec.lifecycle.has_value(), "lifecycle");
    Path mounts = cp.child("volumeMounts");
    for (size_t k = 0; k < ec.volumeMounts.size(); ++k) {
      const VolumeMount& vm = ec.volumeMounts[k];
      Path mp = mounts.index(k);
      if (!vm.subPath.empty())
        errs.push_back(forbidden(mp.child("subPath"), std::string(kNotForEphemeral)));
      if (!vm.subPathExpr.empty())
        errs.push_back(forbidden(mp.child("subPathExpr"), std::string(kNotForEphemeral)));
    }
  }
}

}  // namespace

void validate_all_containers(const PodSpec& spec, const VolumeMap& volumes,
                             const std::string& spec_path, FieldErrors& errs) {
  Ctx ctx{volumes, pod_claim_names(spec), nullptr, nullptr, spec.restartPolicy, true};
  if (spec.terminationGracePeriodSeconds) ctx.grace = &*spec.terminationGracePeriodSeconds;
  if (spec.os) ctx.os = &*spec.os;
  if (spec.hostUsers) ctx.host_users = *spec.hostUsers;

  Path root(spec_path);
  validate_regular_containers(spec.containers, ctx, root.child("containers"), errs);
  validate_init_containers(spec.initContainers, spec.containers, ctx, root.child("initContainers"),
                           errs);
  validate_ephemeral_containers(spec, ctx, root.child("ephemeralContainers"), errs);
}

void validate_containers_only_for_pod(const std::vector<Container>& containers,
                                      const std::string& path_str, FieldErrors& errs) {
  Path path(path_str);
  for (size_t i = 0; i < containers.size(); ++i)
    validate_image_whitespace(containers[i], path.index(i), errs);
}

// validateContainerResourceName (which starts with validateResourceName).
void validate_container_resource_name(const std::string& name, const Path& path,
                                      FieldErrors& errs) {
  if (name == "cpu" || name == "memory") return;  // the common case, valid
  auto msgs = names::is_qualified_name(name);
  for (auto& m : msgs) errs.push_back(invalid(path, json_str(name), std::move(m)));
  if (msgs.empty() && !has_slash(name) && !is_standard_resource(name))
    errs.push_back(
        invalid(path, json_str(name), "must be a standard resource type or fully qualified"));
  if (!has_slash(name)) {
    if (!is_standard_container_resource(name))
      errs.push_back(invalid(path, json_str(name), "must be a standard resource for containers"));
  } else if (!is_native_resource(name) && !is_extended_resource(name)) {
    errs.push_back(invalid(path, json_str(name), "doesn't follow extended resource name standard"));
  }
}

void validate_resource_quantity(const std::string& resource, const Quantity& q,
                                const std::string& path_str, FieldErrors& errs) {
  Path path(path_str);
  validate_container_resource_name(resource, path, errs);
  validate_resource_quantity_value(resource, q, path, errs);
  validate_huge_page_value(resource, q, path, errs);
}

}  // namespace podcore::manifest::validation
