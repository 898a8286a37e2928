"""The Gemini adapter: client factory, streaming, retries, our own bounded tool loop.

The only module that imports google-genai. It never touches the ledger: before each
request it asks the engine to reserve the worst case (`reserve`), and it reports every
request's end as a `CallEnded` event that the engine settles. The SDK's own retries are
off; we retry 429 and 5xx before the first chunk arrives, honouring Retry-After and
RetryInfo, so every attempt is seen (and recorded) here.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import httpx
from pydantic import BaseModel

from tutor.config import Settings
from tutor.errors import (
    FreeTierLimit,
    GeminiAuthError,
    GeminiBlocked,
    GeminiEmptyAnswer,
    GeminiError,
    GeminiModelError,
    GeminiNetworkError,
    GeminiProtocolError,
    GeminiQuotaExhausted,
    GeminiRateLimited,
    GeminiRequestError,
    GeminiServerError,
    GeminiTimeout,
)
from tutor.events import Event, Notice, Progress, TextDelta, ToolCall, ToolResult
from tutor.retry import backoff_delay, retry_after_seconds, retry_info_seconds
from tutor.spend import ModelInfo, PriceTable, TokenUsage, estimate_cost

if TYPE_CHECKING:
    from google import genai
    from google.genai import types

RETRYABLE = {429, 500, 502, 503, 504}
# no connection at all usually means no network: one quick retry, then offline
CONNECT_RETRIES = 1
CONNECT_RETRY_DELAY_S = 0.5
MAX_FREE_TIER_WAIT_S = 65.0

# thinking tokens allowed on top of the answer cap, per level (the cap includes thinking)
LEVEL_ALLOWANCE = {"minimal": 1024, "low": 4096, "medium": 8192, "high": 16384}
LEVEL_ORDER = ["minimal", "low", "medium", "high"]
DEFAULT_THINKING_ALLOWANCE = 8192

BLOCKED_REASONS = {
    "SAFETY": "Gemini's safety filter stopped the answer",
    "RECITATION": "Gemini stopped because the answer was repeating a source word for word",
    "BLOCKLIST": "Gemini stopped the answer on a blocked term",
    "PROHIBITED_CONTENT": "Gemini stopped the answer as prohibited content",
    "SPII": "Gemini stopped because the answer contained personal data",
    "LANGUAGE": "Gemini stopped because the answer's language is not supported",
    "OTHER": "Gemini stopped the answer for an unstated reason",
}

Turn = tuple[str, str]  # ("user" | "assistant", text)
ToolRunner = Callable[[str, dict[str, Any]], Awaitable[dict[str, Any]]]
Reserve = Callable[[Decimal], int]  # reserves the worst case; raises BudgetExceeded


@dataclass(frozen=True)
class CallEnded:
    """One request is over: the engine settles its reservation from this."""

    reservation: int
    model_version: str | None
    tokens: TokenUsage
    status: str
    estimated: bool = False  # reached Google but the tokens are unknown
    reached: bool = True  # False: it never left this machine (no charge, no row)


@dataclass(frozen=True)
class StructuredResult:
    value: BaseModel


@dataclass(frozen=True)
class AnswerDone:
    """The tool loop's result: the whole answer, and whether it was cut short."""

    text: str
    partial: bool = False


@dataclass
class RoundResult:
    model_parts: list[types.Part]
    function_calls: list[types.FunctionCall]
    text: str
    finish: str | None
    usage: TokenUsage = field(default_factory=TokenUsage)


AdapterEvent = Event | CallEnded | RoundResult | StructuredResult | AnswerDone


def make_client(
    settings: Settings,
    *,
    http_client: httpx.Client | None = None,
    async_http_client: httpx.AsyncClient | None = None,
) -> genai.Client:
    """The one place a genai client is built: our httpx clients, explicit version, timeout."""
    from google import genai
    from google.genai import types

    if settings.api_key is None:
        raise GeminiAuthError("no API key: set GEMINI_API_KEY (or GOOGLE_API_KEY)")
    timeout = httpx.Timeout(settings.timeout_s, connect=min(settings.timeout_s, 10.0))
    options = types.HttpOptions(
        api_version=settings.api_version,
        base_url=settings.gemini_base_url,
        timeout=int(settings.timeout_s * 1000),
        retry_options=types.HttpRetryOptions(attempts=1),
        httpx_client=http_client or httpx.Client(timeout=timeout),
        httpx_async_client=async_http_client or httpx.AsyncClient(timeout=timeout),
    )
    return genai.Client(api_key=settings.api_key.get_secret_value(), http_options=options)


