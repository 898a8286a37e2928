"""The offline explainer: a pasted formula explained with no API key.

Reading aloud, every symbol, the structure, the known formula it is (with its paper and
pitfall), a NumPy translation, and that translation run in the sandbox on small inputs.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from tutor.errors import LatexError
from tutor.latex.tree import Command, Fenced, Group, Node, Scripts, Sym, Text, walk
from tutor.offline.reading import split_times
from tutor.tools.numpy_exec import RunResult
from tutor.tools.symbols import Bilingual, SymbolItem, explain_symbols

if TYPE_CHECKING:
    from tutor.config import Settings


class KnownFormula(BaseModel):
    id: str
    name: Bilingual
    what: Bilingual
    pitfall: Bilingual
    arxiv: str | None
    exact: bool


class Explanation(BaseModel):
    latex: str
    error: str | None = None
    unicode: str = ""
    reading: str = ""
    symbols: list[SymbolItem] = Field(default_factory=list)
    unknown: list[str] = Field(default_factory=list)
    structure: list[str] = Field(default_factory=list)
    known: KnownFormula | None = None
    numpy: str | None = None
    numpy_source: str | None = None  # "bank" or "translated"
    untranslated: str | None = None
    run: RunResult | None = None

    @property
    def name_en(self) -> str | None:
        """The English name of the recognised bank formula, or None."""
        return self.known.name.en if self.known is not None else None

    @property
    def match_kind(self) -> str | None:
        """ "exact", "looks_like", or None when the formula is not recognised."""
        if self.known is None:
            return None
        return "exact" if self.known.exact else "looks_like"

    def to_markdown(self, lang: str = "en") -> str:
        ja = lang == "ja"
        if self.error:
            return f"**{'数式を読めません' if ja else 'Cannot read this formula'}:** {self.error}"
        out = [f"```text\n{self.unicode}\n```"]
        out.append(f"**{'読み方' if ja else 'Read aloud'}:** {self.reading}")
        if self.known is not None:
            kind = "" if self.known.exact else (" (似た式)" if ja else " (looks like)")
            paper = f" — arXiv:{self.known.arxiv}" if self.known.arxiv else ""
            out.append(f"**{self.known.name.get(lang)}**{kind}{paper}: {self.known.what.get(lang)}")
            out.append(f"⚠ {'注意' if ja else 'Pitfall'}: {self.known.pitfall.get(lang)}")
        if self.structure:
            out.append(
                f"**{'構造' if ja else 'Structure'}**\n\n"
                + "\n".join(f"- {line}" for line in self.structure)
            )
        if self.symbols:
            out.append(
                f"**{'記号' if ja else 'Symbols'}**\n\n"
                + "\n".join(item.to_markdown(lang) for item in self.symbols)
            )
        if self.numpy:
            label = "NumPy" + (
                "（参照実装）"
                if ja and self.numpy_source == "bank"
                else " (reference implementation)"
                if self.numpy_source == "bank"
                else "（自動変換・小さな乱数入力）"
                if ja
                else " (translated, on small random inputs)"
            )
            out.append(f"**{label}**\n\n```python\n{self.numpy}\n```")
        if self.untranslated:
            out.append(
                ("変換できない部分: " if ja else "Cannot translate this part: ")
                + f"`{self.untranslated}`"
            )
        if self.run is not None:
            out.append(f"**{'実行結果' if ja else 'Result'}**\n\n{self.run.to_markdown()}")
        return "\n\n".join(out)


def _structure(nodes: list[Node], lang: str) -> list[str]:
    """What is summed or maximised over what, fractions, applications, declared shapes."""
    from tutor.latex.unicode import render_nodes

    ja = lang == "ja"
    notes: list[str] = []
    for node in walk(nodes):
        if isinstance(node, Scripts) and isinstance(node.base, Sym) and node.base.kind == "cmd":
            name = node.base.text
            sub = render_nodes(node.sub) if node.sub else ""
            sup = render_nodes(node.sup) if node.sup else ""
            if name in ("sum", "prod"):
                what = (
                    ("総和" if name == "sum" else "総乗")
                    if ja
                    else ("sum" if name == "sum" else "product")
                )
                limits = f"{sub} … {sup}" if sup else sub
                notes.append(
                    f"{what}: {limits}"
                    + ("（右の項について）" if ja else " over the term that follows")
                )
            elif name in ("max", "min", "argmax", "argmin", "sup", "inf") and sub:
                notes.append(f"{name} {'：' if ja else 'over'} {sub}")
            elif name == "nabla" and sub:
                notes.append(f"∇ {'：' if ja else 'with respect to'} {sub}")
        if isinstance(node, Command) and node.name in ("frac", "dfrac", "tfrac"):
            top, bottom = render_nodes(node.args[0]), render_nodes(node.args[1])
            notes.append(f"{'分数' if ja else 'fraction'}: ({top}) / ({bottom})")
    notes += _applications(nodes, ja)
    notes += _shapes(nodes, lang)
    return list(dict.fromkeys(notes))[:12]


APPLIED = {"log", "exp", "sin", "cos", "tanh", "max", "min", "det", "Pr", "sigma"}


def _applications(nodes: list[Node], ja: bool) -> list[str]:
    """What is the argument of what: `softmax` applied to `(QKᵀ/√dₖ)`."""
    from tutor.latex.unicode import render_nodes

    notes: list[str] = []
    rows: list[list[Node]] = (
        [nodes]
        + [n.body for n in walk(nodes) if isinstance(n, Group | Fenced)]
        + [arg for n in walk(nodes) if isinstance(n, Command) for arg in n.args]
    )
    for row in rows:
        for index, (function, argument) in enumerate(itertools.pairwise(row)):
            name = None
            if isinstance(function, Text) and function.text.strip().isalpha():
                name = function.text.strip()
            elif isinstance(function, Sym) and function.kind == "cmd" and function.text in APPLIED:
                name = render_nodes([function])
            if name is None:
                continue
            inner_nodes = (
                argument.body if isinstance(argument, Fenced) else _bracketed(row, index + 1)
            )
            if inner_nodes:
                inner = render_nodes(inner_nodes)
                notes.append(
                    f"{name} は ({inner}) に適用" if ja else f"{name} is applied to ({inner})"
                )
    return notes


def _bracketed(row: list[Node], start: int) -> list[Node] | None:
    """The nodes between a flat `(` at `start` and its matching `)`."""
    first = row[start]
    if not (isinstance(first, Sym) and first.text == "("):
        return None
    depth = 0
    for end in range(start, len(row)):
        node = row[end]
        text = node.text if isinstance(node, Sym) else ""
        depth += (text == "(") - (text == ")")
        if depth == 0:
            return row[start + 1 : end]
    return None


def _shapes(nodes: list[Node], lang: str) -> list[str]:
    """`Q \\in \\mathbb{R}^{n \\times d}` declarations, and what products of them give."""
    from tutor.latex.serialize import to_latex
    from tutor.latex.unicode import render_nodes, to_unicode

    shapes: dict[str, list[str]] = {}
    for i, node in enumerate(nodes):
        if isinstance(node, Sym) and node.text == "in" and i > 0 and i + 1 < len(nodes):
            space = nodes[i + 1]
            if isinstance(space, Scripts) and space.sup is not None:
                dims = [render_nodes(part) for part in split_times(space.sup)]
                shapes[to_latex([nodes[i - 1]])] = dims
    notes = [f"{to_unicode(name)} ∈ ℝ^({'×'.join(dims)})" for name, dims in shapes.items()]
    for product, dims in _products(nodes, shapes):
        shape = "×".join(dims)
        notes.append(
            f"形: {product} は {shape}" if lang == "ja" else f"shape: {product} is {shape}"
        )
    return notes


def _operand(node: Node, shapes: dict[str, list[str]]) -> tuple[str, list[str]] | None:
    """A declared matrix, or its transpose, as (name shown, [rows, cols])."""
    from tutor.latex.serialize import to_latex
    from tutor.latex.unicode import to_unicode

    if isinstance(node, Scripts) and node.base is not None and node.sub is None:
        base = to_latex([node.base])
        sup = to_latex(node.sup or []).strip("{}")
        if base in shapes and len(shapes[base]) == 2 and sup in ("\\top", "T", "\\intercal"):
            rows, cols = shapes[base]
            return to_unicode(base) + "ᵀ", [cols, rows]
    latex = to_latex([node])
    if latex in shapes and len(shapes[latex]) == 2:
        return to_unicode(latex), list(shapes[latex])
    return None


def _products(nodes: list[Node], shapes: dict[str, list[str]]) -> list[tuple[str, list[str]]]:
    """Adjacent declared matrices multiply: (n×d)(d×m) is n×m; a mismatch is said too."""
    found: list[tuple[str, list[str]]] = []
    for node in walk(nodes):
        children = None
        if isinstance(node, Command):
            children = node.args
        elif hasattr(node, "body"):
            children = [node.body]  # type: ignore[attr-defined]
        for row in children or []:
            found += _row_products(row, shapes)
    return found + _row_products(nodes, shapes)


def _row_products(row: list[Node], shapes: dict[str, list[str]]) -> list[tuple[str, list[str]]]:
    found: list[tuple[str, list[str]]] = []
    for left, right in itertools.pairwise(row):
        a, b = _operand(left, shapes), _operand(right, shapes)
        if a is None or b is None:
            continue
        if a[1][1] == b[1][0]:
            found.append((a[0] + b[0], [a[1][0], b[1][1]]))
        else:
            found.append((a[0] + b[0], [f"undefined ({a[1][1]} ≠ {b[1][0]})"]))
    return found


def explain_formula(
    latex: str, *, lang: str = "en", run: bool = True, settings: Settings | None = None
) -> Explanation:
    """Explain a formula offline. Never raises for bad input: the error is in the result."""
    from tutor.latex.macros import macros_for
    from tutor.latex.parser import parse
    from tutor.latex.unicode import render_nodes
    from tutor.offline.bank import recognise
    from tutor.offline.reading import read_aloud
    from tutor.offline.translate import Untranslatable, translate
    from tutor.tools.numpy_exec import run_numpy

    try:
        nodes = parse(latex, macros_for())
    except LatexError as exc:
        return Explanation(latex=latex, error=str(exc))
    if not nodes:
        return Explanation(latex=latex, error="empty formula: paste some LaTeX, e.g. \\sum_i x_i")
    symbols, unknown = explain_symbols(nodes, lang)
    explanation = Explanation(
        latex=latex,
        unicode=render_nodes(nodes),
        reading=read_aloud(nodes, lang),
        symbols=symbols,
        unknown=unknown,
        structure=_structure(nodes, lang),
    )
    match = recognise(nodes)
    if match is not None:
        formula = match.formula
        explanation.known = KnownFormula(
            id=formula.id,
            name=formula.name,
            what=formula.what,
            pitfall=formula.pitfall,
            arxiv=formula.arxiv,
            exact=match.exact,
        )
    try:
        translation = translate(nodes)
        explanation.numpy, explanation.numpy_source = translation.program, "translated"
        if translation.untranslated:
            explanation.untranslated = ", ".join(translation.untranslated)
    except Untranslatable as exc:
        explanation.untranslated = exc.part + (f" ({exc.why})" if exc.why else "")
    if match is not None and match.exact:
        explanation.numpy, explanation.numpy_source = match.formula.numpy, "bank"
    if run and explanation.numpy:
        explanation.run = run_numpy(explanation.numpy, settings)
        if (
            not explanation.run.ok
            and match is not None
            and match.exact
            and (explanation.numpy_source != "bank")
        ):
            explanation.numpy, explanation.numpy_source = match.formula.numpy, "bank"
            explanation.run = run_numpy(explanation.numpy, settings)
    return explanation
