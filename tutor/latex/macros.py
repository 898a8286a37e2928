"""User macros: the Deep Learning book's (built in) and `\\newcommand` definitions."""

from __future__ import annotations

import json
from functools import cache

from tutor.data_index import data_bytes  # not importlib.resources: slow to import
from tutor.errors import LatexError
from tutor.latex.tokens import Macro, parse_macro_definitions

KEYWORDS = ("\\newcommand", "\\renewcommand", "\\providecommand", "\\def", "\\DeclareMathOperator")


@cache
def dlbook_macros() -> dict[str, Macro]:
    """The Deep Learning book's `math_commands.tex`, also used by the ICLR template."""
    text = data_bytes("tutor.data", "dlbook_macros.json").decode("utf-8")
    raw = json.loads(text)["macros"]
    # tokenized on first use (the file is ours and known to tokenize: tests check it)
    return {name.lstrip("\\"): Macro(nargs, source=body) for name, (nargs, body) in raw.items()}


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


class _Scanner:
    """A cursor over a definition; every step moves forward (linear, no backtracking)."""

    def __init__(self, text: str, start: int) -> None:
        self.text, self.i = text, start

    def spaces(self) -> None:
        while self.i < len(self.text) and self.text[self.i].isspace():
            self.i += 1

    def take(self, char: str) -> bool:
        self.spaces()
        if self.text.startswith(char, self.i):
            self.i += len(char)
            return True
        return False

    def name(self) -> str:
        self.spaces()
        start = self.i
        if not self.text.startswith("\\", start):
            raise LatexError(
                "a macro definition has no \\name to define", position=start, source=self.text
            )
        self.i += 1
        while self.i < len(self.text) and self.text[self.i].isalpha():
            self.i += 1
        if self.i == start + 1:
            raise LatexError(
                "a macro definition has no \\name to define", position=start, source=self.text
            )
        return self.text[start : self.i]

    def until(self, char: str) -> str:
        end = self.text.find(char, self.i)
        if end < 0:
            raise LatexError(
                f"'{char}' is missing in a macro definition", position=self.i, source=self.text
            )
        found, self.i = self.text[self.i : end], end + 1
        return found


def _definition(text: str, keyword: str, start: int) -> tuple[str, int, str, int]:
    """(name, number of arguments, body, end) of the definition starting at `start`."""
    scan = _Scanner(text, start + len(keyword))
    if keyword == "\\def":
        name = scan.name()
        scan.spaces()
        params = 0
        while scan.i + 1 < len(text) and text[scan.i] == "#" and text[scan.i + 1].isdigit():
            params += 1
            scan.i += 2
        if not scan.take("{"):
            raise LatexError("\\def needs a {body}", position=scan.i, source=text)
        body, end = _braced(text, scan.i)
        return name, params, body, end
    scan.take("*")
    braced_name = scan.take("{")
    name = scan.name()
    if braced_name and not scan.take("}"):
        raise LatexError("the macro name is not closed by '}'", position=scan.i, source=text)
    if keyword == "\\DeclareMathOperator":
        if not scan.take("{"):
            raise LatexError("\\DeclareMathOperator needs a {name}", position=scan.i, source=text)
        body, end = _braced(text, scan.i)
        return name, 0, "\\operatorname{" + body + "}", end
    nargs = 0
    if scan.take("["):
        count = scan.until("]").strip()
        if not (count.isdigit() and len(count) == 1):
            raise LatexError(
                "the number of macro arguments must be 0-9", position=scan.i, source=text
            )
        nargs = int(count)
        if scan.take("["):
            scan.until("]")  # a default for the first argument: not used here
    if not scan.take("{"):
        raise LatexError(f"{keyword} needs a {{body}}", position=scan.i, source=text)
    body, end = _braced(text, scan.i)
    return name, nargs, body, end


def _find(text: str, keyword: str, start: int) -> int:
    """The next `keyword` as a whole command (`\\def`, not the start of `\\default`)."""
    at = text.find(keyword, start)
    while at >= 0 and at + len(keyword) < len(text) and text[at + len(keyword)].isalpha():
        at = text.find(keyword, at + 1)
    return at


def parse_definitions(text: str) -> tuple[dict[str, tuple[int, str]], str]:
    """Pull `\\newcommand`, `\\def` and `\\DeclareMathOperator` out of `text`.

    Returns the definitions and the text with them removed. One forward scan.
    """
    found: dict[str, tuple[int, str]] = {}
    kept: list[str] = []
    i = 0
    while True:
        hits = [(at, k) for k in KEYWORDS if (at := _find(text, k, i)) >= 0]
        if not hits:
            kept.append(text[i:])
            break
        at, keyword = min(hits)
        name, nargs, body, end = _definition(text, keyword, at)
        found[name] = (nargs, body)
        kept.append(text[i:at])
        i = end
    return found, "".join(kept)


def macros_for(extra_definitions: list[str] | None = None) -> dict[str, Macro]:
    """The built-in macros plus any `\\newcommand` lines a paper or user supplies."""
    macros = dict(dlbook_macros())
    if extra_definitions:
        found, _ = parse_definitions("\n".join(extra_definitions))
        macros.update(parse_macro_definitions(found))
    return macros
