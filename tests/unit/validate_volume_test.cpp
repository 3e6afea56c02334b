// Table-driven tests for validate_volumes / validate_volume_mounts /
// validate_volume_devices. Cases follow upstream's validation_test.go
// (TestValidateVolumes, TestValidateKeyToPath, TestValidateVolumeMounts,
// TestValidateVolumeDevices, TestValidateMountPropagation, ...) and the
// rules of pkg/apis/core/validation/validation.go; every expected error is
// the full "<path>: <body>" string, in upstream's order.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "manifest/validate_internal.hpp"

// The cases aggregate-initialise the generated structs with designated
// initializers and leave the other members at their defaults on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace podcore::manifest::validation {
namespace {

using Strings = std::vector<std::string>;

const std::string kLabelMsg =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex "
    "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const std::string kSubdomainMsg =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
    "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const std::string kNamePartMsg =
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
    "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const std::string kLabelValueMsg =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
    "'my_value',  or '12345', regex used for validation is "
    "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const std::string kFileMode = "must be a number between 0 and 0777 (octal), both inclusive";
const std::string kOneType = "Forbidden: may not specify more than 1 volume type";

Quantity q(std::string_view s) {
  auto r = Quantity::parse(s);
  EXPECT_TRUE(r.has_value()) << s;
  return r ? *r : Quantity();
}

Strings texts(const FieldErrors& errs) {
  Strings out;
  for (const auto& e : errs) out.push_back(e.to_string());
  return out;
}

template <class F>
Volume make(std::string name, F&& fill) {
  Volume v;
  v.name = std::move(name);
  fill(v);
  return v;
}

Volume empty_dir(std::string name) {
  return make(std::move(name), [](Volume& v) { v.emptyDir.emplace(); });
}

ObjectMeta pod_meta(std::string name = "pod") {
  ObjectMeta m;
  m.name = std::move(name);
  m.namespace_ = "default";
  return m;
}

struct VolCase {
  std::string name;
  std::vector<Volume> volumes;
  Strings want;
};

void run(const std::vector<VolCase>& cases, const ObjectMeta& meta = pod_meta()) {
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    FieldErrors errs;
    validate_volumes(c.volumes, meta, "spec.volumes", errs);
    EXPECT_EQ(texts(errs), c.want);
  }
}

// One volume with the given source, named "vol".
template <class F>
VolCase one(std::string name, F&& fill, Strings want) {
  return {std::move(name), {make("vol", std::forward<F>(fill))}, std::move(want)};
}

DownwardAPIVolumeFile field_file(std::string path, std::string field_path, std::string api = "v1") {
  return {.path = std::move(path),
          .fieldRef = ObjectFieldSelector{.apiVersion = std::move(api),
                                          .fieldPath = std::move(field_path)}};
}

DownwardAPIVolumeFile resource_file(std::string path, std::string container, std::string res,
                                    std::string divisor = {}) {
  ResourceFieldSelector sel{.containerName = std::move(container), .resource = std::move(res)};
  if (!divisor.empty()) sel.divisor = q(divisor);
  return {.path = std::move(path), .resourceFieldRef = sel};
}

template <class... Files>
auto downward(Files... files) {
  return [=](Volume& v) {
    v.downwardAPI = DownwardAPIVolumeSource{.items = {files...}, .defaultMode = 420};
  };
}

template <class... Sources>
auto projected(Sources... sources) {
  return [=](Volume& v) {
    v.projected = ProjectedVolumeSource{.sources = {sources...}, .defaultMode = 420};
  };
}

PersistentVolumeClaimSpec good_claim_spec() {
  PersistentVolumeClaimSpec s;
  s.accessModes = {"ReadWriteOnce"};
  s.resources.requests["storage"] = q("1Gi");
  s.volumeMode = "Filesystem";
  return s;
}

template <class F>
auto ephemeral(F&& tweak) {
  return [tweak](Volume& v) {
    PersistentVolumeClaimTemplate t;
    t.spec = good_claim_spec();
    tweak(t);
    v.ephemeral = EphemeralVolumeSource{.volumeClaimTemplate = t};
  };
}

// ---- names, registration, source count ----

TEST(ValidateVolumeNames, NameRules) {
  run({
      {"valid", {empty_dir("abc-123"), empty_dir("123")}, {}},
      {"empty name", {empty_dir("")}, {"spec.volumes[0].name: Required value"}},
      {"not a label",
       {empty_dir("Abc")},
       {"spec.volumes[0].name: Invalid value: \"Abc\": " + kLabelMsg}},
      {"dots",
       {empty_dir("a.b")},
       {"spec.volumes[0].name: Invalid value: \"a.b\": must not contain dots"}},
      {"too long",
       {empty_dir(std::string(64, 'a'))},
       {"spec.volumes[0].name: Invalid value: \"" + std::string(64, 'a') +
        "\": must be no more than 63 characters"}},
      {"duplicate",
       {empty_dir("abc"), empty_dir("abc")},
       {"spec.volumes[1].name: Duplicate value: \"abc\""}},
      // Only valid volumes are remembered: no Duplicate for the second one.
      {"duplicate of an invalid volume",
       {make("abc", [](Volume& v) { v.hostPath = HostPathVolumeSource{.path = "", .type = ""}; }),
        empty_dir("abc")},
       {"spec.volumes[0].hostPath.path: Required value"}},
      // Source errors come before the name errors.
      {"source errors first",
       {make("A_b", [](Volume& v) { v.hostPath = HostPathVolumeSource{.path = "", .type = ""}; })},
       {"spec.volumes[0].hostPath.path: Required value",
        "spec.volumes[0].name: Invalid value: \"A_b\": " + kLabelMsg}},
  });
}

TEST(ValidateVolumeNames, OnlyValidVolumesAreRegistered) {
  std::vector<Volume> vols = {
      empty_dir("good"),
      make("bad", [](Volume& v) { v.secret = SecretVolumeSource{.defaultMode = 420}; }),
      empty_dir("good"),
      make("claim", [](Volume& v) { v.persistentVolumeClaim = {{.claimName = "c"}}; })};
  FieldErrors errs;
  VolumeMap map = validate_volumes(vols, pod_meta(), "spec.volumes", errs);
  ASSERT_EQ(map.size(), 2u);
  EXPECT_EQ(map.at("good"), &vols[0]);
  EXPECT_EQ(map.at("claim"), &vols[3]);
  EXPECT_FALSE(map.contains("bad"));
  EXPECT_EQ(texts(errs), (Strings{"spec.volumes[1].secret.secretName: Required value",
                                  "spec.volumes[2].name: Duplicate value: \"good\""}));
}

TEST(ValidateVolumeSourceCount, ExactlyOneSource) {
  run({
      one("no source", [](Volume&) {},
          {"spec.volumes[0]: Required value: must specify a volume type"}),
      one("emptyDir and hostPath",
          [](Volume& v) {
            v.emptyDir.emplace();
            v.hostPath = HostPathVolumeSource{.path = "/x", .type = ""};
          },
          {"spec.volumes[0].hostPath: " + kOneType}),
      // The first source found is validated, the surplus one is not.
      one("first validated, second forbidden",
          [](Volume& v) {
            v.hostPath = HostPathVolumeSource{.path = "", .type = ""};
            v.secret = SecretVolumeSource{};
          },
          {"spec.volumes[0].hostPath.path: Required value", "spec.volumes[0].secret: " + kOneType}),
      one("three sources",
          [](Volume& v) {
            v.emptyDir.emplace();
            v.configMap = ConfigMapVolumeSource{.name = "c", .defaultMode = 420};
            v.image = ImageVolumeSource{.reference = "r", .pullPolicy = "Always"};
          },
          {"spec.volumes[0].configMap: " + kOneType, "spec.volumes[0].image: " + kOneType}),
      // Upstream's typo and casing in the surplus-source paths.
      one("downwardAPI typo",
          [](Volume& v) {
            v.emptyDir.emplace();
            v.downwardAPI = DownwardAPIVolumeSource{.defaultMode = 420};
          },
          {"spec.volumes[0].downwarAPI: " + kOneType}),
      one("cephFS casing",
          [](Volume& v) {
            v.emptyDir.emplace();
            v.cephfs = CephFSVolumeSource{.monitors = {"m"}};
          },
          {"spec.volumes[0].cephFS: " + kOneType}),
      one("projected surplus",
          [](Volume& v) {
            v.persistentVolumeClaim = {{.claimName = "c"}};
            v.projected = ProjectedVolumeSource{.defaultMode = 420};
          },
          {"spec.volumes[0].projected: " + kOneType}),
      // The iscsi name-length check runs even for a surplus iscsi source.
      one("surplus iscsi still checks the name length",
          [](Volume& v) {
            v.emptyDir.emplace();
            v.iscsi = ISCSIVolumeSource{.targetPortal = std::string(63, 'p'),
                                        .iqn = "iqn.2015-02.example.com:test",
                                        .initiatorName = "iqn.2015-02.example.com:init"};
          },
          {"spec.volumes[0].iscsi: " + kOneType,
           "spec.volumes[0].name: Invalid value: \"vol\": Total length of <volume "
           "name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is "
           "specified."}),
  });
}

