"""Exceptions of the podcore package, one per podcore_errc of podcore.h."""

import collections

FieldError = collections.namedtuple("FieldError", "reason field message line column")
FieldError.__doc__ = """One field error of a rejected manifest: reason ("FieldValueRequired", ...),
field path ("spec.containers[0].image"), message ("Required value"), and the
1-based line and column in the manifest (0 when unknown)."""


class PodcoreError(Exception):
    """A failed podcore call. Attributes: code (the negative podcore_errc),
    code_name ("not found", ...), message, stage ("net.veth", ...), object
    (pod name, path, ...), field (one-field errors), errno (0 when none) and
    field_errors (a list of FieldError for a rejected manifest)."""

    code = None  # set by each subclass; the base may carry any code

    def __init__(self, text, *, code=None, code_name="", message="", stage="", object="",
                 field="", errno=0, field_errors=()):
        super().__init__(text)
        if code is not None:
            self.code = code
        self.code_name = code_name
        self.message = message or text
        self.stage = stage
        self.object = object
        self.field = field
        self.errno = errno
        self.field_errors = list(field_errors)


class InvalidArgument(PodcoreError, ValueError):
    code = -1


class InvalidManifest(PodcoreError, ValueError):
    """The manifest was rejected: field_errors says where and why."""
    code = -2


class NotFound(PodcoreError, LookupError):
    code = -3


class AlreadyExists(PodcoreError):
    code = -4


class PermissionDenied(PodcoreError):
    code = -5


class ResourceExhausted(PodcoreError):
    code = -6


class SystemFailure(PodcoreError):
    """A system call failed (see errno and stage)."""
    code = -7


class Timeout(PodcoreError):
    code = -8


class Busy(PodcoreError):
    code = -9


class Unsupported(PodcoreError):
    code = -10


class InternalError(PodcoreError):
    code = -11


class InvalidState(PodcoreError):
    """E.g. exec in a container that is not running."""
    code = -12


BY_CODE = {cls.code: cls for cls in (InvalidArgument, InvalidManifest, NotFound, AlreadyExists,
                                     PermissionDenied, ResourceExhausted, SystemFailure, Timeout,
                                     Busy, Unsupported, InternalError, InvalidState)}
