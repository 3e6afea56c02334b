// Label selectors for `-l`: apimachinery's grammar, normalisation, matching
// and error texts (cases from k8s.io/apimachinery/pkg/labels/selector_test.go).
#include "pod/label_selector.hpp"

#include <gtest/gtest.h>

// Designated initializers name only the fields a case needs.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace podcore::pod {
namespace {

using Labels = std::map<std::string, std::string>;

std::string parse_error(std::string_view text) {
  auto s = LabelSelector::parse(text);
  if (s) return "parsed: " + s->to_string();
  EXPECT_EQ(s.error().code, ErrorCode::kInvalid);
  return s.error().message;
}

std::string normalized(std::string_view text) {
  auto s = LabelSelector::parse(text);
  if (!s) return "ERROR: " + s.error().message;
  return s->to_string();
}

bool matches(std::string_view text, const Labels& labels) {
  auto s = LabelSelector::parse(text);
  EXPECT_TRUE(s) << text << ": " << s.error().message;
  return s && s->matches(labels);
}

TEST(LabelSelector, ValidSelectorsAndTheirStrings) {
  // TestSelectorParse's good cases and their String() forms.
  EXPECT_EQ(normalized(""), "");
  EXPECT_EQ(normalized("x=a,y=b,z=c"), "x=a,y=b,z=c");
  EXPECT_EQ(normalized("x!=a,y=b"), "x!=a,y=b");
  EXPECT_EQ(normalized("x=,z= "), "x=,z=");
  EXPECT_EQ(normalized("x= ,z= "), "x=,z=");
  EXPECT_EQ(normalized("!x"), "!x");
  EXPECT_EQ(normalized("x>1"), "x>1");
  EXPECT_EQ(normalized("x>1,z<5"), "x>1,z<5");
  EXPECT_EQ(normalized("x==a"), "x==a");
  EXPECT_EQ(normalized("  app = web  "), "app=web");
  EXPECT_EQ(normalized("env in (prod, qa,prod), tier notin ( frontend )"),
            "env in (prod,qa),tier notin (frontend)");
  EXPECT_EQ(normalized("z,y in (b,a),!x"), "!x,y in (a,b),z");
  EXPECT_EQ(normalized("x in (foo,,baz),y,z notin ()"), "x in (,baz,foo),y,z notin ()");
  EXPECT_EQ(normalized("in in (in),notin notin (notin)"), "in in (in),notin notin (notin)");
  EXPECT_EQ(normalized("app.kubernetes.io/name=web"), "app.kubernetes.io/name=web");
}

TEST(LabelSelector, Matching) {
  Labels web{{"app", "web"}, {"tier", "frontend"}, {"replicas", "3"}};
  EXPECT_TRUE(matches("", web));
  EXPECT_TRUE(matches("app=web", web));
  EXPECT_TRUE(matches("app==web,tier=frontend", web));
  EXPECT_FALSE(matches("app=db", web));
  EXPECT_TRUE(matches("app!=db", web));
  EXPECT_TRUE(matches("env!=prod", web));  // != matches an absent key
  EXPECT_TRUE(matches("app in (db,web)", web));
  EXPECT_FALSE(matches("env in (prod)", web));
  EXPECT_TRUE(matches("env notin (prod)", web));
  EXPECT_FALSE(matches("app notin (web)", web));
  EXPECT_TRUE(matches("app", web));
  EXPECT_FALSE(matches("!app", web));
  EXPECT_TRUE(matches("!env", web));
  EXPECT_TRUE(matches("replicas>2", web));
  EXPECT_FALSE(matches("replicas>3", web));
  EXPECT_TRUE(matches("replicas<4", web));
  EXPECT_FALSE(matches("app>1", web));  // not an integer: no match
  EXPECT_FALSE(matches("missing<5", web));
  EXPECT_TRUE(matches("env=", Labels{{"env", ""}}));
  EXPECT_FALSE(matches("env=", Labels{}));
}

TEST(LabelSelector, SyntaxErrorsAsApimachineryWordsThem) {
  EXPECT_EQ(parse_error("=a"), "found '=', expected: !, identifier, or 'end of string'");
  EXPECT_EQ(parse_error("a,"), "found '', expected: identifier after ','");
  EXPECT_EQ(parse_error("a=b c"), "found 'c', expected: ',' or 'end of string'");
  // '|' is no operator character: "a||y" is one (invalid) value.
  EXPECT_TRUE(parse_error("x=a||y=b")
                  .starts_with("unable to parse requirement: values[0][x]: Invalid value: "
                               "\"a||y\": a valid label must be"));
  EXPECT_EQ(parse_error("x==a==b"), "found '==', expected: ',' or 'end of string'");
  EXPECT_EQ(parse_error("!x=a"), "found '=', expected: ',' or 'end of string'");
  EXPECT_EQ(parse_error("a b"),
            "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
  EXPECT_EQ(parse_error("x in"), "unable to parse requirement: found '' expected: '('");
  EXPECT_EQ(parse_error("x in (a b)"),
            "unable to parse requirement: found 'b', expected: ',' or ')'");
  EXPECT_EQ(parse_error("x in (a,="),
            "unable to parse requirement: found '=', expected: ',', or identifier");
  EXPECT_EQ(parse_error("x in ="), "unable to parse requirement: found '=' expected: '('");
  EXPECT_EQ(parse_error("x in (="),
            "unable to parse requirement: found '=', expected: ',', ')' or identifier");
  EXPECT_EQ(parse_error("x=("), "unable to parse requirement: found '(', expected: identifier");
  EXPECT_EQ(parse_error("!"), "unable to parse requirement: found '', expected: identifier");
}

TEST(LabelSelector, InvalidKeysAndValues) {
  EXPECT_EQ(parse_error("-a=b"),
            "unable to parse requirement: <nil>: Invalid value: \"-a\": name part must consist "
            "of alphanumeric characters, '-', '_' or '.', and must start and end with an "
            "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
            "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
  EXPECT_EQ(
      parse_error("a=b/c"),
      "unable to parse requirement: values[0][a]: Invalid value: \"b/c\": a valid label "
      "must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and "
      "must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  "
      "or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
  EXPECT_EQ(parse_error("x<a"),
            "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' "
            "operators, the value must be an integer");
}

TEST(LabelSelector, FromApiAndFormat) {
  manifest::LabelSelector sel;
  EXPECT_EQ(format_label_selector(sel), "<none>");
  sel.matchLabels = {{"app", "web"}};
  sel.matchExpressions = {{.key = "tier", .operator_ = "In", .values = {"b", "a"}},
                          {.key = "env", .operator_ = "DoesNotExist", .values = {}}};
  EXPECT_EQ(format_label_selector(sel), "app=web,!env,tier in (a,b)");
  auto s = LabelSelector::from_api(sel);
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->matches({{"app", "web"}, {"tier", "a"}}));
  EXPECT_FALSE(s->matches({{"app", "web"}, {"tier", "a"}, {"env", "x"}}));
  sel.matchExpressions[0].operator_ = "Like";
  EXPECT_EQ(format_label_selector(sel), "<error>");
  EXPECT_EQ(LabelSelector::from_api(sel).error().message,
            "\"Like\" is not a valid label selector operator");
}

}  // namespace
}  // namespace podcore::pod
