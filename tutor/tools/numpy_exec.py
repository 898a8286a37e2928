"""Run small NumPy programs in a real sandbox and report values and shapes.

Layers, outermost first: an AST check here; a separate fork-server process started
with an empty environment (so no API key); per-snippet forked children with resource
limits, an audit hook, restricted builtins and a wall-clock kill of the whole process
group (see `sandbox_server.py`). The server imports numpy once, so a snippet costs a
fork, not a NumPy import.
"""

from __future__ import annotations

import ast
import atexit
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from tutor.errors import SandboxError

if TYPE_CHECKING:
    from tutor.config import Settings

MAX_CODE_CHARS = 20_000
ALLOWED_IMPORTS = {"numpy", "math", "numpy.linalg", "numpy.random", "numpy.fft"}
FORBIDDEN_CALLS = {
    "exec",
    "eval",
    "compile",
    "open",
    "getattr",
    "setattr",
    "delattr",
    "globals",
    "locals",
    "vars",
    "__import__",
    "input",
    "breakpoint",
    "help",
    "exit",
    "quit",
    "memoryview",
    "dir",
    "type",
    "object",
    "super",
    "classmethod",
    "staticmethod",
    "property",
}
FORBIDDEN_ATTRIBUTES = {
    "ctypes",
    "ctypeslib",
    "load",
    "save",
    "savez",
    "savez_compressed",
    "savetxt",
    "loadtxt",
    "genfromtxt",
    "fromfile",
    "tofile",
    "memmap",
    "DataSource",
    "os",
    "sys",
    "system",
    "f2py",
    "testing",
    "lib",
    "distutils",
    "dump",
    "dumps",
    "tobytes_file",
    "_core",
    "core",
    # str.format can walk attributes ("{0.__class__}") from strings built in pieces
    "format",
    "format_map",
    "show_config",
    "show_runtime",
    "__loader__",
    "__spec__",
}
# OpenBLAS needs these on some processors to compute correctly; they are not secrets.
PASSED_ENVIRONMENT = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


class ValueInfo(BaseModel):
    repr: str
    type: str
    shape: list[int] | None = None
    dtype: str | None = None


class RunResult(BaseModel):
    """What a snippet printed and returned, or why it failed."""

    ok: bool
    stdout: str = ""
    truncated: bool = False
    value: ValueInfo | None = None
    variables: dict[str, ValueInfo] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)
    error_type: str | None = None
    error: str | None = None
    line: int | None = None

    def to_markdown(self) -> str:
        parts: list[str] = []
        if self.stdout:
            parts.append(f"```text\n{self.stdout.rstrip()}\n```")
            if self.truncated:
                parts.append("(output truncated)")
        if not self.ok:
            where = f" (line {self.line})" if self.line else ""
            parts.append(f"**{self.error_type}**{where}: {self.error}")
            return "\n\n".join(parts)
        if self.value is not None:
            shape = (
                f"shape {tuple(self.value.shape)}, dtype {self.value.dtype}"
                if (self.value.shape is not None)
                else self.value.type
            )
            # the fence closes on a line of its own, or Markdown keeps the block open
            parts.append(f"```text\n{self.value.repr}\n```")
            parts.append(shape)
        arrays = [
            f"`{name}`: {tuple(v.shape)} {v.dtype}" for name, v in self.variables.items() if v.shape
        ]
        if arrays:
            parts.append("Arrays: " + ", ".join(arrays))
        for warning in self.warnings:
            parts.append(f"⚠ {warning}")
        return "\n\n".join(parts) or "(no output)"


