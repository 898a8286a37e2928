"""Progress: per-week counts on the learner's calendar, streak, retention from the review
history, papers per pass, spend per week from the ledger (read only)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from tutor.cli import main
from tutor.config import load_settings
from tutor.diary.feedback import Feedback
from tutor.diary.service import Diary
from tutor.papers.service import ReadingList
from tutor.progress import compute, sparkline
from tutor.spend import Ledger, TokenUsage

TOKYO = timezone(timedelta(hours=9))


def feedback(score: int) -> Feedback:
    return Feedback(
        score=score,
        correct=[],
        missed_symbols=[],
        misconceptions=[],
        model_explanation="",
        source="heuristic",
    )


def test_progress_counts_weeks_streak_retention_papers_and_spend() -> None:
    settings = load_settings(TUTOR_OFFLINE="1")
    clock = [datetime(2026, 6, 1, 9, tzinfo=TOKYO)]  # a Monday
    diary = Diary(settings, clock=lambda: clock[0])
    first = diary.today().formula
    diary.save("first words on it", feedback(1))  # new
    clock[0] += timedelta(days=1)
    diary.save("again, from memory", feedback(4), formula=first)  # a review: recalled
    clock[0] += timedelta(days=7)  # the next week, Tuesday
    diary.add_formula(r"y = Wx + b + c")  # a new formula of the learner's own
    diary.save("a third entry", feedback(3))
    diary.save("forgot it", feedback(1), formula=first)  # a review: not recalled
    diary.close()
    papers = ReadingList(settings)
    papers.add(["1706.03762", "2106.09685"])
    papers.advance("2106.09685")
    papers.close()
    ledger = Ledger(settings.data_dir / "ledger.sqlite3", clock=lambda: clock[0])
    ledger.record("gemini-3.5-flash", TokenUsage(prompt=10, output=10), Decimal("0.0125"))
    ledger.close()

    progress = compute(settings, clock=lambda: clock[0], weeks=3)
    assert progress.weeks == ["2026-05-25", "2026-06-01", "2026-06-08"]
    assert progress.formulas_per_week == [0, 2, 2]
    assert progress.streak == 1  # the 9th; the 3rd to the 8th were missed
    assert (progress.reviews, progress.recalled, progress.retention) == (2, 1, 0.5)
    assert progress.papers == {"to-read": 1, "pass 1": 1, "pass 2": 0, "pass 3": 0, "done": 0}
    assert progress.spend_per_week == [Decimal(0), Decimal(0), Decimal("0.0125")]
    data = progress.to_json()
    assert data["spend_per_week_usd"][-1] == "0.012500000" and data["retention"] == 0.5
    text = progress.to_text()
    assert "streak: 1 day ·" in text and "50% of 2 reviews recalled" in text
    japanese = progress.to_text("ja")  # QA 5: English no more under TUTOR_LANG=ja
    assert japanese.startswith("連続: 1日 · 合計 ") and "2 回の復習のうち 50%" in japanese
    assert "streak" not in japanese and "review" not in japanese and "spend" not in japanese


def test_week_boundaries_follow_the_local_calendar() -> None:
    settings = load_settings()
    # 23:30 on Sunday in Tokyo: that week, though the next one has begun an hour later
    sunday_night = datetime(2026, 6, 7, 23, 30, tzinfo=TOKYO)
    diary = Diary(settings, clock=lambda: sunday_night)
    diary.save("late on Sunday", feedback(3))
    diary.close()
    progress = compute(settings, clock=lambda: sunday_night + timedelta(hours=1), weeks=2)
    assert progress.weeks == ["2026-06-01", "2026-06-08"]
    assert progress.formulas_per_week == [1, 0]


def test_sparkline() -> None:
    assert sparkline([0, 0]) == "▁▁"
    assert sparkline([0, 1, 2]) == "▁▅█"


def test_cli_json_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["progress", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["streak_days"] == 0 and data["retention"] is None
    assert len(data["weeks"]) == 12 and data["papers"]["to-read"] == 0
    assert main(["progress"]) == 0
    assert capsys.readouterr().out.startswith("streak: 0 days · 0 entries in all")


async def test_progress_screen_draws_sparklines() -> None:
    from textual.app import App
    from textual.widgets import Sparkline, Static

    from tutor.ui.progress_screen import ProgressScreen

    settings = load_settings()
    diary = Diary(settings)
    diary.save("a sum over the terms, divided by their count", feedback(3))
    diary.close()

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(ProgressScreen(settings))

    host = Host()
    async with host.run_test(size=(100, 30)) as pilot:
        await host.workers.wait_for_complete()
        await pilot.pause()
        formulas = host.screen.query_one("#progress-formulas", Sparkline)
        assert list(formulas.data or [])[-1] == 1.0 and len(formulas.data or []) == 12
        summary = str(host.screen.query_one("#progress-summary", Static).render())
        assert "streak: 1 day" in summary and "1 entry" in summary
        await pilot.press("escape")
        assert not isinstance(host.screen, ProgressScreen)


@pytest.mark.parametrize(
    "command",
    ["tutor progress", "tutor papers", "tutor progress --json", "tutor diary streak"],
)
def test_study_commands_into_a_closed_pipe_are_quiet(command: str, isolated: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "TUTOR_HOME": str(isolated)}
    script = command.replace("tutor", f"{sys.executable} -m tutor", 1) + " | head -1"
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env)
    assert len(done.stdout.splitlines()) == 1 and done.stderr == ""


def test_spend_per_week_splits_at_the_local_monday_in_a_quarter_hour_zone() -> None:
    """Calls a minute either side of Monday 00:00 in Kathmandu (+05:45) land in different
    weeks, and the weekly figures add up to every recorded call (read from the roll-ups)."""
    settings = load_settings(TUTOR_OFFLINE="1")
    kathmandu = timezone(timedelta(hours=5, minutes=45))
    monday = datetime(2026, 6, 8, tzinfo=kathmandu)
    moments = [
        monday - timedelta(days=6),  # the week before, early
        monday - timedelta(minutes=1),  # Sunday 23:59: still the week before
        monday + timedelta(minutes=1),  # Monday 00:01: this week
        monday + timedelta(days=2, hours=5),
    ]
    costs = [Decimal("0.5"), Decimal("0.25"), Decimal("0.125"), Decimal("1")]
    clock = [moments[0]]
    ledger = Ledger(settings.data_dir / "ledger.sqlite3", clock=lambda: clock[0])
    for moment, cost in zip(moments, costs, strict=True):
        clock[0] = moment
        ledger.record("gemini-3.5-flash", TokenUsage(prompt=10, output=10), cost)
    ledger.close()

    progress = compute(settings, clock=lambda: monday + timedelta(days=3), weeks=3)
    assert progress.weeks == ["2026-05-25", "2026-06-01", "2026-06-08"]
    assert progress.spend_per_week == [Decimal(0), Decimal("0.75"), Decimal("1.125")]
