"""The one-shot CLI: it only renders engine events; errors are one line; start-up is lazy."""

from __future__ import annotations

import json
import subprocess
import sys

import httpx
import pytest
import respx

from tests.arxiv_fakes import API, ATTENTION
from tests.conftest import FAKE_KEY
from tests.gemini_fakes import STREAM_URL, sse_response, text_stream
from tutor.cli import main

HEAVY = ("google.genai", "textual", "numpy")


def _imported_after(code: str) -> list[str]:
    probe = "import sys\n" + code + f"\nprint([m for m in {HEAVY!r} if m in sys.modules])"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1].replace("'", '"'))


@pytest.mark.parametrize(
    "code",
    [
        "from tutor.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass",
        "from tutor.cli import main\nmain(['config'])",
        "import tutor.engine, tutor.events, tutor.cache, tutor.spend",
    ],
)
def test_start_up_path_imports_no_heavy_library(code: str) -> None:
    assert _imported_after(code) == []


def test_config_shows_settings_with_the_key_redacted(
    capsys: pytest.CaptureFixture[str], with_key: str
) -> None:
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert "set (redacted)" in out and FAKE_KEY not in out
    assert "TUTOR_MODEL" in out and "TUTOR_DAILY_BUDGET_USD" in out


def test_ask_without_a_key_answers_offline_with_a_note(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["ask", "what", "is", "softmax?"]) == 0
    captured = capsys.readouterr()
    assert "— offline (no API key) · $0" in captured.err
    assert captured.err.count("no API key") == 1  # the reason is said once
    assert captured.out.strip()


