// podctl's global flags: which runtime (state directory, network, cgroup
// parent) and which namespace a command works on. Each flag can also come
// from the environment so several isolated runtimes can be used side by side:
//
//   --state-dir DIR        $PODCORE_STATE_DIR      (default /run/podcore)
//   --bridge NAME          $PODCORE_BRIDGE         (default podcore0)
//   --subnet CIDR          $PODCORE_SUBNET         (default 10.87.0.0/16)
//   --network NAME         $PODCORE_NETWORK        (default podcore: IPAM dir, alias marker)
//   --cgroup-parent NAME   $PODCORE_CGROUP_PARENT  (default podcore)
//   --max-pods N           $PODCORE_MAX_PODS       (default 110, kubelet's)
//   -n, --namespace NS     (default "default")
//   -A, --all-namespaces
//
// Flags win over the environment. They may appear anywhere before "--".
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "pod/runtime.hpp"

namespace podctl {

struct GlobalFlags {
  std::string state_dir;      ///< empty: the runtime's default
  std::string bridge;         ///< empty: the network default
  std::string subnet;         ///< empty: the network default
  std::string network;        ///< empty: the network default
  std::string cgroup_parent;  ///< empty: the runtime default
  std::string max_pods;       ///< empty: the runtime default; else a positive integer
  std::string namespace_;     ///< as given with -n; empty: not given
  bool all_namespaces = false;

  /// The namespace to work in: -n, else "default".
  [[nodiscard]] std::string ns() const { return namespace_.empty() ? "default" : namespace_; }
};

/// Takes the global flags out of `args` (up to a "--"), filling in the
/// environment's values for those not given. kInvalid with kubectl's usage
/// wording when a flag lacks its value.
podcore::Result<GlobalFlags> take_global_flags(std::vector<std::string_view>& args);

/// The runtime options the flags select.
podcore::pod::RuntimeOptions runtime_options(const GlobalFlags& flags);

/// Opens the runtime the flags select.
podcore::Result<std::unique_ptr<podcore::pod::Runtime>> open_runtime(const GlobalFlags& flags);

/// The text of the global flags for --help.
extern const char* kGlobalFlagsHelp;

}  // namespace podctl
