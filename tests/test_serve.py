"""`tutor serve`: loopback by default, and the real thing driven in headless Chromium
(Debian's chromium through Playwright's Python client): type a question, read the
offline answer the page receives."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tutor.cli import main
from tutor.errors import ConfigError
from tutor.serve import check_address, tui_command

CHROMIUM = os.environ.get("TUTOR_TEST_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def test_only_loopback_without_the_explicit_flag(capsys: pytest.CaptureFixture[str]) -> None:
    for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2"):
        check_address(host, 8000, allow_remote=False)
    for host in ("0.0.0.0", "192.168.1.5", "example.org", "::"):
        with pytest.raises(ConfigError, match="--allow-remote"):
            check_address(host, 8000, allow_remote=False)
    check_address("0.0.0.0", 8000, allow_remote=True)
    with pytest.raises(ConfigError, match="between 1 and 65535"):
        check_address("127.0.0.1", 0, allow_remote=False)
    assert main(["serve", "--host", "0.0.0.0"]) == 1
    assert "add --allow-remote" in capsys.readouterr().err
    assert tui_command(offline=True, lang="ja").endswith("-m tutor --offline --lang ja tui")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_listening(port: int, server: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"tutor serve exited with {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("tutor serve did not start listening")


@pytest.mark.slow
def test_the_browser_shows_an_offline_answer(isolated: Path) -> None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright's Python client is not installed (pip install '.[test]')")
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (Debian: apt-get install -y chromium)")
    port = _free_port()
    env = {**os.environ, "TUTOR_HOME": str(isolated), "TUTOR_OFFLINE": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "tutor", "--offline", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    received: list[str] = []
    try:
        _wait_listening(port, server, 30)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                # nothing leaves the machine: only the local server is reachable
                page.route(
                    re.compile(r"^(?!(?:https?|wss?)://127\.0\.0\.1[:/]).*"),
                    lambda route: route.abort(),
                )

                def on_socket(ws) -> None:  # type: ignore[no-untyped-def]
                    ws.on(
                        "framereceived",
                        lambda data: received.append(
                            data.decode("utf-8", "replace") if isinstance(data, bytes) else data
                        ),
                    )

                page.on("websocket", on_socket)
                page.goto(f"http://127.0.0.1:{port}/", wait_until="load")
                screen = ANSI.sub("", "".join(received))
                deadline = time.monotonic() + 60
                while "Ask a question" not in screen:  # the TUI's greeting
                    assert time.monotonic() < deadline, "the TUI never drew in the page"
                    page.wait_for_timeout(250)
                    screen = ANSI.sub("", "".join(received))
                page.wait_for_timeout(500)
                page.focus(".xterm-helper-textarea")  # xterm.js takes keys through it
                page.keyboard.type(r"\sigma(x) = \frac{1}{1+e^{-x}}", delay=10)
                page.keyboard.press("Enter")
                deadline = time.monotonic() + 60
                while True:
                    screen = ANSI.sub("", "".join(received))
                    if "logistic sigmoid" in screen:
                        break
                    assert time.monotonic() < deadline, screen[-2000:]
                    page.wait_for_timeout(250)
            finally:
                browser.close()
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert "logistic sigmoid" in screen and "offline" in screen
