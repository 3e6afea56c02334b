// Errors across the C ABI: the internal podcore::Error mapped to the
// published podcore_errc numbers, and the error object's accessors.
#include <cstdlib>

#include "capi_internal.hpp"

namespace podcore::capi {

int errc_of(const Error& e) noexcept {
  switch (e.code) {
    case ErrorCode::kInvalid:
      // Everything the manifest layer rejects (decode, defaults, validate,
      // admit) is a manifest error; the pod layer words some states as
      // kInvalid (exec in a stopped container, no previous instance).
      if (e.stage.starts_with("manifest.")) return PODCORE_ERR_INVALID_MANIFEST;
      if (e.stage == "pod.exec") return PODCORE_ERR_INVALID_STATE;
      if (e.stage == "pod.container") return PODCORE_ERR_NOT_FOUND;  // no such container
      return PODCORE_ERR_INVALID_ARGUMENT;
    case ErrorCode::kNotFound: return PODCORE_ERR_NOT_FOUND;
    case ErrorCode::kAlreadyExists: return PODCORE_ERR_ALREADY_EXISTS;
    case ErrorCode::kSystem:
      switch (e.sys_errno) {
        case EPERM:
        case EACCES: return PODCORE_ERR_PERMISSION;
        case ENOMEM:
        case ENOSPC:
        case EDQUOT:
        case EMFILE:
        case ENFILE:
        case ENOBUFS: return PODCORE_ERR_RESOURCE_EXHAUSTED;
        case ETIMEDOUT: return PODCORE_ERR_TIMEOUT;
        case EBUSY: return PODCORE_ERR_BUSY;
        case ENOENT: return PODCORE_ERR_NOT_FOUND;
        case EEXIST: return PODCORE_ERR_ALREADY_EXISTS;
        case ENOSYS:
        case EOPNOTSUPP: return PODCORE_ERR_UNSUPPORTED;
        default: return PODCORE_ERR_SYSTEM;
      }
    case ErrorCode::kTimeout: return PODCORE_ERR_TIMEOUT;
    case ErrorCode::kUnsupported: return PODCORE_ERR_UNSUPPORTED;
    case ErrorCode::kBusy: return PODCORE_ERR_BUSY;
    case ErrorCode::kInternal: return PODCORE_ERR_INTERNAL;
  }
  return PODCORE_ERR_INTERNAL;
}

int report(podcore_error** err, Error error) noexcept {
  const int code = errc_of(error);
  if (!err) return code;
  *err = nullptr;
  try {
    auto obj = std::make_unique<podcore_error>();
    obj->code = code;
    obj->text = error.to_string();
    obj->error = std::move(error);
    *err = obj.release();
  } catch (...) {
    // Out of memory while reporting: the code alone has to do.
  }
  return code;
}

int invalid_argument(podcore_error** err, const char* function, std::string message) noexcept {
  try {
    return report(err, Error{ErrorCode::kInvalid, 0, function, {}, {}, std::move(message), {}});
  } catch (...) {
    return PODCORE_ERR_INVALID_ARGUMENT;
  }
}

char* dup_string(const std::string& s) {
  auto* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (!p) throw std::bad_alloc();
  std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

std::vector<std::string> string_array(const char* const* argv) {
  std::vector<std::string> out;
  for (; argv && *argv; ++argv) out.emplace_back(*argv);
  return out;
}

}  // namespace podcore::capi

extern "C" {

PODCORE_API void podcore_free(void* p) {
  std::free(p);
}

PODCORE_API const char* podcore_errc_str(int code) {
  switch (code) {
    case PODCORE_OK: return "ok";
    case PODCORE_ERR_INVALID_ARGUMENT: return "invalid argument";
    case PODCORE_ERR_INVALID_MANIFEST: return "invalid manifest";
    case PODCORE_ERR_NOT_FOUND: return "not found";
    case PODCORE_ERR_ALREADY_EXISTS: return "already exists";
    case PODCORE_ERR_PERMISSION: return "permission denied";
    case PODCORE_ERR_RESOURCE_EXHAUSTED: return "resource exhausted";
    case PODCORE_ERR_SYSTEM: return "system error";
    case PODCORE_ERR_TIMEOUT: return "timeout";
    case PODCORE_ERR_BUSY: return "busy";
    case PODCORE_ERR_UNSUPPORTED: return "unsupported";
    case PODCORE_ERR_INTERNAL: return "internal error";
    case PODCORE_ERR_INVALID_STATE: return "invalid state";
    default: return "unknown error";
  }
}

PODCORE_API void podcore_error_free(podcore_error* err) {
  delete err;
}

PODCORE_API int podcore_error_code(const podcore_error* err) {
  return err ? err->code : PODCORE_ERR_INVALID_ARGUMENT;
}

PODCORE_API const char* podcore_error_string(const podcore_error* err) {
  return err ? err->text.c_str() : "";
}

PODCORE_API const char* podcore_error_message(const podcore_error* err) {
  return err ? err->error.message.c_str() : "";
}

PODCORE_API const char* podcore_error_stage(const podcore_error* err) {
  return err ? err->error.stage.c_str() : "";
}

PODCORE_API const char* podcore_error_object(const podcore_error* err) {
  return err ? err->error.object.c_str() : "";
}

PODCORE_API const char* podcore_error_field(const podcore_error* err) {
  return err ? err->error.field.c_str() : "";
}

PODCORE_API int podcore_error_errno(const podcore_error* err) {
  return err ? err->error.sys_errno : 0;
}

PODCORE_API size_t podcore_error_cause_count(const podcore_error* err) {
  return err ? err->error.causes.size() : 0;
}

namespace {
const podcore::ErrorCause* cause(const podcore_error* err, size_t i) {
  return err && i < err->error.causes.size() ? &err->error.causes[i] : nullptr;
}
}  // namespace

PODCORE_API const char* podcore_error_cause_reason(const podcore_error* err, size_t i) {
  const auto* c = cause(err, i);
  return c ? c->reason.c_str() : "";
}

PODCORE_API const char* podcore_error_cause_field(const podcore_error* err, size_t i) {
  const auto* c = cause(err, i);
  return c ? c->field.c_str() : "";
}

PODCORE_API const char* podcore_error_cause_message(const podcore_error* err, size_t i) {
  const auto* c = cause(err, i);
  return c ? c->message.c_str() : "";
}

PODCORE_API unsigned podcore_error_cause_line(const podcore_error* err, size_t i) {
  const auto* c = cause(err, i);
  return c ? c->line : 0;
}

PODCORE_API unsigned podcore_error_cause_column(const podcore_error* err, size_t i) {
  const auto* c = cause(err, i);
  return c ? c->column : 0;
}

}  // extern "C"
