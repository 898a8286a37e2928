"""The parent's side: a server that stalls or dies costs one snippet one line, never a hang."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator

import pytest

from tutor.sandbox import client


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[client.SandboxServer]:
    monkeypatch.setattr(client, "REPLY_SLACK_S", 0.5)
    own = client.SandboxServer()
    yield own
    own.close()


def test_a_stalled_server_is_replaced_after_the_deadline(server: client.SandboxServer) -> None:
    assert server.run("1", timeout_s=2, memory_mb=512).ok
    process = server._process
    assert process is not None
    os.kill(process.pid, signal.SIGSTOP)
    start = time.monotonic()
    result = server.run("1", timeout_s=0.5, memory_mb=512)
    elapsed = time.monotonic() - start
    assert not result.ok and "restarted" in (result.error or "")
    assert elapsed < 0.5 + 0.5 + 3.0  # deadline + slack, generous for a shared machine
    assert process.poll() is not None  # the stalled one was killed
    after = server.run("2 + 2", timeout_s=5, memory_mb=512)
    assert after.ok and after.value is not None and after.value.repr == "4"


def test_a_server_killed_mid_snippet_is_one_line_and_replaced(
    server: client.SandboxServer,
) -> None:
    assert server.run("1", timeout_s=2, memory_mb=512).ok
    process = server._process
    assert process is not None
    killer = threading.Timer(0.3, os.kill, (process.pid, signal.SIGKILL))
    killer.start()
    result = server.run(
        "import time\ntime.sleep(3)", timeout_s=5, memory_mb=512, python_layers=False
    )
    killer.join()
    assert not result.ok and result.error_type == "Sandbox"
    after = server.run("3 * 3", timeout_s=5, memory_mb=512)
    assert after.ok and after.value is not None and after.value.repr == "9"


def test_a_request_too_large_for_the_channel_is_refused(server: client.SandboxServer) -> None:
    result = server.run("x = 1\n" * 20_000, timeout_s=2, memory_mb=512)
    assert result.error_type == "Refused"
