"""The formula bank (data) and recognition that survives notation variants.

A formula is reduced to canonical tokens: fonts dropped (\\mathbf, \\bm, \\boldsymbol,
\\vec), transposes unified (\\top, T, \\intercal), function names unified (\\operatorname,
\\text, \\mathrm), `e^{x}` read as exp(x), spacing and \\left/\\right ignored, and every
variable renamed by order of first appearance, so `\\sigma(z)` matches `\\sigma(x)`.

Only equalities that hold in mathematics are made, each with a test beside the look-alikes
it must keep apart (tests/test_canonical.py). Notation: `\\arg\\max_θ`, `\\underset{θ}{\\arg\\max}`
and `\\operatorname*{arg\\,max}_θ`; `\\mathop{\\mathbb{E}}`; `:=`/`\\doteq`/`\\leqslant`; the DL book's
upright `\\mathrm{x}`; `D_{KL}` and `\\mathrm{KL}`; `\\Pr`; `s^{\\prime}`; `p(x; θ)` and `p(x | θ)`;
`q || p` typed as two bars; `⟨u, v⟩` and `uᵀv`; `∂L/∂w`, `dL/dw` and `∇_w L`; cases with
`\\text{if}`, commas, either-way comparisons and `otherwise`. Algebra: terms and scalar
factors in one order, conditional probabilities commuting, a sign through linear operators
only (𝔼[−x] = −𝔼[x], never max), `a/bc` read a/(bc), constants in and out of fractions,
`log(a/b) = −log(b/a)`, even powers, norms and |·| blind to a sum's sign, `‖x‖₂ = ‖x‖`,
`wᵀw = ‖w‖²` for vectors, `max(0, x) = ReLU(x) = [x]₊`, `σ(z) = 1/(1 + e^{−z})` of an
expression, `√(2πσ²) = σ√(2π)`, `|Σ| = det Σ`, `x^{−1/2} = 1/√x`. The loose form (indices
dropped) also reads iterated expectations as one, word labels (`β^{old}`, `η_max`) as labels,
bound names of max as dummies, `h^{⟨t−1⟩}`/`x^{(t)}` as indices, a name used at one
step only (`θ_{t−1}`) as its value before, a sum of squares as a squared norm and a sum
of absolute values as an L1 norm. Beyond equality: a loss is matched by its per-sample term
however it is reduced (`per_sample`: a mean, a total or an expectation over its data), and
a bank formula is also recognised with the biases inside its functions omitted and its ⊙
written as juxtaposition (`recognised_latex`), as papers print gates.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
from functools import cache, lru_cache

from tutor import plain
from tutor.errors import LatexError, TutorError
from tutor.latex.glyphs import GREEK
from tutor.latex.tree import Command, Environment, Fenced, Group, Node, Scripts, Sym, Text
from tutor.notation import FUNCTIONS, NUMPY_FUNCTIONS, is_transpose
from tutor.notation.symbols import Bilingual
from tutor.plain import Plain

TYPE_CHECKING = False  # not typing's: mypy treats the name as true, Python skips the import
if TYPE_CHECKING:
    from typing import Any


class Formula(Plain):
    """One bank entry: its names, LaTeX variants (the first is the main one), what it is,
    its paper or book section, its pitfall, a NumPy reference and the reference's check."""

    __slots__ = ("arxiv", "check", "id", "latex", "name", "numpy", "pitfall", "reference", "what")
    _fields = ("id", "name", "latex", "what", "arxiv", "reference", "pitfall", "numpy", "check")

    def __init__(
        self,
        id: str,
        name: Bilingual,
        latex: list[str],
        what: Bilingual,
        arxiv: str | None = None,
        # where a formula without an arXiv paper is defined: a book and section, e.g.
        # "Goodfellow et al., Deep Learning (2016), §6.2.2.3"
        reference: str | None = None,
        *,
        pitfall: Bilingual,
        numpy: str,
        check: Any,
    ) -> None:
        self.id, self.name, self.latex, self.what = id, name, latex, what
        self.arxiv, self.reference, self.pitfall = arxiv, reference, pitfall
        self.numpy, self.check = numpy, check

    def __reduce__(self) -> Any:
        # `pitfall`, `numpy` and `check` are keyword-only: pickled through `_formula`
        return _formula, tuple(getattr(self, name) for name in self._fields)

    @classmethod
    def model_validate(cls, value: object, where: str = "") -> Formula:
        """A formula from its JSON object (unknown keys ignored); a ValueError names the field."""
        at = where or "formula"
        raw = plain.fields(value, at, ("id", "name", "latex", "what", "pitfall", "numpy", "check"))
        return cls(
            id=plain.text(raw["id"], f"{at}.id", empty=False),
            name=_bilingual(raw["name"], f"{at}.name"),
            latex=plain.texts(raw["latex"], f"{at}.latex", at_least=1),
            what=_bilingual(raw["what"], f"{at}.what"),
            arxiv=plain.optional_text(raw.get("arxiv"), f"{at}.arxiv"),
            reference=plain.optional_text(raw.get("reference"), f"{at}.reference"),
            pitfall=_bilingual(raw["pitfall"], f"{at}.pitfall"),
            numpy=plain.text(raw["numpy"], f"{at}.numpy"),
            check=raw["check"],
        )


# `+ b`, `+ b_f`, `+ \mathbf{b}_{z}`: a bias term (the letter b, alone or with a subscript)
_BIAS = r"\s*\+\s*(?:\\(?:mathbf|boldsymbol|bm|vec)\s*\{b\}|b)(?:_\{[^{}]*\}|_[A-Za-z0-9]|_\\[A-Za-z]+)?"
_BIAS_INSIDE = re.compile(_BIAS + r"(?=\s*(?:\\right\s*)?[)\]])")
_BIAS_LAST = re.compile(_BIAS + r"(?=\s*(?:$|,|\\\\|&|\\quad|\\qquad))")


def recognised_latex(formula: Formula) -> list[str]:
    """The variants a formula is recognised by: its own, each with ⊙ as juxtaposition, and
    each without its bias terms when it has one inside a function (`σ(W x + U h + b)`):
    papers say "biases omitted" and write `σ(W x + U h)`, so a GRU is a GRU either way.
    `y = Wx + b` alone (a bias at the top level only) is left as it is."""
    out = list(formula.latex)
    # a gate times a state: ⊙ between vectors, juxtaposed for one unit's scalars (Chung's
    # GRU); the user's ⊙ stays a ⊙, so σ ⊙ ε is not a matrix times a vector
    out += [latex.replace("\\odot", " ") for latex in formula.latex if "\\odot" in latex]
    for latex in list(out):
        inside = [m for m in _BIAS_INSIDE.finditer(latex) if _after_product(latex, m.start())]
        inside += [
            m for m in _BIAS_FIRST.finditer(latex) if _PRODUCT.search(_bracket_rest(latex, m.end()))
        ]
        if inside:
            for m in sorted(inside, key=lambda m: -m.start()):
                latex = latex[: m.start()] + latex[m.end() :]
            out.append(_BIAS_LAST.sub("", latex))
    return out


# `(b + W h)`: a bias written first in its bracket
_BIAS_FIRST = re.compile(
    r"(?<=[(\[])\s*(?:\\(?:mathbf|boldsymbol|bm|vec)\s*\{b\}|b)(?:_\{[^{}]*\}|_[A-Za-z0-9])?\s*\+"
)


def _bracket_rest(latex: str, start: int) -> str:
    """What follows `start` up to the bracket it is in closes."""
    depth = 0
    for i in range(start, len(latex)):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(latex[i], 0)
        if depth < 0:
            return re.sub(r"\\(?:mathbf|boldsymbol|bm|vec|left|right)\b", "", latex[start:i])
    return ""


# two factors side by side (`W x`, `W_z x_t`, `xW`, `w^\top x`, `W \cdot [h, x]`)
_PRODUCT = re.compile(
    r"(?:[A-Za-z}]|\^\\top|\^T)\s*(?:_\{[^{}]*\}|_[A-Za-z0-9])?\s*(?:\\cdot\s*)?(?:\\[a-z]+\{)?[A-Za-z\[]"
)


def _after_product(latex: str, at: int) -> bool:
    """Whether the bracket a bias term closes holds a product before it (`σ(W x + b)`),
    not a sum of parameters (`Γ(a + b)`)."""
    depth = 0
    for i in range(at - 1, -1, -1):
        depth += {")": 1, "]": 1, "(": -1, "[": -1}.get(latex[i], 0)
        if depth < 0:
            inner = re.sub(r"\\(?:mathbf|boldsymbol|bm|vec|left|right)\b", "", latex[i + 1 : at])
            return bool(_PRODUCT.search(inner))
    return False


def _bilingual(value: object, where: str) -> Bilingual:
    raw = plain.fields(value, where, ("en", "ja"))
    en = plain.text(raw["en"], f"{where}.en", empty=False)
    return Bilingual(en, plain.text(raw["ja"], f"{where}.ja", empty=False))


def _formula(*values: Any) -> Formula:
    names = Formula._fields
    return Formula(**dict(zip(names, values, strict=True)))


class FormulaBank(Plain):
    __slots__ = ("formulas",)
    _fields = ("formulas",)

    def __init__(self, formulas: list[Formula]) -> None:
        self.formulas = formulas

    @classmethod
    def model_validate(cls, value: object, where: str = "") -> FormulaBank:
        at = where or "bank"
        raw = plain.fields(value, at, ("formulas",))
        if not isinstance(raw["formulas"], list):
            raise ValueError(f"{at}.formulas: expected a list")
        return cls(
            [
                Formula.model_validate(item, f"{at}.formulas.{i}")
                for i, item in enumerate(raw["formulas"])
            ]
        )


def _bank_files() -> list[tuple[str, bytes]]:
    """`formulas.json`, then every `formulas/*.json` by name: (name, bytes)."""
    import os

    import tutor.data
    from tutor.data_index import data_bytes

    files = [("formulas.json", data_bytes("tutor.data", "formulas.json"))]
    folder = os.path.join(os.path.dirname(tutor.data.__file__ or ""), "formulas")
    if os.path.isdir(folder):
        for name in sorted(n for n in os.listdir(folder) if n.endswith(".json")):
            with open(os.path.join(folder, name), "rb") as handle:
                files.append((f"formulas/{name}", handle.read()))
        return files
    from importlib import resources

    extra = resources.files("tutor.data").joinpath("formulas")  # not on disk (a zip)
    if extra.is_dir():
        for part in sorted(extra.iterdir(), key=lambda p: p.name):
            if part.name.endswith(".json"):
                files.append((f"formulas/{part.name}", part.read_bytes()))
    return files


def _validated_bank(files: list[tuple[str, bytes]]) -> FormulaBank:
    formulas: list[Formula] = []
    for name, raw in files:
        try:
            formulas += FormulaBank.model_validate(json.loads(raw), "").formulas
        except ValueError as exc:  # json's errors are ValueErrors too
            raise TutorError(f"the formula bank's data file {name} is invalid: {exc}") from None
    return FormulaBank(formulas)


@cache
def formula_bank() -> FormulaBank:
    """All formulas: `data/formulas.json` and then every `data/formulas/*.json`, by name;
    validated once per content and code, then read back from the data index."""
    from tutor.data_index import load_derived

    files = _bank_files()
    with open(__file__, "rb") as handle:  # the validators' code, so a change revalidates
        sources = [handle.read()] + [name.encode() + b"\0" + raw for name, raw in files]
    return load_derived("formula-bank-data", sources, lambda: _validated_bank(files))


GREEK_NAMES = set(GREEK) | {"ell"}
TRANSPARENT_FONTS = {
    "mathbf",
    "bm",
    "boldsymbol",
    "mathit",
    "pmb",
    "bold",
    "mathnormal",
    "mathsf",
    "mathsfit",
    "mathbfit",
    "mathtt",
    "vec",  # \vec{x} is the vector x
}
FIXED_FONT_LETTERS = {"E", "N", "R", "P", "O", "1", "I", "U"}
SYNONYMS = {
    "gets": "leftarrow",
    "rightarrow": "to",
    "leq": "le",
    "leqslant": "le",
    "leqq": "le",
    "neq": "ne",
    "geq": "ge",
    "geqslant": "ge",
    "geqq": "ge",
    "Vert": "‖",
    "|": "|",
    "lVert": "‖",
    "rVert": "‖",
    "parallel": "‖",
    "mid": "|",
    "vert": "|",
    "lvert": "|",
    "rvert": "|",
    "ldots": "dots",
    "cdots": "dots",
    "dots": "dots",
    "coloneqq": "=",
    "triangleq": "=",
    "doteq": "=",
    "ast": "*",
    "lbrace": "{",
    "rbrace": "}",
    "{": "{",
    "}": "}",
    "langle": "<",
    "rangle": ">",
    "ln": "log",
    "trace": "tr",
    "dfrac": "frac",
    "tfrac": "frac",
    "cfrac": "frac",
    "varepsilon": "epsilon",
    "varphi": "phi",
    "widehat": "hat",
    "widetilde": "tilde",
    "overline": "bar",
}
DROPPED = {"cdot", ",", ";", "quad", "qquad", "!", ":", " "}


def _text_token(text: str) -> str:
    word = text.replace("\\,", "").replace(" ", "").strip().rstrip(".,;:")
    return word.lower() if len(word) > 1 else word


def _mathop_token(text: str) -> str:
    """The operator inside `\\mathop{…}`: `\\mathbb E` is 𝔼, `\\arg\\max` is argmax."""
    fixed = re.fullmatch(r"\\(?:mathbb|mathrm|operatorname)\s*\{?\s*([A-Za-z])\s*\}?", text.strip())
    if fixed:
        return "mathbb:E" if fixed.group(1) == "E" else fixed.group(1)
    return _text_token(re.sub(r"\\(?:mathrm|operatorname|text)\b|[\\{}]", "", text))


DIVERGENCES = {"kl": "kl", "js": "jsd", "jsd": "jsd"}


def _divergence(base: Node | None, sub: list[Node] | None) -> str | None:
    """`D_{KL}`, `D_{\\mathrm{KL}}`, `D_{JS}`: the divergence's own name."""
    if not (isinstance(base, Sym) and base.text == "D" and sub):
        return None
    if len(sub) == 1 and isinstance(sub[0], Text):
        word = _text_token(sub[0].text)
    elif all(isinstance(n, Sym) and n.kind == "letter" for n in sub):
        word = "".join(n.text for n in sub if isinstance(n, Sym)).lower()
    else:
        return None
    return DIVERGENCES.get(word)


