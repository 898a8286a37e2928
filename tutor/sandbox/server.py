"""The fork server: its own process, started with an almost empty environment.

It imports numpy once (BLAS pinned to one thread by the environment it was given), builds
the kernel wall once, then for every request (one frame on stdin) forks a child that:
1. starts its own session and process group, so a kill reaches everything it made;
2. keeps one descriptor: a pipe made for this snippet, moved to `RESULT_FD` (stdin,
   stdout and everything else closed, so no snippet can read or forge another's reply);
3. enters the wall (`wall.Wall.enter`): limits, network namespace, Landlock, seccomp;
4. runs the snippet with the Python-level layers (audit hook, restricted builtins and
   imports) unless a test switched them off to show the kernel holds alone;
5. computes every repr, message and name itself, under the filter, capped, and writes
   ONE frame to the pipe.
The server reads that frame against the wall clock, kills the child's process group,
and relays the bytes unparsed: it never calls code a snippet defined. After a child that
misbehaved (late, silent, oversized) the server asks to be replaced and exits.

Only the standard library, numpy and this package's stdlib-only modules are imported.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import signal
import sys
import time
import warnings
from typing import Any

import numpy as np
import numpy.char
import numpy.fft
import numpy.linalg
import numpy.polynomial
import numpy.random

from tutor.sandbox import frame, limits, warm
from tutor.sandbox.seccomp import RESULT_FD
from tutor.sandbox.wall import Wall

REQUEST_FD = 0
REPLY_FD = 1
# a child cannot open files, so whatever it may use is imported here, before any fork
ALLOWED_MODULES = {
    "numpy",
    "math",
    "numpy.linalg",
    "numpy.random",
    "numpy.fft",
    "numpy.polynomial",
}
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
    "object.__getattr__",  # frame, traceback and code attributes (f_back, tb_frame, …)
    "function.__new__",
    "code.__new__",
)
_armed = False
_OWN_CODE: set[int] = set()


def _audit(event: str, args: tuple[object, ...]) -> None:
    if not _armed:
        return
    if event in ("exec", "compile") and args and id(args[0]) in _OWN_CODE:
        return
    if event == "import" and args and str(args[0]).split(".")[0] in ("numpy", "math"):
        return
    if event.startswith(BLOCKED_EVENTS):
        raise PermissionError(f"sandbox: {event} is not allowed")


def plain(value: object, cap: int) -> str:
    """An exact `str`, capped, with lone surrogates made visible (valid UTF-8)."""
    if not isinstance(value, str):
        return ""
    text = str.__str__(value)[:cap]
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def safe_repr(value: object, cap: int) -> str:
    try:
        return plain(repr(value), cap)
    except BaseException as exc:  # the snippet's own __repr__ failed
        return f"<repr failed: {plain(type(exc).__name__, limits.MAX_TYPE)}>"


def safe_str(value: object, cap: int) -> str:
    try:
        return plain(str(value), cap)
    except BaseException as exc:
        return f"<str failed: {plain(type(exc).__name__, limits.MAX_TYPE)}>"


def type_name(value: object) -> str:
    return plain(type(value).__name__, limits.MAX_TYPE)


class CappedOutput(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.truncated = False

    def write(self, text: str) -> int:
        text = plain(text, limits.MAX_STDOUT)
        room = limits.MAX_STDOUT - self.tell()
        if len(text) > room:
            self.truncated = True
            text = text[: max(0, room)]
        if text:
            super().write(text)
        return 0


class CappedWarnings:
    """Keeps the first distinct warnings (capped) and counts the rest."""

    def __init__(self) -> None:
        self.notes: list[str] = []
        self.dropped = 0

    def show(self, message: object, category: object, *_: object, **__: object) -> None:
        if len(self.notes) >= limits.MAX_WARNINGS:
            self.dropped += 1
            return
        name = plain(getattr(category, "__name__", "Warning"), limits.MAX_TYPE)
        note = f"{name}: {safe_str(message, limits.MAX_WARNING)}"[: limits.MAX_WARNING]
        if note not in self.notes:
            self.notes.append(note)


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


_BUILTINS = __builtins__ if isinstance(__builtins__, dict) else vars(__builtins__)
SAFE_BUILTINS = {
    name: _BUILTINS[name]
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
    if name in _BUILTINS
}
SAFE_BUILTINS["__import__"] = _safe_import


def describe(value: object, repr_cap: int) -> dict[str, object]:
    if isinstance(value, np.ndarray):
        with np.printoptions(threshold=200, edgeitems=3, precision=6, suppress=True):
            text = safe_repr(value, repr_cap)
        return {
            "repr": text,
            "type": "ndarray",
            "shape": [int(n) for n in value.shape[: limits.MAX_DIMS]],
            "dtype": safe_str(value.dtype, limits.MAX_DTYPE),
        }
    if isinstance(value, np.generic):
        try:
            item: object = value.item()
        except BaseException:
            item = value
        return {
            "repr": safe_repr(item, repr_cap),
            "type": type_name(value),
            "shape": [],
            "dtype": safe_str(value.dtype, limits.MAX_DTYPE),
        }
    return {"repr": safe_repr(value, repr_cap), "type": type_name(value)}


def _snippet_line(exc: BaseException) -> int | None:
    """The last snippet line in the traceback (C-level attributes only, no snippet code)."""
    global _armed
    armed, _armed = _armed, False
    try:
        return _walk_traceback(exc)
    finally:
        _armed = armed


def _walk_traceback(exc: BaseException) -> int | None:
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<snippet>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def run_snippet(code: str, *, python_layers: bool, memory_mb: int) -> dict[str, object]:
    """Run the code in this (walled) child; every field of the reply is built here."""
    global _armed
    import ast

    output = CappedOutput()
    try:
        tree = ast.parse(code, filename="<snippet>", mode="exec")
        last_expr = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = tree.body.pop()
            assert isinstance(last, ast.Expr)
            last_expr = ast.Expression(last.value)
        body = compile(tree, "<snippet>", "exec")
        tail = compile(last_expr, "<snippet>", "eval") if last_expr is not None else None
    except SyntaxError as exc:
        return {
            "ok": False,
            "error_type": "SyntaxError",
            "error": safe_str(exc.msg, limits.MAX_ERROR),
            "line": exc.lineno if isinstance(exc.lineno, int) and exc.lineno >= 0 else None,
        }
    except (MemoryError, RecursionError, ValueError) as exc:
        return {"ok": False, "error_type": type_name(exc), "error": "the code could not compile"}
    _OWN_CODE.update({id(body), id(tail)})
    builtins = dict(SAFE_BUILTINS) if python_layers else dict(_BUILTINS)
    namespace: dict[str, object] = {
        "__builtins__": builtins,
        "np": np,
        "math": math,
        "__name__": "__snippet__",
    }
    notes = CappedWarnings()
    sys.stdout = sys.stderr = output
    np.random.seed(0)
    value: object = None
    reply: dict[str, Any]
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = notes.show
        _armed = python_layers
        try:
            exec(body, namespace)
            value = eval(tail, namespace) if tail is not None else None
            reply = {"ok": True}
        except BaseException as exc:
            message = (
                f"out of memory (limit {memory_mb} MB)"
                if isinstance(exc, MemoryError)
                else safe_str(exc, limits.MAX_ERROR)
            )
            reply = {
                "ok": False,
                "error_type": type_name(exc),
                "error": message,
                "line": _snippet_line(exc),
            }
        # Still armed and still under the kernel wall: the snippet's own __repr__,
        # __str__ and warning messages run here, never in the server or the parent.
        if reply["ok"]:
            reply["value"] = describe(value, limits.MAX_REPR) if tail is not None else None
            reply["variables"] = _variables(namespace)
        _armed = False
    if notes.dropped:
        notes.notes[-1] = f"… and {notes.dropped + 1:,} more warnings"
    reply.update(stdout=output.getvalue(), truncated=output.truncated, warnings=notes.notes)
    return reply


def _variables(namespace: dict[str, object]) -> dict[str, object]:
    found: dict[str, object] = {}
    for name, value in list(namespace.items()):
        if len(found) >= limits.MAX_VARIABLES:
            break
        if not (type(name) is str and name.isidentifier() and name.isascii()):
            continue
        if name.startswith("_") or len(name) > limits.MAX_NAME or type(value) is bool:
            continue
        if isinstance(value, np.ndarray | np.generic | int | float):
            found[name] = describe(value, limits.MAX_VARIABLE_REPR)
    return found


def encode_reply(reply: dict[str, object]) -> bytes:
    try:
        data = json.dumps(reply, ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError, RecursionError) as exc:
        data = b""
        reason = f"the result could not be encoded ({type(exc).__name__})"
    else:
        reason = "the result was too large"
    if 0 < len(data) <= limits.MAX_FRAME:
        return data
    return json.dumps({"ok": False, "error_type": "Sandbox", "error": reason}).encode()


def child(request: dict[str, Any], result_fd: int, wall: Wall) -> None:
    """The forked child: never returns."""
    try:
        os.setsid()
        if result_fd != RESULT_FD:
            os.dup2(result_fd, RESULT_FD)
        os.closerange(0, RESULT_FD)
        os.closerange(RESULT_FD + 1, 1 << 16)
        timeout = float(request["timeout"])
        memory_mb = int(request["memory_mb"])
        mode = str(request.get("wall", "linux"))
        layers = wall.enter(
            memory_mb=memory_mb, cpu_seconds=max(1, math.ceil(timeout)), kernel=mode == "linux"
        )
        if request.get("probe"):
            reply: dict[str, object] = {"layers": layers, "open_refused": _open_refused()}
        elif mode == "linux" and not layers["seccomp"][0]:
            reply = {
                "ok": False,
                "error_type": "Unavailable",
                "error": "the sandbox is not available on this system: " + layers["seccomp"][1],
            }
        else:
            reply = run_snippet(
                str(request["code"]),
                python_layers=bool(request.get("python_layers", True)),
                memory_mb=memory_mb,
            )
        data = encode_reply(reply)
    except BaseException as exc:
        data = json.dumps(
            {
                "ok": False,
                "error_type": "Sandbox",
                "error": f"the child failed: {type(exc).__name__}",
            }
        ).encode()
    with contextlib.suppress(BaseException):
        frame.write_all(RESULT_FD, frame.encode(data))
    os._exit(0)


def _open_refused() -> bool:
    try:
        os.close(os.open("/", os.O_RDONLY))
    except OSError:
        return True
    return False


def _exited_by(pid: int, deadline: float) -> int | None:
    """The child's wait status once it exits, or None if it is still alive at the deadline."""
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        time.sleep(min(0.005, left))


