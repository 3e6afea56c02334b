// The Runtime end to end on this machine: the Pod chapter with
// examples/pod.yml (create, Running, the pod answers on its IP, logs, exec,
// events, delete leaving nothing), restart policies, rollback at every
// create step, and a monitor killed with SIGKILL.
#include <arpa/inet.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>

#include <algorithm>
#include <sstream>

#include "pod/monitor.hpp"
#include "pod/phase.hpp"
#include "runtime_fixture.hpp"

namespace podcore::pod::testing {
namespace {

using namespace std::chrono_literals;

// The IPv4 addresses of the interface the default route leaves by, found
// another way than the runtime does (getifaddrs): status.hostIP is one of them.
std::vector<std::string> default_route_ipv4s() {
  std::ifstream route("/proc/net/route");
  std::string line, iface;
  std::getline(route, line);
  while (std::getline(route, line)) {
    std::istringstream words(line);
    std::string name, dest;
    if (words >> name >> dest && dest == "00000000") {
      iface = name;
      break;
    }
  }
  std::vector<std::string> out;
  ifaddrs* list = nullptr;
  if (iface.empty() || ::getifaddrs(&list) != 0) return out;
  for (ifaddrs* a = list; a; a = a->ifa_next) {
    if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET || a->ifa_name != iface) continue;
    char buf[INET_ADDRSTRLEN];
    ::inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(a->ifa_addr)->sin_addr, buf, sizeof buf);
    out.push_back(buf);
  }
  ::freeifaddrs(list);
  return out;
}

// GET `path` from ip:port; the whole response (empty on failure).
std::string http_get(const std::string& ip, int port, const std::string& path) {
  unique_fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  ::inet_pton(AF_INET, ip.c_str(), &a.sin_addr);
  timeval tv{5, 0};
  ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  for (int attempt = 0; attempt < 100; ++attempt) {
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) break;
    ::usleep(20000);  // httpd may not listen yet right after Running
    fd.reset(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  std::string req = "GET " + path + " HTTP/1.0\r\n\r\n";
  if (::send(fd.get(), req.data(), req.size(), MSG_NOSIGNAL) < 0) return {};
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::recv(fd.get(), buf, sizeof buf, 0)) > 0) out.append(buf, static_cast<size_t>(n));
  return out;
}

using RuntimeE2E = RuntimeWorld;

