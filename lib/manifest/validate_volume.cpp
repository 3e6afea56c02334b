// Pod volumes, volume mounts and volume devices: upstream ValidateVolumes,
// validateVolumeSource and its per-source validators, ValidateVolumeMounts
// and ValidateVolumeDevices (pkg/apis/core/validation/validation.go,
// Kubernetes 1.34, default feature gates, opts of a Pod create).
//
// Errors are appended in exactly upstream's order, at upstream's paths,
// including its quirks (index-less mount paths, the "downwarAPI" typo, ...),
// because the aggregated message keeps that order.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "manifest/names.hpp"
#include "manifest/validate_internal.hpp"
#include "manifest/value.hpp"

namespace podcore::manifest::validation {

namespace {

constexpr std::string_view kFileModeError =
    "must be a number between 0 and 0777 (octal), both inclusive";
constexpr std::string_view kOneVolumeType = "may not specify more than 1 volume type";
constexpr std::string_view kDuplicatePaths = "conflicting duplicate paths";

// ---- value rendering ----

// Values of named string types (MountPropagationMode, PullPolicy, HostPathType, ...) print
// through json.Marshal (json_str).

std::string json_string_list(const std::vector<std::string>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += ',';
    out += json_quote(v[i]);
  }
  return out + "]";
}

// metav1.LabelSelector as json.Marshal prints it (both lists omitempty).
std::string json_label_selector(const LabelSelector& sel) {
  std::string out = "{";
  bool first = true;
  if (!sel.matchLabels.empty()) {
    out += "\"matchLabels\":{";
    bool f = true;
    for (const auto& [k, v] : sel.matchLabels) {
      if (!f) out += ',';
      f = false;
      out += json_quote(k) + ":" + json_quote(v);
    }
    out += '}';
    first = false;
  }
  if (!sel.matchExpressions.empty()) {
    if (!first) out += ',';
    out += "\"matchExpressions\":[";
    for (size_t i = 0; i < sel.matchExpressions.size(); ++i) {
      const auto& r = sel.matchExpressions[i];
      if (i) out += ',';
      out += "{\"key\":" + json_quote(r.key) + ",\"operator\":" + json_quote(r.operator_);
      if (!r.values.empty()) out += ",\"values\":" + json_string_list(r.values);
      out += '}';
    }
    out += ']';
  }
  return out + "}";
}

// The internal core.ClusterTrustBundleProjection has no json tags, so
// json.Marshal uses the Go field names.
std::string json_ctb_projection(const ClusterTrustBundleProjection& p) {
  auto opt_str = [](const std::optional<std::string>& s) {
    return s ? json_quote(*s) : std::string("null");
  };
  std::string out = "{\"Name\":" + opt_str(p.name) + ",\"SignerName\":" + opt_str(p.signerName);
  out += ",\"LabelSelector\":" +
         (p.labelSelector ? json_label_selector(*p.labelSelector) : std::string("null"));
  out += ",\"Optional\":" +
         (p.optional ? std::string(*p.optional ? "true" : "false") : std::string("null"));
  out += ",\"Path\":" + json_quote(p.path) + "}";
  return out;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// ---- paths (ValidateLocalNonReservedPath; the other path rules are shared) ----

void validate_local_non_reserved_path(std::string_view p, const Path& path, FieldErrors& errs) {
  validate_local_descending_path(p, path, errs);
  // Upstream's "already caught" guard only skips "../"; a bare ".." gets both
  // "must not contain '..'" and this one.
  if (p.starts_with("..") && !p.starts_with("../"))
    errs.push_back(invalid(path, p, "must not start with '..'"));
}

void validate_file_mode(const std::optional<int32_t>& mode, const Path& path, FieldErrors& errs) {
  if (mode && (*mode > 0777 || *mode < 0))
    errs.push_back(invalid(path, *mode, std::string(kFileModeError)));
}

// A set of strings kept as views into the validated object. The lists are
// short: a linear search over an inline buffer beats hashing and allocating.
class ViewSet {
 public:
  [[nodiscard]] bool has(std::string_view s) const {
    size_t n = std::min(size_, kInline);
    return contains(std::span(inline_).first(n), s) || contains(more_, s);
  }
  /// Adds `s`; false when it was there already.
  bool insert(std::string_view s) {
    if (has(s)) return false;
    if (size_ < kInline)
      inline_[size_] = s;
    else
      more_.push_back(s);
    ++size_;
    return true;
  }

 private:
  static constexpr size_t kInline = 8;
  std::array<std::string_view, kInline> inline_{};
  std::vector<std::string_view> more_;
  size_t size_ = 0;
};

// ---- label selectors, names ----

// unversionedvalidation.ValidateLabelSelector (invalid label values not allowed).
void validate_label_selector(const std::optional<LabelSelector>& sel, const Path& path,
                             FieldErrors& errs) {
  if (!sel) return;
  validate_labels(sel->matchLabels, path.child("matchLabels"), errs);
  for (size_t i = 0; i < sel->matchExpressions.size(); ++i) {
    const auto& r = sel->matchExpressions[i];
    Path rp = path.child_index("matchExpressions", i);
    if (r.operator_ == "In" || r.operator_ == "NotIn") {
      if (r.values.empty())
        errs.push_back(
            required(rp.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (r.operator_ == "Exists" || r.operator_ == "DoesNotExist") {
      if (!r.values.empty())
        errs.push_back(forbidden(rp.child("values"),
                                 "may not be specified when `operator` is 'Exists' or "
                                 "'DoesNotExist'"));
    } else {
      // LabelSelectorOperator is a named type: JSON-rendered.
      errs.push_back(
          invalid(rp.child("operator"), json_str(r.operator_), "not a valid selector operator"));
    }
    add_invalid(errs, rp.child("key"), r.key, names::is_qualified_name(r.key));
    for (size_t j = 0; j < r.values.size(); ++j)
      add_invalid(errs, rp.child_index("values", j), r.values[j],
                  names::is_valid_label_value(r.values[j]));
  }
}

void append_dns1123_label(std::string_view v, const Path& path, FieldErrors& errs) {
  add_invalid(errs, path, v, names::is_dns1123_label(v));
}

void append_dns1123_subdomain(std::string_view v, const Path& path, FieldErrors& errs) {
  add_invalid(errs, path, v, names::is_dns1123_subdomain(v));
}

// ---- secret / configMap (validateKeyToPath) ----

void validate_key_to_path(const KeyToPath& kp, const Path& path, FieldErrors& errs) {
  if (kp.key.empty()) errs.push_back(required(path.child("key")));
  if (kp.path.empty()) errs.push_back(required(path.child("path")));
  // Runs on the empty path too (it finds nothing there).
  if (!kp.path.empty()) validate_local_non_reserved_path(kp.path, path.child("path"), errs);
  if (kp.mode) validate_file_mode(kp.mode, path.child("mode"), errs);
}

void validate_key_to_paths(const std::vector<KeyToPath>& items, const Path& path,
                           FieldErrors& errs) {
  if (items.empty()) return;
  Path items_path = path.child("items");
  for (size_t i = 0; i < items.size(); ++i)
    validate_key_to_path(items[i], items_path.index(i), errs);
}

void validate_secret(const SecretVolumeSource& s, const Path& path, FieldErrors& errs) {
  if (s.secretName.empty()) errs.push_back(required(path.child("secretName")));
  validate_file_mode(s.defaultMode, path.child("defaultMode"), errs);
  validate_key_to_paths(s.items, path, errs);
}

void validate_config_map(const ConfigMapVolumeSource& s, const Path& path, FieldErrors& errs) {
  if (s.name.empty()) errs.push_back(required(path.child("name")));
  validate_file_mode(s.defaultMode, path.child("defaultMode"), errs);
  validate_key_to_paths(s.items, path, errs);
}

// ---- downward API ----

// validateDownwardAPIVolumeFile. Upstream passes the downwardAPI path itself
// (no "items[i]"), so every item error lands at e.g.
// "spec.volumes[0].downwardAPI.path".
void validate_downward_api_file(const DownwardAPIVolumeFile& f, const Path& path,
                                FieldErrors& errs) {
  if (f.path.empty()) errs.push_back(required(path.child("path")));
  if (!f.path.empty()) validate_local_non_reserved_path(f.path, path.child("path"), errs);
  if (f.fieldRef) {
    validate_object_field_selector(*f.fieldRef, kVolumeFieldPaths, path.child("fieldRef"), errs);
    if (f.resourceFieldRef)
      errs.push_back(invalid(path, "resource",
                             "fieldRef and resourceFieldRef can not be specified simultaneously"));
  } else if (f.resourceFieldRef) {
    validate_resource_field_selector(*f.resourceFieldRef, true, path.child("resourceFieldRef"),
                                     errs);
  } else {
    errs.push_back(required(path, "one of fieldRef and resourceFieldRef is required"));
  }
  if (f.mode) validate_file_mode(f.mode, path.child("mode"), errs);
}

void validate_downward_api(const DownwardAPIVolumeSource& d, const Path& path, FieldErrors& errs) {
  validate_file_mode(d.defaultMode, path.child("defaultMode"), errs);
  for (const auto& f : d.items) validate_downward_api_file(f, path, errs);
}

// ---- projected ----

// certificates ValidateSignerName.
void validate_signer_name(const Path& path, std::string_view signer, FieldErrors& errs) {
  if (signer.empty()) {
    errs.push_back(required(path));
    return;
  }
  size_t slash = signer.find('/');
  if (slash == std::string_view::npos || signer.find('/', slash + 1) != std::string_view::npos) {
    errs.push_back(invalid(path, signer,
                           "must be a fully qualified domain and path of the form "
                           "'example.com/signer-name'"));
    return;
  }
  std::string_view domain = signer.substr(0, slash);
  std::string_view rest = signer.substr(slash + 1);
  constexpr size_t kMaxDomain = names::kDns1123SubdomainMaxLength;
  if (domain.size() > kMaxDomain) errs.push_back(too_long(path, kMaxDomain));
  size_t labels = 0;
  bool reported = false;
  for (size_t start = 0;;) {
    size_t dot = domain.find('.', start);
    std::string_view lbl =
        domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    ++labels;
    if (!reported) {
      auto msgs = names::is_dns1123_label(lbl);
      for (const auto& m : msgs)
        errs.push_back(invalid(path, domain, "validating label " + go_quote(lbl) + ": " + m));
      reported = !msgs.empty();  // only the first bad label is reported
    }
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (labels < 2)
    errs.push_back(
        invalid(path, domain, "should be a domain with at least two segments separated by dots"));
  for (size_t start = 0;;) {
    size_t dot = rest.find('.', start);
    std::string_view lbl =
        rest.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    auto msgs = names::is_dns1123_subdomain(lbl);
    if (!msgs.empty()) {
      for (const auto& m : msgs)
        errs.push_back(invalid(path, rest, "validating label " + go_quote(lbl) + ": " + m));
      break;
    }
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  constexpr size_t kMaxSigner =
      kMaxDomain + (names::kDns1123SubdomainMaxLength + names::kDns1123LabelMaxLength + 1) + 1;
  if (signer.size() > kMaxSigner) errs.push_back(too_long(path, kMaxSigner));
}

// certificates ValidateClusterTrustBundleName(signerName)(name, false).
std::vector<std::string> cluster_trust_bundle_name_errors(std::string_view signer,
                                                          std::string_view name) {
  if (signer.empty()) {
    if (name.find(':') != std::string_view::npos)
      return {"ClusterTrustBundle without signer name must not have \":\" in its name"};
    return names::is_dns1123_subdomain(name);
  }
  std::string prefix(signer);
  std::replace(prefix.begin(), prefix.end(), '/', ':');
  prefix += ':';
  if (!name.starts_with(prefix))
    return {"ClusterTrustBundle for signerName " + std::string(signer) +
            " must be named with prefix " + prefix};
  return names::is_dns1123_subdomain(name.substr(prefix.size()));
}

void validate_cluster_trust_bundle(const ClusterTrustBundleProjection& ctb, const Path& proj,
                                   const Path& fld, ViewSet& all_paths, FieldErrors& errs) {
  bool using_name = ctb.name.has_value();
  bool using_signer = ctb.signerName.has_value();
  if (using_name && using_signer) {
    errs.push_back(invalid(proj, BadValue::raw(json_ctb_projection(ctb)),
                           "only one of name and signerName may be used"));
  } else if (using_name) {
    const std::string& name = *ctb.name;
    if (name.empty()) errs.push_back(required(proj.child("name"), "must be a valid object name"));
    // extractSignerNameFromClusterTrustBundleName: everything before the last ':'.
    std::string signer;
    size_t colon = name.rfind(':');
    if (colon != std::string::npos) {
      signer = name.substr(0, colon);
      std::replace(signer.begin(), signer.end(), ':', '/');
    }
    for (const auto& m : cluster_trust_bundle_name_errors(signer, name))
      errs.push_back(invalid(proj.child("name"), name, "not a valid clustertrustbundlename: " + m));
    if (ctb.labelSelector)
      errs.push_back(invalid(proj.child("labelSelector"),
                             BadValue::raw(json_label_selector(*ctb.labelSelector)),
                             "labelSelector must be unset if name is specified"));
  } else if (using_signer) {
    if (ctb.signerName->empty())
      errs.push_back(required(proj.child("signerName"), "must be a valid signer name"));
    validate_signer_name(proj.child("signerName"), *ctb.signerName, errs);
    validate_label_selector(ctb.labelSelector, proj.child("labelSelector"), errs);
  } else {
    errs.push_back(required(proj, "either name or signerName must be specified"));
  }
  if (ctb.path.empty()) errs.push_back(required(proj.child("path")));
  if (!ctb.path.empty()) validate_local_non_reserved_path(ctb.path, proj.child("path"), errs);
  // Unlike the other sources, the (possibly empty) path is always recorded.
  if (!all_paths.insert(ctb.path))
    errs.push_back(invalid(fld, ctb.path, std::string(kDuplicatePaths)));
}

// podCertificate (PodCertificateRequest, alpha in 1.34: upstream drops the
// field on create while the gate is off). Only the basic rules.
void validate_pod_certificate(const PodCertificateProjection& pc, const Path& proj, const Path& fld,
                              ViewSet& all_paths, FieldErrors& errs) {
  validate_signer_name(proj.child("signerName"), pc.signerName, errs);
  static constexpr std::array<std::string_view, 6> kKeyTypes = {
      "RSA3072", "RSA4096", "ECDSAP256", "ECDSAP384", "ECDSAP521", "ED25519"};
  if (!contains(kKeyTypes, pc.keyType))
    errs.push_back(
        not_supported(proj.child("keyType"), pc.keyType, {kKeyTypes.begin(), kKeyTypes.end()}));
  if (pc.maxExpirationSeconds) {
    int32_t v = *pc.maxExpirationSeconds;
    if (v < 3600)
      errs.push_back(invalid(proj.child("maxExpirationSeconds"), v,
                             "if provided, maxExpirationSeconds must be >= 3600"));
    // Kubernetes signers (kubernetes.io, *.kubernetes.io) are capped at 24h,
    // the others at 91 days.
    std::string_view host = std::string_view(pc.signerName).substr(0, pc.signerName.find('/'));
    bool k8s_signer = host == "kubernetes.io" || host.ends_with(".kubernetes.io");
    int32_t max = k8s_signer ? 86400 : 7862400;
    if (v > max)
      errs.push_back(
          invalid(proj.child("maxExpirationSeconds"), v,
                  "if provided, maxExpirationSeconds must be <= " + std::to_string(max)));
  }
  auto check_path = [&](const std::string& p, std::string_view name) {
    if (p.empty()) return;
    validate_local_non_reserved_path(p, proj.child(name), errs);
    if (!all_paths.insert(p)) errs.push_back(invalid(fld, p, std::string(kDuplicatePaths)));
  };
  check_path(pc.credentialBundlePath, "credentialBundlePath");
  check_path(pc.keyPath, "keyPath");
  check_path(pc.certificateChainPath, "certificateChainPath");
}

// validateProjectedVolumeSource + validateProjectionSources. Exact
// duplicate paths are errors here; overlapping ones are only warnings
// (pkg/api/pod/warnings.go, not validation).
void validate_projected(const ProjectedVolumeSource& p, const Path& fld, FieldErrors& errs) {
  validate_file_mode(p.defaultMode, fld.child("defaultMode"), errs);
  if (p.sources.empty()) return;
  ViewSet all_paths;
  Path sources_path = fld.child("sources");
  for (size_t i = 0; i < p.sources.size(); ++i) {
    const VolumeProjection& s = p.sources[i];
    Path src = sources_path.index(i);
    int num = 0;
    // The secret and configMap sources; a duplicate path's bad value is the source's name.
    auto key_to_path_source = [&](const auto& source, std::string_view field) {
      ++num;
      Path proj = src.child(field);
      if (source.name.empty()) errs.push_back(required(proj.child("name")));
      Path items_path = proj.child("items");
      for (size_t j = 0; j < source.items.size(); ++j) {
        const KeyToPath& kp = source.items[j];
        validate_key_to_path(kp, items_path.index(j), errs);
        if (kp.path.empty()) continue;
        if (!all_paths.insert(kp.path))
          errs.push_back(invalid(fld, source.name, std::string(kDuplicatePaths)));
      }
    };
    if (s.secret) key_to_path_source(*s.secret, "secret");
    if (s.configMap) key_to_path_source(*s.configMap, "configMap");
    if (s.downwardAPI) {
      ++num;
      // Items again at the source path itself, without "items[j]".
      Path proj = src.child("downwardAPI");
      for (const auto& f : s.downwardAPI->items) {
        validate_downward_api_file(f, proj, errs);
        if (f.path.empty()) continue;
        if (!all_paths.insert(f.path))
          errs.push_back(invalid(fld, f.path, std::string(kDuplicatePaths)));
      }
    }
    if (s.serviceAccountToken) {
      ++num;
      const auto& t = *s.serviceAccountToken;
      Path proj = src.child("serviceAccountToken");
      int64_t exp = t.expirationSeconds.value_or(0);
      if (exp < 10 * 60)
        errs.push_back(invalid(proj.child("expirationSeconds"), exp,
                               "may not specify a duration less than 10 minutes"));
      if (exp > (int64_t{1} << 32))
        errs.push_back(invalid(proj.child("expirationSeconds"), exp,
                               "may not specify a duration larger than 2^32 seconds"));
      // Quirk: reported at "<projected>.path", and never recorded in the
      // duplicate-path set.
      if (t.path.empty())
        errs.push_back(required(fld.child("path")));
      else
        validate_local_non_reserved_path(t.path, fld.child("path"), errs);
    }
    if (s.clusterTrustBundle) {
      ++num;
      validate_cluster_trust_bundle(*s.clusterTrustBundle, src.child("clusterTrustBundle"), fld,
                                    all_paths, errs);
    }
    if (s.podCertificate) {
      ++num;
      validate_pod_certificate(*s.podCertificate, src.child("podCertificate"), fld, all_paths,
                               errs);
    }
    if (num > 1)
      errs.push_back(forbidden(src, "may not specify more than 1 volume type per source"));
  }
}

// ---- hostPath, emptyDir ----

void validate_host_path(const HostPathVolumeSource& h, const Path& path, FieldErrors& errs) {
  if (h.path.empty()) {
    errs.push_back(required(path.child("path")));
    return;
  }
  validate_path_no_backsteps(h.path, path.child("path"), errs);
  static constexpr std::array<std::string_view, 8> kTypes = {
      "",     "BlockDevice",  "CharDevice", "Directory", "DirectoryOrCreate",
      "File", "FileOrCreate", "Socket"};
  if (h.type && !contains(kTypes, *h.type))
    errs.push_back(
        not_supported(path.child("type"), json_str(*h.type), {kTypes.begin(), kTypes.end()}));
}

// ---- persistent volume claims (ephemeral volume templates) ----

void validate_data_source(const std::optional<std::string>& api_group, const std::string& kind,
                          const std::string& name, const Path& path, FieldErrors& errs) {
  if (name.empty()) errs.push_back(required(path.child("name")));
  if (kind.empty()) errs.push_back(required(path.child("kind")));
  std::string_view group = api_group ? std::string_view(*api_group) : std::string_view();
  if (group.empty() && kind != "PersistentVolumeClaim")
    errs.push_back(invalid(
        path, kind, "must be 'PersistentVolumeClaim' when referencing the default apiGroup"));
  if (!group.empty()) append_dns1123_subdomain(group, path.child("apiGroup"), errs);
}

// ValidatePersistentVolumeClaimSpec (VolumeAttributesClass is GA in 1.34).
void validate_pvc_spec(const PersistentVolumeClaimSpec& spec, const Path& path, FieldErrors& errs) {
  if (spec.accessModes.empty())
    errs.push_back(required(path.child("accessModes"), "at least 1 access mode is required"));
  validate_label_selector(spec.selector, path.child("selector"), errs);
  static constexpr std::array<std::string_view, 4> kModes = {"ReadOnlyMany", "ReadWriteMany",
                                                             "ReadWriteOnce", "ReadWriteOncePod"};
  bool rwop = false, other = false;
  for (const auto& m : spec.accessModes) {
    bool known = contains(kModes, m);
    if (!known)
      errs.push_back(
          not_supported(path.child("accessModes"), json_str(m), {kModes.begin(), kModes.end()}));
    if (m == "ReadWriteOncePod")
      rwop = true;
    else if (known)
      other = true;
  }
  if (rwop && other)
    errs.push_back(forbidden(path.child("accessModes"),
                             "may not use ReadWriteOncePod with other access modes"));
  // Quirk: the key hangs off "resources", not "resources.requests".
  auto storage = spec.resources.requests.find("storage");
  if (storage == spec.resources.requests.end()) {
    errs.push_back(required(path.child("resources[storage]")));
  } else if (storage->second.sign() <= 0) {
    errs.push_back(invalid(path.child("resources[storage]"), storage->second.to_string(),
                           "must be greater than zero"));
  }
  if (spec.storageClassName && !spec.storageClassName->empty())
    append_dns1123_subdomain(*spec.storageClassName, path.child("storageClassName"), errs);
  if (spec.volumeMode && *spec.volumeMode != "Block" && *spec.volumeMode != "Filesystem")
    errs.push_back(not_supported(path.child("volumeMode"), json_str(*spec.volumeMode),
                                 {"Block", "Filesystem"}));
  if (spec.dataSource) {
    const auto& ds = *spec.dataSource;
    validate_data_source(ds.apiGroup, ds.kind, ds.name, path.child("dataSource"), errs);
  }
  if (spec.dataSourceRef) {
    const auto& ref = *spec.dataSourceRef;
    Path ref_path = path.child("dataSourceRef");
    validate_data_source(ref.apiGroup, ref.kind, ref.name, ref_path, errs);
    if (ref.namespace_ && !ref.namespace_->empty())
      append_dns1123_label(*ref.namespace_, ref_path.child("namespace"), errs);
  }
  // The bad value upstream is a *field.Path, which json.Marshal prints as {}.
  if (spec.dataSourceRef && spec.dataSourceRef->namespace_ &&
      !spec.dataSourceRef->namespace_->empty()) {
    if (spec.dataSource)
      errs.push_back(invalid(path, BadValue::raw("{}"),
                             "may not be specified when dataSourceRef.namespace is specified"));
  } else if (spec.dataSource && spec.dataSourceRef) {
    const auto& ds = *spec.dataSource;
    const auto& ref = *spec.dataSourceRef;
    if (ds.apiGroup != ref.apiGroup || ds.kind != ref.kind || ds.name != ref.name)
      errs.push_back(invalid(path, BadValue::raw("{}"), "must match dataSourceRef"));
  }
  if (spec.volumeAttributesClassName && !spec.volumeAttributesClassName->empty())
    append_dns1123_subdomain(*spec.volumeAttributesClassName,
                             path.child("volumeAttributesClassName"), errs);
}

// ValidateTemplateObjectMeta: only labels and annotations may be set.
void validate_template_meta(const ObjectMeta& m, const Path& path, FieldErrors& errs) {
  validate_annotations(m.annotations, path.child("annotations"), errs);
  validate_labels(m.labels, path.child("labels"), errs);
  // validateFieldAllowList walks metav1.ObjectMeta in Go field order and
  // lower-cases only the first letter of the Go name (hence "uID").
  auto forbid = [&](bool set, std::string_view name) {
    if (set) errs.push_back(forbidden(path.child(name), "cannot be set"));
  };
  forbid(!m.name.empty(), "name");
  forbid(!m.generateName.empty(), "generateName");
  forbid(!m.namespace_.empty(), "namespace");
  forbid(!m.selfLink.empty(), "selfLink");
  forbid(!m.uid.empty(), "uID");
  forbid(!m.resourceVersion.empty(), "resourceVersion");
  forbid(m.generation != 0, "generation");
  forbid(!m.creationTimestamp.empty(), "creationTimestamp");
  forbid(m.deletionTimestamp.has_value(), "deletionTimestamp");
  forbid(m.deletionGracePeriodSeconds.has_value(), "deletionGracePeriodSeconds");
  forbid(!m.ownerReferences.empty(), "ownerReferences");
  forbid(!m.finalizers.empty(), "finalizers");
  forbid(!m.managedFields.empty(), "managedFields");
}

void validate_ephemeral(const EphemeralVolumeSource& e, const Path& path, FieldErrors& errs) {
  Path tpl = path.child("volumeClaimTemplate");
  if (!e.volumeClaimTemplate) {
    errs.push_back(required(tpl));
    return;
  }
  validate_template_meta(e.volumeClaimTemplate->metadata, tpl.child("metadata"), errs);
  validate_pvc_spec(e.volumeClaimTemplate->spec, tpl.child("spec"), errs);
}

// ---- image, csi ----

void validate_image(const ImageVolumeSource& img, const Path& path, FieldErrors& errs) {
  // opts.ResourceIsPod: a pod (unlike a template) must name the image.
  if (img.reference.empty()) errs.push_back(required(path.child("reference")));
  validate_pull_policy(img.pullPolicy, path.child("pullPolicy"), errs);
}

void validate_csi(const CSIVolumeSource& csi, const Path& path, FieldErrors& errs) {
  // ValidateCSIDriverName: an empty name is Required *and* fails the grammar.
  Path driver_path = path.child("driver");
  if (csi.driver.empty()) errs.push_back(required(driver_path));
  if (csi.driver.size() > 63) errs.push_back(too_long(driver_path, 63));
  add_invalid(errs, driver_path, csi.driver, names::is_dns1123_subdomain(ascii_lower(csi.driver)));
  if (csi.nodePublishSecretRef) {
    const std::string& name = csi.nodePublishSecretRef->name;
    if (name.empty())
      errs.push_back(required(path.child("nodePublishSecretRef.name")));
    else  // Quirk: reported at "csi.name".
      append_dns1123_subdomain(name, path.child("name"), errs);
  }
}

// ---- legacy in-tree sources ----

// iscsiInitiatorIqnRegex `iqn\.\d{4}-\d{2}\.([[:alnum:]-.]+)(:[^,;*&$|\s]+)$`,
// unanchored at the start.
bool iqn_matches(std::string_view s) {
  for (size_t p = s.find("iqn."); p != std::string_view::npos; p = s.find("iqn.", p + 1)) {
    std::string_view t = s.substr(p + 4);
    if (t.size() < 8 || !is_digit(t[0]) || !is_digit(t[1]) || !is_digit(t[2]) || !is_digit(t[3]) ||
        t[4] != '-' || !is_digit(t[5]) || !is_digit(t[6]) || t[7] != '.')
      continue;
    size_t j = 8;
    while (j < t.size() && (is_ascii_alnum(t[j]) || t[j] == '-' || t[j] == '.')) ++j;
    if (j == 8 || j >= t.size() || t[j] != ':' || j + 1 == t.size()) continue;
    bool ok = true;
    for (size_t k = j + 1; k < t.size() && ok; ++k)
      ok = std::string_view(",;*&$|\t\n\f\r ").find(t[k]) == std::string_view::npos;
    if (ok) return true;
  }
  return false;
}

// `^eui.[[:alnum:]]{16}$` / `^naa.[[:alnum:]]{32}$` ('.' is one rune, not '\n').
bool eui_naa_matches(std::string_view s, std::string_view prefix, size_t n) {
  if (!s.starts_with(prefix) || s.size() <= prefix.size()) return false;
  auto c = static_cast<unsigned char>(s[prefix.size()]);
  if (c == '\n') return false;
  size_t len = 1;
  if (c >= 0x80) {
    size_t want = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    bool ok = prefix.size() + want <= s.size();
    for (size_t k = 1; ok && k < want; ++k)
      ok = (static_cast<unsigned char>(s[prefix.size() + k]) >> 6) == 2;
    len = ok ? want : 1;  // an invalid byte is one (replacement) rune
  }
  std::string_view rest = s.substr(prefix.size() + len);
  return rest.size() == n && std::all_of(rest.begin(), rest.end(), is_ascii_alnum);
}

void validate_iqn_format(std::string_view v, const Path& path, FieldErrors& errs) {
  bool iqn = v.starts_with("iqn"), eui = v.starts_with("eui"), naa = v.starts_with("naa");
  if (!iqn && !eui && !naa)
    errs.push_back(invalid(path, v, "must be valid format starting with iqn, eui, or naa"));
  if ((iqn && !iqn_matches(v)) || (!iqn && eui && !eui_naa_matches(v, "eui", 16)) ||
      (!iqn && !eui && naa && !eui_naa_matches(v, "naa", 32)))
    errs.push_back(invalid(path, v, "must be valid format"));
}

void validate_iscsi(const ISCSIVolumeSource& s, const Path& path, FieldErrors& errs) {
  if (s.targetPortal.empty()) errs.push_back(required(path.child("targetPortal")));
  if (s.iqn.empty())
    errs.push_back(required(path.child("iqn")));
  else
    validate_iqn_format(s.iqn, path.child("iqn"), errs);
  if (s.lun < 0 || s.lun > 255)
    errs.push_back(invalid(path.child("lun"), s.lun, inclusive_range_error(0, 255)));
  if ((s.chapAuthDiscovery || s.chapAuthSession) && !s.secretRef)
    errs.push_back(required(path.child("secretRef")));
  // Quirk: lower-case "initiatorname".
  if (s.initiatorName) validate_iqn_format(*s.initiatorName, path.child("initiatorname"), errs);
}

// net.SplitHostPort succeeds.
bool split_host_port_ok(std::string_view hp) {
  size_t i = hp.rfind(':');
  if (i == std::string_view::npos) return false;
  size_t j = 0, k = 0;
  if (hp.front() == '[') {
    size_t end = hp.find(']');
    if (end == std::string_view::npos || end + 1 != i) return false;
    j = 1;
    k = end + 1;
  } else if (hp.substr(0, i).find(':') != std::string_view::npos) {
    return false;
  }
  return hp.substr(j).find('[') == std::string_view::npos &&
         hp.substr(k).find(']') == std::string_view::npos;
}

void validate_quobyte(const QuobyteVolumeSource& q, const Path& path, FieldErrors& errs) {
  constexpr std::string_view kRegistryMsg =
      "must be a host:port pair or multiple pairs separated by commas";
  if (q.registry.empty()) {
    errs.push_back(required(path.child("registry"), std::string(kRegistryMsg)));
  } else if (q.tenant.size() >= 65) {
    errs.push_back(required(path.child("tenant"),
                            "must be a UUID and may not exceed a length of 64 characters"));
  } else {
    std::string_view reg = q.registry;
    for (size_t start = 0;;) {
      size_t comma = reg.find(',', start);
      std::string_view pair = reg.substr(
          start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
      if (!split_host_port_ok(pair))
        errs.push_back(invalid(path.child("registry"), q.registry, std::string(kRegistryMsg)));
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
  }
  if (q.volume.empty()) errs.push_back(required(path.child("volume")));
}

void validate_fc(const FCVolumeSource& fc, const Path& path, FieldErrors& errs) {
  if (fc.targetWWNs.empty() && fc.wwids.empty())
    errs.push_back(required(path.child("targetWWNs"),
                            "must specify either targetWWNs or wwids, but not both"));
  if (!fc.targetWWNs.empty() && !fc.wwids.empty())
    errs.push_back(invalid(path.child("targetWWNs"), BadValue::raw(json_string_list(fc.targetWWNs)),
                           "targetWWNs and wwids can not be specified simultaneously"));
  if (!fc.targetWWNs.empty()) {
    if (!fc.lun)
      errs.push_back(required(path.child("lun"), "lun is required if targetWWNs is specified"));
    else if (*fc.lun < 0 || *fc.lun > 255)
      errs.push_back(invalid(path.child("lun"), *fc.lun, inclusive_range_error(0, 255)));
  }
}

void validate_flex(const FlexVolumeSource& fv, const Path& path, FieldErrors& errs) {
  if (fv.driver.empty()) errs.push_back(required(path.child("driver")));
  for (const auto& [k, v] : fv.options) {
    std::string_view ns = k;
    if (size_t slash = ns.find('/'); slash != std::string_view::npos) ns = ns.substr(0, slash);
    std::string normalized = "." + ascii_lower(ns);
    if (normalized.ends_with(".kubernetes.io") || normalized.ends_with(".k8s.io"))
      errs.push_back(invalid(path.child_key("options", k), k,
                             "kubernetes.io and k8s.io namespaces are reserved"));
  }
}

void validate_azure_disk(const AzureDiskVolumeSource& a, const Path& path, FieldErrors& errs) {
  if (a.diskName.empty()) errs.push_back(required(path.child("diskName")));
  if (a.diskURI.empty()) errs.push_back(required(path.child("diskURI")));
  if (a.cachingMode && *a.cachingMode != "None" && *a.cachingMode != "ReadOnly" &&
      *a.cachingMode != "ReadWrite")
    errs.push_back(not_supported(path.child("cachingMode"), json_str(*a.cachingMode),
                                 {"None", "ReadOnly", "ReadWrite"}));
  if (a.kind && *a.kind != "Shared" && *a.kind != "Dedicated" && *a.kind != "Managed")
    errs.push_back(
        not_supported(path.child("kind"), json_str(*a.kind), {"Dedicated", "Managed", "Shared"}));
  if (a.kind && *a.kind == "Managed" && !a.diskURI.starts_with("/subscriptions/"))
    errs.push_back(not_supported(
        path.child("diskURI"), a.diskURI,
        {"/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/"
         "{disk-id}"}));
  if (a.kind && *a.kind != "Managed" && !a.diskURI.starts_with("https://"))
    errs.push_back(not_supported(
        path.child("diskURI"), a.diskURI,
        {"https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd"}));
}

void validate_storageos(const StorageOSVolumeSource& s, const Path& path, FieldErrors& errs) {
  if (s.volumeName.empty())
    errs.push_back(required(path.child("volumeName")));
  else
    append_dns1123_label(s.volumeName, path.child("volumeName"), errs);
  if (!s.volumeNamespace.empty())
    append_dns1123_label(s.volumeNamespace, path.child("volumeNamespace"), errs);
  if (s.secretRef && s.secretRef->name.empty())
    errs.push_back(required(path.child("secretRef.name")));
}

void require(bool missing, const Path& path, std::string_view name, FieldErrors& errs) {
  if (missing) errs.push_back(required(path.child(name)));
}

// ---- validateVolumeSource ----

void validate_volume_source(const Volume& v, const Path& idx, const ObjectMeta& meta,
                            FieldErrors& errs) {
  int num = 0;
  // A second source is reported at its own path, in this checking order; the
  // first one found is the one validated.
  auto second = [&](std::string_view name) {
    if (num > 0) {
      errs.push_back(forbidden(idx.child(name), std::string(kOneVolumeType)));
      return true;
    }
    ++num;
    return false;
  };
  if (v.emptyDir) {
    ++num;
    if (v.emptyDir->sizeLimit && v.emptyDir->sizeLimit->sign() < 0)
      errs.push_back(forbidden(idx.child("emptyDir.sizeLimit"),
                               "SizeLimit field must be a valid resource quantity"));
  }
  if (v.hostPath && !second("hostPath"))
    validate_host_path(*v.hostPath, idx.child("hostPath"), errs);
  if (v.gitRepo && !second("gitRepo")) {
    Path p = idx.child("gitRepo");
    require(v.gitRepo->repository.empty(), p, "repository", errs);
    validate_local_descending_path(v.gitRepo->directory, p.child("directory"), errs);
  }
  if (v.gcePersistentDisk && !second("gcePersistentDisk")) {
    // Quirk: validated under "persistentDisk".
    Path p = idx.child("persistentDisk");
    require(v.gcePersistentDisk->pdName.empty(), p, "pdName", errs);
    int32_t part = v.gcePersistentDisk->partition;
    if (part < 0 || part > 255)
      errs.push_back(invalid(p.child("partition"), part, inclusive_range_error(1, 255)));
  }
  if (v.awsElasticBlockStore && !second("awsElasticBlockStore")) {
    Path p = idx.child("awsElasticBlockStore");
    require(v.awsElasticBlockStore->volumeID.empty(), p, "volumeID", errs);
    int32_t part = v.awsElasticBlockStore->partition;
    if (part < 0 || part > 255)
      errs.push_back(invalid(p.child("partition"), part, inclusive_range_error(1, 255)));
  }
  if (v.secret && !second("secret")) validate_secret(*v.secret, idx.child("secret"), errs);
  if (v.nfs && !second("nfs")) {
    Path p = idx.child("nfs");
    require(v.nfs->server.empty(), p, "server", errs);
    require(v.nfs->path.empty(), p, "path", errs);
    if (!v.nfs->path.starts_with('/'))
      errs.push_back(invalid(p.child("path"), v.nfs->path, "must be an absolute path"));
  }
  if (v.iscsi) {
    if (!second("iscsi")) validate_iscsi(*v.iscsi, idx.child("iscsi"), errs);
    // Checked even when iscsi is the surplus source.
    if (v.iscsi->initiatorName && v.name.size() + 1 + v.iscsi->targetPortal.size() > 64)
      errs.push_back(invalid(idx.child("name"), v.name,
                             "Total length of <volume name>:<iscsi.targetPortal> must be under 64 "
                             "characters if iscsi.initiatorName is specified."));
  }
  if (v.glusterfs && !second("glusterfs")) {
    Path p = idx.child("glusterfs");
    require(v.glusterfs->endpoints.empty(), p, "endpoints", errs);
    require(v.glusterfs->path.empty(), p, "path", errs);
  }
  if (v.flocker && !second("flocker")) {
    Path p = idx.child("flocker");
    const auto& f = *v.flocker;
    if (f.datasetName.empty() && f.datasetUUID.empty())
      errs.push_back(required(p, "one of datasetName and datasetUUID is required"));
    if (!f.datasetName.empty() && !f.datasetUUID.empty())
      errs.push_back(invalid(p, "resource",
                             "datasetName and datasetUUID can not be specified simultaneously"));
    if (f.datasetName.find('/') != std::string::npos)
      errs.push_back(invalid(p.child("datasetName"), f.datasetName, "must not contain '/'"));
  }
  if (v.persistentVolumeClaim && !second("persistentVolumeClaim"))
    require(v.persistentVolumeClaim->claimName.empty(), idx.child("persistentVolumeClaim"),
            "claimName", errs);
  if (v.rbd && !second("rbd")) {
    Path p = idx.child("rbd");
    require(v.rbd->monitors.empty(), p, "monitors", errs);
    require(v.rbd->image.empty(), p, "image", errs);
  }
  if (v.cinder && !second("cinder")) {
    Path p = idx.child("cinder");
    require(v.cinder->volumeID.empty(), p, "volumeID", errs);
    if (v.cinder->secretRef && v.cinder->secretRef->name.empty())
      errs.push_back(required(p.child("secretRef.name")));
  }
  // Quirk: the surplus error says "cephFS", validation uses "cephfs".
  if (v.cephfs && !second("cephFS"))
    require(v.cephfs->monitors.empty(), idx.child("cephfs"), "monitors", errs);
  if (v.quobyte && !second("quobyte")) validate_quobyte(*v.quobyte, idx.child("quobyte"), errs);
  // Quirk: upstream's typo "downwarAPI" in the surplus error.
  if (v.downwardAPI && !second("downwarAPI"))
    validate_downward_api(*v.downwardAPI, idx.child("downwardAPI"), errs);
  if (v.fc && !second("fc")) validate_fc(*v.fc, idx.child("fc"), errs);
  if (v.flexVolume && !second("flexVolume"))
    validate_flex(*v.flexVolume, idx.child("flexVolume"), errs);
  if (v.configMap && !second("configMap"))
    validate_config_map(*v.configMap, idx.child("configMap"), errs);
  if (v.azureFile && !second("azureFile")) {
    Path p = idx.child("azureFile");
    require(v.azureFile->secretName.empty(), p, "secretName", errs);
    require(v.azureFile->shareName.empty(), p, "shareName", errs);
  }
  if (v.vsphereVolume && !second("vsphereVolume"))
    require(v.vsphereVolume->volumePath.empty(), idx.child("vsphereVolume"), "volumePath", errs);
  if (v.photonPersistentDisk && !second("photonPersistentDisk"))
    require(v.photonPersistentDisk->pdID.empty(), idx.child("photonPersistentDisk"), "pdID", errs);
  if (v.portworxVolume && !second("portworxVolume"))
    require(v.portworxVolume->volumeID.empty(), idx.child("portworxVolume"), "volumeID", errs);
  if (v.azureDisk && !second("azureDisk"))
    validate_azure_disk(*v.azureDisk, idx.child("azureDisk"), errs);
  if (v.storageos && !second("storageos"))
    validate_storageos(*v.storageos, idx.child("storageos"), errs);
  if (v.projected && !second("projected"))
    validate_projected(*v.projected, idx.child("projected"), errs);
  if (v.scaleIO && !second("scaleIO")) {
    Path p = idx.child("scaleIO");
    require(v.scaleIO->gateway.empty(), p, "gateway", errs);
    require(v.scaleIO->system.empty(), p, "system", errs);
    require(v.scaleIO->volumeName.empty(), p, "volumeName", errs);
  }
  if (v.csi && !second("csi")) validate_csi(*v.csi, idx.child("csi"), errs);
  if (v.ephemeral && !second("ephemeral")) {
    validate_ephemeral(*v.ephemeral, idx.child("ephemeral"), errs);
    // The PVC the ephemeral volume creates is named "<pod>-<volume>".
    if (!meta.name.empty() && !v.name.empty()) {
      std::string pvc = meta.name + "-" + v.name;
      for (const auto& m : names::is_dns1123_subdomain(pvc))
        errs.push_back(invalid(idx.child("name"), v.name, "PVC name " + go_quote(pvc) + ": " + m));
    }
  }
  if (v.image && !second("image")) validate_image(*v.image, idx.child("image"), errs);
  if (num == 0) errs.push_back(required(idx, "must specify a volume type"));
}

// True when `claim` is "<pod>-<volume>" for some ephemeral volume.
bool is_created_pvc(std::string_view claim, std::string_view pod,
                    const std::vector<Volume>& volumes) {
  if (pod.empty() || claim.size() <= pod.size() || !claim.starts_with(pod) ||
      claim[pod.size()] != '-')
    return false;
  std::string_view vol = claim.substr(pod.size() + 1);
  return std::any_of(volumes.begin(), volumes.end(),
                     [vol](const Volume& v) { return v.ephemeral && v.name == vol; });
}

// GetVolumeMountMap / GetVolumeDeviceMap are name -> path maps where the
// last entry of a name wins; `is_last` tells whether entry i is that one.
template <typename T, typename Name>
bool is_last(const std::vector<T>& list, size_t i, Name name) {
  for (size_t k = i + 1; k < list.size(); ++k)
    if (name(list[k]) == name(list[i])) return false;
  return true;
}

}  // namespace

VolumeMap validate_volumes(const std::vector<Volume>& volumes, const ObjectMeta& meta,
                           const std::string& path_text, FieldErrors& errs) {
  Path path(path_text);
  VolumeMap vols;
  FieldErrors el;
  for (size_t i = 0; i < volumes.size(); ++i) {
    const Volume& vol = volumes[i];
    Path idx = path.index(i);
    el.clear();
    validate_volume_source(vol, idx, meta, el);
    if (vol.name.empty())
      el.push_back(required(idx.child("name")));
    else
      append_dns1123_label(vol.name, idx.child("name"), el);
    // Only volumes that validated are remembered, so a name clashing with an
    // invalid earlier volume is not reported as a duplicate.
    if (vols.contains(vol.name)) el.push_back(duplicate(idx.child("name"), vol.name));
    if (el.empty())
      vols.emplace(vol.name, &vol);
    else
      errs.insert(errs.end(), std::make_move_iterator(el.begin()),
                  std::make_move_iterator(el.end()));
    if (vol.persistentVolumeClaim &&
        is_created_pvc(vol.persistentVolumeClaim->claimName, meta.name, volumes))
      errs.push_back(invalid(idx.child("persistentVolumeClaim.claimName"),
                             vol.persistentVolumeClaim->claimName,
                             "must not reference a PVC that gets created for an ephemeral volume"));
  }
  return vols;
}

void validate_volume_mounts(const Container& container, const VolumeMap& volumes, const Path& path,
                            FieldErrors& errs) {
  const auto& mounts = container.volumeMounts;
  const auto& devices = container.volumeDevices;
  auto dev_name = [](const VolumeDevice& d) -> std::string_view { return d.name; };
  bool privileged = container.securityContext && container.securityContext->privileged &&
                    *container.securityContext->privileged;
  for (size_t i = 0; i < mounts.size(); ++i) {
    const VolumeMount& mnt = mounts[i];
    Path item = path.index(i);
    if (mnt.name.empty()) errs.push_back(required(item.child("name")));
    if (!volumes.contains(mnt.name)) errs.push_back(not_found(item.child("name"), mnt.name));
    if (mnt.mountPath.empty()) errs.push_back(required(item.child("mountPath")));
    bool seen = std::any_of(mounts.begin(), mounts.begin() + static_cast<ptrdiff_t>(i),
                            [&](const VolumeMount& m) { return m.mountPath == mnt.mountPath; });
    if (seen) errs.push_back(invalid(item.child("mountPath"), mnt.mountPath, "must be unique"));
    if (!devices.empty()) {
      bool name_clash = std::any_of(devices.begin(), devices.end(),
                                    [&](const VolumeDevice& d) { return d.name == mnt.name; });
      if (name_clash)
        errs.push_back(
            invalid(item.child("name"), mnt.name, "must not already exist in volumeDevices"));
      bool path_clash = false;
      for (size_t j = 0; j < devices.size() && !path_clash; ++j)
        path_clash = devices[j].devicePath == mnt.mountPath && is_last(devices, j, dev_name);
      if (path_clash)
        errs.push_back(invalid(item.child("mountPath"), mnt.mountPath,
                               "must not already exist as a path in volumeDevices"));
    }
    // Image volumes accept subPath/subPathExpr since 1.33 (KEP-4639 beta).
    // Quirk: the path checks below report at "…volumeMounts.subPath" and
    // "…volumeMounts.subPathExpr", without the index.
    if (!mnt.subPath.empty())
      validate_local_descending_path(mnt.subPath, path.child("subPath"), errs);
    if (!mnt.subPathExpr.empty()) {
      if (!mnt.subPath.empty())
        errs.push_back(invalid(item.child("subPathExpr"), mnt.subPathExpr,
                               "subPathExpr and subPath are mutually exclusive"));
      validate_local_descending_path(mnt.subPathExpr, path.child("subPathExpr"), errs);
    }
    if (mnt.mountPropagation) {
      // validateMountPropagation, also without the index.
      const std::string& mp = *mnt.mountPropagation;
      Path mp_path = path.child("mountPropagation");
      if (mp != "Bidirectional" && mp != "HostToContainer" && mp != "None")
        errs.push_back(
            not_supported(mp_path, json_str(mp), {"Bidirectional", "HostToContainer", "None"}));
      if (mp == "Bidirectional" && !privileged)
        errs.push_back(forbidden(
            mp_path, "Bidirectional mount propagation is available only to privileged containers"));
    }
    if (mnt.recursiveReadOnly) {
      // validateMountRecursiveReadOnly, again without the index.
      const std::string& rro = *mnt.recursiveReadOnly;
      Path rro_path = path.child("recursiveReadOnly");
      if (rro == "Enabled" || rro == "IfPossible") {
        if (!mnt.readOnly)
          errs.push_back(forbidden(rro_path, "may only be specified when readOnly is true"));
        if (mnt.mountPropagation && *mnt.mountPropagation != "None")
          errs.push_back(forbidden(
              rro_path, "may only be specified when mountPropagation is None or not specified"));
      } else if (rro != "Disabled") {
        errs.push_back(
            not_supported(rro_path, json_str(rro), {"Disabled", "Enabled", "IfPossible"}));
      }
    }
  }
}

void validate_volume_devices(const Container& container, const VolumeMap& volumes, const Path& path,
                             FieldErrors& errs) {
  const auto& devices = container.volumeDevices;
  const auto& mounts = container.volumeMounts;
  auto mount_name = [](const VolumeMount& m) -> std::string_view { return m.name; };
  ViewSet device_paths, device_names;
  for (size_t i = 0; i < devices.size(); ++i) {
    const VolumeDevice& dev = devices[i];
    Path item = path.index(i);
    auto found = volumes.find(dev.name);
    bool matched = found != volumes.end();
    bool is_pvc = matched && (found->second->persistentVolumeClaim || found->second->ephemeral);
    if (dev.name.empty()) errs.push_back(required(item.child("name")));
    if (device_names.has(dev.name))
      errs.push_back(invalid(item.child("name"), dev.name, "must be unique"));
    if (matched && !is_pvc)
      errs.push_back(invalid(item.child("name"), dev.name,
                             "can only use volume source type of PersistentVolumeClaim or "
                             "Ephemeral for block mode"));
    if (!matched) errs.push_back(not_found(item.child("name"), dev.name));
    if (dev.devicePath.empty()) errs.push_back(required(item.child("devicePath")));
    if (device_paths.has(dev.devicePath))
      errs.push_back(invalid(item.child("devicePath"), dev.devicePath, "must be unique"));
    if (!dev.devicePath.empty() && has_backstep(dev.devicePath))
      errs.push_back(
          invalid(item.child("devicePath"), dev.devicePath, "can not contain backsteps ('..')"));
    else
      device_paths.insert(dev.devicePath);  // the empty path too
    if (!mounts.empty()) {
      if (std::any_of(mounts.begin(), mounts.end(),
                      [&](const VolumeMount& m) { return m.name == dev.name; }))
        errs.push_back(
            invalid(item.child("name"), dev.name, "must not already exist in volumeMounts"));
      bool path_clash = false;
      for (size_t j = 0; j < mounts.size() && !path_clash; ++j)
        path_clash = mounts[j].mountPath == dev.devicePath && is_last(mounts, j, mount_name);
      if (path_clash)
        errs.push_back(invalid(item.child("devicePath"), dev.devicePath,
                               "must not already exist as a path in volumeMounts"));
    }
    if (!dev.name.empty()) device_names.insert(dev.name);
  }
}

void validate_volume_mounts(const Container& container, const VolumeMap& volumes,
                            const std::string& path, FieldErrors& errs) {
  validate_volume_mounts(container, volumes, Path(path), errs);
}

void validate_volume_devices(const Container& container, const VolumeMap& volumes,
                             const std::string& path, FieldErrors& errs) {
  validate_volume_devices(container, volumes, Path(path), errs);
}

}  // namespace podcore::manifest::validation
