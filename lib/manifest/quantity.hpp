// resource.Quantity (apimachinery pkg/api/resource): an exact decimal number
// with a preferred print format, parsed from and printed to Kubernetes'
// quantity syntax ("500m", "64Mi", "1.3E+6").
//
// The value is held exactly as sign × mantissa × 10^scale with an unsigned
// 128-bit mantissa, normalised (no trailing zeros in the mantissa). Every
// value has at most 38 significant digits, a magnitude below 10^38 and nano
// (10^-9) resolution; upstream uses arbitrary precision, so inputs outside
// that range are rejected with a clear error instead of being approximated.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace podcore::manifest {

/// Upstream's ErrFormatWrong text (the input does not fit the quantity grammar).
inline constexpr std::string_view kQuantityErrFormatWrong =
    "quantities must match the regular expression "
    "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
/// Upstream's ErrSuffix text (unknown suffix or malformed exponent).
inline constexpr std::string_view kQuantityErrSuffix = "unable to parse quantity's suffix";
/// Upstream's ErrNumeric text (no digits where upstream needs some).
inline constexpr std::string_view kQuantityErrNumeric = "unable to parse numeric part of quantity";
/// Our own error for values upstream accepts but this representation cannot
/// hold exactly (see the file comment).
inline constexpr std::string_view kQuantityErrRange =
    "quantity is out of the supported range (magnitude must be below 1e38, with at most 38 "
    "significant digits at nano precision)";

/// A Kubernetes resource quantity (resource.Quantity).
///
/// Values are exact; comparisons are by value (`cmp`). The printed form is
/// either the text the quantity was parsed from (when upstream's cheap
/// "already canonical" test accepts it) or the canonical form for the
/// quantity's format. add() and a round_up_milli() that changes the value
/// drop the parsed text.
class Quantity {
 public:
  /// How a quantity prints (resource.Format).
  enum class Format {
    kDecimalSI,        ///< "12M", "500m": decimal SI suffixes
    kBinarySI,         ///< "12Mi": binary suffixes (falls back to DecimalSI, see to_string)
    kDecimalExponent,  ///< "12e6": "e<exponent>" with a multiple-of-3 exponent
  };

  /// Largest number of significant decimal digits a value may have.
  static constexpr int kMaxDigits = 38;

  /// Zero, DecimalSI; prints "0".
  Quantity() = default;

  /// ParseQuantity: parses `text` exactly like upstream (no surrounding
  /// spaces allowed; the JSON/YAML decoder trims them before calling this).
  /// The value is rounded up (away from zero) to nano units; binary values
  /// above 2^63-1 are clamped to it. Errors are kInvalid with stage
  /// "manifest.quantity" and upstream's message (or kQuantityErrRange).
  static Result<Quantity> parse(std::string_view text);

  /// NewQuantity(value, f).
  static Quantity from_int(int64_t value, Format f = Format::kDecimalSI);
  /// NewMilliQuantity(milli, f): milli / 1000.
  static Quantity from_milli(int64_t milli, Format f = Format::kDecimalSI);
  /// value × 10^scale in format f (NewScaledQuantity with a format). A scale
  /// below -9 rounds up (away from zero) to nano units, as parse() does;
  /// values of magnitude 10^38 or more give a kInvalid error.
  static Result<Quantity> from_scaled(int64_t value, int32_t scale, Format f = Format::kDecimalSI);

  /// String(): the parsed text when it was kept, otherwise the canonical form.
  [[nodiscard]] std::string to_string() const;
  /// True when to_string() returns the exact text parse() was given.
  [[nodiscard]] bool has_original_text() const { return !text_.empty(); }

  /// Value(): the value rounded up (away from zero) to an integer, saturated
  /// to the int64 range.
  [[nodiscard]] int64_t value() const;
  /// MilliValue(): value × 1000 rounded up (away from zero), saturated.
  [[nodiscard]] int64_t milli_value() const;
  /// -1, 0 or 1.
  [[nodiscard]] int sign() const;
  /// True for zero.
  [[nodiscard]] bool is_zero() const { return mantissa_ == 0; }
  /// True when the value has no fractional part.
  [[nodiscard]] bool is_integer() const { return mantissa_ == 0 || scale_ >= 0; }
  /// Cmp: -1, 0 or 1 comparing the exact values (the format is ignored).
  [[nodiscard]] int cmp(const Quantity& other) const;
  /// The print format.
  [[nodiscard]] Format format() const { return format_; }

  /// RoundUp(Milli), as Kubernetes defaulting applies it: a value with
  /// sub-milli precision is rounded up (away from zero) to milli units and
  /// loses its parsed text; any other value, text included, is untouched.
  /// Returns true if the value changed.
  bool round_up_milli();

  /// Add: adds `other` exactly and drops the parsed text; a zero quantity
  /// takes `other`'s format. If the exact sum is out of range it is rounded
  /// away from zero to 38 significant digits and clamped below 10^38
  /// (use try_add to detect that).
  void add(const Quantity& other);
  /// Like add(), but returns false and leaves *this unchanged when the exact
  /// sum cannot be represented.
  [[nodiscard]] bool try_add(const Quantity& other);

  /// Same value and same printed text, so that decode(encode(x)) == x holds
  /// while "1" and "+1" (same value, different text) stay distinguishable.
  bool operator==(const Quantity& o) const;

 private:
  using Mantissa = unsigned __int128;

  Quantity(bool negative, Mantissa mantissa, int32_t scale, Format f)
      : mantissa_(mantissa), scale_(scale), negative_(negative), format_(f) {}

  [[nodiscard]] std::string canonical() const;
  [[nodiscard]] int64_t scaled_value(int32_t target_scale) const;
  // Computes *this + other; returns false when the result had to be rounded
  // or clamped.
  [[nodiscard]] bool sum(const Quantity& other, Quantity* out) const;

  Mantissa mantissa_ = 0;  // |value| = mantissa_ × 10^scale_, no trailing zeros
  int32_t scale_ = 0;      // >= -9; 0 when the value is zero
  bool negative_ = false;  // never true for zero
  Format format_ = Format::kDecimalSI;
  std::string text_;  // the parsed text when upstream would keep it, else empty
};

}  // namespace podcore::manifest
