"""The canonical form: notation that means the same gets one form; look-alikes keep theirs."""

from __future__ import annotations

import pytest

from tutor.latex.macros import macros_for
from tutor.latex.parser import parse
from tutor.offline.bank import Recognition, canonical_forms, loose, recognise


def _recognised(latex: str) -> Recognition | None:
    return recognise(parse(latex, macros_for()))


def _form(latex: str) -> tuple[str, ...]:
    forms = canonical_forms(parse(latex, macros_for()))
    return forms.right[-1] if forms.right else forms.whole


def _loose(latex: str) -> tuple[str, ...]:
    return loose(_form(latex))


SAME = [
    # the arg max operator, however it is typeset
    (r"y = \arg\max_\theta f(\theta)", r"y = \underset{\theta}{\arg\max}\, f(\theta)"),
    (r"y = \arg\max_\theta f(\theta)", r"y = \operatorname*{arg\,max}_\theta f(\theta)"),
    (r"y = \arg\min_w L(w)", r"y = \underset{w}{\operatorname{argmin}} L(w)"),
    # the expectation operator
    (r"y = \mathbb{E}_{x}[f(x)]", r"y = \mathop{\mathbb{E}}_{x}\left[f(x)\right]"),
    (r"y = \mathbb{E}_{x \sim p}[f(x)]", r"y = \underset{x \sim p}{\mathbb{E}}[f(x)]"),
    # the Deep Learning book's upright random variable is a name like any other
    (
        r"y = \frac{P(x) P(y \mid x)}{P(y)}",
        r"y = \frac{P(\mathrm{x}) P(\mathrm{y} \mid \mathrm{x})}{P(\mathrm{y})}",
    ),
    (r"y = \int f(x)\, dx", r"y = \int f(x)\, \mathrm{d}x"),
    # a label written inside or outside the upright word
    (r"y = \mathrm{head}_1", r"y = \mathrm{head_1}"),
    (r"y = \mathrm{fan}_{\mathrm{in}}", r"y = \text{fan\_in}"),
    # relations
    (r"f(a) \le b", r"f(a) \leqslant b"),
]

DIFFERENT = [
    (r"y = \arg\max_\theta f(\theta)", r"y = \arg\min_\theta f(\theta)"),
    (
        r"y = \arg\max_\theta f(\theta)",
        r"y = \max_\theta f(\theta)",
    ),  # the maximiser, not the maximum
    (r"y = \underset{\theta}{\arg\max} f(\theta)", r"y = \underset{\theta}{\max} f(\theta)"),
    (r"y = \mathrm{E} x", r"y = e x"),  # an upright capital is a fixed letter
    (r"y = \mathrm{e}^{x}", r"y = x^{x}"),
]


@pytest.mark.parametrize(("one", "other"), SAME)
def test_notation_variants_share_a_form(one: str, other: str) -> None:
    assert _form(one) == _form(other)


@pytest.mark.parametrize(("one", "other"), DIFFERENT)
def test_look_alikes_keep_different_forms(one: str, other: str) -> None:
    assert _form(one) != _form(other)
    assert _loose(one) != _loose(other)


@pytest.mark.parametrize(
    ("latex", "formula_id"),
    [
        (
            r"\boldsymbol{\theta}_{\mathrm{ML}} = \underset{\boldsymbol{\theta}}{\arg\max}"
            r" \sum_{i=1}^{m} \log p_{\mathrm{model}}(\boldsymbol{x}^{(i)}; \boldsymbol{\theta})",
            "mle",
        ),
        (
            r"A_t \doteq \underset{a}{\arg\max}\left[Q_t(a) + c\sqrt{\frac{\ln t}{N_t(a)}}\right]",
            "ucb_action",
        ),
    ],
)
def test_typeset_operators_are_named(latex: str, formula_id: str) -> None:
    match = _recognised(latex)
    assert match is not None and match.exact and match.formula.id == formula_id