// ---- emptyDir, hostPath ----

TEST(ValidateVolumeEmptyDir, SizeLimit) {
  run({
      one("no limit", [](Volume& v) { v.emptyDir.emplace(); }, {}),
      one("zero", [](Volume& v) { v.emptyDir = EmptyDirVolumeSource{.sizeLimit = q("0")}; }, {}),
      one("memory medium",
          [](Volume& v) {
            v.emptyDir = EmptyDirVolumeSource{.medium = "Memory", .sizeLimit = q("1Gi")};
          },
          {}),
      // Upstream does not validate the medium at all.
      one("unknown medium", [](Volume& v) { v.emptyDir = EmptyDirVolumeSource{.medium = "Foo"}; },
          {}),
      one("negative", [](Volume& v) { v.emptyDir = EmptyDirVolumeSource{.sizeLimit = q("-1")}; },
          {"spec.volumes[0].emptyDir.sizeLimit: Forbidden: SizeLimit field must be a valid "
           "resource quantity"}),
  });
}

TEST(ValidateVolumeHostPath, PathAndType) {
  auto hp = [](std::string path, std::optional<std::string> type) {
    return [=](Volume& v) { v.hostPath = HostPathVolumeSource{.path = path, .type = type}; };
  };
  const std::string kTypes =
      "supported values: \"\", \"BlockDevice\", \"CharDevice\", \"Directory\", "
      "\"DirectoryOrCreate\", \"File\", \"FileOrCreate\", \"Socket\"";
  run({
      one("valid", hp("/var/log", ""), {}),
      one("valid type", hp("/run/x.sock", "Socket"), {}),
      one("no type", hp("/a", std::nullopt), {}),
      one("dots inside names are fine", hp("/a/..b/c..", "Directory"), {}),
      one("relative is fine", hp("a/b", ""), {}),
      // An empty path stops the checks: the bad type is not reported.
      one("empty path", hp("", "Bogus"), {"spec.volumes[0].hostPath.path: Required value"}),
      one("backsteps", hp("/a/../b", ""),
          {"spec.volumes[0].hostPath.path: Invalid value: \"/a/../b\": must not contain '..'"}),
      one("trailing backstep", hp("/a/..", ""),
          {"spec.volumes[0].hostPath.path: Invalid value: \"/a/..\": must not contain '..'"}),
      one("bad type", hp("/a", "Foo"),
          {"spec.volumes[0].hostPath.type: Unsupported value: \"Foo\": " + kTypes}),
      one("path and type", hp("../x", "file"),
          {"spec.volumes[0].hostPath.path: Invalid value: \"../x\": must not contain '..'",
           "spec.volumes[0].hostPath.type: Unsupported value: \"file\": " + kTypes}),
  });
}

// ---- secret, configMap, KeyToPath ----

TEST(ValidateVolumeSecretConfigMap, NamesAndModes) {
  auto secret = [](std::string name, std::optional<int32_t> mode) {
    return
        [=](Volume& v) { v.secret = SecretVolumeSource{.secretName = name, .defaultMode = mode}; };
  };
  auto config_map = [](std::string name, std::optional<int32_t> mode) {
    return
        [=](Volume& v) { v.configMap = ConfigMapVolumeSource{.name = name, .defaultMode = mode}; };
  };
  run({
      one("valid secret", secret("s", 420), {}),
      one("mode 0", secret("s", 0), {}),
      one("mode 0777", secret("s", 0777), {}),
      one("no default mode", secret("s", std::nullopt), {}),
      one("secret name", secret("", 420), {"spec.volumes[0].secret.secretName: Required value"}),
      one("secret mode too big", secret("s", 01000),
          {"spec.volumes[0].secret.defaultMode: Invalid value: 512: " + kFileMode}),
      one("secret mode negative", secret("s", -1),
          {"spec.volumes[0].secret.defaultMode: Invalid value: -1: " + kFileMode}),
      one("both", secret("", 644),
          {"spec.volumes[0].secret.secretName: Required value",
           "spec.volumes[0].secret.defaultMode: Invalid value: 644: " + kFileMode}),
      one("valid configMap", config_map("c", 420), {}),
      one("configMap name", config_map("", 420),
          {"spec.volumes[0].configMap.name: Required value"}),
      // 644 written in JSON is decimal 644, above 0777.
      one("configMap decimal 644", config_map("c", 644),
          {"spec.volumes[0].configMap.defaultMode: Invalid value: 644: " + kFileMode}),
  });
}

TEST(ValidateVolumeKeyToPath, Items) {
  auto items = [](KeyToPath kp) {
    return [=](Volume& v) {
      v.secret = SecretVolumeSource{.secretName = "s", .items = {kp}, .defaultMode = 420};
    };
  };
  const std::string p = "spec.volumes[0].secret.items[0].";
  run({
      one("valid", items({.key = "k", .path = "a/b"}), {}),
      one("valid with mode", items({.key = "k", .path = "a", .mode = 0400}), {}),
      one("dotted names", items({.key = "k", .path = "a..b/.c"}), {}),
      one("missing both", items({}), {p + "key: Required value", p + "path: Required value"}),
      one("absolute", items({.key = "k", .path = "/a"}),
          {p + "path: Invalid value: \"/a\": must be a relative path"}),
      one("backstep", items({.key = "k", .path = "../a"}),
          {p + "path: Invalid value: \"../a\": must not contain '..'"}),
      one("inner backstep", items({.key = "k", .path = "a/../b"}),
          {p + "path: Invalid value: \"a/../b\": must not contain '..'"}),
      one("absolute with backstep", items({.key = "k", .path = "/../a"}),
          {p + "path: Invalid value: \"/../a\": must be a relative path",
           p + "path: Invalid value: \"/../a\": must not contain '..'"}),
      one("starts with ..", items({.key = "k", .path = "..data"}),
          {p + "path: Invalid value: \"..data\": must not start with '..'"}),
      // A bare ".." gets both messages (upstream only skips "../").
      one("bare ..", items({.key = "k", .path = ".."}),
          {p + "path: Invalid value: \"..\": must not contain '..'",
           p + "path: Invalid value: \"..\": must not start with '..'"}),
      one("mode", items({.key = "k", .path = "a", .mode = 01000}),
          {p + "mode: Invalid value: 512: " + kFileMode}),
      one("negative mode and missing key", items({.path = "a", .mode = -1}),
          {p + "key: Required value", p + "mode: Invalid value: -1: " + kFileMode}),
      one("second item",
          [](Volume& v) {
            v.configMap = ConfigMapVolumeSource{.name = "c",
                                                .items = {{.key = "a", .path = "a"}, {.key = "b"}},
                                                .defaultMode = 420};
          },
          {"spec.volumes[0].configMap.items[1].path: Required value"}),
  });
}

// ---- downward API ----

