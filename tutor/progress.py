"""Progress you can see: formulas explained per week, the streak, review retention from
the FSRS history, papers per pass, and spend per week (read from the ledger, never written)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tutor.config import Settings
    from tutor.diary.service import Clock

BARS = "▁▂▃▄▅▆▇█"
WEEKS = 12


@dataclass
class Progress:
    weeks: list[str]  # the Monday of each week, oldest first
    formulas_per_week: list[int]
    streak: int
    reviews: int  # reviews in the FSRS history (an entry for a formula seen before)
    recalled: int  # of which rated Hard or better (score ≥ 2): remembered
    papers: dict[str, int]
    spend_per_week: list[Decimal]
    total_entries: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def retention(self) -> float | None:
        return self.recalled / self.reviews if self.reviews else None

    def to_json(self) -> dict[str, Any]:
        return {
            "weeks": self.weeks,
            "formulas_per_week": self.formulas_per_week,
            "streak_days": self.streak,
            "entries": self.total_entries,
            "reviews": self.reviews,
            "recalled": self.recalled,
            "retention": None if self.retention is None else round(self.retention, 4),
            "papers": self.papers,
            "spend_per_week_usd": [f"{v:f}" for v in self.spend_per_week],
        }

    def to_text(self, lang: str = "en") -> str:
        from tutor.messages import t

        retention = (
            t("progress.no_reviews", lang)
            if self.retention is None
            else t("progress.recalled", lang, pct=f"{self.retention:.0%}", n=self.reviews)
        )
        papers = " · ".join(f"{k}: {v}" for k, v in self.papers.items())
        spend = sum(self.spend_per_week, Decimal(0))
        return "\n".join(
            [
                t("diary.streak", lang, n=self.streak)
                + " · "
                + t("progress.entries", lang, n=self.total_entries),
                t(
                    "progress.per_week",
                    lang,
                    bars=sparkline(self.formulas_per_week),
                    last=self.formulas_per_week[-1],
                    since=self.weeks[0],
                ),
                t("progress.retention", lang, retention=retention),
                t("progress.papers", lang, papers=papers),
                t(
                    "progress.spend",
                    lang,
                    bars=sparkline([float(v) for v in self.spend_per_week]),
                    total=f"${spend:.2f}",
                    weeks=len(self.weeks),
                ),
                *self.notes,
            ]
        )


def sparkline(values: list[float] | list[int]) -> str:
    """Eight-level bars, scaled to the largest value; zero is the lowest bar."""
    top = max(values, default=0)
    if top <= 0:
        return BARS[0] * len(values)
    return "".join(BARS[min(7, round(7 * v / top))] for v in values)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def compute(settings: Settings, *, clock: Clock | None = None, weeks: int = WEEKS) -> Progress:
    """Everything in a few indexed queries (see bench/: under 50 ms for five years)."""
    from tutor.diary.service import Diary
    from tutor.papers.service import ReadingList

    diary = Diary(settings, clock=clock)
    try:
        now = diary.clock()
        first = _monday(now.date()) - timedelta(weeks=weeks - 1)
        mondays = [first + timedelta(weeks=i) for i in range(weeks)]
        per_week: Counter[date] = Counter()
        db = diary.store.db
        for day, count in db.execute(
            "SELECT day, COUNT(*) FROM entries WHERE day >= ? GROUP BY day", (first.isoformat(),)
        ):
            per_week[_monday(date.fromisoformat(day))] += count
        # a review is any entry for a formula explained before; recalled = rated Hard or
        # better (score ≥ 2), the ratings FSRS counts as remembered
        (total,) = db.execute("SELECT COUNT(*) FROM entries").fetchone()
        reviews, recalled = db.execute(
            "SELECT COUNT(*), COALESCE(SUM(score >= 2), 0) FROM (SELECT score, ROW_NUMBER()"
            " OVER (PARTITION BY formula_key ORDER BY day, id) AS n FROM entries) WHERE n > 1"
        ).fetchone()
        streak = diary.streak()
    finally:
        diary.close()
    papers = ReadingList(settings)
    try:
        counts = papers.counts()
    finally:
        papers.close()
    spend, notes = _spend_per_week(settings, mondays, now)
    return Progress(
        weeks=[m.isoformat() for m in mondays],
        formulas_per_week=[per_week[m] for m in mondays],
        streak=streak,
        reviews=reviews,
        recalled=recalled,
        papers=counts,
        spend_per_week=spend,
        total_entries=total,
        notes=notes,
    )


def _spend_per_week(
    settings: Settings, mondays: list[date], now: datetime
) -> tuple[list[Decimal], list[str]]:
    """Spend per local week from the ledger's 15-minute roll-ups (read through spend.py,
    never written): a quarter is a few thousand roll-ups however many calls it holds."""
    path = settings.data_dir / "ledger.sqlite3"
    totals = [Decimal(0)] * len(mondays)
    if not path.exists():
        return totals, []
    from tutor.errors import TutorError
    from tutor.spend import Ledger

    zone = now.tzinfo
    start = datetime.combine(mondays[0], datetime.min.time(), tzinfo=zone).astimezone(UTC)
    try:
        ledger = Ledger(path)
        try:
            buckets = ledger.spend_since(start)
        finally:
            ledger.close()
    except (TutorError, OSError) as exc:
        return totals, [f"spend unavailable: {exc}"]
    for when, cost in buckets:  # every UTC offset in use is a multiple of a bucket
        index = (_monday(when.astimezone(zone).date()) - mondays[0]).days // 7
        if 0 <= index < len(totals):
            totals[index] += cost
    return totals, []


def run_progress(settings: Settings, *, as_json: bool) -> int:
    import json

    from tutor.diary.cli import quiet_exit

    def run() -> int:
        progress = compute(settings)
        if as_json:
            print(json.dumps(progress.to_json(), ensure_ascii=False, indent=2))
        else:
            print(progress.to_text(settings.lang))
        return 0

    return quiet_exit(run)
