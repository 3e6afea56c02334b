"""podcore from Python against real pods (root): the web-sync example pod's
whole life through the ctypes binding — apply, wait, status, exec, logs,
list, watch, stats, events, delete — in a private world (state dir with the
busybox image, bridge, subnet, cgroup parent) that is removed even on
failure, and nothing left behind after delete."""

import os
import time
import unittest

import podcore
from world import SOURCE_DIR, World

WEB_SYNC = SOURCE_DIR / "examples" / "web-sync-pod.yml"


def eventually(fn, timeout=10.0):
    """fn()'s first non-empty value, polling until `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while True:
        value = fn()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


@unittest.skipUnless(os.geteuid() == 0, "needs root")
class PodLifeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.world = World("py")
        try:
            cls.world.import_busybox()
            cls.rt = podcore.Runtime(**cls.world.runtime_kwargs())
        except BaseException:
            cls.world.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.world.cleanup(cls.rt)
        cls.rt.close()

    def apply(self, manifest, **kw):
        """rt.apply(); when another test holds our /24 ("overlaps"), take
        another subnet and bridge and retry."""
        for _ in range(20):
            try:
                return self.rt.apply(manifest, **kw)
            except podcore.PodcoreError as e:
                if "overlaps" not in str(e):
                    raise
            self.rt.close()
            self.world.new_subnet()
            type(self).rt = podcore.Runtime(**self.world.runtime_kwargs())
        self.fail("no free test subnet")

    def test_web_sync_pod_life(self):
        pod = self.apply(WEB_SYNC)
        self.assertEqual((pod.namespace, pod.name), ("default", "web-sync"))
        obj = pod.wait("Ready", timeout=60)
        self.assertEqual(obj["kind"], "Pod")
        self.assertEqual(obj["status"]["phase"], "Running")
        uid = obj["metadata"]["uid"]
        self.assertTrue(obj["status"]["podIP"].startswith(self.world.subnet.rsplit(".", 2)[0]))
        names = sorted(c["name"] for c in obj["status"]["containerStatuses"])
        self.assertEqual(names, ["sync", "web"])
        self.assertTrue(all(c["ready"] for c in obj["status"]["containerStatuses"]))
        self.assertEqual(pod.status()["metadata"]["uid"], uid)
        self.assertEqual(pod.phase, "Running")

        # exec: what the process inside sees.
        ps = pod.exec(["ps", "aux"], container="web")
        self.assertEqual(ps.returncode, 0, ps.stderr)
        self.assertIn("httpd -f -p 8080", ps.stdout)
        r = pod.exec(["sh", "-c", "echo out; echo err >&2; exit 3"])
        self.assertEqual((r.stdout, r.stderr, r.returncode), ("out\n", "err\n", 3))
        self.assertEqual(pod.exec(["cat", "/etc/hostname"]).stdout.strip(), "web-sync")
        with self.assertRaises(podcore.NotFound) as cm:
            pod.exec(["no-such-program"])
        self.assertIn("executable file not found", str(cm.exception))
        with self.assertRaises(podcore.NotFound):
            pod.exec(["true"], container="no-such-container")

        # The sidecar writes the page every second and logs it.
        # (It may not have written it yet when the pod turned Ready: poll.)
        def served():
            return pod.exec(["wget", "-qO-", "http://127.0.0.1:8080/index.html"],
                            container="sync").stdout
        self.assertIn("synced at", eventually(served))
        self.assertIn("synced at", eventually(lambda: pod.logs(container="sync")))
        self.assertEqual(pod.logs(container="web"), "")
        pieces = []
        pod.follow_logs(lambda text: pieces.append(text) or "synced at" in "".join(pieces),
                        container="sync")  # returns once the callback says stop
        self.assertIn("synced at", "".join(pieces))
        with self.assertRaises(ZeroDivisionError):  # the callback's exception comes back
            pod.follow_logs(lambda text: 1 / 0, container="sync")

        # list, get, watch, stats, events
        self.assertIn(pod, self.rt.pods())
        self.assertEqual(self.rt.pods(namespace="default", selector="app=web"), [pod])
        self.assertEqual(self.rt.pods(selector="app=db"), [])
        self.assertEqual(self.rt.pod("web-sync"), pod)
        events = self.rt.watch(timeout=10)
        first = next(events)
        events.close()
        self.assertEqual((first.type, first.pod), ("ADDED", pod))
        self.assertEqual(first.object["metadata"]["uid"], uid)
        stats = pod.stats()
        self.assertGreater(stats["pids_current"], 0)
        self.assertGreater(stats["memory_usage_bytes"], 0)
        reasons = [e["reason"] for e in pod.events()]
        self.assertIn("Started", reasons)

        # A second pod of that name is refused, and nothing changes.
        with self.assertRaises(podcore.AlreadyExists) as cm:
            self.rt.apply(WEB_SYNC)
        self.assertIn('pods "web-sync" already exists', str(cm.exception))
        self.assertEqual(pod.status()["metadata"]["uid"], uid)

        pod.delete(grace_period=0)
        with self.assertRaises(podcore.NotFound) as cm:
            pod.status()
        self.assertIn('pods "web-sync" not found', str(cm.exception))
        self.assertEqual(self.world.leaks(uid), [])

    def test_images(self):
        refs = {i["reference"]: i for i in self.rt.images()}
        self.assertIn("docker.io/library/busybox:1.36", refs)
        busybox = refs["docker.io/library/busybox:1.36"]
        self.assertTrue(busybox["id"].startswith("sha256:"))
        self.assertGreater(busybox["size"], 0)
        self.rt.image_remove("busybox:musl")
        self.assertNotIn("docker.io/library/busybox:musl",
                         [i["reference"] for i in self.rt.images()])
        with self.assertRaises(podcore.NotFound):
            self.rt.image_remove("busybox:musl")

    def test_an_invalid_manifest_creates_nothing(self):
        bad = WEB_SYNC.read_text().replace("containerPort: 8080", "containerPort: 70000")
        with self.assertRaises(podcore.InvalidManifest) as cm:
            self.rt.apply(bad)
        self.assertEqual([fe.field for fe in cm.exception.field_errors],
                         ["spec.containers[0].ports[0].containerPort"])
        self.assertEqual([p for p in self.rt.pods() if p.name == "web-sync" and
                          p.namespace == "invalid"], [])
        with self.assertRaises(podcore.NotFound):
            self.rt.pod("nothing-here")

    def test_wait_times_out_and_a_watch_sees_a_pod_come_and_go(self):
        manifest = """apiVersion: v1
