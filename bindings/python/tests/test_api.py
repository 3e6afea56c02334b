"""The podcore package without pods: loading, version, features, manifest
validation and defaulting, and the mapping of C errors to exceptions. No
root needed."""

import json
import os
import pathlib
import tempfile
import unittest

import podcore

EXAMPLES = pathlib.Path(os.environ.get("PODCORE_SOURCE_DIR",
                                       pathlib.Path(__file__).resolve().parents[3])) / "examples"

GOOD = """apiVersion: v1
kind: Pod
metadata:
  name: hello
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
"""

BAD = """apiVersion: v1
kind: Pod
metadata:
  name: Bad_Name
spec:
  containers:
  - name: app
    ports:
    - containerPort: 70000
"""


class LibraryTest(unittest.TestCase):
    def test_loads_the_library_it_was_told_to(self):
        if "PODCORE_LIBRARY" in os.environ:
            self.assertEqual(podcore.library_path, os.environ["PODCORE_LIBRARY"])
        self.assertTrue(podcore.library_path.endswith("libpodcore.so.1"), podcore.library_path)

    def test_version_is_the_so_major(self):
        major, minor, patch, text = podcore.version()
        self.assertEqual(major, 1)
        self.assertEqual(text, f"{major}.{minor}.{patch}")
        self.assertEqual(podcore.__version__, text)

    def test_features(self):
        self.assertTrue(podcore.has_feature("json"))
        self.assertTrue(podcore.has_feature("yaml"))
        self.assertFalse(podcore.has_feature("no-such-feature"))
        # Host features follow the host.
        self.assertEqual(podcore.has_feature("cgroup2"),
                         os.path.exists("/sys/fs/cgroup/cgroup.controllers"))


class ManifestTest(unittest.TestCase):
    def test_a_valid_manifest_validates(self):
        self.assertIsInstance(podcore.validate(GOOD), list)

    def test_a_path_is_read(self):
        self.assertIsInstance(podcore.validate(str(EXAMPLES / "web-sync-pod.yml")), list)
        self.assertIsInstance(podcore.validate(EXAMPLES / "web-sync-pod.yml"), list)

    def test_an_invalid_manifest_raises_with_every_field_error(self):
        with self.assertRaises(podcore.InvalidManifest) as cm:
            podcore.validate(BAD)
        e = cm.exception
        self.assertIsInstance(e, podcore.PodcoreError)
        self.assertIsInstance(e, ValueError)
        self.assertEqual(e.code, -2)
        self.assertEqual(e.code_name, "invalid manifest")
        fields = {fe.field: fe for fe in e.field_errors}
        self.assertIn("metadata.name", fields)
        self.assertIn("spec.containers[0].image", fields)
        self.assertEqual(fields["spec.containers[0].image"].reason, "FieldValueRequired")
        self.assertIn("spec.containers[0].ports[0].containerPort", fields)
        self.assertIn("must be between 1 and 65535",
                      fields["spec.containers[0].ports[0].containerPort"].message)
        self.assertIn("Bad_Name", str(e))

    def test_a_syntax_error_names_line_and_column(self):
        with self.assertRaises(podcore.InvalidManifest) as cm:
            podcore.validate("apiVersion: v1\nkind: Pod\nmetadata: {name: x\n")
        self.assertEqual(cm.exception.stage, "manifest.decode")
        self.assertTrue(any(fe.line > 0 for fe in cm.exception.field_errors) or
                        "line" in str(cm.exception), str(cm.exception))

    def test_default_fills_what_the_api_server_would(self):
        obj = json.loads(podcore.default(GOOD, namespace="team-a", format="json"))
        self.assertEqual(obj["metadata"]["namespace"], "team-a")
        c = obj["spec"]["containers"][0]
        self.assertEqual(c["terminationMessagePath"], "/dev/termination-log")
        self.assertEqual(c["imagePullPolicy"], "IfNotPresent")
        self.assertEqual(obj["spec"]["restartPolicy"], "Always")
        self.assertIn("restartPolicy: Always", podcore.default(GOOD))


class ErrorMappingTest(unittest.TestCase):
    def test_every_code_has_its_class(self):
        from podcore import errors
        self.assertEqual(sorted(errors.BY_CODE), list(range(-12, 0)))
        self.assertIs(errors.BY_CODE[-3], podcore.NotFound)
        self.assertTrue(issubclass(podcore.NotFound, LookupError))

    def test_a_failed_open_says_where_and_on_what(self):
        # A state directory that is a regular file: the runtime fails at its
        # first step (before any cgroup or network), naming stage and path.
        with tempfile.NamedTemporaryFile() as f:
            with self.assertRaises(podcore.PodcoreError) as cm:
                podcore.Runtime(state_dir=f.name)
            e = cm.exception
            self.assertIn(f.name, str(e))
            self.assertNotEqual(e.stage, "")
            self.assertIsInstance(e, podcore.errors.BY_CODE[e.code])


if __name__ == "__main__":
    unittest.main()
