// SHA-256 (FIPS 180-4), used for content-derived image IDs.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace podcore::sandbox {

/// Incremental SHA-256.
class Sha256 {
 public:
  Sha256();
  void update(std::string_view data);
  /// The digest as 64 lower-case hex digits. Call once.
  std::string hex_digest();

 private:
  void block(const unsigned char* p);
  std::array<std::uint32_t, 8> h_;
  std::array<unsigned char, 64> buf_{};
  std::size_t buf_len_ = 0;
  std::uint64_t total_ = 0;
};

}  // namespace podcore::sandbox
