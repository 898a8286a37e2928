"""The canonical form: notation that means the same gets one form; look-alikes keep theirs."""

from __future__ import annotations

import pytest

from tutor.latex.macros import macros_for
from tutor.latex.parser import parse
from tutor.offline.bank import Recognition, canonical_forms, loose, recognise


def _recognised(latex: str) -> Recognition | None:
    return recognise(parse(latex, macros_for()))


def _form(latex: str) -> tuple[str, ...]:
    forms = canonical_forms(parse(latex, macros_for()))
    return forms.right[-1] if forms.right else forms.whole


def _loose(latex: str) -> tuple[str, ...]:
    return loose(_form(latex))


SAME = [
    # the arg max operator, however it is typeset
    (r"y = \arg\max_\theta f(\theta)", r"y = \underset{\theta}{\arg\max}\, f(\theta)"),
    (r"y = \arg\max_\theta f(\theta)", r"y = \operatorname*{arg\,max}_\theta f(\theta)"),
    (r"y = \arg\min_w L(w)", r"y = \underset{w}{\operatorname{argmin}} L(w)"),
    # the expectation operator
    (r"y = \mathbb{E}_{x}[f(x)]", r"y = \mathop{\mathbb{E}}_{x}\left[f(x)\right]"),
    (r"y = \mathbb{E}_{x \sim p}[f(x)]", r"y = \underset{x \sim p}{\mathbb{E}}[f(x)]"),
    # the Deep Learning book's upright random variable is a name like any other
    (
        r"y = \frac{P(x) P(y \mid x)}{P(y)}",
        r"y = \frac{P(\mathrm{x}) P(\mathrm{y} \mid \mathrm{x})}{P(\mathrm{y})}",
    ),
    (r"y = \int f(x)\, dx", r"y = \int f(x)\, \mathrm{d}x"),
    # a label written inside or outside the upright word
    (r"y = \mathrm{head}_1", r"y = \mathrm{head_1}"),
    (r"y = \mathrm{fan}_{\mathrm{in}}", r"y = \text{fan\_in}"),
    # relations
    (r"f(a) \le b", r"f(a) \leqslant b"),
    # after `/`, the juxtaposed factors are the denominator
    (r"y = u^\top v / \|u\|\|v\|", r"y = \frac{u^\top v}{\|u\| \|v\|}"),
    (r"y = \exp(-\|x - z\|^2 / 2\sigma^2)", r"y = \exp\left(-\frac{\|x - z\|^2}{2\sigma^2}\right)"),
    # a sign passes through linear operators, and only those
    (r"y = \mathbb{E}[-\log q(x)]", r"y = -\mathbb{E}[\log q(x)]"),
    (r"y = \sum_i [-y_i \log p_i]", r"y = -\sum_i [y_i \log p_i]"),
    # norms, absolute values and even powers do not see the sign of what they hold
    (r"y = (\hat{y} - y)^2", r"y = (y - \hat{y})^2"),
    (r"y = \|a - b\|", r"y = \|b - a\|"),
    (r"y = |a - b|", r"y = |b - a|"),
    (r"y = \|x\|_2^2", r"y = \|x\|^2"),
    # the divergence's double bar, typed as two bars
    (r"y = D(q(z \mid x) || p(z))", r"y = D(q(z \mid x) \| p(z))"),
    # conditional probabilities are numbers: they commute
    (r"y = \frac{P(x) P(y \mid x)}{P(y)}", r"y = \frac{P(y \mid x) P(x)}{P(y)}"),
    (r"y = \log -x", r"y = \log(-x)"),
    # max is commutative, and max(0, x) is the ReLU, also written [x]_+
    (r"y = \max(a, 0)", r"y = \max(0, a)"),
    (r"y = \max(0, 1 - t y)", r"y = [1 - t y]_+"),
    (r"y = \max(0, 1 - t y)", r"y = \mathrm{ReLU}(1 - t y)"),
    (r"y = \max(a, b) + a^2", r"y = \max(b, a) + a^2"),
    # log(a/b) = −log(b/a); log(1/x) = −log x
    (r"y = -\sum_i q_i \log \frac{p_i}{q_i}", r"y = \sum_i q_i \log \frac{q_i}{p_i}"),
    (r"y = \sum_x p(x) \log \frac{1}{p(x)}", r"y = -\sum_x p(x) \log p(x)"),
    # the same function, however its argument is bracketed; e written upright
    (r"y = \exp\left\{-x\right\}", r"y = \exp(-x)"),
    (r"y = \mathrm{e}^{-x}", r"y = e^{-x}"),
    # a first derivative written as a ratio of differentials
    (r"y = w - \eta \frac{\partial L}{\partial w}", r"y = w - \eta \nabla_w L"),
    (r"y = \frac{d f(x)}{d x}", r"y = \nabla_x f(x)"),
    # the density given its parameters, with a semicolon or a bar
    (r"y = \mathcal{N}(x; \mu, \sigma^2)", r"y = \mathcal{N}(x \mid \mu, \sigma^2)"),
    # the logistic function's two spellings
    (r"y = \frac{e^{a}}{e^{a} + 1}", r"y = \frac{1}{1 + e^{-a}}"),
    # a vector's squared norm
    (r"y = \frac{\alpha}{2} w^\top w", r"y = \frac{\alpha}{2}\|w\|_2^2"),
    (r"y = (x - \mu)^\top (x - \mu)", r"y = \|x - \mu\|^2"),
    # cases: `if`, a comma after the value, a comparison either way round, and the
    # complement of the first condition written as `otherwise`
    (
        r"M = \begin{cases} 0 & j \le i \\ -\infty & j > i \end{cases}",
        r"M = \begin{cases} 0 & \text{if } j \le i \\ -\infty & \text{otherwise} \end{cases}",
    ),
    (
        r"f = \begin{cases} x, & x > 0 \\ a x, & x \le 0 \end{cases}",
        r"f = \begin{cases} x & \text{if } 0 < x \\ a x & \text{otherwise} \end{cases}",
    ),
    # the same operator or name, spelt otherwise
    (r"y = \Pr(x \mid z)", r"y = P(x \mid z)"),
    (r"y = s^{\prime} + s", r"y = s' + s"),
    (r"y = D_{\mathrm{KL}}(p \| q) + p", r"y = \mathrm{KL}(p \| q) + p"),
    (r"y = D_{KL}(p \| q) + p", r"y = \mathrm{KL}(p \| q) + p"),
    (r"y = \langle u, v \rangle", r"y = u^\top v"),
    (r"y = \mathrm{trace}(A)", r"y = \operatorname{tr}(A)"),
    (r"y = \mathrm{sigmoid}(x W) \odot x V", r"y = \sigma(x W) \odot x V"),
    (r"y = 0.5 x^2", r"y = \frac{1}{2} x^2"),
    (r"y = x^{0.5}", r"y = \sqrt{x}"),
    # a Gaussian's normaliser, however it is grouped
    (r"y = \frac{1}{\sqrt{2\pi\sigma^2}} e^{-x}", r"y = \frac{1}{\sigma\sqrt{2\pi}} e^{-x}"),
    (r"y = \sqrt{\frac{1}{2\pi\sigma^2}} e^{-x}", r"y = \frac{1}{\sigma\sqrt{2\pi}} e^{-x}"),
    (
        r"y = (2\pi)^{-D/2}\det(\Sigma)^{-1/2} e^{-x}",
        r"y = \frac{1}{(2\pi)^{D/2}}\frac{1}{|\Sigma|^{1/2}} e^{-x}",
    ),
    # the logistic function applied to an expression, by its definition
    (r"y = \sigma(w^\top x + b)", r"y = \frac{1}{1 + \exp(-(w^\top x + b))}"),
    (r"y = x \sigma(\beta x)", r"y = \frac{x}{1 + e^{-\beta x}}"),
    # brackets around a product or a lone name group nothing
    (r"y = -\left(\frac{1}{2} \sum_j x_j\right)", r"y = -\frac{1}{2} \sum_j x_j"),
    (r"y = (\sigma_j)^2 + \log((\sigma_j)^2)", r"y = \sigma_j^2 + \log \sigma_j^2"),
    # brackets that group nothing: a whole numerator, a root's argument; \vec
    (r"z = (x - \mu)/\sigma", r"z = \frac{x - \mu}{\sigma}"),
    (r"y = \left(\sum_i x_i^2\right)^{1/2}", r"y = \sqrt{\sum_i x_i^2}"),
    (r"y = \vec{x} - \vec{\mu}", r"y = x - \mu"),
    # the log of a product is the sum of the logs
    (r"y = \log \prod_{i=1}^{n} p(x_i \mid \theta)", r"y = \sum_{i=1}^{n} \log p(x_i \mid \theta)"),
    (r"y = \log\left(\prod_i p_i\right) + 1", r"y = 1 + \sum_i \log p_i"),
    # a comma ending a line or a case is punctuation
    (
        r"y = \begin{cases} a & x > 0, \\ b & x \le 0 \end{cases}",
        r"y = \begin{cases} a & x > 0 \\ b & x \le 0 \end{cases}",
    ),
]

