"""The formula bank (data) and recognition that survives notation variants.

A formula is reduced to canonical tokens: fonts dropped (\\mathbf, \\bm, \\boldsymbol),
transposes unified (\\top, T, \\intercal), function names unified (\\operatorname,
\\text, \\mathrm), `e^{x}` read as exp(x), spacing and \\left/\\right ignored, and every
variable renamed by order of first appearance, so `\\sigma(z)` matches `\\sigma(x)`.
"""

from __future__ import annotations

import itertools
import json
import threading
from dataclasses import dataclass
from functools import cache

from tutor import plain
from tutor.errors import LatexError, TutorError
from tutor.latex.glyphs import GREEK
from tutor.latex.tree import Command, Environment, Fenced, Group, Node, Scripts, Sym, Text
from tutor.notation import FUNCTIONS, NUMPY_FUNCTIONS, is_transpose
from tutor.notation.symbols import Bilingual
from tutor.plain import Plain

TYPE_CHECKING = False  # not typing's: mypy treats the name as true, Python skips the import
if TYPE_CHECKING:
    from typing import Any


class Formula(Plain):
    """One bank entry: its names, LaTeX variants (the first is the main one), what it is,
    its paper or book section, its pitfall, a NumPy reference and the reference's check."""

    __slots__ = ("arxiv", "check", "id", "latex", "name", "numpy", "pitfall", "reference", "what")
    _fields = ("id", "name", "latex", "what", "arxiv", "reference", "pitfall", "numpy", "check")

    def __init__(
        self,
        id: str,
        name: Bilingual,
        latex: list[str],
        what: Bilingual,
        arxiv: str | None = None,
        # where a formula without an arXiv paper is defined: a book and section, e.g.
        # "Goodfellow et al., Deep Learning (2016), §6.2.2.3"
        reference: str | None = None,
        *,
        pitfall: Bilingual,
        numpy: str,
        check: Any,
    ) -> None:
        self.id, self.name, self.latex, self.what = id, name, latex, what
        self.arxiv, self.reference, self.pitfall = arxiv, reference, pitfall
        self.numpy, self.check = numpy, check

    def __reduce__(self) -> Any:
        # `pitfall`, `numpy` and `check` are keyword-only: pickled through `_formula`
        return _formula, tuple(getattr(self, name) for name in self._fields)

    @classmethod
    def model_validate(cls, value: object, where: str = "") -> Formula:
        """A formula from its JSON object (unknown keys ignored); a ValueError names the field."""
        at = where or "formula"
        raw = plain.fields(value, at, ("id", "name", "latex", "what", "pitfall", "numpy", "check"))
        return cls(
            id=plain.text(raw["id"], f"{at}.id", empty=False),
            name=_bilingual(raw["name"], f"{at}.name"),
            latex=plain.texts(raw["latex"], f"{at}.latex", at_least=1),
            what=_bilingual(raw["what"], f"{at}.what"),
            arxiv=plain.optional_text(raw.get("arxiv"), f"{at}.arxiv"),
            reference=plain.optional_text(raw.get("reference"), f"{at}.reference"),
            pitfall=_bilingual(raw["pitfall"], f"{at}.pitfall"),
            numpy=plain.text(raw["numpy"], f"{at}.numpy"),
            check=raw["check"],
        )


def _bilingual(value: object, where: str) -> Bilingual:
    raw = plain.fields(value, where, ("en", "ja"))
    en = plain.text(raw["en"], f"{where}.en", empty=False)
    return Bilingual(en, plain.text(raw["ja"], f"{where}.ja", empty=False))


def _formula(*values: Any) -> Formula:
    names = Formula._fields
    return Formula(**dict(zip(names, values, strict=True)))


class FormulaBank(Plain):
    __slots__ = ("formulas",)
    _fields = ("formulas",)

    def __init__(self, formulas: list[Formula]) -> None:
        self.formulas = formulas

    @classmethod
    def model_validate(cls, value: object, where: str = "") -> FormulaBank:
        at = where or "bank"
        raw = plain.fields(value, at, ("formulas",))
        if not isinstance(raw["formulas"], list):
            raise ValueError(f"{at}.formulas: expected a list")
        return cls(
            [
                Formula.model_validate(item, f"{at}.formulas.{i}")
                for i, item in enumerate(raw["formulas"])
            ]
        )


def _bank_files() -> list[tuple[str, bytes]]:
    """`formulas.json`, then every `formulas/*.json` by name: (name, bytes)."""
    import os

    import tutor.data
    from tutor.data_index import data_bytes

    files = [("formulas.json", data_bytes("tutor.data", "formulas.json"))]
    folder = os.path.join(os.path.dirname(tutor.data.__file__ or ""), "formulas")
    if os.path.isdir(folder):
        for name in sorted(n for n in os.listdir(folder) if n.endswith(".json")):
            with open(os.path.join(folder, name), "rb") as handle:
                files.append((f"formulas/{name}", handle.read()))
        return files
    from importlib import resources

    extra = resources.files("tutor.data").joinpath("formulas")  # not on disk (a zip)
    if extra.is_dir():
        for part in sorted(extra.iterdir(), key=lambda p: p.name):
            if part.name.endswith(".json"):
                files.append((f"formulas/{part.name}", part.read_bytes()))
    return files


def _validated_bank(files: list[tuple[str, bytes]]) -> FormulaBank:
    formulas: list[Formula] = []
    for name, raw in files:
        try:
            formulas += FormulaBank.model_validate(json.loads(raw), "").formulas
        except ValueError as exc:  # json's errors are ValueErrors too
            raise TutorError(f"the formula bank's data file {name} is invalid: {exc}") from None
    return FormulaBank(formulas)


