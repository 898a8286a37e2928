"""How pieces of evidence combine into a name (or none).

A paste is cut into statements: its lines (`aligned`, `\\\\`, algorithm steps) and, on one
line, statements separated by `\\qquad`, `\\quad`, `,`, `;` or a `\\text{where}` clause.
Every statement of every multi-statement bank variant is indexed as a line of its formula,
so a statement is matched line against line: `m̂_t = m_t / (1 − β₁ᵗ)` is a line of Adam.

Each statement is evidence:
- strong: it is a bank formula by itself (an exact match, not a part; or a Gaussian
  statement whose sample is one; or a resembling right side under the formula's own
  distinctive left-hand name);
- weak: it is only a line or a part of one or more formulas;
- neutral: it is a line many formulas share (`ε ∼ 𝒩(0, I)`), or nothing is known of it.

A strong statement names its formula when every other statement agrees, computes one of
its inputs, or is neutral, and no unknown line that looks like another formula feeds it.
Without a strong statement, weak ones name a formula only when all statements are known
and agree on exactly one; one weak statement alone is at most "part of" a formula.
Statements that disagree give no name. A left-hand side never names on its own.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from tutor.errors import LatexError
from tutor.latex.tree import Command, Group, Node, Scripts, Sym, Text
from tutor.offline.bank import (
    MARGIN,
    MIN_WHOLE,
    Forms,
    Recognition,
    _says_enough,
    _shown,
    _structure,
    canonical_forms,
    features,
    formula_bank,
    loose,
    ranked_resemblance,
    recognise,
    recognised_latex,
)
from tutor.plain import Plain

__all__ = [
    "Evidence",
    "combine",
    "line_candidates",
    "named_by_left",
    "recognise_statements",
    "split_statements",
]

# words that open a clause stating another definition: `… \text{where} head_i = …`
CLAUSE_WORDS = {"where", "and", "with", "for", "here", "s.t.", "given"}
# relations that make a piece a statement on its own (`t ≤ T` after a comma is a condition)
STATES = (
    "=",
    "\\leftarrow",
    "\\gets",
    "\\coloneqq",
    "\\doteq",
    "\\triangleq",
    "\\sim",
    "\\approx",
    "\\equiv",
    "\\propto",
    "←",
)
SEPARATORS = ("\\qquad", "\\quad", ",", ";", "\\;")
QUANTIFIER = re.compile(
    r"\s*(?:\\forall\b|\\(?:text|textrm|mathrm)\{\s*for\s+(?:all|every|each|any)\b)"
)


def _clause_word(text: str, i: int) -> int:
    """The length of `\\text{where}` (or `\\mathrm`, `\\textrm` …) at `i`, else 0."""
    for command in ("\\text", "\\mathrm", "\\textrm", "\\textnormal"):
        if text.startswith(command + "{", i):
            end = text.find("}", i)
            if end < 0:
                return 0
            word = text[i + len(command) + 1 : end].replace("~", " ").strip().lower()
            return end + 1 - i if word in CLAUSE_WORDS else 0
    return 0


def _has_relation(piece: str) -> bool:
    depth = 0
    i = 0
    while i < len(piece):
        char = piece[i]
        if char in "{([":
            depth += 1
        elif char in "})]":
            depth -= 1
        elif depth <= 0:
            for relation in STATES:
                if piece.startswith(relation, i) and not (
                    relation.startswith("\\")
                    and piece[i + len(relation) : i + len(relation) + 1].isalpha()
                ):
                    return True
        i += 1
    return False


def _condition(piece: str) -> bool:
    """`\\text{if } ‖g‖ > v:` is a condition of what follows, not a statement."""
    stripped = piece.strip()
    return (
        stripped.endswith(":")
        or stripped.startswith("\\forall")
        or "\\text{if" in stripped
        or "\\text{ if" in stripped
    )


def _strip_clause(piece: str) -> str:
    piece = piece.strip().lstrip("~").strip()
    width = _clause_word(piece, 0)
    while width:
        piece = piece[width:].strip().lstrip("~").strip()
        width = _clause_word(piece, 0)
    return piece.strip(" ,;~")


def split_statements(line: str) -> list[str]:
    """The statements on one line: cut at a top-level `\\qquad`, `\\quad`, `,`, `;` or a
    `\\text{where}`-like word, where both sides state something (have a relation). A piece
    that states nothing (`t ≤ T` conditions aside, `x ≥ 0`) stays with the one before it."""
    pieces: list[str] = []
    cuts: list[str] = []  # the separator after each piece, kept to join pieces back
    current: list[str] = []
    depth = env = 0
    i, n = 0, len(line)
    while i < n:
        char = line[i]
        if line.startswith("\\begin", i):
            env += 1
        elif line.startswith("\\end", i):
            env -= 1
        elif line.startswith("\\left", i) and not line[i + 5 : i + 6].isalpha():
            depth += 1
        elif line.startswith("\\right", i) and not line[i + 6 : i + 7].isalpha():
            depth -= 1
        if depth == 0 and env == 0:
            width = _clause_word(line, i)
            if not width:
                for separator in SEPARATORS:
                    if line.startswith(separator, i) and not (
                        separator[-1].isalpha()
                        and line[i + len(separator) : i + len(separator) + 1].isalpha()
                    ):
                        width = len(separator)
                        break
            if width:
                pieces.append("".join(current))
                cuts.append(line[i : i + width])
                current = []
                i += width
                continue
        if char == "\\" and i + 1 < n:
            current.append(line[i : i + 2])
            i += 2
            continue
        if char in "{([":
            depth += 1
        elif char in "})]":
            depth -= 1
        current.append(char)
        i += 1
    pieces.append("".join(current))
    cuts.append("")
    out: list[str] = []
    joins: list[str] = []  # what followed each statement so far
    for piece, cut in zip(pieces, cuts, strict=True):
        statement = _strip_clause(piece)
        if not statement or (out and QUANTIFIER.match(piece)):
            continue  # `… \quad ∀x ∈ ℝ`: where the statement holds, not what it says
        # a piece that states nothing (`t ≤ T` aside, `x ≥ 0`), or one after a condition
        # (`\\text{if } ‖g‖ > v:`, `∀x`), belongs to the statement before it
        if out and not (_has_relation(statement) and not _condition(out[-1])):
            out[-1] = f"{out[-1]} {joins[-1]} {piece.strip()}"
            joins[-1] = cut
            continue
        out.append(statement)
        joins.append(cut)
    return out or [line]


# ---------------------------------------------------------------- the line index

LineIndex = dict[tuple[str, tuple[str, ...]], tuple[str, ...]]


def _keys(forms: Forms) -> list[tuple[str, tuple[str, ...]]]:
    """What a statement is looked up by: its whole (both sides) and each right side, as
    written and with indices dropped; a right side only when it says enough alone."""
    keys: list[tuple[str, tuple[str, ...]]] = []
    if forms.right and _structure(forms.whole) >= MIN_WHOLE:
        keys += [("whole", forms.whole), ("whole~", loose(forms.whole))]
    for right in forms.right or (forms.whole,):
        if _says_enough(right):
            keys += [("right", right), ("right~", loose(right))]
    return keys


def _statements_of(latex: str) -> list[list[Node]]:
    from tutor.latex.macros import macros_for
    from tutor.latex.parser import parse
    from tutor.offline.lines import chain, split_lines

    out: list[list[Node]] = []
    for line in chain(split_lines(latex)):
        for statement in split_statements(line):
            try:
                nodes = parse(statement, macros_for())
            except LatexError:
                continue
            if nodes:
                out.append(nodes)
    return out


def _build_line_index() -> LineIndex:
    index: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for formula in formula_bank().formulas:
        for latex in recognised_latex(formula):
            try:
                statements = _statements_of(latex)
            except LatexError:
                continue
            if len(statements) < 2:
                continue  # one statement: indexed whole by the bank already
            for nodes in statements:
                for key in _keys(canonical_forms(nodes)):
                    ids = index.setdefault(key, [])
                    if formula.id not in ids:
                        ids.append(formula.id)
    return {key: tuple(ids) for key, ids in index.items()}


Derived = tuple[
    LineIndex,
    LineIndex,
    dict[str, frozenset[str]],
    dict[str, frozenset[str]],
    LineIndex,
]


def _build_derived() -> Derived:
    return (
        _build_line_index(),
        _build_sample_index(),
        _build_left_names(),
        _build_defined(),
        _build_line_variants(),
    )


def _build_line_variants() -> LineIndex:
    """Each statement key of a multi-statement bank variant, with the variants it is a line
    of, as `formula#variant#statements`."""
    index: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for formula in formula_bank().formulas:
        for number, latex in enumerate(recognised_latex(formula)):
            try:
                statements = _statements_of(latex)
            except LatexError:
                continue
            if len(statements) < 2:
                continue
            tag = f"{formula.id}#{number}#{len(statements)}"
            for nodes in statements:
                for key in _keys(canonical_forms(nodes)):
                    tags = index.setdefault(key, [])
                    if tag not in tags:
                        tags.append(tag)
    return {key: tuple(tags) for key, tags in index.items()}


def _build_defined() -> dict[str, frozenset[str]]:
    """The names each bank formula defines on its lines and variants (Adam: θ, m, v, …)."""
    from tutor.offline.bank import left_symbol

    defined: dict[str, set[str]] = {}
    for formula in formula_bank().formulas:
        for latex in recognised_latex(formula):
            try:
                statements = _statements_of(latex)
            except LatexError:
                continue
            for nodes in statements:
                name = left_symbol(nodes)
                if name:
                    defined.setdefault(formula.id, set()).add(name)
    return {key: frozenset(value) for key, value in defined.items()}


@cache
def _derived() -> Derived:
    """The line index, the sample index and the left-hand names of the bank: built on
    first use and kept in the data index, keyed like the bank's own derived forms."""
    from tutor.data_index import load_derived
    from tutor.offline.bank import _derived_sources

    return load_derived("formula-evidence", _derived_sources(), _build_derived)


