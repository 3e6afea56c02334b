// Container lifecycle end to end (label e2e, root): OOM kills, liveness
// restarts, readiness flips, graceful delete with and without a SIGTERM
// handler, postStart/preStop hooks (exec, httpGet, a hook cut off by the
// grace period), init containers, and the user a container runs as — each
// checked on real processes and the status the monitor writes.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "pod/monitor.hpp"
#include "pod/phase.hpp"
#include "pod/pod_row.hpp"
#include "runtime_fixture.hpp"

namespace podcore::pod::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

class LifecycleE2E : public RuntimeWorld {
 protected:
  manifest::Pod create(const std::string& yaml, bool wait_ready = true) {
    CreateOptions co;
    co.wait_ready = wait_ready;
    co.timeout = 60s;
    auto r = runtime_->create(yaml, co);
    EXPECT_TRUE(r) << r.error().to_string();
    return r ? r->pod : manifest::Pod{};
  }
  manifest::Pod get(const std::string& name) {
    auto p = runtime_->get("default", name);
    EXPECT_TRUE(p) << p.error().to_string();
    return p ? *p : manifest::Pod{};
  }
  manifest::Pod wait(const std::string& name, bool (*pred)(const manifest::Pod&),
                     std::chrono::milliseconds timeout = 60s) {
    auto p = runtime_->wait_for("default", name, pred, timeout);
    EXPECT_TRUE(p) << name << ": " << p.error().to_string() << "\n" << dump(name);
    return p ? *p : manifest::Pod{};
  }
  std::string dump(const std::string& name) {
    std::string out;
    if (auto ev = runtime_->events("default", name))
      for (const auto& e : *ev)
        out += e.reason + " (x" + std::to_string(e.count) + "): " + e.message + "\n";
    if (auto p = runtime_->get("default", name)) {
      out += "phase " + p->status.phase + "\n";
      for (const auto* list : {&p->status.initContainerStatuses, &p->status.containerStatuses})
        for (const auto& s : *list)
          out += s.name + ": restarts " + std::to_string(s.restartCount) +
                 (s.state.waiting      ? " waiting " + s.state.waiting->reason
                  : s.state.running    ? std::string(" running")
                  : s.state.terminated ? " terminated " + s.state.terminated->reason
                                       : std::string(" -")) +
                 "\n";
    }
    return out;
  }
  // The identity of the running instance of `container`.
  std::optional<ProcessRef> container_process(const std::string& uid,
                                              const std::string& container) {
    return read_identity_file(options_.state_dir / "pods" / uid / "containers" / container / "pid");
  }
  bool event(const std::string& pod, const std::string& reason, const std::string& part = {}) {
    auto ev = runtime_->events("default", pod);
    return ev && has_event(*ev, reason, part);
  }
  // Waits (bounded) until the shell of `proc` handles ("SigCgt") or
  // ignores ("SigIgn") SIGTERM: Ready means exec'd, not that its `trap`
  // has run yet, and a SIGTERM before it would end the shell at once.
  static bool wait_sigterm(const ProcessRef& proc, const char* field) {
    const uint64_t bit = 1ull << (SIGTERM - 1);
    for (int i = 0; i < 500; ++i) {
      std::ifstream in("/proc/" + std::to_string(proc.pid) + "/status");
      for (std::string line; std::getline(in, line);)
        if (line.starts_with(std::string(field) + ":") &&
            (std::stoull(line.substr(line.find(':') + 1), nullptr, 16) & bit))
          return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }
  std::chrono::milliseconds remove_timed(const std::string& name, std::optional<int64_t> grace) {
    auto t0 = Clock::now();
    DeleteOptions d;
    d.grace_seconds = grace;
    auto r = runtime_->remove("default", name, d);
    EXPECT_TRUE(r) << r.error().to_string();
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0);
  }
};

