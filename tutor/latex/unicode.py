"""LaTeX math as readable Unicode text: `\\theta \\leftarrow \\theta - \\alpha \\nabla_\\theta L`
becomes `θ ← θ − α∇_θ L`.

Built on our own parser (it reads the ML notation that general renderers miss); when a
formula does not parse, pylatexenc's LatexNodes2Text renders it instead, and when that
fails too the raw text is returned: rendering never raises.
"""

from __future__ import annotations

from functools import cache

from tutor.errors import LatexError
from tutor.latex.glyphs import ACCENTS, GREEK
from tutor.latex.tree import Command, Environment, Fenced, Group, Node, Scripts, Sym, Text
from tutor.notation import BIG_OPERATORS as BIG
from tutor.notation import FUNCTIONS as FUNCTION_NAMES
from tutor.notation import is_transpose

GLYPHS = {
    "simeq": "≃",
    "cong": "≅",
    "neq": "≠",
    "ne": "≠",
    "subseteq": "⊆",
    "supset": "⊃",
    "supseteq": "⊇",
    "subsetneq": "⊊",
    "notin": "∉",
    "mp": "∓",
    "gets": "←",
    "Rightarrow": "⇒",
    "iff": "⟺",
    "implies": "⟹",
    "leftrightarrow": "↔",
    "ldots": "…",
    "cdots": "⋯",
    "vdots": "⋮",
    "ddots": "⋱",
    "dots": "…",
    "iint": "∬",
    "oint": "∮",
    "lnot": "¬",
    "wedge": "∧",
    "vee": "∨",
    "langle": "⟨",
    "rangle": "⟩",
    "lfloor": "⌊",
    "rfloor": "⌋",
    "lceil": "⌈",
    "rceil": "⌉",
    "|": "‖",
    "Vert": "‖",
    "lVert": "‖",
    "rVert": "‖",
    "vert": "|",
    "lvert": "|",
    "rvert": "|",
    "{": "{",
    "}": "}",
    "lbrace": "{",
    "rbrace": "}",
    "prec": "≺",
    "succ": "≻",
    "preceq": "⪯",
    "succeq": "⪰",
    "perp": "⊥",
    "mapsto": "↦",
    "to": "→",
    "rightarrow": "→",
    "uparrow": "↑",
    "downarrow": "↓",
    "star": "⋆",
    "ast": "∗",
    "dagger": "†",
    "top": "⊤",
    "intercal": "⊺",
    "emptyset": "∅",
    "varnothing": "∅",
    "infty": "∞",
    "pm": "±",
    "ell": "ℓ",
    "hbar": "ℏ",
    "aleph": "ℵ",
    "nabla": "∇",
    "partial": "∂",
    "prime": "′",
    "cdot": "·",
    "times": "×",
    "div": "÷",
    "circ": "∘",
    "bullet": "•",
    "odot": "⊙",
    "otimes": "⊗",
    "oplus": "⊕",
    "setminus": "∖",
    "backslash": "\\",
    "mid": "∣",
    "colon": ":",
    "coloneqq": "≔",
    "triangleq": "≜",
    "equiv": "≡",
    "propto": "∝",
    "sim": "∼",
    "approx": "≈",
    "ll": "≪",
    "gg": "≫",
    "forall": "∀",
    "exists": "∃",
    "nexists": "∄",
    "neg": "¬",
    "land": "∧",
    "lor": "∨",
    "cup": "∪",
    "cap": "∩",
    "in": "∈",
    "ni": "∋",
    "subset": "⊂",
    "le": "≤",
    "leq": "≤",
    "ge": "≥",
    "geq": "≥",
    "leqslant": "⩽",
    "geqslant": "⩾",
    "leftarrow": "←",
    "longleftarrow": "⟵",
    "longrightarrow": "⟶",
    "Leftrightarrow": "⇔",
    "Leftarrow": "⇐",
    "bot": "⊥",
    "square": "□",
    "Box": "□",
    "checkmark": "✓",
    "S": "§",
    "sum": "∑",
    "prod": "∏",
    "int": "∫",
    "bigcup": "⋃",
    "bigcap": "⋂",
    "coprod": "∐",
    "bigoplus": "⨁",
    "bigotimes": "⨂",
    "Longrightarrow": "⟹",
    "Longleftrightarrow": "⟺",
    "%": "%",
    "&": "&",
    "#": "#",
    "_": "_",
    "$": "$",
    "lbrack": "[",
    "rbrack": "]",
    "independent": "⊥",
    "xrightarrow": "→",
    "hookrightarrow": "↪",
    "leadsto": "⇝",
    "angle": "∠",
    "triangle": "△",
    "diamond": "⋄",
    "amalg": "⨿",
    "smallsetminus": "∖",
    "digamma": "ϝ",
}
# big operators and upright function names: one vocabulary, in tutor.notation
BIG_OPERATORS = BIG
FUNCTIONS = FUNCTION_NAMES | {"argmax", "argmin"}
RELATIONS = set("=<>") | {
    "≤",
    "≥",
    "≠",
    "≈",
    "≡",
    "∼",
    "≃",
    "≅",
    "∝",
    "≔",
    "≜",
    "←",
    "→",
    "↦",
    "⇒",
    "⇔",
    "⟹",
    "⟺",
    "∈",
    "∉",
    "⊂",
    "⊆",
    "⊃",
    "⊇",
    "≪",
    "≫",
    "⟵",
    "⟶",
    "⇐",
    "↔",
    "∣",
    "≺",
    "≻",
    "⪯",
    "⪰",
    "⩽",
    "⩾",
    "∋",
}
BINARY = {"+", "−", "±", "∓", "×", "÷", "∪", "∩", "⊙", "⊗", "⊕", "∖", "∧", "∨"}
SUPERSCRIPT = dict(
    zip(
        "0123456789+-=()nijkltTabcdefghmoprsuvwxyz⊤−*′AB",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱʲᵏˡᵗᵀᵃᵇᶜᵈᵉᶠᵍʰᵐᵒᵖʳˢᵘᵛʷˣʸᶻᵀ⁻*′ᴬᴮ",
        strict=True,
    )
)
SUBSCRIPT = dict(
    zip(
        "0123456789+-=()aehijklmnoprstuvxβγρφχ−",
        "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ₋",
        strict=True,
    )
)


