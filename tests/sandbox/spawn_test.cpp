// Containers spawned into a real pod sandbox, checked from inside: what the
// process sees of its root, namespaces, capabilities, identity, mounts.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <thread>

#include "spawn_fixture.hpp"

namespace podcore::sandbox::testing {
namespace {

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string status_field(const std::string& out, const std::string& name) {
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(name + ":")) return trim(line.substr(name.size() + 2));
  }
  return {};
}

class SpawnTest : public SpawnFixture {};

TEST_F(SpawnTest, OverlayRootLeavesTheImageUnchanged) {
  make_sandbox();
  auto c = container("writer", {"sh", "-c",
                                "echo new > /newfile && echo changed >> /etc/marker && "
                                "cat /newfile /etc/marker && echo $$$$"});  // kubelet: $$ → $
  auto r = run(c);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, "new\nimage\nchanged\n1\n");  // PID 1 of its own PID namespace
  EXPECT_FALSE(fs::exists(image_.rootfs / "newfile"));
  EXPECT_EQ(read_file((image_.rootfs / "etc/marker").string()).value_or(""), "image\n");
  EXPECT_TRUE(fs::exists(container_dir(pod_dir_, "writer") / "upper" / "newfile"));
  // The rootfs mount lived only in the container's mount namespace.
  EXPECT_TRUE(mounts_under(container_dir(pod_dir_, "writer")).empty());
}

TEST_F(SpawnTest, TimingsSplitTheStartAtTheChildsRootfsReport) {
  make_sandbox();
  auto c = container("timed", {"true"});
  const auto t0 = std::chrono::steady_clock::now();
  auto s = start(c);
  const auto wall = std::chrono::steady_clock::now() - t0;
  ASSERT_TRUE(s) << s.error().message;
  ::close(s->second);
  const SpawnTimings& t = s->first->timings;
  EXPECT_GT(t.prepare.count(), 0);
  EXPECT_GT(t.clone.count(), 0);
  EXPECT_GT(t.rootfs.count(), 0);
  // Without the child's report the exec part would be 0 and rootfs all of it.
  EXPECT_GT(t.exec.count(), 0);
  EXPECT_LE(t.prepare + t.clone + t.rootfs + t.exec, wall);
  ASSERT_TRUE(wait_container(*s->first));
}

