// YAML printing of Value, byte for byte what `kubectl -o yaml` prints: sigs.k8s.io/yaml turns the
// JSON text into YAML by reading it with go-yaml v2 (its goyaml.v2 fork) into interface{} and
// marshalling that again. So this file models three upstream steps:
//   1. what reading the JSON text back changes (invalid UTF-8 already became U+FFFD in
//      encoding/json, a raw NEL folds like a line break, floats come back as ints when their JSON
//      form has no fraction or exponent);
//   2. go-yaml's encoder: keys sorted by keyList.Less (sorter.go), strings quoted when resolve()
//      would read them as something else (resolve.go, encode.go stringv);
//   3. the libyaml-derived emitter (emitterc.go): scalar analysis and style selection, block
//      layout, and the 80-column folding of flow scalars.
// The emitter below keeps the same state the upstream one keeps (column, indent stack, whitespace
// and indention flags, the node context) so that layout decisions come out the same.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/utf8.hpp"
#include "manifest/value.hpp"

namespace podcore::manifest {
namespace {

using podcore::utf8_rune;
using podcore::utf8_width;

// ----------------------------------------------------------------------------------------------
// UTF-8

std::u32string to_runes(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t w = utf8_width(s, i);
    if (w == 0) {
      out += U'\uFFFD';
      w = 1;
    } else {
      out += utf8_rune(s, i, w);
    }
    i += w;
  }
  return out;
}

bool is_nel(std::string_view s, std::size_t i) {
  return i + 1 < s.size() && s[i] == '\xC2' && s[i + 1] == '\x85';
}

// The string go-yaml reads back from the double-quoted JSON string that encoding/json wrote for
// `raw`. encoding/json replaced each invalid UTF-8 byte with U+FFFD and escaped everything the
// YAML scanner would treat specially except the space and NEL (U+0085); the scanner
// (yaml_parser_scan_flow_scalar) folds a raw NEL like any line break: the spaces around it go,
// a single break becomes a space, and each further break a "\n".
std::string json_round_trip(std::string_view raw) {
  std::string s;
  s.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size();) {
    const std::size_t w = utf8_width(raw, i);
    if (w == 0) {
      s += "\xEF\xBF\xBD";
      ++i;
    } else {
      s.append(raw.substr(i, w));
      i += w;
    }
  }
  if (s.find("\xC2\x85") == std::string::npos) return s;
  std::string out;
  std::size_t i = 0;
  const std::size_t n = s.size();
  while (true) {
    while (i < n && s[i] != ' ' && !is_nel(s, i)) out += s[i++];
    if (i >= n) break;
    std::string whitespaces;
    std::string trailing_breaks;
    bool leading_blanks = false;
    while (i < n && (s[i] == ' ' || is_nel(s, i))) {
      if (s[i] == ' ') {
        if (!leading_blanks) whitespaces += ' ';
        ++i;
        continue;
      }
      if (leading_blanks) {
        trailing_breaks += '\n';
      } else {
        whitespaces.clear();
        leading_blanks = true;
      }
      i += 2;
    }
    if (!leading_blanks) {
      out += whitespaces;
    } else if (trailing_breaks.empty()) {
      out += ' ';
    } else {
      out += trailing_breaks;
    }
  }
  return out;
}

// ----------------------------------------------------------------------------------------------
// Key order: go-yaml's keyList.Less for two string keys.