@cache
def formula_bank() -> FormulaBank:
    """All formulas: `data/formulas.json` and then every `data/formulas/*.json`, by name;
    validated once per content and code, then read back from the data index."""
    from tutor.data_index import load_derived

    files = _bank_files()
    with open(__file__, "rb") as handle:  # the validators' code, so a change revalidates
        sources = [handle.read()] + [name.encode() + b"\0" + raw for name, raw in files]
    return load_derived("formula-bank-data", sources, lambda: _validated_bank(files))


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
SYNONYMS = {
    "gets": "leftarrow",
    "rightarrow": "to",
    "leq": "le",
    "leqslant": "le",
    "leqq": "le",
    "neq": "ne",
    "geq": "ge",
    "geqslant": "ge",
    "geqq": "ge",
    "Vert": "‖",
    "|": "|",
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
    "doteq": "=",
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
    word = text.replace("\\,", "").replace(" ", "").strip().rstrip(".,;:")
    return word.lower() if len(word) > 1 else word


def _applied_greek(node: Sym, after: Node | None) -> bool:
    """A Greek letter directly followed by `(`: a function such as σ(·) or Φ(·)."""
    if node.kind != "cmd" or node.text not in GREEK_NAMES:
        return False
    if isinstance(after, Sym):
        return after.text == "("
    return isinstance(after, Fenced) and after.left == "("


class _Canon:
    def __init__(self) -> None:
        self.tokens: list[str] = []

    def row(self, nodes: list[Node]) -> None:
        from tutor.offline.translate import spell_functions

        spelled = spell_functions(nodes)  # plain `softmax` reads as \operatorname{softmax}
        for index, node in enumerate(spelled):
            after = spelled[index + 1] if index + 1 < len(spelled) else None
            if isinstance(node, Sym) and _applied_greek(node, after):
                # σ(x), Φ(x), φ(x), Γ(x): a Greek letter used as a function names that
                # function, so it is never renamed (x·σ(x) is SiLU, x·Φ(x) is GELU)
                self.tokens.append("fn:" + node.text)
                continue
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
        if text == "\\|":  # \left\| is a norm bar
            self.tokens.append("‖")
        elif text != ".":
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
            if text == "|":  # \| is a norm bar; a plain | is conditioning or absolute value
                self.tokens.append("‖")
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
            if is_transpose(node.sup):
                self.tokens.append("^T")
            else:
                self.tokens.append("^(")
                self.row(node.sup)
                self.tokens.append(")")


FUNCTION_TOKENS = {name.lower() for name in FUNCTIONS | set(NUMPY_FUNCTIONS)} | {"argmax", "argmin"}


def _merged(tokens: list[str]) -> list[str]:
    """`\\exp (` and `e^{…}` both become `exp(`; `\\mathbb{E}`, `\\operatorname{E}` become `E`."""
    out: list[str] = []
    for token in tokens:
        if token in ("mathbb:E", "E", "e") and out and out[-1] == "mathop":
            out.pop()
        if token == "mathbb:E":
            token = "E"
        if token == "(" and out and out[-1] in FUNCTION_TOKENS:
            out[-1] += "("
            continue
        out.append(token)
    return out


def _renamed(tokens: list[str]) -> tuple[str, ...]:
    names: dict[str, str] = {}
    out = []
    for token in _normalised(_merged(tokens)):
        if token.startswith("v:"):
            out.append(names.setdefault(token, f"v{len(names) + 1}"))
        else:
            out.append(token)
    return tuple(out)


RELATIONS = {"=", "leftarrow", "approx", "ge", "le", "propto", "equiv", ":="}
INDEXED = {"sum", "prod", "max(", "min(", "max", "min", "E", "log", "log(", "argmax", "argmin"}
BRACKET_OPEN = {"{": "(", "[": "("}
BRACKET_CLOSE = {"}": ")", "]": ")"}


def _group_end(form: tuple[str, ...], start: int) -> int:
    """The index after the `)` closing the group opened at `start` (`_(`, `^(`, `(` …)."""
    depth = 0
    for i in range(start, len(form)):
        token = form[i]
        if token.endswith("(") or token == ")(":
            depth += token != ")("
        if token == ")" or token.startswith(")"):
            depth -= token == ")"
            if depth == 0:
                return i + 1
    return len(form)


def loose(form: tuple[str, ...]) -> tuple[str, ...]:
    """A form with indices dropped: `x_i` and `p(x)` read as `x` and `p`, `∑_{i=1}^{n}` as
    `∑`, `log₂` as `log`, and every bracket as `(`, so `-∑ᵢ pᵢ log pᵢ` is `-∑ₓ p(x) log p(x)`."""
    out: list[str] = []
    i = 0
    while i < len(form):
        token = form[i]
        previous = out[-1] if out else ""
        indexed = _is_variable(previous) or previous in INDEXED or previous == ")"
        if token == "^(":
            end = _group_end(form, i)
            inside = list(form[i + 1 : end - 1])
            if inside[:1] == ["("] and ")" in inside:  # x^{(i)}, X^{(train)⊤}: a label
                inside = inside[inside.index(")") + 1 :]
                if not inside:
                    i = end
                    continue
                if inside in (["top"], ["T"], ["^T"]):
                    out.append("^T")
                    i = end
                    continue
        if token in ("_(", "^(") and indexed and (token == "_(" or previous in ("sum", "prod")):
            end = _group_end(form, i)
            stepped = token == "_(" and any(t in ("+", "-") for t in form[i + 1 : end - 1])
            if not stepped or previous in INDEXED:  # v_{k+1} ← … v_k is an update: kept
                i = end
                continue
        if (
            token == "("
            and _is_variable(previous)
            and i + 2 < len(form)
            and _is_variable(form[i + 1])
            and form[i + 2] == ")"
        ):
            i += 3  # p(x) → p
            continue
        if token == "frac(" and form[i + 1 : i + 3] == ("1", ")("):
            end = _group_end(form, i)  # 1/x and x⁻¹ are one thing
            inner = loose(("(", *form[i + 3 : end - 1], ")"))
            out.extend([*inner, "^(", "-", "1", ")"])
            i = end
            continue
        if token in ("sum", "prod") and previous == token:
            i += 1  # ∑_x ∑_y is one sum over the pairs (x, y): ∑_{x,y}
            continue
        token = BRACKET_OPEN.get(token, BRACKET_CLOSE.get(token, token))
        if token == "(" and previous in FUNCTION_TOKENS:
            out[-1] = previous + "("  # max{0, z} as max(0, z)
        else:
            out.append(token)
        i += 1
    names: dict[str, str] = {}
    return tuple(
        names.setdefault(t, f"v{len(names) + 1}") if _is_variable(t) or t in UPRIGHT_LETTERS else t
        for t in out
    )


# an upright letter (the d of dt written \mathrm{d}, the x of a random variable \mathrm{x})
# is a name like any other once indices are dropped
UPRIGHT_LETTERS = {chr(c) for c in range(ord("a"), ord("z") + 1)} - {"e"}


@dataclass(frozen=True)
class Forms:
    """A formula as canonical tokens: whole, and the sides right of its first relation."""

    whole: tuple[str, ...]
    right: tuple[tuple[str, ...], ...]  # never the left-hand side: a name alone says nothing

    def __getitem__(self, index: int) -> tuple[str, ...]:
        """`forms[0]` is the whole formula, then the right-hand sides (the old list shape)."""
        return (self.whole, *self.right)[index]


def canonical_forms(nodes: list[Node]) -> Forms:
    """The whole formula, and each side after a top-level relation, as canonical tokens."""
    from tutor.offline.translate import spell_functions

    canon = _Canon()
    sides: list[list[str]] = [[]]
    first_statement = True
    depth = 0
    spelled = spell_functions(nodes)
    for index, node in enumerate(spelled):
        after = spelled[index + 1] if index + 1 < len(spelled) else None
        if isinstance(node, Sym) and node.kind in ("char", "cmd"):
            depth += (node.text in ("(", "[", "{", "lbrace")) - (
                node.text in (")", "]", "}", "rbrace")
            )
        if (
            isinstance(node, Sym)
            and node.text in (",", "quad", "qquad")
            and len(sides) > 1
            and depth <= 0
        ):
            first_statement = False  # `z = μ + σε, ε ∼ 𝒩(0, I)`: only the first statement
        before = len(canon.tokens)
        if isinstance(node, Sym) and _applied_greek(node, after):
            canon.tokens.append("fn:" + node.text)  # σ(x) and Φ(x) are different functions
        else:
            canon.node(node)
        added = canon.tokens[before:]
        if not first_statement:
            continue
        if len(added) == 1 and added[0] in RELATIONS:
            sides.append([])
        else:
            sides[-1].extend(added)
    right = tuple(_renamed(side) for side in sides[1:] if side)
    return Forms(_renamed(canon.tokens), right)


def _left_name(nodes: list[Node]) -> str | None:
    """The name a statement defines: the base of its left-hand side (`r` of `r_t(θ) = …`)."""
    from tutor.offline.translate import spell_functions

    nodes = spell_functions(nodes)
    cut = next(
        (i for i, n in enumerate(nodes) if isinstance(n, Sym) and n.text in RELATION_TEXTS), None
    )
    if not cut:
        return None
    return _base_name(nodes[0])


def _base_name(node: Node) -> str | None:
    while True:
        if isinstance(node, Scripts) and node.base is not None:
            node = node.base
        elif isinstance(node, Command) and node.args and len(node.args[0]) == 1:
            node = node.args[0][0]
        elif isinstance(node, Group) and len(node.body) == 1:
            node = node.body[0]
        else:
            break
    if isinstance(node, Sym) and node.kind in ("letter", "cmd"):
        return node.text
    if isinstance(node, Text):
        return _text_token(node.text)
    return None


def _used_names(nodes: list[Node]) -> set[str]:
    """Every base name used on the right of the first relation."""
    from tutor.latex.tree import walk

    cut = next(
        (i for i, n in enumerate(nodes) if isinstance(n, Sym) and n.text in RELATION_TEXTS), None
    )
    right = nodes[cut + 1 :] if cut is not None else nodes
    names = {_base_name(n) for n in walk(right)}
    return {n for n in names if n}


RELATION_TEXTS = {"=", "leftarrow", "gets", "coloneqq", "triangleq", "doteq", "approx", "propto"}


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
    "leftarrow",
}
BRACKETS = {"(", ")", "_(", "^(", ")(", ",", "[", "]", "{", "}", ";"}


