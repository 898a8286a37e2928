"""Offline answers to questions about terms: what, why, and A vs B.

A "why" question gets the reason the data gives (a formula's pitfall says why softmax
subtracts the max: exp overflows); "A vs B" gets a comparison; a term the glossary does
not know is said to be unknown offline, never answered with a nearby term.
"""

from __future__ import annotations

import re
import unicodedata

from tutor.offline.glossary import Term, find_terms, glossary, glossary_markdown
from tutor.offline.text import text

WHY = re.compile(r"^\s*(why|how come)\b|なぜ|どうして|理由", re.IGNORECASE)
VERSUS = re.compile(
    r"\bvs\.?\b|\bversus\b|\bdifference between\b|\bcompare\b|\bcompared\b|違い|比較",
    re.IGNORECASE,
)
SUBJECT = re.compile(
    r"^\s*(?:what(?:'s| is| are| does)|define|explain|tell me about|meaning of)\s+"
    r"(?:an?\s+|the\s+)?(?P<subject>.+?)(?:\s+mean)?\s*[?.!]*\s*$",
    re.IGNORECASE,
)
SUBJECT_JA = re.compile(r"^\s*(?P<subject>.+?)\s*(?:とは|って何|ってなに|は何|とはなに)")


def _norm(words: str) -> str:
    words = unicodedata.normalize("NFKC", words).casefold()
    return " ".join(re.sub(r"[^\w\u3040-\u30ff\u4e00-\u9fff]+|_", " ", words).split())


def asked_subject(question: str) -> str | None:
    """The thing a "what is X?" question asks about, if it has that shape."""
    for pattern in (SUBJECT, SUBJECT_JA):
        match = pattern.search(question)
        if match:
            return match.group("subject")
    return None


STOP = {"in", "a", "an", "the", "of", "for", "and", "to", "on", "with", "its", "my", "this", "の"}


def _covered(terms: list[Term], subject: str) -> bool:
    """The terms found name the whole subject: "ELBO in a VAE" yes, "flash attention" no."""
    rest = f" {_norm(subject)} "
    names = sorted((_norm(n) for t in terms for n in t.names() if n.strip()), key=len, reverse=True)
    for name in names:
        if name:
            rest = (
                rest.replace(f" {name} ", " ").replace(name, " ")
                if not name.isascii()
                else rest.replace(f" {name} ", " ")
            )
    return all(word in STOP for word in rest.split())


# the two sides of a comparison: "A vs B", "difference between A and B", "compare A with B"
SIDES = (
    re.compile(r"(?:difference|differences)\s+between\s+(?P<a>.+?)\s+and\s+(?P<b>.+)", re.I),
    re.compile(r"\bcompare\s+(?P<a>.+?)\s+(?:and|with|to)\s+(?P<b>.+)", re.I),
    re.compile(r"(?P<a>.+?)\s+(?:vs\.?|versus|compared (?:to|with))\s+(?P<b>.+)", re.I),
    re.compile(r"(?P<a>.+?)\s*と\s*(?P<b>.+?)\s*(?:の違い|の比較|を比較)"),
)
LEAD = re.compile(r"^\s*(?:what(?:'s| is| are)(?: the)?|how (?:do|does|is|are))\s+", re.I)


def compared_sides(question: str) -> tuple[str, str] | None:
    """The two things a comparison question names, as written."""
    for pattern in SIDES:
        match = pattern.search(question)
        if match:
            a = LEAD.sub("", match.group("a")).strip(" ?.!,")
            b = match.group("b").strip(" ?.!,。？")
            b = re.sub(r"\s+(?:differ|compare)\b.*$", "", b, flags=re.I)
            if len(a.split()) == 1 and len(b.split()) > 1 and not find_terms(a, limit=1):
                a = f"{a} {b.split(maxsplit=1)[1]}"  # "L1 and L2 regularisation": L1 regularisation
            if a and b:
                return a, b
    return None


def _versus(question: str, lang: str) -> str | None:
    """A comparison when both sides are known offline; else which side is not."""
    sides = compared_sides(question)
    if sides is None:
        return None
    found = [find_terms(side, limit=1) for side in sides]
    unknown = [side for side, terms in zip(sides, found, strict=True) if not _covered(terms, side)]
    if unknown:
        known = ", ".join(dict.fromkeys(t[0].term.get(lang) for t in found if t))
        line = " ".join(text("unknown_term", lang, term=side) for side in unknown)
        return line + (" " + text("known_in_question", lang, names=known) if known else "")
    a, b = found[0][0], found[1][0]
    return compare(a, b, lang) if a is not b else None


def answer_terms(question: str, lang: str) -> str | None:
    """Markdown for a question about terms, or None when no term is named at all."""
    terms = find_terms(question)
    if VERSUS.search(question):
        answered = _versus(question, lang)
        if answered is not None:
            return answered
        if len(terms) >= 2:
            return compare(terms[0], terms[1], lang)
    if WHY.search(question) and terms:
        return why(terms, lang)
    if WHY.search(question):
        return text("unknown_why", lang)
    subject = asked_subject(question)
    if subject is not None and not _covered(terms, subject):
        known = ", ".join(t.term.get(lang) for t in terms)
        line = text("unknown_term", lang, term=subject.strip())
        return line + (" " + text("known_in_question", lang, names=known) if known else "")
    if terms:
        return glossary_markdown(terms, lang)
    return None


def why(terms: list[Term], lang: str) -> str:
    """The reasons the data gives: each linked formula's pitfall, with the term defined."""
    from tutor.offline.bank import formula_bank

    formulas = {f.id: f for f in formula_bank().formulas}
    out = []
    for term in terms[:2]:
        reasons = [formulas[f].pitfall.get(lang) for f in term.formulas if f in formulas]
        block = [f"**{term.term.get(lang)}**: {term.definition.get(lang)}"]
        if reasons:
            block.append(f"**{text('why', lang)}**\n\n" + "\n".join(f"- {r}" for r in reasons))
        else:
            block.append(text("no_why", lang))
        out.append("\n\n".join(block))
    return "\n\n---\n\n".join(out)


def compare(a: Term, b: Term, lang: str) -> str:
    """A written comparison when the data has one; otherwise the two side by side."""
    from tutor.latex.unicode import to_unicode
    from tutor.offline.bank import formula_bank

    heading = f"**{text('comparison', lang)}: {a.term.get(lang)} / {b.term.get(lang)}**"
    for comparison in glossary().comparisons:
        if set(comparison.terms) == {a.term.en, b.term.en}:
            return f"{heading}\n\n{comparison.text.get(lang)}"
    formulas = {f.id: f for f in formula_bank().formulas}

    def cell(term: Term, part: str) -> str:
        formula = formulas.get(term.formulas[0]) if term.formulas else None
        if part == "what":
            return term.definition.get(lang)
        if formula is None:
            return "—"
        if part == "formula":
            return f"`{to_unicode(formula.latex[0])}`"
        return formula.pitfall.get(lang)

    rows = [
        f"| | {a.term.get(lang)} | {b.term.get(lang)} |",
        "|---|---|---|",
    ]
    for part in ("what", "formula", "pitfall"):
        label = text(f"compare_{part}", lang)
        rows.append(f"| {label} | {cell(a, part)} | {cell(b, part)} |")
    return f"{heading}\n\n" + "\n".join(rows)
