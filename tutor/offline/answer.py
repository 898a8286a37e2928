"""The offline answer: formulas explained by rules, terms by the glossary."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from tutor.events import Event, TextDelta

if TYPE_CHECKING:
    from tutor.engine import Engine

HELP_EN = (
    "I can't reach Gemini right now, so this answer is rule-based. Paste a formula "
    "(LaTeX such as `\\nabla_\\theta \\mathcal{L}`) to have it read aloud, explained "
    'symbol by symbol and turned into NumPy, or ask about a term ("what is KL divergence?").'
)
HELP_JA = (
    "現在 Gemini に接続できないため、規則ベースで答えます。数式（`\\nabla_\\theta \\mathcal{L}` "
    "のような LaTeX）を貼り付けると、読み方・記号ごとの意味・NumPy での書き方を説明します。"
    "用語（「KL ダイバージェンスとは？」）も質問できます。"
)


async def offline_answer(question: str, *, lang: str, engine: Engine) -> AsyncIterator[Event]:
    """Yield the offline explanation of a question as text events."""
    yield TextDelta(HELP_JA if lang == "ja" else HELP_EN)
