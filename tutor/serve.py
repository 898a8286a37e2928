"""`tutor serve`: the same TUI in a browser through textual-serve.

Bound to 127.0.0.1 by default: the TUI can spend the learner's Gemini budget and read
their diary, so any other address needs the explicit `--allow-remote` flag."""

from __future__ import annotations

import ipaddress
import shlex
import sys

from tutor.errors import ConfigError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_address(host: str, port: int, *, allow_remote: bool) -> None:
    """Refuse a non-loopback address unless the learner asked for it explicitly."""
    if not 0 < port < 65536:
        raise ConfigError(f"--port {port}: give a port between 1 and 65535")
    if not is_loopback(host) and not allow_remote:
        raise ConfigError(
            f"--host {host}: anyone who can reach this address could use your tutor (and "
            "your Gemini budget); add --allow-remote if that is what you want"
        )


def tui_command(*, offline: bool, lang: str | None) -> str:
    """The command textual-serve runs for each browser session: this Python, this tutor."""
    argv = [sys.executable, "-m", "tutor"]
    if offline:
        argv.append("--offline")
    if lang:
        argv += ["--lang", lang]
    return shlex.join([*argv, "tui"])


def serve(
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    allow_remote: bool = False,
    offline: bool = False,
    lang: str | None = None,
) -> int:
    check_address(host, port, allow_remote=allow_remote)
    from textual_serve.server import Server

    server = Server(tui_command(offline=offline, lang=lang), host=host, port=port, title="tutor")
    try:
        server.serve()
    except OSError as exc:
        raise ConfigError(
            f"cannot serve on {host}:{port}: {exc.strerror or exc}; try another --port"
        ) from None
    return 0
