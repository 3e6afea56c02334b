#include "manifest/admit.hpp"

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
  if (!pod.spec.schedulingGates.empty()) {
    PodCondition gated;
    gated.type = "PodScheduled";
    gated.status = "False";
    gated.reason = "SchedulingGated";
    gated.message = "Scheduling is blocked due to non-empty scheduling gates";
    pod.status.conditions.push_back(std::move(gated));
  }

  FieldErrors errors = validate_pod_create(pod);
  if (!errors.empty()) return std::unexpected(invalid_pod_error(meta.name, errors));
  if (warnings != nullptr) {
    auto w = pod_warnings(pod);
    warnings->insert(warnings->end(), w.begin(), w.end());
  }
  return pod;
}

}  // namespace podcore::manifest
