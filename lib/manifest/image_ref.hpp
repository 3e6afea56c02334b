// Container image references, parsed and normalised as Docker does
// (github.com/distribution/reference ParseNormalizedNamed).
#pragma once

#include <string>
#include <string_view>

#include "base/error.hpp"

namespace podcore::manifest {

/// A parsed, normalised image reference.
struct ImageReference {
  std::string domain;  ///< "docker.io", "registry.k8s.io", "localhost:5000"
  std::string path;    ///< "library/busybox"
  std::string tag;     ///< "1.36", or empty
  std::string digest;  ///< "sha256:<hex>", or empty

  /// "docker.io/library/busybox"
  [[nodiscard]] std::string name() const { return domain + "/" + path; }
  /// The full normalised form: name[:tag][@digest], with ":latest" added
  /// when there is neither tag nor digest (kubelet's ParseImageName).
  [[nodiscard]] std::string canonical() const;
  /// The tag kubelet uses: the tag, or "latest" when there is neither tag
  /// nor digest, or empty when there is only a digest.
  [[nodiscard]] std::string effective_tag() const;
};

/// Parses `ref` by the reference grammar (lower-case repository, tag
/// `[\w][\w.-]{0,127}`, digest `algo:hex{32,}`, name ≤ 255 chars) and
/// normalises it: no domain → docker.io, single component → library/.
/// kInvalid with the upstream reason ("invalid reference format",
/// "repository name must be lowercase", ...).
Result<ImageReference> parse_image_reference(std::string_view ref);

/// The imagePullPolicy the API server defaults for `image`: "Always" when the
/// parsed tag is latest (or there is no tag and no digest), else
/// "IfNotPresent" (also for references that do not parse).
std::string_view default_pull_policy(std::string_view image);

}  // namespace podcore::manifest
