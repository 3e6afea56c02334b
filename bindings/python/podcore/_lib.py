"""Loading libpodcore.so.1 and declaring the C ABI of podcore.h for ctypes.

The library is searched for in this order:
  1. $PODCORE_LIBRARY (a path to libpodcore.so.1),
  2. the build tree this package sits in (<repo>/build/capi/libpodcore.so.1),
  3. the system loader ("libpodcore.so.1": ld.so.cache, $LD_LIBRARY_PATH).
Only this module knows the C signatures; the rest of the package calls them.
"""

import ctypes
import os
import pathlib

SONAME = "libpodcore.so.1"

c_char_pp = ctypes.POINTER(ctypes.c_char_p)
c_void_pp = ctypes.POINTER(ctypes.c_void_p)


class _Handle(ctypes.c_void_p):
    """Base of the opaque handle types (a distinct pointer type each)."""


class Runtime_p(_Handle):
    pass


class Pod_p(_Handle):
    pass


class Container_p(_Handle):
    pass


class PodList_p(_Handle):
    pass


class EventList_p(_Handle):
    pass


class ExecResult_p(_Handle):
    pass


class Watch_p(_Handle):
    pass


class ImageList_p(_Handle):
    pass


class Error_p(_Handle):
    pass


# Options structs, each declared as podcore.h has it. podcore_*_init() is
# given this module's size of the struct: it writes no more, and the library
# reads only these fields (and defaults the rest).
class RuntimeOptions(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("state_dir", ctypes.c_char_p),
        ("network_name", ctypes.c_char_p),
        ("bridge", ctypes.c_char_p),
        ("subnet", ctypes.c_char_p),
        ("gateway", ctypes.c_char_p),
        ("subnet6", ctypes.c_char_p),
        ("gateway6", ctypes.c_char_p),
        ("mtu", ctypes.c_uint),
        ("cgroup_root", ctypes.c_char_p),
        ("cgroup_parent", ctypes.c_char_p),
        ("monitor_path", ctypes.c_char_p),
        ("node_name", ctypes.c_char_p),
        ("log_max_size", ctypes.c_uint64),
        ("log_max_files", ctypes.c_uint),
        ("pids_max", ctypes.c_int64),
    ]


class CreateOptions(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("namespace_", ctypes.c_char_p),
        ("wait_ready", ctypes.c_int),
        ("timeout_ms", ctypes.c_int64),
    ]


class LogOptions(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("container", ctypes.c_char_p),
        ("previous", ctypes.c_int),
        ("tail", ctypes.c_int64),
        ("since", ctypes.c_int64),
        ("timestamps", ctypes.c_int),
        ("limit_bytes", ctypes.c_int64),
    ]


class ExecOptions(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("container", ctypes.c_char_p),
        ("timeout_ms", ctypes.c_int64),
        ("stdin_fd", ctypes.c_int),
        ("tty", ctypes.c_int),
    ]


class Stats(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("cpu_usage_ns", ctypes.c_uint64),
        ("memory_usage_bytes", ctypes.c_uint64),
        ("memory_working_set_bytes", ctypes.c_uint64),
        ("pids_current", ctypes.c_uint64),
        ("oom_kills", ctypes.c_uint64),
    ]


class DeleteOptions(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("grace_seconds", ctypes.c_int64),
        ("force", ctypes.c_int),
        ("wait", ctypes.c_int),
    ]


class ImageImportOptions(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("entrypoint", c_char_pp),
        ("cmd", c_char_pp),
        ("env", c_char_pp),
        ("working_dir", ctypes.c_char_p),
        ("user", ctypes.c_char_p),
    ]




def new_options(struct_type, init):
    """A struct_type set to the library's defaults by `init`, which writes
    exactly the size this module knows (so a newer library writes nothing
    past it) and sets struct_size to it."""
    opts = struct_type()
    init(ctypes.byref(opts), ctypes.sizeof(struct_type))
    return opts


LogCallback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(ctypes.c_char),
                               ctypes.c_size_t)

_E = ctypes.POINTER(Error_p)
_sz = ctypes.c_size_t
_s = ctypes.c_char_p
_i = ctypes.c_int
_i64 = ctypes.c_int64

