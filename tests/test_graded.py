"""The graded set (tests/graded): well-formed, reproducible, and the issue #11 floors."""

from __future__ import annotations

import numpy as np
import pytest

from tests.graded import make_holdout, make_set
from tests.graded.crosscheck import CHECKS
from tests.graded.crosscheck_holdout import CHECKS as HOLDOUT_CHECKS
from tests.graded.harness import (
    HOLDOUT_PATH,
    NONE,
    RIGHT,
    SET_PATH,
    WRONG,
    Report,
    application_head,
    as_callables,
    contains,
    grade_name,
    grade_value,
    load_set,
    measure,
    set_path,
    words,
)

ROWS = load_set()


def test_set_is_large_and_ids_unique() -> None:
    ids = [r["id"] for r in ROWS]
    assert len(ids) >= 200
    assert len(ids) == len(set(ids))


def test_every_row_is_well_formed() -> None:
    keys = {
        "id",
        "latex",
        "source",
        "expected",
        "never",
        "bindings",
        "expected_value",
        "tolerance",
        "tags",
    }
    for r in ROWS:
        assert set(r) == keys, r["id"]
        assert r["latex"].strip() and r["source"].strip(), r["id"]
        assert all(a == a.lower() and a.strip() for a in r["expected"] + r["never"]), r["id"]
        assert r["tolerance"] > 0, r["id"]
        assert (r["bindings"] is None) <= (r["expected_value"] is None), r["id"]


def test_expected_and_never_names_do_not_collide() -> None:
    for r in ROWS:
        for e in r["expected"]:
            for n in r["never"]:
                assert words(e) != words(n), (r["id"], e, n)
            # the exact expected alias must always grade right
            assert grade_name(e, r["expected"], r["never"]) == RIGHT, (r["id"], e)
        for n in r["never"]:
            assert grade_name(n, r["expected"], r["never"]) == WRONG, (r["id"], n)


def test_set_has_look_alikes_and_unnamed_formulas() -> None:
    assert sum("lookalike" in r["tags"] for r in ROWS) >= 40
    assert sum(not r["expected"] for r in ROWS) >= 15
    assert sum(r["expected_value"] is not None for r in ROWS) >= 200


def test_every_expected_value_is_reproduced_by_make_set() -> None:
    assert SET_PATH.read_text(encoding="utf-8") == make_set.render(make_set.build())


@pytest.mark.parametrize(
    ("given", "expected", "never", "grade"),
    [
        (None, ["adamw"], [], NONE),
        ("AdamW", ["adamw"], ["adam"], RIGHT),
        ("Adam with decoupled weight decay (AdamW)", ["adamw"], ["adam", "softmax"], RIGHT),
        ("Adam", ["adamw", "adam with decoupled weight decay"], ["adam"], WRONG),
        ("softmax (with temperature)", ["adamw"], ["softmax"], WRONG),
        ("sigmoid", ["swish"], ["logistic sigmoid"], WRONG),
        ("logistic sigmoid", [], [], WRONG),
        ("cross-entropy loss", ["cross entropy"], ["entropy"], RIGHT),
        ("entropy", ["cross entropy"], ["entropy"], WRONG),
        (
            "scaled dot-product attention",
            ["dot-product attention"],
            ["scaled dot-product attention"],
            WRONG,
        ),
        ("Bayes' rule", ["bayes rule"], [], RIGHT),
        ("DDPM reverse (sampling) step", ["ddpm reverse step"], [], RIGHT),
        ("He (Kaiming) initialisation", ["he initialization"], [], RIGHT),
        ("NT-Xent (SimCLR) loss", ["cosine similarity"], [], WRONG),
        ("sigmoid (logistic)", ["swish"], ["sigmoid"], WRONG),
    ],
)
def test_grade_name(given: str | None, expected: list[str], never: list[str], grade: str) -> None:
    assert grade_name(given, expected, never) == grade


def test_grade_value() -> None:
    assert grade_value([1.0, 2.0], [1.0, 2.0 + 1e-9], 1e-6) == RIGHT
    assert grade_value([[1.0, 2.0]], [1.0, 2.0], 1e-6) == RIGHT
    assert grade_value([1.0, 2.1], [1.0, 2.0], 1e-6) == WRONG
    assert grade_value([1.0], [1.0, 2.0], 1e-6) == WRONG
    assert grade_value(None, 1.0, 1e-6) == "untranslated"
    assert contains(words("a b c"), words("b c")) and not contains(words("adamw"), words("adam"))


def test_callables_adapter_only_rewrites_single_applications() -> None:
    assert application_head("\\epsilon_\\theta^{(t)}(x_t)") == "\\epsilon_\\theta^{(t)}"
    assert application_head("\\boldsymbol{x}^{(0)}") is None
    out = as_callables({"u(k)": 0.25, "V(S_t)": 1.0, "V(S_{t+1})": 2.0, "k": 2})
    assert set(out) == {"u", "V(S_t)", "V(S_{t+1})", "k"}
    assert float(out["u"](3)) == 0.25


