"""How to read a formula aloud, in English or Japanese, from its tree.

Words and word order come from `data/reading.json`: each construct is a template per
language (`{top} over {bottom}`, `{bottom} 分の {top}`), so Japanese is read in Japanese
order without branches here. Grouping is never lost: a fraction, root or function whose
argument has several terms reads it in brackets (`log of (a over b)`).
"""

from __future__ import annotations

import itertools
import json
import re
from functools import cache

from tutor.data_index import data_bytes  # not importlib.resources: slow to import
from tutor.latex.serialize import to_latex
from tutor.latex.tree import Command, Environment, Fenced, Group, Node, Scripts, Sym, Text
from tutor.latex.unicode import to_unicode
from tutor.notation import FUNCTIONS, is_transpose, script_label, script_text
from tutor.notation.symbols import Bilingual, _index

BIG_IDS = {
    "sum",
    "prod",
    "int",
    "max",
    "min",
    "argmax",
    "argmin",
    "expectation",
    "empirical_expectation",
    "lim",
}
SIGN_WORDS = {"pos": "+", "neg": "-"}
UPDATE = ("leftarrow", "longleftarrow", "gets")
ROOTS_AND_FRACTIONS = ("frac", "dfrac", "tfrac", "cfrac", "sqrt")


@cache
def _data() -> tuple[dict[str, Bilingual], dict[str, Bilingual]]:
    raw = json.loads(data_bytes("tutor.data", "reading.json"))
    words = {k: Bilingual.model_validate(v) for k, v in raw["words"].items()}
    templates = {k: Bilingual.model_validate(v) for k, v in raw["templates"].items()}
    return words, templates


def _short(read: str) -> str:
    """The first way to say it: `is updated to / gets` → `is updated to`; no 〜 placeholders."""
    first = re.split(r"[／/]", read)[0]
    return re.sub(r"[（(][^）)]*[）)]", "", first).replace("〜", "").strip()


def _ordinal(index: str) -> str:
    if index.isdigit():
        n = int(index)
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    return f"{index}-th"


def _norm_bar(node: Node, kind: str = "cmd") -> bool:
    base = node.base if isinstance(node, Scripts) else node
    return isinstance(base, Sym) and base.kind == kind and base.text in ("|", "Vert")


def _norms(nodes: list[Node]) -> list[Node]:
    """`\\| x − y \\|^2` and `|a| ≤ δ` written with flat bars: one norm (squared) or one
    absolute value, not two words; a single bar (`D(p ‖ q)`, `p(y | x)`) separates."""
    for kind, left in (("cmd", "\\|"), ("char", "|")):
        bars = [i for i, n in enumerate(nodes) if _norm_bar(n, kind)]
        if len(bars) >= 2 and len(bars) % 2 == 0:
            nodes = _pair_bars(nodes, bars, left)
    return nodes


def _pair_bars(nodes: list[Node], bars: list[int], left: str) -> list[Node]:
    out = list(nodes)
    for first, last in reversed(list(zip(bars[::2], bars[1::2], strict=True))):
        end = out[last]
        fenced = Fenced(out[first].pos, left, out[first + 1 : last], left)
        if isinstance(end, Scripts):
            out[first : last + 1] = [Scripts(end.pos, fenced, end.sub, end.sup, end.primes)]
        else:
            out[first : last + 1] = [fenced]
    return out


def _fence(nodes: list[Node]) -> list[Node]:
    """Pair flat brackets `(` … `)` into Fenced nodes, so `p(y | x)` has a body to read."""
    nodes = _norms(nodes)
    out: list[Node] = []
    stack: list[tuple[int, str]] = []  # (index in out, opener)
    pairs = {"(": ")", "[": "]"}
    for node in nodes:
        text = node.text if isinstance(node, Sym) and node.kind == "char" else ""
        if text in pairs:
            stack.append((len(out), text))
            out.append(node)
            continue
        closer = node.base if isinstance(node, Scripts) else node
        if isinstance(closer, Sym) and closer.kind == "char":
            text = text or (closer.text if closer.text in (")", "]") else "")
        if text in (")", "]") and stack and pairs[stack[-1][1]] == text:
            start, opener = stack.pop()
            body = out[start + 1 :]
            del out[start:]
            fenced = Fenced(node.pos, opener, body, text)
            if isinstance(node, Scripts):  # (μ₁ − μ₂)²: the script is on the whole bracket
                out.append(Scripts(node.pos, fenced, node.sub, node.sup, node.primes))
            else:
                out.append(fenced)
            continue
        out.append(node)
    return out


