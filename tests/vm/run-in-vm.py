#!/usr/bin/env python3
"""Runs one program (typically a gtest binary) inside a throwaway QEMU VM whose
only cgroup hierarchy is cgroup v2 at /sys/fs/cgroup, and exits with the
program's exit code.

The VM boots the Debian cloud kernel fetched by fetch-kernel.sh with an
initramfs built here: busybox (every applet), the program, every shared
library `ldd` lists plus the loader, and an /init shell script that mounts
proc, sysfs, devtmpfs, writable /tmp and /run and cgroup2 at /sys/fs/cgroup,
enables every controller in the root's cgroup.subtree_control, runs the
program, prints a marker line with its exit code and powers off.

The serial console is streamed to stdout. Exit status: the program's exit
code, or 2 (with a message on stderr) when the VM never reported one (boot
failure, kernel panic, timeout) or the harness could not start it.

    run-in-vm.py [options] [--] BINARY [ARGS...]
"""

import argparse
import os
import re
import secrets
import shlex
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time

DEFAULT_KERNEL = os.path.join(
    os.environ.get("PODCORE_VM_CACHE", "/var/cache/podcore-vm"), "vmlinuz"
)
HARNESS_FAILURE = 2
KVM_PROBE_SECONDS = 8.0


def log(message):
    print(f"run-in-vm: {message}", file=sys.stderr, flush=True)


class Cpio:
    """Writes a root-owned "newc" cpio archive, so building the initramfs
    needs neither root (for /dev/console) nor the cpio tool."""

    def __init__(self):
        self.entries = {}  # path (no leading /) -> (mode, data, rdev)

    def _parents(self, path):
        parts = path.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            parent = "/".join(parts[:i])
            if parent not in self.entries:
                self.entries[parent] = (stat.S_IFDIR | 0o755, b"", (0, 0))

    def _add(self, path, mode, data=b"", rdev=(0, 0)):
        path = path.strip("/")
        self._parents(path)
        self.entries[path] = (mode, data, rdev)

    def dir(self, path, perm=0o755):
        self._add(path, stat.S_IFDIR | perm)

    def file(self, path, data, perm=0o644):
        self._add(path, stat.S_IFREG | perm, data)

    def copy(self, path, source, strip_debug=False):
        """Copies `source` (following symlinks) to `path`; with strip_debug,
        drops debug sections first (a RelWithDebInfo test binary is mostly
        DWARF, which only slows the unpacking in the VM)."""
        data = None
        if strip_debug and shutil.which("objcopy"):
            with tempfile.NamedTemporaryFile() as stripped:
                done = subprocess.run(
                    ["objcopy", "--strip-debug", source, stripped.name],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    check=False,
                )
                if done.returncode == 0:
                    with open(stripped.name, "rb") as f:
                        data = f.read()
        if data is None:
            with open(source, "rb") as f:
                data = f.read()
        self.file(path, data, stat.S_IMODE(os.stat(source).st_mode) | 0o444)

    def symlink(self, path, target):
        self._add(path, stat.S_IFLNK | 0o777, target.encode())

    def chardev(self, path, major, minor, perm=0o600):
        self._add(path, stat.S_IFCHR | perm, b"", (major, minor))

    def write(self, out):
        def header(ino, mode, nlink, size, rdev, namesize):
            fields = [ino, mode, 0, 0, nlink, 0, size, 0, 0, rdev[0], rdev[1], namesize, 0]
            return b"070701" + b"".join(b"%08X" % v for v in fields)

        def pad(n):
            return b"\0" * (-n % 4)

        # Sorted: a directory always precedes what it contains.
        items = sorted(self.entries.items()) + [("TRAILER!!!", (0, b"", (0, 0)))]
        for ino, (path, (mode, data, rdev)) in enumerate(items, start=1):
            name = path.encode() + b"\0"
            nlink = 2 if stat.S_ISDIR(mode) else 1
            head = header(ino, mode, nlink, len(data), rdev, len(name)) + name
            out.write(head + pad(len(head)))
            out.write(data + pad(len(data)))


