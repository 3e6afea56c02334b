// Events and container logs: read a range, or follow through a callback.
#include <chrono>
#include <thread>

#include "capi_internal.hpp"

namespace {

namespace pc = podcore::capi;

struct LogRequest {
  std::string container;
  podcore::pod::LogQuery query;
};

// The C options as the runtime's query; an error code (< 0) when invalid.
int log_request(const podcore_log_options* o, LogRequest& req, podcore_error** err,
                const char* function) {
  if (!o) return PODCORE_OK;
  using O = podcore_log_options;
  if (PODCORE_HAS_FIELD(o, O, container)) req.container = pc::str(o->container);
  if (PODCORE_HAS_FIELD(o, O, previous)) req.query.previous = o->previous != 0;
  if (PODCORE_HAS_FIELD(o, O, tail) && o->tail >= 0) req.query.tail = o->tail;
  if (PODCORE_HAS_FIELD(o, O, since) && o->since != 0) {
    if (o->since < 0) return pc::invalid_argument(err, function, "options->since < 0");
    req.query.since = podcore::WallTime(std::chrono::duration_cast<podcore::WallTime::duration>(
        std::chrono::nanoseconds(o->since)));
  }
  if (PODCORE_HAS_FIELD(o, O, timestamps)) req.query.timestamps = o->timestamps != 0;
  if (PODCORE_HAS_FIELD(o, O, limit_bytes) && o->limit_bytes >= 0)
    req.query.limit_bytes = static_cast<uint64_t>(o->limit_bytes);
  return PODCORE_OK;
}

const podcore::manifest::ContainerStatus* find_status(const podcore::manifest::Pod& pod,
                                                      const std::string& name) {
  for (const auto& c : pod.status.containerStatuses)
    if (c.name == name) return &c;
  for (const auto& c : pod.status.initContainerStatuses)
    if (c.name == name) return &c;
  return nullptr;
}

}  // namespace

struct podcore_event_list {
  std::vector<podcore::pod::Event> events;
};

