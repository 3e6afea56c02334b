#include "pod/jsonpath.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <deque>
#include <optional>

#include "manifest/encode.hpp"
#include "manifest/field_error.hpp"

namespace podcore::pod {

using manifest::Value;

struct JsonPath::Node {
  enum class Type {
    kList,
    kText,
    kField,
    kArray,
    kFilter,
    kInt,
    kFloat,
    kBool,
    kWildcard,
    kRecursive,
    kUnion,
    kIdentifier,
  };
  struct Param {
    bool known = false;
    int64_t value = 0;
    bool derived = false;
  };

  explicit Node(Type t) : type(t) {}

  Type type;
  std::string text;                          ///< text, field name, identifier, filter operator
  std::vector<std::unique_ptr<Node>> nodes;  ///< list items, union alternatives (lists)
  Param params[3];
  std::unique_ptr<Node> left, right;  ///< filter operands (lists)
  int64_t int_value = 0;
  double float_value = 0;
  bool bool_value = false;
};

namespace {

using Node = JsonPath::Node;
using NodePtr = std::unique_ptr<Node>;
using Err = std::optional<std::string>;  // a parse or execution error message

constexpr const char* kStage = "pod.jsonpath";
constexpr int32_t kEof = -1;

NodePtr make(Node::Type t, std::string text = {}) {
  auto n = std::make_unique<Node>(t);
  n->text = std::move(text);
  return n;
}

bool is_space(int32_t r) {
  return r == ' ' || r == '\t';
}
bool is_eol(int32_t r) {
  return r == '\r' || r == '\n';
}
bool is_digit(int32_t r) {
  return r >= '0' && r <= '9';
}
// unicode.IsLetter for ASCII; every non-ASCII code point counts as a letter.
bool is_alnum(int32_t r) {
  return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || is_digit(r) || r >= 0x80;
}
bool is_terminator(int32_t r) {
  if (is_space(r) || is_eol(r)) return true;
  switch (r) {
    case kEof:
    case '.':
    case ',':
    case '[':
    case ']':
    case '$':
    case '@':
    case '{':
    case '}': return true;
    default: return false;
  }
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Go's %#U: "U+0021 '!'".
std::string go_sharp_u(int32_t r) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(r));
  std::string out = buf;
  out += " '";
  append_utf8(out, static_cast<uint32_t>(r));
  return out + "'";
}

// strconv.UnquoteChar-based unquoting that also accepts single quotes
// (jsonpath's UnquoteExtend). Returns nullopt for ErrSyntax.
std::optional<std::string> unquote_extend(std::string_view s) {
  if (s.size() < 2) return std::nullopt;
  char quote = s.front();
  if (quote != s.back() || (quote != '"' && quote != '\'')) return std::nullopt;
  s = s.substr(1, s.size() - 2);
  if (s.find('\\') == std::string_view::npos && s.find(quote) == std::string_view::npos)
    return std::string(s);
  std::string out;
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == quote) return std::nullopt;
    if (c != '\\') {
      out += c;
      ++i;
      continue;
    }
    if (++i >= s.size()) return std::nullopt;
    char e = s[i++];
    switch (e) {
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case '\\': out += '\\'; break;
      case '\'':
      case '"':
        if (e != quote) return std::nullopt;
        out += e;
        break;
      case 'x':
      case 'u':
      case 'U': {
        size_t n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        if (i + n > s.size()) return std::nullopt;
        uint32_t v = 0;
        for (size_t k = 0; k < n; ++k) {
          int h = hex(s[i + k]);
          if (h < 0) return std::nullopt;
          v = v * 16 + static_cast<uint32_t>(h);
        }
        i += n;
        if (e == 'x') {
          out += static_cast<char>(v);
        } else {
          if (v > 0x10FFFF || (v >= 0xD800 && v < 0xE000)) return std::nullopt;
          append_utf8(out, v);
        }
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          if (i + 2 > s.size()) return std::nullopt;
          uint32_t v = static_cast<uint32_t>(e - '0');
          for (size_t k = 0; k < 2; ++k) {
            char d = s[i + k];
            if (d < '0' || d > '7') return std::nullopt;
            v = v * 8 + static_cast<uint32_t>(d - '0');
          }
          if (v > 255) return std::nullopt;
          i += 2;
          out += static_cast<char>(v);
          break;
        }
        return std::nullopt;
    }
  }
  return out;
}

