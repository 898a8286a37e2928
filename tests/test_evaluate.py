"""The evaluate contract the graded set measures against: values checked by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tutor.offline.evaluate import evaluate_formula


def test_sigmoid_at_zero_is_a_half() -> None:
    result = evaluate_formula(r"\sigma(x) = \frac{1}{1+e^{-x}}", {"x": 0.0})
    assert result.translated and result.value == pytest.approx(0.5)


def test_softmax_with_a_free_index_is_element_wise() -> None:
    result = evaluate_formula(
        r"\mathrm{softmax}(x)_i = \frac{e^{x_i}}{\sum_j e^{x_j}}", {"x": [0, 0]}
    )
    assert result.value == pytest.approx([0.5, 0.5])


def test_attention_on_identities() -> None:
    eye = np.eye(2).tolist()
    result = evaluate_formula(
        r"\mathrm{Attention}(Q,K,V) = \mathrm{softmax}\left(\frac{QK^T}{\sqrt{d_k}}\right)V",
        {"Q": eye, "K": eye, "V": eye, "d_k": 2},
    )
    e = math.exp(1 / math.sqrt(2))
    expected = [[e / (e + 1), 1 / (e + 1)], [1 / (e + 1), e / (e + 1)]]
    np.testing.assert_allclose(np.asarray(result.value), expected)


def test_lines_run_in_order_and_later_lines_read_earlier_ones() -> None:
    latex = (
        r"\begin{aligned} m_t &\leftarrow \beta_1 m_{t-1} + (1-\beta_1) g_t \\"
        r" \hat m_t &\leftarrow m_t/(1-\beta_1^t)\end{aligned}"
    )
    result = evaluate_formula(latex, {r"\beta_1": 0.9, "m_{t-1}": 0.0, "g_t": 1.0, "t": 1})
    assert result.translated and result.value == pytest.approx(1.0)


def test_a_missing_value_is_named_not_invented() -> None:
    result = evaluate_formula(r"y = a x + b", {"a": 2.0, "x": 1.0})
    assert not result.translated and result.reason is not None and "b" in result.reason


def test_bad_latex_is_one_reason() -> None:
    result = evaluate_formula(r"\frac{1}{", {})
    assert not result.translated and result.value is None and result.reason
