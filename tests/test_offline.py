"""The offline explainer: recognition, translation to NumPy, reading, glossary, answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tutor.config import load_settings
from tutor.engine import Engine
from tutor.events import FinalAnswer, TextDelta, ToolCall
from tutor.latex.macros import macros_for
from tutor.latex.parser import parse
from tutor.offline.answer import extract_formula
from tutor.offline.bank import recognise
from tutor.offline.explain import explain_formula
from tutor.offline.glossary import find_terms, glossary
from tutor.offline.reading import read_aloud
from tutor.offline.translate import Untranslatable, translate
from tutor.tools.numpy_exec import run_numpy

CORPUS = Path(__file__).parent / "corpus" / "ml_formulas.jsonl"


def recognised(latex: str) -> tuple[str, bool] | None:
    match = recognise(parse(latex, macros_for()))
    return (match.formula.id, match.exact) if match else None


@pytest.mark.parametrize(
    "latex",
    [
        r"\mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V",
        r"\text{softmax}(\frac{\mathbf{Q}\mathbf{K}^{T}}{\sqrt{d_k}})\mathbf{V}",
        r"\operatorname{softmax}\left( \frac{A B^\intercal}{\sqrt{d}} \right) C",
        r"\mathrm{softmax} \left( \frac{\boldsymbol{Q}\bm{K}^{\top}}{\sqrt{d_k}} \right) \bm{V}",
        r"softmax(\frac{QK^T}{\sqrt{d_k}})V",
    ],
)
def test_attention_is_recognised_through_notation_variants(latex: str) -> None:
    assert recognised(latex) == ("attention", True)


@pytest.mark.parametrize(
    ("latex", "formula"),
    [
        (r"\sigma(z) = \frac{1}{1+\exp(-z)}", "sigmoid"),
        (r"\frac{1}{1 + e^{-t}}", "sigmoid"),
        (r"w \gets w - \eta \nabla_w J(w)", "gradient_descent"),
        (r"D_{KL}(q \| r) = \sum_y q(y) \log \frac{q(y)}{r(y)}", "kl"),
        (r"\mathrm{ReLU}(u) = \max(0, u)", "relu"),
    ],
)
def test_renamed_variables_are_still_recognised(latex: str, formula: str) -> None:
    assert recognised(latex) == (formula, True)


def test_an_unrelated_formula_is_not_claimed() -> None:
    assert recognised(r"x^2 + y^2") is None
    assert recognised(r"\frac{1}{n}\sum_i x_i") is None


def run(latex: str) -> tuple[str, Any]:
    translation = translate(parse(latex, macros_for()))
    result = run_numpy(translation.program)
    assert result.ok, (translation.program, result.error)
    return translation.statements[-1], result.value


@pytest.mark.parametrize(
    ("latex", "statement", "shape"),
    [
        (r"\frac{1}{n}\sum_{i=1}^{n} x_i^2", "result = (1 / n) * np.sum(x ** 2)", []),
        (
            r"\mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V",
            "result = (softmax((Q @ K.T) / np.sqrt(d_k))) @ V",
            [4, 4],
        ),
        (r"\|\mathbf{x} - \mathbf{y}\|_2^2", "result = np.linalg.norm(x - y) ** 2", []),
        (r"\mathbf{w}^\top \mathbf{x} + b", "result = w.T @ x + b", []),
        (r"\prod_{i=1}^n p_i", "result = np.prod(p)", []),
        (r"\log \sum_j \exp(z_j)", "result = np.log(np.sum(np.exp(z)))", []),
        (r"A \odot B", "result = A * B", [4, 4]),
        (r"\mathbb{E}_{x \sim p}[x^2]", "result = np.mean(x ** 2)", []),
        (r"x^\top A x", "result = (x.T @ A) @ x", []),
    ],
)
def test_formulas_outside_the_bank_translate_to_numpy_that_runs(
    latex: str, statement: str, shape: list[int]
) -> None:
    got, value = run(latex)
    assert got == statement
    assert value.shape == shape


def test_gradients_become_central_differences_that_match_the_calculus() -> None:
    statement, value = run(r"\nabla_x x^3")
    assert statement == "result = numerical_gradient(lambda x: x ** 3, x)"
    assert abs(float(value.repr) - 3 * 0.5**2) < 1e-6  # x = 0.5 in the sample data
    translation = translate(
        parse(r"\theta \leftarrow \theta - \alpha \nabla_\theta \mathcal{L}(\theta)", macros_for())
    )
    assert "numerical_gradient(lambda theta: calL(theta), theta)" in translation.program
    assert translation.functions == ["calL"]  # a parameter of the program, never made up


def test_distribution_statements_become_samples() -> None:
    translation = translate(
        parse(
            r"z = \mu + \sigma \odot \epsilon, \quad \epsilon \sim "
            r"\mathcal{N}(0, I)",
            macros_for(),
        )
    )
    assert translation.statements[0] == "epsilon = rng.standard_normal(4)"
    assert run_numpy(translation.program).ok


@pytest.mark.parametrize(
    ("latex", "part"),
    [(r"\int_0^1 x\,dx", r"\int"), (r"\{x : x > 0\}", r"\}")],
)
def test_untranslatable_parts_are_named(latex: str, part: str) -> None:
    with pytest.raises(Untranslatable) as info:
        translate(parse(latex, macros_for()))
    assert info.value.part == part


def test_reading_aloud_in_english_and_japanese() -> None:
    nodes = parse(r"\theta \leftarrow \theta - \alpha \nabla_\theta \mathcal{L}(\theta)")
    assert read_aloud(nodes, "en") == (
        "theta is updated to theta minus alpha the gradient with respect to theta of L of theta"
    )
    ja = read_aloud(nodes, "ja")
    assert "シータ" in ja and "マイナス" in ja and "勾配" in ja


def test_explanation_of_a_known_formula_has_every_part() -> None:
    e = explain_formula(r"\mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V")
    assert e.known is not None and e.known.id == "attention" and e.known.arxiv == "1706.03762"
    assert "softmax" in e.reading and "transpose" in e.reading
    assert {i.latex for i in e.symbols} >= {r"\sqrt", "K^{\\top}"}
    assert e.unknown == []
    assert e.numpy_source == "translated" and e.run is not None and e.run.ok
    text = e.to_markdown("en")
    for heading in ("Read aloud", "Pitfall", "Symbols", "NumPy", "Result", "1/√d_k"):
        assert heading in text
    assert "√dₖ" in e.unicode
    assert "スケーリング" in e.to_markdown("ja")


def test_structure_says_what_is_the_argument_of_what() -> None:
    e = explain_formula(r"\mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V", run=False)
    assert "softmax is applied to (QKᵀ/√dₖ)" in e.structure
    assert "fraction: (QKᵀ) / (√dₖ)" in e.structure
    flat = explain_formula(r"\sum_{i=1}^{n} \log(1 + e^{x_i})", run=False)
    assert "log is applied to (1 + e^xᵢ)" in flat.structure, flat.structure
    assert "sum over i = 1 … n of the term that follows" in flat.structure


def test_explanation_states_declared_and_inferred_shapes() -> None:
    e = explain_formula(
        r"Q \in \mathbb{R}^{n \times d_k}, K \in \mathbb{R}^{m \times d_k},"
        r" \quad S = QK^\top",
        run=False,
    )
    assert "Q ∈ ℝ^(n×dₖ)" in e.structure
    assert "shape: QKᵀ is n×m" in e.structure
    bad = explain_formula(
        r"A \in \mathbb{R}^{n \times d}, B \in \mathbb{R}^{m \times d}, AB", run=False
    )
    assert "shape: AB is undefined (d ≠ m)" in bad.structure


def test_explanation_is_honest_about_what_it_cannot_translate() -> None:
    e = explain_formula(r"\int_{-\infty}^{\infty} f(x)\,dx = 1")
    assert e.untranslated is not None and r"\int" in e.untranslated
    assert "Not translated" in e.to_markdown("en")
    assert e.run is None  # computing only the 1 of `… = 1` would explain nothing


@pytest.mark.parametrize("bad", [r"\frac{a}{b", "\x00\x01garbage", "x" * 1_000_000, ""])
def test_bad_input_gives_an_error_not_an_exception(bad: str) -> None:
    e = explain_formula(bad)
    assert e.error and not e.symbols


def test_glossary_has_150_bilingual_terms_linked_to_formulas() -> None:
    terms = glossary().terms
    assert len(terms) >= 150
    assert all(t.term.ja and t.definition.ja for t in terms)
    assert sum(1 for t in terms if t.formulas) >= 80


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("what is KL divergence?", ["KL divergence"]),
        ("explain cross-entropy vs entropy", ["cross-entropy", "entropy"]),
        ("クロスエントロピーとは？", ["cross-entropy"]),
        ("What is the ELBO in a VAE", ["ELBO", "variational autoencoder"]),
    ],
)
def test_glossary_matches_terms(question: str, expected: list[str]) -> None:
    assert [t.term.en for t in find_terms(question)] == expected


@pytest.mark.parametrize(
    ("question", "formula"),
    [
        (r"\sum_i x_i^2", r"\sum_i x_i^2"),
        (r"what does $\sigma(Wx + b)$ mean?", r"\sigma(Wx + b)"),
        ("what is KL divergence?", None),
        (r"what does \sum_i x_i mean?", r"\sum_i x_i"),
        (
            r"explain \theta \leftarrow \theta - \alpha g please",
            r"\theta \leftarrow \theta - \alpha g",
        ),
        (r"\mathbf{x}^\top \mathbf{y} とは？", r"\mathbf{x}^\top \mathbf{y}"),
    ],
)
def test_extract_formula(question: str, formula: str | None) -> None:
    assert extract_formula(question) == formula


async def test_offline_ask_explains_a_pasted_formula() -> None:
    engine = Engine(load_settings())
    events = [e async for e in engine.ask(r"\frac{1}{1 + e^{-x}}")]
    assert any(isinstance(e, ToolCall) and e.name == "explain_formula" for e in events)
    final = events[-1]
    assert isinstance(final, FinalAnswer) and final.source == "offline"
    assert "logistic sigmoid" in final.text and "Result" in final.text


async def test_offline_ask_in_japanese_uses_the_glossary() -> None:
    engine = Engine(load_settings(TUTOR_LANG="ja"))
    text = "".join(
        [e.text async for e in engine.ask("KL ダイバージェンスとは？") if isinstance(e, TextDelta)]
    )
    assert "カルバック" in text or "分布" in text


def test_corpus_shares_stay_above_the_floor() -> None:
    """Figures of what they measure: parsed; every symbol explained; translated whole (the
    functions a formula applies but does not define, like p(x | z), left as named
    parameters, never made up); and translated whole and run on sample inputs."""
    rows = [json.loads(line) for line in CORPUS.read_text().splitlines()]
    parsed = explained = translated = ran = 0
    for row in rows:
        latex = "\n".join(row["file_macros"] + [row["latex"]])
        e = explain_formula(latex)
        parsed += e.error is None
        explained += e.error is None and not e.unknown
        whole = e.numpy_source == "translated" and not e.untranslated
        translated += whole
        ran += bool(whole and not e.functions and e.run and e.run.ok)
    n = len(rows)
    shares = (parsed / n, explained / n, translated / n, ran / n)
    assert shares[0] >= 0.95 and shares[1] >= 0.95 and shares[2] >= 0.6 and shares[3] >= 0.4, shares


def test_graded_set_floors_do_not_regress() -> None:
    """Measured against truth written apart from tutor (tests/graded): values right ≥ 70 %,
    and wrong names no more than the bank's known granularity cases."""
    from tests.graded.harness import measure

    report = measure()
    assert report.right_value_share >= 0.70, report.values
    assert len(report.wrong_names()) <= 1, [i.id for i in report.wrong_names()]
    assert report.right_name_share >= 0.44, report.names_on_named


