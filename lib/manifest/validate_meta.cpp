// Object metadata validation for a Pod on create: apimachinery
// pkg/api/validation/objectmeta.go (ValidateObjectMetaAccessor and the
// common part), pkg/apis/meta/v1/validation (ValidateLabels,
// ValidateManagedFields) and the extra finalizer check of
// pkg/apis/core/validation ValidateObjectMeta (Kubernetes 1.34).
//
// Go iterates maps in random order; labels and annotations are checked here
// in key order, which is one of the orders the API server can produce.
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "manifest/names.hpp"
#include "manifest/validate_internal.hpp"

namespace podcore::manifest::validation {

namespace {

// TotalAnnotationSizeLimitB: 256 KiB for keys plus values.
constexpr int64_t kTotalAnnotationSizeLimit = 256 * (1 << 10);
// FieldManagerMaxLength and MaxSubresourceNameLength.
constexpr size_t kFieldManagerMaxLength = 128;
constexpr size_t kMaxSubresourceNameLength = 256;

// apimachinery maskTrailingDash: a generateName prefix may end in '-',
// because random characters follow it.
std::string mask_trailing_dash(std::string_view name) {
  std::string s(name);
  if (s.size() > 1 && s.back() == '-') s.back() = 'a';
  return s;
}

// Go's %#v of a metav1.OwnerReference (the value of two Invalid errors).
std::string go_owner_reference(const OwnerReference& r) {
  return "v1.OwnerReference{APIVersion:" + go_quote(r.apiVersion) + ", Kind:" + go_quote(r.kind) +
         ", Name:" + go_quote(r.name) + ", UID:" + go_quote(r.uid) +
         ", Controller:" + go_ptr(r.controller.has_value(), "*bool") +
         ", BlockOwnerDeletion:" + go_ptr(r.blockOwnerDeletion.has_value(), "*bool") + "}";
}

// schema.FromAPIVersionAndKind(apiVersion, kind).Version: "" for "", "/",
// "group/" and for anything with more than one '/' (a parse error).
std::string_view api_version_of(std::string_view api_version) {
  if (api_version.empty() || api_version == "/") return {};
  size_t slash = api_version.find('/');
  if (slash == std::string_view::npos) return api_version;
  if (api_version.find('/', slash + 1) != std::string_view::npos) return {};
  return api_version.substr(slash + 1);
}
std::string_view api_group_of(std::string_view api_version) {
  if (api_version.empty() || api_version == "/") return {};
  size_t slash = api_version.find('/');
  if (slash == std::string_view::npos) return {};
  if (api_version.find('/', slash + 1) != std::string_view::npos) return {};
  return api_version.substr(0, slash);
}

// validateOwnerReference. Note the upstream quirk: the paths have no index
// (`metadata.ownerReferences.kind`), because fldPath is the list itself.
void validate_owner_reference(const OwnerReference& ref, const std::string& path,
                              FieldErrors& errs) {
  std::string_view version = api_version_of(ref.apiVersion);
  std::string_view group = api_group_of(ref.apiVersion);
  if (version.empty())
    errs.push_back(invalid(child(path, "apiVersion"), ref.apiVersion, "version must not be empty"));
  if (ref.kind.empty()) errs.push_back(invalid(child(path, "kind"), ref.kind, "must not be empty"));
  if (ref.name.empty()) errs.push_back(invalid(child(path, "name"), ref.name, "must not be empty"));
  if (ref.uid.empty()) errs.push_back(invalid(child(path, "uid"), ref.uid, "must not be empty"));
  // BannedOwners: core/v1 Event.
  if (group.empty() && version == "v1" && ref.kind == "Event")
    errs.push_back(invalid(path, BadValue::raw(go_owner_reference(ref)),
                           "/v1, Kind=Event is disallowed from being an owner"));
}

void validate_owner_references(const std::vector<OwnerReference>& refs, const std::string& path,
                               FieldErrors& errs) {
  std::string first_controller;
  for (const auto& ref : refs) {
    validate_owner_reference(ref, path, errs);
    if (ref.controller.value_or(false)) {
      std::string current = ref.kind + "/" + ref.name;
      if (!first_controller.empty()) {
        std::string all = "[]v1.OwnerReference{";
        for (size_t i = 0; i < refs.size(); ++i) {
          if (i) all += ", ";
          all += go_owner_reference(refs[i]);
        }
        all += "}";
        errs.push_back(invalid(path, BadValue::raw(all),
                               "Only one reference can have Controller set to true. Found \"true\" "
                               "in references for " +
                                   first_controller + " and " + current));
      } else {
        first_controller = current;
      }
    }
  }
}

// ValidateFinalizers: name errors are reported at the list path itself.
void validate_finalizers(const std::vector<std::string>& finalizers, const std::string& path,
                         FieldErrors& errs) {
  bool orphan = false;
  bool foreground = false;
  for (const auto& f : finalizers) {
    append_invalid(errs, path, f, names::is_qualified_name(f));
    orphan = orphan || f == "orphan";
    foreground = foreground || f == "foregroundDeletion";
  }
  if (orphan && foreground)
    errs.push_back(invalid(path, BadValue::raw(go_string_slice(finalizers)),
                           "finalizer orphan and foregroundDeletion cannot be both set"));
}

// Go's unicode.IsPrint for what this check can see: ASCII controls and DEL
// are not printable; multi-byte runes are taken as printable.
void validate_field_manager(const std::string& manager, const std::string& path,
                            FieldErrors& errs) {
  if (manager.size() > kFieldManagerMaxLength)
    errs.push_back(too_long(path, static_cast<int64_t>(kFieldManagerMaxLength)));
  for (size_t i = 0; i < manager.size(); ++i) {
    auto c = static_cast<unsigned char>(manager[i]);
    if (c < 0x20 || c == 0x7f) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "invalid character U+%04X (at position %zu)", c, i);
      errs.push_back(invalid(path, manager, buf));
    }
  }
}

