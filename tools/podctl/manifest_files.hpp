// Reading the manifests named by -f: a file, "-" for stdin, or a directory.
#pragma once

#include <string>
#include <vector>

#include "base/error.hpp"

namespace podctl {

/// One manifest source: the name kubectl shows for it and its text.
struct ManifestSource {
  std::string name;  ///< the path, or "STDIN"
  std::string text;
};

/// Expands `-f` arguments: "-" reads stdin; a directory contributes its
/// *.yaml, *.yml and *.json files in name order (not recursive, as kubectl).
podcore::Result<std::vector<ManifestSource>> read_manifest_sources(
    const std::vector<std::string>& paths);

}  // namespace podctl