@pytest.mark.parametrize(
    ("latex", "original"),
    [
        # x·σ(x) is SiLU/Swish, not GELU's x·Φ(x): a Greek letter applied as a function
        # names that function and is never renamed like a variable (SiLU is a right name)
        (r"\mathrm{GELU}(x) = x\sigma(x)", "GELU"),
        # a sum over j of something that does not depend on j is n·e^{z_i}, not softmax
        (r"\mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_i}}", "softmax"),
        (r"p_i = \frac{\exp(z_i)}{\sum_{k=1}^{K} \exp(z_i)}", "softmax"),
    ],
)
def test_an_altered_formula_is_never_named_as_the_original(latex: str, original: str) -> None:
    from tutor.offline.explain import explain_formula

    explanation = explain_formula(latex, run=False)
    named = explanation.name_en if explanation.match_kind == "exact" else None
    assert named is None or original not in named, named


@pytest.mark.parametrize(
    ("latex", "name"),
    [
        (r"\mathrm{GELU}(x) = x\Phi(x)", "GELU"),
        (r"\mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}", "softmax"),
        (r"H(X) = -\sum_{x} p(x) \log p(x)", "entropy"),
    ],
)
def test_the_unaltered_formulas_are_still_named(latex: str, name: str) -> None:
    from tutor.offline.explain import explain_formula

    explanation = explain_formula(latex, run=False)
    assert explanation.match_kind == "exact"
    assert name.lower() in (explanation.name_en or "").lower()