def _applied_greek(node: Sym, after: Node | None) -> bool:
    """A Greek letter that names a function, directly followed by `(`: σ(·), Φ(·), π(·|·).
    Other letters are names like any other: `α(G − b)` and `η(∇L + λθ)` are products, the
    same as `α[G − b]`; `β(t)`, `μ(x)` read like `f(t)`, `p(x)`."""
    if node.kind != "cmd" or node.text not in FUNCTION_GREEK:
        return False
    if isinstance(after, Sym):
        return after.text == "("
    return isinstance(after, Fenced) and after.left == "("


# σ the logistic function, Φ/φ the normal CDF/density (or features), Γ/ψ the gamma and
# digamma functions, π a policy
FUNCTION_GREEK = {"sigma", "Phi", "phi", "varphi", "Gamma", "psi", "Psi", "pi"}


class _Canon:
    def __init__(self) -> None:
        self.tokens: list[str] = []
        self._scanned = 0  # how many tokens `depth` has counted (they are only appended)
        self._depth = 0

    @property
    def depth(self) -> int:
        """How many brackets are open at the end of the tokens so far."""
        if self._scanned > len(self.tokens):
            self._scanned = self._depth = 0  # tokens were taken back (a case's cells): recount
        for token in self.tokens[self._scanned :]:
            self._depth += (token.endswith("(") and token != ")(") or token == "["
            self._depth -= token in (")", "]")
        self._scanned = len(self.tokens)
        return self._depth

    def row(self, nodes: list[Node]) -> None:
        from tutor.offline.translate import spell_functions

        spelled = spell_functions(nodes)  # plain `softmax` reads as \operatorname{softmax}
        for index, node in enumerate(spelled):
            after = spelled[index + 1] if index + 1 < len(spelled) else None
            if isinstance(node, Sym) and _applied_greek(node, after):
                # σ(x), Φ(x), φ(x), Γ(x): a Greek letter used as a function names that
                # function, so it is never renamed (x·σ(x) is SiLU, x·Φ(x) is GELU)
                self.tokens.append("fn:" + node.text)
                continue
            self.node(node)

    def var(self, name: str) -> None:
        self.tokens.append("v:" + name)

    def node(self, node: Node) -> None:
        if isinstance(node, Sym):
            self.sym(node)
        elif isinstance(node, Group):
            self.row(node.body)
        elif isinstance(node, Text):
            self.text(node)
        elif isinstance(node, Command):
            self.command(node)
        elif isinstance(node, Scripts):
            self.scripts(node)
        elif isinstance(node, Fenced):
            self.delimiter(node.left)
            self.row(node.body)
            self.delimiter(node.right)
        elif isinstance(node, Environment):
            if node.name in ("cases", "dcases"):
                self.cases(node)
                return
            for row in node.rows:
                for cell in row:
                    self.row(cell)
                self.tokens.append(";")

    def cases(self, node: Environment) -> None:
        rows: list[list[list[str]]] = []
        for row in node.rows:
            cells: list[list[str]] = []
            for cell in row:
                before = len(self.tokens)
                self.row(cell)
                cells.append(self.tokens[before:])
                del self.tokens[before:]
            rows.append(cells)
        for written in _cases(rows):
            for index, tokens in enumerate(written):
                self.tokens += ["&", *tokens] if index else tokens  # value & condition
            self.tokens.append(";")

    def text(self, node: Text) -> None:
        if node.name == "mathop":
            self.tokens.append(_mathop_token(node.text))
            return
        word = _text_token(node.text)
        base, _, sub = word.replace("\\_", "_").partition("_")
        if base and sub and "_" not in sub:  # \mathrm{head_1}, \text{fan\_in}: a label
            self.word(base)
            self.tokens.append("_(")
            self.word(sub)
            self.tokens.append(")")
        else:
            self.word(word)

    def word(self, word: str) -> None:
        if len(word) == 1 and word.islower() and word != "e":
            self.var(word)  # \mathrm{x} (a random variable), \mathrm{d}x: a name like x
        elif len(word) == 1 and word.isdigit():
            self.tokens.append(word)
        elif len(word) == 1 and word.isalpha():
            self.tokens.append(word)  # \mathrm{E}, \mathrm{T}: a fixed letter
        elif word:
            self.tokens.append(SYNONYMS.get(word, word))

    def delimiter(self, text: str) -> None:
        if text == "\\|":  # \left\| is a norm bar
            self.tokens.append("‖")
        elif text != ".":
            name = text.lstrip("\\")
            self.tokens.append(SYNONYMS.get(name, name))

    def sym(self, node: Sym) -> None:
        text = node.text
        if node.kind == "letter":
            self.var(text)
        elif node.kind == "number":
            self.tokens.append(text)
        elif node.kind == "cmd":
            if text in DROPPED:
                return
            if text == "Pr":
                self.var("P")  # \Pr(A) is P(A)
                return
            if text == "|":  # \| is a norm bar; a plain | is conditioning or absolute value
                self.tokens.append("‖")
                return
            if text in GREEK_NAMES:
                self.var(SYNONYMS.get(text, text))
            else:
                self.tokens.append(SYNONYMS.get(text, text))
        elif text == ";" and self.depth > 0:
            self.tokens.append("|")  # p(x; θ) is p(x | θ): the density given its parameters
        elif text not in DROPPED or text in (",", "!"):  # a comma separates; k! is a factorial
            self.tokens.append(SYNONYMS.get(text, text))

    def command(self, node: Command) -> None:
        name = SYNONYMS.get(node.name, node.name)
        if name in TRANSPARENT_FONTS:
            self.row(node.args[0])
            return
        if name in ("mathbb", "mathcal", "mathscr", "mathfrak"):
            inner = node.args[0]
            letter = inner[0].text if len(inner) == 1 and isinstance(inner[0], Sym) else None
            if letter in FIXED_FONT_LETTERS:
                self.tokens.append(f"{name}:{letter}")
            elif letter is not None:
                self.var(f"{name}:{letter}")
            else:
                self.row(inner)
            return
        if name == "underset" and len(node.args) == 2:
            # `\underset{θ}{\arg\max}`, `\underset{x∼p}{𝔼}`: the operator with its subscript
            self.row(node.args[1])
            self.tokens.append("_(")
            self.row(node.args[0])
            self.tokens.append(")")
            return
        self.tokens.append(name + "(")
        for index, arg in enumerate(node.args):
            if index:
                self.tokens.append(")(")
            self.row(arg)
        self.tokens.append(")")

    def scripts(self, node: Scripts) -> None:
        base = node.base
        euler = (isinstance(base, Sym) and base.text == "e") or (
            isinstance(base, Text) and _text_token(base.text) == "e"
        )
        if euler and node.sup is not None and node.sub is None:
            self.tokens.append("exp(")
            self.row(node.sup)
            self.tokens.append(")")
            return
        divergence = _divergence(base, node.sub)
        if divergence and node.sup is None:
            self.tokens.append(divergence)  # D_{KL}(p ‖ q) is KL(p ‖ q)
            return
        if base is not None:
            self.node(base)
        self.tokens.extend(["'"] * node.primes)
        if node.sup is not None and all(isinstance(n, Sym) and n.text == "prime" for n in node.sup):
            self.tokens.extend(["'"] * len(node.sup))  # s^{\prime} is s'
            return
        if node.sub is not None:
            self.tokens.append("_(")
            letters = [n.text for n in node.sub if isinstance(n, Sym) and n.kind == "letter"]
            if len(letters) == len(node.sub) >= 3:
                self.word("".join(letters).lower())  # T_{cur}, d_{model}: a word, as \text{cur}
            else:
                self.row(node.sub)
            self.tokens.append(")")
        if node.sup is not None:
            if is_transpose(node.sup):
                self.tokens.append("^T")
            else:
                self.tokens.append("^(")
                self.row(node.sup)
                self.tokens.append(")")


CASE_WORDS = {"if", "for", "when", "else"}
COMPLEMENT = {">": "le", "<": "ge", "ge": "<", "le": ">", "=": "ne", "ne": "="}
MIRROR = {">": "<", "ge": "le"}


def _cases(rows: list[list[list[str]]]) -> list[list[list[str]]]:
    """One way to write a case: `x, & \\text{if } x > 0` is `x & x > 0`; `0 < x` is `x > 0`
    written the other way round; and a last condition that is the first one's complement
    is `otherwise` (`0 & j ≤ i \\\\ −∞ & j > i`)."""
    out: list[list[list[str]]] = []
    for cells in rows:
        cells = [cell[:-1] if cell[-1:] in ([","], ["."]) else list(cell) for cell in cells]
        if len(cells) == 2:
            condition = cells[1]
            while condition[:1] and condition[0] in CASE_WORDS:
                condition = condition[1:]
            if condition in (["else"], ["otherwise"]):
                condition = ["otherwise"]
            cells[1] = _one_way(condition)
        out.append(cells)
    if (
        len(out) == 2
        and all(len(c) == 2 for c in out)
        and out[1][1] == _one_way(_complement(out[0][1]))
    ):
        out[1][1] = ["otherwise"]
    return out


def _relation_at(condition: list[str]) -> int | None:
    depth, found = 0, None
    for i, token in enumerate(condition):
        depth += token.endswith("(") and token != ")("
        depth -= token == ")"
        if depth == 0 and token in COMPLEMENT:
            if found is not None:
                return None  # a < x < b: not one comparison
            found = i
    return found


def _one_way(condition: list[str]) -> list[str]:
    at = _relation_at(condition)
    if at is None or condition[at] not in MIRROR:
        return condition
    return [*condition[at + 1 :], MIRROR[condition[at]], *condition[:at]]


def _complement(condition: list[str]) -> list[str]:
    at = _relation_at(condition)
    if at is None:
        return ["?"]
    return [*condition[:at], COMPLEMENT[condition[at]], *condition[at + 1 :]]


FUNCTION_TOKENS = {name.lower() for name in FUNCTIONS | set(NUMPY_FUNCTIONS)} | {"argmax", "argmin"}


def _merged(tokens: list[str]) -> list[str]:
    """`\\exp (` and `e^{…}` both become `exp(`; `\\mathbb{E}`, `\\operatorname{E}` become `E`."""
    out: list[str] = []
    for token in tokens:
        if token in ("mathbb:E", "E", "e") and out and out[-1] == "mathop":
            out.pop()
        if token == "mathbb:E":
            token = "E"
        if token in ("max", "min") and out and out[-1] == "arg":
            out[-1] = "arg" + token  # \arg\max, \operatorname*{arg\,max}, argmax: one operator
            continue
        if token == "0.5":
            out += ["frac(", "1", ")(", "2", ")"]  # 0.5 x is x/2
            continue
        if token == "sigmoid":
            out.append("fn:sigma")  # sigmoid(x) is σ(x)
            continue
        if token == "(" and out and out[-1] in FUNCTION_TOKENS:
            out[-1] += "("
            continue
        out.append(token)
    return _inner_products(out)


def _inner_products(tokens: list[str]) -> list[str]:
    """⟨u, v⟩ is uᵀv."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "<":
            close = next((j for j in range(i + 1, len(tokens)) if tokens[j] in ("<", ">")), None)
            inside = tokens[i + 1 : close] if close is not None and tokens[close] == ">" else []
            if inside.count(",") == 1:
                comma = inside.index(",")
                left, right = inside[:comma], inside[comma + 1 :]
                if left and right:
                    out += [*_operand(left), "^T", *_operand(right)]
                    i = close + 1  # type: ignore[operator]
                    continue
        out.append(tokens[i])
        i += 1
    return out


def _operand(tokens: list[str]) -> list[str]:
    if _is_name(tokens[0]) and (len(tokens) == 1 or (tokens[1] == "_(" and tokens[-1] == ")")):
        return tokens
    return ["(", *tokens, ")"]


def _unpunctuated(tokens: list[str]) -> list[str]:
    """A comma separates arguments (`max(0, x)`); one that ends a line or a case is
    punctuation."""
    return [
        t
        for t, after in zip(tokens, [*tokens[1:], ";"], strict=False)
        if t != "," or after not in (";", ",", ")", "]", "}")
    ]


def _double_bars(tokens: list[str]) -> list[str]:
    """`q ‖ p` typed as two bars, `D(q || p)`, is the divergence's `‖`; not when a bar is
    already open at that depth (`|A||B|` is two absolute values)."""
    out: list[str] = []
    bars = [0]  # bars seen at each bracket depth
    for token in tokens:
        if token == "|" and out and out[-1] == "|" and bars[-1] == 1:
            out[-1] = "‖"  # the first bar at this depth, and a second right after it
            bars[-1] = 0
            continue
        if token == "|":
            bars[-1] += 1
        elif (token.endswith("(") and token != ")(") or token == "[":
            bars.append(0)
        elif token in (")", "]") and len(bars) > 1:
            bars.pop()
        out.append(token)
    return out


def _renamed(tokens: list[str]) -> tuple[str, ...]:
    return _renamed_with_names(tokens)[0]


def _renamed_with_names(tokens: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Canonical tokens with names renamed v1, v2, … by first appearance, and the written
    name behind each (`v:mu` for v1 …)."""
    names: dict[str, str] = {}
    out = []
    for token in _normalised(_double_bars(_unpunctuated(_merged(tokens)))):
        if token.startswith("v:"):
            out.append(names.setdefault(token, f"v{len(names) + 1}"))
        else:
            out.append(token)
    return tuple(out), tuple(names)


RELATIONS = {"=", "leftarrow", "approx", "ge", "le", "propto", "equiv", ":="}
INEQUALITIES = {"ge", "le"}
INDEXED = {
    "sum",
    "prod",
    "max(",
    "min(",
    "max",
    "min",
    "E",
    "log",
    "log(",
    "argmax",
    "argmin",
}
BRACKET_OPEN = {"{": "(", "[": "("}
BRACKET_CLOSE = {"}": ")", "]": ")"}


def _group_end(form: tuple[str, ...], start: int) -> int:
    """The index after the `)` closing the group opened at `start` (`_(`, `^(`, `(` …)."""
    depth = 0
    for i in range(start, len(form)):
        token = form[i]
        if token.endswith("(") or token == ")(":
            depth += token != ")("
        if token == ")" or token.startswith(")"):
            depth -= token == ")"
            if depth == 0:
                return i + 1
    return len(form)