def _kill(pid: int) -> None:
    for kill in (os.killpg, os.kill):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            kill(pid, signal.SIGKILL)


def collect(pid: int, read_fd: int, timeout: float) -> tuple[dict[str, object], bytes]:
    """Read the child's frame against the wall clock; kill its group; say what happened."""
    deadline = time.monotonic() + timeout
    payload = b""
    status: int | None = None
    try:
        payload = frame.read_frame(read_fd, deadline=deadline, cap=limits.MAX_FRAME)
        header: dict[str, object] = {"status": "ok"}
    except frame.FrameError as exc:
        header = {"status": exc.kind, "detail": str(exc), "restart": True}
        if exc.kind == "closed":
            # a child that died says why; one that closed its pipe and lives on is
            # killed at the wall clock like any other
            status = _exited_by(pid, deadline)
            if status is None:
                header["status"] = "timeout"
    finally:
        os.close(read_fd)
    _kill(pid)
    if status is None:
        _, status = os.waitpid(pid, 0)
    if header["status"] == "closed" and os.WIFSIGNALED(status):
        header["signal"] = os.WTERMSIG(status)
    return header, payload


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
np.array(["a"]); np.array([1 + 2j]); np.datetime64("2020-01-01"); x.astype(np.float32)
np.polynomial.Polynomial.fit([0, 1, 2], [1, 3, 5], 1); np.char.upper(np.array(["a"]))
math.erf(0.5); math.gamma(3.0); math.comb(5, 2)
"""


def _fork(request: dict[str, Any], wall: Wall) -> tuple[dict[str, object], bytes]:
    read_fd, write_fd = os.pipe()
    server = os.getpid()
    pid = os.fork()
    if pid == 0:
        try:  # a child never returns into the server's loop, whatever happens
            wall.bind_to_parent(server)
            os.close(read_fd)
            child(request, write_fd, wall)
        finally:
            os._exit(1)
    os.close(write_fd)
    return collect(pid, read_fd, float(request["timeout"]))


def _reply(header: dict[str, object], payload: bytes = b"") -> None:
    frame.write_all(REPLY_FD, frame.encode(json.dumps(header).encode()) + frame.encode(payload))


def _start() -> Wall:
    """Warm NumPy up, build the wall once, and install the audit hook."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(WARM_UP, {"np": np, "math": math})
    wall = Wall()
    sys.addaudithook(_audit)
    return wall


