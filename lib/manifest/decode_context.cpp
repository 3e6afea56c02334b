#include "manifest/decode_context.hpp"

#include <cmath>
#include <limits>

#include "manifest/field_error.hpp"

namespace podcore::manifest {

std::string DecodeContext::field_path() const {
  std::string out;
  for (const auto& s : path_) {
    switch (s.kind) {
      case Seg::kField:
        if (!out.empty()) out += '.';
        out += s.name;
        break;
      case Seg::kIndex:
        out += '[';
        out += std::to_string(s.index);
        out += ']';
        break;
      case Seg::kKey:
        out += '[';
        out += s.name;
        out += ']';
        break;
    }
  }
  return out;
}

void DecodeContext::strict_issue(const YNode& node, std::string message) {
  DecodeIssue issue{std::move(message), field_path(), node.key_line ? node.key_line : node.line,
                    node.key_line ? node.key_column : node.column};
  if (mode_ == FieldValidation::kStrict)
    strict_.push_back(std::move(issue));
  else if (mode_ == FieldValidation::kWarn)
    warnings_.push_back(std::move(issue));
}

void DecodeContext::unknown_field(const YNode& node) {
  if (mode_ == FieldValidation::kIgnore) return;
  strict_issue(node, "unknown field " + go_quote(field_path()));
}

void DecodeContext::duplicate_field(const YNode& node) {
  if (mode_ == FieldValidation::kIgnore) return;
  strict_issue(node, "duplicate field " + go_quote(field_path()));
}

void DecodeContext::type_error(const YNode& node, std::string_view go_type, bool with_number) {
  if (fatal_) return;
  std::string what(json_kind_name(node));
  if (with_number) what += " " + json_number_text(resolve_scalar(node));
  // encoding/json names the innermost struct and the JSON keys from the
  // root, without list indexes or map keys: "Container.spec.containers.image".
  std::string go_field;
  if (!structs_.empty()) {
    go_field = structs_.back().go_name;
    for (const auto& s : path_) {
      if (s.kind != Seg::kField) continue;
      go_field += '.';
      go_field += s.name;
    }
  }
  std::string msg = "json: cannot unmarshal " + what + " into Go ";
  msg += go_field.empty() ? "value" : "struct field " + go_field;
  msg += " of type ";
  msg += go_type;
  fatal_ = DecodeIssue{std::move(msg), field_path(), node.line, node.column};
}

void DecodeContext::fail_with(const YNode& node, std::string message) {
  if (fatal_) return;
  fatal_ = DecodeIssue{std::move(message), field_path(), node.line, node.column};
}

void decode_value(const YNode& n, DecodeContext& ctx, std::string& out) {
  if (n.kind == YNode::Kind::kNull) return;
  if (n.kind == YNode::Kind::kScalar) {
    Scalar s = resolve_scalar(n);
    if (s.type == Scalar::Type::kString) {
      out = n.text;
      return;
    }
    if (s.type == Scalar::Type::kNull) return;
  }
  ctx.type_error(n, "string");
}

namespace {

// Integer fields accept JSON numbers with an integral value: a YAML `8080.0`
// or `1e3` becomes the JSON number 8080 / 1000 on its way to the API server.
template <class Int>
void decode_int(const YNode& n, DecodeContext& ctx, Int& out, const char* go_type) {
  if (n.kind == YNode::Kind::kNull) return;
  if (n.kind != YNode::Kind::kScalar) {
    ctx.type_error(n, go_type);
    return;
  }
  Scalar s = resolve_scalar(n);
  constexpr auto lo = std::numeric_limits<Int>::min();
  constexpr auto hi = std::numeric_limits<Int>::max();
  switch (s.type) {
    case Scalar::Type::kNull: return;
    case Scalar::Type::kInt:
      if (s.i < lo || s.i > hi) return ctx.type_error(n, go_type, true);
      out = static_cast<Int>(s.i);
      return;
    case Scalar::Type::kUint: return ctx.type_error(n, go_type, true);
    case Scalar::Type::kFloat: {
      double f = s.f;
      if (!std::isfinite(f)) return ctx.fail_with(n, "json: unsupported value: " + n.text);
      if (f != std::trunc(f) || f < static_cast<double>(lo) || f >= -static_cast<double>(lo))
        return ctx.type_error(n, go_type, true);
      auto v = static_cast<int64_t>(f);
      if (v < lo || v > hi) return ctx.type_error(n, go_type, true);
      out = static_cast<Int>(v);
      return;
    }
    default: ctx.type_error(n, go_type);
  }
}

}  // namespace

void decode_value(const YNode& n, DecodeContext& ctx, int32_t& out) {
  decode_int(n, ctx, out, "int32");
}
void decode_value(const YNode& n, DecodeContext& ctx, int64_t& out) {
  decode_int(n, ctx, out, "int64");
}

void decode_value(const YNode& n, DecodeContext& ctx, bool& out) {
  if (n.kind == YNode::Kind::kNull) return;
  if (n.kind == YNode::Kind::kScalar) {
    Scalar s = resolve_scalar(n);
    if (s.type == Scalar::Type::kBool) {
      out = s.b;
      return;
    }
    if (s.type == Scalar::Type::kNull) return;
  }
  ctx.type_error(n, "bool");
}

void decode_value(const YNode& n, DecodeContext& ctx, Quantity& out) {
  if (n.kind == YNode::Kind::kNull) return;
  std::string text;
  if (n.kind == YNode::Kind::kScalar) {
    Scalar s = resolve_scalar(n);
    if (s.type == Scalar::Type::kNull) return;
    if (s.type == Scalar::Type::kString) {
      // Quantity.UnmarshalJSON trims spaces around a string value.
      std::string_view t = n.text;
      while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
      while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
      text = t;
    } else if (s.type == Scalar::Type::kBool) {
      text = s.b ? "true" : "false";
    } else {
      text = json_number_text(s);
    }
  } else {
    text = n.kind == YNode::Kind::kMap ? "{}" : "[]";
  }
  auto q = Quantity::parse(text);
  if (!q) return ctx.fail_with(n, q.error().message);
  out = std::move(*q);
}

void decode_value(const YNode& n, DecodeContext& ctx, IntOrString& out) {
  if (n.kind == YNode::Kind::kNull) return;
  if (n.kind == YNode::Kind::kScalar) {
    Scalar s = resolve_scalar(n);
    if (s.type == Scalar::Type::kString) {
      out = IntOrString::from_string(n.text);
      return;
    }
    if (s.type == Scalar::Type::kNull) return;
    int32_t v = 0;
    decode_int(n, ctx, v, "int32");
    if (!ctx.failed()) out = IntOrString::from_int(v);
    return;
  }
  ctx.type_error(n, "int32");
}

namespace {

bool digits_at(std::string_view s, size_t pos, size_t count) {
  if (pos + count > s.size()) return false;
  for (size_t i = pos; i < pos + count; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

// RFC 3339 as Go's time.Parse(time.RFC3339, ...) accepts it.
bool is_rfc3339(std::string_view s) {
  if (!digits_at(s, 0, 4) || s.size() < 20 || s[4] != '-' || !digits_at(s, 5, 2) || s[7] != '-' ||
      !digits_at(s, 8, 2) || (s[10] != 'T' && s[10] != 't') || !digits_at(s, 11, 2) ||
      s[13] != ':' || !digits_at(s, 14, 2) || s[16] != ':' || !digits_at(s, 17, 2))
    return false;
  size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    ++i;
    size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start) return false;
  }
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) return i + 1 == s.size();
  return i + 6 == s.size() && (s[i] == '+' || s[i] == '-') && digits_at(s, i + 1, 2) &&
         s[i + 3] == ':' && digits_at(s, i + 4, 2);
}

}  // namespace

