// How long each stage of a create, a delete or a container start took, as the
// runtime records them: in CreateResult/DeleteResult, in the pod's events
// (reason PhaseTimings) and in its podcore.io/phase-timings annotation.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "base/clock.hpp"

namespace podcore::pod {

/// Stage names and durations, in the order the stages ran.
using PhaseTimings = std::vector<std::pair<std::string, std::chrono::nanoseconds>>;

/// The annotation key create() and the monitor write.
inline constexpr const char* kPhaseTimingsAnnotation = "podcore.io/phase-timings";

/// Adds one entry per call: the stage's name and the time since the previous
/// call (or construction). With no output list it only keeps time.
class Stopwatch {
 public:
  explicit Stopwatch(PhaseTimings* out) : out_(out) {}
  void operator()(std::string stage) {
    const SteadyTime now = steady_now();
    if (out_ != nullptr) out_->emplace_back(std::move(stage), now - last_);
    last_ = now;
  }

 private:
  PhaseTimings* out_;
  SteadyTime last_ = steady_now();
};

/// "1.23ms".
std::string format_duration(std::chrono::nanoseconds d);
/// "validate=0.10ms store=0.85ms" (the annotation's form), each name after `prefix`.
std::string timings_annotation(const PhaseTimings& t, const std::string& prefix = {});
/// "validate 0.10ms, store 0.85ms" (the event message's form).
std::string timings_message(const PhaseTimings& t);

}  // namespace podcore::pod
