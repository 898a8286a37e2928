"""The Gemini adapter: client factory, streaming, retries, our own bounded tool loop.

The only module that imports google-genai. The SDK's own retries are off; we retry 429
and 5xx before the first chunk arrives, honouring Retry-After, so every attempt is seen
(and written to the ledger) here.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import httpx
from pydantic import BaseModel

from tutor.config import Settings
from tutor.errors import (
    GeminiAuthError,
    GeminiBlocked,
    GeminiError,
    GeminiNetworkError,
    GeminiProtocolError,
    GeminiRateLimited,
    GeminiRequestError,
    GeminiServerError,
    GeminiTimeout,
)
from tutor.events import Event, Notice, TextDelta, ToolCall, ToolResult, Usage
from tutor.retry import backoff_delay, retry_after_seconds, retry_info_seconds
from tutor.spend import Ledger, PriceTable, TokenUsage, cost_of, estimate_cost

if TYPE_CHECKING:
    from google import genai
    from google.genai import types

RETRYABLE = {429, 500, 502, 503, 504}
# no connection at all usually means no network: one quick retry, then offline
CONNECT_RETRIES = 1
CONNECT_RETRY_DELAY_S = 0.5

Turn = tuple[str, str]  # ("user" | "assistant", text)
ToolRunner = Callable[[str, dict[str, Any]], Awaitable[dict[str, Any]]]
BudgetGuard = Callable[[Decimal], None]


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


def _redact(text: str, secret: str | None) -> str:
    return text.replace(secret, "***") if secret else text


def map_api_error(exc: Exception, *, secret: str | None, partial: str = "") -> GeminiError:
    """Turn an SDK or transport exception into one typed, one-line, key-free error."""
    from google.genai import errors

    if isinstance(exc, errors.APIError):
        code = exc.code or 0
        detail = _redact(" ".join(str(exc.message or exc.status or "").split()), secret)[:200]
        if code in (401, 403):
            return GeminiAuthError(
                f"Gemini refused the API key ({code}): {detail} — check GEMINI_API_KEY",
                partial_text=partial,
            )
        if code == 429:
            return GeminiRateLimited(
                f"Gemini rate limit or quota reached (429): {detail}", partial_text=partial
            )
        if code >= 500:
            return GeminiServerError(
                f"Gemini server error ({code}): {detail} — try again later", partial_text=partial
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
    """
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
    """The server answered (an HTTP error, or a body we could not read): that is a call.
    A connection that failed or timed out never became one."""
    return not isinstance(exc, httpx.TransportError)


def _is_retryable(exc: Exception) -> bool:
    from google.genai import errors

    if isinstance(exc, errors.APIError):
        return (exc.code or 0) in RETRYABLE
    return isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)


@dataclass
class RoundResult:
    model_parts: list[types.Part]
    function_calls: list[types.FunctionCall]
    text: str
    usage: TokenUsage


