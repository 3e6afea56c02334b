"""Runtime and Pod: the Python face of the C ABI (podcore.h)."""

import collections
import ctypes
import json
import os
import time

from . import errors
from ._lib import (ExecOptions, CreateOptions, DeleteOptions, ImageImportOptions, LogOptions,
                   RuntimeOptions, Stats, LogCallback, argv_array, dec, enc, lib, new_options,
                   take_string)
from . import _lib

FORMAT_YAML = 0
FORMAT_JSON = 1

_WATCH_TYPES = {1: "ADDED", 2: "MODIFIED", 3: "DELETED"}


def _raise(rc, err):
    """Turns a failed call's podcore_error into the matching exception (and frees it)."""
    if not err:
        name = dec(lib.podcore_errc_str(rc))
        raise errors.BY_CODE.get(rc, errors.PodcoreError)(name, code=rc, code_name=name)
    try:
        code = lib.podcore_error_code(err)
        causes = [errors.FieldError(dec(lib.podcore_error_cause_reason(err, i)),
                                    dec(lib.podcore_error_cause_field(err, i)),
                                    dec(lib.podcore_error_cause_message(err, i)),
                                    lib.podcore_error_cause_line(err, i),
                                    lib.podcore_error_cause_column(err, i))
                  for i in range(lib.podcore_error_cause_count(err))]
        exc = errors.BY_CODE.get(code, errors.PodcoreError)(
            dec(lib.podcore_error_string(err)), code=code,
            code_name=dec(lib.podcore_errc_str(code)),
            message=dec(lib.podcore_error_message(err)),
            stage=dec(lib.podcore_error_stage(err)), object=dec(lib.podcore_error_object(err)),
            field=dec(lib.podcore_error_field(err)), errno=lib.podcore_error_errno(err),
            field_errors=causes)
    finally:
        lib.podcore_error_free(err)
    raise exc


def _call(fn, *args):
    """Calls a C function whose last parameter is podcore_error**; raises on failure."""
    err = _lib.Error_p()
    rc = fn(*args, ctypes.byref(err))
    if rc != 0:
        _raise(rc, err)
    return rc


def _manifest_text(manifest):
    """YAML/JSON text, or a path (str or os.PathLike) to a file holding it."""
    if isinstance(manifest, os.PathLike):
        with open(manifest, "rb") as f:
            return f.read()
    if isinstance(manifest, bytes):
        return manifest
    if "\n" not in manifest and os.path.isfile(manifest):
        with open(manifest, "rb") as f:
            return f.read()
    return manifest.encode("utf-8")


def version():
    """The loaded library's version as (major, minor, patch, text)."""
    major, minor, patch = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
    text = dec(lib.podcore_version(ctypes.byref(major), ctypes.byref(minor), ctypes.byref(patch)))
    return major.value, minor.value, patch.value, text


def has_feature(name):
    """Whether this library, on this host, has `name` ("cgroup2", "watch", ...)."""
    return lib.podcore_has_feature(enc(name)) != 0


def validate(manifest):
    """Decodes, defaults and validates a one-Pod manifest (text or path) as the
    API server would, creating nothing. Returns the API server's warnings;
    raises InvalidManifest with field_errors."""
    out = ctypes.c_void_p()
    _call(lib.podcore_manifest_validate, ctypes.byref(out), _manifest_text(manifest))
    return [w for w in take_string(out).split("\n") if w]


def default(manifest, namespace=None, format="yaml"):
    """The Pod the API server would store for `manifest`, as YAML or JSON text."""
    out = ctypes.c_void_p()
    _call(lib.podcore_manifest_default, ctypes.byref(out), _manifest_text(manifest),
          enc(namespace), FORMAT_JSON if format == "json" else FORMAT_YAML)
    return take_string(out)


def _pod_object(handle):
    """A podcore_pod* -> the Kubernetes object as a dict."""
    out = ctypes.c_void_p()
    _call(lib.podcore_pod_to_text, ctypes.byref(out), handle, FORMAT_JSON)
    return json.loads(take_string(out))