def _alphabet(upper: int, lower: int | None, exceptions: dict[str, str]) -> dict[str, str]:
    table = {chr(65 + i): chr(upper + i) for i in range(26)}
    if lower is not None:
        table.update({chr(97 + i): chr(lower + i) for i in range(26)})
    table.update(exceptions)
    return table


FONTS = {
    "mathbb": _alphabet(
        0x1D538,
        0x1D552,
        {"C": "ℂ", "H": "ℍ", "N": "ℕ", "P": "ℙ", "Q": "ℚ", "R": "ℝ", "Z": "ℤ", "1": "𝟙", "0": "𝟘"},
    ),
    "mathcal": _alphabet(
        0x1D49C,
        0x1D4B6,
        {
            "B": "ℬ",
            "E": "ℰ",
            "F": "ℱ",
            "H": "ℋ",
            "I": "ℐ",
            "L": "ℒ",
            "M": "ℳ",
            "R": "ℛ",
            "e": "ℯ",
            "g": "ℊ",
            "o": "ℴ",
        },
    ),
    "mathbf": _alphabet(0x1D400, 0x1D41A, {str(d): chr(0x1D7CE + d) for d in range(10)}),
    "mathfrak": _alphabet(0x1D504, 0x1D51E, {"C": "ℭ", "H": "ℌ", "I": "ℑ", "R": "ℜ", "Z": "ℨ"}),
    "mathsf": _alphabet(0x1D5A0, 0x1D5BA, {}),
    "mathtt": _alphabet(0x1D670, 0x1D68A, {}),
}
FONTS["mathscr"] = FONTS["mathcal"]
for _bold in ("bm", "boldsymbol", "pmb", "bold", "mathbfit"):
    FONTS[_bold] = FONTS["mathbf"]
FONTS["mathsfit"] = FONTS["mathsf"]


def _script(text: str, table: dict[str, str], mark: str) -> str:
    if text and all(c in table for c in text):
        return "".join(table[c] for c in text)
    if len(text) == 1 or text.isalnum() or (text.startswith("(") and text.endswith(")")):
        return mark + text
    return f"{mark}({text})"


