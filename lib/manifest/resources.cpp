#include "manifest/resources.hpp"

namespace podcore::manifest {

namespace {

void add_into(ResourceList& into, const ResourceList& from) {
  for (const auto& [k, v] : from) {
    auto it = into.find(k);
    if (it == into.end())
      into.emplace(k, v);
    else
      it->second.add(v);
  }
}

void max_into(ResourceList& into, const ResourceList& from) {
  for (const auto& [k, v] : from) {
    auto it = into.find(k);
    if (it == into.end())
      into.emplace(k, v);
    else if (v.cmp(it->second) > 0)
      it->second = v;
  }
}

template <class Pick>
ResourceList aggregate(const PodSpec& spec, Pick pick) {
  ResourceList total;
  for (const auto& c : spec.containers) add_into(total, pick(c));
  ResourceList sidecars, init_peak;
  // An init container runs alongside the sidecars started before it; a
  // sidecar keeps running, so it also adds to the regular total.
  for (const auto& c : spec.initContainers) {
    if (is_sidecar(c)) {
      add_into(total, pick(c));
      add_into(sidecars, pick(c));
      max_into(init_peak, sidecars);
    } else {
      ResourceList with_sidecars = pick(c);
      add_into(with_sidecars, sidecars);
      max_into(init_peak, with_sidecars);
    }
  }
  max_into(total, init_peak);
  return total;
}

bool is_qos_resource(std::string_view name) {
  return name == "cpu" || name == "memory";
}

}  // namespace

bool is_sidecar(const Container& c) {
  return c.restartPolicy && *c.restartPolicy == "Always";
}

ResourceList aggregate_container_requests(const PodSpec& spec) {
  return aggregate(spec,
                   [](const Container& c) -> const ResourceList& { return c.resources.requests; });
}

ResourceList aggregate_container_limits(const PodSpec& spec) {
  return aggregate(spec,
                   [](const Container& c) -> const ResourceList& { return c.resources.limits; });
}

bool is_supported_pod_level_resource(std::string_view name) {
  return name == "cpu" || name == "memory" || name.starts_with("hugepages-");
}

bool is_pod_level_resources_set(const PodSpec& spec) {
  if (!spec.resources) return false;
  for (const auto* list : {&spec.resources->requests, &spec.resources->limits})
    for (const auto& [k, v] : *list)
      if (is_supported_pod_level_resource(k)) return true;
  return false;
}

ResourceList pod_requests(const PodSpec& spec) {
  ResourceList reqs = aggregate_container_requests(spec);
  if (is_pod_level_resources_set(spec)) {
    for (const auto& [k, v] : spec.resources->requests)
      if (is_supported_pod_level_resource(k)) reqs[k] = v;
  }
  add_into(reqs, spec.overhead);
  return reqs;
}

std::string_view compute_qos_class(const PodSpec& spec) {
  ResourceList requests, limits;
  bool guaranteed = true;
  auto collect = [&](const ResourceList& reqs, const ResourceList& lims) {
    for (const auto& [k, v] : reqs)
      if (is_qos_resource(k) && v.sign() > 0) add_into(requests, {{k, v}});
    bool cpu = false, memory = false;
    for (const auto& [k, v] : lims) {
      if (!is_qos_resource(k) || v.sign() <= 0) continue;
      (k == "cpu" ? cpu : memory) = true;
      add_into(limits, {{k, v}});
    }
    if (!cpu || !memory) guaranteed = false;
  };
  if (is_pod_level_resources_set(spec)) {
    collect(spec.resources->requests, spec.resources->limits);
  } else {
    for (const auto& c : spec.containers) collect(c.resources.requests, c.resources.limits);
    for (const auto& c : spec.initContainers) collect(c.resources.requests, c.resources.limits);
  }
  if (requests.empty() && limits.empty()) return "BestEffort";
  if (guaranteed) {
    for (const auto& [k, req] : requests) {
      auto it = limits.find(k);
      if (it == limits.end() || it->second.cmp(req) != 0) {
        guaranteed = false;
        break;
      }
    }
  }
  if (guaranteed && requests.size() == limits.size()) return "Guaranteed";
  return "Burstable";
}

Container to_container(const EphemeralContainer& e) {
  Container c;
  c.name = e.name;
  c.image = e.image;
  c.command = e.command;
  c.args = e.args;
  c.workingDir = e.workingDir;
  c.ports = e.ports;
  c.envFrom = e.envFrom;
  c.env = e.env;
  c.resources = e.resources;
  c.resizePolicy = e.resizePolicy;
  c.restartPolicy = e.restartPolicy;
  c.restartPolicyRules = e.restartPolicyRules;
  c.volumeMounts = e.volumeMounts;
  c.volumeDevices = e.volumeDevices;
  c.livenessProbe = e.livenessProbe;
  c.readinessProbe = e.readinessProbe;
  c.startupProbe = e.startupProbe;
  c.lifecycle = e.lifecycle;
  c.terminationMessagePath = e.terminationMessagePath;
  c.terminationMessagePolicy = e.terminationMessagePolicy;
  c.imagePullPolicy = e.imagePullPolicy;
  c.securityContext = e.securityContext;
  c.stdin = e.stdin;
  c.stdinOnce = e.stdinOnce;
  c.tty = e.tty;
  return c;
}

}  // namespace podcore::manifest