def test_ask_in_japanese_offline_says_why_in_japanese(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUTOR_LANG", "ja")
    assert main(["ask", "softmax", "とは"]) == 0
    captured = capsys.readouterr()
    assert "オフライン（APIキーなし）" in captured.err
    assert captured.err.count("APIキーなし") == 1
    assert "no API key" not in captured.err and "offline" not in captured.err
    assert captured.out.strip()
    assert main(["ask", "--json", "softmax", "とは"]) == 0  # machine keys stay English
    data = json.loads(capsys.readouterr().out)
    assert data["source"] == "offline" and data["offline_reason"] == "no API key"


@respx.mock
def test_ask_json_streams_from_gemini_then_the_cache(
    capsys: pytest.CaptureFixture[str], with_key: str
) -> None:
    route = respx.post(STREAM_URL).mock(
        side_effect=lambda request: sse_response(text_stream("Subtract ", "the max."))
    )
    assert main(["ask", "--json", "why subtract the max?"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["source"] == "gemini" and first["answer"] == "Subtract the max."
    assert float(first["cost_usd"]) > 0 and first["usage"]["thinking_tokens"] == 25
    assert main(["ask", "--json", "why subtract the max?"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert second["source"] == "cache" and second["cost_usd"] == "0"
    assert route.call_count == 1
    assert main(["ask", "--json", "--no-cache", "why subtract the max?"]) == 0
    assert route.call_count == 2


@respx.mock
def test_ask_plain_text_when_piped(capsys: pytest.CaptureFixture[str], with_key: str) -> None:
    respx.post(STREAM_URL).mock(return_value=sse_response(text_stream("Hello ", "there.")))
    assert main(["ask", "hi"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "Hello there.\n"
    assert "gemini (gemini-3.8-flash)" in captured.err
    # the cost shown is the ledger's: 120 in, 40 out, 25 thinking at today's price
    from tutor.config import load_settings
    from tutor.spend import Ledger

    ledger = Ledger(load_settings().data_dir / "ledger.sqlite3")
    from tutor.messages import money

    assert f"· {money(ledger.total())}\n" in captured.err and ledger.total() > 0
    ledger.close()


@respx.mock
def test_spend_and_cache_commands(capsys: pytest.CaptureFixture[str], with_key: str) -> None:
    respx.post(STREAM_URL).mock(return_value=sse_response(text_stream("x")))
    main(["ask", "--json", "q"])
    capsys.readouterr()
    assert main(["spend", "--json"]) == 0
    spend = json.loads(capsys.readouterr().out)
    assert float(spend["today_usd"]) > 0 and "gemini-3.8-flash" in spend["by_model_today"]
    assert main(["cache", "stats"]) == 0
    assert "entries: 1" in capsys.readouterr().out
    assert main(["--lang", "ja", "cache", "stats"]) == 0
    out = capsys.readouterr().out
    assert "件数: 1" in out and "entries" not in out
    assert main(["cache", "clear"]) == 0
    assert "1 entry removed" in capsys.readouterr().out


def test_symbol_and_run_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["symbol", "--json", r"\nabla_\theta"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["unknown"] == [] and data["items"][0]["entry_id"] == "grad_wrt"
    assert main(["--lang", "ja", "symbol", r"\sum"]) == 0
    assert "総和" in capsys.readouterr().out
    assert main(["run", "np.arange(4).reshape(2, 2) @ np.ones(2)"]) == 0
    assert "shape (2,)" in capsys.readouterr().out
    assert main(["run", "import os"]) == 1
    assert "only numpy and math" in capsys.readouterr().out


@respx.mock
def test_arxiv_command_and_note(capsys: pytest.CaptureFixture[str]) -> None:
    respx.get(API).mock(return_value=httpx.Response(200, text=ATTENTION))
    assert main(["arxiv", "1706.03762", "--note"]) == 0
    out = capsys.readouterr().out
    assert "Attention Is All You Need" in out and "note written (offline" in out


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["arxiv", "not-an-id"], "not an arXiv id"),
        (["arxiv"], "give an arXiv id"),
    ],
)
def test_bad_input_is_one_line_on_stderr(
    capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1 and "Traceback" not in err


def test_broken_setting_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUTOR_MONTHLY_BUDGET_USD", "-5")
    assert main(["spend"]) == 1
    err = capsys.readouterr().err
    assert "TUTOR_MONTHLY_BUDGET_USD" in err and err.count("\n") == 1


def test_a_terminal_gets_rendered_markdown_and_the_source_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import io

    from tutor.events import FinalAnswer, TextDelta
    from tutor.render import AnswerPrinter

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    printer = AnswerPrinter(json_mode=False, stream=screen)
    printer.handle(TextDelta("**Softmax** turns "))
    printer.handle(TextDelta("scores into probabilities."))
    printer.handle(
        FinalAnswer(
            text="**Softmax** turns scores into probabilities.",
            source="offline",
            offline_reason="no API key",
        )
    )
    import re

    raw = screen.getvalue()
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", raw)
    assert "Softmax turns scores into probabilities." in shown  # rendered: no ** markers
    assert "**" not in shown
    assert "\x1b[1mSoftmax" in raw  # and the bold is real terminal bold
    err = capsys.readouterr().err
    assert err == "— offline (no API key) · $0\n"  # the reason said once
    assert err.count("no API key") == 1  # said once (QA 14)


HOSTILE = (
    "Softmax\x1b]0;owned title\x07 turns\x1b]52;c;cm0gLXJmIH4=\x07 scores"
    "\x1b[2J\x1b[H into \u202eseitilibaborp\u202c [docs](x-man-page://ls) "
    "\x1b]8;;file:///etc/passwd\x1b\\link\x1b]8;;\x1b\\ \x9b31m end"
)
INJECTIONS = ["\x1b]0;", "\x1b]52;", "\x1b[2J", "\x1b[H", "\u202e", "\u202c", "\x9b", "file://"]


def _hostile_events() -> list[object]:
    from tutor.events import FinalAnswer, Notice, TextDelta, ToolResult

    half = len(HOSTILE) // 2
    return [
        Notice("notice\x1b]0;title\x07 \u202e"),
        TextDelta(HOSTILE[:half]),  # a sequence split between two deltas
        TextDelta(HOSTILE[half:]),
        ToolResult("lookup_symbol", None, error="bad\x1b[2J\u202e"),
        FinalAnswer(text=HOSTILE, source="offline", offline_reason="no API key"),
    ]


@pytest.mark.parametrize("tty", [True, False], ids=["terminal", "pipe"])
def test_hostile_answers_cannot_reach_the_terminal(
    capsys: pytest.CaptureFixture[str], tty: bool
) -> None:
    import io

    from tutor.render import AnswerPrinter

    class Stream(io.StringIO):
        def isatty(self) -> bool:
            return tty

    screen = Stream()
    printer = AnswerPrinter(json_mode=False, stream=screen)
    for event in _hostile_events():
        printer.handle(event)
    out, err = screen.getvalue(), capsys.readouterr().err
    for text in (out, err):
        assert not [s for s in INJECTIONS if s in text], repr(text)
        assert "x-man-page" not in text.replace("(x-man-page://ls)", "")
    if not tty:
        assert "\x1b" not in out + err
    assert "scores" in out and "end" in out


def test_hostile_json_output_is_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    import io

    from tutor.render import AnswerPrinter

    screen = io.StringIO()
    printer = AnswerPrinter(json_mode=True, stream=screen)
    for event in _hostile_events():
        printer.handle(event)
    data = json.loads(screen.getvalue())
    assert data["answer"] == HOSTILE  # the data is kept, only escaped on the wire
    assert "\u202e" not in screen.getvalue() and "\x9b" not in screen.getvalue()


def test_a_hostile_cached_answer_is_cleaned_on_replay(capsys: pytest.CaptureFixture[str]) -> None:
    from tutor.config import load_settings
    from tutor.engine import Engine
    from tutor.events import FinalAnswer

    engine = Engine(load_settings())
    key = engine.cache_key("why softmax?", "en")
    engine.cache.put(key, FinalAnswer(text=HOSTILE, source="gemini", model="gemini-x"))
    engine.close()
    assert main(["ask", "why softmax?"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out and "scores" in out


def test_every_command_prints_through_the_sanitiser(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import tutor.cli

    def shows_a_paper(_: object) -> int:
        print("title: " + HOSTILE)  # e.g. an arXiv title printed by any later command
        print("note: \x1b]0;x\x07", file=sys.stderr)
        return 0

    monkeypatch.setattr(tutor.cli, "cmd_config", shows_a_paper)
    assert main(["config"]) == 0
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "\u202e" not in out and "scores" in out
    assert sys.stdout.__class__.__name__ != "CleanStream"  # restored afterwards


def test_rich_still_styles_a_terminal_through_the_sanitiser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stdout", screen)
    assert main(["symbol", r"\alpha"]) == 0
    assert "\x1b[" in screen.getvalue()  # Rich's own styling survives
    assert "α" in screen.getvalue()


@pytest.mark.parametrize("argv", [[], ["tui"]])
def test_the_tui_refuses_a_non_terminal_with_one_line(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2  # capsys: neither stdin nor stdout is a terminal
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "needs a terminal" in captured.err
    assert "\x1b" not in captured.err


def test_the_tui_refuses_dev_null_and_a_file_in_a_real_process(tmp_path: object) -> None:
    import os

    out = os.path.join(str(tmp_path), "out.txt")
    with open(os.devnull) as stdin, open(out, "w") as stdout:
        done = subprocess.run(
            [sys.executable, "-m", "tutor"],
            stdin=stdin,
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert done.returncode == 2
    assert "needs a terminal" in done.stderr
    with open(out) as written:
        assert written.read() == ""


def test_explain_an_unreadable_formula_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "--no-run", "\\frac{"]) == 1
    assert "Cannot read this formula" in capsys.readouterr().out
    assert main(["explain", "--no-run", "--json", "\\frac{"]) == 1
    assert json.loads(capsys.readouterr().out)["error"]
    assert main(["explain", "--no-run", "a + b"]) == 0


def test_the_tui_under_textual_serve_is_not_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import tutor.ui.app

    ran: list[object] = []
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    monkeypatch.setattr(tutor.ui.app, "run_app", ran.append)
    assert main(["tui"]) == 0 and len(ran) == 1
    assert capsys.readouterr().err == ""


def test_a_progress_line_during_tool_rounds_is_erased_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io

    from tutor.events import FinalAnswer, Progress, TextDelta, ToolCall
    from tutor.render import AnswerPrinter

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    err = Terminal()
    monkeypatch.setattr("sys.stderr", err)
    out = io.StringIO()  # the answer piped, the progress on the terminal
    printer = AnswerPrinter(json_mode=False, stream=out, lang="ja")
    printer.handle(ToolCall("explain_formula", {"latex": "x"}))
    printer.handle(Progress("running explain_formula…", code="tool", args={"name": "x_tool"}))
    assert err.getvalue().endswith("\r\x1b[2Kx_tool を実行中…")  # one line, no newline
    printer.handle(TextDelta("answer"))
    assert err.getvalue().endswith("x_tool を実行中…\r\x1b[2K")  # erased before the text
    printer.handle(FinalAnswer(text="answer", source="offline", offline_reason="no API key"))
    assert err.getvalue().count("\r\x1b[2K") == 2  # nothing left to erase
    assert out.getvalue() == "answer\n"


def test_a_progress_line_is_a_plain_line_when_piped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import io

    from tutor.events import Progress
    from tutor.render import AnswerPrinter

    printer = AnswerPrinter(json_mode=False, stream=io.StringIO())
    printer.handle(Progress("running x…", code="tool", args={"name": "x"}))
    printer.close()
    assert capsys.readouterr().err == "running x…\n"
    json_printer = AnswerPrinter(json_mode=True, stream=io.StringIO())
    json_printer.handle(Progress("running x…", code="tool", args={"name": "x"}))
    assert capsys.readouterr().err == ""
