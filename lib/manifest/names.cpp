#include "manifest/names.hpp"

namespace podcore::manifest::names {

namespace {

// --- Regex texts and messages, as upstream embeds them in its errors. ---

constexpr std::string_view kDns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
constexpr std::string_view kDns1123LabelErrMsg =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
    "and must start and end with an alphanumeric character";

constexpr std::string_view kDns1123SubdomainFmt =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
constexpr std::string_view kDns1123SubdomainErrMsg =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' "
    "or '.', and must start and end with an alphanumeric character";

constexpr std::string_view kDns1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
constexpr std::string_view kDns1035LabelErrMsg =
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with "
    "an alphabetic character, and end with an alphanumeric character";

constexpr std::string_view kQualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
constexpr std::string_view kQualifiedNameErrMsg =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
    "an alphanumeric character";

constexpr std::string_view kLabelValueFmt = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
constexpr std::string_view kLabelValueErrMsg =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' "
    "or '.', and must start and end with an alphanumeric character";

constexpr std::string_view kHttpHeaderNameFmt = "[-A-Za-z0-9]+";
constexpr std::string_view kHttpHeaderNameErrMsg =
    "a valid HTTP header must consist of alphanumeric characters or '-'";

constexpr std::string_view kConfigMapKeyFmt = "[-._a-zA-Z0-9]+";
constexpr std::string_view kConfigMapKeyErrMsg =
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";

constexpr std::string_view kCIdentifierFmt = "[A-Za-z_][A-Za-z0-9_]*";
constexpr std::string_view kCIdentifierErrMsg =
    "a valid C identifier must start with alphabetic character or '_', followed by a string "
    "of alphanumeric characters or '_'";

constexpr std::string_view kRelaxedEnvVarNameErrMsg =
    "a valid environment variable name must consist only of printable ASCII characters other "
    "than '='";

constexpr std::string_view kEmptyError = "must be non-empty";

constexpr std::string_view kInvalidIpMsg =
    "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";

// --- Character classes (ASCII only: every grammar here is ASCII). ---

constexpr bool is_lower(char c) {
  return c >= 'a' && c <= 'z';
}
constexpr bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
constexpr bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
constexpr bool is_lower_alnum(char c) {
  return is_lower(c) || is_digit(c);
}
constexpr bool is_alnum(char c) {
  return is_lower(c) || is_upper(c) || is_digit(c);
}

// --- Matchers, each equivalent to "^<fmt>$" of its upstream regex. ---

// [a-z0-9]([-a-z0-9]*[a-z0-9])?
bool matches_dns1123_label(std::string_view s) {
  if (s.empty() || !is_lower_alnum(s.front()) || !is_lower_alnum(s.back())) return false;
  for (char c : s) {
    if (!is_lower_alnum(c) && c != '-') return false;
  }
  return true;
}

// label(\.label)* -- no per-label length limit.
bool matches_dns1123_subdomain(std::string_view s) {
  while (true) {
    const std::size_t dot = s.find('.');
    if (!matches_dns1123_label(s.substr(0, dot))) return false;
    if (dot == std::string_view::npos) return true;
    s.remove_prefix(dot + 1);
  }
}

// [a-z]([-a-z0-9]*[a-z0-9])?
bool matches_dns1035_label(std::string_view s) {
  if (s.empty() || !is_lower(s.front()) || !is_lower_alnum(s.back())) return false;
  for (char c : s) {
    if (!is_lower_alnum(c) && c != '-') return false;
  }
  return true;
}

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
bool matches_qualified_name(std::string_view s) {
  if (s.empty() || !is_alnum(s.front()) || !is_alnum(s.back())) return false;
  for (char c : s) {
    if (!is_alnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

// [a-z0-9]([-_a-z0-9]*[a-z0-9])?
bool matches_sysctl_segment(std::string_view s) {
  if (s.empty() || !is_lower_alnum(s.front()) || !is_lower_alnum(s.back())) return false;
  for (char c : s) {
    if (!is_lower_alnum(c) && c != '-' && c != '_') return false;
  }
  return true;
}

std::string prefixed(std::string_view prefix, std::string_view msg) {
  std::string out;
  out.reserve(prefix.size() + msg.size());
  out.append(prefix);
  out.append(msg);
  return out;
}

// --- Go 1.16 net.ParseIP, as forked in k8s.io/utils/net (ParseIPSloppy). ---

constexpr int kBig = 0xFFFFFF;  // Go's "big": bail out of over-long numbers.

// Go's dtoi: decimal digits at the front of s. False when there are none or
// the number grows to kBig.
bool go_dtoi(std::string_view s, int& n, std::size_t& used) {
  n = 0;
  used = 0;
  while (used < s.size() && is_digit(s[used])) {
    n = n * 10 + (s[used] - '0');
    if (n >= kBig) return false;
    ++used;
  }
  return used != 0;
}

// Go's xtoi: hexadecimal digits at the front of s, same failure rules.
bool go_xtoi(std::string_view s, int& n, std::size_t& used) {
  n = 0;
  used = 0;
  while (used < s.size()) {
    const char c = s[used];
    int d = 0;
    if (is_digit(c)) {
      d = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      d = c - 'A' + 10;
    } else {
      break;
    }
    n = n * 16 + d;
    if (n >= kBig) return false;
    ++used;
  }
  return used != 0;
}

// Four dot-separated decimal octets (0..255, leading zeros allowed).
bool go_parse_ipv4(std::string_view s) {
  for (int i = 0; i < 4; ++i) {
    if (s.empty()) return false;
    if (i > 0) {
      if (s.front() != '.') return false;
      s.remove_prefix(1);
    }
    int n = 0;
    std::size_t used = 0;
    if (!go_dtoi(s, n, used) || n > 0xFF) return false;
    s.remove_prefix(used);
  }
  return s.empty();
}

// Hex groups with at most one "::", optionally ending in a dotted IPv4.
bool go_parse_ipv6(std::string_view s) {
  constexpr int kIPv6Len = 16;
  constexpr int kIPv4Len = 4;
  int ellipsis = -1;
  if (s.size() >= 2 && s[0] == ':' && s[1] == ':') {
    ellipsis = 0;
    s.remove_prefix(2);
    if (s.empty()) return true;
  }
  int i = 0;
  while (i < kIPv6Len) {
    int n = 0;
    std::size_t used = 0;
    if (!go_xtoi(s, n, used) || n > 0xFFFF) return false;
    if (used < s.size() && s[used] == '.') {
      if (ellipsis < 0 && i != kIPv6Len - kIPv4Len) return false;
      if (i + kIPv4Len > kIPv6Len) return false;
      if (!go_parse_ipv4(s)) return false;
      s = {};
      i += kIPv4Len;
      break;
    }
    i += 2;
    s.remove_prefix(used);
    if (s.empty()) break;
    if (s.front() != ':' || s.size() == 1) return false;
    s.remove_prefix(1);
    if (s.front() == ':') {
      if (ellipsis >= 0) return false;
      ellipsis = i;
      s.remove_prefix(1);
      if (s.empty()) break;
    }
  }
  if (!s.empty()) return false;
  if (i < kIPv6Len) return ellipsis >= 0;
  return ellipsis < 0;  // "::" must stand for at least one zero group.
}

bool go_parse_ip(std::string_view s) {
  for (char c : s) {
    if (c == '.') return go_parse_ipv4(s);
    if (c == ':') return go_parse_ipv6(s);
  }
  return false;
}

}  // namespace

std::string max_len_error(std::size_t n) {
  return "must be no more than " + std::to_string(n) + " characters";
}

std::string regex_error(std::string_view msg, std::string_view fmt,
                        std::initializer_list<std::string_view> examples) {
  std::string out(msg);
  if (examples.size() == 0) {
    out.append(" (regex used for validation is '");
  } else {
    out.append(" (e.g. ");
    bool first = true;
    for (std::string_view ex : examples) {
      if (!first) out.append(" or ");
      first = false;
      out.push_back('\'');
      out.append(ex);
      out.append("', ");
    }
    out.append("regex used for validation is '");
  }
  out.append(fmt);
  out.append("')");
  return out;
}

std::vector<std::string> is_dns1123_label(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > kDns1123LabelMaxLength) errs.push_back(max_len_error(kDns1123LabelMaxLength));
  if (!matches_dns1123_label(value)) {
    if (matches_dns1123_subdomain(value)) {
      // A valid subdomain that is not a label: the length was checked
      // above, so the only problem left is the dots.
      errs.emplace_back("must not contain dots");
    } else {
      errs.push_back(regex_error(kDns1123LabelErrMsg, kDns1123LabelFmt, {"my-name", "123-abc"}));
    }
  }
  return errs;
}

std::vector<std::string> is_dns1123_subdomain(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > kDns1123SubdomainMaxLength) {
    errs.push_back(max_len_error(kDns1123SubdomainMaxLength));
  }
  if (!matches_dns1123_subdomain(value)) {
    errs.push_back(regex_error(kDns1123SubdomainErrMsg, kDns1123SubdomainFmt, {"example.com"}));
  }
  return errs;
}

std::vector<std::string> is_dns1035_label(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > kDns1035LabelMaxLength) errs.push_back(max_len_error(kDns1035LabelMaxLength));
  if (!matches_dns1035_label(value)) {
    errs.push_back(regex_error(kDns1035LabelErrMsg, kDns1035LabelFmt, {"my-name", "abc-123"}));
  }
  return errs;
}

std::vector<std::string> is_qualified_name(std::string_view value) {
  std::vector<std::string> errs;
  std::string_view name = value;
  const std::size_t slash = value.find('/');
  if (slash != std::string_view::npos) {
    if (value.find('/', slash + 1) != std::string_view::npos) {
      // More than one '/': upstream reports this alone and stops.
      errs.push_back(
          "a qualified name " +
          regex_error(kQualifiedNameErrMsg, kQualifiedNameFmt, {"MyName", "my.name", "123-abc"}) +
          " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
      return errs;
    }
    const std::string_view prefix = value.substr(0, slash);
    name = value.substr(slash + 1);
    if (prefix.empty()) {
      errs.push_back(prefixed("prefix part ", kEmptyError));
    } else {
      for (const std::string& msg : is_dns1123_subdomain(prefix)) {
        errs.push_back(prefixed("prefix part ", msg));
      }
    }
  }
  if (name.empty()) {
    errs.push_back(prefixed("name part ", kEmptyError));
  } else if (name.size() > kQualifiedNameMaxLength) {
    errs.push_back(prefixed("name part ", max_len_error(kQualifiedNameMaxLength)));
  }
  if (!matches_qualified_name(name)) {
    errs.push_back(prefixed("name part ", regex_error(kQualifiedNameErrMsg, kQualifiedNameFmt,
                                                      {"MyName", "my.name", "123-abc"})));
  }
  return errs;
}

std::vector<std::string> is_valid_label_value(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > kLabelValueMaxLength) errs.push_back(max_len_error(kLabelValueMaxLength));
  if (!value.empty() && !matches_qualified_name(value)) {
    errs.push_back(
        regex_error(kLabelValueErrMsg, kLabelValueFmt, {"MyValue", "my_value", "12345"}));
  }
  return errs;
}

std::vector<std::string> is_valid_port_name(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > kPortNameMaxLength) errs.push_back(max_len_error(kPortNameMaxLength));
  bool charset_ok = !value.empty();
  bool has_letter = false;
  bool double_hyphen = false;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (is_lower(c)) has_letter = true;
    if (!is_lower_alnum(c) && c != '-') charset_ok = false;
    if (c == '-' && i + 1 < value.size() && value[i + 1] == '-') double_hyphen = true;
  }
  if (!charset_ok) {
    errs.emplace_back("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  }
  if (!has_letter) errs.emplace_back("must contain at least one letter (a-z)");
  if (double_hyphen) errs.emplace_back("must not contain consecutive hyphens");
  if (!value.empty() && (value.front() == '-' || value.back() == '-')) {
    errs.emplace_back("must not begin or end with a hyphen");
  }
  return errs;
}

std::vector<std::string> is_valid_port_num(int64_t port) {
  if (port >= 1 && port <= 65535) return {};
  return {"must be between 1 and 65535, inclusive"};
}

std::vector<std::string> is_env_var_name(std::string_view value) {
  std::vector<std::string> errs;
  if (value.empty()) errs.push_back(prefixed("environment variable name ", kEmptyError));
  // Upstream walks runes: any byte >= 0x80 starts a rune above MaxASCII (or
  // an invalid sequence, decoded as U+FFFD), so a byte-wise check agrees.
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7E || c == '=') {
      errs.emplace_back(kRelaxedEnvVarNameErrMsg);
      break;
    }
  }
  return errs;
}

