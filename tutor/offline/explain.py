"""The offline explainer: a pasted formula explained with no API key.

Reading aloud, every symbol, the structure, the known formula it is (with its paper and
pitfall), a NumPy translation, and that translation run in the sandbox on small inputs.
"""

from __future__ import annotations

import itertools

from tutor.errors import LatexError
from tutor.latex.tree import Command, Fenced, Group, Node, Scripts, Sym, Text, walk
from tutor.notation import is_transpose
from tutor.notation.symbols import Bilingual, SymbolItem, explain_symbols
from tutor.offline.reading import split_times
from tutor.offline.text import text
from tutor.plain import Plain

TYPE_CHECKING = False  # not typing's: mypy treats the name as true, Python skips the import
if TYPE_CHECKING:
    from tutor.config import Settings
    from tutor.offline.bank import Recognition
    from tutor.tools.numpy_exec import RunResult


class KnownFormula(Plain):
    """The bank formula an explanation names (or is a part of), and how it matched."""

    __slots__ = ("agree", "arxiv", "differ", "exact", "id", "name", "pitfall", "reference", "what")
    _fields = ("id", "name", "what", "pitfall", "arxiv", "exact", "reference", "agree", "differ")

    def __init__(
        self,
        id: str,
        name: Bilingual,
        what: Bilingual,
        pitfall: Bilingual,
        arxiv: str | None,
        exact: bool,
        reference: str | None = None,
        agree: list[str] | None = None,
        differ: list[str] | None = None,
    ) -> None:
        self.id, self.name, self.what, self.pitfall = id, name, what, pitfall
        self.arxiv, self.exact, self.reference = arxiv, exact, reference
        self.agree: list[str] = [] if agree is None else agree
        self.differ: list[str] = [] if differ is None else differ


class LineItem(Plain):
    """One line of a multi-line paste, recognised and translated on its own."""

    __slots__ = ("exact", "known", "latex", "numpy", "unicode")
    _fields = ("latex", "unicode", "known", "exact", "numpy")

    def __init__(
        self,
        latex: str,
        unicode: str,
        known: str | None = None,  # the bank formula's English name
        exact: bool = False,
        numpy: str | None = None,
    ) -> None:
        self.latex, self.unicode, self.known, self.exact = latex, unicode, known, exact
        self.numpy = numpy


class Explanation(Plain):
    """Everything the offline explainer says about a paste; `model_dump` is `--json`."""

    __slots__ = (
        "error",
        "functions",
        "known",
        "latex",
        "lines",
        "numpy",
        "numpy_source",
        "part_of",
        "reading",
        "run",
        "structure",
        "symbols",
        "unicode",
        "unknown",
        "untranslated",
    )
    _fields = (
        "latex",
        "error",
        "unicode",
        "reading",
        "symbols",
        "unknown",
        "structure",
        "known",
        "part_of",
        "lines",
        "numpy",
        "numpy_source",
        "untranslated",
        "functions",
        "run",
    )

    def __init__(
        self,
        latex: str,
        error: str | None = None,
        unicode: str = "",
        reading: str = "",
        symbols: list[SymbolItem] | None = None,
        unknown: list[str] | None = None,
        structure: list[str] | None = None,
        known: KnownFormula | None = None,
        # the input is a component of a bank formula (PPO's ratio r_t): not its name
        part_of: KnownFormula | None = None,
        lines: list[LineItem] | None = None,
        numpy: str | None = None,
        numpy_source: str | None = None,  # "bank" or "translated"
        untranslated: str | None = None,
        functions: list[str] | None = None,  # applied but not defined
        run: RunResult | None = None,
    ) -> None:
        self.latex, self.error, self.unicode, self.reading = latex, error, unicode, reading
        self.symbols: list[SymbolItem] = [] if symbols is None else symbols
        self.unknown: list[str] = [] if unknown is None else unknown
        self.structure: list[str] = [] if structure is None else structure
        self.known, self.part_of = known, part_of
        self.lines: list[LineItem] = [] if lines is None else lines
        self.numpy, self.numpy_source, self.untranslated = numpy, numpy_source, untranslated
        self.functions: list[str] = [] if functions is None else functions
        self.run = run

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

        if self.error:
            return f"**{text('cannot_read', lang)}:** {self.error}"
        out = [f"```text\n{self.unicode}\n```"]
        out.append(f"**{text('read_aloud', lang)}:** {self.reading}")
        known = self.known
        if known is not None and known.exact:
            paper = f" — arXiv:{known.arxiv}" if known.arxiv else ""
            paper += f" — {known.reference}" if known.reference and not known.arxiv else ""
            out.append(f"**{known.name.get(lang)}**{paper}: {known.what.get(lang)}")
            out.append(f"⚠ {text('pitfall', lang)}: {known.pitfall.get(lang)}")
        elif known is not None:
            differ = [
                text("yours_has" if d.startswith("+") else "bank_has", lang, part=d[1:])
                for d in known.differ
            ]
            out.append(
                text(
                    "looks_like_line",
                    lang,
                    name=known.name.get(lang),
                    agree=", ".join(known.agree) or text("agree_nothing", lang),
                    differ="; ".join(differ) or text("differ_arrangement", lang),
                )
            )
        elif self.part_of is not None:
            out.append(text("part_of", lang, name=self.part_of.name.get(lang)))
        else:
            out.append(text("not_in_bank", lang))
        if self.lines:
            rows = []
            for n, line in enumerate(self.lines, 1):
                name = f" — **{line.known}**" if line.known else ""
                code = f" → `{line.numpy}`" if line.numpy else ""
                rows.append(f"{n}. `{line.unicode}`{name}{code}")
            out.append(f"**{text('lines', lang)}**\n\n" + "\n".join(rows))
        if self.structure:
            out.append(
                f"**{text('structure', lang)}**\n\n"
                + "\n".join(f"- {line}" for line in self.structure)
            )
        if self.symbols:
            out.append(
                f"**{text('symbols', lang)}**\n\n"
                + "\n".join(item.to_markdown(lang) for item in self.symbols)
            )
        if self.numpy:
            key = "numpy_bank" if self.numpy_source == "bank" else "numpy_translated"
            out.append(f"**{text(key, lang)}**\n\n```python\n{self.numpy}\n```")
        if self.functions:
            out.append(text("needs_functions", lang, names=", ".join(self.functions)))
        if self.untranslated:
            out.append(text("untranslated", lang) + f"`{self.untranslated}`")
        if self.run is not None:
            out.append(f"**{text('result', lang)}**\n\n{self.run.to_markdown()}")
        return "\n\n".join(out)


