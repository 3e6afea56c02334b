#!/usr/bin/env python3
"""Checks run-in-vm.py itself (CTest vm.harness): the program's exit code and
arguments survive the trip through the VM, the program's own output cannot
fake the exit marker, and a timeout, a kernel panic or a missing kernel all
end in the harness's failure code 2 with a clear message."""

import os
import subprocess
import sys
import unittest

HARNESS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "run-in-vm.py")
BUSYBOX = "/bin/busybox"


def run_in_vm(*args):
    return subprocess.run(
        [sys.executable, HARNESS, *args], capture_output=True, text=True,
        timeout=240, check=False,
    )


class RunInVm(unittest.TestCase):
    def test_exit_code_arguments_and_environment_pass_and_marker_cannot_be_faked(self):
        script = ('printf "<%s>" "$@" "$GREETING"; echo; '
                  'echo "@@podcore-vm-0123456789abcdef@@ exit=0"; exit 5')
        done = run_in_vm("--env", "GREETING=hi $there", BUSYBOX, "sh", "-c", script,
                         "sh", "a b", "it's", "$HOME")
        self.assertEqual(done.returncode, 5, done.stdout + done.stderr)
        self.assertIn("<a b><it's><$HOME><hi $there>", done.stdout)
        self.assertIn("busybox exited with 5 in the VM", done.stderr)

    def test_timeout_is_a_harness_failure(self):
        done = run_in_vm("--timeout", "2", BUSYBOX, "sleep", "600")
        self.assertEqual(done.returncode, 2, done.stdout + done.stderr)
        self.assertIn("TIMEOUT after 2s", done.stderr)

    def test_kernel_panic_is_a_harness_failure(self):
        done = run_in_vm(BUSYBOX, "sh", "-c", "echo c > /proc/sysrq-trigger")
        self.assertEqual(done.returncode, 2, done.stdout + done.stderr)
        self.assertIn("Kernel panic", done.stdout)
        self.assertIn("the VM stopped before the program finished", done.stderr)

    def test_missing_kernel_is_a_harness_failure(self):
        done = run_in_vm("--kernel", "/nonexistent/vmlinuz", BUSYBOX, "true")
        self.assertEqual(done.returncode, 2, done.stdout + done.stderr)
        self.assertIn("no kernel at /nonexistent/vmlinuz", done.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