def check_code(code: str) -> None:
    """Refuse code that reaches outside numpy and math, before any process sees it."""
    if len(code) > MAX_CODE_CHARS:
        raise SandboxError(f"code too long ({len(code):,} characters; at most {MAX_CODE_CHARS:,})")
    try:
        tree = ast.parse(code, mode="exec")
    except SyntaxError as exc:
        raise SandboxError(f"syntax error on line {exc.lineno}: {exc.msg}") from None
    for node in ast.walk(tree):
        line = getattr(node, "lineno", "?")
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [alias.name for alias in node.names]
            )
            for name in names:
                if name not in ALLOWED_IMPORTS:
                    raise SandboxError(
                        f"line {line}: only numpy and math can be imported, not {name!r}"
                    )
        elif isinstance(node, ast.Attribute):
            if node.attr.startswith("_") or node.attr in FORBIDDEN_ATTRIBUTES:
                raise SandboxError(f"line {line}: the attribute {node.attr!r} is not allowed")
        elif isinstance(node, ast.Name):
            if node.id.startswith("__") or node.id in FORBIDDEN_CALLS:
                raise SandboxError(f"line {line}: {node.id!r} is not allowed in the sandbox")
        elif isinstance(node, ast.Global | ast.Nonlocal):
            raise SandboxError(f"line {line}: global and nonlocal are not allowed")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and "__" in node.value:
            raise SandboxError(f"line {line}: strings with '__' are not allowed")


class SandboxServer:
    """One warm fork server per process, restarted if it dies."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._workdir = tempfile.mkdtemp(prefix="tutor-sandbox-")

    def _start(self) -> subprocess.Popen[bytes]:
        script = Path(__file__).with_name("sandbox_server.py")
        env = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        env.update({k: os.environ[k] for k in PASSED_ENVIRONMENT if k in os.environ})
        process = subprocess.Popen(
            [sys.executable, "-I", "-B", str(script)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=self._workdir,
            start_new_session=True,
            close_fds=True,
        )
        assert process.stdout is not None
        hello = process.stdout.readline()
        if b"ready" not in hello:
            process.kill()
            raise SandboxError("the sandbox could not start (is numpy installed?)")
        return process

    def run(self, code: str, *, timeout_s: float, memory_mb: int) -> dict[str, Any]:
        with self._lock:
            if self._process is None or self._process.poll() is not None:
                self._process = self._start()
            process = self._process
            assert process.stdin is not None and process.stdout is not None
            request = {"code": code, "timeout": timeout_s, "memory_mb": memory_mb}
            try:
                process.stdin.write(json.dumps(request).encode() + b"\n")
                process.stdin.flush()
                line = _read_line(process, timeout_s + 10)
            except (OSError, TimeoutError):
                self.close()
                raise SandboxError("the sandbox stopped answering and was restarted") from None
            return dict(json.loads(line))

    def close(self) -> None:
        if self._process is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self._process.pid, 9)
            self._process.wait()
            for pipe in (self._process.stdin, self._process.stdout):
                if pipe is not None:
                    pipe.close()
            self._process = None


def _read_line(process: subprocess.Popen[bytes], timeout: float) -> bytes:
    result: list[bytes] = []
    assert process.stdout is not None
    reader = threading.Thread(
        target=lambda: result.append(process.stdout.readline()),  # type: ignore[union-attr]
        daemon=True,
    )
    reader.start()
    reader.join(timeout)
    if not result or not result[0]:
        raise TimeoutError
    return result[0]


_server: SandboxServer | None = None
_server_lock = threading.Lock()


def sandbox() -> SandboxServer:
    global _server
    with _server_lock:
        if _server is None:
            _server = SandboxServer()
            atexit.register(_server.close)
        return _server


def run_numpy(code: str, settings: Settings | None = None) -> RunResult:
    """Run a small Python program that uses numpy (as np) and math in a sandbox, and return what it printed, the value of its last expression, and the shape and dtype of every array it made.

    No files, network, subprocesses or environment; a few seconds of time at most.
    """
    timeout = settings.sandbox_timeout_s if settings else 5.0
    memory = settings.sandbox_memory_mb if settings else 1024
    try:
        check_code(code)
    except SandboxError as exc:
        return RunResult(ok=False, error_type="Refused", error=str(exc))
    return RunResult.model_validate(sandbox().run(code, timeout_s=timeout, memory_mb=memory))
