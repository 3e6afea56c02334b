// The fast YAML path must build exactly the tree yaml-cpp builds, for every
// text it accepts; it must give up on what it does not handle.
#include "manifest/yaml_fast.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>

#include "base/file.hpp"
#include "manifest/admit.hpp"
#include "manifest/decode.hpp"
#include "manifest/encode.hpp"

namespace podcore::manifest {
namespace {

// Null nodes' positions are where yaml-cpp happens to find the next token
// and are never reported, so they are not compared; empty documents are
// skipped by the decoder and are not compared either.
::testing::AssertionResult same_tree(const YNode& a, const YNode& b, const std::string& path) {
  auto fail = [&](const std::string& what) {
    return ::testing::AssertionFailure() << path << ": " << what;
  };
  if (a.kind != b.kind) return fail("kind differs");
  if (a.key != b.key) return fail("key '" + a.key + "' vs '" + b.key + "'");
  if (a.duplicate != b.duplicate) return fail("duplicate flag differs");
  if (!a.key.empty() && (a.key_line != b.key_line || a.key_column != b.key_column))
    return fail("key position differs");
  if (a.kind == YNode::Kind::kNull) return ::testing::AssertionSuccess();
  if (a.line != b.line || a.column != b.column)
    return fail("position " + std::to_string(a.line) + ":" + std::to_string(a.column) + " vs " +
                std::to_string(b.line) + ":" + std::to_string(b.column));
  if (a.quoted != b.quoted || a.tag != b.tag || a.text != b.text)
    return fail("scalar '" + a.text + "' vs '" + b.text + "'");
  if (a.children.size() != b.children.size()) return fail("child count differs");
  for (size_t i = 0; i < a.children.size(); ++i) {
    auto r = same_tree(a.children[i], b.children[i], path + "/" + std::to_string(i));
    if (!r) return r;
  }
  return ::testing::AssertionSuccess();
}

std::vector<const YNode*> non_null(const std::vector<YNode>& docs) {
  std::vector<const YNode*> out;
  for (const auto& d : docs)
    if (d.kind != YNode::Kind::kNull) out.push_back(&d);
  return out;
}

// Returns whether the fast path accepted `text`; fails the test if it
// accepted it but disagrees with yaml-cpp.
bool check_agrees(const std::string& text,
                  std::optional<std::vector<YNode>> (*parse)(std::string_view) = parse_yaml_fast) {
  auto fast = parse(text);
  if (!fast) return false;
  auto ref = parse_yaml_reference(text);
  EXPECT_TRUE(ref) << "fast path accepted what yaml-cpp rejects:\n"
                   << text << "\n"
                   << (ref ? "" : ref.error().message);
  if (!ref) return true;
  auto a = non_null(*fast), b = non_null(*ref);
  EXPECT_EQ(a.size(), b.size()) << text;
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i)
    EXPECT_TRUE(same_tree(*a[i], *b[i], "doc" + std::to_string(i))) << text;
  return true;
}

TEST(YamlFast, AgreesWithYamlCppOnManifests) {
  const char* cases[] = {
      "a: 1\nb:\n  c: null\n  d: ~\n  e:\nl:\n- x\n-  y: 1\n   z: \"q\"\nm: [a, \"b\", {c: d}, "
      "[]]\n"
      "n: {}\n---\n- k\n",
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: hello-pod  # trailing comment\n  labels:\n"
      "    zone: prod\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n"
      "    command: [\"sh\", \"-c\", \"echo hi && sleep 1\"]\n    ports:\n"
      "    - containerPort: 8080\n      protocol: TCP\n",
      "# comment first\n\n---\na: 'it''s'\nb: \"tab\\tnew\\nline \\\"q\\\"\"\nc: x#y\nd: a:b\n",
      "key:\n- a\n- b\nnext: 1\n",
      "- \n- x\n-\n  - nested\n",
      "a:\n  b:\n    c:\n      d: deep\n  e: f\n",
      "a: 1\na: 2\n",
      "\"quoted key\": v\n'single': w\n",
      "a: [1, 2, 3,]\nb: {x: 1, y: [z],}\n",
      "  indented: root\n  second: 2\n",
      "just a scalar\n",
      "a: b\n---\n---\nc: d\n",
      "url: http://example.com:8080/path\n",
      "list:\n  - a: 1\n    b: 2\n  - c: 3\n",
      "- a: 1\n  b:\n  - x\n- c\n",
      "v: -1\nw: - x\n",
      "x: 0644\ny: yes\nz: 1e3\n",
  };
  int accepted = 0;
  for (const char* c : cases) accepted += check_agrees(c) ? 1 : 0;
  EXPECT_GE(accepted, 14);  // the fast path must really be used
}

TEST(YamlFast, GivesUpOnWhatItDoesNotHandle) {
  const char* cases[] = {
      "a: &x 1\nb: *x\n",
      "a: !!str 1\n",
      "a: |\n  text\n",
      "a: >\n  folded\n",
      "a: b\n  c\n",
      "a: [1,\n 2]\n",
      "a:\tb\n",
      "a: b\r\n",
      "a: \"x\\u00e9\"\n",
      "? complex\n: v\n",
      "%YAML 1.2\n---\na\n",
      "a: 'multi\n  line'\n",
      "a: é\n",
      "- - a\n",
      "a: b: c\n",
      "--- a\n",
  };
  for (const char* c : cases) EXPECT_FALSE(parse_yaml_fast(c)) << c;
}

TEST(YamlFast, AgreesOnTheRepositoryManifests) {
  int files = 0;
  for (const char* dir : {PODCORE_SOURCE_DIR "/examples", PODCORE_SOURCE_DIR "/tests/data"}) {
    if (!std::filesystem::exists(dir)) continue;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
      auto ext = e.path().extension();
      if (!e.is_regular_file() || (ext != ".yaml" && ext != ".yml")) continue;
      auto text = read_file(e.path().string());
      ASSERT_TRUE(text);
      check_agrees(*text);
      ++files;
    }
  }
  EXPECT_GE(files, 2);
}

