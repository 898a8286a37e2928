"""Token counts of one Gemini call: a light type shared by events, ledger and cache.

Kept free of pydantic so that importing `tutor.events` stays cheap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class TokenUsage:
    """Token counts from Gemini's usageMetadata for one call."""

    prompt: int = 0
    output: int = 0
    thinking: int = 0
    cached: int = 0
    tool_use: int = 0

    def __add__(self, other: TokenUsage) -> TokenUsage:
        return TokenUsage(
            self.prompt + other.prompt,
            self.output + other.output,
            self.thinking + other.thinking,
            self.cached + other.cached,
            self.tool_use + other.tool_use,
        )

    @property
    def total(self) -> int:
        return self.prompt + self.output + self.thinking + self.tool_use


@dataclass(frozen=True)
class QuestionCost:
    """What the ledger holds for one question: the sum the user is shown."""

    cost: Decimal = Decimal(0)
    tokens: TokenUsage = field(default_factory=TokenUsage)
    calls: int = 0
    estimated: bool = False
