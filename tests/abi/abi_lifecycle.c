/* A pod's whole life driven through the C ABI alone (label e2e, needs
 * root): runtime open with a private state directory, bridge, subnet and
 * cgroup parent; images; a rejected manifest; create with wait; status
 * accessors; exec; logs; events; stats; watch; delete; and a check that
 * nothing of the pod is left. Cleans its world up even when a check fails. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

int check_failures = 0;

/* The private world. */
static char g_dir[64];
static char g_state[128];
static char g_network[32];
static char g_bridge[IFNAMSIZ];
static char g_subnet[32];
static char g_cgroup_parent[64];

static void random_hex(char* out, size_t n) {
  unsigned char b[16];
  size_t i;
  int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0 || read(fd, b, sizeof b) != (ssize_t)sizeof b) abort();
  close(fd);
  for (i = 0; i < n && i < sizeof b; ++i) out[i] = "0123456789abcdef"[b[i] % 16];
  out[i] = '\0';
}

/* The whole of a regular file, NUL-terminated (free it); NULL otherwise. */
static char* read_text(const char* path) {
  struct stat st;
  char* buf;
  size_t n;
  FILE* f;
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) return NULL;
  f = fopen(path, "rb");
  if (!f) return NULL;
  /* sysfs files report 4096 bytes whatever they hold: read up to that. */
  buf = malloc((size_t)st.st_size + 4097);
  if (!buf) {
    fclose(f);
    return NULL;
  }
  n = fread(buf, 1, (size_t)st.st_size + 4096, f);
  buf[n] = '\0';
  fclose(f);
  return buf;
}

static int64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---------------------------------------------------- cleanup helpers */

/* Deletes our bridge with the bridge ioctls (down first). */
static void delete_bridge(const char* name) {
  struct ifreq ifr;
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  memset(&ifr, 0, sizeof ifr);
  snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", name);
  if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
    ifr.ifr_flags &= ~IFF_UP;
    (void)ioctl(fd, SIOCSIFFLAGS, &ifr);
    (void)ioctl(fd, SIOCBRDELBR, name);
  }
  close(fd);
}

static int rmdir_cb(const char* path, const struct stat* st, int flag, struct FTW* ftw) {
  (void)st;
  (void)ftw;
  if (flag == FTW_DP) rmdir(path);
  return 0;
}

static int rm_cb(const char* path, const struct stat* st, int flag, struct FTW* ftw) {
  (void)st;
  (void)ftw;
  if (flag == FTW_DP)
    rmdir(path);
  else
    unlink(path);
  return 0;
}

/* Unmounts everything mounted under `root` (namespace pins, overlays). */
static void unmount_under(const char* root) {
  for (int round = 0; round < 8; ++round) {
    char line[4096];
    int found = 0;
    FILE* f = fopen("/proc/self/mountinfo", "r");
    if (!f) return;
    while (fgets(line, sizeof line, f)) {
      char mp[2048];
      if (sscanf(line, "%*s %*s %*s %*s %2047s", mp) == 1 && strncmp(mp, root, strlen(root)) == 0) {
        umount2(mp, MNT_DETACH);
        found = 1;
      }
    }
    fclose(f);
    if (!found) return;
  }
}

/* Calls fn(path) for <root>/<parent> in the unified hierarchy and in every
 * v1 hierarchy mounted under /sys/fs/cgroup. */
static void for_each_cgroup_parent(void (*fn)(const char* path)) {
  char path[512];
  DIR* d = opendir("/sys/fs/cgroup");
  struct dirent* e;
  snprintf(path, sizeof path, "/sys/fs/cgroup/%s", g_cgroup_parent);
  fn(path);
  if (!d) return;
  while ((e = readdir(d)) != NULL) {
    if (e->d_name[0] == '.') continue;
    snprintf(path, sizeof path, "/sys/fs/cgroup/%s/%s", e->d_name, g_cgroup_parent);
    fn(path);
  }
  closedir(d);
}

static void remove_cgroup_tree(const char* path) {
  nftw(path, rmdir_cb, 16, FTW_DEPTH | FTW_PHYS);
}

