"""Starting the fork server: its command, its (almost empty) environment, and an early start.

Standard library only and cheap to import, so `tutor run` can start the server's NumPy
import first and do its own imports (settings, pydantic, rich) on the other core.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

# OpenBLAS needs these on some processors to compute correctly; they are not secrets.
PASSED_ENVIRONMENT = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
SERVER_ENVIRONMENT = {
    # BLAS on one thread: the filter forbids clone, and one core is the budget anyway
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
    "LC_ALL": "C.UTF-8",
}
BOOT = "import sys; sys.path.append(sys.argv[1]); from tutor.sandbox.server import main; main()"

_early: dict[str, subprocess.Popen[bytes]] = {}


def wall_mode() -> str:
    """Which kernel wall this system can have: linux, seatbelt, or none."""
    if sys.platform.startswith("linux"):
        return "linux"
    from tutor.sandbox import seatbelt

    if seatbelt.available():
        return "seatbelt"
    return "none"


def spawn(mode: str) -> subprocess.Popen[bytes]:
    """Start a fork server (cwd `/`, its own session, no inherited descriptors)."""
    root = str(Path(__file__).resolve().parent.parent.parent)
    argv = [sys.executable, "-I", "-B", "-c", BOOT, root]
    if mode == "seatbelt":
        from tutor.sandbox import seatbelt

        argv = seatbelt.command(argv)
    env = dict(SERVER_ENVIRONMENT)
    env.update({k: os.environ[k] for k in PASSED_ENVIRONMENT if k in os.environ})
    return subprocess.Popen(
        argv,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd="/",
        start_new_session=True,
        close_fds=True,
    )


def prestart(*, kernel: bool = True) -> None:
    """Start a server now; the first `SandboxServer` of that mode adopts it."""
    mode = wall_mode() if kernel else "none"
    if kernel and mode == "none":
        return  # nothing may run here; the run itself says why
    if mode not in _early:
        try:
            _early[mode] = spawn(mode)
        except OSError:
            return
        atexit.register(_discard)


def _discard() -> None:
    """Stop early servers nobody adopted (the command failed before it ran any code)."""
    while _early:
        _, process = _early.popitem()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def adopt(mode: str) -> subprocess.Popen[bytes] | None:
    """The early server for `mode`, if one was started and is still alive."""
    process = _early.pop(mode, None)
    if process is not None and process.poll() is not None:
        return None
    return process
