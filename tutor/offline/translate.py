"""From a parsed formula to a runnable NumPy program on small random inputs.

Covers the operators ML formulas are built from: sums and products over an index
(one term per value of the index, `x_n` the n-th entry or row of x, `s_ij` an entry,
summed over that axis; vectorised as np.sum(x ** 2) when the term is element-wise; a
shape that cannot be told is refused, never guessed), max/min/argmax, 𝔼[·]
(→ a mean over samples), fractions, roots, powers, exp/log and friends, softmax,
sigmoid, ReLU, norms, transposes, inverses, matrix products (→ @) and element-wise
products (⊙ → *). Anything else raises `Untranslatable` naming the part, so the
explainer can say honestly what it could not translate.
"""

from __future__ import annotations

import keyword
import re
import zlib

from tutor.latex.glyphs import GREEK
from tutor.latex.serialize import node_latex, to_latex
from tutor.latex.tree import Command, Environment, Fenced, Group, Node, Scripts, Sym, Text
from tutor.notation import (
    LABEL_MARKS,
    NUMPY_FUNCTIONS,
    is_transpose,
    script_label,
    script_text,
)
from tutor.plain import Plain

SIZE = 4
IDENTITY = "np.eye(DIM)"  # sized by the matrix it is added to when there is one
DIMENSIONS = {"n", "m", "N", "T", "d", "d_k", "d_v", "d_model", "d_head", "h"}
FUNCTIONS = {**NUMPY_FUNCTIONS, "log2": "np.log2", "log10": "np.log10"}
HELPERS = {
    "softmax": "def softmax(z):\n    e = np.exp(z - np.max(z, axis=-1, keepdims=True))\n"
    "    return e / e.sum(axis=-1, keepdims=True)\n",
    "sigmoid": "def sigmoid(x):\n    return 1 / (1 + np.exp(-x))\n",
    "swish": "def swish(x):\n    return x / (1 + np.exp(-x))\n",
    "relu": "def relu(x):\n    return np.maximum(0, x)\n",
    "softplus": "def softplus(x):\n    return np.logaddexp(0, x)\n",
    "numerical_gradient": (
        "def numerical_gradient(f, x, h=1e-5):\n"
        "    # central differences: (f(x + h) - f(x - h)) / 2h, one coordinate at a time\n"
        "    x = np.asarray(x, dtype=float)\n"
        "    grad = np.zeros_like(x)\n"
        "    for i in np.ndindex(x.shape):\n"
        "        step = np.zeros_like(x)\n"
        "        step[i] = h\n"
        "        grad[i] = (np.sum(f(x + step)) - np.sum(f(x - step))) / (2 * h)\n"
        "    return grad if grad.shape else float(grad)\n"
    ),
    "normal_pdf": (
        "def normal_pdf(x, mu, var):\n"
        "    x, mu, var = (np.asarray(v, dtype=float) for v in (x, mu, var))\n"
        "    if var.ndim == 2:  # a covariance matrix: the multivariate density\n"
        "        d = x - mu\n"
        "        return np.exp(-0.5 * d @ np.linalg.solve(var, d)) / np.sqrt(\n"
        "            np.linalg.det(2 * np.pi * var)\n"
        "        )\n"
        "    return np.exp(-0.5 * (x - mu) ** 2 / var) / np.sqrt(2 * np.pi * var)\n"
    ),
    "swish_beta": "def swish_beta(x, beta):\n    return x / (1 + np.exp(-beta * x))\n",
    "factorial": (
        "def factorial(n):\n    return np.vectorize(math.gamma)(np.asarray(n, dtype=float) + 1)\n"
    ),
    "binom": (
        "def binom(n, k):\n    g = np.vectorize(math.gamma)\n"
        "    return g(n + 1.0) / (g(k + 1.0) * g(n - k + 1.0))\n"
    ),
    "entry": (
        "def entry(n):\n    if n < 0:\n"
        "        raise IndexError('an entry before the first one')\n    return int(n)\n"
    ),
    "gamma_function": "def gamma_function(x):\n    return np.vectorize(math.gamma)(x)\n",
    "leaky_relu": "def leaky_relu(x, slope=0.01):\n    return np.where(x > 0, x, slope * x)\n",
    # GELU(x) = x Φ(x), exactly (arXiv:1606.08415 §2); the tanh form is an approximation
    "gelu": "def gelu(x):\n    return 0.5 * x * (1 + np.vectorize(math.erf)(x / np.sqrt(2)))\n",
}
BIG = {
    "sum": "np.sum",
    "prod": "np.prod",
    "max": "np.max",
    "min": "np.min",
    "argmax": "np.argmax",
    "argmin": "np.argmin",
}
LOOPED = {"sum", "prod", "max", "min"}
# functions that act entry by entry: a term built only from them stays vectorised
ELEMENT_WISE = {
    *(f"np.{f}" for f in ("exp", "log", "log2", "log10", "sqrt", "abs", "sign", "floor", "ceil")),
    *(f"np.{f}" for f in ("sin", "cos", "tan", "sinh", "cosh", "tanh", "arctan", "logaddexp")),
    *("np.maximum", "np.minimum", "np.where", "np.pi", "np.inf"),
    *("sigmoid", "softplus", "relu", "swish", "gelu", "leaky_relu"),
}
# functions whose value is one number, whatever their argument
SCALAR_VALUED = {"np.max", "np.min", "np.linalg.det", "np.trace", "np.var", "np.mean"}
GREEK_NAMES = set(GREEK) | {"ell"}
FUNCTION_LETTERS = {"f", "g", "h", "p", "q", "D", "G", "F", "J", "L", "P", "H", "E"}
ARGUMENT_SEPARATORS = {",", ";", "mid", "|", "Vert", "parallel"}
ASSIGN = {
    "=",
    "leftarrow",
    "longleftarrow",
    "gets",
    "coloneqq",
    ":=",
    "triangleq",
    "equiv",
    "doteq",
    "approx",  # GELU(x) ≈ 0.5x(1 + tanh[…]): the right side is the value, as with `=`
    "simeq",
}
UPDATE = {"leftarrow", "longleftarrow", "gets"}  # an algorithm's step: assign a new value
COMPARE = {
    "neq": "!=",
    "ne": "!=",
    "le": "<=",
    "leq": "<=",
    "ge": ">=",
    "geq": ">=",
    "<": "<",
    ">": ">",
}


class Untranslatable(Exception):
    """A part of the formula that has no NumPy pattern here."""

    def __init__(self, part: str, why: str = "") -> None:
        super().__init__(part)
        self.part = part
        self.why = why


class Value(Plain):
    __slots__ = ("code", "kind", "unknown")
    _fields = ("code", "kind", "unknown")

    def __init__(self, code: str, kind: str, unknown: bool = False) -> None:
        self.code = code
        self.kind = kind  # scalar, vector, row, matrix
        self.unknown = unknown  # what a function the formula does not define returns


class Translation(Plain):
    __slots__ = (
        "functions", "helper_names", "helpers", "program", "sized", "statements",
        "untranslated", "variables",
    )  # fmt: skip
    _fields = (
        "program", "statements", "variables", "untranslated", "helpers", "helper_names",
        "functions", "sized",
    )  # fmt: skip

    def __init__(
        self,
        program: str,
        statements: list[str],
        variables: dict[str, str],
        untranslated: list[str] | None = None,
        helpers: str = "",  # helper functions the statements call (softmax, sigmoid, …)
        helper_names: list[str] | None = None,
        # functions the formula applies but does not define (p, D, f_θ): the program needs them
        functions: list[str] | None = None,
        # parts whose size is not written: the sample program picks one; on given values, a guess
        sized: list[str] | None = None,
    ) -> None:
        self.program, self.statements, self.variables = program, statements, variables
        self.untranslated = [] if untranslated is None else untranslated
        self.helpers = helpers
        self.helper_names = [] if helper_names is None else helper_names
        self.functions = [] if functions is None else functions
        self.sized = [] if sized is None else sized


class _Loop(Plain):
    """A Σ's running index while its term is translated."""

    __slots__ = ("counted", "entries", "extent", "offset", "outcome", "used")
    _fields = ("offset", "used", "extent", "entries", "outcome", "counted")

    def __init__(
        self,
        offset: int,  # 1: x_1 is the first entry (as written); 0: the sum starts at x_0
        used: bool = False,
        extent: str = "",  # how many terms when the limits are not given: a family's length
        # families read at this index → the kind of one entry ("" when not a plain x_i)
        entries: dict[str, str] | None = None,
        outcome: bool = False,  # read as an argument, p(x): a value of x, not a position
        counted: bool = False,  # read as a number itself (γ^t)
    ) -> None:
        self.offset, self.used, self.extent = offset, used, extent
        self.entries = {} if entries is None else entries
        self.outcome, self.counted = outcome, counted


class _Norm(Plain):
    __slots__ = ("body", "kind", "order", "power")
    _fields = ("body", "kind", "order", "power")

    def __init__(
        self, body: list[Node], kind: str, order: str | None = None, power: str | None = None
    ) -> None:
        self.body = body
        self.kind = kind  # norm or abs
        self.order, self.power = order, power


def _identifier(text: str) -> str:
    name = re.sub(r"[^0-9A-Za-z_]", "_", text).strip("_") or "v"
    if name[0].isdigit():
        name = "v" + name
    return name + "_" if keyword.iskeyword(name) or name in ("np", "math", "rng") else name


