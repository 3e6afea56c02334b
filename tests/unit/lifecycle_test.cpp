// The lifecycle tracker as the monitor drives it: container order, restart
// policies with CrashLoopBackOff, init containers and sidecars, probes,
// delete, activeDeadlineSeconds, start failures — checked on the status and
// events it produces (the kubelet behaviour in k8s-pod-semantics.md 1d).
#include "pod/lifecycle.hpp"

#include <gtest/gtest.h>

#include "manifest/decode.hpp"
#include "manifest/defaults.hpp"
#include "pod/pod_row.hpp"

namespace podcore::pod {
namespace {

using namespace std::chrono_literals;
using Type = LifecycleAction::Type;

manifest::Pod load(const std::string& spec_yaml) {
  auto p =
      manifest::decode_pod("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n" + spec_yaml);
  EXPECT_TRUE(p) << p.error().to_string();
  manifest::apply_defaults(*p);
  p->metadata.namespace_ = "default";
  p->metadata.uid = "uid1";
  p->metadata.creationTimestamp.rfc3339 = "2026-11-26T10:00:00Z";
  p->status.phase = "Pending";
  return *p;
}

// Drives a PodLifecycle with a clock both wall and monotonic.
struct Harness {
  explicit Harness(const std::string& spec_yaml) : lc(load(spec_yaml), wall) {}
  WallTime wall = *parse_rfc3339("2026-11-26T10:00:00Z");
  SteadyTime mono = SteadyTime{} + 1000s;
  PodLifecycle lc;

