// Pods through the runtime: create, get, wait, list, stats and delete.
#include <chrono>
#include <thread>

#include "capi_internal.hpp"
#include "pod/label_selector.hpp"

namespace {

namespace pc = podcore::capi;
using podcore::manifest::Pod;

bool condition_true(const Pod& pod, std::string_view type) {
  for (const auto& c : pod.status.conditions)
    if (c.type == type) return c.status == "True";
  return false;
}

// What podcore_pod_wait accepts; false for an unknown condition.
bool known_condition(std::string_view c) {
  for (std::string_view k :
       {"Ready", "ContainersReady", "Initialized", "PodScheduled", "PodReadyToStartContainers",
        "Running", "Succeeded", "Failed", "Terminal", "Deleted"})
    if (c == k) return true;
  return false;
}

bool condition_met(const Pod& pod, std::string_view c) {
  const std::string& phase = pod.status.phase;
  if (c == "Running" || c == "Succeeded" || c == "Failed") return phase == c;
  if (c == "Terminal") return phase == "Succeeded" || phase == "Failed";
  return condition_true(pod, c);
}

}  // namespace

struct podcore_pod_list {
  std::vector<std::unique_ptr<podcore_pod>> pods;
};

extern "C" {

PODCORE_API void podcore_create_options_init(podcore_create_options* options, size_t size) {
  pc::init_sized(options, size, [](podcore_create_options& o) { o.timeout_ms = 60000; });
}

PODCORE_API int podcore_pod_create(podcore_pod** out, podcore_runtime* rt, const char* manifest,
                                   const podcore_create_options* options, podcore_error** err) {
  return pc::guarded(err, "podcore_pod_create", [&]() -> int {
    if (out) *out = nullptr;
    if (!rt || !manifest)
      return pc::invalid_argument(err, "podcore_pod_create", "rt or manifest is NULL");
    podcore::pod::CreateOptions co;
    if (options) {
      using O = podcore_create_options;
      if (PODCORE_HAS_FIELD(options, O, namespace_)) co.namespace_ = pc::str(options->namespace_);
      if (PODCORE_HAS_FIELD(options, O, wait_ready)) co.wait_ready = options->wait_ready != 0;
      if (PODCORE_HAS_FIELD(options, O, timeout_ms)) {
        if (options->timeout_ms < 0)
          return pc::invalid_argument(err, "podcore_pod_create", "options->timeout_ms < 0");
        co.timeout = std::chrono::milliseconds(options->timeout_ms);
      }
    }
    auto r = rt->runtime->create(manifest, co);
    if (!r) return pc::report(err, std::move(r.error()));
    if (out) *out = pc::make_snapshot(std::move(r->pod), std::move(r->warnings)).release();
    return PODCORE_OK;
  });
}

PODCORE_API int podcore_pod_get(podcore_pod** out, podcore_runtime* rt, const char* namespace_,
                                const char* name, podcore_error** err) {
  return pc::guarded(err, "podcore_pod_get", [&]() -> int {
    if (!out || !rt || !name)
      return pc::invalid_argument(err, "podcore_pod_get", "out, rt or name is NULL");
    *out = nullptr;
    auto pod = rt->runtime->get(pc::ns_or_default(namespace_), name);
    if (!pod) return pc::report(err, std::move(pod.error()));
    *out = pc::make_snapshot(std::move(*pod)).release();
    return PODCORE_OK;
  });
}

PODCORE_API int podcore_pod_wait(podcore_pod** out, podcore_runtime* rt, const char* namespace_,
                                 const char* name, const char* condition, int64_t timeout_ms,
                                 podcore_error** err) {
  return pc::guarded(err, "podcore_pod_wait", [&]() -> int {
    if (out) *out = nullptr;
    if (!rt || !name || !condition)
      return pc::invalid_argument(err, "podcore_pod_wait", "rt, name or condition is NULL");
    const std::string_view cond(condition);
    if (!known_condition(cond))
      return pc::invalid_argument(err, "podcore_pod_wait",
                                  "unknown condition \"" + std::string(cond) + "\"");
    if (timeout_ms < 0) return pc::invalid_argument(err, "podcore_pod_wait", "timeout_ms < 0");
    const std::string ns = pc::ns_or_default(namespace_);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (true) {
      auto pod = rt->runtime->get(ns, name);
      if (!pod && pod.error().code == podcore::ErrorCode::kNotFound && cond == "Deleted")
        return PODCORE_OK;
      if (!pod) return pc::report(err, std::move(pod.error()));
      if (cond != "Deleted" && condition_met(*pod, cond)) {
        if (out) *out = pc::make_snapshot(std::move(*pod)).release();
        return PODCORE_OK;
      }
      if (std::chrono::steady_clock::now() >= deadline)
        return pc::report(err,
                          podcore::Error{podcore::ErrorCode::kTimeout,
                                         0,
                                         "pod.wait",
                                         ns + "/" + name,
                                         {},
                                         "timed out waiting for the condition " + std::string(cond),
                                         {}});
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  });
}

PODCORE_API int podcore_pods_list(podcore_pod_list** out, podcore_runtime* rt,
                                  const char* namespace_, const char* selector,
                                  podcore_error** err) {
  return pc::guarded(err, "podcore_pods_list", [&]() -> int {
    if (!out || !rt) return pc::invalid_argument(err, "podcore_pods_list", "out or rt is NULL");
    *out = nullptr;
    std::optional<podcore::pod::LabelSelector> sel;
    if (selector && *selector) {
      auto parsed = podcore::pod::LabelSelector::parse(selector);
      if (!parsed) return pc::report(err, std::move(parsed.error()));
      sel = std::move(*parsed);
    }
    std::optional<std::string> ns;
    if (namespace_) ns = pc::ns_or_default(namespace_);
    auto pods = rt->runtime->list(ns);
    if (!pods) return pc::report(err, std::move(pods.error()));
    auto list = std::make_unique<podcore_pod_list>();
    for (auto& p : *pods)
      if (!sel || sel->matches(p.metadata.labels))
        list->pods.push_back(pc::make_snapshot(std::move(p)));
    *out = list.release();
    return PODCORE_OK;
  });
}

PODCORE_API void podcore_pod_list_free(podcore_pod_list* list) {
  delete list;
}

PODCORE_API size_t podcore_pod_list_count(const podcore_pod_list* list) {
  return list ? list->pods.size() : 0;
}

PODCORE_API const podcore_pod* podcore_pod_list_at(const podcore_pod_list* list, size_t i) {
  return list && i < list->pods.size() ? list->pods[i].get() : nullptr;
}

PODCORE_API void podcore_stats_init(podcore_stats* stats, size_t size) {
  pc::init_sized(stats, size, [](podcore_stats&) {});
}

PODCORE_API int podcore_pod_stats(podcore_stats* out, podcore_runtime* rt, const char* namespace_,
                                  const char* name, const char* container, podcore_error** err) {
  return pc::guarded(err, "podcore_pod_stats", [&]() -> int {
    if (!out || !rt || !name)
      return pc::invalid_argument(err, "podcore_pod_stats", "out, rt or name is NULL");
    if (out->struct_size < sizeof(size_t))
      return pc::invalid_argument(err, "podcore_pod_stats",
                                  "out->struct_size is not set: call podcore_stats_init()");
    auto s = rt->runtime->stats(pc::ns_or_default(namespace_), name, pc::str(container));
    if (!s) return pc::report(err, std::move(s.error()));
    using S = podcore_stats;
    if (PODCORE_HAS_FIELD(out, S, cpu_usage_ns)) out->cpu_usage_ns = s->cpu_usage_ns;
    if (PODCORE_HAS_FIELD(out, S, memory_usage_bytes))
      out->memory_usage_bytes = s->memory_usage_bytes;
    if (PODCORE_HAS_FIELD(out, S, memory_working_set_bytes))
      out->memory_working_set_bytes = s->memory_working_set_bytes;
    if (PODCORE_HAS_FIELD(out, S, pids_current)) out->pids_current = s->pids_current;
    if (PODCORE_HAS_FIELD(out, S, oom_kills)) out->oom_kills = s->oom_kills;
    return PODCORE_OK;
  });
}

PODCORE_API void podcore_delete_options_init(podcore_delete_options* options, size_t size) {
  pc::init_sized(options, size, [](podcore_delete_options& o) {
    o.grace_seconds = -1;
    o.wait = 1;
  });
}

PODCORE_API int podcore_pod_delete(podcore_runtime* rt, const char* namespace_, const char* name,
                                   const podcore_delete_options* options, podcore_error** err) {
  return pc::guarded(err, "podcore_pod_delete", [&]() -> int {
    if (!rt || !name) return pc::invalid_argument(err, "podcore_pod_delete", "rt or name is NULL");
    podcore::pod::DeleteOptions d;
    bool wait = true;
    if (options) {
      using O = podcore_delete_options;
      if (PODCORE_HAS_FIELD(options, O, grace_seconds) && options->grace_seconds >= 0)
        d.grace_seconds = options->grace_seconds;
      if (PODCORE_HAS_FIELD(options, O, force)) d.force = options->force != 0;
      if (PODCORE_HAS_FIELD(options, O, wait)) wait = options->wait != 0;
    }
    const std::string ns = pc::ns_or_default(namespace_);
    if (wait) {
      auto r = rt->runtime->remove(ns, name, d);
      if (!r) return pc::report(err, std::move(r.error()));
      return PODCORE_OK;
    }
    // Not waiting: a missing pod is still reported now; the rest goes on in
    // a thread the runtime handle owns (joined by podcore_runtime_close).
    auto exists = rt->runtime->get(ns, name);
    if (!exists) return pc::report(err, std::move(exists.error()));
    std::lock_guard lock(rt->background_mu);
    rt->background.emplace_back([runtime = rt->runtime.get(), ns, n = std::string(name), d] {
      try {
        (void)runtime->remove(ns, n, d);
      } catch (...) {
        // Nobody to tell: documented as lost.
      }
    });
    return PODCORE_OK;
  });
}

}  // extern "C"
