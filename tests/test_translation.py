"""Translation is right or silent: the failures quoted in the issue, and values by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tutor.latex.macros import macros_for
from tutor.latex.parser import parse
from tutor.offline.evaluate import evaluate_formula
from tutor.offline.translate import translate


def code(latex: str) -> str:
    return "\n".join(translate(parse(latex, macros_for())).statements)


@pytest.mark.parametrize(
    ("latex", "call"),
    [
        (r"u(k) = K_p e(k)", "e(k)"),
        (r"s_\theta(x) \approx \nabla_x \log p(x)", "s_theta(x)"),
        (r"\|\epsilon - \epsilon_\theta(x_t, t)\|^2", "epsilon_theta(x_t, t)"),
    ],
)
def test_function_application_is_not_a_product(latex: str, call: str) -> None:
    assert call in code(latex)


@pytest.mark.parametrize(
    ("latex", "name"),
    [
        (r"y = W^O h", "W_O"),
        (r"y = x W^Q_i", "W_Q_i"),
        (r"L^{CLIP} = 1", "L_CLIP"),
        (r"y = x - \mu_B", "mu_B"),
        (r"y = p_{data}", "p_data"),
        (r"y = d_{model}", "d_model"),
        (r"y = x^+ - x^-", "x_pos - x_neg"),
    ],
)
def test_labels_in_scripts_stay_labels(latex: str, name: str) -> None:
    text = code(latex)
    assert name in text and "**" not in text


@pytest.mark.parametrize("mark", [r"^\top", "^T", r"^\intercal", r"^\mathsf{T}", r"^{\mathsf{T}}"])
def test_every_transpose_spelling_is_a_transpose(mark: str) -> None:
    result = evaluate_formula(f"x{mark} A x", {"x": [1.0, 2.0], "A": np.eye(2)})
    assert result.value == pytest.approx(5.0) and ".T" in result.code


def test_the_identity_is_an_identity_not_random_numbers() -> None:
    result = evaluate_formula(
        r"(A + \lambda I)^{-1} b", {"A": np.eye(2), r"\lambda": 1.0, "b": [2, 4]}
    )
    assert result.value == pytest.approx([1.0, 2.0])


def test_sums_use_their_stated_limits() -> None:
    result = evaluate_formula(r"\sum_{i=1}^{n} x_i^2", {"x": [1, 2, 3], "n": 2})
    assert result.value == pytest.approx(5.0)


def test_mahalanobis_with_a_determinant() -> None:
    latex = (
        r"\frac{1}{\sqrt{(2\pi)^d |\Sigma|}} \exp\left(-\frac{1}{2}(x-\mu)^\top"
        r" \Sigma^{-1}(x-\mu)\right)"
    )
    sigma = np.diag([1.0, 4.0])
    result = evaluate_formula(
        latex, {"x": [1.0, 2.0], r"\mu": [0.0, 0.0], r"\Sigma": sigma, "d": 2}
    )
    expected = math.exp(-0.5 * (1 + 1)) / math.sqrt((2 * math.pi) ** 2 * 4)
    assert result.value == pytest.approx(expected)


def test_swish_applies_the_sigmoid() -> None:
    result = evaluate_formula(r"\mathrm{swish}(x) = x \sigma(\beta x)", {"x": 2.0, r"\beta": 1.0})
    assert result.value == pytest.approx(2 / (1 + math.exp(-2)))


def test_adam_algorithm_lines_all_run_in_order() -> None:
    latex = "\n".join(
        [
            r"m_t \leftarrow \beta_1 m_{t-1} + (1 - \beta_1) g_t",
            r"v_t \leftarrow \beta_2 v_{t-1} + (1 - \beta_2) g_t^2",
            r"\hat{m}_t \leftarrow m_t / (1 - \beta_1^t)",
            r"\hat{v}_t \leftarrow v_t / (1 - \beta_2^t)",
            r"\theta_t \leftarrow \theta_{t-1} - \alpha \hat{m}_t / (\sqrt{\hat{v}_t} + \epsilon)",
        ]
    )
    values = {
        r"\beta_1": 0.9,
        r"\beta_2": 0.999,
        "m_{t-1}": 0.0,
        "v_{t-1}": 0.0,
        "g_t": 0.5,
        "t": 1,
        r"\theta_{t-1}": 1.0,
        r"\alpha": 0.1,
        r"\epsilon": 1e-8,
    }
    result = evaluate_formula(latex, values)
    assert result.translated, result.reason
    assert result.value == pytest.approx(1.0 - 0.1 * 0.5 / (0.5 + 1e-8))


def test_a_defined_function_is_applied_by_later_lines() -> None:
    result = evaluate_formula(r"f(x) = x^2 \\ g(x) = f(x) + 1", {"x": 3.0})
    assert result.value == pytest.approx(10.0)


def test_an_undefined_function_is_named_never_made_up() -> None:
    result = evaluate_formula(r"\mathbb{E}_{x}[\log D(x)]", {"x": [0.5, 0.25]})
    assert not result.translated and result.reason is not None and "D" in result.reason
    given = evaluate_formula(r"\mathbb{E}_{x}[\log D(x)]", {"x": [0.5, 0.25], "D": lambda v: v})
    assert given.value == pytest.approx((math.log(0.5) + math.log(0.25)) / 2)


def test_sample_inputs_make_sense() -> None:
    program = translate(parse(r"\sqrt{\sigma^2 + \epsilon} + \det \Sigma", macros_for())).program
    assert "epsilon = 1e-8" in program and "np.eye" in program


def test_a_distribution_result_is_checked_aloud() -> None:
    from tutor.offline.explain import _property_check
    from tutor.tools.numpy_exec import RunResult, ValueInfo

    probabilities = RunResult(
        ok=True, value=ValueInfo(repr="[0.2 0.3 0.5]", type="ndarray", shape=[3], dtype="float64")
    )
    assert _property_check(probabilities, "en") == "check: the values sum to 1"
    other = RunResult(
        ok=True, value=ValueInfo(repr="[1.2 0.3 0.5]", type="ndarray", shape=[3], dtype="float64")
    )
    assert _property_check(other, "en") is None


def test_bars_on_a_plain_letter_are_element_wise_on_a_bold_vector_a_length() -> None:
    plain = evaluate_formula(r"\max(\beta u, |g|)", {r"\beta": 0.5, "u": [1.0, 1.0], "g": [-3, 0]})
    assert plain.value == pytest.approx([3.0, 0.5])
    bold = evaluate_formula(
        r"|\mathbf{x} - \mathbf{y}|", {r"\mathbf{x}": [3, 0], r"\mathbf{y}": [0, 4]}
    )
    assert bold.value == pytest.approx(5.0)


def test_gelu_is_the_exact_x_phi_x_not_its_tanh_approximation() -> None:
    result = evaluate_formula(r"\mathrm{GELU}(x)", {"x": 1.0})
    assert result.value == pytest.approx(0.5 * (1 + math.erf(1 / math.sqrt(2))), abs=1e-12)


def test_two_applications_with_swapped_arguments_are_two_values() -> None:
    result = evaluate_formula(
        r"K(X, Y) K(Y, X)", {"K(X, Y)": [[1.0, 2.0]], "K(Y, X)": [[3.0], [4.0]]}
    )
    np.testing.assert_allclose(np.asarray(result.value), [[11.0]])


def test_the_identity_takes_the_size_of_the_matrix_it_is_added_to() -> None:
    result = evaluate_formula(
        r"a + b^\top \left[K + \sigma^2 I\right]^{-1} b",
        {"a": [[1.0]], "b": [[1.0], [0.0]], "K": [[1.0, 0.0], [0.0, 1.0]], r"\sigma": 1.0},
    )
    np.testing.assert_allclose(np.asarray(result.value), [[1.5]])


def test_a_left_hand_side_needs_no_values_of_its_own() -> None:
    result = evaluate_formula(
        r"FL(p_t) = -(1 - p_t)^{\gamma} \log(p_t)", {"p_t": 0.5, r"\gamma": 1}
    )
    assert result.value == pytest.approx(-0.5 * math.log(0.5))


@pytest.mark.parametrize(
    ("latex", "bindings", "expected"),
    [
        (r"\frac{2|A \cap B|}{|A| + |B|}", {r"|A \cap B|": 3, "|A|": 5, "|B|": 7}, 0.5),
        (r"\eta_{min}^{i} + 1", {r"\eta_{min}^{i}": 0.5}, 1.5),
        (r"\beta \log Z(x)", {r"\beta": 2.0, "Z(x)": math.e}, 2.0),
        (r"-\sum_i p(x_i) \ln p(x_i)", {"p(x_i)": [0.5, 0.5]}, math.log(2)),
    ],
)
def test_a_written_expression_given_a_value_is_used_as_it_is(
    latex: str, bindings: dict[str, object], expected: float
) -> None:
    result = evaluate_formula(latex, bindings)
    assert result.translated, result.reason
    assert result.value == pytest.approx(expected)


@pytest.mark.parametrize(
    ("latex", "bindings", "expected"),
    [
        (r"(1 - \epsilon)\delta_{k,y} + \epsilon", {"k": 2, "y": 2, r"\epsilon": 0.1}, 1.0),
        (r"\sigma_n^2 \delta_{pq}", {r"\sigma_n": 2.0, "p": 1, "q": 2}, 0.0),
        (
            r"\eta_0 \gamma^{\lfloor t / s \rfloor}",
            {r"\eta_0": 1.0, r"\gamma": 0.5, "t": 65, "s": 30},
            0.25,
        ),
        (r"\frac{\lambda^k e^{-\lambda}}{k!}", {r"\lambda": 2.0, "k": 3}, 8 * math.exp(-2) / 6),
        (r"\binom{N}{m}", {"N": 5, "m": 2}, 10.0),
        (r"\frac{\Gamma(a + b)}{\Gamma(a)\Gamma(b)}", {"a": 2.0, "b": 3.0}, 12.0),
        (r"\lambda \boldsymbol{1}_{x \ge 0}", {r"\lambda": 2.0, "x": -0.5}, 0.0),
        (r"\{\max(0, m - D)\}^2", {"m": 1.0, "D": 0.25}, 0.5625),
        (r"{step\_num}^{-0.5}", {r"step\_num": 100}, 0.1),
        (r"\mathrm{Swish}_\beta(x)", {"x": 1.0, r"\beta": 0.0}, 0.5),
        (r"\underbrace{a + b}_{\text{sum}} c", {"a": 1.0, "b": 2.0, "c": 3.0}, 9.0),
        (r"e_{ij}", {"e": [[1.0, 2.0], [3.0, 4.0]], "i": 2, "j": 1}, 3.0),
    ],
)
def test_notation_with_one_general_meaning(
    latex: str, bindings: dict[str, object], expected: float
) -> None:
    result = evaluate_formula(latex, bindings)
    assert result.translated, result.reason
    assert result.value == pytest.approx(expected)


def test_delta_before_a_name_is_the_change_in_it() -> None:
    latex = r"\Delta\theta \leftarrow -\epsilon g \\ \theta \leftarrow \theta + \Delta\theta"
    result = evaluate_formula(latex, {r"\theta": 1.0, r"\epsilon": 0.1, "g": 2.0})
    assert result.value == pytest.approx(0.8)


def test_a_set_in_braces_stays_untranslated() -> None:
    assert not evaluate_formula(r"\{x : x > 0\}", {"x": 1.0}).translated


def test_a_labelled_matrix_can_be_transposed() -> None:
    result = evaluate_formula(
        r"X^{(\mathrm{train})\top} X^{(\mathrm{train})}",
        {r"X^{(\mathrm{train})}": [[1.0, 2.0]]},
    )
    np.testing.assert_allclose(np.asarray(result.value), [[1.0, 2.0], [2.0, 4.0]])


def test_an_element_wise_product_binds_looser_than_juxtaposition() -> None:
    result = evaluate_formula(
        r"a \otimes x V", {"a": [1.0, 2.0], "x": [1.0, 1.0], "V": [[1.0, 0.0], [0.0, 3.0]]}
    )
    assert result.value == pytest.approx([1.0, 6.0])


def test_cases_conditions_may_end_with_punctuation() -> None:
    latex = (
        r"\begin{cases} \frac{1}{2}a^2 & \text{for } |a| \le \delta, \\"
        r" \delta(|a| - \frac{1}{2}\delta) & \text{otherwise.} \end{cases}"
    )
    assert evaluate_formula(latex, {"a": 2.0, r"\delta": 1.0}).value == pytest.approx(1.5)


def test_a_where_clause_is_computed_before_the_line_that_uses_it() -> None:
    latex = (
        r"y = \frac{a_i}{\mathrm{RMS}(\mathbf{a})}, \quad \text{where}~~ "
        r"\mathrm{RMS}(\mathbf{a}) = \sqrt{\frac{1}{n}\sum_{i=1}^{n} a_i^2}"
    )
    result = evaluate_formula(latex, {"a": [3.0, 4.0, 0.0, 0.0], "n": 2, "i": 1})
    assert result.value == pytest.approx(3.0 / math.sqrt(12.5))


def test_the_middle_forms_of_a_chain_need_not_translate() -> None:
    latex = r"\mathrm{GELU}(x) = xP(X \le x) = x \cdot \frac{1}{2}\left[1 + \operatorname{erf}(x/\sqrt{2})\right]"
    result = evaluate_formula(latex, {"x": 1.0})
    assert result.value == pytest.approx(0.5 * (1 + math.erf(1 / math.sqrt(2))))


def test_a_gradient_or_log_on_the_left_names_what_the_right_computes() -> None:
    result = evaluate_formula(
        r"\nabla E(\mathbf{w}) = \sum_{n=1}^{N}(y_n - t_n)\boldsymbol{\phi}_n",
        {"y": [1.0, 0.0], "t": [0.0, 1.0], "N": 2, r"\boldsymbol{\phi}": [[1.0, 2.0], [3.0, 5.0]]},
    )
    assert result.value == pytest.approx([-2.0, -3.0])


def test_log_sigma_of_an_expression_is_the_log_sigmoid() -> None:
    result = evaluate_formula(r"-\log \sigma\left(\beta x\right)", {r"\beta": 1.0, "x": 0.0})
    assert result.value == pytest.approx(math.log(2))


@pytest.mark.parametrize(("norm", "expected"), [(5.0, [0.6, 0.8]), (0.5, [0.3, 0.4])])
def test_a_conditional_step_keeps_the_old_value_when_the_condition_fails(
    norm: float, expected: list[float]
) -> None:
    latex = r"\text{if } \|\boldsymbol{g}\| > v: \quad \boldsymbol{g} \leftarrow \frac{\boldsymbol{g} v}{\|\boldsymbol{g}\|}"
    g = [3 * norm / 5, 4 * norm / 5]
    result = evaluate_formula(latex, {r"\boldsymbol{g}": g, "v": 1.0})
    assert result.value == pytest.approx(expected)


def test_a_comparison_mixed_with_an_assignment_is_refused() -> None:
    result = evaluate_formula(
        r"a \ge b \quad c \leftarrow d \ge e", {"a": 1, "b": 0, "d": 2, "e": 1}
    )
    assert not result.translated


def test_a_quantity_written_as_an_expression_is_defined_then_read() -> None:
    latex = r"E[g^2]_t = 0.9 E[g^2]_{t-1} + 0.1 g^2_t \\ y = \sqrt{E[g^2]_t}"
    result = evaluate_formula(latex, {"E[g^2]_{t-1}": 0.0, "g_t": 2.0})
    assert result.value == pytest.approx(math.sqrt(0.4))


def test_a_function_without_brackets_takes_the_whole_product() -> None:
    result = evaluate_formula(r"\cos m\theta_1", {"m": 2.0, r"\theta_1": 0.5})
    assert result.value == pytest.approx(math.cos(1.0))


def test_a_matrix_written_out_is_that_array() -> None:
    result = evaluate_formula(
        r"\begin{pmatrix} x_1 \\ x_2 \end{pmatrix} \otimes \begin{pmatrix} 2 \\ 3 \end{pmatrix}",
        {"x": [1.0, -1.0]},
    )
    assert result.value == pytest.approx([2.0, -3.0])


def test_a_calligraphic_letter_is_not_the_plain_one() -> None:
    result = evaluate_formula(
        r"\mathcal{N}(x \mid \mu, \sigma^2) N", {"x": 0.0, r"\mu": 0.0, r"\sigma": 1.0, "N": 2}
    )
    assert result.value == pytest.approx(2 / math.sqrt(2 * math.pi))


def test_log_of_a_product_with_a_power_takes_the_power_too() -> None:
    result = evaluate_formula(r"\frac{1}{2}\log 2\pi\sigma^2", {r"\sigma": 2.0})
    assert result.value == pytest.approx(0.5 * math.log(2 * math.pi * 4))
    assert evaluate_formula(r"\sin\theta\cos\phi", {r"\theta": 1.0, r"\phi": 2.0}).value == (
        pytest.approx(math.sin(1) * math.cos(2))
    )


def test_a_name_given_with_equiv_after_the_value_names_it() -> None:
    latex = r"y \leftarrow \gamma x + \beta \equiv \mathrm{BN}_{\gamma,\beta}(x)"
    result = evaluate_formula(latex, {r"\gamma": 2.0, "x": 1.0, r"\beta": 0.5})
    assert result.value == pytest.approx(2.5)


def test_a_chain_is_computed_from_the_form_the_given_values_allow() -> None:
    latex = r"H(q, p) = -\sum_{k=1}^{K} \log p(k) q(k) = H(q) + D(q \| p)"
    result = evaluate_formula(latex, {"p(k)": [0.5, 0.5], "q(k)": [1.0, 0.0], "K": 2})
    assert result.value == pytest.approx(math.log(2))


@pytest.mark.parametrize(
    ("latex", "bindings", "expected"),
    [
        (r"\mathrm{Bias}(\hat\theta)^2 + 1", {r"\mathrm{Bias}(\hat\theta)": 0.5}, 1.25),
        (r"H(x)^{-1} g", {"H(x)": [[2.0, 0.0], [0.0, 4.0]], "g": [2.0, 2.0]}, [1.0, 0.5]),
    ],
)
def test_a_given_expression_keeps_its_power_or_inverse(
    latex: str, bindings: dict[str, object], expected: object
) -> None:
    result = evaluate_formula(latex, bindings)
    assert result.value == pytest.approx(expected)


def test_braces_are_brackets_after_max_and_around_an_expression_but_a_list_is_a_set() -> None:
    assert evaluate_formula(r"\max\{0, m - d\}^2", {"m": 1.0, "d": 0.5}).value == pytest.approx(
        0.25
    )
    assert not evaluate_formula(r"\{a, b\}", {"a": 1.0, "b": 2.0}).translated


def test_bold_arguments_of_a_function_do_not_make_bars_a_length() -> None:
    result = evaluate_formula(
        r"|f(\mathbf{x}) - f(\mathbf{y})|",
        {r"\mathbf{x}": [1.0, -2.0], r"\mathbf{y}": [0.0, 0.0], "f": lambda v: v},
    )
    assert result.value == pytest.approx([1.0, 2.0])


def test_a_gradient_given_as_a_value_is_used_not_differentiated() -> None:
    latex = r"x_{t} = x_{t-1} + \frac{\epsilon}{2}\nabla_{x} \log p(x_{t-1})"
    bindings = {"x_{t-1}": [0.5], r"\epsilon": 0.2, r"\nabla_{x} \log p(x_{t-1})": [1.0]}
    assert evaluate_formula(latex, bindings).value == pytest.approx([0.6])


def test_an_element_wise_function_with_a_label_is_still_applied() -> None:
    result = evaluate_formula(r"\mathrm{ReLU}_1(x - 1)", {"x": [0.0, 3.0]})
    assert result.value == pytest.approx([0.0, 2.0])
    assert not evaluate_formula(r"\mathrm{softmax}_j(e)", {"e": [1.0, 2.0]}).translated


def test_a_row_times_what_an_undefined_function_returns_is_a_dot_product() -> None:
    result = evaluate_formula(
        r"w^\top \phi(x)", {"w": [1.0, 2.0], "x": 1.0, "phi": lambda v: np.array([v, 2 * v])}
    )
    assert result.value == pytest.approx(5.0)
