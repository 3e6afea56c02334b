#include "manifest/yaml_fast.hpp"

#include <cstdint>
#include <string>

namespace podcore::manifest {

namespace {

// Thrown-free control flow: every parse function returns false to give up.
class FastParser {
 public:
  explicit FastParser(std::string_view text) : text_(text) {}

  bool run(std::vector<YNode>& docs) {
    if (!split_lines()) return false;
    size_t li = 0;
    while (true) {
      li = next_content(li);
      if (li >= lines_.size()) break;
      if (is_doc_start(li)) {
        if (!rest_is_blank(li, 3)) return false;
        ++li;
        continue;
      }
      if (line_char(li, 0) == '%' || is_doc_end(li)) return false;
      YNode root;
      size_t pos = lines_[li].indent;
      if (!parse_block_node(li, pos, -1, root)) return false;
      docs.push_back(std::move(root));
      li = cur_line_;
      li = next_content(li);
      if (li < lines_.size() && !is_doc_start(li)) return false;
    }
    return true;
  }

 private:
  struct Line {
    uint32_t start;  // offset of the first byte
    uint32_t len;    // bytes, without the newline
    int32_t indent;  // leading spaces; -1 for blank/comment-only lines
  };

  bool split_lines() {
    size_t i = 0;
    while (i <= text_.size()) {
      size_t nl = text_.find('\n', i);
      size_t end = nl == std::string_view::npos ? text_.size() : nl;
      Line l{static_cast<uint32_t>(i), static_cast<uint32_t>(end - i), -1};
      size_t j = i;
      while (j < end && text_[j] == ' ') ++j;
      for (size_t k = i; k < end; ++k) {
        auto c = static_cast<unsigned char>(text_[k]);
        // Tabs, CR, control characters and non-ASCII: yaml-cpp's rules (and
        // its columns) differ subtly; leave them to it.
        if (c < 0x20 || c >= 0x7f) return false;
      }
      if (j < end && text_[j] != '#') l.indent = static_cast<int32_t>(j - i);
      lines_.push_back(l);
      if (nl == std::string_view::npos) break;
      i = nl + 1;
    }
    return true;
  }

  [[nodiscard]] char line_char(size_t li, size_t pos) const {
    const Line& l = lines_[li];
    return pos < l.len ? text_[l.start + pos] : '\0';
  }
  [[nodiscard]] std::string_view line_text(size_t li) const {
    return text_.substr(lines_[li].start, lines_[li].len);
  }
  // A block sequence entry ("- x" or a lone "-") starts at (li, pos).
  [[nodiscard]] bool is_seq_entry(size_t li, size_t pos) const {
    char next = line_char(li, pos + 1);
    return line_char(li, pos) == '-' && (next == ' ' || next == '\0');
  }
  [[nodiscard]] bool is_doc_start(size_t li) const {
    std::string_view t = line_text(li);
    return t.starts_with("---") && (t.size() == 3 || t[3] == ' ');
  }
  [[nodiscard]] bool is_doc_end(size_t li) const {
    std::string_view t = line_text(li);
    return t.starts_with("...") && (t.size() == 3 || t[3] == ' ');
  }
  // Blank or a comment from `pos` to the end of the line.
  [[nodiscard]] bool rest_is_blank(size_t li, size_t pos) const {
    std::string_view t = line_text(li);
    while (pos < t.size() && t[pos] == ' ') ++pos;
    return pos == t.size() || (t[pos] == '#' && (pos == 0 || t[pos - 1] == ' '));
  }
  [[nodiscard]] size_t next_content(size_t li) const {
    while (li < lines_.size() && lines_[li].indent < 0) ++li;
    return li;
  }
  // Indent of the next content line, -1 at a document marker or the end.
  [[nodiscard]] int next_indent(size_t li) const {
    li = next_content(li);
    if (li >= lines_.size() || is_doc_start(li) || is_doc_end(li)) return -1;
    return lines_[li].indent;
  }

  void mark(YNode& n, size_t li, size_t pos) const {
    n.line = static_cast<uint32_t>(li + 1);
    n.column = static_cast<uint32_t>(pos + 1);
  }

  static bool is_indicator_start(char c) {
    switch (c) {
      case '[':
      case ']':
      case '{':
      case '}':
      case ',':
      case '#':
      case '&':
      case '*':
      case '!':
      case '|':
      case '>':
      case '\'':
      case '"':
      case '%':
      case '@':
      case '`': return true;
      default: return false;
    }
  }