def _terms(nodes: list[Node]) -> int:
    """How many terms a row adds up (a leading sign does not start a new one)."""
    count = 1
    for i, node in enumerate(nodes):
        if i and isinstance(node, Sym) and node.text in ("+", "-", "pm", "mp"):
            count += 1
    return count


class _Reader:
    def __init__(self, lang: str) -> None:
        self.lang = "ja" if lang == "ja" else "en"
        self.words, self.templates = _data()
        self.keys, _, _ = _index()

    def t(self, key: str, **values: str) -> str:
        return self.templates[key].get(self.lang).format(**values)

    def w(self, key: str) -> str:
        return self.words[key].get(self.lang)

    def word(self, latex: str, fallback: str) -> str:
        entry = self.keys.get(latex)
        if entry is None:
            return fallback
        return _short(entry.read.get(self.lang))

    def grouped(self, nodes: list[Node]) -> str:
        inner = self.row(nodes)
        return self.t("grouped", x=inner) if _terms(nodes) > 1 else inner

    # rows ------------------------------------------------------------------------
    def row(self, nodes: list[Node]) -> str:
        nodes = _fence(nodes)
        split = self.split_at(nodes)
        if split is not None:
            return split
        parts: list[str] = []
        i = 0
        while i < len(nodes):
            node = nodes[i]
            following = nodes[i + 1] if i + 1 < len(nodes) else None
            if (
                isinstance(node, Sym)
                and node.text == ":"
                and isinstance(following, Sym)
                and following.text == "="
            ):
                parts.append(self.w(":="))
                i += 2
                continue
            if isinstance(node, Scripts) and self.is_big(node):
                # Σ_i x_i + c: the operator takes its term, up to the next + or relation
                end = _term_end(nodes, i + 1)
                text = self.scripts(node, self.row(nodes[i + 1 : end]))
                parts.append(
                    self.t("after_factor", x=text) if i and _is_factor(nodes[i - 1]) else text
                )
                i = end
                continue
            if (
                following is not None
                and _applies(node)
                and _is_open(following)
                and not (_is_greek(node) and _terms(_body(following)) > 1 and not _named(node))
                and not _matrix_times(node, following)
            ):  # η(a + b) and U(r ⊙ h) multiply; f(x), π(a | s), σ(Wx + b) apply
                after = nodes[i + 2] if i + 2 < len(nodes) else None
                followed = after is not None and _is_factor(after)
                text = self.application(node, following, followed)  # type: ignore[arg-type]
                parts.append(
                    self.t("after_factor", x=text) if i and _is_factor(nodes[i - 1]) else text
                )
                i += 2
                continue
            if (
                following is not None
                and isinstance(node, Sym)
                and node.kind == "cmd"
                and node.text in FUNCTIONS
                and not _is_open(following)
                and _is_factor(following)
                and not (isinstance(following, Scripts) and self.is_big(following))
                and not (isinstance(following, Command) and following.name in ROOTS_AND_FRACTIONS)
            ):  # cos θ, log p(x | z): the function and its one argument
                after = nodes[i + 2] if i + 2 < len(nodes) else None
                factor_before = bool(i) and _is_factor(nodes[i - 1])
                several = after is not None and _applies(following) and _is_open(after)
                if several:
                    argument = self.application(following, after)  # type: ignore[arg-type]
                    i += 3
                else:
                    argument = self.node(following)
                    i += 2
                text = self.t("apply_plain", f=self.node(node), x=self.argument(argument, several))
                parts.append(self.t("after_factor", x=text) if factor_before else text)
                continue
            if (
                following is not None
                and isinstance(node, Sym)
                and node.kind == "cmd"
                and node.text in FUNCTIONS
                and isinstance(following, Command)
                and following.name in ("frac", "dfrac", "tfrac", "cfrac")
            ):  # log(a/b): the function takes the whole fraction
                inner = self.t("grouped", x=self.node(following))
                parts.append(self.t("apply", f=self.node(node), x=inner))
                i += 2
                continue
            text = self.node(node)
            beside = (bool(i) and _is_factor(nodes[i - 1])) or (
                following is not None and _is_factor(following)
            )
            if (
                isinstance(node, Fenced)
                and node.left in ("(", "[")
                and _terms(node.body) == 1
                and len(_fence(node.body)) > 1
                and beside
            ):  # U (r ⊙ h): the product in brackets stays one factor
                text = self.t("grouped", x=text)
            if isinstance(node, Fenced) and node.left in ("(", "[") and len(_fence(node.body)) > 1:
                # α (r + γ …) and (1 − β₁) g: say "times", the brackets are not heard
                if i and _is_factor(nodes[i - 1]):
                    text = f"{self.w('times')} {text}"
                if following is not None and _is_factor(following):
                    text = f"{text} {self.w('times')}"
            if (
                isinstance(node, Command)
                and node.name in ("frac", "dfrac", "tfrac", "cfrac")
                and following is not None
                and not (isinstance(following, Sym) and following.kind == "char")
            ):  # (1/2) x: the fraction is one factor
                text = self.t("grouped", x=text)
            elif (
                isinstance(node, Command)
                and node.name in ("frac", "dfrac", "tfrac", "cfrac")
                and i
                and _is_factor(nodes[i - 1])
            ):  # 2 (b 分の a), not (2 b) 分の a
                text = self.t("after_factor", x=text)
            if (
                isinstance(node, Command)
                and node.name in ROOTS_AND_FRACTIONS
                and isinstance(following, Sym)
                and following.text in ("+", "-", "pm", "mp")
            ):  # "the square root of v, plus ε": the root ends before the plus
                text += self.w("pause")
            if text:
                parts.append(text)
            i += 1
        joined = " ".join(p for p in parts if p)
        return joined.replace(" ,", ",").replace(" 、", "、").replace("、 ", "、")

    def split_at(self, nodes: list[Node]) -> str | None:
        """`f := g` reads "f is defined as g", `x; θ` "x; with parameters θ", `y | x`
        "y given x", `x ∼ p` "x distributed as p" (at the top level of a row only)."""
        for index, node in enumerate(nodes):
            following = nodes[index + 1] if index + 1 < len(nodes) else None
            defined = (
                isinstance(node, Sym)
                and node.text == ":"
                and isinstance(following, Sym)
                and following.text == "="
            )
            if defined or (isinstance(node, Sym) and node.text in ("coloneqq", "triangleq")):
                rest = nodes[index + (2 if defined else 1) :]
                if index and rest:
                    return self.t("defined", lhs=self.row(nodes[:index]), rhs=self.row(rest))
            if isinstance(node, Sym) and node.text in UPDATE and index + 1 < len(nodes):
                # m_t ← …: "m_t を … で更新する", the new value after the name it replaces
                return self.t(
                    "update", lhs=self.row(nodes[:index]), rhs=self.row(nodes[index + 1 :])
                )
        cuts = [i for i, n in enumerate(nodes) if isinstance(n, Sym) and n.text == ";"]
        if cuts and cuts[0] and cuts[-1] + 1 < len(nodes):
            # p(x; θ): the variables, then the parameters; every `;` cut at once, so a long
            # list is read in a loop rather than one nested call per `;`
            bounds = [-1, *cuts, len(nodes)]
            pieces = [nodes[a + 1 : b] for a, b in itertools.pairwise(bounds)]
            if all(pieces):
                theta = "; ".join(self.row(piece) for piece in pieces[1:])
                return self.t("parameters", x=self.row(pieces[0]), theta=theta)
        for index, node in enumerate(nodes):
            if isinstance(node, Sym) and (
                (node.kind == "char" and node.text == "|") or node.text == "mid"
            ):
                bars = sum(1 for n in nodes if isinstance(n, Sym) and n.text in ("|", "mid"))
                if bars == 1 and index and index + 1 < len(nodes):
                    return self.t(
                        "given", a=self.row(nodes[:index]), b=self.row(nodes[index + 1 :])
                    )
            if isinstance(node, Sym) and node.text == "sim" and index and index + 1 < len(nodes):
                return self.t(
                    "distributed", a=self.row(nodes[:index]), b=self.row(nodes[index + 1 :])
                )
        return None

    def is_big(self, node: Scripts) -> bool:
        """Σ_i, ∏_{t=1}^T, 𝔼_x, max_a, ∇_θ: an operator that takes the term after it."""
        if node.base is None or node.sub is None:
            return False
        entry = self.keys.get(to_latex([node.base]))
        return entry is not None and (entry.id in BIG_IDS or entry.id == "nabla")

    def application(self, function: Node, bracket: Fenced, followed: bool = False) -> str:
        name = self.node(function)
        divergence = _divergence_name(function)
        bars = [
            i
            for i, n in enumerate(bracket.body)
            if isinstance(n, Sym) and n.kind == "cmd" and n.text in ("|", "Vert", "parallel")
        ]
        if divergence is not None and len(bars) == 1:
            cut = bars[0]
            return self.t(
                "divergence",
                name=divergence,
                p=self.row(bracket.body[:cut]),
                q=self.row(bracket.body[cut + 1 :]),
            )
        inner = self.row(bracket.body)
        if (
            _terms(bracket.body) > 1
            or _has_comma(bracket.body)
            or (followed and len(inner.split()) > 1)  # softmax of (…) V: V is outside
        ):
            inner = self.t("grouped", x=inner)  # Q of (s, a) minus …: where the arguments end
        if name.endswith(" of"):  # "the expectation over x of": already says "of"
            return f"{name} {inner}"
        several = len(_fence(bracket.body)) > 1
        return self.t("apply", f=name, x=self.argument(inner, several))

    def argument(self, inner: str, several: bool) -> str:
        """An argument of several parts keeps its extent where the language needs it
        (Japanese: `（s_ii / τ） の exp`, not `s_ii 割る τ の exp`)."""
        grouped = inner.startswith(("(", "（")) and inner.endswith((")", "）"))
        return inner if grouped or not several else self.t("argument", x=inner)

    # nodes -----------------------------------------------------------------------
    def node(self, node: Node) -> str:
        if isinstance(node, Sym):
            if node.kind in ("letter", "number"):
                return node.text
            if node.kind == "char":
                if node.text in ("(", ")", "[", "]", "~", "."):
                    return ""  # `~` is a space in LaTeX; a displayed line's full stop
                if node.text in self.words:
                    return self.w(node.text)
                return self.word(node.text, node.text)
            return self.word(f"\\{node.text}", node.text)
        if isinstance(node, Group):
            return self.row(node.body)
        if isinstance(node, Text):  # \\mathop{\\mathrm{argmax}}: the word, not its markup
            return " ".join(re.sub(r"\\[A-Za-z]+\s*|[{}]", " ", node.text).split())
        if isinstance(node, Fenced):
            inner = self.row(node.body)
            if len(_fence(node.body)) > 1:  # the norm of (x − y), |A ∩ B|
                inner = self.t("grouped", x=inner)
            if node.left in ("\\|", "\\Vert", "\\lVert"):
                return self.t("norm", x=inner)
            if node.left in ("|", "\\lvert"):
                return self.t("abs", x=inner)
            return self.grouped(node.body)  # (a + b) keeps its brackets when read
        if isinstance(node, Command):
            return self.command(node)
        if isinstance(node, Scripts):
            return self.scripts(node)
        if isinstance(node, Environment):
            return self.environment(node)
        return ""

    def environment(self, node: Environment) -> str:
        if node.name in ("cases", "dcases", "rcases"):
            cases = []
            for row in node.rows:
                cells = [self.row(cell) for cell in row if cell]
                if len(cells) >= 2:
                    condition = re.sub(r"^(if|when|for)\s+", "", cells[1].strip())
                    condition = condition.rstrip(" ,.;、")
                    if condition in ("otherwise", "else"):
                        cases.append(f"{cells[0]} {self.w('otherwise')}")
                    else:
                        cases.append(self.t("case", value=cells[0], condition=condition))
                elif cells:
                    cases.append(cells[0])
            return "; ".join(cases)
        return "; ".join(" ".join(self.row(c) for c in row) for row in node.rows)

    def command(self, node: Command) -> str:
        if node.name in ("frac", "dfrac", "tfrac", "cfrac"):
            bottom = self.row(node.args[1])
            if len(_fence(node.args[1])) > 1 and " " in bottom:  # over (2 σ²), not (…/2) σ²
                bottom = self.t("grouped", x=bottom)
            return self.t("fraction", top=self.grouped(node.args[0]), bottom=bottom)
        if node.name == "sqrt":
            if node.optional:
                return self.t("root", n=self.row(node.optional), x=self.grouped(node.args[0]))
            return self.t("sqrt", x=self.grouped(node.args[0]))
        entry = self.keys.get(f"\\{node.name}")
        if entry is not None and entry.category in ("accent", "font"):
            inner = to_unicode(to_latex(node.args[0]))
            full = self.keys.get(to_latex([node]))
            if full is not None:
                return _short(full.read.get(self.lang))
            return re.sub(r"\bx\b", lambda _: inner, _short(entry.read.get(self.lang)))
        return " ".join(self.row(a) for a in node.args)

    def scripts(self, node: Scripts, body: str = "") -> str:
        base = self.node(node.base) if node.base is not None else ""
        base_latex = to_latex([node.base]) if node.base is not None else ""
        sub = self.row(node.sub) if node.sub is not None else None
        entry = self.keys.get(base_latex)
        if entry is not None and entry.id == "reals" and node.sup is not None:
            dims = [self.row(part) for part in split_times(node.sup)]
            key = "real_arrays" if len(dims) > 1 else "real_vectors"
            return self.t(key, dims=self.t("by").join(dims))
        if entry is not None and entry.id == "nabla" and sub is not None:
            return self.t("grad", i=sub, body=body).strip()
        if entry is not None and entry.id in BIG_IDS:
            big = self.big(node, entry.id, base, sub, body)
            if big is not None:
                return " ".join(big.split())
        text = base
        for _ in range(node.primes):
            text = self.t("suffix", base=text, word=self.w("prime"))
        if sub is not None:
            spelled = _spelled(node.sub or [])  # θ_{old}: "theta sub old", not o l d
            shown_sub = "".join(n.text for n in node.sub or [] if isinstance(n, Sym))
            text = self.t(
                "sub", base=text, sub=shown_sub if spelled else self.grouped(node.sub or [])
            )
        if node.sup is None:
            return text
        if isinstance(node.base, Fenced) and node.base.left in ("(", "["):
            if " " in text.strip() and _terms(node.base.body) == 1:
                text = self.t("grouped", x=text)  # (a b) squared; (a + b) has its brackets
        elif isinstance(node.base, Fenced | Group) and " " in text.strip():
            text = self.t("grouped", x=text)  # (the norm of x) squared
        if (
            len(node.sup) >= 2
            and is_transpose(node.sup[-1:])
            and script_label(node.sup[:-1]) is not None
        ):  # X^{(train)⊤}: the labelled X, transposed
            labelled = self.scripts(Scripts(node.pos, node.base, node.sub, node.sup[:-1], 0))
            return self.t("suffix", base=labelled, word=self.w("transpose"))
        sup_text = script_text(node.sup)
        label = script_label(node.sup)
        if is_transpose(node.sup):
            return self.t("suffix", base=text, word=self.w("transpose"))
        if sup_text == "-1":
            return self.t("suffix", base=text, word=self.w("inverse"))
        if sup_text == "2":
            return self.t("squared", base=text)
        if sup_text == "3":
            return self.t("cubed", base=text)
        if sup_text in ("*", "\\star", "\\ast"):
            return self.t("suffix", base=text, word=self.w("star"))
        if re.fullmatch(r"\(([^()]+)\)", sup_text):  # x^{(i)}: the i-th x, not a power
            index = sup_text[1:-1]
            word = re.sub(r"\\[A-Za-z]+\s*\{([^{}]*)\}", r"\1", index)
            if not re.fullmatch(r"[A-Za-z0-9+\-, ]+", index) and re.fullmatch(r"\w+", word):
                # y^{(\mathrm{test})}: a label in brackets, not an ordinal
                return self.t("label", base=text, label=self.t("grouped", x=word))
            if not re.fullmatch(r"\w+", index):  # x^{(\\tau + 1)}: read aloud, not LaTeX
                inner = node.sup
                while len(inner) == 1 and isinstance(inner[0], Group):
                    inner = inner[0].body
                index = self.row(inner[1:-1]) if len(inner) > 2 else index
                if len(index.split()) > 1:  # the (t + 1)-th x, not the t plus first x
                    index = self.t("grouped", x=index)
            return self.t("ordinal", n=_ordinal(index), i=index, base=text)
        if label is not None:
            shown = self.w(SIGN_WORDS[label]) if label in SIGN_WORDS else self.row(node.sup)
            if _spelled(node.sup):  # L^{CLIP}: "L clip", a word, not C L I P
                shown = label.lower() if label.isupper() and len(label) >= 3 else label
            return self.t("label", base=text, label=shown)
        return self.t("power", base=text, p=self.grouped(node.sup))

    def big(
        self, node: Scripts, entry_id: str, base: str, sub: str | None, body: str = ""
    ) -> str | None:
        if entry_id == "expectation" and sub is not None:
            return self.t("expect", i=sub, body=body)
        if entry_id == "empirical_expectation" and sub is not None:
            return self.t("expect_empirical", i=sub, body=body)
        op = base.removesuffix(" over").removesuffix(" of").removeprefix("the ")
        index, lo = sub, None
        if node.sub is not None:
            cut = next(
                (k for k, n in enumerate(node.sub) if isinstance(n, Sym) and n.text == "="),
                None,
            )
            if cut is not None:
                index, lo = self.row(node.sub[:cut]), self.row(node.sub[cut + 1 :])
        hi = self.row(node.sup) if node.sup is not None else None
        if lo is not None and hi is not None:
            return self.t("from_to", op=op, i=index or "", lo=lo, hi=hi, body=body)
        if sub is not None:
            return self.t("over_index", op=op, i=index or "", body=body)
        return None