def _is_variable(token: str) -> bool:
    return token.startswith("v") and token[1:].isdigit()


def features(form: tuple[str, ...]) -> frozenset[str]:
    """The distinctive tokens of a form: operators and names, not variables or brackets."""
    return frozenset(t for t in form if not _is_variable(t)) - GENERIC


def _structure(form: tuple[str, ...]) -> int:
    """How much a form says beyond its variables: operators and constants, not brackets."""
    return sum(1 for t in form if not _is_variable(t) and t not in BRACKETS)


def _bigrams(form: tuple[str, ...]) -> dict[tuple[str, str], int]:
    abstract = list(form)  # variables keep their roles: log q(x) is not log p(x)
    counts: dict[tuple[str, str], int] = {}
    for pair in itertools.pairwise(abstract):
        counts[pair] = counts.get(pair, 0) + 1
    return counts


def _dice(a: dict[tuple[str, str], int], b: dict[tuple[str, str], int]) -> float:
    shared = sum(min(count, b.get(key, 0)) for key, count in a.items())
    total = sum(a.values()) + sum(b.values())
    return 2 * shared / total if total else 0.0


@dataclass(frozen=True)
class Recognition:
    formula: Formula
    exact: bool
    score: float
    agree: tuple[str, ...] = ()  # for "looks like": parts both have
    differ: tuple[str, ...] = ()  # parts only one of them has ("+x" yours, "-x" the bank's)
    part: bool = False  # the input is a component of the formula (PPO's r_t), not the formula
    candidates: tuple[str, ...] = ()  # every bank formula with this exact form, bank order