def line_index() -> LineIndex:
    """Every statement of every multi-statement bank variant, by its canonical forms."""
    return _derived()[0]


def line_candidates(keys: list[tuple[str, tuple[str, ...]]]) -> tuple[tuple[str, ...], bool]:
    """The bank formulas one of whose lines this statement (by its `_keys`) is, and whether
    the match holds for the whole statement (its left side too) rather than its right side
    alone."""
    index = line_index()
    found: list[str] = []
    whole = False
    for key in keys:
        ids = index.get(key, ())
        if ids and key[0].startswith("whole"):
            whole = True
        found += [i for i in ids if i not in found]
    return tuple(found), whole


# ---------------------------------------------------------------- sampling statements
# `x ∼ 𝒩(μ, σ²)`, `q(x_t | x_{t−1}) = 𝒩(x_t; m, v I)` and `x = μ + σ ε` (ε standard
# normal) say the same thing: each Gaussian statement is also read as its sample.

GAUSSIAN = ("\\mathcal{N}", "\\mathcal N")
IDENTITY = ("\\mathbf{I}", "\\boldsymbol{I}", "\\mathrm{I}", "\\bm{I}", "I")


def _closing(text: str, start: int) -> int:
    """The index of the `)` closing the `(` at `start`, or -1."""
    depth = 0
    for i in range(start, len(text)):
        depth += (text[i] in "({[") - (text[i] in ")}]")
        if depth == 0:
            return i
    return -1


