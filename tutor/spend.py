"""Money: the dated model and price table, the spend ledger (SQLite, WAL) and the budgets.

Costs are `Decimal` in code and integer nano-dollars in SQLite, so sums are exact.

Before a call its worst-case cost is *reserved* in one `BEGIN IMMEDIATE` transaction that
checks both budgets (other reservations included); afterwards the row is settled to the
real cost, or to an estimate when the tokens are unknown (timeout, dropped stream,
cancel). A reservation left by a process that died is settled at its reserved amount the
next time any process opens the ledger. A cache hit writes nothing.

Days and months are the learner's local calendar (zoneinfo), turned into UTC bounds; rows
stamped in the future (a clock that ran ahead) are flagged, not counted. Sums come from
15-minute roll-ups kept in the same transactions, so `summary()` does not grow with history.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from tutor.errors import BudgetExceeded, FreeTierLimit

TYPE_CHECKING = False  # not typing's: mypy treats the name as true, Python skips the import
if TYPE_CHECKING:
    from tutor.config import Settings
    from tutor.prices import (
        UNKNOWN_FREE_LIMITS,
        FreeLimits,
        ModelInfo,
        ModelPrice,
        PriceTable,
        PriceTier,
        Thinking,
        free_limits,
        load_prices,
    )
    from tutor.usage import QuestionCost, TokenUsage

__all__ = [
    "UNKNOWN_FREE_LIMITS",
    "FreeLimits",
    "ModelInfo",
    "ModelPrice",
    "PriceTable",
    "PriceTier",
    "QuestionCost",
    "Thinking",
    "TokenUsage",
    "free_limits",
    "load_prices",
]

# the price table's pydantic models live in tutor.prices, imported only when asked for;
# the token types (dataclasses: importing `dataclasses` costs more than reading the
# ledger) in tutor.usage
_USAGE_NAMES = frozenset({"QuestionCost", "TokenUsage"})
_PRICE_NAMES = frozenset(__all__) - _USAGE_NAMES


def __getattr__(name: str) -> object:
    if name in _PRICE_NAMES:
        from tutor import prices

        return getattr(prices, name)
    if name in _USAGE_NAMES:
        from tutor import usage

        return getattr(usage, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


NANO = Decimal("1e9")
LEDGER = "the spend ledger"
MTOK = Decimal(1_000_000)
BUCKET_S = 900  # roll-up granularity: every UTC offset in use is a multiple of 15 minutes
Clock = Callable[[], datetime]


def storage_errors(what: str, path: Path | None = None) -> AbstractContextManager[None]:
    """Storage failures (a full disk, a read-only directory) as one clear line."""
    from tutor.db import storage_errors as db_storage_errors

    return db_storage_errors(what, path)


def utc_now() -> datetime:
    return datetime.now(UTC)


def local_now() -> datetime:
    """The current time, aware, in the local time zone."""
    return datetime.now().astimezone()


def local_zone() -> tzinfo:
    """The learner's time zone from the zone database (so DST is right), from TZ or
    /etc/localtime; the current fixed offset only when neither names a zone."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        try:
            target = os.path.realpath("/etc/localtime")
            if "zoneinfo/" in target:
                name = target.split("zoneinfo/", 1)[1]
        except OSError:
            name = ""
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            pass
    return datetime.now().astimezone().tzinfo or UTC


