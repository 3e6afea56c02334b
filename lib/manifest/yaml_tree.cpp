#include "manifest/yaml_tree.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <sstream>

#include "base/utf8.hpp"
#include "manifest/value.hpp"
#include "manifest/yaml_fast.hpp"

namespace podcore::manifest {

namespace {

using podcore::utf8_rune;
using podcore::utf8_width;

constexpr std::string_view kStrTag = "tag:yaml.org,2002:str";

// yaml-cpp 0.7 decodes the double-quoted escapes \N and \_ to the single
// bytes 0x85 and 0xA0 instead of UTF-8. The input was checked to be valid
// UTF-8, so any stray byte in a scalar comes from those escapes: re-encode it.
void repair_latin1_escapes(std::string& s) {
  bool clean = true;
  for (char ch : s) clean = clean && static_cast<unsigned char>(ch) < 0x80;
  if (clean) return;
  std::string out;
  out.reserve(s.size() + 4);
  for (size_t i = 0; i < s.size();) {
    size_t len = utf8_width(s, i);
    if (len != 0) {
      out.append(s, i, len);
      i += len;
    } else {
      auto c = static_cast<unsigned char>(s[i]);
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3f));
      ++i;
    }
  }
  s = std::move(out);
}

// Builds YNode trees from yaml-cpp parse events. Using the event API rather
// than YAML::Load avoids yaml-cpp's shared node graph (much slower) and lets
// us keep positions, quoting and duplicate keys.
class TreeBuilder final : public YAML::EventHandler {
 public:
  std::vector<YNode> documents;

  void OnDocumentStart(const YAML::Mark& mark) override {
    // yaml-cpp 0.7 can loop forever on some malformed input, yielding empty
    // documents without consuming text: a second document starting where the
    // previous one did means no progress.
    if (started_ && mark.pos == last_start_ && error.empty())
      error = "yaml: line " + std::to_string(mark.line + 1) + ", column " +
              std::to_string(mark.column + 1) + ": malformed document (parser made no progress)";
    started_ = true;
    last_start_ = mark.pos;
    stack_.clear();
    anchors_.clear();
    alias_nodes_ = 0;
    root_ = YNode{};
    have_root_ = false;
  }
  void OnDocumentEnd() override { documents.push_back(std::move(root_)); }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    YNode n;
    n.kind = YNode::Kind::kNull;
    set_mark(n, mark);
    finish(std::move(n), anchor);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    YNode n;
    if (it != anchors_.end()) {
      // Aliases are copied, so a few nested aliases can expand to billions
      // of nodes ("billion laughs"): refuse like go-yaml does.
      alias_nodes_ += count_nodes(it->second);
      if (alias_nodes_ > kMaxAliasNodes) {
        if (error.empty()) error = "yaml: document contains excessive aliasing";
      } else {
        n = it->second;
      }
    }
    set_mark(n, mark);
    finish(std::move(n), 0);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    YNode n;
    n.kind = YNode::Kind::kScalar;
    set_mark(n, mark);
    n.text = value;
    repair_latin1_escapes(n.text);
    // yaml-cpp reports "?" for plain scalars and "!" for quoted ones.
    if (tag == "!" || tag == kStrTag) {
      n.quoted = true;
    } else if (tag != "?" && !tag.empty()) {
      n.tag = tag;
    }
    finish(std::move(n), anchor);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(YNode::Kind::kSequence, mark, tag, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(YNode::Kind::kMap, mark, tag, anchor);
  }
  void OnMapEnd() override { close(); }

  std::string error;  // set when the document uses YAML we refuse (complex keys)

 private:
  struct Frame {
    YNode node;
    YAML::anchor_t anchor = 0;
    bool have_key = false;
    std::string key;
    uint32_t key_line = 0, key_column = 0;
    MapKeyIndex keys;
  };

  static void set_mark(YNode& n, const YAML::Mark& m) {
    n.line = static_cast<uint32_t>(m.line + 1);
    n.column = static_cast<uint32_t>(m.column + 1);
  }

  void open(YNode::Kind kind, const YAML::Mark& mark, const std::string& tag,
            YAML::anchor_t anchor) {
    Frame f;
    f.node.kind = kind;
    set_mark(f.node, mark);
    if (tag != "?" && tag != "!" && !tag.empty() && tag != "tag:yaml.org,2002:map" &&
        tag != "tag:yaml.org,2002:seq")
      f.node.tag = tag;
    f.anchor = anchor;
    stack_.push_back(std::move(f));
  }