ExecResult = collections.namedtuple("ExecResult", "args returncode stdout stderr")
ExecResult.__doc__ = "What Pod.exec() returns (like subprocess.CompletedProcess; str output)."

WatchEvent = collections.namedtuple("WatchEvent", "type pod object")
WatchEvent.__doc__ = """One watch event: type ("ADDED", "MODIFIED", "DELETED"), the Pod it is
about, and object, the Kubernetes object (dict) as of the event."""


class _Closing:
    """Context manager and finaliser for a handle owner with close()."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass


class Pod:
    """A pod of a Runtime, by namespace and name. Every method reads or acts
    on the live pod (no cached state)."""

    def __init__(self, runtime, name, namespace="default", warnings=()):
        self.runtime = runtime
        self.name = name
        self.namespace = namespace
        self.warnings = list(warnings)  # the API server's warnings at create

    def __repr__(self):
        return f"Pod({self.namespace}/{self.name})"

    def __eq__(self, other):
        return (isinstance(other, Pod) and other.runtime is self.runtime and
                (other.namespace, other.name) == (self.namespace, self.name))

    def __hash__(self):
        return hash((self.namespace, self.name))

    def _key(self):
        return enc(self.namespace), enc(self.name)

    def status(self):
        """The pod as `kubectl get pod -o json` shows it (a dict)."""
        handle = _lib.Pod_p()
        _call(lib.podcore_pod_get, ctypes.byref(handle), self.runtime._rt(), *self._key())
        try:
            return _pod_object(handle)
        finally:
            lib.podcore_pod_free(handle)

    @property
    def phase(self):
        """status.phase now ("Pending", "Running", ...)."""
        return self.status().get("status", {}).get("phase", "")

    @property
    def uid(self):
        return self.status()["metadata"]["uid"]

    def wait(self, condition="Ready", timeout=60.0):
        """Waits until the pod meets `condition`: a condition type ("Ready",
        "ContainersReady", "Initialized", ...), a phase ("Running",
        "Succeeded", "Failed"), "Terminal" or "Deleted". Returns the object
        (a dict; None for "Deleted"); raises Timeout."""
        handle = _lib.Pod_p()
        _call(lib.podcore_pod_wait, ctypes.byref(handle), self.runtime._rt(), *self._key(),
              enc(condition), int(timeout * 1000))
        if not handle:
            return None
        try:
            return _pod_object(handle)
        finally:
            lib.podcore_pod_free(handle)

    def exec(self, argv, container=None, timeout=None, check=False):
        """Runs argv in a running container; returns ExecResult(args,
        returncode, stdout, stderr). A command that fails is a result, not an
        error (unless check=True: then a nonzero returncode raises
        subprocess.CalledProcessError). Raises NotFound for a missing
        executable, InvalidState when the container is not running, Timeout
        when `timeout` (seconds) ran out."""
        if isinstance(argv, str):
            raise TypeError("exec: argv is a list of strings (no shell)")
        opts = new_options(ExecOptions, lib.podcore_exec_options_init)
        opts.container = enc(container)
        if timeout is not None:
            opts.timeout_ms = max(1, int(timeout * 1000))
        args, keep = argv_array(argv)
        result = _lib.ExecResult_p()
        _call(lib.podcore_pod_exec, ctypes.byref(result), self.runtime._rt(), *self._key(), args,
              ctypes.byref(opts))
        del keep
        try:
            n = ctypes.c_size_t()
            out = lib.podcore_exec_result_stdout(result, ctypes.byref(n))
            stdout = ctypes.string_at(out, n.value) if out else b""
            err = lib.podcore_exec_result_stderr(result, ctypes.byref(n))
            stderr = ctypes.string_at(err, n.value) if err else b""
            rc = lib.podcore_exec_result_exit_code(result)
        finally:
            lib.podcore_exec_result_free(result)
        res = ExecResult(list(argv), rc, stdout.decode("utf-8", "replace"),
                         stderr.decode("utf-8", "replace"))
        if check and rc != 0:
            import subprocess
            raise subprocess.CalledProcessError(rc, list(argv), res.stdout, res.stderr)
        return res

    def _log_options(self, container, previous, tail, since, timestamps, limit_bytes):
        opts = new_options(LogOptions, lib.podcore_log_options_init)
        opts.container = enc(container)
        opts.previous = 1 if previous else 0
        if tail is not None:
            opts.tail = int(tail)
        if since is not None:
            opts.since = int(since * 1e9)  # seconds since the epoch
        opts.timestamps = 1 if timestamps else 0
        if limit_bytes is not None:
            opts.limit_bytes = int(limit_bytes)
        return opts

    def logs(self, container=None, previous=False, tail=None, since=None, timestamps=False,
             limit_bytes=None):
        """A container's log as `kubectl logs` prints it (str). `since` is a
        time in seconds since the epoch."""
        opts = self._log_options(container, previous, tail, since, timestamps, limit_bytes)
        out, n = ctypes.c_void_p(), ctypes.c_size_t()
        _call(lib.podcore_pod_logs, ctypes.byref(out), ctypes.byref(n), self.runtime._rt(),
              *self._key(), ctypes.byref(opts))
        return take_string(out, n.value)

    def follow_logs(self, callback, container=None, tail=None, since=None, timestamps=False):
        """`kubectl logs -f`: calls callback(text) with the log so far, then
        each new piece, until it returns True (stop), the container instance
        ends or the pod is deleted. An exception in the callback stops the
        follow and is raised here."""
        opts = self._log_options(container, False, tail, since, timestamps, None)
        caught = []

        def trampoline(_user, data, length):
            try:
                return 1 if callback(ctypes.string_at(data, length).decode("utf-8", "replace")) \
                    else 0
            except BaseException as e:  # never unwind through C
                caught.append(e)
                return 1

        cb = LogCallback(trampoline)
        err = _lib.Error_p()
        rc = lib.podcore_pod_logs_follow(self.runtime._rt(), *self._key(), ctypes.byref(opts), cb,
                                         None, ctypes.byref(err))
        if caught:
            if err:
                lib.podcore_error_free(err)
            raise caught[0]
        if rc != 0:
            _raise(rc, err)

    def events(self):
        """The pod's events (folded), oldest first, as dicts."""
        lst = _lib.EventList_p()
        _call(lib.podcore_pod_events, ctypes.byref(lst), self.runtime._rt(), *self._key())
        try:
            return [{"type": dec(lib.podcore_event_type(lst, i)),
                     "reason": dec(lib.podcore_event_reason(lst, i)),
                     "message": dec(lib.podcore_event_message(lst, i)),
                     "fieldPath": dec(lib.podcore_event_field_path(lst, i)),
                     "source": dec(lib.podcore_event_source(lst, i)),
                     "count": lib.podcore_event_count(lst, i),
                     "firstTimestamp": lib.podcore_event_first_time(lst, i) / 1e9,
                     "lastTimestamp": lib.podcore_event_last_time(lst, i) / 1e9}
                    for i in range(lib.podcore_event_list_count(lst))]
        finally:
            lib.podcore_event_list_free(lst)

    def stats(self, container=None):
        """CPU, memory and process usage of the pod (or one container)."""
        s = new_options(Stats, lib.podcore_stats_init)
        _call(lib.podcore_pod_stats, ctypes.byref(s), self.runtime._rt(), *self._key(),
              enc(container))
        return {name: getattr(s, name) for name, _ in Stats._fields_ if name != "struct_size"}

    def delete(self, grace_period=None, force=False, wait=True):
        """Deletes the pod (SIGTERM, grace period, SIGKILL; then its network,
        namespaces, cgroups and files). With wait, nothing of it is left when
        this returns."""
        opts = new_options(DeleteOptions, lib.podcore_delete_options_init)
        if grace_period is not None:
            opts.grace_seconds = int(grace_period)
        opts.force = 1 if force else 0
        opts.wait = 1 if wait else 0
        _call(lib.podcore_pod_delete, self.runtime._rt(), *self._key(), ctypes.byref(opts))


