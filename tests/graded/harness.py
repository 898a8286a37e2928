"""Measure tutor's offline explainer against the graded set (truth not derived from tutor).

    python -m tests.graded.harness            # the report
    python -m tests.graded.harness --wrong    # ... with every wrong / missed item listed
    python -m tests.graded.harness --json     # machine-readable summary
    python -m tests.graded.harness --callables  # applications bound as constant functions
    python -m tests.graded.harness --set holdout  # the held-out set (holdout.jsonl), or --set PATH

Names come from `tutor.offline.explain.explain_formula(latex)`: `name_en` and `match_kind`
("exact" or "looks_like") when the explainer has them, else `known.name.en` / `known.exact`.
Only an "exact" match is a *name given*; a "looks_like" hint is counted apart.

Values come from `tutor.offline.evaluate.evaluate_formula(latex, bindings)` when it exists;
without it every value is "untranslated".
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

SET_PATH = Path(__file__).resolve().parent / "formulas.jsonl"
HOLDOUT_PATH = Path(__file__).resolve().parent / "holdout.jsonl"
SETS = {"graded": SET_PATH, "holdout": HOLDOUT_PATH}

RIGHT, WRONG, NONE = "right", "wrong", "none"
UNTRANSLATED = "untranslated"


def load_set(path: Path = SET_PATH) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


# ---------------------------------------------------------------- name scoring
def words(name: str) -> list[str]:
    """Lowercase, punctuation (and the possessive 's) stripped, -isation spelt -ization."""
    name = name.lower().replace("'s ", " ").replace("’s ", " ")
    name = name.replace("isation", "ization").replace("ised", "ized")
    return re.sub(r"[^\w]+", " ", name).split()


def contains(outer: list[str], inner: list[str]) -> bool:
    """Whether the word sequence `inner` occurs contiguously in `outer`."""
    if not inner or len(inner) > len(outer):
        return False
    return any(outer[i : i + len(inner)] == inner for i in range(len(outer) - len(inner) + 1))


NEVER = "never"


def _grade_form(g: list[str], want: list[list[str]], bad: list[list[str]]) -> str:
    if any(g == e for e in want):
        return RIGHT
    if any(g == n or contains(n, g) for n in bad):
        return NEVER
    matched = [e for e in want if contains(g, e) or contains(e, g)]
    if not matched:
        return WRONG
    if any(contains(g, n) and all(contains(n, e) for e in matched) for n in bad):
        return NEVER
    return RIGHT


def grade_name(given: str | None, expected: list[str], never: list[str]) -> str:
    """RIGHT / WRONG / NONE for one name given by the explainer (word-wise comparison).

    RIGHT when the name is an expected alias, or contains one / is contained in one
    ("adam" does not match "adamw": words, not letters). WRONG when the formula has no
    name (expected == []), when the name is a `never` name or a piece of one ("sigmoid"
    for "logistic sigmoid"), when it matches no expected alias, or when it contains a
    `never` name more specific than the alias it matched ("scaled dot-product attention"
    for an unscaled dot-product attention). A parenthetical aside in the name ("DDPM
    reverse (sampling) step") is compared with and without it; a `never` hit on either
    form makes the name wrong.
    """
    if not given or not given.strip():
        return NONE
    want = [words(e) for e in expected]
    bad = [words(n) for n in never]
    forms = [words(given)]
    bare = words(re.sub(r"\([^()]*\)", " ", given))
    if bare and bare != forms[0]:
        forms.append(bare)
    grades = [_grade_form(g, want, bad) for g in forms]
    if NEVER in grades:
        return WRONG
    return RIGHT if RIGHT in grades else WRONG


# ---------------------------------------------------------------- value scoring
def grade_value(value: Any, expected: Any, tolerance: float) -> str:
    """RIGHT when every element is within tolerance * max(1, |expected|)."""
    if value is None:
        return UNTRANSLATED
    try:
        got = np.asarray(value, dtype=float)
        want = np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        return WRONG
    got, want = np.squeeze(got), np.squeeze(want)
    if got.shape != want.shape or not np.all(np.isfinite(got)):
        return WRONG
    ok = np.abs(got - want) <= tolerance * np.maximum(1.0, np.abs(want))
    return RIGHT if bool(np.all(ok)) else WRONG


# ---------------------------------------------------------------- adapters to tutor
@dataclass
class Recognition:
    name: str | None
    kind: str | None  # "exact", "looks_like" or None
    seconds: float
    error: str | None = None
    part_of: str | None = None  # "part of X": the formula this is said to be a part of


def recognise(latex: str) -> Recognition:
    from tutor.offline.explain import explain_formula

    start = time.perf_counter()
    try:
        expl = explain_formula(latex, run=False)
    except Exception as exc:  # the explainer promises never to raise; record it if it does
        return Recognition(None, None, time.perf_counter() - start, f"raised {type(exc).__name__}")
    seconds = time.perf_counter() - start
    if hasattr(type(expl), "match_kind"):
        part = getattr(expl, "part_of", None)
        part_name = part.name.en if part is not None else None
        return Recognition(expl.name_en, expl.match_kind, seconds, part_of=part_name)
    known = getattr(expl, "known", None)
    if known is None:
        return Recognition(None, None, seconds)
    return Recognition(known.name.en, "exact" if known.exact else "looks_like", seconds)


def application_head(key: str) -> str | None:
    """`"\\epsilon_\\theta^{(t)}(x_t)"` -> `"\\epsilon_\\theta^{(t)}"`: the part before the
    last balanced `( ... )` that ends the key, or None when the key is not an application."""
    if not key.endswith(")"):
        return None
    depth = 0
    for i in range(len(key) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(key[i], 0)
        if depth == 0:
            head = key[:i].strip()
            return head if head and " " not in head else None
    return None


def as_callables(bindings: dict[str, Any]) -> dict[str, Any]:
    """The set's bindings in the evaluator's other convention (`--callables`).

    The set binds an application the formula does not define by its written form
    (`"u(k)": 0.25`). tutor's evaluator also accepts a callable under the function's name;
    here a function applied in exactly one bound key becomes a constant callable returning
    that value. Functions bound at several arguments (`V(S_t)`, `V(S_{t+1})`) stay as
    they are.
    """
    heads: dict[str, list[str]] = defaultdict(list)
    for key in bindings:
        head = application_head(key)
        if head:
            heads[head].append(key)
    out = dict(bindings)
    for head, keys in heads.items():
        if len(keys) == 1 and head not in bindings:
            value = np.asarray(out.pop(keys[0]), dtype=float)
            out[head] = lambda *_args, _value=value: _value
    return out


def evaluator(
    *, callables: bool = False
) -> Callable[[str, dict[str, Any]], tuple[Any, str | None]] | None:
    """`(latex, bindings) -> (value or None, reason)`, or None when tutor has no evaluator."""
    try:
        from tutor.offline.evaluate import evaluate_formula
    except ImportError:
        return None

    def run(latex: str, bindings: dict[str, Any]) -> tuple[Any, str | None]:
        if callables:
            bindings = as_callables(bindings)
        try:
            result = evaluate_formula(latex, bindings)
        except Exception as exc:
            return None, f"raised {type(exc).__name__}: {exc}"
        if not result.translated:
            return None, result.reason or "not translated"
        return result.value, None

    return run


# ---------------------------------------------------------------- the measurement
@dataclass
class ItemResult:
    id: str
    group: str
    expected: list[str]
    given: str | None
    kind: str | None
    name: str  # right / wrong / none (confident names only)
    hint: str | None  # grade of a looks_like hint, else None
    part: str | None  # grade of a "part of X" claim (X an expected name or not), else None
    value: str | None  # right / wrong / untranslated, None when no expected value
    got: Any = None
    want: Any = None
    reason: str | None = None


@dataclass
class Report:
    total: int
    named: int  # formulas with an expected name
    with_value: int
    names: dict[str, int]
    names_on_named: dict[str, int]
    hints: dict[str, int]
    parts: dict[str, int]
    values: dict[str, int]
    per_group: dict[str, dict[str, int]]
    explain_p50_ms: float
    explain_p95_ms: float
    evaluator: bool
    items: list[ItemResult] = field(default_factory=list)

    @property
    def right_name_share(self) -> float:
        return self.names_on_named[RIGHT] / self.named if self.named else 0.0

    @property
    def right_value_share(self) -> float:
        return self.values[RIGHT] / self.with_value if self.with_value else 0.0

    def wrong_names(self) -> list[ItemResult]:
        return [i for i in self.items if i.name == WRONG]


def group_of(source: str) -> str:
    match = re.search(r"arXiv:(\d{4}\.\d{4,5})", source)
    if match:
        return "arXiv:" + match.group(1)
    for key, label in (
        ("Deep Learning book", "Deep Learning book"),
        ("Sutton & Barto", "Sutton & Barto"),
        ("PRML", "Bishop PRML"),
        ("GPML", "GPML"),
        ("ESL", "ESL"),
        ("Cover & Thomas", "Cover & Thomas"),
        ("IIR", "Manning et al. IIR"),
        ("Papineni", "Papineni et al. 2002"),
        ("Glorot", "Glorot & Bengio 2010"),
        ("Murphy, PML", "Murphy PML"),
        ("Bishop & Bishop", "Bishop & Bishop 2024"),
        ("Prince, Understanding Deep Learning", "Prince UDL"),
        ("CS229", "CS229 notes"),
        ("Introduction to Statistical Learning", "ISLR"),
        ("Deisenroth", "Mathematics for ML"),
        ("constructed", "constructed"),
    ):
        if key in source:
            return label
    return "other"


def measure(rows: list[dict[str, Any]] | None = None, *, callables: bool = False) -> Report:
    rows = load_set() if rows is None else rows
    run = evaluator(callables=callables)
    recognise("x")  # warm-up: imports and caches are not part of the per-formula time
    items: list[ItemResult] = []
    times: list[float] = []
    for row in rows:
        rec = recognise(row["latex"])
        times.append(rec.seconds)
        confident = rec.name if rec.kind == "exact" else None
        hint = (
            grade_name(rec.name, row["expected"], row["never"])
            if rec.kind == "looks_like"
            else None
        )
        part = grade_name(rec.part_of, row["expected"], row["never"]) if rec.part_of else None
        item = ItemResult(
            id=row["id"],
            group=group_of(row["source"]),
            expected=row["expected"],
            given=rec.name or rec.part_of,
            kind=rec.kind,
            name=grade_name(confident, row["expected"], row["never"]),
            hint=hint,
            part=part,
            value=None,
            reason=rec.error,
        )
        if row["expected_value"] is not None:
            item.want = row["expected_value"]
            if run is None:
                item.value, item.reason = UNTRANSLATED, "tutor has no evaluate_formula"
            else:
                got, reason = run(row["latex"], row["bindings"])
                item.got, item.reason = got, reason
                item.value = grade_value(got, row["expected_value"], row["tolerance"])
        items.append(item)

    names = Counter({RIGHT: 0, WRONG: 0, NONE: 0})
    names.update(i.name for i in items)
    named = [i for i in items if i.expected]
    on_named = Counter({RIGHT: 0, WRONG: 0, NONE: 0})
    on_named.update(i.name for i in named)
    hints = Counter({RIGHT: 0, WRONG: 0})
    hints.update(i.hint for i in items if i.hint is not None)
    parts = Counter({RIGHT: 0, WRONG: 0})
    parts.update(i.part for i in items if i.part is not None)
    values = Counter({RIGHT: 0, WRONG: 0, UNTRANSLATED: 0})
    values.update(i.value for i in items if i.value is not None)
    per_group: dict[str, dict[str, int]] = defaultdict(
        lambda: {RIGHT: 0, WRONG: 0, NONE: 0, "value_right": 0, "value_of": 0}
    )
    for i in items:
        per_group[i.group][i.name] += 1
        if i.value is not None:
            per_group[i.group]["value_of"] += 1
            per_group[i.group]["value_right"] += i.value == RIGHT
    ms = sorted(t * 1000 for t in times)
    return Report(
        total=len(items),
        named=len(named),
        with_value=sum(1 for i in items if i.value is not None),
        names=dict(names),
        names_on_named=dict(on_named),
        hints=dict(hints),
        parts=dict(parts),
        values=dict(values),
        per_group=dict(sorted(per_group.items())),
        explain_p50_ms=statistics.median(ms) if ms else 0.0,
        explain_p95_ms=ms[int(0.95 * (len(ms) - 1))] if ms else 0.0,
        evaluator=run is not None,
        items=items,
    )


def _pct(n: int, d: int) -> str:
    return f"{n}/{d} ({100 * n / d:.1f} %)" if d else f"{n}/0"


def format_report(report: Report, *, details: bool = False, title: str = "Graded set") -> str:
    r = report
    out = [
        f"{title}: {r.total} formulas, {r.named} with an expected name, "
        f"{r.total - r.named} with none, {r.with_value} with an expected value.",
        f"Names (exact matches only): right {r.names[RIGHT]}, wrong {r.names[WRONG]}, "
        f"none {r.names[NONE]}",
        f"  right on formulas that have a name: {_pct(r.names_on_named[RIGHT], r.named)}",
        f"  'looks like' hints: {r.hints[RIGHT] + r.hints[WRONG]} "
        f"(pointing at an expected name {r.hints[RIGHT]}, elsewhere {r.hints[WRONG]})",
        f"  'part of' claims: {r.parts[RIGHT] + r.parts[WRONG]} "
        f"(a part of an expected name {r.parts[RIGHT]}, of another formula {r.parts[WRONG]})",
        f"Values{'' if r.evaluator else ' (tutor has no evaluate_formula)'}: "
        f"right {_pct(r.values[RIGHT], r.with_value)}, wrong {r.values[WRONG]}, "
        f"untranslated {r.values[UNTRANSLATED]}",
        f"explain_formula in-process: p50 {r.explain_p50_ms:.1f} ms, p95 {r.explain_p95_ms:.1f} ms",
        "",
        "Per source: names right / wrong / none; values right of expected",
    ]
    for group, c in r.per_group.items():
        out.append(
            f"  {group:<28} {c[RIGHT]:>3} / {c[WRONG]:>3} / {c[NONE]:>3}"
            f"   {c['value_right']:>3} of {c['value_of']:>3}"
        )
    wrong = r.wrong_names()
    out += ["", f"Wrong names ({len(wrong)}):"]
    out += [f"  {i.id}: gave {i.given!r}, expected {i.expected or 'no name'}" for i in wrong]
    if details:
        hints = [i for i in r.items if i.hint == WRONG]
        out += ["", f"'Looks like' hints pointing elsewhere ({len(hints)}):"]
        out += [
            f"  {i.id}: looks like {i.given!r}, expected {i.expected or 'no name'}" for i in hints
        ]
        parts = [i for i in r.items if i.part == WRONG]
        out += ["", f"'Part of' claims naming another formula ({len(parts)}):"]
        out += [f"  {i.id}: part of {i.given!r}, expected {i.expected or 'no name'}" for i in parts]
        bad = [i for i in r.items if i.value == WRONG]
        out += ["", f"Wrong values ({len(bad)}):"]
        out += [f"  {i.id}: got {i.got!r}, expected {i.want!r}" for i in bad]
        missed = [i for i in r.items if i.name == NONE and i.expected]
        out += ["", f"Named formulas given no name ({len(missed)}):"]
        out += [f"  {i.id}" for i in missed]
        untr = Counter(i.reason for i in r.items if i.value == UNTRANSLATED)
        out += ["", "Untranslated, by reason:"]
        out += [f"  {n:>3}  {reason}" for reason, n in untr.most_common()]
    return "\n".join(out)


def set_path(argv: list[str]) -> Path:
    """The set named by `--set NAME|PATH` ("graded", "holdout" or a file); graded by default."""
    if "--set" not in argv:
        return SET_PATH
    i = argv.index("--set")
    if i + 1 >= len(argv):
        raise SystemExit("--set needs a name (graded, holdout) or a path to a .jsonl file")
    name = argv[i + 1]
    path = SETS.get(name, Path(name))
    if not path.is_file():
        raise SystemExit(f"no such set: {name} (use graded, holdout or a path to a .jsonl file)")
    return path


def main(argv: list[str]) -> int:
    path = set_path(argv)
    report = measure(load_set(path), callables="--callables" in argv)
    if "--json" in argv:
        summary = asdict(report)
        summary.pop("items")
        summary["wrong_names"] = [
            {"id": i.id, "given": i.given, "expected": i.expected} for i in report.wrong_names()
        ]
        print(json.dumps(summary, indent=2))
    else:
        title = "Graded set" if path == SET_PATH else f"Set {path.name}"
        if path == HOLDOUT_PATH:
            title = "Held-out set"
        print(format_report(report, details="--wrong" in argv, title=title))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
