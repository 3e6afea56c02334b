// kubectl's JSONPath templates: the cases of client-go's jsonpath_test.go
// (TestKubernetes, TestJSONInput, the slice and failure tables) plus the
// pod templates from the Kubernetes docs.
#include "pod/jsonpath.hpp"

#include <gtest/gtest.h>

#include <cctype>

#include "manifest/encode.hpp"

// Designated initializers name only the fields a case needs.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace podcore::pod {
namespace {

using manifest::Value;

// A small JSON reader for test inputs (objects keep document order).
class JsonReader {
 public:
  explicit JsonReader(std::string_view s) : s_(s) {}
  Value read() {
    ws();
    char c = s_[i_];
    if (c == '{') {
      ++i_;
      Value v = Value::object();
      ws();
      if (s_[i_] == '}') {
        ++i_;
        return v;
      }
      for (;;) {
        ws();
        std::string k = str();
        ws();
        ++i_;  // ':'
        v.add(k, read());
        ws();
        if (s_[i_++] == '}') return v;
      }
    }
    if (c == '[') {
      ++i_;
      Value v = Value::array();
      ws();
      if (s_[i_] == ']') {
        ++i_;
        return v;
      }
      for (;;) {
        v.push(read());
        ws();
        if (s_[i_++] == ']') return v;
      }
    }
    if (c == '"') return Value::string(str());
    if (s_.substr(i_, 4) == "true") {
      i_ += 4;
      return Value::boolean(true);
    }
    if (s_.substr(i_, 5) == "false") {
      i_ += 5;
      return Value::boolean(false);
    }
    if (s_.substr(i_, 4) == "null") {
      i_ += 4;
      return Value::null();
    }
    size_t b = i_;
    while (i_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[i_])) || s_[i_] == '-' ||
                              s_[i_] == '.' || s_[i_] == 'e' || s_[i_] == '+'))
      ++i_;
    std::string num(s_.substr(b, i_ - b));
    if (num.find_first_of(".e") != std::string::npos) return Value::floating(std::stod(num));
    return Value::integer(std::stoll(num));
  }

 private:
  void ws() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  std::string str() {
    std::string out;
    ++i_;
    while (s_[i_] != '"') {
      if (s_[i_] == '\\') {
        ++i_;
        out += s_[i_] == 'n' ? '\n' : s_[i_] == 't' ? '\t' : s_[i_];
      } else {
        out += s_[i_];
      }
      ++i_;
    }
    ++i_;
    return out;
  }
  std::string_view s_;
  size_t i_ = 0;
};

Value json(std::string_view s) {
  return JsonReader(s).read();
}

std::string run(std::string_view tmpl, const Value& data, bool allow_missing = false) {
  auto jp = JsonPath::parse(tmpl);
  if (!jp) return "PARSE ERROR: " + jp.error().message;
  auto out = jp->execute(data, allow_missing);
  if (!out) return "ERROR: " + out.error().message;
  return *out;
}

const char* kNodes = R"({
  "kind": "List",
  "items":[
    {"kind":"None",
     "metadata":{"name":"127.0.0.1","labels":{"kubernetes.io/hostname":"127.0.0.1"}},
     "status":{"capacity":{"cpu":"4"},"ready": true,
               "addresses":[{"type": "LegacyHostIP", "address":"127.0.0.1"}]}},
    {"kind":"None",
     "metadata":{"name":"127.0.0.2","labels":{"kubernetes.io/hostname":"127.0.0.2"}},
     "status":{"capacity":{"cpu":"8"},"ready": false,
               "addresses":[{"type": "LegacyHostIP", "address":"127.0.0.2"},
                            {"type": "another", "address":"127.0.0.3"}]}}
  ],
  "users":[
    {"name": "myself", "user": {}},
    {"name": "e2e", "user": {"username": "admin", "password": "secret"}}
  ]
})";