TEST(ValidateVolumeDownwardAPI, FieldRef) {
  // Quirk: item errors are reported at the downwardAPI path, without
  // "items[i]".
  const std::string p = "spec.volumes[0].downwardAPI.";
  const std::string kSupported =
      "supported values: \"metadata.annotations\", \"metadata.labels\", \"metadata.name\", "
      "\"metadata.namespace\", \"metadata.uid\"";
  run({
      one("valid",
          downward(field_file("labels", "metadata.labels"),
                   field_file("annotations", "metadata.annotations"),
                   field_file("name", "metadata.name"), field_file("ns", "metadata.namespace"),
                   field_file("uid", "metadata.uid"), field_file("l", "metadata.labels['app']"),
                   field_file("a", "metadata.annotations['Example.com/Key']")),
          {}),
      one("default mode",
          [](Volume& v) { v.downwardAPI = DownwardAPIVolumeSource{.defaultMode = 01000}; },
          {p + "defaultMode: Invalid value: 512: " + kFileMode}),
      one("empty path", downward(field_file("", "metadata.name")), {p + "path: Required value"}),
      one("absolute path", downward(field_file("/a", "metadata.name")),
          {p + "path: Invalid value: \"/a\": must be a relative path"}),
      one("path starting with ..", downward(field_file("..a", "metadata.name")),
          {p + "path: Invalid value: \"..a\": must not start with '..'"}),
      one("no apiVersion", downward(field_file("a", "metadata.name", "")),
          {p + "fieldRef.apiVersion: Required value"}),
      one("no fieldPath", downward(field_file("a", "")),
          {p + "fieldRef.fieldPath: Required value"}),
      one("bad apiVersion", downward(field_file("a", "metadata.name", "v2")),
          {p + "fieldRef.fieldPath: Invalid value: \"metadata.name\": error converting fieldPath: "
               "unsupported pod version: v2"}),
      one("unknown field", downward(field_file("a", "metadata.whoops")),
          {p + "fieldRef.fieldPath: Invalid value: \"metadata.whoops\": error converting "
               "fieldPath: field label not supported: metadata.whoops"}),
      one("env-only field", downward(field_file("a", "status.podIP")),
          {p + "fieldRef.fieldPath: Unsupported value: \"status.podIP\": " + kSupported}),
      one("spec.host converts to spec.nodeName", downward(field_file("a", "spec.host")),
          {p + "fieldRef.fieldPath: Unsupported value: \"spec.nodeName\": " + kSupported}),
      one("subscript on a plain field", downward(field_file("a", "metadata.name['x']")),
          {p + "fieldRef.fieldPath: Invalid value: \"metadata.name['x']\": error converting "
               "fieldPath: field label does not support subscript: metadata.name['x']"}),
      one("bad label key", downward(field_file("a", "metadata.labels['bad key']")),
          {p + "fieldRef: Invalid value: \"bad key\": " + kNamePartMsg}),
      // Annotation keys are checked (and printed) lower-cased.
      one("bad annotation key", downward(field_file("a", "metadata.annotations['BAD KEY']")),
          {p + "fieldRef: Invalid value: \"bad key\": " + kNamePartMsg}),
      one("empty subscript", downward(field_file("a", "metadata.labels['']")),
          {p + "fieldRef: Invalid value: \"\": name part must be non-empty",
           p + "fieldRef: Invalid value: \"\": " + kNamePartMsg}),
      one("neither ref", downward(DownwardAPIVolumeFile{.path = "a"}),
          {"spec.volumes[0].downwardAPI: Required value: one of fieldRef and resourceFieldRef is "
           "required"}),
      one("both refs",
          downward(DownwardAPIVolumeFile{
              .path = "a",
              .fieldRef = ObjectFieldSelector{.apiVersion = "v1", .fieldPath = "metadata.name"},
              .resourceFieldRef =
                  ResourceFieldSelector{.containerName = "c", .resource = "limits.cpu"}}),
          {"spec.volumes[0].downwardAPI: Invalid value: \"resource\": fieldRef and "
           "resourceFieldRef can not be specified simultaneously"}),
      one("item mode",
          downward(DownwardAPIVolumeFile{
              .path = "a",
              .fieldRef = ObjectFieldSelector{.apiVersion = "v1", .fieldPath = "metadata.name"},
              .mode = -1}),
          {p + "mode: Invalid value: -1: " + kFileMode}),
      one("errors of two items share the path",
          downward(field_file("", "metadata.name"), field_file("b", "")),
          {p + "path: Required value", p + "fieldRef.fieldPath: Required value"}),
  });
}

TEST(ValidateVolumeDownwardAPI, ResourceFieldRef) {
  const std::string p = "spec.volumes[0].downwardAPI.resourceFieldRef.";
  const std::string kBytes = "1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei";
  run({
      one("valid",
          downward(resource_file("cpu", "c", "limits.cpu", "1m"),
                   resource_file("cpu2", "c", "requests.cpu", "1000m"),
                   resource_file("mem", "c", "limits.memory", "1Mi"),
                   resource_file("eph", "c", "requests.ephemeral-storage", "1k"),
                   resource_file("hp", "c", "requests.hugepages-2Mi", "1Gi"),
                   resource_file("nodiv", "c", "requests.memory")),
          {}),
      // A missing containerName hides the resource checks (one else-if chain)
      // but not the divisor check.
      one("no container name", downward(resource_file("a", "", "", "5")),
          {p + "containerName: Required value"}),
      one("no container, bad divisor", downward(resource_file("a", "", "limits.cpu", "5")),
          {p + "containerName: Required value",
           p + "divisor: Invalid value: \"limits.cpu\": only divisor's values 1m and 1 are "
               "supported with the cpu resource"}),
      one("no resource", downward(resource_file("a", "c", "")), {p + "resource: Required value"}),
      one("unknown resource", downward(resource_file("a", "c", "limits.foo")),
          {p + "resource: Unsupported value: \"limits.foo\": supported values: \"limits.cpu\", "
               "\"limits.ephemeral-storage\", \"limits.memory\", \"requests.cpu\", "
               "\"requests.ephemeral-storage\", \"requests.memory\""}),
      one("cpu divisor", downward(resource_file("a", "c", "requests.cpu", "10m")),
          {p + "divisor: Invalid value: \"requests.cpu\": only divisor's values 1m and 1 are "
               "supported with the cpu resource"}),
      one("memory divisor", downward(resource_file("a", "c", "limits.memory", "1m")),
          {p + "divisor: Invalid value: \"limits.memory\": only divisor's values " + kBytes +
           " are supported with the memory resource"}),
      one("ephemeral divisor", downward(resource_file("a", "c", "limits.ephemeral-storage", "3")),
          {p + "divisor: Invalid value: \"limits.ephemeral-storage\": only divisor's values " +
           kBytes + " are supported with the local ephemeral storage resource"}),
      one("hugepages divisor", downward(resource_file("a", "c", "limits.hugepages-1Gi", "2Mi")),
          {p + "divisor: Invalid value: \"limits.hugepages-1Gi\": only divisor's values " + kBytes +
           " are supported with the hugepages resource"}),
  });
}

// ---- projected ----

VolumeProjection secret_src(std::string name, std::vector<KeyToPath> items = {}) {
  return {.secret = SecretProjection{.name = std::move(name), .items = std::move(items)}};
}
VolumeProjection config_src(std::string name, std::vector<KeyToPath> items = {}) {
  return {.configMap = ConfigMapProjection{.name = std::move(name), .items = std::move(items)}};
}
VolumeProjection downward_src(std::vector<DownwardAPIVolumeFile> items) {
  return {.downwardAPI = DownwardAPIProjection{.items = std::move(items)}};
}
VolumeProjection token_src(std::string path, std::optional<int64_t> exp = 3600) {
  return {.serviceAccountToken =
              ServiceAccountTokenProjection{.expirationSeconds = exp, .path = std::move(path)}};
}

TEST(ValidateVolumeProjected, Sources) {
  const std::string p = "spec.volumes[0].projected";
  run({
      // What the ServiceAccount admission plugin adds (kube-api-access-*).
      one("kube-api-access",
          projected(token_src("token"),
                    config_src("kube-root-ca.crt", {{.key = "ca.crt", .path = "ca.crt"}}),
                    downward_src({field_file("namespace", "metadata.namespace")})),
          {}),
      one("empty source", projected(VolumeProjection{}), {}),
      one("default mode", [](Volume& v) { v.projected = ProjectedVolumeSource{.defaultMode = -1}; },
          {p + ".defaultMode: Invalid value: -1: " + kFileMode}),
      one("secret name", projected(secret_src("")),
          {p + ".sources[0].secret.name: Required value"}),
      one("configMap name", projected(config_src("")),
          {p + ".sources[0].configMap.name: Required value"}),
      one("secret item", projected(secret_src("s", {{.path = "a", .mode = 01000}})),
          {p + ".sources[0].secret.items[0].key: Required value",
           p + ".sources[0].secret.items[0].mode: Invalid value: 512: " + kFileMode}),
      // The duplicate is reported at the projected path with the *name* of
      // the secret/configMap as the value.
      one("duplicate path across sources",
          projected(secret_src("s", {{.key = "k", .path = "p"}}),
                    config_src("c", {{.key = "k", .path = "p"}})),
          {p + ": Invalid value: \"c\": conflicting duplicate paths"}),
      one("duplicate path within a secret",
          projected(secret_src("s", {{.key = "a", .path = "p"}, {.key = "b", .path = "p"}})),
          {p + ": Invalid value: \"s\": conflicting duplicate paths"}),
      one("duplicate downward path",
          projected(secret_src("s", {{.key = "k", .path = "p"}}),
                    downward_src({field_file("p", "metadata.name")})),
          {p + ": Invalid value: \"p\": conflicting duplicate paths"}),
      // Token paths never enter the duplicate set.
      one("token path not tracked",
          projected(token_src("p"), config_src("c", {{.key = "k", .path = "p"}})), {}),
      one("downward items at the source path", projected(downward_src({DownwardAPIVolumeFile{}})),
          {p + ".sources[0].downwardAPI.path: Required value",
           p + ".sources[0].downwardAPI: Required value: one of fieldRef and resourceFieldRef is "
               "required"}),
      one("token too short", projected(token_src("t", 599)),
          {p + ".sources[0].serviceAccountToken.expirationSeconds: Invalid value: 599: may not "
               "specify a duration less than 10 minutes"}),
      one("token unset expiration", projected(token_src("t", std::nullopt)),
          {p + ".sources[0].serviceAccountToken.expirationSeconds: Invalid value: 0: may not "
               "specify a duration less than 10 minutes"}),
      one("token bounds ok", projected(token_src("t", 600), token_src("u", int64_t{1} << 32)), {}),
      one("token too long", projected(token_src("t", (int64_t{1} << 32) + 1)),
          {p + ".sources[0].serviceAccountToken.expirationSeconds: Invalid value: 4294967297: may "
               "not specify a duration larger than 2^32 seconds"}),
      // Quirk: token path errors are at "<projected>.path".
      one("token path missing", projected(token_src("")), {p + ".path: Required value"}),
      one("token path absolute", projected(token_src("/t")),
          {p + ".path: Invalid value: \"/t\": must be a relative path"}),
      one("two kinds in one source",
          projected(
              VolumeProjection{.secret = SecretProjection{}, .configMap = ConfigMapProjection{}}),
          {p + ".sources[0].secret.name: Required value",
           p + ".sources[0].configMap.name: Required value",
           p + ".sources[0]: Forbidden: may not specify more than 1 volume type per source"}),
      one("second source index", projected(token_src("t"), secret_src("")),
          {p + ".sources[1].secret.name: Required value"}),
  });
}

