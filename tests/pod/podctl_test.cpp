// podctl end to end (label e2e, root): the Pods chapter with kubectl's
// verbs and output against a private runtime (RuntimeWorld's state
// directory, bridge, subnet and cgroup parent, passed through PODCORE_*).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <string>
#include <vector>

#include "runtime_fixture.hpp"

namespace podcore::pod::testing {
namespace {

struct Out {
  int rc = -1;
  std::string out;
  std::string err;
};

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

class PodctlTest : public RuntimeWorld {
 protected:
  Out podctl(const std::vector<std::string>& args, const std::string& stdin_text = {},
             const std::string& prefix = {}) {
    fs::path out = dir_ / "out", err = dir_ / "err", in = dir_ / "in";
    {
      std::ofstream f(in);
      f << stdin_text;
    }
    std::string cmd = "PODCORE_STATE_DIR=" + quote(options_.state_dir.string()) +
                      " PODCORE_BRIDGE=" + quote(options_.network.bridge) +
                      " PODCORE_SUBNET=" + quote(options_.network.subnet) +
                      " PODCORE_NETWORK=" + quote(options_.network.name) +
                      " PODCORE_CGROUP_PARENT=" + quote(options_.cgroup_parent) +
                      " PODCORE_MONITOR_PATH=" + quote(PODCORE_MONITOR_PATH) + " " + prefix + " " +
                      quote(PODCTL_PATH);
    for (const auto& a : args) cmd += " " + quote(a);
    cmd += " <" + quote(in.string()) + " >" + quote(out.string()) + " 2>" + quote(err.string());
    int status = std::system(cmd.c_str());
    Out r;
    r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = read_text(out);
    r.err = read_text(err);
    return r;
  }

  std::string example(const std::string& name) const {
    return (fs::path(PODCORE_SOURCE_DIR) / "examples" / name).string();
  }

