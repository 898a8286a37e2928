"""Budgets are reservations: concurrent processes cannot pass them, and a process killed
mid-call leaves a row that the next process settles at its reserved amount."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import FAKE_KEY
from tests.gemini_fakes import usage
from tests.wire_server import Reply, WireServer, serve, text_chunks
from tutor.spend import Ledger

PROCESSES = 8
# a flat, dated-free table: the worst case of one call is about $0.018 (16k output tokens)
PRICES = {
    "models": {
        "gemini-3.8-flash": {
            "thinking": {"levels": ["low", "medium", "high"]},
            "prices": [{"input": "1", "output": "1", "cached_input": "0.1"}],
        }
    },
    "unknown_model": {"input": "1", "output": "1", "cached_input": "0.1"},
}


@pytest.fixture
def wire() -> Iterator[WireServer]:
    with serve() as server:
        yield server


def _env(home: Path, wire: WireServer, prices: Path, budget: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TUTOR_", "GEMINI", "GOOGLE"))}
    env.update(
        GEMINI_API_KEY=FAKE_KEY,
        TUTOR_HOME=str(home),
        TUTOR_GEMINI_BASE_URL=wire.url,
        TUTOR_PRICES_FILE=str(prices),
        TUTOR_DAILY_BUDGET_USD=budget,
        TUTOR_MONTHLY_BUDGET_USD="10",
        TUTOR_MAX_RETRIES="0",
    )
    return env


def _ask(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tutor", "ask", "--json", "--no-cache", "what is softmax"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_concurrent_processes_with_budget_for_one_call_make_exactly_one(
    tmp_path: Path, wire: WireServer
) -> None:
    prices = tmp_path / "prices.json"
    prices.write_text(json.dumps(PRICES))
    # the call really costs most of the budget, so no later process fits either
    wire.script(
        Reply(chunks=text_chunks("Softmax.", meta=usage(prompt=900, output=15000)), delay_s=2.0)
    )
    env = _env(tmp_path / "home", wire, prices, budget="0.025")
    procs = [_ask(env) for _ in range(PROCESSES)]
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        outputs.append(json.loads(out))
    assert len(wire.posts()) == 1
    sources = sorted(o["source"] for o in outputs)
    assert sources == ["gemini"] + ["offline"] * (PROCESSES - 1)
    refused = [o for o in outputs if o["source"] == "offline"]
    assert all("over budget" in o["offline_reason"] for o in refused)
    ledger = Ledger(tmp_path / "home" / "ledger.sqlite3")
    (row,) = ledger.rows()
    assert row["state"] == "settled" and row["status"] == "ok"
    paid = next(o for o in outputs if o["source"] == "gemini")
    assert Decimal(paid["cost_usd"]) == ledger.total() <= Decimal("0.025")
    ledger.close()


def test_a_killed_process_leaves_a_reservation_that_the_next_open_settles(
    tmp_path: Path, wire: WireServer
) -> None:
    prices = tmp_path / "prices.json"
    prices.write_text(json.dumps(PRICES))
    wire.script(Reply(chunks=text_chunks("never"), delay_s=60.0))
    env = _env(tmp_path / "home", wire, prices, budget="1")
    proc = _ask(env)
    assert wire.arrived.wait(60), proc.stderr.read() if proc.stderr else ""
    time.sleep(0.2)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    ledger = Ledger(tmp_path / "home" / "ledger.sqlite3")
    (row,) = ledger.rows()
    assert row["state"] == "settled" and row["estimated"] == 1
    assert row["status"].startswith("abandoned")
    assert row["cost_nusd"] == row["reserved_nusd"] > 0
    assert ledger.summary(Decimal(1), Decimal(10)).today == Decimal(row["cost_nusd"]) / 10**9
    ledger.close()
