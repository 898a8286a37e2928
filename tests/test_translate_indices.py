"""Which index a sum binds and which axis it runs over: values checked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from tutor.offline.evaluate import evaluate_formula


def value(latex: str, bindings: dict[str, object]) -> np.ndarray:
    result = evaluate_formula(latex, bindings)
    assert result.translated, result.reason
    return np.asarray(result.value)


def test_a_sum_of_outer_products_is_a_matrix() -> None:
    x = [[1.0, 2.0], [3.0, 0.0]]
    got = value(
        r"\sum_{n=1}^{N} (\mathbf{x}_n - \bar{\mathbf{x}})(\mathbf{x}_n - \bar{\mathbf{x}})^T",
        {r"\mathbf{x}": x, r"\bar{\mathbf{x}}": [2.0, 1.0], "N": 2},
    )
    # (-1, 1)(-1, 1)ᵀ + (1, -1)(1, -1)ᵀ
    np.testing.assert_allclose(got, [[2.0, -2.0], [-2.0, 2.0]])


def test_a_column_times_a_row_is_an_outer_product() -> None:
    got = value(r"u v^\top", {"u": [1.0, 2.0], "v": [3.0, 4.0]})
    np.testing.assert_allclose(got, [[3.0, 4.0], [6.0, 8.0]])


def test_a_weighted_sum_of_vectors_keeps_the_vectors() -> None:
    got = value(
        r"c_i = \sum_{j=1}^{T} \alpha_{ij} h_j",
        {r"\alpha": [[0.5, 0.5], [1.0, 0.0]], "h": [[2.0, 0.0], [0.0, 4.0]], "i": 1, "T": 2},
    )
    np.testing.assert_allclose(got, [1.0, 2.0])


def test_x_n_is_the_nth_row_of_a_data_matrix() -> None:
    got = value(
        r"\sum_{i=1}^{n} \log(1 + e^{-y_i \mathbf{w}^\top \mathbf{x}_i})",
        {"y": [1, -1], r"\mathbf{w}": [1.0, 0.0], r"\mathbf{x}": [[0.0, 5.0], [0.0, 7.0]], "n": 2},
    )
    assert float(got) == pytest.approx(2 * np.log(2.0))


def test_a_row_slice_summed_over_the_batch_is_a_column_mean() -> None:
    got = value(r"\frac{1}{m} \sum_i H_{i,:}", {"H": [[1.0, 2.0], [3.0, 4.0]], "m": 2})
    np.testing.assert_allclose(got, [2.0, 3.0])


def test_nested_sums_bind_their_own_indices() -> None:
    s = [[1.0, 2.0], [3.0, 4.0]]
    got = value(r"\sum_{i=1}^{2} \frac{s_{ii}}{\sum_{j=1}^{2} s_{ij}}", {"s": s})
    assert float(got) == pytest.approx(1 / 3 + 4 / 7)
    transposed = value(r"\sum_{i=1}^{2} \frac{s_{ii}}{\sum_{j=1}^{2} s_{ji}}", {"s": s})
    assert float(transposed) == pytest.approx(1 / 4 + 4 / 6)


def test_several_indices_under_one_sum() -> None:
    assert float(value(r"\sum_{i,j} A_{ij}", {"A": [[1.0, 2.0], [3.0, 4.0]]})) == 10.0


def test_an_index_used_as_a_number_and_as_a_subscript() -> None:
    got = value(r"\sum_{t=1}^{T} \gamma^{t} r_t", {"r": [1.0, 1.0, 1.0], "T": 3, r"\gamma": 0.5})
    assert float(got) == pytest.approx(0.875)


def test_an_application_given_as_an_array_is_read_at_the_running_index() -> None:
    got = value(
        r"\sum_{n=1}^{N} \gamma(z_{nk}) \mathbf{x}_n",
        {
            r"\gamma(z_{nk})": [[1.0, 0.0], [0.5, 0.5]],
            r"\mathbf{x}": [[2.0, 0.0], [0.0, 2.0]],
            "N": 2,
            "k": 2,
        },
    )
    np.testing.assert_allclose(got, [0.0, 1.0])


def test_element_wise_sums_stay_vectorised() -> None:
    result = evaluate_formula(r"\sum_{i=1}^{n} x_i^2", {"x": [1, 2, 3], "n": 2})
    assert result.value == pytest.approx(5.0) and "for i in" not in result.code


@pytest.mark.parametrize(
    ("latex", "bindings", "why"),
    [
        (  # Σ_k: a matrix of its own, or a row of Σ?
            r"\sum_{k=1}^{K} \pi_k \mathcal{N}(x \mid \mu_k, \Sigma_k)",
            {r"\pi": [0.5, 0.5], "x": 0.0, r"\mu": [0.0, 1.0], "K": 2},
            "cannot tell",
        ),
        (r"\sum_{k \in \mathcal{N}_i} e_{k}", {"e": [1.0, 2.0]}, "set"),
        (
            r"\sum_{n} \gamma(z_{nk}) x_n",
            {r"\gamma(z_{nk})": [1.0, 0.0], "x": [1.0, 2.0], "k": 1},
            "axis",
        ),
    ],
)
def test_ambiguous_shapes_are_refused_not_guessed(
    latex: str, bindings: dict[str, object], why: str
) -> None:
    result = evaluate_formula(latex, bindings)
    assert not result.translated and result.reason is not None and why in result.reason


def test_a_line_defining_x_t_from_a_given_family_defines_every_x_t() -> None:
    got = value(
        r"\alpha_t := 1 - \beta_t, \qquad \bar{\alpha}_t := \prod_{s=1}^{t} \alpha_s",
        {r"\beta": [0.1, 0.2, 0.3], "t": 2},
    )
    assert float(got) == pytest.approx(0.9 * 0.8)


@pytest.mark.parametrize(
    ("latex", "bindings"),
    [
        (
            r"\beta_1 x_1 + \cdots + \beta_n x_n",
            {r"\beta": [1.0, 2.0, 3.0], "x": [1.0, 1.0, 1.0], "n": 3},
        ),
        (r"\sum_i M(X_i, X_{pa(i)})", {"X": [1.0, 2.0], "M": lambda a, b: a}),
        (r"\sum_{i=1}^{N} \beta^{(N - i)} g_i", {r"\beta": 0.5, "g": [1.0, 1.0], "N": 2}),
        (r"\min_D \{ -\log D(x) \}", {"x": 1.0, "D": lambda v: v}),
    ],
)
def test_what_cannot_be_computed_as_written_is_refused(
    latex: str, bindings: dict[str, object]
) -> None:
    assert not evaluate_formula(latex, bindings).translated


def test_an_entry_before_the_first_one_is_an_error_not_the_last_entry() -> None:
    result = evaluate_formula(r"\prod_{t=1}^{T} q_{t-1}", {"q": [0.5, 0.5], "T": 2})
    assert not result.translated and result.reason is not None and "IndexError" in result.reason


def test_the_ith_example_in_a_sum_over_i() -> None:
    got = value(r"\frac{1}{m}\sum_{i=1}^{m} (x^{(i)})^2", {"x": [1.0, 3.0], "m": 2})
    assert float(got) == pytest.approx(5.0)


def test_a_chain_with_elided_terms_is_computed_from_its_sum() -> None:
    got = value(
        r"f = \sum_{i=1}^{n} \beta_i x_i = \beta_1 x_1 + \cdots + \beta_n x_n",
        {r"\beta": [1.0, 2.0, 3.0], "x": [1.0, 1.0, 1.0], "n": 3},
    )
    assert float(got) == pytest.approx(6.0)


def test_a_family_defined_through_a_helper_function_brings_the_helper() -> None:
    got = value(r"a_t := \sigma(z_t), \qquad b_t := \prod_{s=1}^{t} a_s", {"z": [0.0, 0.0], "t": 2})
    assert float(got) == pytest.approx(0.25)


def test_approx_and_simeq_split_a_statement_like_equals() -> None:
    x = 0.3
    got = value(r"h(x) \approx x\left(1 + \tanh\left[2x\right]\right)", {"x": x})
    assert float(got) == pytest.approx(x * (1 + np.tanh(2 * x)))
    assert float(value(r"y \simeq 3x - 1", {"x": 2.0})) == pytest.approx(5.0)


def test_a_transpose_after_a_function_transposes_its_value() -> None:
    a = np.array([[0.0, 1.0], [2.0, 2.0], [1.0, 0.0]])
    rows = np.exp(a) / np.exp(a).sum(axis=1, keepdims=True)  # softmax over each row
    got = value(r"P = \mathrm{softmax}(A)^\top", {"A": a})
    np.testing.assert_allclose(got, rows.T)
    np.testing.assert_allclose(value(r"\exp(A)^T", {"A": a}), np.exp(a).T)


def test_a_primed_index_is_an_index_of_its_own() -> None:
    a = np.array([0.5, 1.0, 2.0])
    weights = np.exp(a / 2.0)
    got = value(
        r"p_k = \frac{e^{a_k/\tau}}{\sum_{k'=1}^{K} e^{a_{k'}/\tau}}",
        {"a": a, r"\tau": 2.0, "K": 3, "k": 3},
    )
    assert float(got) == pytest.approx(weights[2] / weights.sum())
    dot = value(r"\sum_{i'=1}^{n} w_{i'} x_{i'}", {"w": [1.0, 2.0], "x": [3.0, 4.0], "n": 2})
    assert float(dot) == pytest.approx(11.0)


def test_a_sign_in_a_subscript_names_its_own_symbol() -> None:
    u = np.array([1.0, -1.0])
    pos = np.array([2.0, 0.0])
    rows = np.array([[2.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    got = value(
        r"\ell = -\log \frac{\exp(u \cdot v_+)}{\sum_{j=1}^{3} \exp(u \cdot v_j)}",
        {"u": u, "v_+": pos, "v": rows},
    )
    scores = rows @ u  # 2, -1, 0
    assert np.ndim(got) == 0
    assert float(got) == pytest.approx(-np.log(np.exp(2.0) / np.exp(scores).sum()))
    gap = value(r"d = x_+ - x_-", {"x_+": 5.0, "x_-": 3.0, "x": [1.0, 1.0]})
    assert float(gap) == pytest.approx(2.0)


def test_a_number_times_a_dot_product_of_two_rows() -> None:
    a = np.array([[1.0, 2.0], [0.0, 1.0]])
    b = np.array([[3.0, 1.0], [1.0, 1.0]])
    got = value(r"\sum_{i=1}^{2} s\, \mathbf{a}_i \cdot \mathbf{b}_i", {"a": a, "b": b, "s": 2.0})
    assert float(got) == pytest.approx(2.0 * (5.0 + 1.0))


def test_a_given_entry_before_a_bracket_multiplies_it() -> None:
    signs = np.array([[1.0, -1.0], [-1.0, 1.0]])
    u = np.array([[1.0, 0.0], [0.0, 2.0]])
    v = np.array([[1.0, 1.0], [3.0, 0.0]])
    got = value(
        r"-\frac{1}{|\mathcal{S}|} \sum_{i=1}^{|\mathcal{S}|} \sum_{j=1}^{|\mathcal{S}|}"
        r" \log \sigma\left(s_{ij}(c\, \mathbf{u}_i \cdot \mathbf{v}_j - d)\right)",
        {"s": signs, "c": 0.5, "d": 1.0, r"\mathbf{u}": u, r"\mathbf{v}": v, r"|\mathcal{S}|": 2},
    )
    terms = [
        np.log(1 / (1 + np.exp(-signs[i, j] * (0.5 * u[i] @ v[j] - 1.0))))
        for i in range(2)
        for j in range(2)
    ]
    assert float(got) == pytest.approx(-sum(terms) / 2)
    assert float(value(r"w_{ij}(a + b)", {"w_{ij}": 3.0, "a": 1.0, "b": 2.0})) == 9.0


def test_given_applications_in_a_double_sum_are_read_at_both_indices() -> None:
    joint = np.array([[0.25, 0.05], [0.15, 0.55]])
    px, py = joint.sum(axis=1), joint.sum(axis=0)
    bindings = {"q(a, b)": joint, "q(a)": px, "q(b)": py}
    by_hand = sum(
        joint[a, b] * np.log(joint[a, b] / (px[a] * py[b])) for a in range(2) for b in range(2)
    )
    for latex in (
        r"\sum_{a} \sum_{b} q(a, b) \log \frac{q(a, b)}{q(a)\, q(b)}",
        r"\sum_{a \in \mathcal{A}} \sum_{b \in \Omega} q(a, b) \log \frac{q(a, b)}{q(a) q(b)}",
    ):
        assert float(value(latex, bindings)) == pytest.approx(by_hand)
    outer = value(r"\sum_{a} \sum_{b} q(a)\, q(b)", bindings)
    assert float(outer) == pytest.approx(1.0)


def test_a_power_after_a_function_raises_the_function_s_value() -> None:
    assert float(value(r"\sin(x)^2 + \cos(x)^2", {"x": 0.7})) == pytest.approx(1.0)
    assert float(value(r"\log(x)^2", {"x": np.e**3})) == pytest.approx(9.0)
    assert float(value(r"\max(v)^2", {"v": [2.0, -3.0]})) == pytest.approx(4.0)
    a = [[2.0, 1.0], [1.0, 3.0]]
    assert float(value(r"\det(A)^2", {"A": a})) == pytest.approx(25.0)
    assert float(value(r"\mathrm{tr}(A)^\top", {"A": a})) == pytest.approx(5.0)
    refused = evaluate_formula(r"\exp(A)^2", {"A": a})  # element-wise or a matrix power?
    assert not refused.translated


def test_a_primed_index_in_an_exponent_and_a_primed_name_alone() -> None:
    got = value(
        r"\sum_{t'=1}^{T} \gamma^{t'} r_{t'}", {"T": 3, r"\gamma": 0.5, "r": [1.0, 2.0, 4.0]}
    )
    assert float(got) == pytest.approx(0.5 + 0.5 + 0.5)  # t itself needs no value
    assert float(value(r"y = 2x'", {"x'": 3.0})) == pytest.approx(6.0)


def test_a_count_the_formula_does_not_state_is_not_guessed() -> None:
    for latex, bindings in (
        (r"\sum_{x} c", {"c": 2.0}),  # how many x?
        (r"v + \mathbf{1}", {"v": [1.0, 2.0, 3.0]}),  # how long is 𝟏?
        (r"\prod_{i} c", {"c": 2.0}),
    ):
        result = evaluate_formula(latex, bindings)
        assert not result.translated
        assert result.reason is not None and "how many" in result.reason
    assert float(value(r"\sum_{x=1}^{3} c", {"c": 2.0})) == pytest.approx(6.0)
    assert float(value(r"\prod_{x=1}^{3} c", {"c": 2.0})) == pytest.approx(8.0)


def test_an_outcome_read_as_a_number_needs_its_values_written() -> None:
    probabilities = {"q(a)": [0.25, 0.75]}
    assert not evaluate_formula(r"\sum_a q(a)\, a", probabilities).translated
    given = evaluate_formula(r"\sum_a a\, q(a)", {**probabilities, "a": [2.0, 6.0]})
    assert not given.translated  # a is both the running index and an array
    stated = value(r"\sum_{a=1}^{2} q(a)\, a", probabilities)
    assert float(stated) == pytest.approx(0.25 + 1.5)


def test_a_power_after_the_sigmoid_or_a_given_function_raises_its_value() -> None:
    s = 1 / (1 + np.exp(-0.5))
    assert float(value(r"\sigma(x)^2", {"x": 0.5})) == pytest.approx(s**2)
    assert float(value(r"\mathrm{ReLU}(x)^2", {"x": -0.5})) == 0.0
    assert float(value(r"g(x)^2", {"x": 3.0, "g": lambda v: v + 1})) == pytest.approx(16.0)
    product = value(r"a(b + c)^2", {"a": 2.0, "b": 1.0, "c": 2.0})
    assert float(product) == pytest.approx(18.0)


def test_a_value_given_for_a_primed_subscript_is_found() -> None:
    assert float(value(r"y = 2 V(S_{t'})", {"V(S_{t'})": 3.0})) == pytest.approx(6.0)
    assert float(value(r"y = a_{c'} + 1", {"a_{c'}": 3.0})) == pytest.approx(4.0)


def test_a_density_of_a_free_row_is_refused_not_guessed() -> None:
    # r_k for every k at once would need one multivariate density per k; reading μ_k as the
    # whole matrix μ (element-wise, as for vectors) gives numbers that mean nothing
    from tutor.offline.evaluate import evaluate_formula

    stack = {
        "x": [0.0, 0.0],
        r"\pi": [0.3, 0.7],
        r"\mu": [[0.0, 0.0], [1.0, 1.0]],
        r"\Sigma": [[[1.0, 0.0], [0.0, 1.0]], [[2.0, 0.0], [0.0, 2.0]]],
    }
    latex = (
        r"r_k = \frac{\pi_k \mathcal{N}(x \mid \mu_k, \Sigma_k)}"
        r"{\sum_j \pi_j \mathcal{N}(x \mid \mu_j, \Sigma_j)}"
    )
    refused = evaluate_formula(latex, stack)
    assert not refused.translated and "free index k" in (refused.reason or "")
    # with k given, the same formula is one number, right by hand
    one = evaluate_formula(latex, {**stack, "k": 1})
    d1 = 0.3 * 1 / (2 * np.pi)
    d2 = 0.7 * np.exp(-0.5 * (1.0 / 2 + 1.0 / 2)) / (2 * np.pi * 2)
    assert one.translated and np.isclose(one.value, d1 / (d1 + d2))
    # univariate: a vector read element-wise is one density per entry, as meant
    scalar = evaluate_formula(
        r"r_k = \frac{\pi_k \mathcal{N}(x \mid \mu_k, \sigma_k)}{\sum_j \pi_j \mathcal{N}(x \mid \mu_j, \sigma_j)}",
        {"x": 0.5, r"\pi": [0.3, 0.7], r"\mu": [0.0, 1.0], r"\sigma": [1.0, 2.0]},
    )
    assert scalar.translated and np.isclose(sum(scalar.value), 1.0)


def test_a_step_count_used_as_a_power_is_given_a_whole_sample() -> None:
    from tutor.offline.explain import explain_formula

    code = explain_formula(r"\hat{v}_k = \frac{v_k}{1 - \beta_2^k}", run=False).numpy or ""
    assert "k = 3" in code
    mix = explain_formula(r"z = (1 - t) a + t b", run=False).numpy or ""
    assert "t = 3" not in mix  # a mixing weight in [0, 1] stays a fraction