// Unicode letter (L*) and decimal digit (Nd) ranges above U+007F, as [lo, hi] pairs, for Go's
// unicode.IsLetter / unicode.IsDigit. Generated from the Unicode 14.0 character database.
// clang-format off
constexpr char32_t kLetterRanges[] = {
    0xAA, 0xAA, 0xB5, 0xB5, 0xBA, 0xBA, 0xC0, 0xD6, 0xD8, 0xF6, 0xF8, 0x2C1, 0x2C6, 0x2D1,
    0x2E0, 0x2E4, 0x2EC, 0x2EC, 0x2EE, 0x2EE, 0x370, 0x374, 0x376, 0x377, 0x37A, 0x37D,
    0x37F, 0x37F, 0x386, 0x386, 0x388, 0x38A, 0x38C, 0x38C, 0x38E, 0x3A1, 0x3A3, 0x3F5,
    0x3F7, 0x481, 0x48A, 0x52F, 0x531, 0x556, 0x559, 0x559, 0x560, 0x588, 0x5D0, 0x5EA,
    0x5EF, 0x5F2, 0x620, 0x64A, 0x66E, 0x66F, 0x671, 0x6D3, 0x6D5, 0x6D5, 0x6E5, 0x6E6,
    0x6EE, 0x6EF, 0x6FA, 0x6FC, 0x6FF, 0x6FF, 0x710, 0x710, 0x712, 0x72F, 0x74D, 0x7A5,
    0x7B1, 0x7B1, 0x7CA, 0x7EA, 0x7F4, 0x7F5, 0x7FA, 0x7FA, 0x800, 0x815, 0x81A, 0x81A,
    0x824, 0x824, 0x828, 0x828, 0x840, 0x858, 0x860, 0x86A, 0x870, 0x887, 0x889, 0x88E,
    0x8A0, 0x8C9, 0x904, 0x939, 0x93D, 0x93D, 0x950, 0x950, 0x958, 0x961, 0x971, 0x980,
    0x985, 0x98C, 0x98F, 0x990, 0x993, 0x9A8, 0x9AA, 0x9B0, 0x9B2, 0x9B2, 0x9B6, 0x9B9,
    0x9BD, 0x9BD, 0x9CE, 0x9CE, 0x9DC, 0x9DD, 0x9DF, 0x9E1, 0x9F0, 0x9F1, 0x9FC, 0x9FC,
    0xA05, 0xA0A, 0xA0F, 0xA10, 0xA13, 0xA28, 0xA2A, 0xA30, 0xA32, 0xA33, 0xA35, 0xA36,
    0xA38, 0xA39, 0xA59, 0xA5C, 0xA5E, 0xA5E, 0xA72, 0xA74, 0xA85, 0xA8D, 0xA8F, 0xA91,
    0xA93, 0xAA8, 0xAAA, 0xAB0, 0xAB2, 0xAB3, 0xAB5, 0xAB9, 0xABD, 0xABD, 0xAD0, 0xAD0,
    0xAE0, 0xAE1, 0xAF9, 0xAF9, 0xB05, 0xB0C, 0xB0F, 0xB10, 0xB13, 0xB28, 0xB2A, 0xB30,
    0xB32, 0xB33, 0xB35, 0xB39, 0xB3D, 0xB3D, 0xB5C, 0xB5D, 0xB5F, 0xB61, 0xB71, 0xB71,
    0xB83, 0xB83, 0xB85, 0xB8A, 0xB8E, 0xB90, 0xB92, 0xB95, 0xB99, 0xB9A, 0xB9C, 0xB9C,
    0xB9E, 0xB9F, 0xBA3, 0xBA4, 0xBA8, 0xBAA, 0xBAE, 0xBB9, 0xBD0, 0xBD0, 0xC05, 0xC0C,
    0xC0E, 0xC10, 0xC12, 0xC28, 0xC2A, 0xC39, 0xC3D, 0xC3D, 0xC58, 0xC5A, 0xC5D, 0xC5D,
    0xC60, 0xC61, 0xC80, 0xC80, 0xC85, 0xC8C, 0xC8E, 0xC90, 0xC92, 0xCA8, 0xCAA, 0xCB3,
    0xCB5, 0xCB9, 0xCBD, 0xCBD, 0xCDD, 0xCDE, 0xCE0, 0xCE1, 0xCF1, 0xCF2, 0xD04, 0xD0C,
    0xD0E, 0xD10, 0xD12, 0xD3A, 0xD3D, 0xD3D, 0xD4E, 0xD4E, 0xD54, 0xD56, 0xD5F, 0xD61,
    0xD7A, 0xD7F, 0xD85, 0xD96, 0xD9A, 0xDB1, 0xDB3, 0xDBB, 0xDBD, 0xDBD, 0xDC0, 0xDC6,
    0xE01, 0xE30, 0xE32, 0xE33, 0xE40, 0xE46, 0xE81, 0xE82, 0xE84, 0xE84, 0xE86, 0xE8A,
    0xE8C, 0xEA3, 0xEA5, 0xEA5, 0xEA7, 0xEB0, 0xEB2, 0xEB3, 0xEBD, 0xEBD, 0xEC0, 0xEC4,
    0xEC6, 0xEC6, 0xEDC, 0xEDF, 0xF00, 0xF00, 0xF40, 0xF47, 0xF49, 0xF6C, 0xF88, 0xF8C,
    0x1000, 0x102A, 0x103F, 0x103F, 0x1050, 0x1055, 0x105A, 0x105D, 0x1061, 0x1061, 0x1065, 0x1066,
    0x106E, 0x1070, 0x1075, 0x1081, 0x108E, 0x108E, 0x10A0, 0x10C5, 0x10C7, 0x10C7, 0x10CD, 0x10CD,
    0x10D0, 0x10FA, 0x10FC, 0x1248, 0x124A, 0x124D, 0x1250, 0x1256, 0x1258, 0x1258, 0x125A, 0x125D,
    0x1260, 0x1288, 0x128A, 0x128D, 0x1290, 0x12B0, 0x12B2, 0x12B5, 0x12B8, 0x12BE, 0x12C0, 0x12C0,
    0x12C2, 0x12C5, 0x12C8, 0x12D6, 0x12D8, 0x1310, 0x1312, 0x1315, 0x1318, 0x135A, 0x1380, 0x138F,
    0x13A0, 0x13F5, 0x13F8, 0x13FD, 0x1401, 0x166C, 0x166F, 0x167F, 0x1681, 0x169A, 0x16A0, 0x16EA,
    0x16F1, 0x16F8, 0x1700, 0x1711, 0x171F, 0x1731, 0x1740, 0x1751, 0x1760, 0x176C, 0x176E, 0x1770,
    0x1780, 0x17B3, 0x17D7, 0x17D7, 0x17DC, 0x17DC, 0x1820, 0x1878, 0x1880, 0x1884, 0x1887, 0x18A8,
    0x18AA, 0x18AA, 0x18B0, 0x18F5, 0x1900, 0x191E, 0x1950, 0x196D, 0x1970, 0x1974, 0x1980, 0x19AB,
    0x19B0, 0x19C9, 0x1A00, 0x1A16, 0x1A20, 0x1A54, 0x1AA7, 0x1AA7, 0x1B05, 0x1B33, 0x1B45, 0x1B4C,
    0x1B83, 0x1BA0, 0x1BAE, 0x1BAF, 0x1BBA, 0x1BE5, 0x1C00, 0x1C23, 0x1C4D, 0x1C4F, 0x1C5A, 0x1C7D,
    0x1C80, 0x1C88, 0x1C90, 0x1CBA, 0x1CBD, 0x1CBF, 0x1CE9, 0x1CEC, 0x1CEE, 0x1CF3, 0x1CF5, 0x1CF6,
    0x1CFA, 0x1CFA, 0x1D00, 0x1DBF, 0x1E00, 0x1F15, 0x1F18, 0x1F1D, 0x1F20, 0x1F45, 0x1F48, 0x1F4D,
    0x1F50, 0x1F57, 0x1F59, 0x1F59, 0x1F5B, 0x1F5B, 0x1F5D, 0x1F5D, 0x1F5F, 0x1F7D, 0x1F80, 0x1FB4,
    0x1FB6, 0x1FBC, 0x1FBE, 0x1FBE, 0x1FC2, 0x1FC4, 0x1FC6, 0x1FCC, 0x1FD0, 0x1FD3, 0x1FD6, 0x1FDB,
    0x1FE0, 0x1FEC, 0x1FF2, 0x1FF4, 0x1FF6, 0x1FFC, 0x2071, 0x2071, 0x207F, 0x207F, 0x2090, 0x209C,
    0x2102, 0x2102, 0x2107, 0x2107, 0x210A, 0x2113, 0x2115, 0x2115, 0x2119, 0x211D, 0x2124, 0x2124,
    0x2126, 0x2126, 0x2128, 0x2128, 0x212A, 0x212D, 0x212F, 0x2139, 0x213C, 0x213F, 0x2145, 0x2149,
    0x214E, 0x214E, 0x2183, 0x2184, 0x2C00, 0x2CE4, 0x2CEB, 0x2CEE, 0x2CF2, 0x2CF3, 0x2D00, 0x2D25,
    0x2D27, 0x2D27, 0x2D2D, 0x2D2D, 0x2D30, 0x2D67, 0x2D6F, 0x2D6F, 0x2D80, 0x2D96, 0x2DA0, 0x2DA6,
    0x2DA8, 0x2DAE, 0x2DB0, 0x2DB6, 0x2DB8, 0x2DBE, 0x2DC0, 0x2DC6, 0x2DC8, 0x2DCE, 0x2DD0, 0x2DD6,
    0x2DD8, 0x2DDE, 0x2E2F, 0x2E2F, 0x3005, 0x3006, 0x3031, 0x3035, 0x303B, 0x303C, 0x3041, 0x3096,
    0x309D, 0x309F, 0x30A1, 0x30FA, 0x30FC, 0x30FF, 0x3105, 0x312F, 0x3131, 0x318E, 0x31A0, 0x31BF,
    0x31F0, 0x31FF, 0x3400, 0x4DBF, 0x4E00, 0xA48C, 0xA4D0, 0xA4FD, 0xA500, 0xA60C, 0xA610, 0xA61F,
    0xA62A, 0xA62B, 0xA640, 0xA66E, 0xA67F, 0xA69D, 0xA6A0, 0xA6E5, 0xA717, 0xA71F, 0xA722, 0xA788,
    0xA78B, 0xA7CA, 0xA7D0, 0xA7D1, 0xA7D3, 0xA7D3, 0xA7D5, 0xA7D9, 0xA7F2, 0xA801, 0xA803, 0xA805,
    0xA807, 0xA80A, 0xA80C, 0xA822, 0xA840, 0xA873, 0xA882, 0xA8B3, 0xA8F2, 0xA8F7, 0xA8FB, 0xA8FB,
    0xA8FD, 0xA8FE, 0xA90A, 0xA925, 0xA930, 0xA946, 0xA960, 0xA97C, 0xA984, 0xA9B2, 0xA9CF, 0xA9CF,
    0xA9E0, 0xA9E4, 0xA9E6, 0xA9EF, 0xA9FA, 0xA9FE, 0xAA00, 0xAA28, 0xAA40, 0xAA42, 0xAA44, 0xAA4B,
    0xAA60, 0xAA76, 0xAA7A, 0xAA7A, 0xAA7E, 0xAAAF, 0xAAB1, 0xAAB1, 0xAAB5, 0xAAB6, 0xAAB9, 0xAABD,
    0xAAC0, 0xAAC0, 0xAAC2, 0xAAC2, 0xAADB, 0xAADD, 0xAAE0, 0xAAEA, 0xAAF2, 0xAAF4, 0xAB01, 0xAB06,
    0xAB09, 0xAB0E, 0xAB11, 0xAB16, 0xAB20, 0xAB26, 0xAB28, 0xAB2E, 0xAB30, 0xAB5A, 0xAB5C, 0xAB69,
    0xAB70, 0xABE2, 0xAC00, 0xD7A3, 0xD7B0, 0xD7C6, 0xD7CB, 0xD7FB, 0xF900, 0xFA6D, 0xFA70, 0xFAD9,
    0xFB00, 0xFB06, 0xFB13, 0xFB17, 0xFB1D, 0xFB1D, 0xFB1F, 0xFB28, 0xFB2A, 0xFB36, 0xFB38, 0xFB3C,
    0xFB3E, 0xFB3E, 0xFB40, 0xFB41, 0xFB43, 0xFB44, 0xFB46, 0xFBB1, 0xFBD3, 0xFD3D, 0xFD50, 0xFD8F,
    0xFD92, 0xFDC7, 0xFDF0, 0xFDFB, 0xFE70, 0xFE74, 0xFE76, 0xFEFC, 0xFF21, 0xFF3A, 0xFF41, 0xFF5A,
    0xFF66, 0xFFBE, 0xFFC2, 0xFFC7, 0xFFCA, 0xFFCF, 0xFFD2, 0xFFD7, 0xFFDA, 0xFFDC,
    0x10000, 0x1000B, 0x1000D, 0x10026, 0x10028, 0x1003A, 0x1003C, 0x1003D, 0x1003F, 0x1004D,
    0x10050, 0x1005D, 0x10080, 0x100FA, 0x10280, 0x1029C, 0x102A0, 0x102D0, 0x10300, 0x1031F,
    0x1032D, 0x10340, 0x10342, 0x10349, 0x10350, 0x10375, 0x10380, 0x1039D, 0x103A0, 0x103C3,
    0x103C8, 0x103CF, 0x10400, 0x1049D, 0x104B0, 0x104D3, 0x104D8, 0x104FB, 0x10500, 0x10527,
    0x10530, 0x10563, 0x10570, 0x1057A, 0x1057C, 0x1058A, 0x1058C, 0x10592, 0x10594, 0x10595,
    0x10597, 0x105A1, 0x105A3, 0x105B1, 0x105B3, 0x105B9, 0x105BB, 0x105BC, 0x10600, 0x10736,
    0x10740, 0x10755, 0x10760, 0x10767, 0x10780, 0x10785, 0x10787, 0x107B0, 0x107B2, 0x107BA,
    0x10800, 0x10805, 0x10808, 0x10808, 0x1080A, 0x10835, 0x10837, 0x10838, 0x1083C, 0x1083C,
    0x1083F, 0x10855, 0x10860, 0x10876, 0x10880, 0x1089E, 0x108E0, 0x108F2, 0x108F4, 0x108F5,
    0x10900, 0x10915, 0x10920, 0x10939, 0x10980, 0x109B7, 0x109BE, 0x109BF, 0x10A00, 0x10A00,
    0x10A10, 0x10A13, 0x10A15, 0x10A17, 0x10A19, 0x10A35, 0x10A60, 0x10A7C, 0x10A80, 0x10A9C,
    0x10AC0, 0x10AC7, 0x10AC9, 0x10AE4, 0x10B00, 0x10B35, 0x10B40, 0x10B55, 0x10B60, 0x10B72,
    0x10B80, 0x10B91, 0x10C00, 0x10C48, 0x10C80, 0x10CB2, 0x10CC0, 0x10CF2, 0x10D00, 0x10D23,
    0x10E80, 0x10EA9, 0x10EB0, 0x10EB1, 0x10F00, 0x10F1C, 0x10F27, 0x10F27, 0x10F30, 0x10F45,
    0x10F70, 0x10F81, 0x10FB0, 0x10FC4, 0x10FE0, 0x10FF6, 0x11003, 0x11037, 0x11071, 0x11072,
    0x11075, 0x11075, 0x11083, 0x110AF, 0x110D0, 0x110E8, 0x11103, 0x11126, 0x11144, 0x11144,
    0x11147, 0x11147, 0x11150, 0x11172, 0x11176, 0x11176, 0x11183, 0x111B2, 0x111C1, 0x111C4,
    0x111DA, 0x111DA, 0x111DC, 0x111DC, 0x11200, 0x11211, 0x11213, 0x1122B, 0x11280, 0x11286,
    0x11288, 0x11288, 0x1128A, 0x1128D, 0x1128F, 0x1129D, 0x1129F, 0x112A8, 0x112B0, 0x112DE,
    0x11305, 0x1130C, 0x1130F, 0x11310, 0x11313, 0x11328, 0x1132A, 0x11330, 0x11332, 0x11333,
    0x11335, 0x11339, 0x1133D, 0x1133D, 0x11350, 0x11350, 0x1135D, 0x11361, 0x11400, 0x11434,
    0x11447, 0x1144A, 0x1145F, 0x11461, 0x11480, 0x114AF, 0x114C4, 0x114C5, 0x114C7, 0x114C7,
    0x11580, 0x115AE, 0x115D8, 0x115DB, 0x11600, 0x1162F, 0x11644, 0x11644, 0x11680, 0x116AA,
    0x116B8, 0x116B8, 0x11700, 0x1171A, 0x11740, 0x11746, 0x11800, 0x1182B, 0x118A0, 0x118DF,
    0x118FF, 0x11906, 0x11909, 0x11909, 0x1190C, 0x11913, 0x11915, 0x11916, 0x11918, 0x1192F,
    0x1193F, 0x1193F, 0x11941, 0x11941, 0x119A0, 0x119A7, 0x119AA, 0x119D0, 0x119E1, 0x119E1,
    0x119E3, 0x119E3, 0x11A00, 0x11A00, 0x11A0B, 0x11A32, 0x11A3A, 0x11A3A, 0x11A50, 0x11A50,
    0x11A5C, 0x11A89, 0x11A9D, 0x11A9D, 0x11AB0, 0x11AF8, 0x11C00, 0x11C08, 0x11C0A, 0x11C2E,
    0x11C40, 0x11C40, 0x11C72, 0x11C8F, 0x11D00, 0x11D06, 0x11D08, 0x11D09, 0x11D0B, 0x11D30,
    0x11D46, 0x11D46, 0x11D60, 0x11D65, 0x11D67, 0x11D68, 0x11D6A, 0x11D89, 0x11D98, 0x11D98,
    0x11EE0, 0x11EF2, 0x11FB0, 0x11FB0, 0x12000, 0x12399, 0x12480, 0x12543, 0x12F90, 0x12FF0,
    0x13000, 0x1342E, 0x14400, 0x14646, 0x16800, 0x16A38, 0x16A40, 0x16A5E, 0x16A70, 0x16ABE,
    0x16AD0, 0x16AED, 0x16B00, 0x16B2F, 0x16B40, 0x16B43, 0x16B63, 0x16B77, 0x16B7D, 0x16B8F,
    0x16E40, 0x16E7F, 0x16F00, 0x16F4A, 0x16F50, 0x16F50, 0x16F93, 0x16F9F, 0x16FE0, 0x16FE1,
    0x16FE3, 0x16FE3, 0x17000, 0x187F7, 0x18800, 0x18CD5, 0x18D00, 0x18D08, 0x1AFF0, 0x1AFF3,
    0x1AFF5, 0x1AFFB, 0x1AFFD, 0x1AFFE, 0x1B000, 0x1B122, 0x1B150, 0x1B152, 0x1B164, 0x1B167,
    0x1B170, 0x1B2FB, 0x1BC00, 0x1BC6A, 0x1BC70, 0x1BC7C, 0x1BC80, 0x1BC88, 0x1BC90, 0x1BC99,
    0x1D400, 0x1D454, 0x1D456, 0x1D49C, 0x1D49E, 0x1D49F, 0x1D4A2, 0x1D4A2, 0x1D4A5, 0x1D4A6,
    0x1D4A9, 0x1D4AC, 0x1D4AE, 0x1D4B9, 0x1D4BB, 0x1D4BB, 0x1D4BD, 0x1D4C3, 0x1D4C5, 0x1D505,
    0x1D507, 0x1D50A, 0x1D50D, 0x1D514, 0x1D516, 0x1D51C, 0x1D51E, 0x1D539, 0x1D53B, 0x1D53E,
    0x1D540, 0x1D544, 0x1D546, 0x1D546, 0x1D54A, 0x1D550, 0x1D552, 0x1D6A5, 0x1D6A8, 0x1D6C0,
    0x1D6C2, 0x1D6DA, 0x1D6DC, 0x1D6FA, 0x1D6FC, 0x1D714, 0x1D716, 0x1D734, 0x1D736, 0x1D74E,
    0x1D750, 0x1D76E, 0x1D770, 0x1D788, 0x1D78A, 0x1D7A8, 0x1D7AA, 0x1D7C2, 0x1D7C4, 0x1D7CB,
    0x1DF00, 0x1DF1E, 0x1E100, 0x1E12C, 0x1E137, 0x1E13D, 0x1E14E, 0x1E14E, 0x1E290, 0x1E2AD,
    0x1E2C0, 0x1E2EB, 0x1E7E0, 0x1E7E6, 0x1E7E8, 0x1E7EB, 0x1E7ED, 0x1E7EE, 0x1E7F0, 0x1E7FE,
    0x1E800, 0x1E8C4, 0x1E900, 0x1E943, 0x1E94B, 0x1E94B, 0x1EE00, 0x1EE03, 0x1EE05, 0x1EE1F,
    0x1EE21, 0x1EE22, 0x1EE24, 0x1EE24, 0x1EE27, 0x1EE27, 0x1EE29, 0x1EE32, 0x1EE34, 0x1EE37,
    0x1EE39, 0x1EE39, 0x1EE3B, 0x1EE3B, 0x1EE42, 0x1EE42, 0x1EE47, 0x1EE47, 0x1EE49, 0x1EE49,
    0x1EE4B, 0x1EE4B, 0x1EE4D, 0x1EE4F, 0x1EE51, 0x1EE52, 0x1EE54, 0x1EE54, 0x1EE57, 0x1EE57,
    0x1EE59, 0x1EE59, 0x1EE5B, 0x1EE5B, 0x1EE5D, 0x1EE5D, 0x1EE5F, 0x1EE5F, 0x1EE61, 0x1EE62,
    0x1EE64, 0x1EE64, 0x1EE67, 0x1EE6A, 0x1EE6C, 0x1EE72, 0x1EE74, 0x1EE77, 0x1EE79, 0x1EE7C,
    0x1EE7E, 0x1EE7E, 0x1EE80, 0x1EE89, 0x1EE8B, 0x1EE9B, 0x1EEA1, 0x1EEA3, 0x1EEA5, 0x1EEA9,
    0x1EEAB, 0x1EEBB, 0x20000, 0x2A6DF, 0x2A700, 0x2B738, 0x2B740, 0x2B81D, 0x2B820, 0x2CEA1,
    0x2CEB0, 0x2EBE0, 0x2F800, 0x2FA1D, 0x30000, 0x3134A,
};
constexpr char32_t kDigitRanges[] = {
    0x660, 0x669, 0x6F0, 0x6F9, 0x7C0, 0x7C9, 0x966, 0x96F, 0x9E6, 0x9EF, 0xA66, 0xA6F,
    0xAE6, 0xAEF, 0xB66, 0xB6F, 0xBE6, 0xBEF, 0xC66, 0xC6F, 0xCE6, 0xCEF, 0xD66, 0xD6F,
    0xDE6, 0xDEF, 0xE50, 0xE59, 0xED0, 0xED9, 0xF20, 0xF29, 0x1040, 0x1049, 0x1090, 0x1099,
    0x17E0, 0x17E9, 0x1810, 0x1819, 0x1946, 0x194F, 0x19D0, 0x19D9, 0x1A80, 0x1A89, 0x1A90, 0x1A99,
    0x1B50, 0x1B59, 0x1BB0, 0x1BB9, 0x1C40, 0x1C49, 0x1C50, 0x1C59, 0xA620, 0xA629, 0xA8D0, 0xA8D9,
    0xA900, 0xA909, 0xA9D0, 0xA9D9, 0xA9F0, 0xA9F9, 0xAA50, 0xAA59, 0xABF0, 0xABF9, 0xFF10, 0xFF19,
    0x104A0, 0x104A9, 0x10D30, 0x10D39, 0x11066, 0x1106F, 0x110F0, 0x110F9, 0x11136, 0x1113F,
    0x111D0, 0x111D9, 0x112F0, 0x112F9, 0x11450, 0x11459, 0x114D0, 0x114D9, 0x11650, 0x11659,
    0x116C0, 0x116C9, 0x11730, 0x11739, 0x118E0, 0x118E9, 0x11950, 0x11959, 0x11C50, 0x11C59,
    0x11D50, 0x11D59, 0x11DA0, 0x11DA9, 0x16A60, 0x16A69, 0x16AC0, 0x16AC9, 0x16B50, 0x16B59,
    0x1D7CE, 0x1D7FF, 0x1E140, 0x1E149, 0x1E2F0, 0x1E2F9, 0x1E950, 0x1E959, 0x1FBF0, 0x1FBF9,
};
// clang-format on

