// The process a container runs: command/args combined with the image's
// ENTRYPOINT/CMD, and its environment with $(VAR) expansion, as kubelet
// (pkg/kubelet/kubelet_pods.go makeEnvironmentVariables,
// third_party/forked/golang/expansion) and containerd (WithProcessArgs,
// WithEnv) compose them. Pure functions.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/error.hpp"
#include "sandbox/downward.hpp"
#include "sandbox/types.hpp"

namespace podcore::sandbox {

/// expansion.Expand: `$(NAME)` → lookup(NAME) when it returns a value, else
/// left as `$(NAME)`; `$$` → `$`; `$` before anything else, an unterminated
/// `$(` and a trailing `$` are kept.
std::string expand_references(
    std::string_view input,
    const std::function<std::optional<std::string>(std::string_view)>& lookup);

/// An ordered environment: NAME → value, first-set order kept, later sets win.
class EnvList {
 public:
  /// Sets NAME (replacing an earlier value in place).
  void set(std::string_view name, std::string value);
  [[nodiscard]] std::optional<std::string> get(std::string_view name) const;
  [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& entries() const {
    return entries_;
  }
  /// "NAME=value" strings.
  [[nodiscard]] std::vector<std::string> to_strings() const;

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

/// Why a container cannot be created from its configuration: the Waiting
/// reason ("CreateContainerConfigError", "CreateContainerError") and
/// Kubernetes' message.
struct ConfigFailure {
  std::string reason;
  std::string message;
};

/// kubelet's makeEnvironmentVariables for `container`: envFrom, then env
/// (values `$(VAR)`-expanded against the variables defined before them;
/// valueFrom fieldRef/resourceFieldRef resolved through `ctx`). ConfigMaps
/// and Secrets do not exist on this node: a non-optional reference gives
/// CreateContainerConfigError `configmap "NAME" not found` /
/// `secret "NAME" not found`; optional ones are skipped. Service-link
/// variables are not generated (no API server).
std::expected<EnvList, ConfigFailure> kubelet_environment(const DownwardContext& ctx,
                                                          const manifest::Container& container);

/// The runtime's final environment: the image env, overridden/extended by
/// `kubelet_env`, plus HOSTNAME=`hostname` (set by the runtime, as
/// containerd does, unless the spec sets it) and a default PATH when the
/// image has none.
std::vector<std::string> container_environment(const ImageConfig& image, const EnvList& kubelet_env,
                                               std::string_view hostname);

/// ExpandContainerCommandAndArgs then containerd's WithProcessArgs: command
/// and args expanded against `kubelet_env`; empty command → image
/// ENTRYPOINT, and with empty args too → image CMD; a set command drops the
/// image CMD. CreateContainerError "no command specified" when nothing is left.
std::expected<std::vector<std::string>, ConfigFailure> container_argv(
    const ImageConfig& image, const manifest::Container& container, const EnvList& kubelet_env);

/// The PATH candidates for argv[0] as runc's exec lookup tries them: argv[0]
/// itself when it contains '/', else each directory of `path_env` (the
/// container's PATH) joined with it ("" entries mean ".").
std::vector<std::string> exec_candidates(std::string_view argv0, std::string_view path_env);

/// The default PATH of containerd/runc for images without one.
inline constexpr std::string_view kDefaultPath =
    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

}  // namespace podcore::sandbox