  // Applies the example and waits until the pod is Ready; returns its UID.
  std::string apply_ready(const std::string& file, const std::string& name) {
    Out a = podctl({"apply", "-f", example(file)});
    EXPECT_EQ(a.rc, 0) << a.err;
    EXPECT_EQ(a.out, "pod/" + name + " created\n");
    Out w = podctl({"wait", "--for=condition=Ready", "pod/" + name, "--timeout=30s"});
    EXPECT_EQ(w.rc, 0) << w.err;
    EXPECT_EQ(w.out, "pod/" + name + " condition met\n");
    return podctl({"get", "pod", name, "-o", "jsonpath={.metadata.uid}"}).out;
  }
};

TEST_F(PodctlTest, HelloPodChapter) {
  const std::string uid = apply_ready("pod.yml", "hello-pod");
  ASSERT_FALSE(uid.empty());

  Out get = podctl({"get", "pods"});
  ASSERT_EQ(get.rc, 0) << get.err;
  EXPECT_TRUE(
      get.out.starts_with("NAME        READY   STATUS    RESTARTS   AGE\n"
                          "hello-pod   1/1     Running   0          "))
      << get.out;

  Out wide = podctl({"get", "pods", "-o", "wide"});
  std::string ip = podctl({"get", "pod", "hello-pod", "-o", "jsonpath={.status.podIP}"}).out;
  ASSERT_TRUE(ip.starts_with(options_.network.subnet.substr(0, 7))) << ip;
  EXPECT_NE(wide.out.find("IP"), std::string::npos);
  EXPECT_NE(wide.out.find(ip), std::string::npos) << wide.out;

  Out yaml = podctl({"get", "pod", "hello-pod", "-o", "yaml"});
  ASSERT_EQ(yaml.rc, 0) << yaml.err;
  EXPECT_TRUE(yaml.out.starts_with("apiVersion: v1\n")) << yaml.out;
  for (const char* want : {"kind: Pod", "terminationGracePeriodSeconds: 30",
                           "dnsPolicy: ClusterFirst", "imagePullPolicy: IfNotPresent",
                           "phase: Running", "podIP: ", "qosClass: BestEffort", "ready: true"})
    EXPECT_NE(yaml.out.find(want), std::string::npos) << want << "\n" << yaml.out;

  Out list_json = podctl({"get", "pods", "-o", "json"});
  EXPECT_NE(list_json.out.find("\"kind\": \"List\""), std::string::npos) << list_json.out;

  Out labels = podctl({"get", "pods", "-l", "zone=prod", "--show-labels"});
  EXPECT_NE(labels.out.find("version=v1,zone=prod"), std::string::npos) << labels.out;
  Out none = podctl({"get", "pods", "-l", "zone=dev"});
  EXPECT_EQ(none.rc, 0);
  EXPECT_EQ(none.out, "");
  EXPECT_EQ(none.err, "No resources found in default namespace.\n");

  Out desc = podctl({"describe", "pod", "hello-pod"});
  ASSERT_EQ(desc.rc, 0) << desc.err;
  for (const char* want : {"Name:         hello-pod", "Containers:", "Conditions:", "QoS Class:",
                           "Events:", "Scheduled", "Started"})
    EXPECT_NE(desc.out.find(want), std::string::npos) << want << "\n" << desc.out;

  Out ps = podctl({"exec", "hello-pod", "--", "ps", "aux"});
  EXPECT_EQ(ps.rc, 0) << ps.err;
  EXPECT_NE(ps.out.find("httpd -f -p 8080"), std::string::npos) << ps.out;
  Out ex = podctl({"exec", "hello-pod", "-c", "hello-ctr", "--", "sh", "-c", "exit 3"});
  EXPECT_EQ(ex.rc, 3);
  EXPECT_EQ(ex.err, "command terminated with exit code 3\n");
  Out in = podctl({"exec", "-i", "hello-pod", "--", "cat"}, "from stdin\n");
  EXPECT_EQ(in.out, "from stdin\n") << in.err;

  Out logs = podctl({"logs", "hello-pod"});
  EXPECT_EQ(logs.out, "Hello from libpod-core\n") << logs.err;
  Out ts = podctl({"logs", "pod/hello-pod", "--timestamps"});
  EXPECT_NE(ts.out.find("Z Hello from libpod-core\n"), std::string::npos) << ts.out;

  Out again = podctl({"apply", "-f", example("pod.yml")});
  EXPECT_EQ(again.rc, 0) << again.err;
  EXPECT_EQ(again.out, "pod/hello-pod unchanged\n");
  Out dup = podctl({"create", "-f", example("pod.yml")});
  EXPECT_EQ(dup.rc, 1);
  EXPECT_EQ(dup.err, "Error from server (AlreadyExists): error when creating \"" +
                         example("pod.yml") + "\": pods \"hello-pod\" already exists\n");

  Out del = podctl({"delete", "pod", "hello-pod", "--grace-period=1"});
  EXPECT_EQ(del.rc, 0) << del.err;
  EXPECT_EQ(del.out, "pod \"hello-pod\" deleted\n");
  EXPECT_EQ(leaks(uid), std::vector<std::string>{});
  Out gone = podctl({"get", "pod", "hello-pod"});
  EXPECT_EQ(gone.rc, 1);
  EXPECT_EQ(gone.err, "Error from server (NotFound): pods \"hello-pod\" not found\n");
  Out empty = podctl({"get", "pods"});
  EXPECT_EQ(empty.rc, 0);
  EXPECT_EQ(empty.err, "No resources found in default namespace.\n");
}

TEST_F(PodctlTest, TwoContainersSidecarAndImmutableSpec) {
  const std::string uid = apply_ready("web-sync-pod.yml", "web-sync");
  ASSERT_FALSE(uid.empty());

  Out def = podctl({"exec", "web-sync", "--", "true"});
  EXPECT_EQ(def.rc, 0);
  EXPECT_EQ(def.err, "Defaulted container \"web\" out of: web, sync\n");
  // The sidecar reaches the web server on localhost: one network namespace.
  std::string page;
  for (int i = 0; i < 50 && page.find("synced at") == std::string::npos; ++i) {
    page = podctl({"exec", "web-sync", "-c", "sync", "--", "wget", "-qO-", "localhost:8080"}).out;
    if (page.find("synced at") == std::string::npos) ::usleep(100000);
  }
  EXPECT_NE(page.find("synced at"), std::string::npos) << page;
  Out logs = podctl({"logs", "web-sync", "-c", "sync", "--tail", "1"});
  EXPECT_TRUE(logs.out.starts_with("synced at")) << logs.out;
  EXPECT_EQ(std::count(logs.out.begin(), logs.out.end(), '\n'), 1) << logs.out;

  std::string changed = manifest("web-sync-pod.yml");
  auto at = changed.find("sleep 1");
  ASSERT_NE(at, std::string::npos);
  changed.replace(at, 7, "sleep 2");
  Out forbidden = podctl({"apply", "-f", "-"}, changed);
  EXPECT_EQ(forbidden.rc, 1);
  EXPECT_TRUE(forbidden.err.starts_with(
      "The Pod \"web-sync\" is invalid: spec: Forbidden: pod updates may not change fields "
      "other than `spec.containers[*].image`"))
      << forbidden.err;
  EXPECT_NE(forbidden.err.find("sleep 2"), std::string::npos) << forbidden.err;

  Out top = podctl({"top", "pod", "web-sync"});
  EXPECT_EQ(top.rc, 0) << top.err;
  EXPECT_TRUE(top.out.starts_with("NAME       CPU(cores)   MEMORY(bytes)")) << top.out;

  Out del = podctl({"delete", "pod", "web-sync", "--force"});
  EXPECT_EQ(del.rc, 0) << del.err;
  EXPECT_EQ(del.out, "pod \"web-sync\" force deleted\n");
  EXPECT_EQ(leaks(uid), std::vector<std::string>{});
}

TEST_F(PodctlTest, ErrorsAsKubectlWordsThem) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"get", "pod", "nope"},
           {"describe", "pod", "nope"},
           {"logs", "nope"},
           {"exec", "nope", "--", "true"},
           {"delete", "pod", "nope"},
           {"wait", "--for=condition=Ready", "pod/nope", "--timeout=1s"}}) {
    Out r = podctl(args);
    EXPECT_EQ(r.rc, 1) << args[0];
    EXPECT_EQ(r.err, "Error from server (NotFound): pods \"nope\" not found\n") << args[0];
  }
  Out empty = podctl({"get", "pods"});
  EXPECT_EQ(empty.rc, 0);
  EXPECT_EQ(empty.out, "");
  EXPECT_EQ(empty.err, "No resources found in default namespace.\n");
  Out ns = podctl({"get", "pods", "-n", "kube-system"});
  EXPECT_EQ(ns.err, "No resources found in kube-system namespace.\n");
  Out bad = podctl({"get", "pods", "-o", "xml"});
  EXPECT_EQ(bad.rc, 1);
  EXPECT_NE(bad.err.find("unable to match a printer suitable for the output format \"xml\""),
            std::string::npos);
  Out invalid = podctl({"apply", "-f", "-"},
                       "apiVersion: v1\nkind: Pod\nmetadata:\n  name: Bad_Name\nspec:\n  "
                       "containers:\n  - name: c\n    image: busybox\n");
  EXPECT_EQ(invalid.rc, 1);
  EXPECT_TRUE(
      invalid.err.starts_with("The Pod \"Bad_Name\" is invalid: metadata.name: Invalid value"))
      << invalid.err;
  EXPECT_EQ(podctl({"get", "pods"}).err, "No resources found in default namespace.\n");
}