class _Translator:
    def __init__(
        self,
        fixed: dict[str, str] | None = None,
        exprs: dict[tuple[str, ...], str] | None = None,
        ranks: dict[str, int] | None = None,
    ) -> None:
        self.fixed = dict(fixed or {})  # kinds known from the caller's values
        self.ranks = dict(ranks or {})  # and their number of axes (a stack of matrices: 3)
        # expressions the caller gave a value, by their pieces' LaTeX (`V(S_t)`, `r_t(θ)`)
        self.exprs = dict(exprs or {})
        self.variables: dict[str, str] = {}
        self.bound: set[str] = set()
        self.samples: set[str] = set()
        self.helpers: set[str] = set()
        self.stand_ins: set[str] = set()
        self.skipped: list[str] = []
        self.assigned: dict[str, str] = {}  # names a statement defines, with their kinds
        self.ranges: dict[str, tuple[str, str]] = {}  # index → (lower, upper) of a Σ
        # indices a Σ runs over one term at a time: index → how entries are counted
        self.loops: dict[str, _Loop] = {}
        # parts whose size the formula does not state (Σ_x c, 𝟏): a sample program picks one
        self.sized: list[str] = []

    # variables ----------------------------------------------------------------
    def variable(self, name: str, kind: str) -> Value:
        name = _identifier(name)
        if name in self.loops:  # the running index of a Σ: its value in this term
            if self.fixed.get(name, "scalar") != "scalar":
                raise Untranslatable(name, "a running index that is also given as an array")
            self.loops[name].used = True
            self.loops[name].counted = True
            return Value(name, "scalar")
        if name in ("I", "I_n", "I_d", "I_N", "I_D") and name not in self.fixed:
            return Value(IDENTITY, "matrix")  # the identity, sized like the inputs
        if name in self.bound:
            if name in self.ranges:
                low, high = self.ranges[name]
                return Value(f"np.arange({low}, {_paren(high)} + 1)", "vector")
            self.sized.append(name)  # how many values the index takes is not written
            return Value(f"np.arange(1, {SIZE} + 1)", "vector")
        if name in self.fixed:
            self.variables[name] = self.fixed[name]
            return Value(name, self.fixed[name])
        known = self.variables.get(name)
        if (
            known is None
            or (known == "scalar" and kind != "scalar")
            or (known == "dim" and kind != "scalar")
        ):
            self.variables[name] = kind
        final = self.variables[name]
        if name in self.samples:
            final = "vector"
        return Value(name, "scalar" if final in ("dim", "index") else final)

    def base_name(self, node: Node) -> tuple[str, str]:
        """A variable's Python name and its default kind from its typography."""
        if isinstance(node, Sym) and node.kind == "letter":
            kind = "matrix" if node.text.isupper() else "scalar"
            if node.text in DIMENSIONS:
                kind = "dim"
            return node.text, kind
        if isinstance(node, Sym) and node.kind == "cmd" and node.text in GREEK_NAMES:
            return node.text, "matrix" if node.text in ("Sigma", "Lambda") else "scalar"
        if isinstance(node, Command) and node.name in ("mathbf", "bm", "boldsymbol", "vec"):
            inner, _ = self.base_name(node.args[0][0]) if len(node.args[0]) == 1 else ("", "")
            if not inner:
                raise Untranslatable(node_latex(node))
            return inner, "matrix" if inner[:1].isupper() else "vector"
        if isinstance(node, Command) and node.name in ("mathcal", "mathit", "mathsf", "mathrm"):
            inner, kind = self.base_name(node.args[0][0]) if len(node.args[0]) == 1 else ("", "")
            if not inner:
                raise Untranslatable(node_latex(node))
            return inner, kind
        if isinstance(node, Command) and node.name in ("hat", "bar", "tilde", "widehat", "dot"):
            inner, kind = self.base_name(node.args[0][0]) if len(node.args[0]) == 1 else ("", "")
            if not inner:
                raise Untranslatable(node_latex(node))
            return f"{inner}_{node.name}", kind
        if isinstance(node, Text) and _word(node.text).replace("_", "").isalpha():
            return _word(node.text), "scalar"  # an upright name: \\text{bits}, \\mathrm{lr}
        if isinstance(node, Sym) and node.kind == "number":
            return f"_{node.text}", "scalar"
        raise Untranslatable(node_latex(node))

    # structure ------------------------------------------------------------------
    def group(self, nodes: list[Node]) -> list[Node | _Norm]:
        """Pair up flat brackets and norm bars into units."""
        nodes = self.spell_names(spell_functions(nodes))
        items: list[Node | _Norm] = []
        i = 0
        while i < len(nodes):
            node = nodes[i]
            if isinstance(node, Sym) and node.text in (")", "]", ".", ";", "~", "&"):
                i += 1  # an unmatched closer, punctuation or alignment
                continue
            if isinstance(node, Sym) and node.text in ("(", "["):
                depth, j = 0, i
                closing = ")" if node.text == "(" else "]"
                while j < len(nodes):
                    text = _bracket_text(nodes[j])
                    depth += text in ("(", "[")
                    depth -= text in (")", "]")
                    if depth == 0 and text == closing:
                        break
                    j += 1
                fenced = Fenced(node.pos, node.text, nodes[i + 1 : j], closing)
                end = nodes[j] if j < len(nodes) else None
                if isinstance(end, Scripts):  # `(…)_j` or `(…)^2`: scripts on the bracket
                    items.append(Scripts(end.pos, fenced, end.sub, end.sup, end.primes))
                else:
                    items.append(fenced)
                i = j + 1
                continue
            if isinstance(node, Sym) and node.text in ("lfloor", "lceil"):
                closing = "rfloor" if node.text == "lfloor" else "rceil"
                j = next(
                    (k for k in range(i + 1, len(nodes)) if _bracket_text(nodes[k]) == closing), -1
                )
                if j > 0:  # ⌊t / s⌋: rounded down
                    fenced = Fenced(node.pos, "\\" + node.text, nodes[i + 1 : j], "\\" + closing)
                    end = nodes[j]
                    if isinstance(end, Scripts):
                        items.append(Scripts(end.pos, fenced, end.sub, end.sup, end.primes))
                    else:
                        items.append(fenced)
                    i = j + 1
                    continue
            if _is_bar(node):
                j = i + 1
                while j < len(nodes) and not _is_bar(nodes[j]):
                    j += 1
                if j < len(nodes):
                    end = nodes[j]
                    order = None
                    if isinstance(end, Scripts) and end.sub is not None:
                        order = to_latex(end.sub)
                    norm_kind = "abs" if _bar_text(node) == "|" else "norm"
                    norm = _Norm(nodes[i + 1 : j], norm_kind, order)
                    if isinstance(end, Scripts) and end.sup is not None:  # ‖x‖²
                        norm.power = self.expr(end.sup).code
                    items.append(norm)
                    i = j + 1
                    continue
            items.append(node)
            i += 1
        return items

    def expr(self, nodes: list[Node]) -> Value:
        items = self.group(nodes)
        terms: list[tuple[str, list[Node | _Norm]]] = [("+", [])]
        for item in items:
            if isinstance(item, Sym) and item.text in ("+", "-", "pm") and terms[-1][1]:
                terms.append(("-" if item.text == "-" else "+", []))
            elif isinstance(item, Sym) and item.text == "-" and not terms[-1][1]:
                terms[-1] = ("-" if terms[-1][0] == "+" else "+", [])
            else:
                terms[-1][1].append(item)
        code, kind = "", "scalar"
        if any(_is_dots(term) for _, term in terms):  # x₁ + … + xₙ: the middle is not written
            raise Untranslatable(to_latex(nodes), "terms elided with … cannot be listed")
        values: list[tuple[str, Value]] = []
        for sign, term in terms:
            if not term:
                raise Untranslatable(to_latex(nodes), "an operator with nothing after it")
            values.append((sign, self.term(term)))
        values = _size_identities(values)
        for sign, value in values:
            kind = _wider(kind, value.kind)
            code = (
                f"-{_paren(value.code)}"
                if not code and sign == "-"
                else (value.code if not code else f"{code} {sign} {value.code}")
            )
        return Value(code, kind)

    def term(self, items: list[Node | _Norm]) -> Value:
        factors: list[tuple[str, Value]] = []  # (joiner, value)
        joiner = ""
        i = 0
        while i < len(items):
            item = items[i]
            if (
                isinstance(item, Command)
                and item.name in ("mathbb", "mathbf", "bm")
                and to_latex(item.args[0]) == "1"
                and i + 1 < len(items)
                and _is_bracket(items[i + 1])
            ):  # 𝟙[x > 0]: 1 where the condition holds, else 0
                try:
                    condition = self.condition(items[i + 1].body)  # type: ignore[union-attr]
                except Untranslatable:
                    condition = ""
                if condition:
                    factors.append((joiner, Value(f"np.where({condition}, 1.0, 0.0)", "vector")))
                    joiner = ""
                    i += 2
                    continue
            powered = self.bound_power(items, i) if not self.loops else None
            if powered is not None:
                factors.append((joiner, powered[0]))
                joiner = ""
                i += powered[1]
                continue
            bound_here = self.bound_expression(items, i)
            if bound_here is not None:  # V(S_t), r_t(θ): the caller gave its value
                name, length = bound_here
                value = self.variable(name, self.fixed.get(name, "scalar"))
                if self.loops:
                    value = self.bound_entry(value, items[i : i + length])
                factors.append((joiner, value))
                joiner = ""
                i += length
                continue
            big = _big_operator(item)
            if (
                big in ("max", "min")
                and not isinstance(item, Scripts)
                and i + 1 < len(items)
                and _is_bracket(items[i + 1])
                and len(_split(items[i + 1].body, {","})) > 1  # type: ignore[union-attr]
            ):
                big = None  # max(0, z): element-wise, not a maximum over a set
            if (
                big in ("max", "min")
                and not isinstance(item, Scripts)
                and i + 1 < len(items)
                and _scripted_bracket(items[i + 1])
            ):  # max(x)²: the largest entry, squared
                name = "np.max" if big == "max" else "np.min"
                factors.append((joiner, self.scripted_value(name, items[i + 1])))  # type: ignore[arg-type]
                joiner = ""
                i += 2
                continue
            if big is not None:
                factors.append((joiner, self.big(item, big, items[i + 1 :])))  # type: ignore[arg-type]
                break
            wrt = _gradient_variable(item)
            if wrt is not None and i + 1 < len(items):  # ∇_θ L(θ): a numerical gradient
                factors.append((joiner, self.gradient(wrt, items[i + 1 :])))
                break
            if isinstance(item, Sym) and item.text in (
                "cdot",
                "times",
                "odot",
                "otimes",
                "*",
                "ast",
            ):
                joiner = "dot" if item.text == "cdot" else "*"
                i += 1
                continue
            if isinstance(item, Sym) and item.text == "/":
                joiner = "/"
                i += 1
                continue
            if isinstance(item, Sym) and item.text == "!" and factors:  # k!
                before, last = factors[-1]
                self.helpers.add("factorial")
                factors[-1] = (before, Value(f"factorial({_strip(last.code)})", last.kind))
                i += 1
                continue
            special = self.special_function(item, items[i + 1] if i + 1 < len(items) else None)
            if special is not None:  # Γ(a + b), Swish_β(x)
                factors.append((joiner, special))
                joiner = ""
                i += 2
                continue
            if (
                i + 1 < len(items)
                and _scripted_bracket(items[i + 1])
                and (self.is_sigmoid(item) or self.application(item, items[i + 1].base))  # type: ignore[union-attr, arg-type]
            ):  # σ(x)², f(x)ᵀ: the script acts on the function's value
                factors.append((joiner, self.applied_power(item, items[i + 1])))  # type: ignore[arg-type]
                joiner = ""
                i += 2
                continue
            if i + 1 < len(items) and _is_bracket(items[i + 1]):
                if self.is_sigmoid(item):  # σ(·) is the logistic sigmoid
                    self.helpers.add("sigmoid")
                    inner = self.unit(items[i + 1])
                    factors.append((joiner, Value(f"sigmoid({_strip(inner.code)})", inner.kind)))
                    joiner = ""
                    i += 2
                    continue
                letter = self.application(item, items[i + 1])  # type: ignore[arg-type]
                if letter is not None:
                    factors.append((joiner, self.stand_in(letter, items[i + 1])))  # type: ignore[arg-type]
                    joiner = ""
                    i += 2
                    continue
            if _is_arg_max(item, items[i + 1] if i + 1 < len(items) else None):
                operator = "argmax" if "max" in node_latex(items[i + 1]) else "argmin"  # type: ignore[arg-type]
                factors.append((joiner, self.big(items[i + 1], operator, items[i + 2 :])))  # type: ignore[arg-type]
                break
            function = _function_name(item)
            if function is not None and i + 1 < len(items):
                following = _big_operator(items[i + 1])
                name = FUNCTIONS[function]
                if following is None and _is_bracket(items[i + 1]):
                    arguments = _split(items[i + 1].body, {","})  # type: ignore[union-attr]
                    if len(arguments) > 1:
                        values = [self.expr(a) for a in arguments]
                        name = {"np.max": "np.maximum", "np.min": "np.minimum"}.get(name, name)
                        if name in HELPERS:
                            self.helpers.add(name)
                        kind = "scalar"
                        for value in values:
                            kind = _wider(kind, value.kind)
                        joined = ", ".join(_strip(v.code) for v in values)
                        factors.append((joiner, Value(f"{name}({joined})", kind)))
                        joiner = ""
                        i += 2
                        continue
                consumed = 2
                given = self.bound_expression(items, i + 1)
                if following is not None:  # log Σ …: the function takes the whole sum
                    argument = self.big(items[i + 1], following, items[i + 2 :])  # type: ignore[arg-type]
                elif (
                    i + 2 < len(items)
                    and self.is_sigmoid(items[i + 1])
                    and _is_bracket(items[i + 2])
                ):  # log σ(…): the function takes the sigmoid
                    inner = self.unit(items[i + 2])
                    self.helpers.add("sigmoid")
                    argument = Value(f"sigmoid({_strip(inner.code)})", inner.kind)
                    consumed = 3
                elif given is not None:  # log p(x_i) with p(x_i) given: its value
                    argument = self.variable(given[0], self.fixed.get(given[0], "scalar"))
                    if self.loops:
                        argument = self.bound_entry(argument, items[i + 1 : i + 1 + given[1]])
                    consumed = 1 + given[1]
                elif (
                    i + 2 < len(items)
                    and _is_bracket(items[i + 2])
                    and (_function_letter(items[i + 1], items[i + 2]) is not None)
                ):  # log p(x | z): the function takes the application
                    letter = _function_letter(items[i + 1], items[i + 2])
                    argument = self.stand_in(letter or "f", items[i + 2])  # type: ignore[arg-type]
                    consumed = 3
                elif _scripted_bracket(items[i + 1]) and name not in (
                    "np.diag",
                    "np.clip",
                ):  # softmax(M)ᵀ, sin(x)²: a script on the brackets acts on the function's value
                    factors.append((joiner, self.scripted_value(name, items[i + 1])))  # type: ignore[arg-type]
                    joiner = ""
                    i += 2
                    continue
                elif _indexed_bracket(items[i + 1], self.fixed):  # softmax(…)_y: then pick y
                    scripted = items[i + 1]
                    inner = self.unit(scripted.base)  # type: ignore[union-attr, arg-type]
                    index = _identifier(to_latex(scripted.sub or []))  # type: ignore[union-attr]
                    if name in HELPERS:
                        self.helpers.add(name)
                    picked = f"{name}({_strip(inner.code)})[int({index}) - 1]"
                    factors.append((joiner, Value(picked, "scalar")))
                    joiner = ""
                    i += 2
                    continue
                else:
                    run = _plain_factors(items, i + 1)
                    if run > 1:  # cos mθ₁, sin 2x: the function takes the whole product
                        argument = self.term(items[i + 1 : i + 1 + run])
                        consumed = 1 + run
                    else:
                        argument = self.unit(items[i + 1])
                    inside = _strip(argument.code)
                    if (
                        name in ("np.mean", "np.var", "np.std")
                        and argument.kind == "scalar"
                        and inside.isidentifier()
                        and inside not in self.fixed
                        and inside in self.variables
                    ):  # E[x], Var[x]: x is a batch of values, not one number
                        argument = self.variable(inside, "vector")
                if name in HELPERS:
                    self.helpers.add(name)
                kind = "scalar" if name in SCALAR_VALUED else argument.kind
                if name == "np.diag":  # a vector's diagonal matrix, a matrix's diagonal
                    kind = "matrix" if argument.kind in ("vector", "row", "scalar") else "vector"
                factors.append((joiner, Value(f"{name}({_strip(argument.code)})", kind)))
                joiner = ""
                if following is not None:
                    break
                i += consumed
                continue
            factors.append((joiner, self.unit(item)))
            joiner = ""
            i += 1
        return _combine(factors)

    def scripted_value(self, name: str, scripted: Scripts) -> Value:
        """`softmax(M)ᵀ`, `sin(x)²`: the function applied to the bracket, then transposed or
        raised to the power (a matrix's power or inverse is not guessed)."""
        inner = self.unit(scripted.base)  # type: ignore[arg-type]
        if name in HELPERS:
            self.helpers.add(name)
        applied = f"{name}({_strip(inner.code)})"
        sup = scripted.sup or []
        kind = "scalar" if name in SCALAR_VALUED else inner.kind
        if is_transpose(sup):
            if kind == "scalar":
                return Value(applied, kind)  # det(A)ᵀ: a number is its own transpose
            return Value(f"{applied}.T", "row" if kind == "vector" else kind)
        if kind == "matrix":
            raise Untranslatable(node_latex(scripted), "a power of a matrix-valued function")
        power = self.expr(sup)
        return Value(f"{applied} ** {_paren(power.code)}", kind)

    def applied_power(self, item: Node | _Norm, scripted: Scripts) -> Value:
        """`σ(x)²`, `f(x)ᵀ`: the sigmoid or an undefined function applied, then the script."""
        bracket = scripted.base
        assert isinstance(bracket, Fenced)
        if self.is_sigmoid(item):
            self.helpers.add("sigmoid")
            inner = self.unit(bracket)
            value = Value(f"sigmoid({_strip(inner.code)})", inner.kind)
        else:
            value = self.stand_in(self.application(item, bracket) or "f", bracket)
        sup = scripted.sup or []
        if is_transpose(sup):
            if value.kind == "scalar":
                raise Untranslatable(
                    node_latex(scripted), "a transpose of a value of unknown shape"
                )
            return Value(f"{_paren(value.code)}.T", "row" if value.kind == "vector" else value.kind)
        if value.kind == "matrix" or (value.unknown and value.kind != "scalar"):
            raise Untranslatable(node_latex(scripted), "a power of an array-valued function")
        power = self.expr(sup)
        return Value(f"{_paren(value.code)} ** {_paren(power.code)}", value.kind, value.unknown)

    def spell_names(self, nodes: list[Node]) -> list[Node]:
        """Letters spelling a name the caller gave a value (`TP`, `pos`) are that one name;
        `\\{ … \\}` are brackets."""
        words = sorted((w for w in self.fixed if len(w) > 1 and w.isalpha()), key=len, reverse=True)
        nodes = _code_names(_brace_brackets(nodes))
        out: list[Node] = []
        opened = 0
        i = 0
        while i < len(nodes):
            node = nodes[i]
            after_max = bool(out) and isinstance(out[-1], Sym) and out[-1].text in ("max", "min")
            is_cmd = isinstance(node, Sym) and node.kind == "cmd"
            if is_cmd and after_max and node.text in ("{", "lbrace"):  # type: ignore[attr-defined]
                out.append(Sym(node.pos, "(", "char"))  # max{0, z}; a set {x : …} stays
                opened += 1
                i += 1
                continue
            if is_cmd and opened and node.text in ("}", "rbrace"):  # type: ignore[attr-defined]
                out.append(Sym(node.pos, ")", "char"))
                opened -= 1
                i += 1
                continue
            if (
                isinstance(node, Sym)
                and node.text == "Delta"
                and "Delta" not in self.fixed
                and i + 1 < len(nodes)
            ):  # Δθ, Δw_ij: one name, the change in θ
                changed = self.changed_name(nodes[i + 1])
                if changed is not None:
                    out.append(changed)
                    i += 2
                    continue
            if words and isinstance(node, Sym) and node.kind == "letter":
                run = ""
                j = i
                while j < len(nodes):
                    following = nodes[j]
                    if not (isinstance(following, Sym) and following.kind == "letter"):
                        break
                    run += following.text
                    j += 1
                word = next((w for w in words if run.startswith(w)), None)
                if word is not None:
                    out.append(Text(node.pos, "mathrm", word))
                    i += len(word)
                    continue
            out.append(node)
            i += 1
        return out

    def indicator(self, node: Scripts) -> Value | None:
        """`𝟏_{x ≥ 0}`, `𝟙_{[k ≠ i]}`: 1 where the condition holds, else 0."""
        base = node.base
        if not (
            isinstance(base, Command)
            and base.name in ("mathbb", "mathbf", "bm", "boldsymbol")
            and to_latex(base.args[0]) == "1"
            and node.sub
            and node.sup is None
        ):
            return None
        body = node.sub
        if _bracket_text(body[0]) == "[" and _bracket_text(body[-1]) == "]":
            body = body[1:-1]
        left, operator, right = self.comparison(body)
        return Value(
            f"np.where(({_strip(left.code)}) {operator} ({_strip(right.code)}), 1.0, 0.0)",
            _wider(left.kind, right.kind),
        )

    def kronecker(self, node: Scripts) -> Value | None:
        """`δ_{pq}`, `δ_{k,y}`: 1 when the two indices are equal, else 0 (δ not given)."""
        base = node.base
        if not (isinstance(base, Sym) and base.text == "delta" and node.sub and node.sup is None):
            return None
        pieces = _split(node.sub, {","})
        if len(pieces) == 1 and len(pieces[0]) == 2:
            pieces = [[n] for n in pieces[0]]
        full = _identifier("delta_" + re.sub(r"\W", "", to_latex(node.sub)))
        if len(pieces) != 2 or "delta" in self.fixed or full in self.fixed:
            return None
        if not all(len(p) == 1 and isinstance(p[0], Sym) for p in pieces):
            return None
        a, b = (self.unit(p[0]) for p in pieces)
        return Value(f"np.where({_strip(a.code)} == {_strip(b.code)}, 1.0, 0.0)", "scalar")

    def special_function(self, item: Node | _Norm, bracket: Node | _Norm | None) -> Value | None:
        """Γ(·) the gamma function (when Γ is not given a value); Swish_β(·), x σ(βx)."""
        if not (isinstance(bracket, Fenced) and bracket.left == "("):
            return None
        if isinstance(item, Sym) and item.text == "Gamma" and "Gamma" not in self.fixed:
            inner = self.expr(bracket.body)
            self.helpers.add("gamma_function")
            return Value(f"gamma_function({_strip(inner.code)})", inner.kind)
        if (
            isinstance(item, Scripts)
            and isinstance(item.base, Text)
            and item.sub
            and item.sup is None
            and _word(item.base.text).lower() not in ("swish", "silu")
            and _word_function(item.base.text) is not None
        ):  # ReLU_1(·): an element-wise function keeps its meaning; softmax_j(·) has an axis
            name = FUNCTIONS[_word_function(item.base.text) or ""]
            if name not in ELEMENT_WISE:
                raise Untranslatable(node_latex(item), "a function with a subscript")
            inner = self.expr(bracket.body)
            if name in HELPERS:
                self.helpers.add(name)
            return Value(f"{name}({_strip(inner.code)})", inner.kind)
        if (
            isinstance(item, Scripts)
            and isinstance(item.base, Text)
            and _word(item.base.text).lower() in ("swish", "silu")
            and item.sub
            and item.sup is None
        ):
            inner = self.expr(bracket.body)
            beta = self.expr(item.sub)
            self.helpers.add("swish_beta")
            return Value(f"swish_beta({_strip(inner.code)}, {_strip(beta.code)})", inner.kind)
        return None

    def changed_name(self, node: Node) -> Node | None:
        """`Δ` before a name: the name of the change (`Delta_theta`), keeping its scripts."""
        base = node.base if isinstance(node, Scripts) else node
        if base is None or (isinstance(base, Sym) and base.kind not in ("letter", "cmd")):
            return None
        try:
            name, _ = self.base_name(base)
        except Untranslatable:
            return None
        word = Text(node.pos, "mathrm", "Delta_" + _identifier(name))
        if isinstance(node, Scripts):
            return Scripts(node.pos, word, node.sub, node.sup, node.primes)
        return word

    def bound_expression(self, items: list[Node | _Norm], start: int) -> tuple[str, int] | None:
        if not self.exprs:
            return None
        for length in (4, 3, 2, 1):
            if start + length <= len(items):
                key = tuple(_piece_latex(x) for x in items[start : start + length])
                if key in self.exprs:
                    return self.exprs[key], length
        return None

    def bound_power(self, items: list[Node | _Norm], start: int) -> tuple[Value, int] | None:
        """`Bias(θ̂)²` with `Bias(θ̂)` given: the given value, squared."""
        for length in (2, 3):
            end = start + length - 1
            if end >= len(items) or not self.exprs:
                continue
            last = items[end]
            if not (
                isinstance(last, Scripts)
                and isinstance(last.base, Fenced)
                and last.sub is None
                and last.sup is not None
                and last.primes == 0
            ):
                continue
            key = tuple(_piece_latex(x) for x in [*items[start:end], last.base])
            if key in self.exprs:
                name = self.exprs[key]
                value = self.variable(name, self.fixed.get(name, "scalar"))
                if is_transpose(last.sup):
                    kind = "row" if value.kind == "vector" else value.kind
                    return Value(f"{value.code}.T", kind), length
                if script_text(last.sup) == "-1" and value.kind == "matrix":  # H(f)(x)⁻¹
                    return Value(f"np.linalg.inv({value.code})", "matrix"), length
                if value.kind not in ("scalar",):
                    continue  # a power of an array: not guessed (element-wise or matrix?)
                power = self.expr(last.sup)
                return Value(f"{value.code} ** {_paren(power.code)}", value.kind), length
        return None

    def bound_entry(self, value: Value, pieces: list[Node | _Norm]) -> Value:
        """`γ(z_{nk})` or `y(x_n, 𝐰)` given as one array, read inside a Σ over n: its axes
        are the indices its subscripts name, in order (n, then k)."""
        letters: list[str] = []
        for piece in pieces:
            for node in _walk(piece):
                if isinstance(node, Scripts) and node.sub:
                    letters += [n for n in _loop_names(node.sub) if n not in letters]
                if isinstance(node, Fenced):  # p(x, y) in Σ_x Σ_y: read at x, then y
                    for argument in _split(node.body, ARGUMENT_SEPARATORS):
                        if len(argument) == 1 and isinstance(argument[0], Sym):
                            names = [n for n in _loop_names(argument) if n in self.loops]
                            letters += [n for n in names if n not in letters]
                            for n in names:
                                self.loops[n].outcome = True
        axes = [n for n in letters if n in self.loops or self.fixed.get(n) == "scalar"]
        running = [n for n in axes if n in self.loops]
        if not running:
            return value
        rank = {"scalar": 0, "vector": 1, "row": 1, "matrix": 2}.get(value.kind, -1)
        if rank != len(axes):
            shown = "".join(_piece_latex(p) for p in pieces)
            raise Untranslatable(
                shown, f"cannot tell which axis of its value runs over {running[0]}"
            )
        positions = []
        for position, name in enumerate(axes):
            loop = self.loops.get(name)
            if loop is None:
                positions.append(f"int({name}) - 1")
                continue
            loop.used = True
            loop.extent = loop.extent or f"np.shape({value.code})[{position}]"
            loop.entries.setdefault(value.code, "scalar" if rank == 1 else "")
            positions.append(f"{name} - 1" if loop.offset else name)
        return Value(f"{value.code}[{', '.join(positions)}]", "scalar")

    def is_sigmoid(self, item: Node | _Norm) -> bool:
        return (
            isinstance(item, Sym)
            and item.text == "sigma"
            and self.fixed.get("sigma", "function") == "function"
        )

    def application(self, item: Node | _Norm, bracket: Fenced) -> str | None:
        """The function's name when `item(…)` applies a function, None for a product.

        `u(k)`, `s_θ(x)`, `ε_θ(x_t, t)`, `p(x | z)`: a name before brackets holding only
        arguments (names, separated by commas, bars or semicolons) applies a function;
        `a(b + c)` multiplies. A name the caller gave a value (an array) multiplies.
        """
        base = item.base if isinstance(item, Scripts) else item
        name = ""
        if base is not None and not isinstance(base, _Norm):
            try:
                name = _identifier(self.base_name(base)[0])
            except Untranslatable:
                name = ""
        if isinstance(base, Command) and base.name in ("mathcal", "mathbb") and name:
            name = base.name[4:] + name  # 𝒩 is not N: N given a number leaves 𝒩(x | μ, Σ)
        full = name
        if isinstance(item, Scripts) and item.sub:
            full = _identifier(name + "_" + re.sub(r"\W", "", to_latex(item.sub)))
        for key in (full, name):
            if key and key in self.fixed:
                return key if self.fixed[key] == "function" else None
        letter = _function_letter(item, bracket)
        if letter is not None:
            return letter
        if isinstance(item, Scripts) and item.sup is not None:
            return None
        if not (
            isinstance(base, Sym)
            and (base.kind == "letter" or base.text in GREEK_NAMES)
            and base.text != "pi"
        ):
            return None
        if not _argument_like(bracket.body):
            return None
        return full or None

    def free_index(self, nodes: list[Node]) -> str | None:
        """A letter subscript on a given matrix (or stack) that nothing binds or gives (`μ_k`
        with the rows μ given, k neither summed over nor given): read element-wise elsewhere,
        which a density of whole vectors and covariance matrices cannot be."""
        for node in nodes:
            if not isinstance(node, Scripts) or not node.sub or node.base is None:
                continue
            letters = [n.text for n in node.sub if isinstance(n, Sym) and n.kind == "letter"]
            name, _ = self.base_name(node.base)
            # a vector read element-wise is a density per entry, as meant; a matrix or a
            # stack of covariances is not
            given = self.fixed.get(_identifier(name)) == "matrix"
            for letter in letters:
                free = letter not in self.bound and letter not in self.loops
                if given and free and letter not in self.fixed:
                    return letter
        return None

    def gradient(self, wrt: Node, body: list[Node | _Norm]) -> Value:
        """`∇_θ f` → central differences of f around θ (what ∇ means, checkable by hand)."""
        name, kind = self.base_name(wrt)
        variable = self.variable(name, kind)
        value = self.term(body)
        self.helpers.add("numerical_gradient")
        function = f"lambda {variable.code}: {_strip(value.code)}"
        return Value(f"numerical_gradient({function}, {variable.code})", variable.kind)

    def stand_in(self, name: str, bracket: Fenced) -> Value:
        """`p(x \\mid z)`, `f(x; θ)`: an undefined function applied to its arguments."""
        parts = _split(bracket.body, {";"})
        if len(parts) == 1:  # 𝒩(x | μ, Σ): the density at x, written with a bar
            parts = _split(bracket.body, {"|", "mid"})
        if name == "calN" and len(parts) == 2 and "calN" not in self.fixed:
            moments = _split(parts[1], {","})
            if len(moments) == 2:  # 𝒩(x; μ, Σ): the normal density at x
                for part in (parts[0], *moments):
                    free = self.free_index(part)
                    if free is not None:  # μ_k with k free: one density per k, not one
                        raise Untranslatable(
                            to_latex(bracket.body),
                            f"the free index {free} inside 𝒩 (one density for each {free})",
                        )
                x, mu, var = (self.expr(p) for p in (parts[0], moments[0], moments[1]))
                self.helpers.add("normal_pdf")
                return Value(
                    f"normal_pdf({_strip(x.code)}, {_strip(mu.code)}, {_strip(var.code)})",
                    "scalar",
                )
        # split at top-level separators only: Q(s, max_a Q(s', a)) keeps its inner call whole
        arguments = _split(bracket.body, ARGUMENT_SEPARATORS)
        function = _identifier(name)  # a parameter of the program: never a made-up body
        if any(_is_dots(a) for a in arguments):
            raise Untranslatable(
                f"{name}({to_latex(bracket.body)})", "arguments elided with … cannot be listed"
            )
        values = [self.expr(a) for a in arguments if a]
        self.stand_ins.add(function)
        kind = "scalar"
        for value in values:
            kind = _wider(kind, value.kind if value.kind != "row" else "vector")
        return Value(
            f"{function}({', '.join(_strip(v.code) for v in values)})",
            "vector" if kind == "matrix" else kind,
            unknown=True,
        )

    def big(self, item: Scripts | Sym, operator: str, body: list[Node | _Norm]) -> Value:
        sub = item.sub if isinstance(item, Scripts) else None
        sup = item.sup if isinstance(item, Scripts) else None
        if not body:
            raise Untranslatable(node_latex(item), "a big operator with nothing after it")
        if operator == "expectation":
            return self.expectation(sub, body)
        index = None
        if sub is None and isinstance(item, Scripts | Command):
            label = item.base if isinstance(item, Scripts) else item
            if isinstance(label, Command) and label.name in ("underset", "overset"):
                sub = label.args[0]  # the label under the operator is its index
        limits: tuple[str, str] | None = None
        if sub:
            first = sub[0]
            if isinstance(first, Sym) and first.kind in ("letter", "cmd"):
                index = _identifier(first.text)
            if (
                index and sup and len(sub) >= 3 and isinstance(sub[1], Sym) and sub[1].text == "="
            ):  # Σ_{i=1}^{n}: the stated limits, not the whole array
                scratch = _Translator(self.fixed, self.exprs)
                try:
                    low, high = scratch.expr(sub[2:]).code, scratch.expr(sup).code
                except Untranslatable:
                    low = high = "?"
                # a limit nobody gave a value is the array's own length
                if all(re.fullmatch(r"\d+", b) or b in self.fixed for b in (low, high)):
                    limits = (self.expr(sub[2:]).code, self.expr(sup).code)
        if index and operator in LOOPED:
            low_text = to_latex(sub[2:]).strip() if sub and len(sub) >= 3 else ""
            indices = _index_list(sub or []) or [index]
            looped = self.loop(operator, indices, limits, low_text == "0", body, _members(sub))
            if looped is not None:
                return looped
        if index:
            self.bound.add(index)
            if limits:
                self.ranges[index] = limits
        try:
            value = self.term(body)
        finally:
            self.bound.discard(index or "")
            self.ranges.pop(index or "", None)
        if operator in ("max", "min", "argmax", "argmin") and index in self.stand_ins:
            raise Untranslatable(node_latex(item), f"an optimisation over the function {index}")
        function = BIG[operator]
        if value.kind == "scalar" and operator in ("sum", "prod"):
            if limits:
                count = f"({_paren(limits[1])} - {_paren(limits[0])} + 1)"
            else:
                count = self.expr(sup).code if sup else str(SIZE)
                if not sup:  # Σ_x c: how many terms is not written
                    self.sized.append(node_latex(item))
            if operator == "prod":  # Π_i c: c to the number of terms
                return Value(f"{_paren(value.code)} ** {_paren(count)}", "scalar")
            return Value(f"{count} * {_paren(value.code)}", "scalar")
        return Value(f"{function}({_strip(value.code)})", "scalar")

    def loop(
        self,
        operator: str,
        indices: list[str],
        limits: tuple[str, str] | None,
        from_zero: bool,
        body: list[Node | _Norm],
        members: str,
    ) -> Value | None:
        """`Σ_n (x_n − x̄)(x_n − x̄)ᵀ`, `Σ_j α_ij h_j`: one term per value of the index,
        `x_n` the n-th entry (row) of x, then summed over the index's axis.

        None when the body never reads the index as a subscript (then the old element-wise
        reading applies). Element-wise bodies over vectors stay vectorised: `np.sum(x ** 2)`.
        """
        state = (
            dict(self.variables),
            set(self.helpers),
            set(self.stand_ins),
            set(self.samples),
            list(self.skipped),
            list(self.sized),
        )
        hidden = {i: self.loops[i] for i in indices if i in self.loops}
        for index in indices:
            self.loops[index] = _Loop(offset=0 if from_zero else 1)
        try:
            value = self.term(body)
            infos = [self.loops[index] for index in indices]
        finally:
            for index in indices:
                del self.loops[index]
            self.loops.update(hidden)
        if not any(info.used and info.entries for info in infos):
            (
                self.variables,
                self.helpers,
                self.stand_ins,
                self.samples,
                self.skipped,
                self.sized,
            ) = state
            return None
        counted = [
            i for i, info in zip(indices, infos, strict=True) if info.counted and info.outcome
        ]
        if counted and not limits:  # Σ_x p(x) x: which values x takes is not written
            raise Untranslatable(counted[0], "the values the running index takes are not written")
        if members:  # Σ_{k ∈ 𝒩_i}: which entries are members is not written here
            raise Untranslatable(members, "a sum over a set whose members are not listed")
        spans = []
        for index, info in zip(indices, infos, strict=True):
            if limits:
                low, high = (b if re.fullmatch(r"\d+", b) else f"int({b})" for b in limits)
                span = f"range({low}, {high} + 1)"
            elif info.extent:  # Σ_{t=0}^∞ over given rewards: the later terms are 0
                span = f"range({info.extent})" if from_zero else f"range(1, {info.extent} + 1)"
            else:
                raise Untranslatable(index, "cannot tell how many terms the sum has")
            spans.append(f"for {index} in {span}")
        function = BIG[operator]
        if len(indices) == 1:
            vector = self.vectorised(value.code, indices[0], infos[0], limits)
            if vector is not None:
                return Value(f"{function}({vector})", "scalar")
        body_code = _strip(value.code)
        return Value(f"{function}([{body_code} {' '.join(spans)}], axis=0)", value.kind)

    def vectorised(
        self, code: str, index: str, info: _Loop, limits: tuple[str, str] | None
    ) -> str | None:
        """The term over all entries at once, when it is element-wise on vectors and scalars."""
        families = [name for name, kind in info.entries.items() if kind == "scalar"]
        if len(families) != len(info.entries):
            return None
        if limits and limits[0] not in ("0", "1"):
            return None
        taken = f"[{index} - 1]" if info.offset else f"[{index}]"
        for name in families:
            whole = name
            if limits:
                stop = limits[1] if re.fullmatch(r"\d+", limits[1]) else f"int({limits[1]})"
                whole = f"{name}[:{stop}{' + 1' if limits[0] == '0' else ''}]"
            code = re.sub(rf"(?<![\w.]){re.escape(name)}{re.escape(taken)}", whole, code)
        code = re.sub(r"(?<![\w.])\((\w+(?:\[:[^\]]*\])?)\)", r"\1", code)  # (x) ** 2
        if re.search(r"@| for |lambda", code) or "[" in code.replace("[:", ""):
            return None
        for token in re.findall(r"(?<![\w.])[A-Za-z_][\w]*(?:\.\w+)*", code):
            if token in ELEMENT_WISE or token in families or token == "int":
                continue
            if token == index:
                return None
            kind = self.fixed.get(token) or self.variables.get(token) or self.assigned.get(token)
            if kind not in ("scalar", "dim"):
                return None
        return _strip(code)

    def matrix(self, env: Environment) -> Value:
        """`\\begin{pmatrix} x_1 \\\\ x_2 \\end{pmatrix}`: the array, entry by entry."""
        rows = [[cell for cell in row if cell] for row in env.rows]
        rows = [row for row in rows if row]
        values = [[self.expr(cell) for cell in row] for row in rows]
        if not values or any(v.kind != "scalar" for row in values for v in row):
            raise Untranslatable(node_latex(env), "a matrix whose entries are not numbers")
        if len({len(row) for row in values}) != 1:
            raise Untranslatable(node_latex(env), "rows of different lengths")
        if len(values[0]) == 1:  # one column: a vector
            return Value(f"np.array([{', '.join(_strip(r[0].code) for r in values)}])", "vector")
        listed = ", ".join("[" + ", ".join(_strip(v.code) for v in row) + "]" for row in values)
        return Value(f"np.array([{listed}])", "matrix")

    def cases(self, env: Environment) -> Value:
        """`{a if c; b otherwise}` → np.where(c, a, b), the last case the default."""
        branches: list[tuple[Value, str | None]] = []
        for row in env.rows:
            cells = [cell for cell in row if cell]
            if not cells:
                continue
            value = self.expr(cells[0])
            condition = None
            if len(cells) > 1:
                words = [n for n in cells[1] if not isinstance(n, Text)]
                text = " ".join(n.text for n in cells[1] if isinstance(n, Text)).strip()
                if words and text.strip(" .,;") not in ("otherwise", "else"):
                    condition = self.condition(words)
            branches.append((value, condition))
        if not branches or any(c is None for _, c in branches[:-1]):
            raise Untranslatable(node_latex(env), "a case without a condition")
        code = branches[-1][0].code
        kind = branches[-1][0].kind
        for value, condition in reversed(branches[:-1]):
            code = f"np.where({condition}, {_strip(value.code)}, {_strip(code)})"
            kind = _wider(kind, value.kind)
        return Value(code, kind)

    def condition(self, nodes: list[Node]) -> str:
        """`x > 0`, `|x| < 1`, `j \\le i`: a comparison in NumPy."""
        left, operator, right = self.comparison(nodes)
        return f"({_strip(left.code)}) {operator} ({_strip(right.code)})"

    def comparison(self, nodes: list[Node]) -> tuple[Value, str, Value]:
        while nodes and isinstance(nodes[-1], Sym) and nodes[-1].text in (",", ".", ";"):
            nodes = nodes[:-1]  # `|a| ≤ δ,` in a case: the row's punctuation
        for index, node in enumerate(nodes):
            if isinstance(node, Sym) and (node.text in COMPARE or node.text == "="):
                left, right = self.expr(nodes[:index]), self.expr(nodes[index + 1 :])
                operator = "==" if node.text == "=" else COMPARE[node.text]
                return left, operator, right
        raise Untranslatable(to_latex(nodes), "a condition that is not a comparison")

    def expectation(self, sub: list[Node] | None, body: list[Node | _Norm]) -> Value:
        names: list[str] = []
        for node in sub or []:
            if isinstance(node, Sym) and node.text == "sim":
                break
            try:
                name, _ = self.base_name(node)
                names.append(_identifier(name))
            except Untranslatable:
                continue
        if self.fixed:  # Ê_t over given values: t is only the index of the average
            names = [n for n in names if n in self.fixed]
        self.samples.update(names)
        for name in names:
            if name not in self.fixed:
                self.variables[name] = "vector"
        inner = body[0] if len(body) == 1 else Group(0, body)  # type: ignore[arg-type]
        value = self.unit(inner)
        inside = _strip(value.code)
        if (
            not names
            and value.kind == "scalar"
            and inside.isidentifier()
            and inside not in self.fixed
            and inside in self.variables
        ):  # 𝔼[x] with nothing under 𝔼: the mean of a batch of x, not of one number
            self.variable(inside, "vector")
        return Value(f"np.mean({inside})", "scalar")

    def unit(self, item: Node | _Norm) -> Value:
        if isinstance(item, _Norm) and item.power is not None:
            inner = self.unit(_Norm(item.body, item.kind, item.order))
            return Value(f"{inner.code} ** {_paren(item.power)}", inner.kind)
        if isinstance(item, _Norm):
            value = self.expr(item.body)
            if item.kind == "abs" and value.kind == "matrix":
                return Value(f"np.linalg.det({_strip(value.code)})", "scalar")  # |Σ|
            if item.kind == "abs" and value.kind == "vector" and _bold(item.body):
                # |𝐱_p − 𝐱_q| between bold vectors is a length (GPML Eq. 2.16); |g_t| on a
                # plain letter is element-wise, as optimiser papers write it (AdaMax)
                return Value(f"np.linalg.norm({_strip(value.code)})", "scalar")
            if item.kind == "abs":
                return Value(f"np.abs({_strip(value.code)})", value.kind)
            order = f", ord={item.order}" if item.order and item.order not in ("2",) else ""
            if item.order == "\\infty":
                order = ", ord=np.inf"
            return Value(f"np.linalg.norm({_strip(value.code)}{order})", "scalar")
        if isinstance(item, Fenced) and item.left in ("\\lfloor", "\\lceil"):
            inner = self.expr(item.body)
            function = "np.floor" if item.left == "\\lfloor" else "np.ceil"
            return Value(f"{function}({_strip(inner.code)})", inner.kind)
        if isinstance(item, Fenced) and item.left == "\\langle":
            parts = _split(item.body, {","})
            if len(parts) == 2:
                a, b = self.expr(parts[0]), self.expr(parts[1])
                return Value(f"np.dot({_strip(a.code)}, {_strip(b.code)})", "scalar")
        if isinstance(item, Fenced):
            if item.left in ("\\|", "\\Vert", "\\lVert", "|", "\\lvert"):
                return self.unit(
                    _Norm(item.body, "abs" if item.left == "|" or "vert" in item.left else "norm")
                )
            parts = [p for p in _split(item.body, {","}) if not _is_dots(p)]
            if len(parts) > 1:  # a tuple or an interval: (a, b), [a, b]
                values = [self.expr(part) for part in parts]
                return Value(f"np.array([{', '.join(_strip(v.code) for v in values)}])", "vector")
            value = self.expr(parts[0] if parts else item.body)
            return Value(f"({_strip(value.code)})", value.kind)
        if isinstance(item, Group):
            value = self.expr(item.body)
            return Value(_paren(value.code), value.kind)
        if isinstance(item, Sym):
            if item.kind == "number":
                return Value(item.text, "scalar")
            if item.kind == "cmd" and item.text == "pi" and "pi" not in self.fixed:
                return Value("np.pi", "scalar")
            if item.kind == "cmd" and item.text == "infty":
                return Value("np.inf", "scalar")
            # a bare `e` is a variable (an error, an edge): Euler's number is written e^{…}
        if isinstance(item, Command):
            return self.command(item)
        if isinstance(item, Scripts):
            return self.scripts(item)
        if isinstance(item, Environment) and item.name in ("cases", "dcases"):
            return self.cases(item)
        if isinstance(item, Environment) and item.name in ("pmatrix", "bmatrix", "matrix"):
            return self.matrix(item)
        if isinstance(item, Environment):
            raise Untranslatable(node_latex(item), "a multi-line environment")
        name, kind = self.base_name(item)  # type: ignore[arg-type]
        return self.variable(name, kind)

    def command(self, node: Command) -> Value:
        if node.name in ("frac", "dfrac", "tfrac", "cfrac"):
            top, bottom = self.expr(node.args[0]), self.expr(node.args[1])
            return Value(
                f"{_paren(top.code)} / {_paren(bottom.code)}", _wider(top.kind, bottom.kind)
            )
        if node.name == "sqrt":
            inner = self.expr(node.args[0])
            if node.optional:
                root = self.expr(node.optional).code
                return Value(f"{_paren(inner.code)} ** (1 / {_paren(root)})", inner.kind)
            return Value(f"np.sqrt({_strip(inner.code)})", inner.kind)
        if node.name in ("binom", "dbinom", "tbinom") and len(node.args) == 2:
            n, k = self.expr(node.args[0]), self.expr(node.args[1])
            self.helpers.add("binom")
            return Value(f"binom({_strip(n.code)}, {_strip(k.code)})", _wider(n.kind, k.kind))
        if node.name in ("underbrace", "overbrace") and node.args:
            value = self.expr(node.args[0])  # the brace's label is a comment
            return Value(_paren(value.code), value.kind)
        if node.name in ("mathbb", "mathbf", "bm") and to_latex(node.args[0]) in ("1",):
            self.sized.append(node_latex(node))  # 𝟏: its length is not written
            return Value(f"np.ones({SIZE})", "vector")
        if node.name in ("left", "right", "textcolor"):
            return self.expr(node.args[-1])
        name, kind = self.base_name(node)
        return self.variable(name, kind)

    def scripts(self, node: Scripts) -> Value:
        base = node.base
        if base is None:
            raise Untranslatable(node_latex(node))
        if isinstance(base, Sym) and base.kind == "number":
            value = Value(base.text, "scalar")
            if node.sup is None:
                return value
            exponent = self.expr(node.sup)
            return Value(f"{base.text} ** {_paren(exponent.code)}", exponent.kind)
        if isinstance(base, Sym) and base.text == "e" and node.sup is not None:
            exponent = self.expr(node.sup)
            return Value(f"np.exp({_strip(exponent.code)})", exponent.kind)
        if isinstance(base, Sym) and base.kind == "cmd" and base.text in ("nabla", "partial"):
            raise Untranslatable(node_latex(node), "a gradient must be written out by hand")
        if isinstance(base, Command) and base.name in ("underbrace", "overbrace"):
            return self.command(base)  # the label under the brace names, it does not compute
        special = self.indicator(node) or self.kronecker(node)
        if special is not None:
            return special
        if (
            node.sup
            and len(node.sup) >= 2
            and is_transpose(node.sup[-1:])
            and script_label(node.sup[:-1]) is not None
        ):  # X^{(train)⊤}: the labelled X, transposed
            labelled = self.scripts(Scripts(node.pos, base, node.sub, node.sup[:-1], node.primes))
            kind = "row" if labelled.kind == "vector" else labelled.kind
            return Value(f"{_paren(labelled.code)}.T", kind)
        label = None if isinstance(base, Group | Fenced) else script_label(node.sup)
        inside = script_text(node.sup or [])
        if label is not None and self.loops and re.fullmatch(r"\(.*\)", inside):
            names = re.findall(r"[A-Za-z]+", inside)
            if inside[1:-1].strip() in self.loops and node.sub is None:
                # x^{(i)} in Σ_i: the i-th example, an entry of the family x
                plain = Scripts(
                    node.pos, base, [Sym(node.pos, inside[1:-1].strip(), "letter")], None, 0
                )
                return self.scripts(plain)
            if any(n in self.loops for n in names):  # β^{(N−i)}: a power or an index?
                raise Untranslatable(
                    node_latex(node), "cannot tell whether the bracketed superscript is a power"
                )
        if label is not None:  # W^O, L^{CLIP}, x^+, θ^*: a name, not a power
            name, kind = self.base_name(base)
            named = (f"{name}_{label}", "scalar" if kind == "dim" else kind)
            if node.sub is not None:
                value = self.subscripted(base, node.sub, named)
            else:
                value = self.variable(*named)
            if node.primes:
                value = self.variable(value.code + "_prime" * node.primes, value.kind)
            return value
        primed = False
        if isinstance(base, Group | Fenced):
            value = self.unit(base)  # a subscript on a bracket picks an element: keep the array
            index = to_latex(node.sub or []).strip()
            loop = self.loops.get(_identifier(index)) if index else None
            if loop is not None and value.kind != "scalar":  # (H − μ)_i in Σ_i: row i
                loop.used = True
                loop.extent = loop.extent or f"np.shape({_strip(value.code)})[0]"
                loop.entries[_strip(value.code)] = ""
                taken = f"{_identifier(index)} - 1" if loop.offset else _identifier(index)
                rows = {"matrix": "vector", "vector": "scalar", "row": "scalar"}[value.kind]
                value = Value(f"{_paren(value.code)}[{taken}]", rows)
            elif (
                index and self.fixed.get(_identifier(index)) == "scalar" and value.kind != "scalar"
            ):
                value = Value(f"{_paren(value.code)}[int({_identifier(index)}) - 1]", "scalar")
        elif node.sub is not None:
            value = self.subscripted(base, node.sub)
        elif isinstance(base, Command) and base.name in ("frac", "sqrt"):
            value = self.command(base)
        else:
            name, kind = self.base_name(base)
            # x': a name of its own; x itself is not read
            value = self.variable(_identifier(name) + "_prime" * node.primes, kind)
            primed = True
        if node.primes and not primed:
            value = self.variable(value.code + "_prime" * node.primes, value.kind)
        if node.sup is None:
            return value
        sup = script_text(node.sup)
        if is_transpose(node.sup):
            if value.kind == "scalar" and not re.fullmatch(r"\w+", value.code):
                return value  # the transpose of a number is itself
            if value.kind == "scalar" and re.fullmatch(r"\w+", value.code):
                # only arrays are transposed: a lowercase letter is a vector, a capital a matrix
                value = self.variable(value.code, "vector" if value.code.islower() else "matrix")
            return Value(f"{_paren(value.code)}.T", "row" if value.kind == "vector" else value.kind)
        if sup == "-1":
            if value.kind == "matrix":
                return Value(f"np.linalg.inv({value.code})", "matrix")
            return Value(f"1 / {_paren(value.code)}", value.kind)
        exponent = self.expr(node.sup)
        return Value(f"{_paren(value.code)} ** {_paren(exponent.code)}", value.kind)

    def loop_entry(
        self, base: Node, sub: list[Node], named: tuple[str, str] | None = None
    ) -> Value | None:
        """`x_n`, `s_{ij}`, `α_{ij}`, `H_{i,:}` inside a Σ over n, i or j: an entry of the
        family x (first axis = the first index, counted from 1 as written), or None."""
        if not any(n in self.loops for n in _loop_names(sub)):
            return None
        written, _ = named or self.base_name(base)
        full = _identifier(f"{written}_{to_latex(sub).replace(chr(92), '')}")
        if full in self.fixed:  # p̂_{mk} given as one array over the running k
            given = self.variable(full, self.fixed[full])
            return self.bound_entry(given, [Scripts(base.pos, base, sub, None, 0)])
        pieces = _split(sub, {","})
        if (
            len(pieces) == 1
            and len(pieces[0]) > 1
            and all(isinstance(n, Sym) and n.kind in ("letter", "cmd") for n in pieces[0])
        ):
            pieces = [[n] for n in pieces[0]]  # s_{ij}: one index a letter
        positions: list[str] = []
        loops: list[tuple[int, str]] = []
        for piece in pieces:
            names = _loop_names(piece)
            running = [n for n in names if n in self.loops]
            if len(piece) == 1 and isinstance(piece[0], Sym) and piece[0].text == ":":
                positions.append(":")
            elif running:
                if not _index_expression(piece, self.loops, self.fixed):
                    raise self.unclear(base, sub)  # X_{pa(i)}: not an index the sum runs over
                loop = self.loops[running[0]]
                code = self.expr(piece).code
                if names == [running[0]] and len(piece) == 1:
                    positions.append(f"{code} - 1" if loop.offset else code)
                    loops.append((len(positions) - 1, running[0]))
                else:  # x_{t-1}: never before the first entry (no wrapping round)
                    for name in running:
                        self.loops[name].entries[_identifier(to_latex([base]))] = ""
                    self.helpers.add("entry")
                    shifted = f"{_paren(code)} - 1" if loop.offset else code
                    positions.append(f"entry({shifted})")
            elif len(names) == 1 and len(piece) == 1 and self.fixed.get(names[0]) == "scalar":
                positions.append(f"int({names[0]}) - 1")  # α_{ij} with i given
            elif (
                len(names) == 1
                and len(piece) == 1
                and isinstance(piece[0], Sym)
                and piece[0].kind == "letter"
                and names[0] not in self.fixed
                and self.variables.get(names[0], "index") == "index"
            ):  # w_{ij} x_j with i free: the entry i the caller picks
                self.variables[names[0]] = "index"
                positions.append(f"int({names[0]}) - 1")
            else:
                raise self.unclear(base, sub)
        name, kind = named or self.base_name(base)
        name = _identifier(name)
        taken = sum(p != ":" for p in positions)
        rank = {"scalar": 0, "dim": 0, "vector": 1, "row": 1, "matrix": 2}
        if isinstance(base, Sym) and base.kind == "letter" and kind == "matrix":
            kind = "scalar"  # R_t, G_t: a plain capital read at an index is a number
        if name in self.fixed:
            family = self.fixed[name]
            if family == "function" or self.ranks.get(name, rank[family]) < taken:
                raise self.unclear(base, sub)
        elif kind in ("scalar", "dim"):
            family = {1: "vector", 2: "matrix"}.get(taken, "")
        elif kind == "vector" and taken == 1:
            family = "matrix"  # 𝐱_n: the n-th vector, a row of the data matrix
        elif kind == "matrix" and taken == 2:
            family = "matrix"
        else:
            raise self.unclear(base, sub)  # Σ_k: a row of Σ or a matrix of its own?
        if not family:
            raise self.unclear(base, sub)
        value = self.variable(name, family)
        for position, index in loops:
            loop = self.loops[index]
            loop.extent = loop.extent or f"np.shape({value.code})[{position}]"
        left = self.ranks.get(name, rank[value.kind]) - taken
        if left > 2:
            raise self.unclear(base, sub)
        element = {0: "scalar", 1: "vector", 2: "matrix"}[left]
        for _, index in loops:
            self.loops[index].entries.setdefault(value.code, element if len(positions) == 1 else "")
        return Value(f"{value.code}[{', '.join(positions)}]", element)

    def unclear(self, base: Node, sub: list[Node]) -> Untranslatable:
        """A running index in a subscript that is not plainly an entry: refuse, not guess."""
        written = node_latex(base) + "_{" + to_latex(sub) + "}"
        running = next(n for n in _loop_names(sub) if n in self.loops)
        return Untranslatable(
            written,
            f"cannot tell what {written} is for each {running} (an entry, a row, its own array)",
        )

    def subscripted(
        self, base: Node, sub: list[Node], named: tuple[str, str] | None = None
    ) -> Value:
        entry = self.loop_entry(base, sub, named) if self.loops else None
        if entry is not None:
            return entry
        mark = LABEL_MARKS.get(script_text(sub))
        if mark in ("pos", "neg", "star"):  # k_+, k_-: a name of its own, not the family k
            name, kind = named or self.base_name(base)
            return self.variable(f"{name}_{mark}", "scalar" if kind == "dim" else kind)
        index_names = [
            _identifier(n.text) for n in sub if isinstance(n, Sym) and n.kind in ("letter", "cmd")
        ]
        bound = [name for name in index_names if name in self.bound]
        name, kind = named or self.base_name(base)
        if bound and len(bound) == 1:
            value = self.variable(name, "vector" if kind in ("scalar", "dim") else kind)
            limits = self.ranges.get(bound[0])
            if limits and len(sub) == 1 and value.kind == "vector" and limits[0] in ("0", "1"):
                start = "0" if limits[0] == "1" else "-1"  # 1-based or 0-based limits
                stop = f"int({limits[1]})" + ("" if limits[0] == "1" else " + 1")
                if start == "-1":
                    return Value(f"{value.code}[:{stop}]", "vector")
                return Value(f"{value.code}[:{stop}]", "vector")
            return value
        if len(bound) >= 2:
            return self.variable(name, "matrix")
        label = to_latex(sub).replace("\\", "")
        full = _identifier(f"{name}_{label}")
        plain_name = _identifier(name)
        if (
            full not in self.fixed
            and plain_name in self.fixed
            and self.fixed[plain_name] in ("vector", "matrix")
            and len(index_names) == 1
            and len(sub) == 1
            and self.fixed.get(index_names[0]) == "scalar"
        ):  # z_i with z and i given: the i-th entry, counted from 1 as written
            value = self.variable(name, self.fixed[plain_name])
            kind = "scalar" if value.kind == "vector" else "vector"
            return Value(f"{value.code}[int({index_names[0]}) - 1]", kind)
        if (
            full not in self.fixed
            and self.fixed.get(plain_name) in ("vector", "matrix")
            and len(sub) == 1
            and isinstance(sub[0], Sym)
            and sub[0].kind == "number"
            and sub[0].text.isdigit()
            and int(sub[0].text) >= 1
            and self.ranks.get(plain_name, 1) <= 3
        ):  # x_1 with the vector x given: its first entry, counted from 1 as written
            value = self.variable(name, self.fixed[plain_name])
            rank = self.ranks.get(plain_name, 1 if value.kind == "vector" else 2)
            kind = {0: "scalar", 1: "vector", 2: "matrix"}[rank - 1]
            return Value(f"{value.code}[{int(sub[0].text) - 1}]", kind)
        if (
            full not in self.fixed
            and self.fixed.get(plain_name) == "matrix"
            and self.ranks.get(plain_name, 2) == 2
            and len(index_names) == 2
            and len([n for n in sub if not (isinstance(n, Sym) and n.text == ",")]) == 2
            and all(self.fixed.get(n) == "scalar" for n in index_names)
        ):  # e_{ij} with the matrix e, i and j given: one entry
            value = self.variable(name, "matrix")
            rows, columns = index_names
            return Value(f"{value.code}[int({rows}) - 1, int({columns}) - 1]", "scalar")
        if (
            full not in self.fixed
            and plain_name in self.fixed
            and self.fixed[plain_name] != "scalar"
            and len(index_names) == 1
            and len(sub) == 1
        ):  # x_i with the vector x given: element-wise over x
            return self.variable(name, self.fixed[plain_name])
        if full in DIMENSIONS:  # d_k, d_model: a whole number, the size of the arrays
            return self.variable(full, "dim")
        return self.variable(f"{name}_{label}", "scalar" if kind == "dim" else kind)