@dataclass(frozen=True)
class _BankForm:
    formula: Formula
    forms: Forms
    left_arity: int | None
    part: bool  # a component the formula uses (PPO's ratio r_t), not the formula itself
    target: tuple[str, ...]  # what a resemblance is measured against: the last right side
    features: frozenset[str]
    operators: frozenset[str]
    bigrams: dict[tuple[str, str], int]
    updates: bool | None = None  # the left-hand name is used on the right (`g ← … g …`)


FormIndex = dict[tuple[str, ...], list[tuple[Formula, bool]]]
BankIndex = tuple[list[_BankForm], FormIndex, FormIndex, FormIndex, FormIndex]


@cache
def _bank() -> BankIndex:
    """Every bank variant parsed once, with its measures, and the exact-match indexes:
    built on first use and kept in the data index, keyed by the bank's data files and the
    code that derives the forms (so a one-shot `tutor explain` does not re-derive them)."""
    from tutor.data_index import load_derived

    return load_derived("formula-bank", _derived_sources(), _build_bank)


@cache
def _derived_sources() -> list[bytes]:
    """The bank's data files and the code that derives forms from them: the key of what
    is derived from the bank and kept in the data index."""
    import os

    sources: list[bytes] = []
    for package in ("tutor.offline", "tutor.latex", "tutor.notation", "tutor.data"):
        folder = os.path.dirname(__import__(package, fromlist=["_"]).__file__ or "")
        for root, _dirs, files in sorted(os.walk(folder)):
            for name in sorted(files):
                if name.endswith((".py", ".json")):
                    with open(os.path.join(root, name), "rb") as handle:
                        sources.append(name.encode() + b"\0" + handle.read())
    return sources


def _build_bank() -> BankIndex:
    """Every bank variant parsed, with its measures, and two exact-match indexes:
    by whole formula and by right-hand side (a variant without a relation by its whole)."""
    from tutor.latex.macros import macros_for
    from tutor.latex.parser import parse
    from tutor.offline.evidence import split_statements

    entries: list[_BankForm] = []
    wholes: FormIndex = {}
    rights: FormIndex = {}
    loose_wholes: FormIndex = {}
    loose_rights: FormIndex = {}
    for formula in formula_bank().formulas:
        parsed: list[list[Node]] = []
        several: list[bool] = []  # the variant states several things (`z = …, \quad ε ∼ …`)
        for latex in formula.latex:
            try:
                parsed.append(parse(latex, macros_for()))
            except LatexError:
                continue
            several.append(len(split_statements(latex)) > 1)
        main = _left_name(parsed[0]) if parsed else None
        used = _used_names(parsed[0]) if parsed else set()
        main_forms = canonical_forms(parsed[0]) if parsed else None
        main_ops = features(main_forms.right[-1] if main_forms and main_forms.right else ())
        for nodes, many in zip(parsed, several, strict=True):
            name = _left_name(nodes)
            forms = canonical_forms(nodes)
            ops = features(forms.right[-1] if forms.right else forms.whole)
            overlap = len(ops & main_ops) / len(ops | main_ops) if ops | main_ops else 0.0
            # a variant defining something the main formula uses, and computing it
            # differently (PPO's ratio r_t, GAE's δ_t, SimCLR's sim, the focal loss's p_t),
            # is a part of the formula; an equivalent form of the same thing is not
            part = (
                name is not None
                and main is not None
                and name != main
                and name in used
                and overlap < PART_OVERLAP
            )
            target = forms.right[-1] if forms.right else forms.whole
            entries.append(
                _BankForm(
                    formula,
                    forms,
                    _left_arity(nodes),
                    part,
                    target,
                    features(target),
                    _operators(target),
                    _bigrams(target),
                    _updates(nodes),
                )
            )
            wholes.setdefault(forms.whole, []).append((formula, part))
            loose_wholes.setdefault(loose(forms.whole), []).append((formula, part))
            if many:
                continue  # its first statement alone is one line of it (evidence.line_index)
            for form in forms.right or (forms.whole,):
                rights.setdefault(form, []).append((formula, part))
                loose_rights.setdefault(loose(form), []).append((formula, part))
    return entries, wholes, rights, loose_wholes, loose_rights


