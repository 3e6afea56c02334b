/*
 * podcore.hpp — the C++ API of libpod-core: header-only, C++17, over the C
 * ABI of podcore.h only (the hourglass: whatever compiler or standard
 * library the program uses, it talks to libpodcore.so.1 through C).
 *
 *   podcore::runtime_options o;
 *   o.state_dir = "/run/podcore";
 *   auto rt = podcore::runtime::open(o);
 *   podcore::pod p = rt.create(manifest_text);
 *   p = rt.wait("default", p.name(), "Ready", std::chrono::seconds(30)).value();
 *   podcore::exec_result r = rt.exec("default", p.name(), {"ps", "aux"});
 *   rt.remove("default", p.name());
 *
 * Conventions:
 *  - Handles are RAII: a runtime and a watch own their C handle
 *    (std::unique_ptr with the C free function); pod snapshots share theirs
 *    (std::shared_ptr), so a pod taken from a list keeps the list alive.
 *  - Strings go in as std::string_view and come out as std::string.
 *  - Every fallible call has two faces: `x(...)` throws podcore::error
 *    (carrying the whole C error object: code, message, stage, object,
 *    errno, field errors), and `try_x(...)` returns podcore::result<T>,
 *    which holds the value or a podcore::error_info and throws nothing but
 *    std::bad_alloc. Both do the same C calls.
 *  - Namespaces: "" means "default"; where "all namespaces" is possible the
 *    parameter is a std::optional and std::nullopt means all.
 *  - Threads: as the C ABI — a runtime may be used from several threads at
 *    once; a watch from one thread at a time.
 * The C++ API is source-stable within a major version (see the README's
 * stability policy); it is not an ABI of its own.
 */
#ifndef PODCORE_PODCORE_HPP
#define PODCORE_PODCORE_HPP

#include <podcore/podcore.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#if __cplusplus < 201703L && !(defined(_MSVC_LANG) && _MSVC_LANG >= 201703L)
#error "podcore.hpp needs C++17 or later"
#endif

/** Marks a C++ declaration as deprecated (kept for at least one minor
 * release, removed only at a major; see the README's stability policy). */
#ifndef PODCORE_CXX_DEPRECATED
#define PODCORE_CXX_DEPRECATED(msg) [[deprecated(msg)]]
#endif

namespace podcore {

/** Times the library reports: nanoseconds since the Unix epoch (UTC). The
 * epoch itself (time_since_epoch() == 0) means "not set". */
using time_point = std::chrono::time_point<std::chrono::system_clock, std::chrono::nanoseconds>;

// ------------------------------------------------------------------ errors

/** The C ABI's podcore_errc as a scoped enum (same numbers, never changed). */
enum class errc : int {
  ok = PODCORE_OK,
  invalid_argument = PODCORE_ERR_INVALID_ARGUMENT,
  invalid_manifest = PODCORE_ERR_INVALID_MANIFEST,
  not_found = PODCORE_ERR_NOT_FOUND,
  already_exists = PODCORE_ERR_ALREADY_EXISTS,
  permission = PODCORE_ERR_PERMISSION,
  resource_exhausted = PODCORE_ERR_RESOURCE_EXHAUSTED,
  system = PODCORE_ERR_SYSTEM,
  timeout = PODCORE_ERR_TIMEOUT,
  busy = PODCORE_ERR_BUSY,
  unsupported = PODCORE_ERR_UNSUPPORTED,
  internal = PODCORE_ERR_INTERNAL,
  invalid_state = PODCORE_ERR_INVALID_STATE,
};

/** The std::error_category of podcore::errc ("podcore"). */
inline const std::error_category& error_category() noexcept {
  struct category final : std::error_category {
    const char* name() const noexcept override { return "podcore"; }
    std::string message(int code) const override { return podcore_errc_str(code); }
  };
  static const category instance;
  return instance;
}

/** std::error_code support: `ec == podcore::errc::not_found`. */
inline std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), error_category()};
}

/** One field error of a rejected manifest (a cause of the C error). */
struct field_error {
  std::string reason;   ///< "FieldValueRequired", "FieldValueInvalid", ...
  std::string field;    ///< "spec.containers[0].image"
  std::string message;  ///< "Required value"
  unsigned line = 0;    ///< 1-based line in the manifest, 0 when unknown
  unsigned column = 0;  ///< 1-based column, 0 when unknown
};

/** Everything a podcore_error says, as values. */
struct error_info {
  errc code = errc::internal;
  std::string what;                       ///< the whole error as one line
  std::string message;                    ///< the human message alone
  std::string stage;                      ///< "manifest.validate", "net.veth", ... or ""
  std::string object;                     ///< pod name, path, image reference, ... or ""
  std::string field;                      ///< the field path of a one-field error, or ""
  int sys_errno = 0;                      ///< errno of the failed system call, 0 when none
  std::vector<field_error> field_errors;  ///< one per field error of a rejected manifest

  [[nodiscard]] std::error_code error_code() const noexcept { return make_error_code(code); }
};

/** The exception every throwing call of this API raises. */
class error : public std::runtime_error {
 public:
  explicit error(error_info info) : std::runtime_error(info.what), info_(std::move(info)) {}

  [[nodiscard]] const error_info& info() const noexcept { return info_; }
  [[nodiscard]] errc code() const noexcept { return info_.code; }
  [[nodiscard]] std::error_code error_code() const noexcept { return info_.error_code(); }
  [[nodiscard]] const std::string& message() const noexcept { return info_.message; }
  [[nodiscard]] const std::string& stage() const noexcept { return info_.stage; }
  [[nodiscard]] const std::string& object() const noexcept { return info_.object; }
  [[nodiscard]] const std::string& field() const noexcept { return info_.field; }
  [[nodiscard]] int sys_errno() const noexcept { return info_.sys_errno; }
  [[nodiscard]] const std::vector<field_error>& field_errors() const noexcept {
    return info_.field_errors;
  }

 private:
  error_info info_;
};

/** A value or the error_info of why there is none (the non-throwing face). */
template <class T>
class [[nodiscard]] result {
 public:
  using value_type = T;