BOLD = {"mathbf", "boldsymbol", "bm", "vec", "bf"}


def _bold(nodes: list[Node]) -> bool:
    """Whether the bars hold a vector written as one (bold or with an arrow); the
    argument of f in |f(𝐱) − f(𝐲)| does not count."""
    depth = 0
    for node in nodes:
        text = _bracket_text(node)
        depth += (text in ("(", "[")) - (text in (")", "]"))
        base = node.base if isinstance(node, Scripts) else node
        if depth == 0 and isinstance(base, Command) and base.name in BOLD:
            return True
    return False


def _size_identities(values: list[tuple[str, Value]]) -> list[tuple[str, Value]]:
    """`K + σ²I`: the identity has the size of the matrix it is added to."""
    sizes = [
        v.code
        for _, v in values
        if v.kind == "matrix" and IDENTITY not in v.code and re.fullmatch(r"[\w.]+", v.code)
    ]
    if not sizes:
        return values
    sized = f"np.eye(len({sizes[0]}))"
    return [(sign, Value(v.code.replace(IDENTITY, sized), v.kind)) for sign, v in values]


SET_MARKS = {":", "mid", "|", "in", "colon", ","}  # {dog, cat}, {x : x > 0}: sets


def _brace_brackets(nodes: list[Node]) -> list[Node]:
    """`\\{ … \\}^2` around an expression are brackets; a set `\\{x : x > 0\\}` stays."""
    out = list(nodes)
    for i, node in enumerate(out):
        if not (isinstance(node, Sym) and node.kind == "cmd" and node.text in ("{", "lbrace")):
            continue
        depth = 0
        for j in range(i + 1, len(out)):
            text = _bracket_text(out[j])
            if text in ("{", "lbrace"):
                depth += 1
            elif text in ("}", "rbrace") and depth:
                depth -= 1
            elif text in ("}", "rbrace"):
                after_max = i > 0 and _bracket_text(out[i - 1]) in ("max", "min")
                if not after_max and _set_marks(out[i + 1 : j]):
                    break  # max{0, z} takes arguments; {x : x > 0}, {a, b} are sets
                end = out[j]
                out[i] = Sym(node.pos, "(", "char")
                closer = Sym(end.pos, ")", "char")
                out[j] = (
                    Scripts(end.pos, closer, end.sub, end.sup, end.primes)
                    if isinstance(end, Scripts)
                    else closer
                )
                break
    return out