TEST_F(SpawnTest, SeesFreshProcDevAndReadOnlySys) {
  make_sandbox();
  auto c =
      container("mounts", {"sh", "-c",
                           "ls /dev | sort | tr '\\n' ' '; echo; "
                           "cat /proc/1/comm; "
                           "touch /sys/x 2>/dev/null && echo sys-rw || echo sys-ro; "
                           "readlink /dev/ptmx; grep -c . /etc/hosts >/dev/null && echo hosts"});
  auto r = run(c);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("full"), std::string::npos) << r.out;
  for (const char* d : {"null", "zero", "random", "urandom", "tty", "pts", "shm", "mqueue",
                        "termination-log", "fd", "stdin"}) {
    EXPECT_NE(r.out.find(std::string(d) + " "), std::string::npos) << d << " in " << r.out;
  }
  EXPECT_NE(r.out.find("\nsh\n"), std::string::npos) << "PID 1 is the container's sh: " << r.out;
  EXPECT_NE(r.out.find("sys-ro"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("pts/ptmx"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("hosts"), std::string::npos) << r.out;
}

TEST_F(SpawnTest, TwoContainersShareHostnameNetworkIpcAndEmptyDirNotRootOrPid) {
  pod_.spec.hostname = "shared-host";
  manifest::Volume v;
  v.name = "scratch";
  v.emptyDir.emplace();
  pod_.spec.volumes.push_back(v);
  pod_.spec.securityContext.emplace();
  pod_.spec.securityContext->sysctls.push_back({"kernel.shm_rmid_forced", "1"});
  make_sandbox();
  manifest::VolumeMount vm;
  vm.name = "scratch";
  vm.mountPath = "/scratch";

  auto server = container("server", {"sh", "-c",
                                     "echo from-server > /scratch/f; echo only-server > /private; "
                                     "echo shm-data > /dev/shm/seg; "
                                     // busybox nc quits at EOF on its stdin, which could come
                                     // before the client's data: give it a stdin that stays
                                     // open (a FIFO it holds both ends of).
                                     "mkfifo /in && exec 3<>/in && nc -l -p 5000 <&3"});
  server.volumeMounts.push_back(vm);
  auto s = start(server);
  ASSERT_TRUE(s) << s.error().message;
  auto ns = [](const fs::path& p) {
    char buf[128] = {};
    return ::readlink(p.c_str(), buf, sizeof buf - 1) > 0 ? std::string(buf) : std::string();
  };
  const std::string spid = "/proc/" + std::to_string(s->first->pid) + "/ns/";
  std::map<std::string, std::string> server_ns;
  for (const char* n : {"net", "ipc", "uts", "mnt", "pid"}) server_ns[n] = ns(spid + n);

  auto client = container(
      "client",
      {"sh", "-c",
       "for i in $(seq 50); do [ -e /scratch/f ] && break; usleep 20000; done; "
       "for i in $(seq 50); do echo hello-net | nc 127.0.0.1 5000 && break; usleep 20000; done; "
       "hostname; cat /scratch/f; cat /dev/shm/seg; cat /proc/sys/kernel/shm_rmid_forced; "
       "[ -e /private ] && echo sees-private || echo no-private; "
       "ps -o pid,comm | grep -c nc; "
       "for n in net ipc uts mnt pid; do readlink /proc/self/ns/$n; done"});
  client.volumeMounts.push_back(vm);
  auto r = run(client);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::string server_out = read_all(s->second);
  EXPECT_EQ(server_out, "hello-net\n");  // the client reached the server on localhost
  std::istringstream lines(r.out);
  std::vector<std::string> l;
  for (std::string line; std::getline(lines, line);) l.push_back(line);
  ASSERT_GE(l.size(), 11u) << r.out;
  EXPECT_EQ(l[0], "shared-host");
  EXPECT_EQ(l[1], "from-server");  // emptyDir
  EXPECT_EQ(l[2], "shm-data");     // the pod's /dev/shm
  EXPECT_EQ(l[3], "1");            // the pod's IPC sysctl
  EXPECT_EQ(l[4], "no-private");   // separate root filesystems
  EXPECT_EQ(l[5], "0");            // separate PID namespaces: the server's nc is invisible
  ASSERT_FALSE(server_ns["mnt"].empty());
  EXPECT_EQ(l[6], server_ns["net"]);
  EXPECT_EQ(l[7], server_ns["ipc"]);
  EXPECT_EQ(l[8], server_ns["uts"]);
  EXPECT_NE(l[9], server_ns["mnt"]);
  EXPECT_NE(l[10], server_ns["pid"]);
  EXPECT_NE(l[6], ns("/proc/self/ns/net"));
  // The host's own sysctl is untouched.
  EXPECT_EQ(trim(read_file("/proc/sys/kernel/shm_rmid_forced").value_or("")), "0");
}

TEST_F(SpawnTest, ShareProcessNamespaceShowsPauseAsPid1AndTheOtherContainer) {
  pod_.spec.shareProcessNamespace = true;
  make_sandbox();
  ASSERT_TRUE(pause_pid_);
  auto sleeper = container("sleeper", {"sleep", "30"});
  auto s = start(sleeper);
  ASSERT_TRUE(s) << s.error().message;
  ::close(s->second);
  auto r = run(container("looker", {"sh", "-c", "cat /proc/1/comm; ps -o comm | grep -c sleep"}));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("pause"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\n1\n"), std::string::npos)
      << "sees the other container's sleep: " << r.out;
  // This thread is back in its own PID namespace for its children.
  char a[64] = {}, b[64] = {};
  ASSERT_GT(::readlink("/proc/thread-self/ns/pid_for_children", a, sizeof a - 1), 0);
  ASSERT_GT(::readlink("/proc/self/ns/pid", b, sizeof b - 1), 0);
  EXPECT_STREQ(a, b);
}

TEST_F(SpawnTest, CapabilitiesMatchDefaultsAddDropAllAndPrivileged) {
  make_sandbox();
  auto capeff = [&](std::optional<manifest::SecurityContext> sc) {
    auto c = container("caps", {"grep", "-E", "^Cap(Eff|Bnd|Prm)", "/proc/self/status"});
    c.securityContext = sc;
    auto r = run(c);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_EQ(status_field(r.out, "CapEff"), status_field(r.out, "CapBnd")) << r.out;
    return status_field(r.out, "CapEff");
  };
  EXPECT_EQ(capeff(std::nullopt), "00000000a80425fb");
  manifest::SecurityContext sc;
  sc.capabilities.emplace();
  sc.capabilities->add = {"NET_ADMIN", "CAP_SYS_TIME"};
  sc.capabilities->drop = {"KILL", "net_raw"};
  // a80425fb + NET_ADMIN(12) + SYS_TIME(25) - KILL(5) - NET_RAW(13)
  uint64_t expect = 0xa80425fbULL | (1ULL << 12) | (1ULL << 25);
  expect &= ~((1ULL << 5) | (1ULL << 13));
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(expect));
  EXPECT_EQ(capeff(sc), hex);
  sc.capabilities->add = {"CHOWN"};
  sc.capabilities->drop = {"ALL"};
  EXPECT_EQ(capeff(sc), "0000000000000001");
  // privileged: every capability this process has (root here lacks
  // CAP_SYS_RESOURCE, so "all" is capped to our own permitted set).
  manifest::SecurityContext priv;
  priv.privileged = true;
  char all[17];
  std::snprintf(all, sizeof all, "%016llx",
                static_cast<unsigned long long>(all_capabilities() & own_permitted_capabilities()));
  EXPECT_EQ(capeff(priv), all);
}

TEST_F(SpawnTest, RunAsUserGroupSupplementalGroupsAndNoNewPrivs) {
  pod_.spec.securityContext.emplace();
  pod_.spec.securityContext->runAsUser = 1000;
  pod_.spec.securityContext->runAsGroup = 3000;
  pod_.spec.securityContext->supplementalGroups = {4000};
  pod_.spec.securityContext->fsGroup = 2000;
  manifest::Volume v;
  v.name = "data";
  v.emptyDir.emplace();
  pod_.spec.volumes.push_back(v);
  make_sandbox();
  auto c =
      container("user", {"sh", "-c",
                         "id -u; id -g; id -G; grep -E '^(CapEff|NoNewPrivs)' /proc/self/status; "
                         "touch /data/f && stat -c '%g' /data/f; touch /root/x 2>/dev/null || "
                         "echo denied"});
  manifest::VolumeMount vm;
  vm.name = "data";
  vm.mountPath = "/data";
  c.volumeMounts.push_back(vm);
  c.securityContext.emplace();
  c.securityContext->allowPrivilegeEscalation = false;
  auto r = run(c);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::istringstream in(r.out);
  std::vector<std::string> l;
  for (std::string line; std::getline(in, line);) l.push_back(line);
  ASSERT_GE(l.size(), 7u) << r.out;
  EXPECT_EQ(l[0], "1000");
  EXPECT_EQ(l[1], "3000");
  // Image groups listing "user" (users=100) + supplementalGroups + fsGroup.
  EXPECT_EQ(l[2], "3000 100 2000 4000");
  EXPECT_EQ(status_field(r.out, "CapEff"), "0000000000000000");  // non-root: no caps after exec
  EXPECT_EQ(status_field(r.out, "NoNewPrivs"), "1");
  EXPECT_EQ(l[5], "2000");  // setgid emptyDir owned by fsGroup
  EXPECT_EQ(l[6], "denied");
}

TEST_F(SpawnTest, ReadOnlyRootFilesystemRefusesWrites) {
  make_sandbox();
  auto c = container("ro", {"sh", "-c",
                            "touch /x 2>/dev/null && echo wrote || echo refused; "
                            "echo msg > /dev/termination-log && echo term-ok"});
  c.securityContext.emplace();
  c.securityContext->readOnlyRootFilesystem = true;
  auto r = run(c);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, "refused\nterm-ok\n");
  EXPECT_EQ(read_file((container_dir(pod_dir_, "ro") / "termination-log").string()).value_or(""),
            "msg\n");
}

