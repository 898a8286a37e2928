"""The symbol table and its walker: how to read each symbol of a formula, what it means,
how to write it in NumPy.

The knowledge is data (`tutor/data/symbols.json`, validated here). Index patterns such as
x_i, x^{(n)}, W_{ij}, x_{1:T} and A^{-1} are explained by their structure.
"""

from __future__ import annotations

import re
from functools import cache

from tutor.latex.glyphs import ACCENTS
from tutor.latex.serialize import node_latex, plain
from tutor.latex.tree import Command, Environment, Fenced, Group, Node, Scripts, Sym, Text
from tutor.notation import BIG_OPERATORS as NOTATION_BIG
from tutor.notation import OPTIMISERS, TRANSPOSE_MARKS, is_transpose, script_label
from tutor.plain import Plain, fields
from tutor.plain import text as plain_text

TYPE_CHECKING = False  # not typing's: mypy treats the name as true, Python skips the import
if TYPE_CHECKING:
    from typing import Any, Literal

# Plain classes with __slots__, not pydantic models and not dataclasses, so that `tutor
# symbol` starts without pydantic, dataclasses (and the inspect, ast and tokenize it
# imports) or typing: the data files are checked by the light validators below, and
# pydantic models that hold these (the offline explanation, the formula bank) validate and
# dump them through `__get_pydantic_core_schema__`, on paths that import pydantic anyway.