static void cleanup_world(void) {
  delete_bridge(g_bridge);
  for_each_cgroup_parent(remove_cgroup_tree);
  if (*g_dir) {
    unmount_under(g_dir);
    nftw(g_dir, rm_cb, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
  }
}

/* ------------------------------------------------------- leak check */

/* Whether any interface's alias names the pod (our veths carry
 * "podcore:<network>:<uid>"). */
static int veth_left(const char* uid) {
  int left = 0;
  for (int attempt = 0; attempt < 300; ++attempt) {
    DIR* d = opendir("/sys/class/net");
    struct dirent* e;
    left = 0;
    if (!d) return 0;
    while ((e = readdir(d)) != NULL) {
      char path[512];
      char* alias;
      if (e->d_name[0] == '.') continue;
      snprintf(path, sizeof path, "/sys/class/net/%s/ifalias", e->d_name);
      alias = read_text(path);
      if (alias && strstr(alias, uid)) left = 1;
      free(alias);
    }
    closedir(d);
    /* The kernel removes the pair with the namespace, in deferred cleanup. */
    if (!left) return 0;
    usleep(10000);
  }
  return left;
}

static const char* g_leak_uid;
static int g_leaks;

static int leak_cb(const char* path, const struct stat* st, int flag, struct FTW* ftw) {
  (void)st;
  (void)ftw;
  if (flag == FTW_D && strstr(path, g_leak_uid)) {
    fprintf(stderr, "leak: cgroup %s\n", path);
    ++g_leaks;
  }
  return 0;
}

static void find_cgroup_leaks(const char* path) {
  nftw(path, leak_cb, 16, FTW_PHYS);
}

static int leaks(const char* uid) {
  char path[512];
  struct stat st;
  DIR* d;
  g_leaks = 0;
  g_leak_uid = uid;
  snprintf(path, sizeof path, "%s/pods/%s", g_state, uid);
  if (stat(path, &st) == 0) {
    fprintf(stderr, "leak: pod dir %s\n", path);
    ++g_leaks;
  }
  if (veth_left(uid)) {
    fprintf(stderr, "leak: veth of %s\n", uid);
    ++g_leaks;
  }
  snprintf(path, sizeof path, "%s/ipam/%s", g_state, g_network);
  if ((d = opendir(path)) != NULL) {
    struct dirent* e;
    while ((e = readdir(d)) != NULL) {
      char file[1024];
      char* text;
      if (e->d_name[0] == '.') continue;
      snprintf(file, sizeof file, "%s/%s", path, e->d_name);
      text = read_text(file);
      if (text && strstr(text, uid)) {
        fprintf(stderr, "leak: lease %s\n", file);
        ++g_leaks;
      }
      free(text);
    }
    closedir(d);
  }
  for_each_cgroup_parent(find_cgroup_leaks);
  return g_leaks;
}

/* ------------------------------------------------------------ callbacks */

struct follow_state {
  int calls;
  int saw_hello;
};

static int on_log(void* user, const char* data, size_t len) {
  struct follow_state* s = user;
  char buf[512];
  size_t n = len < sizeof buf - 1 ? len : sizeof buf - 1;
  memcpy(buf, data, n);
  buf[n] = '\0';
  ++s->calls;
  if (strstr(buf, "Hello from libpod-core")) s->saw_hello = 1;
  return 1; /* stop: the container runs forever */
}

struct watch_state {
  int added_hello;
  int events;
};

static int on_watch(void* user, int type, const podcore_pod* pod) {
  struct watch_state* s = user;
  ++s->events;
  if (type == PODCORE_WATCH_ADDED && strcmp(podcore_pod_name(pod), "hello-pod") == 0) {
    s->added_hello = 1;
    return 1;
  }
  return 0;
}

/* ------------------------------------------------------------ threads */

/* One runtime handle used from several threads at once (podcore.h says it
 * is safe): each thread reads the pod and lists pods repeatedly. */
struct reader {
  podcore_runtime* rt;
  int failures;
};

static void* read_loop(void* arg) {
  struct reader* r = arg;
  for (int i = 0; i < 50; ++i) {
    podcore_pod* pod = NULL;
    podcore_pod_list* list = NULL;
    podcore_error* err = NULL;
    if (podcore_pod_get(&pod, r->rt, NULL, "hello-pod", &err) != PODCORE_OK ||
        podcore_pod_phase(pod) != PODCORE_PHASE_RUNNING)
      ++r->failures;
    podcore_pod_free(pod);
    podcore_error_free(err);
    err = NULL;
    if (podcore_pods_list(&list, r->rt, NULL, NULL, &err) != PODCORE_OK ||
        podcore_pod_list_count(list) != 1)
      ++r->failures;
    podcore_pod_list_free(list);
    podcore_error_free(err);
  }
  return NULL;
}

static void concurrent_reads(podcore_runtime* rt) {
  pthread_t t[4];
  struct reader r[4];
  int started = 0;
  for (int i = 0; i < 4; ++i) {
    r[i].rt = rt;
    r[i].failures = 0;
    if (pthread_create(&t[i], NULL, read_loop, &r[i]) == 0) ++started;
  }
  CHECK(started == 4);
  for (int i = 0; i < started; ++i) {
    pthread_join(t[i], NULL);
    CHECK(r[i].failures == 0);
  }
}

/* ------------------------------------------------------------------ test */

static const char kInvalid[] =
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: broken}\n"
    "spec:\n"
    "  restartPolicy: Sometimes\n"
    "  containers:\n"
    "  - name: app\n"
    "    image: busybox:1.36\n";