std::vector<std::string> is_config_map_key(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > kDns1123SubdomainMaxLength) {
    errs.push_back(max_len_error(kDns1123SubdomainMaxLength));
  }
  bool charset_ok = !value.empty();
  for (char c : value) {
    if (!is_alnum(c) && c != '-' && c != '.' && c != '_') {
      charset_ok = false;
      break;
    }
  }
  if (!charset_ok) {
    errs.push_back(
        regex_error(kConfigMapKeyErrMsg, kConfigMapKeyFmt, {"key.name", "KEY_NAME", "key-name"}));
  }
  if (value == ".") {
    errs.emplace_back("must not be '.'");
  } else if (value == "..") {
    errs.emplace_back("must not be '..'");
  } else if (value.starts_with("..")) {
    errs.emplace_back("must not start with '..'");
  }
  return errs;
}

std::vector<std::string> is_valid_ip(std::string_view value) {
  if (go_parse_ip(value)) return {};
  return {std::string(kInvalidIpMsg)};
}

std::vector<std::string> is_http_header_name(std::string_view value) {
  bool ok = !value.empty();
  for (char c : value) {
    if (!is_alnum(c) && c != '-') {
      ok = false;
      break;
    }
  }
  if (ok) return {};
  return {regex_error(kHttpHeaderNameErrMsg, kHttpHeaderNameFmt, {"X-Header-Name"})};
}

std::vector<std::string> is_c_identifier(std::string_view value) {
  bool ok = !value.empty() &&
            (is_upper(value.front()) || is_lower(value.front()) || value.front() == '_');
  for (char c : value) {
    if (!ok) break;
    if (!is_alnum(c) && c != '_') ok = false;
  }
  if (ok) return {};
  return {regex_error(kCIdentifierErrMsg, kCIdentifierFmt, {"my_name", "MY_NAME", "MyName"})};
}

bool is_valid_sysctl_name(std::string_view value) {
  if (value.size() > kSysctlMaxLength) return false;
  while (true) {
    const std::size_t sep = value.find_first_of("./");
    if (!matches_sysctl_segment(value.substr(0, sep))) return false;
    if (sep == std::string_view::npos) return true;
    value.remove_prefix(sep + 1);
  }
}

}  // namespace podcore::manifest::names
