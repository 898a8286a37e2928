"""LaTeX math tokenizer and macro expansion.

Tokens keep their position in the original text so that parse errors can point at it.
"""

from __future__ import annotations

from tutor.errors import LatexError

MAX_CHARS = 20_000
MAX_TOKENS_AFTER_EXPANSION = 50_000


class Token:
    """One token. A plain class with __slots__ (not a frozen dataclass, whose import and
    generated methods cost `tutor symbol` more than its lookup): equal and hashed by its
    fields, and read-only by convention."""

    __slots__ = ("kind", "pos", "text")
    kind: str  # cmd, letter, number, char, open, close, sup, sub, amp, prime, param
    text: str
    pos: int

    def __init__(self, kind: str, text: str, pos: int) -> None:
        self.kind, self.text, self.pos = kind, text, pos

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Token:
            return NotImplemented
        return (self.kind, self.text, self.pos) == (other.kind, other.text, other.pos)  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((self.kind, self.text, self.pos))

    def __repr__(self) -> str:
        return f"Token(kind={self.kind!r}, text={self.text!r}, pos={self.pos!r})"

    def __reduce__(self) -> tuple[type[Token], tuple[str, str, int]]:
        return Token, (self.kind, self.text, self.pos)


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


class Macro:
    """A macro's argument count and body tokens. A built-in macro keeps its body's source
    and tokenizes it on first use, so a formula pays only for the macros it uses."""

    __slots__ = ("_body", "_source", "nargs")

    def __init__(self, nargs: int, body: list[Token] | None = None, *, source: str = "") -> None:
        self.nargs = nargs
        self._body = body
        self._source = source

    @property
    def body(self) -> list[Token]:
        if self._body is None:
            self._body = tokenize(self._source)
        return self._body

    @property
    def tokenized(self) -> bool:
        return self._body is not None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Macro):
            return NotImplemented
        return (self.nargs, self.body) == (other.nargs, other.body)

    __hash__ = None  # type: ignore[assignment]  # as the frozen dataclass with a list was

    def __repr__(self) -> str:
        return f"Macro(nargs={self.nargs!r}, body={self.body!r})"


def parse_macro_definitions(definitions: dict[str, tuple[int, str]]) -> dict[str, Macro]:
    """`{"\\va": (0, "{\\bm{a}}")}` → tokenized macros (names without the backslash)."""
    return {
        name.lstrip("\\"): Macro(nargs, tokenize(body))
        for name, (nargs, body) in definitions.items()
    }


MAX_EXPANSION_STEPS = 5_000


class _Feed:
    """Tokens still to read: a stack of (list, next index) frames, so an expansion pushes
    its body instead of copying everything after it (linear, not quadratic)."""

    def __init__(self, tokens: list[Token]) -> None:
        self.frames: list[list[Token]] = [tokens]
        self.indices: list[int] = [0]

    def next(self) -> Token | None:
        while self.frames:
            frame, index = self.frames[-1], self.indices[-1]
            if index < len(frame):
                self.indices[-1] = index + 1
                return frame[index]
            self.frames.pop()
            self.indices.pop()
        return None

    def push(self, tokens: list[Token]) -> None:
        if tokens:
            self.frames.append(tokens)
            self.indices.append(0)


def _read_argument(feed: _Feed, source: str, budget: int) -> list[Token]:
    """One macro argument: a braced group (braces dropped) or a single token."""
    first = feed.next()
    if first is None:
        raise LatexError("a macro is missing an argument", position=len(source), source=source)
    if first.kind != "open":
        return [first]
    depth, out = 1, list[Token]()
    while (token := feed.next()) is not None:
        depth += (token.kind == "open") - (token.kind == "close")
        if depth == 0:
            return out
        out.append(token)
        if len(out) > budget:
            raise LatexError(
                "formula too large after expanding macros", position=first.pos, source=source
            )
    raise LatexError("unbalanced braces: '{' is never closed", position=first.pos, source=source)


def expand_macros(tokens: list[Token], macros: dict[str, Macro], source: str = "") -> list[Token]:
    """Expand user macros (e.g. the Deep Learning book's `\\va`).

    Bounded before the work is done: at most MAX_EXPANSION_STEPS expansions and
    MAX_TOKENS_AFTER_EXPANSION tokens produced in total (every copy of an argument
    counts), so time and memory stay linear in those limits whatever the input.
    """
    if not macros:
        return tokens
    out: list[Token] = []
    feed = _Feed(tokens)
    steps = produced = 0
    while (token := feed.next()) is not None:
        macro = macros.get(token.text) if token.kind == "cmd" else None
        if macro is None:
            out.append(token)
            continue
        steps += 1
        if steps > MAX_EXPANSION_STEPS:
            raise LatexError(
                f"macros expand without end: more than {MAX_EXPANSION_STEPS:,} expansions "
                f"(\\{token.text} calls itself or grows without bound)",
                position=token.pos,
                source=source,
            )
        budget = MAX_TOKENS_AFTER_EXPANSION - produced - len(out)
        args = [_read_argument(feed, source, budget) for _ in range(macro.nargs)]
        replaced: list[Token] = []
        for body_token in macro.body:
            if body_token.kind == "param":
                index = int(body_token.text) - 1
                piece = args[index] if 0 <= index < len(args) else []
            else:  # expanded tokens point at the macro's position in the source
                piece = [Token(body_token.kind, body_token.text, token.pos)]
            produced += len(piece)
            if produced + len(out) > MAX_TOKENS_AFTER_EXPANSION:
                raise LatexError(
                    f"formula too large after expanding macros (more than "
                    f"{MAX_TOKENS_AFTER_EXPANSION:,} symbols)",
                    position=token.pos,
                    source=source,
                )
            replaced.extend(piece)
        feed.push(replaced)
    return out
