#include "pod/watch.hpp"

#include "pod/runtime.hpp"

namespace podcore::pod {

const char* watch_event_type_name(WatchEventType type) {
  switch (type) {
    case WatchEventType::kAdded: return "ADDED";
    case WatchEventType::kModified: return "MODIFIED";
    case WatchEventType::kDeleted: return "DELETED";
  }
  return "ERROR";
}

// Temporary: the implementation follows.
Result<std::unique_ptr<PodWatch>> Runtime::watch(const std::optional<std::string>&) {
  return fail(ErrorCode::kInternal, "pod.watch", "not implemented yet");
}

Result<void> Runtime::watch(const std::optional<std::string>&,
                            const std::function<bool(const WatchEvent&)>&, std::stop_token) {
  return fail(ErrorCode::kInternal, "pod.watch", "not implemented yet");
}

}  // namespace podcore::pod
