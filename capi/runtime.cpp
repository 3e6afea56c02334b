// podcore_runtime: open and close a pod::Runtime with the C options struct.
#include "capi_internal.hpp"

namespace pc = podcore::capi;

namespace {

void set_if(std::string& target, const char* value) {
  if (value && *value) target = value;
}

}  // namespace

extern "C" {

PODCORE_API void podcore_runtime_options_init(podcore_runtime_options* options, size_t size) {
  pc::init_sized(options, size, [](podcore_runtime_options&) {});
}

PODCORE_API int podcore_runtime_open(podcore_runtime** out, const podcore_runtime_options* options,
                                     podcore_error** err) {
  return podcore::capi::guarded(err, "podcore_runtime_open", [&]() -> int {
    if (!out) return podcore::capi::invalid_argument(err, "podcore_runtime_open", "out is NULL");
    *out = nullptr;
    podcore::pod::RuntimeOptions ro;
    if (options) {
      using O = podcore_runtime_options;
      const O* o = options;
      if (o->struct_size < offsetof(O, state_dir))
        return podcore::capi::invalid_argument(err, "podcore_runtime_open",
                                               "options->struct_size is " +
                                                   std::to_string(o->struct_size) +
                                                   ": call podcore_runtime_options_init()");
      if (PODCORE_HAS_FIELD(o, O, state_dir) && o->state_dir && *o->state_dir)
        ro.state_dir = o->state_dir;
      if (PODCORE_HAS_FIELD(o, O, network_name)) set_if(ro.network.name, o->network_name);
      if (PODCORE_HAS_FIELD(o, O, bridge)) set_if(ro.network.bridge, o->bridge);
      if (PODCORE_HAS_FIELD(o, O, subnet)) set_if(ro.network.subnet, o->subnet);
      if (PODCORE_HAS_FIELD(o, O, gateway)) set_if(ro.network.gateway, o->gateway);
      if (PODCORE_HAS_FIELD(o, O, subnet6)) set_if(ro.network.subnet6, o->subnet6);
      if (PODCORE_HAS_FIELD(o, O, gateway6)) set_if(ro.network.gateway6, o->gateway6);
      if (PODCORE_HAS_FIELD(o, O, mtu) && o->mtu) ro.network.mtu = o->mtu;
      if (PODCORE_HAS_FIELD(o, O, cgroup_root)) set_if(ro.cgroup_root, o->cgroup_root);
      if (PODCORE_HAS_FIELD(o, O, cgroup_parent)) set_if(ro.cgroup_parent, o->cgroup_parent);
      if (PODCORE_HAS_FIELD(o, O, monitor_path) && o->monitor_path && *o->monitor_path)
        ro.monitor_path = o->monitor_path;
      if (PODCORE_HAS_FIELD(o, O, node_name)) set_if(ro.node_name, o->node_name);
      if (PODCORE_HAS_FIELD(o, O, log_max_size) && o->log_max_size)
        ro.log_rotation.max_size = o->log_max_size;
      if (PODCORE_HAS_FIELD(o, O, log_max_files) && o->log_max_files)
        ro.log_rotation.max_files = o->log_max_files;
      if (PODCORE_HAS_FIELD(o, O, pids_max) && o->pids_max) {
        if (o->pids_max < 0)
          return podcore::capi::invalid_argument(err, "podcore_runtime_open",
                                                 "options->pids_max is negative");
        ro.pids_max = o->pids_max;
      }
    }
    ro.network.state_dir = ro.state_dir.string();
    auto rt = podcore::pod::Runtime::open(std::move(ro));
    if (!rt) return podcore::capi::report(err, std::move(rt.error()));
    auto handle = std::make_unique<podcore_runtime>();
    handle->runtime = std::move(*rt);
    *out = handle.release();
    return PODCORE_OK;
  });
}

PODCORE_API void podcore_runtime_close(podcore_runtime* rt) {
  if (!rt) return;
  std::vector<std::thread> background;
  {
    std::lock_guard lock(rt->background_mu);
    background.swap(rt->background);
  }
  for (auto& t : background)
    if (t.joinable()) t.join();
  delete rt;
}

}  // extern "C"
