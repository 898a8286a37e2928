"""Evaluate a pasted formula on given values: the contract the graded set measures against.

    evaluate_formula(latex, bindings) -> EvalResult

`bindings` maps symbols as written in the formula (`"x"`, `"\\mu"`, `"W"`, `"d_k"`,
`"\\beta_1"`, `"W^O"`) to NumPy-compatible values (numbers, lists, arrays) or, for a
function the formula applies but does not define (`f`, `u`), a Python callable. The
translation of the formula's main expression (the right-hand side of a definition; for
several lines, each line in order, the last one's value) runs in-process on them.
`EvalResult.value` is a float or a nested list; `translated` says whether a translation
was made and run; `reason` says why not; `code` is the NumPy that ran (or was built).

Recognition, for the graded set: `tutor.offline.explain.explain_formula(latex)` returns an
`Explanation` whose `name_en` is the English name of the recognised bank formula (or None)
and whose `match_kind` is "exact", "looks_like" or None.
"""

from __future__ import annotations

import builtins
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from tutor.errors import LatexError

__all__ = ["EvalResult", "evaluate_formula"]


@dataclass
class EvalResult:
    value: float | list[Any] | None
    translated: bool
    reason: str | None
    code: str


# numpy imports lazily from inside its own methods, so `__import__` must be reachable
SAFE_BUILTINS = {
    name: getattr(builtins, name)
    for name in ("__import__", "abs", "min", "max", "sum", "range", "len", "float", "int")
}


def _kind(value: object) -> str:
    if callable(value):
        return "function"
    array = np.asarray(value)
    return {0: "scalar", 1: "vector"}.get(array.ndim, "matrix")


def _plain(value: object) -> float | list[Any] | None:
    array = np.asarray(value)
    if array.dtype == object:
        return None
    if array.ndim == 0:
        return float(array.real) if np.iscomplexobj(array) else float(array)
    return np.asarray(array, dtype=float).tolist()


def evaluate_formula(latex: str, bindings: dict[str, object]) -> EvalResult:
    """Translate the formula to NumPy and run it on `bindings`; never raises for bad input."""
    from tutor.offline.lines import parse_lines
    from tutor.offline.translate import HELPERS, Untranslatable, binding_key, translate_lines

    names: dict[str, object] = {}
    kinds: dict[str, str] = {}
    ranks: dict[str, int] = {}
    exprs: dict[tuple[str, ...], str] = {}
    for key, value in bindings.items():
        found = binding_key(key)
        if found is None:
            return EvalResult(None, False, f"cannot read the symbol name {key!r}", "")
        name, pieces = found
        names[name] = value
        kinds[name] = _kind(value)
        if not callable(value):
            ranks[name] = np.asarray(value).ndim
        if pieces is not None:
            exprs[pieces] = name
    try:
        lines = [nodes for _, nodes in parse_lines(latex)]
        translation = translate_lines(lines, kinds, exprs, ranks)
    except LatexError as exc:
        return EvalResult(None, False, str(exc), "")
    except Untranslatable as exc:
        reason = exc.part + (f" ({exc.why})" if exc.why else "")
        return EvalResult(None, False, "cannot translate: " + reason, "")
    code = "\n".join(translation.statements)
    if translation.untranslated:
        reason = "cannot translate: " + "; ".join(translation.untranslated)
        return EvalResult(None, False, reason, code)
    if translation.sized:  # Σ_x c or 𝟏 with no size written: a count would be guessed
        reason = "cannot tell how many terms or entries: " + ", ".join(translation.sized)
        return EvalResult(None, False, reason, code)
    missing = sorted((set(translation.variables) | set(translation.functions)) - set(names))
    if missing:
        return EvalResult(None, False, "no value given for " + ", ".join(missing), code)
    namespace: dict[str, Any] = {"np": np, "math": math, "__builtins__": SAFE_BUILTINS}
    for helper in translation.helper_names:
        exec(HELPERS[helper], namespace)  # our own fixed helper source
    for key, value in names.items():
        namespace[key] = value if callable(value) else np.asarray(value, dtype=float)
    namespace["DIM"] = _dimension(names)
    try:
        with np.errstate(all="ignore"):
            exec(compile(code, "<formula>", "exec"), namespace)
    except Exception as exc:  # a shape mismatch or a bad value in the user's inputs
        return EvalResult(None, False, f"{type(exc).__name__}: {exc}", code)
    return EvalResult(_plain(namespace.get("result")), True, None, code)


def _dimension(names: dict[str, object]) -> int:
    """The size of an identity matrix `I` when the formula uses one."""
    for value in names.values():
        if not callable(value):
            array = np.asarray(value)
            if array.ndim >= 1:
                return int(array.shape[-1])
    return 1
