#include "manifest/quantity.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <limits>
#include <optional>
#include <utility>

namespace podcore::manifest {
namespace {

using U128 = unsigned __int128;
using Format = Quantity::Format;

constexpr std::string_view kStage = "manifest.quantity";
constexpr int64_t kNanoScale = -9;
constexpr int kMaxDigits = Quantity::kMaxDigits;
constexpr uint64_t kMaxInt64 = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());

// 10^0 .. 10^38; 10^38 is the exclusive bound on mantissas (10^39 would not
// fit in 128 bits).
constexpr std::array<U128, kMaxDigits + 1> kPow10 = [] {
  std::array<U128, kMaxDigits + 1> p{};
  p[0] = 1;
  for (size_t i = 1; i < p.size(); ++i) p[i] = p[i - 1] * 10;
  return p;
}();

// Indexed by (exponent + 9) / 3 for exponents -9, -6, ..., 18.
constexpr std::array<std::string_view, 10> kDecimalSuffixes = {"n", "u", "m", "",  "k",
                                                               "M", "G", "T", "P", "E"};
// Indexed by the power of 1024.
constexpr std::array<std::string_view, 7> kBinarySuffixes = {"",   "Ki", "Mi", "Gi",
                                                             "Ti", "Pi", "Ei"};

std::unexpected<Error> invalid(std::string_view message) {
  return fail(ErrorCode::kInvalid, std::string(kStage), std::string(message));
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// The characters upstream's scanner accepts as suffix letters.
bool is_suffix_letter(char c) {
  switch (c) {
    case 'e':
    case 'E':
    case 'i':
    case 'n':
    case 'u':
    case 'm':
    case 'k':
    case 'K':
    case 'M':
    case 'G':
    case 'T':
    case 'P': return true;
    default: return false;
  }
}

// Number of decimal digits of v > 0 (39 for values >= 10^38).
int digit_count(U128 v) {
  int n = v > std::numeric_limits<uint64_t>::max() ? 20 : 1;
  while (n <= kMaxDigits && v >= kPow10[n]) ++n;
  return n;
}

// Moves trailing zeros of m into the scale s; zero gets scale 0.
void strip_zeros(U128& m, int64_t& s) {
  if (m == 0) {
    s = 0;
    return;
  }
  // 128-bit division is a library call, so strip in big steps while the
  // value is wide and finish with hardware 64-bit division.
  while (m > std::numeric_limits<uint64_t>::max() && m % kPow10[8] == 0) {
    m /= kPow10[8];
    s += 8;
  }
  while (m > std::numeric_limits<uint64_t>::max() && m % 10 == 0) {
    m /= 10;
    ++s;
  }
  if (m <= std::numeric_limits<uint64_t>::max()) {
    auto v = static_cast<uint64_t>(m);
    while (v % 10 == 0) {
      v /= 10;
      ++s;
    }
    m = v;
  }
}

int count_trailing_zero_bits(U128 v) {
  const auto lo = static_cast<uint64_t>(v);
  if (lo != 0) return __builtin_ctzll(lo);
  return 64 + __builtin_ctzll(static_cast<uint64_t>(v >> 64));
}

// Writes v (< 10^38) in decimal at p and returns the end.
char* write_digits(char* p, U128 v) {
  constexpr uint64_t k1e19 = 10'000'000'000'000'000'000ULL;
  if (v <= std::numeric_limits<uint64_t>::max()) {
    return std::to_chars(p, p + 20, static_cast<uint64_t>(v)).ptr;
  }
  // v < 10^38 so the high part fits in 64 bits; the low part is zero-padded.
  p = std::to_chars(p, p + 20, static_cast<uint64_t>(v / k1e19)).ptr;
  auto lo = static_cast<uint64_t>(v % k1e19);
  for (int i = 18; i >= 0; --i) {
    p[i] = static_cast<char>('0' + lo % 10);
    lo /= 10;
  }
  return p + 19;
}

char* write_text(char* p, std::string_view s) {
  for (char c : s) *p++ = c;
  return p;
}

// Largest multiple of 3 that is <= s.
int64_t floor_to_multiple_of_3(int64_t s) {
  return s >= 0 ? s - s % 3 : -((-s + 2) / 3) * 3;
}

struct SuffixInfo {
  Format format;
  int64_t exponent;  // power of 10 (decimal formats) or of 2 (BinarySI)
};

// quantitySuffixer.interpret. Exponents past +-MaxInt32 are rejected, as
// current upstream does, rather than truncated to int32.
std::optional<SuffixInfo> interpret_suffix(std::string_view s) {
  switch (s.size()) {
    case 0: return SuffixInfo{Format::kDecimalSI, 0};
    case 1:
      switch (s[0]) {
        case 'n': return SuffixInfo{Format::kDecimalSI, -9};
        case 'u': return SuffixInfo{Format::kDecimalSI, -6};
        case 'm': return SuffixInfo{Format::kDecimalSI, -3};
        case 'k': return SuffixInfo{Format::kDecimalSI, 3};
        case 'M': return SuffixInfo{Format::kDecimalSI, 6};
        case 'G': return SuffixInfo{Format::kDecimalSI, 9};
        case 'T': return SuffixInfo{Format::kDecimalSI, 12};
        case 'P': return SuffixInfo{Format::kDecimalSI, 15};
        case 'E': return SuffixInfo{Format::kDecimalSI, 18};
        default: return std::nullopt;
      }
    case 2:
      if (s[1] == 'i') {
        switch (s[0]) {
          case 'K': return SuffixInfo{Format::kBinarySI, 10};
          case 'M': return SuffixInfo{Format::kBinarySI, 20};
          case 'G': return SuffixInfo{Format::kBinarySI, 30};
          case 'T': return SuffixInfo{Format::kBinarySI, 40};
          case 'P': return SuffixInfo{Format::kBinarySI, 50};
          case 'E': return SuffixInfo{Format::kBinarySI, 60};
          default: break;
        }
      }
      break;
    default: break;
  }
  if (s[0] != 'e' && s[0] != 'E') return std::nullopt;
  // strconv.ParseInt(s[1:], 10, 64): optional sign, then one or more digits.
  std::string_view digits = s.substr(1);
  bool negative = false;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
    negative = digits[0] == '-';
    digits.remove_prefix(1);
  }
  if (digits.empty()) return std::nullopt;
  constexpr int64_t kMaxExponent = std::numeric_limits<int32_t>::max();
  int64_t value = 0;
  for (char c : digits) {
    if (!is_digit(c)) return std::nullopt;
    value = value * 10 + (c - '0');
    if (value > kMaxExponent) return std::nullopt;
  }
  return SuffixInfo{Format::kDecimalExponent, negative ? -value : value};
}

// A non-negative integer count of nano units below 2 * 10^47, as three
// base-10^19 limbs (little-endian). Only add() needs it: aligning two
// 38-digit values can need 47 digits, and cancellation must stay exact.
struct Wide {
  static constexpr uint64_t kBase = 10'000'000'000'000'000'000ULL;  // 10^19
  std::array<uint64_t, 3> limb{};

