// The local image store: references pointing at root filesystems plus their
// config. No registry is reachable and pulling is not this layer's job;
// images come in by import (podctl image import) from a directory or a tar
// archive.
//
// Layout under <state>/images/:
//
//   .lock                       flock: mutations exclusive
//   blobs/<hex>/rootfs/         the image root filesystem (overlay lower; never written)
//   blobs/<hex>/image.json      {"id", "size", "created", "config": {Entrypoint, Cmd, Env,
//   WorkingDir, User}} refs/<escaped reference>    "sha256:<hex>\n<normalised reference>\n"
//   (written atomically) tmp/                        staging for imports and removals
//
// <hex> is the SHA-256 of a canonical listing of the root filesystem (path,
// type, mode, owner, size, symlink target, content digest) and the config,
// so importing the same content twice stores it once.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "sandbox/types.hpp"

namespace podcore::sandbox {

/// The runtime's state directory: $PODCORE_STATE_DIR when set and not
/// empty, else /run/podcore.
std::filesystem::path default_state_dir();

/// Config overrides for an import; a set field replaces the one from the
/// source's config.json.
struct ImportOptions {
  std::optional<std::vector<std::string>> entrypoint;
  std::optional<std::vector<std::string>> cmd;
  std::optional<std::vector<std::string>> env;  ///< "NAME=value"
  std::optional<std::string> working_dir;
  std::optional<std::string> user;
};

/// One row of `podctl image ls`.
struct ImageSummary {
  std::string reference;   ///< normalised: "docker.io/library/busybox:1.28"
  std::string repository;  ///< "docker.io/library/busybox"
  std::string tag;         ///< "1.28", or "<none>" for a digest reference
  std::string id;          ///< "sha256:<hex>"
  std::uint64_t size = 0;  ///< bytes of files and symlinks in the root filesystem
};

/// An event the image step asks the caller to record on the pod.
struct ImageEvent {
  std::string type;  ///< "Normal" or "Warning"
  std::string reason;
  std::string message;
};

/// Outcome of ensure_image, in kubelet's terms (pkg/kubelet/images).
struct EnsureImageResult {
  std::optional<Image> image;  ///< set when the container can start
  std::string reason;   ///< when !image: the Waiting reason (ErrImageNeverPull, ErrImagePull,
                        ///< InvalidImageName)
  std::string message;  ///< when !image: the Waiting message
  std::vector<ImageEvent> events;
  [[nodiscard]] bool ok() const { return image.has_value(); }
};

/// A handle on <state>/images/. Cheap to copy; holds no descriptors.
class ImageStore {
 public:
  /// Opens (creating the directories if needed) the store under `state_dir`.
  /// kSystem naming the directory on failure.
  static Result<ImageStore> open(const std::filesystem::path& state_dir);

  /// Imports `source` as `reference`. `source` is either a directory that is
  /// the root filesystem, a bundle directory holding `rootfs/` and
  /// `config.json` (Docker image-config keys Entrypoint, Cmd, Env,
  /// WorkingDir, User, top level or under "config"), or a tar archive (any
  /// format and compression GNU tar reads) of either. Copies preserve modes,
  /// owners, symlinks, hard links and times (cp -a / tar, run with
  /// posix_spawn and an argv, never a shell). An existing reference is
  /// re-pointed; the old content is removed when nothing else refers to it.
  /// kInvalid for a bad reference, kNotFound for a missing source, kSystem
  /// (stage "sandbox.image_import") naming the path otherwise.
  Result<Image> import(std::string_view reference, const std::filesystem::path& source,
                       const ImportOptions& options = {});

  /// The image `reference` (normalised as Docker does) points at.
  /// kInvalid for a bad reference, kNotFound when absent.
  Result<Image> resolve(std::string_view reference) const;

  /// Every reference, sorted by repository then tag.
  Result<std::vector<ImageSummary>> list() const;

  /// Makes `target` point at the image of `source`. kNotFound, kInvalid.
  Result<void> tag(std::string_view source, std::string_view target);

  /// Removes `reference`; the content goes when no reference is left.
  /// kNotFound when absent.
  Result<void> remove(std::string_view reference);

  /// kubelet's EnsureImageExists for a local-only runtime. `pull_policy`
  /// empty → Kubernetes' default for the image (Always for :latest/untagged,
  /// else IfNotPresent). Present: the image plus a "Pulled" event ("already
  /// present on machine"; with Always it adds that this runtime does not
  /// pull). Absent with Never: reason ErrImageNeverPull, message
  /// `Container image "X" is not present with pull policy of Never`. Absent
  /// otherwise: reason ErrImagePull, message
  /// `image "X" not present locally and this runtime does not pull`.
  /// A reference that does not parse: InvalidImageName.
  EnsureImageResult ensure_image(std::string_view image, std::string_view pull_policy = {}) const;

  [[nodiscard]] const std::filesystem::path& root() const { return root_; }

 private:
  explicit ImageStore(std::filesystem::path root) : root_(std::move(root)) {}
  std::filesystem::path root_;  // <state>/images
};

/// The table `podctl image ls` prints (crictl images' layout: IMAGE, TAG,
/// IMAGE ID (13 hex digits), SIZE), each line ending in '\n'.
std::string format_image_table(const std::vector<ImageSummary>& images);

/// Decimal human size as crictl prints it ("728kB", "1.23MB").
std::string human_size(std::uint64_t bytes);

}  // namespace podcore::sandbox