def _updates(nodes: list[Node]) -> bool | None:
    """Whether a statement updates its left-hand name (`θ ← θ − η∇L`, `g ← g v / ‖g‖`) rather
    than defines a new one (`w = g v / ‖v‖`); None without a left-hand side."""
    from tutor.offline.translate import spell_functions

    nodes = spell_functions(nodes)
    cut = next(
        (i for i, n in enumerate(nodes) if isinstance(n, Sym) and n.text in RELATION_TEXTS), None
    )
    if not cut:
        return None
    left = nodes[:cut]
    starts, depth = [], 0
    for i, n in enumerate(left):
        if isinstance(n, Sym):
            depth += (n.text in ("(", "[")) - (n.text in (")", "]"))
        if depth == 0 and (
            isinstance(n, Text) or (isinstance(n, Sym) and n.text in (":", ",", "quad", "qquad"))
        ):
            starts.append(i + 1)
    left = left[max(starts, default=0) :]  # `if ‖g‖ > v: g ← …` updates g
    name = _base_name(left[0]) if left else None
    return None if name is None else name in _used_names(nodes)


def _same_statement(updates: bool | None, formula: Formula, form: tuple[str, ...]) -> bool:
    """A right-hand side matched alone names a formula only if both statements are of one
    kind: an update of a name, or a definition of a new one."""
    if updates is None:
        return True
    for entry in _bank()[0]:
        if entry.formula.id != formula.id:
            continue
        if form in entry.forms.right or form in {loose(r) for r in entry.forms.right}:
            if entry.updates is None or entry.updates == updates:
                return True
        elif not entry.forms.right and form in (entry.forms.whole, loose(entry.forms.whole)):
            return True
    return False


def _bank_forms() -> list[tuple[Formula, Forms]]:
    return [(entry.formula, entry.forms) for entry in _bank()[0]]


def _left_arity(nodes: list[Node]) -> int | None:
    """How many arguments the defined function takes: `H(P, Q) = …` → 2; None if no `f(…) =`."""
    from tutor.offline.translate import spell_functions

    nodes = spell_functions(nodes)
    for index, node in enumerate(nodes):
        if isinstance(node, Sym) and node.text in ("=", "leftarrow", "gets", "coloneqq"):
            left = nodes[:index]
            break
    else:
        return None
    body: list[Node] | None = None
    if len(left) == 2 and isinstance(left[1], Fenced):
        body = left[1].body
    elif len(left) >= 3 and isinstance(left[1], Sym) and left[1].text == "(":
        body = left[2:-1]
    if body is None:
        return None
    return 1 + sum(1 for n in body if isinstance(n, Sym) and n.text in (",", ";"))


PART_OVERLAP = 0.3  # distinctive features shared with the main form below which a variant is a part
MIN_WHOLE = 2  # a whole formula (both sides) matched token for token
MIN_RIGHT = 2  # a right-hand side alone must say more: `v1(v2)` is anything
MIN_RIGHT_PLAIN = 4  # … or be long, when it has only arithmetic
MIN_SHARED = 4  # several distinctive features in common for "looks like"
MIN_SCORE = 0.7
MARGIN = 0.1
DEBUG = False


def _says_enough(form: tuple[str, ...]) -> bool:
    """A right-hand side distinctive enough to name a formula on its own: an operator that
    is not mere arithmetic and some structure (`v − η ∇v`, `max(0, v)`), or a lot of
    arithmetic; never `v(v)` or `v + v`."""
    size = _structure(form)
    return (size >= MIN_RIGHT and bool(features(form))) or size >= MIN_RIGHT_PLAIN


def _exact(user: Forms, updates: bool | None = None) -> list[tuple[Formula, bool]] | None:
    """The same formula up to notation: token for token, then with indices dropped. Every
    bank formula with that form, token-for-token matches first."""
    _, wholes, rights, loose_wholes, loose_rights = _bank()
    found: list[tuple[Formula, bool]] = []
    for index_wholes, index_rights, key in (
        (wholes, rights, lambda f: f),
        (loose_wholes, loose_rights, loose),
    ):
        strict = index_wholes is wholes
        whole = key(user.whole)
        if user.right and _structure(whole) >= MIN_WHOLE and whole in index_wholes:
            found += [
                (f, p)
                for f, p in index_wholes[whole]
                if strict or _indices_agree(user.whole, f, whole)
            ]
        for original in (user.whole, *user.right):
            form = key(original)
            if form in index_rights and _says_enough(form):
                found += [
                    (f, p)
                    for f, p in index_rights[form]
                    if (strict or _indices_agree(original, f, form))
                    and (original is user.whole or _same_statement(updates, f, form))
                ]
    seen: set[str] = set()
    unique = [(f, p) for f, p in found if not (f.id in seen or seen.add(f.id))]  # type: ignore[func-returns-value]
    return unique or None


def _bound_use(form: tuple[str, ...]) -> tuple[bool, ...]:
    """For each index bound by a sum or product (`∑_j`, `∏_{i=1}^n`), whether anything after
    its subscript uses it: `∑_j e^{z_j}` → (True,), `∑_j e^{z_i}` → (False,)."""
    uses: list[bool] = []
    for i, token in enumerate(form):
        if token in ("sum", "prod") and i + 1 < len(form) and form[i + 1] == "_(":
            end = _group_end(form, i + 1)
            bound = [t for t in form[i + 2 : end - 1] if _is_variable(t)][:1]
            if bound:
                uses.append(bound[0] in form[end:])
    return tuple(uses)


def _indices_agree(user: tuple[str, ...], formula: Formula, key: tuple[str, ...]) -> bool:
    """A match found with indices dropped holds only if the sums bind indices the same way:
    `e^{z_i} / ∑_j e^{z_j}` is softmax, `e^{z_i} / ∑_j e^{z_i}` is not (a sum over j of
    something that does not depend on j: it is 1/n). Anything else that dropping indices
    hides (`x_i` against a vector `x`, `∑_x p(x)` against `∑_i p_i`) is notation."""
    mine = _bound_use(user)
    for entry in _bank()[0]:
        if entry.formula.id != formula.id:
            continue
        for form in (entry.forms.whole, *entry.forms.right):
            if loose(form) != key:
                continue
            theirs = _bound_use(form)
            if len(theirs) != len(mine) or theirs == mine:
                return True
    return False


