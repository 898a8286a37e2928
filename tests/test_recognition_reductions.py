"""Recognition across the ways authors reduce, abbreviate and split a formula.

A loss is the same loss however it is reduced over its data.

Papers write a loss as an expectation over a dataset, books as a mean or a total over
examples, blog posts for one example. The per-sample term names it; a term that says little
on its own (`−p log p`, a squared difference) never names a formula.
"""

from __future__ import annotations

import pytest

from tutor.latex.macros import macros_for
from tutor.latex.parser import parse
from tutor.offline.bank import canonical_forms, loose, per_sample, recognise


def named(latex: str) -> str | None:
    match = recognise(parse(latex, macros_for()))
    return match.formula.id if match is not None and match.exact else None


def term(latex: str) -> tuple[str, ...] | None:
    forms = canonical_forms(parse(latex, macros_for()))
    return per_sample(loose((forms.right or (forms.whole,))[-1]))


def test_a_mean_a_total_and_an_expectation_share_their_per_sample_term() -> None:
    mean = term(r"L = -\frac{1}{M}\sum_{m=1}^{M}\left[a_m \log b_m + (1 - a_m)\log(1 - b_m)\right]")
    total = term(r"L = -\sum_{m}\left\{a_m \ln b_m + (1 - a_m)\ln(1 - b_m)\right\}")
    expectation = term(
        r"L = -\mathbb{E}_{(u, a) \sim \mathcal{D}}\left[a \log b + (1 - a)\log(1 - b)\right]"
    )
    assert mean == total == expectation is not None


@pytest.mark.parametrize(
    "latex",
    [
        r"\mathbb{E}_{x \sim p}[f(x)] + c",  # the expectation is one term, not the whole
        r"\frac{1}{N}\log p(x)",  # a scale, not a mean over a sum
        r"\frac{\sum_i x_i}{\sum_i w_i}",  # a ratio of sums
        r"-\log p(x)",  # nothing to take off
    ],
)
def test_only_a_reduction_over_the_whole_form_is_taken_off(latex: str) -> None:
    assert term(latex) is None


@pytest.mark.parametrize(
    ("latex", "formula_id"),
    [
        # DPO for one preference pair: the paper writes it as an expectation over the data
        (
            r"\ell = -\log \sigma\left(b \log \frac{\pi_\theta(a_w|s)}{\pi_{\mathrm{ref}}(a_w|s)}"
            r" - b \log \frac{\pi_\theta(a_l|s)}{\pi_{\mathrm{ref}}(a_l|s)}\right)",
            "dpo",
        ),
        # binary cross-entropy summed over examples, in braces and natural logs
        (r"J = -\sum_{k=1}^{K}\left\{a_k \ln q_k + (1 - a_k)\ln(1 - q_k)\right\}", "bce"),
    ],
)
def test_a_loss_is_named_however_it_is_reduced(latex: str, formula_id: str) -> None:
    assert named(latex) == formula_id


@pytest.mark.parametrize(
    "latex",
    [
        r"-p(x)\log p(x)",  # one term of an entropy is not the entropy
        r"p(x)\log\frac{p(x)}{q(x)}",  # one term of a KL divergence
        r"(y_i - \hat{y}_i)^2",  # one squared error
        r"a\log b",
        r"\|x_i - \mu\|^2",
    ],
)
def test_a_term_that_says_little_names_nothing(latex: str) -> None:
    assert named(latex) is None


# ---------------------------------------------------------------- notation of cells
def test_biases_omitted_are_the_same_cell() -> None:
    """Papers write gates without their biases ("biases omitted for clarity")."""
    assert named(r"o^{(k)} = \tanh(A o^{(k-1)} + B u^{(k)})") == "rnn_cell"
    assert named(r"u_k = \sigma(A_u s_k + B_u o_{k-1})") is None  # one gate says little


def test_a_sum_of_parameters_keeps_its_last_term() -> None:
    from tutor.offline.bank import formula_bank, recognised_latex

    beta = next(f for f in formula_bank().formulas if f.id == "beta_distribution")
    assert recognised_latex(beta) == beta.latex  # Γ(a + b) has no bias to omit


