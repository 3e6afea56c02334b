// API-server defaulting of a v1 Pod (cases after Kubernetes' defaults_test.go).
#include "manifest/defaults.hpp"

#include <gtest/gtest.h>

#include "manifest/decode.hpp"
#include "manifest/image_ref.hpp"

namespace podcore::manifest {
namespace {

Pod defaulted(const std::string& spec_body) {
  auto pod = decode_pod("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n" + spec_body);
  if (!pod) {
    ADD_FAILURE() << pod.error().to_string();
    return {};
  }
  apply_defaults(*pod);
  return *pod;
}

TEST(ManifestDefaults, PodSpecAndContainerDefaults) {
  Pod p = defaulted(
      "  containers:\n  - name: c\n    image: busybox:1.36\n    ports:\n"
      "    - containerPort: 80\n");
  EXPECT_EQ(p.spec.restartPolicy, "Always");
  EXPECT_EQ(p.spec.dnsPolicy, "ClusterFirst");
  EXPECT_EQ(p.spec.schedulerName, "default-scheduler");
  EXPECT_EQ(p.spec.terminationGracePeriodSeconds, 30);
  EXPECT_TRUE(p.spec.securityContext.has_value());
  EXPECT_EQ(p.spec.enableServiceLinks, true);
  const Container& c = p.spec.containers[0];
  EXPECT_EQ(c.imagePullPolicy, "IfNotPresent");
  EXPECT_EQ(c.terminationMessagePath, "/dev/termination-log");
  EXPECT_EQ(c.terminationMessagePolicy, "File");
  EXPECT_EQ(c.ports[0].protocol, "TCP");
  EXPECT_EQ(c.ports[0].hostPort, 0);
  EXPECT_FALSE(p.spec.hostNetwork);
}

TEST(ManifestDefaults, ExplicitValuesAreKept) {
  Pod p = defaulted(
      "  restartPolicy: Never\n  dnsPolicy: Default\n"
      "  terminationGracePeriodSeconds: 0\n  enableServiceLinks: false\n"
      "  containers:\n  - name: c\n    image: busybox\n    imagePullPolicy: Never\n");
  EXPECT_EQ(p.spec.restartPolicy, "Never");
  EXPECT_EQ(p.spec.dnsPolicy, "Default");
  EXPECT_EQ(p.spec.terminationGracePeriodSeconds, 0);
  EXPECT_EQ(p.spec.enableServiceLinks, false);
  EXPECT_EQ(p.spec.containers[0].imagePullPolicy, "Never");
}

TEST(ManifestDefaults, ImagePullPolicyFromTheParsedTag) {
  const std::pair<const char*, const char*> cases[] = {
      {"busybox", "Always"},
      {"busybox:latest", "Always"},
      {"localhost:5000/app", "Always"},
      {"busybox:1.36", "IfNotPresent"},
      {"busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
       "IfNotPresent"},
      {"busybox:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
       "Always"},
      {"BusyBox", "IfNotPresent"},
      {"registry.k8s.io/busybox:1.27.2", "IfNotPresent"},
      {"", "IfNotPresent"},  // an unparsable reference has no tag
  };
  for (const auto& [image, policy] : cases) EXPECT_EQ(default_pull_policy(image), policy) << image;
}

TEST(ManifestDefaults, ImageReferencesNormaliseAsDocker) {
  auto r = parse_image_reference("busybox:1.36");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->canonical(), "docker.io/library/busybox:1.36");
  r = parse_image_reference("registry.k8s.io/busybox:1.27.2");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->name(), "registry.k8s.io/busybox");
  r = parse_image_reference("localhost:5000/a/b");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->canonical(), "localhost:5000/a/b:latest");
  r = parse_image_reference("index.docker.io/nginx");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->canonical(), "docker.io/library/nginx:latest");
  EXPECT_FALSE(parse_image_reference("Busybox"));
  EXPECT_FALSE(parse_image_reference("busybox:"));
  EXPECT_FALSE(parse_image_reference("a//b"));
  EXPECT_FALSE(parse_image_reference("busybox@sha256:abc"));
}

TEST(ManifestDefaults, RequestsDefaultFromLimitsPerKeyThenRoundUpToMilli) {
  Pod p = defaulted(
      "  containers:\n  - name: c\n    image: x\n    resources:\n      limits:\n        cpu: 1n\n"
      "        memory: 64Mi\n      requests:\n        memory: \"0\"\n  initContainers:\n"
      "  - name: i\n    image: x\n    resources:\n      limits:\n        cpu: 250m\n");
  const auto& r = p.spec.containers[0].resources;
  EXPECT_EQ(r.limits.at("cpu").to_string(), "1m");
  EXPECT_EQ(r.requests.at("cpu").to_string(), "1m");
  EXPECT_EQ(r.requests.at("memory").to_string(), "0");  // an explicit request is kept
  EXPECT_EQ(p.spec.initContainers[0].resources.requests.at("cpu").to_string(), "250m");
}

