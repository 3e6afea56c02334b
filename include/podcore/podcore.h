/*
 * podcore.h — the stable C ABI of libpod-core (libpodcore.so.1).
 *
 * libpod-core runs Kubernetes-style Pods on one Linux node. This header is
 * the one stable contract of the library: C11, usable from C and C++, with
 * opaque handles only. The C++ API (podcore.hpp) and the Python bindings
 * sit on top of it.
 *
 * Conventions (they hold for every function unless its comment says
 * otherwise):
 *
 *  - Names: podcore_<object>_<verb>; output parameters come first.
 *  - Errors: a fallible function returns int: PODCORE_OK (0) on success or a
 *    negative value of enum podcore_errc, whose numbers never change within
 *    the major version. Its last parameter is `podcore_error **err`: when
 *    `err` is not NULL and the call fails, *err receives a new error object
 *    (message, stage, object, errno and, for rejected manifests, one cause
 *    per field error) that the caller frees with podcore_error_free(). On
 *    success *err is set to NULL. Passing NULL is fine when only the code
 *    matters. No C++ exception ever leaves a podcore_* function.
 *  - Memory: a handle returned through an out-parameter (`podcore_x **out`)
 *    is owned by the caller and freed with its podcore_x_free/close
 *    function. A `char *` returned through an out-parameter is owned by the
 *    caller and freed with podcore_free(). A `const char *` returned by an
 *    accessor is borrowed: it lives as long as the handle it was read from
 *    and must not be freed. Accessors never return NULL for strings: an
 *    absent value is "". Every free/close function accepts NULL.
 *  - Strings in are NUL-terminated UTF-8; NULL for an optional string means
 *    "not given" (the documented default).
 *  - Threads: a podcore_runtime may be used from several threads at once
 *    (several processes may also share one state directory). Every other
 *    handle (pod snapshot, list, error, result, watch) may be read from
 *    several threads at once but not read while it is freed; a podcore_watch
 *    must not be used from two threads at the same time.
 *  - Options are structs that only ever grow at the end: the caller fills
 *    them through their podcore_*_init(&opts, sizeof opts) function, which
 *    writes at most that many bytes (the caller's header's size, so a newer
 *    library never writes past an older program's struct), sets the
 *    defaults and `struct_size`; the library reads only the fields that fit
 *    in `struct_size`, so a program built against an older header keeps
 *    working. Passing NULL for an options pointer means all defaults.
 *  - Times are nanoseconds since the Unix epoch (UTC) as int64_t; 0 means
 *    "not set". Durations are milliseconds.
 *  - Namespaces: NULL or "" for a pod namespace means "default".
 */
#ifndef PODCORE_PODCORE_H
#define PODCORE_PODCORE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ export */

#if defined(PODCORE_BUILDING_LIBRARY)
#define PODCORE_API __attribute__((visibility("default")))
#else
#define PODCORE_API
#endif

/** Marks a function kept for compatibility: using it warns at compile time
 * with `msg` (what to use instead). See the README's stability policy. */
#if defined(__GNUC__) || defined(__clang__)
#define PODCORE_DEPRECATED(msg) __attribute__((deprecated(msg)))
#else
#define PODCORE_DEPRECATED(msg)
#endif

/* ----------------------------------------------------- version and features */

/** The library version this header belongs to (semantic versioning: the C
 * ABI is stable within a major version; SONAME libpodcore.so.<major>). */
#define PODCORE_VERSION_MAJOR 1
#define PODCORE_VERSION_MINOR 0
#define PODCORE_VERSION_PATCH 0
/** MAJOR * 10000 + MINOR * 100 + PATCH, for #if comparisons. */
#define PODCORE_VERSION_NUMBER \
  (PODCORE_VERSION_MAJOR * 10000 + PODCORE_VERSION_MINOR * 100 + PODCORE_VERSION_PATCH)

/**
 * The version of the library actually loaded (may be newer than the header
 * within one major). Each out-parameter may be NULL.
 * @return the version as static text, e.g. "1.0.0" (never freed).
 * Thread-safe; cannot fail.
 */
PODCORE_API const char* podcore_version(int* major, int* minor, int* patch);

/**
 * Whether this library build, on this host, has `feature`:
 *  "cgroup2"      the host's cgroups are the unified (v2) hierarchy
 *  "cgroup1"      the host has v1 controller hierarchies (v1 or hybrid)
 *  "ipv6"         the kernel has IPv6 (dual-stack pod networks possible)
 *  "watch"        podcore_watch_* work
 *  "exec-timeout" podcore_pod_exec honours podcore_exec_options.timeout_ms
 *  "logs-follow"  podcore_pod_logs_follow works
 *  "images"       the local image store (podcore_image_*)
 *  "json", "yaml" manifest and object text in that format
 * @return 1 when present, 0 when absent or unknown (or `feature` is NULL).
 * Thread-safe; cannot fail. Host features are read on each call.
 */
