// The restart back-off kubelet applies to a crashing container
// (client-go util/flowcontrol/backoff.go as kubelet's doBackOff uses it).
#pragma once

#include <chrono>
#include <map>
#include <string>

#include "base/clock.hpp"

namespace podcore::pod {

/// Per-key exponential back-off: 10 s, doubled after every restart, capped at
/// 300 s; an entry not touched for 2 × cap is forgotten (the next delay is
/// the initial one again). The first restart is immediate: kubelet only
/// delays a container that exits again within its current back-off.
/// Not thread-safe (one per monitor loop).
class RestartBackoff {
 public:
  using Duration = std::chrono::steady_clock::duration;

  explicit RestartBackoff(Duration initial = std::chrono::seconds(10),
                          Duration cap = std::chrono::seconds(300))
      : initial_(initial), cap_(cap) {}

  /// True while a container that finished at `finished_at` must not be
  /// restarted yet (kubelet: IsInBackOffSince(key, finishedAt)).
  [[nodiscard]] bool in_backoff(const std::string& key, SteadyTime finished_at,
                                SteadyTime now) const;

  /// The current delay of `key` (zero when it has none).
  [[nodiscard]] Duration delay(const std::string& key) const;

  /// Records a restart of `key` whose previous instance finished at
  /// `finished_at` (kubelet: Next(key, finishedAt)) and returns the new delay.
  Duration next(const std::string& key, SteadyTime finished_at);

  /// Forgets `key` (the container was removed).
  void reset(const std::string& key) { entries_.erase(key); }

 private:
  struct Entry {
    Duration delay{};
    SteadyTime last_update{};
  };
  [[nodiscard]] bool expired(const Entry& e, SteadyTime at) const {
    return at - e.last_update > 2 * cap_;
  }
  Duration initial_;
  Duration cap_;
  std::map<std::string, Entry> entries_;
};

/// Go's time.Duration.String() for a whole number of seconds or more:
/// "10s", "1m20s", "5m0s", "1h0m0s" (kubelet prints back-off delays so).
std::string go_duration_string(std::chrono::nanoseconds d);

/// Kubelet's key for a container's back-off: "<pod>_<namespace>_<uid>_<container>".
std::string backoff_key(const std::string& pod_name, const std::string& pod_namespace,
                        const std::string& pod_uid, const std::string& container);

/// The CrashLoopBackOff message kubelet gives a waiting container:
/// "back-off 20s restarting failed container=c pod=p_ns(uid)".
std::string crash_loop_message(std::chrono::nanoseconds delay, const std::string& container,
                               const std::string& pod_name, const std::string& pod_namespace,
                               const std::string& pod_uid);

}  // namespace podcore::pod
