// Shared declarations and helpers of the validation files (validate_*.cpp), defined in
// validate_common.cpp unless noted. Private to the manifest layer. Paths are Kubernetes field
// paths: strings (child / index / key), or a lazy Path rendered only for an error. Functions
// that take a string path do so for callers that already hold one (and for the tests).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "manifest/field_error.hpp"
#include "manifest/pod_types.hpp"

namespace podcore::manifest::validation {

// ---- paths (field.Path) ----
inline std::string child(std::string_view base, std::string_view name) {
  std::string s(base);
  if (!s.empty()) s += '.';
  s += name;
  return s;
}
inline std::string index(std::string_view base, size_t i) {
  return std::string(base) + "[" + std::to_string(i) + "]";
}
inline std::string key(std::string_view base, std::string_view k) {
  return std::string(base) + "[" + std::string(k) + "]";
}

/// A field path (field.Path) spelled out only when an error needs it: a chain of segments on the
/// callers' stacks, so validating a valid pod builds no path strings. A Path points to its
/// parent, so it must not outlive the Path it was made from: the children of temporaries are
/// deleted overloads (name the middle segment, or use child_index / child_key), and so is a root
/// made from a temporary string. Spelled like child / index / key above.
class Path {
 public:
  explicit Path(const std::string& root) : name_(root) {}
  explicit Path(const std::string&&) = delete;

  [[nodiscard]] Path child(std::string_view name) const& { return {this, kChild, name, {}, 0}; }
  [[nodiscard]] Path index(size_t i) const& { return {this, kIndex, {}, {}, i}; }
  [[nodiscard]] Path key(std::string_view k) const& { return {this, kKey, {}, k, 0}; }
  /// child(name) then [i] / [k], as one segment.
  [[nodiscard]] Path child_index(std::string_view name, size_t i) const& {
    return {this, kChildIndex, name, {}, i};
  }
  [[nodiscard]] Path child_key(std::string_view name, std::string_view k) const& {
    return {this, kChildKey, name, k, 0};
  }
  Path child(std::string_view) const&& = delete;
  Path index(size_t) const&& = delete;
  Path key(std::string_view) const&& = delete;
  Path child_index(std::string_view, size_t) const&& = delete;
  Path child_key(std::string_view, std::string_view) const&& = delete;

  [[nodiscard]] std::string str() const;
  // NOLINTNEXTLINE(google-explicit-constructor): field errors take the rendered path
  operator std::string() const { return str(); }

 private:
  enum Kind : uint8_t { kRoot, kChild, kIndex, kKey, kChildIndex, kChildKey };
  Path(const Path* parent, Kind kind, std::string_view name, std::string_view k, size_t i)
      : parent_(parent), kind_(kind), name_(name), key_(k), index_(i) {}
  void append_to(std::string& out) const;