def usage_from(metadata: Any) -> TokenUsage:
    """Token counts from a `usageMetadata` object (missing fields count as zero)."""
    if metadata is None:
        return TokenUsage()
    return TokenUsage(
        prompt=metadata.prompt_token_count or 0,
        output=metadata.candidates_token_count or 0,
        thinking=metadata.thoughts_token_count or 0,
        cached=metadata.cached_content_token_count or 0,
        tool_use=metadata.tool_use_prompt_token_count or 0,
    )


def redact(text: str, secret: str | None) -> str:
    """The key removed in every form tutor might print: raw, URL-encoded, JSON-escaped."""
    if not secret:
        return text
    from urllib.parse import quote, quote_plus

    for form in {secret, quote(secret, safe=""), quote_plus(secret), json.dumps(secret)[1:-1]}:
        text = text.replace(form, "***")
    return text


def _error_details(exc: Any) -> list[dict[str, Any]]:
    details = getattr(exc, "details", None)
    error = details.get("error", details) if isinstance(details, dict) else None
    items = error.get("details", []) if isinstance(error, dict) else []
    return [item for item in items if isinstance(item, dict)]


def _reasons(exc: Any) -> set[str]:
    return {str(d.get("reason")) for d in _error_details(exc) if d.get("reason")}


def _quota_ids(exc: Any) -> list[str]:
    ids = []
    for item in _error_details(exc):
        for violation in item.get("violations", []) or []:
            if isinstance(violation, dict) and violation.get("quotaId"):
                ids.append(str(violation["quotaId"]))
    return ids


def next_pacific_midnight(now: datetime | None = None) -> datetime:
    """When Google's per-day quotas reset (midnight Pacific), as an aware UTC time."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("America/Los_Angeles")
    local = (now or datetime.now(UTC)).astimezone(zone)
    midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), zone)
    return midnight.astimezone(UTC)


def map_api_error(
    exc: Exception, *, secret: str | None, partial: str = "", model: str = ""
) -> GeminiError:
    """Turn an SDK or transport exception into one typed, one-line, key-free error that
    keeps Google's whole message (quota name, retry time)."""
    from google.genai import errors

    if isinstance(exc, errors.APIError):
        code = exc.code or 0
        status = exc.status or ""
        detail = redact(" ".join(str(exc.message or status).split()), secret)
        quotas = _quota_ids(exc)
        if quotas:
            detail += f" [quota: {', '.join(quotas)}]"
        reasons = _reasons(exc)
        if "API_KEY_INVALID" in reasons or code == 401 or status == "PERMISSION_DENIED":
            return GeminiAuthError(
                f"Gemini refused the API key ({code} {status}): {detail} — check GEMINI_API_KEY "
                "(or GOOGLE_API_KEY, which wins when both are set); no more calls are made "
                "until the key changes",
                partial_text=partial,
            )
        if code == 429 and any("PerDay" in q for q in quotas):
            reset = next_pacific_midnight().astimezone()
            return GeminiQuotaExhausted(
                f"Gemini's daily quota is used up (429): {detail}; it resets at "
                f"{reset:%Y-%m-%d %H:%M %Z}",
                partial_text=partial,
            )
        if code == 429:
            return GeminiRateLimited(f"Gemini rate limit (429): {detail}", partial_text=partial)
        if code == 404 and model:
            return GeminiModelError(
                f"Gemini does not serve {model} (404): {detail} — set TUTOR_MODEL to a current "
                "model (`tutor models` lists them)",
                partial_text=partial,
            )
        if code >= 500:
            return GeminiServerError(
                f"Gemini server error ({code}): {detail}", partial_text=partial
            )
        return GeminiRequestError(
            f"Gemini rejected the request ({code}): {detail}", partial_text=partial
        )
    if isinstance(exc, httpx.TimeoutException):
        return GeminiTimeout(
            "Gemini did not answer in time (raise TUTOR_TIMEOUT_S)", partial_text=partial
        )
    if isinstance(exc, httpx.TransportError):
        kind = type(exc).__name__
        return GeminiNetworkError(f"network error talking to Gemini ({kind})", partial_text=partial)
    if isinstance(exc, ValueError | errors.UnknownApiResponseError):
        # bad JSON, or JSON that does not validate as a response (pydantic: a ValueError)
        return GeminiProtocolError(
            "Gemini sent a malformed response (invalid JSON or an unexpected shape)",
            partial_text=partial,
        )
    return GeminiError(f"Gemini call failed ({type(exc).__name__})", partial_text=partial)


