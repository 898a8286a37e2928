"""A seccomp-bpf allow list, compiled from data into a classic BPF program.

Why our own compiler and not a binding: the only Python bindings to libseccomp on PyPI
are unofficial (pyseccomp, last released 2021); the filter we need is a flat allow list
with one argument check, which compiles to a few dozen straight-line BPF instructions.
The program is built once in the fork server and loaded in every child with one
`prctl` call, so a snippet pays microseconds, and the tests check the syscall numbers
against libseccomp's own tables where that library is installed.

Layout (every jump is forward and short, so no jump offset can overflow):

    load arch; not ours -> kill the process
    load nr; (x86_64) x32 numbers -> kill the process
    for each allowed syscall:  nr == N -> allow
    write:  nr == write -> allow only when args[0] == RESULT_FD, else deny
    deny (EPERM)

Only the standard library is imported: the fork server loads this module.
"""

from __future__ import annotations

import ctypes
import errno
import os
import struct

# The one descriptor a child may write to: its result pipe, moved to this number.
RESULT_FD = 3

# What a child needs to compute with NumPy and reply, found by tracing a child that runs
# linear algebra, random numbers, FFTs, printing, warnings and exceptions after fork.
ALLOWED = (
    "read",
    "close",
    "lseek",
    "mmap",
    "munmap",
    "mprotect",
    "mremap",
    "brk",
    "madvise",
    "futex",
    "rt_sigreturn",
    "rt_sigaction",
    "rt_sigprocmask",
    "sched_yield",
    "getpid",
    "gettid",
    "clock_gettime",
    "clock_getres",
    "clock_nanosleep",
    "nanosleep",
    "gettimeofday",
    "getrandom",
    "getrusage",
    "exit",
    "exit_group",
)
WRITE_ONLY_TO_RESULT_FD = "write"

# Syscall numbers per architecture (checked against libseccomp in the tests).
SYSCALLS: dict[str, dict[str, int]] = {
    "x86_64": {
        "read": 0,
        "write": 1,
        "close": 3,
        "lseek": 8,
        "mmap": 9,
        "mprotect": 10,
        "munmap": 11,
        "brk": 12,
        "rt_sigaction": 13,
        "rt_sigprocmask": 14,
        "rt_sigreturn": 15,
        "sched_yield": 24,
        "mremap": 25,
        "madvise": 28,
        "nanosleep": 35,
        "getpid": 39,
        "exit": 60,
        "gettimeofday": 96,
        "getrusage": 98,
        "gettid": 186,
        "futex": 202,
        "clock_gettime": 228,
        "clock_getres": 229,
        "clock_nanosleep": 230,
        "exit_group": 231,
        "getrandom": 318,
    },
    "aarch64": {
        "read": 63,
        "write": 64,
        "close": 57,
        "lseek": 62,
        "mmap": 222,
        "mprotect": 226,
        "munmap": 215,
        "brk": 214,
        "rt_sigaction": 134,
        "rt_sigprocmask": 135,
        "rt_sigreturn": 139,
        "sched_yield": 124,
        "mremap": 216,
        "madvise": 233,
        "nanosleep": 101,
        "getpid": 172,
        "exit": 93,
        "gettimeofday": 169,
        "getrusage": 165,
        "gettid": 178,
        "futex": 98,
        "clock_gettime": 113,
        "clock_getres": 114,
        "clock_nanosleep": 115,
        "exit_group": 94,
        "getrandom": 278,
    },
}
AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}
X32_SYSCALL_BIT = 0x40000000

# classic BPF
_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JGE_K = 0x35
_RET_K = 0x06
RET_KILL_PROCESS = 0x80000000
RET_ALLOW = 0x7FFF0000
RET_ERRNO = 0x00050000
RET_DENY = RET_ERRNO | errno.EPERM

# struct seccomp_data offsets
_NR = 0
_ARCH = 4
_ARGS = 16

PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2


class SeccompUnavailable(Exception):
    """The filter cannot be built or loaded here; the message says why."""


Instruction = tuple[int, int, int, int]


def machine() -> str:
    name = os.uname().machine.lower()
    return {"amd64": "x86_64", "arm64": "aarch64"}.get(name, name)


def build(arch: str | None = None) -> list[Instruction]:
    """The filter as (code, jt, jf, k) instructions for `arch` (default: this machine)."""
    arch = arch or machine()
    if arch not in SYSCALLS:
        raise SeccompUnavailable(f"no syscall table for the {arch} architecture")
    numbers = SYSCALLS[arch]
    program: list[Instruction] = [
        (_LD_W_ABS, 0, 0, _ARCH),
        (_JEQ_K, 1, 0, AUDIT_ARCH[arch]),
        (_RET_K, 0, 0, RET_KILL_PROCESS),
        (_LD_W_ABS, 0, 0, _NR),
    ]
    if arch == "x86_64":
        program += [(_JGE_K, 0, 1, X32_SYSCALL_BIT), (_RET_K, 0, 0, RET_KILL_PROCESS)]
    for name in ALLOWED:
        program += [(_JEQ_K, 0, 1, numbers[name]), (_RET_K, 0, 0, RET_ALLOW)]
    low, high = _ARGS, _ARGS + 4  # args[0], little-endian halves
    program += [
        (_JEQ_K, 0, 6, numbers[WRITE_ONLY_TO_RESULT_FD]),
        (_LD_W_ABS, 0, 0, low),
        (_JEQ_K, 0, 2, RESULT_FD),
        (_LD_W_ABS, 0, 0, high),
        (_JEQ_K, 1, 0, 0),
        (_RET_K, 0, 0, RET_DENY),
        (_RET_K, 0, 0, RET_ALLOW),
        (_RET_K, 0, 0, RET_DENY),
    ]
    return program


def evaluate(program: list[Instruction], nr: int, arch: int, args: tuple[int, ...] = ()) -> int:
    """Run the filter on one syscall in Python (for tests): the action it returns."""
    padded = (*args, 0, 0, 0, 0, 0, 0)[:6]
    data = struct.pack("<iIQ6Q", nr, arch, 0, *padded)
    acc = 0
    pc = 0
    while True:
        code, jt, jf, k = program[pc]
        if code == _LD_W_ABS:
            acc = struct.unpack_from("<I", data, k)[0]
            pc += 1
        elif code == _JEQ_K:
            pc += 1 + (jt if acc == k else jf)
        elif code == _JGE_K:
            pc += 1 + (jt if acc >= k else jf)
        elif code == _RET_K:
            return k
        else:  # pragma: no cover - build() emits nothing else
            raise ValueError(f"unknown instruction {code:#x}")


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


class Filter:
    """A compiled filter kept in memory, ready to load in a forked child."""

    def __init__(self, arch: str | None = None) -> None:
        program = build(arch)
        raw = b"".join(struct.pack("=HBBI", *ins) for ins in program)
        self._buffer = ctypes.create_string_buffer(raw, len(raw))
        self._prog = _SockFprog(len(program), ctypes.addressof(self._buffer))
        try:
            self._libc = ctypes.CDLL(None, use_errno=True)
        except OSError as exc:  # pragma: no cover - every Linux libc loads
            raise SeccompUnavailable(f"libc could not be loaded: {exc}") from None

    def load(self) -> None:
        """Install the filter on the calling thread (and everything it may start)."""
        prctl = self._libc.prctl
        if prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise SeccompUnavailable(f"no_new_privs refused: {_errno_text()}")
        if prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(self._prog), 0, 0) != 0:
            raise SeccompUnavailable(f"the kernel refused the filter: {_errno_text()}")


def _errno_text() -> str:
    code = ctypes.get_errno()
    return f"{errno.errorcode.get(code, code)}"
