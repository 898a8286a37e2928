"""The engine's Gemini path end to end, mocked at the HTTP layer with respx."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
import respx
from pydantic import BaseModel

from tests.conftest import FAKE_KEY
from tests.gemini_fakes import (
    STREAM_URL,
    chunk,
    error_response,
    function_call_stream,
    sent_json,
    sse,
    sse_response,
    text_stream,
    usage,
)
from tutor.config import load_settings
from tutor.engine import Engine
from tutor.events import FinalAnswer, Notice, TextDelta, ToolCall, ToolResult, Usage
from tutor.tools.registry import Tool


class Sum(BaseModel):
    total: int


def add_numbers(a: int, b: int) -> Sum:
    """Add two integers exactly."""
    return Sum(total=a + b)


class Sleeps:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # gemini-3.8-flash at its promotional price


def make_engine(sleeps: Sleeps | None = None, **overrides: Any) -> Engine:
    engine = Engine(
        load_settings(**overrides), sleep=sleeps or Sleeps(), clock=lambda: NOW, zone=UTC
    )
    engine.__dict__["tools"] = {"add_numbers": Tool("add_numbers", add_numbers)}
    return engine


async def collect(engine: Engine, question: str, **kwargs: Any) -> list[Any]:
    return [event async for event in engine.ask(question, **kwargs)]


def final(events: list[Any]) -> FinalAnswer:
    answers = [e for e in events if isinstance(e, FinalAnswer)]
    assert len(answers) == 1
    assert events[-1] is answers[0]
    return answers[0]


@respx.mock
async def test_streamed_answer_costs_and_is_recorded(with_key: str) -> None:
    route = respx.post(STREAM_URL).mock(
        return_value=sse_response(
            text_stream(
                "Softmax ",
                "subtracts the max ",
                "to avoid overflow.",
                meta=usage(prompt=1000, output=200, thoughts=100, cached=400),
            )
        )
    )
    engine = make_engine()
    events = await collect(engine, "Why does softmax subtract the max?")

    deltas = [e.text for e in events if isinstance(e, TextDelta)]
    assert deltas == ["Softmax ", "subtracts the max ", "to avoid overflow."]
    answer = final(events)
    assert answer.source == "gemini"
    assert answer.text == "Softmax subtracts the max to avoid overflow."
    # gemini-3.8-flash until 2026-12-31: 600 fresh × 0.75 + 400 cached × 0.075
    # + (200 + 100) × 3.75, per 1M
    expected = (
        Decimal(600) * Decimal("0.75")
        + Decimal(400) * Decimal("0.075")
        + Decimal(300) * Decimal("3.75")
    ) / Decimal(1_000_000)
    assert answer.cost_usd == expected
    assert answer.tokens.thinking == 100 and answer.tokens.cached == 400

    rows = engine.ledger.rows()
    assert len(rows) == 1
    assert (
        rows[0]["prompt_tokens"],
        rows[0]["output_tokens"],
        rows[0]["thinking_tokens"],
        rows[0]["cached_tokens"],
    ) == (1000, 200, 100, 400)
    assert engine.ledger.total() == expected

    request = route.calls[0].request
    assert request.url.params["alt"] == "sse"
    assert request.headers["x-goog-api-key"] == FAKE_KEY
    body = sent_json(route.calls[0])
    assert "tutor" in body["systemInstruction"]["parts"][0]["text"]
    declared = body["tools"][0]["functionDeclarations"]
    assert declared[0]["name"] == "add_numbers"
    assert declared[0]["description"] == "Add two integers exactly."
    schema = declared[0].get("parametersJsonSchema") or declared[0]["parameters_json_schema"]
    assert schema["required"] == ["a", "b"]
    assert schema["properties"]["a"]["type"] == "integer"
    assert body["contents"] == [
        {"parts": [{"text": "Why does softmax subtract the max?"}], "role": "user"}
    ]


@respx.mock
async def test_two_round_tool_conversation(with_key: str) -> None:
    route = respx.post(STREAM_URL).mock(
        side_effect=[
            sse_response(function_call_stream("add_numbers", {"a": 2, "b": 40}, call_id="c1")),
            sse_response(text_stream("The sum is ", "42.")),
        ]
    )
    engine = make_engine()
    events = await collect(engine, "add 2 and 40")

    calls = [e for e in events if isinstance(e, ToolCall)]
    results = [e for e in events if isinstance(e, ToolResult)]
    assert calls == [ToolCall("add_numbers", {"a": 2, "b": 40}, "c1")]
    assert results[0].result == {"total": 42} and results[0].error is None
    assert final(events).text == "The sum is 42."
    assert len([e for e in events if isinstance(e, Usage)]) == 2
    assert len(engine.ledger.rows()) == 2

    second = sent_json(route.calls[1])
    contents = second["contents"]
    assert [c["role"] for c in contents] == ["user", "model", "user"]
    echoed = contents[1]["parts"][0]
    assert echoed["functionCall"] == {"id": "c1", "name": "add_numbers", "args": {"a": 2, "b": 40}}
    assert echoed["thoughtSignature"] == "CiQBdGhvdWdodC1zaWduYXR1cmUtYnl0ZXM="
    response = contents[2]["parts"][0]["functionResponse"]
    assert response == {"id": "c1", "name": "add_numbers", "response": {"output": {"total": 42}}}
    assert "systemInstruction" in second and "tools" in second


@respx.mock
@pytest.mark.parametrize(
    ("name", "args", "error_part"),
    [
        ("drop_database", {}, "unknown tool 'drop_database'"),
        ("add_numbers", {"a": "two", "b": 1}, "invalid argument a"),
    ],
)
async def test_bad_function_call_is_reported_back_to_the_model(
    with_key: str, name: str, args: dict[str, Any], error_part: str
) -> None:
    route = respx.post(STREAM_URL).mock(
        side_effect=[
            sse_response(function_call_stream(name, args)),
            sse_response(text_stream("Sorry, that tool failed.")),
        ]
    )
    events = await collect(make_engine(), "do it")
    result = next(e for e in events if isinstance(e, ToolResult))
    assert result.result is None and error_part in (result.error or "")
    returned = sent_json(route.calls[1])["contents"][2]["parts"][0]["functionResponse"]
    assert error_part in returned["response"]["error"]
    assert final(events).source == "gemini"


@respx.mock
async def test_tool_rounds_are_bounded(with_key: str) -> None:
    route = respx.post(STREAM_URL).mock(
        side_effect=[
            sse_response(function_call_stream("add_numbers", {"a": 1, "b": 1})),
            sse_response(function_call_stream("add_numbers", {"a": 1, "b": 1})),
            sse_response(text_stream("done")),
        ]
    )
    events = await collect(make_engine(TUTOR_MAX_TOOL_ROUNDS=3), "loop forever")
    assert route.call_count == 3
    last = sent_json(route.calls[2])
    assert last["toolConfig"]["functionCallingConfig"]["mode"] == "NONE"
    assert final(events).text == "done"


def dropped_stream() -> httpx.Response:
    class Broken(httpx.AsyncByteStream):
        async def __aiter__(self):  # type: ignore[override]
            yield sse([chunk([{"text": "Half an ans"}])]).encode()
            raise httpx.RemoteProtocolError("peer closed connection")

    return httpx.Response(200, stream=Broken(), headers={"content-type": "text/event-stream"})


FAULTS = [
    (
        "400",
        lambda: error_response(400, "INVALID_ARGUMENT", "Request contains an invalid argument."),
        "rejected the request (400)",
        1,
    ),
    (
        "401",
        lambda: error_response(401, "UNAUTHENTICATED", "API key not valid."),
        "refused the API key (401 UNAUTHENTICATED)",
        1,
    ),
    (
        "403",
        lambda: error_response(403, "PERMISSION_DENIED", "Permission denied."),
        "refused the API key (403 PERMISSION_DENIED)",
        1,
    ),
    (
        "429",
        lambda: error_response(429, "RESOURCE_EXHAUSTED", "Quota exceeded.", {"Retry-After": "7"}),
        "rate limit",
        4,
    ),
    ("500", lambda: error_response(500, "INTERNAL", "Internal error."), "server error (500)", 4),
    (
        "503",
        lambda: error_response(503, "UNAVAILABLE", "The model is overloaded."),
        "server error (503)",
        4,
    ),
    (
        "malformed",
        lambda: httpx.Response(
            200, text="data: {not json\r\n\r\n", headers={"content-type": "text/event-stream"}
        ),
        "malformed response",
        1,
    ),
    (
        "no candidates",
        lambda: sse_response(
            [
                {
                    "promptFeedback": {"blockReason": "PROHIBITED_CONTENT"},
                    "usageMetadata": usage(prompt=12),
                    "modelVersion": "gemini-2.5-flash",
                }
            ]
        ),
        "no candidates (prompt blocked: PROHIBITED_CONTENT)",
        1,
    ),
    (
        "safety",
        lambda: sse_response(text_stream("I can", finish="SAFETY")),
        "finishReason SAFETY",
        1,
    ),
    ("dropped", dropped_stream, "network error talking to Gemini (RemoteProtocolError)", 1),
]


OFFLINE_CODES = {
    "400": {"gemini_error"},
    "401": {"auth"},
    "403": {"auth"},
    "malformed": {"gemini_error"},
    "429": {"rate_limited", "quota_day"},
    "500": {"server_error"},
    "503": {"server_error"},
    "no candidates": {"blocked", "empty_answer", "gemini_error"},
    "safety": {"blocked"},
    "dropped": {"network"},
}


@respx.mock
@pytest.mark.parametrize(
    ("label", "make_response", "message", "calls"), FAULTS, ids=[f[0] for f in FAULTS]
)
async def test_faults_fall_back_offline_with_a_clear_message(
    with_key: str, label: str, make_response: Any, message: str, calls: int
) -> None:
    route = respx.post(STREAM_URL).mock(side_effect=lambda request: make_response())
    sleeps = Sleeps()
    engine = make_engine(sleeps)
    events = await collect(engine, "explain softmax")

    answer = final(events)
    assert answer.source == "offline"
    assert message in (answer.offline_reason or "")
    assert FAKE_KEY not in (answer.offline_reason or "")
    assert answer.offline_code in OFFLINE_CODES[label]
    assert not any(isinstance(e, Notice) and e.message.startswith("offline") for e in events)
    assert answer.text  # the offline explainer still answered
    assert route.call_count == calls
    # one ledger row per attempt, and money only for what came back with usage
    rows = engine.ledger.rows()
    assert len(rows) == calls
    if label in ("429", "500", "503"):
        assert len(sleeps.delays) == calls - 1
    if label == "429":
        assert sleeps.delays == [7.0, 7.0, 7.0]
    if label in ("safety", "max tokens", "dropped"):
        assert answer.partial_text
    assert engine.cache.stats().entries == 0


@respx.mock
async def test_timeout_falls_back_offline(with_key: str) -> None:
    respx.post(STREAM_URL).mock(side_effect=httpx.ReadTimeout("timed out"))
    answer = final(await collect(make_engine(), "explain softmax"))
    assert answer.source == "offline"
    assert "did not answer in time" in (answer.offline_reason or "")


@respx.mock
async def test_retry_after_then_success(with_key: str) -> None:
    respx.post(STREAM_URL).mock(
        side_effect=[
            error_response(429, "RESOURCE_EXHAUSTED", "Quota exceeded.", {"Retry-After": "2"}),
            sse_response(text_stream("ok")),
        ]
    )
    sleeps = Sleeps()
    engine = make_engine(sleeps)
    answer = final(await collect(engine, "hello"))
    assert answer.source == "gemini" and answer.text == "ok"
    assert sleeps.delays == [2.0]
    assert [r["status"] for r in engine.ledger.rows()] == ["failed: GeminiRateLimited", "ok"]


@respx.mock
async def test_second_ask_hits_the_cache_for_free(with_key: str) -> None:
    route = respx.post(STREAM_URL).mock(return_value=sse_response(text_stream("cached words")))
    engine = make_engine()
    first = final(await collect(engine, "What is  a Jacobian?"))
    second = final(await collect(engine, "what is a jacobian?"))
    assert route.call_count == 1
    assert first.source == "gemini" and first.cost_usd > 0
    assert second.source == "cache" and second.cost_usd == 0
    assert second.text == "cached words"
    assert len(engine.ledger.rows()) == 1
    assert engine.session_cache_hits == 1
    third = final(await collect(engine, "what is a jacobian?", use_cache=False))
    assert third.source == "gemini" and route.call_count == 2


@respx.mock
async def test_cache_key_changes_with_model_and_language(with_key: str) -> None:
    route = respx.post(url__regex=r".*:streamGenerateContent").mock(
        side_effect=lambda request: sse_response(text_stream("x"))
    )
    await collect(make_engine(), "q")
    await collect(make_engine(TUTOR_LANG="ja"), "q")
    await collect(make_engine(TUTOR_MODEL="gemini-2.5-pro"), "q")
    assert route.call_count == 3


@respx.mock
async def test_budget_blocks_the_call_before_it_is_sent(with_key: str) -> None:
    route = respx.post(STREAM_URL).mock(return_value=sse_response(text_stream("never")))
    engine = make_engine(TUTOR_DAILY_BUDGET_USD="0.001")
    answer = final(await collect(engine, "explain attention"))
    assert route.call_count == 0
    assert answer.source == "offline"
    assert "over budget" in (answer.offline_reason or "")
    assert "TUTOR_DAILY_BUDGET_USD" in (answer.offline_reason or "")
    assert engine.ledger.rows() == []


@respx.mock
async def test_budget_checked_before_every_round(with_key: str) -> None:
    """The first round spends the budget; the tool round after it is never sent."""
    big = usage(prompt=1000, output=39000)  # ≈ $0.0978 on flash
    route = respx.post(STREAM_URL).mock(
        side_effect=[
            sse_response(
                [
                    chunk(
                        [{"functionCall": {"name": "add_numbers", "args": {"a": 1, "b": 2}}}],
                        finish="STOP",
                        usage_metadata=big,
                    )
                ]
            ),
            sse_response(text_stream("never sent")),
        ]
    )
    engine = make_engine(TUTOR_DAILY_BUDGET_USD="0.10", TUTOR_MAX_OUTPUT_TOKENS="1024")
    answer = final(await collect(engine, "add"))
    assert route.call_count == 1
    assert answer.source == "offline" and "over budget" in (answer.offline_reason or "")
    assert engine.spend().today == engine.ledger.total()


async def test_no_key_answers_offline_with_a_note() -> None:
    with respx.mock:
        events = await collect(make_engine(), "what is softmax?")
    answer = final(events)
    assert answer.source == "offline" and answer.offline_reason == "no API key"
    assert answer.offline_code == "no_key"
    assert not any(isinstance(e, Notice) for e in events)  # the reason is on the answer only


async def test_key_never_reaches_cache_or_ledger(with_key: str) -> None:
    with respx.mock:
        respx.post(STREAM_URL).mock(return_value=sse_response(text_stream("fine")))
        engine = make_engine()
        await collect(engine, "q")
        engine.close()
    home = engine.settings.data_dir
    for path in home.rglob("*"):
        if path.is_file():
            assert FAKE_KEY.encode() not in path.read_bytes(), path
    assert FAKE_KEY not in json.dumps(engine.settings.redacted())


class FullDisk:
    """A sqlite3 connection whose writes fail as on a full disk."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def execute(self, sql: str, *args: Any) -> Any:
        if sql.lstrip().upper().startswith(("INSERT", "BEGIN")):
            import sqlite3

            raise sqlite3.OperationalError("database or disk is full")
        return self.real.execute(sql, *args)


