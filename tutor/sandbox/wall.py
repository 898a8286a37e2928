"""The kernel wall, applied in a forked child before any snippet code runs.

Order matters: resource limits and the network namespace need syscalls the filter
forbids, and Landlock and seccomp both need no_new_privs, so: (parent-death signal, set
first by `bind_to_parent`), limits, network namespace, no_new_privs, Landlock, seccomp
(last: it forbids the rest).

Each layer reports `(active, detail)`; the caller decides what is required (seccomp
always, unless the user explicitly runs without the kernel sandbox). Only the standard
library is imported: the fork server loads this module.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import resource
import signal
import sys

from tutor.sandbox import landlock, seccomp

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
PR_SET_PDEATHSIG = 1
MAX_OPEN_FILES = 8

Status = tuple[bool, str]


class Wall:
    """Built once in the fork server; `enter` runs in each child."""

    def __init__(self) -> None:
        self.filter: seccomp.Filter | None = None
        self.filter_error = ""
        self.landlock_abi = 0
        self._libc: ctypes.CDLL | None = None
        if not sys.platform.startswith("linux"):
            self.filter_error = f"seccomp is Linux only (this is {sys.platform})"
            return
        try:
            self.filter = seccomp.Filter()
        except seccomp.SeccompUnavailable as exc:
            self.filter_error = str(exc)
        self.landlock_abi = landlock.abi_version()
        self._libc = ctypes.CDLL(None, use_errno=True)

    def bind_to_parent(self, parent: int) -> None:
        """Die with the server: a child outliving it would be a process nobody reaps."""
        if self._libc is not None:
            self._libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
            if os.getppid() != parent:  # the server died before the line above
                os._exit(1)

    def enter(self, *, memory_mb: int, cpu_seconds: int, kernel: bool) -> dict[str, Status]:
        """Apply every layer to the calling (forked, single-threaded) process."""
        layers: dict[str, Status] = {"rlimits": self._limits(memory_mb, cpu_seconds)}
        if not kernel:
            for name in ("netns", "landlock", "seccomp"):
                layers[name] = (False, "not applied here (Seatbelt, or switched off)")
            return layers
        layers["netns"] = self._network_namespace()
        if self._libc is None:
            reason = f"not available on {sys.platform}"
            layers["landlock"] = (False, reason)
            layers["seccomp"] = (False, self.filter_error or reason)
            return layers
        if self._libc.prctl(seccomp.PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            layers["landlock"] = layers["seccomp"] = (False, "no_new_privs refused")
            return layers
        layers["landlock"] = self._landlock()
        layers["seccomp"] = self._seccomp()
        return layers

    def _limits(self, memory_mb: int, cpu_seconds: int) -> Status:
        memory = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_NOFILE, (MAX_OPEN_FILES, MAX_OPEN_FILES))
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NPROC, (0, 0))  # ignored for root
        return (True, f"address space {memory_mb} MB, CPU {cpu_seconds} s, no file writes")

    def _network_namespace(self) -> Status:
        if self._libc is None:
            return (False, f"not available on {sys.platform}")
        flags = CLONE_NEWNET if os.geteuid() == 0 else CLONE_NEWUSER | CLONE_NEWNET
        if self._libc.unshare(flags) != 0:
            return (False, f"unshare refused ({os.strerror(ctypes.get_errno())})")
        return (True, "an empty network namespace")

    def _landlock(self) -> Status:
        try:
            landlock.restrict_self(self.landlock_abi)
        except landlock.LandlockUnavailable as exc:
            return (False, str(exc))
        return (True, f"ABI {self.landlock_abi}: no filesystem access")

    def _seccomp(self) -> Status:
        if self.filter is None:
            return (False, self.filter_error)
        try:
            self.filter.load()
        except seccomp.SeccompUnavailable as exc:
            return (False, str(exc))
        allowed = len(seccomp.ALLOWED) + 1
        return (True, f"deny by default, {allowed} syscalls allowed, writes only to the result")