// Random block documents from a small grammar, with the pieces manifests
// are made of: nested maps and lists, compact maps in lists, flow lists,
// quoted and plain scalars, comments, blank lines, duplicates.
class DocGen {
 public:
  explicit DocGen(unsigned seed) : rng_(seed) {}
  std::string doc() {
    std::string out;
    mapping(out, 0, 0);
    return out;
  }

 private:
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  std::string scalar() {
    static const char* words[] = {"a",   "b-c", "8080",         "0644", "yes",  "null", "~", "1.5",
                                  "x:y", "a#b", "http://h:1/p", "-1",   "true", "Ki",   "e"};
    switch (pick(4)) {
      case 0: return "\"" + std::string(words[pick(15)]) + "\"";
      case 1: return "'" + std::string(words[pick(15)]) + "'";
      default: return words[pick(15)];
    }
  }
  std::string key() {
    static const char* keys[] = {"name", "image", "ports", "a", "b", "c", "spec"};
    return keys[pick(7)];
  }
  void comment_or_blank(std::string& out, int indent) {
    int r = pick(8);
    if (r == 0) out += "\n";
    if (r == 1) out += std::string(static_cast<size_t>(indent), ' ') + "# note\n";
  }
  void value(std::string& out, int indent, int depth) {
    int r = depth > 3 ? 0 : pick(6);
    if (r <= 1) {
      out += " " + scalar() + (pick(5) == 0 ? "  # c" : "") + "\n";
    } else if (r == 2) {
      out += " [" + scalar() + ", " + scalar() + "]\n";
    } else if (r == 3) {
      out += "\n";
      mapping(out, indent + 2, depth + 1);
    } else if (r == 4) {
      out += "\n";
      sequence(out, pick(2) ? indent : indent + 2, depth + 1);
    } else {
      out += pick(2) ? "\n" : " {}\n";
    }
  }
  void mapping(std::string& out, int indent, int depth) {
    int n = 1 + pick(4);
    for (int i = 0; i < n; ++i) {
      comment_or_blank(out, indent);
      out += std::string(static_cast<size_t>(indent), ' ') + key() + ":";
      value(out, indent, depth);
    }
  }
  void sequence(std::string& out, int indent, int depth) {
    int n = 1 + pick(3);
    for (int i = 0; i < n; ++i) {
      comment_or_blank(out, indent);
      out += std::string(static_cast<size_t>(indent), ' ') + "-";
      if (pick(2) && depth < 4) {
        // A compact mapping: first key on the dash line.
        out += " " + key() + ":";
        value(out, indent + 2, depth + 1);
        if (pick(2)) {
          out += std::string(static_cast<size_t>(indent) + 2, ' ') + key() + ":";
          value(out, indent + 2, depth + 1);
        }
      } else {
        value(out, indent, depth);
      }
    }
  }
  std::mt19937 rng_;
};

