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
            "（オフラインの目安：説明した記号と要点を数えています）"
            if ja
            else " (offline heuristic: counts the symbols and ideas you explain)"
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
    text = unicodedata.normalize("NFKC", text).casefold()
    # "y-hat", "y_hat", "y^" read as "y hat"; "x-bar" as "x bar"
    text = re.sub(r"(?<=[a-z])[-_](?=[a-z])", " ", text)
    # the short words people write for a symbol's name: "grad log prob"
    text = re.sub(r"\bgrad\b", "gradient", text)
    text = re.sub(r"\bprobs?\b", "probability", text)
    return re.sub(r"\b([a-z])\^", r"\1 hat", text)


CJK = r"\u3040-\u30ff\u3400-\u9fff"
# words that tie a symbol to what it means: an explanation has them, a keyword list does not
LINKS_EN = set(
    [
        "is",
        "are",
        "be",
        "means",
        "mean",
        "meaning",
        "denotes",
        "denote",
        "stands",
        "stand",
        "represents",
        "represent",
        "gives",
        "give",
        "takes",
        "take",
        "maps",
        "map",
        "turns",
        "turn",
        "squashes",
        "squash",
        "measures",
        "measure",
        "adds",
        "add",
        "sums",
        "sum",
        "divides",
        "divide",
        "multiplies",
        "multiply",
        "scales",
        "scale",
        "becomes",
        "become",
        "counts",
        "count",
        "runs",
        "run",
        "ranges",
        "equals",
        "equal",
        "controls",
        "control",
        "weights",
        "weight",
        "averages",
        "average",
        "computes",
        "compute",
        "makes",
        "make",
        "goes",
        "pushes",
        "push",
        "keeps",
        "keep",
        "shrinks",
        "shrink",
        "grows",
        "grow",
        "called",
        "written",
        "read",
        "how",
        "what",
        "which",
        "that",
        "where",
        "when",
        "so",
        "because",
        "if",
        "then",
    ]
)
FUNCTION_EN = (
    set(
        [
            "the",
            "a",
            "an",
            "of",
            "to",
            "in",
            "into",
            "over",
            "for",
            "by",
            "with",
            "from",
            "and",
            "or",
            "each",
            "every",
            "all",
            "its",
            "it",
            "this",
            "on",
            "as",
            "at",
            "than",
            "between",
        ]
    )
    | LINKS_EN
)
# words that relate one named thing to another ("the gradient OF the log probability
# TIMES the return"): a sentence that names many symbols in words is held together by
# them, a list of keywords has none
RELATIONS_EN = set(
    [
        "of",
        "times",
        "over",
        "by",
        "with",
        "given",
        "under",
        "into",
        "from",
        "minus",
        "plus",
        "divided",
        "per",
        "than",
        "between",
        "equals",
        "equal",
        "respect",
    ]
)
LINKS_JA = re.compile(r"(は|が|を|とは|で|に|の|表|意味|です|ます|する|なる|という)")


def _clauses(text: str) -> list[str]:
    return [c.strip() for c in re.split(r"[.;!?。！？\n]+", text) if c.strip()]


def _explains(clause: str, names: int, listed: set[str]) -> bool:
    """Does this clause say something, rather than list names? It must have linking words
    (English) or particles (Japanese), and words of its own beyond the symbol names and
    key words (`listed`) it mentions: a list of keywords has neither."""
    relations = sum(w in RELATIONS_EN for w in re.findall(r"[a-z]+", clause))
    for term in sorted(listed, key=len, reverse=True):
        if len(term) > 1 and term in clause:
            clause = clause.replace(term, " ")
    words = [w for w in re.findall(r"[a-z]+", clause) if len(w) > 1]
    cjk = len(re.findall(f"[{CJK}]", clause))
    function = sum(w in FUNCTION_EN for w in words)
    links = sum(w in LINKS_EN for w in words)
    own = len(words) - function
    # symbols named in words leave few words of the learner's own: relating words count then
    related = relations >= max(2, (names + 1) // 2)
    english = (
        (links >= 1 or function >= 3)
        and function >= 2
        and (own >= max(1, (names + 1) // 2) or related)
    )
    particles = len(LINKS_JA.findall(clause))
    japanese = cjk >= 2 * max(names, 1) and particles >= max(2, (names + 1) // 2)
    return english or japanese


def _candidates(item: SymbolItem) -> set[str]:
    found = {item.latex.strip("\\"), item.unicode}
    if item.read:
        for reading in (item.read.en, item.read.ja):
            for part in re.split(r"[／/(),（）]", reading):
                part = _norm(part.strip())
                found.add(part)
                hat = re.fullmatch(r"([a-z]) (hat|bar|tilde|dot)", part)
                if hat:  # "hat y" and "yhat" as well as "y hat"
                    found |= {f"{hat.group(2)} {hat.group(1)}", hat.group(1) + hat.group(2)}
    if item.meaning:
        found.update(re.findall(r"[A-Za-z]{5,}", item.meaning.en)[:3])
    return {_norm(c) for c in found if c}


def _mentioned(clause: str, candidates: set[str]) -> bool:
    for c in candidates:
        if len(c) == 1 and c.isascii():  # a single letter only as a word of its own
            if re.search(rf"(?<![a-z0-9]){re.escape(c)}(?![a-z0-9])", clause):
                return True
        elif c in clause:
            return True
    return False


def _ja_terms(text: str) -> list[str]:
    """Key terms of a Japanese text: katakana words and kanji compounds."""
    return list(dict.fromkeys(re.findall(r"[ァ-ヶー]{3,}|[\u4e00-\u9fff]{2,}", text)))


def heuristic_feedback(latex: str, explanation: str, lang: str = "en") -> Feedback:
    """Which symbols and ideas of the formula the explanation explains; labelled a heuristic.

    A symbol counts only when it is named inside a clause that says something about it
    (linking words in English, particles in Japanese), so a list of keywords scores low.
    """
    from tutor.offline.explain import explain_formula

    result = explain_formula(latex, lang=lang, run=False)
    clauses = [_norm(c) for c in _clauses(explanation)]
    items = [
        i for i in result.symbols if i.known and i.kind == "symbol" and i.category not in ("misc",)
    ]
    candidates = {id(i): _candidates(i) for i in items}
    key_words: list[str] = []
    names: tuple[str, ...] = ()
    if result.known is not None:
        key_words = re.findall(r"[A-Za-z]{5,}", result.known.what.en)[:6]
        key_words += _ja_terms(result.known.what.ja)[:6]
        names = (result.known.name.en.split(" (")[0], result.known.name.ja)
    listed = {_norm(w) for w in [*key_words, *names]}
    listed |= {_norm(w) for n in names for w in re.findall(r"[A-Za-z]+", n)}
    for item in items:
        listed |= candidates[id(item)]
    explaining = []
    for clause in clauses:
        named = sum(_mentioned(clause, candidates[id(i)]) for i in items)
        if _explains(clause, named, listed):
            explaining.append(clause)
    covered = [i for i in items if any(_mentioned(c, candidates[id(i)]) for c in explaining)]
    missed = [symbols_to_unicode(i.latex) for i in items if i not in covered]
    text = " ".join(explaining)
    ideas = [w for w in key_words if _norm(w) in text]
    hits = len(ideas)
    if any(_norm(n) in text for n in names):
        hits += 2
    coverage = (len(covered) + min(hits, 4)) / max(len(items) + 4, 1)
    score = max(0, min(5, round(5 * coverage)))
    correct = [
        f"explains {i.unicode or i.latex}"
        if lang != "ja"
        else f"{i.unicode or i.latex} を説明している"
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
