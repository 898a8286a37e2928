"""How evidence combines into a name: statements, lines of bank formulas, agreement,
a left-hand name confirming a resembling right side; and the cases each rule refuses."""

from __future__ import annotations

import pytest

from tutor.latex.macros import macros_for
from tutor.latex.parser import parse
from tutor.offline.evidence import Evidence, combine, named_by_left, split_statements
from tutor.offline.explain import Explanation, explain_formula


def _explained(latex: str) -> Explanation:
    return explain_formula(latex, run=False)


# ---------------------------------------------------------------- statements on one line


@pytest.mark.parametrize(
    ("line", "count"),
    [
        (r"a_t := 1 - b_t, \qquad c_t := \prod_{s=1}^{t} a_s", 2),
        (
            r"z = \mu + \sigma \odot \epsilon \quad \text{and} \quad \epsilon \sim \mathcal{N}(0, I)",
            2,
        ),
        (r"y = \mathrm{Concat}(h_1, h_2) W \; \text{where} \; h_i = f(x W_i)", 2),
        (r"u = 1; \; v = 2", 2),
        # a condition is not a statement of its own
        (r"\eta_t = \eta \frac{t}{T}, \quad t \le T", 1),
        (r"\text{if } \|g\| > v: \quad g \leftarrow \frac{g v}{\|g\|}", 1),
        (r"\forall x \in X, \; p(x) = \sum_y p(x, y)", 1),
        # commas inside brackets separate arguments, not statements
        (r"\mathcal{L}(\theta, \phi; x) = \mathbb{E}[\log p(x, z)]", 1),
        (r"f(x) = \max(0, x), \quad x \ge 0", 1),
        (r"M_{ij} = \begin{cases} 0, & j \le i \\ -\infty, & j > i \end{cases}", 1),
        (r"y = \left( a, b \right), \quad z = 1", 2),
    ],
)
def test_statements_are_cut_where_both_sides_state_something(line: str, count: int) -> None:
    assert len(split_statements(line)) == count, split_statements(line)


def test_a_where_clause_loses_its_word() -> None:
    pieces = split_statements(r"y = g(x) \quad \text{where}~ g(x) = x^2")
    assert pieces[1].startswith("g(x)")


# ---------------------------------------------------------------- lines and parts


def test_a_line_of_a_bank_formula_is_named_as_its_part() -> None:
    # Adam's second-moment bias correction (arXiv:1412.6980, Algorithm 1)
    explanation = _explained(r"\hat{v}_t = \frac{v_t}{1 - \beta_2^t}")
    assert explanation.known is None  # a line of Adam, not Adam
    assert explanation.part_of is not None and explanation.part_of.id == "adam"


def test_lines_shared_by_two_formulas_name_neither() -> None:
    # two sigmoid gates: lines of the GRU and of the LSTM alike
    explanation = _explained(
        r"r_t = \sigma(W_r x_t + U_r h_{t-1} + b_r) \qquad z_t = \sigma(W_z x_t + U_z h_{t-1} + b_z)"
    )
    assert explanation.match_kind != "exact"


def test_a_gate_beside_the_cell_update_is_named_by_the_update() -> None:
    explanation = _explained(
        "\\begin{aligned} z_t &= \\sigma(W_z x_t + U_z h_{t-1} + b_z) \\\\"
        " h_t &= (1 - z_t) \\odot h_{t-1} + z_t \\odot \\tilde{h}_t \\end{aligned}"
    )
    assert explanation.known is not None and explanation.known.id == "gru"


def test_a_line_several_formulas_share_is_not_even_a_part() -> None:
    # momentum's and Nesterov's parameter step alike
    explanation = _explained(r"\theta_{t+1} = \theta_t + v_{t+1}")
    assert explanation.known is None and explanation.part_of is None


def test_one_gate_alone_is_not_a_whole_cell() -> None:
    # a sigmoid gate is a line the GRU and the LSTM share: neither by itself
    explanation = _explained(r"r_t = \sigma(W_r x_t + U_r h_{t-1} + b_r)")
    assert explanation.match_kind != "exact"


# ---------------------------------------------------------------- agreement and conflict


def test_lines_of_an_algorithm_are_named_by_agreement() -> None:
    explanation = _explained(
        "\\begin{aligned} v_{t+1} &= \\mu v_t - \\eta \\nabla_\\theta \\mathcal{L}(\\theta_t)"
        " \\\\ \\theta_{t+1} &= \\theta_t + v_{t+1} \\end{aligned}"
    )
    assert explanation.known is not None and explanation.known.id == "momentum"


def test_lines_naming_different_formulas_give_no_name() -> None:
    explanation = _explained(
        "\\begin{aligned} \\sigma(x) &= \\frac{1}{1 + e^{-x}} \\\\"
        " \\mathrm{softmax}(z)_i &= \\frac{e^{z_i}}{\\sum_j e^{z_j}} \\end{aligned}"
    )
    assert explanation.match_kind is None


