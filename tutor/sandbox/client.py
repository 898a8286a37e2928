"""The parent's side: start the fork server, send a snippet, read one reply in time.

The server is started with an almost empty environment (so no API key), `python -I`,
cwd `/` and its own session. Every reply is read with the deadline enforced on the read;
a late, closed or malformed reply kills the server's process group, starts a fresh one,
and becomes a one-line failure for that snippet. Nothing here raises to the caller.
One-shot commands reach the warm server instead (`warm`, through `launch.prestart`): the
same frames over a socket, and "a fresh one" is a new connection, so a fresh handler.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import sys
import threading
import time

from tutor.errors import SandboxError
from tutor.sandbox import frame, launch, limits, warm
from tutor.sandbox.launch import prestart, wall_mode
from tutor.sandbox.policy import check_code
from tutor.sandbox.result import Outcome

TYPE_CHECKING = False  # not typing's: `tutor run` and `tutor explain` import neither at run time
if TYPE_CHECKING:
    import subprocess
    from typing import Any

START_TIMEOUT_S = 60.0
REPLY_SLACK_S = 5.0
UNAVAILABLE = "the sandbox is not available on this system"
UNSAFE_FLAG = "--unsafe-no-kernel-sandbox"

Layers = dict[str, tuple[bool, str]]


class SandboxServer:
    """One warm fork server, restarted whenever it or a child misbehaves."""

    def __init__(self, *, kernel: bool = True) -> None:
        self.kernel = kernel
        self.mode = wall_mode() if kernel else "none"
        self._process: subprocess.Popen[bytes] | warm.Link | None = None
        self._layers: Layers | None = None
        self._hello = False
        self._lock = threading.Lock()

    # -- process ------------------------------------------------------------------
    def spawn(self) -> None:
        """Start the server without waiting for it (its NumPy import runs meanwhile)."""
        if self._process is not None and self._process.poll() is None:
            return
        self._layers = None
        self._hello = False
        self._process = launch.adopt(self.mode) or launch.spawn(self.mode)

    def _ready(self) -> subprocess.Popen[bytes] | warm.Link:
        self.spawn()
        process = self._process
        assert process is not None and process.stdout is not None
        if not self._hello:
            deadline = time.monotonic() + START_TIMEOUT_S
            header, _ = self._read_reply(process, deadline)
            if header.get("status") != "ready":
                raise frame.FrameError("closed", "the sandbox could not start")
            self._hello = True
        return process

    def _probe_layers(self, header: dict[str, Any], payload: bytes) -> Layers:
        layers: Layers = {}
        try:
            probe = json.loads(payload) if header.get("status") == "ok" else {}
            for name, (active, detail) in dict(probe.get("layers", {})).items():
                layers[str(name)] = (bool(active), str(detail))
            if layers.get("seccomp", (False, ""))[0] and not probe.get("open_refused"):
                layers["seccomp"] = (False, "loaded, but a test open() was not refused")
        except (ValueError, TypeError, KeyError, AttributeError):
            layers["seccomp"] = (False, "the start-up probe gave no readable answer")
        if self.mode == "seatbelt":
            layers["seatbelt"] = (True, "sandbox-exec, deny-default profile (untested here)")
        return layers

    def _read_reply(
        self, process: subprocess.Popen[bytes] | warm.Link, deadline: float
    ) -> tuple[dict[str, Any], bytes]:
        assert process.stdout is not None
        fd = process.stdout.fileno()
        header = json.loads(frame.read_frame(fd, deadline=deadline, cap=4096))
        if not isinstance(header, dict):
            raise frame.FrameError("malformed", "the sandbox's reply had no header")
        return header, frame.read_frame(fd, deadline=deadline, cap=limits.MAX_FRAME)

    def close(self) -> None:
        process, self._process = self._process, None
        self._layers = None
        self._hello = False
        if process is None:
            return
        if isinstance(process, warm.Link):
            process.close()  # ends this connection's handler; the warm server stays
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        for pipe in (process.stdin, process.stdout):
            if pipe is not None:
                pipe.close()

    def _replace(self) -> None:
        """Kill this server and start a fresh one now, so the next snippet finds it warm."""
        self.close()
        with contextlib.suppress(OSError):  # if it cannot start now, the next run says so
            self.spawn()

    # -- queries ------------------------------------------------------------------
    def layers(self) -> Layers:
        """Which layers the start-up probe found active, each with a reason."""
        with self._lock:
            if self.kernel and self.mode == "none":
                return {"kernel wall": (False, f"no kernel sandbox for {sys.platform}")}
            if self._layers is None:
                request = {"probe": True, "timeout": 5.0, "memory_mb": 1024, "wall": self.mode}
                try:
                    process = self._ready()
                    assert process.stdin is not None
                    frame.write_all(
                        process.stdin.fileno(), frame.encode(json.dumps(request).encode())
                    )
                    deadline = time.monotonic() + 5.0 + REPLY_SLACK_S
                    self._layers = self._probe_layers(*self._read_reply(process, deadline))
                except (OSError, ValueError, RecursionError, frame.FrameError) as exc:
                    self.close()
                    return {"fork server": (False, f"could not start: {exc}")}
            return dict(self._layers)

    def run(
        self, code: str, *, timeout_s: float, memory_mb: int, python_layers: bool = True
    ) -> Outcome:
        """Run one snippet; every failure, the server's included, is an Outcome."""
        if self.kernel and self.mode == "none":
            return Outcome.failure("Unavailable", unavailable_message(None))
        request = {
            "code": code,
            "timeout": float(timeout_s),
            "memory_mb": int(memory_mb),
            "python_layers": python_layers,
            "wall": self.mode,
        }
        data = frame.encode(json.dumps(request).encode())
        if len(data) > limits.MAX_REQUEST:
            return Outcome.failure("Refused", "the code is too long for the sandbox")
        with self._lock:
            for attempt in range(2):
                try:
                    # no probe needed: a child whose filter fails refuses to run the code
                    process = self._ready()
                    assert process.stdin is not None
                    frame.write_all(process.stdin.fileno(), data)
                except (OSError, ValueError, RecursionError, frame.FrameError):
                    self.close()  # a server that died while idle: one fresh try
                    if attempt:
                        return Outcome.failure("Unavailable", "the sandbox could not start")
                    continue
                return self._answer(process, float(timeout_s))
        raise AssertionError("unreachable")  # pragma: no cover

    def _answer(self, process: subprocess.Popen[bytes] | warm.Link, timeout_s: float) -> Outcome:
        deadline = time.monotonic() + timeout_s + REPLY_SLACK_S
        try:
            header, payload = self._read_reply(process, deadline)
        except (OSError, ValueError, RecursionError, frame.FrameError):
            self._replace()
            return Outcome.failure(
                "Sandbox", "the sandbox did not answer properly and was restarted"
            )
        if header.get("restart"):
            self._replace()
        status = header.get("status")
        if status == "ok":
            result = Outcome.from_frame(payload)
            if result.error_type == "BadReply" and not header.get("restart"):
                self._replace()  # a child that forged junk: replace the server all the same
            return result
        if status == "timeout":
            return Outcome.failure(
                "Timeout", f"killed after {timeout_s:g} s wall-clock time (infinite loop?)"
            )
        if status == "oversized":
            return Outcome.failure(
                "Sandbox", f"the reply was larger than {limits.MAX_FRAME:,} bytes"
            )
        sig = header.get("signal")
        reason = {
            int(signal.SIGXCPU): "CPU time limit reached",
            int(signal.SIGKILL): "killed (CPU or memory limit)",
            int(signal.SIGSYS): "killed by the seccomp filter",
        }.get(sig if isinstance(sig, int) else -1)
        if reason:
            return Outcome.failure("Killed", reason)
        return Outcome.failure("Crashed", "the sandbox process ended without a result")


