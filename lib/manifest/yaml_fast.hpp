// A fast parser for the plain block-style YAML that most manifests are
// written in. It gives up (std::nullopt) on anything outside its subset —
// anchors, tags, block scalars, multi-line scalars or flow collections,
// tabs, CR, non-ASCII, directives — and the caller then uses yaml-cpp.
// For what it accepts it builds exactly the tree yaml-cpp's events build
// (checked by a differential test and the fuzzer). Private to the layer.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "manifest/yaml_tree.hpp"

namespace podcore::manifest {

/// The documents of `text`, or nullopt when the text is outside the subset.
std::optional<std::vector<YNode>> parse_yaml_fast(std::string_view text);

/// The document of a JSON object text (json_fast.cpp), or nullopt when the text is not strict
/// ASCII JSON of the kind kubectl and the state directory write.
std::optional<std::vector<YNode>> parse_json_fast(std::string_view text);

/// Parses with yaml-cpp only (the reference the fast paths must agree with).
Result<std::vector<YNode>> parse_yaml_reference(std::string_view text);

/// The keys of one mapping under construction, for duplicate detection:
/// a linear scan while the map is small, a hash set once it is large
/// (annotations can have thousands of keys).
class MapKeyIndex {
 public:
  /// True if `key` is already among `children` (and remembers it).
  bool seen_before(const std::vector<YNode>& children, const std::string& key);

 private:
  std::unordered_set<std::string> seen_;
};

/// Marks `entry.duplicate` if its key already appears in `map`, then appends it.
void append_map_entry(YNode& map, YNode entry, MapKeyIndex& index);

}  // namespace podcore::manifest