  static Wide from(U128 m, int64_t s) {
    Wide w;
    w.limb[0] = static_cast<uint64_t>(m % kBase);
    m /= kBase;
    w.limb[1] = static_cast<uint64_t>(m % kBase);
    w.limb[2] = static_cast<uint64_t>(m / kBase);
    for (int64_t k = s - kNanoScale; k > 0;) {
      const int64_t step = std::min<int64_t>(k, 18);
      w.multiply(static_cast<uint64_t>(kPow10[step]));
      k -= step;
    }
    return w;
  }
  void multiply(uint64_t f) {
    U128 carry = 0;
    for (auto& l : limb) {
      const U128 t = static_cast<U128>(l) * f + carry;
      l = static_cast<uint64_t>(t % kBase);
      carry = t / kBase;
    }
  }
  // Divides by 10 and returns the remainder.
  uint64_t divide_by_10() {
    U128 rem = 0;
    for (size_t i = limb.size(); i-- > 0;) {
      const U128 cur = rem * kBase + limb[i];
      limb[i] = static_cast<uint64_t>(cur / 10);
      rem = cur % 10;
    }
    return static_cast<uint64_t>(rem);
  }
  void add(const Wide& o) {
    uint64_t carry = 0;
    for (size_t i = 0; i < limb.size(); ++i) {
      const uint64_t t = limb[i] + o.limb[i] + carry;  // < 2 * 10^19 + 1, no wrap
      carry = t >= kBase ? 1 : 0;
      limb[i] = t - carry * kBase;
    }
  }
  // Requires *this >= o.
  void subtract(const Wide& o) {
    uint64_t borrow = 0;
    for (size_t i = 0; i < limb.size(); ++i) {
      const uint64_t need = o.limb[i] + borrow;
      if (limb[i] >= need) {
        limb[i] -= need;
        borrow = 0;
      } else {
        limb[i] = limb[i] + kBase - need;
        borrow = 1;
      }
    }
  }
  [[nodiscard]] int compare(const Wide& o) const {
    for (size_t i = limb.size(); i-- > 0;) {
      if (limb[i] != o.limb[i]) return limb[i] < o.limb[i] ? -1 : 1;
    }
    return 0;
  }
};

// |a| vs |b| for non-zero normalised values.
int compare_magnitude(U128 ma, int64_t sa, U128 mb, int64_t sb) {
  const int64_t ea = digit_count(ma) + sa;
  const int64_t eb = digit_count(mb) + sb;
  if (ea != eb) return ea < eb ? -1 : 1;
  // Same leading position: the aligned mantissa has as many digits as the
  // other one, so it fits.
  if (sa > sb) ma *= kPow10[sa - sb];
  if (sb > sa) mb *= kPow10[sb - sa];
  if (ma == mb) return 0;
  return ma < mb ? -1 : 1;
}

}  // namespace

