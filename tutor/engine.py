"""The headless core: `Engine.ask()` routes a question and yields typed events.

Routing lives in one method, `Engine.route` (used by ask, structured calls and the status
bar): with a key, a usable model, budget left and no forced offline mode Gemini answers
with tools; otherwise the offline explainer does, with a visible reason. The engine owns
the money: it reserves before every request (through the callback it hands the adapter),
settles each request from the adapter's `CallEnded` events, and shows under each answer
the sum of that question's ledger rows. A Gemini failure falls back offline, keeping any
partial text.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import sqlite3
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from tutor.config import Settings
from tutor.errors import (
    BudgetExceeded,
    GeminiAuthError,
    GeminiError,
    GeminiModelError,
    GeminiNetworkError,
    GeminiQuotaExhausted,
)
from tutor.events import Event, FinalAnswer, Notice, TextDelta, Usage
from tutor.spend import (
    FreeLimits,
    Ledger,
    PriceTable,
    SpendSummary,
    cost_of,
    estimate_cost,
    free_limits,
    load_prices,
    utc_now,
)

if TYPE_CHECKING:
    import httpx
    from pydantic import BaseModel

    from tutor.cache import AnswerCache
    from tutor.gemini import CallEnded, GeminiChat
    from tutor.tools.arxiv import Paper, ReadingNote
    from tutor.tools.registry import Tool


MAX_HISTORY_CHARS = 24_000
MAX_HISTORY_TURNS = 12
MAX_TOOL_RESULT_CHARS = 4_000


def recent_history(history: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The newest turns that fit the budget, oldest first, starting with a user turn."""
    kept: list[tuple[str, str]] = []
    used = 0
    for role, text in reversed(history[-MAX_HISTORY_TURNS:]):
        if used + len(text) > MAX_HISTORY_CHARS:
            break
        kept.append((role, text))
        used += len(text)
    kept.reverse()
    while kept and kept[0][0] != "user":
        kept.pop(0)
    return kept


def lean_tool_result(name: str, output: dict[str, Any], lang: str) -> dict[str, Any]:
    """What the model sees of a tool's result: the session's language only, arXiv search
    as ids, titles, first authors and years, and never more than MAX_TOOL_RESULT_CHARS."""
    if name == "lookup_symbol":
        items = []
        for item in output.get("items", []):
            item = dict(item)
            for key in ("read", "meaning"):
                value = item.get(key)
                if isinstance(value, dict):
                    item[key] = value.get(lang) or value.get("en")
            items.append({k: v for k, v in item.items() if v not in (None, "", [])})
        output = {**output, "items": items}
    elif name == "search_arxiv":
        papers = []
        for paper in output.get("papers", []):
            authors = paper.get("authors") or []
            papers.append(
                {
                    "id": paper.get("id"),
                    "title": " ".join(str(paper.get("title", "")).split()),
                    "first_author": authors[0] if authors else None,
                    "year": str(paper.get("published", ""))[:4] or None,
                }
            )
        output = {"query": output.get("query"), "total": output.get("total"), "papers": papers}
    text = json.dumps(output, ensure_ascii=False, default=str)
    if len(text) <= MAX_TOOL_RESULT_CHARS:
        return output
    return {
        "truncated": f"result cut to {MAX_TOOL_RESULT_CHARS} of {len(text)} characters",
        "partial_json": text[:MAX_TOOL_RESULT_CHARS],
    }


BaseModelT = TypeVar("BaseModelT", bound="BaseModel")


@dataclass(frozen=True)
class Route:
    kind: str  # "gemini" or "offline"
    reason: str | None = None  # the English detail (logs, --json)
    code: str | None = None  # a stable code the faces render in the session language


Problem = tuple[str, str]  # (code, English detail) of a reason to answer offline