class _Renderer:
    def row(self, nodes: list[Node]) -> str:
        out = ""
        previous_kind = "start"
        for index, node in enumerate(nodes):
            if (
                isinstance(node, Sym)
                and node.text == ":"
                and index + 1 < len(nodes)
                and isinstance(nodes[index + 1], Sym)
                and nodes[index + 1].text == "="  # type: ignore[attr-defined]
            ):
                continue  # `:=` is one relation, drawn at the `=`
            piece, kind = self.node(node, previous_kind)
            if not piece:
                continue
            if kind == "relation" and piece == "=" and index and _is_colon(nodes[index - 1]):
                piece = ":="
            if _is_fraction(node) and (
                previous_kind in ("function", "atom", "loose") or _factor_follows(nodes, index)
            ):  # log(a/b), (1/2)x: a fraction beside a factor keeps its own brackets
                piece = f"({piece})"
                kind = "atom"
            if kind == "relation" or (
                kind == "binary" and previous_kind not in ("start", "relation", "binary", "open")
            ):
                out = out.rstrip() + f" {piece} "
            elif kind == "comma":
                out = out.rstrip() + piece + " "
            else:
                if (
                    previous_kind in ("function", "loose")
                    and (piece[:1].isalnum() or (kind == "function"))
                ) or (kind == "function" and previous_kind == "atom" and out):
                    out += "" if out.endswith(" ") or piece.startswith(" ") else " "
                out += piece
            previous_kind = kind
        return out

    def node(self, node: Node, previous: str) -> tuple[str, str]:
        if isinstance(node, Sym):
            return self.sym(node, previous)
        if isinstance(node, Group):
            return self.row(node.body), "atom"
        if isinstance(node, Text):
            if node.name in ("operatorname", "operatorname*", "mathop"):
                return node.text.replace("\\,", ""), "function"
            return node.text, "atom" if node.text.strip() == node.text else "loose"
        if isinstance(node, Command):
            return self.command(node)
        if isinstance(node, Scripts):
            return self.scripts(node)
        if isinstance(node, Fenced):
            left = "" if node.left == "." else self.delimiter(node.left)
            right = "" if node.right == "." else self.delimiter(node.right)
            return f"{left}{self.row(node.body).strip()}{right}", "atom"
        if isinstance(node, Environment):
            return self.environment(node), "atom"
        return "", "atom"

    def delimiter(self, text: str) -> str:
        name = text.lstrip("\\")
        return GLYPHS.get(name, text) if text.startswith("\\") or len(text) > 1 else text

    def sym(self, node: Sym, previous: str) -> tuple[str, str]:
        text = node.text
        if node.kind == "cmd":
            if text in FUNCTIONS:
                return text, "function"
            if text in BIG_OPERATORS:
                return GLYPHS[text], "function"
            glyph = GREEK.get(text) or GLYPHS.get(text)
            if glyph is None:
                return f"\\{text}", "atom"
            if glyph in RELATIONS:
                return glyph, "relation"
            if glyph in BINARY:
                return glyph, "binary"
            return glyph, "atom"
        if text == "-":
            return "−", "binary"
        if text in ("+", "±"):
            return text, "binary"
        if text in ("=", "<", ">"):
            return text, "relation"
        if text in (",", ";"):
            return text, "comma"
        if text in ("(", "["):
            return text, "open"
        return text, "atom"

    def command(self, node: Command) -> tuple[str, str]:
        args = [self.row(a).strip() for a in node.args]
        name = node.name
        if name in FONTS:
            table = FONTS[name]
            return "".join(table.get(c, c) for c in args[0]), "atom"
        if name in ("mathit", "mathnormal", "mathrm"):
            return args[0], "atom"
        if name in ACCENTS:
            inner = args[0]
            return (inner + ACCENTS[name] if len(inner) == 1 else f"{inner}{ACCENTS[name]}"), "atom"
        if name in ("frac", "dfrac", "tfrac", "cfrac"):
            # a/(2σ²): a denominator of several factors keeps its brackets, or it reads (a/2)σ²
            return f"{_wrap(args[0])}/{_wrap(args[1], len(node.args[1]) > 1)}", "atom"
        if name == "sqrt":
            root = {"2": "", "3": "∛", "4": "∜"}.get(self.row(node.optional or []).strip(), "")
            sign = root or ("√" if not node.optional else f"{self.row(node.optional)}√")
            return f"{sign}{_wrap(args[0], len(node.args[0]) > 1)}", "atom"
        if name in ("binom", "dbinom", "tbinom"):
            return f"C({args[0]}, {args[1]})", "atom"
        if name in ("underset", "overset", "stackrel"):
            return args[1], "relation" if args[1] in RELATIONS else "atom"
        if name in ("xrightarrow", "xleftarrow"):
            return ("→" if name == "xrightarrow" else "←"), "relation"
        if name in ("colorbox",):
            return args[1], "atom"
        return " ".join(args), "atom"

    def scripts(self, node: Scripts) -> tuple[str, str]:
        base, kind = self.node(node.base, "start") if node.base is not None else ("", "atom")
        text = base + "′" * node.primes
        if node.sub is not None:
            text += _script(_compact(self.row(node.sub)), SUBSCRIPT, "_")
        if node.sup is not None:
            sup = _compact(self.row(node.sup))
            text += "ᵀ" if is_transpose(node.sup) else _script(sup, SUPERSCRIPT, "^")
        loose = (node.sub is not None or node.sup is not None) and ("_" in text or "^" in text)
        if kind in ("function",):
            return text, "function"
        return text, "loose" if loose else kind

    def environment(self, node: Environment) -> str:
        rows = [" ".join(self.row(cell).strip() for cell in row).strip() for row in node.rows]
        rows = [r for r in rows if r]
        if node.name.endswith("matrix"):
            return "[" + "; ".join(rows) + "]"
        if node.name in ("cases", "dcases", "rcases"):  # one case a line, as written
            cells = [
                "  ".join(self.row(cell).strip() for cell in row if self.row(cell).strip())
                for row in node.rows
            ]
            return "{\n" + "\n".join(f"    {c}" for c in cells if c) + "\n"
        return "\n".join(rows)


