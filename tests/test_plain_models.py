"""The explain path's records without pydantic: the bank validated at load (one clear
error naming the file and field), kept in the data index, and records that behave as the
pydantic models did (equality, pickling, `model_dump`)."""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest

from tutor.errors import TutorError
from tutor.offline import bank
from tutor.offline.explain import Explanation, KnownFormula, LineItem, explain_formula
from tutor.tools.numpy_exec import RunResult, ValueInfo

GOOD = {
    "id": "twice",
    "name": {"en": "Twice", "ja": "二倍"},
    "latex": ["y = 2x"],
    "what": {"en": "doubles x", "ja": "x を二倍する"},
    "pitfall": {"en": "none", "ja": "なし"},
    "numpy": "x = 1.0\n2 * x",
    "check": [2.0],
}


@pytest.fixture
def fresh_bank() -> Iterator[None]:
    """The bank's in-process caches emptied before and after (the next test reloads)."""
    bank.formula_bank.cache_clear()
    bank._bank.cache_clear()
    yield
    bank.formula_bank.cache_clear()
    bank._bank.cache_clear()


def _files(monkeypatch: pytest.MonkeyPatch, *files: tuple[str, object]) -> None:
    encoded = [
        (name, raw if isinstance(raw, bytes) else json.dumps(raw).encode()) for name, raw in files
    ]
    monkeypatch.setattr(bank, "_bank_files", lambda: encoded)


@pytest.mark.parametrize(
    ("broken", "field", "why"),
    [
        ({"latex": []}, "formulas.1.latex", "at least 1"),
        ({"name": {"en": "Twice"}}, "formulas.1.name", "missing ja"),
        ({"what": {"en": "", "ja": "x"}}, "formulas.1.what.en", "non-empty string"),
        ({"arxiv": 1706}, "formulas.1.arxiv", "string"),
        ({"numpy": None}, "formulas.1.numpy", "string"),
    ],
)
def test_a_broken_bank_file_is_named_with_its_field(
    fresh_bank: None,
    monkeypatch: pytest.MonkeyPatch,
    broken: dict[str, object],
    field: str,
    why: str,
) -> None:
    _files(
        monkeypatch,
        ("formulas.json", {"formulas": [GOOD]}),
        ("formulas/extra.json", {"formulas": [GOOD, {**GOOD, **broken}]}),
    )
    with pytest.raises(TutorError) as caught:
        bank.formula_bank()
    message = str(caught.value)
    assert "formulas/extra.json" in message and field in message and why in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        (b"{not json", "formulas/extra.json is invalid"),
        ({"formulas": {"id": "x"}}, "formulas: expected a list"),
        ({"formulas": [{k: v for k, v in GOOD.items() if k != "check"}]}, "missing check"),
    ],
)
def test_a_malformed_bank_file_is_one_clear_error(
    fresh_bank: None, monkeypatch: pytest.MonkeyPatch, raw: object, said: str
) -> None:
    _files(monkeypatch, ("formulas.json", {"formulas": [GOOD]}), ("formulas/extra.json", raw))
    with pytest.raises(TutorError, match=r"formulas/extra\.json") as caught:
        bank.formula_bank()
    assert said in str(caught.value)