def error_code(exc: Exception) -> str:
    """The stable reason code of a failed Gemini call (see `reason.*` in the catalogue)."""
    from tutor.errors import (
        FreeTierLimit,
        GeminiBlocked,
        GeminiEmptyAnswer,
        GeminiRateLimited,
        GeminiServerError,
        GeminiTimeout,
    )

    codes: list[tuple[type[Exception], str]] = [
        (FreeTierLimit, "free_tier_limit"),
        (BudgetExceeded, "over_budget"),
        (GeminiAuthError, "auth"),
        (GeminiQuotaExhausted, "quota_day"),
        (GeminiRateLimited, "rate_limited"),
        (GeminiModelError, "model_refused"),
        (GeminiNetworkError, "network"),
        (GeminiTimeout, "timeout"),
        (GeminiServerError, "server_error"),
        (GeminiEmptyAnswer, "empty_answer"),
        (GeminiBlocked, "blocked"),
    ]
    for kind, code in codes:
        if isinstance(exc, kind):
            return code
    return "gemini_error"


def choose_route(
    settings: Settings,
    *,
    force_offline: bool,
    budget_problem: Problem | None,
    network_problem: Problem | None = None,
    blocked: Problem | None = None,
) -> Route:
    """The routing decision from its inputs (after the cache has been asked)."""
    if force_offline or settings.offline:
        return Route("offline", "offline mode", "offline_mode")
    if not settings.has_key:
        return Route("offline", "no API key", "no_key")
    for problem in (blocked, budget_problem, network_problem):
        if problem:
            return Route("offline", problem[1], problem[0])
    return Route("gemini")


NETWORK_PAUSE_S = 60.0