bool in_ranges(const char32_t* table, std::size_t size, char32_t r) {
  std::size_t lo = 0;
  std::size_t hi = size / 2;
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (table[2 * mid + 1] < r) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo < size / 2 && table[2 * lo] <= r;
}

bool go_is_letter(char32_t r) {
  if (r < 0x80) return (r >= U'a' && r <= U'z') || (r >= U'A' && r <= U'Z');
  return in_ranges(kLetterRanges, std::size(kLetterRanges), r);
}

bool go_is_digit(char32_t r) {
  if (r < 0x80) return r >= U'0' && r <= U'9';
  return in_ranges(kDigitRanges, std::size(kDigitRanges), r);
}

// keyList.Less: runes compared one by one; at the first difference letters sort after
// non-letters, two letters by code point, and runs of digits by their numeric value (Go int64
// arithmetic, wrapping), then by run length, then by code point.
bool key_less(const std::u32string& a, const std::u32string& b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] == b[i]) continue;
    const bool al = go_is_letter(a[i]);
    const bool bl = go_is_letter(b[i]);
    if (al && bl) return a[i] < b[i];
    if (al || bl) return bl;
    uint64_t an = 0;
    uint64_t bn = 0;
    if (a[i] == U'0' || b[i] == U'0') {
      for (std::size_t j = i; j-- > 0 && go_is_digit(a[j]);) {
        if (a[j] != U'0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    std::size_t ai = i;
    for (; ai < a.size() && go_is_digit(a[ai]); ++ai) {
      an = an * 10 + static_cast<uint64_t>(static_cast<int64_t>(a[ai]) - '0');
    }
    std::size_t bi = i;
    for (; bi < b.size() && go_is_digit(b[bi]); ++bi) {
      bn = bn * 10 + static_cast<uint64_t>(static_cast<int64_t>(b[bi]) - '0');
    }
    if (an != bn) return static_cast<int64_t>(an) < static_cast<int64_t>(bn);
    if (ai != bi) return ai < bi;
    return a[i] < b[i];
  }
  return a.size() < b.size();
}

// A stable bottom-up merge sort: well defined whatever the comparator does. keyList.Less is
// not a strict weak order in general (digit runs against letters can form cycles such as
// "1" < "01" < "0a" < "1"); go-yaml sorts Go's randomly ordered map keys, so for such key sets
// kubectl's own order changes from run to run. For every other key set all sorts agree.
template <class T, class Less>
void merge_sort(std::vector<T>& v, Less less) {
  const std::size_t n = v.size();
  std::vector<T> tmp(n);
  for (std::size_t width = 1; width < n; width *= 2) {
    for (std::size_t lo = 0; lo < n; lo += 2 * width) {
      const std::size_t mid = std::min(lo + width, n);
      const std::size_t hi = std::min(lo + 2 * width, n);
      std::size_t i = lo;
      std::size_t j = mid;
      std::size_t k = lo;
      while (i < mid && j < hi) tmp[k++] = std::move(less(v[j], v[i]) ? v[j++] : v[i++]);
      while (i < mid) tmp[k++] = std::move(v[i++]);
      while (j < hi) tmp[k++] = std::move(v[j++]);
    }
    v.swap(tmp);
  }
}

// ----------------------------------------------------------------------------------------------
// resolve(): would go-yaml read a plain scalar with this text as something other than a string?

enum class NumErr : uint8_t { kNone, kSyntax, kRange };

char ascii_lower(char c) {
  return static_cast<char>(c | 0x20);
}

bool is_ascii_digit(char c) {
  return c >= '0' && c <= '9';
}

// strconv.ParseUint(s, base, 64); base 0 means Go literal prefixes. s never holds '_' here.
NumErr go_parse_uint(std::string_view s, unsigned base, uint64_t* value = nullptr) {
  if (s.empty()) return NumErr::kSyntax;
  if (base == 0) {
    base = 10;
    if (s[0] == '0') {
      const char p = s.size() >= 3 ? ascii_lower(s[1]) : '\0';
      base = p == 'b' ? 2 : p == 'o' ? 8 : p == 'x' ? 16 : 8;
      s.remove_prefix(p == 'b' || p == 'o' || p == 'x' ? 2 : 1);
    }
  }
  const uint64_t cutoff = UINT64_MAX / base + 1;
  uint64_t n = 0;
  for (const char c : s) {
    unsigned d = 0;
    if (is_ascii_digit(c)) {
      d = static_cast<unsigned>(c - '0');
    } else if (ascii_lower(c) >= 'a' && ascii_lower(c) <= 'z') {
      d = static_cast<unsigned>(ascii_lower(c) - 'a') + 10;
    } else {
      return NumErr::kSyntax;
    }
    if (d >= base) return NumErr::kSyntax;
    if (n >= cutoff) return NumErr::kRange;
    n *= base;
    const uint64_t n1 = n + d;
    if (n1 < n) return NumErr::kRange;
    n = n1;
  }
  if (value != nullptr) *value = n;
  return NumErr::kNone;
}

// strconv.ParseInt(s, base, 64).
NumErr go_parse_int(std::string_view s, unsigned base) {
  if (s.empty()) return NumErr::kSyntax;
  const bool neg = s[0] == '-';
  if (s[0] == '+' || s[0] == '-') s.remove_prefix(1);
  uint64_t un = 0;
  const NumErr e = go_parse_uint(s, base, &un);
  if (e != NumErr::kNone) return e;
  const uint64_t cutoff = uint64_t{1} << 63;
  if (neg ? un > cutoff : un >= cutoff) return NumErr::kRange;
  return NumErr::kNone;
}

// strconv's underscoreOK: '_' only between digits (or after a base prefix).
bool underscore_ok(std::string_view s) {
  char saw = '^';
  std::size_t i = 0;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  bool hex = false;
  if (s.size() >= 2 && s[0] == '0' &&
      (ascii_lower(s[1]) == 'b' || ascii_lower(s[1]) == 'o' || ascii_lower(s[1]) == 'x')) {
    i = 2;
    saw = '0';
    hex = ascii_lower(s[1]) == 'x';
  }
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (is_ascii_digit(c) || (hex && ascii_lower(c) >= 'a' && ascii_lower(c) <= 'f')) {
      saw = '0';
      continue;
    }
    if (c == '_') {
      if (saw != '0') return false;
      saw = '_';
      continue;
    }
    if (saw == '_') return false;
    saw = '!';
  }
  return saw != '_';
}