def test_a_generic_sampling_clause_does_not_contradict_the_statement_it_follows() -> None:
    explanation = _explained(
        r"x_t = \sqrt{\bar{\alpha}_t} x_0 + \sqrt{1 - \bar{\alpha}_t} \epsilon,"
        r" \quad \epsilon \sim \mathcal{N}(0, I)"
    )
    assert explanation.known is not None and explanation.known.id == "ddpm_forward"


def _evidence(*candidates: str, strong: bool = False, whole: bool = True) -> Evidence:
    return Evidence(candidates, frozenset(candidates if strong else ()), whole, None)


def test_combine_rules() -> None:
    # two weak lines that agree name the whole
    assert combine([_evidence("a", "b"), _evidence("a")]) == ("a", True)
    # one weak line alone is a part, if only one formula has it
    assert combine([_evidence("a")]) == ("a", False)
    assert combine([_evidence("a", "b")]) is None
    # a weak line beside a line nothing is known about: no name
    assert combine([_evidence("a"), _evidence()]) is None
    # weak lines that disagree: no name
    assert combine([_evidence("a"), _evidence("b")]) is None
    # a strong line names, a line shared by many formulas is neither for nor against
    assert combine([_evidence("a", strong=True), _evidence("b", "c", "d")]) == ("a", True)
    # two strong lines that disagree and do not feed each other: no name
    assert combine([_evidence("a", strong=True), _evidence("b", strong=True)]) is None
    # a strong line for b computing the input m of a strong line for a: a is named
    step = Evidence(("b",), frozenset({"b"}), True, None, defines="m")
    output = Evidence(("a",), frozenset({"a"}), True, None, uses=frozenset({"m"}))
    assert combine([step, output]) == ("a", True)
    # an unknown step computing that input: a step around a (`g_t ← ∇f(θ_{t−1})`) ...
    unknown = Evidence((), frozenset(), False, None, defines="m")
    assert combine([unknown, output]) == ("a", True)
    # ... unless it looks like another formula: a changed line of it, so a variant of a
    changed = Evidence((), frozenset(), False, None, defines="m", resembles="b")
    assert combine([changed, output]) is None


def test_an_algorithm_whose_steps_compute_the_last_line_is_named_by_it() -> None:
    # an EMA step, then AdaMax's infinity-norm step and update (arXiv:1412.6980, Alg. 2)
    explanation = _explained(
        "\\begin{aligned} m_t &\\leftarrow \\beta_1 m_{t-1} + (1 - \\beta_1) g_t \\\\"
        " u_t &\\leftarrow \\max(\\beta_2 u_{t-1}, |g_t|) \\\\"
        " \\theta_t &\\leftarrow \\theta_{t-1} - (\\alpha / (1 - \\beta_1^t)) m_t / u_t"
        " \\end{aligned}"
    )
    assert explanation.known is not None and explanation.known.id == "adamax"


# ---------------------------------------------------------------- a left-hand name


def _left(latex: str) -> str | None:
    match = named_by_left(parse(latex, macros_for()))
    return match.formula.id if match is not None else None


def test_a_distinctive_left_name_confirms_a_resembling_right_side() -> None:
    latex = r"\mathrm{ReGLU}(x, W, V) = \max(0, xW + b) \otimes (xV + c)"
    assert _left(latex) == "reglu"
    explanation = _explained(latex)
    assert explanation.match_kind == "exact" and explanation.known is not None
    assert explanation.known.id == "reglu"


def test_a_left_name_picks_among_formulas_with_one_right_side() -> None:
    # 1/(1 + e^{-x}) is the logistic sigmoid and the derivative of softplus
    softplus = _explained(r"\mathrm{softplus}^\prime(x) = \frac{1}{1 + e^{-x}}").known
    assert softplus is not None and softplus.id == "softplus_derivative"
    sigmoid = _explained(r"\mathrm{sigmoid}(x) = \frac{1}{1 + e^{-x}}").known
    assert sigmoid is not None and sigmoid.id == "sigmoid"


def test_the_same_right_side_without_the_name_is_not_named() -> None:
    explanation = _explained(r"y = \max(0, xW + b) \otimes (xV + c)")
    assert explanation.match_kind != "exact"


@pytest.mark.parametrize(
    "latex",
    [
        # a left-hand side alone never names
        r"\mathrm{ReGLU}(x) = \tanh(x)",
        r"\mathrm{Attention}(Q, K, V) = Q + K + V",
        # a projection coefficient under cosine similarity's name: an input merged away
        r"\mathrm{sim}(u, v) = \frac{u^\top v}{\|v\|^2}",
        # a sum over j of something that does not depend on j
        r"\mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_i}}",
        # a part changed or left out: the √ of attention, the product of SwiGLU's halves
        r"\mathrm{Attention}(Q, K, V) = \mathrm{softmax}(QK^\top / d_k) V",
        r"\mathrm{SwiGLU}(x) = \mathrm{Swish}(xW) + xV",
        r"\mathrm{LayerNorm}(x) = \frac{x - \mu}{\sigma}",
        # roles swapped: -KL(q ‖ p) under the name of KL(p ‖ q)
        r"\mathrm{KL}(p \| q) = \sum_x q(x) \log \frac{p(x)}{q(x)}",
        # a one-letter or generic name says nothing
        r"f(x) = \max(0, xW + b) \otimes (xV + c)",
    ],
)
def test_a_left_name_over_another_right_side_is_refused(latex: str) -> None:
    assert _left(latex) is None
    assert _explained(latex).match_kind != "exact"