  result(T value) : v_(std::in_place_index<0>, std::move(value)) {}   // NOLINT: implicit by design
  result(error_info e) : v_(std::in_place_index<1>, std::move(e)) {}  // NOLINT

  [[nodiscard]] bool has_value() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  /** The value; throws podcore::error when there is none. */
  T& value() & {
    check();
    return std::get<0>(v_);
  }
  const T& value() const& {
    check();
    return std::get<0>(v_);
  }
  T&& value() && {
    check();
    return std::get<0>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  /** The error; only when !has_value(). */
  [[nodiscard]] const error_info& error() const& { return std::get<1>(v_); }
  [[nodiscard]] errc code() const noexcept { return has_value() ? errc::ok : std::get<1>(v_).code; }

 private:
  void check() const {
    if (!has_value()) throw podcore::error(std::get<1>(v_));
  }
  std::variant<T, error_info> v_;
};

/** result<void>: success or an error_info. */
template <>
class [[nodiscard]] result<void> {
 public:
  result() = default;
  result(error_info e) : e_(std::move(e)) {}  // NOLINT: implicit by design

  [[nodiscard]] bool has_value() const noexcept { return !e_.has_value(); }
  explicit operator bool() const noexcept { return has_value(); }
  /** Throws podcore::error when this holds one. */
  void value() const {
    if (e_) throw podcore::error(*e_);
  }
  [[nodiscard]] const error_info& error() const& { return *e_; }
  [[nodiscard]] errc code() const noexcept { return e_ ? e_->code : errc::ok; }

 private:
  std::optional<error_info> e_;
};

namespace detail {

inline std::string str(const char* s) {
  return s ? std::string(s) : std::string();
}

/** A NUL-terminated copy of a string_view for the C ABI. */
inline std::string z(std::string_view s) {
  return std::string(s);
}

/** nullptr for an empty string (the C ABI's "not given"). */
inline const char* opt(const std::string& s) {
  return s.empty() ? nullptr : s.c_str();
}

/** Takes (and frees) a C error object. */
inline error_info take_error(int rc, podcore_error* e) {
  std::unique_ptr<podcore_error, decltype(&podcore_error_free)> owned(e, &podcore_error_free);
  error_info info;
  info.code = static_cast<errc>(rc);
  if (!e) {
    info.what = info.message = podcore_errc_str(rc);
    return info;
  }
  info.code = static_cast<errc>(podcore_error_code(e));
  info.what = str(podcore_error_string(e));
  info.message = str(podcore_error_message(e));
  info.stage = str(podcore_error_stage(e));
  info.object = str(podcore_error_object(e));
  info.field = str(podcore_error_field(e));
  info.sys_errno = podcore_error_errno(e);
  const std::size_t n = podcore_error_cause_count(e);
  info.field_errors.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    info.field_errors.push_back({str(podcore_error_cause_reason(e, i)),
                                 str(podcore_error_cause_field(e, i)),
                                 str(podcore_error_cause_message(e, i)),
                                 podcore_error_cause_line(e, i), podcore_error_cause_column(e, i)});
  return info;
}

/** Calls a C function taking `podcore_error**` last; the error on failure. */
template <class F>
std::optional<error_info> call(F&& f) {
  podcore_error* e = nullptr;
  const int rc = std::forward<F>(f)(&e);
  if (rc == PODCORE_OK) {
    podcore_error_free(e);
    return std::nullopt;
  }
  return take_error(rc, e);
}

/** A string the library allocated (podcore_free). */
inline std::string take_string(char* s, std::size_t len) {
  std::unique_ptr<char, decltype(&podcore_free)> owned(s, &podcore_free);
  return s ? std::string(s, len) : std::string();
}
inline std::string take_string(char* s) {
  std::unique_ptr<char, decltype(&podcore_free)> owned(s, &podcore_free);
  return str(s);
}

inline time_point from_ns(int64_t ns) {
  return time_point(std::chrono::nanoseconds(ns));
}

/** A NULL-terminated argv over a vector of strings (which must outlive it). */
inline std::vector<const char*> argv_of(const std::vector<std::string>& args) {
  std::vector<const char*> out;
  out.reserve(args.size() + 1);
  for (const auto& a : args) out.push_back(a.c_str());
  out.push_back(nullptr);
  return out;
}

/** An options struct filled by its podcore_*_init() function, which writes
 * exactly the size this header knows (so a newer library writes nothing
 * past it). */
template <class T>
struct c_options {
  template <class Init>
  explicit c_options(Init init) {
    init(&v, sizeof v);
  }
  T v{};
};

/** Runs a C++ callback from a C callback: exceptions must not cross the C
 * ABI, so they are kept and rethrown once the C call returned. */
struct callback_guard {
  std::exception_ptr caught;
  void rethrow() const {
    if (caught) std::rethrow_exception(caught);
  }
};

}  // namespace detail

// ------------------------------------------------------- version, features

/** The version of the loaded library (may be newer than this header). */
struct version_info {
  int major = 0;
  int minor = 0;
  int patch = 0;
  std::string text;  ///< "1.0.0"
};

/** podcore_version(): the loaded library's version. */
inline version_info version() {
  version_info v;
  v.text = detail::str(podcore_version(&v.major, &v.minor, &v.patch));
  return v;
}

/** podcore_has_feature(): "cgroup2", "ipv6", "watch", "images", "json", ... */
inline bool has_feature(std::string_view feature) {
  return podcore_has_feature(detail::z(feature).c_str()) != 0;
}

// ---------------------------------------------------------------- manifests

/** Text formats of objects. */
enum class format : int { yaml = PODCORE_FORMAT_YAML, json = PODCORE_FORMAT_JSON };

/** Decodes, defaults and validates a one-Pod manifest as the API server
 * would; creates nothing. The value: the API server's warnings (maybe none).
 * Errors: invalid_manifest with field_errors. */
inline result<std::vector<std::string>> try_validate_manifest(std::string_view manifest) {
  char* warnings = nullptr;
  const std::string text = detail::z(manifest);
  if (auto e = detail::call([&](podcore_error** err) {
        return podcore_manifest_validate(&warnings, text.c_str(), err);
      }))
    return std::move(*e);
  const std::string all = detail::take_string(warnings);
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < all.size()) {
    std::size_t end = all.find('\n', start);
    if (end == std::string::npos) end = all.size();
    if (end > start) out.push_back(all.substr(start, end - start));
    start = end + 1;
  }
  return out;
}
/** Throwing face of try_validate_manifest(). */
inline std::vector<std::string> validate_manifest(std::string_view manifest) {
  return try_validate_manifest(manifest).value();
}

