// Watches over the C ABI: a pollable handle with a "next event" call, and a
// callback loop on top of it.
#include "pod/watch.hpp"

#include <chrono>

#include "capi_internal.hpp"
#include "pod/label_selector.hpp"

namespace pc = podcore::capi;

struct podcore_watch {
  std::unique_ptr<podcore::pod::PodWatch> watch;
  std::optional<podcore::pod::LabelSelector> selector;
};

namespace {

int to_c_type(podcore::pod::WatchEventType t) {
  switch (t) {
    case podcore::pod::WatchEventType::kAdded: return PODCORE_WATCH_ADDED;
    case podcore::pod::WatchEventType::kModified: return PODCORE_WATCH_MODIFIED;
    case podcore::pod::WatchEventType::kDeleted: return PODCORE_WATCH_DELETED;
  }
  return PODCORE_WATCH_MODIFIED;
}

int open_watch(std::unique_ptr<podcore_watch>& out, podcore_runtime* rt, const char* namespace_,
               const char* selector, podcore_error** err) {
  auto w = std::make_unique<podcore_watch>();
  if (selector && *selector) {
    auto parsed = podcore::pod::LabelSelector::parse(selector);
    if (!parsed) return pc::report(err, std::move(parsed.error()));
    w->selector = std::move(*parsed);
  }
  std::optional<std::string> ns;
  if (namespace_) ns = pc::ns_or_default(namespace_);
  auto watch = rt->runtime->watch(ns);
  if (!watch) return pc::report(err, std::move(watch.error()));
  w->watch = std::move(*watch);
  out = std::move(w);
  return PODCORE_OK;
}

// The next matching event within `timeout_ms` (-1: forever), or nullopt.
podcore::Result<std::optional<podcore::pod::WatchEvent>> next_event(podcore_watch& w,
                                                                    int64_t timeout_ms) {
  using Clock = std::chrono::steady_clock;
  const bool forever = timeout_ms < 0;
  const auto deadline = Clock::now() + std::chrono::milliseconds(forever ? 0 : timeout_ms);
  while (true) {
    // Waiting forever: in slices, so a missed wake-up cannot hang us.
    auto left =
        forever ? std::chrono::milliseconds(1000)
                : std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() < 0) left = std::chrono::milliseconds(0);
    auto ev = w.watch->next(left);
    if (!ev) return ev;
    if (*ev && (!w.selector || w.selector->matches((*ev)->pod.metadata.labels))) return ev;
    if (!forever && Clock::now() >= deadline) return std::optional<podcore::pod::WatchEvent>{};
  }
}

}  // namespace

extern "C" {

PODCORE_API int podcore_watch_open(podcore_watch** out, podcore_runtime* rt, const char* namespace_,
                                   const char* selector, podcore_error** err) {
  return pc::guarded(err, "podcore_watch_open", [&]() -> int {
    if (!out || !rt) return pc::invalid_argument(err, "podcore_watch_open", "out or rt is NULL");
    *out = nullptr;
    std::unique_ptr<podcore_watch> w;
    if (int rc = open_watch(w, rt, namespace_, selector, err); rc != PODCORE_OK) return rc;
    *out = w.release();
    return PODCORE_OK;
  });
}

PODCORE_API void podcore_watch_close(podcore_watch* watch) {
  delete watch;
}

PODCORE_API int podcore_watch_fd(const podcore_watch* watch) {
  return watch && watch->watch ? watch->watch->fd() : -1;
}

PODCORE_API int podcore_watch_next(podcore_watch* watch, int* type, podcore_pod** pod,
                                   int64_t timeout_ms, podcore_error** err) {
  return pc::guarded(err, "podcore_watch_next", [&]() -> int {
    if (pod) *pod = nullptr;
    if (!watch || !type || !pod)
      return pc::invalid_argument(err, "podcore_watch_next", "watch, type or pod is NULL");
    auto ev = next_event(*watch, timeout_ms);
    if (!ev) return pc::report(err, std::move(ev.error()));
    if (!*ev)
      return pc::report(
          err, podcore::Error{podcore::ErrorCode::kTimeout,
                              0,
                              "pod.watch",
                              {},
                              {},
                              "no watch event within " + std::to_string(timeout_ms) + " ms",
                              {}});
    *type = to_c_type((*ev)->type);
    *pod = pc::make_snapshot(std::move((*ev)->pod)).release();
    return PODCORE_OK;
  });
}

PODCORE_API int podcore_watch_run(podcore_runtime* rt, const char* namespace_, const char* selector,
                                  int64_t timeout_ms, podcore_watch_callback callback,
                                  void* user_data, podcore_error** err) {
  return pc::guarded(err, "podcore_watch_run", [&]() -> int {
    if (!rt || !callback)
      return pc::invalid_argument(err, "podcore_watch_run", "rt or callback is NULL");
    std::unique_ptr<podcore_watch> w;
    if (int rc = open_watch(w, rt, namespace_, selector, err); rc != PODCORE_OK) return rc;
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms < 0 ? 0 : timeout_ms);
    while (true) {
      int64_t left = -1;
      if (timeout_ms >= 0) {
        left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) return PODCORE_OK;
      }
      auto ev = next_event(*w, left);
      if (!ev) return pc::report(err, std::move(ev.error()));
      if (!*ev) continue;
      auto snap = pc::make_snapshot(std::move((*ev)->pod));
      if (callback(user_data, to_c_type((*ev)->type), snap.get()) != 0) return PODCORE_OK;
    }
  });
}

}  // extern "C"