TEST_F(SpawnTest, MaskedPathsAreEmptyAndReadOnlyPathsRefuseWrites) {
  make_sandbox();
  auto script =
      "wc -c < /proc/interrupts; ls /sys/firmware 2>/dev/null | wc -l; "
      "(echo x > /proc/sys/kernel/domainname) 2>/dev/null && echo sys-written || echo sys-ro; "
      "wc -c < /proc/timer_list";
  auto c = container("masked", {"sh", "-c", script});
  auto r = run(c);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, "0\n0\nsys-ro\n0\n");
  // procMount: Unmasked leaves them visible.
  c.securityContext.emplace();
  c.securityContext->procMount = "Unmasked";
  auto u = run(c);
  EXPECT_FALSE(u.out.ends_with("\n0\n")) << u.out;
}

TEST_F(SpawnTest, HostNetworkSeesTheHostInterfaces) {
  pod_.spec.hostNetwork = true;
  make_sandbox();
  auto host_interfaces = [] {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator("/sys/class/net"))
      names.insert(e.path().filename().string());
    return names;
  };
  const std::set<std::string> before = host_interfaces();
  auto r =
      run(container("hostnet", {"sh", "-c",
                                "for i in /sys/class/net/*; do printf '%s ' ${i##*/}; done; echo; "
                                "readlink /proc/self/ns/net"}));
  const std::set<std::string> after = host_interfaces();
  ASSERT_EQ(r.exit_code, 0) << r.out;
  char self_net[64] = {};
  ASSERT_GT(::readlink("/proc/self/ns/net", self_net, sizeof self_net - 1), 0);
  EXPECT_NE(r.out.find(self_net), std::string::npos) << r.out;
  // The host's interfaces (the same namespace is proven above): tests running beside this one
  // add and remove veths and bridges, so the container must see every one present both before
  // and after its run; others may come and go in between.
  std::set<std::string> seen;
  std::istringstream listing(r.out.substr(0, r.out.find('\n')));
  for (std::string w; listing >> w;) seen.insert(w);
  for (const auto& name : before) {
    if (after.contains(name)) {
      EXPECT_TRUE(seen.contains(name)) << name << " in " << r.out;
    }
  }
  EXPECT_TRUE(seen.contains("lo")) << r.out;
}