  const Path* parent_ = nullptr;
  Kind kind_ = kRoot;
  std::string_view name_;
  std::string_view key_;
  size_t index_ = 0;
};

// ---- small shared helpers (validate_common.cpp) ----

/// "must be between <lo> and <hi>, inclusive" (validation.InclusiveRangeError).
std::string inclusive_range_error(int64_t lo, int64_t hi);

/// Appends one Invalid error per message the name check returns.
void append_invalid(FieldErrors& errs, const std::string& path, std::string_view value,
                    const std::vector<std::string>& messages);

/// append_invalid for a lazy path: renders it only when there is a message.
void add_invalid(FieldErrors& errs, const Path& path, std::string_view value,
                 const std::vector<std::string>& messages);

/// Whether `list` (any range of strings) holds `s`.
template <class List>
bool contains(const List& list, std::string_view s) {
  return std::find(std::begin(list), std::end(list), s) != std::end(list);
}

/// A bad value of a named string type (core.PullPolicy, core.ResourceName, ...): upstream prints
/// a bad value with %q only when its dynamic type is exactly `string`; anything else goes through
/// json.Marshal, which escapes differently (<, >, & as \u003c..., invalid UTF-8 as \ufffd).
BadValue json_str(std::string_view s);

/// Go's %#v of a []string (the value of a few Invalid errors).
std::string go_string_slice(const std::vector<std::string>& v);
/// Go's %#v of a pointer of type `type` (e.g. "*bool"): its address, which cannot be
/// reproduced (a fixed one stands in), or nil.
std::string go_ptr(bool set, std::string_view type);

std::string ascii_lower(std::string_view s);

inline bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/// Whether a '/'-separated path has a ".." element.
bool has_backstep(std::string_view p);
/// validatePathNoBacksteps: one "must not contain '..'" error, even for "../../..".
void validate_path_no_backsteps(std::string_view p, const Path& path, FieldErrors& errs);
/// validateLocalDescendingPath: relative, and no ".." element.
void validate_local_descending_path(std::string_view p, const Path& path, FieldErrors& errs);

/// The DNS form of a runAsUserName domain (validateWindowsSecurityContextOptions):
/// `^label(\.label)*$`, label `[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?`.
bool is_windows_dns_domain(std::string_view d);

/// A container's imagePullPolicy or an image volume's pullPolicy: required, one of Always,
/// IfNotPresent, Never.
void validate_pull_policy(const std::string& policy, const Path& path, FieldErrors& errs);

/// Calls f(container, path) for the init, regular and ephemeral containers, in that order
/// (pods.VisitContainersWithPath); `path` is e.g. "spec.initContainers[0]".
template <class F>
void visit_containers(const PodSpec& spec, const Path& spec_path, F&& f) {
  for (size_t i = 0; i < spec.initContainers.size(); ++i)
    f(spec.initContainers[i], spec_path.child_index("initContainers", i));
  for (size_t i = 0; i < spec.containers.size(); ++i)
    f(spec.containers[i], spec_path.child_index("containers", i));
  for (size_t i = 0; i < spec.ephemeralContainers.size(); ++i)
    f(spec.ephemeralContainers[i], spec_path.child_index("ephemeralContainers", i));
}

// ---- downward API selectors (validate_common.cpp), shared by env and volumes ----

/// validEnvDownwardAPIFieldPathExpressions, sorted as sets.List prints it.
// clang-format off
inline constexpr std::array<std::string_view, 9> kEnvFieldPaths = {
    "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName",
    "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP",
    "status.podIPs"};
// clang-format on
/// validVolumeDownwardAPIFieldPathExpressions (unlike env, plain metadata.labels and
/// metadata.annotations are allowed).
inline constexpr std::array<std::string_view, 5> kVolumeFieldPaths = {
    "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace",
    "metadata.uid"};

/// validateObjectFieldSelector (after podshelper.ConvertDownwardAPIFieldLabel); `allowed` is
/// kEnvFieldPaths or kVolumeFieldPaths, listed in that order by the Unsupported error.
void validate_object_field_selector(const ObjectFieldSelector& fs,
                                    std::span<const std::string_view> allowed, const Path& path,
                                    FieldErrors& errs);
/// validateContainerResourceFieldSelector (and the divisor check). `volume` is upstream's flag:
/// a volume's selector must name its container, and a missing name hides the resource errors.
void validate_resource_field_selector(const ResourceFieldSelector& fs, bool volume,
                                      const Path& path, FieldErrors& errs);

// ---- resources (validate_common.cpp): names, quantities, ResourceRequirements ----

/// helper.IsHugePageResourceName.
inline bool is_huge_page_resource(std::string_view name) {
  return name.starts_with("hugepages-");
}
/// A prefixed (domain/name) resource name.
inline bool has_slash(std::string_view name) {
  return name.find('/') != std::string_view::npos;
}
/// helper.IsNativeResource: unprefixed, or anywhere in "*kubernetes.io/".
bool is_native_resource(std::string_view name);
/// helper.IsExtendedResourceName.
bool is_extended_resource(std::string_view name);
/// helper.IsOvercommitAllowed.
bool is_overcommit_allowed(std::string_view name);
/// helper.IsIntegerResourceName (integerResources, or an extended resource).
bool is_integer_resource(std::string_view name);
/// helper.IsStandardResourceName (standardResources, or a hugepages / requests.hugepages- name).
bool is_standard_resource(std::string_view name);

/// ValidateResourceQuantityValue.
void validate_resource_quantity_value(const std::string& name, const Quantity& q, const Path& path,
                                      FieldErrors& errs);
/// validateResourceQuantityHugePageValue (AllowIndivisibleHugePagesValues is false on create);
/// nothing for a name that is not a hugepage resource.
void validate_huge_page_value(const std::string& name, const Quantity& q, const Path& path,
                              FieldErrors& errs);

/// The resource name check of validateResourceRequirements: validateContainerResourceName
/// (validate_container.cpp) or validatePodResourceName (validate_spec.cpp).
using ResourceNameCheck = void (*)(const std::string& name, const Path& path, FieldErrors& errs);

/// The non-empty spec.resourceClaims[*].name, sorted, without repeats
/// (gatherPodResourceClaimNames).
std::vector<std::string_view> pod_claim_names(const PodSpec& spec);

/// validateResourceRequirements: limits, requests (against the limits), hugepages, then the
/// claims (validateResourceClaimNames) against `pod_claims` (pod_claim_names).
void validate_resource_requirements(const ResourceRequirements& r, ResourceNameCheck check_name,
                                    std::span<const std::string_view> pod_claims, const Path& path,
                                    FieldErrors& errs);

/// Volumes that validated, by name (an invalid volume is not registered, so
/// mounts of it also fail with "Not found", as upstream).
using VolumeMap = std::map<std::string, const Volume*, std::less<>>;

// ---- validate_meta.cpp ----
/// ValidateObjectMeta for a Pod (name is a DNS subdomain, namespace a DNS label,
/// labels, annotations, ...). `path` is "metadata".
void validate_object_meta(const ObjectMeta& meta, const std::string& path, FieldErrors& errs);
/// unversionedvalidation.ValidateLabels: every error at `path` itself.
void validate_labels(const std::map<std::string, std::string>& labels, const Path& path,
                     FieldErrors& errs);
void validate_labels(const std::map<std::string, std::string>& labels, const std::string& path,
                     FieldErrors& errs);
/// ValidateAnnotations (keys checked lower-cased, total size).
void validate_annotations(const std::map<std::string, std::string>& annotations, const Path& path,
                          FieldErrors& errs);
void validate_annotations(const std::map<std::string, std::string>& annotations,
                          const std::string& path, FieldErrors& errs);

// ---- validate_volume.cpp ----
/// ValidateVolumes; returns the volumes that validated.
VolumeMap validate_volumes(const std::vector<Volume>& volumes, const ObjectMeta& meta,
                           const std::string& path, FieldErrors& errs);
/// ValidateVolumeMounts for one container (`path` is "...volumeMounts").
void validate_volume_mounts(const Container& container, const VolumeMap& volumes, const Path& path,
                            FieldErrors& errs);
void validate_volume_mounts(const Container& container, const VolumeMap& volumes,
                            const std::string& path, FieldErrors& errs);
/// ValidateVolumeDevices for one container (`path` is "...volumeDevices").
void validate_volume_devices(const Container& container, const VolumeMap& volumes, const Path& path,
                             FieldErrors& errs);
void validate_volume_devices(const Container& container, const VolumeMap& volumes,
                             const std::string& path, FieldErrors& errs);

// ---- validate_container.cpp ----
/// validateContainers + validateInitContainers + validateEphemeralContainers,
/// in that order, for spec.containers/initContainers/ephemeralContainers.
void validate_all_containers(const PodSpec& spec, const VolumeMap& volumes,
                             const std::string& spec_path, FieldErrors& errs);
/// Pod-only container checks (validateContainersOnlyForPod: image whitespace).
void validate_containers_only_for_pod(const std::vector<Container>& containers,
                                      const std::string& path, FieldErrors& errs);
/// validateContainerResourceName (a ResourceNameCheck).
void validate_container_resource_name(const std::string& name, const Path& path, FieldErrors& errs);
/// One key of a container limits list: validateContainerResourceName, then the value checks.
void validate_resource_quantity(const std::string& resource, const Quantity& q,
                                const std::string& path, FieldErrors& errs);

// ---- validate_spec.cpp ----
/// ValidatePodSpec (calls the volume and container validators).
void validate_pod_spec(const PodSpec& spec, const ObjectMeta& meta, const std::string& path,
                       FieldErrors& errs);

}  // namespace podcore::manifest::validation