def _top_split(text: str, separators: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        depth += (char in "({[") - (char in ")}]")
        if char in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts]


def _unwrapped(text: str) -> str:
    text = text.strip().replace("\\,", " ").replace("\\left(", "(").replace("\\right)", ")")
    while text.startswith("(") and _closing(text, 0) == len(text) - 1:
        text = text[1:-1].strip()
    return text


def sample_form(statement: str) -> str | None:
    """`x ∼ 𝒩(m, v)` or `q(x | …) = 𝒩(x; m, v I)` as the sample `x = m + √v ε`; None for
    anything else (a density written as `𝒩(x; μ, σ²) = …` is not a sampling statement)."""
    text = statement.strip()
    for name in GAUSSIAN:
        at = text.find(name)
        if at > 0:
            break
    else:
        return None
    before, after = text[:at].rstrip(), text[at + len(name) :].strip()
    after = after.replace("\\left(", "(", 1).replace("\\right)", ")")
    if not after.startswith("(") or _closing(after, 0) != len(after) - 1:
        return None  # the Gaussian is not the whole right side
    args = _top_split(after[1:-1], ";")
    variable: str | None = None
    if len(args) == 2:
        variable, rest = args[0], args[1]
    elif len(args) == 1:
        rest = args[0]
    else:
        return None
    parameters = _top_split(rest, ",")
    if len(parameters) != 2:
        return None
    if before.endswith("\\sim"):
        variable = variable or before[: -len("\\sim")].strip()
    elif not (before.endswith("=") and variable):
        return None
    if not variable:
        return None
    mean, variance = _unwrapped(parameters[0]), parameters[1].strip()
    for identity in IDENTITY:
        if variance.endswith(identity):
            variance = variance[: -len(identity)].strip()
            break
    variance = _unwrapped(variance) or "1"
    squared = re.fullmatch(r"(\\?[A-Za-z]+(?:_\{?[^{}^]+\}?)?)\^\{?2\}?", variance)
    spread = squared.group(1) if squared else f"\\sqrt{{{variance}}}"
    noise = f"{spread} \\epsilon" if spread != "\\sqrt{1}" else "\\epsilon"
    if mean in ("0", "\\mathbf{0}", "\\boldsymbol{0}"):
        # `ε ∼ 𝒩(0, I)` declares a standard normal: as a sample it says nothing
        return None if noise == "\\epsilon" else f"{variable} = {noise}"
    return f"{variable} = {mean} + {noise}"


