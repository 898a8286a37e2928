"""Precision: dropping indices must not hide what the bound names do.

With indices dropped, `∑_i (x_i − μ)²` and `∑_t (f_t − o_t)²` read alike, and so do
`arg min_k ‖x − μ_k‖` and `arg min_p ‖p − z‖`, or any two weighted sums. These are different
formulas; a loose match holds only if each bound name indexes as many names, and is or is
not a value itself, in both; a whole matched loosely needs a right side that says enough or a
left-hand name that comes back on the right.
"""

from __future__ import annotations

import pytest

from tutor.latex.macros import macros_for
from tutor.latex.parser import parse
from tutor.offline.bank import _index_roles as index_roles
from tutor.offline.bank import canonical_forms, recognise


def named(latex: str) -> str | None:
    match = recognise(parse(latex, macros_for()))
    return match.formula.id if match is not None and match.exact else None


@pytest.mark.parametrize(
    ("latex", "never"),
    [
        # two indexed names in the square: a mean squared difference, not a spread about a mean
        (r"S = \frac{1}{M}\sum_{m=1}^{M}(a_m - b_m)^2", "variance"),
        # an arg min over an index picks the nearest centre; sparsemax minimises over a value
        (r"c^* = \arg\min_j \|\mathbf{u} - \mathbf{m}_j\|^2", "sparsemax"),
        # a gate-weighted sum of experts is not an attention context
        (r"o = \sum_{k=1}^{K} g(u)_k f_k(u)", "additive_attention"),
        (r"z = \sum_{e} w_e v_e", "additive_attention"),
    ],
)
def test_loose_matches_respect_what_the_bound_names_do(latex: str, never: str) -> None:
    assert named(latex) != never


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        (r"\sigma^2 = \frac{1}{N}\sum_{n=1}^{N}(x_n - \mu)^2", "variance"),
        (r"\mathrm{sparsemax}(z) = \arg\min_{p \in \Delta^{K-1}} \|p - z\|^2", "sparsemax"),
        (r"c_i = \sum_{j=1}^{T_x} \alpha_{ij} h_j", "additive_attention"),
        (r"H(X) = -\sum_{x} p(x) \log p(x)", "entropy"),
        (r"H = -\sum_{i=1}^{n} p_i \log p_i", "entropy"),
        (r"\theta^* = \arg\max_{\theta} \sum_{i} \log p_{\theta}(x^{(i)})", "mle"),
    ],
)
def test_the_same_roles_in_other_letters_are_still_named(latex: str, expected: str) -> None:
    assert named(latex) == expected


def test_roles_count_indexed_names_and_values() -> None:
    def roles(latex: str) -> tuple[object, ...]:
        return index_roles(canonical_forms(parse(latex, macros_for())).whole)

    assert roles(r"\sum_i (x_i - \mu)^2") == ((1, False),)
    assert roles(r"\sum_t (f_t - o_t)^2") == ((2, False),)
    assert roles(r"\sum_x p(x) \log q(x)") == roles(r"\sum_i p_i \log q_i") == ((2, False),)
    assert roles(r"\arg\min_p \|p - z\|") == ((0, True),)
    assert roles(r"\sum_i (a - b)_i^2") == (None,)  # a bracket indexed as a whole: unknown


@pytest.mark.parametrize(
    ("latex", "never"),
    [
        # j is free inside a sum over i: a value for each j the left side does not show
        (r"J = -\sum_{k} a_k \log \hat{a}_m", "cross_entropy"),
        # the normaliser binds j' and never uses it: every weight is 1/n
        (
            r"w_{ab} = \frac{\exp(u_a^\top v_b)}{\sum_{b'} \exp(u_a^\top v_b)}",
            "attention",
        ),
    ],
)
def test_an_index_nothing_binds_or_a_bound_index_never_used_is_not_the_formula(
    latex: str, never: str
) -> None:
    assert named(latex) != never


def test_a_label_written_as_a_subscript_is_not_a_free_index() -> None:
    assert named(r"\ell = -\log \frac{e^{o_c}}{\sum_{j} e^{o_j}}") is not None


@pytest.mark.parametrize(
    ("latex", "never"),
    [
        (r"u_k = \rho u_k + \eta \nabla_w L(w)", "momentum"),  # u_k on both sides: an equation
        (r"s_k = \tanh(A s_k + B x_k)", "rnn_cell"),
    ],
)
def test_a_name_at_one_step_on_both_sides_of_equals_is_not_a_recursion(
    latex: str, never: str
) -> None:
    assert named(latex) != never


def test_a_recursion_from_the_step_before_is_still_named() -> None:
    assert named(r"s_k = \tanh(A s_{k-1} + B x_k)") == "rnn_cell"


def test_a_definition_is_not_an_identity_that_shares_its_right_side() -> None:
    # the sigmoid's symmetry says 1 − σ(x) = 1/(1 + eˣ); σ(x) = 1/(1 + eˣ) is false
    assert named(r"\sigma(u) = \frac{1}{1 + e^{u}}") != "sigmoid_symmetry"
    assert named(r"1 - \sigma(u) = \frac{1}{1 + e^{u}}") == "sigmoid_symmetry"