def _operators(form: tuple[str, ...]) -> frozenset[str]:
    return frozenset(t for t in form if not _is_variable(t) and t not in BRACKETS)


def recognise(nodes: list[Node], forms: Forms | None = None) -> Recognition | None:
    """The bank formula this is (exact up to notation and names), or one it clearly resembles.

    Precision first: an exact match compares whole formulas or right-hand sides (never a
    left-hand side alone) with enough structure; a resemblance needs several distinctive
    features in common, a high score, and a clear margin over the next formula. `forms`:
    the canonical forms of `nodes`, when the caller has them already.
    """
    user = forms if forms is not None else canonical_forms(nodes)
    exact = _exact(user, _updates(nodes))
    if exact:
        # a formula as itself before one it is only a part of: Adam's m_t line is an EMA
        formula, part = next(((f, p) for f, p in exact if not p), exact[0])
        others = tuple(dict.fromkeys(f.id for f, _ in exact))
        return Recognition(formula, True, 1.0, part=part, candidates=others)
    ranked = ranked_resemblance(user, _left_arity(nodes))
    if DEBUG:
        print([(round(r[0], 2), r[1].id) for r in ranked[:3]])
    if not ranked or ranked[0][0] < MIN_SCORE:
        return None
    if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < MARGIN:
        return None
    score, formula, mine, theirs = ranked[0]
    a, b = features(mine), features(theirs)
    agree = tuple(sorted(_shown(t) for t in a & b))
    differ = tuple(sorted([f"+{_shown(t)}" for t in a - b] + [f"-{_shown(t)}" for t in b - a]))
    return Recognition(formula, False, score, agree, differ)


Ranked = list[tuple[float, Formula, tuple[str, ...], tuple[str, ...]]]


def ranked_resemblance(user: Forms, user_left: int | None, min_shared: int = MIN_SHARED) -> Ranked:
    """Every bank formula sharing several distinctive features with the user's last right
    side, best first: (score, formula, the user's form, the bank form it is closest to).
    With `user_left`, a formula defining a function of another arity is left out; a
    formula sharing fewer than `min_shared` operators is left out too."""
    mine = user.right[-1] if user.right else user.whole
    mine_features, mine_operators, mine_bigrams = features(mine), _operators(mine), _bigrams(mine)
    if not mine_features:
        return []
    best: dict[str, tuple[float, Formula, tuple[str, ...], tuple[str, ...]]] = {}
    for entry in _bank()[0]:
        if entry.part or not (mine_features & entry.features):
            continue  # nothing distinctive in common
        if user_left is not None and entry.left_arity is not None and user_left != entry.left_arity:
            continue  # H(P, Q) is not H(p): a different number of arguments
        shared = len(mine_operators & entry.operators)
        if shared < min_shared:
            continue
        jaccard = shared / len(mine_operators | entry.operators)
        score = (jaccard + _dice(mine_bigrams, entry.bigrams)) / 2
        if entry.formula.id not in best or score > best[entry.formula.id][0]:
            best[entry.formula.id] = (score, entry.formula, mine, entry.target)
    return sorted(best.values(), key=lambda item: -item[0])


def _shown(token: str) -> str:
    return token.rstrip("(").replace("mathbb:", "").replace("mathcal:", "𝒞:")


# ---------------------------------------------------------------- commutative normal form
# The same formula is written with its terms and factors in any order (`σ ε + μ`,
# `μ + ε σ`), constants pulled out of or into a fraction (`\frac{1}{2} x^2`, `\frac{x^2}{2}`),
# `\log x` or `\log(x)`, `x^{1/2}` or `\sqrt{x}`. Each sum and product is put in one order:
# terms and factors sorted by their shape (variables abstracted, so names do not decide),
# fractions in a product merged into one, and a sign after ∑ taken out of it. Subscripts are
# labels and stay as written; separators (`,`, `|`, relations, `∼`, `∈`) are never crossed.


@dataclass
class _G:
    opener: str  # "(", "frac(", "log(", "^(", "_(" …, or a paired "‖" / "["
    args: list[list[Any]]


_PAIRS = {"‖": "‖", "[": "]", "|": "|", "{": "}"}
BRACES = ("underbrace(", "overbrace(")  # `\underbrace{x}_{\text{label}}` computes x
# what separates statements or arguments; any other operator (⊙, /, ∗ …) leaves its
# sequence in the order written
HARD_SEPARATORS = RELATIONS | {",", ";", "|", "<", ">", "in", "sim", "to", "quad", "mid"}
REST_OPERATORS = {"sum", "prod", "E", "int", "max", "min", "argmax", "argmin", "lim", "nabla"}


class _Unbalanced(ValueError):
    pass


def _parse_tokens(tokens: list[str], i: int, nested: bool) -> tuple[list[Any], int]:
    items: list[Any] = []
    while i < len(tokens):
        token = tokens[i]
        if token in (")", ")("):
            if not nested:
                raise _Unbalanced(token)
            return items, i
        if token.endswith("("):
            args: list[list[Any]] = []
            i += 1
            while True:
                arg, i = _parse_tokens(tokens, i, True)
                args.append(arg)
                if i >= len(tokens):
                    raise _Unbalanced(token)
                i += 1
                if tokens[i - 1] == ")":
                    break
            items.append(_G(token, args))
            continue
        items.append(token)
        i += 1
    return items, i