class GeminiChat:
    """One question answered by Gemini with tools, as a stream of events."""

    def __init__(
        self,
        settings: Settings,
        ledger: Ledger,
        prices: PriceTable,
        *,
        client: genai.Client,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.settings = settings
        self.ledger = ledger
        self.prices = prices
        self.client = client
        self.sleep = sleep
        self.text = ""
        self.tokens = TokenUsage()
        self.cost = Decimal(0)
        self._secret = settings.api_key.get_secret_value() if settings.api_key else None

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
        return types.GenerateContentConfig(
            system_instruction=system,
            tools=[types.Tool(function_declarations=functions)] if functions else None,
            tool_config=types.ToolConfig(
                function_calling_config=types.FunctionCallingConfig(mode=mode)
            )
            if functions
            else None,
            automatic_function_calling=types.AutomaticFunctionCallingConfig(disable=True),
            max_output_tokens=self.settings.max_output_tokens,
            thinking_config=self._thinking(),
        )

    def _thinking(self) -> types.ThinkingConfig | None:
        from google.genai import types

        budget = self.settings.thinking_budget
        return None if budget is None else types.ThinkingConfig(thinking_budget=budget)

    def _record(self, usage: TokenUsage, status: str, purpose: str = "ask") -> Usage:
        cost = cost_of(usage, self.prices.price(self.settings.model))
        self.ledger.record(self.settings.model, usage, cost, status=status, purpose=purpose)
        self.tokens += usage
        self.cost += cost
        return Usage(self.settings.model, usage, cost)

    async def _stream_round(
        self,
        contents: list[types.Content],
        config: types.GenerateContentConfig,
        guard: BudgetGuard,
        prompt_chars: int,
    ) -> AsyncIterator[Event | RoundResult]:
        """One API call (with retries before the first chunk) → deltas, then a RoundResult."""
        price = self.prices.price(self.settings.model)
        attempts = self.settings.max_retries + 1
        for attempt in range(attempts):
            guard(estimate_cost(prompt_chars, self.settings.max_output_tokens, price))
            parts: list[types.Part] = []
            calls: list[types.FunctionCall] = []
            text = ""
            metadata = None
            finish = None
            saw_candidate = False
            block_reason = None
            received = False
            try:
                stream = await self.client.aio.models.generate_content_stream(
                    model=self.settings.model, contents=contents, config=config
                )
                async for chunk in stream:
                    received = True
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
                                text += part.text
                                self.text += part.text
                                yield TextDelta(part.text)
                        break  # only the first candidate
            except Exception as exc:
                error = map_api_error(exc, secret=self._secret, partial=self.text)
                status = "error" if received else f"failed: {type(error).__name__}"
                if received or _reached_server(exc):  # a call that never connected is no call
                    yield self._record(usage_from(metadata), status)
                delay = None if received else retry_delay(exc, error, attempt, attempts)
                if delay is None:
                    raise error from None
                tries = CONNECT_RETRIES if isinstance(error, GeminiNetworkError) else attempts - 1
                yield Notice(f"{error} — retrying in {delay:.1f}s ({attempt + 1}/{tries})")
                await self.sleep(delay)
                continue
            usage = usage_from(metadata)
            yield self._record(usage, "ok" if finish in (None, "STOP") else str(finish).lower())
            if not saw_candidate:
                why = f" (prompt blocked: {block_reason})" if block_reason else ""
                raise GeminiProtocolError(
                    f"Gemini returned no candidates{why}", partial_text=self.text
                )
            if finish == "MAX_TOKENS":
                raise GeminiBlocked(
                    "Gemini stopped at the output limit (raise TUTOR_MAX_OUTPUT_TOKENS)",
                    partial_text=self.text,
                )
            if finish not in (None, "STOP", "FINISH_REASON_UNSPECIFIED"):
                raise GeminiBlocked(
                    f"Gemini stopped the answer (finishReason {finish})", partial_text=self.text
                )
            yield RoundResult(parts, calls, text, usage)
            return

    async def run(
        self,
        question: str,
        *,
        system: str,
        declarations: list[dict[str, Any]],
        run_tool: ToolRunner,
        guard: BudgetGuard,
        history: Sequence[Turn] = (),
    ) -> AsyncIterator[Event]:
        """The bounded tool loop: stream, run the called tools, send results, repeat.

        `history` is the conversation so far, oldest first, so follow-ups keep their context.
        """
        from google.genai import types

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
        for round_index in range(rounds):
            config = self._config(system, declarations, last_round=round_index == rounds - 1)
            result: RoundResult | None = None
            async for item in self._stream_round(contents, config, guard, prompt_chars):
                if isinstance(item, RoundResult):
                    result = item
                else:
                    yield item
            assert result is not None
            if not result.function_calls:
                return
            contents.append(types.Content(role="model", parts=result.model_parts))
            responses: list[types.Part] = []
            for call in result.function_calls:
                name = call.name or ""
                args = dict(call.args or {})
                yield ToolCall(name, args, call.id or "")
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

    async def structured(
        self,
        prompt: str,
        *,
        system: str,
        schema: type[BaseModel],
        guard: BudgetGuard,
        purpose: str,
    ) -> BaseModel:
        """One non-streamed call whose answer must validate against `schema` (JSON mode)."""
        from google.genai import types

        config = types.GenerateContentConfig(
            system_instruction=system,
            response_mime_type="application/json",
            response_json_schema=schema.model_json_schema(),
            max_output_tokens=self.settings.max_output_tokens,
            thinking_config=self._thinking(),
        )
        price = self.prices.price(self.settings.model)
        attempts = self.settings.max_retries + 1
        for attempt in range(attempts):
            guard(estimate_cost(len(system) + len(prompt), self.settings.max_output_tokens, price))
            try:
                response = await self.client.aio.models.generate_content(
                    model=self.settings.model, contents=prompt, config=config
                )
            except Exception as exc:
                error = map_api_error(exc, secret=self._secret)
                if _reached_server(exc):
                    self._record(TokenUsage(), f"failed: {type(error).__name__}", purpose)
                delay = retry_delay(exc, error, attempt, attempts)
                if delay is None:
                    raise error from None
                await self.sleep(delay)
                continue
            self._record(usage_from(response.usage_metadata), "ok", purpose)
            text = response.text or ""
            try:
                return schema.model_validate_json(text)
            except ValueError:
                raise GeminiProtocolError(
                    f"Gemini's structured answer did not match the {schema.__name__} schema"
                ) from None
        raise AssertionError("unreachable")