def shared_libraries(binary):
    """Absolute paths of every shared object `ldd` lists for binary,
    including the dynamic loader; empty for a static binary."""
    done = subprocess.run(
        ["ldd", binary], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        if "not a dynamic executable" in done.stdout + done.stderr:
            return []
        raise RuntimeError(f"ldd {binary} failed: {done.stderr.strip()}")
    libraries = []
    for line in done.stdout.splitlines():
        line = line.strip()
        if "=> not found" in line:
            raise RuntimeError(f"ldd {binary}: {line}")
        if "=>" in line:
            path = line.split("=>", 1)[1].split("(")[0].strip()
        else:
            path = line.split("(")[0].strip()
        if path.startswith("/"):
            libraries.append(path)
    return libraries


def init_script(command, environment, marker):
    """The VM's /init: PID 1, run by busybox sh."""
    quoted = " ".join(shlex.quote(word) for word in command)
    exports = "".join(f"export {shlex.quote(assignment)}\n" for assignment in environment)
    return f"""#!/bin/sh
export PATH=/bin:/sbin:/usr/bin:/usr/sbin HOME=/tmp TMPDIR=/tmp GTEST_COLOR=no
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# /tmp and /run stay on the initramfs root (already a writable tmpfs): a
# tmpfs mounted over them would hide a program whose host path is under
# /tmp (a checkout in /tmp).
mkdir -p /tmp /run && chmod 1777 /tmp && chmod 0755 /run
mount -t cgroup2 -o nsdelegate cgroup2 /sys/fs/cgroup || echo "init: cannot mount cgroup2"
for c in $(cat /sys/fs/cgroup/cgroup.controllers); do
  echo "+$c" > /sys/fs/cgroup/cgroup.subtree_control || echo "init: cannot enable $c"
done
echo "{marker} booted uptime=$(cut -d' ' -f1 /proc/uptime)s controllers=[$(cat /sys/fs/cgroup/cgroup.subtree_control)]"
cd /tmp
{exports}{quoted}
rc=$?
echo "{marker} exit=$rc"
sync
poweroff -f
echo o > /proc/sysrq-trigger
"""


def build_initramfs(path, binary, args, extra_files, environment, marker,
                    strip_debug):
    image = Cpio()
    for d in ("dev", "proc", "sys", "tmp", "run", "root", "etc", "bin", "sbin",
              "usr/bin", "usr/sbin"):
        image.dir(d)
    image.dir("tmp", 0o1777)
    image.chardev("dev/console", 5, 1)
    image.chardev("dev/null", 1, 3, 0o666)
    image.file("etc/passwd", b"root:x:0:0:root:/tmp:/bin/sh\n")
    image.file("etc/group", b"root:x:0:\n")

    busybox = shutil.which("busybox") or "/bin/busybox"
    if shared_libraries(busybox):
        raise RuntimeError(f"{busybox} is not static (install busybox-static)")
    image.copy("bin/busybox", busybox)
    applets = subprocess.run(
        [busybox, "--list-full"], capture_output=True, text=True, check=True
    ).stdout.split()
    # Like a merged-/usr Debian host, every command is in all four
    # directories: the tests may exec /bin/sleep as well as /usr/bin/sleep.
    for applet in sorted({os.path.basename(a) for a in applets} - {"busybox"}):
        for directory in ("bin", "sbin", "usr/bin", "usr/sbin"):
            image.symlink(f"{directory}/{applet}", "/bin/busybox")

    # The program and its files keep their host paths, so RUNPATHs,
    # /proc/self/exe and paths compiled into the test still resolve.
    programs = [os.path.abspath(binary)] + [os.path.abspath(f) for f in extra_files]
    for program in programs:
        image.copy(program, program, strip_debug=strip_debug)
        if os.access(program, os.X_OK):
            for library in shared_libraries(program):
                if library.strip("/") not in image.entries:
                    image.copy(library, library)

    command = [os.path.abspath(binary)] + list(args)
    image.file("init", init_script(command, environment, marker).encode(), 0o755)
    with open(path, "wb") as out:
        image.write(out)


def kvm_usable():
    try:
        fd = os.open("/dev/kvm", os.O_RDWR | os.O_CLOEXEC)
    except OSError:
        return False
    os.close(fd)
    return True


def main():
    parser = argparse.ArgumentParser(
        description="Run a program inside a pure cgroup v2 QEMU VM."
    )
    parser.add_argument(
        "--kernel",
        default=os.environ.get("PODCORE_VM_KERNEL", DEFAULT_KERNEL),
        help="kernel image (default: %(default)s, see fetch-kernel.sh)",
    )
    parser.add_argument(
        "--accel",
        choices=("auto", "kvm", "tcg"),
        default=os.environ.get("PODCORE_VM_ACCEL", "auto"),
        help="auto (the default): kvm if /dev/kvm opens and a guest boots "
        "with it in a few seconds, else tcg; $PODCORE_VM_ACCEL",
    )
    parser.add_argument("--memory", type=int, default=1024, help="MiB")
    parser.add_argument("--smp", type=int, default=2)
    parser.add_argument(
        "--timeout", type=float, default=300.0, help="seconds for the whole run"
    )
    parser.add_argument(
        "--gtest", action="store_true", help="the program is a gtest binary"
    )
    parser.add_argument(
        "--file",
        action="append",
        default=[],
        help="another file (with its libraries) to copy to the same path",
    )
    parser.add_argument(
        "--verbose", action="store_true", help="show the kernel's boot messages"
    )
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set in the program's environment inside the VM",
    )
    parser.add_argument(
        "--append", default="", help="more kernel command line parameters"
    )
    parser.add_argument(
        "--keep-debug", action="store_true", help="do not strip debug info"
    )
    parser.add_argument("binary")
    parser.add_argument("args", nargs=argparse.REMAINDER)
    options = parser.parse_args()
    args = list(options.args)
    if args[:1] == ["--"]:
        args = args[1:]
    if options.gtest:
        args.append("--gtest_color=no")
    for assignment in options.env:
        name = assignment.split("=", 1)[0]
        if "=" not in assignment or not name.isidentifier():
            parser.error(f"--env {assignment!r}: expected NAME=VALUE")

    qemu = shutil.which("qemu-system-x86_64")
    if qemu is None:
        log("qemu-system-x86_64 not found (install qemu-system-x86)")
        return HARNESS_FAILURE
    if not os.path.isfile(options.kernel):
        log(f"no kernel at {options.kernel}: run tests/vm/fetch-kernel.sh as root")
        return HARNESS_FAILURE
    if not os.access(options.binary, os.X_OK):
        log(f"{options.binary} is not an executable file")
        return HARNESS_FAILURE
    # A fresh token per run: the program's own output cannot fake the marker.
    marker = f"@@podcore-vm-{secrets.token_hex(8)}@@"
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="podcore-vm.") as workdir:
        initrd = os.path.join(workdir, "initramfs.cpio")
        try:
            build_initramfs(
                initrd, options.binary, args, options.file, options.env, marker,
                strip_debug=not options.keep_debug,
            )
        except (OSError, RuntimeError, subprocess.CalledProcessError) as error:
            log(f"cannot build the initramfs: {error}")
            return HARNESS_FAILURE
        log(f"initramfs {os.path.getsize(initrd) // 1024} KiB built in "
            f"{time.monotonic() - started:.2f}s")

        accel = options.accel
        if accel == "auto":
            accel = "tcg"
            if kvm_usable() and remembered_accel() != "tcg":
                # /dev/kvm may open yet never run a guest (nested
                # virtualization without support): give KVM a short window
                # to reach /init, else fall back to TCG and remember that.
                run = boot(options, "kvm", initrd, marker, KVM_PROBE_SECONDS)
                if run.booted_at is not None:
                    remember_accel("kvm")
                    return report(options, run, started)
                log(f"kvm did not boot within {KVM_PROBE_SECONDS:.0f}s; "
                    "falling back to tcg")
                remember_accel("tcg")
        run = boot(options, accel, initrd, marker, None)
    return report(options, run, started)