  void advance(std::chrono::seconds d) {
    wall += d;
    mono += d;
  }
  std::vector<LifecycleAction> sync() { return lc.sync(wall, mono); }
  // Starts every container a sync asks for; returns their names.
  std::vector<std::string> sync_and_start() {
    std::vector<std::string> names;
    for (const auto& a : sync()) {
      EXPECT_EQ(a.type, Type::kStart) << a.container;
      lc.container_started(a.container, "podcore://" + a.container, std::nullopt, wall, mono);
      names.push_back(a.container);
    }
    return names;
  }
  void exit(const std::string& name, int code, bool oom = false) {
    lc.container_exited(name, {code, oom, ""}, wall, mono);
  }
  const manifest::ContainerStatus& cs(size_t i) const {
    return lc.pod().status.containerStatuses[i];
  }
  const manifest::ContainerStatus& ics(size_t i) const {
    return lc.pod().status.initContainerStatuses[i];
  }
  std::string phase() const { return lc.pod().status.phase; }
  std::string row_status() const { return make_pod_row(lc.pod(), wall).status; }
  std::string condition(const std::string& type) const {
    for (const auto& c : lc.pod().status.conditions)
      if (c.type == type) return c.status;
    return "";
  }
};

const char* kOne = "  containers:\n  - name: app\n    image: busybox\n";

TEST(PodLifecycle, StartsOnlyOnceTheSandboxIsReady) {
  Harness h(kOne);
  EXPECT_EQ(h.phase(), "Pending");
  ASSERT_TRUE(h.cs(0).state.waiting);
  EXPECT_EQ(h.cs(0).state.waiting->reason, "ContainerCreating");
  EXPECT_TRUE(h.sync().empty());
  EXPECT_EQ(h.condition("PodReadyToStartContainers"), "False");
  h.lc.sandbox_ready({"10.87.0.5"}, "192.168.1.2", h.wall);
  EXPECT_EQ(h.lc.pod().status.podIP, "10.87.0.5");
  EXPECT_TRUE(h.lc.pod().status.startTime);
  EXPECT_EQ(h.sync_and_start(), std::vector<std::string>{"app"});
  EXPECT_EQ(h.phase(), "Running");
  EXPECT_TRUE(h.cs(0).ready);
  EXPECT_EQ(h.condition("Ready"), "True");
  EXPECT_TRUE(h.sync().empty()) << "nothing more to do";
  auto events = h.lc.take_events();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().reason, "Started");
  EXPECT_EQ(events.back().message, "Started container app");
  EXPECT_EQ(events.back().field_path, "spec.containers{app}");
}

TEST(PodLifecycle, RestartAlwaysBacksOffAsCrashLoopBackOff) {
  Harness h(kOne);
  h.lc.sandbox_ready({"10.87.0.5"}, "", h.wall);
  h.sync_and_start();
  h.exit("app", 1);
  EXPECT_EQ(h.cs(0).state.terminated->reason, "Error");
  EXPECT_EQ(h.sync_and_start(), std::vector<std::string>{"app"}) << "first restart immediate";
  EXPECT_EQ(h.cs(0).restartCount, 1);
  ASSERT_TRUE(h.cs(0).lastState.terminated);
  EXPECT_EQ(h.cs(0).lastState.terminated->exitCode, 1);

  h.advance(1s);
  h.exit("app", 2);
  EXPECT_TRUE(h.sync().empty()) << "within the 10 s back-off";
  ASSERT_TRUE(h.cs(0).state.waiting);
  EXPECT_EQ(h.cs(0).state.waiting->reason, "CrashLoopBackOff");
  EXPECT_EQ(h.cs(0).state.waiting->message,
            "back-off 10s restarting failed container=app pod=p_default(uid1)");
  EXPECT_EQ(h.cs(0).lastState.terminated->exitCode, 2);
  EXPECT_EQ(h.row_status(), "CrashLoopBackOff");
  EXPECT_EQ(h.phase(), "Running");
  ASSERT_TRUE(h.lc.next_wakeup());
  EXPECT_EQ(*h.lc.next_wakeup(), h.mono + 10s);
  h.advance(10s);
  EXPECT_EQ(h.sync_and_start(), std::vector<std::string>{"app"});
  EXPECT_EQ(h.cs(0).restartCount, 2);
  h.advance(1s);
  h.exit("app", 0);
  EXPECT_TRUE(h.sync().empty());
  EXPECT_EQ(h.cs(0).state.waiting->message,
            "back-off 20s restarting failed container=app pod=p_default(uid1)")
      << "doubled; Always restarts even a clean exit";
  bool backoff_event = false;
  for (const auto& e : h.lc.take_events())
    backoff_event = backoff_event || (e.reason == "BackOff" && e.type == "Warning");
  EXPECT_TRUE(backoff_event);
}

TEST(PodLifecycle, RestartNeverAndOnFailure) {
  Harness never(std::string(kOne) + "  restartPolicy: Never\n");
  never.lc.sandbox_ready({"10.87.0.5"}, "", never.wall);
  never.sync_and_start();
  never.exit("app", 3);
  EXPECT_TRUE(never.sync().empty());
  EXPECT_EQ(never.phase(), "Failed");
  EXPECT_TRUE(never.lc.done());
  EXPECT_EQ(never.row_status(), "Error");

  Harness ok(std::string(kOne) + "  restartPolicy: OnFailure\n");
  ok.lc.sandbox_ready({"10.87.0.5"}, "", ok.wall);
  ok.sync_and_start();
  ok.exit("app", 1, /*oom=*/true);
  EXPECT_EQ(ok.cs(0).state.terminated->reason, "OOMKilled");
  EXPECT_EQ(ok.sync_and_start(), std::vector<std::string>{"app"}) << "OnFailure restarts a failure";
  ok.exit("app", 0);
  EXPECT_TRUE(ok.sync().empty());
  EXPECT_EQ(ok.phase(), "Succeeded");
  EXPECT_EQ(ok.row_status(), "Completed");
  EXPECT_TRUE(ok.lc.done());
  EXPECT_EQ(ok.condition("Ready"), "False");
}

TEST(PodLifecycle, InitContainersRunInOrderAndBlock) {
  const std::string spec =
      "  initContainers:\n  - name: i1\n    image: busybox\n  - name: i2\n    image: busybox\n"
      "  containers:\n  - name: app\n    image: busybox\n";
  Harness h(spec + "  restartPolicy: Always\n");
  h.lc.sandbox_ready({"10.87.0.5"}, "", h.wall);
  EXPECT_EQ(h.cs(0).state.waiting->reason, "PodInitializing");
  EXPECT_EQ(h.sync_and_start(), std::vector<std::string>{"i1"});
  EXPECT_EQ(h.row_status(), "Init:0/2");
  h.exit("i1", 0);
  EXPECT_EQ(h.sync_and_start(), std::vector<std::string>{"i2"});
  EXPECT_EQ(h.row_status(), "Init:1/2");
  h.exit("i2", 1);
  EXPECT_EQ(h.sync_and_start(), std::vector<std::string>{"i2"}) << "a failed init retries";
  h.exit("i2", 1);
  EXPECT_TRUE(h.sync().empty());
  EXPECT_EQ(h.row_status(), "Init:CrashLoopBackOff");
  EXPECT_EQ(h.phase(), "Pending");
  EXPECT_EQ(h.condition("Initialized"), "False");
  h.advance(10s);
  EXPECT_EQ(h.sync_and_start(), std::vector<std::string>{"i2"});
  h.exit("i2", 0);
  EXPECT_EQ(h.sync_and_start(), std::vector<std::string>{"app"});
  EXPECT_EQ(h.condition("Initialized"), "True");
  EXPECT_EQ(h.phase(), "Running");

  Harness never(spec + "  restartPolicy: Never\n");
  never.lc.sandbox_ready({"10.87.0.5"}, "", never.wall);
  never.sync_and_start();
  never.exit("i1", 2);
  EXPECT_TRUE(never.sync().empty()) << "the app containers never start";
  EXPECT_EQ(never.phase(), "Failed");
  EXPECT_EQ(never.row_status(), "Init:Error");
  EXPECT_TRUE(never.lc.done());
}

TEST(PodLifecycle, SidecarsStartFirstAndStopLast) {
  Harness h(
      "  restartPolicy: Never\n"
      "  initContainers:\n  - name: side\n    image: busybox\n    restartPolicy: Always\n"
      "  containers:\n  - name: app\n    image: busybox\n");
  h.lc.sandbox_ready({"10.87.0.5"}, "", h.wall);
  EXPECT_EQ(h.sync_and_start(), std::vector<std::string>{"side"});
  EXPECT_EQ(h.sync_and_start(), std::vector<std::string>{"app"}) << "side is started: app goes";
  EXPECT_EQ(make_pod_row(h.lc.pod(), h.wall).ready, "2/2");
  h.exit("side", 1);
  EXPECT_EQ(h.sync_and_start(), std::vector<std::string>{"side"}) << "sidecars always restart";
  h.exit("app", 0);
  auto acts = h.sync();
  ASSERT_EQ(acts.size(), 1u);
  EXPECT_EQ(acts[0].type, Type::kStop);
  EXPECT_EQ(acts[0].container, "side");
  EXPECT_EQ(acts[0].grace_seconds, 30);
  EXPECT_FALSE(h.lc.done());
  h.exit("side", 143);
  EXPECT_TRUE(h.sync().empty());
  EXPECT_TRUE(h.lc.done());
  EXPECT_EQ(h.phase(), "Succeeded") << "a terminated sidecar does not count";
}

TEST(PodLifecycle, ProbesDriveReadinessAndLiveness) {
  Harness h(
      "  containers:\n  - name: app\n    image: busybox\n"
      "    readinessProbe:\n      exec:\n        command: [cat, /tmp/ready]\n"
      "      initialDelaySeconds: 2\n      periodSeconds: 5\n"
      "    livenessProbe:\n      tcpSocket:\n        port: 80\n      failureThreshold: 2\n");
  h.lc.sandbox_ready({"10.87.0.5"}, "", h.wall);
  h.sync_and_start();
  EXPECT_FALSE(h.cs(0).ready) << "not ready before the readiness probe passes";
  EXPECT_EQ(h.condition("ContainersReady"), "False");
  EXPECT_TRUE(h.lc.due_probes(h.mono).empty())
      << "readiness waits its initial delay, liveness its first tick (one period)";
  h.advance(2s);
  auto due = h.lc.due_probes(h.mono);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].kind, ProbeKind::kReadiness);
  EXPECT_TRUE(h.lc.due_probes(h.mono).empty()) << "one run in flight at a time";
  h.lc.probe_result("app", ProbeKind::kReadiness, true, "", h.wall, h.mono);
  EXPECT_TRUE(h.cs(0).ready);
  EXPECT_EQ(h.condition("Ready"), "True");
  h.advance(7s);
  due = h.lc.due_probes(h.mono);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].kind, ProbeKind::kReadiness) << "9 s after start: no liveness run yet";
  h.lc.probe_result("app", ProbeKind::kReadiness, true, "", h.wall, h.mono);
  h.advance(1s);
  due = h.lc.due_probes(h.mono);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].kind, ProbeKind::kLiveness) << "the first liveness run, 10 s after start";
  h.lc.probe_result("app", ProbeKind::kLiveness, true, "", h.wall, h.mono);

  // Two liveness failures (failureThreshold 2) kill the container.
  h.advance(10s);
  for (const auto& p : h.lc.due_probes(h.mono))
    h.lc.probe_result("app", p.kind, p.kind == ProbeKind::kReadiness,
                      "dial tcp 10.87.0.5:80: connect: connection refused", h.wall, h.mono);
  EXPECT_TRUE(h.sync().empty()) << "one failure is below the threshold";
  h.advance(10s);
  for (const auto& p : h.lc.due_probes(h.mono))
    h.lc.probe_result("app", p.kind, p.kind == ProbeKind::kReadiness,
                      "dial tcp 10.87.0.5:80: connect: connection refused", h.wall, h.mono);
  auto acts = h.sync();
  ASSERT_EQ(acts.size(), 1u);
  EXPECT_EQ(acts[0].type, Type::kStop);
  bool unhealthy = false, killing = false;
  for (const auto& e : h.lc.take_events()) {
    unhealthy = unhealthy || (e.reason == "Unhealthy" &&
                              e.message ==
                                  "Liveness probe failed: dial tcp 10.87.0.5:80: connect: "
                                  "connection refused");
    killing = killing || (e.reason == "Killing" &&
                          e.message == "Container app failed liveness probe, will be restarted");
  }
  EXPECT_TRUE(unhealthy);
  EXPECT_TRUE(killing);
  h.exit("app", 137);
  EXPECT_EQ(h.sync_and_start(), std::vector<std::string>{"app"});
  EXPECT_EQ(h.cs(0).restartCount, 1);
}