ENDS_A_TERM = {"+", "-", "pm", "mp", "=", ",", ";", "<", ">", "le", "leq", "ge", "geq", "neq"}
ENDS_A_TERM |= {"ne", "approx", "leftarrow", "longleftarrow", "gets", "coloneqq", "quad"}
ENDS_A_TERM |= {"qquad", "equiv", "triangleq", "propto", "to", "rightarrow", ":"}


def _term_end(nodes: list[Node], start: int) -> int:
    """Where the term that begins at `start` ends: the next +, − or relation."""
    for index in range(start, len(nodes)):
        node = nodes[index]
        if index > start and isinstance(node, Sym) and node.text in ENDS_A_TERM:
            return index
    return len(nodes)


def _divergence_name(node: Node) -> str | None:
    """`D_{KL}`, `\\mathrm{KL}`, `D_{\\mathrm{JS}}`: the divergence's short name."""
    if isinstance(node, Scripts) and node.sub is not None:
        label = re.sub(r"[^A-Za-z]", "", to_latex(node.sub).replace("mathrm", ""))
        base = to_latex([node.base]) if node.base is not None else ""
        if base == "D" and label:
            return label
    if isinstance(node, Text) and node.text.strip() in ("KL", "JS", "JSD"):
        return node.text.strip()
    return None


