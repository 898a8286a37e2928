"""Money: the price table, the spend ledger (SQLite, WAL) and the budgets.

Costs are `Decimal` in code and integer nano-dollars in SQLite, so sums are exact.
Every Gemini call writes one row; a cache hit writes none.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, Field

from tutor.errors import BudgetExceeded, ConfigError, StorageError

NANO = Decimal("1e9")


@contextmanager
def storage_errors(what: str) -> Iterator[None]:
    """SQLite failures (a full disk, a read-only directory) as one clear line."""
    try:
        yield
    except sqlite3.Error as exc:
        raise StorageError(
            f"cannot write {what}: {exc}; free some disk space or point TUTOR_HOME elsewhere"
        ) from None


MTOK = Decimal(1_000_000)
Clock = Callable[[], datetime]


def local_now() -> datetime:
    """The current time, aware, in the local time zone."""
    return datetime.now().astimezone()


class PriceTier(BaseModel):
    above_prompt_tokens: int = 0
    input: Decimal
    output: Decimal
    cached_input: Decimal


class ModelPrice(BaseModel):
    input: Decimal
    output: Decimal
    cached_input: Decimal
    tiers: list[PriceTier] = Field(default_factory=list)

    def tier_for(self, prompt_tokens: int) -> PriceTier:
        chosen = PriceTier(input=self.input, output=self.output, cached_input=self.cached_input)
        for tier in sorted(self.tiers, key=lambda t: t.above_prompt_tokens):
            if prompt_tokens > tier.above_prompt_tokens:
                chosen = tier
        return chosen


class PriceTable(BaseModel):
    models: dict[str, ModelPrice]
    unknown_model: ModelPrice

    def knows(self, model: str) -> bool:
        return model.removeprefix("models/") in self.models

    def price(self, model: str) -> ModelPrice:
        """The model's price; an unknown model is charged the conservative fallback."""
        name = model.removeprefix("models/")
        return self.models.get(name, self.unknown_model)


def load_prices(path: Path | None = None) -> PriceTable:
    """The built-in price table, or the user's file (TUTOR_PRICES_FILE)."""
    try:
        if path is None:
            text = resources.files("tutor.data").joinpath("prices.json").read_text("utf-8")
        else:
            text = path.read_text("utf-8")
        return PriceTable.model_validate(json.loads(text))
    except (OSError, ValueError) as exc:
        where = path or "tutor/data/prices.json"
        raise ConfigError(f"TUTOR_PRICES_FILE: cannot read prices from {where}: {exc}") from None


@dataclass(frozen=True)
class TokenUsage:
    """Token counts from Gemini's usageMetadata for one call."""

    prompt: int = 0
    output: int = 0
    thinking: int = 0
    cached: int = 0
    tool_use: int = 0

    def __add__(self, other: TokenUsage) -> TokenUsage:
        return TokenUsage(
            self.prompt + other.prompt,
            self.output + other.output,
            self.thinking + other.thinking,
            self.cached + other.cached,
            self.tool_use + other.tool_use,
        )

    @property
    def total(self) -> int:
        return self.prompt + self.output + self.thinking + self.tool_use


def cost_of(usage: TokenUsage, price: ModelPrice) -> Decimal:
    """USD cost of one call. Cached tokens are part of `prompt`; thinking bills as output."""
    tier = price.tier_for(usage.prompt + usage.tool_use)
    fresh_input = max(usage.prompt - usage.cached, 0) + usage.tool_use
    cost = (
        fresh_input * tier.input
        + usage.cached * tier.cached_input
        + (usage.output + usage.thinking) * tier.output
    ) / MTOK
    return cost.quantize(Decimal("1e-9"))


_SCHEMA = [
    # migration 1
    """
    CREATE TABLE IF NOT EXISTS calls (
        id INTEGER PRIMARY KEY,
        ts TEXT NOT NULL,
        model TEXT NOT NULL,
        purpose TEXT NOT NULL DEFAULT 'ask',
        status TEXT NOT NULL DEFAULT 'ok',
        prompt_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        thinking_tokens INTEGER NOT NULL,
        cached_tokens INTEGER NOT NULL,
        tool_use_tokens INTEGER NOT NULL,
        cost_nusd INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS calls_ts ON calls(ts);
    """,
]


