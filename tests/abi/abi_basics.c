/* The C ABI without a runtime (no privileges needed): version and feature
 * queries, error codes and names, manifest validation with field errors,
 * defaulting to YAML and JSON, argument checks. */
#include <stdint.h>

#include "check.h"

int check_failures = 0;

static const char kValid[] =
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata:\n"
    "  name: web\n"
    "  labels: {app: web}\n"
    "spec:\n"
    "  containers:\n"
    "  - name: app\n"
    "    image: busybox:1.36\n"
    "    command: [\"sleep\", \"3600\"]\n";

/* Two field errors: a port out of range and a missing image. */
static const char kInvalid[] =
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata:\n"
    "  name: bad\n"
    "spec:\n"
    "  containers:\n"
    "  - name: app\n"
    "    ports:\n"
    "    - containerPort: 70000\n";

static const char kUnknownField[] =
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata:\n"
    "  name: typo\n"
    "spec:\n"
    "  containers:\n"
    "  - name: app\n"
    "    image: busybox\n"
    "    imagePullPolice: Never\n";

static int has_cause(const podcore_error* err, const char* field, const char* reason,
                     const char* message_part) {
  size_t i;
  for (i = 0; i < podcore_error_cause_count(err); ++i)
    if (strcmp(podcore_error_cause_field(err, i), field) == 0 &&
        strcmp(podcore_error_cause_reason(err, i), reason) == 0 &&
        strstr(podcore_error_cause_message(err, i), message_part) != NULL)
      return 1;
  return 0;
}

static void version_and_features(void) {
  int major = -1, minor = -1, patch = -1;
  char expect[32];
  const char* v = podcore_version(&major, &minor, &patch);
  CHECK(major == PODCORE_VERSION_MAJOR);
  CHECK(minor == PODCORE_VERSION_MINOR);
  CHECK(patch == PODCORE_VERSION_PATCH);
  snprintf(expect, sizeof expect, "%d.%d.%d", PODCORE_VERSION_MAJOR, PODCORE_VERSION_MINOR,
           PODCORE_VERSION_PATCH);
  CHECK_STREQ(v, expect);
  CHECK(podcore_version(NULL, NULL, NULL) == v);
  CHECK(podcore_has_feature("watch") == 1);
  CHECK(podcore_has_feature("yaml") == 1);
  CHECK(podcore_has_feature("no-such-feature") == 0);
  CHECK(podcore_has_feature(NULL) == 0);
  /* Exactly one of the two cgroup answers on a host with cgroups. */
  CHECK(podcore_has_feature("cgroup2") + podcore_has_feature("cgroup1") == 1);
}

static void error_codes(void) {
  /* The published numbers never change. */
  CHECK(PODCORE_OK == 0);
  CHECK(PODCORE_ERR_INVALID_ARGUMENT == -1);
  CHECK(PODCORE_ERR_INVALID_MANIFEST == -2);
  CHECK(PODCORE_ERR_NOT_FOUND == -3);
  CHECK(PODCORE_ERR_ALREADY_EXISTS == -4);
  CHECK(PODCORE_ERR_PERMISSION == -5);
  CHECK(PODCORE_ERR_RESOURCE_EXHAUSTED == -6);
  CHECK(PODCORE_ERR_SYSTEM == -7);
  CHECK(PODCORE_ERR_TIMEOUT == -8);
  CHECK(PODCORE_ERR_BUSY == -9);
  CHECK(PODCORE_ERR_UNSUPPORTED == -10);
  CHECK(PODCORE_ERR_INTERNAL == -11);
  CHECK(PODCORE_ERR_INVALID_STATE == -12);
  CHECK_STREQ(podcore_errc_str(PODCORE_OK), "ok");
  CHECK_STREQ(podcore_errc_str(PODCORE_ERR_NOT_FOUND), "not found");
  CHECK_STREQ(podcore_errc_str(PODCORE_ERR_INVALID_MANIFEST), "invalid manifest");
  CHECK_STREQ(podcore_errc_str(12345), "unknown error");
  /* Accessors and frees take NULL. */
  CHECK_STREQ(podcore_error_message(NULL), "");
  CHECK(podcore_error_cause_count(NULL) == 0);
  podcore_error_free(NULL);
  podcore_free(NULL);
  podcore_pod_free(NULL);
  podcore_runtime_close(NULL);
}

