// podcore.hpp without pods (no privileges): version and features, manifest
// validation and defaulting, the full error object in podcore::error and in
// the try_ forms, std::error_code, and result<T>.
#include <gtest/gtest.h>

#include <podcore/podcore.hpp>
#include <string>

namespace {

const char* kGood =
    "apiVersion: v1\nkind: Pod\nmetadata: {name: hello}\nspec:\n  containers:\n"
    "  - {name: app, image: busybox:1.36, command: [sleep, '3600']}\n";
const char* kBad =
    "apiVersion: v1\nkind: Pod\nmetadata: {name: Bad_Name}\nspec:\n  containers:\n"
    "  - name: app\n    ports: [{containerPort: 70000}]\n";

TEST(Hpp, VersionIsTheHeadersMajor) {
  podcore::version_info v = podcore::version();
  EXPECT_EQ(v.major, PODCORE_VERSION_MAJOR);
  EXPECT_EQ(v.text, std::to_string(v.major) + "." + std::to_string(v.minor) + "." +
                        std::to_string(v.patch));
  EXPECT_TRUE(podcore::has_feature("json"));
  EXPECT_FALSE(podcore::has_feature("no-such-feature"));
}

TEST(Hpp, AValidManifestValidatesAndDefaults) {
  EXPECT_NO_THROW(podcore::validate_manifest(kGood));
  const std::string json = podcore::default_manifest(kGood, "team-a", podcore::format::json);
  EXPECT_NE(json.find("\"namespace\": \"team-a\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"terminationMessagePath\": \"/dev/termination-log\""), std::string::npos);
}

TEST(Hpp, AnInvalidManifestThrowsTheWholeErrorObject) {
  try {
    podcore::validate_manifest(kBad);
    FAIL() << "no error";
  } catch (const podcore::error& e) {
    EXPECT_EQ(e.code(), podcore::errc::invalid_manifest);
    EXPECT_EQ(e.error_code(), podcore::errc::invalid_manifest);
    EXPECT_EQ(e.error_code().category().name(), std::string("podcore"));
    EXPECT_EQ(e.error_code().message(), "invalid manifest");
    EXPECT_NE(std::string(e.what()).find("Bad_Name"), std::string::npos) << e.what();
    bool image = false, port = false;
    for (const auto& f : e.field_errors()) {
      if (f.field == "spec.containers[0].image") image = f.reason == "FieldValueRequired";
      if (f.field == "spec.containers[0].ports[0].containerPort")
        port = f.message.find("must be between 1 and 65535") != std::string::npos;
    }
    EXPECT_TRUE(image && port) << e.what();
  }
}

TEST(Hpp, TryFormsReturnTheErrorInsteadOfThrowing) {
  podcore::result<std::vector<std::string>> r = podcore::try_validate_manifest(kBad);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.code(), podcore::errc::invalid_manifest);
  EXPECT_FALSE(r.error().field_errors.empty());
  EXPECT_THROW(r.value(), podcore::error);
  auto ok = podcore::try_validate_manifest(kGood);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok.code(), podcore::errc::ok);
}

TEST(Hpp, ASyntaxErrorNamesTheDecodeStage) {
  auto r = podcore::try_validate_manifest("apiVersion: v1\nkind: Pod\nmetadata: {name: x\n");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().stage, "manifest.decode");
}

}  // namespace