std::string run_once_pod(const std::string& name, const std::string& sleep) {
  return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name +
         "\nspec:\n  restartPolicy: Never\n  terminationGracePeriodSeconds: 1\n  containers:\n"
         "  - name: c\n    image: busybox\n    command: [\"sh\", \"-c\", \"echo first; sleep " +
         sleep + "; echo second\"]\n";
}

TEST_F(PodctlTest, MaxPodsAdmitsAsKubeletDoes) {
  Out bad = podctl({"--max-pods=many", "get", "pods"});
  EXPECT_EQ(bad.rc, 1);
  EXPECT_NE(bad.err.find("invalid argument \"many\" for \"--max-pods\" flag"), std::string::npos)
      << bad.err;
  // One pod fits; the second is refused by admission, like kubelet's.
  Out first = podctl({"apply", "-f", "-"}, run_once_pod("first", "30"), "PODCORE_MAX_PODS=1");
  ASSERT_EQ(first.rc, 0) << first.err;
  Out second = podctl({"--max-pods", "1", "apply", "-f", "-"}, run_once_pod("second", "30"));
  ASSERT_EQ(second.rc, 0) << second.err;
  EXPECT_EQ(podctl({"get", "pod", "second", "-o", "jsonpath={.status.reason}"}).out, "OutOfpods");
  EXPECT_EQ(podctl({"get", "pod", "first", "-o", "jsonpath={.status.phase}"}).out, "Running");
  EXPECT_EQ(podctl({"delete", "pods", "--all", "--force"}).rc, 0);
}