bool parse_int(std::string_view s, int64_t& out) {
  if (s.empty()) return false;
  if (s.front() == '+') s.remove_prefix(1);
  if (s.empty() || s.front() == '+') return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

std::string trim_spaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

// client-go's jsonpath Parser, rune for rune.
class Parser {
 public:
  explicit Parser(std::string input) : input_(std::move(input)), root_(make(Node::Type::kList)) {}

  Err parse() { return parse_text(root_.get()); }
  NodePtr take_root() { return std::move(root_); }

  // parseAction: parse "{text}" and return its first node (a list).
  static std::expected<NodePtr, std::string> parse_action(std::string_view text) {
    Parser p("{" + std::string(text) + "}");
    if (auto e = p.parse()) return std::unexpected(*e);
    return std::move(p.root_->nodes[0]);
  }

 private:
  int32_t next() {
    if (pos_ >= input_.size()) {
      width_ = 0;
      return kEof;
    }
    auto c = static_cast<unsigned char>(input_[pos_]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    if (pos_ + n > input_.size()) n = 1;
    uint32_t r = n == 1 ? c : c & (0xFF >> (n + 1));
    for (size_t k = 1; k < n; ++k)
      r = (r << 6) | (static_cast<unsigned char>(input_[pos_ + k]) & 0x3F);
    width_ = n;
    pos_ += n;
    return static_cast<int32_t>(r);
  }
  int32_t peek() {
    int32_t r = next();
    backup();
    return r;
  }
  void backup() { pos_ -= width_; }
  std::string consume_text() {
    std::string v = input_.substr(start_, pos_ - start_);
    start_ = pos_;
    return v;
  }
  bool at(std::string_view prefix) const {
    return std::string_view(input_).substr(pos_).starts_with(prefix);
  }

  Err parse_text(Node* cur) {
    for (;;) {
      if (at("{")) {
        if (pos_ > start_) cur->nodes.push_back(make(Node::Type::kText, consume_text()));
        return parse_left_delim(cur);
      }
      if (next() == kEof) break;
    }
    if (pos_ > start_) cur->nodes.push_back(make(Node::Type::kText, consume_text()));
    return std::nullopt;
  }

  Err parse_left_delim(Node* cur) {
    pos_ += 1;
    consume_text();
    cur->nodes.push_back(make(Node::Type::kList));
    return parse_inside_action(cur->nodes.back().get());
  }

  Err parse_inside_action(Node* cur) {
    for (;;) {
      if (at("}")) return parse_right_delim();
      if (at("[?(")) return parse_filter(cur);
      if (at("..")) return parse_recursive(cur);
      int32_t r = next();
      if (r == kEof || is_eol(r)) return "unclosed action";
      if (r == ' ' || r == '@' || r == '$') {
        consume_text();
        continue;
      }
      if (r == '[') return parse_array(cur);
      if (r == '"' || r == '\'') return parse_quote(cur, r);
      if (r == '.') return parse_field(cur);
      if (r == '+' || r == '-' || is_digit(r)) {
        backup();
        return parse_number(cur);
      }
      if (is_alnum(r)) {
        backup();
        return parse_identifier(cur);
      }
      return "unrecognized character in action: " + go_sharp_u(r);
    }
  }

  Err parse_right_delim() {
    pos_ += 1;
    consume_text();
    return parse_text(root_.get());
  }

  Err parse_identifier(Node* cur) {
    for (;;) {
      int32_t r = next();
      if (is_terminator(r)) {
        backup();
        break;
      }
    }
    std::string value = consume_text();
    if (value == "true" || value == "false") {
      auto n = make(Node::Type::kBool, value);
      n->bool_value = value == "true";
      cur->nodes.push_back(std::move(n));
    } else {
      cur->nodes.push_back(make(Node::Type::kIdentifier, value));
    }
    return parse_inside_action(cur);
  }

  Err parse_recursive(Node* cur) {
    if (!cur->nodes.empty() && cur->nodes.back()->type == Node::Type::kRecursive)
      return "invalid multiple recursive descent";
    pos_ += 2;
    consume_text();
    cur->nodes.push_back(make(Node::Type::kRecursive));
    if (is_alnum(peek())) return parse_field(cur);
    return parse_inside_action(cur);
  }

  Err parse_number(Node* cur) {
    int32_t r = peek();
    if (r == '+' || r == '-') next();
    for (;;) {
      r = next();
      if (r != '.' && !is_digit(r)) {
        backup();
        break;
      }
    }
    std::string value = consume_text();
    int64_t i = 0;
    if (parse_int(value, i)) {
      auto n = make(Node::Type::kInt, value);
      n->int_value = i;
      cur->nodes.push_back(std::move(n));
      return parse_inside_action(cur);
    }
    std::string_view digits = value;
    if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
    double d = 0;
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), d);
    if (ec == std::errc() && p == digits.data() + digits.size() && !digits.empty()) {
      auto n = make(Node::Type::kFloat, value);
      n->float_value = d;
      cur->nodes.push_back(std::move(n));
      return parse_inside_action(cur);
    }
    return "cannot parse number " + value;
  }

  // `^(-?[\d]*)(:-?[\d]*)?(:-?[\d]*)?$`, split into its three groups.
  static std::optional<std::array<std::string, 3>> slice_groups(std::string_view text) {
    std::array<std::string, 3> g;
    size_t i = 0;
    auto number = [&](std::string& into) {
      size_t b = i;
      if (i < text.size() && text[i] == '-') ++i;
      while (i < text.size() && is_digit(static_cast<unsigned char>(text[i]))) ++i;
      into += text.substr(b, i - b);
    };
    number(g[0]);
    for (int k = 1; k < 3; ++k) {
      if (i < text.size() && text[i] == ':') {
        g[static_cast<size_t>(k)] = ":";
        ++i;
        number(g[static_cast<size_t>(k)]);
      }
    }
    if (i != text.size()) return std::nullopt;
    return g;
  }

  Err parse_array(Node* cur) {
    for (;;) {
      int32_t r = next();
      if (r == kEof || r == '\n') return "unterminated array";
      if (r == ']') break;
    }
    std::string text = consume_text();
    text = text.substr(1, text.size() - 2);
    if (text == "*") text = ":";

    if (text.find(',') != std::string::npos) {
      auto un = make(Node::Type::kUnion);
      size_t start = 0;
      for (;;) {
        size_t comma = text.find(',', start);
        std::string part = text.substr(start, comma == std::string::npos ? comma : comma - start);
        auto sub = parse_action("[" + trim_spaces(part) + "]");
        if (!sub) return sub.error();
        un->nodes.push_back(std::move(*sub));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      cur->nodes.push_back(std::move(un));
      return parse_inside_action(cur);
    }

    // `^'([^']*)'$`: a dict key, parsed as a field path.
    if (text.size() >= 2 && text.front() == '\'' && text.back() == '\'' &&
        text.substr(1, text.size() - 2).find('\'') == std::string::npos) {
      auto sub = parse_action("." + text.substr(1, text.size() - 2));
      if (!sub) return sub.error();
      for (auto& n : (*sub)->nodes) cur->nodes.push_back(std::move(n));
      return parse_inside_action(cur);
    }

    auto groups = slice_groups(text);
    if (!groups) return "invalid array index " + text;
    auto arr = make(Node::Type::kArray);
    for (size_t i = 0; i < 3; ++i) {
      std::string v = (*groups)[i];
      if (!v.empty()) {
        if (i > 0) v = v.substr(1);
        if (i > 0 && v.empty()) {
          arr->params[i].known = false;
        } else {
          arr->params[i].known = true;
          if (!parse_int(v, arr->params[i].value)) return "array index " + v + " is not a number";
        }
      } else if (i == 1) {
        arr->params[i] = {true, arr->params[0].value + 1, true};
      } else {
        arr->params[i] = {false, 0, false};
      }
    }
    cur->nodes.push_back(std::move(arr));
    return parse_inside_action(cur);
  }

  Err parse_filter(Node* cur) {
    pos_ += 3;
    consume_text();
    bool begin = false, end = false;
    int32_t pair = 0;
    for (;;) {
      int32_t r = next();
      if (r == kEof || r == '\n') return "unterminated filter";
      if (r == '"' || r == '\'') {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (input_[pos_ - 2] != '\\' && r == pair) end = true;
      } else if (r == ')') {
        if (begin == end) break;
      }
    }
    if (next() != ']') return "unclosed array expect ]";
    std::string text = consume_text();
    text = text.substr(0, text.size() - 2);
    // `^([^!<>=]+)([!<>=]+)(.+?)$`
    size_t op_start = text.find_first_of("!<>=");
    bool compare = op_start != std::string::npos && op_start > 0;
    size_t op_end = compare ? text.find_first_not_of("!<>=", op_start) : std::string::npos;
    // The right operand needs at least one character: the regex backtracks
    // into the operator run for it.
    if (compare && op_end == std::string::npos) {
      if (text.size() - op_start >= 2)
        op_end = text.size() - 1;
      else
        compare = false;
    }
    if (!compare) {
      auto sub = parse_action(text);
      if (!sub) return sub.error();
      auto f = make(Node::Type::kFilter, "exists");
      f->left = std::move(*sub);
      f->right = make(Node::Type::kList);
      cur->nodes.push_back(std::move(f));
    } else {
      auto l = parse_action(text.substr(0, op_start));
      if (!l) return l.error();
      auto r = parse_action(text.substr(op_end));
      if (!r) return r.error();
      auto f = make(Node::Type::kFilter, text.substr(op_start, op_end - op_start));
      f->left = std::move(*l);
      f->right = std::move(*r);
      cur->nodes.push_back(std::move(f));
    }
    return parse_inside_action(cur);
  }

  Err parse_quote(Node* cur, int32_t end) {
    for (;;) {
      int32_t r = next();
      if (r == kEof || r == '\n') return "unterminated quoted string";
      if (r == end && input_[pos_ - 2] != '\\') break;
    }
    std::string value = consume_text();
    auto s = unquote_extend(value);
    if (!s) return "unquote string " + value + " error invalid syntax";
    cur->nodes.push_back(make(Node::Type::kText, *s));
    return parse_inside_action(cur);
  }

  Err parse_field(Node* cur) {
    consume_text();
    for (;;) {
      int32_t r = next();
      if (r == '\\') {
        next();
      } else if (is_terminator(r)) {
        backup();
        break;
      }
    }
    std::string value = consume_text();
    if (value == "*") {
      cur->nodes.push_back(make(Node::Type::kWildcard));
    } else {
      std::erase(value, '\\');
      cur->nodes.push_back(make(Node::Type::kField, value));
    }
    return parse_inside_action(cur);
  }

  std::string input_;
  size_t pos_ = 0, start_ = 0, width_ = 0;
  NodePtr root_;
};

// ---------------------------------------------------------------------------
// Go value printing

// fmt's %v of a float64: %g with the shortest digits, so the exponent form
// below 1e-4 or from 1e6 (strconv uses precision 6 for that decision).
std::string go_float_v(double f) {
  if (std::isnan(f)) return "NaN";
  if (std::isinf(f)) return f > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, f, std::chars_format::scientific);
  std::string sci(buf, p);
  auto epos = sci.find('e');
  int exp = std::stoi(sci.substr(epos + 1));
  if (exp < -4 || exp >= 6) {
    std::string mant = sci.substr(0, epos);
    char sign = exp < 0 ? '-' : '+';
    int a = exp < 0 ? -exp : exp;
    return mant + "e" + sign + (a < 10 ? "0" : "") + std::to_string(a);
  }
  auto [q, ec2] = std::to_chars(buf, buf + sizeof buf, f, std::chars_format::fixed);
  return std::string(buf, q);
}

