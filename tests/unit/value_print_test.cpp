// Tests for the JSON and YAML printers (value_json.cpp, value_yaml.cpp).
//
// Every expected YAML text in the tables was checked against kubectl v1.32.4: the document was
// wrapped in an object and printed with `kubectl annotate --local -f doc.json -o yaml`, which
// goes through sigs.k8s.io/yaml (JSONToYAML over its goyaml.v2 fork); the documents that fold at
// 80 columns are whole objects printed as they are. Expected JSON follows encoding/json's
// MarshalIndent / Marshal. What kubectl cannot print (a root that is not an object, bytes that
// are not UTF-8, duplicate keys) was derived by tracing the upstream function named beside it.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "manifest/value.hpp"

namespace podcore::manifest {
namespace {

using namespace std::string_literals;

Value str(std::string s) {
  return Value::string(std::move(s));
}
Value num(int64_t i) {
  return Value::integer(i);
}
Value flt(double d) {
  return Value::floating(d);
}

Value obj(std::initializer_list<Value::Member> members) {
  Value v = Value::object();
  for (const auto& [key, value] : members) v.add(key, value);
  return v;
}

Value arr(std::initializer_list<Value> items) {
  Value v = Value::array();
  for (const Value& item : items) v.push(item);
  return v;
}

const std::string kLorem =
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt "
    "ut labore et dolore magna aliqua. Ut enim ad minim veniam";

std::string repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// Replaces each "$NAME" in text with its value, so that long expected texts can still be
// written one output line per source line.
std::string fill(std::string text,
                 std::initializer_list<std::pair<std::string_view, std::string_view>> vars) {
  for (const auto& [name, value] : vars) {
    const std::string token = "$" + std::string(name);
    for (std::size_t at = text.find(token); at != std::string::npos;
         at = text.find(token, at + value.size())) {
      text.replace(at, token.size(), value);
    }
  }
  return text;
}

// --- go_json_float ------------------------------------------------------------------------------

struct FloatCase {
  double in;
  std::string want;
};

TEST(ValuePrintFloat, GoJsonFloat) {
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<FloatCase> cases = {
      {0, "0"},
      {-0.0, "-0"},
      {0.5, "0.5"},
      {-2.5, "-2.5"},
      {100, "100"},
      {0.1 + 0.2, "0.30000000000000004"},
      {123456789.125, "123456789.125"},
      {1e20, "100000000000000000000"},
      {1e21, "1e+21"},  // from 1e21 on: exponent form
      {1.5e300, "1.5e+300"},
      {1e100, "1e+100"},
      {std::numeric_limits<double>::max(), "1.7976931348623157e+308"},
      {1e-6, "0.000001"},  // below 1e-6: exponent form
      {1e-7, "1e-7"},      // e-07 cleaned up to e-7
      {9.999e-7, "9.999e-7"},
      {1.5e-10, "1.5e-10"},
      {1.5e-100, "1.5e-100"},
      {5e-324, "5e-324"},
      // encoding/json has no text for these (UnsupportedValueError); the printer says null.
      {std::nan(""), "null"},
      {inf, "null"},
      {-inf, "null"},
  };
  for (const FloatCase& c : cases) {
    SCOPED_TRACE(c.want);
    EXPECT_EQ(go_json_float(c.in), c.want);
  }
}

// --- One string value: its JSON text and the YAML of {"v": value} -------------------------------

struct ScalarCase {
  std::string in;
  std::string json;  // to_json_compact(string)
  std::string yaml;  // to_yaml({"v": string})
};

void PrintTo(const ScalarCase& c, std::ostream* os) {
  *os << testing::PrintToString(c.in);
}

const std::vector<ScalarCase> kScalarCases = {
    // plain
    {"web", "\"web\"", "v: web\n"},
    // resolve(): int
    {"8080", "\"8080\"", "v: \"8080\"\n"},
    // resolve(): int with sign
    {"-42", "\"-42\"", "v: \"-42\"\n"},
    // resolve(): leading-0 octal int
    {"0644", "\"0644\"", "v: \"0644\"\n"},
    // resolve(): 0o octal int
    {"0o17", "\"0o17\"", "v: \"0o17\"\n"},
    // resolve(): hex int
    {"0x1F", "\"0x1F\"", "v: \"0x1F\"\n"},
    // resolve(): binary int
    {"0b101", "\"0b101\"", "v: \"0b101\"\n"},
    // resolve(): '_' is dropped before ParseInt
    {"1_000", "\"1_000\"", "v: \"1_000\"\n"},
    // not an octal int, but yamlStyleFloat reads it as the float 8
    {"08", "\"08\"", "v: \"08\"\n"},
    // resolve(): yamlStyleFloat
    {"1e3", "\"1e3\"", "v: \"1e3\"\n"},
    // resolve(): float
    {"1.5", "\"1.5\"", "v: \"1.5\"\n"},
    // resolve(): hint '.', ParseFloat
    {".5", "\".5\"", "v: \".5\"\n"},
    // yamlStyleFloat but ParseFloat overflows: a string
    {"1e999", "\"1e999\"", "v: 1e999\n"},
    // resolve(): resolveMap float
    {".inf", "\".inf\"", "v: \".inf\"\n"},
    // resolve(): resolveMap float
    {"-.Inf", "\"-.Inf\"", "v: \"-.Inf\"\n"},
    // resolve(): resolveMap float
    {".nan", "\".nan\"", "v: \".nan\"\n"},
    // resolve(): bool
    {"true", "\"true\"", "v: \"true\"\n"},
    // resolve(): bool
    {"False", "\"False\"", "v: \"False\"\n"},
    // resolve(): YAML 1.1 bool
    {"yes", "\"yes\"", "v: \"yes\"\n"},
    // resolve(): YAML 1.1 bool
    {"y", "\"y\"", "v: \"y\"\n"},
    // resolve(): YAML 1.1 bool
    {"N", "\"N\"", "v: \"N\"\n"},
    // resolve(): YAML 1.1 bool
    {"on", "\"on\"", "v: \"on\"\n"},
    // resolve(): YAML 1.1 bool
    {"OFF", "\"OFF\"", "v: \"OFF\"\n"},
    // not in resolveMap: plain
    {"yEs", "\"yEs\"", "v: yEs\n"},
    // resolve(): null
    {"null", "\"null\"", "v: \"null\"\n"},
    // resolve(): null
    {"~", "\"~\"", "v: \"~\"\n"},
    // resolve(): null (empty)
    {"", "\"\"", "v: \"\"\n"},
    // parseTimestamp: RFC 3339
    {"2026-11-26T04:46:59Z", "\"2026-11-26T04:46:59Z\"", "v: \"2026-11-26T04:46:59Z\"\n"},
    // parseTimestamp: date only
    {"2026-11-26", "\"2026-11-26\"", "v: \"2026-11-26\"\n"},
    // parseTimestamp: space separated
    {"2026-11-26 04:46:59.5", "\"2026-11-26 04:46:59.5\"", "v: \"2026-11-26 04:46:59.5\"\n"},
    // parseTimestamp: lower-case t and offset
    {"2026-11-26t04:46:59+05:30", "\"2026-11-26t04:46:59+05:30\"",
     "v: \"2026-11-26t04:46:59+05:30\"\n"},
    // time.Parse rejects the day: a string
    {"2026-02-30", "\"2026-02-30\"", "v: 2026-02-30\n"},
    // no zone for the 'T' layouts: a string
    {"2026-11-26T04:46:59", "\"2026-11-26T04:46:59\"", "v: 2026-11-26T04:46:59\n"},
    // isBase60Float
    {"1:20", "\"1:20\"", "v: \"1:20\"\n"},
    // isBase60Float
    {"190:20:30.15", "\"190:20:30.15\"", "v: \"190:20:30.15\"\n"},
    // not base 60 ([0-5]?[0-9] groups): plain
    {"1:60", "\"1:60\"", "v: 1:60\n"},
    // '<' has no resolve hint, so the merge key is never looked up: plain
    {"<<", "\"\\u003c\\u003c\"", "v: <<\n"},
    // '-' not followed by a blank: plain
    {"-c", "\"-c\"", "v: -c\n"},
    // analyze_scalar: '-' + blank is a block indicator
    {"- x", "\"- x\"", "v: '- x'\n"},
    // analyze_scalar: a lone '-' is followed by the end (blank)
    {"-", "\"-\"", "v: '-'\n"},
    // analyze_scalar: ': ' inside
    {"a: b", "\"a: b\"", "v: 'a: b'\n"},
    // analyze_scalar: ':' at the end
    {"a:", "\"a:\"", "v: 'a:'\n"},
    // ':' not followed by a blank: plain
    {"a:b", "\"a:b\"", "v: a:b\n"},
    // analyze_scalar: ' #'
    {"a #b", "\"a #b\"", "v: 'a #b'\n"},
    // '#' not preceded by a blank: plain
    {"a#b", "\"a#b\"", "v: a#b\n"},
    // analyze_scalar: leading indicator
    {"#x", "\"#x\"", "v: '#x'\n"},
    // analyze_scalar: leading indicator
    {"*x", "\"*x\"", "v: '*x'\n"},
    // analyze_scalar: leading indicator
    {"&x", "\"\\u0026x\"", "v: '&x'\n"},
    // analyze_scalar: leading indicator
    {"!x", "\"!x\"", "v: '!x'\n"},
    // analyze_scalar: leading indicator
    {"|x", "\"|x\"", "v: '|x'\n"},
    // analyze_scalar: leading indicator
    {">x", "\"\\u003ex\"", "v: '>x'\n"},
    // analyze_scalar: leading indicator
    {"%x", "\"%x\"", "v: '%x'\n"},
    // analyze_scalar: leading indicator
    {"@x", "\"@x\"", "v: '@x'\n"},
    // analyze_scalar: leading indicator
    {"`x", "\"`x\"", "v: '`x'\n"},
    // analyze_scalar: leading indicator
    {"'x", "\"'x\"", "v: '''x'\n"},
    // analyze_scalar: leading indicator
    {"\"x", "\"\\\"x\"", "v: '\"x'\n"},
    // analyze_scalar: leading flow indicator
    {"[x]", "\"[x]\"", "v: '[x]'\n"},
    // analyze_scalar: leading flow indicator
    {"{x}", "\"{x}\"", "v: '{x}'\n"},
    // '?' not followed by a blank: plain
    {"?x", "\"?x\"", "v: ?x\n"},
    // analyze_scalar: '?' + blank
    {"? x", "\"? x\"", "v: '? x'\n"},
    // flow indicators inside only matter in flow context: plain
    {"x[y],z", "\"x[y],z\"", "v: x[y],z\n"},
    // analyze_scalar: document marker
    {"---", "\"---\"", "v: '---'\n"},
    // analyze_scalar: document marker
    {"...x", "\"...x\"", "v: '...x'\n"},
    // analyze_scalar: leading space
    {" lead", "\" lead\"", "v: ' lead'\n"},
    // analyze_scalar: trailing space
    {"trail ", "\"trail \"", "v: 'trail '\n"},
    // plain: a quote inside is fine
    {"it's", "\"it's\"", "v: it's\n"},
    // single-quoted, the quote doubled (write_single_quoted)
    {"it's: x", "\"it's: x\"", "v: 'it''s: x'\n"},
    // special character: double-quoted with \t (write_double_quoted)
    {"tab\there", "\"tab\\there\"", "v: \"tab\\there\"\n"},
    // double-quoted escapes \a \e \0
    {"bell\007 esc\033 nul\000"s, "\"bell\\u0007 esc\\u001b nul\\u0000\"",
     "v: \"bell\\a esc\\e nul\\0\"\n"},
    // special character \r
    {"cr\015", "\"cr\\r\"", "v: \"cr\\r\"\n"},
    // U+00A0 is printable: plain
    {"nbsp\u00a0x", "\"nbsp\u00a0x\"", "v: nbsp\u00a0x\n"},
    // printable non-ASCII is written as is
    {"caf\u00e9 \u65e5\u672c", "\"caf\u00e9 \u65e5\u672c\"", "v: caf\u00e9 \u65e5\u672c\n"},
    // is_printable stops at U+FFFF: \U escape
    {"smile \U0001f600", "\"smile \U0001f600\"", "v: \"smile \\U0001F600\"\n"},
    // starts with a BOM: is_bom() checks the start, so every character is escaped
    {"\ufeffbom", "\"\ufeffbom\"", "v: \"\\uFEFF\\x62\\x6F\\x6D\"\n"},
    // LS is a break to go-yaml, which writes it raw in single quotes ('a<LS>  b'); here it is
    // escaped in double quotes, which YAML 1.2 readers read back alike (value_yaml.cpp)
    {"a\u2028b", "\"a\\u2028b\"", "v: \"a\\Lb\"\n"},
    {"a\u2029b", "\"a\\u2029b\"", "v: \"a\\Pb\"\n"},
    // a raw NEL in the JSON text is folded to a space by the YAML scanner
    {"nel\302\205x", "\"nel\302\205x\"", "v: nel x\n"},
    // literal, strip chomping
    {"line1\n"
     "line2",
     "\"line1\\nline2\"",
     "v: |-\n"
     "  line1\n"
     "  line2\n"},
    // literal, clip chomping
    {"line1\n"
     "line2\n",
     "\"line1\\nline2\\n\"",
     "v: |\n"
     "  line1\n"
     "  line2\n"},
    // literal, keep chomping
    {"line1\n"
     "\n",
     "\"line1\\n\\n\"",
     "v: |+\n"
     "  line1\n"
     "\n"},
    // literal: leading break needs the indentation indicator, keep chomping
    {"\n", "\"\\n\"",
     "v: |2+\n"
     "\n"},
    // literal with indentation indicator
    {"  indented\n"
     "x",
     "\"  indented\\nx\"",
     "v: |2-\n"
     "    indented\n"
     "  x\n"},
    // break followed by spaces is fine for literal
    {"x\n"
     "  y",
     "\"x\\n  y\"",
     "v: |-\n"
     "  x\n"
     "    y\n"},
    // space before a break forbids block style: double-quoted
    {"trail \n"
     "x",
     "\"trail \\nx\"", "v: \"trail \\nx\"\n"},
    // special character forbids block style: double-quoted
    {"tab\tx\n"
     "y",
     "\"tab\\tx\\ny\"", "v: \"tab\\tx\\ny\"\n"},
    // HTML characters are \u-escaped only in JSON
    {"<a href=\"x\">&amp;</a>", "\"\\u003ca href=\\\"x\\\"\\u003e\\u0026amp;\\u003c/a\\u003e\"",
     "v: <a href=\"x\">&amp;</a>\n"},
};

class ValuePrintScalar : public testing::TestWithParam<ScalarCase> {};

TEST_P(ValuePrintScalar, Json) {
  EXPECT_EQ(to_json_compact(str(GetParam().in)), GetParam().json);
}

TEST_P(ValuePrintScalar, Yaml) {
  EXPECT_EQ(to_yaml(obj({{"v", str(GetParam().in)}})), GetParam().yaml);
}

INSTANTIATE_TEST_SUITE_P(Strings, ValuePrintScalar, testing::ValuesIn(kScalarCases));

// --- Whole documents ----------------------------------------------------------------------------

struct DocCase {
  std::string name;
  Value doc;
  std::string json;
  std::string compact;  // empty: the JSON above without its layout whitespace
  std::string yaml;
};

void PrintTo(const DocCase& c, std::ostream* os) {
  *os << c.name;
}

std::vector<DocCase> doc_cases() {
  std::vector<DocCase> cases;
  cases.push_back(
      {"pod",
       obj({{"apiVersion", str("v1")},
            {"kind", str("Pod")},
            {"metadata", obj({{"name", str("web-0")},
                              {"namespace", str("default")},
                              {"labels", obj({{"tier", str("frontend")},
                                              {"app.kubernetes.io/name", str("web")},
                                              {"app", str("web")}})},
                              {"creationTimestamp", str("2026-11-26T04:46:59Z")}})},
            {"spec",
             obj({{"containers", arr({obj({{"name", str("nginx")},
                                           {"image", str("nginx:1.25")},
                                           {"args", arr({str("-c"), str("echo hi")})},
                                           {"ports", arr({obj({{"containerPort", num(8080)},
                                                               {"name", str("http")},
                                                               {"protocol", str("TCP")}})})},
                                           {"resources", obj({})}})})},
                  {"restartPolicy", str("Always")},
                  {"nodeSelector", obj({})}})},
            {"status", obj({{"phase", str("Pending")}, {"qosClass", str("BestEffort")}})}}),
       "{\n"
       "    \"apiVersion\": \"v1\",\n"
       "    \"kind\": \"Pod\",\n"
       "    \"metadata\": {\n"
       "        \"name\": \"web-0\",\n"
       "        \"namespace\": \"default\",\n"
       "        \"labels\": {\n"
       "            \"tier\": \"frontend\",\n"
       "            \"app.kubernetes.io/name\": \"web\",\n"
       "            \"app\": \"web\"\n"
       "        },\n"
       "        \"creationTimestamp\": \"2026-11-26T04:46:59Z\"\n"
       "    },\n"
       "    \"spec\": {\n"
       "        \"containers\": [\n"
       "            {\n"
       "                \"name\": \"nginx\",\n"
       "                \"image\": \"nginx:1.25\",\n"
       "                \"args\": [\n"
       "                    \"-c\",\n"
       "                    \"echo hi\"\n"
       "                ],\n"
       "                \"ports\": [\n"
       "                    {\n"
       "                        \"containerPort\": 8080,\n"
       "                        \"name\": \"http\",\n"
       "                        \"protocol\": \"TCP\"\n"
       "                    }\n"
       "                ],\n"
       "                \"resources\": {}\n"
       "            }\n"
       "        ],\n"
       "        \"restartPolicy\": \"Always\",\n"
       "        \"nodeSelector\": {}\n"
       "    },\n"
       "    \"status\": {\n"
       "        \"phase\": \"Pending\",\n"
       "        \"qosClass\": \"BestEffort\"\n"
       "    }\n"
       "}\n",
       "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web-0\",\"namespace\":"
       "\"default\",\"labels\":{\"tier\":\"frontend\",\"app.kubernetes.io/"
       "name\":\"web\",\"app\":\"web\"},\"creationTimestamp\":\"2026-11-26T04:46:59Z\"},\"spec\":{"
       "\"containers\":[{\"name\":\"nginx\",\"image\":\"nginx:1.25\",\"args\":[\"-c\",\"echo "
       "hi\"],\"ports\":[{\"containerPort\":8080,\"name\":\"http\",\"protocol\":\"TCP\"}],"
       "\"resources\":{}}],\"restartPolicy\":\"Always\",\"nodeSelector\":{}},\"status\":{\"phase\":"
       "\"Pending\",\"qosClass\":\"BestEffort\"}}",
       // A timestamp-looking string is quoted (resolve: parseTimestamp); a sequence under a key
       // is not indented (emit_block_sequence_item: indentless in a mapping context).
       "apiVersion: v1\n"
       "kind: Pod\n"
       "metadata:\n"
       "  creationTimestamp: \"2026-11-26T04:46:59Z\"\n"
       "  labels:\n"
       "    app: web\n"
       "    app.kubernetes.io/name: web\n"
       "    tier: frontend\n"
       "  name: web-0\n"
       "  namespace: default\n"
       "spec:\n"
       "  containers:\n"
       "  - args:\n"
       "    - -c\n"
       "    - echo hi\n"
       "    image: nginx:1.25\n"
       "    name: nginx\n"
       "    ports:\n"
       "    - containerPort: 8080\n"
       "      name: http\n"
       "      protocol: TCP\n"
       "    resources: {}\n"
       "  nodeSelector: {}\n"
       "  restartPolicy: Always\n"
       "status:\n"
       "  phase: Pending\n"
       "  qosClass: BestEffort\n"});

  // keyList.Less: digit runs compare as numbers ("a9" < "a10"), non-letters before letters at
  // the first difference ("a-b" < "a9" < "ab"), upper case before lower case, a prefix first.
  cases.push_back({"key_order",
                   obj({{"a9", num(1)},   {"a10", num(2)},  {"app.kubernetes.io/name", num(3)},
                        {"app", num(4)},  {"B", num(5)},    {"b", num(6)},
                        {"A", num(7)},    {"a-b", num(8)},  {"ab", num(9)},
                        {"a_b", num(10)}, {"a.b", num(11)}, {"a", num(12)},
                        {"Z", num(13)},   {"_x", num(14)},  {"9", num(15)},
                        {"10", num(16)},  {"1", num(17)},   {"01", num(18)},
                        {"x/y", num(19)}, {"x.y", num(20)}, {"\u00e9", num(21)}}),
                   "{\n"
                   "    \"a9\": 1,\n"
                   "    \"a10\": 2,\n"
                   "    \"app.kubernetes.io/name\": 3,\n"
                   "    \"app\": 4,\n"
                   "    \"B\": 5,\n"
                   "    \"b\": 6,\n"
                   "    \"A\": 7,\n"
                   "    \"a-b\": 8,\n"
                   "    \"ab\": 9,\n"
                   "    \"a_b\": 10,\n"
                   "    \"a.b\": 11,\n"
                   "    \"a\": 12,\n"
                   "    \"Z\": 13,\n"
                   "    \"_x\": 14,\n"
                   "    \"9\": 15,\n"
                   "    \"10\": 16,\n"
                   "    \"1\": 17,\n"
                   "    \"01\": 18,\n"
                   "    \"x/y\": 19,\n"
                   "    \"x.y\": 20,\n"
                   "    \"\u00e9\": 21\n"
                   "}\n",
                   "{\"a9\":1,\"a10\":2,\"app.kubernetes.io/"
                   "name\":3,\"app\":4,\"B\":5,\"b\":6,\"A\":7,\"a-b\":8,\"ab\":9,\"a_b\":10,\"a."
                   "b\":11,\"a\":12,\"Z\":13,\"_x\":14,\"9\":15,\"10\":16,\"1\":17,\"01\":18,\"x/"
                   "y\":19,\"x.y\":20,\"\u00e9\":21}",
                   "_x: 14\n"
                   "\"1\": 17\n"
                   "\"01\": 18\n"
                   "\"9\": 15\n"
                   "\"10\": 16\n"
                   "A: 7\n"
                   "B: 5\n"
                   "Z: 13\n"
                   "a: 12\n"
                   "a-b: 8\n"
                   "a.b: 11\n"
                   "a_b: 10\n"
                   "a9: 1\n"
                   "a10: 2\n"
                   "ab: 9\n"
                   "app: 4\n"
                   "app.kubernetes.io/name: 3\n"
                   "b: 6\n"
                   "x.y: 20\n"
                   "x/y: 19\n"
                   "\u00e9: 21\n"});

  cases.push_back({"quoted_keys",
                   obj({{"yes", num(1)},
                        {"8080", num(2)},
                        {"", num(3)},
                        {"a: b", num(4)},
                        {"null", num(5)},
                        {"#x", num(6)},
                        {"it's", num(7)},
                        {"tab\tkey", num(8)}}),
                   "{\n"
                   "    \"yes\": 1,\n"
                   "    \"8080\": 2,\n"
                   "    \"\": 3,\n"
                   "    \"a: b\": 4,\n"
                   "    \"null\": 5,\n"
                   "    \"#x\": 6,\n"
                   "    \"it's\": 7,\n"
                   "    \"tab\\tkey\": 8\n"
                   "}\n",
                   "",
                   "\"\": 3\n"
                   "'#x': 6\n"
                   "\"8080\": 2\n"
                   "'a: b': 4\n"
                   "it's: 7\n"
                   "\"null\": 5\n"
                   "\"tab\\tkey\": 8\n"
                   "\"yes\": 1\n"});

  // yaml_emitter_check_simple_key: a key with a line break or longer than 128 bytes is written
  // as "? key" / ": value"; the multi-line one as a literal block.
  const std::string k130(130, 'k');
  cases.push_back({"complex_keys", obj({{"x\ny", num(1)}, {k130, num(2)}, {"short", num(3)}}),
                   fill("{\n"
                        "    \"x\\ny\": 1,\n"
                        "    \"$K\": 2,\n"
                        "    \"short\": 3\n"
                        "}\n",
                        {{"K", k130}}),
                   "",
                   fill("? $K\n"
                        ": 2\n"
                        "short: 3\n"
                        "? |-\n"
                        "  x\n"
                        "  y\n"
                        ": 1\n",
                        {{"K", k130}})});

  cases.push_back(
      {"nested_lists",
       obj({{"matrix", arr({arr({num(1), num(2)}), arr({arr({num(3), str("x")})}), arr({})})},
            {"objs",
             arr({obj({}), obj({{"a", arr({})}}), obj({{"b", obj({{"c", Value::null()}})}})})},
            {"mixed", arr({Value::boolean(true), Value::boolean(false), Value::null(), str("s"),
                           num(-7), flt(0.25)})}}),
       "{\n"
       "    \"matrix\": [\n"
       "        [\n"
       "            1,\n"
       "            2\n"
       "        ],\n"
       "        [\n"
       "            [\n"
       "                3,\n"
       "                \"x\"\n"
       "            ]\n"
       "        ],\n"
       "        []\n"
       "    ],\n"
       "    \"objs\": [\n"
       "        {},\n"
       "        {\n"
       "            \"a\": []\n"
       "        },\n"
       "        {\n"
       "            \"b\": {\n"
       "                \"c\": null\n"
       "            }\n"
       "        }\n"
       "    ],\n"
       "    \"mixed\": [\n"
       "        true,\n"
       "        false,\n"
       "        null,\n"
       "        \"s\",\n"
       "        -7,\n"
       "        0.25\n"
       "    ]\n"
       "}\n",
       "{\"matrix\":[[1,2],[[3,\"x\"]],[]],\"objs\":[{},{\"a\":[]},{\"b\":{\"c\":null}}],\"mixed\":"
       "[true,false,null,\"s\",-7,0.25]}",
       "matrix:\n"
       "- - 1\n"
       "  - 2\n"
       "- - - 3\n"
       "    - x\n"
       "- []\n"
       "mixed:\n"
       "- true\n"
       "- false\n"
       "- null\n"
       "- s\n"
       "- -7\n"
       "- 0.25\n"
       "objs:\n"
       "- {}\n"
       "- a: []\n"
       "- b:\n"
       "    c: null\n"});

  // yaml_emitter_check_empty_mapping / _sequence: empty collections go out in flow style.
  cases.push_back({"empty",
                   obj({{"m", obj({})},
                        {"l", arr({})},
                        {"ll", arr({arr({})})},
                        {"lm", arr({obj({})})},
                        {"mm", obj({{"x", obj({})}})},
                        {"e", str("")}}),
                   "{\n"
                   "    \"m\": {},\n"
                   "    \"l\": [],\n"
                   "    \"ll\": [\n"
                   "        []\n"
                   "    ],\n"
                   "    \"lm\": [\n"
                   "        {}\n"
                   "    ],\n"
                   "    \"mm\": {\n"
                   "        \"x\": {}\n"
                   "    },\n"
                   "    \"e\": \"\"\n"
                   "}\n",
                   "{\"m\":{},\"l\":[],\"ll\":[[]],\"lm\":[{}],\"mm\":{\"x\":{}},\"e\":\"\"}",
                   "e: \"\"\n"
                   "l: []\n"
                   "ll:\n"
                   "- []\n"
                   "lm:\n"
                   "- {}\n"
                   "m: {}\n"
                   "mm:\n"
                   "  x: {}\n"});

  // YAML reads the JSON text back: "100" and "100000000000000000000"-style texts of integral
  // floats are ints again (1e20 overflows uint64, so it stays a float), other floats print with
  // strconv 'g' (exponent form from 1e+06 and below 1e-04).
  cases.push_back({"floats",
                   obj({{"f", arr({flt(0.5), flt(1e21), flt(1e-7), flt(100), flt(12345678.5),
                                   flt(1e20), flt(1e-5), flt(0.0001), flt(-2.5), flt(1.5e300),
                                   flt(5e-324), flt(123456.789), flt(1234567.5), flt(-0.0)})}}),
                   "{\n"
                   "    \"f\": [\n"
                   "        0.5,\n"
                   "        1e+21,\n"
                   "        1e-7,\n"
                   "        100,\n"
                   "        12345678.5,\n"
                   "        100000000000000000000,\n"
                   "        0.00001,\n"
                   "        0.0001,\n"
                   "        -2.5,\n"
                   "        1.5e+300,\n"
                   "        5e-324,\n"
                   "        123456.789,\n"
                   "        1234567.5,\n"
                   "        -0\n"
                   "    ]\n"
                   "}\n",
                   "{\"f\":[0.5,1e+21,1e-7,100,12345678.5,100000000000000000000,0.00001,0.0001,-2."
                   "5,1.5e+300,5e-324,123456.789,1234567.5,-0]}",
                   "f:\n"
                   "- 0.5\n"
                   "- 1e+21\n"
                   "- 1e-07\n"
                   "- 100\n"
                   "- 1.23456785e+07\n"
                   "- 1e+20\n"
                   "- 1e-05\n"
                   "- 0.0001\n"
                   "- -2.5\n"
                   "- 1.5e+300\n"
                   "- 5e-324\n"
                   "- 123456.789\n"
                   "- 1.2345675e+06\n"
                   "- 0\n"});

  cases.push_back({"escaping",
                   obj({{"html", str("<a href=\"x\">&</a>")},
                        {"ctl", str("\001\037\b\f")},
                        {"nel", str("a \302\205 b")},
                        {"emoji", str("\U0001f600")},
                        {"quote", str("q\" b\\ n\n")}}),
                   "{\n"
                   "    \"html\": \"\\u003ca href=\\\"x\\\"\\u003e\\u0026\\u003c/a\\u003e\",\n"
                   "    \"ctl\": \"\\u0001\\u001f\\b\\f\",\n"
                   "    \"nel\": \"a \302\205 b\",\n"
                   "    \"emoji\": \"\U0001f600\",\n"
                   "    \"quote\": \"q\\\" b\\\\ n\\n\"\n"
                   "}\n",
                   "{\"html\":\"\\u003ca "
                   "href=\\\"x\\\"\\u003e\\u0026\\u003c/"
                   "a\\u003e\",\"ctl\":\"\\u0001\\u001f\\b\\f\",\"nel\":\"a \302\205 "
                   "b\",\"emoji\":\"\U0001f600\",\"quote\":\"q\\\" b\\\\ n\\n\"}",
                   "ctl: \"\\x01\\x1F\\b\\f\"\n"
                   "emoji: \"\\U0001F600\"\n"
                   "html: <a href=\"x\">&</a>\n"
                   "nel: a b\n"
                   "quote: |\n"
                   "  q\" b\\ n\n"});

  // Folding (yaml_emitter_write_plain_scalar / _single_quoted_ / _double_quoted_): at a space
  // once the column is past 80; continuation lines are indented two more than the key (or the
  // "- "); a double-quoted continuation that starts with a space gets "\"; simple keys never
  // fold.
  const std::string single = repeat("it's ", 24);
  const std::string dbl = repeat("tab\t  x ", 14);
  const std::string words = repeat("word ", 19) + "word";
  const std::string x100(100, 'x');
  const std::string dbl_json = repeat("tab\\t  x ", 14);
  const std::string tab8 = repeat("tab\\t  x ", 7) + "tab\\t  x";
  const std::string tab6 = repeat("tab\\t  x ", 6);
  const std::initializer_list<std::pair<std::string_view, std::string_view>> vars = {
      {"LOREM", kLorem}, {"SINGLE", single}, {"DOUBLE", dbl_json}, {"TAB8", tab8},
      {"TAB6", tab6},    {"X100", x100},     {"WORDS", words}};
  cases.push_back(
      {"fold_map",
       obj({{"apiVersion", str("x.io/v1")},
            {"kind", str("Foo")},
            {"metadata", obj({{"name", str("fold")},
                              {"annotations", obj({{"zz", str("1")}, {"note", str(kLorem)}})}})},
            {"spec", obj({{"plain", str(kLorem)},
                          {"single", str(single)},
                          {"double", str(dbl)},
                          {"nospace", str(x100)},
                          {"deeper", obj({{"still", obj({{"text", str(kLorem)}})}})},
                          {words, str("key")}})}}),
       fill("{\n"
            "    \"apiVersion\": \"x.io/v1\",\n"
            "    \"kind\": \"Foo\",\n"
            "    \"metadata\": {\n"
            "        \"name\": \"fold\",\n"
            "        \"annotations\": {\n"
            "            \"zz\": \"1\",\n"
            "            \"note\": \"$LOREM\"\n"
            "        }\n"
            "    },\n"
            "    \"spec\": {\n"
            "        \"plain\": \"$LOREM\",\n"
            "        \"single\": \"$SINGLE\",\n"
            "        \"double\": \"$DOUBLE\",\n"
            "        \"nospace\": \"$X100\",\n"
            "        \"deeper\": {\n"
            "            \"still\": {\n"
            "                \"text\": \"$LOREM\"\n"
            "            }\n"
            "        },\n"
            "        \"$WORDS\": \"key\"\n"
            "    }\n"
            "}\n",
            vars),
       "",
       fill("apiVersion: x.io/v1\n"
            "kind: Foo\n"
            "metadata:\n"
            "  annotations:\n"
            "    note: Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod\n"
            "      tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam\n"
            "    zz: \"1\"\n"
            "  name: fold\n"
            "spec:\n"
            "  deeper:\n"
            "    still:\n"
            "      text: Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod\n"
            "        tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam\n"
            "  double: \"$TAB8\n"
            "    $TAB6\"\n"
            "  nospace: $X100\n"
            "  plain: Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod "
            "tempor\n"
            "    incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam\n"
            "  single: 'it''s it''s it''s it''s it''s it''s it''s it''s it''s it''s it''s it''s\n"
            "    it''s it''s it''s it''s it''s it''s it''s it''s it''s it''s it''s it''s '\n"
            "  $WORDS: key\n",
            vars)});

  cases.push_back(
      {"fold_list",
       obj({{"apiVersion", str("x.io/v1")},
            {"kind", str("Foo")},
            {"metadata", obj({{"name", str("fold")}, {"annotations", obj({{"zz", str("1")}})}})},
            {"spec", obj({{"args", arr({str(kLorem), arr({str(kLorem)})})},
                          {"containers", arr({obj({{"command", arr({str("sh"), str(kLorem)})},
                                                   {"name", str("c")}})})}})}}),
       fill("{\n"
            "    \"apiVersion\": \"x.io/v1\",\n"
            "    \"kind\": \"Foo\",\n"
            "    \"metadata\": {\n"
            "        \"name\": \"fold\",\n"
            "        \"annotations\": {\n"
            "            \"zz\": \"1\"\n"
            "        }\n"
            "    },\n"
            "    \"spec\": {\n"
            "        \"args\": [\n"
            "            \"$LOREM\",\n"
            "            [\n"
            "                \"$LOREM\"\n"
            "            ]\n"
            "        ],\n"
            "        \"containers\": [\n"
            "            {\n"
            "                \"command\": [\n"
            "                    \"sh\",\n"
            "                    \"$LOREM\"\n"
            "                ],\n"
            "                \"name\": \"c\"\n"
            "            }\n"
            "        ]\n"
            "    }\n"
            "}\n",
            vars),
       "",
       "apiVersion: x.io/v1\n"
       "kind: Foo\n"
       "metadata:\n"
       "  annotations:\n"
       "    zz: \"1\"\n"
       "  name: fold\n"
       "spec:\n"
       "  args:\n"
       "  - Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor\n"
       "    incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam\n"
       "  - - Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor\n"
       "      incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam\n"
       "  containers:\n"
       "  - command:\n"
       "    - sh\n"
       "    - Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor\n"
       "      incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam\n"
       "    name: c\n"});
  return cases;
}

class ValuePrintDoc : public testing::TestWithParam<DocCase> {};

TEST_P(ValuePrintDoc, Json) {
  EXPECT_EQ(to_json(GetParam().doc), GetParam().json);
}

// The indented JSON text with the layout whitespace (outside strings) removed.
std::string squeeze_json(std::string_view json) {
  std::string out;
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      out += c;
      if (c == '\\') {
        out += json[++i];
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
      out += c;
    } else if (c != ' ' && c != '\n') {
      out += c;
    }
  }
  return out;
}

TEST_P(ValuePrintDoc, JsonCompact) {
  const DocCase& c = GetParam();
  EXPECT_EQ(to_json_compact(c.doc), c.compact.empty() ? squeeze_json(c.json) : c.compact);
}

TEST_P(ValuePrintDoc, Yaml) {
  EXPECT_EQ(to_yaml(GetParam().doc), GetParam().yaml);
}

std::string doc_case_name(const testing::TestParamInfo<DocCase>& param_info) {
  return param_info.param.name;
}

INSTANTIATE_TEST_SUITE_P(Docs, ValuePrintDoc, testing::ValuesIn(doc_cases()), doc_case_name);

// --- What kubectl never prints, traced through the upstream code ---------------------------------

TEST(ValuePrintJson, RootsAndEmpties) {
  EXPECT_EQ(to_json(Value::null()), "null\n");
  EXPECT_EQ(to_json(Value::boolean(false)), "false\n");
  EXPECT_EQ(to_json(num(std::numeric_limits<int64_t>::min())), "-9223372036854775808\n");
  EXPECT_EQ(to_json(str("x")), "\"x\"\n");
  EXPECT_EQ(to_json(Value::object()), "{}\n");
  EXPECT_EQ(to_json(Value::array()), "[]\n");
  EXPECT_EQ(to_json(arr({num(1), arr({})})), "[\n    1,\n    []\n]\n");
  EXPECT_EQ(to_json_compact(Value::object()), "{}");
  EXPECT_EQ(to_json_compact(arr({Value::null(), flt(1e-7), obj({{"a", arr({})}})})),
            "[null,1e-7,{\"a\":[]}]");
}

TEST(ValuePrintJson, StringEscapes) {
  // encodeState.string: \b \f \n \r \t by name (Go 1.22+), other control bytes as \u00xx,
  // HTML-safe < > &, U+2028/U+2029 escaped, DEL and U+FFFD left alone.
  EXPECT_EQ(to_json_compact(str("\b\f\n\r\t\v\x1b\x7f")), "\"\\b\\f\\n\\r\\t\\u000b\\u001b\x7f\"");
  EXPECT_EQ(to_json_compact(str("<>&'")), "\"\\u003c\\u003e\\u0026'\"");
  EXPECT_EQ(to_json_compact(str("a\u2028b\u2029c")), "\"a\\u2028b\\u2029c\"");
  EXPECT_EQ(to_json_compact(str("\ufffd\u00e9\U0001f600")), "\"\ufffd\u00e9\U0001f600\"");
  EXPECT_EQ(to_json_compact(str("nul\0"s)), "\"nul\\u0000\"");
  // Keys are escaped the same way.
  EXPECT_EQ(to_json_compact(obj({{"<k>", num(1)}})), "{\"\\u003ck\\u003e\":1}");
}

TEST(ValuePrintJson, InvalidUtf8) {
  // utf8.DecodeRuneInString gives (RuneError, 1) for each byte of a bad sequence.
  EXPECT_EQ(to_json_compact(str("a\xff"
                                "b\xc3")),
            "\"a\\ufffdb\\ufffd\"");
  EXPECT_EQ(to_json_compact(str("\xed\xa0\x80")), "\"\\ufffd\\ufffd\\ufffd\"");  // surrogate
  EXPECT_EQ(to_json_compact(str("\xc0\xaf")), "\"\\ufffd\\ufffd\"");             // overlong
  EXPECT_EQ(to_json_compact(str("\xe2\x82|")), "\"\\ufffd\\ufffd|\"");           // truncated
  EXPECT_EQ(to_json_compact(str("\xf4\x90\x80\x80")),                            // > U+10FFFF
            "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
}

TEST(ValuePrintYaml, InvalidUtf8BecomesReplacementCharacter) {
  // encoding/json wrote \ufffd, which go-yaml reads back as U+FFFD: printable, so plain.
  // (Checked with kubectl on a file holding the raw bytes.)
  EXPECT_EQ(to_yaml(obj({{"v", str("a\xff"
                                   "b\xc3")},
                         {"w\xff", num(1)}})),
            "v: a\ufffdb\ufffd\nw\ufffd: 1\n");
}

TEST(ValuePrintYaml, LargeIntegralFloats) {
  // 1e19 prints as 10000000000000000000 in JSON; ParseInt overflows, ParseUint does not.
  // -1e19 fits neither, so it comes back as a float (checked with kubectl).
  EXPECT_EQ(to_yaml(obj({{"a", flt(1e19)}, {"b", flt(-1e19)}, {"c", flt(1e15)}})),
            "a: 10000000000000000000\nb: -1e+19\nc: 1000000000000000\n");
  EXPECT_EQ(to_yaml(obj({{"i", num(std::numeric_limits<int64_t>::min())}})),
            "i: -9223372036854775808\n");
}

TEST(ValuePrintYaml, RootThatIsNotAnObject) {
  // yaml_emitter_emit_document_content → emit_node with indent -1; the document end writes the
  // final line break (yaml_emitter_emit_document_end → write_indent).
  EXPECT_EQ(to_yaml(Value::object()), "{}\n");
  EXPECT_EQ(to_yaml(Value::array()), "[]\n");
  EXPECT_EQ(to_yaml(Value::null()), "null\n");
  EXPECT_EQ(to_yaml(str("yes")), "\"yes\"\n");
  EXPECT_EQ(to_yaml(arr({str("a"), arr({num(1), num(2)}), obj({{"k", str("v")}, {"j", arr({})}})})),
            "- a\n- - 1\n  - 2\n- j: []\n  k: v\n");
  // A root scalar gets indent 2 (increase_indent(flow=true) from -1): literal lines and folded
  // continuation lines are indented by two. With no "key: " in front, the first fold comes one
  // word later than for a mapping value (write_plain_scalar folds at the first space past 80).
  EXPECT_EQ(to_yaml(str("a\nb")), "|-\n  a\n  b\n");
  EXPECT_EQ(
      to_yaml(str(kLorem)),
      "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt\n"
      "  ut labore et dolore magna aliqua. Ut enim ad minim veniam\n");
}

TEST(ValuePrintYaml, DuplicateKeysKeepTheLastValue) {
  // go-yaml v2 decodes into a Go map (decoder.mapping: SetMapIndex), so a repeated key keeps the
  // last value; JSON keeps every member in order.
  Value v = Value::object();
  v.add("b", num(1));
  v.add("a", num(2));
  v.add("b", num(3));
  EXPECT_EQ(to_json_compact(v), "{\"b\":1,\"a\":2,\"b\":3}");
  EXPECT_EQ(to_yaml(v), "a: 2\nb: 3\n");
}

TEST(ValuePrintYaml, LiteralBlockInsideSequenceAndNestedMap) {
  // write_literal_scalar indents the lines to the scalar's indent (item or key indent + 2); a
  // clipped block ends with its line break, so the next key needs no extra one.
  EXPECT_EQ(to_yaml(obj({{"a", arr({str("x\ny\n"), obj({{"s", str(" lead\n")}, {"t", num(1)}})})},
                         {"b", num(2)}})),
            "a:\n- |\n  x\n  y\n- s: |2\n     lead\n  t: 1\nb: 2\n");
}

}  // namespace
}  // namespace podcore::manifest
