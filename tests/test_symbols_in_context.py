"""Symbols in context: one meaning chosen from the formula, the others listed as elsewhere."""

from __future__ import annotations

from tutor.latex.macros import macros_for
from tutor.latex.parser import parse
from tutor.tools.symbols import SymbolItem, explain_symbols


def item(latex: str, symbol: str) -> SymbolItem:
    items, _ = explain_symbols(parse(latex, macros_for()))
    found = [i for i in items if i.latex == symbol]
    assert found, [i.latex for i in items]
    return found[0]


def meaning(latex: str, symbol: str) -> str:
    found = item(latex, symbol)
    assert found.meaning is not None
    return found.meaning.en


def test_d_k_is_a_dimension_not_d_at_step_k() -> None:
    found = item(r"\frac{QK^T}{\sqrt{d_k}}", "d_k")
    assert "dimension" in found.meaning.en  # type: ignore[union-attr]
    assert "time step" not in found.meaning.en and found.numpy != "d[k]"  # type: ignore[union-attr]


def test_beta_1_is_a_named_hyperparameter() -> None:
    text = meaning(r"m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t", r"\beta_1")
    assert "hyperparameter" in text and not text.startswith("element")


def test_time_offsets_are_index_expressions_never_t_1() -> None:
    found = item(r"m_t = \beta_1 m_{t-1}", "m_{t-1}")
    assert found.numpy == "m[t - 1]"
    nested = item(r"x_{t_1}", "x_{t_1}")
    assert nested.numpy is None or "[t_1]" not in nested.numpy


def test_x_plus_beside_x_minus_is_a_positive_sample() -> None:
    latex = r"-\log \frac{e^{s(x, x^+)}}{e^{s(x, x^+)} + e^{s(x, x^-)}}"
    assert "positive sample" in meaning(latex, "x^+")
    assert "pseudo-inverse" not in meaning(latex, "x^+")
    assert "negative sample" in meaning(latex, "x^-")


def test_sigma_beside_mu_is_a_standard_deviation_and_applied_a_sigmoid() -> None:
    std = item(r"z = \frac{x - \mu}{\sigma}", r"\sigma")
    assert "standard deviation" in std.meaning.en and std.elsewhere is not None  # type: ignore[union-attr]
    assert "sigmoid" in meaning(r"y = \sigma(Wx + b)", r"\sigma")


def test_pi_is_a_policy_or_a_mixing_weight() -> None:
    ppo = r"r_t(\theta) = \frac{\pi_\theta(a_t|s_t)}{\pi_{\theta_{old}}(a_t|s_t)}"
    assert "policy" in meaning(ppo, r"\pi")
    assert "probability ratio" in meaning(ppo, "r_t")
    gmm = r"p(x) = \sum_k \pi_k \mathcal{N}(x|\mu_k, \Sigma_k)"
    assert "mixing weight" in meaning(gmm, r"\pi")
    assert item(gmm, r"\pi_k").numpy == "pi[k]"


def test_epsilon_times_a_gradient_is_a_learning_rate() -> None:
    assert "learning rate" in meaning(
        r"\theta \leftarrow \theta - \epsilon \nabla_\theta L", r"\epsilon"
    )
    assert "small positive" in meaning(r"\frac{x}{\sqrt{v} + \epsilon}", r"\epsilon")


def test_a_label_subscript_is_not_spelled_out_as_letters() -> None:
    items, _ = explain_symbols(parse(r"\pi_{\theta_{old}}(a|s)", macros_for()))
    assert "d" not in {i.latex for i in items}


def test_the_power_of_a_subscripted_symbol_keeps_its_subscript() -> None:
    from tutor.latex.macros import macros_for
    from tutor.latex.parser import parse
    from tutor.notation.symbols import explain_symbols

    items, _ = explain_symbols(parse(r"1 - \beta_2^k + \Sigma_c^{-1}", macros_for()), "en")
    powers = {i.latex: i.numpy for i in items if "power" in i.read.en or "inverse" in i.read.en}
    assert powers[r"\beta_2^k"] == "beta_2 ** (k)"
    assert powers[r"\Sigma_c^{-1}"].startswith("np.linalg.inv(Sigma_c)")