std::string go_v(const Value& v);

std::vector<const Value::Member*> sorted_members(const Value& v) {
  std::vector<const Value::Member*> out;
  for (const auto& m : v.members()) out.push_back(&m);
  std::stable_sort(out.begin(), out.end(),
                   [](const auto* a, const auto* b) { return a->first < b->first; });
  return out;
}

// fmt's %v of a value decoded from JSON.
std::string go_v(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNull: return "<nil>";
    case Value::Kind::kBool: return v.as_bool() ? "true" : "false";
    case Value::Kind::kInt: return std::to_string(v.as_int());
    case Value::Kind::kFloat: return go_float_v(v.as_float());
    case Value::Kind::kString: return v.as_string();
    case Value::Kind::kArray: {
      std::string out = "[";
      for (size_t i = 0; i < v.items().size(); ++i) out += (i ? " " : "") + go_v(v.items()[i]);
      return out + "]";
    }
    case Value::Kind::kObject: {
      std::string out = "map[";
      bool first = true;
      for (const auto* m : sorted_members(v)) {
        out += (first ? "" : " ") + m->first + ":" + go_v(m->second);
        first = false;
      }
      return out + "]";
    }
  }
  return {};
}

std::string go_type(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNull: return "<nil>";
    case Value::Kind::kBool: return "bool";
    case Value::Kind::kInt: return "int64";
    case Value::Kind::kFloat: return "float64";
    case Value::Kind::kString: return "string";
    case Value::Kind::kArray: return "[]interface {}";
    case Value::Kind::kObject: return "map[string]interface {}";
  }
  return {};
}