void decode_value(const YNode& n, DecodeContext& ctx, Time& out) {
  if (n.kind == YNode::Kind::kNull) return;
  if (n.kind == YNode::Kind::kScalar) {
    Scalar s = resolve_scalar(n);
    if (s.type == Scalar::Type::kNull) return;
    if (s.type == Scalar::Type::kString) {
      if (!is_rfc3339(n.text))
        return ctx.fail_with(n, "parsing time " + go_quote(n.text) +
                                    " as \"2006-01-02T15:04:05Z07:00\": cannot parse " +
                                    go_quote(n.text) + " as RFC 3339");
      out.rfc3339 = n.text;
      return;
    }
  }
  ctx.type_error(n, "string");
}

Value yaml_to_value(const YNode& n) {
  switch (n.kind) {
    case YNode::Kind::kNull: return Value::null();
    case YNode::Kind::kSequence: {
      Value v = Value::array();
      for (const auto& c : n.children) v.push(yaml_to_value(c));
      return v;
    }
    case YNode::Kind::kMap: {
      Value v = Value::object();
      for (const auto& c : n.children) v.add(c.key, yaml_to_value(c));
      return v;
    }
    case YNode::Kind::kScalar: break;
  }
  Scalar s = resolve_scalar(n);
  switch (s.type) {
    case Scalar::Type::kNull: return Value::null();
    case Scalar::Type::kBool: return Value::boolean(s.b);
    case Scalar::Type::kInt: return Value::integer(s.i);
    case Scalar::Type::kUint: return Value::floating(static_cast<double>(s.u));
    case Scalar::Type::kFloat: return Value::floating(s.f);
    case Scalar::Type::kString: break;
  }
  return Value::string(n.text);
}

void decode_value(const YNode& n, DecodeContext& ctx, Value& out) {
  (void)ctx;
  out = yaml_to_value(n);
}

}  // namespace podcore::manifest