class Run:
    def __init__(self, accel):
        self.accel = accel
        self.launched = time.monotonic()
        self.booted_at = None
        self.exit_code = None
        self.timed_out = False
        self.qemu_status = None


ESCAPES = re.compile(r"\x1b(\[[0-9;?]*[A-Za-z]|c)")


def boot(options, accel, initrd, marker, boot_window):
    """Boots the VM and streams its console; with boot_window, gives up
    (returning a Run without booted_at) unless /init starts in time."""
    cmdline = ("console=ttyS0 panic=-1 oops=panic cgroup_no_v1=all rdinit=/init"
               " mitigations=off")
    if not options.verbose:
        cmdline += " quiet"
    if options.append:
        cmdline += " " + options.append
    command = [shutil.which("qemu-system-x86_64"), "-accel", accel]
    if accel == "kvm":
        command += ["-cpu", "host"]
    command += [
        "-m", str(options.memory), "-smp", str(options.smp), "-nographic",
        "-no-reboot", "-nodefaults", "-serial", "stdio", "-monitor", "none",
        "-kernel", options.kernel, "-initrd", initrd, "-append", cmdline,
    ]
    log(f"booting ({accel}): {shlex.join(command)}")
    run = Run(accel)
    vm = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )

    def stop(reason):
        if reason == "timeout":
            run.timed_out = True
        vm.kill()

    timer = threading.Timer(boot_window or options.timeout, stop,
                            ["window" if boot_window else "timeout"])
    timer.start()
    try:
        for raw in vm.stdout:
            line = ESCAPES.sub("", raw.decode(errors="replace")).rstrip("\r\n")
            print(line.replace("\r", ""), flush=True)
            if marker not in line:
                continue
            rest = line.split(marker, 1)[1].strip()
            if rest.startswith("booted"):
                run.booted_at = time.monotonic()
                if boot_window:
                    timer.cancel()
                    timer = threading.Timer(options.timeout, stop, ["timeout"])
                    timer.start()
            elif rest.startswith("exit="):
                run.exit_code = int(rest[len("exit="):].split()[0])
                # poweroff -f is immediate; do not wait long on a hung VM.
                timer.cancel()
                timer = threading.Timer(10.0, stop, ["poweroff"])
                timer.start()
        vm.wait()
    finally:
        timer.cancel()
        if vm.poll() is None:
            vm.kill()
            vm.wait()
    run.qemu_status = vm.returncode
    run.finished = time.monotonic()
    return run


