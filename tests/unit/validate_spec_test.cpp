// Table-driven tests for pod metadata validation (ValidateMeta*), pod spec
// and create validation (ValidateSpec*) and create warnings (PodWarnings*).
// Cases follow upstream's pkg/apis/core/validation/validation_test.go
// (TestValidateObjectMeta*, TestValidatePodSpec, TestValidateTolerations,
// TestValidatePodDNSConfig, TestValidateAffinity, TestValidateSysctls, ...)
// and pkg/api/pod/warnings_test.go; every expected error is the full text
// the API server prints, in upstream's order.
//
// The pods are built already defaulted (restartPolicy Always, dnsPolicy
// ClusterFirst, terminationGracePeriodSeconds 30, securityContext {}, ...)
// with one valid container, so that only the rule under test fails.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "manifest/validate.hpp"
#include "manifest/validate_internal.hpp"

namespace podcore::manifest {
namespace {

using validation::validate_annotations;
using validation::validate_labels;
using validation::validate_object_meta;
using validation::validate_pod_spec;
using Strings = std::vector<std::string>;

// ---- expected message texts ----------------------------------------------------

const std::string kLabelRegexMsg =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex "
    "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const std::string kSubdomainRegexMsg =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
    "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const std::string kUnderscoreSubdomainRegexMsg =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' "
    "or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex "
    "used for validation is "
    "'_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*')";
const std::string kQualifiedNameBody =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const std::string kNamePartMsg = "name part " + kQualifiedNameBody;
const std::string kNamePartEmpty = "name part must be non-empty";
const std::string kTooManySlashesMsg =
    "a qualified name " + kQualifiedNameBody +
    " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
const std::string kLabelValueMsg =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
    "'my_value',  or '12345', regex used for validation is "
    "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const std::string kIpMsg = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
const std::string kIdRange = "must be between 0 and 2147483647, inclusive";
const std::string kSysctlRegex =
    "must have at most 253 characters and match regex "
    "^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$";

// ---- builders ------------------------------------------------------------------

Container valid_container(const std::string& name) {
  Container c;
  c.name = name;
  c.image = "nginx:1.27";
  c.imagePullPolicy = "IfNotPresent";
  c.terminationMessagePath = "/dev/termination-log";
  c.terminationMessagePolicy = "File";
  return c;
}

// A defaulted, valid pod.
Pod valid_pod() {
  Pod p;
  p.apiVersion = "v1";
  p.kind = "Pod";
  p.metadata.name = "web";
  p.metadata.namespace_ = "default";
  p.spec.containers = {valid_container("app")};
  p.spec.restartPolicy = "Always";
  p.spec.dnsPolicy = "ClusterFirst";
  p.spec.terminationGracePeriodSeconds = 30;
  p.spec.schedulerName = "default-scheduler";
  p.spec.securityContext = PodSecurityContext{};
  p.spec.enableServiceLinks = true;
  return p;
}

Quantity q(const char* text) {
  return *Quantity::parse(text);
}

Strings render(const FieldErrors& errs) {
  Strings out;
  for (const auto& e : errs) out.push_back(e.to_string());
  return out;
}

struct PodCase {
  std::string name;
  std::function<void(Pod&)> mutate;
  Strings want;
};

Strings spec_errors(const Pod& p) {
  FieldErrors errs;
  validate_pod_spec(p.spec, p.metadata, "spec", errs);
  return render(errs);
}

void run_spec_cases(const std::vector<PodCase>& cases) {
  for (const auto& c : cases) {
    Pod p = valid_pod();
    c.mutate(p);
    EXPECT_EQ(spec_errors(p), c.want) << c.name;
  }
}

PodSecurityContext& sc(Pod& p) {
  return *p.spec.securityContext;
}

// =================================================================== metadata

TEST(ValidateMetaObjectMeta, Cases) {
  std::vector<PodCase> cases = {
      {"valid", [](Pod&) {}, {}},
      {"dotted name is a valid subdomain", [](Pod& p) { p.metadata.name = "web.v1"; }, {}},
      {"no name nor generateName",
       [](Pod& p) { p.metadata.name.clear(); },
       {"metadata.name: Required value: name or generateName is required"}},
      {"generateName may end in a dash, but the name is still required",
       [](Pod& p) {
         p.metadata.name.clear();
         p.metadata.generateName = "web-";
       },
       {"metadata.name: Required value: name or generateName is required"}},
      {"bad generateName",
       [](Pod& p) { p.metadata.generateName = "Web-"; },
       {"metadata.generateName: Invalid value: \"Web-\": " + kSubdomainRegexMsg}},
      {"upper-case name",
       [](Pod& p) { p.metadata.name = "Web"; },
       {"metadata.name: Invalid value: \"Web\": " + kSubdomainRegexMsg}},
      {"name too long",
       [](Pod& p) { p.metadata.name = std::string(254, 'a'); },
       {"metadata.name: Invalid value: \"" + std::string(254, 'a') +
        "\": must be no more than 253 characters"}},
      {"no namespace",
       [](Pod& p) { p.metadata.namespace_.clear(); },
       {"metadata.namespace: Required value"}},
      {"dotted namespace",
       [](Pod& p) { p.metadata.namespace_ = "a.b"; },
       {"metadata.namespace: Invalid value: \"a.b\": must not contain dots"}},
      {"negative generation",
       [](Pod& p) { p.metadata.generation = -1; },
       {"metadata.generation: Invalid value: -1: must be greater than or equal to 0"}},
      {"empty owner reference (paths have no index)",
       [](Pod& p) { p.metadata.ownerReferences = {OwnerReference{}}; },
       {"metadata.ownerReferences.apiVersion: Invalid value: \"\": version must not be empty",
        "metadata.ownerReferences.kind: Invalid value: \"\": must not be empty",
        "metadata.ownerReferences.name: Invalid value: \"\": must not be empty",
        "metadata.ownerReferences.uid: Invalid value: \"\": must not be empty"}},
      {"owner version missing after the group",
       [](Pod& p) {
         p.metadata.ownerReferences = {{"apps/", "ReplicaSet", "rs", "u1", {}, {}}};
       },
       {"metadata.ownerReferences.apiVersion: Invalid value: \"apps/\": version must not be "
        "empty"}},
      {"an Event cannot own",
       [](Pod& p) {
         p.metadata.ownerReferences = {{"v1", "Event", "e", "u1", {}, {}}};
       },
       {"metadata.ownerReferences: Invalid value: v1.OwnerReference{APIVersion:\"v1\", "
        "Kind:\"Event\", Name:\"e\", UID:\"u1\", Controller:(*bool)(nil), "
        "BlockOwnerDeletion:(*bool)(nil)}: /v1, Kind=Event is disallowed from being an owner"}},
      {"two controllers",
       [](Pod& p) {
         p.metadata.ownerReferences = {{"apps/v1", "ReplicaSet", "a", "u1", true, {}},
                                       {"apps/v1", "StatefulSet", "b", "u2", true, {}}};
       },
       {"metadata.ownerReferences: Invalid value: []v1.OwnerReference{v1.OwnerReference{"
        "APIVersion:\"apps/v1\", Kind:\"ReplicaSet\", Name:\"a\", UID:\"u1\", "
        "Controller:(*bool)(0xc000000000), BlockOwnerDeletion:(*bool)(nil)}, "
        "v1.OwnerReference{APIVersion:\"apps/v1\", Kind:\"StatefulSet\", Name:\"b\", "
        "UID:\"u2\", Controller:(*bool)(0xc000000000), BlockOwnerDeletion:(*bool)(nil)}}: Only "
        "one reference can have Controller set to true. Found \"true\" in references for "
        "ReplicaSet/a and StatefulSet/b"}},
      {"finalizers: standard, qualified, and neither",
       [](Pod& p) {
         p.metadata.finalizers = {"kubernetes", "example.com/done", "custom"};
       },
       {"metadata.finalizers[2]: Invalid value: \"custom\": name is neither a standard "
        "finalizer name nor is it fully qualified"}},
      {"finalizer that is not a qualified name (reported at the list path)",
       [](Pod& p) { p.metadata.finalizers = {"a/b/c"}; },
       {"metadata.finalizers: Invalid value: \"a/b/c\": " + kTooManySlashesMsg}},
      {"orphan and foregroundDeletion together",
       [](Pod& p) {
         p.metadata.finalizers = {"orphan", "foregroundDeletion"};
       },
       {"metadata.finalizers: Invalid value: []string{\"orphan\", \"foregroundDeletion\"}: "
        "finalizer orphan and foregroundDeletion cannot be both set"}},
      {"managed fields operation and type",
       [](Pod& p) {
         ManagedFieldsEntry e;
         e.manager = "kubectl";
         e.operation = "Patch";
         e.fieldsType = "FieldsV2";
         p.metadata.managedFields = {e};
       },
       {"metadata.managedFields[0].operation: Invalid value: \"Patch\": must be `Apply` or "
        "`Update`",
        "metadata.managedFields[0].fieldsType: Invalid value: \"FieldsV2\": must be `FieldsV1`"}},
      {"errors of every part, in upstream order",
       [](Pod& p) {
         p.metadata.name = "Bad_Name";
         p.metadata.namespace_.clear();
         p.metadata.labels = {{"a b", "ok"}};
         p.metadata.annotations = {{"a/b/c", ""}};
         p.metadata.finalizers = {"x"};
       },
       {"metadata.name: Invalid value: \"Bad_Name\": " + kSubdomainRegexMsg,
        "metadata.namespace: Required value",
        "metadata.labels: Invalid value: \"a b\": " + kNamePartMsg,
        "metadata.annotations: Invalid value: \"a/b/c\": " + kTooManySlashesMsg,
        "metadata.finalizers[0]: Invalid value: \"x\": name is neither a standard finalizer "
        "name nor is it fully qualified"}},
  };
  for (const auto& c : cases) {
    Pod p = valid_pod();
    c.mutate(p);
    FieldErrors errs;
    validate_object_meta(p.metadata, "metadata", errs);
    EXPECT_EQ(render(errs), c.want) << c.name;
  }
}

TEST(ValidateMetaLabels, Cases) {
  struct Case {
    std::map<std::string, std::string> labels;
    Strings want;
  };
  std::vector<Case> cases = {
      {{{"app", "web"}, {"example.com/tier", "front_end.1"}, {"empty", ""}}, {}},
      {{{"a b", "x"}}, {"spec.nodeSelector: Invalid value: \"a b\": " + kNamePartMsg}},
      {{{"Example.com/x", "y"}},
       {"spec.nodeSelector: Invalid value: \"Example.com/x\": prefix part " + kSubdomainRegexMsg}},
      {{{"/x", "y"}}, {"spec.nodeSelector: Invalid value: \"/x\": prefix part must be non-empty"}},
      {{{"k", "-bad"}}, {"spec.nodeSelector: Invalid value: \"-bad\": " + kLabelValueMsg}},
      {{{"k", std::string(64, 'v')}},
       {"spec.nodeSelector: Invalid value: \"" + std::string(64, 'v') +
        "\": must be no more than 63 characters"}},
      // Key errors come before value errors of the same entry, entries in key order.
      {{{"b!", "c!"}, {"a", "ok"}},
       {"spec.nodeSelector: Invalid value: \"b!\": " + kNamePartMsg,
        "spec.nodeSelector: Invalid value: \"c!\": " + kLabelValueMsg}},
  };
  for (const auto& c : cases) {
    FieldErrors errs;
    validate_labels(c.labels, "spec.nodeSelector", errs);
    EXPECT_EQ(render(errs), c.want);
  }
}

TEST(ValidateMetaAnnotations, Cases) {
  struct Case {
    std::map<std::string, std::string> annotations;
    Strings want;
  };
  std::vector<Case> cases = {
      // Case does not matter in annotation keys.
      {{{"Example.COM/Some-Key", "v"}, {"UPPER", "anything goes"}}, {}},
      {{{"a/b/c", ""}}, {"metadata.annotations: Invalid value: \"a/b/c\": " + kTooManySlashesMsg}},
      {{{"-x", ""}}, {"metadata.annotations: Invalid value: \"-x\": " + kNamePartMsg}},
      // 262144 bytes (keys plus values) is the most allowed.
      {{{"k", std::string(262143, 'v')}}, {}},
      {{{"k", std::string(262144, 'v')}},
       {"metadata.annotations: Too long: may not be more than 262144 bytes"}},
      {{{"k1", std::string(131070, 'v')}, {"k2", std::string(131071, 'v')}},
       {"metadata.annotations: Too long: may not be more than 262144 bytes"}},
  };
  for (const auto& c : cases) {
    FieldErrors errs;
    validate_annotations(c.annotations, "metadata.annotations", errs);
    EXPECT_EQ(render(errs), c.want);
  }
}

// =================================================================== pod spec

TEST(ValidateSpecBasics, Cases) {
  run_spec_cases({
      {"valid", [](Pod&) {}, {}},
      {"missing terminationGracePeriodSeconds",
       [](Pod& p) { p.spec.terminationGracePeriodSeconds.reset(); },
       {"spec.terminationGracePeriodSeconds: Required value"}},
      {"empty restartPolicy",
       [](Pod& p) { p.spec.restartPolicy.clear(); },
       {"spec.restartPolicy: Required value"}},
      {"unknown restartPolicy",
       [](Pod& p) { p.spec.restartPolicy = "Sometimes"; },
       {"spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", "
        "\"OnFailure\", \"Never\""}},
      {"empty dnsPolicy",
       [](Pod& p) { p.spec.dnsPolicy.clear(); },
       {"spec.dnsPolicy: Required value"}},
      {"unknown dnsPolicy",
       [](Pod& p) { p.spec.dnsPolicy = "Bogus"; },
       {"spec.dnsPolicy: Unsupported value: \"Bogus\": supported values: "
        "\"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\""}},
      {"nodeSelector label rules",
       [](Pod& p) {
         p.spec.nodeSelector = {{"disk", "fast ssd"}};
       },
       {"spec.nodeSelector: Invalid value: \"fast ssd\": " + kLabelValueMsg}},
      {"serviceAccountName, nodeName, hostname and subdomain",
       [](Pod& p) {
         p.spec.serviceAccountName = "Bad";
         p.spec.nodeName = "node_1";
         p.spec.hostname = "a.b";
         p.spec.subdomain = "-sub";
       },
       {"spec.serviceAccountName: Invalid value: \"Bad\": " + kSubdomainRegexMsg,
        "spec.nodeName: Invalid value: \"node_1\": " + kSubdomainRegexMsg,
        "spec.hostname: Invalid value: \"a.b\": must not contain dots",
        "spec.subdomain: Invalid value: \"-sub\": " + kLabelRegexMsg}},
      {"activeDeadlineSeconds 0",
       [](Pod& p) { p.spec.activeDeadlineSeconds = 0; },
       {"spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, "
        "inclusive"}},
      {"activeDeadlineSeconds above int32",
       [](Pod& p) { p.spec.activeDeadlineSeconds = 2147483648LL; },
       {"spec.activeDeadlineSeconds: Invalid value: 2147483648: must be between 1 and "
        "2147483647, inclusive"}},
      {"activeDeadlineSeconds at the limits", [](Pod& p) { p.spec.activeDeadlineSeconds = 1; }, {}},
      {"priorityClassName and an empty runtimeClassName",
       [](Pod& p) {
         p.spec.priorityClassName = "High";
         p.spec.runtimeClassName = "";
       },
       {"spec.priorityClassName: Invalid value: \"High\": " + kSubdomainRegexMsg,
        "spec.runtimeClassName: Invalid value: \"\": " + kSubdomainRegexMsg}},
      {"empty preemptionPolicy",
       [](Pod& p) { p.spec.preemptionPolicy = ""; },
       {"spec.preemptionPolicy: Required value"}},
      {"unknown preemptionPolicy",
       [](Pod& p) { p.spec.preemptionPolicy = "Always"; },
       {"spec.preemptionPolicy: Unsupported value: \"Always\": supported values: "
        "\"PreemptLowerPriority\", \"Never\""}},
      {"readinessGates conditionType",
       [](Pod& p) {
         p.spec.readinessGates = {{"example.com/ready"}, {"not ok"}};
       },
       {"spec.readinessGates[1].conditionType: Invalid value: \"not ok\": " + kNamePartMsg}},
      {"schedulingGates name and duplicates",
       [](Pod& p) {
         p.spec.schedulingGates = {{"example.com/gate"}, {"a b"}, {"example.com/gate"}};
       },
       {"spec.schedulingGates[1]: Invalid value: \"a b\": " + kNamePartMsg,
        "spec.schedulingGates[2]: Duplicate value: \"example.com/gate\""}},
  });
}

TEST(ValidateSpecHostNetwork, Cases) {
  run_spec_cases({
      {"hostPort equal to containerPort",
       [](Pod& p) {
         p.spec.hostNetwork = true;
         p.spec.containers[0].ports = {{"", 8080, 8080, "TCP", ""}};
       },
       {}},
      {"hostPort differs from containerPort (reported at hostPort)",
       [](Pod& p) {
         p.spec.hostNetwork = true;
         p.spec.containers[0].ports = {{"", 8080, 80, "TCP", ""}};
       },
       {"spec.containers[0].ports[0].hostPort: Invalid value: 8080: must match `containerPort` "
        "when `hostNetwork` is true"}},
      {"init containers are not checked",
       [](Pod& p) {
         p.spec.hostNetwork = true;
         Container c = valid_container("init");
         c.ports = {{"", 9000, 90, "TCP", ""}};
         p.spec.initContainers = {c};
       },
       {}},
  });
}

TEST(ValidateSpecPodSecurityContext, Cases) {
  run_spec_cases({
      {"ids out of range, in upstream order",
       [](Pod& p) {
         sc(p).runAsUser = -1;
         sc(p).runAsGroup = 2147483648LL;
         sc(p).fsGroup = -2;
         sc(p).supplementalGroups = {1000, -3};
       },
       {"spec.securityContext.fsGroup: Invalid value: -2: " + kIdRange,
        "spec.securityContext.runAsUser: Invalid value: -1: " + kIdRange,
        "spec.securityContext.runAsGroup: Invalid value: 2147483648: " + kIdRange,
        "spec.securityContext.supplementalGroups[1]: Invalid value: -3: " + kIdRange}},
      {"shareProcessNamespace with hostPID",
       [](Pod& p) {
         p.spec.shareProcessNamespace = true;
         p.spec.hostPID = true;
       },
       {"spec.securityContext.shareProcessNamespace: Invalid value: true: ShareProcessNamespace "
        "and HostPID cannot both be enabled"}},
      {"shareProcessNamespace false with hostPID",
       [](Pod& p) {
         p.spec.shareProcessNamespace = false;
         p.spec.hostPID = true;
       },
       {}},
      {"no securityContext at all is like an empty one",
       [](Pod& p) {
         p.spec.securityContext.reset();
         p.spec.shareProcessNamespace = true;
         p.spec.hostPID = true;
       },
       {"spec.securityContext.shareProcessNamespace: Invalid value: true: ShareProcessNamespace "
        "and HostPID cannot both be enabled"}},
      {"sysctls: empty, malformed, duplicate",
       [](Pod& p) {
         sc(p).sysctls = {{"", "1"},
                          {"kernel.Bad", "1"},
                          {"kernel.msgmax", "1"},
                          {"kernel.msgmax", "2"},
                          {"net/ipv4/ip_forward", "1"}};
       },
       {"spec.securityContext.sysctls[0].name: Required value",
        "spec.securityContext.sysctls[1].name: Invalid value: \"kernel.Bad\": " + kSysctlRegex,
        "spec.securityContext.sysctls[3].name: Duplicate value: \"kernel.msgmax\""}},
      {"net sysctls with hostNetwork, ipc sysctls with hostIPC",
       [](Pod& p) {
         p.spec.hostNetwork = true;
         p.spec.hostIPC = true;
         sc(p).sysctls = {{"net.core.somaxconn", "1024"},
                          {"net/ipv4/conf/eno2.100/rp_filter", "1"},
                          {"kernel.shm_rmid_forced", "1"},
                          {"fs.mqueue.msg_max", "10"},
                          {"kernel.domainname", "x"}};
       },
       {"spec.securityContext.sysctls[0].name: Invalid value: \"net.core.somaxconn\": may not be "
        "specified when 'hostNetwork' is true",
        "spec.securityContext.sysctls[1].name: Invalid value: "
        "\"net/ipv4/conf/eno2.100/rp_filter\": "
        "may not be specified when 'hostNetwork' is true",
        "spec.securityContext.sysctls[2].name: Invalid value: \"kernel.shm_rmid_forced\": may not "
        "be specified when 'hostIPC' is true",
        "spec.securityContext.sysctls[3].name: Invalid value: \"fs.mqueue.msg_max\": may not be "
        "specified when 'hostIPC' is true"}},
      {"fsGroupChangePolicy",
       [](Pod& p) { sc(p).fsGroupChangePolicy = "Sometimes"; },
       {"spec.securityContext.fsGroupChangePolicy: Unsupported value: \"Sometimes\": supported "
        "values: \"Always\", \"OnRootMismatch\""}},
      {"seccomp type required",
       [](Pod& p) { sc(p).seccompProfile = SeccompProfile{}; },
       {"spec.securityContext.seccompProfile.type: Required value: type is required when "
        "seccompProfile is set"}},
      {"seccomp unknown type",
       [](Pod& p) {
         sc(p).seccompProfile = SeccompProfile{"Default", {}};
       },
       {"spec.securityContext.seccompProfile.type: Unsupported value: \"Default\": supported "
        "values: \"Localhost\", \"RuntimeDefault\", \"Unconfined\""}},
      {"seccomp Localhost needs a relative profile without backsteps",
       [](Pod& p) {
         sc(p).seccompProfile = SeccompProfile{"Localhost", "/abs/../p.json"};
       },
       {"spec.securityContext.seccompProfile.localhostProfile: Invalid value: \"/abs/../p.json\": "
        "must be a relative path",
        "spec.securityContext.seccompProfile.localhostProfile: Invalid value: \"/abs/../p.json\": "
        "must not contain '..'"}},
      {"seccomp Localhost without a profile",
       [](Pod& p) {
         sc(p).seccompProfile = SeccompProfile{"Localhost", {}};
       },
       {"spec.securityContext.seccompProfile.localhostProfile: Required value: must be set when "
        "seccomp type is Localhost"}},
      {"apparmor",
       [](Pod& p) {
         sc(p).appArmorProfile = AppArmorProfile{"Localhost", " p"};
       },
       {"spec.securityContext.appArmorProfile.localhostProfile: Invalid value: \" p\": must not "
        "be padded with whitespace"}},
      {"apparmor profile only with Localhost",
       [](Pod& p) {
         sc(p).appArmorProfile = AppArmorProfile{"RuntimeDefault", "p"};
       },
       {"spec.securityContext.appArmorProfile.localhostProfile: Invalid value: \"p\": can only "
        "be set when AppArmor type is Localhost"}},
      {"apparmor unknown type",
       [](Pod& p) {
         sc(p).appArmorProfile = AppArmorProfile{"Enforce", {}};
       },
       {"spec.securityContext.appArmorProfile.type: Unsupported value: \"Enforce\": supported "
        "values: \"Localhost\", \"RuntimeDefault\", \"Unconfined\""}},
      {"supplementalGroupsPolicy",
       [](Pod& p) { sc(p).supplementalGroupsPolicy = "Union"; },
       {"spec.securityContext.supplementalGroupsPolicy: Unsupported value: \"Union\": supported "
        "values: \"Merge\", \"Strict\""}},
      {"seLinuxChangePolicy: only Recursive while SELinuxMount is off",
       [](Pod& p) { sc(p).seLinuxChangePolicy = "MountOption"; },
       {"spec.securityContext.seLinuxChangePolicy: Unsupported value: \"MountOption\": supported "
        "values: \"Recursive\""}},
      {"windows runAsUserName",
       [](Pod& p) {
         WindowsSecurityContextOptions w;
         w.runAsUserName = "bad:domain\\us|er";
         w.gmsaCredentialSpec = "";
         sc(p).windowsOptions = w;
       },
       {"spec.securityContext.windowsOptions.gmsaCredentialSpec: Invalid value: \"\": "
        "gmsaCredentialSpec cannot be an empty string",
        "spec.securityContext.windowsOptions.runAsUserName: Invalid value: "
        "\"bad:domain\\\\us|er\": runAsUserName's Domain doesn't match the NetBios nor the DNS "
        "format",
        "spec.securityContext.windowsOptions.runAsUserName: Invalid value: "
        "\"bad:domain\\\\us|er\": runAsUserName's User cannot contain the following characters: "
        "\"/\\:;|=,+*?<>@[]"}},
      {"windows runAsUserName with two backslashes",
       [](Pod& p) {
         WindowsSecurityContextOptions w;
         w.runAsUserName = "a\\b\\c";
         sc(p).windowsOptions = w;
       },
       {"spec.securityContext.windowsOptions.runAsUserName: Invalid value: \"a\\\\b\\\\c\": "
        "runAsUserName cannot contain more than one backslash"}},
  });
}

TEST(ValidateSpecAffinity, Cases) {
  auto node_term = [](NodeSelectorRequirement r) {
    NodeSelectorTerm t;
    t.matchExpressions = {std::move(r)};
    return t;
  };
  run_spec_cases({
      {"required node affinity without terms",
       [](Pod& p) {
         p.spec.affinity = Affinity{};
         p.spec.affinity->nodeAffinity = NodeAffinity{NodeSelector{}, {}};
       },
       {"spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
        "nodeSelectorTerms: Required value: must have at least one node selector term"}},
      {"node selector requirement rules",
       [&](Pod& p) {
         NodeSelector ns;
         ns.nodeSelectorTerms = {
             node_term({"zone", "In", {}}), node_term({"zone", "Exists", {"a"}}),
             node_term({"cores", "Gt", {"1", "2"}}), node_term({"bad key", "Near", {"x y"}})};
         p.spec.affinity = Affinity{NodeAffinity{ns, {}}, {}, {}};
       },
       {"spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
        "nodeSelectorTerms[0].matchExpressions[0].values: Required value: must be specified when "
        "`operator` is 'In' or 'NotIn'",
        "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
        "nodeSelectorTerms[1].matchExpressions[0].values: Forbidden: may not be specified when "
        "`operator` is 'Exists' or 'DoesNotExist'",
        "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
        "nodeSelectorTerms[2].matchExpressions[0].values: Required value: must be specified "
        "single value when `operator` is 'Lt' or 'Gt'",
        "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
        "nodeSelectorTerms[3].matchExpressions[0].operator: Invalid value: \"Near\": not a valid "
        "selector operator",
        "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
        "nodeSelectorTerms[3].matchExpressions[0].key: Invalid value: \"bad key\": " +
            kNamePartMsg,
        "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
        "nodeSelectorTerms[3].matchExpressions[0].values[0]: Invalid value: \"x y\": " +
            kLabelValueMsg}},
      {"match fields",
       [](Pod& p) {
         NodeSelectorTerm t;
         t.matchFields = {{"metadata.name", "In", {"a", "b"}},
                          {"metadata.uid", "NotIn", {"x"}},
                          {"metadata.name", "In", {"Node_1"}}};
         NodeSelector ns;
         ns.nodeSelectorTerms = {t};
         p.spec.affinity = Affinity{NodeAffinity{ns, {}}, {}, {}};
       },
       {"spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
        "nodeSelectorTerms[0].matchFields[0].values: Required value: must be only one value when "
        "`operator` is 'In' or 'NotIn' for node field selector",
        "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
        "nodeSelectorTerms[0].matchFields[1].key: Invalid value: \"metadata.uid\": not a valid "
        "field selector key",
        "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
        "nodeSelectorTerms[0].matchFields[2].values[0]: Invalid value: \"Node_1\": " +
            kSubdomainRegexMsg}},
      {"preferred terms: weight range, invalid label values allowed",
       [&](Pod& p) {
         NodeAffinity na;
         na.preferredDuringSchedulingIgnoredDuringExecution = {
             {0, node_term({"zone", "In", {"not valid!"}})},
             {100, node_term({"zone", "In", {"a"}})},
             {101, node_term({"zone", "In", {"a"}})}};
         p.spec.affinity = Affinity{na, {}, {}};
       },
       {"spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: "
        "Invalid value: 0: must be in the range 1-100",
        "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[2].weight: "
        "Invalid value: 101: must be in the range 1-100"}},
      {"pod affinity term",
       [](Pod& p) {
         PodAffinityTerm t;
         t.labelSelector = LabelSelector{{{"app", "web"}}, {{"tier", "In", {"bad value!"}}}};
         t.namespaces = {"Prod"};
         t.matchLabelKeys = {"app"};
         t.mismatchLabelKeys = {"app"};
         p.spec.affinity = Affinity{{}, PodAffinity{{t}, {}}, {}};
       },
       {"spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]."
        "labelSelector.matchExpressions[0].values[0]: Invalid value: \"bad value!\": " +
            kLabelValueMsg,
        "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespace: "
        "Invalid value: \"Prod\": " +
            kLabelRegexMsg,
        "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]."
        "matchLabelKeys[0]: Invalid value: \"app\": exists in both matchLabelKeys and "
        "mismatchLabelKeys",
        "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: "
        "Required value: can not be empty",
        "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: "
        "Invalid value: \"\": " +
            kNamePartEmpty,
        "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: "
        "Invalid value: \"\": " +
            kNamePartMsg}},
      {"matchLabelKeys need a labelSelector; duplicate key in the selector",
       [](Pod& p) {
         PodAffinityTerm a;
         a.topologyKey = "zone";
         a.matchLabelKeys = {"app"};
         PodAffinityTerm b;
         b.topologyKey = "zone";
         b.matchLabelKeys = {"x", "app"};
         b.labelSelector = LabelSelector{{{"app", "web"}}, {{"app", "In", {"web"}}}};
         p.spec.affinity = Affinity{{}, {}, PodAntiAffinity{{}, {{1, a}, {50, b}}}};
       },
       {"spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]."
        "podAffinityTerm.matchLabelKeys: Forbidden: must not be specified when labelSelector is "
        "not set",
        // Upstream quirk: the index is put on the term's path.
        "spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[1]."
        "podAffinityTerm[1]: Invalid value: \"app\": exists in both matchLabelKeys and "
        "labelSelector"}},
      {"weighted pod affinity weight and selector operator",
       [](Pod& p) {
         PodAffinityTerm t;
         t.topologyKey = "zone";
         t.labelSelector = LabelSelector{{}, {{"app", "Exists", {"x"}}, {"app", "Has", {}}}};
         p.spec.affinity = Affinity{{}, PodAffinity{{}, {{0, t}}}, {}};
       },
       {"spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: "
        "Invalid value: 0: must be in the range 1-100",
        "spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]."
        "podAffinityTerm.labelSelector.matchExpressions[0].values: Forbidden: may not be "
        "specified when `operator` is 'Exists' or 'DoesNotExist'",
        "spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]."
        "podAffinityTerm.labelSelector.matchExpressions[1].operator: Invalid value: \"Has\": not "
        "a valid selector operator"}},
  });
}

TEST(ValidateSpecDNSConfig, Cases) {
  run_spec_cases({
      {"dnsPolicy None needs dnsConfig",
       [](Pod& p) { p.spec.dnsPolicy = "None"; },
       {"spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None"}},
      {"dnsPolicy None needs a nameserver (and stops there)",
       [](Pod& p) {
         p.spec.dnsPolicy = "None";
         p.spec.dnsConfig = PodDNSConfig{{}, {"Bad_"}, {}};
       },
       {"spec.dnsConfig.nameservers: Required value: must provide at least one DNS nameserver "
        "when `dnsPolicy` is None"}},
      {"valid relaxed searches",
       [](Pod& p) {
         p.spec.dnsPolicy = "None";
         p.spec.dnsConfig =
             PodDNSConfig{{"1.2.3.4"}, {".", "_srv.example.com.", "a-b_c.d"}, {{"ndots", "2"}}};
       },
       {}},
      {"too many nameservers, bad IP",
       [](Pod& p) {
         p.spec.dnsConfig = PodDNSConfig{{"1.1.1.1", "2.2.2.2", "3.3.3.3", "dns.local"}, {}, {}};
       },
       {"spec.dnsConfig.nameservers: Invalid value: []string{\"1.1.1.1\", \"2.2.2.2\", "
        "\"3.3.3.3\", \"dns.local\"}: must not have more than 3 nameservers",
        "spec.dnsConfig.nameservers[3]: Invalid value: \"dns.local\": " + kIpMsg}},
      {"bad searches and an option without a name",
       [](Pod& p) {
         p.spec.dnsConfig = PodDNSConfig{{}, {"Example.com", "a..b", "_"}, {{"", {}}}};
       },
       {"spec.dnsConfig.searches[0]: Invalid value: \"Example.com\": " +
            kUnderscoreSubdomainRegexMsg,
        "spec.dnsConfig.searches[1]: Invalid value: \"a..b\": " + kUnderscoreSubdomainRegexMsg,
        "spec.dnsConfig.searches[2]: Invalid value: \"_\": " + kUnderscoreSubdomainRegexMsg,
        "spec.dnsConfig.options[0]: Required value: must not be empty"}},
      {"too many searches",
       [](Pod& p) {
         Strings s;
         for (int i = 0; i < 33; ++i) s.push_back("s" + std::to_string(i));
         p.spec.dnsConfig = PodDNSConfig{{}, s, {}};
       },
       {[] {
         std::string v = "[]string{";
         for (int i = 0; i < 33; ++i) v += (i ? ", \"s" : "\"s") + std::to_string(i) + "\"";
         return "spec.dnsConfig.searches: Invalid value: " + v +
                "}: must not have more than 32 search paths";
       }()}},
      {"search list too long",
       [](Pod& p) {
         // 9 × 227 characters plus 8 spaces = 2051 > 2048.
         std::string d = std::string(100, 'a') + "." + std::string(126, 'b');
         p.spec.dnsConfig = PodDNSConfig{{}, Strings(9, d), {}};
       },
       {[] {
         std::string d = std::string(100, 'a') + "." + std::string(126, 'b');
         std::string v = "[]string{";
         for (int i = 0; i < 9; ++i) v += (i ? ", \"" : "\"") + d + "\"";
         return "spec.dnsConfig.searches: Invalid value: " + v +
                "}: must not have more than 2048 characters (including spaces) in the search list";
       }()}},
  });
}

TEST(ValidateSpecTopologySpread, Cases) {
  auto tsc = [](int32_t skew, std::string key, std::string when) {
    TopologySpreadConstraint c;
    c.maxSkew = skew;
    c.topologyKey = std::move(key);
    c.whenUnsatisfiable = std::move(when);
    c.labelSelector = LabelSelector{{{"app", "web"}}, {}};
    return c;
  };
  run_spec_cases({
      {"valid",
       [&](Pod& p) { p.spec.topologySpreadConstraints = {tsc(1, "zone", "DoNotSchedule")}; },
       {}},
      {"maxSkew, topologyKey, whenUnsatisfiable",
       [&](Pod& p) { p.spec.topologySpreadConstraints = {tsc(0, "", "Sometimes")}; },
       {"spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero",
        "spec.topologySpreadConstraints[0].topologyKey: Required value: can not be empty",
        "spec.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: \"Sometimes\": "
        "supported values: \"DoNotSchedule\", \"ScheduleAnyway\""}},
      {"repeated {topologyKey, whenUnsatisfiable}",
       [&](Pod& p) {
         p.spec.topologySpreadConstraints = {tsc(1, "zone", "DoNotSchedule"),
                                             tsc(2, "zone", "DoNotSchedule")};
       },
       {"spec.topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable}: Duplicate value: "
        "\"{zone, DoNotSchedule}\""}},
      {"minDomains",
       [&](Pod& p) {
         auto c = tsc(1, "zone", "ScheduleAnyway");
         c.minDomains = 0;
         p.spec.topologySpreadConstraints = {c};
       },
       {"spec.topologySpreadConstraints[0].minDomains: Invalid value: 0: must be greater than "
        "zero",
        "spec.topologySpreadConstraints[0].minDomains: Invalid value: 0: can only use minDomains "
        "if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway"}},
      {"node inclusion policies, matchLabelKeys, selector",
       [&](Pod& p) {
         auto c = tsc(1, "zone", "DoNotSchedule");
         c.nodeAffinityPolicy = "Always";
         c.nodeTaintsPolicy = "Honor";
         c.labelSelector.reset();
         c.matchLabelKeys = {"pod-template-hash"};
         auto d = tsc(1, "node", "DoNotSchedule");
         d.labelSelector = LabelSelector{{{"app", "we b"}}, {}};
         d.matchLabelKeys = {"bad key"};
         p.spec.topologySpreadConstraints = {c, d};
       },
       {"spec.topologySpreadConstraints[0].nodeAffinityPolicy: Unsupported value: \"Always\": "
        "supported values: \"Honor\", \"Ignore\"",
        "spec.topologySpreadConstraints[0].matchLabelKeys: Forbidden: must not be specified when "
        "labelSelector is not set",
        "spec.topologySpreadConstraints[1].matchLabelKeys[0]: Invalid value: \"bad key\": " +
            kNamePartMsg,
        "spec.topologySpreadConstraints[1].labelSelector.matchLabels: Invalid value: \"we b\": " +
            kLabelValueMsg}},
  });
}

TEST(ValidateSpecTolerations, Cases) {
  auto tol = [](std::string k, std::string op, std::string v, std::string e,
                std::optional<int64_t> secs = {}) {
    return Toleration{k, op, v, e, secs};
  };
  run_spec_cases({
      {"valid",
       [&](Pod& p) {
         p.spec.tolerations = {tol("foo", "Exists", "", "NoExecute", 300),
                               tol("bar", "Equal", "baz", "NoSchedule"), tol("", "Exists", "", ""),
                               tol("example.com/k", "", "v", "PreferNoSchedule")};
       },
       {}},
      {"invalid key",
       [&](Pod& p) {
         p.spec.tolerations = {tol("nospecialchars^=@", "Equal", "bar", "NoSchedule")};
       },
       {"spec.tolerations[0].key: Invalid value: \"nospecialchars^=@\": " + kNamePartMsg}},
      {"empty key needs Exists",
       [&](Pod& p) { p.spec.tolerations = {tol("", "Equal", "bar", "NoSchedule")}; },
       {"spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when "
        "`key` is empty, which means \"match all values and all keys\""}},
      {"tolerationSeconds needs NoExecute",
       [&](Pod& p) { p.spec.tolerations = {tol("foo", "Exists", "", "NoSchedule", 20)}; },
       {"spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' "
        "when `tolerationSeconds` is set"}},
      {"Exists with a value",
       [&](Pod& p) { p.spec.tolerations = {tol("foo", "Exists", "bar", "NoSchedule")}; },
       {"spec.tolerations[0].operator: Invalid value: \"bar\": value must be empty when "
        "`operator` is 'Exists'"}},
      {"invalid value (label value rules, at operator)",
       [&](Pod& p) { p.spec.tolerations = {tol("foo", "Equal", "bad value", "")}; },
       {"spec.tolerations[0].operator: Invalid value: \"bad value\": " + kLabelValueMsg}},
      {"unknown operator and effect",
       [&](Pod& p) { p.spec.tolerations = {tol("foo", "In", "", "NoRun")}; },
       {"spec.tolerations[0].operator: Unsupported value: \"In\": supported values: \"Equal\", "
        "\"Exists\"",
        "spec.tolerations[0].effect: Unsupported value: \"NoRun\": supported values: "
        "\"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""}},
  });
}

TEST(ValidateSpecHostAliasesAndUsers, Cases) {
  run_spec_cases({
      {"host aliases",
       [](Pod& p) {
         p.spec.hostAliases = {{"1.2.3.4", {"host", "Bad_Host"}}, {"999.1.1.1", {}}};
       },
       {"spec.hostAliases[0].hostnames[1]: Invalid value: \"Bad_Host\": " + kSubdomainRegexMsg,
        "spec.hostAliases[1].ip: Invalid value: \"999.1.1.1\": " + kIpMsg}},
      {"hostUsers false forbids host namespaces (capitalised paths are upstream's)",
       [](Pod& p) {
         p.spec.hostUsers = false;
         p.spec.hostNetwork = true;
         p.spec.hostPID = true;
         p.spec.hostIPC = true;
       },
       {"spec.hostNetwork: Forbidden: when `pod.Spec.HostUsers` is false",
        "spec.HostPID: Forbidden: when `pod.Spec.HostUsers` is false",
        "spec.HostIPC: Forbidden: when `pod.Spec.HostUsers` is false"}},
      {"hostUsers true allows them",
       [](Pod& p) {
         p.spec.hostUsers = true;
         p.spec.hostPID = true;
       },
       {}},
  });
}

TEST(ValidateSpecResourceClaimsAndOverhead, Cases) {
  run_spec_cases({
      {"resource claims",
       [](Pod& p) {
         p.spec.resourceClaims = {
             {"", "claim", {}}, {"gpu", {}, "tmpl"}, {"gpu", "c", {}}, {"Bad", {}, {}}};
       },
       {"spec.resourceClaims[0].name: Required value",
        "spec.resourceClaims[2].name: Duplicate value: \"gpu\"",
        "spec.resourceClaims[3].name: Invalid value: \"Bad\": " + kLabelRegexMsg,
        "spec.resourceClaims[3]: Invalid value: core.PodResourceClaim{Name:\"Bad\", "
        "ResourceClaimName:(*string)(nil), ResourceClaimTemplateName:(*string)(nil)}: must "
        "specify one of: `resourceClaimName`, `resourceClaimTemplateName`"}},
      {"negative overhead (path has .limits, as upstream)",
       [](Pod& p) {
         p.spec.overhead = {{"cpu", q("-1")}, {"memory", q("10Mi")}};
       },
       {"spec.overhead.limits[cpu]: Invalid value: \"-1\": must be greater than or equal to 0"}},
      {"hugepages overhead alone",
       [](Pod& p) {
         p.spec.overhead = {{"hugepages-2Mi", q("2Mi")}};
       },
       {"spec.overhead: Forbidden: HugePages require cpu or memory"}},
  });
}

TEST(ValidateSpecOS, Cases) {
  run_spec_cases({
      {"empty name",
       [](Pod& p) { p.spec.os = PodOS{""}; },
       {"spec.os.name: Required value: cannot be empty"}},
      {"unknown OS (reported at spec.os)",
       [](Pod& p) { p.spec.os = PodOS{"plan9"}; },
       {"spec.os: Unsupported value: \"plan9\": supported values: \"linux\", \"windows\""}},
      {"linux pod with windows options",
       [](Pod& p) {
         p.spec.os = PodOS{"linux"};
         sc(p).windowsOptions = WindowsSecurityContextOptions{};
         SecurityContext csc;
         csc.windowsOptions = WindowsSecurityContextOptions{};
         p.spec.containers[0].securityContext = csc;
       },
       {"spec.securityContext.windowsOptions: Forbidden: windows options cannot be set for a "
        "linux pod",
        "spec.containers[0].securityContext.windowsOptions: Forbidden: windows options cannot be "
        "set for a linux pod"}},
      {"windows pod with linux-only fields",
       [](Pod& p) {
         p.spec.os = PodOS{"windows"};
         p.spec.hostPID = true;
         p.spec.shareProcessNamespace = false;
         sc(p).runAsUser = 1000;
         sc(p).sysctls = {{"kernel.msgmax", "1"}};
         SecurityContext csc;
         csc.privileged = false;
         csc.runAsGroup = 10;
         p.spec.containers[0].securityContext = csc;
       },
       {"spec.hostPID: Forbidden: cannot be set for a windows pod",
        "spec.securityContext.sysctls: Forbidden: cannot be set for a windows pod",
        "spec.shareProcessNamespace: Forbidden: cannot be set for a windows pod",
        "spec.securityContext.runAsUser: Forbidden: cannot be set for a windows pod",
        "spec.containers[0].securityContext.privileged: Forbidden: cannot be set for a windows pod",
        "spec.containers[0].securityContext.runAsGroup: Forbidden: cannot be set for a windows "
        "pod"}},
      {"hostProcess needs hostNetwork",
       [](Pod& p) {
         WindowsSecurityContextOptions w;
         w.hostProcess = true;
         sc(p).windowsOptions = w;
       },
       {"spec.hostNetwork: Invalid value: false: hostNetwork must be true if pod contains any "
        "hostProcess containers"}},
      {"hostProcess must be the same everywhere",
       [](Pod& p) {
         p.spec.hostNetwork = true;
         WindowsSecurityContextOptions w;
         w.hostProcess = true;
         sc(p).windowsOptions = w;
         SecurityContext csc;
         csc.windowsOptions = WindowsSecurityContextOptions{};
         csc.windowsOptions->hostProcess = false;
         p.spec.containers.push_back(valid_container("second"));
         p.spec.containers[1].securityContext = csc;
       },
       {"spec.containers[1].securityContext.windowsOptions.hostProcess: Invalid value: false: "
        "pod hostProcess value must be identical if both are specified, was true",
        "spec: Invalid value: \"\": If pod contains any hostProcess containers then all "
        "containers must be HostProcess containers"}},
  });
}

// =================================================================== create

TEST(ValidateSpecPodCreate, Cases) {
  struct Case {
    std::string name;
    std::function<void(Pod&)> mutate;
    Strings want;
  };
  std::vector<Case> cases = {
      {"valid", [](Pod&) {}, {}},
      {"metadata, then spec",
       [](Pod& p) {
         p.metadata.name = "Web";
         p.spec.restartPolicy = "Sometimes";
       },
       {"metadata.name: Invalid value: \"Web\": " + kSubdomainRegexMsg,
        "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", "
        "\"OnFailure\", \"Never\""}},
      {"mirror pod annotation needs nodeName; deletion cost must be an int32",
       [](Pod& p) {
         p.metadata.annotations = {{"kubernetes.io/config.mirror", "hash"},
                                   {"controller.kubernetes.io/pod-deletion-cost", "+10"}};
       },
       {"metadata.annotations[kubernetes.io/config.mirror]: Invalid value: \"hash\": must set "
        "spec.nodeName if mirror pod annotation is set",
        "metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "
        "\"+10\": must be a 32bit integer"}},
      {"deletion cost limits",
       [](Pod& p) {
         p.metadata.annotations = {{"controller.kubernetes.io/pod-deletion-cost", "2147483648"}};
       },
       {"metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "
        "\"2147483648\": must be a 32bit integer"}},
      {"deletion cost -2147483648 is fine",
       [](Pod& p) {
         p.metadata.annotations = {{"controller.kubernetes.io/pod-deletion-cost", "-2147483648"}};
       },
       {}},
      {"seccomp annotations (paths use '.', not [key])",
       [](Pod& p) {
         p.metadata.annotations = {
             {"seccomp.security.alpha.kubernetes.io/pod", "bogus"},
             {"container.seccomp.security.alpha.kubernetes.io/app", "localhost/../x"}};
       },
       {"metadata.annotations.seccomp.security.alpha.kubernetes.io/pod: Invalid value: \"bogus\": "
        "must be a valid seccomp profile",
        "metadata.annotations.container.seccomp.security.alpha.kubernetes.io/app: Invalid value: "
        "\"../x\": must not contain '..'"}},
      {"apparmor annotations",
       [](Pod& p) {
         p.metadata.annotations = {
             {"container.apparmor.security.beta.kubernetes.io/app", "enforce"},
             {"container.apparmor.security.beta.kubernetes.io/ghost", "runtime/default"}};
       },
       {"metadata.annotations[container.apparmor.security.beta.kubernetes.io/app]: Invalid "
        "value: \"enforce\": invalid AppArmor profile name: \"enforce\"",
        "metadata.annotations[container.apparmor.security.beta.kubernetes.io/ghost]: Invalid "
        "value: \"ghost\": container not found"}},
      {"projected service account token without a service account",
       [](Pod& p) {
         Volume v;
         v.name = "token";
         v.projected = ProjectedVolumeSource{};
         v.projected->defaultMode = 420;
         VolumeProjection src;
         src.serviceAccountToken = ServiceAccountTokenProjection{"", 3600, "token"};
         v.projected->sources = {src};
         p.spec.volumes = {v};
       },
       {"spec.volumes[0].projected.sources[0].serviceAccountToken: Forbidden: must not be "
        "specified when serviceAccountName is not set"}},
      {"ephemeral containers and nodeName with scheduling gates",
       [](Pod& p) {
         EphemeralContainer e;
         e.name = "debug";
         e.image = "busybox:1.36";
         e.imagePullPolicy = "IfNotPresent";
         e.terminationMessagePath = "/dev/termination-log";
         e.terminationMessagePolicy = "File";
         p.spec.ephemeralContainers = {e};
         p.spec.nodeName = "node-1";
         p.spec.schedulingGates = {{"example.com/wait"}};
       },
       {"spec.ephemeralContainers: Forbidden: cannot be set on create",
        "spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared"}},
      {"seccomp annotation and field must match",
       [](Pod& p) {
         p.metadata.annotations = {
             {"seccomp.security.alpha.kubernetes.io/pod", "unconfined"},
             {"container.seccomp.security.alpha.kubernetes.io/app", "localhost/a.json"}};
         sc(p).seccompProfile = SeccompProfile{"RuntimeDefault", {}};
         SecurityContext csc;
         csc.seccompProfile = SeccompProfile{"Localhost", "b.json"};
         p.spec.containers[0].securityContext = csc;
       },
       {"spec.securityContext.seccompProfile.type: Forbidden: seccomp type in annotation and "
        "field must match",
        "spec.containers[0].securityContext.seccompProfile.localhostProfile: Forbidden: seccomp "
        "profile in annotation and field must match"}},
      {"apparmor annotation and field must match",
       [](Pod& p) {
         p.metadata.annotations = {
             {"container.apparmor.security.beta.kubernetes.io/app", "runtime/default"}};
         sc(p).appArmorProfile = AppArmorProfile{"Unconfined", {}};
       },
       {"spec.containers[0].securityContext.appArmorProfile.type: Forbidden: apparmor type in "
        "annotation and field must match"}},
  };
  for (const auto& c : cases) {
    Pod p = valid_pod();
    c.mutate(p);
    EXPECT_EQ(render(validate_pod_create(p)), c.want) << c.name;
  }
}

// =================================================================== warnings

TEST(PodWarnings, Cases) {
  struct Case {
    std::string name;
    std::function<void(Pod&)> mutate;
    Strings want;
  };
  std::vector<Case> cases = {
      {"none", [](Pod&) {}, {}},
      {"dotted pod name",
       [](Pod& p) { p.metadata.name = "web.v1"; },
       {"metadata.name: this is used in the Pod's hostname, which can result in surprising "
        "behavior; a DNS label is recommended: [must not contain dots]"}},
      {"long pod name gives both reasons",
       [](Pod& p) { p.metadata.name = std::string(64, 'a'); },
       {"metadata.name: this is used in the Pod's hostname, which can result in surprising "
        "behavior; a DNS label is recommended: [must be no more than 63 characters]"}},
      {"deprecated node labels",
       [](Pod& p) {
         p.spec.nodeSelector = {{"beta.kubernetes.io/arch", "amd64"}};
         NodeSelectorTerm t;
         t.matchExpressions = {{"node-role.kubernetes.io/master", "Exists", {}}};
         NodeSelectorTerm pref;
         pref.matchExpressions = {{"zone", "In", {"a b"}}};
         NodeSelector ns;
         ns.nodeSelectorTerms = {t};
         p.spec.affinity = Affinity{NodeAffinity{ns, {{1, pref}}}, {}, {}};
         TopologySpreadConstraint c;
         c.maxSkew = 1;
         c.topologyKey = "failure-domain.beta.kubernetes.io/zone";
         c.whenUnsatisfiable = "DoNotSchedule";
         p.spec.topologySpreadConstraints = {c};
       },
       {"spec.nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14; use "
        "\"kubernetes.io/arch\" instead",
        "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
        "nodeSelectorTerms[0].matchExpressions[0].key: node-role.kubernetes.io/master is use "
        "\"node-role.kubernetes.io/control-plane\" instead",
        "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]."
        "preference.matchExpressions[0].values[0]: a b is invalid, " +
            kLabelValueMsg,
        "spec.topologySpreadConstraints[0].topologyKey: failure-domain.beta.kubernetes.io/zone is "
        "deprecated since v1.17; use \"topology.kubernetes.io/zone\" instead",
        "spec.topologySpreadConstraints[0].labelSelector: a null labelSelector results in "
        "matching no pod"}},
      {"deprecated annotations and volumes",
       [](Pod& p) {
         p.metadata.annotations = {{"scheduler.alpha.kubernetes.io/critical-pod", ""}};
         Volume g;
         g.name = "repo";
         g.gitRepo = GitRepoVolumeSource{"https://example.com/r.git", "", ""};
         Volume s;
         s.name = "os";
         s.storageos = StorageOSVolumeSource{};
         p.spec.volumes = {g, s};
       },
       {"metadata.annotations[scheduler.alpha.kubernetes.io/critical-pod]: non-functional in "
        "v1.16+; use the \"priorityClassName\" field instead",
        "spec.volumes[0].gitRepo: deprecated in v1.11",
        "spec.volumes[1].storageOS: deprecated in v1.22, non-functional in v1.25+"}},
      {"overlapping item paths",
       [](Pod& p) {
         Volume cm;
         cm.name = "cfg";
         cm.configMap = ConfigMapVolumeSource{
             "app-config", {{"a", "conf", {}}, {"b", "conf/", {}}, {"c", "conf/x", {}}}, 420, {}};
         Volume pr;
         pr.name = "all";
         pr.projected = ProjectedVolumeSource{};
         VolumeProjection tok;
         tok.serviceAccountToken = ServiceAccountTokenProjection{"", 3600, "token"};
         VolumeProjection sec;
         sec.secret = SecretProjection{"creds", {{"k", "token", {}}}, {}};
         pr.projected->sources = {tok, sec, VolumeProjection{}};
         p.spec.volumes = {cm, pr};
       },
       {"volume \"cfg\" (ConfigMap \"app-config\"): overlapping paths: \"conf\" with \"conf\"",
        "volume \"cfg\" (ConfigMap \"app-config\"): overlapping paths: \"conf/x\" with \"conf\"",
        "volume \"all\" (Projected Secret \"creds\"): overlapping paths: \"token\" with \"token\"",
        "volume \"all\" (Projected) has no sources provided"}},
      {"pull secrets, host aliases, grace period",
       [](Pod& p) {
         p.spec.imagePullSecrets = {{"reg"}, {""}, {"reg"}};
         p.spec.hostAliases = {{"10.0.0.1", {"a"}}, {"10.0.0.1", {"b"}}};
         p.spec.terminationGracePeriodSeconds = -5;
       },
       {"spec.hostAliases[1].ip: duplicate ip \"10.0.0.1\"",
        "spec.imagePullSecrets[2].name: duplicate name \"reg\"",
        "spec.imagePullSecrets[1].name: invalid empty name \"\"",
        "spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will "
        "be treated as 1"}},
      {"fractional bytes",
       [](Pod& p) {
         p.spec.overhead = {{"memory", q("1500m")}};
         p.spec.containers[0].resources.limits = {{"memory", q("1.5")}, {"cpu", q("1500m")}};
         p.spec.containers[0].resources.requests = {{"ephemeral-storage", q("100m")}};
       },
       // "1.5" is printed in canonical form, as Quantity.String() does.
       {"spec.overhead[memory]: fractional byte value \"1500m\" is invalid, must be an integer",
        "spec.containers[0].resources.limits[memory]: fractional byte value \"1500m\" is "
        "invalid, must be an integer",
        "spec.containers[0].resources.requests[ephemeral-storage]: fractional byte value "
        "\"100m\" is invalid, must be an integer"}},
      {"seccomp annotations without fields",
       [](Pod& p) {
         p.metadata.annotations = {
             {"seccomp.security.alpha.kubernetes.io/pod", "runtime/default"},
             {"container.seccomp.security.alpha.kubernetes.io/app", "runtime/default"}};
       },
       {"metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: non-functional in "
        "v1.27+; use the \"seccompProfile\" field instead",
        "metadata.annotations[container.seccomp.security.alpha.kubernetes.io/app]: "
        "non-functional in v1.27+; use the \"seccompProfile\" field instead"}},
      {"duplicate env names",
       [](Pod& p) {
         p.spec.containers[0].env = {{"A", "1", {}},    {"A", "$(A):2", {}}, {"B", "x", {}},
                                     {"B", "$(B)", {}}, {"C", "c", {}},      {"C", "other", {}}};
       },
       {"spec.containers[0].env[3]: hides previous definition of \"B\", which may be dropped when "
        "using apply",
        "spec.containers[0].env[5]: hides previous definition of \"C\", which may be dropped when "
        "using apply"}},
      {"port definitions",
       [](Pod& p) {
         Container init = valid_container("init");
         init.ports = {{"", 0, 80, "TCP", ""}};
         p.spec.initContainers = {init};
         p.spec.containers[0].ports = {{"http", 0, 80, "TCP", ""},
                                       {"", 8080, 80, "TCP", ""},
                                       {"", 9000, 90, "TCP", "10.0.0.1"},
                                       {"", 9000, 90, "TCP", ""},
                                       {"", 0, 53, "UDP", "10.0.0.2"}};
       },
       {"spec.containers[0].ports[0]: duplicate port definition with "
        "spec.initContainers[0].ports[0]",
        "spec.containers[0].ports[1]: overlapping port definition with "
        "spec.initContainers[0].ports[0]",
        "spec.containers[0].ports[1]: overlapping port definition with "
        "spec.containers[0].ports[0]",
        "spec.containers[0].ports[3]: dangerously ambiguous port definition with "
        "spec.containers[0].ports[2]",
        "spec.containers[0].ports[4]: hostIP set without hostPort: {Name: HostPort:0 "
        "ContainerPort:53 Protocol:UDP HostIP:10.0.0.2}"}},
      {"null pod affinity selectors",
       [](Pod& p) {
         PodAffinityTerm t;
         t.topologyKey = "zone";
         p.spec.affinity = Affinity{{}, PodAffinity{{t}, {}}, PodAntiAffinity{{}, {{10, t}}}};
       },
       {"spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]."
        "labelSelector: a null labelSelector results in matching no pod",
        "spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]."
        "podAffinityTerm.labelSelector: a null labelSelector results in matching no pod"}},
  };
  for (const auto& c : cases) {
    Pod p = valid_pod();
    c.mutate(p);
    EXPECT_EQ(pod_warnings(p), c.want) << c.name;
  }
}

}  // namespace
}  // namespace podcore::manifest
