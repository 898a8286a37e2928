"""The offline answer: a formula is explained by rules, a term by the glossary."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from tutor.events import Event, TextDelta, ToolCall, ToolResult

if TYPE_CHECKING:
    from tutor.engine import Engine

MATH_HINT = re.compile(r"\\[A-Za-z]+|\$|[_^]\{?|[=∑∏∫∇θσμ]")


PROSE = re.compile(r"^[A-Za-z][a-z]{2,}[?.,!:;]*$|^[\u3040-\u30ff\u4e00-\u9fff、。？！]+$")


MATH_TOKEN = re.compile(
    r"\\|[_^=+|{}∑∏∫∇θσμ≤≥≈∈]"  # a command, a script, an operator or a math glyph
    r"|^[A-Za-z]\(|\([A-Za-z0-9,]{1,5}\)"  # f(x), p(y|x), (i)
    r"|^[-*/<>]$|^\d"  # a lone operator, a number
)


def _is_math_token(token: str) -> bool:
    """A word that can only be math, not prose with a hyphen or a remark in brackets."""
    return bool(MATH_TOKEN.search(token))


def _loose(token: str) -> bool:
    """A single letter or digit next to math belongs to it (the `g` of `α g`)."""
    return bool(re.fullmatch(r"[A-Za-z0-9][?.,!]?", token)) and token[0] not in "aAI"


def extract_formula(question: str) -> str | None:
    """The formula in a question: `$…$` spans, else the run of math-looking words
    (so "what does \\sum_i x_i mean?" gives `\\sum_i x_i`)."""
    spans = re.findall(r"\$\$(.+?)\$\$|\$(.+?)\$", question, flags=re.DOTALL)
    if spans:
        return " ".join(a or b for a, b in spans).strip()
    tokens = question.split()
    strong = sum(1 for t in tokens if _is_math_token(t))
    if (
        strong < 2
        and len(MATH_HINT.findall(question)) < 2
        and not question.strip().startswith("\\")
    ):
        return None
    prose = [t for t in tokens if PROSE.match(t) and not _is_math_token(t)]
    if not prose:  # all math
        return question.strip()
    math_positions = [i for i, t in enumerate(tokens) if _is_math_token(t) and not PROSE.match(t)]
    if not math_positions:
        return None
    first, last = math_positions[0], math_positions[-1]
    while first > 0 and _loose(tokens[first - 1]):
        first -= 1
    while last + 1 < len(tokens) and _loose(tokens[last + 1]):
        last += 1
    span = " ".join(tokens[first : last + 1]).rstrip("?.,!")
    return span or None


async def offline_answer(question: str, *, lang: str, engine: Engine) -> AsyncIterator[Event]:
    """Yield the offline explanation of a question as events."""
    from tutor.offline.explain import explain_formula
    from tutor.offline.glossary import closest_terms
    from tutor.offline.questions import answer_terms
    from tutor.offline.text import text

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
    answer = answer_terms(question, lang)
    if answer is not None:
        yield TextDelta(answer)
        return
    near = closest_terms(question)
    hint = text("did_you_mean", lang, names=", ".join(near)) if near else ""
    yield TextDelta(text("help", lang, near=hint))
