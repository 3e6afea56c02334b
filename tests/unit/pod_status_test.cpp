// The lifecycle tracker's pure rules: kubelet's getPhase (cases after
// kubelet_pods_test.go TestPodPhaseWith*), its conditions (status/generate.go),
// kubectl's get-pods columns (printers_test.go TestPrintPod*), HumanDuration
// (duration_test.go) and the CrashLoopBackOff back-off (backoff_test.go).
#include <gtest/gtest.h>

#include "pod/backoff.hpp"
#include "pod/conditions.hpp"
#include "pod/phase.hpp"
#include "pod/pod_row.hpp"

namespace podcore::pod {
namespace {

using manifest::ContainerStatus;
using manifest::Pod;
using namespace std::chrono_literals;

ContainerStatus running(const std::string& name, bool ready = true) {
  ContainerStatus s;
  s.name = name;
  s.state.running.emplace();
  s.ready = ready;
  s.started = true;
  return s;
}
ContainerStatus terminated(const std::string& name, int code, std::string reason = {}) {
  ContainerStatus s;
  s.name = name;
  s.state.terminated.emplace();
  s.state.terminated->exitCode = code;
  s.state.terminated->reason = std::move(reason);
  s.started = false;
  return s;
}
ContainerStatus waiting(const std::string& name, std::string reason = "ContainerCreating") {
  ContainerStatus s;
  s.name = name;
  s.state.waiting.emplace();
  s.state.waiting->reason = std::move(reason);
  return s;
}
// Waiting in back-off after an exit with `code`.
ContainerStatus crashed(const std::string& name, int code, int restarts = 1) {
  ContainerStatus s = waiting(name, "CrashLoopBackOff");
  s.lastState.terminated.emplace();
  s.lastState.terminated->exitCode = code;
  s.restartCount = restarts;
  return s;
}

Pod make_pod(const std::string& policy, std::vector<std::string> regular,
             std::vector<std::string> init = {}, std::vector<std::string> sidecars = {}) {
  Pod p;
  p.metadata.name = "p";
  p.metadata.namespace_ = "default";
  p.spec.restartPolicy = policy;
  for (const auto& n : sidecars) {
    p.spec.initContainers.emplace_back().name = n;
    p.spec.initContainers.back().restartPolicy = "Always";
  }
  for (const auto& n : init) p.spec.initContainers.emplace_back().name = n;
  for (const auto& n : regular) p.spec.containers.emplace_back().name = n;
  return p;
}

std::string phase(const Pod& p, bool terminal = false) {
  return compute_pod_phase(p.spec, p.status, terminal);
}

TEST(PodPhase, RestartAlways) {
  Pod p = make_pod("Always", {"a", "b"});
  p.status.containerStatuses = {running("a"), running("b")};
  EXPECT_EQ(phase(p), "Running");
  p.status.containerStatuses = {terminated("a", 0), terminated("b", 1)};
  EXPECT_EQ(phase(p), "Running") << "all stopped, all restarting";
  p.status.containerStatuses = {running("a"), terminated("b", 0)};
  EXPECT_EQ(phase(p), "Running");
  p.status.containerStatuses = {running("a"), crashed("b", 1)};
  EXPECT_EQ(phase(p), "Running") << "back-off counts as stopped";
  p.status.containerStatuses = {running("a"), waiting("b")};
  EXPECT_EQ(phase(p), "Pending");
  p.status.containerStatuses = {running("a")};
  EXPECT_EQ(phase(p), "Pending") << "a container without status is unknown";
  p.status.containerStatuses = {terminated("a", 0), terminated("b", 0)};
  EXPECT_EQ(phase(p, /*terminal=*/true), "Succeeded");
  p.status.containerStatuses = {terminated("a", 0), terminated("b", 137)};
  EXPECT_EQ(phase(p, /*terminal=*/true), "Failed");
}

TEST(PodPhase, RestartNever) {
  Pod p = make_pod("Never", {"a", "b"});
  p.status.containerStatuses = {running("a"), running("b")};
  EXPECT_EQ(phase(p), "Running");
  p.status.containerStatuses = {terminated("a", 0), terminated("b", 0)};
  EXPECT_EQ(phase(p), "Succeeded");
  p.status.containerStatuses = {terminated("a", 0), terminated("b", 2)};
  EXPECT_EQ(phase(p), "Failed");
  p.status.containerStatuses = {running("a"), terminated("b", 2)};
  EXPECT_EQ(phase(p), "Running");
  p.status.containerStatuses = {waiting("a"), terminated("b", 0)};
  EXPECT_EQ(phase(p), "Pending");
}

TEST(PodPhase, RestartOnFailure) {
  Pod p = make_pod("OnFailure", {"a", "b"});
  p.status.containerStatuses = {terminated("a", 0), terminated("b", 0)};
  EXPECT_EQ(phase(p), "Succeeded");
  p.status.containerStatuses = {terminated("a", 0), terminated("b", 1)};
  EXPECT_EQ(phase(p), "Running") << "the failed one is restarted";
  p.status.containerStatuses = {terminated("a", 0), crashed("b", 1)};
  EXPECT_EQ(phase(p), "Running");
}

TEST(PodPhase, InitContainers) {
  Pod p = make_pod("Never", {"app"}, {"init"});
  p.status.containerStatuses = {waiting("app", "PodInitializing")};
  EXPECT_EQ(phase(p), "Pending") << "init container without status";
  p.status.initContainerStatuses = {running("init")};
  EXPECT_EQ(phase(p), "Pending");
  p.status.initContainerStatuses = {terminated("init", 1)};
  EXPECT_EQ(phase(p), "Failed") << "a failed init container fails a Never pod";
  p.status.initContainerStatuses = {terminated("init", 0)};
  p.status.containerStatuses = {running("app")};
  EXPECT_EQ(phase(p), "Running");

  Pod q = make_pod("OnFailure", {"app"}, {"init"});
  q.status.initContainerStatuses = {crashed("init", 1)};
  q.status.containerStatuses = {waiting("app", "PodInitializing")};
  EXPECT_EQ(phase(q), "Pending") << "retried with back-off";
}

TEST(PodPhase, Sidecars) {
  Pod p = make_pod("Always", {"app"}, {}, {"side"});
  p.status.initContainerStatuses = {running("side")};
  p.status.initContainerStatuses[0].started = false;
  p.status.containerStatuses = {waiting("app", "PodInitializing")};
  EXPECT_EQ(phase(p), "Pending");
  p.status.initContainerStatuses[0].started = true;
  p.status.containerStatuses = {running("app")};
  EXPECT_EQ(phase(p), "Running");
  // A terminated sidecar is ignored.
  Pod q = make_pod("Never", {"app"}, {}, {"side"});
  q.status.initContainerStatuses = {terminated("side", 137)};
  q.status.containerStatuses = {terminated("app", 0)};
  EXPECT_EQ(phase(q), "Succeeded");
}

TEST(PodPhase, TerminalIsSticky) {
  EXPECT_EQ(next_phase("Failed", "Running"), "Failed");
  EXPECT_EQ(next_phase("Succeeded", "Pending"), "Succeeded");
  EXPECT_EQ(next_phase("Pending", "Running"), "Running");
}

TEST(PodConditions, ReadyAndInitialized) {
  Pod p = make_pod("Always", {"a", "b"}, {"init"});
  p.status.phase = "Pending";
  p.status.initContainerStatuses = {running("init")};
  p.status.containerStatuses = {waiting("a", "PodInitializing"), waiting("b", "PodInitializing")};
  auto init = initialized_condition(p.spec, p.status);
  EXPECT_EQ(init.status, "False");
  EXPECT_EQ(init.reason, "ContainersNotInitialized");
  EXPECT_EQ(init.message, "containers with incomplete status: [init]");
  auto cr = containers_ready_condition(p.spec, p.status);
  EXPECT_EQ(cr.reason, "ContainersNotReady");
  EXPECT_EQ(cr.message, "containers with unready status: [a b]");

  p.status.initContainerStatuses = {terminated("init", 0, "Completed")};
  p.status.containerStatuses = {running("a"), running("b", /*ready=*/false)};
  EXPECT_EQ(initialized_condition(p.spec, p.status).status, "True");
  auto ready = ready_condition(p.spec, p.status);
  EXPECT_EQ(ready.type, "Ready");
  EXPECT_EQ(ready.status, "False");
  EXPECT_EQ(ready.message, "containers with unready status: [b]");

  p.status.containerStatuses = {running("a")};
  EXPECT_EQ(containers_ready_condition(p.spec, p.status).message,
            "containers with unknown status: [b]");

  p.status.containerStatuses = {running("a"), running("b")};
  EXPECT_EQ(ready_condition(p.spec, p.status).status, "True");
  p.spec.readinessGates.emplace_back().conditionType = "example.com/gate";
  auto gated = ready_condition(p.spec, p.status);
  EXPECT_EQ(gated.reason, "ReadinessGatesNotReady");
  EXPECT_EQ(gated.message,
            "corresponding condition of pod readiness gate \"example.com/gate\" does not exist.");
}

TEST(PodConditions, TerminalPhasesAndTransitionTimes) {
  Pod p = make_pod("Never", {"a"});
  p.status.phase = "Succeeded";
  p.status.containerStatuses = {terminated("a", 0, "Completed")};
  EXPECT_EQ(containers_ready_condition(p.spec, p.status).reason, "PodCompleted");
  p.status.phase = "Failed";
  EXPECT_EQ(containers_ready_condition(p.spec, p.status).reason, "PodFailed");

  Pod q = make_pod("Always", {"a"});
  q.status.phase = "Running";
  q.status.containerStatuses = {running("a")};
  manifest::PodCondition scheduled;
  scheduled.type = "PodScheduled";
  scheduled.status = "True";
  q.status.conditions = {scheduled};
  WallTime t0 = *parse_rfc3339("2026-11-26T10:00:00Z");
  auto first = compute_conditions(q.spec, q.status, true, t0);
  ASSERT_EQ(first.size(), 5u);
  EXPECT_EQ(first[0].type, "PodReadyToStartContainers");
  EXPECT_EQ(first[1].type, "Initialized");
  EXPECT_EQ(first[2].type, "Ready");
  EXPECT_EQ(first[3].type, "ContainersReady");
  EXPECT_EQ(first[4].type, "PodScheduled");
  EXPECT_EQ(first[2].lastTransitionTime.rfc3339, "2026-11-26T10:00:00Z");
  // Unchanged conditions keep their time; a flipped one gets the new time.
  q.status.conditions = first;
  q.status.containerStatuses[0].ready = false;
  auto second = compute_conditions(q.spec, q.status, true, t0 + 5s);
  EXPECT_EQ(second[0].lastTransitionTime.rfc3339, "2026-11-26T10:00:00Z");
  EXPECT_EQ(second[2].status, "False");
  EXPECT_EQ(second[2].lastTransitionTime.rfc3339, "2026-11-26T10:00:05Z");
}

TEST(PodRow, HumanDuration) {
  EXPECT_EQ(human_duration(1s), "1s");
  EXPECT_EQ(human_duration(70s), "70s");
  EXPECT_EQ(human_duration(190s), "3m10s");
  EXPECT_EQ(human_duration(5min), "5m");
  EXPECT_EQ(human_duration(70min), "70m");
  EXPECT_EQ(human_duration(3h), "3h");
  EXPECT_EQ(human_duration(5h + 3min), "5h3m");
  EXPECT_EQ(human_duration(47h), "47h");
  EXPECT_EQ(human_duration(49h), "2d1h");
  EXPECT_EQ(human_duration((8 * 24 + 2) * 1h), "8d");
  EXPECT_EQ(human_duration(367 * 24h), "367d");
  EXPECT_EQ(human_duration((365 * 2 * 24 + 25) * 1h), "2y1d");
  EXPECT_EQ(human_duration((365 * 8 * 24 + 2) * 1h), "8y");
  EXPECT_EQ(human_duration(-1s), "0s");
  EXPECT_EQ(human_duration(-3s), "<invalid>");
}

TEST(PodRow, Columns) {
  WallTime now = *parse_rfc3339("2026-11-26T10:00:00Z");
  Pod p = make_pod("Always", {"a", "b"});
  p.metadata.creationTimestamp.rfc3339 = "2026-11-26T09:55:00Z";
  p.status.phase = "Running";
  p.status.containerStatuses = {running("a"), running("b", false)};
  p.status.containerStatuses[1].restartCount = 3;
  p.status.containerStatuses[1].lastState.terminated.emplace();
  p.status.containerStatuses[1].lastState.terminated->finishedAt.rfc3339 = "2026-11-26T09:59:18Z";
  PodRow row = make_pod_row(p, now);
  EXPECT_EQ(row.ready, "1/2");
  EXPECT_EQ(row.status, "Running");
  EXPECT_EQ(row.restarts, "3 (42s ago)");
  EXPECT_EQ(row.age, "5m");
  EXPECT_EQ(row.ip, "<none>");

  p.status.containerStatuses[1] = crashed("b", 1, 4);
  EXPECT_EQ(make_pod_row(p, now).status, "CrashLoopBackOff");
  p.status.containerStatuses = {terminated("a", 0, "Completed"), terminated("b", 0, "Completed")};
  p.status.phase = "Succeeded";
  EXPECT_EQ(make_pod_row(p, now).status, "Completed");
  p.status.containerStatuses = {terminated("a", 0, "Completed"), running("b")};
  p.status.phase = "Running";
  EXPECT_EQ(make_pod_row(p, now).status, "NotReady") << "Completed with one still running";
  p.status.containerStatuses = {terminated("a", 0, "Completed"), terminated("b", 137, "OOMKilled")};
  EXPECT_EQ(make_pod_row(p, now).status, "Completed")
      << "the first container's reason is printed last";
  p.status.containerStatuses = {terminated("a", 2), running("b")};
  p.status.containerStatuses[0].state.terminated->reason.clear();
  EXPECT_EQ(make_pod_row(p, now).status, "ExitCode:2");
  p.metadata.deletionTimestamp = manifest::Time{"2026-11-26T09:59:59Z"};
  EXPECT_EQ(make_pod_row(p, now).status, "Terminating");
}

TEST(PodRow, InitStatus) {
  WallTime now = *parse_rfc3339("2026-11-26T10:00:00Z");
  Pod p = make_pod("Always", {"app"}, {"i1", "i2"});
  p.status.phase = "Pending";
  p.status.containerStatuses = {waiting("app", "PodInitializing")};
  p.status.initContainerStatuses = {waiting("i1", "PodInitializing"),
                                    waiting("i2", "PodInitializing")};
  EXPECT_EQ(make_pod_row(p, now).status, "Init:0/2");
  p.status.initContainerStatuses = {terminated("i1", 0, "Completed"), running("i2")};
  EXPECT_EQ(make_pod_row(p, now).status, "Init:1/2");
  p.status.initContainerStatuses = {terminated("i1", 1, "Error"), waiting("i2")};
  EXPECT_EQ(make_pod_row(p, now).status, "Init:Error");
  p.status.initContainerStatuses = {crashed("i1", 1), waiting("i2")};
  EXPECT_EQ(make_pod_row(p, now).status, "Init:CrashLoopBackOff");
  p.status.initContainerStatuses = {terminated("i1", 0, "Completed"),
                                    terminated("i2", 0, "Completed")};
  EXPECT_EQ(make_pod_row(p, now).status, "PodInitializing");

  // Sidecars count in READY and do not hold the status once started.
  Pod s = make_pod("Always", {"app"}, {}, {"side"});
  s.status.phase = "Running";
  s.status.initContainerStatuses = {running("side")};
  s.status.containerStatuses = {running("app")};
  PodRow row = make_pod_row(s, now);
  EXPECT_EQ(row.ready, "2/2");
  EXPECT_EQ(row.status, "Running");
}

TEST(PodBackoff, DoublesToCapAndResets) {
  RestartBackoff b;
  SteadyTime t{};
  const std::string key = backoff_key("p", "default", "u", "c");
  EXPECT_EQ(key, "p_default_u_c");
  EXPECT_FALSE(b.in_backoff(key, t, t)) << "the first restart is immediate";
  EXPECT_EQ(b.next(key, t), 10s);
  EXPECT_TRUE(b.in_backoff(key, t + 1s, t + 5s));
  EXPECT_FALSE(b.in_backoff(key, t + 1s, t + 11s));
  EXPECT_EQ(b.next(key, t + 11s), 20s);
  EXPECT_EQ(b.next(key, t + 40s), 40s);
  EXPECT_EQ(b.next(key, t + 90s), 80s);
  EXPECT_EQ(b.next(key, t + 200s), 160s);
  EXPECT_EQ(b.next(key, t + 400s), 300s);
  EXPECT_EQ(b.next(key, t + 800s), 300s) << "capped at 5 minutes";
  // Not restarted for more than 10 minutes: back to 10 s.
  EXPECT_EQ(b.next(key, t + 800s + 601s), 10s);
  EXPECT_EQ(crash_loop_message(b.delay(key), "c", "p", "default", "u"),
            "back-off 10s restarting failed container=c pod=p_default(u)");
}

TEST(PodBackoff, GoDurationString) {
  EXPECT_EQ(go_duration_string(10s), "10s");
  EXPECT_EQ(go_duration_string(80s), "1m20s");
  EXPECT_EQ(go_duration_string(300s), "5m0s");
  EXPECT_EQ(go_duration_string(3600s), "1h0m0s");
  EXPECT_EQ(go_duration_string(1500ms), "1.5s");
}

TEST(BaseClock, ParseRfc3339) {
  auto t = parse_rfc3339("2026-11-26T09:54:44Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_rfc3339(*t), "2026-11-26T09:54:44Z");
  auto n = parse_rfc3339("2026-11-26T09:54:44.123456789Z");
  ASSERT_TRUE(n);
  EXPECT_EQ(format_rfc3339_nano(*n), "2026-11-26T09:54:44.123456789Z");
  EXPECT_EQ(format_rfc3339(*parse_rfc3339("2026-11-26T11:54:44+02:00")), "2026-11-26T09:54:44Z");
  EXPECT_FALSE(parse_rfc3339(""));
  EXPECT_FALSE(parse_rfc3339("2026-13-01T00:00:00Z"));
  EXPECT_FALSE(parse_rfc3339("2026-11-26 09:54:44"));
  EXPECT_FALSE(parse_rfc3339("2026-11-26T09:54:44Zjunk"));
}

}  // namespace
}  // namespace podcore::pod
