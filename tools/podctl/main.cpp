// podctl: kubectl's verbs for pods on one node, without a cluster.
#include <podcore/version.h>

#include <cstdio>
#include <cstring>
#include <string_view>
#include <vector>

#include "commands.hpp"

namespace {

const char* kUsage =
    "podctl runs Kubernetes Pods on this machine, with kubectl's verbs.\n"
    "\n"
    "Usage:\n"
    "  podctl apply -f FILE --dry-run [-o yaml|json]   validate and default a manifest as the\n"
    "                                                  Kubernetes API server would\n"
    "  podctl image import|ls|tag|rm|inspect ...       the local image store (podctl image "
    "--help)\n"
    "  podctl version                                  print the version\n"
    "\n"
    "Use \"podctl <command> --help\" for more information about a command.\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string_view> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 1 : 0;
  }
  std::string_view cmd = args[0];
  std::span<const std::string_view> rest(args.data() + 1, args.size() - 1);
  if (cmd == "apply") return podctl::cmd_apply(rest);
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