TEST(ValidateVolumeProjected, ClusterTrustBundle) {
  const std::string p = "spec.volumes[0].projected.sources[0].clusterTrustBundle";
  auto ctb = [](std::optional<std::string> name, std::optional<std::string> signer,
                std::string path, std::optional<LabelSelector> sel = std::nullopt) {
    return VolumeProjection{
        .clusterTrustBundle = ClusterTrustBundleProjection{
            .name = name, .signerName = signer, .labelSelector = sel, .path = path}};
  };
  LabelSelector match_a{.matchLabels = {{"a", "b"}}};
  run({
      one("by name", projected(ctb("foo", std::nullopt, "b")), {}),
      one("by name with signer prefix", projected(ctb("example.com:s:foo", std::nullopt, "b")), {}),
      one("by signer", projected(ctb(std::nullopt, "example.com/s", "b", match_a)), {}),
      one("neither", projected(ctb(std::nullopt, std::nullopt, "b")),
          {p + ": Required value: either name or signerName must be specified"}),
      one("both", projected(ctb("foo", "example.com/s", "b")),
          {p + ": Invalid value: {\"Name\":\"foo\",\"SignerName\":\"example.com/s\","
               "\"LabelSelector\":null,\"Optional\":null,\"Path\":\"b\"}: only one of name and "
               "signerName may be used"}),
      one("empty name", projected(ctb("", std::nullopt, "b")),
          {p + ".name: Required value: must be a valid object name",
           p + ".name: Invalid value: \"\": not a valid clustertrustbundlename: " + kSubdomainMsg}),
      one("bad name", projected(ctb("Foo", std::nullopt, "b")),
          {p +
           ".name: Invalid value: \"Foo\": not a valid clustertrustbundlename: " + kSubdomainMsg}),
      one("name prefix mismatch", projected(ctb("a/b:c", std::nullopt, "b")),
          {p + ".name: Invalid value: \"a/b:c\": not a valid clustertrustbundlename: "
               "ClusterTrustBundle for signerName a/b must be named with prefix a:b:"}),
      one("name with selector", projected(ctb("foo", std::nullopt, "b", match_a)),
          {p + ".labelSelector: Invalid value: {\"matchLabels\":{\"a\":\"b\"}}: labelSelector "
               "must be unset if name is specified"}),
      one("empty signer", projected(ctb(std::nullopt, "", "b")),
          {p + ".signerName: Required value: must be a valid signer name",
           p + ".signerName: Required value"}),
      one("signer without path", projected(ctb(std::nullopt, "foo", "b")),
          {p + ".signerName: Invalid value: \"foo\": must be a fully qualified domain and path "
               "of the form 'example.com/signer-name'"}),
      one("signer single-label domain", projected(ctb(std::nullopt, "example/s", "b")),
          {p + ".signerName: Invalid value: \"example\": should be a domain with at least two "
               "segments separated by dots"}),
      one("signer bad domain label", projected(ctb(std::nullopt, "Example.com/s", "b")),
          {p + ".signerName: Invalid value: \"Example.com\": validating label \"Example\": " +
           kLabelMsg}),
      one("signer bad path label", projected(ctb(std::nullopt, "example.com/S", "b")),
          {p + ".signerName: Invalid value: \"S\": validating label \"S\": " + kSubdomainMsg}),
      one("selector operator",
          projected(ctb(std::nullopt, "example.com/s", "b",
                        LabelSelector{.matchExpressions = {{.key = "k", .operator_ = "Bad"}}})),
          {p + ".labelSelector.matchExpressions[0].operator: Invalid value: \"Bad\": not a valid "
               "selector operator"}),
      one("selector In without values",
          projected(ctb(std::nullopt, "example.com/s", "b",
                        LabelSelector{.matchExpressions = {{.key = "k", .operator_ = "In"}}})),
          {p + ".labelSelector.matchExpressions[0].values: Required value: must be specified "
               "when `operator` is 'In' or 'NotIn'"}),
      one("selector Exists with values",
          projected(
              ctb(std::nullopt, "example.com/s", "b",
                  LabelSelector{
                      .matchExpressions = {{.key = "k", .operator_ = "Exists", .values = {"v"}}}})),
          {p + ".labelSelector.matchExpressions[0].values: Forbidden: may not be specified when "
               "`operator` is 'Exists' or 'DoesNotExist'"}),
      one("selector bad value",
          projected(
              ctb(std::nullopt, "example.com/s", "b",
                  LabelSelector{
                      .matchExpressions = {{.key = "k", .operator_ = "In", .values = {"a b"}}}})),
          {p + ".labelSelector.matchExpressions[0].values[0]: Invalid value: \"a b\": " +
           kLabelValueMsg}),
      one("no path", projected(ctb("foo", std::nullopt, "")), {p + ".path: Required value"}),
      one("absolute path", projected(ctb("foo", std::nullopt, "/b")),
          {p + ".path: Invalid value: \"/b\": must be a relative path"}),
      // Even empty paths are recorded, so two empty ones collide.
      one("duplicate paths", projected(ctb("foo", std::nullopt, ""), ctb("bar", std::nullopt, "")),
          {p + ".path: Required value",
           "spec.volumes[0].projected.sources[1].clusterTrustBundle.path: Required value",
           "spec.volumes[0].projected: Invalid value: \"\": conflicting duplicate paths"}),
  });
}

TEST(ValidateVolumeProjected, PodCertificate) {
  const std::string p = "spec.volumes[0].projected.sources[0].podCertificate";
  auto pc = [](std::string signer, std::string key_type, std::optional<int32_t> max_exp,
               std::string bundle, std::string key_path = {}, std::string chain = {}) {
    return VolumeProjection{.podCertificate =
                                PodCertificateProjection{.signerName = signer,
                                                         .keyType = key_type,
                                                         .maxExpirationSeconds = max_exp,
                                                         .credentialBundlePath = bundle,
                                                         .keyPath = key_path,
                                                         .certificateChainPath = chain}};
  };
  run({
      one("valid", projected(pc("example.com/foo", "ED25519", 86400, "cred.pem")), {}),
      one("valid split", projected(pc("example.com/foo", "RSA3072", std::nullopt, "", "k", "c")),
          {}),
      one("key type", projected(pc("example.com/foo", "", std::nullopt, "b")),
          {p + ".keyType: Unsupported value: \"\": supported values: \"RSA3072\", \"RSA4096\", "
               "\"ECDSAP256\", \"ECDSAP384\", \"ECDSAP521\", \"ED25519\""}),
      one("signer", projected(pc("", "ED25519", std::nullopt, "b")),
          {p + ".signerName: Required value"}),
      one("too short", projected(pc("example.com/foo", "ED25519", 3599, "b")),
          {p + ".maxExpirationSeconds: Invalid value: 3599: if provided, maxExpirationSeconds "
               "must be >= 3600"}),
      one("too long", projected(pc("example.com/foo", "ED25519", 7862401, "b")),
          {p + ".maxExpirationSeconds: Invalid value: 7862401: if provided, "
               "maxExpirationSeconds must be <= 7862400"}),
      one("kubernetes signer cap", projected(pc("kubernetes.io/foo", "ED25519", 86401, "b")),
          {p + ".maxExpirationSeconds: Invalid value: 86401: if provided, "
               "maxExpirationSeconds must be <= 86400"}),
      one("kubernetes subdomain signer cap",
          projected(pc("x.kubernetes.io/foo", "ED25519", 86401, "b")),
          {p + ".maxExpirationSeconds: Invalid value: 86401: if provided, "
               "maxExpirationSeconds must be <= 86400"}),
      one("absolute key path",
          projected(pc("example.com/foo", "ED25519", std::nullopt, "", "/k", "c")),
          {p + ".keyPath: Invalid value: \"/k\": must be a relative path"}),
      one("same path twice",
          projected(pc("example.com/foo", "ED25519", std::nullopt, "", "a", "a")),
          {"spec.volumes[0].projected: Invalid value: \"a\": conflicting duplicate paths"}),
  });
}

