"""The headless core: `Engine.ask()` routes a question and yields typed events.

Routing lives in one function, `choose_route`: a cache hit answers; with a key, budget
left and no forced offline mode Gemini answers with tools; otherwise the offline
explainer does, with a visible reason. A Gemini failure falls back offline, keeping any
partial text.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from tutor.config import Settings
from tutor.errors import BudgetExceeded, GeminiError, GeminiNetworkError
from tutor.events import Event, FinalAnswer, Notice, TextDelta
from tutor.spend import (
    Ledger,
    PriceTable,
    SpendSummary,
    check_budget,
    estimate_cost,
    load_prices,
)

if TYPE_CHECKING:
    import httpx
    from pydantic import BaseModel

    from tutor.cache import AnswerCache
    from tutor.gemini import GeminiChat
    from tutor.tools.arxiv import Paper, ReadingNote
    from tutor.tools.registry import Tool


MAX_HISTORY_CHARS = 24_000
MAX_HISTORY_TURNS = 12


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


BaseModelT = TypeVar("BaseModelT", bound="BaseModel")


@dataclass(frozen=True)
class Route:
    kind: str  # "gemini" or "offline"
    reason: str | None = None


def choose_route(
    settings: Settings,
    *,
    force_offline: bool,
    budget_problem: str | None,
    network_problem: str | None = None,
) -> Route:
    """The one routing decision (after the cache has been asked)."""
    if force_offline or settings.offline:
        return Route("offline", "offline mode")
    if not settings.has_key:
        return Route("offline", "no API key")
    if budget_problem:
        return Route("offline", budget_problem)
    if network_problem:
        return Route("offline", network_problem)
    return Route("gemini")


NETWORK_PAUSE_S = 60.0


class Engine:
    """Owns the ledger, cache and tools for one process; faces hold one of these."""

    def __init__(
        self,
        settings: Settings,
        *,
        http_client: httpx.Client | None = None,
        async_http_client: httpx.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.settings = settings
        self._sleep = sleep
        self._http_client = http_client
        self._async_http_client = async_http_client
        self.session_cache_hits = 0
        self._network_down_since: float | None = None
        self._schema_hashes: dict[str, str] = {}

    @cached_property
    def ledger(self) -> Ledger:
        return Ledger(self.settings.data_dir / "ledger.sqlite3")

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

    def close(self) -> None:
        for name in ("ledger", "cache"):
            if name in self.__dict__:
                self.__dict__[name].close()

    def spend(self) -> SpendSummary:
        return self.ledger.summary(self.settings.daily_budget_usd, self.settings.monthly_budget_usd)

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

    def _network_problem(self) -> str | None:
        """After Gemini could not be reached, answer offline at once for a minute."""
        if self._network_down_since is None:
            return None
        waited = time.monotonic() - self._network_down_since
        if waited >= NETWORK_PAUSE_S:
            self._network_down_since = None
            return None
        return f"network unreachable (Gemini is tried again in {NETWORK_PAUSE_S - waited:.0f} s)"

    def _budget_guard(self, estimate: Decimal) -> None:
        check_budget(self.spend(), estimate)

    def _budget_problem(self, question: str, lang: str) -> str | None:
        estimate = estimate_cost(
            len(question) + len(self.system_prompt(lang)),
            self.settings.max_output_tokens,
            self.prices.price(self.settings.model),
        )
        try:
            self._budget_guard(estimate)
        except BudgetExceeded as exc:
            return str(exc)
        return None

    def _gemini_chat(self) -> GeminiChat:
        """A chat over our own httpx clients (the seam the tests mock with respx)."""
        from tutor.gemini import GeminiChat, make_client

        client = make_client(
            self.settings, http_client=self._http_client, async_http_client=self._async_http_client
        )
        return GeminiChat(self.settings, self.ledger, self.prices, client=client, sleep=self._sleep)

    async def run_tool(self, name: str, args: dict[str, Any]) -> dict[str, Any]:
        """Run a tool off the event loop so the faces never freeze."""
        from tutor.tools.registry import call_tool

        return await asyncio.to_thread(call_tool, self.tools, name, args, self.settings)

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
        budget_problem = None
        if self.settings.has_key and not (force_offline or self.settings.offline):
            budget_problem = self._budget_problem(question, lang)
        route = choose_route(
            self.settings,
            force_offline=force_offline,
            budget_problem=budget_problem,
            network_problem=self._network_problem(),
        )
        if route.kind == "gemini":
            try:
                async for event in self._ask_gemini(question, lang, key, use_cache, history):
                    yield event
                return
            except BudgetExceeded as exc:
                route = Route("offline", str(exc))
                partial = ""
            except GeminiError as exc:
                route = Route("offline", str(exc))
                partial = exc.partial_text
                if isinstance(exc, GeminiNetworkError) and not partial:
                    self._network_down_since = time.monotonic()
        else:
            partial = ""
        async for event in self._ask_offline(question, lang, route.reason or "offline", partial):
            yield event

    async def _ask_gemini(
        self,
        question: str,
        lang: str,
        key: str,
        use_cache: bool,
        history: Sequence[tuple[str, str]] = (),
    ) -> AsyncIterator[Event]:
        from tutor.tools.registry import declarations

        if not self.prices.knows(self.settings.model):
            yield Notice(
                f"no price for {self.settings.model}: its calls are costed at the table's "
                "conservative fallback (add it with TUTOR_PRICES_FILE)"
            )
        chat = self._gemini_chat()
        async for event in chat.run(
            question,
            system=self.system_prompt(lang),
            declarations=declarations(self.tools),
            run_tool=self.run_tool,
            guard=self._budget_guard,
            history=history,
        ):
            yield event
        answer = FinalAnswer(
            text=chat.text,
            source="gemini",
            model=self.settings.model,
            tokens=chat.tokens,
            cost_usd=chat.cost,
        )
        if use_cache and chat.text.strip():
            try:
                self.cache.put(key, answer)
            except (OSError, sqlite3.Error) as exc:  # the answer matters more than its copy
                yield Notice(f"answer not cached ({type(exc).__name__}: {exc})")
        yield answer

    async def structured(
        self, prompt: str, schema: type[BaseModelT], *, system: str, purpose: str
    ) -> tuple[BaseModelT | None, str | None]:
        """One structured Gemini answer, or `(None, reason)` when it must be done offline."""
        if self.settings.offline:
            return None, "offline mode"
        if not self.settings.has_key:
            return None, "no API key"

        chat = self._gemini_chat()
        try:
            result = await chat.structured(
                prompt, system=system, schema=schema, guard=self._budget_guard, purpose=purpose
            )
        except (GeminiError, BudgetExceeded) as exc:
            return None, str(exc)
        return result, None  # type: ignore[return-value]

    async def reading_note(self, paper: Paper, lang: str | None = None) -> tuple[ReadingNote, str]:
        """A first-pass note: Gemini fills it from the abstract, or it is left as questions."""
        from tutor.prompts import load_prompt
        from tutor.tools.arxiv import OFFLINE_NOTE, ReadingNote

        language = {"ja": "Japanese"}.get(lang or self.settings.lang, "English")
        system = load_prompt("reading_note").replace("{language}", language)
        prompt = f"Title: {paper.title}\narXiv: {paper.id}\n\nAbstract:\n{paper.abstract}"
        note, reason = await self.structured(prompt, ReadingNote, system=system, purpose="note")
        if note is None:
            return OFFLINE_NOTE, f"offline ({reason}): questions to answer"
        return note, f"gemini ({self.settings.model}) from the abstract"

    async def _ask_offline(
        self, question: str, lang: str, reason: str, partial: str
    ) -> AsyncIterator[Event]:
        from tutor.offline.answer import offline_answer

        yield Notice(f"offline: {reason}")
        text = ""
        async for event in offline_answer(question, lang=lang, engine=self):
            if isinstance(event, TextDelta):
                text += event.text
            yield event
        yield FinalAnswer(text=text, source="offline", offline_reason=reason, partial_text=partial)