static const char kSleeper[] =
    "apiVersion: v1\n"
    "kind: Pod\n"
    "metadata: {name: abi-bg, namespace: abi-ns, labels: {zone: test}}\n"
    "spec:\n"
    "  terminationGracePeriodSeconds: 0\n"
    "  containers:\n"
    "  - name: sleeper\n"
    "    image: busybox:1.36\n"
    "    command: [\"sleep\", \"3600\"]\n";

static int open_runtime(podcore_runtime** rt, podcore_error** err) {
  podcore_runtime_options ro;
  podcore_runtime_options_init(&ro, sizeof ro);
  ro.state_dir = g_state;
  ro.network_name = g_network;
  ro.bridge = g_bridge;
  ro.subnet = g_subnet;
  ro.cgroup_parent = g_cgroup_parent;
  ro.monitor_path = PODCORE_MONITOR_PATH;
  ro.log_max_files = 3;
  return podcore_runtime_open(rt, &ro, err);
}

static void images(podcore_runtime* rt) {
  podcore_error* err = NULL;
  podcore_image_list* list = NULL;
  podcore_image_import_options io;
  const char* cmd[] = {"sh", NULL};
  char src[256], file[300];
  char* id = NULL;
  size_t i;
  int have_busybox = 0, have_tiny = 0;
  FILE* f;

  CHECK_RC(podcore_images_list(&list, rt, &err), PODCORE_OK, &err);
  for (i = 0; i < podcore_image_list_count(list); ++i)
    if (strcmp(podcore_image_list_reference(list, i), "docker.io/library/busybox:1.36") == 0) {
      have_busybox = 1;
      CHECK(strncmp(podcore_image_list_id(list, i), "sha256:", 7) == 0);
      CHECK(podcore_image_list_size(list, i) > 100000);
      CHECK_STREQ(podcore_image_list_tag(list, i), "1.36");
    }
  CHECK(have_busybox);
  podcore_image_list_free(list);
  list = NULL;

  /* Import a tiny root filesystem, find it, remove it. */
  snprintf(src, sizeof src, "%s/tiny", g_dir);
  mkdir(src, 0755);
  snprintf(file, sizeof file, "%s/hello.txt", src);
  f = fopen(file, "w");
  if (f) {
    fputs("hello\n", f);
    fclose(f);
  }
  podcore_image_import_options_init(&io, sizeof io);
  io.cmd = cmd;
  CHECK_RC(podcore_image_import(&id, rt, "abi-test/tiny:1", src, &io, &err), PODCORE_OK, &err);
  CHECK(id != NULL && strncmp(id, "sha256:", 7) == 0);
  CHECK_RC(podcore_images_list(&list, rt, &err), PODCORE_OK, &err);
  for (i = 0; i < podcore_image_list_count(list); ++i)
    if (strcmp(podcore_image_list_reference(list, i), "docker.io/abi-test/tiny:1") == 0) {
      have_tiny = 1;
      CHECK_STREQ(podcore_image_list_id(list, i), id ? id : "");
      CHECK_STREQ(podcore_image_list_repository(list, i), "docker.io/abi-test/tiny");
    }
  CHECK(have_tiny);
  podcore_image_list_free(list);
  podcore_free(id);
  CHECK_RC(podcore_image_remove(rt, "abi-test/tiny:1", &err), PODCORE_OK, &err);
  CHECK_RC(podcore_image_remove(rt, "abi-test/tiny:1", &err), PODCORE_ERR_NOT_FOUND, &err);
  podcore_error_free(err);
  err = NULL;
  CHECK_RC(podcore_image_import(NULL, rt, "abi-test/none:1", "/nonexistent/abi", NULL, &err),
           PODCORE_ERR_NOT_FOUND, &err);
  podcore_error_free(err);
}