# --- translations that run must compute the right thing (QA items 2, 13) ---------------


def _program(latex: str) -> str:
    return translate(parse(latex, macros_for())).program


def _execute(latex: str) -> dict[str, Any]:
    """Run the translated program in-process and return its names (plain NumPy code)."""
    names: dict[str, Any] = {"np": np}
    exec(_program(latex), names)
    return names


@pytest.mark.parametrize(
    ("latex", "function"),
    [
        (
            r"Q(s_t,a_t) \leftarrow Q(s_t,a_t) + \alpha\left[r_{t+1} + \gamma \max_a "
            r"Q(s_{t+1},a) - Q(s_t,a_t)\right]",
            "Q",
        ),
        (r"Q(S,A) \leftarrow Q(S,A) + \alpha[R + \gamma Q(S',A') - Q(S,A)]", "Q"),
        (r"V(s) \gets V(s) + \alpha (G_t - V(s))", "V"),
        (r"V(s) = r + \gamma V(s)", "V"),
    ],
)
def test_an_update_rule_assigns_a_new_value_and_never_recurses(latex: str, function: str) -> None:
    translation = translate(parse(latex, macros_for()))
    assert "lambda" not in translation.program  # Q = lambda …: Q(…) would call itself forever
    assert translation.functions == [function]  # the table/function is the caller's
    assert f"# the new value of {function}(" in translation.program


