// A container's security settings computed before the spawn: capability
// sets (libcap names, containerd's defaults and add/drop rules), process
// identity (runAsUser/runAsGroup/supplementalGroups/fsGroup with the image's
// /etc/passwd and /etc/group), runAsNonRoot, no_new_privs, masked and
// read-only paths.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "manifest/pod_types.hpp"
#include "sandbox/command.hpp"
#include "sandbox/types.hpp"

namespace podcore::sandbox {

/// containerd/CRI-O's default capabilities.
inline constexpr std::string_view kDefaultCapabilities[] = {
    "CAP_CHOWN",   "CAP_DAC_OVERRIDE", "CAP_FSETID",           "CAP_FOWNER",
    "CAP_MKNOD",   "CAP_NET_RAW",      "CAP_SETGID",           "CAP_SETUID",
    "CAP_SETFCAP", "CAP_SETPCAP",      "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
    "CAP_KILL",    "CAP_AUDIT_WRITE"};

/// The default masked paths (containerd's oci.WithMaskedPaths defaults).
inline constexpr std::string_view kMaskedPaths[] = {
    "/proc/acpi",       "/proc/asound",      "/proc/interrupts",
    "/proc/kcore",      "/proc/keys",        "/proc/latency_stats",
    "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
    "/proc/scsi",       "/sys/firmware",     "/sys/devices/virtual/powercap"};

/// The default read-only paths.
inline constexpr std::string_view kReadonlyPaths[] = {"/proc/bus", "/proc/fs", "/proc/irq",
                                                      "/proc/sys", "/proc/sysrq-trigger"};

/// A capability set as the kernel's 64-bit mask (bit n = capability n).
using CapMask = uint64_t;

/// Parses a capability name as Kubernetes accepts it ("NET_ADMIN" or
/// "CAP_NET_ADMIN", any case) with libcap. kInvalid for unknown names.
Result<int> capability_number(std::string_view name);

/// All capabilities this kernel knows (libcap's cap_max_bits).
CapMask all_capabilities();

/// The container's capability set: privileged → all; otherwise the defaults
/// minus `drop` (ALL drops everything) plus `add` (ALL adds everything).
Result<CapMask> container_capabilities(const manifest::SecurityContext* sc);

/// This process's permitted capabilities (libcap cap_get_proc): a container
/// can get no more than these (root on this VM lacks CAP_SYS_RESOURCE).
CapMask own_permitted_capabilities();

/// The capability names of a mask ("cap_chown", ...), by libcap.
std::vector<std::string> capability_names(CapMask mask);

/// The identity a container process runs with (status.containerStatuses[].user.linux).
struct ProcessIdentity {
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> supplemental_groups;  ///< sorted, unique
};

/// Resolves the identity of `container` of `pod` with `image` (its config
/// user and its rootfs /etc/passwd, /etc/group), as kubelet + containerd do,
/// and checks runAsNonRoot with kubelet's messages (CreateContainerConfigError).
/// An image user name missing from /etc/passwd gives CreateContainerError
/// `unable to find user NAME: no matching entries in passwd file`.
std::expected<ProcessIdentity, ConfigFailure> resolve_identity(const manifest::Pod& pod,
                                                               const manifest::Container& container,
                                                               const Image& image);

/// The effective security context of a container: container fields override
/// the pod's (DetermineEffectiveSecurityContext).
struct EffectiveSecurity {
  bool privileged = false;
  bool read_only_rootfs = false;
  bool no_new_privs = false;   ///< allowPrivilegeEscalation: false
  bool unmasked_proc = false;  ///< procMount: Unmasked
  CapMask capabilities = 0;
};

/// Computes EffectiveSecurity. kInvalid for an unknown capability name.
Result<EffectiveSecurity> effective_security(const manifest::Pod& pod,
                                             const manifest::Container& container);

}  // namespace podcore::sandbox
