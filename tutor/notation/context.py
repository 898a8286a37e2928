"""One meaning for a symbol, chosen from the formula it sits in.

σ beside μ is a standard deviation and σ(·) a sigmoid; π_θ is a policy and π_k a mixing
weight; ε times a gradient is a learning rate. The chosen meaning comes from
`data/senses.json`; the symbol table's full list is still shown as "elsewhere".
"""

from __future__ import annotations

import json
import re
from functools import cache

from tutor.data_index import data_bytes  # not importlib.resources: slow to import

__all__ = ["choose_sense", "senses"]


class Sense:  # a plain class: `tutor symbol` starts without pydantic or dataclasses
    __slots__ = ("en", "ja", "numpy")

    def __init__(self, en: str, ja: str, numpy: str | None = None) -> None:
        self.en, self.ja, self.numpy = en, ja, numpy

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sense):
            return NotImplemented
        return (self.en, self.ja, self.numpy) == (other.en, other.ja, other.numpy)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Sense(en={self.en!r}, ja={self.ja!r}, numpy={self.numpy!r})"

    @classmethod
    def model_validate(cls, value: object) -> Sense:
        from tutor.notation.symbols import Pattern  # the same three fields, checked

        checked = Pattern.model_validate(value, "sense")
        return cls(en=checked.en, ja=checked.ja, numpy=checked.numpy)


@cache
def senses() -> dict[str, dict[str, Sense]]:
    text = data_bytes("tutor.data", "senses.json").decode("utf-8")
    raw = json.loads(text)["senses"]
    return {
        symbol: {key: Sense.model_validate(value) for key, value in options.items()}
        for symbol, options in raw.items()
    }


def _has(pattern: str, written: str) -> bool:
    return re.search(pattern, written) is not None


# (symbol id, sense, pattern over the formula's canonical LaTeX): the first that matches wins
RULES: list[tuple[str, str, str]] = [
    ("sigma", "sigmoid", r"\\sigma\s*(\\left|\\big|\\Big)?\s*\("),
    ("sigma", "std", r"\\mu|\\sigma\^|\\sigma_"),
    (
        "pi",
        "policy",
        r"\\pi_\{?\\theta|\\pi_\{?\\phi|\\pi\s*\(\s*a|\\pi_\{?\\mathrm\{ref|\\pi\^\{?\\ast",
    ),
    ("pi", "mixing", r"\\pi_\{?[kjc]\b"),
    ("pi", "constant", r"[0-9]\s*\\pi|\\pi\s*\\sigma|\{\\pi\}"),
    ("epsilon", "step", r"\\(var)?epsilon\s*\\nabla"),
    ("epsilon", "clip", r"1\s*[-+]\s*\\(var)?epsilon"),
    ("epsilon", "noise", r"\\(var)?epsilon\s*\\sim|\\(var)?epsilon_\{?\\theta"),
    ("epsilon", "small", r"\+\s*\\(var)?epsilon\s*(\}|\)|$|\\right)"),
    ("r", "ratio", r"r_\{?t\}?\s*\(\s*\\theta"),
]


def choose_sense(symbol_id: str, written: str) -> Sense | None:
    """The meaning of `symbol_id` in a formula written as `written` (canonical LaTeX)."""
    options = senses().get(symbol_id)
    if not options:
        return None
    for rule_symbol, sense, pattern in RULES:
        if rule_symbol == symbol_id and _has(pattern, written):
            return options[sense]
    return None
