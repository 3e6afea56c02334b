// podctl apply --dry-run end to end: the real binary, real files and stdin,
// checking exit codes, stdout and stderr as kubectl users see them.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "base/file.hpp"
#include "manifest/decode.hpp"

namespace {

namespace fs = std::filesystem;

struct CliRun {
  int code = -1;
  std::string out, err;
};

class PodctlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = fs::temp_directory_path() / "podctl-test-XXXXXX";
    dir_ = ::mkdtemp(tmpl.data());
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    std::string p = dir_ + "/" + name;
    fs::create_directories(fs::path(p).parent_path());
    EXPECT_TRUE(podcore::write_file_atomic(p, text));
    return p;
  }

  // Runs podctl with `args` (shell words, already quoted), stdin from `input`.
  CliRun podctl(const std::string& args, const std::string& input = "") {
    std::string in = write("stdin.txt", input);
    std::string cmd = std::string(PODCTL_PATH) + " " + args + " <" + in + " >" + dir_ +
                      "/out.txt 2>" + dir_ + "/err.txt";
    CliRun r;
    int status = std::system(cmd.c_str());
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = podcore::read_file(dir_ + "/out.txt").value_or("");
    r.err = podcore::read_file(dir_ + "/err.txt").value_or("");
    return r;
  }

  std::string dir_;
};

const char* kHello =
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: hello-pod\n  labels:\n    zone: prod\n"
    "    version: v1\nspec:\n  containers:\n  - name: hello-ctr\n    image: busybox:1.36\n"
    "    ports:\n    - containerPort: 8080\n";

TEST_F(PodctlTest, DryRunYamlPrintsTheStoredObject) {
  CliRun r = podctl("apply --dry-run -o yaml -f " + write("pod.yml", kHello));
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  // The whole document is what the API server stores, in kubectl's layout.
  auto pod = podcore::manifest::decode_pod(r.out);
  ASSERT_TRUE(pod) << pod.error().to_string() << "\n" << r.out;
  EXPECT_EQ(pod->metadata.namespace_, "default");
  EXPECT_EQ(pod->metadata.generation, 1);
  EXPECT_EQ(pod->metadata.uid.size(), 36u);
  EXPECT_FALSE(pod->metadata.creationTimestamp.empty());
  EXPECT_EQ(pod->status.phase, "Pending");
  EXPECT_EQ(pod->status.qosClass, "BestEffort");
  EXPECT_NE(r.out.find("spec:\n  containers:\n  - image: busybox:1.36\n"
                       "    imagePullPolicy: IfNotPresent\n    name: hello-ctr\n    ports:\n"
                       "    - containerPort: 8080\n      protocol: TCP\n    resources: {}\n"
                       "    terminationMessagePath: /dev/termination-log\n"
                       "    terminationMessagePolicy: File\n  dnsPolicy: ClusterFirst\n"
                       "  enableServiceLinks: true\n  restartPolicy: Always\n"
                       "  schedulerName: default-scheduler\n  securityContext: {}\n"
                       "  terminationGracePeriodSeconds: 30\nstatus:\n  phase: Pending\n"
                       "  qosClass: BestEffort\n"),
            std::string::npos)
      << r.out;
}

TEST_F(PodctlTest, DryRunWithoutOutputAndFromStdinAndNamespace) {
  CliRun r = podctl("apply --dry-run -f -", kHello);
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out, "pod/hello-pod created (server dry run)\n");
  CliRun json = podctl("apply --dry-run -f - -n team-a -o json", kHello);
  EXPECT_EQ(json.code, 0);
  EXPECT_NE(json.out.find("\"namespace\": \"team-a\""), std::string::npos);
  EXPECT_TRUE(json.out.starts_with("{\n    \"apiVersion\": \"v1\",\n    \"kind\": \"Pod\",\n"));
  CliRun clash = podctl("apply --dry-run -f - -n other",
                        std::string(kHello).replace(35, 0, "  namespace: mine\n"));
  EXPECT_EQ(clash.code, 1);
  EXPECT_NE(clash.err.find("the namespace from the provided object \"mine\" does not match the "
                           "namespace \"other\""),
            std::string::npos)
      << clash.err;
}

TEST_F(PodctlTest, InvalidManifestGivesApiServerTextAndStatus) {
  std::string bad = write("bad.yml",
                          "apiVersion: v1\nkind: Pod\nmetadata:\n  name: hello-pod\nspec:\n"
                          "  restartPolicy: Sometimes\n  containers:\n  - name: hello-ctr\n");
  CliRun r = podctl("apply --dry-run -f " + bad);
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "The Pod \"hello-pod\" is invalid: \n"
            "* spec.containers[0].image: Required value\n"
            "* spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: "
            "\"Always\", \"OnFailure\", \"Never\"\n");
  CliRun y = podctl("apply --dry-run -o yaml -f " + bad);
  EXPECT_EQ(y.code, 1);
  // Long strings fold at 80 columns as go-yaml folds them.
  EXPECT_EQ(y.out,
            "apiVersion: v1\ncode: 422\ndetails:\n  causes:\n  - field: spec.containers[0].image\n"
            "    message: Required value\n    reason: FieldValueRequired\n"
            "  - field: spec.restartPolicy\n    message: 'Unsupported value: \"Sometimes\": "
            "supported values: \"Always\", \"OnFailure\",\n      \"Never\"'\n"
            "    reason: FieldValueNotSupported\n  kind: Pod\n  name: hello-pod\nkind: Status\n"
            "message: 'Pod \"hello-pod\" is invalid: [spec.containers[0].image: Required value, "
            "spec.restartPolicy:\n  Unsupported value: \"Sometimes\": supported values: "
            "\"Always\", \"OnFailure\", \"Never\"]'\nmetadata: {}\nreason: Invalid\n"
            "status: Failure\n");
  CliRun one = podctl("apply --dry-run -f -",
                      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n"
                      "  - name: c\n");
  EXPECT_EQ(one.err, "The Pod \"p\" is invalid: spec.containers[0].image: Required value\n");
}

