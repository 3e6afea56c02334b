// Volume preparation on the host.
#include "sandbox/volumes.hpp"

#include <linux/magic.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <system_error>

#include "base/unique_fd.hpp"

namespace podcore::sandbox {
namespace {

ConfigFailure config_error(std::string message) {
  return ConfigFailure{"CreateContainerConfigError", std::move(message)};
}

ConfigFailure create_error(std::string message) {
  return ConfigFailure{"CreateContainerError", std::move(message)};
}

std::string errno_text(int e) {
  return std::error_code(e, std::generic_category()).message();
}

// kubelet's hostPath type checks (pkg/volume/hostpath/host_path.go checkType).
std::expected<bool, ConfigFailure> check_host_path(const std::string& path,
                                                   const std::string& type) {
  struct stat st {};
  bool exists = ::stat(path.c_str(), &st) == 0;
  auto failed = [&](std::string_view what) {
    return std::unexpected(
        create_error("hostPath type check failed: " + path + " " + std::string(what)));
  };
  if (type.empty()) return !exists || S_ISDIR(st.st_mode);
  if (type == "DirectoryOrCreate") {
    if (!exists) {
      std::error_code ec;
      std::filesystem::create_directories(path, ec);
      if (ec) return std::unexpected(create_error("mkdir " + path + ": " + ec.message()));
      ::chmod(path.c_str(), 0755);
      return true;
    }
    if (!S_ISDIR(st.st_mode)) return failed("is not a directory");
    return true;
  }
  if (type == "FileOrCreate") {
    if (!exists) {
      unique_fd fd(::open(path.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0644));
      if (!fd) return std::unexpected(create_error("open " + path + ": " + errno_text(errno)));
      return false;
    }
    if (!S_ISREG(st.st_mode)) return failed("is not a file");
    return false;
  }
  if (!exists) return failed("does not exist");
  if (type == "Directory") {
    if (!S_ISDIR(st.st_mode)) return failed("is not a directory");
    return true;
  }
  if (type == "File") {
    if (!S_ISREG(st.st_mode)) return failed("is not a file");
    return false;
  }
  if (type == "Socket") {
    if (!S_ISSOCK(st.st_mode)) return failed("is not a socket file");
    return false;
  }
  if (type == "CharDevice") {
    if (!S_ISCHR(st.st_mode)) return failed("is not a character device");
    return false;
  }
  if (type == "BlockDevice") {
    if (!S_ISBLK(st.st_mode)) return failed("is not a block device");
    return false;
  }
  return std::unexpected(create_error("hostPath type check failed: invalid type " + type));
}

bool is_tmpfs(const std::string& path) {
  struct statfs sfs {};
  if (::statfs(path.c_str(), &sfs) != 0) return false;
  if (static_cast<unsigned long>(sfs.f_type) != TMPFS_MAGIC) return false;
  // Only our own mount counts: the parent must be on a different device.
  struct stat a {};
  struct stat b {};
  if (::stat(path.c_str(), &a) != 0) return false;
  if (::stat((std::filesystem::path(path) / "..").c_str(), &b) != 0) return false;
  return a.st_dev != b.st_dev;
}

std::expected<void, ConfigFailure> prepare_empty_dir(const std::string& dir,
                                                     const manifest::EmptyDirVolumeSource& src,
                                                     std::optional<int64_t> fs_group) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return std::unexpected(create_error("mkdir " + dir + ": " + ec.message()));
  if (src.medium == "Memory" && !is_tmpfs(dir)) {
    std::string opts = "mode=0777";
    if (src.sizeLimit && src.sizeLimit->value() > 0) {
      opts += ",size=" + std::to_string(src.sizeLimit->value());
    }
    if (::mount("tmpfs", dir.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, opts.c_str()) != 0) {
      return std::unexpected(create_error("mount tmpfs on " + dir + ": " + errno_text(errno)));
    }
  }
  // kubelet makes emptyDir world-writable; with fsGroup, group-owned + setgid.
  mode_t mode = 0777;
  if (fs_group) {
    if (::chown(dir.c_str(), static_cast<uid_t>(-1), static_cast<gid_t>(*fs_group)) != 0) {
      return std::unexpected(create_error("chown " + dir + ": " + errno_text(errno)));
    }
    mode |= S_ISGID;
  }
  if (::chmod(dir.c_str(), mode) != 0) {
    return std::unexpected(create_error("chmod " + dir + ": " + errno_text(errno)));
  }
  return {};
}

}  // namespace

std::filesystem::path volume_dir(const std::filesystem::path& pod_dir, std::string_view name) {
  return pod_dir / "volumes" / std::string(name);
}

