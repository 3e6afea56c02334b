// Encoding: Go field order for JSON, kubectl order for YAML, omitempty as
// encoding/json applies it, and decode(encode(x)) == x.
#include "manifest/encode.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "base/file.hpp"
#include "manifest/admit.hpp"
#include "manifest/decode.hpp"

namespace podcore::manifest {
namespace {

TEST(ManifestEncode, JsonInGoFieldOrderWithOmitempty) {
  Pod p;
  p.kind = "Pod";
  p.apiVersion = "v1";
  p.metadata.name = "x";
  Container c;
  c.name = "c";
  c.ports.push_back({});
  p.spec.containers.push_back(c);
  ResourceFieldSelector sel;
  sel.resource = "limits.cpu";
  EnvVar e;
  e.name = "E";
  e.valueFrom.emplace().resourceFieldRef = sel;
  p.spec.containers[0].env.push_back(e);
  EXPECT_EQ(to_json_compact(pod_to_value(p)),
            R"({"kind":"Pod","apiVersion":"v1","metadata":{"name":"x","creationTimestamp":null},)"
            R"("spec":{"containers":[{"name":"c","ports":[{"containerPort":0}],"env":[{"name":"E",)"
            R"("valueFrom":{"resourceFieldRef":{"resource":"limits.cpu","divisor":"0"}}}],)"
            R"("resources":{}}]},"status":{}})");
}

TEST(ManifestEncode, RoundTripsEveryFixtureThroughYamlAndJson) {
  int pods = 0;
  for (const char* dir :
       {PODCORE_SOURCE_DIR "/tests/data/k8s-docs", PODCORE_SOURCE_DIR "/examples"}) {
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      auto ext = e.path().extension();
      if (ext != ".yaml" && ext != ".yml") continue;
      auto text = read_file(e.path().string());
      ASSERT_TRUE(text);
      auto objs = decode_manifests(*text, FieldValidation::kStrict);
      ASSERT_TRUE(objs) << e.path();
      for (auto& obj : *objs) {
        ASSERT_TRUE(obj.pod) << e.path() << ": " << obj.pod.error().message;
        auto stored = prepare_pod_for_create(std::move(*obj.pod), CreateOptions{}, nullptr);
        ASSERT_TRUE(stored) << e.path() << ": " << stored.error().message;
        auto from_yaml = decode_pod(pod_to_yaml(*stored));
        ASSERT_TRUE(from_yaml) << e.path();
        EXPECT_EQ(*from_yaml, *stored) << e.path();
        auto from_json = decode_pod(pod_to_json(*stored));
        ASSERT_TRUE(from_json) << e.path();
        EXPECT_EQ(*from_json, *stored) << e.path();
        ++pods;
      }
    }
  }
  EXPECT_GE(pods, 50);
}

// What the fuzzer found (tests/data/fuzz-regressions), checked the way the fuzz target checks
// every input: JSON, the stored form, reads back to the same object; YAML, kubectl's printed
// form, is lossy exactly where kubectl is (a raw NEL, here from a "\N" escape, folds to a space
// when go-yaml reads the JSON back) and printing what it reads back gives the same text.
TEST(ManifestEncode, FuzzRegressionsRoundTripAsTheFuzzTargetChecks) {
  int pods = 0;
  for (const auto& e :
       std::filesystem::directory_iterator(PODCORE_SOURCE_DIR "/tests/data/fuzz-regressions")) {
    auto text = read_file(e.path().string());
    ASSERT_TRUE(text);
    auto objs = decode_manifests(*text, FieldValidation::kStrict);
    if (!objs) continue;
    for (auto& obj : *objs) {
      if (!obj.pod) continue;
      auto stored = prepare_pod_for_create(std::move(*obj.pod), CreateOptions{}, nullptr);
      if (!stored) continue;
      auto from_json = decode_pod(pod_to_json(*stored));
      ASSERT_TRUE(from_json) << e.path();
      EXPECT_EQ(*from_json, *stored) << e.path();
      const std::string yaml = pod_to_yaml(*stored);
      auto from_yaml = decode_pod(yaml);
      ASSERT_TRUE(from_yaml) << e.path();
      EXPECT_EQ(pod_to_yaml(*from_yaml), yaml) << e.path();
      ++pods;
    }
  }
  EXPECT_GE(pods, 1);

  auto nel = decode_pod(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: nel}\n"
      "spec: {containers: [{name: c, image: busybox, args: [\"a\\Nb\"]}]}\n");
  ASSERT_TRUE(nel) << nel.error().message;
  EXPECT_EQ(nel->spec.containers[0].args[0],
            "a\xC2\x85"
            "b");
  EXPECT_EQ(decode_pod(pod_to_json(*nel))->spec.containers[0].args[0],
            "a\xC2\x85"
            "b");
  EXPECT_EQ(decode_pod(pod_to_yaml(*nel))->spec.containers[0].args[0], "a b") << "as kubectl";
}

}  // namespace
}  // namespace podcore::manifest
