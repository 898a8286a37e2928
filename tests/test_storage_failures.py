"""Every storage failure is one line (CLI) or a notice (TUI): corrupt, full, read-only,
no permission, locked; plus the CLI's quiet exits (broken pipe, ctrl+c, EOF, bad stdin).

Real faults where the machine allows: a tmpfs filled to the brim or mounted read-only in
a private mount namespace (`unshare -m`), and a home directory of mode 000 read by a
process without CAP_DAC_OVERRIDE (root ignores modes otherwise)."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tutor.cli import main
from tutor.config import load_settings
from tutor.errors import StorageCorrupt, StorageLocked

ROOT = Path(__file__).parent.parent


def garbage(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"SQLite format 2\x00 but not really" * 200)


def run(
    argv: list[str], *, prefix: str = "", stdin: bytes = b"", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "tutor", *argv]
    full_env = {**os.environ, **(env or {})}
    if prefix:
        quoted = " ".join("'" + part.replace("'", "'\\''") + "'" for part in command)
        command = ["unshare", "-m", "sh", "-c", f"{prefix} && exec {quoted}"]
    result = subprocess.run(
        command, input=stdin, capture_output=True, env=full_env, cwd=ROOT, check=False
    )
    return subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode("utf-8", "replace"),
        result.stderr.decode("utf-8", "replace"),
    )


def one_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("tutor: "), result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def can_unshare() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


needs_mounts = pytest.mark.skipif(not can_unshare(), reason="needs unshare -m and mount")


# --- corrupt files -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "store"),
    [
        (["diary", "today"], "diary.sqlite3"),
        (["spend"], "ledger.sqlite3"),
        (["--offline", "ask", "what is softmax?"], "cache/cache.db"),
        (["cache", "stats"], "cache/cache.db"),
    ],
)
def test_a_corrupt_store_is_one_line_then_repair_moves_it_aside(
    isolated: Path, capsys: pytest.CaptureFixture[str], argv: list[str], store: str
) -> None:
    garbage(isolated / store)
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "damaged" in err and "tutor repair" in err
    assert main(["repair"]) == 0
    out = capsys.readouterr().out
    assert "moved aside" in out
    kept = [p for p in isolated.rglob("*") if ".corrupt-" in p.name]
    assert kept, "the damaged file is kept"
    assert main(argv) == 0
    assert main(["repair"]) == 0
    assert "sound" in capsys.readouterr().out


def test_a_corrupt_cache_value_is_dropped_and_recomputed(
    isolated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--offline", "ask", "what is softmax?"]) == 0
    first = capsys.readouterr().out
    from tutor.engine import Engine

    engine = Engine(load_settings())
    # the offline route does not cache, so plant a damaged entry where an answer would be
    key = engine.cache_key("what is softmax?", "en")
    engine.cache._cache.set(key, {"text": "x"})
    engine.close()
    db = sqlite3.connect(isolated / "cache" / "cache.db")
    db.execute("UPDATE Cache SET value = ?, mode = 4", (b"\x80\x05garbage",))
    db.commit()
    db.close()
    engine = Engine(load_settings())
    assert engine.cache.get(key) is None  # dropped, so the question is answered afresh
    assert engine.cache.get(key) is None
    engine.close()
    assert main(["--offline", "ask", "what is softmax?"]) == 0
    assert capsys.readouterr().out == first


def test_a_locked_store_is_one_line(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tutor import db
    from tutor.diary.store import DiaryStore

    path = isolated / "diary.sqlite3"
    DiaryStore(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(db, "BUSY_TIMEOUT_S", 0.2)
    store = DiaryStore(path)
    with (
        pytest.raises(StorageLocked, match="busy in another tutor process"),
        store.transaction() as conn,
    ):
        conn.execute("INSERT INTO days VALUES ('x', 'y', 'z')")
    holder.execute("ROLLBACK")
    holder.close()
    store.close()


# --- real faults: full disk, read-only, mode 000 ------------------------------------


@needs_mounts
@pytest.mark.parametrize(
    "argv", [["diary", "today"], ["--offline", "ask", "what is softmax?"], ["spend"]]
)
def test_a_full_disk_is_one_line(isolated: Path, argv: list[str]) -> None:
    home = isolated
    home.mkdir(parents=True, exist_ok=True)
    fill = f"mount -t tmpfs -o size=256k tmpfs '{home}' && (cat /dev/zero > '{home}/fill' 2>/dev/null || true)"
    one_line(run(argv, prefix=fill, env={"TUTOR_HOME": str(home)}))


@needs_mounts
@pytest.mark.parametrize("argv", [["diary", "today"], ["--offline", "ask", "what is softmax?"]])
def test_a_read_only_home_is_one_line(isolated: Path, argv: list[str]) -> None:
    home = isolated
    home.mkdir(parents=True, exist_ok=True)
    readonly = f"mount -t tmpfs -o ro tmpfs '{home}'"
    one_line(run(argv, prefix=readonly, env={"TUTOR_HOME": str(home)}))


@pytest.mark.skipif(not shutil.which("setpriv") or os.name != "posix", reason="needs setpriv")
@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["diary", "today"], ["the diary", "permission denied"]),
        (["spend"], ["the spend ledger", "permission denied"]),
        (["cache", "stats"], ["the answer cache", "permission denied"]),
    ],
)
def test_a_home_of_mode_000_is_one_line(isolated: Path, argv: list[str], words: list[str]) -> None:
    isolated.mkdir(parents=True, exist_ok=True)
    isolated.chmod(0o000)
    try:
        command = [sys.executable, "-m", "tutor", *argv]
        if os.geteuid() == 0:  # root ignores modes unless it gives up the capability
            command = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
        result = subprocess.run(
            command, capture_output=True, text=True, cwd=ROOT, check=False, env=dict(os.environ)
        )
        one_line(result, *words)  # type: ignore[arg-type]
    finally:
        isolated.chmod(0o700)


# --- the CLI's quiet exits ------------------------------------------------------------


def test_invalid_utf8_on_stdin_is_one_line() -> None:
    one_line(run(["--offline", "ask"], stdin=b"what is \xff\xfe softmax?"), "not UTF-8")


def test_empty_stdin_is_one_line() -> None:
    one_line(run(["explain"], stdin=b""), "stdin was empty")


def test_a_non_utf8_env_file_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.env"
    bad.write_bytes(b"TUTOR_LANG=\xe9\n")
    one_line(run(["--env-file", str(bad), "config"]), "not UTF-8")


def test_an_infinite_timeout_is_one_line() -> None:
    one_line(run(["config"], env={"TUTOR_TIMEOUT_S": "inf"}), "TUTOR_TIMEOUT_S")


def test_a_closed_pipe_exits_quietly() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tutor", "symbol", r"\alpha \beta \gamma \sum \nabla"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert process.stdout is not None
    process.stdout.close()  # like `| head -0`: the reader is gone before we write
    _, err = process.communicate()
    assert process.returncode == 141 and err == b""


def test_head_takes_the_first_line_quietly() -> None:
    result = subprocess.run(
        f"'{sys.executable}' -m tutor explain '\\sum_i x_i' | head -1",
        shell=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.stdout.count("\n") == 1 and result.stderr == ""


def test_ctrl_c_is_one_line_and_exit_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import tutor.cli

    def interrupted(_: Any) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(tutor.cli, "cmd_config", interrupted)
    assert main(["config"]) == 130
    assert capsys.readouterr().err == "tutor: interrupted\n"


@pytest.mark.skipif(os.name != "posix", reason="signals")
def test_sigint_on_a_real_process_is_quiet() -> None:
    code = (
        "import sys, time; import tutor.cli as c\n"
        "def slow(args):\n    print('ready', flush=True)\n    time.sleep(30)\n"
        "c.cmd_config = slow\nsys.exit(c.main(['config']))"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT
    )
    assert process.stdout is not None
    assert process.stdout.readline() == b"ready\n"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=20)
    assert process.returncode == 130 and err == b"tutor: interrupted\n"


# --- the TUI: a notice, and it stays up -----------------------------------------------


async def test_the_tui_starts_over_corrupt_stores_with_a_notice(isolated: Path) -> None:
    from tutor.ui.app import TutorApp
    from tutor.ui.widgets import AnswerView, ChatInput

    garbage(isolated / "conversations.sqlite3")
    garbage(isolated / "ledger.sqlite3")
    tui = TutorApp(load_settings())
    async with tui.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        chat_input = tui.query_one(ChatInput)
        chat_input.text = "what is softmax?"
        await pilot.press("enter")
        await tui.workers.wait_for_complete()
        await pilot.pause()
        assert tui.is_running
        assert tui.query(AnswerView)  # answered (offline), only not saved
        messages = [n.message for n in tui._notifications]
        assert any("conversation history" in m and "tutor repair" in m for m in messages)
        assert all("\n" not in m for m in messages)


async def test_the_tui_stays_up_when_the_disk_fills(
    isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tutor.conversations import ConversationStore
    from tutor.db import map_error
    from tutor.ui.app import TutorApp
    from tutor.ui.widgets import ChatInput

    def full(*_: object) -> None:
        raise map_error(sqlite3.OperationalError("database or disk is full"), "the history")

    tui = TutorApp(load_settings())
    async with tui.run_test(size=(100, 30)) as pilot:
        monkeypatch.setattr(ConversationStore, "add", full)
        tui.query_one(ChatInput).text = "what is softmax?"
        await pilot.press("enter")
        await tui.workers.wait_for_complete()
        await pilot.pause()
        assert tui.is_running
        assert any("disk is full" in n.message for n in tui._notifications)


def test_corrupt_error_names_the_file() -> None:
    from tutor.db import map_error

    error = map_error(sqlite3.DatabaseError("file is not a database"), "the diary", Path("/x"))
    assert isinstance(error, StorageCorrupt) and "/x" in str(error)


@pytest.mark.parametrize("where", ["a-file/x.md", "dir"])
async def test_export_to_a_bad_path_is_one_line(isolated: Path, tmp_path: Path, where: str) -> None:
    from tutor.ui.app import TutorApp
    from tutor.ui.widgets import ChatInput, NoteLine

    (tmp_path / "a-file").write_text("not a directory")
    (tmp_path / "dir").mkdir()
    tui = TutorApp(load_settings())
    async with tui.run_test(size=(100, 30)) as pilot:
        tui.query_one(ChatInput).text = f"/export {tmp_path / where}"
        await pilot.press("enter")
        await tui.workers.wait_for_complete()
        await pilot.pause()
        assert tui.is_running
        notes = [str(note.render()) for note in tui.query(NoteLine)]
        assert any("cannot export" in n for n in notes), notes


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
async def test_an_export_is_private(isolated: Path, tmp_path: Path) -> None:
    import stat

    from tutor.ui.app import TutorApp
    from tutor.ui.widgets import ChatInput

    tui = TutorApp(load_settings())
    async with tui.run_test(size=(100, 30)) as pilot:
        tui.query_one(ChatInput).text = f"/export {tmp_path / 'out' / 'c.md'}"
        await pilot.press("enter")
        await tui.workers.wait_for_complete()
        await pilot.pause()
    assert stat.S_IMODE((tmp_path / "out" / "c.md").stat().st_mode) == 0o600