def _build_sample_index() -> LineIndex:
    from tutor.latex.macros import macros_for
    from tutor.latex.parser import parse
    from tutor.offline.lines import chain, split_lines

    index: dict[tuple[str, tuple[str, ...]], list[str]] = {}
    for formula in formula_bank().formulas:
        for latex in recognised_latex(formula):
            try:
                lines = chain(split_lines(latex))
            except LatexError:
                continue
            for line in lines:
                for statement in split_statements(line):
                    sample = sample_form(statement)
                    if sample is None:
                        continue
                    try:
                        forms = canonical_forms(parse(sample, macros_for()))
                    except LatexError:
                        continue
                    for key in _keys(forms)[:2]:  # the whole statement, left side too
                        ids = index.setdefault(key, [])
                        if formula.id not in ids:
                            ids.append(formula.id)
    return {key: tuple(ids) for key, ids in index.items()}


def sample_index() -> LineIndex:
    """Every Gaussian statement of the bank read as its sample, by its whole form."""
    return _derived()[1]


def sampled(keys: list[tuple[str, tuple[str, ...]]], source: str) -> Recognition | None:
    """A sampling statement and a Gaussian statement of the bank that say the same thing:
    the user's `x_t = √(1−β_t) x_{t−1} + √β_t ε` against the bank's
    `q(x_t | x_{t−1}) = 𝒩(x_t; √(1−β_t) x_{t−1}, β_t I)`, or the other way round."""
    from tutor.latex.macros import macros_for
    from tutor.latex.parser import parse

    wholes = [key for key in keys if key[0].startswith("whole")]
    found = [i for key in wholes for i in sample_index().get(key, ())]
    if found:
        formula = next(f for f in formula_bank().formulas if f.id == found[0])
        return Recognition(formula, True, 1.0, candidates=tuple(dict.fromkeys(found)))
    sample = sample_form(source)
    if sample is None:
        return None
    try:
        match = recognise(parse(sample, macros_for()))
    except LatexError:
        return None
    return match if match is not None and match.exact else None


# ---------------------------------------------------------------- combining


class Evidence(Plain):
    """What one statement says: the formulas it may belong to, and how strongly."""

    __slots__ = (
        "candidates", "defines", "recognition", "resembles", "says_enough", "strong", "uses",
        "variants", "whole",
    )  # fmt: skip
    _fields = (
        "candidates", "strong", "whole", "recognition", "defines", "uses", "resembles",
        "says_enough", "variants",
    )  # fmt: skip

    def __init__(
        self,
        candidates: tuple[str, ...],  # in order of preference
        strong: frozenset[str],  # formulas the statement is by itself (exact, not a part)
        whole: bool,  # the match holds with the left-hand side too
        recognition: Recognition | None,
        defines: str | None = None,  # the name on the left (`m` of `m_t ← …`)
        uses: frozenset[str] = frozenset(),  # the names used on the right
        resembles: str | None = None,  # a formula it only looks like (a changed line of it)
        says_enough: bool = True,  # its right side is more than a step (`θ ← θ + Δθ` is not)
        variants: frozenset[str] = frozenset(),  # multi-line bank variants it is a line of
    ) -> None:
        self.candidates, self.strong, self.whole = candidates, strong, whole
        self.recognition, self.defines, self.uses = recognition, defines, uses
        self.resembles, self.says_enough, self.variants = resembles, says_enough, variants

    def replace(self, **changes: object) -> Evidence:
        """A copy with some fields changed (as `dataclasses.replace` gave)."""
        values = {name: getattr(self, name) for name in self._fields}
        return Evidence(**{**values, **changes})  # type: ignore[arg-type]


