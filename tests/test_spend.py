"""Prices, the ledger and budgets: exact money, many writers, local calendar days."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from tutor.errors import BudgetExceeded, ConfigError
from tutor.spend import (
    Ledger,
    SpendSummary,
    TokenUsage,
    check_budget,
    cost_of,
    load_prices,
)


def test_price_table_is_valid_and_has_the_default_model() -> None:
    table = load_prices()
    flash = table.price("gemini-2.5-flash")
    assert flash.output > flash.input > flash.cached_input > 0
    assert table.price("models/gemini-2.5-flash") == flash
    assert table.price("some-future-model") == table.unknown_model


def test_thinking_tokens_bill_as_output_and_cached_at_cached_price() -> None:
    flash = load_prices().price("gemini-2.5-flash")
    cost = cost_of(
        TokenUsage(prompt=1_000_000, output=0, thinking=1_000_000, cached=500_000), flash
    )
    assert cost == Decimal("0.15") + Decimal("0.015") + Decimal("2.50")


def test_tiered_price_above_200k_prompt_tokens() -> None:
    pro = load_prices().price("gemini-2.5-pro")
    small = cost_of(TokenUsage(prompt=200_000), pro)
    large = cost_of(TokenUsage(prompt=200_001), pro)
    assert small == Decimal("0.25")
    assert large == (Decimal(200_001) * Decimal("2.50") / Decimal(1_000_000)).quantize(
        Decimal("1e-9")
    )


def test_user_price_file_overrides_and_a_broken_one_names_the_setting(tmp_path: Path) -> None:
    good = tmp_path / "prices.json"
    good.write_text(
        '{"models": {"m": {"prices": [{"input": "1", "output": "2", "cached_input": "0.5"}]}},'
        ' "unknown_model": {"input": "9", "output": "9", "cached_input": "9"}}'
    )
    assert load_prices(good).price("m").output == Decimal(2)
    bad = tmp_path / "bad.json"
    bad.write_text("{nope")
    with pytest.raises(ConfigError, match="TUTOR_PRICES_FILE"):
        load_prices(bad)


def _write_rows(path: str, n: int) -> None:
    ledger = Ledger(Path(path))
    for _ in range(n):
        ledger.record("gemini-2.5-flash", TokenUsage(prompt=10, output=3), Decimal("0.000001234"))
    ledger.close()


def test_two_processes_writing_500_rows_each_give_1000_rows_and_the_exact_total(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ledger.sqlite3"
    Ledger(path).close()
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_write_rows, args=(str(path), 500)) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
        assert w.exitcode == 0
    ledger = Ledger(path)
    assert len(ledger.rows()) == 1000
    assert ledger.total() == Decimal("0.001234")


def test_day_and_month_follow_the_local_calendar(tmp_path: Path) -> None:
    tokyo = timezone(timedelta(hours=9))
    now = [datetime(2026, 3, 31, 23, 30, tzinfo=tokyo)]
    ledger = Ledger(tmp_path / "l.sqlite3", clock=lambda: now[0], zone=tokyo)
    ledger.record("m", TokenUsage(), Decimal("0.5"))
    now[0] = datetime(2026, 4, 1, 0, 30, tzinfo=tokyo)  # an hour later, a new day and month
    ledger.record("m", TokenUsage(), Decimal("0.25"))
    summary = ledger.summary(Decimal(1), Decimal(10))
    assert summary.today == Decimal("0.25")
    assert summary.month == Decimal("0.25")
    assert summary.by_model_today == {"m": Decimal("0.25")}


def _summary(today: str, month: str) -> SpendSummary:
    return SpendSummary(Decimal(today), Decimal(month), Decimal("1"), Decimal("10"), {}, {}, 0)


def test_check_budget_refuses_a_call_that_would_cross_either_budget() -> None:
    check_budget(_summary("0.5", "5"), Decimal("0.5"))  # exactly at the limit is allowed
    with pytest.raises(BudgetExceeded, match="TUTOR_DAILY_BUDGET_USD"):
        check_budget(_summary("0.9", "5"), Decimal("0.2"))
    with pytest.raises(BudgetExceeded, match="TUTOR_MONTHLY_BUDGET_USD"):
        check_budget(_summary("0", "9.95"), Decimal("0.1"))


def test_today_is_the_local_calendar_day_across_a_dst_change(tmp_path: Path) -> None:
    """New York switched to summer time on 2026-03-08: that day has 23 hours."""
    from zoneinfo import ZoneInfo

    ny = ZoneInfo("America/New_York")
    now = [datetime(2026, 3, 8, 0, 30, tzinfo=ny)]  # just after local midnight
    ledger = Ledger(tmp_path / "l.sqlite3", clock=lambda: now[0], zone=ny)
    ledger.record("m", TokenUsage(), Decimal("0.5"))
    now[0] = datetime(2026, 3, 7, 23, 50, tzinfo=ny)  # the evening before, recorded late
    ledger.record("m", TokenUsage(), Decimal("0.25"))
    now[0] = datetime(2026, 3, 8, 23, 40, tzinfo=ny)  # 22h10 of wall time later, same day
    summary = ledger.summary(Decimal(1), Decimal(10))
    assert summary.today == Decimal("0.5")
    assert summary.month == Decimal("0.75")
    now[0] = datetime(2026, 3, 9, 0, 10, tzinfo=ny)  # next local day
    assert ledger.summary(Decimal(1), Decimal(10)).today == 0


def test_switching_time_zone_does_not_reset_the_budget(tmp_path: Path) -> None:
    from zoneinfo import ZoneInfo

    clock = lambda: datetime(2026, 6, 10, 12, 0, tzinfo=UTC)  # noqa: E731
    path = tmp_path / "l.sqlite3"
    Ledger(path, clock=clock, zone=ZoneInfo("Europe/Berlin")).record(
        "m", TokenUsage(), Decimal("0.4")
    )
    for zone in ("Asia/Tokyo", "America/Los_Angeles", "UTC"):
        summary = Ledger(path, clock=clock, zone=ZoneInfo(zone)).summary(Decimal(1), Decimal(10))
        assert summary.today == Decimal("0.4"), zone


def test_rows_from_a_clock_that_ran_ahead_are_flagged_not_counted(tmp_path: Path) -> None:
    now = [datetime(2026, 6, 11, 9, 0, tzinfo=UTC)]
    ledger = Ledger(tmp_path / "l.sqlite3", clock=lambda: now[0], zone=UTC)
    ledger.record("m", TokenUsage(), Decimal("0.3"))
    now[0] = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)  # the clock is corrected a day back
    summary = ledger.summary(Decimal(1), Decimal(10))
    assert summary.today == 0 and summary.future_calls == 1


def test_reservations_count_against_the_budget_and_settle_to_the_real_cost(
    tmp_path: Path,
) -> None:
    ledger = Ledger(tmp_path / "l.sqlite3")
    first = ledger.reserve("m", Decimal("0.6"), daily_budget=Decimal(1), monthly_budget=Decimal(10))
    with pytest.raises(BudgetExceeded, match="spent or reserved"):
        ledger.reserve("m", Decimal("0.6"), daily_budget=Decimal(1), monthly_budget=Decimal(10))
    ledger.settle(first, model="m", usage=TokenUsage(prompt=5), cost=Decimal("0.1"), status="ok")
    second = ledger.reserve(
        "m", Decimal("0.6"), daily_budget=Decimal(1), monthly_budget=Decimal(10)
    )
    ledger.release(second)  # never sent: no row
    assert [r["cost_nusd"] for r in ledger.rows()] == [100_000_000]
    assert ledger.summary(Decimal(1), Decimal(10)).today == Decimal("0.1")


@pytest.mark.parametrize("price", ['"-1"', '"NaN"', '"Infinity"', '"1e999999"'])
def test_prices_must_be_finite_and_non_negative(tmp_path: Path, price: str) -> None:
    bad = tmp_path / "prices.json"
    bad.write_text(
        '{"models": {"m": {"prices": [{"input": ' + price + ', "output": "2",'
        ' "cached_input": "0.5"}]}}, "unknown_model": {"input": "9", "output": "9",'
        ' "cached_input": "9"}}'
    )
    with pytest.raises(ConfigError) as caught:
        load_prices(bad)
    message = str(caught.value)
    assert "\n" not in message and "TUTOR_PRICES_FILE" in message and "models.m" in message


def test_importing_events_stays_light() -> None:
    import subprocess
    import sys

    code = (
        "import sys, tutor.events; "
        "print(sorted(m for m in ('tutor.spend', 'pydantic') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_default_model_is_served_now_and_next_month() -> None:
    from datetime import date

    table = load_prices()
    info = table.info(table.default_model)
    assert info is not None
    for day in (date(2026, 11, 26), date(2026, 12, 26)):
        assert info.status_on(day) in ("stable", "preview")
    # a price period ends on a date and the next one starts the day after
    assert table.price("gemini-3.8-flash", date(2026, 12, 31)).output == Decimal("3.75")
    assert table.price("gemini-3.8-flash", date(2027, 1, 1)).output == Decimal("7.50")
    assert table.resolve("models/gemini-3.8-flash-001") == "gemini-3.8-flash"
    assert table.info("gemini-2.0-flash") is not None
    assert table.info("gemini-2.0-flash").status_on(date(2026, 11, 26)) == "retired"  # type: ignore[union-attr]
