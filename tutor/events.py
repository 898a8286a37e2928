"""The typed events that `engine.ask()` yields; faces only render them."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from tutor.usage import TokenUsage

Source = Literal["cache", "gemini", "offline"]


@dataclass(frozen=True)
class TextDelta:
    """A piece of the answer as it streams in."""

    text: str


@dataclass(frozen=True)
class ToolCall:
    """The model (or the offline explainer) calls a local tool."""

    name: str
    args: dict[str, Any]
    call_id: str = ""


@dataclass(frozen=True)
class ToolResult:
    """What a tool returned, or why it failed."""

    name: str
    result: dict[str, Any] | None
    error: str | None = None
    call_id: str = ""


@dataclass(frozen=True)
class Usage:
    """Tokens and cost of one API call, as written to the ledger.

    `estimated` when the tokens are unknown (timeout, dropped stream, cancel) and the
    cost is the reserved worst case."""

    model: str
    tokens: TokenUsage
    cost_usd: Decimal
    estimated: bool = False
    status: str = "ok"


@dataclass(frozen=True)
class Progress:
    """What is happening while no text streams (a tool runs, the next round starts).

    With a `code`, faces render `progress.<code>` in the session language."""

    message: str
    code: str | None = None
    args: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Notice:
    """Something the learner should see that is not part of the answer (e.g. a retry).

    `message` is the English text; with a `code`, faces render `notice.<code>` from the
    catalogue in the session language, formatted with `args`."""

    message: str
    code: str | None = None
    args: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FinalAnswer:
    """The whole answer, where it came from, and what it cost."""

    text: str
    source: Source
    model: str | None = None
    offline_reason: str | None = None  # English detail (kept as is in --json)
    offline_code: str | None = None  # stable code: `reason.<code>` in the catalogue
    partial_text: str = ""
    tokens: TokenUsage = field(default_factory=TokenUsage)
    cost_usd: Decimal = Decimal(0)
    partial: bool = False  # `text` is Gemini's answer cut short (e.g. at the output cap)
    cost_estimated: bool = False  # part of the cost is an estimate (tokens unknown)
    calls: int = 0  # ledger rows behind `cost_usd`

    @property
    def for_history(self) -> str | None:
        """What may go back to Gemini as its own earlier words: never the offline text."""
        if self.source == "offline" or not self.text.strip():
            return None
        return self.text

    def to_json(self) -> dict[str, Any]:
        return {
            "answer": self.text,
            "source": self.source,
            "model": self.model,
            "offline_reason": self.offline_reason,
            "partial_text": self.partial_text,
            "usage": {
                "prompt_tokens": self.tokens.prompt,
                "output_tokens": self.tokens.output,
                "thinking_tokens": self.tokens.thinking,
                "cached_tokens": self.tokens.cached,
                "tool_use_tokens": self.tokens.tool_use,
            },
            "cost_usd": str(self.cost_usd),
            "cost_estimated": self.cost_estimated,
            "partial": self.partial,
        }


Event = TextDelta | ToolCall | ToolResult | Usage | Notice | Progress | FinalAnswer
