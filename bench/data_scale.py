"""Every command and screen with a lot of history, beside the same on an empty home.

    python bench/data_scale.py          # build the big home once (about a minute), measure
    python bench/data_scale.py --keep   # keep the big home and print its path

Issue #13: "every screen and command under 50 ms of work beyond start-up with 1M ledger
rows, 100k cache entries, 50k conversations, 5 years of diary". The baseline is the same
command on an empty home, measured in the same run; the difference is the work that
history costs. Not part of the tests.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

LEDGER_ROWS = 1_000_000
CACHE_ENTRIES = 100_000
CONVERSATIONS = 50_000
DIARY_DAYS = 5 * 365
GOAL_MS = 50.0


def _env(home: Path) -> dict[str, str]:
    env = {**os.environ, "TUTOR_HOME": str(home), "TUTOR_OFFLINE": "1"}
    for name in ("GEMINI_API_KEY", "GOOGLE_API_KEY", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    return env


def build_home(home: Path) -> None:
    """1M ledger rows this month, 100k cached answers, 50k conversations of four messages,
    five years of diary (an entry a day, a review every third day, one card per formula)."""
    os.environ["TUTOR_HOME"] = str(home)
    from spend_rows import fill

    from tutor.cache import AnswerCache
    from tutor.config import load_settings
    from tutor.conversations import ConversationStore
    from tutor.diary.service import Diary
    from tutor.spend import Ledger

    settings = load_settings()
    now = datetime.now(UTC)
    ledger = Ledger(settings.data_dir / "ledger.sqlite3")
    fill(ledger, LEDGER_ROWS, end=now)
    ledger.close()

    cache = AnswerCache(settings.data_dir / "cache", size_limit_mb=settings.cache_size_mb)
    raw = cache._cache
    value = {"text": "an answer " * 40, "model": "gemini-3.8-flash",
             "tokens": {"prompt": 100, "output": 300}, "original_cost_usd": "0.001"}  # fmt: skip
    for start in range(0, CACHE_ENTRIES, 5_000):
        with raw.transact():
            for i in range(start, start + 5_000):
                raw.set(f"key-{i}", value)
    cache.close()

    store = ConversationStore(settings.data_dir / "conversations.sqlite3")
    store.close()
    db = sqlite3.connect(settings.data_dir / "conversations.sqlite3")
    with db:
        db.executemany(
            "INSERT INTO conversations (id, created, title) VALUES (?, ?, ?)",
            ((i, "2026-01-01T00:00:00", f"question {i}") for i in range(1, CONVERSATIONS + 1)),
        )
        db.executemany(
            "INSERT INTO messages (conversation_id, ts, role, content) VALUES (?, ?, ?, ?)",
            (
                (i, "2026-01-01T00:00:00", role, f"{role} text {i}")
                for i in range(1, CONVERSATIONS + 1)
                for role in ("user", "assistant", "user", "assistant")
            ),
        )
    db.close()

    Diary(settings).close()
    feedback = json.dumps(
        {"score": 3, "correct": [], "missed_symbols": [], "misconceptions": [],
         "model_explanation": "", "source": "heuristic"}
    )  # fmt: skip
    db = sqlite3.connect(settings.data_dir / "diary.sqlite3")
    first = date.today() - timedelta(days=DIARY_DAYS)
    with db:
        for day in range(DIARY_DAYS):
            when = (first + timedelta(days=day)).isoformat()
            rows = [(f"f{day % 300}", "today")]
            if day % 3 == 0:
                rows.append((f"f{(day * 7) % 300}", "review"))
            for key, kind in rows:
                db.execute(
                    "INSERT INTO entries (day, formula_key, latex, text, feedback, score,"
                    " created, updated, kind) VALUES (?,?,?,?,?,?,?,?,?)",
                    (when, key, "x^2", "words", feedback, 1 + day % 5, when, when, kind),
                )
    db.close()


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


COMMANDS: list[tuple[str, list[str]]] = [
    ("tutor spend", ["spend"]),
    ("tutor cache stats", ["cache", "stats"]),
    ("tutor diary today", ["diary", "today"]),
    ("tutor progress", ["progress"]),
    ("tutor papers list", ["papers", "list"]),
]


def bench_commands(big: Path, empty: Path, repeat: int) -> list[tuple[str, float, float]]:
    tutor = [sys.executable, "-m", "tutor"]
    rows = []
    for label, argv in COMMANDS:
        runs = {}
        for name, home in (("empty", empty), ("big", big)):
            env = _env(home)
            command = [*tutor, *argv]
            subprocess.run(command, env=env, capture_output=True)  # warm, bytecode
            runs[name] = _median_ms(
                lambda c=command, e=env: subprocess.run(c, env=e, capture_output=True), repeat
            )
        rows.append((label, runs["empty"], runs["big"]))
    return rows


def bench_screens(big: Path, empty: Path, repeat: int) -> list[tuple[str, float, float]]:
    """In-process Pilot runs: first frame, /history, the diary screen, on each home."""
    from tutor.config import load_settings
    from tutor.ui.app import TutorApp

    async def measure(home: Path) -> dict[str, float]:
        os.environ["TUTOR_HOME"] = str(home)
        os.environ["TUTOR_OFFLINE"] = "1"
        times: dict[str, list[float]] = {"first frame": [], "/history": [], "diary (f3)": []}
        for _ in range(repeat):
            start = time.perf_counter()
            app = TutorApp(load_settings())
            async with app.run_test(size=(100, 30)) as pilot:
                await pilot.pause()
                times["first frame"].append(time.perf_counter() - start)
                start = time.perf_counter()
                await pilot.press(*"/history", "enter")
                await pilot.pause()
                times["/history"].append(time.perf_counter() - start)
                start = time.perf_counter()
                await pilot.press("f3")
                await pilot.pause()
                times["diary (f3)"].append(time.perf_counter() - start)
        return {k: statistics.median(v) * 1000 for k, v in times.items()}

    small = asyncio.run(measure(empty))
    large = asyncio.run(measure(big))
    return [(f"TUI {label}", small[label], large[label]) for label in small]


def main(argv: list[str]) -> None:
    keep = "--keep" in argv
    big = Path(tempfile.mkdtemp(prefix="tutor-bench-big-"))
    empty = Path(tempfile.mkdtemp(prefix="tutor-bench-empty-"))
    start = time.perf_counter()
    build_home(big)
    print(
        f"big home: {LEDGER_ROWS:,} ledger rows, {CACHE_ENTRIES:,} cached answers,"
        f" {CONVERSATIONS:,} conversations, {DIARY_DAYS:,} diary days"
        f" (built in {time.perf_counter() - start:.0f} s)"
    )
    rows = bench_commands(big, empty, repeat=7) + bench_screens(big, empty, repeat=7)
    print(f"{'':34} {'empty':>9} {'big':>9} {'history costs':>14}  goal < {GOAL_MS:.0f} ms")
    for label, small, large in rows:
        extra = large - small
        mark = "met" if extra < GOAL_MS else "MISSED"
        print(f"  {label:<32} {small:7.1f} ms {large:7.1f} ms {extra:+11.1f} ms  {mark}")
    if keep:
        print(f"kept: TUTOR_HOME={big}")
    else:
        shutil.rmtree(big, ignore_errors=True)
    shutil.rmtree(empty, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
