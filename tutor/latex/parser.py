"""A focused parser of the LaTeX math that ML papers use, into a `tree` of nodes.

General-purpose parsers read only a fifth of real ML formulas (see shared/corpus), so
this one knows the notation papers actually use: fonts, accents, big operators with
limits, `\\left`/`\\right`, align and matrix environments, colour and sizing commands
(dropped), and user macros (expanded before parsing).
"""

from __future__ import annotations

from tutor.errors import LatexError
from tutor.latex.tokens import Macro, Token, check_input, expand_macros, tokenize
from tutor.latex.tree import Command, Environment, Fenced, Group, Node, Scripts, Sym, Text

MAX_DEPTH = 60  # real formulas nest a handful of levels; this keeps every walker safe
ONE_ARG = {
    # accents and decorations
    "hat",
    "widehat",
    "bar",
    "overline",
    "underline",
    "tilde",
    "widetilde",
    "dot",
    "ddot",
    "vec",
    "overrightarrow",
    "overleftarrow",
    "check",
    "breve",
    "acute",
    "grave",
    "mathring",
    "underbrace",
    "overbrace",
    "cancel",
    "boxed",
    # fonts
    "mathbf",
    "boldsymbol",
    "bm",
    "mathcal",
    "mathbb",
    "mathit",
    "mathsf",
    "mathtt",
    "mathfrak",
    "mathscr",
    "mathnormal",
    "mathbfit",
    "mathsfit",
    "pmb",
    "bold",
    "sqrt",
    "substack",
    "mathclap",
    "mathrlap",
    "mathllap",
    "pmod",
    "smash",
}
TWO_ARGS = {
    "frac",
    "dfrac",
    "tfrac",
    "cfrac",
    "binom",
    "dbinom",
    "tbinom",
    "underset",
    "overset",
    "stackrel",
    "colorbox",
}
TEXT_COMMANDS = {
    "text",
    "textrm",
    "textnormal",
    "textit",
    "textbf",
    "textsf",
    "texttt",
    "mbox",
    "hbox",
    "operatorname",
    "operatorname*",
    "mathrm",
    "rm",
    "textup",
    "emph",
    "mathop",
}
FONT_SWITCHES = {
    "bf": "mathbf",
    "cal": "mathcal",
    "it": "mathit",
    "sf": "mathsf",
    "tt": "mathtt",
    "bm": "bm",
}
DROPPED = {
    "left.",
    "big",
    "Big",
    "bigg",
    "Bigg",
    "bigl",
    "bigr",
    "Bigl",
    "Bigr",
    "biggl",
    "biggr",
    "Biggl",
    "Biggr",
    "bigm",
    "Bigm",
    "displaystyle",
    "textstyle",
    "scriptstyle",
    "scriptscriptstyle",
    "limits",
    "nolimits",
    ",",
    ";",
    ":",
    "!",
    " ",
    "quad",
    "qquad",
    "nonumber",
    "notag",
    "enspace",
    "thinspace",
    "medspace",
    "thickspace",
    "negthinspace",
    "allowbreak",
    "relax",
    "middle",
    "nobreak",
    "displaybreak",
    "strut",
    "mathstrut",
    "\\",
    "newline",
    "cr",
    "hline",
    "noindent",
    "centering",
    "small",
    "large",
    "Large",
    "normalsize",
    "footnotesize",
    "tiny",
    "huge",
    ">",
    "\n",
    "bigskip",
    "medskip",
    "smallskip",
}
DROPPED_WITH_ARG = {
    "color": 1,
    "textcolor": 1,
    "label": 1,
    "tag": 1,
    "tag*": 1,
    "hspace": 1,
    "vspace": 1,
    "hspace*": 1,
    "phantom": 1,
    "hphantom": 1,
    "vphantom": 1,
    "eqref": 1,
    "ref": 1,
    "cite": 1,
    "mathchoice": 4,
}
OPTIONAL_ARG = {"sqrt", "xrightarrow", "xleftarrow"}
ENVIRONMENTS = {
    "align",
    "align*",
    "aligned",
    "alignat",
    "alignat*",
    "alignedat",
    "equation",
    "equation*",
    "gather",
    "gather*",
    "gathered",
    "split",
    "multline",
    "multline*",
    "cases",
    "dcases",
    "rcases",
    "matrix",
    "pmatrix",
    "bmatrix",
    "Bmatrix",
    "vmatrix",
    "Vmatrix",
    "smallmatrix",
    "array",
    "eqnarray",
    "eqnarray*",
    "flalign",
    "flalign*",
    "subequations",
    "displaymath",
    "math",
}
ENV_WITH_SPEC = {"array", "alignat", "alignat*", "alignedat"}
DELIMITER_COMMANDS = {
    "{",
    "}",
    "|",
    "langle",
    "rangle",
    "lvert",
    "rvert",
    "lVert",
    "rVert",
    "lfloor",
    "rfloor",
    "lceil",
    "rceil",
    "Vert",
    "vert",
    "lbrace",
    "rbrace",
    "lbrack",
    "rbrack",
    "backslash",
    "uparrow",
    "downarrow",
}


