// Run-time discovery: the loaded library's version and the feature query.
#include <sys/stat.h>

#include <string_view>

#include "capi_internal.hpp"
#include "cgroup/layout.hpp"

// The header's macros are written by hand (podcore.h needs no generated
// file); the build proves they match project(VERSION) in CMakeLists.txt.
static_assert(PODCORE_VERSION_MAJOR == PODCORE_PROJECT_VERSION_MAJOR &&
                  PODCORE_VERSION_MINOR == PODCORE_PROJECT_VERSION_MINOR &&
                  PODCORE_VERSION_PATCH == PODCORE_PROJECT_VERSION_PATCH,
              "podcore.h's PODCORE_VERSION_* differ from the project version");

#define PODCORE_STR2(x) #x
#define PODCORE_STR(x) PODCORE_STR2(x)

extern "C" {

PODCORE_API const char* podcore_version(int* major, int* minor, int* patch) {
  if (major) *major = PODCORE_VERSION_MAJOR;
  if (minor) *minor = PODCORE_VERSION_MINOR;
  if (patch) *patch = PODCORE_VERSION_PATCH;
  return PODCORE_STR(PODCORE_VERSION_MAJOR) "." PODCORE_STR(PODCORE_VERSION_MINOR) "." PODCORE_STR(
      PODCORE_VERSION_PATCH);
}

PODCORE_API int podcore_has_feature(const char* feature) {
  if (!feature) return 0;
  try {
    const std::string_view f(feature);
    // Features of this build: always there.
    for (std::string_view built :
         {"watch", "exec-timeout", "logs-follow", "images", "json", "yaml"})
      if (f == built) return 1;
    if (f == "cgroup2" || f == "cgroup1") {
      auto layout = podcore::cgroup::detect_layout();
      if (!layout) return 0;
      if (f == "cgroup2") return layout->layout == podcore::cgroup::Layout::kV2 ? 1 : 0;
      return layout->layout == podcore::cgroup::Layout::kV2 ? 0 : 1;
    }
    if (f == "ipv6") {
      // The kernel has IPv6 when its sysctl tree is there (ipv6.disable=1
      // removes it).
      struct stat st {};
      return ::stat("/proc/sys/net/ipv6", &st) == 0 ? 1 : 0;
    }
    return 0;
  } catch (...) {
    return 0;
  }
}

}  // extern "C"
