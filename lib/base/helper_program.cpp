#include "base/helper_program.hpp"

#include <dlfcn.h>
#include <link.h>

#include <string>
#include <system_error>

// The relative paths from the install's libdir and bindir to
// <libexecdir>/podcore, set by lib/CMakeLists.txt from GNUInstallDirs.
#ifndef PODCORE_LIBEXEC_FROM_LIBDIR
#define PODCORE_LIBEXEC_FROM_LIBDIR "../libexec/podcore"
#endif
#ifndef PODCORE_LIBEXEC_FROM_BINDIR
#define PODCORE_LIBEXEC_FROM_BINDIR "../libexec/podcore"
#endif

namespace podcore {

namespace fs = std::filesystem;

fs::path own_object_path() {
  Dl_info info{};
  link_map* map = nullptr;
  if (::dladdr1(reinterpret_cast<void*>(&own_object_path), &info, reinterpret_cast<void**>(&map),
                RTLD_DL_LINKMAP) != 0 &&
      map != nullptr && map->l_name != nullptr && map->l_name[0] != '\0') {
    // A shared object: its path as the loader opened it (maybe through the
    // libpodcore.so.1 symlink, which sits in the same directory).
    std::error_code ec;
    fs::path p = fs::canonical(map->l_name, ec);
    return ec ? fs::path(map->l_name) : p;
  }
  // The main program (its link map has no name): the kernel knows its path.
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe;
}

std::vector<fs::path> helper_program_candidates(std::string_view name) {
  std::vector<fs::path> out;
  const std::string file(name);
  if (fs::path self = own_object_path(); !self.empty()) {
    const fs::path dir = self.parent_path();
    out.push_back((dir / PODCORE_LIBEXEC_FROM_LIBDIR / file).lexically_normal());
    if (fs::path b = (dir / PODCORE_LIBEXEC_FROM_BINDIR / file).lexically_normal(); b != out.back())
      out.push_back(b);
    out.push_back(dir / file);
    // Build trees: build/capi/libpodcore.so and build/tools/podctl/podctl
    // beside build/tools/<name>/<name>.
    out.push_back(dir.parent_path() / "tools" / file / file);
    out.push_back(dir.parent_path() / file / file);
  }
  out.push_back(fs::path("/usr/local/libexec/podcore") / file);
  out.push_back(fs::path("/usr/libexec/podcore") / file);
  return out;
}

}  // namespace podcore
