// Validation pieces shared by the validate_*.cpp files (see validate_internal.hpp).
#include <algorithm>
#include <array>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "manifest/names.hpp"
#include "manifest/quantity.hpp"
#include "manifest/validate_internal.hpp"
#include "manifest/value.hpp"

namespace podcore::manifest::validation {

namespace {

// Labels podshelper.ConvertDownwardAPIFieldLabel accepts for v1 (besides subscripts).
constexpr std::array<std::string_view, 14> kConvertibleLabels = {
    "metadata.annotations", "metadata.labels", "metadata.name",      "metadata.namespace",
    "metadata.uid",         "spec.nodeName",   "spec.restartPolicy", "spec.serviceAccountName",
    "spec.schedulerName",   "status.phase",    "status.hostIP",      "status.hostIPs",
    "status.podIP",         "status.podIPs"};

// validContainerResourceFieldPathExpressions, sorted.
constexpr std::array<std::string_view, 6> kResourceFieldPaths = {
    "limits.cpu",   "limits.ephemeral-storage",   "limits.memory",
    "requests.cpu", "requests.ephemeral-storage", "requests.memory"};

// validContainerResourceDivisorFor{Memory,EphemeralStorage,HugePages} (the same set).
constexpr std::array<std::string_view, 13> kByteDivisors = {
    "1", "1k", "1M", "1G", "1T", "1P", "1E", "1Ki", "1Mi", "1Gi", "1Ti", "1Pi", "1Ei"};
constexpr std::string_view kByteDivisorsError =
    "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported "
    "with the ";

// fieldpath.SplitMaybeSubscriptedPath: "a.b['k']" -> ("a.b", "k").
bool split_subscript(std::string_view fp, std::string_view& path, std::string_view& sub) {
  if (!fp.ends_with("']")) return false;
  std::string_view s = fp.substr(0, fp.size() - 2);
  size_t pos = s.find("['");
  if (pos == std::string_view::npos || pos == 0) return false;
  path = s.substr(0, pos);
  sub = s.substr(pos + 2);
  return true;
}

// validateContainerResourceDivisor.
void validate_resource_divisor(const std::string& rname, const Quantity& divisor, const Path& path,
                               FieldErrors& errs) {
  if (divisor.is_zero()) return;  // unset
  std::string d = divisor.to_string();
  Path dpath = path.child("divisor");
  auto bytes = [&](std::string_view resource) {
    if (!contains(kByteDivisors, d))
      errs.push_back(
          invalid(dpath, rname, std::string(kByteDivisorsError) + std::string(resource)));
  };
  if (rname == "limits.cpu" || rname == "requests.cpu") {
    if (d != "1m" && d != "1")
      errs.push_back(invalid(dpath, rname,
                             "only divisor's values 1m and 1 are supported with the cpu resource"));
  } else if (rname == "limits.memory" || rname == "requests.memory") {
    bytes("memory resource");
  } else if (rname == "limits.ephemeral-storage" || rname == "requests.ephemeral-storage") {
    bytes("local ephemeral storage resource");
  }
  if (rname.starts_with("requests.hugepages-") || rname.starts_with("limits.hugepages-"))
    bytes("hugepages resource");
}

// helper.standardResources (IsStandardResourceName also accepts hugepages prefixes).
// clang-format off
constexpr std::array<std::string_view, 20> kStandardResources = {
    "cpu", "memory", "ephemeral-storage",
    "requests.cpu", "requests.memory", "requests.ephemeral-storage",
    "limits.cpu", "limits.memory", "limits.ephemeral-storage",
    "pods", "resourcequotas", "services", "replicationcontrollers", "secrets", "configmaps",
    "persistentvolumeclaims", "storage", "requests.storage", "services.nodeports",
    "services.loadbalancers"};

// helper.integerResources (IsIntegerResourceName also accepts extended resources).
constexpr std::array<std::string_view, 9> kIntegerResources = {
    "pods", "resourcequotas", "services", "replicationcontrollers", "secrets", "configmaps",
    "persistentvolumeclaims", "services.nodeports", "services.loadbalancers"};
// clang-format on

// validateResourceClaimNames.
void validate_resource_claims(const std::vector<ResourceClaim>& claims,
                              std::span<const std::string_view> pod_claims, const Path& path,
                              FieldErrors& errs) {
  std::vector<std::string> seen;  // claim names, and "<claim>/<request>" keys (a set upstream)
  for (size_t i = 0; i < claims.size(); ++i) {
    const ResourceClaim& c = claims[i];
    Path ip = path.index(i);
    if (c.name.empty()) {
      errs.push_back(required(ip));
      continue;
    }
    if (contains(seen, c.name)) {
      // All requests of that claim are already referenced.
      errs.push_back(duplicate(ip, c.name));
    } else {
      std::string ref = c.name;
      if (!c.request.empty()) {
        add_invalid(errs, ip.child("request"), c.request, names::is_dns1123_label(c.request));
        ref += "/" + c.request;
      }
      if (contains(seen, ref)) {
        errs.push_back(duplicate(ip, ref));
      } else {
        if (c.request.empty()) {
          // The whole claim overlaps any request of it referenced before.
          for (const auto& k : seen) {
            size_t slash = k.find('/');
            if (slash != std::string::npos && std::string_view(k).substr(0, slash) == c.name)
              errs.push_back(duplicate(ip, c.name));
          }
        }
        seen.push_back(std::move(ref));
      }
    }
    if (!contains(pod_claims, c.name)) {
      FieldError e = not_found(ip, c.name);
      e.detail = "must be one of the names in pod.spec.resourceClaims";
      if (pod_claims.empty()) {
        e.detail += " which is empty";
      } else {
        e.detail += ": ";
        for (size_t k = 0; k < pod_claims.size(); ++k) {
          if (k) e.detail += ", ";
          e.detail += pod_claims[k];
        }
      }
      errs.push_back(std::move(e));
    }
  }
}

}  // namespace

// ---- small helpers ----

std::string inclusive_range_error(int64_t lo, int64_t hi) {
  return "must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", inclusive";
}

void append_invalid(FieldErrors& errs, const std::string& path, std::string_view value,
                    const std::vector<std::string>& messages) {
  for (const auto& m : messages) errs.push_back(invalid(path, value, m));
}

void add_invalid(FieldErrors& errs, const Path& path, std::string_view value,
                 const std::vector<std::string>& messages) {
  if (!messages.empty()) append_invalid(errs, path.str(), value, messages);
}

BadValue json_str(std::string_view s) {
  return BadValue::raw(json_quote(s));
}

std::string go_string_slice(const std::vector<std::string>& v) {
  if (v.empty()) return "[]string(nil)";
  std::string s = "[]string{";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) s += ", ";
    s += go_quote(v[i]);
  }
  return s + "}";
}