TEST(ManifestDefaults, HostNetworkCopiesContainerPortToHostPort) {
  Pod p = defaulted(
      "  hostNetwork: true\n  containers:\n  - name: c\n    image: x\n    ports:\n"
      "    - containerPort: 8080\n    - containerPort: 9090\n      hostPort: 9091\n");
  EXPECT_EQ(p.spec.containers[0].ports[0].hostPort, 8080);
  EXPECT_EQ(p.spec.containers[0].ports[1].hostPort, 9091);
}

TEST(ManifestDefaults, ProbesHandlersAndFieldRefs) {
  Pod p = defaulted(
      "  containers:\n  - name: c\n    image: x\n    livenessProbe:\n      httpGet:\n"
      "        port: 80\n    readinessProbe:\n      grpc:\n        port: 9000\n"
      "      periodSeconds: 5\n    lifecycle:\n      preStop:\n        httpGet:\n"
      "          port: 80\n    env:\n    - name: NAME\n      valueFrom:\n        fieldRef:\n"
      "          fieldPath: metadata.name\n");
  ASSERT_EQ(p.spec.containers.size(), 1u);
  const Container& c = p.spec.containers[0];
  EXPECT_EQ(c.livenessProbe->timeoutSeconds, 1);
  EXPECT_EQ(c.livenessProbe->periodSeconds, 10);
  EXPECT_EQ(c.livenessProbe->successThreshold, 1);
  EXPECT_EQ(c.livenessProbe->failureThreshold, 3);
  EXPECT_EQ(c.livenessProbe->initialDelaySeconds, 0);
  EXPECT_EQ(c.livenessProbe->httpGet->path, "/");
  EXPECT_EQ(c.livenessProbe->httpGet->scheme, "HTTP");
  EXPECT_EQ(c.readinessProbe->periodSeconds, 5);
  EXPECT_EQ(c.readinessProbe->grpc->service, "");
  EXPECT_EQ(c.lifecycle->preStop->httpGet->path, "/");
  EXPECT_EQ(c.env[0].valueFrom->fieldRef->apiVersion, "v1");
}

TEST(ManifestDefaults, Volumes) {
  Pod p = defaulted(
      "  volumes:\n  - name: none\n  - name: s\n    secret:\n      secretName: s\n"
      "  - name: cm\n    configMap:\n      name: c\n      defaultMode: 0400\n  - name: d\n"
      "    downwardAPI:\n      items:\n      - path: l\n        fieldRef:\n"
      "          fieldPath: metadata.labels\n  - name: pr\n    projected:\n      sources:\n"
      "      - serviceAccountToken:\n          path: t\n  - name: h\n    hostPath:\n      path: "
      "/x\n"
      "  - name: e\n    ephemeral:\n      volumeClaimTemplate:\n        spec:\n"
      "          accessModes: [ReadWriteOnce]\n  - name: img\n    image:\n      reference: "
      "a:latest\n"
      "  containers:\n  - name: c\n    image: x\n");
  const auto& v = p.spec.volumes;
  EXPECT_TRUE(v[0].emptyDir.has_value());
  EXPECT_EQ(v[1].secret->defaultMode, 420);
  EXPECT_EQ(v[2].configMap->defaultMode, 256);
  EXPECT_EQ(v[3].downwardAPI->defaultMode, 420);
  EXPECT_EQ(v[3].downwardAPI->items[0].fieldRef->apiVersion, "v1");
  EXPECT_EQ(v[4].projected->defaultMode, 420);
  EXPECT_EQ(v[4].projected->sources[0].serviceAccountToken->expirationSeconds, 3600);
  EXPECT_EQ(v[5].hostPath->type, "");
  EXPECT_EQ(v[6].ephemeral->volumeClaimTemplate->spec.volumeMode, "Filesystem");
  EXPECT_EQ(v[7].image->pullPolicy, "Always");
}

TEST(ManifestDefaults, PodLevelRequestsFromLimitsOrContainers) {
  Pod p = defaulted(
      "  resources:\n    limits:\n      cpu: \"2\"\n      memory: 1Gi\n"
      "  containers:\n  - name: c\n    image: x\n    resources:\n"
      "      requests:\n        cpu: 500m\n");
  ASSERT_TRUE(p.spec.resources.has_value());
  EXPECT_EQ(p.spec.resources->requests.at("cpu").to_string(), "500m");
  EXPECT_EQ(p.spec.resources->requests.at("memory").to_string(), "1Gi");
}

}  // namespace
}  // namespace podcore::manifest