# a resemblance confirmed by the formula's own left-hand name may be weaker than one alone
LEFT_MIN_SCORE = 0.5
LEFT_MIN_SHARED = 2


def statement_evidence(nodes: list[Node], source: str | None = None) -> Evidence:
    """What one statement (`source`, parsed as `nodes`) says, by itself, as a sample, and
    as a line of a bank formula."""
    from tutor.offline.bank import _bound_use, left_symbol, used_symbols

    forms = canonical_forms(nodes)
    keys = _keys(forms)
    if not all(_bound_use(forms.whole)):
        # `∑_j e^{z_i}`: with indices dropped it would pass for `∑_j e^{z_j}`
        keys = [key for key in keys if not key[0].endswith("~")]
    found = _statement_evidence(nodes, forms, keys)
    if not found.strong and source is not None:
        sample = sampled(keys, source)
        if sample is not None and not sample.part:
            ids = sample.candidates or (sample.formula.id,)
            found = Evidence(ids, frozenset(ids), True, sample)
    defines = left_symbol(nodes)
    if defines is None and len(nodes) > 1 and isinstance(nodes[1], Sym) and nodes[1].text == "sim":
        defines = left_symbol([nodes[0], Sym(nodes[1].pos, "=", "char"), *nodes[2:]])
    right = forms.right[-1] if forms.right else forms.whole
    line_variants = _derived()[4]
    variants = frozenset(tag for key in keys for tag in line_variants.get(key, ()))
    return found.replace(
        defines=defines,
        uses=frozenset(used_symbols(nodes)),
        says_enough=_says_enough(right),
        variants=variants,
    )


@lru_cache(maxsize=1024)
def evidence_of(statement: str) -> Evidence | None:
    """A statement's evidence, kept: the lines of a paste are looked at more than once."""
    from tutor.latex.macros import macros_for
    from tutor.latex.parser import parse

    try:
        nodes = parse(statement, macros_for())
    except LatexError:
        return None
    return statement_evidence(nodes, statement) if nodes else None


def _with_left_name(nodes: list[Node], match: Recognition) -> Recognition:
    """Among several bank formulas with this exact form, the one the left-hand name agrees
    with (`\\mathrm{MSE} = \\frac{1}{N}\\sum (t_n - y_n)^2` is the mean squared error, not a
    variance). A name over another formula's right side is a label: the right side decides
    (`\\mathrm{softmax}(x) = \\max(0, x)` is a ReLU)."""
    name = _left_operator(nodes)
    if name is None:
        return match
    owners = {i for i, names in _left_names().items() if name in names}
    candidates = match.candidates or (match.formula.id,)
    if not owners or match.formula.id in owners:
        return match
    agreeing = [i for i in candidates if i in owners]
    if not agreeing:
        return match
    formula = next(f for f in formula_bank().formulas if f.id == agreeing[0])
    ordered = (*agreeing, *(i for i in candidates if i not in agreeing))
    part = match.part if formula.id == match.formula.id else formula.id in match.parts
    return Recognition(formula, True, match.score, part=part, candidates=ordered, parts=match.parts)


def _statement_evidence(
    nodes: list[Node], forms: Forms, keys: list[tuple[str, tuple[str, ...]]]
) -> Evidence:
    match = recognise(nodes, forms)
    candidates: list[str] = []
    strong: set[str] = set()
    whole = False
    if match is None or not match.exact:
        named = named_by_left(nodes, forms)
        if named is not None:
            return Evidence((named.formula.id,), frozenset({named.formula.id}), True, named)
    if match is not None and match.exact:
        match = _with_left_name(nodes, match)
        ids = match.candidates or (match.formula.id,)
        candidates += ids
        if not match.part:
            strong.update(ids)
        whole = True
    lines, line_whole = line_candidates(keys)
    if not candidates and not lines and match is not None and not match.exact:
        resembles = match.formula.id
        return Evidence((), frozenset(), False, match, resembles=resembles)
    candidates += [i for i in lines if i not in candidates]
    whole = whole or line_whole
    return Evidence(tuple(candidates), frozenset(strong), whole, match)


GENERIC_LINE = 3  # a weak line shared by this many formulas says nothing about which
MAX_STATEMENTS = 32  # more statements than any bank formula has: not one formula


