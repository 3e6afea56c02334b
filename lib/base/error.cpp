#include "base/error.hpp"

#include <cstring>

namespace podcore {

std::string_view error_code_name(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::kInvalid: return "invalid";
    case ErrorCode::kNotFound: return "not found";
    case ErrorCode::kAlreadyExists: return "already exists";
    case ErrorCode::kSystem: return "system error";
    case ErrorCode::kTimeout: return "timeout";
    case ErrorCode::kUnsupported: return "unsupported";
    case ErrorCode::kBusy: return "busy";
    case ErrorCode::kInternal: return "internal error";
  }
  return "unknown error";
}

std::string Error::to_string() const {
  std::string out;
  auto add = [&out](std::string_view part) {
    if (part.empty()) return;
    if (!out.empty()) out += ": ";
    out += part;
  };
  add(stage);
  add(object);
  add(field);
  add(message);
  if (sys_errno != 0) add(std::strerror(sys_errno));
  if (out.empty()) out = error_code_name(code);
  return out;
}

std::unexpected<Error> fail(ErrorCode code, std::string stage, std::string message,
                            std::string object) {
  Error e;
  e.code = code;
  e.stage = std::move(stage);
  e.message = std::move(message);
  e.object = std::move(object);
  return std::unexpected(std::move(e));
}

std::unexpected<Error> fail_errno(int sys_errno, std::string stage, std::string object,
                                  std::string message) {
  Error e;
  e.code = ErrorCode::kSystem;
  e.sys_errno = sys_errno;
  e.stage = std::move(stage);
  e.object = std::move(object);
  e.message = std::move(message);
  return std::unexpected(std::move(e));
}

}  // namespace podcore
