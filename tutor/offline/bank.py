"""The formula bank (data) and recognition that survives notation variants.

A formula is reduced to canonical tokens: fonts dropped (\\mathbf, \\bm, \\boldsymbol),
transposes unified (\\top, T, \\intercal), function names unified (\\operatorname,
\\text, \\mathrm), `e^{x}` read as exp(x), spacing and \\left/\\right ignored, and every
variable renamed by order of first appearance, so `\\sigma(z)` matches `\\sigma(x)`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, Field

from tutor.errors import LatexError
from tutor.latex.glyphs import GREEK
from tutor.latex.tree import Command, Environment, Fenced, Group, Node, Scripts, Sym, Text
from tutor.tools.symbols import Bilingual


class Formula(BaseModel):
    id: str
    name: Bilingual
    latex: list[str] = Field(min_length=1)
    what: Bilingual
    arxiv: str | None = None
    # where a formula without an arXiv paper is defined: a book and section, e.g.
    # "Goodfellow et al., Deep Learning (2016), §6.2.2.3"
    reference: str | None = None
    pitfall: Bilingual
    numpy: str
    check: Any


class FormulaBank(BaseModel):
    formulas: list[Formula]


@cache
def formula_bank() -> FormulaBank:
    """All formulas: `data/formulas.json` and then every `data/formulas/*.json`, by name."""
    data = resources.files("tutor.data")
    formulas: list[Any] = json.loads(data.joinpath("formulas.json").read_text("utf-8"))["formulas"]
    extra_dir = data.joinpath("formulas")
    if extra_dir.is_dir():
        for part in sorted(extra_dir.iterdir(), key=lambda p: p.name):
            if part.name.endswith(".json"):
                formulas.extend(json.loads(part.read_text("utf-8"))["formulas"])
    return FormulaBank.model_validate({"formulas": formulas})


GREEK_NAMES = set(GREEK) | {"ell"}
TRANSPARENT_FONTS = {
    "mathbf",
    "bm",
    "boldsymbol",
    "mathit",
    "pmb",
    "bold",
    "mathnormal",
    "mathsf",
    "mathsfit",
    "mathbfit",
    "mathtt",
}
FIXED_FONT_LETTERS = {"E", "N", "R", "P", "O", "1", "I", "U"}
TRANSPOSE = {"\\top", "T", "\\intercal", "\\mathsf{T}", "\\mathrm{T}", "\\T"}
SYNONYMS = {
    "gets": "leftarrow",
    "rightarrow": "to",
    "leq": "le",
    "geq": "ge",
    "Vert": "‖",
    "|": "‖",
    "lVert": "‖",
    "rVert": "‖",
    "parallel": "‖",
    "mid": "|",
    "vert": "|",
    "lvert": "|",
    "rvert": "|",
    "ldots": "dots",
    "cdots": "dots",
    "dots": "dots",
    "coloneqq": "=",
    "triangleq": "=",
    "ast": "*",
    "lbrace": "{",
    "rbrace": "}",
    "{": "{",
    "}": "}",
    "langle": "<",
    "rangle": ">",
    "ln": "log",
    "dfrac": "frac",
    "tfrac": "frac",
    "cfrac": "frac",
    "varepsilon": "epsilon",
    "varphi": "phi",
    "widehat": "hat",
    "widetilde": "tilde",
    "overline": "bar",
}
DROPPED = {"cdot", ",", ";", "quad", "qquad", "!", ":", " "}


def _text_token(text: str) -> str:
    word = text.replace("\\,", "").replace(" ", "").strip()
    return word.lower() if len(word) > 1 else word


class _Canon:
    def __init__(self) -> None:
        self.tokens: list[str] = []

    def row(self, nodes: list[Node]) -> None:
        from tutor.offline.translate import spell_functions

        for node in spell_functions(nodes):  # plain `softmax` reads as \operatorname{softmax}
            self.node(node)

    def var(self, name: str) -> None:
        self.tokens.append("v:" + name)

    def node(self, node: Node) -> None:
        if isinstance(node, Sym):
            self.sym(node)
        elif isinstance(node, Group):
            self.row(node.body)
        elif isinstance(node, Text):
            word = _text_token(node.text)
            if len(word) == 1 and word.isalpha():
                self.tokens.append(word)  # \mathrm{d}, \mathrm{E}: a fixed letter
            elif word:
                self.tokens.append(SYNONYMS.get(word, word))
        elif isinstance(node, Command):
            self.command(node)
        elif isinstance(node, Scripts):
            self.scripts(node)
        elif isinstance(node, Fenced):
            self.delimiter(node.left)
            self.row(node.body)
            self.delimiter(node.right)
        elif isinstance(node, Environment):
            for row in node.rows:
                for cell in row:
                    self.row(cell)
                self.tokens.append(";")

    def delimiter(self, text: str) -> None:
        if text != ".":
            name = text.lstrip("\\")
            self.tokens.append(SYNONYMS.get(name, name))

    def sym(self, node: Sym) -> None:
        text = node.text
        if node.kind == "letter":
            self.var(text)
        elif node.kind == "number":
            self.tokens.append(text)
        elif node.kind == "cmd":
            if text in DROPPED:
                return
            if text in GREEK_NAMES:
                self.var(SYNONYMS.get(text, text))
            else:
                self.tokens.append(SYNONYMS.get(text, text))
        elif text not in DROPPED:
            self.tokens.append(SYNONYMS.get(text, text))

    def command(self, node: Command) -> None:
        name = SYNONYMS.get(node.name, node.name)
        if name in TRANSPARENT_FONTS:
            self.row(node.args[0])
            return
        if name in ("mathbb", "mathcal", "mathscr", "mathfrak"):
            inner = node.args[0]
            letter = inner[0].text if len(inner) == 1 and isinstance(inner[0], Sym) else None
            if letter in FIXED_FONT_LETTERS:
                self.tokens.append(f"{name}:{letter}")
            elif letter is not None:
                self.var(f"{name}:{letter}")
            else:
                self.row(inner)
            return
        self.tokens.append(name + "(")
        for index, arg in enumerate(node.args):
            if index:
                self.tokens.append(")(")
            self.row(arg)
        self.tokens.append(")")

    def scripts(self, node: Scripts) -> None:
        base = node.base
        if isinstance(base, Sym) and base.text == "e" and node.sup is not None and node.sub is None:
            self.tokens.append("exp(")
            self.row(node.sup)
            self.tokens.append(")")
            return
        if base is not None:
            self.node(base)
        self.tokens.extend(["'"] * node.primes)
        if node.sub is not None:
            self.tokens.append("_(")
            self.row(node.sub)
            self.tokens.append(")")
        if node.sup is not None:
            from tutor.latex.serialize import to_latex

            if to_latex(node.sup).strip("{}") in TRANSPOSE:
                self.tokens.append("^T")
            else:
                self.tokens.append("^(")
                self.row(node.sup)
                self.tokens.append(")")


def _renamed(tokens: list[str]) -> tuple[str, ...]:
    names: dict[str, str] = {}
    out = []
    for token in tokens:
        if token.startswith("v:"):
            out.append(names.setdefault(token, f"v{len(names) + 1}"))
        else:
            out.append(token)
    return tuple(out)


RELATIONS = {"=", "leftarrow", "approx", "ge", "le", "propto", "equiv"}


def canonical_forms(nodes: list[Node]) -> list[tuple[str, ...]]:
    """The whole formula, and each side of a top-level relation, as canonical tokens."""
    from tutor.offline.translate import spell_functions

    canon = _Canon()
    sides: list[list[str]] = [[]]
    for node in spell_functions(nodes):
        before = len(canon.tokens)
        canon.node(node)
        added = canon.tokens[before:]
        if len(added) == 1 and added[0] in RELATIONS:
            sides.append([])
        else:
            sides[-1].extend(added)
    forms = [_renamed(canon.tokens)]
    if len(sides) > 1:
        forms += [_renamed(side) for side in sides if len(side) >= 3]
    return forms


GENERIC = {
    "(",
    ")",
    "_(",
    "^(",
    ")(",
    ",",
    "[",
    "]",
    "frac(",
    "1",
    "2",
    "=",
    "-",
    "+",
    "sum",
    "^T",
    "'",
    "|",
    "sqrt(",
    "0",
    "dots",
    ";",
    "{",
    "}",
}


def features(form: tuple[str, ...]) -> frozenset[str]:
    """The distinctive tokens of a form: operators and names, not variables or brackets."""
    return frozenset(t for t in form if not (t.startswith("v") and t[1:].isdigit())) - GENERIC


@dataclass(frozen=True)
class Recognition:
    formula: Formula
    exact: bool
    score: float


@cache
def _bank_forms() -> list[tuple[Formula, tuple[str, ...]]]:
    from tutor.latex.macros import macros_for
    from tutor.latex.parser import parse

    forms = []
    for formula in formula_bank().formulas:
        for latex in formula.latex:
            try:
                nodes = parse(latex, macros_for())
            except LatexError:
                continue
            forms += [(formula, form) for form in canonical_forms(nodes)]
    return forms


def recognise(nodes: list[Node]) -> Recognition | None:
    """The bank formula this is (exact up to notation and names), or the closest one."""
    user_forms = canonical_forms(nodes)
    for form in user_forms:
        for formula, bank_form in _bank_forms():
            if form == bank_form:
                return Recognition(formula, True, 1.0)
    best: Recognition | None = None
    for form in user_forms:
        mine = features(form)
        if len(mine) < 2:
            continue
        for formula, bank_form in _bank_forms():
            theirs = features(bank_form)
            shared = len(mine & theirs)
            score = shared / len(mine | theirs)
            if shared >= 2 and score >= 0.6 and (best is None or score > best.score):
                best = Recognition(formula, False, score)
    return best
