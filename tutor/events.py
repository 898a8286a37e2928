"""The typed events that `engine.ask()` yields; faces only render them."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from tutor.spend import TokenUsage

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
    """Tokens and cost of one API call, already written to the ledger."""

    model: str
    tokens: TokenUsage
    cost_usd: Decimal


@dataclass(frozen=True)
class Notice:
    """Something the learner should see that is not part of the answer (e.g. a retry)."""

    message: str


@dataclass(frozen=True)
class FinalAnswer:
    """The whole answer, where it came from, and what it cost."""

    text: str
    source: Source
    model: str | None = None
    offline_reason: str | None = None
    partial_text: str = ""
    tokens: TokenUsage = field(default_factory=TokenUsage)
    cost_usd: Decimal = Decimal(0)

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
        }


Event = TextDelta | ToolCall | ToolResult | Usage | Notice | FinalAnswer