TEST_F(SpawnTest, MissingCommandIsCreateContainerErrorWithKubernetesMessage) {
  make_sandbox();
  auto s = start(container("missing", {"foo"}));
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().reason, "CreateContainerError");
  EXPECT_EQ(s.error().message, "exec: \"foo\": executable file not found in $PATH");
  EXPECT_EQ(s.error().error.stage, "sandbox.exec");
  EXPECT_EQ(s.error().error.sys_errno, ENOENT);
  auto abs = start(container("missing2", {"/no/such"}));
  ASSERT_FALSE(abs);
  EXPECT_EQ(abs.error().message, "exec: \"/no/such\": stat /no/such: no such file or directory");
  auto perm = start(container("noexec", {"/etc/passwd"}));
  ASSERT_FALSE(perm);
  EXPECT_EQ(perm.error().reason, "RunContainerError");
  EXPECT_EQ(perm.error().message, "exec: \"/etc/passwd\": permission denied");
}

TEST_F(SpawnTest, MountFailureComesBackWithStageAndPath) {
  manifest::Volume v;
  v.name = "hp";
  v.hostPath.emplace();
  v.hostPath->path = (state_ / "no-such-dir").string();  // type "": no check, mount fails
  pod_.spec.volumes.push_back(v);
  make_sandbox();
  auto c = container("badmount", {"true"});
  manifest::VolumeMount vm;
  vm.name = "hp";
  vm.mountPath = "/hp";
  c.volumeMounts.push_back(vm);
  auto s = start(c);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().reason, "CreateContainerError");
  EXPECT_EQ(s.error().error.stage, "sandbox.mount");
  EXPECT_EQ(s.error().error.sys_errno, ENOENT);
  EXPECT_EQ(s.error().error.object, "/hp");
  EXPECT_NE(s.error().message.find("to rootfs at \"/hp\": no such file or directory"),
            std::string::npos)
      << s.error().message;
}

TEST_F(SpawnTest, RunAsNonRootWithRootImageIsRefused) {
  make_sandbox();
  auto c = container("nonroot", {"true"});
  c.securityContext.emplace();
  c.securityContext->runAsNonRoot = true;
  auto s = start(c);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().reason, "CreateContainerConfigError");
  EXPECT_EQ(s.error().message,
            "container has runAsNonRoot and image will run as root (pod: \"spawn-test_default(" +
                pod_.metadata.uid + ")\", container: nonroot)");
  c.securityContext->runAsUser = 1000;
  auto ok = run(c);
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
}

