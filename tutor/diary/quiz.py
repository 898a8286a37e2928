"""Self-check quizzes from the same data: read a symbol, write the LaTeX, implement in NumPy."""

from __future__ import annotations

import ast
import copy
import difflib
import random
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tutor.errors import LatexError
from tutor.latex.tree import Command, Environment, Fenced, Group, Node, Scripts, Sym

if TYPE_CHECKING:
    from tutor.config import Settings


@dataclass(frozen=True)
class Question:
    kind: str  # symbol, latex, numpy
    prompt: str
    answer_key: str  # symbol id, formula id, or function name


@dataclass(frozen=True)
class Verdict:
    correct: bool
    message: str


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def symbol_question(rng: random.Random, lang: str = "en") -> Question:
    from tutor.tools.symbols import symbol_table

    entries = [
        e
        for e in symbol_table().symbols
        if e.category in ("greek", "operator", "relation", "arrow", "set", "probability")
    ]
    entry = rng.choice(entries)
    prompt = (
        f"How do you read {entry.latex[0]} ({entry.unicode}) aloud?"
        if lang != "ja"
        else f"{entry.latex[0]}（{entry.unicode}）の読み方は？"
    )
    return Question("symbol", prompt, entry.id)


def check_symbol(question: Question, answer: str) -> Verdict:
    from tutor.tools.symbols import symbol_table

    entry = next(e for e in symbol_table().symbols if e.id == question.answer_key)
    accepted = set()
    for reading in (entry.read.en, entry.read.ja):
        for part in re.split(r"[／/,(（)）]", reading):
            if part.strip():
                accepted.add(_norm(part))
    given = _norm(answer)
    close = any(difflib.SequenceMatcher(None, given, a).ratio() >= 0.8 for a in accepted)
    ok = given in accepted or close or any(a and a in given for a in accepted if len(a) > 3)
    return Verdict(ok, f"{'right' if ok else 'not quite'}: {entry.read.en} / {entry.read.ja}")


def latex_question(rng: random.Random, lang: str = "en") -> Question:
    from tutor.offline.bank import formula_bank

    formula = rng.choice(formula_bank().formulas)
    name = formula.name.get(lang)
    prompt = (
        f"Write the LaTeX of: {name}"
        if lang != "ja"
        else f"次の式を LaTeX で書いてください：{name}"
    )
    return Question("latex", prompt, formula.id)


OPEN = {"(": ")", "[": "]"}
RELATIONS = {"=", ",", "<", ">", "le", "ge", "leq", "geq", "approx", "sim", "leftarrow", "gets"}


def _bracket(node: Node) -> str | None:
    """The bracket a node is (a closing one may carry the script: `(…)^2`)."""
    if isinstance(node, Scripts) and node.sub is None:
        node = node.base  # type: ignore[assignment]
    if isinstance(node, Sym) and node.kind == "char" and node.text in "()[]":
        return node.text
    return None


@dataclass
class _Paren:
    open: Node
    items: list[object]
    close: Node


def _segments(row: list[Node]) -> list[object] | None:
    """The row with each bracketed run nested; None when the brackets do not balance."""
    stack: list[tuple[Node | None, list[object]]] = [(None, [])]
    for node in row:
        mark = _bracket(node)
        if mark in OPEN:
            stack.append((node, []))
        elif mark in (")", "]"):
            if len(stack) == 1:
                return None
            opened, items = stack.pop()
            assert opened is not None
            stack[-1][1].append(_Paren(opened, items, node))
        else:
            stack[-1][1].append(node)
    return stack[0][1] if len(stack) == 1 else None


def _flat(items: list[object]) -> list[Node]:
    out: list[Node] = []
    for item in items:
        if isinstance(item, _Paren):
            out += [item.open, *_flat(item.items), item.close]
        else:
            assert isinstance(item, Node)
            out.append(item)
    return out


def _is(item: object, *texts: str) -> bool:
    return isinstance(item, Sym) and item.kind in ("char", "cmd") and item.text in texts


