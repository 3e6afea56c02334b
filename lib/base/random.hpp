// Random identifiers from the kernel's CSPRNG.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace podcore {

/// A random RFC 4122 version-4 UUID, lower-case ("5b6c0e4e-...").
std::string new_uuid();

/// A random Ethernet address that is unicast and locally administered (the
/// kind the kernel gives a veth it is not told one for).
std::array<std::uint8_t, 6> random_mac();
/// "02:ab:..." (lower-case, colon-separated).
std::string format_mac(const std::array<std::uint8_t, 6>& mac);
/// `n` characters drawn uniformly from `alphabet`.
std::string random_string(size_t n, std::string_view alphabet);

}  // namespace podcore