def _set_marks(nodes: list[Node]) -> bool:
    depth = 0
    for node in nodes:
        text = _bracket_text(node)
        depth += (text in ("(", "[")) - (text in (")", "]"))
        if depth == 0 and isinstance(node, Sym) and node.text in SET_MARKS:
            return True
    return False


def _code_names(nodes: list[Node]) -> list[Node]:
    """`step\\_num`, `warmup\\_steps`: letters joined by `\\_` are one name."""
    out: list[Node] = []
    i = 0
    while i < len(nodes):
        j = i
        while j < len(nodes) and isinstance(nodes[j], Sym) and nodes[j].kind == "letter":  # type: ignore[attr-defined]
            j += 1
        k = j
        while (
            j > i
            and k + 1 < len(nodes)
            and isinstance(nodes[k], Sym)
            and nodes[k].text == "_"  # type: ignore[attr-defined]
            and isinstance(nodes[k + 1], Sym)
            and nodes[k + 1].kind == "letter"  # type: ignore[attr-defined]
        ):
            k += 1
            while k < len(nodes) and isinstance(nodes[k], Sym) and nodes[k].kind == "letter":  # type: ignore[attr-defined]
                k += 1
        if k > j:
            word = "".join(n.text for n in nodes[i:k])  # type: ignore[attr-defined]
            out.append(Text(nodes[i].pos, "mathrm", word))
            i = k
            continue
        out.append(nodes[i])
        i += 1
    return out