/** The Pod the API server would store for `manifest`, as YAML or JSON text. */
inline result<std::string> try_default_manifest(std::string_view manifest,
                                                std::string_view namespace_ = {},
                                                format fmt = format::yaml) {
  char* out = nullptr;
  const std::string text = detail::z(manifest), ns = detail::z(namespace_);
  if (auto e = detail::call([&](podcore_error** err) {
        return podcore_manifest_default(&out, text.c_str(), detail::opt(ns), static_cast<int>(fmt),
                                        err);
      }))
    return std::move(*e);
  return detail::take_string(out);
}
/** Throwing face of try_default_manifest(). */
inline std::string default_manifest(std::string_view manifest, std::string_view namespace_ = {},
                                    format fmt = format::yaml) {
  return try_default_manifest(manifest, namespace_, fmt).value();
}

// -------------------------------------------------------------- pod snapshots

enum class phase : int {
  unknown = PODCORE_PHASE_UNKNOWN,
  pending = PODCORE_PHASE_PENDING,
  running = PODCORE_PHASE_RUNNING,
  succeeded = PODCORE_PHASE_SUCCEEDED,
  failed = PODCORE_PHASE_FAILED,
};

enum class qos_class : int {
  unknown = PODCORE_QOS_UNKNOWN,
  guaranteed = PODCORE_QOS_GUARANTEED,
  burstable = PODCORE_QOS_BURSTABLE,
  best_effort = PODCORE_QOS_BEST_EFFORT,
};

enum class container_state : int {
  unknown = PODCORE_CONTAINER_UNKNOWN,
  waiting = PODCORE_CONTAINER_WAITING,
  running = PODCORE_CONTAINER_RUNNING,
  terminated = PODCORE_CONTAINER_TERMINATED,
};

/** One entry of status.conditions. */
struct pod_condition {
  std::string type;    ///< "Ready", "ContainersReady", "Initialized", "PodScheduled", ...
  std::string status;  ///< "True", "False", "Unknown"
  std::string reason;
  std::string message;
};

/** One container's status inside a pod snapshot (keeps the snapshot alive). */
class container_status {
 public:
  container_status(std::shared_ptr<const podcore_pod> owner, const podcore_container* c)
      : owner_(std::move(owner)), c_(c) {}

  [[nodiscard]] std::string name() const { return detail::str(podcore_container_name(c_)); }
  [[nodiscard]] container_state state() const {
    return static_cast<container_state>(podcore_container_state_of(c_));
  }
  /** "ContainerCreating", "CrashLoopBackOff", "Completed", "Error", "OOMKilled", ... */
  [[nodiscard]] std::string reason() const { return detail::str(podcore_container_reason(c_)); }
  [[nodiscard]] std::string message() const { return detail::str(podcore_container_message(c_)); }
  /** Exit code of the current or last termination, -1 if none. */
  [[nodiscard]] int exit_code() const { return podcore_container_exit_code(c_); }
  [[nodiscard]] int restart_count() const { return podcore_container_restart_count(c_); }
  [[nodiscard]] bool ready() const { return podcore_container_ready(c_) != 0; }
  [[nodiscard]] std::string image() const { return detail::str(podcore_container_image(c_)); }
  [[nodiscard]] std::string id() const { return detail::str(podcore_container_id(c_)); }
  /** When the current state began (the epoch if unknown). */
  [[nodiscard]] time_point state_since() const {
    return detail::from_ns(podcore_container_state_since(c_));
  }
  [[nodiscard]] const podcore_container* native_handle() const noexcept { return c_; }

 private:
  std::shared_ptr<const podcore_pod> owner_;
  const podcore_container* c_;
};

/** An immutable snapshot of one pod (spec + status as stored when read).
 * Cheap to copy: copies share the C snapshot. */
class pod {
 public:
  pod() = default;
  /** Takes ownership of a snapshot from the C ABI (freed with podcore_pod_free). */
  explicit pod(podcore_pod* p) : p_(p, &podcore_pod_free) {}
  /** Shares a snapshot owned by something else (e.g. a pod list). */
  explicit pod(std::shared_ptr<const podcore_pod> p) : p_(std::move(p)) {}

  explicit operator bool() const noexcept { return p_ != nullptr; }
  [[nodiscard]] const podcore_pod* native_handle() const noexcept { return p_.get(); }