@lru_cache(maxsize=16384)
def loose(form: tuple[str, ...]) -> tuple[str, ...]:
    """A form with indices dropped: `x_i` and `p(x)` read as `x` and `p`, `∑_{i=1}^{n}` as
    `∑`, `log₂` as `log`, and every bracket as `(`, so `-∑ᵢ pᵢ log pᵢ` is `-∑ₓ p(x) log p(x)`."""
    tokens = _sums_as_norms(_applied_dropped(_unindexed(_bound_renamed(form))))
    bare = {t for t, after in zip(tokens, [*tokens[1:], ""], strict=False) if after != "'"}
    names: dict[str, str] = {}
    out: list[str] = []
    for index, (previous, t) in enumerate(zip(["", *tokens], tokens, strict=False)):
        if t == "'" and _is_variable(previous) and previous not in bare:
            continue  # λ' with no λ beside it is just a name; S' beside S is the next state
        after = tokens[index + 1] if index + 1 < len(tokens) else ""
        if _is_variable(t) or t in UPRIGHT_LETTERS or _word_name(t, after):
            t = names.setdefault(t, f"v{len(names) + 1}")
        out.append(t)
    return tuple(out)


_ENDS = {")", ")(", "+", "-", ",", ";"}
SQUARED = ["^(", "2", ")"]


def _ends_term(tokens: list[str], at: int) -> bool:
    return at == len(tokens) or tokens[at] in _ENDS


def _sums_as_norms(tokens: list[str]) -> list[str]:
    """With indices dropped, a sum of squares is a squared norm and a sum of absolute
    values an L1 norm: `∑ᵢ (yᵢ − ŷᵢ)²` is `‖y − ŷ‖²`, `∑ⱼ |wⱼ|` is `‖w‖₁`. (The root of a
    squared norm stays a root: a bare `‖x − z‖` says too little to name a distance.)"""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        start = i + 1
        if tokens[i] == "sum" and start < len(tokens):
            inner: list[str] = []
            if tokens[start] == "(":
                end = _group_end(tuple(tokens), start)
                inner = tokens[start + 1 : end - 1]
            elif _is_variable(tokens[start]):
                end, inner = start + 1, [tokens[start]]
            elif tokens[start] == "|" and "|" in tokens[start + 1 :]:
                end = tokens.index("|", start + 1) + 1
                if end - start > 2 and _ends_term(tokens, end):
                    out += ["‖", *tokens[start + 1 : end - 1], "‖", "_(", "1", ")"]
                    i = end
                    continue
            if inner and tokens[end : end + 3] == SQUARED and _ends_term(tokens, end + 3):
                out += ["‖", *inner, "‖", *SQUARED]
                i = end + 3
                continue
        out.append(tokens[i])
        i += 1
    return out


REDUCTIONS = ("sum", "E")  # an average or total over samples, in a loose form


@lru_cache(maxsize=16384)
def per_sample(form: tuple[str, ...]) -> tuple[str, ...] | None:
    body = _per_sample_body(form)
    return None if body is None else _renumbered(body)


def _per_sample_names(form: tuple[str, ...], names: tuple[str, ...]) -> tuple[str, ...]:
    """The written names behind `per_sample(form)`'s variables, `names` being `form`'s."""
    body = _per_sample_body(form) or ()
    seen: dict[str, None] = {}
    for token in body:
        if _is_variable(token) and int(token[1:].partition(".")[0]) <= len(names):
            seen.setdefault(names[int(token[1:].partition(".")[0]) - 1], None)
    return tuple(seen)


def _per_sample_body(form: tuple[str, ...]) -> tuple[str, ...] | None:
    """The per-sample term of a loss written as a mean, a total or an expectation over
    its data, in a loose form: `−(1/N) ∑ₙ [tₙ ln yₙ + …]`, `−∑ₙ {…}` and `−𝔼_{(x,y)∼D}[…]`
    all read `−[t ln y + …]`, so a loss is named however it is reduced (DPO for one pair is
    DPO). None when the form is not such a reduction over the whole of it (`𝔼[x] + c`)."""
    sign, body = (form[:1], form[1:]) if form[:1] == ("-",) else ((), form)
    stripped = False
    while body:
        if body[0] == "frac(" and _group_end(body, 0) == len(body):
            numerator, denominator = _fraction(body)
            if numerator[:1] != ("sum",) or not (
                len(denominator) == 1 and _is_variable(denominator[0])
            ):
                break  # (1/N) ∑: a count divides the total; anything else is another formula
            body, stripped = numerator, True
        elif body[0] == "(" and _group_end(body, 0) == len(body) and body[1] in REDUCTIONS:
            body = body[1:-1]
        elif body[0] in REDUCTIONS and len(body) > 1:
            rest = body[1:]
            if not (rest[0] == "(" and _group_end(rest, 0) == len(rest)) and _top_level_terms(rest):
                break  # `∑ x + c`: the sum is one term, not the whole
            body, stripped = rest, True
        else:
            break
    if not (stripped and body):
        return None
    if body[0] == "(" and _group_end(body, 0) == len(body):
        inner = body[1:-1]
        if not (sign and _top_level_terms(inner)):
            body = inner  # `−(a + b)` keeps its bracket, `(log σ(z))` needs none
    return (*sign, *body)


