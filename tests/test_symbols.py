"""Symbol lookup: the table's integrity, the Deep Learning book's notation, index patterns."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tutor.tools.symbols import lookup_symbol, symbol_table

CORPUS = Path(__file__).parent / "corpus"
GREEK = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "omicron",
    "pi",
    "rho",
    "sigma",
    "tau",
    "upsilon",
    "phi",
    "chi",
    "psi",
    "omega",
]
CAPITAL = [
    "Gamma",
    "Delta",
    "Theta",
    "Lambda",
    "Xi",
    "Pi",
    "Sigma",
    "Upsilon",
    "Phi",
    "Psi",
    "Omega",
]
VARIANTS = ["varepsilon", "vartheta", "varphi", "varpi", "varrho", "varsigma", "varkappa"]


def test_every_entry_is_bilingual_and_keys_are_unique() -> None:
    table = symbol_table()  # validation rejects duplicate keys and dangling related ids
    assert len(table.symbols) >= 200
    for entry in table.symbols:
        assert entry.read.en and entry.read.ja and entry.meaning.en and entry.meaning.ja


@pytest.mark.parametrize("name", GREEK + CAPITAL + VARIANTS)
def test_every_greek_letter_and_variant_is_known(name: str) -> None:
    result = lookup_symbol(f"\\{name}")
    assert result.unknown == []
    item = result.items[0]
    assert item.latex == f"\\{name}" and item.read is not None and item.unicode


@pytest.mark.parametrize(
    "latex",
    [
        r"\hat{y}",
        r"\bar{x}",
        r"\tilde{x}",
        r"\dot{x}",
        r"\vec{v}",
        r"\overline{x}",
        r"x'",
        r"x^*",
        r"\mathbf{x}",
        r"\boldsymbol{\mu}",
        r"\bm{W}",
        r"\mathcal{D}",
        r"\mathbb{R}",
        r"\mathrm{d}x",
        r"\text{softmax}(z)",
        r"\sum_i",
        r"\prod_i",
        r"\int",
        r"\partial",
        r"\nabla",
        r"\arg\max_x",
        r"\arg\min_\theta",
        r"\lim_{n\to\infty}",
        r"\log",
        r"\exp",
        r"\det",
        r"\operatorname{tr}(A)",
        r"\operatorname{diag}(a)",
        r"\odot",
        r"\otimes",
        r"\circ",
        r"\cdot",
        r"\times",
        r"A^\top",
        r"A^{-1}",
        r"A^\dagger",
        r"\leftarrow",
        r"\to",
        r"\mapsto",
        r"\approx",
        r"\propto",
        r"\sim",
        r"\equiv",
        r":=",
        r"\le",
        r"\ll",
        r"\gg",
        r"\in",
        r"\subset",
        r"\cup",
        r"\cap",
        r"\emptyset",
        r"\forall",
        r"\exists",
        r"\neg",
        r"\land",
        r"\lor",
        r"\mathbb{R}^{n\times m}",
        r"\Delta^{n-1}",
        r"p(x \mid y)",
        r"\mathbb{E}_{x\sim p}[f(x)]",
        r"\mathcal{N}(\mu,\sigma^2)",
        r"D_{\mathrm{KL}}(q\|p)",
        r"\mathbb{1}[y = k]",
        r"\|x\|_2",
        r"\langle a,b\rangle",
        r"\mathcal{O}(n^2)",
        r"\mathcal{L}",
        r"\sigma(x)",
        r"\mathrm{ReLU}(x)",
    ],
)
def test_the_issue_coverage_list_is_known(latex: str) -> None:
    result = lookup_symbol(latex)
    assert result.error is None
    assert result.unknown == [], result.unknown
    assert result.items


def _notation_rows() -> list[dict[str, str]]:
    with open(CORPUS / "dlbook_notation.tsv", encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@pytest.mark.parametrize("row", _notation_rows(), ids=lambda r: r["latex"][:30])
def test_every_deep_learning_book_notation_entry_is_explained(row: dict[str, str]) -> None:
    result = lookup_symbol(row["latex"])  # with the book's macros, unexpanded
    assert result.error is None
    assert result.unknown == []
    assert any(
        (item.kind in ("symbol", "pattern") and item.category != "letter") or item.meaning
        for item in result.items
    )


@pytest.mark.parametrize(
    ("latex", "pattern", "numpy"),
    [
        ("x_i", "sub_index", "x[i]"),
        ("x^{(n)}", "sup_example", None),
        ("W^{(l)}_{ij}", "sub_pair", "W[i, j]"),
        ("x_{1:T}", "sub_range", None),
        (r"\theta^{(t+1)}", "sup_example", None),
        (r"\hat{y}", None, None),
        (r"\mathbf{x}^\top\mathbf{y}", "sup_transpose", "x.T"),
        ("A^{-1}", "sup_inverse", "np.linalg.inv(A)  # prefer np.linalg.solve"),
        ("A_{i,:}", "sub_row", "A[i, :]"),
        ("x_{-i}", "sub_except", "np.delete(x, i)"),
        (r"p_\theta", "sub_param", None),
        (r"\nabla_\theta", "grad_wrt", None),
        ("x_t", "sub_time", "x[t]"),
    ],
)
def test_index_patterns_are_explained_by_structure(
    latex: str, pattern: str | None, numpy: str | None
) -> None:
    result = lookup_symbol(latex)
    assert result.unknown == []
    if pattern is None:
        assert result.items[0].read is not None
        assert "hat" in result.items[0].read.en
        return
    match = next(item for item in result.items if item.entry_id == pattern)
    if numpy is not None:
        assert match.numpy == numpy


def test_a_whole_formula_lists_symbols_in_order_once_each() -> None:
    result = lookup_symbol(r"\theta \leftarrow \theta - \alpha \nabla_\theta \mathcal{L}(\theta)")
    latex = [item.latex for item in result.items]
    assert latex.index(r"\theta") < latex.index(r"\leftarrow") < latex.index(r"\alpha")
    assert latex.count(r"\theta") == 1
    assert r"\mathcal{L}" in latex


def test_unknown_macros_are_listed_with_the_closest_names_never_dropped() -> None:
    result = lookup_symbol(r"\alpha + \sigmaa + \nabala")
    assert result.unknown == [r"\sigmaa", r"\nabala"]
    sigma = next(item for item in result.items if item.latex == r"\sigmaa")
    assert not sigma.known and r"\sigma" in sigma.suggestions
    assert r"\nabla" in next(i for i in result.items if i.latex == r"\nabala").suggestions
    assert "not in the table" in result.to_markdown("en")


def test_japanese_reading_and_meaning() -> None:
    text = lookup_symbol(r"\nabla").to_markdown("ja")
    assert "ナブラ" in text and "勾配" in text


@pytest.mark.parametrize("bad", [r"\frac{a}{b", "x}", r"\left( x", r"\begin{foo} x \end{foo}"])
def test_malformed_latex_gives_a_clear_error_with_a_position(bad: str) -> None:
    result = lookup_symbol(bad)
    assert result.error is not None and "position" in result.error
    assert result.items == []
