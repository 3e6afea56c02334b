/* A consumer of the installed (or add_subdirectory'd) podcore, in C11
 * through podcore.h only: create a pod, wait for Running, exec, delete.
 *
 *   consumer_c STATE_DIR BRIDGE SUBNET CGROUP_PARENT NETWORK POD_NAME
 *
 * Prints "uid=<uid>" and "ok"; exit 75 when the subnet is taken by another
 * test ("overlaps": the runner retries with another), 1 on any other failure. */
#include <podcore/podcore.h>
#include <stdio.h>
#include <string.h>

static int fail(const char* what, podcore_error* err) {
  fprintf(stderr, "%s: %s\n", what, err ? podcore_error_string(err) : "failed");
  podcore_error_free(err);
  return 1;
}

int main(int argc, char** argv) {
  podcore_runtime_options o;
  podcore_runtime* rt = NULL;
  podcore_error* err = NULL;
  podcore_pod* pod = NULL;
  podcore_exec_result* res = NULL;
  podcore_delete_options d;
  char manifest[512];
  char expected[128];
  const char* exec_argv[] = {"cat", "/etc/hostname", NULL};
  const char* out;
  int rc = 1;

  if (argc != 7) {
    fprintf(stderr, "usage: %s STATE_DIR BRIDGE SUBNET CGROUP_PARENT NETWORK POD\n", argv[0]);
    return 2;
  }
  podcore_runtime_options_init(&o, sizeof o);
  o.state_dir = argv[1];
  o.bridge = argv[2];
  o.subnet = argv[3];
  o.cgroup_parent = argv[4];
  o.network_name = argv[5];
  if (podcore_runtime_open(&rt, &o, &err) != PODCORE_OK) return fail("open", err);

  snprintf(manifest, sizeof manifest,
           "apiVersion: v1\nkind: Pod\nmetadata:\n  name: %s\nspec:\n"
           "  terminationGracePeriodSeconds: 1\n  containers:\n  - name: app\n"
           "    image: busybox:1.36\n    command: [\"sleep\", \"3600\"]\n",
           argv[6]);
  if (podcore_pod_create(NULL, rt, manifest, NULL, &err) != PODCORE_OK) {
    rc = strstr(podcore_error_string(err), "overlaps") ? 75 : 1;
    fail("create", err);
    goto out;
  }
  if (podcore_pod_wait(&pod, rt, "default", argv[6], "Running", 60000, &err) != PODCORE_OK) {
    fail("wait", err);
    goto out;
  }
  if (podcore_pod_phase(pod) != PODCORE_PHASE_RUNNING) {
    fprintf(stderr, "phase %s\n", podcore_pod_phase_name(pod));
    goto out;
  }
  printf("uid=%s\n", podcore_pod_uid(pod));

  if (podcore_pod_exec(&res, rt, "default", argv[6], exec_argv, NULL, &err) != PODCORE_OK) {
    fail("exec", err);
    goto out;
  }
  out = podcore_exec_result_stdout(res, NULL);
  snprintf(expected, sizeof expected, "%s\n", argv[6]);
  if (podcore_exec_result_exit_code(res) != 0 || strcmp(out, expected) != 0) {
    fprintf(stderr, "exec: exit %d, stdout '%s'\n", podcore_exec_result_exit_code(res), out);
    goto out;
  }

  podcore_delete_options_init(&d, sizeof d);
  d.grace_seconds = 0;
  if (podcore_pod_delete(rt, "default", argv[6], &d, &err) != PODCORE_OK) {
    fail("delete", err);
    goto out;
  }
  podcore_pod_free(pod);
  pod = NULL;
  if (podcore_pod_get(&pod, rt, "default", argv[6], NULL) != PODCORE_ERR_NOT_FOUND) {
    fprintf(stderr, "the pod is still there after delete\n");
    goto out;
  }
  printf("ok\n");
  rc = 0;
out:
  podcore_exec_result_free(res);
  podcore_pod_free(pod);
  podcore_runtime_close(rt);
  return rc;
}
