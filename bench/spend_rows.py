"""`Ledger.summary()` against the number of rows this month (issue: O(1) in history).

    python bench/spend_rows.py            # 1k, 100k and 1M rows this month

Rows are bulk-inserted with their 15-minute roll-ups, as `Ledger` keeps them. Prints the
median summary time for each size beside the smallest one. Not part of the tests.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tutor.spend import BUCKET_S, Ledger

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def fill(ledger: Ledger, rows: int, end: datetime = NOW) -> None:
    """`rows` calls spread evenly from the start of `end`'s month (UTC) to `end`."""
    month_start = end.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    span = (end - month_start).total_seconds()
    start = month_start.timestamp()
    db = ledger._db
    db.execute("BEGIN")
    batch = []
    for i in range(rows):
        moment = start + span * i / rows
        ts = datetime.fromtimestamp(moment, UTC).isoformat()
        bucket = int(moment) // BUCKET_S
        model = ("gemini-3.8-flash", "gemini-3.5-flash-lite")[i % 2]
        batch.append((ts, model, 1000, bucket))
        if len(batch) == 50_000:
            _flush(db, batch)
            batch = []
    _flush(db, batch)
    db.execute("COMMIT")


def _flush(db, batch) -> None:  # type: ignore[no-untyped-def]
    db.executemany(
        "INSERT INTO calls (ts, model, prompt_tokens, output_tokens, thinking_tokens,"
        " cached_tokens, tool_use_tokens, cost_nusd, bucket) VALUES (?,?,1,1,0,0,0,?,?)",
        [(ts, m, c, b) for ts, m, c, b in batch],
    )
    db.executemany(
        "INSERT INTO spend_buckets (bucket, model, cost_nusd, calls) VALUES (?,?,?,1)"
        " ON CONFLICT(bucket, model) DO UPDATE SET cost_nusd = cost_nusd + excluded.cost_nusd,"
        " calls = calls + 1",
        [(b, m, c) for _, m, c, b in batch],
    )


def main() -> None:
    results = {}
    for rows in (1_000, 100_000, 1_000_000):
        with tempfile.TemporaryDirectory() as tmp:
            ledger = Ledger(Path(tmp) / "ledger.sqlite3", clock=lambda: NOW, zone=UTC)
            fill(ledger, rows)
            samples = []
            for _ in range(20):
                t = time.perf_counter()
                ledger.summary(Decimal(1), Decimal(10))
                samples.append(time.perf_counter() - t)
            results[rows] = statistics.median(samples)
            ledger.close()
    base = results[1_000]
    for rows, seconds in results.items():
        print(
            f"summary with {rows:>9,} rows this month: {seconds * 1000:7.2f} ms "
            f"({seconds / base:.2f}x the 1k case)"
        )


if __name__ == "__main__":
    main()
