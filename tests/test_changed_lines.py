"""Precision for pasted algorithms: a paste whose lines agree with a formula except one that
defines one of the formula's own quantities another way is a variant ("looks like"), never
the formula itself; a plain step around it (`θ ← θ + Δθ`) changes nothing."""

from __future__ import annotations

import pytest

from tutor.offline.explain import explain_formula

ADAM = (
    r"\begin{aligned} m_t &\leftarrow \beta_1 m_{t-1} + (1-\beta_1) g_t \\"
    r" v_t &\leftarrow \beta_2 v_{t-1} + (1-\beta_2) %s \\"
    r" \hat{m}_t &\leftarrow m_t / (1-\beta_1^t) \\"
    r" \hat{v}_t &\leftarrow v_t/(1-\beta_2^t) \\"
    r" \theta_t &\leftarrow \theta_{t-1} - \alpha \hat{m}_t / (\sqrt{\hat{v}_t} + \epsilon)"
    r" \end{aligned}"
)


def test_adam_as_written_is_adam() -> None:
    found = explain_formula(ADAM % "g_t^2", run=False)
    assert (found.name_en, found.match_kind) == ("Adam", "exact")


@pytest.mark.parametrize("changed", ["|g_t|", "g_t^3", r"\sqrt{|g_t|}"])
def test_adam_with_its_second_moment_changed_only_looks_like_adam(changed: str) -> None:
    found = explain_formula(ADAM % changed, run=False)
    assert found.match_kind != "exact"
    assert found.name_en in (None, "Adam")


def test_a_plain_step_around_a_formula_does_not_veto_it() -> None:
    adagrad = (
        r"\begin{aligned} \boldsymbol{r} &\leftarrow \boldsymbol{r} + \boldsymbol{g} \odot"
        r" \boldsymbol{g} \\ \Delta\boldsymbol{\theta} &\leftarrow -\frac{\epsilon}{\delta +"
        r" \sqrt{\boldsymbol{r}}} \odot \boldsymbol{g} \\ \boldsymbol{\theta} &\leftarrow"
        r" \boldsymbol{\theta} + \Delta\boldsymbol{\theta} \end{aligned}"
    )
    found = explain_formula(adagrad, run=False)
    assert (found.name_en, found.match_kind) == ("AdaGrad", "exact")