def _index_expression(piece: list[Node], loops: dict[str, _Loop], fixed: dict[str, str]) -> bool:
    """`t`, `t-1`, `t+k+1`: running indices, given whole numbers and constants, added."""
    for node in piece:
        if not isinstance(node, Sym):
            return False
        if node.kind == "number" or node.text in ("+", "-"):
            continue
        name = _identifier(node.text)
        if node.kind in ("letter", "cmd") and (name in loops or fixed.get(name) == "scalar"):
            continue
        return False
    return True


def _plain_factors(items: list[Node | _Norm], start: int) -> int:
    """How many plain factors (numbers, letters, scripted letters) follow a function name
    written without brackets: `\\cos m\\theta_1` is cos(m θ₁)."""
    count = 0
    for item in items[start:]:
        base = item.base if isinstance(item, Scripts) else item
        plain = isinstance(base, Sym) and (
            base.kind in ("letter", "number") or (base.kind == "cmd" and base.text in GREEK_NAMES)
        )
        if not plain:  # log 2πσ² is log(2πσ²); a bracket or another function ends it
            break
        count += 1
    return count


def _index_list(sub: list[Node]) -> list[str]:
    """`Σ_{i,j}`, `Σ_{b,h,w}`: several running indices at once (else [])."""
    parts = _split(sub, {","})
    if len(parts) < 2 or not all(len(p) == 1 and isinstance(p[0], Sym) for p in parts):
        return []
    names = _loop_names([p[0] for p in parts])
    return names if len(names) == len(parts) else []


