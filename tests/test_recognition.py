"""Recognition is precise: wrong names from the issue never come back; variants still match."""

from __future__ import annotations

import pytest

from tutor.latex.macros import macros_for
from tutor.latex.parser import parse
from tutor.offline.bank import recognise


def name(latex: str) -> str | None:
    match = recognise(parse(latex, macros_for()))
    return match.formula.id if match else None


@pytest.mark.parametrize(
    ("latex", "never"),
    [
        # a left-hand side alone used to match σ(x)
        (r"H(X) = -\sum_{x} p(x) \log_2 p(x) \cdot c", "sigmoid"),
        (
            r"d(\mathbf{x}) = \sqrt{(\mathbf{x}-\boldsymbol\mu)^T \Sigma^{-1} (\mathbf{x}-\boldsymbol\mu)}",
            "sigmoid",
        ),
        (r"\mathrm{swish}(x) = x \sigma(\beta x)", "sigmoid"),
        (r"H(P, Q) = -\mathbb{E}_{\mathbf{x}\sim P}\log Q(\mathbf{x})", "sigmoid"),
        (r"H(P, Q) = -\mathbb{E}_{\mathbf{x}\sim P}\log Q(\mathbf{x})", "entropy"),
        (
            r"\gamma(z_{nk}) = \frac{\pi_k \mathcal{N}(\mathbf{x}_n|\boldsymbol{\mu}_k,"
            r"\boldsymbol{\Sigma}_k)}{\sum_{j=1}^K \pi_j \mathcal{N}(\mathbf{x}_n|"
            r"\boldsymbol{\mu}_j,\boldsymbol{\Sigma}_j)}",
            "ddpm_forward",
        ),
        (r"\bar{f}_* = \mathbf{k}_*^\top (K + \sigma_n^2 I)^{-1} \mathbf{y}", "ddpm_loss"),
        (
            r"\mathcal{L}_{\mathrm{DPO}} = -\mathbb{E}_{(x, y_w, y_l)\sim\mathcal{D}}\left[\log "
            r"\sigma\left(\beta \log \frac{\pi_\theta(y_w|x)}{\pi_{\mathrm{ref}}(y_w|x)} - \beta "
            r"\log \frac{\pi_\theta(y_l|x)}{\pi_{\mathrm{ref}}(y_l|x)}\right)\right]",
            "entropy",
        ),
        (
            r"\theta_t \leftarrow \theta_{t-1} - \eta \left(\frac{\hat m_t}{\sqrt{\hat v_t}"
            r"+\epsilon} + \lambda \theta_{t-1}\right)",
            "softmax",
        ),
        (r"\mathrm{SiLU}(x) = x \cdot \sigma(x)", "sigmoid"),
    ],
)
def test_names_from_the_issue_are_never_given(latex: str, never: str) -> None:
    assert name(latex) != never


@pytest.mark.parametrize("latex", [r"H(X)", r"f(x) = \log p(x)", r"y = g(x)", r"p(x \mid z)"])
def test_a_left_hand_side_or_a_bare_application_names_nothing(latex: str) -> None:
    assert name(latex) is None


def test_conditioning_bar_is_not_a_norm() -> None:
    assert name(r"p(\theta | x) = \frac{p(x | \theta) p(\theta)}{p(x)}") == "bayes"
    assert name(r"p(\theta \mid x) = \frac{p(x \mid \theta) p(\theta)}{p(x)}") == "bayes"
    assert name(r"p(\theta \| x) = \frac{p(x \| \theta) p(\theta)}{p(x)}") != "bayes"


def test_entropy_by_its_right_hand_side() -> None:
    assert name(r"H(X) = -\sum_{x} p(x) \log p(x)") == "entropy"


def test_looks_like_names_what_agrees_and_differs() -> None:
    match = recognise(
        parse(
            r"\theta_t \leftarrow \theta_{t-1} - \eta \left(\frac{\hat m_t}{\sqrt{\hat v_t}"
            r"+\epsilon} + \lambda \theta_{t-1}\right)",
            macros_for(),
        )
    )
    if match is not None and not match.exact:
        assert match.agree or match.differ


def test_index_free_variants_are_the_same_formula() -> None:
    assert name(r"H(X) = -\sum_{i=1}^{n} p_i \log_2 p_i") == "entropy"
    assert name(r"\sigma(a) = (1 + e^{-a})^{-1}") == "sigmoid"


def test_an_update_is_not_the_equation_it_iterates_when_only_steps_differ() -> None:
    # v_{k+1} on the left, v_k on the right: the stepped subscript is kept
    from tutor.offline.bank import canonical_forms, loose

    forms = canonical_forms(parse(r"v_{k+1}(s) = r + \gamma v_k(s)", macros_for()))
    assert "+" in loose(forms.whole)


def test_a_part_of_a_formula_is_reported_as_a_part() -> None:
    from tutor.offline.explain import explain_formula

    e = explain_formula(r"\mathrm{sim}(u, v) = u^\top v / \|u\| \|v\|", run=False)
    assert e.name_en is None and e.match_kind is None
    if e.part_of is not None:
        assert "part of" in e.to_markdown("en")


def test_lines_name_a_formula_only_when_a_line_is_the_formula() -> None:
    from tutor.offline.explain import explain_formula

    nesterov = (
        r"\begin{aligned} v_{t+1} &= \mu v_t - \varepsilon \nabla f(\theta_t + \mu v_t) \\"
        r" \theta_{t+1} &= \theta_t + v_{t+1} \end{aligned}"
    )
    assert explain_formula(nesterov, run=False).name_en != "SGD with momentum"
