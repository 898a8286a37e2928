"""The seccomp filter compiled from data: checked instruction by instruction in Python,
and its syscall numbers against libseccomp's own tables where that library is installed."""

from __future__ import annotations

import ctypes
import ctypes.util
from pathlib import Path

import pytest

from tutor.sandbox import landlock, seccomp

X86 = seccomp.AUDIT_ARCH["x86_64"]


@pytest.mark.parametrize("arch", sorted(seccomp.SYSCALLS))
def test_every_allowed_syscall_is_allowed_and_nothing_else(arch: str) -> None:
    program = seccomp.build(arch)
    table = seccomp.SYSCALLS[arch]
    audit = seccomp.AUDIT_ARCH[arch]
    for name in seccomp.ALLOWED:
        assert seccomp.evaluate(program, table[name], audit) == seccomp.RET_ALLOW, name
    allowed = {table[name] for name in seccomp.ALLOWED}
    for nr in range(0, 600):
        if nr not in allowed and nr != table["write"]:
            assert seccomp.evaluate(program, nr, audit) == seccomp.RET_DENY, nr


def test_write_is_allowed_only_to_the_result_descriptor() -> None:
    program = seccomp.build("x86_64")
    write = seccomp.SYSCALLS["x86_64"]["write"]
    assert seccomp.evaluate(program, write, X86, (seccomp.RESULT_FD,)) == seccomp.RET_ALLOW
    for fd in (0, 1, 2, 4, 255, seccomp.RESULT_FD + (1 << 32)):
        assert seccomp.evaluate(program, write, X86, (fd,)) == seccomp.RET_DENY, fd


def test_a_foreign_architecture_and_x32_calls_kill_the_process() -> None:
    program = seccomp.build("x86_64")
    i386 = 0x40000003
    assert seccomp.evaluate(program, 0, i386) == seccomp.RET_KILL_PROCESS
    assert seccomp.evaluate(program, 0x40000000 + 2, X86) == seccomp.RET_KILL_PROCESS


def test_forbidden_calls_are_named_and_denied() -> None:
    program = seccomp.build("x86_64")
    forbidden = {"open": 2, "socket": 41, "connect": 42, "clone": 56, "fork": 57}
    forbidden |= {"execve": 59, "kill": 62, "ptrace": 101, "prctl": 157, "openat": 257}
    forbidden |= {"tgkill": 234, "clone3": 435, "seccomp": 317, "unshare": 272}
    for name, nr in forbidden.items():
        assert seccomp.evaluate(program, nr, X86) == seccomp.RET_DENY, name


def test_an_unknown_architecture_is_unavailable_not_weaker() -> None:
    with pytest.raises(seccomp.SeccompUnavailable, match="no syscall table"):
        seccomp.build("riscv64")


def test_syscall_numbers_match_libseccomp() -> None:
    name = ctypes.util.find_library("seccomp")
    if not name:
        pytest.skip("libseccomp is not installed: syscall numbers not cross-checked")
    lib = ctypes.CDLL(name)
    resolve = lib.seccomp_syscall_resolve_name_arch
    resolve.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
    resolve.restype = ctypes.c_int
    for arch, table in seccomp.SYSCALLS.items():
        for syscall, number in table.items():
            assert resolve(seccomp.AUDIT_ARCH[arch], syscall.encode()) == number, (arch, syscall)


def test_landlock_ruleset_grows_with_the_abi() -> None:
    assert len(landlock.ruleset_attr(1)) == 8
    assert len(landlock.ruleset_attr(4)) == 16
    assert len(landlock.ruleset_attr(7)) == 24
    with pytest.raises(landlock.LandlockUnavailable):
        landlock.restrict_self(0)


class _NoFilter:
    """A wall whose seccomp layer failed, as on a kernel without seccomp."""

    def bind_to_parent(self, parent: int) -> None:
        pass

    def enter(self, **_: object) -> dict[str, tuple[bool, str]]:
        return {"rlimits": (True, ""), "seccomp": (False, "test: the filter did not load")}


def test_a_child_whose_filter_did_not_load_refuses_to_run_the_code(tmp_path: Path) -> None:
    from tutor.sandbox import server
    from tutor.sandbox.result import Outcome

    marker = tmp_path / "ran"
    request = {
        "code": f"open({str(marker)!r}, 'w')",
        "timeout": 5.0,
        "memory_mb": 1024,
        "wall": "linux",
        "python_layers": False,
    }
    header, payload = server._fork(request, _NoFilter())  # type: ignore[arg-type]
    outcome = Outcome.from_frame(payload)
    assert header["status"] == "ok" and outcome.error_type == "Unavailable"
    assert "the sandbox is not available on this system" in (outcome.error or "")
    assert not marker.exists()
