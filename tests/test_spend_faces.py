"""What the faces show of money: the status bar and `tutor spend` on the free tier, and a
retired model's one line at start."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from tests.test_tui import app, status
from tutor.cli import main
from tutor.usage import TokenUsage


async def test_the_status_bar_shows_free_tier_requests(with_key: str) -> None:
    tui = app(TUTOR_TIER="free")
    async with tui.run_test(size=(140, 30)) as pilot:
        tui.engine.ledger.record("gemini-3.8-flash", TokenUsage(prompt=1), Decimal(0))
        tui.engine.spend()  # as after an answer
        tui.chat_screen.refresh_status()
        await pilot.pause()
        assert "1/250 requests today" in status(tui)


async def test_a_retired_model_is_one_line_at_start_and_answers_offline(with_key: str) -> None:
    tui = app(TUTOR_MODEL="gemini-3-pro-preview")
    async with tui.run_test(size=(140, 30)) as pilot:
        await pilot.pause()
        assert status(tui).startswith("offline (model unavailable)")
        notes = [str(n.render()) for n in tui.query("NoteLine")]
        assert any("set TUTOR_MODEL=gemini-3.1-pro-preview" in n for n in notes)


async def test_a_retired_model_is_said_in_japanese(with_key: str) -> None:
    tui = app(TUTOR_MODEL="gemini-3-pro-preview", TUTOR_LANG="ja")
    async with tui.run_test(size=(140, 30)) as pilot:
        await pilot.pause()
        assert status(tui).startswith("オフライン（モデル利用不可）")
        notes = [str(n.render()) for n in tui.query("NoteLine")]
        assert any("提供終了" in n and "TUTOR_MODEL=gemini-3.1-pro-preview" in n for n in notes)
        assert not any("shut down" in n for n in notes)


def test_spend_json_carries_the_tier(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUTOR_TIER", "free")
    assert main(["spend", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["tier"] == "free" and data["free_rpd"] == 250 and data["requests_today"] == 0


async def test_a_model_not_on_the_free_tier_is_refused_before_any_call(with_key: str) -> None:
    from tutor.config import load_settings
    from tutor.engine import Engine
    from tutor.events import FinalAnswer

    async with Engine(load_settings(TUTOR_TIER="free", TUTOR_MODEL="gemini-3.1-pro-preview")) as e:
        events = [ev async for ev in e.ask("what is softmax", use_cache=False)]
        answer = events[-1]
        assert isinstance(answer, FinalAnswer) and answer.source == "offline"
        assert "not offered on the free tier" in (answer.offline_reason or "")
        assert e.ledger.rows() == []
