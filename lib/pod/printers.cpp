#include "pod/printers.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <optional>

#include "base/tabwriter.hpp"
#include "manifest/field_error.hpp"
#include "manifest/resources.hpp"
#include "pod/label_selector.hpp"
#include "pod/pod_row.hpp"

namespace podcore::pod {

namespace {

using manifest::Container;
using manifest::ContainerStatus;
using manifest::Pod;

// ---------------------------------------------------------------------------
// kubectl get

std::string wide_readiness_gates(const Pod& pod) {
  if (pod.spec.readinessGates.empty()) return "<none>";
  int true_conditions = 0;
  for (const auto& gate : pod.spec.readinessGates) {
    for (const auto& c : pod.status.conditions) {
      if (c.type != gate.conditionType) continue;
      if (c.status == "True") ++true_conditions;
      break;
    }
  }
  return std::to_string(true_conditions) + "/" + std::to_string(pod.spec.readinessGates.size());
}

// ---------------------------------------------------------------------------
// kubectl describe: a PrefixWriter over one tabwriter.

class PrefixWriter {
 public:
  /// Writes `text` after `level` two-space indents (once per call, as
  /// kubectl's prefixWriter does, even when `text` spans lines).
  void write(int level, std::string_view text) {
    out_.append(static_cast<size_t>(level) * 2, ' ');
    out_ += text;
  }
  /// WriteLine: the text and a newline, no indent.
  void line(std::string_view text) {
    out_ += text;
    out_ += '\n';
  }
  [[nodiscard]] std::string render() const {
    auto w = TabWriter::for_describe();
    w.write(out_);
    return w.render();
  }

 private:
  std::string out_;
};

constexpr int kLevel0 = 0, kLevel1 = 1, kLevel2 = 2, kLevel3 = 3;

std::string go_bool(bool b) {
  return b ? "true" : "false";
}

std::string print_bool(bool b) {
  return b ? "True" : "False";
}

std::string or_none(const std::string& s) {
  return s.empty() ? "<none>" : s;
}

// fmt's %v of a []string: "[a b c]".
std::string go_list(const std::vector<std::string>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? " " : "") + v[i];
  return out + "]";
}

std::vector<std::string> split_lines(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t nl; (nl = s.find('\n', start)) != std::string_view::npos; start = nl + 1)
    out.emplace_back(s.substr(start, nl - start));
  out.emplace_back(s.substr(start));
  return out;
}

std::string int_or_string(const manifest::IntOrString& v) {
  return v.is_string() ? v.str_val : std::to_string(v.int_val);
}

// net.JoinHostPort.
std::string join_host_port(const std::string& host, const std::string& port) {
  if (host.find(':') != std::string::npos) return "[" + host + "]:" + port;
  return host + ":" + port;
}

void print_labels_multiline(PrefixWriter& w, std::string_view title,
                            const std::map<std::string, std::string>& labels) {
  w.write(kLevel0, std::string(title) + ":\t");
  if (labels.empty()) {
    w.line("<none>");
    return;
  }
  bool first = true;
  for (const auto& [k, v] : labels) {  // std::map: already in key order
    if (!first) w.write(kLevel0, "\t");
    first = false;
    w.write(kLevel0, k + "=" + v + "\n");
  }
}

constexpr size_t kMaxAnnotationLen = 140;

void print_annotations_multiline(PrefixWriter& w, std::string_view title,
                                 const std::map<std::string, std::string>& annotations) {
  w.write(kLevel0, std::string(title) + ":\t");
  std::vector<const std::pair<const std::string, std::string>*> shown;
  for (const auto& kv : annotations)
    if (kv.first != "kubectl.kubernetes.io/last-applied-configuration") shown.push_back(&kv);
  if (shown.empty()) {
    w.line("<none>");
    return;
  }
  for (size_t i = 0; i < shown.size(); ++i) {
    if (i != 0) w.write(kLevel0, "\t");
    const std::string& key = shown[i]->first;
    std::string value = shown[i]->second;
    if (!value.empty() && value.back() == '\n') value.pop_back();
    if (value.size() + key.size() + 2 > kMaxAnnotationLen ||
        value.find('\n') != std::string::npos) {
      w.write(kLevel0, key + ":\n");
      for (const auto& s : split_lines(value)) {
        std::string shortened =
            s.size() > kMaxAnnotationLen - 2 ? s.substr(0, kMaxAnnotationLen - 2) + "..." : s;
        w.write(kLevel0, "\t  " + shortened + "\n");
      }
    } else {
      w.write(kLevel0, key + ": " + value + "\n");
    }
  }
}