TEST_F(PodctlTest, DecodeErrorsAreBadRequestWithPositions) {
  std::string f = write("typo.yml", std::string(kHello) + "    imagePullPolicyy: Always\n");
  CliRun r = podctl("apply --dry-run -f " + f);
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err, "Error from server (BadRequest): error when creating \"" + f +
                       "\": Pod in version \"v1\" cannot be handled as a Pod: strict decoding "
                       "error: unknown field \"spec.containers[0].imagePullPolicyy\"\n  " +
                       f + ":14:5: unknown field \"spec.containers[0].imagePullPolicyy\"\n");
  CliRun j = podctl("apply --dry-run -o json -f " + f);
  EXPECT_EQ(j.code, 1);
  EXPECT_NE(j.out.find("\"reason\": \"BadRequest\""), std::string::npos) << j.out;
  EXPECT_NE(j.out.find("\"code\": 400"), std::string::npos);
  CliRun warn = podctl("apply --dry-run --validate=warn -f " + f);
  EXPECT_EQ(warn.code, 0);
  EXPECT_EQ(warn.err, "Warning: unknown field \"spec.containers[0].imagePullPolicyy\"\n");
  CliRun syntax = podctl("apply --dry-run -f -", "a: [b\n");
  EXPECT_EQ(syntax.code, 1);
  EXPECT_TRUE(
      syntax.err.starts_with("error: error parsing STDIN: error converting YAML to JSON: "
                             "yaml: line "))
      << syntax.err;
}

TEST_F(PodctlTest, WarningsDirectoriesAndLists) {
  write("d/a.yaml", kHello);
  write("d/b.json",
        R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"b"},"spec":{"containers":)"
        R"([{"name":"c","image":"x","ports":[{"containerPort":80},{"containerPort":80}]}]}})");
  write("d/ignored.txt", "not a manifest");
  CliRun r = podctl("apply --dry-run -f " + dir_ + "/d");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "pod/hello-pod created (server dry run)\npod/b created (server dry run)\n");
  EXPECT_EQ(r.err,
            "Warning: spec.containers[0].ports[1]: duplicate port definition with "
            "spec.containers[0].ports[0]\n");
  CliRun list = podctl("apply --dry-run -o yaml -f " + dir_ + "/d");
  EXPECT_TRUE(list.out.starts_with("apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Pod\n"))
      << list.out;
  EXPECT_NE(list.out.find("\nkind: List\nmetadata: {}\n"), std::string::npos);
}

TEST_F(PodctlTest, UsageErrors) {
  EXPECT_EQ(podctl("apply --dry-run").code, 1);
  CliRun missing = podctl("apply --dry-run -f /nonexistent-podctl.yaml");
  EXPECT_EQ(missing.code, 1);
  EXPECT_EQ(missing.err,
            "error: podctl.read: the path \"/nonexistent-podctl.yaml\" does not exist\n");
  EXPECT_EQ(podctl("apply --dry-run -o wide -f -", kHello).code, 1);
  // (apply without --dry-run creates pods: the e2e tests cover it in a
  // private state directory, never here.)
  CliRun v = podctl("version");
  EXPECT_EQ(v.code, 0);
  EXPECT_TRUE(v.out.starts_with("libpod-core version ")) << v.out;
}

// Every Pod manifest from the Kubernetes documentation is accepted, and what
// we print decodes back to the very same object.
TEST_F(PodctlTest, KubernetesDocsExamplesAreAcceptedAndRoundTrip) {
  int files = 0;
  for (const auto& e : fs::directory_iterator(PODCORE_SOURCE_DIR "/tests/data/k8s-docs")) {
    if (e.path().extension() != ".yaml") continue;
    ++files;
    CliRun r = podctl("apply --dry-run -o yaml -f " + e.path().string());
    EXPECT_EQ(r.code, 0) << e.path() << "\n" << r.err;
    auto again =
        podcore::manifest::decode_manifests(r.out, podcore::manifest::FieldValidation::kStrict);
    ASSERT_TRUE(again) << e.path();
    for (auto& obj : *again) EXPECT_TRUE(obj.pod) << e.path() << ": " << obj.pod.error().message;
  }
  EXPECT_GE(files, 50);
}

}  // namespace