  void close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    finish(std::move(f.node), f.anchor);
  }

  void finish(YNode n, YAML::anchor_t anchor) {
    if (anchor != 0) anchors_[anchor] = n;
    if (stack_.empty()) {
      root_ = std::move(n);
      have_root_ = true;
      return;
    }
    Frame& top = stack_.back();
    if (top.node.kind == YNode::Kind::kSequence) {
      top.node.children.push_back(std::move(n));
      return;
    }
    if (!top.have_key) {
      if (n.kind == YNode::Kind::kSequence || n.kind == YNode::Kind::kMap) {
        if (error.empty())
          error = "yaml: line " + std::to_string(n.line) + ", column " + std::to_string(n.column) +
                  ": complex mapping keys are not supported";
      }
      top.have_key = true;
      top.key = n.kind == YNode::Kind::kNull ? "null" : std::move(n.text);
      top.key_line = n.line;
      top.key_column = n.column;
      return;
    }
    n.key = std::move(top.key);
    n.key_line = top.key_line;
    n.key_column = top.key_column;
    top.have_key = false;
    append_map_entry(top.node, std::move(n), top.keys);
  }

  static size_t count_nodes(const YNode& n) {
    size_t total = 1;
    for (const auto& c : n.children) total += count_nodes(c);
    return total;
  }

  static constexpr size_t kMaxAliasNodes = 100000;
  bool started_ = false;
  int last_start_ = 0;
  size_t alias_nodes_ = 0;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, YNode> anchors_;
  YNode root_;
  bool have_root_ = false;
};

bool is_one_of(std::string_view s, std::initializer_list<std::string_view> words) {
  for (auto w : words)
    if (s == w) return true;
  return false;
}

// Go's strconv.ParseInt(s, 0, 64) for an unsigned digit string with an
// optional base prefix; false on syntax error or overflow.
bool parse_go_uint(std::string_view s, uint64_t& out) {
  int base = 10;
  if (s.size() > 1 && s[0] == '0') {
    char p = s[1];
    if (p == 'x' || p == 'X') {
      base = 16;
      s.remove_prefix(2);
    } else if (p == 'o' || p == 'O') {
      base = 8;
      s.remove_prefix(2);
    } else if (p == 'b' || p == 'B') {
      base = 2;
      s.remove_prefix(2);
    } else {
      base = 8;
      s.remove_prefix(1);
    }
  }
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out, base);
  return ec == std::errc() && ptr == s.data() + s.size();
}

// go-yaml v2's float syntax: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool is_yaml_float(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  auto digits = [&](size_t& j) {
    size_t start = j;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
    return j - start;
  };
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (digits(i) == 0) return false;
  } else {
    if (digits(i) == 0) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      digits(i);
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits(i) == 0) return false;
  }
  return i == s.size();
}

// go-yaml's reader accepts only printable Unicode in valid UTF-8 (its
// is_printable); kubectl therefore refuses other bytes before decoding.
// Returns an error message with the position, or empty when the text is fine.
std::string check_characters(std::string_view t) {
  // Fast path: plain ASCII text with only newlines as control characters.
  bool simple = true;
  for (char ch : t) {
    auto c = static_cast<unsigned char>(ch);
    simple &= (c >= 0x20 && c < 0x7f) || c == '\n';
  }
  if (simple) return {};
  uint32_t line = 1, col = 1;
  size_t i = 0;
  if (t.starts_with("\xEF\xBB\xBF")) i = 3;  // a byte order mark
  auto where = [&] {
    return "yaml: line " + std::to_string(line) + ", column " + std::to_string(col) + ": ";
  };
  while (i < t.size()) {
    auto c = static_cast<unsigned char>(t[i]);
    if (c < 0x80) {
      if (c < 0x20 && c != '\n' && c != '\t' && c != '\r')
        return where() + "control characters are not allowed";
      if (c == 0x7f) return where() + "control characters are not allowed";
      if (c == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
      ++i;
      continue;
    }
    size_t len = utf8_width(t, i);
    if (len == 0) {
      bool lead_ok = c >= 0xC2 && c <= 0xF4;
      return where() + (lead_ok ? "invalid trailing UTF-8 octet" : "invalid leading UTF-8 octet");
    }
    char32_t cp = utf8_rune(t, i, len);
    bool printable = cp == 0x85 || (cp >= 0xa0 && cp <= 0xd7ff) ||
                     (cp >= 0xe000 && cp <= 0xfffd && cp != 0xfeff) ||
                     (cp >= 0x10000 && cp <= 0x10ffff);
    if (!printable) return where() + "control characters are not allowed";
    i += len;
    ++col;
  }
  return {};
}

}  // namespace

Result<std::vector<YNode>> parse_yaml_stream(std::string_view text) {
  if (std::string bad = check_characters(text); !bad.empty())
    return fail(ErrorCode::kInvalid, "manifest.decode", std::move(bad));
  // Most manifests are plain block YAML, and the state directory's records are JSON: parse
  // those directly, and leave everything else (and every error message) to yaml-cpp.
  const size_t first = text.find_first_not_of(" \n");
  if (first != std::string_view::npos && text[first] == '{') {
    if (auto json = parse_json_fast(text)) return std::move(*json);
  }
  if (auto fast = parse_yaml_fast(text)) return std::move(*fast);
  return parse_yaml_reference(text);
}