def _shape(items: list[object]) -> str:
    """A name-free key for ordering the two sides of a squared difference."""
    from tutor.offline.bank import canonical_forms

    return " ".join(canonical_forms(_flat(items)).whole)


def _normal_segment(items: list[object]) -> list[object]:
    items = [
        _Paren(i.open, _normal_segment(i.items), i.close) if isinstance(i, _Paren) else i
        for i in items
    ]
    bars = [n for n, item in enumerate(items) if _is(item, "|", "vert")]
    if len(bars) == 1:  # a lone bar between brackets is "given": P(A|B) = P(A \mid B)
        bar = items[bars[0]]
        assert isinstance(bar, Sym)
        items[bars[0]] = Sym(bar.pos, "mid", "cmd")
    sides: list[list[object]] = [[]]
    for item in items:
        if _is(item, *RELATIONS):
            sides += [[item], []]
        else:
            sides[-1].append(item)
    items = [item for side in sides for item in _divided(side)]
    for index, item in enumerate(items):
        # (a - b)^2 = (b - a)^2: order the two sides of a squared difference
        close = item.close if isinstance(item, _Paren) else None
        if (
            isinstance(item, _Paren)
            and isinstance(close, Scripts)
            and close.sup is not None
            and [getattr(n, "text", None) for n in close.sup] == ["2"]
        ):
            minus = [n for n, x in enumerate(item.items) if _is(x, "-")]
            plain = not any(_is(x, "+", "=", ",") for x in item.items)
            if plain and len(minus) == 1 and 0 < minus[0] < len(item.items) - 1:
                left, right = item.items[: minus[0]], item.items[minus[0] + 1 :]
                if _shape(right) < _shape(left):
                    left, right = right, left
                items[index] = _Paren(item.open, [*left, item.items[minus[0]], *right], close)
    return items


def _operand(items: list[object]) -> list[Node]:
    """One side of `/`; brackets around a whole side only group it: (1+e^{-x})."""
    if len(items) == 1 and isinstance(items[0], _Paren) and isinstance(items[0].close, Sym):
        return _flat(items[0].items)
    return _flat(items)


def _divided(side: list[object]) -> list[object]:
    """`a/b` over a run of products (no + or - beside it) is `\\frac{a}{b}`."""
    slashes = [n for n, item in enumerate(side) if _is(item, "/")]
    if len(slashes) != 1 or any(_is(i, "+", "-", "pm", "mid") for i in side):
        return side
    top, bottom = _operand(side[: slashes[0]]), _operand(side[slashes[0] + 1 :])
    return [Command(top[0].pos, "frac", [top, bottom])] if top and bottom else side


def _normal_row(row: list[Node]) -> list[Node]:
    for node in row:
        if isinstance(node, Group | Fenced):
            node.body = _normal_row(node.body)
        elif isinstance(node, Command):
            node.args = [_normal_row(arg) for arg in node.args]
        elif isinstance(node, Scripts):
            if node.base is not None:
                [node.base] = _normal_row([node.base]) or [node.base]
            node.sub = _normal_row(node.sub) if node.sub is not None else None
            node.sup = _normal_row(node.sup) if node.sup is not None else None
        elif isinstance(node, Environment):
            node.rows = [[_normal_row(cell) for cell in row] for row in node.rows]
    segments = _segments(row)
    return row if segments is None else _flat(_normal_segment(segments))


def latex_form(latex: str) -> tuple[str, ...]:
    """A formula's canonical form with notation normalised: `|`/`\\mid`, `^T`/`^\\top`,
    fonts, spacing, braces, `a/b`/`\\frac{a}{b}`, `(a-b)^2`/`(b-a)^2`, variable names."""
    from tutor.latex.macros import macros_for
    from tutor.latex.parser import parse
    from tutor.offline.bank import canonical_forms

    nodes = parse(latex, macros_for())
    return canonical_forms(_normal_row(copy.deepcopy(nodes))).whole


