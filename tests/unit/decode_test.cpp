// Manifest decoding: YAML/JSON/KYAML, YAML 1.1 scalars, strict fields,
// type errors with encoding/json's wording, positions, streams and kinds.
#include "manifest/decode.hpp"

#include <gtest/gtest.h>

#include <string>

namespace podcore::manifest {
namespace {

constexpr const char* kPrefix = "Pod in version \"v1\" cannot be handled as a Pod: ";

std::string pod_with_container(const std::string& container_body) {
  return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n"
         "    image: busybox\n" +
         container_body;
}

Error decode_error(const std::string& text, FieldValidation v = FieldValidation::kStrict) {
  auto pod = decode_pod(text, v);
  EXPECT_FALSE(pod) << "expected an error for:\n" << text;
  return pod ? Error{} : pod.error();
}

TEST(ManifestDecode, SeedPodFields) {
  auto pod = decode_pod(
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: hello-pod\n  labels:\n    zone: prod\n"
      "    version: v1\nspec:\n  containers:\n  - name: hello-ctr\n    image: busybox:1.36\n"
      "    ports:\n    - containerPort: 8080\n");
  ASSERT_TRUE(pod) << pod.error().to_string();
  EXPECT_EQ(pod->metadata.name, "hello-pod");
  EXPECT_EQ(pod->metadata.labels.at("zone"), "prod");
  EXPECT_EQ(pod->metadata.labels.at("version"), "v1");
  ASSERT_EQ(pod->spec.containers.size(), 1u);
  EXPECT_EQ(pod->spec.containers[0].name, "hello-ctr");
  ASSERT_EQ(pod->spec.containers[0].ports.size(), 1u);
  EXPECT_EQ(pod->spec.containers[0].ports[0].containerPort, 8080);
  EXPECT_FALSE(pod->spec.containers[0].securityContext.has_value());
}

TEST(ManifestDecode, UnknownFieldIsStrictErrorWithPosition) {
  Error e = decode_error(pod_with_container("    imagePullPolicyy: Always\n"));
  EXPECT_EQ(e.stage, "manifest.decode");
  EXPECT_EQ(e.message, std::string(kPrefix) +
                           "strict decoding error: unknown field "
                           "\"spec.containers[0].imagePullPolicyy\"");
  ASSERT_EQ(e.causes.size(), 1u);
  EXPECT_EQ(e.causes[0].field, "spec.containers[0].imagePullPolicyy");
  EXPECT_EQ(e.causes[0].line, 9u);
  EXPECT_EQ(e.causes[0].column, 5u);
}

TEST(ManifestDecode, AllUnknownFieldsAreListed) {
  Error e = decode_error(
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  foo: 1\nspec:\n  bar: {}\n"
      "  containers:\n  - name: c\n    image: x\n");
  EXPECT_EQ(e.message, std::string(kPrefix) +
                           "strict decoding error: unknown field \"metadata.foo\", unknown field "
                           "\"spec.bar\"");
  ASSERT_EQ(e.causes.size(), 2u);
  EXPECT_EQ(e.causes[1].line, 7u);
}

TEST(ManifestDecode, WarnAndIgnoreModes) {
  std::string text = pod_with_container("    imagePullPolicyy: Always\n");
  auto objs = decode_manifests(text, FieldValidation::kWarn);
  ASSERT_TRUE(objs);
  ASSERT_EQ(objs->size(), 1u);
  ASSERT_TRUE((*objs)[0].pod);
  ASSERT_EQ((*objs)[0].warnings.size(), 1u);
  EXPECT_EQ((*objs)[0].warnings[0], "unknown field \"spec.containers[0].imagePullPolicyy\"");
  auto quiet = decode_manifests(text, FieldValidation::kIgnore);
  ASSERT_TRUE(quiet);
  EXPECT_TRUE((*quiet)[0].warnings.empty());
  EXPECT_TRUE((*quiet)[0].pod);
}

TEST(ManifestDecode, DuplicateKeysAreStrictErrorsLastWinsOtherwise) {
  std::string text = pod_with_container("    image: second\n");
  Error e = decode_error(text);
  EXPECT_EQ(e.message, std::string(kPrefix) +
                           "strict decoding error: duplicate field \"spec.containers[0].image\"");
  auto objs = decode_manifests(text, FieldValidation::kIgnore);
  ASSERT_TRUE(objs && (*objs)[0].pod);
  EXPECT_EQ((*objs)[0].pod->spec.containers[0].image, "second");
}

TEST(ManifestDecode, TypeErrorsUseEncodingJsonWording) {
  struct Case {
    std::string body, message, field;
  };
  const Case cases[] = {
      {"    env:\n    - name: A\n      value: 123\n",
       "json: cannot unmarshal number into Go struct field EnvVar.spec.containers.env.value of "
       "type string",
       "spec.containers[0].env[0].value"},
      {"    ports:\n    - containerPort: \"80\"\n",
       "json: cannot unmarshal string into Go struct field "
       "ContainerPort.spec.containers.ports.containerPort of type int32",
       "spec.containers[0].ports[0].containerPort"},
      {"    ports:\n    - containerPort: 1.5\n",
       "json: cannot unmarshal number 1.5 into Go struct field "
       "ContainerPort.spec.containers.ports.containerPort of type int32",
       "spec.containers[0].ports[0].containerPort"},
      {"    ports:\n    - containerPort: 70000000000\n",
       "json: cannot unmarshal number 70000000000 into Go struct field "
       "ContainerPort.spec.containers.ports.containerPort of type int32",
       "spec.containers[0].ports[0].containerPort"},
      {"    tty: \"true\"\n",
       "json: cannot unmarshal string into Go struct field Container.spec.containers.tty of type "
       "bool",
       "spec.containers[0].tty"},
      {"    command: sh\n",
       "json: cannot unmarshal string into Go struct field Container.spec.containers.command of "
       "type []string",
       "spec.containers[0].command"},
      {"    resources: []\n",
       "json: cannot unmarshal array into Go struct field Container.spec.containers.resources of "
       "type v1.ResourceRequirements",
       "spec.containers[0].resources"},
  };
  for (const auto& c : cases) {
    Error e = decode_error(pod_with_container(c.body));
    EXPECT_EQ(e.message, kPrefix + c.message) << c.body;
    EXPECT_EQ(e.field, c.field) << c.body;
    ASSERT_EQ(e.causes.size(), 1u);
    EXPECT_GT(e.causes[0].line, 8u);
  }
  Error list = decode_error(
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [\"x\"]\n");
  EXPECT_EQ(list.message, std::string(kPrefix) +
                              "json: cannot unmarshal string into Go struct field "
                              "PodSpec.spec.containers of type v1.Container");
}

TEST(ManifestDecode, Yaml11ScalarsAsTheApiServerReadsThem) {
  auto pod = decode_pod(
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostNetwork: yes\n"
      "  hostIPC: on\n  volumes:\n  - name: a\n    secret:\n      secretName: s\n"
      "      defaultMode: 0644\n  - name: b\n    configMap:\n      name: c\n"
      "      defaultMode: 0x1ff\n  containers:\n  - name: c\n    image: x\n    ports:\n"
      "    - containerPort: 8080.0\n    - containerPort: 1e3\n    - containerPort: 1_024\n"
      "    args: [\"0644\", '1e3', \"yes\"]\n");
  ASSERT_TRUE(pod) << pod.error().to_string();
  EXPECT_TRUE(pod->spec.hostNetwork);
  EXPECT_TRUE(pod->spec.hostIPC);
  EXPECT_EQ(*pod->spec.volumes[0].secret->defaultMode, 420);
  EXPECT_EQ(*pod->spec.volumes[1].configMap->defaultMode, 511);
  EXPECT_EQ(pod->spec.containers[0].ports[0].containerPort, 8080);
  EXPECT_EQ(pod->spec.containers[0].ports[1].containerPort, 1000);
  EXPECT_EQ(pod->spec.containers[0].ports[2].containerPort, 1024);
  EXPECT_EQ(pod->spec.containers[0].args, (std::vector<std::string>{"0644", "1e3", "yes"}));
}

TEST(ManifestDecode, JsonHasNoOctal) {
  auto pod =
      decode_pod(R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"volumes":)"
                 R"([{"name":"a","secret":{"secretName":"s","defaultMode":644}}],)"
                 R"("containers":[{"name":"c","image":"x"}]}})");
  ASSERT_TRUE(pod) << pod.error().to_string();
  EXPECT_EQ(*pod->spec.volumes[0].secret->defaultMode, 644);
}

TEST(ManifestDecode, KyamlFlowStyleWithTrailingCommasAndComments) {
  auto pod = decode_pod(
      "{\n  apiVersion: \"v1\",\n  kind: \"Pod\",\n  metadata: {\n    name: \"kyaml\",  # the "
      "name\n    labels: { app: \"web\", },\n  },\n  spec: {\n    containers: [\n      {\n"
      "        name: \"c\",\n        image: \"busybox\",\n        ports: [{ containerPort: 80, "
      "}],\n      },\n    ],\n  },\n}\n");
  ASSERT_TRUE(pod) << pod.error().to_string();
  EXPECT_EQ(pod->metadata.name, "kyaml");
  EXPECT_EQ(pod->metadata.labels.at("app"), "web");
  EXPECT_EQ(pod->spec.containers[0].ports[0].containerPort, 80);
}

TEST(ManifestDecode, QuantitiesFromStringsAndNumbers) {
  auto pod = decode_pod(pod_with_container(
      "    resources:\n      limits:\n        cpu: 0.5\n        memory: \" 64Mi \"\n"
      "      requests:\n        cpu: 1e3\n        memory: 1048576\n"));
  ASSERT_TRUE(pod) << pod.error().to_string();
  const auto& r = pod->spec.containers[0].resources;
  EXPECT_EQ(r.limits.at("cpu").to_string(), "500m");
  EXPECT_EQ(r.limits.at("memory").to_string(), "64Mi");
  EXPECT_EQ(r.requests.at("cpu").to_string(), "1k");
  EXPECT_EQ(r.requests.at("memory").value(), 1048576);
  Error e = decode_error(pod_with_container("    resources:\n      limits:\n        cpu: 1 cpu\n"));
  EXPECT_EQ(e.message, std::string(kPrefix) +
                           "quantities must match the regular expression "
                           "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  EXPECT_EQ(e.field, "spec.containers[0].resources.limits[cpu]");
}

TEST(ManifestDecode, IntOrStringPorts) {
  auto pod = decode_pod(pod_with_container(
      "    livenessProbe:\n      httpGet:\n        port: 8080\n    readinessProbe:\n"
      "      tcpSocket:\n        port: http\n"));
  ASSERT_TRUE(pod) << pod.error().to_string();
  EXPECT_FALSE(pod->spec.containers[0].livenessProbe->httpGet->port.is_string());
  EXPECT_EQ(pod->spec.containers[0].livenessProbe->httpGet->port.int_val, 8080);
  EXPECT_EQ(pod->spec.containers[0].readinessProbe->tcpSocket->port.str_val, "http");
}

TEST(ManifestDecode, NullsLeaveFieldsEmptyAndAliasesExpand) {
  auto pod = decode_pod(
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: ~\n  annotations: null\n"
      "spec:\n  containers:\n  - name: a\n    image: x\n    command: null\n"
      "    env: &envs\n    - name: K\n      value: v\n  - name: b\n    image: x\n    env: *envs\n");
  ASSERT_TRUE(pod) << pod.error().to_string();
  EXPECT_TRUE(pod->metadata.labels.empty());
  EXPECT_TRUE(pod->spec.containers[0].command.empty());
  ASSERT_EQ(pod->spec.containers[1].env.size(), 1u);
  EXPECT_EQ(pod->spec.containers[1].env[0].value, "v");
}

TEST(ManifestDecode, StreamsListsAndEmptyDocuments) {
  auto objs = decode_manifests(
      "---\n# only a comment\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n"
      "  containers: []\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n"
      "  metadata:\n    name: b\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: c\n",
      FieldValidation::kStrict);
  ASSERT_TRUE(objs) << objs.error().to_string();
  ASSERT_EQ(objs->size(), 3u);
  EXPECT_EQ((*objs)[0].pod->metadata.name, "a");
  EXPECT_EQ((*objs)[1].pod->metadata.name, "b");
  EXPECT_EQ((*objs)[2].pod->metadata.name, "c");
  EXPECT_EQ((*objs)[0].line, 4u);
}

TEST(ManifestDecode, OtherKindsAndVersionsAreRefusedByName) {
  auto objs = decode_manifests(
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\n---\napiVersion: v2\n"
      "kind: Pod\n---\nkind: Pod\n---\napiVersion: v1\nmetadata: {}\n---\n- a\n",
      FieldValidation::kStrict);
  ASSERT_TRUE(objs);
  ASSERT_EQ(objs->size(), 5u);
  EXPECT_EQ((*objs)[0].pod.error().message,
            "unsupported kind \"Deployment\" (apiVersion \"apps/v1\"): libpod-core runs Pods "
            "only (kind: Pod, apiVersion: v1)");
  EXPECT_EQ((*objs)[1].pod.error().message, "no matches for kind \"Pod\" in version \"v2\"");
  EXPECT_EQ((*objs)[2].pod.error().message,
            "Object 'apiVersion' is missing in '{\"kind\":\"Pod\"}'");
  EXPECT_EQ((*objs)[3].pod.error().message,
            "Object 'Kind' is missing in '{\"apiVersion\":\"v1\",\"metadata\":{}}'");
  EXPECT_NE((*objs)[4].pod.error().message.find("is not an object (found array)"),
            std::string::npos);
}

TEST(ManifestDecode, YamlSyntaxErrorGivesLineAndColumn) {
  auto objs = decode_manifests("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [a\n",
                               FieldValidation::kStrict);
  ASSERT_FALSE(objs);
  EXPECT_EQ(objs.error().stage, "manifest.decode");
  EXPECT_TRUE(objs.error().message.starts_with("yaml: line ")) << objs.error().message;
}

TEST(ManifestDecode, InvalidUtf8AndControlCharactersAreRefusedAsGoYamlDoes) {
  auto bad = decode_manifests("apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"a\xff\"\n",
                              FieldValidation::kStrict);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "yaml: line 4, column 11: invalid leading UTF-8 octet");
  auto ctl = decode_manifests("a: \"x\x01\"\n", FieldValidation::kStrict);
  ASSERT_FALSE(ctl);
  EXPECT_EQ(ctl.error().message, "yaml: line 1, column 6: control characters are not allowed");
  auto ok = decode_pod(
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n"
      "    note: \"caf\xc3\xa9 \xf0\x9f\x9a\x80\"\nspec:\n  containers: []\n");
  ASSERT_TRUE(ok) << ok.error().to_string();
  EXPECT_EQ(ok->metadata.annotations.at("note"), "caf\xc3\xa9 \xf0\x9f\x9a\x80");
}

TEST(ManifestDecode, DoubleQuotedUnicodeEscapesAreUtf8) {
  // Found by the fuzzer: yaml-cpp turns \_ and \N into raw Latin-1 bytes.
  auto pod = decode_pod(
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations: {a: \"x\\_y\\Nz\"}\n");
  ASSERT_TRUE(pod) << pod.error().to_string();
  EXPECT_EQ(pod->metadata.annotations.at("a"), "x\xc2\xa0y\xc2\x85z");
}

TEST(ManifestDecode, AliasBombIsRefused) {
  auto bomb = decode_manifests(
      "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
      "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
      "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n",
      FieldValidation::kStrict);
  ASSERT_FALSE(bomb);
  EXPECT_EQ(bomb.error().message, "yaml: document contains excessive aliasing");
}

TEST(ManifestDecode, YamlCppEndlessEmptyDocumentsStop) {
  // Found by the fuzzer: yaml-cpp 0.7 returns empty documents forever here.
  auto r = decode_manifests("# A we# A; ebne\"]\n ,   volumeMounts:\n    - ne# A web  web seb",
                            FieldValidation::kStrict);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("parser made no progress"), std::string::npos);
}

TEST(ManifestDecode, TheWholeSchemaDecodesStrictly) {
  // Every field of a v1 Pod, as in Kubernetes' own round-trip test data:
  // a strict decoder that knows every field accepts it.
  auto text = std::string(
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: nm\n  generateName: g\n  namespace: ns\n"
      "  selfLink: s\n  uid: u\n  resourceVersion: r\n  generation: 7\n"
      "  creationTimestamp: \"2008-01-01T01:01:01Z\"\n  deletionTimestamp: 2009-01-01T01:01:01Z\n"
      "  deletionGracePeriodSeconds: 10\n  ownerReferences:\n  - apiVersion: a\n    kind: k\n"
      "    name: nm\n    uid: u\n    controller: true\n    blockOwnerDeletion: true\n"
      "  finalizers: [f]\n  managedFields:\n  - manager: m\n    operation: o\n    apiVersion: a\n"
      "    time: \"2004-01-01T01:01:01Z\"\n    fieldsType: FieldsV1\n    fieldsV1: {f:spec: {}}\n"
      "    subresource: s\n"
      "spec:\n  ephemeralContainers:\n  - name: e\n    targetContainerName: t\n"
      "  hostnameOverride: h\n  resources:\n    limits: {cpu: 1}\n  resourceClaims:\n"
      "  - name: r\n    resourceClaimName: c\n  schedulingGates: [{name: g}]\n  os: {name: linux}\n"
      "  topologySpreadConstraints:\n  - maxSkew: 1\n    topologyKey: k\n"
      "    whenUnsatisfiable: DoNotSchedule\n    minDomains: 5\n    matchLabelKeys: [a]\n"
      "  affinity:\n    nodeAffinity:\n      requiredDuringSchedulingIgnoredDuringExecution:\n"
      "        nodeSelectorTerms:\n        - matchFields: [{key: k, operator: In, values: [v]}]\n"
      "    podAntiAffinity:\n      preferredDuringSchedulingIgnoredDuringExecution:\n"
      "      - weight: 1\n        podAffinityTerm: {topologyKey: t, mismatchLabelKeys: [x]}\n"
      "  volumes:\n  - name: v\n    image: {reference: r, pullPolicy: Always}\n"
      "  - name: w\n    ephemeral:\n      volumeClaimTemplate:\n        spec:\n"
      "          accessModes: [ReadWriteOnce]\n          dataSourceRef: {kind: k, name: nm}\n"
      "  - name: x\n    projected:\n      sources:\n      - podCertificate: {signerName: s, "
      "keyType: RSA3072, maxExpirationSeconds: 3}\n      - clusterTrustBundle: {path: p}\n"
      "  containers:\n  - name: c\n    restartPolicyRules:\n    - action: Restart\n"
      "      exitCodes: {operator: In, values: [42]}\n    lifecycle:\n      stopSignal: SIGUSR1\n"
      "      preStop: {sleep: {seconds: 1}}\n    env:\n    - name: F\n      valueFrom:\n"
      "        fileKeyRef: {volumeName: v, path: p, key: k}\n"
      "    securityContext:\n      appArmorProfile: {type: RuntimeDefault}\n"
      "      windowsOptions: {hostProcess: false}\n"
      "status:\n  observedGeneration: 17\n  extendedResourceClaimStatus:\n"
      "    requestMappings: [{containerName: c, resourceName: r, requestName: q}]\n"
      "    resourceClaimName: nm\n  containerStatuses:\n  - name: c\n    ready: true\n"
      "    restartCount: 5\n    image: i\n    imageID: d\n    stopSignal: SIGTERM\n"
      "    user: {linux: {uid: 1, gid: 2, supplementalGroups: [3]}}\n"
      "    allocatedResourcesStatus: [{name: nm, resources: [{resourceID: r, health: Healthy}]}]\n"
      "    state: {terminated: {exitCode: 1, signal: 2, startedAt: \"2005-01-01T01:01:01Z\"}}\n");
  auto pod = decode_pod(text);
  ASSERT_TRUE(pod) << pod.error().to_string();
  EXPECT_EQ(pod->status.containerStatuses[0].state.terminated->exitCode, 1);
  EXPECT_EQ(pod->metadata.managedFields[0].fieldsV1->kind(), Value::Kind::kObject);
  EXPECT_EQ(pod->spec.hostnameOverride.value(), "h");
}

}  // namespace
}  // namespace podcore::manifest