def combine(evidence: list[Evidence]) -> tuple[str, bool] | None:
    """The formula the statements agree on, and whether it is the whole formula (True) or
    only a part of it (False); None when they conflict or say too little.

    A statement that is a formula by itself names it, if every other statement agrees, is
    an input step of another (AdaMax's EMA line computes the m its update uses; the
    `ε ∼ 𝒩(0, I)` clause the ε of the line before), is shared by many formulas, or is not
    known at all (`t ← t + 1`). Without such a statement, weak lines must all be known and
    agree on exactly one formula; one weak line alone is at most a part of it."""
    said = _said(evidence)
    if not said:
        return None
    strong_ids = [i for e in reversed(said) for i in e.candidates if i in e.strong]
    for formula_id in _agreed_strong(said):
        if not (
            _unknown_around(evidence, formula_id)
            or _block_of_unknown(evidence, formula_id)
            or _unrelated_statement(evidence, formula_id)
        ):
            return formula_id, True
    if strong_ids:
        return None  # formulas by themselves that disagree
    shared = set(said[0].candidates)
    for e in said[1:]:
        shared &= set(e.candidates)
    if len(shared) > 1:
        # momentum's two lines are also two of Nesterov's four: the formula one of whose
        # variants is these lines, all of them and no more
        complete = {
            tag.split("#")[0]
            for tag in frozenset.intersection(*(e.variants for e in evidence))
            if tag.endswith(f"#{len(evidence)}")
        }
        shared = (shared & complete) or shared
    if len(shared) != 1 or any(not e.candidates for e in evidence):
        return None  # ambiguous, or weak lines beside a line nothing is known about
    if len(said) >= 2:
        return shared.pop(), True
    only = said[0]
    if only.whole and len(only.candidates) == 1 and len(evidence) == 1:
        return only.candidates[0], False
    return None


def changed_variant(evidence: list[Evidence]) -> str | None:
    """The formula every line agrees with except a line that defines one of its names
    another way (Adam with a changed v line): what the paste looks like, not what it is."""
    for formula_id in _agreed_strong(_said(evidence)):
        if _unknown_around(evidence, formula_id):
            return formula_id
    return None


def _said(evidence: list[Evidence]) -> list[Evidence]:
    """The statements that say something: a line many formulas share is neither for nor
    against any of them."""
    return [e for e in evidence if e.candidates and (e.strong or len(e.candidates) < GENERIC_LINE)]


def _agreed_strong(said: list[Evidence]) -> list[str]:
    """Formulas some statement is by itself, which every other statement agrees with or
    feeds an input to, later statements first."""
    strong = dict.fromkeys(i for e in reversed(said) for i in e.candidates if i in e.strong)
    defined = _derived()[3]
    return [
        formula_id
        for formula_id in strong
        if all(
            formula_id in e.candidates
            # an input step, unless it computes a name the formula computes on a line of
            # its own another way (an EMA of g² as the s of AdaGrad's running sum)
            or (
                _feeds(e, [o for o in said if o is not e])
                and e.defines not in defined.get(formula_id, frozenset())
            )
            for e in said
        )
        # a formula that computes an input of the lines after it is a step of theirs:
        # D2L's Adam starts with two EMA lines, and is Adam
        and not any(
            _feeds(e, [o for o in said[i + 1 :] if formula_id not in o.candidates])
            for i, e in enumerate(said)
            if formula_id in e.strong
        )
    ]


def _unknown_around(evidence: list[Evidence], formula_id: str) -> bool:
    """Whether a line that is not known, but looks like another formula (a changed line of
    it), computes an input of the paste, or a line nothing is known about defines a name the
    formula defines on a line of its own: then the paste is a variant, not the formula.
    Lines that look like nothing (`t ← t + 1`, `g_t ← ∇f(θ_{t−1})`, `θ ← θ + Δθ`) are the
    steps around a formula that authors write with it."""
    defined = _derived()[3].get(formula_id, frozenset())
    return any(
        (
            not e.candidates
            and (
                (e.resembles is not None and _feeds(e, [o for o in evidence if o is not e]))
                # a name the formula defines itself, defined here another way: Adam with
                # v_t ← β₂ v + (1 − β₂)|g_t| is a variant of Adam, not Adam
                or (e.defines is not None and e.defines in defined and e.says_enough)
            )
        )
        # … or a known line of other formulas that computes an input of the paste the
        # formula computes another way: an EMA of g² before AdaGrad's update is RMSProp
        or (
            e.candidates
            and formula_id not in e.candidates
            and e.defines in defined
            and _feeds(e, [o for o in evidence if o is not e])
        )
        for e in evidence
    )