void print_tolerations_multiline(PrefixWriter& w, std::string_view title,
                                 std::vector<manifest::Toleration> tolerations) {
  w.write(kLevel0, std::string(title) + ":\t");
  if (tolerations.empty()) {
    w.line("<none>");
    return;
  }
  std::stable_sort(tolerations.begin(), tolerations.end(),
                   [](const auto& a, const auto& b) { return a.key < b.key; });
  for (size_t i = 0; i < tolerations.size(); ++i) {
    const auto& t = tolerations[i];
    if (i != 0) w.write(kLevel0, "\t");
    std::string s = t.key;
    if (!t.value.empty()) s += "=" + t.value;
    if (!t.effect.empty()) s += ":" + t.effect;
    // An Exists toleration with no value; with neither key nor effect it
    // tolerates everything and prints as a bare "op=Exists".
    if (t.operator_ == "Exists" && t.value.empty())
      s += (!t.key.empty() || !t.effect.empty()) ? " op=Exists" : "op=Exists";
    if (t.tolerationSeconds) s += " for " + std::to_string(*t.tolerationSeconds) + "s";
    w.write(kLevel0, s + "\n");
  }
}

void describe_resources(PrefixWriter& w, const manifest::ResourceRequirements& r, int level) {
  if (!r.limits.empty()) w.write(level, "Limits:\n");
  for (const auto& [name, q] : r.limits) w.write(level + 1, name + ":\t" + q.to_string() + "\n");
  if (!r.requests.empty()) w.write(level, "Requests:\n");
  for (const auto& [name, q] : r.requests) w.write(level + 1, name + ":\t" + q.to_string() + "\n");
}

std::string ports_string(const std::vector<manifest::ContainerPort>& ports, bool host) {
  std::string out;
  for (size_t i = 0; i < ports.size(); ++i) {
    const auto& p = ports[i];
    std::string s = std::to_string(host ? p.hostPort : p.containerPort) + "/" + p.protocol;
    if (!p.name.empty()) s += " (" + p.name + ")";
    out += (i ? ", " : "") + s;
  }
  return out;
}

void describe_basic_info(PrefixWriter& w, const Container& c, const ContainerStatus* st) {
  w.write(kLevel1, c.name + ":\n");
  if (st) w.write(kLevel2, "Container ID:\t" + st->containerID + "\n");
  w.write(kLevel2, "Image:\t" + c.image + "\n");
  if (st) w.write(kLevel2, "Image ID:\t" + st->imageID + "\n");
  std::string ports = ports_string(c.ports, false);
  if (ports.find(',') != std::string::npos)
    w.write(kLevel2, "Ports:\t" + ports + "\n");
  else
    w.write(kLevel2, "Port:\t" + or_none(ports) + "\n");
  std::string host_ports = ports_string(c.ports, true);
  if (host_ports.find(',') != std::string::npos)
    w.write(kLevel2, "Host Ports:\t" + host_ports + "\n");
  else
    w.write(kLevel2, "Host Port:\t" + or_none(host_ports) + "\n");
  if (c.securityContext && c.securityContext->seccompProfile) {
    const auto& sp = *c.securityContext->seccompProfile;
    w.write(kLevel2, "SeccompProfile:\t" + sp.type + "\n");
    if (sp.type == "Localhost")
      w.write(kLevel3, "LocalhostProfile:\t" + sp.localhostProfile.value_or("") + "\n");
  }
}

