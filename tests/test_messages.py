"""The message catalogue: every UI string in English and Japanese, plurals, money."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from tutor.messages import LANGS, catalogue, money, t

ROOT = Path(__file__).parent.parent


def test_no_ui_string_is_english_only() -> None:
    for key, entry in catalogue().items():
        for lang in LANGS:
            assert lang in entry, f"{key} has no {lang}"
        if not entry.get("same"):
            assert entry["ja"] != entry["en"], f"{key}: Japanese same as English but not marked"


def test_every_key_used_in_the_ui_exists() -> None:
    used: set[str] = set()
    for path in (ROOT / "tutor" / "ui").glob("*.py"):
        used |= set(re.findall(r"\bt\(\s*\"([a-z_.]+[a-z_])\"", path.read_text("utf-8")))
    assert used, "no catalogue keys found"
    assert used <= set(catalogue()), used - set(catalogue())


def test_plurals() -> None:
    assert t("diary.streak", "en", n=1) == "streak: 1 day"
    assert t("diary.streak", "en", n=2) == "streak: 2 days"
    assert t("diary.streak", "ja", n=2) == "連続: 2日"
    assert t("note.cache_cleared", "en", n=1) == "cache cleared: 1 entry removed"


def test_money_is_formatted_one_way() -> None:
    assert money(Decimal(0)) == "$0"
    assert money(Decimal("0E-9")) == "$0"
    assert money(Decimal("0.00018")) == "$0.0002"
    assert money(Decimal("1")) == "$1.00"
    assert money(Decimal("0.02")) == "$0.02"
    assert money(Decimal("0.000000001")) == "<$0.0001"
    assert money(0.5) == "$0.50"


def test_readme_lists_every_slash_command() -> None:
    from tutor.ui.commands import COMMANDS

    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## The TUI", 1)[1].split("\n## ", 1)[0]
    for name in COMMANDS:
        assert f"`{name}" in section, name


def test_every_key_used_by_the_cli_exists() -> None:
    used: set[str] = set()
    for name in ("cli.py", "render.py", "diary/cli.py", "diary/service.py", "papers/cli.py"):
        text = (ROOT / "tutor" / name).read_text("utf-8")
        used |= set(re.findall(r"\bt\(\s*[\"']([a-z_.]+[a-z_])[\"']", text))
    assert {"spend.today", "diary.nothing_due", "papers.nothing_next", "cli.error"} <= used
    assert used <= set(catalogue()), used - set(catalogue())


def test_cli_strings_follow_the_language(
    isolated: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tutor.cli import main

    assert main(["--lang", "ja", "spend"]) == 0
    out = capsys.readouterr().out
    assert "今日" in out and "今月" in out and "this month" not in out
    assert main(["spend"]) == 0
    assert "this month:" in capsys.readouterr().out
    assert main(["--lang", "ja", "diary", "streak"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("連続: 0日") and "月 " in out and "Mon" not in out
    assert main(["--lang", "ja", "diary", "review"]) == 0
    assert capsys.readouterr().out.startswith("復習待ちはありません。")
    assert main(["--lang", "ja", "--offline", "papers", "add", "1706.03762"]) == 0
    capsys.readouterr()
    assert main(["--lang", "ja", "papers", "next"]) == 0
    assert "1回目の通読を始める: `tutor papers advance 1706.03762`" in capsys.readouterr().out
    assert main(["--lang", "ja", "papers", "advance"]) == 1
    assert capsys.readouterr().err.startswith("tutor: エラー: ")
    monkeypatch.setenv("TUTOR_LANG", "ja")
    assert main(["papers", "advance"]) == 1
    assert capsys.readouterr().err.startswith("tutor: エラー: ")
    assert main(["--lang", "en", "papers", "advance"]) == 1
    assert capsys.readouterr().err.startswith("tutor: give one arXiv id")


REASON_CODES = [
    "offline_mode", "no_key", "auth", "model_refused", "model_retired", "quota_day",
    "rate_limited", "network", "timeout", "server_error", "empty_answer", "blocked",
    "free_tier_model", "free_tier_day", "free_tier_limit", "over_budget_day",
    "over_budget_month", "over_budget", "gemini_error",
]  # fmt: skip


def test_every_offline_reason_code_reads_in_both_languages() -> None:
    from tutor.messages import offline_status, reason

    detail = "over budget: today $1.0000 of $1.00 spent"
    for code in REASON_CODES:
        assert f"reason.{code}" in catalogue(), code
        ja = reason(code, "ja", detail)
        assert ja and "offline" not in ja, (code, ja)
        if code != "gemini_error":  # an unclassified error keeps Gemini's own words
            assert detail not in ja, (code, ja)
        assert offline_status(code, "ja").startswith("オフライン"), code
        assert offline_status(code, "en").startswith("offline"), code
    assert reason("over_budget_day", "en", detail) == detail  # English keeps the detail
    assert reason("no_key", "en") == "no API key"
    assert reason(None, "ja", "something") == "something"


def test_engine_codes_are_in_the_catalogue() -> None:
    from tutor.engine import error_code
    from tutor.errors import (
        BudgetExceeded,
        FreeTierLimit,
        GeminiAuthError,
        GeminiError,
        GeminiNetworkError,
        GeminiQuotaExhausted,
    )

    errors = [
        BudgetExceeded("x"),
        FreeTierLimit("x"),
        GeminiAuthError("x"),
        GeminiError("x"),
        GeminiNetworkError("x"),
        GeminiQuotaExhausted("x"),
    ]
    assert [error_code(e) for e in errors] == [
        "over_budget",
        "free_tier_limit",
        "auth",
        "gemini_error",
        "network",
        "quota_day",
    ]
    assert {error_code(e) for e in errors} <= set(REASON_CODES)


def test_notices_and_progress_follow_the_language() -> None:
    from tutor.events import Notice, Progress
    from tutor.messages import event_text

    notice = Notice("Gemini answered with m-9", code="unknown_version", args={"version": "m-9"})
    assert event_text(notice, "en").startswith(notice.message)
    assert "m-9" in event_text(notice, "ja") and "Gemini answered" not in event_text(notice, "ja")
    retry = {"error": "server error (500)", "delay": "7.0", "attempt": "1", "tries": "4"}
    assert event_text(Notice("", code="retry", args=retry), "ja").endswith("再試行します（1/4）")
    assert event_text(Progress("running x…", code="tool", args={"name": "x"}), "ja") == (
        "x を実行中…"
    )
    assert event_text(Progress("plain"), "ja") == "plain"  # no code: the text as given
    for code in ("malformed_tool_call", "malformed_again", "tool_after_last_round", "not_cached"):
        assert f"notice.{code}" in catalogue()
    assert "working.again" in catalogue()


def test_the_model_example_is_a_model_that_is_not_going_away() -> None:
    # bug (QA 14): the /model example named a model shutting down on 2026-12-01
    from tutor.spend import load_prices

    prices = load_prices()
    for lang in LANGS:
        example = t("cmd.model", lang).rsplit(" ", 1)[1]
        info = prices.info(example)
        assert info is not None and info.status == "stable" and info.shutdown is None


def test_cache_and_repair_follow_the_language(
    isolated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tutor.cli import main

    assert main(["--lang", "ja", "cache", "stats"]) == 0
    assert capsys.readouterr().out.startswith("件数: 0\nサイズ: ")
    assert main(["--lang", "ja", "cache", "clear"]) == 0
    assert "entries" not in capsys.readouterr().out
    assert main(["cache", "clear"]) == 0
    assert capsys.readouterr().out == "cache cleared: 0 entries removed\n"
    assert main(["--lang", "ja", "repair"]) == 0
    assert "すべて正常です" in capsys.readouterr().out
    assert main(["repair"]) == 0
    assert capsys.readouterr().out.startswith("every store in ")


def test_papers_and_diary_lists_follow_the_language(
    isolated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tutor.cli import main

    assert main(["--lang", "ja", "diary", "list"]) == 0
    assert capsys.readouterr().out.startswith("まだ記録がありません")
    assert main(["--lang", "ja", "papers"]) == 0
    assert capsys.readouterr().out.startswith("読書リストは空です")
    assert main(["--lang", "ja", "--offline", "papers", "add", "1706.03762"]) == 0
    out = capsys.readouterr().out
    assert (
        out
        == "リストの論文: 1 本\n今は取得できませんでした（オフラインモード: メタデータは後で取得します）\n"
    )
    assert main(["--lang", "ja", "papers"]) == 0
    out = capsys.readouterr().out
    assert "1706.03762" in out and "（メタデータ未取得）" in out and "not fetched" not in out
    assert main(["--lang", "ja", "papers", "--json"]) == 0  # machine output stays English
    assert json.loads(capsys.readouterr().out)[0]["status"] == "to-read"