std::string without_underscores(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c != '_') out += c;
  }
  return out;
}

// True when a well-formed decimal float text (no '_') overflows float64, which
// strconv.ParseFloat reports as ErrRange (an underflow to zero is no error there).
bool float_overflows(std::string_view text) {
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  double d = 0;
  const auto res = std::from_chars(text.data(), text.data() + text.size(), d);
  if (res.ec == std::errc()) return std::isinf(d);
  if (res.ec != std::errc::result_out_of_range) return false;
  // Out of range either way: decide by the decimal exponent of the first significant digit.
  int64_t magnitude = 0;
  bool seen_dot = false;
  bool significant = false;
  std::size_t i = text[0] == '-' ? 1 : 0;
  for (; i < text.size() && ascii_lower(text[i]) != 'e'; ++i) {
    if (text[i] == '.') {
      seen_dot = true;
    } else if (!significant && text[i] == '0') {
      if (seen_dot) --magnitude;
    } else {
      significant = true;
      if (!seen_dot) ++magnitude;
    }
  }
  int64_t exp = 0;
  if (i + 1 < text.size()) {
    std::string_view e = text.substr(i + 1);
    if (e[0] == '+') e.remove_prefix(1);
    const auto er = std::from_chars(e.data(), e.data() + e.size(), exp);
    if (er.ec == std::errc::result_out_of_range) exp = e[0] == '-' ? INT32_MIN : INT32_MAX;
  }
  return magnitude + exp > 0;
}