// ---- persistentVolumeClaim, ephemeral ----

TEST(ValidateVolumePVC, ClaimName) {
  auto pvc = [](std::string name, std::string claim) {
    return make(std::move(name), [claim](Volume& v) {
      v.persistentVolumeClaim = PersistentVolumeClaimVolumeSource{.claimName = claim};
    });
  };
  auto eph = make("eph", ephemeral([](PersistentVolumeClaimTemplate&) {}));
  run({
      {"valid", {pvc("a", "claim")}, {}},
      {"no claim name",
       {pvc("a", "")},
       {"spec.volumes[0].persistentVolumeClaim.claimName: Required value"}},
      // The error is outside the volume's own list: the volume stays registered.
      {"claims an ephemeral PVC",
       {eph, pvc("a", "pod-eph")},
       {"spec.volumes[1].persistentVolumeClaim.claimName: Invalid value: \"pod-eph\": must not "
        "reference a PVC that gets created for an ephemeral volume"}},
      {"claims an ephemeral PVC declared later",
       {pvc("a", "pod-eph"), eph},
       {"spec.volumes[0].persistentVolumeClaim.claimName: Invalid value: \"pod-eph\": must not "
        "reference a PVC that gets created for an ephemeral volume"}},
      {"other claim", {eph, pvc("a", "pod-other")}, {}},
  });
  // Without a pod name the check is skipped.
  run({{"no pod name", {eph, pvc("a", "-eph")}, {}}}, pod_meta(""));
}

TEST(ValidateVolumeEphemeral, ClaimTemplate) {
  const std::string t = "spec.volumes[0].ephemeral.volumeClaimTemplate";
  const std::string s = t + ".spec";
  using T = PersistentVolumeClaimTemplate;
  run({
      one("valid", ephemeral([](T&) {}), {}),
      one("valid labels", ephemeral([](T& x) {
            x.metadata.labels = {{"app", "db"}};
          }),
          {}),
      one("valid block", ephemeral([](T& x) {
            x.spec.volumeMode = "Block";
            x.spec.accessModes = {"ReadWriteOncePod"};
            x.spec.storageClassName = "fast.example.com";
          }),
          {}),
      one("no template", [](Volume& v) { v.ephemeral.emplace(); }, {t + ": Required value"}),
      one("no access modes", ephemeral([](T& x) { x.spec.accessModes.clear(); }),
          {s + ".accessModes: Required value: at least 1 access mode is required"}),
      one("bad access mode", ephemeral([](T& x) { x.spec.accessModes = {"Foo"}; }),
          {s + ".accessModes: Unsupported value: \"Foo\": supported values: \"ReadOnlyMany\", "
               "\"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\""}),
      one("RWOP with others", ephemeral([](T& x) {
            x.spec.accessModes = {"ReadWriteOncePod", "ReadOnlyMany"};
          }),
          {s + ".accessModes: Forbidden: may not use ReadWriteOncePod with other access modes"}),
      // Quirk: the key hangs off "resources".
      one("no storage", ephemeral([](T& x) { x.spec.resources.requests.clear(); }),
          {s + ".resources[storage]: Required value"}),
      one("zero storage", ephemeral([](T& x) { x.spec.resources.requests["storage"] = q("0"); }),
          {s + ".resources[storage]: Invalid value: \"0\": must be greater than zero"}),
      one("negative storage",
          ephemeral([](T& x) { x.spec.resources.requests["storage"] = q("-1Gi"); }),
          {s + ".resources[storage]: Invalid value: \"-1Gi\": must be greater than zero"}),
      one("storage class", ephemeral([](T& x) { x.spec.storageClassName = "Bad_Class"; }),
          {s + ".storageClassName: Invalid value: \"Bad_Class\": " + kSubdomainMsg}),
      one("empty storage class", ephemeral([](T& x) { x.spec.storageClassName = ""; }), {}),
      one("volume mode", ephemeral([](T& x) { x.spec.volumeMode = "Foo"; }),
          {s + ".volumeMode: Unsupported value: \"Foo\": supported values: \"Block\", "
               "\"Filesystem\""}),
      one("selector", ephemeral([](T& x) {
            x.spec.selector = LabelSelector{.matchLabels = {{"bad key", "v"}}};
          }),
          {s + ".selector.matchLabels: Invalid value: \"bad key\": " + kNamePartMsg}),
      one("data source", ephemeral([](T& x) {
            x.spec.dataSource = TypedLocalObjectReference{.kind = "Snapshot"};
          }),
          {s + ".dataSource.name: Required value",
           s + ".dataSource: Invalid value: \"Snapshot\": must be 'PersistentVolumeClaim' when "
               "referencing the default apiGroup"}),
      one("data source api group", ephemeral([](T& x) {
            x.spec.dataSource = TypedLocalObjectReference{
                .apiGroup = "Snapshot.Storage", .kind = "VolumeSnapshot", .name = "s"};
          }),
          {s + ".dataSource.apiGroup: Invalid value: \"Snapshot.Storage\": " + kSubdomainMsg}),
      one("data source matches ref", ephemeral([](T& x) {
            x.spec.dataSource =
                TypedLocalObjectReference{.kind = "PersistentVolumeClaim", .name = "a"};
            x.spec.dataSourceRef =
                TypedObjectReference{.kind = "PersistentVolumeClaim", .name = "a"};
          }),
          {}),
      // The bad value upstream is a *field.Path, printed by json.Marshal as {}.
      one("data source differs from ref", ephemeral([](T& x) {
            x.spec.dataSource =
                TypedLocalObjectReference{.kind = "PersistentVolumeClaim", .name = "a"};
            x.spec.dataSourceRef =
                TypedObjectReference{.kind = "PersistentVolumeClaim", .name = "b"};
          }),
          {s + ": Invalid value: {}: must match dataSourceRef"}),
      one("data source with namespaced ref", ephemeral([](T& x) {
            x.spec.dataSource =
                TypedLocalObjectReference{.kind = "PersistentVolumeClaim", .name = "a"};
            x.spec.dataSourceRef = TypedObjectReference{
                .kind = "PersistentVolumeClaim", .name = "a", .namespace_ = "Other"};
          }),
          {s + ".dataSourceRef.namespace: Invalid value: \"Other\": " + kLabelMsg,
           s + ": Invalid value: {}: may not be specified when dataSourceRef.namespace is "
               "specified"}),
      one("volume attributes class",
          ephemeral([](T& x) { x.spec.volumeAttributesClassName = "Gold"; }),
          {s + ".volumeAttributesClassName: Invalid value: \"Gold\": " + kSubdomainMsg}),
      one("metadata", ephemeral([](T& x) {
            x.metadata.annotations = {{"bad key", "v"}};
            x.metadata.labels = {{"app", "bad value"}};
            x.metadata.name = "n";
            x.metadata.uid = "u";
            x.metadata.finalizers = {"f"};
          }),
          {t + ".metadata.annotations: Invalid value: \"bad key\": " + kNamePartMsg,
           t + ".metadata.labels: Invalid value: \"bad value\": " + kLabelValueMsg,
           t + ".metadata.name: Forbidden: cannot be set",
           t + ".metadata.uID: Forbidden: cannot be set",
           t + ".metadata.finalizers: Forbidden: cannot be set"}),
      one("annotations too large", ephemeral([](T& x) {
            x.metadata.annotations = {{"a", std::string(256 * 1024, 'x')}};
          }),
          {t + ".metadata.annotations: Too long: may not be more than 262144 bytes"}),
  });
  // The created PVC is named "<pod>-<volume>" and must be a valid name.
  run({one("pvc name too long", ephemeral([](T&) {}),
           {"spec.volumes[0].name: Invalid value: \"vol\": PVC name \"" + std::string(250, 'a') +
            "-vol\": must be no more than 253 characters"})},
      pod_meta(std::string(250, 'a')));
  run({one("pvc name not a subdomain", ephemeral([](T& x) { x.spec.accessModes.clear(); }),
           {s + ".accessModes: Required value: at least 1 access mode is required",
            "spec.volumes[0].name: Invalid value: \"vol\": PVC name \"Pod-vol\": " +
                kSubdomainMsg})},
      pod_meta("Pod"));
}

// ---- image, csi ----

TEST(ValidateVolumeImage, ReferenceAndPullPolicy) {
  auto image = [](std::string ref, std::string policy) {
    return [=](Volume& v) { v.image = ImageVolumeSource{.reference = ref, .pullPolicy = policy}; };
  };
  run({
      one("valid", image("registry.k8s.io/conformance:v1.34.0", "IfNotPresent"), {}),
      one("no reference", image("", "Always"), {"spec.volumes[0].image.reference: Required value"}),
      one("no pull policy", image("r", ""), {"spec.volumes[0].image.pullPolicy: Required value"}),
      one("bad pull policy", image("r", "Sometimes"),
          {"spec.volumes[0].image.pullPolicy: Unsupported value: \"Sometimes\": supported values: "
           "\"Always\", \"IfNotPresent\", \"Never\""}),
  });
}