// ---------------------------------------------------------------------------
// Execution

using Ref = const Value*;
using Refs = std::vector<Ref>;

class Executor {
 public:
  explicit Executor(bool allow_missing) : allow_missing_(allow_missing) {}

  std::expected<std::vector<Refs>, std::string> find_results(Ref data,
                                                             const std::vector<NodePtr>& nodes,
                                                             size_t from) {
    cur_ = {data};
    std::vector<Refs> full;
    for (size_t i = from; i < nodes.size(); ++i) {
      auto results = walk(cur_, *nodes[i]);
      if (!results) return std::unexpected(results.error());
      // An end node closes the current block.
      if (end_range_ > 0 && end_range_ <= in_range_) {
        --end_range_;
        break;
      }
      // A range node: the rest of the template runs once per result.
      if (begin_range_ > 0) {
        --begin_range_;
        ++in_range_;
        for (size_t k = 0; k < results->size(); ++k) {
          if (k == results->size() - 1) --in_range_;
          auto more = find_results((*results)[k], nodes, i + 1);
          if (!more) return more;
          for (auto& r : *more) full.push_back(std::move(r));
        }
        break;
      }
      full.push_back(std::move(*results));
    }
    return full;
  }

 private:
  using Out = std::expected<Refs, std::string>;

  Ref keep(Value v) {
    arena_.push_back(std::move(v));
    return &arena_.back();
  }

