// IP addresses and subnets: parsing, printing and the arithmetic IPAM needs.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace podcore::net {

/// An IPv4 or IPv6 address (network byte order in `bytes`, IPv4 in the
/// first four bytes).
struct IpAddress {
  int family = 0;  ///< AF_INET or AF_INET6; 0 when unset
  std::array<std::uint8_t, 16> bytes{};

  /// Parses "10.1.2.3" or "fd00::1". kInvalid otherwise (stage "net.config").
  static Result<IpAddress> parse(std::string_view text);
  /// Number of address bytes: 4 or 16 (0 when unset).
  [[nodiscard]] int size() const noexcept;
  /// "10.1.2.3" / "fd00::1" (inet_ntop form); "" when unset.
  [[nodiscard]] std::string to_string() const;
  [[nodiscard]] bool is_v4() const noexcept;
  [[nodiscard]] bool is_v6() const noexcept;
  bool operator==(const IpAddress&) const = default;
};

/// A subnet: a network address and a prefix length. The host bits of
/// `address` are always zero.
struct IpSubnet {
  IpAddress address;
  int prefix_len = 0;

  /// Parses "10.199.3.0/24" or "fd00:1::/64". Host bits must be zero
  /// (kInvalid names the text otherwise).
  static Result<IpSubnet> parse(std::string_view text);
  /// "10.199.3.0/24".
  [[nodiscard]] std::string to_string() const;
  /// True when `ip` is inside this subnet (same family).
  [[nodiscard]] bool contains(const IpAddress& ip) const noexcept;
  /// True when the two subnets share any address (same family).
  [[nodiscard]] bool overlaps(const IpSubnet& other) const noexcept;
  /// The address at host offset `n` (0 is the network address).
  [[nodiscard]] IpAddress nth(unsigned __int128 n) const noexcept;
  /// Host offset of `ip` inside the subnet (`ip` must be contained).
  [[nodiscard]] unsigned __int128 offset_of(const IpAddress& ip) const noexcept;
  /// Number of addresses in the subnet, saturated at 2^127.
  [[nodiscard]] unsigned __int128 size() const noexcept;
  bool operator==(const IpSubnet&) const = default;
};

/// The subnet containing `ip` with prefix `prefix_len` (host bits cleared).
IpSubnet subnet_of(const IpAddress& ip, int prefix_len);

}  // namespace podcore::net