def retry_delay(exc: Exception, error: GeminiError, attempt: int, attempts: int) -> float | None:
    """Seconds to wait before trying again, or None when this failure is final.

    429 and 5xx are retried, waiting as long as the server asks (else backing off); a
    failed connection gets one quick retry, since it usually means there is no network.
    A refused key or a used-up daily quota is never retried.
    """
    if isinstance(error, GeminiAuthError | GeminiQuotaExhausted | GeminiModelError):
        return None
    network = isinstance(error, GeminiNetworkError)
    last = attempt >= attempts - 1 or (network and attempt >= CONNECT_RETRIES)
    if last or not _is_retryable(exc):
        return None
    delay = _server_delay(exc)
    if delay is not None:
        return delay
    return CONNECT_RETRY_DELAY_S if network else backoff_delay(attempt)


def _server_delay(exc: Exception) -> float | None:
    """How long the server asked us to wait: Retry-After, or RetryInfo in the body."""
    delay = retry_after_seconds(getattr(exc, "response", None))
    return delay if delay is not None else retry_info_seconds(getattr(exc, "details", None))


def _reached_server(exc: Exception) -> bool:
    """Could the request have reached Google? A connection that failed (or never got a
    pooled slot) did not; anything after the request was sent may have."""
    return not isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)


def _is_retryable(exc: Exception) -> bool:
    from google.genai import errors

    if isinstance(exc, errors.APIError):
        return (exc.code or 0) in RETRYABLE
    return isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)


@dataclass(frozen=True)
class ThinkingPlan:
    """What to send for thinking, how many tokens to allow for it, and why (if adjusted)."""

    level: str | None = None
    budget: int | None = None
    allowance: int = 0
    note: str | None = None


def _nearest_level(wanted: str, levels: list[str]) -> str:
    if wanted in levels:
        return wanted
    rank = LEVEL_ORDER.index(wanted)
    return min(levels, key=lambda lv: (abs(LEVEL_ORDER.index(lv) - rank), LEVEL_ORDER.index(lv)))


def plan_thinking(info: ModelInfo | None, level: str | None, budget: int | None) -> ThinkingPlan:
    """Thinking settings the model accepts: a level for models that take levels, a budget
    for those that take budgets, nothing for models we know nothing about."""
    thinking = info.thinking if info else None
    if thinking is None:
        return ThinkingPlan(allowance=DEFAULT_THINKING_ALLOWANCE if info else 0)
    if thinking.levels:
        levels: list[str] = list(thinking.levels)
        wanted = level
        if wanted is None and budget is not None:
            if budget == 0:
                wanted = levels[0]
            elif budget > 0:
                wanted = "low" if budget <= 4096 else "medium" if budget <= 8192 else "high"
        if wanted is None:
            return ThinkingPlan(allowance=DEFAULT_THINKING_ALLOWANCE)
        chosen = _nearest_level(wanted, levels)
        note = None
        if chosen != wanted or level is None:
            note = f"thinking level {chosen} (this model takes levels {', '.join(levels)})"
        return ThinkingPlan(level=chosen, allowance=LEVEL_ALLOWANCE[chosen], note=note)
    limits = thinking.budget or {}
    low, high = int(limits.get("min", 0)), int(limits.get("max", 24576))
    can_disable = bool(limits.get("can_disable", True))
    wanted_budget = budget
    if wanted_budget is None and level is not None:
        wanted_budget = {"minimal": 0, "low": 1024, "medium": 8192, "high": high}[level]
    if wanted_budget is None:
        return ThinkingPlan(allowance=DEFAULT_THINKING_ALLOWANCE)
    if wanted_budget == -1:
        return ThinkingPlan(budget=-1, allowance=min(high, DEFAULT_THINKING_ALLOWANCE))
    if wanted_budget == 0 and can_disable:
        return ThinkingPlan(budget=0, allowance=0)
    chosen_budget = min(max(wanted_budget, low), high)
    note = None
    if chosen_budget != wanted_budget or budget is None:
        note = f"thinking budget {chosen_budget} (this model takes {low}–{high})"
    return ThinkingPlan(budget=chosen_budget, allowance=chosen_budget, note=note)