def _block_of_unknown(evidence: list[Evidence], formula_id: str) -> bool:
    """Whether the formula is a building block (a line other formulas share too: an EMA)
    whose result a statement nothing is known about goes on to use: Adam's moments before
    a plain SGD step are not an EMA, and not Adam. A distinctive statement (dropout's
    Bernoulli mask) still names the paste it feeds."""
    unknown = [e for e in evidence if not e.candidates]
    return any(
        formula_id in e.strong and len(e.candidates) > 1 and _feeds(e, unknown) for e in evidence
    )


def _unrelated_statement(evidence: list[Evidence], formula_id: str) -> bool:
    """Whether the paste also says something unknown that has nothing to do with the
    formula: a statement that says enough, is no bank formula's line, and is not linked to
    the formula's statements by what they compute, directly or through other statements (a
    TD error beside an unrelated Q update). A step like `t ← t + 1` says too little to
    count; a line many formulas share is neither for nor against."""
    related = [e for e in evidence if formula_id in e.candidates]
    rest = [e for e in evidence if formula_id not in e.candidates]
    grown = True
    while grown:  # everything linked to the formula's statements by what they compute
        linked = [e for e in rest if _feeds(e, related) or any(_feeds(o, [e]) for o in related)]
        related += linked
        rest = [e for e in rest if not any(e is o for o in linked)]
        grown = bool(linked)
    return any(e.says_enough and not e.candidates for e in rest)  # shared lines: neutral


def _feeds(step: Evidence, others: list[Evidence]) -> bool:
    """Whether a step defines a name another statement uses (an input of it)."""
    return step.defines is not None and any(step.defines in e.uses for e in others)


def recognise_statements(sources: list[str]) -> Recognition | None:
    """The formula a paste of one or more lines is, from its statements' agreement: the
    whole formula, or (`part=True`) a formula this is one line of."""
    statements = [statement for source in sources for statement in split_statements(source)]
    if len(statements) > MAX_STATEMENTS:
        return None  # dozens of statements are not one formula
    evidence: list[Evidence] = []
    for statement in statements:
        found = evidence_of(statement)
        if found is None:
            return None
        evidence.append(found)
    agreed = combine(evidence)
    if agreed is None:
        changed = changed_variant(evidence)
        if changed is None:
            return None
        formula = next(f for f in formula_bank().formulas if f.id == changed)
        return Recognition(formula, False, 0.9)  # "looks like": a line of it is changed
    formula_id, whole = agreed
    if len(evidence) == 1 and evidence[0].recognition is not None:
        only = evidence[0].recognition
        if only.exact and only.formula.id == formula_id and only.part != whole:
            return only  # the statement's own match, with its candidates and measures
    formula = next(f for f in formula_bank().formulas if f.id == formula_id)
    others = tuple(dict.fromkeys(i for e in evidence for i in e.candidates))
    return Recognition(formula, True, 1.0, part=not whole, candidates=others)


# ---------------------------------------------------------------- a left-hand name

# one-letter names and generic ones say nothing about which formula is meant
GENERIC_NAMES = {"loss", "objective", "output", "if", "then", "otherwise"} | CLAUSE_WORDS


def _left_operator(nodes: list[Node]) -> str | None:
    """The upright multi-letter name a statement defines: `\\mathrm{SwiGLU}(x) = …`,
    `\\mathrm{Var}[W] = …`, `\\mathrm{MSE} = …`; None for `f(x)`, `L`, `H(p)`."""
    from tutor.offline.bank import RELATION_TEXTS

    cut = next(
        (i for i, n in enumerate(nodes) if isinstance(n, Sym) and n.text in RELATION_TEXTS), None
    )
    if not cut:
        return None
    node: Node = nodes[0]
    while True:
        if isinstance(node, Scripts) and node.base is not None:
            node = node.base
        elif isinstance(node, Group) and len(node.body) == 1:
            node = node.body[0]
        elif isinstance(node, Command) and node.args and len(node.args[0]) == 1:
            node = node.args[0][0]
        else:
            break
    if not isinstance(node, Text):
        return None
    word = "".join(c for c in node.text.lower() if c.isalnum())
    if len(word) < 2 or word in GENERIC_NAMES:
        return None
    return word


def _formula_names(formula_id: str) -> frozenset[str]:
    """The upright left-hand names the bank's own variants of a formula define."""
    return _left_names().get(formula_id, frozenset())