  [[nodiscard]] std::string name() const { return detail::str(podcore_pod_name(h())); }
  [[nodiscard]] std::string namespace_() const { return detail::str(podcore_pod_namespace(h())); }
  [[nodiscard]] std::string uid() const { return detail::str(podcore_pod_uid(h())); }
  /** metadata.labels[key], nullopt when absent. */
  [[nodiscard]] std::optional<std::string> label(std::string_view key) const {
    const char* v = podcore_pod_label(h(), detail::z(key).c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  }
  [[nodiscard]] podcore::phase phase() const {
    return static_cast<podcore::phase>(podcore_pod_phase(h()));
  }
  /** "Pending", "Running", "Succeeded", "Failed", "Unknown" or "". */
  [[nodiscard]] std::string phase_name() const { return detail::str(podcore_pod_phase_name(h())); }
  [[nodiscard]] std::string reason() const { return detail::str(podcore_pod_reason(h())); }
  [[nodiscard]] std::string message() const { return detail::str(podcore_pod_message(h())); }
  /** status.podIP, "" before networking. */
  [[nodiscard]] std::string ip() const { return detail::str(podcore_pod_ip(h())); }
  /** status.podIPs (IPv4, then IPv6 with dual stack). */
  [[nodiscard]] std::vector<std::string> ips() const {
    std::vector<std::string> out;
    const std::size_t n = podcore_pod_ip_count(h());
    for (std::size_t i = 0; i < n; ++i) out.push_back(detail::str(podcore_pod_ip_at(h(), i)));
    return out;
  }
  [[nodiscard]] std::string host_ip() const { return detail::str(podcore_pod_host_ip(h())); }
  [[nodiscard]] podcore::qos_class qos_class() const {
    return static_cast<podcore::qos_class>(podcore_pod_qos_class(h()));
  }
  /** status.startTime (the epoch if not started). */
  [[nodiscard]] time_point start_time() const {
    return detail::from_ns(podcore_pod_start_time(h()));
  }
  /** Whether the Ready condition is True. */
  [[nodiscard]] bool ready() const { return podcore_pod_is_ready(h()) != 0; }
  [[nodiscard]] std::vector<pod_condition> conditions() const {
    std::vector<pod_condition> out;
    const std::size_t n = podcore_pod_condition_count(h());
    for (std::size_t i = 0; i < n; ++i)
      out.push_back({detail::str(podcore_pod_condition_type(h(), i)),
                     detail::str(podcore_pod_condition_status(h(), i)),
                     detail::str(podcore_pod_condition_reason(h(), i)),
                     detail::str(podcore_pod_condition_message(h(), i))});
    return out;
  }
  /** status.containerStatuses (app containers). */
  [[nodiscard]] std::vector<container_status> containers() const {
    std::vector<container_status> out;
    const std::size_t n = podcore_pod_container_count(h());
    for (std::size_t i = 0; i < n; ++i) out.emplace_back(p_, podcore_pod_container_at(h(), i));
    return out;
  }
  /** status.initContainerStatuses. */
  [[nodiscard]] std::vector<container_status> init_containers() const {
    std::vector<container_status> out;
    const std::size_t n = podcore_pod_init_container_count(h());
    for (std::size_t i = 0; i < n; ++i) out.emplace_back(p_, podcore_pod_init_container_at(h(), i));
    return out;
  }
  /** The (app or init) container `name`, nullopt if none. */
  [[nodiscard]] std::optional<container_status> container(std::string_view name) const {
    const podcore_container* c = podcore_pod_container_by_name(h(), detail::z(name).c_str());
    if (!c) return std::nullopt;
    return container_status(p_, c);
  }
  /** The API server's warnings, for a snapshot returned by create(). */
  [[nodiscard]] std::vector<std::string> warnings() const {
    std::vector<std::string> out;
    const std::size_t n = podcore_pod_warning_count(h());
    for (std::size_t i = 0; i < n; ++i) out.push_back(detail::str(podcore_pod_warning_at(h(), i)));
    return out;
  }
  /** The whole object as `kubectl get pod -o yaml|json` prints it. */
  [[nodiscard]] result<std::string> try_to_text(format fmt) const {
    char* out = nullptr;
    if (auto e = detail::call([&](podcore_error** err) {
          return podcore_pod_to_text(&out, h(), static_cast<int>(fmt), err);
        }))
      return std::move(*e);
    return detail::take_string(out);
  }
  [[nodiscard]] std::string to_yaml() const { return try_to_text(format::yaml).value(); }
  [[nodiscard]] std::string to_json() const { return try_to_text(format::json).value(); }

 private:
  const podcore_pod* h() const {
    if (!p_) throw std::logic_error("podcore::pod: empty snapshot");
    return p_.get();
  }
  std::shared_ptr<const podcore_pod> p_;
};

// ------------------------------------------------------------------ options

/** Options of runtime::open(); an empty string or 0 means the default. */
struct runtime_options {
  std::string state_dir;       ///< default "/run/podcore"
  std::string network_name;    ///< default "podcore"
  std::string bridge;          ///< default "podcore0"
  std::string subnet;          ///< default "10.87.0.0/16"
  std::string gateway;         ///< default: the subnet's first address
  std::string subnet6;         ///< IPv6 subnet (dual stack), default none
  std::string gateway6;        ///< default: the IPv6 subnet's first address
  unsigned mtu = 0;            ///< 0: the bridge's, else 1500
  std::string cgroup_root;     ///< default "/sys/fs/cgroup"
  std::string cgroup_parent;   ///< default "podcore"
  std::string monitor_path;    ///< default: $PODCORE_MONITOR_PATH or the installed one
  std::string node_name;       ///< default: the host name
  uint64_t log_max_size = 0;   ///< container log rotation size in bytes, 0: 10 MiB
  unsigned log_max_files = 0;  ///< log files kept per container instance, 0: 5
  int64_t pids_max = 0;        ///< pod-level pids.max, 0: none
};

/** Options of runtime::create(). */
struct create_options {
  std::string namespace_;   ///< "": the manifest's, else "default"
  bool wait_ready = false;  ///< return once Running with every container ready, or terminal
  std::chrono::milliseconds timeout{60000};  ///< bound of the wait
};

/** Options of runtime::logs() (kubectl logs flags). */
struct log_options {
  std::string container;               ///< "": the first container
  bool previous = false;               ///< the previous instance (-p)
  std::optional<int64_t> tail;         ///< the last N lines; nullopt: all
  std::optional<time_point> since;     ///< records at or after this time
  bool timestamps = false;             ///< prefix each line with its RFC 3339 timestamp
  std::optional<int64_t> limit_bytes;  ///< stop after this many bytes
};

/** Options of runtime::exec(). */
struct exec_options {
  std::string container;                 ///< "": the first container
  std::chrono::milliseconds timeout{0};  ///< > 0: kill the command after this long (errc::timeout)
  int stdin_fd = -1;                     ///< the command's stdin; -1: /dev/null
  bool tty = false;                      ///< exec_fds only: run on a pseudo-terminal
};

/** Options of runtime::remove(). */
struct delete_options {
  std::optional<int64_t> grace_seconds;  ///< nullopt: the pod's terminationGracePeriodSeconds
  bool force = false;                    ///< no grace: SIGKILL at once
  bool wait = true;  ///< return when everything is gone (false: in the background)
};

/** Options of runtime::image_import(): overrides of the imported config. */
struct image_import_options {
  std::optional<std::vector<std::string>> entrypoint;
  std::optional<std::vector<std::string>> cmd;
  std::optional<std::vector<std::string>> env;  ///< "NAME=value"
  std::string working_dir;
  std::string user;
};

// -------------------------------------------------------------- read models

/** The outcome of runtime::exec(). */
struct exec_result {
  int exit_code = 0;  ///< 128 + signal when killed by a signal
  std::string stdout_text;
  std::string stderr_text;
};

/** One (folded) event of a pod. */
struct event {
  std::string type;    ///< "Normal" or "Warning"
  std::string reason;  ///< "Scheduled", "Pulled", "Created", "Started", ...
  std::string message;
  std::string field_path;  ///< "spec.containers{app}" or ""
  std::string source;      ///< "kubelet"
  int count = 0;
  time_point first_time;
  time_point last_time;
};

/** CPU, memory and processes of a pod or container cgroup. */
struct stats {
  uint64_t cpu_usage_ns = 0;
  uint64_t memory_usage_bytes = 0;
  uint64_t memory_working_set_bytes = 0;
  uint64_t pids_current = 0;
  uint64_t oom_kills = 0;
};

/** One image reference of the store. */
struct image {
  std::string reference;   ///< "docker.io/library/busybox:1.36"
  std::string repository;  ///< "docker.io/library/busybox"
  std::string tag;         ///< "1.36" or "<none>"
  std::string id;          ///< "sha256:<hex>"
  uint64_t size = 0;       ///< bytes of its root filesystem
};

enum class watch_event_type : int {
  added = PODCORE_WATCH_ADDED,
  modified = PODCORE_WATCH_MODIFIED,
  deleted = PODCORE_WATCH_DELETED,
};

/** One watch event: the pod as of the event (for deleted: its last state). */
struct watch_event {
  watch_event_type type = watch_event_type::added;
  podcore::pod pod;
};

// -------------------------------------------------------------------- watch

/** A watch on the pods of a runtime (from runtime::watch()). One thread at
 * a time. */
class watch {
 public:
  explicit watch(podcore_watch* w) : w_(w, &podcore_watch_close) {}

