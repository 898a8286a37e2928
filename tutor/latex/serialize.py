"""Back from the tree to canonical LaTeX text, for naming pieces and matching keys."""

from __future__ import annotations

from tutor.latex.tree import Command, Environment, Fenced, Group, Node, Scripts, Sym, Text


def _script(nodes: list[Node]) -> str:
    inner = to_latex(nodes)
    return (
        inner
        if len(nodes) == 1 and isinstance(nodes[0], Sym) and len(inner) <= 1
        else ("{" + inner + "}")
    )


def node_latex(node: Node) -> str:
    if isinstance(node, Sym):
        return f"\\{node.text}" if node.kind == "cmd" else node.text
    if isinstance(node, Group):
        return "{" + to_latex(node.body) + "}"
    if isinstance(node, Text):
        return f"\\{node.name}{{{node.text}}}"
    if isinstance(node, Command):
        optional = f"[{to_latex(node.optional)}]" if node.optional else ""
        return f"\\{node.name}{optional}" + "".join("{" + to_latex(a) + "}" for a in node.args)
    if isinstance(node, Scripts):
        text = node_latex(node.base) if node.base is not None else ""
        text += "'" * node.primes
        if node.sub is not None:
            text += "_" + _script(node.sub)
        if node.sup is not None:
            text += "^" + _script(node.sup)
        return text
    if isinstance(node, Fenced):
        return f"\\left{node.left} {to_latex(node.body)} \\right{node.right}"
    if isinstance(node, Environment):
        rows = " \\\\ ".join(" & ".join(to_latex(cell) for cell in row) for row in node.rows)
        return f"\\begin{{{node.name}}} {rows} \\end{{{node.name}}}"
    raise TypeError(type(node))


def to_latex(nodes: list[Node]) -> str:
    out = ""
    for node in nodes:
        piece = node_latex(node)
        if (
            out
            and out[-1].isalpha()
            and piece[:1].isalpha()
            and out.split("\\")[-1].isalpha()
            and "\\" in out
        ):
            out += " "
        out += piece
    return out


def plain(nodes: list[Node]) -> str:
    """A compact text form for messages: `i,j`, `t+1`, `\\theta`."""
    return to_latex([n.body[0] if isinstance(n, Group) and len(n.body) == 1 else n for n in nodes])
