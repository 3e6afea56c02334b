// The one error type used inside libpod-core, and Result<T>.
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace podcore {

/// What kind of failure an Error is. The numbers are mirrored by the public
/// C enum and never change.
enum class ErrorCode : int {
  kInvalid = 1,        ///< bad input: a manifest, an argument, a reference
  kNotFound = 2,       ///< the named object does not exist
  kAlreadyExists = 3,  ///< the named object exists already
  kSystem = 4,         ///< a system call failed (see Error::sys_errno)
  kTimeout = 5,        ///< a wait ran out of time
  kUnsupported = 6,    ///< valid, but this runtime does not do it
  kBusy = 7,           ///< a resource is held by someone else
  kInternal = 8,       ///< a bug: an invariant did not hold
};

/// Short lowercase name of an error code ("invalid", "not found", ...).
std::string_view error_code_name(ErrorCode code) noexcept;

/// One detailed cause of an Error, like a Kubernetes StatusCause: a
/// rejected manifest carries one per field error.
struct ErrorCause {
  std::string reason;   ///< e.g. "FieldValueRequired", "FieldValueInvalid"
  std::string field;    ///< e.g. "spec.containers[0].image"
  std::string message;  ///< e.g. "Required value"
  unsigned line = 0;    ///< 1-based position in the manifest text, 0 if unknown
  unsigned column = 0;
  bool operator==(const ErrorCause&) const = default;
};

/// An error: what failed (stage), on what (object, field), and why.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  int sys_errno = 0;               ///< errno of the failed call, 0 when none
  std::string stage;               ///< e.g. "manifest.decode", "net.veth"
  std::string object;              ///< e.g. a pod name, a file or cgroup path
  std::string field;               ///< Kubernetes field path, e.g. "spec.containers[0].image"
  std::string message;             ///< human text, already complete without the rest
  std::vector<ErrorCause> causes;  ///< details (field errors), may be empty

  /// "<stage>: <object>: <field>: <message>: <strerror>", empty parts left out.
  [[nodiscard]] std::string to_string() const;
};

/// Result of an operation that can fail.
template <class T>
using Result = std::expected<T, Error>;

/// Builds an Error (the std::unexpected to return from a Result function).
std::unexpected<Error> fail(ErrorCode code, std::string stage, std::string message,
                            std::string object = {});

/// Builds a kSystem Error from an errno value.
std::unexpected<Error> fail_errno(int sys_errno, std::string stage, std::string object,
                                  std::string message);

}  // namespace podcore