TEST(PodLifecycle, LivenessFirstRunsOnTheFirstTickPastItsDelay) {
  Harness h(
      "  containers:\n  - name: app\n    image: busybox\n"
      "    livenessProbe:\n      exec:\n        command: [\"true\"]\n"
      "      initialDelaySeconds: 10\n      periodSeconds: 10\n");
  h.lc.sandbox_ready({"10.87.0.5"}, "", h.wall);
  h.sync_and_start();
  h.advance(10s);
  EXPECT_TRUE(h.lc.due_probes(h.mono).empty()) << "the tick at 10 s is not past the delay";
  h.advance(9s);
  EXPECT_TRUE(h.lc.due_probes(h.mono).empty());
  h.advance(1s);
  auto due = h.lc.due_probes(h.mono);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].kind, ProbeKind::kLiveness) << "20 s: the first tick past the delay";
}

TEST(PodLifecycle, StartupProbeGatesStartedAndOtherProbes) {
  Harness h(
      "  containers:\n  - name: app\n    image: busybox\n"
      "    startupProbe:\n      exec:\n        command: [\"true\"]\n      periodSeconds: 1\n"
      "    livenessProbe:\n      exec:\n        command: [\"true\"]\n");
  h.lc.sandbox_ready({"10.87.0.5"}, "", h.wall);
  h.sync_and_start();
  EXPECT_FALSE(h.cs(0).started.value_or(true));
  EXPECT_FALSE(h.cs(0).ready);
  EXPECT_TRUE(h.lc.due_probes(h.mono).empty()) << "startup runs first on the worker's tick";
  h.advance(1s);
  auto due = h.lc.due_probes(h.mono);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].kind, ProbeKind::kStartup);
  h.lc.probe_result("app", ProbeKind::kStartup, true, "", h.wall, h.mono);
  EXPECT_TRUE(h.cs(0).started.value_or(false));
  EXPECT_TRUE(h.cs(0).ready);
  due = h.lc.due_probes(h.mono);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].kind, ProbeKind::kLiveness);
}