class Watch(_Closing):
    """An open watch (Runtime.watch()). fileno() polls readable when an event
    may be ready. One thread at a time."""

    def __init__(self, runtime, namespace, selector, timeout):
        self.runtime = runtime
        self._w = _lib.Watch_p()
        _call(lib.podcore_watch_open, ctypes.byref(self._w), runtime._rt(), enc(namespace),
              enc(selector))
        self._deadline = None if timeout is None else time.monotonic() + timeout

    def fileno(self):
        return lib.podcore_watch_fd(self._w)

    def __iter__(self):
        return self

    def __next__(self):
        while True:
            if not self._w:
                raise StopIteration
            if self._deadline is None:
                wait_ms = -1
            else:
                wait_ms = int((self._deadline - time.monotonic()) * 1000)
                if wait_ms < 0:
                    self.close()
                    raise StopIteration
            kind, handle, err = ctypes.c_int(), _lib.Pod_p(), _lib.Error_p()
            rc = lib.podcore_watch_next(self._w, ctypes.byref(kind), ctypes.byref(handle),
                                        wait_ms, ctypes.byref(err))
            if rc == errors.Timeout.code:
                lib.podcore_error_free(err)
                continue  # the deadline check ends it
            if rc != 0:
                _raise(rc, err)
            try:
                obj = _pod_object(handle)
                pod = Pod(self.runtime, dec(lib.podcore_pod_name(handle)),
                          dec(lib.podcore_pod_namespace(handle)))
            finally:
                lib.podcore_pod_free(handle)
            return WatchEvent(_WATCH_TYPES.get(kind.value, str(kind.value)), pod, obj)

    def close(self):
        if self._w:
            lib.podcore_watch_close(self._w)
            self._w = _lib.Watch_p()


