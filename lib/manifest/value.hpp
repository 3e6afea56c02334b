// A generic JSON-like value: what the encoder produces before printing, and
// how free-form fields (managedFields[].fieldsV1) are kept.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace podcore::manifest {

/// A JSON value. Objects keep insertion order (the JSON printer keeps it,
/// the YAML printer sorts keys as kubectl does).
class Value {
 public:
  enum class Kind : uint8_t { kNull, kBool, kInt, kFloat, kString, kArray, kObject };
  using Member = std::pair<std::string, Value>;

  Value() {}  // NOLINT: user-provided so clang sees it before the members are complete
  static Value null() { return {}; }
  static Value boolean(bool b) {
    Value v;
    v.kind_ = Kind::kBool;
    v.bool_ = b;
    return v;
  }
  static Value integer(int64_t i) {
    Value v;
    v.kind_ = Kind::kInt;
    v.int_ = i;
    return v;
  }
  static Value floating(double d) {
    Value v;
    v.kind_ = Kind::kFloat;
    v.float_ = d;
    return v;
  }
  static Value string(std::string s) {
    Value v;
    v.kind_ = Kind::kString;
    v.string_ = std::move(s);
    return v;
  }
  static Value array() {
    Value v;
    v.kind_ = Kind::kArray;
    return v;
  }
  static Value object() {
    Value v;
    v.kind_ = Kind::kObject;
    return v;
  }

  [[nodiscard]] Kind kind() const { return kind_; }
  [[nodiscard]] bool is_null() const { return kind_ == Kind::kNull; }
  [[nodiscard]] bool as_bool() const { return bool_; }
  [[nodiscard]] int64_t as_int() const { return int_; }
  [[nodiscard]] double as_float() const { return float_; }
  [[nodiscard]] const std::string& as_string() const { return string_; }
  [[nodiscard]] const std::vector<Value>& items() const { return items_; }
  [[nodiscard]] std::vector<Value>& items() { return items_; }
  [[nodiscard]] const std::vector<Member>& members() const { return members_; }
  [[nodiscard]] std::vector<Member>& members() { return members_; }

  /// Appends to an array.
  Value& push(Value v) {
    items_.push_back(std::move(v));
    return items_.back();
  }
  /// Appends a member to an object (no duplicate check: callers own keys).
  Value& add(std::string key, Value v) {
    members_.emplace_back(std::move(key), std::move(v));
    return members_.back().second;
  }
  /// The member named `key`, or nullptr.
  [[nodiscard]] const Value* find(std::string_view key) const {
    for (const auto& m : members_)
      if (m.first == key) return &m.second;
    return nullptr;
  }

  bool operator==(const Value& o) const = default;

 private:
  Kind kind_ = Kind::kNull;
  bool bool_ = false;
  int64_t int_ = 0;
  double float_ = 0;
  std::string string_;
  std::vector<Value> items_;
  std::vector<Member> members_;
};

/// Prints like Go's json.MarshalIndent(v, "", "    ") followed by a newline,
/// which is what `kubectl -o json` prints: object members in order, HTML
/// characters escaped (\u003c, \u003e, \u0026), floats in Go's shortest form.
std::string to_json(const Value& v);

/// A copy of `v` with the members of every object sorted by key in byte
/// order: how Go writes a map[string]interface{}, so how kubectl prints the
/// unstructured objects the API server returns (`kubectl apply -o json`).
Value with_sorted_keys(const Value& v);

/// Compact single-line JSON (json.Marshal), no trailing newline.
std::string to_json_compact(const Value& v);

/// Prints like `kubectl -o yaml` (sigs.k8s.io/yaml over go-yaml v2): keys of
/// every object sorted the way go-yaml sorts them, block style, sequences not
/// indented under their key, strings quoted only where go-yaml quotes them,
/// long strings folded at 80 columns, multi-line strings as literal blocks.
std::string to_yaml(const Value& v);

/// A JSON string literal as encoding/json writes it (HTML characters and
/// U+2028/U+2029 escaped, invalid UTF-8 as \ufffd).
std::string json_quote(std::string_view s);

/// Go's strconv.FormatFloat(f, 'g'-like JSON form): how encoding/json writes
/// a float64 (shortest representation, exponent form below 1e-6 or from 1e21).
std::string go_json_float(double f);

}  // namespace podcore::manifest
