"""LaTeX math tokenizer and macro expansion.

Tokens keep their position in the original text so that parse errors can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass

from tutor.errors import LatexError

MAX_CHARS = 20_000
MAX_TOKENS_AFTER_EXPANSION = 200_000


@dataclass(frozen=True)
class Token:
    kind: str  # cmd, letter, number, char, open, close, sup, sub, amp, prime, param
    text: str
    pos: int


def check_input(source: str) -> None:
    """Refuse what is not a formula quickly, with a reason and a position."""
    if len(source) > MAX_CHARS:
        raise LatexError(
            f"formula too long ({len(source):,} characters); paste at most {MAX_CHARS:,}"
        )
    for index, char in enumerate(source):
        if (ord(char) < 32 and char not in "\t\n\r") or char in "\ufffd\x7f":
            raise LatexError(
                f"not a formula: control or binary character U+{ord(char):04X}",
                position=index,
                source=source,
            )


def tokenize(source: str) -> list[Token]:
    check_input(source)
    tokens: list[Token] = []
    i, n = 0, len(source)
    while i < n:
        c = source[i]
        if c == "%":
            while i < n and source[i] != "\n":
                i += 1
            continue
        if c.isspace():
            i += 1
            continue
        if c == "\\":
            j = i + 1
            if j < n and source[j].isalpha():
                while j < n and source[j].isalpha():
                    j += 1
                name = source[i + 1 : j]
                if j < n and source[j] == "*" and name in STARRED:
                    j += 1
                tokens.append(Token("cmd", name, i))
            elif j < n:
                tokens.append(Token("cmd", source[j], i))
                j += 1
            else:
                raise LatexError("a lone backslash ends the formula", position=i, source=source)
            i = j
            continue
        if c.isdigit():
            j = i
            while j < n and (
                source[j].isdigit() or (source[j] == "." and j + 1 < n and source[j + 1].isdigit())
            ):
                j += 1
            tokens.append(Token("number", source[i:j], i))
            i = j
            continue
        kind = {
            "{": "open",
            "}": "close",
            "^": "sup",
            "_": "sub",
            "&": "amp",
            "'": "prime",
            "#": "param",
        }.get(c)
        if kind is None:
            kind = "letter" if c.isalpha() else "char"
        if kind == "param" and i + 1 < n and source[i + 1].isdigit():
            tokens.append(Token("param", source[i + 1], i))
            i += 2
            continue
        tokens.append(Token(kind, c, i))
        i += 1
    return tokens


STARRED = {"operatorname", "align", "equation", "gather", "multline"}


@dataclass(frozen=True)
class Macro:
    nargs: int
    body: list[Token]


def parse_macro_definitions(definitions: dict[str, tuple[int, str]]) -> dict[str, Macro]:
    """`{"\\va": (0, "{\\bm{a}}")}` → tokenized macros (names without the backslash)."""
    return {
        name.lstrip("\\"): Macro(nargs, tokenize(body))
        for name, (nargs, body) in definitions.items()
    }


def _read_argument(tokens: list[Token], i: int, source: str) -> tuple[list[Token], int]:
    """One macro argument: a braced group (braces dropped) or a single token."""
    if i >= len(tokens):
        raise LatexError("a macro is missing an argument", position=len(source), source=source)
    if tokens[i].kind != "open":
        return [tokens[i]], i + 1
    depth, j = 0, i
    while j < len(tokens):
        if tokens[j].kind == "open":
            depth += 1
        elif tokens[j].kind == "close":
            depth -= 1
            if depth == 0:
                return tokens[i + 1 : j], j + 1
        j += 1
    raise LatexError(
        "unbalanced braces: '{' is never closed", position=tokens[i].pos, source=source
    )


def expand_macros(tokens: list[Token], macros: dict[str, Macro], source: str = "") -> list[Token]:
    """Expand user macros (e.g. the Deep Learning book's `\\va`), bounded in size and depth."""
    if not macros:
        return tokens
    out: list[Token] = []
    work = list(reversed(tokens))
    depth_guard = 0
    while work:
        token = work.pop()
        macro = macros.get(token.text) if token.kind == "cmd" else None
        if macro is None:
            out.append(token)
            continue
        depth_guard += 1
        if depth_guard > MAX_TOKENS_AFTER_EXPANSION // 10:
            raise LatexError(
                f"macro \\{token.text} expands without end", position=token.pos, source=source
            )
        rest = list(reversed(work))
        args: list[list[Token]] = []
        i = 0
        for _ in range(macro.nargs):
            arg, i = _read_argument(rest, i, source)
            args.append(arg)
        replaced: list[Token] = []
        for body_token in macro.body:
            if body_token.kind == "param":
                index = int(body_token.text) - 1
                replaced.extend(args[index] if 0 <= index < len(args) else [])
            else:  # expanded tokens point at the macro's position in the source
                replaced.append(Token(body_token.kind, body_token.text, token.pos))
        work = list(reversed(replaced + rest[i:]))
        if len(work) + len(out) > MAX_TOKENS_AFTER_EXPANSION:
            raise LatexError(
                "formula too large after expanding macros", position=token.pos, source=source
            )
    return out
