// The warnings the API server returns when a Pod is created (Kubernetes
// 1.34): podStrategy.WarningsOnCreate (pkg/registry/core/pod/strategy.go),
// i.e. the pod-name warning followed by GetWarningsForPod
// (pkg/api/pod/warnings.go), each with upstream's exact text and order.
//
// Go iterates maps in random order; nodeSelector and annotation keys are
// visited here in key order.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "manifest/names.hpp"
#include "manifest/validate.hpp"
#include "manifest/validate_internal.hpp"

namespace podcore::manifest {

namespace {

using validation::child;
using validation::index;
using validation::key;
using Warnings = std::vector<std::string>;

bool starts_with(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

// nodeapi.GetNodeLabelDeprecatedMessage.
const char* deprecated_node_label(std::string_view k) {
  static const std::pair<std::string_view, const char*> kLabels[] = {
      {"beta.kubernetes.io/arch", "deprecated since v1.14; use \"kubernetes.io/arch\" instead"},
      {"beta.kubernetes.io/os", "deprecated since v1.14; use \"kubernetes.io/os\" instead"},
      {"failure-domain.beta.kubernetes.io/region",
       "deprecated since v1.17; use \"topology.kubernetes.io/region\" instead"},
      {"failure-domain.beta.kubernetes.io/zone",
       "deprecated since v1.17; use \"topology.kubernetes.io/zone\" instead"},
      {"beta.kubernetes.io/instance-type",
       "deprecated since v1.17; use \"node.kubernetes.io/instance-type\" instead"},
      {"app.kubernetes.io/created-by", "deprecated since v1.9"},
      {"scheduler.alpha.kubernetes.io/preferAvoidPods",
       "deprecated since v1.22; use Taints and Tolerations instead"},
      {"node-role.kubernetes.io/master", "use \"node-role.kubernetes.io/control-plane\" instead"},
  };
  for (const auto& [label, msg] : kLabels)
    if (k == label) return msg;
  return nullptr;
}

// nodeapi.GetWarningsForNodeSelectorTerm.
void node_selector_term(const NodeSelectorTerm& t, bool check_label_value, const std::string& path,
                        Warnings& w) {
  std::string ep = child(path, "matchExpressions");
  for (size_t i = 0; i < t.matchExpressions.size(); ++i) {
    const auto& e = t.matchExpressions[i];
    if (const char* msg = deprecated_node_label(e.key))
      w.push_back(child(index(ep, i), "key") + ": " + e.key + " is " + msg);
    if (check_label_value) {
      std::string vp = child(index(ep, i), "values");
      for (size_t j = 0; j < e.values.size(); ++j)
        for (const auto& msg : names::is_valid_label_value(e.values[j]))
          w.push_back(index(vp, j) + ": " + e.values[j] + " is invalid, " + msg);
    }
  }
}

std::string fractional(const std::string& path, const Quantity& q) {
  return path + ": fractional byte value " + go_quote(q.to_string()) +
         " is invalid, must be an integer";
}

bool is_fractional(const Quantity& q) {
  return q.milli_value() % 1000 != 0;
}

// Calls f(container, path) for init, regular and ephemeral containers
// (pods.VisitContainersWithPath).
template <class F>
void visit_containers(const PodSpec& spec, F&& f) {
  for (size_t i = 0; i < spec.initContainers.size(); ++i)
    f(spec.initContainers[i], index("spec.initContainers", i));
  for (size_t i = 0; i < spec.containers.size(); ++i)
    f(spec.containers[i], index("spec.containers", i));
  for (size_t i = 0; i < spec.ephemeralContainers.size(); ++i)
    f(spec.ephemeralContainers[i], index("spec.ephemeralContainers", i));
}

// checkForOverlap: the first known path equal to, or a parent or child of,
// `path`. Upstream walks a Go set (random order) and returns at the first
// hit; a set sorted by path is used here. An empty path on either side
// stops the search.
std::string overlap_with(const std::set<std::string>& known, const std::string& path) {
  for (const auto& item : known) {
    if (item.empty() || path.empty()) return {};
    if (item == path || starts_with(item + "/", path) || starts_with(path + "/", item)) return item;
  }
  return {};
}

// checkVolumeMappingForOverlap.
void check_overlap(const std::vector<std::string>& paths, const std::string& message, Warnings& w) {
  std::set<std::string> unique;
  for (const auto& p : paths) {
    std::string normalized = p;
    while (!normalized.empty() && normalized.back() == '/') normalized.pop_back();
    std::string collision = overlap_with(unique, normalized);
    if (!collision.empty())
      w.push_back(message + ": " + go_quote(normalized) + " with " + go_quote(collision));
    unique.insert(normalized);
  }
}

std::vector<std::string> key_paths(const std::vector<KeyToPath>& items) {
  std::vector<std::string> v;
  v.reserve(items.size());
  for (const auto& i : items) v.push_back(i.path);
  return v;
}
std::vector<std::string> downward_paths(const std::vector<DownwardAPIVolumeFile>& items) {
  std::vector<std::string> v;
  v.reserve(items.size());
  for (const auto& i : items) v.push_back(i.path);
  return v;
}

// warningsForOverlappingVirtualPaths. Upstream tests `Items != nil`; a
// decoded empty list is taken as absent here.
void overlapping_virtual_paths(const std::vector<Volume>& volumes, Warnings& w) {
  for (const auto& v : volumes) {
    std::string vol = go_quote(v.name);
    if (v.configMap && !v.configMap->items.empty())
      check_overlap(
          key_paths(v.configMap->items),
          "volume " + vol + " (ConfigMap " + go_quote(v.configMap->name) + "): overlapping paths",
          w);
    if (v.secret && !v.secret->items.empty())
      check_overlap(
          key_paths(v.secret->items),
          "volume " + vol + " (Secret " + go_quote(v.secret->secretName) + "): overlapping paths",
          w);
    if (v.downwardAPI && !v.downwardAPI->items.empty())
      check_overlap(downward_paths(v.downwardAPI->items),
                    "volume " + vol + " (DownwardAPI): overlapping paths", w);
    if (!v.projected) continue;
    std::set<std::string> all_paths;
    for (const auto& s : v.projected->sources) {
      if (s == VolumeProjection{}) {
        w.push_back("volume " + vol + " (Projected) has no sources provided");
        continue;
      }
      std::vector<std::string> source_paths;
      std::string message;
      if (s.configMap && !s.configMap->items.empty()) {
        source_paths = key_paths(s.configMap->items);
        message = "volume " + vol + " (Projected ConfigMap " + go_quote(s.configMap->name) +
                  "): overlapping paths";
      } else if (s.secret && !s.secret->items.empty()) {
        source_paths = key_paths(s.secret->items);
        message = "volume " + vol + " (Projected Secret " + go_quote(s.secret->name) +
                  "): overlapping paths";
      } else if (s.downwardAPI && !s.downwardAPI->items.empty()) {
        source_paths = downward_paths(s.downwardAPI->items);
        message = "volume " + vol + " (Projected DownwardAPI): overlapping paths";
      } else if (s.serviceAccountToken) {
        source_paths = {s.serviceAccountToken->path};
        message = "volume " + vol + " (Projected ServiceAccountToken): overlapping paths";
      } else if (s.clusterTrustBundle) {
        source_paths = {s.clusterTrustBundle->path};
        const auto& ctb = *s.clusterTrustBundle;
        message = "volume " + vol + " (Projected ClusterTrustBundle " +
                  go_quote(ctb.name ? *ctb.name : ctb.signerName.value_or("")) +
                  "): overlapping paths";
      }
      if (source_paths.empty()) continue;
      check_overlap(source_paths, message, w);
      // Then the source's distinct paths together with every earlier
      // source's, sorted (upstream sorts to get a predictable result).
      std::set<std::string> ordered(source_paths.begin(), source_paths.end());
      std::vector<std::string> merged(ordered.begin(), ordered.end());
      merged.insert(merged.end(), all_paths.begin(), all_paths.end());
      std::sort(merged.begin(), merged.end());
      check_overlap(merged, message, w);
      all_paths.insert(ordered.begin(), ordered.end());
    }
  }
}

// Go's %+v of a core.ContainerPort.
std::string port_plus_v(const ContainerPort& p) {
  return "{Name:" + p.name + " HostPort:" + std::to_string(p.hostPort) +
         " ContainerPort:" + std::to_string(p.containerPort) + " Protocol:" + p.protocol +
         " HostIP:" + p.hostIP + "}";
}

void null_selector_terms(const std::vector<PodAffinityTerm>& terms, const std::string& path,
                         Warnings& w) {
  for (size_t i = 0; i < terms.size(); ++i)
    if (!terms[i].labelSelector)
      w.push_back(child(index(path, i), "labelSelector") +
                  ": a null labelSelector results in matching no pod");
}
void null_selector_weighted(const std::vector<WeightedPodAffinityTerm>& terms,
                            const std::string& path, Warnings& w) {
  for (size_t i = 0; i < terms.size(); ++i)
    if (!terms[i].podAffinityTerm.labelSelector)
      w.push_back(child(child(index(path, i), "podAffinityTerm"), "labelSelector") +
                  ": a null labelSelector results in matching no pod");
}

}  // namespace

std::vector<std::string> pod_warnings(const Pod& pod) {
  Warnings w;
  const PodSpec& spec = pod.spec;
  const auto& ann = pod.metadata.annotations;

  // podStrategy.WarningsOnCreate: the name becomes the hostname. The
  // reasons are printed with Go's %v of a []string: "[a b]".
  if (auto msgs = names::is_dns1123_label(pod.metadata.name); !msgs.empty()) {
    std::string joined;
    for (size_t i = 0; i < msgs.size(); ++i) joined += (i ? " " : "") + msgs[i];
    w.push_back(
        "metadata.name: this is used in the Pod's hostname, which can result in surprising "
        "behavior; a DNS label is recommended: [" +
        joined + "]");
  }

  // Deprecated node labels in selectors, affinity and topology spread.
  for (const auto& [k, v] : spec.nodeSelector)
    if (const char* msg = deprecated_node_label(k))
      w.push_back(key("spec.nodeSelector", k) + ": " + msg);
  if (spec.affinity && spec.affinity->nodeAffinity) {
    const auto& n = *spec.affinity->nodeAffinity;
    if (n.requiredDuringSchedulingIgnoredDuringExecution) {
      const std::string tp =
          "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
          "nodeSelectorTerms";
      const auto& terms = n.requiredDuringSchedulingIgnoredDuringExecution->nodeSelectorTerms;
      // Required terms: label values are validation errors already.
      for (size_t i = 0; i < terms.size(); ++i)
        node_selector_term(terms[i], false, index(tp, i), w);
    }
    const std::string pp =
        "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution";
    const auto& prefs = n.preferredDuringSchedulingIgnoredDuringExecution;
    // Preferred terms accept invalid label values, so they only warn.
    for (size_t i = 0; i < prefs.size(); ++i)
      node_selector_term(prefs[i].preference, true, child(index(pp, i), "preference"), w);
  }
  for (size_t i = 0; i < spec.topologySpreadConstraints.size(); ++i) {
    const auto& t = spec.topologySpreadConstraints[i];
    std::string p = index("spec.topologySpreadConstraints", i);
    if (const char* msg = deprecated_node_label(t.topologyKey))
      w.push_back(child(p, "topologyKey") + ": " + t.topologyKey + " is " + msg);
    if (!t.labelSelector)
      w.push_back(child(p, "labelSelector") + ": a null labelSelector results in matching no pod");
  }

  // Deprecated annotations.
  static const std::pair<std::string_view, const char*> kDeprecatedAnnotations[] = {
      {"scheduler.alpha.kubernetes.io/critical-pod",
       "non-functional in v1.16+; use the \"priorityClassName\" field instead"},
      {"security.alpha.kubernetes.io/sysctls",
       "non-functional in v1.11+; use the \"sysctls\" field instead"},
      {"security.alpha.kubernetes.io/unsafe-sysctls",
       "non-functional in v1.11+; use the \"sysctls\" field instead"},
  };
  for (const auto& [k, msg] : kDeprecatedAnnotations)
    if (ann.count(std::string(k))) w.push_back(key("metadata.annotations", k) + ": " + msg);

  // Deprecated and removed volume plugins.
  for (size_t i = 0; i < spec.volumes.size(); ++i) {
    const auto& v = spec.volumes[i];
    std::string p = index("spec.volumes", i);
    if (v.photonPersistentDisk)
      w.push_back(child(p, "photonPersistentDisk") +
                  ": deprecated in v1.11, non-functional in v1.16+");
    if (v.gitRepo) w.push_back(child(p, "gitRepo") + ": deprecated in v1.11");
    if (v.scaleIO)
      w.push_back(child(p, "scaleIO") + ": deprecated in v1.16, non-functional in v1.22+");
    if (v.flocker)
      w.push_back(child(p, "flocker") + ": deprecated in v1.22, non-functional in v1.25+");
    // Upstream spells this path "storageOS" (the JSON field is "storageos").
    if (v.storageos)
      w.push_back(child(p, "storageOS") + ": deprecated in v1.22, non-functional in v1.25+");
    if (v.quobyte)
      w.push_back(child(p, "quobyte") + ": deprecated in v1.22, non-functional in v1.25+");
    if (v.glusterfs)
      w.push_back(child(p, "glusterfs") + ": deprecated in v1.25, non-functional in v1.26+");
    if (v.ephemeral && v.ephemeral->volumeClaimTemplate) {
      // pvcutil.GetWarningsForPersistentVolumeClaimSpec (storage only).
      std::string rp =
          child(child(child(child(p, "ephemeral"), "volumeClaimTemplate"), "spec"), "resources");
      const auto& res = v.ephemeral->volumeClaimTemplate->spec.resources;
      if (auto it = res.requests.find("storage");
          it != res.requests.end() && is_fractional(it->second))
        w.push_back(fractional(key(child(rp, "requests"), "storage"), it->second));
      if (auto it = res.limits.find("storage"); it != res.limits.end() && is_fractional(it->second))
        w.push_back(fractional(key(child(rp, "limits"), "storage"), it->second));
    }
    if (v.cephfs)
      w.push_back(child(p, "cephfs") + ": deprecated in v1.28, non-functional in v1.31+");
    if (v.rbd) w.push_back(child(p, "rbd") + ": deprecated in v1.28, non-functional in v1.31+");
  }

  overlapping_virtual_paths(spec.volumes, w);

  // Duplicate hostAliases IPs and imagePullSecrets, empty pull secret names.
  if (spec.hostAliases.size() > 1) {
    std::set<std::string> seen;
    for (size_t i = 0; i < spec.hostAliases.size(); ++i)
      if (!seen.insert(spec.hostAliases[i].ip).second)
        w.push_back(child(index("spec.hostAliases", i), "ip") + ": duplicate ip " +
                    go_quote(spec.hostAliases[i].ip));
  }
  if (spec.imagePullSecrets.size() > 1) {
    std::set<std::string> seen;
    for (size_t i = 0; i < spec.imagePullSecrets.size(); ++i)
      if (!seen.insert(spec.imagePullSecrets[i].name).second)
        w.push_back(child(index("spec.imagePullSecrets", i), "name") + ": duplicate name " +
                    go_quote(spec.imagePullSecrets[i].name));
  }
  for (size_t i = 0; i < spec.imagePullSecrets.size(); ++i)
    if (spec.imagePullSecrets[i].name.empty())
      w.push_back(child(index("spec.imagePullSecrets", i), "name") + ": invalid empty name \"\"");

  // Fractional memory / ephemeral-storage overhead.
  for (const char* r : {"memory", "ephemeral-storage"})
    if (auto it = spec.overhead.find(r); it != spec.overhead.end() && is_fractional(it->second))
      w.push_back(fractional(key("spec.overhead", r), it->second));

  // Seccomp annotations without the field.
  if (!spec.securityContext || !spec.securityContext->seccompProfile)
    if (ann.count("seccomp.security.alpha.kubernetes.io/pod"))
      w.push_back(
          "metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: non-functional in "
          "v1.27+; use the \"seccompProfile\" field instead");

  visit_containers(spec, [&](const auto& c, const std::string& p) {
    if (!c.securityContext || !c.securityContext->seccompProfile) {
      std::string k = "container.seccomp.security.alpha.kubernetes.io/" + c.name;
      if (ann.count(k))
        w.push_back(key("metadata.annotations", k) +
                    ": non-functional in v1.27+; use the \"seccompProfile\" field instead");
    }
    // The AppArmor annotation warning is for pod templates only; a Pod's
    // comes from the AppArmor version-skew handling in PrepareForCreate.
    const auto& lim = c.resources.limits;
    const auto& req = c.resources.requests;
    std::string rp = child(p, "resources");
    if (auto it = lim.find("memory"); it != lim.end() && is_fractional(it->second))
      w.push_back(fractional(key(child(rp, "limits"), "memory"), it->second));
    if (auto it = req.find("memory"); it != req.end() && is_fractional(it->second))
      w.push_back(fractional(key(child(rp, "requests"), "memory"), it->second));
    if (auto it = lim.find("ephemeral-storage"); it != lim.end() && is_fractional(it->second))
      w.push_back(fractional(key(child(rp, "limits"), "ephemeral-storage"), it->second));
    if (auto it = req.find("ephemeral-storage"); it != req.end() && is_fractional(it->second))
      w.push_back(fractional(key(child(rp, "requests"), "ephemeral-storage"), it->second));

    // Duplicate env names, unless the later one refers to the earlier.
    if (c.env.size() > 1) {
      std::set<std::string> seen;
      for (size_t i = 0; i < c.env.size(); ++i) {
        const auto& e = c.env[i];
        if (seen.insert(e.name).second) continue;
        std::string ref = "$(" + e.name + ")";
        bool bad =
            e.valueFrom.has_value() || e.value == ref || e.value.find(ref) == std::string::npos;
        if (bad)
          w.push_back(index(child(p, "env"), i) + ": hides previous definition of " +
                      go_quote(e.name) + ", which may be dropped when using apply");
      }
    }
  });

  // Port definitions across all containers.
  struct PortBlock {
    std::string field;
    const ContainerPort* port;
  };
  std::map<std::string, std::vector<PortBlock>> all_ports;
  visit_containers(spec, [&](const auto& c, const std::string& p) {
    for (size_t i = 0; i < c.ports.size(); ++i) {
      const ContainerPort& port = c.ports[i];
      std::string fp = index(child(p, "ports"), i);
      if (!port.hostIP.empty() && port.hostPort == 0)
        w.push_back(fp + ": hostIP set without hostPort: " + port_plus_v(port));
      auto& others = all_ports[std::to_string(port.containerPort) + "/" + port.protocol];
      for (const auto& other : others) {
        const ContainerPort& o = *other.port;
        bool a = port.hostIP.empty();
        bool b = o.hostIP.empty();
        if (port.hostIP == o.hostIP && port.hostPort == o.hostPort)
          w.push_back(fp + ": duplicate port definition with " + other.field);
        else if (port.hostPort == 0 || o.hostPort == 0)
          w.push_back(fp + ": overlapping port definition with " + other.field);
        else if (port.hostPort == o.hostPort && (a || b) && !(a && b))
          w.push_back(fp + ": dangerously ambiguous port definition with " + other.field);
      }
      others.push_back({fp, &port});
    }
  });

  if (spec.terminationGracePeriodSeconds && *spec.terminationGracePeriodSeconds < 0)
    w.push_back(
        "spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will "
        "be treated as 1");

  if (spec.affinity) {
    if (const auto& a = spec.affinity->podAffinity) {
      null_selector_terms(
          a->requiredDuringSchedulingIgnoredDuringExecution,
          "spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution", w);
      null_selector_weighted(
          a->preferredDuringSchedulingIgnoredDuringExecution,
          "spec.affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution", w);
    }
    if (const auto& a = spec.affinity->podAntiAffinity) {
      null_selector_terms(
          a->requiredDuringSchedulingIgnoredDuringExecution,
          "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution", w);
      null_selector_weighted(
          a->preferredDuringSchedulingIgnoredDuringExecution,
          "spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution", w);
    }
  }
  return w;
}

}  // namespace podcore::manifest