const manifest::ContainerStatus* status_of(const manifest::Pod& p, const std::string& name) {
  for (const auto* list : {&p.status.initContainerStatuses, &p.status.containerStatuses})
    for (const auto& s : *list)
      if (s.name == name) return &s;
  return nullptr;
}

std::string condition(const manifest::Pod& p, const std::string& type) {
  for (const auto& c : p.status.conditions)
    if (c.type == type) return c.status;
  return "";
}

TEST_F(LifecycleE2E, OomKilledOverTheMemoryLimit) {
  // The shell itself holds 64 MiB read from a pipe: over the 16 MiB limit,
  // the kernel's OOM killer in the container's memory cgroup kills it.
  auto pod = create(R"(apiVersion: v1
kind: Pod
metadata:
  name: oom
spec:
  restartPolicy: Never
  containers:
  - name: hog
    image: busybox
    command: [sh, -c, 'x=$(head -c 67108864 /dev/zero | tr "\0" x); echo survived']
    resources:
      limits:
        memory: 16Mi
)",
                    false);
  auto done = wait(pod.metadata.name,
                   [](const manifest::Pod& p) { return is_terminal_phase(p.status.phase); });
  EXPECT_EQ(done.status.phase, "Failed");
  const auto* s = status_of(done, "hog");
  ASSERT_TRUE(s && s->state.terminated) << dump("oom");
  EXPECT_EQ(s->state.terminated->reason, "OOMKilled");
  EXPECT_EQ(s->state.terminated->exitCode, 137);
  EXPECT_EQ(make_pod_row(done, wall_now()).status, "OOMKilled");
  auto logs = runtime_->logs("default", "oom", "", {});
  ASSERT_TRUE(logs);
  EXPECT_EQ(logs->find("survived"), std::string::npos) << *logs;
  ASSERT_TRUE(runtime_->remove("default", "oom", forced()));
  EXPECT_EQ(leaks(pod.metadata.uid), std::vector<std::string>{});
}

TEST_F(LifecycleE2E, LivenessFailureRestartsTheContainer) {
  auto pod = create(R"(apiVersion: v1
kind: Pod
metadata:
  name: live
spec:
  terminationGracePeriodSeconds: 2
  containers:
  - name: app
    image: busybox
    command: [sh, -c, 'touch /tmp/healthy; trap "exit 0" TERM; while :; do sleep 0.2; done']
    livenessProbe:
      exec:
        command: [cat, /tmp/healthy]
      periodSeconds: 1
      failureThreshold: 1
    lifecycle:
      preStop:
        exec:
          command: [sh, -c, 'exit 5']
)");
  ASSERT_EQ(pod.status.phase, "Running") << dump("live");
  auto first = container_process(pod.metadata.uid, "app");
  ASSERT_TRUE(first);
  auto [code, out] = exec_capture(*runtime_, "live", "app", {"rm", "/tmp/healthy"});
  ASSERT_EQ(code, 0) << out;
  auto restarted = wait("live", [](const manifest::Pod& p) {
    const auto& s = p.status.containerStatuses[0];
    return s.restartCount >= 1 && s.state.running;
  });
  EXPECT_FALSE(identity_alive(*first)) << "the first instance was killed";
  const auto* s = status_of(restarted, "app");
  ASSERT_TRUE(s && s->lastState.terminated);
  EXPECT_TRUE(event("live", "Unhealthy", "Liveness probe failed: cat: can't open '/tmp/healthy'"))
      << dump("live");
  EXPECT_TRUE(event("live", "Killing", "Container app failed liveness probe, will be restarted"))
      << dump("live");
  // The kill ran the preStop hook, which failed.
  EXPECT_TRUE(event("live", "FailedPreStopHook", "PreStopHook failed")) << dump("live");
  ASSERT_TRUE(runtime_->remove("default", "live", forced()));
  EXPECT_EQ(leaks(pod.metadata.uid), std::vector<std::string>{});
}

