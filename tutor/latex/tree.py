"""The LaTeX math tree: small, explicit node types that every consumer walks."""

from __future__ import annotations

from collections.abc import Iterator

from tutor.plain import Plain

# Plain classes with __slots__, not dataclasses: every `tutor symbol` imports this module,
# and generating eight dataclasses' methods (source text, then exec) cost about 3 ms of
# each start. They behave as the dataclasses did: positional or keyword fields, equality
# by type and fields, unhashable, the same repr (and smaller, faster instances); pickled as
# the constructor and its arguments (`tutor.plain.Plain`): half the bytes of slot state.


class Node(Plain):
    __slots__ = ("pos",)
    _fields: tuple[str, ...] = ("pos",)
    pos: int

    def __init__(self, pos: int) -> None:
        self.pos = pos


class Sym(Node):
    """A letter, number, punctuation mark, or an argument-less command such as `\\alpha`."""

    __slots__ = ("kind", "text")
    _fields = ("pos", "text", "kind")
    text: str
    kind: str  # letter, number, char, cmd

    def __init__(self, pos: int, text: str, kind: str) -> None:
        self.pos, self.text, self.kind = pos, text, kind


class Group(Node):
    __slots__ = ("body",)
    _fields = ("pos", "body")
    body: list[Node]

    def __init__(self, pos: int, body: list[Node]) -> None:
        self.pos, self.body = pos, body


class Command(Node):
    """A command with arguments: `\\frac{a}{b}`, `\\hat{y}`, `\\mathbf{x}`, `\\sqrt[n]{x}`."""

    __slots__ = ("args", "name", "optional")
    _fields = ("pos", "name", "args", "optional")
    name: str
    args: list[list[Node]]
    optional: list[Node] | None

    def __init__(
        self, pos: int, name: str, args: list[list[Node]], optional: list[Node] | None = None
    ) -> None:
        self.pos, self.name, self.args, self.optional = pos, name, args, optional


class Text(Node):
    """Upright words: `\\text{softmax}`, `\\operatorname{tr}`, `\\mathrm{KL}`."""

    __slots__ = ("name", "text")
    _fields = ("pos", "name", "text")
    name: str
    text: str

    def __init__(self, pos: int, name: str, text: str) -> None:
        self.pos, self.name, self.text = pos, name, text


class Scripts(Node):
    """A base with a subscript, a superscript and/or primes."""

    __slots__ = ("base", "primes", "sub", "sup")
    _fields = ("pos", "base", "sub", "sup", "primes")
    base: Node | None
    sub: list[Node] | None
    sup: list[Node] | None
    primes: int

    def __init__(
        self,
        pos: int,
        base: Node | None,
        sub: list[Node] | None = None,
        sup: list[Node] | None = None,
        primes: int = 0,
    ) -> None:
        self.pos, self.base, self.sub, self.sup, self.primes = pos, base, sub, sup, primes


class Fenced(Node):
    """`\\left( ... \\right)`; the delimiters as written (`.` for none)."""

    __slots__ = ("body", "left", "right")
    _fields = ("pos", "left", "body", "right")
    left: str
    body: list[Node]
    right: str

    def __init__(self, pos: int, left: str, body: list[Node], right: str) -> None:
        self.pos, self.left, self.body, self.right = pos, left, body, right


class Environment(Node):
    __slots__ = ("name", "rows")
    _fields = ("pos", "name", "rows")
    name: str
    rows: list[list[list[Node]]]

    def __init__(self, pos: int, name: str, rows: list[list[list[Node]]] | None = None) -> None:
        self.pos, self.name = pos, name
        self.rows = [] if rows is None else rows


def walk(nodes: list[Node]) -> Iterator[Node]:
    """Every node, depth first, in reading order."""
    for node in nodes:
        yield node
        if isinstance(node, Group | Fenced):
            yield from walk(node.body)
        elif isinstance(node, Command):
            if node.optional:
                yield from walk(node.optional)
            for arg in node.args:
                yield from walk(arg)
        elif isinstance(node, Scripts):
            if node.base is not None:
                yield from walk([node.base])
            if node.sub:
                yield from walk(node.sub)
            if node.sup:
                yield from walk(node.sup)
        elif isinstance(node, Environment):
            for row in node.rows:
                for cell in row:
                    yield from walk(cell)