LOOSE_SAME = [
    # iterated expectations are one expectation over the pairs
    (r"y = \mathbb{E}_{x}\mathbb{E}_{z \sim q}[f(x, z)]", r"y = \mathbb{E}_{x, z}[f(x, z)]"),
    # a word above a name is a label, not a power
    (r"y = \beta^{\text{old}} + g", r"y = \beta + g"),
    (r"y = f^{\mathrm{reg}}(x) + x^2", r"y = f(x) + x^2"),
    # the index of an applied name goes with the other indices
    (r"y = -\sum_i p(x_i) \log p(x_i)", r"y = -\sum_x p(x) \log p(x)"),
    # a step written through a subsequence is still the previous step
    (
        r"y = \sqrt{1 - \alpha_{\tau_{i-1}}} + \alpha_{\tau_i}",
        r"y = \sqrt{1 - \alpha_{t-1}} + \alpha_t",
    ),
    # a primed name with no unprimed twin is just a name
    (r"y = \frac{\lambda'}{2} \|w\|^2", r"y = \frac{\lambda}{2} \|w\|^2"),
    # an index in angle brackets or parentheses, above or below
    (
        r"y = z h^{\langle t-1 \rangle} + \tilde{h}^{\langle t \rangle}",
        r"y = z h_{t-1} + \tilde{h}_t",
    ),
    (r"y = x^{(t-1)} + z", r"y = x_{t-1} + z"),
    (r"y = h_{\langle t-1\rangle} + z", r"y = h_{t-1} + z"),
    # a name used at one step only: its value before, as an in-place update writes it
    (r"y = \theta_{t-1} - \alpha \hat{m}_t", r"y = \theta - \alpha \hat{m}"),
    (r"y = r_t + \gamma V(s_{t+1}) - V(s_t)", r"y = r_{t+1} + \gamma V(s_{t+1}) - V(s_t)"),
    # a word used as a quantity is a name like a letter
    (r"y = \max(d_1 - d_2 + \text{margin}, 0)", r"y = \max(d_1 - d_2 + m, 0)"),
    (
        r"F = \frac{2\,\mathrm{precision} \cdot \mathrm{recall}}{\mathrm{precision} + \mathrm{recall}}",
        r"F = \frac{2 P R}{P + R}",
    ),
    # a function's parameter index: Swish_β and Swish_1
    (r"y = \mathrm{Swish}_\beta(x W)", r"y = \mathrm{Swish}_1(x W)"),
    # a coefficient before a bracket multiplies it, whichever bracket
    (r"y = v + \alpha\left[G - v\right]", r"y = v + \alpha(G - v)"),
    # a measure applied is a name applied, like p(x)
    (r"y = \frac{1}{2}\sum_x |\mu(x) - \nu(x)|", r"y = \frac{1}{2}\sum_x |p(x) - q(x)|"),
    # the name a max ranges over is a dummy
    (r"y = r + \gamma \max_a Q(s', a)", r"y = r + \gamma \max_{a'} Q(s', a')"),
    # a word label spelt in letters or as text
    (r"y = \frac{T_{cur}}{T_{\max}}", r"y = \frac{T_{\text{cur}}}{T_{\max}}"),
    (r"y = \frac{T_{cur}}{T_{\max}}", r"y = \frac{T_{cur}}{T_i}"),
]