TEST(YamlFast, AgreesOnRandomBlockDocuments) {
  int accepted = 0;
  for (unsigned seed = 0; seed < 3000; ++seed) {
    DocGen gen(seed);
    std::string text = gen.doc();
    if (check_agrees(text)) ++accepted;
    if (HasFailure()) {
      ADD_FAILURE() << "seed " << seed;
      break;
    }
  }
  EXPECT_GT(accepted, 2500);
}

// ---- JSON (json_fast.cpp) ----

bool json_agrees(const std::string& text) {
  return check_agrees(text, parse_json_fast);
}

// Every fixture pod as kubectl prints it (-o json) and as the state directory stores it,
// and compact: all ASCII, so the fast path must take each and agree with yaml-cpp.
TEST(JsonFast, AgreesOnEveryFixturePodAsPrintedAndStored) {
  int pods = 0;
  for (const char* dir :
       {PODCORE_SOURCE_DIR "/tests/data/k8s-docs", PODCORE_SOURCE_DIR "/examples"}) {
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
      auto ext = e.path().extension();
      if (ext != ".yaml" && ext != ".yml") continue;
      auto text = read_file(e.path().string());
      ASSERT_TRUE(text);
      auto objs = decode_manifests(*text, FieldValidation::kStrict);
      ASSERT_TRUE(objs);
      for (auto& obj : *objs) {
        if (!obj.pod) continue;
        auto pod = prepare_pod_for_create(std::move(*obj.pod), CreateOptions{}, nullptr);
        ASSERT_TRUE(pod);
        for (const std::string& json : {pod_to_json(*pod), to_json_compact(pod_to_value(*pod))}) {
          bool ascii = true;
          for (char c : json) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
          EXPECT_EQ(json_agrees(json), ascii) << e.path() << "\n" << json;
        }
        ++pods;
      }
    }
  }
  EXPECT_GE(pods, 50);
}

TEST(JsonFast, AgreesOnEscapesNumbersAndLayouts) {
  for (const char* text : {
           "{}",
           "{\"a\": {}, \"b\": [], \"c\": [[]], \"d\": [{}]}",
           "{\"a\":1,\"b\":-0.5,\"c\":1e3,\"d\":2E-2,\"e\":0,\"f\":-12}",
           "{\"t\": true, \"f\": false, \"n\": null, \"s\": \"null\", \"y\": \"yes\"}",
           "{\"e\": \"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t\"}",
           "{\"u\": \"\\u00e9 \\u2028 \\u003c\\u003e\\u0026 \\u0085 \\u0001 \\uFFFD\"}",
           "{\"dup\": 1, \"dup\": 2, \"x\": [1, 2, 3]}",
           "{\n  \"a\": [\n    \"x\",\n    {\n      \"b\": \"c\"\n    }\n  ]\n}\n",
           "{\n\"a\" :\n1\n,\n\"b\":\n[\n]\n}",
           "  \n {\"lead\": \"space\"}  \n\n",
           "{\"key with spaces\": \"v\", \"#k\": \"#v\", \"a: b\": \"- c\", \"&x\": \"*y\"}",
           "{\"k\": \"  lead and trail  \", \"e\": \"\", \"colon\": \"a:b\"}",
       }) {
    EXPECT_TRUE(json_agrees(text)) << text;
  }
}

