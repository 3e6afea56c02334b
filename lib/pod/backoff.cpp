#include "pod/backoff.hpp"

#include <algorithm>

namespace podcore::pod {

bool RestartBackoff::in_backoff(const std::string& key, SteadyTime finished_at,
                                SteadyTime now) const {
  auto it = entries_.find(key);
  if (it == entries_.end() || expired(it->second, now)) return false;
  return now - finished_at < it->second.delay;
}

RestartBackoff::Duration RestartBackoff::delay(const std::string& key) const {
  auto it = entries_.find(key);
  return it == entries_.end() ? Duration{} : it->second.delay;
}

RestartBackoff::Duration RestartBackoff::next(const std::string& key, SteadyTime finished_at) {
  auto [it, inserted] = entries_.try_emplace(key);
  Entry& e = it->second;
  if (inserted || expired(e, finished_at)) {
    e.delay = initial_;
  } else {
    e.delay = std::min(e.delay * 2, cap_);
  }
  e.last_update = finished_at;
  return e.delay;
}

std::string go_duration_string(std::chrono::nanoseconds d) {
  using namespace std::chrono;
  if (d == nanoseconds::zero()) return "0s";
  std::string out;
  if (d < nanoseconds::zero()) {
    out = "-";
    d = -d;
  }
  auto h = duration_cast<hours>(d);
  auto m = duration_cast<minutes>(d - h);
  auto s = duration_cast<seconds>(d - h - m);
  auto frac = (d - h - m - s).count();
  std::string secs = std::to_string(s.count());
  if (frac != 0) {
    std::string f = std::to_string(frac + 1000000000LL).substr(1);
    while (!f.empty() && f.back() == '0') f.pop_back();
    secs += "." + f;
  }
  if (h.count() > 0)
    return out + std::to_string(h.count()) + "h" + std::to_string(m.count()) + "m" + secs + "s";
  if (m.count() > 0) return out + std::to_string(m.count()) + "m" + secs + "s";
  return out + secs + "s";
}

std::string backoff_key(const std::string& pod_name, const std::string& pod_namespace,
                        const std::string& pod_uid, const std::string& container) {
  return pod_name + "_" + pod_namespace + "_" + pod_uid + "_" + container;
}

std::string crash_loop_message(std::chrono::nanoseconds delay, const std::string& container,
                               const std::string& pod_name, const std::string& pod_namespace,
                               const std::string& pod_uid) {
  return "back-off " + go_duration_string(delay) + " restarting failed container=" + container +
         " pod=" + pod_name + "_" + pod_namespace + "(" + pod_uid + ")";
}

}  // namespace podcore::pod