# ---------------------------------------------------------------- other relations


@pytest.mark.parametrize(
    ("statement", "sample"),
    [
        (r"z \sim \mathcal{N}(\mu, \sigma^2)", r"z = \mu + \sigma \epsilon"),
        (r"x \sim \mathcal{N}(m, v I)", r"x = m + \sqrt{v} \epsilon"),
        (
            r"q(x_t \mid x_0) = \mathcal{N}(x_t; a x_0, (1 - a) I)",
            r"x_t = a x_0 + \sqrt{1 - a} \epsilon",
        ),
        (r"y \sim \mathcal{N}(0, s^2)", r"y = s \epsilon"),
    ],
)
def test_a_gaussian_statement_reads_as_its_sample(statement: str, sample: str) -> None:
    from tutor.offline.evidence import sample_form

    assert sample_form(statement) == sample


@pytest.mark.parametrize(
    "statement",
    [
        r"\epsilon \sim \mathcal{N}(0, I)",  # a standard normal declared: nothing to match
        r"\mathcal{N}(x; \mu, \sigma^2) = \frac{1}{\sqrt{2\pi\sigma^2}} e^{-(x-\mu)^2/2\sigma^2}",
        r"p(x) = \mathcal{N}(x; \mu, \sigma^2) \pi",  # the Gaussian is not the whole right side
    ],
)
def test_other_statements_have_no_sample(statement: str) -> None:
    from tutor.offline.evidence import sample_form

    assert sample_form(statement) is None


def test_a_sampling_statement_is_named_by_the_bank_sample_it_equals() -> None:
    # the bank writes DDPM's forward process as x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε
    explanation = _explained(r"x_t \sim \mathcal{N}(\sqrt{\bar\alpha_t} x_0, (1 - \bar\alpha_t) I)")
    assert explanation.known is not None and explanation.known.id == "ddpm_forward"


def test_a_sampling_statement_with_another_variance_is_not_named() -> None:
    explanation = _explained(r"x_t \sim \mathcal{N}(\sqrt{\bar\alpha_t} x_0, \bar\alpha_t I)")
    assert explanation.match_kind != "exact"


@pytest.mark.parametrize(
    ("latex", "formula_id"),
    [
        (r"\mathrm{softmax}(z)_i \doteq \frac{e^{z_i}}{\sum_j e^{z_j}}", "softmax"),
        (r"\mathrm{softmax}(z)_i := \frac{e^{z_i}}{\sum_j e^{z_j}}", "softmax"),
        (r"f(\mathbb{E}[x]) \leqslant \mathbb{E}[f(x)]", "jensen_inequality"),
    ],
)
def test_definitions_and_bounds_with_other_relation_signs(latex: str, formula_id: str) -> None:
    explanation = _explained(latex)
    assert explanation.known is not None and explanation.known.id == formula_id


def test_a_bound_the_other_way_is_not_jensen() -> None:
    assert _explained(r"f(\mathbb{E}[x]) \geqslant \mathbb{E}[f(x)]").match_kind != "exact"


def test_a_paste_with_an_unrelated_unknown_statement_is_not_named_after_its_known_line() -> None:
    # a TD error, then a Q update that never uses it: two things, not the TD error
    paste = (
        r"\begin{aligned} e_k &= u_{k+1} + \gamma W(z_{k+1}) - W(z_k) \\"
        r" Q(z_k, b_k) &\leftarrow Q(z_k, b_k) + \alpha \max_{b} Q(z_{k+1}, b) \end{aligned}"
    )
    explanation = _explained(paste)
    assert explanation.known is None or explanation.match_kind != "exact"


def test_a_shared_line_whose_result_an_unknown_statement_uses_names_nothing() -> None:
    # two EMAs (lines of Adam, RMSProp, …) feeding a step that is not Adam's
    paste = (
        r"\begin{aligned} a_k &= \beta_1 a_{k-1} + (1 - \beta_1) h_k \\"
        r" b_k &= \beta_2 b_{k-1} + (1 - \beta_2) h_k^2 \\"
        r" w_k &= w_{k-1} - \eta \frac{a_k}{b_k + \epsilon} \end{aligned}"
    )
    explanation = _explained(paste)
    assert explanation.known is None or explanation.match_kind != "exact"