def check_latex(question: Question, answer: str) -> Verdict:
    from tutor.offline.bank import formula_bank

    formula = next(f for f in formula_bank().formulas if f.id == question.answer_key)
    try:
        mine = latex_form(answer)
    except LatexError as exc:
        return Verdict(False, f"that LaTeX does not parse: {exc}")
    forms = set()
    for variant in formula.latex:
        try:
            forms.add(latex_form(variant))
        except LatexError:
            continue
    # the whole formula must match: one side alone (`\\sigma(x)`) is not the answer
    ok = mine in forms
    return Verdict(ok, f"{'right' if ok else 'not quite'}; one way to write it: {formula.latex[0]}")


def _function_of(code: str) -> tuple[str, str] | None:
    """The reference's function name and the call in its last line, if it defines one."""
    tree = ast.parse(code)
    defined = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
    last = tree.body[-1]
    if not defined or not isinstance(last, ast.Expr):
        return None
    for node in ast.walk(last):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and (node.func.id in defined)
        ):
            return node.func.id, ast.unparse(node)
    return None


def numpy_question(rng: random.Random, lang: str = "en") -> Question:
    from tutor.offline.bank import formula_bank

    choices = [(f, _function_of(f.numpy)) for f in formula_bank().formulas]
    formula, found = rng.choice([(f, fn) for f, fn in choices if fn is not None])
    assert found is not None
    name, call = found
    signature = call.split("(", 1)[1].rsplit(")", 1)[0]
    prompt = (
        f"Implement {formula.name.get(lang)} in NumPy as `def {name}(...)`; it will be "
        f"called like `{call}` (arguments: {signature})"
        if lang != "ja"
        else f"{formula.name.get(lang)} を NumPy で `def {name}(...)` として実装してください。"
        f"`{call}` のように呼ばれます"
    )
    return Question("numpy", prompt, formula.id)


def check_numpy(question: Question, code: str, settings: Settings | None = None) -> Verdict:
    """Run the learner's function and the reference on the example and on random inputs."""
    from tutor.offline.bank import formula_bank
    from tutor.tools.numpy_exec import run_numpy

    formula = next(f for f in formula_bank().formulas if f.id == question.answer_key)
    found = _function_of(formula.numpy)
    assert found is not None
    name, call = found
    reference = formula.numpy.rsplit("\n", 1)[0].replace(f"def {name}(", f"def reference_{name}(")
    perturbed = re.sub(r"(-?\d+\.\d+)", r"(\1 + 0.1 * noise())", call)
    program = "\n".join(
        [
            reference,
            code,
            "rng = np.random.default_rng(1)",
            "def noise():\n    return float(rng.normal())",
            f"checks = [np.allclose(np.asarray({call}, dtype=float),"
            f" np.asarray(reference_{call}, dtype=float), atol=1e-6)]",
            "for trial in range(5):",
            "    state = rng.bit_generator.state",
            f"    mine = np.asarray({perturbed}, dtype=float)",
            "    rng.bit_generator.state = state",
            f"    ref = np.asarray(reference_{perturbed}, dtype=float)",
            "    checks.append(np.allclose(mine, ref, atol=1e-6))",
            "all(checks)",
        ]
    )
    result = run_numpy(program, settings)
    if not result.ok:
        # lines of the whole program → lines of the learner's answer; an error outside it
        # (a call with the wrong arguments) happened when the checks called the function
        first = reference.count("\n") + 1
        line = (result.line or 0) - first
        inside = 1 <= line <= code.count("\n") + 1
        where = f" (line {line} of your answer)" if inside else f" (calling `{call}`)"
        return Verdict(False, f"your code failed: {result.error_type}{where}: {result.error}")
    ok = result.value is not None and result.value.repr == "True"
    return Verdict(
        ok,
        "matches the reference on the example and 5 random inputs"
        if ok
        else "runs, but differs from the reference; compare with:\n" + formula.numpy,
    )