# name: (restype, argtypes)
_PROTOTYPES = {
    "podcore_version": (_s, [ctypes.POINTER(_i)] * 3),
    "podcore_has_feature": (_i, [_s]),
    "podcore_free": (None, [ctypes.c_void_p]),
    "podcore_errc_str": (_s, [_i]),
    "podcore_error_free": (None, [Error_p]),
    "podcore_error_code": (_i, [Error_p]),
    "podcore_error_string": (_s, [Error_p]),
    "podcore_error_message": (_s, [Error_p]),
    "podcore_error_stage": (_s, [Error_p]),
    "podcore_error_object": (_s, [Error_p]),
    "podcore_error_field": (_s, [Error_p]),
    "podcore_error_errno": (_i, [Error_p]),
    "podcore_error_cause_count": (_sz, [Error_p]),
    "podcore_error_cause_reason": (_s, [Error_p, _sz]),
    "podcore_error_cause_field": (_s, [Error_p, _sz]),
    "podcore_error_cause_message": (_s, [Error_p, _sz]),
    "podcore_error_cause_line": (ctypes.c_uint, [Error_p, _sz]),
    "podcore_error_cause_column": (ctypes.c_uint, [Error_p, _sz]),
    "podcore_runtime_options_init": (None, [ctypes.POINTER(RuntimeOptions), ctypes.c_size_t]),
    "podcore_runtime_open": (_i, [ctypes.POINTER(Runtime_p), ctypes.POINTER(RuntimeOptions), _E]),
    "podcore_runtime_close": (None, [Runtime_p]),
    "podcore_manifest_validate": (_i, [c_void_pp, _s, _E]),
    "podcore_manifest_default": (_i, [c_void_pp, _s, _s, _i, _E]),
    "podcore_pod_free": (None, [Pod_p]),
    "podcore_pod_name": (_s, [Pod_p]),
    "podcore_pod_namespace": (_s, [Pod_p]),
    "podcore_pod_uid": (_s, [Pod_p]),
    "podcore_pod_phase_name": (_s, [Pod_p]),
    "podcore_pod_is_ready": (_i, [Pod_p]),
    "podcore_pod_ip": (_s, [Pod_p]),
    "podcore_pod_warning_count": (_sz, [Pod_p]),
    "podcore_pod_warning_at": (_s, [Pod_p, _sz]),
    "podcore_pod_to_text": (_i, [c_void_pp, Pod_p, _i, _E]),
    "podcore_create_options_init": (None, [ctypes.POINTER(CreateOptions), ctypes.c_size_t]),
    "podcore_pod_create": (_i, [ctypes.POINTER(Pod_p), Runtime_p, _s,
                                ctypes.POINTER(CreateOptions), _E]),
    "podcore_pod_get": (_i, [ctypes.POINTER(Pod_p), Runtime_p, _s, _s, _E]),
    "podcore_pod_wait": (_i, [ctypes.POINTER(Pod_p), Runtime_p, _s, _s, _s, _i64, _E]),
    "podcore_pods_list": (_i, [ctypes.POINTER(PodList_p), Runtime_p, _s, _s, _E]),
    "podcore_pod_list_free": (None, [PodList_p]),
    "podcore_pod_list_count": (_sz, [PodList_p]),
    "podcore_pod_list_at": (Pod_p, [PodList_p, _sz]),
    "podcore_pod_events": (_i, [ctypes.POINTER(EventList_p), Runtime_p, _s, _s, _E]),
    "podcore_event_list_free": (None, [EventList_p]),
    "podcore_event_list_count": (_sz, [EventList_p]),
    "podcore_event_type": (_s, [EventList_p, _sz]),
    "podcore_event_reason": (_s, [EventList_p, _sz]),
    "podcore_event_message": (_s, [EventList_p, _sz]),
    "podcore_event_field_path": (_s, [EventList_p, _sz]),
    "podcore_event_source": (_s, [EventList_p, _sz]),
    "podcore_event_count": (_i, [EventList_p, _sz]),
    "podcore_event_first_time": (_i64, [EventList_p, _sz]),
    "podcore_event_last_time": (_i64, [EventList_p, _sz]),
    "podcore_log_options_init": (None, [ctypes.POINTER(LogOptions), ctypes.c_size_t]),
    "podcore_pod_logs": (_i, [c_void_pp, ctypes.POINTER(_sz), Runtime_p, _s, _s,
                              ctypes.POINTER(LogOptions), _E]),
    "podcore_pod_logs_follow": (_i, [Runtime_p, _s, _s, ctypes.POINTER(LogOptions), LogCallback,
                                     ctypes.c_void_p, _E]),
    "podcore_exec_options_init": (None, [ctypes.POINTER(ExecOptions), ctypes.c_size_t]),
    "podcore_pod_exec": (_i, [ctypes.POINTER(ExecResult_p), Runtime_p, _s, _s, c_char_pp,
                              ctypes.POINTER(ExecOptions), _E]),
    "podcore_exec_result_free": (None, [ExecResult_p]),
    "podcore_exec_result_exit_code": (_i, [ExecResult_p]),
    "podcore_exec_result_stdout": (ctypes.c_void_p, [ExecResult_p, ctypes.POINTER(_sz)]),
    "podcore_exec_result_stderr": (ctypes.c_void_p, [ExecResult_p, ctypes.POINTER(_sz)]),
    "podcore_stats_init": (None, [ctypes.POINTER(Stats), ctypes.c_size_t]),
    "podcore_pod_stats": (_i, [ctypes.POINTER(Stats), Runtime_p, _s, _s, _s, _E]),
    "podcore_delete_options_init": (None, [ctypes.POINTER(DeleteOptions), ctypes.c_size_t]),
    "podcore_pod_delete": (_i, [Runtime_p, _s, _s, ctypes.POINTER(DeleteOptions), _E]),
    "podcore_watch_open": (_i, [ctypes.POINTER(Watch_p), Runtime_p, _s, _s, _E]),
    "podcore_watch_close": (None, [Watch_p]),
    "podcore_watch_fd": (_i, [Watch_p]),
    "podcore_watch_next": (_i, [Watch_p, ctypes.POINTER(_i), ctypes.POINTER(Pod_p), _i64, _E]),
    "podcore_image_import_options_init": (None, [ctypes.POINTER(ImageImportOptions), ctypes.c_size_t]),
    "podcore_image_import": (_i, [c_void_pp, Runtime_p, _s, _s,
                                  ctypes.POINTER(ImageImportOptions), _E]),
    "podcore_images_list": (_i, [ctypes.POINTER(ImageList_p), Runtime_p, _E]),
    "podcore_image_list_free": (None, [ImageList_p]),
    "podcore_image_list_count": (_sz, [ImageList_p]),
    "podcore_image_list_reference": (_s, [ImageList_p, _sz]),
    "podcore_image_list_repository": (_s, [ImageList_p, _sz]),
    "podcore_image_list_tag": (_s, [ImageList_p, _sz]),
    "podcore_image_list_id": (_s, [ImageList_p, _sz]),
    "podcore_image_list_size": (ctypes.c_uint64, [ImageList_p, _sz]),
    "podcore_image_remove": (_i, [Runtime_p, _s, _E]),
}


