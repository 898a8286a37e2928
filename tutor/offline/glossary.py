"""The offline glossary: plain-language questions answered by matching ML terms."""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from functools import cache
from importlib import resources

from pydantic import BaseModel, Field, model_validator

from tutor.notation.symbols import Bilingual


class Term(BaseModel):
    term: Bilingual
    aliases: list[str] = Field(default_factory=list)
    definition: Bilingual
    formulas: list[str] = Field(default_factory=list)

    def names(self) -> list[str]:
        return [self.term.en, self.term.ja, *self.aliases]


class Comparison(BaseModel):
    """A written comparison of two terms ("layer norm vs batch norm")."""

    terms: list[str] = Field(min_length=2, max_length=2)
    text: Bilingual


class Glossary(BaseModel):
    terms: list[Term]
    comparisons: list[Comparison] = Field(default_factory=list)

    @model_validator(mode="after")
    def _links_exist(self) -> Glossary:
        from tutor.offline.bank import formula_bank

        known = {f.id for f in formula_bank().formulas}
        names = {t.term.en for t in self.terms}
        for comparison in self.comparisons:
            missing_terms = [n for n in comparison.terms if n not in names]
            if missing_terms:
                raise ValueError(f"comparison of unknown terms {missing_terms}")
        for term in self.terms:
            missing = [f for f in term.formulas if f not in known]
            if missing:
                raise ValueError(f"{term.term.en}: unknown formulas {missing}")
        return self


@cache
def glossary() -> Glossary:
    text = resources.files("tutor.data").joinpath("glossary.json").read_text("utf-8")
    return Glossary.model_validate(json.loads(text))


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " " + re.sub(r"[^\w\u3040-\u30ff\u4e00-\u9fff]+|_", " ", text).strip() + " "


def find_terms(question: str, limit: int = 3) -> list[Term]:
    """Terms named in the question, longest names first; a matched name is used up, so
    "cross-entropy" does not also count as "entropy" unless entropy is named again."""
    asked = _norm(question)
    names = sorted(
        (
            (_norm(name), index)
            for index, term in enumerate(glossary().terms)
            for name in term.names()
        ),
        key=lambda pair: len(pair[0]),
        reverse=True,
    )
    chosen: list[int] = []
    for needle, index in names:
        target = needle if needle.strip().isascii() else needle.strip()
        if target.strip() and target in asked:
            asked = asked.replace(target, " ¦ ", 1)
            if index not in chosen:
                chosen.append(index)
    terms = glossary().terms
    order = {index: _norm(question).find(_norm(terms[index].term.en).strip()) for index in chosen}
    return [terms[i] for i in chosen][:limit] if order else []


def closest_terms(question: str, limit: int = 5) -> list[str]:
    names = [t.term.en for t in glossary().terms]
    words = re.findall(r"[A-Za-z][A-Za-z\-]{3,}", question)
    found: list[str] = []
    for word in words:
        found += difflib.get_close_matches(
            word.lower(), [n.lower() for n in names], n=2, cutoff=0.75
        )
    return list(dict.fromkeys(found))[:limit]


def glossary_markdown(terms: list[Term], lang: str) -> str:
    from tutor.latex.unicode import to_unicode
    from tutor.offline.bank import formula_bank

    formulas = {f.id: f for f in formula_bank().formulas}
    parts = []
    for term in terms:
        block = [
            f"**{term.term.get(lang)}** ({term.term.en if lang == 'ja' else term.term.ja})",
            term.definition.get(lang),
        ]
        for formula_id in term.formulas[:2]:
            formula = formulas[formula_id]
            paper = f" · arXiv:{formula.arxiv}" if formula.arxiv else ""
            block.append(f"- {formula.name.get(lang)}: `{to_unicode(formula.latex[0])}`{paper}")
        parts.append("\n\n".join(block))
    return "\n\n---\n\n".join(parts)