  // A quoted scalar that ends on this line; `pos` moves past the closing quote.
  bool parse_quoted(size_t li, size_t& pos, std::string& out) {
    std::string_view t = line_text(li);
    char q = t[pos];
    size_t i = pos + 1;
    out.clear();
    if (q == '\'') {
      for (;;) {
        if (i >= t.size()) return false;  // continues on the next line
        size_t q_at = t.find('\'', i);
        if (q_at == std::string_view::npos) return false;
        out.append(t.substr(i, q_at - i));
        i = q_at;
        if (t[i] == '\'') {
          if (i + 1 < t.size() && t[i + 1] == '\'') {
            out += '\'';
            i += 2;
            continue;
          }
          pos = i + 1;
          return true;
        }
        out += t[i++];
      }
    }
    for (;;) {
      if (i >= t.size()) return false;
      size_t stop = t.find_first_of("\"\\", i);
      if (stop == std::string_view::npos) return false;
      out.append(t.substr(i, stop - i));
      i = stop;
      char c = t[i];
      if (c == '"') {
        pos = i + 1;
        return true;
      }
      if (c != '\\') {
        out += c;
        ++i;
        continue;
      }
      if (i + 1 >= t.size()) return false;  // an escaped line break
      char e = t[i + 1];
      i += 2;
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case '0': out += '\0'; break;
        case 'a': out += '\a'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'v': out += '\v'; break;
        case 'e': out += '\x1b'; break;
        case ' ': out += ' '; break;
        default: return false;  // \x, \u, \N, ...: leave to yaml-cpp
      }
    }
  }

  // Where a block mapping key at `pos` ends: the index of its ':' (followed
  // by a space or the end of the line), or npos when the line holds no key.
  [[nodiscard]] size_t find_key_colon(size_t li, size_t pos) const {
    std::string_view t = line_text(li);
    for (size_t i = pos; i < t.size(); ++i) {
      if (t[i] == '#' && i > pos && t[i - 1] == ' ') return std::string_view::npos;
      if (t[i] == ':' && (i + 1 == t.size() || t[i + 1] == ' ')) return i;
    }
    return std::string_view::npos;
  }

  // A plain scalar from `pos` to the end of the line (or a comment).
  bool parse_plain_to_eol(size_t li, size_t pos, std::string& out) {
    std::string_view t = line_text(li);
    char c = t[pos];
    if (is_indicator_start(c)) return false;
    if ((c == '-' || c == '?' || c == ':') && (pos + 1 == t.size() || t[pos + 1] == ' '))
      return false;
    size_t end = pos;
    for (size_t i = pos; i < t.size(); ++i) {
      if (t[i] == '#' && t[i - 1] == ' ') break;
      if (t[i] == ':' && (i + 1 == t.size() || t[i + 1] == ' ')) return false;
      end = i + 1;
    }
    while (end > pos && t[end - 1] == ' ') --end;
    out.assign(t.substr(pos, end - pos));
    if (out == "---" || out == "...") return false;
    return true;
  }

  void make_scalar_or_null(YNode& n, std::string text, bool quoted) {
    if (!quoted && (text == "~" || text == "null" || text == "Null" || text == "NULL")) {
      n.kind = YNode::Kind::kNull;
      return;
    }
    n.kind = YNode::Kind::kScalar;
    n.quoted = quoted;
    n.text = std::move(text);
  }

  // ---- flow collections on one line ----
  void skip_spaces(std::string_view t, size_t& i) const {
    while (i < t.size() && t[i] == ' ') ++i;
  }

  bool parse_flow_scalar(size_t li, size_t& i, YNode& out) {
    std::string_view t = line_text(li);
    mark(out, li, i);
    if (t[i] == '"' || t[i] == '\'') {
      std::string s;
      if (!parse_quoted(li, i, s)) return false;
      make_scalar_or_null(out, std::move(s), true);
      return true;
    }
    char c = t[i];
    if (is_indicator_start(c) || c == '?' || c == ':') return false;
    if (c == '-' && (i + 1 == t.size() || t[i + 1] == ' ')) return false;
    // A flow plain scalar ends at a flow indicator, a comment, or a ':'
    // that is followed by a space, a flow indicator or the line end.
    auto ends_here = [&](size_t k) {
      char ch = t[k];
      if (ch == ',' || ch == '[' || ch == ']' || ch == '{' || ch == '}') return true;
      if (ch == '#' && t[k - 1] == ' ') return true;
      if (ch != ':') return false;
      char nx = k + 1 < t.size() ? t[k + 1] : ' ';
      return nx == ' ' || nx == ',' || nx == '[' || nx == ']' || nx == '{' || nx == '}';
    };
    size_t start = i;
    while (i < t.size() && !ends_here(i)) ++i;
    if (i < t.size() && (t[i] == '[' || t[i] == '{' || t[i] == '#')) return false;
    size_t end = i;
    while (end > start && t[end - 1] == ' ') --end;
    if (end == start) return false;
    make_scalar_or_null(out, std::string(t.substr(start, end - start)), false);
    return true;
  }