def test_the_cli_says_one_line_when_the_bank_is_broken(
    fresh_bank: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tutor.cli import main

    _files(monkeypatch, ("formulas.json", {"formulas": [{**GOOD, "latex": "y = 2x"}]}))
    assert main(["explain", "--no-run", "y = 2x"]) == 1
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err
    assert "formulas.json" in lines[0] and "formulas.0.latex" in lines[0]


def test_the_validated_bank_is_kept_in_the_data_index(
    fresh_bank: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tutor.data_index import index_dir

    validated: list[int] = []
    real = bank._validated_bank

    def counting(files: list[tuple[str, bytes]]) -> bank.FormulaBank:
        validated.append(len(files))
        return real(files)

    monkeypatch.setattr(bank, "_validated_bank", counting)
    first = bank.formula_bank()
    bank.formula_bank.cache_clear()
    second = bank.formula_bank()  # a new process would do the same: read back
    assert len(validated) == 1 and second == first and second is not first
    assert len(first.formulas) > 200
    assert len(list(index_dir().glob("formula-bank-data.*.pickle"))) == 1
    edited = [*bank._bank_files(), ("formulas/new.json", json.dumps({"formulas": [GOOD]}).encode())]
    monkeypatch.setattr(bank, "_bank_files", lambda: edited)
    bank.formula_bank.cache_clear()
    assert bank.formula_bank().formulas[-1].id == "twice"  # new content: validated again
    assert len(validated) == 2
    assert len(list(index_dir().glob("formula-bank-data.*.pickle"))) == 1


def test_a_formula_behaves_as_the_model_did() -> None:
    formula = bank.Formula.model_validate({**GOOD, "unknown_key": "ignored"})
    assert formula.arxiv is None and formula.reference is None and formula.check == [2.0]
    assert pickle.loads(pickle.dumps(formula)) == formula
    assert list(formula.model_dump()) == [
        "id",
        "name",
        "latex",
        "what",
        "arxiv",
        "reference",
        "pitfall",
        "numpy",
        "check",
    ]
    assert formula.model_dump()["name"] == {"en": "Twice", "ja": "二倍"}
    assert formula != bank.Formula.model_validate({**GOOD, "id": "other"})
    assert "Formula(id='twice'" in repr(formula)


def test_an_explanation_dumps_its_fields_in_order_and_round_trips() -> None:
    explanation = explain_formula(
        r"\begin{aligned} a &= \mathrm{softmax}(z) \\ b &= 2a \end{aligned}", run=False
    )
    dumped = explanation.model_dump(mode="json")
    assert list(dumped) == [
        "latex",
        "error",
        "unicode",
        "reading",
        "symbols",
        "unknown",
        "structure",
        "known",
        "part_of",
        "lines",
        "numpy",
        "numpy_source",
        "untranslated",
        "functions",
        "run",
    ]
    assert list(dumped["lines"][0]) == ["latex", "unicode", "known", "exact", "numpy"]
    assert isinstance(dumped["symbols"][0], dict) and "latex" in dumped["symbols"][0]
    json.dumps(dumped)  # plain data all the way down
    assert pickle.loads(pickle.dumps(explanation)) == explanation
    assert explanation != Explanation(latex=explanation.latex)
    assert Explanation(latex="x").lines == [] and Explanation(latex="x").lines is not (
        Explanation(latex="x").lines
    )


def test_a_known_formula_and_its_lines_dump_as_before() -> None:
    known = explain_formula(r"\sigma(x) = \frac{1}{1 + e^{-x}}", run=False).known
    assert isinstance(known, KnownFormula)
    assert list(known.model_dump()) == [
        "id",
        "name",
        "what",
        "pitfall",
        "arxiv",
        "exact",
        "reference",
        "agree",
        "differ",
    ]
    assert LineItem("x", "x").model_dump() == {
        "latex": "x",
        "unicode": "x",
        "known": None,
        "exact": False,
        "numpy": None,
    }


def test_a_run_result_from_a_dict_is_held_to_the_sandbox_caps() -> None:
    good = {"ok": True, "value": {"repr": "3", "type": "int"}, "variables": {}}
    result = RunResult.model_validate(good)
    assert result == RunResult(ok=True, value=ValueInfo(repr="3", type="int"))
    assert result.model_dump(mode="json")["value"] == {
        "repr": "3",
        "type": "int",
        "shape": None,
        "dtype": None,
    }
    for bad in (
        {"ok": True, "stdout": "x" * 10**6},
        {"ok": "yes"},
        {"ok": True, "variables": {"not a name": {"repr": "1", "type": "int"}}},
        {"ok": True, "extra": 1},
    ):
        with pytest.raises(ValueError, match="RunResult"):
            RunResult.model_validate(bad)


def test_the_tool_result_the_model_sees_is_plain_json(tmp_path: Path) -> None:
    from tutor.sandbox.result import Outcome, ValueView

    outcome = Outcome(
        ok=True,
        stdout="hi\n",
        value=ValueView(repr="array([1.])", type="ndarray", shape=[1], dtype="float64"),
        variables={"x": ValueView(repr="1", type="int")},
        warnings=["careful"],
    )
    result = RunResult.from_outcome(outcome)
    assert result.model_dump(mode="json") == outcome.to_dict()
    assert result.to_markdown() == outcome.to_markdown()