LOOSE_DIFFERENT = [
    (r"y = \mathbb{E}[x]\,\mathbb{E}[z]", r"y = \mathbb{E}[x z]"),  # a product of expectations
    (r"y = V(S') - V(S)", r"y = V(S) - V(S)"),  # the next state is not the state
    (r"y = F(x) + x", r"y = F + x"),  # the argument is used again
    (r"y = x^{\dagger} b", r"y = x b"),  # the pseudo-inverse is not a label
    (r"y = \eta_{\max} - \eta_{\min}", r"y = \eta - \eta"),  # two labelled names, not one
    (r"y = \frac{T_{cur}}{T_{\max}}", r"y = \frac{T}{T}"),
    (r"y = x^{(t-1)} + x^{(t)}", r"y = x^{(t)} + x^{(t)}"),  # two steps of one name stay two
    (r"y = V(s_{t+1}) - V(s_t)", r"y = V(s_t) - V(s_t)"),
    (r"y = a \odot b + a", r"y = a c b + a"),  # an operator is not a name
    (r"y = \log(\prod_i a_i + b)", r"y = \sum_i \log a_i + b"),  # not when more is inside
    (r"y = \mathrm{KL}(p \| q) + p", r"y = k(p \| q) + p"),  # a function applied keeps its name
    (r"y = \max_a Q(s, a) - Q(s, a')", r"y = \max_a Q(s, a) - Q(s, a)"),  # bound, then free
    (r"y = \sigma(x + z) + x", r"y = \sigma (x + z) x + x"),  # σ(·) stays a function
    (r"y = \max(0, a) + b", r"y = \max(0, a b)"),  # arguments are not one product
    (r"y = \min(0, a) + a", r"y = \max(0, a) + a"),
    (r"y = [1 - a]_{+} + a", r"y = [1 - a] + a"),
    (r"y = \log \frac{a}{b} + a", r"y = \log \frac{b}{a} + a"),
    (r"y = \log \frac{1}{p} + p", r"y = \log p + p"),
    (r"y = X^\top X", r"y = \|X\|^2"),  # a matrix's Gram matrix is not a norm
    (r"y = (x - \mu)^\top \Sigma^{-1} (x - \mu)", r"y = \|x - \mu\|^2"),
    (r"y = \frac{\partial^2 f}{\partial x^2}", r"y = \nabla_x f"),  # a second derivative
    (r"y = \frac{e^{a}}{e^{b} + 1}", r"y = \frac{1}{1 + e^{-a}}"),
    (r"y = (X^\top X)^{-1} X^\top y", r"y = \frac{X^\top y}{X^\top X}"),  # an inverse, not 1/x
    (r"y = \sigma(w^\top x + b)", r"y = \tanh(w^\top x + b)"),
    (r"y = |A| + |B|", r"y = \det(A) + \det(B)"),  # |A| of a set is its size
    (r"y = \sqrt{a + b}", r"y = \sqrt{a} + \sqrt{b}"),
    (r"y = \sqrt{W x}", r"y = \sqrt{W} \sqrt{x}"),  # only scalars split
    (r"y = \langle u \rangle + u", r"y = u^\top u + u"),
    (  # x ≥ 0 is not the complement of x ≥ 0's neighbour x > 0
        r"f = \begin{cases} x & x > 0 \\ a x & x \ge 0 \end{cases}",
        r"f = \begin{cases} x & x > 0 \\ a x & \text{otherwise} \end{cases}",
    ),
    (  # the value and its condition stay apart
        r"f = \begin{cases} x & x > 0 \\ 0 & \text{otherwise} \end{cases}",
        r"f = \begin{cases} x x > 0 \\ 0 & \text{otherwise} \end{cases}",
    ),
]