Result<Quantity> Quantity::parse(std::string_view text) {
  if (text.empty()) return invalid(kQuantityErrFormatWrong);
  if (text == "0") {
    Quantity q;
    q.text_ = "0";
    return q;
  }

  // Scanner: the same accept/reject decisions as upstream's
  // parseQuantityString, recording where each part lies.
  const size_t end = text.size();
  size_t pos = 0;
  bool negative = false;
  if (text[0] == '-' || text[0] == '+') {
    negative = text[0] == '-';
    pos = 1;
  }
  const size_t zeros_begin = pos;
  while (pos < end && text[pos] == '0') ++pos;
  const bool saw_leading_zero = pos > zeros_begin;
  const size_t int_begin = pos;  // integer digits after the leading zeros
  while (pos < end && is_digit(text[pos])) ++pos;
  const size_t int_end = pos;
  size_t frac_begin = pos;
  size_t frac_end = pos;
  if (pos < end && text[pos] == '.') {
    frac_begin = ++pos;
    while (pos < end && is_digit(text[pos])) ++pos;
    frac_end = pos;
  }
  const size_t suffix_begin = pos;
  while (pos < end && is_suffix_letter(text[pos])) ++pos;
  if (pos < end && (text[pos] == '+' || text[pos] == '-')) ++pos;
  while (pos < end && is_digit(text[pos])) ++pos;
  if (pos != end) return invalid(kQuantityErrFormatWrong);

  const std::optional<SuffixInfo> suffix = interpret_suffix(text.substr(suffix_begin));
  if (!suffix) return invalid(kQuantityErrSuffix);
  const bool binary = suffix->format == Format::kBinarySI;
  const int64_t exponent = suffix->exponent;

  // Upstream's int64 fast path decides two visible things: whether the text
  // is kept as the printed form, and whether a number without digits ("."
  // or "Ki", which it reads as 0) is accepted. `num` is upstream's integer
  // part, "0" when the leading-zero strip left nothing.
  const auto int_len = static_cast<int64_t>(int_end - int_begin);
  const auto den_len = static_cast<int64_t>(frac_end - frac_begin);
  const int64_t num_len = std::max<int64_t>(int_len, 1);
  bool fast = false;
  bool keep_text = false;
  if (!binary) {
    constexpr int64_t kMaxInt64Factors = 18;
    const int64_t scale = exponent - den_len;
    fast = kMaxInt64Factors - (num_len + den_len) >= 0 && scale >= kNanoScale;
    if (fast && scale % 3 == 0 && int_len > 0) {
      // shifted = num + denom; it must not end in "000" (its first digit is
      // the non-zero int_begin digit).
      auto shifted_from_end = [&](int64_t r) {
        return r < den_len ? text[frac_end - 1 - static_cast<size_t>(r)]
                           : text[int_end - 1 - static_cast<size_t>(r - den_len)];
      };
      const bool ends_000 = int_len + den_len >= 3 && shifted_from_end(0) == '0' &&
                            shifted_from_end(1) == '0' && shifted_from_end(2) == '0';
      keep_text = !ends_000;
    }
  } else if (den_len == 0) {
    // Upstream's digit estimate for mantissa << exponent (exponent*3/10 is
    // exact for 10..60).
    fast = 14 - num_len - exponent * 3 / 10 >= 0;
    if (fast) {
      uint64_t value = 0;  // at most 11 digits here
      for (size_t i = int_begin; i < int_end; ++i) value = value * 10 + (text[i] - '0');
      keep_text = (value & 7) != 0;
    }
  }
  const bool has_digits = saw_leading_zero || int_len > 0 || den_len > 0;
  if (!fast && !has_digits) return invalid(kQuantityErrNumeric);

  // Exact value: stream the digits of (integer.fraction digits) × multiplier
  // from least significant upwards. Digits below nano only matter as "some
  // non-zero remainder" (rounding up); the kept digits accumulate relative
  // to the lowest non-zero one, so trailing zeros cost no precision.
  const int64_t base_scale = (binary ? 0 : exponent) - den_len;
  const uint64_t multiplier = binary ? (uint64_t{1} << exponent) : 1;
  U128 m = 0;
  int64_t low_scale = 0;
  bool have_low = false;
  bool sticky = false;
  bool overflow = false;
  int64_t position = base_scale;  // scale of the next digit produced
  auto emit = [&](uint64_t digit) {
    if (digit != 0) {
      if (position < kNanoScale) {
        sticky = true;
      } else {
        if (!have_low) {
          have_low = true;
          low_scale = position;
        }
        const int64_t index = position - low_scale;
        if (index >= kMaxDigits) {
          overflow = true;
        } else {
          m += digit * kPow10[index];
        }
      }
    }
    ++position;
  };
  if (multiplier == 1) {
    for (size_t i = frac_end; i > frac_begin; --i) emit(static_cast<uint64_t>(text[i - 1] - '0'));
    for (size_t i = int_end; i > int_begin; --i) emit(static_cast<uint64_t>(text[i - 1] - '0'));
  } else {
    // 9 * 2^60 + carry (< 2^60) stays below 2^64.
    uint64_t carry = 0;
    auto feed = [&](char c) {
      const uint64_t t = static_cast<uint64_t>(c - '0') * multiplier + carry;
      emit(t % 10);
      carry = t / 10;
    };
    for (size_t i = frac_end; i > frac_begin; --i) feed(text[i - 1]);
    for (size_t i = int_end; i > int_begin; --i) feed(text[i - 1]);
    while (carry != 0) {
      emit(carry % 10);
      carry /= 10;
    }
  }

  int64_t s = have_low ? low_scale : 0;
  bool out_of_range = overflow;
  if (!out_of_range && sticky) {
    // Round up (away from zero) to the next nano unit.
    if (m == 0) {
      m = 1;
      s = kNanoScale;
    } else if (digit_count(m) + (s - kNanoScale) > kMaxDigits) {
      out_of_range = true;
    } else {
      m = m * kPow10[s - kNanoScale] + 1;
      s = kNanoScale;
    }
  }
  if (!out_of_range && m != 0) {
    strip_zeros(m, s);
    out_of_range = digit_count(m) + s > kMaxDigits;
  }

  Format format = suffix->format;
  if (binary) {
    // Out of range here means at least 10^29, far above the binary cap.
    bool above_cap = out_of_range;
    if (!above_cap && m != 0) {
      if (s >= 0) {
        above_cap = digit_count(m) + s > 19 || m * kPow10[s] > kMaxInt64;
      } else {
        above_cap = m > static_cast<U128>(kMaxInt64) * kPow10[-s];
      }
    }
    if (above_cap) {
      m = kMaxInt64;
      s = 0;
    } else if (m != 0 && digit_count(m) + s <= 0) {
      format = Format::kDecimalSI;  // 0 < |value| < 1
    }
  } else if (out_of_range) {
    return invalid(kQuantityErrRange);
  }

  Quantity q(negative && m != 0, m, static_cast<int32_t>(s), format);
  if (keep_text) q.text_.assign(text);
  return q;
}