class GeminiChat:
    """One question answered by Gemini with tools, as a stream of events."""

    def __init__(
        self,
        settings: Settings,
        prices: PriceTable,
        *,
        client: genai.Client,
        reserve: Reserve,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.settings = settings
        self.prices = prices
        self.client = client
        self.reserve = reserve
        self.sleep = sleep
        self.text = ""  # the answer so far, for the partial text of an error
        self._secret = settings.api_key.get_secret_value() if settings.api_key else None
        self.info = prices.info(settings.model)
        self.thinking = plan_thinking(self.info, settings.thinking_level, settings.thinking_budget)
        ceiling = self.info.max_output_tokens if self.info else 65536
        self.output_cap = min(settings.max_output_tokens + self.thinking.allowance, ceiling)

    def _thinking(self) -> types.ThinkingConfig | None:
        from google.genai import types

        plan = self.thinking
        if plan.level is not None:
            return types.ThinkingConfig(thinking_level=types.ThinkingLevel(plan.level.upper()))
        if plan.budget is not None:
            return types.ThinkingConfig(thinking_budget=plan.budget)
        return None

    def _config(
        self, system: str, declarations: list[dict[str, Any]], last_round: bool
    ) -> types.GenerateContentConfig:
        from google.genai import types

        functions = [
            types.FunctionDeclaration(
                name=d["name"], description=d["description"], parameters_json_schema=d["parameters"]
            )
            for d in declarations
        ]
        mode = (
            types.FunctionCallingConfigMode.NONE
            if last_round
            else types.FunctionCallingConfigMode.AUTO
        )
        if last_round and functions:
            system += "\n\nNo more tools can be called now: answer from the tool results above."
        return types.GenerateContentConfig(
            system_instruction=system,
            tools=[types.Tool(function_declarations=functions)] if functions else None,
            tool_config=types.ToolConfig(
                function_calling_config=types.FunctionCallingConfig(mode=mode)
            )
            if functions
            else None,
            automatic_function_calling=types.AutomaticFunctionCallingConfig(disable=True),
            max_output_tokens=self.output_cap,
            thinking_config=self._thinking(),
        )

    async def _reserve(self, estimate: Decimal) -> AsyncIterator[Event | int]:
        """Reserve the worst case; on the free tier wait for a per-minute slot."""
        while True:
            try:
                yield self.reserve(estimate)
                return
            except FreeTierLimit as exc:
                if exc.wait_s is None or exc.wait_s > MAX_FREE_TIER_WAIT_S:
                    raise
                yield Notice(str(exc))
                await self.sleep(exc.wait_s)

    async def _stream_round(
        self,
        contents: list[types.Content],
        config: types.GenerateContentConfig,
        prompt_chars: int,
    ) -> AsyncIterator[AdapterEvent]:
        """One API call (with retries before the first chunk) → deltas, then a RoundResult."""
        price = self.prices.price(self.settings.model)
        attempts = self.settings.max_retries + 1
        for attempt in range(attempts):
            call_id = -1
            async for item in self._reserve(estimate_cost(prompt_chars, self.output_cap, price)):
                if isinstance(item, int):
                    call_id = item
                else:
                    yield item
            parts: list[types.Part] = []
            calls: list[types.FunctionCall] = []
            text = ""
            metadata = None
            finish = None
            saw_candidate = False
            block_reason = None
            received = False
            version: str | None = None
            separated = False
            try:
                stream = await self.client.aio.models.generate_content_stream(
                    model=self.settings.model, contents=contents, config=config
                )
                async for chunk in stream:
                    received = True
                    version = chunk.model_version or version
                    if chunk.usage_metadata is not None:
                        metadata = chunk.usage_metadata
                    if chunk.prompt_feedback is not None and chunk.prompt_feedback.block_reason:
                        block_reason = str(chunk.prompt_feedback.block_reason.value)
                    for candidate in chunk.candidates or []:
                        saw_candidate = True
                        if candidate.finish_reason is not None:
                            finish = candidate.finish_reason.value
                        content = candidate.content
                        for part in content.parts if content and content.parts else []:
                            parts.append(part)
                            if part.function_call is not None:
                                calls.append(part.function_call)
                            elif part.text and not part.thought:
                                if not separated and self.text and not text:
                                    separated = True  # a new round: keep rounds apart
                                    if not self.text.endswith("\n\n"):
                                        gap = "\n" if self.text.endswith("\n") else "\n\n"
                                        self.text += gap
                                        yield TextDelta(gap)
                                text += part.text
                                self.text += part.text
                                yield TextDelta(part.text)
                        break  # only the first candidate
            except Exception as exc:
                error = map_api_error(
                    exc, secret=self._secret, partial=self.text, model=self.settings.model
                )
                status = f"failed: {type(error).__name__}"
                if not _reached_server(exc):
                    yield CallEnded(call_id, version, TokenUsage(), status, reached=False)
                elif received or isinstance(exc, httpx.TransportError):
                    # the request was sent and may be billed, but no usage arrived
                    yield CallEnded(call_id, version, usage_from(metadata), status, estimated=True)
                else:  # Google answered with an error: not billed
                    yield CallEnded(call_id, version, TokenUsage(), status)
                delay = None if received else retry_delay(exc, error, attempt, attempts)
                if delay is None:
                    raise error from None
                tries = CONNECT_RETRIES if isinstance(error, GeminiNetworkError) else attempts - 1
                yield Notice(
                    f"{error}; retrying in {delay:.1f} s ({attempt + 1}/{tries})",
                    code="retry",
                    args={
                        "error": str(error),
                        "delay": f"{delay:.1f}",
                        "attempt": str(attempt + 1),
                        "tries": str(tries),
                    },
                )
                await self.sleep(delay)
                continue
            usage = usage_from(metadata)
            status = "ok" if finish in (None, "STOP") else str(finish).lower()
            yield CallEnded(call_id, version, usage, status, estimated=metadata is None)
            if not saw_candidate:
                why = f" (prompt blocked: {block_reason})" if block_reason else ""
                raise GeminiProtocolError(
                    f"Gemini returned no candidates{why}", partial_text=self.text
                )
            yield RoundResult(parts, calls, text, finish, usage)
            return

    async def run(
        self,
        question: str,
        *,
        system: str,
        declarations: list[dict[str, Any]],
        run_tool: ToolRunner,
        history: Sequence[Turn] = (),
    ) -> AsyncIterator[AdapterEvent]:
        """The bounded tool loop: stream, run the called tools, send results, repeat.

        `history` is the conversation so far, oldest first, so follow-ups keep their context.
        Each finish reason is handled: a malformed tool call or an empty answer is asked
        again once; a tool call when none may be made is answered from what was gathered;
        an answer cut at the output cap is kept and marked partial.
        """
        from google.genai import types

        if self.thinking.note:
            yield Notice(self.thinking.note)
        contents = [
            types.Content(
                role="model" if role == "assistant" else "user", parts=[types.Part(text=text)]
            )
            for role, text in history
        ]
        contents.append(types.Content(role="user", parts=[types.Part(text=question)]))
        prompt_chars = (
            len(system)
            + len(question)
            + len(json.dumps(declarations))
            + sum(len(text) for _, text in history)
        )
        rounds = self.settings.max_tool_rounds
        round_index = 0
        wrap_up = False
        malformed_retried = empty_retried = False
        while True:
            last = wrap_up or round_index >= rounds - 1
            config = self._config(system, declarations, last_round=last)
            if round_index > 0:
                yield Progress(
                    f"asking Gemini again with the tool results (call {round_index + 1})",
                    code="again",
                    args={"n": str(round_index + 1)},
                )
            result: RoundResult | None = None
            async for item in self._stream_round(contents, config, prompt_chars):
                if isinstance(item, RoundResult):
                    result = item
                else:
                    yield item
            assert result is not None
            finish = result.finish
            if finish == "MALFORMED_FUNCTION_CALL":
                if not malformed_retried:
                    malformed_retried = True
                    yield Notice(
                        "Gemini wrote a malformed tool call; asking it once more",
                        code="malformed_tool_call",
                    )
                    continue
                if wrap_up:
                    break
                wrap_up = True
                yield Notice(
                    "Gemini wrote a malformed tool call again; answering without tools",
                    code="malformed_again",
                )
                continue
            if finish in ("UNEXPECTED_TOOL_CALL", "TOO_MANY_TOOL_CALLS") or (
                result.function_calls and last
            ):
                if wrap_up:
                    break
                wrap_up = True
                yield Notice(
                    "Gemini asked for a tool when no more could run; "
                    "answering from what the tools already returned",
                    code="tool_after_last_round",
                )
                continue
            if result.function_calls:
                contents.append(types.Content(role="model", parts=result.model_parts))
                responses: list[types.Part] = []
                for call in result.function_calls:
                    name = call.name or ""
                    args = dict(call.args or {})
                    yield ToolCall(name, args, call.id or "")
                    yield Progress(f"running {name}…", code="tool", args={"name": name})
                    try:
                        output = await run_tool(name, args)
                        response: dict[str, Any] = {"output": output}
                        yield ToolResult(name, output, None, call.id or "")
                    except Exception as exc:  # the model sees the error and may recover
                        message = str(exc) or type(exc).__name__
                        response = {"error": message}
                        yield ToolResult(name, None, message, call.id or "")
                    responses.append(
                        types.Part(
                            function_response=types.FunctionResponse(
                                id=call.id, name=name, response=response
                            )
                        )
                    )
                    prompt_chars += len(json.dumps(response, default=str))
                contents.append(types.Content(role="user", parts=responses))
                round_index += 1
                continue
            if finish == "MAX_TOKENS":
                cap = self.settings.max_output_tokens
                if self.text.strip():
                    yield Notice(
                        f"the answer stopped at the output cap ({self.output_cap} tokens, "
                        f"thinking included); raise TUTOR_MAX_OUTPUT_TOKENS (now {cap}) "
                        "for longer answers"
                    )
                    yield AnswerDone(self.text, partial=True)
                    return
                raise GeminiBlocked(
                    f"Gemini spent the whole output cap ({self.output_cap} tokens, "
                    f"{result.usage.thinking} of them thinking) before answering; raise "
                    f"TUTOR_MAX_OUTPUT_TOKENS (now {cap}) or lower TUTOR_THINKING_LEVEL",
                    partial_text=self.text,
                )
            if finish in BLOCKED_REASONS:
                raise GeminiBlocked(
                    f"{BLOCKED_REASONS[finish]} (finishReason {finish})", partial_text=self.text
                )
            if finish not in (None, "STOP", "FINISH_REASON_UNSPECIFIED"):
                raise GeminiBlocked(
                    f"Gemini stopped the answer (finishReason {finish})", partial_text=self.text
                )
            if not result.text.strip():
                if not empty_retried:
                    empty_retried = True
                    yield Notice("Gemini finished without any answer text; asking it once more")
                    continue
                raise GeminiEmptyAnswer(
                    f"Gemini finished twice without any answer text (finishReason {finish}, "
                    f"{result.usage.thinking} thinking tokens)",
                    partial_text=self.text,
                )
            yield AnswerDone(self.text)
            return
        if not self.text.strip():
            raise GeminiEmptyAnswer(
                "Gemini kept asking for tools and gave no answer", partial_text=self.text
            )
        yield AnswerDone(self.text)

    async def structured(
        self,
        prompt: str,
        *,
        system: str,
        schema: type[BaseModel],
    ) -> AsyncIterator[AdapterEvent]:
        """One non-streamed call whose answer must validate against `schema` (JSON mode);
        ends with a `StructuredResult`."""
        from google.genai import types

        config = types.GenerateContentConfig(
            system_instruction=system,
            response_mime_type="application/json",
            response_json_schema=schema.model_json_schema(),
            max_output_tokens=self.output_cap,
            thinking_config=self._thinking(),
        )
        price = self.prices.price(self.settings.model)
        attempts = self.settings.max_retries + 1
        for attempt in range(attempts):
            call_id = -1
            estimate = estimate_cost(len(system) + len(prompt), self.output_cap, price)
            async for item in self._reserve(estimate):
                if isinstance(item, int):
                    call_id = item
            try:
                response = await self.client.aio.models.generate_content(
                    model=self.settings.model, contents=prompt, config=config
                )
            except Exception as exc:
                error = map_api_error(exc, secret=self._secret, model=self.settings.model)
                status = f"failed: {type(error).__name__}"
                reached = _reached_server(exc)
                estimated = reached and isinstance(exc, httpx.TransportError)
                yield CallEnded(
                    call_id, None, TokenUsage(), status, estimated=estimated, reached=reached
                )
                delay = retry_delay(exc, error, attempt, attempts)
                if delay is None:
                    raise error from None
                await self.sleep(delay)
                continue
            yield CallEnded(
                call_id, response.model_version, usage_from(response.usage_metadata), "ok"
            )
            text = response.text or ""
            try:
                yield StructuredResult(schema.model_validate_json(text))
                return
            except ValueError:
                raise GeminiProtocolError(
                    f"Gemini's structured answer did not match the {schema.__name__} schema"
                ) from None
        raise AssertionError("unreachable")


async def list_models(client: genai.Client) -> list[str]:
    """The model ids this key may use for generateContent (the models endpoint)."""
    names = []
    pager = await client.aio.models.list(config={"page_size": 1000})
    async for model in pager:
        actions = model.supported_actions or []
        if not actions or "generateContent" in actions:
            names.append((model.name or "").removeprefix("models/"))
    return names