TEST(JsonPath, ClientGoKubernetesCases) {
  Value nodes = json(kNodes);
  EXPECT_EQ(run("{range .items[*]}{.metadata.name}, {end}{.kind}", nodes),
            "127.0.0.1, 127.0.0.2, List");
  EXPECT_EQ(run(R"({range .items[*]}{.metadata.name}{"\t"}{end})", nodes),
            "127.0.0.1\t127.0.0.2\t");
  EXPECT_EQ(run("{.items[*].status.addresses[*].address}", nodes), "127.0.0.1 127.0.0.2 127.0.0.3");
  EXPECT_EQ(run("{range .items[*]}{range .status.addresses[*]}{.address}, {end}{end}", nodes),
            "127.0.0.1, 127.0.0.2, 127.0.0.3, ");
  EXPECT_EQ(run("{.items[*].metadata.name}", nodes), "127.0.0.1 127.0.0.2");
  EXPECT_EQ(run("{.items[*]['metadata.name', 'status.capacity']}", nodes),
            R"(127.0.0.1 127.0.0.2 {"cpu":"4"} {"cpu":"8"})");
  EXPECT_EQ(run("{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}", nodes),
            R"([127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] )");
  EXPECT_EQ(run(R"({.users[?(@.name=="e2e")].user.password})", nodes), "secret");
  EXPECT_EQ(run(R"({.items[0].metadata.labels.kubernetes\.io/hostname})", nodes), "127.0.0.1");
  EXPECT_EQ(
      run(R"({.items[?(@.metadata.labels.kubernetes\.io/hostname=="127.0.0.1")].kind})", nodes),
      "None");
  EXPECT_EQ(run("{.items[?(@..ready==true)].metadata.name}", nodes), "127.0.0.1");
  EXPECT_EQ(run("{..name}", nodes), "127.0.0.1 127.0.0.2 myself e2e");
}

TEST(JsonPath, ClientGoInputCases) {
  EXPECT_EQ(run("hello jsonpath", Value::null()), "hello jsonpath");
  EXPECT_EQ(run("{..}", json("[1,2,3]")), "[1,2,3]");
  EXPECT_EQ(run("{[?(@<5)]}", json("[2,6,3,7]")), "2 3");
  EXPECT_EQ(run(R"({"{"})", Value::null()), "{");
  EXPECT_EQ(run("{[1,3,4]}", json("[0,1,2,3,4]")), "1 3 4");
  EXPECT_EQ(run("{[0:2]}", json(R"(["Monday","Tudesday"])")), "Monday Tudesday");

  Value points = json(R"([{"id": "i1", "x":4, "y":-5}, {"id": "i2", "x":-2, "y":-5, "z":1},
                          {"id": "i3", "x":  8, "y":  3 }, {"id": "i4", "x": -6, "y": -1 },
                          {"id": "i5", "x":  0, "y":  2, "z": 1 }, {"id": "i6", "x":  1, "y":  4 }])");
  EXPECT_EQ(run("{[?(@.z)].id}", points), "i2 i5");
  EXPECT_EQ(run("{[0]['id']}", points), "i1");
  EXPECT_EQ(run("{[?(@.x>=1)].id}", points), "i1 i3 i6");
  // With missing keys allowed (kubectl's default) elements without the key are skipped.
  EXPECT_EQ(run("{[?(@.z==1)].id}", points, true), "i2 i5");
  EXPECT_EQ(run("{[?(@.z==1)].id}", points), "ERROR: z is not found");
  EXPECT_EQ(run("{[?(@.w>1.0)].n}", json(R"([{"n":"a","w":0.5},{"n":"b","w":2.5}])")), "b");

  Value types = json(R"({"bools":[true,false,true,false],"integers":[1,2,3,4],
                         "floats":[1.0,2.2,3.3,4.0],"strings":["one","two","three","four"],
                         "maps":[{"name":"one","value":1},{"name":"two","value":2.02},
                                 {"name":"three","value":3.03},{"name":"four","value":4.04}]})");
  EXPECT_EQ(run("{ .bools }", types), "[true,false,true,false]");
  EXPECT_EQ(run("{ .bools[-1] }", types), "false");
  EXPECT_EQ(run("{ .bools[:4:2] }", types), "true true");
  EXPECT_EQ(run("{ .integers[-2] }", types), "3");
  EXPECT_EQ(run("{ .integers[:4:2] }", types), "1 3");
  EXPECT_EQ(run("{ .floats }", types), "[1,2.2,3.3,4]");
  EXPECT_EQ(run("{ .floats[0:2] }", types), "1 2.2");
  EXPECT_EQ(run("{ .strings }", types), R"(["one","two","three","four"])");
  EXPECT_EQ(run("{ .strings[-2] }", types), "three");
  EXPECT_EQ(run("{ .maps[-2] }", types), R"({"name":"three","value":3.03})");
  EXPECT_EQ(run("{ .maps[1::2] }", types),
            R"({"name":"two","value":2.02} {"name":"four","value":4.04})");
  EXPECT_EQ(run("{ .maps[-1:] }", types), R"({"name":"four","value":4.04})");
}