PODCORE_API int podcore_has_feature(const char* feature);

/** Frees a string (or buffer) the library returned through a `char **`
 * out-parameter. NULL is fine. */
PODCORE_API void podcore_free(void* p);

/* ------------------------------------------------------------------ errors */

/** Error codes. The numbers are fixed forever; new codes may be added. */
typedef enum podcore_errc {
  PODCORE_OK = 0,
  PODCORE_ERR_INVALID_ARGUMENT = -1, /**< a bad argument (NULL handle, bad option, bad reference) */
  PODCORE_ERR_INVALID_MANIFEST = -2, /**< the manifest was rejected; see the causes */
  PODCORE_ERR_NOT_FOUND = -3,        /**< the pod/container/image/file does not exist */
  PODCORE_ERR_ALREADY_EXISTS = -4,   /**< a pod with that name exists already */
  PODCORE_ERR_PERMISSION = -5,       /**< EPERM/EACCES: usually "needs root" */
  PODCORE_ERR_RESOURCE_EXHAUSTED = -6, /**< out of memory, disk, descriptors, addresses */
  PODCORE_ERR_SYSTEM = -7,             /**< another failed system call (see errno) */
  PODCORE_ERR_TIMEOUT = -8,            /**< a wait ran out of time */
  PODCORE_ERR_BUSY = -9,               /**< a resource is held by someone else */
  PODCORE_ERR_UNSUPPORTED = -10,       /**< valid, but this runtime or host does not do it */
  PODCORE_ERR_INTERNAL = -11,          /**< a bug in libpod-core */
  PODCORE_ERR_INVALID_STATE = -12      /**< the pod is not in a state that allows it
                                            (e.g. exec in a stopped container) */
} podcore_errc;

/**
 * A short static name of an error code: "ok", "invalid argument",
 * "invalid manifest", "not found", ...; "unknown error" for other values.
 * Thread-safe; never NULL; not freed.
 */
PODCORE_API const char* podcore_errc_str(int code);

/** A detailed error. Created by a failing call, freed by the caller. */
typedef struct podcore_error podcore_error;

/** Frees an error object. NULL is fine. */
PODCORE_API void podcore_error_free(podcore_error* err);
/** The podcore_errc value (negative). */
PODCORE_API int podcore_error_code(const podcore_error* err);
/** The whole error as one line: "<stage>: <object>: <field>: <message>: <strerror>". */
PODCORE_API const char* podcore_error_string(const podcore_error* err);
/** The human message alone (complete without the other parts), e.g.
 * `pods "web" not found` or `Pod "web" is invalid: spec.containers: Required value`. */
PODCORE_API const char* podcore_error_message(const podcore_error* err);
/** Where it failed: "manifest.validate", "net.veth", "pod.exec", ...; "" if unknown. */
PODCORE_API const char* podcore_error_stage(const podcore_error* err);
/** On what: a pod name, a file or cgroup path, an image reference; "" if none. */
PODCORE_API const char* podcore_error_object(const podcore_error* err);
/** The Kubernetes field path of a one-field error, "" if none. */
PODCORE_API const char* podcore_error_field(const podcore_error* err);
/** errno of the failed system call, 0 when none. */
PODCORE_API int podcore_error_errno(const podcore_error* err);
/** Number of causes (for a rejected manifest: one per field error). */
PODCORE_API size_t podcore_error_cause_count(const podcore_error* err);
/** Cause i's machine reason: "FieldValueRequired", "FieldValueInvalid",
 * "FieldValueNotSupported", "FieldValueDuplicate", "FieldValueForbidden",
 * "FieldValueTooLong", "FieldValueTooMany", "FieldValueNotFound",
 * "FieldValueUnknown" (strict decoding); "" when i is out of range. */
PODCORE_API const char* podcore_error_cause_reason(const podcore_error* err, size_t i);
/** Cause i's field path, e.g. "spec.containers[0].image". */
PODCORE_API const char* podcore_error_cause_field(const podcore_error* err, size_t i);
/** Cause i's text as the API server words it, e.g. "Required value" or
 * `Invalid value: 70000: must be between 1 and 65535, inclusive`. */
PODCORE_API const char* podcore_error_cause_message(const podcore_error* err, size_t i);
/** Cause i's 1-based line in the manifest text, 0 when unknown. */
PODCORE_API unsigned podcore_error_cause_line(const podcore_error* err, size_t i);
/** Cause i's 1-based column in the manifest text, 0 when unknown. */
PODCORE_API unsigned podcore_error_cause_column(const podcore_error* err, size_t i);

/* ----------------------------------------------------------------- runtime */

/** A runtime: one state directory, one pod network, one cgroup parent.
 * Thread-safe. */
typedef struct podcore_runtime podcore_runtime;

/** Options of podcore_runtime_open(). Strings are copied during the call;
 * NULL or 0 means the default given. */
