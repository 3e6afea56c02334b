// Tests for manifest::Quantity against apimachinery's resource.Quantity
// (tables from quantity_test.go: TestQuantityParse, TestQuantityString,
// TestQuantityParseEmit, TestQuantityRoundUp, TestQuantityCmp, TestNewSet,
// TestMilliNewSet, TestNegativeValueRoundsAwayFromZero, ...).
#include "manifest/quantity.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace podcore::manifest {
namespace {

using Format = Quantity::Format;
constexpr Format kDec = Format::kDecimalSI;
constexpr Format kBin = Format::kBinarySI;
constexpr Format kExp = Format::kDecimalExponent;
constexpr int64_t kMaxI64 = std::numeric_limits<int64_t>::max();
constexpr int64_t kMinI64 = std::numeric_limits<int64_t>::min();

const char* format_name(Format f) {
  switch (f) {
    case Format::kDecimalSI: return "DecimalSI";
    case Format::kBinarySI: return "BinarySI";
    case Format::kDecimalExponent: return "DecimalExponent";
  }
  return "?";
}

Quantity must_parse(std::string_view text) {
  auto q = Quantity::parse(text);
  EXPECT_TRUE(q.has_value()) << "parse(\"" << text
                             << "\"): " << (q ? std::string() : q.error().message);
  return q ? *q : Quantity();
}

// decQuantity(value, exponent, format) of the upstream tests.
Quantity dec(int64_t value, int32_t exponent, Format f = kDec) {
  auto q = Quantity::from_scaled(value, exponent, f);
  EXPECT_TRUE(q.has_value()) << value << "e" << exponent;
  return q ? *q : Quantity();
}

// ---------------------------------------------------------------------------
// Parsing: values and formats.

struct ParseCase {
  std::string_view input;
  int64_t value;
  int32_t exponent;
  Format format;
};

// TestQuantityParse's table.
const std::vector<ParseCase>& upstream_parse_table() {
  static const std::vector<ParseCase> table = {
      {"0", 0, 0, kDec},
      {"0n", 0, 0, kDec},
      {"0u", 0, 0, kDec},
      {"0m", 0, 0, kDec},
      {"0Ki", 0, 0, kBin},
      {"0k", 0, 0, kDec},
      {"0Mi", 0, 0, kBin},
      {"0M", 0, 0, kDec},
      {"0Gi", 0, 0, kBin},
      {"0G", 0, 0, kDec},
      {"0Ti", 0, 0, kBin},
      {"0T", 0, 0, kDec},

      // Quantity less numbers are allowed
      {"1", 1, 0, kDec},

      // Binary suffixes
      {"1Ki", 1024, 0, kBin},
      {"8Ki", 8 * 1024, 0, kBin},
      {"7Mi", 7LL * 1024 * 1024, 0, kBin},
      {"6Gi", 6LL * 1024 * 1024 * 1024, 0, kBin},
      {"5Ti", 5LL * 1024 * 1024 * 1024 * 1024, 0, kBin},
      {"4Pi", 4LL * 1024 * 1024 * 1024 * 1024 * 1024, 0, kBin},
      {"3Ei", 3LL * 1024 * 1024 * 1024 * 1024 * 1024 * 1024, 0, kBin},
      {"10Ti", 10LL * 1024 * 1024 * 1024 * 1024, 0, kBin},
      {"100Ti", 100LL * 1024 * 1024 * 1024 * 1024, 0, kBin},

      // Decimal suffixes
      {"5n", 5, -9, kDec},
      {"4u", 4, -6, kDec},
      {"3m", 3, -3, kDec},
      {"9", 9, 0, kDec},
      {"8k", 8, 3, kDec},
      {"50k", 5, 4, kDec},
      {"7M", 7, 6, kDec},
      {"6G", 6, 9, kDec},
      {"5T", 5, 12, kDec},
      {"40T", 4, 13, kDec},
      {"300T", 3, 14, kDec},
      {"2P", 2, 15, kDec},
      {"1E", 1, 18, kDec},

      // Decimal exponents
      {"1E-3", 1, -3, kExp},
      {"1e3", 1, 3, kExp},
      {"1E6", 1, 6, kExp},
      {"1e9", 1, 9, kExp},
      {"1E12", 1, 12, kExp},
      {"1e15", 1, 15, kExp},
      {"1E18", 1, 18, kExp},

      // Nonstandard but still parsable
      {"1e14", 1, 14, kExp},
      {"1e13", 1, 13, kExp},
      {"1e3", 1, 3, kExp},
      {"100.035k", 100035, 0, kDec},

      // Things that look like floating point
      {"0.001", 1, -3, kDec},
      {"0.0005k", 5, -1, kDec},
      {"0.005", 5, -3, kDec},
      {"0.05", 5, -2, kDec},
      {"0.5", 5, -1, kDec},
      {"0.00050k", 5, -1, kDec},
      {"0.00500", 5, -3, kDec},
      {"0.05000", 5, -2, kDec},
      {"0.50000", 5, -1, kDec},
      {"0.5e0", 5, -1, kExp},
      {"0.5e-1", 5, -2, kExp},
      {"0.5e-2", 5, -3, kExp},
      {"0.5e0", 5, -1, kExp},
      {"10.035M", 10035, 3, kDec},

      {"1.2e3", 12, 2, kExp},
      {"1.3E+6", 13, 5, kExp},
      {"1.40e9", 14, 8, kExp},
      {"1.53E12", 153, 10, kExp},
      {"1.6e15", 16, 14, kExp},
      {"1.7E18", 17, 17, kExp},

      {"9.01", 901, -2, kDec},
      {"8.1k", 81, 2, kDec},
      {"7.123456M", 7123456, 0, kDec},
      {"6.987654321G", 6987654321, 0, kDec},
      {"5.444T", 5444, 9, kDec},
      {"40.1T", 401, 11, kDec},
      {"300.2T", 3002, 11, kDec},
      {"2.5P", 25, 14, kDec},
      {"1.01E", 101, 16, kDec},

      // Things that saturate/round
      {"3.001n", 4, -9, kDec},
      {"1.1E-9", 2, -9, kExp},
      {"0.0000000001", 1, -9, kDec},
      {"0.0000000005", 1, -9, kDec},
      {"0.00000000050", 1, -9, kDec},
      {"0.5e-9", 1, -9, kExp},
      {"0.9n", 1, -9, kDec},
      {"0.00000012345", 124, -9, kDec},
      {"0.00000012354", 124, -9, kDec},
      {"9Ei", kMaxI64, 0, kBin},
      {"9223372036854775807Ki", kMaxI64, 0, kBin},
      {"12E", 12, 18, kDec},

      // We'll accept fractional binary stuff, too.
      {"100.035Ki", 10243584, -2, kBin},
      {"0.5Mi", 512 * 1024, 0, kBin},
      {"0.05Gi", 536870912, -1, kBin},
      {"0.025Ti", 274877906944, -1, kBin},

      // Things written by trolls
      {"0.000000000001Ki", 2, -9, kDec},  // rounds up, changes format
      {".001", 1, -3, kDec},
      {".0001k", 100, -3, kDec},
      {"1.", 1, 0, kDec},
      {"1.G", 1, 9, kDec},
  };
  return table;
}

TEST(QuantityParse, UpstreamTable) {
  for (const auto& c : upstream_parse_table()) {
    SCOPED_TRACE(std::string(c.input));
    const Quantity want = dec(c.value, c.exponent, c.format);
    const Quantity got = must_parse(c.input);
    EXPECT_EQ(got.cmp(want), 0) << "got " << got.to_string() << ", want " << want.to_string();
    EXPECT_EQ(want.cmp(got), 0);
    EXPECT_EQ(format_name(got.format()), std::string(format_name(c.format)));
  }
}

TEST(QuantityParse, UpstreamTableNegated) {
  for (const auto& c : upstream_parse_table()) {
    const std::string input = "-" + std::string(c.input);
    SCOPED_TRACE(input);
    const Quantity want = dec(-c.value, c.exponent, c.format);
    const Quantity got = must_parse(input);
    EXPECT_EQ(got.cmp(want), 0) << "got " << got.to_string() << ", want " << want.to_string();
    EXPECT_EQ(got.sign(), c.value == 0 ? 0 : -1);
    EXPECT_EQ(format_name(got.format()), std::string(format_name(c.format)));
  }
}

TEST(QuantityParse, UpstreamTableExplicitPlus) {
  for (const auto& c : upstream_parse_table()) {
    const std::string input = "+" + std::string(c.input);
    SCOPED_TRACE(input);
    const Quantity got = must_parse(input);
    EXPECT_EQ(got.cmp(dec(c.value, c.exponent, c.format)), 0) << got.to_string();
    EXPECT_EQ(format_name(got.format()), std::string(format_name(c.format)));
  }
}

TEST(QuantityParse, MoreValues) {
  const std::vector<ParseCase> table = {
      {"1.5Gi", 1610612736, 0, kBin},
      {"0.5Gi", 536870912, 0, kBin},
      {".001Ki", 1024, -3, kBin},
      {".000001Ki", 1024, -6, kDec},  // below 1: switched to DecimalSI
      {".5Ki", 512, 0, kBin},
      {"1.Ki", 1024, 0, kBin},
      {"-9Ei", -kMaxI64, 0, kBin},
      {"1000000000000000000000000Ki", kMaxI64, 0, kBin},
      {"1E+3", 1, 3, kExp},
      {"1e-0", 1, 0, kExp},
      {"1e0007", 1, 7, kExp},
      {"5e-3", 5, -3, kExp},
      {"1000e-12", 1, -9, kExp},
      {"0e99", 0, 0, kExp},
      {"0.0e-999", 0, 0, kExp},
      {"00012", 12, 0, kDec},
      {"1.000000000001", 1000000001, -9, kDec},
      {".484785E-7466", 1, -9, kExp},
      {"1e-2147483647", 1, -9, kExp},
      {"0e2147483647", 0, 0, kExp},
      {"1e30", 1, 30, kExp},
  };
  for (const auto& c : table) {
    SCOPED_TRACE(std::string(c.input));
    const Quantity got = must_parse(c.input);
    EXPECT_EQ(got.cmp(dec(c.value, c.exponent, c.format)), 0) << got.to_string();
    EXPECT_EQ(format_name(got.format()), std::string(format_name(c.format)));
  }
}

TEST(QuantityParse, WideValuesAreExact) {
  // Beyond int64 but within the supported 38 digits.
  const Quantity big = must_parse("123456789012345678901234567890");
  EXPECT_EQ(big.to_string(), "123456789012345678901234567890");
  EXPECT_EQ(must_parse("1000000000000000000000000000000").to_string(), "1e30");  // not cached
  EXPECT_EQ(must_parse("1e30").to_string(), "1e30");
  EXPECT_EQ(must_parse("99999999999999999999999999999999999999").to_string(),
            "99999999999999999999999999999999999999");
  // 29 digits: past upstream's fast path, so printed canonically.
  const Quantity fine = must_parse("12345678901234567890.123456789");
  EXPECT_FALSE(fine.has_original_text());
  EXPECT_EQ(fine.to_string(), "12345678901234567890123456789n");
  EXPECT_EQ(fine.cmp(must_parse("12345678901234567890123456789n")), 0);
  // 10^29 + 10^-8: 38 significant digits.
  EXPECT_EQ(must_parse("100000000000000000000000000000.00000001").to_string(),
            "1" + std::string(36, '0') + "10n");
  // A fractional binary value past int64 keeps its nano digits.
  const Quantity gib = must_parse("9.5000000001Gi");  // 10200547328.1073741824
  EXPECT_EQ(gib.to_string(), "10200547328107374183n");
  EXPECT_EQ(format_name(gib.format()), std::string("BinarySI"));
  EXPECT_EQ(must_parse("1E").cmp(must_parse("1e18")), 0);
}

TEST(QuantityParse, DigitlessNumbersReadAsZero) {
  // Upstream's fast path reads a number without digits as 0 (see
  // TestParseQuantityString's "." and "-." rows).
  const std::vector<std::pair<std::string_view, Format>> table = {
      {".", kDec},  {"-.", kDec},  {"+", kDec},   {"-", kDec},    {"Ki", kBin},  {"+.Mi", kBin},
      {"m", kDec},  {"k", kDec},   {"e3", kExp},  {".n", kDec},   {"-Ti", kBin}, {"000", kDec},
      {"-0", kDec}, {"+0.", kDec}, {"0.0", kDec}, {"-0e5", kExp},
  };
  for (const auto& [input, format] : table) {
    SCOPED_TRACE(std::string(input));
    const Quantity q = must_parse(input);
    EXPECT_TRUE(q.is_zero());
    EXPECT_EQ(q.sign(), 0);
    EXPECT_EQ(q.to_string(), "0");
    EXPECT_FALSE(q.has_original_text());
    EXPECT_EQ(format_name(q.format()), std::string(format_name(format)));
  }
}

struct InvalidCase {
  std::string_view input;
  std::string_view message;
};

TEST(QuantityParse, Invalid) {
  const std::vector<InvalidCase> table = {
      // TestQuantityParse's invalid list.
      {"", kQuantityErrFormatWrong},
      {"1.1.M", kQuantityErrFormatWrong},
      {"1+1.0M", kQuantityErrFormatWrong},
      {"0.1mi", kQuantityErrSuffix},
      {"0.1am", kQuantityErrFormatWrong},
      {"aoeu", kQuantityErrFormatWrong},
      {".5i", kQuantityErrSuffix},
      {"1i", kQuantityErrSuffix},
      {"-3.01i", kQuantityErrSuffix},
      {"-3.01e-", kQuantityErrSuffix},
      {"1e4294967297", kQuantityErrSuffix},
      {" 1", kQuantityErrFormatWrong},
      {"1 ", kQuantityErrFormatWrong},
      // TestInterpretExponentInt32Bounds, through parse.
      {"1E2147483648", kQuantityErrSuffix},
      {"1E-2147483648", kQuantityErrSuffix},
      {"1E8589934592", kQuantityErrSuffix},
      {"1E9223372036854775807", kQuantityErrSuffix},
      {"1E9223372036854775808", kQuantityErrSuffix},
      {"1E6024865272343", kQuantityErrSuffix},
      // More suffix and grammar errors.
      {"1K", kQuantityErrSuffix},
      {"1k i", kQuantityErrFormatWrong},
      {"1e", kQuantityErrSuffix},
      {"1e+", kQuantityErrSuffix},
      {"1Ee3", kQuantityErrSuffix},
      {"1Ki3", kQuantityErrSuffix},
      {"1KiB", kQuantityErrFormatWrong},
      {"1mi", kQuantityErrSuffix},
      {"1-", kQuantityErrSuffix},
      {"--1", kQuantityErrSuffix},
      {"+-1", kQuantityErrSuffix},
      {"1.5 Gi", kQuantityErrFormatWrong},
      {"1,5", kQuantityErrFormatWrong},
      {"0x10", kQuantityErrFormatWrong},
      {"1e3.5", kQuantityErrFormatWrong},
      {"Mi1", kQuantityErrSuffix},
      {"\t1", kQuantityErrFormatWrong},
      {std::string_view("1\0", 2), kQuantityErrFormatWrong},
      // No digits where upstream needs them (its inf.Dec path).
      {"Pi", kQuantityErrNumeric},
      {"Ei", kQuantityErrNumeric},
      {"-.Ei", kQuantityErrNumeric},
      {"e-10", kQuantityErrNumeric},
      {"-.e-12", kQuantityErrNumeric},
      {"+.Pi", kQuantityErrNumeric},
      // Beyond the supported range (upstream would accept these).
      {"1e38", kQuantityErrRange},
      {"-1e38", kQuantityErrRange},
      {"100000000000000000000000000000000000000", kQuantityErrRange},
      {"1e2147483647", kQuantityErrRange},
      {"1000000000000000000000000000000.000000001", kQuantityErrRange},
  };
  for (const auto& c : table) {
    SCOPED_TRACE(std::string(c.input));
    auto q = Quantity::parse(c.input);
    ASSERT_FALSE(q.has_value()) << "parsed as " << q->to_string();
    EXPECT_EQ(q.error().code, ErrorCode::kInvalid);
    EXPECT_EQ(q.error().stage, "manifest.quantity");
    EXPECT_EQ(q.error().message, c.message);
  }
}

TEST(QuantityParse, ErrorMessagesMatchUpstream) {
  EXPECT_EQ(kQuantityErrFormatWrong,
            "quantities must match the regular expression "
            "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  EXPECT_EQ(kQuantityErrSuffix, "unable to parse quantity's suffix");
  EXPECT_EQ(kQuantityErrNumeric, "unable to parse numeric part of quantity");
  EXPECT_EQ(Quantity::parse("").error().to_string(),
            "manifest.quantity: " + std::string(kQuantityErrFormatWrong));
}

TEST(QuantityParse, LongInputs) {
  const std::string zeros(100000, '0');
  // Many fraction digits: only "non-zero below nano" matters.
  EXPECT_EQ(must_parse("0." + zeros + "1").to_string(), "1n");
  EXPECT_EQ(must_parse("-0." + zeros + "1Ki").to_string(), "-1n");
  EXPECT_EQ(must_parse("1." + zeros).to_string(), "1");
  // Many leading zeros: upstream strips them before its digit count, so the
  // text is kept as written.
  const Quantity leading = must_parse(zeros + "7");
  EXPECT_EQ(leading.value(), 7);
  EXPECT_EQ(leading.to_string(), zeros + "7");
  // Huge integers: decimal is out of range, binary clamps.
  EXPECT_EQ(Quantity::parse("1" + zeros).error().message, kQuantityErrRange);
  EXPECT_EQ(must_parse("1" + zeros + "Ki").to_string(), "9223372036854775807");
  EXPECT_EQ(must_parse("1" + zeros + "e-100000").to_string(), "1");
  EXPECT_EQ(must_parse("0." + zeros + "5e100010").to_string(), "5e9");
  EXPECT_EQ(Quantity::parse(zeros + "x").error().message, kQuantityErrFormatWrong);
}

// ---------------------------------------------------------------------------
// Printing.

struct StringCase {
  int64_t value;
  int32_t exponent;
  Format format;
  std::string_view expect;
  std::string_view alternate;  // a non-canonical spelling of the same value
};

TEST(QuantityString, UpstreamTable) {
  const std::vector<StringCase> table = {
      {1024 * 1024 * 1024, 0, kBin, "1Gi", "1024Mi"},
      {300 * 1024 * 1024, 0, kBin, "300Mi", "307200Ki"},
      {6 * 1024, 0, kBin, "6Ki", ""},
      {1001LL * 1024 * 1024 * 1024, 0, kBin, "1001Gi", "1025024Mi"},
      {1024LL * 1024 * 1024 * 1024, 0, kBin, "1Ti", "1024Gi"},
      {5, 0, kBin, "5", "5000m"},
      {500, -3, kBin, "500m", "0.5"},
      {1, 9, kDec, "1G", "1000M"},
      {1000, 6, kDec, "1G", "0.001T"},
      {1000000, 3, kDec, "1G", ""},
      {1000000000, 0, kDec, "1G", ""},
      {1, -3, kDec, "1m", "1000u"},
      {80, -3, kDec, "80m", ""},
      {1080, -3, kDec, "1080m", "1.08"},
      {108, -2, kDec, "1080m", "1080000000n"},
      {10800, -4, kDec, "1080m", ""},
      {300, 6, kDec, "300M", ""},
      {1, 12, kDec, "1T", ""},
      // No DecimalSI suffix beyond "E": exponent notation (current upstream).
      {1, 18, kDec, "1E", ""},
      {1, 21, kDec, "1e21", "1000E"},
      {5, 21, kDec, "5e21", "5000E"},
      {1, 24, kDec, "1e24", "1000000E"},
      {1234567, 6, kDec, "1234567M", ""},
      {1234567, -3, kBin, "1234567m", ""},
      {3, 3, kDec, "3k", ""},
      {1025, 0, kBin, "1025", ""},
      {0, 0, kDec, "0", ""},
      {0, 0, kBin, "0", ""},
      {1, 9, kExp, "1e9", ".001e12"},
      {1, -3, kExp, "1e-3", "0.001e0"},
      {1, -9, kExp, "1e-9", "1000e-12"},
      {80, -3, kExp, "80e-3", ""},
      {300, 6, kExp, "300e6", ""},
      {1, 12, kExp, "1e12", ""},
      {1, 3, kExp, "1e3", ""},
      {3, 3, kExp, "3e3", ""},
      {3, 3, kDec, "3k", ""},
      {0, 0, kExp, "0", "00"},
      {1, -9, kDec, "1n", ""},
      {80, -9, kDec, "80n", ""},
      {1080, -9, kDec, "1080n", ""},
      {108, -8, kDec, "1080n", ""},
      {10800, -10, kDec, "1080n", ""},
      {1, -6, kDec, "1u", ""},
      {80, -6, kDec, "80u", ""},
      {1080, -6, kDec, "1080u", ""},
  };
  for (const auto& c : table) {
    SCOPED_TRACE(std::string(c.expect));
    const Quantity q = dec(c.value, c.exponent, c.format);
    EXPECT_EQ(q.to_string(), c.expect);
    EXPECT_FALSE(q.has_original_text());

    // The canonical string is kept as the text when parsed.
    const Quantity parsed = must_parse(c.expect);
    EXPECT_TRUE(parsed.has_original_text());
    EXPECT_EQ(parsed.to_string(), c.expect);
    EXPECT_EQ(parsed.cmp(q), 0);

    if (!c.alternate.empty()) {
      const Quantity alt = must_parse(c.alternate);
      EXPECT_FALSE(alt.has_original_text()) << c.alternate;
      EXPECT_EQ(alt.to_string(), c.expect) << c.alternate;
    }
    if (c.value != 0) {
      EXPECT_EQ(dec(-c.value, c.exponent, c.format).to_string(), "-" + std::string(c.expect));
    }
  }
}

TEST(QuantityString, BinaryZeroExponent) {
  // TestBinarySIZeroExponentString.
  EXPECT_EQ(Quantity::from_int(2000, kBin).to_string(), "2000");
  EXPECT_EQ(Quantity::from_int(-2000, kBin).to_string(), "-2000");
}

TEST(QuantityString, BinaryBeyondEi) {
  // TestBinarySIPastEiArithmeticRoundTrip: 2^70 has no binary suffix, so it
  // prints as its exact decimal value and round-trips.
  Quantity q = must_parse("1Ei");
  for (int i = 0; i < 10; ++i) q.add(q);
  EXPECT_EQ(format_name(q.format()), std::string("BinarySI"));
  EXPECT_EQ(q.to_string(), "1180591620717411303424");
  EXPECT_EQ(must_parse(q.to_string()).cmp(q), 0);
  EXPECT_TRUE(must_parse(q.to_string()) == q);

  // 2^69 still has a suffix; a multiple of 10^3 past Ei uses e-notation.
  Quantity half = must_parse("256Ei");  // clamped to 2^63-1 by parse
  EXPECT_EQ(half.to_string(), "9223372036854775807");
  Quantity p = Quantity::from_int(int64_t{1} << 59, kBin);
  for (int i = 0; i < 10; ++i) p.add(p);
  EXPECT_EQ(p.to_string(), "512Ei");
  Quantity e = Quantity::from_int(0, kBin);
  e.add(dec(1, 30, kDec));
  EXPECT_EQ(format_name(e.format()), std::string("DecimalSI"));  // zero takes the other's format
  Quantity b = Quantity::from_int(1024, kBin);
  b.add(dec(1, 30, kDec));
  b.add(dec(-1024, 0, kDec));
  EXPECT_EQ(b.to_string(), "931322574615478515625Gi");  // 10^30 = 5^30 * 2^30
}

TEST(QuantityString, Negative) {
  EXPECT_EQ(dec(901, -2).to_string(), "9010m");
  EXPECT_EQ(dec(-901, -2).to_string(), "-9010m");  // TestQuantityNeg
  EXPECT_EQ(dec(-5, 0, kBin).to_string(), "-5");
  EXPECT_EQ(dec(-1024, 0, kBin).to_string(), "-1Ki");
  EXPECT_EQ(must_parse("-1.5Gi").to_string(), "-1536Mi");
  EXPECT_EQ(must_parse("-0.5").to_string(), "-500m");
}

struct EmitCase {
  std::string_view input;
  std::string_view expect;
};

TEST(QuantityParseEmit, UpstreamTable) {
  const std::vector<EmitCase> table = {
      {"1Ki", "1Ki"},
      {"1Mi", "1Mi"},
      {"1Gi", "1Gi"},
      {"1024Mi", "1Gi"},
      {"1000M", "1G"},
      {".001Ki", "1024m"},
      {".000001Ki", "1024u"},
      {".000000001Ki", "1024n"},
      {".000000000001Ki", "2n"},
  };
  for (const auto& c : table) {
    EXPECT_EQ(must_parse(c.input).to_string(), c.expect) << c.input;
    const std::string negated = "-" + std::string(c.input);
    EXPECT_EQ(must_parse(negated).to_string(), "-" + std::string(c.expect)) << negated;
  }
}

TEST(QuantityParseEmit, CanonicalForms) {
  // Inputs whose text is not kept: they print canonically.
  const std::vector<EmitCase> table = {
      {"2000m", "2"},
      {"0.5", "500m"},
      {"1000u", "1m"},
      {"1080000000n", "1080m"},
      {"1.01E", "1010P"},
      {"1.3E+6", "1300e3"},
      {"1.2e3", "1200"},
      {"0.5e0", "500e-3"},
      {"1000e-12", "1e-9"},
      {"1.5Gi", "1536Mi"},
      {"0.5Gi", "512Mi"},
      {"0.5Mi", "512Ki"},
      {"0.05Gi", "53687091200m"},
      {"100.035Ki", "102435840m"},
      {"9Ei", "9223372036854775807"},
      {"9223372036854775807Ki", "9223372036854775807"},
      {"3.001n", "4n"},
      {"0.9n", "1n"},
      {"1.1E-9", "2e-9"},
      {"0.00000012345", "124n"},
      {"0.000000000001Ki", "2n"},
      {"1.5", "1500m"},
      {"9.01", "9010m"},
      {"64Mi", "64Mi"},  // 64 is a multiple of 8: canonical, not kept
      {"8Ki", "8Ki"},
      {"16Ki", "16Ki"},
      {"1024Ki", "1Mi"},
      {"1536Ki", "1536Ki"},
      {"2048Mi", "2Gi"},
      {"8192Ti", "8Pi"},
      {"1024Pi", "1Ei"},
      {"0.0005k", "500m"},
      {"1000", "1k"},
      {"10000T", "10P"},
      {".5Ki", "512"},
      {"5.0", "5"},
      {"1.000", "1"},
      {"0.1", "100m"},
      {"+0.1", "100m"},
      {"1e1", "10"},
      {"1e2", "100"},
      {"1e-1", "100e-3"},
      {"1.23456789", "1234567890n"},
  };
  for (const auto& c : table) {
    const Quantity q = must_parse(c.input);
    EXPECT_FALSE(q.has_original_text()) << c.input;
    EXPECT_EQ(q.to_string(), c.expect) << c.input;
  }
}

TEST(QuantityParseEmit, CachedText) {
  // Upstream keeps the input as the printed form when its cheap test says
  // the text is canonical, even when it is not quite.
  const std::vector<std::string_view> kept = {
      "+1",    "1.",    "1.G",    "1E3",    "1e3",     "100.035k", "10.035M", "12E",
      "01",    "1.500", "1.500m", "1.Ki",   "+1Ki",    "-1Ki",     "7Mi",     "1001Gi",
      "5Ti",   "500m",  "-500m",  "1e-9",   "1E-3",    "1.001",    "10.100k", "1Ti",
      "123Mi", "1n",    "999E",   "1.234k", "-5.500m", "+12.500k", "3e+3",    "1e-0",
  };
  for (std::string_view text : kept) {
    const Quantity q = must_parse(text);
    EXPECT_TRUE(q.has_original_text()) << text;
    EXPECT_EQ(q.to_string(), text);
  }
  // Arithmetic drops the text; the value prints canonically afterwards.
  const std::vector<EmitCase> canonical = {
      {"+1", "1"},
      {"1.", "1"},
      {"1.G", "1G"},
      {"1E3", "1e3"},
      {"100.035k", "100035"},
      {"10.035M", "10035k"},
      {"01", "1"},
      {"1.500", "1500m"},
      {"1.Ki", "1Ki"},
      {"0.001", "1m"},
      {"0.1k", "100"},
      {"1e-0", "1"},
      {"-.5k", "-500"},
      {"+12.5M", "12500k"},
      {"3e+3", "3e3"},
      {"12E", "12E"},
  };
  for (const auto& c : canonical) {
    Quantity q = must_parse(c.input);
    q.add(Quantity());
    EXPECT_FALSE(q.has_original_text()) << c.input;
    EXPECT_EQ(q.to_string(), c.expect) << c.input;
  }
}

TEST(QuantityParseEmit, FastPathLimits) {
  // The text is only kept on upstream's int64 fast path.
  EXPECT_TRUE(must_parse("123456789012345678").has_original_text());    // 18 digits
  EXPECT_FALSE(must_parse("1234567890123456789").has_original_text());  // 19 digits
  EXPECT_TRUE(must_parse("12345678901Ki").has_original_text());         // 11 digits
  EXPECT_FALSE(must_parse("123456789011Ki").has_original_text());       // 12 digits
  EXPECT_TRUE(must_parse("12345677Mi").has_original_text());
  EXPECT_FALSE(must_parse("123456777Mi").has_original_text());
  EXPECT_TRUE(must_parse("12345Gi").has_original_text());
  EXPECT_FALSE(must_parse("123457Gi").has_original_text());
  EXPECT_TRUE(must_parse("11Ti").has_original_text());
  EXPECT_FALSE(must_parse("111Ti").has_original_text());
  EXPECT_FALSE(must_parse("1Pi").has_original_text());  // never on the fast path
  EXPECT_FALSE(must_parse("1Ei").has_original_text());
  EXPECT_EQ(must_parse("1Pi").to_string(), "1Pi");
  EXPECT_FALSE(must_parse("1.5n").has_original_text());  // scale below nano
  EXPECT_FALSE(must_parse("1e-10").has_original_text());
  EXPECT_EQ(must_parse("1e-10").to_string(), "1e-9");
  EXPECT_FALSE(must_parse("1.5Ki").has_original_text());  // fractional binary
  EXPECT_FALSE(must_parse("1e-1").has_original_text());   // scale not a multiple of 3
  EXPECT_FALSE(must_parse("1000").has_original_text());   // ends in 000
  EXPECT_FALSE(must_parse("0.5").has_original_text());    // starts with 0
  EXPECT_TRUE(must_parse("1500").has_original_text());
  EXPECT_TRUE(must_parse("0").has_original_text());
}

// ---------------------------------------------------------------------------
// Value / MilliValue.

struct ValueCase {
  std::string_view input;
  int64_t value;
  int64_t milli;
};

TEST(QuantityValue, RoundsAwayFromZero) {
  const std::vector<ValueCase> table = {
      {".001Ki", 2, 1024},
      {"1.5", 2, 1500},
      {"-100m", -1, -100},
      {"123Mi", 128974848, 128974848000},
      {"1Gi", 1073741824, 1073741824000},
      {"500m", 1, 500},
      {"0.5m", 1, 1},
      {"1n", 1, 1},
      {"-1n", -1, -1},
      // TestNegativeValueRoundsAwayFromZero.
      {"-.484785E-7466", -1, -1},
      {".484785E-7466", 1, 1},
      {"-.484785E-1", -1, -49},
      {".484785E-1", 1, 49},
      {"-0.0005", -1, -1},
      {"0.0005", 1, 1},
      {"-1500m", -2, -1500},
      {"1500m", 2, 1500},
      {"-9.5000000001Gi", -10200547329, -10200547328108},
      {"9.5000000001Gi", 10200547329, 10200547328108},
      {"-1", -1, -1000},
      {"1", 1, 1000},
      {"0", 0, 0},
      // Saturation.
      {"9223372036854775807", kMaxI64, kMaxI64},
      {"-9223372036854775808", kMinI64, kMinI64},
      {"9223372036854775808", kMaxI64, kMaxI64},
      {"-9223372036854775809", kMinI64, kMinI64},
      {"9223372036854775.807", 9223372036854776, kMaxI64},
      {"-9223372036854775.808", -9223372036854776, kMinI64},
      {"-9223372036854775.809", -9223372036854776, kMinI64},
      {"9223372036854775.808", 9223372036854776, kMaxI64},
      {"1e20", kMaxI64, kMaxI64},
      {"-1e20", kMinI64, kMinI64},
      {"1e37", kMaxI64, kMaxI64},
      {"9Ei", kMaxI64, kMaxI64},
      {"-9Ei", -kMaxI64, kMinI64},
  };
  for (const auto& c : table) {
    const Quantity q = must_parse(c.input);
    EXPECT_EQ(q.value(), c.value) << c.input;
    EXPECT_EQ(q.milli_value(), c.milli) << c.input;
  }
}

TEST(QuantityValue, ScaledConstruction) {
  // TestScaledValue / TestNewScaledSet through from_scaled.
  EXPECT_EQ(dec(1, -9).value(), 1);
  EXPECT_EQ(dec(1, -9).milli_value(), 1);
  EXPECT_EQ(dec(1, -6).milli_value(), 1);
  EXPECT_EQ(dec(1, -3).milli_value(), 1);
  EXPECT_EQ(dec(1, 0).milli_value(), 1000);
  EXPECT_EQ(dec(1, 2).value(), 100);
  EXPECT_EQ(dec(1, 2).milli_value(), 100000);
  EXPECT_EQ(dec(1000, -9).to_string(), "1u");
  EXPECT_EQ(dec(1000, -6).to_string(), "1m");
  EXPECT_EQ(dec(1000, -3).to_string(), "1");
  EXPECT_EQ(dec(0, -9).to_string(), "0");
  // Below nano rounds up like parse (upstream would keep 1e-12 exactly).
  EXPECT_EQ(dec(1, -12).to_string(), "1n");
  EXPECT_EQ(dec(-1, -12).to_string(), "-1n");
  EXPECT_EQ(dec(kMaxI64, -2147483647).to_string(), "1n");
  EXPECT_EQ(dec(1500, -12).to_string(), "2n");
  EXPECT_EQ(Quantity::from_scaled(1, 38).error().message, kQuantityErrRange);
  EXPECT_EQ(Quantity::from_scaled(kMaxI64, 20).error().message, kQuantityErrRange);
  EXPECT_EQ(Quantity::from_scaled(1, std::numeric_limits<int32_t>::max()).error().message,
            kQuantityErrRange);
  EXPECT_TRUE(Quantity::from_scaled(0, std::numeric_limits<int32_t>::max()).has_value());
  EXPECT_EQ(dec(kMaxI64, 19).to_string(), "92233720368547758070E");
  EXPECT_EQ(dec(123, 21).to_string(), "123e21");  // DecimalSI past E
}

// ---------------------------------------------------------------------------
// Comparison.

struct CmpCase {
  std::string_view a;
  std::string_view b;
  int expect;
};

TEST(QuantityCmp, Parsed) {
  const std::vector<CmpCase> table = {
      {"0", "0", 0},
      {"100m", "50m", 1},
      {"50m", "100m", -1},
      {"10000T", "100Gi", 1},
      {"1Gi", "1G", 1},
      {"1G", "1Gi", -1},
      {"1024Mi", "1Gi", 0},
      {"1000M", "1G", 0},
      {"1", "+1", 0},
      {"-0", "0", 0},
      {"0Ki", "0", 0},
      {"-1", "1", -1},
      {"-1", "-2", 1},
      {"-1Gi", "-1G", -1},
      {"1n", "0", 1},
      {"-1n", "0", -1},
      {"1e30", "999999999999999999999999999999", 1},
      {"1.000000001", "1", 1},
      {"0.999999999", "1", -1},
      {"1E", "1e18", 0},
      {"9Ei", "9223372036854775807", 0},
      {"1e37", "1n", 1},
      {"-1e37", "-1n", -1},
  };
  for (const auto& c : table) {
    const Quantity a = must_parse(c.a);
    const Quantity b = must_parse(c.b);
    EXPECT_EQ(a.cmp(b), c.expect) << c.a << " vs " << c.b;
    EXPECT_EQ(b.cmp(a), -c.expect) << c.b << " vs " << c.a;
  }
}

struct ScaledCmpCase {
  int64_t av;
  int32_t as;
  int64_t bv;
  int32_t bs;
  int expect;
};

TEST(QuantityCmp, Scaled) {
  // TestQuantityCmpInt64AndDec (rows within nano resolution).
  const std::vector<ScaledCmpCase> table = {
      {901, -2, 901, -2, 0},
      {90, -1, 901, -2, -1},
      {901, -2, 900, -2, 1},
      {0, 0, 0, 0, 0},
      {0, 1, 0, -1, 0},
      {0, -1, 0, 1, 0},
      {800, -3, 1, 0, -1},
      {800, -3, 79, -2, 1},
      {kMaxI64, 0, 1, -1, 1},
      {kMaxI64, 1, 1, 0, 1},
      {kMaxI64, 1, 1, 1, 1},
      {kMaxI64, 1, 0, 1, 1},
      {kMaxI64, -16, 1, 3, -1},
      {kMinI64, 0, 0, 0, -1},
      {kMinI64, -18, -1, 0, -1},
      {1000000000000000000, -17, 1, 1, 0},
      {1000000000000000000, -17, -10, 0, 1},
      {-1000000000000000000, -17, -10, 0, 0},
      {1000000000000000000, -17, 1, 0, 1},
  };
  for (const auto& c : table) {
    const Quantity a = dec(c.av, c.as);
    const Quantity b = dec(c.bv, c.bs);
    EXPECT_EQ(a.cmp(b), c.expect) << c.av << "e" << c.as << " vs " << c.bv << "e" << c.bs;
    EXPECT_EQ(b.cmp(a), -c.expect) << c.bv << "e" << c.bs << " vs " << c.av << "e" << c.as;
  }
}

// ---------------------------------------------------------------------------
// RoundUp to milli (Kubernetes defaulting).

struct RoundCase {
  std::string_view input;
  bool changed;
  std::string_view expect;  // to_string() afterwards
  int64_t milli;            // milli_value() afterwards
};

TEST(QuantityRoundUp, Milli) {
  const std::vector<RoundCase> table = {
      {"1n", true, "1m", 1},
      {"0.0001", true, "1m", 1},
      {"2n", true, "1m", 1},
      {"0.5m", true, "1m", 1},
      {"1.0001", true, "1001m", 1001},
      {"1.500m", true, "2m", 2},  // its text was kept; rounding drops it
      {"1.0000001k", true, "1000001m", 1000001},
      {"-1n", true, "-1m", -1},  // away from zero
      {"-1.0001", true, "-1001m", -1001},
      {".000000001Ki", true, "1m", 1},
      {"0.000000000001Ki", true, "1m", 1},
      {"100.0000001Ki", true, "102400001m", 102400001},
      {"1e-7", true, "1e-3", 1},
      // Nothing below milli: unchanged, text kept.
      {"1", false, "1", 1000},
      {"+1", false, "+1", 1000},
      {"1.", false, "1.", 1000},
      {"100m", false, "100m", 100},
      {"1.5", false, "1500m", 1500},
      {"9.01", false, "9010m", 9010},
      {"1Ki", false, "1Ki", 1024000},
      {"1.5Gi", false, "1536Mi", 1610612736000},
      {"1e-3", false, "1e-3", 1},
      {"1000000n", false, "1m", 1},
      {"0", false, "0", 0},
      {"0.0", false, "0", 0},
      {"12E", false, "12E", kMaxI64},
  };
  for (const auto& c : table) {
    Quantity q = must_parse(c.input);
    const bool had_text = q.has_original_text();
    EXPECT_EQ(q.round_up_milli(), c.changed) << c.input;
    EXPECT_EQ(q.to_string(), c.expect) << c.input;
    EXPECT_EQ(q.milli_value(), c.milli) << c.input;
    EXPECT_EQ(q.has_original_text(), had_text && !c.changed) << c.input;
    EXPECT_FALSE(q.round_up_milli()) << c.input << ": second round";
  }
}

TEST(QuantityRoundUp, UpstreamTableAtMilli) {
  // TestQuantityRoundUp's rows for scale -3 (and the value check of the
  // coarser rows through value()).
  Quantity q = must_parse("9.01");
  EXPECT_FALSE(q.round_up_milli());
  EXPECT_EQ(q.cmp(dec(901, -2)), 0);
  q = must_parse("-9.01");
  EXPECT_FALSE(q.round_up_milli());
  EXPECT_EQ(q.cmp(dec(-901, -2)), 0);
  EXPECT_EQ(must_parse("9.01").value(), 10);
  EXPECT_EQ(must_parse("-9.01").value(), -10);
}

// ---------------------------------------------------------------------------
// Add.

TEST(QuantityAdd, ZeroPreservesSuffix) {
  // TestQuantityAddZeroPreservesSuffix.
  for (std::string_view text : {"100m", "1Gi"}) {
    Quantity v1 = must_parse(text);
    v1.add(must_parse("0"));
    EXPECT_EQ(v1.to_string(), text);
    Quantity v2 = must_parse("0");
    v2.add(must_parse(text));
    EXPECT_EQ(v2.to_string(), text);
  }
}

struct AddCase {
  std::string_view a;
  std::string_view b;
  std::string_view expect;
};

TEST(QuantityAdd, Sums) {
  const std::vector<AddCase> table = {
      {"1", "500m", "1500m"},
      {"500m", "500m", "1"},
      {"1Gi", "512Mi", "1536Mi"},
      {"1G", "1Gi", "2073741824"},  // first operand's format
      {"1Gi", "1G", "2073741824"},  // binary, but not a multiple of 1024
      {"0", "1Gi", "1Gi"},          // zero takes the other's format
      {"0Ki", "1G", "1G"},
      {"1", "-1", "0"},
      {"-1", "-1", "-2"},
      {"1", "-2", "-1"},
      {"-2", "1", "-1"},
      {"1Mi", "-1Ki", "1023Ki"},
      {"+1", "0", "1"},  // text dropped
      {"1n", "1", "1000000001n"},
      {"1e3", "1", "1001"},
      {"1e3", "1k", "2e3"},
      {"1e30", "1e30", "2e30"},
      {"1e37", "-1", "9999999999999999999999999999999999999"},
      {"9Ei", "9Ei", "18446744073709551614"},
  };
  for (const auto& c : table) {
    Quantity q = must_parse(c.a);
    EXPECT_TRUE(q.try_add(must_parse(c.b))) << c.a << " + " << c.b;
    EXPECT_EQ(q.to_string(), c.expect) << c.a << " + " << c.b;
    EXPECT_FALSE(q.has_original_text());
    Quantity r = must_parse(c.a);
    r.add(must_parse(c.b));
    EXPECT_EQ(r.to_string(), c.expect) << c.a << " + " << c.b;
  }
}

TEST(QuantityAdd, ExactCancellationNeedsWideArithmetic) {
  // Aligning these needs 39 digits; the result is exact.
  Quantity q = must_parse("1e37");
  EXPECT_TRUE(q.try_add(must_parse("-9999999999999999999999999999999999999.9")));
  EXPECT_EQ(q.to_string(), "100e-3");  // the first operand's format
  Quantity d = must_parse("1" + std::string(37, '0'));
  EXPECT_TRUE(d.try_add(must_parse("-9999999999999999999999999999999999999.9")));
  EXPECT_EQ(d.to_string(), "100m");
  Quantity n = must_parse("-1e28");
  EXPECT_TRUE(n.try_add(must_parse("9999999999999999999999999999.999999999")));
  EXPECT_EQ(n.to_string(), "-1e-9");
  Quantity e = must_parse("12E");
  EXPECT_TRUE(e.try_add(must_parse("1n")));
  EXPECT_EQ(e.to_string(), "12" + std::string(26, '0') + "1n");
}

TEST(QuantityAdd, OutOfRange) {
  // 10^30 + 1n needs 40 digits: rounded away from zero to 38.
  Quantity q = must_parse("1e30");
  EXPECT_FALSE(q.try_add(must_parse("1n")));
  EXPECT_EQ(q.to_string(), "1e30");  // unchanged, text kept
  q.add(must_parse("1n"));
  EXPECT_EQ(q.cmp(must_parse("1e30")), 1);
  EXPECT_EQ(q.cmp(must_parse("1000000000000000000000000000000.0000001")), 0);
  Quantity neg = must_parse("-1e30");
  neg.add(must_parse("-1n"));
  EXPECT_EQ(neg.cmp(must_parse("-1000000000000000000000000000000.0000001")), 0);
  // Magnitude overflow clamps below 10^38.
  const std::string nines(38, '9');
  Quantity big = must_parse(nines);
  EXPECT_FALSE(big.try_add(must_parse(nines)));
  big.add(must_parse(nines));
  EXPECT_EQ(big.to_string(), nines);
  Quantity small = must_parse("-" + nines);
  small.add(must_parse("-1"));
  EXPECT_EQ(small.to_string(), "-" + nines);
}

TEST(QuantityAdd, SelfAndAccumulate) {
  Quantity q = must_parse("250m");
  q.add(q);
  EXPECT_EQ(q.to_string(), "500m");
  Quantity total;
  for (int i = 0; i < 1000; ++i) total.add(must_parse("1m"));
  EXPECT_EQ(total.to_string(), "1");
  EXPECT_EQ(total.cmp(must_parse("1")), 0);
}

// ---------------------------------------------------------------------------
// Construction.

struct NewCase {
  int64_t value;
  Format format;
  std::string_view expect;
};

TEST(QuantityNew, FromInt) {
  // TestNewSet (the invalid format, which upstream prints as
  // DecimalExponent, is our kDecimalExponent).
  const std::vector<NewCase> table = {
      {1, kDec, "1"},
      {1000, kDec, "1k"},
      {1234000, kDec, "1234k"},
      {1024, kBin, "1Ki"},
      {1000000, kExp, "1e6"},
      {1024 * 1024, kBin, "1Mi"},
      {0, kBin, "0"},
      {-1000, kDec, "-1k"},
      {kMaxI64, kDec, "9223372036854775807"},
      {kMinI64, kDec, "-9223372036854775808"},
  };
  for (const auto& c : table) {
    const Quantity q = Quantity::from_int(c.value, c.format);
    EXPECT_EQ(q.to_string(), c.expect) << c.value;
    EXPECT_EQ(q.value(), c.value);
    EXPECT_EQ(format_name(q.format()), std::string(format_name(c.format)));
    EXPECT_EQ(must_parse(q.to_string()).value(), c.value) << c.expect;
  }
}

TEST(QuantityNew, FromIntMostNegativeBinary) {
  const Quantity q = Quantity::from_int(kMinI64, kBin);
  EXPECT_EQ(q.to_string(), "-8Ei");
  EXPECT_EQ(q.value(), kMinI64);
  EXPECT_EQ(must_parse("-8Ei").value(), -kMaxI64);  // parse clamps binary magnitudes
}

TEST(QuantityNew, FromMilli) {
  // TestMilliNewSet.
  const std::vector<NewCase> table = {
      {1, kDec, "1m"},
      {1000, kDec, "1"},
      {1234000, kDec, "1234"},
      {1024, kBin, "1024m"},  // fractional binary prints as DecimalSI
      {1000000, kExp, "1e3"},
      {1024 * 1024, kBin, "1048576m"},
      {1024 * 1000, kBin, "1Ki"},
      {-1500, kDec, "-1500m"},
      {0, kDec, "0"},
      {kMinI64, kDec, "-9223372036854775808m"},
  };
  for (const auto& c : table) {
    const Quantity q = Quantity::from_milli(c.value, c.format);
    EXPECT_EQ(q.to_string(), c.expect) << c.value;
    EXPECT_EQ(q.milli_value(), c.value);
    EXPECT_EQ(must_parse(q.to_string()).milli_value(), c.value) << c.expect;
  }
}

TEST(QuantityNew, Default) {
  const Quantity q;
  EXPECT_TRUE(q.is_zero());
  EXPECT_EQ(q.sign(), 0);
  EXPECT_EQ(q.to_string(), "0");
  EXPECT_EQ(q.value(), 0);
  EXPECT_EQ(q.milli_value(), 0);
  EXPECT_TRUE(q.is_integer());
  EXPECT_EQ(format_name(q.format()), std::string("DecimalSI"));
  EXPECT_FALSE(q.has_original_text());
  EXPECT_TRUE(q == Quantity::from_int(0));
}

// ---------------------------------------------------------------------------
// Predicates and equality.

TEST(QuantityPredicates, IsIntegerAndSign) {
  const std::vector<std::pair<std::string_view, bool>> table = {
      {"0", true},          {"1", true},     {"2000m", true},  {"1Ki", true},  {"1e3", true},
      {"1.5", false},       {"500m", false}, {"1500m", false}, {"1n", false},  {"-1.5", false},
      {"100.035Ki", false}, {"1.5Gi", true}, {"1E", true},     {".5Ki", true}, {"-3", true},
  };
  for (const auto& [text, integer] : table) {
    EXPECT_EQ(must_parse(text).is_integer(), integer) << text;
  }
  EXPECT_EQ(must_parse("5m").sign(), 1);
  EXPECT_EQ(must_parse("-5m").sign(), -1);
  EXPECT_EQ(must_parse("-0").sign(), 0);
  EXPECT_TRUE(must_parse("0Gi").is_zero());
  EXPECT_FALSE(must_parse("1n").is_zero());
}

TEST(QuantityEquality, ValueAndText) {
  EXPECT_TRUE(must_parse("1") == must_parse("1"));
  EXPECT_TRUE(must_parse("1000m") == must_parse("1"));     // "1000m" prints "1"
  EXPECT_TRUE(must_parse("1024Mi") == must_parse("1Gi"));  // "1024Mi" prints "1Gi"
  EXPECT_TRUE(must_parse("1Gi") == Quantity::from_int(1 << 30, kBin));
  EXPECT_FALSE(must_parse("1") == must_parse("+1"));  // same value, different text
  EXPECT_FALSE(must_parse("1Gi") == must_parse("1073741824"));
  EXPECT_FALSE(must_parse("1") == must_parse("2"));
  EXPECT_FALSE(must_parse("1e3") == must_parse("1k"));
  EXPECT_TRUE(must_parse("1e3") != must_parse("1k"));
}

TEST(QuantityEquality, BinaryIntegerWithoutSuffixReparsesAsDecimal) {
  // A BinarySI integer that is not a multiple of 1024 prints without a
  // suffix; read back it is DecimalSI and prints with one. Upstream behaves
  // the same; the value round-trips, the text does not.
  const Quantity q = must_parse("2.9296875Ki");
  EXPECT_EQ(q.to_string(), "3000");
  const Quantity back = must_parse(q.to_string());
  EXPECT_EQ(back.to_string(), "3k");
  EXPECT_EQ(back.cmp(q), 0);
  EXPECT_FALSE(back == q);
}

// ---------------------------------------------------------------------------
// Robustness: random inputs never crash, and what parses round-trips.

// The one case where re-parsing the printed form changes the printed form:
// see BinaryIntegerWithoutSuffixReparsesAsDecimal.
bool text_may_change(const Quantity& q, std::string_view printed) {
  return q.format() == kBin && printed.size() > 3 && printed.ends_with("000");
}

TEST(QuantityFuzz, RandomInputsRoundTrip) {
  std::mt19937 rng(12345);
  constexpr std::string_view kAlphabet = "0123456789.+-eEinumkKMGTP 0123456789";
  std::uniform_int_distribution<size_t> length(0, 24);
  std::uniform_int_distribution<size_t> pick(0, kAlphabet.size() - 1);
  int parsed = 0;
  for (int i = 0; i < 200000; ++i) {
    std::string text;
    const size_t n = length(rng);
    for (size_t j = 0; j < n; ++j) text += kAlphabet[pick(rng)];
    auto q = Quantity::parse(text);
    if (!q) {
      EXPECT_EQ(q.error().code, ErrorCode::kInvalid);
      continue;
    }
    ++parsed;
    const std::string printed = q->to_string();
    ASSERT_FALSE(printed.empty()) << text;
    auto back = Quantity::parse(printed);
    ASSERT_TRUE(back.has_value()) << text << " -> " << printed;
    EXPECT_EQ(back->cmp(*q), 0) << text << " -> " << printed;
    EXPECT_TRUE(*back == *q || text_may_change(*q, printed))
        << text << " -> " << printed << " -> " << back->to_string();
    // The canonical form is a fixed point too.
    Quantity canonical = *q;
    canonical.add(Quantity());
    auto again = Quantity::parse(canonical.to_string());
    ASSERT_TRUE(again.has_value()) << canonical.to_string();
    EXPECT_TRUE(again->to_string() == canonical.to_string() ||
                text_may_change(canonical, canonical.to_string()))
        << text << " -> " << canonical.to_string() << " -> " << again->to_string();
    EXPECT_EQ(again->cmp(*q), 0) << text;
    // round_up_milli never lowers the magnitude.
    Quantity rounded = *q;
    rounded.round_up_milli();
    EXPECT_GE(rounded.cmp(*q) * q->sign(), 0) << text;
    (void)q->value();
    (void)q->milli_value();
  }
  EXPECT_GT(parsed, 1000);
}

TEST(QuantityFuzz, StructuredInputsRoundTrip) {
  std::mt19937 rng(678);
  const std::vector<std::string> suffixes = {"",   "n",   "u",   "m",    "k",   "M",   "G",  "T",
                                             "P",  "E",   "Ki",  "Mi",   "Gi",  "Ti",  "Pi", "Ei",
                                             "e3", "e-9", "E+6", "e-12", "e20", "e-1", "e0", "E35"};
  std::uniform_int_distribution<int> digits(0, 20);
  std::uniform_int_distribution<int> digit(0, 9);
  std::uniform_int_distribution<size_t> pick(0, suffixes.size() - 1);
  for (int i = 0; i < 50000; ++i) {
    std::string text;
    if (i % 3 == 0) text += "-";
    for (int j = digits(rng); j > 0; --j) text += static_cast<char>('0' + digit(rng));
    if (i % 2 == 0) {
      text += ".";
      for (int j = digits(rng); j > 0; --j) text += static_cast<char>('0' + digit(rng));
    }
    text += suffixes[pick(rng)];
    auto q = Quantity::parse(text);
    if (!q) continue;
    auto back = Quantity::parse(q->to_string());
    ASSERT_TRUE(back.has_value()) << text << " -> " << q->to_string();
    EXPECT_EQ(back->cmp(*q), 0) << text;
    EXPECT_TRUE(*back == *q || text_may_change(*q, q->to_string()))
        << text << " -> " << q->to_string() << " -> " << back->to_string();
    Quantity sum = *q;
    sum.add(*back);
    Quantity twice = *q;
    twice.add(*q);
    EXPECT_EQ(sum.cmp(twice), 0) << text;
  }
}

}  // namespace
}  // namespace podcore::manifest
