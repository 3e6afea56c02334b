// JSON printing of Value, byte for byte what Go's encoding/json writes: json.MarshalIndent with a
// four-space indent (kubectl -o json) and json.Marshal (compact).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/utf8.hpp"
#include "manifest/value.hpp"

namespace podcore::manifest {

using podcore::utf8_width;
namespace {

constexpr char kLowerHex[] = "0123456789abcdef";

// Go's encodeState.string with HTML escaping on (the json.Marshal default).
void append_quoted(std::string& out, std::string_view s) {
  out += '"';
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
          if (c < 0x20 || c == '<' || c == '>' || c == '&') {
            out += "\\u00";
            out += kLowerHex[c >> 4];
            out += kLowerHex[c & 0xF];
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    const std::size_t w = utf8_width(s, i);
    if (w == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    if (w == 3 && c == 0xE2 && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) & 0xFE) == 0xA8) {
      out += "\\u202";
      out += kLowerHex[static_cast<unsigned char>(s[i + 2]) & 0xF];
    } else {
      out.append(s.substr(i, w));
    }
    i += w;
  }
  out += '"';
}

// The shortest decimal digits that read back as |f| (f finite, non-zero), with the decimal
// point position: |f| == 0.DIGITS * 10^point.
struct Decimal {
  std::string digits;
  int point = 0;
};

Decimal shortest_decimal(double f) {
  char buf[64];
  const auto res =
      std::to_chars(buf, buf + sizeof buf, std::fabs(f), std::chars_format::scientific);
  const std::string_view text(buf, static_cast<std::size_t>(res.ptr - buf));
  Decimal d;
  std::size_t i = 0;
  for (; i < text.size() && text[i] != 'e'; ++i) {
    if (text[i] != '.') d.digits += text[i];
  }
  int exp = 0;
  if (i + 1 < text.size()) {
    const char* first = text.data() + i + 1;
    if (*first == '+') ++first;
    std::from_chars(first, text.data() + text.size(), exp);
  }
  while (d.digits.size() > 1 && d.digits.back() == '0') d.digits.pop_back();
  d.point = exp + 1;
  return d;
}

// strconv's fmtF with the shortest digits.
std::string format_fixed(bool neg, const Decimal& d) {
  std::string out;
  if (neg) out += '-';
  const int nd = static_cast<int>(d.digits.size());
  if (d.point > 0) {
    for (int k = 0; k < d.point; ++k) out += k < nd ? d.digits[static_cast<std::size_t>(k)] : '0';
  } else {
    out += '0';
  }
  const int frac = nd - d.point;
  if (frac > 0) {
    out += '.';
    for (int k = 0; k < frac; ++k) {
      const int j = d.point + k;
      out += j >= 0 && j < nd ? d.digits[static_cast<std::size_t>(j)] : '0';
    }
  }
  return out;
}

// strconv's fmtE with the shortest digits: d.ddde±XX, at least two exponent digits.
std::string format_exponent(bool neg, const Decimal& d) {
  std::string out;
  if (neg) out += '-';
  out += d.digits[0];
  if (d.digits.size() > 1) {
    out += '.';
    out.append(d.digits, 1);
  }
  out += 'e';
  int exp = d.point - 1;
  out += exp < 0 ? '-' : '+';
  if (exp < 0) exp = -exp;
  if (exp < 10) out += '0';
  out += std::to_string(exp);
  return out;
}

void append_value(std::string& out, const Value& v, bool indent, int depth) {
  const auto newline = [&out, indent](int level) {
    if (!indent) return;
    out += '\n';
    out.append(static_cast<std::size_t>(level) * 4, ' ');
  };
  switch (v.kind()) {
    case Value::Kind::kNull: out += "null"; return;
    case Value::Kind::kBool: out += v.as_bool() ? "true" : "false"; return;
    case Value::Kind::kInt: out += std::to_string(v.as_int()); return;
    case Value::Kind::kFloat: out += go_json_float(v.as_float()); return;
    case Value::Kind::kString: append_quoted(out, v.as_string()); return;
    case Value::Kind::kArray: {
      out += '[';
      bool first = true;
      for (const Value& item : v.items()) {
        if (!first) out += ',';
        first = false;
        newline(depth + 1);
        append_value(out, item, indent, depth + 1);
      }
      if (!first) newline(depth);
      out += ']';
      return;
    }
    case Value::Kind::kObject: {
      out += '{';
      bool first = true;
      for (const auto& [key, member] : v.members()) {
        if (!first) out += ',';
        first = false;
        newline(depth + 1);
        append_quoted(out, key);
        out += indent ? ": " : ":";
        append_value(out, member, indent, depth + 1);
      }
      if (!first) newline(depth);
      out += '}';
      return;
    }
  }
}

}  // namespace

std::string go_json_float(double f) {
  // encoding/json refuses NaN and infinities (UnsupportedValueError); there is no JSON text for
  // them, so they print as null.
  if (!std::isfinite(f)) return "null";
  const bool neg = std::signbit(f);
  if (f == 0) return neg ? "-0" : "0";
  const double abs = std::fabs(f);
  const Decimal d = shortest_decimal(f);
  if (abs >= 1e-6 && abs < 1e21) return format_fixed(neg, d);
  std::string out = format_exponent(neg, d);
  // encoding/json's clean-up: e-07 becomes e-7 (only for a two-digit negative exponent).
  const std::size_t n = out.size();
  if (n >= 4 && out[n - 4] == 'e' && out[n - 3] == '-' && out[n - 2] == '0') out.erase(n - 2, 1);
  return out;
}

std::string to_json(const Value& v) {
  std::string out;
  append_value(out, v, true, 0);
  out += '\n';
  return out;
}

std::string to_json_compact(const Value& v) {
  std::string out;
  append_value(out, v, false, 0);
  return out;
}

Value with_sorted_keys(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kArray: {
      Value out = Value::array();
      for (const auto& item : v.items()) out.push(with_sorted_keys(item));
      return out;
    }
    case Value::Kind::kObject: {
      Value out = Value::object();
      for (const auto& [k, m] : v.members()) out.add(k, with_sorted_keys(m));
      std::sort(out.members().begin(), out.members().end(),
                [](const Value::Member& a, const Value::Member& b) { return a.first < b.first; });
      return out;
    }
    default: return v;
  }
}

std::string json_quote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  append_quoted(out, s);
  return out;
}

}  // namespace podcore::manifest
