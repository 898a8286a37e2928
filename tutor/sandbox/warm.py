"""A warm fork server for one-shot commands, reached by this user alone, that idles out.

`tutor run` and `tutor explain` are each one short process. Starting a fork server for
every one of them costs a fresh interpreter and its NumPy import, which is the whole
budget of issue #13 (≤ 1.3× a bare `python -c 'import numpy'`). Starting that server
early, on the other core, while the command imports and parses (`launch.prestart`) helps
only when the other core is free, and it is not on a shared machine. So the first command
starts a server that stays: later commands connect to it and send their snippet.

What stays exactly as it was: nothing is shared between snippets. The server forks a
handler for each connection, the handler forks a fresh child for each snippet, and that
child enters the same kernel wall (rlimits, network namespace, Landlock, seccomp) before
any snippet code runs; the server and the handlers never run snippet code. The server's
environment is the same almost empty one (no API key), its cwd `/`, its own session.

Who can reach it: only this user. The socket is created 0600 in a directory this user
owns with mode 0700 (checked with `lstat`: not a symlink, nobody else can enter); the
server checks every connection's peer with SO_PEERCRED and closes any other user's, and
the client checks the server's the same way before it sends code. Linux only (Seatbelt and
the unsafe mode keep their per-process server).

It idles out: after `TUTOR_SANDBOX_IDLE_S` seconds (default 600; 0 turns the warm server
off) with no connection it removes its socket, and its directory when that is empty, and
exits. It also exits when its socket is removed or replaced. Standard library only: the
fork server imports this module.
"""

from __future__ import annotations

import contextlib
import os
import socket
import stat
import struct
import sys
import time

IDLE_ENV = "TUTOR_SANDBOX_IDLE_S"
DEFAULT_IDLE_S = 600.0
START_TIMEOUT_S = 60.0
_PEERCRED = struct.Struct("3i")  # pid, uid, gid
_MAX_PATH = 100  # sun_path holds 108 bytes on Linux
# the files whose code the server runs: a change starts a new server beside the old one
_SERVER_FILES = (
    "server.py",
    "wall.py",
    "seccomp.py",
    "landlock.py",
    "frame.py",
    "limits.py",
    "warm.py",
)


def idle_seconds() -> float:
    """How long a warm server waits for work; 0 (or a value that is not a number) means
    no warm server."""
    raw = os.environ.get(IDLE_ENV, "").strip()
    if not raw:
        return DEFAULT_IDLE_S
    try:
        value = float(raw)
    except ValueError:
        return 0.0
    return value if value > 0 and value == value else 0.0


def runtime_dir() -> str:
    """TUTOR_RUNTIME_DIR, else `$XDG_RUNTIME_DIR/tutor`, else `/tmp/tutor-<uid>`."""
    chosen = os.environ.get("TUTOR_RUNTIME_DIR", "").strip()
    if chosen:
        return chosen
    xdg = os.environ.get("XDG_RUNTIME_DIR", "").strip()
    if xdg and os.path.isabs(xdg):
        return os.path.join(xdg, "tutor")
    temporary = os.environ.get("TMPDIR", "").strip() or "/tmp"
    return os.path.join(temporary, f"tutor-{os.getuid()}")


def private_dir(path: str, *, create: bool) -> bool:
    """The directory is this user's, mode 0700, not a symlink (made so when `create`)."""
    if create:
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            pass
        except OSError:
            return False
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and stat.S_IMODE(info.st_mode) & 0o077 == 0
    )


def socket_path(mode: str) -> str | None:
    """Where the warm server for this interpreter, this code and this wall mode listens."""
    import zlib

    here = os.path.dirname(os.path.abspath(__file__))
    parts = [mode, os.path.realpath(sys.executable), here]
    for name in _SERVER_FILES:
        try:
            info = os.stat(os.path.join(here, name))
        except OSError:
            return None
        parts.append(f"{name}:{info.st_mtime_ns}:{info.st_size}")
    from tutor.sandbox.launch import PASSED_ENVIRONMENT

    parts += [f"{k}={os.environ.get(k, '')}" for k in PASSED_ENVIRONMENT]
    digest = zlib.crc32("\0".join(parts).encode("utf-8", "surrogateescape"))
    path = os.path.join(runtime_dir(), f"sandbox-{mode}-{digest:08x}.sock")
    return path if len(path.encode("utf-8", "surrogateescape")) <= _MAX_PATH else None


def peer_is_self(sock: socket.socket) -> bool:
    """The process at the other end runs as this user (SO_PEERCRED)."""
    try:
        raw = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, _PEERCRED.size)
    except (OSError, AttributeError):
        return False
    _, uid, _ = _PEERCRED.unpack(raw)
    return bool(uid == os.getuid())


def enabled(mode: str) -> bool:
    return mode == "linux" and hasattr(socket, "SO_PEERCRED") and idle_seconds() > 0


