"""Long flat inputs (thousands of `←`, `;`, `∑` in a row) are explained without an error
escaping: whatever cannot be read aloud or translated says so, the rest still explains."""

from __future__ import annotations

import pytest

from tutor.offline.explain import explain_formula

LONG = [
    r" \leftarrow ".join(["a"] * 1500),
    r"\sum_{i}" * 500 + "x",
    r" \coloneqq ".join(["a"] * 1000),
    "f(" + ";".join(["a"] * 1000) + ")",
    r"\prod_{i}" * 800 + "x",
]


@pytest.mark.parametrize("latex", LONG, ids=lambda s: s[:20])
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_long_flat_formula_is_explained_without_raising(latex: str, lang: str) -> None:
    found = explain_formula(latex, lang=lang, run=False)
    assert found.error is None
    assert found.reading  # read aloud, or a note that it is too long to read
    assert found.unicode


def test_a_long_parameter_list_is_read_in_order() -> None:
    found = explain_formula("p(x; a; b)", run=False)
    assert "x" in found.reading and found.reading.index("a") < found.reading.rindex("b")
