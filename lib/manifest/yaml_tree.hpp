// YAML (and JSON, which is YAML) text to a light tree with positions, and
// YAML 1.1 scalar resolution as the Kubernetes decoder (sigs.k8s.io/yaml,
// go-yaml v2) applies it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace podcore::manifest {

/// One node of a parsed YAML document.
struct YNode {
  enum class Kind : uint8_t { kNull, kScalar, kSequence, kMap };
  Kind kind = Kind::kNull;
  bool quoted = false;     ///< quoted or tagged !!str: a string whatever it looks like
  bool duplicate = false;  ///< as a map entry: its key appeared before in the same map
  uint32_t line = 0;       ///< 1-based position of the node
  uint32_t column = 0;
  uint32_t key_line = 0;  ///< 1-based position of the key, for map entries
  uint32_t key_column = 0;
  std::string tag;              ///< explicit tag ("tag:yaml.org,2002:int", "!foo"), else empty
  std::string text;             ///< scalar text
  std::string key;              ///< the key, for map entries
  std::vector<YNode> children;  ///< sequence items, or map entries (each with `key`)
};

/// Parses every document of a YAML stream ("---" separated). An empty
/// document yields a kNull root. Errors are kInvalid, stage
/// "manifest.decode", with "yaml: line L, column C: <reason>".
Result<std::vector<YNode>> parse_yaml_stream(std::string_view text);

/// What a scalar means under YAML 1.1 (go-yaml v2 `resolve`).
struct Scalar {
  enum class Type : uint8_t { kNull, kBool, kInt, kUint, kFloat, kString };
  Type type = Type::kString;
  bool b = false;
  int64_t i = 0;
  uint64_t u = 0;
  double f = 0;
};

/// Resolves a scalar node: plain scalars become null/bool/int/float/string
/// by the YAML 1.1 rules Kubernetes reads with (`0400` is octal 256, `yes`
/// and `on` are true, `1e3` is a float, timestamps stay strings); quoted
/// scalars are strings. A kNull node resolves to kNull.
Scalar resolve_scalar(const YNode& node);

/// The text encoding/json would write for a number scalar (int, uint or
/// float), e.g. "420" for the YAML `0644`, "1000" for `1e3`, "0.5".
std::string json_number_text(const Scalar& s);

/// The JSON type name Go's decoder would report: "string", "number",
/// "bool", "array", "object" (null reports "null").
std::string_view json_kind_name(const YNode& node);

}  // namespace podcore::manifest
