"""A private world for end-to-end tests of podcore from Python and of the
consumer programs (tests/consumer/): its own state directory (with the
busybox image), bridge, subnet and cgroup parent, removed even on failure,
and a check for everything a deleted pod could leave behind.

Environment (set by CTest): PODCTL_PATH (podctl, to import the busybox
image), PODCORE_SOURCE_DIR (for scripts/ and examples/).
"""

import ctypes
import os
import pathlib
import random
import shutil
import subprocess
import tempfile

SOURCE_DIR = pathlib.Path(os.environ.get("PODCORE_SOURCE_DIR",
                                         pathlib.Path(__file__).resolve().parents[3]))
CGROUP_ROOT = pathlib.Path("/sys/fs/cgroup")
# Every v1 hierarchy the cgroup layer creates the parent in, and "" for a
# pure v2 root: cleanup must reach all of them (cpuacct and cpuset too).
V1_CONTROLLERS = ("memory", "cpu", "cpuacct", "pids", "freezer", "cpuset", "")


def host_ifname_for(uid):
    """The host end of a pod's veth pair (net::host_ifname_for: FNV-1a 64 of the UID)."""
    h = 0xcbf29ce484222325
    for c in uid.encode():
        h ^= c
        h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return "pc%010x" % (h & 0xFFFFFFFFFF)


def mounts_under(root):
    out = []
    with open("/proc/self/mountinfo") as f:
        for line in f:
            mountpoint = line.split()[4]
            if mountpoint.startswith(str(root)):
                out.append(mountpoint)
    return out


class World:
    """Unique names for one test (or test class); cleanup() removes them all."""

    def __init__(self, prefix="py"):
        if os.geteuid() != 0:
            raise PermissionError("podcore end-to-end tests need root")
        self.dir = pathlib.Path(tempfile.mkdtemp(prefix=f"podcore-{prefix}-"))
        self.state_dir = self.dir / "state"
        self.tag = "%06x" % random.getrandbits(24)
        self.network_name = f"{prefix}{self.tag}"
        self.cgroup_parent = f"podcore-{prefix}-{self.tag}"
        self.bridges = []
        self.new_subnet()

    def new_subnet(self):
        """Picks another bridge and /24 (after "overlaps": another test has it).
        10.198.x.0/24: the C++ e2e tests take theirs from 10.199."""
        self.bridge = "pcp%06x" % random.getrandbits(24)
        self.subnet = "10.198.%d.0/24" % random.randint(1, 250)
        self.bridges.append(self.bridge)

    def runtime_kwargs(self):
        return dict(state_dir=str(self.state_dir), bridge=self.bridge, subnet=self.subnet,
                    cgroup_parent=self.cgroup_parent, network_name=self.network_name)

    def cli_args(self):
        """The same world as command-line arguments of the consumer programs."""
        return [str(self.state_dir), self.bridge, self.subnet, self.cgroup_parent,
                self.network_name]

    def import_busybox(self):
        """The real busybox image, as setup builds it, into this state directory."""
        env = dict(os.environ, PODCTL=os.environ["PODCTL_PATH"],
                   PODCORE_STATE_DIR=str(self.state_dir))
        subprocess.run([str(SOURCE_DIR / "scripts" / "build-busybox-image.sh")], env=env,
                       check=True, stdout=subprocess.DEVNULL)

    def leaks(self, uid):
        """Everything the pod `uid` could leave behind; empty when nothing is left."""
        out = ["mount " + m for m in mounts_under(self.state_dir / "pods" / uid)]
        ifname = host_ifname_for(uid)
        if os.path.exists(f"/sys/class/net/{ifname}"):
            # The kernel removes the pair with the pod's netns in deferred
            # cleanup: give it a moment.
            for _ in range(300):
                if not os.path.exists(f"/sys/class/net/{ifname}"):
                    break
                __import__("time").sleep(0.01)
            else:
                out.append("veth " + ifname)
        ipam = self.state_dir / "ipam" / self.network_name
        if ipam.is_dir():
            for lease in ipam.iterdir():
                try:
                    if uid in lease.read_text():
                        out.append("lease " + str(lease))
                except OSError:
                    pass
        if (self.state_dir / "pods" / uid).exists():
            out.append("pod dir " + uid)
        for ctrl in V1_CONTROLLERS:
            base = CGROUP_ROOT / ctrl / self.cgroup_parent if ctrl else \
                CGROUP_ROOT / self.cgroup_parent
            for dirpath, dirnames, _ in os.walk(base):
                for d in dirnames:
                    if uid in d:
                        out.append("cgroup " + os.path.join(dirpath, d))
        return out

    def cleanup(self, runtime=None):
        """Deletes what is left: pods (through `runtime` if given), bridges,
        cgroups, mounts, files."""
        if runtime is not None:
            try:
                for pod in runtime.pods():
                    try:
                        pod.delete(force=True)
                    except Exception:
                        pass
            except Exception:
                pass
        elif (self.state_dir / "pods").is_dir() and any((self.state_dir / "pods").iterdir()):
            # Pods a failed program left: podctl deletes them (and their monitors).
            env = dict(os.environ, PODCORE_STATE_DIR=str(self.state_dir),
                       PODCORE_BRIDGE=self.bridge, PODCORE_SUBNET=self.subnet,
                       PODCORE_NETWORK=self.network_name,
                       PODCORE_CGROUP_PARENT=self.cgroup_parent)
            subprocess.run([os.environ["PODCTL_PATH"], "delete", "pods", "--all", "-A",
                            "--force"], env=env, check=False, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        for bridge in self.bridges:
            if os.path.exists(f"/sys/class/net/{bridge}"):
                subprocess.run(["ip", "link", "delete", bridge], check=False,
                               stderr=subprocess.DEVNULL)
        for ctrl in V1_CONTROLLERS:
            base = CGROUP_ROOT / ctrl / self.cgroup_parent if ctrl else \
                CGROUP_ROOT / self.cgroup_parent
            if base.is_dir():
                for dirpath, _, _ in sorted(os.walk(base), key=lambda w: -len(w[0])):
                    try:
                        os.rmdir(dirpath)
                    except OSError:
                        pass
        libc = ctypes.CDLL(None, use_errno=True)
        for m in sorted(mounts_under(self.dir), key=len, reverse=True):
            libc.umount2(m.encode(), 2)  # MNT_DETACH
        shutil.rmtree(self.dir, ignore_errors=True)