@pytest.fixture(scope="module")
def report() -> Report:
    return measure(ROWS)


# The floors of issue #11, requirement 8: no wrong name, right names ≥ 90 %, right values
# ≥ 70 % (the graded set is the one the explainer was improved against; the held-out set
# below is kept at no wrong name, its right names are reported, not floored).


def test_floor_no_wrong_names(report: Report) -> None:
    assert [i.id for i in report.wrong_names()] == []


def test_floor_right_names(report: Report) -> None:
    assert report.right_name_share >= 0.90, report.names_on_named


def test_floor_right_values(report: Report) -> None:
    assert report.right_value_share >= 0.70


@pytest.mark.parametrize("item_id", sorted(CHECKS))
def test_expected_value_by_a_second_route(item_id: str) -> None:
    row = next(r for r in ROWS if r["id"] == item_id)
    got = np.asarray(CHECKS[item_id](row["bindings"]), dtype=float)
    assert np.allclose(got, np.asarray(row["expected_value"], dtype=float), rtol=1e-9, atol=1e-12)


# ---------------------------------------------------------------- the held-out set
# Well formed and reproducible only: no floors on tutor's score here (the coordinator
# decides those); `python -m tests.graded.harness --set holdout` reports the figures.
HOLDOUT = load_set(HOLDOUT_PATH)
ROW_KEYS = {
    "id",
    "latex",
    "source",
    "expected",
    "never",
    "bindings",
    "expected_value",
    "tolerance",
    "tags",
}


def test_holdout_is_large_with_unique_ids_and_well_formed_rows() -> None:
    ids = [r["id"] for r in HOLDOUT]
    assert len(ids) >= 200
    assert len(ids) == len(set(ids))
    for r in HOLDOUT:
        assert set(r) == ROW_KEYS, r["id"]
        assert r["latex"].strip() and r["source"].strip(), r["id"]
        assert all(a == a.lower() and a.strip() for a in r["expected"] + r["never"]), r["id"]
        assert r["tolerance"] > 0, r["id"]
        assert (r["bindings"] is None) <= (r["expected_value"] is None), r["id"]
        # a formula without a name is a look-alike or a plain expression, and says so
        assert bool(r["expected"]) != bool({"lookalike", "plain"} & set(r["tags"])), r["id"]
        assert r["expected"] or r["source"].startswith("constructed"), r["id"]


def test_holdout_mix_of_named_lookalike_plain_and_valued() -> None:
    n = len(HOLDOUT)
    look = sum("lookalike" in r["tags"] for r in HOLDOUT)
    plain = sum("plain" in r["tags"] for r in HOLDOUT)
    assert 0.2 <= look / n <= 0.3, look
    assert 0.07 <= plain / n <= 0.13, plain
    assert sum(r["expected_value"] is not None for r in HOLDOUT) >= 150


def test_holdout_names_do_not_collide() -> None:
    for r in HOLDOUT:
        for e in r["expected"]:
            assert all(words(e) != words(n) for n in r["never"]), (r["id"], e)
            assert grade_name(e, r["expected"], r["never"]) == RIGHT, (r["id"], e)
        for n in r["never"]:
            assert grade_name(n, r["expected"], r["never"]) == WRONG, (r["id"], n)


def test_holdout_is_reproduced_by_make_holdout() -> None:
    assert HOLDOUT_PATH.read_text(encoding="utf-8") == make_holdout.render(make_holdout.build())


def test_holdout_shares_no_formula_with_the_graded_set() -> None:
    """Held out means unseen: no formula typed exactly as one of the graded set's."""
    graded = {"".join(r["latex"].split()) for r in ROWS}
    assert [r["id"] for r in HOLDOUT if "".join(r["latex"].split()) in graded] == []


def test_set_path_chooses_the_set() -> None:
    assert set_path([]) == SET_PATH
    assert set_path(["--wrong"]) == SET_PATH
    assert set_path(["--set", "graded"]) == SET_PATH
    assert set_path(["--set", "holdout", "--json"]) == HOLDOUT_PATH
    assert set_path(["--set", str(HOLDOUT_PATH)]) == HOLDOUT_PATH
    with pytest.raises(SystemExit):
        set_path(["--set", "no-such-set.jsonl"])
    with pytest.raises(SystemExit):
        set_path(["--set"])


@pytest.mark.parametrize("item_id", sorted(HOLDOUT_CHECKS))
def test_holdout_value_by_a_second_route(item_id: str) -> None:
    row = next(r for r in HOLDOUT if r["id"] == item_id)
    got = np.asarray(HOLDOUT_CHECKS[item_id](row["bindings"]), dtype=float)
    want = np.asarray(row["expected_value"], dtype=float)
    assert np.allclose(np.squeeze(got), np.squeeze(want), rtol=1e-9, atol=1e-12)


def test_held_out_set_gets_no_wrong_name() -> None:
    # precision first, on formulas the explainer was not built against: a name is right or
    # absent (a wrong name there was a cause to remove in general, not an item to patch)
    held_out = measure(HOLDOUT)
    assert [i.id for i in held_out.wrong_names()] == []