def unavailable_message(layers: Layers | None) -> str:
    why = (layers or {}).get("seccomp", (False, "no kernel sandbox here"))[1]
    return f"{UNAVAILABLE} ({why}); `tutor doctor` lists the layers"


_servers: dict[bool, SandboxServer] = {}
_servers_lock = threading.Lock()


def sandbox(*, kernel: bool = True) -> SandboxServer:
    """The process-wide server (one per kernel setting), closed at exit."""
    with _servers_lock:
        server = _servers.get(kernel)
        if server is None:
            server = _servers[kernel] = SandboxServer(kernel=kernel)
            atexit.register(server.close)
        return server


def run_checked(code: str, *, timeout_s: float, memory_mb: int, kernel: bool = True) -> Outcome:
    """The AST check, then the sandbox: what `run_numpy` and `tutor run` both do."""
    try:
        check_code(code)
    except SandboxError as exc:
        return Outcome.failure("Refused", str(exc))
    return sandbox(kernel=kernel).run(code, timeout_s=timeout_s, memory_mb=memory_mb)


__all__ = [
    "UNAVAILABLE",
    "UNSAFE_FLAG",
    "SandboxServer",
    "prestart",
    "run_checked",
    "sandbox",
    "unavailable_message",
    "wall_mode",
]