def _structure(nodes: list[Node], lang: str) -> list[str]:
    """What is summed or maximised over what, fractions, applications, declared shapes."""
    from tutor.latex.unicode import render_nodes

    notes: list[str] = []
    for node in walk(nodes):
        if isinstance(node, Scripts) and isinstance(node.base, Sym) and node.base.kind == "cmd":
            name = node.base.text
            sub = render_nodes(node.sub) if node.sub else ""
            sup = render_nodes(node.sup) if node.sup else ""
            if name in ("sum", "prod"):
                limits = f"{sub} … {sup}" if sup else sub
                notes.append(
                    text("sum_over" if name == "sum" else "prod_over", lang, limits=limits)
                )
            elif name in ("max", "min", "argmax", "argmin", "sup", "inf") and sub:
                notes.append(text("optimise_over", lang, op=name, sub=sub))
            elif name == "nabla" and sub:
                notes.append(text("gradient_wrt", lang, sub=sub))
        if isinstance(node, Command) and node.name in ("frac", "dfrac", "tfrac"):
            top, bottom = render_nodes(node.args[0]), render_nodes(node.args[1])
            notes.append(text("fraction", lang, top=top, bottom=bottom))
    notes += _applications(nodes, lang)
    notes += _shapes(nodes, lang)
    return list(dict.fromkeys(notes))[:12]


APPLIED = {"log", "exp", "sin", "cos", "tanh", "max", "min", "det", "Pr", "sigma"}


def _applications(nodes: list[Node], lang: str) -> list[str]:
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
                notes.append(text("applied", lang, name=name, inner=inner))
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
        notes.append(text("shape", lang, product=product, shape=shape))
    return notes


def _operand(node: Node, shapes: dict[str, list[str]]) -> tuple[str, list[str]] | None:
    """A declared matrix, or its transpose, as (name shown, [rows, cols])."""
    from tutor.latex.serialize import to_latex
    from tutor.latex.unicode import to_unicode

    if isinstance(node, Scripts) and node.base is not None and node.sub is None:
        base = to_latex([node.base])
        if base in shapes and len(shapes[base]) == 2 and is_transpose(node.sup):
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


def _known(match: Recognition) -> KnownFormula:
    formula = match.formula
    return KnownFormula(
        id=formula.id,
        name=formula.name,
        what=formula.what,
        pitfall=formula.pitfall,
        arxiv=formula.arxiv,
        exact=match.exact,
        reference=formula.reference,
        agree=list(match.agree),
        differ=list(match.differ),
    )


def _recognise_lines(
    source: str, parsed: list[tuple[str, list[Node]]]
) -> tuple[Recognition | None, list[Recognition | None]]:
    """The whole paste's recognition, and each line's: the statements agree or nothing is
    named (tutor/offline/evidence.py says how evidence combines)."""
    from tutor.latex.macros import macros_for
    from tutor.latex.parser import parse
    from tutor.offline.bank import (
        Recognition,
        canonical_forms,
        is_bank_whole,
        recognise,
        typed_as_bank,
    )
    from tutor.offline.evidence import evidence_of, recognise_statements, split_statements

    typed = typed_as_bank(source) or (typed_as_bank(parsed[0][0]) if len(parsed) == 1 else None)
    if typed is not None:
        as_typed = Recognition(typed, True, 1.0, candidates=(typed.id,))
        return as_typed, [as_typed] * len(parsed)
    if len(parsed) == 1:
        agreed = recognise_statements([parsed[0][0]])
        if agreed is not None:
            return agreed, [agreed]
        statements = split_statements(parsed[0][0])
        found = evidence_of(statements[0]) if len(statements) == 1 else None
        only = found.recognition if found is not None else recognise(parsed[0][1])
        # an exact match the statements did not agree on (a line of several formulas) is
        # no hint either
        hint = only if only is not None and not only.exact else None
        return hint, [hint]  # a resemblance ("looks like"), or nothing
    per_line = [recognise(nodes) for _, nodes in parsed]
    agreed = recognise_statements([line for line, _ in parsed])
    if agreed is not None:
        return agreed, per_line
    try:
        nodes = parse(source, macros_for())
        forms = canonical_forms(nodes)
        whole = recognise(nodes, forms) if is_bank_whole(forms) else None
    except LatexError:
        whole = None
    # the paste as one block, only when it is a bank formula's block as a whole: a right
    # side of one of its lines (AdaGrad's update under an EMA of g²) is not the paste
    if whole is not None and whole.exact and not whole.part:
        return whole, per_line
    return None, per_line


