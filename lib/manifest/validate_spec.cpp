// ValidatePodSpec of pkg/apis/core/validation/validation.go (Kubernetes
// 1.34, default feature gates, the options GetValidationOptionsFromPodSpecAndMeta
// gives a Pod on create), in upstream's order. Volumes and containers are
// validated by validate_volume.cpp and validate_container.cpp.
//
// Upstream validates the internal (core) type, where spec.hostNetwork,
// hostPID, hostIPC, shareProcessNamespace and hostUsers live in the pod
// security context, which conversion always creates. Error paths still use
// the v1 names, with the quirks noted where they occur.
//
// Go iterates maps in random order; maps are checked here in key order.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "manifest/names.hpp"
#include "manifest/quantity.hpp"
#include "manifest/resources.hpp"
#include "manifest/validate_internal.hpp"

namespace podcore::manifest::validation {

namespace {

constexpr int64_t kMaxInt32 = 2147483647;
constexpr size_t kMaxDNSNameservers = 3;
constexpr size_t kMaxDNSSearchPaths = 32;
constexpr size_t kMaxDNSSearchListChars = 2048;

using Strings = std::vector<std::string>;

// ---- small helpers -------------------------------------------------------

// ValidateDNS1123Label / ValidateDNS1123Subdomain / ValidateQualifiedName.
void dns_label(const std::string& v, const std::string& path, FieldErrors& errs) {
  append_invalid(errs, path, v, names::is_dns1123_label(v));
}
void dns_subdomain(const std::string& v, const std::string& path, FieldErrors& errs) {
  append_invalid(errs, path, v, names::is_dns1123_subdomain(v));
}
void qualified_name(const std::string& v, const std::string& path, FieldErrors& errs) {
  append_invalid(errs, path, v, names::is_qualified_name(v));
}

// IsDNS1123SubdomainWithUnderscore (dnsConfig.searches with the
// RelaxedDNSSearchValidation gate, GA in 1.34): labels match
// `_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?`.
bool is_lower_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool underscore_label_ok(std::string_view l) {
  if (!l.empty() && l.front() == '_') l.remove_prefix(1);
  if (l.empty() || !is_lower_alnum(l.front()) || !is_lower_alnum(l.back())) return false;
  for (char c : l)
    if (!is_lower_alnum(c) && c != '-' && c != '_') return false;
  return true;
}
Strings dns1123_subdomain_with_underscore(std::string_view v) {
  Strings errs;
  if (v.size() > names::kDns1123SubdomainMaxLength)
    errs.push_back(names::max_len_error(names::kDns1123SubdomainMaxLength));
  bool ok = true;
  size_t start = 0;
  while (ok) {
    size_t dot = v.find('.', start);
    ok = underscore_label_ok(v.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (!ok)
    errs.push_back(names::regex_error(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', "
        "'-' or '.', and must start and end with an alphanumeric character",
        "_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*", {"example.com"}));
  return errs;
}

// ---- label selectors (meta/v1/validation) --------------------------------

void label_selector_requirement(const LabelSelectorRequirement& r, bool allow_invalid_values,
                                const std::string& path, FieldErrors& errs) {
  if (r.operator_ == "In" || r.operator_ == "NotIn") {
    if (r.values.empty())
      errs.push_back(
          required(child(path, "values"), "must be specified when `operator` is 'In' or 'NotIn'"));
  } else if (r.operator_ == "Exists" || r.operator_ == "DoesNotExist") {
    if (!r.values.empty())
      errs.push_back(forbidden(child(path, "values"),
                               "may not be specified when `operator` is 'Exists' or "
                               "'DoesNotExist'"));
  } else {
    errs.push_back(invalid(child(path, "operator"), r.operator_, "not a valid selector operator"));
  }
  qualified_name(r.key, child(path, "key"), errs);
  if (!allow_invalid_values) {
    std::string vp = child(path, "values");
    for (size_t i = 0; i < r.values.size(); ++i)
      append_invalid(errs, index(vp, i), r.values[i], names::is_valid_label_value(r.values[i]));
  }
}

void label_selector(const std::optional<LabelSelector>& s, bool allow_invalid_values,
                    const std::string& path, FieldErrors& errs) {
  if (!s) return;
  Path root(path);
  validate_labels(s->matchLabels, root.child("matchLabels"), errs);
  std::string ep = child(path, "matchExpressions");
  for (size_t i = 0; i < s->matchExpressions.size(); ++i)
    label_selector_requirement(s->matchExpressions[i], allow_invalid_values, index(ep, i), errs);
}

// validateLabelKeys (matchLabelKeys / mismatchLabelKeys).
void label_keys(const std::string& path, const Strings& keys,
                const std::optional<LabelSelector>& selector, FieldErrors& errs) {
  if (keys.empty()) return;
  if (!selector) {
    errs.push_back(forbidden(path, "must not be specified when labelSelector is not set"));
    return;
  }
  for (size_t i = 0; i < keys.size(); ++i) qualified_name(keys[i], index(path, i), errs);
}

// ValidateMatchLabelKeysAndMismatchLabelKeys. Upstream quirk: the
// "exists in both matchLabelKeys and labelSelector" error is reported at
// `<term path>[i]` (Index on the term itself, not on matchLabelKeys).
void match_label_keys_and_mismatch(const std::string& path, const Strings& match,
                                   const Strings& mismatch,
                                   const std::optional<LabelSelector>& selector,
                                   FieldErrors& errs) {
  label_keys(child(path, "matchLabelKeys"), match, selector, errs);
  label_keys(child(path, "mismatchLabelKeys"), mismatch, selector, errs);
  if (selector) {
    std::map<std::string, size_t> key_index;  // a later duplicate wins, as in the Go map
    for (size_t i = 0; i < match.size(); ++i) key_index[match[i]] = i;
    std::set<std::string> selector_keys;
    for (const auto& [k, v] : selector->matchLabels) selector_keys.insert(k);
    for (const auto& expr : selector->matchExpressions) {
      auto it = key_index.find(expr.key);
      if (it != key_index.end() && selector_keys.count(expr.key))
        errs.push_back(invalid(index(path, it->second), expr.key,
                               "exists in both matchLabelKeys and labelSelector"));
      selector_keys.insert(expr.key);
    }
  }
  std::set<std::string> mismatch_set(mismatch.begin(), mismatch.end());
  std::string mp = child(path, "matchLabelKeys");
  for (size_t i = 0; i < match.size(); ++i)
    if (mismatch_set.count(match[i]))
      errs.push_back(
          invalid(index(mp, i), match[i], "exists in both matchLabelKeys and mismatchLabelKeys"));
}

// ---- resource claims -----------------------------------------------------

std::string go_pod_resource_claim(const PodResourceClaim& c) {
  return "core.PodResourceClaim{Name:" + go_quote(c.name) +
         ", ResourceClaimName:" + go_ptr(c.resourceClaimName.has_value(), "*string") +
         ", ResourceClaimTemplateName:" +
         go_ptr(c.resourceClaimTemplateName.has_value(), "*string") + "}";
}

void pod_resource_claims(const std::vector<PodResourceClaim>& claims, const std::string& path,
                         FieldErrors& errs) {
  std::set<std::string> seen;
  for (size_t i = 0; i < claims.size(); ++i) {
    const auto& c = claims[i];
    std::string p = index(path, i);
    if (c.name.empty()) {
      errs.push_back(required(child(p, "name")));
    } else if (seen.count(c.name)) {
      errs.push_back(duplicate(child(p, "name"), c.name));
    } else {
      dns_label(c.name, child(p, "name"), errs);
      seen.insert(c.name);
    }
    if (c.resourceClaimName && c.resourceClaimTemplateName)
      errs.push_back(invalid(p, BadValue::raw(go_pod_resource_claim(c)),
                             "at most one of `resourceClaimName` or `resourceClaimTemplateName` "
                             "may be specified"));
    if (!c.resourceClaimName && !c.resourceClaimTemplateName)
      errs.push_back(invalid(p, BadValue::raw(go_pod_resource_claim(c)),
                             "must specify one of: `resourceClaimName`, "
                             "`resourceClaimTemplateName`"));
    if (c.resourceClaimName)
      dns_subdomain(*c.resourceClaimName, child(p, "resourceClaimName"), errs);
    if (c.resourceClaimTemplateName)
      dns_subdomain(*c.resourceClaimTemplateName, child(p, "resourceClaimTemplateName"), errs);
  }
}

// ---- host network, restart and DNS policy ----------------------------------

// validatePodHostNetworkDeps with ResourceIsPod: only regular containers.
void host_network_deps(const PodSpec& spec, const std::string& path, FieldErrors& errs) {
  if (!spec.hostNetwork) return;
  std::string cp = child(path, "containers");
  for (size_t i = 0; i < spec.containers.size(); ++i) {
    std::string pp = child(index(cp, i), "ports");
    const auto& ports = spec.containers[i].ports;
    for (size_t j = 0; j < ports.size(); ++j)
      if (ports[j].hostPort != ports[j].containerPort)
        errs.push_back(invalid(child(index(pp, j), "hostPort"), ports[j].hostPort,
                               "must match `containerPort` when `hostNetwork` is true"));
  }
}

void restart_policy(const std::string& v, const std::string& path, FieldErrors& errs) {
  if (v == "Always" || v == "OnFailure" || v == "Never") return;
  if (v.empty())
    errs.push_back(required(path));
  else
    errs.push_back(not_supported(path, v, {"Always", "OnFailure", "Never"}));
}

void dns_policy(const std::string& v, const std::string& path, FieldErrors& errs) {
  if (v == "ClusterFirstWithHostNet" || v == "ClusterFirst" || v == "Default" || v == "None")
    return;
  if (v.empty())
    errs.push_back(required(path));
  else
    errs.push_back(
        not_supported(path, v, {"ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"}));
}

// ---- pod security context ---------------------------------------------------

void id_range(int64_t v, const std::string& path, FieldErrors& errs) {
  if (v < 0 || v > kMaxInt32) errs.push_back(invalid(path, v, inclusive_range_error(0, kMaxInt32)));
}

// sysctl.NormalizeName: a name whose first separator is '/' uses '/' for
// '.' and the other way round.
std::string normalize_sysctl(std::string s) {
  size_t first = s.find_first_of("./");
  if (first == std::string::npos || s[first] == '.') return s;
  for (char& c : s) c = c == '.' ? '/' : c == '/' ? '.' : c;
  return s;
}

enum class SysctlNs { kUnknown, kIpc, kNet };

// sysctl.GetNamespace (component-helpers).
SysctlNs sysctl_namespace(const std::string& name) {
  std::string s = normalize_sysctl(name);
  size_t star = s.find('*');
  if (star != std::string::npos) s.resize(star);
  static const char* const kIpcNames[] = {
      "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced",
      "kernel.shm", "kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.msg"};
  for (const char* n : kIpcNames)
    if (s == n) return SysctlNs::kIpc;
  if (s.starts_with("net.")) return SysctlNs::kNet;
  if (s.starts_with("fs.mqueue.")) return SysctlNs::kIpc;
  return SysctlNs::kUnknown;
}

void sysctls(const std::vector<Sysctl>& list, bool host_network, bool host_ipc,
             const std::string& path, FieldErrors& errs) {
  std::set<std::string> seen;
  for (size_t i = 0; i < list.size(); ++i) {
    const auto& s = list[i];
    std::string np = child(index(path, i), "name");
    if (s.name.empty())
      errs.push_back(required(np));
    else if (!names::is_valid_sysctl_name(s.name))
      errs.push_back(
          invalid(np, s.name,
                  "must have at most 253 characters and match regex "
                  "^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$"));
    else if (seen.count(s.name))
      errs.push_back(duplicate(np, s.name));
    // ValidateHostSysctl (AllowNamespacedSysctlsForHostNetAndHostIPC is
    // false on create).
    SysctlNs ns = sysctl_namespace(s.name);
    if (host_network && ns == SysctlNs::kNet)
      errs.push_back(invalid(np, s.name, "may not be specified when 'hostNetwork' is true"));
    else if (host_ipc && ns == SysctlNs::kIpc)
      errs.push_back(invalid(np, s.name, "may not be specified when 'hostIPC' is true"));
    seen.insert(s.name);
  }
}

void seccomp_profile_field(const std::optional<SeccompProfile>& sp, const std::string& path,
                           FieldErrors& errs) {
  if (!sp) return;
  const std::string& t = sp->type;
  if (t.empty())
    errs.push_back(required(child(path, "type"), "type is required when seccompProfile is set"));
  else if (t != "Localhost" && t != "RuntimeDefault" && t != "Unconfined")
    errs.push_back(
        not_supported(child(path, "type"), t, {"Localhost", "RuntimeDefault", "Unconfined"}));
  std::string lp = child(path, "localhostProfile");
  if (t == "Localhost") {
    if (!sp->localhostProfile)
      errs.push_back(required(lp, "must be set when seccomp type is Localhost"));
    else
      validate_local_descending_path(*sp->localhostProfile, Path(lp), errs);
  } else if (sp->localhostProfile) {
    // The value is the whole profile, printed with %#v.
    errs.push_back(invalid(lp,
                           BadValue::raw("core.SeccompProfile{Type:" + go_quote(t) +
                                         ", LocalhostProfile:" + go_ptr(true, "*string") + "}"),
                           "can only be set when seccomp type is Localhost"));
  }
}

void apparmor_profile_field(const std::optional<AppArmorProfile>& p, const std::string& path,
                            FieldErrors& errs) {
  if (!p) return;
  std::string lp = child(path, "localhostProfile");
  if (p->type == "Localhost") {
    if (!p->localhostProfile) {
      errs.push_back(required(lp, "must be set when AppArmor type is Localhost"));
    } else {
      const std::string& v = *p->localhostProfile;
      size_t b = v.find_first_not_of(" \t\n\v\f\r");
      size_t e = v.find_last_not_of(" \t\n\v\f\r");
      bool padded = !v.empty() && (b != 0 || e != v.size() - 1);
      if (padded)
        errs.push_back(invalid(lp, v, "must not be padded with whitespace"));
      else if (v.empty())
        errs.push_back(required(lp, "must be set when AppArmor type is Localhost"));
      if (v.size() > 4095) errs.push_back(too_long(lp, 4095));
    }
  } else if (p->type == "RuntimeDefault" || p->type == "Unconfined") {
    if (p->localhostProfile)
      errs.push_back(
          invalid(lp, *p->localhostProfile, "can only be set when AppArmor type is Localhost"));
  } else if (p->type.empty()) {
    errs.push_back(required(child(path, "type"), "type is required when appArmorProfile is set"));
  } else {
    errs.push_back(
        not_supported(child(path, "type"), p->type, {"Localhost", "RuntimeDefault", "Unconfined"}));
  }
}

// ---- Windows options (validateWindowsSecurityContextOptions) ---------------

bool netbios_forbidden(char c) {
  return c == '\\' || c == '/' || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' ||
         c == '>' || c == '|';
}
// `^[^\\/:\*\?"<>|\.][^\\/:\*\?"<>|]{0,14}$`
bool valid_netbios(std::string_view d) {
  if (d.empty() || d.size() > 15 || netbios_forbidden(d[0]) || d[0] == '.') return false;
  for (char c : d.substr(1))
    if (netbios_forbidden(c)) return false;
  return true;
}
void windows_options(const std::optional<WindowsSecurityContextOptions>& w, const std::string& path,
                     FieldErrors& errs) {
  if (!w) return;
  if (w->gmsaCredentialSpecName)
    dns_subdomain(*w->gmsaCredentialSpecName, child(path, "gmsaCredentialSpecName"), errs);
  if (w->gmsaCredentialSpec) {
    std::string p = child(path, "gmsaCredentialSpec");
    const std::string& v = *w->gmsaCredentialSpec;
    if (v.empty())
      errs.push_back(invalid(p, v, "gmsaCredentialSpec cannot be an empty string"));
    else if (v.size() > 64 * 1024)
      errs.push_back(invalid(p, v, "gmsaCredentialSpec size must be under 64 KiB"));
  }
  if (!w->runAsUserName) return;
  std::string p = child(path, "runAsUserName");
  const std::string& v = *w->runAsUserName;
  bool ctrl = false;
  for (char c : v) ctrl = ctrl || static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  size_t backslashes = 0;
  for (char c : v) backslashes += c == '\\';
  if (v.empty()) {
    errs.push_back(invalid(p, v, "runAsUserName cannot be an empty string"));
  } else if (ctrl) {
    errs.push_back(invalid(p, v, "runAsUserName cannot contain control characters"));
  } else if (backslashes > 1) {
    errs.push_back(invalid(p, v, "runAsUserName cannot contain more than one backslash"));
  } else {
    bool has_domain = backslashes == 1;
    size_t bs = v.find('\\');
    std::string_view domain = has_domain ? std::string_view(v).substr(0, bs) : std::string_view();
    std::string_view user = has_domain ? std::string_view(v).substr(bs + 1) : std::string_view(v);
    if (domain.size() >= 256)
      errs.push_back(invalid(p, v, "runAsUserName's Domain length must be under 256 characters"));
    if (has_domain && !(valid_netbios(domain) || is_windows_dns_domain(domain)))
      errs.push_back(
          invalid(p, v, "runAsUserName's Domain doesn't match the NetBios nor the DNS format"));
    if (user.empty())
      errs.push_back(invalid(p, v, "runAsUserName's User cannot be empty"));
    else if (user.size() > 104)
      errs.push_back(
          invalid(p, v, "runAsUserName's User length must not be longer than 104 characters"));
    if (!user.empty() && user.find_first_not_of(". ") == std::string_view::npos)
      errs.push_back(invalid(p, v, "runAsUserName's User cannot contain only periods or spaces"));
    if (user.find_first_of("\"/\\:;|=,+*?<>@[]") != std::string_view::npos)
      errs.push_back(invalid(p, v,
                             "runAsUserName's User cannot contain the following characters: "
                             "\"/\\:;|=,+*?<>@[]"));
  }
}

void pod_security_context(const PodSpec& spec, const PodSecurityContext& sc,
                          const std::string& path, FieldErrors& errs) {
  if (sc.fsGroup) id_range(*sc.fsGroup, child(path, "fsGroup"), errs);
  if (sc.runAsUser) id_range(*sc.runAsUser, child(path, "runAsUser"), errs);
  if (sc.runAsGroup) id_range(*sc.runAsGroup, child(path, "runAsGroup"), errs);
  std::string gp = child(path, "supplementalGroups");
  for (size_t i = 0; i < sc.supplementalGroups.size(); ++i)
    id_range(sc.supplementalGroups[i], index(gp, i), errs);
  // Upstream quirk: reported at the internal type's path,
  // spec.securityContext.shareProcessNamespace.
  if (spec.shareProcessNamespace.value_or(false) && spec.hostPID)
    errs.push_back(invalid(child(path, "shareProcessNamespace"), true,
                           "ShareProcessNamespace and HostPID cannot both be enabled"));
  if (!sc.sysctls.empty())
    sysctls(sc.sysctls, spec.hostNetwork, spec.hostIPC, child(path, "sysctls"), errs);
  if (sc.fsGroupChangePolicy) {
    const std::string& v = *sc.fsGroupChangePolicy;
    if (v != "OnRootMismatch" && v != "Always")
      errs.push_back(
          not_supported(child(path, "fsGroupChangePolicy"), v, {"Always", "OnRootMismatch"}));
  }
  seccomp_profile_field(sc.seccompProfile, child(path, "seccompProfile"), errs);
  windows_options(sc.windowsOptions, child(path, "windowsOptions"), errs);
  apparmor_profile_field(sc.appArmorProfile, child(path, "appArmorProfile"), errs);
  if (sc.supplementalGroupsPolicy) {
    const std::string& v = *sc.supplementalGroupsPolicy;
    if (v != "Merge" && v != "Strict")
      errs.push_back(
          not_supported(child(path, "supplementalGroupsPolicy"), v, {"Merge", "Strict"}));
  }
  // With SELinuxMount off (beta, disabled by default in 1.34) a new pod may
  // only ask for Recursive (AllowOnlyRecursiveSELinuxChangePolicy).
  if (sc.seLinuxChangePolicy && *sc.seLinuxChangePolicy != "Recursive")
    errs.push_back(
        not_supported(child(path, "seLinuxChangePolicy"), *sc.seLinuxChangePolicy, {"Recursive"}));
}

// ---- affinity ------------------------------------------------------------

void node_selector_requirement(const NodeSelectorRequirement& r, bool allow_invalid_values,
                               const std::string& path, FieldErrors& errs) {
  const std::string& op = r.operator_;
  if (op == "In" || op == "NotIn") {
    if (r.values.empty())
      errs.push_back(
          required(child(path, "values"), "must be specified when `operator` is 'In' or 'NotIn'"));
  } else if (op == "Exists" || op == "DoesNotExist") {
    if (!r.values.empty())
      errs.push_back(forbidden(child(path, "values"),
                               "may not be specified when `operator` is 'Exists' or "
                               "'DoesNotExist'"));
  } else if (op == "Gt" || op == "Lt") {
    if (r.values.size() != 1)
      errs.push_back(required(child(path, "values"),
                              "must be specified single value when `operator` is 'Lt' or 'Gt'"));
  } else {
    errs.push_back(invalid(child(path, "operator"), op, "not a valid selector operator"));
  }
  qualified_name(r.key, child(path, "key"), errs);
  if (!allow_invalid_values) {
    std::string vp = child(path, "values");
    for (size_t i = 0; i < r.values.size(); ++i)
      append_invalid(errs, index(vp, i), r.values[i], names::is_valid_label_value(r.values[i]));
  }
}

void node_field_selector_requirement(const NodeSelectorRequirement& r, const std::string& path,
                                     FieldErrors& errs) {
  if (r.operator_ == "In" || r.operator_ == "NotIn") {
    if (r.values.size() != 1)
      errs.push_back(required(child(path, "values"),
                              "must be only one value when `operator` is 'In' or 'NotIn' for node "
                              "field selector"));
  } else {
    errs.push_back(invalid(child(path, "operator"), r.operator_, "not a valid selector operator"));
  }
  if (r.key != "metadata.name") {
    errs.push_back(invalid(child(path, "key"), r.key, "not a valid field selector key"));
  } else {
    std::string vp = child(path, "values");
    for (size_t i = 0; i < r.values.size(); ++i) dns_subdomain(r.values[i], index(vp, i), errs);
  }
}

void node_selector_term(const NodeSelectorTerm& t, bool allow_invalid_values,
                        const std::string& path, FieldErrors& errs) {
  std::string ep = child(path, "matchExpressions");
  for (size_t j = 0; j < t.matchExpressions.size(); ++j)
    node_selector_requirement(t.matchExpressions[j], allow_invalid_values, index(ep, j), errs);
  std::string fp = child(path, "matchFields");
  for (size_t j = 0; j < t.matchFields.size(); ++j)
    node_field_selector_requirement(t.matchFields[j], index(fp, j), errs);
}

void node_affinity(const NodeAffinity& na, const std::string& path, FieldErrors& errs) {
  if (na.requiredDuringSchedulingIgnoredDuringExecution) {
    std::string tp =
        child(child(path, "requiredDuringSchedulingIgnoredDuringExecution"), "nodeSelectorTerms");
    const auto& terms = na.requiredDuringSchedulingIgnoredDuringExecution->nodeSelectorTerms;
    if (terms.empty()) {
      errs.push_back(required(tp, "must have at least one node selector term"));
    } else {
      // AllowInvalidLabelValueInRequiredNodeAffinity is false on create.
      for (size_t i = 0; i < terms.size(); ++i)
        node_selector_term(terms[i], false, index(tp, i), errs);
    }
  }
  std::string pp = child(path, "preferredDuringSchedulingIgnoredDuringExecution");
  const auto& prefs = na.preferredDuringSchedulingIgnoredDuringExecution;
  for (size_t i = 0; i < prefs.size(); ++i) {
    if (prefs[i].weight <= 0 || prefs[i].weight > 100)
      errs.push_back(
          invalid(child(index(pp, i), "weight"), prefs[i].weight, "must be in the range 1-100"));
    // Invalid label values are always allowed in preferred terms.
    node_selector_term(prefs[i].preference, true, child(index(pp, i), "preference"), errs);
  }
}

void pod_affinity_term(const PodAffinityTerm& t, const std::string& path, FieldErrors& errs) {
  // ValidatePodAffinityTermSelector (AllowInvalidLabelValueInSelector is
  // false on create).
  label_selector(t.labelSelector, false, child(path, "labelSelector"), errs);
  label_selector(t.namespaceSelector, false, child(path, "namespaceSelector"), errs);
  // Upstream quirk: namespace errors are at `...namespace` (singular, no index).
  for (const auto& ns : t.namespaces) dns_label(ns, child(path, "namespace"), errs);
  match_label_keys_and_mismatch(path, t.matchLabelKeys, t.mismatchLabelKeys, t.labelSelector, errs);
  if (t.topologyKey.empty())
    errs.push_back(required(child(path, "topologyKey"), "can not be empty"));
  qualified_name(t.topologyKey, child(path, "topologyKey"), errs);
}

void pod_affinity_terms(const std::vector<PodAffinityTerm>& req,
                        const std::vector<WeightedPodAffinityTerm>& pref, const std::string& path,
                        FieldErrors& errs) {
  std::string rp = child(path, "requiredDuringSchedulingIgnoredDuringExecution");
  for (size_t i = 0; i < req.size(); ++i) pod_affinity_term(req[i], index(rp, i), errs);
  std::string pp = child(path, "preferredDuringSchedulingIgnoredDuringExecution");
  for (size_t j = 0; j < pref.size(); ++j) {
    if (pref[j].weight <= 0 || pref[j].weight > 100)
      errs.push_back(
          invalid(child(index(pp, j), "weight"), pref[j].weight, "must be in the range 1-100"));
    pod_affinity_term(pref[j].podAffinityTerm, child(index(pp, j), "podAffinityTerm"), errs);
  }
}

void affinity(const std::optional<Affinity>& a, const std::string& path, FieldErrors& errs) {
  if (!a) return;
  if (a->nodeAffinity) node_affinity(*a->nodeAffinity, child(path, "nodeAffinity"), errs);
  if (a->podAffinity)
    pod_affinity_terms(a->podAffinity->requiredDuringSchedulingIgnoredDuringExecution,
                       a->podAffinity->preferredDuringSchedulingIgnoredDuringExecution,
                       child(path, "podAffinity"), errs);
  if (a->podAntiAffinity)
    pod_affinity_terms(a->podAntiAffinity->requiredDuringSchedulingIgnoredDuringExecution,
                       a->podAntiAffinity->preferredDuringSchedulingIgnoredDuringExecution,
                       child(path, "podAntiAffinity"), errs);
}

// ---- DNS config ----------------------------------------------------------

void dns_config(const std::optional<PodDNSConfig>& c, const std::string& policy,
                const std::string& path, FieldErrors& errs) {
  if (policy == "None") {
    if (!c) {
      errs.push_back(required(path, "must provide `dnsConfig` when `dnsPolicy` is None"));
      return;
    }
    if (c->nameservers.empty()) {
      errs.push_back(required(child(path, "nameservers"),
                              "must provide at least one DNS nameserver when `dnsPolicy` is None"));
      return;
    }
  }
  if (!c) return;
  std::string np = child(path, "nameservers");
  if (c->nameservers.size() > kMaxDNSNameservers)
    errs.push_back(invalid(np, BadValue::raw(go_string_slice(c->nameservers)),
                           "must not have more than 3 nameservers"));
  for (size_t i = 0; i < c->nameservers.size(); ++i)
    append_invalid(errs, index(np, i), c->nameservers[i], names::is_valid_ip(c->nameservers[i]));
  std::string sp = child(path, "searches");
  if (c->searches.size() > kMaxDNSSearchPaths)
    errs.push_back(invalid(sp, BadValue::raw(go_string_slice(c->searches)),
                           "must not have more than 32 search paths"));
  size_t joined = c->searches.empty() ? 0 : c->searches.size() - 1;  // the spaces
  for (const auto& s : c->searches) joined += s.size();
  if (joined > kMaxDNSSearchListChars)
    errs.push_back(invalid(sp, BadValue::raw(go_string_slice(c->searches)),
                           "must not have more than 2048 characters (including spaces) in the "
                           "search list"));
  // AllowRelaxedDNSSearchValidation (GA in 1.34): "." is accepted, one
  // trailing dot is dropped, and '_' is allowed.
  for (size_t i = 0; i < c->searches.size(); ++i) {
    std::string s = c->searches[i];
    if (s == ".") continue;
    if (!s.empty() && s.back() == '.') s.pop_back();
    append_invalid(errs, index(sp, i), s, dns1123_subdomain_with_underscore(s));
  }
  std::string op = child(path, "options");
  for (size_t i = 0; i < c->options.size(); ++i)
    if (c->options[i].name.empty()) errs.push_back(required(index(op, i), "must not be empty"));
}

// ---- topology spread -------------------------------------------------------

void topology_spread(const std::vector<TopologySpreadConstraint>& cs, const std::string& path,
                     FieldErrors& errs) {
  for (size_t i = 0; i < cs.size(); ++i) {
    const auto& c = cs[i];
    std::string p = index(path, i);
    if (c.maxSkew <= 0)
      errs.push_back(invalid(child(p, "maxSkew"), c.maxSkew, "must be greater than zero"));
    if (c.topologyKey.empty())
      errs.push_back(required(child(p, "topologyKey"), "can not be empty"));
    if (c.whenUnsatisfiable != "DoNotSchedule" && c.whenUnsatisfiable != "ScheduleAnyway")
      errs.push_back(not_supported(child(p, "whenUnsatisfiable"), c.whenUnsatisfiable,
                                   {"DoNotSchedule", "ScheduleAnyway"}));
    // The pair {topologyKey, whenUnsatisfiable} must not repeat in a later entry.
    for (size_t j = i + 1; j < cs.size(); ++j) {
      if (cs[j].topologyKey == c.topologyKey && cs[j].whenUnsatisfiable == c.whenUnsatisfiable) {
        errs.push_back(duplicate(child(p, "{topologyKey, whenUnsatisfiable}"),
                                 "{" + c.topologyKey + ", " + c.whenUnsatisfiable + "}"));
        break;
      }
    }
    if (c.minDomains) {
      std::string mp = child(p, "minDomains");
      if (*c.minDomains <= 0)
        errs.push_back(invalid(mp, *c.minDomains, "must be greater than zero"));
      if (c.whenUnsatisfiable != "DoNotSchedule")
        errs.push_back(invalid(mp, *c.minDomains,
                               "can only use minDomains if whenUnsatisfiable=DoNotSchedule, not " +
                                   c.whenUnsatisfiable));
    }
    if (c.nodeAffinityPolicy && *c.nodeAffinityPolicy != "Honor" &&
        *c.nodeAffinityPolicy != "Ignore")
      errs.push_back(not_supported(child(p, "nodeAffinityPolicy"), *c.nodeAffinityPolicy,
                                   {"Honor", "Ignore"}));
    if (c.nodeTaintsPolicy && *c.nodeTaintsPolicy != "Honor" && *c.nodeTaintsPolicy != "Ignore")
      errs.push_back(
          not_supported(child(p, "nodeTaintsPolicy"), *c.nodeTaintsPolicy, {"Honor", "Ignore"}));
    // With MatchLabelKeysInPodTopologySpreadSelectorMerge (beta, on in 1.34)
    // matchLabelKeys are checked like pod affinity's.
    match_label_keys_and_mismatch(p, c.matchLabelKeys, {}, c.labelSelector, errs);
    label_selector(c.labelSelector, false, child(p, "labelSelector"), errs);
  }
}

// ---- Windows host process, user namespaces -----------------------------------

template <class C>
std::optional<bool> container_host_process(const C& c) {
  if (c.securityContext && c.securityContext->windowsOptions)
    return c.securityContext->windowsOptions->hostProcess;
  return std::nullopt;
}

void windows_host_process(const PodSpec& spec, const PodSecurityContext& sc,
                          const std::string& path, FieldErrors& errs) {
  size_t count = 0;
  size_t host_process = 0;
  std::optional<bool> pod_hp;
  if (sc.windowsOptions) pod_hp = sc.windowsOptions->hostProcess;
  visit_containers(spec, Path(path), [&](const auto& c, const Path& cpath) {
    ++count;
    std::optional<bool> hp = container_host_process(c);
    if (pod_hp && hp && *pod_hp != *hp) {
      Path csc = cpath.child("securityContext");
      Path w = csc.child("windowsOptions");
      errs.push_back(invalid(w.child("hostProcess"), *hp,
                             std::string("pod hostProcess value must be identical if both are "
                                         "specified, was ") +
                                 (*pod_hp ? "true" : "false")));
    }
    if ((hp && *hp) || (!hp && pod_hp && *pod_hp)) ++host_process;
  });
  if (host_process > 0) {
    if (host_process != count)
      errs.push_back(invalid(path, "",
                             "If pod contains any hostProcess containers then all containers must "
                             "be HostProcess containers"));
    if (!spec.hostNetwork)
      errs.push_back(
          invalid(child(path, "hostNetwork"), false,
                  "hostNetwork must be true if pod contains any hostProcess containers"));
    // capabilities.AllowPrivileged is taken as true (--allow-privileged, as
    // clusters are normally run), so "disallowed by cluster policy" never fires.
  }
}

void host_users(const PodSpec& spec, const std::string& path, FieldErrors& errs) {
  if (!spec.hostUsers || *spec.hostUsers) return;
  // Upstream quirk: "HostPID" and "HostIPC" are capitalised in the paths.
  if (spec.hostNetwork)
    errs.push_back(forbidden(child(path, "hostNetwork"), "when `pod.Spec.HostUsers` is false"));
  if (spec.hostPID)
    errs.push_back(forbidden(child(path, "HostPID"), "when `pod.Spec.HostUsers` is false"));
  if (spec.hostIPC)
    errs.push_back(forbidden(child(path, "HostIPC"), "when `pod.Spec.HostUsers` is false"));
}

// ---- tolerations, host aliases -------------------------------------------------

void tolerations(const std::vector<Toleration>& ts, const std::string& path, FieldErrors& errs) {
  for (size_t i = 0; i < ts.size(); ++i) {
    const auto& t = ts[i];
    std::string p = index(path, i);
    if (!t.key.empty()) qualified_name(t.key, child(p, "key"), errs);
    if (t.key.empty() && t.operator_ != "Exists")
      errs.push_back(invalid(child(p, "operator"), t.operator_,
                             "operator must be Exists when `key` is empty, which means \"match all "
                             "values and all keys\""));
    if (t.tolerationSeconds && t.effect != "NoExecute")
      errs.push_back(invalid(child(p, "effect"), t.effect,
                             "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    if (t.operator_ == "Equal" || t.operator_.empty()) {
      Strings msgs = names::is_valid_label_value(t.value);
      if (!msgs.empty()) {
        std::string joined;
        for (size_t k = 0; k < msgs.size(); ++k) joined += (k ? ";" : "") + msgs[k];
        errs.push_back(invalid(child(p, "operator"), t.value, joined));
      }
    } else if (t.operator_ == "Exists") {
      if (!t.value.empty())
        errs.push_back(invalid(child(p, "operator"), t.value,
                               "value must be empty when `operator` is 'Exists'"));
    } else {
      errs.push_back(not_supported(child(p, "operator"), t.operator_, {"Equal", "Exists"}));
    }
    // An empty effect matches every taint effect.
    if (!t.effect.empty() && t.effect != "NoSchedule" && t.effect != "PreferNoSchedule" &&
        t.effect != "NoExecute")
      errs.push_back(not_supported(child(p, "effect"), t.effect,
                                   {"NoSchedule", "PreferNoSchedule", "NoExecute"}));
  }
}

void host_aliases(const std::vector<HostAlias>& as, const std::string& path, FieldErrors& errs) {
  for (size_t i = 0; i < as.size(); ++i) {
    std::string p = index(path, i);
    append_invalid(errs, child(p, "ip"), as[i].ip, names::is_valid_ip(as[i].ip));
    std::string hp = child(p, "hostnames");
    for (size_t j = 0; j < as[i].hostnames.size(); ++j)
      dns_subdomain(as[i].hostnames[j], index(hp, j), errs);
  }
}

// ---- pod-level resources ------------------------------------------------------
//
// validatePodResources (PodLevelResources is beta and on by default in 1.34). Kubernetes 1.34
// differs from the stored ~1.33 validation.go in three points, taken from the merged pull
// requests: the pod targeting Windows is rejected first (#133046), container requests for
// resources pods cannot set are not compared with the pod's (#132551), and aggregate container
// hugepage limits must fit in the pod's (#131089).

// validatePodResourceName: validateResourceName, then only the pod-level resources.
void pod_resource_name(const std::string& name, const Path& path, FieldErrors& errs) {
  Strings msgs = names::is_qualified_name(name);
  for (auto& m : msgs) errs.push_back(invalid(path, json_str(name), std::move(m)));
  if (!msgs.empty()) return;
  if (!has_slash(name) && !is_standard_resource(name)) {
    errs.push_back(
        invalid(path, json_str(name), "must be a standard resource type or fully qualified"));
    return;
  }
  // sets.List(resourcehelper.SupportedPodLevelResources()), sorted.
  if (!is_supported_pod_level_resource(name))
    errs.push_back(not_supported(path, json_str(name), {"cpu", "hugepages-", "memory"}));
}

// validatePodResourceConsistency: the pod-level values against the containers' (computed with
// AggregateContainerRequests/Limits, sidecars and init containers included).
void pod_resource_consistency(const PodSpec& spec, const std::string& path, FieldErrors& errs) {
  static const Quantity kZero;
  const ResourceRequirements& pod = *spec.resources;
  // Pod-level requests must cover the containers' aggregate; an unset one counts as 0.
  std::string req_path = child(path, "requests");
  for (const auto& [name, aggregate] : aggregate_container_requests(spec)) {
    if (!is_supported_pod_level_resource(name)) continue;
    auto it = pod.requests.find(name);
    const Quantity& request = it == pod.requests.end() ? kZero : it->second;
    if (aggregate.cmp(request) > 0)
      errs.push_back(invalid(key(req_path, name), request.to_string(),
                             "must be greater than or equal to aggregate container requests of " +
                                 aggregate.to_string()));
  }
  // Hugepages cannot be overcommitted: pod-level hugepage limits must cover the aggregate.
  std::string lim_path = child(path, "limits");
  for (const auto& [name, aggregate] : aggregate_container_limits(spec)) {
    auto it = pod.limits.find(name);
    if (!is_huge_page_resource(name) || it == pod.limits.end()) continue;
    if (aggregate.cmp(it->second) > 0)
      errs.push_back(invalid(key(lim_path, name), it->second.to_string(),
                             "must be greater than or equal to aggregate container limits of " +
                                 aggregate.to_string()));
  }
  // No regular container's limit may exceed the pod's. Upstream builds this path under
  // spec.resources: "spec.resources.containers[0][cpu].limits".
  std::string cp = child(path, "containers");
  for (size_t i = 0; i < spec.containers.size(); ++i) {
    for (const auto& [name, limit] : spec.containers[i].resources.limits) {
      auto it = pod.limits.find(name);
      if (it == pod.limits.end() || limit.cmp(it->second) <= 0) continue;
      errs.push_back(
          invalid(child(key(index(cp, i), name), "limits"), limit.to_string(),
                  "must be less than or equal to pod limits of " + it->second.to_string()));
    }
  }
}

void pod_resources(const PodSpec& spec, const std::string& spec_path, FieldErrors& errs) {
  if (!spec.resources) return;
  std::string path = child(spec_path, "resources");
  // Nothing else is reported about pod-level resources on a Windows pod.
  if (spec.os && spec.os->name == "windows") {
    errs.push_back(forbidden(path, "may not be set for a windows pod"));
    return;
  }
  // Upstream tests `Claims != nil`, so an explicit empty list is forbidden too; decoding
  // cannot tell `claims: []` from no claims here.
  if (!spec.resources->claims.empty())
    errs.push_back(
        forbidden(child(path, "claims"), "claims cannot be set for Resources at pod-level"));
  // validatePodResourceRequirements: validateResourceRequirements with validatePodResourceName.
  validate_resource_requirements(*spec.resources, pod_resource_name, pod_claim_names(spec),
                                 Path(path), errs);
  pod_resource_consistency(spec, path, errs);
}

// ---- overhead, OS ------------------------------------------------------------

// validateOverhead: ValidateContainerResourceRequirements with the overhead as limits, hence
// the upstream path `spec.overhead.limits[<name>]`.
void overhead(const std::map<std::string, Quantity>& oh, const std::string& path,
              FieldErrors& errs) {
  ResourceRequirements r;
  r.limits = oh;
  validate_resource_requirements(r, validate_container_resource_name, {}, Path(path), errs);
}

void validate_linux(const PodSpec& spec, const PodSecurityContext& sc, const std::string& path,
                    FieldErrors& errs) {
  const char* kMsg = "windows options cannot be set for a linux pod";
  if (sc.windowsOptions)
    errs.push_back(forbidden(child(child(path, "securityContext"), "windowsOptions"), kMsg));
  visit_containers(spec, Path(path), [&](const auto& c, const Path& cpath) {
    if (!c.securityContext || !c.securityContext->windowsOptions) return;
    Path csc = cpath.child("securityContext");
    errs.push_back(forbidden(csc.child("windowsOptions"), kMsg));
  });
}

void validate_windows(const PodSpec& spec, const PodSecurityContext& sc, const std::string& path,
                      FieldErrors& errs) {
  const char* kMsg = "cannot be set for a windows pod";
  std::string scp = child(path, "securityContext");
  auto forbid = [&](const std::string& p) { errs.push_back(forbidden(p, kMsg)); };
  if (sc.appArmorProfile) forbid(child(scp, "appArmorProfile"));
  if (sc.seLinuxOptions) forbid(child(scp, "seLinuxOptions"));
  // The host namespace fields are reported at their v1 paths.
  if (spec.hostUsers) forbid(child(path, "hostUsers"));
  if (spec.hostPID) forbid(child(path, "hostPID"));
  if (spec.hostIPC) forbid(child(path, "hostIPC"));
  if (sc.seccompProfile) forbid(child(scp, "seccompProfile"));
  if (sc.fsGroup) forbid(child(scp, "fsGroup"));
  if (sc.fsGroupChangePolicy) forbid(child(scp, "fsGroupChangePolicy"));
  if (!sc.sysctls.empty()) forbid(child(scp, "sysctls"));
  if (spec.shareProcessNamespace) forbid(child(path, "shareProcessNamespace"));
  if (sc.runAsUser) forbid(child(scp, "runAsUser"));
  if (sc.runAsGroup) forbid(child(scp, "runAsGroup"));
  if (!sc.supplementalGroups.empty()) forbid(child(scp, "supplementalGroups"));
  if (sc.supplementalGroupsPolicy) forbid(child(scp, "supplementalGroupsPolicy"));
  if (sc.seLinuxChangePolicy) forbid(child(scp, "seLinuxChangePolicy"));
  visit_containers(spec, Path(path), [&](const auto& c, const Path& cpath) {
    if (!c.securityContext) return;
    const SecurityContext& csc = *c.securityContext;
    Path p = cpath.child("securityContext");
    if (csc.appArmorProfile) forbid(p.child("appArmorProfile"));
    if (csc.seLinuxOptions) forbid(p.child("seLinuxOptions"));
    if (csc.seccompProfile) forbid(p.child("seccompProfile"));
    if (csc.capabilities) forbid(p.child("capabilities"));
    if (csc.readOnlyRootFilesystem) forbid(p.child("readOnlyRootFilesystem"));
    if (csc.privileged) forbid(p.child("privileged"));
    if (csc.allowPrivilegeEscalation) forbid(p.child("allowPrivilegeEscalation"));
    if (csc.procMount) forbid(p.child("procMount"));
    if (csc.runAsUser) forbid(p.child("runAsUser"));
    if (csc.runAsGroup) forbid(p.child("runAsGroup"));
  });
}

void pod_os(const PodSpec& spec, const PodSecurityContext& sc, const std::string& path,
            FieldErrors& errs) {
  if (!spec.os) return;
  std::string op = child(path, "os");
  if (spec.os->name.empty()) {
    errs.push_back(required(child(op, "name"), "cannot be empty"));
    return;
  }
  // validateOS reports an unknown name at `spec.os`, and then neither OS
  // check runs.
  if (spec.os->name != "linux" && spec.os->name != "windows") {
    errs.push_back(not_supported(op, spec.os->name, {"linux", "windows"}));
    return;
  }
  if (spec.os->name == "linux")
    validate_linux(spec, sc, path, errs);
  else
    validate_windows(spec, sc, path, errs);
}

}  // namespace

void validate_pod_spec(const PodSpec& spec, const ObjectMeta& meta, const std::string& path,
                       FieldErrors& errs) {
  // v1 → internal conversion always creates the pod security context.
  static const PodSecurityContext kEmpty;
  const PodSecurityContext& sc = spec.securityContext ? *spec.securityContext : kEmpty;

  if (!spec.terminationGracePeriodSeconds)
    errs.push_back(required(child(path, "terminationGracePeriodSeconds")));

  VolumeMap vols = validate_volumes(spec.volumes, meta, child(path, "volumes"), errs);
  pod_resource_claims(spec.resourceClaims, child(path, "resourceClaims"), errs);
  validate_all_containers(spec, vols, path, errs);
  pod_resources(spec, path, errs);

  host_network_deps(spec, path, errs);
  restart_policy(spec.restartPolicy, child(path, "restartPolicy"), errs);
  dns_policy(spec.dnsPolicy, child(path, "dnsPolicy"), errs);
  Path root(path);
  validate_labels(spec.nodeSelector, root.child("nodeSelector"), errs);
  pod_security_context(spec, sc, child(path, "securityContext"), errs);
  // validateImagePullSecrets only rejects fields other than name, which the
  // v1 type does not have.
  affinity(spec.affinity, child(path, "affinity"), errs);
  dns_config(spec.dnsConfig, spec.dnsPolicy, child(path, "dnsConfig"), errs);

  std::string rg = child(path, "readinessGates");
  for (size_t i = 0; i < spec.readinessGates.size(); ++i)
    qualified_name(spec.readinessGates[i].conditionType, child(index(rg, i), "conditionType"),
                   errs);

  std::string sg = child(path, "schedulingGates");
  std::set<std::string> gates;
  for (size_t i = 0; i < spec.schedulingGates.size(); ++i) {
    const std::string& name = spec.schedulingGates[i].name;
    qualified_name(name, index(sg, i), errs);
    if (gates.count(name)) errs.push_back(duplicate(index(sg, i), name));
    gates.insert(name);
  }

  topology_spread(spec.topologySpreadConstraints, child(path, "topologySpreadConstraints"), errs);
  windows_host_process(spec, sc, path, errs);
  host_users(spec, path, errs);

  if (!spec.serviceAccountName.empty())
    dns_subdomain(spec.serviceAccountName, child(path, "serviceAccountName"), errs);
  if (!spec.nodeName.empty()) dns_subdomain(spec.nodeName, child(path, "nodeName"), errs);
  if (spec.activeDeadlineSeconds) {
    int64_t v = *spec.activeDeadlineSeconds;
    if (v < 1 || v > kMaxInt32)
      errs.push_back(
          invalid(child(path, "activeDeadlineSeconds"), v, inclusive_range_error(1, kMaxInt32)));
  }
  if (!spec.hostname.empty()) dns_label(spec.hostname, child(path, "hostname"), errs);
  if (!spec.subdomain.empty()) dns_label(spec.subdomain, child(path, "subdomain"), errs);
  tolerations(spec.tolerations, child(path, "tolerations"), errs);
  host_aliases(spec.hostAliases, child(path, "hostAliases"), errs);
  if (!spec.priorityClassName.empty())
    dns_subdomain(spec.priorityClassName, child(path, "priorityClassName"), errs);
  if (spec.runtimeClassName)
    dns_subdomain(*spec.runtimeClassName, child(path, "runtimeClassName"), errs);
  if (spec.preemptionPolicy) {
    const std::string& v = *spec.preemptionPolicy;
    std::string pp = child(path, "preemptionPolicy");
    if (v.empty())
      errs.push_back(required(pp));
    else if (v != "PreemptLowerPriority" && v != "Never")
      errs.push_back(not_supported(pp, v, {"PreemptLowerPriority", "Never"}));
  }
  if (!spec.overhead.empty()) overhead(spec.overhead, child(path, "overhead"), errs);
  pod_os(spec, sc, path, errs);
}

}  // namespace podcore::manifest::validation
