// Types shared by the parts of the sandbox layer: the image store hands out an
// Image, the pod sandbox hands out PodNamespaces, the container spawner
// consumes both.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace podcore::sandbox {

/// The parts of an OCI/Docker image config a container start needs.
struct ImageConfig {
  std::vector<std::string> entrypoint;  ///< Docker ENTRYPOINT (Kubernetes `command` replaces it)
  std::vector<std::string> cmd;         ///< Docker CMD (Kubernetes `args` replaces it)
  std::vector<std::string> env;         ///< "NAME=value" entries
  std::string working_dir;              ///< empty: "/"
  std::string user;                     ///< "uid[:gid]" or a name from the image's /etc/passwd
};

/// An image in the local store: a read-only root filesystem plus its config.
struct Image {
  std::string reference;         ///< the normalised reference it was resolved by
  std::string id;                ///< stable identifier of the content (e.g. "sha256:<hex>")
  std::filesystem::path rootfs;  ///< the lower directory; never written by a container
  ImageConfig config;
};

/// The namespaces of one pod sandbox, as paths that setns(2) can open:
/// /proc/self/fd/<N> of a descriptor the process holds (namespace_paths in
/// pod_sandbox.hpp), or empty when the pod uses the host's namespace of that
/// kind.
struct PodNamespaces {
  std::filesystem::path net;
  std::filesystem::path uts;
  std::filesystem::path ipc;
  std::filesystem::path pid;  ///< set only with shareProcessNamespace (the pause process's)
  std::optional<int> pause_pid;
};

}  // namespace podcore::sandbox
