#include "pod/admission.hpp"

#include <sched.h>

#include <charconv>

#include "base/file.hpp"
#include "manifest/resources.hpp"

namespace podcore::pod {

namespace {

int64_t requested(const manifest::PodSpec& spec, const char* name, bool milli) {
  auto req = manifest::pod_requests(spec);
  auto it = req.find(name);
  if (it == req.end()) return 0;
  return milli ? it->second.milli_value() : it->second.value();
}

}  // namespace

Result<NodeResources> read_node_resources() {
  NodeResources node;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) != 0)
    return fail_errno(errno, "pod.admission", "sched_getaffinity", "read the node's CPUs");
  node.milli_cpu = static_cast<int64_t>(CPU_COUNT(&set)) * 1000;
  auto meminfo = read_file("/proc/meminfo");
  if (!meminfo) return std::unexpected(meminfo.error());
  auto pos = meminfo->find("MemTotal:");
  if (pos == std::string::npos)
    return fail(ErrorCode::kSystem, "pod.admission", "no MemTotal line", "/proc/meminfo");
  pos += 9;
  while (pos < meminfo->size() && (*meminfo)[pos] == ' ') ++pos;
  int64_t kib = 0;
  auto [p, ec] = std::from_chars(meminfo->data() + pos, meminfo->data() + meminfo->size(), kib);
  if (ec != std::errc{})
    return fail(ErrorCode::kSystem, "pod.admission", "unreadable MemTotal", "/proc/meminfo");
  node.memory = kib * 1024;
  return node;
}

std::optional<AdmissionRejection> admit_pod(const manifest::Pod& pod,
                                            const std::vector<const manifest::Pod*>& running,
                                            const NodeResources& node) {
  auto shortfall = [](const std::string& resource, int64_t req, int64_t used, int64_t cap) {
    return AdmissionRejection{"OutOf" + resource,
                              "Pod was rejected: Node didn't have enough resource: " + resource +
                                  ", requested: " + std::to_string(req) + ", used: " +
                                  std::to_string(used) + ", capacity: " + std::to_string(cap)};
  };
  if (static_cast<int64_t>(running.size()) + 1 > node.pods)
    return shortfall("pods", 1, static_cast<int64_t>(running.size()), node.pods);
  struct Check {
    const char* name;
    bool milli;
    int64_t capacity;
  };
  for (const Check& c : {Check{"cpu", true, node.milli_cpu}, Check{"memory", false, node.memory}}) {
    int64_t req = requested(pod.spec, c.name, c.milli);
    if (req == 0) continue;  // nothing asked: always fits
    int64_t used = 0;
    for (const auto* other : running) used += requested(other->spec, c.name, c.milli);
    if (req + used > c.capacity) return shortfall(c.name, req, used, c.capacity);
  }
  return std::nullopt;
}

}  // namespace podcore::pod