void validate_managed_fields(const std::vector<ManagedFieldsEntry>& entries,
                             const std::string& path, FieldErrors& errs) {
  for (size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    std::string p = index(path, i);
    if (e.operation != "Apply" && e.operation != "Update")
      errs.push_back(invalid(child(p, "operation"), e.operation, "must be `Apply` or `Update`"));
    if (!e.fieldsType.empty() && e.fieldsType != "FieldsV1")
      errs.push_back(invalid(child(p, "fieldsType"), e.fieldsType, "must be `FieldsV1`"));
    validate_field_manager(e.manager, child(p, "manager"), errs);
    if (e.subresource.size() > kMaxSubresourceNameLength)
      errs.push_back(
          too_long(child(p, "subresource"), static_cast<int64_t>(kMaxSubresourceNameLength)));
  }
}

// helper.IsStandardFinalizerName.
bool is_standard_finalizer(std::string_view f) {
  return f == "kubernetes" || f == "orphan" || f == "foregroundDeletion";
}

}  // namespace

void validate_labels(const std::map<std::string, std::string>& labels, const Path& path,
                     FieldErrors& errs) {
  // Upstream quirk: every label error is reported at the map's path, with
  // the bad key or the bad value as the value (no [key] suffix).
  for (const auto& [k, v] : labels) {
    add_invalid(errs, path, k, names::is_qualified_name(k));
    add_invalid(errs, path, v, names::is_valid_label_value(v));
  }
}

void validate_labels(const std::map<std::string, std::string>& labels, const std::string& path,
                     FieldErrors& errs) {
  validate_labels(labels, Path(path), errs);
}

void validate_annotations(const std::map<std::string, std::string>& annotations, const Path& path,
                          FieldErrors& errs) {
  int64_t total = 0;
  for (const auto& [k, v] : annotations) {
    // Keys are qualified names except that case does not matter.
    add_invalid(errs, path, k, names::is_qualified_name(ascii_lower(k)));
    total += static_cast<int64_t>(k.size() + v.size());
  }
  if (total > kTotalAnnotationSizeLimit) errs.push_back(too_long(path, kTotalAnnotationSizeLimit));
}

void validate_annotations(const std::map<std::string, std::string>& annotations,
                          const std::string& path, FieldErrors& errs) {
  validate_annotations(annotations, Path(path), errs);
}

void validate_object_meta(const ObjectMeta& meta, const std::string& path, FieldErrors& errs) {
  // ValidatePodName = NameIsDNSSubdomain; a generateName prefix may end in '-'.
  if (!meta.generateName.empty())
    append_invalid(errs, child(path, "generateName"), meta.generateName,
                   names::is_dns1123_subdomain(mask_trailing_dash(meta.generateName)));
  if (meta.name.empty())
    errs.push_back(required(child(path, "name"), "name or generateName is required"));
  else
    append_invalid(errs, child(path, "name"), meta.name, names::is_dns1123_subdomain(meta.name));

  // Pods are namespaced; ValidateNamespaceName = NameIsDNSLabel.
  if (meta.namespace_.empty())
    errs.push_back(required(child(path, "namespace")));
  else
    append_invalid(errs, child(path, "namespace"), meta.namespace_,
                   names::is_dns1123_label(meta.namespace_));

  if (meta.generation < 0)
    errs.push_back(
        invalid(child(path, "generation"), meta.generation, "must be greater than or equal to 0"));
  Path root(path);
  validate_labels(meta.labels, root.child("labels"), errs);
  validate_annotations(meta.annotations, root.child("annotations"), errs);
  validate_owner_references(meta.ownerReferences, child(path, "ownerReferences"), errs);
  validate_finalizers(meta.finalizers, child(path, "finalizers"), errs);
  validate_managed_fields(meta.managedFields, child(path, "managedFields"), errs);

  // core ValidateObjectMeta adds validateKubeFinalizerName, this time with
  // an index in the path.
  for (size_t i = 0; i < meta.finalizers.size(); ++i) {
    const auto& f = meta.finalizers[i];
    if (f.find('/') == std::string::npos && !is_standard_finalizer(f))
      errs.push_back(
          invalid(index(child(path, "finalizers"), i), f,
                  "name is neither a standard finalizer name nor is it fully qualified"));
  }
}

}  // namespace podcore::manifest::validation