def test_q_learning_keeps_its_arguments_and_multiplies_alpha() -> None:
    program = _program(
        r"Q(s_t,a_t) \leftarrow Q(s_t,a_t) + \alpha\left[r_{t+1} + \gamma \max_a "
        r"Q(s_{t+1},a) - Q(s_t,a_t)\right]"
    )
    assert "alpha * (" in program and "alpha(" not in program
    assert "Q(s_t_1, " in program  # both arguments of the inner Q stay together
    assert "- Q(s_t, a_t)" in program


@pytest.mark.parametrize(
    ("latex", "code"),
    [
        (r"\alpha[a + b]", "alpha * ((a + b))"),
        (r"\lambda[x_1 + x_2]", "lambda_ * ((x_1 + x_2))"),
        (r"\gamma \left[ r + v \right]", "gamma * ((r + v))"),
    ],
)
def test_a_letter_before_square_brackets_multiplies(latex: str, code: str) -> None:
    assert f"result = {code}" in _program(latex)


@pytest.mark.parametrize(
    ("latex", "call"),
    [
        (r"\epsilon_\theta(x_t, t)", "epsilon_theta(x_t, t)"),
        (
            r"\left\| \epsilon - \epsilon_\theta(\sqrt{\bar\alpha_t}x_0 + "
            r"\sqrt{1-\bar\alpha_t}\epsilon, t)\right\|^2",
            "epsilon_theta(np.sqrt(alpha_bar_t) * x_0 + np.sqrt(1 - alpha_bar_t) * epsilon, t)",
        ),
        (r"s_\theta(x + \sigma z, \sigma)", "s_theta(x + sigma * z, sigma)"),
    ],
)
def test_a_subscripted_name_applied_to_arguments_is_a_function(latex: str, call: str) -> None:
    translation = translate(parse(latex, macros_for()))
    assert call in translation.program
    assert " * (np.array" not in translation.program