  Out walk(const Refs& in, const Node& node) {
    switch (node.type) {
      case Node::Type::kList: return eval_list(in, node);
      case Node::Type::kText: return Refs{keep(Value::string(node.text))};
      case Node::Type::kField: return eval_field(in, node);
      case Node::Type::kArray: return eval_array(in, node);
      case Node::Type::kFilter: return eval_filter(in, node);
      case Node::Type::kInt: return Refs(in.size(), keep(Value::integer(node.int_value)));
      case Node::Type::kFloat: return Refs(in.size(), keep(Value::floating(node.float_value)));
      case Node::Type::kBool: return Refs(in.size(), keep(Value::boolean(node.bool_value)));
      case Node::Type::kWildcard: return eval_wildcard(in);
      case Node::Type::kRecursive: return eval_recursive(in);
      case Node::Type::kUnion: return eval_union(in, node);
      case Node::Type::kIdentifier: return eval_identifier(in, node);
    }
    return std::unexpected("unexpected Node");
  }

  Out eval_list(const Refs& in, const Node& node) {
    Refs cur = in;
    for (const auto& n : node.nodes) {
      auto r = walk(cur, *n);
      if (!r) return r;
      cur = std::move(*r);
    }
    return cur;
  }

  Out eval_identifier(const Refs& in, const Node& node) {
    if (node.text == "range") {
      stack_.push_back(cur_);
      ++begin_range_;
      return in;
    }
    if (node.text == "end") {
      if (end_range_ < in_range_) {  // inside a loop: end this iteration's block
        ++end_range_;
        return Refs{};
      }
      if (stack_.empty()) return std::unexpected("not in range, nothing to end");
      cur_ = stack_.back();
      stack_.pop_back();
      return Refs{};
    }
    return std::unexpected("unrecognized identifier " + node.text);
  }

