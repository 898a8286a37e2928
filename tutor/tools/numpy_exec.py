"""The `run_numpy` tool: a thin adapter over the sandbox in `tutor.sandbox`.

The wall is the kernel (seccomp allow list, Landlock, a network namespace; Seatbelt on
macOS) around a forked child of a warm fork server; the AST check and the audit hook and
restricted builtins in the child are defence in depth. Where the kernel wall cannot be
installed, the tool answers that the sandbox is not available.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, ConfigDict, Field

from tutor.sandbox import limits
from tutor.sandbox.policy import (
    ALLOWED_IMPORTS,
    FORBIDDEN_ATTRIBUTES,
    FORBIDDEN_NAMES,
    MAX_CODE_CHARS,
    check_code,
)
from tutor.sandbox.result import NAME_PATTERN, Outcome, markdown

if TYPE_CHECKING:
    from tutor.config import Settings
    from tutor.sandbox.client import SandboxServer

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

Name = Annotated[str, Field(max_length=limits.MAX_NAME, pattern=NAME_PATTERN)]


class ValueInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    repr: str = Field(max_length=limits.MAX_REPR)
    type: str = Field(max_length=limits.MAX_TYPE)
    shape: list[Annotated[int, Field(ge=0)]] | None = Field(
        default=None, max_length=limits.MAX_DIMS
    )
    dtype: str | None = Field(default=None, max_length=limits.MAX_DTYPE)


class RunResult(BaseModel):
    """What a snippet printed and returned, or why it failed."""

    model_config = ConfigDict(extra="forbid")

    ok: bool
    stdout: str = Field(default="", max_length=limits.MAX_STDOUT)
    truncated: bool = False
    value: ValueInfo | None = None
    variables: dict[Name, ValueInfo] = Field(default_factory=dict, max_length=limits.MAX_VARIABLES)
    warnings: list[Annotated[str, Field(max_length=limits.MAX_WARNING)]] = Field(
        default_factory=list, max_length=limits.MAX_WARNINGS
    )
    error_type: str | None = Field(default=None, max_length=limits.MAX_TYPE)
    error: str | None = Field(default=None, max_length=limits.MAX_ERROR)
    line: int | None = Field(default=None, ge=0)

    @classmethod
    def from_outcome(cls, outcome: Outcome) -> RunResult:
        return cls.model_validate(outcome.to_dict())

    def to_markdown(self) -> str:
        return markdown(self)


def sandbox(*, kernel: bool = True) -> SandboxServer:
    """The process-wide sandbox server (`tutor.sandbox.client.sandbox`), imported only when
    code runs: `tutor explain --no-run` needs the result type, not the client."""
    from tutor.sandbox.client import sandbox as server

    return server(kernel=kernel)


def run_code(code: str, settings: Settings | None = None, *, kernel: bool = True) -> RunResult:
    """Check and run `code`; `kernel=False` is `tutor run --unsafe-no-kernel-sandbox` only."""
    from tutor.sandbox.client import run_checked

    timeout = settings.sandbox_timeout_s if settings else 5.0
    memory = settings.sandbox_memory_mb if settings else 1024
    outcome = run_checked(code, timeout_s=timeout, memory_mb=memory, kernel=kernel)
    return RunResult.from_outcome(outcome)


def run_numpy(code: str, settings: Settings | None = None) -> RunResult:
    """Run a small Python program that uses numpy (as np) and math in a sandbox, and return what it printed, the value of its last expression, and the shape and dtype of every array it made.

    No files, network, subprocesses or environment; a few seconds of time at most.
    """
    return run_code(code, settings)
