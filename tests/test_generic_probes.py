"""Precision: generic expressions (a share, a weighted sum, a mean, an interpolation, a
ratio, …) are not named after any bank formula that happens to share their shape.

Written as an attack on the recogniser: each of these has a familiar shape that some bank
entry also has (PCA's explained-variance share, Bahdanau's context vector, the variance,
flow matching's path), but says nothing that would make it that formula.
"""

from __future__ import annotations

import pytest

from tutor.offline.explain import explain_formula

GENERIC = [
    r"p_i = \frac{z_i}{\sum_j z_j}",
    r"y = \sum_i a_i b_i",
    r"s = \sum_{i=1}^{n} x_i^2",
    r"d = \bar{x} - \bar{y}",
    r"r = \frac{a}{b}",
    r"c = a b",
    r"z = (1 - t) x + t y",
    r"m = \frac{1}{n}\sum_{i=1}^n x_i",
    r"f(x) = x^2 + 1",
    r"g = \frac{a - b}{a + b}",
    r"u = \max(a, b)",
    r"q = \sqrt{a^2 + b^2}",
    r"e = y - \hat{y}",
    r"S = \sum_{i}\sum_{j} w_{ij} x_i x_j",
    r"t = \frac{x - a}{b - a}",
    r"k = \log a - \log b",
    r"h = \exp(-x)",
    r"w' = w - g",
    r"x_{t+1} = x_t + v_t",
    r"n = \sum_{k=0}^{K} \beta^k",
    r"z = x \odot y",
    r"A = B C",
    r"P = \prod_{i=1}^n p_i",
    r"r_t = \frac{p_t}{q_t}",
    r"L = \frac{1}{N}\sum_{n} \ell_n",
    r"y = \frac{1}{1 + x}",
    r"c_j = \frac{n_j}{N}",
    r"\hat{y} = \arg\max_k s_k",
    r"E = \frac{1}{2} m v^2",
    r"x = \frac{-b + \sqrt{b^2 - 4ac}}{2a}",
    r"y_i = x_i - \mu",
    r"M = \frac{a + b}{2}",
    r"z_n = \arg\min_k \|x_n - c_k\|^2",
]


@pytest.mark.parametrize("latex", GENERIC)
def test_a_generic_expression_gets_no_name(latex: str) -> None:
    found = explain_formula(latex, run=False)
    assert found.match_kind != "exact", found.name_en


@pytest.mark.parametrize(
    ("latex", "never"),
    [
        (r"z = \mu + \sigma \epsilon", "linear layer"),  # a reparameterised sample's shape
        (r"h = a + b c", "linear layer"),
        (r"s = p + q r", "linear layer"),
        (r"y = ax + b", "linear layer"),  # a straight line: no matrix among its letters
        (r"y = mx + c", "linear layer"),
    ],
)
def test_a_bare_shape_is_not_named_after_a_formula_written_with_other_letters(
    latex: str, never: str
) -> None:
    found = explain_formula(latex, run=False)
    assert not (found.match_kind == "exact" and found.name_en == never)


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        (r"\mathbf{y} = \mathbf{W}\mathbf{x} + \mathbf{b}", "linear layer"),
        (r"\mathbf{A} = \mathbf{U} \boldsymbol{\Sigma} \mathbf{V}^\top", "singular value"),
    ],
)
def test_the_same_bare_shape_in_the_formula_s_own_letters_is_named(
    latex: str, expected: str
) -> None:
    found = explain_formula(latex, run=False)
    assert found.match_kind == "exact" and expected in (found.name_en or "")