  Out eval_array(const Refs& in, const Node& node) {
    Refs out;
    for (Ref v : in) {
      if (v->is_null()) continue;
      if (v->kind() != Value::Kind::kArray)
        return std::unexpected(go_type(*v) + " is not array or slice");
      auto len = static_cast<int64_t>(v->items().size());
      Node::Param p[3] = {node.params[0], node.params[1], node.params[2]};
      if (!p[0].known) p[0].value = 0;
      if (p[0].value < 0) p[0].value += len;
      if (!p[1].known) p[1].value = len;
      if (p[1].value < 0 || (p[1].value == 0 && p[1].derived)) p[1].value += len;
      if (p[1].value == p[0].value) return out;  // zero elements requested: stop here
      if (p[0].value >= len || p[0].value < 0)
        return std::unexpected("array index out of bounds: index " + std::to_string(p[0].value) +
                               ", length " + std::to_string(len));
      if (p[1].value > len || p[1].value < 0)
        return std::unexpected("array index out of bounds: index " +
                               std::to_string(p[1].value - 1) + ", length " + std::to_string(len));
      if (p[0].value > p[1].value)
        return std::unexpected("starting index " + std::to_string(p[0].value) +
                               " is greater than ending index " + std::to_string(p[1].value));
      int64_t step = 1;
      if (p[2].known) {
        if (p[2].value <= 0) return std::unexpected("step must be > 0");
        step = p[2].value;
      }
      for (int64_t i = p[0].value; i < p[1].value; i += step)
        out.push_back(&v->items()[static_cast<size_t>(i)]);
    }
    return out;
  }

  Out eval_union(const Refs& in, const Node& node) {
    Refs out;
    for (const auto& alt : node.nodes) {
      auto r = eval_list(in, *alt);
      if (!r) return r;
      out.insert(out.end(), r->begin(), r->end());
    }
    return out;
  }

  Out eval_field(const Refs& in, const Node& node) {
    Refs out;
    if (in.empty()) return out;
    for (Ref v : in) {
      if (v->kind() != Value::Kind::kObject) continue;
      if (const Value* f = v->find(node.text)) out.push_back(f);
    }
    if (out.empty() && !allow_missing_) return std::unexpected(node.text + " is not found");
    return out;
  }

  // The children of a map (in key order, as fmtsort orders them) or a list;
  // nothing else is iterable.
  Refs children(Ref v) {
    Refs out;
    if (v->kind() == Value::Kind::kObject) {
      for (const auto* m : sorted_members(*v)) out.push_back(&m->second);
    } else if (v->kind() == Value::Kind::kArray) {
      for (const auto& item : v->items()) out.push_back(&item);
    }
    return out;
  }