  bool parse_flow_node(size_t li, size_t& i, YNode& out, int depth) {
    if (depth > 64) return false;
    std::string_view t = line_text(li);
    if (i >= t.size()) return false;
    if (t[i] != '[' && t[i] != '{') return parse_flow_scalar(li, i, out);
    const bool is_map = t[i] == '{';
    const char close = is_map ? '}' : ']';
    out.kind = is_map ? YNode::Kind::kMap : YNode::Kind::kSequence;
    mark(out, li, i);
    MapKeyIndex keys;
    ++i;
    for (;;) {
      skip_spaces(t, i);
      if (i >= t.size()) return false;  // continues on the next line
      if (t[i] == close) {
        ++i;
        return true;
      }
      if (!is_map) {
        YNode item;
        if (!parse_flow_node(li, i, item, depth + 1)) return false;
        skip_spaces(t, i);
        if (i < t.size() && t[i] == ':') return false;  // a single-pair map
        out.children.push_back(std::move(item));
      } else {
        YNode key;
        if (!parse_flow_scalar(li, i, key) || key.kind != YNode::Kind::kScalar) return false;
        skip_spaces(t, i);
        if (i >= t.size() || t[i] != ':') return false;
        ++i;
        // After a plain key, ':' must be followed by a space (or ',}').
        if (!key.quoted && i < t.size() && t[i] != ' ' && t[i] != ',' && t[i] != '}') return false;
        skip_spaces(t, i);
        if (i >= t.size()) return false;
        YNode value;
        if (t[i] == ',' || t[i] == '}') return false;  // empty value: yaml-cpp's marks
        if (!parse_flow_node(li, i, value, depth + 1)) return false;
        value.key = std::move(key.text);
        value.key_line = key.line;
        value.key_column = key.column;
        append_map_entry(out, std::move(value), keys);
      }
      skip_spaces(t, i);
      if (i >= t.size()) return false;
      if (t[i] == ',') {
        ++i;
        continue;
      }
      if (t[i] != close) return false;
    }
  }

  // ---- block structure ----

  // A node that starts at (li, pos) in block context; `parent_indent` is the
  // indent of the enclosing collection. Leaves cur_line_ after the node.
  bool parse_block_node(size_t li, size_t pos, int parent_indent, YNode& out) {
    if (++depth_ > 128) return false;
    bool ok = parse_block_node_inner(li, pos, parent_indent, out);
    --depth_;
    return ok;
  }

  bool parse_block_node_inner(size_t li, size_t pos, int parent_indent, YNode& out) {
    char c = line_char(li, pos);
    if (is_seq_entry(li, pos)) return parse_block_sequence(li, pos, out);
    if (c != '[' && c != '{' && find_key_colon(li, pos) != std::string_view::npos)
      return parse_block_mapping(li, pos, out);
    // A single-line scalar or flow collection.
    if (c == '[' || c == '{') {
      size_t i = pos;
      if (!parse_flow_node(li, i, out, 0)) return false;
      if (!rest_is_blank(li, i)) return false;
    } else if (c == '"' || c == '\'') {
      size_t i = pos;
      std::string s;
      mark(out, li, pos);
      if (!parse_quoted(li, i, s) || !rest_is_blank(li, i)) return false;
      make_scalar_or_null(out, std::move(s), true);
    } else {
      std::string s;
      mark(out, li, pos);
      if (!parse_plain_to_eol(li, pos, s)) return false;
      make_scalar_or_null(out, std::move(s), false);
    }
    cur_line_ = li + 1;
    // A deeper line after a scalar would continue it (or be an error).
    return next_indent(cur_line_) <= parent_indent;
  }

