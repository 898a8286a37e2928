"""Self-check quizzes from the same data: read a symbol, write the LaTeX, implement in NumPy."""

from __future__ import annotations

import ast
import difflib
import random
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tutor.errors import LatexError

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


def check_latex(question: Question, answer: str) -> Verdict:
    from tutor.latex.macros import macros_for
    from tutor.latex.parser import parse
    from tutor.offline.bank import formula_bank, recognise

    formula = next(f for f in formula_bank().formulas if f.id == question.answer_key)
    try:
        match = recognise(parse(answer, macros_for()))
    except LatexError as exc:
        return Verdict(False, f"that LaTeX does not parse: {exc}")
    ok = match is not None and match.exact and match.formula.id == formula.id
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
        where = f" (line {result.line})" if result.line else ""
        return Verdict(False, f"your code failed: {result.error_type}{where}: {result.error}")
    ok = result.value is not None and result.value.repr == "True"
    return Verdict(
        ok,
        "matches the reference on the example and 5 random inputs"
        if ok
        else "runs, but differs from the reference; compare with:\n" + formula.numpy,
    )
