"""The offline answer: a formula is explained by rules, a term by the glossary."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from tutor.events import Event, TextDelta, ToolCall, ToolResult

if TYPE_CHECKING:
    from tutor.engine import Engine

HELP = {
    "en": (
        "I can explain formulas and terms without Gemini. Paste a formula (LaTeX such as "
        "`\\nabla_\\theta \\mathcal{{L}}`) to have it read aloud, explained symbol by symbol "
        'and turned into NumPy, or ask about a term ("what is KL divergence?").{near}'
    ),
    "ja": (
        "Gemini なしでも数式と用語を説明できます。数式（`\\nabla_\\theta \\mathcal{{L}}` のような "
        "LaTeX）を貼り付けると、読み方・記号ごとの意味・NumPy での書き方を説明します。用語"
        "（「KL ダイバージェンスとは？」）も質問できます。{near}"
    ),
}
MATH_HINT = re.compile(r"\\[A-Za-z]+|\$|[_^]\{?|[=∑∏∫∇θσμ]")


def extract_formula(question: str) -> str | None:
    """The formula in a question: `$…$` spans, or the whole text if it looks like LaTeX."""
    spans = re.findall(r"\$\$(.+?)\$\$|\$(.+?)\$", question, flags=re.DOTALL)
    if spans:
        return " ".join(a or b for a, b in spans).strip()
    if len(MATH_HINT.findall(question)) >= 2 or question.strip().startswith("\\"):
        words = re.findall(r"[A-Za-z]{4,}", re.sub(r"\\[A-Za-z]+", "", question))
        if len(words) <= 3:  # mostly math, not a sentence that mentions a symbol
            return question.strip()
        match = re.search(r"(\\[A-Za-z].*)$", question.strip())
        return match.group(1) if match else None
    return None


async def offline_answer(question: str, *, lang: str, engine: Engine) -> AsyncIterator[Event]:
    """Yield the offline explanation of a question as events."""
    from tutor.offline.explain import explain_formula
    from tutor.offline.glossary import closest_terms, find_terms, glossary_markdown

    formula = extract_formula(question)
    if formula:
        yield ToolCall("explain_formula", {"latex": formula})
        explanation = await asyncio.to_thread(
            explain_formula, formula, lang=lang, settings=engine.settings
        )
        yield ToolResult(
            "explain_formula",
            {
                "known": explanation.known.id if explanation.known else None,
                "symbols": len(explanation.symbols),
                "unknown": explanation.unknown,
                "ran": bool(explanation.run and explanation.run.ok),
                "error": explanation.error,
            },
        )
        if not explanation.error:
            yield TextDelta(explanation.to_markdown(lang))
            return
        yield TextDelta(explanation.to_markdown(lang) + "\n\n")
    terms = find_terms(question)
    if terms:
        yield TextDelta(glossary_markdown(terms, lang))
        return
    near = closest_terms(question)
    hint = ""
    if near:
        hint = (" Did you mean: " if lang != "ja" else " もしかして: ") + ", ".join(near) + "?"
    yield TextDelta(HELP["ja" if lang == "ja" else "en"].format(near=hint))
