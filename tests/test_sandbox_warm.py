"""The warm sandbox server of one-shot commands: this user only, nothing shared between
snippets, the same kernel wall, and nothing left behind once it idles out."""

from __future__ import annotations

import os
import socket
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tutor.cli import main
from tutor.sandbox import client, launch, warm

pytestmark = pytest.mark.skipif(not hasattr(socket, "SO_PEERCRED"), reason="Linux only")


def _gone(path: Path, within_s: float = 20.0) -> bool:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if not path.exists():
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A short private runtime directory (a socket path holds 108 bytes), and a warm server
    that idles out after two seconds; afterwards the server is gone and so is the dir."""
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="tw-", dir="/tmp"))
    where = base / "run"
    monkeypatch.setenv("TUTOR_RUNTIME_DIR", str(where))
    monkeypatch.setenv("TUTOR_SANDBOX_IDLE_S", "2")
    monkeypatch.setattr(client, "_servers", {})
    monkeypatch.setattr(launch, "_links", {})
    monkeypatch.setattr(launch, "_starting", {})
    monkeypatch.setattr(launch, "_warm_modes", set())
    yield where
    for server in client._servers.values():
        server.close()
    assert _gone(where), "the warm server did not idle out and remove its directory"
    base.rmdir()


def _socket(where: Path) -> Path:
    (found,) = where.glob("sandbox-linux-*.sock")
    return found


def test_one_shot_runs_share_one_warm_server_and_nothing_else(
    runtime: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", "--json", "x = 41"]) == 0
    sock = _socket(runtime)
    assert stat.S_ISSOCK(sock.lstat().st_mode) and stat.S_IMODE(sock.lstat().st_mode) == 0o600
    assert stat.S_IMODE(runtime.lstat().st_mode) == 0o700
    for server in client._servers.values():
        server.close()
    monkeypatch.setattr(client, "_servers", {})

    def no_new_server(mode: str) -> None:
        raise AssertionError("a second server was started")

    monkeypatch.setattr(warm, "start", no_new_server)
    monkeypatch.setattr(launch, "spawn", no_new_server)
    capsys.readouterr()
    assert main(["run", "x + 1"]) == 1  # a fresh child: the first snippet's x is not here
    assert "NameError" in capsys.readouterr().out


def test_the_wall_is_the_same_through_the_warm_server(runtime: Path) -> None:
    own = client.SandboxServer(kernel=True)  # a server of this process, over pipes
    try:
        expected = own.layers()
    finally:
        own.close()
    launch.prestart(warm_server=True)
    server = client.sandbox()
    layers = server.layers()
    assert isinstance(server._process, warm.Link)
    assert layers == expected and layers["seccomp"][0], layers
    opened = server.run(
        "open('/etc/passwd').read()", timeout_s=2, memory_mb=512, python_layers=False
    )
    assert opened.error_type == "PermissionError"
    looped = server.run("while True: pass", timeout_s=1, memory_mb=512)
    # stopped by the wall clock or, on a busy machine, first by the CPU limit set from the
    # same budget (as tests/test_sandbox_escapes.py accepts for a CPU-bound loop)
    assert looped.error_type in ("Timeout", "Killed")
    again = server.run("np.ones(2).sum()", timeout_s=2, memory_mb=512)  # a fresh handler
    assert again.ok and again.value is not None and again.value.repr == "2.0"


def test_another_users_connection_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    left, right = socket.socketpair(socket.AF_UNIX)
    with left, right:
        assert warm.peer_is_self(left)
        real = os.getuid()
        monkeypatch.setattr(os, "getuid", lambda: real + 1)
        assert not warm.peer_is_self(left)


def test_a_directory_others_can_enter_or_a_symlink_is_not_used(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    assert not warm.private_dir(str(shared), create=True)
    link = tmp_path / "link"
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    link.symlink_to(private)
    assert warm.private_dir(str(private), create=False)
    assert not warm.private_dir(str(link), create=False)
    made = tmp_path / "made"
    assert warm.private_dir(str(made), create=True)
    assert stat.S_IMODE(made.stat().st_mode) == 0o700


def test_no_warm_server_when_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    for value in ("0", "off", "-5"):
        monkeypatch.setenv("TUTOR_SANDBOX_IDLE_S", value)
        assert not warm.enabled("linux")
        assert warm.connect("linux") is None and warm.start("linux") is None
    monkeypatch.setenv("TUTOR_SANDBOX_IDLE_S", "30")
    assert not warm.enabled("seatbelt") and not warm.enabled("none")


def test_the_warm_server_keeps_no_descriptor_its_starter_inherited(runtime: Path) -> None:
    """`x=$(tutor run …)` waits for EOF on a pipe: a server that kept it open would hang it."""
    import select
    import subprocess
    import sys

    read_end, write_end = os.pipe()
    code = "from tutor.cli import main; raise SystemExit(main(['run', '1 + 1']))"
    env = {**os.environ}
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        pass_fds=(write_end,),
        env=env,
    )
    os.close(write_end)
    assert process.wait(timeout=120) == 0
    ready, _, _ = select.select([read_end], [], [], 60)
    assert ready and os.read(read_end, 1) == b""  # EOF: nobody else holds the write end
    os.close(read_end)
    assert _socket(runtime).exists()  # the server is up, and idles out in the fixture