TEST(ValidateVolumeCSI, DriverAndSecret) {
  auto csi = [](std::string driver, std::optional<std::string> secret = std::nullopt) {
    return [=](Volume& v) {
      v.csi = CSIVolumeSource{.driver = driver};
      if (secret) v.csi->nodePublishSecretRef = LocalObjectReference{.name = *secret};
    };
  };
  run({
      one("valid", csi("csi.example.com", "s"), {}),
      one("upper case is lowered for the check", csi("Foo.Example.com"), {}),
      one("no driver", csi(""),
          {"spec.volumes[0].csi.driver: Required value",
           "spec.volumes[0].csi.driver: Invalid value: \"\": " + kSubdomainMsg}),
      one("bad driver", csi("foo_bar"),
          {"spec.volumes[0].csi.driver: Invalid value: \"foo_bar\": " + kSubdomainMsg}),
      one("long driver", csi(std::string(64, 'a')),
          {"spec.volumes[0].csi.driver: Too long: may not be more than 63 bytes"}),
      one("secret name missing", csi("d.example.com", ""),
          {"spec.volumes[0].csi.nodePublishSecretRef.name: Required value"}),
      // Quirk: the secret name's grammar error is reported at "csi.name".
      one("bad secret name", csi("d.example.com", "Bad"),
          {"spec.volumes[0].csi.name: Invalid value: \"Bad\": " + kSubdomainMsg}),
  });
}

// ---- legacy in-tree sources ----

TEST(ValidateVolumeLegacy, RequiredFields) {
  const std::string p = "spec.volumes[0].";
  run({
      one("nfs", [](Volume& v) { v.nfs.emplace(); },
          {p + "nfs.server: Required value", p + "nfs.path: Required value",
           p + "nfs.path: Invalid value: \"\": must be an absolute path"}),
      one("nfs relative", [](Volume& v) { v.nfs = NFSVolumeSource{.server = "s", .path = "x"}; },
          {p + "nfs.path: Invalid value: \"x\": must be an absolute path"}),
      one("nfs valid", [](Volume& v) { v.nfs = NFSVolumeSource{.server = "s", .path = "/x"}; }, {}),
      one("rbd", [](Volume& v) { v.rbd.emplace(); },
          {p + "rbd.monitors: Required value", p + "rbd.image: Required value"}),
      one("cephfs", [](Volume& v) { v.cephfs.emplace(); }, {p + "cephfs.monitors: Required value"}),
      one("glusterfs", [](Volume& v) { v.glusterfs.emplace(); },
          {p + "glusterfs.endpoints: Required value", p + "glusterfs.path: Required value"}),
      one("gitRepo", [](Volume& v) { v.gitRepo = GitRepoVolumeSource{.directory = "/abs"}; },
          {p + "gitRepo.repository: Required value",
           p + "gitRepo.directory: Invalid value: \"/abs\": must be a relative path"}),
      // Quirk: validated under "persistentDisk"; the range message says 1..255.
      one("gcePersistentDisk",
          [](Volume& v) { v.gcePersistentDisk = GCEPersistentDiskVolumeSource{.partition = 256}; },
          {p + "persistentDisk.pdName: Required value",
           p + "persistentDisk.partition: Invalid value: 256: must be between 1 and 255, "
               "inclusive"}),
      one("awsElasticBlockStore",
          [](Volume& v) {
            v.awsElasticBlockStore = AWSElasticBlockStoreVolumeSource{.partition = -1};
          },
          {p + "awsElasticBlockStore.volumeID: Required value",
           p + "awsElasticBlockStore.partition: Invalid value: -1: must be between 1 and 255, "
               "inclusive"}),
      one("flocker none", [](Volume& v) { v.flocker.emplace(); },
          {p + "flocker: Required value: one of datasetName and datasetUUID is required"}),
      one("flocker both",
          [](Volume& v) {
            v.flocker = FlockerVolumeSource{.datasetName = "a/b", .datasetUUID = "u"};
          },
          {p + "flocker: Invalid value: \"resource\": datasetName and datasetUUID can not be "
               "specified simultaneously",
           p + "flocker.datasetName: Invalid value: \"a/b\": must not contain '/'"}),
      one("fc none", [](Volume& v) { v.fc.emplace(); },
          {p + "fc.targetWWNs: Required value: must specify either targetWWNs or wwids, but not "
               "both"}),
      one("fc both",
          [](Volume& v) {
            v.fc = FCVolumeSource{.targetWWNs = {"a", "b"}, .wwids = {"w"}};
          },
          {p + "fc.targetWWNs: Invalid value: [\"a\",\"b\"]: targetWWNs and wwids can not be "
               "specified simultaneously",
           p + "fc.lun: Required value: lun is required if targetWWNs is specified"}),
      one("fc lun", [](Volume& v) { v.fc = FCVolumeSource{.targetWWNs = {"a"}, .lun = 256}; },
          {p + "fc.lun: Invalid value: 256: must be between 0 and 255, inclusive"}),
      one("flexVolume",
          [](Volume& v) {
            v.flexVolume = FlexVolumeSource{
                .options = {{"foo.kubernetes.io/x", "1"}, {"k8s.io", "2"}, {"myk8s.io/a", "3"}}};
          },
          {p + "flexVolume.driver: Required value",
           p + "flexVolume.options[foo.kubernetes.io/x]: Invalid value: \"foo.kubernetes.io/x\": "
               "kubernetes.io and k8s.io namespaces are reserved",
           p + "flexVolume.options[k8s.io]: Invalid value: \"k8s.io\": kubernetes.io and k8s.io "
               "namespaces are reserved"}),
      one("cinder",
          [](Volume& v) { v.cinder = CinderVolumeSource{.secretRef = LocalObjectReference{}}; },
          {p + "cinder.volumeID: Required value", p + "cinder.secretRef.name: Required value"}),
      one("azureFile", [](Volume& v) { v.azureFile.emplace(); },
          {p + "azureFile.secretName: Required value", p + "azureFile.shareName: Required value"}),
      one("vsphereVolume", [](Volume& v) { v.vsphereVolume.emplace(); },
          {p + "vsphereVolume.volumePath: Required value"}),
      one("photonPersistentDisk", [](Volume& v) { v.photonPersistentDisk.emplace(); },
          {p + "photonPersistentDisk.pdID: Required value"}),
      one("portworxVolume", [](Volume& v) { v.portworxVolume.emplace(); },
          {p + "portworxVolume.volumeID: Required value"}),
      one("scaleIO", [](Volume& v) { v.scaleIO.emplace(); },
          {p + "scaleIO.gateway: Required value", p + "scaleIO.system: Required value",
           p + "scaleIO.volumeName: Required value"}),
      one("storageos",
          [](Volume& v) {
            v.storageos = StorageOSVolumeSource{
                .volumeName = "Bad", .volumeNamespace = "Ns", .secretRef = LocalObjectReference{}};
          },
          {p + "storageos.volumeName: Invalid value: \"Bad\": " + kLabelMsg,
           p + "storageos.volumeNamespace: Invalid value: \"Ns\": " + kLabelMsg,
           p + "storageos.secretRef.name: Required value"}),
      one("storageos name", [](Volume& v) { v.storageos.emplace(); },
          {p + "storageos.volumeName: Required value"}),
      one("azureDisk", [](Volume& v) { v.azureDisk.emplace(); },
          {p + "azureDisk.diskName: Required value", p + "azureDisk.diskURI: Required value"}),
      one("azureDisk defaulted",
          [](Volume& v) {
            v.azureDisk = AzureDiskVolumeSource{.diskName = "d",
                                                .diskURI = "https://x/d.vhd",
                                                .cachingMode = "ReadWrite",
                                                .fsType = "ext4",
                                                .readOnly = false,
                                                .kind = "Shared"};
          },
          {}),
      one("azureDisk managed",
          [](Volume& v) {
            v.azureDisk = AzureDiskVolumeSource{
                .diskName = "d", .diskURI = "https://x", .cachingMode = "Foo", .kind = "Managed"};
          },
          {p + "azureDisk.cachingMode: Unsupported value: \"Foo\": supported values: \"None\", "
               "\"ReadOnly\", \"ReadWrite\"",
           p + "azureDisk.diskURI: Unsupported value: \"https://x\": supported values: "
               "\"/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/"
               "microsoft.compute/disks/{disk-id}\""}),
      one("azureDisk kind",
          [](Volume& v) {
            v.azureDisk = AzureDiskVolumeSource{.diskName = "d", .diskURI = "x", .kind = "Big"};
          },
          {p + "azureDisk.kind: Unsupported value: \"Big\": supported values: \"Dedicated\", "
               "\"Managed\", \"Shared\"",
           p + "azureDisk.diskURI: Unsupported value: \"x\": supported values: "
               "\"https://{account-name}.blob.core.windows.net/{container-name}/"
               "{disk-name}.vhd\""}),
      one("quobyte", [](Volume& v) { v.quobyte.emplace(); },
          {p + "quobyte.registry: Required value: must be a host:port pair or multiple pairs "
               "separated by commas",
           p + "quobyte.volume: Required value"}),
      one("quobyte registries",
          [](Volume& v) {
            v.quobyte = QuobyteVolumeSource{.registry = "a:1,[::1]:2,b,c:d:3", .volume = "v"};
          },
          {p + "quobyte.registry: Invalid value: \"a:1,[::1]:2,b,c:d:3\": must be a host:port "
               "pair or multiple pairs separated by commas",
           p + "quobyte.registry: Invalid value: \"a:1,[::1]:2,b,c:d:3\": must be a host:port "
               "pair or multiple pairs separated by commas"}),
      one("quobyte tenant",
          [](Volume& v) {
            v.quobyte =
                QuobyteVolumeSource{.registry = "x", .volume = "v", .tenant = std::string(65, 't')};
          },
          {p + "quobyte.tenant: Required value: must be a UUID and may not exceed a length of 64 "
               "characters"}),
  });
}