TEST_F(LifecycleE2E, ReadinessFlipsReadyBothWays) {
  auto pod = create(R"(apiVersion: v1
kind: Pod
metadata:
  name: ready
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - name: app
    image: busybox
    command: [sleep, '3600']
    readinessProbe:
      exec:
        command: [cat, /tmp/ready]
      periodSeconds: 1
      failureThreshold: 1
)",
                    false);
  auto running = wait("ready", [](const manifest::Pod& p) {
    return p.status.phase == "Running" && !p.status.containerStatuses[0].ready;
  });
  EXPECT_EQ(condition(running, "Ready"), "False");
  EXPECT_EQ(condition(running, "ContainersReady"), "False");
  EXPECT_EQ(make_pod_row(running, wall_now()).ready, "0/1");
  ASSERT_EQ(exec_capture(*runtime_, "ready", "app", {"touch", "/tmp/ready"}).first, 0);
  auto up = wait("ready", [](const manifest::Pod& p) {
    for (const auto& c : p.status.conditions)
      if (c.type == "Ready") return c.status == "True";
    return false;
  });
  EXPECT_TRUE(up.status.containerStatuses[0].ready);
  EXPECT_EQ(condition(up, "ContainersReady"), "True");
  ASSERT_EQ(exec_capture(*runtime_, "ready", "app", {"rm", "/tmp/ready"}).first, 0);
  auto down = wait("ready", [](const manifest::Pod& p) {
    for (const auto& c : p.status.conditions)
      if (c.type == "Ready") return c.status == "False";
    return false;
  });
  EXPECT_FALSE(down.status.containerStatuses[0].ready);
  EXPECT_EQ(down.status.containerStatuses[0].restartCount, 0) << "readiness never restarts";
  EXPECT_TRUE(event("ready", "Unhealthy", "Readiness probe failed")) << dump("ready");
  ASSERT_TRUE(runtime_->remove("default", "ready", forced()));
  EXPECT_EQ(leaks(pod.metadata.uid), std::vector<std::string>{});
}

TEST_F(LifecycleE2E, GracefulDeleteTrapAndIgnore) {
  // Handles SIGTERM: gone long before its 60 s grace period.
  auto trap = create(R"(apiVersion: v1
kind: Pod
metadata:
  name: trap
spec:
  terminationGracePeriodSeconds: 60
  containers:
  - name: app
    image: busybox
    command: [sh, -c, 'trap "exit 0" TERM; while :; do sleep 0.1; done']
)");
  auto trap_proc = container_process(trap.metadata.uid, "app");
  ASSERT_TRUE(trap_proc);
  ASSERT_TRUE(wait_sigterm(*trap_proc, "SigCgt"));
  auto took = remove_timed("trap", std::nullopt);
  EXPECT_LT(took, 45s) << "the SIGTERM handler ended it, not the 60 s SIGKILL";
  EXPECT_FALSE(identity_alive(*trap_proc));
  EXPECT_EQ(leaks(trap.metadata.uid), std::vector<std::string>{});

  // Ignores SIGTERM: SIGKILLed when the 2 s grace period ends.
  auto stubborn = create(R"(apiVersion: v1
kind: Pod
metadata:
  name: stubborn
spec:
  containers:
  - name: app
    image: busybox
    command: [sh, -c, 'trap "" TERM; while :; do sleep 0.1; done']
)");
  auto proc = container_process(stubborn.metadata.uid, "app");
  ASSERT_TRUE(proc);
  ASSERT_TRUE(wait_sigterm(*proc, "SigIgn"));
  took = remove_timed("stubborn", 2);
  EXPECT_GE(took, 2s) << "kept for its grace period";
  EXPECT_FALSE(identity_alive(*proc));
  EXPECT_EQ(leaks(stubborn.metadata.uid), std::vector<std::string>{});
}