def _members(sub: list[Node] | None) -> str:
    """The set of `Σ_{k ∈ 𝒩_i}` when it is a subset that is not listed ("" for none or for a
    whole space such as `x ∈ 𝒳`, `x ∈ X`, `x ∈ Ω`: every entry)."""
    sub = sub or []
    for position, node in enumerate(sub):
        if isinstance(node, Sym) and node.text == "in":
            rest = sub[position + 1 :]
            whole = len(rest) == 1 and (
                (isinstance(rest[0], Sym) and rest[0].kind == "letter")
                or (isinstance(rest[0], Sym) and rest[0].kind == "cmd" and rest[0].text.istitle())
                or (isinstance(rest[0], Command) and rest[0].name in ("mathcal", "mathbb"))
            )
            return "" if whole else to_latex(rest)
    return ""


def _walk(node: Node | _Norm) -> list[Node]:
    """A node and everything inside it (arguments, bodies, scripts)."""
    if isinstance(node, _Norm):
        return [n for child in node.body for n in _walk(child)]
    out: list[Node] = [node]
    children: list[Node] = []
    if isinstance(node, Group | Fenced):
        children = list(node.body)
    elif isinstance(node, Scripts):
        children = [c for c in (node.base,) if c is not None] + (node.sub or []) + (node.sup or [])
    elif isinstance(node, Command):
        children = [n for arg in node.args for n in arg]
    for child in children:
        out += _walk(child)
    return out


def _loop_names(nodes: list[Node]) -> list[str]:
    return [
        _identifier(n.text) for n in nodes if isinstance(n, Sym) and n.kind in ("letter", "cmd")
    ]


def _is_dots(nodes: list[Node] | list[Node | _Norm]) -> bool:
    """`…` standing for the terms in between (`x₁ + … + xₙ`), as a command or as `...`."""
    if len(nodes) == 1 and isinstance(nodes[0], Sym):
        return nodes[0].text in ("dots", "ldots", "cdots", "dotsc", "dotsb")
    return bool(nodes) and all(isinstance(n, Sym) and n.text == "." for n in nodes)


def _gradient_variable(item: Node | _Norm) -> Node | None:
    """The variable of `∇_θ` or `∂_x`, when it is a single name."""
    if not (isinstance(item, Scripts) and isinstance(item.base, Sym)):
        return None
    if item.base.text not in ("nabla", "partial") or item.sup is not None or not item.sub:
        return None
    return item.sub[0] if len(item.sub) == 1 else None


def _bracket_text(node: Node) -> str:
    if isinstance(node, Scripts):
        node = node.base  # type: ignore[assignment]
    return node.text if isinstance(node, Sym) else ""


def _scripted_bracket(item: Node | _Norm) -> bool:
    """`(M)ᵀ`, `(x)²`: a round bracket with a power or a transpose on it (not a label)."""
    return (
        isinstance(item, Scripts)
        and isinstance(item.base, Fenced)
        and item.base.left in ("(", "[")
        and item.sub is None
        and item.primes == 0
        and bool(item.sup)
        and script_label(item.sup) is None
    )


def _is_bracket(item: Node | _Norm) -> bool:
    return isinstance(item, Fenced) and item.left in ("(", "[", "\\{")


def _function_letter(item: Node | _Norm, bracket: Node | _Norm | None = None) -> str | None:
    """f, g, p, q … (or a subscripted p_θ, D_KL, an upright name) directly before a bracket."""
    if isinstance(item, Text) and _word(item.text).isalpha() and not _word_function(item.text):
        return _word(item.text)
    if (
        bracket is not None
        and isinstance(bracket, Fenced)
        and bracket.left == "("  # α[r + γ …]: square brackets after a letter multiply
        and len(_split(bracket.body, ARGUMENT_SEPARATORS)) > 1  # only top-level commas count
    ):
        base = item.base if isinstance(item, Scripts) else item
        if (
            isinstance(base, Sym)
            and base.kind in ("letter", "cmd")
            and (base.kind == "letter" or base.text in GREEK_NAMES)
        ):
            suffix = (
                "_" + re.sub(r"\W", "", to_latex(item.sub or []))
                if isinstance(item, Scripts) and item.sub
                else ""
            )
            return base.text + suffix
    if isinstance(item, Sym) and item.kind == "letter" and item.text in FUNCTION_LETTERS:
        return item.text
    if (
        isinstance(item, Scripts)
        and item.sup is None
        and isinstance(item.base, Sym)
        and (item.base.kind == "letter" and item.base.text in FUNCTION_LETTERS)
    ):
        return item.base.text + "_" + re.sub(r"\W", "", to_latex(item.sub or []))
    if (
        isinstance(item, Command)
        and item.name in ("mathcal", "mathbb")
        and len(item.args[0]) == 1
        and isinstance(item.args[0][0], Sym)
    ):
        return item.name[4:] + item.args[0][0].text
    return None


NAME_DECORATIONS = {"mathbf", "bm", "boldsymbol", "hat", "tilde", "bar", "vec", "mathcal"}


def _indexed_bracket(item: Node | _Norm, fixed: dict[str, str]) -> bool:
    """`(…)_y` with y given a value: an entry of what the brackets compute."""
    return (
        isinstance(item, Scripts)
        and isinstance(item.base, Fenced)
        and item.sup is None
        and item.sub is not None
        and fixed.get(_identifier(to_latex(item.sub))) == "scalar"
    )


def _argument_like(nodes: list[Node]) -> bool:
    """Brackets that hold arguments (`(k)`, `(x_t, t)`, `(x | z)`), not an expression."""
    names = 0
    for node in nodes:
        if isinstance(node, Sym) and node.text in ARGUMENT_SEPARATORS:
            continue
        base = node.base if isinstance(node, Scripts) else node
        if isinstance(node, Scripts) and node.sup is not None and script_label(node.sup) is None:
            return False
        letter = isinstance(base, Sym) and (base.kind == "letter" or base.text in GREEK_NAMES)
        if not (letter or (isinstance(base, Command) and base.name in NAME_DECORATIONS)):
            return False
        names += 1
    return names >= 1


def _is_arg_max(item: Node | _Norm, following: Node | _Norm | None) -> bool:
    if not (isinstance(item, Sym) and item.text == "arg" and following is not None):
        return False
    return any(word in node_latex(following) for word in ("\\max", "\\min"))  # type: ignore[arg-type]


def spell_functions(nodes: list[Node]) -> list[Node]:
    """Plain letters spelling a function name (`softmax`) become one upright word."""
    out: list[Node] = []
    i = 0
    while i < len(nodes):
        node = nodes[i]
        if isinstance(node, Sym) and node.kind == "letter":
            j = i
            while j < len(nodes) and isinstance(nodes[j], Sym) and nodes[j].kind == "letter":  # type: ignore[attr-defined]
                j += 1
            word = "".join(n.text for n in nodes[i:j])  # type: ignore[attr-defined]
            if len(word) > 2 and _word_function(word):
                out.append(Text(node.pos, "operatorname", word))
                i = j
                continue
        out.append(node)
        i += 1
    return out


def _is_bar(node: Node) -> bool:
    text = _bar_text(node)
    return text in ("|", "\\|")


def _bar_text(node: Node) -> str:
    if isinstance(node, Scripts):
        node = node.base  # type: ignore[assignment]
    if not isinstance(node, Sym):
        return ""
    if node.kind == "cmd" and node.text in ("|", "Vert", "lVert", "rVert"):
        return "\\|"
    if node.text in ("|", "vert", "lvert", "rvert"):
        return "|"
    return ""


def _word(text: str) -> str:
    """`\\mathrm argmax`, `arg\\,max` → `argmax`."""
    return re.sub(r"\\[A-Za-z]+\s*|\\,|[{}\s]", "", text)


def _big_operator(item: Node | _Norm) -> str | None:
    node = item.base if isinstance(item, Scripts) else item
    if (
        isinstance(node, Command)
        and node.name in ("underset", "overset")
        and len(node.args[1]) == 1
    ):
        node = node.args[1][0]  # \\underset{w}{\\min}: the operator under its label
    if isinstance(node, Sym) and node.kind == "cmd" and node.text in BIG:
        return node.text
    if isinstance(node, Text) and _word(node.text) in ("argmax", "argmin", "max", "min"):
        return _word(node.text)
    if isinstance(node, Text) and node.name == "mathop" and _word(node.text) == "E":
        return "expectation"
    if isinstance(node, Command) and node.name == "mathbb" and to_latex(node.args[0]) == "E":
        return "expectation"
    if (
        isinstance(node, Command)
        and node.name in ("hat", "widehat")
        and len(node.args[0]) == 1
        and _big_operator(node.args[0][0]) == "expectation"
    ):
        return "expectation"  # Ê_t: an empirical average, the same computation
    if (
        isinstance(node, Text)
        and _word(node.text) == "E"
        and node.name in ("mathrm", "operatorname")
    ):
        return "expectation"
    return None


def _function_name(item: Node | _Norm) -> str | None:
    if isinstance(item, Sym) and item.kind == "cmd" and item.text in FUNCTIONS:
        return item.text
    if (
        isinstance(item, Scripts)
        and isinstance(item.base, Sym)
        and item.base.text == "log"
        and item.sup is None
        and to_latex(item.sub or []) in ("2", "10")
    ):
        return "log2" if to_latex(item.sub or []) == "2" else "log10"
    if isinstance(item, Command) and item.name in ("underset", "overset"):
        return _word_function(to_latex(item.args[1]))  # \underset{seq}{softmax}
    if isinstance(item, Text):
        return _word_function(item.text)
    return None


def _word_function(latex: str) -> str | None:
    word = _word(latex)
    return word if word in FUNCTIONS else (word.lower() if word.lower() in FUNCTIONS else None)


def _wider(a: str, b: str) -> str:
    order = ["scalar", "row", "vector", "matrix"]
    if a not in order or b not in order:  # f(x)² with f given as a function: not a number
        raise Untranslatable("", "a function given where a value is read")
    return max(a, b, key=order.index)


def _paren(code: str) -> str:
    simple = re.fullmatch(r"[\w.]+(\([^()]*\))?", code)
    return code if simple else f"({code})"


