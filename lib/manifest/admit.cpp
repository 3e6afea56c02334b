#include "manifest/admit.hpp"

#include <algorithm>
#include <optional>

#include "base/random.hpp"
#include "manifest/defaults.hpp"
#include "manifest/resources.hpp"
#include "manifest/validate.hpp"

namespace podcore::manifest {

namespace {

// apimachinery's name generator: 5 characters from an alphabet without
// vowels and look-alikes, after cutting the prefix to 58 characters.
std::string generate_name(const std::string& prefix) {
  constexpr std::string_view kAlphabet = "bcdfghjklmnpqrstvwxz2456789";
  return prefix.substr(0, 58) + random_string(5, kAlphabet);
}

template <class F>
void for_each_container(PodSpec& spec, F f) {
  for (auto& c : spec.initContainers) f(c);
  for (auto& c : spec.containers) f(c);
  for (auto& c : spec.ephemeralContainers) f(c);
}

// DropDisabledPodFields with Kubernetes 1.34's default feature gates: the API
// server silently drops, on create, the fields of gates that are off.
void drop_disabled_fields(PodSpec& spec) {
  // ImageVolume (beta, off by default): image volumes and every mount of them.
  std::vector<std::string> image_volumes;
  std::erase_if(spec.volumes, [&](const Volume& v) {
    if (!v.image) return false;
    image_volumes.push_back(v.name);
    return true;
  });
  auto is_image_volume = [&](const std::string& name) {
    return std::find(image_volumes.begin(), image_volumes.end(), name) != image_volumes.end();
  };
  // ClusterTrustBundleProjection (beta, off) and PodCertificateRequest
  // (alpha): their projected sources.
  for (auto& v : spec.volumes) {
    if (!v.projected) continue;
    for (auto& src : v.projected->sources) {
      src.clusterTrustBundle.reset();
      src.podCertificate.reset();
    }
  }
  // HostnameOverride (alpha).
  spec.hostnameOverride.reset();
  for_each_container(spec, [&](auto& c) {
    if (!image_volumes.empty())
      std::erase_if(c.volumeMounts, [&](const VolumeMount& m) { return is_image_volume(m.name); });
    c.restartPolicyRules.clear();  // ContainerRestartRules (alpha)
    for (auto& e : c.env)
      if (e.valueFrom) e.valueFrom->fileKeyRef.reset();  // EnvFiles (alpha)
    if (c.lifecycle) c.lifecycle->stopSignal.reset();    // ContainerStopSignals (alpha)
  });
}

constexpr std::string_view kAppArmorPrefix = "container.apparmor.security.beta.kubernetes.io/";

std::optional<AppArmorProfile> apparmor_field_for_annotation(const std::string& value) {
  AppArmorProfile p;
  if (value == "runtime/default") {
    p.type = "RuntimeDefault";
  } else if (value == "unconfined") {
    p.type = "Unconfined";
  } else if (value.starts_with("localhost/") && value.size() > 10) {
    p.type = "Localhost";
    p.localhostProfile = value.substr(10);
  } else {
    return std::nullopt;
  }
  return p;
}

// applyAppArmorVersionSkew: a deprecated per-container AppArmor annotation
// without the field becomes the field (unless it equals the pod's profile),
// with a deprecation warning.
void apply_apparmor_version_skew(Pod& pod, std::vector<std::string>& warnings) {
  if (pod.spec.os && pod.spec.os->name == "windows") return;
  const AppArmorProfile* pod_profile = nullptr;
  if (pod.spec.securityContext && pod.spec.securityContext->appArmorProfile)
    pod_profile = &*pod.spec.securityContext->appArmorProfile;
  for_each_container(pod.spec, [&](auto& c) {
    std::string key = std::string(kAppArmorPrefix) + c.name;
    auto it = pod.metadata.annotations.find(key);
    if (it == pod.metadata.annotations.end()) return;
    if (c.securityContext && c.securityContext->appArmorProfile) return;
    auto field = apparmor_field_for_annotation(it->second);
    bool warn = !field;
    if (field && (pod_profile == nullptr || !(*field == *pod_profile))) {
      if (!c.securityContext) c.securityContext.emplace();
      c.securityContext->appArmorProfile = std::move(*field);
      warn = true;
    }
    if (warn)
      warnings.push_back("metadata.annotations[" + key +
                         "]: deprecated since v1.30; use the \"appArmorProfile\" field instead");
  });
}

}  // namespace

Error invalid_pod_error(const std::string& name, const FieldErrors& errors) {
  Error e;
  e.code = ErrorCode::kInvalid;
  e.stage = "manifest.validate";
  e.object = name;
  FieldErrors uniq = dedupe(errors);
  e.message = invalid_object_message("Pod", name, uniq);
  if (!uniq.empty()) e.field = uniq.front().field;
  for (const auto& fe : uniq)
    e.causes.push_back(ErrorCause{std::string(fe.reason()), fe.field, fe.body(), 0, 0});
  return e;
}

Result<Pod> prepare_pod_for_create(Pod pod, const CreateOptions& options,
                                   std::vector<std::string>* warnings) {
  auto& meta = pod.metadata;
  // kubectl refuses an object whose namespace differs from an explicit -n.
  if (!options.namespace_.empty() && !meta.namespace_.empty() &&
      meta.namespace_ != options.namespace_)
    return fail(ErrorCode::kInvalid, "manifest.admit",
                "the namespace from the provided object \"" + meta.namespace_ +
                    "\" does not match the namespace \"" + options.namespace_ +
                    "\". You must pass '--namespace=" + meta.namespace_ +
                    "' to perform this operation.",
                meta.name);
  if (meta.namespace_.empty())
    meta.namespace_ = options.namespace_.empty() ? "default" : options.namespace_;

  pod.kind = "Pod";
  pod.apiVersion = "v1";
  apply_defaults(pod);
  // v1 conversion: the deprecated serviceAccount fills an empty
  // serviceAccountName, and is written back as a copy of it.
  if (pod.spec.serviceAccountName.empty()) pod.spec.serviceAccountName = pod.spec.serviceAccount;
  pod.spec.serviceAccount = pod.spec.serviceAccountName;

  // BeforeCreate: generated name, uid, creationTimestamp; registry fields cleared.
  if (meta.name.empty() && !meta.generateName.empty()) meta.name = generate_name(meta.generateName);
  meta.uid = options.uid.empty() ? new_uuid() : options.uid;
  meta.creationTimestamp.rfc3339 = format_rfc3339(options.now);
  meta.deletionTimestamp.reset();
  meta.deletionGracePeriodSeconds.reset();
  meta.selfLink.clear();
  meta.resourceVersion.clear();
  // PrepareForCreate: generation 1, status replaced.
  meta.generation = 1;
  pod.status = PodStatus{};
  pod.status.phase = "Pending";
  pod.status.qosClass = compute_qos_class(pod.spec);
  drop_disabled_fields(pod.spec);
  std::vector<std::string> create_warnings;
  apply_apparmor_version_skew(pod, create_warnings);
  if (!pod.spec.schedulingGates.empty()) {
    PodCondition gated;
    gated.type = "PodScheduled";
    gated.status = "False";
    gated.lastTransitionTime.rfc3339 = meta.creationTimestamp.rfc3339;
    gated.reason = "SchedulingGated";
    gated.message = "Scheduling is blocked due to non-empty scheduling gates";
    pod.status.conditions.push_back(std::move(gated));
  }

  FieldErrors errors = validate_pod_create(pod);
  if (!errors.empty()) return std::unexpected(invalid_pod_error(meta.name, errors));
  if (warnings != nullptr) {
    warnings->insert(warnings->end(), create_warnings.begin(), create_warnings.end());
    auto w = pod_warnings(pod);
    warnings->insert(warnings->end(), w.begin(), w.end());
  }
  return pod;
}

}  // namespace podcore::manifest