TEST(PodLifecycle, DeleteStopsRegularThenSidecars) {
  Harness h(
      "  terminationGracePeriodSeconds: 20\n"
      "  initContainers:\n  - name: side\n    image: busybox\n    restartPolicy: Always\n"
      "  containers:\n  - name: a\n    image: busybox\n  - name: b\n    image: busybox\n");
  h.lc.sandbox_ready({"10.87.0.5"}, "", h.wall);
  h.sync_and_start();
  h.sync_and_start();
  h.lc.request_delete(5, h.wall);
  EXPECT_EQ(h.lc.pod().metadata.deletionGracePeriodSeconds, 5);
  EXPECT_EQ(h.lc.pod().metadata.deletionTimestamp->rfc3339, "2026-11-26T10:00:05Z");
  EXPECT_EQ(h.row_status(), "Terminating");
  auto acts = h.sync();
  ASSERT_EQ(acts.size(), 2u);
  EXPECT_EQ(acts[0].container, "a");
  EXPECT_EQ(acts[1].container, "b");
  EXPECT_EQ(acts[0].grace_seconds, 5);
  h.exit("a", 143);
  EXPECT_TRUE(h.sync().empty()) << "b still stopping: the sidecar waits";
  h.exit("b", 0);
  acts = h.sync();
  ASSERT_EQ(acts.size(), 1u);
  EXPECT_EQ(acts[0].container, "side");
  h.exit("side", 143);
  EXPECT_TRUE(h.sync().empty());
  EXPECT_TRUE(h.lc.done());
  EXPECT_EQ(h.phase(), "Failed") << "a was killed by SIGTERM (143)";
}