typedef struct podcore_runtime_options {
  size_t struct_size;        /**< set by podcore_runtime_options_init() */
  const char* state_dir;     /**< default "/run/podcore" */
  const char* network_name;  /**< IPAM and marker name, default "podcore" */
  const char* bridge;        /**< host bridge, default "podcore0" */
  const char* subnet;        /**< IPv4 pod subnet, default "10.87.0.0/16" */
  const char* gateway;       /**< default: the subnet's first address */
  const char* subnet6;       /**< IPv6 pod subnet (dual stack), default none */
  const char* gateway6;      /**< default: the IPv6 subnet's first address */
  unsigned mtu;              /**< 0: the bridge's, else 1500 */
  const char* cgroup_root;   /**< default "/sys/fs/cgroup" */
  const char* cgroup_parent; /**< default "podcore" */
  const char* monitor_path;  /**< podcore-monitor executable; default $PODCORE_MONITOR_PATH,
                                  the build's, or beside the program */
  const char* node_name;     /**< default the host name */
  uint64_t log_max_size;     /**< container log rotation size in bytes, default 10 MiB */
  unsigned log_max_files;    /**< log files kept per container instance, default 5 */
  int64_t pids_max;          /**< pod-level pids.max, 0: none */
} podcore_runtime_options;

/** Sets every field of `options` to its default and struct_size. */
PODCORE_API void podcore_runtime_options_init(podcore_runtime_options* options, size_t size);

/**
 * Opens (creating) a runtime's state directory and layers, and rolls back
 * what a crashed create left half-made.
 * @param out     receives the runtime; close it with podcore_runtime_close().
 * @param options NULL for all defaults.
 * Errors: INVALID_ARGUMENT (bad subnet, option), PERMISSION (not root),
 * SYSTEM (naming the stage, e.g. "cgroup.open").
 */
PODCORE_API int podcore_runtime_open(podcore_runtime** out, const podcore_runtime_options* options,
                                     podcore_error** err);

/** Closes the runtime: waits for deletes started with wait = 0, then frees
 * it. Pods keep running (their monitors own them). NULL is fine. No other
 * thread may use the runtime during or after the call. */
PODCORE_API void podcore_runtime_close(podcore_runtime* rt);

/* --------------------------------------------------------------- manifests */

/** Text formats of objects. */
typedef enum podcore_format {
  PODCORE_FORMAT_YAML = 0, /**< `kubectl get -o yaml` */
  PODCORE_FORMAT_JSON = 1  /**< `kubectl get -o json` */
} podcore_format;

/**
 * Decodes (strictly), defaults and validates a manifest holding exactly one
 * Pod, as the API server would on create; creates nothing. Thread-safe.
 * @param warnings_out NULL, or receives the API server's warnings, one per
 *        line ("" when none); free with podcore_free().
 * Errors: INVALID_MANIFEST with stage "manifest.decode" (syntax, unknown
 * fields, wrong types: causes carry line and column) or "manifest.validate"
 * (one cause per field error: reason, field path, message).
 */
PODCORE_API int podcore_manifest_validate(char** warnings_out, const char* manifest,
                                          podcore_error** err);

/**
 * The Pod the API server would store for `manifest` (decoded, defaulted,
 * namespace set, validated; no uid or timestamps) as text.
 * @param out        receives the text; free with podcore_free().
 * @param namespace_ NULL or "": the manifest's, else "default".
 * @param format     a podcore_format.
 * Errors: as podcore_manifest_validate(); INVALID_ARGUMENT for a bad format.
 */
PODCORE_API int podcore_manifest_default(char** out, const char* manifest, const char* namespace_,
                                         int format, podcore_error** err);

/* -------------------------------------------------------- pod snapshots */

/** An immutable snapshot of one pod: the stored object (spec + status) at
 * the time it was read. Free with podcore_pod_free(). */
typedef struct podcore_pod podcore_pod;
/** One container's status inside a podcore_pod; borrowed, lives as long as
 * the pod snapshot. */
typedef struct podcore_container podcore_container;

/** Pod phases. */
typedef enum podcore_phase {
  PODCORE_PHASE_UNKNOWN = 0,
  PODCORE_PHASE_PENDING = 1,
  PODCORE_PHASE_RUNNING = 2,
  PODCORE_PHASE_SUCCEEDED = 3,
  PODCORE_PHASE_FAILED = 4
} podcore_phase;

/** QoS classes. */
typedef enum podcore_qos_class {
  PODCORE_QOS_UNKNOWN = 0,
  PODCORE_QOS_GUARANTEED = 1,
  PODCORE_QOS_BURSTABLE = 2,
  PODCORE_QOS_BEST_EFFORT = 3
} podcore_qos_class;

/** Container states. */
typedef enum podcore_container_state {
  PODCORE_CONTAINER_UNKNOWN = 0, /**< no state reported yet */
  PODCORE_CONTAINER_WAITING = 1,
  PODCORE_CONTAINER_RUNNING = 2,
  PODCORE_CONTAINER_TERMINATED = 3
} podcore_container_state;

