"""The Gemini path through the real SDK transport against a loopback server speaking
Gemini's wire format, with Google's real error bodies. Each test checks what the learner
sees, the ledger rows, and that the cost shown equals the ledger's."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from tests.conftest import FAKE_KEY
from tests.gemini_fakes import chunk, usage
from tests.wire_server import (
    API_KEY_INVALID,
    PER_DAY,
    PER_MINUTE,
    Reply,
    WireServer,
    quota_body,
    serve,
    text_chunks,
)
from tutor.config import load_settings
from tutor.engine import Engine
from tutor.events import FinalAnswer, Notice, Progress, TextDelta, Usage
from tutor.render import AnswerPrinter

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


class Sleeps:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


@pytest.fixture
def wire(with_key: str) -> Iterator[WireServer]:
    with serve() as server:
        yield server


def engine_for(wire: WireServer, sleeps: Sleeps | None = None, **overrides: Any) -> Engine:
    settings = load_settings(TUTOR_GEMINI_BASE_URL=wire.url, **overrides)
    return Engine(settings, sleep=sleeps or Sleeps(), clock=lambda: NOW, zone=UTC)


async def ask(engine: Engine, question: str = "explain softmax") -> list[Any]:
    return [e async for e in engine.ask(question, use_cache=False)]


def final(events: list[Any]) -> FinalAnswer:
    answers = [e for e in events if isinstance(e, FinalAnswer)]
    assert len(answers) == 1 and events[-1] is answers[0]
    return answers[0]


def notices(events: list[Any]) -> list[str]:
    return [e.message for e in events if isinstance(e, Notice)]


def assert_shown_cost_is_the_ledgers(engine: Engine, answer: FinalAnswer) -> None:
    rows = engine.ledger.rows()
    assert answer.cost_usd == sum((Decimal(r["cost_nusd"]) for r in rows), Decimal(0)) / 10**9
    assert answer.cost_usd == engine.ledger.total()
    assert all(r["state"] == "settled" for r in rows)
    assert answer.cost_estimated == any(r["estimated"] for r in rows)


def function_call_chunk(name: str, args: dict[str, Any]) -> dict[str, Any]:
    part = {"functionCall": {"name": name, "args": args}, "thoughtSignature": "c2lnbmF0dXJl"}
    c = chunk([part], finish="STOP", usage_metadata=usage(prompt=200, output=15, thoughts=40))
    c["modelVersion"] = "gemini-3.8-flash"
    return c


async def test_a_streamed_answer_through_the_sdk_is_costed_from_the_ledger(
    wire: WireServer,
) -> None:
    wire.script(Reply(chunks=text_chunks("Softmax ", "is a normalised exponential.")))
    async with engine_for(wire) as engine:
        events = await ask(engine)
        answer = final(events)
        assert answer.source == "gemini" and answer.text == "Softmax is a normalised exponential."
        (row,) = engine.ledger.rows()
        assert row["model"] == "gemini-3.8-flash" and row["status"] == "ok"
        assert row["prompt_tokens"] == 120 and row["thinking_tokens"] == 25
        assert_shown_cost_is_the_ledgers(engine, answer)
        assert answer.cost_usd > 0
        (seen,) = wire.posts()
        assert seen.path == "/v1beta/models/gemini-3.8-flash:streamGenerateContent?alt=sse"
        assert seen.headers["x-goog-api-key"] == FAKE_KEY
        assert seen.body["generationConfig"]["maxOutputTokens"] == 8192 + 8192


async def test_api_key_invalid_is_an_auth_error_without_retry_or_further_calls(
    wire: WireServer,
) -> None:
    wire.script(Reply(status=400, body=API_KEY_INVALID))
    sleeps = Sleeps()
    async with engine_for(wire, sleeps) as engine:
        answer = final(await ask(engine))
        assert answer.source == "offline"
        reason = answer.offline_reason or ""
        assert "API key not valid" in reason and "check GEMINI_API_KEY" in reason
        assert len(wire.posts()) == 1 and sleeps.delays == []
        (row,) = engine.ledger.rows()
        assert row["cost_nusd"] == 0 and row["status"].startswith("failed: GeminiAuthError")
        assert_shown_cost_is_the_ledgers(engine, answer)
        # the session makes no further calls with this key
        again = final(await ask(engine, "what is a gradient"))
        assert again.source == "offline" and "GEMINI_API_KEY" in (again.offline_reason or "")
        assert len(wire.posts()) == 1


async def test_per_day_quota_is_not_retried_and_says_when_it_resets(wire: WireServer) -> None:
    wire.script(Reply(status=429, body=quota_body(PER_DAY)))
    sleeps = Sleeps()
    async with engine_for(wire, sleeps) as engine:
        answer = final(await ask(engine))
        reason = answer.offline_reason or ""
        assert answer.source == "offline" and "daily quota is used up" in reason
        assert PER_DAY in reason and "resets at" in reason
        assert "generate_content_free_tier_requests" in reason  # the whole message is kept
        assert len(wire.posts()) == 1 and sleeps.delays == []
        assert_shown_cost_is_the_ledgers(engine, answer)
        final(await ask(engine, "another"))
        assert len(wire.posts()) == 1  # offline until the reset


async def test_per_minute_quota_waits_as_told_once_per_retry_then_answers(
    wire: WireServer,
) -> None:
    wire.script(
        Reply(status=429, body=quota_body(PER_MINUTE, "7s")),
        Reply(chunks=text_chunks("fine")),
    )
    sleeps = Sleeps()
    async with engine_for(wire, sleeps) as engine:
        events = await ask(engine)
        answer = final(events)
        assert answer.source == "gemini" and sleeps.delays == [7.0]
        retry_notices = [n for n in notices(events) if "retrying" in n]
        assert len(retry_notices) == 1
        assert PER_MINUTE in retry_notices[0]
        assert "try again later" not in retry_notices[0]
        rows = engine.ledger.rows()
        assert [r["status"] for r in rows] == ["failed: GeminiRateLimited", "ok"]
        assert_shown_cost_is_the_ledgers(engine, answer)


async def test_malformed_function_call_is_asked_again_once(wire: WireServer) -> None:
    wire.script(
        Reply(chunks=text_chunks("", finish="MALFORMED_FUNCTION_CALL")),
        Reply(chunks=text_chunks("Softmax normalises.")),
    )
    async with engine_for(wire) as engine:
        events = await ask(engine)
        answer = final(events)
        assert answer.source == "gemini" and answer.text == "Softmax normalises."
        assert any("malformed tool call" in n for n in notices(events))
        assert len(engine.ledger.rows()) == 2
        assert_shown_cost_is_the_ledgers(engine, answer)


async def test_unexpected_tool_call_is_answered_from_what_was_gathered(wire: WireServer) -> None:
    wire.script(
        Reply(chunks=[function_call_chunk("lookup_symbol", {"latex": "\\nabla"})]),
        Reply(chunks=text_chunks("", finish="UNEXPECTED_TOOL_CALL")),
        Reply(chunks=text_chunks("∇ is the gradient.")),
    )
    async with engine_for(wire, TUTOR_MAX_TOOL_ROUNDS="2") as engine:
        events = await ask(engine, "what is nabla")
        answer = final(events)
        assert answer.source == "gemini" and answer.text == "∇ is the gradient."
        assert any("answering from what the tools already returned" in n for n in notices(events))
        assert any(isinstance(e, Progress) and "lookup_symbol" in e.message for e in events)
        posts = wire.posts()
        assert len(posts) == 3
        # the wrap-up call still carries the tool's result, with tool calling off
        last = posts[-1].body
        assert last["toolConfig"]["functionCallingConfig"]["mode"] == "NONE"
        assert any("functionResponse" in p for c in last["contents"] for p in c["parts"])
        assert len(engine.ledger.rows()) == 3
        assert_shown_cost_is_the_ledgers(engine, answer)


async def test_empty_stop_is_retried_once_then_offline_with_the_reason(wire: WireServer) -> None:
    empty = Reply(chunks=text_chunks("", meta=usage(prompt=300, thoughts=900)))
    wire.script(empty, empty)
    async with engine_for(wire) as engine:
        events = await ask(engine)
        answer = final(events)
        assert answer.source == "offline"
        assert "without any answer text" in (answer.offline_reason or "")
        assert any("asking it once more" in n for n in notices(events))
        rows = engine.ledger.rows()
        assert len(rows) == 2 and all(r["thinking_tokens"] == 900 for r in rows)
        assert answer.cost_usd > 0  # the thinking was paid for, and it is shown
        assert_shown_cost_is_the_ledgers(engine, answer)


async def test_thinking_only_max_tokens_falls_back_with_the_cost_and_the_fix(
    wire: WireServer,
) -> None:
    wire.script(Reply(chunks=text_chunks("", finish="MAX_TOKENS", meta=usage(300, 0, 16384))))
    async with engine_for(wire) as engine:
        answer = final(await ask(engine))
        assert answer.source == "offline"
        reason = answer.offline_reason or ""
        assert "TUTOR_MAX_OUTPUT_TOKENS" in reason and "16384 of them thinking" in reason
        (row,) = engine.ledger.rows()
        assert row["status"] == "max_tokens"
        assert answer.cost_usd == Decimal(300 * 0.75 + 16384 * 3.75).scaleb(-6).quantize(
            Decimal("1e-9")
        )
        assert_shown_cost_is_the_ledgers(engine, answer)


async def test_max_tokens_keeps_the_partial_answer_marked_on_stdout(
    wire: WireServer, capsys: pytest.CaptureFixture[str]
) -> None:
    wire.script(Reply(chunks=text_chunks("The softmax of a vector ", finish="MAX_TOKENS")))
    async with engine_for(wire) as engine:
        events = await ask(engine)
        answer = final(events)
        assert answer.source == "gemini" and answer.partial
        assert answer.text == "The softmax of a vector "
        assert any("raise TUTOR_MAX_OUTPUT_TOKENS" in n for n in notices(events))
        assert answer.for_history == answer.text
        assert_shown_cost_is_the_ledgers(engine, answer)
        import sys

        printer = AnswerPrinter(json_mode=False, stream=sys.stdout)
        for event in events:
            printer.handle(event)
    out = capsys.readouterr().out
    assert "The softmax of a vector" in out and "[partial answer" in out


async def test_safety_is_explained_and_the_partial_text_kept(wire: WireServer) -> None:
    wire.script(Reply(chunks=text_chunks("It begins", finish="SAFETY")))
    async with engine_for(wire) as engine:
        answer = final(await ask(engine))
        assert answer.source == "offline" and "safety filter" in (answer.offline_reason or "")
        assert answer.partial_text == "It begins"
        assert answer.for_history is None  # offline text never goes back as Gemini's words
        assert_shown_cost_is_the_ledgers(engine, answer)
        assert answer.cost_usd > 0


async def test_slow_first_byte_times_out_and_is_recorded_as_an_estimate(
    wire: WireServer,
) -> None:
    wire.script(Reply(chunks=text_chunks("late"), delay_s=3.0))
    async with engine_for(wire, TUTOR_TIMEOUT_S="0.5") as engine:
        answer = final(await ask(engine))
        assert answer.source == "offline" and "did not answer in time" in (
            answer.offline_reason or ""
        )
        (row,) = engine.ledger.rows()
        assert row["estimated"] == 1 and row["cost_nusd"] == row["reserved_nusd"] > 0
        assert answer.cost_estimated
        assert_shown_cost_is_the_ledgers(engine, answer)


async def test_a_stream_dropped_before_usage_is_recorded_as_an_estimate(
    wire: WireServer,
) -> None:
    wire.script(Reply(chunks=text_chunks("Part one. ", "Part two."), drop_after=1))
    async with engine_for(wire) as engine:
        answer = final(await ask(engine))
        assert answer.source == "offline" and answer.partial_text == "Part one. "
        (row,) = engine.ledger.rows()
        assert row["estimated"] == 1 and row["cost_nusd"] > 0
        assert_shown_cost_is_the_ledgers(engine, answer)


async def test_a_cancelled_question_still_leaves_its_row(wire: WireServer) -> None:
    wire.script(Reply(chunks=text_chunks("never seen"), delay_s=2.0))
    async with engine_for(wire) as engine:
        task = asyncio.create_task(ask(engine))
        while not wire.arrived.is_set():
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        (row,) = engine.ledger.rows()
        assert row["state"] == "settled" and row["estimated"] == 1
        assert row["status"].startswith("cancelled")
        assert row["cost_nusd"] == row["reserved_nusd"] > 0


async def test_rounds_are_separated_and_progress_is_shown(wire: WireServer) -> None:
    first = text_chunks("Let me look that up.")
    first[-1]["candidates"][0]["content"]["parts"].append(
        {"functionCall": {"name": "lookup_symbol", "args": {"latex": "\\nabla"}}}
    )
    wire.script(Reply(chunks=first), Reply(chunks=text_chunks("It is the gradient.")))
    async with engine_for(wire) as engine:
        events = await ask(engine, "what is nabla")
        answer = final(events)
        assert answer.text == "Let me look that up.\n\nIt is the gradient."
        assert "".join(e.text for e in events if isinstance(e, TextDelta)) == answer.text
        assert any(isinstance(e, Progress) for e in events)
        # the tool result the model saw is lean: one language only
        response = next(
            p["functionResponse"]["response"]
            for c in wire.posts()[1].body["contents"]
            for p in c["parts"]
            if "functionResponse" in p
        )
        item = response["output"]["items"][0]
        assert isinstance(item["meaning"], str)
        assert sum(isinstance(e, Usage) for e in events) == 2
        assert_shown_cost_is_the_ledgers(engine, answer)


async def test_free_tier_counts_requests_and_waits_instead_of_being_rejected(
    wire: WireServer,
) -> None:
    wire.script(Reply(chunks=text_chunks("ok")))
    sleeps = Sleeps()
    async with engine_for(wire, sleeps, TUTOR_TIER="free") as engine:
        limits = engine.free_limits()
        assert limits is not None and limits.rpm == 10
        for n in range(limits.rpm):
            engine.ledger.record("gemini-3.8-flash", usage_tokens(), Decimal(0), question=f"{n}")
        with pytest.raises(Exception, match="requests a minute"):
            engine.ledger.reserve(
                "gemini-3.8-flash",
                Decimal(0),
                daily_budget=Decimal(1),
                monthly_budget=Decimal(10),
                free=limits,
            )
        summary = engine.spend()
        assert summary.tier == "free" and summary.requests_last_minute == 10
        assert summary.requests_today == 10 and summary.free_rpd == 250


def usage_tokens() -> Any:
    from tutor.usage import TokenUsage

    return TokenUsage(prompt=10, output=5)


async def test_models_command_lists_the_table_and_marks_what_the_key_can_use(
    wire: WireServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    wire.models = [
        {"name": "models/gemini-3.8-flash", "supportedGenerationMethods": ["generateContent"]},
        {"name": "models/gemini-9-secret", "supportedGenerationMethods": ["generateContent"]},
    ]
    monkeypatch.setenv("TUTOR_GEMINI_BASE_URL", wire.url)
    from tutor.cli import main

    assert await asyncio.to_thread(main, ["models"]) == 0
    out = capsys.readouterr().out
    assert "gemini-3.8-flash" in out and "default" in out
    assert "gemini-9-secret" in out and "unknown" in out
    assert "gemini-2.0-flash" in out and "retired" in out
    assert "checked 2026-11-26" in out


@pytest.fixture(autouse=True)
def _collect_garbage() -> Iterator[None]:
    """Unclosed sockets show up here, in the test that leaked them."""
    yield
    import gc

    gc.collect()


class Clock:
    """A clock that the injected sleep moves forward."""

    def __init__(self) -> None:
        self.now = NOW
        self.delays: list[float] = []

    def __call__(self) -> datetime:
        return self.now

    async def sleep(self, delay: float) -> None:
        from datetime import timedelta

        self.delays.append(delay)
        self.now += timedelta(seconds=delay)


async def test_free_tier_waits_for_a_minute_slot_then_answers(wire: WireServer) -> None:
    wire.script(Reply(chunks=text_chunks("ok")))
    clock = Clock()
    settings = load_settings(TUTOR_GEMINI_BASE_URL=wire.url, TUTOR_TIER="free")
    async with Engine(settings, sleep=clock.sleep, clock=clock, zone=UTC) as engine:
        for n in range(10):  # gemini-3.8-flash: 10 requests a minute on the free tier
            engine.ledger.record("gemini-3.8-flash", usage_tokens(), Decimal(0), question=f"{n}")
        events = await ask(engine)
        answer = final(events)
        assert answer.source == "gemini" and answer.cost_usd == 0
        assert any("free tier: 10 requests a minute; waiting" in n for n in notices(events))
        assert len(clock.delays) == 1 and 0 < clock.delays[0] <= 60
        assert len(wire.posts()) == 1  # no request was spent on a refusal
        assert engine.spend().requests_today == 11


async def test_free_tier_day_used_up_answers_offline_without_calling(wire: WireServer) -> None:
    async with engine_for(wire, TUTOR_TIER="free", TUTOR_MODEL="gemini-3.5-flash-lite") as engine:
        limits = engine.free_limits()
        assert limits is not None
        with engine.ledger._write() as db:  # a day's worth of requests, in one transaction
            for n in range(limits.rpd):
                engine.ledger._insert(
                    db,
                    model="gemini-3.5-flash-lite",
                    usage=usage_tokens(),
                    nusd=0,
                    purpose="ask",
                    status="ok",
                    state="settled",
                    question=f"{n}",
                )
        answer = final(await ask(engine))
        assert answer.source == "offline" and "requests used today" in (answer.offline_reason or "")
        assert wire.posts() == []


async def test_a_structured_call_is_reserved_settled_and_costed_by_its_model(
    wire: WireServer,
) -> None:
    from pydantic import BaseModel

    class Sum(BaseModel):
        total: int

    wire.script(Reply(chunks=text_chunks('{"total": 5}', model="gemini-3.5-flash-lite")))
    async with engine_for(wire) as engine:
        value, reason = await engine.structured("2+3", Sum, system="add", purpose="note")
        assert reason is None and value == Sum(total=5)
        (row,) = engine.ledger.rows()
        assert row["purpose"] == "note" and row["model"] == "gemini-3.5-flash-lite"
        assert row["state"] == "settled" and row["cost_nusd"] > 0
        (seen,) = wire.posts()
        assert seen.path.endswith("gemini-3.8-flash:generateContent")


async def test_an_invalid_key_for_the_models_endpoint_is_one_line(
    wire: WireServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TUTOR_GEMINI_BASE_URL", wire.url)
    from tutor.cli import main

    wire.models_error = (400, API_KEY_INVALID)
    assert await asyncio.to_thread(main, ["models"]) == 0
    out = capsys.readouterr().out
    assert "gemini-3.8-flash" in out  # the table is still listed
    assert "could not ask Gemini which models this key can use" in out
    assert "check GEMINI_API_KEY" in out and FAKE_KEY not in out


def test_tool_results_the_model_sees_are_lean_and_capped() -> None:
    from tutor.engine import MAX_TOOL_RESULT_CHARS, lean_tool_result

    papers = [
        {
            "id": f"1706.0{i}",
            "title": "Attention  Is\nAll You Need",
            "authors": ["A. Vaswani", "N. Shazeer"],
            "published": "2017-06-12T00:00:00Z",
            "abstract": "x" * 3000,
        }
        for i in range(10)
    ]
    lean = lean_tool_result("search_arxiv", {"query": "q", "total": 10, "papers": papers}, "en")
    assert lean["papers"][0] == {
        "id": "1706.00",
        "title": "Attention Is All You Need",
        "first_author": "A. Vaswani",
        "year": "2017",
    }
    symbol = {"items": [{"latex": "\\nabla", "read": {"en": "nabla", "ja": "ナブラ"}}]}
    assert lean_tool_result("lookup_symbol", symbol, "ja")["items"][0]["read"] == "ナブラ"
    huge = lean_tool_result("run_numpy", {"stdout": "y" * 50_000}, "en")
    assert len(str(huge)) < MAX_TOOL_RESULT_CHARS + 200 and "truncated" in huge


def test_the_key_is_redacted_in_every_encoding() -> None:
    from urllib.parse import quote

    from tutor.gemini import redact

    secret = "k/ey+with=odd&chars"
    text = f"raw {secret} url {quote(secret, safe='')} json {secret!r}"
    assert secret not in redact(text, secret)
    assert quote(secret, safe="") not in redact(text, secret)


def test_the_summary_reads_bounded_roll_ups_not_the_calls(tmp_path: Any) -> None:
    from tutor.spend import Ledger

    ledger = Ledger(tmp_path / "l.sqlite3", clock=lambda: NOW, zone=UTC)
    plan = ledger._db.execute(
        "EXPLAIN QUERY PLAN SELECT model, SUM(cost_nusd) FROM spend_buckets"
        " WHERE bucket >= 1 AND bucket <= 2 GROUP BY model"
    ).fetchall()
    assert any("SEARCH spend_buckets" in str(row[-1]) for row in plan)
    ledger.close()
