#include "net/ip.hpp"

#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>
#include <charconv>

namespace podcore::net {
namespace {

using u128 = unsigned __int128;

// The address as a 128-bit integer (IPv4 in the low 32 bits).
u128 to_int(const IpAddress& ip) {
  u128 v = 0;
  for (int i = 0; i < ip.size(); ++i) v = (v << 8) | ip.bytes[static_cast<size_t>(i)];
  return v;
}

IpAddress from_int(int family, u128 v) {
  IpAddress ip;
  ip.family = family;
  for (int i = ip.size() - 1; i >= 0; --i) {
    ip.bytes[static_cast<size_t>(i)] = static_cast<std::uint8_t>(v & 0xff);
    v >>= 8;
  }
  return ip;
}

int bits_of(int family) {
  return family == AF_INET ? 32 : 128;
}

u128 host_mask(int family, int prefix_len) {
  int host_bits = bits_of(family) - prefix_len;
  if (host_bits <= 0) return 0;
  if (host_bits >= 128) return ~u128{0};
  return (u128{1} << host_bits) - 1;
}

}  // namespace

Result<IpAddress> IpAddress::parse(std::string_view text) {
  std::string s(text);
  IpAddress ip;
  if (inet_pton(AF_INET, s.c_str(), ip.bytes.data()) == 1) {
    ip.family = AF_INET;
    return ip;
  }
  if (inet_pton(AF_INET6, s.c_str(), ip.bytes.data()) == 1) {
    ip.family = AF_INET6;
    return ip;
  }
  return fail(ErrorCode::kInvalid, "net.config", "not an IPv4 or IPv6 address", s);
}

int IpAddress::size() const noexcept {
  return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}
bool IpAddress::is_v4() const noexcept {
  return family == AF_INET;
}
bool IpAddress::is_v6() const noexcept {
  return family == AF_INET6;
}

std::string IpAddress::to_string() const {
  if (family == 0) return {};
  char buf[INET6_ADDRSTRLEN] = {};
  if (inet_ntop(family, bytes.data(), buf, sizeof buf) == nullptr) return {};
  return buf;
}

Result<IpSubnet> IpSubnet::parse(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) {
    return fail(ErrorCode::kInvalid, "net.config", "subnet needs a /prefix", std::string(text));
  }
  auto ip = IpAddress::parse(text.substr(0, slash));
  if (!ip) return std::unexpected(ip.error());
  auto len_text = text.substr(slash + 1);
  int len = -1;
  auto [end, ec] = std::from_chars(len_text.data(), len_text.data() + len_text.size(), len);
  if (ec != std::errc{} || end != len_text.data() + len_text.size() || len < 0 ||
      len > bits_of(ip->family)) {
    return fail(ErrorCode::kInvalid, "net.config", "bad prefix length", std::string(text));
  }
  IpSubnet net{*ip, len};
  if ((to_int(*ip) & host_mask(ip->family, len)) != 0) {
    return fail(ErrorCode::kInvalid, "net.config",
                "host bits set; did you mean " + subnet_of(*ip, len).to_string() + "?",
                std::string(text));
  }
  return net;
}

std::string IpSubnet::to_string() const {
  return address.to_string() + "/" + std::to_string(prefix_len);
}

bool IpSubnet::contains(const IpAddress& ip) const noexcept {
  if (ip.family != address.family) return false;
  return (to_int(ip) & ~host_mask(ip.family, prefix_len)) == to_int(address);
}

bool IpSubnet::overlaps(const IpSubnet& other) const noexcept {
  if (other.address.family != address.family) return false;
  // Two prefixes overlap exactly when the shorter one contains the other.
  return prefix_len <= other.prefix_len ? contains(other.address) : other.contains(address);
}

IpAddress IpSubnet::nth(unsigned __int128 n) const noexcept {
  return from_int(address.family, to_int(address) + (n & host_mask(address.family, prefix_len)));
}

unsigned __int128 IpSubnet::offset_of(const IpAddress& ip) const noexcept {
  return to_int(ip) & host_mask(ip.family, prefix_len);
}

unsigned __int128 IpSubnet::size() const noexcept {
  int host_bits = bits_of(address.family) - prefix_len;
  return u128{1} << std::min(host_bits, 127);
}

IpSubnet subnet_of(const IpAddress& ip, int prefix_len) {
  return IpSubnet{from_int(ip.family, to_int(ip) & ~host_mask(ip.family, prefix_len)), prefix_len};
}

}  // namespace podcore::net
