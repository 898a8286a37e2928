"""Starting the fork server: its command, its (almost empty) environment, and an early start.

Standard library only and cheap to import, so `tutor run` can start the server's NumPy
import first and do its own imports (settings, pydantic, rich) on the other core. One-shot
commands (`prestart(warm=True)`) first look for this user's warm server (`warm`), and start
one when there is none, so the next command finds NumPy already imported.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import sys

from tutor.sandbox import warm

TYPE_CHECKING = False
if TYPE_CHECKING:
    import subprocess

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
BOOT_WARM = (
    "import sys; sys.path.append(sys.argv[1]); from tutor.sandbox.server import main_warm; "
    "main_warm(sys.argv[2], float(sys.argv[3]))"
)

_early: dict[str, subprocess.Popen[bytes]] = {}
_links: dict[str, warm.Link] = {}  # connections to a warm server, made early
_starting: dict[str, int] = {}  # warm servers being started: their starter's pid
_warm_modes: set[str] = set()  # modes whose servers are reached through the warm server


def wall_mode() -> str:
    """Which kernel wall this system can have: linux, seatbelt, or none."""
    if sys.platform.startswith("linux"):
        return "linux"
    from tutor.sandbox import seatbelt

    if seatbelt.available():
        return "seatbelt"
    return "none"


def server_command(boot: str) -> list[str]:
    """`python -I -B -c BOOT ROOT`: isolated mode, no bytecode written, this checkout's code."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__))))
    return [sys.executable, "-I", "-B", "-c", boot, root]


def server_environment() -> dict[str, str]:
    """The server's whole environment: BLAS on one thread, a locale, nothing else."""
    env = dict(SERVER_ENVIRONMENT)
    env.update({k: os.environ[k] for k in PASSED_ENVIRONMENT if k in os.environ})
    return env


def spawn(mode: str) -> subprocess.Popen[bytes]:
    """Start a fork server (cwd `/`, its own session, no inherited descriptors)."""
    import subprocess

    argv = server_command(BOOT)
    if mode == "seatbelt":
        from tutor.sandbox import seatbelt

        argv = seatbelt.command(argv)
    return subprocess.Popen(
        argv,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=server_environment(),
        cwd="/",
        start_new_session=True,
        close_fds=True,
    )


def prestart(*, kernel: bool = True, warm_server: bool = False) -> None:
    """Start a server now; the first `SandboxServer` of that mode adopts it.

    With `warm_server` (one-shot commands), connect to this user's warm server, or start
    one (it imports NumPy meanwhile, and stays for the next command)."""
    mode = wall_mode() if kernel else "none"
    if kernel and mode == "none":
        return  # nothing may run here; the run itself says why
    if warm_server and warm.enabled(mode):
        _warm_modes.add(mode)
        if mode in _links or mode in _starting:
            return
        link = warm.connect(mode)
        if link is not None:
            _links[mode] = link
            atexit.register(_discard)
            return
        pid = warm.start(mode)
        if pid is not None:
            _starting[mode] = pid
            return
        _warm_modes.discard(mode)
    if mode not in _early:
        try:
            _early[mode] = spawn(mode)
        except OSError:
            return
        atexit.register(_discard)


def _discard() -> None:
    """Stop early servers nobody adopted (the command failed before it ran any code, or
    had none to run); unused links to the warm server are closed, the server stays."""
    while _links:
        _links.popitem()[1].close()
    while _early:
        _, process = _early.popitem()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def adopt(mode: str) -> subprocess.Popen[bytes] | warm.Link | None:
    """The early server (or warm link) for `mode`, if one was started and is still alive;
    for a mode reached through the warm server, a fresh connection to it."""
    link = _links.pop(mode, None)
    if link is not None:
        return link
    starter = _starting.pop(mode, None)
    if starter is not None:
        link = warm.wait_started(starter, mode)
        if link is not None:
            return link
    elif mode in _warm_modes:
        link = warm.connect(mode)  # a fresh handler, after a misbehaving snippet
        if link is not None:
            return link
    process = _early.pop(mode, None)
    if process is not None and process.poll() is not None:
        return None
    return process
