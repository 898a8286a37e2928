"""One meaning for a symbol, chosen from the formula it sits in.

σ beside μ is a standard deviation and σ(·) a sigmoid; π_θ is a policy and π_k a mixing
weight; m beside β₁ and v a first moment. The knowledge is data, `data/senses.json`: for
each symbol (the items it applies to, by symbol-table or pattern id, or as written), its
senses, each with a short label, the meaning it gives, a NumPy hint that fits it, the cues
that choose it and the cues that rule it out. This module reads and checks that file,
writes a formula as *cue text* and picks the one sense whose cues it shows.

Cue text: the formula's tokens separated by single spaces between `⊢` and `⊣`; scripts
braced and attached (`m_{t - 1}`, `\\beta_{1}`, `x^{( i )}`), command arguments braced
(`\\frac{1}{m}`, `\\hat{m}_{t}`), Greek as commands (ε and ϵ both `\\epsilon`, ϑ `\\theta`),
bold and italic wrappers dropped (`\\mathbf{x}` is `x`), upright words as `\\mathrm{word}`,
every transpose `\\top`, the norm bars `‖`, `\\mid` `|`, `\\left( … \\right)` plain `( … )`.

A cue is written in cue text: tokens separated by spaces (none inside braces: `{ m }` is
read `{m}`), `…` any run of up to 60 characters (cues are local, and the bound keeps a long
paste linear), `•` any one token, `◦` one letter or command. A cue that begins with a
letter or a command starts at a token; one that ends with a letter or digit ends there
(`m` matches `m` and `m_{t}`, never `\\mu` or `max`). A list of cues must all be present.
A sense is chosen when one of its cues is present and none of its `unless` cues; when no
sense or more than one is supported, nothing is chosen and the symbol table's full meaning
stays (never a guess).
"""

from __future__ import annotations

import json
import re
from functools import cache

from tutor.data_index import data_bytes  # not importlib.resources: slow to import
from tutor.latex.glyphs import GREEK
from tutor.latex.tree import Command, Environment, Fenced, Group, Node, Scripts, Sym, Text

__all__ = [
    "Sense",
    "SenseGroup",
    "Senses",
    "choose",
    "compile_cue",
    "cue_text",
    "senses",
    "validate",
]

FILE = "senses.json"


class Sense:  # plain classes: `tutor symbol` starts without pydantic or dataclasses
    __slots__ = ("cues", "en", "id", "ja", "numpy", "short_en", "short_ja", "unless")

    def __init__(
        self,
        id: str,
        en: str,
        ja: str,
        numpy: str | None,
        short_en: str,
        short_ja: str,
        cues: list[list[Cue]],
        unless: list[list[Cue]],
    ) -> None:
        self.id, self.en, self.ja, self.numpy = id, en, ja, numpy
        self.short_en, self.short_ja = short_en, short_ja
        self.cues, self.unless = cues, unless  # each cue: parts that must all be present

    def __repr__(self) -> str:
        return f"Sense({self.id!r}, en={self.en!r})"


class SenseGroup:
    __slots__ = ("entries", "id", "latex", "senses")

    def __init__(self, id: str, entries: list[str], latex: list[str], senses: list[Sense]):
        self.id, self.entries, self.latex, self.senses = id, entries, latex, senses


class Senses:
    """Every group of senses, found by the symbol-table (or pattern) id or the latex of an
    item, and the separators that join the other senses into an 'elsewhere' list."""

    __slots__ = ("by_entry", "by_latex", "groups", "join_en", "join_ja")

    def __init__(self, groups: list[SenseGroup], join_en: str, join_ja: str) -> None:
        self.groups, self.join_en, self.join_ja = groups, join_en, join_ja
        self.by_entry: dict[str, list[SenseGroup]] = {}
        self.by_latex: dict[str, list[SenseGroup]] = {}
        for group in groups:
            for entry in group.entries:
                self.by_entry.setdefault(entry, []).append(group)
            for latex in group.latex:
                self.by_latex.setdefault(latex, []).append(group)

    def groups_for(self, entry_id: str | None, latex: str) -> list[SenseGroup]:
        found = list(self.by_latex.get(latex, []))
        for group in self.by_entry.get(entry_id or "", []):
            if group not in found:
                found.append(group)
        return found


# -- reading and checking the data ---------------------------------------------------------


def _fail(where: str, what: str) -> ValueError:
    return ValueError(f"{FILE}: {where}: {what}")


def _object(value: object, where: str, required: tuple[str, ...] = ()) -> dict[str, object]:
    if not isinstance(value, dict):
        raise _fail(where, f"expected an object, got {type(value).__name__}")
    missing = [name for name in required if name not in value]
    if missing:
        raise _fail(where, f"missing {', '.join(missing)}")
    return value


def _string(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, "expected a non-empty string")
    return value


def _strings(value: object, where: str) -> list[str]:
    if not isinstance(value, list):
        raise _fail(where, "expected a list of strings")
    return [_string(item, f"{where}.{i}") for i, item in enumerate(value)]


