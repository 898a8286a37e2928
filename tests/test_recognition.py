"""Recognition survives the order authors write terms and factors in, and stays precise."""

from __future__ import annotations

import pytest

from tutor.latex.macros import macros_for
from tutor.latex.parser import parse
from tutor.offline.bank import Recognition, canonical_forms, recognise


def _recognised(latex: str) -> Recognition | None:
    return recognise(parse(latex, macros_for()))


def _form(latex: str) -> tuple[str, ...]:
    forms = canonical_forms(parse(latex, macros_for()))
    return forms.right[-1] if forms.right else forms.whole


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (r"z = \mu + \sigma \epsilon", r"z = \epsilon\sigma + \mu"),  # terms and scalars
        (r"y = \frac{1}{2} \alpha x", r"y = \frac{\alpha x}{2}"),  # a fraction merged
        (r"y = \frac{a}{b} c", r"y = \frac{a c}{b}"),
        (r"y = \sqrt{\frac{1}{2\pi\sigma^2}}", r"y = \frac{1}{\sqrt{2\pi\sigma^2}}"),
        (r"y = x^{1/2}", r"y = \sqrt{x}"),
        (r"y = \log x", r"y = \log(x)"),
        (r"y = \exp(x)", r"y = e^{x}"),
        (r"y = a \cdot b", r"y = a \times b"),
        (r"y = -\sum_i p_i \log p_i", r"y = \sum_i -p_i \log p_i"),
        (
            r"y = \alpha \cdot m / (\sqrt{v} + \epsilon)",
            r"y = \alpha \frac{m}{\sqrt{v} + \epsilon}",
        ),
        (r"y = \underbrace{a + b}_{\text{sum}} + c", r"y = a + b + c"),
    ],
)
def test_equivalent_arrangements_have_one_canonical_form(one: str, other: str) -> None:
    assert _form(one) == _form(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (r"y = K^\top Q", r"y = Q K^\top"),  # matrices do not commute
        (r"y = W x + x", r"y = x W + x"),
        (r"y = a - b + b^2", r"y = b - a + b^2"),
        (r"y = \frac{a}{b} + a^2", r"y = \frac{b}{a} + a^2"),
    ],
)
def test_different_formulas_keep_different_forms(one: str, other: str) -> None:
    assert _form(one) != _form(other)


@pytest.mark.parametrize(
    ("latex", "formula_id"),
    [
        (r"\sigma(x) = \frac{1}{e^{-x} + 1}", "sigmoid"),
        (
            r"\theta_t \leftarrow \theta_{t-1} - \alpha \cdot \hat{m}_t / (\sqrt{\hat{v}_t} + \epsilon)",
            "adam",
        ),
        (r"\delta_t = R_{t+1} + \gamma V(S_{t+1}) - V(S_t)", "td_error"),
        (r"\delta_t = -V(s_t) + r_{t+1} + \gamma V(s_{t+1})", "td_error"),
        (
            r"Q(s, a) \leftarrow Q(s, a) + \alpha\left[r + \gamma \max_{a'} Q(s', a') - Q(s, a)\right]",
            "q_learning",
        ),
    ],
)
def test_rearranged_formulas_are_named(latex: str, formula_id: str) -> None:
    match = _recognised(latex)
    assert match is not None and match.exact and not match.part
    assert match.formula.id == formula_id


def test_a_lone_ema_line_is_not_named_adam() -> None:
    match = _recognised(r"m_t \leftarrow \beta_1 m_{t-1} + (1-\beta_1) g_t")
    assert match is not None
    assert match.formula.id != "adam" or match.part  # an EMA, or a part of Adam


def test_an_update_is_not_named_as_a_definition_with_the_same_right_hand_side() -> None:
    # gradient clipping g ← g v/‖g‖ has weight normalisation's right-hand side w = g v/‖v‖
    match = _recognised(r"\text{if } \|g\| > v: \quad g \leftarrow \frac{g v}{\|g\|}")
    assert match is None or match.formula.id != "weight_norm"


def test_swapped_matrix_product_is_not_attention() -> None:
    match = _recognised(r"\mathrm{softmax}\left(\frac{K^\top Q}{\sqrt{d_k}}\right)V")
    assert match is None or not match.exact  # at most "looks like"