def test_a_gate_is_a_gate_with_or_without_odot() -> None:
    assert named(r"s_k = (1 - u_k) s_{k-1} + u_k \tilde{s}_k") == "gru"
    assert named(r"s_k = (1 - u_k) \odot s_{k-1} + u_k \odot \tilde{s}_k") == "gru"


# ---------------------------------------------------------------- a line and its formula
def _explained(latex: str) -> tuple[str | None, str | None]:
    from tutor.offline.explain import explain_formula

    explanation = explain_formula(latex, run=False)
    return explanation.known.id if explanation.known else None, explanation.match_kind


def test_one_ema_line_is_an_ema_not_adam() -> None:
    assert _explained(r"a_k = \beta_1 a_{k-1} + (1 - \beta_1) h_k") == ("ema", "exact")


def test_ema_lines_that_feed_the_lines_after_them_are_steps_of_those() -> None:
    paste = (
        r"\begin{aligned} a_k &\leftarrow \beta_1 a_{k-1} + (1 - \beta_1) h_k \\"
        r" b_k &\leftarrow \beta_2 b_{k-1} + (1 - \beta_2) h_k^2 \\"
        r" \hat{a}_k &= \frac{a_k}{1 - \beta_1^k} \\ \hat{b}_k &= \frac{b_k}{1 - \beta_2^k} \\"
        r" w_k &\leftarrow w_{k-1} - \frac{\eta \hat{a}_k}{\sqrt{\hat{b}_k} + \epsilon}"
        r" \end{aligned}"
    )
    assert _explained(paste) == ("adam", "exact")


# ---------------------------------------------------------------- what papers print around it
@pytest.mark.parametrize(
    "latex",
    [
        r"s(u) = \frac{1}{1+e^{-u}}.",
        r"s(u) = \frac{1}{1+e^{-u}}\;,",
        r"s(u) = \frac{1}{1+e^{-u}} \tag{4}.",
        r"s(u) = \frac{1}{1+e^{-u}} \qquad (3.12)",
        r"s(u) = \frac{1}{1+e^{-u}} \qquad \text{(the logistic function)}",
        r"s(u) = \frac{1}{1+e^{-u}} \quad \forall u",
        r"s(u) = \frac{1}{1+e^{-u}}, \quad \text{for all } u \in \mathbb{R}",
    ],
)
def test_a_formula_is_named_with_its_full_stop_number_or_remark(latex: str) -> None:
    assert _explained(latex) == ("sigmoid", "exact")


def test_an_update_after_a_step_that_computes_its_input_another_way_is_not_named() -> None:
    # an EMA of squared gradients feeding AdaGrad's update: RMSProp, never AdaGrad. (The
    # input is told by its name, s as AdaGrad's own lines write it: with a letter no bank
    # line uses, this is not caught yet.)
    paste = (
        r"\begin{aligned} s_k &\leftarrow \rho s_{k-1} + (1 - \rho) h_k^2 \\"
        r" w_k &\leftarrow w_{k-1} - \frac{\eta}{\sqrt{s_k + \epsilon}} h_k \end{aligned}"
    )
    name, kind = _explained(paste)
    assert name != "adagrad" or kind != "exact"


def test_a_variant_defining_a_symbol_the_main_form_does_not_write_is_not_a_part() -> None:
    # GP predictive variance in PRML's letters: σ² is not the noise σ_n of GPML's form
    assert _explained(r"s^2(\mathbf{u}) = c - \mathbf{q}^{\mathrm{T}}\mathbf{C}_N^{-1}\mathbf{q}")[
        0
    ] in (None, "gp_posterior_cov")
    assert _explained(
        r"\sigma^2(\mathbf{u}) = c - \mathbf{q}^{\mathrm{T}}\mathbf{C}_N^{-1}\mathbf{q}"
    ) == (
        "gp_posterior_cov",
        "exact",
    )
    # PPO's ratio r_t is written in PPO's objective: a part of PPO, named as its own entry
    assert (
        _explained(r"r_t(\theta) = \frac{\pi_\theta(a_t|s_t)}{\pi_{\theta_{old}}(a_t|s_t)}")[0]
        == "ppo_ratio"
    )