def report(options, run, started):
    boot_time = f"{run.booted_at - run.launched:.2f}s" if run.booted_at else "never"
    log(f"boot {boot_time}, total {run.finished - started:.2f}s (accel {run.accel})")
    if run.exit_code is None:
        if run.timed_out:
            log(f"TIMEOUT after {options.timeout:.0f}s: no exit marker from the VM")
        elif run.booted_at is None:
            log(f"the VM never booted to /init (qemu exit {run.qemu_status}); "
                "rerun with --verbose for the kernel's messages")
        else:
            log("the VM stopped before the program finished "
                f"(qemu exit {run.qemu_status}; a kernel panic?)")
        return HARNESS_FAILURE
    log(f"{os.path.basename(options.binary)} exited with {run.exit_code} in the VM")
    return run.exit_code


def accel_memo():
    return os.path.join(tempfile.gettempdir(), f"podcore-vm-accel.{os.getuid()}")


def host_boot_id():
    try:
        with open("/proc/sys/kernel/random/boot_id") as f:
            return f.read().strip()
    except OSError:
        return ""


def remembered_accel():
    """What the KVM probe found earlier since this host booted, if anything."""
    try:
        with open(accel_memo()) as f:
            boot_id, accel = f.read().split()
    except (OSError, ValueError):
        return None
    return accel if boot_id == host_boot_id() else None


def remember_accel(accel):
    try:
        with tempfile.NamedTemporaryFile("w", dir=tempfile.gettempdir(),
                                         delete=False) as f:
            f.write(f"{host_boot_id()} {accel}\n")
        os.replace(f.name, accel_memo())
    except OSError:
        pass


if __name__ == "__main__":
    sys.exit(main())