def _left_names() -> dict[str, frozenset[str]]:
    return _derived()[2]


def _build_left_names() -> dict[str, frozenset[str]]:
    from tutor.latex.macros import macros_for
    from tutor.latex.parser import parse

    names: dict[str, set[str]] = {}
    for formula in formula_bank().formulas:
        for latex in recognised_latex(formula):
            try:
                nodes = parse(latex, macros_for())
            except LatexError:
                continue
            name = _left_operator(nodes)
            if name:
                names.setdefault(formula.id, set()).add(name)
    return {key: frozenset(value) for key, value in names.items()}


def _unscripted(form: tuple[str, ...]) -> list[str]:
    """A form without its subscripts (indices and labels are notation here)."""
    out: list[str] = []
    depth = 0  # inside a subscript: how deep
    for token in form:
        if depth:
            if token.endswith("(") or token == ")(":
                depth += token != ")("
            elif token == ")":
                depth -= 1
            continue
        if token == "_(":
            depth = 1
            continue
        out.append(token)
    return out


def _is_name(token: str) -> bool:
    return token.startswith("v") and token[1:].isdigit()


EMBED_STEPS = 20_000  # a search this long is not a resemblance worth a name


def _embeds(theirs: list[str], mine: list[str], budget: list[int]) -> bool:
    """Whether the bank's form is found in the user's in order, the user's adding tokens
    (a bias `+ b`, a parameter) but never changing one: names map one to one, so roles
    swapped (`∑ q log p/q` for `∑ p log p/q`) or inputs merged (`uᵀv / ‖u‖²`) do not embed.
    A search over where each token lands (a bias written first, `b + xW`), in at most
    `budget[0]` steps, which it spends."""

    def search(i: int, j: int, mapping: dict[str, str], used: frozenset[str]) -> bool:
        if i == len(theirs):
            return True
        token = theirs[i]
        for k in range(j, len(mine) - (len(theirs) - i) + 1):
            budget[0] -= 1
            if budget[0] < 0:
                return False
            candidate = mine[k]
            if not (_is_name(token) and _is_name(candidate)):
                found = token == candidate and search(i + 1, k + 1, mapping, used)
            elif mapping.get(token) == candidate:
                found = search(i + 1, k + 1, mapping, used)
            else:
                fresh = token not in mapping and candidate not in used
                found = fresh and search(
                    i + 1, k + 1, {**mapping, token: candidate}, used | {candidate}
                )
            if found:
                return True
        return False

    return search(0, 0, {}, frozenset())


def _keeps_roles(mine: tuple[str, ...], formula_id: str) -> bool:
    """The user's right side is one of the formula's own with things added, nothing
    changed or left out (`softmax(QKᵀ/d_k)V` lacks the √ of attention), and its sums use
    the indices they bind."""
    from tutor.offline.bank import _bank, _bound_use

    if not all(_bound_use(mine)):
        return False  # `∑_j e^{z_i}` sums something that does not depend on j
    user = _unscripted(mine)
    budget = [EMBED_STEPS]  # for all the formula's forms together
    return any(
        _embeds(_unscripted(entry.target), user, budget)
        for entry in _bank()[0]
        if entry.formula.id == formula_id and not entry.part
    )


def named_by_left(nodes: list[Node], forms: Forms | None = None) -> Recognition | None:
    """A right side that resembles a formula (top-ranked, with a clear margin), confirmed
    by a left-hand name that is that same formula's own distinctive name: two independent
    pieces of evidence. Never the left-hand side alone."""
    name = _left_operator(nodes)
    if name is None:
        return None
    owners = {i for i, names in _left_names().items() if name in names}
    if not owners:
        return None
    # the arity is not asked: `SwiGLU(x, W, V, b, c, β)` names its parameters too
    if forms is None:
        forms = canonical_forms(nodes)
    ranked = ranked_resemblance(forms, None, LEFT_MIN_SHARED)
    if not ranked or ranked[0][1].id not in owners or ranked[0][0] < LEFT_MIN_SCORE:
        return None
    if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < MARGIN:
        return None
    score, formula, mine, theirs = ranked[0]
    if not _keeps_roles(mine, formula.id):
        return None
    a, b = features(mine), features(theirs)
    agree = tuple(sorted(_shown(t) for t in a & b))
    differ = tuple(sorted([f"+{_shown(t)}" for t in a - b] + [f"-{_shown(t)}" for t in b - a]))
    return Recognition(formula, True, score, agree, differ)