static void status_accessors(const podcore_pod* pod) {
  const podcore_container* c;
  size_t i;
  int ready_cond = 0;
  CHECK_STREQ(podcore_pod_name(pod), "hello-pod");
  CHECK_STREQ(podcore_pod_namespace(pod), "default");
  CHECK(strlen(podcore_pod_uid(pod)) == 36);
  CHECK_STREQ(podcore_pod_label(pod, "zone"), "prod");
  CHECK(podcore_pod_label(pod, "nope") == NULL);
  CHECK(podcore_pod_phase(pod) == PODCORE_PHASE_RUNNING);
  CHECK_STREQ(podcore_pod_phase_name(pod), "Running");
  CHECK(podcore_pod_is_ready(pod) == 1);
  CHECK(strncmp(podcore_pod_ip(pod), "10.199.", 7) == 0);
  CHECK(podcore_pod_ip_count(pod) == 1);
  CHECK_STREQ(podcore_pod_ip_at(pod, 0), podcore_pod_ip(pod));
  CHECK_STREQ(podcore_pod_ip_at(pod, 5), "");
  CHECK(podcore_pod_qos_class(pod) == PODCORE_QOS_BEST_EFFORT);
  CHECK(podcore_pod_start_time(pod) > 0);
  CHECK(podcore_pod_condition_count(pod) >= 4);
  for (i = 0; i < podcore_pod_condition_count(pod); ++i)
    if (strcmp(podcore_pod_condition_type(pod, i), "Ready") == 0) {
      ready_cond = 1;
      CHECK_STREQ(podcore_pod_condition_status(pod, i), "True");
    }
  CHECK(ready_cond);
  CHECK(podcore_pod_container_count(pod) == 1);
  CHECK(podcore_pod_init_container_count(pod) == 0);
  CHECK(podcore_pod_container_at(pod, 1) == NULL);
  c = podcore_pod_container_at(pod, 0);
  CHECK(c != NULL);
  if (!c) return;
  CHECK(c == podcore_pod_container_by_name(pod, "hello-ctr"));
  CHECK_STREQ(podcore_container_name(c), "hello-ctr");
  CHECK(podcore_container_state_of(c) == PODCORE_CONTAINER_RUNNING);
  CHECK_STREQ(podcore_container_reason(c), "");
  CHECK(podcore_container_exit_code(c) == -1);
  CHECK(podcore_container_restart_count(c) == 0);
  CHECK(podcore_container_ready(c) == 1);
  CHECK_STREQ(podcore_container_image(c), "busybox:1.36");
  CHECK(strlen(podcore_container_id(c)) > 0);
  CHECK(podcore_container_state_since(c) >= podcore_pod_start_time(pod));
}