TEST(JsonPath, MissingKeysAndEngineErrors) {
  Value nodes = json(kNodes);
  EXPECT_EQ(run("{.hello}", nodes, true), "");
  EXPECT_EQ(run("before-{.hello}after", nodes, true), "before-after");
  EXPECT_EQ(run("{.hello}", nodes), "ERROR: hello is not found");
  EXPECT_EQ(run("{hello}", nodes), "ERROR: unrecognized identifier hello");
  EXPECT_EQ(run("{.users[0].user[0]}", nodes),
            "ERROR: map[string]interface {} is not array or slice");
  EXPECT_EQ(run("{.items[?(@.kind<>10)]}", nodes), "ERROR: unrecognized filter operator <>");
  EXPECT_EQ(run("{range .items[*]}{@}{end}{end}", nodes), "ERROR: not in range, nothing to end");
  EXPECT_EQ(run("{.items[5]}", nodes), "ERROR: array index out of bounds: index 5, length 2");
  EXPECT_EQ(run("{.kind[?(@.a)]}", nodes),
            "ERROR: List is not array or slice and cannot be filtered");
  EXPECT_EQ(run("{.items[?(@.status.ready<1)]}", nodes), "ERROR: invalid type for comparison");
  EXPECT_EQ(run("{.items[?(@.metadata.name==1)]}", nodes),
            "ERROR: incompatible types for comparison");
  EXPECT_EQ(run("{.items[1:1]}", nodes), "");
  EXPECT_EQ(run("{.items[1:0]}", nodes), "ERROR: starting index 1 is greater than ending index 0");
  EXPECT_EQ(run("{.items[::0]}", nodes), "ERROR: step must be > 0");
  EXPECT_EQ(run("{.kind.*}", nodes), "");  // strings are not iterable
  EXPECT_EQ(run("{.items[0].status.capacity.*}", nodes), "4");
}

TEST(JsonPath, ParseErrorsAsKubectlWordsThem) {
  EXPECT_EQ(run("{.a", Value::null()), "PARSE ERROR: error parsing jsonpath {.a, unclosed action");
  EXPECT_EQ(run("{.a[0}", Value::null()),
            "PARSE ERROR: error parsing jsonpath {.a[0}, unterminated array");
  EXPECT_EQ(run("{.a[x]}", Value::null()),
            "PARSE ERROR: error parsing jsonpath {.a[x]}, invalid array index x");
  EXPECT_EQ(
      run("{!}", Value::null()),
      "PARSE ERROR: error parsing jsonpath {!}, unrecognized character in action: U+0021 '!'");
  EXPECT_EQ(run(R"({"abc})", Value::null()),
            R"(PARSE ERROR: error parsing jsonpath {"abc}, unterminated quoted string)");
  EXPECT_EQ(run("{.a[?(@.b==1}", Value::null()),
            "PARSE ERROR: error parsing jsonpath {.a[?(@.b==1}, unterminated filter");
  EXPECT_EQ(run("{............Price}", Value::null()),
            "PARSE ERROR: error parsing jsonpath {............Price}, invalid multiple recursive "
            "descent");
}

