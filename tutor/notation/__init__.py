"""One notation vocabulary for every consumer of a parsed formula.

The renderer (`latex.unicode`), the reader (`offline.reading`), the recogniser
(`offline.bank`), the translator (`offline.translate`) and the symbol tool
(`tools.symbols`) ask here what a transpose is, which superscripts are labels rather
than powers, which names are big operators or functions and what NumPy they become, and
which bars make a norm. Bilingual knowledge (readings, meanings) lives in `tutor/data/`.
"""

from __future__ import annotations

import re

from tutor.latex.tree import Command, Group, Node, Sym, Text

__all__ = [
    "BIG_OPERATORS",
    "FUNCTIONS",
    "NORM_BARS",
    "NUMPY_FUNCTIONS",
    "OPTIMISERS",
    "TRANSPOSE_MARKS",
    "is_transpose",
    "script_label",
    "script_text",
]

# Σ-like operators that take limits below and above and the term after them
BIG_OPERATORS = frozenset(
    {"sum", "prod", "int", "iint", "oint", "bigcup", "bigcap", "coprod", "bigoplus", "bigotimes"}
)
# operators over a set written below them
OPTIMISERS = frozenset({"max", "min", "argmax", "argmin", "sup", "inf", "lim"})
# upright function names (rendered upright, read by name)
FUNCTIONS = frozenset(
    {
        "log",
        "ln",
        "lg",
        "exp",
        "sin",
        "cos",
        "tan",
        "sinh",
        "cosh",
        "tanh",
        "arcsin",
        "arccos",
        "arctan",
        "max",
        "min",
        "sup",
        "inf",
        "lim",
        "limsup",
        "liminf",
        "det",
        "arg",
        "Pr",
        "dim",
        "ker",
        "deg",
        "gcd",
        "hom",
        "sec",
        "csc",
        "cot",
        "coth",
    }
)
# function names and what NumPy (or a helper the translator defines) computes them
NUMPY_FUNCTIONS = {
    "exp": "np.exp",
    "log": "np.log",
    "ln": "np.log",
    "sin": "np.sin",
    "cos": "np.cos",
    "tan": "np.tan",
    "sinh": "np.sinh",
    "cosh": "np.cosh",
    "tanh": "np.tanh",
    "arcsin": "np.arcsin",
    "arccos": "np.arccos",
    "arctan": "np.arctan",
    "sqrt": "np.sqrt",
    "abs": "np.abs",
    "softmax": "softmax",
    "sigmoid": "sigmoid",
    "relu": "relu",
    "ReLU": "relu",
    "softplus": "softplus",
    "max": "np.max",
    "min": "np.min",
    "det": "np.linalg.det",
    "tr": "np.trace",
    "Tr": "np.trace",
    "trace": "np.trace",
    "diag": "np.diag",
    "sign": "np.sign",
    "sgn": "np.sign",
    "mean": "np.mean",
    "Var": "np.var",
    "erf": "np.vectorize(math.erf)",
    "LeakyReLU": "leaky_relu",
    "leakyrelu": "leaky_relu",
    "GELU": "gelu",
    "gelu": "gelu",
    "Softmax": "softmax",
    "Sigmoid": "sigmoid",
    "clip": "np.clip",
    "floor": "np.floor",
    "ceil": "np.ceil",
    "swish": "swish",
    "SiLU": "swish",
    "silu": "swish",
}
# `\|` and its spellings: a norm; a plain `|` is an absolute value, a determinant or
# conditioning, never a norm
NORM_BARS = frozenset({"|", "Vert", "lVert", "rVert", "\\|", "\\Vert", "\\lVert", "\\rVert"})
TRANSPOSE_MARKS = frozenset(
    {"\\top", "T", "\\intercal", "\\mathsf{T}", "\\mathrm{T}", "\\T", "\\text{T}", "\\textsf{T}"}
    | {"\\mathsf{\\top}", "\\mathrm{\\scriptscriptstyle T}", "\\rm T", "⊤", "ᵀ", "\\tp"}
)
# superscripts that name a variant of the base, not a power
LABEL_MARKS = {"*": "star", "\\star": "star", "\\ast": "star", "\\prime": "prime"}
LABEL_MARKS |= {"+": "pos", "-": "neg", "\\dagger": "dagger", "\\pi": "pi"}


def script_text(nodes: list[Node]) -> str:
    """A script's LaTeX without the braces around it: `^{\\mathsf{T}}` → `\\mathsf{T}`."""
    from tutor.latex.serialize import to_latex

    while len(nodes) == 1 and isinstance(nodes[0], Group):
        nodes = nodes[0].body
    return to_latex(nodes).strip()


def is_transpose(nodes: list[Node] | None) -> bool:
    """`^\\top`, `^T`, `^\\intercal`, `^\\mathsf{T}`, `^{\\rm T}` … all mean transpose."""
    if not nodes:
        return False
    text = script_text(nodes)
    return text in TRANSPOSE_MARKS or re.sub(r"\s+", "", text) in TRANSPOSE_MARKS


def script_label(nodes: list[Node] | None) -> str | None:
    """The label a superscript gives its base (`W^O`, `L^{CLIP}`, `x^+`, `x^{(i)}`,
    `θ^*`), as an identifier part; None when it is a power, an inverse or a transpose.

    A single capital letter other than T is a label (`W^O`, `W^Q`); so is a word of two or
    more letters (`CLIP`, `\\text{data}`), a sign, a star, a dagger and `(k)`. A lowercase
    letter or a number is a power (`β₁^t`, `x^2`).
    """
    if not nodes or is_transpose(nodes):
        return None
    text = script_text(nodes)
    if text in LABEL_MARKS:
        return LABEL_MARKS[text]
    if re.fullmatch(r"\([^()]+\)", text):  # x^{(i)}: the i-th example, not a power
        return re.sub(r"\W", "_", text.strip("()")).strip("_")
    if len(nodes) == 1 and isinstance(nodes[0], Text):
        word = re.sub(r"[^A-Za-z0-9]", "", nodes[0].text)
        return word or None
    if (
        len(nodes) == 1
        and isinstance(nodes[0], Command)
        and nodes[0].name
        in (
            "mathrm",
            "text",
            "textrm",
            "mathsf",
            "mathit",
            "mathbf",
        )
    ):
        inner = script_text(nodes[0].args[0]) if nodes[0].args else ""
        return inner if inner.isalnum() else None
    if re.fullmatch(r"[A-SU-Z]", text):
        return text
    if re.fullmatch(r"[A-Za-z]{2,}", text):  # CLIP, old, data
        return text
    flat = [n for n in nodes if isinstance(n, Sym)]
    if len(flat) == len(nodes) >= 2 and all(n.kind == "letter" for n in flat):
        return "".join(n.text for n in flat)
    return None
