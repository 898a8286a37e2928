"""The sandbox fork server: a standalone script, run as `python -I sandbox_server.py`.

It imports numpy once, then for every request forks a child that:
1. starts its own process group (so a timeout kills everything it made),
2. sets resource limits (CPU seconds, address space, no file writes, few descriptors),
3. arms the audit hook (installed here, after numpy loaded) that refuses file opens,
   sockets, subprocesses, forks and ctypes,
4. runs the code (already AST-checked by the parent) with
   restricted builtins and an importer that allows only numpy and math,
5. writes one JSON result to a pipe and exits.

Only the standard library and numpy are imported: it runs with an empty environment
and never sees tutor's settings or the API key.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import math
import os
import resource
import select
import signal
import sys
import time
import traceback
import warnings

import numpy as np
import numpy.fft
import numpy.linalg
import numpy.random

MAX_OUTPUT = 20_000
ALLOWED_MODULES = {"numpy", "math", "numpy.linalg", "numpy.random", "numpy.fft"}
BLOCKED_EVENTS = (
    "open",
    "os.",
    "subprocess.",
    "socket.",
    "ctypes.",
    "shutil.",
    "pty.",
    "fcntl.",
    "mmap.",
    "sys._getframe",
    "sys.setprofile",
    "sys.settrace",
    "import",
    "compile",
    "exec",
    "pickle.",
    "marshal.",
    "webbrowser.",
    "urllib.",
    "http.",
    "code.",
    "sqlite3.",
    "glob.",
    "tempfile.",
    "syslog.",
    "winreg.",
    "resource.setrlimit",
    "signal.",
)
ALLOWED_EVENTS = {"os.listdir"}  # never reached; listed so the rule reads as intended
_armed = False


def _audit(event: str, args: tuple[object, ...]) -> None:
    if not _armed:
        return
    if event in ("exec", "compile") and args and _is_own_code(args[0]):
        return
    if event == "import" and args and str(args[0]).split(".")[0] in ("numpy", "math"):
        return
    if event.startswith(BLOCKED_EVENTS) and event not in ALLOWED_EVENTS:
        raise PermissionError(f"sandbox: {event} is not allowed")


_OWN_CODE: set[int] = set()


def _is_own_code(obj: object) -> bool:
    return id(obj) in _OWN_CODE


class CappedOutput(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.truncated = False

    def write(self, text: str) -> int:
        room = MAX_OUTPUT - self.tell()
        if room <= 0:
            self.truncated = True
            return len(text)
        if len(text) > room:
            self.truncated = True
            text = text[:room]
        return super().write(text)


_real_import = __import__


def _safe_import(name, globals=None, locals=None, fromlist=(), level=0):  # type: ignore[no-untyped-def]
    # numpy's own C code imports its private modules through the caller's builtins
    internal = name.startswith("numpy.") and (globals or {}).get("__name__") != "__snippet__"
    if internal:
        return _real_import(name, globals, locals, fromlist, level)
    if level != 0 or name not in ALLOWED_MODULES:
        raise ImportError(f"sandbox: only numpy and math can be imported, not {name!r}")
    module = sys.modules[name]
    if fromlist or "." not in name:
        return module
    return sys.modules[name.split(".")[0]]


SAFE_BUILTINS = {
    name: getattr(__builtins__, name) if not isinstance(__builtins__, dict) else __builtins__[name]
    for name in [
        "abs",
        "all",
        "any",
        "bool",
        "complex",
        "dict",
        "divmod",
        "enumerate",
        "filter",
        "float",
        "format",
        "frozenset",
        "int",
        "isinstance",
        "issubclass",
        "iter",
        "len",
        "list",
        "map",
        "max",
        "min",
        "next",
        "pow",
        "print",
        "range",
        "repr",
        "reversed",
        "round",
        "set",
        "slice",
        "sorted",
        "str",
        "sum",
        "tuple",
        "zip",
        "True",
        "False",
        "None",
        "ArithmeticError",
        "AssertionError",
        "Exception",
        "IndexError",
        "KeyError",
        "LinAlgError",
        "MemoryError",
        "OverflowError",
        "RuntimeError",
        "StopIteration",
        "TypeError",
        "ValueError",
        "ZeroDivisionError",
        "FloatingPointError",
        "NotImplementedError",
        "__build_class__",
    ]
    if (name in __builtins__ if isinstance(__builtins__, dict) else hasattr(__builtins__, name))
}
SAFE_BUILTINS["__import__"] = _safe_import


def describe(value: object) -> dict[str, object]:
    if isinstance(value, np.ndarray):
        with np.printoptions(threshold=200, edgeitems=3, precision=6, suppress=True):
            text = repr(value)
        return {
            "repr": text[:4000],
            "type": "ndarray",
            "shape": list(value.shape),
            "dtype": str(value.dtype),
        }
    if isinstance(value, np.generic):
        return {
            "repr": repr(value.item()),
            "type": type(value).__name__,
            "shape": [],
            "dtype": str(value.dtype),
        }
    text = repr(value)
    return {"repr": text[:4000], "type": type(value).__name__, "shape": None, "dtype": None}


def _limits(memory_mb: int, cpu_seconds: int) -> None:
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (16, min(16, hard) if hard > 0 else 16))
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NPROC, (0, 0))


def run_child(code: str, memory_mb: int, cpu_seconds: int) -> dict[str, object]:
    global _armed
    output = CappedOutput()
    try:
        tree = ast.parse(code, filename="<snippet>", mode="exec")
    except SyntaxError as exc:
        return {"ok": False, "error_type": "SyntaxError", "error": exc.msg, "line": exc.lineno}
    last_expr = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = tree.body.pop()
        assert isinstance(last, ast.Expr)
        last_expr = ast.Expression(last.value)
    body = compile(tree, "<snippet>", "exec")
    tail = compile(last_expr, "<snippet>", "eval") if last_expr is not None else None
    _OWN_CODE.update({id(body), id(tail)})
    namespace: dict[str, object] = {
        "__builtins__": dict(SAFE_BUILTINS),
        "np": np,
        "math": math,
        "__name__": "__snippet__",
    }
    os.environ.clear()
    _limits(memory_mb, cpu_seconds)
    sys.stdout = output
    np.random.seed(0)
    caught = warnings.catch_warnings(record=True)
    recorded = caught.__enter__()
    warnings.simplefilter("always")
    _armed = True
    try:
        exec(body, namespace)
        value = eval(tail, namespace) if tail is not None else None
    except BaseException as exc:
        _armed = False
        sys.stdout = sys.__stdout__
        line = None
        for frame in traceback.extract_tb(exc.__traceback__):
            if frame.filename == "<snippet>":
                line = frame.lineno
        message = (
            str(exc)
            if not isinstance(exc, MemoryError)
            else (f"out of memory (limit {memory_mb} MB)")
        )
        return {
            "ok": False,
            "error_type": type(exc).__name__,
            "error": message[:2000],
            "line": line,
            "stdout": output.getvalue(),
            "truncated": output.truncated,
        }
    _armed = False
    sys.stdout = sys.__stdout__
    notes = sorted({f"{w.category.__name__}: {w.message}" for w in recorded})[:10]
    arrays = {
        name: describe(val)
        for name, val in namespace.items()
        if isinstance(val, np.ndarray | np.generic | int | float)
        and not name.startswith("_")
        and not isinstance(val, bool)
    }
    return {
        "ok": True,
        "stdout": output.getvalue(),
        "truncated": output.truncated,
        "value": describe(value) if tail is not None else None,
        "variables": dict(list(arrays.items())[:20]),
        "warnings": notes,
    }


WARM_UP = """
x = np.arange(12.0).reshape(3, 4)
x.sum(); x.mean(axis=0); x.std(); x.var(); x.max(); x.min(); x.argmax(); x.cumsum(); x.prod()
np.einsum("ij,kj->ik", x, x); np.linalg.norm(x); np.linalg.inv(np.eye(3)); np.linalg.svd(x)
np.linalg.eigh(np.eye(3)); np.linalg.solve(np.eye(3), np.ones(3)); np.linalg.det(np.eye(3))
np.random.default_rng(0).normal(size=3); np.random.normal(size=3); np.random.randn(2)
np.fft.fft(np.ones(4)); np.exp(x); np.log1p(x); np.logaddexp(x, x); np.clip(x, 0, 1)
np.allclose(x, x); np.isclose(x, x); np.round(x, 2); np.percentile(x, 50); np.median(x)
np.sort(x); np.unique(x); np.where(x > 1, x, 0); np.concatenate([x, x]); np.stack([x, x])
np.histogram(x); np.cov(x); np.corrcoef(x); np.outer(x[0], x[0]); np.kron(x, x)
np.tensordot(x, x.T, axes=1); np.trace(x[:3, :3]); np.diag(x[0]); np.tril(x); np.triu(x)
np.array2string(x); repr(x); str(x); np.float64(1.5).item(); np.arange(3) @ np.arange(3)
math.erf(0.5); math.gamma(3.0); math.comb(5, 2)
"""


def serve() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(WARM_UP, {"np": np, "math": math})
    sys.addaudithook(_audit)
    requests = sys.stdin.buffer
    replies = sys.stdout.buffer
    replies.write(b'{"ready": true}\n')
    replies.flush()
    for raw in requests:
        request = json.loads(raw)
        timeout = float(request["timeout"])
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child
            os.close(read_fd)
            os.setpgid(0, 0)
            try:
                result = run_child(
                    request["code"], int(request["memory_mb"]), max(1, math.ceil(timeout))
                )
                data = json.dumps(result, default=str).encode()
            except BaseException as exc:
                data = json.dumps(
                    {"ok": False, "error_type": type(exc).__name__, "error": str(exc)[:500]}
                ).encode()
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(data)
            os._exit(0)
        os.close(write_fd)
        reply = _collect(pid, read_fd, timeout)
        replies.write(json.dumps(reply).encode() + b"\n")
        replies.flush()


def _collect(pid: int, read_fd: int, timeout: float) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    timed_out = False
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            break
        ready, _, _ = select.select([read_fd], [], [], left)
        if not ready:
            continue
        chunk = os.read(read_fd, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read_fd)
    if timed_out:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    if timed_out:
        return {
            "ok": False,
            "error_type": "Timeout",
            "error": f"killed after {timeout:g} s wall-clock time (infinite loop?)",
        }
    if chunks:
        try:
            return json.loads(b"".join(chunks))
        except ValueError:
            pass
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        reason = {
            int(signal.SIGXCPU): "CPU time limit reached",
            int(signal.SIGKILL): "killed (CPU or memory limit)",
        }.get(sig, f"signal {sig}")
        return {"ok": False, "error_type": "Killed", "error": reason}
    return {"ok": False, "error_type": "Crashed", "error": "the sandbox process died"}


if __name__ == "__main__":
    serve()