TEST_F(SpawnTest, ConfigMapSecretAndClaimVolumesAreCreateContainerConfigError) {
  manifest::Volume cm;
  cm.name = "config";
  cm.configMap.emplace();
  cm.configMap->name = "special-config";
  manifest::Volume pvc;
  pvc.name = "claim";
  pvc.persistentVolumeClaim.emplace();
  pvc.persistentVolumeClaim->claimName = "my-claim";
  pod_.spec.volumes = {cm, pvc};
  make_sandbox();
  auto c = container("cm", {"true"});
  manifest::VolumeMount vm;
  vm.name = "config";
  vm.mountPath = "/etc/config";
  c.volumeMounts = {vm};
  auto s = start(c);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().reason, "CreateContainerConfigError");
  EXPECT_EQ(s.error().message, "configmap \"special-config\" not found");
  vm.name = "claim";
  c.volumeMounts = {vm};
  auto p = start(c);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().message, "persistentvolumeclaim \"my-claim\" not found");
  // An env reference to a missing secret too.
  auto e = container("env", {"true"});
  manifest::EnvVar var;
  var.name = "PASSWORD";
  var.valueFrom.emplace();
  var.valueFrom->secretKeyRef.emplace();
  var.valueFrom->secretKeyRef->name = "mysecret";
  var.valueFrom->secretKeyRef->key = "password";
  e.env = {var};
  auto es = start(e);
  ASSERT_FALSE(es);
  EXPECT_EQ(es.error().reason, "CreateContainerConfigError");
  EXPECT_EQ(es.error().message, "secret \"mysecret\" not found");
}

TEST_F(SpawnTest, EnvironmentExpansionDownwardApiAndWorkingDir) {
  pod_.metadata.labels = {{"app", "web"}};
  make_sandbox();
  auto c = container("env", {"sh", "-c", "echo $(NAME)-cmd $0; pwd; env | sort"});
  c.args = {"$(NAME)-arg"};
  c.workingDir = "/work/dir";
  c.resources.limits["memory"] = *manifest::Quantity::parse("64Mi");
  auto add = [&](std::string n, std::string v) {
    manifest::EnvVar e;
    e.name = std::move(n);
    e.value = std::move(v);
    c.env.push_back(e);
  };
  auto field = [&](std::string n, std::string path) {
    manifest::EnvVar e;
    e.name = std::move(n);
    e.valueFrom.emplace();
    e.valueFrom->fieldRef.emplace();
    e.valueFrom->fieldRef->fieldPath = std::move(path);
    c.env.push_back(e);
  };
  add("NAME", "world");
  add("GREETING", "hello $(NAME) $$(NAME) $(UNDEFINED)");
  field("POD_IP", "status.podIP");
  field("APP", "metadata.labels['app']");
  field("NODE", "spec.nodeName");
  manifest::EnvVar mem;
  mem.name = "MEM_MI";
  mem.valueFrom.emplace();
  mem.valueFrom->resourceFieldRef.emplace();
  mem.valueFrom->resourceFieldRef->resource = "limits.memory";
  mem.valueFrom->resourceFieldRef->divisor = *manifest::Quantity::parse("1Mi");
  c.env.push_back(mem);
  auto r = run(c);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  // kubelet expanded $(NAME) in command and args; workingDir was created.
  EXPECT_TRUE(r.out.starts_with("world-cmd world-arg\n/work/dir\n")) << r.out;
  for (const char* want : {"GREETING=hello world $(NAME) $(UNDEFINED)\n", "POD_IP=10.88.0.7\n",
                           "APP=web\n", "NODE=node-1\n", "MEM_MI=64\n", "HOSTNAME=spawn-test\n",
                           "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n"}) {
    EXPECT_NE(r.out.find(want), std::string::npos) << want << " in " << r.out;
  }
}