class _Parser:
    def __init__(self, tokens: list[Token], source: str) -> None:
        self.tokens = tokens
        self.i = 0
        self.source = source
        self.depth = 0

    def error(self, message: str, pos: int | None = None) -> LatexError:
        if pos is None:
            pos = self.tokens[self.i].pos if self.i < len(self.tokens) else len(self.source)
        return LatexError(message, position=pos, source=self.source)

    def peek(self) -> Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def peek_kind(self) -> str | None:
        token = self.peek()
        return token.kind if token is not None else None

    def peek_text(self) -> str | None:
        token = self.peek()
        return token.text if token is not None else None

    def next(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    # rows -----------------------------------------------------------------
    def parse_row(self, stop: set[str]) -> list[Node]:
        """Nodes until a token whose kind or command name is in `stop` (not consumed)."""
        self.depth += 1
        try:
            return self._row(stop)
        finally:
            self.depth -= 1

    def _row(self, stop: set[str]) -> list[Node]:
        if self.depth > MAX_DEPTH:
            raise self.error(f"nested more than {MAX_DEPTH} levels deep")
        nodes: list[Node] = []
        while True:
            token = self.peek()
            if token is None:
                return nodes
            if (
                token.kind in stop
                or (token.kind == "cmd" and f"\\{token.text}" in stop)
                or (token.kind == "char" and token.text in stop)
            ):
                return nodes
            if token.kind == "close":
                raise self.error("unbalanced braces: '}' has no matching '{'")
            if token.kind in ("sup", "sub", "prime"):
                base = nodes.pop() if nodes else None
                nodes.append(self.parse_scripts(base, token.pos))
                continue
            node = self.parse_atom()
            if node is not None:
                nodes.append(node)

    def parse_scripts(self, base: Node | None, pos: int) -> Scripts:
        scripts = base if isinstance(base, Scripts) else None
        if scripts is None:
            scripts = Scripts(pos if base is None else base.pos, base)
        while (token := self.peek()) is not None and token.kind in ("sup", "sub", "prime"):
            self.next()
            if token.kind == "prime":
                scripts.primes += 1
                continue
            argument = self.parse_script_argument()
            if token.kind == "sub":
                if scripts.sub is not None:
                    raise self.error("double subscript: use braces, e.g. x_{i_j}", token.pos)
                scripts.sub = argument
            else:
                if scripts.sup is not None:
                    raise self.error("double superscript: use braces, e.g. x^{a^b}", token.pos)
                scripts.sup = argument
        return scripts

    def parse_script_argument(self) -> list[Node]:
        token = self.peek()
        if token is None:
            raise self.error("a subscript or superscript has nothing after it")
        if token.kind == "open":
            return self.parse_group().body
        if token.kind == "cmd" and token.text in DROPPED:
            self.next()
            return self.parse_script_argument()
        node = self.parse_atom()
        return [node] if node is not None else []

    # atoms ----------------------------------------------------------------
    def parse_group(self) -> Group:
        start = self.next()
        body = self.parse_row({"close"})
        if self.peek() is None:
            raise self.error("unbalanced braces: '{' is never closed", start.pos)
        self.next()
        return Group(start.pos, body)

    def parse_argument(self) -> list[Node]:
        token = self.peek()
        if token is None:
            raise self.error("a command is missing its argument")
        if token.kind == "open":
            return self.parse_group().body
        if token.kind == "number" and len(token.text) > 1:  # \frac12: one digit each
            self.tokens[self.i] = Token("number", token.text[1:], token.pos + 1)
            return [Sym(token.pos, token.text[0], "number")]
        node = self.parse_atom()
        return [node] if node is not None else []

    def parse_raw_text(self) -> str:
        """The raw text of a braced argument (for \\text and friends)."""
        token = self.peek()
        if token is None:
            raise self.error("\\text is missing its argument")
        if token.kind != "open":
            self.next()
            return token.text
        start = self.i
        depth = 0
        while self.i < len(self.tokens):
            kind = self.tokens[self.i].kind
            depth += (kind == "open") - (kind == "close")
            self.i += 1
            if depth == 0:
                inner = self.tokens[start + 1 : self.i - 1]
                opening, closing = self.tokens[start].pos, self.tokens[self.i - 1].pos
                raw = self.source[opening + 1 : closing]
                if (
                    closing > opening
                    and all(opening < t.pos < closing for t in inner)
                    and "\\" not in raw
                    and "{" not in raw
                ):  # words as typed: `\text{if } x` keeps its space
                    return " ".join(raw.split(" ")) if raw.strip() else ""
                return _tokens_to_text(inner)
        raise self.error("unbalanced braces: '{' is never closed", token.pos)

    def parse_atom(self) -> Node | None:
        self.depth += 1
        try:
            if self.depth > 2 * MAX_DEPTH:
                raise self.error(f"nested more than {MAX_DEPTH} levels deep")
            return self._atom()
        finally:
            self.depth -= 1

    def _atom(self) -> Node | None:
        token = self.next()
        if token.kind == "open":
            self.i -= 1
            return self.parse_group()
        if token.kind in ("letter", "number", "char"):
            return Sym(token.pos, token.text, token.kind)
        if token.kind == "amp":
            return Sym(token.pos, "&", "char")
        if token.kind == "param":
            return Sym(token.pos, f"#{token.text}", "char")
        return self.parse_command(token)

    def parse_command(self, token: Token) -> Node | None:
        name = token.text
        if name in DROPPED:
            return None
        if name in DROPPED_WITH_ARG:
            for _ in range(DROPPED_WITH_ARG[name]):
                if name == "textcolor" and self.peek_text() == "[":
                    self._skip_bracket()
                self.parse_raw_text()
            if name == "textcolor":  # \textcolor{red}{x}: keep x
                return Group(token.pos, self.parse_argument())
            return None
        if name in TEXT_COMMANDS:
            if name == "rm" and self.peek_kind() != "open":
                return None
            words = self.parse_raw_text()
            if name not in ("text", "textrm", "textnormal", "textit", "textbf", "mbox", "hbox"):
                words = words.strip()  # a name (\\mathrm{KL}), not words with spacing
            return Text(token.pos, name, words)
        if name in FONT_SWITCHES:
            if self.peek_kind() == "open":
                return Command(token.pos, FONT_SWITCHES[name], [self.parse_argument()])
            return None
        if name == "left":
            return self.parse_fenced(token)
        if name == "right":
            raise self.error("\\right without a matching \\left", token.pos)
        if name == "begin":
            return self.parse_environment(token)
        if name == "end":
            raise self.error("\\end without a matching \\begin", token.pos)
        if name in ONE_ARG or name in TWO_ARGS or name in OPTIONAL_ARG:
            optional = self._parse_bracket() if name in OPTIONAL_ARG else None
            count = 2 if name in TWO_ARGS else 1
            args = [self.parse_argument() for _ in range(count)]
            return Command(token.pos, name, args, optional)
        return Sym(token.pos, name, "cmd")

    def _skip_bracket(self) -> None:
        while (token := self.peek()) is not None:
            self.next()
            if token.text == "]":
                return

    def _parse_bracket(self) -> list[Node] | None:
        token = self.peek()
        if token is None or token.text != "[":
            return None
        self.next()
        nodes = self.parse_row({"]"})
        if self.peek() is None:
            raise self.error("'[' of an optional argument is never closed", token.pos)
        self.next()
        return nodes

    def _delimiter(self) -> str:
        token = self.peek()
        if token is None:
            raise self.error("\\left or \\right needs a delimiter after it")
        self.next()
        if token.kind == "cmd":
            if token.text not in DELIMITER_COMMANDS:
                raise self.error(f"\\{token.text} is not a delimiter", token.pos)
            if token.text == "|":
                return "\\|"  # \left\| is a norm bar, not the | of an absolute value
            return token.text if len(token.text) == 1 else f"\\{token.text}"
        return token.text

    def parse_fenced(self, start: Token) -> Fenced:
        left = self._delimiter()
        body = self.parse_row({"\\right", "\\end"})
        token = self.peek()
        if token is None or token.text != "right":
            raise self.error("\\left is never closed by \\right", start.pos)
        self.next()
        return Fenced(start.pos, left, body, self._delimiter())

    def parse_environment(self, start: Token) -> Environment:
        name = self.parse_raw_text().strip()
        if name not in ENVIRONMENTS:
            raise self.error(f"unknown environment '{name}'", start.pos)
        if name in ENV_WITH_SPEC and self.peek_kind() == "open":
            self.parse_raw_text()
        env = Environment(start.pos, name)
        row: list[list[Node]] = []
        while True:
            cell = self.parse_row({"amp", "\\\\", "\\end", "\\cr"})
            row.append(cell)
            token = self.peek()
            if token is None:
                raise self.error(f"\\begin{{{name}}} is never closed by \\end{{{name}}}", start.pos)
            self.next()
            if token.kind == "amp":
                continue
            env.rows.append(row)
            row = []
            if token.text == "end":
                closing = self.parse_raw_text().strip()
                if closing != name:
                    raise self.error(
                        f"\\begin{{{name}}} is closed by \\end{{{closing}}}", token.pos
                    )
                return env


def _tokens_to_text(tokens: list[Token]) -> str:
    parts: list[str] = []
    for token in tokens:
        if token.kind == "cmd":
            if token.text.isalpha():
                parts.append("\\" + token.text + " ")
            elif token.text not in (",", ";", ":", "!", " "):  # spacing inside text is dropped
                parts.append(token.text)
        elif token.kind in ("open", "close"):
            continue
        else:
            parts.append(token.text)
    return "".join(parts).strip()


def strip_math_delimiters(source: str) -> str:
    """Remove surrounding `$`, `$$`, `\\[ \\]`, `\\( \\)` and trailing punctuation."""
    text = source.strip()
    for left, right in (("$$", "$$"), ("\\[", "\\]"), ("\\(", "\\)"), ("$", "$")):
        if text.startswith(left) and text.endswith(right) and len(text) >= len(left) + len(right):
            text = text[len(left) : len(text) - len(right)].strip()
            break
    return text


def parse(source: str, macros: dict[str, Macro] | None = None) -> list[Node]:
    """Parse one formula into a list of nodes; raise `LatexError` with a position."""
    check_input(source)  # the length and the characters before any other work
    text = strip_math_delimiters(source)
    macros = dict(macros or {})
    if "command" in text or "\\def" in text or "DeclareMathOperator" in text:
        from tutor.latex.macros import parse_definitions
        from tutor.latex.tokens import parse_macro_definitions

        found, text = parse_definitions(text)
        macros.update(parse_macro_definitions(found))
    tokens = expand_macros(tokenize(text), macros, text)
    parser = _Parser(tokens, text)
    nodes = parser.parse_row(set())
    return nodes
