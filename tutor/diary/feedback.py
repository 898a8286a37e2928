"""Feedback on a learner's explanation: Gemini with a rubric, or an honest heuristic."""

from __future__ import annotations

import re
import unicodedata

from pydantic import BaseModel, Field

from tutor.tools.symbols import SymbolItem, symbols_to_unicode


class Feedback(BaseModel):
    """The rubric, in the learner's language."""

    score: int = Field(ge=0, le=5, description="0 = wrong or empty, 5 = complete and precise")
    correct: list[str] = Field(description="what the explanation gets right")
    missed_symbols: list[str] = Field(description="symbols not explained or misread")
    misconceptions: list[str] = Field(description="statements that are wrong")
    model_explanation: str = Field(description="a short model explanation of the formula")
    source: str = Field(default="gemini", description="gemini, or heuristic when offline")

    def to_markdown(self, lang: str = "en") -> str:
        ja = lang == "ja"
        label = (
            "（オフラインの目安：記号と要点の言及だけを数えています）"
            if ja
            else " (offline heuristic: counts which symbols and ideas you mention)"
        )
        lines = [
            f"**{'スコア' if ja else 'Score'}: {self.score}/5**"
            + (label if self.source == "heuristic" else "")
        ]
        for title_en, title_ja, items in (
            ("Right", "良い点", self.correct),
            ("Missed symbols", "抜けた記号", self.missed_symbols),
            ("Misconceptions", "誤解", self.misconceptions),
        ):
            if items:
                lines.append(f"**{title_ja if ja else title_en}:** " + "; ".join(items))
        if self.model_explanation:
            lines.append(
                f"**{'模範解答' if ja else 'Model explanation'}:** " + self.model_explanation
            )
        return "\n\n".join(lines)


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _mentions(text: str, item: SymbolItem) -> bool:
    """Does the explanation name this symbol (its glyph, LaTeX, reading or a key word)?"""
    candidates = {item.latex.strip("\\"), item.unicode}
    if item.read:
        for reading in (item.read.en, item.read.ja):
            candidates.update(p.strip() for p in re.split(r"[／/(),（）]", reading))
    if item.meaning:
        words = re.findall(r"[A-Za-z]{5,}", item.meaning.en)[:3]
        candidates.update(words)
    candidates = {c for c in candidates if (c and len(c) > 1) or c in ("θ", "α", "σ", "μ")}
    return any(_norm(c) in text for c in candidates)


def heuristic_feedback(latex: str, explanation: str, lang: str = "en") -> Feedback:
    """Which symbols and ideas of the formula the explanation covers; labelled a heuristic."""
    from tutor.offline.explain import explain_formula

    result = explain_formula(latex, lang=lang, run=False)
    text = _norm(explanation)
    items = [
        i for i in result.symbols if i.known and i.kind == "symbol" and i.category not in ("misc",)
    ]
    covered = [i for i in items if _mentions(text, i)]
    missed = [symbols_to_unicode(i.latex) for i in items if i not in covered]
    ideas: list[str] = []
    hits = 0
    if result.known is not None:
        key_words = [w for w in re.findall(r"[A-Za-z]{5,}", result.known.what.en)][:6]
        ideas = [w for w in key_words if _norm(w) in text]
        hits = len(ideas)
        if (
            _norm(result.known.name.en.split(" (")[0]) in text
            or _norm(result.known.name.ja) in text
        ):
            hits += 2
    coverage = (len(covered) + min(hits, 4)) / max(len(items) + 4, 1)
    if len(explanation.split()) < 4 and not re.search(
        r"[\u3040-\u30ff\u4e00-\u9fff]{6,}", explanation
    ):
        coverage = min(coverage, 0.2)
    score = max(0, min(5, round(5 * coverage)))
    correct = [
        f"mentions {i.unicode or i.latex}"
        if lang != "ja"
        else f"{i.unicode or i.latex} に触れている"
        for i in covered
    ]
    if ideas:
        correct.append(("key ideas: " if lang != "ja" else "要点: ") + ", ".join(ideas))
    model = result.known.what.get(lang) if result.known else result.reading
    return Feedback(
        score=score,
        correct=correct,
        missed_symbols=missed,
        misconceptions=[],
        model_explanation=model,
        source="heuristic",
    )