// strconv.ParseFloat(s, 64) == nil error, for the texts resolve() hands it: those starting with
// '.', so only the decimal syntax (with Go's '_' separators) applies.
bool go_parse_float_ok(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  bool saw_dot = false;
  bool saw_digits = false;
  bool underscores = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '_') {
      underscores = true;
    } else if (c == '.') {
      if (saw_dot) break;
      saw_dot = true;
    } else if (is_ascii_digit(c)) {
      saw_digits = true;
    } else {
      break;
    }
  }
  if (!saw_digits) return false;
  if (i < s.size() && ascii_lower(s[i]) == 'e') {
    ++i;
    if (i >= s.size()) return false;
    if (s[i] == '+' || s[i] == '-') ++i;
    if (i >= s.size() || !is_ascii_digit(s[i])) return false;
    for (; i < s.size() && (is_ascii_digit(s[i]) || s[i] == '_'); ++i) {
      if (s[i] == '_') underscores = true;
    }
  }
  if (i != s.size()) return false;
  if (underscores && !underscore_ok(s)) return false;
  return !float_overflows(without_underscores(s));
}

// ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ (resolve.go yamlStyleFloat).
bool yaml_style_float(std::string_view s) {
  std::size_t i = 0;
  const auto digits = [&s, &i]() {
    const std::size_t start = i;
    while (i < s.size() && is_ascii_digit(s[i])) ++i;
    return i > start;
  };
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  } else {
    if (!digits()) return false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      digits();
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

// Go's time.Parse for the layouts resolve.go tries ("2006-1-2T15:4:5.999999999Z07:00", the same
// with a lower-case 't', "2006-1-2 15:4:5.999999999" and "2006-1-2").
enum class Layout : uint8_t { kUpperT, kLowerT, kSpace, kDateOnly };

bool go_getnum(std::string_view& v, bool fixed, int& out) {
  if (v.empty() || !is_ascii_digit(v[0])) return false;
  if (v.size() < 2 || !is_ascii_digit(v[1])) {
    if (fixed) return false;
    out = v[0] - '0';
    v.remove_prefix(1);
    return true;
  }
  out = (v[0] - '0') * 10 + (v[1] - '0');
  v.remove_prefix(2);
  return true;
}

// time.skip for a one-character layout literal; a layout space matches any run of spaces.
bool go_skip(std::string_view& v, char lit) {
  if (lit == ' ') {
    if (!v.empty() && v[0] != ' ') return false;
    while (!v.empty() && v[0] == ' ') v.remove_prefix(1);
    return true;
  }
  if (v.empty() || v[0] != lit) return false;
  v.remove_prefix(1);
  return true;
}

int days_in(int month, int year) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) return 29;
  return kDays[month - 1];
}

bool go_time_parse(std::string_view v, Layout layout) {
  if (v.size() < 4) return false;
  int year = 0;
  for (int k = 0; k < 4; ++k) {
    if (!is_ascii_digit(v[static_cast<std::size_t>(k)])) return false;
    year = year * 10 + (v[static_cast<std::size_t>(k)] - '0');
  }
  v.remove_prefix(4);
  int month = 0;
  int day = 0;
  if (!go_skip(v, '-') || !go_getnum(v, false, month) || month < 1 || month > 12) return false;
  if (!go_skip(v, '-') || !go_getnum(v, false, day)) return false;
  if (layout != Layout::kDateOnly) {
    const char sep = layout == Layout::kUpperT ? 'T' : layout == Layout::kLowerT ? 't' : ' ';
    int hour = 0;
    int minute = 0;
    int second = 0;
    if (!go_skip(v, sep) || !go_getnum(v, false, hour) || hour >= 24) return false;
    if (!go_skip(v, ':') || !go_getnum(v, false, minute) || minute >= 60) return false;
    if (!go_skip(v, ':') || !go_getnum(v, false, second) || second >= 60) return false;
    // .999999999: optional fraction, any number of digits, '.' or ','.
    if (v.size() >= 2 && (v[0] == '.' || v[0] == ',') && is_ascii_digit(v[1])) {
      std::size_t k = 1;
      while (k < v.size() && is_ascii_digit(v[k])) ++k;
      v.remove_prefix(k);
    }
    if (layout != Layout::kSpace) {
      // Z07:00
      if (!v.empty() && v[0] == 'Z') {
        v.remove_prefix(1);
      } else {
        if (v.size() < 6 || v[3] != ':') return false;
        std::string_view hh = v.substr(1, 2);
        std::string_view mm = v.substr(4, 2);
        int zh = 0;
        int zm = 0;
        if (!go_getnum(hh, true, zh) || !go_getnum(mm, true, zm)) return false;
        if (zh > 24 || zm > 60) return false;
        if (v[0] != '+' && v[0] != '-') return false;
        v.remove_prefix(6);
      }
    }
  }
  if (!v.empty()) return false;
  return day >= 1 && day <= days_in(month, year);
}

