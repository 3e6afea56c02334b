// Node admission by pod count (RuntimeOptions::max_pods) through the
// Runtime: the count-only shortcut (a pod asking for no cpu/memory while every
// pod directory fits) and the full path that reads the other pods, where a
// terminal pod no longer counts.
#include "pod/phase.hpp"
#include "runtime_fixture.hpp"

namespace podcore::pod::testing {
namespace {

using namespace std::chrono_literals;

std::string pod_yaml(const std::string& name, const std::string& command,
                     const std::string& extra = "") {
  return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name +
         "\nspec:\n  restartPolicy: Never\n  terminationGracePeriodSeconds: 0\n"
         "  containers:\n  - name: app\n    image: busybox:1.36\n    command: " +
         command + "\n" + extra;
}

bool terminal(const manifest::Pod& p) {
  return is_terminal_phase(p.status.phase);
}

using AdmissionE2E = RuntimeWorld;

TEST_F(AdmissionE2E, MaxPodsCountsOnlyPodsThatAreNotTerminal) {
  RuntimeOptions o = options_;
  o.max_pods = 2;
  auto rt = Runtime::open(o);
  ASSERT_TRUE(rt) << rt.error().to_string();
  Runtime& r = **rt;

  auto a = r.create(pod_yaml("a", "[\"sleep\", \"600\"]"), {});
  ASSERT_TRUE(a) << a.error().to_string();
  EXPECT_NE(a->pod.status.phase, "Failed");
  auto done = r.create(pod_yaml("done", "[\"true\"]"), {});
  ASSERT_TRUE(done) << done.error().to_string();
  auto finished = r.wait_for("default", "done", terminal, 60s);
  ASSERT_TRUE(finished) << finished.error().to_string();
  EXPECT_EQ(finished->status.phase, "Succeeded");

  // Three pod directories for two places: the others are read, and the
  // Succeeded one does not count.
  auto b = r.create(pod_yaml("b", "[\"sleep\", \"600\"]"), {});
  ASSERT_TRUE(b) << b.error().to_string();
  EXPECT_NE(b->pod.status.phase, "Failed") << b->pod.status.message;

  // a and b run: a third is refused as kubelet does, asking for nothing or
  // for cpu.
  auto c = r.create(pod_yaml("c", "[\"sleep\", \"600\"]"), {});
  ASSERT_TRUE(c) << c.error().to_string();
  EXPECT_EQ(c->pod.status.phase, "Failed");
  EXPECT_EQ(c->pod.status.reason, "OutOfpods");
  EXPECT_NE(c->pod.status.message.find("pods, requested: 1, used: 2, capacity: 2"),
            std::string::npos)
      << c->pod.status.message;
  auto d = r.create(
      pod_yaml("d", "[\"sleep\", \"600\"]", "    resources:\n      requests:\n        cpu: 1m\n"),
      {});
  ASSERT_TRUE(d) << d.error().to_string();
  EXPECT_EQ(d->pod.status.reason, "OutOfpods");

  DeleteOptions force;
  force.force = true;
  for (const char* name : {"a", "b", "c", "d", "done"}) {
    auto uid = r.get("default", name);
    ASSERT_TRUE(uid) << name;
    std::string id = uid->metadata.uid;
    ASSERT_TRUE(r.remove("default", name, force)) << name;
    EXPECT_EQ(leaks(id), std::vector<std::string>{}) << name;
  }
}

}  // namespace
}  // namespace podcore::pod::testing