def _candidates():
    env = os.environ.get("PODCORE_LIBRARY")
    if env:
        return [env]
    out = []
    # bindings/python/podcore/_lib.py -> <repo>/build/capi/libpodcore.so.1
    repo = pathlib.Path(__file__).resolve().parents[3]
    built = repo / "build" / "capi" / SONAME
    if built.exists():
        out.append(str(built))
    out.append(SONAME)
    return out


def _load():
    errors = []
    for path in _candidates():
        try:
            lib = ctypes.CDLL(path)
        except OSError as e:
            errors.append(f"{path}: {e}")
            continue
        for name, (restype, argtypes) in _PROTOTYPES.items():
            # A library older than this module may lack a later function:
            # the call fails (AttributeError), not the import.
            try:
                fn = getattr(lib, name)
            except AttributeError:
                continue
            fn.restype = restype
            fn.argtypes = argtypes
        lib.path = path
        return lib
    raise ImportError("podcore: cannot load " + SONAME + " (set PODCORE_LIBRARY to its path): " +
                      "; ".join(errors))


lib = _load()


def enc(s):
    """str/bytes/PathLike/None -> bytes or None for a const char* argument."""
    if s is None:
        return None
    if isinstance(s, bytes):
        return s
    return os.fsencode(s)


def dec(b):
    """const char* result -> str ('' for NULL)."""
    return b.decode("utf-8", "replace") if b is not None else ""


def take_string(ptr, length=None):
    """A char* the library allocated -> str; frees it."""
    if not ptr:
        return ""
    try:
        data = ctypes.string_at(ptr, length) if length is not None else ctypes.string_at(ptr)
        return data.decode("utf-8", "replace")
    finally:
        lib.podcore_free(ptr)


def argv_array(args):
    """A list of str -> a NULL-terminated char*[] (kept alive by the caller)."""
    encoded = [enc(a) for a in args]
    arr = (ctypes.c_char_p * (len(encoded) + 1))(*encoded, None)
    return ctypes.cast(arr, c_char_pp), arr