TEST_F(LifecycleE2E, PostStartExecRunsBeforeRunning) {
  // The hook takes a second; the pod must not be Running before it is done.
  auto pod = create(R"(apiVersion: v1
kind: Pod
metadata:
  name: poststart
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - name: app
    image: busybox
    command: [sleep, '3600']
    lifecycle:
      postStart:
        exec:
          command: [sh, -c, 'sleep 1; echo from-hook > /tmp/poststart']
)");
  ASSERT_EQ(pod.status.phase, "Running") << dump("poststart");
  auto [code, out] = exec_capture(*runtime_, "poststart", "app", {"cat", "/tmp/poststart"});
  EXPECT_EQ(code, 0);
  EXPECT_EQ(out, "from-hook\n") << "Running was reported before the hook finished";
  EXPECT_FALSE(event("poststart", "FailedPostStartHook"));
  ASSERT_TRUE(runtime_->remove("default", "poststart", forced()));
  EXPECT_EQ(leaks(pod.metadata.uid), std::vector<std::string>{});
}

TEST_F(LifecycleE2E, FailingPostStartKillsAndRestarts) {
  auto pod = create(R"(apiVersion: v1
kind: Pod
metadata:
  name: badhook
spec:
  terminationGracePeriodSeconds: 2
  containers:
  - name: app
    image: busybox
    command: [sh, -c, 'trap "exit 1" TERM; while :; do sleep 0.1; done']
    lifecycle:
      postStart:
        exec:
          command: [sh, -c, 'exit 3']
)",
                    false);
  auto looped = wait("badhook", [](const manifest::Pod& p) {
    const auto& s = p.status.containerStatuses[0];
    return s.restartCount >= 1 && s.state.waiting && s.state.waiting->reason == "CrashLoopBackOff";
  });
  const auto* s = status_of(looped, "app");
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->ready);
  ASSERT_TRUE(s->lastState.terminated);
  EXPECT_EQ(s->lastState.terminated->exitCode, 1) << "its SIGTERM handler ran";
  EXPECT_TRUE(event("badhook", "FailedPostStartHook", "PostStartHook failed")) << dump("badhook");
  EXPECT_TRUE(event("badhook", "Killing", "FailedPostStartHook")) << dump("badhook");
  ASSERT_TRUE(runtime_->remove("default", "badhook", forced()));
  EXPECT_EQ(leaks(pod.metadata.uid), std::vector<std::string>{});
}

TEST_F(LifecycleE2E, HangingPreStopIsCutOffAtTheGracePeriod) {
  auto pod = create(R"(apiVersion: v1
kind: Pod
metadata:
  name: prestop-hang
spec:
  terminationGracePeriodSeconds: 2
  containers:
  - name: app
    image: busybox
    command: [sh, -c, 'trap "exit 0" TERM; while :; do sleep 0.1; done']
    lifecycle:
      preStop:
        exec:
          command: [sleep, '600']
)");
  auto proc = container_process(pod.metadata.uid, "app");
  ASSERT_TRUE(proc);
  // Delete finishes (the 600 s hook does not hold it) after the grace period.
  auto took = remove_timed("prestop-hang", std::nullopt);
  EXPECT_GE(took, 2s) << "the hook had its grace period";
  EXPECT_FALSE(identity_alive(*proc));
  EXPECT_EQ(leaks(pod.metadata.uid), std::vector<std::string>{}) << "the hook's process too";
}

