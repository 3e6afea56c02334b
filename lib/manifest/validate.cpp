// ValidatePodCreate of pkg/apis/core/validation/validation.go (Kubernetes
// 1.34): validatePodMetadataAndSpec, then the create-only checks, in
// upstream's order.
#include "manifest/validate.hpp"

#include <map>
#include <string>
#include <string_view>

#include "manifest/validate_internal.hpp"

namespace podcore::manifest {

namespace validation {
namespace {

constexpr std::string_view kMirrorPodAnnotation = "kubernetes.io/config.mirror";
constexpr std::string_view kPodDeletionCost = "controller.kubernetes.io/pod-deletion-cost";
constexpr std::string_view kSeccompPodAnnotation = "seccomp.security.alpha.kubernetes.io/pod";
constexpr std::string_view kSeccompContainerPrefix =
    "container.seccomp.security.alpha.kubernetes.io/";
constexpr std::string_view kAppArmorContainerPrefix =
    "container.apparmor.security.beta.kubernetes.io/";

bool has_container(const PodSpec& spec, std::string_view name) {
  bool found = false;
  const std::string root;  // the paths are not used
  visit_containers(spec, Path(root),
                   [&](const auto& c, const Path&) { found = found || c.name == name; });
  return found;
}

// helper.GetDeletionCostFromPodAnnotations: a base-10 int32 without '+'
// and without leading zeros ("-0" and "-007" pass the first-digit test and
// then strconv.ParseInt, as upstream).
bool valid_deletion_cost(std::string_view v) {
  if (v.empty()) return false;
  if (!(v[0] == '-' || v == "0" || (v[0] >= '1' && v[0] <= '9'))) return false;
  size_t i = v[0] == '-' ? 1 : 0;
  if (i == v.size()) return false;
  int64_t n = 0;
  for (; i < v.size(); ++i) {
    if (v[i] < '0' || v[i] > '9') return false;
    n = n * 10 + (v[i] - '0');
    if (n > 2147483648LL) return false;
  }
  return v[0] == '-' ? n <= 2147483648LL : n <= 2147483647LL;
}

// ValidateSeccompProfile (the deprecated annotations).
void seccomp_annotation(const std::string& p, const std::string& path, FieldErrors& errs) {
  if (p == "runtime/default" || p == "docker/default" || p == "unconfined") return;
  if (p.starts_with("localhost/")) {
    validate_local_descending_path(std::string_view(p).substr(10), Path(path), errs);
    return;
  }
  errs.push_back(invalid(path, p, "must be a valid seccomp profile"));
}

// ValidatePodSpecificAnnotations. The tolerations annotation
// (scheduler.alpha.kubernetes.io/tolerations, JSON) is not parsed here.
void pod_specific_annotations(const std::map<std::string, std::string>& annotations,
                              const PodSpec& spec, const std::string& path, FieldErrors& errs) {
  if (auto it = annotations.find(std::string(kMirrorPodAnnotation));
      it != annotations.end() && spec.nodeName.empty())
    errs.push_back(invalid(key(path, kMirrorPodAnnotation), it->second,
                           "must set spec.nodeName if mirror pod annotation is set"));
  // The PodDeletionCost gate is GA, so an invalid value is always an error.
  if (auto it = annotations.find(std::string(kPodDeletionCost));
      it != annotations.end() && !valid_deletion_cost(it->second))
    errs.push_back(invalid(key(path, kPodDeletionCost), it->second, "must be a 32bit integer"));

  // ValidateSeccompPodAnnotations. Upstream quirk: these paths use Child,
  // not Key: `metadata.annotations.seccomp.security.alpha.kubernetes.io/pod`.
  if (auto it = annotations.find(std::string(kSeccompPodAnnotation)); it != annotations.end())
    seccomp_annotation(it->second, child(path, kSeccompPodAnnotation), errs);
  for (const auto& [k, v] : annotations)
    if (k.starts_with(kSeccompContainerPrefix)) seccomp_annotation(v, child(path, k), errs);

  // ValidateAppArmorPodAnnotations.
  for (const auto& [k, v] : annotations) {
    if (!k.starts_with(kAppArmorContainerPrefix)) continue;
    std::string container = k.substr(kAppArmorContainerPrefix.size());
    if (!has_container(spec, container))
      errs.push_back(invalid(key(path, k), container, "container not found"));
    if (!(v.empty() || v == "runtime/default" || v == "unconfined" || v.starts_with("localhost/")))
      errs.push_back(invalid(key(path, k), v, "invalid AppArmor profile name: " + go_quote(v)));
  }
}

// validateSeccompAnnotationsAndFieldsMatch.
void seccomp_match(const std::string& annotation, const SeccompProfile& field, const Path& path,
                   FieldErrors& errs) {
  const char* kType = "seccomp type in annotation and field must match";
  if (field.type == "Unconfined") {
    if (annotation != "unconfined") errs.push_back(forbidden(path.child("type"), kType));
  } else if (field.type == "RuntimeDefault") {
    if (annotation != "runtime/default" && annotation != "docker/default")
      errs.push_back(forbidden(path.child("type"), kType));
  } else if (field.type == "Localhost") {
    if (!annotation.starts_with("localhost/"))
      errs.push_back(forbidden(path.child("type"), kType));
    else if (!field.localhostProfile || annotation.substr(10) != *field.localhostProfile)
      errs.push_back(forbidden(path.child("localhostProfile"),
                               "seccomp profile in annotation and field must match"));
  }
}

void seccomp_annotations_and_fields(const Pod& pod, const std::string& spec_path,
                                    FieldErrors& errs) {
  const auto& ann = pod.metadata.annotations;
  const auto& spec = pod.spec;
  Path root(spec_path);
  if (spec.securityContext && spec.securityContext->seccompProfile) {
    if (auto it = ann.find(std::string(kSeccompPodAnnotation)); it != ann.end()) {
      Path sc = root.child("securityContext");
      seccomp_match(it->second, *spec.securityContext->seccompProfile, sc.child("seccompProfile"),
                    errs);
    }
  }
  visit_containers(spec, root, [&](const auto& c, const Path& cpath) {
    if (!c.securityContext || !c.securityContext->seccompProfile) return;
    auto it = ann.find(std::string(kSeccompContainerPrefix) + c.name);
    if (it == ann.end()) return;
    Path sc = cpath.child("securityContext");
    seccomp_match(it->second, *c.securityContext->seccompProfile, sc.child("seccompProfile"), errs);
  });
}

// validateAppArmorAnnotationsAndFieldsMatchOnCreate.
void apparmor_annotations_and_fields(const Pod& pod, const std::string& spec_path,
                                     FieldErrors& errs) {
  const auto& spec = pod.spec;
  if (spec.os && spec.os->name == "windows") return;
  const AppArmorProfile* pod_profile = nullptr;
  if (spec.securityContext && spec.securityContext->appArmorProfile)
    pod_profile = &*spec.securityContext->appArmorProfile;
  const auto& ann = pod.metadata.annotations;
  visit_containers(spec, Path(spec_path), [&](const auto& c, const Path& cpath) {
    const AppArmorProfile* profile = pod_profile;
    if (c.securityContext && c.securityContext->appArmorProfile)
      profile = &*c.securityContext->appArmorProfile;
    if (!profile) return;
    auto it = ann.find("container.apparmor.security.beta.kubernetes.io/" + c.name);
    if (it == ann.end()) return;
    const std::string& a = it->second;
    Path sc = cpath.child("securityContext");
    Path p = sc.child("appArmorProfile");
    const char* kType = "apparmor type in annotation and field must match";
    if (profile->type == "Unconfined") {
      if (a != "unconfined") errs.push_back(forbidden(p.child("type"), kType));
    } else if (profile->type == "RuntimeDefault") {
      if (a != "runtime/default") errs.push_back(forbidden(p.child("type"), kType));
    } else if (profile->type == "Localhost") {
      if (!a.starts_with("localhost/"))
        errs.push_back(forbidden(p.child("type"), kType));
      else if (!profile->localhostProfile || a.substr(10) != *profile->localhostProfile)
        errs.push_back(forbidden(p.child("localhostProfile"),
                                 "apparmor profile in annotation and field must match"));
    }
  });
}

}  // namespace
}  // namespace validation

FieldErrors validate_pod_create(const Pod& pod) {
  using namespace validation;
  FieldErrors errs;
  const std::string meta_path = "metadata";
  const std::string spec_path = "spec";

  // validatePodMetadataAndSpec.
  validate_object_meta(pod.metadata, meta_path, errs);
  pod_specific_annotations(pod.metadata.annotations, pod.spec, child(meta_path, "annotations"),
                           errs);
  validate_pod_spec(pod.spec, pod.metadata, spec_path, errs);
  // Pod-only: a projected service account token needs a service account
  // (normally set by the ServiceAccount admission plugin).
  if (pod.spec.serviceAccountName.empty()) {
    for (size_t vi = 0; vi < pod.spec.volumes.size(); ++vi) {
      const auto& v = pod.spec.volumes[vi];
      if (!v.projected) continue;
      std::string p = child(child(index(child(spec_path, "volumes"), vi), "projected"), "sources");
      for (size_t si = 0; si < v.projected->sources.size(); ++si)
        if (v.projected->sources[si].serviceAccountToken)
          errs.push_back(forbidden(child(index(p, si), "serviceAccountToken"),
                                   "must not be specified when serviceAccountName is not set"));
    }
  }
  validate_containers_only_for_pod(pod.spec.containers, child(spec_path, "containers"), errs);
  validate_containers_only_for_pod(pod.spec.initContainers, child(spec_path, "initContainers"),
                                   errs);

  // Create-only checks.
  if (!pod.spec.ephemeralContainers.empty())
    errs.push_back(forbidden(child(spec_path, "ephemeralContainers"), "cannot be set on create"));
  if (!pod.spec.nodeName.empty() && !pod.spec.schedulingGates.empty())
    errs.push_back(forbidden(child(spec_path, "nodeName"),
                             "cannot be set until all schedulingGates have been cleared"));
  seccomp_annotations_and_fields(pod, spec_path, errs);
  apparmor_annotations_and_fields(pod, spec_path, errs);
  return errs;
}

}  // namespace podcore::manifest