def test_the_noise_beside_a_noise_predictor_is_a_gaussian_sample_not_a_tiny_constant() -> None:
    program = _program(r"\left\| \epsilon - \epsilon_\theta(x_t, t)\right\|^2")
    assert "epsilon = rng.standard_normal(4)" in program
    assert "epsilon = 1e-8" not in program


@pytest.mark.parametrize(
    ("latex", "vector", "index", "expected"),
    [
        (r"\frac{e^{z_i}}{\sum_j e^{z_j}}", "z", "i", lambda z, i: np.exp(z[i]) / np.exp(z).sum()),
        (
            r"\frac{\exp(z_i)}{\sum_{j} \exp(z_j)}",
            "z",
            "i",
            lambda z, i: np.exp(z[i]) / np.exp(z).sum(),
        ),
        (r"\frac{x_k}{\sum_j x_j}", "x", "k", lambda x, k: x[k] / x.sum()),
    ],
)
def test_an_entry_of_a_vector_the_formula_sums_is_indexed_not_a_new_scalar(
    latex: str, vector: str, index: str, expected: Any
) -> None:
    names = _execute(latex)
    assert f"{vector}_{index}" not in names  # no separate scalar z_i
    assert isinstance(names[vector], np.ndarray) and isinstance(names[index], int)
    # counted from 1 as written: entry i of z is z[i - 1]
    assert np.isclose(names["result"], expected(names[vector], names[index] - 1))


@pytest.mark.parametrize(
    ("latex", "name"),
    [
        (r"\mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V", "d_k"),
        (r"\frac{x}{\sqrt{d_{model}}}", "d_model"),
        (r"\frac{q^\top k}{\sqrt{d_v}}", "d_v"),
    ],
)
def test_dimensions_are_whole_numbers_matching_the_arrays(latex: str, name: str) -> None:
    assert f"\n{name} = 4\n" in _program(latex)  # the arrays are 4 × 4


def test_a_bare_e_is_a_variable_and_e_to_a_power_is_the_exponential() -> None:
    program = _program(r"\frac{a}{b + \frac{c}{d + e}}")
    assert "np.e" not in program and "\ne = " in program
    assert "np.exp(x)" in _program(r"e^{x}")


def test_sample_inputs_differ_so_the_run_proves_something() -> None:
    names = _execute(
        r"D_{KL} = \log\frac{\sigma_2}{\sigma_1} + "
        r"\frac{\sigma_1^2 + (\mu_1-\mu_2)^2}{2\sigma_2^2} - \frac{1}{2}"
    )
    assert names["mu_1"] != names["mu_2"] and names["sigma_1"] != names["sigma_2"]
    s1, s2, m1, m2 = names["sigma_1"], names["sigma_2"], names["mu_1"], names["mu_2"]
    truth = np.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - 0.5
    assert names["result"] > 0 and np.isclose(names["result"], truth)


def test_layer_norm_normalises_a_batch_not_one_number() -> None:
    names = _execute(
        r"y = \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} \gamma + \beta"
    )
    x = names["x"]
    assert isinstance(x, np.ndarray) and np.ptp(x) > 0
    truth = (x - x.mean()) / np.sqrt(x.var() + 1e-8) * names["gamma"] + names["beta"]
    assert np.allclose(names["result"], truth) and np.ptp(names["result"]) > 0