def _strip(code: str) -> str:
    if code.startswith("(") and code.endswith(")"):
        depth = 0
        for i, char in enumerate(code):
            depth += (char == "(") - (char == ")")
            if depth == 0 and i < len(code) - 1:
                return code
        return code[1:-1]
    return code


def _combine(factors: list[tuple[str, Value]]) -> Value:
    """Multiply factors in order; `a / bc` divides by the whole `bc` (as papers mean it)."""
    grouped: list[tuple[str, Value]] = []
    for joiner, value in factors:
        if joiner == "" and grouped and grouped[-1][0] == "/":
            _, denominator = grouped[-1]
            grouped[-1] = ("/", _product(denominator, "", value))
        else:
            grouped.append((joiner, value))
    # σ(xW) ⊙ xV: an explicit element-wise product binds looser than juxtaposition
    dotted: list[tuple[str, Value]] = []
    for joiner, value in grouped:
        if (
            joiner == "dot"
            and dotted
            and all(v.kind == "scalar" for _, v in dotted[:-1])
            and dotted[-1][0] in ("", "dot")
            and dotted[-1][1].kind == "vector"
            and value.kind == "vector"
            and _named_array(dotted[-1][1].code)
            and _named_array(value.code)
        ):  # t 𝐱_i · 𝐲_j: the dot product of the two vectors beside the dot, times t
            before, left = dotted[-1]
            dotted[-1] = (before, Value(f"{_strip(left.code)} @ {_strip(value.code)}", "scalar"))
        else:
            dotted.append((joiner, value))
    segments: list[list[tuple[str, Value]]] = [[]]
    for joiner, value in dotted:
        if joiner == "*" and segments[-1]:
            segments.append([])
        segments[-1].append((joiner, value))
    parts: list[Value] = []
    for segment in segments:
        current = Value("", "scalar")
        for joiner, value in segment:
            if not current.code:
                current = value
                continue
            current = _product(current, joiner, value)
        parts.append(current)
    result = parts[0]
    for part in parts[1:]:
        result = _product(result, "*", part)
    return Value(result.code, result.kind)


def _named_array(code: str) -> bool:
    """`k`, `k[i]`, `(x[i - 1])`: an array by its name, or one entry (row) of one."""
    return re.fullmatch(r"\(?[A-Za-z_]\w*(\[[^\[\]()]*\])?\)?", code) is not None


def _product(left: Value, joiner: str, right: Value) -> Value:
    code, kind = left.code, left.kind
    if (
        joiner == "dot"
        and kind == "vector"
        and right.kind == "vector"
        and _named_array(code)
        and _named_array(right.code)
    ):  # a · b between two vectors by name (or rows k_i of a family): the dot product
        return Value(f"{_strip(code)} @ {_strip(right.code)}", "scalar")
    if joiner == "/":
        return Value(f"{code} / {_paren(right.code)}", _wider(kind, right.kind))
    if joiner == "" and kind == "row" and right.unknown:  # wᵀ φ(x): a row times a column
        return Value(f"{_paren(code)} @ {_paren(right.code)}", "scalar")
    if joiner == "" and kind == "vector" and right.kind == "row":  # a column times a row
        return Value(f"np.outer({_strip(code)}, {_strip(right.code)})", "matrix")
    if joiner == "" and kind == "vector" and right.kind == "matrix":  # xW: x is a row
        return Value(f"{_paren(code)} @ {_paren(right.code)}", "vector")
    if joiner == "" and kind in ("matrix", "row") and right.kind in ("matrix", "vector"):
        product = {
            ("matrix", "matrix"): "matrix",
            ("matrix", "vector"): "vector",
            ("row", "matrix"): "row",
            ("row", "vector"): "scalar",
        }[(kind, right.kind)]
        return Value(f"{_paren(code)} @ {_paren(right.code)}", product)
    return Value(f"{_paren(code)} * {_paren(right.code)}", _wider(kind, right.kind))


def _split(nodes: list[Node], separators: set[str]) -> list[list[Node]]:
    """Split at separators that are not inside flat brackets."""
    parts: list[list[Node]] = [[]]
    depth = 0
    for node in nodes:
        text = _bracket_text(node)  # `(x − μ)²` closes on a scripted `)`
        depth += (text in ("(", "[", "{", "lbrace")) - (text in (")", "]", "}", "rbrace"))
        if depth <= 0 and text in separators:
            parts.append([])
        else:
            parts[-1].append(node)
    return [p for p in parts if p]


def _statement(translator: _Translator, nodes: list[Node]) -> str:
    if (
        len(nodes) == 1
        and isinstance(nodes[0], Environment)
        and nodes[0].name not in ("cases", "dcases")
    ):
        rows = [[n for cell in row for n in cell] for row in nodes[0].rows]
        rows = [r for r in rows if r]
        if not rows:
            raise Untranslatable(node_latex(nodes[0]))
        return _statement(translator, rows[-1])  # an aligned chain ends in its last form
    nodes = [
        Sym(n.pos, "=", "char")
        if isinstance(n, Command)
        and n.name in ("stackrel", "overset")
        and to_latex(n.args[-1]) == "="
        else n
        for n in nodes
    ]
    while nodes and isinstance(nodes[-1], Sym) and nodes[-1].text in (",", ".", ";"):
        nodes = nodes[:-1]  # trailing punctuation of a displayed line
    merged: list[Node] = []
    for node in nodes:  # `:=` is one relation
        if (
            isinstance(node, Sym)
            and node.text == "="
            and merged
            and isinstance(merged[-1], Sym)
            and merged[-1].text == ":"
        ):
            merged[-1] = Sym(node.pos, "coloneqq", "cmd")
            continue
        merged.append(node)
    nodes = merged
    sides = [[]]  # type: list[list[Node]]
    relations: set[str] = set()
    order: list[str] = []  # the relations, left to right
    relation = None
    depth = 0
    for node in nodes:
        text = _bracket_text(node)
        depth += (text in ("(", "[")) - (text in (")", "]"))
        if (
            depth <= 0 and isinstance(node, Sym) and (node.text in ASSIGN or node.text in COMPARE)
        ):  # 𝟙[x > 0]: a comparison inside brackets is not the statement's relation
            relation = node.text
            relations.add("compare" if node.text in COMPARE else "assign")
            order.append(node.text)
            sides.append([])
        else:
            sides[-1].append(node)
    sides = [s for s in sides if s]
    if not sides:
        raise Untranslatable(to_latex(nodes))
    if len(relations) > 1:  # `a ≥ b then c ← d`: which part is the value is not clear
        raise Untranslatable(to_latex(nodes), "a comparison mixed with an assignment")
    if (
        len(order) >= 2
        and len(sides) == len(order) + 1
        and order[-1] == "equiv"
        and _is_definiendum(sides[-1])
    ):  # y_i ← γ x̂_i + β ≡ BN_{γ,β}(x_i): the last side names the value
        sides, relation = sides[:-1], order[-2]
    if relation == "sim" or any(isinstance(n, Sym) and n.text == "sim" for n in nodes):
        raise Untranslatable(to_latex(nodes), "a distribution statement")
    for position, side in enumerate(sides[:-1]):
        if relation in COMPARE or _is_definiendum(side):
            continue
        if position > 0:  # A = B = C: B is another form of C, computed by C
            continue
        try:  # `∫ f(x) dx = 1`: computing only the 1 would explain nothing
            # checked apart: `FL(p_t) = …`, `Var[W] = …` need no values of their own
            _Translator(translator.fixed, translator.exprs, translator.ranks).expr(side)
        except Untranslatable as exc:
            translator.skipped.append(exc.part)
    if len(sides) >= 3 and relations == {"assign"}:  # A = B = C: a form that computes
        chosen = _computable_side(translator, sides[1:])
        if chosen is not None and chosen is not sides[-1]:
            sides = [sides[0], chosen]
    rhs = translator.expr(sides[-1])
    definition = _definition(translator, sides[0]) if relation in ASSIGN else None
    if definition is not None and len(sides) == 2:
        name, arguments = definition  # f(x) = …: a function later lines can apply
        update = relation in UPDATE or re.search(rf"\b{re.escape(name)}\(", rhs.code)
        if update:  # Q(s, a) ← Q(s, a) + α[…]: a new value for one entry, not a definition
            listed = ", ".join(arguments)
            return f"# the new value of {name}({listed})\nresult = {_strip(rhs.code)}"
        if all(a in translator.variables for a in arguments):
            translator.assigned[name] = "function"
            listed = ", ".join(arguments)
            return f"{name} = lambda {listed}: {_strip(rhs.code)}\nresult = {name}({listed})"
    if relation in ASSIGN and len(sides) == 2 and len(sides[0]) == 2:
        sides[0] = translator.spell_names(sides[0])  # Δθ ← …: one name
    if relation in ASSIGN and len(sides) == 2 and len(sides[0]) == 1:
        try:  # `m_t ← β₁ m_{t-1} + …`: later lines read m_t
            name = _Translator(translator.fixed, translator.exprs).unit(sides[0][0]).code
        except Untranslatable:
            name = ""
        if name.isidentifier():
            translator.assigned[name] = rhs.kind
            family = _family_definition(translator, sides[0][0], sides[-1])
            return f"{family}{name} = {rhs.code}\nresult = {name}"
        square = sides[0][0]
        if (
            isinstance(square, Scripts)
            and square.sup is not None
            and script_text(square.sup) == "2"
            and square.primes == 0
        ):  # σ_B² = …: later lines read σ_B, the square root of what is computed
            try:
                plain = Scripts(square.pos, square.base, square.sub, None, 0)
                root = _Translator(translator.fixed, translator.exprs).unit(plain).code
            except Untranslatable:
                root = ""
            if root.isidentifier():
                translator.assigned[root] = rhs.kind
                return f"{root} = np.sqrt({_strip(rhs.code)})\nresult = {root} ** 2"
    if relation in ASSIGN and len(sides) == 2 and definition is None:
        items = translator.group(sides[0])
        if 2 <= len(items) <= 3:  # E[g²]_t = …: later lines read E[g²]_t as written
            key = tuple(_piece_latex(x) for x in items)
            name = _expression_name(key)
            translator.exprs[key] = name
            translator.assigned[name] = rhs.kind
            return f"{name} = {rhs.code}\nresult = {name}"
    if relation in COMPARE and len(sides) == 2:
        lhs = translator.expr(sides[0])
        return f"result = {lhs.code} {COMPARE[relation]} {rhs.code}"
    return f"result = {rhs.code}"


def _computable_side(translator: _Translator, sides: list[list[Node]]) -> list[Node] | None:
    """The last side of a chain that needs no value nobody gave (None when none does)."""
    known = set(translator.fixed) | set(translator.assigned)
    for side in reversed(sides):
        scratch = _Translator(translator.fixed, translator.exprs, translator.ranks)
        try:
            scratch.expr(side)
        except Untranslatable:
            continue  # x₁ + … + xₙ: the next form to the left
        needed = {n for n, kind in scratch.variables.items() if kind != "index"} | scratch.stand_ins
        if needed <= known or not translator.fixed:  # sample inputs: any form that translates
            return side
    return None


def _family_definition(translator: _Translator, lhs: Node, rhs: list[Node]) -> str:
    """`α_t := 1 − β_t` with the family β given: every α_t at once, so that a later
    `∏_{s=1}^{t} α_s` can read them ("" when the line is not of that form)."""
    if not (
        isinstance(lhs, Scripts)
        and lhs.sup is None
        and lhs.base is not None
        and lhs.sub is not None
        and len(lhs.sub) == 1
        and isinstance(lhs.sub[0], Sym)
        and lhs.sub[0].kind == "letter"
    ):
        return ""
    try:
        family = _identifier(translator.base_name(lhs.base)[0])
    except Untranslatable:
        return ""
    index = _identifier(lhs.sub[0].text)
    if family in translator.fixed or family in translator.assigned or index in translator.loops:
        return ""
    scratch = _Translator(translator.fixed, translator.exprs, translator.ranks)
    scratch.loops[index] = _Loop(offset=1)
    try:
        value = scratch.expr(rhs)
    except Untranslatable:
        return ""
    loop = scratch.loops[index]
    if not (loop.used and loop.entries and loop.extent) or value.kind != "scalar":
        return ""
    if set(scratch.variables) - set(translator.fixed) - set(translator.assigned) - {index}:
        return ""  # it would need values nobody gave
    translator.assigned[family] = "vector"
    translator.helpers |= scratch.helpers
    span = f"range(1, {loop.extent} + 1)"
    return f"{family} = np.array([{_strip(value.code)} for {index} in {span}])\n"


def _distribution(translator: _Translator, nodes: list[Node]) -> str | None:
    """`ε ∼ 𝒩(0, I)` → a sample of the right kind."""
    for i, node in enumerate(nodes):
        if isinstance(node, Sym) and node.text == "sim" and i > 0:
            try:
                name, kind = translator.base_name(nodes[0])
            except Untranslatable:
                return None
            name = _identifier(name)
            size = f"{SIZE}" if kind in ("vector", "scalar") else f"({SIZE}, {SIZE})"
            translator.variables[name] = "sample"
            rest = to_latex(nodes[i + 1 :])
            if "mathcal{U}" in rest:
                return f"{name} = rng.uniform(size={size})"
            return f"{name} = rng.standard_normal({size})"
    return None


def _definition(translator: _Translator, nodes: list[Node]) -> tuple[str, list[str]] | None:
    """`f(x, y)` on the left of `=`: the function's name and its argument names."""
    items = translator.group(nodes)
    if len(items) != 2 or not isinstance(items[1], Fenced) or not _is_bracket(items[1]):
        return None
    name = translator.application(items[0], items[1])
    if name is None or not name.isidentifier() or name in HELPERS or name in ("np", "math"):
        return None
    arguments: list[str] = []
    for part in _split(items[1].body, ARGUMENT_SEPARATORS):
        if len(part) != 1:
            return None
        try:
            code = _Translator(translator.fixed, translator.exprs).unit(part[0]).code
        except Untranslatable:
            return None
        if not code.isidentifier():
            return None
        arguments.append(code)
    return (_identifier(name), arguments) if arguments else None


def _is_definiendum(nodes: list[Node]) -> bool:
    """What an equation defines: a name, a subscripted name, or f(x); also ∇E(w) and
    ln p(X | θ), a gradient or a logarithm of one."""
    first = nodes[0] if nodes else None
    head = first.base if isinstance(first, Scripts) else first
    if len(nodes) > 1 and isinstance(head, Sym) and head.text in ("nabla", "ln", "log"):
        return _is_definiendum(nodes[1:])
    if len(nodes) == 1:
        return isinstance(nodes[0], Sym | Scripts | Command | Text)
    return (len(nodes) == 2 and isinstance(nodes[1], Fenced)) or (
        len(nodes) >= 2 and isinstance(nodes[1], Sym) and nodes[1].text == "("
    )


