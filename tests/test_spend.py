"""Prices, the ledger and budgets: exact money, many writers, local calendar days."""

from __future__ import annotations

import multiprocessing
from datetime import datetime, timedelta, timezone
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