def _text(value: object, where: str, *, empty: bool = True, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    return plain_text(value, where, empty=empty)


def _texts(value: object, where: str, *, at_least: int = 0) -> list[str]:
    if not isinstance(value, list) or len(value) < at_least:
        raise ValueError(f"{where}: expected a list of at least {at_least} strings")
    return [_text(item, f"{where}.{i}") for i, item in enumerate(value)]


class Bilingual(Plain):
    __slots__ = ("en", "ja")
    _fields = ("en", "ja")
    en: str
    ja: str

    def __init__(self, en: str, ja: str) -> None:
        self.en = _text(en, "en", empty=False)
        self.ja = _text(ja, "ja", empty=False)

    def get(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en

    @classmethod
    def model_validate(cls, value: object, where: str = "") -> Bilingual:
        raw = fields(value, where or "Bilingual", ("en", "ja"))
        return cls(en=raw["en"], ja=raw["ja"])


class SymbolEntry(Plain):
    __slots__ = ("category", "id", "latex", "meaning", "numpy", "read", "related", "unicode")
    _fields = ("id", "latex", "unicode", "category", "read", "meaning", "numpy", "related")
    id: str
    latex: list[str]
    unicode: str
    category: str
    read: Bilingual
    meaning: Bilingual
    numpy: str | None
    related: list[str]

    def __init__(
        self,
        id: str,
        latex: list[str],
        unicode: str,
        category: str,
        read: Bilingual,
        meaning: Bilingual,
        numpy: str | None = None,
        related: list[str] | None = None,
    ) -> None:
        self.id, self.latex, self.unicode, self.category = id, latex, unicode, category
        self.read, self.meaning, self.numpy = read, meaning, numpy
        self.related = [] if related is None else related

    @classmethod
    def model_validate(cls, value: object, where: str = "") -> SymbolEntry:
        at = where or "SymbolEntry"
        raw = fields(value, at, ("id", "latex", "unicode", "category", "read", "meaning"))
        return cls(
            id=_text(raw["id"], f"{at}.id"),
            latex=_texts(raw["latex"], f"{at}.latex", at_least=1),
            unicode=_text(raw["unicode"], f"{at}.unicode"),
            category=_text(raw["category"], f"{at}.category"),
            read=Bilingual.model_validate(raw["read"], f"{at}.read"),
            meaning=Bilingual.model_validate(raw["meaning"], f"{at}.meaning"),
            numpy=_text(raw.get("numpy"), f"{at}.numpy", optional=True),
            related=_texts(raw.get("related", []), f"{at}.related"),
        )


class Pattern(Plain):
    __slots__ = ("en", "ja", "numpy")
    _fields = ("en", "ja", "numpy")
    en: str
    ja: str
    numpy: str | None

    def __init__(self, en: str, ja: str, numpy: str | None = None) -> None:
        self.en, self.ja, self.numpy = en, ja, numpy

    @classmethod
    def model_validate(cls, value: object, where: str = "") -> Pattern:
        at = where or "Pattern"
        raw = fields(value, at, ("en", "ja"))
        return cls(
            en=_text(raw["en"], f"{at}.en"),
            ja=_text(raw["ja"], f"{at}.ja"),
            numpy=_text(raw.get("numpy"), f"{at}.numpy", optional=True),
        )


class SymbolTable(Plain):
    __slots__ = ("patterns", "symbols")
    _fields = ("symbols", "patterns")
    symbols: list[SymbolEntry]
    patterns: dict[str, Pattern]

    def __init__(self, symbols: list[SymbolEntry], patterns: dict[str, Pattern]) -> None:
        self.symbols, self.patterns = symbols, patterns

    @classmethod
    def model_validate(cls, value: object, where: str = "") -> SymbolTable:
        raw = fields(value, where or "symbol table", ("symbols", "patterns"))
        if not isinstance(raw["symbols"], list) or not isinstance(raw["patterns"], dict):
            raise ValueError("symbol table: symbols must be a list and patterns an object")
        table = cls(
            symbols=[
                SymbolEntry.model_validate(entry, f"symbols.{i}")
                for i, entry in enumerate(raw["symbols"])
            ],
            patterns={
                _text(key, "patterns"): Pattern.model_validate(pattern, f"patterns.{key}")
                for key, pattern in raw["patterns"].items()
            },
        )
        table._keys_are_unique_and_related_exist()
        return table

    def _keys_are_unique_and_related_exist(self) -> None:
        seen: dict[str, str] = {}
        ids = {e.id for e in self.symbols}
        for entry in self.symbols:
            for key in entry.latex:
                if key in seen:
                    raise ValueError(f"{key!r} is in both {seen[key]} and {entry.id}")
                seen[key] = entry.id
            missing = [r for r in entry.related if r not in ids]
            if missing:
                raise ValueError(f"{entry.id}: related entries {missing} do not exist")

    def by_key(self) -> dict[str, SymbolEntry]:
        return {key: entry for entry in self.symbols for key in entry.latex}


@cache
def symbol_table() -> SymbolTable:
    from tutor.data_index import load_validated  # validated once per version and content

    return load_validated("tutor.data", "symbols.json", SymbolTable)


@cache
def _index() -> tuple[dict[str, SymbolEntry], dict[str, SymbolEntry], list[str]]:
    table = symbol_table()
    keys = table.by_key()
    by_glyph = {e.unicode: e for e in table.symbols if e.category == "greek"}
    commands = sorted(k for k in keys if k.startswith("\\") and k[1:].isalpha())
    return keys, by_glyph, commands


ACCENT_NAMES = {"\u0302": "_hat", "\u0303": "_tilde", "\u0304": "_bar", "\u0307": "_dot"}


def _accents_named(text: str) -> str:
    """m̂ → m_hat: an accent is part of a Python name, never dropped."""
    for mark, name in ACCENT_NAMES.items():
        if mark in text:
            text = text.replace(mark, "") + name
    return text


@cache
def _glyph_names() -> dict[str, str]:
    """π → \\pi: a Greek glyph back to its command, for Python names in NumPy hints."""
    return {e.unicode: e.latex[0] for e in symbol_table().symbols if e.category == "greek"}


class SymbolItem(Plain):
    """One recognised (or unknown) piece of a formula."""

    __slots__ = (
        "category",
        "elsewhere",
        "entry_id",
        "kind",
        "known",
        "latex",
        "meaning",
        "numpy",
        "read",
        "suggestions",
        "unicode",
    )
    _fields = (
        "latex",
        "known",
        "kind",
        "category",
        "unicode",
        "read",
        "meaning",
        "numpy",
        "entry_id",
        "suggestions",
        "elsewhere",
    )
    latex: str
    known: bool
    kind: Literal["symbol", "pattern", "unknown"]
    category: str
    unicode: str
    read: Bilingual | None
    meaning: Bilingual | None
    numpy: str | None
    entry_id: str | None
    suggestions: list[str]
    # the meaning chosen from the formula is `meaning`; the others are listed here
    elsewhere: Bilingual | None

    def __init__(
        self,
        latex: str,
        known: bool,
        kind: Literal["symbol", "pattern", "unknown"],
        category: str = "",
        unicode: str = "",
        read: Bilingual | None = None,
        meaning: Bilingual | None = None,
        numpy: str | None = None,
        entry_id: str | None = None,
        suggestions: list[str] | None = None,
        elsewhere: Bilingual | None = None,
    ) -> None:
        self.latex, self.known, self.kind = latex, known, kind
        self.category, self.unicode, self.read, self.meaning = category, unicode, read, meaning
        self.numpy, self.entry_id, self.elsewhere = numpy, entry_id, elsewhere
        self.suggestions = [] if suggestions is None else suggestions

    @classmethod
    def model_validate(cls, value: object, where: str = "") -> SymbolItem:
        at = where or "SymbolItem"
        raw = fields(value, at, ("latex", "known", "kind"))
        if raw["kind"] not in ("symbol", "pattern", "unknown") or not isinstance(
            raw["known"], bool
        ):
            raise ValueError(f"{at}: kind must be symbol, pattern or unknown; known a boolean")

        def bilingual(name: str) -> Bilingual | None:
            found = raw.get(name)
            return None if found is None else Bilingual.model_validate(found, f"{at}.{name}")

        return cls(
            latex=_text(raw["latex"], f"{at}.latex"),
            known=raw["known"],
            kind=raw["kind"],
            category=_text(raw.get("category", ""), f"{at}.category"),
            unicode=_text(raw.get("unicode", ""), f"{at}.unicode"),
            read=bilingual("read"),
            meaning=bilingual("meaning"),
            numpy=_text(raw.get("numpy"), f"{at}.numpy", optional=True),
            entry_id=_text(raw.get("entry_id"), f"{at}.entry_id", optional=True),
            suggestions=_texts(raw.get("suggestions", []), f"{at}.suggestions"),
            elsewhere=bilingual("elsewhere"),
        )

    def to_markdown(self, lang: str) -> str:
        from tutor.offline.text import text

        if not self.known:
            near = (
                text("closest", lang, names=", ".join(self.suggestions)) if self.suggestions else ""
            )
            return f"- `{self.latex}`: {text('not_in_table', lang)}{near}"
        read = self.read.get(lang) if self.read else ""
        meaning = self.meaning.get(lang) if self.meaning else ""
        glyph = f" {self.unicode}" if self.unicode and self.unicode != self.latex else ""
        code = f" — NumPy: `{self.numpy}`" if self.numpy else ""
        other = (
            f" ({text('elsewhere', lang)}: {self.elsewhere.get(lang)})" if self.elsewhere else ""
        )
        return f"- `{self.latex}`{glyph} — *{read}*: {meaning}{code}{other}"


class SymbolLookup(Plain):
    """Every recognised symbol of the input in order, each once; unknown ones listed."""

    __slots__ = ("error", "items", "query", "unknown")
    _fields = ("query", "items", "unknown", "error")
    query: str
    items: list[SymbolItem]
    unknown: list[str]
    error: str | None

    def __init__(
        self, query: str, items: list[SymbolItem], unknown: list[str], error: str | None = None
    ) -> None:
        self.query, self.items, self.unknown, self.error = query, items, unknown, error

    def to_markdown(self, lang: str = "en") -> str:
        if self.error:
            return f"**{self.error}**"
        lines = [item.to_markdown(lang) for item in self.items]
        if not lines:
            from tutor.offline.text import text

            lines = [text("no_symbols", lang)]
        return "\n".join(lines)


SKIPPED = {"parens", "comma", "amp", "eq", "plus", "minus"}
# entry ids of operators that take limits or a set below them (sum, max, 𝔼 …)
BIG_OPERATORS = (
    set(NOTATION_BIG)
    | set(OPTIMISERS)
    | {
        "expectation",
        "empirical_expectation",
        "probability",
        "variance",
        "covariance",
    }
)
TRANSPOSE = TRANSPOSE_MARKS
STAR = {"*", "\\star", "\\ast"}
PARAMETERS = {
    "\\theta",
    "\\phi",
    "\\varphi",
    "\\psi",
    "\\vartheta",
    "\\omega",
    "\\boldsymbol{\\theta}",
    "\\bm{\\theta}",
    "\\mathbf{\\theta}",
    "\\boldsymbol{\\phi}",
    "\\bm{\\phi}",
}
TIME_INDEX = re.compile(r"^(t|\\tau)([+-]\d+)?$|^T$")
DIMENSION_LABELS = {"k", "v", "q", "model", "ff", "head", "h", "in", "out", "emb", "e", "z", "x"}
WORD = re.compile(r"^[A-Za-z]{3,}$")
# the index under a big operator: \sum_{n=1}^N, \prod_i, \max_a
INDEX_OF_BIG = re.compile(r"\\(?:sum|prod|max|min|argmax|argmin)\s*_\s*\{?\s*(\\?[A-Za-z]+)")
DISTRIBUTION_PARAMETERS = {"\\mu", "\\sigma", "\\Sigma", "\\pi"}
INDEX_LETTERS = {"i", "j", "k"}


class _Collector:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.items: list[SymbolItem] = []
        self.seen: set[str] = set()  # latex + entry id: a piece may match two patterns
        self.unknown: list[str] = []
        self.has_pair = False  # x⁺ beside x⁻: positive and negative samples
        self.has_mean = False  # σ₁ beside μ: a standard deviation, else maybe a singular value
        self.indices: set[str] = set()  # letters a ∑, ∏ or max runs over: x_n is then entry n

    def add(self, item: SymbolItem) -> None:
        key = f"{item.latex}\0{item.entry_id}"
        if key in self.seen:
            return
        self.seen.add(key)
        self.items.append(item)
        if not item.known:
            self.unknown.append(item.latex)

    # entries ---------------------------------------------------------------
    def entry_item(self, latex: str, entry: SymbolEntry, *, base: str | None = None) -> SymbolItem:
        read = entry.read
        glyph = entry.unicode
        if base is not None and entry.category in ("accent", "font"):
            from tutor.latex.unicode import to_unicode

            glyph = to_unicode(latex)  # ŷ for \\hat{y}, 𝐱 for \\mathbf{x}
            shown = symbols_to_unicode(base)
            read = Bilingual(
                en=re.sub(r"\bx\b", lambda _: shown, read.en),
                ja=re.sub(r"\bx\b", lambda _: shown, read.ja),
            )
        return SymbolItem(
            latex=latex,
            known=True,
            kind="symbol",
            category=entry.category,
            unicode=glyph,
            read=read,
            meaning=entry.meaning,
            numpy=entry.numpy,
            entry_id=entry.id,
        )

    def pattern_item(self, latex: str, pattern_id: str, **values: str) -> None:
        pattern = symbol_table().patterns[pattern_id]
        safe = {k: symbols_to_unicode(v) for k, v in values.items()}

        def fill(template: str) -> str:
            try:
                return template.format(**safe)
            except (KeyError, IndexError):
                return template

        numpy = None
        if pattern.numpy:
            back = _glyph_names()
            names = {
                k: _identifier(_accents_named(back.get(v) or "".join(back.get(c, c) for c in v)))
                for k, v in values.items()
            }
            if "index" in values:  # t-1 stays t - 1: an index expression, never t_1
                names["index_code"] = re.sub(
                    r"(?<=[\w)])\s*([+-])\s*", r" \1 ", re.sub(r"[\\{}]", "", values["index"])
                ).strip()
            if "shape" in values:  # a tuple of dimensions, each a name
                names["shape"] = ", ".join(_identifier(p) for p in values["shape"].split(","))
            numpy = pattern.numpy.format(**names)
        read_en, _, meaning_en = fill(pattern.en).partition(": ")
        read_ja, _, meaning_ja = fill(pattern.ja).partition("：")
        self.add(
            SymbolItem(
                latex=latex,
                known=True,
                kind="pattern",
                category="index",
                read=Bilingual(en=read_en, ja=read_ja),
                meaning=Bilingual(en=meaning_en or read_en, ja=meaning_ja or read_ja),
                numpy=numpy,
                entry_id=pattern_id,
            )
        )

    def unknown_item(self, latex: str) -> None:
        import difflib  # only for an unknown name: kept off the start-up path

        _, _, commands = _index()
        near = difflib.get_close_matches(latex, commands, n=3, cutoff=0.6)
        self.add(SymbolItem(latex=latex, known=False, kind="unknown", suggestions=near))

    def lookup(self, latex: str) -> SymbolEntry | None:
        keys, by_glyph, _ = _index()
        return keys.get(latex) or by_glyph.get(latex)

    # walking -----------------------------------------------------------------
    def walk(self, nodes: list[Node]) -> None:
        i = 0
        while i < len(nodes):
            node = nodes[i]
            after = nodes[i + 1] if i + 1 < len(nodes) else None
            if _is_bar(node) and after is not None and _is_bar(after):
                entry = self.lookup("||")
                if entry:
                    self.add(self.entry_item("\\|", entry))
                i += 1
                continue
            self.visit(node)
            i += 1

    def visit(self, node: Node) -> None:
        latex = node_latex(node)
        entry = self.lookup(latex)
        if entry is not None and not isinstance(node, Scripts | Fenced | Environment | Group):
            if entry.id not in SKIPPED:
                self.add(self.entry_item(latex, entry))
            return
        if isinstance(node, Sym):
            if node.kind == "number":
                return
            if node.kind == "cmd":
                self.unknown_item(latex)
            elif node.kind == "letter":
                self.add(
                    SymbolItem(
                        latex=latex,
                        known=True,
                        kind="symbol",
                        category="letter",
                        unicode=latex,
                        read=Bilingual(en=latex, ja=latex),
                        meaning=Bilingual(en="a variable", ja="変数"),
                    )
                )
            return
        if isinstance(node, Group):
            self.walk(node.body)
        elif isinstance(node, Text):
            self.visit_text(node)
        elif isinstance(node, Command):
            self.visit_command(node)
        elif isinstance(node, Scripts):
            self.visit_scripts(node)
        elif isinstance(node, Fenced):
            for delimiter in (node.left, node.right):
                found = self.lookup(delimiter)
                if found is not None and found.id not in SKIPPED:
                    self.add(self.entry_item(delimiter, found))
            self.walk(node.body)
        elif isinstance(node, Environment):
            for row in node.rows:
                for cell in row:
                    self.walk(cell)

    def visit_text(self, node: Text) -> None:
        latex = node_latex(node)
        words = node.text.strip()
        entry = self.lookup(words) if words else None
        if entry is not None and entry.category != "letter":
            self.add(self.entry_item(latex, entry))
            return
        if not words:
            return
        generic = self.lookup(f"\\{node.name}") or self.lookup("\\text")
        assert generic is not None
        item = self.entry_item(latex, generic)
        item.read = Bilingual(en=f"“{words}”", ja=f"「{words}」")
        self.add(item)

    def visit_command(self, node: Command) -> None:
        latex = node_latex(node)
        generic = self.lookup(f"\\{node.name}")
        if generic is None:
            self.unknown_item(f"\\{node.name}")
        else:
            base = plain(node.args[0]) if node.args else None
            item = self.entry_item(
                latex if generic.category in ("accent", "font") else f"\\{node.name}",
                generic,
                base=base,
            )
            self.add(item)
        if node.optional:
            self.walk(node.optional)
        for arg in node.args:
            self.walk(arg)

    def visit_scripts(self, node: Scripts) -> None:
        latex = node_latex(node)
        whole = self.lookup(latex)
        if whole is not None:
            self.add(self.entry_item(latex, whole))
            return
        base_latex = node_latex(node.base) if node.base is not None else ""
        base_entry = self.lookup(base_latex) if node.base is not None else None
        if base_entry is None and isinstance(node.base, Text):
            base_entry = self.lookup(node.base.text)
        base_id = base_entry.id if base_entry else ""
        specific = base_entry is not None and base_entry.category not in (
            "font",
            "accent",
            "letter",
        )
        shown = (
            base_entry.unicode
            if specific and base_entry and base_entry.unicode
            else (symbols_to_unicode(base_latex))
        )
        bracket = _bracket_shown(node.base)
        if bracket is not None:  # ‖…‖², (…)ᵀ: the bracket, not \left… \right… text
            shown = bracket
        sub = plain(node.sub) if node.sub is not None else None
        sup = plain(node.sup) if node.sup is not None else None
        if base_id in ("Vert", "mid") and sub is not None:
            self.pattern_item(latex, "norm_p", base="‖", index=sub)
        elif base_id in BIG_OPERATORS or base_id == "nabla":
            self.visit_operator_scripts(latex, base_id, shown, sub, sup)
        else:
            if sub is not None:
                self.classify_sub(latex, shown, sub, node.sub or [], base_latex)
            if sup is not None:
                # β₁ᵗ is β₁ to the t: the power of the subscripted symbol
                powered = symbols_to_unicode(f"{base_latex}_{{{sub}}}") if sub else shown
                self.classify_sup(latex, powered, sup, base_id, node.sup or [])
        if node.primes:
            self.pattern_item(latex, "prime", base=shown)
        if node.base is not None:
            self.visit(node.base)
        if node.sub and not _is_label(node.sub):  # θ_old: a label, not o·l·d
            self.walk(node.sub)
        if node.sup and not _is_label(node.sup):
            self.walk(node.sup)

    def visit_operator_scripts(
        self, latex: str, base_id: str, shown: str, sub: str | None, sup: str | None
    ) -> None:
        if base_id == "nabla":
            if sub is not None:
                self.pattern_item(latex, "grad_wrt", base="∇", index=sub)
            if sup is not None:
                self.pattern_item(latex, "sup_hessian", base="∇")
            return
        if base_id == "expectation" and sub is not None:
            self.pattern_item(latex, "expect_under", index=sub)
            return
        if base_id == "empirical_expectation":  # Ê_t: an average over a batch
            if sub is not None:
                self.pattern_item(latex, "expect_empirical", index=sub)
            return
        if sub is not None and sup is not None:
            self.pattern_item(latex, "op_limits", base=shown, lo=sub, hi=sup)
        elif sub is not None:
            self.pattern_item(latex, "op_under", base=shown, index=sub)

    def classify_sub(
        self, latex: str, base: str, sub: str, nodes: list[Node], base_latex: str = ""
    ) -> None:
        parts = [p.strip() for p in sub.split(",")]
        bare = re.sub(r"\\(mathrm|text|mathit|operatorname)\{([^{}]*)\}", r"\2", sub)
        greek = base_latex.startswith("\\") and base_latex[1:].isalpha()
        if base_latex == "d" and bare in DIMENSION_LABELS:
            self.pattern_item(latex, "sub_dimension", base=base, index=bare)
        elif sub.isdigit() and base_latex == "\\mu":
            self.pattern_item(latex, "sub_distribution_mean", base=base, index=sub)  # μ₁
        elif sub.isdigit() and base_latex == "\\sigma" and self.has_mean:
            self.pattern_item(latex, "sub_distribution_std", base=base, index=sub)  # σ₁ by μ₁
        elif sub.isdigit() and base_latex == "\\sigma":
            self.pattern_item(latex, "sub_numbered", base=base, index=sub)  # σ₁: which σ
        elif sub.isdigit() and base_latex in DISTRIBUTION_PARAMETERS:
            self.pattern_item(latex, "sub_distribution", base=base, index=sub)  # Σ₁, π₁
        elif sub in STAR or (len(sub) == 1 and sub.isupper() and not TIME_INDEX.match(sub)):
            self.pattern_item(latex, "sub_label", base=base, index=sub)  # D_M, f_*: which one
        elif (
            greek
            and len(sub) == 1
            and sub.isalpha()
            and sub not in INDEX_LETTERS
            and sub not in self.indices
            and not TIME_INDEX.match(sub)
        ):
            self.pattern_item(latex, "sub_label", base=base, index=sub)  # σ_n: the noise σ
        elif sub.isdigit() and greek and base_latex[1:].islower():
            self.pattern_item(latex, "sub_hyper", base=base, index=sub)  # β₁, not β[1]
        elif sub.isdigit() and (base_latex[:1].isupper() or base_latex in ("b", "h")):
            self.pattern_item(latex, "sub_numbered", base=base, index=sub)  # W₁, b₁
        elif sub in ("k", "j", "c") and (greek or base_latex[:1].isupper()):
            self.pattern_item(latex, "sub_component", base=base, index=sub)  # μ_k, Σ_k, π_k
        elif "_" in sub and sub.split("_")[0].lstrip("\\") not in ("theta", "phi", "psi"):
            self.pattern_item(latex, "sub_nested", base=base, index=sub)  # x_{t_1}
        elif any(sub.startswith(p) for p in PARAMETERS if p.startswith("\\")) and not (
            sub.lstrip("\\").isalpha() and sub not in PARAMETERS
        ):
            self.pattern_item(latex, "sub_param", base=base, index=sub)  # π_{θ_old}
        elif ":" in sub and "," not in sub:
            lo, _, hi = sub.partition(":")
            self.pattern_item(
                latex, "sub_range", base=base, index=sub, lo=lo or "1", hi=hi or "end"
            )
        elif len(parts) == 2 and parts[1] == ":":
            self.pattern_item(latex, "sub_row", base=base, index=sub, i=parts[0])
        elif len(parts) == 2 and parts[0] == ":":
            self.pattern_item(latex, "sub_col", base=base, index=sub, j=parts[1])
        elif ":" in sub:
            self.pattern_item(latex, "sub_slice", base=base, index=sub)
        elif len(parts) == 2:
            self.pattern_item(latex, "sub_pair", base=base, index=sub, i=parts[0], j=parts[1])
        elif len(parts) >= 3:
            self.pattern_item(latex, "sub_triple", base=base, index=sub)
        elif sub.startswith("-"):
            self.pattern_item(latex, "sub_except", base=base, index=sub, i=sub[1:])
        elif sub in PARAMETERS:
            self.pattern_item(latex, "sub_param", base=base, index=sub)
        elif TIME_INDEX.match(sub):
            self.pattern_item(latex, "sub_time", base=base, index=sub)
        elif len(sub) == 2 and sub.isalpha() and sub.islower() and sub[0] in "ijklmn":
            self.pattern_item(latex, "sub_pair", base=base, index=sub, i=sub[0], j=sub[1])
        elif any(isinstance(n, Text) for n in nodes) or WORD.match(sub):
            self.pattern_item(latex, "sub_label", base=base, index=sub)
        else:
            self.pattern_item(latex, "sub_index", base=base, index=sub)

    def classify_sup(
        self, latex: str, base: str, sup: str, base_id: str, nodes: list[Node] | None = None
    ) -> None:
        label = script_label(nodes) if nodes else None
        if base_id == "reals" or base in ("ℝ", "ℕ", "ℤ", "ℂ"):
            shape = sup.replace("\\times", ",").replace("×", ",")
            self.pattern_item(latex, "sup_space", base=base, index=sup, shape=shape)
        elif sup in TRANSPOSE or (nodes and is_transpose(nodes)):
            self.pattern_item(latex, "sup_transpose", base=base)
        elif sup in ("+", "-") and self.has_pair:
            self.pattern_item(latex, "sup_positive" if sup == "+" else "sup_negative", base=base)
        elif sup == "-":
            self.pattern_item(latex, "sup_negative", base=base)
        elif sup == "-1":
            self.pattern_item(latex, "sup_inverse", base=base)
        elif sup.startswith("(") and sup.endswith(")"):
            self.pattern_item(latex, "sup_example", base=base, index=sup[1:-1])
        elif sup in STAR:
            self.pattern_item(latex, "sup_star", base=base)
        elif sup == "\\dagger":
            self.pattern_item(latex, "sup_dagger", base=base)
        elif sup == "+":
            self.pattern_item(latex, "sup_plus", base=base)
        elif sup == "\\prime":
            self.pattern_item(latex, "prime", base=base)
        elif sup == "2":
            self.pattern_item(latex, "sup_square", base=base)
        elif base == "e":
            self.pattern_item(latex, "sup_exp", base=base, index=sup)
        elif (
            WORD.match(sup)
            or sup.startswith("\\text")
            or sup.startswith("\\mathrm")
            or (label is not None and not label[:1].isdigit())
        ):
            self.pattern_item(latex, "sup_label", base=base, index=sup)
        else:
            self.pattern_item(latex, "sup_power", base=base, index=sup)


def _bracket_shown(node: Node | None) -> str | None:
    """How a script's bracket base is shown in its row: `‖…‖`, `(…)`, `|…|`."""
    if isinstance(node, Fenced):
        if node.left in ("\\|", "\\Vert", "\\lVert", "‖"):
            return "‖…‖"
        if node.left in ("|", "\\lvert"):
            return "|…|"
        return f"{node.left or '('}…{node.right or ')'}".replace("\\", "")
    if isinstance(node, Group):
        return "(…)"
    if isinstance(node, Sym) and node.text in (")", "]", "\\|", "|"):
        return {")": "(…)", "]": "[…]", "|": "|…|"}.get(node.text, "‖…‖")
    return None


def _is_label(nodes: list[Node]) -> bool:
    """A script spelled as a word (`old`, `CLIP`, `data`): a name, not letters to explain."""
    letters = [n for n in nodes if isinstance(n, Sym) and n.kind == "letter"]
    return len(letters) == len(nodes) >= 2


def _is_bar(node: Node) -> bool:
    if isinstance(node, Scripts):
        node = node.base  # type: ignore[assignment]
    return isinstance(node, Sym) and node.text == "|"


_CMD = re.compile(r"\\([A-Za-z]+|.)")


def symbols_to_unicode(latex: str) -> str:
    """A short LaTeX piece (an index, a base) as readable text: `x\\sim p` → `x∼p`."""
    keys, _, _ = _index()

    def glyph(match: re.Match[str]) -> str:
        if match.group(1) in FONT_OR_TEXT:
            return ""
        entry = keys.get(match.group(0))
        if (
            entry is not None
            and entry.unicode
            and (
                len(entry.unicode) <= 2 or entry.unicode.isalpha()  # θ, ∑, or a name like log
            )
        ):
            return entry.unicode
        return match.group(0) if match.group(1) not in FONT_OR_TEXT else ""

    latex = _ACCENT.sub(lambda m: m.group(2) + ACCENTS[m.group(1)], latex)
    return _CMD.sub(glyph, latex).replace("{", "").replace("}", "")


_ACCENT = re.compile(r"\\(" + "|".join(ACCENTS) + r")\{([^{}]*)\}")


FONT_OR_TEXT = {
    "mathbf",
    "bm",
    "boldsymbol",
    "mathrm",
    "text",
    "mathit",
    "mathsf",
    "textnormal",
    "mathcal",
    "mathbb",
    "operatorname",
}


def _identifier(latex: str) -> str:
    """A Python name for a piece of notation: `\\mathbf{x}` → `x`, `\\theta` → `theta`."""
    text = re.sub(r"\\(mathbf|bm|boldsymbol|mathrm|mathit|mathsf|mathcal|mathbb|text)", "", latex)
    text = text.replace("\\", "")
    name = re.sub(r"[^0-9A-Za-z_]+", "_", text).strip("_")
    return name or "x"


def explain_symbols(nodes: list[Node], lang: str = "en") -> tuple[list[SymbolItem], list[str]]:
    """Items for every recognised symbol in a parsed formula, and the unknown ones."""
    from tutor.latex.serialize import to_latex

    collector = _Collector(lang)
    written = to_latex(nodes)
    collector.has_pair = bool(
        re.search(r"\^\{?\+", written) and re.search(r"\^\{?-\}?(?!1)", written)
    )
    collector.indices = set(INDEX_OF_BIG.findall(written))
    collector.has_mean = "\\mu" in written
    collector.walk(nodes)
    _in_context(collector.items, nodes)
    return collector.items, collector.unknown


def _in_context(items: list[SymbolItem], nodes: list[Node]) -> None:
    """Give a symbol the one meaning the formula shows (data/senses.json, chosen by
    tutor.notation.context); its other senses are listed as elsewhere."""
    from tutor.notation.context import choose, cue_text, senses

    table = senses()
    text: str | None = None
    for item in items:
        groups = table.groups_for(item.entry_id, item.latex) if item.meaning else []
        for group in groups:
            text = cue_text(nodes) if text is None else text
            sense = choose(group, text)
            if sense is None:
                continue
            others = [s for s in group.senses if s is not sense]
            item.elsewhere = Bilingual(
                en=table.join_en.join(s.short_en for s in others),
                ja=table.join_ja.join(s.short_ja for s in others),
            )
            item.meaning = Bilingual(en=sense.en, ja=sense.ja)
            item.numpy = sense.numpy
            break
