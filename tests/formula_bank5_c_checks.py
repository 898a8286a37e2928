"""Independent computations for tutor/data/formulas/bank5_c.json (issue #11, req. 3).

The formulas a learner meets in ISLR (2nd ed.), the CS229 notes and Bishop & Bishop's
Deep Learning (2024). Each value is reached another way than the entry's NumPy reference:
plain-Python loops, an equivalent identity (F from R², t from the correlation, VIF from the
inverse correlation matrix), refitting (leave-one-out by n fits), finite differences or
quadrature. The checks are merged into INDEPENDENT in test_formula_bank_extra.py.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any


def _mean(xs: list[float]) -> float:
    return sum(xs) / len(xs)


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    # Gauss–Jordan elimination with partial pivoting
    n = len(b)
    m = [[*row, rhs] for row, rhs in zip(a, b, strict=True)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(n):
            if r != col:
                factor = m[r][col] / m[col][col]
                m[r] = [x - factor * y for x, y in zip(m[r], m[col], strict=True)]
    return [m[i][n] / m[i][i] for i in range(n)]


def _det3(m: list[list[float]]) -> float:
    return (
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
        - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    )


def _simple_fit(x: list[float], y: list[float]) -> tuple[float, float]:
    # the 2×2 normal equations solved by Cramer's rule
    n, sx, sy = len(x), sum(x), sum(y)
    sxx, sxy = sum(v * v for v in x), sum(u * v for u, v in zip(x, y, strict=True))
    det = n * sxx - sx * sx
    return (sy * sxx - sx * sxy) / det, (n * sxy - sx * sy) / det


def _central(f: Callable[[float], float], x: float, h: float = 1e-5) -> float:
    return (f(x + h) - f(x - h)) / (2 * h)


# --- ISLR chapter 3: inference for linear regression -------------------------------------


def _f_statistic() -> float:
    rows = [[1.0, 0.5], [2.0, -1.0], [3.0, 0.0], [4.0, 2.0], [5.0, 1.0], [6.0, -0.5]]
    y = [1.2, 1.9, 3.4, 3.8, 5.3, 5.9]
    design = [[1.0, *r] for r in rows]
    xtx = [[sum(a[i] * a[j] for a in design) for j in range(3)] for i in range(3)]
    xty = [sum(a[i] * t for a, t in zip(design, y, strict=True)) for i in range(3)]
    beta = _solve(xtx, xty)
    rss = sum(
        (t - sum(b * v for b, v in zip(beta, a, strict=True))) ** 2
        for a, t in zip(design, y, strict=True)
    )
    tss = sum((t - _mean(y)) ** 2 for t in y)
    r2, n, p = 1 - rss / tss, 6, 2
    return (r2 / p) / ((1 - r2) / (n - p - 1))  # the same statistic written through R²


def _rse() -> float:
    x, y = [1.0, 2.0, 3.0, 4.0, 5.0], [2.1, 3.9, 6.2, 7.8, 10.1]
    mx, my = _mean(x), _mean(y)
    sxx = sum((v - mx) ** 2 for v in x)
    sxy = sum((u - mx) * (v - my) for u, v in zip(x, y, strict=True))
    syy = sum((v - my) ** 2 for v in y)
    return math.sqrt((syy - sxy * sxy / sxx) / 3)  # RSS = Syy − Sxy²/Sxx


def _adjusted_r2() -> float:
    y = [3.0, 5.0, 7.5, 8.0, 11.0, 12.5]
    yhat = [3.2, 5.1, 6.9, 8.6, 10.7, 12.4]
    r2 = 1 - sum((a - b) ** 2 for a, b in zip(y, yhat, strict=True)) / sum(
        (a - _mean(y)) ** 2 for a in y
    )
    return 1 - (1 - r2) * (6 - 1) / (6 - 2 - 1)


def _t_statistic() -> float:
    x, y = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [1.1, 2.3, 2.8, 4.5, 4.9, 6.2]
    mx, my = _mean(x), _mean(y)
    sxy = sum((u - mx) * (v - my) for u, v in zip(x, y, strict=True))
    r = sxy / math.sqrt(sum((u - mx) ** 2 for u in x) * sum((v - my) ** 2 for v in y))
    return r * math.sqrt(len(x) - 2) / math.sqrt(1 - r * r)  # t = r√(n−2)/√(1−r²)


def _vif() -> float:
    cols = [
        [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        [2.0, 3.9, 6.2, 8.1, 9.8, 12.3],
        [0.5, -1.0, 0.3, 1.2, -0.4, 0.8],
    ]

    def corr(a: list[float], b: list[float]) -> float:
        ma, mb = _mean(a), _mean(b)
        num = sum((u - ma) * (v - mb) for u, v in zip(a, b, strict=True))
        return num / math.sqrt(sum((u - ma) ** 2 for u in a) * sum((v - mb) ** 2 for v in b))

    r = [[corr(a, b) for b in cols] for a in cols]
    minor = r[1][1] * r[2][2] - r[1][2] * r[2][1]
    return minor / _det3(r)  # the diagonal of the inverse correlation matrix


def _leverage() -> list[float]:
    # the diagonal of the hat matrix X(XᵀX)⁻¹Xᵀ with the 2×2 inverse written out
    x = [1.0, 2.0, 3.0, 4.0, 10.0]
    n, s, ss = len(x), sum(x), sum(v * v for v in x)
    det = n * ss - s * s
    return [(ss - 2 * s * v + n * v * v) / det for v in x]


def _loocv() -> float:
    # leave each point out, refit the line, predict the point: n fits
    x, y = [0.0, 1.0, 2.0, 3.0, 5.0], [1.0, 2.5, 2.9, 4.2, 6.1]
    errors = []
    for i in range(len(x)):
        b0, b1 = _simple_fit(x[:i] + x[i + 1 :], y[:i] + y[i + 1 :])
        errors.append((y[i] - b0 - b1 * x[i]) ** 2)
    return _mean(errors)


def _bootstrap_se() -> float:
    est = [0.58, 0.61, 0.55, 0.64, 0.60]
    m = _mean(est)
    return math.sqrt(sum((e - m) ** 2 for e in est) / (len(est) - 1))


# --- ISLR chapters 2, 4, 8, 11, 12 --------------------------------------------------------


def _cost_complexity() -> float:
    leaves = [[1.0, 1.4, 0.9], [4.0, 4.6], [7.2, 6.8, 7.5]]
    rss = 0.0
    for leaf in leaves:
        m = _mean(leaf)
        rss += sum((v - m) ** 2 for v in leaf)
    return rss + 0.5 * 3


def _qda() -> float:
    d = [1.0, -0.5]
    a, b, c = 2.0, 0.3, 1.0  # Σ = [[a, b], [b, c]]
    det = a * c - b * b
    quad = (c * d[0] ** 2 - 2 * b * d[0] * d[1] + a * d[1] ** 2) / det
    return -0.5 * quad - 0.5 * math.log(det) + math.log(0.4)


def _knn() -> float:
    pts = [(0.0, 0.0, 0), (1.0, 0.0, 1), (0.0, 1.0, 0), (3.0, 3.0, 1), (2.5, 3.5, 1)]
    ranked = sorted(pts, key=lambda p: math.hypot(p[0] - 0.4, p[1] - 0.4))
    return sum(1 for p in ranked[:3] if p[2] == 0) / 3


def _kaplan_meier() -> list[float]:
    at_risk, deaths, s, out = [10, 8, 5], [1, 2, 1], 1.0, []
    for r, q in zip(at_risk, deaths, strict=True):
        s *= 1 - q / r
        out.append(s)
    return out


def _within_cluster() -> float:
    # twice the squared distances to the cluster's centroid
    pts = [[1.0, 2.0], [2.0, 0.0], [4.0, 1.0]]
    centre = [_mean([p[j] for p in pts]) for j in range(2)]
    return 2 * sum((p[j] - centre[j]) ** 2 for p in pts for j in range(2))


# --- CS229 ------------------------------------------------------------------------------


def _lms() -> list[float]:
    # one gradient step on ½(y − θᵀx)², the gradient taken by central differences
    theta, x, y = [0.5, -0.2], [1.0, 2.0], 1.5

    def loss(t: list[float]) -> float:
        return 0.5 * (y - sum(a * b for a, b in zip(t, x, strict=True))) ** 2

    out = []
    for j in range(2):
        grad = _central(
            lambda v, j=j: loss([v if k == j else theta[k] for k in range(2)]), theta[j]
        )
        out.append(theta[j] - 0.1 * grad)
    return out


def _geometric_margin() -> list[float]:
    # the distance to the foot of the perpendicular on wᵀx + b = 0, signed by correctness
    w, b = [2.0, -1.0], 0.5
    out = []
    for x, y in (([1.0, 0.0], 1.0), ([0.0, 2.0], -1.0), ([2.0, 1.0], 1.0)):
        score = w[0] * x[0] + w[1] * x[1] + b
        t = score / (w[0] ** 2 + w[1] ** 2)
        foot = [x[0] - t * w[0], x[1] - t * w[1]]
        out.append(math.copysign(math.dist(x, foot), y * score))
    return out


def _union() -> list[float]:
    # independent events: inclusion–exclusion for the union, and the bound
    a, b, c = 0.1, 0.05, 0.2
    union = a + b + c - (a * b + a * c + b * c) + a * b * c
    return [union, a + b + c]


def _ica() -> list[list[float]]:
    w = [[1.0, 0.5], [0.2, 1.5]]
    x = [0.3, -0.8]
    det = w[0][0] * w[1][1] - w[0][1] * w[1][0]
    # (Wᵀ)⁻¹ = (W⁻¹)ᵀ; W⁻¹ = [[d, −b], [−c, a]]/det
    inv_t = [[w[1][1] / det, -w[1][0] / det], [-w[0][1] / det, w[0][0] / det]]
    g = [1 / (1 + math.exp(-(w[i][0] * x[0] + w[i][1] * x[1]))) for i in range(2)]
    return [
        [w[i][j] + 0.1 * ((1 - 2 * g[i]) * x[j] + inv_t[i][j]) for j in range(2)] for i in range(2)
    ]


# --- Bishop & Bishop, Deep Learning (2024) ------------------------------------------------


def _backprop() -> list[float]:
    # δ_j = ∂E/∂a_j by central differences, with E = Σ_k δ_k a_k downstream
    w2 = [[0.3, -0.2], [0.8, 0.4], [-0.5, 0.1]]
    d2 = [0.1, -0.3, 0.2]
    a = [0.5, -1.0]

    def energy(av: list[float]) -> float:
        z = [math.tanh(v) for v in av]
        return sum(d2[k] * sum(w2[k][j] * z[j] for j in range(2)) for k in range(3))

    return [
        _central(lambda v, j=j: energy([v if i == j else a[i] for i in range(2)]), a[j])
        for j in range(2)
    ]


def _probit() -> list[float]:
    # Simpson's rule on the standard normal density from −12 to a
    def cdf(a: float, n: int = 4000) -> float:
        lo, h = -12.0, (a + 12.0) / n
        f = [math.exp(-0.5 * (lo + i * h) ** 2) / math.sqrt(2 * math.pi) for i in range(n + 1)]
        return h / 3 * (f[0] + f[-1] + 4 * sum(f[1:-1:2]) + 2 * sum(f[2:-1:2]))

    return [cdf(a) for a in (-1.0, 0.0, 1.5)]


BANK5_C: dict[str, Callable[[], Any]] = {
    "f_statistic": _f_statistic,
    "residual_standard_error": _rse,
    "adjusted_r_squared": _adjusted_r2,
    "t_statistic_coefficient": _t_statistic,
    # Cramer's rule on the normal equations
    "least_squares_simple_coefficients": lambda: list(
        _simple_fit([1.0, 2.0, 4.0, 5.0], [2.0, 3.0, 7.0, 8.0])
    ),
    "variance_inflation_factor": _vif,
    "leverage_statistic": _leverage,
    "loocv_least_squares": _loocv,
    "bootstrap_standard_error": _bootstrap_se,
    "mallows_cp": lambda: (42.0 + 2 * 3 * 0.9) / 50,
    "cost_complexity_pruning": _cost_complexity,
    # classes 0, 1, 2 counted 2, 1, 4 of 7: the majority class misses 3
    "classification_error_rate_tree": lambda: 3 / 7,
    "qda_discriminant": _qda,
    "knn_classifier": _knn,
    "kaplan_meier": _kaplan_meier,
    "cox_proportional_hazards": lambda: [0.05 * math.exp(0.7), 0.05 * math.exp(0.35 - 0.4)],
    "within_cluster_variation": _within_cluster,
    "lms_update": _lms,
    "functional_margin": lambda: [1 * (2 + 0.5), -1 * (-2 + 0.5), 1 * (4 - 1 + 0.5)],
    "geometric_margin": _geometric_margin,
    "union_bound": _union,
    "ica_update": _ica,
    "backprop_delta": _backprop,
    "probit_function": _probit,
}


# --- second pass: ISLR chapters 2, 4, 7, 8, 11, 13; CS229 §4, §6; Bishop §10, §14 ---------


def _hard_margin() -> list[float]:
    # for two points the margin is half their distance d, so ½‖w‖² = ½(2/d)²
    d = math.dist([1.0, 1.0], [-1.0, -1.0])
    return [0.5 * (2 / d) ** 2, 1.0, 1.0]  # both points sit on the margin


def _svm_decision() -> list[float]:
    xs = [[1.0, 2.0], [2.0, 0.5], [-1.0, -1.0]]
    ys, alphas = [1.0, 1.0, -1.0], [0.2, 0.0, 0.3]
    out = []
    for q in ([0.5, 0.5], [-2.0, 1.0]):
        s = -0.1
        for x, y, a in zip(xs, ys, alphas, strict=True):
            s += a * y * (x[0] * q[0] + x[1] * q[1])
        out.append(s)
    return out


def _smoothing_spline() -> float:
    # g(x) = x² on [0, 1]: g'' = 2, so the penalty is λ·∫ 4 dt = 4λ exactly
    rss = sum((y - x * x) ** 2 for x, y in ((0.0, 0.1), (0.5, 0.3), (1.0, 0.9)))
    return rss + 0.1 * 4


def _hazard() -> list[float]:
    # h(t) = −d/dt log S(t) by central differences, Weibull S(t) = exp(−(t/2)^1.5)
    return [_central(lambda s: (s / 2.0) ** 1.5, t) for t in (0.5, 1.0, 3.0)]


def _boosting() -> list[float]:
    y = [1.0, 2.0, 3.0, 5.0]
    f, r = [0.0] * 4, y[:]
    for _ in range(3):
        left, right = (r[0] + r[1]) / 2, (r[2] + r[3]) / 2
        fb = [left, left, right, right]
        f = [a + 0.1 * b for a, b in zip(f, fb, strict=True)]
        r = [a - 0.1 * b for a, b in zip(r, fb, strict=True)]
    return f + r


def _benjamini_hochberg() -> float:
    ps = sorted([0.01, 0.04, 0.03, 0.20, 0.002, 0.6])
    last = 0
    for j, p in enumerate(ps, start=1):
        if p < 0.1 * j / len(ps):
            last = j
    return float(last)


BANK5_C.update(
    {
        # y = 1 0 2 1 1 0 against 1 1 2 0 1 0: two of six differ
        "error_rate": lambda: 2 / 6,
        "hard_margin_svm": _hard_margin,
        # counts 2, 1, 3, 0 of n = 6 over k = 4 outcomes, each plus one, over 6 + 4
        "laplace_smoothing": lambda: [3 / 10, 2 / 10, 4 / 10, 1 / 10],
        "svm_decision_function": _svm_decision,
        "smoothing_spline": _smoothing_spline,
        "truncated_power_basis": lambda: [0.0, 0.0, 0.5**3, 2.5**3],
        "hazard_function": _hazard,
        "boosting_update": _boosting,
        "bagging": lambda: [(1.0 + 1.4 + 0.7 + 1.1) / 4, (2.0 + 1.6 + 2.3 + 2.1) / 4],
        "benjamini_hochberg": _benjamini_hochberg,
    }
)


# --- third pass: survival, multiple testing, learning theory, MDNs, continuous flows -----


def _coefficient_ses() -> list[float]:
    # the diagonal of σ²(XᵀX)⁻¹ with the 2×2 inverse written out
    x = [1.0, 2.0, 4.0, 7.0]
    n, s, ss = len(x), sum(x), sum(v * v for v in x)
    det = n * ss - s * s
    return [1.5 * ss / det, 1.5 * n / det]


def _log_rank() -> float:
    rows = [
        (1.0, 2.0, 10.0, 20.0),
        (0.0, 1.0, 9.0, 17.0),
        (2.0, 2.0, 8.0, 15.0),
        (1.0, 1.0, 5.0, 10.0),
    ]
    num = den = 0.0
    for q1, q, r1, r in rows:
        # hypergeometric: q deaths among r at risk, r1 of them in group 1
        num += q1 - q * r1 / r
        den += q * r1 * (r - r1) * (r - q) / (r * r * (r - 1))
    return num / math.sqrt(den)


def _cox_pl() -> float:
    times, events, xs = [2.0, 3.0, 5.0, 7.0], [1, 0, 1, 1], [0.5, -1.0, 1.0, 0.0]
    log_pl = 0.0
    for t, e, x in zip(times, events, xs, strict=True):
        if e:
            at_risk = [xj for tj, xj in zip(times, xs, strict=True) if tj >= t]
            log_pl += 0.8 * x - math.log(sum(math.exp(0.8 * xj) for xj in at_risk))
    return math.exp(log_pl)


def _holm() -> float:
    ps = sorted([0.01, 0.04, 0.03, 0.20, 0.002, 0.6])
    m = len(ps)
    for j, p in enumerate(ps, start=1):
        if p > 0.1 / (m + 1 - j):
            return float(j)
    return float(m + 1)


def _mdn() -> float:
    total = 0.0
    for pi, mu, var in ((0.3, -1.0, 0.5), (0.7, 0.5, 0.2)):
        total += pi * math.exp(-((0.4 - mu) ** 2) / (2 * var)) / math.sqrt(2 * math.pi * var)
    return total


def _instantaneous_cov() -> float:
    # −tr(∂f/∂z) for f(z) = tanh(Wz), the Jacobian's diagonal by central differences
    w = [[0.5, -1.0], [2.0, 0.3]]
    z = [0.2, -0.4]

    def f(i: int, zz: list[float]) -> float:
        return math.tanh(w[i][0] * zz[0] + w[i][1] * zz[1])

    trace = 0.0
    for i in range(2):
        trace += _central(lambda v, i=i: f(i, [v if k == i else z[k] for k in range(2)]), z[i])
    return -trace


BANK5_C.update(
    {
        "coefficient_standard_errors": _coefficient_ses,
        "log_rank_statistic": _log_rank,
        "cox_partial_likelihood": _cox_pl,
        "holm_procedure": _holm,
        # 0.05 + 2·sqrt(ln(2·1000/0.01)/(2·5000))
        "finite_class_generalization_bound": lambda: 0.05 + 2 * math.sqrt(math.log(200000) / 10000),
        "mixture_density_network": _mdn,
        "instantaneous_change_of_variables": _instantaneous_cov,
    }
)


# --- fourth pass: CV, GAMs, testing, the ML variance's bias, LQR -------------------------


def _k_fold() -> float:
    y = [1.0, 2.0, 4.0, 3.0, 6.0, 5.0]
    total = 0.0
    for fold in range(3):
        held = [y[i] for i in range(6) if i % 3 == fold]
        rest = [y[i] for i in range(6) if i % 3 != fold]
        total += _mean([(v - _mean(rest)) ** 2 for v in held])
    return total / 3


def _two_sample_t() -> float:
    # for two groups t² is one-way ANOVA's F: between-group over within-group mean squares
    a, b = [5.1, 4.8, 6.0, 5.5], [4.2, 4.9, 4.0]
    grand = _mean(a + b)
    between = len(a) * (_mean(a) - grand) ** 2 + len(b) * (_mean(b) - grand) ** 2
    within = sum((v - _mean(a)) ** 2 for v in a) + sum((v - _mean(b)) ** 2 for v in b)
    f = between / (within / (len(a) + len(b) - 2))
    return math.copysign(math.sqrt(f), _mean(a) - _mean(b))


def _ml_variance_bias() -> list[float]:
    # every sample of three Bernoulli(0.3) draws, weighted by its probability
    expected = 0.0
    for sample in itertools.product([0.0, 1.0], repeat=3):
        prob = math.prod(0.3 if v else 0.7 for v in sample)
        m = _mean(list(sample))
        expected += prob * _mean([(v - m) ** 2 for v in sample])
    return [expected, 2 / 3 * 0.21]


def _riccati() -> list[float]:
    # CS229's reward form: Φ_T = −U, then Φ_t = Aᵀ(Φ − ΦB(BᵀΦB − W)⁻¹BᵀΦ)A − U; P = −Φ
    a = [[1.0, 0.1], [0.0, 1.0]]
    b = [0.0, 0.1]
    phi = [[-1.0, 0.0], [0.0, -1.0]]
    for _ in range(3):
        pb = [phi[i][0] * b[0] + phi[i][1] * b[1] for i in range(2)]  # ΦB
        s = b[0] * pb[0] + b[1] * pb[1] - 0.5  # BᵀΦB − W, a scalar
        inner = [[phi[i][j] - pb[i] * pb[j] / s for j in range(2)] for i in range(2)]
        phi = [
            [
                sum(a[k][i] * inner[k][m] * a[m][j] for k in range(2) for m in range(2)) - (i == j)
                for j in range(2)
            ]
            for i in range(2)
        ]
    return [-phi[i][j] for i in range(2) for j in range(2)]


BANK5_C.update(
    {
        "k_fold_cv": _k_fold,
        "generalized_additive_model": lambda: [
            0.5 + 0.0 + 1.0,
            0.5 + math.sin(0.5) + 1.0,
            0.5 + math.sin(1.0) + 4.0,
        ],
        "reducible_irreducible_error": lambda: 0.6**2 + 0.25,
        # |T*| ≥ 2.1 for −2.5, 2.2 and −2.1: three of eight
        "resampling_p_value": lambda: 3 / 8,
        "two_sample_t_statistic": _two_sample_t,
        "ml_variance_bias": _ml_variance_bias,
        "riccati_lqr": _riccati,
    }
)


# --- fifth pass: the SVM Lagrangian, Harrell's C, L_q-penalised least squares --------------


def _svm_lagrangian() -> float:
    xs = [[1.0, 2.0], [2.0, 0.5], [-1.0, -1.0]]
    ys, alphas = [1.0, 1.0, -1.0], [0.2, 0.1, 0.3]
    w, b = [0.4, 0.3], -0.2
    value = 0.5 * (w[0] ** 2 + w[1] ** 2)
    for x, y, a in zip(xs, ys, alphas, strict=True):
        value -= a * (y * (w[0] * x[0] + w[1] * x[1] + b) - 1)
    return value


def _harrell() -> float:
    # event by event: each subject with an event is compared with everyone who outlived it
    times, events, risk = [2.0, 4.0, 5.0, 7.0], [1, 0, 1, 1], [1.2, 0.3, 0.5, 0.7]
    concordant = usable = 0
    for t, e, r in zip(times, events, risk, strict=True):
        if not e:
            continue
        for t2, r2 in zip(times, risk, strict=True):
            if t2 > t:
                usable += 1
                concordant += r > r2
    return concordant / usable


def _lq() -> float:
    rows, t, w = [[1.0, 0.5], [1.0, -1.0], [1.0, 2.0]], [1.0, 0.0, 2.5], [0.3, 0.8]
    sse = sum((ti - (w[0] * r[0] + w[1] * r[1])) ** 2 for r, ti in zip(rows, t, strict=True))
    return 0.5 * sse + 0.2 * (0.3**1.5 + 0.8**1.5)


BANK5_C.update(
    {
        "svm_lagrangian": _svm_lagrangian,
        "harrell_concordance": _harrell,
        "lq_regularised_least_squares": _lq,
    }
)


# --- sixth pass: PCA's reconstruction error, probabilistic PCA, ICA's likelihood ----------


def _pca_reconstruction() -> list[float]:
    # the smallest root of the covariance's characteristic cubic det(λI − S), by bisection
    xs = [[2.0, 0.0, 1.0], [0.0, 1.0, -1.0], [1.0, -1.0, 0.5], [-3.0, 0.0, -0.5]]
    centre = [_mean([x[j] for x in xs]) for j in range(3)]
    s = [
        [_mean([(x[i] - centre[i]) * (x[j] - centre[j]) for x in xs]) for j in range(3)]
        for i in range(3)
    ]
    c2 = s[0][0] + s[1][1] + s[2][2]
    c1 = sum(s[i][i] * s[j][j] - s[i][j] * s[j][i] for i, j in ((0, 1), (0, 2), (1, 2)))
    c0 = _det3(s)

    def char(lam: float) -> float:
        return lam**3 - c2 * lam**2 + c1 * lam - c0

    # scan up from zero to the first sign change, then bisect within that bracket
    lo = -1e-9
    while char(lo + 1e-3) < 0:
        lo += 1e-3
    hi = lo + 1e-3
    for _ in range(100):
        mid = (lo + hi) / 2
        if char(mid) < 0:
            lo = mid
        else:
            hi = mid
    return [lo, lo]


def _ica_ll() -> float:
    w = [[1.0, 0.5], [0.2, 1.5]]
    total = 0.0
    for x in ([0.3, -0.8], [1.0, 0.4], [-0.5, 0.2]):
        for row in w:
            g = 1 / (1 + math.exp(-(row[0] * x[0] + row[1] * x[1])))
            total += math.log(g * (1 - g))
        total += math.log(abs(w[0][0] * w[1][1] - w[0][1] * w[1][0]))
    return total


BANK5_C.update(
    {
        "pca_reconstruction_error": _pca_reconstruction,
        "ica_log_likelihood": _ica_ll,
    }
)
