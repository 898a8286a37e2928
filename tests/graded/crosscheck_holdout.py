"""A second route to the held-out set's hardest expected values.

`make_holdout.py` computes each value one way; here the same quantity is computed from the
row's own bindings by another route (plain loops, another identity or decomposition), and
`tests/test_graded.py` checks that the two agree. Nothing here reads tutor.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

Check = Callable[[dict[str, Any]], Any]


def _a(x: Any) -> np.ndarray:
    return np.asarray(x, dtype=float)


def _gp_parts(b: dict[str, Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cholesky factor of K + σ²I, K_{X,*} and the targets."""
    kxx, kxs = _a(b[r"\mathbf{K}_{X,X}"]), _a(b[r"\mathbf{K}_{X,*}"])
    noise = float(b[r"\sigma_y"]) ** 2
    chol = np.linalg.cholesky(kxx + noise * np.eye(int(b["N"])))
    return chol, kxs, _a(b.get(r"\mathbf{y}", np.zeros(int(b["N"]))))


def gp_mean(b: dict[str, Any]) -> np.ndarray:
    chol, kxs, y = _gp_parts(b)
    alpha = np.linalg.solve(chol.T, np.linalg.solve(chol, y))  # (K + σ²I)⁻¹ y, GPML Alg. 2.1
    return kxs.T @ alpha


def gp_cov(b: dict[str, Any]) -> np.ndarray:
    chol, kxs, _ = _gp_parts(b)
    v = np.linalg.solve(chol, kxs)
    return _a(b[r"\mathbf{K}_{*,*}"]) - v.T @ v


def _maha2_eig(d: np.ndarray, cov: np.ndarray) -> float:
    vals, vecs = np.linalg.eigh(cov)
    proj = vecs.T @ d
    return float(sum(p * p / lam for p, lam in zip(proj, vals, strict=True)))


def mvn_density(b: dict[str, Any]) -> float:
    d = _a(b[r"\mathbf{x}"]) - _a(b[r"\boldsymbol{\mu}"])
    cov = _a(b[r"\boldsymbol{\Sigma}"])
    vals = np.linalg.eigvalsh(cov)
    log_p = -0.5 * _maha2_eig(d, cov) - 0.5 * float(np.sum(np.log(vals))) - math.log(2 * math.pi)
    return math.exp(log_p)


def maha_delta(b: dict[str, Any]) -> float:
    d = _a(b[r"\boldsymbol{y}"]) - _a(b[r"\boldsymbol{\mu}"])
    return _maha2_eig(d, _a(b[r"\boldsymbol{\Sigma}"]))


def _h(p: Any) -> float:
    return float(-sum(v * math.log(v) for v in np.ravel(_a(p)) if v > 0))


def mi_from_entropies(b: dict[str, Any]) -> float:
    pxy = _a(b["p(x,y)"])
    return _h(pxy.sum(axis=1)) + _h(pxy.sum(axis=0)) - _h(pxy)


def js_from_entropies(b: dict[str, Any]) -> float:
    p, q = _a(b["P"]), _a(b["Q"])
    return _h((p + q) / 2) - 0.5 * (_h(p) + _h(q))


def siglip_loops(b: dict[str, Any]) -> float:
    x, y, z = _a(b[r"\mathbf{x}"]), _a(b[r"\mathbf{y}"]), _a(b["z"])
    n = int(b[r"|\mathcal{B}|"])
    total = 0.0
    for i in range(n):
        for j in range(n):
            expo = z[i, j] * (-b["t"] * float(np.dot(x[i], y[j])) + b["b"])
            total += math.log(1.0 / (1.0 + math.exp(expo)))
    return -total / n


def sample_cov_loops(b: dict[str, Any]) -> np.ndarray:
    xs, xbar = _a(b[r"\mathbf{x}"]), _a(b[r"\bar{\mathbf{x}}"])
    n, d = xs.shape
    out = np.zeros((d, d))
    for row in xs:
        for i in range(d):
            for j in range(d):
                out[i, j] += (row[i] - xbar[i]) * (row[j] - xbar[j])
    return out / n


def gmm_resp_logspace(b: dict[str, Any]) -> np.ndarray:
    y = _a(b[r"\boldsymbol{y}"])[int(b["n"]) - 1]
    logs = []
    for pi, mu, cov in zip(
        b[r"\pi"], b[r"\boldsymbol{\mu}"], b[r"\boldsymbol{\Sigma}"], strict=True
    ):
        cov = _a(cov)
        d = y - _a(mu)
        log_n = (
            -0.5 * _maha2_eig(d, cov) - 0.5 * math.log(np.linalg.det(cov)) - math.log(2 * math.pi)
        )
        logs.append(math.log(pi) + log_n)
    top = max(logs)
    w = np.exp(_a(logs) - top)
    return w / w.sum()


