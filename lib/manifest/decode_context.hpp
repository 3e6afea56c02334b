// State of one strict decode: the field path, the Go type names for
// encoding/json-style error texts, and the problems found.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "manifest/scalars.hpp"
#include "manifest/yaml_tree.hpp"

namespace podcore::manifest {

/// How unknown and duplicate fields are treated (kubectl --validate).
enum class FieldValidation { kStrict, kWarn, kIgnore };

/// A problem found while decoding, with where it is in the text.
struct DecodeIssue {
  std::string message;  ///< e.g. `unknown field "spec.foo"`
  std::string field;    ///< e.g. "spec.foo"
  uint32_t line = 0;
  uint32_t column = 0;
};

class DecodeContext {
 public:
  explicit DecodeContext(FieldValidation mode) : mode_(mode) {}

  /// True once a fatal (type) error was recorded: decoding stops.
  [[nodiscard]] bool failed() const { return fatal_.has_value(); }
  [[nodiscard]] const std::optional<DecodeIssue>& fatal() const { return fatal_; }
  /// Unknown/duplicate field errors (strict mode).
  [[nodiscard]] const std::vector<DecodeIssue>& strict_errors() const { return strict_; }
  /// Unknown/duplicate field warnings (warn mode).
  [[nodiscard]] const std::vector<DecodeIssue>& warnings() const { return warnings_; }

  // The path, kept as a stack of segments and only formatted on error.
  void push_field(std::string_view name) { path_.push_back({name, -1, Seg::kField}); }
  void push_index(int64_t i) { path_.push_back({{}, i, Seg::kIndex}); }
  void push_key(std::string_view key) { path_.push_back({key, -1, Seg::kKey}); }
  void pop() { path_.pop_back(); }
  void push_struct(const char* go_name) { structs_.push_back({go_name, path_.size()}); }
  void pop_struct() { structs_.pop_back(); }

  /// "spec.containers[0].image"
  [[nodiscard]] std::string field_path() const;

  /// An unknown field (or a duplicate key) at `node`, per the mode.
  void unknown_field(const YNode& node);
  void duplicate_field(const YNode& node);
  /// encoding/json's "cannot unmarshal <what> into Go struct field <T.path> of type <go_type>".
  void type_error(const YNode& node, std::string_view go_type, bool with_number = false);
  /// A fatal error with a message of its own (Quantity syntax, time syntax).
  void fail_with(const YNode& node, std::string message);

 private:
  struct Seg {
    std::string_view name;
    int64_t index;
    enum Kind : uint8_t { kField, kIndex, kKey } kind;
  };
  struct StructMark {
    const char* go_name;
    size_t depth;
  };
  void strict_issue(const YNode& node, std::string message);

