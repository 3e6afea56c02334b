// Table-driven tests for container validation (validate_container.cpp). The cases follow
// upstream's pkg/apis/core/validation/validation_test.go (TestValidateContainers,
// TestValidateInitContainers, TestValidatePorts, TestValidateEnv, TestValidateEnvFrom,
// TestValidateProbe, TestValidateHandler, TestValidateResizePolicy, TestValidateSecurityContext,
// TestValidateEphemeralContainers, ...). Every expected error is written out in full, in
// upstream's order. No case uses volumeMounts/volumeDevices (those validators live elsewhere).
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "manifest/quantity.hpp"
#include "manifest/validate_internal.hpp"

namespace podcore::manifest::validation {
namespace {

using Strings = std::vector<std::string>;

// ---- expected texts, as the API server prints them ----

const std::string kLabelMsg =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex "
    "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const std::string kSubdomainMsg =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
    "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const std::string kQualifiedNameMsg =
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
    "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const std::string kEnvNameMsg =
    "a valid environment variable name must consist only of printable ASCII characters other "
    "than '='";
const std::string kConfigKeyMsg =
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. "
    "'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is "
    "'[-._a-zA-Z0-9]+')";
const std::string kPortRange = "must be between 1 and 65535, inclusive";
const std::string kIdRange = "must be between 0 and 2147483647, inclusive";
const std::string kNotForInit = "may not be set for init containers without restartPolicy=Always";
const std::string kNotForEphemeral = "cannot be set for an Ephemeral Container";
const std::string kEnvPaths =
    "supported values: \"metadata.name\", \"metadata.namespace\", \"metadata.uid\", "
    "\"spec.nodeName\", \"spec.serviceAccountName\", \"status.hostIP\", \"status.hostIPs\", "
    "\"status.podIP\", \"status.podIPs\"";
const std::string kNoSource =
    "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`";

// ---- building defaulted pods ----

Quantity q(std::string_view s) {
  auto r = Quantity::parse(s);
  EXPECT_TRUE(r.has_value()) << s;
  return r ? *r : Quantity{};
}

Container ctr(std::string name = "ctr") {
  Container c;
  c.name = std::move(name);
  c.image = "image";
  c.imagePullPolicy = "IfNotPresent";
  c.terminationMessagePath = "/dev/termination-log";
  c.terminationMessagePolicy = "File";
  return c;
}

PodSpec spec() {
  PodSpec s;
  s.containers.push_back(ctr());
  s.restartPolicy = "Always";
  s.dnsPolicy = "ClusterFirst";
  s.terminationGracePeriodSeconds = 30;
  s.schedulerName = "default-scheduler";
  s.securityContext = PodSecurityContext{};
  return s;
}

// A defaulted probe with a tcpSocket handler.
Probe probe() {
  Probe p;
  p.tcpSocket = TCPSocketAction{IntOrString::from_int(8080), ""};
  p.timeoutSeconds = 1;
  p.periodSeconds = 10;
  p.successThreshold = 1;
  p.failureThreshold = 3;
  return p;
}

ContainerPort port(int32_t container_port, int32_t host_port = 0, std::string protocol = "TCP") {
  ContainerPort p;
  p.containerPort = container_port;
  p.hostPort = host_port;
  p.protocol = std::move(protocol);
  return p;
}

EnvVar env_from(EnvVarSource src, std::string name = "VAR") {
  EnvVar e;
  e.name = std::move(name);
  e.valueFrom = std::move(src);
  return e;
}

EnvVarSource field_ref(std::string path, std::string api = "v1") {
  EnvVarSource s;
  s.fieldRef = ObjectFieldSelector{std::move(api), std::move(path)};
  return s;
}

Strings run(const PodSpec& s) {
  FieldErrors errs;
  VolumeMap vols;
  validate_all_containers(s, vols, "spec", errs);
  Strings out;
  for (const auto& e : errs) out.push_back(e.to_string());
  return out;
}

struct Case {
  std::string name;
  std::function<void(PodSpec&)> mutate;
  Strings want;
};

void run_cases(const std::vector<Case>& cases) {
  for (const auto& c : cases) {
    PodSpec s = spec();
    c.mutate(s);
    EXPECT_EQ(run(s), c.want) << c.name;
  }
}

Container& c0(PodSpec& s) {
  return s.containers[0];
}

// ---- tests ----

TEST(ValidateContainerTest, ValidPodsHaveNoErrors) {
  run_cases({
      {"minimal", [](PodSpec&) {}, {}},
      {"everything valid",
       [](PodSpec& s) {
         Container& c = c0(s);
         c.ports = {port(80, 8080), port(53, 53, "UDP"), port(9000, 0, "SCTP")};
         c.ports[0].name = "http";
         c.env = {EnvVar{"A", "x", std::nullopt}, env_from(field_ref("metadata.name")),
                  env_from(field_ref("metadata.labels['app']")),
                  env_from(field_ref("metadata.annotations['Example.com/Key']")),
                  env_from(field_ref("spec.host"))};
         EnvVarSource rf;
         rf.resourceFieldRef = ResourceFieldSelector{"", "limits.cpu", q("1m")};
         c.env.push_back(env_from(rf, "CPU"));
         EnvVarSource hp;
         hp.resourceFieldRef = ResourceFieldSelector{"", "requests.hugepages-2Mi", q("1Mi")};
         c.env.push_back(env_from(hp, "HP"));
         EnvVarSource cm;
         cm.configMapKeyRef = ConfigMapKeySelector{"cfg", "key.name", std::nullopt};
         c.env.push_back(env_from(cm, "CM"));
         c.envFrom = {EnvFromSource{"P_", ConfigMapEnvSource{"cfg-", std::nullopt}, std::nullopt}};
         c.resources.limits = {{"cpu", q("2")},
                               {"memory", q("1Gi")},
                               {"example.com/gpu", q("2")},
                               {"hugepages-2Mi", q("4Mi")}};
         c.resources.requests = {{"cpu", q("1")},
                                 {"memory", q("1Gi")},
                                 {"example.com/gpu", q("2")},
                                 {"hugepages-2Mi", q("4Mi")}};
         c.resizePolicy = {{"cpu", "NotRequired"}, {"memory", "RestartContainer"}};
         c.livenessProbe = probe();
         c.readinessProbe = probe();
         c.startupProbe = probe();
         c.lifecycle = Lifecycle{};
         c.lifecycle->preStop = LifecycleHandler{};
         c.lifecycle->preStop->sleep = SleepAction{0};
         c.securityContext = SecurityContext{};
         c.securityContext->privileged = true;
         c.securityContext->runAsUser = 0;
         c.securityContext->procMount = "Default";
         c.securityContext->seccompProfile = SeccompProfile{"Localhost", "profiles/a.json"};
         c.securityContext->appArmorProfile = AppArmorProfile{"RuntimeDefault", std::nullopt};
         Container init = ctr("init");
         init.ports = {port(80, 8080)};
         Container sidecar = ctr("sidecar");
         sidecar.restartPolicy = "Always";
         sidecar.ports = {port(80, 8080)};
         sidecar.livenessProbe = probe();
         sidecar.lifecycle = Lifecycle{};
         sidecar.lifecycle->postStart = LifecycleHandler{};
         sidecar.lifecycle->postStart->exec = ExecAction{{"true"}};
         s.initContainers = {init, sidecar};
       },
       {}},
  });
}

TEST(ValidateContainerNames, Rules) {
  run_cases({
      {"no containers",
       [](PodSpec& s) { s.containers.clear(); },
       {"spec.containers: Required value"}},
      {"zero-length name",
       [](PodSpec& s) { c0(s).name = ""; },
       {"spec.containers[0].name: Required value"}},
      {"name > 63 characters",
       [](PodSpec& s) { c0(s).name = std::string(64, 'a'); },
       {"spec.containers[0].name: Invalid value: \"" + std::string(64, 'a') +
        "\": must be no more than 63 characters"}},
      {"name not a DNS label",
       [](PodSpec& s) { c0(s).name = "a.b"; },
       {"spec.containers[0].name: Invalid value: \"a.b\": must not contain dots"}},
      {"name with upper case",
       [](PodSpec& s) { c0(s).name = "Abc"; },
       {"spec.containers[0].name: Invalid value: \"Abc\": " + kLabelMsg}},
      {"name not unique",
       [](PodSpec& s) { s.containers.push_back(ctr()); },
       {"spec.containers[1].name: Duplicate value: \"ctr\""}},
      {"init name collides with regular container",
       [](PodSpec& s) {
         s.initContainers = {ctr("init"), ctr("ctr")};
       },
       {"spec.initContainers[1].name: Duplicate value: \"ctr\""}},
      {"duplicate init names",
       [](PodSpec& s) {
         s.initContainers = {ctr("i"), ctr("i")};
       },
       {"spec.initContainers[1].name: Duplicate value: \"i\""}},
      {"empty names twice: Required each, Duplicate only among regular containers",
       [](PodSpec& s) {
         c0(s).name = "";
         s.containers.push_back(ctr(""));
       },
       {"spec.containers[0].name: Required value", "spec.containers[1].name: Required value",
        "spec.containers[1].name: Duplicate value: \"\""}},
  });
}

TEST(ValidateContainerImage, RequiredAndWhitespace) {
  run_cases({{"empty image",
              [](PodSpec& s) { c0(s).image = ""; },
              {"spec.containers[0].image: Required value"}}});
  auto only_for_pod = [](std::vector<std::string> images) {
    std::vector<Container> cs;
    for (auto& i : images) {
      cs.push_back(ctr());
      cs.back().image = i;
    }
    FieldErrors errs;
    validate_containers_only_for_pod(cs, "spec.initContainers", errs);
    Strings out;
    for (const auto& e : errs) out.push_back(e.to_string());
    return out;
  };
  EXPECT_EQ(only_for_pod({"image", " image", "image ", "\timage\n", "image\u0085", "a b", ""}),
            (Strings{"spec.initContainers[1].image: Invalid value: \" image\": must not have "
                     "leading or trailing whitespace",
                     "spec.initContainers[2].image: Invalid value: \"image \": must not have "
                     "leading or trailing whitespace",
                     "spec.initContainers[3].image: Invalid value: \"\\timage\\n\": must not have "
                     "leading or trailing whitespace",
                     "spec.initContainers[4].image: Invalid value: \"image\\u0085\": must not have "
                     "leading or trailing whitespace"}));
}

TEST(ValidateContainerPolicies, PullAndTerminationMessage) {
  run_cases({
      {"empty pull policy",
       [](PodSpec& s) { c0(s).imagePullPolicy = ""; },
       {"spec.containers[0].imagePullPolicy: Required value"}},
      {"bad pull policy",
       [](PodSpec& s) { c0(s).imagePullPolicy = "Sometimes"; },
       {"spec.containers[0].imagePullPolicy: Unsupported value: \"Sometimes\": supported values: "
        "\"Always\", \"IfNotPresent\", \"Never\""}},
      {"empty message termination policy",
       [](PodSpec& s) { c0(s).terminationMessagePolicy = ""; },
       {"spec.containers[0].terminationMessagePolicy: Required value"}},
      {"invalid message termination policy",
       [](PodSpec& s) { c0(s).terminationMessagePolicy = "Unknown"; },
       {"spec.containers[0].terminationMessagePolicy: Unsupported value: \"Unknown\": supported "
        "values: \"File\", \"FallbackToLogsOnError\""}},
      {"order: name, image, terminationMessagePolicy, ..., imagePullPolicy",
       [](PodSpec& s) { c0(s) = Container{}; },
       {"spec.containers[0].name: Required value", "spec.containers[0].image: Required value",
        "spec.containers[0].terminationMessagePolicy: Required value",
        "spec.containers[0].imagePullPolicy: Required value"}},
  });
}

TEST(ValidateContainerPorts, Rules) {
  run_cases({
      {"name too long and bad characters",
       [](PodSpec& s) {
         c0(s).ports = {port(80)};
         c0(s).ports[0].name = "a-very-long-port-name";
       },
       {"spec.containers[0].ports[0].name: Invalid value: \"a-very-long-port-name\": must be no "
        "more than 15 characters"}},
      {"name grammar: every failing rule",
       [](PodSpec& s) {
         c0(s).ports = {port(80), port(81), port(82)};
         c0(s).ports[0].name = "-Port";
         c0(s).ports[1].name = "a--b";
         c0(s).ports[2].name = "123";
       },
       {"spec.containers[0].ports[0].name: Invalid value: \"-Port\": must contain only "
        "alpha-numeric characters (a-z, 0-9), and hyphens (-)",
        "spec.containers[0].ports[0].name: Invalid value: \"-Port\": must not begin or end with a "
        "hyphen",
        "spec.containers[0].ports[1].name: Invalid value: \"a--b\": must not contain consecutive "
        "hyphens",
        "spec.containers[0].ports[2].name: Invalid value: \"123\": must contain at least one "
        "letter (a-z)"}},
      {"duplicate name within a container",
       [](PodSpec& s) {
         c0(s).ports = {port(80), port(81)};
         c0(s).ports[0].name = "http";
         c0(s).ports[1].name = "http";
       },
       {"spec.containers[0].ports[1].name: Duplicate value: \"http\""}},
      {"same name in two containers is fine",
       [](PodSpec& s) {
         c0(s).ports = {port(80)};
         c0(s).ports[0].name = "http";
         s.containers.push_back(ctr("b"));
         s.containers[1].ports = {port(80)};
         s.containers[1].ports[0].name = "http";
       },
       {}},
      {"duplicate containerPort is legal",
       [](PodSpec& s) {
         c0(s).ports = {port(80), port(80)};
       },
       {}},
      {"containerPort required",
       [](PodSpec& s) { c0(s).ports = {port(0)}; },
       {"spec.containers[0].ports[0].containerPort: Required value"}},
      {"containerPort and hostPort out of range",
       [](PodSpec& s) {
         c0(s).ports = {port(70000, -1), port(-1, 65536)};
       },
       {"spec.containers[0].ports[0].containerPort: Invalid value: 70000: " + kPortRange,
        "spec.containers[0].ports[0].hostPort: Invalid value: -1: " + kPortRange,
        "spec.containers[0].ports[1].containerPort: Invalid value: -1: " + kPortRange,
        "spec.containers[0].ports[1].hostPort: Invalid value: 65536: " + kPortRange}},
      {"protocol",
       [](PodSpec& s) {
         c0(s).ports = {port(80, 0, ""), port(81, 0, "tcp")};
       },
       {"spec.containers[0].ports[0].protocol: Required value",
        "spec.containers[0].ports[1].protocol: Unsupported value: \"tcp\": supported values: "
        "\"SCTP\", \"TCP\", \"UDP\""}},
  });
}

TEST(ValidateContainerHostPorts, UniqueAcrossRegularAndPerInitContainer) {
  run_cases({
      {"host port not unique across regular containers",
       [](PodSpec& s) {
         c0(s).ports = {port(80, 8080)};
         s.containers.push_back(ctr("b"));
         s.containers[1].ports = {port(81, 8080)};
       },
       {"spec.containers[1].ports[0].hostPort: Duplicate value: \"TCP//8080\""}},
      {"different protocol or hostIP do not clash",
       [](PodSpec& s) {
         c0(s).ports = {port(80, 8080), port(80, 8080, "UDP"), port(81, 8080)};
         c0(s).ports[2].hostIP = "10.0.0.1";
       },
       {}},
      {"hostIP is part of the key",
       [](PodSpec& s) {
         c0(s).ports = {port(80, 8080), port(81, 8080)};
         c0(s).ports[0].hostIP = "10.0.0.1";
         c0(s).ports[1].hostIP = "10.0.0.1";
       },
       {"spec.containers[0].ports[1].hostPort: Duplicate value: \"TCP/10.0.0.1/8080\""}},
      {"duplicates are reported after every per-container error",
       [](PodSpec& s) {
         c0(s).ports = {port(80, 8080)};
         s.containers.push_back(ctr("b"));
         s.containers[1].ports = {port(81, 8080)};
         s.containers[1].image = "";
       },
       {"spec.containers[1].image: Required value",
        "spec.containers[1].ports[0].hostPort: Duplicate value: \"TCP//8080\""}},
      {"init containers do not clash with regular ones or each other",
       [](PodSpec& s) {
         c0(s).ports = {port(80, 8080)};
         s.initContainers = {ctr("i1"), ctr("i2")};
         s.initContainers[0].ports = {port(80, 8080)};
         s.initContainers[1].ports = {port(80, 8080)};
       },
       {}},
      {"clash inside the second init container is reported at index 0",
       [](PodSpec& s) {
         s.initContainers = {ctr("i1"), ctr("i2")};
         s.initContainers[1].ports = {port(80, 8080), port(81, 8080)};
       },
       {"spec.initContainers[0].ports[1].hostPort: Duplicate value: \"TCP//8080\""}},
  });
}

TEST(ValidateContainerEnv, Names) {
  run_cases({
      {"name required",
       [](PodSpec& s) {
         c0(s).env = {EnvVar{"", "v", std::nullopt}};
       },
       {"spec.containers[0].env[0].name: Required value"}},
      {"relaxed names: anything printable but '='",
       [](PodSpec& s) {
         c0(s).env = {EnvVar{"1-a.b c", "v", std::nullopt}, EnvVar{"A=B", "", std::nullopt},
                      EnvVar{"tab\t", "", std::nullopt}};
       },
       {"spec.containers[0].env[1].name: Invalid value: \"A=B\": " + kEnvNameMsg,
        "spec.containers[0].env[2].name: Invalid value: \"tab\\t\": " + kEnvNameMsg}},
  });
}

TEST(ValidateContainerEnv, ValueFrom) {
  run_cases({
      {"valueFrom without a source",
       [](PodSpec& s) { c0(s).env = {env_from({})}; },
       {"spec.containers[0].env[0].valueFrom: Invalid value: \"\": " + kNoSource}},
      {"value and valueFrom",
       [](PodSpec& s) {
         c0(s).env = {env_from(field_ref("metadata.name"))};
         c0(s).env[0].value = "foo";
       },
       {"spec.containers[0].env[0].valueFrom: Invalid value: \"\": may not be specified when "
        "`value` is not empty"}},
      {"two sources",
       [](PodSpec& s) {
         EnvVarSource src = field_ref("metadata.name");
         src.secretKeyRef = SecretKeySelector{"s", "k", std::nullopt};
         c0(s).env = {env_from(src)};
       },
       {"spec.containers[0].env[0].valueFrom: Invalid value: \"\": may not have more than one "
        "field specified at a time"}},
      {"value wins over the count of sources",
       [](PodSpec& s) {
         EnvVarSource src = field_ref("metadata.name");
         src.secretKeyRef = SecretKeySelector{"s", "k", std::nullopt};
         c0(s).env = {env_from(src)};
         c0(s).env[0].value = "x";
       },
       {"spec.containers[0].env[0].valueFrom: Invalid value: \"\": may not be specified when "
        "`value` is not empty"}},
      {"fileKeyRef is dropped while EnvFiles is off",
       [](PodSpec& s) {
         EnvVarSource src;
         src.fileKeyRef = FileKeySelector{"vol", "a.env", "K", std::nullopt};
         c0(s).env = {env_from(src)};
       },
       {"spec.containers[0].env[0].valueFrom: Invalid value: \"\": " + kNoSource}},
  });
}

TEST(ValidateContainerEnv, FieldRef) {
  run_cases({
      {"apiVersion required",
       [](PodSpec& s) { c0(s).env = {env_from(field_ref("metadata.name", ""))}; },
       {"spec.containers[0].env[0].valueFrom.fieldRef.apiVersion: Required value"}},
      {"fieldPath required",
       [](PodSpec& s) { c0(s).env = {env_from(field_ref(""))}; },
       {"spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Required value"}},
      {"unsupported version",
       [](PodSpec& s) { c0(s).env = {env_from(field_ref("metadata.name", "v2"))}; },
       {"spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Invalid value: "
        "\"metadata.name\": error converting fieldPath: unsupported pod version: v2"}},
      {"unconvertible path",
       [](PodSpec& s) { c0(s).env = {env_from(field_ref("metadata.whoops"))}; },
       {"spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Invalid value: "
        "\"metadata.whoops\": error converting fieldPath: field label not supported: "
        "metadata.whoops"}},
      {"subscript on a non-map",
       [](PodSpec& s) { c0(s).env = {env_from(field_ref("metadata.name['x']"))}; },
       {"spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Invalid value: "
        "\"metadata.name['x']\": error converting fieldPath: field label does not support "
        "subscript: metadata.name['x']"}},
      {"whole labels only in volumes",
       [](PodSpec& s) {
         c0(s).env = {env_from(field_ref("metadata.labels")), env_from(field_ref("status.phase"))};
       },
       {"spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "
        "\"metadata.labels\": " +
            kEnvPaths,
        "spec.containers[0].env[1].valueFrom.fieldRef.fieldPath: Unsupported value: "
        "\"status.phase\": " +
            kEnvPaths}},
      {"invalid subscripts are reported at fieldRef",
       [](PodSpec& s) {
         c0(s).env = {env_from(field_ref("metadata.labels['-bad']")),
                      env_from(field_ref("metadata.annotations['BAD_']"))};
       },
       {"spec.containers[0].env[0].valueFrom.fieldRef: Invalid value: \"-bad\": " +
            kQualifiedNameMsg,
        "spec.containers[0].env[1].valueFrom.fieldRef: Invalid value: \"bad_\": " +
            kQualifiedNameMsg}},
  });
}

TEST(ValidateContainerEnv, ResourceFieldRef) {
  auto rf = [](std::string resource, std::string divisor = "") {
    EnvVarSource s;
    s.resourceFieldRef =
        ResourceFieldSelector{"", std::move(resource), divisor.empty() ? Quantity{} : q(divisor)};
    return env_from(s);
  };
  run_cases({
      {"resource required",
       [&](PodSpec& s) { c0(s).env = {rf("")}; },
       {"spec.containers[0].env[0].valueFrom.resourceFieldRef.resource: Required value"}},
      {"unsupported resource",
       [&](PodSpec& s) { c0(s).env = {rf("limits.disk")}; },
       {"spec.containers[0].env[0].valueFrom.resourceFieldRef.resource: Unsupported value: "
        "\"limits.disk\": supported values: \"limits.cpu\", \"limits.ephemeral-storage\", "
        "\"limits.memory\", \"requests.cpu\", \"requests.ephemeral-storage\", "
        "\"requests.memory\""}},
      {"divisors",
       [&](PodSpec& s) {
         c0(s).env = {rf("limits.cpu", "1000m"),        rf("limits.cpu", "2m"),
                      rf("requests.memory", "1m"),      rf("limits.ephemeral-storage", "2"),
                      rf("limits.hugepages-1Gi", "1m"), rf("requests.memory", "1Mi")};
       },
       {"spec.containers[0].env[1].valueFrom.resourceFieldRef.divisor: Invalid value: "
        "\"limits.cpu\": only divisor's values 1m and 1 are supported with the cpu resource",
        "spec.containers[0].env[2].valueFrom.resourceFieldRef.divisor: Invalid value: "
        "\"requests.memory\": only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, "
        "1Ti, 1Pi, 1Ei are supported with the memory resource",
        "spec.containers[0].env[3].valueFrom.resourceFieldRef.divisor: Invalid value: "
        "\"limits.ephemeral-storage\": only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, "
        "1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the local ephemeral storage resource",
        "spec.containers[0].env[4].valueFrom.resourceFieldRef.divisor: Invalid value: "
        "\"limits.hugepages-1Gi\": only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, "
        "1Gi, 1Ti, 1Pi, 1Ei are supported with the hugepages resource"}},
  });
}

TEST(ValidateContainerEnv, KeySelectors) {
  run_cases({
      {"configMapKeyRef: empty name fails the grammar, empty key is required",
       [](PodSpec& s) {
         EnvVarSource src;
         src.configMapKeyRef = ConfigMapKeySelector{"", "", std::nullopt};
         c0(s).env = {env_from(src)};
       },
       {"spec.containers[0].env[0].valueFrom.configMapKeyRef.name: Invalid value: \"\": " +
            kSubdomainMsg,
        "spec.containers[0].env[0].valueFrom.configMapKeyRef.key: Required value"}},
      {"secretKeyRef: bad name and key",
       [](PodSpec& s) {
         EnvVarSource src;
         src.secretKeyRef = SecretKeySelector{"Bad", "a/b", std::nullopt};
         c0(s).env = {env_from(src)};
       },
       {"spec.containers[0].env[0].valueFrom.secretKeyRef.name: Invalid value: \"Bad\": " +
            kSubdomainMsg,
        "spec.containers[0].env[0].valueFrom.secretKeyRef.key: Invalid value: \"a/b\": " +
            kConfigKeyMsg}},
  });
}

TEST(ValidateContainerEnvFrom, Rules) {
  run_cases({
      {"no source (reported without index)",
       [](PodSpec& s) { c0(s).envFrom = {EnvFromSource{}}; },
       {"spec.containers[0].envFrom: Invalid value: \"\": must specify one of: `configMapRef` or "
        "`secretRef`"}},
      {"both sources",
       [](PodSpec& s) {
         c0(s).envFrom = {EnvFromSource{"", ConfigMapEnvSource{"a", std::nullopt},
                                        SecretEnvSource{"b", std::nullopt}}};
       },
       {"spec.containers[0].envFrom: Invalid value: \"\": may not have more than one field "
        "specified at a time"}},
      {"names and prefix",
       [](PodSpec& s) {
         c0(s).envFrom = {EnvFromSource{"a=b", ConfigMapEnvSource{"", std::nullopt}, std::nullopt},
                          EnvFromSource{"", std::nullopt, SecretEnvSource{"$", std::nullopt}},
                          EnvFromSource{"", std::nullopt, SecretEnvSource{"", std::nullopt}},
                          EnvFromSource{"", ConfigMapEnvSource{"-", std::nullopt}, std::nullopt}};
       },
       {"spec.containers[0].envFrom[0].prefix: Invalid value: \"a=b\": " + kEnvNameMsg,
        "spec.containers[0].envFrom[0].configMapRef.name: Required value",
        "spec.containers[0].envFrom[1].secretRef.name: Invalid value: \"$\": " + kSubdomainMsg,
        "spec.containers[0].envFrom[2].secretRef.name: Required value",
        "spec.containers[0].envFrom[3].configMapRef.name: Invalid value: \"-\": " + kSubdomainMsg}},
  });
}

TEST(ValidateContainerResources, NamesAndValues) {
  run_cases({
      {"non-standard names: two errors",
       [](PodSpec& s) {
         c0(s).resources.limits = {{"disk", q("10G")}};
       },
       {"spec.containers[0].resources.limits[disk]: Invalid value: \"disk\": must be a standard "
        "resource type or fully qualified",
        "spec.containers[0].resources.limits[disk]: Invalid value: \"disk\": must be a standard "
        "resource for containers"}},
      {"quota-only standard name",
       [](PodSpec& s) {
         c0(s).resources.requests = {{"pods", q("1")}};
       },
       {"spec.containers[0].resources.requests[pods]: Invalid value: \"pods\": must be a "
        "standard resource for containers"}},
      {"not a qualified name",
       [](PodSpec& s) {
         c0(s).resources.limits = {{"example.com/-x", q("1")}};
       },
       {"spec.containers[0].resources.limits[example.com/-x]: Invalid value: \"example.com/-x\": " +
            kQualifiedNameMsg,
        "spec.containers[0].resources.limits[example.com/-x]: Invalid value: \"example.com/-x\": "
        "doesn't follow extended resource name standard"}},
      {"negative values",
       [](PodSpec& s) {
         c0(s).resources.limits = {{"cpu", q("-1")}};
         c0(s).resources.requests = {{"memory", q("-2Mi")}};
       },
       {"spec.containers[0].resources.limits[cpu]: Invalid value: \"-1\": must be greater than or "
        "equal to 0",
        "spec.containers[0].resources.requests[memory]: Invalid value: \"-2Mi\": must be greater "
        "than or equal to 0"}},
      {"extended resources must be integers",
       [](PodSpec& s) {
         c0(s).resources.limits = {{"example.com/foo", q("500m")}};
         c0(s).resources.requests = {{"example.com/foo", q("500m")}};
       },
       {"spec.containers[0].resources.limits[example.com/foo]: Invalid value: \"500m\": must be "
        "an integer",
        "spec.containers[0].resources.requests[example.com/foo]: Invalid value: \"500m\": must be "
        "an integer"}},
      {"kubernetes.io names are native (overcommittable, not integer)",
       [](PodSpec& s) {
         c0(s).resources.requests = {{"kubernetes.io/foo", q("0.5")}};
       },
       {}},
  });
}

TEST(ValidateContainerResources, RequestsAndLimits) {
  run_cases({
      {"request above limit, reported at the map",
       [](PodSpec& s) {
         c0(s).resources.limits = {{"cpu", q("1")}, {"memory", q("1Gi")}};
         c0(s).resources.requests = {{"cpu", q("2")}, {"memory", q("2Gi")}};
       },
       {"spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or "
        "equal to cpu limit of 1",
        "spec.containers[0].resources.requests: Invalid value: \"2Gi\": must be less than or "
        "equal to memory limit of 1Gi"}},
      {"extended resource: request equals limit",
       [](PodSpec& s) {
         c0(s).resources.limits = {{"example.com/foo", q("2")}};
         c0(s).resources.requests = {{"example.com/foo", q("1")}};
       },
       {"spec.containers[0].resources.requests: Invalid value: \"1\": must be equal to "
        "example.com/foo limit of 2"}},
      {"extended resource: limit required",
       [](PodSpec& s) {
         c0(s).resources.requests = {{"example.com/foo", q("1")}};
       },
       {"spec.containers[0].resources.limits: Required value: Limit must be set for non "
        "overcommitable resources"}},
      {"limit only is fine",
       [](PodSpec& s) {
         c0(s).resources.limits = {{"example.com/foo", q("1")}};
       },
       {}},
  });
}

TEST(ValidateContainerResources, HugePages) {
  run_cases({
      {"hugepages without cpu or memory",
       [](PodSpec& s) {
         c0(s).resources.limits = {{"hugepages-2Mi", q("2Mi")}};
         c0(s).resources.requests = {{"hugepages-2Mi", q("2Mi")}};
       },
       {"spec.containers[0].resources: Forbidden: HugePages require cpu or memory"}},
      {"not a multiple of the page size, request differs",
       [](PodSpec& s) {
         c0(s).resources.limits = {{"hugepages-2Mi", q("3Mi")}, {"memory", q("1Gi")}};
         c0(s).resources.requests = {{"hugepages-2Mi", q("2Mi")}};
       },
       {"spec.containers[0].resources.limits[hugepages-2Mi]: Invalid value: \"3Mi\": 3Mi is not "
        "positive integer multiple of hugepages-2Mi",
        "spec.containers[0].resources.requests: Invalid value: \"2Mi\": must be equal to "
        "hugepages-2Mi limit of 3Mi"}},
      {"bad page size",
       [](PodSpec& s) {
         c0(s).resources.limits = {{"hugepages-x", q("1Mi")}, {"cpu", q("1")}};
       },
       {"spec.containers[0].resources.limits[hugepages-x]: Invalid value: \"1Mi\": 1Mi is not "
        "positive integer multiple of hugepages-x"}},
  });
}

TEST(ValidateContainerResources, Claims) {
  run_cases({
      {"claims",
       [](PodSpec& s) {
         s.resourceClaims = {PodResourceClaim{"my-claim", "rc", std::nullopt},
                             PodResourceClaim{"other", "rc2", std::nullopt}};
         c0(s).resources.claims = {{"my-claim", ""}, {"", ""},        {"my-claim", ""},
                                   {"nope", ""},     {"other", "r1"}, {"other", "r1"},
                                   {"other", "Bad"}, {"other", ""}};
       },
       {"spec.containers[0].resources.claims[1]: Required value",
        "spec.containers[0].resources.claims[2]: Duplicate value: \"my-claim\"",
        "spec.containers[0].resources.claims[3]: Not found: \"nope\": must be one of the names in "
        "pod.spec.resourceClaims: my-claim, other",
        "spec.containers[0].resources.claims[5]: Duplicate value: \"other/r1\"",
        "spec.containers[0].resources.claims[6].request: Invalid value: \"Bad\": " + kLabelMsg,
        "spec.containers[0].resources.claims[7]: Duplicate value: \"other\"",
        "spec.containers[0].resources.claims[7]: Duplicate value: \"other\""}},
      {"no pod claims",
       [](PodSpec& s) {
         c0(s).resources.claims = {{"c", ""}};
       },
       {"spec.containers[0].resources.claims[0]: Not found: \"c\": must be one of the names in "
        "pod.spec.resourceClaims which is empty"}},
  });
}

TEST(ValidateContainerResources, SharedQuantityCheck) {
  FieldErrors errs;
  validate_resource_quantity("cpu", q("-1"), "spec.overhead[cpu]", errs);
  validate_resource_quantity("foo", q("1"), "spec.overhead[foo]", errs);
  validate_resource_quantity("memory", q("1Gi"), "spec.overhead[memory]", errs);
  Strings got;
  for (const auto& e : errs) got.push_back(e.to_string());
  EXPECT_EQ(got, (Strings{"spec.overhead[cpu]: Invalid value: \"-1\": must be greater than or "
                          "equal to 0",
                          "spec.overhead[foo]: Invalid value: \"foo\": must be a standard "
                          "resource type or fully qualified",
                          "spec.overhead[foo]: Invalid value: \"foo\": must be a standard "
                          "resource for containers"}));
}

TEST(ValidateContainerResizePolicy, Rules) {
  run_cases({
      {"unsupported, required and duplicate (no index but on Duplicate)",
       [](PodSpec& s) {
         c0(s).resizePolicy = {
             {"cpu", "NotRequired"}, {"cpu", "Bad"}, {"disk", ""}, {"", "NotRequired"}};
       },
       {"spec.containers[0].resizePolicy[1]: Duplicate value: \"cpu\"",
        "spec.containers[0].resizePolicy: Unsupported value: \"Bad\": supported values: "
        "\"NotRequired\", \"RestartContainer\"",
        "spec.containers[0].resizePolicy: Unsupported value: \"disk\": supported values: \"cpu\", "
        "\"memory\"",
        "spec.containers[0].resizePolicy: Required value",
        "spec.containers[0].resizePolicy: Required value"}},
      {"restartPolicy Never needs NotRequired",
       [](PodSpec& s) {
         s.restartPolicy = "Never";
         c0(s).resizePolicy = {{"memory", "RestartContainer"}, {"cpu", "NotRequired"}};
       },
       {"spec.containers[0].resizePolicy: Invalid value: \"RestartContainer\": must be "
        "'NotRequired' when `restartPolicy` is 'Never'"}},
      {"init containers may have one",
       [](PodSpec& s) {
         s.initContainers = {ctr("init")};
         s.initContainers[0].resizePolicy = {{"cpu", "NotRequired"}};
       },
       {}},
  });
}

TEST(ValidateContainerProbes, Handlers) {
  run_cases({
      {"no handler",
       [](PodSpec& s) {
         c0(s).livenessProbe = probe();
         c0(s).livenessProbe->tcpSocket.reset();
       },
       {"spec.containers[0].livenessProbe: Required value: must specify a handler type"}},
      {"more than one handler, reported at each later one",
       [](PodSpec& s) {
         c0(s).readinessProbe = probe();
         c0(s).readinessProbe->exec = ExecAction{{"true"}};
         c0(s).readinessProbe->grpc = GRPCAction{0, std::nullopt};
       },
       {"spec.containers[0].readinessProbe.tcpSocket: Forbidden: may not specify more than 1 "
        "handler type",
        "spec.containers[0].readinessProbe.grpc: Forbidden: may not specify more than 1 handler "
        "type"}},
      {"exec command required",
       [](PodSpec& s) {
         c0(s).startupProbe = probe();
         c0(s).startupProbe->tcpSocket.reset();
         c0(s).startupProbe->exec = ExecAction{};
       },
       {"spec.containers[0].startupProbe.exec.command: Required value"}},
      {"httpGet",
       [](PodSpec& s) {
         c0(s).livenessProbe = probe();
         c0(s).livenessProbe->tcpSocket.reset();
         HTTPGetAction h;
         h.port = IntOrString::from_string("Http");
         h.scheme = "FTP";
         h.httpHeaders = {{"X-Ok", "v"}, {"Bad Name", "v"}};
         c0(s).livenessProbe->httpGet = h;
       },
       {"spec.containers[0].livenessProbe.httpGet.path: Required value",
        "spec.containers[0].livenessProbe.httpGet.port: Invalid value: \"Http\": must contain only "
        "alpha-numeric characters (a-z, 0-9), and hyphens (-)",
        "spec.containers[0].livenessProbe.httpGet.scheme: Unsupported value: \"FTP\": supported "
        "values: \"HTTP\", \"HTTPS\"",
        "spec.containers[0].livenessProbe.httpGet.httpHeaders: Invalid value: \"Bad Name\": a "
        "valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', "
        "regex used for validation is '[-A-Za-z0-9]+')"}},
      {"tcpSocket and grpc ports",
       [](PodSpec& s) {
         c0(s).livenessProbe = probe();
         c0(s).livenessProbe->tcpSocket->port = IntOrString::from_int(0);
         c0(s).readinessProbe = probe();
         c0(s).readinessProbe->tcpSocket.reset();
         c0(s).readinessProbe->grpc = GRPCAction{65536, std::nullopt};
       },
       {"spec.containers[0].livenessProbe.tcpSocket.port: Invalid value: 0: " + kPortRange,
        "spec.containers[0].readinessProbe.grpc.port: Invalid value: 65536: " + kPortRange}},
  });
}

TEST(ValidateContainerProbes, Numbers) {
  run_cases({
      {"negative numbers",
       [](PodSpec& s) {
         Probe p = probe();
         p.initialDelaySeconds = -1;
         p.timeoutSeconds = -2;
         p.periodSeconds = -3;
         p.successThreshold = -4;
         p.failureThreshold = -5;
         c0(s).readinessProbe = p;
       },
       {"spec.containers[0].readinessProbe.initialDelaySeconds: Invalid value: -1: must be "
        "greater than or equal to 0",
        "spec.containers[0].readinessProbe.timeoutSeconds: Invalid value: -2: must be greater "
        "than or equal to 0",
        "spec.containers[0].readinessProbe.periodSeconds: Invalid value: -3: must be greater than "
        "or equal to 0",
        "spec.containers[0].readinessProbe.successThreshold: Invalid value: -4: must be greater "
        "than or equal to 0",
        "spec.containers[0].readinessProbe.failureThreshold: Invalid value: -5: must be greater "
        "than or equal to 0"}},
      {"liveness and startup successThreshold must be 1",
       [](PodSpec& s) {
         c0(s).livenessProbe = probe();
         c0(s).livenessProbe->successThreshold = 2;
         c0(s).startupProbe = probe();
         c0(s).startupProbe->successThreshold = 0;
         c0(s).readinessProbe = probe();
         c0(s).readinessProbe->successThreshold = 3;
       },
       {"spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1",
        "spec.containers[0].startupProbe.successThreshold: Invalid value: 0: must be 1"}},
      {"terminationGracePeriodSeconds",
       [](PodSpec& s) {
         c0(s).livenessProbe = probe();
         c0(s).livenessProbe->terminationGracePeriodSeconds = 0;
         c0(s).readinessProbe = probe();
         c0(s).readinessProbe->terminationGracePeriodSeconds = 10;
         c0(s).startupProbe = probe();
         c0(s).startupProbe->terminationGracePeriodSeconds = 10;
       },
       {"spec.containers[0].livenessProbe.terminationGracePeriodSeconds: Invalid value: 0: must "
        "be greater than 0",
        "spec.containers[0].readinessProbe.terminationGracePeriodSeconds: Invalid value: 10: must "
        "not be set for readinessProbes"}},
  });
}

TEST(ValidateContainerLifecycle, Handlers) {
  auto handler = [](LifecycleHandler h) {
    Lifecycle l;
    l.preStop = std::move(h);
    return l;
  };
  run_cases({
      {"no handler",
       [&](PodSpec& s) {
         c0(s).lifecycle = Lifecycle{};
         c0(s).lifecycle->postStart = LifecycleHandler{};
       },
       {"spec.containers[0].lifecycle.postStart: Required value: must specify a handler type"}},
      {"exec and sleep",
       [&](PodSpec& s) {
         LifecycleHandler h;
         h.exec = ExecAction{{"x"}};
         h.sleep = SleepAction{1};
         c0(s).lifecycle = handler(h);
       },
       {"spec.containers[0].lifecycle.preStop.sleep: Forbidden: may not specify more than 1 "
        "handler type"}},
      {"tcpSocket is still accepted",
       [&](PodSpec& s) {
         LifecycleHandler h;
         h.tcpSocket = TCPSocketAction{IntOrString::from_string("http"), ""};
         c0(s).lifecycle = handler(h);
       },
       {}},
      {"sleep against the grace period",
       [&](PodSpec& s) {
         LifecycleHandler a;
         a.sleep = SleepAction{31};
         c0(s).lifecycle = handler(a);
         c0(s).lifecycle->postStart = LifecycleHandler{};
         c0(s).lifecycle->postStart->sleep = SleepAction{-1};
       },
       {"spec.containers[0].lifecycle.postStart.sleep: Invalid value: -1: must be non-negative "
        "and less than terminationGracePeriodSeconds (30)",
        "spec.containers[0].lifecycle.preStop.sleep: Invalid value: 31: must be non-negative and "
        "less than terminationGracePeriodSeconds (30)"}},
      {"sleep equal to the grace period and zero are fine",
       [&](PodSpec& s) {
         LifecycleHandler a;
         a.sleep = SleepAction{30};
         c0(s).lifecycle = handler(a);
         c0(s).lifecycle->postStart = LifecycleHandler{};
         c0(s).lifecycle->postStart->sleep = SleepAction{0};
       },
       {}},
      {"no grace period, no sleep check",
       [&](PodSpec& s) {
         s.terminationGracePeriodSeconds.reset();
         LifecycleHandler a;
         a.sleep = SleepAction{1000};
         c0(s).lifecycle = handler(a);
       },
       {}},
  });
}

TEST(ValidateContainerLifecycle, StopSignal) {
  auto with_signal = [](PodSpec& s, std::string sig) {
    c0(s).lifecycle = Lifecycle{};
    c0(s).lifecycle->stopSignal = std::move(sig);
  };
  run_cases({
      {"needs spec.os",
       [&](PodSpec& s) { with_signal(s, "SIGTERM"); },
       {"spec.containers[0].lifecycle.stopSignal: Forbidden: may not be set for containers with "
        "empty `spec.os.name`"}},
      {"linux signals",
       [&](PodSpec& s) {
         s.os = PodOS{"linux"};
         with_signal(s, "SIGRTMIN+3");
       },
       {}},
      {"windows allows only SIGKILL and SIGTERM",
       [&](PodSpec& s) {
         s.os = PodOS{"windows"};
         with_signal(s, "SIGUSR1");
       },
       {"spec.containers[0].lifecycle.stopSignal: Unsupported value: \"SIGUSR1\": supported "
        "values: \"SIGKILL\", \"SIGTERM\""}},
      {"empty signal",
       [&](PodSpec& s) {
         s.os = PodOS{"linux"};
         with_signal(s, "");
       },
       {"spec.containers[0].lifecycle.stopSignal: Required value"}},
  });
  PodSpec s = spec();
  s.os = PodOS{"linux"};
  with_signal(s, "SIGFOO");
  Strings got = run(s);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(
      got[0].starts_with("spec.containers[0].lifecycle.stopSignal: Unsupported value: "
                         "\"SIGFOO\": supported values: \"SIGABRT\", \"SIGALRM\", "))
      << got[0];
  EXPECT_TRUE(got[0].ends_with("\"SIGWINCH\", \"SIGXCPU\", \"SIGXFSZ\"")) << got[0];
}

TEST(ValidateContainerInit, RestartPolicyAndForbiddenFields) {
  run_cases({
      {"regular container may not have restartPolicy",
       [](PodSpec& s) { c0(s).restartPolicy = "Always"; },
       {"spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers"}},
      {"only Always for init containers",
       [](PodSpec& s) {
         s.initContainers = {ctr("init")};
         s.initContainers[0].restartPolicy = "OnFailure";
       },
       {"spec.initContainers[0].restartPolicy: Unsupported value: \"OnFailure\": supported "
        "values: \"Always\""}},
      {"lifecycle and probes forbidden without restartPolicy=Always",
       [](PodSpec& s) {
         Container c = ctr("init");
         c.lifecycle = Lifecycle{};
         c.livenessProbe = probe();
         c.readinessProbe = probe();
         c.startupProbe = probe();
         c.startupProbe->successThreshold = 5;  // not validated: the field is forbidden
         s.initContainers = {c};
       },
       {"spec.initContainers[0].lifecycle: Forbidden: " + kNotForInit,
        "spec.initContainers[0].livenessProbe: Forbidden: " + kNotForInit,
        "spec.initContainers[0].readinessProbe: Forbidden: " + kNotForInit,
        "spec.initContainers[0].startupProbe: Forbidden: " + kNotForInit}},
      {"sidecar probes are validated like regular ones",
       [](PodSpec& s) {
         Container c = ctr("sidecar");
         c.restartPolicy = "Always";
         c.livenessProbe = probe();
         c.livenessProbe->successThreshold = 2;
         c.lifecycle = Lifecycle{};
         c.lifecycle->preStop = LifecycleHandler{};
         s.initContainers = {ctr("init"), c};
       },
       {"spec.initContainers[1].lifecycle.preStop: Required value: must specify a handler type",
        "spec.initContainers[1].livenessProbe.successThreshold: Invalid value: 2: must be 1"}},
      {"order within an init container",
       [](PodSpec& s) {
         Container c = ctr("ctr");
         c.image = "";
         c.restartPolicy = "Never";
         c.ports = {port(1, 80), port(2, 80)};
         c.readinessProbe = probe();
         s.initContainers = {ctr("a"), c};
       },
       {"spec.initContainers[1].image: Required value",
        "spec.initContainers[1].restartPolicy: Unsupported value: \"Never\": supported values: "
        "\"Always\"",
        "spec.initContainers[1].name: Duplicate value: \"ctr\"",
        "spec.initContainers[0].ports[1].hostPort: Duplicate value: \"TCP//80\"",
        "spec.initContainers[1].readinessProbe: Forbidden: " + kNotForInit}},
  });
}

TEST(ValidateContainerSecurityContext, Rules) {
  const std::string sc_json_priv =
      "{\"Capabilities\":null,\"Privileged\":true,\"SELinuxOptions\":null,\"WindowsOptions\":null,"
      "\"RunAsUser\":null,\"RunAsGroup\":null,\"RunAsNonRoot\":null,\"ReadOnlyRootFilesystem\":"
      "null,\"AllowPrivilegeEscalation\":false,\"ProcMount\":null,\"SeccompProfile\":null,"
      "\"AppArmorProfile\":null}";
  const std::string sc_json_caps =
      "{\"Capabilities\":{\"Add\":[\"CAP_SYS_ADMIN\"],\"Drop\":null},\"Privileged\":null,"
      "\"SELinuxOptions\":null,\"WindowsOptions\":null,\"RunAsUser\":null,\"RunAsGroup\":null,"
      "\"RunAsNonRoot\":null,\"ReadOnlyRootFilesystem\":null,\"AllowPrivilegeEscalation\":false,"
      "\"ProcMount\":null,\"SeccompProfile\":null,\"AppArmorProfile\":null}";
  run_cases({
      {"privileged is allowed",
       [](PodSpec& s) {
         c0(s).securityContext = SecurityContext{};
         c0(s).securityContext->privileged = true;
       },
       {}},
      {"allowPrivilegeEscalation false with privileged",
       [](PodSpec& s) {
         c0(s).securityContext = SecurityContext{};
         c0(s).securityContext->privileged = true;
         c0(s).securityContext->allowPrivilegeEscalation = false;
       },
       {"spec.containers[0].securityContext: Invalid value: " + sc_json_priv +
        ": cannot set `allowPrivilegeEscalation` to false and `privileged` to true"}},
      {"allowPrivilegeEscalation false with CAP_SYS_ADMIN",
       [](PodSpec& s) {
         c0(s).securityContext = SecurityContext{};
         c0(s).securityContext->capabilities = Capabilities{{"CAP_SYS_ADMIN"}, {}};
         c0(s).securityContext->allowPrivilegeEscalation = false;
       },
       {"spec.containers[0].securityContext: Invalid value: " + sc_json_caps +
        ": cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN"}},
      {"ids and procMount",
       [](PodSpec& s) {
         c0(s).securityContext = SecurityContext{};
         c0(s).securityContext->runAsUser = -1;
         c0(s).securityContext->runAsGroup = 2147483648;
         c0(s).securityContext->procMount = "Bad";
         s.containers.push_back(ctr("b"));
         s.containers[1].securityContext = SecurityContext{};
         s.containers[1].securityContext->procMount = "Unmasked";
       },
       {"spec.containers[0].securityContext.runAsUser: Invalid value: -1: " + kIdRange,
        "spec.containers[0].securityContext.runAsGroup: Invalid value: 2147483648: " + kIdRange,
        "spec.containers[0].securityContext.procMount: Unsupported value: \"Bad\": supported "
        "values: \"Default\", \"Unmasked\"",
        "spec.containers[1].securityContext.procMount: Invalid value: \"Unmasked\": `hostUsers` "
        "must be false to use `Unmasked`"}},
      {"Unmasked with hostUsers false",
       [](PodSpec& s) {
         s.hostUsers = false;
         c0(s).securityContext = SecurityContext{};
         c0(s).securityContext->procMount = "Unmasked";
       },
       {}},
  });
}

TEST(ValidateContainerSecurityContext, SeccompAndAppArmor) {
  auto sc = [](PodSpec& s) -> SecurityContext& {
    c0(s).securityContext = SecurityContext{};
    return *c0(s).securityContext;
  };
  run_cases({
      {"seccomp type",
       [&](PodSpec& s) {
         sc(s).seccompProfile = SeccompProfile{"", std::nullopt};
       },
       {"spec.containers[0].securityContext.seccompProfile.type: Required value: type is "
        "required when seccompProfile is set"}},
      {"seccomp unsupported type",
       [&](PodSpec& s) {
         sc(s).seccompProfile = SeccompProfile{"Other", std::nullopt};
       },
       {"spec.containers[0].securityContext.seccompProfile.type: Unsupported value: \"Other\": "
        "supported values: \"Localhost\", \"RuntimeDefault\", \"Unconfined\""}},
      {"seccomp localhost",
       [&](PodSpec& s) {
         sc(s).seccompProfile = SeccompProfile{"Localhost", std::nullopt};
         s.containers.push_back(ctr("b"));
         s.containers[1].securityContext = SecurityContext{};
         s.containers[1].securityContext->seccompProfile = SeccompProfile{"Localhost", "/a/../b"};
       },
       {"spec.containers[0].securityContext.seccompProfile.localhostProfile: Required value: must "
        "be set when seccomp type is Localhost",
        "spec.containers[1].securityContext.seccompProfile.localhostProfile: Invalid value: "
        "\"/a/../b\": must be a relative path",
        "spec.containers[1].securityContext.seccompProfile.localhostProfile: Invalid value: "
        "\"/a/../b\": must not contain '..'"}},
      {"seccomp localhostProfile with another type",
       [&](PodSpec& s) {
         sc(s).seccompProfile = SeccompProfile{"RuntimeDefault", "x"};
       },
       {"spec.containers[0].securityContext.seccompProfile.localhostProfile: Invalid value: "
        "{\"Type\":\"RuntimeDefault\",\"LocalhostProfile\":\"x\"}: can only be set when seccomp "
        "type is Localhost"}},
      {"apparmor",
       [&](PodSpec& s) {
         sc(s).appArmorProfile = AppArmorProfile{"", std::nullopt};
         for (auto [t, p] : std::vector<std::pair<std::string, std::optional<std::string>>>{
                  {"Localhost", std::nullopt},
                  {"Localhost", " p"},
                  {"Localhost", ""},
                  {"Unconfined", "p"},
                  {"Bad", std::nullopt}}) {
           s.containers.push_back(ctr("c" + std::to_string(s.containers.size())));
           s.containers.back().securityContext = SecurityContext{};
           s.containers.back().securityContext->appArmorProfile = AppArmorProfile{t, p};
         }
       },
       {"spec.containers[0].securityContext.appArmorProfile.type: Required value: type is "
        "required when appArmorProfile is set",
        "spec.containers[1].securityContext.appArmorProfile.localhostProfile: Required value: "
        "must be set when AppArmor type is Localhost",
        "spec.containers[2].securityContext.appArmorProfile.localhostProfile: Invalid value: \" "
        "p\": must not be padded with whitespace",
        "spec.containers[3].securityContext.appArmorProfile.localhostProfile: Required value: "
        "must be set when AppArmor type is Localhost",
        "spec.containers[4].securityContext.appArmorProfile.localhostProfile: Invalid value: "
        "\"p\": can only be set when AppArmor type is Localhost",
        "spec.containers[5].securityContext.appArmorProfile.type: Unsupported value: \"Bad\": "
        "supported values: \"Localhost\", \"RuntimeDefault\", \"Unconfined\""}},
      {"apparmor profile too long",
       [&](PodSpec& s) {
         sc(s).appArmorProfile = AppArmorProfile{"Localhost", std::string(4096, 'a')};
       },
       {"spec.containers[0].securityContext.appArmorProfile.localhostProfile: Too long: may not "
        "be more than 4095 bytes"}},
  });
}

TEST(ValidateContainerSecurityContext, WindowsOptions) {
  auto win = [](PodSpec& s) -> WindowsSecurityContextOptions& {
    c0(s).securityContext = SecurityContext{};
    c0(s).securityContext->windowsOptions = WindowsSecurityContextOptions{};
    return *c0(s).securityContext->windowsOptions;
  };
  const std::string p = "spec.containers[0].securityContext.windowsOptions.";
  run_cases({
      {"valid", [&](PodSpec& s) { win(s).runAsUserName = "NT AUTHORITY\\NETWORK SERVICE"; }, {}},
      {"valid DNS domain",
       [&](PodSpec& s) { win(s).runAsUserName = "a-very-long-domain.example.com\\user"; },
       {}},
      {"gmsa",
       [&](PodSpec& s) {
         auto& w = win(s);
         w.gmsaCredentialSpecName = "Bad";
         w.gmsaCredentialSpec = "";
       },
       {p + "gmsaCredentialSpecName: Invalid value: \"Bad\": " + kSubdomainMsg,
        p + "gmsaCredentialSpec: Invalid value: \"\": gmsaCredentialSpec cannot be an empty "
            "string"}},
      {"user name rules",
       [&](PodSpec& s) { win(s).runAsUserName = "a\\b\\c"; },
       {p + "runAsUserName: Invalid value: \"a\\\\b\\\\c\": runAsUserName cannot contain more "
            "than one backslash"}},
      {"bad domain and characters",
       [&](PodSpec& s) { win(s).runAsUserName = ".dom*ain\\us@er"; },
       {p + "runAsUserName: Invalid value: \".dom*ain\\\\us@er\": runAsUserName's Domain doesn't "
            "match the NetBios nor the DNS format",
        p + "runAsUserName: Invalid value: \".dom*ain\\\\us@er\": runAsUserName's User cannot "
            "contain the following characters: \"/\\:;|=,+*?<>@[]"}},
      {"dots only, empty user",
       [&](PodSpec& s) { win(s).runAsUserName = ".."; },
       {p + "runAsUserName: Invalid value: \"..\": runAsUserName's User cannot contain only "
            "periods or spaces"}},
      {"empty user after domain",
       [&](PodSpec& s) { win(s).runAsUserName = "dom\\"; },
       {p + "runAsUserName: Invalid value: \"dom\\\\\": runAsUserName's User cannot be empty"}},
      {"control characters",
       [&](PodSpec& s) { win(s).runAsUserName = "a\tb"; },
       {p + "runAsUserName: Invalid value: \"a\\tb\": runAsUserName cannot contain control "
            "characters"}},
  });
}

TEST(ValidateContainerEphemeral, Rules) {
  auto eph = [](std::string name) {
    EphemeralContainer e;
    e.name = std::move(name);
    e.image = "image";
    e.imagePullPolicy = "IfNotPresent";
    e.terminationMessagePath = "/dev/termination-log";
    e.terminationMessagePolicy = "File";
    return e;
  };
  run_cases({
      {"valid",
       [&](PodSpec& s) {
         s.ephemeralContainers = {eph("debugger")};
         s.ephemeralContainers[0].targetContainerName = "ctr";
       },
       {}},
      {"name collisions and target",
       [&](PodSpec& s) {
         s.initContainers = {ctr("init")};
         s.ephemeralContainers = {eph("ctr"), eph("init"), eph("d"), eph("d")};
         s.ephemeralContainers[2].targetContainerName = "d";
       },
       {"spec.ephemeralContainers[0].name: Duplicate value: \"ctr\"",
        "spec.ephemeralContainers[1].name: Duplicate value: \"init\"",
        "spec.ephemeralContainers[2].targetContainerName: Not found: \"d\"",
        "spec.ephemeralContainers[3].name: Duplicate value: \"d\""}},
      {"disallowed fields, in field order, after the common checks",
       [&](PodSpec& s) {
         EphemeralContainer e = eph("debugger");
         e.image = " image";
         e.lifecycle = Lifecycle{};
         e.startupProbe = probe();
         e.livenessProbe = probe();
         e.readinessProbe = probe();
         e.restartPolicy = "Always";
         e.resizePolicy = {{"cpu", "NotRequired"}};
         e.resources.limits = {{"cpu", q("1")}};
         e.ports = {port(80)};
         s.ephemeralContainers = {e};
       },
       {"spec.ephemeralContainers[0].image: Invalid value: \" image\": must not have leading or "
        "trailing whitespace",
        "spec.ephemeralContainers[0].ports: Forbidden: " + kNotForEphemeral,
        "spec.ephemeralContainers[0].resources: Forbidden: " + kNotForEphemeral,
        "spec.ephemeralContainers[0].resizePolicy: Forbidden: " + kNotForEphemeral,
        "spec.ephemeralContainers[0].restartPolicy: Forbidden: " + kNotForEphemeral,
        "spec.ephemeralContainers[0].livenessProbe: Forbidden: " + kNotForEphemeral,
        "spec.ephemeralContainers[0].readinessProbe: Forbidden: " + kNotForEphemeral,
        "spec.ephemeralContainers[0].startupProbe: Forbidden: " + kNotForEphemeral,
        "spec.ephemeralContainers[0].lifecycle: Forbidden: " + kNotForEphemeral}},
  });
}

TEST(ValidateContainerOrder, ContainersThenInitThenEphemeral) {
  run_cases({
      {"order across lists",
       [](PodSpec& s) {
         EphemeralContainer e;
         e.name = "e";
         s.ephemeralContainers = {e};
         s.initContainers = {ctr("i")};
         s.initContainers[0].imagePullPolicy = "";
         c0(s).image = "";
         c0(s).readinessProbe = probe();
         c0(s).readinessProbe->periodSeconds = -1;
       },
       {"spec.containers[0].image: Required value",
        "spec.containers[0].readinessProbe.periodSeconds: Invalid value: -1: must be greater than "
        "or equal to 0",
        "spec.initContainers[0].imagePullPolicy: Required value",
        "spec.ephemeralContainers[0].image: Required value",
        "spec.ephemeralContainers[0].terminationMessagePolicy: Required value",
        "spec.ephemeralContainers[0].imagePullPolicy: Required value"}},
      {"no containers still validates init containers",
       [](PodSpec& s) {
         s.containers.clear();
         s.initContainers = {ctr("Init")};
       },
       {"spec.containers: Required value",
        "spec.initContainers[0].name: Invalid value: \"Init\": " + kLabelMsg}},
      {"common checks in upstream order",
       [](PodSpec& s) {
         Container& c = c0(s);
         c.name = "A";
         c.image = "";
         c.terminationMessagePolicy = "x";
         c.ports = {port(0)};
         c.env = {EnvVar{"", "", std::nullopt}};
         c.envFrom = {EnvFromSource{}};
         c.imagePullPolicy = "x";
         c.resources.limits = {{"cpu", q("-1")}};
         c.resizePolicy = {{"cpu", ""}};
         c.securityContext = SecurityContext{};
         c.securityContext->runAsUser = -1;
         c.lifecycle = Lifecycle{};
         c.lifecycle->preStop = LifecycleHandler{};
         c.livenessProbe = probe();
         c.livenessProbe->tcpSocket.reset();
         c.restartPolicy = "Always";
       },
       {"spec.containers[0].name: Invalid value: \"A\": " + kLabelMsg,
        "spec.containers[0].image: Required value",
        "spec.containers[0].terminationMessagePolicy: Unsupported value: \"x\": supported values: "
        "\"File\", \"FallbackToLogsOnError\"",
        "spec.containers[0].ports[0].containerPort: Required value",
        "spec.containers[0].env[0].name: Required value",
        "spec.containers[0].envFrom: Invalid value: \"\": must specify one of: `configMapRef` or "
        "`secretRef`",
        "spec.containers[0].imagePullPolicy: Unsupported value: \"x\": supported values: "
        "\"Always\", \"IfNotPresent\", \"Never\"",
        "spec.containers[0].resources.limits[cpu]: Invalid value: \"-1\": must be greater than or "
        "equal to 0",
        "spec.containers[0].resizePolicy: Required value",
        "spec.containers[0].securityContext.runAsUser: Invalid value: -1: " + kIdRange,
        "spec.containers[0].lifecycle.preStop: Required value: must specify a handler type",
        "spec.containers[0].livenessProbe: Required value: must specify a handler type",
        "spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers"}},
  });
}

}  // namespace
}  // namespace podcore::manifest::validation