/** Frees a pod snapshot. NULL is fine. */
PODCORE_API void podcore_pod_free(podcore_pod* pod);
/** metadata.name. */
PODCORE_API const char* podcore_pod_name(const podcore_pod* pod);
/** metadata.namespace. */
PODCORE_API const char* podcore_pod_namespace(const podcore_pod* pod);
/** metadata.uid. */
PODCORE_API const char* podcore_pod_uid(const podcore_pod* pod);
/** metadata.labels[key], NULL when the label is absent. */
PODCORE_API const char* podcore_pod_label(const podcore_pod* pod, const char* key);
/** status.phase as an enum (PODCORE_PHASE_UNKNOWN for "Unknown" or unset). */
PODCORE_API podcore_phase podcore_pod_phase(const podcore_pod* pod);
/** status.phase as text: "Pending", "Running", "Succeeded", "Failed", "Unknown" or "". */
PODCORE_API const char* podcore_pod_phase_name(const podcore_pod* pod);
/** status.reason (e.g. "Evicted", "UnexpectedAdmissionError"), "" if none. */
PODCORE_API const char* podcore_pod_reason(const podcore_pod* pod);
/** status.message, "" if none. */
PODCORE_API const char* podcore_pod_message(const podcore_pod* pod);
/** status.podIP (the primary address), "" if none yet. */
PODCORE_API const char* podcore_pod_ip(const podcore_pod* pod);
/** Number of status.podIPs (1, or 2 with dual stack; 0 before networking). */
PODCORE_API size_t podcore_pod_ip_count(const podcore_pod* pod);
/** status.podIPs[i].ip, "" when out of range. */
PODCORE_API const char* podcore_pod_ip_at(const podcore_pod* pod, size_t i);
/** status.hostIP, "" if none. */
PODCORE_API const char* podcore_pod_host_ip(const podcore_pod* pod);
/** status.qosClass. */
PODCORE_API podcore_qos_class podcore_pod_qos_class(const podcore_pod* pod);
/** status.startTime in ns since the epoch, 0 if not started. */
PODCORE_API int64_t podcore_pod_start_time(const podcore_pod* pod);
/** Whether the pod's Ready condition is True: 1 or 0. */
PODCORE_API int podcore_pod_is_ready(const podcore_pod* pod);
/** Number of status.conditions. */
PODCORE_API size_t podcore_pod_condition_count(const podcore_pod* pod);
/** Condition i's type ("PodScheduled", "Initialized", "ContainersReady",
 * "Ready", "PodReadyToStartContainers"); "" when out of range. */
PODCORE_API const char* podcore_pod_condition_type(const podcore_pod* pod, size_t i);
/** Condition i's status: "True", "False" or "Unknown". */
PODCORE_API const char* podcore_pod_condition_status(const podcore_pod* pod, size_t i);
/** Condition i's reason, "" if none. */
PODCORE_API const char* podcore_pod_condition_reason(const podcore_pod* pod, size_t i);
/** Condition i's message, "" if none. */
PODCORE_API const char* podcore_pod_condition_message(const podcore_pod* pod, size_t i);
/** Number of status.containerStatuses (app containers). */
PODCORE_API size_t podcore_pod_container_count(const podcore_pod* pod);
/** App container i's status (borrowed), NULL when out of range. */
PODCORE_API const podcore_container* podcore_pod_container_at(const podcore_pod* pod, size_t i);
/** Number of status.initContainerStatuses. */
PODCORE_API size_t podcore_pod_init_container_count(const podcore_pod* pod);
/** Init container i's status (borrowed), NULL when out of range. */
PODCORE_API const podcore_container* podcore_pod_init_container_at(const podcore_pod* pod,
                                                                   size_t i);
/** The status of the (app or init) container `name` (borrowed), NULL if none. */
PODCORE_API const podcore_container* podcore_pod_container_by_name(const podcore_pod* pod,
                                                                   const char* name);
/** Warnings the API server would have printed, for a snapshot returned by
 * podcore_pod_create() (0 for other snapshots). */
PODCORE_API size_t podcore_pod_warning_count(const podcore_pod* pod);
/** Warning i, "" when out of range. */
PODCORE_API const char* podcore_pod_warning_at(const podcore_pod* pod, size_t i);

/**
 * The whole object as `kubectl get pod -o yaml|json` prints it.
 * @param out receives the text; free with podcore_free().
 * Errors: INVALID_ARGUMENT (format), RESOURCE_EXHAUSTED.
 */
PODCORE_API int podcore_pod_to_text(char** out, const podcore_pod* pod, int format,
                                    podcore_error** err);

/** The container's name. */
PODCORE_API const char* podcore_container_name(const podcore_container* c);
/** Its current state. */
PODCORE_API podcore_container_state podcore_container_state_of(const podcore_container* c);
/** The reason of the current waiting or terminated state ("ContainerCreating",
 * "CrashLoopBackOff", "Completed", "Error", "OOMKilled", ...); "" if none. */