Quantity Quantity::from_int(int64_t value, Format f) {
  const bool negative = value < 0;
  // Two's-complement negation in unsigned arithmetic also covers INT64_MIN.
  U128 m = negative ? ~static_cast<uint64_t>(value) + 1 : static_cast<uint64_t>(value);
  int64_t s = 0;
  strip_zeros(m, s);
  return {negative, m, static_cast<int32_t>(s), f};
}

Quantity Quantity::from_milli(int64_t milli, Format f) {
  const bool negative = milli < 0;
  U128 m = negative ? ~static_cast<uint64_t>(milli) + 1 : static_cast<uint64_t>(milli);
  int64_t s = -3;
  strip_zeros(m, s);
  return {negative, m, static_cast<int32_t>(s), f};
}

Result<Quantity> Quantity::from_scaled(int64_t value, int32_t scale, Format f) {
  const bool negative = value < 0;
  U128 m = negative ? ~static_cast<uint64_t>(value) + 1 : static_cast<uint64_t>(value);
  if (m == 0) return Quantity(false, 0, 0, f);
  int64_t s = scale;
  if (s < kNanoScale) {
    const int64_t shift = kNanoScale - s;
    // m < 2^64 < 10^20, so a larger shift leaves only the rounding unit.
    m = shift >= 20 ? 1 : m / kPow10[shift] + (m % kPow10[shift] != 0 ? 1 : 0);
    s = kNanoScale;
  }
  if (digit_count(m) + s > kMaxDigits) return invalid(kQuantityErrRange);
  strip_zeros(m, s);
  return Quantity(negative, m, static_cast<int32_t>(s), f);
}

