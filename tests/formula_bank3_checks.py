"""Independent computations for the bank3_*.json formulas (issue #11, req. 3).

Each value is computed a different way from the entry's NumPy reference: plain-Python
loops, closed forms worked by hand, finite differences, or textbook identities. The
checks are merged into INDEPENDENT in test_formula_bank_extra.py.
"""

from __future__ import annotations

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

BANK3: dict[str, Callable[[], Any]] = {**OPTIM}
