// Table-driven tests for the name grammars. The cases follow upstream's
// apimachinery validation_test.go / ip_test.go / content identifier_test.go
// and core validation_test.go (sysctls); the expected messages are spelled
// out in full here so that a wrong constant in names.cpp cannot hide.
#include "manifest/names.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace podcore::manifest::names {
namespace {

using Msgs = std::vector<std::string>;

struct Case {
  std::string input;
  Msgs want;
};

std::string rep(char c, std::size_t n) {
  return std::string(n, c);
}

// --- Expected texts, written out as the API server prints them. ---

const std::string kLabelRegexMsg =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex "
    "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const std::string kSubdomainRegexMsg =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
    "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const std::string kDns1035RegexMsg =
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
    "'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const std::string kQualifiedNameBody =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const std::string kNamePartRegexMsg = "name part " + kQualifiedNameBody;
const std::string kTooManySlashesMsg =
    "a qualified name " + kQualifiedNameBody +
    " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
const std::string kLabelValueRegexMsg =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
    "'my_value',  or '12345', regex used for validation is "
    "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const std::string kHeaderRegexMsg =
    "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', "
    "regex used for validation is '[-A-Za-z0-9]+')";
const std::string kConfigKeyRegexMsg =
    "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. "
    "'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is "
    "'[-._a-zA-Z0-9]+')";
const std::string kCIdentifierRegexMsg =
    "a valid C identifier must start with alphabetic character or '_', followed by a string of "
    "alphanumeric characters or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName', regex used "
    "for validation is '[A-Za-z_][A-Za-z0-9_]*')";
const std::string kEnvVarMsg =
    "a valid environment variable name must consist only of printable ASCII characters other "
    "than '='";
const std::string kEnvVarEmptyMsg = "environment variable name must be non-empty";
const std::string kIpMsg = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
const std::string kDots = "must not contain dots";
const std::string kMax63 = "must be no more than 63 characters";
const std::string kMax253 = "must be no more than 253 characters";

const std::string kPortCharset =
    "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)";
const std::string kPortLetter = "must contain at least one letter (a-z)";
const std::string kPortDoubleHyphen = "must not contain consecutive hyphens";
const std::string kPortEdgeHyphen = "must not begin or end with a hyphen";

template <typename Fn>
void run_cases(const std::vector<Case>& cases, Fn fn) {
  for (const Case& c : cases) {
    SCOPED_TRACE("input: \"" + c.input + "\"");
    EXPECT_EQ(fn(c.input), c.want);
  }
}

template <typename Fn>
void run_valid(const std::vector<std::string>& inputs, Fn fn) {
  for (const std::string& in : inputs) {
    SCOPED_TRACE("input: \"" + in + "\"");
    EXPECT_EQ(fn(in), Msgs{});
  }
}

// --- Helpers ---

TEST(NamesHelpers, MaxLenError) {
  EXPECT_EQ(max_len_error(63), "must be no more than 63 characters");
  EXPECT_EQ(max_len_error(253), "must be no more than 253 characters");
  EXPECT_EQ(max_len_error(0), "must be no more than 0 characters");
}

TEST(NamesHelpers, RegexErrorWithoutExamples) {
  EXPECT_EQ(regex_error("bad", "[a-z]+", {}), "bad (regex used for validation is '[a-z]+')");
}

TEST(NamesHelpers, RegexErrorWithOneExample) {
  EXPECT_EQ(regex_error("bad", "[a-z]+", {"abc"}),
            "bad (e.g. 'abc', regex used for validation is '[a-z]+')");
}

TEST(NamesHelpers, RegexErrorWithSeveralExamples) {
  // Upstream joins "'x', " and " or ", hence the doubled space.
  EXPECT_EQ(regex_error("bad", "[a-z]+", {"a", "b", "c"}),
            "bad (e.g. 'a',  or 'b',  or 'c', regex used for validation is '[a-z]+')");
}

// --- IsDNS1123Label ---

TEST(NamesDns1123Label, Valid) {
  run_valid({"a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a",
             "1--a--b--2", rep('a', 63)},
            is_dns1123_label);
}

TEST(NamesDns1123Label, Invalid) {
  const Msgs re{kLabelRegexMsg};
  const Msgs dots{kDots};
  run_cases(
      {
          {"", re},
          {"A", re},
          {"ABC", re},
          {"aBc", re},
          {"A1", re},
          {"A-1", re},
          {"1-A", re},
          {"-", re},
          {"a-", re},
          {"-a", re},
          {"1-", re},
          {"-1", re},
          {"_", re},
          {"a_", re},
          {"_a", re},
          {"a_b", re},
          {"1_", re},
          {"_1", re},
          {"1_2", re},
          {".", re},
          {"a.", re},
          {".a", re},
          {"a.b", dots},
          {"1.", re},
          {".1", re},
          {"1.2", dots},
          {" ", re},
          {"a ", re},
          {" a", re},
          {"a b", re},
          {"1 ", re},
          {" 1", re},
          {"1 2", re},
          {"a..b", re},
          {"a.B", re},
          {"my.pod-1", dots},
          // Only the length is wrong: the regex itself has no length limit.
          {rep('a', 64), {kMax63}},
          {rep('a', 64) + "-", {kMax63, kLabelRegexMsg}},
          {"a." + rep('b', 62), {kMax63, kDots}},
      },
      is_dns1123_label);
}

// --- IsDNS1123Subdomain ---

TEST(NamesDns1123Subdomain, Valid) {
  run_valid({"a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a",
             "1--a--b--2", "a.a", "ab.a", "abc.a", "a1.a", "a-1.a", "a--1--2--b.a", "a.1", "ab.1",
             "abc.1", "a1.1", "a-1.1", "a--1--2--b.1", "0.a", "01.a", "012.a", "1a.a", "1-a.a",
             "0.1", "01.1", "012.1", "1a.1", "1-a.1", "1--a--b--2.1", "a.b.c.d.e", "aa.bb.cc.dd.ee",
             "1.2.3.4.5", "11.22.33.44.55",
             // Labels inside a subdomain are not length-checked.
             rep('a', 64) + ".b", rep('a', 253)},
            is_dns1123_subdomain);
}

TEST(NamesDns1123Subdomain, Invalid) {
  const Msgs re{kSubdomainRegexMsg};
  run_cases(
      {
          {"", re},
          {"A", re},
          {"ABC", re},
          {"aBc", re},
          {"A1", re},
          {"A-1", re},
          {"1-A", re},
          {"-", re},
          {"a-", re},
          {"-a", re},
          {"1-", re},
          {"-1", re},
          {"_", re},
          {"a_", re},
          {"_a", re},
          {"a_b", re},
          {"1_", re},
          {"_1", re},
          {"1_2", re},
          {".", re},
          {"a.", re},
          {".a", re},
          {"a..b", re},
          {"1.", re},
          {".1", re},
          {"1..2", re},
          {" ", re},
          {"a ", re},
          {" a", re},
          {"a b", re},
          {"1 ", re},
          {" 1", re},
          {"1 2", re},
          {"A.a", re},
          {"aB.a", re},
          {"ab.A", re},
          {"A1.a", re},
          {"a1.A", re},
          {"A.1", re},
          {"aB.1", re},
          {"A1.1", re},
          {"1A.1", re},
          {"0.A", re},
          {"01.A", re},
          {"012.A", re},
          {"1A.a", re},
          {"1a.A", re},
          {"A.B.C.D.E", re},
          {"a.B.c.d.e", re},
          {"AA.BB.CC.DD.EE", re},
          {"aa.bB.cc.dd.ee", re},
          {"a@b", re},
          {"a,b", re},
          {"a;b", re},
          {"a:b", re},
          {"a%b", re},
          {"a?b", re},
          {"a$b", re},
          {"a-.b", re},
          {"a.-b", re},
          {rep('a', 254), {kMax253}},
          {rep('a', 254) + ".", {kMax253, kSubdomainRegexMsg}},
      },
      is_dns1123_subdomain);
}

// --- IsDNS1035Label ---

TEST(NamesDns1035Label, Valid) {
  run_valid({"a", "ab", "abc", "a1", "a-1", "a--1--2--b", rep('a', 63)}, is_dns1035_label);
}

TEST(NamesDns1035Label, Invalid) {
  const Msgs re{kDns1035RegexMsg};
  run_cases(
      {
          {"0", re},
          {"01", re},
          {"012", re},
          {"1a", re},
          {"1-a", re},
          {"1--a--b--2", re},
          {"", re},
          {"A", re},
          {"ABC", re},
          {"aBc", re},
          {"A1", re},
          {"A-1", re},
          {"1-A", re},
          {"-", re},
          {"a-", re},
          {"-a", re},
          {"1-", re},
          {"-1", re},
          {"_", re},
          {"a_", re},
          {"_a", re},
          {"a_b", re},
          {"1_", re},
          {"_1", re},
          {"1_2", re},
          {".", re},
          {"a.", re},
          {".a", re},
          {"a.b", re},
          {"1.", re},
          {".1", re},
          {"1.2", re},
          {" ", re},
          {"a ", re},
          {" a", re},
          {"a b", re},
          {"1 ", re},
          {" 1", re},
          {"1 2", re},
          {rep('a', 64), {kMax63}},
          {"1" + rep('a', 63), {kMax63, kDns1035RegexMsg}},
      },
      is_dns1035_label);
}

// --- IsQualifiedName ---

TEST(NamesQualifiedName, Valid) {
  run_valid({"simple", "now-with-dashes", "1-starts-with-num", "1234", "simple/simple",
             "now-with-dashes/simple", "now-with-dashes/now-with-dashes", "now.with.dots/simple",
             "now-with.dashes-and.dots/simple", "1-num.2-num/3-num", "1234/5678", "1.2.3.4/5678",
             "Uppercase_Is_OK_123", "example.com/Uppercase_Is_OK_123", "requests.storage-foo",
             rep('a', 63), rep('a', 253) + "/" + rep('b', 63), "a", "a_b.c-d"},
            is_qualified_name);
}

TEST(NamesQualifiedName, Invalid) {
  const std::string prefix_re = "prefix part " + kSubdomainRegexMsg;
  run_cases(
      {
          {"nospecialchars%^=@", {kNamePartRegexMsg}},
          {"cantendwithadash-", {kNamePartRegexMsg}},
          {"-cantstartwithadash-", {kNamePartRegexMsg}},
          {"_underscore_", {kNamePartRegexMsg}},
          {"only/one/slash", {kTooManySlashesMsg}},
          {"a//b", {kTooManySlashesMsg}},
          {"Example.com/abc", {prefix_re}},
          {"example_com/abc", {prefix_re}},
          {"example.com/", {"name part must be non-empty", kNamePartRegexMsg}},
          {"/simple", {"prefix part must be non-empty"}},
          {"/",
           {"prefix part must be non-empty", "name part must be non-empty", kNamePartRegexMsg}},
          {"", {"name part must be non-empty", kNamePartRegexMsg}},
          {rep('a', 64), {"name part must be no more than 63 characters"}},
          {rep('a', 63) + "-", {"name part must be no more than 63 characters", kNamePartRegexMsg}},
          {rep('a', 254) + "/abc", {"prefix part must be no more than 253 characters"}},
          {"Bad_Prefix/-bad-name", {prefix_re, kNamePartRegexMsg}},
      },
      is_qualified_name);
}

// --- IsValidLabelValue ---

TEST(NamesLabelValue, Valid) {
  run_valid({"simple", "now-with-dashes", "1-starts-with-num", "end-with-num-1", "1234",
             rep('a', 63), "", "a", "A.b_c-D"},
            is_valid_label_value);
}

TEST(NamesLabelValue, Invalid) {
  const Msgs re{kLabelValueRegexMsg};
  run_cases(
      {
          {"nospecialchars%^=@", re},
          {"Tama-nui-te-r\u0101.is.M\u0101ori.sun", re},
          {"\\backslashes\\are\\bad", re},
          {"-starts-with-dash", re},
          {"ends-with-dash-", re},
          {".starts.with.dot", re},
          {"ends.with.dot.", re},
          {"with space", re},
          {rep('a', 64), {kMax63}},
          {rep('a', 64) + "-", {kMax63, kLabelValueRegexMsg}},
      },
      is_valid_label_value);
}

// --- IsValidPortName ---

TEST(NamesPortName, Valid) {
  run_valid(
      {"telnet", "re-mail-ck", "pop3", "a", "a-1", "1-a", "a-1-b-2-c", "1-a-2-b-3", rep('a', 15)},
      is_valid_port_name);
}

TEST(NamesPortName, Invalid) {
  const std::string max15 = "must be no more than 15 characters";
  run_cases(
      {
          {"longerthan15characters", {max15}},
          {"", {kPortCharset, kPortLetter}},
          {rep('a', 16), {max15}},
          {"12345", {kPortLetter}},
          {"1-2-3-4", {kPortLetter}},
          {"-begin", {kPortEdgeHyphen}},
          {"end-", {kPortEdgeHyphen}},
          {"two--hyphens", {kPortDoubleHyphen}},
          {"whois++", {kPortCharset}},
          {"Telnet", {kPortCharset}},
          {"HTTP", {kPortCharset, kPortLetter}},
          {"-", {kPortLetter, kPortEdgeHyphen}},
          {"--", {kPortLetter, kPortDoubleHyphen, kPortEdgeHyphen}},
          {"-too-long--name-1-", {max15, kPortDoubleHyphen, kPortEdgeHyphen}},
      },
      is_valid_port_name);
}

// --- IsValidPortNum ---

TEST(NamesPortNum, Valid) {
  for (int64_t p : {1, 2, 1000, 16384, 32768, 65535}) {
    SCOPED_TRACE(p);
    EXPECT_EQ(is_valid_port_num(p), Msgs{});
  }
}

TEST(NamesPortNum, Invalid) {
  for (int64_t p : {int64_t{0}, int64_t{-1}, int64_t{65536}, int64_t{100000}, int64_t{-4294967296},
                    int64_t{4294967297}}) {
    SCOPED_TRACE(p);
    EXPECT_EQ(is_valid_port_num(p), Msgs{"must be between 1 and 65535, inclusive"});
  }
}

// --- Env var names (IsRelaxedEnvVarName, the 1.34 default) ---

TEST(NamesEnvVarName, Valid) {
  run_valid({"-",
             ":",
             "_",
             "+a",
             ">a",
             "<a",
             "a.",
             "a..",
             "*a",
             "%a",
             "?a",
             "a:a",
             "a_a",
             "aAz",
             "~a",
             "|a",
             "a0a",
             "a9",
             "/a",
             "a ",
             "#a",
             "0a",
             "0 a",
             "'a",
             "(a",
             "@a",
             "MY_VAR",
             "my.env-name",
             "1leading-digit",
             " ",
             "~!@#$%^&*()"},
            is_env_var_name);
}

TEST(NamesEnvVarName, Invalid) {
  const Msgs bad{kEnvVarMsg};
  run_cases(
      {
          {"", {kEnvVarEmptyMsg}},
          {"=", bad},
          {"a=", bad},
          {"1=a", bad},
          {"a=b", bad},
          {"#%=&&", bad},
          {"\x01"
           "abc",
           bad},
          {"\xC2\x82"
           "abc",
           bad},  // U+0082, i.e. Go's string(rune(130)).
          {"\u00C7 \u00E7", bad},
          {"\u00C4 \u00E4", bad},
          {"\u00D1 \u00F1", bad},
          {"\u00D8 \u00F8", bad},
          {"a\tb", bad},
          {"a\nb", bad},
          {"\x7F", bad},
          {"\xFF", bad},  // invalid UTF-8 decodes to U+FFFD, above MaxASCII.
          {"==", bad},    // reported once, like upstream's break.
      },
      is_env_var_name);
}

// --- IsConfigMapKey ---

TEST(NamesConfigMapKey, Valid) {
  run_valid({"a", "good", "good-good", "still.good", "this.is.also.good", ".so.is.this",
             "THIS_IS_GOOD", "so_is_this_17", "-", "_", "a..b", rep('a', 253)},
            is_config_map_key);
}

TEST(NamesConfigMapKey, Invalid) {
  run_cases(
      {
          {".", {"must not be '.'"}},
          {"..", {"must not be '..'"}},
          {"..bad", {"must not start with '..'"}},
          {"b*d", {kConfigKeyRegexMsg}},
          {"bad!&bad", {kConfigKeyRegexMsg}},
          {"", {kConfigKeyRegexMsg}},
          {"with space", {kConfigKeyRegexMsg}},
          {"a/b", {kConfigKeyRegexMsg}},
          {"..*", {kConfigKeyRegexMsg, "must not start with '..'"}},
          {rep('a', 254), {kMax253}},
          {".." + rep('a', 252), {kMax253, "must not start with '..'"}},
      },
      is_config_map_key);
}

// --- IP addresses (IsValidIPForLegacyField, StrictIPCIDRValidation off) ---

TEST(NamesIp, Valid) {
  run_valid(
      {
          "1.2.3.4",
          "0.0.0.0",
          "255.255.255.255",
          "1234::abcd",
          "::",
          "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
          // Non-canonical forms are accepted by the legacy field check.
          "0:0:0:0:0:0:0:0",
          "0001:002:03:4::",
          "1234::ABCD",
          // Accepted only while strict IP validation is off (1.34 default).
          "1.1.1.01",
          "::ffff:1.1.1.1",
          "010.002.003.004",
          "0000000001.2.3.4",
          // Other forms of Go's legacy grammar.
          "::1",
          "1::",
          "1::2",
          "::1.2.3.4",
          "1:2:3:4:5:6:1.2.3.4",
          "1:2:3:4:5:6:7:8",
          "1:2:3:4:5:6:7::",
          "::2:3:4:5:6:7:8",
          "fe80::1:2",
          "00000::",
          "1::1.2.3.4",
          "2001:db8::1",
      },
      is_valid_ip);
}

TEST(NamesIp, Invalid) {
  const Msgs bad{kIpMsg};
  run_cases(
      {
          {"", bad},
          {"aaaaaaa", bad},
          {"myhost.mydomain", bad},
          {"1.2.3.0/24", bad},
          {"1.2.3.400", bad},
          {"-1.0.0.0", bad},
          {"2001:db8::10005", bad},
          {"1.2.3.4:80", bad},
          {"[2001:db8::1]", bad},
          {"[2001:db8::1]:80", bad},
          {"example.com:80", bad},
          {"1234::abcd%eth0", bad},
          {"169.254.0.0%eth0", bad},
          {"1.2.3", bad},
          {"1.2.3.4.5", bad},
          {"1..2.3", bad},
          {"1.2.3.4 ", bad},
          {" 1.2.3.4", bad},
          {"256.1.1.1", bad},
          {"1:2:3:4:5:6:7", bad},
          {"1:2:3:4:5:6:7:8:9", bad},
          {"1:2:3:4:5:6:7:8::", bad},  // "::" standing for no group at all.
          {"::1:2:3:4:5:6:7:8", bad},
          {"1::2::3", bad},
          {":1::", bad},
          {"1:", bad},
          {":", bad},
          {":::", bad},
          {"1:2:3:4:5:1.2.3.4", bad},  // embedded IPv4 in the wrong place.
          {"1:2:3:4:5:6:7:1.2.3.4", bad},
          {"::1.2.3", bad},
          {"::ffff:1.2.3.256", bad},
          {"12345::", bad},
          {"g::1", bad},
          {"1.2.3.4::", bad},
      },
      is_valid_ip);
}

// --- IsHTTPHeaderName ---

TEST(NamesHttpHeaderName, Valid) {
  run_valid({"Accept-Encoding",
             "Host",
             "If-Modified-Since",
             "X-Forwarded-For",
             "a",
             "ab",
             "abc",
             "a1",
             "-a",
             "a-",
             "a-b",
             "a-1",
             "a--1--2--b",
             "--abc-123",
             "A",
             "AB",
             "AbC",
             "A1",
             "-A",
             "A-",
             "A-B",
             "A-1",
             "A--1--2--B",
             "--123-ABC"},
            is_http_header_name);
}

TEST(NamesHttpHeaderName, Invalid) {
  const Msgs re{kHeaderRegexMsg};
  run_cases(
      {
          {"Host:", re},   {"X-Forwarded-For:", re},
          {"X-@Home", re}, {"", re},
          {"_", re},       {"a_", re},
          {"_a", re},      {"1_", re},
          {"1_2", re},     {".", re},
          {"a.", re},      {".a", re},
          {"a.b", re},     {"1.", re},
          {".1", re},      {"1.2", re},
          {" ", re},       {"a ", re},
          {" a", re},      {"a b", re},
          {"1 ", re},      {" 1", re},
          {"1 2", re},     {"#a#", re},
          {"^", re},       {",", re},
          {";", re},       {"=", re},
          {"<", re},       {"?", re},
          {"@", re},       {"{", re},
      },
      is_http_header_name);
}

// --- IsCIdentifier ---

TEST(NamesCIdentifier, Valid) {
  run_valid(
      {"a",  "ab",  "abc", "a1", "_a", "a_",  "a_b", "a_1",        "a__1__2__b", "__abc_123", "A",
       "AB", "AbC", "A1",  "_A", "A_", "A_B", "A_1", "A__1__2__B", "__123_ABC",  "_"},
      is_c_identifier);
}

TEST(NamesCIdentifier, Invalid) {
  const Msgs re{kCIdentifierRegexMsg};
  run_cases(
      {
          {"", re},    {"1", re},  {"123", re}, {"1a", re},  {"-", re},   {"a-", re}, {"-a", re},
          {"1-", re},  {"-1", re}, {"1_", re},  {"1_2", re}, {".", re},   {"a.", re}, {".a", re},
          {"a.b", re}, {"1.", re}, {".1", re},  {"1.2", re}, {" ", re},   {"a ", re}, {" a", re},
          {"a b", re}, {"1 ", re}, {" 1", re},  {"1 2", re}, {"#a#", re},
      },
      is_c_identifier);
}

// --- IsValidSysctlName ---

TEST(NamesSysctlName, Valid) {
  for (const std::string& name :
       {std::string("a.b.c.d"), std::string("a"), std::string("a_b"), std::string("a-b"),
        std::string("abc"), std::string("abc.def"), std::string("a/b/c/d"), std::string("a/b.c"),
        std::string("kernel.shm_rmid_forced"), std::string("net.ipv4.conf.eth0/100.rp_filter"),
        std::string("0"), rep('a', 253)}) {
    SCOPED_TRACE(name);
    EXPECT_TRUE(is_valid_sysctl_name(name));
  }
}

TEST(NamesSysctlName, Invalid) {
  for (const std::string& name :
       {std::string(""),      std::string("*"),    std::string("\u00E4"), std::string("a_"),
        std::string("_"),     std::string("__"),   std::string("_a"),     std::string("_a._b"),
        std::string("-"),     std::string("."),    std::string("a."),     std::string(".a"),
        std::string("a.b."),  std::string("a*.b"), std::string("a*b"),    std::string("*a"),
        std::string("a.*"),   std::string("abc*"), std::string("a.abc*"), std::string("a.b.*"),
        std::string("Abc"),   std::string("/"),    std::string("/a"),     std::string("a/abc*"),
        std::string("a/b/*"), std::string("a//b"), std::string("a./b"),   std::string("a-"),
        rep('a', 254),        rep('a', 256)}) {
    SCOPED_TRACE(name);
    EXPECT_FALSE(is_valid_sysctl_name(name));
  }
}

}  // namespace
}  // namespace podcore::manifest::names