  /** A descriptor that polls readable when next() may have an event. */
  [[nodiscard]] int fd() const { return podcore_watch_fd(w_.get()); }

  /** The next event, waiting up to `timeout` (negative: forever); nullopt
   * when none came in time. */
  result<std::optional<watch_event>> try_next(std::chrono::milliseconds timeout) {
    int type = 0;
    podcore_pod* p = nullptr;
    if (auto e = detail::call([&](podcore_error** err) {
          return podcore_watch_next(w_.get(), &type, &p,
                                    timeout.count() < 0 ? -1 : int64_t(timeout.count()), err);
        })) {
      if (e->code == errc::timeout) return std::optional<watch_event>();
      return std::move(*e);
    }
    return std::optional<watch_event>(watch_event{static_cast<watch_event_type>(type), pod(p)});
  }
  std::optional<watch_event> next(std::chrono::milliseconds timeout) {
    return try_next(timeout).value();
  }

  [[nodiscard]] podcore_watch* native_handle() const noexcept { return w_.get(); }

 private:
  std::unique_ptr<podcore_watch, decltype(&podcore_watch_close)> w_;
};

// ------------------------------------------------------------------ runtime

/** A runtime: one state directory, one pod network, one cgroup parent.
 * Safe to use from several threads at once. Move-only. */
class runtime {
 public:
  /** Opens (creating) the state directory and layers. */
  static result<runtime> try_open(const runtime_options& o = {}) {
    detail::c_options<podcore_runtime_options> c_room(podcore_runtime_options_init);
    podcore_runtime_options& c = c_room.v;
    if (!o.state_dir.empty()) c.state_dir = o.state_dir.c_str();
    if (!o.network_name.empty()) c.network_name = o.network_name.c_str();
    if (!o.bridge.empty()) c.bridge = o.bridge.c_str();
    if (!o.subnet.empty()) c.subnet = o.subnet.c_str();
    if (!o.gateway.empty()) c.gateway = o.gateway.c_str();
    if (!o.subnet6.empty()) c.subnet6 = o.subnet6.c_str();
    if (!o.gateway6.empty()) c.gateway6 = o.gateway6.c_str();
    if (o.mtu != 0) c.mtu = o.mtu;
    if (!o.cgroup_root.empty()) c.cgroup_root = o.cgroup_root.c_str();
    if (!o.cgroup_parent.empty()) c.cgroup_parent = o.cgroup_parent.c_str();
    if (!o.monitor_path.empty()) c.monitor_path = o.monitor_path.c_str();
    if (!o.node_name.empty()) c.node_name = o.node_name.c_str();
    if (o.log_max_size != 0) c.log_max_size = o.log_max_size;
    if (o.log_max_files != 0) c.log_max_files = o.log_max_files;
    if (o.pids_max != 0) c.pids_max = o.pids_max;
    podcore_runtime* rt = nullptr;
    if (auto e =
            detail::call([&](podcore_error** err) { return podcore_runtime_open(&rt, &c, err); }))
      return std::move(*e);
    return runtime(rt);
  }
  static runtime open(const runtime_options& o = {}) { return try_open(o).value(); }

  /** Adopts a runtime opened through the C ABI (closed by this object). */
  explicit runtime(podcore_runtime* rt) : rt_(rt, &podcore_runtime_close) {}

  [[nodiscard]] podcore_runtime* native_handle() const noexcept { return rt_.get(); }

  // --- create / read