TEST(JsonFast, GivesUpOnWhatItDoesNotHandle) {
  for (const char* text : {
           "",
           "[1, 2]",
           "\"s\"",
           "{\"a\": 1} x",
           "{\"a\": 1}\n---\n{\"b\": 2}",
           "{a: 1}",
           "{'a': 1}",
           "{\"a\": 'b'}",
           "{\"a\":\t1}",
           "{\"a\": 1}\r\n",
           "{\"a\": 1, # c\n}",
           "{\"caf\xC3\xA9\": 1}",
           "{\"a\": \"\xC2\x85\"}",
           "{\"a\": \"\\ud83d\\ude00\"}",
           "{\"a\": \"\\u0000\"}",
           "{\"a\": \"\\x41\"}",
           "{\"a\": 01}",
           "{\"a\": .5}",
           "{\"a\": +1}",
           "{\"a\": 1.}",
           "{\"a\": True}",
           "{\"a\": [1,]}",
           "{\"a\": 1,}",
           "{\"\": 1}",
           "{\"a\" 1}",
           "{\"a\"\n: 1}",
           "{\"a\": \"unterminated}",
       }) {
    EXPECT_FALSE(parse_json_fast(text)) << text;
  }
}

// Random JSON objects: nesting, every scalar kind, escapes, and three layouts (compact,
// indented, a line break at every token).
class JsonGen {
 public:
  explicit JsonGen(unsigned seed) : rng_(seed) {}
  std::string doc() {
    layout_ = pick(3);
    std::string out;
    object(out, 0);
    return out;
  }

 private:
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  void gap(std::string& out, int depth) {
    if (layout_ == 1) out += "\n" + std::string(static_cast<size_t>(depth) * 2, ' ');
    if (layout_ == 2) out += pick(2) ? "\n" : " ";
  }
  std::string str() {
    static const char* pieces[] = {"a",       "b c", "8080", "yes",   "null",    "~",
                                   "1.5",     "x:y", "a#b",  "- x",   "",        "\\\"",
                                   "\\\\",    "\\n", "\\t",  "\\/",   "\\u00e9", "\\u2029",
                                   "\\u001f", "{}",  "[a]",  "&a *b", "!t"};
    std::string s = "\"";
    for (int n = pick(3); n >= 0; --n) s += pieces[pick(23)];
    return s + "\"";
  }
  void value(std::string& out, int depth) {
    int r = depth > 4 ? pick(4) : pick(6);
    static const char* literals[] = {"true", "false", "null", "0", "-1", "2.5e3", "10"};
    if (r == 0 || r == 1) out += str();
    if (r == 2) out += literals[pick(7)];
    if (r == 3) out += pick(2) ? "{}" : "[]";
    if (r == 4) object(out, depth + 1);
    if (r == 5) {
      out += "[";
      for (int n = pick(4), i = 0; i <= n; ++i) {
        if (i > 0) out += ",";
        gap(out, depth + 1);
        value(out, depth + 1);
      }
      gap(out, depth);
      out += "]";
    }
  }
  void object(std::string& out, int depth) {
    out += "{";
    for (int n = pick(4), i = 0; i <= n; ++i) {
      if (i > 0) out += ",";
      gap(out, depth + 1);
      out += pick(6) == 0 ? std::string("\"dup\"") : str();
      out += layout_ == 0 ? ":" : ": ";
      value(out, depth);
    }
    gap(out, depth);
    out += "}";
  }
  std::mt19937 rng_;
  int layout_ = 0;
};

TEST(JsonFast, AgreesOnRandomJsonDocuments) {
  int accepted = 0;
  for (unsigned seed = 0; seed < 3000; ++seed) {
    JsonGen gen(seed);
    std::string text = gen.doc();
    if (json_agrees(text)) ++accepted;
    if (HasFailure()) {
      ADD_FAILURE() << "seed " << seed;
      break;
    }
  }
  EXPECT_GT(accepted, 2500);
}

}  // namespace
}  // namespace podcore::manifest