def npg_step(b: dict[str, Any]) -> np.ndarray:
    f, g = _a(b["F"]), _a(b["g"])
    nat = np.linalg.solve(f, g)
    return _a(b[r"\theta_k"]) + math.sqrt(2 * b[r"\delta"] / float(g @ nat)) * nat


def bellman_iterate(b: dict[str, Any]) -> np.ndarray:
    """v ← r + γPv to convergence (a contraction for γ < 1)."""
    p, r, gamma = _a(b[r"\mathbf{P}_\pi"]), _a(b[r"\mathbf{r}_\pi"]), b[r"\gamma"]
    v = np.zeros_like(r)
    for _ in range(200):
        v = r + gamma * p @ v
    return v


def adam_loop(b: dict[str, Any]) -> list[float]:
    """D2L's Adam written coordinate by coordinate."""
    out = []
    for k in range(len(b[r"\mathbf{g}_t"])):
        g = b[r"\mathbf{g}_t"][k]
        v = b[r"\beta_1"] * b[r"\mathbf{v}_{t-1}"][k] + (1 - b[r"\beta_1"]) * g
        s = b[r"\beta_2"] * b[r"\mathbf{s}_{t-1}"][k] + (1 - b[r"\beta_2"]) * g * g
        vh = v / (1 - b[r"\beta_1"] ** b["t"])
        sh = s / (1 - b[r"\beta_2"] ** b["t"])
        out.append(b[r"\mathbf{x}_{t-1}"][k] - b[r"\eta"] * vh / (math.sqrt(sh) + b[r"\epsilon"]))
    return out


def attention_loops(b: dict[str, Any]) -> list[list[float]]:
    q, k, v = b[r"\mathbf Q"], b[r"\mathbf K"], b[r"\mathbf V"]
    scale = math.sqrt(b["d"])
    out = []
    for qi in q:
        scores = [sum(a * c for a, c in zip(qi, kj, strict=True)) / scale for kj in k]
        top = max(scores)
        w = [math.exp(s - top) for s in scores]
        tot = sum(w)
        out.append([sum(w[j] / tot * v[j][c] for j in range(len(v))) for c in range(len(v[0]))])
    return out


def kmeans_loops(b: dict[str, Any]) -> float:
    xs, z, m = _a(b[r"\mathbf{X}"]), _a(b[r"\mathbf{Z}"]), _a(b[r"\mathbf{M}"])
    total = 0.0
    for n, row in enumerate(xs):
        for k in range(z.shape[1]):
            total += z[n, k] * float(np.sum((row - m[:, k]) ** 2))
    return total


def mcc_from_correlation(b: dict[str, Any]) -> float:
    """MCC is Pearson's correlation between the 0/1 truth and the 0/1 prediction."""
    truth = [1] * (b["TP"] + b["FN"]) + [0] * (b["FP"] + b["TN"])
    pred = [1] * b["TP"] + [0] * b["FN"] + [1] * b["FP"] + [0] * b["TN"]
    return float(np.corrcoef(truth, pred)[0, 1])


def infonce_logsumexp(b: dict[str, Any]) -> float:
    q, kplus, ks, tau = _a(b["q"]), _a(b["k_+"]), _a(b["k"]), b[r"\tau"]
    logits = ks @ q / tau
    top = float(logits.max())
    return top + math.log(float(np.sum(np.exp(logits - top)))) - float(q @ kplus) / tau


CHECKS: dict[str, Check] = {
    "pml-gp-mean": gp_mean,
    "pml-gp-cov": gp_cov,
    "bishop-mvn": mvn_density,
    "pml-mahalanobis-delta": maha_delta,
    "mi-double-sum": mi_from_entropies,
    "js-divergence": js_from_entropies,
    "siglip": siglip_loops,
    "sample-covariance": sample_cov_loops,
    "pml-gmm-responsibility": gmm_resp_logspace,
    "natural-policy-gradient-step": npg_step,
    "bellman-direct-solution": bellman_iterate,
    "d2l-adam-block": adam_loop,
    "d2l-scaled-dot-attention": attention_loops,
    "pml-kmeans-matrix": kmeans_loops,
    "mcc": mcc_from_correlation,
    "moco-infonce": infonce_logsumexp,
}
