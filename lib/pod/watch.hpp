// podcore::pod::PodWatch: a watch over the pods of a state directory, like
// the API server's watch (ADDED, MODIFIED, DELETED). It follows the state
// directory with inotify, so it sees pods of every process sharing it.
#pragma once

#include <chrono>
#include <optional>

#include "base/error.hpp"
#include "manifest/pod_types.hpp"

namespace podcore::pod {

enum class WatchEventType { kAdded, kModified, kDeleted };

/// "ADDED", "MODIFIED", "DELETED" (the API server's watch event types).
const char* watch_event_type_name(WatchEventType type);

struct WatchEvent {
  WatchEventType type;
  manifest::Pod pod;
};

/// A watch over the pods of one namespace (nullopt: all). First reports every
/// existing pod as kAdded, then every status/spec change as kModified and every
/// removal as kDeleted (the last known object), like the API server's watch.
/// One thread at a time; it holds no reference to the Runtime that made it.
class PodWatch {
 public:
  virtual ~PodWatch() = default;
  /// Pollable: becomes readable (POLLIN) when next() may have an event. Owned by the watch.
  [[nodiscard]] virtual int fd() const = 0;
  /// The next event, waiting up to `timeout` (0: do not wait); nullopt when none came
  /// (or a signal interrupted the wait).
  virtual Result<std::optional<WatchEvent>> next(std::chrono::milliseconds timeout) = 0;
};

}  // namespace podcore::pod
