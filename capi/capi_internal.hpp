// What the C ABI's translation units share: the handle structs behind the
// opaque types of podcore.h, the error conversion and the exception fence.
// Private to capi/; never installed.
#pragma once

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.hpp"
#include "base/error.hpp"
#include "manifest/pod_types.hpp"
#include "pod/runtime.hpp"
#include "podcore/podcore.h"

struct podcore_error {
  podcore::Error error;
  int code = PODCORE_ERR_INTERNAL;
  std::string text;  // error.to_string(), kept for the borrowed accessor
};

struct podcore_runtime {
  std::unique_ptr<podcore::pod::Runtime> runtime;
  // Deletes started with wait = 0; joined by podcore_runtime_close.
  std::mutex background_mu;
  std::vector<std::thread> background;
};

struct podcore_container {
  const podcore::manifest::ContainerStatus* status = nullptr;
};

struct podcore_pod {
  podcore::manifest::Pod pod;
  std::vector<std::string> warnings;
  // Views of pod.status's container lists; built once (the snapshot never
  // changes, so the pointers stay valid).
  std::vector<podcore_container> containers;
  std::vector<podcore_container> init_containers;
};

namespace podcore::capi {

/// Fills the caller's options/stats struct of `size` bytes (its header's
/// sizeof) with the defaults `set` gives: never more than `size` bytes, so
/// a program built against an older, shorter header keeps its memory.
template <class T, class Set>
void init_sized(T* out, size_t size, Set set) {
  if (out == nullptr || size < sizeof out->struct_size) return;
  T full{};
  full.struct_size = size < sizeof(T) ? size : sizeof(T);
  set(full);
  std::memcpy(static_cast<void*>(out), &full, full.struct_size);
}

/// The public code of an internal error (the mapping is documented in
/// podcore.h's podcore_errc).
int errc_of(const Error& error) noexcept;

/// Stores `error` in *err (when err is not null) and returns its code.
int report(podcore_error** err, Error error) noexcept;

/// A PODCORE_ERR_INVALID_ARGUMENT with `message` naming the argument.
int invalid_argument(podcore_error** err, const char* function, std::string message) noexcept;

/// Runs `body` (returning int) with every exception turned into an error:
/// std::bad_alloc → RESOURCE_EXHAUSTED, anything else → INTERNAL. Clears
/// *err first, so a success leaves it NULL.
template <class F>
int guarded(podcore_error** err, const char* function, F&& body) noexcept {
  if (err) *err = nullptr;
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return report(err, Error{ErrorCode::kSystem, ENOMEM, function, {}, {}, "out of memory", {}});
  } catch (const std::exception& e) {
    return report(err, Error{ErrorCode::kInternal,
                             0,
                             function,
                             {},
                             {},
                             std::string("unexpected exception: ") + e.what(),
                             {}});
  } catch (...) {
    return report(err,
                  Error{ErrorCode::kInternal, 0, function, {}, {}, "unexpected exception", {}});
  }
}

/// A copy of `s` in malloc'd memory (freed by podcore_free), NUL-terminated.
/// Throws std::bad_alloc.
char* dup_string(const std::string& s);

/// The string, "" for NULL.
inline std::string str(const char* s) {
  return s ? std::string(s) : std::string();
}

/// A pod namespace argument: NULL or "" → "default".
inline std::string ns_or_default(const char* s) {
  return s && *s ? std::string(s) : std::string("default");
}

/// Whether an options struct of the caller's size holds `field`.
#define PODCORE_HAS_FIELD(opts, type, field) \
  ((opts)->struct_size >= offsetof(type, field) + sizeof((opts)->field))

/// A new snapshot of `pod` (throws std::bad_alloc).
std::unique_ptr<podcore_pod> make_snapshot(manifest::Pod pod,
                                           std::vector<std::string> warnings = {});

/// An RFC 3339 time as ns since the epoch, 0 when empty or malformed.
int64_t time_ns(const std::string& rfc3339) noexcept;
/// A wall time as ns since the epoch.
int64_t time_ns(WallTime t) noexcept;

/// A NULL-terminated argv as a vector; nullopt-like empty for NULL.
std::vector<std::string> string_array(const char* const* argv);

}  // namespace podcore::capi
