#include "pod/label_selector.hpp"

#include <algorithm>
#include <charconv>
#include <optional>

#include "manifest/field_error.hpp"
#include "manifest/names.hpp"

namespace podcore::pod {

namespace {

constexpr const char* kStage = "pod.selector";

enum class Tok {
  kError,
  kEnd,
  kClosePar,
  kComma,
  kNot,
  kDoubleEquals,
  kEquals,
  kGreater,
  kIdentifier,
  kIn,
  kLess,
  kNotEquals,
  kNotIn,
  kOpenPar,
};

struct Item {
  Tok tok;
  std::string text;
};

std::optional<Tok> keyword(std::string_view s) {
  if (s == ")") return Tok::kClosePar;
  if (s == ",") return Tok::kComma;
  if (s == "!") return Tok::kNot;
  if (s == "==") return Tok::kDoubleEquals;
  if (s == "=") return Tok::kEquals;
  if (s == ">") return Tok::kGreater;
  if (s == "in") return Tok::kIn;
  if (s == "<") return Tok::kLess;
  if (s == "!=") return Tok::kNotEquals;
  if (s == "notin") return Tok::kNotIn;
  if (s == "(") return Tok::kOpenPar;
  return std::nullopt;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool is_special(char c) {
  switch (c) {
    case '=':
    case '!':
    case '(':
    case ')':
    case ',':
    case '>':
    case '<': return true;
    default: return false;
  }
}

// The lexer of labels.Parse: identifiers run until whitespace or an operator
// character; operator characters are taken greedily while they still spell a
// token ("!=" but "=" then "!" for "=!").
std::vector<Item> lex(std::string_view s) {
  std::vector<Item> items;
  size_t pos = 0;
  for (;;) {
    while (pos < s.size() && is_space(s[pos])) ++pos;
    // A NUL byte ends the input as Go's lexer reads 0 as end of string.
    if (pos >= s.size() || s[pos] == '\0') {
      items.push_back({Tok::kEnd, ""});
      return items;
    }
    if (is_special(s[pos])) {
      std::string buffer;
      std::optional<Item> last;
      while (pos < s.size() && is_special(s[pos])) {
        buffer += s[pos];
        if (auto t = keyword(buffer)) {
          last = Item{*t, buffer};
          ++pos;
        } else if (last) {
          break;
        } else {
          ++pos;
        }
      }
      if (!last)
        items.push_back({Tok::kError, "error expected: keyword found '" + buffer + "'"});
      else
        items.push_back(*last);
      continue;
    }
    size_t start = pos;
    while (pos < s.size() && s[pos] != '\0' && !is_special(s[pos]) && !is_space(s[pos])) ++pos;
    std::string word(s.substr(start, pos - start));
    auto t = keyword(word);
    items.push_back({t ? *t : Tok::kIdentifier, word});
  }
}

enum class Context { kKeyAndOperator, kValues };

// Renders a field error the way apimachinery's field.Error.Error() does.
std::string invalid(std::string_view path, std::string_view value,
                    const std::vector<std::string>& problems) {
  std::string detail;
  for (size_t i = 0; i < problems.size(); ++i) detail += (i ? "; " : "") + problems[i];
  return manifest::invalid(std::string(path), manifest::BadValue(value), detail).to_string();
}

bool parse_int64(std::string_view s, int64_t& out) {
  if (s.empty()) return false;
  std::string_view digits = s;
  if (digits.front() == '+') digits.remove_prefix(1);
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
  return ec == std::errc() && ptr == digits.data() + digits.size() && !digits.empty() &&
         digits.front() != '+';
}

// NewRequirement's checks, in its order; the errors are aggregated as
// utilerrors.NewAggregate prints them.
std::optional<std::string> check_requirement(const SelectorRequirement& r) {
  std::vector<std::string> errs;
  if (auto p = manifest::names::is_qualified_name(r.key); !p.empty())
    errs.push_back(invalid("key", r.key, p));
  switch (r.op) {
    case SelectorOp::kIn:
    case SelectorOp::kNotIn:
      if (r.values.empty())
        errs.push_back(
            "values: Invalid value: []string{}: for 'in', 'notin' operators, values "
            "set can't be empty");
      break;
    case SelectorOp::kGreaterThan:
    case SelectorOp::kLessThan:
      for (size_t i = 0; i < r.values.size(); ++i) {
        int64_t v = 0;
        if (!parse_int64(r.values[i], v))
          errs.push_back(invalid("values[" + std::to_string(i) + "]", r.values[i],
                                 {"for 'Gt', 'Lt' operators, the value must be an integer"}));
      }
      break;
    default: break;
  }
  for (size_t i = 0; i < r.values.size(); ++i)
    if (auto p = manifest::names::is_valid_label_value(r.values[i]); !p.empty())
      errs.push_back(invalid("values[" + std::to_string(i) + "][" + r.key + "]", r.values[i], p));
  if (errs.empty()) return std::nullopt;
  if (errs.size() == 1) return errs[0];
  std::string out = "[";
  for (size_t i = 0; i < errs.size(); ++i) out += (i ? ", " : "") + errs[i];
  return out + "]";
}

class Parser {
 public:
  explicit Parser(std::string_view text) : items_(lex(text)) {}

  Result<std::vector<SelectorRequirement>> parse() {
    std::vector<SelectorRequirement> out;
    for (;;) {
      auto [tok, text] = lookahead(Context::kValues);
      if (tok == Tok::kIdentifier || tok == Tok::kNot) {
        auto r = parse_requirement();
        if (!r) return error("unable to parse requirement: " + r.error());
        out.push_back(std::move(*r));
        auto [t, l] = consume(Context::kValues);
        if (t == Tok::kEnd) return out;
        if (t == Tok::kComma) {
          auto [t2, l2] = lookahead(Context::kValues);
          if (t2 != Tok::kIdentifier && t2 != Tok::kNot)
            return error("found '" + l2 + "', expected: identifier after ','");
          continue;
        }
        return error("found '" + l + "', expected: ',' or 'end of string'");
      }
      if (tok == Tok::kEnd) return out;
      return error("found '" + text + "', expected: !, identifier, or 'end of string'");
    }
  }

 private:
  using Expected = std::expected<SelectorRequirement, std::string>;

  static std::unexpected<Error> error(std::string message) {
    return fail(ErrorCode::kInvalid, kStage, std::move(message), "label selector");
  }

  Item lookahead(Context c) const {
    Item it = items_[pos_];
    if (c == Context::kValues && (it.tok == Tok::kIn || it.tok == Tok::kNotIn))
      it.tok = Tok::kIdentifier;
    return it;
  }
  Item consume(Context c) {
    Item it = lookahead(c);
    if (pos_ + 1 < items_.size()) ++pos_;
    return it;
  }

  Expected parse_requirement() {
    SelectorRequirement r;
    bool negated = false;
    Item item = consume(Context::kValues);
    if (item.tok == Tok::kNot) {
      negated = true;
      item = consume(Context::kValues);
    }
    const std::string& text = item.text;
    if (item.tok != Tok::kIdentifier)
      return std::unexpected("found '" + text + "', expected: identifier");
    if (auto p = manifest::names::is_qualified_name(text); !p.empty())
      return std::unexpected(invalid("<nil>", text, p));
    r.key = text;
    auto next = lookahead(Context::kValues).tok;
    bool unary = negated || next == Tok::kEnd || next == Tok::kComma;
    if (unary) {
      r.op = negated ? SelectorOp::kDoesNotExist : SelectorOp::kExists;
      if (auto e = check_requirement(r)) return std::unexpected(*e);
      return r;
    }
    auto [op_tok, op_text] = consume(Context::kKeyAndOperator);
    std::vector<std::string> values;
    switch (op_tok) {
      case Tok::kIn: r.op = SelectorOp::kIn; break;
      case Tok::kNotIn: r.op = SelectorOp::kNotIn; break;
      case Tok::kEquals: r.op = SelectorOp::kEquals; break;
      case Tok::kDoubleEquals: r.op = SelectorOp::kDoubleEquals; break;
      case Tok::kNotEquals: r.op = SelectorOp::kNotEquals; break;
      case Tok::kGreater: r.op = SelectorOp::kGreaterThan; break;
      case Tok::kLess: r.op = SelectorOp::kLessThan; break;
      default:
        return std::unexpected("found '" + op_text + "', expected: in, notin, =, ==, !=, gt, lt");
    }
    if (r.op == SelectorOp::kIn || r.op == SelectorOp::kNotIn) {
      auto v = parse_values();
      if (!v) return std::unexpected(v.error());
      values = std::move(*v);
    } else {
      auto v = parse_exact_value();
      if (!v) return std::unexpected(v.error());
      values = std::move(*v);
    }
    // sets.String.List(): sorted, each value once.
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    r.values = std::move(values);
    if (auto e = check_requirement(r)) return std::unexpected(*e);
    return r;
  }

  std::expected<std::vector<std::string>, std::string> parse_values() {
    auto [tok, text] = consume(Context::kValues);
    if (tok != Tok::kOpenPar) return std::unexpected("found '" + text + "' expected: '('");
    auto [t, l] = lookahead(Context::kValues);
    if (t == Tok::kIdentifier || t == Tok::kComma) {
      auto list = parse_identifiers();
      if (!list) return list;
      if (consume(Context::kValues).tok != Tok::kClosePar)
        return std::unexpected("found '" + l + "', expected: ')'");
      return list;
    }
    if (t == Tok::kClosePar) {
      consume(Context::kValues);
      return std::vector<std::string>{""};
    }
    return std::unexpected("found '" + l + "', expected: ',', ')' or identifier");
  }

  std::expected<std::vector<std::string>, std::string> parse_identifiers() {
    std::vector<std::string> s;
    for (;;) {
      auto [tok, text] = consume(Context::kValues);
      if (tok == Tok::kIdentifier) {
        s.push_back(text);
        auto [t2, l2] = lookahead(Context::kValues);
        if (t2 == Tok::kComma) continue;
        if (t2 == Tok::kClosePar) return s;
        return std::unexpected("found '" + l2 + "', expected: ',' or ')'");
      }
      if (tok == Tok::kComma) {
        // Empty values between commas are values too: "(,a)", "(a,)", "(a,,b)".
        if (s.empty()) s.emplace_back();
        auto t2 = lookahead(Context::kValues).tok;
        if (t2 == Tok::kClosePar) {
          s.emplace_back();
          return s;
        }
        if (t2 == Tok::kComma) s.emplace_back();
        continue;
      }
      return std::unexpected("found '" + text + "', expected: ',', or identifier");
    }
  }

  std::expected<std::vector<std::string>, std::string> parse_exact_value() {
    auto t = lookahead(Context::kValues).tok;
    if (t == Tok::kEnd || t == Tok::kComma) return std::vector<std::string>{""};
    auto [tok, text] = consume(Context::kValues);
    if (tok == Tok::kIdentifier) return std::vector<std::string>{text};
    return std::unexpected("found '" + text + "', expected: identifier");
  }

  std::vector<Item> items_;
  size_t pos_ = 0;
};

void sort_by_key(std::vector<SelectorRequirement>& reqs) {
  std::stable_sort(reqs.begin(), reqs.end(),
                   [](const auto& a, const auto& b) { return a.key < b.key; });
}

}  // namespace

bool SelectorRequirement::matches(const std::map<std::string, std::string>& labels) const {
  auto it = labels.find(key);
  bool has = it != labels.end();
  auto in_values = [&] {
    return has && std::find(values.begin(), values.end(), it->second) != values.end();
  };
  switch (op) {
    case SelectorOp::kIn:
    case SelectorOp::kEquals:
    case SelectorOp::kDoubleEquals: return in_values();
    case SelectorOp::kNotIn:
    case SelectorOp::kNotEquals: return !in_values();
    case SelectorOp::kExists: return has;
    case SelectorOp::kDoesNotExist: return !has;
    case SelectorOp::kGreaterThan:
    case SelectorOp::kLessThan: {
      int64_t have = 0, want = 0;
      if (!has || values.size() != 1 || !parse_int64(it->second, have) ||
          !parse_int64(values[0], want))
        return false;
      return op == SelectorOp::kGreaterThan ? have > want : have < want;
    }
  }
  return false;
}

std::string SelectorRequirement::to_string() const {
  std::string out = op == SelectorOp::kDoesNotExist ? "!" + key : key;
  switch (op) {
    case SelectorOp::kEquals: out += "="; break;
    case SelectorOp::kDoubleEquals: out += "=="; break;
    case SelectorOp::kNotEquals: out += "!="; break;
    case SelectorOp::kIn: out += " in "; break;
    case SelectorOp::kNotIn: out += " notin "; break;
    case SelectorOp::kGreaterThan: out += ">"; break;
    case SelectorOp::kLessThan: out += "<"; break;
    case SelectorOp::kExists:
    case SelectorOp::kDoesNotExist: return out;
  }
  bool set = op == SelectorOp::kIn || op == SelectorOp::kNotIn;
  if (set) out += "(";
  std::vector<std::string> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  for (size_t i = 0; i < sorted.size(); ++i) out += (i ? "," : "") + sorted[i];
  if (set) out += ")";
  return out;
}

Result<LabelSelector> LabelSelector::parse(std::string_view text) {
  Parser parser(text);
  auto reqs = parser.parse();
  if (!reqs) return std::unexpected(reqs.error());
  sort_by_key(*reqs);
  LabelSelector s;
  s.requirements_ = std::move(*reqs);
  return s;
}

Result<LabelSelector> LabelSelector::from_api(const manifest::LabelSelector& selector) {
  LabelSelector s;
  for (const auto& [k, v] : selector.matchLabels) {
    SelectorRequirement r{k, SelectorOp::kEquals, {v}};
    if (auto e = check_requirement(r)) return fail(ErrorCode::kInvalid, kStage, *e, "selector");
    s.requirements_.push_back(std::move(r));
  }
  for (const auto& expr : selector.matchExpressions) {
    SelectorRequirement r;
    r.key = expr.key;
    if (expr.operator_ == "In")
      r.op = SelectorOp::kIn;
    else if (expr.operator_ == "NotIn")
      r.op = SelectorOp::kNotIn;
    else if (expr.operator_ == "Exists")
      r.op = SelectorOp::kExists;
    else if (expr.operator_ == "DoesNotExist")
      r.op = SelectorOp::kDoesNotExist;
    else
      return fail(ErrorCode::kInvalid, kStage,
                  manifest::go_quote(expr.operator_) + " is not a valid label selector operator",
                  "selector");
    r.values = expr.values;
    if (r.op == SelectorOp::kExists || r.op == SelectorOp::kDoesNotExist) {
      if (!r.values.empty())
        return fail(ErrorCode::kInvalid, kStage,
                    "values: Invalid value: values set must be empty for exists and does not exist",
                    "selector");
    }
    if (auto e = check_requirement(r)) return fail(ErrorCode::kInvalid, kStage, *e, "selector");
    s.requirements_.push_back(std::move(r));
  }
  sort_by_key(s.requirements_);
  return s;
}

bool LabelSelector::matches(const std::map<std::string, std::string>& labels) const {
  return std::all_of(requirements_.begin(), requirements_.end(),
                     [&](const auto& r) { return r.matches(labels); });
}

std::string LabelSelector::to_string() const {
  std::string out;
  for (size_t i = 0; i < requirements_.size(); ++i)
    out += (i ? "," : "") + requirements_[i].to_string();
  return out;
}

std::string format_label_selector(const manifest::LabelSelector& selector) {
  auto s = LabelSelector::from_api(selector);
  if (!s) return "<error>";
  std::string out = s->to_string();
  return out.empty() ? "<none>" : out;
}

}  // namespace podcore::pod