// resolve.go parseTimestamp.
bool is_timestamp(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && is_ascii_digit(s[i])) ++i;
  if (i != 4 || i == s.size() || s[i] != '-') return false;
  for (const Layout l : {Layout::kUpperT, Layout::kLowerT, Layout::kSpace, Layout::kDateOnly}) {
    if (go_time_parse(s, l)) return true;
  }
  return false;
}

// The plain texts resolve() looks up in its table (all but "<<", which is never looked up: '<'
// has no hint, so "<<" resolves as a string).
bool in_resolve_map(std::string_view s) {
  static constexpr std::string_view kWords[] = {
      "y",    "Y",    "yes",  "Yes",   "YES",   "true",  "True",  "TRUE",  "on",    "On",
      "ON",   "n",    "N",    "no",    "No",    "NO",    "false", "False", "FALSE", "off",
      "Off",  "OFF",  "",     "~",     "null",  "Null",  "NULL",  ".nan",  ".NaN",  ".NAN",
      ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"};
  return std::find(std::begin(kWords), std::end(kWords), s) != std::end(kWords);
}

// resolve("", s) returns yaml_STR_TAG.
bool resolves_to_string(std::string_view in) {
  char hint = 'N';
  if (!in.empty()) {
    const char c = in[0];
    if (c == '+' || c == '-') {
      hint = 'S';
    } else if (is_ascii_digit(c)) {
      hint = 'D';
    } else if (std::string_view("yYnNtTfFoO~").find(c) != std::string_view::npos) {
      hint = 'M';
    } else if (c == '.') {
      hint = '.';
    } else {
      hint = 0;
    }
  }
  if (hint == 0) return true;
  if (in_resolve_map(in)) return false;
  if (hint == '.') return !go_parse_float_ok(in);
  if (hint != 'D' && hint != 'S') return true;
  if (is_timestamp(in)) return false;
  const std::string plain = without_underscores(in);
  if (go_parse_int(plain, 0) == NumErr::kNone) return false;
  if (go_parse_uint(plain, 0) == NumErr::kNone) return false;
  if (yaml_style_float(plain) && !float_overflows(plain)) return false;
  const std::string_view p = plain;
  if (p.starts_with("0b")) {
    if (go_parse_int(p.substr(2), 2) == NumErr::kNone) return false;
    if (go_parse_uint(p.substr(2), 2) == NumErr::kNone) return false;
  } else if (p.starts_with("-0b")) {
    if (go_parse_int("-" + std::string(p.substr(3)), 2) == NumErr::kNone) return false;
  }
  return true;
}

// encode.go isBase60Float: ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
bool is_base60_float(std::string_view s) {
  if (s.empty()) return false;
  const char c = s[0];
  if (!(c == '+' || c == '-' || is_ascii_digit(c)) || s.find(':') == std::string_view::npos) {
    return false;
  }
  std::size_t i = 0;
  if (s[i] == '+' || s[i] == '-') ++i;
  if (i >= s.size() || !is_ascii_digit(s[i])) return false;
  while (i < s.size() && (is_ascii_digit(s[i]) || s[i] == '_')) ++i;
  int groups = 0;
  while (i < s.size() && s[i] == ':') {
    ++i;
    std::size_t n = 0;
    while (i + n < s.size() && is_ascii_digit(s[i + n])) ++n;
    if (n == 0 || n > 2 || (n == 2 && s[i] > '5')) return false;
    i += n;
    ++groups;
  }
  if (groups == 0) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && (is_ascii_digit(s[i]) || s[i] == '_')) ++i;
  }
  return i == s.size();
}

// ----------------------------------------------------------------------------------------------
// Numbers as go-yaml prints what it read back from the JSON text.