@dataclass(frozen=True)
class SpendSummary:
    today: Decimal
    month: Decimal
    daily_budget: Decimal
    monthly_budget: Decimal
    by_model_today: dict[str, Decimal]
    by_model_month: dict[str, Decimal]
    calls_today: int

    @property
    def daily_left(self) -> Decimal:
        return max(self.daily_budget - self.today, Decimal(0))

    @property
    def monthly_left(self) -> Decimal:
        return max(self.monthly_budget - self.month, Decimal(0))


class Ledger:
    """The append-only record of every API call, safe for several processes at once."""

    def __init__(self, path: Path, *, clock: Clock = local_now) -> None:
        self.path = path
        self.clock = clock
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=30.0, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA busy_timeout=30000")
        self._migrate()

    def _migrate(self) -> None:
        (version,) = self._db.execute("PRAGMA user_version").fetchone()
        for number, script in enumerate(_SCHEMA[version:], start=version + 1):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for statement in script.split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version={number}")
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def close(self) -> None:
        self._db.close()

    def record(
        self,
        model: str,
        usage: TokenUsage,
        cost: Decimal,
        *,
        purpose: str = "ask",
        status: str = "ok",
    ) -> None:
        """Append one row for one API call."""
        ts = self.clock().astimezone(UTC).isoformat()
        with storage_errors(f"the spend ledger ({self.path})"):
            self._db.execute(
                "INSERT INTO calls (ts, model, purpose, status, prompt_tokens, output_tokens,"
                " thinking_tokens, cached_tokens, tool_use_tokens, cost_nusd)"
                " VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    ts,
                    model,
                    purpose,
                    status,
                    usage.prompt,
                    usage.output,
                    usage.thinking,
                    usage.cached,
                    usage.tool_use,
                    int(cost * NANO),
                ),
            )

    def _since(self, start: datetime) -> tuple[Decimal, dict[str, Decimal], int]:
        rows = self._db.execute(
            "SELECT model, SUM(cost_nusd), COUNT(*) FROM calls WHERE ts >= ? GROUP BY model",
            (start.astimezone(UTC).isoformat(),),
        ).fetchall()
        by_model = {model: Decimal(total) / NANO for model, total, _ in rows}
        count = sum(n for _, _, n in rows)
        return sum(by_model.values(), Decimal(0)), by_model, count

    def summary(self, daily_budget: Decimal, monthly_budget: Decimal) -> SpendSummary:
        """Today's and this month's spend (local calendar) against the budgets."""
        now = self.clock()
        day_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
        month_start = day_start.replace(day=1)
        today, by_day, calls = self._since(day_start)
        month, by_month, _ = self._since(month_start)
        return SpendSummary(today, month, daily_budget, monthly_budget, by_day, by_month, calls)

    def rows(self) -> list[sqlite3.Row]:
        self._db.row_factory = sqlite3.Row
        try:
            return self._db.execute("SELECT * FROM calls ORDER BY id").fetchall()
        finally:
            self._db.row_factory = None

    def total(self) -> Decimal:
        (total,) = self._db.execute("SELECT COALESCE(SUM(cost_nusd), 0) FROM calls").fetchone()
        return Decimal(total) / NANO


def estimate_cost(prompt_chars: int, max_output_tokens: int, price: ModelPrice) -> Decimal:
    """A pessimistic cost bound for a call not yet made (≈3 chars a token, full output)."""
    prompt_tokens = prompt_chars // 3 + 1
    return cost_of(TokenUsage(prompt=prompt_tokens, output=max_output_tokens), price)


def check_budget(summary: SpendSummary, estimate: Decimal) -> None:
    """Raise `BudgetExceeded` if a call costing up to `estimate` would pass a budget."""
    if summary.today + estimate > summary.daily_budget:
        raise BudgetExceeded(
            f"over budget: today ${summary.today:.4f} of ${summary.daily_budget:.2f} spent, "
            f"the next call may cost up to ${estimate:.4f} (raise TUTOR_DAILY_BUDGET_USD)"
        )
    if summary.month + estimate > summary.monthly_budget:
        raise BudgetExceeded(
            f"over budget: this month ${summary.month:.4f} of ${summary.monthly_budget:.2f} "
            f"spent, the next call may cost up to ${estimate:.4f} "
            "(raise TUTOR_MONTHLY_BUDGET_USD)"
        )