TEST_F(SpawnTest, DownwardApiVolumeHasAtomicWriterLayout) {
  pod_.metadata.labels = {{"zone", "us-est-coast"}, {"app", "web \"x\""}};
  manifest::Volume v;
  v.name = "podinfo";
  v.downwardAPI.emplace();
  manifest::DownwardAPIVolumeFile labels;
  labels.path = "labels";
  labels.fieldRef.emplace();
  labels.fieldRef->fieldPath = "metadata.labels";
  manifest::DownwardAPIVolumeFile cpu;
  cpu.path = "sub/cpu_limit";
  cpu.resourceFieldRef.emplace();
  cpu.resourceFieldRef->containerName = "dapi";
  cpu.resourceFieldRef->resource = "limits.cpu";
  cpu.resourceFieldRef->divisor = *manifest::Quantity::parse("1m");
  cpu.mode = 0600;
  v.downwardAPI->items = {labels, cpu};
  pod_.spec.volumes.push_back(v);
  make_sandbox();
  auto c = container("dapi", {"sh", "-c",
                              "cat /etc/podinfo/labels /etc/podinfo/sub/cpu_limit; echo; "
                              "readlink /etc/podinfo/labels; readlink /etc/podinfo/..data; "
                              "stat -L -c %a /etc/podinfo/sub/cpu_limit; "
                              "touch /etc/podinfo/x 2>/dev/null || echo ro"});
  c.resources.limits["cpu"] = *manifest::Quantity::parse("250m");
  manifest::VolumeMount vm;
  vm.name = "podinfo";
  vm.mountPath = "/etc/podinfo";
  c.volumeMounts.push_back(vm);
  auto r = run(c);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::istringstream in(r.out);
  std::vector<std::string> l;
  for (std::string line; std::getline(in, line);) l.push_back(line);
  ASSERT_GE(l.size(), 7u) << r.out;
  EXPECT_EQ(l[0], "app=\"web \\\"x\\\"\"");
  EXPECT_EQ(l[1], "zone=\"us-est-coast\"");
  EXPECT_EQ(l[2], "250");
  EXPECT_EQ(l[3], "..data/labels");
  EXPECT_TRUE(l[4].starts_with("..20")) << l[4];
  EXPECT_EQ(l[5], "600");
  EXPECT_EQ(l[6], "ro");
}

TEST_F(SpawnTest, HostPathTypeChecks) {
  const auto made = state_ / "made-by-kubelet";
  manifest::Volume a;
  a.name = "create";
  a.hostPath.emplace();
  a.hostPath->path = made.string();
  a.hostPath->type = "DirectoryOrCreate";
  manifest::Volume b;
  b.name = "missing";
  b.hostPath.emplace();
  b.hostPath->path = (state_ / "absent").string();
  b.hostPath->type = "Directory";
  manifest::Volume f;
  f.name = "file";
  f.hostPath.emplace();
  f.hostPath->path = (state_ / "afile").string();
  f.hostPath->type = "FileOrCreate";
  pod_.spec.volumes = {a, b, f};
  make_sandbox();
  auto c = container("hp", {"sh", "-c", "echo x > /mnt/made/f && echo y > /mnt/file && echo ok"});
  manifest::VolumeMount m1;
  m1.name = "create";
  m1.mountPath = "/mnt/made";
  manifest::VolumeMount m3;
  m3.name = "file";
  m3.mountPath = "/mnt/file";
  c.volumeMounts = {m1, m3};
  auto r = run(c);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(read_file((made / "f").string()).value_or(""), "x\n");
  EXPECT_EQ(read_file((state_ / "afile").string()).value_or(""), "y\n");
  manifest::VolumeMount m2;
  m2.name = "missing";
  m2.mountPath = "/mnt/missing";
  c.volumeMounts = {m2};
  auto s = start(c);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().message,
            "hostPath type check failed: " + (state_ / "absent").string() + " does not exist");
}

TEST_F(SpawnTest, BeforeExecHookRunsWhileTheChildWaitsAndItsFailureStopsTheSpawn) {
  make_sandbox();
  auto c = container("hooked", {"cat", "/proc/self/status"});
  SpawnRequest req = request(c);
  pid_t seen = -1;
  req.before_exec = [&](pid_t pid) -> Result<void> {
    seen = pid;
    // The child has not exec'd yet: it is still our binary.
    char exe[PATH_MAX] = {}, self[PATH_MAX] = {};
    ::readlink(("/proc/" + std::to_string(pid) + "/exe").c_str(), exe, sizeof exe - 1);
    ::readlink("/proc/self/exe", self, sizeof self - 1);
    if (std::string(exe) != self) return fail(ErrorCode::kInternal, "test", "child ran ahead");
    return {};
  };
  auto r = run(c, &req);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_GT(seen, 0);
  req.before_exec = [](pid_t) -> Result<void> {
    return fail(ErrorCode::kSystem, "cgroup.join", "no such cgroup", "/sys/fs/cgroup/x");
  };
  auto s = start(c, &req);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().error.stage, "cgroup.join");
  EXPECT_EQ(s.error().reason, "CreateContainerError");
}