  bool parse_block_mapping(size_t li, size_t pos, YNode& out) {
    const int indent = static_cast<int>(pos);
    out.kind = YNode::Kind::kMap;
    mark(out, li, pos);
    MapKeyIndex keys;
    for (;;) {
      // The key.
      YNode entry;
      std::string key;
      size_t key_end;
      char c = line_char(li, pos);
      if (c == '"' || c == '\'') {
        size_t i = pos;
        if (!parse_quoted(li, i, key)) return false;
        std::string_view t = line_text(li);
        while (i < t.size() && t[i] == ' ') ++i;
        if (i >= t.size() || t[i] != ':' || (i + 1 < t.size() && t[i + 1] != ' ')) return false;
        key_end = i;
      } else {
        key_end = find_key_colon(li, pos);
        if (key_end == std::string_view::npos) return false;
        if (is_indicator_start(c) || c == '?' || c == '-' || c == ':') return false;
        std::string_view t = line_text(li).substr(pos, key_end - pos);
        while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
        if (t.empty()) return false;
        key.assign(t);
      }
      entry.key = std::move(key);
      entry.key_line = static_cast<uint32_t>(li + 1);
      entry.key_column = static_cast<uint32_t>(pos + 1);
      // The value: on this line, or a block node below.
      size_t vpos = key_end + 1;
      std::string_view t = line_text(li);
      while (vpos < t.size() && t[vpos] == ' ') ++vpos;
      if (rest_is_blank(li, vpos)) {
        size_t nl = next_content(li + 1);
        int ni = next_indent(li + 1);
        bool seq_here = ni == indent && is_seq_entry(nl, static_cast<size_t>(ni));
        if (ni > indent || seq_here) {
          if (!parse_block_node(nl, static_cast<size_t>(ni), seq_here ? indent - 1 : indent, entry))
            return false;
        } else {
          entry.kind = YNode::Kind::kNull;  // yaml-cpp marks it at the next token
          cur_line_ = li + 1;
        }
      } else {
        char vc = t[vpos];
        if (is_seq_entry(li, vpos)) return false;
        if (!parse_block_node(li, vpos, indent, entry)) return false;
        // "a: b: c" is an error (yaml-cpp reports it), not a nested map.
        if (entry.kind == YNode::Kind::kMap && vc != '{' && entry.line == li + 1) return false;
      }
      append_map_entry(out, std::move(entry), keys);
      // The next entry, at the same indent.
      size_t nl = next_content(cur_line_);
      int ni = next_indent(cur_line_);
      if (ni < indent) {
        cur_line_ = nl;
        return true;
      }
      if (ni > indent) return false;
      if (is_seq_entry(nl, pos)) {
        cur_line_ = nl;
        return true;  // a sequence at the key's indent belongs to the parent
      }
      li = nl;
    }
  }

  bool parse_block_sequence(size_t li, size_t pos, YNode& out) {
    const int indent = static_cast<int>(pos);
    out.kind = YNode::Kind::kSequence;
    mark(out, li, pos);
    for (;;) {
      YNode item;
      size_t vpos = pos + 1;
      std::string_view t = line_text(li);
      while (vpos < t.size() && t[vpos] == ' ') ++vpos;
      if (rest_is_blank(li, vpos)) {
        size_t nl = next_content(li + 1);
        int ni = next_indent(li + 1);
        if (ni > indent) {
          if (!parse_block_node(nl, static_cast<size_t>(ni), indent, item)) return false;
        } else {
          item.kind = YNode::Kind::kNull;
          cur_line_ = li + 1;
        }
      } else {
        if (is_seq_entry(li, vpos)) return false;  // - - x
        if (!parse_block_node(li, vpos, indent, item)) return false;
      }
      out.children.push_back(std::move(item));
      size_t nl = next_content(cur_line_);
      int ni = next_indent(cur_line_);
      if (ni < indent) {
        cur_line_ = nl;
        return true;
      }
      if (ni > indent) return false;
      if (!is_seq_entry(nl, pos)) {
        cur_line_ = nl;
        return true;  // e.g. the next key of the parent mapping
      }
      li = nl;
    }
  }

  std::string_view text_;
  std::vector<Line> lines_;
  size_t cur_line_ = 0;
  int depth_ = 0;
};

}  // namespace

bool MapKeyIndex::seen_before(const std::vector<YNode>& children, const std::string& key) {
  if (seen_.empty() && children.size() < 16) {
    for (const auto& k : children)
      if (k.key == key) return true;
    return false;
  }
  if (seen_.empty())
    for (const auto& k : children) seen_.insert(k.key);
  return !seen_.insert(key).second;
}

void append_map_entry(YNode& map, YNode entry, MapKeyIndex& index) {
  entry.duplicate = index.seen_before(map.children, entry.key);
  map.children.push_back(std::move(entry));
}

std::optional<std::vector<YNode>> parse_yaml_fast(std::string_view text) {
  std::vector<YNode> docs;
  FastParser p(text);
  if (!p.run(docs)) return std::nullopt;
  return docs;
}

}  // namespace podcore::manifest
