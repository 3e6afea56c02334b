// podcore-monitor: the per-pod monitor process (lib/pod/monitor.hpp). Started
// by podcore::pod::Runtime with the arguments monitor_args() builds; not
// meant to be run by hand.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "pod/monitor.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  auto options = podcore::pod::parse_monitor_args(args);
  if (!options) {
    std::fprintf(stderr, "podcore-monitor: %s\n", options.error().to_string().c_str());
    return 2;
  }
  if (options->daemonize) {
    // The starter waits for this first process; the monitor proper is its
    // child, reparented to init (or a subreaper) and so never a zombie of
    // a long-running caller.
    pid_t pid = ::fork();
    if (pid < 0) {
      std::fprintf(stderr, "podcore-monitor: fork: %s\n", std::strerror(errno));
      return 1;
    }
    if (pid > 0) ::_exit(0);
    ::setsid();
  }
  return podcore::pod::run_monitor(*options);
}