def _flat(items: list[Any]) -> list[str]:
    out: list[str] = []
    for item in items:
        if isinstance(item, _G):
            out.append(item.opener)
            for index, arg in enumerate(item.args):
                if index:
                    out.append(")(")
                out.extend(_flat(arg))
            out.append(_PAIRS.get(item.opener, ")"))
        else:
            out.append(item)
    return out


_USES = threading.local()  # how often each name occurs in the form being normalised


def _key(items: list[Any]) -> str:
    """A shape to sort by: a name counts by how often it is used (in `g v / ‖v‖` the v),
    never by its letter, so the order does not depend on what the author called things."""
    uses: dict[str, int] = getattr(_USES, "counts", {})
    shape = _flat(_unscripted(items))  # indices are notation: `E_x` sorts as `E_{x∼p}`
    return " ".join(f"v{uses.get(t, 0)}" if _is_name(t) else t for t in shape)


def _unscripted(items: list[Any]) -> list[Any]:
    return [
        _G(item.opener, [_unscripted(arg) for arg in item.args]) if isinstance(item, _G) else item
        for item in items
        if not (isinstance(item, _G) and item.opener == "_(")
    ]


def _is_name(token: str) -> bool:
    return token.startswith("v:")


def _kind(item: Any) -> str:
    if isinstance(item, _G):
        return "script" if item.opener in ("_(", "^(") else "atom"
    if item in ("'", "^T"):
        return "script"
    if item in ("+", "-"):
        return "sign"
    if item in REST_OPERATORS:
        return "rest"
    if item in FUNCTION_TOKENS:
        return "next"
    if (
        _is_name(item)
        or item[:1].isdigit()
        or item.startswith(("fn:", "mathbb:", "mathcal:", "mathscr:", "mathfrak:"))
        or (len(item) == 1 and item.isalpha())
        or item in ("infty", "ell")
    ):
        return "atom"
    return "sep"


def _paired(items: list[Any]) -> list[Any]:
    out: list[Any] = []
    i = 0
    while i < len(items):
        item = items[i]
        if isinstance(item, str) and item in _PAIRS:
            close = _PAIRS[item]
            end = next((j for j in range(i + 1, len(items)) if items[j] == close), None)
            inside = items[i + 1 : end] if end is not None else []
            if end is not None and inside and (item not in "[{" or item not in inside):
                out.append(_G(item, [items[i + 1 : end]]))
                i = end + 1
                continue
        out.append(item)
        i += 1
    return out


def _unbraced(items: list[Any]) -> list[Any]:
    out: list[Any] = []
    i = 0
    while i < len(items):
        item = items[i]
        i += 1
        if isinstance(item, _G) and item.opener in BRACES and item.args:
            out.extend(item.args[0])
            while i < len(items) and isinstance(items[i], _G) and items[i].opener in ("_(", "^("):
                i += 1  # the brace's label
            continue
        out.append(item)
    return out


def _norm_seq(items: list[Any]) -> list[Any]:
    items = [t for t in _unbraced(items) if t != "times"]
    items = [_norm_item(item) for item in _paired(items)]
    out: list[Any] = []
    segment: list[Any] = []
    for item in items:
        if _kind(item) == "sep" and item in HARD_SEPARATORS:
            out.extend(_norm_segment(segment))
            out.append(item)
            segment = []
        else:
            segment.append(item)
    out.extend(_norm_segment(segment))
    return out


def _norm_item(item: Any) -> Any:
    if not isinstance(item, _G) or item.opener == "_(":
        return item  # a subscript is a label: kept as written
    args = [_norm_seq(arg) for arg in item.args]
    if item.opener == "sqrt(" and len(args) == 1 and len(args[0]) == 1:
        inner = args[0][0]
        if isinstance(inner, _G) and inner.opener == "frac(" and len(inner.args) == 2:
            return _G("frac(", [_sqrt(inner.args[0]), _sqrt(inner.args[1])])
    return _G(item.opener, args)


def _sqrt(items: list[Any]) -> list[Any]:
    return items if items == ["1"] else [_G("sqrt(", [items])]


def _terms(segment: list[Any]) -> list[tuple[int, list[Any]]]:
    terms: list[tuple[int, list[Any]]] = []
    sign, current = 1, []  # type: ignore[var-annotated]
    for item in segment:
        if _kind(item) == "sign":
            last = next((x for x in reversed(current) if _kind(x) != "script"), None)
            if last is None or _kind(last) in ("rest", "next"):
                sign *= -1 if item == "-" else 1  # a unary sign: -x, ∑ -x
                continue
            terms.append((sign, current))
            sign, current = (-1 if item == "-" else 1), []
            continue
        current.append(item)
    terms.append((sign, current))
    return terms


def _norm_segment(segment: list[Any]) -> list[Any]:
    if not segment:
        return []
    if any(_kind(item) == "sep" and item != "/" for item in segment):
        return segment  # an operator whose algebra is not known here: as written
    terms = _terms(segment)
    if any(not items for _, items in terms):
        return segment
    normed = []
    for sign, items in terms:
        extra, product = _product(items)
        normed.append((sign * extra, product))
    normed.sort(key=lambda term: (_key(term[1]), -term[0]))
    out: list[Any] = []
    for index, (sign, product) in enumerate(normed):
        if sign < 0:
            out.append("-")
        elif index:
            out.append("+")
        out.extend(product)
    return out


