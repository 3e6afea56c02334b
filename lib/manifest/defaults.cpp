#include "manifest/defaults.hpp"

#include "manifest/image_ref.hpp"
#include "manifest/resources.hpp"

namespace podcore::manifest {

namespace {

constexpr int32_t kDefaultMode = 0644;  // 420: secret/configMap/downwardAPI/projected

void default_resource_list(ResourceList& list) {
  // SetDefaults_ResourceList: round every quantity up to milli precision.
  for (auto& [k, q] : list) q.round_up_milli();
}

void default_field_selector(std::optional<ObjectFieldSelector>& f) {
  if (f && f->apiVersion.empty()) f->apiVersion = "v1";
}

void default_http_get(std::optional<HTTPGetAction>& h) {
  if (!h) return;
  if (h->path.empty()) h->path = "/";
  if (h->scheme.empty()) h->scheme = "HTTP";
}

void default_probe(std::optional<Probe>& p) {
  if (!p) return;
  if (p->timeoutSeconds == 0) p->timeoutSeconds = 1;
  if (p->periodSeconds == 0) p->periodSeconds = 10;
  if (p->successThreshold == 0) p->successThreshold = 1;
  if (p->failureThreshold == 0) p->failureThreshold = 3;
  default_http_get(p->httpGet);
  if (p->grpc && !p->grpc->service) p->grpc->service = "";
}

void default_handler(std::optional<LifecycleHandler>& h) {
  if (h) default_http_get(h->httpGet);
}

// SetDefaults_Container (+ the generated per-field defaults beneath it).
template <class C>
void default_container(C& c) {
  if (c.imagePullPolicy.empty()) c.imagePullPolicy = default_pull_policy(c.image);
  if (c.terminationMessagePath.empty()) c.terminationMessagePath = "/dev/termination-log";
  if (c.terminationMessagePolicy.empty()) c.terminationMessagePolicy = "File";
  for (auto& p : c.ports)
    if (p.protocol.empty()) p.protocol = "TCP";
  for (auto& e : c.env)
    if (e.valueFrom) default_field_selector(e.valueFrom->fieldRef);
  default_resource_list(c.resources.limits);
  default_resource_list(c.resources.requests);
  default_probe(c.livenessProbe);
  default_probe(c.readinessProbe);
  default_probe(c.startupProbe);
  if (c.lifecycle) {
    default_handler(c.lifecycle->postStart);
    default_handler(c.lifecycle->preStop);
  }
}

// Requests default to limits, per key, only when missing (Pods only).
void default_requests_from_limits(std::vector<Container>& containers) {
  for (auto& c : containers)
    for (const auto& [k, v] : c.resources.limits)
      if (!c.resources.requests.contains(k)) c.resources.requests.emplace(k, v);
}

void default_host_network_ports(std::vector<Container>& containers) {
  for (auto& c : containers)
    for (auto& p : c.ports)
      if (p.hostPort == 0) p.hostPort = p.containerPort;
}

bool all_containers_have_limit(const PodSpec& spec, const std::string& key) {
  for (const auto& c : spec.containers)
    if (!c.resources.limits.contains(key)) return false;
  for (const auto& c : spec.initContainers)
    if (!c.resources.limits.contains(key)) return false;
  return true;
}

bool is_overcommit_allowed(const std::string& key) {
  // Native resources other than hugepages can be overcommitted.
  return key.find('/') == std::string::npos && !key.starts_with("hugepages-");
}

// PodLevelResources (beta, on by default in 1.34): defaultHugePagePodLimits,
// defaultPodRequests, defaultPodLimits.
void default_pod_level_resources(PodSpec& spec) {
  if (!spec.resources) return;
  auto& pod = *spec.resources;
  if (!pod.limits.empty() || !pod.requests.empty()) {
    for (const auto& [k, v] : aggregate_container_limits(spec))
      if (is_supported_pod_level_resource(k) && k.starts_with("hugepages-") &&
          !pod.requests.contains(k) && !pod.limits.contains(k))
        pod.limits.emplace(k, v);
  }
  if (!pod.limits.empty()) {
    for (const auto& [k, v] : aggregate_container_requests(spec))
      if (!pod.requests.contains(k) && is_supported_pod_level_resource(k) &&
          is_overcommit_allowed(k))
        pod.requests.emplace(k, v);
    for (const auto& [k, v] : pod.limits)
      if (!pod.requests.contains(k) && is_supported_pod_level_resource(k))
        pod.requests.emplace(k, v);
  }
  bool limits_set = false, requests_set = false;
  for (const auto& [k, v] : pod.limits) limits_set |= is_supported_pod_level_resource(k);
  for (const auto& [k, v] : pod.requests) requests_set |= is_supported_pod_level_resource(k);
  if (!limits_set && requests_set) {
    for (const auto& [k, v] : aggregate_container_limits(spec))
      if (!pod.limits.contains(k) && is_supported_pod_level_resource(k) &&
          is_overcommit_allowed(k) && all_containers_have_limit(spec, k))
        pod.limits.emplace(k, v);
  }
}

bool has_volume_source(const Volume& v) {
  return v.hostPath || v.emptyDir || v.gcePersistentDisk || v.awsElasticBlockStore || v.gitRepo ||
         v.secret || v.nfs || v.iscsi || v.glusterfs || v.persistentVolumeClaim || v.rbd ||
         v.flexVolume || v.cinder || v.cephfs || v.flocker || v.downwardAPI || v.fc ||
         v.azureFile || v.configMap || v.vsphereVolume || v.quobyte || v.azureDisk ||
         v.photonPersistentDisk || v.projected || v.portworxVolume || v.scaleIO || v.storageos ||
         v.csi || v.ephemeral || v.image;
}

void default_downward_items(std::vector<DownwardAPIVolumeFile>& items) {
  for (auto& i : items) default_field_selector(i.fieldRef);
}

void default_volume(Volume& v) {
  if (!has_volume_source(v)) v.emptyDir.emplace();
  if (v.image && v.image->pullPolicy.empty())
    v.image->pullPolicy = default_pull_policy(v.image->reference);
  if (v.hostPath && !v.hostPath->type) v.hostPath->type = "";
  if (v.secret && !v.secret->defaultMode) v.secret->defaultMode = kDefaultMode;
  if (v.iscsi && v.iscsi->iscsiInterface.empty()) v.iscsi->iscsiInterface = "default";
  if (v.rbd) {
    if (v.rbd->pool.empty()) v.rbd->pool = "rbd";
    if (v.rbd->user.empty()) v.rbd->user = "admin";
    if (v.rbd->keyring.empty()) v.rbd->keyring = "/etc/ceph/keyring";
  }
  if (v.downwardAPI) {
    if (!v.downwardAPI->defaultMode) v.downwardAPI->defaultMode = kDefaultMode;
    default_downward_items(v.downwardAPI->items);
  }
  if (v.configMap && !v.configMap->defaultMode) v.configMap->defaultMode = kDefaultMode;
  if (v.azureDisk) {
    if (!v.azureDisk->cachingMode) v.azureDisk->cachingMode = "ReadWrite";
    if (!v.azureDisk->fsType) v.azureDisk->fsType = "ext4";
    if (!v.azureDisk->readOnly) v.azureDisk->readOnly = false;
    if (!v.azureDisk->kind) v.azureDisk->kind = "Shared";
  }
  if (v.projected) {
    if (!v.projected->defaultMode) v.projected->defaultMode = kDefaultMode;
    for (auto& s : v.projected->sources) {
      if (s.downwardAPI) default_downward_items(s.downwardAPI->items);
      if (s.serviceAccountToken && !s.serviceAccountToken->expirationSeconds)
        s.serviceAccountToken->expirationSeconds = 3600;
    }
  }
  if (v.scaleIO) {
    if (v.scaleIO->storageMode.empty()) v.scaleIO->storageMode = "ThinProvisioned";
    if (v.scaleIO->fsType.empty()) v.scaleIO->fsType = "xfs";
  }
  if (v.ephemeral && v.ephemeral->volumeClaimTemplate) {
    auto& spec = v.ephemeral->volumeClaimTemplate->spec;
    if (!spec.volumeMode) spec.volumeMode = "Filesystem";
    default_resource_list(spec.resources.limits);
    default_resource_list(spec.resources.requests);
  }
}

void default_statuses(std::vector<ContainerStatus>& statuses) {
  for (auto& s : statuses) {
    default_resource_list(s.allocatedResources);
    if (s.resources) {
      default_resource_list(s.resources->limits);
      default_resource_list(s.resources->requests);
    }
  }
}

}  // namespace

void apply_defaults(Pod& pod) {
  PodSpec& spec = pod.spec;
  // SetDefaults_Pod
  default_requests_from_limits(spec.containers);
  default_requests_from_limits(spec.initContainers);
  default_pod_level_resources(spec);
  if (!spec.enableServiceLinks) spec.enableServiceLinks = true;
  if (spec.hostNetwork) {
    default_host_network_ports(spec.containers);
    default_host_network_ports(spec.initContainers);
  }
  // SetDefaults_PodSpec
  if (spec.dnsPolicy.empty()) spec.dnsPolicy = "ClusterFirst";
  if (spec.restartPolicy.empty()) spec.restartPolicy = "Always";
  if (!spec.securityContext) spec.securityContext.emplace();
  if (!spec.terminationGracePeriodSeconds) spec.terminationGracePeriodSeconds = 30;
  if (spec.schedulerName.empty()) spec.schedulerName = "default-scheduler";
  // Generated per-field defaults, in SetObjectDefaults_Pod order.
  for (auto& v : spec.volumes) default_volume(v);
  for (auto& c : spec.initContainers) default_container(c);
  for (auto& c : spec.containers) default_container(c);
  for (auto& c : spec.ephemeralContainers) default_container(c);
  default_resource_list(spec.overhead);
  if (spec.resources) {
    default_resource_list(spec.resources->limits);
    default_resource_list(spec.resources->requests);
  }
  default_statuses(pod.status.initContainerStatuses);
  default_statuses(pod.status.containerStatuses);
  default_statuses(pod.status.ephemeralContainerStatuses);
}

}  // namespace podcore::manifest