PODCORE_API const char* podcore_container_reason(const podcore_container* c);
/** The message of the current waiting or terminated state, "" if none. */
PODCORE_API const char* podcore_container_message(const podcore_container* c);
/** Exit code of the current terminated state, else of the last one, else -1. */
PODCORE_API int podcore_container_exit_code(const podcore_container* c);
/** restartCount. */
PODCORE_API int podcore_container_restart_count(const podcore_container* c);
/** ready: 1 or 0. */
PODCORE_API int podcore_container_ready(const podcore_container* c);
/** The image as the spec names it. */
PODCORE_API const char* podcore_container_image(const podcore_container* c);
/** containerID, "" before it was created. */
PODCORE_API const char* podcore_container_id(const podcore_container* c);
/** When the current state began (running: startedAt, terminated:
 * finishedAt) in ns since the epoch, 0 if unknown. */
PODCORE_API int64_t podcore_container_state_since(const podcore_container* c);

/* ------------------------------------------------------ pods: create/read */

/** Options of podcore_pod_create(). */
typedef struct podcore_create_options {
  size_t struct_size;     /**< set by podcore_create_options_init() */
  const char* namespace_; /**< NULL or "": the manifest's, else "default" */
  int wait_ready;         /**< 1: return once the pod is Running with every
                               container ready, or terminal; 0: return when it started */
  int64_t timeout_ms;     /**< bound of the wait (default 60000) */
} podcore_create_options;

/** Sets the defaults (no namespace, wait_ready 0, timeout 60 s). */
PODCORE_API void podcore_create_options_init(podcore_create_options* options, size_t size);

/**
 * Creates the pod in `manifest` (YAML or JSON text holding exactly one Pod).
 * Infrastructure failures roll back every step (nothing is left) and name
 * the stage; workload failures (missing image, failing command) leave the
 * pod, its status saying why.
 * @param out NULL, or receives a snapshot of the pod as create returned it
 *        (with the API server's warnings); free with podcore_pod_free().
 * Errors: INVALID_MANIFEST (with causes), ALREADY_EXISTS (`pods "x" already
 * exists`), TIMEOUT (wait_ready: the pod stays), PERMISSION, SYSTEM, ...
 */
PODCORE_API int podcore_pod_create(podcore_pod** out, podcore_runtime* rt, const char* manifest,
                                   const podcore_create_options* options, podcore_error** err);

/**
 * Reads one pod. @param out receives the snapshot; free with podcore_pod_free().
 * Errors: NOT_FOUND (`pods "x" not found`).
 */
PODCORE_API int podcore_pod_get(podcore_pod** out, podcore_runtime* rt, const char* namespace_,
                                const char* name, podcore_error** err);

/**
 * Waits until the pod meets `condition`, then returns its snapshot.
 * `condition` is a condition type ("Ready", "ContainersReady", "Initialized",
 * "PodScheduled", "PodReadyToStartContainers": its status is True), a phase
 * ("Running", "Succeeded", "Failed"), "Terminal" (Succeeded or Failed), or
 * "Deleted" (the pod is gone; *out is then set to NULL).
 * @param out NULL, or receives the snapshot; free with podcore_pod_free().
 * Errors: TIMEOUT, NOT_FOUND (the pod is gone, unless waiting for
 * "Deleted"), INVALID_ARGUMENT (unknown condition).
 */
PODCORE_API int podcore_pod_wait(podcore_pod** out, podcore_runtime* rt, const char* namespace_,
                                 const char* name, const char* condition, int64_t timeout_ms,
                                 podcore_error** err);

/** A list of pod snapshots. */
typedef struct podcore_pod_list podcore_pod_list;

/**
 * Every pod of a namespace (or of all namespaces), sorted by namespace and
 * name, optionally filtered by a label selector.
 * @param out        receives the list; free with podcore_pod_list_free().
 * @param namespace_ NULL: all namespaces; "": "default".
 * @param selector   NULL or "": every pod; else kubectl's -l syntax
 *                   ("app=web,tier!=db", "env in (a,b)", "!legacy").
 * Errors: INVALID_ARGUMENT (bad selector), SYSTEM.
 */
PODCORE_API int podcore_pods_list(podcore_pod_list** out, podcore_runtime* rt,
                                  const char* namespace_, const char* selector,
                                  podcore_error** err);
/** Frees the list and its snapshots. NULL is fine. */
PODCORE_API void podcore_pod_list_free(podcore_pod_list* list);
/** Number of pods. */
PODCORE_API size_t podcore_pod_list_count(const podcore_pod_list* list);
/** Pod i (borrowed: lives as long as the list), NULL when out of range. */
PODCORE_API const podcore_pod* podcore_pod_list_at(const podcore_pod_list* list, size_t i);

/* ------------------------------------------------------------------ events */

/** A list of a pod's events, repeats folded (count, first and last time). */
typedef struct podcore_event_list podcore_event_list;

