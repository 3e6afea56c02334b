// Volumes of one container, prepared on the host before the spawn: emptyDir
// (directory, or tmpfs with medium Memory), hostPath with its type checks,
// downwardAPI and projected downwardAPI (atomic-writer layout), subPath,
// readOnly, fsGroup. Volume types that need API objects this node does not
// have (configMap, secret, persistentVolumeClaim) are refused with
// Kubernetes' message.
#pragma once

#include <expected>
#include <filesystem>
#include <string>
#include <vector>

#include "manifest/pod_types.hpp"
#include "sandbox/command.hpp"
#include "sandbox/downward.hpp"

namespace podcore::sandbox {

/// One bind mount into the container.
struct VolumeBind {
  std::string source;  ///< host path
  std::string target;  ///< path inside the container (absolute)
  bool read_only = false;
  bool is_dir = true;  ///< source is a directory (else a file, socket, device)
};

/// pods/<UID>/volumes/<name>.
std::filesystem::path volume_dir(const std::filesystem::path& pod_dir, std::string_view name);

/// Prepares every volumeMount of `container` and returns the bind mounts in
/// the order of the volumeMounts. Failures: CreateContainerConfigError for
/// missing objects (`configmap "NAME" not found`, `secret "NAME" not found`,
/// `persistentvolumeclaim "NAME" not found`) and unsupported types;
/// CreateContainerError for hostPath type checks (kubelet's
/// `hostPath type check failed: PATH is not a directory`), bad subPaths and
/// I/O errors.
std::expected<std::vector<VolumeBind>, ConfigFailure> prepare_volumes(
    const std::filesystem::path& pod_dir, const DownwardContext& ctx,
    const manifest::Container& container);

}  // namespace podcore::sandbox