def split_times(nodes: list[Node]) -> list[list[Node]]:
    parts: list[list[Node]] = [[]]
    for node in nodes:
        if isinstance(node, Sym) and node.text == "times":
            parts.append([])
        else:
            parts[-1].append(node)
    return parts


OPERATORS = {
    "cdot",
    "times",
    "odot",
    "otimes",
    "pm",
    "mp",
    "le",
    "leq",
    "ge",
    "geq",
    "neq",
    "ne",
    "approx",
    "leftarrow",
    "longleftarrow",
    "gets",
    "to",
    "rightarrow",
    "in",
    "sim",
    "mid",
    "quad",
    "qquad",
    "coloneqq",
    "equiv",
    "propto",
    "triangleq",
    ",",
    ";",
    "|",
    "Vert",
}
BIG_OPERATORS = {"sum", "prod", "int", "max", "min", "lim", "arg", "argmax", "argmin"}


def _is_factor(node: Node) -> bool:
    """A node that multiplies what it stands beside (a name, a number, a bracket)."""
    if isinstance(node, Sym):
        if node.kind == "char":
            return node.text not in "+-=<>,;|/:!&.()[]"
        if node.kind == "cmd":
            return node.text not in OPERATORS and node.text not in BIG_OPERATORS
        return True
    if isinstance(node, Scripts):
        base = node.base
        if isinstance(base, Sym) and base.text in BIG_OPERATORS:
            return False
        return not (isinstance(base, Command) and base.name == "mathbb")  # 𝔼_x […]
    return isinstance(node, Fenced | Command | Text)