TEST_F(RuntimeE2E, HelloPodChapter) {
  CreateOptions co;
  co.wait_ready = true;
  co.timeout = 30s;
  auto created = runtime_->create(manifest("pod.yml"), co);
  ASSERT_TRUE(created) << created.error().to_string();
  const manifest::Pod& pod = created->pod;
  const std::string uid = pod.metadata.uid;
  EXPECT_EQ(pod.status.phase, "Running");
  ASSERT_EQ(pod.status.containerStatuses.size(), 1u);
  EXPECT_TRUE(pod.status.containerStatuses[0].ready);
  EXPECT_EQ(pod.status.qosClass, "BestEffort");
  if (auto host = default_route_ipv4s(); !host.empty()) {
    EXPECT_NE(std::find(host.begin(), host.end(), pod.status.hostIP), host.end())
        << pod.status.hostIP << " is not an address of the default route's interface";
  }
  EXPECT_EQ(pod.spec.nodeName, options_.node_name.empty() ? pod.spec.nodeName : options_.node_name);
  ASSERT_FALSE(pod.status.podIP.empty());
  EXPECT_TRUE(pod.status.podIP.starts_with(
      options_.network.subnet.substr(0, options_.network.subnet.rfind('.'))))
      << pod.status.podIP;

  // The pod answers on its own IP: httpd serves /etc, so /hostname is the pod's name.
  std::string resp = http_get(pod.status.podIP, 8080, "/hostname");
  EXPECT_NE(resp.find("200 OK"), std::string::npos) << resp;
  EXPECT_NE(resp.find("hello-pod"), std::string::npos) << resp;

  // The monitor copies the container's output into its log as it reads the pipe, so a
  // read right after Ready can come first (as with kubelet): wait, bounded, for the line.
  auto logs = runtime_->logs("default", "hello-pod", "", {});
  for (int i = 0; i < 500 && logs && logs->empty(); ++i) {
    ::usleep(10000);
    logs = runtime_->logs("default", "hello-pod", "", {});
  }
  ASSERT_TRUE(logs) << logs.error().to_string();
  EXPECT_EQ(*logs, "Hello from libpod-core\n");

  auto [code, out] = exec_capture(*runtime_, "hello-pod", "", {"hostname"});
  EXPECT_EQ(code, 0);
  EXPECT_EQ(out, "hello-pod\n");
  auto [code2, out2] = exec_capture(*runtime_, "hello-pod", "hello-ctr", {"sh", "-c", "exit 7"});
  EXPECT_EQ(code2, 7);

  auto events = runtime_->events("default", "hello-pod");
  ASSERT_TRUE(events);
  EXPECT_TRUE(has_event(*events, "Scheduled", "Successfully assigned default/hello-pod"));
  EXPECT_TRUE(has_event(*events, "Pulled", "already present on machine"));
  EXPECT_TRUE(has_event(*events, "Created", "Created container: hello-ctr"));
  EXPECT_TRUE(has_event(*events, "Started", "Started container hello-ctr"));
  for (const auto& e : *events)
    if (e.reason == "PhaseTimings") std::printf("%s\n", e.message.c_str());
  // Where the time went: create's stages, then the container's own.
  std::vector<std::string> stages;
  for (const auto& [stage, d] : created->timings) {
    stages.push_back(stage);
    EXPECT_GE(d.count(), 0) << stage;
  }
  EXPECT_EQ(stages, (std::vector<std::string>{"validate", "store", "sandbox", "network", "files",
                                              "launch", "monitor"}));
  EXPECT_TRUE(has_event(*events, "PhaseTimings", "create: validate "));
  EXPECT_TRUE(has_event(*events, "PhaseTimings",
                        "container hello-ctr: cgroup "));  // then prepare, clone, rootfs, exec
  const std::string& annotation = pod.metadata.annotations.at("podcore.io/phase-timings");
  for (const char* key : {"validate=", "files=", "hello-ctr.cgroup=", "hello-ctr.prepare=",
                          "hello-ctr.clone=", "hello-ctr.rootfs=", "hello-ctr.exec="})
    EXPECT_NE(annotation.find(key), std::string::npos) << key << " in " << annotation;

  auto stats = runtime_->stats("default", "hello-pod");
  ASSERT_TRUE(stats) << stats.error().to_string();
  EXPECT_GT(stats->memory_usage_bytes, 0u);

  auto again = runtime_->create(manifest("pod.yml"), {});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
  EXPECT_EQ(again.error().message, "pods \"hello-pod\" already exists");

  auto removed = runtime_->remove("default", "hello-pod", {.grace_seconds = 1});
  ASSERT_TRUE(removed) << removed.error().to_string();
  stages.clear();
  for (const auto& [stage, d] : removed->timings) stages.push_back(stage);
  EXPECT_EQ(stages, (std::vector<std::string>{"stop", "processes", "network", "sandbox", "cgroup",
                                              "files"}));
  EXPECT_EQ(leaks(uid), std::vector<std::string>{});
  auto gone = runtime_->get("default", "hello-pod");
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, ErrorCode::kNotFound);
}