void describe_command(PrefixWriter& w, const Container& c) {
  if (!c.command.empty()) {
    w.write(kLevel2, "Command:\n");
    for (const auto& arg : c.command)
      for (const auto& s : split_lines(arg)) w.write(kLevel3, s + "\n");
  }
  if (!c.args.empty()) {
    w.write(kLevel2, "Args:\n");
    for (const auto& arg : c.args)
      for (const auto& s : split_lines(arg)) w.write(kLevel3, s + "\n");
  }
}

void describe_state(PrefixWriter& w, std::string_view name, const manifest::ContainerState& s) {
  std::string n(name);
  if (s.running) {
    w.write(kLevel2, n + ":\tRunning\n");
    w.write(kLevel3, "Started:\t" + format_rfc1123z(s.running->startedAt) + "\n");
  } else if (s.waiting) {
    w.write(kLevel2, n + ":\tWaiting\n");
    if (!s.waiting->reason.empty()) w.write(kLevel3, "Reason:\t" + s.waiting->reason + "\n");
  } else if (s.terminated) {
    const auto& t = *s.terminated;
    w.write(kLevel2, n + ":\tTerminated\n");
    if (!t.reason.empty()) w.write(kLevel3, "Reason:\t" + t.reason + "\n");
    if (!t.message.empty()) w.write(kLevel3, "Message:\t" + t.message + "\n");
    w.write(kLevel3, "Exit Code:\t" + std::to_string(t.exitCode) + "\n");
    if (t.signal > 0) w.write(kLevel3, "Signal:\t" + std::to_string(t.signal) + "\n");
    w.write(kLevel3, "Started:\t" + format_rfc1123z(t.startedAt) + "\n");
    w.write(kLevel3, "Finished:\t" + format_rfc1123z(t.finishedAt) + "\n");
  } else {
    w.write(kLevel2, n + ":\tWaiting\n");
  }
}

void describe_container_state(PrefixWriter& w, const ContainerStatus& st) {
  describe_state(w, "State", st.state);
  if (st.lastState.terminated) describe_state(w, "Last State", st.lastState);
  w.write(kLevel2, "Ready:\t" + print_bool(st.ready) + "\n");
  w.write(kLevel2, "Restart Count:\t" + std::to_string(st.restartCount) + "\n");
}

// kubectl's EnvValueRetriever goes through client-go's scheme, which knows
// no Pod field-label conversions: only metadata.name and metadata.namespace
// resolve, every other fieldRef prints an empty value.
std::string resolve_field_ref(const Pod& pod, const manifest::ObjectFieldSelector& ref) {
  if (ref.fieldPath == "metadata.name") return pod.metadata.name;
  if (ref.fieldPath == "metadata.namespace") return pod.metadata.namespace_;
  return {};
}

// kubectl's ExtractContainerResourceValue: the container's own request or
// limit (0 when unset) divided by the divisor (default 1), rounded up.
std::optional<std::string> container_resource_value(const manifest::ResourceFieldSelector& fs,
                                                    const Container& c) {
  manifest::Quantity divisor = fs.divisor;
  if (divisor.is_zero()) divisor = *manifest::Quantity::parse("1");
  std::string_view res = fs.resource;
  const std::map<std::string, manifest::Quantity>* list = nullptr;
  if (res.starts_with("limits.")) {
    list = &c.resources.limits;
    res.remove_prefix(7);
  } else if (res.starts_with("requests.")) {
    list = &c.resources.requests;
    res.remove_prefix(9);
  } else {
    return std::nullopt;
  }
  bool cpu = res == "cpu";
  if (!cpu && res != "memory" && res != "ephemeral-storage" && !res.starts_with("hugepages-"))
    return std::nullopt;
  manifest::Quantity zero;
  auto it = list->find(std::string(res));
  const manifest::Quantity& q = it == list->end() ? zero : it->second;
  double num = cpu ? static_cast<double>(q.milli_value()) : static_cast<double>(q.value());
  double den =
      cpu ? static_cast<double>(divisor.milli_value()) : static_cast<double>(divisor.value());
  return std::to_string(static_cast<int64_t>(std::ceil(num / den)));
}

