// The public C header included from C++ (-Wall -Wextra -pedantic -Werror):
// extern "C" linkage, no C-only constructs, no warnings.
#include <podcore/podcore.h>

#include <type_traits>

static_assert(PODCORE_OK == 0, "PODCORE_OK is 0");
static_assert(std::is_same_v<decltype(&podcore_free), void (*)(void*)>,
              "podcore_free(void*) has C linkage and no overloads");
static_assert(sizeof(podcore_runtime_options) > sizeof(size_t),
              "options structs start with struct_size");

int podcore_header_cxx_uses() {
  podcore_stats s;
  s.struct_size = sizeof s;
  return static_cast<int>(s.struct_size) + PODCORE_ERR_INTERNAL;
}