TEST_F(LifecycleE2E, PreStopHttpGetReachesTheServer) {
  // A busybox httpd whose CGI records the request on a hostPath the test reads.
  fs::path out = dir_ / "prestop-out";
  fs::create_directories(out);
  auto pod = create(R"(apiVersion: v1
kind: Pod
metadata:
  name: prestop-http
spec:
  terminationGracePeriodSeconds: 3
  containers:
  - name: web
    image: busybox
    command: [sh, -c, 'mkdir -p /www/cgi-bin && printf "#!/bin/sh\necho \"\$HTTP_USER_AGENT \$REQUEST_URI\" > /out/hit\necho Content-Type: text/plain\necho\necho bye\n" > /www/cgi-bin/stop && chmod +x /www/cgi-bin/stop && exec httpd -f -p 8080 -h /www']
    ports:
    - containerPort: 8080
      name: web
    readinessProbe:
      tcpSocket:
        port: web
      periodSeconds: 1
    lifecycle:
      preStop:
        httpGet:
          path: /cgi-bin/stop?from=prestop
          port: web
    volumeMounts:
    - name: out
      mountPath: /out
  volumes:
  - name: out
    hostPath:
      path: )" + out.string() +
                    R"(
)");
  ASSERT_TRUE(pod.status.containerStatuses[0].ready) << "httpd listens" << dump("prestop-http");
  ASSERT_TRUE(runtime_->remove("default", "prestop-http", {}));
  EXPECT_EQ(read_text(out / "hit"), "kube-lifecycle/1.34 /cgi-bin/stop?from=prestop\n");
  EXPECT_EQ(leaks(pod.metadata.uid), std::vector<std::string>{});
}

TEST_F(LifecycleE2E, InitContainersRunInOrder) {
  auto pod = create(R"(apiVersion: v1
kind: Pod
metadata:
  name: inits
spec:
  terminationGracePeriodSeconds: 0
  initContainers:
  - name: first
    image: busybox
    command: [sh, -c, 'sleep 0.3; echo first >> /work/order']
    volumeMounts: [{name: work, mountPath: /work}]
  - name: second
    image: busybox
    command: [sh, -c, 'echo second >> /work/order']
    volumeMounts: [{name: work, mountPath: /work}]
  containers:
  - name: app
    image: busybox
    command: [sh, -c, 'cat /work/order; exec sleep 3600']
    volumeMounts: [{name: work, mountPath: /work}]
  volumes:
  - name: work
    emptyDir: {}
)");
  ASSERT_EQ(pod.status.phase, "Running") << dump("inits");
  EXPECT_EQ(condition(pod, "Initialized"), "True");
  for (const char* name : {"first", "second"}) {
    const auto* s = status_of(pod, name);
    ASSERT_TRUE(s && s->state.terminated) << name;
    EXPECT_EQ(s->state.terminated->reason, "Completed");
  }
  // The second ran after the first had finished.
  EXPECT_LE(status_of(pod, "first")->state.terminated->finishedAt.rfc3339,
            status_of(pod, "second")->state.terminated->startedAt.rfc3339);
  std::string logs;
  for (int i = 0; i < 100 && logs.empty(); ++i) {
    auto l = runtime_->logs("default", "inits", "app", {});
    ASSERT_TRUE(l);
    logs = *l;
    if (logs.empty()) ::usleep(50000);
  }
  EXPECT_EQ(logs, "first\nsecond\n");
  ASSERT_TRUE(runtime_->remove("default", "inits", forced()));
  EXPECT_EQ(leaks(pod.metadata.uid), std::vector<std::string>{});
}

