// Table-driven tests for pod-level resources (spec.resources, PodLevelResources beta and on in
// 1.34): validatePodResources in pkg/apis/core/validation/validation.go with
// validatePodResourceRequirements/validatePodResourceName and validatePodResourceConsistency.
//
// Every pod is decoded from YAML, defaulted (pod-level requests and hugepage limits are
// defaulted before validation, as SetDefaults_Pod does) and validated for create; every
// expected error is the full text the API server prints, in upstream's order.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "manifest/decode.hpp"
#include "manifest/defaults.hpp"
#include "manifest/validate.hpp"

namespace podcore::manifest {
namespace {

using Strings = std::vector<std::string>;

const std::string kSupported = "supported values: \"cpu\", \"hugepages-\", \"memory\"";
const std::string kTooManySlashesMsg =
    "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start "
    "and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex "
    "used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS "
    "subdomain prefix and '/' (e.g. 'example.com/MyName')";

// `spec` is the body of the pod's spec (two-space indented YAML, without "spec:").
Strings create_errors(std::string_view spec) {
  std::string yaml =
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: default\nspec:\n";
  yaml += spec;
  auto pod = decode_pod(yaml);
  if (!pod) {
    ADD_FAILURE() << "decode failed: " << pod.error().message << "\n" << yaml;
    return {"<decode failed>"};
  }
  apply_defaults(*pod);
  Strings out;
  for (const auto& e : validate_pod_create(*pod)) out.push_back(e.to_string());
  return out;
}

struct Case {
  const char* name;
  const char* spec;
  Strings want;
};

void run(const std::vector<Case>& cases) {
  for (const auto& c : cases) EXPECT_EQ(create_errors(c.spec), c.want) << c.name;
}

// ---- valid pods ------------------------------------------------------------------

TEST(ValidatePodResources, AcceptsValidPodLevelResources) {
  run({
      {"requests and limits covering the container",
       R"(  resources:
    requests: {cpu: "1", memory: 1Gi}
    limits: {cpu: "2", memory: 2Gi}
  containers:
  - name: app
    image: nginx
    resources:
      requests: {cpu: 500m, memory: 512Mi}
      limits: {cpu: "1", memory: 1Gi}
)",
       {}},
      {"limits only: requests default from them",
       R"(  resources:
    limits: {cpu: "1", memory: 1Gi}
  containers:
  - name: app
    image: nginx
)",
       {}},
      {"hugepages with memory",
       R"(  resources:
    limits: {hugepages-2Mi: 4Mi, memory: 1Gi}
  containers:
  - name: app
    image: nginx
)",
       {}},
      {"a container resource pods cannot set is not compared (#132551)",
       R"(  resources:
    requests: {cpu: 300m}
  containers:
  - name: app
    image: nginx
    resources:
      requests: {ephemeral-storage: 10Mi, example.com/gpu: "1"}
      limits: {example.com/gpu: "1"}
)",
       {}},
      {"a claim of the pod used by a container, not at pod level",
       R"(  resourceClaims:
  - name: gpu
    resourceClaimName: gpu-claim
  resources:
    limits: {cpu: "1"}
  containers:
  - name: app
    image: nginx
    resources:
      claims: [{name: gpu}]
)",
       {}},
  });
}

// ---- resource names (validatePodResourceName) ------------------------------------

TEST(ValidatePodResourcesName, RejectsResourcesPodsCannotSet) {
  run({
      {"a standard container resource",
       R"(  resources:
    requests: {cpu: "1", ephemeral-storage: 1Gi}
  containers:
  - name: app
    image: nginx
)",
       {"spec.resources.requests[ephemeral-storage]: Unsupported value: \"ephemeral-storage\": " +
        kSupported}},
      {"not a standard resource",
       R"(  resources:
    limits: {foo: "1"}
  containers:
  - name: app
    image: nginx
)",
       {"spec.resources.limits[foo]: Invalid value: \"foo\": must be a standard resource type or "
        "fully qualified"}},
      {"an extended resource, which must also be an integer",
       R"(  resources:
    limits: {cpu: "1", example.com/gpu: 500m}
  containers:
  - name: app
    image: nginx
)",
       {"spec.resources.limits[example.com/gpu]: Unsupported value: \"example.com/gpu\": " +
            kSupported,
        "spec.resources.limits[example.com/gpu]: Invalid value: \"500m\": must be an integer"}},
      {"a native prefixed name",
       R"(  resources:
    limits: {cpu: "1", kubernetes.io/foo: "1"}
  containers:
  - name: app
    image: nginx
)",
       {"spec.resources.limits[kubernetes.io/foo]: Unsupported value: \"kubernetes.io/foo\": " +
        kSupported}},
      {"not a qualified name: nothing else is said about the name",
       R"(  resources:
    limits: {cpu: "1", a/b/c: "1"}
  containers:
  - name: app
    image: nginx
)",
       {"spec.resources.limits[a/b/c]: Invalid value: \"a/b/c\": " + kTooManySlashesMsg}},
  });
}

