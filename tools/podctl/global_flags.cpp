#include "global_flags.hpp"

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>

namespace podctl {

const char* kGlobalFlagsHelp =
    "Global flags (each also read from the environment variable shown):\n"
    "      --state-dir DIR       runtime state directory ($PODCORE_STATE_DIR, /run/podcore)\n"
    "      --bridge NAME         pod bridge ($PODCORE_BRIDGE, podcore0)\n"
    "      --subnet CIDR         pod subnet ($PODCORE_SUBNET, 10.87.0.0/16)\n"
    "      --network NAME        network name: IPAM directory and veth alias "
    "($PODCORE_NETWORK, podcore)\n"
    "      --cgroup-parent NAME  cgroup parent of the pods ($PODCORE_CGROUP_PARENT, podcore)\n"
    "      --max-pods N          pods admitted at once, as kubelet's --max-pods "
    "($PODCORE_MAX_PODS, 110)\n"
    "  -n, --namespace NS        the namespace (default \"default\")\n"
    "  -A, --all-namespaces      every namespace (get, describe, delete --all, top)\n";

namespace {

struct FlagSpec {
  std::string_view long_name;
  std::string_view short_name;
  std::string GlobalFlags::*field;
  const char* env;
};

const FlagSpec kFlags[] = {
    {"--state-dir", "", &GlobalFlags::state_dir, "PODCORE_STATE_DIR"},
    {"--bridge", "", &GlobalFlags::bridge, "PODCORE_BRIDGE"},
    {"--subnet", "", &GlobalFlags::subnet, "PODCORE_SUBNET"},
    {"--network", "", &GlobalFlags::network, "PODCORE_NETWORK"},
    {"--cgroup-parent", "", &GlobalFlags::cgroup_parent, "PODCORE_CGROUP_PARENT"},
    {"--max-pods", "", &GlobalFlags::max_pods, "PODCORE_MAX_PODS"},
    {"--namespace", "-n", &GlobalFlags::namespace_, nullptr},
};

std::optional<int64_t> positive_int(std::string_view v) {
  int64_t n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc{} || end != v.data() + v.size() || n <= 0) return std::nullopt;
  return n;
}

}  // namespace

podcore::Result<GlobalFlags> take_global_flags(std::vector<std::string_view>& args) {
  GlobalFlags flags;
  std::vector<std::string_view> rest;
  size_t i = 0;
  for (; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (a == "--") break;
    if (a == "-A" || a == "--all-namespaces" || a == "--all-namespaces=true") {
      flags.all_namespaces = true;
      continue;
    }
    bool taken = false;
    for (const auto& f : kFlags) {
      for (std::string_view name : {f.long_name, f.short_name}) {
        if (name.empty() || !a.starts_with(name)) continue;
        std::string_view tail = a.substr(name.size());
        if (tail.empty()) {
          if (i + 1 >= args.size())
            return podcore::fail(podcore::ErrorCode::kInvalid, "podctl.flags",
                                 "flag needs an argument: " + std::string(name));
          flags.*(f.field) = args[++i];
        } else if (tail.front() == '=') {
          flags.*(f.field) = tail.substr(1);
        } else if (name.size() == 2) {  // -nNS
          flags.*(f.field) = tail;
        } else {
          continue;
        }
        taken = true;
        break;
      }
      if (taken) break;
    }
    if (!taken) rest.push_back(a);
  }
  for (; i < args.size(); ++i) rest.push_back(args[i]);
  args = std::move(rest);
  for (const auto& f : kFlags) {
    if (f.env == nullptr || !(flags.*(f.field)).empty()) continue;
    if (const char* v = std::getenv(f.env); v && *v) flags.*(f.field) = v;
  }
  if (!flags.max_pods.empty() && !positive_int(flags.max_pods))
    return podcore::fail(podcore::ErrorCode::kInvalid, "podctl.flags",
                         "invalid argument \"" + flags.max_pods +
                             "\" for \"--max-pods\" flag: must be a positive integer");
  return flags;
}

podcore::pod::RuntimeOptions runtime_options(const GlobalFlags& flags) {
  podcore::pod::RuntimeOptions o;
  if (!flags.state_dir.empty()) o.state_dir = flags.state_dir;
  if (!flags.bridge.empty()) o.network.bridge = flags.bridge;
  if (!flags.subnet.empty()) o.network.subnet = flags.subnet;
  if (!flags.network.empty()) o.network.name = flags.network;
  if (!flags.cgroup_parent.empty()) o.cgroup_parent = flags.cgroup_parent;
  if (auto n = positive_int(flags.max_pods)) o.max_pods = *n;
  o.network.state_dir = o.state_dir.string();
  // podctl run from a build tree: the monitor is built beside it, in
  // tools/podcore-monitor/ ($PODCORE_MONITOR_PATH and the runtime's own
  // search come first).
  const char* env = std::getenv("PODCORE_MONITOR_PATH");
  if (env == nullptr || *env == '\0') {
    std::error_code ec;
    std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    std::filesystem::path built =
        self.parent_path().parent_path() / "podcore-monitor" / "podcore-monitor";
    if (!ec && std::filesystem::exists(self.parent_path() / "podcore-monitor", ec) == false &&
        std::filesystem::exists(built, ec))
      o.monitor_path = built;
  }
  return o;
}

podcore::Result<std::unique_ptr<podcore::pod::Runtime>> open_runtime(const GlobalFlags& flags) {
  auto rt = podcore::pod::Runtime::open(runtime_options(flags));
  if (rt)
    for (const auto& w : (*rt)->node_warnings()) std::fprintf(stderr, "Warning: %s\n", w.c_str());
  return rt;
}

}  // namespace podctl