def test_a_where_clause_defining_an_input_does_not_name_the_paste() -> None:
    # RMSNorm with its RMS in a where-clause: an accented name (ā) is not the plain a
    paste = (
        r"\bar{u}_i = \frac{u_i}{\mathrm{RMS}(\mathbf{u})} g_i, \quad \text{where} \quad"
        r" \mathrm{RMS}(\mathbf{u}) = \sqrt{\frac{1}{n}\sum_{i=1}^{n} u_i^2}"
    )
    assert _explained(paste) == ("rmsnorm", "exact")


def test_an_argument_at_the_end_is_not_an_equation_number() -> None:
    from tutor.offline.lines import split_lines

    assert split_lines(r"u\,\sigma(1.702u)") == [r"u\,\sigma(1.702u)"]
    assert split_lines(r"v = g(2v) \qquad (3)") == ["v = g(2v)"]


def test_an_elementwise_product_written_with_odot_stays_elementwise() -> None:
    # z = μ + σ ⊙ ε with its noise clause is a reparameterised sample, not an RNN output line
    paste = (
        r"\mathbf{u}^{(j)} = \boldsymbol{\mu} + \boldsymbol{\sigma} \odot \boldsymbol{\epsilon}^{(j)}"
        r" \quad \text{and} \quad \boldsymbol{\epsilon}^{(j)} \sim \mathcal{N}(0, \mathbf{I})"
    )
    assert _explained(paste) == ("reparam", "exact")


def test_lines_shared_by_two_algorithms_name_the_one_they_complete() -> None:
    # momentum's two lines are also two of Nesterov's four (the DL book's Alg. 8.2 and 8.3)
    assert _explained(r"u \leftarrow \alpha u - \epsilon h \\ w \leftarrow w + u") == (
        "momentum",
        "exact",
    )


def test_a_formula_typed_as_the_bank_types_it_is_named_even_when_its_shape_says_little() -> None:
    from tutor.offline.bank import literal, typed_as_bank

    assert literal(r"\Delta w_{ij} = \eta \, x_i \, y_j") == literal(r"\Delta w_{ij}=\eta x_i y_j")
    hebb = typed_as_bank(r"\Delta w_{ij} = \eta x_i y_j")
    assert hebb is not None and hebb.id == "hebbian_rule"
    # a variant that defines an input of the formula (CPC's score in InfoNCE) is not typed
    # as the formula: only variants defining what the main one defines are
    assert typed_as_bank(r"\Delta w_{ij} = \eta x_i y_j + 1") is None


# ---------------------------------------------------------------- names keep their roles
@pytest.mark.parametrize(
    ("latex", "formula_id"),
    [
        (r"z = \sigma + \mu \odot \epsilon", "reparam"),  # mean and scale trade places
        (r"x_t = \sqrt{1 - \bar{\alpha}_t} x_0 + \sqrt{\bar{\alpha}_t} \epsilon", "ddpm_forward"),
    ],
)
def test_the_formula_s_own_letters_in_other_roles_are_not_the_formula(
    latex: str, formula_id: str
) -> None:
    assert _explained(latex) != (formula_id, "exact")


@pytest.mark.parametrize(
    ("latex", "formula_id"),
    [
        (r"z = \mu + \sigma \odot \epsilon", "reparam"),
        (r"h = m + s \odot e", None),  # letters of its own: a weak shape, unnamed either way
        (r"\ell(y) = \max(0, 1 - t \cdot y)", "hinge_loss"),  # a product's order is no role
        (r"J_{h \circ f}(x) = J_h(f(x))\, J_f(x)", "chain_rule_jacobian"),  # f, g, h: no roles
    ],
)
def test_letters_of_one_s_own_or_in_their_roles_are_the_formula(
    latex: str, formula_id: str | None
) -> None:
    assert _explained(latex)[0] == formula_id


def test_labels_keep_their_order() -> None:
    # a preference loss with the chosen and rejected answers swapped rewards the rejected one
    right = (
        r"\ell = -\log \sigma\left(\beta \log \frac{\pi_\theta(y_w|x)}{\pi_{\mathrm{ref}}(y_w|x)}"
        r" - \beta \log \frac{\pi_\theta(y_l|x)}{\pi_{\mathrm{ref}}(y_l|x)}\right)"
    )
    swapped = right.replace("y_w", "y_TMP").replace("y_l", "y_w").replace("y_TMP", "y_l")
    assert _explained(right) == ("dpo", "exact")
    assert _explained(swapped) != ("dpo", "exact")