std::expected<std::vector<VolumeBind>, ConfigFailure> prepare_volumes(
    const std::filesystem::path& pod_dir, const DownwardContext& ctx,
    const manifest::Container& container) {
  std::vector<VolumeBind> out;
  const auto& spec = ctx.pod->spec;
  std::optional<int64_t> fs_group;
  if (spec.securityContext) fs_group = spec.securityContext->fsGroup;
  for (const auto& vm : container.volumeMounts) {
    const manifest::Volume* vol = nullptr;
    for (const auto& v : spec.volumes) {
      if (v.name == vm.name) vol = &v;
    }
    if (vol == nullptr)
      return std::unexpected(create_error("volume \"" + vm.name + "\" not found"));
    std::string source;
    bool is_dir = true;
    bool force_ro = false;
    const std::string vdir = volume_dir(pod_dir, vol->name).string();
    if (vol->emptyDir) {
      if (auto r = prepare_empty_dir(vdir, *vol->emptyDir, fs_group); !r) {
        return std::unexpected(r.error());
      }
      source = vdir;
    } else if (vol->hostPath) {
      auto r = check_host_path(vol->hostPath->path, vol->hostPath->type.value_or(""));
      if (!r) return std::unexpected(r.error());
      source = vol->hostPath->path;
      is_dir = *r;
    } else if (vol->downwardAPI || vol->projected) {
      std::vector<VolumeFile> files;
      std::optional<int32_t> default_mode;
      auto add_items = [&](const std::vector<manifest::DownwardAPIVolumeFile>& items)
          -> std::expected<void, ConfigFailure> {
        auto f = downward_volume_files(ctx, container, items, default_mode);
        if (!f) return std::unexpected(create_error(f.error().message));
        files.insert(files.end(), f->begin(), f->end());
        return {};
      };
      if (vol->downwardAPI) {
        default_mode = vol->downwardAPI->defaultMode;
        if (auto r = add_items(vol->downwardAPI->items); !r) return std::unexpected(r.error());
      } else {
        default_mode = vol->projected->defaultMode;
        for (const auto& s : vol->projected->sources) {
          if (s.downwardAPI) {
            if (auto r = add_items(s.downwardAPI->items); !r) return std::unexpected(r.error());
          } else if (s.configMap) {
            if (!s.configMap->optional.value_or(false)) {
              return std::unexpected(
                  config_error("configmap \"" + s.configMap->name + "\" not found"));
            }
          } else if (s.secret) {
            if (!s.secret->optional.value_or(false)) {
              return std::unexpected(config_error("secret \"" + s.secret->name + "\" not found"));
            }
          } else {
            return std::unexpected(config_error(
                "projected volume \"" + vol->name +
                "\": only downwardAPI sources are available on this node (no API server)"));
          }
        }
      }
      std::optional<gid_t> g;
      if (fs_group) g = static_cast<gid_t>(*fs_group);
      if (auto r = write_atomic_volume(vdir, files, g); !r) {
        return std::unexpected(create_error(r.error().to_string()));
      }
      source = vdir;
      force_ro = true;  // kubelet mounts atomic-writer volumes read-only
    } else if (vol->configMap) {
      if (!vol->configMap->optional.value_or(false)) {
        return std::unexpected(
            config_error("configmap \"" + vol->configMap->name + "\" not found"));
      }
      if (auto r = write_atomic_volume(vdir, {}); !r) {
        return std::unexpected(create_error(r.error().to_string()));
      }
      source = vdir;
      force_ro = true;
    } else if (vol->secret) {
      if (!vol->secret->optional.value_or(false)) {
        return std::unexpected(
            config_error("secret \"" + vol->secret->secretName + "\" not found"));
      }
      if (auto r = write_atomic_volume(vdir, {}); !r) {
        return std::unexpected(create_error(r.error().to_string()));
      }
      source = vdir;
      force_ro = true;
    } else if (vol->persistentVolumeClaim) {
      return std::unexpected(config_error("persistentvolumeclaim \"" +
                                          vol->persistentVolumeClaim->claimName + "\" not found"));
    } else {
      return std::unexpected(config_error("volume \"" + vol->name +
                                          "\": this volume type is not supported on this node"));
    }
    if (!vm.subPath.empty()) {
      std::filesystem::path sp(vm.subPath);
      bool bad = sp.is_absolute();
      for (const auto& part : sp) bad = bad || part == "..";
      if (bad) {
        return std::unexpected(create_error("failed to prepare subPath for volumeMount \"" +
                                            vm.name + "\" of container \"" + container.name +
                                            "\""));
      }
      std::string p = (std::filesystem::path(source) / sp).string();
      struct stat st {};
      if (::lstat(p.c_str(), &st) != 0) {
        // kubelet creates a missing subPath as a directory.
        std::error_code ec;
        std::filesystem::create_directories(p, ec);
        if (ec) return std::unexpected(create_error("mkdir " + p + ": " + ec.message()));
        is_dir = true;
      } else if (S_ISLNK(st.st_mode)) {
        return std::unexpected(create_error("subPath " + vm.subPath + " is a symlink; refused"));
      } else {
        is_dir = S_ISDIR(st.st_mode);
      }
      source = p;
    }
    out.push_back(VolumeBind{source, vm.mountPath, vm.readOnly || force_ro, is_dir});
  }
  return out;
}

}  // namespace podcore::sandbox