  /** Creates the pod in `manifest` (YAML or JSON, exactly one Pod). */
  result<pod> try_create(std::string_view manifest, const create_options& o = {}) {
    detail::c_options<podcore_create_options> c_room(podcore_create_options_init);
    podcore_create_options& c = c_room.v;
    c.namespace_ = detail::opt(o.namespace_);
    c.wait_ready = o.wait_ready ? 1 : 0;
    c.timeout_ms = o.timeout.count();
    const std::string text = detail::z(manifest);
    podcore_pod* p = nullptr;
    if (auto e = detail::call([&](podcore_error** err) {
          return podcore_pod_create(&p, rt(), text.c_str(), &c, err);
        }))
      return std::move(*e);
    return pod(p);
  }
  pod create(std::string_view manifest, const create_options& o = {}) {
    return try_create(manifest, o).value();
  }

  /** The pod as stored. errc::not_found: `pods "x" not found`. */
  result<pod> try_get(std::string_view namespace_, std::string_view name) {
    const std::string ns = detail::z(namespace_), n = detail::z(name);
    podcore_pod* p = nullptr;
    if (auto e = detail::call([&](podcore_error** err) {
          return podcore_pod_get(&p, rt(), ns.c_str(), n.c_str(), err);
        }))
      return std::move(*e);
    return pod(p);
  }
  pod get(std::string_view namespace_, std::string_view name) {
    return try_get(namespace_, name).value();
  }

  /** Waits until the pod meets `condition` ("Ready", "ContainersReady", a
   * phase "Running"/"Succeeded"/"Failed", "Terminal", or "Deleted"); the
   * snapshot then (nullopt for "Deleted"). errc::timeout when it does not. */
  result<std::optional<pod>> try_wait(std::string_view namespace_, std::string_view name,
                                      std::string_view condition,
                                      std::chrono::milliseconds timeout) {
    const std::string ns = detail::z(namespace_), n = detail::z(name), c = detail::z(condition);
    podcore_pod* p = nullptr;
    if (auto e = detail::call([&](podcore_error** err) {
          return podcore_pod_wait(&p, rt(), ns.c_str(), n.c_str(), c.c_str(),
                                  int64_t(timeout.count()), err);
        }))
      return std::move(*e);
    if (!p) return std::optional<pod>();
    return std::optional<pod>(pod(p));
  }
  std::optional<pod> wait(std::string_view namespace_, std::string_view name,
                          std::string_view condition, std::chrono::milliseconds timeout) {
    return try_wait(namespace_, name, condition, timeout).value();
  }

  /** The pods of a namespace (nullopt: all), sorted by namespace and name,
   * filtered by a label selector ("" : all). */
  result<std::vector<pod>> try_list(const std::optional<std::string>& namespace_ = std::nullopt,
                                    std::string_view selector = {}) {
    const std::string sel = detail::z(selector);
    podcore_pod_list* l = nullptr;
    if (auto e = detail::call([&](podcore_error** err) {
          return podcore_pods_list(&l, rt(), namespace_ ? namespace_->c_str() : nullptr,
                                   detail::opt(sel), err);
        }))
      return std::move(*e);
    // Each pod shares the list (aliasing shared_ptr): the list lives as
    // long as any of its pods.
    std::shared_ptr<podcore_pod_list> list(l, &podcore_pod_list_free);
    std::vector<pod> out;
    const std::size_t n = podcore_pod_list_count(l);
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
      out.emplace_back(std::shared_ptr<const podcore_pod>(list, podcore_pod_list_at(l, i)));
    return out;
  }
  std::vector<pod> list(const std::optional<std::string>& namespace_ = std::nullopt,
                        std::string_view selector = {}) {
    return try_list(namespace_, selector).value();
  }

  /** The pod's events, ordered by first occurrence. */
  result<std::vector<event>> try_events(std::string_view namespace_, std::string_view name) {
    const std::string ns = detail::z(namespace_), n = detail::z(name);
    podcore_event_list* l = nullptr;
    if (auto e = detail::call([&](podcore_error** err) {
          return podcore_pod_events(&l, rt(), ns.c_str(), n.c_str(), err);
        }))
      return std::move(*e);
    std::unique_ptr<podcore_event_list, decltype(&podcore_event_list_free)> owned(
        l, &podcore_event_list_free);
    std::vector<event> out;
    const std::size_t count = podcore_event_list_count(l);
    for (std::size_t i = 0; i < count; ++i)
      out.push_back({detail::str(podcore_event_type(l, i)), detail::str(podcore_event_reason(l, i)),
                     detail::str(podcore_event_message(l, i)),
                     detail::str(podcore_event_field_path(l, i)),
                     detail::str(podcore_event_source(l, i)), podcore_event_count(l, i),
                     detail::from_ns(podcore_event_first_time(l, i)),
                     detail::from_ns(podcore_event_last_time(l, i))});
    return out;
  }
  std::vector<event> events(std::string_view namespace_, std::string_view name) {
    return try_events(namespace_, name).value();
  }

  // --- logs

  /** A container's log as kubectl prints it. */
  result<std::string> try_logs(std::string_view namespace_, std::string_view name,
                               const log_options& o = {}) {
    const std::string ns = detail::z(namespace_), n = detail::z(name);
    podcore_log_options c = c_log_options(o);
    char* out = nullptr;
    std::size_t len = 0;
    if (auto e = detail::call([&](podcore_error** err) {
          return podcore_pod_logs(&out, &len, rt(), ns.c_str(), n.c_str(), &c, err);
        }))
      return std::move(*e);
    return detail::take_string(out, len);
  }
  std::string logs(std::string_view namespace_, std::string_view name, const log_options& o = {}) {
    return try_logs(namespace_, name, o).value();
  }