void describe_env_from(PrefixWriter& w, const Container& c) {
  w.write(kLevel2, std::string("Environment Variables from:") +
                       (c.envFrom.empty() ? "\t<none>" : "") + "\n");
  for (const auto& e : c.envFrom) {
    std::string from, name;
    bool optional = false;
    if (e.configMapRef) {
      from = "ConfigMap";
      name = e.configMapRef->name;
      optional = e.configMapRef->optional.value_or(false);
    } else if (e.secretRef) {
      from = "Secret";
      name = e.secretRef->name;
      optional = e.secretRef->optional.value_or(false);
    }
    if (e.prefix.empty())
      w.write(kLevel3, name + "\t" + from + "\tOptional: " + go_bool(optional) + "\n");
    else
      w.write(kLevel3, name + "\t" + from + " with prefix '" + e.prefix +
                           "'\tOptional: " + go_bool(optional) + "\n");
  }
}

void describe_env(PrefixWriter& w, const Pod& pod, const Container& c) {
  w.write(kLevel2, std::string("Environment:") + (c.env.empty() ? "\t<none>" : "") + "\n");
  for (const auto& e : c.env) {
    if (!e.valueFrom) {
      auto lines = split_lines(e.value);
      for (size_t i = 0; i < lines.size(); ++i)
        w.write(kLevel3, (i == 0 ? e.name + ":\t" : std::string("\t")) + lines[i] + "\n");
      continue;
    }
    const auto& from = *e.valueFrom;
    if (from.fieldRef) {
      w.write(kLevel3, e.name + ":\t" + resolve_field_ref(pod, *from.fieldRef) + " (" +
                           from.fieldRef->apiVersion + ":" + from.fieldRef->fieldPath + ")\n");
    } else if (from.resourceFieldRef) {
      std::string value = container_resource_value(*from.resourceFieldRef, c).value_or("");
      const std::string& res = from.resourceFieldRef->resource;
      if (value == "0" && (res == "limits.cpu" || res == "limits.memory"))
        value = "node allocatable";
      w.write(kLevel3, e.name + ":\t" + value + " (" + res + ")\n");
    } else if (from.secretKeyRef) {
      w.write(kLevel3, e.name + ":\t<set to the key '" + from.secretKeyRef->key + "' in secret '" +
                           from.secretKeyRef->name + "'>\tOptional: " +
                           go_bool(from.secretKeyRef->optional.value_or(false)) + "\n");
    } else if (from.configMapKeyRef) {
      w.write(kLevel3, e.name + ":\t<set to the key '" + from.configMapKeyRef->key +
                           "' of config map '" + from.configMapKeyRef->name + "'>\tOptional: " +
                           go_bool(from.configMapKeyRef->optional.value_or(false)) + "\n");
    }
  }
}

void describe_container_volumes(PrefixWriter& w, const Container& c) {
  std::string none = c.volumeMounts.empty() ? "\t<none>" : "";
  w.write(kLevel2, "Mounts:" + none + "\n");
  auto mounts = c.volumeMounts;
  std::stable_sort(mounts.begin(), mounts.end(),
                   [](const auto& a, const auto& b) { return a.mountPath < b.mountPath; });
  for (const auto& m : mounts) {
    std::string flags = m.readOnly ? "ro" : "rw";
    if (!m.subPath.empty()) flags += ",path=" + manifest::go_quote(m.subPath);
    w.write(kLevel3, m.mountPath + " from " + m.name + " (" + flags + ")\n");
  }
  if (!c.volumeDevices.empty()) {
    w.write(kLevel2, "Devices:" + none + "\n");
    auto devices = c.volumeDevices;
    std::stable_sort(devices.begin(), devices.end(),
                     [](const auto& a, const auto& b) { return a.devicePath < b.devicePath; });
    for (const auto& d : devices) w.write(kLevel3, d.devicePath + " from " + d.name + "\n");
  }
}