DIFFERENT = [
    (r"y = \arg\max_\theta f(\theta)", r"y = \arg\min_\theta f(\theta)"),
    (
        r"y = \arg\max_\theta f(\theta)",
        r"y = \max_\theta f(\theta)",
    ),  # the maximiser, not the maximum
    (r"y = \underset{\theta}{\arg\max} f(\theta)", r"y = \underset{\theta}{\max} f(\theta)"),
    (r"y = \mathrm{E} x", r"y = e x"),  # an upright capital is a fixed letter
    (r"y = \mathrm{e}^{x}", r"y = x^{x}"),
    (r"y = \max_a -Q(a)", r"y = -\max_a Q(a)"),  # max of −Q is −min Q
    (r"y = \prod_i -x_i", r"y = -\prod_i x_i"),
    (r"y = \log -x", r"y = -\log x"),
    (r"y = (a - b)^3 + a^2", r"y = (b - a)^3 + a^2"),  # an odd power sees the sign
    (r"y = (a - b) c + a^2", r"y = (b - a) c + a^2"),
    (r"y = |A||B|", r"y = |A \| B|"),  # two absolute values, not a divergence's bar
    (r"y = \|x\|_1", r"y = \|x\|"),
    (r"y = A B + A", r"y = B A + A"),  # matrices do not commute
    (r"y = p(x) W + W", r"y = W p(x) + W"),  # an application without `|` may be a matrix
]


