// Tests for the API server's field error texts (apimachinery pkg/util/validation/field,
// FieldError*): go_quote against Go's strconv.Quote, the printed form of every error type, and
// the "<Kind> \"<name>\" is invalid: ..." message of apierrors.NewInvalid.
#include "manifest/field_error.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace podcore::manifest {
namespace {

struct QuoteCase {
  const char* name;
  std::string in;
  std::string want;
};

void run(const std::vector<QuoteCase>& cases) {
  for (const auto& c : cases) EXPECT_EQ(go_quote(c.in), c.want) << c.name;
}

// ---- go_quote: ASCII --------------------------------------------------------------

TEST(FieldErrorGoQuote, Ascii) {
  run({
      {"empty", "", R"("")"},
      {"printable", "web-1 ~!", R"("web-1 ~!")"},
      {"quote and backslash", R"(a"b\c)", R"("a\"b\\c")"},
      {"single quote stays", "it's", R"("it's")"},
      {"named escapes", "\a\b\f\n\r\t\v", R"("\a\b\f\n\r\t\v")"},
      {"other controls and DEL", std::string("\x00\x01\x1b\x1f\x7f", 5),
       R"("\x00\x01\x1b\x1f\x7f")"},
  });
}

// ---- go_quote: runes unicode.IsPrint accepts are written as they are ---------------

TEST(FieldErrorGoQuote, PrintableRunesStay) {
  run({
      {"latin letter", "caf\u00e9", "\"caf\u00e9\""},
      {"symbols", "\u00a9\u20ac", "\"\u00a9\u20ac\""},
      {"combining mark (Mn) on its own", "e\u0301", "\"e\u0301\""},
      {"CJK", "\u65e5\u672c", "\"\u65e5\u672c\""},
      {"emoji", "\U0001F600", "\"\U0001F600\""},
      {"U+FFFD itself is a symbol", "\uFFFD", "\"\uFFFD\""},
      // Added in Unicode 15.0, which Go's tables have (Python 14 would call them unassigned).
      {"Kannada U+0CF3 (Unicode 15.0)", "\u0CF3", "\"\u0CF3\""},
      {"Kawi U+11F00 (Unicode 15.0)", "\U00011F00", "\"\U00011F00\""},
      {"CJK extension H U+31350 (Unicode 15.0)", "\U00031350", "\"\U00031350\""},
      {"U+1F6DC wireless (Unicode 15.0)", "\U0001F6DC", "\"\U0001F6DC\""},
  });
}

// ---- go_quote: runes unicode.IsPrint rejects are escaped ----------------------------

TEST(FieldErrorGoQuote, NonPrintableRunesEscaped) {
  run({
      {"C1 control", "\u0085", R"("\u0085")"},
      {"no-break space (Zs)", "a\u00a0b", R"("a\u00a0b")"},
      {"soft hyphen (Cf)", "\u00ad", R"("\u00ad")"},
      {"Ogham space mark (Zs)", "\u1680", R"("\u1680")"},
      {"en quad .. hair space (Zs)", "\u2000\u2005\u200a", R"("\u2000\u2005\u200a")"},
      {"zero width space and joiners (Cf)", "\u200b\u200d", R"("\u200b\u200d")"},
      {"line and paragraph separators", "\u2028\u2029", R"("\u2028\u2029")"},
      {"bidi overrides (Cf)", "\u202e", R"("\u202e")"},
      {"narrow no-break space (Zs)", "\u202f", R"("\u202f")"},
      {"medium mathematical space (Zs)", "\u205f", R"("\u205f")"},
      {"ideographic space (Zs)", "\u3000", R"("\u3000")"},
      {"byte order mark (Cf)", "\ufeff", R"("\ufeff")"},
      {"private use (Co)", "\ue000", R"("\ue000")"},
      {"unassigned (Cn)", "\u0378", R"("\u0378")"},
      {"noncharacter", "\uffff", R"("\uffff")"},
      {"supplementary format (Cf)", "\U0001D173", R"("\U0001d173")"},
      {"tag character (Cf)", "\U000E0001", R"("\U000e0001")"},
      {"supplementary private use (Co)", "\U000F0000", R"("\U000f0000")"},
      {"last code point (Cn)", "\U0010FFFF", R"("\U0010ffff")"},
      // Assigned only in Unicode 16.0, so still unassigned for Go's Unicode 15.0 tables.
      {"U+1FAE9 (Unicode 16.0)", "\U0001FAE9", R"("\U0001fae9")"},
      {"mixed with printable text", "x\u00a0\u00e9\u2028y", "\"x\\u00a0\u00e9\\u2028y\""},
  });
}

// ---- go_quote: bytes that are not UTF-8 are escaped one by one ----------------------

TEST(FieldErrorGoQuote, InvalidUtf8) {
  run({
      {"lone continuation byte", "a\x80z", R"("a\x80z")"},
      {"byte never in UTF-8", "\xff\xfe", R"("\xff\xfe")"},
      {"truncated at the end", "\xe2\x82", R"("\xe2\x82")"},
      {"truncated before ASCII", "\xc3(", R"("\xc3(")"},
      {"overlong NUL", "\xc0\x80", R"("\xc0\x80")"},
      {"overlong 3-byte form", "\xe0\x80\xaf", R"("\xe0\x80\xaf")"},
      {"surrogate", "\xed\xa0\x80", R"("\xed\xa0\x80")"},
      {"above U+10FFFF", "\xf4\x90\x80\x80", R"("\xf4\x90\x80\x80")"},
      {"lead byte above F4", "\xf5\x80\x80\x80", R"("\xf5\x80\x80\x80")"},
      {"valid rune after a bad byte", "\xff\u00e9", "\"\\xff\u00e9\""},
  });
}

// ---- FieldError::to_string / body / reason -----------------------------------------

struct ErrorCase {
  const char* name;
  FieldError error;
  std::string want;         // to_string()
  std::string_view reason;  // reason()
};

TEST(FieldErrorText, EveryType) {
  FieldError forbidden_with_value = forbidden("spec.hostPID", "cannot be set for a windows pod");
  forbidden_with_value.value = "true";
  forbidden_with_value.has_value = true;
  const std::vector<ErrorCase> cases = {
      {"required", required("spec.containers[0].image"), "spec.containers[0].image: Required value",
       "FieldValueRequired"},
      {"required with detail", required("spec.os.name", "cannot be empty"),
       "spec.os.name: Required value: cannot be empty", "FieldValueRequired"},
      {"invalid number",
       invalid("spec.containers[0].ports[0].containerPort", int64_t{70000},
               "must be between 1 and 65535, inclusive"),
       "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and "
       "65535, inclusive",
       "FieldValueInvalid"},
      {"invalid string", invalid("metadata.name", "Web", "must be lower case"),
       "metadata.name: Invalid value: \"Web\": must be lower case", "FieldValueInvalid"},
      {"invalid bool", invalid("spec.x", true, "must be false"),
       "spec.x: Invalid value: true: must be false", "FieldValueInvalid"},
      {"invalid string with a no-break space", invalid("metadata.name", "a\u00a0b", "bad"),
       "metadata.name: Invalid value: \"a\\u00a0b\": bad", "FieldValueInvalid"},
      {"invalid raw value", invalid("spec.x", BadValue::raw("[]string{\"a\"}"), "bad"),
       "spec.x: Invalid value: []string{\"a\"}: bad", "FieldValueInvalid"},
      {"duplicate", duplicate("spec.containers[1].name", "app"),
       "spec.containers[1].name: Duplicate value: \"app\"", "FieldValueDuplicate"},
      {"not supported",
       not_supported("spec.restartPolicy", "Sometimes", {"Always", "OnFailure", "Never"}),
       "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", "
       "\"OnFailure\", \"Never\"",
       "FieldValueNotSupported"},
      {"not supported without a list", not_supported("spec.x", "y", {}),
       "spec.x: Unsupported value: \"y\"", "FieldValueNotSupported"},
      {"not found", not_found("spec.containers[0].volumeMounts[0].name", "data"),
       "spec.containers[0].volumeMounts[0].name: Not found: \"data\"", "FieldValueNotFound"},
      {"forbidden", forbidden("spec.securityContext.sysctls", "cannot be set for a windows pod"),
       "spec.securityContext.sysctls: Forbidden: cannot be set for a windows pod",
       "FieldValueForbidden"},
      {"forbidden never prints a value", forbidden_with_value,
       "spec.hostPID: Forbidden: cannot be set for a windows pod", "FieldValueForbidden"},
      {"too long", too_long("metadata.annotations", 262144),
       "metadata.annotations: Too long: may not be more than 262144 bytes", "FieldValueTooLong"},
      {"too many", too_many("spec.dnsConfig.searches", 40, 32),
       "spec.dnsConfig.searches: Too many: 40: must have at most 32 items", "FieldValueTooMany"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(c.error.to_string(), c.want) << c.name;
    EXPECT_EQ(c.error.field + ": " + c.error.body(), c.want) << c.name;
    EXPECT_EQ(c.error.reason(), c.reason) << c.name;
  }
}

TEST(FieldErrorText, BodyHasNoField) {
  EXPECT_EQ(invalid("spec.x", int64_t{-1}, "must be greater than or equal to 0").body(),
            "Invalid value: -1: must be greater than or equal to 0");
  EXPECT_EQ(required("spec.x").body(), "Required value");
  EXPECT_EQ(too_long("spec.x", 63).body(), "Too long: may not be more than 63 bytes");
}

// ---- invalid_object_message (apierrors.NewInvalid) ---------------------------------

TEST(FieldErrorInvalidObject, OneError) {
  EXPECT_EQ(invalid_object_message("Pod", "web", {required("spec.containers[0].image")}),
            "Pod \"web\" is invalid: spec.containers[0].image: Required value");
}

TEST(FieldErrorInvalidObject, SeveralErrorsInBrackets) {
  FieldErrors errs = {
      required("spec.containers[0].image"),
      not_supported("spec.restartPolicy", "Sometimes", {"Always", "OnFailure", "Never"}),
      invalid("spec.activeDeadlineSeconds", int64_t{0},
              "must be between 1 and 2147483647, "
              "inclusive"),
  };
  EXPECT_EQ(invalid_object_message("Pod", "web", errs),
            "Pod \"web\" is invalid: [spec.containers[0].image: Required value, "
            "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", "
            "\"OnFailure\", \"Never\", spec.activeDeadlineSeconds: Invalid value: 0: must be "
            "between 1 and 2147483647, inclusive]");
}

TEST(FieldErrorInvalidObject, DuplicatesRemovedInOrder) {
  FieldError a = required("spec.a");
  FieldError b = forbidden("spec.b", "nope");
  EXPECT_EQ(invalid_object_message("Pod", "web", {a, b, a, b}),
            "Pod \"web\" is invalid: [spec.a: Required value, spec.b: Forbidden: nope]");
  // Once the duplicates are gone a single error is printed without brackets.
  EXPECT_EQ(invalid_object_message("Pod", "web", {a, a}),
            "Pod \"web\" is invalid: spec.a: Required value");
  EXPECT_EQ(dedupe({a, b, a}), (FieldErrors{a, b}));
}

TEST(FieldErrorInvalidObject, NoErrors) {
  // Never asked for by the validators; Go prints the nil aggregate as <nil>.
  EXPECT_EQ(invalid_object_message("Pod", "web", {}), "Pod \"web\" is invalid: <nil>");
}

TEST(FieldErrorInvalidObject, NameIsGoQuoted) {
  EXPECT_EQ(invalid_object_message("Pod", "a\u00a0b", {required("spec.x")}),
            "Pod \"a\\u00a0b\" is invalid: spec.x: Required value");
  // An empty name (generateName not applied yet) prints as "".
  EXPECT_EQ(invalid_object_message("Pod", "", {required("metadata.name")}),
            "Pod \"\" is invalid: metadata.name: Required value");
}

}  // namespace
}  // namespace podcore::manifest
