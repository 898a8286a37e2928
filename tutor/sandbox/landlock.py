"""Landlock with no rules: the calling process loses all filesystem access it handles.

Direct syscalls through ctypes (the kernel interface is three calls and one struct; the
PyPI bindings are young and not needed for an empty ruleset). The ruleset handles every
filesystem right the running kernel knows (by ABI version), TCP bind/connect from ABI 4,
and from ABI 6 scopes signals and abstract unix sockets to the sandbox itself.

Only the standard library is imported: the fork server loads this module.
"""

from __future__ import annotations

import ctypes
import errno
import struct

# the same numbers on x86_64 and aarch64 (the generic syscall table)
SYS_CREATE_RULESET = 444
SYS_RESTRICT_SELF = 446
CREATE_RULESET_VERSION = 1

_FS_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 5: (1 << 16) - 1}
_NET_TCP = 0b11  # BIND_TCP | CONNECT_TCP, ABI 4
_SCOPES = 0b11  # ABSTRACT_UNIX_SOCKET | SIGNAL, ABI 6


class LandlockUnavailable(Exception):
    """Landlock cannot be applied here; the message says why."""


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def abi_version() -> int:
    """The kernel's Landlock ABI version, or 0 when it has none (or it is disabled)."""
    try:
        syscall = _libc().syscall
    except OSError:  # pragma: no cover
        return 0
    syscall.restype = ctypes.c_long
    version = syscall(SYS_CREATE_RULESET, None, ctypes.c_size_t(0), CREATE_RULESET_VERSION)
    return int(version) if version > 0 else 0


def ruleset_attr(abi: int) -> bytes:
    """The landlock_ruleset_attr struct for an ABI: as long as that ABI understands."""
    fs = _FS_BY_ABI[max(v for v in _FS_BY_ABI if v <= abi)]
    if abi < 4:
        return struct.pack("=Q", fs)
    if abi < 6:
        return struct.pack("=QQ", fs, _NET_TCP)
    return struct.pack("=QQQ", fs, _NET_TCP, _SCOPES)


def restrict_self(abi: int) -> None:
    """Deny the calling thread every handled right (no_new_privs must already be set)."""
    if abi < 1:
        raise LandlockUnavailable("the kernel has no Landlock (or it is disabled)")
    libc = _libc()
    syscall = libc.syscall
    syscall.restype = ctypes.c_long
    attr = ruleset_attr(abi)
    buffer = ctypes.create_string_buffer(attr, len(attr))
    fd = syscall(SYS_CREATE_RULESET, buffer, ctypes.c_size_t(len(attr)), 0)
    if fd < 0:
        raise LandlockUnavailable(f"create_ruleset failed: {_errno_text()}")
    try:
        if syscall(SYS_RESTRICT_SELF, ctypes.c_int(fd), 0) != 0:
            raise LandlockUnavailable(f"restrict_self failed: {_errno_text()}")
    finally:
        libc.close(ctypes.c_int(fd))


def _errno_text() -> str:
    code = ctypes.get_errno()
    return f"{errno.errorcode.get(code, code)}"