void describe_containers(PrefixWriter& w, std::string_view label, const Pod& pod,
                         const std::vector<Container>& containers,
                         const std::vector<ContainerStatus>& statuses) {
  w.write(kLevel0, std::string(label) + ":" + (containers.empty() ? " <none>" : "") + "\n");
  for (const auto& c : containers) {
    // kubectl keys statuses by name in a map: the last one with a name wins.
    const ContainerStatus* st = nullptr;
    for (const auto& s : statuses)
      if (s.name == c.name) st = &s;
    describe_basic_info(w, c, st);
    describe_command(w, c);
    if (st) describe_container_state(w, *st);
    describe_resources(w, c.resources, kLevel2);
    if (c.livenessProbe) w.write(kLevel2, "Liveness:\t" + describe_probe(*c.livenessProbe) + "\n");
    if (c.readinessProbe)
      w.write(kLevel2, "Readiness:\t" + describe_probe(*c.readinessProbe) + "\n");
    if (c.startupProbe) w.write(kLevel2, "Startup:\t" + describe_probe(*c.startupProbe) + "\n");
    if (!c.envFrom.empty()) describe_env_from(w, c);
    describe_env(w, pod, c);
    describe_container_volumes(w, c);
  }
}

void describe_volume(PrefixWriter& w, const manifest::Volume& v) {
  w.write(kLevel1, v.name + ":\n");
  if (v.hostPath) {
    w.write(kLevel2, "Type:\tHostPath (bare host directory volume)\n    Path:\t" +
                         v.hostPath->path + "\n    HostPathType:\t" +
                         v.hostPath->type.value_or("<none>") + "\n");
  } else if (v.emptyDir) {
    std::string size = "<unset>";
    if (v.emptyDir->sizeLimit && v.emptyDir->sizeLimit->sign() > 0)
      size = v.emptyDir->sizeLimit->to_string();
    w.write(kLevel2,
            "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t" +
                v.emptyDir->medium + "\n    SizeLimit:\t" + size + "\n");
  } else if (v.secret) {
    w.write(kLevel2, "Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t" +
                         v.secret->secretName + "\n    Optional:\t" +
                         go_bool(v.secret->optional.value_or(false)) + "\n");
  } else if (v.configMap) {
    w.write(kLevel2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t" +
                         v.configMap->name + "\n    Optional:\t" +
                         go_bool(v.configMap->optional.value_or(false)) + "\n");
  } else if (v.nfs) {
    w.write(kLevel2, "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t" +
                         v.nfs->server + "\n    Path:\t" + v.nfs->path + "\n    ReadOnly:\t" +
                         go_bool(v.nfs->readOnly) + "\n");
  } else if (v.persistentVolumeClaim) {
    w.write(kLevel2,
            "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same "
            "namespace)\n    ClaimName:\t" +
                v.persistentVolumeClaim->claimName + "\n    ReadOnly:\t" +
                go_bool(v.persistentVolumeClaim->readOnly) + "\n");
  } else if (v.downwardAPI) {
    w.write(kLevel2,
            "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n");
    for (const auto& item : v.downwardAPI->items) {
      if (item.fieldRef) w.write(kLevel3, item.fieldRef->fieldPath + " -> " + item.path + "\n");
      if (item.resourceFieldRef)
        w.write(kLevel3, item.resourceFieldRef->resource + " -> " + item.path + "\n");
    }
  } else if (v.projected) {
    w.write(kLevel2,
            "Type:\tProjected (a volume that contains injected data from multiple sources)\n");
    for (const auto& src : v.projected->sources) {
      if (src.secret) {
        w.write(kLevel2, "SecretName:\t" + src.secret->name + "\n    Optional:\t" +
                             go_bool(src.secret->optional.value_or(false)) + "\n");
      } else if (src.downwardAPI) {
        w.write(kLevel2, "DownwardAPI:\ttrue\n");
      } else if (src.configMap) {
        w.write(kLevel2, "ConfigMapName:\t" + src.configMap->name + "\n    Optional:\t" +
                             go_bool(src.configMap->optional.value_or(false)) + "\n");
      } else if (src.serviceAccountToken) {
        // The API server defaults expirationSeconds to 3600.
        w.write(kLevel2,
                "TokenExpirationSeconds:\t" +
                    std::to_string(src.serviceAccountToken->expirationSeconds.value_or(3600)) +
                    "\n");
      }
    }
  } else if (v.image) {
    w.write(kLevel2, "Type:\tImage (a container image or OCI artifact)\n    Reference:\t" +
                         v.image->reference + "\n    PullPolicy:\t" + v.image->pullPolicy + "\n");
  } else if (v.csi) {
    w.write(kLevel2,
            "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t" +
                v.csi->driver + "\n    FSType:\t" + v.csi->fsType.value_or("") +
                "\n    ReadOnly:\t" + go_bool(v.csi->readOnly.value_or(false)) + "\n");
    w.write(kLevel2, "VolumeAttributes:\t");
    if (v.csi->volumeAttributes.empty()) {
      w.line("<none>");
    } else {
      bool first = true;
      for (const auto& [k, val] : v.csi->volumeAttributes) {
        if (!first) {
          w.write(kLevel2, "");
          w.write(kLevel2, "\t");
        }
        first = false;
        std::string l = k + "=" + val;
        if (l.size() > kMaxAnnotationLen) l = l.substr(0, kMaxAnnotationLen) + "...";
        w.write(kLevel2, l + "\n");
      }
    }
  } else {
    w.write(kLevel1, "<unknown>\n");
  }
}

