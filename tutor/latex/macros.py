"""User macros: the Deep Learning book's (built in) and `\\newcommand` definitions."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from tutor.errors import LatexError
from tutor.latex.tokens import Macro, parse_macro_definitions

_NEWCOMMAND = re.compile(
    r"\\(?:re)?newcommand\*?\s*\{?\s*(\\[A-Za-z]+)\s*\}?\s*(?:\[(\d)\])?\s*(?:\[[^\]]*\])?\s*\{"
)
_DEF = re.compile(r"\\def\s*(\\[A-Za-z]+)\s*((?:#\d)*)\s*\{")
_OPERATOR = re.compile(r"\\DeclareMathOperator\*?\s*\{\s*(\\[A-Za-z]+)\s*\}\s*\{")


@cache
def dlbook_macros() -> dict[str, Macro]:
    """The Deep Learning book's `math_commands.tex`, also used by the ICLR template."""
    text = resources.files("tutor.data").joinpath("dlbook_macros.json").read_text("utf-8")
    raw = json.loads(text)["macros"]
    return parse_macro_definitions({name: (nargs, body) for name, (nargs, body) in raw.items()})


def _braced(text: str, start: int) -> tuple[str, int]:
    """The content of the brace group opening at `start - 1`, and the index after it."""
    depth, i = 1, start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        depth += (text[i] == "{") - (text[i] == "}")
        if depth == 0:
            return text[start:i], i + 1
        i += 1
    raise LatexError("a macro definition has unbalanced braces", position=start, source=text)


def parse_definitions(text: str) -> tuple[dict[str, tuple[int, str]], str]:
    """Pull `\\newcommand`, `\\def` and `\\DeclareMathOperator` out of `text`.

    Returns the definitions and the text with them removed.
    """
    found: dict[str, tuple[int, str]] = {}
    rest = text
    for pattern in (_NEWCOMMAND, _DEF, _OPERATOR):
        while (match := pattern.search(rest)) is not None:
            body, end = _braced(rest, match.end())
            if pattern is _NEWCOMMAND:
                nargs = int(match.group(2) or 0)
            elif pattern is _DEF:
                nargs = len(match.group(2)) // 2
            else:
                nargs, body = 0, "\\operatorname{" + body + "}"
            found[match.group(1)] = (nargs, body)
            rest = rest[: match.start()] + rest[end:]
    return found, rest


def macros_for(extra_definitions: list[str] | None = None) -> dict[str, Macro]:
    """The built-in macros plus any `\\newcommand` lines a paper or user supplies."""
    macros = dict(dlbook_macros())
    if extra_definitions:
        found, _ = parse_definitions("\n".join(extra_definitions))
        macros.update(parse_macro_definitions(found))
    return macros
