// A private world for Runtime tests: its own state directory (with the
// busybox image built by scripts/build-busybox-image.sh), bridge, subnet and
// cgroup parent, and a leak check over everything a pod can leave behind.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <net/if.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "base/file.hpp"
#include "base/unique_fd.hpp"
#include "cgroup/manager.hpp"
#include "net/network.hpp"
#include "pod/runtime.hpp"

namespace podcore::pod::testing {

namespace fs = std::filesystem;

inline std::string random_hex(int n) {
  static std::mt19937_64 rng{std::random_device{}()};
  std::string s;
  for (int i = 0; i < n; ++i) s += "0123456789abcdef"[rng() % 16];
  return s;
}

inline DeleteOptions forced() {
  DeleteOptions d;
  d.force = true;
  return d;
}

inline std::string read_text(const fs::path& p) {
  auto r = read_file(p.string());
  return r ? *r : std::string();
}

// Runs argv in the pod's container; returns {exit code, stdout}.
inline std::pair<int, std::string> exec_capture(Runtime& rt, const std::string& pod,
                                                const std::string& container,
                                                const std::vector<std::string>& argv) {
  int p[2];
  if (::pipe2(p, O_CLOEXEC) != 0) return {-1, ""};
  unique_fd rd(p[0]), wr(p[1]);
  ExecIo io;
  io.stdout_fd = wr.get();
  auto code = rt.exec("default", pod, container, argv, io);
  wr.reset();
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(rd.get(), buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  if (!code) {
    ADD_FAILURE() << code.error().to_string();
    return {-1, out};
  }
  return {*code, out};
}

inline bool has_event(const std::vector<Event>& events, const std::string& reason,
                      const std::string& message_part = {}) {
  for (const auto& e : events)
    if (e.reason == reason && e.message.find(message_part) != std::string::npos) return true;
  return false;
}

class RuntimeWorld : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(::geteuid(), 0u) << "e2e tests need root";
    char tmpl[] = "/tmp/podcore-e2e-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    const std::string tag = random_hex(6);
    options_.state_dir = dir_ / "state";
    options_.network.name = "e2e" + tag;
    options_.network.bridge = "pce" + tag;
    // A /24 no other test (of this or another binary, running at once) has:
    // the bridge is made here, and an overlap means "taken, pick another".
    bool have_subnet = false;
    for (int attempt = 0; attempt < 30 && !have_subnet; ++attempt) {
      options_.network.subnet =
          "10.199." + std::to_string(std::random_device{}() % 250 + 1) + ".0/24";
      net::NetworkConfig probe = options_.network;
      probe.state_dir = (dir_ / "state").string();
      auto net = net::Network::open(probe);
      ASSERT_TRUE(net) << net.error().to_string();
      auto ok = (*net)->ensure_bridge();
      if (ok) {
        have_subnet = true;
      } else {
        (void)(*net)->remove_bridge();
        ASSERT_NE(ok.error().message.find("overlaps"), std::string::npos) << ok.error().to_string();
      }
    }
    ASSERT_TRUE(have_subnet) << "no free test subnet";
    options_.cgroup_parent = "podcore-e2e-" + tag;
    options_.monitor_path = PODCORE_MONITOR_PATH;
    ::setenv("PODCORE_PAUSE_PATH", PODCORE_PAUSE_PATH, 1);
    // The real busybox image, as setup builds it, into this state directory.
    std::string cmd = "PODCTL=" + std::string(PODCTL_PATH) +
                      " PODCORE_STATE_DIR=" + options_.state_dir.string() + " " +
                      PODCORE_SOURCE_DIR + "/scripts/build-busybox-image.sh >/dev/null";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    auto rt = Runtime::open(options_);
    ASSERT_TRUE(rt) << rt.error().to_string();
    runtime_ = std::move(*rt);
  }

  void TearDown() override {
    if (runtime_) {
      if (auto pods = runtime_->list(std::nullopt))
        for (const auto& p : *pods)
          (void)runtime_->remove(p.metadata.namespace_, p.metadata.name, forced());
      runtime_.reset();
    }
    if (auto net = net::Network::open(options_.network)) (void)(*net)->remove_bridge();
    cgroup::ManagerOptions co;
    co.root = options_.cgroup_root;
    co.parent = options_.cgroup_parent;
    if (auto cg = cgroup::CgroupManager::open(co)) (void)cg->destroy();
    for (const auto& m : mounts_under(dir_)) ::umount2(m.c_str(), MNT_DETACH);
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  static std::vector<std::string> mounts_under(const fs::path& root) {
    std::vector<std::string> out;
    std::ifstream in("/proc/self/mountinfo");
    std::string line;
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string id, parent, devno, rootp, mountpoint;
      fields >> id >> parent >> devno >> rootp >> mountpoint;
      if (mountpoint.starts_with(root.string())) out.push_back(mountpoint);
    }
    return out;
  }

  std::string manifest(const std::string& name) const {
    return read_text(fs::path(PODCORE_SOURCE_DIR) / "examples" / name);
  }

  // Everything a pod could leave behind, empty when nothing is left.
  std::vector<std::string> leaks(const std::string& uid) const {
    std::vector<std::string> out;
    for (const auto& m : mounts_under(options_.state_dir / "pods" / uid))
      out.push_back("mount " + m);
    const std::string ifname = net::host_ifname_for(uid);
    // The kernel removes the pair with the pod's network namespace, in its
    // deferred cleanup: give it a moment to finish.
    for (int i = 0; i < 300 && ::if_nametoindex(ifname.c_str()) != 0; ++i) ::usleep(10000);
    if (::if_nametoindex(ifname.c_str()) != 0) out.push_back("veth " + ifname);
    std::error_code ec;
    fs::path ipam = options_.state_dir / "ipam" / options_.network.name;
    for (const auto& e : fs::directory_iterator(ipam, ec)) {
      std::string text = read_text(e.path());
      if (text.find(uid) != std::string::npos) out.push_back("lease " + e.path().string());
    }
    if (fs::exists(options_.state_dir / "pods" / uid, ec)) out.push_back("pod dir " + uid);
    for (const char* ctrl : {"memory", "cpu", "pids", "freezer", ""}) {
      fs::path base = fs::path(options_.cgroup_root) / ctrl / options_.cgroup_parent;
      for (const auto& e : fs::recursive_directory_iterator(base, ec))
        if (e.is_directory() && e.path().filename().string().find(uid) != std::string::npos)
          out.push_back("cgroup " + e.path().string());
    }
    return out;
  }

  fs::path dir_;
  RuntimeOptions options_;
  std::unique_ptr<Runtime> runtime_;
};

}  // namespace podcore::pod::testing