def test_batch_norm_lines_run_in_order_and_the_variance_defines_sigma() -> None:
    names = _execute(
        r"\mu_B = \frac{1}{m}\sum_{i=1}^m x_i, \quad "
        r"\sigma_B^2 = \frac{1}{m}\sum_{i=1}^m (x_i - \mu_B)^2, \quad "
        r"\hat{x}_i = \frac{x_i - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}}, \quad "
        r"y_i = \gamma \hat{x}_i + \beta"
    )
    x = names["x"]
    assert np.isclose(names["mu_B"], x.mean()) and np.isclose(names["sigma_B"], x.std())
    x_hat = (x[names["i"] - 1] - x.mean()) / np.sqrt(x.var() + 1e-8)
    assert np.isclose(names["result"], names["gamma"] * x_hat + names["beta"])
    assert x_hat != 0


# --- readings keep the grouping (QA item 3) ---------------------------------------------


@pytest.mark.parametrize(
    ("latex", "said"),
    [
        (
            r"\theta_t \leftarrow \theta_{t-1} - \alpha \hat{m}_t / (\sqrt{\hat{v}_t} + \epsilon)",
            "the square root of v hat sub t, plus epsilon",
        ),
        (r"\frac{1}{\sqrt{v} + \epsilon}", "the square root of v, plus epsilon"),
        (r"m_t \leftarrow \beta_1 m_{t-1} + (1-\beta_1) g_t", "(1 minus beta sub 1) times g sub t"),
        (r"\eta (a + b) c", "eta times (a plus b) times c"),
        (
            r"\frac{\sigma_1^2 + (\mu_1-\mu_2)^2}{2\sigma_2^2}",
            "(sigma sub 1 squared plus (mu sub 1 minus mu sub 2) squared) over (2 sigma sub 2 squared)",
        ),
        (r"\frac{a}{2 b}", "a over (2 b)"),
        (
            r"\sqrt{(\mathbf{x}-\mu)^\top \Sigma^{-1} (\mathbf{x}-\mu)}",
            "the square root of ((bold x minus mu) transpose capital sigma inverse times (bold x minus mu))",
        ),
        (r"Q(s_t, a_t) + Q(s, a)", "Q of (s sub t, a sub t) plus Q of (s, a)"),
        (r"L^{CLIP}(\theta)", "L clip of theta"),
        (r"\pi_{\theta_{old}}(a)", "theta sub old"),
        (r"x_{ij}", "x sub i j"),
        (r"\hat{\mathbb{E}}_t[x]", "the empirical expectation over t of"),
    ],
)
def test_readings_keep_the_grouping(latex: str, said: str) -> None:
    assert said in read_aloud(parse(latex, macros_for()))


def test_a_matrix_inverse_before_a_bracket_multiplies_it() -> None:
    said = read_aloud(parse(r"\Sigma^{-1}(x - \mu) + W^\top(x + b)", macros_for()))
    assert "inverse of" not in said and "transpose of" not in said


@pytest.mark.parametrize(
    ("latex", "lhs", "rhs"),
    [
        (r"m_t \leftarrow \beta_1 m_{t-1} + (1-\beta_1) g_t", "m サブ t", "g サブ t"),
        (r"\theta \gets \theta - \eta g", "シータ", "g"),
    ],
)
def test_japanese_update_reads_the_name_first_then_its_new_value(
    latex: str, lhs: str, rhs: str
) -> None:
    said = read_aloud(parse(latex, macros_for()), "ja")
    assert said.startswith(f"{lhs} を ") and said.endswith(f"{rhs} で更新する")
    assert "で更新する" not in said[: -len("で更新する")]


# --- symbol rows (QA item 12) ------------------------------------------------------------


def _rows(latex: str) -> dict[str, Any]:
    from tutor.notation.symbols import explain_symbols

    items, _ = explain_symbols(parse(latex, macros_for()))
    return {f"{item.latex}|{item.entry_id}": item for item in items}


def test_the_empirical_expectation_is_an_average_over_a_batch() -> None:
    rows = _rows(r"\hat{\mathbb{E}}_t\left[r_t(\theta)\hat{A}_t\right]")
    under = rows[r"\hat{\mathbb{E}}_t|expect_empirical"]
    assert "empirical expectation over t" in under.read.en
    assert rows[r"\hat{\mathbb{E}}|empirical_expectation"].read.en.startswith("the empirical")
    assert not any("xE" in (item.numpy or "") or "x̂E" in item.read.en for item in rows.values())


