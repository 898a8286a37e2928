"""The LaTeX math tree: small, explicit node types that every consumer walks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class Node:
    pos: int


@dataclass
class Sym(Node):
    """A letter, number, punctuation mark, or an argument-less command such as `\\alpha`."""

    text: str
    kind: str  # letter, number, char, cmd


@dataclass
class Group(Node):
    body: list[Node]


@dataclass
class Command(Node):
    """A command with arguments: `\\frac{a}{b}`, `\\hat{y}`, `\\mathbf{x}`, `\\sqrt[n]{x}`."""

    name: str
    args: list[list[Node]]
    optional: list[Node] | None = None


@dataclass
class Text(Node):
    """Upright words: `\\text{softmax}`, `\\operatorname{tr}`, `\\mathrm{KL}`."""

    name: str
    text: str


@dataclass
class Scripts(Node):
    """A base with a subscript, a superscript and/or primes."""

    base: Node | None
    sub: list[Node] | None = None
    sup: list[Node] | None = None
    primes: int = 0


@dataclass
class Fenced(Node):
    """`\\left( ... \\right)`; the delimiters as written (`.` for none)."""

    left: str
    body: list[Node]
    right: str


@dataclass
class Environment(Node):
    name: str
    rows: list[list[list[Node]]] = field(default_factory=list)


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
