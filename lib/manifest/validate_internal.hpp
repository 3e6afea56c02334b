// Shared declarations of the validation files (validate_*.cpp). Private to
// the manifest layer. Paths are Kubernetes field paths as strings.
#pragma once

#include <cstdint>
#include <map>
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

/// "must be between <lo> and <hi>, inclusive" (validation.InclusiveRangeError).
std::string inclusive_range_error(int64_t lo, int64_t hi);

/// Appends one Invalid error per message the name check returns.
void append_invalid(FieldErrors& errs, const std::string& path, std::string_view value,
                    const std::vector<std::string>& messages);

/// Volumes that validated, by name (an invalid volume is not registered, so
/// mounts of it also fail with "Not found", as upstream).
using VolumeMap = std::map<std::string, const Volume*, std::less<>>;

// ---- validate_meta.cpp ----
/// ValidateObjectMeta for a Pod (name is a DNS subdomain, namespace a DNS label,
/// labels, annotations, ...). `path` is "metadata".
void validate_object_meta(const ObjectMeta& meta, const std::string& path, FieldErrors& errs);
/// unversionedvalidation.ValidateLabels: every error at `path` itself.
void validate_labels(const std::map<std::string, std::string>& labels, const std::string& path,
                     FieldErrors& errs);
/// ValidateAnnotations (keys, total size).
void validate_annotations(const std::map<std::string, std::string>& annotations,
                          const std::string& path, FieldErrors& errs);

// ---- validate_volume.cpp ----
/// ValidateVolumes; returns the volumes that validated.
VolumeMap validate_volumes(const std::vector<Volume>& volumes, const ObjectMeta& meta,
                           const std::string& path, FieldErrors& errs);
/// ValidateVolumeMounts for one container (`path` is "...volumeMounts").
void validate_volume_mounts(const Container& container, const VolumeMap& volumes,
                            const std::string& path, FieldErrors& errs);
/// ValidateVolumeDevices for one container (`path` is "...volumeDevices").
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
/// ValidateResourceRequirements-style check of a ResourceList key/value
/// (shared by container resources and spec.overhead).
void validate_resource_quantity(const std::string& resource, const Quantity& q,
                                const std::string& path, FieldErrors& errs);

// ---- validate_spec.cpp ----
/// ValidatePodSpec (calls the volume and container validators).
void validate_pod_spec(const PodSpec& spec, const ObjectMeta& meta, const std::string& path,
                       FieldErrors& errs);

}  // namespace podcore::manifest::validation
