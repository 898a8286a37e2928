"""Independent computations for the bank3_*.json formulas (issue #11, req. 3).

Each value is computed a different way from the entry's NumPy reference: plain-Python
loops, closed forms worked by hand, finite differences, or textbook identities. The
checks are merged into INDEPENDENT in test_formula_bank_extra.py.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any


def _norm(v: list[float]) -> float:
    return math.sqrt(sum(x * x for x in v))


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


# --- optimisers and schedules -----------------------------------------------------------


def _lamb() -> list[float]:
    x, g = [1.0, -2.0], [0.5, 0.1]
    m = [0.9 * 0.2 + 0.1 * 0.5, 0.1 * 0.1]
    v = [0.999 * 0.01 + 0.001 * 0.25, 0.999 * 0.04 + 0.001 * 0.01]
    r = [
        (mi / (1 - 0.81)) / (math.sqrt(vi / (1 - 0.999**2)) + 1e-6)
        for mi, vi in zip(m, v, strict=True)
    ]
    u = [ri + 0.01 * xi for ri, xi in zip(r, x, strict=True)]
    trust = _norm(x) / _norm(u)  # ‖x‖ = √5
    assert abs(_norm(x) - math.sqrt(5)) < 1e-12 and g
    return [xi - 0.01 * trust * ui for xi, ui in zip(x, u, strict=True)]


def _lars() -> list[float]:
    # ‖w‖ = 5 and ‖g‖ = 1, so the local rate is 0.001·5/(1 + 0.0005·5)
    local = 0.005 / 1.0025
    step = [0.1 * local * (gi + 0.0005 * wi) for gi, wi in ((0.6, 3.0), (-0.8, 4.0))]
    return [local, 3.0 - step[0], 4.0 - step[1]]


def _adabelief() -> float:
    theta, m, s = 1.0, 0.0, 0.0
    for t in range(1, 4):
        g = 2 * theta
        if t == 2:
            g += 1.0
        m = 0.9 * m + 0.1 * g
        s = 0.999 * s + 0.001 * (g - m) * (g - m) + 1e-8
        m_hat, s_hat = m / (1 - 0.9**t), s / (1 - 0.999**t)
        theta -= 0.1 * m_hat / (s_hat**0.5 + 1e-8)
    return theta


def _radam() -> list[float]:
    # ρ_t is the length of the simple moving average whose mean age matches the EMA's:
    # ρ = 1 + 2·(mean age), the age weighted by (1 − β)β^k over k < t, renormalised
    beta = 0.999
    rho_inf = (1 + beta) / (1 - beta)
    out = []
    for t in (6, 10, 100, 1000):
        weights = [(1 - beta) * beta**k for k in range(t)]
        age = sum(k * w for k, w in enumerate(weights)) / sum(weights)
        rho = 1 + 2 * age
        out.append(
            math.sqrt((rho - 4) * (rho - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho))
        )
    return out


def _adafactor() -> list[list[float]]:
    g = [[1.0, 2.0, 0.0], [3.0, -1.0, 1.0]]
    rows = [sum(v * v for v in row) for row in g]  # 5, 11
    cols = [sum(g[i][j] ** 2 for i in range(2)) for j in range(3)]  # 10, 5, 1
    total = sum(rows)  # 16
    return [[r * c / total for c in cols] for r in rows]


def _cyclical() -> list[float]:
    # a triangle: up 0.0005 per iteration for 10 iterations, then down again
    out = []
    for it in (0, 5, 10, 15, 20, 25):
        phase = it % 20
        frac = phase / 10 if phase <= 10 else (20 - phase) / 10
        out.append(0.001 + 0.005 * frac)
    return out


def _natural_gradient() -> list[float]:
    # F⁻¹ by the 2 × 2 adjugate: det = 1.75
    inv = [[1.0 / 1.75, -0.5 / 1.75], [-0.5 / 1.75, 2.0 / 1.75]]
    step = [inv[0][0] * 1 - inv[0][1], inv[1][0] * 1 - inv[1][1]]
    return [0.0 - 0.1 * step[0], 1.0 - 0.1 * step[1]]


OPTIM: dict[str, Callable[[], Any]] = {
    "lamb": _lamb,
    "lars": _lars,
    "adabelief": _adabelief,
    "radam": _radam,
    "adafactor": _adafactor,
    # 1 − t/T is 1, 0.5, 0.1, 0 and 0.5^0.9 = exp(0.9 ln 0.5)
    "polynomial_decay": lambda: [0.01, 0.01 * math.exp(0.9 * math.log(0.5)), 0.01 * 0.1**0.9, 0.0],
    "cyclical_lr": _cyclical,
    # ∇ log posterior = −0.5 + 25·(4 − 4·0.5) = 49.5
    "sgld": lambda: 0.5 + 0.005 * 49.5 + 0.05,
    "natural_gradient": _natural_gradient,
}

# --- probability and information --------------------------------------------------------


def _hoeffding() -> list[float]:
    # the binomial(100, ½) distribution by repeated convolution, then both tails
    dist = [1.0]
    for _ in range(100):
        nxt = [0.0] * (len(dist) + 1)
        for k, q in enumerate(dist):
            nxt[k] += q / 2
            nxt[k + 1] += q / 2
        dist = nxt
    tail = sum(q for k, q in enumerate(dist) if k <= 40 or k >= 60)
    return [tail, 2 * math.exp(-2)]


def _gaussian_entropy(var: float) -> float:
    # −∫ p ln p by the midpoint rule over ±12 standard deviations
    sd, steps = math.sqrt(var), 48000
    width = 24 * sd / steps
    total = 0.0
    for i in range(steps):
        x = -12 * sd + (i + 0.5) * width
        log_p = -x * x / (2 * var) - 0.5 * math.log(2 * math.pi * var)
        total -= math.exp(log_p) * log_p * width
    return total


def _entropy_2d() -> float:
    # Σ = LLᵀ with the eigenvalues of [[2, .5], [.5, 1]]: the entropy adds over them
    tr, det = 3.0, 1.75
    lam = [(tr + math.sqrt(tr * tr - 4 * det)) / 2, (tr - math.sqrt(tr * tr - 4 * det)) / 2]
    return sum(0.5 * math.log(2 * math.pi * math.e * v) for v in lam)


def _cross_entropy() -> list[float]:
    p, q = [0.5, 0.25, 0.25], [0.25, 0.25, 0.5]
    cross = 0.5 * math.log(4) + 0.25 * math.log(4) + 0.25 * math.log(2)
    entropy = 1.5 * math.log(2)
    kl = sum(a * math.log(a / b) for a, b in zip(p, q, strict=True))
    return [cross, cross, entropy, 0.25 * math.log(2)] if abs(cross - entropy - kl) < 1e-12 else []


def _student_t() -> list[float]:
    # ν = 1 is the Cauchy density; ν = 3 has the closed form 6√3 / (π (3 + t²)²)
    def t3(t: float) -> float:
        return 6 * math.sqrt(3) / (math.pi * (3 + t * t) ** 2)

    # λ = 4 rescales: St(x | μ, λ, ν) = √λ · f_ν(√λ (x − μ))
    return [1 / (math.pi * 2), t3(0.0), t3(1.0), 2 * t3(2.0)]


def _naive_bayes() -> list[float]:
    a = 0.6 * 0.8 * 0.9 * 0.5
    b = 0.4 * 0.3 * 0.3 * 0.5
    return [a / (a + b), b / (a + b)]


PROBABILITY: dict[str, Callable[[], Any]] = {
    # P(X ≥ 2) = 0.2 + 0.1; E[X] = 0.3 + 0.4 + 0.5
    "markov_inequality": lambda: [0.3, 1.2 / 2],
    # μ = 0.7: the outcomes −2 and 3 are at least 2 away; Var = E[X²] − μ² = 2.5 − 0.49
    "chebyshev_inequality": lambda: [0.1 + 0.2, (2.5 - 0.49) / 4],
    "hoeffding_inequality": _hoeffding,
    "gaussian_differential_entropy": lambda: [
        _gaussian_entropy(1.0),
        _gaussian_entropy(0.01),
        _entropy_2d(),
    ],
    "cross_entropy_decomposition": _cross_entropy,
    # Γ(6)/(Γ(2)Γ(3)Γ(1)) = 120/2 = 60, times 0.2 · 0.5²
    "dirichlet_pdf": lambda: 60 * 0.2 * 0.25,
    "student_t_pdf": _student_t,
    # the Bernoulli Fisher information is 1/(θ(1 − θ))
    "fisher_information": lambda: [1 / 0.21, 1 / 0.21],
    # Stirling's formula for 5! = Γ(6): √(2π·5)·(5/e)⁵
    "laplace_approximation": lambda: math.sqrt(10 * math.pi) * (5 / math.e) ** 5,
    "naive_bayes": _naive_bayes,
}


# --- preference optimisation and reinforcement learning ---------------------------------


def _kto() -> float:
    # desirable: 1 − σ(0.6); undesirable: 1 − σ(0.5) and 1 − σ(−0.3); 1 − σ(u) = σ(−u)
    return (_sigmoid(-0.6) + _sigmoid(-0.5) + _sigmoid(0.3)) / 3


def _grpo() -> list[float]:
    # mean 0.6; the squared deviations are 0.16 (three times) and 0.36 (twice)
    sd = math.sqrt((3 * 0.16 + 2 * 0.36) / 5)
    return [(r - 0.6) / sd for r in (1.0, 0.0, 0.0, 1.0, 1.0)]


def _per_priority() -> list[float]:
    p = [2.01, 0.51, 0.01, 1.01]
    powered = [math.exp(0.6 * math.log(v)) for v in p]
    return [v / sum(powered) for v in powered]


def _orpo() -> list[float]:
    # odds 1.5 and 3/7: the log odds ratio is ln 3.5
    l_or = math.log(1 + 1 / 3.5)
    return [l_or, -math.log(0.6) + 0.1 * l_or]


RL: dict[str, Callable[[], Any]] = {
    # h = 1 − (−0.5) = 1.5, target 1/(2·0.5) = 1
    "ipo": lambda: 0.25,
    # margins −4 + 6 − 1 = 1; −log σ(1) = log(1 + e⁻¹)
    "simpo": lambda: math.log(1 + math.exp(-1)),
    "kto": _kto,
    "grpo_advantage": _grpo,
    # mean advantage 0, max advantage 1
    "dueling_network": lambda: [3.0, 1.5, 2.5, 1.0, 2.0, 0.5, 1.5, 0.0],
    "per_priority": _per_priority,
    # N·P = 1.6, 1.2, 0.8, 0.4; the largest weight is 0.4^−½
    "per_importance_weight": lambda: [math.sqrt(0.4 / v) for v in (1.6, 1.2, 0.8, 0.4)],
    # k/(k − 1)·(r − 0.5)
    "rloo_advantage": lambda: [4 / 3 * (v - 0.5) for v in (1.0, 0.0, 0.5, 0.5)],
    "orpo": _orpo,
}


# --- generative models ------------------------------------------------------------------


def _edm_preconditioning() -> list[list[float]]:
    # c_skip minimises the variance (1 − c)²σ_data² + c²σ² of y − c(y + n), whose square
    # root is c_out; found here by ternary search instead of the closed form
    rows: list[list[float]] = [[], [], [], [], []]
    for sigma in (0.1, 1.0, 2.0):

        def residual(c: float, s: float = sigma) -> float:
            return (1 - c) ** 2 * 0.25 + c * c * s * s

        lo, hi = 0.0, 1.0
        for _ in range(200):
            a, b = lo + (hi - lo) / 3, hi - (hi - lo) / 3
            lo, hi = (lo, b) if residual(a) < residual(b) else (a, hi)
        c_out = math.sqrt(residual(lo))
        rows[0].append(lo)
        rows[1].append(c_out)
        rows[2].append(1 / math.sqrt(0.25 + sigma * sigma))  # 1 / std of y + n
        rows[3].append(math.log(sigma) / 4)
        rows[4].append(1.0)  # λ(σ) = 1/c_out²: the effective loss weight is 1
    return rows


def _v_prediction() -> list[float]:
    x, eps, phi, h = [1.0, -0.5], [0.3, 2.0], 0.7, 1e-6

    def z(angle: float) -> list[float]:
        return [math.cos(angle) * a + math.sin(angle) * e for a, e in zip(x, eps, strict=True)]

    # v is dz/dφ, by a central difference
    v = [(p - m) / (2 * h) for p, m in zip(z(phi + h), z(phi - h), strict=True)]
    return v + x + eps


def _ot_cfm() -> list[float]:
    x0, x1, s, h = [0.5, -1.0], [2.0, 1.0], 0.01, 1e-6

    def psi(t: float) -> list[float]:
        return [(1 - (1 - s) * t) * a + t * b for a, b in zip(x0, x1, strict=True)]

    # the velocity along the path is dψ/dt, by a central difference
    u = [(p - m) / (2 * h) for p, m in zip(psi(0.3 + h), psi(0.3 - h), strict=True)]
    return psi(0.3) + u


def _siglip() -> float:
    x, y = [[1.0, 0.0], [0.6, 0.8]], [[0.8, 0.6], [0.0, 1.0]]
    total = 0.0
    for i in range(2):
        for j in range(2):
            logit = 10 * (x[i][0] * y[j][0] + x[i][1] * y[j][1]) - 5
            total -= math.log(_sigmoid(logit if i == j else -logit))
    return total / 2


GENERATIVE: dict[str, Callable[[], Any]] = {
    "edm_preconditioning": _edm_preconditioning,
    # σ = 2: c_skip = 1/17, c_out = c_in = 2/√17, so D = 3x/17 + ln 2/(2√17)
    "edm_denoiser": lambda: [3 * v / 17 + math.log(2) / (2 * math.sqrt(17)) for v in (1.0, -3.0)],
    "v_prediction": _v_prediction,
    # the conjugate posterior mean (τ²y + s²μ₀)/(τ² + s²)
    "tweedie_formula": lambda: [(4 * 3.0 + 1) / 5, (4 * -1.0 + 1) / 5],
    "ot_cfm_path": _ot_cfm,
    # D: ½·mean(0.01, 0.16) + ½·mean(0.04, 0.01); G: ½·mean(0.64, 1.21)
    "lsgan": lambda: [0.5 * 0.085 + 0.5 * 0.025, 0.5 * 0.925],
    "siglip_loss": _siglip,
    # at t = ε the model is the identity; t = 1 and t = 80 by hand
    "consistency_parameterisation": lambda: [
        [1.0, 0.25 / (0.998**2 + 0.25), 0.25 / (79.998**2 + 0.25)],
        [0.0, 0.5 * 0.998 / math.sqrt(1.25), 0.5 * 79.998 / math.sqrt(6400.25)],
    ],
    # SNR = 99, 4, 1, 1/9
    "min_snr_weighting": lambda: [[5.0, 4.0, 1.0, 1 / 9], [5 / 99, 1.0, 1.0, 1.0]],
}


# --- metrics ----------------------------------------------------------------------------

# the confusion matrix of y_true = 1 1 1 0 0 0 1 0 against y_pred = 1 0 1 1 0 0 1 1,
# counted by eye: TP = 3 (positions 1, 3, 7), FN = 1, TN = 2 (5, 6), FP = 2 (4, 8)
TP, FN, TN, FP = 3, 1, 2, 2


def _mcc() -> float:
    # MCC is the Pearson correlation of the two label vectors
    a = [1, 1, 1, 0, 0, 0, 1, 0]
    b = [1, 0, 1, 1, 0, 0, 1, 1]
    ma, mb = sum(a) / 8, sum(b) / 8
    cov = sum((x - ma) * (y - mb) for x, y in zip(a, b, strict=True))
    va = sum((x - ma) ** 2 for x in a)
    vb = sum((y - mb) ** 2 for y in b)
    return cov / math.sqrt(va * vb)


def _tversky() -> list[float]:
    tp = 0.9 + 0.8 + 0.3
    fp = 0.1 + 0.6
    fn = 0.1 + 0.2 + 0.7
    return [tp / (tp + a * fp + b * fn) for a, b in ((0.5, 0.5), (0.3, 0.7), (1.0, 1.0))]


METRICS: dict[str, Callable[[], Any]] = {
    "accuracy": lambda: (TP + TN) / (TP + TN + FP + FN),
    "specificity": lambda: TN / (TN + FP),
    "mcc": _mcc,
    # unigrams: 5 of the 6 reference words; bigrams: 3 of 5 ("the cat", "on the", "the mat")
    "rouge_n": lambda: [5 / 6, 3 / 5],
    "tversky_index": _tversky,
    # the columns are already centred and orthogonal: variances 8/4 and 2/4 of a total 10/4
    "proportion_of_variance_explained": lambda: [0.8, 0.2],
}


# --- linear algebra ---------------------------------------------------------------------


def _inverse_2x2(m: list[list[float]]) -> list[list[float]]:
    det = m[0][0] * m[1][1] - m[0][1] * m[1][0]
    return [[m[1][1] / det, -m[0][1] / det], [-m[1][0] / det, m[0][0] / det]]


def _woodbury() -> list[list[float]]:
    # invert A + U C V directly: [[5, 6, 0], [6, 16, 0], [0, 0, 5]] is block diagonal
    block = _inverse_2x2([[2.0 + 3.0, 6.0], [6.0, 4.0 + 12.0]])
    return [block[0] + [0.0], block[1] + [0.0], [0.0, 0.0, 1 / 5]]


def _hvp() -> list[float]:
    # the Hessian of w0²w1 + exp(w1) + w0w2² worked by hand at (1, 0.5, −1)
    h = [[1.0, 2.0, -2.0], [2.0, math.exp(0.5), 0.0], [-2.0, 0.0, 2.0]]
    v = [0.5, -1.0, 2.0]
    return [sum(a * b for a, b in zip(row, v, strict=True)) for row in h]


LINALG: dict[str, Callable[[], Any]] = {
    "woodbury_identity": _woodbury,
    # A + uvᵀ = [[2, 3], [1, 3]], inverted directly
    "sherman_morrison": lambda: _inverse_2x2([[2.0, 3.0], [1.0, 3.0]]),
    # A + uvᵀ = [[2.5, 0], [2, 1]] is lower triangular
    "matrix_determinant_lemma": lambda: [2.5, 2.5],
    # det K by cofactor expansion along the first row: 4·14 − 2·6 = 44
    "cholesky_logdet": lambda: [math.log(44.0), math.log(44.0)],
    "hessian_vector_product": _hvp,
}


# --- sequences: Kalman filter and hidden Markov models ----------------------------------

PI = [0.6, 0.4]
TRANS = [[0.7, 0.3], [0.4, 0.6]]
EMIT = [[0.9, 0.1], [0.2, 0.8]]


def _path_probability(path: tuple[int, ...], obs: list[int]) -> float:
    prob = PI[path[0]] * EMIT[path[0]][obs[0]]
    for prev, now, o in zip(path, path[1:], obs[1:], strict=False):
        prob *= TRANS[prev][now] * EMIT[now][o]
    return prob


def _hmm_forward() -> list[float]:
    # α_3(j) summed by brute force over all 2³ hidden paths ending in j
    obs = [0, 1, 0]
    ends = [0.0, 0.0]
    for path in itertools.product((0, 1), repeat=3):
        ends[path[-1]] += _path_probability(path, obs)
    return [*ends, sum(ends)]


def _viterbi() -> list[float]:
    obs = [0, 1, 1, 0]
    best = max(itertools.product((0, 1), repeat=4), key=lambda p: _path_probability(p, obs))
    return [float(s) for s in best] + [_path_probability(best, obs)]


def _kalman_update() -> list[float]:
    # condition the joint Gaussian of (state, z) on z = 2: the gain is Cov(x, z)/Var(z)
    cov_xz, var_z = [2.0, 1.0], 2.0 + 0.5
    gain = [c / var_z for c in cov_xz]
    mean = [1.0 + gain[0] * (2.0 - 1.0), 2.0 + gain[1] * (2.0 - 1.0)]
    prior = [[2.0, 1.0], [1.0, 1.5]]
    post = [[prior[i][j] - cov_xz[i] * cov_xz[j] / var_z for j in range(2)] for i in range(2)]
    return gain + mean + post[0] + post[1]


SEQUENCE: dict[str, Callable[[], Any]] = {
    # x = 0 + 1 + ½·2 and v = 1 + 2; covariance [[1 + 0.5, 0.5], [0.5, 0.5]] + 0.1 I
    "kalman_predict": lambda: [2.0, 3.0, 1.6, 0.5, 0.5, 0.6],
    "kalman_update": _kalman_update,
    "hmm_forward": _hmm_forward,
    "viterbi": _viterbi,
}


# --- self-supervised learning -----------------------------------------------------------


def _column(rows: list[list[float]], j: int) -> list[float]:
    return [r[j] for r in rows]


def _pearson(a: list[float], b: list[float]) -> float:
    ma, mb = sum(a) / len(a), sum(b) / len(b)
    num = sum((x - ma) * (y - mb) for x, y in zip(a, b, strict=True))
    return num / math.sqrt(sum((x - ma) ** 2 for x in a) * sum((y - mb) ** 2 for y in b))


def _barlow() -> float:
    za = [[1.0, 2.0], [2.0, 1.0], [3.0, 4.0], [2.0, 1.0]]
    zb = [[1.0, 1.0], [2.0, 2.0], [4.0, 3.0], [1.0, 2.0]]
    loss = 0.0
    for i in range(2):
        for j in range(2):
            c = _pearson(_column(za, i), _column(zb, j))
            loss += (1 - c) ** 2 if i == j else 5e-3 * c * c
    return loss


def _vicreg() -> list[float]:
    z = [[1.0, 0.0], [0.0, 1.0], [2.0, 1.0], [1.0, 2.0]]
    zp = [[1.0, 0.5], [0.5, 1.0], [2.0, 2.0], [1.0, 1.0]]

    def sample_cov(a: list[float], b: list[float]) -> float:
        ma, mb = sum(a) / 4, sum(b) / 4
        return sum((x - ma) * (y - mb) for x, y in zip(a, b, strict=True)) / 3

    def v(rows: list[list[float]]) -> float:
        sds = [math.sqrt(sample_cov(_column(rows, j), _column(rows, j)) + 1e-4) for j in range(2)]
        return sum(max(0.0, 1 - sd) for sd in sds) / 2

    def c(rows: list[list[float]]) -> float:
        return 2 * sample_cov(_column(rows, 0), _column(rows, 1)) ** 2 / 2

    s = sum((a - b) ** 2 for ra, rb in zip(z, zp, strict=True) for a, b in zip(ra, rb, strict=True))
    s /= 4
    total = 25 * s + 25 * (v(z) + v(zp)) + c(z) + c(zp)
    return [s, v(z), v(zp), c(z), c(zp), total]


SSL: dict[str, Callable[[], Any]] = {
    "barlow_twins": _barlow,
    "vicreg": _vicreg,
    # q/‖q‖ = (0.6, 0.8) against (1, 0): squared distance 0.16 + 0.64, cosine 0.6
    "byol_loss": lambda: [0.8, 2 - 2 * 0.6],
    # p1 and z2 point the same way (cosine 1), p2 ⟂ z1 (cosine 0)
    "simsiam_loss": lambda: 0.5 * -1.0 + 0.5 * 0.0,
}


# --- layers: activations, attention, mixture of experts ---------------------------------


def _sigmoid_attention() -> list[list[float]]:
    q, k, v = [[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], [1.0, 2.0, 3.0]
    out = []
    for row in q:
        w = [
            _sigmoid(sum(a * b for a, b in zip(row, key, strict=True)) / math.sqrt(2) - math.log(3))
            for key in k
        ]
        out.append([sum(wi * vi for wi, vi in zip(w, v, strict=True))])
    return out


def _noisy_gate() -> list[float]:
    clean, noise_in, draw = [0.5, 0.5, -2.0], [1.0, -1.0, 0.5], [0.3, -1.2, 0.8]
    return [
        c + d * math.log(1 + math.exp(n)) for c, n, d in zip(clean, noise_in, draw, strict=True)
    ]


LAYERS: dict[str, Callable[[], Any]] = {
    # (x + 3)/6 clipped to [0, 1]
    "hard_sigmoid": lambda: [0.0, 0.25, 0.5, 5 / 6, 1.0],
    # x times the hard sigmoid: 0 below −3, x above 3, x(x + 3)/6 between
    "hard_swish": lambda: [0.0, -1.5 * 1.5 / 6, 0.0, 4 / 6, 5.0],
    "sigmoid_attention": _sigmoid_attention,
    # experts 2 and 3 survive with scores 3 and 2: weights σ(1) and σ(−1)
    "moe_topk_gating": lambda: [
        0.0,
        _sigmoid(1.0),
        _sigmoid(-1.0),
        0.0,
        20 * _sigmoid(1.0) + 30 * _sigmoid(-1.0),
    ],
    "noisy_topk_gating": _noisy_gate,
    # unit 1 pieces: 1, −3.5, −2; unit 2 pieces: −1.5, 0, 1.5
    "maxout": lambda: [1.0, 1.5],
    "layer_scale": lambda: [1.0 + 0.3, -2.0 + 0.1, 0.5 - 0.4],
}


# --- assorted: Adam's efficient form, Gaussian products, Bayesian optimisation, OT, GAN metrics


def _adam_forms() -> list[float]:
    # Algorithm 1 of the paper is the truth for the folded form with ε̂ = ε·√(1 − β₂ᵗ);
    # the folded form with ε̂ = ε is computed separately and differs
    theta, m, v, out = 1.0, 0.0, 0.0, []
    for t in (1, 2):
        g = 2 * theta
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        plain = theta - 0.1 * (m / (1 - 0.9**t)) / (math.sqrt(v / (1 - 0.999**t)) + 1e-3)
        same_eps = theta - 0.1 * math.sqrt(1 - 0.999**t) / (1 - 0.9**t) * m / (math.sqrt(v) + 1e-3)
        out += [plain, plain, same_eps]
        theta = plain
    return out


def _gaussian_product() -> list[float]:
    # log of the product is a quadratic in x; read c, C and the integral off three points
    def log_f(x: float) -> float:
        return (
            -((x - 1) ** 2) / 4
            - math.log(math.sqrt(4 * math.pi))
            - (x - 3) ** 2 / 1
            - math.log(math.sqrt(math.pi))
        )

    y0, y1, y2 = log_f(0.0), log_f(1.0), log_f(-1.0)
    gamma = (y1 + y2 - 2 * y0) / 2
    beta = (y1 - y2) / 2
    var = -1 / (2 * gamma)
    mean = beta * var
    total = math.exp(y0 + mean * mean / (2 * var)) * math.sqrt(2 * math.pi * var)
    return [mean, var, total]


def _expected_improvement() -> list[float]:
    # E[max(0, f_best − f)] for f ~ N(μ, σ²), by the midpoint rule
    out = []
    for mu, sd in ((0.5, 1.0), (1.0, 0.5), (2.0, 1.0)):
        steps, lo, hi = 40000, mu - 12 * sd, mu + 12 * sd
        width = (hi - lo) / steps
        total = 0.0
        for i in range(steps):
            f = lo + (i + 0.5) * width
            density = math.exp(-((f - mu) ** 2) / (2 * sd * sd)) / (sd * math.sqrt(2 * math.pi))
            total += max(0.0, 1.0 - f) * density * width
        out.append(total)
    return out


def _sinkhorn() -> list[float]:
    # a 2 × 2 plan with marginals (0.5, 0.5) and (0.3, 0.7) has one free entry x = P11;
    # the entropic optimum has cross-ratio P11·P22/(P12·P21) = K11·K22/(K12·K21) = e⁴
    target = math.exp(4.0)
    lo, hi = 1e-12, 0.3 - 1e-12
    for _ in range(200):
        x = (lo + hi) / 2
        ratio = x * (0.2 + x) / ((0.5 - x) * (0.3 - x))
        lo, hi = (x, hi) if ratio < target else (lo, x)
    return [x, 0.5 - x, 0.3 - x, 0.2 + x]


def _fid() -> float:
    # for 2 × 2 M = C1·C2 with eigenvalues λ ≥ 0: (√λ1 + √λ2)² = tr M + 2√det M
    c1, c2 = [[2.0, 0.5], [0.5, 1.0]], [[1.0, 0.0], [0.0, 3.0]]
    tr_m = c1[0][0] * c2[0][0] + c1[0][1] * c2[1][0] + c1[1][0] * c2[0][1] + c1[1][1] * c2[1][1]
    det_m = (2.0 * 1.0 - 0.25) * 3.0
    trace_sqrt = math.sqrt(tr_m + 2 * math.sqrt(det_m))
    return 1.0 + (2.0 + 1.0 + 1.0 + 3.0) - 2 * trace_sqrt


def _inception_score() -> float:
    p = [[0.9, 0.05, 0.05], [0.1, 0.8, 0.1], [0.05, 0.05, 0.9], [0.8, 0.1, 0.1]]
    py = [sum(row[k] for row in p) / 4 for k in range(3)]
    kl = [sum(row[k] * math.log(row[k] / py[k]) for k in range(3)) for row in p]
    return math.exp(sum(kl) / 4)


def _dino() -> float:
    def softmax(z: list[float]) -> list[float]:
        e = [math.exp(v - max(z)) for v in z]
        return [v / sum(e) for v in e]

    p_s = softmax([v / 0.1 for v in (1.0, 0.5, -0.5)])
    p_t = softmax([(g - c) / 0.04 for g, c in zip((2.0, 0.0, 0.5), (0.5, 0.0, 0.0), strict=True)])
    return -sum(t * math.log(s) for t, s in zip(p_t, p_s, strict=True))


ASSORTED: dict[str, Callable[[], Any]] = {
    "adam_efficient_step": _adam_forms,
    "gaussian_product": _gaussian_product,
    "expected_improvement": _expected_improvement,
    "sinkhorn": _sinkhorn,
    "frechet_inception_distance": _fid,
    "inception_score": _inception_score,
    "dino_loss": _dino,
}


# --- training: losses, scaling, off-policy targets, HMM learning ------------------------


def _heteroscedastic() -> float:
    # the Gaussian negative log-likelihood without its ½ log 2π constant
    total = 0.0
    for y, f, var in ((1.0, 1.5, 1.0), (2.0, 2.0, 0.25), (0.0, -1.0, 2.0)):
        density = math.exp(-((y - f) ** 2) / (2 * var)) / math.sqrt(2 * math.pi * var)
        total += -math.log(density) - 0.5 * math.log(2 * math.pi)
    return total / 3


def _uncertainty_weighting() -> list[float]:
    # the loss at σ = (1, ½) by hand, then σ_i² found by ternary search on L/(2v) + ½ log v
    def best(loss: float) -> float:
        lo, hi = 1e-3, 100.0
        for _ in range(300):
            a, b = lo + (hi - lo) / 3, hi - (hi - lo) / 3
            fa = loss / (2 * a) + 0.5 * math.log(a)
            fb = loss / (2 * b) + 0.5 * math.log(b)
            lo, hi = (lo, b) if fa < fb else (a, hi)
        return lo

    return [0.4 + 6.0 + math.log(0.5), best(0.8), best(3.0)]


def _vtrace() -> list[float]:
    # Remark 1 of the paper: v_s − V(x_s) = δ_s + γ c_s (v_{s+1} − V(x_{s+1})), from the end
    r, v_est, c = [1.0, 0.0, 2.0], [0.5, 1.0, 0.2, 0.8], [1.0, 0.5, 1.0]
    delta = [c[t] * (r[t] + 0.9 * v_est[t + 1] - v_est[t]) for t in range(3)]  # ρ = c here
    out, carry = [0.0, 0.0, 0.0], 0.0
    for s in (2, 1, 0):
        carry = delta[s] + (0.9 * c[s] * carry if s < 2 else 0.0)
        out[s] = v_est[s] + carry
    return out


def _hmm_backward() -> list[float]:
    # β_1(i) by brute force over the two later hidden states
    obs = [0, 1, 0]
    beta = [
        sum(
            TRANS[i][j] * EMIT[j][obs[1]] * TRANS[j][k] * EMIT[k][obs[2]]
            for j in (0, 1)
            for k in (0, 1)
        )
        for i in (0, 1)
    ]
    return [*beta, _hmm_forward()[-1]]


def _baum_welch() -> list[float]:
    # expected transition counts under the posterior over all 2⁴ hidden paths
    obs = [0, 1, 1, 0]
    counts = [[0.0, 0.0], [0.0, 0.0]]
    total = 0.0
    for path in itertools.product((0, 1), repeat=4):
        w = _path_probability(path, obs)
        total += w
        for a, b in itertools.pairwise(path):
            counts[a][b] += w
    rows = [[c / total for c in row] for row in counts]
    return [v / sum(row) for row in rows for v in row]


def _class_balanced() -> list[float]:
    # E_n = 1 + β + … + β^(n−1), a geometric sum added term by term
    effective = [sum(0.99**i for i in range(n)) for n in (1000, 100, 10)]
    weights = [1 / e for e in effective]
    return effective + [3 * w / sum(weights) for w in weights]


TRAINING: dict[str, Callable[[], Any]] = {
    "heteroscedastic_loss": _heteroscedastic,
    "uncertainty_weighting": _uncertainty_weighting,
    "z_loss": lambda: [
        1e-4 * math.log(sum(math.exp(v) for v in row)) ** 2
        for row in ((2.0, 1.0, 0.5), (10.0, 9.0, 8.0))
    ],
    # the power laws written with logarithms
    "chinchilla_scaling_law": lambda: [
        1.69 + 406.4 * math.exp(-0.34 * math.log(n)) + 410.7 * math.exp(-0.28 * math.log(d))
        for n, d in ((70e9, 1.4e12), (280e9, 300e9))
    ],
    "class_balanced_weight": _class_balanced,
    "vtrace": _vtrace,
    # G = 1 + 0.9·0 + 0.81·2 + 0.729·0.5
    "n_step_td_update": lambda: [2.9845, 1.0 + 0.1 * 1.9845],
    "hmm_backward": _hmm_backward,
    "baum_welch_transition": _baum_welch,
}


BANK3: dict[str, Callable[[], Any]] = {
    **OPTIM,
    **PROBABILITY,
    **RL,
    **GENERATIVE,
    **METRICS,
    **LINALG,
    **SEQUENCE,
    **SSL,
    **LAYERS,
    **ASSORTED,
    **TRAINING,
}