std::string go_ptr(bool set, std::string_view type) {
  return "(" + std::string(type) + ")(" + (set ? "0xc000000000" : "nil") + ")";
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// ---- paths ----

std::string Path::str() const {
  std::string out;
  append_to(out);
  return out;
}

void Path::append_to(std::string& out) const {
  if (parent_) parent_->append_to(out);
  if (kind_ == kRoot) {
    out += name_;
    return;
  }
  if (kind_ == kChild || kind_ == kChildIndex || kind_ == kChildKey) {
    if (!out.empty()) out += '.';
    out += name_;
  }
  if (kind_ == kIndex || kind_ == kChildIndex) {
    out += '[';
    out += std::to_string(index_);
    out += ']';
  } else if (kind_ == kKey || kind_ == kChildKey) {
    out += '[';
    out += key_;
    out += ']';
  }
}

// ---- path rules, names, policies ----

bool has_backstep(std::string_view p) {
  size_t start = 0;
  while (true) {
    size_t slash = p.find('/', start);
    std::string_view part =
        p.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (part == "..") return true;
    if (slash == std::string_view::npos) return false;
    start = slash + 1;
  }
}

void validate_path_no_backsteps(std::string_view p, const Path& path, FieldErrors& errs) {
  // One error even for "../../..".
  if (has_backstep(p)) errs.push_back(invalid(path, p, "must not contain '..'"));
}

void validate_local_descending_path(std::string_view p, const Path& path, FieldErrors& errs) {
  if (!p.empty() && p.front() == '/') errs.push_back(invalid(path, p, "must be a relative path"));
  validate_path_no_backsteps(p, path, errs);
}

bool is_windows_dns_domain(std::string_view d) {
  size_t start = 0;
  while (true) {
    size_t end = d.find('.', start);
    std::string_view label = d.substr(start, end == std::string_view::npos ? d.npos : end - start);
    if (label.empty() || label.size() > 63) return false;
    if (!is_ascii_alnum(label.front()) || !is_ascii_alnum(label.back())) return false;
    for (char ch : label)
      if (!is_ascii_alnum(ch) && ch != '-') return false;
    if (end == std::string_view::npos) return true;
    start = end + 1;
  }
}

void validate_pull_policy(const std::string& policy, const Path& path, FieldErrors& errs) {
  if (policy == "Always" || policy == "IfNotPresent" || policy == "Never") return;
  if (policy.empty())
    errs.push_back(required(path));
  else
    errs.push_back(not_supported(path, json_str(policy), {"Always", "IfNotPresent", "Never"}));
}

// ---- downward API selectors ----

void validate_object_field_selector(const ObjectFieldSelector& fs,
                                    std::span<const std::string_view> allowed, const Path& path,
                                    FieldErrors& errs) {
  if (fs.apiVersion.empty()) {
    errs.push_back(required(path.child("apiVersion")));
    return;
  }
  if (fs.fieldPath.empty()) {
    errs.push_back(required(path.child("fieldPath")));
    return;
  }
  // podshelper.ConvertDownwardAPIFieldLabel
  std::string conv_err;
  std::string_view internal = fs.fieldPath;
  std::string_view sub_path;
  std::string_view subscript;
  bool subscripted = split_subscript(fs.fieldPath, sub_path, subscript);
  if (fs.apiVersion != "v1") {
    conv_err = "unsupported pod version: " + fs.apiVersion;
  } else if (subscripted) {
    if (sub_path != "metadata.annotations" && sub_path != "metadata.labels")
      conv_err = "field label does not support subscript: " + fs.fieldPath;
  } else if (fs.fieldPath == "spec.host") {
    internal = "spec.nodeName";  // old v1 clients' name for spec.nodeName
  } else if (!contains(kConvertibleLabels, fs.fieldPath)) {
    conv_err = "field label not supported: " + fs.fieldPath;
  }
  if (!conv_err.empty()) {
    errs.push_back(
        invalid(path.child("fieldPath"), fs.fieldPath, "error converting fieldPath: " + conv_err));
    return;
  }
  if (subscripted) {
    // Subscript errors are reported at the fieldRef itself, with the subscript as value
    // (lower-cased for annotations).
    std::string key =
        sub_path == "metadata.annotations" ? ascii_lower(subscript) : std::string(subscript);
    add_invalid(errs, path, key, names::is_qualified_name(key));
  } else if (!contains(allowed, internal)) {
    errs.push_back(
        not_supported(path.child("fieldPath"), internal, {allowed.begin(), allowed.end()}));
  }
}

void validate_resource_field_selector(const ResourceFieldSelector& fs, bool volume,
                                      const Path& path, FieldErrors& errs) {
  if (volume && fs.containerName.empty()) {
    errs.push_back(required(path.child("containerName")));
  } else if (fs.resource.empty()) {
    errs.push_back(required(path.child("resource")));
  } else if (!contains(kResourceFieldPaths, fs.resource) &&
             !fs.resource.starts_with("limits.hugepages-") &&
             !fs.resource.starts_with("requests.hugepages-")) {
    errs.push_back(not_supported(path.child("resource"), fs.resource,
                                 {kResourceFieldPaths.begin(), kResourceFieldPaths.end()}));
  }
  validate_resource_divisor(fs.resource, fs.divisor, path, errs);
}

// ---- resources ----

bool is_native_resource(std::string_view name) {
  return !has_slash(name) || name.find("kubernetes.io/") != std::string_view::npos;
}

bool is_extended_resource(std::string_view name) {
  if (is_native_resource(name) || name.starts_with("requests.")) return false;
  std::string quota = "requests.";
  quota += name;
  return names::is_qualified_name(quota).empty();
}

bool is_overcommit_allowed(std::string_view name) {
  return is_native_resource(name) && !is_huge_page_resource(name);
}

bool is_integer_resource(std::string_view name) {
  return contains(kIntegerResources, name) || is_extended_resource(name);
}

bool is_standard_resource(std::string_view name) {
  return contains(kStandardResources, name) || is_huge_page_resource(name) ||
         name.starts_with("requests.hugepages-");
}

void validate_resource_quantity_value(const std::string& name, const Quantity& q, const Path& path,
                                      FieldErrors& errs) {
  if (q.sign() < 0)
    errs.push_back(invalid(path, q.to_string(), "must be greater than or equal to 0"));
  if (name != "cpu" && name != "memory" && is_integer_resource(name) && q.milli_value() % 1000 != 0)
    errs.push_back(invalid(path, q.to_string(), "must be an integer"));
}

void validate_huge_page_value(const std::string& name, const Quantity& q, const Path& path,
                              FieldErrors& errs) {
  if (!is_huge_page_resource(name)) return;
  auto page = Quantity::parse(std::string_view(name).substr(std::string_view("hugepages-").size()));
  bool divisible =
      page && page->sign() > 0 && page->milli_value() % 1000 == 0 && q.value() % page->value() == 0;
  if (!divisible)
    errs.push_back(invalid(path, q.to_string(),
                           q.to_string() + " is not positive integer multiple of " + name));
}

std::vector<std::string_view> pod_claim_names(const PodSpec& spec) {
  std::vector<std::string_view> names;
  for (const auto& rc : spec.resourceClaims)
    if (!rc.name.empty() && !contains(names, rc.name)) names.push_back(rc.name);
  std::sort(names.begin(), names.end());
  return names;
}

void validate_resource_requirements(const ResourceRequirements& r, ResourceNameCheck check_name,
                                    std::span<const std::string_view> pod_claims, const Path& path,
                                    FieldErrors& errs) {
  Path lim_path = path.child("limits");
  Path req_path = path.child("requests");
  bool cpu_or_memory = false;
  bool huge_pages = false;
  for (const auto& [name, q] : r.limits) {
    Path kp = lim_path.key(name);
    check_name(name, kp, errs);
    validate_resource_quantity_value(name, q, kp, errs);
    validate_huge_page_value(name, q, kp, errs);
    huge_pages = huge_pages || is_huge_page_resource(name);
    cpu_or_memory = cpu_or_memory || name == "cpu" || name == "memory";
  }
  for (const auto& [name, q] : r.requests) {
    Path kp = req_path.key(name);
    check_name(name, kp, errs);
    validate_resource_quantity_value(name, q, kp, errs);
    // request vs limit is reported at "…requests" (the map), not at the key.
    auto lim = r.limits.find(name);
    if (lim != r.limits.end()) {
      int c = q.cmp(lim->second);
      auto limit = [&] { return name + " limit of " + lim->second.to_string(); };
      if (c != 0 && !is_overcommit_allowed(name))
        errs.push_back(invalid(req_path, q.to_string(), "must be equal to " + limit()));
      else if (c > 0)
        errs.push_back(
            invalid(req_path, q.to_string(), "must be less than or equal to " + limit()));
    } else if (!is_overcommit_allowed(name)) {
      errs.push_back(required(lim_path, "Limit must be set for non overcommitable resources"));
    }
    validate_huge_page_value(name, q, kp, errs);
    huge_pages = huge_pages || is_huge_page_resource(name);
    cpu_or_memory = cpu_or_memory || name == "cpu" || name == "memory";
  }
  if (huge_pages && !cpu_or_memory)
    errs.push_back(forbidden(path, "HugePages require cpu or memory"));
  validate_resource_claims(r.claims, pod_claims, path.child("claims"), errs);
}

}  // namespace podcore::manifest::validation