  Out eval_wildcard(const Refs& in) {
    Refs out;
    for (Ref v : in) {
      if (v->is_null()) continue;
      auto c = children(v);
      out.insert(out.end(), c.begin(), c.end());
    }
    return out;
  }

  Out eval_recursive(const Refs& in) {
    Refs out;
    for (Ref v : in) {
      if (v->is_null()) continue;
      Refs c = children(v);
      if (c.empty()) continue;
      out.push_back(v);
      auto deeper = eval_recursive(c);
      if (!deeper) return deeper;
      out.insert(out.end(), deeper->begin(), deeper->end());
    }
    return out;
  }

  // text/template's eq/ne/lt/le/gt/ge on basic kinds.
  static std::expected<bool, std::string> compare(const std::string& op, const Value& a,
                                                  const Value& b) {
    auto basic = [](const Value& v) {
      switch (v.kind()) {
        case Value::Kind::kBool: return 1;
        case Value::Kind::kInt: return 2;
        case Value::Kind::kFloat: return 3;
        case Value::Kind::kString: return 4;
        default: return 0;
      }
    };
    int ka = basic(a), kb = basic(b);
    if (ka == 0 || kb == 0) return std::unexpected("invalid type for comparison");
    bool equality = op == "==" || op == "!=";
    if (!equality && ka == 1) return std::unexpected("invalid type for comparison");
    if (ka != kb) return std::unexpected("incompatible types for comparison");
    int cmp = 0;
    switch (ka) {
      case 1: cmp = a.as_bool() == b.as_bool() ? 0 : 1; break;
      case 2: cmp = a.as_int() < b.as_int() ? -1 : a.as_int() > b.as_int() ? 1 : 0; break;
      case 3: cmp = a.as_float() < b.as_float() ? -1 : a.as_float() > b.as_float() ? 1 : 0; break;
      default: cmp = a.as_string().compare(b.as_string()); break;
    }
    if (op == "==") return cmp == 0;
    if (op == "!=") return cmp != 0;
    if (op == "<") return cmp < 0;
    if (op == ">") return cmp > 0;
    if (op == "<=") return cmp <= 0;
    return cmp >= 0;
  }

  // evalFilter: each element of a list; elements where either side finds
  // nothing are skipped.
  Out eval_filter(const Refs& in, const Node& node) {
    Refs out;
    for (Ref v : in) {
      if (v->kind() != Value::Kind::kArray)
        return std::unexpected(go_v(*v) + " is not array or slice and cannot be filtered");
      for (const auto& item : v->items()) {
        Refs one{&item};
        auto lefts = eval_list(one, *node.left);
        if (node.text == "exists") {
          if (lefts && !lefts->empty()) out.push_back(&item);
          continue;
        }
        if (!lefts) return lefts;
        if (lefts->empty()) continue;
        if (lefts->size() > 1) return std::unexpected("can only compare one element at a time");
        auto rights = eval_list(one, *node.right);
        if (!rights) return rights;
        if (rights->empty()) continue;
        if (rights->size() > 1) return std::unexpected("can only compare one element at a time");
        const std::string& op = node.text;
        if (op != "<" && op != ">" && op != "==" && op != "!=" && op != "<=" && op != ">=")
          return std::unexpected("unrecognized filter operator " + op);
        auto pass = compare(op, *(*lefts)[0], *(*rights)[0]);
        if (!pass) return std::unexpected(pass.error());
        if (*pass) out.push_back(&item);
      }
    }
    return out;
  }

  bool allow_missing_;
  std::deque<Value> arena_;
  std::vector<Refs> stack_;
  Refs cur_;
  int begin_range_ = 0, in_range_ = 0, end_range_ = 0;
};