manifest::Pod sample_pod(const std::string& name, const std::string& ip) {
  manifest::Pod p;
  p.apiVersion = "v1";
  p.kind = "Pod";
  p.metadata.name = name;
  p.metadata.namespace_ = "default";
  p.metadata.labels = {{"app", "web"}};
  manifest::Container c;
  c.name = "app";
  c.image = "busybox";
  c.ports.push_back({.containerPort = 8080, .protocol = "TCP"});
  p.spec.containers.push_back(c);
  p.status.phase = "Running";
  p.status.podIP = ip;
  return p;
}

TEST(JsonPath, PodsAsKubectlGetPrintsThem) {
  auto a = sample_pod("web-1", "10.88.0.2"), b = sample_pod("web-2", "10.88.0.3");
  Value one = manifest::pod_to_value(a);
  EXPECT_EQ(*print_jsonpath("{.status.podIP}", one), "10.88.0.2");
  EXPECT_EQ(*print_jsonpath("{.spec.containers[0].ports}", one),
            R"([{"containerPort":8080,"protocol":"TCP"}])");
  EXPECT_EQ(*print_jsonpath("{.metadata.labels}", one), R"({"app":"web"})");
  EXPECT_EQ(*print_jsonpath(R"({.spec.containers[?(@.name=="app")].image})", one), "busybox");
  EXPECT_EQ(*print_jsonpath("{.status.hostIP}", one), "");  // missing keys allowed by default

  Value list = pod_list_value({a, b});
  EXPECT_EQ(*print_jsonpath("{.items[*].metadata.name}", list), "web-1 web-2");
  EXPECT_EQ(
      *print_jsonpath(R"({range .items[*]}{.metadata.name}{"\t"}{.status.podIP}{"\n"}{end})", list),
      "web-1\t10.88.0.2\nweb-2\t10.88.0.3\n");
  EXPECT_EQ(*print_jsonpath("{.kind} {.metadata}", list), R"(List {"resourceVersion":""})");

  auto err = print_jsonpath("{.items[3]}", list);
  ASSERT_FALSE(err);
  const std::string& msg = err.error().message;
  EXPECT_TRUE(
      msg.starts_with("error executing jsonpath \"{.items[3]}\": Error executing template: "
                      "array index out of bounds: index 3, length 2. Printing more "
                      "information for debugging the template:\n\ttemplate was:\n\t\t"
                      "{.items[3]}\n\tobject given to jsonpath engine was:\n\t\t"
                      "map[string]interface {}{\"apiVersion\":\"v1\", \"items\":[]interface "
                      "{}{map[string]interface {}{\"apiVersion\":\"v1\", \"kind\":\"Pod\", "))
      << msg;
  EXPECT_TRUE(
      msg.ends_with(", \"kind\":\"List\", \"metadata\":map[string]interface "
                    "{}{\"resourceVersion\":\"\"}}\n\n\n"))
      << msg;
  auto parse_err = print_jsonpath("{.items[", list);
  ASSERT_FALSE(parse_err);
  EXPECT_EQ(parse_err.error().message, "error parsing jsonpath {.items[, unterminated array");
}

TEST(JsonPath, GoValuePrinting) {
  EXPECT_EQ(run("{.a}", json(R"({"a":1000000.0})")), "1e+06");
  EXPECT_EQ(run("{.a}", json(R"({"a":0.5})")), "0.5");
  EXPECT_EQ(run("{.a}", json(R"({"a":123456.5})")), "123456.5");
  EXPECT_EQ(run("{.a}", json(R"({"a":null})")), "<nil>");
  EXPECT_EQ(run("{.a} {.b}", json(R"({"a":true,"b":-3})")), "true -3");
  EXPECT_EQ(go_sharp_v(json(R"({"b":[1,"x",null],"a":2.5})")),
            R"(map[string]interface {}{"a":2.5, "b":[]interface {}{1, "x", interface {}(nil)}})");
}

}  // namespace
}  // namespace podcore::pod