class Link:
    """A connection to the warm server, shaped like the `Popen` the client otherwise holds
    (`stdin`, `stdout`, `poll`, `close`): closing it ends this connection's handler, never
    the server."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self.stdin = self.stdout = sock

    def poll(self) -> int | None:
        return None if self._sock.fileno() >= 0 else 0

    def close(self) -> None:
        self._sock.close()


def connect(mode: str) -> Link | None:
    """A link to this user's warm server, or None (none running, or not trusted)."""
    path = socket_path(mode) if enabled(mode) else None
    if path is None or not private_dir(os.path.dirname(path), create=False):
        return None
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(path)
        if peer_is_self(sock):
            return Link(sock)
    except OSError:
        pass
    sock.close()
    return None


def start(mode: str) -> int | None:
    """Start a warm server in the background; its starter's pid (it exits once the socket
    listens), or None when no warm server can be had here."""
    path = socket_path(mode) if enabled(mode) else None
    if path is None or not private_dir(os.path.dirname(path), create=True):
        return None
    import signal

    from tutor.sandbox.launch import BOOT_WARM, server_command, server_environment

    null = os.devnull
    actions: list[tuple[int, ...] | tuple[int, int, str, int, int]] = [
        (os.POSIX_SPAWN_OPEN, fd, null, os.O_RDWR, 0) for fd in (0, 1, 2)
    ]
    # whatever this process inherited (a pipe a caller waits on) must not stay open for the
    # server's lifetime: every inheritable descriptor above stderr is closed in it
    actions += [(os.POSIX_SPAWN_CLOSE, fd) for fd in _inheritable_descriptors()]
    argv = [*server_command(BOOT_WARM), path, repr(idle_seconds())]
    try:
        return os.posix_spawn(
            argv[0],
            argv,
            server_environment(),
            file_actions=actions,
            setsid=True,
            setsigdef=(signal.SIGPIPE, signal.SIGXFSZ),  # as subprocess restores them
        )
    except OSError:
        return None


def _inheritable_descriptors() -> list[int]:
    try:
        names = os.listdir("/proc/self/fd")
    except OSError:
        names = [str(fd) for fd in range(3, 256)]
    found = []
    for name in names:
        fd = int(name)
        if fd > 2:
            try:
                if os.get_inheritable(fd):
                    found.append(fd)
            except OSError:
                pass  # closed meanwhile (the listing's own descriptor)
    return found


def wait_started(pid: int, mode: str, *, timeout_s: float = START_TIMEOUT_S) -> Link | None:
    """Wait for the starter `pid` to finish (the socket listens), then connect."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            done = pid
        if done:
            return connect(mode)
        if time.monotonic() >= deadline:
            import signal

            for kill in (os.killpg, os.kill):
                with contextlib.suppress(OSError):
                    kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
            return None
        time.sleep(0.002)


# -- the server's side (runs in the fork server's process) -------------------------------


def listen(path: str) -> socket.socket | None:
    """Bind the socket 0600 (taking over a stale one); None when another server has it."""
    if not private_dir(os.path.dirname(path), create=True):
        return None
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.connect(path)
        return None  # a live server answers there already
    except FileNotFoundError:
        pass
    except OSError:
        try:
            if stat.S_ISSOCK(os.lstat(path).st_mode):
                os.unlink(path)  # left by a server that was killed
        except OSError:
            return None
    finally:
        probe.close()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old = os.umask(0o177)
    try:
        listener.bind(path)
        os.chmod(path, 0o600)
        listener.listen(16)
    except OSError:
        listener.close()
        return None
    finally:
        os.umask(old)
    return listener


def _same_file(path: str, known: os.stat_result) -> bool:
    try:
        now = os.lstat(path)
    except OSError:
        return False
    return (now.st_ino, now.st_dev) == (known.st_ino, known.st_dev)


def serve(listener: socket.socket, path: str, idle_s: float, handle: object) -> None:
    """Accept this user's connections, each handled in a forked process by `handle(fd)`,
    until `idle_s` pass with none, or the socket is gone; then clean up."""
    import signal

    def stop(*_: object) -> None:
        raise SystemExit(0)  # `kill` ends it cleanly: socket and empty directory removed

    signal.signal(signal.SIGTERM, stop)
    mine = os.lstat(path)
    handlers: set[int] = set()
    last = time.monotonic()
    listener.settimeout(min(1.0, idle_s))
    try:
        while True:
            for pid in list(handlers):
                try:
                    done, _ = os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    done = pid
                if done:
                    handlers.discard(pid)
                    last = time.monotonic()
            if not _same_file(path, mine):
                return  # removed or replaced: nobody can reach this server any more
            if not handlers and time.monotonic() - last >= idle_s:
                return
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                time.sleep(0.05)
                continue
            last = time.monotonic()
            if not peer_is_self(conn):
                conn.close()
                continue
            pid = os.fork()
            if pid == 0:
                try:
                    signal.signal(signal.SIGTERM, signal.SIG_DFL)
                    listener.close()
                    conn.setblocking(True)
                    handle(conn.detach())  # type: ignore[operator]
                finally:
                    os._exit(0)
            conn.close()
            handlers.add(pid)
    finally:
        listener.close()
        if _same_file(path, mine):
            with contextlib.suppress(OSError):
                os.unlink(path)
        with contextlib.suppress(OSError):  # only when empty: no directory left behind
            os.rmdir(os.path.dirname(path))
