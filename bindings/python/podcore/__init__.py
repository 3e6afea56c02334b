"""podcore: Kubernetes pods on one Linux node, from Python.

A pure-Python ctypes binding of libpodcore.so.1 (the C ABI of
include/podcore/podcore.h); nothing to compile.

    import podcore
    with podcore.Runtime(state_dir="/run/podcore") as rt:
        pod = rt.apply("pod.yml")
        pod.wait("Ready", timeout=30)
        print(pod.exec(["ps", "aux"]).stdout)
        pod.delete()

The library is found through $PODCORE_LIBRARY, then the build tree, then
the system loader.
"""

from ._core import (ExecResult, Pod, Runtime, Watch, WatchEvent, default, has_feature, validate,
                    version)
from .errors import (AlreadyExists, Busy, FieldError, InternalError, InvalidArgument,
                     InvalidManifest, InvalidState, NotFound, PermissionDenied, PodcoreError,
                     ResourceExhausted, SystemFailure, Timeout, Unsupported)
from ._lib import lib as _cdll

__all__ = [
    "Runtime", "Pod", "ExecResult", "Watch", "WatchEvent", "version", "has_feature", "validate", "default",
    "PodcoreError", "InvalidArgument", "InvalidManifest", "NotFound", "AlreadyExists",
    "PermissionDenied", "ResourceExhausted", "SystemFailure", "Timeout", "Busy", "Unsupported",
    "InternalError", "InvalidState", "FieldError",
]

__version__ = version()[3]
library_path = _cdll.path