TEST_F(PodctlTest, FollowWatchWaitAndDeleteAll) {
  Out a = podctl({"apply", "-f", "-"}, run_once_pod("once", "1"));
  ASSERT_EQ(a.rc, 0) << a.err;
  // -f follows the live instance and returns when it ends.
  Out follow = podctl({"logs", "-f", "once"});
  EXPECT_EQ(follow.rc, 0) << follow.err;
  EXPECT_EQ(follow.out, "first\nsecond\n");
  Out done =
      podctl({"wait", "--for=jsonpath={.status.phase}=Succeeded", "pod/once", "--timeout=10s"});
  EXPECT_EQ(done.out, "pod/once condition met\n") << done.err;
  Out get = podctl({"get", "pod", "once", "--no-headers"});
  EXPECT_TRUE(get.out.starts_with("once   0/1   Completed   0")) << get.out;

  Out b = podctl({"create", "-f", "-"}, run_once_pod("twice", "1.5"));
  ASSERT_EQ(b.rc, 0) << b.err;
  // --watch prints the table, then a row on every change, until interrupted.
  Out watch = podctl({"get", "pods", "-w"}, "", "timeout --preserve-status -s INT 4");
  EXPECT_EQ(watch.rc, 0) << watch.err;
  EXPECT_TRUE(watch.out.starts_with("NAME    READY   STATUS      RESTARTS   AGE\n")) << watch.out;
  auto completed_twice = watch.out.rfind("twice   0/1");
  ASSERT_NE(completed_twice, std::string::npos) << watch.out;
  EXPECT_NE(watch.out.find("Completed", completed_twice), std::string::npos) << watch.out;
  Out timeout = podctl({"wait", "--for=condition=Ready", "pod/twice", "--timeout=200ms"});
  EXPECT_EQ(timeout.rc, 1);
  EXPECT_EQ(timeout.err, "error: timed out waiting for the condition on pods/twice\n");

  const std::string uid1 = podctl({"get", "pod", "once", "-o", "jsonpath={.metadata.uid}"}).out;
  const std::string uid2 = podctl({"get", "pod", "twice", "-o", "jsonpath={.metadata.uid}"}).out;
  Out del = podctl({"delete", "pods", "--all"});
  EXPECT_EQ(del.rc, 0) << del.err;
  EXPECT_EQ(del.out, "pod \"once\" deleted\npod \"twice\" deleted\n");
  Out gone = podctl({"wait", "--for=delete", "pod/once", "--timeout=5s"});
  EXPECT_EQ(gone.out, "pod/once condition met\n");
  EXPECT_EQ(leaks(uid1), std::vector<std::string>{});
  EXPECT_EQ(leaks(uid2), std::vector<std::string>{});
  Out again = podctl({"delete", "pods", "--all"});
  EXPECT_EQ(again.err, "No resources found\n");
}

}  // namespace
}  // namespace podcore::pod::testing