/**
 * The pod's events, ordered by first occurrence.
 * @param out receives the list; free with podcore_event_list_free().
 * Errors: NOT_FOUND.
 */
PODCORE_API int podcore_pod_events(podcore_event_list** out, podcore_runtime* rt,
                                   const char* namespace_, const char* name, podcore_error** err);
/** Frees the list. NULL is fine. */
PODCORE_API void podcore_event_list_free(podcore_event_list* list);
/** Number of events. */
PODCORE_API size_t podcore_event_list_count(const podcore_event_list* list);
/** Event i's type: "Normal" or "Warning" ("" when out of range, as all below). */
PODCORE_API const char* podcore_event_type(const podcore_event_list* list, size_t i);
/** Event i's reason: "Scheduled", "Pulled", "Created", "Started", "Killing", "BackOff", ... */
PODCORE_API const char* podcore_event_reason(const podcore_event_list* list, size_t i);
/** Event i's message, e.g. "Started container app". */
PODCORE_API const char* podcore_event_message(const podcore_event_list* list, size_t i);
/** Event i's involvedObject.fieldPath, e.g. "spec.containers{app}", or "". */
PODCORE_API const char* podcore_event_field_path(const podcore_event_list* list, size_t i);
/** Event i's source, e.g. "kubelet". */
PODCORE_API const char* podcore_event_source(const podcore_event_list* list, size_t i);
/** How many times event i happened (0 when out of range). */
PODCORE_API int podcore_event_count(const podcore_event_list* list, size_t i);
/** First occurrence of event i, ns since the epoch. */
PODCORE_API int64_t podcore_event_first_time(const podcore_event_list* list, size_t i);
/** Last occurrence of event i, ns since the epoch. */
PODCORE_API int64_t podcore_event_last_time(const podcore_event_list* list, size_t i);

/* -------------------------------------------------------------------- logs */

/** Options of podcore_pod_logs() and podcore_pod_logs_follow() (kubectl logs flags). */
typedef struct podcore_log_options {
  size_t struct_size;    /**< set by podcore_log_options_init() */
  const char* container; /**< NULL or "": the first container */
  int previous;          /**< 1: the previous instance (-p) */
  int64_t tail;          /**< the last N lines; -1 (default): all */
  int64_t since;         /**< records at or after this time (ns since the epoch); 0: all */
  int timestamps;        /**< 1: prefix each line with its RFC 3339 timestamp */
  int64_t limit_bytes;   /**< stop after this many bytes; -1 (default): no limit */
} podcore_log_options;

/** Sets the defaults (first container, current instance, everything). */
PODCORE_API void podcore_log_options_init(podcore_log_options* options, size_t size);

/**
 * A container's log as kubectl prints it (one line per record).
 * @param out     receives the text (NUL-terminated); free with podcore_free().
 * @param out_len NULL, or receives its length in bytes.
 * Errors: NOT_FOUND (pod, container), INVALID_ARGUMENT (no previous instance).
 */
PODCORE_API int podcore_pod_logs(char** out, size_t* out_len, podcore_runtime* rt,
                                 const char* namespace_, const char* name,
                                 const podcore_log_options* options, podcore_error** err);

/** Receives a piece of log text; returns 0 to go on, nonzero to stop. */
typedef int (*podcore_log_callback)(void* user_data, const char* data, size_t len);

/**
 * Follows a container's log (kubectl logs -f): calls `callback` with what
 * podcore_pod_logs() returns, then with each new piece, until the callback
 * returns nonzero, the container instance ends (its last output delivered),
 * or the pod is deleted. The callback runs on the calling thread.
 * Returns PODCORE_OK in all three cases.
 * Errors: as podcore_pod_logs(); INVALID_ARGUMENT with options->previous.
 */
PODCORE_API int podcore_pod_logs_follow(podcore_runtime* rt, const char* namespace_,
                                        const char* name, const podcore_log_options* options,
                                        podcore_log_callback callback, void* user_data,
                                        podcore_error** err);

/* -------------------------------------------------------------------- exec */

/** Options of podcore_pod_exec() and podcore_pod_exec_fds(). */
typedef struct podcore_exec_options {
  size_t struct_size;    /**< set by podcore_exec_options_init() */
  const char* container; /**< NULL or "": the first container */
  int64_t timeout_ms;    /**< > 0: kill the command after this long (TIMEOUT); 0: no limit */
  int stdin_fd;          /**< the command's stdin; -1 (default): /dev/null */
  int tty;               /**< 1: run on a pseudo-terminal (exec_fds only; output on stdout) */
} podcore_exec_options;

/** Sets the defaults (first container, no timeout, no stdin, no tty). */
PODCORE_API void podcore_exec_options_init(podcore_exec_options* options, size_t size);

/** The outcome of a captured exec: exit code, stdout and stderr. */
typedef struct podcore_exec_result podcore_exec_result;