def _where_clause(nodes: list[Node]) -> list[Node] | None:
    """The definition after `\\text{where}` (or `with`), else None."""
    if not nodes or not isinstance(nodes[0], Text):
        return None
    if _word(nodes[0].text).strip(" ,:").lower() not in ("where", "with"):
        return None
    rest = nodes[1:]
    while rest and isinstance(rest[0], Sym) and rest[0].text in ("~", ",", ":"):
        rest = rest[1:]
    return rest or None


def _is_declaration(nodes: list[Node]) -> bool:
    return any(isinstance(n, Sym) and n.text in ("in", "subset", "subseteq") for n in nodes)


def _conditional(translator: _Translator, nodes: list[Node]) -> list[str] | None:
    """`if ‖g‖ > v: g ← …` (or `if … then … end if`): the new value only where the
    condition holds, `g = np.where(cond, new, g)`; None when the line is no `if`."""
    if not (nodes and isinstance(nodes[0], Text) and _word(nodes[0].text).lower() == "if"):
        return None
    cut = next(
        (
            k
            for k, n in enumerate(nodes)
            if k
            and (
                (isinstance(n, Sym) and n.text == ":")
                or (isinstance(n, Text) and _word(n.text).lower() == "then")
            )
        ),
        None,
    )
    written = to_latex(nodes)
    if cut is None:
        raise Untranslatable(written, "a condition without its action")
    action = [
        n
        for n in nodes[cut + 1 :]
        if not (isinstance(n, Sym) and n.text in ("quad", "qquad", ","))
        and not (isinstance(n, Text) and _word(n.text).lower() in ("endif", "end"))
    ]
    condition = translator.condition(nodes[1:cut])
    statement = _statement(translator, action)
    match = re.fullmatch(r"(\w+) = (.*)\nresult = \1", statement, re.DOTALL)
    if match is None:
        raise Untranslatable(written, "a conditional step that assigns no name")
    name, value = match.groups()
    return [f"{name} = np.where({condition}, {_strip(value)}, {name})\nresult = {name}"]


def _primed_indices(nodes: list[Node], inside: bool = False) -> list[Node]:
    """`c'` in a subscript (`Σ_{c'=1}^{C} a_{c'}`) is an index of its own, named `c_prime`:
    the sum binds c', and a_{c'} is read at c', not at a free c."""
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Scripts):
            base = node.base
            if (
                inside
                and isinstance(base, Sym)
                and base.kind == "letter"
                and node.primes
                and node.sub is None
                and node.sup is None
            ):
                out.append(Sym(node.pos, base.text + "_prime" * node.primes, "letter"))
                continue
            out.append(
                Scripts(
                    node.pos,
                    _primed_indices([base], inside)[0] if base is not None else None,
                    _primed_indices(node.sub, True) if node.sub is not None else None,
                    _primed_indices(node.sup, inside) if node.sup is not None else None,
                    node.primes,
                )
            )
        elif isinstance(node, Group):
            out.append(Group(node.pos, _primed_indices(node.body, inside)))
        elif isinstance(node, Fenced):
            out.append(Fenced(node.pos, node.left, _primed_indices(node.body, inside), node.right))
        elif isinstance(node, Command):
            args = [_primed_indices(arg, inside) for arg in node.args]
            optional = _primed_indices(node.optional, inside) if node.optional else node.optional
            out.append(Command(node.pos, node.name, args, optional))
        elif isinstance(node, Environment):
            rows = [[_primed_indices(cell, inside) for cell in row] for row in node.rows]
            out.append(Environment(node.pos, node.name, rows))
        else:
            out.append(node)
    return out


def _translate_line(translator: _Translator, nodes: list[Node]) -> list[str]:
    """The statements of one line; parts after the first that fail are named in `skipped`."""
    nodes = _primed_indices(nodes)
    conditional = _conditional(translator, nodes)
    if conditional is not None:
        return conditional
    statements: list[str] = []
    pieces = _split(nodes, {",", "quad", "qquad", "text"})
    # `… , where RMS(a) = …`: what a where-clause defines is computed first
    clauses = [clause for p in pieces if (clause := _where_clause(p)) is not None]
    rest = [p for p in pieces if _where_clause(p) is None]
    if clauses and rest:
        pieces = clauses + rest
    elif clauses:  # a line of its own: `where head_i = Attention(…)`
        pieces = clauses
    first = rest[0] if clauses and rest else pieces[0]
    for piece in pieces:
        index = 0 if piece is first else 1
        if _is_declaration(piece):
            continue  # `x \\in \\mathbb{R}^n`: shapes, not a computation
        sample = _distribution(translator, piece)
        if sample is not None:
            statements.insert(0, sample)
            continue
        try:
            statements.append(_statement(translator, piece))
        except Untranslatable as exc:
            if index == 0:
                raise
            translator.skipped.append(exc.part)
    if not any("result = " in s for s in statements):
        raise Untranslatable(to_latex(nodes))
    return statements


PROBABILITY_NAMES = {"p", "q", "pi", "P", "Q"}
SMALL_CONSTANTS = {"epsilon": "1e-8", "varepsilon": "1e-8", "eps": "1e-8"}
HYPERPARAMETERS = {
    "beta_1": "0.9",
    "beta_2": "0.999",
    "alpha": "0.1",
    "eta": "0.1",
    "gamma": "0.99",
    "lambda": "0.01",
}


# distinct, non-degenerate sample values: equal inputs hide bugs (μ₁ = μ₂ gives KL = 0)
SCALAR_SAMPLES = ("0.5", "1.3", "0.8", "1.7", "0.3", "1.1", "0.6", "1.9")


def _sample(name: str, kind: str, order: int = 0) -> str:
    """Inputs that make sense: ε small, dimensions whole, covariances SPD, p a distribution."""
    if kind == "dim":
        return f"{name} = {SIZE}"
    if kind == "index":
        return f"{name} = 2  # an entry, counted from 1 as written"
    if kind == "scalar":
        value = (
            SMALL_CONSTANTS.get(name)
            or HYPERPARAMETERS.get(name)
            or SCALAR_SAMPLES[order % len(SCALAR_SAMPLES)]
        )
        return f"{name} = {value}"
    base = name.split("_")[0]
    if kind in ("vector", "row"):
        if base in PROBABILITY_NAMES:
            return f"{name} = rng.dirichlet(np.ones({SIZE}))  # a probability vector"
        return f"{name} = rng.uniform(0.5, 1.5, size={SIZE})"
    if base in ("Sigma", "K", "C"):
        return (
            f"{name} = (lambda A: A @ A.T + {SIZE} * np.eye({SIZE}))"
            f"(rng.uniform(-1, 1, size=({SIZE}, {SIZE})))  # symmetric positive definite"
        )
    return f"{name} = rng.uniform(0.5, 1.5, size=({SIZE}, {SIZE}))"


STEP_NAMES = {"t", "k", "n"}  # letters that count steps when used as a power or a bound


def _counted(name: str, statements: list[str]) -> bool:
    """Whether a name is used as a count: a power (`β₁ ** t`) or a range's bound."""
    word = rf"(?<![\w.]){re.escape(name)}(?!\w)"
    count = re.compile(rf"\*\* \(?{word}|range\([^)]*{word}|\[[^\]]*:\s*{word}")
    return any(count.search(s) for s in statements)


def _assigned_first(name: str, assigned: dict[str, str], statements: list[str]) -> bool:
    """`μ_B = …, x̂ = (x − μ_B)/…` on one line: μ_B is computed before it is read."""
    if name not in assigned:
        return False
    word = re.compile(rf"(?<![\w.]){re.escape(name)}(?!\w)")
    for statement in statements:
        if word.search(statement):
            assigned_here = statement.startswith(f"{name} = ")
            value = statement.split("\n")[0][len(name) + 3 :]
            return assigned_here and not word.search(value)  # θ = θ − …: θ is read first
    return False


def _index_entries(statements: list[str], inputs: dict[str, str]) -> list[str]:
    """`z_i` in a formula that also uses the vector z is entry i of z, not a new scalar."""
    for name in sorted(inputs):
        match = re.fullmatch(r"([A-Za-z]\w*?)_([a-z])", name)
        if not match or inputs[name] != "scalar":
            continue
        vector, index = match.groups()
        if inputs.get(vector) != "vector" or inputs.get(index, "dim") != "dim":
            continue
        pattern = re.compile(rf"(?<![\w.]){re.escape(name)}(?!\w)")
        if not any(pattern.search(s) for s in statements):
            continue
        statements = [pattern.sub(f"{vector}[int({index}) - 1]", s) for s in statements]
        del inputs[name]
        inputs.setdefault(index, "index")  # a dimension n stays n: x_n is then the last entry
    return statements


def translate_lines(
    lines: list[list[Node]],
    kinds: dict[str, str] | None = None,
    exprs: dict[tuple[str, ...], str] | None = None,
    ranks: dict[str, int] | None = None,
) -> Translation:
    """Every line in order; a name a line assigns is read, not invented, by the lines after.

    A line that cannot be translated is named in `untranslated`; raises `Untranslatable`
    only when no line can be translated.
    """
    known = dict(kinds or {})
    shared = dict(exprs or {})  # expressions given a value, and those a line defines
    assigned: set[str] = set()
    inputs: dict[str, str] = {}
    statements: list[str] = []
    helpers: set[str] = set()
    functions: set[str] = set()
    untranslated: list[str] = []
    sized: list[str] = []
    first_error: Untranslatable | None = None
    for nodes in lines:
        translator = _Translator(known, shared, ranks)
        try:
            line_statements = _translate_line(translator, nodes)
            shared.update(translator.exprs)
        except Untranslatable as exc:
            first_error = first_error or exc
            untranslated.append(exc.part + (f" ({exc.why})" if exc.why else ""))
            continue
        untranslated += translator.skipped
        for name, kind in translator.variables.items():
            if (
                name not in assigned
                and name not in inputs
                and not _assigned_first(name, translator.assigned, line_statements)
            ):
                inputs[name] = kind
        helpers |= translator.helpers
        functions |= translator.stand_ins - assigned - set(translator.assigned)
        sized += translator.sized
        for name, kind in translator.assigned.items():
            assigned.add(name)
            known[name] = kind
        statements += line_statements
    if not statements:
        raise first_error or Untranslatable("")
    statements = _index_entries(statements, inputs)
    setup = ["rng = np.random.default_rng(0)", f"DIM = {SIZE}"]
    scalars = 0
    for name, kind in sorted(inputs.items()):
        if kind in ("sample", "function") or name in functions:
            continue
        if name in SMALL_CONSTANTS and any(f.startswith(name + "_") for f in functions):
            # ε beside ε_θ(·): the noise the network predicts, not a small constant
            setup.append(f"{name} = rng.standard_normal({SIZE})  # noise")
            continue
        clip_range = re.compile(rf"np\.clip\(.*\b1 [-+] {re.escape(name)}\b")
        if name in SMALL_CONSTANTS and any(clip_range.search(s) for s in statements):
            setup.append(f"{name} = 0.2  # the clipping range: the ratio stays in [1 − ε, 1 + ε]")
            continue
        if kind == "scalar" and name in STEP_NAMES and _counted(name, statements):
            setup.append(f"{name} = 3  # a step count: whole")
            continue
        setup.append(_sample(name, kind, scalars))
        scalars += kind == "scalar"
    helper_code = [HELPERS[name] for name in sorted(helpers)]
    body = "\n".join(helper_code + setup + statements + ["result"])
    return Translation(
        body,
        statements,
        inputs,
        untranslated,
        helpers="\n".join(helper_code),
        helper_names=sorted(helpers),
        functions=sorted(functions - set(kinds or {})),
        sized=sized,
    )


def translate(nodes: list[Node], kinds: dict[str, str] | None = None) -> Translation:
    """A NumPy program computing the formula on sample inputs of consistent shapes.

    `kinds` fixes the kind (scalar, vector, matrix, function) of variables whose values
    are known. Raises `Untranslatable` naming the part when the first statement fails.
    """
    translator = _Translator(kinds)
    _translate_line(translator, nodes)  # raises with the part that fails
    return translate_lines([nodes], kinds)


def _piece_latex(item: Node | _Norm) -> str:
    if isinstance(item, _Norm):
        return "‖" + to_latex(item.body) + "‖"
    return node_latex(item)


def _expression_name(key: tuple[str, ...]) -> str:
    """The Python name of a value written as an expression (`V(S_t)`, `E[g²]_t`)."""
    name = "e_" + re.sub(r"\W+", "_", "_".join(key)).strip("_")[:50]
    # K(X_*, X) and K(X, X_*) are two values: the suffix depends on the order
    return f"{name}_{zlib.crc32(chr(0).join(key).encode()) % 99991}"


def binding_key(latex: str) -> tuple[str, tuple[str, ...] | None] | None:
    """The Python name for a value the caller gives, and, for an expression such as
    `V(S_t)` or `r_t(\\theta)`, the LaTeX of its pieces to find it by in a formula."""
    from tutor.errors import LatexError
    from tutor.latex.parser import parse

    try:
        nodes = _primed_indices(parse(latex))  # as a formula's lines are read
    except LatexError:
        return None
    if len(nodes) > 1 and all(isinstance(n, Sym) and n.kind == "letter" for n in nodes):
        return "".join(n.text for n in nodes if isinstance(n, Sym)), None  # TP, pos
    if len(nodes) == 1 and isinstance(nodes[0], Sym) and nodes[0].text in GREEK_NAMES:
        return _identifier(nodes[0].text), None  # \\pi given a value is a variable
    translator = _Translator()
    items = translator.group(nodes)
    if len(items) == 1:
        try:
            code = translator.unit(items[0]).code
        except Untranslatable:
            code = ""
        if code.isidentifier():
            return code, None
    if 1 <= len(items) <= 4:  # V(S_t), |A ∩ B|, η_{min}^{i}, ∇_x log p(x): as written
        key = tuple(_piece_latex(x) for x in items)
        return _expression_name(key), key
    return None


def binding_name(latex: str) -> str | None:
    """The Python name the translator gives a symbol written as `latex` (`\\beta_1` → beta_1)."""
    found = binding_key(latex)
    return found[0] if found else None
