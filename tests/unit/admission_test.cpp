// Node admission (kubelet predicate.go): OutOfcpu / OutOfmemory with
// kubelet's message, and the node's real CPUs and memory.
#include "pod/admission.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include "manifest/decode.hpp"
#include "manifest/defaults.hpp"

namespace podcore::pod {
namespace {

manifest::Pod pod_requesting(const std::string& cpu, const std::string& memory) {
  std::string yaml =
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n"
      "    image: busybox\n    resources:\n      requests:\n";
  if (!cpu.empty()) yaml += "        cpu: " + cpu + "\n";
  if (!memory.empty()) yaml += "        memory: " + memory + "\n";
  auto pod = manifest::decode_pod(yaml);
  EXPECT_TRUE(pod) << pod.error().to_string();
  manifest::apply_defaults(*pod);
  return *pod;
}

TEST(PodAdmission, FitsAndShortfalls) {
  NodeResources node{2000, 1024LL * 1024 * 1024, 110};
  auto small = pod_requesting("500m", "128Mi");
  auto big_cpu = pod_requesting("1600m", "");
  auto big_mem = pod_requesting("", "1Gi");
  EXPECT_FALSE(admit_pod(small, {}, node));
  EXPECT_FALSE(admit_pod(big_cpu, {}, node));
  EXPECT_FALSE(admit_pod(big_mem, {}, node)) << "exactly the capacity fits";
  EXPECT_TRUE(admit_pod(big_cpu, {&small}, node)) << "1600m + 500m > 2000m";
}

TEST(PodAdmission, Messages) {
  NodeResources node{2000, 1024LL * 1024 * 1024, 110};
  auto small = pod_requesting("500m", "128Mi");
  auto big_cpu = pod_requesting("1600m", "");
  auto r = admit_pod(big_cpu, {&small}, node);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->reason, "OutOfcpu");
  EXPECT_EQ(r->message,
            "Pod was rejected: Node didn't have enough resource: cpu, requested: 1600, used: "
            "500, capacity: 2000");
  auto big_mem = pod_requesting("", "1Gi");
  r = admit_pod(big_mem, {&small}, node);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->reason, "OutOfmemory");
  EXPECT_EQ(r->message,
            "Pod was rejected: Node didn't have enough resource: memory, requested: 1073741824, "
            "used: 134217728, capacity: 1073741824");
  auto none = pod_requesting("", "");
  EXPECT_FALSE(admit_pod(none, {&small, &big_cpu}, node)) << "a BestEffort pod always fits";
  node.pods = 2;
  r = admit_pod(none, {&small, &big_cpu}, node);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->reason, "OutOfpods");
}

TEST(PodAdmission, ReadsThisNode) {
  auto node = read_node_resources();
  ASSERT_TRUE(node) << node.error().to_string();
  EXPECT_EQ(node->milli_cpu % 1000, 0);
  EXPECT_GE(node->milli_cpu, 1000);
  EXPECT_LE(node->milli_cpu, ::sysconf(_SC_NPROCESSORS_ONLN) * 1000);
  long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
  EXPECT_EQ(node->memory, static_cast<int64_t>(pages) * page);
}

}  // namespace
}  // namespace podcore::pod
