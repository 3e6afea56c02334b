#include "base/random.hpp"

#include <sys/random.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>

namespace podcore {

namespace {

void fill_random(void* buf, size_t len) {
  auto* p = static_cast<unsigned char*>(buf);
  while (len > 0) {
    ssize_t n = ::getrandom(p, len, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      // getrandom only fails before the pool is ready on very old kernels;
      // there is no safe fallback, and ids must stay unique.
      std::perror("getrandom");
      std::abort();
    }
    p += n;
    len -= static_cast<size_t>(n);
  }
}

}  // namespace

std::string new_uuid() {
  unsigned char b[16];
  fill_random(b, sizeof b);
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  char out[37];
  std::snprintf(out, sizeof out,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return out;
}

std::array<std::uint8_t, 6> random_mac() {
  std::array<std::uint8_t, 6> mac{};
  fill_random(mac.data(), mac.size());
  mac[0] = static_cast<std::uint8_t>((mac[0] & 0xfe) | 0x02);  // unicast, locally administered
  return mac;
}

std::string format_mac(const std::array<std::uint8_t, 6>& mac) {
  char out[18];
  std::snprintf(out, sizeof out, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
                mac[4], mac[5]);
  return out;
}

std::string random_string(size_t n, std::string_view alphabet) {
  std::string out;
  out.reserve(n);
  // Rejection sampling keeps the draw uniform.
  const unsigned limit = 256 - (256 % alphabet.size());
  while (out.size() < n) {
    unsigned char buf[32];
    fill_random(buf, sizeof buf);
    for (unsigned char c : buf) {
      if (c >= limit) continue;
      out += alphabet[c % alphabet.size()];
      if (out.size() == n) break;
    }
  }
  return out;
}

}  // namespace podcore
