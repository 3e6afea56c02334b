// kubectl get pods / describe pod output, compared with what kubectl prints
// for the same objects (layouts taken from real kubectl sessions and from
// kubectl's describe_test.go).
#include "pod/printers.hpp"

#include <gtest/gtest.h>

// Designated initializers name only the fields a case needs.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace podcore::pod {
namespace {

using namespace std::chrono_literals;
using manifest::Pod;

WallTime at(const char* rfc3339) {
  return *parse_rfc3339(rfc3339);
}

manifest::Quantity q(const char* s) {
  return *manifest::Quantity::parse(s);
}

// A running single-container pod the way the API server returns nginx after
// `kubectl run nginx --image=nginx` on minikube.
Pod running_nginx() {
  Pod p;
  p.metadata.name = "nginx";
  p.metadata.namespace_ = "default";
  p.metadata.creationTimestamp.rfc3339 = "2026-11-26T10:00:00Z";
  p.metadata.labels = {{"run", "nginx"}};
  p.spec.priority = 0;
  p.spec.serviceAccountName = "default";
  p.spec.nodeName = "minikube";
  manifest::Container c;
  c.name = "nginx";
  c.image = "nginx";
  c.volumeMounts.push_back({.name = "kube-api-access-x7k2p",
                            .readOnly = true,
                            .mountPath = "/var/run/secrets/kubernetes.io/serviceaccount"});
  p.spec.containers.push_back(c);
  manifest::Volume v;
  v.name = "kube-api-access-x7k2p";
  manifest::ProjectedVolumeSource proj;
  manifest::VolumeProjection token;
  token.serviceAccountToken = manifest::ServiceAccountTokenProjection{
      .audience = "", .expirationSeconds = 3607, .path = "token"};
  manifest::VolumeProjection cm;
  cm.configMap = manifest::ConfigMapProjection{.name = "kube-root-ca.crt"};
  manifest::VolumeProjection down;
  down.downwardAPI = manifest::DownwardAPIProjection{};
  proj.sources = {token, cm, down};
  v.projected = proj;
  p.spec.volumes.push_back(v);
  p.spec.tolerations = {
      {.key = "node.kubernetes.io/not-ready",
       .operator_ = "Exists",
       .value = "",
       .effect = "NoExecute",
       .tolerationSeconds = 300},
      {.key = "node.kubernetes.io/unreachable",
       .operator_ = "Exists",
       .value = "",
       .effect = "NoExecute",
       .tolerationSeconds = 300},
  };
  p.status.phase = "Running";
  p.status.hostIP = "192.168.49.2";
  p.status.podIP = "10.244.0.5";
  p.status.podIPs = {{"10.244.0.5"}};
  p.status.startTime = manifest::Time{"2026-11-26T10:00:00Z"};
  p.status.qosClass = "BestEffort";
  for (const char* type : {"Initialized", "Ready", "ContainersReady", "PodScheduled"})
    p.status.conditions.push_back({.type = type, .status = "True"});
  manifest::ContainerStatus cs;
  cs.name = "nginx";
  cs.containerID = "docker://4f0e5c2b";
  cs.imageID = "docker-pullable://nginx@sha256:10d1f5b5";
  cs.image = "nginx:latest";
  cs.ready = true;
  cs.started = true;
  cs.state.running = manifest::ContainerStateRunning{{"2026-11-26T10:00:05Z"}};
  p.status.containerStatuses.push_back(cs);
  return p;
}

TEST(PrintPodsTable, DefaultColumns) {
  Pod p = running_nginx();
  EXPECT_EQ(print_pods_table({p}, {}, at("2026-11-26T10:00:10Z")),
            "NAME    READY   STATUS    RESTARTS   AGE\n"
            "nginx   1/1     Running   0          10s\n");
}

TEST(PrintPodsTable, EmptyListPrintsNothingAndTheStderrTexts) {
  EXPECT_EQ(print_pods_table({}, {}, at("2026-11-26T10:00:10Z")), "");
  EXPECT_EQ(print_pod_names({}), "");
  EXPECT_EQ(no_resources_found("default"), "No resources found in default namespace.\n");
  EXPECT_EQ(no_resources_found_all_namespaces(), "No resources found\n");
}

TEST(PrintPodsTable, WideNamespaceLabelsAndNoHeaders) {
  Pod a = running_nginx();
  Pod b = running_nginx();
  b.metadata.name = "web-sync";
  b.metadata.namespace_ = "kube-system";
  b.metadata.labels = {{"tier", "web"}, {"app", "sync"}};
  b.spec.readinessGates = {{"example.com/feature-1"}, {"example.com/feature-2"}};
  b.status.conditions.push_back({.type = "example.com/feature-1", .status = "True"});
  b.status.conditions.push_back({.type = "example.com/feature-2", .status = "False"});
  b.status.nominatedNodeName = "node2";
  b.status.podIPs = {{"10.244.0.17"}, {"fd00::17"}};
  Pod c = running_nginx();
  c.metadata.name = "pending";
  c.metadata.labels.clear();
  c.spec.nodeName.clear();
  c.status = {};
  c.status.phase = "Pending";
  WallTime now = at("2026-11-26T10:05:00Z");

  PrintOptions opts{
      .wide = true, .show_labels = true, .no_headers = false, .namespace_column = true};
  EXPECT_EQ(print_pods_table({a, b, c}, opts, now),
            "NAMESPACE     NAME       READY   STATUS    RESTARTS   AGE   IP            NODE       "
            "NOMINATED NODE   READINESS GATES   LABELS\n"
            "default       nginx      1/1     Running   0          5m    10.244.0.5    minikube   "
            "<none>           <none>            run=nginx\n"
            "kube-system   web-sync   1/1     Running   0          5m    10.244.0.17   minikube   "
            "node2            1/2               app=sync,tier=web\n"
            "default       pending    0/1     Pending   0          5m    <none>        <none>     "
            "<none>           <none>            <none>\n");

  opts = {.wide = false, .show_labels = false, .no_headers = true, .namespace_column = false};
  EXPECT_EQ(print_pods_table({a, c}, opts, now),
            "nginx     1/1   Running   0     5m\n"
            "pending   0/1   Pending   0     5m\n");
  EXPECT_EQ(print_pod_names({a, b}), "pod/nginx\npod/web-sync\n");
}

TEST(PrintPodsTable, RestartsWithLastRestartAge) {
  Pod p = running_nginx();
  p.status.containerStatuses[0].restartCount = 3;
  p.status.containerStatuses[0].lastState.terminated =
      manifest::ContainerStateTerminated{.exitCode = 1,
                                         .reason = "Error",
                                         .startedAt = {"2026-11-26T10:00:30Z"},
                                         .finishedAt = {"2026-11-26T10:00:40Z"}};
  EXPECT_EQ(print_pods_table({p}, {}, at("2026-11-26T10:01:22Z")),
            "NAME    READY   STATUS    RESTARTS      AGE\n"
            "nginx   1/1     Running   3 (42s ago)   82s\n");
}

TEST(FormatHelpers, LabelsTimesAndProbes) {
  EXPECT_EQ(format_labels({}), "<none>");
  EXPECT_EQ(format_labels({{"b", "2"}, {"a", "1"}}), "a=1,b=2");
  EXPECT_EQ(format_rfc1123z(at("2026-11-26T10:00:00Z")), "Thu, 26 Nov 2026 10:00:00 +0000");
  EXPECT_EQ(format_rfc1123z(at("2006-01-02T15:04:05Z")), "Mon, 02 Jan 2006 15:04:05 +0000");
  EXPECT_EQ(format_rfc1123z(manifest::Time{}), "Mon, 01 Jan 0001 00:00:00 +0000");

  manifest::Probe p{.initialDelaySeconds = 0,
                    .timeoutSeconds = 1,
                    .periodSeconds = 10,
                    .successThreshold = 1,
                    .failureThreshold = 3};
  p.httpGet = manifest::HTTPGetAction{
      .path = "/healthz", .port = manifest::IntOrString::from_int(8080), .scheme = "HTTP"};
  EXPECT_EQ(describe_probe(p),
            "http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3");
  p.httpGet->host = "fd00::1";
  p.httpGet->port = manifest::IntOrString::from_string("http");
  p.httpGet->scheme = "HTTPS";
  EXPECT_EQ(describe_probe(p),
            "http-get https://[fd00::1]:http/healthz delay=0s timeout=1s period=10s #success=1 "
            "#failure=3");
  p.httpGet.reset();
  p.exec = manifest::ExecAction{{"cat", "/tmp/healthy"}};
  p.initialDelaySeconds = 5;
  p.periodSeconds = 5;
  EXPECT_EQ(describe_probe(p),
            "exec [cat /tmp/healthy] delay=5s timeout=1s period=5s #success=1 #failure=3");
  p.exec.reset();
  p.tcpSocket = manifest::TCPSocketAction{.port = manifest::IntOrString::from_int(6379)};
  EXPECT_EQ(describe_probe(p),
            "tcp-socket :6379 delay=5s timeout=1s period=5s #success=1 #failure=3");
  p.tcpSocket.reset();
  p.grpc = manifest::GRPCAction{.port = 2379, .service = ""};
  EXPECT_EQ(describe_probe(p),
            "grpc <pod>:2379  delay=5s timeout=1s period=5s #success=1 #failure=3");
}

// The layout of `kubectl describe pod nginx` on minikube (kube-api-access
// volume, default tolerations), events included.
TEST(DescribePod, RunningPodAsKubectlPrintsIt) {
  Pod p = running_nginx();
  WallTime t0 = at("2026-11-26T10:00:00Z");
  std::vector<Event> events = {
      {"Normal", "Scheduled", "Successfully assigned default/nginx to minikube", "",
       "default-scheduler", 1, t0, t0},
      {"Normal", "Pulled", "Container image \"nginx\" already present on machine",
       "spec.containers{nginx}", "kubelet", 1, t0 + 1s, t0 + 1s},
  };
  EXPECT_EQ(
      describe_pod(p, events, t0 + 10s),
      "Name:             nginx\n"
      "Namespace:        default\n"
      "Priority:         0\n"
      "Service Account:  default\n"
      "Node:             minikube/192.168.49.2\n"
      "Start Time:       Thu, 26 Nov 2026 10:00:00 +0000\n"
      "Labels:           run=nginx\n"
      "Annotations:      <none>\n"
      "Status:           Running\n"
      "IP:               10.244.0.5\n"
      "IPs:\n"
      "  IP:  10.244.0.5\n"
      "Containers:\n"
      "  nginx:\n"
      "    Container ID:   docker://4f0e5c2b\n"
      "    Image:          nginx\n"
      "    Image ID:       docker-pullable://nginx@sha256:10d1f5b5\n"
      "    Port:           <none>\n"
      "    Host Port:      <none>\n"
      "    State:          Running\n"
      "      Started:      Thu, 26 Nov 2026 10:00:05 +0000\n"
      "    Ready:          True\n"
      "    Restart Count:  0\n"
      "    Environment:    <none>\n"
      "    Mounts:\n"
      "      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-x7k2p (ro)\n"
      "Conditions:\n"
      "  Type              Status\n"
      "  Initialized       True \n"
      "  Ready             True \n"
      "  ContainersReady   True \n"
      "  PodScheduled      True \n"
      "Volumes:\n"
      "  kube-api-access-x7k2p:\n"
      "    Type:                    Projected (a volume that contains injected data from "
      "multiple sources)\n"
      "    TokenExpirationSeconds:  3607\n"
      "    ConfigMapName:           kube-root-ca.crt\n"
      "    Optional:                false\n"
      "    DownwardAPI:             true\n"
      "QoS Class:                   BestEffort\n"
      "Node-Selectors:              <none>\n"
      "Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n"
      "                             node.kubernetes.io/unreachable:NoExecute op=Exists for "
      "300s\n"
      "Events:\n"
      "  Type    Reason     Age   From               Message\n"
      "  ----    ------     ----  ----               -------\n"
      "  Normal  Scheduled  10s   default-scheduler  Successfully assigned default/nginx to "
      "minikube\n"
      "  Normal  Pulled     9s    kubelet            Container image \"nginx\" already "
      "present on machine\n");
}

// A pending pod with no node, no status and no events: kubectl aligns
// "Events:  <none>" with the fields above it.
TEST(DescribePod, PendingPodWithoutEvents) {
  Pod p;
  p.metadata.name = "hello-pod";
  p.metadata.namespace_ = "default";
  manifest::Container c;
  c.name = "app";
  c.image = "busybox";
  c.command = {"sh", "-c", "echo hello\nsleep 3600"};
  c.resources.limits = {{"cpu", q("500m")}, {"memory", q("128Mi")}};
  c.resources.requests = {{"cpu", q("500m")}, {"memory", q("128Mi")}};
  p.spec.containers.push_back(c);
  p.status.phase = "Pending";
  EXPECT_EQ(describe_pod(p, {}, at("2026-11-26T10:00:00Z")),
            "Name:         hello-pod\n"
            "Namespace:    default\n"
            "Node:         <none>\n"
            "Labels:       <none>\n"
            "Annotations:  <none>\n"
            "Status:       Pending\n"
            "IP:           \n"
            "IPs:          <none>\n"
            "Containers:\n"
            "  app:\n"
            "    Image:      busybox\n"
            "    Port:       <none>\n"
            "    Host Port:  <none>\n"
            "    Command:\n"
            "      sh\n"
            "      -c\n"
            "      echo hello\n"
            "      sleep 3600\n"
            "    Limits:\n"
            "      cpu:     500m\n"
            "      memory:  128Mi\n"
            "    Requests:\n"
            "      cpu:        500m\n"
            "      memory:     128Mi\n"
            "    Environment:  <none>\n"
            "    Mounts:       <none>\n"
            "Volumes:          <none>\n"
            "QoS Class:        Guaranteed\n"
            "Node-Selectors:   <none>\n"
            "Tolerations:      <none>\n"
            "Events:           <none>\n");
  EXPECT_EQ(describe_pod(p, {}, at("2026-11-26T10:00:00Z"), false).find("Events:"),
            std::string::npos);
}

// Init containers, terminated and waiting states, probes, env sources,
// volumes of several kinds, annotations and a terminating pod.
TEST(DescribePod, ContainersStatesEnvAndVolumes) {
  Pod p = running_nginx();
  p.metadata.annotations = {
      {"kubectl.kubernetes.io/last-applied-configuration", "{\"apiVersion\":\"v1\"}\n"},
      {"note", "two\nlines"},
      {"podcore.io/phase-timings", "validate=1ms"}};
  p.metadata.deletionTimestamp = manifest::Time{"2026-11-26T10:00:40Z"};
  p.metadata.deletionGracePeriodSeconds = 30;
  p.metadata.ownerReferences = {{.apiVersion = "apps/v1",
                                 .kind = "ReplicaSet",
                                 .name = "web-5d4f",
                                 .uid = "u",
                                 .controller = true}};
  manifest::Container init;
  init.name = "setup";
  init.image = "busybox";
  init.args = {"true"};
  p.spec.initContainers.push_back(init);
  manifest::ContainerStatus is;
  is.name = "setup";
  is.containerID = "podcore://1";
  is.imageID = "sha256:aa";
  is.state.terminated = manifest::ContainerStateTerminated{.exitCode = 0,
                                                           .reason = "Completed",
                                                           .startedAt = {"2026-11-26T10:00:01Z"},
                                                           .finishedAt = {"2026-11-26T10:00:02Z"}};
  p.status.initContainerStatuses.push_back(is);

  auto& c = p.spec.containers[0];
  c.ports = {{.name = "http", .containerPort = 80, .protocol = "TCP"},
             {.containerPort = 53, .protocol = "UDP"}};
  c.readinessProbe = manifest::Probe{.initialDelaySeconds = 0,
                                     .timeoutSeconds = 1,
                                     .periodSeconds = 10,
                                     .successThreshold = 1,
                                     .failureThreshold = 3};
  c.readinessProbe->tcpSocket =
      manifest::TCPSocketAction{.port = manifest::IntOrString::from_int(80)};
  c.resources.limits = {{"memory", q("64Mi")}};
  c.envFrom = {
      {.prefix = "", .configMapRef = manifest::ConfigMapEnvSource{.name = "cfg"}},
      {.prefix = "S_", .secretRef = manifest::SecretEnvSource{.name = "sec", .optional = true}}};
  manifest::EnvVar plain{.name = "GREETING", .value = "hello\nworld"};
  manifest::EnvVar pod_name{.name = "POD_NAME"};
  pod_name.valueFrom = manifest::EnvVarSource{
      .fieldRef = manifest::ObjectFieldSelector{.apiVersion = "v1", .fieldPath = "metadata.name"}};
  manifest::EnvVar pod_ip{.name = "POD_IP"};
  pod_ip.valueFrom = manifest::EnvVarSource{
      .fieldRef = manifest::ObjectFieldSelector{.apiVersion = "v1", .fieldPath = "status.podIP"}};
  manifest::EnvVar mem{.name = "MEM_LIMIT"};
  mem.valueFrom = manifest::EnvVarSource{.resourceFieldRef = manifest::ResourceFieldSelector{
                                             .resource = "limits.memory", .divisor = q("1Mi")}};
  manifest::EnvVar cpu{.name = "CPU_LIMIT"};
  cpu.valueFrom = manifest::EnvVarSource{
      .resourceFieldRef = manifest::ResourceFieldSelector{.resource = "limits.cpu"}};
  manifest::EnvVar secret{.name = "PASSWORD"};
  secret.valueFrom = manifest::EnvVarSource{
      .secretKeyRef = manifest::SecretKeySelector{.name = "db", .key = "password"}};
  c.env = {plain, pod_name, pod_ip, mem, cpu, secret};
  c.volumeMounts.push_back(
      {.name = "data", .readOnly = false, .mountPath = "/data", .subPath = "sub"});

  auto& cs = p.status.containerStatuses[0];
  cs.restartCount = 2;
  cs.ready = false;
  cs.state = {};
  cs.state.waiting = manifest::ContainerStateWaiting{.reason = "CrashLoopBackOff"};
  cs.lastState.terminated =
      manifest::ContainerStateTerminated{.exitCode = 137,
                                         .signal = 9,
                                         .reason = "OOMKilled",
                                         .startedAt = {"2026-11-26T10:00:05Z"},
                                         .finishedAt = {"2026-11-26T10:00:09Z"}};
  p.spec.volumes.clear();
  manifest::Volume data{.name = "data"};
  data.emptyDir = manifest::EmptyDirVolumeSource{.medium = "Memory", .sizeLimit = q("1Gi")};
  manifest::Volume host{.name = "host"};
  host.hostPath = manifest::HostPathVolumeSource{.path = "/srv", .type = "Directory"};
  manifest::Volume claim{.name = "claim"};
  claim.persistentVolumeClaim = manifest::PersistentVolumeClaimVolumeSource{.claimName = "pvc-1"};
  manifest::Volume info{.name = "podinfo"};
  manifest::DownwardAPIVolumeFile labels_file{.path = "labels"};
  labels_file.fieldRef =
      manifest::ObjectFieldSelector{.apiVersion = "v1", .fieldPath = "metadata.labels"};
  info.downwardAPI = manifest::DownwardAPIVolumeSource{.items = {labels_file}};
  manifest::Volume sec{.name = "certs"};
  sec.secret = manifest::SecretVolumeSource{.secretName = "tls"};
  manifest::Volume cfg{.name = "cfg"};
  cfg.configMap = manifest::ConfigMapVolumeSource{.name = "app-config", .optional = true};
  p.spec.volumes = {data, host, claim, info, sec, cfg};
  p.spec.nodeSelector = {{"disktype", "ssd"}, {"arch", "amd64"}};
  p.spec.tolerations.clear();
  p.status.qosClass.clear();  // computed: a memory limit alone makes the pod Burstable

  std::string out = describe_pod(p, {}, at("2026-11-26T10:00:30Z"));
  EXPECT_EQ(out,
            "Name:                      nginx\n"
            "Namespace:                 default\n"
            "Priority:                  0\n"
            "Service Account:           default\n"
            "Node:                      minikube/192.168.49.2\n"
            "Start Time:                Thu, 26 Nov 2026 10:00:00 +0000\n"
            "Labels:                    run=nginx\n"
            "Annotations:               note:\n"
            "                             two\n"
            "                             lines\n"
            "                           podcore.io/phase-timings: validate=1ms\n"
            "Status:                    Terminating (lasts <invalid>)\n"
            "Termination Grace Period:  30s\n"
            "IP:                        10.244.0.5\n"
            "IPs:\n"
            "  IP:           10.244.0.5\n"
            "Controlled By:  ReplicaSet/web-5d4f\n"
            "Init Containers:\n"
            "  setup:\n"
            "    Container ID:  podcore://1\n"
            "    Image:         busybox\n"
            "    Image ID:      sha256:aa\n"
            "    Port:          <none>\n"
            "    Host Port:     <none>\n"
            "    Args:\n"
            "      true\n"
            "    State:          Terminated\n"
            "      Reason:       Completed\n"
            "      Exit Code:    0\n"
            "      Started:      Thu, 26 Nov 2026 10:00:01 +0000\n"
            "      Finished:     Thu, 26 Nov 2026 10:00:02 +0000\n"
            "    Ready:          False\n"
            "    Restart Count:  0\n"
            "    Environment:    <none>\n"
            "    Mounts:         <none>\n"
            "Containers:\n"
            "  nginx:\n"
            "    Container ID:   docker://4f0e5c2b\n"
            "    Image:          nginx\n"
            "    Image ID:       docker-pullable://nginx@sha256:10d1f5b5\n"
            "    Ports:          80/TCP (http), 53/UDP\n"
            "    Host Ports:     0/TCP (http), 0/UDP\n"
            "    State:          Waiting\n"
            "      Reason:       CrashLoopBackOff\n"
            "    Last State:     Terminated\n"
            "      Reason:       OOMKilled\n"
            "      Exit Code:    137\n"
            "      Signal:       9\n"
            "      Started:      Thu, 26 Nov 2026 10:00:05 +0000\n"
            "      Finished:     Thu, 26 Nov 2026 10:00:09 +0000\n"
            "    Ready:          False\n"
            "    Restart Count:  2\n"
            "    Limits:\n"
            "      memory:   64Mi\n"
            "    Readiness:  tcp-socket :80 delay=0s timeout=1s period=10s #success=1 #failure=3\n"
            "    Environment Variables from:\n"
            "      cfg  ConfigMap                Optional: false\n"
            "      sec  Secret with prefix 'S_'  Optional: true\n"
            "    Environment:\n"
            "      GREETING:   hello\n"
            "                  world\n"
            "      POD_NAME:   nginx (v1:metadata.name)\n"
            "      POD_IP:      (v1:status.podIP)\n"
            "      MEM_LIMIT:  64 (limits.memory)\n"
            "      CPU_LIMIT:  node allocatable (limits.cpu)\n"
            "      PASSWORD:   <set to the key 'password' in secret 'db'>  Optional: false\n"
            "    Mounts:\n"
            "      /data from data (rw,path=\"sub\")\n"
            "      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-x7k2p (ro)\n"
            "Conditions:\n"
            "  Type              Status\n"
            "  Initialized       True \n"
            "  Ready             True \n"
            "  ContainersReady   True \n"
            "  PodScheduled      True \n"
            "Volumes:\n"
            "  data:\n"
            "    Type:       EmptyDir (a temporary directory that shares a pod's lifetime)\n"
            "    Medium:     Memory\n"
            "    SizeLimit:  1Gi\n"
            "  host:\n"
            "    Type:          HostPath (bare host directory volume)\n"
            "    Path:          /srv\n"
            "    HostPathType:  Directory\n"
            "  claim:\n"
            "    Type:       PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the "
            "same namespace)\n"
            "    ClaimName:  pvc-1\n"
            "    ReadOnly:   false\n"
            "  podinfo:\n"
            "    Type:  DownwardAPI (a volume populated by information about the pod)\n"
            "    Items:\n"
            "      metadata.labels -> labels\n"
            "  certs:\n"
            "    Type:        Secret (a volume populated by a Secret)\n"
            "    SecretName:  tls\n"
            "    Optional:    false\n"
            "  cfg:\n"
            "    Type:        ConfigMap (a volume populated by a ConfigMap)\n"
            "    Name:        app-config\n"
            "    Optional:    true\n"
            "QoS Class:       Burstable\n"
            "Node-Selectors:  arch=amd64\n"
            "                 disktype=ssd\n"
            "Tolerations:     <none>\n"
            "Events:          <none>\n");
}

TEST(DescribePod, TolerationForms) {
  Pod p;
  p.metadata.name = "t";
  p.spec.containers.push_back({.name = "a", .image = "busybox"});
  p.spec.tolerations = {
      {.key = "", .operator_ = "Exists"},
      {.key = "dedicated", .operator_ = "Equal", .value = "gpu", .effect = "NoSchedule"},
      {.key = "b", .operator_ = "Exists"}};
  std::string out = describe_pod(p, {}, at("2026-11-26T10:00:00Z"));
  EXPECT_NE(out.find("Tolerations:      op=Exists\n"
                     "                  b op=Exists\n"
                     "                  dedicated=gpu:NoSchedule\n"),
            std::string::npos)
      << out;
}

}  // namespace
}  // namespace podcore::pod
