// podcore-pause: PID 1 of a pod's shared PID namespace.
//
// Like Kubernetes' pause container it does nothing but exist and reap: in a
// PID namespace every orphan is re-parented to PID 1, so without a reaper
// zombies of the pod's containers would pile up. It exits on SIGTERM/SIGINT;
// the sandbox teardown kills it with SIGKILL, which (PID 1 dying) kills
// every process left in the namespace.
#include <linux/close_range.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

int main(int argc, char** argv) {
  if (argc > 1) {
    std::fprintf(stderr, "usage: %s (no arguments; started by libpod-core)\n", argv[0]);
    return 2;
  }
  // Do not keep descriptors a (possibly threaded) host leaked past exec,
  // except stdio.
  ::syscall(SYS_close_range, 3U, ~0U, 0U);

  // Take the signals synchronously: SIGCHLD to reap, SIGTERM/SIGINT to stop.
  // As PID 1 of a namespace, signals from inside it are delivered only if
  // handled; blocking + sigwaitinfo counts as handling.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGCHLD);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigprocmask(SIG_SETMASK, &set, nullptr);
  for (;;) {
    siginfo_t info{};
    int sig = sigwaitinfo(&set, &info);
    if (sig < 0) {
      if (errno == EINTR) continue;
      return 1;
    }
    if (sig == SIGTERM || sig == SIGINT) return 0;
    // Several children may have exited behind one SIGCHLD: reap them all.
    while (::waitpid(-1, nullptr, WNOHANG) > 0) {
    }
  }
}