TEST(PodLifecycle, ActiveDeadlineFailsThePod) {
  Harness h(std::string(kOne) + "  activeDeadlineSeconds: 5\n");
  h.lc.sandbox_ready({"10.87.0.5"}, "", h.wall);
  h.sync_and_start();
  h.advance(4s);
  EXPECT_TRUE(h.sync().empty());
  h.advance(1s);
  auto acts = h.sync();
  ASSERT_EQ(acts.size(), 1u);
  EXPECT_EQ(acts[0].type, Type::kStop);
  EXPECT_EQ(h.phase(), "Failed");
  EXPECT_EQ(h.lc.pod().status.reason, "DeadlineExceeded");
  EXPECT_EQ(h.lc.pod().status.message,
            "Pod was active on the node longer than the specified deadline");
  EXPECT_EQ(h.row_status(), "DeadlineExceeded");
  h.exit("app", 137);
  EXPECT_TRUE(h.lc.done());
  EXPECT_EQ(h.phase(), "Failed");
}

TEST(PodLifecycle, StartFailures) {
  Harness h(std::string(kOne) + "  restartPolicy: Never\n");
  h.lc.sandbox_ready({"10.87.0.5"}, "", h.wall);
  auto acts = h.sync();
  ASSERT_EQ(acts.size(), 1u);
  h.lc.container_start_failed("app",
                              {"ErrImageNeverPull",
                               "Container image \"busybox\" is not present with pull policy of "
                               "Never",
                               false},
                              h.wall, h.mono);
  EXPECT_EQ(h.cs(0).state.waiting->reason, "ErrImageNeverPull");
  EXPECT_EQ(h.row_status(), "ErrImageNeverPull");
  EXPECT_EQ(h.phase(), "Pending");
  EXPECT_TRUE(h.sync().empty()) << "retried only after a delay";
  h.advance(10s);
  acts = h.sync();
  ASSERT_EQ(acts.size(), 1u) << "retried";
  EXPECT_EQ(h.cs(0).restartCount, 0);

  // Exec failure: a run that ended with StartError, shown as RunContainerError.
  h.lc.container_start_failed(
      "app", {"RunContainerError", "exec: \"nope\": executable file not found in $PATH", true},
      h.wall, h.mono);
  EXPECT_EQ(h.cs(0).state.waiting->reason, "RunContainerError");
  EXPECT_EQ(h.cs(0).lastState.terminated->reason, "StartError");
  EXPECT_EQ(h.cs(0).lastState.terminated->exitCode, 128);
  EXPECT_TRUE(h.sync().empty()) << "Never: not restarted";
  EXPECT_EQ(h.phase(), "Failed");
}

