// Field errors in the API server's form (apimachinery field.Error):
// "<path>: <Type text>[: <value>][: <detail>]".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace podcore::manifest {

/// The kinds of field error the API server reports.
enum class FieldErrorType {
  kRequired,      ///< "Required value"            (FieldValueRequired)
  kInvalid,       ///< "Invalid value"             (FieldValueInvalid)
  kDuplicate,     ///< "Duplicate value"           (FieldValueDuplicate)
  kNotSupported,  ///< "Unsupported value"         (FieldValueNotSupported)
  kNotFound,      ///< "Not found"                 (FieldValueNotFound)
  kForbidden,     ///< "Forbidden"                 (FieldValueForbidden)
  kTooLong,       ///< "Too long"                  (FieldValueTooLong)
  kTooMany,       ///< "Too many"                  (FieldValueTooMany)
};

/// One field error. `value` is the bad value already rendered the way the
/// API server prints it (Go-quoted strings, bare numbers); `has_value`
/// says whether it is printed at all.
struct FieldError {
  FieldErrorType type = FieldErrorType::kInvalid;
  std::string field;
  std::string value;
  bool has_value = false;
  std::string detail;

  /// "<Type text>[: <value>][: <detail>]" (the cause message).
  [[nodiscard]] std::string body() const;
  /// "<field>: <body>".
  [[nodiscard]] std::string to_string() const;
  /// The machine reason, e.g. "FieldValueRequired".
  [[nodiscard]] std::string_view reason() const;

  bool operator==(const FieldError&) const = default;
};

using FieldErrors = std::vector<FieldError>;

/// Go's strconv.Quote: the form in which string values are printed.
std::string go_quote(std::string_view s);

/// A bad value for an error: a Go-quoted string or a bare number/bool.
struct BadValue {
  std::string text;
  BadValue(std::string_view s) : text(go_quote(s)) {}    // NOLINT
  BadValue(const std::string& s) : text(go_quote(s)) {}  // NOLINT
  BadValue(const char* s) : text(go_quote(s)) {}         // NOLINT
  BadValue(int64_t v) : text(std::to_string(v)) {}       // NOLINT
  BadValue(int32_t v) : text(std::to_string(v)) {}       // NOLINT
  BadValue(uint64_t v) : text(std::to_string(v)) {}      // NOLINT
  BadValue(bool v) : text(v ? "true" : "false") {}       // NOLINT
  static BadValue raw(std::string printed) {
    BadValue b{int64_t{0}};
    b.text = std::move(printed);
    return b;
  }
};

FieldError required(std::string field, std::string detail = {});
FieldError invalid(std::string field, const BadValue& value, std::string detail);
FieldError duplicate(std::string field, const BadValue& value);
FieldError not_supported(std::string field, const BadValue& value,
                         const std::vector<std::string_view>& supported);
FieldError not_found(std::string field, const BadValue& value);
FieldError forbidden(std::string field, std::string detail);
FieldError too_long(std::string field, int64_t max_bytes);
FieldError too_many(std::string field, int64_t actual, int64_t max_items);

/// `Pod "<name>" is invalid: <e1>` or `... is invalid: [<e1>, <e2>]`, with
/// duplicates removed (apimachinery NewInvalid). `kind` is e.g. "Pod".
std::string invalid_object_message(std::string_view kind, std::string_view name,
                                   const FieldErrors& errors);

/// Removes exact duplicates, keeping the first occurrence order.
FieldErrors dedupe(const FieldErrors& errors);

}  // namespace podcore::manifest
