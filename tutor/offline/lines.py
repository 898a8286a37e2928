"""Multi-line formulas: `aligned`/`align` rows, `\\\\` breaks and algorithm lines with ←.

Each line is parsed, recognised and translated in order; a name a line assigns
(`m_t ← β₁ m_{t-1} + (1 − β₁) g_t`) is an input of the lines after it, not of the whole.
"""

from __future__ import annotations

import re

from tutor.latex.tokens import Macro, check_input
from tutor.latex.tree import Node

SPLIT_ENVIRONMENTS = (
    "align",
    "align*",
    "aligned",
    "alignat",
    "alignat*",
    "alignedat",
    "gather",
    "gather*",
    "gathered",
    "split",
    "eqnarray",
    "eqnarray*",
    "multline",
    "multline*",
    "flalign",
    "flalign*",
    "equation",
    "equation*",
    "algorithmic",
)
RELATION = re.compile(r"\\leftarrow\b|\\gets\b|←|:=|\\coloneqq\b|=")
ALGORITHM_WORDS = re.compile(
    r"\\(?:State|STATE|Statex|Require|Ensure|Return|RETURN|Procedure|EndProcedure|"
    r"For|EndFor|While|EndWhile|If|EndIf|Else|ENDFOR|ENDWHILE|ENDIF|FOR|WHILE|IF)\b"
)


def _unwrap(text: str) -> str:
    """`\\begin{aligned} … \\end{aligned}` around the whole text → its inside."""
    stripped = text.strip()
    for name in SPLIT_ENVIRONMENTS:
        begin, end = f"\\begin{{{name}}}", f"\\end{{{name}}}"
        if stripped.startswith(begin) and stripped.endswith(end):
            inner = stripped[len(begin) : len(stripped) - len(end)]
            if name.startswith("alignat") or name == "alignedat":
                inner = re.sub(r"^\s*\{\d+\}", "", inner)
            return inner
    return text


def _split_top(text: str, *, newlines: bool = False) -> list[str]:
    """Split at `\\\\` (and, if asked, newlines) outside braces and environments; the
    alignment `&` there becomes a space. One pass, linear in the text."""
    lines: list[str] = []
    current: list[str] = []
    depth = env = 0
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\\":
            if text.startswith("\\begin", i):
                env += 1
            elif text.startswith("\\end", i):
                env -= 1
            if i + 1 < n and text[i + 1] == "\\" and depth == 0 and env == 0:
                lines.append("".join(current))
                current = []
                i += 2
                continue
            current.append(text[i : i + 2])
            i += 2
            continue
        depth += (char == "{") - (char == "}")
        if char == "\n" and newlines and depth == 0 and env == 0:
            lines.append("".join(current))
            current = []
        elif char == "&" and depth == 0 and env == 0:
            current.append(" ")
        else:
            current.append(char)
        i += 1
    lines.append("".join(current))
    return lines


def _states(row: str) -> bool:
    """A line that says something on its own: a relation outside braces, or an algorithm step."""
    if ALGORITHM_WORDS.search(row):
        return True
    depth = 0
    for index, char in enumerate(row):
        depth += (char == "{") - (char == "}")
        if depth == 0 and RELATION.match(row, index):
            return True
    return False


def split_lines(text: str) -> list[str]:
    """The lines of a pasted formula, in order (a single formula is one line)."""
    check_input(text)
    from tutor.latex.parser import strip_math_delimiters

    body = _unwrap(strip_math_delimiters(text))
    pieces = _split_top(body)
    if len(pieces) == 1 and "\n" in body:
        rows = [row for row in _split_top(body, newlines=True) if row.strip()]
        # an algorithm or a list of definitions: every line states something
        if len(rows) > 1 and all(_states(row) for row in rows):
            pieces = rows
    out: list[str] = []
    for piece in pieces:
        piece = ALGORITHM_WORDS.sub(" ", piece).replace("$", " ").strip()
        piece = re.sub(r"^\s*\d+\s*[:.)]\s", "", piece)  # "3: m_t ← …" numbered lines
        piece = _without_trailing_remarks(piece)
        if piece.strip(" ,.;"):
            out.append(piece)
    return out or [body]


SPACING = r"(?:\s|~|\\[,;:! ]|\\q?quad\b|\\hspace\{[^{}]*\})*"
# what papers print after a formula: its full stop or comma, a number, a remark in brackets
TRAILING = re.compile(
    SPACING
    + r"(?:[.,;]|\\tag\*?\{[^{}]*\}|\\label\{[^{}]*\}|\\nonumber\b|\\notag\b"
    # an equation number only after a quad: `σ(1.702x)` ends in an argument, not a number
    + r"|\\q?quad\s*\(\d+(?:\.\d+)*[a-z]?\)|\\text(?:rm|normal)?\{\s*\([^{}()]*\)\s*\})"
    + SPACING
    + r"$"
)


def _without_trailing_remarks(line: str) -> str:
    """A line without the punctuation, equation number or bracketed remark after it:
    `σ(x) = 1/(1 + e^{−x}).` and `… \\qquad \\text{(logistic)}` are the formula."""
    while True:
        shorter = TRAILING.sub("", line)
        if shorter == line or not shorter.strip():
            return line
        line = shorter


def chain(lines: list[str]) -> list[str]:
    """`L = a \\\\ = b`: a line starting with a relation continues the previous left side."""
    out: list[str] = []
    lhs = ""
    for line in lines:
        stripped = line.strip()
        match = RELATION.match(stripped)
        if match and lhs:
            out.append(lhs + " " + stripped)
            continue
        found = RELATION.search(stripped)
        lhs = stripped[: found.start()].strip() if found else ""
        out.append(stripped)
    return out


def parse_lines(
    source: str, macros: dict[str, Macro] | None = None
) -> list[tuple[str, list[Node]]]:
    """Each line with its tree; macro definitions in the paste apply to every line."""
    from tutor.latex.macros import macros_for, parse_definitions
    from tutor.latex.parser import parse
    from tutor.latex.tokens import parse_macro_definitions

    check_input(source)
    all_macros = dict(macros if macros is not None else macros_for())
    text = source
    if "command" in text or "\\def" in text or "DeclareMathOperator" in text:
        found, text = parse_definitions(text)
        all_macros.update(parse_macro_definitions(found))
    lines = chain(split_lines(text))
    return [(line, parse(line, all_macros)) for line in lines]