static void manifests(void) {
  podcore_error* err = NULL;
  char* warnings = NULL;
  char* text = NULL;

  CHECK_RC(podcore_manifest_validate(&warnings, kValid, &err), PODCORE_OK, &err);
  CHECK(err == NULL);
  CHECK(warnings != NULL);
  podcore_free(warnings);

  CHECK_RC(podcore_manifest_validate(NULL, kInvalid, &err), PODCORE_ERR_INVALID_MANIFEST, &err);
  CHECK(err != NULL);
  if (err) {
    CHECK(podcore_error_code(err) == PODCORE_ERR_INVALID_MANIFEST);
    CHECK_STREQ(podcore_error_stage(err), "manifest.validate");
    CHECK(strstr(podcore_error_message(err), "Pod \"bad\" is invalid") != NULL);
    CHECK(podcore_error_cause_count(err) == 2);
    CHECK(has_cause(err, "spec.containers[0].image", "FieldValueRequired", "Required value"));
    CHECK(has_cause(err, "spec.containers[0].ports[0].containerPort", "FieldValueInvalid",
                    "must be between 1 and 65535, inclusive"));
    CHECK_STREQ(podcore_error_cause_field(err, 99), ""); /* out of range */
    podcore_error_free(err);
    err = NULL;
  }

  /* Strict decoding: an unknown field is an error with its line. */
  CHECK_RC(podcore_manifest_validate(NULL, kUnknownField, &err), PODCORE_ERR_INVALID_MANIFEST,
           &err);
  if (err) {
    CHECK_STREQ(podcore_error_stage(err), "manifest.decode");
    CHECK(podcore_error_cause_count(err) >= 1);
    CHECK(strstr(podcore_error_string(err), "imagePullPolice") != NULL);
    CHECK(podcore_error_cause_line(err, 0) == 9);
    podcore_error_free(err);
    err = NULL;
  }

  /* Defaulting, as the API server stores it. */
  CHECK_RC(podcore_manifest_default(&text, kValid, "team-a", PODCORE_FORMAT_YAML, &err), PODCORE_OK,
           &err);
  if (text) {
    CHECK(strstr(text, "namespace: team-a") != NULL);
    CHECK(strstr(text, "restartPolicy: Always") != NULL);
    CHECK(strstr(text, "terminationGracePeriodSeconds: 30") != NULL);
    CHECK(strstr(text, "imagePullPolicy: IfNotPresent") != NULL);
    podcore_free(text);
    text = NULL;
  }
  CHECK_RC(podcore_manifest_default(&text, kValid, NULL, PODCORE_FORMAT_JSON, &err), PODCORE_OK,
           &err);
  if (text) {
    CHECK(text[0] == '{');
    CHECK(strstr(text, "\"namespace\": \"default\"") != NULL);
    podcore_free(text);
    text = NULL;
  }
  CHECK_RC(podcore_manifest_default(&text, kValid, NULL, 7, &err), PODCORE_ERR_INVALID_ARGUMENT,
           &err);
  CHECK(text == NULL);
  podcore_error_free(err);
  err = NULL;

  /* A rejected manifest through default too. */
  CHECK_RC(podcore_manifest_default(&text, kInvalid, NULL, PODCORE_FORMAT_YAML, &err),
           PODCORE_ERR_INVALID_MANIFEST, &err);
  CHECK(text == NULL);
  podcore_error_free(err);
}

static void arguments(void) {
  podcore_error* err = NULL;
  podcore_runtime_options ro;
  CHECK_RC(podcore_manifest_validate(NULL, NULL, &err), PODCORE_ERR_INVALID_ARGUMENT, &err);
  CHECK(err != NULL && strstr(podcore_error_message(err), "manifest is NULL") != NULL);
  podcore_error_free(err);
  err = NULL;
  CHECK_RC(podcore_runtime_open(NULL, NULL, &err), PODCORE_ERR_INVALID_ARGUMENT, &err);
  podcore_error_free(err);
  err = NULL;
  /* An options struct nobody initialised is refused, not misread. */
  memset(&ro, 0, sizeof ro);
  {
    podcore_runtime* rt = NULL;
    CHECK_RC(podcore_runtime_open(&rt, &ro, &err), PODCORE_ERR_INVALID_ARGUMENT, &err);
    CHECK(rt == NULL);
    podcore_error_free(err);
    err = NULL;
  }
  /* The code without an error object. */
  CHECK(podcore_pod_get(NULL, NULL, NULL, NULL, NULL) == PODCORE_ERR_INVALID_ARGUMENT);
  podcore_runtime_options_init(&ro, sizeof ro);
  CHECK(ro.struct_size == sizeof ro);
  CHECK(ro.state_dir == NULL && ro.log_max_files == 0);
  /* A program built against an older, shorter header: init writes only the
   * size it is given, and says so in struct_size. */
  {
    union {
      podcore_runtime_options o;
      unsigned char bytes[sizeof(podcore_runtime_options) + 16];
    } old;
    const size_t known = offsetof(podcore_runtime_options, network_name);
    size_t i;
    memset(&old, 0xAA, sizeof old);
    podcore_runtime_options_init(&old.o, known);
    CHECK(old.o.struct_size == known);
    CHECK(old.o.state_dir == NULL);
    for (i = known; i < sizeof old.bytes; ++i) CHECK(old.bytes[i] == 0xAA);
    /* Too small to hold struct_size: nothing is written. */
    memset(&old, 0xAA, sizeof old);
    podcore_runtime_options_init(&old.o, 1);
    for (i = 0; i < sizeof old.bytes; ++i) CHECK(old.bytes[i] == 0xAA);
  }
}

int main(void) {
  version_and_features();
  error_codes();
  manifests();
  arguments();
  if (check_failures) {
    fprintf(stderr, "%d check(s) failed\n", check_failures);
    return 1;
  }
  printf("abi_basics: all checks passed\n");
  return 0;
}