TEST(ValidateVolumeLegacy, ISCSI) {
  const std::string p = "spec.volumes[0].iscsi.";
  auto iscsi = [](std::string iqn, std::optional<std::string> initiator = std::nullopt,
                  int32_t lun = 0) {
    return [=](Volume& v) {
      v.iscsi = ISCSIVolumeSource{
          .targetPortal = "127.0.0.1:3260", .iqn = iqn, .lun = lun, .initiatorName = initiator};
    };
  };
  const std::string naa = "naa." + std::string(32, 'F');
  run({
      one("empty", [](Volume& v) { v.iscsi.emplace(); },
          {p + "targetPortal: Required value", p + "iqn: Required value"}),
      one("iqn", iscsi("iqn.2015-02.example.com:test"), {}),
      one("iqn found later in the text", iscsi("iqnX iqn.2015-02.example.com:test"), {}),
      one("eui", iscsi("eui.0123456789ABCDEF"), {}),
      one("naa", iscsi(naa), {}),
      one("no known prefix", iscsi("foo"),
          {p + "iqn: Invalid value: \"foo\": must be valid format starting with iqn, eui, or naa"}),
      one("bad iqn", iscsi("iqn.2015-02.example.com"),
          {p + "iqn: Invalid value: \"iqn.2015-02.example.com\": must be valid format"}),
      one("bad iqn suffix", iscsi("iqn.2015-02.example.com:a b"),
          {p + "iqn: Invalid value: \"iqn.2015-02.example.com:a b\": must be valid format"}),
      one("bad eui", iscsi("eui.0123"),
          {p + "iqn: Invalid value: \"eui.0123\": must be valid format"}),
      one("lun", iscsi("iqn.2015-02.example.com:test", std::nullopt, 256),
          {p + "lun: Invalid value: 256: must be between 0 and 255, inclusive"}),
      one("chap without secret",
          [](Volume& v) {
            v.iscsi = ISCSIVolumeSource{
                .targetPortal = "t", .iqn = "iqn.2015-02.a.b:c", .chapAuthSession = true};
          },
          {p + "secretRef: Required value"}),
      // Quirk: lower-case "initiatorname".
      one("bad initiator", iscsi("iqn.2015-02.example.com:test", "bad"),
          {p + "initiatorname: Invalid value: \"bad\": must be valid format starting with iqn, "
               "eui, or naa"}),
      one("bad initiator format", iscsi("iqn.2015-02.example.com:test", "naa.1"),
          {p + "initiatorname: Invalid value: \"naa.1\": must be valid format"}),
      one("name too long with initiator",
          [](Volume& v) {
            v.iscsi = ISCSIVolumeSource{.targetPortal = std::string(61, 't'),
                                        .iqn = "iqn.2015-02.example.com:test",
                                        .initiatorName = "iqn.2015-02.example.com:init"};
          },
          {"spec.volumes[0].name: Invalid value: \"vol\": Total length of <volume "
           "name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is "
           "specified."}),
      one("name length 64 is fine",
          [](Volume& v) {
            v.iscsi = ISCSIVolumeSource{.targetPortal = std::string(60, 't'),
                                        .iqn = "iqn.2015-02.example.com:test",
                                        .initiatorName = "iqn.2015-02.example.com:init"};
          },
          {}),
  });
}

// ---- volume mounts ----

struct MountCase {
  std::string name;
  std::vector<VolumeMount> mounts;
  Strings want;
  std::vector<VolumeDevice> devices = {};
  std::optional<bool> privileged = std::nullopt;
};

std::vector<Volume> mount_volumes() {
  return {
      empty_dir("abc"),
      make("pvc", [](Volume& v) { v.persistentVolumeClaim = {{.claimName = "c"}}; }),
      make("eph", ephemeral([](PersistentVolumeClaimTemplate&) {})),
      make("img",
           [](Volume& v) {
             v.image = ImageVolumeSource{.reference = "r", .pullPolicy = "IfNotPresent"};
           }),
      // Invalid: not registered, so mounting it fails with Not found.
      make("bad", [](Volume& v) { v.hostPath = HostPathVolumeSource{.path = "", .type = ""}; })};
}

void run_mounts(const std::vector<MountCase>& cases) {
  std::vector<Volume> vols = mount_volumes();
  FieldErrors vol_errs;
  VolumeMap map = validate_volumes(vols, pod_meta(), "spec.volumes", vol_errs);
  ASSERT_EQ(vol_errs.size(), 1u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Container ctr;
    ctr.name = "ctr";
    ctr.volumeMounts = c.mounts;
    ctr.volumeDevices = c.devices;
    if (c.privileged) ctr.securityContext = SecurityContext{.privileged = c.privileged};
    FieldErrors errs;
    validate_volume_mounts(ctr, map, "spec.containers[0].volumeMounts", errs);
    EXPECT_EQ(texts(errs), c.want);
  }
}

TEST(ValidateVolumeMounts, NamesAndPaths) {
  const std::string p = "spec.containers[0].volumeMounts";
  run_mounts({
      {"valid",
       {{.name = "abc", .mountPath = "/foo"},
        {.name = "abc", .mountPath = "/bar", .subPath = "x/y"},
        {.name = "abc", .mountPath = "/baz", .subPathExpr = "$(POD_NAME)"},
        {.name = "pvc", .mountPath = "relative:odd"},
        {.name = "abc", .mountPath = "/dots", .subPath = "..x"},
        // Image volumes accept subPath since 1.33.
        {.name = "img", .readOnly = true, .mountPath = "/img", .subPath = "dir"}},
       {}},
      {"empty name",
       {{.name = "", .mountPath = "/a"}},
       {p + "[0].name: Required value", p + "[0].name: Not found: \"\""}},
      {"unknown volume",
       {{.name = "nope", .mountPath = "/a"}},
       {p + "[0].name: Not found: \"nope\""}},
      {"invalid volume",
       {{.name = "bad", .mountPath = "/a"}},
       {p + "[0].name: Not found: \"bad\""}},
      {"no mount path", {{.name = "abc"}}, {p + "[0].mountPath: Required value"}},
      {"duplicate mount path",
       {{.name = "abc", .mountPath = "/a"}, {.name = "pvc", .mountPath = "/a"}},
       {p + "[1].mountPath: Invalid value: \"/a\": must be unique"}},
      {"two empty mount paths",
       {{.name = "abc"}, {.name = "abc"}},
       {p + "[0].mountPath: Required value", p + "[1].mountPath: Required value",
        p + "[1].mountPath: Invalid value: \"\": must be unique"}},
      // Quirk: subPath errors have no index.
      {"absolute subPath",
       {{.name = "abc", .mountPath = "/a", .subPath = "/x"}},
       {p + ".subPath: Invalid value: \"/x\": must be a relative path"}},
      {"backstep subPath",
       {{.name = "abc", .mountPath = "/a", .subPath = "x/../../y"}},
       {p + ".subPath: Invalid value: \"x/../../y\": must not contain '..'"}},
      {"subPath and subPathExpr",
       {{.name = "abc", .mountPath = "/a", .subPath = "x", .subPathExpr = "y"}},
       {p + "[0].subPathExpr: Invalid value: \"y\": subPathExpr and subPath are mutually "
            "exclusive"}},
      {"bad subPathExpr",
       {{.name = "abc", .mountPath = "/a", .subPath = "/x", .subPathExpr = "/../y"}},
       {p + ".subPath: Invalid value: \"/x\": must be a relative path",
        p + "[0].subPathExpr: Invalid value: \"/../y\": subPathExpr and subPath are mutually "
            "exclusive",
        p + ".subPathExpr: Invalid value: \"/../y\": must be a relative path",
        p + ".subPathExpr: Invalid value: \"/../y\": must not contain '..'"}},
  });
}