class Runtime(_Closing):
    """A podcore runtime: one state directory, one pod network, one cgroup
    parent. Use it as a context manager (or call close()). Every keyword is
    optional; None means the library's default (state_dir "/run/podcore",
    bridge "podcore0", subnet "10.87.0.0/16", cgroup_parent "podcore", ...).
    Safe to use from several threads."""

    def __init__(self, state_dir=None, bridge=None, subnet=None, cgroup_parent=None, *,
                 network_name=None, gateway=None, subnet6=None, gateway6=None, mtu=0,
                 cgroup_root=None, monitor_path=None, node_name=None, log_max_size=0,
                 log_max_files=0, pids_max=0):
        opts = new_options(RuntimeOptions, lib.podcore_runtime_options_init)
        keep = {}
        for field, value in (("state_dir", state_dir), ("bridge", bridge), ("subnet", subnet),
                             ("cgroup_parent", cgroup_parent), ("network_name", network_name),
                             ("gateway", gateway), ("subnet6", subnet6), ("gateway6", gateway6),
                             ("cgroup_root", cgroup_root), ("monitor_path", monitor_path),
                             ("node_name", node_name)):
            if value is not None:
                keep[field] = enc(value)
                setattr(opts, field, keep[field])
        if mtu:
            opts.mtu = mtu
        if log_max_size:
            opts.log_max_size = log_max_size
        if log_max_files:
            opts.log_max_files = log_max_files
        if pids_max:
            opts.pids_max = pids_max
        self._handle = _lib.Runtime_p()
        _call(lib.podcore_runtime_open, ctypes.byref(self._handle), ctypes.byref(opts))
        self.state_dir = state_dir or "/run/podcore"

    def _rt(self):
        if not self._handle:
            raise ValueError("podcore.Runtime: used after close()")
        return self._handle

    def close(self):
        """Closes the runtime (pods keep running: their monitors own them)."""
        if self._handle:
            lib.podcore_runtime_close(self._handle)
            self._handle = _lib.Runtime_p()


    def apply(self, manifest, namespace=None, wait=False, timeout=60.0):
        """Creates the pod of `manifest` (YAML/JSON text, or a path to a file)
        and returns its Pod. wait=True returns once it is Running with every
        container ready (or terminal). Raises InvalidManifest (field_errors),
        AlreadyExists, Timeout, ..."""
        opts = new_options(CreateOptions, lib.podcore_create_options_init)
        ns = enc(namespace)
        opts.namespace_ = ns
        opts.wait_ready = 1 if wait else 0
        opts.timeout_ms = int(timeout * 1000)
        handle = _lib.Pod_p()
        _call(lib.podcore_pod_create, ctypes.byref(handle), self._rt(), _manifest_text(manifest),
              ctypes.byref(opts))
        try:
            warnings = [dec(lib.podcore_pod_warning_at(handle, i))
                        for i in range(lib.podcore_pod_warning_count(handle))]
            return Pod(self, dec(lib.podcore_pod_name(handle)),
                       dec(lib.podcore_pod_namespace(handle)), warnings)
        finally:
            lib.podcore_pod_free(handle)

    create = apply

    def pod(self, name, namespace="default"):
        """The Pod `name` (raises NotFound when there is none)."""
        handle = _lib.Pod_p()
        _call(lib.podcore_pod_get, ctypes.byref(handle), self._rt(), enc(namespace), enc(name))
        lib.podcore_pod_free(handle)
        return Pod(self, name, namespace)

    def pods(self, namespace=None, selector=None):
        """The pods of a namespace (None: all), sorted by namespace and name,
        filtered by a label selector ("app=web", ...)."""
        lst = _lib.PodList_p()
        _call(lib.podcore_pods_list, ctypes.byref(lst), self._rt(), enc(namespace), enc(selector))
        try:
            out = []
            for i in range(lib.podcore_pod_list_count(lst)):
                p = lib.podcore_pod_list_at(lst, i)
                out.append(Pod(self, dec(lib.podcore_pod_name(p)),
                               dec(lib.podcore_pod_namespace(p))))
            return out
        finally:
            lib.podcore_pod_list_free(lst)

    def watch(self, namespace=None, selector=None, timeout=None):
        """Watches pods: an iterator (generator-like: next(), close(), a
        context manager) of WatchEvent — each pod present now first as ADDED,
        then every change — that ends when `timeout` seconds have passed
        (None: never). The watch is open from this call on, so no change
        made after it is missed."""
        return Watch(self, namespace, selector, timeout)

    def images(self):
        """The image store's references, as dicts (reference, repository, tag, id, size)."""
        lst = _lib.ImageList_p()
        _call(lib.podcore_images_list, ctypes.byref(lst), self._rt())
        try:
            return [{"reference": dec(lib.podcore_image_list_reference(lst, i)),
                     "repository": dec(lib.podcore_image_list_repository(lst, i)),
                     "tag": dec(lib.podcore_image_list_tag(lst, i)),
                     "id": dec(lib.podcore_image_list_id(lst, i)),
                     "size": lib.podcore_image_list_size(lst, i)}
                    for i in range(lib.podcore_image_list_count(lst))]
        finally:
            lib.podcore_image_list_free(lst)

    def image_import(self, reference, source, entrypoint=None, cmd=None, env=None,
                     working_dir=None, user=None):
        """Imports a rootfs directory, bundle or tar archive as `reference`;
        returns the image id ("sha256:...")."""
        opts = new_options(ImageImportOptions, lib.podcore_image_import_options_init)
        keep = []
        for field, value in (("entrypoint", entrypoint), ("cmd", cmd), ("env", env)):
            if value is not None:
                arr, backing = argv_array(value)
                keep.append(backing)
                setattr(opts, field, arr)
        opts.working_dir = enc(working_dir)
        opts.user = enc(user)
        out = ctypes.c_void_p()
        _call(lib.podcore_image_import, ctypes.byref(out), self._rt(), enc(reference), enc(source),
              ctypes.byref(opts))
        return take_string(out)

    def image_remove(self, reference):
        """Removes an image reference (its content goes with the last one)."""
        _call(lib.podcore_image_remove, self._rt(), enc(reference))
