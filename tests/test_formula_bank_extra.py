"""The extended formula bank (tutor/data/formulas/*.json).

Every reference implementation must give its stored `check`, and `check` must equal a
computation written here a different way: plain-Python loops, closed forms worked by hand,
textbook values, finite differences, or Monte Carlo with a fixed seed.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Callable
from importlib import resources
from typing import Any

import numpy as np
import pytest

from tests.formula_bank3_checks import BANK3
from tests.formula_bank5_c_checks import BANK5_C
from tests.test_formula_bank import run_reference
from tutor.latex.macros import macros_for
from tutor.latex.parser import parse
from tutor.offline.bank import Formula, formula_bank, recognise
from tutor.tools.numpy_exec import check_code, run_numpy


def _extra_files() -> dict[str, list[dict[str, Any]]]:
    folder = resources.files("tutor.data").joinpath("formulas")
    return {
        part.name: json.loads(part.read_text("utf-8"))["formulas"]
        for part in folder.iterdir()
        if part.name.endswith(".json")
    }


FILES = _extra_files()
EXTRA = [Formula.model_validate(raw) for entries in FILES.values() for raw in entries]


# --- small plain-Python helpers -------------------------------------------------------


def sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def softmax(z: list[float]) -> list[float]:
    e = [math.exp(v) for v in z]
    return [v / sum(e) for v in e]


def dot(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def matvec(m: list[list[float]], v: list[float]) -> list[float]:
    return [dot(row, v) for row in m]


def vecmat(v: list[float], m: list[list[float]]) -> list[float]:
    return [sum(v[i] * m[i][j] for i in range(len(v))) for j in range(len(m[0]))]


def mean(xs: list[float]) -> float:
    return sum(xs) / len(xs)


class Approx:
    """An independent value known only to a tolerance (Monte Carlo, quadrature)."""

    def __init__(self, value: Any, atol: float) -> None:
        self.value, self.atol = value, atol


# --- activations ----------------------------------------------------------------------


def _swiglu() -> list[float]:
    x = [1.0, -1.0]
    a = vecmat(x, [[1.0, 0.5], [0.0, 1.0]])
    b = vecmat(x, [[2.0, 0.0], [1.0, 1.0]])
    h = [ai * sigmoid(ai) * bi for ai, bi in zip(a, b, strict=True)]
    return [h[0] * 1.0 + h[1] * -1.0]


def _sparsemax() -> list[float]:
    # the projection onto the simplex: find tau by bisection so sum(max(z - tau, 0)) = 1
    z = [1.0, 0.8, 0.1]
    lo, hi = min(z) - 1, max(z)
    for _ in range(200):
        tau = (lo + hi) / 2
        if sum(max(v - tau, 0) for v in z) > 1:
            lo = tau
        else:
            hi = tau
    return [max(v - tau, 0) for v in z]


def _selu(x: float) -> float:
    # textbook constants from Klambauer et al. (2017), written to 10 digits
    lam, alpha = 1.0507009874, 1.6732632424
    return lam * x if x > 0 else lam * alpha * (math.exp(x) - 1)


# --- normalisation, attention, sequence -----------------------------------------------


def _rope() -> list[float]:
    # each pair is a complex number multiplied by e^{i m theta}
    out: list[float] = []
    for k, (a, b) in enumerate(((1.0, 2.0), (3.0, 4.0))):
        theta = 10000 ** (-2 * k / 4)
        z = complex(a, b) * complex(math.cos(2 * theta), math.sin(2 * theta))
        out += [z.real, z.imag]
    return out


def _causal() -> list[list[float]]:
    q = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]
    rows = []
    for i, qi in enumerate(q):
        allowed = softmax([dot(qi, q[j]) / math.sqrt(2) for j in range(i + 1)])
        rows.append(allowed + [0.0] * (len(q) - i - 1))
    return rows


def _additive() -> list[float]:
    s = [1.0, 0.0]
    hs = [[1.0, 2.0], [0.0, 1.0], [-1.0, 0.0]]
    e = [math.tanh(s[0] + 0.5 * h[0]) + math.tanh(s[1] - 0.5 * h[1]) for h in hs]
    a = softmax(e)
    return [sum(a[j] * hs[j][c] for j in range(3)) for c in range(2)]


def _linear_attention() -> list[float]:
    def phi(v: float) -> float:
        return v + 1 if v > 0 else math.exp(v)

    qs, ks, vs = [[1.0, -1.0], [0.0, 2.0]], [[0.5, 0.0], [-1.0, 1.0]], [1.0, 3.0]
    out = []
    for q in qs:
        sims = [dot([phi(a) for a in q], [phi(b) for b in k]) for k in ks]
        out.append(dot(sims, vs) / sum(sims))
    return out


def _ffn() -> list[float]:
    w1 = [[1.0, -1.0, 0.5], [0.0, 1.0, 1.0]]
    b1, w2 = [0.0, 0.5, -1.0], [1.0, 2.0, -1.0]
    out = []
    for x in ([1.0, 2.0], [-1.0, 0.5]):
        hidden = [max(0.0, v + b) for v, b in zip(vecmat(x, w1), b1, strict=True)]
        out.append(dot(hidden, w2) + 0.1)
    return out


def _prenorm() -> list[float]:
    x = [1.0, 2.0, 4.0]
    mu = 7 / 3
    sd = math.sqrt(sum((v - mu) ** 2 for v in x) / 3 + 1e-5)
    n = [(v - mu) / sd for v in x]
    return [x[0] + n[1], x[1] + n[0], x[2] + 2 * n[2]]


def _rnn() -> list[float]:
    h = [0.0, 0.0]
    for x in (1.0, 0.5):
        h = [
            math.tanh(0.0 + 0.5 * h[0] - 0.5 * h[1] + x),
            math.tanh(0.1 + 0.2 * h[0] + 0.1 * h[1] - x),
        ]
    return h


def _lstm() -> list[float]:
    h, x, c = 0.2, 0.5, 1.0
    f = sigmoid(0.5 * h + 1.0 * x + 1.0)
    i = sigmoid(h - x)
    o = sigmoid(2 * x)
    g = math.tanh(h + x)
    c = f * c + i * g
    return [o * math.tanh(c), c]


def _gru() -> list[float]:
    x, h = 1.0, 0.5
    z = sigmoid(x - h)
    r = sigmoid(2 * x + h)
    candidate = math.tanh(x + 3 * r * h)
    return [z * candidate + (1 - z) * h]


def _top_k() -> list[float]:
    kept = softmax([2.0, 1.0])
    return [kept[0], 0.0, kept[1], 0.0]


# --- losses ---------------------------------------------------------------------------


def _label_smoothing() -> float:
    p = softmax([2.0, 1.0, 0.1])
    q = [0.9 + 0.1 / 3, 0.1 / 3, 0.1 / 3]
    return -sum(qi * math.log(pi) for qi, pi in zip(q, p, strict=True))


def _nt_xent() -> float:
    z = [[1.0, 0.0], [0.8, 0.6], [0.0, 1.0], [-0.6, 0.8]]  # already unit vectors
    total = 0.0
    for i in range(4):
        partner = i + 1 if i % 2 == 0 else i - 1
        denominator = sum(math.exp(dot(z[i], z[k]) / 0.5) for k in range(4) if k != i)
        total += -math.log(math.exp(dot(z[i], z[partner]) / 0.5) / denominator)
    return total / 4


def _clip() -> float:
    def unit(v: list[float]) -> list[float]:
        n = math.hypot(*v)
        return [x / n for x in v]

    images = [unit([1.0, 0.0]), unit([0.0, 2.0])]
    texts = [unit([3.0, 4.0]), unit([-1.0, 1.0])]
    s = [[dot(i, t) for t in texts] for i in images]
    image_to_text = mean([-math.log(softmax(s[i])[i]) for i in range(2)])
    text_to_image = mean([-math.log(softmax([s[0][j], s[1][j]])[j]) for j in range(2)])
    return (image_to_text + text_to_image) / 2


def _smooth_l1(a: float, beta: float) -> float:
    return 0.5 * a * a / beta if abs(a) < beta else abs(a) - 0.5 * beta


def _distillation() -> float:
    student, teacher = [1.0, 0.0, -1.0], [2.0, 1.0, -2.0]
    hard = -math.log(softmax(student)[0])
    p = softmax([z / 2 for z in teacher])
    q = softmax([z / 2 for z in student])
    kl = sum(pi * (math.log(pi) - math.log(qi)) for pi, qi in zip(p, q, strict=True))
    return 0.5 * hard + 0.5 * 4 * kl


def _nce() -> float:
    # log sigma(x) = -log(1 + e^-x) and log(1 - sigma(x)) = -log(1 + e^x)
    data = [-1.0 + math.log(2), -0.5 + math.log(2)]
    noise = [-3.0 + math.log(2), -2.0 + math.log(2)]
    return mean([-math.log1p(math.exp(-x)) for x in data]) + 2 * mean(
        [-math.log1p(math.exp(x)) for x in noise]
    )


# --- optimisers -----------------------------------------------------------------------


def _nesterov_as_pytorch_writes_it() -> float:
    # PyTorch tracks the look-ahead point phi = theta + mu v and a buffer b = -v / lr
    lr, mu, phi, b = 0.1, 0.9, 5.0, 0.0
    for _ in range(3):
        g = 2 * phi
        b = mu * b + g
        phi -= lr * (g + mu * b)
    return phi + mu * lr * b


def _rmsprop() -> float:
    theta, r = 1.0, 0.0
    for _ in range(2):
        g = 2 * theta
        r = 0.9 * r + 0.1 * g * g
        theta -= 0.1 * g / math.sqrt(1e-6 + r)
    return theta


def _adagrad() -> float:
    theta, r = 1.0, 0.0
    for _ in range(3):
        g = 2 * theta
        r += g * g
        theta -= 0.5 * g / (1e-7 + math.sqrt(r))
    return theta


def _adamw_pytorch_order() -> float:
    theta, m, v = 1.0, 0.0, 0.0
    for t in (1, 2):
        g = 2 * theta
        theta *= 1 - 0.1 * 0.1  # decay first, with the learning rate folded in
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        theta -= 0.1 * (m / (1 - 0.9**t)) / (math.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return theta


def _adadelta() -> float:
    x, eg2, edx2 = 1.0, 0.0, 0.0
    for _ in range(2):
        g = 2 * x
        eg2 = 0.9 * eg2 + 0.1 * g * g
        dx = -math.sqrt(edx2 + 1e-6) / math.sqrt(eg2 + 1e-6) * g
        edx2 = 0.9 * edx2 + 0.1 * dx * dx
        x += dx
    return x


def _adamax() -> float:
    theta, m, u = 1.0, 0.0, 0.0
    for t in (1, 2):
        g = 2 * theta
        m = 0.9 * m + 0.1 * g
        u = max(0.999 * u, abs(g))
        theta -= 0.1 / (1 - 0.9**t) * m / u
    return theta


def _amsgrad() -> list[float]:
    x = m = v = v_hat = 0.0
    for g in (3.0, 0.1, 0.1):
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        v_hat = max(v_hat, v)
        x -= 0.1 * m / math.sqrt(v_hat)
    return [x, v_hat]


def _lion() -> list[float]:
    out = []
    for theta in (1.0, -0.15):
        m = 0.0
        for _ in range(3):
            g = 2 * theta
            c = 0.9 * m + 0.1 * g
            theta -= 0.1 * (1 if c > 0 else -1 if c < 0 else 0)
            m = 0.99 * m + 0.01 * g
        out.append(theta)
    return out


def _sam() -> list[float]:
    r = math.sqrt(40)
    w = [1 + 0.5 * 2 / r, 1 + 0.5 * 6 / r]
    return [2 * w[0], 6 * w[1] ** 2]


# --- generative models ----------------------------------------------------------------


def _gaussian_posterior_mean_var(x_t: float, x_0: float) -> tuple[float, float]:
    # Bayes: q(x_{t-1} | x_t, x_0) is proportional to q(x_t | x_{t-1}) q(x_{t-1} | x_0), with
    # alpha_t = 0.7, beta_t = 0.3 and alpha-bar_{t-1} = 0.9 * 0.8 = 0.72
    precision = 0.7 / 0.3 + 1 / 0.28
    mean_ = (math.sqrt(0.7) * x_t / 0.3 + math.sqrt(0.72) * x_0 / 0.28) / precision
    return mean_, 1 / precision


def _ddpm_step() -> list[float]:
    abar = 0.9 * 0.8 * 0.7
    x0_hat = (0.3 - math.sqrt(1 - abar) * 0.5) / math.sqrt(abar)
    m, _ = _gaussian_posterior_mean_var(0.3, x0_hat)
    return [m, m + math.sqrt(0.3)]


def _ddim() -> list[float]:
    a_t, a_prev, x, e = 0.5, 0.8, 0.5, 0.2
    deterministic = (
        math.sqrt(a_prev / a_t) * x
        + (math.sqrt(1 - a_prev) - math.sqrt(a_prev * (1 - a_t) / a_t)) * e
    )
    var = (1 - a_prev) / (1 - a_t) * (1 - a_t / a_prev)
    x0 = (x - math.sqrt(1 - a_t) * e) / math.sqrt(a_t)
    stochastic = math.sqrt(a_prev) * x0 + math.sqrt(1 - a_prev - var) * e - math.sqrt(var)
    return [deterministic, stochastic]


def _score_matching() -> float:
    def s(x: float) -> float:
        return -0.5 * x

    h = 1e-5
    return mean([(s(x + h) - s(x - h)) / (2 * h) + 0.5 * s(x) ** 2 for x in (-1.0, 0.5, 2.0)])


def _dsm() -> float:
    total = 0.0
    for x, n in (([1.0, 0.0], [0.5, -0.5]), ([0.0, -1.0], [1.0, 0.0])):
        noisy = [a + 0.5 * b for a, b in zip(x, n, strict=True)]
        total += sum((-v + b / 0.5) ** 2 for v, b in zip(noisy, n, strict=True))
    return 0.5 * total / 2


def _wgan_gp() -> float:
    def critic(v: list[float]) -> float:
        return sum(a * a for a in v)

    h, penalties = 1e-6, []
    for real, fake, eps in (([1.0, 0.0], [0.0, 0.0], 0.5), ([0.0, 2.0], [1.0, 1.0], 0.25)):
        x = [eps * r + (1 - eps) * f for r, f in zip(real, fake, strict=True)]
        grad = [
            (critic([*x[:i], x[i] + h, *x[i + 1 :]]) - critic([*x[:i], x[i] - h, *x[i + 1 :]]))
            / (2 * h)
            for i in range(2)
        ]
        penalties.append((math.hypot(*grad) - 1) ** 2)
    return 10 * mean(penalties)


def _gan_gradients() -> list[float]:
    h, a = 1e-6, -5.0

    def saturating(x: float) -> float:
        return math.log(1 - sigmoid(x))

    def non_saturating(x: float) -> float:
        return -math.log(sigmoid(x))

    return [(f(a + h) - f(a - h)) / (2 * h) for f in (saturating, non_saturating)]


def _jsd_value() -> float:
    p, q = [0.5, 0.3, 0.2], [0.2, 0.3, 0.5]
    m = [(a + b) / 2 for a, b in zip(p, q, strict=True)]
    jsd = 0.5 * sum(a * math.log(a / c) for a, c in zip(p, m, strict=True)) + 0.5 * sum(
        b * math.log(b / c) for b, c in zip(q, m, strict=True)
    )
    return -math.log(4) + 2 * jsd


def _langevin() -> float:
    x = 3.0
    for z in (0.5, -1.0, 0.0):
        x = x - 0.05 * (x - 1.0) + math.sqrt(0.1) * z
    return x


def _cosine_betas() -> list[float]:
    def f(t: int) -> float:
        return math.cos((t / 4 + 0.008) / 1.008 * math.pi / 2) ** 2

    return [min(1 - f(t) / f(t - 1), 0.999) for t in range(1, 5)]


# --- reinforcement learning -----------------------------------------------------------

# the two-state, two-action MDP of rl.json: P[s][a][s'], expected rewards R[s][a]
P = [[[0.8, 0.2], [0.1, 0.9]], [[0.5, 0.5], [0.0, 1.0]]]
R = [[1.0, 0.0], [0.0, 2.0]]
PI = [[0.5, 0.5], [0.2, 0.8]]
GAMMA = 0.9


def _policy_evaluation_by_sweeps() -> list[float]:
    v = [0.0, 0.0]
    for _ in range(3000):
        v = [
            sum(
                PI[s][a] * (R[s][a] + GAMMA * sum(P[s][a][t] * v[t] for t in range(2)))
                for a in range(2)
            )
            for s in range(2)
        ]
    return v


def _q_evaluation_by_sweeps() -> list[list[float]]:
    q = [[0.0, 0.0], [0.0, 0.0]]
    for _ in range(3000):
        q = [
            [
                R[s][a]
                + GAMMA
                * sum(P[s][a][t] * sum(PI[t][b] * q[t][b] for b in range(2)) for t in range(2))
                for a in range(2)
            ]
            for s in range(2)
        ]
    return q


def _best_deterministic_policy_values() -> list[float]:
    # v* is the best of the four deterministic policies' values, each from a 2x2 solve
    best = [-math.inf, -math.inf]
    for a0 in range(2):
        for a1 in range(2):
            acts = (a0, a1)
            m = [[(s == t) - GAMMA * P[s][acts[s]][t] for t in range(2)] for s in range(2)]
            r = [R[s][acts[s]] for s in range(2)]
            det = m[0][0] * m[1][1] - m[0][1] * m[1][0]
            v = [(r[0] * m[1][1] - m[0][1] * r[1]) / det, (m[0][0] * r[1] - r[0] * m[1][0]) / det]
            best = [max(b, x) for b, x in zip(best, v, strict=True)]
    return best


def _optimal_q() -> list[list[float]]:
    v = _best_deterministic_policy_values()
    return [
        [R[s][a] + GAMMA * sum(P[s][a][t] * v[t] for t in range(2)) for a in range(2)]
        for s in range(2)
    ]


def _lambda_returns_by_weights() -> list[float]:
    # the episodic definition: (1 - lam) sum_n lam^(n-1) G_{t:t+n} + lam^(T-t-1) G_t
    rewards, values, gamma, lam = [1.0, 0.0, 2.0], [0.5, 1.0, 1.5], 0.9, 0.8
    big_t = len(rewards)

    def n_step(t: int, n: int) -> float:
        g = sum(gamma**k * rewards[t + k] for k in range(min(n, big_t - t)))
        return g + (gamma**n * values[t + n] if t + n < big_t else 0.0)

    out = []
    for t in range(big_t):
        horizon = big_t - t
        g = (1 - lam) * sum(lam ** (n - 1) * n_step(t, n) for n in range(1, horizon))
        out.append(g + lam ** (horizon - 1) * n_step(t, horizon))
    return out


def _reinforce() -> list[float]:
    theta = [0.0, 1.0, -1.0]
    h = 1e-6

    def log_pi(th: list[float]) -> float:
        return th[0] - math.log(sum(math.exp(x) for x in th))

    grad = []
    for i in range(3):
        up = [x + (h if j == i else 0) for j, x in enumerate(theta)]
        down = [x - (h if j == i else 0) for j, x in enumerate(theta)]
        grad.append((log_pi(up) - log_pi(down)) / (2 * h))
    return [x + 0.1 * (3.0 - 1.0) * g for x, g in zip(theta, grad, strict=True)]


def _log_sigmoid_loss(margins: list[float]) -> float:
    return mean([math.log(1 + math.exp(-m)) for m in margins])


def _trpo() -> list[float]:
    surrogate = (0.6 / 0.5 * 1.0 + 0.3 / 0.2 * 2.0) / 2
    kl = (
        0.5 * math.log(0.5 / 0.6)
        + 0.5 * math.log(0.5 / 0.4)
        + 0.8 * math.log(0.8 / 0.7)
        + 0.2 * math.log(0.2 / 0.3)
    ) / 2
    return [surrogate, kl]


def _ucb() -> list[float]:
    scores = [q + 2 * math.sqrt(math.log(52) / n) for q, n in ((1.0, 10), (1.2, 40), (0.4, 2))]
    return [*scores, float(scores.index(max(scores)))]


# --- probability, information theory, mixtures ----------------------------------------

JOINT = [[0.3, 0.1], [0.2, 0.4]]  # p(x, y), rows x


def entropy(ps: list[float]) -> float:
    return -sum(p * math.log(p) for p in ps if p > 0)


def _covariance() -> list[list[float]]:
    xs, ys = [1.0, 2.0, 3.0, 6.0], [2.0, 1.0, 5.0, 4.0]
    n = len(xs)

    def cov(a: list[float], b: list[float]) -> float:
        # E[ab] - E[a]E[b], rescaled to the unbiased n - 1 denominator
        return (mean([x * y for x, y in zip(a, b, strict=True)]) - mean(a) * mean(b)) * n / (n - 1)

    return [[cov(xs, xs), cov(xs, ys)], [cov(ys, xs), cov(ys, ys)]]


def _pearson(xs: list[float], ys: list[float]) -> float:
    mx, my = mean(xs), mean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy)


def _jsd_by_entropies(p: list[float], q: list[float]) -> float:
    m = [(a + b) / 2 for a, b in zip(p, q, strict=True)]
    return entropy(m) - (entropy(p) + entropy(q)) / 2


def _mutual_information() -> float:
    px = [sum(row) for row in JOINT]
    py = [JOINT[0][j] + JOINT[1][j] for j in range(2)]
    return entropy(px) + entropy(py) - entropy([p for row in JOINT for p in row])


def _conditional_entropy() -> float:
    return entropy([p for row in JOINT for p in row]) - entropy([sum(row) for row in JOINT])


def _map_by_ternary_search() -> float:
    def log_posterior(theta: float) -> float:
        return -sum((x - theta) ** 2 for x in (2.0, 4.0, 9.0)) / 8 - theta**2 / 2

    lo, hi = -10.0, 10.0
    for _ in range(200):
        a, b = lo + (hi - lo) / 3, hi - (hi - lo) / 3
        if log_posterior(a) < log_posterior(b):
            lo = a
        else:
            hi = b
    return (lo + hi) / 2


def _mvn_2d() -> float:
    # Sigma = [[2, .5], [.5, 1]]: determinant 1.75, inverse [[1, -.5], [-.5, 2]] / 1.75
    d = [1.0, -1.0]
    quad = (d[0] * d[0] - 2 * 0.5 * d[0] * d[1] + 2 * d[1] * d[1]) / 1.75
    return math.exp(-quad / 2) / (2 * math.pi * math.sqrt(1.75))


def _condition_by_precision() -> list[float]:
    # the same conditional read off the precision matrix Lambda = Sigma^-1
    sigma = np.array([[2.0, 0.6, 0.2], [0.6, 1.0, 0.3], [0.2, 0.3, 1.5]])
    lam = np.linalg.inv(sigma)
    shift = np.array([2.0 - 1.0, 0.0 + 1.0])
    return [0.0 - float(lam[0, 1:] @ shift) / lam[0, 0], 1 / lam[0, 0]]


def _beta_by_quadrature() -> list[float]:
    n = 100_000
    grid = [(i + 0.5) / n for i in range(n)]
    dens = [m**8 * (1 - m) ** 4 for m in grid]
    posterior_mean = sum(m * d for m, d in zip(grid, dens, strict=True)) / sum(dens)
    mode = grid[dens.index(max(dens))]
    return [posterior_mean, mode]


def _beta_pdf_by_quadrature() -> list[float]:
    # Beta(2, 3): normalise mu (1 - mu)^2 numerically instead of with Gamma functions
    n = 100_000
    z = sum(((i + 0.5) / n) * (1 - (i + 0.5) / n) ** 2 for i in range(n)) / n
    return [m * (1 - m) ** 2 / z for m in (0.25, 0.5, 0.9)]


def _normal_2d(x: list[float], mu: list[float], var: float) -> float:
    d2 = sum((a - b) ** 2 for a, b in zip(x, mu, strict=True))
    return math.exp(-d2 / (2 * var)) / (2 * math.pi * var)


GMM_X = [[0.0, 0.0], [1.0, 0.5], [4.0, 4.0], [5.0, 3.5]]


def _responsibilities() -> list[float]:
    out = []
    for x in GMM_X:
        a = 0.5 * _normal_2d(x, [0.0, 0.0], 1.0)
        b = 0.5 * _normal_2d(x, [4.0, 4.0], 2.0)
        out.append(a / (a + b))
    return out


def _m_step() -> list[float]:
    r0 = [0.9, 0.8, 0.1, 0.0]
    r1 = [0.1, 0.2, 0.9, 1.0]
    n0, n1 = sum(r0), sum(r1)
    mu0 = [sum(r * x[c] for r, x in zip(r0, GMM_X, strict=True)) / n0 for c in range(2)]
    mu1 = [sum(r * x[c] for r, x in zip(r1, GMM_X, strict=True)) / n1 for c in range(2)]
    cov0 = [
        sum(r * (x[i] - mu0[i]) * (x[j] - mu0[j]) for r, x in zip(r0, GMM_X, strict=True)) / n0
        for i in range(2)
        for j in range(2)
    ]
    return [n0 / 4, n1 / 4, *mu0, *mu1, *cov0]


def _gmm_log_likelihood() -> float:
    return sum(
        math.log(0.5 * _normal_2d(x, [0.0, 0.0], 1.0) + 0.5 * _normal_2d(x, [4.0, 4.0], 2.0))
        for x in GMM_X
    )


def _gmm_density() -> float:
    x = [1.0, 0.5]
    return 0.5 * _normal_2d(x, [0.0, 0.0], 1.0) + 0.5 * _normal_2d(x, [4.0, 4.0], 2.0)


# --- linear algebra, kernels, metrics -------------------------------------------------


def _numerical_gradient(f: Callable[[list[float]], float], x: list[float]) -> list[float]:
    h, out = 1e-6, []
    for i in range(len(x)):
        up = [v + (h if j == i else 0.0) for j, v in enumerate(x)]
        down = [v - (h if j == i else 0.0) for j, v in enumerate(x)]
        out.append((f(up) - f(down)) / (2 * h))
    return out


def _composite(x: list[float]) -> float:
    y0, y1 = x[0] * x[1], math.sin(x[0]) + x[1] ** 2
    return y0**2 + 3 * y1


def _simple_regression() -> list[float]:
    xs, ys = [1.0, 2.0, 3.0, 4.0], [2.0, 3.0, 5.0, 6.0]
    mx, my = mean(xs), mean(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )
    return [my - slope * mx, slope]


def _solve_2x2(a: list[list[float]], b: list[float]) -> list[float]:
    det = a[0][0] * a[1][1] - a[0][1] * a[1][0]
    return [(b[0] * a[1][1] - a[0][1] * b[1]) / det, (a[0][0] * b[1] - b[0] * a[1][0]) / det]


def _lasso_by_search(z: float, lam: float = 1.0) -> float:
    lo, hi = -10.0, 10.0
    for _ in range(200):
        a, b = lo + (hi - lo) / 3, hi - (hi - lo) / 3
        if 0.5 * (z - a) ** 2 + lam * abs(a) > 0.5 * (z - b) ** 2 + lam * abs(b):
            lo = a
        else:
            hi = b
    return (lo + hi) / 2


def _logistic_nll(w: list[float]) -> float:
    rows, labels = [[1.0, 2.0], [1.0, -1.0], [1.0, 0.5]], [1.0, 0.0, 1.0]
    total = 0.0
    for x, y in zip(rows, labels, strict=True):
        p = sigmoid(dot(w, x))
        total -= y * math.log(p) + (1 - y) * math.log(1 - p)
    return total / 3


def _eigenvalues_2x2(a: float, b: float, d: float) -> list[float]:
    # the symmetric matrix [[a, b], [b, d]], largest first
    mid, rad = (a + d) / 2, math.sqrt(((a - d) / 2) ** 2 + b * b)
    return [mid + rad, mid - rad]


def _pca() -> list[float]:
    pts = [(2.0, 0.0), (0.0, 2.0), (3.0, 3.0), (-1.0, -1.0)]
    mx, my = mean([p[0] for p in pts]), mean([p[1] for p in pts])
    sxx = mean([(p[0] - mx) ** 2 for p in pts])
    sxy = mean([(p[0] - mx) * (p[1] - my) for p in pts])
    syy = mean([(p[1] - my) ** 2 for p in pts])
    big, small = _eigenvalues_2x2(sxx, sxy, syy)
    # the top eigenvector of [[a, b], [b, a]] with b > 0 is (1, 1) / sqrt(2)
    return [big / (big + small), small / (big + small), 1 / math.sqrt(2)]


def _svd() -> list[float]:
    # A = [[3, 0], [4, 5]]: A^T A = [[25, 20], [20, 25]]
    big, small = _eigenvalues_2x2(25.0, 20.0, 25.0)
    return [math.sqrt(big), math.sqrt(small), math.sqrt(small)]


def _softmax_jacobian_fd() -> list[float]:
    z = [1.0, 2.0, 0.5]
    rows = []
    for i in range(3):
        rows += _numerical_gradient(lambda v, i=i: softmax(v)[i], z)
    return rows


def _frobenius() -> list[float]:
    a = [[1.0, -2.0], [3.0, 0.5]]
    fro = math.sqrt(sum(v * v for row in a for v in row))
    ata = [[sum(a[k][i] * a[k][j] for k in range(2)) for j in range(2)] for i in range(2)]
    return [fro, math.sqrt(_eigenvalues_2x2(ata[0][0], ata[0][1], ata[1][1])[0])]


def _gp_parts() -> tuple[list[list[float]], list[float], list[float]]:
    e = math.exp(-0.5)
    k = [[1.1, e], [e, 1.1]]
    det = 1.1 * 1.1 - e * e
    inv = [[1.1 / det, -e / det], [-e / det, 1.1 / det]]
    k_star = [math.exp(-(0.25**2) / 2), math.exp(-(0.75**2) / 2)]
    return inv, k_star, [k[0][0] * k[1][1] - k[0][1] * k[1][0]]


def _gp_mean() -> list[float]:
    inv, k_star, _ = _gp_parts()
    return [dot(k_star, matvec(inv, [1.0, -1.0]))]


def _gp_var() -> list[float]:
    inv, k_star, _ = _gp_parts()
    return [1.0 - dot(k_star, matvec(inv, k_star))]


def _gp_lml() -> float:
    inv, _, (det,) = _gp_parts()
    y = [1.0, -1.0]
    return -0.5 * dot(y, matvec(inv, y)) - 0.5 * math.log(det) - math.log(2 * math.pi)


def _matern_by_bessel(r: float, length: float = 1.5) -> float:
    # the general Matern form with nu = 3/2, K_{3/2}(z) = sqrt(pi / 2z) e^-z (1 + 1/z)
    if r == 0:
        return 1.0
    nu, z = 1.5, math.sqrt(3.0) * r / length
    bessel = math.sqrt(math.pi / (2 * z)) * math.exp(-z) * (1 + 1 / z)
    return 2 ** (1 - nu) / math.gamma(nu) * z**nu * bessel


def _poly_by_features() -> float:
    def phi(v: list[float]) -> list[float]:
        r2 = math.sqrt(2)
        return [v[0] ** 2, v[1] ** 2, r2 * v[0] * v[1], r2 * v[0], r2 * v[1], 1.0]

    return dot(phi([1.0, 2.0]), phi([0.5, -1.0]))


Y_TRUE = [1, 1, 1, 0, 0, 0, 1, 0]
Y_PRED = [1, 0, 1, 1, 0, 0, 1, 1]


def _counts() -> tuple[int, int, int]:
    pairs = list(zip(Y_TRUE, Y_PRED, strict=True))
    return pairs.count((1, 1)), pairs.count((0, 1)), pairs.count((1, 0))


def _f_scores() -> list[float]:
    tp, fp, fn = _counts()
    f1 = 2 * tp / (2 * tp + fp + fn)
    p, r = tp / (tp + fp), tp / (tp + fn)
    return [f1, 1 / (0.8 / r + 0.2 / p)]  # F_beta as a weighted harmonic mean, alpha = 1/(1+beta^2)


def _ece() -> float:
    low = abs(mean([0.0, 1.0]) - mean([0.3, 0.4]))
    high = abs(mean([1.0, 0.0, 1.0, 1.0]) - mean([0.9, 0.8, 0.95, 0.6]))
    return 2 / 6 * low + 4 / 6 * high


def _r2(ys: list[float], preds: list[float]) -> float:
    m = mean(ys)
    rss = sum((y - p) ** 2 for y, p in zip(ys, preds, strict=True))
    return 1 - rss / sum((y - m) ** 2 for y in ys)


def _elo() -> list[float]:
    # Bradley-Terry with natural-log strengths xi = R ln(10) / 400
    expected = sigmoid((1600 - 1400) * math.log(10) / 400)
    return [expected, 1600 - 32 * expected, 1400 + 32 * expected]


# --- the last additions ---------------------------------------------------------------


def _bandit_gradient_fd() -> list[float]:
    q = [1.0, 0.5, 2.0]
    return _numerical_gradient(lambda th: dot(softmax(th), q), [0.0, 1.0, -1.0])


def _gumbel_max() -> Approx:
    return Approx([0.2, 0.5, 0.3], 0.02)  # argmax frequencies are the probabilities


def _f_beta() -> float:
    tp, fp, fn = _counts()
    p, r = tp / (tp + fp), tp / (tp + fn)
    return 1 / (0.8 / r + 0.2 / p)  # a weighted harmonic mean, alpha = 1/(1+beta^2), beta = 2


def _gumbel() -> Approx:
    # the soft sample worked by hand, then the Gumbel-max trick: argmax frequencies are pi
    pi = [0.2, 0.5, 0.3]
    z = [
        (math.log(p) - math.log(-math.log(u))) / 0.5
        for p, u in zip(pi, (0.9, 0.2, 0.5), strict=True)
    ]
    return Approx(softmax(z) + pi, 0.02)


def _mixup() -> list[float]:
    p = softmax([2.0, 0.5, -1.0])
    return [0.7, 0.6, 0.7 * -math.log(p[0]) + 0.3 * -math.log(p[2])]


def _temperature() -> Approx:
    logits = [[4.0, 0.0], [3.0, 1.0], [0.0, 2.0], [2.5, 0.0]]
    labels = [0, 1, 1, 0]

    def nll(t: float) -> float:
        return sum(
            -math.log(softmax([z / t for z in row])[y])
            for row, y in zip(logits, labels, strict=True)
        )

    lo, hi = 0.5, 5.0
    for _ in range(200):
        a, b = lo + (hi - lo) / 3, hi - (hi - lo) / 3
        if nll(a) > nll(b):
            lo = a
        else:
            hi = b
    t = (lo + hi) / 2
    return Approx([t, nll(t)], 0.002)


INDEPENDENT: dict[str, Callable[[], Any]] = {
    # activations
    "silu": lambda: [x * sigmoid(x) for x in (-2.0, 0.0, 1.0)],
    "swiglu": _swiglu,
    "glu": lambda: [1.0 * sigmoid(0.0), 2.0 * sigmoid(-1.0)],
    "elu": lambda: [math.exp(-2.0) - 1, math.exp(-0.5) - 1, 0.0, 1.5],
    "leaky_relu": lambda: [-0.3, 0.0, 2.0],
    "selu": lambda: [_selu(x) for x in (-1.0, 0.0, 2.0)],
    "mish": lambda: [
        x * math.tanh(math.log(1 + math.exp(x))) if x < 50 else x for x in (-1.0, 0.0, 1.0, 800.0)
    ],
    "sparsemax": _sparsemax,
    # normalisation
    "groupnorm": lambda: (
        [(v - 2.5) / math.sqrt(1.25 + 1e-5) for v in (1, 2, 3, 4)]
        + [v / math.sqrt(1 + 1e-5) for v in (-1, -1, 1, 1)]
    ),
    "instancenorm": lambda: [
        -1 / math.sqrt(1 + 1e-5),
        1 / math.sqrt(1 + 1e-5),
        -5 / math.sqrt(25 + 1e-5),
        5 / math.sqrt(25 + 1e-5),
    ],
    "batchnorm_running": lambda: [0.1 * 3.0, 0.9 + 0.1 * (4 + 1 + 0 + 9) / 3],
    "weight_norm": lambda: [2 * 3 / 5, 2 * 4 / 5],
    # sigma_max of [[2, 1], [0, 1]]: W^T W has trace 6 and determinant 4
    "spectral_norm": lambda: math.sqrt(3 + math.sqrt(5)),
    # attention
    "rope": _rope,
    "causal_mask": _causal,
    "alibi": lambda: softmax([1.0 - 1.0, 0.0 - 0.5, 1.0]),
    "additive_attention": _additive,
    "linear_attention": _linear_attention,
    "transformer_ffn": _ffn,
    "prenorm_residual": _prenorm,
    # sequence
    "rnn_cell": _rnn,
    "lstm": _lstm,
    "gru": _gru,
    "top_p": lambda: [0.0, 0.5 / 0.85, 0.0, 0.2 / 0.85, 0.15 / 0.85],
    "top_k": _top_k,
    "beam_length_penalty": lambda: [-1.0 / (7 / 6) ** 0.6, -1.2 / (9 / 6) ** 0.6],
    # losses
    "label_smoothing": _label_smoothing,
    "focal_loss": lambda: [
        -0.25 * 0.1**2 * math.log(0.9),
        -0.25 * 0.7**2 * math.log(0.3),
        -0.75 * 0.2**2 * math.log(0.8),
    ],
    "infonce": lambda: -math.log(softmax([1.6, 0.0, -2.0])[0]),
    "nt_xent": _nt_xent,
    "clip_loss": _clip,
    "triplet_loss": lambda: [0.0, 2.0 - 0.01 + 0.2],
    "hinge_loss": lambda: [0.0, 0.7, 1.5, 0.0],
    # Huber with delta equals delta times smooth L1 with beta = delta
    "huber_loss": lambda: [1.5 * _smooth_l1(a, 1.5) for a in (0.5, -2.0, 3.0)],
    "contrastive_pair_loss": lambda: [0.5 * 0.5**2, 0.5 * (1 - 0.5) ** 2, 0.0],
    "nll_loss": lambda: -(math.log(0.7) + math.log(0.8)) / 2,
    "ce_with_logits": lambda: [-math.log(softmax([2.0, 1.0, 0.1])[0]), 1000.0],
    # softplus((1 - 2y) z)
    "bce_with_logits": lambda: [math.log1p(math.exp(-2.0)), math.log1p(math.exp(1.0)), 0.0],
    "distillation_loss": _distillation,
    "dice_loss": lambda: 1 - 2 * (0.9 + 0.8) / ((0.81 + 0.64 + 0.01) + 2),
    "nce": _nce,
    "mae_loss": lambda: (0.5 + 0.5 + 0.0 + 1.0) / 4,
    "pinball_loss": lambda: [0.9, 0.0, 0.2],
    # optimisers
    "nesterov": _nesterov_as_pytorch_writes_it,
    "rmsprop": _rmsprop,
    "adagrad": _adagrad,
    "adamw": _adamw_pytorch_order,
    "adadelta": _adadelta,
    "adamax": _adamax,
    "amsgrad": _amsgrad,
    "lion": _lion,
    "grad_clip_norm": lambda: [3 / 5, 0.0, 4 / 5],
    # closed form: beta^3 v0 + (1 - beta)(beta^2 v1 + beta v2 + v3)
    "ema": lambda: 0.5 * (0.5 * (0.5 * 1.0) + 2.0 * 0.5) + 0.5 * 3.0,
    "ema_weights": lambda: 0.5 * (0.25 * 1 + 0.5 * 2 + 3),
    "polyak_average": lambda: (4 + 2 + 3 + 1) / 4,
    # the minimiser of 1/2 x^T A x - b^T x by Cramer's rule: A x = b
    "newton_method": lambda: [(1 * 2 - 1 * -1) / 5, (3 * -1 - 1 * 1) / 5],
    "sam": _sam,
    # schedules and initialisation
    "linear_warmup": lambda: [0.025, 0.05, 0.1, 0.1],
    "cosine_schedule": lambda: [
        0.1,
        0.001 + 0.5 * 0.099 * (1 + math.sqrt(2) / 2),
        0.0505,
        0.001,
    ],
    "noam_schedule": lambda: [512**-0.5 * 4000**-1.5, (512 * 4000) ** -0.5, (512 * 16000) ** -0.5],
    "linear_decay": lambda: [0.1, 0.0505, 0.001, 0.001],
    "linear_scaling_rule": lambda: [0.1, 0.4, 3.2],
    # from the target variance 2 / (fan_in + fan_out); a uniform U(-a, a) has variance a^2 / 3
    "xavier_init": lambda: [math.sqrt(3 * 2 / 300), 2 / 300],
    "he_init": lambda: [math.sqrt(2 / 512), math.sqrt(2 / (1.04 * 512))],
    "lecun_init": lambda: [0.1, 1 / 16],
    # an orthogonal matrix keeps the norm of (1, 2, 2), which is 3
    "orthogonal_init": lambda: [3.0, 1.0],
    # generative models: the general two-Gaussian KL with N(0, 1) as the second
    "gaussian_kl": lambda: sum(
        math.log(1 / sd) + (sd**2 + mu**2) / 2 - 0.5 for mu, sd in ((0.5, 0.5), (-1.0, 1.0))
    ),
    "ddpm_posterior_mean": lambda: _gaussian_posterior_mean_var(0.3, 1.0)[0],
    # at t = 1 the posterior is a point mass (alpha-bar_0 = 1)
    "ddpm_posterior_variance": lambda: [0.0, _gaussian_posterior_mean_var(0.3, 1.0)[1]],
    # the reverse mean is the posterior mean at the x0 implied by the predicted noise
    "ddpm_reverse_mean": lambda: _ddpm_step()[0],
    "ddpm_sampling_step": _ddpm_step,
    "ddim_update": _ddim,
    # x_t = sqrt(abar) x0 + sqrt(1 - abar) eps, solved for x0 by hand with abar = 1/2
    "predicted_x0": lambda: [
        (0.5 - 0.2 * math.sqrt(0.5)) * math.sqrt(2),
        (-1.0 - 0.4 * math.sqrt(0.5)) * math.sqrt(2),
    ],
    "score_matching": _score_matching,
    "denoising_score_matching": _dsm,
    "classifier_free_guidance": lambda: [0.1 + 4 * (0.5 - 0.1), 0.1 + 4 * (-0.2 - 0.1)],
    "wgan_critic": lambda: (-0.5 + 0.2) / 2 - (1.5 + 0.5 + 1.0) / 3,
    "wgan_gp": _wgan_gp,
    "gan_nonsaturating": _gan_gradients,
    "hinge_gan_loss": lambda: (0.0 + 0.5) / 2 + (0.0 + 1.0) / 2,
    "gan_optimal_discriminator": _jsd_value,
    "langevin_dynamics": _langevin,
    "cosine_noise_schedule": _cosine_betas,
    # x = A^-1 (z - b) is Gaussian with mean (0, -1) and precision A^T A = [[5, 1], [1, 1]]
    "change_of_variables": lambda: -0.5 * 5 * 0.25 - math.log(2 * math.pi) + 0.5 * math.log(4),
    "reverse_sde": lambda: [1.0 - 0.01 * (-1.0 + 2.0), 0.99 + math.sqrt(0.02) * 0.5],
    # reinforcement learning
    "discounted_return": lambda: [1 + 0.25 * 2 + 0.125, 0 + 0.5 * 2 + 0.25, 2 + 0.5, 1.0],
    "bellman_v": _policy_evaluation_by_sweeps,
    "bellman_q": _q_evaluation_by_sweeps,
    "bellman_optimality_v": _best_deterministic_policy_values,
    "bellman_optimality_q": _optimal_q,
    "sarsa": lambda: [[0.5 * (1 + 0.9 * 2), 1.0], [2.0, 4.0]],
    "q_learning": lambda: 0.0 + 0.5 * (1.0 + 0.9 * max(1.0, 3.0) - 0.0),
    "expected_sarsa": lambda: [[0.5 * (1 + 0.9 * (0.25 * 2 + 0.75 * 4)), 1.0], [2.0, 4.0]],
    "n_step_return": lambda: [1 + 0.81 * 1.5, 2 + 0.9 * 1],
    "td_lambda_return": _lambda_returns_by_weights,
    # the GAE advantage is the lambda-return minus the value estimate
    "gae": lambda: [
        g - v for g, v in zip(_lambda_returns_by_weights(), [0.5, 1.0, 1.5], strict=True)
    ],
    "advantage": lambda: [-1.0, 1.0, 1.5, -0.5, 0.0, 0.0],
    "reinforce_baseline": _reinforce,
    "ppo_clip": lambda: [1.2, -1.5, -1.6, 1.8],
    "trpo": _trpo,
    "dpo": lambda: _log_sigmoid_loss([1.0, -1.0]),
    # at the optimum pi* = pi_ref exp(r / beta) / Z the objective is beta log Z
    "kl_regularised_rlhf": lambda: [
        0.3 + 0.4,
        0.5 * math.log(0.5 + 0.3 * math.exp(2) + 0.2 * math.exp(4)),
    ],
    "reward_model_bt": lambda: _log_sigmoid_loss([1.0, -0.5, 2.0]),
    # the soft value of pi = softmax(Q / alpha) is alpha * logsumexp(Q / alpha)
    "soft_value_sac": lambda: [
        0.5 * math.log(sum(math.exp(q / 0.5) for q in (1.0, 2.0, 0.5))),
        (1.0 + 2.0 + 0.5) / 3 + 0.5 * math.log(3),
    ],
    "dqn_loss": lambda: ((2.0 - 2.5) ** 2 + 0.0) / 2,
    "double_dqn": lambda: [0.5 * 1.0, 1.0 + 0.5 * 0.5],
    "soft_target_update": lambda: [0.1 * 3 + 0.9 * 1, 0.9 * 2],
    "epsilon_greedy": lambda: [0.025, 0.925, 0.025, 0.025],
    "ucb_action": _ucb,
    "ppo_ratio": lambda: [0.3 / 0.2, 1.0, 0.1 / 0.4],
    "kl_optimal_policy": lambda: softmax(
        [math.log(0.5) + 0 / 0.5, math.log(0.3) + 1 / 0.5, math.log(0.2) + 2 / 0.5]
    ),
    "dpo_implicit_reward": lambda: [0.5 * math.log(math.exp(-10) / math.exp(-11)), -0.5],
    # probability and information theory
    "conditional_probability": lambda: [0.3 / 0.5, 0.1 / 0.5, 0.2 / 0.5, 0.4 / 0.5],
    "sum_rule": lambda: 0.9 * 0.01 + 0.05 * 0.99,
    "chain_rule_probability": lambda: 0.5 * 0.4 * 0.25,
    "covariance": _covariance,
    # Y = X^2 with X symmetric around 0 is uncorrelated with X
    "pearson_correlation": lambda: [_pearson([1, 2, 3, 6], [2, 1, 5, 4]), 0.0],
    "jensen_inequality": lambda: [math.e, 0.5 + 0.25 * math.e + 0.25 * math.exp(3)],
    "js_divergence": lambda: [
        _jsd_by_entropies([0.5, 0.5, 0.0], [0.0, 0.5, 0.5]),
        math.log(2),
    ],
    "mutual_information": _mutual_information,
    "conditional_entropy": _conditional_entropy,
    # E_p[x^2] = 1 for p = N(0, 1); the estimate is Monte Carlo
    "importance_sampling": lambda: Approx(1.0, 0.02),
    "map_estimate": _map_by_ternary_search,
    "mvn_pdf": _mvn_2d,
    "mahalanobis": lambda: math.sqrt(4 / 1.75),
    "gaussian_conditional": _condition_by_precision,
    "beta_bernoulli_posterior": _beta_by_quadrature,
    "beta_distribution": _beta_pdf_by_quadrature,
    # mixtures
    "gmm_e_step": _responsibilities,
    "gmm_m_step": _m_step,
    "gmm_log_likelihood": _gmm_log_likelihood,
    "gmm_density": _gmm_density,
    # the converged partition is {(0,0), (1,0), (0,1)} and {(5,5), (6,5)}
    "kmeans": lambda: [1 / 3, 1 / 3, 5.5, 5.0, (2 + 5 + 5) / 9 + 0.5],
    # linear algebra
    "chain_rule_jacobian": lambda: _numerical_gradient(_composite, [0.5, -1.0]),
    "normal_equations": _simple_regression,
    "ridge_regression": lambda: _solve_2x2([[2.5, 1.0], [1.0, 2.5]], [3.0, 4.0]),
    "lasso_soft_threshold": lambda: [_lasso_by_search(z) for z in (3.0, -0.5, 1.2, -2.0)],
    "logistic_regression_gradient": lambda: _numerical_gradient(_logistic_nll, [0.1, -0.3]),
    "pca": _pca,
    "svd": _svd,
    # full rank: the normal equations; rank one: the shortest solution of x + 2y = 1
    "pseudo_inverse": lambda: [*_solve_2x2([[3.0, 6.0], [6.0, 14.0]], [5.0, 11.0]), 0.2, 0.4],
    "quadratic_form_gradient": lambda: _numerical_gradient(
        lambda x: x[0] * x[0] + 2 * x[0] * x[1] + 3 * x[1] * x[1], [1.0, -1.0]
    ),
    "softmax_jacobian": _softmax_jacobian_fd,
    "frobenius_norm": _frobenius,
    # kernels and Gaussian processes
    "rbf_kernel": lambda: [2 * math.exp(-1 / 0.5), 2 * math.exp(-1 / 0.5)],
    "gp_posterior_mean": _gp_mean,
    "gp_posterior_cov": _gp_var,
    "gp_log_marginal_likelihood": _gp_lml,
    "matern32_kernel": lambda: [_matern_by_bessel(r) for r in (0.0, 0.5, 2.0)],
    "polynomial_kernel": _poly_by_features,
    # kernel ridge with a linear kernel equals primal ridge: w = (X^T X + lam I)^-1 X^T t
    "kernel_ridge": lambda: dot([2.0, 1.0], _solve_2x2([[2.5, 1.0], [1.0, 2.5]], [3.0, 4.0])),
    # metrics
    "precision": lambda: _counts()[0] / (_counts()[0] + _counts()[1]),
    "recall": lambda: _counts()[0] / (_counts()[0] + _counts()[2]),
    "f1_score": _f_scores,
    "f_beta": _f_beta,
    # unigram precision 4/4, bigram 2/3, brevity penalty e^(1 - 6/4)
    "bleu": lambda: math.exp(1 - 6 / 4) * math.sqrt(1.0 * 2 / 3),
    "iou": lambda: [1 / 7, 1 / 7 - (9 - 7) / 9, 0.0, 0.0 - (3 - 2) / 3],
    "expected_calibration_error": _ece,
    "r_squared": lambda: [_r2([3.0, -0.5, 2.0, 7.0], [2.5, 0.0, 2.0, 8.0]), -6.0],
    "elo_rating": _elo,
    # the last additions
    "policy_gradient_theorem": _bandit_gradient_fd,
    "gumbel_softmax": _gumbel,
    "gumbel_max": _gumbel_max,
    "vq_vae_loss": lambda: [1.0, 0.05, 0.25 * 0.05],
    "mixup": _mixup,
    "temperature_scaling": _temperature,
}


# --- the tests ------------------------------------------------------------------------


FLOOR = 562


def test_the_whole_bank_has_at_least_150_formulas_with_unique_ids() -> None:
    ids = [f.id for f in formula_bank().formulas]
    assert len(ids) == len(set(ids)) >= FLOOR, len(ids)
    per_file = [f["id"] for entries in FILES.values() for f in entries]
    assert len(per_file) == len(set(per_file))


# issue #11, requirement 3: what the bank must cover (td_error is the TD error, q_learning the update)
REQUIRED = {
    "silu", "swiglu", "rope", "rmsnorm", "nesterov", "rmsprop", "adagrad", "adamw",
    "label_smoothing", "focal_loss", "infonce", "nt_xent", "clip_loss", "triplet_loss",
    "hinge_loss", "huber_loss", "gaussian_kl", "ddpm_posterior_mean", "ddpm_posterior_variance",
    "ddpm_sampling_step",
    "ddim_update", "score_matching", "denoising_score_matching", "classifier_free_guidance",
    "wgan_critic", "wgan_gp", "ppo_clip", "gae", "trpo", "dpo", "kl_regularised_rlhf",
    "bellman_v", "bellman_q", "bellman_optimality_v", "bellman_optimality_q", "sarsa", "q_learning",
    "td_error", "chain_rule_jacobian", "mahalanobis", "mvn_pdf", "gp_posterior_mean",
    "gp_posterior_cov", "rbf_kernel", "logistic_regression_gradient", "ridge_regression",
    "normal_equations", "gmm_e_step", "gmm_m_step", "jensen_inequality", "entropy",
    "mutual_information", "precision", "recall", "f1_score", "bleu", "pca", "svd",
    "xavier_init", "he_init", "grad_clip_norm", "linear_warmup", "cosine_schedule", "lstm",
    "gru", "causal_mask",
}  # fmt: skip


def test_the_issue_s_required_formulas_are_all_in_the_bank() -> None:
    assert not REQUIRED - {f.id for f in formula_bank().formulas}


def test_every_new_formula_has_an_independent_check() -> None:
    assert {f.id for f in EXTRA} == set(INDEPENDENT)


@pytest.mark.parametrize("formula", EXTRA, ids=lambda f: f.id)
def test_reference_matches_check_and_an_independent_computation(formula: Formula) -> None:
    check_code(formula.numpy)  # the sandbox accepts it, as `tutor explain` runs it there
    value = np.asarray(run_reference(formula.numpy), dtype=float)
    stored = np.asarray(formula.check, dtype=float)
    assert value.shape == stored.shape
    assert np.allclose(value, stored, rtol=1e-6, atol=1e-9), (value, stored)
    expected = INDEPENDENT[formula.id]()
    rtol, atol = (0.0, expected.atol) if isinstance(expected, Approx) else (1e-4, 1e-6)
    independent = np.asarray(getattr(expected, "value", expected), dtype=float)
    assert np.allclose(stored, independent, rtol=rtol, atol=atol), (stored, independent)


@pytest.mark.parametrize("formula", EXTRA, ids=lambda f: f.id)
def test_reference_runs_cleanly_in_the_sandbox(formula: Formula) -> None:
    # `tutor explain` shows and runs the bank's reference there when it recognises a formula
    result = run_numpy(formula.numpy)
    assert result.ok and not result.warnings, (result.error, result.warnings)


def test_no_variant_of_a_new_formula_is_named_as_another_formula() -> None:
    # precision first: a variant may go unrecognised, but never under another entry's name
    # (unless the two entries state the same mathematics: Polyak's running average of the
    # iterates is an incremental mean, and both are among the exact candidates)
    wrong = []
    for formula in EXTRA:
        for latex in formula.latex:
            match = recognise(parse(latex, macros_for()))
            if (
                match is not None
                and match.formula.id != formula.id
                and formula.id not in match.candidates
            ):
                wrong.append((formula.id, latex, match.formula.id))
    assert wrong == []


JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
PLACEHOLDERS = ("〜", "TODO", "TBD", "???", "...")


@pytest.mark.parametrize("formula", EXTRA, ids=lambda f: f.id)
def test_every_new_formula_is_bilingual_cited_and_parses(formula: Formula) -> None:
    assert formula.arxiv or formula.reference
    if formula.arxiv:
        assert re.fullmatch(r"\d{4}\.\d{4,5}", formula.arxiv), formula.arxiv
    if formula.reference:
        assert re.search(r"\d{4}", formula.reference)  # a year or an arXiv id
        if not formula.arxiv:  # the reference alone must point into its source
            assert any(mark in formula.reference for mark in ("§", "Eq.", "arXiv"))
    assert formula.name.en.strip() and formula.name.ja.strip()  # a name may be Latin: "Mish"
    for text in (formula.name, formula.what, formula.pitfall):
        assert not any(p in text.ja or p in text.en for p in PLACEHOLDERS)
    for text in (formula.what, formula.pitfall):
        assert JAPANESE.search(text.ja) and text.en != text.ja, text.ja
    assert 1 <= len(formula.latex) <= 6
    for latex in formula.latex:
        parse(latex, macros_for())


# --- bank2: densities, gated units, derivatives (independent computations) -------------


def _laplace_pdf() -> list[float]:
    # the Laplace density is half of an exponential density of rate 1/b on each side
    return [0.5 * (1 / 2.0) * math.exp(-(1 / 2.0) * abs(x - 0.5)) for x in (-1.0, 0.0, 2.0)]


def _poisson_pmf() -> list[float]:
    # by the recurrence P(k) = P(k − 1)·λ/k from P(0) = e^{−λ}
    values = [math.exp(-2.5)]
    for k in range(1, 4):
        values.append(values[-1] * 2.5 / k)
    return values


def _binomial_pmf() -> list[float]:
    # enumerate all 2⁴ outcome sequences and add up those with k successes
    totals = [0.0] * 5
    for bits in range(16):
        k = bin(bits).count("1")
        totals[k] += 0.3**k * 0.7 ** (4 - k)
    return totals


def _gelu(v: float) -> float:
    return 0.5 * v * (1 + math.erf(v / math.sqrt(2)))


def _geglu() -> list[float]:
    x = [1.0, -1.0]
    gate = vecmat(x, [[1.0, 0.5], [0.0, 1.0]])
    value = vecmat(x, [[2.0, 0.0], [1.0, 1.0]])
    return [_gelu(g) * v for g, v in zip(gate, value, strict=True)]


def _reglu() -> list[float]:
    x = [1.0, -1.0]
    gate = vecmat(x, [[1.0, 0.5], [0.0, 1.0]])
    value = vecmat(x, [[2.0, 0.0], [1.0, -1.0]])
    return [(g if g > 0 else 0.0) * v for g, v in zip(gate, value, strict=True)]


def _central_difference(f: Callable[[float], float], x: float, h: float = 1e-5) -> float:
    return (f(x + h) - f(x - h)) / (2 * h)


INDEPENDENT.update(
    {
        "laplace_pdf": _laplace_pdf,
        "poisson_pmf": _poisson_pmf,
        "binomial_pmf": _binomial_pmf,
        "bernoulli_pmf": lambda: [0.3, 0.7],
        "exponential_pdf": lambda: [0.0, 1.5, 1.5 / math.exp(0.75), 1.5 / math.exp(3.0)],
        "geglu": _geglu,
        "reglu": _reglu,
        "softsign": lambda: [-0.75, 0.0, 1 / 3],
        "sigmoid_derivative": lambda: [_central_difference(sigmoid, x) for x in (-2.0, 0.0, 3.0)],
        "softplus_derivative": lambda: [
            _central_difference(lambda v: math.log(1 + math.exp(v)), x) for x in (-1.0, 0.0, 2.0)
        ],
    }
)


# --- bank2: distances, normalisation, simple schedules (worked by hand) ----------------

INDEPENDENT.update(
    {
        # mean 5, population standard deviation 2
        "standard_score": lambda: [-1.5, -0.5, -0.5, -0.5, 0.0, 0.0, 1.0, 2.0],
        "min_max_normalisation": lambda: [0.0, 0.5, 0.25, 1.0],
        "euclidean_distance": lambda: 5.0,  # a 3-4-5 triangle
        "chebyshev_distance": lambda: 4.0,
        # the event {first outcome} differs by 0.3, the most any event can
        "total_variation_distance": lambda: 0.5 - 0.2,
        # residuals (0.5, 1, 0.5): 1.5 + 0.1·1.5 + 0.2·1.25
        "elastic_net": lambda: 1.5 + 0.15 + 0.25,
        "signsgd": lambda: [0.9, -1.9, 0.5],
        "step_decay": lambda: [0.1, 0.1, 0.01, 0.001],
        "exponential_decay": lambda: [0.1 * math.exp(-0.05) ** t for t in (0, 10, 20)],
        "residual_connection": lambda: [1.5, -2.0],
    }
)


# --- bank2: reinforcement learning and energy-based models ------------------------------


def _hopfield_energy() -> float:
    w = [[0.0, 1.0, -1.0], [1.0, 0.0, 2.0], [-1.0, 2.0, 0.0]]
    theta, s = [0.5, 0.0, -0.5], [1.0, -1.0, 1.0]
    pairs = sum(w[i][j] * s[i] * s[j] for i in range(3) for j in range(i + 1, 3))
    return -pairs + dot(theta, s)  # each unordered pair once: −½ Σ_{i,j} counts it twice


def _rbm_energy() -> float:
    v, h = [1.0, 0.0, 1.0], [1.0, 1.0]
    w = [[0.5, -1.0], [2.0, 0.0], [1.0, 0.5]]
    energy = -dot([0.1, 0.2, -0.3], v) - dot([0.0, -0.5], h)
    for i in range(3):
        for j in range(2):
            energy -= v[i] * w[i][j] * h[j]
    return energy


INDEPENDENT.update(
    {
        "td0_update": lambda: [0.1 * (1.0 + 0.9 * 0.5), 0.5, 1.0],
        # returns 1 + 0.81·2 and 0.9
        "state_value_function": lambda: (2.62 + 0.9) / 2,
        # returns 2 + 0.9·1 and 0.81·1
        "action_value_function": lambda: (2.9 + 0.81) / 2,
        "mellowmax": lambda: math.log(mean([math.exp(2 * x) for x in (1.0, 2.0, 3.0)])) / 2,
        "boltzmann_policy": lambda: softmax([2.0, 4.0, 1.0]),
        # state 0 visited at steps 0 and 2, state 1 at step 1: Σ (γλ)^(age)
        "eligibility_trace": lambda: [0.72**2 + 1.0, 0.72, 0.0],
        "hebbian_rule": lambda: [[0.5 * xi * yj for yj in (2.0, 1.0)] for xi in (1.0, 0.0, -1.0)],
        # only the first point is ever misclassified (at w = 0); then all three are right
        "perceptron_rule": lambda: [1.0, 2.0, 1.0],
        "hopfield_energy": _hopfield_energy,
        "rbm_energy": _rbm_energy,
    }
)


# --- bank2: diffusion SDEs, guidance, VAE/MoE/PPO objectives ---------------------------


def _ve_sde() -> list[float]:
    def sigma(t: float) -> float:
        return 0.01 * (50.0 / 0.01) ** t

    h = 1e-5  # g(t)² is the time derivative of σ²(t), taken numerically here
    return [sigma(0.5), math.sqrt((sigma(0.5 + h) ** 2 - sigma(0.5 - h) ** 2) / (2 * h))]


def _vp_sde() -> list[float]:
    def beta(t: float) -> float:
        return 0.1 + t * 19.9

    steps = 10_000  # ∫₀^½ β by the trapezoid rule
    width = 0.5 / steps
    area = sum((beta(i * width) + beta((i + 1) * width)) / 2 * width for i in range(steps))
    return [beta(0.5), math.exp(-area / 2)]


def _beta_vae() -> float:
    # per dimension KL(N(μ, s²) ‖ N(0, 1)) = −log s + (s² + μ²)/2 − 1/2
    kl = sum(-math.log(s) + (s * s + m * m) / 2 - 0.5 for m, s in ((0.5, 1.0), (-1.0, 0.5)))
    return -3.2 - 4.0 * kl


def _load_balancing() -> float:
    # tokens go to experts 0, 0, 1, 2; mean router probabilities 0.425, 0.4, 0.175
    return 0.01 * 3 * (0.5 * 0.425 + 0.25 * 0.4 + 0.25 * 0.175)


def _ppo_kl_penalty() -> float:
    old, new = [[0.5, 0.5], [0.8, 0.2]], [[0.6, 0.4], [0.7, 0.3]]
    terms = []
    for s, (a, adv) in enumerate(((0, 1.0), (1, -0.5))):
        kl = sum(p * math.log(p / q) for p, q in zip(old[s], new[s], strict=True))
        terms.append(new[s][a] / old[s][a] * adv - 0.5 * kl)
    return mean(terms)


def _performance_difference() -> float:
    # J(π′) − J(π) straight from iterative policy evaluation of both policies
    p = [[[0.9, 0.1], [0.2, 0.8]], [[0.5, 0.5], [0.1, 0.9]]]
    r = [[1.0, 0.0], [0.0, 2.0]]

    def value(pi: list[list[float]]) -> list[float]:
        v = [0.0, 0.0]
        for _ in range(2000):
            v = [
                sum(pi[s][a] * (r[s][a] + 0.9 * dot(p[s][a], v)) for a in range(2))
                for s in range(2)
            ]
        return v

    old, new = value([[0.5, 0.5], [0.5, 0.5]]), value([[0.8, 0.2], [0.1, 0.9]])
    return mean(new) - mean(old)  # ρ is uniform over the two states


INDEPENDENT.update(
    {
        # x·(1 − 0.5·0.01) + 2·√0.01·z
        "ito_sde": lambda: [0.995 + 0.2 * 0.3, -0.5 * 0.995 - 0.2 * 1.2],
        "ve_sde": _ve_sde,
        "vp_sde": _vp_sde,
        # α = 2e-3·(σ/0.1)²; the score of N(0, 2) at 2 is −1
        "annealed_langevin": lambda: [0.2, 0.05, 0.002, 2.0 - 0.1 + math.sqrt(0.2) * 0.5],
        # √(1 − 0.64) = 0.6, so 2·0.6 times the classifier gradient comes off
        "classifier_guidance": lambda: [0.2 - 1.2, -0.1 - 0.6],
        "beta_vae": _beta_vae,
        "load_balancing_loss": _load_balancing,
        "ppo_kl_penalty": _ppo_kl_penalty,
        "performance_difference_lemma": _performance_difference,
        "laplacian_kernel": lambda: math.exp(-0.5 * (1.0 + 2.0)),
    }
)


# --- bank2: small functions, estimators and tabular updates -----------------------------


def _gated_activation_unit() -> list[float]:
    x, w_f, w_g = [1.0, 2.0, -1.0, 0.5], [0.5, -1.0], [1.0, 1.0]
    out = []
    for i in range(3):  # a true convolution flips the kernel
        filt = x[i] * w_f[1] + x[i + 1] * w_f[0]
        gate = x[i] * w_g[1] + x[i + 1] * w_g[0]
        out.append(math.tanh(filt) * sigmoid(gate))
    return out


INDEPENDENT.update(
    {
        "isru": lambda: [-2 / math.sqrt(13), 0.0, 0.5],
        # Σ p(1 − p) for class shares 2/6, 1/6, 3/6
        "gini_index": lambda: sum(p * (1 - p) for p in (2 / 6, 1 / 6, 3 / 6)),
        "logit": lambda: [math.log(p) - math.log1p(-p) for p in (0.1, 0.5, 0.8)],
        "finite_difference": lambda: 3 * 2.0**2,  # d/dx x³ at 2
        "gated_activation_unit": _gated_activation_unit,
        "lp_norm": lambda: [7.0, 5.0, 91 ** (1 / 3)],
        "root_mean_square": lambda: math.sqrt(18 / 4),
        "incremental_mean": lambda: mean([2.0, 4.0, 9.0, 1.0]),
        # returns 2.62, 1.8, 2 and α = 0.5 from zero
        "constant_alpha_mc": lambda: [1.31, 0.9, 1.0],
        # each step halves the distance to the maximiser (3, −1)
        "gradient_ascent": lambda: [3.0 - 3.0 / 4, -1.0 + 2.0 / 4],
    }
)


# --- bank2: errors, constraints and objectives ------------------------------------------


def _balanced_cross_entropy() -> float:
    terms = []
    for p, y in ((0.9, 1), (0.2, 0), (0.3, 0), (0.6, 1)):
        weight = 0.25 if y == 1 else 0.75
        terms.append(-weight * math.log(p if y == 1 else 1 - p))
    return mean(terms)


INDEPENDENT.update(
    {
        "sum_of_squares_error": lambda: (0.25 + 0.25 + 1.0) / 2,
        # the unit direction of (3, −4) is (0.6, −0.8)
        "normalized_gradient_descent": lambda: [1.0 - 0.3, 2.0 + 0.4],
        "sigmoid_symmetry": lambda: [[sigmoid(-a) for a in (-1.0, 0.5, 3.0)]] * 2,
        # Σ is diagonal: −(x − μ)_i / Σ_ii
        "gaussian_score": lambda: [-1.0 / 2.0, 3.0 / 0.5],
        # margins 1, 0.75, 1.5: only the second point has slack (0.25)
        "soft_margin_svm": lambda: 0.25 + 2.0 * 0.25,
        # x is feasible, so the multiplier terms vanish and L = f(x)
        "generalized_lagrangian": lambda: 0.5**2 + 0.5**2,
        "weight_clipping": lambda: [min(max(v, -0.01), 0.01) for v in (0.5, -0.003, -0.2, 0.008)],
        # the first row (norm 5) is shrunk to norm 2, the second (norm 0.5) is kept
        "max_norm_constraint": lambda: [[3.0 * 2 / 5, 4.0 * 2 / 5], [0.3, 0.4]],
        "ppo_ptx": lambda: (1.19 + 0.396) / 2 + 27.8 * -2.0,
        "balanced_cross_entropy": _balanced_cross_entropy,
    }
)


# --- bank2: optimisers, policy mixing, classic classifiers, GAN/DDPM details ------------


def _sgdw() -> list[float]:
    theta, m = [1.0, -2.0], [0.0, 0.0]
    for g in ([0.5, 0.5], [1.0, -1.0]):
        m = [0.9 * mi + 0.1 * gi for mi, gi in zip(m, g, strict=True)]
        theta = [th * (1 - 0.01) - mi for th, mi in zip(theta, m, strict=True)]
    return theta


def _irls() -> list[float]:
    # the same step as a weighted least-squares solve, Bishop Eq. (4.100): with w = 0,
    # R = I/4 and the working response z = −R⁻¹(y − t) = −4(y − t)
    phi = [[1.0, 0.5], [1.0, -1.0], [1.0, 2.0], [1.0, 0.0]]
    z = [-4 * (0.5 - t) for t in (1.0, 0.0, 1.0, 0.0)]
    a = [[sum(0.25 * r[i] * r[j] for r in phi) for j in range(2)] for i in range(2)]
    b = [sum(0.25 * r[i] * zn for r, zn in zip(phi, z, strict=True)) for i in range(2)]
    det = a[0][0] * a[1][1] - a[0][1] * a[1][0]
    return [(b[0] * a[1][1] - a[0][1] * b[1]) / det, (a[0][0] * b[1] - a[1][0] * b[0]) / det]


def _ddpm_linear_schedule() -> list[float]:
    betas = [1e-4 + (t - 1) / 999 * (0.02 - 1e-4) for t in range(1, 1001)]
    alpha_bar = 1.0
    for beta in betas:
        alpha_bar *= 1 - beta
    return [betas[499], 1 - 1e-4, alpha_bar]


def _gan_generator_gradient() -> float:
    def objective(theta: float) -> float:
        return mean([math.log(1 - sigmoid(theta * z)) for z in (0.5, -1.0, 2.0)])

    return _central_difference(objective, 0.8)


INDEPENDENT.update(
    {
        "sgdw": _sgdw,
        "conservative_policy_iteration": lambda: [[0.55, 0.45], [0.18, 0.82]],
        "softmax_regression": lambda: softmax([2.0, 1.0, 1.0]),
        "irls": _irls,
        "ddpm_linear_schedule": _ddpm_linear_schedule,
        "gan_generator_update": _gan_generator_gradient,
    }
)


# --- bank2: TD with features, actor-critic, error decompositions, W1 --------------------


def _actor_critic() -> list[float]:
    # ∇ ln π(a = 0) by finite differences of the log-softmax, one preference at a time
    def log_pi0(prefs: list[float]) -> float:
        return math.log(softmax(prefs)[0])

    theta = [0.0, 1.0]
    grads = [
        _central_difference(
            lambda v, i=i: log_pi0([v if j == i else t for j, t in enumerate(theta)]), theta[i]
        )
        for i in range(2)
    ]
    return [t + 0.2 * 0.5 * g for t, g in zip(theta, grads, strict=True)]


def _wasserstein_1d() -> float:
    # the area between the two empirical CDFs, interval by interval
    x, y = [0.0, 3.0, 1.0], [2.0, 1.0, 5.0]
    points = sorted(set(x + y))
    area = 0.0
    for left, right in itertools.pairwise(points):
        f_x = sum(v <= left for v in x) / len(x)
        f_y = sum(v <= left for v in y) / len(y)
        area += abs(f_x - f_y) * (right - left)
    return area


INDEPENDENT.update(
    {
        # δ = 1 + 0.9·(−0.2) − 0.5 = 0.32 on the first feature only
        "semi_gradient_td0": lambda: [0.5 + 0.1 * 0.32, -0.2],
        # the mean squared deviation from the truth, plus the noise
        "bias_variance_decomposition": lambda: mean([1.0, 0.25, 0.25]) + 0.25,
        "logistic_loss": lambda: [-math.log(sigmoid(m)) for m in (2.0, -0.5, -1.0)],
        "one_step_actor_critic": _actor_critic,
        "wasserstein_distance": _wasserstein_1d,
    }
)


# --- bank2: VAE encoder, TRPO's local approximation, DDPM's bound -----------------------


def _normal_pdf(x: float, mu: float, var: float) -> float:
    return math.exp(-((x - mu) ** 2) / (2 * var)) / math.sqrt(2 * math.pi * var)


INDEPENDENT.update(
    {
        # a diagonal Gaussian is a product of one-dimensional densities
        "vae_encoder": lambda: math.log(_normal_pdf(0.5, 0.0, 1.0) * _normal_pdf(-1.0, -0.5, 0.25)),
        # Σ_a π̃ A is 0.2 in the first state and −0.28 in the second
        "trpo_surrogate": lambda: 2.0 + 3.0 * 0.2 + 7.0 * -0.28,
        # the per-step log-ratios are −0.2, −0.1 and 0.15
        "ddpm_variational_bound": lambda: 1.2 + 0.2 + 0.1 - 0.15,
    }
)


# --- bank3: independent checks live in tests/formula_bank3_checks.py -------------------

INDEPENDENT.update(BANK3)


# --- bank4: classical ML, probability and linear algebra (independent computations) ---


def _eigendecomposition() -> list[float]:
    # a 2 × 2 symmetric matrix: eigenvalues from its trace and determinant, eigenvectors by
    # hand, and the matrix rebuilt as a sum of rank-one terms λ u uᵀ
    a, b, d = 4.0, 1.0, 3.0
    trace, det = a + d, a * d - b * b
    root = math.sqrt(trace * trace / 4 - det)
    lams = [trace / 2 - root, trace / 2 + root]
    rebuilt = [[0.0, 0.0], [0.0, 0.0]]
    for lam in lams:
        u = [b, lam - a]  # (A − λI)u = 0 from the first row
        norm = math.hypot(*u)
        u = [ui / norm for ui in u]
        for i in range(2):
            for j in range(2):
                rebuilt[i][j] += lam * u[i] * u[j]
    return lams + [v for row in rebuilt for v in row]


def _boltzmann() -> list[float]:
    # p_i = 1 / Σ_j exp(E_i − E_j): each probability from energy differences alone
    energy = [1.0, 2.0, 0.5]
    return [1 / sum(math.exp(ei - ej) for ej in energy) for ei in energy]


def _bayesian_linear_regression() -> list[float]:
    # S_N⁻¹ = αI + βΦᵀΦ = [[13, 12], [12, 21]] (det 129) inverted by hand; m_N = βS_NΦᵀt
    phi = [[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]]
    t = [1.0, 2.0, 2.0]
    precision = [
        [1.0 * (i == j) + 4.0 * sum(row[i] * row[j] for row in phi) for j in range(2)]
        for i in range(2)
    ]
    det = precision[0][0] * precision[1][1] - precision[0][1] * precision[1][0]
    cov = [
        [precision[1][1] / det, -precision[0][1] / det],
        [-precision[1][0] / det, precision[0][0] / det],
    ]
    phi_t = [sum(row[i] * ti for row, ti in zip(phi, t, strict=True)) for i in range(2)]
    mean_n = [4.0 * dot(cov[i], phi_t) for i in range(2)]
    return mean_n + [v for row in cov for v in row]


def _fisher_lda() -> Approx:
    # search the unit circle for the direction with the largest Fisher ratio
    x1 = [[1.0, 2.0], [2.0, 3.0], [3.0, 3.0]]
    x2 = [[6.0, 5.0], [7.0, 8.0], [8.0, 6.0]]
    m1 = [mean([p[k] for p in x1]) for k in range(2)]
    m2 = [mean([p[k] for p in x2]) for k in range(2)]

    def ratio(w: list[float]) -> float:
        between = dot(w, [b - a for a, b in zip(m1, m2, strict=True)]) ** 2
        within = sum(
            dot(w, [p[k] - m[k] for k in range(2)]) ** 2
            for ps, m in ((x1, m1), (x2, m2))
            for p in ps
        )
        return between / within

    steps = 200_000
    best = max(
        ([math.cos(math.pi * s / steps), math.sin(math.pi * s / steps)] for s in range(steps)),
        key=ratio,
    )
    if best[0] < 0:
        best = [-best[0], -best[1]]
    return Approx([*best, ratio(best)], atol=1e-4)


def _kde() -> float:
    # the estimate's CDF is a mixture of normal CDFs; differentiate it numerically
    data, h, x, step = [0.0, 1.0, 3.0], 0.5, 0.5, 1e-4

    def cdf(v: float) -> float:
        return mean([0.5 * (1 + math.erf((v - xn) / (h * math.sqrt(2)))) for xn in data])

    return (cdf(x + step) - cdf(x - step)) / (2 * step)


def _total_variance() -> float:
    # Var(Y) straight from the joint distribution: Y ∈ {1, 3} when X = 0 (p 0.4), {2, 6} else
    joint = [(0.2, 1.0), (0.2, 3.0), (0.3, 2.0), (0.3, 6.0)]
    mean_y = sum(p * y for p, y in joint)
    return sum(p * (y - mean_y) ** 2 for p, y in joint)


INDEPENDENT.update(
    {
        "eigendecomposition": _eigendecomposition,
        "linf_norm": lambda: max(abs(v) for v in (3.0, -7.0, 2.0)),
        "boltzmann_distribution": _boltzmann,
        # integer weights: the mean of the values repeated by their weights
        "weighted_mean": lambda: mean([1.0, 1.0, 1.0, 2.0, 6.0]),
        # Horner's rule for 0.5 − x + 2x² at x = 1.5
        "linear_regression": lambda: (2.0 * 1.5 - 1.0) * 1.5 + 0.5,
        "bayesian_linear_regression": _bayesian_linear_regression,
        "fisher_lda": _fisher_lda,
        "kernel_density_estimate": _kde,
        "law_of_total_variance": _total_variance,
    }
)


def _gamma_by_convolution() -> Approx:
    # with shape 2 the Gamma is the sum of two rate-3 exponentials: convolve their densities
    def conv(x: float, steps: int = 2_000) -> float:
        h = x / steps
        return h * sum(
            3 * math.exp(-3 * t) * 3 * math.exp(-3 * (x - t))
            for t in ((i + 0.5) * h for i in range(steps))
        )

    return Approx([conv(x) for x in (0.5, 1.0, 2.0)], atol=1e-6)


def _categorical() -> list[float]:
    # the likelihood of a one-hot draw is the probability at the drawn index
    mu, draws = [0.2, 0.5, 0.3], [1, 2, 2, 0]
    picked = [mu[k] for k in draws]
    return [*picked, math.prod(picked)]


def _lda() -> list[float]:
    # log(π_k 𝒩(x | μ_k, Σ)) plus the terms every class shares (½ xᵀΣ⁻¹x + ½ log|2πΣ|)
    s = [[2.0, 0.5], [0.5, 1.0]]
    det = s[0][0] * s[1][1] - s[0][1] * s[1][0]
    inv = [[s[1][1] / det, -s[0][1] / det], [-s[1][0] / det, s[0][0] / det]]
    x = [1.5, 0.5]

    def quad(v: list[float]) -> float:
        return dot(v, matvec(inv, v))

    out = []
    for mu, prior in (([0.0, 0.0], 0.7), ([2.0, 1.0], 0.3)):
        d = [xi - mi for xi, mi in zip(x, mu, strict=True)]
        log_joint = math.log(prior) - 0.5 * quad(d) - 0.5 * math.log((2 * math.pi) ** 2 * det)
        out.append(log_joint + 0.5 * quad(x) + 0.5 * math.log((2 * math.pi) ** 2 * det))
    return out


def _condition_number() -> list[float]:
    # eigenvalues of [[4, 1], [1, 3]] are (7 ± √5)/2
    ratio = (7 + math.sqrt(5)) / (7 - math.sqrt(5))
    return [ratio, ratio]


def _pmi() -> list[float]:
    # log p(x | y) − log p(x), with the conditionals read off the columns
    joint = [[0.3, 0.1], [0.2, 0.4]]
    px = [sum(row) for row in joint]
    py = [joint[0][j] + joint[1][j] for j in range(2)]
    return [math.log(joint[i][j] / py[j]) - math.log(px[i]) for i in range(2) for j in range(2)]


INDEPENDENT.update(
    {
        "gamma_distribution": _gamma_by_convolution,
        "categorical_distribution": _categorical,
        # ∑(x − x̄)² = 32 over eight values, so s² = 32/7 and SE = √(32/7/8) = √(4/7)
        "standard_error": lambda: math.sqrt(4 / 7),
        # sin²(π/4) = ½, sin²(π) = 0, sin²(π/2) = 1
        "periodic_kernel": lambda: [math.exp(-1.0), 1.0, math.exp(-2.0)],
        # (1 + r²/4)⁻²: (5/4)⁻² = 16/25 and 2⁻² = 1/4
        "rational_quadratic_kernel": lambda: [1.0, 16 / 25, 1 / 4],
        "condition_number": _condition_number,
        "lda_discriminant": _lda,
        # −log(1 − p) − p log(p/(1 − p)), in bits
        "binary_entropy": lambda: [
            -math.log2(1 - p) - p * math.log2(p / (1 - p)) for p in (0.5, 0.1, 0.9)
        ],
        "pointwise_mutual_information": _pmi,
    }
)


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    # Gaussian elimination with partial pivoting, for the small systems below
    n = len(b)
    m = [[*row, bi] for row, bi in zip(a, b, strict=True)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            m[r] = [x - f * y for x, y in zip(m[r], m[col], strict=True)]
    out = [0.0] * n
    for r in range(n - 1, -1, -1):
        out[r] = (m[r][n] - sum(m[r][c] * out[c] for c in range(r + 1, n))) / m[r][r]
    return out


def _bayesian_predictive() -> list[float]:
    # the same model seen as a Gaussian process with kernel k(x, x') = φ(x)ᵀφ(x')/α:
    # mean k*ᵀ(K + I/β)⁻¹t, variance 1/β + k(x*, x*) − k*ᵀ(K + I/β)⁻¹k*
    phis = [[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]]
    t, alpha, beta, star = [1.0, 2.0, 2.0], 1.0, 4.0, [1.0, 3.0]
    gram = [
        [dot(p, q) / alpha + (i == j) / beta for j, q in enumerate(phis)]
        for i, p in enumerate(phis)
    ]
    k_star = [dot(p, star) / alpha for p in phis]
    mean_star = dot(k_star, _solve(gram, t))
    var_star = 1 / beta + dot(star, star) / alpha - dot(k_star, _solve(gram, k_star))
    return [mean_star, var_star]


def _multinomial() -> float:
    # enumerate every sequence of four draws and add up those with counts (2, 1, 1)
    mu = [0.2, 0.5, 0.3]
    return sum(
        math.prod(mu[k] for k in seq)
        for seq in itertools.product(range(3), repeat=4)
        if [seq.count(k) for k in range(3)] == [2, 1, 1]
    )


# --- bank4: Luong attention, the flipped convolution, ArcFace (helper vars_c) ------------


def _luong_general() -> list[float]:
    h_t, sources = [1.0, 0.5], [[1.0, 2.0], [0.0, 1.0], [-1.0, 0.0]]
    w_a = [[1.0, 0.0], [0.5, 1.0]]
    # h_tᵀ W_a h̄_s, written out entry by entry
    scores = [
        sum(h_t[i] * w_a[i][j] * h_s[j] for i in range(2) for j in range(2)) for h_s in sources
    ]
    weights = softmax(scores)
    context = [sum(w * h_s[c] for w, h_s in zip(weights, sources, strict=True)) for c in range(2)]
    return weights + context


def _flipped_convolution() -> list[float]:
    # Eq. 9.3 and 9.5 of the DL book by their sums: s(t) = Σ_a x(a) w(t − a) over the
    # positions where the kernel fits, S(i, j) = Σ_{m,n} I(i − m, j − n) K(m, n)
    x, w = [1.0, 2.0, 3.0, 4.0], [1.0, 0.0, -1.0]
    s = [sum(x[a] * w[t - a] for a in range(4) if 0 <= t - a < 3) for t in (2, 3)]
    image = [[1.0, 2.0, 0.0], [3.0, 1.0, 1.0], [0.0, 2.0, 4.0]]
    kernel = [[1.0, 2.0], [0.0, -1.0]]
    out = []
    for i in (1, 2):
        for j in (1, 2):
            out.append(sum(image[i - m][j - n] * kernel[m][n] for m in range(2) for n in range(2)))
    return s + out


def _arcface() -> float:
    # the angle of the true class grows by m = 0.5 before the scaled softmax
    s, cosines = 4.0, [0.8, 0.3, -0.2]
    target = s * math.cos(math.acos(0.8) + 0.5)
    others = [s * c for c in cosines[1:]]
    return -(target - math.log(math.exp(target) + sum(math.exp(o) for o in others)))


# --- bank4: optimisers, schedules, activations, normalisation (vars_a) ------------------


def _warmup_cosine(t: int) -> float:
    # worked by hand: the ramp is 1e-3 * t / 100; the cosine phase starts at the peak
    if t < 100:
        return 1e-3 * t / 100
    phase = math.pi * (t - 100) / 900
    return 1e-5 + (1e-3 - 1e-5) * (1 + math.cos(phase)) / 2


def _conjugate_gradient() -> list[float]:
    # two CG steps minimise a 2-D quadratic exactly: the solution of A x = b by Cramer's rule
    det = 4.0 * 3.0 - 1.0 * 1.0
    return [(1.0 * 3.0 - 1.0 * 2.0) / det, (4.0 * 2.0 - 1.0 * 1.0) / det]


def _bfgs() -> list[float]:
    # plain loops over the Nocedal & Wright form, H = I
    s, y = [1.0, 0.5], [2.0, 1.5]
    rho = 1.0 / (y[0] * s[0] + y[1] * s[1])
    left = [[(i == j) - rho * s[i] * y[j] for j in range(2)] for i in range(2)]
    right = [[(i == j) - rho * y[i] * s[j] for j in range(2)] for i in range(2)]
    product = [
        [sum(left[i][k] * right[k][j] for k in range(2)) for j in range(2)] for i in range(2)
    ]
    h = [[product[i][j] + rho * s[i] * s[j] for j in range(2)] for i in range(2)]
    # the secant condition H y = s holds for the update
    assert all(abs(sum(h[i][j] * y[j] for j in range(2)) - s[i]) < 1e-12 for i in range(2))
    return [h[0][0], h[0][1], h[1][0], h[1][1]]


def _lrn() -> list[float]:
    a = [1.0, 20.0, 30.0, 4.0, 50.0, 6.0]
    out = []
    for i in range(len(a)):
        total = 0.0
        for j in range(len(a)):
            if abs(i - j) <= 2:  # n = 5 channels centred on i
                total += a[j] ** 2
        out.append(a[i] / (2.0 + 1e-4 * total) ** 0.75)
    return out


def _backtracking() -> float:
    # f(x) = x1^2 + 10 x2^2 from (1, 1) along -grad = (-2, -20): grad.dx = -404
    t = 1.0
    while (1 - 2 * t) ** 2 + 10 * (1 - 20 * t) ** 2 > 11 + 0.3 * t * -404:
        t /= 2
    return t


INDEPENDENT.update(
    {
        "bayesian_predictive": _bayesian_predictive,
        "multinomial_distribution": _multinomial,
    }
)


INDEPENDENT.update(
    {
        "luong_attention": _luong_general,
        "convolution": _flipped_convolution,
        "arcface_loss": _arcface,
        "warmup_cosine_schedule": lambda: [_warmup_cosine(t) for t in (0, 50, 100, 550, 1000)],
        "relu6": lambda: [0.0, 3.0, 6.0],
        "hard_tanh": lambda: [-1.0, -0.5, 0.2, 1.0],
        "tanh_derivative": lambda: [_central_difference(math.tanh, x) for x in (-1.0, 0.0, 0.5)],
        # the harmonic number and the Basel sum, by their asymptotic expansions (N = 10000)
        "robbins_monro": lambda: [
            math.log(1e4) + 0.5772156649015329 + 1 / 2e4 - 1 / (12 * 1e8),
            math.pi**2 / 6 - 1 / 1e4 + 1 / (2 * 1e8),
        ],
        "conjugate_gradient": _conjugate_gradient,
        "bfgs_update": _bfgs,
        "local_response_norm": _lrn,
        "backtracking_line_search": _backtracking,
        "l1_regularisation": lambda: 0.8 + 0.1 * (0.5 + 2.0 + 0.0),
    }
)


def _cosface() -> float:
    # the true class's cosine loses m = 0.35 before the scaled softmax
    s, cosines = 4.0, [0.8, 0.3, -0.2]
    logits = [s * (cosines[0] - 0.35)] + [s * c for c in cosines[1:]]
    return -math.log(softmax(logits)[0])


def _ndcg() -> list[float]:
    # gains 2^rel − 1 discounted by log₂(1 + rank), ranked and ideally ordered
    ranked = [3, 2, 3, 0, 1, 2]
    ideal = sorted(ranked, reverse=True)

    def dcg(rels: list[int]) -> float:
        return sum((2**r - 1) / math.log(1 + m, 2) for m, r in enumerate(rels, start=1))

    return [dcg(ranked), dcg(ranked) / dcg(ideal)]


def _average_precisions() -> list[float]:
    # IIR's form: the precision at the rank of each relevant result, averaged
    aps = []
    for ranking in ([1, 0, 1, 1, 0], [0, 1, 0, 0, 1]):
        hits, precisions = 0, []
        for k, relevant in enumerate(ranking, start=1):
            if relevant:
                hits += 1
                precisions.append(hits / k)
        aps.append(mean(precisions))
    return [*aps, mean(aps)]


INDEPENDENT.update(
    {
        "cosface_loss": _cosface,
        "ndcg": _ndcg,
        "mean_average_precision": _average_precisions,
    }
)
INDEPENDENT.update(
    {
        # α = 2: the negative branch is 2 (e^{x/2} − 1)
        "celu": lambda: [2 * (math.exp(-1.5) - 1), 2 * (math.exp(-0.25) - 1), 0.0, 1.5],
        # the running average of three snapshots is their plain mean
        "swa": lambda: [(1.0 + 3.0 + 2.0) / 3, (2.0 + 0.0 + 4.0) / 3],
        # with the clips inactive, r and d turn the batch statistics into the moving ones
        "batch_renorm": lambda: [(x - 2.5) / 1.5 for x in (1.0, 2.0, 6.0)],
    }
)


# T5's schedule: 1/√k = 0.01 while n ≤ k = 10⁴, then 1/√n
INDEPENDENT.update({"inverse_sqrt_schedule": lambda: [0.01, 0.01, 0.005, 0.001]})


# --- bank4: RL and generative models (independent computations) ------------------------


def _policy_improvement() -> list[float]:
    # q(s, a) = r(s, a) + γ Σ_s' p(s' | s, a) v(s'), one term at a time
    p = {(0, 0): (0.8, 0.2), (0, 1): (0.1, 0.9), (1, 0): (0.5, 0.5), (1, 1): (0.0, 1.0)}
    r = {(0, 0): 1.0, (0, 1): 0.0, (1, 0): 0.0, (1, 1): 2.0}
    v = (3.0, 1.0)
    q = {sa: r[sa] + 0.9 * sum(pr * v[s2] for s2, pr in enumerate(p[sa])) for sa in p}
    greedy = [max((0, 1), key=lambda a, s=s: q[(s, a)]) for s in (0, 1)]
    return [*greedy, q[(0, 0)], q[(0, 1)], q[(1, 0)], q[(1, 1)]]


def _trajectory_ratio() -> list[float]:
    # each step's π/b by hand: 0.9/0.5, 0.8/0.5, 0.8/0.5, 0.9/0.5, then the tail products
    steps = [1.8, 1.6, 1.6, 1.8]
    return [math.prod(steps[t:]) for t in range(4)]


def _ppo_combined() -> float:
    total = 0.0
    for ratio, adv, v_pred, probs in (
        (1.3, 1.0, 0.5, (0.5, 0.5)),
        (0.7, -1.0, 1.0, (0.9, 0.1)),
        (1.0, 0.5, 2.0, (0.2, 0.8)),
    ):
        clipped = min(max(ratio, 0.8), 1.2)
        surrogate = min(ratio * adv, clipped * adv)
        entropy = -sum(p * math.log(p) for p in probs)
        total += surrogate - 0.5 * (v_pred - 1.0) ** 2 + 0.01 * entropy
    return total / 3


def _ddpm_reverse_chain() -> float:
    # the product of three Gaussian densities, logged once at the end
    density = _normal_pdf(-1.0, 0.0, 1.0)  # p(x_T)
    density *= _normal_pdf(0.5, 0.9 * -1.0 + 0.2, 0.2)  # p(x_1 | x_2)
    density *= _normal_pdf(0.3, 0.9 * 0.5 + 0.1, 0.1)  # p(x_0 | x_1)
    return math.log(density)


def _elbo_decomposition() -> list[float]:
    # the ELBO as expected log-likelihood minus KL to the prior; the KL to the posterior by Bayes
    prior, lik, q = (0.3, 0.7), (0.2, 0.6), (0.5, 0.5)
    evidence = prior[0] * lik[0] + prior[1] * lik[1]
    elbo = sum(qz * math.log(lz) for qz, lz in zip(q, lik, strict=True)) - sum(
        qz * math.log(qz / pz) for qz, pz in zip(q, prior, strict=True)
    )
    posterior = [pz * lz / evidence for pz, lz in zip(prior, lik, strict=True)]
    kl = sum(qz * math.log(qz / pz) for qz, pz in zip(q, posterior, strict=True))
    return [math.log(evidence), elbo, kl, math.log(evidence)]


INDEPENDENT.update(
    {
        "policy_improvement": _policy_improvement,
        "importance_sampling_ratio_rl": _trajectory_ratio,
        "ppo_combined_objective": _ppo_combined,
        # ratios 1.5, 1, 0.25 against advantages 2, −1, 1
        "ppo_cpi_objective": lambda: (1.5 * 2.0 - 1.0 + 0.25) / 3,
        "ddpm_reverse_process": _ddpm_reverse_chain,
        "elbo_decomposition": _elbo_decomposition,
    }
)


def _dpg() -> float:
    # the gradient of J(θ) = mean over states of Q(s, θ s), by central differences
    def objective(theta: float) -> float:
        return mean([-((theta * s - 2 * s) ** 2) + s for s in (1.0, 2.0)])

    return _central_difference(objective, 0.5)


def _td3() -> list[float]:
    targets = []
    for r, s, n in ((1.0, 0.5, 0.8), (0.0, -1.0, -0.1)):
        a = math.tanh(s) + min(max(n, -0.5), 0.5)
        targets.append(r + 0.9 * min(s + a, 2 * s - a))
    return targets


def _log_gaussian_derivative(x: float, mu: float, var: float) -> float:
    return _central_difference(lambda y: math.log(_normal_pdf(y, mu, var)), x)


INDEPENDENT.update(
    {
        "deterministic_policy_gradient": _dpg,
        "td3_target": _td3,
        # targets 1.4, 1.8, 1.0 against predictions 1.0, 0.5, 2.0
        "sac_q_loss": lambda: (0.4**2 + 1.3**2 + 1.0**2) / 6,
        # uniform: −α log 3 − mean(Q); the Boltzmann policy: −α log Σ exp(Q/α)
        "sac_policy_loss": lambda: [
            -0.5 * math.log(3) - 3.5 / 3,
            -0.5 * math.log(math.exp(2.0) + math.exp(4.0) + math.exp(1.0)),
        ],
        # the derivative of log N(x; 0.6, 0.82) by central differences
        "score_from_noise": lambda: [_log_gaussian_derivative(x, 0.6, 0.82) for x in (0.2, 1.5)],
    }
)


INDEPENDENT.update(
    {
        # Q^A picks action 0 in s' (2.0 > 0.5), Q^B values it at 1.0: 1 + 0.5·(1 + 0.9·1 − 1)
        "double_q_learning": lambda: [[0.0, 1.0 + 0.5 * (1.0 + 0.9 * 1.0 - 1.0)], [2.0, 0.5]],
    }
)


# --- bank5_b: Murphy's Probabilistic Machine Learning (independent computations) ------


def _cauchy() -> list[float]:
    # the Student t density with ν = 1 and scale γ, written through the Gamma function
    nu, mu, g = 1.0, 0.5, 2.0
    c = math.gamma((nu + 1) / 2) / (math.gamma(nu / 2) * math.sqrt(nu * math.pi) * g)
    return [c * (1 + ((x - mu) / g) ** 2 / nu) ** (-(nu + 1) / 2) for x in (-1.0, 0.5, 3.0)]


def _probit_approximation() -> list[float]:
    # σ(μ / √(1 + πσ²/8)) by hand for each (μ, σ²)
    return [sigmoid(m / math.sqrt(1 + math.pi * v / 8)) for m, v in ((0, 1), (1, 4), (2, 0.5))]


def _matern52(r: float, ell: float) -> float:
    # ν = 5/2: the general Matérn form's Bessel function reduces to a degree-2 polynomial
    a = math.sqrt(5) * r / ell
    return (1 + a + 5 * r * r / (3 * ell * ell)) * math.exp(-a)


def _adaboost_weights() -> list[float]:
    # example 3 is the only mistake (weighted error 1/4): after reweighting it carries half
    beta = 0.5 * math.log(3)
    raw = [0.25 * math.exp(-beta)] * 3 + [0.25 * math.exp(beta)]
    raw[2], raw[3] = raw[3], raw[2]
    return [w / sum(raw) for w in raw]


def _logistic_pseudo_residuals() -> list[float]:
    # minus the derivative of the log loss in f, by central differences
    def loss(y: float, f: float) -> float:
        return -(y * math.log(sigmoid(f)) + (1 - y) * math.log(1 - sigmoid(f)))

    return [
        -_central_difference(lambda v, y=y: loss(y, v), f)
        for y, f in ((1.0, 0.5), (0.0, 0.2), (1.0, -0.3))
    ]


def _gauss2(x: list[float], mu: list[float], c: list[list[float]]) -> float:
    # a 2-D Gaussian density with the 2×2 inverse and determinant written out
    det = c[0][0] * c[1][1] - c[0][1] * c[1][0]
    inv = [[c[1][1] / det, -c[0][1] / det], [-c[1][0] / det, c[0][0] / det]]
    d = [x[0] - mu[0], x[1] - mu[1]]
    return math.exp(-0.5 * dot(d, matvec(inv, d))) / (2 * math.pi * math.sqrt(det))


def _ppca_noise() -> float:
    # the eigenvalues of a 3×3 covariance: the two smallest, by Jacobi rotations
    rows = [[2.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 1.0, 1.0], [-3.0, -2.0, -2.0]]
    m = [mean([r[j] for r in rows]) for j in range(3)]
    c = [[mean([(r[i] - m[i]) * (r[j] - m[j]) for r in rows]) for j in range(3)] for i in range(3)]
    for _ in range(50):
        for p, q in ((0, 1), (0, 2), (1, 2)):
            if abs(c[p][q]) < 1e-15:
                continue
            theta = 0.5 * math.atan2(2 * c[p][q], c[q][q] - c[p][p])
            cs, sn = math.cos(theta), math.sin(theta)
            rot = [[float(i == j) for j in range(3)] for i in range(3)]
            rot[p][p], rot[q][q], rot[p][q], rot[q][p] = cs, cs, sn, -sn
            tmp = [[sum(rot[k][i] * c[k][j] for k in range(3)) for j in range(3)] for i in range(3)]
            c = [[sum(tmp[i][k] * rot[k][j] for k in range(3)) for j in range(3)] for i in range(3)]
    eig = sorted(c[i][i] for i in range(3))
    return (eig[0] + eig[1]) / 2


def _tsne_pairs() -> tuple[list[list[float]], list[list[float]]]:
    ys = [(0.0, 0.0), (1.0, 0.0), (0.0, 2.0)]
    k = [
        [
            0.0 if i == j else 1 / (1 + (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2)
            for j, b in enumerate(ys)
        ]
        for i, a in enumerate(ys)
    ]
    total = sum(sum(row) for row in k)
    return k, [[v / total for v in row] for row in k]


def _tsne_gradient() -> list[float]:
    # C = KL(P‖Q) as a function of the map, differentiated by central differences
    p = [[0.0, 0.3, 0.2], [0.3, 0.0, 0.0], [0.2, 0.0, 0.0]]

    def cost(flat: list[float]) -> float:
        ys = [(flat[0], flat[1]), (flat[2], flat[3]), (flat[4], flat[5])]
        k = [
            [
                0.0 if i == j else 1 / (1 + (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2)
                for j, b in enumerate(ys)
            ]
            for i, a in enumerate(ys)
        ]
        z = sum(sum(row) for row in k)
        return sum(
            p[i][j] * math.log(p[i][j] / (k[i][j] / z))
            for i in range(3)
            for j in range(3)
            if p[i][j]
        )

    base = [0.0, 0.0, 1.0, 0.0, 0.0, 2.0]
    grads = []
    for n in range(6):
        up, down = list(base), list(base)
        up[n] += 1e-6
        down[n] -= 1e-6
        grads.append((cost(up) - cost(down)) / 2e-6)
    return grads


def _mh() -> list[float]:
    # target N(0, 1), proposal x' ~ N(x + 0.3, 1): the log acceptance ratio by hand
    out = []
    for x, xp in ((0.0, 1.0), (1.0, 0.2), (2.0, 1.5)):
        log_r = -0.5 * xp**2 + 0.5 * x**2 - 0.5 * (x - xp - 0.3) ** 2 + 0.5 * (xp - x - 0.3) ** 2
        out.append(min(1.0, math.exp(log_r)))
    return out


def _leapfrog() -> list[float]:
    # U = q²/2, M⁻¹ = 2: the three half/full/half steps written out as numbers
    q, p, eps = 1.0, 0.5, 0.1
    p_half = p - eps / 2 * q  # 0.45
    q_new = q + eps * 2 * p_half  # 1.09
    return [q_new, p_half - eps / 2 * q_new]


def _hellinger() -> float:
    # one minus the Bhattacharyya coefficient
    return 1 - sum(math.sqrt(a * b) for a, b in ((0.2, 0.4), (0.5, 0.4), (0.3, 0.2)))


def _bayes_net() -> list[float]:
    # p(a) p(b | a) p(c | b), enumerated in the order a, b, c
    pa, pb_a, pc_b = (0.3, 0.7), ((0.9, 0.1), (0.2, 0.8)), ((0.6, 0.4), (0.5, 0.5))
    return [pa[a] * pb_a[a][b] * pc_b[b][c] for a, b, c in itertools.product((0, 1), repeat=3)]


def _mrf() -> list[float]:
    ab, bc = ((2.0, 1.0), (1.0, 3.0)), ((1.0, 4.0), (2.0, 1.0))
    states = list(itertools.product((0, 1), repeat=3))
    u = [ab[a][b] * bc[b][c] for a, b, c in states]
    return [v / sum(u) for v in u]


def _power_iteration() -> list[float]:
    # the top eigenvector of [[2, 1], [1, 3]] in closed form: λ = (5 + √5)/2, v ∝ (1, λ − 2)
    lam = (5 + math.sqrt(5)) / 2
    norm = math.hypot(1, lam - 2)
    return [1 / norm, (lam - 2) / norm]


INDEPENDENT.update(
    {
        "cauchy_pdf": _cauchy,
        # a Bernoulli(0.3) written directly: p(0) = 0.7, p(1) = 0.3
        "exponential_family": lambda: [0.7, 0.3],
        "probit_approximation": _probit_approximation,
        "matern52_kernel": lambda: [_matern52(r, 1.5) for r in (0.0, 0.5, 2.0)],
        # ½ log 9, ½ log(7/3), ½ log 1
        "adaboost_classifier_weight": lambda: [math.log(3), 0.5 * math.log(7 / 3), 0.0],
        "adaboost_weight_update": _adaboost_weights,
        "exponential_loss": lambda: [math.exp(-2), math.exp(0.5), math.e],
        "gradient_boosting_pseudo_residual": _logistic_pseudo_residuals,
        "ppca_marginal": lambda: _gauss2([1.0, 2.0], [0.0, 1.0], [[1.5, 2.0], [2.0, 4.5]]),
        "factor_analysis_marginal": lambda: _gauss2(
            [1.0, 2.0], [0.0, 1.0], [[1.5, 2.0], [2.0, 4.25]]
        ),
        "ppca_noise_variance_mle": _ppca_noise,
        # squared distances 1, 4, 10 from the first point, σ² = 1
        "sne_conditional_probability": lambda: softmax([-0.5, -2.0, -5.0]),
        "tsne_q": lambda: [v for row in _tsne_pairs()[1] for v in row],
        "tsne_gradient": _tsne_gradient,
        # degrees 2, 1, 1: the off-diagonal entries are −1/√2
        "normalized_graph_laplacian": lambda: [
            1.0,
            -1 / math.sqrt(2),
            -1 / math.sqrt(2),
            -1 / math.sqrt(2),
            1.0,
            0.0,
            -1 / math.sqrt(2),
            0.0,
            1.0,
        ],
        "metropolis_hastings_acceptance": _mh,
        "metropolis_acceptance": lambda: [math.exp(-0.5), 1.0, 1.0],
        # U = ½(1 + 0.25); K = ½(0.09/2 + 4/0.5)
        "hmc_hamiltonian": lambda: 0.5 * 1.25 + 0.5 * (0.09 / 2 + 4 / 0.5),
        "leapfrog_step": _leapfrog,
        # an AR(1) chain with φ = 0.5: 1 + 2φ/(1 − φ) = (1 + φ)/(1 − φ) = 3
        "effective_sample_size_mcmc": lambda: 1000 / 3,
        # (4)² / (1 + 4 + 0.25 + 0.25)
        "kish_effective_sample_size": lambda: 16 / 5.5,
        # with f(r) = r log r it is KL(p‖q)
        "f_divergence": lambda: sum(
            a * math.log(a / b) for a, b in ((0.2, 0.4), (0.5, 0.4), (0.3, 0.2))
        ),
        "hellinger_distance": _hellinger,
        "bic": lambda: 3 * math.log(50) + 240,
        "aic": lambda: 246.0,
        "bayes_net_factorisation": _bayes_net,
        "mrf_factorisation": _mrf,
        # the mean-field fixed point of a Gaussian is its exact mean
        "cavi_update": lambda: [1.0, -1.0],
        "rule_of_succession": lambda: [1 / 7, 4 / 8, 11 / 12],
        # xᵀAx = 2 + 4 + 12 = 18 over xᵀx = 5
        "rayleigh_quotient": lambda: 18 / 5,
        "power_iteration": _power_iteration,
    }
)


def _linear_gaussian_posterior() -> list[float]:
    # condition the joint Gaussian of (z, y) on y: a scalar y, so Σ_yy is a number
    sz, mz, w, b, sy, y = ((1.0, 0.3), (0.3, 2.0)), (0.5, -1.0), (1.0, 2.0), 0.1, 0.5, 1.0
    c = matvec([list(r) for r in sz], list(w))  # Cov(z, y) = Σ_z Wᵀ
    syy = dot(list(w), c) + sy
    m = [mz[i] + c[i] * (y - dot(list(w), list(mz)) - b) / syy for i in range(2)]
    s = [sz[i][j] - c[i] * c[j] / syy for i in range(2) for j in range(2)]
    return m + s


def _em_q() -> float:
    def norm(x: float, m: float) -> float:
        return math.exp(-0.5 * (x - m) ** 2) / math.sqrt(2 * math.pi)

    total = 0.0
    for x in (-1.0, 0.5, 2.0):
        joint = [0.5 * norm(x, -1.0), 0.5 * norm(x, 1.0)]
        for k, (p, m) in enumerate(((0.4, -0.5), (0.6, 1.5))):
            total += joint[k] / sum(joint) * (math.log(p) + math.log(norm(x, m)))
    return total


def _rts() -> list[float]:
    # z₁ ~ N(0, 1), z₂ = 0.9 z₁ + N(0, 0.5), y_t = z_t + N(0, 1): condition z₁ on (y₁, y₂) at once
    c = (1.0, 0.9)
    a, b, d = 2.0, 0.9, 0.81 + 0.5 + 1.0
    det = a * d - b * b
    inv = ((d / det, -b / det), (-b / det, a / det))
    g = [c[0] * inv[0][j] + c[1] * inv[1][j] for j in range(2)]
    return [g[0] * 1.0 + g[1] * 2.0, 1.0 - (g[0] * c[0] + g[1] * c[1])]


def _entropy_bits(counts: list[float]) -> float:
    n = sum(counts)
    return -sum(c / n * math.log2(c / n) for c in counts if c)


def _mmd() -> float:
    xs, ys = (0.0, 1.0, 2.0), (0.5, 3.0)

    def k(a: float, b: float) -> float:
        return math.exp(-0.5 * (a - b) ** 2)

    kxx = mean([k(a, b) for a in xs for b in xs])
    kyy = mean([k(a, b) for a in ys for b in ys])
    kxy = mean([k(a, b) for a in xs for b in ys])
    return kxx + kyy - 2 * kxy


def _silhouette() -> list[float]:
    xs, lab = (0.0, 1.0, 5.0, 6.0, 7.0), (0, 0, 1, 1, 1)
    out = []
    for i, x in enumerate(xs):
        own = [abs(x - y) for j, y in enumerate(xs) if lab[j] == lab[i] and j != i]
        other = [abs(x - y) for j, y in enumerate(xs) if lab[j] != lab[i]]
        a, b = mean(own), mean(other)
        out.append((b - a) / max(a, b))
    return out


def _nmi() -> float:
    counts = ((5.0, 1.0, 0.0), (1.0, 4.0, 1.0))
    n = sum(sum(r) for r in counts)
    rows = [sum(r) / n for r in counts]
    cols = [sum(r[j] for r in counts) / n for j in range(3)]
    mi = sum(
        counts[i][j] / n * math.log(counts[i][j] / n / (rows[i] * cols[j]))
        for i in range(2)
        for j in range(3)
        if counts[i][j]
    )
    h = [-sum(p * math.log(p) for p in ps if p) for ps in (rows, cols)]
    return 2 * mi / (h[0] + h[1])


def _sis() -> list[float]:
    def norm(x: float, m: float, v: float) -> float:
        return math.exp(-0.5 * (x - m) ** 2 / v) / math.sqrt(2 * math.pi * v)

    u = [
        w * norm(0.5, z, 1.0) * norm(z, 0.9 * zp, 0.25) / norm(z, 0.9 * zp + 0.1, 0.5)
        for w, zp, z in ((0.5, 0.0, 0.2), (0.3, 1.0, 0.9), (0.2, -1.0, -0.5))
    ]
    return [v / sum(u) for v in u]


def _pinsker() -> list[float]:
    pairs = ((0.2, 0.4), (0.5, 0.4), (0.3, 0.2))
    tv = 0.5 * sum(abs(a - b) for a, b in pairs)
    kl = sum(a * math.log(a / b) for a, b in pairs)
    return [tv, math.sqrt(kl / 2)]


INDEPENDENT.update(
    {
        "linear_gaussian_posterior": _linear_gaussian_posterior,
        "em_q_function": _em_q,
        "rts_smoother": _rts,
        # parent (9, 5), children (6, 2) and (3, 3)
        "information_gain": lambda: (
            _entropy_bits([9.0, 5.0])
            - (8 * _entropy_bits([6.0, 2.0]) + 6 * _entropy_bits([3.0, 3.0])) / 14
        ),
        "mmd": _mmd,
        "silhouette_coefficient": _silhouette,
        "normalized_mutual_information": _nmi,
        # action 0 risks 0.8·1, action 1 risks 0.2·10: action 0
        "bayes_decision_rule": lambda: [0.8, 2.0, 0.0],
        # counts (2, 1, 3) added to α = (1, 2, 1), and the posterior mean
        "dirichlet_multinomial_posterior": lambda: [3.0, 3.0, 4.0, 0.3, 0.3, 0.4],
        # precision form: λ_N = 0.5 + 4, μ_N = 4·1.1 / 4.5
        "gaussian_mean_posterior": lambda: [4.4 / 4.5, 1 / 4.5],
        "sis_weight_update": _sis,
        # the Bernoulli's Jeffreys prior is the Beta(½, ½) kernel θ^{−½}(1 − θ)^{−½}
        "jeffreys_prior": lambda: [(t * (1 - t)) ** -0.5 for t in (0.1, 0.5, 0.9)],
        "pinsker_inequality": _pinsker,
    }
)


def _rising(x: float, n: int) -> float:
    out = 1.0
    for i in range(n):
        out *= x + i
    return out


def _beta_binomial() -> list[float]:
    # C(M, k) (α)_k (β)_{M−k} / (α + β)_M with rising factorials
    m, a, b = 4, 2.0, 3.0
    return [
        math.comb(m, k) * _rising(a, k) * _rising(b, m - k) / _rising(a + b, m) for k in range(5)
    ]


def _mutual_information(joint: list[list[float]]) -> float:
    rows = [sum(r) for r in joint]
    cols = [sum(r[j] for r in joint) for j in range(len(joint[0]))]
    return sum(
        p * math.log(p / (rows[i] * cols[j]))
        for i, r in enumerate(joint)
        for j, p in enumerate(r)
        if p
    )


def _data_processing() -> list[float]:
    a, b = ((0.9, 0.1), (0.2, 0.8)), ((0.7, 0.3), (0.4, 0.6))
    jxy = [[0.5 * a[x][y] for y in range(2)] for x in range(2)]
    jxz = [[sum(jxy[x][y] * b[y][z] for y in range(2)) for z in range(2)] for x in range(2)]
    return [_mutual_information(jxy), _mutual_information(jxz)]


def _poisson_regression() -> list[float]:
    out = []
    for x, y in (((1.0, 0.5), 2), ((1.0, -1.0), 0)):
        rate = math.exp(dot(list(x), [0.3, 0.8]))
        out.append(math.exp(y * math.log(rate) - rate - math.lgamma(y + 1)))
    return out


def _chain_marginal() -> list[float]:
    # the marginal of c in the chain a - b - c, by summing the joint over a and b
    pa, pab, pbc = (1.0, 2.0), ((3.0, 1.0), (1.0, 2.0)), ((2.0, 1.0), (1.0, 4.0))
    u = [sum(pa[a] * pab[a][b] * pbc[b][c] for a in range(2) for b in range(2)) for c in range(2)]
    return [v / sum(u) for v in u]


INDEPENDENT.update(
    {
        # w = Σ αᵢyᵢxᵢ = (0.7, 0.7): Σα − ½‖w‖²
        "svm_dual": lambda: 0.6 - 0.5 * (0.7**2 + 0.7**2),
        # v = (1.5, −0.1, −0.25) soft-thresholded at 0.2
        "proximal_gradient": lambda: [1.3, 0.0, -0.05],
        "beta_binomial_pmf": _beta_binomial,
        "data_processing_inequality": _data_processing,
        # f = z², z ~ N(μ, 1): d/dμ (μ² + 1) = 2μ
        "score_function_estimator": lambda: 1.0,
        # f = z², z = μ + σε: d/dμ and d/dσ of μ² + σ²
        "reparameterization_gradient": lambda: [1.0, 3.0],
        "poisson_regression": _poisson_regression,
        "sum_product_message": _chain_marginal,
    }
)


def _inverse_gamma() -> list[float]:
    # X = 1/Y with Y ~ Gamma(3, rate 2): f_X(x) = f_Y(1/x) / x²
    def gamma_pdf(y: float) -> float:
        return 2.0**3 / math.gamma(3) * y**2 * math.exp(-2.0 * y)

    return [gamma_pdf(1 / x) / x**2 for x in (0.5, 1.0, 2.0)]


def _hmm_forward() -> float:
    # p(y₁, y₂, y₃) by the forward recursion instead of summing the joint over paths
    pi, a = (0.6, 0.4), ((0.7, 0.3), (0.2, 0.8))
    b = ((0.9, 0.1), (0.3, 0.7))
    alpha = [pi[k] * b[k][0] for k in range(2)]
    for y in (1, 1):
        alpha = [sum(alpha[j] * a[j][k] for j in range(2)) * b[k][y] for k in range(2)]
    return sum(alpha)


def _ebm_gradient() -> float:
    # log p(x) = −θx²/2 + ½ log(θ / 2π), differentiated in θ by central differences
    return _central_difference(lambda t: -0.5 * t * 1.5**2 + 0.5 * math.log(t / (2 * math.pi)), 2.0)


INDEPENDENT.update(
    {
        "inverse_gamma_pdf": _inverse_gamma,
        "hmm_joint": _hmm_forward,
        "ebm_likelihood_gradient": _ebm_gradient,
        # a uniform prior gives p(D | M₁) = 1/(n + 1) for any k; M₀ gives C(10, 7)/2¹⁰
        "bayes_factor": lambda: (1 / 11) / (120 / 1024),
        # the Beta(9, 5) posterior's mean
        "posterior_predictive": lambda: Approx(9 / 14, 1e-6),
        "false_positive_rate": lambda: [0.1, 0.25],
    }
)
INDEPENDENT.update(BANK5_C)  # bank5_c.json: ISLR, CS229, Bishop & Bishop (2024)


def _yogi() -> list[float]:
    out = []
    for s, g in ((0.5, 0.4), (0.01, -0.3), (0.2, 0.0)):
        g2 = g * g
        # a fixed step of 0.1·g² towards g², whichever side it is on
        out.append(s + 0.1 * g2 if g2 > s else s - 0.1 * g2 if g2 < s else s)
    return out


def _nadaraya_watson(x: float) -> float:
    xs, ys = [0.0, 1.0, 2.0, 4.0], [1.0, 3.0, 2.0, 5.0]
    k = [math.exp(-0.5 * (x - xi) ** 2) for xi in xs]
    return sum(ki * yi for ki, yi in zip(k, ys, strict=True)) / sum(k)


def _adain() -> list[list[float]]:
    def stats(row: list[float]) -> tuple[float, float]:
        m = mean(row)
        return m, math.sqrt(mean([(v - m) ** 2 for v in row]))

    x = [[1.0, 2.0, 3.0, 6.0], [0.0, -1.0, 1.0, 4.0]]
    y = [[5.0, 7.0, 5.0, 7.0], [0.0, 0.0, 2.0, 2.0]]
    out = []
    for xr, yr in zip(x, y, strict=True):
        (mx, sx), (my, sy) = stats(xr), stats(yr)
        out.append([sy * (v - mx) / sx + my for v in xr])
    return out


def _cycle() -> float:
    # G(x) = 2x + 1, F(y) = 0.4(y − 1): F(G(x)) = 0.8x, G(F(y)) = 0.8y + 0.2
    forward = mean([abs(-0.2 * 1.0) + abs(-0.2 * 2.0), abs(0.0) + abs(-0.2 * -1.0)])
    backward = mean(
        [abs(0.2 - 0.2 * y1) + abs(0.2 - 0.2 * y2) for y1, y2 in ((3, 5), (1, 1), (-1, 0))]
    )
    return forward + backward


def _bpr() -> float:
    # score gaps of the four triples: 1.5, 3.0, 1.0, −0.5
    log_lik = sum(math.log(sigmoid(gap)) for gap in (1.5, 3.0, 1.0, -0.5))
    return log_lik - 0.01 * (1.0 + 4.0 + 0.25)


def _factorization_machine() -> float:
    x = [1.0, 0.5, 2.0, -1.0]
    w = [0.1, -0.2, 0.3, 0.05]
    v = [[1.0, 0.5], [0.2, -1.0], [-0.5, 0.3], [0.4, 0.4]]
    pairs = sum(dot(v[i], v[j]) * x[i] * x[j] for i in range(4) for j in range(i + 1, 4))
    return 0.5 + dot(w, x) + pairs


def _negative_sampling() -> float:
    v_c = [0.5, -1.0, 0.2]
    loss = -math.log(sigmoid(dot([1.0, -0.5, 0.0], v_c)))
    for u in ([0.3, 0.3, 0.3], [-1.0, 0.0, 1.0]):
        loss -= math.log(1 - sigmoid(dot(u, v_c)))  # σ(−a) = 1 − σ(a)
    return loss


def _glove() -> float:
    x = [[10.0, 2.0], [2.0, 150.0]]
    w, c = [[0.5, 0.1], [-0.2, 0.8]], [[0.3, 0.0], [0.1, 0.9]]
    b, bc = [0.1, -0.1], [0.0, 0.2]
    total = 0.0
    for i in range(2):
        for j in range(2):
            weight = (x[i][j] / 100) ** 0.75 if x[i][j] < 100 else 1.0
            total += weight * (dot(w[i], c[j]) + b[i] + bc[j] - math.log(x[i][j])) ** 2
    return total


def _von_mises() -> list[float]:
    # the normaliser by the midpoint rule over one turn, not by the Bessel function
    n = 20000
    z = (
        sum(math.exp(2.0 * math.cos(2 * math.pi * (k + 0.5) / n)) for k in range(n))
        * 2
        * math.pi
        / n
    )
    return [math.exp(2.0 * math.cos(x - 0.5)) / z for x in (0.5, 0.5 + math.pi, -1.0)]


def _implicit_regularisation() -> float:
    def loss(p: list[float]) -> float:
        return p[0] ** 2 + 3.0 * p[1] ** 2 + p[0] * p[1]

    g = _numerical_gradient(loss, [1.0, -0.5])
    return loss([1.0, -0.5]) + 0.1 / 4 * sum(v * v for v in g)


def _gcn() -> list[list[float]]:
    neighbours = {0: [0, 1], 1: [0, 1, 2], 2: [1, 2]}  # the path 0–1–2 with self-loops
    h = [[1.0, 0.0], [0.0, 1.0], [2.0, -1.0]]
    w = [[1.0, 0.5], [-0.5, 1.0]]
    out = []
    for i in range(3):
        agg = [0.0, 0.0]
        for j in neighbours[i]:
            scale = 1 / math.sqrt(len(neighbours[i]) * len(neighbours[j]))
            agg = [a + scale * v for a, v in zip(agg, vecmat(h[j], w), strict=True)]
        out.append([max(a, 0.0) for a in agg])
    return out


def _planar() -> list[float]:
    def f(z: list[float]) -> list[float]:
        a = 2.0 * z[0] + 1.0 * z[1] + 0.3
        return [z[0] + 1.0 * math.tanh(a), z[1] + 0.5 * math.tanh(a)]

    z, h = [0.5, -1.0], 1e-6
    cols = [
        [(p - m) / (2 * h) for p, m in zip(f([z[0] + h, z[1]]), f([z[0] - h, z[1]]), strict=True)],
        [(p - m) / (2 * h) for p, m in zip(f([z[0], z[1] + h]), f([z[0], z[1] - h]), strict=True)],
    ]
    det = cols[0][0] * cols[1][1] - cols[1][0] * cols[0][1]
    return [*f(z), math.log(abs(det))]


def _affine_coupling() -> list[float]:
    def f(x: list[float]) -> list[float]:
        return [x[0], x[1] * math.exp(math.tanh(0.8 * x[0])) + 2.0 * x[0] - 1.0]

    x, h = [0.5, -1.0], 1e-6
    d0 = [(p - m) / (2 * h) for p, m in zip(f([x[0] + h, x[1]]), f([x[0] - h, x[1]]), strict=True)]
    d1 = [(p - m) / (2 * h) for p, m in zip(f([x[0], x[1] + h]), f([x[0], x[1] - h]), strict=True)]
    return [*f(x), math.log(abs(d0[0] * d1[1] - d1[0] * d0[1]))]  # log|det J| = s(x₁)


def _conv_output_size(n: int, k: int, pad_total: int, s: int) -> int:
    # slide the window over the padded input and count where it starts
    return len(range(0, n + pad_total - k + 1, s))


INDEPENDENT.update(
    {
        "yogi": _yogi,
        "nadaraya_watson": lambda: [_nadaraya_watson(0.5), _nadaraya_watson(3.0)],
        "adain": _adain,
        "iwae_bound": lambda: [
            -6.5 / 4,
            math.log(mean([math.exp(v) for v in (-2.0, -1.0, -3.0, -0.5)])),
        ],
        "cycle_consistency_loss": _cycle,
        "bpr_loss": _bpr,
        "factorization_machine": _factorization_machine,
        "negative_sampling_loss": _negative_sampling,
        "glove_loss": _glove,
        # t/f = 0.01, 1, 100, 0.25: discard 0.9, 0, never, 0.5
        "word2vec_subsampling": lambda: [0.9, 0.0, 0.0, 0.5],
        "von_mises_pdf": _von_mises,
        "implicit_regularisation_gd": _implicit_regularisation,
        "gcn_layer": _gcn,
        "planar_flow": _planar,
        "affine_coupling": _affine_coupling,
        "conv_output_size": lambda: [
            _conv_output_size(8, 3, 0, 1),
            _conv_output_size(8, 3, 2, 1),
            _conv_output_size(8, 3, 2, 2),
            _conv_output_size(7, 2, 0, 2),
        ],
    }
)


def _gat() -> list[float]:
    h = [[1.0, 0.0], [0.0, 1.0], [1.0, -1.0]]
    w = [[1.0, 0.5], [0.0, 1.0]]
    a = [0.5, -1.0, 1.0, 0.3]
    wh = [matvec(w, row) for row in h]
    scores = []
    for j in range(3):
        e = dot(a, wh[0] + wh[j])  # list + list concatenates
        scores.append(e if e > 0 else 0.2 * e)
    return softmax(scores)


def _softmax_ce_gradient() -> list[float]:
    y = [0.0, 1.0, 0.0]

    def loss(o: list[float]) -> float:
        return -sum(t * math.log(p) for t, p in zip(y, softmax(o), strict=True))

    return _numerical_gradient(loss, [2.0, 1.0, -1.0])


def _style_loss() -> float:
    f = [[1.0, 0.0, 2.0], [0.5, -1.0, 1.0]]
    s = [[0.0, 1.0, 1.0], [1.0, 1.0, -1.0]]
    total = 0.0
    for i in range(2):
        for j in range(2):
            g = sum(f[i][k] * f[j][k] for k in range(3))
            a = sum(s[i][k] * s[j][k] for k in range(3))
            total += (g - a) ** 2
    return total / (4 * 2**2 * 3**2)


def _total_variation() -> float:
    x = [[0.0, 1.0, 1.0], [2.0, 2.0, 0.0], [1.0, -1.0, 0.0]]
    down = sum(abs(x[i][j] - x[i + 1][j]) for i in range(2) for j in range(3))
    right = sum(abs(x[i][j] - x[i][j + 1]) for i in range(3) for j in range(2))
    return down + right


def _cbow() -> list[float]:
    u = [[1.0, 0.0], [0.5, 0.5], [-1.0, 1.0]]
    v_bar = [(0.2 + 1.0) / 2, (0.4 - 0.2) / 2]
    return softmax([dot(row, v_bar) for row in u])


INDEPENDENT.update(
    {
        "gat_attention": _gat,
        "softmax_ce_gradient": _softmax_ce_gradient,
        "style_loss": _style_loss,
        "total_variation_loss": _total_variation,
        # centre shift (4, −2) over the anchor's (20, 10); sizes ×1.5 and ×0.5
        "bbox_regression_targets": lambda: [0.2, -0.2, math.log(1.5), -math.log(2.0)],
        "cbow_probability": _cbow,
    }
)


def _transposed_conv_output_size(i: int, k: int, s: int, p: int) -> int:
    # scatter a kernel-sized patch from every input position, then crop p from each side
    covered = {start * s + offset for start in range(i) for offset in range(k)}
    return max(covered) + 1 - 2 * p


def _det(m: list[list[float]]) -> float:
    if len(m) == 1:
        return m[0][0]
    return sum(
        (-1) ** col * m[0][col] * _det([row[:col] + row[col + 1 :] for row in m[1:]])
        for col in range(len(m))
    )


def _glow_logdet() -> float:
    # the full Jacobian for c = 2 channels at two positions: W at each position, 4×4
    w = [[2.0, 1.0], [0.5, 1.5]]
    jac = [[0.0] * 4 for _ in range(4)]
    for pos in range(2):
        for a in range(2):
            for b in range(2):
                jac[2 * pos + a][2 * pos + b] = w[a][b]
    per_position = math.log(abs(_det(jac))) / 2
    return 3 * 4 * per_position


INDEPENDENT.update(
    {
        # errors 0.5, 0, 1, −1: mean square 2.25/4
        "rmse": lambda: math.sqrt(2.25 / 4),
        "relu_derivative": lambda: [
            _central_difference(lambda v: max(v, 0.0), x) for x in (-1.0, 0.5, 2.0, -0.1)
        ],
        "transposed_conv_output_size": lambda: [
            _transposed_conv_output_size(3, 2, 1, 0),
            _transposed_conv_output_size(3, 2, 2, 0),
            _transposed_conv_output_size(4, 4, 2, 1),
            _transposed_conv_output_size(5, 3, 2, 1),
        ],
        "glow_invconv_logdet": _glow_logdet,
    }
)


def _beam_scores() -> list[float]:
    scores = []
    for probs in ([0.5, 0.4], [0.6, 0.5, 0.5, 0.9]):
        log_p = 0.0
        for p in probs:  # the chain rule: the sequence's log-probability is a sum
            log_p += math.log(p)
        scores.append(log_p / len(probs) ** 0.75)
    return scores


INDEPENDENT.update({"beam_score_length_normalised": _beam_scores})


def _rnn_last_state(w: float) -> float:
    h = 0.0
    for x in (0.5, -0.3, 0.8):
        h = math.tanh(w * h + x)
    return h


INDEPENDENT.update(
    {
        # the final state and its derivative in the shared weight by central differences
        "bptt_gradient": lambda: [
            _rnn_last_state(0.7),
            _central_difference(_rnn_last_state, 0.7),
        ],
    }
)


def _fgsm() -> list[float]:
    w, x = [1.0, -2.0, 0.5], [0.2, 0.1, -0.4]

    def loss(v: list[float]) -> float:  # logistic loss of the label +1
        return math.log(1 + math.exp(-dot(w, v)))

    grad = _numerical_gradient(loss, x)
    return [xi + 0.1 * (1 if g > 0 else -1) for xi, g in zip(x, grad, strict=True)]


def _ntk() -> float:
    def f(theta: list[float], x: float) -> float:
        return theta[0] * math.tanh(theta[1] * x)

    g1 = _numerical_gradient(lambda t: f(t, 0.5), [1.5, 0.8])
    g2 = _numerical_gradient(lambda t: f(t, -1.0), [1.5, 0.8])
    return dot(g1, g2)


INDEPENDENT.update({"fgsm": _fgsm, "neural_tangent_kernel": _ntk})


def _densenet() -> list[float]:
    # H maps a vector to (tanh of its sum, the mean of its positive parts)
    out = [1.0, -1.0]
    for _ in range(3):
        total = sum(out)
        positive_mean = sum(v for v in out if v > 0) / len(out)
        out = [*out, math.tanh(total), positive_mean]
    return out


INDEPENDENT.update({"densenet_connectivity": _densenet})


INDEPENDENT.update(
    {
        # 1/100 to the 3/4 is 10^(−3/2); 1/2 to the 3/4 is 2^(−3/4); capped at 1 from 100 on
        "glove_weighting": lambda: [0.0, 10**-1.5, 2**-0.75, 1.0, 1.0],
        # the ratios of the counts fix the answer: 100, 10, 1 → 10^(3/2), 10^(3/4), 1
        "negative_sampling_noise_distribution": lambda: [
            w / (10**1.5 + 10**0.75 + 1.0) for w in (10**1.5, 10**0.75, 1.0)
        ],
    }
)