  /** Follows a container's log (kubectl logs -f): `on_data` gets each piece
   * until it returns false, the container instance ends, or the pod goes.
   * An exception from `on_data` stops the follow and is rethrown here. */
  result<void> try_logs_follow(std::string_view namespace_, std::string_view name,
                               const std::function<bool(std::string_view)>& on_data,
                               const log_options& o = {}) {
    const std::string ns = detail::z(namespace_), n = detail::z(name);
    podcore_log_options c = c_log_options(o);
    struct ctx {
      const std::function<bool(std::string_view)>* fn;
      detail::callback_guard guard;
    } x{&on_data, {}};
    auto trampoline = [](void* user, const char* data, std::size_t len) -> int {
      auto* self = static_cast<ctx*>(user);
      try {
        return (*self->fn)(std::string_view(data, len)) ? 0 : 1;
      } catch (...) {
        self->guard.caught = std::current_exception();
        return 1;
      }
    };
    auto e = detail::call([&](podcore_error** err) {
      return podcore_pod_logs_follow(rt(), ns.c_str(), n.c_str(), &c, trampoline, &x, err);
    });
    x.guard.rethrow();
    if (e) return std::move(*e);
    return {};
  }
  void logs_follow(std::string_view namespace_, std::string_view name,
                   const std::function<bool(std::string_view)>& on_data,
                   const log_options& o = {}) {
    try_logs_follow(namespace_, name, on_data, o).value();
  }

  // --- exec

  /** Runs `argv` in a running container and captures its output. A command
   * that runs and fails is a value (see exit_code). */
  result<exec_result> try_exec(std::string_view namespace_, std::string_view name,
                               const std::vector<std::string>& argv, const exec_options& o = {}) {
    const std::string ns = detail::z(namespace_), n = detail::z(name);
    podcore_exec_options c = c_exec_options(o);
    const std::vector<const char*> args = detail::argv_of(argv);
    podcore_exec_result* r = nullptr;
    if (auto e = detail::call([&](podcore_error** err) {
          return podcore_pod_exec(&r, rt(), ns.c_str(), n.c_str(), args.data(), &c, err);
        }))
      return std::move(*e);
    std::unique_ptr<podcore_exec_result, decltype(&podcore_exec_result_free)> owned(
        r, &podcore_exec_result_free);
    exec_result out;
    out.exit_code = podcore_exec_result_exit_code(r);
    std::size_t len = 0;
    const char* data = podcore_exec_result_stdout(r, &len);
    out.stdout_text.assign(data ? data : "", data ? len : 0);
    data = podcore_exec_result_stderr(r, &len);
    out.stderr_text.assign(data ? data : "", data ? len : 0);
    return out;
  }
  exec_result exec(std::string_view namespace_, std::string_view name,
                   const std::vector<std::string>& argv, const exec_options& o = {}) {
    return try_exec(namespace_, name, argv, o).value();
  }

  /** Like exec(), the output on the caller's descriptors (-1: /dev/null);
   * the value is the exit code. */
  result<int> try_exec_fds(std::string_view namespace_, std::string_view name,
                           const std::vector<std::string>& argv, int stdout_fd, int stderr_fd,
                           const exec_options& o = {}) {
    const std::string ns = detail::z(namespace_), n = detail::z(name);
    podcore_exec_options c = c_exec_options(o);
    const std::vector<const char*> args = detail::argv_of(argv);
    int code = 0;
    if (auto e = detail::call([&](podcore_error** err) {
          return podcore_pod_exec_fds(&code, rt(), ns.c_str(), n.c_str(), args.data(), &c,
                                      stdout_fd, stderr_fd, err);
        }))
      return std::move(*e);
    return code;
  }
  int exec_fds(std::string_view namespace_, std::string_view name,
               const std::vector<std::string>& argv, int stdout_fd, int stderr_fd,
               const exec_options& o = {}) {
    return try_exec_fds(namespace_, name, argv, stdout_fd, stderr_fd, o).value();
  }

  // --- stats, delete

  /** CPU, memory and processes of the pod ("" container) or one container. */
  result<podcore::stats> try_stats(std::string_view namespace_, std::string_view name,
                                   std::string_view container = {}) {
    const std::string ns = detail::z(namespace_), n = detail::z(name), ct = detail::z(container);
    detail::c_options<podcore_stats> s_room(podcore_stats_init);
    podcore_stats& s = s_room.v;
    if (auto e = detail::call([&](podcore_error** err) {
          return podcore_pod_stats(&s, rt(), ns.c_str(), n.c_str(), detail::opt(ct), err);
        }))
      return std::move(*e);
    return podcore::stats{s.cpu_usage_ns, s.memory_usage_bytes, s.memory_working_set_bytes,
                          s.pids_current, s.oom_kills};
  }
  podcore::stats stats(std::string_view namespace_, std::string_view name,
                       std::string_view container = {}) {
    return try_stats(namespace_, name, container).value();
  }

  /** Deletes the pod (SIGTERM, grace, SIGKILL; then network, namespaces,
   * cgroups, files). With o.wait nothing of it is left on return. */
  result<void> try_remove(std::string_view namespace_, std::string_view name,
                          const delete_options& o = {}) {
    const std::string ns = detail::z(namespace_), n = detail::z(name);
    detail::c_options<podcore_delete_options> c_room(podcore_delete_options_init);
    podcore_delete_options& c = c_room.v;
    if (o.grace_seconds) c.grace_seconds = *o.grace_seconds;
    c.force = o.force ? 1 : 0;
    c.wait = o.wait ? 1 : 0;
    if (auto e = detail::call([&](podcore_error** err) {
          return podcore_pod_delete(rt(), ns.c_str(), n.c_str(), &c, err);
        }))
      return std::move(*e);
    return {};
  }
  void remove(std::string_view namespace_, std::string_view name, const delete_options& o = {}) {
    try_remove(namespace_, name, o).value();
  }

  // --- watch

  /** Opens a watch: each pod present comes first as added, then every
   * change. Namespace nullopt: all; selector "": every pod. */
  result<podcore::watch> try_watch(const std::optional<std::string>& namespace_ = std::nullopt,
                                   std::string_view selector = {}) {
    const std::string sel = detail::z(selector);
    podcore_watch* w = nullptr;
    if (auto e = detail::call([&](podcore_error** err) {
          return podcore_watch_open(&w, rt(), namespace_ ? namespace_->c_str() : nullptr,
                                    detail::opt(sel), err);
        }))
      return std::move(*e);
    return podcore::watch(w);
  }
  podcore::watch watch(const std::optional<std::string>& namespace_ = std::nullopt,
                       std::string_view selector = {}) {
    return try_watch(namespace_, selector).value();
  }

