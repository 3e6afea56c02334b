// Pod events: appended one per line to pods/<UID>/events.log by whoever
// records them (runtime, monitor), aggregated on read the way the Kubernetes
// event recorder folds repeats into one Event with a count.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "base/clock.hpp"
#include "base/error.hpp"

namespace podcore::pod {

/// One occurrence, as recorded.
struct EventRecord {
  std::string type;        ///< "Normal" or "Warning"
  std::string reason;      ///< "Scheduled", "Pulled", "Created", "Started", "BackOff", ...
  std::string message;     ///< e.g. "Started container app"
  std::string field_path;  ///< involvedObject.fieldPath, e.g. "spec.containers{app}"
  std::string source;      ///< "kubelet", "default-scheduler"
  WallTime time;
};

/// An event with its repeats folded in (count, first and last time).
struct Event {
  std::string type, reason, message, field_path, source;
  int count = 1;
  WallTime first_time, last_time;
};

/// Appends `record` to `path` with one O_APPEND write (lines stay whole when
/// several processes record at once). Newlines and tabs in fields are
/// escaped.
Result<void> append_event(const std::filesystem::path& path, const EventRecord& record);

/// Reads `path` and folds records with the same type, reason, message,
/// field path and source into one Event, ordered by first occurrence. A
/// missing file is an empty list; malformed lines are skipped.
Result<std::vector<Event>> read_events(const std::filesystem::path& path);

/// kubectl describe's "Events:" section for `events` seen at `now`:
/// "Events:  <none>" or the Type/Reason/Age/From/Message table, with
/// "<last> (x<count> over <first>)" ages for repeats.
std::string describe_events(const std::vector<Event>& events, WallTime now);

}  // namespace podcore::pod