TEST_F(LifecycleE2E, FailingInitContainerBlocksTheApp) {
  auto pod = create(R"(apiVersion: v1
kind: Pod
metadata:
  name: init-fails
spec:
  restartPolicy: Never
  initContainers:
  - name: setup
    image: busybox
    command: [sh, -c, 'exit 4']
  containers:
  - name: app
    image: busybox
    command: [sleep, '3600']
)",
                    false);
  auto failed =
      wait("init-fails", [](const manifest::Pod& p) { return is_terminal_phase(p.status.phase); });
  EXPECT_EQ(failed.status.phase, "Failed");
  EXPECT_EQ(make_pod_row(failed, wall_now()).status, "Init:Error");
  const auto* init = status_of(failed, "setup");
  ASSERT_TRUE(init && init->state.terminated);
  EXPECT_EQ(init->state.terminated->exitCode, 4);
  EXPECT_EQ(init->restartCount, 0);
  const auto* app = status_of(failed, "app");
  ASSERT_TRUE(app && app->state.waiting);
  EXPECT_EQ(app->state.waiting->reason, "PodInitializing");
  EXPECT_FALSE(event("init-fails", "Started", "Started container app"));
  EXPECT_FALSE(container_process(failed.metadata.uid, "app"));
  EXPECT_EQ(condition(failed, "Initialized"), "False");
  // The app's cgroup, made ahead of go, goes when the monitor ends, not with the delete.
  auto app_cgroups = [&] {
    int n = 0;
    std::error_code ec;
    fs::path base = fs::path(options_.cgroup_root) / "memory" / options_.cgroup_parent;
    if (!fs::exists(base, ec)) base = fs::path(options_.cgroup_root) / options_.cgroup_parent;
    for (const auto& e : fs::recursive_directory_iterator(base, ec))
      n += e.is_directory() && e.path().filename() == "app" &&
           e.path().string().find(failed.metadata.uid) != std::string::npos;
    return n;
  };
  for (int i = 0; i < 500 && app_cgroups() != 0; ++i) ::usleep(10000);
  EXPECT_EQ(app_cgroups(), 0);
  ASSERT_TRUE(runtime_->remove("default", "init-fails", forced()));
  EXPECT_EQ(leaks(pod.metadata.uid), std::vector<std::string>{});
}

// The IDs in a /proc/<pid>/status line ("Uid:\t1000\t1000\t1000\t1000").
std::vector<int64_t> proc_ids(int pid, const std::string& key) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  std::vector<int64_t> ids;
  while (std::getline(in, line)) {
    if (!line.starts_with(key + ":")) continue;
    std::istringstream fields(line.substr(key.size() + 1));
    int64_t v;
    while (fields >> v) ids.push_back(v);
  }
  return ids;
}

TEST_F(LifecycleE2E, StatusReportsTheUserTheProcessRunsAs) {
  auto pod = create(R"(apiVersion: v1
kind: Pod
metadata:
  name: who
spec:
  terminationGracePeriodSeconds: 0
  securityContext:
    runAsUser: 1000
    runAsGroup: 3000
    supplementalGroups: [4000, 5000]
  containers:
  - name: app
    image: busybox
    command: [sleep, '3600']
)");
  ASSERT_EQ(pod.status.phase, "Running") << dump("who");
  const auto* s = status_of(pod, "app");
  ASSERT_TRUE(s && s->user && s->user->linux);
  const auto& u = *s->user->linux;
  auto proc = container_process(pod.metadata.uid, "app");
  ASSERT_TRUE(proc);
  auto uids = proc_ids(proc->pid, "Uid"), gids = proc_ids(proc->pid, "Gid"),
       groups = proc_ids(proc->pid, "Groups");
  ASSERT_FALSE(uids.empty());
  ASSERT_FALSE(gids.empty());
  EXPECT_EQ(uids[0], 1000);
  EXPECT_EQ(u.uid, uids[0]);
  EXPECT_EQ(gids[0], 3000);
  EXPECT_EQ(u.gid, gids[0]);
  std::sort(groups.begin(), groups.end());
  std::vector<int64_t> reported(u.supplementalGroups.begin(), u.supplementalGroups.end());
  std::sort(reported.begin(), reported.end());
  EXPECT_EQ(reported, groups) << "supplementalGroups are the process's groups";
  for (int64_t g : {3000, 4000, 5000})
    EXPECT_NE(std::find(groups.begin(), groups.end(), g), groups.end()) << g;
  ASSERT_TRUE(runtime_->remove("default", "who", forced()));
  EXPECT_EQ(leaks(pod.metadata.uid), std::vector<std::string>{});
}

}  // namespace
}  // namespace podcore::pod::testing