/**
 * Runs `argv` (NULL-terminated, argv[0] looked up in the container's PATH)
 * in a running container with the container's identity, namespaces and
 * cgroups, captures its stdout and stderr and waits for it.
 * @param out receives the result; free with podcore_exec_result_free().
 *        A command that runs and fails is success (see the exit code).
 * Errors: NOT_FOUND (pod, container, or the executable: `exec: "x":
 * executable file not found in $PATH`), INVALID_STATE (the container is
 * not running), TIMEOUT (the command was killed), SYSTEM.
 */
PODCORE_API int podcore_pod_exec(podcore_exec_result** out, podcore_runtime* rt,
                                 const char* namespace_, const char* name, const char* const* argv,
                                 const podcore_exec_options* options, podcore_error** err);
/** Frees the result. NULL is fine. */
PODCORE_API void podcore_exec_result_free(podcore_exec_result* result);
/** The exit code (128 + signal when the command was killed by a signal). */
PODCORE_API int podcore_exec_result_exit_code(const podcore_exec_result* result);
/** Captured stdout (NUL-terminated; may hold NULs); `len` may be NULL. */
PODCORE_API const char* podcore_exec_result_stdout(const podcore_exec_result* result, size_t* len);
/** Captured stderr (NUL-terminated; may hold NULs); `len` may be NULL. */
PODCORE_API const char* podcore_exec_result_stderr(const podcore_exec_result* result, size_t* len);

/**
 * Like podcore_pod_exec(), with the command's output on the caller's
 * descriptors (-1: /dev/null; with tty, stdout_fd carries the terminal).
 * The descriptors stay the caller's.
 * @param exit_code NULL, or receives the exit code.
 */
PODCORE_API int podcore_pod_exec_fds(int* exit_code, podcore_runtime* rt, const char* namespace_,
                                     const char* name, const char* const* argv,
                                     const podcore_exec_options* options, int stdout_fd,
                                     int stderr_fd, podcore_error** err);

/* ------------------------------------------------------------------- stats */

/** CPU, memory and process usage of a pod's or container's cgroup. The
 * struct grows at the end: set struct_size (podcore_stats_init) before
 * passing it; the library fills only what fits. */
typedef struct podcore_stats {
  size_t struct_size;
  uint64_t cpu_usage_ns;             /**< CPU time used */
  uint64_t memory_usage_bytes;       /**< memory.current / memory.usage_in_bytes */
  uint64_t memory_working_set_bytes; /**< usage minus inactive file pages */
  uint64_t pids_current;             /**< processes and threads */
  uint64_t oom_kills;                /**< OOM kills recorded */
} podcore_stats;

/** Zeroes `stats` and sets struct_size. */
PODCORE_API void podcore_stats_init(podcore_stats* stats, size_t size);

/**
 * Reads the usage of the pod (container NULL or "") or of one container.
 * @param out a struct prepared by podcore_stats_init().
 * Errors: NOT_FOUND (pod, container cgroup), SYSTEM.
 */
PODCORE_API int podcore_pod_stats(podcore_stats* out, podcore_runtime* rt, const char* namespace_,
                                  const char* name, const char* container, podcore_error** err);

/* ------------------------------------------------------------------ delete */

/** Options of podcore_pod_delete(). */
typedef struct podcore_delete_options {
  size_t struct_size;    /**< set by podcore_delete_options_init() */
  int64_t grace_seconds; /**< -1 (default): the pod's terminationGracePeriodSeconds */
  int force;             /**< 1: no grace, SIGKILL at once */
  int wait;              /**< 1 (default): return when everything is gone; 0: return at
                              once, the delete goes on in the background (its errors are
                              lost; podcore_runtime_close waits for it) */
} podcore_delete_options;

/** Sets the defaults (the pod's grace period, not forced, wait). */
PODCORE_API void podcore_delete_options_init(podcore_delete_options* options, size_t size);

/**
 * Deletes the pod: its containers get SIGTERM, the grace period, SIGKILL;
 * then its network, namespaces, cgroups and files go. With wait, nothing of
 * it is left when this returns PODCORE_OK.
 * Errors: NOT_FOUND, SYSTEM.
 */
PODCORE_API int podcore_pod_delete(podcore_runtime* rt, const char* namespace_, const char* name,
                                   const podcore_delete_options* options, podcore_error** err);

/* ------------------------------------------------------------------- watch */

/** Kinds of watch events (Kubernetes watch.EventType). */
typedef enum podcore_watch_event_type {
  PODCORE_WATCH_ADDED = 1,
  PODCORE_WATCH_MODIFIED = 2,
  PODCORE_WATCH_DELETED = 3
} podcore_watch_event_type;

/** A watch on the pods of a runtime: each pod present when it opens comes
 * first as ADDED, then every change. One thread at a time. */
typedef struct podcore_watch podcore_watch;

/**
 * Opens a watch.
 * @param out        receives the watch; close with podcore_watch_close().
 * @param namespace_ NULL: every namespace; "": "default".
 * @param selector   NULL or "": every pod; else a label selector.
 * Errors: INVALID_ARGUMENT (selector), SYSTEM (inotify).
 */