static void exec_calls(podcore_runtime* rt) {
  podcore_error* err = NULL;
  podcore_exec_result* res = NULL;
  podcore_exec_options eo;
  const char* sh[] = {"sh", "-c", "echo out; echo err >&2; exit 3", NULL};
  const char* host[] = {"hostname", NULL};
  const char* sleeper[] = {"sleep", "30", NULL};
  const char* missing[] = {"no-such-binary", NULL};
  const char* echo[] = {"echo", "through fds", NULL};
  size_t len = 0;
  int pfd[2], code = -1;
  char buf[64];
  ssize_t n;
  int64_t t0;

  CHECK_RC(podcore_pod_exec(&res, rt, NULL, "hello-pod", sh, NULL, &err), PODCORE_OK, &err);
  if (res) {
    CHECK(podcore_exec_result_exit_code(res) == 3);
    CHECK_STREQ(podcore_exec_result_stdout(res, &len), "out\n");
    CHECK(len == 4);
    CHECK_STREQ(podcore_exec_result_stderr(res, NULL), "err\n");
    podcore_exec_result_free(res);
    res = NULL;
  }
  CHECK_RC(podcore_pod_exec(&res, rt, "default", "hello-pod", host, NULL, &err), PODCORE_OK, &err);
  if (res) {
    CHECK_STREQ(podcore_exec_result_stdout(res, NULL), "hello-pod\n");
    CHECK(podcore_exec_result_exit_code(res) == 0);
    podcore_exec_result_free(res);
    res = NULL;
  }
  /* A timeout kills the command. */
  podcore_exec_options_init(&eo, sizeof eo);
  eo.container = "hello-ctr";
  eo.timeout_ms = 300;
  t0 = now_ms();
  CHECK_RC(podcore_pod_exec(&res, rt, NULL, "hello-pod", sleeper, &eo, &err), PODCORE_ERR_TIMEOUT,
           &err);
  CHECK(now_ms() - t0 < 10000);
  CHECK(res == NULL);
  podcore_error_free(err);
  err = NULL;
  /* A missing command. */
  CHECK_RC(podcore_pod_exec(&res, rt, NULL, "hello-pod", missing, NULL, &err),
           PODCORE_ERR_NOT_FOUND, &err);
  if (err) {
    CHECK(strstr(podcore_error_message(err), "executable file not found in $PATH") != NULL);
    podcore_error_free(err);
    err = NULL;
  }
  /* A missing container. */
  eo.container = "nope";
  eo.timeout_ms = 0;
  CHECK_RC(podcore_pod_exec(&res, rt, NULL, "hello-pod", host, &eo, &err), PODCORE_ERR_NOT_FOUND,
           &err);
  podcore_error_free(err);
  err = NULL;
  /* The caller's descriptors. */
  if (pipe(pfd) == 0) {
    CHECK_RC(podcore_pod_exec_fds(&code, rt, NULL, "hello-pod", echo, NULL, pfd[1], -1, &err),
             PODCORE_OK, &err);
    close(pfd[1]);
    CHECK(code == 0);
    n = read(pfd[0], buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = '\0';
    CHECK_STREQ(buf, "through fds\n");
    close(pfd[0]);
  }
}

static void logs_and_events(podcore_runtime* rt) {
  podcore_error* err = NULL;
  podcore_log_options lo;
  podcore_event_list* ev = NULL;
  struct follow_state fs = {0, 0};
  char* text = NULL;
  size_t len = 0, i;
  int started = 0;

  CHECK_RC(podcore_pod_logs(&text, &len, rt, NULL, "hello-pod", NULL, &err), PODCORE_OK, &err);
  CHECK(text != NULL && strcmp(text, "Hello from libpod-core\n") == 0);
  CHECK(len == strlen("Hello from libpod-core\n"));
  podcore_free(text);
  text = NULL;
  podcore_log_options_init(&lo, sizeof lo);
  lo.timestamps = 1;
  lo.container = "hello-ctr";
  CHECK_RC(podcore_pod_logs(&text, NULL, rt, NULL, "hello-pod", &lo, &err), PODCORE_OK, &err);
  CHECK(text != NULL && strncmp(text, "20", 2) == 0 &&
        strstr(text, "Z Hello from libpod-core\n") != NULL);
  podcore_free(text);
  text = NULL;
  lo.timestamps = 0;
  lo.tail = 0;
  CHECK_RC(podcore_pod_logs(&text, &len, rt, NULL, "hello-pod", &lo, &err), PODCORE_OK, &err);
  CHECK(text != NULL && len == 0);
  podcore_free(text);
  text = NULL;
  lo.tail = -1;
  lo.previous = 1;
  CHECK(podcore_pod_logs(&text, NULL, rt, NULL, "hello-pod", &lo, NULL) < 0);
  lo.previous = 0;
  CHECK_RC(podcore_pod_logs_follow(rt, NULL, "hello-pod", &lo, on_log, &fs, &err), PODCORE_OK,
           &err);
  CHECK(fs.calls == 1 && fs.saw_hello);

  CHECK_RC(podcore_pod_events(&ev, rt, NULL, "hello-pod", &err), PODCORE_OK, &err);
  CHECK(podcore_event_list_count(ev) >= 3);
  for (i = 0; i < podcore_event_list_count(ev); ++i)
    if (strcmp(podcore_event_reason(ev, i), "Started") == 0) {
      started = 1;
      CHECK_STREQ(podcore_event_type(ev, i), "Normal");
      CHECK_STREQ(podcore_event_message(ev, i), "Started container hello-ctr");
      CHECK_STREQ(podcore_event_field_path(ev, i), "spec.containers{hello-ctr}");
      CHECK(podcore_event_count(ev, i) == 1);
      CHECK(podcore_event_first_time(ev, i) > 0);
      CHECK(podcore_event_last_time(ev, i) >= podcore_event_first_time(ev, i));
    }
  CHECK(started);
  podcore_event_list_free(ev);
}

int main(void) {
  podcore_runtime* rt = NULL;
  podcore_error* err = NULL;
  podcore_pod* pod = NULL;
  podcore_pod_list* list = NULL;
  podcore_watch* w = NULL;
  podcore_create_options co;
  podcore_delete_options dopt;
  podcore_stats st;
  struct watch_state ws = {0, 0};
  char tag[8], uid[64] = "", cmd[1024];
  char *manifest = NULL, *text = NULL;
  int rc, attempt, type = 0, saw_deleted = 0;
  int64_t t0;

  if (geteuid() != 0) {
    fprintf(stderr, "abi_lifecycle: needs root\n");
    return 77;
  }
  snprintf(g_dir, sizeof g_dir, "/tmp/podcore-abi-XXXXXX");
  if (!mkdtemp(g_dir)) {
    perror("mkdtemp");
    return 1;
  }
  random_hex(tag, 6);
  snprintf(g_state, sizeof g_state, "%s/state", g_dir);
  snprintf(g_network, sizeof g_network, "abi%s", tag);
  snprintf(g_bridge, sizeof g_bridge, "pca%s", tag);
  snprintf(g_cgroup_parent, sizeof g_cgroup_parent, "podcore-abi-%s", tag);
  setenv("PODCORE_PAUSE_PATH", PODCORE_PAUSE_PATH, 1);

  /* The real busybox image, as setup builds it, into our state dir. */
  snprintf(cmd, sizeof cmd,
           "PODCTL=%s PODCORE_STATE_DIR=%s %s/scripts/build-busybox-image.sh >/dev/null",
           PODCTL_PATH, g_state, PODCORE_SOURCE_DIR);
  if (system(cmd) != 0) {
    fprintf(stderr, "failed: %s\n", cmd);
    ++check_failures;
    goto out;
  }
  snprintf(cmd, sizeof cmd, "%s/examples/pod.yml", PODCORE_SOURCE_DIR);
  manifest = read_text(cmd);
  if (!manifest) {
    fprintf(stderr, "cannot read %s\n", cmd);
    ++check_failures;
    goto out;
  }

  /* A /24 nobody else has: the first create makes the bridge, and an
   * overlap with another bridge means "taken, pick another". */
  podcore_create_options_init(&co, sizeof co);
  co.wait_ready = 1;
  co.timeout_ms = 60000;
  for (attempt = 0; attempt < 30; ++attempt) {
    unsigned char r;
    random_hex(tag, 2);
    r = (unsigned char)strtoul(tag, NULL, 16);
    snprintf(g_subnet, sizeof g_subnet, "10.199.%u.0/24", (unsigned)(r % 250) + 1);
    REQUIRE_RC(open_runtime(&rt, &err), PODCORE_OK, &err);
    if (attempt == 0) {
      /* Before any pod: a rejected manifest leaves nothing. */
      CHECK_RC(podcore_pod_create(&pod, rt, kInvalid, &co, &err), PODCORE_ERR_INVALID_MANIFEST,
               &err);
      CHECK(pod == NULL);
      if (err) {
        CHECK(podcore_error_cause_count(err) == 1);
        CHECK_STREQ(podcore_error_cause_field(err, 0), "spec.restartPolicy");
        CHECK_STREQ(podcore_error_cause_reason(err, 0), "FieldValueNotSupported");
        CHECK(strstr(podcore_error_cause_message(err, 0), "\"Sometimes\"") != NULL);
        podcore_error_free(err);
        err = NULL;
      }
      images(rt);
    }
    rc = podcore_pod_create(&pod, rt, manifest, &co, &err);
    if (rc == PODCORE_OK) break;
    if (!err || !strstr(podcore_error_string(err), "overlaps")) {
      fprintf(stderr, "create failed: %s\n", err ? podcore_error_string(err) : "?");
      ++check_failures;
      goto out;
    }
    podcore_error_free(err);
    err = NULL;
    podcore_runtime_close(rt);
    rt = NULL;
    delete_bridge(g_bridge);
  }
  if (!pod) {
    fprintf(stderr, "no free test subnet\n");
    ++check_failures;
    goto out;
  }
  snprintf(uid, sizeof uid, "%s", podcore_pod_uid(pod));
  status_accessors(pod);
  podcore_pod_free(pod);
  pod = NULL;

  /* Errors by name. */
  CHECK_RC(podcore_pod_create(&pod, rt, manifest, NULL, &err), PODCORE_ERR_ALREADY_EXISTS, &err);
  if (err) {
    CHECK_STREQ(podcore_error_message(err), "pods \"hello-pod\" already exists");
    podcore_error_free(err);
    err = NULL;
  }
  CHECK_RC(podcore_pod_get(&pod, rt, NULL, "nope", &err), PODCORE_ERR_NOT_FOUND, &err);
  CHECK(pod == NULL);
  if (err) {
    CHECK_STREQ(podcore_error_message(err), "pods \"nope\" not found");
    podcore_error_free(err);
    err = NULL;
  }
  CHECK_RC(podcore_pod_get(&pod, rt, "other-ns", "hello-pod", &err), PODCORE_ERR_NOT_FOUND, &err);
  podcore_error_free(err);
  err = NULL;

  /* Read back, list, text. */
  REQUIRE_RC(podcore_pod_get(&pod, rt, "", "hello-pod", &err), PODCORE_OK, &err);
  CHECK_STREQ(podcore_pod_uid(pod), uid);
  CHECK_RC(podcore_pod_to_text(&text, pod, PODCORE_FORMAT_YAML, &err), PODCORE_OK, &err);
  CHECK(text && strstr(text, "  name: hello-pod\n") && strstr(text, "  phase: Running\n"));
  podcore_free(text);
  text = NULL;
  CHECK_RC(podcore_pod_to_text(&text, pod, PODCORE_FORMAT_JSON, &err), PODCORE_OK, &err);
  CHECK(text && text[0] == '{' && strstr(text, "\"phase\": \"Running\""));
  podcore_free(text);
  text = NULL;
  podcore_pod_free(pod);
  pod = NULL;
  CHECK_RC(podcore_pods_list(&list, rt, NULL, NULL, &err), PODCORE_OK, &err);
  CHECK(podcore_pod_list_count(list) == 1);
  CHECK_STREQ(podcore_pod_name(podcore_pod_list_at(list, 0)), "hello-pod");
  CHECK(podcore_pod_list_at(list, 1) == NULL);
  podcore_pod_list_free(list);
  list = NULL;
  CHECK_RC(podcore_pods_list(&list, rt, "default", "zone=prod,version in (v1,v2)", &err),
           PODCORE_OK, &err);
  CHECK(podcore_pod_list_count(list) == 1);
  podcore_pod_list_free(list);
  list = NULL;
  CHECK_RC(podcore_pods_list(&list, rt, NULL, "zone=dev", &err), PODCORE_OK, &err);
  CHECK(podcore_pod_list_count(list) == 0);
  podcore_pod_list_free(list);
  list = NULL;
  CHECK_RC(podcore_pods_list(&list, rt, NULL, "zone in (", &err), PODCORE_ERR_INVALID_ARGUMENT,
           &err);
  podcore_error_free(err);
  err = NULL;

  concurrent_reads(rt);
  exec_calls(rt);
  logs_and_events(rt);

  podcore_stats_init(&st, sizeof st);
  CHECK_RC(podcore_pod_stats(&st, rt, NULL, "hello-pod", NULL, &err), PODCORE_OK, &err);
  CHECK(st.pids_current >= 1);
  CHECK(st.memory_usage_bytes > 0);
  CHECK(st.cpu_usage_ns > 0);

  /* The callback watch sees the existing pod as ADDED. */
  CHECK_RC(podcore_watch_run(rt, NULL, "zone=prod", 10000, on_watch, &ws, &err), PODCORE_OK, &err);
  CHECK(ws.added_hello == 1);

  /* A pollable watch, then the delete: it must report DELETED. */
  REQUIRE_RC(podcore_watch_open(&w, rt, "default", NULL, &err), PODCORE_OK, &err);
  CHECK(podcore_watch_fd(w) >= 0);
  podcore_delete_options_init(&dopt, sizeof dopt);
  dopt.grace_seconds = 1;
  t0 = now_ms();
  CHECK_RC(podcore_pod_delete(rt, NULL, "hello-pod", &dopt, &err), PODCORE_OK, &err);
  CHECK(now_ms() - t0 < 15000);
  while (!saw_deleted) {
    rc = podcore_watch_next(w, &type, &pod, 10000, &err);
    if (rc != PODCORE_OK) {
      fprintf(stderr, "watch_next: %s\n", err ? podcore_error_string(err) : podcore_errc_str(rc));
      ++check_failures;
      break;
    }
    if (type == PODCORE_WATCH_DELETED) {
      saw_deleted = 1;
      CHECK_STREQ(podcore_pod_name(pod), "hello-pod");
      CHECK_STREQ(podcore_pod_uid(pod), uid);
    }
    podcore_pod_free(pod);
    pod = NULL;
  }
  CHECK(saw_deleted);
  CHECK_RC(podcore_watch_next(w, &type, &pod, 0, &err), PODCORE_ERR_TIMEOUT, &err);
  podcore_error_free(err);
  err = NULL;
  podcore_watch_close(w);
  w = NULL;

  /* Gone, and nothing of it left. */
  CHECK_RC(podcore_pod_get(&pod, rt, NULL, "hello-pod", &err), PODCORE_ERR_NOT_FOUND, &err);
  podcore_error_free(err);
  err = NULL;
  CHECK(leaks(uid) == 0);
  CHECK_RC(podcore_pod_delete(rt, NULL, "hello-pod", NULL, &err), PODCORE_ERR_NOT_FOUND, &err);
  podcore_error_free(err);
  err = NULL;

  /* A delete that does not wait, in another namespace; wait for "Deleted". */
  co.wait_ready = 1;
  REQUIRE_RC(podcore_pod_create(&pod, rt, kSleeper, &co, &err), PODCORE_OK, &err);
  snprintf(uid, sizeof uid, "%s", podcore_pod_uid(pod));
  CHECK_STREQ(podcore_pod_namespace(pod), "abi-ns");
  podcore_pod_free(pod);
  pod = NULL;
  CHECK_RC(podcore_pod_wait(&pod, rt, "abi-ns", "abi-bg", "Ready", 5000, &err), PODCORE_OK, &err);
  CHECK(pod != NULL && podcore_pod_is_ready(pod));
  podcore_pod_free(pod);
  pod = NULL;
  CHECK_RC(podcore_pod_wait(&pod, rt, "abi-ns", "abi-bg", "Bogus", 10, &err),
           PODCORE_ERR_INVALID_ARGUMENT, &err);
  podcore_error_free(err);
  err = NULL;
  CHECK_RC(podcore_pod_wait(&pod, rt, "abi-ns", "abi-bg", "Succeeded", 50, &err),
           PODCORE_ERR_TIMEOUT, &err);
  podcore_error_free(err);
  err = NULL;
  dopt.grace_seconds = -1;
  dopt.wait = 0;
  CHECK_RC(podcore_pod_delete(rt, "abi-ns", "abi-bg", &dopt, &err), PODCORE_OK, &err);
  CHECK_RC(podcore_pod_wait(&pod, rt, "abi-ns", "abi-bg", "Deleted", 30000, &err), PODCORE_OK,
           &err);
  CHECK(pod == NULL);
  /* The name goes before the last files do: close waits for the
   * background delete to finish, then nothing may be left. */
  podcore_runtime_close(rt);
  rt = NULL;
  CHECK(leaks(uid) == 0);

out:
  podcore_error_free(err);
  podcore_pod_free(pod);
  podcore_pod_list_free(list);
  podcore_watch_close(w);
  if (rt) {
    /* Whatever a failed check left running goes first. */
    if (podcore_pods_list(&list, rt, NULL, NULL, NULL) == PODCORE_OK) {
      size_t i;
      podcore_delete_options_init(&dopt, sizeof dopt);
      dopt.force = 1;
      for (i = 0; i < podcore_pod_list_count(list); ++i) {
        const podcore_pod* p = podcore_pod_list_at(list, i);
        podcore_pod_delete(rt, podcore_pod_namespace(p), podcore_pod_name(p), &dopt, NULL);
      }
      podcore_pod_list_free(list);
    }
    podcore_runtime_close(rt);
  }
  free(manifest);
  cleanup_world();
  if (check_failures) {
    fprintf(stderr, "abi_lifecycle: %d check(s) failed\n", check_failures);
    return 1;
  }
  printf("abi_lifecycle: all checks passed\n");
  return 0;
}