std::string Quantity::to_string() const {
  if (!text_.empty()) return text_;
  return canonical();
}

// CanonicalizeBytes. Where upstream has no suffix for the exponent (DecimalSI
// beyond "E" or below "n", BinarySI beyond "Ei"), current upstream prints
// the DecimalExponent form instead of dropping the suffix, and so do we.
std::string Quantity::canonical() const {
  if (mantissa_ == 0) return "0";
  char buf[96];
  char* p = buf;
  if (negative_) *p++ = '-';
  Format f = format_;
  if (f == Format::kBinarySI) {
    // Values below 1024 in magnitude or with a fraction print as DecimalSI
    // so that nothing is rounded.
    if (scale_ < 0 || (digit_count(mantissa_) + scale_ <= 4 && mantissa_ * kPow10[scale_] < 1024)) {
      f = Format::kDecimalSI;
    } else {
      U128 n = mantissa_ * kPow10[scale_];  // < 10^38 by the range invariant
      const int power = count_trailing_zero_bits(n) / 10;
      if (power < static_cast<int>(kBinarySuffixes.size())) {
        n >>= 10 * power;
        p = write_digits(p, n);
        p = write_text(p, kBinarySuffixes[static_cast<size_t>(power)]);
        return {buf, p};
      }
      f = Format::kDecimalExponent;
    }
  }
  const int64_t exponent = floor_to_multiple_of_3(scale_);
  p = write_digits(p, mantissa_);
  for (int64_t i = exponent; i < scale_; ++i) *p++ = '0';
  if (f == Format::kDecimalSI && exponent >= -9 && exponent <= 18) {
    p = write_text(p, kDecimalSuffixes[static_cast<size_t>((exponent + 9) / 3)]);
  } else if (exponent != 0) {
    *p++ = 'e';
    p = std::to_chars(p, buf + sizeof(buf), exponent).ptr;
  }
  return {buf, p};
}

int64_t Quantity::scaled_value(int32_t target_scale) const {
  if (mantissa_ == 0) return 0;
  const int64_t shift = int64_t{scale_} - target_scale;
  const int64_t saturated =
      negative_ ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max();
  U128 r = 0;
  if (shift >= 0) {
    if (digit_count(mantissa_) + shift > 19) return saturated;
    r = mantissa_ * kPow10[shift];
  } else if (-shift > kMaxDigits) {
    r = 1;  // the mantissa is below the divisor: only the rounding unit remains
  } else {
    const U128 d = kPow10[-shift];
    r = mantissa_ / d + (mantissa_ % d != 0 ? 1 : 0);
  }
  const U128 limit = negative_ ? U128{kMaxInt64} + 1 : U128{kMaxInt64};
  if (r > limit) return saturated;
  const auto magnitude = static_cast<uint64_t>(r);
  return negative_ ? static_cast<int64_t>(~magnitude + 1) : static_cast<int64_t>(magnitude);
}