def day_bounds(now: datetime, zone: tzinfo) -> tuple[datetime, datetime]:
    """UTC start and end of the local calendar day containing `now`."""
    local = now.astimezone(zone).date()
    start = datetime.combine(local, time(0), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(local + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    return start, end


def month_start(now: datetime, zone: tzinfo) -> datetime:
    """UTC start of the local calendar month containing `now`."""
    local = now.astimezone(zone).date().replace(day=1)
    return datetime.combine(local, time(0), tzinfo=zone).astimezone(UTC)


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


def estimate_cost(prompt_chars: int, max_output_tokens: int, price: ModelPrice) -> Decimal:
    """A pessimistic cost bound for a call not yet made (≈3 chars a token, full output),
    priced at the higher tier when the prompt could cross it."""
    from tutor.usage import TokenUsage

    prompt_tokens = prompt_chars // 3 + 1
    return cost_of(TokenUsage(prompt=prompt_tokens, output=max_output_tokens), price)


# --- the ledger --------------------------------------------------------------------

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
    # migration 2: reservations, per-question sums, 15-minute roll-ups
    """
    ALTER TABLE calls ADD COLUMN state TEXT NOT NULL DEFAULT 'settled';
    ALTER TABLE calls ADD COLUMN estimated INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE calls ADD COLUMN reserved_nusd INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE calls ADD COLUMN pid INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE calls ADD COLUMN question TEXT NOT NULL DEFAULT '';
    ALTER TABLE calls ADD COLUMN requested_model TEXT NOT NULL DEFAULT '';
    ALTER TABLE calls ADD COLUMN bucket INTEGER NOT NULL DEFAULT 0;
    UPDATE calls SET bucket = unixepoch(ts) / 900, requested_model = model;
    CREATE TABLE spend_buckets (
        bucket INTEGER NOT NULL,
        model TEXT NOT NULL,
        cost_nusd INTEGER NOT NULL DEFAULT 0,
        calls INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (bucket, model)
    ) WITHOUT ROWID;
    INSERT INTO spend_buckets (bucket, model, cost_nusd, calls)
        SELECT bucket, model, SUM(cost_nusd), COUNT(*) FROM calls GROUP BY bucket, model;
    CREATE INDEX calls_reserved ON calls(state) WHERE state = 'reserved';
    CREATE INDEX calls_question ON calls(question) WHERE question != '';
    """,
]


class SpendSummary(NamedTuple):  # not a dataclass: see _USAGE_NAMES
    today: Decimal
    month: Decimal
    daily_budget: Decimal
    monthly_budget: Decimal
    by_model_today: dict[str, Decimal]
    by_model_month: dict[str, Decimal]
    calls_today: int
    future_calls: int = 0
    tier: str = "paid"
    requests_today: int = 0  # free tier: since midnight Pacific, when Google's day resets
    requests_last_minute: int = 0
    free_rpm: int | None = None
    free_rpd: int | None = None

    @property
    def daily_left(self) -> Decimal:
        return max(self.daily_budget - self.today, Decimal(0))

    @property
    def monthly_left(self) -> Decimal:
        return max(self.monthly_budget - self.month, Decimal(0))

    def plus(self, model: str, cost: Decimal, calls: int) -> SpendSummary:
        """This summary with one answer's own cost added (no query)."""
        by_day = dict(self.by_model_today)
        by_month = dict(self.by_model_month)
        by_day[model] = by_day.get(model, Decimal(0)) + cost
        by_month[model] = by_month.get(model, Decimal(0)) + cost
        return SpendSummary(
            self.today + cost,
            self.month + cost,
            self.daily_budget,
            self.monthly_budget,
            by_day,
            by_month,
            self.calls_today + calls,
            self.future_calls,
            self.tier,
            self.requests_today + calls,
            self.requests_last_minute + calls,
            self.free_rpm,
            self.free_rpd,
        )


def _nusd(amount: Decimal) -> int:
    return int((amount * NANO).to_integral_value())


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


class Ledger:
    """Every API call as one row, safe for several processes at once."""

    def __init__(self, path: Path, *, clock: Clock = utc_now, zone: tzinfo | None = None) -> None:
        self.path = path
        self.clock = clock
        self.zone = zone if zone is not None else local_zone()
        from tutor.db import connect

        self._db = connect(path, what=LEDGER, migrations=_SCHEMA)
        with storage_errors(LEDGER, path):
            self.settle_abandoned()

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One BEGIN IMMEDIATE transaction: writers queue, checks and writes stay together."""
        from tutor.db import transaction

        with transaction(self._db, LEDGER, self.path) as db:
            yield db

    def _now(self) -> datetime:
        return self.clock().astimezone(UTC)

    @staticmethod
    def _bucket(moment: datetime) -> int:
        return int(moment.timestamp()) // BUCKET_S

    @staticmethod
    def _add_bucket(db: sqlite3.Connection, bucket: int, model: str, nusd: int, calls: int) -> None:
        db.execute(
            "INSERT INTO spend_buckets (bucket, model, cost_nusd, calls) VALUES (?,?,?,?)"
            " ON CONFLICT(bucket, model) DO UPDATE SET"
            " cost_nusd = cost_nusd + excluded.cost_nusd, calls = calls + excluded.calls",
            (bucket, model, nusd, calls),
        )

    def _insert(
        self,
        db: sqlite3.Connection,
        *,
        model: str,
        usage: TokenUsage,
        nusd: int,
        purpose: str,
        status: str,
        state: str,
        question: str,
        estimated: bool = False,
        reserved: int = 0,
    ) -> int:
        now = self._now()
        bucket = self._bucket(now)
        cursor = db.execute(
            "INSERT INTO calls (ts, model, purpose, status, prompt_tokens, output_tokens,"
            " thinking_tokens, cached_tokens, tool_use_tokens, cost_nusd, state, estimated,"
            " reserved_nusd, pid, question, requested_model, bucket)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                now.isoformat(),
                model,
                purpose,
                status,
                *_token_columns(usage),
                nusd,
                state,
                int(estimated),
                reserved,
                os.getpid(),
                question,
                model,
                bucket,
            ),
        )
        self._add_bucket(db, bucket, model, nusd, 1)
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def record(
        self,
        model: str,
        usage: TokenUsage,
        cost: Decimal,
        *,
        purpose: str = "ask",
        status: str = "ok",
        question: str = "",
        estimated: bool = False,
    ) -> int:
        """Append one settled row for one API call."""
        with self._write() as db:
            return self._insert(
                db,
                model=model,
                usage=usage,
                nusd=_nusd(cost),
                purpose=purpose,
                status=status,
                state="settled",
                question=question,
                estimated=estimated,
            )

    # reservations ------------------------------------------------------------------
    def reserve(
        self,
        model: str,
        amount: Decimal,
        *,
        daily_budget: Decimal,
        monthly_budget: Decimal,
        purpose: str = "ask",
        question: str = "",
        free: FreeLimits | None = None,
        free_zone: tzinfo | None = None,
    ) -> int:
        """Check the budgets (and, on the free tier, the request limits) and reserve
        `amount` in one transaction; raise `BudgetExceeded` / `FreeTierLimit` instead."""
        from tutor.usage import TokenUsage

        nusd = _nusd(amount)
        with self._write() as db:
            now = self._now()
            if free is not None:
                self._check_free(db, now, free, free_zone or UTC)
            today, month = self._totals(db, now)
            if today + nusd > _nusd(daily_budget):
                raise BudgetExceeded(
                    f"over budget: today ${Decimal(today) / NANO:.4f} of ${daily_budget:.2f} "
                    f"spent or reserved, the next call may cost up to ${amount:.4f} "
                    "(raise TUTOR_DAILY_BUDGET_USD)"
                )
            if month + nusd > _nusd(monthly_budget):
                raise BudgetExceeded(
                    f"over budget: this month ${Decimal(month) / NANO:.4f} of "
                    f"${monthly_budget:.2f} spent or reserved, the next call may cost up to "
                    f"${amount:.4f} (raise TUTOR_MONTHLY_BUDGET_USD)"
                )
            return self._insert(
                db,
                model=model,
                usage=TokenUsage(),
                nusd=nusd,
                purpose=purpose,
                status="reserved",
                state="reserved",
                question=question,
                reserved=nusd,
            )

    def _check_free(
        self, db: sqlite3.Connection, now: datetime, free: FreeLimits, zone: tzinfo
    ) -> None:
        if free.rpd == 0 or free.rpm == 0:
            raise FreeTierLimit(
                "this model is not offered on the free tier: choose a Flash or Flash-Lite "
                "model (`tutor models`) or set TUTOR_TIER=paid"
            )
        start, end = day_bounds(now, zone)
        (used_today,) = db.execute(
            "SELECT COALESCE(SUM(calls), 0) FROM spend_buckets WHERE bucket >= ? AND bucket <= ?",
            (self._bucket(start), self._bucket(now)),
        ).fetchone()
        if used_today >= free.rpd:
            local_reset = end.astimezone(self.zone)
            raise FreeTierLimit(
                f"free tier: {used_today} of {free.rpd} requests used today; Google's day "
                f"resets at {local_reset:%H:%M} your time (or set TUTOR_TIER=paid)"
            )
        minute_ago = (now - timedelta(seconds=60)).isoformat()
        rows = db.execute(
            "SELECT ts FROM calls WHERE ts > ? AND ts <= ? ORDER BY ts",
            (minute_ago, now.isoformat()),
        ).fetchall()
        if len(rows) >= free.rpm:
            oldest = datetime.fromisoformat(rows[len(rows) - free.rpm][0])
            wait = max((oldest + timedelta(seconds=60) - now).total_seconds(), 0.1)
            raise FreeTierLimit(
                f"free tier: {free.rpm} requests a minute; waiting {wait:.0f} s", wait_s=wait
            )

    def settle(
        self,
        call_id: int,
        *,
        model: str,
        usage: TokenUsage,
        cost: Decimal,
        status: str,
        estimated: bool = False,
    ) -> None:
        """Turn a reservation into the real (or estimated) cost of the call."""
        with self._write() as db:
            row = db.execute(
                "SELECT bucket, model, cost_nusd FROM calls WHERE id = ? AND state = 'reserved'",
                (call_id,),
            ).fetchone()
            if row is None:
                return  # already settled (e.g. by another process after we were presumed dead)
            bucket, old_model, old_nusd = row
            nusd = _nusd(cost)
            db.execute(
                "UPDATE calls SET model = ?, status = ?, prompt_tokens = ?, output_tokens = ?,"
                " thinking_tokens = ?, cached_tokens = ?, tool_use_tokens = ?, cost_nusd = ?,"
                " state = 'settled', estimated = ? WHERE id = ?",
                (
                    model,
                    status,
                    *_token_columns(usage),
                    nusd,
                    int(estimated),
                    call_id,
                ),
            )
            self._add_bucket(db, bucket, old_model, -old_nusd, -1)
            self._add_bucket(db, bucket, model, nusd, 1)

    def settle_estimated(self, call_id: int, status: str) -> None:
        """Settle at the reserved amount: tokens unknown, the request may have been billed."""
        with self._write() as db:
            db.execute(
                "UPDATE calls SET state = 'settled', estimated = 1, status = ?"
                " WHERE id = ? AND state = 'reserved'",
                (status, call_id),
            )

    def release(self, call_id: int) -> None:
        """Drop a reservation whose request never left this machine."""
        with self._write() as db:
            row = db.execute(
                "SELECT bucket, model, cost_nusd FROM calls WHERE id = ? AND state = 'reserved'",
                (call_id,),
            ).fetchone()
            if row is None:
                return
            bucket, model, nusd = row
            db.execute("DELETE FROM calls WHERE id = ?", (call_id,))
            self._add_bucket(db, bucket, model, -nusd, -1)

    def settle_abandoned(self) -> int:
        """Reservations of processes that no longer run settle at the reserved amount."""
        rows = self._db.execute(
            "SELECT id, pid FROM calls WHERE state = 'reserved' AND pid != ?", (os.getpid(),)
        ).fetchall()
        dead = [call_id for call_id, pid in rows if not _pid_alive(pid)]
        if dead:
            with self._write() as db:
                db.executemany(
                    "UPDATE calls SET state = 'settled', estimated = 1,"
                    " status = 'abandoned: the process ended mid-call' "
                    "WHERE id = ? AND state = 'reserved'",
                    [(call_id,) for call_id in dead],
                )
        return len(dead)

    # reading ----------------------------------------------------------------------
    def _totals(self, db: sqlite3.Connection, now: datetime) -> tuple[int, int]:
        day_start, _ = day_bounds(now, self.zone)
        first = self._bucket(month_start(now, self.zone))
        today, month = db.execute(
            "SELECT COALESCE(SUM(CASE WHEN bucket >= ? THEN cost_nusd END), 0),"
            " COALESCE(SUM(cost_nusd), 0) FROM spend_buckets WHERE bucket >= ? AND bucket <= ?",
            (self._bucket(day_start), first, self._bucket(now)),
        ).fetchone()
        return int(today), int(month)

    def summary(
        self,
        daily_budget: Decimal,
        monthly_budget: Decimal,
        *,
        free: FreeLimits | None = None,
        free_zone: tzinfo | None = None,
    ) -> SpendSummary:
        """Today's and this month's spend (local calendar) against the budgets."""
        now = self._now()
        day_start, _ = day_bounds(now, self.zone)
        first = self._bucket(month_start(now, self.zone))
        day_bucket, now_bucket = self._bucket(day_start), self._bucket(now)
        with storage_errors(LEDGER, self.path):
            rows = self._db.execute(
                "SELECT model, SUM(CASE WHEN bucket >= ? THEN cost_nusd ELSE 0 END),"
                " SUM(cost_nusd), SUM(CASE WHEN bucket >= ? THEN calls ELSE 0 END)"
                " FROM spend_buckets WHERE bucket >= ? AND bucket <= ? GROUP BY model",
                (day_bucket, day_bucket, first, now_bucket),
            ).fetchall()
            (future,) = self._db.execute(
                "SELECT COALESCE(SUM(calls), 0) FROM spend_buckets WHERE bucket > ?",
                (now_bucket,),
            ).fetchone()
            requests_today = minute = 0
            if free is not None:
                start, _ = day_bounds(now, free_zone or UTC)
                (requests_today,) = self._db.execute(
                    "SELECT COALESCE(SUM(calls), 0) FROM spend_buckets"
                    " WHERE bucket >= ? AND bucket <= ?",
                    (self._bucket(start), now_bucket),
                ).fetchone()
                (minute,) = self._db.execute(
                    "SELECT COUNT(*) FROM calls WHERE ts > ? AND ts <= ?",
                    ((now - timedelta(seconds=60)).isoformat(), now.isoformat()),
                ).fetchone()
        by_day = {m: Decimal(d) / NANO for m, d, _, n in rows if d or n}
        by_month = {m: Decimal(t) / NANO for m, _, t, _ in rows}
        calls = sum(int(n) for *_, n in rows)
        return SpendSummary(
            sum(by_day.values(), Decimal(0)),
            sum(by_month.values(), Decimal(0)),
            daily_budget,
            monthly_budget,
            by_day,
            {m: v for m, v in by_month.items() if v},
            calls,
            int(future),
            "free" if free is not None else "paid",
            int(requests_today),
            int(minute),
            free.rpm if free else None,
            free.rpd if free else None,
        )

    def question_cost(self, question: str) -> QuestionCost:
        """The sum of the ledger's rows for one question (the cost shown under it)."""
        from tutor.usage import QuestionCost, TokenUsage

        with storage_errors(LEDGER, self.path):
            row = self._db.execute(
                "SELECT COALESCE(SUM(cost_nusd), 0), COALESCE(SUM(prompt_tokens), 0),"
                " COALESCE(SUM(output_tokens), 0), COALESCE(SUM(thinking_tokens), 0),"
                " COALESCE(SUM(cached_tokens), 0), COALESCE(SUM(tool_use_tokens), 0),"
                " COUNT(*), COALESCE(MAX(estimated), 0) FROM calls WHERE question = ?",
                (question,),
            ).fetchone()
        nusd, prompt, output, thinking, cached, tool_use, calls, estimated = row
        return QuestionCost(
            Decimal(nusd) / NANO,
            TokenUsage(prompt, output, thinking, cached, tool_use),
            int(calls),
            bool(estimated),
        )

    def spend_since(self, start: datetime) -> list[tuple[datetime, Decimal]]:
        """Spend per 15-minute roll-up from `start` on (reservations included, as the
        budget counts them): a few thousand rows for a quarter, whatever the call count."""
        rows = self._db.execute(
            "SELECT bucket, SUM(cost_nusd) FROM spend_buckets WHERE bucket >= ?"
            " GROUP BY bucket ORDER BY bucket",
            (self._bucket(start),),
        ).fetchall()
        return [
            (datetime.fromtimestamp(bucket * BUCKET_S, UTC), Decimal(nusd) / NANO)
            for bucket, nusd in rows
        ]

    def rows(self) -> list[sqlite3.Row]:
        self._db.row_factory = sqlite3.Row
        try:
            return self._db.execute("SELECT * FROM calls ORDER BY id").fetchall()
        finally:
            self._db.row_factory = None

    def total(self) -> Decimal:
        (total,) = self._db.execute("SELECT COALESCE(SUM(cost_nusd), 0) FROM calls").fetchone()
        return Decimal(total) / NANO


def check_budget(summary: SpendSummary, estimate: Decimal) -> None:
    """Raise `BudgetExceeded` if a call costing up to `estimate` would pass a budget
    (a quick pre-check; the binding check is `Ledger.reserve`)."""
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


def models_report(
    table: PriceTable,
    configured: str,
    today: date,
    served: list[str] | None = None,
) -> list[str]:
    """`tutor models`: the dated table, each model's status today, and, when the models
    endpoint was asked (`served`), which ones this key can use and which it lists that
    tutor does not know."""
    lines = [f"Gemini models (table checked {table.checked}; prices USD per 1M tokens)"]
    for name, info in table.models.items():
        status = info.status_on(today)
        price = info.price_on(today)
        marks = []
        if name == configured:
            marks.append("configured")
        if name == table.default_model:
            marks.append("default")
        if served is not None and status != "retired":
            marks.append("served to this key" if name in served else "not served to this key")
        when = ""
        if info.shutdown:
            when = f", {'shut down' if status == 'retired' else 'shuts down'} {info.shutdown}"
        if status in ("retired", "deprecated") and (info.routes_to or info.replacement):
            when += f" → {info.routes_to or info.replacement}"
        until = f" until {price.until}" if price.until else ""
        lines.append(
            f"  {name:<24} {status:<10} in {price.input} / out {price.output} / cached "
            f"{price.cached_input}{until}{when}" + (f"  [{', '.join(marks)}]" if marks else "")
        )
    if served is not None:
        for name in sorted(set(served) - set(table.models)):
            if name.startswith("gemini") and table.resolve(name) is None:
                lines.append(f"  {name:<24} unknown    (served to this key, not priced by tutor)")
    if table.resolve(configured) is None:
        lines.append(
            f"TUTOR_MODEL={configured} is unknown: costed at the fallback "
            f"(in {table.unknown_model.input} / out {table.unknown_model.output})"
        )
    return lines


def read_summary(settings: Settings) -> SpendSummary:
    """`tutor spend` without the engine: the ledger's roll-ups against the budgets. The
    price table (pydantic) is read only when it matters: on the free tier (its request
    limits and Google's day) and when the user names their own table (so a mistake in it
    is still reported here)."""
    free: FreeLimits | None = None
    free_zone: tzinfo | None = None
    if settings.tier == "free" or settings.prices_file is not None:
        from tutor.prices import free_limits, load_prices

        table = load_prices(settings.prices_file)
        if settings.tier == "free":
            from zoneinfo import ZoneInfo

            free = free_limits(table, settings.model)
            free_zone = ZoneInfo(table.free_tier_day_zone)
    ledger = Ledger(settings.data_dir / "ledger.sqlite3")
    try:
        return ledger.summary(
            settings.daily_budget_usd, settings.monthly_budget_usd, free=free, free_zone=free_zone
        )
    finally:
        ledger.close()


def _token_columns(usage: TokenUsage) -> tuple[int, int, int, int, int]:
    """The five token counts in the ledger's column order (prompt, output, thinking,
    cached, tool use), for the insert and the settling update alike."""
    return (usage.prompt, usage.output, usage.thinking, usage.cached, usage.tool_use)