// The monitor overlaps a pod's container starts: the second is cloned while
// the first sets up its root filesystem. Both run, each with its own timings
// (the rootfs part is stamped by the child, so reading the first one's
// report late does not count against it).
TEST_F(SpawnTest, OverlappedStartsBothExecAndKeepTheirOwnTimings) {
  make_sandbox();
  auto a = container("first", {"sh", "-c", "echo first"});
  auto b = container("second", {"sh", "-c", "echo second"});
  int pa[2], pb[2];
  ASSERT_EQ(::pipe2(pa, O_CLOEXEC), 0);
  ASSERT_EQ(::pipe2(pb, O_CLOEXEC), 0);
  SpawnRequest ra = request(a), rb = request(b);
  ra.stdout_fd = ra.stderr_fd = pa[1];
  rb.stdout_fd = rb.stderr_fd = pb[1];
  auto pending_a = begin_container(ra);
  ASSERT_TRUE(pending_a) << pending_a.error().message;
  auto pending_b = begin_container(rb);
  ASSERT_TRUE(pending_b) << pending_b.error().message;
  ::close(pa[1]);
  ::close(pb[1]);
  // The first is read well after its child could have reported.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto sa = finish_container(std::move(*pending_a));
  ASSERT_TRUE(sa) << sa.error().message;
  auto sb = finish_container(std::move(*pending_b));
  ASSERT_TRUE(sb) << sb.error().message;
  spawned_.push_back(std::move(*sa));
  SpawnedContainer& first = spawned_.back();
  EXPECT_GT(first.timings.rootfs.count(), 0);
  EXPECT_LT(first.timings.rootfs, std::chrono::milliseconds(300));
  spawned_.push_back(std::move(*sb));
  SpawnedContainer& second = spawned_.back();
  EXPECT_EQ(read_all(pa[0]), "first\n");
  EXPECT_EQ(read_all(pb[0]), "second\n");
  EXPECT_EQ(wait_container(first).value_or(-1), 0);
  EXPECT_EQ(wait_container(second).value_or(-1), 0);
}

// A start that is begun and then dropped (the monitor gives up) leaves no
// process behind: the child is killed and reaped.
TEST_F(SpawnTest, DroppingABegunStartKillsAndReapsTheChild) {
  make_sandbox();
  auto c = container("dropped", {"sleep", "100"});
  SpawnRequest req = request(c);
  pid_t child = -1;
  req.before_exec = [&](pid_t pid) -> Result<void> {
    child = pid;
    return {};
  };
  {
    auto pending = begin_container(req);
    ASSERT_TRUE(pending) << pending.error().message;
    ASSERT_GT(child, 0);
    EXPECT_EQ(::kill(child, 0), 0);
  }
  // Reaped, not a zombie: the pid is gone.
  EXPECT_EQ(::kill(child, 0), -1);
  EXPECT_EQ(errno, ESRCH);
}

TEST_F(SpawnTest, TeardownLeavesNoMountAndNoPin) {
  manifest::Volume v;
  v.name = "mem";
  v.emptyDir.emplace();
  v.emptyDir->medium = "Memory";
  v.emptyDir->sizeLimit = *manifest::Quantity::parse("1Mi");
  pod_.spec.volumes.push_back(v);
  make_sandbox();
  auto c = container("t", {"sh", "-c", "df -k /mem | tail -1"});
  manifest::VolumeMount vm;
  vm.name = "mem";
  vm.mountPath = "/mem";
  c.volumeMounts.push_back(vm);
  auto r = run(c);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("tmpfs"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" 1024 "), std::string::npos) << r.out;
  EXPECT_FALSE(mounts_under(pod_dir_).empty());
  ASSERT_TRUE(remove_container_state(pod_dir_));
  ASSERT_TRUE(teardown_pod_sandbox(pod_dir_, pause_pid_));
  sandbox_made_ = false;
  EXPECT_TRUE(mounts_under(state_).empty());
  EXPECT_FALSE(fs::exists(pod_dir_ / "ns"));
  EXPECT_FALSE(fs::exists(pod_dir_ / "containers"));
}

}  // namespace
}  // namespace podcore::sandbox::testing