// strconv.FormatFloat(f, 'g', -1, 64) for finite non-zero f.
std::string go_format_g(double f) {
  char buf[64];
  const auto res =
      std::to_chars(buf, buf + sizeof buf, std::fabs(f), std::chars_format::scientific);
  const std::string_view text(buf, static_cast<std::size_t>(res.ptr - buf));
  std::string digits;
  std::size_t i = 0;
  for (; i < text.size() && text[i] != 'e'; ++i) {
    if (text[i] != '.') digits += text[i];
  }
  int exp = 0;
  if (i + 1 < text.size()) {
    const char* first = text.data() + i + 1;
    if (*first == '+') ++first;
    std::from_chars(first, text.data() + text.size(), exp);
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  const int nd = static_cast<int>(digits.size());
  const int point = exp + 1;
  std::string out = std::signbit(f) ? "-" : "";
  if (exp < -4 || exp >= 6) {
    out += digits[0];
    if (nd > 1) {
      out += '.';
      out.append(digits, 1);
    }
    out += exp < 0 ? "e-" : "e+";
    const int e = exp < 0 ? -exp : exp;
    if (e < 10) out += '0';
    out += std::to_string(e);
    return out;
  }
  if (point > 0) {
    for (int k = 0; k < point; ++k) out += k < nd ? digits[static_cast<std::size_t>(k)] : '0';
  } else {
    out += '0';
  }
  if (nd > point) {
    out += '.';
    for (int k = point; k < nd; ++k) out += k >= 0 ? digits[static_cast<std::size_t>(k)] : '0';
  }
  return out;
}

// A float goes out as encoding/json's text and comes back through resolve(): without a fraction
// or exponent it is an int (or uint64) again; otherwise a float64 printed with 'g'.
std::string yaml_float_text(double f) {
  const std::string json = go_json_float(f);
  if (json == "null") return json;
  if (json.find_first_of(".eE") == std::string::npos) {
    const char* end = json.data() + json.size();
    int64_t i = 0;
    if (std::from_chars(json.data(), end, i).ec == std::errc()) return std::to_string(i);
    uint64_t u = 0;
    if (std::from_chars(json.data(), end, u).ec == std::errc()) return std::to_string(u);
  }
  return go_format_g(f);
}

// ----------------------------------------------------------------------------------------------
// The emitter (emitterc.go), for block collections of scalars as encode.go produces them.

enum class Style : uint8_t { kPlain, kSingleQuoted, kDoubleQuoted, kLiteral };

constexpr int kBestIndent = 2;
constexpr int kBestWidth = 80;

unsigned char byte_at(std::string_view s, std::size_t i) {
  return i < s.size() ? static_cast<unsigned char>(s[i]) : 0;
}

std::size_t char_width(std::string_view s, std::size_t i) {
  const unsigned char b = byte_at(s, i);
  if ((b & 0x80) == 0) return 1;
  if ((b & 0xE0) == 0xC0) return 2;
  if ((b & 0xF0) == 0xE0) return 3;
  if ((b & 0xF8) == 0xF0) return 4;
  return 1;
}

bool is_printable(std::string_view s, std::size_t i) {
  const unsigned char b = byte_at(s, i);
  const unsigned char b1 = byte_at(s, i + 1);
  const unsigned char b2 = byte_at(s, i + 2);
  return b == 0x0A || (b >= 0x20 && b <= 0x7E) || (b == 0xC2 && b1 >= 0xA0) ||
         (b > 0xC2 && b < 0xED) || (b == 0xED && b1 < 0xA0) || b == 0xEE ||
         (b == 0xEF && !(b1 == 0xBB && b2 == 0xBF) && !(b1 == 0xBF && (b2 == 0xBE || b2 == 0xBF)));
}

bool is_space(std::string_view s, std::size_t i) {
  return byte_at(s, i) == ' ';
}

bool is_blank(std::string_view s, std::size_t i) {
  return byte_at(s, i) == ' ' || byte_at(s, i) == '\t';
}

bool is_break(std::string_view s, std::size_t i) {
  const unsigned char b = byte_at(s, i);
  return b == '\r' || b == '\n' || (b == 0xC2 && byte_at(s, i + 1) == 0x85) ||
         (b == 0xE2 && byte_at(s, i + 1) == 0x80 &&
          (byte_at(s, i + 2) == 0xA8 || byte_at(s, i + 2) == 0xA9));
}

bool is_blankz(std::string_view s, std::size_t i) {
  return is_blank(s, i) || is_break(s, i) || (i < s.size() && s[i] == '\0');
}

// What yaml_emitter_analyze_scalar concludes (the flow-context flags are never needed: every
// non-empty collection is emitted in block style).
struct ScalarAnalysis {
  bool multiline = false;
  bool block_plain_allowed = true;
  bool single_quoted_allowed = true;
  bool block_allowed = true;
};

ScalarAnalysis analyze_scalar(std::string_view v) {
  ScalarAnalysis a;
  if (v.empty()) {
    a.block_allowed = false;
    return a;
  }
  bool block_indicators = v.starts_with("---") || v.starts_with("...");
  bool line_breaks = false;
  bool special_characters = false;
  bool leading_space = false;
  bool leading_break = false;
  bool trailing_space = false;
  bool trailing_break = false;
  bool break_space = false;
  bool space_break = false;
  bool preceded_by_whitespace = true;
  bool previous_space = false;
  bool previous_break = false;
  bool unicode_break = false;
  for (std::size_t i = 0; i < v.size();) {
    const std::size_t w = char_width(v, i);
    if (is_break(v, i) && byte_at(v, i) == 0xE2) unicode_break = true;
    const bool followed_by_whitespace = i + w >= v.size() || is_blank(v, i + w);
    const char c = v[i];
    if (i == 0) {
      switch (c) {
        case '#':
        case ',':
        case '[':
        case ']':
        case '{':
        case '}':
        case '&':
        case '*':
        case '!':
        case '|':
        case '>':
        case '\'':
        case '"':
        case '%':
        case '@':
        case '`': block_indicators = true; break;
        case '?':
        case ':':
        case '-':
          if (followed_by_whitespace) block_indicators = true;
          break;
        default: break;
      }
    } else if ((c == ':' && followed_by_whitespace) || (c == '#' && preceded_by_whitespace)) {
      block_indicators = true;
    }
    if (!is_printable(v, i)) special_characters = true;
    if (is_space(v, i)) {
      if (i == 0) leading_space = true;
      if (i + w == v.size()) trailing_space = true;
      if (previous_break) break_space = true;
      previous_space = true;
      previous_break = false;
    } else if (is_break(v, i)) {
      line_breaks = true;
      if (i == 0) leading_break = true;
      if (i + w == v.size()) trailing_break = true;
      if (previous_space) space_break = true;
      previous_space = false;
      previous_break = true;
    } else {
      previous_space = false;
      previous_break = false;
    }
    preceded_by_whitespace = is_blankz(v, i);
    i += w;
  }
  a.multiline = line_breaks;
  if (leading_space || leading_break || trailing_space || trailing_break) {
    a.block_plain_allowed = false;
  }
  if (trailing_space) a.block_allowed = false;
  if (break_space) {
    a.block_plain_allowed = false;
    a.single_quoted_allowed = false;
  }
  if (space_break || special_characters) {
    a.block_plain_allowed = false;
    a.single_quoted_allowed = false;
    a.block_allowed = false;
  }
  if (line_breaks) a.block_plain_allowed = false;
  if (block_indicators) a.block_plain_allowed = false;
  // Where this printer departs from go-yaml: U+2028 and U+2029 are line breaks to go-yaml
  // (YAML 1.1) but not to the YAML 1.2 readers this project decodes with, so written raw in a
  // single-quoted or block scalar (as kubectl would) they would not read back the same here.
  // Double quotes escape them ("\L", "\P"), which both read alike.
  if (unicode_break) {
    a.block_plain_allowed = false;
    a.single_quoted_allowed = false;
    a.block_allowed = false;
  }
  return a;
}

// A scalar event: its text and the style encode.go asks for.
struct Scalar {
  std::string text;
  Style style = Style::kPlain;
};

// encode.go stringv.
Scalar string_scalar(std::string s) {
  Style style = Style::kDoubleQuoted;
  if (s.find('\n') != std::string::npos) {
    style = Style::kLiteral;
  } else if (resolves_to_string(s) && !is_base60_float(s)) {
    style = Style::kPlain;
  }
  return {std::move(s), style};
}

class Emitter {
 public:
  std::string finish(const Value& root) {
    emit_node(root, /*mapping=*/false, /*simple_key=*/false);
    write_indent();  // yaml_emitter_emit_document_end
    return std::move(out_);
  }

 private:
  // --- output primitives (put, put_break, write, write_break)

  void put(char c) {
    out_ += c;
    ++column_;
  }

  void put_break() {
    out_ += '\n';
    column_ = 0;
  }

  void write(std::string_view s, std::size_t& i) {
    const std::size_t w = std::min(char_width(s, i), s.size() - i);
    out_.append(s.substr(i, w));
    ++column_;
    i += w;
  }

  void write_break(std::string_view s, std::size_t& i) {
    if (s[i] == '\n') {
      put_break();
      ++i;
    } else {
      write(s, i);
      column_ = 0;
    }
  }

  void write_indent() {
    const int indent = std::max(indent_, 0);
    if (!indention_ || column_ > indent || (column_ == indent && !whitespace_)) put_break();
    while (column_ < indent) put(' ');
    whitespace_ = true;
    indention_ = true;
  }

  void write_indicator(std::string_view indicator, bool need_whitespace, bool is_whitespace,
                       bool is_indention) {
    if (need_whitespace && !whitespace_) put(' ');
    for (std::size_t i = 0; i < indicator.size();) write(indicator, i);
    whitespace_ = is_whitespace;
    indention_ = indention_ && is_indention;
  }

  void increase_indent(bool flow, bool indentless) {
    indents_.push_back(indent_);
    if (indent_ < 0) {
      indent_ = flow ? kBestIndent : 0;
    } else if (!indentless) {
      indent_ += kBestIndent;
    }
  }

  void pop_indent() {
    indent_ = indents_.back();
    indents_.pop_back();
  }

  // --- nodes

  // yaml_emitter_emit_node; the root and sequence contexts only matter upstream for things that
  // never happen here (open-ended documents, flow collections).
  void emit_node(const Value& v, bool mapping, bool simple_key) {
    mapping_context_ = mapping;
    simple_key_context_ = simple_key;
    switch (v.kind()) {
      case Value::Kind::kNull: emit_scalar({"null", Style::kPlain}); return;
      case Value::Kind::kBool: emit_scalar({v.as_bool() ? "true" : "false", Style::kPlain}); return;
      case Value::Kind::kInt: emit_scalar({std::to_string(v.as_int()), Style::kPlain}); return;
      case Value::Kind::kFloat: emit_scalar({yaml_float_text(v.as_float()), Style::kPlain}); return;
      case Value::Kind::kString: emit_scalar(string_scalar(json_round_trip(v.as_string()))); return;
      case Value::Kind::kArray: emit_sequence(v); return;
      case Value::Kind::kObject: emit_mapping(v); return;
    }
  }

  void emit_sequence(const Value& v) {
    if (v.items().empty()) {
      // yaml_emitter_check_empty_sequence: an empty sequence is written in flow style.
      write_indicator("[", true, true, false);
      write_indicator("]", false, false, false);
      return;
    }
    // yaml_emitter_emit_block_sequence_item(first): a sequence that is a mapping value right
    // after its key is not indented.
    increase_indent(false, mapping_context_ && !indention_);
    for (const Value& item : v.items()) {
      write_indent();
      write_indicator("-", true, false, true);
      emit_node(item, false, false);
    }
    pop_indent();
  }

  void emit_mapping(const Value& v) {
    if (v.members().empty()) {
      write_indicator("{", true, true, false);
      write_indicator("}", false, false, false);
      return;
    }
    // The map go-yaml decoded: a repeated key keeps its last value.
    struct Entry {
      std::string key;
      std::u32string runes;
      const Value* value;
    };
    std::vector<Entry> entries;
    std::unordered_map<std::string, std::size_t> seen;
    for (const auto& [raw_key, member] : v.members()) {
      std::string key = json_round_trip(raw_key);
      const auto [it, inserted] = seen.emplace(key, entries.size());
      if (inserted) {
        std::u32string runes = to_runes(key);
        entries.push_back({std::move(key), std::move(runes), &member});
      } else {
        entries[it->second].value = &member;
      }
    }
    merge_sort(entries, [](const Entry& a, const Entry& b) { return key_less(a.runes, b.runes); });

    increase_indent(false, false);
    for (const Entry& e : entries) {
      Scalar key = string_scalar(e.key);
      write_indent();
      // yaml_emitter_check_simple_key: single-line and at most 128 bytes.
      const bool simple = !analyze_scalar(key.text).multiline && key.text.size() <= 128;
      if (simple) {
        mapping_context_ = true;
        simple_key_context_ = true;
        emit_scalar(key);
        write_indicator(":", false, false, false);
      } else {
        write_indicator("?", true, false, true);
        mapping_context_ = true;
        simple_key_context_ = false;
        emit_scalar(key);
        write_indent();
        write_indicator(":", true, false, true);
      }
      emit_node(*e.value, true, false);
    }
    pop_indent();
  }

  // yaml_emitter_select_scalar_style.
  Style select_style(const Scalar& s, const ScalarAnalysis& a) const {
    Style style = s.style;
    if (simple_key_context_ && a.multiline) style = Style::kDoubleQuoted;
    if (style == Style::kPlain) {
      if (!a.block_plain_allowed) style = Style::kSingleQuoted;
      if (s.text.empty() && simple_key_context_) style = Style::kSingleQuoted;
    }
    if (style == Style::kSingleQuoted && !a.single_quoted_allowed) style = Style::kDoubleQuoted;
    if (style == Style::kLiteral && (!a.block_allowed || simple_key_context_)) {
      style = Style::kDoubleQuoted;
    }
    return style;
  }

  void emit_scalar(const Scalar& s) {
    const Style style = select_style(s, analyze_scalar(s.text));
    increase_indent(true, false);
    const bool allow_breaks = !simple_key_context_;
    switch (style) {
      case Style::kPlain: write_plain(s.text, allow_breaks); break;
      case Style::kSingleQuoted: write_single_quoted(s.text, allow_breaks); break;
      case Style::kDoubleQuoted: write_double_quoted(s.text, allow_breaks); break;
      case Style::kLiteral: write_literal(s.text); break;
    }
    pop_indent();
  }

  void write_plain(std::string_view v, bool allow_breaks) {
    if (!whitespace_) put(' ');
    bool spaces = false;
    bool breaks = false;
    for (std::size_t i = 0; i < v.size();) {
      if (is_space(v, i)) {
        if (allow_breaks && !spaces && column_ > kBestWidth && !is_space(v, i + 1)) {
          write_indent();
          ++i;
        } else {
          write(v, i);
        }
        spaces = true;
      } else if (is_break(v, i)) {
        if (!breaks && v[i] == '\n') put_break();
        write_break(v, i);
        indention_ = true;
        breaks = true;
      } else {
        if (breaks) write_indent();
        write(v, i);
        indention_ = false;
        spaces = false;
        breaks = false;
      }
    }
    whitespace_ = false;
    indention_ = false;
  }

  void write_single_quoted(std::string_view v, bool allow_breaks) {
    write_indicator("'", true, false, false);
    bool spaces = false;
    bool breaks = false;
    for (std::size_t i = 0; i < v.size();) {
      if (is_space(v, i)) {
        if (allow_breaks && !spaces && column_ > kBestWidth && i > 0 && i + 1 < v.size() &&
            !is_space(v, i + 1)) {
          write_indent();
          ++i;
        } else {
          write(v, i);
        }
        spaces = true;
      } else if (is_break(v, i)) {
        if (!breaks && v[i] == '\n') put_break();
        write_break(v, i);
        indention_ = true;
        breaks = true;
      } else {
        if (breaks) write_indent();
        if (v[i] == '\'') put('\'');
        write(v, i);
        indention_ = false;
        spaces = false;
        breaks = false;
      }
    }
    write_indicator("'", false, false, false);
    whitespace_ = false;
    indention_ = false;
  }

  void write_double_quoted(std::string_view v, bool allow_breaks) {
    static constexpr char kUpperHex[] = "0123456789ABCDEF";
    // is_bom looks at the start of the value, not at position i: a value that starts with a BOM
    // has every character escaped.
    const bool starts_with_bom = v.starts_with("\xEF\xBB\xBF");
    bool spaces = false;
    write_indicator("\"", true, false, false);
    for (std::size_t i = 0; i < v.size();) {
      const unsigned char c = byte_at(v, i);
      if (!is_printable(v, i) || starts_with_bom || is_break(v, i) || c == '"' || c == '\\') {
        const std::size_t w = std::min(char_width(v, i), v.size() - i);
        const char32_t r = utf8_rune(v, i, w);
        i += w;
        put('\\');
        switch (r) {
          case 0x00: put('0'); break;
          case 0x07: put('a'); break;
          case 0x08: put('b'); break;
          case 0x09: put('t'); break;
          case 0x0A: put('n'); break;
          case 0x0B: put('v'); break;
          case 0x0C: put('f'); break;
          case 0x0D: put('r'); break;
          case 0x1B: put('e'); break;
          case 0x22: put('"'); break;
          case 0x5C: put('\\'); break;
          case 0x85: put('N'); break;
          case 0xA0: put('_'); break;
          case 0x2028: put('L'); break;
          case 0x2029: put('P'); break;
          default: {
            int digits = 8;
            if (r <= 0xFF) {
              put('x');
              digits = 2;
            } else if (r <= 0xFFFF) {
              put('u');
              digits = 4;
            } else {
              put('U');
            }
            for (int k = (digits - 1) * 4; k >= 0; k -= 4) put(kUpperHex[(r >> k) & 0xF]);
          }
        }
        spaces = false;
      } else if (is_space(v, i)) {
        if (allow_breaks && !spaces && column_ > kBestWidth && i > 0 && i + 1 < v.size()) {
          write_indent();
          if (is_space(v, i + 1)) put('\\');
          ++i;
        } else {
          write(v, i);
        }
        spaces = true;
      } else {
        write(v, i);
        spaces = false;
      }
    }
    write_indicator("\"", false, false, false);
    whitespace_ = false;
    indention_ = false;
  }

  // yaml_emitter_write_block_scalar_hints: an indentation indicator when the text starts with a
  // space or a break; "-" without a final break, "+" when it ends in two breaks (or is one).
  void write_block_scalar_hints(std::string_view v) {
    if (is_space(v, 0) || is_break(v, 0)) {
      const char hint[] = {static_cast<char>('0' + kBestIndent), '\0'};
      write_indicator(hint, false, false, false);
    }
    const char* chomp = nullptr;
    if (v.empty()) {
      chomp = "-";
    } else {
      std::size_t i = v.size() - 1;
      while (i > 0 && (byte_at(v, i) & 0xC0) == 0x80) --i;
      if (!is_break(v, i)) {
        chomp = "-";
      } else if (i == 0) {
        chomp = "+";
      } else {
        --i;
        while (i > 0 && (byte_at(v, i) & 0xC0) == 0x80) --i;
        if (is_break(v, i)) chomp = "+";
      }
    }
    if (chomp != nullptr) write_indicator(chomp, false, false, false);
  }

  void write_literal(std::string_view v) {
    write_indicator("|", true, false, false);
    write_block_scalar_hints(v);
    put_break();
    indention_ = true;
    whitespace_ = true;
    bool breaks = true;
    for (std::size_t i = 0; i < v.size();) {
      if (is_break(v, i)) {
        write_break(v, i);
        indention_ = true;
        breaks = true;
      } else {
        if (breaks) write_indent();
        write(v, i);
        indention_ = false;
        breaks = false;
      }
    }
  }

  std::string out_;
  int column_ = 0;
  int indent_ = -1;
  std::vector<int> indents_;
  bool whitespace_ = true;
  bool indention_ = true;
  bool mapping_context_ = false;
  bool simple_key_context_ = false;
};

}  // namespace

std::string to_yaml(const Value& v) {
  return Emitter().finish(v);
}

}  // namespace podcore::manifest