@respx.mock
async def test_a_full_disk_under_the_ledger_is_one_clear_error(with_key: str) -> None:
    from tutor.errors import StorageError

    respx.post(STREAM_URL).mock(return_value=sse_response(text_stream("some ", "answer")))
    engine = make_engine()
    engine.ledger._db = FullDisk(engine.ledger._db)  # type: ignore[assignment]
    with pytest.raises(StorageError) as info:
        await collect(engine, "q")
    message = str(info.value)
    assert "cannot write the spend ledger" in message and "disk is full" in message
    assert "\n" not in message and FAKE_KEY not in message


@respx.mock
async def test_an_answer_that_cannot_be_cached_is_still_answered(with_key: str) -> None:
    respx.post(STREAM_URL).mock(return_value=sse_response(text_stream("kept")))
    engine = make_engine()

    def broken_put(key: str, answer: FinalAnswer) -> None:
        raise OSError(28, "No space left on device")

    engine.cache.put = broken_put  # type: ignore[method-assign]
    events = await collect(engine, "q")
    assert final(events).text == "kept"
    assert any(isinstance(e, Notice) and "answer not cached" in e.message for e in events)


@respx.mock
async def test_follow_ups_carry_the_conversation_and_key_the_cache(with_key: str) -> None:
    route = respx.post(STREAM_URL).mock(
        side_effect=lambda request: sse_response(text_stream("answer"))
    )
    engine = make_engine()
    history = [("user", "what is softmax?"), ("assistant", "It normalises exp(z).")]
    await collect(engine, "and why subtract the max?", history=history)
    contents = sent_json(route.calls[0])["contents"]
    assert [c["role"] for c in contents] == ["user", "model", "user"]
    assert contents[1]["parts"][0]["text"] == "It normalises exp(z)."
    # the same words in another conversation are another question
    await collect(engine, "and why subtract the max?")
    assert route.call_count == 2
    await collect(engine, "and why subtract the max?", history=history)
    assert route.call_count == 2  # same context: from the cache