extern "C" {

PODCORE_API int podcore_pod_events(podcore_event_list** out, podcore_runtime* rt,
                                   const char* namespace_, const char* name, podcore_error** err) {
  return pc::guarded(err, "podcore_pod_events", [&]() -> int {
    if (!out || !rt || !name)
      return pc::invalid_argument(err, "podcore_pod_events", "out, rt or name is NULL");
    *out = nullptr;
    auto events = rt->runtime->events(pc::ns_or_default(namespace_), name);
    if (!events) return pc::report(err, std::move(events.error()));
    auto list = std::make_unique<podcore_event_list>();
    list->events = std::move(*events);
    *out = list.release();
    return PODCORE_OK;
  });
}

PODCORE_API void podcore_event_list_free(podcore_event_list* list) {
  delete list;
}

PODCORE_API size_t podcore_event_list_count(const podcore_event_list* list) {
  return list ? list->events.size() : 0;
}

namespace {
const podcore::pod::Event* event_at(const podcore_event_list* list, size_t i) {
  return list && i < list->events.size() ? &list->events[i] : nullptr;
}
}  // namespace

PODCORE_API const char* podcore_event_type(const podcore_event_list* list, size_t i) {
  const auto* e = event_at(list, i);
  return e ? e->type.c_str() : "";
}

PODCORE_API const char* podcore_event_reason(const podcore_event_list* list, size_t i) {
  const auto* e = event_at(list, i);
  return e ? e->reason.c_str() : "";
}

PODCORE_API const char* podcore_event_message(const podcore_event_list* list, size_t i) {
  const auto* e = event_at(list, i);
  return e ? e->message.c_str() : "";
}

PODCORE_API const char* podcore_event_field_path(const podcore_event_list* list, size_t i) {
  const auto* e = event_at(list, i);
  return e ? e->field_path.c_str() : "";
}

PODCORE_API const char* podcore_event_source(const podcore_event_list* list, size_t i) {
  const auto* e = event_at(list, i);
  return e ? e->source.c_str() : "";
}

PODCORE_API int podcore_event_count(const podcore_event_list* list, size_t i) {
  const auto* e = event_at(list, i);
  return e ? e->count : 0;
}

PODCORE_API int64_t podcore_event_first_time(const podcore_event_list* list, size_t i) {
  const auto* e = event_at(list, i);
  return e ? pc::time_ns(e->first_time) : 0;
}

PODCORE_API int64_t podcore_event_last_time(const podcore_event_list* list, size_t i) {
  const auto* e = event_at(list, i);
  return e ? pc::time_ns(e->last_time) : 0;
}

PODCORE_API void podcore_log_options_init(podcore_log_options* options, size_t size) {
  pc::init_sized(options, size, [](podcore_log_options& o) {
    o.tail = -1;
    o.limit_bytes = -1;
  });
}

PODCORE_API int podcore_pod_logs(char** out, size_t* out_len, podcore_runtime* rt,
                                 const char* namespace_, const char* name,
                                 const podcore_log_options* options, podcore_error** err) {
  return pc::guarded(err, "podcore_pod_logs", [&]() -> int {
    if (out_len) *out_len = 0;
    if (!out || !rt || !name)
      return pc::invalid_argument(err, "podcore_pod_logs", "out, rt or name is NULL");
    *out = nullptr;
    LogRequest req;
    if (int rc = log_request(options, req, err, "podcore_pod_logs"); rc != PODCORE_OK) return rc;
    auto text = rt->runtime->logs(pc::ns_or_default(namespace_), name, req.container, req.query);
    if (!text) return pc::report(err, std::move(text.error()));
    *out = pc::dup_string(*text);
    if (out_len) *out_len = text->size();
    return PODCORE_OK;
  });
}

PODCORE_API int podcore_pod_logs_follow(podcore_runtime* rt, const char* namespace_,
                                        const char* name, const podcore_log_options* options,
                                        podcore_log_callback callback, void* user_data,
                                        podcore_error** err) {
  return pc::guarded(err, "podcore_pod_logs_follow", [&]() -> int {
    if (!rt || !name || !callback)
      return pc::invalid_argument(err, "podcore_pod_logs_follow", "rt, name or callback is NULL");
    LogRequest req;
    if (int rc = log_request(options, req, err, "podcore_pod_logs_follow"); rc != PODCORE_OK)
      return rc;
    if (req.query.previous)
      return pc::invalid_argument(err, "podcore_pod_logs_follow",
                                  "a previous instance cannot be followed");
    const std::string ns = pc::ns_or_default(namespace_);
    auto& runtime = *rt->runtime;
    auto pod = runtime.get(ns, name);
    if (!pod) return pc::report(err, std::move(pod.error()));
    if (req.container.empty() && !pod->spec.containers.empty())
      req.container = pod->spec.containers.front().name;
    const auto* st0 = find_status(*pod, req.container);
    const int instance = st0 ? st0->restartCount : 0;
    // Everything of this instance, rendered alike, to find what is new.
    podcore::pod::LogQuery all;
    all.timestamps = req.query.timestamps;
    auto base = runtime.logs(ns, name, req.container, all);
    auto first = runtime.logs(ns, name, req.container, req.query);
    if (!first) return pc::report(err, std::move(first.error()));
    if (!first->empty() && callback(user_data, first->data(), first->size()) != 0)
      return PODCORE_OK;
    size_t delivered = base ? base->size() : 0;
    while (true) {
      // Read the status before the log: output written before the end is
      // then in the log by the time the status says the instance ended.
      auto now = runtime.get(ns, name);
      bool ended = !now;
      if (now) {
        const auto* st = find_status(*now, req.container);
        ended = st == nullptr || st->restartCount != instance || !st->state.running;
        auto cur = runtime.logs(ns, name, req.container, all);
        if (cur && cur->size() > delivered) {
          const size_t from = delivered;
          delivered = cur->size();
          if (callback(user_data, cur->data() + from, cur->size() - from) != 0) return PODCORE_OK;
        } else if (cur && cur->size() < delivered) {
          delivered = cur->size();  // rotated away under us
        }
      }
      if (ended) return PODCORE_OK;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
}

}  // extern "C"
