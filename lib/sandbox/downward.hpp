// The downward API: the values of fieldRef/resourceFieldRef selectors
// (kubelet's podFieldSelectorRuntimeValue, pkg/fieldpath/fieldpath.go and
// pkg/api/v1/resource/helpers.go ExtractContainerResourceValue), and
// downwardAPI volumes written the way kubelet's atomic writer lays them out
// (pkg/volume/util/atomic_writer.go).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "manifest/pod_types.hpp"

namespace podcore::sandbox {

/// What the node contributes to downward API values.
struct NodeInfo {
  std::string name;                   ///< spec.nodeName when the pod has none
  std::string host_ip;                ///< status.hostIP
  int64_t allocatable_milli_cpu = 0;  ///< limits.cpu of a container without a cpu limit
  int64_t allocatable_memory = 0;     ///< limits.memory (bytes) without a memory limit
  int64_t allocatable_ephemeral = 0;  ///< limits.ephemeral-storage without a limit
};

/// The pod-level values a fieldRef can read besides the manifest.
struct DownwardContext {
  const manifest::Pod* pod = nullptr;
  std::vector<std::string> pod_ips;  ///< status.podIPs (first is status.podIP)
  NodeInfo node;
};

/// The value of a fieldRef `field_path` (metadata.name, metadata.namespace,
/// metadata.uid, metadata.labels['k'], metadata.annotations['k'],
/// metadata.labels, metadata.annotations (FormatMap), spec.nodeName,
/// spec.serviceAccountName, status.hostIP, status.hostIPs, status.podIP,
/// status.podIPs). kInvalid (stage "sandbox.downward") for anything else.
Result<std::string> field_ref_value(const DownwardContext& ctx, std::string_view field_path);

/// kubelet's FormatMap: `key="value"` lines sorted by key, values Go-quoted,
/// each line ending in '\n'.
std::string format_downward_map(const std::map<std::string, std::string>& m);

/// ExtractContainerResourceValue: `selector.resource` of the container named
/// `selector.containerName` (or `container` when empty), divided by the
/// divisor (default 1) and rounded up. Missing limits fall back to the node's
/// allocatable. kInvalid for an unknown resource or container.
Result<std::string> resource_field_value(const DownwardContext& ctx,
                                         const manifest::Container& container,
                                         const manifest::ResourceFieldSelector& selector);

/// One file of a volume written by write_atomic_volume.
struct VolumeFile {
  std::string path;  ///< relative path ("labels", "dir/file")
  std::string content;
  int mode = 0644;
};

/// Writes `files` into `target_dir` as kubelet's atomic writer does: a fresh
/// `..<UTC timestamp>.<random>` directory holding the files, a `..data`
/// symlink to it (replaced by rename), and one symlink per top-level entry
/// (`labels -> ..data/labels`). A previous timestamped directory is removed.
/// With `fs_group`, the files and directories get that group. Paths with
/// ".." elements or absolute paths are refused (kInvalid).
Result<void> write_atomic_volume(const std::filesystem::path& target_dir,
                                 const std::vector<VolumeFile>& files,
                                 std::optional<gid_t> fs_group = std::nullopt);

/// The files of a downwardAPI volume source (or projection) for `container`:
/// items' fieldRef/resourceFieldRef values with mode = item mode or
/// `default_mode` (0644 when unset).
Result<std::vector<VolumeFile>> downward_volume_files(
    const DownwardContext& ctx, const manifest::Container& container,
    const std::vector<manifest::DownwardAPIVolumeFile>& items, std::optional<int32_t> default_mode);

}  // namespace podcore::sandbox
