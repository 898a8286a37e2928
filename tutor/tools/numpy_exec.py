"""The `run_numpy` tool: a thin adapter over the sandbox in `tutor.sandbox`.

The wall is the kernel (seccomp allow list, Landlock, a network namespace; Seatbelt on
macOS) around a forked child of a warm fork server; the AST check and the audit hook and
restricted builtins in the child are defence in depth. Where the kernel wall cannot be
installed, the tool answers that the sandbox is not available.
"""

from __future__ import annotations

from tutor.sandbox.policy import (
    ALLOWED_IMPORTS,
    FORBIDDEN_ATTRIBUTES,
    FORBIDDEN_NAMES,
    MAX_CODE_CHARS,
    check_code,
)
from tutor.sandbox.result import Outcome, ValueView

TYPE_CHECKING = False  # not typing's: mypy treats the name as true, Python skips the import
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


class ValueInfo(ValueView):
    """A value the snippet made: its repr, type, and an array's shape and dtype (the
    sandbox's `ValueView`, under the tool's name)."""

    __slots__ = ()


class RunResult(Outcome):
    """What a snippet printed and returned, or why it failed: the sandbox's `Outcome` with
    `ValueInfo` values, under the tool's name.

    Built from the sandbox's `Outcome`, whose frame `tutor.sandbox.result` has already
    validated as untrusted (strict types, a cap on every string, list and dict); a dict
    from anywhere else goes through the same check in `model_validate`."""

    __slots__ = ()

    @classmethod
    def from_outcome(cls, outcome: Outcome) -> RunResult:
        def info(view: ValueView) -> ValueInfo:
            shape = list(view.shape) if view.shape is not None else None
            return ValueInfo(view.repr, view.type, shape, view.dtype)

        return cls(
            ok=outcome.ok,
            stdout=outcome.stdout,
            truncated=outcome.truncated,
            value=info(outcome.value) if outcome.value is not None else None,
            variables={name: info(view) for name, view in outcome.variables.items()},
            warnings=list(outcome.warnings),
            error_type=outcome.error_type,
            error=outcome.error,
            line=outcome.line,
        )

    @classmethod
    def model_validate(cls, value: object, where: str = "") -> RunResult:
        """A result from a dict, under the caps the sandbox's frames are held to."""
        from tutor.sandbox.result import Malformed, check_frame

        try:
            data = dict(check_frame(value))  # a copy: the caller's dict is left alone
        except Malformed as exc:
            raise ValueError(f"{where or 'RunResult'}: {exc}") from None
        found = data.pop("value", None)
        variables = data.pop("variables", {})
        return cls(
            **data,
            value=ValueInfo(**found) if found is not None else None,
            variables={name: ValueInfo(**info) for name, info in variables.items()},
        )


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