void describe_volumes(PrefixWriter& w, const std::vector<manifest::Volume>& volumes) {
  if (volumes.empty()) {
    w.write(kLevel0, "Volumes:\t<none>\n");
    return;
  }
  w.write(kLevel0, "Volumes:\n");
  for (const auto& v : volumes) describe_volume(w, v);
}

void describe_topology_spread(PrefixWriter& w,
                              std::vector<manifest::TopologySpreadConstraint> tscs) {
  if (tscs.empty()) return;
  std::stable_sort(tscs.begin(), tscs.end(),
                   [](const auto& a, const auto& b) { return a.topologyKey < b.topologyKey; });
  w.write(kLevel0, "Topology Spread Constraints:\t");
  for (size_t i = 0; i < tscs.size(); ++i) {
    const auto& t = tscs[i];
    if (i != 0) w.write(kLevel0, "\t");
    std::string s = t.topologyKey + ":" + t.whenUnsatisfiable + " when max skew " +
                    std::to_string(t.maxSkew) + " is exceeded";
    if (t.labelSelector) s += " for selector " + format_label_selector(*t.labelSelector);
    w.write(kLevel0, s + "\n");
  }
}

std::string controlled_by(const Pod& pod) {
  for (const auto& ref : pod.metadata.ownerReferences)
    if (ref.controller.value_or(false)) return ref.kind + "/" + ref.name;
  return {};
}

}  // namespace

std::string print_pods_table(const std::vector<manifest::Pod>& pods, const PrintOptions& options,
                             WallTime now) {
  if (pods.empty()) return {};
  auto w = TabWriter::for_get();
  if (!options.no_headers) {
    std::string header;
    if (options.namespace_column) header += "NAMESPACE\t";
    header += "NAME\tREADY\tSTATUS\tRESTARTS\tAGE";
    if (options.wide) header += "\tIP\tNODE\tNOMINATED NODE\tREADINESS GATES";
    if (options.show_labels) header += "\tLABELS";
    w.write(header + "\n");
  }
  for (const auto& pod : pods) {
    PodRow row = make_pod_row(pod, now);
    std::string line;
    if (options.namespace_column) line += pod.metadata.namespace_ + "\t";
    line += row.name + "\t" + row.ready + "\t" + row.status + "\t" + row.restarts + "\t" + row.age;
    if (options.wide) {
      // printPod takes the IP from status.podIPs[0].
      std::string ip = pod.status.podIPs.empty() ? row.ip : or_none(pod.status.podIPs[0].ip);
      line += "\t" + ip + "\t" + row.node + "\t" + or_none(pod.status.nominatedNodeName) + "\t" +
              wide_readiness_gates(pod);
    }
    if (options.show_labels) line += "\t" + format_labels(pod.metadata.labels);
    w.write(line + "\n");
  }
  return w.render();
}

