// A consumer of the installed (or add_subdirectory'd) podcore, in C++17
// through podcore.hpp only: create a pod, wait for Running, exec, delete.
//
//   consumer_cxx STATE_DIR BRIDGE SUBNET CGROUP_PARENT NETWORK POD_NAME
//
// Prints "uid=<uid>" and "ok"; exit 75 when the subnet is taken by another
// test ("overlaps": the runner retries with another), 1 on any other failure.
#include <chrono>
#include <cstdio>
#include <podcore/podcore.hpp>
#include <string>

int main(int argc, char** argv) {
  if (argc != 7) {
    std::fprintf(stderr, "usage: %s STATE_DIR BRIDGE SUBNET CGROUP_PARENT NETWORK POD\n", argv[0]);
    return 2;
  }
  const std::string name = argv[6];
  try {
    podcore::runtime_options o;
    o.state_dir = argv[1];
    o.bridge = argv[2];
    o.subnet = argv[3];
    o.cgroup_parent = argv[4];
    o.network_name = argv[5];
    podcore::runtime rt = podcore::runtime::open(o);

    const std::string manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: " + name +
                                 "\nspec:\n  terminationGracePeriodSeconds: 1\n  containers:\n"
                                 "  - name: app\n    image: busybox:1.36\n"
                                 "    command: [\"sleep\", \"3600\"]\n";
    auto created = rt.try_create(manifest);
    if (!created) {
      std::fprintf(stderr, "create: %s\n", created.error().what.c_str());
      return created.error().what.find("overlaps") != std::string::npos ? 75 : 1;
    }
    podcore::pod p = rt.wait("default", name, "Running", std::chrono::seconds(60)).value();
    if (p.phase() != podcore::phase::running) throw std::runtime_error("not Running");
    std::printf("uid=%s\n", p.uid().c_str());

    podcore::exec_result r = rt.exec("default", name, {"cat", "/etc/hostname"});
    if (r.exit_code != 0 || r.stdout_text != name + "\n")
      throw std::runtime_error("exec: exit " + std::to_string(r.exit_code) + ", stdout '" +
                               r.stdout_text + "'");

    podcore::delete_options d;
    d.grace_seconds = 0;
    rt.remove("default", name, d);
    auto gone = rt.try_get("default", name);
    if (gone || gone.code() != podcore::errc::not_found)
      throw std::runtime_error("the pod is still there after delete");
    std::printf("ok\n");
    return 0;
  } catch (const podcore::error& e) {
    std::fprintf(stderr, "podcore error (%s, stage %s): %s\n", e.error_code().message().c_str(),
                 e.stage().c_str(), e.what());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
  }
  return 1;
}