@pytest.mark.parametrize(("one", "other"), SAME)
def test_notation_variants_share_a_form(one: str, other: str) -> None:
    assert _form(one) == _form(other)


@pytest.mark.parametrize(("one", "other"), DIFFERENT)
def test_look_alikes_keep_different_forms(one: str, other: str) -> None:
    assert _form(one) != _form(other)
    assert _loose(one) != _loose(other)


@pytest.mark.parametrize(("one", "other"), LOOSE_SAME)
def test_index_and_label_variants_share_a_loose_form(one: str, other: str) -> None:
    assert _loose(one) == _loose(other)


@pytest.mark.parametrize(("one", "other"), LOOSE_DIFFERENT)
def test_loose_forms_keep_what_indices_do_not_carry(one: str, other: str) -> None:
    assert _loose(one) != _loose(other)


def test_a_connective_ends_the_statement() -> None:
    forms = canonical_forms(
        parse(
            r"z = \mu + \sigma \odot \epsilon \quad \text{and} \quad \epsilon \sim \mathcal{N}(0, I)",
            macros_for(),
        )
    )
    assert (
        forms.right
        == canonical_forms(parse(r"z = \mu + \sigma \odot \epsilon", macros_for())).right
    )


@pytest.mark.parametrize(
    "latex",
    [
        r"y = x + z",  # a sum of two names is nothing in particular
        r"y = x \sigma(z)",  # a name times a function of another
        r"y = \sigma(x)",  # a bare σ(x) is not expanded into the sigmoid's definition
        r"y = \sum_i x_i",
        r"y = \|x - z\|",
    ],
)
def test_too_little_structure_names_nothing(latex: str) -> None:
    match = _recognised(latex)
    assert match is None or not match.exact


