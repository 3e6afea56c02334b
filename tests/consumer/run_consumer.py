"""Runs consumer programs (tests/consumer/app.c, app.cpp) against real pods in
a private world (bindings/python/tests/world.py): each creates a pod, waits
for Running, execs and deletes it; then nothing of the pod may be left.

    run_consumer.py PROGRAM...

The helper programs (podcore-monitor, podcore-pause) are NOT given: the
library must find them itself (installed: <prefix>/libexec/podcore/;
build tree: tools/). Exit status 0 when every program passed.
"""

import os
import random
import subprocess
import sys
import pathlib

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "bindings" / "python" /
                       "tests"))
from world import World  # noqa: E402

RETRY = 75  # the program's "subnet taken by another test"


def main(programs):
    if os.geteuid() != 0:
        print("run_consumer: needs root")
        return 1
    env = {k: v for k, v in os.environ.items()
           if k not in ("PODCORE_MONITOR_PATH", "PODCORE_PAUSE_PATH")}
    world = World("cs")
    failed = 0
    try:
        world.import_busybox()
        for program in programs:
            name = "consumer-%06x" % random.getrandbits(24)
            for _ in range(20):
                proc = subprocess.run([program] + world.cli_args() + [name], env=env,
                                      capture_output=True, text=True, timeout=180)
                if proc.returncode != RETRY:
                    break
                world.new_subnet()
            sys.stdout.write(proc.stdout)
            sys.stderr.write(proc.stderr)
            uid = next((line[4:] for line in proc.stdout.splitlines()
                        if line.startswith("uid=")), None)
            leaks = world.leaks(uid) if uid else []
            ok = proc.returncode == 0 and "ok" in proc.stdout.splitlines() and uid and not leaks
            print(f"{'PASS' if ok else 'FAIL'}: {os.path.basename(program)} "
                  f"(exit {proc.returncode}, leaks {leaks})")
            failed += 0 if ok else 1
    finally:
        world.cleanup()
    print(f"{len(programs) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