TEST_F(RuntimeE2E, RestartPolicies) {
  auto pod_yaml = [](const std::string& name, const std::string& policy, const std::string& sh) {
    return "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name +
           "\nspec:\n  restartPolicy: " + policy +
           "\n  containers:\n  - name: c\n    image: busybox\n    command: [sh, -c, '" + sh +
           "']\n";
  };
  ASSERT_TRUE(runtime_->create(pod_yaml("never-fails", "Never", "exit 3"), {}));
  ASSERT_TRUE(runtime_->create(pod_yaml("never-ok", "Never", "true"), {}));
  ASSERT_TRUE(runtime_->create(pod_yaml("crashy", "OnFailure", "exit 1"), {}));
  auto failed = runtime_->wait_for(
      "default", "never-fails",
      [](const manifest::Pod& p) { return is_terminal_phase(p.status.phase); }, 20s);
  ASSERT_TRUE(failed) << failed.error().to_string();
  EXPECT_EQ(failed->status.phase, "Failed");
  EXPECT_EQ(failed->status.containerStatuses[0].state.terminated->exitCode, 3);
  EXPECT_EQ(failed->status.containerStatuses[0].state.terminated->reason, "Error");
  auto ok = runtime_->wait_for(
      "default", "never-ok",
      [](const manifest::Pod& p) { return is_terminal_phase(p.status.phase); }, 20s);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status.phase, "Succeeded");
  auto crash = runtime_->wait_for(
      "default", "crashy",
      [](const manifest::Pod& p) {
        const auto& s = p.status.containerStatuses[0];
        return s.state.waiting && s.state.waiting->reason == "CrashLoopBackOff";
      },
      20s);
  ASSERT_TRUE(crash) << crash.error().to_string();
  EXPECT_GE(crash->status.containerStatuses[0].restartCount, 1);
  EXPECT_EQ(crash->status.phase, "Running");
  auto events = runtime_->events("default", "crashy");
  ASSERT_TRUE(events);
  EXPECT_TRUE(has_event(*events, "BackOff", "Back-off restarting failed container c"));
  for (const char* name : {"never-fails", "never-ok", "crashy"}) {
    auto p = runtime_->get("default", name);
    ASSERT_TRUE(p);
    ASSERT_TRUE(runtime_->remove("default", name, forced()));
    EXPECT_EQ(leaks(p->metadata.uid), std::vector<std::string>{}) << name;
  }
}

TEST_F(RuntimeE2E, InvalidManifestCreatesNothing) {
  auto r = runtime_->create(
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\nspec:\n  containers:\n"
      "  - name: c\n    image: busybox\n    ports:\n    - containerPort: 70000\n",
      {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalid);
  ASSERT_FALSE(r.error().causes.empty());
  EXPECT_EQ(r.error().causes[0].field, "spec.containers[0].ports[0].containerPort");
  EXPECT_TRUE(runtime_->list(std::nullopt)->empty());
  std::error_code ec;
  EXPECT_TRUE(fs::is_empty(options_.state_dir / "pods", ec));
}

TEST_F(RuntimeE2E, EveryCreateStepRollsBack) {
  for (int step = 1; step <= 6; ++step) {
    RuntimeOptions o = options_;
    o.fault_step = step;
    auto rt = Runtime::open(o);
    ASSERT_TRUE(rt) << rt.error().to_string();
    auto r = (*rt)->create(manifest("pod.yml"), {});
    ASSERT_FALSE(r) << "step " << step;
    EXPECT_NE(r.error().message.find("injected fault"), std::string::npos) << r.error().to_string();
    EXPECT_FALSE((*rt)->get("default", "hello-pod")) << "step " << step;
    std::error_code ec;
    EXPECT_TRUE(fs::is_empty(options_.state_dir / "pods", ec)) << "step " << step;
    EXPECT_EQ(mounts_under(options_.state_dir), std::vector<std::string>{}) << "step " << step;
    fs::path ipam = options_.state_dir / "ipam" / options_.network.name;
    for (const auto& e : fs::directory_iterator(ipam, ec))
      EXPECT_FALSE(std::isdigit(static_cast<unsigned char>(e.path().filename().string()[0])))
          << "step " << step << " left lease " << e.path();
  }
}

TEST_F(RuntimeE2E, MonitorKilledIsReportedAndDeleteCleans) {
  CreateOptions co;
  co.wait_ready = true;
  co.timeout = 30s;
  auto created = runtime_->create(manifest("pod.yml"), co);
  ASSERT_TRUE(created) << created.error().to_string();
  const std::string uid = created->pod.metadata.uid;
  auto mon = read_identity_file(options_.state_dir / "pods" / uid / "monitor");
  ASSERT_TRUE(mon);
  ASSERT_EQ(::kill(mon->pid, SIGKILL), 0);
  for (int i = 0; i < 200 && identity_alive(*mon); ++i) ::usleep(5000);
  auto p = runtime_->get("default", "hello-pod");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->status.phase, "Unknown");
  EXPECT_EQ(p->status.reason, "MonitorLost");
  ASSERT_TRUE(runtime_->remove("default", "hello-pod", forced()));
  EXPECT_EQ(leaks(uid), std::vector<std::string>{});
}

}  // namespace
}  // namespace podcore::pod::testing