Result<std::vector<YNode>> parse_yaml_reference(std::string_view text) {
  // yaml-cpp reads from a std::istream only.
  std::istringstream in{std::string(text)};
  TreeBuilder builder;
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(builder)) {
      if (!builder.error.empty())
        return fail(ErrorCode::kInvalid, "manifest.decode", builder.error);
    }
  } catch (const YAML::Exception& e) {
    std::string msg = "yaml: line " + std::to_string(e.mark.line + 1) + ", column " +
                      std::to_string(e.mark.column + 1) + ": " + e.msg;
    return fail(ErrorCode::kInvalid, "manifest.decode", std::move(msg));
  } catch (const std::exception& e) {
    return fail(ErrorCode::kInvalid, "manifest.decode", std::string("yaml: ") + e.what());
  }
  return std::move(builder.documents);
}

Scalar resolve_scalar(const YNode& node) {
  Scalar s;
  if (node.kind == YNode::Kind::kNull) {
    s.type = Scalar::Type::kNull;
    return s;
  }
  const std::string& t = node.text;
  if (node.quoted || node.kind != YNode::Kind::kScalar) return s;  // string
  std::string_view tag = node.tag;
  if (!tag.empty() && tag != "tag:yaml.org,2002:int" && tag != "tag:yaml.org,2002:float" &&
      tag != "tag:yaml.org,2002:bool" && tag != "tag:yaml.org,2002:null")
    return s;  // unknown tags: keep the text
  if (t.empty() || is_one_of(t, {"~", "null", "Null", "NULL"})) {
    s.type = Scalar::Type::kNull;
    return s;
  }
  if (is_one_of(t, {"y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"})) {
    s.type = Scalar::Type::kBool;
    s.b = true;
    return s;
  }
  if (is_one_of(t, {"n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"})) {
    s.type = Scalar::Type::kBool;
    return s;
  }
  if (is_one_of(t, {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"})) {
    s.type = Scalar::Type::kFloat;
    s.f = std::numeric_limits<double>::infinity();
    return s;
  }
  if (is_one_of(t, {"-.inf", "-.Inf", "-.INF"})) {
    s.type = Scalar::Type::kFloat;
    s.f = -std::numeric_limits<double>::infinity();
    return s;
  }
  if (is_one_of(t, {".nan", ".NaN", ".NAN"})) {
    s.type = Scalar::Type::kFloat;
    s.f = std::numeric_limits<double>::quiet_NaN();
    return s;
  }
  char c0 = t[0];
  if (!(c0 == '+' || c0 == '-' || c0 == '.' || (c0 >= '0' && c0 <= '9'))) return s;

  // go-yaml v2 drops every '_' before parsing numbers.
  std::string plain;
  plain.reserve(t.size());
  for (char c : t)
    if (c != '_') plain += c;
  std::string_view body = plain;
  bool negative = false;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  uint64_t mag = 0;
  if (!body.empty() && body[0] != '+' && body[0] != '-' && parse_go_uint(body, mag)) {
    if (negative) {
      if (mag <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) + 1) {
        s.type = Scalar::Type::kInt;
        s.i = static_cast<int64_t>(0 - mag);
        return s;
      }
    } else if (mag <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      s.type = Scalar::Type::kInt;
      s.i = static_cast<int64_t>(mag);
      return s;
    } else {
      s.type = Scalar::Type::kUint;
      s.u = mag;
      return s;
    }
  }
  if (is_yaml_float(plain)) {
    double d = 0;
    std::string_view p = plain;
    if (!p.empty() && p[0] == '+') p.remove_prefix(1);
    auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), d);
    if (ptr == p.data() + p.size() && (ec == std::errc() || ec == std::errc::result_out_of_range)) {
      if (ec == std::errc::result_out_of_range) {
        // Go's ParseFloat returns ±Inf (with an error go-yaml treats as
        // "not a float") for overflow: the text stays a string.
        return s;
      }
      s.type = Scalar::Type::kFloat;
      s.f = d;
      return s;
    }
  }
  return s;
}

std::string json_number_text(const Scalar& s) {
  switch (s.type) {
    case Scalar::Type::kInt: return std::to_string(s.i);
    case Scalar::Type::kUint: return std::to_string(s.u);
    case Scalar::Type::kFloat: return go_json_float(s.f);
    default: return {};
  }
}

std::string_view json_kind_name(const YNode& node) {
  switch (node.kind) {
    case YNode::Kind::kNull: return "null";
    case YNode::Kind::kSequence: return "array";
    case YNode::Kind::kMap: return "object";
    case YNode::Kind::kScalar: break;
  }
  switch (resolve_scalar(node).type) {
    case Scalar::Type::kNull: return "null";
    case Scalar::Type::kBool: return "bool";
    case Scalar::Type::kInt:
    case Scalar::Type::kUint:
    case Scalar::Type::kFloat: return "number";
    case Scalar::Type::kString: break;
  }
  return "string";
}

}  // namespace podcore::manifest