PODCORE_API int podcore_watch_open(podcore_watch** out, podcore_runtime* rt, const char* namespace_,
                                   const char* selector, podcore_error** err);
/** Closes the watch. NULL is fine. */
PODCORE_API void podcore_watch_close(podcore_watch* watch);
/** A descriptor that polls readable (POLLIN) when podcore_watch_next() may
 * have an event; owned by the watch (do not close or read it). */
PODCORE_API int podcore_watch_fd(const podcore_watch* watch);

/**
 * The next event, waiting up to `timeout_ms` (0: do not wait, -1: forever).
 * @param type receives a podcore_watch_event_type.
 * @param pod  receives the pod as of the event (for DELETED: its last
 *             state); free with podcore_pod_free().
 * Errors: TIMEOUT (no event in time; *pod is NULL), SYSTEM.
 */
PODCORE_API int podcore_watch_next(podcore_watch* watch, int* type, podcore_pod** pod,
                                   int64_t timeout_ms, podcore_error** err);

/** Receives one watch event; the pod is borrowed for the call. Returns 0 to
 * go on, nonzero to stop. */
typedef int (*podcore_watch_callback)(void* user_data, int type, const podcore_pod* pod);

/**
 * Watches on the calling thread, calling `callback` for each event, until
 * it returns nonzero (PODCORE_OK) or `timeout_ms` passes (-1: no limit;
 * PODCORE_OK as well).
 * Errors: as podcore_watch_open() and podcore_watch_next().
 */
PODCORE_API int podcore_watch_run(podcore_runtime* rt, const char* namespace_, const char* selector,
                                  int64_t timeout_ms, podcore_watch_callback callback,
                                  void* user_data, podcore_error** err);

/* ------------------------------------------------------------------ images */

/** Options of podcore_image_import(): overrides of the imported config.
 * Arrays are NULL-terminated; NULL keeps the source's value. */
typedef struct podcore_image_import_options {
  size_t struct_size;            /**< set by podcore_image_import_options_init() */
  const char* const* entrypoint; /**< ENTRYPOINT */
  const char* const* cmd;        /**< CMD */
  const char* const* env;        /**< "NAME=value" entries */
  const char* working_dir;       /**< WorkingDir */
  const char* user;              /**< User, "uid[:gid]" or names */
} podcore_image_import_options;

/** Sets the defaults (no overrides). */
PODCORE_API void podcore_image_import_options_init(podcore_image_import_options* options, size_t size);

/**
 * Imports a root filesystem directory, a bundle (PATH/rootfs +
 * PATH/config.json) or a tar archive as `reference` (normalised as Docker
 * does: "busybox" = "docker.io/library/busybox:latest") into the runtime's
 * image store. An existing reference is re-pointed.
 * @param id_out NULL, or receives the image id "sha256:<hex>"; free with podcore_free().
 * Errors: INVALID_ARGUMENT (reference), NOT_FOUND (source), SYSTEM.
 */
PODCORE_API int podcore_image_import(char** id_out, podcore_runtime* rt, const char* reference,
                                     const char* source_path,
                                     const podcore_image_import_options* options,
                                     podcore_error** err);

/** A list of image references. */
typedef struct podcore_image_list podcore_image_list;

/**
 * Every image reference in the store, sorted by repository then tag.
 * @param out receives the list; free with podcore_image_list_free().
 */
PODCORE_API int podcore_images_list(podcore_image_list** out, podcore_runtime* rt,
                                    podcore_error** err);
/** Frees the list. NULL is fine. */
PODCORE_API void podcore_image_list_free(podcore_image_list* list);
/** Number of references. */
PODCORE_API size_t podcore_image_list_count(const podcore_image_list* list);
/** Reference i, normalised ("docker.io/library/busybox:1.36"); "" when out of range. */
PODCORE_API const char* podcore_image_list_reference(const podcore_image_list* list, size_t i);
/** Repository of reference i ("docker.io/library/busybox"). */
PODCORE_API const char* podcore_image_list_repository(const podcore_image_list* list, size_t i);
/** Tag of reference i ("1.36", or "<none>" for a digest reference). */
PODCORE_API const char* podcore_image_list_tag(const podcore_image_list* list, size_t i);
/** Image id of reference i ("sha256:<hex>"). */
PODCORE_API const char* podcore_image_list_id(const podcore_image_list* list, size_t i);
/** Size in bytes of reference i's root filesystem (0 when out of range). */
PODCORE_API uint64_t podcore_image_list_size(const podcore_image_list* list, size_t i);

/**
 * Removes `reference`; its content goes with the last reference to it.
 * Errors: NOT_FOUND, INVALID_ARGUMENT (reference).
 */
PODCORE_API int podcore_image_remove(podcore_runtime* rt, const char* reference,
                                     podcore_error** err);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PODCORE_PODCORE_H */