def _factor(items: list[Any], i: int) -> tuple[list[Any], int]:
    item = items[i]
    kind = _kind(item)
    factor = [item]
    i += 1
    while i < len(items) and _kind(items[i]) == "script":
        factor.append(items[i])
        i += 1
    if kind == "rest":
        sign, rest = _product(items[i:])
        return factor + ([] if sign > 0 else ["-"]) + rest, len(items)
    if kind == "next":
        if i < len(items) and _kind(items[i]) != "sep":
            argument, i = _factor(items, i)
            if len(factor) == 1:
                if (
                    len(argument) == 1
                    and isinstance(argument[0], _G)
                    and argument[0].opener in ("(", "[")
                ):
                    argument = argument[0].args[0]
                return [_G(item + "(", [argument])], i
            return [*factor, _G("(", [argument])], i
        return factor, i
    if (
        kind == "atom"
        and isinstance(item, str)
        and not item[:1].isdigit()
        and i < len(items)
        and isinstance(items[i], _G)
        and items[i].opener == "("
    ):
        factor.append(items[i])  # p(x): an application
        i += 1
        while i < len(items) and _kind(items[i]) == "script":
            factor.append(items[i])
            i += 1
    last = factor[-1]
    if len(factor) > 1 and isinstance(last, _G) and last.opener == "^(":
        power = last.args[0]
        if power in (["1", "/", "2"],) or (
            len(power) == 1
            and isinstance(power[0], _G)
            and power[0].opener == "frac("
            and power[0].args == [["1"], ["2"]]
        ):
            factor = [_G("sqrt(", [factor[:-1]])]  # x^{1/2} is √x
    return factor, i


def _is_frac(factor: list[Any]) -> bool:
    return (
        len(factor) == 1
        and isinstance(factor[0], _G)
        and factor[0].opener == "frac("
        and len(factor[0].args) == 2
    )


def _split_product(items: list[Any]) -> tuple[int, list[list[Any]]]:
    """A normalised sequence as (sign, factors); one factor in brackets if it is a sum."""
    if not items:
        return 1, []
    terms = _terms(items)
    if len(terms) == 1 and terms[0][1]:
        factors, i = [], 0
        body = terms[0][1]
        while i < len(body):
            factor, i = _factor(body, i)
            factors.append(factor)
        return terms[0][0], factors
    return 1, [[_G("(", [items])]]


def _product(items: list[Any]) -> tuple[int, list[Any]]:
    sign = 1
    factors: list[list[Any]] = []
    i = 0
    while i < len(items):
        if items[i] == "/" and factors and i + 1 < len(items) and _kind(items[i + 1]) != "sep":
            bottom, i = _factor(items, i + 1)  # `α · m / (√v + ε)`: the factors either side
            if len(bottom) == 1 and isinstance(bottom[0], _G) and bottom[0].opener == "(":
                bottom = bottom[0].args[0]
            factors.append([_G("frac(", [factors.pop(), bottom])])
            continue
        factor, i = _factor(items, i)
        factors.append(factor)
    tail = [f for f in factors if _kind(f[0]) == "rest"]
    factors = [f for f in factors if _kind(f[0]) != "rest"]
    fracs = [f for f in factors if _is_frac(f)]
    if fracs and len(factors) + len(tail) > 1:
        numerator: list[list[Any]] = []
        denominator: list[list[Any]] = []
        for factor in factors:  # in the order written: matrices do not commute
            if not _is_frac(factor):
                numerator.append(factor)
                continue
            top_sign, top = _split_product(factor[0].args[0])
            bottom_sign, bottom = _split_product(factor[0].args[1])
            sign *= top_sign * bottom_sign
            numerator += top
            denominator += bottom
        numerator = _ordered([f for f in numerator if f != ["1"]]) + tail
        denominator = _ordered([f for f in denominator if f != ["1"]])
        top_items: list[Any] = [t for f in numerator for t in f] or ["1"]
        if not denominator:
            return sign, top_items
        return sign, [_G("frac(", [top_items, [t for f in denominator for t in f]])]
    return sign, [t for f in _ordered(factors) + tail for t in f]


def _ordered(factors: list[list[Any]]) -> list[list[Any]]:
    """Scalars (numbers, lower-case Greek letters) first, sorted by shape; everything else
    keeps the order written, since `K^T Q` is not `Q K^T`."""
    scalars = [f for f in factors if _scalar(f)]
    return sorted(scalars, key=_key) + [f for f in factors if not _scalar(f)]


def _scalar(factor: list[Any]) -> bool:
    return all(
        (t[2:] in GREEK_NAMES and t[2].islower())
        if _is_name(t)
        else (t[:1].isdigit() or t in SCALAR_TOKENS)
        for t in _flat(_unscripted(factor))
    )


# what a scalar factor may be built of besides numbers and lower-case Greek letters
SCALAR_TOKENS = {"(", ")", ")(", "^(", "+", "-", "frac(", "sqrt(", "log(", "exp(", "hat(", "bar("}


def _expectations(tokens: list[str]) -> list[str]:
    """A plain `E_{x∼p}[…]` or `E[…]` is the expectation `𝔼`, as authors often write it."""
    out = list(tokens)
    for i, token in enumerate(tokens):
        if token != "v:E" or i + 1 >= len(tokens):
            continue
        after = _group_end(tuple(tokens), i + 1) if tokens[i + 1] == "_(" else i + 1
        if after < len(tokens) and tokens[after] == "[":
            out[i] = "E"
    return out


def _normalised(tokens: list[str]) -> list[str]:
    tokens = _expectations(tokens)
    try:
        items, _ = _parse_tokens(tokens, 0, False)
    except _Unbalanced:
        return tokens
    _USES.counts = {t: tokens.count(t) for t in set(tokens) if _is_name(t)}
    try:
        return _flat(_norm_seq(items))
    finally:
        _USES.counts = {}