int64_t Quantity::value() const {
  return scaled_value(0);
}

int64_t Quantity::milli_value() const {
  return scaled_value(-3);
}

int Quantity::sign() const {
  if (mantissa_ == 0) return 0;
  return negative_ ? -1 : 1;
}

int Quantity::cmp(const Quantity& other) const {
  const int a = sign();
  const int b = other.sign();
  if (a != b) return a < b ? -1 : 1;
  if (a == 0) return 0;
  const int magnitude = compare_magnitude(mantissa_, scale_, other.mantissa_, other.scale_);
  return negative_ ? -magnitude : magnitude;
}

bool Quantity::round_up_milli() {
  // Normalised, so a scale below -3 means a non-zero sub-milli digit.
  if (mantissa_ == 0 || scale_ >= -3) return false;
  const U128 d = kPow10[-3 - scale_];
  mantissa_ = mantissa_ / d + (mantissa_ % d != 0 ? 1 : 0);
  int64_t s = -3;
  strip_zeros(mantissa_, s);
  scale_ = static_cast<int32_t>(s);
  text_.clear();
  return true;
}

bool Quantity::sum(const Quantity& other, Quantity* out) const {
  const Format f = mantissa_ == 0 ? other.format_ : format_;
  if (other.mantissa_ == 0) {
    *out = Quantity(negative_, mantissa_, scale_, f);
    return true;
  }
  if (mantissa_ == 0) {
    *out = Quantity(other.negative_, other.mantissa_, other.scale_, f);
    return true;
  }

  // Common case: both values align within 38 digits.
  const int64_t s = std::min(scale_, other.scale_);
  const int64_t da = scale_ - s;
  const int64_t db = other.scale_ - s;
  if (da < kMaxDigits && db < kMaxDigits && mantissa_ < kPow10[kMaxDigits - da] &&
      other.mantissa_ < kPow10[kMaxDigits - db]) {
    const U128 a = mantissa_ * kPow10[da];
    const U128 b = other.mantissa_ * kPow10[db];
    U128 r = 0;
    bool negative = negative_;
    if (negative_ == other.negative_) {
      r = a + b;  // < 2 * 10^38, fits
    } else if (a >= b) {
      r = a - b;
    } else {
      r = b - a;
      negative = other.negative_;
    }
    int64_t rs = s;
    if (r < kPow10[kMaxDigits]) {
      strip_zeros(r, rs);
      if (r == 0 || digit_count(r) + rs <= kMaxDigits) {
        *out = Quantity(negative && r != 0, r, static_cast<int32_t>(rs), f);
        return true;
      }
    }
  }

  // General case: exact arithmetic in nano units, then round away from zero
  // to 38 digits and clamp below 10^38.
  Wide a = Wide::from(mantissa_, scale_);
  Wide b = Wide::from(other.mantissa_, other.scale_);
  bool negative = negative_;
  if (negative_ == other.negative_) {
    a.add(b);
  } else if (a.compare(b) >= 0) {
    a.subtract(b);
  } else {
    b.subtract(a);
    a = b;
    negative = other.negative_;
  }
  bool exact = true;
  int64_t rs = kNanoScale;
  while (a.limb[2] != 0) {  // 10^38 nano units or more: drop digits
    if (a.divide_by_10() != 0) exact = false;
    ++rs;
  }
  U128 r = static_cast<U128>(a.limb[1]) * Wide::kBase + a.limb[0];
  if (!exact) ++r;
  strip_zeros(r, rs);
  if (r != 0 && digit_count(r) + rs > kMaxDigits) {
    r = kPow10[kMaxDigits] - 1;
    rs = 0;
    exact = false;
  }
  *out = Quantity(negative && r != 0, r, static_cast<int32_t>(rs), f);
  return exact;
}

void Quantity::add(const Quantity& other) {
  Quantity result;
  (void)sum(other, &result);
  *this = std::move(result);
}

bool Quantity::try_add(const Quantity& other) {
  Quantity result;
  if (!sum(other, &result)) return false;
  *this = std::move(result);
  return true;
}

bool Quantity::operator==(const Quantity& o) const {
  if (cmp(o) != 0) return false;
  if (!text_.empty() && !o.text_.empty()) return text_ == o.text_;
  return to_string() == o.to_string();
}

}  // namespace podcore::manifest
