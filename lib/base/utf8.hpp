// UTF-8 decoding with Go's rules (unicode/utf8): the one place the layers
// above read runes from bytes.
#pragma once

#include <cstddef>
#include <string_view>

namespace podcore {

/// Width of the well-formed UTF-8 sequence at s[i], or 0 where Go's
/// utf8.DecodeRuneInString reports (RuneError, 1): stray continuation
/// bytes, overlong forms, surrogates, code points above U+10FFFF and
/// truncated sequences.
inline std::size_t utf8_width(std::string_view s, std::size_t i) {
  const auto byte_at = [&s](std::size_t k) -> unsigned {
    return k < s.size() ? static_cast<unsigned char>(s[k]) : 0U;
  };
  const unsigned b0 = byte_at(i);
  if (b0 < 0x80) return 1;
  std::size_t need = 0;
  unsigned lo = 0x80;
  unsigned hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  const unsigned b1 = byte_at(i + 1);
  if (b1 < lo || b1 > hi) return 0;
  for (std::size_t k = 2; k <= need; ++k) {
    const unsigned b = byte_at(i + k);
    if (b < 0x80 || b > 0xBF) return 0;
  }
  return need + 1;
}

/// Decodes the well-formed sequence of width `w` (from utf8_width) at s[i].
inline char32_t utf8_rune(std::string_view s, std::size_t i, std::size_t w) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (w == 1) return b0;
  char32_t r = b0 & (w == 2 ? 0x1FU : w == 3 ? 0x0FU : 0x07U);
  for (std::size_t k = 1; k < w; ++k) r = (r << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3FU);
  return r;
}

/// Go's utf8.DecodeRuneInString: the rune at s[i] and its width; an invalid
/// sequence decodes as U+FFFD of width 1.
inline char32_t utf8_decode(std::string_view s, std::size_t i, std::size_t* width) {
  std::size_t w = utf8_width(s, i);
  *width = w == 0 ? 1 : w;
  return w == 0 ? U'\uFFFD' : utf8_rune(s, i, w);
}

}  // namespace podcore
