// Leaf types of the Pod object model besides Quantity and Value.
#pragma once

#include <cstdint>
#include <string>

#include "manifest/quantity.hpp"
#include "manifest/value.hpp"

namespace podcore::manifest {

/// intstr.IntOrString: a port given as a number or a name.
struct IntOrString {
  enum class Type : uint8_t { kInt, kString };
  Type type = Type::kInt;
  int32_t int_val = 0;
  std::string str_val;

  static IntOrString from_int(int32_t v) { return {Type::kInt, v, {}}; }
  static IntOrString from_string(std::string s) { return {Type::kString, 0, std::move(s)}; }
  [[nodiscard]] bool is_string() const { return type == Type::kString; }
  bool operator==(const IntOrString&) const = default;
};

/// metav1.Time: an RFC 3339 timestamp in UTC with second precision, or
/// empty (the zero time, written as null).
struct Time {
  std::string rfc3339;
  [[nodiscard]] bool empty() const { return rfc3339.empty(); }
  bool operator==(const Time&) const = default;
};

}  // namespace podcore::manifest
