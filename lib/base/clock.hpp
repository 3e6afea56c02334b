// Clocks and the timestamp formats Kubernetes prints.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace podcore {

using SteadyTime = std::chrono::steady_clock::time_point;
using WallTime = std::chrono::system_clock::time_point;

/// Monotonic now: for durations, timeouts and back-off.
inline SteadyTime steady_now() noexcept {
  return std::chrono::steady_clock::now();
}

/// Wall-clock now: for timestamps shown to users.
inline WallTime wall_now() noexcept {
  return std::chrono::system_clock::now();
}

/// RFC 3339 in UTC with second precision, as metav1.Time prints:
/// "2026-11-26T04:46:59Z".
std::string format_rfc3339(WallTime t);

/// RFC 3339 in UTC with nanoseconds, as CRI log lines use:
/// "2026-11-26T04:46:59.123456789Z".
std::string format_rfc3339_nano(WallTime t);

/// Parses an RFC 3339 UTC timestamp as Kubernetes writes them
/// ("2026-11-26T09:54:44Z", optionally with a fraction or a +hh:mm offset).
/// Returns nullopt when `text` is not one.
std::optional<WallTime> parse_rfc3339(std::string_view text);

}  // namespace podcore
