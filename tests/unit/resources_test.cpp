// QoS class and pod resource sums (cases after Kubernetes' qos_test.go and
// component-helpers' resource helpers).
#include "manifest/resources.hpp"

#include <gtest/gtest.h>

#include "manifest/decode.hpp"
#include "manifest/defaults.hpp"

namespace podcore::manifest {
namespace {

// A container line: "name cpuReq memReq cpuLim memLim" with "-" for none.
Container ctr(const std::string& name, const char* cpu_req, const char* mem_req,
              const char* cpu_lim, const char* mem_lim) {
  Container c;
  c.name = name;
  auto put = [](ResourceList& l, const char* key, const char* v) {
    if (std::string(v) != "-") l[key] = *Quantity::parse(v);
  };
  put(c.resources.requests, "cpu", cpu_req);
  put(c.resources.requests, "memory", mem_req);
  put(c.resources.limits, "cpu", cpu_lim);
  put(c.resources.limits, "memory", mem_lim);
  return c;
}

std::string qos(std::vector<Container> containers, std::vector<Container> init = {}) {
  Pod p;
  p.spec.containers = std::move(containers);
  p.spec.initContainers = std::move(init);
  apply_defaults(p);  // requests from limits, as on a real API server
  return std::string(compute_qos_class(p.spec));
}

TEST(ManifestQos, Classes) {
  EXPECT_EQ(qos({ctr("a", "-", "-", "-", "-")}), "BestEffort");
  EXPECT_EQ(qos({ctr("a", "-", "-", "-", "-"), ctr("b", "-", "-", "-", "-")}), "BestEffort");
  // Zero quantities are ignored.
  EXPECT_EQ(qos({ctr("a", "0", "0", "-", "-")}), "BestEffort");
  EXPECT_EQ(qos({ctr("a", "100m", "-", "-", "-")}), "Burstable");
  EXPECT_EQ(qos({ctr("a", "100m", "100Mi", "100m", "100Mi")}), "Guaranteed");
  // Limits only: requests default to limits.
  EXPECT_EQ(qos({ctr("a", "-", "-", "1", "1Gi")}), "Guaranteed");
  EXPECT_EQ(qos({ctr("a", "-", "-", "1", "-")}), "Burstable");
  EXPECT_EQ(qos({ctr("a", "500m", "1Gi", "1", "1Gi")}), "Burstable");
  EXPECT_EQ(qos({ctr("a", "1", "1Gi", "1", "1Gi"), ctr("b", "-", "-", "-", "-")}), "Burstable");
  // Init containers count.
  EXPECT_EQ(qos({ctr("a", "1", "1Gi", "1", "1Gi")}, {ctr("i", "1", "-", "-", "-")}), "Burstable");
  EXPECT_EQ(qos({ctr("a", "-", "-", "-", "-")}, {ctr("i", "1", "1Gi", "1", "1Gi")}), "Burstable");
  // Only cpu and memory matter.
  Container gpu = ctr("a", "1", "1Gi", "1", "1Gi");
  gpu.resources.limits["example.com/gpu"] = *Quantity::parse("1");
  EXPECT_EQ(qos({gpu}), "Guaranteed");
}

TEST(ManifestQos, PodLevelResourcesDecide) {
  auto pod = decode_pod(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  resources:\n    limits:\n"
      "      cpu: \"1\"\n      memory: 1Gi\n  containers:\n  - name: a\n    image: x\n");
  ASSERT_TRUE(pod);
  apply_defaults(*pod);
  EXPECT_EQ(compute_qos_class(pod->spec), "Guaranteed");
}

TEST(ManifestResources, AggregateRequestsWithInitAndSidecars) {
  PodSpec s;
  s.containers = {ctr("a", "100m", "64Mi", "-", "-"), ctr("b", "200m", "-", "-", "-")};
  Container side = ctr("side", "50m", "32Mi", "-", "-");
  side.restartPolicy = "Always";
  // An init container that needs more than everything else together.
  s.initContainers = {side, ctr("big", "1", "16Mi", "-", "-")};
  ResourceList r = aggregate_container_requests(s);
  // max(Σ regular + Σ sidecars = 350m, big + sidecars before it = 1050m)
  EXPECT_EQ(r.at("cpu").to_string(), "1050m");
  // max(64Mi + 32Mi, 16Mi + 32Mi) = 96Mi
  EXPECT_EQ(r.at("memory").to_string(), "96Mi");
  s.overhead["cpu"] = *Quantity::parse("10m");
  EXPECT_EQ(pod_requests(s).at("cpu").to_string(), "1060m");
}

}  // namespace
}  // namespace podcore::manifest