TEST(PodLifecycle, PostStartHookGatesRunningAndItsFailureKills) {
  Harness h(
      "  containers:\n  - name: app\n    image: busybox\n"
      "    lifecycle:\n      postStart:\n        exec:\n          command: [touch, /x]\n"
      "    readinessProbe:\n      exec:\n        command: [cat, /x]\n");
  h.lc.sandbox_ready({"10.87.0.5"}, "", h.wall);
  auto acts = h.sync();
  ASSERT_EQ(acts.size(), 1u);
  h.lc.container_started("app", "podcore://app", std::nullopt, h.wall, h.mono, true);
  // The hook runs: the container is not yet running, started, or probed.
  ASSERT_TRUE(h.cs(0).state.waiting);
  EXPECT_EQ(h.cs(0).state.waiting->reason, "ContainerCreating");
  EXPECT_FALSE(h.cs(0).started.value_or(false));
  EXPECT_EQ(h.phase(), "Pending");
  EXPECT_TRUE(h.lc.due_probes(h.mono).empty());
  h.advance(2s);
  h.lc.post_start_done("app", true, "", h.wall, h.mono);
  ASSERT_TRUE(h.cs(0).state.running);
  EXPECT_EQ(h.cs(0).state.running->startedAt.rfc3339, "2026-11-26T10:00:00Z")
      << "startedAt is the process start, not the hook's end";
  EXPECT_EQ(h.phase(), "Running");
  EXPECT_EQ(h.lc.due_probes(h.mono).size(), 1u) << "probes begin after the hook";
  h.lc.probe_result("app", ProbeKind::kReadiness, true, "", h.wall, h.mono);

  // The next instance's hook fails: FailedPostStartHook, Killing, and the
  // restart shows PostStartHookError with kubelet's message meanwhile.
  h.exit("app", 1);
  acts = h.sync();
  ASSERT_EQ(acts.size(), 1u);
  (void)h.lc.take_status_changed();
  h.lc.container_started("app", "podcore://app", std::nullopt, h.wall, h.mono, true);
  EXPECT_TRUE(h.lc.take_status_changed()) << "the restart count moved, nothing else";
  (void)h.lc.take_events();
  const std::string msg = "Exec lifecycle hook ([touch /x]) failed";
  h.lc.post_start_done("app", false, msg, h.wall, h.mono);
  auto events = h.lc.take_events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type, "Warning");
  EXPECT_EQ(events[0].reason, "FailedPostStartHook");
  EXPECT_EQ(events[0].message, "PostStartHook failed");
  EXPECT_EQ(events[1].reason, "Killing");
  EXPECT_EQ(events[1].message, "FailedPostStartHook");
  acts = h.sync();
  ASSERT_EQ(acts.size(), 1u);
  EXPECT_EQ(acts[0].type, Type::kStop);
  EXPECT_EQ(acts[0].grace_seconds, 30);
  EXPECT_EQ(h.cs(0).state.waiting->reason, "PostStartHookError");
  h.exit("app", 137);
  ASSERT_TRUE(h.cs(0).state.waiting);
  EXPECT_EQ(h.cs(0).state.waiting->reason, "PostStartHookError");
  EXPECT_EQ(h.cs(0).state.waiting->message, msg);
  ASSERT_TRUE(h.cs(0).lastState.terminated);
  EXPECT_EQ(h.cs(0).lastState.terminated->exitCode, 137);
  EXPECT_EQ(h.cs(0).restartCount, 1);
  h.advance(1s);
  EXPECT_TRUE(h.sync().empty()) << "restarted after the back-off";
  EXPECT_EQ(h.cs(0).state.waiting->reason, "CrashLoopBackOff");
}

}  // namespace
}  // namespace podcore::pod