  FieldValidation mode_;
  std::vector<Seg> path_;
  std::vector<StructMark> structs_;
  std::optional<DecodeIssue> fatal_;
  std::vector<DecodeIssue> strict_;
  std::vector<DecodeIssue> warnings_;
};

// Go type names used in type errors, per C++ type.
template <class T>
struct GoTypeName;
template <>
struct GoTypeName<std::string> {
  static constexpr const char* value = "string";
};
template <>
struct GoTypeName<int32_t> {
  static constexpr const char* value = "int32";
};
template <>
struct GoTypeName<int64_t> {
  static constexpr const char* value = "int64";
};
template <>
struct GoTypeName<bool> {
  static constexpr const char* value = "bool";
};
template <>
struct GoTypeName<Quantity> {
  static constexpr const char* value = "resource.Quantity";
};
template <>
struct GoTypeName<IntOrString> {
  static constexpr const char* value = "intstr.IntOrString";
};
template <>
struct GoTypeName<Time> {
  static constexpr const char* value = "v1.Time";
};
template <>
struct GoTypeName<Value> {
  static constexpr const char* value = "v1.FieldsV1";
};

// Scalar and leaf decoders. Each leaves `out` untouched on error.
void decode_value(const YNode& n, DecodeContext& ctx, std::string& out);
void decode_value(const YNode& n, DecodeContext& ctx, int32_t& out);
void decode_value(const YNode& n, DecodeContext& ctx, int64_t& out);
void decode_value(const YNode& n, DecodeContext& ctx, bool& out);
void decode_value(const YNode& n, DecodeContext& ctx, Quantity& out);
void decode_value(const YNode& n, DecodeContext& ctx, IntOrString& out);
void decode_value(const YNode& n, DecodeContext& ctx, Time& out);
void decode_value(const YNode& n, DecodeContext& ctx, Value& out);

/// The Value a YAML node means as JSON (used for free-form fields).
Value yaml_to_value(const YNode& n);

template <class T>
void decode_value(const YNode& n, DecodeContext& ctx, std::optional<T>& out) {
  if (n.kind == YNode::Kind::kNull) {
    out.reset();
    return;
  }
  if (!out) out.emplace();
  decode_value(n, ctx, *out);
}

template <class T>
void decode_value(const YNode& n, DecodeContext& ctx, std::vector<T>& out) {
  if (n.kind == YNode::Kind::kNull) {
    out.clear();
    return;
  }
  if (n.kind != YNode::Kind::kSequence) {
    ctx.type_error(n, std::string("[]") + GoTypeName<T>::value);
    return;
  }
  out.clear();
  out.resize(n.children.size());
  for (size_t i = 0; i < n.children.size() && !ctx.failed(); ++i) {
    ctx.push_index(static_cast<int64_t>(i));
    decode_value(n.children[i], ctx, out[i]);
    ctx.pop();
  }
}

template <class T>
void decode_value(const YNode& n, DecodeContext& ctx, std::map<std::string, T>& out) {
  if (n.kind == YNode::Kind::kNull) {
    out.clear();
    return;
  }
  if (n.kind != YNode::Kind::kMap) {
    ctx.type_error(n, std::string("map[string]") + GoTypeName<T>::value);
    return;
  }
  out.clear();
  for (const auto& child : n.children) {
    if (ctx.failed()) return;
    ctx.push_key(child.key);
    if (child.duplicate) ctx.duplicate_field(child);
    decode_value(child, ctx, out[child.key]);
    ctx.pop();
  }
}

// Encoders: C++ value -> Value.
inline Value encode_value(const std::string& s) {
  return Value::string(s);
}
inline Value encode_value(int32_t i) {
  return Value::integer(i);
}
inline Value encode_value(int64_t i) {
  return Value::integer(i);
}
inline Value encode_value(bool b) {
  return Value::boolean(b);
}
inline Value encode_value(const Quantity& q) {
  return Value::string(q.to_string());
}
inline Value encode_value(const IntOrString& v) {
  return v.is_string() ? Value::string(v.str_val) : Value::integer(v.int_val);
}
inline Value encode_value(const Time& t) {
  return t.empty() ? Value::null() : Value::string(t.rfc3339);
}
inline Value encode_value(const Value& v) {
  return v;
}
template <class T>
Value encode_value(const std::optional<T>& o) {
  return o ? encode_value(*o) : Value::null();
}
template <class T>
Value encode_value(const std::vector<T>& v) {
  Value out = Value::array();
  out.items().reserve(v.size());
  for (const auto& e : v) out.push(encode_value(e));
  return out;
}
template <class T>
Value encode_value(const std::map<std::string, T>& m) {
  Value out = Value::object();
  out.members().reserve(m.size());
  for (const auto& [k, v] : m) out.add(k, encode_value(v));
  return out;
}

// omitempty: what Go's encoding/json considers empty.
inline bool is_empty_value(const std::string& s) {
  return s.empty();
}
inline bool is_empty_value(int32_t i) {
  return i == 0;
}
inline bool is_empty_value(int64_t i) {
  return i == 0;
}
inline bool is_empty_value(bool b) {
  return !b;
}
template <class T>
bool is_empty_value(const std::optional<T>& o) {
  return !o.has_value();
}
template <class T>
bool is_empty_value(const std::vector<T>& v) {
  return v.empty();
}
template <class T>
bool is_empty_value(const std::map<std::string, T>& m) {
  return m.empty();
}

}  // namespace podcore::manifest
