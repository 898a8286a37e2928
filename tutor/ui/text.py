"""Text helpers for the TUI: cleaning outside text, the question's language, formulas,
and LaTeX rendering kept off the event loop with a time limit."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import TypeVar

from tutor.sanitize import clean, clean_markdown, one_line

T = TypeVar("T")
A = TypeVar("A")

RENDER_TIMEOUT_S = 2.0

__all__ = ["bounded", "clean", "clean_markdown", "detect_lang", "formulas_in", "one_line"]


_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")


def detect_lang(text: str) -> str | None:
    """Return "ja" when the question is written in Japanese (kana or kanji), else None."""
    return "ja" if _JAPANESE.search(text) else None


_MATH = re.compile(
    r"\$\$(.+?)\$\$|(?<![\\$\w])\$(?=\S)([^$\n]+?)(?<=\S)\$(?!\d)|\\\[(.+?)\\\]|\\\((.+?)\\\)",
    re.DOTALL,
)
_FENCE = re.compile(r"^```.*?^```[ \t]*$", re.MULTILINE | re.DOTALL)


def formulas_in(markdown: str) -> list[str]:
    """The LaTeX formulas written as math in an answer (code blocks left out)."""
    prose = _FENCE.sub("", markdown)
    found = []
    for match in _MATH.finditer(prose):
        latex = next(g for g in match.groups() if g is not None).strip()
        if latex and latex not in found:
            found.append(latex)
    return found


def formula_of(question: str) -> str | None:
    """The formula a question or command is about, if any."""
    from tutor.offline.answer import extract_formula

    text = question
    for command in ("/explain ", "/symbol "):
        if text.startswith(command):
            return text[len(command) :].strip() or None
    if text.startswith("/"):
        return None
    return extract_formula(text)


def raw_view(markdown: str, formulas: list[str]) -> str:
    """The answer with its math as LaTeX: `$…$` kept as written, and for an answer that
    shows a formula only as Unicode (the offline explainer), the formula's LaTeX on top."""
    missing = [f for f in formulas if f not in markdown]
    if not missing:
        return markdown
    block = "```latex\n" + "\n".join(missing) + "\n```\n\n"
    if markdown.startswith("```text\n"):
        end = markdown.find("\n```", 8)
        if end != -1:
            return block + markdown[end + 4 :].lstrip("\n")
    return block + markdown


async def bounded(fn: Callable[[A], T], text: A, fallback: T) -> tuple[T, bool]:
    """`fn(text)` in a thread, given RENDER_TIMEOUT_S; (result, True) or (fallback, False).

    Rendering hostile LaTeX must never freeze the interface: the event loop only waits.
    """
    try:
        return await asyncio.wait_for(asyncio.to_thread(fn, text), RENDER_TIMEOUT_S), True
    except TimeoutError:
        return fallback, False
    except Exception:  # a renderer bug shows the text as written, never a traceback
        return fallback, False


def render_math_text(markdown: str) -> str:
    from tutor.latex.markdown import render_math

    return render_math(markdown)


def with_unicode(text: str) -> str:
    """A pasted formula is shown as written and, beneath it, as readable Unicode."""
    from tutor.latex.unicode import to_unicode

    formula = formula_of(text) if not text.startswith("/") else None
    if not formula:
        return text
    shown = to_unicode(formula)
    return text if shown == formula.strip() else f"{text}\n  ⟶ {shown}"