std::string print_pod_names(const std::vector<manifest::Pod>& pods) {
  std::string out;
  for (const auto& pod : pods) out += "pod/" + pod.metadata.name + "\n";
  return out;
}

std::string no_resources_found(std::string_view ns) {
  return "No resources found in " + std::string(ns) + " namespace.\n";
}

std::string no_resources_found_all_namespaces() {
  return "No resources found\n";
}

std::string format_labels(const std::map<std::string, std::string>& labels) {
  std::string out;
  for (const auto& [k, v] : labels) out += (out.empty() ? "" : ",") + k + "=" + v;
  return out.empty() ? "<none>" : out;
}

std::string format_rfc1123z(WallTime t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto secs = std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count();
  std::time_t tt = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

std::string format_rfc1123z(const manifest::Time& t) {
  auto parsed = parse_rfc3339(t.rfc3339);
  if (!parsed) return "Mon, 01 Jan 0001 00:00:00 +0000";
  return format_rfc1123z(*parsed);
}

std::string describe_probe(const manifest::Probe& p) {
  std::string attrs = "delay=" + std::to_string(p.initialDelaySeconds) +
                      "s timeout=" + std::to_string(p.timeoutSeconds) +
                      "s period=" + std::to_string(p.periodSeconds) +
                      "s #success=" + std::to_string(p.successThreshold) +
                      " #failure=" + std::to_string(p.failureThreshold);
  if (p.exec) return "exec " + go_list(p.exec->command) + " " + attrs;
  if (p.httpGet) {
    // url.URL{Scheme, Host, Path}.String().
    const auto& h = *p.httpGet;
    std::string scheme = h.scheme;
    std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string port = int_or_string(h.port);
    std::string host = port.empty() ? h.host : join_host_port(h.host, port);
    std::string url;
    if (!scheme.empty()) url += scheme + ":";
    if (!scheme.empty() || !host.empty()) {
      if (!host.empty() || !h.path.empty()) url += "//";
      url += host;
    }
    if (!h.path.empty() && h.path[0] != '/' && !host.empty()) url += "/";
    url += h.path;
    return "http-get " + url + " " + attrs;
  }
  if (p.tcpSocket)
    return "tcp-socket " + p.tcpSocket->host + ":" + int_or_string(p.tcpSocket->port) + " " + attrs;
  if (p.grpc)
    return "grpc <pod>:" + std::to_string(p.grpc->port) + " " + p.grpc->service.value_or("") + " " +
           attrs;
  return "unknown " + attrs;
}

std::string describe_pod(const manifest::Pod& pod, const std::vector<Event>& events, WallTime now,
                         bool show_events) {
  const auto& spec = pod.spec;
  const auto& st = pod.status;
  PrefixWriter w;
  w.write(kLevel0, "Name:\t" + pod.metadata.name + "\n");
  w.write(kLevel0, "Namespace:\t" + pod.metadata.namespace_ + "\n");
  if (spec.priority) w.write(kLevel0, "Priority:\t" + std::to_string(*spec.priority) + "\n");
  if (!spec.priorityClassName.empty())
    w.write(kLevel0, "Priority Class Name:\t" + spec.priorityClassName + "\n");
  if (spec.runtimeClassName && !spec.runtimeClassName->empty())
    w.write(kLevel0, "Runtime Class Name:\t" + *spec.runtimeClassName + "\n");
  if (!spec.serviceAccountName.empty())
    w.write(kLevel0, "Service Account:\t" + spec.serviceAccountName + "\n");
  if (spec.nodeName.empty())
    w.write(kLevel0, "Node:\t<none>\n");
  else
    w.write(kLevel0, "Node:\t" + spec.nodeName + "/" + st.hostIP + "\n");
  if (st.startTime) w.write(kLevel0, "Start Time:\t" + format_rfc1123z(*st.startTime) + "\n");
  print_labels_multiline(w, "Labels", pod.metadata.labels);
  print_annotations_multiline(w, "Annotations", pod.metadata.annotations);
  if (pod.metadata.deletionTimestamp && st.phase != "Failed" && st.phase != "Succeeded") {
    w.write(kLevel0, "Status:\tTerminating (lasts " +
                         age_since(*pod.metadata.deletionTimestamp, now) + ")\n");
    w.write(kLevel0, "Termination Grace Period:\t" +
                         std::to_string(pod.metadata.deletionGracePeriodSeconds.value_or(0)) +
                         "s\n");
  } else {
    w.write(kLevel0, "Status:\t" + st.phase + "\n");
  }
  if (!st.reason.empty()) w.write(kLevel0, "Reason:\t" + st.reason + "\n");
  if (!st.message.empty()) w.write(kLevel0, "Message:\t" + st.message + "\n");
  if (spec.securityContext && spec.securityContext->seccompProfile) {
    const auto& sp = *spec.securityContext->seccompProfile;
    w.write(kLevel0, "SeccompProfile:\t" + sp.type + "\n");
    if (sp.type == "Localhost")
      w.write(kLevel0, "LocalhostProfile:\t" + sp.localhostProfile.value_or("") + "\n");
  }
  w.write(kLevel0, "IP:\t" + st.podIP + "\n");
  if (st.podIPs.empty()) {
    w.write(kLevel0, "IPs:\t<none>\n");
  } else {
    w.write(kLevel0, "IPs:\n");
    for (const auto& ip : st.podIPs) w.write(kLevel1, "IP:\t" + ip.ip + "\n");
  }
  if (auto by = controlled_by(pod); !by.empty()) w.write(kLevel0, "Controlled By:\t" + by + "\n");
  if (!st.nominatedNodeName.empty())
    w.write(kLevel0, "NominatedNodeName:\t" + st.nominatedNodeName + "\n");
  if (spec.resources) {
    w.write(kLevel0, "Resources:\n");
    describe_resources(w, *spec.resources, kLevel1);
  }
  if (!spec.initContainers.empty())
    describe_containers(w, "Init Containers", pod, spec.initContainers, st.initContainerStatuses);
  describe_containers(w, "Containers", pod, spec.containers, st.containerStatuses);
  if (!spec.ephemeralContainers.empty()) {
    std::vector<Container> ec;
    for (const auto& e : spec.ephemeralContainers) ec.push_back(manifest::to_container(e));
    describe_containers(w, "Ephemeral Containers", pod, ec, st.ephemeralContainerStatuses);
  }
  if (!spec.readinessGates.empty()) {
    w.write(kLevel0, "Readiness Gates:\n  Type\tStatus\n");
    for (const auto& g : spec.readinessGates) {
      std::string status = "<none>";
      for (const auto& c : st.conditions) {
        if (c.type == g.conditionType) {
          status = c.status;
          break;
        }
      }
      w.write(kLevel1, g.conditionType + " \t" + status + " \n");
    }
  }
  if (!st.conditions.empty()) {
    w.write(kLevel0, "Conditions:\n  Type\tStatus\n");
    for (const auto& c : st.conditions) w.write(kLevel1, c.type + " \t" + c.status + " \n");
  }
  describe_volumes(w, spec.volumes);
  std::string qos =
      st.qosClass.empty() ? std::string(manifest::compute_qos_class(spec)) : st.qosClass;
  w.write(kLevel0, "QoS Class:\t" + qos + "\n");
  print_labels_multiline(w, "Node-Selectors", spec.nodeSelector);
  print_tolerations_multiline(w, "Tolerations", spec.tolerations);
  describe_topology_spread(w, spec.topologySpreadConstraints);
  if (!show_events) return w.render();
  // "Events:\t<none>" aligns with the fields above it; a non-empty Events
  // section starts with a line without tabs, which ends every column block,
  // so rendering it on its own gives the same text.
  if (events.empty()) {
    w.write(kLevel0, "Events:\t<none>\n");
    return w.render();
  }
  return w.render() + describe_events(events, now);
}

}  // namespace podcore::pod