FRACTIONS = {"frac", "dfrac", "tfrac", "cfrac"}


def _is_fraction(node: Node) -> bool:
    return isinstance(node, Command) and node.name in FRACTIONS


def _is_colon(node: Node) -> bool:
    return isinstance(node, Sym) and node.text == ":"


def _factor_follows(nodes: list[Node], index: int) -> bool:
    """The next node multiplies the fraction (`\\frac{1}{2} x`), not an operator or comma."""
    if index + 1 >= len(nodes):
        return False
    following = nodes[index + 1]
    if isinstance(following, Sym):
        if following.kind == "char" and following.text in "+-=<>,;)]|/.:!&":
            return False
        if following.kind == "cmd" and (
            GLYPHS.get(following.text, "") in RELATIONS | BINARY
            or following.text in ("cdot", "quad", "qquad", ",", ";", "right")
        ):
            return False
    return True


def _compact(text: str) -> str:
    """Scripts are small: `i = 1` reads as `i=1` there."""
    return "".join(text.split()) if len(text) < 12 else text.strip()


def _enclosed(text: str) -> bool:
    """`(a + b)` is one bracket; `(x − μ)ᵀΣ⁻¹(x − μ)` starts and ends with brackets but is not."""
    if not (text.startswith("(") and text.endswith(")")):
        return False
    depth = 0
    for index, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if depth == 0:
            return index == len(text) - 1
    return False


def _wrap(text: str, several: bool = False) -> str:
    """Brackets around a fraction's part or a root's body when it has more than one term, or
    (`several`) more than one factor."""
    body = text[1:] if text[:1] in ("−", "-") else text  # −x²: one signed term
    if _enclosed(text):
        return text
    return f"({text})" if several or any(c in body for c in " +−-,=/") else text


@cache
def _fallback():  # type: ignore[no-untyped-def]
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(math_mode="text")


def render_nodes(nodes: list[Node]) -> str:
    return _Renderer().row(nodes).strip()


def to_unicode(latex: str) -> str:
    """Readable Unicode for a formula; never raises."""
    from tutor.latex.macros import macros_for
    from tutor.latex.parser import parse

    try:
        return render_nodes(parse(latex, macros_for()))
    except LatexError:
        pass
    try:
        return str(_fallback().latex_to_text(latex)).strip()
    except Exception:  # pylatexenc raises several kinds; raw text is the last resort
        return latex
