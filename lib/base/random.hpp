// Random identifiers from the kernel's CSPRNG.
#pragma once

#include <string>
#include <string_view>

namespace podcore {

/// A random RFC 4122 version-4 UUID, lower-case ("5b6c0e4e-...").
std::string new_uuid();

/// `n` characters drawn uniformly from `alphabet`.
std::string random_string(size_t n, std::string_view alphabet);

}  // namespace podcore
