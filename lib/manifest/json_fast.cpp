// The fast path for JSON text (`kubectl -o json`, the state directory's records): what JSON
// allows, in ASCII, parsed directly into the tree yaml-cpp builds for the same text (a JSON
// document is a YAML flow collection). Everything else (non-ASCII bytes, surrogate escapes,
// comments, tabs, anything that is not strict JSON) gives up, and yaml-cpp reads the text and
// words the errors. Checked against yaml-cpp by a differential test and the fuzzer.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "manifest/yaml_fast.hpp"

namespace podcore::manifest {
namespace {

constexpr int kMaxDepth = 64;

class JsonParser {
 public:
  explicit JsonParser(std::string_view text) : t_(text) {}

  bool document(YNode& out) {
    skip_space();
    if (at_end() || t_[i_] != '{') return false;  // only objects: what a manifest is
    if (!value(out, 0)) return false;
    skip_space();
    return at_end();
  }

 private:
  [[nodiscard]] bool at_end() const { return i_ >= t_.size(); }

  // JSON whitespace minus the tab and CR, which YAML treats differently in places.
  void skip_space() {
    while (!at_end()) {
      if (t_[i_] == ' ') {
        ++i_;
        ++column_;
      } else if (t_[i_] == '\n') {
        ++i_;
        ++line_;
        column_ = 1;
      } else {
        return;
      }
    }
  }

  void mark(YNode& n) const {
    n.line = line_;
    n.column = column_;
  }

  void advance(size_t n) {
    i_ += n;
    column_ += static_cast<uint32_t>(n);
  }

  bool value(YNode& out, int depth) {
    if (at_end()) return false;
    switch (t_[i_]) {
      case '{': return object(out, depth);
      case '[': return array(out, depth);
      case '"':
        mark(out);
        out.kind = YNode::Kind::kScalar;
        out.quoted = true;
        return string(out.text);
      default: return literal(out);
    }
  }

  bool object(YNode& out, int depth) {
    if (depth > kMaxDepth) return false;
    out.kind = YNode::Kind::kMap;
    mark(out);
    advance(1);
    skip_space();
    if (!at_end() && t_[i_] == '}') {
      advance(1);
      return true;
    }
    MapKeyIndex keys;
    for (;;) {
      if (at_end() || t_[i_] != '"') return false;
      YNode entry;
      entry.key_line = line_;
      entry.key_column = column_;
      if (!string(entry.key)) return false;
      // A key YAML would read as something else than this string: leave it to yaml-cpp.
      if (entry.key.empty() || entry.key.size() > 1000) return false;
      // An implicit key and its ':' share a line in YAML.
      while (!at_end() && t_[i_] == ' ') advance(1);
      if (at_end() || t_[i_] != ':') return false;
      advance(1);
      skip_space();
      if (!value(entry, depth + 1)) return false;
      append_map_entry(out, std::move(entry), keys);
      skip_space();
      if (at_end()) return false;
      if (t_[i_] == '}') {
        advance(1);
        return true;
      }
      if (t_[i_] != ',') return false;
      advance(1);
      skip_space();
    }
  }

  bool array(YNode& out, int depth) {
    if (depth > kMaxDepth) return false;
    out.kind = YNode::Kind::kSequence;
    mark(out);
    advance(1);
    skip_space();
    if (!at_end() && t_[i_] == ']') {
      advance(1);
      return true;
    }
    for (;;) {
      YNode item;
      if (!value(item, depth + 1)) return false;
      out.children.push_back(std::move(item));
      skip_space();
      if (at_end()) return false;
      if (t_[i_] == ']') {
        advance(1);
        return true;
      }
      if (t_[i_] != ',') return false;
      advance(1);
      skip_space();
    }
  }

  static int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  static void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  // A double-quoted string on one line, ASCII only; i_ moves past the closing quote.
  bool string(std::string& out) {
    size_t i = i_ + 1;
    out.clear();
    for (;;) {
      if (i >= t_.size()) return false;
      const auto c = static_cast<unsigned char>(t_[i]);
      if (c == '"') break;
      if (c < 0x20 || c >= 0x7F) return false;  // raw controls, DEL, non-ASCII: yaml-cpp's
      if (c != '\\') {
        out += static_cast<char>(c);
        ++i;
        continue;
      }
      if (i + 1 >= t_.size()) return false;
      const char e = t_[i + 1];
      i += 2;
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          if (i + 4 > t_.size()) return false;
          uint32_t cp = 0;
          for (size_t k = 0; k < 4; ++k) {
            const int d = hex_digit(t_[i + k]);
            if (d < 0) return false;
            cp = cp * 16 + static_cast<uint32_t>(d);
          }
          // Surrogates (a pair in JSON, two code points in YAML) and NUL: yaml-cpp's.
          if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
          append_utf8(out, cp);
          i += 4;
          break;
        }
        default: return false;
      }
    }
    advance(i + 1 - i_);
    return true;
  }

  // true, false, null or a number, as JSON writes them; YAML reads each as a plain scalar.
  bool literal(YNode& out) {
    mark(out);
    const size_t start = i_;
    size_t i = i_;
    while (i < t_.size() && t_[i] != ',' && t_[i] != '}' && t_[i] != ']' && t_[i] != ' ' &&
           t_[i] != '\n')
      ++i;
    const std::string_view word = t_.substr(start, i - start);
    if (word == "null") {
      out.kind = YNode::Kind::kNull;
    } else if (word == "true" || word == "false" || is_number(word)) {
      out.kind = YNode::Kind::kScalar;
      out.text = std::string(word);
    } else {
      return false;
    }
    advance(i - start);
    return true;
  }

  // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  static bool is_number(std::string_view w) {
    size_t i = 0;
    auto digits = [&] {
      const size_t from = i;
      while (i < w.size() && w[i] >= '0' && w[i] <= '9') ++i;
      return i > from;
    };
    if (i < w.size() && w[i] == '-') ++i;
    if (i < w.size() && w[i] == '0') {
      ++i;
    } else if (!digits()) {
      return false;
    }
    if (i < w.size() && w[i] == '.') {
      ++i;
      if (!digits()) return false;
    }
    if (i < w.size() && (w[i] == 'e' || w[i] == 'E')) {
      ++i;
      if (i < w.size() && (w[i] == '+' || w[i] == '-')) ++i;
      if (!digits()) return false;
    }
    return i == w.size();
  }

  std::string_view t_;
  size_t i_ = 0;
  uint32_t line_ = 1;
  uint32_t column_ = 1;
};

}  // namespace

std::optional<std::vector<YNode>> parse_json_fast(std::string_view text) {
  std::vector<YNode> docs(1);
  JsonParser parser(text);
  if (!parser.document(docs[0])) return std::nullopt;
  return docs;
}

}  // namespace podcore::manifest