@pytest.mark.parametrize(
    ("latex", "pattern", "words"),
    [
        (r"\mu_1", "sub_distribution_mean", "the mean of distribution (or component) 1"),
        (r"\sigma_2 + \mu_2", "sub_distribution_std", "the standard deviation of distribution"),
        (r"\Sigma_1", "sub_distribution", "distribution (or component) 1"),
        (r"\pi_2", "sub_distribution", "distribution (or component) 2"),
        (r"\sigma_1", "sub_numbered", "number 1 of several σ"),  # no μ: maybe a singular value
    ],
)
def test_numbered_distribution_parameters_are_not_adam_hyperparameters(
    latex: str, pattern: str, words: str
) -> None:
    rows = _rows(latex + " + x")
    item = rows[f"{latex.split(' ')[0]}|{pattern}"]
    assert words in item.meaning.en or words in item.read.en + ": " + item.meaning.en
    assert not any("Adam" in row.meaning.en for row in rows.values())
    assert "Adam" in _rows(r"\beta_1 + x")[r"\beta_1|sub_hyper"].meaning.en


@pytest.mark.parametrize("latex", ["D_M", r"\sigma_n", "f_*", "W_Q", r"\alpha_s"])
def test_a_letter_label_is_not_an_element(latex: str) -> None:
    rows = _rows(latex + " + y")
    labels = [k for k in rows if k.endswith("|sub_label")]
    assert labels and not any(k.endswith("|sub_index") for k in rows)


def test_an_index_a_sum_runs_over_stays_an_element() -> None:
    rows = _rows(r"\sum_n \alpha_n x_n + \sum_i w_i")
    assert r"\alpha_n|sub_index" in rows and "w_i|sub_index" in rows


def test_scripts_on_brackets_give_no_junk_rows() -> None:
    rows = _rows(r"\left\| \epsilon - \epsilon_\theta(x_t, t)\right\|^2 + (a - b)^\top c")
    for item in rows.values():
        assert "\\left" not in item.read.en and "\\right" not in item.read.en
        assert "left" not in (item.numpy or "")
    assert any(item.read.en == "‖…‖ squared" for item in rows.values())
    assert any(item.read.en == "(…) transpose" for item in rows.values())


@pytest.mark.parametrize(
    ("latex", "x", "expected"),
    [
        (r"y = x \cdot \mathbb{1}[x > 0] + 0.01\,x \cdot \mathbb{1}[x \le 0]", -2.0, -0.02),
        (r"y = x \cdot \mathbb{1}[x > 0] + 0.01\,x \cdot \mathbb{1}[x \le 0]", 3.0, 3.0),
        (r"h = \mathbb{1}[x \geq 1] + 2", 1.5, 3.0),
    ],
)
def test_a_comparison_inside_brackets_is_not_the_statements_relation(
    latex: str, x: float, expected: float
) -> None:
    program = translate(parse(latex, macros_for()), {"x": "scalar"}).program
    given = "\n".join(line for line in program.split("\n") if not line.startswith("x = "))
    names: dict[str, Any] = {"np": np, "x": x}
    exec(given, names)
    assert np.isclose(names["result"], expected)


@pytest.mark.parametrize(
    ("latex", "sample"),
    [
        (r"\mathrm{clip}(r, 1-\epsilon, 1+\epsilon)", "epsilon = 0.2"),  # PPO's clip range
        (r"\mathrm{clip}(r_t, 1 - \varepsilon, 1 + \varepsilon) A", "varepsilon = 0.2"),
        (r"\frac{m}{\sqrt{v} + \epsilon}", "epsilon = 1e-8"),  # Adam's guard stays tiny
    ],
)
def test_epsilon_gets_the_value_its_role_needs(latex: str, sample: str) -> None:
    assert f"\n{sample}" in _program(latex)