// PrintResults: maps and lists as compact JSON (keys sorted, as Go marshals
// a map), everything else as fmt.Fprint prints it.
std::string print_value(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kObject:
    case Value::Kind::kArray: return manifest::to_json_compact(manifest::with_sorted_keys(v));
    default: return go_v(v);
  }
}

std::string go_sharp_v_in(const Value& v, bool in_interface) {
  switch (v.kind()) {
    case Value::Kind::kNull: return in_interface ? "interface {}(nil)" : "<nil>";
    case Value::Kind::kBool: return v.as_bool() ? "true" : "false";
    case Value::Kind::kInt: return std::to_string(v.as_int());
    case Value::Kind::kFloat: return go_float_v(v.as_float());
    case Value::Kind::kString: return manifest::go_quote(v.as_string());
    case Value::Kind::kArray: {
      std::string out = "[]interface {}{";
      for (size_t i = 0; i < v.items().size(); ++i)
        out += (i ? ", " : "") + go_sharp_v_in(v.items()[i], true);
      return out + "}";
    }
    case Value::Kind::kObject: {
      std::string out = "map[string]interface {}{";
      bool first = true;
      for (const auto* m : sorted_members(v)) {
        out += (first ? "" : ", ") + manifest::go_quote(m->first) + ":" +
               go_sharp_v_in(m->second, true);
        first = false;
      }
      return out + "}";
    }
  }
  return {};
}

}  // namespace

JsonPath::JsonPath() = default;
JsonPath::JsonPath(JsonPath&&) noexcept = default;
JsonPath& JsonPath::operator=(JsonPath&&) noexcept = default;
JsonPath::~JsonPath() = default;

Result<JsonPath> JsonPath::parse(std::string_view text) {
  Parser p{std::string(text)};
  if (auto e = p.parse())
    return fail(ErrorCode::kInvalid, kStage,
                "error parsing jsonpath " + std::string(text) + ", " + *e, std::string(text));
  JsonPath jp;
  jp.text_ = std::string(text);
  jp.root_ = p.take_root();
  return jp;
}

Result<std::string> JsonPath::execute(const manifest::Value& data, bool allow_missing_keys) const {
  Executor ex(allow_missing_keys);
  auto results = ex.find_results(&data, root_->nodes, 0);
  if (!results) return fail(ErrorCode::kInvalid, kStage, results.error(), text_);
  std::string out;
  for (const auto& group : *results) {
    for (size_t i = 0; i < group.size(); ++i) {
      out += print_value(*group[i]);
      if (i + 1 != group.size()) out += ' ';
    }
  }
  return out;
}

Result<std::string> print_jsonpath(std::string_view tmpl, const manifest::Value& data,
                                   bool allow_missing_keys) {
  auto jp = JsonPath::parse(tmpl);
  if (!jp) return std::unexpected(jp.error());
  auto out = jp->execute(data, allow_missing_keys);
  if (out) return out;
  std::string t(tmpl);
  std::string detail = "Error executing template: " + out.error().message +
                       ". Printing more information for debugging the template:\n"
                       "\ttemplate was:\n\t\t" +
                       t + "\n\tobject given to jsonpath engine was:\n\t\t" + go_sharp_v(data) +
                       "\n\n";
  return fail(ErrorCode::kInvalid, kStage,
              "error executing jsonpath " + manifest::go_quote(t) + ": " + detail + "\n", t);
}

manifest::Value pod_list_value(const std::vector<manifest::Pod>& pods) {
  Value list = Value::object();
  list.add("apiVersion", Value::string("v1"));
  Value& items = list.add("items", Value::array());
  for (const auto& p : pods) items.push(manifest::pod_to_value(p));
  list.add("kind", Value::string("List"));
  Value meta = Value::object();
  meta.add("resourceVersion", Value::string(""));
  list.add("metadata", std::move(meta));
  return list;
}

std::string go_sharp_v(const manifest::Value& v) {
  return go_sharp_v_in(v, false);
}

}  // namespace podcore::pod
