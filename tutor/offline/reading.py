"""How to read a formula aloud, in English or Japanese, from its tree."""

from __future__ import annotations

import re

from tutor.latex.serialize import to_latex
from tutor.latex.tree import Command, Environment, Fenced, Group, Node, Scripts, Sym, Text
from tutor.latex.unicode import to_unicode
from tutor.tools.symbols import _index

WORDS = {
    "en": {
        "+": "plus",
        "-": "minus",
        "=": "equals",
        "<": "is less than",
        ">": "is greater than",
        "/": "divided by",
        "of": "of",
        "over": "over",
        "sqrt": "the square root of",
        "root": "the {n}-th root of",
        "sub": "sub",
        "squared": "squared",
        "cubed": "cubed",
        "power": "to the power",
        "transpose": "transpose",
        "inverse": "inverse",
        "over_index": "{op} over {i} of",
        "from_to": "{op} over {i} from {lo} to {hi} of",
        "grad": "the gradient with respect to {i} of",
        "of_term": "of",
        "norm": "the norm of",
        "abs": "the absolute value of",
        "expect": "the expectation over {i}",
        "star": "star",
        "prime": "prime",
        "superscript": "superscript",
        "comma": ",",
        "and": "and",
    },
    "ja": {
        "+": "プラス",
        "-": "マイナス",
        "=": "イコール",
        "<": "小なり",
        ">": "大なり",
        "/": "割る",
        "of": "",
        "over": "分の",
        "sqrt": "ルート",
        "root": "{n} 乗根",
        "sub": "サブ",
        "squared": "の 2 乗",
        "cubed": "の 3 乗",
        "power": "の {p} 乗",
        "transpose": "転置",
        "inverse": "インバース",
        "over_index": "{i} についての{op}",
        "from_to": "{i} が {lo} から {hi} までの{op}",
        "grad": "{i} についての勾配",
        "of_term": "",
        "norm": "ノルム",
        "abs": "絶対値",
        "expect": "{i} についての期待値",
        "star": "スター",
        "prime": "プライム",
        "superscript": "上付き",
        "comma": "、",
        "and": "と",
    },
}


def _short(read: str) -> str:
    """The first way to say it: `is updated to / gets` → `is updated to`."""
    first = re.split(r"[／/]", read)[0]
    return re.sub(r"[（(][^）)]*[）)]", "", first).strip()