def _spelled(nodes: list[Node]) -> bool:
    """A script spelled in plain letters (`CLIP`, `old`): one word, read as a word."""
    if not all(isinstance(n, Sym) and n.kind == "letter" for n in nodes):
        return False
    word = "".join(n.text for n in nodes if isinstance(n, Sym))
    return len(word) >= 3 or (len(word) == 2 and word.isupper())  # x_{ij} is two indices


def _has_comma(nodes: list[Node]) -> bool:
    return any(isinstance(n, Sym) and n.text == "," for n in _fence(nodes))


def _body(node: Node) -> list[Node]:
    return node.body if isinstance(node, Fenced) else []


def _is_greek(node: Node) -> bool:
    from tutor.latex.glyphs import GREEK

    return isinstance(node, Sym) and node.kind == "cmd" and node.text in GREEK


NAMED_GREEK = {"sigma", "Phi"}  # σ(·) the sigmoid, Φ(·) the normal CDF: functions by name


def _named(node: Node) -> bool:
    return isinstance(node, Sym) and node.text in NAMED_GREEK


def _matrix_times(node: Node, bracket: Node) -> bool:
    """`U(r ⊙ h)`, `W(x · y)`: a capital letter times a bracketed product, not applied."""
    capital = isinstance(node, Sym) and node.kind == "letter" and node.text.isupper()
    products = {"odot", "cdot", "times", "otimes"}
    return capital and any(isinstance(n, Sym) and n.text in products for n in _body(bracket))


def _is_open(node: Node) -> bool:
    return isinstance(node, Fenced) and node.left in ("(", "[")


def _applies(node: Node) -> bool:
    """A letter, function or operator name directly before a bracket is applied to it."""
    if isinstance(node, Sym):
        return node.kind in ("letter", "cmd") and node.text not in ("sum", "prod", "int")
    if isinstance(node, Scripts) and node.sup is not None:
        sup = script_text(node.sup)
        if is_transpose(node.sup) or sup == "-1" or sup.isdigit():
            return False  # Σ⁻¹(x − μ), Wᵀ(…), x²(…): a product, not an application
    return isinstance(node, Text | Command | Scripts) and not (
        isinstance(node, Command) and node.name in ("frac", "dfrac", "tfrac", "sqrt")
    )


def read_aloud(nodes: list[Node], lang: str = "en") -> str:
    text = _Reader(lang).row(nodes)
    return " ".join(text.split())