class Engine:
    """Owns the ledger, cache, tools and the one SDK client of a process; faces hold one.

    Use it as a context manager (sync or async) so the client and stores are closed."""

    def __init__(
        self,
        settings: Settings,
        *,
        http_client: httpx.Client | None = None,
        async_http_client: httpx.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], datetime] = utc_now,
        zone: tzinfo | None = None,
    ) -> None:
        self.settings = settings
        self._sleep = sleep
        self._clock = clock
        self._zone = zone
        self._http_client = http_client
        self._async_http_client = async_http_client
        self._own_http: list[Any] = []
        self.session_cache_hits = 0
        self._network_down_since: float | None = None
        self._schema_hashes: dict[str, str] = {}
        self._summary: SpendSummary | None = None
        self._auth_refused: tuple[str, str] | None = None  # (key fingerprint, message)
        self._quota_until: tuple[datetime, str] | None = None
        self._model_refused: str | None = None
        self._startup_shown = False
        self._unknown_versions: set[str] = set()

    # resources --------------------------------------------------------------------
    @cached_property
    def ledger(self) -> Ledger:
        return Ledger(self.settings.data_dir / "ledger.sqlite3", clock=self._clock, zone=self._zone)

    @cached_property
    def cache(self) -> AnswerCache:
        from tutor.cache import AnswerCache

        return AnswerCache(
            self.settings.data_dir / "cache", size_limit_mb=self.settings.cache_size_mb
        )

    @cached_property
    def prices(self) -> PriceTable:
        return load_prices(self.settings.prices_file)

    @cached_property
    def tools(self) -> dict[str, Tool]:
        from tutor.tools.registry import default_tools

        return default_tools()

    @cached_property
    def client(self) -> Any:  # a google.genai.Client (only the adapter imports the SDK)
        """The one SDK client of this engine, over our own httpx clients."""
        import httpx

        from tutor.gemini import make_client

        timeout = httpx.Timeout(self.settings.timeout_s, connect=min(self.settings.timeout_s, 10))
        sync_client = self._http_client
        async_client = self._async_http_client
        if sync_client is None:
            sync_client = httpx.Client(timeout=timeout)
            self._own_http.append(sync_client)
        if async_client is None:
            async_client = httpx.AsyncClient(timeout=timeout)
            self._own_http.append(async_client)
        return make_client(self.settings, http_client=sync_client, async_http_client=async_client)

    def close(self) -> None:
        for name in ("ledger", "cache"):
            if name in self.__dict__:
                self.__dict__.pop(name).close()
        if "client" in self.__dict__:
            self.__dict__.pop("client").close()
        for http in self._own_http:
            if hasattr(http, "aclose"):
                _close_async_client(http)
            else:
                http.close()
        self._own_http.clear()

    async def aclose(self) -> None:
        for http in [h for h in self._own_http if hasattr(h, "aclose")]:
            await http.aclose()
            self._own_http.remove(http)
        self.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> Engine:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # money --------------------------------------------------------------------------
    def free_limits(self) -> FreeLimits | None:
        if self.settings.tier != "free":
            return None
        return free_limits(self.prices, self.settings.model)

    @cached_property
    def _free_zone(self) -> tzinfo:
        from zoneinfo import ZoneInfo

        return ZoneInfo(self.prices.free_tier_day_zone)

    def spend(self, *, refresh: bool = True) -> SpendSummary:
        """Spend today and this month; `refresh=False` reuses the last summary, kept up to
        date with each answer's own cost (the status bar), instead of querying."""
        if refresh or self._summary is None:
            self._summary = self.ledger.summary(
                self.settings.daily_budget_usd,
                self.settings.monthly_budget_usd,
                free=self.free_limits(),
                free_zone=self._free_zone,
            )
        return self._summary

    def _reserver(
        self, question: str, purpose: str, outstanding: dict[int, Decimal]
    ) -> Callable[[Decimal], int]:
        def reserve(amount: Decimal) -> int:
            if self.settings.tier == "free":
                amount = Decimal(0)  # free-tier calls cost nothing; their count is limited
            call_id = self.ledger.reserve(
                self.settings.model,
                amount,
                daily_budget=self.settings.daily_budget_usd,
                monthly_budget=self.settings.monthly_budget_usd,
                purpose=purpose,
                question=question,
                free=self.free_limits(),
                free_zone=self._free_zone,
            )
            outstanding[call_id] = amount
            return call_id

        return reserve

    def _settle(self, ended: CallEnded, outstanding: dict[int, Decimal]) -> Event | None:
        """Write one finished request to the ledger; the Usage event the faces see."""
        amount = outstanding.pop(ended.reservation, Decimal(0))
        if not ended.reached:
            self.ledger.release(ended.reservation)
            return None
        version = ended.model_version or self.settings.model
        billed = self.prices.resolve(version) or self.prices.resolve(self.settings.model)
        billed = billed or version.removeprefix("models/")
        if ended.estimated:
            self.ledger.settle_estimated(ended.reservation, f"{ended.status} (estimated)")
            return Usage(billed, ended.tokens, amount, estimated=True, status=ended.status)
        price = self.prices.price(version, self._clock().astimezone(UTC).date())
        cost = Decimal(0) if self.settings.tier == "free" else cost_of(ended.tokens, price)
        self.ledger.settle(
            ended.reservation,
            model=billed,
            usage=ended.tokens,
            cost=cost,
            status=ended.status,
        )
        return Usage(billed, ended.tokens, cost, status=ended.status)

    def _unknown_version_notice(self, ended: CallEnded) -> Notice | None:
        version = ended.model_version
        if not version or self.prices.knows(version) or version in self._unknown_versions:
            return None
        self._unknown_versions.add(version)
        return Notice(
            f"Gemini answered with {version}, which has no price in tutor's table: its calls "
            "are costed at the conservative fallback (add it with TUTOR_PRICES_FILE)",
            code="unknown_version",
            args={"version": version},
        )

    def _settle_outstanding(self, outstanding: dict[int, Decimal], why: str) -> None:
        for call_id in list(outstanding):
            outstanding.pop(call_id)
            with contextlib.suppress(Exception):  # else the next open settles it as abandoned
                self.ledger.settle_estimated(call_id, why)

    # routing --------------------------------------------------------------------------
    def _key_fingerprint(self) -> str:
        key = self.settings.api_key.get_secret_value() if self.settings.api_key else ""
        return hashlib.sha256(key.encode()).hexdigest()

    def _blocked(self) -> Problem | None:
        """Why Gemini must not be called at all right now (key refused, model gone, quota)."""
        if self._auth_refused and self._auth_refused[0] == self._key_fingerprint():
            return "auth", self._auth_refused[1]
        if self._model_refused:
            return "model_refused", self._model_refused
        problem = self.model_problem()
        if problem:
            return "model_retired", problem
        if self._quota_until:
            until, message = self._quota_until
            if self._clock() < until:
                return "quota_day", message
            self._quota_until = None
        return None

    def model_problem(self) -> str | None:
        """The configured model was shut down and Google no longer answers for it."""
        info = self.prices.info(self.settings.model)
        today = self._clock().astimezone(UTC).date()
        if info and info.status_on(today) == "retired" and not info.routes_to:
            fix = info.replacement or self.prices.default_model
            return (
                f"TUTOR_MODEL={self.settings.model} was shut down on {info.shutdown}; "
                f"set TUTOR_MODEL={fix}"
            )
        return None

    def startup_notice(self, lang: str = "en") -> str | None:
        """One line about the configured model, if it is unknown, deprecated or retired."""
        from tutor.messages import event_text

        notice = self.startup_event()
        return None if notice is None else event_text(notice, lang)

    def startup_event(self) -> Notice | None:
        """`startup_notice` as a Notice with its code (`notice.model_*` in the catalogue)."""
        model = self.settings.model
        info = self.prices.info(model)
        today = self._clock().astimezone(UTC).date()
        checked = self.prices.checked
        if info is None:
            return Notice(
                f"TUTOR_MODEL={model} is not in tutor's model table (checked {checked}): its "
                "calls are costed at the conservative fallback; `tutor models` lists current "
                "ones",
                code="model_unknown",
                args={"model": model, "checked": str(checked)},
            )
        problem = self.model_problem()
        fix = info.replacement or self.prices.default_model
        if problem:
            args = {"model": model, "shutdown": str(info.shutdown), "fix": fix}
            return Notice(problem, code="model_retired", args=args)
        if info.status_on(today) == "retired" and info.routes_to:
            return Notice(
                f"TUTOR_MODEL={model} was shut down on {info.shutdown}: Google answers with "
                f"{info.routes_to}, billed at its prices; set TUTOR_MODEL={fix}",
                code="model_routed",
                args={
                    "model": model,
                    "shutdown": str(info.shutdown),
                    "routes_to": info.routes_to,
                    "fix": fix,
                },
            )
        if info.status == "deprecated":
            when = f" and shuts down on {info.shutdown}" if info.shutdown else ""
            return Notice(
                f"TUTOR_MODEL={model} is deprecated{when}; set TUTOR_MODEL={fix}",
                code="model_deprecated_on" if info.shutdown else "model_deprecated",
                args={"model": model, "shutdown": str(info.shutdown), "fix": fix},
            )
        return None

    def _network_problem(self) -> Problem | None:
        """After Gemini could not be reached, answer offline at once for a minute."""
        if self._network_down_since is None:
            return None
        waited = time.monotonic() - self._network_down_since
        if waited >= NETWORK_PAUSE_S:
            self._network_down_since = None
            return None
        return (
            "network",
            f"network unreachable (Gemini is tried again in {NETWORK_PAUSE_S - waited:.0f} s)",
        )

    def _budget_problem(self, prompt_chars: int, summary: SpendSummary) -> Problem | None:
        if self.settings.tier == "free":
            if summary.free_rpd == 0 or summary.free_rpm == 0:
                return "free_tier_model", (
                    f"{self.settings.model} is not offered on the free tier: choose a Flash or "
                    "Flash-Lite model (`tutor models`) or set TUTOR_TIER=paid"
                )
            if summary.free_rpd is not None and summary.requests_today >= summary.free_rpd:
                return "free_tier_day", (
                    f"free tier: {summary.requests_today} of {summary.free_rpd} requests used "
                    "today (Google's day resets at midnight Pacific)"
                )
            return None
        estimate = estimate_cost(
            prompt_chars,
            self.settings.max_output_tokens,
            self.prices.price(self.settings.model),
        )
        if summary.today + estimate > summary.daily_budget:
            return "over_budget_day", (
                f"over budget: today ${summary.today:.4f} of ${summary.daily_budget:.2f} "
                f"spent, the next call may cost up to ${estimate:.4f} "
                "(raise TUTOR_DAILY_BUDGET_USD)"
            )
        if summary.month + estimate > summary.monthly_budget:
            return "over_budget_month", (
                f"over budget: this month ${summary.month:.4f} of "
                f"${summary.monthly_budget:.2f} spent, the next call may cost up to "
                f"${estimate:.4f} (raise TUTOR_MONTHLY_BUDGET_USD)"
            )
        return None

    def route(
        self, *, force_offline: bool = False, prompt_chars: int = 0, refresh: bool = True
    ) -> Route:
        """The one routing decision: ask, structured calls and the status bar all use it."""
        wants_gemini = self.settings.has_key and not (force_offline or self.settings.offline)
        blocked = self._blocked() if wants_gemini else None
        budget_problem = None
        if wants_gemini and not blocked:
            budget_problem = self._budget_problem(prompt_chars, self.spend(refresh=refresh))
        return choose_route(
            self.settings,
            force_offline=force_offline,
            budget_problem=budget_problem,
            network_problem=self._network_problem() if wants_gemini else None,
            blocked=blocked,
        )

    def _note_failure(self, exc: Exception) -> None:
        """Remember failures that make further calls pointless for a while."""
        if isinstance(exc, GeminiAuthError):
            self._auth_refused = (self._key_fingerprint(), str(exc))
        elif isinstance(exc, GeminiQuotaExhausted):
            from tutor.gemini import next_pacific_midnight

            self._quota_until = (next_pacific_midnight(self._clock()), str(exc))
        elif isinstance(exc, GeminiModelError):
            self._model_refused = str(exc)
        elif isinstance(exc, GeminiNetworkError) and not exc.partial_text:
            self._network_down_since = time.monotonic()

    # prompts and cache ---------------------------------------------------------------
    def system_prompt(self, lang: str) -> str:
        from tutor.prompts import system_prompt

        return system_prompt(lang)

    def cache_key(self, question: str, lang: str, history: Sequence[tuple[str, str]] = ()) -> str:
        from tutor.cache import cache_key
        from tutor.prompts import prompt_hash
        from tutor.tools.registry import declarations

        context = [{"role": role, "text": text} for role, text in history]
        if lang not in self._schema_hashes:  # prompts and tool schemas are fixed per process
            self._schema_hashes[lang] = prompt_hash(
                self.system_prompt(lang), declarations(self.tools)
            )
        hashed = prompt_hash(self._schema_hashes[lang], context)
        return cache_key(
            model=self.settings.model, lang=lang, prompt_hash=hashed, question=question
        )

    def _gemini_chat(
        self, question: str, purpose: str, outstanding: dict[int, Decimal]
    ) -> GeminiChat:
        from tutor.gemini import GeminiChat

        return GeminiChat(
            self.settings,
            self.prices,
            client=self.client,
            reserve=self._reserver(question, purpose, outstanding),
            sleep=self._sleep,
        )

    async def run_tool(self, name: str, args: dict[str, Any], lang: str = "en") -> dict[str, Any]:
        """Run a tool off the event loop so the faces never freeze; the model gets a lean,
        capped copy of the result."""
        from tutor.tools.registry import call_tool

        output = await asyncio.to_thread(call_tool, self.tools, name, args, self.settings)
        return lean_tool_result(name, output, lang)

    # asking ---------------------------------------------------------------------------
    async def ask(
        self,
        question: str,
        *,
        lang: str | None = None,
        use_cache: bool = True,
        force_offline: bool = False,
        history: Sequence[tuple[str, str]] = (),
    ) -> AsyncIterator[Event]:
        """Answer one question as a stream of events, ending with one `FinalAnswer`.

        `history` holds earlier (role, text) turns of the conversation; the most recent ones
        that fit in MAX_HISTORY_CHARS go to Gemini, and into the cache key.
        """
        lang = lang or self.settings.lang
        history = recent_history(history)
        key = self.cache_key(question, lang, history)
        if use_cache and not force_offline:
            hit = self.cache.get(key)
            if hit is not None:
                self.session_cache_hits += 1
                yield TextDelta(hit.text)
                yield hit
                return
        prompt_chars = len(question) + len(self.system_prompt(lang))
        route = self.route(force_offline=force_offline, prompt_chars=prompt_chars)
        question_id = uuid.uuid4().hex
        partial = ""
        if route.kind == "gemini":
            if not self._startup_shown:
                self._startup_shown = True
                notice = self.startup_event()
                if notice is not None:
                    yield notice
            outstanding: dict[int, Decimal] = {}
            streamed: list[str] = []
            chat = self._gemini_chat(question_id, "ask", outstanding)
            try:
                async for event in self._ask_gemini(
                    chat, outstanding, question, lang, key, use_cache, history
                ):
                    if isinstance(event, TextDelta):
                        streamed.append(event.text)
                    if isinstance(event, FinalAnswer):
                        event = self._with_ledger_cost(event, question_id)
                        self._count(event)
                    yield event
                return
            except BudgetExceeded as exc:
                route = Route("offline", str(exc), error_code(exc))
                partial = "".join(streamed)
            except GeminiError as exc:
                self._note_failure(exc)
                route = Route("offline", str(exc), error_code(exc))
                partial = exc.partial_text
            finally:
                self._settle_outstanding(outstanding, "cancelled: the answer was not finished")
        async for event in self._ask_offline(question, lang, route, partial, question_id):
            yield event

    def _with_ledger_cost(self, answer: FinalAnswer, question_id: str) -> FinalAnswer:
        """The cost under an answer is the sum of that question's ledger rows."""
        from dataclasses import replace

        held = self.ledger.question_cost(question_id)
        return replace(
            answer,
            cost_usd=held.cost,
            tokens=held.tokens,
            cost_estimated=held.estimated,
            calls=held.calls,
        )

    def _count(self, answer: FinalAnswer) -> None:
        """Keep the status bar's summary current from the answer's own cost."""
        if self._summary is not None and answer.calls:
            self._summary = self._summary.plus(
                answer.model or self.settings.model, answer.cost_usd, answer.calls
            )

    async def _ask_gemini(
        self,
        chat: GeminiChat,
        outstanding: dict[int, Decimal],
        question: str,
        lang: str,
        key: str,
        use_cache: bool,
        history: Sequence[tuple[str, str]] = (),
    ) -> AsyncIterator[Event]:
        from tutor.gemini import AnswerDone, CallEnded, RoundResult, StructuredResult
        from tutor.tools.registry import declarations

        async def run_tool(name: str, args: dict[str, Any]) -> dict[str, Any]:
            return await self.run_tool(name, args, lang)

        done = AnswerDone("")

        async for item in chat.run(
            question,
            system=self.system_prompt(lang),
            declarations=declarations(self.tools),
            run_tool=run_tool,
            history=history,
        ):
            if isinstance(item, CallEnded):
                notice = self._unknown_version_notice(item)
                if notice:
                    yield notice
                usage = self._settle(item, outstanding)
                if usage is not None:
                    yield usage
            elif isinstance(item, AnswerDone):
                done = item
            elif isinstance(item, RoundResult | StructuredResult):
                continue
            else:
                yield item
        answer = FinalAnswer(
            text=done.text,
            source="gemini",
            model=self.settings.model,
            partial=done.partial,
        )
        if use_cache and done.text.strip() and not done.partial:
            try:
                self.cache.put(key, answer)
            except (OSError, sqlite3.Error) as exc:  # the answer matters more than its copy
                error = f"{type(exc).__name__}: {exc}"
                yield Notice(
                    f"answer not cached ({error})", code="not_cached", args={"error": error}
                )
        yield answer

    async def structured(
        self, prompt: str, schema: type[BaseModelT], *, system: str, purpose: str
    ) -> tuple[BaseModelT | None, str | None]:
        """One structured Gemini answer, or `(None, reason)` when it must be done offline."""
        value, route = await self._structured(prompt, schema, system=system, purpose=purpose)
        return value, None if route is None else route.reason

    async def _structured(
        self, prompt: str, schema: type[BaseModelT], *, system: str, purpose: str
    ) -> tuple[BaseModelT | None, Route | None]:
        """`structured`, with the offline route (its reason and code) when not answered."""
        from tutor.gemini import CallEnded, StructuredResult

        route = self.route(prompt_chars=len(prompt) + len(system))
        if route.kind != "gemini":
            return None, route
        outstanding: dict[int, Decimal] = {}
        chat = self._gemini_chat(uuid.uuid4().hex, purpose, outstanding)
        value = None
        try:
            async for item in chat.structured(prompt, system=system, schema=schema):
                if isinstance(item, CallEnded):
                    self._settle(item, outstanding)
                elif isinstance(item, StructuredResult):
                    value = item.value
        except (GeminiError, BudgetExceeded) as exc:
            self._note_failure(exc)
            return None, Route("offline", str(exc), error_code(exc))
        finally:
            self._settle_outstanding(outstanding, "cancelled: the answer was not finished")
        return value, None  # type: ignore[return-value]

    async def served_models(self) -> list[str]:
        """The models this key may use, from the models endpoint."""
        from tutor.gemini import list_models, map_api_error

        secret = self.settings.api_key.get_secret_value() if self.settings.api_key else None
        try:
            return await list_models(self.client)
        except Exception as exc:
            raise map_api_error(exc, secret=secret) from None

    async def reading_note(self, paper: Paper, lang: str | None = None) -> tuple[ReadingNote, str]:
        """A first-pass note: Gemini fills it from the abstract, or it is left as questions."""
        from tutor.messages import reason, t
        from tutor.prompts import load_prompt
        from tutor.tools.arxiv import OFFLINE_NOTE, ReadingNote

        lang = lang or self.settings.lang
        language = {"ja": "Japanese"}.get(lang, "English")
        system = load_prompt("reading_note").replace("{language}", language)
        prompt = f"Title: {paper.title}\narXiv: {paper.id}\n\nAbstract:\n{paper.abstract}"
        note, route = await self._structured(prompt, ReadingNote, system=system, purpose="note")
        if note is None:
            why = reason(route.code if route else None, lang, (route.reason or "") if route else "")
            return OFFLINE_NOTE, t("note.filled_offline", lang, reason=why)
        return note, t("note.filled_gemini", lang, model=self.settings.model)

    async def _ask_offline(
        self, question: str, lang: str, route: Route, partial: str, question_id: str
    ) -> AsyncIterator[Event]:
        """The offline answer; its reason is said once, on the answer's source line."""
        from tutor.offline.answer import offline_answer

        text = ""
        async for event in offline_answer(question, lang=lang, engine=self):
            if isinstance(event, TextDelta):
                text += event.text
            yield event
        answer = FinalAnswer(
            text=text,
            source="offline",
            offline_reason=route.reason or "offline",
            offline_code=route.code or "gemini_error",
            partial_text=partial,
        )
        if self.settings.has_key and "ledger" in self.__dict__:
            answer = self._with_ledger_cost(answer, question_id)  # failed attempts cost too
            self._count(answer)
        yield answer


def _close_async_client(client: Any) -> None:
    """Close an httpx.AsyncClient from sync code, when no loop is running."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        with contextlib.suppress(Exception):  # closing is best effort
            asyncio.run(client.aclose())
