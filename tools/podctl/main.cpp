// podctl: kubectl's verbs for pods on one node, without a cluster.
#include <podcore/version.h>
#include <stdlib.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "commands.hpp"
#include "global_flags.hpp"

namespace {

const char* kUsage =
    "podctl runs Kubernetes Pods on this machine, with kubectl's verbs.\n"
    "\n"
    "Usage:\n"
    "  podctl apply -f FILE|DIR|-                      create the pods (unchanged if the same)\n"
    "  podctl apply -f FILE --dry-run [-o yaml|json]   validate and default a manifest as the\n"
    "                                                  Kubernetes API server would\n"
    "  podctl create -f FILE|DIR|-                     create the pods\n"
    "  podctl get pods [NAME...] [-o wide|yaml|json|name|jsonpath=...] [-l SEL] [-w]\n"
    "  podctl describe pod [NAME...]                   details and events\n"
    "  podctl logs NAME [-c C] [-f] [-p] [--timestamps] [--tail N] [--since D]\n"
    "  podctl exec NAME [-c C] [-i] [-t] -- CMD...     run a command in a container\n"
    "  podctl delete pod NAME... | pods --all | -f FILE [--grace-period N] [--force]\n"
    "  podctl top pod [NAME]                           CPU and memory from the cgroups\n"
    "  podctl wait --for=condition=Ready pod/NAME [--timeout=30s]\n"
    "  podctl image import|ls|tag|rm|inspect ...       the local image store (podctl image "
    "--help)\n"
    "  podctl version                                  print the version\n"
    "\n"
    "Use \"podctl <command> --help\" for more information about a command.\n\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  auto flags = podctl::take_global_flags(args);
  if (!flags) {
    std::fprintf(stderr, "error: %s\n", flags.error().message.c_str());
    return 1;
  }
  if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    std::fputs(podctl::kGlobalFlagsHelp, args.empty() ? stderr : stdout);
    return args.empty() ? 1 : 0;
  }
  // The image store reads its state directory from the environment too.
  if (!flags->state_dir.empty()) ::setenv("PODCORE_STATE_DIR", flags->state_dir.c_str(), 1);
  std::string_view cmd = args[0];
  std::span<const std::string_view> rest(args.data() + 1, args.size() - 1);
  if (cmd == "apply") return podctl::cmd_apply(rest, *flags, false);
  if (cmd == "create") return podctl::cmd_apply(rest, *flags, true);
  if (cmd == "get") return podctl::cmd_get(rest, *flags);
  if (cmd == "describe") return podctl::cmd_describe(rest, *flags);
  if (cmd == "logs") return podctl::cmd_logs(rest, *flags);
  if (cmd == "exec") return podctl::cmd_exec(rest, *flags);
  if (cmd == "delete") return podctl::cmd_delete(rest, *flags);
  if (cmd == "top") return podctl::cmd_top(rest, *flags);
  if (cmd == "wait") return podctl::cmd_wait(rest, *flags);
  if (cmd == "image") return podctl::cmd_image(rest);
  if (cmd == "version") {
    std::printf("libpod-core version %s (Kubernetes core/v1 Pod API 1.34)\n",
                PODCORE_VERSION_STRING);
    return 0;
  }
  std::fprintf(stderr, "error: unknown command \"%.*s\" for \"podctl\"\n%s",
               static_cast<int>(cmd.size()), cmd.data(), kUsage);
  return 1;
}