  /** Watches on this thread, calling `on_event(type, pod)` until it returns
   * false or `timeout` passes (negative: no limit). The pod reference is
   * valid during the call only. An exception from `on_event` stops the
   * watch and is rethrown here. */
  result<void> try_watch_run(
      const std::function<bool(watch_event_type, const podcore::pod&)>& on_event,
      const std::optional<std::string>& namespace_ = std::nullopt, std::string_view selector = {},
      std::chrono::milliseconds timeout = std::chrono::milliseconds(-1)) {
    const std::string sel = detail::z(selector);
    struct ctx {
      const std::function<bool(watch_event_type, const podcore::pod&)>* fn;
      detail::callback_guard guard;
    } x{&on_event, {}};
    auto trampoline = [](void* user, int type, const podcore_pod* p) -> int {
      auto* self = static_cast<ctx*>(user);
      try {
        // Borrowed for the call: a non-owning snapshot (no deleter runs).
        const podcore::pod borrowed(
            std::shared_ptr<const podcore_pod>(p, [](const podcore_pod*) {}));
        return (*self->fn)(static_cast<watch_event_type>(type), borrowed) ? 0 : 1;
      } catch (...) {
        self->guard.caught = std::current_exception();
        return 1;
      }
    };
    auto e = detail::call([&](podcore_error** err) {
      return podcore_watch_run(rt(), namespace_ ? namespace_->c_str() : nullptr, detail::opt(sel),
                               timeout.count() < 0 ? -1 : int64_t(timeout.count()), trampoline, &x,
                               err);
    });
    x.guard.rethrow();
    if (e) return std::move(*e);
    return {};
  }
  void watch_run(const std::function<bool(watch_event_type, const podcore::pod&)>& on_event,
                 const std::optional<std::string>& namespace_ = std::nullopt,
                 std::string_view selector = {},
                 std::chrono::milliseconds timeout = std::chrono::milliseconds(-1)) {
    try_watch_run(on_event, namespace_, selector, timeout).value();
  }

  // --- images

  /** Imports a rootfs directory, bundle or tar archive as `reference`; the
   * value is the image id ("sha256:<hex>"). */
  result<std::string> try_image_import(std::string_view reference, std::string_view source_path,
                                       const image_import_options& o = {}) {
    const std::string ref = detail::z(reference), src = detail::z(source_path);
    detail::c_options<podcore_image_import_options> c_room(podcore_image_import_options_init);
    podcore_image_import_options& c = c_room.v;
    std::vector<const char*> ep, cmd, env;
    if (o.entrypoint) c.entrypoint = (ep = detail::argv_of(*o.entrypoint)).data();
    if (o.cmd) c.cmd = (cmd = detail::argv_of(*o.cmd)).data();
    if (o.env) c.env = (env = detail::argv_of(*o.env)).data();
    c.working_dir = detail::opt(o.working_dir);
    c.user = detail::opt(o.user);
    char* id = nullptr;
    if (auto e = detail::call([&](podcore_error** err) {
          return podcore_image_import(&id, rt(), ref.c_str(), src.c_str(), &c, err);
        }))
      return std::move(*e);
    return detail::take_string(id);
  }
  std::string image_import(std::string_view reference, std::string_view source_path,
                           const image_import_options& o = {}) {
    return try_image_import(reference, source_path, o).value();
  }

  /** Every image reference, sorted by repository then tag. */
  result<std::vector<image>> try_images() {
    podcore_image_list* l = nullptr;
    if (auto e =
            detail::call([&](podcore_error** err) { return podcore_images_list(&l, rt(), err); }))
      return std::move(*e);
    std::unique_ptr<podcore_image_list, decltype(&podcore_image_list_free)> owned(
        l, &podcore_image_list_free);
    std::vector<image> out;
    const std::size_t n = podcore_image_list_count(l);
    for (std::size_t i = 0; i < n; ++i)
      out.push_back({detail::str(podcore_image_list_reference(l, i)),
                     detail::str(podcore_image_list_repository(l, i)),
                     detail::str(podcore_image_list_tag(l, i)),
                     detail::str(podcore_image_list_id(l, i)), podcore_image_list_size(l, i)});
    return out;
  }
  std::vector<image> images() { return try_images().value(); }

  /** Removes an image reference. */
  result<void> try_image_remove(std::string_view reference) {
    const std::string ref = detail::z(reference);
    if (auto e = detail::call(
            [&](podcore_error** err) { return podcore_image_remove(rt(), ref.c_str(), err); }))
      return std::move(*e);
    return {};
  }
  void image_remove(std::string_view reference) { try_image_remove(reference).value(); }

 private:
  podcore_runtime* rt() const {
    if (!rt_) throw std::logic_error("podcore::runtime: used after move");
    return rt_.get();
  }
  static podcore_log_options c_log_options(const log_options& o) {
    detail::c_options<podcore_log_options> c_room(podcore_log_options_init);
    podcore_log_options& c = c_room.v;
    c.container = detail::opt(o.container);
    c.previous = o.previous ? 1 : 0;
    if (o.tail) c.tail = *o.tail;
    if (o.since) c.since = o.since->time_since_epoch().count();
    c.timestamps = o.timestamps ? 1 : 0;
    if (o.limit_bytes) c.limit_bytes = *o.limit_bytes;
    return c;
  }
  static podcore_exec_options c_exec_options(const exec_options& o) {
    detail::c_options<podcore_exec_options> c_room(podcore_exec_options_init);
    podcore_exec_options& c = c_room.v;
    c.container = detail::opt(o.container);
    c.timeout_ms = o.timeout.count();
    c.stdin_fd = o.stdin_fd;
    c.tty = o.tty ? 1 : 0;
    return c;
  }

  std::unique_ptr<podcore_runtime, decltype(&podcore_runtime_close)> rt_;
};

}  // namespace podcore

namespace std {
template <>
struct is_error_code_enum<podcore::errc> : true_type {};
}  // namespace std

#endif /* PODCORE_PODCORE_HPP */
