#include "pod/phase_timings.hpp"

#include <cstdio>

namespace podcore::pod {

std::string format_duration(std::chrono::nanoseconds d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2fms", static_cast<double>(d.count()) / 1e6);
  return buf;
}

std::string timings_annotation(const PhaseTimings& t, const std::string& prefix) {
  std::string out;
  for (const auto& [stage, d] : t)
    out += (out.empty() ? "" : " ") + prefix + stage + "=" + format_duration(d);
  return out;
}

std::string timings_message(const PhaseTimings& t) {
  std::string out;
  for (const auto& [stage, d] : t)
    out += (out.empty() ? "" : ", ") + stage + " " + format_duration(d);
  return out;
}

}  // namespace podcore::pod