class _Reader:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.words = WORDS["ja" if lang == "ja" else "en"]
        self.keys, _, _ = _index()

    def word(self, latex: str, fallback: str) -> str:
        entry = self.keys.get(latex)
        if entry is None:
            return fallback
        return _short(entry.read.get(self.lang))

    def row(self, nodes: list[Node]) -> str:
        parts: list[str] = []
        for i, node in enumerate(nodes):
            following = nodes[i + 1] if i + 1 < len(nodes) else None
            text = self.node(node)
            if text:
                parts.append(text)
            if (
                self.lang != "ja"
                and following is not None
                and _is_open(following)
                and _applies(node)
            ):
                parts.append(self.words["of"])
        return " ".join(p for p in parts if p).replace(" ,", ",")

    def node(self, node: Node) -> str:
        w = self.words
        if isinstance(node, Sym):
            if node.kind in ("letter", "number"):
                return node.text
            if node.kind == "char":
                if node.text in ("(", ")", "[", "]"):
                    return ""
                if node.text == ",":
                    return w["comma"]
                return w.get(node.text, self.word(node.text, node.text))
            return self.word(f"\\{node.text}", node.text)
        if isinstance(node, Group):
            return self.row(node.body)
        if isinstance(node, Text):
            return node.text.strip()
        if isinstance(node, Fenced):
            inner = self.row(node.body)
            if node.left in ("\\|", "\\Vert", "\\lVert"):
                return f"{w['norm']} {inner}" if self.lang != "ja" else f"{inner} の{w['norm']}"
            if node.left in ("|", "\\lvert"):
                return f"{w['abs']} {inner}" if self.lang != "ja" else f"{inner} の{w['abs']}"
            return inner
        if isinstance(node, Command):
            return self.command(node)
        if isinstance(node, Scripts):
            return self.scripts(node)
        if isinstance(node, Environment):
            return "; ".join(" ".join(self.row(c) for c in row) for row in node.rows)
        return ""

    def command(self, node: Command) -> str:
        w = self.words
        args = [self.row(a) for a in node.args]
        if node.name in ("frac", "dfrac", "tfrac", "cfrac"):
            if self.lang == "ja":
                return f"{args[1]} {w['over']} {args[0]}"
            return f"{args[0]} {w['over']} {args[1]}"
        if node.name == "sqrt":
            if node.optional:
                root = w["root"].format(n=self.row(node.optional))
                return f"{root} {args[0]}" if self.lang != "ja" else f"{args[0]} の{root}"
            return f"{w['sqrt']} {args[0]}"
        entry = self.keys.get(f"\\{node.name}")
        if entry is not None and entry.category in ("accent", "font"):
            inner = to_unicode(to_latex(node.args[0]))
            full = self.keys.get(to_latex([node]))
            if full is not None:
                return _short(full.read.get(self.lang))
            return re.sub(r"\bx\b", lambda _: inner, _short(entry.read.get(self.lang)))
        return " ".join(args)

    def scripts(self, node: Scripts) -> str:
        w = self.words
        base = self.node(node.base) if node.base is not None else ""
        base_latex = to_latex([node.base]) if node.base is not None else ""
        sub = self.row(node.sub) if node.sub is not None else None
        sup = self.row(node.sup) if node.sup is not None else None
        sup_latex = to_latex(node.sup).strip("{}") if node.sup is not None else ""
        entry = self.keys.get(base_latex)
        big = entry is not None and entry.id in (
            "sum",
            "prod",
            "int",
            "max",
            "min",
            "argmax",
            "argmin",
            "expectation",
            "lim",
        )
        text = base + (f" {w['prime']}" * node.primes)
        if entry is not None and entry.id == "reals" and node.sup is not None:
            dims = [self.row(part) for part in split_times(node.sup)]
            if self.lang == "ja":
                return f"{' × '.join(dims)} の実数の配列"
            return "real " + " by ".join(dims) + (" arrays" if len(dims) > 1 else " vectors")
        if entry is not None and entry.id == "nabla" and sub is not None:
            return w["grad"].format(i=sub)
        if big and entry is not None:
            if entry.id == "expectation" and sub is not None:
                return w["expect"].format(i=sub)
            op = base.removesuffix(" over").removesuffix(" of")
            index, lo = sub, None
            if node.sub is not None:
                cut = next(
                    (k for k, n in enumerate(node.sub) if isinstance(n, Sym) and n.text == "="),
                    None,
                )
                if cut is not None:
                    index, lo = self.row(node.sub[:cut]), self.row(node.sub[cut + 1 :])
            if lo is not None and sup is not None:
                return w["from_to"].format(op=op, i=index, lo=lo, hi=sup)
            if sub is not None:
                return w["over_index"].format(op=op, i=index)
        if sub is not None:
            text += f" {w['sub']} {sub}"
        if sup is not None:
            if sup_latex in ("\\top", "T", "\\intercal"):
                text += f" {w['transpose']}"
            elif sup_latex == "-1":
                text += f" {w['inverse']}"
            elif sup_latex == "2":
                text += f" {w['squared']}" if self.lang != "ja" else w["squared"]
            elif sup_latex == "3":
                text += f" {w['cubed']}" if self.lang != "ja" else w["cubed"]
            elif sup_latex in ("*", "\\star", "\\ast"):
                text += f" {w['star']}"
            elif sup_latex.startswith("("):
                text += f" {w['superscript']} {sup}"
            elif self.lang == "ja":
                text += w["power"].format(p=sup)
            else:
                text += f" {w['power']} {sup}"
        return text


def split_times(nodes: list[Node]) -> list[list[Node]]:
    parts: list[list[Node]] = [[]]
    for node in nodes:
        if isinstance(node, Sym) and node.text == "times":
            parts.append([])
        else:
            parts[-1].append(node)
    return parts


def _is_open(node: Node) -> bool:
    return (isinstance(node, Sym) and node.text in ("(", "[")) or (
        isinstance(node, Fenced) and node.left in ("(", "[")
    )


def _applies(node: Node) -> bool:
    """A letter, function or operator name directly before a bracket is applied to it."""
    if isinstance(node, Sym):
        return node.kind in ("letter", "cmd")
    return isinstance(node, Text | Command | Scripts)


def read_aloud(nodes: list[Node], lang: str = "en") -> str:
    text = _Reader(lang).row(nodes)
    return " ".join(text.split())
