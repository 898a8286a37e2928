"""A second route to the expected values of `make_set.py` for the items hardest to check
by hand: plain-Python loops, other identities, other decompositions. Used by
tests/test_graded.py; independent of tutor and of make_set's helpers.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable
from typing import Any

import numpy as np

Check = Callable[[dict[str, Any]], Any]


def _sig(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _mvn2(x: list[float], mu: list[float], s: list[list[float]]) -> float:
    """2-D Gaussian density with the 2x2 inverse and determinant written out."""
    (a, b), (c, d) = s
    det = a * d - b * c
    u, v = x[0] - mu[0], x[1] - mu[1]
    q = (d * u * u - (b + c) * u * v + a * v * v) / det
    return math.exp(-q / 2) / (2 * math.pi * math.sqrt(det))


def _softmax(z: list[float]) -> list[float]:
    m = max(z)
    e = [math.exp(v - m) for v in z]
    return [v / sum(e) for v in e]


def _attention_loops(q: Any, k: Any, v: Any, dk: float) -> list[list[float]]:
    out = []
    for qi in q:
        scores = [sum(a * b for a, b in zip(qi, kj, strict=True)) / math.sqrt(dk) for kj in k]
        w = _softmax(scores)
        out.append([sum(w[j] * v[j][c] for j in range(len(v))) for c in range(len(v[0]))])
    return out


def adam_loops(b: dict[str, Any]) -> list[float]:
    out = []
    for g, m, v, th in zip(b["g_t"], b["m_{t-1}"], b["v_{t-1}"], b["\\theta_{t-1}"], strict=True):
        b1, b2, t = b["\\beta_1"], b["\\beta_2"], b["t"]
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        out.append(
            th - b["\\alpha"] * (m / (1 - b1**t)) / (math.sqrt(v / (1 - b2**t)) + b["\\epsilon"])
        )
    return out


def rope_rotations(b: dict[str, Any]) -> list[float]:
    """Eq. 34 of arXiv:2104.09864 as a block-diagonal rotation (Eq. 15), pair by pair."""
    x, m, out = b["x"], b["m"], []
    for p, th in enumerate(b["\\theta"]):
        c, s = math.cos(m * th), math.sin(m * th)
        x1, x2 = x[2 * p], x[2 * p + 1]
        out += [c * x1 - s * x2, s * x1 + c * x2]
    return out


def jsd_entropies(b: dict[str, Any]) -> float:
    """JSD = H(M) - (H(P) + H(Q)) / 2."""

    def h(p: list[float]) -> float:
        return -sum(v * math.log(v) for v in p if v > 0)

    m = [(p + q) / 2 for p, q in zip(b["P"], b["Q"], strict=True)]
    return h(m) - (h(b["P"]) + h(b["Q"])) / 2


def kl_gpml(b: dict[str, Any]) -> float:
    """GPML Eq. A.23: 1/2 log|S1 S0^-1| + 1/2 tr S1^-1((m0-m1)(m0-m1)^T + S0 - S1)."""
    s0, s1 = np.array(b["\\Sigma_0"]), np.array(b["\\Sigma_1"])
    d = np.array(b["\\mu_0"]) - np.array(b["\\mu_1"])
    s1i = np.linalg.inv(s1)
    return float(
        0.5 * math.log(np.linalg.det(s1 @ np.linalg.inv(s0)))
        + 0.5 * np.trace(s1i @ (np.outer(d, d) + s0 - s1))
    )


def mahalanobis_eig(b: dict[str, Any]) -> float:
    """sqrt(sum (u_i . d)^2 / lambda_i) over the eigenvectors of Sigma (PRML Eq. 2.50)."""
    lam, u = np.linalg.eigh(np.array(b["\\boldsymbol{\\Sigma}"]))
    d = np.array(b["\\mathbf{x}"]) - np.array(b["\\boldsymbol{\\mu}"])
    return math.sqrt(sum((u[:, i] @ d) ** 2 / lam[i] for i in range(len(lam))))


def gmm_resp(b: dict[str, Any]) -> float:
    x = b["\\mathbf{x}"][b["n"] - 1]
    parts = [
        b["\\pi"][k] * _mvn2(x, b["\\boldsymbol{\\mu}"][k], b["\\boldsymbol{\\Sigma}"][k])
        for k in range(b["K"])
    ]
    return parts[b["k"] - 1] / sum(parts)


def gmm_density(b: dict[str, Any]) -> float:
    return sum(
        b["\\pi"][k]
        * _mvn2(b["\\mathbf{x}"], b["\\boldsymbol{\\mu}"][k], b["\\boldsymbol{\\Sigma}"][k])
        for k in range(b["K"])
    )


def gp_mean_cholesky(b: dict[str, Any]) -> float:
    """GPML Algorithm 2.1: L = chol(K + sn^2 I), alpha = L^T \\ (L \\ y), mean = k*^T alpha."""
    kmat = np.array(b["K"]) + b["\\sigma_n"] ** 2 * np.eye(2)
    low = np.linalg.cholesky(kmat)
    alpha = np.linalg.solve(low.T, np.linalg.solve(low, np.array(b["\\mathbf{y}"])))
    return float(np.array(b["\\mathbf{k}_*"]) @ alpha)


def gp_var_cholesky(b: dict[str, Any]) -> float:
    """GPML Algorithm 2.1: v = L \\ k*, var = k(x*, x*) - v^T v."""
    low = np.linalg.cholesky(np.array(b["K"]) + b["\\sigma_n"] ** 2 * np.eye(2))
    v = np.linalg.solve(low, np.array(b["\\mathbf{k}_*"]))
    return b["k(\\mathbf{x}_*, \\mathbf{x}_*)"] - float(v @ v)


def layernorm_stats(b: dict[str, Any]) -> list[float]:
    mu = statistics.fmean(b["x"])
    sd = math.sqrt(statistics.pvariance(b["x"]) + b["\\epsilon"])
    return [
        g * (x - mu) / sd + c for x, g, c in zip(b["x"], b["\\gamma"], b["\\beta"], strict=True)
    ]


def batchnorm_stats(b: dict[str, Any]) -> list[float]:
    mu = statistics.fmean(b["x"])
    sd = math.sqrt(statistics.pvariance(b["x"]) + b["\\epsilon"])
    return [b["\\gamma"] * (x - mu) / sd + b["\\beta"] for x in b["x"]]


def clip_loops(b: dict[str, Any]) -> float:
    s, tau, n = b["s"], b["\\tau"], b["N"]
    total = 0.0
    for i in range(n):
        row = sum(math.exp(s[i][j] / tau) for j in range(n))
        col = sum(math.exp(s[j][i] / tau) for j in range(n))
        total += math.log(math.exp(s[i][i] / tau) / row) + math.log(math.exp(s[i][i] / tau) / col)
    return -total / (2 * n)


def nt_xent_loops(b: dict[str, Any]) -> float:
    z = b["\\boldsymbol{z}"]

    def sim(u: list[float], v: list[float]) -> float:
        return sum(a * c for a, c in zip(u, v, strict=True)) / (math.hypot(*u) * math.hypot(*v))

    i, j, tau = b["i"] - 1, b["j"] - 1, b["\\tau"]
    den = sum(math.exp(sim(z[i], z[k]) / tau) for k in range(2 * b["N"]) if k != i)
    return -math.log(math.exp(sim(z[i], z[j]) / tau) / den)


def ddpm_step_density(b: dict[str, Any]) -> float:
    """Isotropic Gaussian as a product of 1-D densities."""
    var = b["\\beta_t"]
    out = 1.0
    for x, xp in zip(b["\\mathbf{x}_t"], b["\\mathbf{x}_{t-1}"], strict=True):
        mean = math.sqrt(1 - var) * xp
        out *= math.exp(-((x - mean) ** 2) / (2 * var)) / math.sqrt(2 * math.pi * var)
    return out


def geglu_loops(b: dict[str, Any]) -> list[float]:
    x, w, v, bb, c = b["x"], b["W"], b["V"], b["b"], b["c"]
    out = []
    for j in range(len(bb)):
        h = sum(x[i] * w[i][j] for i in range(len(x))) + bb[j]
        g = sum(x[i] * v[i][j] for i in range(len(x))) + c[j]
        out.append(h * 0.5 * (1 + math.erf(h / math.sqrt(2))) * g)
    return out


def swiglu_loops(b: dict[str, Any]) -> list[float]:
    x, w, v, bb, c = b["x"], b["W"], b["V"], b["b"], b["c"]
    out = []
    for j in range(len(bb)):
        h = sum(x[i] * w[i][j] for i in range(len(x))) + bb[j]
        g = sum(x[i] * v[i][j] for i in range(len(x))) + c[j]
        out.append(h * _sig(b["\\beta"] * h) * g)
    return out


def sample_cov_np(b: dict[str, Any]) -> Any:
    return np.cov(np.array(b["\\mathbf{x}"]).T, bias=True).tolist()


def lstm_numpy_gates(b: dict[str, Any]) -> float:
    """All four gates as one stacked affine map, as implementations compute them."""
    w = np.array([b["W_f"], b["W_i"], b["W_o"], b["W_c"]])
    u = np.array([b["U_f"], b["U_i"], b["U_o"], b["U_c"]])
    bias = np.array([b["b_f"], b["b_i"], b["b_o"], b["b_c"]])
    a = w * b["x_t"] + u * b["h_{t-1}"] + bias
    f, i, o = 1 / (1 + np.exp(-a[:3]))
    c = f * b["c_{t-1}"] + i * np.tanh(a[3])
    return float(o * np.tanh(c))


def dl_rnn_loops(b: dict[str, Any]) -> list[float]:
    def mv(m: list[list[float]], x: list[float]) -> list[float]:
        return [sum(r[i] * x[i] for i in range(len(x))) for r in m]

    a = [
        p + q + r
        for p, q, r in zip(
            b["\\boldsymbol{b}"],
            mv(b["\\boldsymbol{W}"], b["\\boldsymbol{h}^{(t-1)}"]),
            mv(b["\\boldsymbol{U}"], b["\\boldsymbol{x}^{(t)}"]),
            strict=True,
        )
    ]
    h = [math.tanh(v) for v in a]
    o = [p + q for p, q in zip(b["\\boldsymbol{c}"], mv(b["\\boldsymbol{V}"], h), strict=True)]
    return _softmax(o)


CHECKS: dict[str, Check] = {
    "vaswani-attention": lambda b: _attention_loops(b["Q"], b["K"], b["V"], b["d_k"]),
    "vaswani-attention-mathsf": lambda b: _attention_loops(b["Q"], b["K"], b["V"], b["d_k"]),
    "adam-alg1-lines": adam_loops,
    "rope-efficient": rope_rotations,
    "jsd-definition": jsd_entropies,
    "gaussian-kl-multivariate": kl_gpml,
    "mahalanobis-top": mahalanobis_eig,
    "prml-gmm-responsibility": gmm_resp,
    "prml-gmm-density": gmm_density,
    "gpml-mean-point": gp_mean_cholesky,
    "gpml-var-point": gp_var_cholesky,
    "layernorm-gain-bias": layernorm_stats,
    "batchnorm-alg1": batchnorm_stats,
    "clip-symmetric": clip_loops,
    "simclr-nt-xent": nt_xent_loops,
    "ddpm-forward-step": ddpm_step_density,
    "geglu": geglu_loops,
    "swiglu": swiglu_loops,
    "prml-sample-covariance": sample_cov_np,
    "lstm-cell": lstm_numpy_gates,
    "dlbook-rnn": dl_rnn_loops,
    "dlbook-mvn": lambda b: _mvn2(
        b["\\boldsymbol{x}"], b["\\boldsymbol{\\mu}"], b["\\boldsymbol{\\Sigma}"]
    ),
    "prml-mvn": lambda b: _mvn2(
        b["\\mathbf{x}"], b["\\boldsymbol{\\mu}"], b["\\boldsymbol{\\Sigma}"]
    ),
    "gelu-exact": lambda b: b["x"] * (1 + math.erf(b["x"] / math.sqrt(2))) / 2,
    "dlbook-softmax": lambda b: _softmax(b["\\boldsymbol{z}"])[b["i"] - 1],
}
