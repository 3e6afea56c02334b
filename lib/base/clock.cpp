#include "base/clock.hpp"

#include <ctime>

namespace podcore {

namespace {

std::string format_utc(WallTime t, bool nanos) {
  auto since = t.time_since_epoch();
  auto secs = std::chrono::floor<std::chrono::seconds>(since);
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(since - secs).count();
  std::time_t tt = static_cast<std::time_t>(secs.count());
  std::tm tm{};
  ::gmtime_r(&tt, &tm);
  char buf[64];
  size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::string out(buf, n);
  if (nanos) {
    char frac[16];
    std::snprintf(frac, sizeof frac, ".%09lld", static_cast<long long>(ns));
    out += frac;
  }
  out += 'Z';
  return out;
}

}  // namespace

std::string format_rfc3339(WallTime t) {
  return format_utc(t, false);
}
std::string format_rfc3339_nano(WallTime t) {
  return format_utc(t, true);
}

}  // namespace podcore