def _serve_requests(wall: Wall) -> None:
    """Say ready, then one forked child per request frame, until the parent goes away."""
    _reply({"status": "ready"})
    while True:
        try:
            raw = frame.read_frame(REQUEST_FD, deadline=math.inf, cap=limits.MAX_REQUEST)
            request = json.loads(raw)
        except (frame.FrameError, ValueError):
            return  # the parent went away or spoke nonsense: nothing to serve
        header, payload = _fork(request, wall)
        _reply(header, payload)
        if header.get("restart"):
            return  # a misbehaving child: the parent starts a fresh server


def main() -> None:
    """The server of one parent process, over its stdin and stdout."""
    _serve_requests(_start())


def main_warm(path: str, idle_s: float) -> None:
    """This user's warm server (`warm`): listen on `path`, and once it listens, leave the
    starter (whose exit tells the client it can connect) and serve in the background.
    Each connection gets a handler forked from this pristine process, which serves it as
    `main` serves its parent; nothing a snippet does reaches the next one."""
    os.chdir("/")  # as the per-process server: it holds no directory of the user's
    wall = _start()
    listener = warm.listen(path)
    if listener is None:
        return  # another server has the socket: the client connects to that one
    if os.fork():
        os._exit(0)

    def handle(fd: int) -> None:
        os.dup2(fd, REQUEST_FD)
        os.dup2(fd, REPLY_FD)
        os.close(fd)
        with contextlib.suppress(OSError):  # the client went away mid-reply
            _serve_requests(wall)

    warm.serve(listener, path, idle_s, handle)


if __name__ == "__main__":
    main()