WORDY = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
WILDCARDS = {"…": ".{0,60}?", "•": "[^ ]+", "◦": r"(?:[A-Za-z]|\\[A-Za-z]+)"}
WILD = re.compile("([…•◦])")
# (text to find, or None; regular expression, or None; starts at a token; ends at one)
Cue = tuple[str | None, str | None, bool, bool]


def compile_cue(cue: str, where: str = "cue") -> Cue:
    """One cue written in cue text (see the module docstring), ready to match: most are
    plain text found with `str.find`; only those with a wildcard become a regex."""
    cue = " ".join(cue.split()).replace("{ ", "{").replace(" }", "}")  # braces hug tokens
    if not WILD.sub("", cue).strip():
        raise _fail(where, "a cue needs at least one written token")
    start = cue[0] in WORDY or cue[0] == "\\"
    end = cue[-1] in WORDY
    if not WILD.search(cue):
        return cue, None, start, end
    pattern = "".join(WILDCARDS.get(piece) or re.escape(piece) for piece in WILD.split(cue))
    pattern = ("(?<=[ {])" if start else "") + pattern + ("(?![A-Za-z0-9])" if end else "")
    return None, pattern, start, end


def _cues(value: object, where: str) -> list[list[Cue]]:
    if not isinstance(value, list):
        raise _fail(where, "expected a list of cues (a cue is a string or a list of strings)")
    cues = []
    for i, cue in enumerate(value):
        at = f"{where}.{i}"
        parts = [cue] if isinstance(cue, str) else cue
        if not isinstance(parts, list) or not parts:
            raise _fail(at, "a cue is a string or a non-empty list of strings")
        cues.append(
            [compile_cue(_string(p, f"{at}.{j}"), f"{at}.{j}") for j, p in enumerate(parts)]
        )
    return cues


def _bilingual(value: object, where: str) -> tuple[str, str]:
    raw = _object(value, where, ("en", "ja"))
    return _string(raw["en"], f"{where}.en"), _string(raw["ja"], f"{where}.ja")


def _sense(sense_id: str, value: object, where: str) -> Sense:
    raw = _object(value, where, ("short", "en", "ja", "cues"))
    unknown = set(raw) - {"short", "en", "ja", "numpy", "cues", "unless"}
    if unknown:
        raise _fail(where, f"unknown field {sorted(unknown)[0]}")
    short_en, short_ja = _bilingual(raw["short"], f"{where}.short")
    numpy = raw.get("numpy")
    return Sense(
        id=sense_id,
        en=_string(raw["en"], f"{where}.en"),
        ja=_string(raw["ja"], f"{where}.ja"),
        numpy=None if numpy is None else _string(numpy, f"{where}.numpy"),
        short_en=short_en,
        short_ja=short_ja,
        cues=_cues(raw["cues"], f"{where}.cues"),
        unless=_cues(raw.get("unless", []), f"{where}.unless"),
    )


def validate(value: object) -> Senses:
    """The checked contents of senses.json; a ValueError names the file and the field."""
    raw = _object(value, "top level", ("join", "symbols"))
    join_en, join_ja = _bilingual(raw["join"], "join")
    symbols = _object(raw["symbols"], "symbols")
    groups = []
    for group_id, group_value in symbols.items():
        at = f"symbols.{group_id}"
        group = _object(group_value, at, ("senses",))
        entries = _strings(group.get("entries", []), f"{at}.entries")
        latex = _strings(group.get("latex", []), f"{at}.latex")
        if not entries and not latex:
            raise _fail(at, "needs entries or latex: the items its senses apply to")
        options = _object(group["senses"], f"{at}.senses")
        senses = [_sense(key, val, f"{at}.senses.{key}") for key, val in options.items()]
        if len(senses) < 2 or not any(s.cues for s in senses):
            raise _fail(f"{at}.senses", "needs two senses or more, one of them with cues")
        groups.append(SenseGroup(group_id, entries, latex, senses))
    return Senses(groups, join_en, join_ja)


@cache
def senses() -> Senses:
    return validate(json.loads(data_bytes("tutor.data", FILE).decode("utf-8")))


# -- cue text ------------------------------------------------------------------------------

FONTS = {"mathbf", "bm", "boldsymbol", "mathit", "mathnormal", "pmb", "mathbfit", "symbf"}
ALIASES = {
    "varepsilon": "\\epsilon",
    "vartheta": "\\theta",
    "varphi": "\\phi",
    "varrho": "\\rho",
    "|": "‖",
    "Vert": "‖",
    "lVert": "‖",
    "rVert": "‖",
    "vert": "|",
    "lvert": "|",
    "rvert": "|",
    "mid": "|",
    "intercal": "\\top",
    "gets": "\\leftarrow",
    "ast": "*",
    "lbrack": "[",
    "rbrack": "]",
}
GLYPHS = {glyph: f"\\{name}" for name, glyph in GREEK.items()} | {
    "ε": "\\epsilon",
    "ϵ": "\\epsilon",
    "ϑ": "\\theta",
    "φ": "\\phi",
    "ϕ": "\\phi",
    "∇": "\\nabla",
    "∑": "\\sum",
    "∏": "\\prod",
    "∫": "\\int",
    "∼": "\\sim",
    "~": "\\sim",
    "←": "\\leftarrow",
    "·": "\\cdot",
    "⋅": "\\cdot",
    "∂": "\\partial",
    "⊙": "\\odot",
    "×": "\\times",
    "−": "-",
    "∣": "|",
    "⊤": "\\top",
    "ᵀ": "\\top",
    "∥": "‖",
}
SUBSCRIPTS = dict(
    zip("₀₁₂₃₄₅₆₇₈₉₊₋ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", "0123456789+-aehijklmnoprstuvx", strict=True)
)
SUPERSCRIPTS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ⁿⁱᵀ", "0123456789+-ni⊤", strict=True))
BIG_OPERATORS = {"sum", "prod", "int", "max", "min", "bigcup", "bigcap"}
TRANSPOSE = {"T", "\\top", "\\mathrm{T}", "\\mathsf{T}", "⊤"}