TEST(ValidateVolumeMounts, PropagationAndRecursiveReadOnly) {
  const std::string p = "spec.containers[0].volumeMounts";
  auto mnt = [](std::optional<std::string> prop, std::optional<std::string> rro, bool ro) {
    return VolumeMount{.name = "abc",
                       .readOnly = ro,
                       .recursiveReadOnly = rro,
                       .mountPath = "/a",
                       .mountPropagation = prop};
  };
  const std::string kBidi =
      p +
      ".mountPropagation: Forbidden: Bidirectional mount propagation is available only to "
      "privileged containers";
  run_mounts({
      {"none", {mnt("None", std::nullopt, false)}, {}},
      {"host to container", {mnt("HostToContainer", std::nullopt, false)}, {}},
      {"bidirectional privileged", {mnt("Bidirectional", std::nullopt, false)}, {}, {}, true},
      {"bidirectional unprivileged", {mnt("Bidirectional", std::nullopt, false)}, {kBidi}},
      {"bidirectional privileged=false",
       {mnt("Bidirectional", std::nullopt, false)},
       {kBidi},
       {},
       false},
      {"unknown propagation",
       {mnt("Foo", std::nullopt, false)},
       {p + ".mountPropagation: Unsupported value: \"Foo\": supported values: \"Bidirectional\", "
            "\"HostToContainer\", \"None\""}},
      {"rro disabled", {mnt(std::nullopt, "Disabled", false)}, {}},
      {"rro enabled", {mnt("None", "Enabled", true)}, {}},
      {"rro if possible", {mnt(std::nullopt, "IfPossible", true)}, {}},
      {"rro needs readOnly",
       {mnt(std::nullopt, "Enabled", false)},
       {p + ".recursiveReadOnly: Forbidden: may only be specified when readOnly is true"}},
      {"rro needs no propagation",
       {mnt("HostToContainer", "IfPossible", true)},
       {p + ".recursiveReadOnly: Forbidden: may only be specified when mountPropagation is None "
            "or not specified"}},
      {"rro unknown",
       {mnt(std::nullopt, "Foo", true)},
       {p + ".recursiveReadOnly: Unsupported value: \"Foo\": supported values: \"Disabled\", "
            "\"Enabled\", \"IfPossible\""}},
      {"everything at once",
       {{.name = "",
         .readOnly = false,
         .recursiveReadOnly = "Enabled",
         .subPath = "/x",
         .mountPropagation = "Bidirectional"}},
       {p + "[0].name: Required value", p + "[0].name: Not found: \"\"",
        p + "[0].mountPath: Required value",
        p + ".subPath: Invalid value: \"/x\": must be a relative path", kBidi,
        p + ".recursiveReadOnly: Forbidden: may only be specified when readOnly is true",
        p + ".recursiveReadOnly: Forbidden: may only be specified when mountPropagation is None "
            "or not specified"}},
  });
}

TEST(ValidateVolumeMounts, OverlapWithDevices) {
  const std::string p = "spec.containers[0].volumeMounts";
  run_mounts({
      {"same volume as device",
       {{.name = "pvc", .mountPath = "/mnt"}},
       {p + "[0].name: Invalid value: \"pvc\": must not already exist in volumeDevices"},
       {{.name = "pvc", .devicePath = "/dev/x"}}},
      {"same path as device",
       {{.name = "abc", .mountPath = "/dev/x"}},
       {p + "[0].mountPath: Invalid value: \"/dev/x\": must not already exist as a path in "
            "volumeDevices"},
       {{.name = "pvc", .devicePath = "/dev/x"}}},
      // The device map keeps the last path per name (GetVolumeDeviceMap).
      {"only the last path of a device name counts",
       {{.name = "abc", .mountPath = "/dev/a"}},
       {},
       {{.name = "pvc", .devicePath = "/dev/a"}, {.name = "pvc", .devicePath = "/dev/b"}}},
  });
}

// ---- volume devices ----

struct DeviceCase {
  std::string name;
  std::vector<VolumeDevice> devices;
  Strings want;
  std::vector<VolumeMount> mounts = {};
};

void run_devices(const std::vector<DeviceCase>& cases) {
  std::vector<Volume> vols = mount_volumes();
  FieldErrors vol_errs;
  VolumeMap map = validate_volumes(vols, pod_meta(), "spec.volumes", vol_errs);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Container ctr;
    ctr.name = "ctr";
    ctr.volumeDevices = c.devices;
    ctr.volumeMounts = c.mounts;
    FieldErrors errs;
    validate_volume_devices(ctr, map, "spec.containers[0].volumeDevices", errs);
    EXPECT_EQ(texts(errs), c.want);
  }
}

TEST(ValidateVolumeDevices, Rules) {
  const std::string p = "spec.containers[0].volumeDevices";
  run_devices({
      {"valid",
       {{.name = "pvc", .devicePath = "/dev/a"}, {.name = "eph", .devicePath = "dev/b"}},
       {}},
      {"empty name",
       {{.name = "", .devicePath = "/dev/a"}},
       {p + "[0].name: Required value", p + "[0].name: Not found: \"\""}},
      {"not a claim",
       {{.name = "abc", .devicePath = "/dev/a"}},
       {p + "[0].name: Invalid value: \"abc\": can only use volume source type of "
            "PersistentVolumeClaim or Ephemeral for block mode"}},
      {"unknown",
       {{.name = "nope", .devicePath = "/dev/a"}},
       {p + "[0].name: Not found: \"nope\""}},
      {"no path", {{.name = "pvc"}}, {p + "[0].devicePath: Required value"}},
      {"duplicate name and path",
       {{.name = "pvc", .devicePath = "/dev/a"}, {.name = "pvc", .devicePath = "/dev/a"}},
       {p + "[1].name: Invalid value: \"pvc\": must be unique",
        p + "[1].devicePath: Invalid value: \"/dev/a\": must be unique"}},
      {"two empty paths",
       {{.name = "pvc"}, {.name = "eph"}},
       {p + "[0].devicePath: Required value", p + "[1].devicePath: Required value",
        p + "[1].devicePath: Invalid value: \"\": must be unique"}},
      // A path with backsteps is not remembered, so its repeat is not "unique".
      {"backsteps",
       {{.name = "pvc", .devicePath = "/dev/../a"}, {.name = "eph", .devicePath = "/dev/../a"}},
       {p + "[0].devicePath: Invalid value: \"/dev/../a\": can not contain backsteps ('..')",
        p + "[1].devicePath: Invalid value: \"/dev/../a\": can not contain backsteps ('..')"}},
      {"also mounted",
       {{.name = "pvc", .devicePath = "/dev/a"}},
       {p + "[0].name: Invalid value: \"pvc\": must not already exist in volumeMounts"},
       {{.name = "pvc", .mountPath = "/mnt"}}},
      {"path used by a mount",
       {{.name = "pvc", .devicePath = "/mnt"}},
       {p + "[0].devicePath: Invalid value: \"/mnt\": must not already exist as a path in "
            "volumeMounts"},
       {{.name = "abc", .mountPath = "/mnt"}}},
      {"only the last mount path of a name counts",
       {{.name = "pvc", .devicePath = "/a"}},
       {},
       {{.name = "abc", .mountPath = "/a"}, {.name = "abc", .mountPath = "/b"}}},
  });
}

// ---- value rendering ----

TEST(ValidateVolumeValueRendering, NamedStringTypesAreJson) {
  // Values of named string types go through json.Marshal upstream, plain
  // strings through %q.
  run({one("hostPath type",
           [](Volume& v) { v.hostPath = HostPathVolumeSource{.path = "/a", .type = "a<b>&\xff"}; },
           {"spec.volumes[0].hostPath.type: Unsupported value: \"a\\u003cb\\u003e\\u0026\\ufffd\": "
            "supported values: \"\", \"BlockDevice\", \"CharDevice\", \"Directory\", "
            "\"DirectoryOrCreate\", \"File\", \"FileOrCreate\", \"Socket\""}),
       one("plain string",
           [](Volume& v) { v.nfs = NFSVolumeSource{.server = "s", .path = "a<\xff"}; },
           {"spec.volumes[0].nfs.path: Invalid value: \"a<\\xff\": must be an absolute path"}),
       one("json control characters",
           [](Volume& v) {
             v.image =
                 ImageVolumeSource{.reference = "r", .pullPolicy = std::string("\t\x01\b\"", 4)};
           },
           {"spec.volumes[0].image.pullPolicy: Unsupported value: \"\\t\\u0001\\b\\\"\": supported "
            "values: \"Always\", \"IfNotPresent\", \"Never\""})});
}

}  // namespace
}  // namespace podcore::manifest::validation
