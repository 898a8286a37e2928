"""The `run_numpy` tool: a thin adapter over the sandbox in `tutor.sandbox`.

The wall is the kernel (seccomp allow list, Landlock, a network namespace; Seatbelt on
macOS) around a forked child of a warm fork server; the AST check here and the audit
hook and restricted builtins in the child are defence in depth. Where the kernel wall
cannot be installed, the tool answers that the sandbox is not available.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tutor.errors import SandboxError
from tutor.sandbox.client import sandbox
from tutor.sandbox.policy import (
    ALLOWED_IMPORTS,
    FORBIDDEN_ATTRIBUTES,
    FORBIDDEN_NAMES,
    MAX_CODE_CHARS,
    check_code,
)
from tutor.sandbox.result import RunResult, ValueInfo

if TYPE_CHECKING:
    from tutor.config import Settings

__all__ = [
    "ALLOWED_IMPORTS",
    "FORBIDDEN_ATTRIBUTES",
    "FORBIDDEN_NAMES",
    "MAX_CODE_CHARS",
    "RunResult",
    "ValueInfo",
    "check_code",
    "run_code",
    "run_numpy",
    "sandbox",
]


def run_code(code: str, settings: Settings | None = None, *, kernel: bool = True) -> RunResult:
    """Check and run `code`; `kernel=False` is `tutor run --unsafe-no-kernel-sandbox` only."""
    timeout = settings.sandbox_timeout_s if settings else 5.0
    memory = settings.sandbox_memory_mb if settings else 1024
    try:
        check_code(code)
    except SandboxError as exc:
        return RunResult.failure("Refused", str(exc))
    return sandbox(kernel=kernel).run(code, timeout_s=timeout, memory_mb=memory)


def run_numpy(code: str, settings: Settings | None = None) -> RunResult:
    """Run a small Python program that uses numpy (as np) and math in a sandbox, and return what it printed, the value of its last expression, and the shape and dtype of every array it made.

    No files, network, subprocesses or environment; a few seconds of time at most.
    """
    return run_code(code, settings)