@pytest.mark.parametrize(
    ("latex", "formula_id"),
    [
        (
            r"\boldsymbol{\theta}_{\mathrm{ML}} = \underset{\boldsymbol{\theta}}{\arg\max}"
            r" \sum_{i=1}^{m} \log p_{\mathrm{model}}(\boldsymbol{x}^{(i)}; \boldsymbol{\theta})",
            "mle",
        ),
        (
            r"A_t \doteq \underset{a}{\arg\max}\left[Q_t(a) + c\sqrt{\frac{\ln t}{N_t(a)}}\right]",
            "ucb_action",
        ),
        (r"f(x) = x \cdot \sigma(x)", "silu"),
        (r"\Omega(\boldsymbol{\theta}) = \sum_i |w_i|", "l1_norm"),
    ],
)
def test_typeset_operators_are_named(latex: str, formula_id: str) -> None:
    match = _recognised(latex)
    assert match is not None and match.exact and match.formula.id == formula_id


@pytest.mark.parametrize(
    "latex",
    [
        r"\\",
        r"\quad",
        r"\langle \langle x , \rangle",
        r"| | | |",
        r"\begin{cases} & \\ & \end{cases}",
        r"\frac{\partial}{\partial}",
        r"\sigma()",
        r"\max(,)",
        r"[ ]_+",
        r"x^{(} + y",
        "f(" + "a;" * 300 + ")",
    ],
)
def test_odd_input_gives_a_form_and_never_raises(latex: str) -> None:
    nodes = parse(latex, macros_for())
    forms = canonical_forms(nodes)
    loose(forms.whole)
    recognise(nodes)


def test_a_sign_on_the_left_moves_to_the_right() -> None:
    # −D_KL = ½ ∑ (…) states D_KL = −½ ∑ (…)
    one = canonical_forms(parse(r"-D = \frac{1}{2}\sum_j (1 + \log s_j - s_j)", macros_for()))
    other = canonical_forms(parse(r"D = -\frac{1}{2}\sum_j (1 + \log s_j - s_j)", macros_for()))
    assert one.right == other.right


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (r"L = \sum_{i=1}^{n} (a_i - b_i)^2", r"L = \|a - b\|^2"),
        (r"L = \frac{1}{n}\sum_i (a_i - b_i)^2", r"L = \frac{1}{n}\|\mathbf{a} - \mathbf{b}\|_2^2"),
        (r"r = \sum_j |w_j|", r"r = \|w\|_1"),
    ],
)
def test_a_sum_of_squares_is_a_squared_norm_with_indices_dropped(one: str, other: str) -> None:
    assert _loose(one) == _loose(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (r"L = \sum_i (a_i - b_i)^2 c_i", r"L = \|a - b\|^2 c"),  # a weighted sum is not a norm
        (r"L = \left(\sum_i a_i - b_i\right)^2", r"L = \|a - b\|^2"),  # the square of a sum
        (r"d = \sqrt{\sum_i (a_i - b_i)^2}", r"d = \|a - b\|"),  # a bare norm says too little
    ],
)
def test_sums_that_are_not_norms_stay_sums(one: str, other: str) -> None:
    assert _loose(one) != _loose(other)


def test_an_inequality_is_read_one_way_and_never_by_one_side() -> None:
    assert _form(r"\log \mathbb{E}[Y] \le \mathbb{E}[\log Y]") == _form(
        r"\mathbb{E}[\log Y] \ge \log \mathbb{E}[Y]"
    )
    assert _form(r"\log \mathbb{E}[Y] \le \mathbb{E}[\log Y]") != _form(
        r"\log \mathbb{E}[Y] \ge \mathbb{E}[\log Y]"
    )
    forms = canonical_forms(parse(r"P(Y \ge b) \le \frac{\mathbb{E}[Y]}{b}", macros_for()))
    assert forms.right == ()  # a relation inside brackets splits nothing


def test_a_factorial_is_kept_and_a_thin_negative_space_is_not() -> None:
    assert _form(r"p = \frac{a^k}{k!}") != _form(r"p = \frac{a^k}{k}")
    assert _form(r"p = \frac{a^k}{k\!}") == _form(r"p = \frac{a^k}{k}")