def explain_formula(
    latex: str, *, lang: str = "en", run: bool = True, settings: Settings | None = None
) -> Explanation:
    """Explain a formula offline. Never raises for bad input: the error is in the result.

    A paste of several lines (`aligned`, `\\\\`, algorithm lines with ←) is recognised and
    translated line by line, in order.
    """
    from tutor.latex.unicode import render_nodes
    from tutor.offline.lines import parse_lines
    from tutor.offline.reading import read_aloud
    from tutor.offline.translate import Untranslatable, translate_lines

    try:
        parsed = parse_lines(latex)
    except LatexError as exc:
        return Explanation(latex=latex, error=str(exc))
    parsed = [(line, nodes) for line, nodes in parsed if nodes]
    if not parsed:
        return Explanation(latex=latex, error=text("empty", lang))
    every: list[Node] = [node for _, nodes in parsed for node in nodes]
    symbols, unknown = explain_symbols(every, lang)
    structure: list[str] = []
    for _, nodes in parsed:
        structure += _structure(nodes, lang)
    try:
        reading = "\n".join(read_aloud(nodes, lang) for _, nodes in parsed)
    except RecursionError:  # thousands of `←` or `∑` in a row: the rest still explains
        reading = text("too_long_to_read", lang)
    explanation = Explanation(
        latex=latex,
        unicode="\n".join(render_nodes(nodes) for _, nodes in parsed),
        reading=reading,
        symbols=symbols,
        unknown=unknown,
        structure=list(dict.fromkeys(structure))[:12],
    )
    try:
        match, per_line = _recognise_lines(latex, parsed)
    except RecursionError:
        match, per_line = None, [None] * len(parsed)
    if match is not None and match.part:
        explanation.part_of = _known(match)
        match = None
    if match is not None:
        explanation.known = _known(match)
    try:
        translation = translate_lines([nodes for _, nodes in parsed])
    except Untranslatable as exc:
        translation = None
        explanation.untranslated = exc.part + (f" ({exc.why})" if exc.why else "")
    except RecursionError:
        translation = None
        explanation.untranslated = text("too_long_to_translate", lang)
    if len(parsed) > 1:
        explanation.lines = [
            LineItem(
                latex=line,
                unicode=render_nodes(nodes),
                known=line_match.formula.name.en if line_match and not line_match.part else None,
                exact=bool(line_match and line_match.exact and not line_match.part),
            )
            for (line, nodes), line_match in zip(parsed, per_line, strict=True)
        ]
    if translation is not None:
        explanation.numpy, explanation.numpy_source = translation.program, "translated"
        explanation.functions = list(translation.functions)
        if translation.untranslated:
            explanation.untranslated = ", ".join(translation.untranslated)
    # a partial translation (`∫ f(x) dx = 1` computing only the 1) would mislead: not run
    runnable = (
        translation is not None and not translation.functions and not translation.untranslated
    )
    if match is not None and match.exact and not runnable:
        explanation.numpy, explanation.numpy_source = match.formula.numpy, "bank"
        runnable = True
    if run and explanation.numpy and runnable:
        from tutor.tools.numpy_exec import run_numpy  # not imported by `--no-run`

        explanation.run = run_numpy(explanation.numpy, settings)
        if not explanation.run.ok and match is not None and match.exact:
            explanation.numpy, explanation.numpy_source = match.formula.numpy, "bank"
            explanation.run = run_numpy(explanation.numpy, settings)
        check = _property_check(explanation.run, lang)
        if check:
            explanation.structure.append(check)
    return explanation


def _property_check(result: RunResult | None, lang: str) -> str | None:
    """Say so when the result is a distribution (non-negative, summing to 1): a softmax's
    probabilities, a mixture's responsibilities."""
    import re

    if result is None or not result.ok or result.value is None:
        return None
    shape = result.value.shape
    if not shape or len(shape) != 1 or not 2 <= shape[0] <= 64:
        return None
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", result.value.repr)]
    if len(numbers) != shape[0] or min(numbers) < 0 or abs(sum(numbers) - 1) > 1e-4:
        return None
    return text("property_sums_to_one", lang, total="1")