def _fraction(form: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """`frac( a )( b )` → (a, b)."""
    depth = 0
    for i, token in enumerate(form):
        if token == ")(" and depth == 1:
            return form[1:i], form[i + 1 : -1]
        if token.endswith("(") and token != ")(":
            depth += 1
        elif token == ")":
            depth -= 1
    return form, ()


def _top_level_terms(form: tuple[str, ...]) -> bool:
    """Whether a `+` or `−` outside every bracket splits the form into terms."""
    depth = 0
    for i, token in enumerate(form):
        if token.endswith("(") and token != ")(":
            depth += 1
        elif token == ")":
            depth -= 1
        elif depth == 0 and i > 0 and token in ("+", "-"):
            return True
    return False


def _renumbered(form: tuple[str, ...]) -> tuple[str, ...]:
    names: dict[str, str] = {}
    return tuple(names.setdefault(t, f"v{len(names) + 1}") if _is_variable(t) else t for t in form)


def _word_name(token: str, after: str) -> bool:
    """A word used as a quantity (`\\text{margin}`, `\\mathrm{precision}`, `fan_in`) is a
    name like `m` or `P`; not a function applied (`\\mathrm{KL}(…)`) nor a case's marker."""
    marker = token in CASE_WORDS or token in CONNECTIVES or token in ("otherwise", "then")
    return (
        _is_word(token)
        and not marker
        and after not in ("(", "_(")
        and token not in _symbol_commands()  # ⊙, ∩, ∼, ∂ … spelt as commands
    )


@cache
def _symbol_commands() -> frozenset[str]:
    from tutor.latex.unicode import GLYPHS

    return frozenset(GLYPHS) | {"partial", "infty", "nabla", "dots", "ldots", "cdots"}


def _bound_renamed(form: tuple[str, ...]) -> tuple[str, ...]:
    """The name a max or an arg max ranges over is a dummy: `max_a Q(s', a)` and
    `max_{a'} Q(s', a')` are one thing, so after `max_(…)` it gets one fresh name (`v0`)."""
    out = list(form)
    for i, token in enumerate(form):
        if token not in ("max", "min", "argmax", "argmin") or form[i + 1 : i + 2] != ("_(",):
            continue
        end = _group_end(form, i + 1)
        inside = form[i + 2 : end - 1]
        if not inside or not _is_variable(inside[0]):
            continue
        name, primed = inside[0], inside[1:2] == ("'",)
        j = i
        while j < len(out):
            if out[j] == name and (j + 1 < len(out) and out[j + 1] == "'") == primed:
                out[j] = "v0"
                if primed:
                    del out[j + 1]
            j += 1
        break  # one bound name per form: enough for the update rules that use it
    return tuple(out)


def _bracketed_indices(form: tuple[str, ...]) -> tuple[str, ...]:
    """`h^{⟨t−1⟩}`, `x^{(t)}` and `h_{⟨t−1⟩}` index like `h_{t−1}`, `x_t`: written as one."""
    out: list[str] = []
    i = 0
    while i < len(form):
        token = form[i]
        if token in ("^(", "_(") and i + 1 < len(form) and form[i + 1] in ("(", "<"):
            end = _group_end(form, i)
            close = ")" if form[i + 1] == "(" else ">"
            inner = form[i + 2 : end - 1]
            label = len(inner) == 2 and _is_word(inner[0])  # x^{(test)}: dropped below
            if inner[-1:] == (close,) and close not in inner[:-1] and not label:
                out += ["_(", *inner[:-1], ")"]
                i = end
                continue
        out.append(token)
        i += 1
    return tuple(out)


def _steps(form: tuple[str, ...]) -> dict[str, set[tuple[str, ...]]]:
    """For each name, the subscripts it is written with (`()` for none): `V(S_{t+1}) − V(S_t)`
    uses S at two steps, `θ_{t−1} − α ĝ` uses θ at one."""
    steps: dict[str, set[tuple[str, ...]]] = {}
    for i, token in enumerate(form):
        if _is_variable(token):
            index: tuple[str, ...] = ()
            if form[i + 1 : i + 2] == ("_(",):
                index = form[i + 2 : _group_end(form, i + 1) - 1]
            steps.setdefault(token, set()).add(index)
    return steps


def _unindexed(form: tuple[str, ...], *, in_step: bool = False) -> list[str]:
    if not in_step:
        form = _bracketed_indices(form)
    steps = _steps(form)
    out: list[str] = []
    i = 0
    while i < len(form):
        token = form[i]
        previous = out[-1] if out else ""
        indexed = (
            _is_variable(previous)
            or previous in INDEXED
            or previous == ")"
            or _is_word(previous)
            or previous in FUNCTION_TOKENS
        )
        if token == "^(":
            end = _group_end(form, i)
            inside = list(form[i + 1 : end - 1])
            if inside[:1] == ["("] and ")" in inside:  # x^{(i)}, X^{(train)⊤}: a label
                inside = inside[inside.index(")") + 1 :]
                if not inside:
                    i = end
                    continue
                if inside in (["top"], ["T"], ["^T"]):
                    out.append("^T")
                    i = end
                    continue
            if len(inside) == 1 and _is_word(inside[0]):
                i = end  # β^{new}, f^{reg}, L^{CLIP}: a word up there is a label
                continue
        if token == "_(" and in_step:
            end = _group_end(form, i)  # α_{τ_{i−1}} is α_{i−1}: the step is what counts
            if _is_variable(previous):
                out[-1:] = _unindexed(form[i + 1 : end - 1], in_step=True)
            i = end
            continue
        if token in ("_(", "^(") and indexed and (token == "_(" or previous in ("sum", "prod")):
            end = _group_end(form, i)
            inside = list(form[i + 1 : end - 1])
            stepped = token == "_(" and any(t in ("+", "-") for t in inside)
            if stepped and len(steps.get(previous, ())) == 1:
                stepped = False  # θ_{t−1} alone is θ's value before: `θ ← θ − …` says as much
            if not stepped or previous in INDEXED:  # v_{k+1} ← … v_k is an update: kept
                if (
                    token == "_("
                    and _is_variable(previous)
                    and len(inside) == 1
                    and (_is_word(inside[0]) or inside[0] in ("max", "min"))
                ):
                    out[-1] = f"{previous}.{inside[0]}"  # η_max and η_min: two names
                i = end
                continue
            out += ["_(", *_unindexed(form[i + 1 : end - 1], in_step=True), ")"]
            i = end
            continue
        if token == "frac(" and form[i + 1 : i + 3] == ("1", ")("):
            end = _group_end(form, i)  # 1/x and x⁻¹ are one thing
            inner = _unindexed(("(", *form[i + 3 : end - 1], ")"), in_step=in_step)
            out.extend([*inner, "^(", "-", "1", ")"])
            i = end
            continue
        if token in ("sum", "prod", "E") and previous == token:
            i += 1  # ∑_x ∑_y is one sum over the pairs (x, y): ∑_{x,y}; 𝔼_x 𝔼_y is 𝔼_{x,y}
            continue
        token = BRACKET_OPEN.get(token, BRACKET_CLOSE.get(token, token))
        if token == "(" and previous in FUNCTION_TOKENS:
            out[-1] = previous + "("  # max{0, z} as max(0, z)
        else:
            out.append(token)
        i += 1
    return out


def _applied_dropped(tokens: list[str]) -> list[str]:
    """`p(x)` → `p`, once indices are gone (`p(x_i)` too), unless `x` is also used on its
    own: `F(x) + x` is not `F + x`."""

    def applied(i: int) -> bool:
        return (
            tokens[i] == "("
            and i > 0
            and _is_variable(tokens[i - 1])
            and i + 2 < len(tokens)
            and _is_variable(tokens[i + 1])
            and tokens[i + 2] == ")"
        )

    arguments = {i + 1 for i in range(len(tokens)) if applied(i)}
    alone = {t for i, t in enumerate(tokens) if _is_variable(t) and i not in arguments}
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if applied(i) and tokens[i + 1] not in alone and _is_variable(out[-1]):
            i += 3
            continue
        out.append(tokens[i])
        i += 1
    return out


# what stands above a name as a label, never as a power: a word (`new`, `reg`, `clip`) but
# not an operator that happens to be spelt with letters
NOT_LABELS = {"top", "dagger", "infty", "prime", "ast", "star", "circ", "perp", "intercal"}


def _is_word(token: str) -> bool:
    return (
        len(token) > 1
        and token.isalpha()
        and token not in GREEK_NAMES
        and token not in NOT_LABELS
        and token not in FUNCTION_TOKENS
        and token not in REST_OPERATORS
        and token not in RELATIONS
    )


# an upright letter (the d of dt written \mathrm{d}, the x of a random variable \mathrm{x})
# is a name like any other once indices are dropped
UPRIGHT_LETTERS = {chr(c) for c in range(ord("a"), ord("z") + 1)} - {"e"}


class Forms(Plain):
    """A formula as canonical tokens: whole, and the sides right of its first relation.
    A plain record (not a dataclass): the bank's index holds hundreds, unpickled by every
    one-shot `tutor explain`."""

    __slots__ = ("names", "right", "whole")
    _fields = ("whole", "right", "names")

    def __init__(
        self,
        whole: tuple[str, ...],
        right: tuple[tuple[str, ...], ...],  # never the left-hand side: a name alone says nothing
        # the written name behind each v1, v2, … of the whole and of each right side
        names: tuple[tuple[str, ...], ...] = (),
    ) -> None:
        self.whole, self.right, self.names = whole, right, names

    def __getitem__(self, index: int) -> tuple[str, ...]:
        """`forms[0]` is the whole formula, then the right-hand sides (the old list shape)."""
        return (self.whole, *self.right)[index]


def canonical_forms(nodes: list[Node]) -> Forms:
    """The whole formula, and each side after a top-level relation, as canonical tokens."""
    from tutor.offline.translate import spell_functions

    canon = _Canon()
    sides: list[list[str]] = [[]]
    relations: list[str] = []
    first_statement = True
    depth = 0
    spelled = spell_functions(nodes)
    for index, node in enumerate(spelled):
        after = spelled[index + 1] if index + 1 < len(spelled) else None
        bracket = node.base if isinstance(node, Scripts) else node  # `)_i` closes too
        if isinstance(bracket, Sym) and bracket.kind in ("char", "cmd"):
            depth += (bracket.text in ("(", "[", "{", "lbrace", "langle")) - (
                bracket.text in (")", "]", "}", "rbrace", "rangle")
            )
        if (
            isinstance(node, Sym)
            and node.text in (",", "quad", "qquad")
            and len(sides) > 1
            and depth <= 0
        ):
            first_statement = False  # `z = μ + σε, ε ∼ 𝒩(0, I)`: only the first statement
        if (
            isinstance(node, Text)
            and _text_token(node.text) in CONNECTIVES
            and len(sides) > 1
            and depth <= 0
        ):
            first_statement = False  # `z = μ + σ ⊙ ε \text{ and } ε ∼ 𝒩(0, I)`
        before = len(canon.tokens)
        if isinstance(node, Sym) and _applied_greek(node, after):
            canon.tokens.append("fn:" + node.text)  # σ(x) and Φ(x) are different functions
        else:
            canon.node(node)
        added = canon.tokens[before:]
        if not first_statement:
            continue
        if len(added) == 1 and added[0] in RELATIONS and depth <= 0:
            sides.append([])
            relations.append(added[0])
        else:
            sides[-1].extend(added)
    if len(sides) > 1 and sides[0][:1] == ["-"] and len(sides[0]) > 1:
        # −D_KL(q ‖ p) = ½ ∑ (…) is D_KL(q ‖ p) = −½ ∑ (…): the sign goes to the right
        sides = [sides[0][1:], *(["-", "(", *side, ")"] if side else side for side in sides[1:])]
    if len(sides) == 2 and relations[0] in INEQUALITIES and all(sides):
        # an inequality is one statement, read one way (b ≥ a is a ≤ b); neither side
        # alone is it: log 𝔼[X] ≤ 𝔼[log X] is not Jensen's log 𝔼[X] ≥ 𝔼[log X]
        low, high = sides if relations[0] == "le" else sides[::-1]
        whole, whole_names = _renamed_with_names([*low, "le", *high])
        return Forms(whole, (), (whole_names,))
    whole, whole_names = _renamed_with_names(canon.tokens)
    renamed = [_renamed_with_names(side) for side in sides[1:] if side]
    right = tuple(form for form, _ in renamed)
    return Forms(whole, right, (whole_names, *(names for _, names in renamed)))


CONNECTIVES = {"and", "where", "with", "for", "s.t.", "st", "given", "wherein"}


def _left_name(nodes: list[Node]) -> str | None:
    """The name a statement defines: the base of its left-hand side (`r` of `r_t(θ) = …`)."""
    from tutor.offline.translate import spell_functions

    nodes = spell_functions(nodes)
    cut = _first_relation(nodes)
    if not cut:
        return None
    return _base_name(nodes[0])


def _head(node: Node) -> str:
    """A symbol's name and whether it has a subscript, power and accent aside: `σ_` of
    `σ_n^2`, `m_` of `\\hat{m}_t` and of `m_{t-1}`, `σ` of `σ^2`. A bare `σ` and the noise
    `σ_n` are two symbols; `θ_{t+1}` and `θ_t` one at two steps."""
    from tutor.latex.serialize import to_latex

    if isinstance(node, Scripts) and node.base is not None:
        base = _base_name(node.base) or to_latex([node.base])
        return base + ("_" if node.sub else "")
    return _base_name(node) or to_latex([node])


def _left_head(nodes: list[Node]) -> str | None:
    """The symbol a statement defines as written (`r_{t}` of `r_t(θ) = …`)."""
    return _head(nodes[0]) if nodes else None


def _written_symbols(nodes: list[Node]) -> set[str]:
    """Every symbol on the right of the first relation, as written (see `_head`)."""
    from tutor.latex.tree import walk

    cut = _first_relation(nodes)
    right = nodes[cut + 1 :] if cut is not None else nodes
    scripted = {id(n.base) for n in walk(right) if isinstance(n, Scripts)}
    return {
        _head(n)
        for n in walk(right)
        if isinstance(n, (Scripts, Sym, Command, Text)) and id(n) not in scripted
    }


def _first_relation(nodes: list[Node]) -> int | None:
    """Where a statement's first relation (`=`, `←`, `≈`, …) is, if it has one."""
    return next(
        (i for i, n in enumerate(nodes) if isinstance(n, Sym) and n.text in RELATION_TEXTS), None
    )


def _base_name(node: Node) -> str | None:
    while True:
        if isinstance(node, Scripts) and node.base is not None:
            node = node.base
        elif isinstance(node, Command) and node.args and len(node.args[0]) == 1:
            node = node.args[0][0]
        elif isinstance(node, Group) and len(node.body) == 1:
            node = node.body[0]
        else:
            break
    if isinstance(node, Sym) and node.kind in ("letter", "cmd"):
        return node.text
    if isinstance(node, Text):
        return _text_token(node.text)
    return None


ACCENTS = {
    "hat",
    "bar",
    "tilde",
    "widehat",
    "widetilde",
    "overline",
    "dot",
    "ddot",
    "check",
    "breve",
}


def _symbol_name(node: Node) -> str | None:
    """A name with its accent: `hat:m` for `\\hat{m}_t`, `m` for `\\mathbf{m}_t` (a font is
    not a new symbol; an accent is: x̂ is computed from x)."""
    while isinstance(node, Scripts) and node.base is not None:
        node = node.base
    if isinstance(node, Command) and node.name in ACCENTS and node.args and len(node.args[0]) == 1:
        inner = _symbol_name(node.args[0][0])
        return f"{node.name}:{inner}" if inner else None
    return _base_name(node)


def left_symbol(nodes: list[Node]) -> str | None:
    """The symbol a statement defines, accent and all (`hat:x` of `x̂ᵢ ← …`)."""
    cut = _first_relation(nodes)
    if not cut:
        return None
    from tutor.offline.translate import spell_functions

    return _symbol_name(spell_functions(nodes[:cut])[0])


def used_symbols(nodes: list[Node]) -> set[str]:
    """Every symbol used on the right of the first relation, accents kept (see `left_symbol`)."""
    cut = _first_relation(nodes)
    found: set[str] = set()

    def visit(items: list[Node]) -> None:
        for node in items:
            if isinstance(node, Command) and node.name in ACCENTS:
                name = _symbol_name(node)
                if name:
                    found.add(name)
                continue
            if isinstance(node, Scripts):
                if node.base is not None:
                    visit([node.base])
                for part in (node.sub, node.sup):
                    if part:
                        visit(part)
                continue
            name = _base_name(node) if isinstance(node, (Sym, Text)) else None
            if name:
                found.add(name)
            if isinstance(node, Command):
                name = _base_name(node)
                if name:
                    found.add(name)
                for arg in node.args:
                    visit(arg)
            elif isinstance(node, (Group, Fenced)):
                visit(node.body)
            elif isinstance(node, Environment):
                for row in node.rows:
                    for cell in row:
                        visit(cell)

    visit(nodes[cut + 1 :] if cut is not None else nodes)
    return found


def _used_names(nodes: list[Node]) -> set[str]:
    """Every base name used on the right of the first relation."""
    from tutor.latex.tree import walk

    cut = _first_relation(nodes)
    right = nodes[cut + 1 :] if cut is not None else nodes
    names = {_base_name(n) for n in walk(right)}
    return {n for n in names if n}


RELATION_TEXTS = {"=", "leftarrow", "gets", "coloneqq", "triangleq", "doteq", "approx", "propto"}


GENERIC = {
    "(",
    ")",
    "_(",
    "^(",
    ")(",
    ",",
    "[",
    "]",
    "frac(",
    "1",
    "2",
    "=",
    "-",
    "+",
    "sum",
    "^T",
    "'",
    "|",
    "sqrt(",
    "0",
    "dots",
    ";",
    "{",
    "}",
    "leftarrow",
    "&",
}
BRACKETS = {"(", ")", "_(", "^(", ")(", ",", "[", "]", "{", "}", ";", "&"}


def _is_variable(token: str) -> bool:
    # `v3.max`: a name with a word label, inside `loose` only (η_max is not η_min)
    return token.startswith("v") and token[1:].partition(".")[0].isdigit()


def features(form: tuple[str, ...]) -> frozenset[str]:
    """The distinctive tokens of a form: operators and names, not variables or brackets."""
    return frozenset(t for t in form if not _is_variable(t)) - GENERIC


def _structure(form: tuple[str, ...]) -> int:
    """How much a form says beyond its variables: operators and constants, not brackets."""
    return sum(1 for t in form if not _is_variable(t) and t not in BRACKETS)


def _bigrams(form: tuple[str, ...]) -> dict[tuple[str, str], int]:
    abstract = list(form)  # variables keep their roles: log q(x) is not log p(x)
    counts: dict[tuple[str, str], int] = {}
    for pair in itertools.pairwise(abstract):
        counts[pair] = counts.get(pair, 0) + 1
    return counts


def _dice(a: dict[tuple[str, str], int], b: dict[tuple[str, str], int]) -> float:
    shared = sum(min(count, b.get(key, 0)) for key, count in a.items())
    total = sum(a.values()) + sum(b.values())
    return 2 * shared / total if total else 0.0


class Recognition(Plain):
    __slots__ = ("agree", "candidates", "differ", "exact", "formula", "part", "parts", "score")
    _fields = ("formula", "exact", "score", "agree", "differ", "part", "candidates", "parts")

    def __init__(
        self,
        formula: Formula,
        exact: bool,
        score: float,
        agree: tuple[str, ...] = (),  # for "looks like": parts both have
        differ: tuple[str, ...] = (),  # parts only one has ("+x" yours, "-x" the bank's)
        part: bool = False,  # the input is a component of the formula (PPO's r_t)
        candidates: tuple[str, ...] = (),  # every bank formula with this exact form, in order
        parts: tuple[str, ...] = (),  # the candidates this form is only a part of
    ) -> None:
        self.formula, self.exact, self.score = formula, exact, score
        self.agree, self.differ, self.part, self.candidates = agree, differ, part, candidates
        self.parts = parts


class _BankForm(Plain):
    """One variant of a bank formula with its measures (a plain record, as `Forms`)."""

    __slots__ = (
        "bigrams",
        "features",
        "forms",
        "formula",
        "left_arity",
        "operators",
        "part",
        "target",
        "updates",
    )  # fmt: skip
    _fields = (
        "formula", "forms", "left_arity", "part", "target", "features", "operators", "bigrams",
        "updates",
    )  # fmt: skip

    def __init__(
        self,
        formula: Formula,
        forms: Forms,
        left_arity: int | None,
        part: bool,  # a component the formula uses (PPO's ratio r_t), not the formula itself
        target: tuple[str, ...],  # what a resemblance is measured against: the last right side
        features: frozenset[str],
        operators: frozenset[str],
        bigrams: dict[tuple[str, str], int],
        updates: bool | None = None,  # the left-hand name is used on the right (`g ← … g …`)
    ) -> None:
        self.formula, self.forms, self.left_arity, self.part = formula, forms, left_arity, part
        self.target, self.features, self.operators = target, features, operators
        self.bigrams, self.updates = bigrams, updates


FormIndex = dict[tuple[str, ...], list[tuple[Formula, bool]]]
# the bank's right sides by their per-sample term (`per_sample`), each with whether a
# reduction was taken off it; parts are left out
PerSampleIndex = dict[tuple[str, ...], list[tuple[Formula, bool]]]
# a bank variant's LaTeX as typed (see `literal`), for the formulas it is (not parts of)
LiteralIndex = dict[str, list[str]]
BankIndex = tuple[
    list[_BankForm], FormIndex, FormIndex, FormIndex, FormIndex, PerSampleIndex, LiteralIndex
]


@cache
def _bank() -> BankIndex:
    """Every bank variant parsed once, with its measures, and the exact-match indexes:
    built on first use and kept in the data index, keyed by the bank's data files and the
    code that derives the forms (so a one-shot `tutor explain` does not re-derive them)."""
    from tutor.data_index import load_derived

    return load_derived("formula-bank", _derived_sources(), _build_bank)


@cache
def _derived_sources() -> list[bytes]:
    """The bank's data files and the code that derives forms from them: the key of what
    is derived from the bank and kept in the data index."""
    import os

    sources: list[bytes] = []
    for package in ("tutor.offline", "tutor.latex", "tutor.notation", "tutor.data"):
        folder = os.path.dirname(__import__(package, fromlist=["_"]).__file__ or "")
        for root, _dirs, files in sorted(os.walk(folder)):
            for name in sorted(files):
                if name.endswith((".py", ".json")):
                    with open(os.path.join(root, name), "rb") as handle:
                        sources.append(name.encode() + b"\0" + handle.read())
    return sources


def _build_bank() -> BankIndex:
    """Every bank variant parsed, with its measures, and two exact-match indexes:
    by whole formula and by right-hand side (a variant without a relation by its whole)."""
    from tutor.latex.macros import macros_for
    from tutor.latex.parser import parse
    from tutor.offline.evidence import split_statements

    entries: list[_BankForm] = []
    wholes: FormIndex = {}
    rights: FormIndex = {}
    loose_wholes: FormIndex = {}
    loose_rights: FormIndex = {}
    per_sample_rights: PerSampleIndex = {}
    literals: LiteralIndex = {}
    for formula in formula_bank().formulas:
        parsed: list[list[Node]] = []
        sources: list[str] = []
        several: list[bool] = []  # the variant states several things (`z = …, \quad ε ∼ …`)
        for latex in recognised_latex(formula):
            try:
                parsed.append(parse(latex, macros_for()))
            except LatexError:
                continue
            sources.append(latex)
            several.append(len(split_statements(latex)) > 1)
        main = _left_name(parsed[0]) if parsed else None
        used = _used_names(parsed[0]) if parsed else set()
        written = _written_symbols(parsed[0]) if parsed else set()
        main_forms = canonical_forms(parsed[0]) if parsed else None
        main_ops = features(main_forms.right[-1] if main_forms and main_forms.right else ())
        for latex, typed in zip(sources, parsed, strict=True):
            # typed as the bank types it: only a variant defining what the main one does
            # (Hebb's Δw), never one of its parts or inputs (CPC's score f_k in InfoNCE)
            if latex in formula.latex and main is not None and _left_name(typed) == main:
                ids = literals.setdefault(literal(latex), [])
                if formula.id not in ids:
                    ids.append(formula.id)
        for nodes, many in zip(parsed, several, strict=True):
            name = _left_name(nodes)
            forms = canonical_forms(nodes)
            ops = features(forms.right[-1] if forms.right else forms.whole)
            overlap = len(ops & main_ops) / len(ops | main_ops) if ops | main_ops else 0.0
            # a variant defining something the main formula uses, and computing it
            # differently (PPO's ratio r_t, GAE's δ_t, SimCLR's sim, the focal loss's p_t),
            # is a part of the formula; an equivalent form of the same thing is not
            part = (
                name is not None
                and main is not None
                and name != main
                and name in used
                and overlap < PART_OVERLAP
                # the same symbol, subscript and all: GP's σ²(x) is not the noise σ_n
                and _left_head(nodes) in written
            )
            target = forms.right[-1] if forms.right else forms.whole
            entries.append(
                _BankForm(
                    formula,
                    forms,
                    _left_arity(nodes),
                    part,
                    target,
                    features(target),
                    _operators(target),
                    _bigrams(target),
                    _updates(nodes),
                )
            )
            wholes.setdefault(forms.whole, []).append((formula, part))
            loose_wholes.setdefault(loose(forms.whole), []).append((formula, part))
            if many:
                continue  # its first statement alone is one line of it (evidence.line_index)
            for form in forms.right or (forms.whole,):
                rights.setdefault(form, []).append((formula, part))
                loose_rights.setdefault(loose(form), []).append((formula, part))
                term = per_sample(loose(form))
                if not part:
                    key = term or loose(form)
                    per_sample_rights.setdefault(key, []).append((formula, term is not None))
    return entries, wholes, rights, loose_wholes, loose_rights, per_sample_rights, literals


def _updates(nodes: list[Node]) -> bool | None:
    """Whether a statement updates its left-hand name (`θ ← θ − η∇L`, `g ← g v / ‖g‖`) rather
    than defines a new one (`w = g v / ‖v‖`); None without a left-hand side."""
    from tutor.offline.translate import spell_functions

    nodes = spell_functions(nodes)
    cut = _first_relation(nodes)
    if not cut:
        return None
    left = nodes[:cut]
    starts, depth = [], 0
    for i, n in enumerate(left):
        if isinstance(n, Sym):
            depth += (n.text in ("(", "[")) - (n.text in (")", "]"))
        if depth == 0 and (
            isinstance(n, Text) or (isinstance(n, Sym) and n.text in (":", ",", "quad", "qquad"))
        ):
            starts.append(i + 1)
    left = left[max(starts, default=0) :]  # `if ‖g‖ > v: g ← …` updates g
    name = _base_name(left[0]) if left else None
    return None if name is None else name in _used_names(nodes)


def _same_statement(updates: bool | None, formula: Formula, form: tuple[str, ...]) -> bool:
    """A right-hand side matched alone names a formula only if both statements are of one
    kind: an update of a name, or a definition of a new one."""
    if updates is None:
        return True
    for entry in _entries_of(formula.id):
        if form in entry.forms.right or form in {loose(r) for r in entry.forms.right}:
            if entry.updates is None or entry.updates == updates:
                return True
        elif not entry.forms.right and form in (entry.forms.whole, loose(entry.forms.whole)):
            return True
    return False


@cache
def _by_formula() -> dict[str, list[_BankForm]]:
    grouped: dict[str, list[_BankForm]] = {}
    for entry in _bank()[0]:
        grouped.setdefault(entry.formula.id, []).append(entry)
    return grouped


def _entries_of(formula_id: str) -> list[_BankForm]:
    """The bank's variants of one formula, with their measures."""
    return _by_formula().get(formula_id, [])


def _bank_forms() -> list[tuple[Formula, Forms]]:
    return [(entry.formula, entry.forms) for entry in _bank()[0]]


def _left_arity(nodes: list[Node]) -> int | None:
    """How many arguments the defined function takes: `H(P, Q) = …` → 2; None if no `f(…) =`."""
    from tutor.offline.translate import spell_functions

    nodes = spell_functions(nodes)
    for index, node in enumerate(nodes):
        if isinstance(node, Sym) and node.text in ("=", "leftarrow", "gets", "coloneqq"):
            left = nodes[:index]
            break
    else:
        return None
    body: list[Node] | None = None
    if len(left) == 2 and isinstance(left[1], Fenced):
        body = left[1].body
    elif len(left) >= 3 and isinstance(left[1], Sym) and left[1].text == "(":
        body = left[2:-1]
    if body is None:
        return None
    return 1 + sum(1 for n in body if isinstance(n, Sym) and n.text in (",", ";"))


PART_OVERLAP = 0.3  # distinctive features shared with the main form below which a variant is a part
MIN_WHOLE = 2  # a whole formula (both sides) matched token for token
MIN_RIGHT = 2  # a right-hand side alone must say more: `v1(v2)` is anything
MIN_RIGHT_PLAIN = 4  # … or be long, when it has only arithmetic
MIN_SHARED = 4  # several distinctive features in common for "looks like"
MIN_SCORE = 0.7
MARGIN = 0.1
DEBUG = False


def _says_enough(form: tuple[str, ...]) -> bool:
    """A right-hand side distinctive enough to name a formula on its own: an operator that
    is not mere arithmetic and some structure (`v − η ∇v`, `max(0, v)`), or a lot of
    arithmetic; never `v(v)` or `v + v`. A name used again is structure too: `x σ(x)` says
    more than `x σ(y)`; and two different operators over few names (`∑ |v|`) say enough."""
    size = _structure(form)
    names = [t for t in form if _is_variable(t)]
    reused = size + len(names) - len(set(names))
    operators = {t for t in form if not _is_variable(t) and t not in BRACKETS} - ARITHMETIC
    return (
        (reused >= MIN_RIGHT and bool(features(form)))
        or size >= MIN_RIGHT_PLAIN
        or (size >= MIN_RIGHT_PLAIN - 1 and len(operators) >= 2)
    )


ARITHMETIC = {"+", "-", "=", "0", "1", "2", "frac(", "^T", "'", "dots"}


def _exact(user: Forms, updates: bool | None = None) -> list[tuple[Formula, bool]] | None:
    """The same formula up to notation: token for token, then with indices dropped. Every
    bank formula with that form, token-for-token matches first."""
    _, wholes, rights, loose_wholes, loose_rights, _, _ = _bank()
    found: list[tuple[Formula, bool]] = []
    for index_wholes, index_rights, key in (
        (wholes, rights, lambda f: f),
        (loose_wholes, loose_rights, loose),
    ):
        strict = index_wholes is wholes
        whole = key(user.whole)
        # with indices dropped, a whole is as weak as its right side: `y = ∑ a b` is any
        # weighted sum, whatever the letters (an attention context, a mixture of experts),
        # unless the left-hand name comes back on the right (`w ← w + η x`, `p = ∑ p p`)
        says = bool(user.right) and (
            strict or _says_enough(key(user.right[-1])) or _left_reused(whole)
        )
        if says and _structure(whole) >= MIN_WHOLE and whole in index_wholes:
            found += [
                (f, p)
                for f, p in index_wholes[whole]
                if strict or _indices_agree(user.whole, f, whole)
            ]
        for original in (user.whole, *user.right):
            form = key(original)
            if form in index_rights and _says_enough(form):
                found += [
                    (f, p)
                    for f, p in index_rights[form]
                    if (strict or _indices_agree(original, f, form))
                    and (original is user.whole or _same_statement(updates, f, form))
                ]
    seen: set[str] = set()
    unique = [(f, p) for f, p in found if not (f.id in seen or seen.add(f.id))]  # type: ignore[func-returns-value]
    return unique or _same_per_sample(user)


def _same_per_sample(user: Forms) -> list[tuple[Formula, bool]] | None:
    """A loss matched by its per-sample term (see `per_sample`) when one side is reduced
    and the other is not, or differently: only a term that says a lot on its own (two
    distinctive operators and enough structure), and only when it names one formula."""
    per_sample_rights = _bank()[5]
    for original in reversed(user.right or (user.whole,)):
        form = loose(original)
        term = per_sample(form)
        key = term or form
        distinctive = len(features(key)) >= MIN_TERM_FEATURES or _structure(key) >= MIN_TERM
        if not (_says_enough(key) and distinctive):
            continue
        hits = [
            (f, stripped)
            for f, stripped in per_sample_rights.get(key, [])
            if term is not None or stripped
        ]
        ids = {f.id for f, _ in hits}
        if len(ids) == 1:
            return [(hits[0][0], False)]
    return None


MIN_TERM_FEATURES = 2  # a per-sample term names a loss with two distinctive operators …
MIN_TERM = 8  # … or with this much structure


def _loose_names(form: tuple[str, ...], names: tuple[str, ...]) -> tuple[str, ...]:
    """The written names behind the variables of `loose(form)`, in their loose order."""
    if not names:
        return ()
    written = {f"v{i + 1}": name for i, name in enumerate(names)}
    seen: dict[str, None] = {}
    for token in _applied_dropped(_unindexed(_bound_renamed(form))):
        base = token.partition(".")[0]
        if base in written:
            seen.setdefault(written[base], None)
    return tuple(seen)


def _swapped(form: tuple[str, ...], mine: tuple[str, ...], theirs: tuple[str, ...]) -> bool:
    """Whether a name the bank's variant also writes plays another role in the paste:
    `σ + μ ⊙ ε` against `μ + σ ⊙ ε` (μ and σ trade places). `form` is the form both have;
    `mine` and `theirs` the names behind its v1, v2, …. Names side by side (a product of
    letters, `y t` and `t y`) are compared as a group: their order is not a role."""
    if len(mine) != len(theirs):
        return False
    index = {f"v{i + 1}": i for i in range(len(mine))}
    # a bound index is a dummy (∑ₙ in one book, ∑ᵢ in another): never a role
    bound = {
        index[t]
        for i, token in enumerate(form)
        if token in BINDERS and form[i + 1 : i + 2] == ("_(",)
        for t in form[i + 2 : i + 3]
        if t in index
    }
    used = set(theirs) - INTERCHANGEABLE - {mine[i] for i in bound}
    run: list[int] = []
    for token in (*form, ""):
        base = token.partition(".")[0]
        if base in index:
            run.append(index[base])
            continue
        run = [i for i in run if i not in bound]
        ours = [mine[i] for i in run]
        bank = [theirs[i] for i in run]
        if sorted(ours) != sorted(bank) and any(a in used and a not in bank for a in ours):
            return True
        run = []
    return False


# letters with no convention for which is which: J_{f∘g} and J_{g∘f} are one chain rule
INTERCHANGEABLE = {"v:f", "v:g", "v:h", "v:F", "v:G", "v:H"}


def roles_kept(user: Forms, formula: Formula) -> bool:
    """Whether some variant of the formula that has the paste's form writes the names the
    paste shares with it in the same roles. A paste in letters of its own is free; one that
    swaps the formula's own letters (μ for σ, y_w for y_l, p for n) is not the formula."""
    pairs = [(user.whole, user.names[0] if user.names else ())]
    pairs += list(zip(user.right, user.names[1:], strict=False))
    compared = False
    for entry in _entries_of(formula.id):
        if not entry.forms.names:
            continue
        theirs = [(entry.forms.whole, entry.forms.names[0])]
        theirs += list(zip(entry.forms.right, entry.forms.names[1:], strict=False))
        for form, names in pairs:
            for their_form, their_names in theirs:
                if form == their_form:
                    compared = True
                    if not _swapped(form, names, their_names):
                        return True
                elif loose(form) == loose(their_form):
                    compared = True
                    mine = _loose_names(form, names)
                    theirs_loose = _loose_names(their_form, their_names)
                    if not _swapped(loose(form), mine, theirs_loose) and _labels_kept(
                        form, names, their_form, their_names
                    ):
                        return True
                else:
                    ours, theirs_form = loose(form), loose(their_form)
                    term = per_sample(ours) or ours
                    if term != (per_sample(theirs_form) or theirs_form):
                        continue
                    compared = True
                    mine = _loose_names(form, names)
                    theirs_loose = _loose_names(their_form, their_names)
                    if per_sample(ours):
                        mine = _per_sample_names(ours, mine)
                    if per_sample(theirs_form):
                        theirs_loose = _per_sample_names(theirs_form, theirs_loose)
                    if not _swapped(term, mine, theirs_loose) and _labels_kept(
                        form, names, their_form, their_names
                    ):
                        return True
    return not compared


# indices and steps: what dropping indices is for (l stays a label: DPO's y_l)
STEP_LETTERS = {"v:i", "v:j", "v:k", "v:m", "v:n", "v:t", "v:s", "v:T", "v:N", "v:K"}


def _labels(form: tuple[str, ...], names: tuple[str, ...]) -> list[str]:
    """The one-letter labels written as subscripts, in order (`w`, `l` of DPO's y_w, y_l);
    indices and steps (i, j, t, …) aside: they are what dropping indices is for."""
    out = []
    for k, token in enumerate(form[:-2]):
        if token == "_(" and _is_variable(form[k + 1]) and form[k + 2] == ")":
            number = int(form[k + 1][1:].partition(".")[0])
            if number <= len(names) and names[number - 1] not in STEP_LETTERS:
                out.append(names[number - 1])
    return out


def _labels_kept(
    form: tuple[str, ...],
    names: tuple[str, ...],
    theirs: tuple[str, ...],
    their_names: tuple[str, ...],
) -> bool:
    """Whether labels the bank writes (y_w before y_l) come in the same order in the paste:
    DPO with y_w and y_l swapped prefers the rejected answer."""
    mine, bank = _labels(form, names), _labels(theirs, their_names)
    common = set(mine) & set(bank)
    if len(common) < 2:
        return True

    def last(sequence: list[str]) -> list[str]:  # after the data's (x, y_w, y_l), the body
        return sorted(common, key=lambda n: max(i for i, x in enumerate(sequence) if x == n))

    return last(mine) == last(bank)


def _free_indices(whole: tuple[str, ...]) -> set[str]:
    """Indices on the right of `=` that nothing binds and the left does not write:
    `L = −∑ᵢ yᵢ log ŷⱼ` has j free (a value for each j the left side does not show)."""
    if "=" not in whole:
        return set()
    cut = whole.index("=")
    left, right = set(whole[:cut]), whole[cut + 1 :]
    bound = {
        right[k + 2]
        for k, token in enumerate(right[:-2])
        if token in BINDERS and right[k + 1] == "_("
    }
    return (
        {
            right[k + 1]
            for k, token in enumerate(right[:-2])
            if token == "_(" and _is_variable(right[k + 1]) and right[k + 2] == ")"
        }
        - bound
        - left
    )


INDEX_LETTERS = {"v:i", "v:j", "v:k", "v:l", "v:m", "v:n"}  # (s_y: y is a label, not an index)


def _free_agree(user: Forms, formula: Formula) -> bool:
    """A paste with an index nothing binds is only a formula that has one too."""
    names = user.names[0] if user.names else ()
    free = {names[int(v[1:]) - 1] for v in _free_indices(user.whole) if int(v[1:]) <= len(names)}
    if not free & INDEX_LETTERS:
        return True
    return any(_free_indices(entry.forms.whole) for entry in _entries_of(formula.id))


def _applied_head(left: tuple[str, ...]) -> str | None:
    """The known function a left-hand side applies, when it is just that: `σ(x)` → fn:sigma."""
    if len(left) < 3 or not (left[0].startswith("fn:") or left[0] in FUNCTION_TOKENS):
        return None
    start = 1 if left[0].startswith("fn:") else 0
    if left[0].startswith("fn:") and left[1] != "(":
        return None
    return left[0] if _group_end(left, start) == len(left) else None


def _left_agrees(user: Forms, formula: Formula) -> bool:
    """A paste defining a known function (`σ(x) = …`) is the formula only if a variant
    defines it too, or has no left side: `σ(x) = 1/(1 + eˣ)` is not the symmetry
    `1 − σ(x) = 1/(1 + eˣ)`, whose right side it shares."""
    if "=" not in user.whole:
        return True
    mine = user.whole[: user.whole.index("=")]
    head = _applied_head(mine)
    if head is None:
        return True
    used_inside = False
    for entry in _entries_of(formula.id):
        whole = entry.forms.whole
        if "=" not in whole:
            return True
        theirs = whole[: whole.index("=")]
        if _applied_head(theirs) == head or loose(whole) == loose(user.whole):
            return True
        used_inside = used_inside or head in theirs  # `1 − σ(x) = …`: an identity about σ
    return not used_inside


def _fixed_point(whole: tuple[str, ...]) -> bool:
    """`v_t = γ v_t + …`: the left-hand name, at the same step, on both sides of `=` — an
    equation for v_t, not a recursion from v_{t−1}."""
    if "=" not in whole:
        return False
    cut = whole.index("=")
    left, right = whole[:cut], whole[cut + 1 :]
    depth = 0
    for k, token in enumerate(right):  # the first statement only: `v_{t+1} = …, θ_{t+1} = …`
        depth += token.endswith("(") - (token == ")")
        if depth == 0 and token in (",", ";", "="):
            right = right[:k]
            break
    if (
        len(left) < 4
        or not _is_variable(left[0])
        or left[1] != "_("
        or _group_end(left, 1) != len(left)
    ):
        return False
    return any(right[k : k + len(left)] == left for k in range(len(right) - len(left) + 1))


def _steps_agree(user: Forms, formula: Formula) -> bool:
    """A fixed-point equation is only a formula that is one too."""
    if not _fixed_point(user.whole):
        return True
    return any(_fixed_point(entry.forms.whole) for entry in _entries_of(formula.id))


def is_bank_whole(user: Forms) -> bool:
    """Whether these forms, both sides, are a bank variant's (as written or indices dropped)."""
    _, wholes, _, loose_wholes, _, _, _ = _bank()
    return user.whole in wholes or loose(user.whole) in loose_wholes


_SPACING = re.compile(r"\\[,;:! ]|~|\\left\b|\\right\b|\s+")


def literal(latex: str) -> str:
    """LaTeX as typed, spacing and `\\left`/`\\right` aside: `\\Delta w_{ij} = \\eta\\, x_i y_j`."""
    return _SPACING.sub("", latex).rstrip(".,;")


def typed_as_bank(latex: str) -> Formula | None:
    """The bank formula a paste is typed exactly as (one of its variants, letter for
    letter): a product of letters like Hebb's `Δw_{ij} = η x_i y_j` says too little as a
    shape, but not as the bank's own spelling of it."""
    ids = _bank()[6].get(literal(latex), [])
    if len(ids) != 1:
        return None
    return next(f for f in formula_bank().formulas if f.id == ids[0])


def _says_more_than_letters(user: Forms) -> bool:
    """Whether a statement's shape alone can name a formula: its right side says enough
    (see `_says_enough`), or its left-hand name comes back on the right."""
    if not user.right:
        return True  # an expression alone is matched only when it says enough
    return _says_enough(loose(user.right[-1])) or _left_reused(loose(user.whole))


@lru_cache(maxsize=512)
def _variant_letters(formula_id: str) -> tuple[set[str], ...]:
    """The names each variant of a bank formula uses on its right side."""
    from tutor.latex.macros import macros_for
    from tutor.latex.parser import parse

    found: list[set[str]] = []
    for formula in formula_bank().formulas:
        if formula.id != formula_id:
            continue
        for latex in recognised_latex(formula):
            try:
                found.append(_used_names(parse(latex, macros_for())))
            except LatexError:
                continue
    return tuple(found)


TRANSPOSE_NAMES = {"top", "T", "intercal", "mathsf", "mathrm"}


def _letters_agree(used: set[str], formula_id: str) -> bool:
    """At least half the names of one of the formula's variants are the user's too, its
    matrices among them: `y = Wx + b` is a linear layer, `y = ax + b` a straight line."""
    for letters in _variant_letters(formula_id):
        letters = letters - TRANSPOSE_NAMES
        matrices = len(_capitals(letters))
        if letters and 2 * len(used & letters) >= len(letters) and len(_capitals(used)) >= matrices:
            return True
    return False


def _capitals(names: set[str]) -> set[str]:
    """The names written as capitals (`W`, `Σ`): matrices, most often."""
    return {name for name in names if name[:1].isupper() and name.isalpha()}


def _left_reused(whole: tuple[str, ...]) -> bool:
    """Whether a name of the left-hand side is used again on the right."""
    if "=" not in whole:
        return False
    cut = whole.index("=")
    left = {t for t in whole[:cut] if _is_variable(t)}
    return any(t in left for t in whole[cut + 1 :])


def _bound_use(form: tuple[str, ...]) -> tuple[bool, ...]:
    """For each index bound by a sum or product (`∑_j`, `∏_{i=1}^n`), whether anything after
    its subscript uses it: `∑_j e^{z_j}` → (True,), `∑_j e^{z_i}` → (False,)."""
    uses: list[bool] = []
    for i, token in enumerate(form):
        if token in ("sum", "prod") and i + 1 < len(form) and form[i + 1] == "_(":
            end = _group_end(form, i + 1)
            inside = form[i + 2 : end - 1]
            at = next((k for k, t in enumerate(inside) if _is_variable(t)), None)
            if at is not None:
                name = inside[at]
                primed = inside[at + 1 : at + 2] == ("'",)  # ∑_{j'} binds j', not j
                rest = form[end:]
                uses.append(
                    any(
                        t == name and (rest[k + 1 : k + 2] == ("'",)) == primed
                        for k, t in enumerate(rest)
                    )
                )
    return tuple(uses)


def _indices_agree(user: tuple[str, ...], formula: Formula, key: tuple[str, ...]) -> bool:
    """A match found with indices dropped holds only if the sums bind indices the same way:
    `e^{z_i} / ∑_j e^{z_j}` is softmax, `e^{z_i} / ∑_j e^{z_i}` is not (a sum over j of
    something that does not depend on j: it is 1/n). Anything else that dropping indices
    hides (`x_i` against a vector `x`, `∑_x p(x)` against `∑_i p_i`) is notation."""
    mine = _bound_use(user)
    for entry in _entries_of(formula.id):
        for form in (entry.forms.whole, *entry.forms.right):
            if loose(form) != key:
                continue
            theirs = _bound_use(form)
            if len(theirs) != len(mine) or (theirs == mine and _roles_agree(form, user)):
                return True
    return False


def _roles_agree(theirs: tuple[str, ...], mine: tuple[str, ...]) -> bool:
    """The bound names play the same roles in both (see `_index_roles`); unknown roles (a
    bracket indexed as a whole, `(ŷ − y)_i`) and differently split binders (`∑_{x,y}`
    against `∑_x ∑_y`) are not held against a match."""
    a, b = _index_roles(theirs), _index_roles(mine)
    if len(a) != len(b):
        return True
    return all(x == y or None in (x, y) for x, y in zip(a, b, strict=True))


BINDERS = ("sum", "prod", "max", "min", "argmax", "argmin")


def _index_roles(form: tuple[str, ...]) -> tuple[tuple[int, bool] | None, ...]:
    """For each name a sum, product, max or arg max binds: how many different names it
    indexes (`p_x` and `p(x)` alike), and whether it is also a value itself. Dropping indices hides both, and both
    are meaning: `∑_i (x_i − μ)²` (one indexed name: a variance) is not `∑_t (f_t − o_t)²`
    (two: a mean squared difference), `arg min_k ‖x − μ_k‖` (an index: the nearest centre)
    is not `arg min_p ‖p − z‖` (a value: a projection)."""
    form = _bracketed_indices(form)  # x^{(i)} indexes x as x_i does
    roles: list[tuple[int, bool] | None] = []
    for i, token in enumerate(form):
        if token not in BINDERS or form[i + 1 : i + 2] != ("_(",):
            continue
        end = _group_end(form, i + 1)
        bound = [t for t in form[i + 2 : end - 1] if _is_variable(t)][:1]
        if not bound:
            continue
        carriers: set[tuple[str, int]] = set()
        as_value = False
        opened: list[tuple[str, int]] = []  # (the group's token, what it belongs to)
        closed: tuple[str, int] = ("", -1)  # the group that closed just before
        for j in range(end, len(form)):
            t = form[j]
            if t == ")" or t == ")(":
                closed = opened.pop() if opened else ("", -1)
                if t == ")(":
                    opened.append((t, j))
                continue
            if t.endswith("("):
                owner = j - 1 if t == "_(" else -1
                if t == "_(" and j and form[j - 1] == ")":
                    owner = -2 - j  # an application's index: G(x)_i
                elif t == "(" and j and _is_variable(form[j - 1]):
                    t, owner = "_(", j - 1  # p(x) indexes p by x as p_x would
                elif t == "(" and j and form[j - 1] == ")" and closed[0] == "_(":
                    t, owner = "_(", closed[1]  # … and p_θ(x) too
                opened.append((t, owner))
                continue
            if t != bound[0]:
                continue
            inside = next((o for g, o in reversed(opened) if g == "_("), None)
            if inside is None:
                as_value = True
            else:
                carriers.add((form[inside] if inside >= 0 else ")", inside if inside < 0 else 0))
        grouped = any(name == ")" for name, _ in carriers)
        roles.append(None if grouped else (len(carriers), as_value))
    return tuple(roles)


def _operators(form: tuple[str, ...]) -> frozenset[str]:
    return frozenset(t for t in form if not _is_variable(t) and t not in BRACKETS)


def recognise(nodes: list[Node], forms: Forms | None = None) -> Recognition | None:
    """The bank formula this is (exact up to notation and names), or one it clearly resembles.

    Precision first: an exact match compares whole formulas or right-hand sides (never a
    left-hand side alone) with enough structure; a resemblance needs several distinctive
    features in common, a high score, and a clear margin over the next formula. `forms`:
    the canonical forms of `nodes`, when the caller has them already.
    """
    user = forms if forms is not None else canonical_forms(nodes)
    exact = _exact(user, _updates(nodes))
    if exact:
        exact = [
            (f, p)
            for f, p in exact
            if roles_kept(user, f)
            and _free_agree(user, f)
            and _steps_agree(user, f)
            and _left_agrees(user, f)
        ] or None
    if exact and not _says_more_than_letters(user):
        # `z = μ + σε` and `y = Wx + b` have one shape: with so little structure, only the
        # letters the bank writes it with tell which formula is meant
        used = _used_names(nodes) - TRANSPOSE_NAMES
        exact = [(f, p) for f, p in exact if _letters_agree(used, f.id)]
    if exact:
        # a formula as itself before one it is only a part of: Adam's m_t line is an EMA
        formula, part = next(((f, p) for f, p in exact if not p), exact[0])
        # formulas this form is by itself first: Adam's m_t line is an EMA, and a line of Adam
        wholes = tuple(dict.fromkeys(f.id for f, p in exact if not p))
        parts = tuple(i for i in dict.fromkeys(f.id for f, _ in exact) if i not in wholes)
        others = (*wholes, *parts)
        return Recognition(formula, True, 1.0, part=part, candidates=others, parts=parts)
    ranked = ranked_resemblance(user, _left_arity(nodes))
    if DEBUG:
        print([(round(r[0], 2), r[1].id) for r in ranked[:3]])
    if not ranked or ranked[0][0] < MIN_SCORE:
        return None
    if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < MARGIN:
        return None
    score, formula, mine, theirs = ranked[0]
    a, b = features(mine), features(theirs)
    agree = tuple(sorted(_shown(t) for t in a & b))
    differ = tuple(sorted([f"+{_shown(t)}" for t in a - b] + [f"-{_shown(t)}" for t in b - a]))
    return Recognition(formula, False, score, agree, differ)


Ranked = list[tuple[float, Formula, tuple[str, ...], tuple[str, ...]]]


def ranked_resemblance(user: Forms, user_left: int | None, min_shared: int = MIN_SHARED) -> Ranked:
    """Every bank formula sharing several distinctive features with the user's last right
    side, best first: (score, formula, the user's form, the bank form it is closest to).
    With `user_left`, a formula defining a function of another arity is left out; a
    formula sharing fewer than `min_shared` operators is left out too."""
    mine = user.right[-1] if user.right else user.whole
    mine_features, mine_operators, mine_bigrams = features(mine), _operators(mine), _bigrams(mine)
    if not mine_features:
        return []
    best: dict[str, tuple[float, Formula, tuple[str, ...], tuple[str, ...]]] = {}
    for entry in _bank()[0]:
        if entry.part or not (mine_features & entry.features):
            continue  # nothing distinctive in common
        if user_left is not None and entry.left_arity is not None and user_left != entry.left_arity:
            continue  # H(P, Q) is not H(p): a different number of arguments
        shared = len(mine_operators & entry.operators)
        if shared < min_shared:
            continue
        jaccard = shared / len(mine_operators | entry.operators)
        score = (jaccard + _dice(mine_bigrams, entry.bigrams)) / 2
        if entry.formula.id not in best or score > best[entry.formula.id][0]:
            best[entry.formula.id] = (score, entry.formula, mine, entry.target)
    return sorted(best.values(), key=lambda item: -item[0])


def _shown(token: str) -> str:
    return token.rstrip("(").replace("mathbb:", "").replace("mathcal:", "𝒞:")


# ---------------------------------------------------------------- commutative normal form
# The same formula is written with its terms and factors in any order (`σ ε + μ`,
# `μ + ε σ`), constants pulled out of or into a fraction (`\frac{1}{2} x^2`, `\frac{x^2}{2}`),
# `\log x` or `\log(x)`, `x^{1/2}` or `\sqrt{x}`. Each sum and product is put in one order:
# terms and factors sorted by their shape (variables abstracted, so names do not decide),
# fractions in a product merged into one, and a sign after ∑ taken out of it. Subscripts are
# labels and stay as written; separators (`,`, `|`, relations, `∼`, `∈`) are never crossed.


class _G(Plain):
    __slots__ = ("args", "opener")
    _fields = ("opener", "args")

    def __init__(self, opener: str, args: list[list[Any]]) -> None:
        self.opener = opener  # "(", "frac(", "log(", "^(", "_(" …, or a paired "‖" / "["
        self.args = args


_PAIRS = {"‖": "‖", "[": "]", "|": "|", "{": "}"}
BRACES = ("underbrace(", "overbrace(")  # `\underbrace{x}_{\text{label}}` computes x
# what separates statements or arguments; any other operator (⊙, /, ∗ …) leaves its
# sequence in the order written
HARD_SEPARATORS = RELATIONS | {",", ";", "&", "|", "<", ">", "in", "sim", "to", "quad", "mid"}
REST_OPERATORS = {"sum", "prod", "E", "int", "max", "min", "argmax", "argmin", "lim", "nabla"}
LINEAR_OPERATORS = {"sum", "E", "int", "lim", "nabla"}  # a sign passes through these


class _Unbalanced(ValueError):
    pass


def _parse_tokens(tokens: list[str], i: int, nested: bool) -> tuple[list[Any], int]:
    items: list[Any] = []
    while i < len(tokens):
        token = tokens[i]
        if token in (")", ")("):
            if not nested:
                raise _Unbalanced(token)
            return items, i
        if token.endswith("("):
            args: list[list[Any]] = []
            i += 1
            while True:
                arg, i = _parse_tokens(tokens, i, True)
                args.append(arg)
                if i >= len(tokens):
                    raise _Unbalanced(token)
                i += 1
                if tokens[i - 1] == ")":
                    break
            items.append(_G(token, args))
            continue
        items.append(token)
        i += 1
    return items, i


def _flat(items: list[Any]) -> list[str]:
    out: list[str] = []
    for item in items:
        if isinstance(item, _G):
            out.append(item.opener)
            for index, arg in enumerate(item.args):
                if index:
                    out.append(")(")
                out.extend(_flat(arg))
            out.append(_PAIRS.get(item.opener, ")"))
        else:
            out.append(item)
    return out


_USES = threading.local()  # how often each name occurs in the form being normalised


def _key(items: list[Any]) -> str:
    """A shape to sort by: a name counts by how often it is used (in `g v / ‖v‖` the v),
    never by its letter, so the order does not depend on what the author called things."""
    uses: dict[str, int] = getattr(_USES, "counts", {})
    shape = _flat(_unscripted(items))  # indices are notation: `E_x` sorts as `E_{x∼p}`
    return " ".join(f"v{uses.get(t, 0)}" if _is_name(t) else t for t in shape)


def _unscripted(items: list[Any]) -> list[Any]:
    return [
        _G(item.opener, [_unscripted(arg) for arg in item.args]) if isinstance(item, _G) else item
        for item in items
        if not (isinstance(item, _G) and (item.opener == "_(" or _index_above(item)))
    ]


def _index_above(item: _G) -> bool:
    """`^{⟨t−1⟩}`, `^{(t)}`: an index written above, a label like a subscript."""
    first = item.args[0][0] if item.opener == "^(" and item.args and item.args[0] else None
    return first == "<" or (isinstance(first, _G) and first.opener == "(")


def _is_name(token: str) -> bool:
    return token.startswith("v:")


def _kind(item: Any) -> str:
    if isinstance(item, _G):
        return "script" if item.opener in ("_(", "^(") else "atom"
    if item in ("'", "^T"):
        return "script"
    if item in ("+", "-"):
        return "sign"
    if item in REST_OPERATORS:
        return "rest"
    if item in FUNCTION_TOKENS:
        return "next"
    if (
        _is_name(item)
        or item[:1].isdigit()
        or item.startswith(("fn:", "mathbb:", "mathcal:", "mathscr:", "mathfrak:"))
        or (len(item) == 1 and item.isalpha())
        or item in ("infty", "ell")
        or _is_word(item)  # KL(p ‖ q), MSE, concat(…): a named quantity or function
    ):
        return "atom"
    return "sep"


def _paired(items: list[Any]) -> list[Any]:
    out: list[Any] = []
    i = 0
    while i < len(items):
        item = items[i]
        if isinstance(item, str) and item in _PAIRS:
            close = _PAIRS[item]
            end = next((j for j in range(i + 1, len(items)) if items[j] == close), None)
            inside = items[i + 1 : end] if end is not None else []
            if end is not None and inside and (item not in "[{" or item not in inside):
                out.append(_G(item, [items[i + 1 : end]]))
                i = end + 1
                continue
        out.append(item)
        i += 1
    return out


def _unbraced(items: list[Any]) -> list[Any]:
    out: list[Any] = []
    i = 0
    while i < len(items):
        item = items[i]
        i += 1
        if isinstance(item, _G) and item.opener in BRACES and item.args:
            out.extend(item.args[0])
            while i < len(items) and isinstance(items[i], _G) and items[i].opener in ("_(", "^("):
                i += 1  # the brace's label
            continue
        out.append(item)
    return out


def _norm_seq(items: list[Any]) -> list[Any]:
    items = [t for t in _unbraced(items) if t != "times"]
    items = _spliced([_norm_item(item) for item in _paired(items)])
    items = _positive_parts(_even(_gram(_logistic_applied(items))))
    out: list[Any] = []
    segment: list[Any] = []
    for item in items:
        if _kind(item) == "sep" and item in HARD_SEPARATORS:
            out.extend(_norm_segment(segment))
            out.append(item)
            segment = []
        else:
            segment.append(item)
    out.extend(_norm_segment(segment))
    return out


def _logistic_applied(items: list[Any]) -> list[Any]:
    """σ(z) is 1/(1 + e^{−z}): the logistic function by its definition, so `σ(wᵀx + b)` and
    `1/(1 + exp(−(wᵀx + b)))` are one form. Not `σ(x)` of a bare name: a right side that is
    only that would then read as the sigmoid's own definition."""
    out: list[Any] = []
    for item in items:
        if (
            isinstance(item, _G)
            and item.opener == "("
            and len(item.args) == 1
            and len(item.args[0]) > 1  # σ(x) of a bare name says too little to expand
            and "," not in item.args[0]
            and out
            and out[-1] == "fn:sigma"
        ):
            argument = item.args[0]
            if len(_terms(argument)) == 1:
                negated = argument[1:] if argument[:1] == ["-"] else ["-", *argument]
            else:
                negated = ["-", _G("(", [argument])]
            bottom = _norm_seq(["1", "+", _G("exp(", [_norm_seq(negated)])])
            out[-1] = _G("frac(", [["1"], bottom])
            continue
        out.append(item)
    return out


def _gram(items: list[Any]) -> list[Any]:
    """`wᵀw` and `(x − μ)ᵀ(x − μ)` for vectors (lower-case names) are `‖w‖²`, `‖x − μ‖²`."""
    out: list[Any] = []
    i = 0
    while i < len(items):
        item = items[i]
        if (
            i + 2 < len(items)
            and items[i + 1] == "^T"
            and items[i + 2] == item
            and _vector(item)
            and not (i + 3 < len(items) and _kind(items[i + 3]) == "script")
        ):
            inner = item.args[0] if isinstance(item, _G) else [item]
            out += [_G("‖", [inner]), _G("^(", [["2"]])]
            i += 3
            continue
        out.append(item)
        i += 1
    return out


def _vector(item: Any) -> bool:
    if isinstance(item, str):
        return _is_name(item) and item[2:3].islower()
    if isinstance(item, _G) and item.opener == "(" and len(item.args) == 1:
        names = [t for t in _flat(item.args[0]) if _is_name(t)]
        return bool(names) and all(t[2:3].islower() for t in names)
    return False


def _spliced(items: list[Any]) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if isinstance(item, _G) and item.opener == "":
            out += item.args[0]
        else:
            out.append(item)
    return out


def _even(items: list[Any]) -> list[Any]:
    """Inside a norm, an absolute value or an even power, `a − b` and `b − a` are one
    thing (`‖ŷ − y‖`, `(x − μ)²`): the sum is written with its first term positive. And
    `‖x‖₂` is `‖x‖`, the norm meant when none is named."""
    out: list[Any] = []
    for index, item in enumerate(items):
        after = items[index + 1] if index + 1 < len(items) else None
        if (
            isinstance(item, _G)
            and item.opener == "|"
            and len(item.args) == 1
            and len(item.args[0]) == 1
            and isinstance(item.args[0][0], str)
            and item.args[0][0][2:] in UPPER_GREEK
        ):
            item = _G("det(", item.args)  # |Σ| of a covariance is its determinant
        if (
            isinstance(item, _G)
            and item.args
            and (item.opener in ("‖", "|") or (item.opener == "(" and _even_power(after)))
        ):
            item = _G(item.opener, [_positive_first(item.args[0]), *item.args[1:]])
        if (
            isinstance(item, _G)
            and item.opener == "_("
            and item.args == [["2"]]
            and out
            and isinstance(out[-1], _G)
            and out[-1].opener == "‖"
        ):
            continue
        out.append(item)
    return out


UPPER_GREEK = {"Sigma", "Lambda", "Phi", "Psi", "Omega", "Gamma", "Theta", "Delta", "Xi", "Pi"}


def _even_power(item: Any) -> bool:
    if not (isinstance(item, _G) and item.opener == "^(" and len(item.args) == 1):
        return False
    power = item.args[0]
    return (
        len(power) == 1
        and isinstance(power[0], str)
        and power[0].isdigit()
        and int(power[0]) % 2 == 0
    )


def _positive_first(items: list[Any]) -> list[Any]:
    if not items or any(_kind(x) == "sep" and x != "/" for x in items):
        return items
    terms = _terms(items)
    if len(terms) < 2 or terms[0][0] > 0 or any(not part for _, part in terms):
        return items
    negated: list[Any] = []
    for sign, part in terms:
        negated += ["-" if sign > 0 else "+", *part]
    again = _norm_segment(negated[1:] if negated[0] == "+" else negated)
    return items if again[:1] == ["-"] else again


def _norm_item(item: Any) -> Any:
    if not isinstance(item, _G) or item.opener == "_(":
        return item  # a subscript is a label: kept as written
    if _index_above(item):
        return item  # so is `x^{⟨t−1⟩}`, `x^{(t−1)}`
    args = [_norm_seq(arg) for arg in item.args]
    if item.opener == "sqrt(" and len(args) == 1:
        roots = _roots(args[0])
        if roots is not None:
            return _G("", [roots])  # √(2πσ²) is √2 √π σ
    if item.opener == "sqrt(" and len(args) == 1 and len(args[0]) == 1:
        inner = args[0][0]
        if isinstance(inner, _G) and inner.opener == "frac(" and len(inner.args) == 2:
            return _G("frac(", [_sqrt(inner.args[0]), _sqrt(inner.args[1])])
    if item.opener[:-1] in FUNCTION_TOKENS and len(args) == 1 and len(args[0]) == 1:
        inner = args[0][0]
        if isinstance(inner, _G) and inner.opener in ("(", "[", "{") and len(inner.args) == 1:
            args = [inner.args[0]]  # exp{−x}, exp([x]): the function's own brackets
    if item.opener == "frac(" and len(args) == 2:
        derivative = _derivative(args[0], args[1])
        if derivative is not None:
            return derivative
        logistic = _logistic(args[0], args[1])
        if logistic is not None:
            return logistic
    if item.opener in ("max(", "min(") and len(args) == 1:
        parts = _comma_split(args[0])
        if len(parts) >= 2 and all(parts):
            parts.sort(key=_key)  # max(a, 0) is max(0, a)
            return _G(item.opener, [[t for part in parts for t in [",", *part]][1:]])
    if item.opener == "log(" and len(args) == 1:
        summed = _log_of_product(args[0])
        if summed is not None:
            return _G("", [summed])
    if item.opener == "relu(" and len(args) == 1:
        return _relu(args[0])  # ReLU(x) is max(0, x)
    return _G(item.opener, args)


def _log_of_product(argument: list[Any]) -> list[Any] | None:
    """log ∏ᵢ p(xᵢ) is ∑ᵢ log p(xᵢ): the log-likelihood either way (None if not that)."""
    if argument[:1] != ["prod"]:
        return None
    scripts = list(itertools.takewhile(lambda x: _kind(x) == "script", argument[1:]))
    body = argument[1 + len(scripts) :]
    if not body or any(isinstance(x, str) and x in ("+", "-") for x in body):
        return None
    return ["sum", *scripts, _G("log(", [body])]


def _relu(items: list[Any]) -> _G:
    return _G(
        "max(", [sorted([["0"], items], key=_key)[0] + [","] + sorted([["0"], items], key=_key)[1]]
    )


DIFFERENTIALS = ("partial", "v:d")


def _derivative(top: list[Any], bottom: list[Any]) -> _G | None:
    """∂L/∂w and dL/dw are ∇_w L (first derivatives of a scalar; not ∂²f/∂x², not d/dx)."""
    if (
        len(top) >= 2
        and len(bottom) == 2
        and top[0] in DIFFERENTIALS
        and bottom[0] == top[0]
        and isinstance(bottom[1], str)
        and _is_name(bottom[1])
        and _kind(top[1]) != "script"
    ):
        return _G("", [["nabla", _G("_(", [[bottom[1]]]), *top[1:]]])  # spliced in place
    return None


def _logistic(top: list[Any], bottom: list[Any]) -> _G | None:
    """e^a / (1 + e^a) is 1 / (1 + e^{−a})."""
    exp = top[0] if len(top) == 1 and isinstance(top[0], _G) and top[0].opener == "exp(" else None
    if exp is None or len(exp.args) != 1:
        return None
    if bottom not in (["1", "+", exp], [exp, "+", "1"]):
        return None
    negated = _norm_seq(["-", _G("(", [exp.args[0]])])
    if len(negated) == 2 and isinstance(negated[1], _G) and negated[1].opener == "(":
        negated = ["-", *negated[1].args[0]] if len(_terms(negated[1].args[0])) == 1 else negated
    return _G("frac(", [["1"], _norm_seq(["1", "+", _G("exp(", [negated])])])


def _comma_split(items: list[Any]) -> list[list[Any]]:
    parts: list[list[Any]] = [[]]
    for item in items:
        if item == ",":
            parts.append([])
        else:
            parts[-1].append(item)
    return parts


def _positive_parts(items: list[Any]) -> list[Any]:
    """`[x]_+` and `(x)_+` are `max(0, x)`, as is `relu(x)`."""
    out: list[Any] = []
    for item in items:
        if (
            isinstance(item, _G)
            and item.opener == "_("
            and item.args == [["+"]]
            and out
            and isinstance(out[-1], _G)
            and out[-1].opener in ("(", "[")
            and len(out[-1].args) == 1
        ):
            out[-1] = _relu(out[-1].args[0])
            continue
        out.append(item)
    return out


def _sqrt(items: list[Any]) -> list[Any]:
    if items == ["1"]:
        return items
    roots = _roots(items)
    return roots if roots is not None else [_G("sqrt(", [items])]


def _terms(segment: list[Any]) -> list[tuple[int, list[Any]]]:
    terms: list[tuple[int, list[Any]]] = []
    sign, current = 1, []  # type: ignore[var-annotated]
    for item in segment:
        if _kind(item) == "sign":
            last = next((x for x in reversed(current) if _kind(x) != "script"), None)
            if last is None or (isinstance(last, str) and last in LINEAR_OPERATORS):
                sign *= -1 if item == "-" else 1  # a unary sign: -x, ∑ -x
                continue
            if _kind(last) in ("rest", "next"):
                current.append(item)  # max −x is not −max x, log −x is not −log x
                continue
            terms.append((sign, current))
            sign, current = (-1 if item == "-" else 1), []
            continue
        current.append(item)
    terms.append((sign, current))
    return terms


def _norm_segment(segment: list[Any]) -> list[Any]:
    if not segment:
        return []
    if any(_kind(item) == "sep" and item != "/" for item in segment):
        return segment  # an operator whose algebra is not known here: as written
    terms = _terms(segment)
    if any(not items for _, items in terms):
        return segment
    normed = []
    for sign, items in terms:
        extra, product = _product(items)
        normed.append((sign * extra, product))
    normed.sort(key=lambda term: (_key(term[1]), -term[0]))
    out: list[Any] = []
    for index, (sign, product) in enumerate(normed):
        if sign < 0:
            out.append("-")
        elif index:
            out.append("+")
        out.extend(product)
    return out


def _bracket_sign(rest: list[Any]) -> int:
    """-1 when `rest` is one bracket holding one negative term (`[−log q]`), else 1."""
    if len(rest) == 1 and isinstance(rest[0], _G) and rest[0].opener in ("(", "["):
        content = rest[0].args[0]
        if content[:1] == ["-"] and len(_terms(content)) == 1:
            return -1
    return 1


def _bracket_unsigned(rest: list[Any]) -> list[Any]:
    if _bracket_sign(rest) < 0:
        return [_G(rest[0].opener, [rest[0].args[0][1:]])]
    return rest


def _factor(items: list[Any], i: int, *, tail: bool = True) -> tuple[list[Any], int]:
    item = items[i]
    kind = _kind(item)
    factor = [item]
    i += 1
    while i < len(items) and _kind(items[i]) == "script":
        factor.append(items[i])
        i += 1
    if kind == "rest" and not tail:
        return factor, i
    if kind == "rest":
        sign, rest = _product(items[i:])
        return factor + ([] if sign > 0 else ["-"]) + rest, len(items)
    if kind == "next":
        if i < len(items) and _kind(items[i]) != "sep":
            signs: list[Any] = []
            while i + 1 < len(items) and _kind(items[i]) == "sign":
                signs.append(items[i])  # log −x: the sign belongs to the argument
                i += 1
            argument, i = _factor(items, i)
            argument = signs + argument
            if len(factor) == 1:
                if (
                    len(argument) == 1
                    and isinstance(argument[0], _G)
                    and argument[0].opener in ("(", "[", "{")
                ):
                    argument = argument[0].args[0]
                summed = _log_of_product(argument) if item == "log" else None
                if summed is not None:
                    return summed, i
                return [_G(item + "(", [argument])], i
            return [*factor, _G("(", [argument])], i
        return factor, i
    if (
        kind == "atom"
        and isinstance(item, str)
        and not item[:1].isdigit()
        and i < len(items)
        and isinstance(items[i], _G)
        and items[i].opener == "("
    ):
        factor.append(items[i])  # p(x): an application
        i += 1
        while i < len(items) and _kind(items[i]) == "script":
            factor.append(items[i])
            i += 1
    last = factor[-1]
    if len(factor) > 1 and isinstance(last, _G) and last.opener == "^(":
        power = last.args[0]
        if power in (["1", "/", "2"],) or (
            len(power) == 1
            and isinstance(power[0], _G)
            and power[0].opener == "frac("
            and power[0].args == [["1"], ["2"]]
        ):
            factor = [_G("sqrt(", [_unparenthesised(factor[:-1])])]  # x^{1/2} is √x
        elif _is_half(power[1:]) and power[:1] == ["-"]:
            base = _unparenthesised(factor[:-1])
            factor = [_G("frac(", [["1"], [_G("sqrt(", [base])]])]  # x^{−1/2} is 1/√x
        elif power[:1] == ["-"] and len(power) > 1 and _scalar(factor[:-1]):
            # a number to a negative power: (2π)^{−d/2} is 1/(2π)^{d/2} (not a matrix inverse)
            positive = [_G("^(", [power[1:]])] if power[1:] != ["1"] else []
            factor = [_G("frac(", [["1"], [*factor[:-1], *positive]])]
    return factor, i


def _roots(items: list[Any]) -> list[Any] | None:
    """The square root of a product of positive scalars, factor by factor; None otherwise."""
    if not items or any(_kind(x) in ("sign", "sep", "rest") for x in items):
        return None
    factors: list[list[Any]] = []
    i = 0
    while i < len(items):
        factor, i = _factor(items, i)
        factors.append(factor)
    if len(factors) < 2 or not all(_scalar(f) for f in factors):
        return None
    out: list[Any] = []
    for factor in factors:
        last = factor[-1]
        if (
            len(factor) > 1
            and isinstance(last, _G)
            and last.opener == "^("
            and last.args == [["2"]]
        ):
            out += factor[:-1]  # √(σ²) is σ, a standard deviation
        else:
            out.append(_G("sqrt(", [factor]))
    return out


def _unparenthesised(items: list[Any]) -> list[Any]:
    """`(x − μ)` alone, as a numerator, a denominator or under a root: `x − μ`."""
    if len(items) == 1 and isinstance(items[0], _G) and items[0].opener == "(":
        return list(items[0].args[0])
    return items


def _lone(items: list[Any]) -> bool:
    """A single name, with subscripts only: `σ_j`."""
    return (
        bool(items)
        and isinstance(items[0], str)
        and _is_name(items[0])
        and all(isinstance(i, _G) and i.opener == "_(" for i in items[1:])
    )


def _is_half(power: list[Any]) -> bool:
    return power == ["1", "/", "2"] or (
        len(power) == 1
        and isinstance(power[0], _G)
        and power[0].opener == "frac("
        and power[0].args == [["1"], ["2"]]
    )


def _is_frac(factor: list[Any]) -> bool:
    return (
        len(factor) == 1
        and isinstance(factor[0], _G)
        and factor[0].opener == "frac("
        and len(factor[0].args) == 2
    )


def _split_product(items: list[Any]) -> tuple[int, list[list[Any]]]:
    """A normalised sequence as (sign, factors); one factor in brackets if it is a sum."""
    if not items:
        return 1, []
    terms = _terms(items)
    if len(terms) == 1 and terms[0][1]:
        factors, i = [], 0
        body = terms[0][1]
        while i < len(body):
            factor, i = _factor(body, i)
            factors.append(factor)
        return terms[0][0], factors
    return 1, [[_G("(", [items])]]


def _product(items: list[Any]) -> tuple[int, list[Any]]:
    sign = 1
    factors: list[list[Any]] = []
    i = 0
    while i < len(items):
        if items[i] == "/" and factors and i + 1 < len(items) and _kind(items[i + 1]) != "sep":
            # `α · m / (√v + ε)`: the factor before; after it, every factor up to the next
            # `/`, as authors mean `uᵀv / ‖u‖‖v‖` and `x² / 2σ²` (juxtaposition binds first)
            bottom, i = _factor(items, i + 1)
            while i < len(items) and items[i] != "/":
                more, i = _factor(items, i)
                bottom = bottom + more
            factors.append(
                [_G("frac(", [_unparenthesised(factors.pop()), _unparenthesised(bottom)])]
            )
            continue
        if _kind(items[i]) == "rest":
            factor, i = _factor(items, i, tail=False)
            inner, rest = _product(items[i:])
            if isinstance(factor[0], str) and factor[0] in LINEAR_OPERATORS:
                sign *= inner * _bracket_sign(rest)  # ∑ −x = −∑ x, 𝔼[−x] = −𝔼[x]
                rest = _bracket_unsigned(rest)
            elif inner < 0:
                rest = ["-", *rest]  # max −x is not −max x
            factors.append(factor + rest)
            break
        factor, i = _factor(items, i)
        factors.append(factor)
    spliced: list[list[Any]] = []
    for factor in factors:
        group = factor[0] if len(factor) == 1 and isinstance(factor[0], _G) else None
        if group is not None and group.opener == "(" and len(group.args) == 1:
            terms = _terms(group.args[0])
            if len(terms) == 1 and terms[0][1]:
                inner_sign, parts = _split_product(group.args[0])
                sign *= inner_sign  # −(½ ∑ x) is −½ ∑ x: brackets around a product group nothing
                spliced += parts
                continue
        if (
            group is None
            and len(factor) == 2
            and isinstance(factor[0], _G)
            and factor[0].opener == "("
            and isinstance(factor[1], _G)
            and factor[1].opener == "^("
            and _lone(factor[0].args[0])
        ):
            factor = [*factor[0].args[0], factor[1]]  # (σ_j)² is σ_j²
        spliced.append(factor)
    factors = spliced
    oriented = [_log_oriented(f) for f in factors]
    factors = [f for _, f in oriented]
    sign *= 1 if sum(s < 0 for s, _ in oriented) % 2 == 0 else -1
    tail = [f for f in factors if _kind(f[0]) == "rest"]
    factors = [f for f in factors if _kind(f[0]) != "rest"]
    fracs = [f for f in factors if _is_frac(f)]
    if fracs and len(factors) + len(tail) > 1:
        numerator: list[list[Any]] = []
        denominator: list[list[Any]] = []
        for factor in factors:  # in the order written: matrices do not commute
            if not _is_frac(factor):
                numerator.append(factor)
                continue
            top_sign, top = _split_product(factor[0].args[0])
            bottom_sign, bottom = _split_product(factor[0].args[1])
            sign *= top_sign * bottom_sign
            numerator += top
            denominator += bottom
        numerator = _ordered([f for f in numerator if f != ["1"]]) + tail
        denominator = _ordered([f for f in denominator if f != ["1"]])
        top_items: list[Any] = _unparenthesised([t for f in numerator for t in f]) or ["1"]
        if not denominator:
            return sign, top_items
        bottom_items = _unparenthesised([t for f in denominator for t in f])
        return sign, [_G("frac(", [top_items, bottom_items])]
    return sign, [t for f in _ordered(factors) + tail for t in f]


def _log_oriented(factor: list[Any]) -> tuple[int, list[Any]]:
    """log(a/b) = −log(b/a): the ratio is written one way (by shape, so names do not
    decide), and log(1/x) as −log x."""
    if not (len(factor) == 1 and isinstance(factor[0], _G) and factor[0].opener == "log("):
        return 1, factor
    argument = factor[0].args[0] if len(factor[0].args) == 1 else []
    if not (len(argument) == 1 and _is_frac(argument)):
        return 1, factor
    top, bottom = argument[0].args
    if top == ["1"]:
        return -1, [_G("log(", [bottom])]
    if _key(bottom) < _key(top):
        return -1, [_G("log(", [[_G("frac(", [bottom, top])]])]
    return 1, factor


def _ordered(factors: list[list[Any]]) -> list[list[Any]]:
    """Scalars (numbers, lower-case Greek letters) first, sorted by shape; everything else
    keeps the order written, since `K^T Q` is not `Q K^T`."""
    scalars = [f for f in factors if _scalar(f)]
    return sorted(scalars, key=_key) + [f for f in factors if not _scalar(f)]


def _scalar(factor: list[Any]) -> bool:
    if (
        _kind(factor[0]) == "atom"
        and isinstance(factor[0], str)
        and any(isinstance(f, _G) and f.opener == "(" and "|" in f.args[0] for f in factor[1:])
    ):
        return True  # p(x | z), π(a | s): a conditional probability is a number
    return all(
        (t[2:] in GREEK_NAMES and t[2].islower())
        if _is_name(t)
        else (t[:1].isdigit() or t in SCALAR_TOKENS)
        for t in _flat(_unscripted(factor))
    )


# what a scalar factor may be built of besides numbers and lower-case Greek letters
SCALAR_TOKENS = {"(", ")", ")(", "^(", "+", "-", "frac(", "sqrt(", "log(", "exp(", "hat(", "bar("}


def _expectations(tokens: list[str]) -> list[str]:
    """A plain `E_{x∼p}[…]` or `E[…]` is the expectation `𝔼`, as authors often write it."""
    out = list(tokens)
    for i, token in enumerate(tokens):
        if token != "v:E" or i + 1 >= len(tokens):
            continue
        after = _group_end(tuple(tokens), i + 1) if tokens[i + 1] == "_(" else i + 1
        if after < len(tokens) and tokens[after] == "[":
            out[i] = "E"
    return out


def _normalised(tokens: list[str]) -> list[str]:
    tokens = _expectations(tokens)
    try:
        items, _ = _parse_tokens(tokens, 0, False)
    except _Unbalanced:
        return tokens
    _USES.counts = {t: tokens.count(t) for t in set(tokens) if _is_name(t)}
    try:
        return _flat(_norm_seq(items))
    finally:
        _USES.counts = {}