def test_recent_history_keeps_the_newest_turns_that_fit() -> None:
    from tutor.engine import MAX_HISTORY_CHARS, recent_history

    long = "x" * (MAX_HISTORY_CHARS // 2)
    turns = [
        ("user", "q1"),
        ("assistant", long),
        ("user", "q2"),
        ("assistant", long),
        ("user", "q3"),
        ("assistant", "short"),
    ]
    kept = recent_history(turns)
    assert kept[0][0] == "user" and kept[-1] == ("assistant", "short")
    assert sum(len(t) for _, t in kept) <= MAX_HISTORY_CHARS


@respx.mock
async def test_an_unpriced_model_is_charged_the_fallback_and_says_so(with_key: str) -> None:
    chunks = text_stream("hi", meta=usage(prompt=1000, output=1000))
    for c in chunks:
        c["modelVersion"] = "gemini-9-ultra"
    respx.post(url__regex=r".*gemini-9-ultra:streamGenerateContent").mock(
        return_value=sse_response(chunks)
    )
    engine = make_engine(TUTOR_MODEL="gemini-9-ultra")
    events = await collect(engine, "q")
    assert any(
        isinstance(e, Notice) and "gemini-9-ultra is not in tutor's model table" in e.message
        for e in events
    )
    fallback = engine.prices.unknown_model
    assert final(events).cost_usd == (1000 * fallback.input + 1000 * fallback.output) / 10**6


@respx.mock
async def test_retry_info_in_the_error_body_is_honoured(with_key: str) -> None:
    quota = httpx.Response(
        429,
        json={
            "error": {
                "code": 429,
                "status": "RESOURCE_EXHAUSTED",
                "message": "You exceeded your current quota.",
                "details": [
                    {"@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": []},
                    {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "12s"},
                ],
            }
        },
    )
    respx.post(STREAM_URL).mock(side_effect=[quota, sse_response(text_stream("ok"))])
    sleeps = Sleeps()
    answer = final(await collect(make_engine(sleeps), "q"))
    assert answer.source == "gemini" and sleeps.delays == [12.0]


@respx.mock
async def test_thinking_budget_is_sent_only_when_set(with_key: str) -> None:
    route = respx.post(STREAM_URL).mock(side_effect=lambda request: sse_response(text_stream("ok")))
    await collect(make_engine(), "q1")
    await collect(make_engine(TUTOR_THINKING_BUDGET="512"), "q2")
    await collect(make_engine(TUTOR_THINKING_LEVEL="minimal"), "q3")
    first, second, third = (sent_json(call)["generationConfig"] for call in route.calls)
    assert "thinkingConfig" not in first
    # the cap leaves room for the answer on top of the thinking allowance
    assert first["maxOutputTokens"] == 8192 + 8192
    # gemini-3.8-flash takes a level, not a budget: 512 tokens is its lowest level
    assert second["thinkingConfig"] in ({"thinkingLevel": "LOW"}, {"thinking_level": "LOW"})
    assert second["maxOutputTokens"] == 8192 + 4096
    # it has no "minimal" level: the nearest one it takes is sent
    assert third["thinkingConfig"] in ({"thinkingLevel": "LOW"}, {"thinking_level": "LOW"})


@respx.mock
@pytest.mark.parametrize(
    ("model", "budget", "sent"),
    [
        ("gemini-2.5-flash-lite", "0", {"thinkingBudget": 0}),
        ("gemini-2.5-pro", "0", {"thinkingBudget": 128}),  # cannot turn thinking off
        ("gemini-2.5-flash", "100000", {"thinkingBudget": 24576}),
    ],
)
async def test_thinking_budget_models_get_a_budget_they_accept(
    with_key: str, model: str, budget: str, sent: dict[str, int]
) -> None:
    route = respx.post(url__regex=rf".*/{model}:streamGenerateContent").mock(
        side_effect=lambda request: sse_response(text_stream("ok"))
    )
    await collect(make_engine(TUTOR_MODEL=model, TUTOR_THINKING_BUDGET=budget), "q")
    config = sent_json(route.calls[0])["generationConfig"]["thinkingConfig"]
    assert config in (sent, {"thinking_budget": next(iter(sent.values()))})


@respx.mock
async def test_no_network_answers_offline_fast_and_remembers_for_a_minute(with_key: str) -> None:
    route = respx.post(STREAM_URL).mock(side_effect=httpx.ConnectError("no route to host"))
    sleeps = Sleeps()
    engine = make_engine(sleeps)
    first = final(await collect(engine, "q1"))
    assert first.source == "offline" and "network error" in (first.offline_reason or "")
    assert route.call_count == 2 and sleeps.delays == [0.5]  # one quick retry, not a backoff
    assert engine.ledger.rows() == []  # nothing reached Gemini, so nothing to bill
    second = final(await collect(engine, "q2"))
    assert route.call_count == 2  # not tried again straight away
    assert "network unreachable" in (second.offline_reason or "")
    engine._network_down_since = -1e9  # a minute later (monotonic clock far in the past)
    await collect(engine, "q3")
    assert route.call_count == 4


@respx.mock
async def test_cost_follows_the_model_the_response_names(with_key: str) -> None:
    """gemini-2.5-flash is routed to gemini-3.5-flash-lite after its shutdown: the call
    is billed at the model that answered, and the learner is told once."""
    chunks = text_stream("hi", meta=usage(prompt=1000, output=1000))
    for c in chunks:
        c["modelVersion"] = "gemini-3.5-flash-lite-001"
    respx.post(url__regex=r".*gemini-2.5-flash:streamGenerateContent").mock(
        return_value=sse_response(chunks)
    )
    engine = make_engine(TUTOR_MODEL="gemini-2.5-flash")
    events = await collect(engine, "q")
    notices = [e.message for e in events if isinstance(e, Notice)]
    assert any("gemini-2.5-flash is deprecated and shuts down on 2026-12-01" in n for n in notices)
    answer = final(events)
    assert answer.cost_usd == (1000 * Decimal("0.30") + 1000 * Decimal("2.50")) / 10**6
    (row,) = engine.ledger.rows()
    assert row["model"] == "gemini-3.5-flash-lite"