// ---- quantities, requests against limits, hugepages -------------------------------

TEST(ValidatePodResourcesQuantity, ChecksValuesAndRequestsAgainstLimits) {
  run({
      {"negative request",
       R"(  resources:
    requests: {cpu: "-1"}
  containers:
  - name: app
    image: nginx
)",
       {"spec.resources.requests[cpu]: Invalid value: \"-1\": must be greater than or equal to "
        "0"}},
      {"request above limit",
       R"(  resources:
    requests: {cpu: "2"}
    limits: {cpu: "1"}
  containers:
  - name: app
    image: nginx
)",
       {"spec.resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit "
        "of 1"}},
      {"hugepages request must equal the limit",
       R"(  resources:
    requests: {hugepages-2Mi: 2Mi}
    limits: {hugepages-2Mi: 4Mi, memory: 1Gi}
  containers:
  - name: app
    image: nginx
)",
       {"spec.resources.requests: Invalid value: \"2Mi\": must be equal to hugepages-2Mi limit of "
        "4Mi"}},
      {"hugepages request without a limit",
       R"(  resources:
    requests: {hugepages-2Mi: 2Mi, memory: 1Gi}
  containers:
  - name: app
    image: nginx
)",
       {"spec.resources.limits: Required value: Limit must be set for non overcommitable "
        "resources"}},
      {"hugepages without cpu or memory",
       R"(  resources:
    limits: {hugepages-2Mi: 4Mi}
  containers:
  - name: app
    image: nginx
)",
       {"spec.resources: Forbidden: HugePages require cpu or memory"}},
      {"hugepages not a multiple of the page size (the request is defaulted from the limit)",
       R"(  resources:
    limits: {hugepages-2Mi: 3Mi, memory: 1Gi}
  containers:
  - name: app
    image: nginx
)",
       {"spec.resources.limits[hugepages-2Mi]: Invalid value: \"3Mi\": 3Mi is not positive "
        "integer multiple of hugepages-2Mi",
        "spec.resources.requests[hugepages-2Mi]: Invalid value: \"3Mi\": 3Mi is not positive "
        "integer multiple of hugepages-2Mi"}},
  });
}

// ---- claims --------------------------------------------------------------------

TEST(ValidatePodResourcesClaims, ForbidsClaimsAtPodLevel) {
  run({
      {"a claim the pod does not have",
       R"(  resources:
    claims: [{name: gpu}]
  containers:
  - name: app
    image: nginx
)",
       {"spec.resources.claims: Forbidden: claims cannot be set for Resources at pod-level",
        "spec.resources.claims[0]: Not found: \"gpu\": must be one of the names in "
        "pod.spec.resourceClaims which is empty"}},
      {"a claim of the pod",
       R"(  resourceClaims:
  - name: gpu
    resourceClaimName: gpu-claim
  resources:
    claims: [{name: gpu}, {name: gpu}]
  containers:
  - name: app
    image: nginx
)",
       {"spec.resources.claims: Forbidden: claims cannot be set for Resources at pod-level",
        "spec.resources.claims[1]: Duplicate value: \"gpu\""}},
  });
}

// ---- consistency with the containers (validatePodResourceConsistency) ------------

