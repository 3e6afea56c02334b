#include "manifest/field_error.hpp"

#include <cstdio>

namespace podcore::manifest {

namespace {

std::string_view type_text(FieldErrorType t) {
  switch (t) {
    case FieldErrorType::kRequired: return "Required value";
    case FieldErrorType::kInvalid: return "Invalid value";
    case FieldErrorType::kDuplicate: return "Duplicate value";
    case FieldErrorType::kNotSupported: return "Unsupported value";
    case FieldErrorType::kNotFound: return "Not found";
    case FieldErrorType::kForbidden: return "Forbidden";
    case FieldErrorType::kTooLong: return "Too long";
    case FieldErrorType::kTooMany: return "Too many";
  }
  return "Internal error";
}

void append_utf8_escape(std::string& out, uint32_t cp) {
  char buf[16];
  if (cp < 0x10000)
    std::snprintf(buf, sizeof buf, "\\u%04x", cp);
  else
    std::snprintf(buf, sizeof buf, "\\U%08x", cp);
  out += buf;
}

// Decodes one UTF-8 sequence at s[i]; returns its length, or 0 if invalid.
size_t decode_utf8(std::string_view s, size_t i, uint32_t& cp) {
  auto c = static_cast<unsigned char>(s[i]);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size()) return 0;
  cp = len == 1 ? c : len == 2 ? (c & 0x1f) : len == 3 ? (c & 0x0f) : (c & 0x07);
  for (size_t k = 1; k < len; ++k) {
    auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc >> 6) != 2) return 0;
    cp = (cp << 6) | (cc & 0x3f);
  }
  return len;
}

}  // namespace

std::string go_quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\a': out += "\\a"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\v': out += "\\v"; break;
        default:
          if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    uint32_t cp = 0;
    size_t len = decode_utf8(s, i, cp);
    if (len == 0) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
      ++i;
      continue;
    }
    // Printable non-ASCII stays as is (Go's IsPrint); the C1 controls and
    // the zero-width/format range are escaped.
    if ((cp >= 0x80 && cp < 0xa0) || cp == 0xad || (cp >= 0x2028 && cp <= 0x202e) ||
        (cp >= 0x200b && cp <= 0x200f) || cp == 0xfeff)
      append_utf8_escape(out, cp);
    else
      out.append(s.substr(i, len));
    i += len;
  }
  out += '"';
  return out;
}

std::string FieldError::body() const {
  std::string s(type_text(type));
  bool print_value = has_value && type != FieldErrorType::kRequired &&
                     type != FieldErrorType::kForbidden && type != FieldErrorType::kTooLong;
  if (print_value) {
    s += ": ";
    s += value;
  }
  if (!detail.empty()) {
    s += ": ";
    s += detail;
  }
  return s;
}

std::string FieldError::to_string() const {
  return field + ": " + body();
}

std::string_view FieldError::reason() const {
  switch (type) {
    case FieldErrorType::kRequired: return "FieldValueRequired";
    case FieldErrorType::kInvalid: return "FieldValueInvalid";
    case FieldErrorType::kDuplicate: return "FieldValueDuplicate";
    case FieldErrorType::kNotSupported: return "FieldValueNotSupported";
    case FieldErrorType::kNotFound: return "FieldValueNotFound";
    case FieldErrorType::kForbidden: return "FieldValueForbidden";
    case FieldErrorType::kTooLong: return "FieldValueTooLong";
    case FieldErrorType::kTooMany: return "FieldValueTooMany";
  }
  return "InternalError";
}

namespace {
FieldError make(FieldErrorType t, std::string field, const BadValue* v, std::string detail) {
  FieldError e;
  e.type = t;
  e.field = std::move(field);
  if (v != nullptr) {
    e.value = v->text;
    e.has_value = true;
  }
  e.detail = std::move(detail);
  return e;
}
}  // namespace

FieldError required(std::string field, std::string detail) {
  return make(FieldErrorType::kRequired, std::move(field), nullptr, std::move(detail));
}
FieldError invalid(std::string field, const BadValue& value, std::string detail) {
  return make(FieldErrorType::kInvalid, std::move(field), &value, std::move(detail));
}
FieldError duplicate(std::string field, const BadValue& value) {
  return make(FieldErrorType::kDuplicate, std::move(field), &value, {});
}
FieldError not_supported(std::string field, const BadValue& value,
                         const std::vector<std::string_view>& supported) {
  std::string detail;
  if (!supported.empty()) {
    detail = "supported values: ";
    for (size_t i = 0; i < supported.size(); ++i) {
      if (i) detail += ", ";
      detail += go_quote(supported[i]);
    }
  }
  return make(FieldErrorType::kNotSupported, std::move(field), &value, std::move(detail));
}
FieldError not_found(std::string field, const BadValue& value) {
  return make(FieldErrorType::kNotFound, std::move(field), &value, {});
}
FieldError forbidden(std::string field, std::string detail) {
  return make(FieldErrorType::kForbidden, std::move(field), nullptr, std::move(detail));
}
FieldError too_long(std::string field, int64_t max_bytes) {
  return make(FieldErrorType::kTooLong, std::move(field), nullptr,
              "may not be more than " + std::to_string(max_bytes) + " bytes");
}
FieldError too_many(std::string field, int64_t actual, int64_t max_items) {
  BadValue v(actual);
  return make(FieldErrorType::kTooMany, std::move(field), &v,
              "must have at most " + std::to_string(max_items) + " items");
}

FieldErrors dedupe(const FieldErrors& errors) {
  FieldErrors out;
  for (const auto& e : errors) {
    bool seen = false;
    for (const auto& o : out) seen = seen || o.to_string() == e.to_string();
    if (!seen) out.push_back(e);
  }
  return out;
}

std::string invalid_object_message(std::string_view kind, std::string_view name,
                                   const FieldErrors& errors) {
  std::string s;
  s += kind;
  s += ' ';
  s += go_quote(name);
  s += " is invalid: ";
  FieldErrors uniq = dedupe(errors);
  if (uniq.size() == 1) return s + uniq[0].to_string();
  s += '[';
  for (size_t i = 0; i < uniq.size(); ++i) {
    if (i) s += ", ";
    s += uniq[i].to_string();
  }
  s += ']';
  return s;
}

}  // namespace podcore::manifest