def _sym(node: Sym) -> str:
    if node.kind == "cmd":
        return ALIASES.get(node.text, f"\\{node.text}")
    return GLYPHS.get(node.text, node.text)


def _script(nodes: list[Node], base: Node | None = None) -> str:
    inner = " ".join(_tokens(nodes))
    bound = isinstance(base, Sym) and base.kind == "cmd" and base.text in BIG_OPERATORS
    return "\\top" if inner in TRANSPOSE and not bound else inner  # ∑_{t=1}^{T}: a bound


def _tokens(nodes: list[Node]) -> list[str]:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Sym):
            if node.text in SUBSCRIPTS and out:  # β₁ pasted as Unicode: β_{1}
                out[-1] = _attach(out[-1], "_", SUBSCRIPTS[node.text])
            elif node.text in SUPERSCRIPTS and out:
                sup = SUPERSCRIPTS[node.text]
                out[-1] = _attach(out[-1], "^", "\\top" if sup == "⊤" else sup)
            else:
                out.append(_sym(node))
        elif isinstance(node, Group):
            out += _tokens(node.body)
        elif isinstance(node, Text):
            out.append(f"\\mathrm{{{node.text.strip()}}}")
        elif isinstance(node, Command):
            if node.name in FONTS and len(node.args) == 1:
                out += _tokens(node.args[0])
            elif node.name == "mathsf" and node.args and _tokens(node.args[0]) == ["T"]:
                out.append("\\top")
            else:
                optional = f"[{' '.join(_tokens(node.optional))}]" if node.optional else ""
                args = "".join("{" + " ".join(_tokens(arg)) + "}" for arg in node.args)
                out.append(f"\\{node.name}{optional}{args}")
        elif isinstance(node, Scripts):
            base = _tokens([node.base]) if node.base is not None else [""]
            last = base[-1] + "'" * node.primes
            if node.sub is not None:
                last += "_{" + _script(node.sub) + "}"
            if node.sup is not None:
                last += "^{" + _script(node.sup, node.base) + "}"
            out += [*base[:-1], last]
        elif isinstance(node, Fenced):
            left = "" if node.left == "." else ALIASES.get(node.left.lstrip("\\"), node.left)
            right = "" if node.right == "." else ALIASES.get(node.right.lstrip("\\"), node.right)
            out += [t for t in (left, *_tokens(node.body), right) if t]
        elif isinstance(node, Environment):
            for r, row in enumerate(node.rows):
                if r:
                    out.append("\\\\")
                for c, cell in enumerate(row):
                    if c:
                        out.append("&")
                    out += _tokens(cell)
    return out


def _attach(token: str, mark: str, script: str) -> str:
    opened = mark + "{"
    head, found, tail = token.rpartition(opened)
    if found and tail.endswith("}") and "{" not in tail and "}" not in tail[:-1]:
        return f"{head}{opened}{tail[:-1]} {script}}}"  # mₜ₋₁: one script, m_{t - 1}
    return f"{token}{opened}{script}}}"


def cue_text(nodes: list[Node]) -> str:
    """The formula as cue text: `⊢ m_{t} = \\beta_{1} m_{t - 1} + … ⊣`."""
    return " ".join(["⊢", *_tokens(nodes), "⊣"])


# -- choosing ------------------------------------------------------------------------------


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _found(cue: Cue, text: str) -> bool:
    literal, pattern, start, end = cue
    if literal is None:
        return _compiled(pattern or "").search(text) is not None
    at = text.find(literal)
    while at > 0:  # the text opens with "⊢ " and closes with " ⊣": neighbours always exist
        after = text[at + len(literal)] if at + len(literal) < len(text) else " "
        if (not start or text[at - 1] in " {") and (not end or after not in WORDY):
            return True
        at = text.find(literal, at + 1)
    return False


def _shows(cues: list[list[Cue]], text: str) -> bool:
    return any(all(_found(part, text) for part in cue) for cue in cues)


def choose(group: SenseGroup, text: str) -> Sense | None:
    """The one sense of `group` that the cue text `text` supports, else None."""
    found = [s for s in group.senses if _shows(s.cues, text) and not _shows(s.unless, text)]
    return found[0] if len(found) == 1 else None