TEST(ValidatePodResourcesConsistency, PodLevelValuesCoverTheContainers) {
  run({
      {"pod request below the containers' requests",
       R"(  resources:
    requests: {cpu: 500m}
  containers:
  - name: app
    image: nginx
    resources:
      requests: {cpu: "1"}
)",
       {"spec.resources.requests[cpu]: Invalid value: \"500m\": must be greater than or equal to "
        "aggregate container requests of 1"}},
      {"a supported resource the pod does not request counts as 0",
       R"(  resources:
    requests: {cpu: "1"}
  containers:
  - name: app
    image: nginx
    resources:
      requests: {memory: 10Mi}
)",
       {"spec.resources.requests[memory]: Invalid value: \"0\": must be greater than or equal to "
        "aggregate container requests of 10Mi"}},
      {"empty pod-level resources",
       R"(  resources: {}
  containers:
  - name: app
    image: nginx
    resources:
      requests: {cpu: 100m}
)",
       {"spec.resources.requests[cpu]: Invalid value: \"0\": must be greater than or equal to "
        "aggregate container requests of 100m"}},
      {"sidecars add up with the regular containers",
       R"(  resources:
    requests: {cpu: "1"}
  initContainers:
  - name: proxy
    image: envoy
    restartPolicy: Always
    resources:
      requests: {cpu: 500m}
  containers:
  - name: app
    image: nginx
    resources:
      requests: {cpu: 700m}
)",
       {"spec.resources.requests[cpu]: Invalid value: \"1\": must be greater than or equal to "
        "aggregate container requests of 1200m"}},
      {"an init container counts on its own",
       R"(  resources:
    requests: {cpu: "1"}
  initContainers:
  - name: setup
    image: busybox
    resources:
      requests: {cpu: "2"}
  containers:
  - name: app
    image: nginx
    resources:
      requests: {cpu: 100m}
)",
       {"spec.resources.requests[cpu]: Invalid value: \"1\": must be greater than or equal to "
        "aggregate container requests of 2"}},
      {"a container limit above the pod's (path under spec.resources, as upstream builds it)",
       R"(  resources:
    requests: {cpu: "1"}
    limits: {cpu: "1"}
  containers:
  - name: app
    image: nginx
    resources:
      requests: {cpu: 500m}
      limits: {cpu: "2"}
)",
       {"spec.resources.containers[0][cpu].limits: Invalid value: \"2\": must be less than or "
        "equal to pod limits of 1"}},
      {"pod requests defaulted from the containers above the pod limit",
       R"(  resources:
    limits: {cpu: "1"}
  containers:
  - name: app
    image: nginx
    resources:
      limits: {cpu: "2"}
)",
       {"spec.resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit "
        "of 1",
        "spec.resources.containers[0][cpu].limits: Invalid value: \"2\": must be less than or "
        "equal to pod limits of 1"}},
      {"hugepages: the containers' aggregate limits must fit in the pod's (#131089)",
       R"(  resources:
    limits: {hugepages-2Mi: 4Mi, memory: 1Gi}
  containers:
  - name: a
    image: nginx
    resources:
      limits: {hugepages-2Mi: 4Mi, memory: 100Mi}
  - name: b
    image: nginx
    resources:
      limits: {hugepages-2Mi: 4Mi, memory: 100Mi}
)",
       {"spec.resources.requests[hugepages-2Mi]: Invalid value: \"4Mi\": must be greater than or "
        "equal to aggregate container requests of 8Mi",
        "spec.resources.limits[hugepages-2Mi]: Invalid value: \"4Mi\": must be greater than or "
        "equal to aggregate container limits of 8Mi"}},
  });
}

// ---- Windows, and where the errors go among the others ---------------------------

TEST(ValidatePodResourcesOrder, WindowsAndPlaceInPodSpec) {
  run({
      {"a Windows pod: nothing else is checked (#133046)",
       R"(  os: {name: windows}
  resources:
    limits: {cpu: "-1", foo: "1"}
  containers:
  - name: app
    image: nginx
)",
       {"spec.resources: Forbidden: may not be set for a windows pod"}},
      {"a Linux pod is checked",
       R"(  os: {name: linux}
  resources:
    requests: {cpu: "-1"}
  containers:
  - name: app
    image: nginx
)",
       {"spec.resources.requests[cpu]: Invalid value: \"-1\": must be greater than or equal to "
        "0"}},
      {"after the containers, before the restart policy",
       R"(  restartPolicy: Sometimes
  resources:
    requests: {cpu: "-1"}
  containers:
  - name: app
    image: nginx
    resources:
      requests: {memory: "-1"}
)",
       {"spec.containers[0].resources.requests[memory]: Invalid value: \"-1\": must be greater "
        "than or equal to 0",
        "spec.resources.requests[cpu]: Invalid value: \"-1\": must be greater than or equal to 0",
        "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", "
        "\"OnFailure\", \"Never\""}},
  });
}

}  // namespace
}  // namespace podcore::manifest