kind: Pod
metadata: {name: short, namespace: py-watch}
spec:
  restartPolicy: Never
  containers:
  - {name: app, image: busybox:1.36, command: ["sh", "-c", "sleep 1; exit 7"]}
"""
        events = self.rt.watch(namespace="py-watch", timeout=60)
        pod = self.apply(manifest)
        with self.assertRaises(podcore.Timeout):
            pod.wait("Succeeded", timeout=0.05)  # it never succeeds: it exits 7 after 1 s
        seen = []
        for ev in events:  # until the watch shows the pod Failed
            self.assertEqual(ev.pod, pod)
            seen.append((ev.type, ev.object["status"].get("phase")))
            if ev.object["status"].get("phase") == "Failed":
                break
        self.assertEqual(seen[0][0], "ADDED")
        self.assertEqual(seen[-1], ("MODIFIED", "Failed"))
        done = pod.wait("Terminal", timeout=60)
        term = done["status"]["containerStatuses"][0]["state"]["terminated"]
        self.assertEqual(term["exitCode"], 7)
        uid = done["metadata"]["uid"]
        pod.delete()
        ev = next(events)
        events.close()
        self.assertEqual((ev.type, ev.pod), ("DELETED", pod))
        self.assertEqual(self.world.leaks(uid), [])

if __name__ == "__main__":
    unittest.main()
