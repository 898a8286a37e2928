"""Generator of the graded set `formulas.jsonl`.

Every formula below is typed as its authors print it (paper / book section in `source`),
and every expected value is computed here by a small NumPy implementation written from
the mathematics, NOT from tutor's code (tutor/offline and tutor/data are never imported).

    python -m tests.graded.make_set          # rewrite formulas.jsonl
    python -m tests.graded.make_set --check  # exit 1 if formulas.jsonl is stale

Binding conventions (also in README.md):
- keys are symbols exactly as the LaTeX writes them ("\\beta_1", "d_k", "W^O",
  "r_t(\\theta)", "V(S_t)"); a key that is present is used as it is;
- an indexed symbol with no key of its own (x_i, \\pi_k, \\boldsymbol{\\mu}_j) is an
  element of the family bound under the bare name ("x", "\\pi", "\\boldsymbol{\\mu}"),
  whose first axis is that index, counted from 1 as in the formula;
- a free index bound as an integer ("i": 2) selects one element; a free index that is
  not bound makes the value the array over that index;
- E over a bound array (\\hat{\\mathbb{E}}_t, \\frac{1}{m}\\sum_i) is the mean over it.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
OUT = HERE / "formulas.jsonl"

Value = Callable[[dict[str, Any]], Any]
ITEMS: list[dict[str, Any]] = []


def A(x: Any) -> np.ndarray:
    return np.asarray(x, dtype=float)


def sig(x: Any) -> Any:
    return 1.0 / (1.0 + np.exp(-A(x)))


def softmax(x: Any, axis: int = -1) -> np.ndarray:
    z = A(x)
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def mvn(x: Any, mu: Any, cov: Any) -> float:
    x, mu, cov = A(x), A(mu), A(cov)
    d = x - mu
    k = x.size
    return float(
        np.exp(-0.5 * d @ np.linalg.solve(cov, d)) / np.sqrt((2 * np.pi) ** k * np.linalg.det(cov))
    )


def attention(q: Any, k: Any, v: Any, dk: float, mask: Any = None) -> np.ndarray:
    s = A(q) @ A(k).T / np.sqrt(dk)
    if mask is not None:
        s = s + mask
    return softmax(s) @ A(v)


def cos_sim(u: Any, v: Any) -> float:
    u, v = A(u), A(v)
    return float(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)))


def add(
    id: str,
    latex: str,
    source: str,
    expected: list[str],
    never: list[str] | None = None,
    b: dict[str, Any] | None = None,
    f: Value | None = None,
    tol: float = 1e-6,
    tags: list[str] | None = None,
) -> None:
    """Record one graded formula; `f(b)` is my own implementation of its main expression."""
    ITEMS.append(
        {
            "id": id,
            "latex": latex.strip(),
            "source": source,
            "expected": expected,
            "never": never or [],
            "bindings": b,
            "_f": f,
            "tolerance": tol,
            "tags": tags or [],
        }
    )


LOOK = ["lookalike"]
SIGMOID = ["logistic sigmoid", "sigmoid"]

# Shared small inputs.
Q2 = [[1.0, 0.0], [0.5, -1.0]]
K2 = [[0.2, 1.0], [-0.3, 0.4]]
V2 = [[1.0, 2.0], [3.0, -1.0]]
SPD = [[2.0, 0.3], [0.3, 1.0]]
MU2 = [0.5, -0.2]
X2 = [1.0, 0.4]

# ---------------------------------------------------------------- Vaswani et al. 1706.03762
ATT_NAMES = ["scaled dot-product attention", "attention"]
ATT_NEVER = ["softmax", "logistic sigmoid", "multi-head attention"]
add(
    "vaswani-attention",
    r"\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\left(\frac{QK^T}{\sqrt{d_k}}\right)V",
    "arXiv:1706.03762 Eq. 1",
    ATT_NAMES,
    ATT_NEVER,
    {"Q": Q2, "K": K2, "V": V2, "d_k": 2},
    lambda b: attention(b["Q"], b["K"], b["V"], b["d_k"]),
)
add(
    "vaswani-attention-bold-top",
    r"\operatorname{Attention}(\mathbf{Q}, \mathbf{K}, \mathbf{V}) = \operatorname{softmax}\left(\frac{\mathbf{Q}\mathbf{K}^\top}{\sqrt{d_k}}\right)\mathbf{V}",
    "arXiv:1706.03762 Eq. 1 (bold, \\top, \\operatorname)",
    ATT_NAMES,
    ATT_NEVER,
    {"\\mathbf{Q}": Q2, "\\mathbf{K}": K2, "\\mathbf{V}": V2, "d_k": 2},
    lambda b: attention(b["\\mathbf{Q}"], b["\\mathbf{K}"], b["\\mathbf{V}"], b["d_k"]),
)
add(
    "vaswani-attention-mathsf",
    r"\mathrm{Attention}(Q,K,V)=\mathrm{softmax}\!\left(\frac{Q K^{\mathsf{T}}}{\sqrt{d_k}}\right) V",
    "arXiv:1706.03762 Eq. 1 (^\\mathsf{T})",
    ATT_NAMES,
    ATT_NEVER,
    {"Q": K2, "K": Q2, "V": V2, "d_k": 4},
    lambda b: attention(b["Q"], b["K"], b["V"], b["d_k"]),
)
add(
    "vaswani-multihead",
    r"\begin{aligned} \mathrm{MultiHead}(Q, K, V) &= \mathrm{Concat}(\mathrm{head_1}, \ldots, \mathrm{head_h})W^O \\ \text{where}~\mathrm{head_i} &= \mathrm{Attention}(QW^Q_i, KW^K_i, VW^V_i) \end{aligned}",
    "arXiv:1706.03762 §3.2.2",
    ["multi-head attention", "multihead attention"],
    ["softmax", "power"],
)
add(
    "vaswani-ffn",
    r"\mathrm{FFN}(x) = \max(0, xW_1 + b_1)W_2 + b_2",
    "arXiv:1706.03762 Eq. 2",
    ["position-wise feed-forward network", "feed-forward network", "ffn", "feed forward"],
    ["relu", "softmax"],
    {
        "x": [1.0, -2.0],
        "W_1": [[0.5, -1.0, 0.2], [0.3, 0.4, -0.6]],
        "b_1": [0.1, 0.0, -0.2],
        "W_2": [[1.0, 0.0], [0.5, -0.5], [-1.0, 2.0]],
        "b_2": [0.05, -0.05],
    },
    lambda b: np.maximum(0, A(b["x"]) @ A(b["W_1"]) + A(b["b_1"])) @ A(b["W_2"]) + A(b["b_2"]),
)
add(
    "vaswani-pe-sin",
    r"PE_{(pos,2i)} = \sin(pos / 10000^{2i/d_{\text{model}}})",
    "arXiv:1706.03762 §3.5",
    ["sinusoidal positional encoding", "positional encoding"],
    ["sine", "rope", "rotary position embedding"],
    {"pos": 3, "i": 1, "d_{\\text{model}}": 8},
    lambda b: math.sin(b["pos"] / 10000 ** (2 * b["i"] / b["d_{\\text{model}}"])),
)
add(
    "vaswani-pe-cos",
    r"PE_{(pos,2i+1)} = \cos(pos / 10000^{2i/d_{\text{model}}})",
    "arXiv:1706.03762 §3.5",
    ["sinusoidal positional encoding", "positional encoding"],
    ["sine", "rope", "rotary position embedding"],
    {"pos": 5, "i": 2, "d_{\\text{model}}": 16},
    lambda b: math.cos(b["pos"] / 10000 ** (2 * b["i"] / b["d_{\\text{model}}"])),
)
add(
    "vaswani-lrate",
    r"lrate = d_{\text{model}}^{-0.5} \cdot \min({step\_num}^{-0.5}, {step\_num} \cdot {warmup\_steps}^{-1.5})",
    "arXiv:1706.03762 Eq. 3",
    [
        "transformer learning rate schedule",
        "noam schedule",
        "inverse square root schedule",
        "warmup",
        "learning rate schedule",
    ],
    ["cosine annealing", "softmax"],
    {"d_{\\text{model}}": 512, "step\\_num": 100, "warmup\\_steps": 4000},
    lambda b: (
        b["d_{\\text{model}}"] ** -0.5
        * min(b["step\\_num"] ** -0.5, b["step\\_num"] * b["warmup\\_steps"] ** -1.5)
    ),
)
add(
    "vaswani-causal-mask",
    r"\mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}} + M\right)V, \qquad M_{ij} = \begin{cases} 0 & j \le i \\ -\infty & j > i \end{cases}",
    "arXiv:1706.03762 §3.2.3 (masking of illegal connections, written as an additive mask)",
    ["causal mask", "masked attention", "masked self-attention", "causal attention"],
    ["softmax"],
    {"Q": Q2, "K": K2, "V": V2, "d_k": 2},
    lambda b: attention(b["Q"], b["K"], b["V"], b["d_k"], np.array([[0.0, -np.inf], [0.0, 0.0]])),
)
add(
    "vaswani-residual",
    r"\mathrm{LayerNorm}(x + \mathrm{Sublayer}(x))",
    "arXiv:1706.03762 §3.1",
    ["residual connection", "add and norm", "add & norm", "sublayer connection", "post-ln"],
    ["softmax", "batch normalization"],
)
add(
    "luong-dot-attention",
    r"\mathrm{Attention}(Q, K, V) = \mathrm{softmax}(QK^\top)V",
    "dot-product (unscaled) attention, Luong et al. arXiv:1508.04025 §3.1 'dot' score, in Vaswani's matrix notation",
    ["dot-product attention", "luong attention", "multiplicative attention", "unscaled attention"],
    ["logistic sigmoid", "scaled dot-product attention"],
    {"Q": Q2, "K": K2, "V": V2},
    lambda b: softmax(A(b["Q"]) @ A(b["K"]).T) @ A(b["V"]),
    tags=LOOK,
)

# ---------------------------------------------------------------- Kingma & Ba 1412.6980
ADAM_B = {
    "g_t": [0.2, -0.5],
    "m_{t-1}": [0.1, 0.0],
    "v_{t-1}": [0.01, 0.04],
    "\\theta_{t-1}": [1.0, -1.0],
    "\\beta_1": 0.9,
    "\\beta_2": 0.999,
    "\\alpha": 0.001,
    "\\epsilon": 1e-8,
    "t": 3,
}


def adam_step(b: dict[str, Any], prefix: str = "") -> np.ndarray:
    g, m, v = A(b["g_t"]), A(b["m_{t-1}"]), A(b["v_{t-1}"])
    b1, b2, t = b["\\beta_1"], b["\\beta_2"], b["t"]
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g**2
    mh = m / (1 - b1**t)
    vh = v / (1 - b2**t)
    return A(b["\\theta_{t-1}"]) - b["\\alpha"] * mh / (np.sqrt(vh) + b["\\epsilon"])


ADAM = ["adam"]
add(
    "adam-alg1-full",
    r"""\begin{aligned}
&t \leftarrow t + 1 \\
&g_t \leftarrow \nabla_\theta f_t(\theta_{t-1}) \\
&m_t \leftarrow \beta_1 \cdot m_{t-1} + (1 - \beta_1) \cdot g_t \\
&v_t \leftarrow \beta_2 \cdot v_{t-1} + (1 - \beta_2) \cdot g_t^2 \\
&\hat{m}_t \leftarrow m_t / (1 - \beta_1^t) \\
&\hat{v}_t \leftarrow v_t / (1 - \beta_2^t) \\
&\theta_t \leftarrow \theta_{t-1} - \alpha \cdot \hat{m}_t / (\sqrt{\hat{v}_t} + \epsilon)
\end{aligned}""",
    "arXiv:1412.6980 Algorithm 1 (loop body)",
    ADAM,
    ["softmax", "adamw", "rmsprop"],
)
add(
    "adam-alg1-lines",
    r"""\begin{aligned}
m_t &\leftarrow \beta_1 \cdot m_{t-1} + (1 - \beta_1) \cdot g_t \\
v_t &\leftarrow \beta_2 \cdot v_{t-1} + (1 - \beta_2) \cdot g_t^2 \\
\hat{m}_t &\leftarrow m_t / (1 - \beta_1^t) \\
\hat{v}_t &\leftarrow v_t / (1 - \beta_2^t) \\
\theta_t &\leftarrow \theta_{t-1} - \alpha \cdot \hat{m}_t / (\sqrt{\hat{v}_t} + \epsilon)
\end{aligned}""",
    "arXiv:1412.6980 Algorithm 1 (lines after the gradient)",
    ADAM,
    ["softmax", "adamw", "rmsprop"],
    ADAM_B,
    adam_step,
)
add(
    "adam-update-bold",
    r"\boldsymbol{\theta}_t = \boldsymbol{\theta}_{t-1} - \alpha \frac{\hat{\mathbf{m}}_t}{\sqrt{\hat{\mathbf{v}}_t} + \epsilon}",
    "arXiv:1412.6980 Algorithm 1 last line (bold vectors)",
    ["adam", "adam update"],
    ["softmax", "adamw"],
    {
        "\\boldsymbol{\\theta}_{t-1}": [0.5, 0.5],
        "\\alpha": 0.01,
        "\\hat{\\mathbf{m}}_t": [0.2, -0.1],
        "\\hat{\\mathbf{v}}_t": [0.04, 0.01],
        "\\epsilon": 1e-8,
    },
    lambda b: (
        A(b["\\boldsymbol{\\theta}_{t-1}"])
        - b["\\alpha"]
        * A(b["\\hat{\\mathbf{m}}_t"])
        / (np.sqrt(A(b["\\hat{\\mathbf{v}}_t"])) + b["\\epsilon"])
    ),
)
add(
    "adam-first-moment",
    r"m_t \leftarrow \beta_1 \cdot m_{t-1} + (1 - \beta_1) \cdot g_t",
    "arXiv:1412.6980 Algorithm 1",
    [
        "exponential moving average",
        "adam first moment estimate",
        "first moment estimate",
        "adam",
        "momentum",
        "ema",
    ],
    ["softmax", "sigmoid"],
    {"\\beta_1": 0.9, "m_{t-1}": [0.1, -0.2], "g_t": [1.0, 0.5]},
    lambda b: b["\\beta_1"] * A(b["m_{t-1}"]) + (1 - b["\\beta_1"]) * A(b["g_t"]),
)
add(
    "adam-bias-correction",
    r"\hat{m}_t = \frac{m_t}{1 - \beta_1^t}",
    "arXiv:1412.6980 Algorithm 1 / §3",
    ["bias correction", "adam bias correction", "bias-corrected first moment estimate", "adam"],
    ["softmax", "element 1 of beta"],
    {"m_t": [0.02, -0.05], "\\beta_1": 0.9, "t": 2},
    lambda b: A(b["m_t"]) / (1 - b["\\beta_1"] ** b["t"]),
)
add(
    "adam-efficient",
    r"""\begin{aligned}
\alpha_t &= \alpha \cdot \sqrt{1 - \beta_2^t} / (1 - \beta_1^t) \\
\theta_t &\leftarrow \theta_{t-1} - \alpha_t \cdot m_t / (\sqrt{v_t} + \hat{\epsilon})
\end{aligned}""",
    "arXiv:1412.6980 §2 (more efficient order of computation)",
    ADAM,
    ["softmax", "adamw"],
    {
        "\\alpha": 0.001,
        "\\beta_1": 0.9,
        "\\beta_2": 0.999,
        "t": 5,
        "\\theta_{t-1}": [0.3, -0.7],
        "m_t": [0.05, -0.02],
        "v_t": [0.001, 0.0004],
        "\\hat{\\epsilon}": 1e-8,
    },
    lambda b: (
        A(b["\\theta_{t-1}"])
        - (b["\\alpha"] * math.sqrt(1 - b["\\beta_2"] ** b["t"]) / (1 - b["\\beta_1"] ** b["t"]))
        * A(b["m_t"])
        / (np.sqrt(A(b["v_t"])) + b["\\hat{\\epsilon}"])
    ),
)
add(
    "adamax",
    r"""\begin{aligned}
m_t &\leftarrow \beta_1 \cdot m_{t-1} + (1 - \beta_1) \cdot g_t \\
u_t &\leftarrow \max(\beta_2 \cdot u_{t-1}, |g_t|) \\
\theta_t &\leftarrow \theta_{t-1} - (\alpha / (1 - \beta_1^t)) \cdot m_t / u_t
\end{aligned}""",
    "arXiv:1412.6980 Algorithm 2 (AdaMax)",
    ["adamax"],
    ["adam", "softmax", "rmsprop"],
    {
        "\\beta_1": 0.9,
        "m_{t-1}": [0.1, 0.0],
        "g_t": [0.2, -0.5],
        "\\beta_2": 0.999,
        "u_{t-1}": [0.3, 0.1],
        "\\theta_{t-1}": [1.0, -1.0],
        "\\alpha": 0.002,
        "t": 3,
    },
    lambda b: (
        A(b["\\theta_{t-1}"])
        - (b["\\alpha"] / (1 - b["\\beta_1"] ** b["t"]))
        * (b["\\beta_1"] * A(b["m_{t-1}"]) + (1 - b["\\beta_1"]) * A(b["g_t"]))
        / np.maximum(b["\\beta_2"] * A(b["u_{t-1}"]), np.abs(A(b["g_t"])))
    ),
)
add(
    "adam-no-sqrt-lookalike",
    r"\hat{\theta}_t = \theta_{t-1} - \alpha \frac{m_t}{v_t + \epsilon}",
    "constructed look-alike of arXiv:1412.6980 Algorithm 1 (no square root, no bias correction)",
    [],
    ["adam", "adamw", "rmsprop"],
    {
        "\\theta_{t-1}": [1.0, 2.0],
        "\\alpha": 0.1,
        "m_t": [0.2, -0.4],
        "v_t": [0.5, 2.0],
        "\\epsilon": 1e-8,
    },
    lambda b: A(b["\\theta_{t-1}"]) - b["\\alpha"] * A(b["m_t"]) / (A(b["v_t"]) + b["\\epsilon"]),
    tags=LOOK,
)
add(
    "momentum-typo-lookalike",
    r"m_t = \beta_1 m_{t-1} + \beta_1 g_t",
    "constructed look-alike of arXiv:1412.6980 Algorithm 1 (both weights \\beta_1)",
    [],
    ["adam", "exponential moving average", "ema"],
    {"\\beta_1": 0.9, "m_{t-1}": [0.1, 0.2], "g_t": [1.0, -1.0]},
    lambda b: b["\\beta_1"] * A(b["m_{t-1}"]) + b["\\beta_1"] * A(b["g_t"]),
    tags=LOOK,
)
add(
    "ema-abs-lookalike",
    r"v_t = \beta_2 v_{t-1} + (1 - \beta_2)|g_t|",
    "constructed look-alike of arXiv:1412.6980 Algorithm 1 (|g_t| instead of g_t^2)",
    ["exponential moving average", "ema"],
    ["adam", "rmsprop", "second moment estimate"],
    {"\\beta_2": 0.99, "v_{t-1}": [0.5, 0.1], "g_t": [-2.0, 0.3]},
    lambda b: b["\\beta_2"] * A(b["v_{t-1}"]) + (1 - b["\\beta_2"]) * np.abs(A(b["g_t"])),
    tags=LOOK,
)

# ---------------------------------------------------------------- Loshchilov & Hutter 1711.05101
ADAMW = ["adamw", "adam with decoupled weight decay", "decoupled weight decay"]
ADAMW_NEVER = ["softmax", "adam", "l2 regularization", "logistic sigmoid"]
add(
    "adamw-line12",
    r"\boldsymbol{\theta}_t \leftarrow \boldsymbol{\theta}_{t-1} - \eta_t \left( \alpha \hat{\mathbf{m}}_t / (\sqrt{\hat{\mathbf{v}}_t} + \epsilon) + \lambda \boldsymbol{\theta}_{t-1} \right)",
    "arXiv:1711.05101 Algorithm 2 line 12",
    ADAMW,
    ADAMW_NEVER,
    {
        "\\boldsymbol{\\theta}_{t-1}": [1.0, -0.5],
        "\\eta_t": 1.0,
        "\\alpha": 0.001,
        "\\hat{\\mathbf{m}}_t": [0.1, -0.2],
        "\\hat{\\mathbf{v}}_t": [0.01, 0.09],
        "\\epsilon": 1e-8,
        "\\lambda": 0.01,
    },
    lambda b: (
        A(b["\\boldsymbol{\\theta}_{t-1}"])
        - b["\\eta_t"]
        * (
            b["\\alpha"]
            * A(b["\\hat{\\mathbf{m}}_t"])
            / (np.sqrt(A(b["\\hat{\\mathbf{v}}_t"])) + b["\\epsilon"])
            + b["\\lambda"] * A(b["\\boldsymbol{\\theta}_{t-1}"])
        )
    ),
)


def adamw_alg(b: dict[str, Any]) -> np.ndarray:
    g = A(b["\\mathbf{g}_t"])
    b1, b2, t = b["\\beta_1"], b["\\beta_2"], b["t"]
    m = b1 * A(b["\\mathbf{m}_{t-1}"]) + (1 - b1) * g
    v = b2 * A(b["\\mathbf{v}_{t-1}"]) + (1 - b2) * g**2
    mh, vh = m / (1 - b1**t), v / (1 - b2**t)
    th = A(b["\\boldsymbol{\\theta}_{t-1}"])
    return th - b["\\eta_t"] * (
        b["\\alpha"] * mh / (np.sqrt(vh) + b["\\epsilon"]) + b["\\lambda"] * th
    )


add(
    "adamw-alg2-lines",
    r"""\begin{aligned}
\mathbf{m}_t &\leftarrow \beta_1 \mathbf{m}_{t-1} + (1 - \beta_1) \mathbf{g}_t \\
\mathbf{v}_t &\leftarrow \beta_2 \mathbf{v}_{t-1} + (1 - \beta_2) \mathbf{g}_t^2 \\
\hat{\mathbf{m}}_t &\leftarrow \mathbf{m}_t / (1 - \beta_1^t) \\
\hat{\mathbf{v}}_t &\leftarrow \mathbf{v}_t / (1 - \beta_2^t) \\
\boldsymbol{\theta}_t &\leftarrow \boldsymbol{\theta}_{t-1} - \eta_t \left( \alpha \hat{\mathbf{m}}_t / (\sqrt{\hat{\mathbf{v}}_t} + \epsilon) + \lambda \boldsymbol{\theta}_{t-1} \right)
\end{aligned}""",
    "arXiv:1711.05101 Algorithm 2 lines 7-12 (schedule multiplier \\eta_t given)",
    ADAMW,
    ADAMW_NEVER,
    {
        "\\mathbf{g}_t": [0.3, -0.1],
        "\\mathbf{m}_{t-1}": [0.05, 0.02],
        "\\mathbf{v}_{t-1}": [0.002, 0.001],
        "\\beta_1": 0.9,
        "\\beta_2": 0.999,
        "t": 4,
        "\\boldsymbol{\\theta}_{t-1}": [0.8, -1.2],
        "\\eta_t": 0.5,
        "\\alpha": 0.001,
        "\\epsilon": 1e-8,
        "\\lambda": 0.01,
    },
    adamw_alg,
)
add(
    "sgdw-alg1",
    r"""\begin{aligned}
\mathbf{m}_t &\leftarrow \beta_1 \mathbf{m}_{t-1} + \eta_t \alpha \mathbf{g}_t \\
\boldsymbol{\theta}_t &\leftarrow \boldsymbol{\theta}_{t-1} - \mathbf{m}_t - \eta_t \lambda \boldsymbol{\theta}_{t-1}
\end{aligned}""",
    "arXiv:1711.05101 Algorithm 1 lines 8-9 (SGDW)",
    ["sgdw", "sgd with decoupled weight decay", "sgd with momentum and decoupled weight decay"],
    ["adamw", "softmax", "l2 regularization"],
    {
        "\\beta_1": 0.9,
        "\\mathbf{m}_{t-1}": [0.01, -0.02],
        "\\eta_t": 1.0,
        "\\alpha": 0.1,
        "\\mathbf{g}_t": [0.5, 0.25],
        "\\boldsymbol{\\theta}_{t-1}": [1.0, 2.0],
        "\\lambda": 0.001,
    },
    lambda b: (
        A(b["\\boldsymbol{\\theta}_{t-1}"])
        - (
            b["\\beta_1"] * A(b["\\mathbf{m}_{t-1}"])
            + b["\\eta_t"] * b["\\alpha"] * A(b["\\mathbf{g}_t"])
        )
        - b["\\eta_t"] * b["\\lambda"] * A(b["\\boldsymbol{\\theta}_{t-1}"])
    ),
)
add(
    "l2-reg-loss-adamw-paper",
    r"f_t^{\text{reg}}(\boldsymbol{\theta}) = f_t(\boldsymbol{\theta}) + \frac{\lambda'}{2} \left\| \boldsymbol{\theta} \right\|_2^2",
    "arXiv:1711.05101 §2 (L2-regularised loss)",
    ["l2 regularization", "l2 regularisation", "weight decay", "ridge penalty", "l2 penalty"],
    ["adamw", "softmax"],
)
add(
    "weight-decay-hanson-pratt",
    r"\boldsymbol{\theta}_{t+1} = (1 - \lambda) \boldsymbol{\theta}_t - \alpha \nabla f_t(\boldsymbol{\theta}_t)",
    "arXiv:1711.05101 Eq. 1 (weight decay as in Hanson & Pratt 1988)",
    ["weight decay", "sgd with weight decay", "gradient descent with weight decay"],
    ["adamw", "softmax"],
    {
        "\\boldsymbol{\\theta}_t": [1.0, -2.0],
        "\\lambda": 0.01,
        "\\alpha": 0.1,
        "\\nabla f_t(\\boldsymbol{\\theta}_t)": [0.5, 0.5],
    },
    lambda b: (
        (1 - b["\\lambda"]) * A(b["\\boldsymbol{\\theta}_t"])
        - b["\\alpha"] * A(b["\\nabla f_t(\\boldsymbol{\\theta}_t)"])
    ),
)

# ---------------------------------------------------------------- SGDR 1608.03983, warm-up
COSINE = [
    "cosine annealing",
    "cosine schedule",
    "sgdr",
    "cosine learning rate schedule",
    "cosine decay",
]
add(
    "sgdr-cosine",
    r"\eta_t = \eta_{min}^{i} + \frac{1}{2}(\eta_{max}^{i} - \eta_{min}^{i})(1 + \cos(\frac{T_{cur}}{T_i}\pi))",
    "arXiv:1608.03983 Eq. 5",
    COSINE,
    ["sine", "softmax", "positional encoding"],
    {"\\eta_{min}^{i}": 0.001, "\\eta_{max}^{i}": 0.1, "T_{cur}": 3, "T_i": 10},
    lambda b: (
        b["\\eta_{min}^{i}"]
        + 0.5
        * (b["\\eta_{max}^{i}"] - b["\\eta_{min}^{i}"])
        * (1 + math.cos(b["T_{cur}"] / b["T_i"] * math.pi))
    ),
)
add(
    "cosine-annealing-max",
    r"\eta_t = \eta_{\min} + \frac12 \left(\eta_{\max} - \eta_{\min}\right)\left(1 + \cos\left(\frac{T_{\text{cur}}}{T_{\max}}\pi\right)\right)",
    "arXiv:1608.03983 Eq. 5 (single cycle, as in arXiv:1711.05101 §3)",
    COSINE,
    ["sine", "softmax"],
    {"\\eta_{\\min}": 0.0, "\\eta_{\\max}": 0.01, "T_{\\text{cur}}": 25, "T_{\\max}": 100},
    lambda b: (
        b["\\eta_{\\min}"]
        + 0.5
        * (b["\\eta_{\\max}"] - b["\\eta_{\\min}"])
        * (1 + math.cos(b["T_{\\text{cur}}"] / b["T_{\\max}"] * math.pi))
    ),
)
add(
    "linear-warmup",
    r"\eta_t = \eta_{\max} \cdot \min\left(1, \frac{t}{T_w}\right)",
    "arXiv:1706.02677 §2.2 (gradual warm-up, written as a formula)",
    ["linear warmup", "learning rate warmup", "warmup", "warm-up", "gradual warmup"],
    ["cosine annealing", "softmax"],
    {"\\eta_{\\max}": 0.4, "t": 30, "T_w": 120},
    lambda b: b["\\eta_{\\max}"] * min(1, b["t"] / b["T_w"]),
)
add(
    "warmup-cosine",
    r"\eta_t = \begin{cases} \eta_{\max} \dfrac{t}{T_w} & t < T_w \\ \dfrac{\eta_{\max}}{2}\left(1 + \cos\left(\pi \dfrac{t - T_w}{T - T_w}\right)\right) & t \ge T_w \end{cases}",
    "arXiv:1706.02677 §2.2 warm-up followed by arXiv:1608.03983 Eq. 5 with \\eta_{min}=0",
    [
        "cosine schedule with warmup",
        "warmup cosine schedule",
        "cosine annealing",
        "cosine decay",
        "learning rate warmup",
        "warm-up",
        "warmup",
    ],
    ["sine", "softmax"],
    {"\\eta_{\\max}": 0.001, "t": 400, "T_w": 100, "T": 1100},
    lambda b: (
        b["\\eta_{\\max}"] * b["t"] / b["T_w"]
        if b["t"] < b["T_w"]
        else b["\\eta_{\\max}"]
        / 2
        * (1 + math.cos(math.pi * (b["t"] - b["T_w"]) / (b["T"] - b["T_w"])))
    ),
)
add(
    "step-decay",
    r"\eta_t = \eta_0 \, \gamma^{\lfloor t / s \rfloor}",
    "arXiv:1512.03385 §3.4 (learning rate divided at fixed steps), written as a formula",
    ["step decay", "step learning rate schedule", "step schedule"],
    ["cosine annealing", "softmax"],
    {"\\eta_0": 0.1, "\\gamma": 0.1, "t": 65, "s": 30},
    lambda b: b["\\eta_0"] * b["\\gamma"] ** (b["t"] // b["s"]),
)

# ---------------------------------------------------------------- Deep Learning book (GBC 2016)
Z3 = [1.0, 2.0, 0.5]
SOFTMAX = ["softmax", "softmax function", "normalized exponential"]
add(
    "dlbook-softmax",
    r"\mathrm{softmax}(\boldsymbol{z})_i = \frac{\exp(z_i)}{\sum_j \exp(z_j)}",
    "Deep Learning book §6.2.2.3",
    SOFTMAX,
    SIGMOID,
    {"\\boldsymbol{z}": Z3, "i": 2},
    lambda b: softmax(b["\\boldsymbol{z}"])[b["i"] - 1],
)
add(
    "dlbook-softmax-stable",
    r"\operatorname{softmax}(\boldsymbol{x} - \max_i x_i)",
    "Deep Learning book §4.1 (softmax of z = x - max_i x_i, to avoid overflow)",
    ["softmax", "stable softmax", "numerically stable softmax"],
    [*SIGMOID, "relu"],
    {"\\boldsymbol{x}": [1000.0, 1001.0, 999.0]},
    lambda b: softmax(b["\\boldsymbol{x}"]),
)
add(
    "wiki-sigma-softmax-lookalike",
    r"\sigma(\mathbf{z})_i = \frac{e^{z_i}}{\sum_{j=1}^K e^{z_j}}",
    "softmax written with \\sigma, as in Bishop PRML §4.3.4 (Eq. 4.104) with a_k renamed",
    SOFTMAX,
    SIGMOID,
    {"\\mathbf{z}": [0.0, 1.0, -1.0, 2.0], "i": 4, "K": 4},
    lambda b: softmax(b["\\mathbf{z}"])[b["i"] - 1],
    tags=LOOK,
)
add(
    "prml-softmax",
    r"y_k(\boldsymbol{\phi}) = p(\mathcal{C}_k|\boldsymbol{\phi}) = \frac{\exp(a_k)}{\sum_j \exp(a_j)}",
    "Bishop PRML §4.3.4 Eq. 4.104",
    [*SOFTMAX, "multiclass logistic regression", "softmax regression"],
    [*SIGMOID, "norm"],
    {"a": [0.5, -0.5, 1.5], "k": 1},
    lambda b: softmax(b["a"])[b["k"] - 1],
)
add(
    "softmax-temperature",
    r"q_i = \frac{\exp(z_i/T)}{\sum_j \exp(z_j/T)}",
    "arXiv:1503.02531 §2 (softmax with temperature T)",
    ["softmax with temperature", "temperature softmax", "softmax", "softened softmax"],
    SIGMOID,
    {"z": [2.0, 1.0, 0.0], "T": 2.0, "i": 1},
    lambda b: softmax(A(b["z"]) / b["T"])[b["i"] - 1],
)
add(
    "dlbook-log-softmax",
    r"\log \mathrm{softmax}(\boldsymbol{z})_i = z_i - \log \sum_j \exp(z_j)",
    "Deep Learning book §6.2.2.3",
    ["log softmax", "log-softmax"],
    [*SIGMOID, "softplus"],
    {"\\boldsymbol{z}": Z3, "i": 3},
    lambda b: float(np.log(softmax(b["\\boldsymbol{z}"])[b["i"] - 1])),
)
add(
    "logsumexp",
    r"\operatorname{LSE}(\mathbf{x}) = \log \sum_{i=1}^{n} \exp(x_i)",
    "Boyd & Vandenberghe, Convex Optimization §3.1.5 (log-sum-exp)",
    ["logsumexp", "log-sum-exp", "log sum exp"],
    ["softmax", "logistic sigmoid", "softplus"],
    {"\\mathbf{x}": [0.5, 1.5, -1.0], "n": 3},
    lambda b: float(np.log(np.exp(A(b["\\mathbf{x}"])).sum())),
)
SIG = ["logistic sigmoid", "sigmoid", "logistic function", "sigmoid function"]
add(
    "dlbook-sigmoid",
    r"\sigma(x) = \frac{1}{1 + \exp(-x)}",
    "Deep Learning book §3.10",
    SIG,
    ["softmax", "standard deviation", "softplus"],
    {"x": 0.5},
    lambda b: float(sig(b["x"])),
)
add(
    "sigmoid-operatorname",
    r"\operatorname{sigmoid}(x) = (1 + e^{-x})^{-1}",
    "Deep Learning book §3.10, written with a power -1",
    SIG,
    ["softmax", "standard deviation"],
    {"x": -1.2},
    lambda b: float(sig(b["x"])),
)
add(
    "sigmoid-exp-ratio",
    r"\sigma(a) = \frac{e^{a}}{e^{a} + 1}",
    "Bishop PRML §4.2 Eq. 4.59, multiplied through by e^a",
    SIG,
    ["softmax", "standard deviation"],
    {"a": 2.0},
    lambda b: float(sig(b["a"])),
)
add(
    "dlbook-softplus",
    r"\zeta(x) = \log(1 + \exp(x))",
    "Deep Learning book §3.10",
    ["softplus"],
    [*SIGMOID, "riemann zeta function"],
    {"x": 0.3},
    lambda b: math.log1p(math.exp(b["x"])),
)
add(
    "dlbook-sigmoid-derivative",
    r"\frac{d}{dx}\sigma(x) = \sigma(x)(1 - \sigma(x))",
    "Deep Learning book §3.10",
    ["sigmoid derivative", "derivative of the sigmoid", "derivative of the logistic sigmoid"],
    ["softmax", "softplus"],
    {"x": 0.7},
    lambda b: float(sig(b["x"]) * (1 - sig(b["x"]))),
)
add(
    "dlbook-sigmoid-symmetry",
    r"1 - \sigma(x) = \sigma(-x)",
    "Deep Learning book §3.10",
    ["sigmoid symmetry", "logistic sigmoid", "sigmoid identity", "sigmoid"],
    ["softmax", "standard deviation"],
    {"x": 1.5},
    lambda b: float(sig(-b["x"])),
)
add(
    "dlbook-softplus-derivative",
    r"\frac{d}{dx}\zeta(x) = \sigma(x)",
    "Deep Learning book §3.10",
    ["softplus derivative", "derivative of softplus", "derivative of the softplus"],
    ["riemann zeta function", "softmax"],
    {"x": -0.4},
    lambda b: float(sig(b["x"])),
)
add(
    "dlbook-logit",
    r"\forall x \in (0, 1), \ \sigma^{-1}(x) = \log\left(\frac{x}{1 - x}\right)",
    "Deep Learning book §3.10",
    ["logit", "log-odds", "inverse sigmoid", "inverse of the logistic sigmoid"],
    ["softmax", "entropy", "reciprocal of the sigmoid"],
    {"x": 0.8},
    lambda b: math.log(b["x"] / (1 - b["x"])),
    tags=LOOK,
)
add(
    "tanh-def",
    r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
    "Deep Learning book §6.3.2 (hyperbolic tangent); standard definition",
    ["tanh", "hyperbolic tangent"],
    [*SIGMOID, "softmax", "sine"],
    {"x": 0.6},
    lambda b: math.tanh(b["x"]),
)
add(
    "dlbook-tanh-sigmoid",
    r"\tanh(z) = 2\sigma(2z) - 1",
    "Deep Learning book §6.3.2",
    ["tanh", "hyperbolic tangent", "tanh sigmoid identity"],
    ["softmax", "standard deviation"],
    {"z": 0.3},
    lambda b: math.tanh(b["z"]),
)
add(
    "dlbook-relu",
    r"g(z) = \max\{0, z\}",
    "Deep Learning book §6.3.1",
    ["relu", "rectified linear unit", "rectifier"],
    ["softmax", "logistic sigmoid", "leaky relu"],
    {"z": [-1.0, 0.0, 2.5]},
    lambda b: np.maximum(0, A(b["z"])),
)
add(
    "dlbook-leaky-relu",
    r"h_i = g(\boldsymbol{z}, \boldsymbol{\alpha})_i = \max(0, z_i) + \alpha_i \min(0, z_i)",
    "Deep Learning book §6.3.1 (generalisation of rectified linear units)",
    ["leaky relu", "parametric relu", "prelu", "generalized relu", "absolute value rectification"],
    ["softmax", "logistic sigmoid"],
    {"\\boldsymbol{z}": [-2.0, 3.0], "\\boldsymbol{\\alpha}": [0.1, 0.1], "i": 1},
    lambda b: (
        max(0, b["\\boldsymbol{z}"][b["i"] - 1])
        + b["\\boldsymbol{\\alpha}"][b["i"] - 1] * min(0, b["\\boldsymbol{z}"][b["i"] - 1])
    ),
)
add(
    "relu-mislabelled-softmax",
    r"\mathrm{softmax}(x) = \max(0, x)",
    "constructed: a ReLU under a wrong label",
    ["relu", "rectified linear unit"],
    ["softmax"],
    {"x": [-1.2, 0.7]},
    lambda b: np.maximum(0, A(b["x"])),
    tags=LOOK,
)
add(
    "elu",
    r"f(x) = \begin{cases} x & \text{if } x > 0 \\ \alpha (\exp(x) - 1) & \text{if } x \le 0 \end{cases}",
    "arXiv:1511.07289 §3 (ELU)",
    ["elu", "exponential linear unit"],
    ["relu", "softplus", "logistic sigmoid"],
    {"x": -0.5, "\\alpha": 1.0},
    lambda b: b["\\alpha"] * (math.exp(b["x"]) - 1) if b["x"] <= 0 else b["x"],
)

KL = ["kl divergence", "kullback-leibler divergence", "relative entropy"]
add(
    "dlbook-kl",
    r"D_{\mathrm{KL}}(P \| Q) = \mathbb{E}_{\mathrm{x} \sim P}\left[\log \frac{P(x)}{Q(x)}\right] = \mathbb{E}_{\mathrm{x} \sim P}\left[\log P(x) - \log Q(x)\right]",
    "Deep Learning book §3.13",
    KL,
    ["norm", "logistic sigmoid", "cross entropy"],
)
add(
    "kl-discrete",
    r"D_{KL}(p \,\|\, q) = \sum_{i} p_i \log \frac{p_i}{q_i}",
    "Deep Learning book §3.13 (discrete)",
    KL,
    ["norm", "cross entropy", "logistic sigmoid"],
    {"p": [0.5, 0.3, 0.2], "q": [0.4, 0.4, 0.2]},
    lambda b: float(np.sum(A(b["p"]) * np.log(A(b["p"]) / A(b["q"])))),
)
add(
    "kl-parallel",
    r"\mathrm{KL}(p \parallel q) = \sum_{x} p(x) \log \frac{p(x)}{q(x)}",
    "Cover & Thomas, Elements of Information Theory 2nd ed. §2.3 (Eq. 2.26), natural log",
    KL,
    ["norm", "cross entropy", "mutual information"],
)
add(
    "kl-reversed-roles",
    r"D_{\mathrm{KL}}(q \Vert p) = -\sum_{i=1}^{n} q_i \log \frac{p_i}{q_i}",
    "Deep Learning book §3.13 (KL, reverse direction, sign moved outside)",
    [*KL, "reverse kl"],
    ["norm", "cross entropy", "entropy"],
    {"q": [0.7, 0.2, 0.1], "p": [0.5, 0.25, 0.25], "n": 3},
    lambda b: float(-np.sum(A(b["q"]) * np.log(A(b["p"]) / A(b["q"])))),
)
ENT = ["entropy", "shannon entropy"]
add(
    "dlbook-entropy",
    r"H(\mathrm{x}) = -\mathbb{E}_{\mathrm{x} \sim P}[\log P(x)]",
    "Deep Learning book §3.13",
    ENT,
    [*SIGMOID, "cross entropy", "dpo"],
)
add(
    "entropy-discrete",
    r"H(X) = -\sum_{i=1}^{n} p_i \log p_i",
    "Deep Learning book §3.13 (discrete, nats)",
    ENT,
    [*SIGMOID, "cross entropy", "dpo", "softmax"],
    {"p": [0.5, 0.25, 0.25], "n": 3},
    lambda b: float(-np.sum(A(b["p"]) * np.log(A(b["p"])))),
    tags=LOOK,
)
add(
    "entropy-bits",
    r"H(X) = -\sum_{i=1}^{n} p_i \log_2 p_i",
    "Cover & Thomas 2nd ed. §2.1 (Eq. 2.1, bits)",
    ENT,
    [*SIGMOID, "cross entropy"],
    {"p": [0.5, 0.25, 0.125, 0.125], "n": 4},
    lambda b: float(-np.sum(A(b["p"]) * np.log2(A(b["p"])))),
    tags=LOOK,
)
add(
    "entropy-cover-thomas",
    r"H(X) = -\sum_{x \in \mathcal{X}} p(x) \log p(x)",
    "Cover & Thomas 2nd ed. §2.1 (Eq. 2.1)",
    ENT,
    [*SIGMOID, "cross entropy", "dpo"],
    tags=LOOK,
)
add(
    "sigmoid-under-entropy-lhs",
    r"H(X) = \frac{1}{1 + e^{-X}}",
    "constructed: a logistic sigmoid under an entropy-like left-hand side",
    SIG,
    ["entropy", "shannon entropy", "cross entropy"],
    {"X": 0.25},
    lambda b: float(sig(b["X"])),
    tags=LOOK,
)
CE = ["cross entropy", "cross-entropy"]
add(
    "dlbook-cross-entropy",
    r"H(P, Q) = -\mathbb{E}_{\mathrm{x} \sim P} \log Q(x)",
    "Deep Learning book §3.13",
    CE,
    [*SIGMOID, "entropy", "shannon entropy", "kl divergence"],
    tags=LOOK,
)
add(
    "cross-entropy-discrete",
    r"H(p, q) = -\sum_{i} p_i \log q_i",
    "Deep Learning book §3.13 (discrete)",
    CE,
    [*SIGMOID, "entropy", "shannon entropy", "kl divergence"],
    {"p": [0.0, 1.0, 0.0], "q": [0.2, 0.7, 0.1]},
    lambda b: float(-np.sum(A(b["p"]) * np.log(A(b["q"])))),
)
add(
    "dlbook-mse",
    r"\mathrm{MSE}_{\mathrm{test}} = \frac{1}{m} \sum_i \left(\hat{\boldsymbol{y}}^{(\mathrm{test})} - \boldsymbol{y}^{(\mathrm{test})}\right)_i^2",
    "Deep Learning book §5.1.4",
    ["mean squared error", "mse"],
    ["cross entropy", "softmax"],
    {
        "m": 3,
        "\\hat{\\boldsymbol{y}}^{(\\mathrm{test})}": [1.0, 2.0, 3.0],
        "\\boldsymbol{y}^{(\\mathrm{test})}": [1.5, 2.0, 2.0],
    },
    lambda b: float(
        np.mean(
            (
                A(b["\\hat{\\boldsymbol{y}}^{(\\mathrm{test})}"])
                - A(b["\\boldsymbol{y}^{(\\mathrm{test})}"])
            )
            ** 2
        )
    ),
)
XTR = [[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]]
YTR = [1.0, 2.0, 2.5]
NORMAL_EQ = ["normal equations", "least squares", "ordinary least squares", "linear regression"]
add(
    "dlbook-normal-equations",
    r"\boldsymbol{w} = \left(\boldsymbol{X}^{(\mathrm{train})\top} \boldsymbol{X}^{(\mathrm{train})}\right)^{-1} \boldsymbol{X}^{(\mathrm{train})\top} \boldsymbol{y}^{(\mathrm{train})}",
    "Deep Learning book §5.1.4",
    NORMAL_EQ,
    ["ridge regression", "softmax", "power"],
    {"\\boldsymbol{X}^{(\\mathrm{train})}": XTR, "\\boldsymbol{y}^{(\\mathrm{train})}": YTR},
    lambda b: np.linalg.solve(
        A(b["\\boldsymbol{X}^{(\\mathrm{train})}"]).T @ A(b["\\boldsymbol{X}^{(\\mathrm{train})}"]),
        A(b["\\boldsymbol{X}^{(\\mathrm{train})}"]).T @ A(b["\\boldsymbol{y}^{(\\mathrm{train})}"]),
    ),
)
add(
    "esl-ols",
    r"\hat{\beta} = (\mathbf{X}^T\mathbf{X})^{-1}\mathbf{X}^T\mathbf{y}",
    "Hastie, Tibshirani & Friedman, ESL 2nd ed. §3.2 (Eq. 3.6)",
    NORMAL_EQ,
    ["ridge regression", "power"],
    {"\\mathbf{X}": XTR, "\\mathbf{y}": YTR},
    lambda b: np.linalg.solve(
        A(b["\\mathbf{X}"]).T @ A(b["\\mathbf{X}"]), A(b["\\mathbf{X}"]).T @ A(b["\\mathbf{y}"])
    ),
)
RIDGE = ["ridge regression", "tikhonov regularization", "l2-regularized least squares", "ridge"]
add(
    "dlbook-ridge",
    r"\boldsymbol{w} = (\boldsymbol{X}^\top \boldsymbol{X} + \alpha \boldsymbol{I})^{-1} \boldsymbol{X}^\top \boldsymbol{y}",
    "Deep Learning book §7.1.1",
    [*RIDGE, "weight decay"],
    ["lasso", "normal equations", "ordinary least squares"],
    {"\\boldsymbol{X}": XTR, "\\boldsymbol{y}": YTR, "\\alpha": 0.5},
    lambda b: np.linalg.solve(
        A(b["\\boldsymbol{X}"]).T @ A(b["\\boldsymbol{X}"]) + b["\\alpha"] * np.eye(2),
        A(b["\\boldsymbol{X}"]).T @ A(b["\\boldsymbol{y}"]),
    ),
)
add(
    "esl-ridge",
    r"\hat{\beta}^{\text{ridge}} = (\mathbf{X}^T\mathbf{X} + \lambda\mathbf{I})^{-1}\mathbf{X}^T\mathbf{y}",
    "ESL 2nd ed. §3.4.1 (Eq. 3.44)",
    RIDGE,
    ["lasso", "ordinary least squares"],
    {"\\mathbf{X}": XTR, "\\mathbf{y}": YTR, "\\lambda": 2.0},
    lambda b: np.linalg.solve(
        A(b["\\mathbf{X}"]).T @ A(b["\\mathbf{X}"]) + b["\\lambda"] * np.eye(2),
        A(b["\\mathbf{X}"]).T @ A(b["\\mathbf{y}"]),
    ),
)
add(
    "dlbook-l2-penalty",
    r"\tilde{J}(\boldsymbol{w}; \boldsymbol{X}, \boldsymbol{y}) = \frac{\alpha}{2}\boldsymbol{w}^\top\boldsymbol{w} + J(\boldsymbol{w}; \boldsymbol{X}, \boldsymbol{y})",
    "Deep Learning book §7.1.1",
    [
        "l2 regularization",
        "l2 regularisation",
        "weight decay",
        "l2 parameter norm penalty",
        "ridge",
    ],
    ["lasso", "softmax"],
)
add(
    "dlbook-l1",
    r"\Omega(\boldsymbol{\theta}) = \|\boldsymbol{w}\|_1 = \sum_i |w_i|",
    "Deep Learning book §7.1.2",
    ["l1 regularization", "l1 norm", "l1 penalty", "lasso penalty"],
    ["l2 regularization", "weight decay"],
    {"\\boldsymbol{w}": [0.5, -1.5, 2.0]},
    lambda b: float(np.abs(A(b["\\boldsymbol{w}"])).sum()),
)
add(
    "dlbook-gaussian",
    r"\mathcal{N}(x; \mu, \sigma^2) = \sqrt{\frac{1}{2\pi\sigma^2}} \exp\left(-\frac{1}{2\sigma^2}(x - \mu)^2\right)",
    "Deep Learning book §3.9.3",
    [
        "normal distribution",
        "gaussian distribution",
        "gaussian density",
        "normal density",
        "gaussian",
    ],
    [*SIGMOID, "softmax"],
    {"x": 1.0, "\\mu": 0.5, "\\sigma": 2.0},
    lambda b: (
        math.exp(-((b["x"] - b["\\mu"]) ** 2) / (2 * b["\\sigma"] ** 2))
        / math.sqrt(2 * math.pi * b["\\sigma"] ** 2)
    ),
)
add(
    "dlbook-gaussian-precision",
    r"\mathcal{N}(x; \mu, \beta^{-1}) = \sqrt{\frac{\beta}{2\pi}} \exp\left(-\frac{1}{2}\beta(x - \mu)^2\right)",
    "Deep Learning book §3.9.3",
    [
        "normal distribution",
        "gaussian distribution",
        "gaussian density",
        "normal density",
        "gaussian",
    ],
    [*SIGMOID, "softmax"],
    {"x": -0.5, "\\mu": 0.0, "\\beta": 4.0},
    lambda b: (
        math.sqrt(b["\\beta"] / (2 * math.pi))
        * math.exp(-0.5 * b["\\beta"] * (b["x"] - b["\\mu"]) ** 2)
    ),
)
MVN = [
    "multivariate normal distribution",
    "multivariate gaussian",
    "multivariate normal",
    "gaussian density",
    "normal distribution",
    "gaussian distribution",
]
add(
    "dlbook-mvn",
    r"\mathcal{N}(\boldsymbol{x}; \boldsymbol{\mu}, \boldsymbol{\Sigma}) = \sqrt{\frac{1}{(2\pi)^n \det(\boldsymbol{\Sigma})}} \exp\left(-\frac{1}{2}(\boldsymbol{x} - \boldsymbol{\mu})^\top \boldsymbol{\Sigma}^{-1} (\boldsymbol{x} - \boldsymbol{\mu})\right)",
    "Deep Learning book §3.9.3",
    MVN,
    [*SIGMOID, "mahalanobis distance", "softmax"],
    {"\\boldsymbol{x}": X2, "\\boldsymbol{\\mu}": MU2, "\\boldsymbol{\\Sigma}": SPD, "n": 2},
    lambda b: mvn(b["\\boldsymbol{x}"], b["\\boldsymbol{\\mu}"], b["\\boldsymbol{\\Sigma}"]),
)
add(
    "prml-mvn",
    r"\mathcal{N}(\mathbf{x}|\boldsymbol{\mu}, \boldsymbol{\Sigma}) = \frac{1}{(2\pi)^{D/2}} \frac{1}{|\boldsymbol{\Sigma}|^{1/2}} \exp\left\{-\frac{1}{2}(\mathbf{x} - \boldsymbol{\mu})^{\mathrm{T}} \boldsymbol{\Sigma}^{-1} (\mathbf{x} - \boldsymbol{\mu})\right\}",
    "Bishop PRML §2.3 (Eq. 2.43)",
    MVN,
    [*SIGMOID, "mahalanobis distance", "norm", "softmax"],
    {
        "\\mathbf{x}": [0.0, 1.0],
        "\\boldsymbol{\\mu}": [0.2, 0.8],
        "\\boldsymbol{\\Sigma}": [[1.0, 0.5], [0.5, 2.0]],
        "D": 2,
    },
    lambda b: mvn(b["\\mathbf{x}"], b["\\boldsymbol{\\mu}"], b["\\boldsymbol{\\Sigma}"]),
)
add(
    "dlbook-mvn-precision",
    r"\mathcal{N}(\boldsymbol{x}; \boldsymbol{\mu}, \boldsymbol{\beta}^{-1}) = \sqrt{\frac{\det(\boldsymbol{\beta})}{(2\pi)^n}} \exp\left(-\frac{1}{2}(\boldsymbol{x} - \boldsymbol{\mu})^\top \boldsymbol{\beta} (\boldsymbol{x} - \boldsymbol{\mu})\right)",
    "Deep Learning book §3.9.3",
    MVN,
    [*SIGMOID, "mahalanobis distance"],
    {"\\boldsymbol{x}": X2, "\\boldsymbol{\\mu}": MU2, "\\boldsymbol{\\beta}": SPD, "n": 2},
    lambda b: mvn(
        b["\\boldsymbol{x}"], b["\\boldsymbol{\\mu}"], np.linalg.inv(A(b["\\boldsymbol{\\beta}"]))
    ),
)
add(
    "dlbook-laplace",
    r"\mathrm{Laplace}(x; \mu, \gamma) = \frac{1}{2\gamma} \exp\left(-\frac{|x - \mu|}{\gamma}\right)",
    "Deep Learning book §3.9.4",
    ["laplace distribution", "laplace density", "double exponential distribution"],
    ["gaussian", "normal distribution", "gaussian density"],
    {"x": 1.0, "\\mu": 0.0, "\\gamma": 2.0},
    lambda b: math.exp(-abs(b["x"] - b["\\mu"]) / b["\\gamma"]) / (2 * b["\\gamma"]),
    tags=LOOK,
)
add(
    "dlbook-exponential",
    r"p(x; \lambda) = \lambda \boldsymbol{1}_{x \ge 0} \exp(-\lambda x)",
    "Deep Learning book §3.9.4",
    ["exponential distribution", "exponential density"],
    ["poisson distribution", "laplace distribution", "gaussian"],
    {"x": 0.5, "\\lambda": 2.0},
    lambda b: b["\\lambda"] * math.exp(-b["\\lambda"] * b["x"]) if b["x"] >= 0 else 0.0,
)
add(
    "dlbook-gradient-descent",
    r"\boldsymbol{x}' = \boldsymbol{x} - \epsilon \nabla_{\boldsymbol{x}} f(\boldsymbol{x})",
    "Deep Learning book §4.3",
    ["gradient descent", "steepest descent", "method of steepest descent"],
    ["gradient clipping", "adam", "newton's method"],
    {
        "\\boldsymbol{x}": [1.0, -1.0],
        "\\epsilon": 0.1,
        "\\nabla_{\\boldsymbol{x}} f(\\boldsymbol{x})": [2.0, -4.0],
    },
    lambda b: (
        A(b["\\boldsymbol{x}"])
        - b["\\epsilon"] * A(b["\\nabla_{\\boldsymbol{x}} f(\\boldsymbol{x})"])
    ),
)
add(
    "dlbook-sgd",
    r"\boldsymbol{\theta} \leftarrow \boldsymbol{\theta} - \epsilon_k \hat{\boldsymbol{g}}",
    "Deep Learning book §8.3.1 (Algorithm 8.1)",
    ["stochastic gradient descent", "sgd", "gradient descent"],
    ["adam", "gradient clipping"],
    {
        "\\boldsymbol{\\theta}": [0.5, 0.5],
        "\\epsilon_k": 0.01,
        "\\hat{\\boldsymbol{g}}": [10.0, -5.0],
    },
    lambda b: A(b["\\boldsymbol{\\theta}"]) - b["\\epsilon_k"] * A(b["\\hat{\\boldsymbol{g}}"]),
)
add(
    "dlbook-momentum",
    r"""\begin{aligned}
\boldsymbol{v} &\leftarrow \alpha \boldsymbol{v} - \epsilon \boldsymbol{g} \\
\boldsymbol{\theta} &\leftarrow \boldsymbol{\theta} + \boldsymbol{v}
\end{aligned}""",
    "Deep Learning book §8.3.2 (Algorithm 8.2, gradient estimate written g)",
    ["momentum", "sgd with momentum", "heavy ball", "classical momentum"],
    ["nesterov momentum", "adam"],
    {
        "\\alpha": 0.9,
        "\\boldsymbol{v}": [0.1, -0.1],
        "\\epsilon": 0.01,
        "\\boldsymbol{g}": [1.0, 2.0],
        "\\boldsymbol{\\theta}": [0.0, 1.0],
    },
    lambda b: (
        A(b["\\boldsymbol{\\theta}"])
        + b["\\alpha"] * A(b["\\boldsymbol{v}"])
        - b["\\epsilon"] * A(b["\\boldsymbol{g}"])
    ),
)
add(
    "dlbook-nesterov",
    r"""\begin{aligned}
\tilde{\boldsymbol{\theta}} &\leftarrow \boldsymbol{\theta} + \alpha \boldsymbol{v} \\
\boldsymbol{g} &\leftarrow \frac{1}{m} \nabla_{\tilde{\boldsymbol{\theta}}} \sum_i L(f(\boldsymbol{x}^{(i)}; \tilde{\boldsymbol{\theta}}), \boldsymbol{y}^{(i)}) \\
\boldsymbol{v} &\leftarrow \alpha \boldsymbol{v} - \epsilon \boldsymbol{g} \\
\boldsymbol{\theta} &\leftarrow \boldsymbol{\theta} + \boldsymbol{v}
\end{aligned}""",
    "Deep Learning book §8.3.3 (Algorithm 8.3)",
    ["nesterov momentum", "nesterov accelerated gradient", "nag"],
    ["adam", "classical momentum"],
)
add(
    "sutskever-nesterov",
    r"""\begin{aligned}
v_{t+1} &= \mu v_t - \varepsilon \nabla f(\theta_t + \mu v_t) \\
\theta_{t+1} &= \theta_t + v_{t+1}
\end{aligned}""",
    "Sutskever, Martens, Dahl & Hinton, ICML 2013, Eqs. 3-4",
    ["nesterov momentum", "nesterov accelerated gradient", "nag"],
    ["adam", "classical momentum"],
    {
        "\\mu": 0.9,
        "v_t": [0.2, 0.0],
        "\\varepsilon": 0.1,
        "\\nabla f(\\theta_t + \\mu v_t)": [1.0, -1.0],
        "\\theta_t": [1.0, 1.0],
    },
    lambda b: (
        A(b["\\theta_t"])
        + b["\\mu"] * A(b["v_t"])
        - b["\\varepsilon"] * A(b["\\nabla f(\\theta_t + \\mu v_t)"])
    ),
)
add(
    "dlbook-adagrad",
    r"""\begin{aligned}
\boldsymbol{r} &\leftarrow \boldsymbol{r} + \boldsymbol{g} \odot \boldsymbol{g} \\
\Delta\boldsymbol{\theta} &\leftarrow -\frac{\epsilon}{\delta + \sqrt{\boldsymbol{r}}} \odot \boldsymbol{g} \\
\boldsymbol{\theta} &\leftarrow \boldsymbol{\theta} + \Delta\boldsymbol{\theta}
\end{aligned}""",
    "Deep Learning book §8.5.1 (Algorithm 8.4)",
    ["adagrad"],
    ["rmsprop", "adam"],
    {
        "\\boldsymbol{r}": [0.5, 1.0],
        "\\boldsymbol{g}": [0.5, -1.0],
        "\\epsilon": 0.01,
        "\\delta": 1e-7,
        "\\boldsymbol{\\theta}": [1.0, 1.0],
    },
    lambda b: (
        A(b["\\boldsymbol{\\theta}"])
        - b["\\epsilon"]
        / (b["\\delta"] + np.sqrt(A(b["\\boldsymbol{r}"]) + A(b["\\boldsymbol{g}"]) ** 2))
        * A(b["\\boldsymbol{g}"])
    ),
)
add(
    "dlbook-rmsprop",
    r"""\begin{aligned}
\boldsymbol{r} &\leftarrow \rho \boldsymbol{r} + (1 - \rho) \boldsymbol{g} \odot \boldsymbol{g} \\
\Delta\boldsymbol{\theta} &= -\frac{\epsilon}{\sqrt{\delta + \boldsymbol{r}}} \odot \boldsymbol{g} \\
\boldsymbol{\theta} &\leftarrow \boldsymbol{\theta} + \Delta\boldsymbol{\theta}
\end{aligned}""",
    "Deep Learning book §8.5.2 (Algorithm 8.5)",
    ["rmsprop"],
    ["adagrad", "adam"],
    {
        "\\rho": 0.9,
        "\\boldsymbol{r}": [0.2, 0.1],
        "\\boldsymbol{g}": [1.0, -0.5],
        "\\epsilon": 0.001,
        "\\delta": 1e-6,
        "\\boldsymbol{\\theta}": [0.0, 0.0],
    },
    lambda b: (
        A(b["\\boldsymbol{\\theta}"])
        - b["\\epsilon"]
        / np.sqrt(
            b["\\delta"]
            + b["\\rho"] * A(b["\\boldsymbol{r}"])
            + (1 - b["\\rho"]) * A(b["\\boldsymbol{g}"]) ** 2
        )
        * A(b["\\boldsymbol{g}"])
    ),
)
add(
    "ruder-rmsprop",
    r"""\begin{aligned}
E[g^2]_t &= 0.9 E[g^2]_{t-1} + 0.1 g^2_t \\
\theta_{t+1} &= \theta_t - \frac{\eta}{\sqrt{E[g^2]_t + \epsilon}} g_t
\end{aligned}""",
    "Ruder, arXiv:1609.04747 §4.5 (RMSprop)",
    ["rmsprop"],
    ["adagrad", "adam", "expectation"],
    {"E[g^2]_{t-1}": 0.04, "g_t": 0.5, "\\theta_t": 1.0, "\\eta": 0.001, "\\epsilon": 1e-8},
    lambda b: (
        b["\\theta_t"]
        - b["\\eta"]
        / math.sqrt(0.9 * b["E[g^2]_{t-1}"] + 0.1 * b["g_t"] ** 2 + b["\\epsilon"])
        * b["g_t"]
    ),
)
add(
    "ruder-adagrad",
    r"\theta_{t+1, i} = \theta_{t, i} - \frac{\eta}{\sqrt{G_{t, ii} + \epsilon}} \cdot g_{t, i}",
    "Ruder, arXiv:1609.04747 §4.3 (Adagrad)",
    ["adagrad"],
    ["rmsprop", "adam"],
    {"\\theta_{t, i}": 0.5, "\\eta": 0.01, "G_{t, ii}": 4.0, "\\epsilon": 1e-8, "g_{t, i}": 1.0},
    lambda b: (
        b["\\theta_{t, i}"]
        - b["\\eta"] / math.sqrt(b["G_{t, ii}"] + b["\\epsilon"]) * b["g_{t, i}"]
    ),
)
H34 = [[1.0, 2.0], [3.0, 0.0], [2.0, 4.0]]


def dl_bn(b: dict[str, Any]) -> np.ndarray:
    h = A(b["\\boldsymbol{H}"])
    mu = h.mean(axis=0)
    s = np.sqrt(b["\\delta"] + ((h - mu) ** 2).mean(axis=0))
    return (h - mu) / s


add(
    "dlbook-batchnorm",
    r"""\begin{aligned}
\boldsymbol{\mu} &= \frac{1}{m} \sum_i \boldsymbol{H}_{i,:} \\
\boldsymbol{\sigma} &= \sqrt{\delta + \frac{1}{m} \sum_i (\boldsymbol{H} - \boldsymbol{\mu})_i^2} \\
\boldsymbol{H}' &= \frac{\boldsymbol{H} - \boldsymbol{\mu}}{\boldsymbol{\sigma}}
\end{aligned}""",
    "Deep Learning book §8.7.1",
    ["batch normalization", "batch norm", "batchnorm"],
    ["layer normalization", "standard deviation", "softmax"],
    {"\\boldsymbol{H}": H34, "m": 3, "\\delta": 1e-8},
    dl_bn,
)
add(
    "dlbook-chain-rule-scalar",
    r"\frac{\partial z}{\partial x_i} = \sum_j \frac{\partial z}{\partial y_j} \frac{\partial y_j}{\partial x_i}",
    "Deep Learning book §6.5.2",
    ["chain rule", "chain rule of calculus", "multivariable chain rule"],
    ["softmax", "chain rule of probability"],
)
add(
    "dlbook-chain-rule-jacobian",
    r"\nabla_{\boldsymbol{x}} z = \left(\frac{\partial \boldsymbol{y}}{\partial \boldsymbol{x}}\right)^\top \nabla_{\boldsymbol{y}} z",
    "Deep Learning book §6.5.2",
    ["chain rule", "chain rule with jacobians", "vector chain rule", "backpropagation"],
    ["softmax", "chain rule of probability"],
    {
        "\\frac{\\partial \\boldsymbol{y}}{\\partial \\boldsymbol{x}}": [
            [1.0, 2.0],
            [0.0, -1.0],
            [3.0, 1.0],
        ],
        "\\nabla_{\\boldsymbol{y}} z": [1.0, 0.5, -1.0],
    },
    lambda b: (
        A(b["\\frac{\\partial \\boldsymbol{y}}{\\partial \\boldsymbol{x}}"]).T
        @ A(b["\\nabla_{\\boldsymbol{y}} z"])
    ),
)
add(
    "dlbook-gradient-clipping",
    r"\text{if } \|\boldsymbol{g}\| > v: \quad \boldsymbol{g} \leftarrow \frac{\boldsymbol{g} v}{\|\boldsymbol{g}\|}",
    "Deep Learning book §10.11.1",
    ["gradient clipping", "gradient norm clipping", "clipping the gradient norm"],
    ["normalized gradient descent", "weight clipping", "softmax"],
    {"\\boldsymbol{g}": [3.0, 4.0], "v": 1.0},
    lambda b: (
        A(b["\\boldsymbol{g}"]) * b["v"] / np.linalg.norm(A(b["\\boldsymbol{g}"]))
        if np.linalg.norm(A(b["\\boldsymbol{g}"])) > b["v"]
        else A(b["\\boldsymbol{g}"])
    ),
)
add(
    "pascanu-gradient-clipping",
    r"\text{if } \|\hat{\mathbf{g}}\| \geq threshold \text{ then } \hat{\mathbf{g}} \leftarrow \frac{threshold}{\|\hat{\mathbf{g}}\|}\hat{\mathbf{g}}",
    "arXiv:1211.5063 §3.2, Algorithm 1 (norm clipping)",
    ["gradient clipping", "gradient norm clipping"],
    ["normalized gradient descent", "weight clipping"],
    {"\\hat{\\mathbf{g}}": [1.0, 2.0, 2.0], "threshold": 1.5},
    lambda b: (
        A(b["\\hat{\\mathbf{g}}"]) * b["threshold"] / np.linalg.norm(A(b["\\hat{\\mathbf{g}}"]))
        if np.linalg.norm(A(b["\\hat{\\mathbf{g}}"])) >= b["threshold"]
        else A(b["\\hat{\\mathbf{g}}"])
    ),
)
add(
    "normalized-gd-lookalike",
    r"x_{t+1} = x_t - \eta \frac{\nabla f(x_t)}{\|\nabla f(x_t)\|}",
    "normalized gradient descent (Hazan, Levy & Shalev-Shwartz, arXiv:1507.02030 Algorithm 1)",
    ["normalized gradient descent", "ngd"],
    ["gradient clipping", "adam", "sgd", "gradient descent"],
    {"x_t": [1.0, 1.0], "\\eta": 0.5, "\\nabla f(x_t)": [3.0, -4.0]},
    lambda b: (
        A(b["x_t"]) - b["\\eta"] * A(b["\\nabla f(x_t)"]) / np.linalg.norm(A(b["\\nabla f(x_t)"]))
    ),
    tags=LOOK,
)
add(
    "dlbook-polyak-ema",
    r"\hat{\boldsymbol{\theta}}^{(t)} = \alpha \hat{\boldsymbol{\theta}}^{(t-1)} + (1 - \alpha) \boldsymbol{\theta}^{(t)}",
    "Deep Learning book §8.7.3",
    [
        "polyak averaging",
        "exponential moving average",
        "ema",
        "exponentially decaying running average",
    ],
    ["adam", "softmax"],
    {
        "\\alpha": 0.99,
        "\\hat{\\boldsymbol{\\theta}}^{(t-1)}": [1.0, 0.0],
        "\\boldsymbol{\\theta}^{(t)}": [2.0, 1.0],
    },
    lambda b: (
        b["\\alpha"] * A(b["\\hat{\\boldsymbol{\\theta}}^{(t-1)}"])
        + (1 - b["\\alpha"]) * A(b["\\boldsymbol{\\theta}^{(t)}"])
    ),
)
add(
    "dlbook-newton",
    r"\boldsymbol{x}^* = \boldsymbol{x}^{(0)} - \boldsymbol{H}(f)(\boldsymbol{x}^{(0)})^{-1} \nabla_{\boldsymbol{x}} f(\boldsymbol{x}^{(0)})",
    "Deep Learning book §4.3.1",
    ["newton's method", "newton step", "newton-raphson", "newton method"],
    ["gradient descent", "adam"],
    {
        "\\boldsymbol{x}^{(0)}": [1.0, 1.0],
        "\\boldsymbol{H}(f)(\\boldsymbol{x}^{(0)})": [[2.0, 0.0], [0.0, 4.0]],
        "\\nabla_{\\boldsymbol{x}} f(\\boldsymbol{x}^{(0)})": [2.0, 2.0],
    },
    lambda b: (
        A(b["\\boldsymbol{x}^{(0)}"])
        - np.linalg.solve(
            A(b["\\boldsymbol{H}(f)(\\boldsymbol{x}^{(0)})"]),
            A(b["\\nabla_{\\boldsymbol{x}} f(\\boldsymbol{x}^{(0)})"]),
        )
    ),
)
add(
    "dlbook-lagrangian",
    r"L(\boldsymbol{x}, \boldsymbol{\lambda}, \boldsymbol{\alpha}) = f(\boldsymbol{x}) + \sum_i \lambda_i g^{(i)}(\boldsymbol{x}) + \sum_j \alpha_j h^{(j)}(\boldsymbol{x})",
    "Deep Learning book §4.4",
    ["generalized lagrangian", "lagrangian", "kkt", "karush-kuhn-tucker"],
    ["softmax", "elbo"],
)
add(
    "dlbook-mle",
    r"\boldsymbol{\theta}_{\mathrm{ML}} = \underset{\boldsymbol{\theta}}{\arg\max} \sum_{i=1}^{m} \log p_{\mathrm{model}}(\boldsymbol{x}^{(i)}; \boldsymbol{\theta})",
    "Deep Learning book §5.5",
    ["maximum likelihood estimation", "maximum likelihood", "mle", "maximum likelihood estimator"],
    ["maximum a posteriori", "entropy"],
)
add(
    "dlbook-map",
    r"\boldsymbol{\theta}_{\mathrm{MAP}} = \underset{\boldsymbol{\theta}}{\arg\max}\, p(\boldsymbol{\theta} \mid \boldsymbol{x}) = \underset{\boldsymbol{\theta}}{\arg\max}\, \log p(\boldsymbol{x} \mid \boldsymbol{\theta}) + \log p(\boldsymbol{\theta})",
    "Deep Learning book §5.6.1",
    ["maximum a posteriori", "map estimation", "map estimate", "maximum a posteriori estimation"],
    ["maximum likelihood estimation", "mle", "norm"],
)
add(
    "dlbook-bias-variance",
    r"\mathrm{MSE} = \mathbb{E}[(\hat{\theta}_m - \theta)^2] = \mathrm{Bias}(\hat{\theta}_m)^2 + \mathrm{Var}(\hat{\theta}_m)",
    "Deep Learning book §5.4.4",
    ["bias-variance decomposition", "bias-variance tradeoff", "mse decomposition", "bias variance"],
    ["softmax", "sample variance"],
    {"\\mathrm{Bias}(\\hat{\\theta}_m)": 0.2, "\\mathrm{Var}(\\hat{\\theta}_m)": 0.1},
    lambda b: b["\\mathrm{Bias}(\\hat{\\theta}_m)"] ** 2 + b["\\mathrm{Var}(\\hat{\\theta}_m)"],
)
add(
    "dlbook-expectation",
    r"\mathbb{E}_{\mathrm{x} \sim P}[f(x)] = \sum_x P(x) f(x)",
    "Deep Learning book §3.8",
    ["expectation", "expected value"],
    ["softmax", "entropy"],
)
add(
    "dlbook-variance",
    r"\mathrm{Var}(f(x)) = \mathbb{E}\left[(f(x) - \mathbb{E}[f(x)])^2\right]",
    "Deep Learning book §3.8",
    ["variance"],
    ["covariance", "standard deviation"],
)
add(
    "dlbook-covariance",
    r"\mathrm{Cov}(f(x), g(y)) = \mathbb{E}\left[(f(x) - \mathbb{E}[f(x)])(g(y) - \mathbb{E}[g(y)])\right]",
    "Deep Learning book §3.8",
    ["covariance"],
    ["variance", "correlation"],
)
add(
    "dlbook-marginal",
    r"\forall x \in \mathrm{x}, P(\mathrm{x} = x) = \sum_y P(\mathrm{x} = x, \mathrm{y} = y)",
    "Deep Learning book §3.4",
    ["marginal probability", "sum rule", "marginalization", "marginalisation"],
    ["bayes rule", "softmax"],
)
add(
    "dlbook-conditional",
    r"P(\mathrm{y} = y \mid \mathrm{x} = x) = \frac{P(\mathrm{y} = y, \mathrm{x} = x)}{P(\mathrm{x} = x)}",
    "Deep Learning book §3.5",
    ["conditional probability", "definition of conditional probability"],
    ["norm", "bayes rule"],
    {"P(\\mathrm{y} = y, \\mathrm{x} = x)": 0.12, "P(\\mathrm{x} = x)": 0.4},
    lambda b: b["P(\\mathrm{y} = y, \\mathrm{x} = x)"] / b["P(\\mathrm{x} = x)"],
)
add(
    "dlbook-chain-rule-probability",
    r"P(\mathrm{x}^{(1)}, \ldots, \mathrm{x}^{(n)}) = P(\mathrm{x}^{(1)}) \prod_{i=2}^{n} P(\mathrm{x}^{(i)} \mid \mathrm{x}^{(1)}, \ldots, \mathrm{x}^{(i-1)})",
    "Deep Learning book §3.6",
    [
        "chain rule of probability",
        "product rule",
        "chain rule of conditional probabilities",
        "probability chain rule",
    ],
    ["chain rule with jacobians", "backpropagation", "norm"],
)
add(
    "dlbook-bayes",
    r"P(\mathrm{x} \mid \mathrm{y}) = \frac{P(\mathrm{x}) P(\mathrm{y} \mid \mathrm{x})}{P(\mathrm{y})}",
    "Deep Learning book §3.11",
    ["bayes rule", "bayes' rule", "bayes theorem", "bayes' theorem"],
    ["norm", "softmax"],
    {"P(\\mathrm{x})": 0.3, "P(\\mathrm{y} \\mid \\mathrm{x})": 0.5, "P(\\mathrm{y})": 0.25},
    lambda b: b["P(\\mathrm{x})"] * b["P(\\mathrm{y} \\mid \\mathrm{x})"] / b["P(\\mathrm{y})"],
)
add(
    "prml-bayes",
    r"p(\mathbf{w}|\mathcal{D}) = \frac{p(\mathcal{D}|\mathbf{w})p(\mathbf{w})}{p(\mathcal{D})}",
    "Bishop PRML §1.2.3 (Eq. 1.43)",
    ["bayes theorem", "bayes' theorem", "bayes rule", "bayes' rule"],
    ["norm", "absolute value", "softmax"],
    {"p(\\mathcal{D}|\\mathbf{w})": 0.2, "p(\\mathbf{w})": 0.5, "p(\\mathcal{D})": 0.25},
    lambda b: b["p(\\mathcal{D}|\\mathbf{w})"] * b["p(\\mathbf{w})"] / b["p(\\mathcal{D})"],
    tags=LOOK,
)
add(
    "dlbook-svd",
    r"\boldsymbol{A} = \boldsymbol{U}\boldsymbol{D}\boldsymbol{V}^\top",
    "Deep Learning book §2.8",
    ["singular value decomposition", "svd"],
    ["eigendecomposition", "power"],
    {
        "\\boldsymbol{U}": [[0.6, -0.8], [0.8, 0.6]],
        "\\boldsymbol{D}": [[3.0, 0.0], [0.0, 1.0]],
        "\\boldsymbol{V}": [[1.0, 0.0], [0.0, 1.0]],
    },
    lambda b: A(b["\\boldsymbol{U}"]) @ A(b["\\boldsymbol{D}"]) @ A(b["\\boldsymbol{V}"]).T,
)
add(
    "svd-mathsf",
    r"\mathbf{X} = \mathbf{U} \boldsymbol{\Sigma} \mathbf{V}^{\mathsf{T}}",
    "Deep Learning book §2.8, in the letters U \\Sigma V^T",
    ["singular value decomposition", "svd"],
    ["eigendecomposition", "covariance", "power"],
    {
        "\\mathbf{U}": [[1.0, 0.0], [0.0, 1.0]],
        "\\boldsymbol{\\Sigma}": [[2.0, 0.0], [0.0, 0.5]],
        "\\mathbf{V}": [[0.6, 0.8], [-0.8, 0.6]],
    },
    lambda b: A(b["\\mathbf{U}"]) @ A(b["\\boldsymbol{\\Sigma}"]) @ A(b["\\mathbf{V}"]).T,
)
add(
    "dlbook-pseudoinverse",
    r"\boldsymbol{A}^+ = \boldsymbol{V}\boldsymbol{D}^+\boldsymbol{U}^\top",
    "Deep Learning book §2.9",
    ["moore-penrose pseudoinverse", "pseudoinverse", "pseudo-inverse"],
    ["singular value decomposition", "positive sample"],
    {
        "\\boldsymbol{V}": [[1.0, 0.0], [0.0, 1.0]],
        "\\boldsymbol{D}^+": [[0.5, 0.0], [0.0, 0.25]],
        "\\boldsymbol{U}": [[0.0, 1.0], [1.0, 0.0]],
    },
    lambda b: A(b["\\boldsymbol{V}"]) @ A(b["\\boldsymbol{D}^+"]) @ A(b["\\boldsymbol{U}"]).T,
)
add(
    "dlbook-eigendecomposition",
    r"\boldsymbol{A} = \boldsymbol{V} \operatorname{diag}(\boldsymbol{\lambda}) \boldsymbol{V}^{-1}",
    "Deep Learning book §2.7",
    ["eigendecomposition", "eigen decomposition", "spectral decomposition"],
    ["singular value decomposition", "svd"],
    {"\\boldsymbol{V}": [[1.0, 1.0], [0.0, 1.0]], "\\boldsymbol{\\lambda}": [2.0, 3.0]},
    lambda b: (
        A(b["\\boldsymbol{V}"])
        @ np.diag(A(b["\\boldsymbol{\\lambda}"]))
        @ np.linalg.inv(A(b["\\boldsymbol{V}"]))
    ),
)
add(
    "dlbook-frobenius",
    r"\|A\|_F = \sqrt{\operatorname{Tr}(\boldsymbol{A}\boldsymbol{A}^\top)}",
    "Deep Learning book §2.10",
    ["frobenius norm"],
    ["trace", "l2 norm", "spectral norm"],
    {"A": [[1.0, 2.0], [2.0, 4.0]], "\\boldsymbol{A}": [[1.0, 2.0], [2.0, 4.0]]},
    lambda b: float(np.sqrt(np.trace(A(b["\\boldsymbol{A}"]) @ A(b["\\boldsymbol{A}"]).T))),
)
add(
    "dlbook-lp-norm",
    r"\|\boldsymbol{x}\|_p = \left(\sum_i |x_i|^p\right)^{\frac{1}{p}}",
    "Deep Learning book §2.5",
    ["lp norm", "p-norm", "l^p norm", "norm"],
    ["frobenius norm", "softmax"],
    {"\\boldsymbol{x}": [1.0, -2.0, 2.0], "p": 3},
    lambda b: float((np.abs(A(b["\\boldsymbol{x}"])) ** b["p"]).sum() ** (1 / b["p"])),
)
add(
    "dlbook-max-norm",
    r"\|\boldsymbol{x}\|_\infty = \max_i |x_i|",
    "Deep Learning book §2.5",
    ["max norm", "infinity norm", "l-infinity norm", "chebyshev norm", "l infinity norm"],
    ["relu", "softmax"],
    {"\\boldsymbol{x}": [1.0, -3.0, 2.0]},
    lambda b: float(np.abs(A(b["\\boldsymbol{x}"])).max()),
)
add(
    "dlbook-rnn",
    r"""\begin{aligned}
\boldsymbol{a}^{(t)} &= \boldsymbol{b} + \boldsymbol{W}\boldsymbol{h}^{(t-1)} + \boldsymbol{U}\boldsymbol{x}^{(t)} \\
\boldsymbol{h}^{(t)} &= \tanh(\boldsymbol{a}^{(t)}) \\
\boldsymbol{o}^{(t)} &= \boldsymbol{c} + \boldsymbol{V}\boldsymbol{h}^{(t)} \\
\hat{\boldsymbol{y}}^{(t)} &= \operatorname{softmax}(\boldsymbol{o}^{(t)})
\end{aligned}""",
    "Deep Learning book §10.2",
    ["recurrent neural network", "rnn", "vanilla rnn", "elman network"],
    ["lstm", "gru"],
    {
        "\\boldsymbol{b}": [0.1, -0.1],
        "\\boldsymbol{W}": [[0.5, 0.0], [0.0, 0.5]],
        "\\boldsymbol{h}^{(t-1)}": [1.0, -1.0],
        "\\boldsymbol{U}": [[1.0, 0.5], [-0.5, 1.0]],
        "\\boldsymbol{x}^{(t)}": [0.2, 0.4],
        "\\boldsymbol{c}": [0.0, 0.5],
        "\\boldsymbol{V}": [[1.0, -1.0], [2.0, 0.0]],
    },
    lambda b: softmax(
        A(b["\\boldsymbol{c}"])
        + A(b["\\boldsymbol{V}"])
        @ np.tanh(
            A(b["\\boldsymbol{b}"])
            + A(b["\\boldsymbol{W}"]) @ A(b["\\boldsymbol{h}^{(t-1)}"])
            + A(b["\\boldsymbol{U}"]) @ A(b["\\boldsymbol{x}^{(t)}"])
        )
    ),
)
add(
    "dlbook-convolution",
    r"S(i, j) = (I * K)(i, j) = \sum_m \sum_n I(m, n) K(i - m, j - n)",
    "Deep Learning book §9.1",
    ["convolution", "2d convolution", "discrete convolution"],
    ["cross-correlation", "softmax"],
)
add(
    "dlbook-cross-correlation",
    r"S(i, j) = (K * I)(i, j) = \sum_m \sum_n I(i + m, j + n) K(m, n)",
    "Deep Learning book §9.1 (cross-correlation, which libraries call convolution)",
    ["cross-correlation", "cross correlation", "convolution"],
    ["softmax", "covariance"],
)

# ---------------------------------------------------------------- Sutton & Barto 2nd ed. (2018)
add(
    "sb-return-discounted",
    r"G_t \doteq R_{t+1} + \gamma R_{t+2} + \gamma^2 R_{t+3} + \cdots = \sum_{k=0}^{\infty} \gamma^k R_{t+k+1}",
    "Sutton & Barto 2nd ed. §3.3 (Eq. 3.8)",
    ["discounted return", "return"],
    ["bellman equation", "softmax"],
)
add(
    "sb-return-recursive",
    r"G_t \doteq R_{t+1} + \gamma G_{t+1}",
    "Sutton & Barto 2nd ed. §3.3 (Eq. 3.9)",
    ["discounted return", "return", "recursive return"],
    ["td error", "softmax"],
    {"R_{t+1}": 1.0, "\\gamma": 0.9, "G_{t+1}": 5.0},
    lambda b: b["R_{t+1}"] + b["\\gamma"] * b["G_{t+1}"],
)
add(
    "sb-v-pi",
    r"v_\pi(s) \doteq \mathbb{E}_\pi[G_t \mid S_t = s]",
    "Sutton & Barto 2nd ed. §3.5 (Eq. 3.12)",
    ["state-value function", "value function", "state value function"],
    ["action-value function", "norm"],
)
add(
    "sb-q-pi",
    r"q_\pi(s, a) \doteq \mathbb{E}_\pi[G_t \mid S_t = s, A_t = a]",
    "Sutton & Barto 2nd ed. §3.5 (Eq. 3.13)",
    ["action-value function", "q function", "action value function", "q-function"],
    ["state-value function", "norm"],
)
BELLMAN = ["bellman equation", "bellman expectation equation", "bellman equation for v_pi"]
add(
    "sb-bellman-v",
    r"v_\pi(s) \doteq \sum_a \pi(a|s) \sum_{s', r} p(s', r | s, a)\left[r + \gamma v_\pi(s')\right]",
    "Sutton & Barto 2nd ed. §3.5 (Eq. 3.14)",
    BELLMAN,
    ["bellman optimality equation", "norm", "softmax"],
)
add(
    "sb-bellman-q",
    r"q_\pi(s, a) = \sum_{s', r} p(s', r \mid s, a)\left[r + \gamma \sum_{a'} \pi(a' \mid s') q_\pi(s', a')\right]",
    "Sutton & Barto 2nd ed. §3.5 (Bellman equation for q_pi, Exercise 3.17)",
    [*BELLMAN, "bellman equation for q"],
    ["bellman optimality equation", "q-learning", "norm"],
)
BELLMAN_OPT = ["bellman optimality equation", "bellman optimality"]
add(
    "sb-bellman-opt-v",
    r"v_*(s) = \max_a \sum_{s', r} p(s', r \mid s, a)\left[r + \gamma v_*(s')\right]",
    "Sutton & Barto 2nd ed. §3.6 (Eq. 3.19)",
    BELLMAN_OPT,
    ["bellman expectation equation", "norm"],
)
add(
    "sb-bellman-opt-q",
    r"q_*(s, a) = \sum_{s', r} p(s', r \mid s, a)\left[r + \gamma \max_{a'} q_*(s', a')\right]",
    "Sutton & Barto 2nd ed. §3.6 (Eq. 3.20)",
    BELLMAN_OPT,
    ["q-learning", "norm"],
)
add(
    "sb-policy-evaluation",
    r"v_{k+1}(s) \doteq \sum_a \pi(a|s) \sum_{s', r} p(s', r|s, a)\left[r + \gamma v_k(s')\right]",
    "Sutton & Barto 2nd ed. §4.1 (Eq. 4.5)",
    [
        "iterative policy evaluation",
        "policy evaluation",
        "bellman expectation backup",
        "bellman equation",
        "bellman expectation equation",
    ],
    ["value iteration", "norm"],
)
add(
    "sb-value-iteration",
    r"v_{k+1}(s) \doteq \max_a \sum_{s', r} p(s', r|s, a)\left[r + \gamma v_k(s')\right]",
    "Sutton & Barto 2nd ed. §4.4 (Eq. 4.10)",
    ["value iteration", "bellman optimality backup", "bellman optimality"],
    ["policy evaluation", "norm"],
)
add(
    "sb-policy-improvement",
    r"\pi'(s) \doteq \underset{a}{\arg\max}\, q_\pi(s, a)",
    "Sutton & Barto 2nd ed. §4.2 (Eq. 4.9)",
    ["policy improvement", "greedy policy", "greedy policy improvement"],
    ["softmax", "q-learning"],
)
add(
    "sb-td0",
    r"V(S_t) \leftarrow V(S_t) + \alpha\left[R_{t+1} + \gamma V(S_{t+1}) - V(S_t)\right]",
    "Sutton & Barto 2nd ed. §6.1 (Eq. 6.2)",
    [
        "td(0)",
        "temporal difference learning",
        "td learning",
        "td update",
        "temporal-difference learning",
    ],
    ["sarsa", "q-learning", "monte carlo"],
    {"V(S_t)": 0.5, "\\alpha": 0.1, "R_{t+1}": 1.0, "\\gamma": 0.9, "V(S_{t+1})": 2.0},
    lambda b: (
        b["V(S_t)"] + b["\\alpha"] * (b["R_{t+1}"] + b["\\gamma"] * b["V(S_{t+1})"] - b["V(S_t)"])
    ),
)
add(
    "sb-mc-constant-alpha",
    r"V(S_t) \leftarrow V(S_t) + \alpha\left[G_t - V(S_t)\right]",
    "Sutton & Barto 2nd ed. §6.1 (Eq. 6.1)",
    [
        "constant-alpha monte carlo",
        "constant-α mc",
        "monte carlo update",
        "every-visit monte carlo",
        "monte carlo",
    ],
    ["td(0)", "sarsa", "q-learning"],
    {"V(S_t)": 1.0, "\\alpha": 0.5, "G_t": 3.0},
    lambda b: b["V(S_t)"] + b["\\alpha"] * (b["G_t"] - b["V(S_t)"]),
)
add(
    "sb-td-error",
    r"\delta_t \doteq R_{t+1} + \gamma V(S_{t+1}) - V(S_t)",
    "Sutton & Barto 2nd ed. §6.1 (Eq. 6.5)",
    ["td error", "temporal difference error", "td residual", "temporal-difference error"],
    ["kronecker delta", "dirac delta", "finite difference"],
    {"R_{t+1}": -1.0, "\\gamma": 0.99, "V(S_{t+1})": 10.0, "V(S_t)": 8.0},
    lambda b: b["R_{t+1}"] + b["\\gamma"] * b["V(S_{t+1})"] - b["V(S_t)"],
)
QB = {"Q(S_t, A_t)": 1.0, "\\alpha": 0.5, "R_{t+1}": 0.0, "\\gamma": 0.9}
add(
    "sb-sarsa",
    r"Q(S_t, A_t) \leftarrow Q(S_t, A_t) + \alpha\left[R_{t+1} + \gamma Q(S_{t+1}, A_{t+1}) - Q(S_t, A_t)\right]",
    "Sutton & Barto 2nd ed. §6.4 (Eq. 6.7)",
    ["sarsa"],
    ["q-learning", "expected sarsa", "softmax"],
    {**QB, "Q(S_{t+1}, A_{t+1})": 2.0},
    lambda b: (
        b["Q(S_t, A_t)"]
        + b["\\alpha"] * (b["R_{t+1}"] + b["\\gamma"] * b["Q(S_{t+1}, A_{t+1})"] - b["Q(S_t, A_t)"])
    ),
)
add(
    "sb-q-learning",
    r"Q(S_t, A_t) \leftarrow Q(S_t, A_t) + \alpha\left[R_{t+1} + \gamma \max_a Q(S_{t+1}, a) - Q(S_t, A_t)\right]",
    "Sutton & Barto 2nd ed. §6.5 (Eq. 6.8)",
    ["q-learning", "q learning"],
    ["sarsa", "expected sarsa", "softmax"],
    {**QB, "Q(S_{t+1}, a)": [0.2, 3.0, 1.0]},
    lambda b: (
        b["Q(S_t, A_t)"]
        + b["\\alpha"] * (b["R_{t+1}"] + b["\\gamma"] * max(b["Q(S_{t+1}, a)"]) - b["Q(S_t, A_t)"])
    ),
)
add(
    "sb-expected-sarsa",
    r"Q(S_t, A_t) \leftarrow Q(S_t, A_t) + \alpha\left[R_{t+1} + \gamma \sum_a \pi(a|S_{t+1}) Q(S_{t+1}, a) - Q(S_t, A_t)\right]",
    "Sutton & Barto 2nd ed. §6.6 (Eq. 6.9)",
    ["expected sarsa"],
    ["q-learning", "sarsa", "norm"],
    {**QB, "\\pi(a|S_{t+1})": [0.5, 0.25, 0.25], "Q(S_{t+1}, a)": [0.2, 3.0, 1.0]},
    lambda b: (
        b["Q(S_t, A_t)"]
        + b["\\alpha"]
        * (
            b["R_{t+1}"]
            + b["\\gamma"] * float(A(b["\\pi(a|S_{t+1})"]) @ A(b["Q(S_{t+1}, a)"]))
            - b["Q(S_t, A_t)"]
        )
    ),
)
add(
    "sb-incremental-mean",
    r"Q_{n+1} = Q_n + \frac{1}{n}\left[R_n - Q_n\right]",
    "Sutton & Barto 2nd ed. §2.4 (Eq. 2.3)",
    [
        "incremental mean",
        "incremental average",
        "sample average",
        "incremental update rule",
        "incremental implementation",
    ],
    ["q-learning", "td(0)"],
    {"Q_n": 2.0, "n": 4, "R_n": 6.0},
    lambda b: b["Q_n"] + (b["R_n"] - b["Q_n"]) / b["n"],
)
add(
    "sb-ucb",
    r"A_t \doteq \underset{a}{\arg\max}\left[Q_t(a) + c\sqrt{\frac{\ln t}{N_t(a)}}\right]",
    "Sutton & Barto 2nd ed. §2.7 (Eq. 2.10)",
    ["upper confidence bound", "ucb", "upper-confidence-bound action selection", "ucb1"],
    ["epsilon-greedy", "softmax"],
)
add(
    "sb-gradient-bandit-softmax",
    r"\Pr\{A_t = a\} \doteq \frac{e^{H_t(a)}}{\sum_{b=1}^{k} e^{H_t(b)}} \doteq \pi_t(a)",
    "Sutton & Barto 2nd ed. §2.8 (Eq. 2.11)",
    [
        "softmax",
        "soft-max distribution",
        "gibbs distribution",
        "boltzmann distribution",
        "softmax policy",
    ],
    ["entropy", "logistic sigmoid"],
    tags=LOOK,
)
add(
    "sb-importance-ratio",
    r"\rho_{t:T-1} \doteq \prod_{k=t}^{T-1} \frac{\pi(A_k|S_k)}{b(A_k|S_k)}",
    "Sutton & Barto 2nd ed. §5.5 (Eq. 5.3)",
    ["importance sampling ratio", "importance-sampling ratio", "importance ratio"],
    ["correlation", "probability ratio clipping"],
    {"\\pi(A_k|S_k)": [0.5, 0.9, 0.2], "b(A_k|S_k)": [0.25, 0.5, 0.4], "t": 1, "T": 4},
    lambda b: float(np.prod(A(b["\\pi(A_k|S_k)"]) / A(b["b(A_k|S_k)"]))),
)
add(
    "sb-n-step-return",
    r"G_{t:t+n} \doteq R_{t+1} + \gamma R_{t+2} + \cdots + \gamma^{n-1} R_{t+n} + \gamma^n V_{t+n-1}(S_{t+n})",
    "Sutton & Barto 2nd ed. §7.1 (Eq. 7.1)",
    ["n-step return"],
    ["lambda-return", "softmax"],
)
add(
    "sb-lambda-return",
    r"G_t^\lambda \doteq (1 - \lambda) \sum_{n=1}^{\infty} \lambda^{n-1} G_{t:t+n}",
    "Sutton & Barto 2nd ed. §12.1 (Eq. 12.2)",
    ["lambda-return", "λ-return", "lambda return"],
    ["n-step return", "gae"],
)
add(
    "sb-semi-gradient-td",
    r"\mathbf{w}_{t+1} \doteq \mathbf{w}_t + \alpha\left[R_{t+1} + \gamma \hat{v}(S_{t+1}, \mathbf{w}_t) - \hat{v}(S_t, \mathbf{w}_t)\right] \nabla \hat{v}(S_t, \mathbf{w}_t)",
    "Sutton & Barto 2nd ed. §9.3 (semi-gradient TD(0), Eq. 9.7 with the TD target)",
    ["semi-gradient td(0)", "semi-gradient td", "td(0)", "td learning"],
    ["q-learning", "sarsa"],
)
add(
    "sb-eligibility-trace",
    r"\mathbf{z}_t \doteq \gamma \lambda \mathbf{z}_{t-1} + \nabla \hat{v}(S_t, \mathbf{w}_t)",
    "Sutton & Barto 2nd ed. §12.2 (Eq. 12.5)",
    ["eligibility trace", "accumulating trace", "td(lambda)", "td(λ)"],
    ["momentum", "exponential moving average"],
)
add(
    "sb-reinforce",
    r"\boldsymbol{\theta}_{t+1} \doteq \boldsymbol{\theta}_t + \alpha G_t \frac{\nabla \pi(A_t|S_t, \boldsymbol{\theta}_t)}{\pi(A_t|S_t, \boldsymbol{\theta}_t)}",
    "Sutton & Barto 2nd ed. §13.3 (Eq. 13.8)",
    ["reinforce", "monte carlo policy gradient", "policy gradient"],
    ["ppo", "norm", "q-learning"],
)
add(
    "sb-reinforce-baseline",
    r"\boldsymbol{\theta}_{t+1} \doteq \boldsymbol{\theta}_t + \alpha \left(G_t - b(S_t)\right) \frac{\nabla \pi(A_t|S_t, \boldsymbol{\theta}_t)}{\pi(A_t|S_t, \boldsymbol{\theta}_t)}",
    "Sutton & Barto 2nd ed. §13.4 (Eq. 13.11)",
    ["reinforce with baseline", "reinforce", "policy gradient"],
    ["ppo", "norm"],
)
add(
    "sb-policy-gradient-theorem",
    r"\nabla J(\boldsymbol{\theta}) \propto \sum_s \mu(s) \sum_a q_\pi(s, a) \nabla \pi(a|s, \boldsymbol{\theta})",
    "Sutton & Barto 2nd ed. §13.2 (Eq. 13.5)",
    ["policy gradient theorem"],
    ["reinforce", "norm", "ppo"],
)
add(
    "sb-softmax-policy",
    r"\pi(a|s, \boldsymbol{\theta}) \doteq \frac{e^{h(s, a, \boldsymbol{\theta})}}{\sum_b e^{h(s, b, \boldsymbol{\theta})}}",
    "Sutton & Barto 2nd ed. §13.1 (Eq. 13.2)",
    ["softmax policy", "softmax in action preferences", "softmax", "boltzmann policy"],
    ["logistic sigmoid", "norm"],
)
add(
    "sb-actor-critic",
    r"""\begin{aligned}
\delta &\leftarrow R + \gamma \hat{v}(S', \mathbf{w}) - \hat{v}(S, \mathbf{w}) \\
\mathbf{w} &\leftarrow \mathbf{w} + \alpha^{\mathbf{w}} \delta \nabla \hat{v}(S, \mathbf{w}) \\
\boldsymbol{\theta} &\leftarrow \boldsymbol{\theta} + \alpha^{\boldsymbol{\theta}} I \delta \nabla \ln \pi(A|S, \boldsymbol{\theta}) \\
I &\leftarrow \gamma I
\end{aligned}""",
    "Sutton & Barto 2nd ed. §13.5 (one-step actor-critic box)",
    ["actor-critic", "one-step actor-critic", "actor critic"],
    ["q-learning", "identity matrix", "ppo"],
)
add(
    "advantage-function",
    r"A^\pi(s, a) := Q^\pi(s, a) - V^\pi(s)",
    "arXiv:1506.02438 §2 (advantage function)",
    ["advantage function", "advantage"],
    ["power", "td error"],
    {"Q^\\pi(s, a)": 3.5, "V^\\pi(s)": 2.0},
    lambda b: b["Q^\\pi(s, a)"] - b["V^\\pi(s)"],
)
add(
    "dqn-loss",
    r"""\begin{aligned}
L_i(\theta_i) &= \mathbb{E}_{s, a \sim \rho(\cdot)}\left[\left(y_i - Q(s, a; \theta_i)\right)^2\right] \\
y_i &= \mathbb{E}_{s' \sim \mathcal{E}}\left[r + \gamma \max_{a'} Q(s', a'; \theta_{i-1}) \mid s, a\right]
\end{aligned}""",
    "arXiv:1312.5602 §2 (Eq. 2 and its target y_i)",
    ["dqn loss", "deep q-learning", "dqn", "q-learning loss", "deep q network"],
    ["sarsa", "norm"],
)
add(
    "sac-soft-value",
    r"V(\mathbf{s}_t) = \mathbb{E}_{\mathbf{a}_t \sim \pi}\left[Q(\mathbf{s}_t, \mathbf{a}_t) - \log \pi(\mathbf{a}_t|\mathbf{s}_t)\right]",
    "arXiv:1801.01290 Eq. 3",
    ["soft value function", "soft state value function", "soft actor-critic value", "sac"],
    ["entropy", "bellman optimality equation", "norm"],
)

# ---------------------------------------------------------------- DDPM 2006.11239
XT = [0.3, -0.6]
X0 = [1.0, -1.0]
EPS2 = [0.5, 0.2]
DDPM_FWD = [
    "ddpm forward process",
    "forward diffusion process",
    "forward process",
    "diffusion forward process",
    "noising process",
]
DIFF_NEVER = ["gmm responsibilities", "softmax", "mahalanobis distance"]
add(
    "ddpm-forward-step",
    r"q(\mathbf{x}_t | \mathbf{x}_{t-1}) := \mathcal{N}(\mathbf{x}_t; \sqrt{1 - \beta_t}\mathbf{x}_{t-1}, \beta_t\mathbf{I})",
    "arXiv:2006.11239 Eq. 2",
    DDPM_FWD,
    DIFF_NEVER,
    {"\\mathbf{x}_t": XT, "\\mathbf{x}_{t-1}": [0.4, -0.5], "\\beta_t": 0.1},
    lambda b: mvn(
        b["\\mathbf{x}_t"],
        math.sqrt(1 - b["\\beta_t"]) * A(b["\\mathbf{x}_{t-1}"]),
        b["\\beta_t"] * np.eye(2),
    ),
)
add(
    "ddpm-forward-marginal",
    r"q(\mathbf{x}_t | \mathbf{x}_0) = \mathcal{N}(\mathbf{x}_t; \sqrt{\bar{\alpha}_t}\mathbf{x}_0, (1 - \bar{\alpha}_t)\mathbf{I})",
    "arXiv:2006.11239 Eq. 4",
    [*DDPM_FWD, "forward process marginal", "diffusion marginal"],
    DIFF_NEVER,
    {"\\mathbf{x}_t": XT, "\\mathbf{x}_0": X0, "\\bar{\\alpha}_t": 0.5},
    lambda b: mvn(
        b["\\mathbf{x}_t"],
        math.sqrt(b["\\bar{\\alpha}_t"]) * A(b["\\mathbf{x}_0"]),
        (1 - b["\\bar{\\alpha}_t"]) * np.eye(2),
    ),
)
add(
    "ddpm-forward-sample",
    r"\mathbf{x}_t(\mathbf{x}_0, \boldsymbol{\epsilon}) = \sqrt{\bar{\alpha}_t}\mathbf{x}_0 + \sqrt{1 - \bar{\alpha}_t}\boldsymbol{\epsilon}",
    "arXiv:2006.11239 §3.2 (reparameterising Eq. 4)",
    [*DDPM_FWD, "reparameterization", "forward process sample", "noising"],
    DIFF_NEVER,
    {"\\bar{\\alpha}_t": 0.64, "\\mathbf{x}_0": X0, "\\boldsymbol{\\epsilon}": EPS2},
    lambda b: (
        math.sqrt(b["\\bar{\\alpha}_t"]) * A(b["\\mathbf{x}_0"])
        + math.sqrt(1 - b["\\bar{\\alpha}_t"]) * A(b["\\boldsymbol{\\epsilon}"])
    ),
)
add(
    "ddpm-forward-step-sample",
    r"\mathbf{x}_t = \sqrt{1 - \beta_t}\,\mathbf{x}_{t-1} + \sqrt{\beta_t}\,\boldsymbol{\epsilon}",
    "arXiv:2006.11239 Eq. 2, sampled with \\epsilon ~ N(0, I)",
    [*DDPM_FWD, "forward diffusion step"],
    DIFF_NEVER,
    {"\\beta_t": 0.19, "\\mathbf{x}_{t-1}": [1.0, 0.0], "\\boldsymbol{\\epsilon}": [-1.0, 2.0]},
    lambda b: (
        math.sqrt(1 - b["\\beta_t"]) * A(b["\\mathbf{x}_{t-1}"])
        + math.sqrt(b["\\beta_t"]) * A(b["\\boldsymbol{\\epsilon}"])
    ),
)
add(
    "ddpm-alpha-bar",
    r"\alpha_t := 1 - \beta_t, \qquad \bar{\alpha}_t := \prod_{s=1}^{t} \alpha_s",
    "arXiv:2006.11239 §2 (below Eq. 4)",
    [
        "ddpm noise schedule",
        "cumulative noise schedule",
        "alpha bar",
        "cumulative product of alphas",
        "noise schedule",
    ],
    ["softmax", "pi"],
    {"\\beta": [0.1, 0.2, 0.3], "t": 3},
    lambda b: float(np.prod(1 - A(b["\\beta"])[: b["t"]])),
)
POST = ["ddpm posterior", "forward process posterior", "ddpm posterior mean", "posterior mean"]
DDPM_POST_B = {
    "\\mathbf{x}_0": X0,
    "\\mathbf{x}_t": XT,
    "\\bar{\\alpha}_{t-1}": 0.6,
    "\\bar{\\alpha}_t": 0.54,
    "\\beta_t": 0.1,
    "\\alpha_t": 0.9,
}
add(
    "ddpm-posterior-mean",
    r"\tilde{\boldsymbol{\mu}}_t(\mathbf{x}_t, \mathbf{x}_0) := \frac{\sqrt{\bar{\alpha}_{t-1}}\beta_t}{1 - \bar{\alpha}_t}\mathbf{x}_0 + \frac{\sqrt{\alpha_t}(1 - \bar{\alpha}_{t-1})}{1 - \bar{\alpha}_t}\mathbf{x}_t",
    "arXiv:2006.11239 Eq. 7",
    POST,
    [*DIFF_NEVER, "gp posterior mean"],
    DDPM_POST_B,
    lambda b: (
        math.sqrt(b["\\bar{\\alpha}_{t-1}"])
        * b["\\beta_t"]
        / (1 - b["\\bar{\\alpha}_t"])
        * A(b["\\mathbf{x}_0"])
        + math.sqrt(b["\\alpha_t"])
        * (1 - b["\\bar{\\alpha}_{t-1}"])
        / (1 - b["\\bar{\\alpha}_t"])
        * A(b["\\mathbf{x}_t"])
    ),
)
add(
    "ddpm-posterior-variance",
    r"\tilde{\beta}_t := \frac{1 - \bar{\alpha}_{t-1}}{1 - \bar{\alpha}_t}\beta_t",
    "arXiv:2006.11239 Eq. 7",
    [
        "ddpm posterior variance",
        "forward process posterior variance",
        "ddpm posterior",
        "forward process posterior",
        "posterior variance",
    ],
    DIFF_NEVER,
    DDPM_POST_B,
    lambda b: (1 - b["\\bar{\\alpha}_{t-1}"]) / (1 - b["\\bar{\\alpha}_t"]) * b["\\beta_t"],
)
add(
    "ddpm-posterior",
    r"q(\mathbf{x}_{t-1} | \mathbf{x}_t, \mathbf{x}_0) = \mathcal{N}(\mathbf{x}_{t-1}; \tilde{\boldsymbol{\mu}}_t(\mathbf{x}_t, \mathbf{x}_0), \tilde{\beta}_t\mathbf{I})",
    "arXiv:2006.11239 Eq. 6",
    ["ddpm posterior", "forward process posterior", "posterior of the forward process"],
    DIFF_NEVER,
)
add(
    "ddpm-reverse-process",
    r"p_\theta(\mathbf{x}_{t-1} | \mathbf{x}_t) := \mathcal{N}(\mathbf{x}_{t-1}; \boldsymbol{\mu}_\theta(\mathbf{x}_t, t), \boldsymbol{\Sigma}_\theta(\mathbf{x}_t, t))",
    "arXiv:2006.11239 Eq. 1",
    ["ddpm reverse process", "reverse process", "reverse diffusion process", "denoising process"],
    DIFF_NEVER,
)
add(
    "ddpm-reverse-mean",
    r"\boldsymbol{\mu}_\theta(\mathbf{x}_t, t) = \frac{1}{\sqrt{\alpha_t}}\left(\mathbf{x}_t - \frac{\beta_t}{\sqrt{1 - \bar{\alpha}_t}}\boldsymbol{\epsilon}_\theta(\mathbf{x}_t, t)\right)",
    "arXiv:2006.11239 Eq. 11",
    [
        "ddpm reverse mean",
        "epsilon parameterization",
        "ε-parameterization",
        "ddpm mean parameterization",
        "reverse process mean",
    ],
    DIFF_NEVER,
    {
        "\\alpha_t": 0.9,
        "\\mathbf{x}_t": XT,
        "\\beta_t": 0.1,
        "\\bar{\\alpha}_t": 0.5,
        "\\boldsymbol{\\epsilon}_\\theta(\\mathbf{x}_t, t)": EPS2,
    },
    lambda b: (
        (
            A(b["\\mathbf{x}_t"])
            - b["\\beta_t"]
            / math.sqrt(1 - b["\\bar{\\alpha}_t"])
            * A(b["\\boldsymbol{\\epsilon}_\\theta(\\mathbf{x}_t, t)"])
        )
        / math.sqrt(b["\\alpha_t"])
    ),
)
DDPM_SAMPLE = [
    "ddpm sampling step",
    "ddpm sampler",
    "ddpm sampling",
    "reverse diffusion step",
    "ddpm reverse step",
    "ancestral sampling",
]
add(
    "ddpm-sampling",
    r"\mathbf{x}_{t-1} = \frac{1}{\sqrt{\alpha_t}}\left(\mathbf{x}_t - \frac{1 - \alpha_t}{\sqrt{1 - \bar{\alpha}_t}}\boldsymbol{\epsilon}_\theta(\mathbf{x}_t, t)\right) + \sigma_t\mathbf{z}",
    "arXiv:2006.11239 Algorithm 2 line 4",
    DDPM_SAMPLE,
    [*DIFF_NEVER, "ddim"],
    {
        "\\alpha_t": 0.9,
        "\\mathbf{x}_t": XT,
        "\\bar{\\alpha}_t": 0.5,
        "\\boldsymbol{\\epsilon}_\\theta(\\mathbf{x}_t, t)": EPS2,
        "\\sigma_t": 0.3,
        "\\mathbf{z}": [1.0, -1.0],
    },
    lambda b: (
        (
            A(b["\\mathbf{x}_t"])
            - (1 - b["\\alpha_t"])
            / math.sqrt(1 - b["\\bar{\\alpha}_t"])
            * A(b["\\boldsymbol{\\epsilon}_\\theta(\\mathbf{x}_t, t)"])
        )
        / math.sqrt(b["\\alpha_t"])
        + b["\\sigma_t"] * A(b["\\mathbf{z}"])
    ),
)
add(
    "ddpm-sampling-plain",
    r"x_{t-1} = \frac{1}{\sqrt{\alpha_t}}\left(x_t - \frac{1-\alpha_t}{\sqrt{1-\bar\alpha_t}}\,\epsilon_\theta(x_t, t)\right) + \sigma_t z",
    "arXiv:2006.11239 Algorithm 2 line 4 (plain letters)",
    DDPM_SAMPLE,
    [*DIFF_NEVER, "ddim"],
    {
        "\\alpha_t": 0.95,
        "x_t": [0.1],
        "\\bar\\alpha_t": 0.2,
        "\\epsilon_\\theta(x_t, t)": [-0.4],
        "\\sigma_t": 0.0,
        "z": [0.7],
    },
    lambda b: (
        (
            A(b["x_t"])
            - (1 - b["\\alpha_t"])
            / math.sqrt(1 - b["\\bar\\alpha_t"])
            * A(b["\\epsilon_\\theta(x_t, t)"])
        )
        / math.sqrt(b["\\alpha_t"])
        + b["\\sigma_t"] * A(b["z"])
    ),
)
add(
    "ddpm-l-simple",
    r"L_{\mathrm{simple}}(\theta) := \mathbb{E}_{t, \mathbf{x}_0, \boldsymbol{\epsilon}}\left[\left\| \boldsymbol{\epsilon} - \boldsymbol{\epsilon}_\theta(\sqrt{\bar{\alpha}_t}\mathbf{x}_0 + \sqrt{1 - \bar{\alpha}_t}\boldsymbol{\epsilon}, t) \right\|^2\right]",
    "arXiv:2006.11239 Eq. 14",
    [
        "ddpm loss",
        "simplified ddpm objective",
        "l_simple",
        "denoising loss",
        "noise prediction loss",
        "simple loss",
    ],
    [*DIFF_NEVER, "gp posterior mean"],
)
add(
    "ddpm-training-gradient",
    r"\nabla_\theta \left\| \boldsymbol{\epsilon} - \boldsymbol{\epsilon}_\theta\left(\sqrt{\bar{\alpha}_t}\mathbf{x}_0 + \sqrt{1 - \bar{\alpha}_t}\boldsymbol{\epsilon}, t\right) \right\|^2",
    "arXiv:2006.11239 Algorithm 1 line 5",
    ["ddpm training", "ddpm loss", "ddpm training step", "noise prediction loss"],
    DIFF_NEVER,
)
add(
    "ddpm-vlb",
    r"\mathbb{E}\left[-\log p_\theta(\mathbf{x}_0)\right] \leq \mathbb{E}_q\left[-\log p(\mathbf{x}_T) - \sum_{t \geq 1} \log \frac{p_\theta(\mathbf{x}_{t-1}|\mathbf{x}_t)}{q(\mathbf{x}_t|\mathbf{x}_{t-1})}\right] =: L",
    "arXiv:2006.11239 Eq. 3",
    [
        "variational bound",
        "elbo",
        "evidence lower bound",
        "ddpm variational bound",
        "negative elbo",
        "variational lower bound",
    ],
    [*DIFF_NEVER, "entropy"],
)

# ---------------------------------------------------------------- DDIM 2010.02502
add(
    "ddim-step",
    r"\boldsymbol{x}_{t-1} = \sqrt{\alpha_{t-1}} \underbrace{\left(\frac{\boldsymbol{x}_t - \sqrt{1 - \alpha_t}\epsilon_\theta^{(t)}(\boldsymbol{x}_t)}{\sqrt{\alpha_t}}\right)}_{\text{``predicted } \boldsymbol{x}_0\text{''}} + \underbrace{\sqrt{1 - \alpha_{t-1} - \sigma_t^2} \cdot \epsilon_\theta^{(t)}(\boldsymbol{x}_t)}_{\text{``direction pointing to } \boldsymbol{x}_t\text{''}} + \underbrace{\sigma_t\epsilon_t}_{\text{random noise}}",
    "arXiv:2010.02502 Eq. 12",
    ["ddim", "ddim sampling step", "ddim update", "ddim sampler"],
    [*DIFF_NEVER, "ddpm forward process"],
    {
        "\\alpha_{t-1}": 0.8,
        "\\boldsymbol{x}_t": XT,
        "\\alpha_t": 0.5,
        "\\epsilon_\\theta^{(t)}(\\boldsymbol{x}_t)": EPS2,
        "\\sigma_t": 0.1,
        "\\epsilon_t": [0.3, -0.3],
    },
    lambda b: (
        math.sqrt(b["\\alpha_{t-1}"])
        * (
            A(b["\\boldsymbol{x}_t"])
            - math.sqrt(1 - b["\\alpha_t"]) * A(b["\\epsilon_\\theta^{(t)}(\\boldsymbol{x}_t)"])
        )
        / math.sqrt(b["\\alpha_t"])
        + math.sqrt(1 - b["\\alpha_{t-1}"] - b["\\sigma_t"] ** 2)
        * A(b["\\epsilon_\\theta^{(t)}(\\boldsymbol{x}_t)"])
        + b["\\sigma_t"] * A(b["\\epsilon_t"])
    ),
)
add(
    "ddim-ode",
    r"\frac{\boldsymbol{x}_{t - \Delta t}}{\sqrt{\alpha_{t - \Delta t}}} = \frac{\boldsymbol{x}_t}{\sqrt{\alpha_t}} + \left(\sqrt{\frac{1 - \alpha_{t - \Delta t}}{\alpha_{t - \Delta t}}} - \sqrt{\frac{1 - \alpha_t}{\alpha_t}}\right)\epsilon_\theta^{(t)}(\boldsymbol{x}_t)",
    "arXiv:2010.02502 Eq. 13",
    ["ddim", "ddim ode", "deterministic ddim", "ddim update"],
    DIFF_NEVER,
    {
        "\\boldsymbol{x}_t": XT,
        "\\alpha_t": 0.5,
        "\\alpha_{t - \\Delta t}": 0.8,
        "\\epsilon_\\theta^{(t)}(\\boldsymbol{x}_t)": EPS2,
    },
    lambda b: (
        A(b["\\boldsymbol{x}_t"]) / math.sqrt(b["\\alpha_t"])
        + (
            math.sqrt((1 - b["\\alpha_{t - \\Delta t}"]) / b["\\alpha_{t - \\Delta t}"])
            - math.sqrt((1 - b["\\alpha_t"]) / b["\\alpha_t"])
        )
        * A(b["\\epsilon_\\theta^{(t)}(\\boldsymbol{x}_t)"])
    ),
)
add(
    "ddim-eta",
    r"\sigma_{\tau_i}(\eta) = \eta\sqrt{(1 - \alpha_{\tau_{i-1}})/(1 - \alpha_{\tau_i})}\sqrt{1 - \alpha_{\tau_i}/\alpha_{\tau_{i-1}}}",
    "arXiv:2010.02502 Eq. 16",
    ["ddim eta", "ddim variance", "ddim sigma", "ddim noise level", "ddim"],
    ["standard deviation", "softmax"],
    {"\\eta": 1.0, "\\alpha_{\\tau_{i-1}}": 0.8, "\\alpha_{\\tau_i}": 0.5},
    lambda b: (
        b["\\eta"]
        * math.sqrt((1 - b["\\alpha_{\\tau_{i-1}}"]) / (1 - b["\\alpha_{\\tau_i}"]))
        * math.sqrt(1 - b["\\alpha_{\\tau_i}"] / b["\\alpha_{\\tau_{i-1}}"])
    ),
)

# ---------------------------------------------------------------- score matching 1907.05600, 2011.13456
add(
    "song-langevin",
    r"\tilde{\mathbf{x}}_t = \tilde{\mathbf{x}}_{t-1} + \frac{\epsilon}{2}\nabla_{\mathbf{x}} \log p(\tilde{\mathbf{x}}_{t-1}) + \sqrt{\epsilon}\,\mathbf{z}_t",
    "arXiv:1907.05600 §2.2 (Eq. 4)",
    [
        "langevin dynamics",
        "langevin monte carlo",
        "unadjusted langevin algorithm",
        "langevin sampling",
    ],
    ["ddpm sampling step", "gradient descent", "sgd"],
    {
        "\\tilde{\\mathbf{x}}_{t-1}": [0.5, -0.5],
        "\\epsilon": 0.04,
        "\\nabla_{\\mathbf{x}} \\log p(\\tilde{\\mathbf{x}}_{t-1})": [-1.0, 2.0],
        "\\mathbf{z}_t": [0.1, 0.2],
    },
    lambda b: (
        A(b["\\tilde{\\mathbf{x}}_{t-1}"])
        + b["\\epsilon"] / 2 * A(b["\\nabla_{\\mathbf{x}} \\log p(\\tilde{\\mathbf{x}}_{t-1})"])
        + math.sqrt(b["\\epsilon"]) * A(b["\\mathbf{z}_t"])
    ),
)
add(
    "song-annealed-langevin",
    r"\tilde{\mathbf{x}}_t \leftarrow \tilde{\mathbf{x}}_{t-1} + \frac{\alpha_i}{2}\mathbf{s}_{\boldsymbol{\theta}}(\tilde{\mathbf{x}}_{t-1}, \sigma_i) + \sqrt{\alpha_i}\,\mathbf{z}_t",
    "arXiv:1907.05600 Algorithm 1 line 6",
    ["annealed langevin dynamics", "langevin dynamics", "langevin sampling"],
    ["ddpm sampling step", "gradient descent"],
    {
        "\\tilde{\\mathbf{x}}_{t-1}": [0.0, 1.0],
        "\\alpha_i": 0.01,
        "\\mathbf{s}_{\\boldsymbol{\\theta}}(\\tilde{\\mathbf{x}}_{t-1}, \\sigma_i)": [4.0, -2.0],
        "\\mathbf{z}_t": [1.0, 1.0],
    },
    lambda b: (
        A(b["\\tilde{\\mathbf{x}}_{t-1}"])
        + b["\\alpha_i"]
        / 2
        * A(b["\\mathbf{s}_{\\boldsymbol{\\theta}}(\\tilde{\\mathbf{x}}_{t-1}, \\sigma_i)"])
        + math.sqrt(b["\\alpha_i"]) * A(b["\\mathbf{z}_t"])
    ),
)
SM = ["score matching"]
add(
    "song-score-matching",
    r"\frac{1}{2}\mathbb{E}_{p_{\text{data}}}\left[\left\| \mathbf{s}_{\boldsymbol{\theta}}(\mathbf{x}) - \nabla_{\mathbf{x}} \log p_{\text{data}}(\mathbf{x}) \right\|_2^2\right]",
    "arXiv:1907.05600 §2.1 (Eq. 1)",
    [*SM, "explicit score matching", "fisher divergence"],
    ["ddpm loss", "power"],
)
add(
    "song-implicit-score-matching",
    r"\mathbb{E}_{p_{\text{data}}(\mathbf{x})}\left[\operatorname{tr}(\nabla_{\mathbf{x}} \mathbf{s}_{\boldsymbol{\theta}}(\mathbf{x})) + \frac{1}{2}\left\| \mathbf{s}_{\boldsymbol{\theta}}(\mathbf{x}) \right\|_2^2\right]",
    "arXiv:1907.05600 §2.1 (Eq. 2, Hyvärinen 2005)",
    [*SM, "implicit score matching", "hyvarinen score matching"],
    ["ddpm loss", "trace norm"],
)
add(
    "song-dsm",
    r"\frac{1}{2}\mathbb{E}_{q_\sigma(\tilde{\mathbf{x}} \mid \mathbf{x}) p_{\text{data}}(\mathbf{x})}\left[\left\| \mathbf{s}_{\boldsymbol{\theta}}(\tilde{\mathbf{x}}) - \nabla_{\tilde{\mathbf{x}}} \log q_\sigma(\tilde{\mathbf{x}} \mid \mathbf{x}) \right\|_2^2\right]",
    "arXiv:1907.05600 §2.1 (denoising score matching, Vincent 2011)",
    ["denoising score matching", "dsm"],
    ["ddpm loss", "norm of"],
)
add(
    "song-ncsn-loss",
    r"\ell(\boldsymbol{\theta}; \sigma) \triangleq \frac{1}{2}\mathbb{E}_{p_{\text{data}}(\mathbf{x})}\mathbb{E}_{\tilde{\mathbf{x}} \sim \mathcal{N}(\mathbf{x}, \sigma^2 I)}\left[\left\| \mathbf{s}_{\boldsymbol{\theta}}(\tilde{\mathbf{x}}, \sigma) + \frac{\tilde{\mathbf{x}} - \mathbf{x}}{\sigma^2} \right\|_2^2\right]",
    "arXiv:1907.05600 §4.2 (Eq. 5)",
    ["denoising score matching", "ncsn loss", "noise conditional score network objective", "dsm"],
    ["ddpm loss", "identity matrix filled with random numbers"],
)
add(
    "gaussian-score",
    r"\nabla_{\tilde{\mathbf{x}}} \log q_\sigma(\tilde{\mathbf{x}} \mid \mathbf{x}) = -\frac{\tilde{\mathbf{x}} - \mathbf{x}}{\sigma^2}",
    "arXiv:1907.05600 §4.2 (score of the Gaussian perturbation kernel)",
    ["score of a gaussian", "gaussian score", "denoising score matching target", "score function"],
    ["gradient descent", "z-score", "standard score"],
    {"\\tilde{\\mathbf{x}}": [1.0, 0.0], "\\mathbf{x}": [0.5, 0.5], "\\sigma": 0.5},
    lambda b: -(A(b["\\tilde{\\mathbf{x}}"]) - A(b["\\mathbf{x}"])) / b["\\sigma"] ** 2,
)
add(
    "song-sde-forward",
    r"\mathrm{d}\mathbf{x} = \mathbf{f}(\mathbf{x}, t)\,\mathrm{d}t + g(t)\,\mathrm{d}\mathbf{w}",
    "arXiv:2011.13456 Eq. 5",
    ["ito sde", "stochastic differential equation", "forward sde", "diffusion sde", "sde"],
    ["reverse-time sde", "probability flow ode", "product"],
)
add(
    "song-sde-reverse",
    r"\mathrm{d}\mathbf{x} = [\mathbf{f}(\mathbf{x}, t) - g(t)^2 \nabla_{\mathbf{x}} \log p_t(\mathbf{x})]\,\mathrm{d}t + g(t)\,\mathrm{d}\bar{\mathbf{w}}",
    "arXiv:2011.13456 Eq. 6",
    ["reverse-time sde", "reverse sde", "reverse time sde", "anderson reverse sde"],
    ["probability flow ode", "forward sde"],
)
add(
    "song-vp-sde",
    r"\mathrm{d}\mathbf{x} = -\frac{1}{2}\beta(t)\mathbf{x}\,\mathrm{d}t + \sqrt{\beta(t)}\,\mathrm{d}\mathbf{w}",
    "arXiv:2011.13456 Eq. 11",
    ["vp sde", "variance preserving sde", "variance-preserving sde"],
    ["ve sde", "variance exploding sde"],
)
add(
    "song-ve-sde",
    r"\mathrm{d}\mathbf{x} = \sqrt{\frac{\mathrm{d}[\sigma^2(t)]}{\mathrm{d}t}}\,\mathrm{d}\mathbf{w}",
    "arXiv:2011.13456 Eq. 9",
    ["ve sde", "variance exploding sde", "variance-exploding sde"],
    ["vp sde", "variance preserving sde"],
)
add(
    "song-probability-flow",
    r"\mathrm{d}\mathbf{x} = \left[\mathbf{f}(\mathbf{x}, t) - \frac{1}{2}g(t)^2 \nabla_{\mathbf{x}} \log p_t(\mathbf{x})\right]\mathrm{d}t",
    "arXiv:2011.13456 Eq. 13",
    ["probability flow ode", "probability flow"],
    ["reverse-time sde", "forward sde"],
)
add(
    "song-sde-objective",
    r"\boldsymbol{\theta}^* = \underset{\boldsymbol{\theta}}{\arg\min}\, \mathbb{E}_t\Big\{\lambda(t)\mathbb{E}_{\mathbf{x}(0)}\mathbb{E}_{\mathbf{x}(t) \mid \mathbf{x}(0)}\Big[\big\| \mathbf{s}_{\boldsymbol{\theta}}(\mathbf{x}(t), t) - \nabla_{\mathbf{x}(t)} \log p_{0t}(\mathbf{x}(t) \mid \mathbf{x}(0)) \big\|_2^2\Big]\Big\}",
    "arXiv:2011.13456 Eq. 7",
    [
        "denoising score matching",
        "score matching objective",
        "continuous-time score matching",
        "score matching",
    ],
    ["ddpm loss", "maximum likelihood estimation"],
)

# ---------------------------------------------------------------- classifier-free guidance 2207.12598
CFG = ["classifier-free guidance", "cfg", "classifier free guidance"]
add(
    "cfg-ho-salimans",
    r"\tilde{\boldsymbol{\epsilon}}_\theta(\mathbf{z}_\lambda, \mathbf{c}) = (1 + w)\boldsymbol{\epsilon}_\theta(\mathbf{z}_\lambda, \mathbf{c}) - w\boldsymbol{\epsilon}_\theta(\mathbf{z}_\lambda)",
    "arXiv:2207.12598 Eq. 6",
    CFG,
    ["classifier guidance", "linear interpolation", "product"],
    {
        "w": 2.0,
        "\\boldsymbol{\\epsilon}_\\theta(\\mathbf{z}_\\lambda, \\mathbf{c})": [0.5, -0.1],
        "\\boldsymbol{\\epsilon}_\\theta(\\mathbf{z}_\\lambda)": [0.2, 0.3],
    },
    lambda b: (
        (1 + b["w"]) * A(b["\\boldsymbol{\\epsilon}_\\theta(\\mathbf{z}_\\lambda, \\mathbf{c})"])
        - b["w"] * A(b["\\boldsymbol{\\epsilon}_\\theta(\\mathbf{z}_\\lambda)"])
    ),
)
add(
    "cfg-code-form",
    r"\hat{\epsilon} = \epsilon_\theta(x_t, \varnothing) + s\,\big(\epsilon_\theta(x_t, c) - \epsilon_\theta(x_t, \varnothing)\big)",
    "arXiv:2207.12598 Eq. 6 rearranged with s = 1 + w (the form common in code)",
    CFG,
    ["classifier guidance", "linear interpolation"],
    {
        "s": 7.5,
        "\\epsilon_\\theta(x_t, c)": [0.1, 0.4],
        "\\epsilon_\\theta(x_t, \\varnothing)": [0.0, 0.5],
    },
    lambda b: (
        A(b["\\epsilon_\\theta(x_t, \\varnothing)"])
        + b["s"]
        * (A(b["\\epsilon_\\theta(x_t, c)"]) - A(b["\\epsilon_\\theta(x_t, \\varnothing)"]))
    ),
)
add(
    "classifier-guidance",
    r"\tilde{\boldsymbol{\epsilon}}_\theta(\mathbf{z}_\lambda, \mathbf{c}) = \boldsymbol{\epsilon}_\theta(\mathbf{z}_\lambda, \mathbf{c}) - w\sigma_\lambda \nabla_{\mathbf{z}_\lambda} \log p_\theta(\mathbf{c} \mid \mathbf{z}_\lambda)",
    "arXiv:2207.12598 §2 (classifier guidance, Dhariwal & Nichol arXiv:2105.05233)",
    ["classifier guidance", "guided diffusion"],
    ["classifier-free guidance", "cfg"],
    {
        "w": 1.0,
        "\\sigma_\\lambda": 0.5,
        "\\boldsymbol{\\epsilon}_\\theta(\\mathbf{z}_\\lambda, \\mathbf{c})": [0.2, 0.2],
        "\\nabla_{\\mathbf{z}_\\lambda} \\log p_\\theta(\\mathbf{c} \\mid \\mathbf{z}_\\lambda)": [
            1.0,
            -2.0,
        ],
    },
    lambda b: (
        A(b["\\boldsymbol{\\epsilon}_\\theta(\\mathbf{z}_\\lambda, \\mathbf{c})"])
        - b["w"]
        * b["\\sigma_\\lambda"]
        * A(
            b[
                "\\nabla_{\\mathbf{z}_\\lambda} \\log p_\\theta(\\mathbf{c} \\mid \\mathbf{z}_\\lambda)"
            ]
        )
    ),
)

# ---------------------------------------------------------------- PPO 1707.06347, GAE 1506.02438, TRPO 1502.05477
PPO = [
    "ppo",
    "ppo-clip",
    "clipped surrogate objective",
    "proximal policy optimization",
    "ppo clipped objective",
]
PPO_NEVER = ["reward", "power", "softmax", "trpo"]
RT = [0.8, 1.5, 1.1]
AT = [1.0, 2.0, -1.0]


def ppo_clip(r: Any, adv: Any, eps: float) -> float:
    r, adv = A(r), A(adv)
    return float(np.mean(np.minimum(r * adv, np.clip(r, 1 - eps, 1 + eps) * adv)))


add(
    "ppo-clip",
    r"L^{CLIP}(\theta) = \hat{\mathbb{E}}_t\left[\min(r_t(\theta)\hat{A}_t, \operatorname{clip}(r_t(\theta), 1 - \epsilon, 1 + \epsilon)\hat{A}_t)\right]",
    "arXiv:1707.06347 Eq. 7",
    PPO,
    PPO_NEVER,
    {"r_t(\\theta)": RT, "\\hat{A}_t": AT, "\\epsilon": 0.2},
    lambda b: ppo_clip(b["r_t(\\theta)"], b["\\hat{A}_t"], b["\\epsilon"]),
)
add(
    "ppo-clip-mathrm",
    r"L^{\mathrm{CLIP}}(\theta)=\hat{\mathbb{E}}_{t}\Big[\min\big(r_{t}(\theta)\,\hat{A}_{t},\ \mathrm{clip}\big(r_{t}(\theta),1-\epsilon,1+\epsilon\big)\,\hat{A}_{t}\big)\Big]",
    "arXiv:1707.06347 Eq. 7 (\\mathrm, \\Big)",
    PPO,
    PPO_NEVER,
    {"r_{t}(\\theta)": [1.3, 0.7], "\\hat{A}_{t}": [-0.5, 0.5], "\\epsilon": 0.1},
    lambda b: ppo_clip(b["r_{t}(\\theta)"], b["\\hat{A}_{t}"], b["\\epsilon"]),
)
add(
    "ppo-ratio",
    r"r_t(\theta) = \frac{\pi_\theta(a_t \mid s_t)}{\pi_{\theta_{\text{old}}}(a_t \mid s_t)}",
    "arXiv:1707.06347 §3",
    [
        "probability ratio",
        "importance ratio",
        "importance sampling ratio",
        "ppo ratio",
        "policy ratio",
    ],
    ["reward", "norm", "softmax"],
    {"\\pi_\\theta(a_t \\mid s_t)": 0.3, "\\pi_{\\theta_{\\text{old}}}(a_t \\mid s_t)": 0.25},
    lambda b: b["\\pi_\\theta(a_t \\mid s_t)"] / b["\\pi_{\\theta_{\\text{old}}}(a_t \\mid s_t)"],
)
add(
    "ppo-cpi",
    r"L^{CPI}(\theta) = \hat{\mathbb{E}}_t\left[\frac{\pi_\theta(a_t \mid s_t)}{\pi_{\theta_{\text{old}}}(a_t \mid s_t)}\hat{A}_t\right] = \hat{\mathbb{E}}_t\left[r_t(\theta)\hat{A}_t\right]",
    "arXiv:1707.06347 Eq. 6",
    [
        "conservative policy iteration",
        "surrogate objective",
        "cpi objective",
        "cpi surrogate",
        "policy gradient surrogate",
    ],
    ["reward", "power", "ppo-clip"],
    {"r_t(\\theta)": RT, "\\hat{A}_t": AT},
    lambda b: float(np.mean(A(b["r_t(\\theta)"]) * A(b["\\hat{A}_t"]))),
)
add(
    "ppo-klpen",
    r"L^{KLPEN}(\theta) = \hat{\mathbb{E}}_t\left[\frac{\pi_\theta(a_t \mid s_t)}{\pi_{\theta_{\text{old}}}(a_t \mid s_t)}\hat{A}_t - \beta \operatorname{KL}[\pi_{\theta_{\text{old}}}(\cdot \mid s_t), \pi_\theta(\cdot \mid s_t)]\right]",
    "arXiv:1707.06347 Eq. 8",
    ["ppo kl penalty", "adaptive kl penalty", "kl-penalized surrogate", "kl penalty", "ppo"],
    ["reward", "power", "norm"],
)
add(
    "ppo-combined",
    r"L_t^{CLIP+VF+S}(\theta) = \hat{\mathbb{E}}_t\left[L_t^{CLIP}(\theta) - c_1 L_t^{VF}(\theta) + c_2 S[\pi_\theta](s_t)\right]",
    "arXiv:1707.06347 Eq. 9",
    [*PPO, "ppo objective"],
    PPO_NEVER,
    {
        "L_t^{CLIP}(\\theta)": [0.5, 1.0],
        "c_1": 0.5,
        "L_t^{VF}(\\theta)": [0.2, 0.4],
        "c_2": 0.01,
        "S[\\pi_\\theta](s_t)": [1.0, 2.0],
    },
    lambda b: float(
        np.mean(
            A(b["L_t^{CLIP}(\\theta)"])
            - b["c_1"] * A(b["L_t^{VF}(\\theta)"])
            + b["c_2"] * A(b["S[\\pi_\\theta](s_t)"])
        )
    ),
)
add(
    "ppo-truncated-gae",
    r"""\begin{aligned}
\hat{A}_t &= \delta_t + (\gamma\lambda)\delta_{t+1} + \cdots + (\gamma\lambda)^{T-t+1}\delta_{T-1}, \\
\text{where } \delta_t &= r_t + \gamma V(s_{t+1}) - V(s_t)
\end{aligned}""",
    "arXiv:1707.06347 Eqs. 11-12",
    ["generalized advantage estimation", "gae", "truncated gae", "generalized advantage estimator"],
    ["ppo-clip", "probability ratio", "kronecker delta"],
)
GAE = ["generalized advantage estimation", "gae", "generalized advantage estimator"]
add(
    "gae-sum",
    r"\hat{A}_t^{\mathrm{GAE}(\gamma, \lambda)} := \sum_{l=0}^{\infty} (\gamma\lambda)^l \delta_{t+l}^V",
    "arXiv:1506.02438 Eq. 16",
    GAE,
    ["lambda-return", "power", "kronecker delta"],
)
add(
    "gae-recursive",
    r"\hat{A}_t = \delta_t + \gamma \lambda \hat{A}_{t+1}",
    "arXiv:1506.02438 Eq. 16 written recursively (as implementations compute it)",
    GAE,
    ["kronecker delta", "momentum"],
    {"\\delta_t": 0.5, "\\gamma": 0.99, "\\lambda": 0.95, "\\hat{A}_{t+1}": 2.0},
    lambda b: b["\\delta_t"] + b["\\gamma"] * b["\\lambda"] * b["\\hat{A}_{t+1}"],
)
add(
    "gae-td-residual",
    r"\delta_t^V = r_t + \gamma V(s_{t+1}) - V(s_t)",
    "arXiv:1506.02438 §3 (TD residual)",
    ["td residual", "td error", "temporal difference error", "temporal-difference residual"],
    ["kronecker delta", "probability ratio", "power"],
    {"r_t": 1.0, "\\gamma": 0.9, "V(s_{t+1})": 3.0, "V(s_t)": 2.5},
    lambda b: b["r_t"] + b["\\gamma"] * b["V(s_{t+1})"] - b["V(s_t)"],
)
add(
    "gae-lambda-zero",
    r"\mathrm{GAE}(\gamma, 0): \quad \hat{A}_t := \delta_t = r_t + \gamma V(s_{t+1}) - V(s_t)",
    "arXiv:1506.02438 Eq. 17",
    [*GAE, "td residual", "td error"],
    ["kronecker delta", "probability ratio"],
    {"r_t": 0.0, "\\gamma": 0.99, "V(s_{t+1})": 1.0, "V(s_t)": 1.2},
    lambda b: b["r_t"] + b["\\gamma"] * b["V(s_{t+1})"] - b["V(s_t)"],
)
TRPO = ["trpo", "trust region policy optimization"]
add(
    "trpo-constrained",
    r"\underset{\theta}{\text{maximize}}\ \mathbb{E}_{s \sim \rho_{\theta_{\text{old}}}, a \sim q}\left[\frac{\pi_\theta(a|s)}{q(a|s)} Q_{\theta_{\text{old}}}(s, a)\right] \quad \text{subject to } \mathbb{E}_{s \sim \rho_{\theta_{\text{old}}}}\left[D_{\mathrm{KL}}(\pi_{\theta_{\text{old}}}(\cdot|s) \,\|\, \pi_\theta(\cdot|s))\right] \le \delta",
    "arXiv:1502.05477 Eq. 14",
    TRPO,
    ["ppo", "norm", "kronecker delta"],
)
add(
    "trpo-ppo-paper",
    r"""\begin{aligned}
&\underset{\theta}{\text{maximize}} \quad \hat{\mathbb{E}}_t\left[\frac{\pi_\theta(a_t \mid s_t)}{\pi_{\theta_{\text{old}}}(a_t \mid s_t)}\hat{A}_t\right] \\
&\text{subject to} \quad \hat{\mathbb{E}}_t\left[\operatorname{KL}[\pi_{\theta_{\text{old}}}(\cdot \mid s_t), \pi_\theta(\cdot \mid s_t)]\right] \le \delta
\end{aligned}""",
    "arXiv:1707.06347 Eqs. 3-4 (TRPO)",
    TRPO,
    ["ppo", "ppo-clip", "norm"],
)
add(
    "trpo-surrogate",
    r"L_\pi(\tilde{\pi}) = \eta(\pi) + \sum_s \rho_\pi(s) \sum_a \tilde{\pi}(a|s) A_\pi(s, a)",
    "arXiv:1502.05477 Eq. 3",
    ["trpo surrogate", "local approximation", "surrogate objective", "trpo", "surrogate advantage"],
    ["ppo-clip", "learning rate", "norm"],
)
add(
    "trpo-kakade-langford",
    r"\eta(\tilde{\pi}) = \eta(\pi) + \mathbb{E}_{s_0, a_0, \cdots \sim \tilde{\pi}}\left[\sum_{t=0}^{\infty} \gamma^t A_\pi(s_t, a_t)\right]",
    "arXiv:1502.05477 Eq. 1 (Kakade & Langford 2002)",
    [
        "performance difference lemma",
        "policy improvement identity",
        "kakade-langford identity",
        "performance difference",
    ],
    ["learning rate", "ppo"],
)

# ---------------------------------------------------------------- DPO 2305.18290, RLHF 2203.02155
DPO = ["dpo", "direct preference optimization", "dpo loss", "direct preference optimisation"]
DPO_NEVER = [
    "entropy",
    "shannon entropy",
    "logistic sigmoid",
    "sigmoid",
    "kl divergence",
    "cross entropy",
]


def dpo_loss(b: dict[str, Any], tw: str, rw: str, tl: str, rl: str) -> float:
    z = b["\\beta"] * math.log(b[tw] / b[rw]) - b["\\beta"] * math.log(b[tl] / b[rl])
    return -math.log(float(sig(z)))


add(
    "dpo-loss",
    r"\mathcal{L}_{\mathrm{DPO}}(\pi_\theta; \pi_{\mathrm{ref}}) = -\mathbb{E}_{(x, y_w, y_l) \sim \mathcal{D}}\left[\log \sigma\left(\beta \log \frac{\pi_\theta(y_w \mid x)}{\pi_{\mathrm{ref}}(y_w \mid x)} - \beta \log \frac{\pi_\theta(y_l \mid x)}{\pi_{\mathrm{ref}}(y_l \mid x)}\right)\right]",
    "arXiv:2305.18290 Eq. 7",
    DPO,
    DPO_NEVER,
    tags=LOOK,
)
add(
    "dpo-loss-one-pair",
    r"-\log \sigma\left(\beta \log \frac{\pi_\theta(y_w|x)}{\pi_{\text{ref}}(y_w|x)} - \beta \log \frac{\pi_\theta(y_l|x)}{\pi_{\text{ref}}(y_l|x)}\right)",
    "arXiv:2305.18290 Eq. 7 (one preference pair, no expectation)",
    DPO,
    DPO_NEVER,
    {
        "\\beta": 0.1,
        "\\pi_\\theta(y_w|x)": 0.4,
        "\\pi_{\\text{ref}}(y_w|x)": 0.2,
        "\\pi_\\theta(y_l|x)": 0.1,
        "\\pi_{\\text{ref}}(y_l|x)": 0.3,
    },
    lambda b: dpo_loss(
        b,
        "\\pi_\\theta(y_w|x)",
        "\\pi_{\\text{ref}}(y_w|x)",
        "\\pi_\\theta(y_l|x)",
        "\\pi_{\\text{ref}}(y_l|x)",
    ),
    tags=LOOK,
)
add(
    "dpo-bradley-terry",
    r"p^*(y_1 \succ y_2 \mid x) = \frac{\exp(r^*(x, y_1))}{\exp(r^*(x, y_1)) + \exp(r^*(x, y_2))}",
    "arXiv:2305.18290 Eq. 1",
    ["bradley-terry model", "bradley-terry", "bradley terry"],
    ["dpo", "entropy", "norm"],
    {"r^*(x, y_1)": 1.0, "r^*(x, y_2)": -0.5},
    lambda b: (
        math.exp(b["r^*(x, y_1)"]) / (math.exp(b["r^*(x, y_1)"]) + math.exp(b["r^*(x, y_2)"]))
    ),
)
RM = [
    "reward model loss",
    "bradley-terry loss",
    "bradley-terry",
    "pairwise ranking loss",
    "preference loss",
    "reward modeling loss",
]
add(
    "dpo-reward-model-loss",
    r"\mathcal{L}_R(r_\phi, \mathcal{D}) = -\mathbb{E}_{(x, y_w, y_l) \sim \mathcal{D}}\left[\log \sigma(r_\phi(x, y_w) - r_\phi(x, y_l))\right]",
    "arXiv:2305.18290 Eq. 2",
    RM,
    ["dpo", "entropy", "logistic sigmoid"],
)
RLHF = [
    "kl-regularized rlhf",
    "rlhf objective",
    "kl-regularized reward maximization",
    "kl-constrained reward maximization",
    "rlhf",
]
add(
    "dpo-rlhf-objective",
    r"\max_{\pi_\theta} \mathbb{E}_{x \sim \mathcal{D}, y \sim \pi_\theta(y \mid x)}\left[r_\phi(x, y)\right] - \beta \mathbb{D}_{\mathrm{KL}}\left[\pi_\theta(y \mid x) \,\|\, \pi_{\mathrm{ref}}(y \mid x)\right]",
    "arXiv:2305.18290 Eq. 3",
    RLHF,
    ["dpo", "norm", "entropy"],
)
add(
    "dpo-optimal-policy",
    r"\pi_r(y \mid x) = \frac{1}{Z(x)}\pi_{\mathrm{ref}}(y \mid x)\exp\left(\frac{1}{\beta}r(x, y)\right)",
    "arXiv:2305.18290 Eq. 4",
    [
        "optimal kl-constrained policy",
        "dpo optimal policy",
        "optimal policy",
        "gibbs policy",
        "boltzmann policy",
    ],
    ["softmax", "norm", "dpo loss"],
    {"Z(x)": 5.0, "\\pi_{\\mathrm{ref}}(y \\mid x)": 0.5, "\\beta": 0.5, "r(x, y)": 1.0},
    lambda b: (
        b["\\pi_{\\mathrm{ref}}(y \\mid x)"] * math.exp(b["r(x, y)"] / b["\\beta"]) / b["Z(x)"]
    ),
)
add(
    "dpo-implicit-reward",
    r"r(x, y) = \beta \log \frac{\pi_r(y \mid x)}{\pi_{\mathrm{ref}}(y \mid x)} + \beta \log Z(x)",
    "arXiv:2305.18290 Eq. 5",
    ["dpo implicit reward", "implicit reward", "reward reparameterization", "dpo reward"],
    ["entropy", "kl divergence", "norm"],
    {"\\beta": 0.1, "\\pi_r(y \\mid x)": 0.6, "\\pi_{\\mathrm{ref}}(y \\mid x)": 0.3, "Z(x)": 1.5},
    lambda b: (
        b["\\beta"] * math.log(b["\\pi_r(y \\mid x)"] / b["\\pi_{\\mathrm{ref}}(y \\mid x)"])
        + b["\\beta"] * math.log(b["Z(x)"])
    ),
)
add(
    "instructgpt-rm-loss",
    r"\operatorname{loss}(\theta) = -\frac{1}{\binom{K}{2}} E_{(x, y_w, y_l) \sim D}\left[\log\left(\sigma\left(r_\theta(x, y_w) - r_\theta(x, y_l)\right)\right)\right]",
    "arXiv:2203.02155 Eq. 1",
    RM,
    ["dpo", "entropy", "binomial distribution"],
)
add(
    "instructgpt-ppo-ptx",
    r"\operatorname{objective}(\phi) = E_{(x, y) \sim D_{\pi_\phi^{\mathrm{RL}}}}\left[r_\theta(x, y) - \beta \log\left(\pi_\phi^{\mathrm{RL}}(y \mid x) / \pi^{\mathrm{SFT}}(y \mid x)\right)\right] + \gamma E_{x \sim D_{\text{pretrain}}}\left[\log(\pi_\phi^{\mathrm{RL}}(x))\right]",
    "arXiv:2203.02155 Eq. 2",
    ["ppo-ptx", "rlhf objective", "kl-regularized rlhf", "instructgpt objective", "rlhf"],
    ["dpo", "entropy", "power"],
)
add(
    "ziegler-kl-reward",
    r"R(x, y) = r(x, y) - \beta \log \frac{\pi(y|x)}{\rho(y|x)}",
    "arXiv:1909.08593 §2.2 (KL-penalised reward)",
    [
        "kl-penalized reward",
        "kl-regularized reward",
        "kl-regularized rlhf",
        "rlhf reward",
        "kl penalty",
    ],
    ["dpo", "entropy", "norm"],
    {"r(x, y)": 2.0, "\\beta": 0.05, "\\pi(y|x)": 0.5, "\\rho(y|x)": 0.2},
    lambda b: b["r(x, y)"] - b["\\beta"] * math.log(b["\\pi(y|x)"] / b["\\rho(y|x)"]),
)
add(
    "switch-load-balancing",
    r"\mathrm{loss} = \alpha \cdot N \cdot \sum_{i=1}^{N} f_i \cdot P_i",
    "arXiv:2101.03961 Eq. 4",
    [
        "load balancing loss",
        "auxiliary load balancing loss",
        "switch transformer auxiliary loss",
        "load-balancing loss",
    ],
    ["dpo", "cross entropy", "entropy", "softmax"],
    {"\\alpha": 0.01, "N": 4, "f": [0.4, 0.3, 0.2, 0.1], "P": [0.3, 0.3, 0.2, 0.2]},
    lambda b: b["\\alpha"] * b["N"] * float(A(b["f"]) @ A(b["P"])),
    tags=LOOK,
)

# ---------------------------------------------------------------- GANs 1406.2661, 1701.07875, 1704.00028
add(
    "gan-minimax",
    r"\min_G \max_D V(D, G) = \mathbb{E}_{\boldsymbol{x} \sim p_{\text{data}}(\boldsymbol{x})}[\log D(\boldsymbol{x})] + \mathbb{E}_{\boldsymbol{z} \sim p_{\boldsymbol{z}}(\boldsymbol{z})}[\log(1 - D(G(\boldsymbol{z})))]",
    "arXiv:1406.2661 Eq. 1",
    [
        "gan objective",
        "gan",
        "minimax game",
        "generative adversarial network",
        "gan minimax objective",
        "generative adversarial nets",
    ],
    ["entropy", "wgan"],
)
add(
    "gan-optimal-discriminator",
    r"D^*_G(\boldsymbol{x}) = \frac{p_{\text{data}}(\boldsymbol{x})}{p_{\text{data}}(\boldsymbol{x}) + p_g(\boldsymbol{x})}",
    "arXiv:1406.2661 Proposition 1 (Eq. 2)",
    ["optimal discriminator", "gan optimal discriminator", "optimal gan discriminator"],
    [*SIGMOID, "softmax"],
    {"p_{\\text{data}}(\\boldsymbol{x})": 0.3, "p_g(\\boldsymbol{x})": 0.1},
    lambda b: (
        b["p_{\\text{data}}(\\boldsymbol{x})"]
        / (b["p_{\\text{data}}(\\boldsymbol{x})"] + b["p_g(\\boldsymbol{x})"])
    ),
)
add(
    "gan-generator-gradient",
    r"\nabla_{\theta_g} \frac{1}{m} \sum_{i=1}^{m} \log\left(1 - D\left(G\left(\boldsymbol{z}^{(i)}\right)\right)\right)",
    "arXiv:1406.2661 Algorithm 1 (generator update)",
    ["gan generator update", "gan generator loss", "gan", "generator gradient"],
    ["entropy", "cross entropy"],
)
add(
    "gan-virtual-criterion",
    r"C(G) = -\log(4) + 2 \cdot JSD\left(p_{\text{data}} \,\|\, p_g\right)",
    "arXiv:1406.2661 Theorem 1 proof (Eq. 6)",
    ["gan virtual training criterion", "jensen-shannon divergence", "gan", "gan objective"],
    ["norm", "kl divergence"],
)


def jsd(p: Any, q: Any) -> float:
    p, q = A(p), A(q)
    m = (p + q) / 2
    return float(0.5 * np.sum(p * np.log(p / m)) + 0.5 * np.sum(q * np.log(q / m)))


add(
    "jsd-definition",
    r"""\begin{aligned}
M &= \tfrac{1}{2}(P + Q) \\
\mathrm{JSD}(P \,\|\, Q) &= \tfrac{1}{2} D_{\mathrm{KL}}(P \,\|\, M) + \tfrac{1}{2} D_{\mathrm{KL}}(Q \,\|\, M)
\end{aligned}""",
    "Lin 1991 (IEEE Trans. Inf. Theory 37(1)); as used in arXiv:1406.2661 §4.1",
    ["jensen-shannon divergence", "js divergence", "jsd"],
    ["kl divergence", "norm", "jensen's inequality"],
    {"P": [0.5, 0.4, 0.1], "Q": [0.2, 0.3, 0.5]},
    lambda b: jsd(b["P"], b["Q"]),
)
add(
    "wgan-wasserstein",
    r"W(\mathbb{P}_r, \mathbb{P}_g) = \inf_{\gamma \in \Pi(\mathbb{P}_r, \mathbb{P}_g)} \mathbb{E}_{(x, y) \sim \gamma}\big[\|x - y\|\big]",
    "arXiv:1701.07875 Eq. 1",
    [
        "wasserstein distance",
        "earth mover's distance",
        "earth mover distance",
        "wasserstein-1 distance",
        "emd",
    ],
    ["kl divergence", "jensen-shannon divergence", "euclidean distance"],
)
add(
    "wgan-kantorovich",
    r"W(\mathbb{P}_r, \mathbb{P}_\theta) = \sup_{\|f\|_L \le 1} \mathbb{E}_{x \sim \mathbb{P}_r}[f(x)] - \mathbb{E}_{x \sim \mathbb{P}_\theta}[f(x)]",
    "arXiv:1701.07875 Eq. 2",
    [
        "kantorovich-rubinstein duality",
        "wasserstein distance",
        "wasserstein dual",
        "wgan critic objective",
        "wasserstein gan critic objective",
        "wgan",
    ],
    ["kl divergence", "gan objective"],
)
add(
    "wgan-critic-update",
    r"""\begin{aligned}
g_w &\leftarrow \nabla_w \left[\frac{1}{m} \sum_{i=1}^{m} f_w(x^{(i)}) - \frac{1}{m} \sum_{i=1}^{m} f_w(g_\theta(z^{(i)}))\right] \\
w &\leftarrow w + \alpha \cdot \operatorname{RMSProp}(w, g_w) \\
w &\leftarrow \operatorname{clip}(w, -c, c)
\end{aligned}""",
    "arXiv:1701.07875 Algorithm 1 lines 5-7",
    ["wgan", "wgan critic update", "wasserstein gan", "weight clipping"],
    ["gradient clipping", "ppo-clip", "rmsprop"],
)
add(
    "wgan-weight-clip",
    r"w \leftarrow \mathrm{clip}(w, -c, c)",
    "arXiv:1701.07875 Algorithm 1 line 7",
    ["weight clipping", "clipping", "clip", "wgan weight clipping"],
    ["gradient clipping", "ppo-clip", "gradient norm clipping"],
    {"w": [-0.5, 0.005, 0.02], "c": 0.01},
    lambda b: np.clip(A(b["w"]), -b["c"], b["c"]),
)
WGANGP = [
    "wgan-gp",
    "gradient penalty",
    "wgan gradient penalty",
    "wasserstein gan with gradient penalty",
]
add(
    "wgan-gp-loss",
    r"L = \underbrace{\underset{\tilde{\boldsymbol{x}} \sim \mathbb{P}_g}{\mathbb{E}}[D(\tilde{\boldsymbol{x}})] - \underset{\boldsymbol{x} \sim \mathbb{P}_r}{\mathbb{E}}[D(\boldsymbol{x})]}_{\text{Original critic loss}} + \underbrace{\lambda \underset{\hat{\boldsymbol{x}} \sim \mathbb{P}_{\hat{\boldsymbol{x}}}}{\mathbb{E}}\left[(\|\nabla_{\hat{\boldsymbol{x}}} D(\hat{\boldsymbol{x}})\|_2 - 1)^2\right]}_{\text{Our gradient penalty}}",
    "arXiv:1704.00028 Eq. 3",
    WGANGP,
    ["gradient clipping", "weight clipping", "gan objective"],
)
add(
    "wgan-gp-line",
    r"L^{(i)} \leftarrow D_w(\tilde{\boldsymbol{x}}) - D_w(\boldsymbol{x}) + \lambda(\|\nabla_{\hat{\boldsymbol{x}}} D_w(\hat{\boldsymbol{x}})\|_2 - 1)^2",
    "arXiv:1704.00028 Algorithm 1 line 7",
    WGANGP,
    ["gradient clipping", "weight clipping"],
    {
        "D_w(\\tilde{\\boldsymbol{x}})": 0.3,
        "D_w(\\boldsymbol{x})": 1.2,
        "\\lambda": 10.0,
        "\\nabla_{\\hat{\\boldsymbol{x}}} D_w(\\hat{\\boldsymbol{x}})": [0.6, 0.6],
    },
    lambda b: (
        b["D_w(\\tilde{\\boldsymbol{x}})"]
        - b["D_w(\\boldsymbol{x})"]
        + b["\\lambda"]
        * (
            float(
                np.linalg.norm(A(b["\\nabla_{\\hat{\\boldsymbol{x}}} D_w(\\hat{\\boldsymbol{x}})"]))
            )
            - 1
        )
        ** 2
    ),
)
add(
    "wgan-gp-interpolate",
    r"\hat{\boldsymbol{x}} \leftarrow \epsilon \boldsymbol{x} + (1 - \epsilon)\tilde{\boldsymbol{x}}",
    "arXiv:1704.00028 Algorithm 1 line 6",
    [
        "linear interpolation",
        "interpolation",
        "convex combination",
        "wgan-gp interpolation",
        "random interpolate",
    ],
    ["classifier-free guidance", "exponential moving average", "momentum"],
    {"\\epsilon": 0.25, "\\boldsymbol{x}": [1.0, 2.0], "\\tilde{\\boldsymbol{x}}": [-1.0, 0.0]},
    lambda b: (
        b["\\epsilon"] * A(b["\\boldsymbol{x}"])
        + (1 - b["\\epsilon"]) * A(b["\\tilde{\\boldsymbol{x}}"])
    ),
    tags=LOOK,
)

# ---------------------------------------------------------------- VAE 1312.6114 and the Gaussian KL
ELBO = [
    "elbo",
    "evidence lower bound",
    "variational lower bound",
    "vae objective",
    "variational bound",
]
add(
    "vae-elbo-eq3",
    r"\mathcal{L}(\boldsymbol{\theta}, \boldsymbol{\phi}; \mathbf{x}^{(i)}) = -D_{KL}(q_{\boldsymbol{\phi}}(\mathbf{z}|\mathbf{x}^{(i)}) || p_{\boldsymbol{\theta}}(\mathbf{z})) + \mathbb{E}_{q_{\boldsymbol{\phi}}(\mathbf{z}|\mathbf{x}^{(i)})}\left[\log p_{\boldsymbol{\theta}}(\mathbf{x}^{(i)}|\mathbf{z})\right]",
    "arXiv:1312.6114 Eq. 3",
    ELBO,
    ["kl divergence", "dpo", "norm"],
)
add(
    "vae-elbo-eq2",
    r"\log p_{\boldsymbol{\theta}}(\mathbf{x}^{(i)}) = D_{KL}(q_{\boldsymbol{\phi}}(\mathbf{z}|\mathbf{x}^{(i)}) || p_{\boldsymbol{\theta}}(\mathbf{z}|\mathbf{x}^{(i)})) + \mathcal{L}(\boldsymbol{\theta}, \boldsymbol{\phi}; \mathbf{x}^{(i)})",
    "arXiv:1312.6114 Eq. 1",
    [*ELBO, "elbo decomposition", "marginal likelihood decomposition"],
    ["norm", "dpo"],
)
add(
    "vae-elbo-modern",
    r"\log p_\theta(\mathbf{x}) \geq \mathbb{E}_{q_\phi(\mathbf{z} \mid \mathbf{x})}\left[\log p_\theta(\mathbf{x} \mid \mathbf{z})\right] - D_{\mathrm{KL}}\left(q_\phi(\mathbf{z} \mid \mathbf{x}) \,\|\, p(\mathbf{z})\right)",
    "arXiv:1312.6114 Eq. 3 rearranged as an inequality (arXiv:1906.02691 Eq. 2.10 form)",
    ELBO,
    ["kl divergence", "jensen's inequality", "norm"],
)
add(
    "beta-vae",
    r"\mathcal{L}(\theta, \phi; \mathbf{x}, \mathbf{z}, \beta) = \mathbb{E}_{q_\phi(\mathbf{z}|\mathbf{x})}[\log p_\theta(\mathbf{x}|\mathbf{z})] - \beta D_{KL}(q_\phi(\mathbf{z}|\mathbf{x}) \| p(\mathbf{z}))",
    "Higgins et al., beta-VAE, ICLR 2017, Eq. 4",
    ["beta-vae", "β-vae", "beta vae objective"],
    ["dpo", "kl-regularized rlhf", "norm"],
)
REPARAM = ["reparameterization trick", "reparameterisation trick", "reparametrization trick"]
add(
    "vae-reparam",
    r"\mathbf{z} = \boldsymbol{\mu} + \boldsymbol{\sigma} \odot \boldsymbol{\epsilon}",
    "arXiv:1312.6114 §2.4 / Appendix C (\\epsilon ~ N(0, I))",
    REPARAM,
    ["standard score", "z-score", "softmax"],
    {
        "\\boldsymbol{\\mu}": [0.5, -1.0],
        "\\boldsymbol{\\sigma}": [2.0, 0.5],
        "\\boldsymbol{\\epsilon}": [0.1, -0.4],
    },
    lambda b: (
        A(b["\\boldsymbol{\\mu}"]) + A(b["\\boldsymbol{\\sigma}"]) * A(b["\\boldsymbol{\\epsilon}"])
    ),
)
add(
    "vae-reparam-indexed",
    r"\mathbf{z}^{(i,l)} = \boldsymbol{\mu}^{(i)} + \boldsymbol{\sigma}^{(i)} \odot \boldsymbol{\epsilon}^{(l)} \quad \text{and} \quad \boldsymbol{\epsilon}^{(l)} \sim \mathcal{N}(0, \mathbf{I})",
    "arXiv:1312.6114 §3 (Eq. 10 context)",
    REPARAM,
    ["standard score", "ddpm forward process"],
    {
        "\\boldsymbol{\\mu}^{(i)}": [0.0, 1.0],
        "\\boldsymbol{\\sigma}^{(i)}": [1.0, 0.1],
        "\\boldsymbol{\\epsilon}^{(l)}": [-1.0, 3.0],
    },
    lambda b: (
        A(b["\\boldsymbol{\\mu}^{(i)}"])
        + A(b["\\boldsymbol{\\sigma}^{(i)}"]) * A(b["\\boldsymbol{\\epsilon}^{(l)}"])
    ),
)
GKL = [
    "gaussian kl",
    "kl divergence between gaussians",
    "closed-form kl",
    "vae kl term",
    "kl divergence",
    "closed form kl divergence",
]
add(
    "vae-gaussian-kl",
    r"-D_{KL}(q_{\boldsymbol{\phi}}(\mathbf{z}) || p_{\boldsymbol{\theta}}(\mathbf{z})) = \frac{1}{2}\sum_{j=1}^{J}\left(1 + \log((\sigma_j)^2) - (\mu_j)^2 - (\sigma_j)^2\right)",
    "arXiv:1312.6114 Appendix B (Eq. 10 term)",
    GKL,
    ["norm", "entropy", "elbo"],
    {"\\sigma": [0.5, 1.5], "\\mu": [0.2, -0.3], "J": 2},
    lambda b: float(
        0.5 * np.sum(1 + np.log(A(b["\\sigma"]) ** 2) - A(b["\\mu"]) ** 2 - A(b["\\sigma"]) ** 2)
    ),
)
add(
    "gaussian-kl-univariate",
    r"D_{\mathrm{KL}}\left(\mathcal{N}(\mu_1, \sigma_1^2) \,\|\, \mathcal{N}(\mu_2, \sigma_2^2)\right) = \log \frac{\sigma_2}{\sigma_1} + \frac{\sigma_1^2 + (\mu_1 - \mu_2)^2}{2\sigma_2^2} - \frac{1}{2}",
    "KL of Deep Learning book §3.13 evaluated for two univariate Gaussians (GPML Appendix A.5, Eq. A.23, D = 1)",
    GKL,
    ["norm", "entropy", "mahalanobis distance"],
    {"\\mu_1": 0.0, "\\sigma_1": 1.0, "\\mu_2": 1.0, "\\sigma_2": 2.0},
    lambda b: (
        math.log(b["\\sigma_2"] / b["\\sigma_1"])
        + (b["\\sigma_1"] ** 2 + (b["\\mu_1"] - b["\\mu_2"]) ** 2) / (2 * b["\\sigma_2"] ** 2)
        - 0.5
    ),
)


def kl_mvn(m0: Any, s0: Any, m1: Any, s1: Any) -> float:
    m0, s0, m1, s1 = A(m0), A(s0), A(m1), A(s1)
    k = m0.size
    s1i = np.linalg.inv(s1)
    d = m1 - m0
    return float(
        0.5 * (np.trace(s1i @ s0) + d @ s1i @ d - k + np.log(np.linalg.det(s1) / np.linalg.det(s0)))
    )


add(
    "gaussian-kl-multivariate",
    r"D_{\mathrm{KL}}(\mathcal{N}_0 \,\|\, \mathcal{N}_1) = \frac{1}{2}\left(\operatorname{tr}(\Sigma_1^{-1}\Sigma_0) + (\mu_1 - \mu_0)^\top \Sigma_1^{-1} (\mu_1 - \mu_0) - k + \ln \frac{\det \Sigma_1}{\det \Sigma_0}\right)",
    "GPML (Rasmussen & Williams 2006) Appendix A.5, Eq. A.23, rearranged",
    GKL,
    ["norm", "mahalanobis distance", "entropy"],
    {
        "\\Sigma_0": [[1.0, 0.0], [0.0, 1.0]],
        "\\Sigma_1": SPD,
        "\\mu_0": [0.0, 0.0],
        "\\mu_1": [1.0, -1.0],
        "k": 2,
    },
    lambda b: kl_mvn(b["\\mu_0"], b["\\Sigma_0"], b["\\mu_1"], b["\\Sigma_1"]),
)
add(
    "vae-encoder",
    r"q_\phi(\mathbf{z} \mid \mathbf{x}) = \mathcal{N}(\mathbf{z}; \boldsymbol{\mu}(\mathbf{x}), \operatorname{diag}(\boldsymbol{\sigma}^2(\mathbf{x})))",
    "arXiv:1312.6114 §3 / Appendix C.2 (Gaussian encoder)",
    [
        "vae encoder",
        "variational posterior",
        "approximate posterior",
        "gaussian encoder",
        "recognition model",
        "inference network",
    ],
    ["ddpm forward process", "forward diffusion process", "forward process", "norm"],
    tags=LOOK,
)

# ---------------------------------------------------------------- normalisation layers
LN = ["layer normalization", "layer norm", "layernorm", "layer normalisation"]
add(
    "layernorm-eq3",
    r"\mu^l = \frac{1}{H}\sum_{i=1}^{H} a_i^l \qquad \sigma^l = \sqrt{\frac{1}{H}\sum_{i=1}^{H}\left(a_i^l - \mu^l\right)^2}",
    "arXiv:1607.06450 Eq. 3",
    LN,
    ["batch normalization", "batch norm", "logistic sigmoid", "power"],
)


def layer_norm(x: Any, g: Any, bias: Any, eps: float) -> np.ndarray:
    x = A(x)
    mu = x.mean()
    var = ((x - mu) ** 2).mean()
    return A(g) * (x - mu) / np.sqrt(var + eps) + A(bias)


add(
    "layernorm-gain-bias",
    r"""\begin{aligned}
\mu &= \frac{1}{H}\sum_{i=1}^{H} x_i, \qquad \sigma^2 = \frac{1}{H}\sum_{i=1}^{H}(x_i - \mu)^2 \\
y &= \gamma \odot \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}} + \beta
\end{aligned}""",
    "arXiv:1607.06450 §3 (Eqs. 3-4 with gain and bias; \\epsilon as implementations add it)",
    LN,
    ["batch normalization", "batch norm", "rmsnorm"],
    {
        "x": [1.0, 2.0, 4.0],
        "H": 3,
        "\\gamma": [1.0, 0.5, 2.0],
        "\\beta": [0.0, 0.1, -0.1],
        "\\epsilon": 1e-5,
    },
    lambda b: layer_norm(b["x"], b["\\gamma"], b["\\beta"], b["\\epsilon"]),
)
add(
    "layernorm-rnn",
    r"\mathbf{h}^t = f\left[\frac{\mathbf{g}}{\sigma^t} \odot \left(\mathbf{a}^t - \mu^t\right) + \mathbf{b}\right]",
    "arXiv:1607.06450 §3.1 (layer-normalised RNN, Eq. 4)",
    LN,
    ["batch normalization", "standard score"],
)
BN = ["batch normalization", "batch norm", "batchnorm", "batch normalisation"]


def batch_norm(b: dict[str, Any]) -> np.ndarray:
    x = A(b["x"])
    mu = x.mean()
    var = ((x - mu) ** 2).mean()
    return b["\\gamma"] * (x - mu) / np.sqrt(var + b["\\epsilon"]) + b["\\beta"]


add(
    "batchnorm-alg1",
    r"""\begin{aligned}
\mu_\mathcal{B} &\leftarrow \frac{1}{m}\sum_{i=1}^{m} x_i \\
\sigma_\mathcal{B}^2 &\leftarrow \frac{1}{m}\sum_{i=1}^{m}(x_i - \mu_\mathcal{B})^2 \\
\widehat{x}_i &\leftarrow \frac{x_i - \mu_\mathcal{B}}{\sqrt{\sigma_\mathcal{B}^2 + \epsilon}} \\
y_i &\leftarrow \gamma\widehat{x}_i + \beta \equiv \mathrm{BN}_{\gamma,\beta}(x_i)
\end{aligned}""",
    "arXiv:1502.03167 Algorithm 1",
    BN,
    ["layer normalization", "layer norm", "power", "element b of mu"],
    {"x": [1.0, 3.0, 5.0, 7.0], "m": 4, "\\gamma": 2.0, "\\beta": 0.5, "\\epsilon": 1e-5},
    batch_norm,
)
add(
    "batchnorm-whiten",
    r"\widehat{x}^{(k)} = \frac{x^{(k)} - \mathrm{E}[x^{(k)}]}{\sqrt{\mathrm{Var}[x^{(k)}]}}",
    "arXiv:1502.03167 §3 (normalising each dimension)",
    [*BN, "standardization", "normalization"],
    ["layer normalization", "power"],
)
RMS = [
    "rmsnorm",
    "root mean square layer normalization",
    "rms norm",
    "rms normalization",
    "root mean square normalization",
]
add(
    "rmsnorm-eq4",
    r"\bar{a}_i = \frac{a_i}{\mathrm{RMS}(\mathbf{a})} g_i, \quad \text{where}~~ \mathrm{RMS}(\mathbf{a}) = \sqrt{\frac{1}{n}\sum_{i=1}^{n} a_i^2}",
    "arXiv:1910.07467 Eq. 4",
    RMS,
    ["layer normalization", "layernorm", "batch normalization"],
    {"a": [1.0, -2.0, 2.0, 4.0], "g": [1.0, 1.0, 0.5, 1.0], "n": 4, "i": 3},
    lambda b: b["a"][b["i"] - 1] / math.sqrt(np.mean(A(b["a"]) ** 2)) * b["g"][b["i"] - 1],
)
add(
    "rmsnorm-vector",
    r"\bar{\mathbf{a}} = \frac{\mathbf{a}}{\sqrt{\frac{1}{n}\sum_{i=1}^{n} a_i^2 + \epsilon}} \odot \mathbf{g}",
    "arXiv:1910.07467 Eq. 4 in vector form with \\epsilon (as implementations add it)",
    RMS,
    ["layer normalization", "layernorm", "batch normalization"],
    {
        "\\mathbf{a}": [3.0, 4.0],
        "a": [3.0, 4.0],
        "n": 2,
        "\\epsilon": 1e-6,
        "\\mathbf{g}": [1.0, 2.0],
    },
    lambda b: (
        A(b["\\mathbf{a}"])
        / math.sqrt(np.mean(A(b["a"]) ** 2) + b["\\epsilon"])
        * A(b["\\mathbf{g}"])
    ),
)
add(
    "rms-definition",
    r"\mathrm{RMS}(\mathbf{a}) = \sqrt{\frac{1}{n}\sum_{i=1}^{n} a_i^2}",
    "arXiv:1910.07467 Eq. 4 (root mean square)",
    ["root mean square", "rms", "quadratic mean"],
    ["standard deviation", "layer normalization", "euclidean norm"],
    {"a": [1.0, 2.0, 2.0], "n": 3},
    lambda b: math.sqrt(np.mean(A(b["a"]) ** 2)),
)

# ---------------------------------------------------------------- activations 1710.05941, 1606.08415, 2002.05202
SWISH = ["swish", "silu", "sigmoid linear unit"]
add(
    "swish",
    r"f(x) = x \cdot \sigma(\beta x)",
    "arXiv:1710.05941 §4 (Swish)",
    SWISH,
    ["logistic sigmoid", "sigmoid", "softmax", "gelu"],
    {"x": [-1.0, 2.0], "\\beta": 1.5},
    lambda b: A(b["x"]) * sig(b["\\beta"] * A(b["x"])),
    tags=LOOK,
)
add(
    "silu",
    r"\mathrm{SiLU}(x) = x\sigma(x)",
    "arXiv:1606.08415 §2 (SiLU) and arXiv:1702.03118",
    SWISH,
    ["logistic sigmoid", "sigmoid", "softmax"],
    {"x": 1.0},
    lambda b: b["x"] * float(sig(b["x"])),
    tags=LOOK,
)
add(
    "swish-beta-frac",
    r"\mathrm{Swish}_\beta(x) = \frac{x}{1 + e^{-\beta x}}",
    "arXiv:2002.05202 §2 (Swish_beta), written as one fraction",
    SWISH,
    ["logistic sigmoid", "sigmoid", "softmax"],
    {"x": 0.5, "\\beta": 1.0},
    lambda b: b["x"] / (1 + math.exp(-b["\\beta"] * b["x"])),
    tags=LOOK,
)
GELU = ["gelu", "gaussian error linear unit"]
add(
    "gelu-exact",
    r"\mathrm{GELU}(x) = xP(X \le x) = x\Phi(x) = x \cdot \frac{1}{2}\left[1 + \operatorname{erf}(x/\sqrt{2})\right]",
    "arXiv:1606.08415 §2",
    GELU,
    ["swish", "silu", "logistic sigmoid", "cumulative distribution function"],
    {"x": 0.7},
    lambda b: b["x"] * 0.5 * (1 + math.erf(b["x"] / math.sqrt(2))),
)
add(
    "gelu-tanh",
    r"0.5x\left(1 + \tanh\left[\sqrt{2/\pi}\left(x + 0.044715x^3\right)\right]\right)",
    "arXiv:1606.08415 §2 (tanh approximation)",
    [*GELU, "gelu tanh approximation"],
    ["swish", "tanh", "logistic sigmoid"],
    {"x": -0.8},
    lambda b: (
        0.5 * b["x"] * (1 + math.tanh(math.sqrt(2 / math.pi) * (b["x"] + 0.044715 * b["x"] ** 3)))
    ),
)
add(
    "gelu-sigmoid",
    r"x\sigma(1.702x)",
    "arXiv:1606.08415 §2 (sigmoid approximation)",
    [*GELU, "gelu sigmoid approximation", "swish"],
    ["logistic sigmoid", "sigmoid", "softmax"],
    {"x": 1.2},
    lambda b: b["x"] * float(sig(1.702 * b["x"])),
    tags=LOOK,
)
add(
    "mish",
    r"f(x) = x \cdot \tanh(\ln(1 + e^{x}))",
    "arXiv:1908.08681 Eq. 1 (Mish)",
    ["mish"],
    ["swish", "silu", "softplus", "gelu", "tanh"],
    {"x": 0.5},
    lambda b: b["x"] * math.tanh(math.log1p(math.exp(b["x"]))),
    tags=LOOK,
)
XW = [1.0, -0.5]
WW = [[0.5, -1.0], [1.0, 0.2]]
VW = [[0.3, 0.1], [-0.4, 0.8]]
BB = [0.1, -0.1]
CC = [0.0, 0.2]
add(
    "swiglu",
    r"\mathrm{SwiGLU}(x, W, V, b, c, \beta) = \mathrm{Swish}_\beta(xW + b) \otimes (xV + c)",
    "arXiv:2002.05202 §2",
    ["swiglu"],
    ["swish", "silu", "outer product", "kronecker product"],
    {"x": XW, "W": WW, "V": VW, "b": BB, "c": CC, "\\beta": 1.0},
    lambda b: (
        (lambda h: h * sig(b["\\beta"] * h))(A(b["x"]) @ A(b["W"]) + A(b["b"]))
        * (A(b["x"]) @ A(b["V"]) + A(b["c"]))
    ),
)
add(
    "ffn-swiglu",
    r"\mathrm{FFN}_{\mathrm{SwiGLU}}(x, W, V, W_2) = (\mathrm{Swish}_1(xW) \otimes xV)W_2",
    "arXiv:2002.05202 Eq. 6",
    ["swiglu", "swiglu ffn", "swiglu feed-forward", "ffn swiglu"],
    ["swish", "outer product", "kronecker product"],
    {"x": XW, "W": WW, "V": VW, "W_2": [[1.0, 0.0], [0.5, 1.0]]},
    lambda b: (
        ((A(b["x"]) @ A(b["W"])) * sig(A(b["x"]) @ A(b["W"])) * (A(b["x"]) @ A(b["V"])))
        @ A(b["W_2"])
    ),
)
add(
    "glu",
    r"\mathrm{GLU}(x, W, V, b, c) = \sigma(xW + b) \otimes (xV + c)",
    "arXiv:2002.05202 §2 (Dauphin et al. arXiv:1612.08083)",
    ["glu", "gated linear unit"],
    ["swiglu", "logistic sigmoid", "sigmoid", "outer product"],
    {"x": XW, "W": WW, "V": VW, "b": BB, "c": CC},
    lambda b: sig(A(b["x"]) @ A(b["W"]) + A(b["b"])) * (A(b["x"]) @ A(b["V"]) + A(b["c"])),
)
add(
    "geglu",
    r"\mathrm{GEGLU}(x, W, V, b, c) = \mathrm{GELU}(xW + b) \otimes (xV + c)",
    "arXiv:2002.05202 §2",
    ["geglu"],
    ["gelu", "swiglu", "outer product"],
    {"x": XW, "W": WW, "V": VW, "b": BB, "c": CC},
    lambda b: (
        (lambda h: h * 0.5 * (1 + np.vectorize(math.erf)(h / math.sqrt(2))))(
            A(b["x"]) @ A(b["W"]) + A(b["b"])
        )
        * (A(b["x"]) @ A(b["V"]) + A(b["c"]))
    ),
)
add(
    "reglu",
    r"\mathrm{ReGLU}(x, W, V, b, c) = \max(0, xW + b) \otimes (xV + c)",
    "arXiv:2002.05202 §2",
    ["reglu"],
    ["relu", "swiglu", "outer product"],
    {"x": XW, "W": WW, "V": VW, "b": BB, "c": CC},
    lambda b: (
        np.maximum(0, A(b["x"]) @ A(b["W"]) + A(b["b"])) * (A(b["x"]) @ A(b["V"]) + A(b["c"]))
    ),
)
add(
    "wavenet-gated",
    r"\mathbf{z} = \tanh(W_{f,k} * \mathbf{x}) \odot \sigma(W_{g,k} * \mathbf{x})",
    "arXiv:1609.03499 Eq. 2",
    ["gated activation unit", "wavenet gated activation", "gated tanh unit", "gated activation"],
    ["glu", "swiglu", "lstm", "logistic sigmoid", "sigmoid"],
    tags=LOOK,
)
add(
    "random-x-sigma-plus-sigma",
    r"f(x) = x \cdot \sigma(x) + \sigma(x)",
    "constructed: plausible but not a named activation",
    [],
    ["swish", "silu", "logistic sigmoid", "sigmoid"],
    {"x": 0.4},
    lambda b: (b["x"] + 1) * float(sig(b["x"])),
    tags=LOOK,
)
add(
    "shifted-sigmoid",
    r"s(x) = \frac{1}{1 + e^{-x}} - \frac{1}{2}",
    "constructed: a shifted logistic function (equals tanh(x/2)/2)",
    [],
    ["logistic sigmoid", "sigmoid", "tanh"],
    {"x": 1.0},
    lambda b: float(sig(b["x"])) - 0.5,
    tags=LOOK,
)
add(
    "rational-squash",
    r"y = \frac{x^2 - 1}{x^2 + 1}",
    "constructed: plausible squashing function, not a named formula",
    [],
    ["logistic sigmoid", "sigmoid", "tanh", "softsign"],
    {"x": 2.0},
    lambda b: (b["x"] ** 2 - 1) / (b["x"] ** 2 + 1),
    tags=LOOK,
)

# ---------------------------------------------------------------- RoPE 2104.09864
ROPE = [
    "rope",
    "rotary position embedding",
    "rotary positional embedding",
    "rotary embedding",
    "rotary position encoding",
]
add(
    "rope-2d",
    r"f_{\{q,k\}}(\boldsymbol{x}_m, m) = \begin{pmatrix} \cos m\theta & -\sin m\theta \\ \sin m\theta & \cos m\theta \end{pmatrix} \begin{pmatrix} W^{(11)}_{\{q,k\}} & W^{(12)}_{\{q,k\}} \\ W^{(21)}_{\{q,k\}} & W^{(22)}_{\{q,k\}} \end{pmatrix} \begin{pmatrix} x_m^{(1)} \\ x_m^{(2)} \end{pmatrix}",
    "arXiv:2104.09864 §3.2.1 (the 2-D case)",
    ROPE,
    ["sinusoidal positional encoding", "sine", "power"],
)


def rope4(b: dict[str, Any]) -> np.ndarray:
    x = A(b["x"])
    m = b["m"]
    th = A(b["\\theta"])
    c = np.cos(m * np.repeat(th, 2))
    s = np.sin(m * np.repeat(th, 2))
    rot = np.array([-x[1], x[0], -x[3], x[2]])
    return x * c + rot * s


add(
    "rope-efficient",
    r"\boldsymbol{R}^d_{\Theta,m}\boldsymbol{x} = \begin{pmatrix} x_1 \\ x_2 \\ x_3 \\ x_4 \end{pmatrix} \otimes \begin{pmatrix} \cos m\theta_1 \\ \cos m\theta_1 \\ \cos m\theta_2 \\ \cos m\theta_2 \end{pmatrix} + \begin{pmatrix} -x_2 \\ x_1 \\ -x_4 \\ x_3 \end{pmatrix} \otimes \begin{pmatrix} \sin m\theta_1 \\ \sin m\theta_1 \\ \sin m\theta_2 \\ \sin m\theta_2 \end{pmatrix}",
    "arXiv:2104.09864 §3.4.2 (computationally efficient form, Eq. 34, d = 4)",
    ROPE,
    ["sinusoidal positional encoding", "outer product", "kronecker product"],
    {"x": [1.0, 2.0, -1.0, 0.5], "m": 3, "\\theta": [1.0, 0.01]},
    rope4,
)
add(
    "rope-theta",
    r"\Theta = \left\{\theta_i = 10000^{-2(i-1)/d}, i \in [1, 2, \ldots, d/2]\right\}",
    "arXiv:2104.09864 §3.2.2 (general form, the frequencies Θ)",
    [*ROPE, "rope frequencies", "rotary frequencies"],
    ["sinusoidal positional encoding"],
)
add(
    "rope-relative",
    r"\boldsymbol{q}_m^\top \boldsymbol{k}_n = (\boldsymbol{R}^d_{\Theta,m}\boldsymbol{W}_q\boldsymbol{x}_m)^\top (\boldsymbol{R}^d_{\Theta,n}\boldsymbol{W}_k\boldsymbol{x}_n) = \boldsymbol{x}_m^\top \boldsymbol{W}_q \boldsymbol{R}^d_{\Theta,n-m} \boldsymbol{W}_k \boldsymbol{x}_n",
    "arXiv:2104.09864 §3.2.2 (relative position through the rotation)",
    ROPE,
    ["attention", "power"],
)

# ---------------------------------------------------------------- contrastive 1807.03748, 2002.05709, 2103.00020, 1503.03832
add(
    "infonce",
    r"\mathcal{L}_\mathrm{N} = -\mathop{\mathbb{E}}_{X}\left[\log \frac{f_k(x_{t+k}, c_t)}{\sum_{x_j \in X} f_k(x_j, c_t)}\right]",
    "arXiv:1807.03748 Eq. 4",
    [
        "infonce",
        "info nce",
        "contrastive predictive coding loss",
        "cpc loss",
        "noise contrastive estimation",
        "nce loss",
    ],
    ["softmax", "entropy", "cross entropy"],
)
add(
    "cpc-score",
    r"f_k(x_{t+k}, c_t) = \exp\left(z_{t+k}^T W_k c_t\right)",
    "arXiv:1807.03748 Eq. 3",
    [],
    ["softmax", "power", "infonce", "exponential distribution"],
    {"z_{t+k}": [1.0, 0.5], "W_k": [[0.2, 0.0], [0.1, -0.3]], "c_t": [1.0, 2.0]},
    lambda b: math.exp(float(A(b["z_{t+k}"]) @ A(b["W_k"]) @ A(b["c_t"]))),
    tags=LOOK,
)
ZS = [[1.0, 0.0], [0.8, 0.6], [0.0, 1.0], [-0.6, 0.8]]


def nt_xent(b: dict[str, Any]) -> float:
    z = A(b["\\boldsymbol{z}"])
    i, j, tau = b["i"] - 1, b["j"] - 1, b["\\tau"]
    den = sum(math.exp(cos_sim(z[i], z[k]) / tau) for k in range(2 * b["N"]) if k != i)
    return -math.log(math.exp(cos_sim(z[i], z[j]) / tau) / den)


add(
    "simclr-nt-xent",
    r"\ell_{i,j} = -\log \frac{\exp(\mathrm{sim}(\boldsymbol{z}_i, \boldsymbol{z}_j)/\tau)}{\sum_{k=1}^{2N} \mathbb{1}_{[k \neq i]} \exp(\mathrm{sim}(\boldsymbol{z}_i, \boldsymbol{z}_k)/\tau)}",
    "arXiv:2002.05709 Eq. 1 (sim = cosine similarity, §2.1)",
    [
        "nt-xent",
        "normalized temperature-scaled cross entropy",
        "simclr loss",
        "infonce",
        "contrastive loss",
        "info nce",
    ],
    ["softmax", "entropy", "triplet loss"],
    {"\\boldsymbol{z}": ZS, "i": 1, "j": 2, "\\tau": 0.5, "N": 2},
    nt_xent,
)
COSSIM = ["cosine similarity"]
add(
    "simclr-cosine",
    r"\mathrm{sim}(\boldsymbol{u}, \boldsymbol{v}) = \boldsymbol{u}^\top \boldsymbol{v} / \|\boldsymbol{u}\|\|\boldsymbol{v}\|",
    "arXiv:2002.05709 §2.1",
    COSSIM,
    ["euclidean distance", "dot product attention", "power"],
    {"\\boldsymbol{u}": [1.0, 2.0], "\\boldsymbol{v}": [2.0, 1.0]},
    lambda b: cos_sim(b["\\boldsymbol{u}"], b["\\boldsymbol{v}"]),
)
add(
    "cosine-theta",
    r"\cos\theta = \frac{\mathbf{a} \cdot \mathbf{b}}{\|\mathbf{a}\| \, \|\mathbf{b}\|}",
    "Deep Learning book §2.5 (x^T y = ||x||_2 ||y||_2 cos theta), solved for cos theta",
    [*COSSIM, "cosine of the angle"],
    ["sine", "euclidean distance"],
    {"\\mathbf{a}": [1.0, 0.0, 1.0], "\\mathbf{b}": [0.0, 1.0, 1.0]},
    lambda b: cos_sim(b["\\mathbf{a}"], b["\\mathbf{b}"]),
)
add(
    "projection-coefficient-lookalike",
    r"\mathrm{sim}(u, v) = \frac{u^\top v}{\|u\|^2}",
    "constructed look-alike of cosine similarity (a projection coefficient)",
    [],
    ["cosine similarity"],
    {"u": [1.0, 1.0], "v": [2.0, 0.0]},
    lambda b: float(A(b["u"]) @ A(b["v"]) / (A(b["u"]) @ A(b["u"]))),
    tags=LOOK,
)


def clip_loss(b: dict[str, Any]) -> float:
    s = A(b["s"]) / b["\\tau"]
    row = np.log(softmax(s, axis=1))
    col = np.log(softmax(s, axis=0))
    return float(-(np.trace(row) + np.trace(col)) / (2 * b["N"]))


add(
    "clip-symmetric",
    r"\mathcal{L} = -\frac{1}{2N}\sum_{i=1}^{N}\left[\log \frac{\exp(s_{ii}/\tau)}{\sum_{j=1}^{N}\exp(s_{ij}/\tau)} + \log \frac{\exp(s_{ii}/\tau)}{\sum_{j=1}^{N}\exp(s_{ji}/\tau)}\right]",
    "arXiv:2103.00020 Figure 3 (pseudocode of the symmetric loss), written as a formula",
    [
        "clip loss",
        "symmetric infonce",
        "symmetric cross entropy",
        "clip contrastive loss",
        "infonce",
        "contrastive loss",
    ],
    ["softmax", "entropy", "triplet loss"],
    {"s": [[0.9, 0.1], [0.3, 0.7]], "\\tau": 0.1, "N": 2},
    clip_loss,
)
add(
    "facenet-triplet",
    r"\sum_i^N \left[\left\| f(x_i^a) - f(x_i^p) \right\|_2^2 - \left\| f(x_i^a) - f(x_i^n) \right\|_2^2 + \alpha\right]_+",
    "arXiv:1503.03832 Eq. 3",
    ["triplet loss"],
    ["contrastive loss", "hinge loss", "pseudo-inverse", "power"],
)
add(
    "triplet-simple",
    r"L(a, p, n) = \max\left(\|a - p\|_2^2 - \|a - n\|_2^2 + \alpha, 0\right)",
    "arXiv:1503.03832 Eq. 3 for one triplet",
    ["triplet loss"],
    ["contrastive loss", "hinge loss"],
    {"a": [0.0, 0.0], "p": [1.0, 0.0], "n": [0.0, 1.2], "\\alpha": 0.5},
    lambda b: max(
        float(np.sum((A(b["a"]) - A(b["p"])) ** 2) - np.sum((A(b["a"]) - A(b["n"])) ** 2))
        + b["\\alpha"],
        0.0,
    ),
)
add(
    "hadsell-contrastive",
    r"L(W, Y, \vec{X}_1, \vec{X}_2) = (1 - Y)\frac{1}{2}(D_W)^2 + (Y)\frac{1}{2}\{\max(0, m - D_W)\}^2",
    "Hadsell, Chopra & LeCun, CVPR 2006, Eq. 4",
    ["contrastive loss"],
    ["triplet loss", "infonce", "hinge loss"],
    {"Y": 1, "D_W": 0.3, "m": 1.0},
    lambda b: (1 - b["Y"]) * 0.5 * b["D_W"] ** 2 + b["Y"] * 0.5 * max(0.0, b["m"] - b["D_W"]) ** 2,
)

# ---------------------------------------------------------------- losses 1708.02002, 1512.00567, Huber, hinge
add(
    "focal-loss",
    r"\mathrm{FL}(p_{\mathrm{t}}) = -\alpha_{\mathrm{t}}(1 - p_{\mathrm{t}})^\gamma \log(p_{\mathrm{t}})",
    "arXiv:1708.02002 Eq. 5",
    ["focal loss"],
    ["cross entropy", "cross-entropy", "binary cross entropy", "entropy"],
    {"p_{\\mathrm{t}}": 0.9, "\\alpha_{\\mathrm{t}}": 0.25, "\\gamma": 2.0},
    lambda b: (
        -b["\\alpha_{\\mathrm{t}}"]
        * (1 - b["p_{\\mathrm{t}}"]) ** b["\\gamma"]
        * math.log(b["p_{\\mathrm{t}}"])
    ),
)
add(
    "focal-loss-plain",
    r"FL(p_t) = -(1 - p_t)^{\gamma} \log(p_t)",
    "arXiv:1708.02002 Eq. 4",
    ["focal loss"],
    ["cross entropy", "binary cross entropy"],
    {"p_t": 0.3, "\\gamma": 2.0},
    lambda b: -((1 - b["p_t"]) ** b["\\gamma"]) * math.log(b["p_t"]),
)
add(
    "focal-pt",
    r"p_{\mathrm{t}} = \begin{cases} p & \text{if } y = 1 \\ 1 - p & \text{otherwise} \end{cases}",
    "arXiv:1708.02002 Eq. 2 (definition of p_t)",
    [],
    ["logistic sigmoid", "sigmoid", "softmax"],
    {"p": 0.3, "y": 0},
    lambda b: b["p"] if b["y"] == 1 else 1 - b["p"],
    tags=LOOK,
)
add(
    "focal-ce",
    r"\mathrm{CE}(p, y) = \begin{cases} -\log(p) & \text{if } y = 1 \\ -\log(1 - p) & \text{otherwise} \end{cases}",
    "arXiv:1708.02002 Eq. 1",
    ["cross entropy", "binary cross entropy", "cross-entropy loss", "log loss"],
    ["focal loss", "logistic sigmoid", "sigmoid"],
    {"p": 0.8, "y": 1},
    lambda b: -math.log(b["p"]) if b["y"] == 1 else -math.log(1 - b["p"]),
)
add(
    "focal-balanced-ce",
    r"\mathrm{CE}(p_{\mathrm{t}}) = -\alpha_{\mathrm{t}} \log(p_{\mathrm{t}})",
    "arXiv:1708.02002 Eq. 3",
    [
        "balanced cross entropy",
        "alpha-balanced cross entropy",
        "weighted cross entropy",
        "cross entropy",
    ],
    ["focal loss", "entropy"],
    {"p_{\\mathrm{t}}": 0.6, "\\alpha_{\\mathrm{t}}": 0.75},
    lambda b: -b["\\alpha_{\\mathrm{t}}"] * math.log(b["p_{\\mathrm{t}}"]),
)
add(
    "prml-bce",
    r"E(\mathbf{w}) = -\ln p(\mathbf{t}|\mathbf{w}) = -\sum_{n=1}^{N}\left\{t_n \ln y_n + (1 - t_n)\ln(1 - y_n)\right\}",
    "Bishop PRML §4.3.2 (Eq. 4.90)",
    [
        "cross entropy",
        "binary cross entropy",
        "cross-entropy error function",
        "negative log likelihood",
        "log loss",
    ],
    [*SIGMOID, "entropy", "shannon entropy", "norm"],
    {"t": [1, 0, 1], "y": [0.9, 0.2, 0.6], "N": 3},
    lambda b: float(
        -np.sum(A(b["t"]) * np.log(A(b["y"])) + (1 - A(b["t"])) * np.log(1 - A(b["y"])))
    ),
    tags=LOOK,
)
add(
    "bce-hat",
    r"\mathcal{L}(y, \hat{y}) = -\left[y \log \hat{y} + (1 - y)\log(1 - \hat{y})\right]",
    "Bishop PRML §4.3.2 (Eq. 4.90) for one example, in the y / \\hat{y} letters",
    ["binary cross entropy", "cross entropy", "log loss", "bce", "negative log likelihood"],
    [*SIGMOID, "entropy", "shannon entropy"],
    {"y": 0, "\\hat{y}": 0.25},
    lambda b: -(b["y"] * math.log(b["\\hat{y}"]) + (1 - b["y"]) * math.log(1 - b["\\hat{y}"])),
)
add(
    "prml-multiclass-ce",
    r"E(\mathbf{w}_1, \ldots, \mathbf{w}_K) = -\ln p(\mathbf{T}|\mathbf{w}_1, \ldots, \mathbf{w}_K) = -\sum_{n=1}^{N}\sum_{k=1}^{K} t_{nk} \ln y_{nk}",
    "Bishop PRML §4.3.4 (Eq. 4.108)",
    [
        "cross entropy",
        "multiclass cross entropy",
        "categorical cross entropy",
        "cross-entropy error function",
        "negative log likelihood",
    ],
    [*SIGMOID, "entropy", "norm"],
    {"t": [[1, 0, 0], [0, 0, 1]], "y": [[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]], "N": 2, "K": 3},
    lambda b: float(-np.sum(A(b["t"]) * np.log(A(b["y"])))),
)
LS = ["label smoothing", "label smoothing regularization", "label-smoothing regularization"]
add(
    "label-smoothing",
    r"q'(k|x) = (1 - \epsilon)\delta_{k,y} + \epsilon u(k)",
    "arXiv:1512.00567 §7",
    LS,
    ["dirac delta", "norm", "product"],
    {"k": 2, "y": 2, "\\epsilon": 0.1, "u(k)": 0.25},
    lambda b: (
        (1 - b["\\epsilon"]) * (1.0 if b["k"] == b["y"] else 0.0) + b["\\epsilon"] * b["u(k)"]
    ),
)
add(
    "label-smoothing-uniform",
    r"q'(k) = (1 - \epsilon)\delta_{k,y} + \frac{\epsilon}{K}",
    "arXiv:1512.00567 §7 (u(k) = 1/K)",
    LS,
    ["dirac delta", "softmax"],
    {"k": 1, "y": 3, "\\epsilon": 0.1, "K": 5},
    lambda b: (1 - b["\\epsilon"]) * (1.0 if b["k"] == b["y"] else 0.0) + b["\\epsilon"] / b["K"],
)
add(
    "label-smoothing-ce",
    r"H(q', p) = -\sum_{k=1}^{K} \log p(k) q'(k) = (1 - \epsilon)H(q, p) + \epsilon H(u, p)",
    "arXiv:1512.00567 §7",
    [*LS, "label-smoothed cross entropy", "label smoothing cross entropy"],
    ["entropy", "logistic sigmoid"],
    {
        "p(k)": [0.7, 0.2, 0.1],
        "q'(k)": [0.9333333333333333, 0.03333333333333333, 0.03333333333333333],
        "K": 3,
    },
    lambda b: float(-np.sum(np.log(A(b["p(k)"])) * A(b["q'(k)"]))),
)
add(
    "huber",
    r"L_\delta(a) = \begin{cases} \frac{1}{2}a^2 & \text{for } |a| \le \delta, \\ \delta\left(|a| - \frac{1}{2}\delta\right) & \text{otherwise.} \end{cases}",
    "Huber 1964 (Ann. Math. Statist. 35(1)), with the 1/2 a^2 scaling",
    ["huber loss"],
    ["mean squared error", "l1 loss", "kronecker delta"],
    {"a": 2.0, "\\delta": 1.0},
    lambda b: (
        0.5 * b["a"] ** 2
        if abs(b["a"]) <= b["\\delta"]
        else b["\\delta"] * (abs(b["a"]) - 0.5 * b["\\delta"])
    ),
)
add(
    "smooth-l1",
    r"\mathrm{smooth}_{L_1}(x) = \begin{cases} 0.5x^2 & \text{if } |x| < 1 \\ |x| - 0.5 & \text{otherwise} \end{cases}",
    "arXiv:1504.08083 Eq. 3",
    ["smooth l1", "smooth l1 loss", "huber loss"],
    ["mean squared error", "l1 regularization"],
    {"x": 0.5},
    lambda b: 0.5 * b["x"] ** 2 if abs(b["x"]) < 1 else abs(b["x"]) - 0.5,
)
add(
    "prml-hinge",
    r"E_{\mathrm{SV}}(y_n t_n) = \left[1 - y_n t_n\right]_+",
    "Bishop PRML §7.1.2 (Eq. 7.44)",
    ["hinge loss", "hinge error function", "hinge"],
    ["relu", "triplet loss", "logistic loss"],
    {"y_n": 0.4, "t_n": 1},
    lambda b: max(0.0, 1 - b["y_n"] * b["t_n"]),
)
add(
    "hinge-max",
    r"\ell(y) = \max(0, 1 - t \cdot y)",
    "Bishop PRML §7.1.2 (Eq. 7.44) in max form",
    ["hinge loss", "hinge"],
    ["relu", "triplet loss", "softmax"],
    {"t": -1, "y": 0.3},
    lambda b: max(0.0, 1 - b["t"] * b["y"]),
)
add(
    "prml-svm-primal",
    r"C\sum_{n=1}^{N}\xi_n + \frac{1}{2}\|\mathbf{w}\|^2",
    "Bishop PRML §7.1.1 (Eq. 7.21)",
    ["soft-margin svm", "svm", "support vector machine", "svm primal"],
    ["ridge regression", "lasso"],
    {"C": 1.0, "\\xi": [0.0, 0.5, 0.2], "N": 3, "\\mathbf{w}": [1.0, 2.0]},
    lambda b: (
        b["C"] * float(np.sum(A(b["\\xi"])))
        + 0.5 * float(A(b["\\mathbf{w}"]) @ A(b["\\mathbf{w}"]))
    ),
)
add(
    "logistic-loss-pm1",
    r"\mathcal{L}(\mathbf{w}) = \sum_{i=1}^{n} \log\left(1 + e^{-y_i \mathbf{w}^\top \mathbf{x}_i}\right)",
    "ESL §4.4 / §10.5 (binomial deviance with labels in {-1, +1})",
    [
        "logistic loss",
        "log loss",
        "logistic regression loss",
        "binomial deviance",
        "negative log likelihood",
    ],
    ["hinge loss", "entropy", "softmax"],
    {"y": [1, -1], "\\mathbf{w}": [0.5, -0.5], "\\mathbf{x}": [[1.0, 2.0], [2.0, 0.0]], "n": 2},
    lambda b: float(
        sum(
            math.log1p(math.exp(-b["y"][i] * float(A(b["\\mathbf{w}"]) @ A(b["\\mathbf{x}"][i]))))
            for i in range(b["n"])
        )
    ),
)
add(
    "perplexity",
    r"\mathrm{PPL} = \exp\left(-\frac{1}{N}\sum_{i=1}^{N} \log p(w_i \mid w_{<i})\right)",
    "Jurafsky & Martin, Speech and Language Processing 3rd ed. draft, ch. 3 (perplexity)",
    ["perplexity"],
    ["entropy", "cross entropy", "softmax"],
    {"p(w_i \\mid w_{<i})": [0.5, 0.25, 0.125], "N": 3},
    lambda b: math.exp(-float(np.mean(np.log(A(b["p(w_i \\mid w_{<i})"]))))),
)

# ---------------------------------------------------------------- initialisation
XAV = [
    "xavier initialization",
    "glorot initialization",
    "normalized initialization",
    "xavier uniform",
    "glorot uniform",
    "xavier",
]
add(
    "xavier-uniform",
    r"W \sim U\left[-\frac{\sqrt{6}}{\sqrt{n_j + n_{j+1}}}, \frac{\sqrt{6}}{\sqrt{n_j + n_{j+1}}}\right]",
    "Glorot & Bengio, AISTATS 2010, Eq. 16",
    XAV,
    ["he initialization", "kaiming initialization"],
)
add(
    "xavier-variance",
    r"\mathrm{Var}[W^i] = \frac{2}{n_i + n_{i+1}}",
    "Glorot & Bengio, AISTATS 2010, Eq. 12",
    XAV,
    ["he initialization", "power"],
    {"n_i": 256, "n_{i+1}": 128},
    lambda b: 2 / (b["n_i"] + b["n_{i+1}"]),
)
add(
    "xavier-normal-std",
    r"\sigma = \sqrt{\frac{2}{\mathrm{fan}_{\mathrm{in}} + \mathrm{fan}_{\mathrm{out}}}}",
    "Glorot & Bengio, AISTATS 2010, Eq. 12 as a normal standard deviation",
    [*XAV, "xavier normal", "glorot normal"],
    ["he initialization", "logistic sigmoid"],
    {"\\mathrm{fan}_{\\mathrm{in}}": 100, "\\mathrm{fan}_{\\mathrm{out}}": 50},
    lambda b: math.sqrt(
        2 / (b["\\mathrm{fan}_{\\mathrm{in}}"] + b["\\mathrm{fan}_{\\mathrm{out}}"])
    ),
)
HE = [
    "he initialization",
    "kaiming initialization",
    "he init",
    "kaiming init",
    "msra initialization",
]
add(
    "he-eq10",
    r"\frac{1}{2}n_l \mathrm{Var}[w_l] = 1, \quad \forall l",
    "arXiv:1502.01852 Eq. 10",
    HE,
    ["xavier initialization", "glorot initialization"],
)
add(
    "he-std",
    r"\mathrm{std} = \sqrt{2/n_l}",
    "arXiv:1502.01852 §2.2 (zero-mean Gaussian with this standard deviation)",
    HE,
    ["xavier initialization", "glorot initialization"],
    {"n_l": 512},
    lambda b: math.sqrt(2 / b["n_l"]),
)
add(
    "he-normal",
    r"w_l \sim \mathcal{N}\left(0, \frac{2}{n_l}\right)",
    "arXiv:1502.01852 §2.2",
    HE,
    ["xavier initialization", "glorot initialization"],
)
add(
    "lecun-init",
    r"\mathrm{Var}[W] = \frac{1}{n_{\mathrm{in}}}",
    "LeCun, Bottou, Orr & Müller, Efficient BackProp (1998) §4.6",
    ["lecun initialization", "lecun normal", "lecun init"],
    ["he initialization", "xavier initialization", "glorot initialization"],
    {"n_{\\mathrm{in}}": 64},
    lambda b: 1 / b["n_{\\mathrm{in}}"],
)

# ---------------------------------------------------------------- recurrent cells
LSTM_B = {
    "x_t": 0.5, "h_{t-1}": -0.2, "c_{t-1}": 0.3,
    "W_f": 0.4, "U_f": 0.1, "b_f": 1.0,
    "W_i": -0.3, "U_i": 0.2, "b_i": 0.0,
    "W_o": 0.6, "U_o": -0.5, "b_o": 0.1,
    "W_c": 1.2, "U_c": 0.7, "b_c": -0.1,
}  # fmt: skip


def lstm(b: dict[str, Any]) -> float:
    x, h, c = b["x_t"], b["h_{t-1}"], b["c_{t-1}"]
    f = float(sig(b["W_f"] * x + b["U_f"] * h + b["b_f"]))
    i = float(sig(b["W_i"] * x + b["U_i"] * h + b["b_i"]))
    o = float(sig(b["W_o"] * x + b["U_o"] * h + b["b_o"]))
    ct = math.tanh(b["W_c"] * x + b["U_c"] * h + b["b_c"])
    return o * math.tanh(f * c + i * ct)


LSTM = ["lstm", "long short-term memory", "lstm cell"]
add(
    "lstm-cell",
    r"""\begin{aligned}
f_t &= \sigma(W_f x_t + U_f h_{t-1} + b_f) \\
i_t &= \sigma(W_i x_t + U_i h_{t-1} + b_i) \\
o_t &= \sigma(W_o x_t + U_o h_{t-1} + b_o) \\
\tilde{c}_t &= \tanh(W_c x_t + U_c h_{t-1} + b_c) \\
c_t &= f_t \odot c_{t-1} + i_t \odot \tilde{c}_t \\
h_t &= o_t \odot \tanh(c_t)
\end{aligned}""",
    "Hochreiter & Schmidhuber 1997 with the forget gate of Gers et al. 2000; notation as in arXiv:1503.04069 §2",
    LSTM,
    ["gru", "logistic sigmoid", "standard deviation"],
    LSTM_B,
    lstm,
)
add(
    "lstm-cell-state",
    r"c_t = f_t \odot c_{t-1} + i_t \odot \tilde{c}_t",
    "arXiv:1503.04069 §2 (cell state update)",
    [*LSTM, "lstm cell state update", "cell state update"],
    ["gru", "exponential moving average"],
    {"f_t": [0.9, 0.1], "c_{t-1}": [1.0, -1.0], "i_t": [0.2, 0.8], "\\tilde{c}_t": [0.5, 0.5]},
    lambda b: A(b["f_t"]) * A(b["c_{t-1}"]) + A(b["i_t"]) * A(b["\\tilde{c}_t"]),
)
GRU = ["gru", "gated recurrent unit", "gru cell"]
add(
    "gru-cho",
    r"""\begin{aligned}
r_j &= \sigma\left([\mathbf{W}_r\mathbf{x}]_j + [\mathbf{U}_r\mathbf{h}_{\langle t-1\rangle}]_j\right) \\
z_j &= \sigma\left([\mathbf{W}_z\mathbf{x}]_j + [\mathbf{U}_z\mathbf{h}_{\langle t-1\rangle}]_j\right) \\
h_j^{\langle t\rangle} &= z_j h_j^{\langle t-1\rangle} + (1 - z_j)\tilde{h}_j^{\langle t\rangle} \\
\tilde{h}_j^{\langle t\rangle} &= \phi\left([\mathbf{W}\mathbf{x}]_j + \left[\mathbf{U}\left(\mathbf{r} \odot \mathbf{h}_{\langle t-1\rangle}\right)\right]_j\right)
\end{aligned}""",
    "arXiv:1406.1078 Eqs. 5-8",
    GRU,
    ["lstm", "reward", "logistic sigmoid"],
)


def gru(b: dict[str, Any]) -> float:
    x, h = b["x_t"], b["h_{t-1}"]
    z = float(sig(b["W_z"] * x + b["U_z"] * h))
    r = float(sig(b["W_r"] * x + b["U_r"] * h))
    ht = math.tanh(b["W"] * x + b["U"] * (r * h))
    return (1 - z) * h + z * ht


add(
    "gru-chung",
    r"""\begin{aligned}
z_t &= \sigma(W_z x_t + U_z h_{t-1}) \\
r_t &= \sigma(W_r x_t + U_r h_{t-1}) \\
\tilde{h}_t &= \tanh(W x_t + U(r_t \odot h_{t-1})) \\
h_t &= (1 - z_t) h_{t-1} + z_t \tilde{h}_t
\end{aligned}""",
    "arXiv:1412.3555 §3.2 (GRU, per-unit equations in vector form)",
    GRU,
    ["lstm", "reward", "probability ratio"],
    {
        "x_t": 1.0,
        "h_{t-1}": 0.5,
        "W_z": 0.3,
        "U_z": -0.2,
        "W_r": 0.8,
        "U_r": 0.4,
        "W": -0.6,
        "U": 1.1,
    },
    gru,
)
add(
    "dropout-srivastava",
    r"""\begin{aligned}
r_j^{(l)} &\sim \mathrm{Bernoulli}(p) \\
\tilde{\mathbf{y}}^{(l)} &= \mathbf{r}^{(l)} * \mathbf{y}^{(l)} \\
z_i^{(l+1)} &= \mathbf{w}_i^{(l+1)}\tilde{\mathbf{y}}^{(l)} + b_i^{(l+1)} \\
y_i^{(l+1)} &= f(z_i^{(l+1)})
\end{aligned}""",
    "Srivastava et al., JMLR 15 (2014) §4 (dropout of arXiv:1207.0580)",
    ["dropout"],
    ["convolution", "bernoulli distribution", "reward"],
)
add(
    "resnet-block",
    r"\mathbf{y} = \mathcal{F}(\mathbf{x}, \{W_i\}) + \mathbf{x}",
    "arXiv:1512.03385 Eq. 1",
    ["residual connection", "residual block", "skip connection", "resnet", "residual learning"],
    ["layer normalization", "softmax"],
)
add(
    "linear-layer",
    r"\mathbf{y} = \mathbf{W}\mathbf{x} + \mathbf{b}",
    "Deep Learning book §6.1 (affine transformation of a layer)",
    [
        "linear layer",
        "affine transformation",
        "fully connected layer",
        "linear transformation",
        "dense layer",
        "linear model",
        "affine layer",
    ],
    ["softmax", "attention"],
    {
        "\\mathbf{W}": [[1.0, 2.0], [0.0, -1.0]],
        "\\mathbf{x}": [0.5, 0.5],
        "\\mathbf{b}": [0.1, 0.2],
    },
    lambda b: A(b["\\mathbf{W}"]) @ A(b["\\mathbf{x}"]) + A(b["\\mathbf{b}"]),
)
add(
    "bahdanau-weights",
    r"\alpha_{ij} = \frac{\exp(e_{ij})}{\sum_{k=1}^{T_x} \exp(e_{ik})}",
    "arXiv:1409.0473 Eq. 6",
    [
        "attention weights",
        "bahdanau attention",
        "additive attention",
        "softmax",
        "alignment weights",
    ],
    SIGMOID,
    {"e": [[0.1, 0.5, -0.2], [1.0, 0.0, 0.0]], "i": 1, "j": 2, "T_x": 3},
    lambda b: softmax(b["e"])[b["i"] - 1][b["j"] - 1],
)
add(
    "bahdanau-context",
    r"c_i = \sum_{j=1}^{T_x} \alpha_{ij} h_j",
    "arXiv:1409.0473 Eq. 5",
    [
        "context vector",
        "bahdanau attention",
        "attention context vector",
        "attention",
        "weighted sum",
    ],
    ["softmax", "logistic sigmoid"],
    {"\\alpha": [[0.2, 0.5, 0.3]], "h": [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], "i": 1, "T_x": 3},
    lambda b: A(b["\\alpha"])[b["i"] - 1] @ A(b["h"]),
)

# ---------------------------------------------------------------- statistics and classical ML
MAHA = ["mahalanobis distance"]
MAHA_NEVER = ["logistic sigmoid", "sigmoid", "euclidean distance", "multivariate gaussian"]


def maha(x: Any, mu: Any, s: Any) -> float:
    d = A(x) - A(mu)
    return float(d @ np.linalg.solve(A(s), d))


add(
    "mahalanobis-top",
    r"d(\mathbf{x}) = \sqrt{(\mathbf{x} - \boldsymbol{\mu})^\top \boldsymbol{\Sigma}^{-1} (\mathbf{x} - \boldsymbol{\mu})}",
    "Bishop PRML §2.3 (Eq. 2.44, square root taken)",
    MAHA,
    MAHA_NEVER,
    {"\\mathbf{x}": X2, "\\boldsymbol{\\mu}": MU2, "\\boldsymbol{\\Sigma}": SPD},
    lambda b: math.sqrt(
        maha(b["\\mathbf{x}"], b["\\boldsymbol{\\mu}"], b["\\boldsymbol{\\Sigma}"])
    ),
    tags=LOOK,
)
add(
    "mahalanobis-prml",
    r"\Delta^2 = (\mathbf{x} - \boldsymbol{\mu})^{\mathrm{T}} \boldsymbol{\Sigma}^{-1} (\mathbf{x} - \boldsymbol{\mu})",
    "Bishop PRML §2.3 (Eq. 2.44)",
    [*MAHA, "squared mahalanobis distance"],
    MAHA_NEVER,
    {
        "\\mathbf{x}": [2.0, 0.0],
        "\\boldsymbol{\\mu}": [0.0, 0.0],
        "\\boldsymbol{\\Sigma}": [[4.0, 0.0], [0.0, 1.0]],
    },
    lambda b: maha(b["\\mathbf{x}"], b["\\boldsymbol{\\mu}"], b["\\boldsymbol{\\Sigma}"]),
    tags=LOOK,
)
add(
    "mahalanobis-mathsf",
    r"D_M(x) = \sqrt{(x - \mu)^{\mathsf{T}} S^{-1} (x - \mu)}",
    "Mahalanobis 1936; Bishop PRML §2.3 (Eq. 2.44) with S for the covariance",
    MAHA,
    MAHA_NEVER,
    {"x": [1.0, 1.0], "\\mu": [0.0, 0.0], "S": [[2.0, 0.5], [0.5, 1.0]]},
    lambda b: math.sqrt(maha(b["x"], b["\\mu"], b["S"])),
    tags=LOOK,
)
add(
    "euclidean-distance",
    r"d(\mathbf{x}, \mathbf{y}) = \sqrt{\sum_{i=1}^{n} (x_i - y_i)^2}",
    "Deep Learning book §2.5 (L2 norm of x - y)",
    ["euclidean distance", "l2 distance"],
    ["mahalanobis distance", "logistic sigmoid", "sigmoid", "standard deviation"],
    {"x": [1.0, 2.0, 3.0], "y": [4.0, 6.0, 3.0], "n": 3},
    lambda b: float(np.linalg.norm(A(b["x"]) - A(b["y"]))),
    tags=LOOK,
)
add(
    "std-sigma-of-x",
    r"\sigma(x) = \sqrt{\frac{1}{N}\sum_{i=1}^{N}(x_i - \mu)^2}",
    "population standard deviation (Deep Learning book §3.8, square root of the variance)",
    ["standard deviation", "population standard deviation"],
    ["logistic sigmoid", "sigmoid", "root mean square"],
    {"x": [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0], "N": 8, "\\mu": 5.0},
    lambda b: math.sqrt(float(np.mean((A(b["x"]) - b["\\mu"]) ** 2))),
    tags=LOOK,
)
add(
    "sample-variance",
    r"s^2 = \frac{1}{N - 1}\sum_{i=1}^{N}(x_i - \bar{x})^2",
    "unbiased sample variance (Deep Learning book §5.4.2)",
    [
        "sample variance",
        "unbiased variance",
        "unbiased sample variance",
        "bessel's correction",
        "variance",
    ],
    ["logistic sigmoid"],
    {"x": [1.0, 2.0, 4.0], "N": 3, "\\bar{x}": 7 / 3},
    lambda b: float(np.var(A(b["x"]), ddof=1)),
)
add(
    "z-score",
    r"z = \frac{x - \mu}{\sigma}",
    "standard score (standardisation)",
    ["standard score", "z-score", "standardization", "standardisation", "z score"],
    ["batch normalization", "layer normalization", "logistic sigmoid"],
    {"x": 7.0, "\\mu": 5.0, "\\sigma": 2.0},
    lambda b: (b["x"] - b["\\mu"]) / b["\\sigma"],
    tags=LOOK,
)
add(
    "min-max",
    r"\tilde{x} = \frac{x - x_{\min}}{x_{\max} - x_{\min}}",
    "min-max feature scaling",
    ["min-max normalization", "min-max scaling", "feature scaling", "min max normalization"],
    ["batch normalization", "z-score", "standard score", "softmax"],
    {"x": 3.0, "x_{\\min}": 1.0, "x_{\\max}": 9.0},
    lambda b: (b["x"] - b["x_{\\min}"]) / (b["x_{\\max}"] - b["x_{\\min}"]),
    tags=LOOK,
)
add(
    "pearson",
    r"\rho_{X,Y} = \frac{\operatorname{cov}(X, Y)}{\sigma_X \sigma_Y}",
    "Pearson correlation coefficient (Casella & Berger 2nd ed. §4.5, Definition 4.5.2)",
    [
        "pearson correlation",
        "correlation coefficient",
        "pearson correlation coefficient",
        "correlation",
    ],
    ["covariance", "logistic sigmoid", "importance sampling ratio"],
    {"\\operatorname{cov}(X, Y)": 0.6, "\\sigma_X": 1.0, "\\sigma_Y": 2.0},
    lambda b: b["\\operatorname{cov}(X, Y)"] / (b["\\sigma_X"] * b["\\sigma_Y"]),
)
MI = ["mutual information"]
add(
    "mutual-information",
    r"I(X; Y) = \sum_{x \in \mathcal{X}} \sum_{y \in \mathcal{Y}} p(x, y) \log \frac{p(x, y)}{p(x)p(y)}",
    "Cover & Thomas 2nd ed. §2.3 (Eq. 2.28)",
    MI,
    ["entropy", "cross entropy", "pointwise mutual information", "identity matrix"],
)
add(
    "mutual-information-entropies",
    r"I(X; Y) = H(X) - H(X \mid Y)",
    "Cover & Thomas 2nd ed. §2.4 (Eq. 2.39)",
    MI,
    ["entropy", "conditional entropy", "norm"],
    {"H(X)": 1.0, "H(X \\mid Y)": 0.4},
    lambda b: b["H(X)"] - b["H(X \\mid Y)"],
)
add(
    "conditional-entropy",
    r"H(Y \mid X) = -\sum_{x \in \mathcal{X}} \sum_{y \in \mathcal{Y}} p(x, y) \log p(y \mid x)",
    "Cover & Thomas 2nd ed. §2.2 (Eq. 2.12)",
    ["conditional entropy"],
    ["mutual information", "cross entropy", "norm", "logistic sigmoid"],
)
JENSEN = ["jensen's inequality", "jensen inequality", "jensen"]
add(
    "jensen-expectation",
    r"f(\mathbb{E}[X]) \le \mathbb{E}[f(X)]",
    "Cover & Thomas 2nd ed. §2.6 (Theorem 2.6.2, f convex)",
    JENSEN,
    ["jensen-shannon divergence", "expectation"],
)
add(
    "jensen-prml",
    r"f\left(\sum_{i=1}^{M} \lambda_i x_i\right) \leqslant \sum_{i=1}^{M} \lambda_i f(x_i)",
    "Bishop PRML §1.6.1 (Eq. 1.115)",
    JENSEN,
    ["jensen-shannon divergence", "weighted mean"],
)
add(
    "precision",
    r"\mathrm{Precision} = \frac{TP}{TP + FP}",
    "Manning, Raghavan & Schütze, Introduction to Information Retrieval §8.3",
    ["precision", "positive predictive value"],
    ["recall", "accuracy", "f1 score"],
    {"TP": 30, "FP": 10},
    lambda b: b["TP"] / (b["TP"] + b["FP"]),
)
add(
    "recall",
    r"\mathrm{Recall} = \frac{TP}{TP + FN}",
    "Manning, Raghavan & Schütze, IIR §8.3",
    ["recall", "sensitivity", "true positive rate"],
    ["precision", "accuracy"],
    {"TP": 30, "FN": 20},
    lambda b: b["TP"] / (b["TP"] + b["FN"]),
)
add(
    "f1",
    r"F_1 = 2 \cdot \frac{\mathrm{precision} \cdot \mathrm{recall}}{\mathrm{precision} + \mathrm{recall}}",
    "Manning, Raghavan & Schütze, IIR §8.3 (Eq. 8.5, beta = 1)",
    ["f1 score", "f1", "f-measure", "f1-score", "harmonic mean of precision and recall", "f score"],
    ["precision", "recall", "accuracy"],
    {"\\mathrm{precision}": 0.75, "\\mathrm{recall}": 0.6},
    lambda b: (
        2
        * b["\\mathrm{precision}"]
        * b["\\mathrm{recall}"]
        / (b["\\mathrm{precision}"] + b["\\mathrm{recall}"])
    ),
)
add(
    "f-beta",
    r"F = \frac{(\beta^2 + 1)PR}{\beta^2 P + R}",
    "Manning, Raghavan & Schütze, IIR §8.3 (Eq. 8.5)",
    ["f-measure", "f-beta score", "f score", "f beta", "fβ score"],
    ["precision", "recall", "beta distribution"],
    {"\\beta": 2.0, "P": 0.5, "R": 0.8},
    lambda b: (b["\\beta"] ** 2 + 1) * b["P"] * b["R"] / (b["\\beta"] ** 2 * b["P"] + b["R"]),
)
add(
    "accuracy",
    r"\mathrm{Accuracy} = \frac{TP + TN}{TP + TN + FP + FN}",
    "Manning, Raghavan & Schütze, IIR §8.3",
    ["accuracy"],
    ["precision", "recall"],
    {"TP": 30, "TN": 50, "FP": 10, "FN": 10},
    lambda b: (b["TP"] + b["TN"]) / (b["TP"] + b["TN"] + b["FP"] + b["FN"]),
)
add(
    "bleu",
    r"\mathrm{BLEU} = \mathrm{BP} \cdot \exp\left(\sum_{n=1}^{N} w_n \log p_n\right)",
    "Papineni, Roukos, Ward & Zhu, ACL 2002, §2.3 (BLEU)",
    ["bleu", "bleu score"],
    ["perplexity", "entropy"],
    {"\\mathrm{BP}": 0.9, "w": [0.25, 0.25, 0.25, 0.25], "p": [0.6, 0.4, 0.3, 0.2], "N": 4},
    lambda b: b["\\mathrm{BP}"] * math.exp(float(A(b["w"]) @ np.log(A(b["p"])))),
)
add(
    "bleu-brevity-penalty",
    r"\mathrm{BP} = \begin{cases} 1 & \text{if } c > r \\ e^{(1 - r/c)} & \text{if } c \le r \end{cases}",
    "Papineni et al., ACL 2002, §2.3 (brevity penalty)",
    ["brevity penalty", "bleu brevity penalty", "bleu"],
    ["elu", "exponential linear unit", "perplexity"],
    {"c": 8, "r": 10},
    lambda b: 1.0 if b["c"] > b["r"] else math.exp(1 - b["r"] / b["c"]),
)
add(
    "prml-sample-covariance",
    r"\mathbf{S} = \frac{1}{N}\sum_{n=1}^{N}(\mathbf{x}_n - \bar{\mathbf{x}})(\mathbf{x}_n - \bar{\mathbf{x}})^{\mathrm{T}}",
    "Bishop PRML §12.1.1 (Eq. 12.3)",
    [
        "sample covariance",
        "covariance matrix",
        "data covariance matrix",
        "empirical covariance",
    ],
    ["gram matrix", "outer product", "mahalanobis distance"],
    {"\\mathbf{x}": [[1.0, 2.0], [3.0, 0.0], [2.0, 4.0]], "N": 3, "\\bar{\\mathbf{x}}": [2.0, 2.0]},
    lambda b: (lambda d: d.T @ d / b["N"])(A(b["\\mathbf{x}"]) - A(b["\\bar{\\mathbf{x}}"])),
)
add(
    "prml-pca-eigen",
    r"\mathbf{S}\mathbf{u}_1 = \lambda_1 \mathbf{u}_1",
    "Bishop PRML §12.1.1 (Eq. 12.5)",
    [
        "pca",
        "principal component analysis",
        "eigenvalue equation",
        "eigenvector equation",
        "eigendecomposition",
    ],
    ["svd", "ridge regression"],
)
add(
    "prml-pca-variance",
    r"\frac{1}{N}\sum_{n=1}^{N}\left\{\mathbf{u}_1^{\mathrm{T}}\mathbf{x}_n - \mathbf{u}_1^{\mathrm{T}}\bar{\mathbf{x}}\right\}^2 = \mathbf{u}_1^{\mathrm{T}}\mathbf{S}\mathbf{u}_1",
    "Bishop PRML §12.1.1 (Eq. 12.2)",
    [
        "pca",
        "principal component analysis",
        "projected variance",
        "variance of the projected data",
        "maximum variance formulation",
    ],
    ["power", "mahalanobis distance", "svd"],
    {"\\mathbf{u}_1": [0.6, 0.8], "\\mathbf{S}": [[2.0, 0.5], [0.5, 1.0]]},
    lambda b: float(A(b["\\mathbf{u}_1"]) @ A(b["\\mathbf{S}"]) @ A(b["\\mathbf{u}_1"])),
)
add(
    "poisson",
    r"P(X = k) = \frac{\lambda^k e^{-\lambda}}{k!}",
    "Casella & Berger, Statistical Inference 2nd ed. §3.2 (Poisson)",
    ["poisson distribution", "poisson pmf", "poisson probability mass function"],
    ["exponential distribution", "gamma distribution", "softmax"],
    {"\\lambda": 2.0, "k": 3},
    lambda b: b["\\lambda"] ** b["k"] * math.exp(-b["\\lambda"]) / math.factorial(b["k"]),
)
add(
    "prml-bernoulli",
    r"\mathrm{Bern}(x|\mu) = \mu^x(1 - \mu)^{1 - x}",
    "Bishop PRML §2.1 (Eq. 2.2)",
    ["bernoulli distribution", "bernoulli"],
    ["binomial distribution", "norm", "logistic sigmoid"],
    {"x": 1, "\\mu": 0.3},
    lambda b: b["\\mu"] ** b["x"] * (1 - b["\\mu"]) ** (1 - b["x"]),
)
add(
    "prml-binomial",
    r"\mathrm{Bin}(m|N, \mu) = \binom{N}{m}\mu^m(1 - \mu)^{N - m}",
    "Bishop PRML §2.1 (Eq. 2.9)",
    ["binomial distribution", "binomial"],
    ["bernoulli distribution", "norm", "beta distribution"],
    {"m": 2, "N": 5, "\\mu": 0.4},
    lambda b: (
        math.comb(b["N"], b["m"]) * b["\\mu"] ** b["m"] * (1 - b["\\mu"]) ** (b["N"] - b["m"])
    ),
)
add(
    "prml-beta",
    r"\mathrm{Beta}(\mu|a, b) = \frac{\Gamma(a + b)}{\Gamma(a)\Gamma(b)}\mu^{a - 1}(1 - \mu)^{b - 1}",
    "Bishop PRML §2.1.1 (Eq. 2.13)",
    ["beta distribution", "beta density"],
    ["gamma distribution", "binomial distribution", "norm"],
    {"\\mu": 0.3, "a": 2.0, "b": 3.0},
    lambda b: (
        math.gamma(b["a"] + b["b"])
        / (math.gamma(b["a"]) * math.gamma(b["b"]))
        * b["\\mu"] ** (b["a"] - 1)
        * (1 - b["\\mu"]) ** (b["b"] - 1)
    ),
)
add(
    "prml-logistic-model",
    r"p(\mathcal{C}_1|\boldsymbol{\phi}) = y(\boldsymbol{\phi}) = \sigma(\mathbf{w}^{\mathrm{T}}\boldsymbol{\phi})",
    "Bishop PRML §4.3.2 (Eq. 4.87)",
    ["logistic regression", "logistic sigmoid", "logistic model"],
    ["softmax", "norm", "standard deviation"],
    {"\\mathbf{w}": [0.5, -1.0], "\\boldsymbol{\\phi}": [2.0, 0.5]},
    lambda b: float(sig(A(b["\\mathbf{w}"]) @ A(b["\\boldsymbol{\\phi}"]))),
)
add(
    "logistic-regression-d-of-x",
    r"d(\mathbf{x}) = \frac{1}{1 + \exp(-\mathbf{w}^\top \mathbf{x})}",
    "constructed: logistic regression under a distance-like name",
    ["logistic regression", "logistic sigmoid", "sigmoid", "logistic function"],
    ["mahalanobis distance", "euclidean distance"],
    {"\\mathbf{w}": [1.0, -1.0], "\\mathbf{x}": [0.5, 1.5]},
    lambda b: float(sig(A(b["\\mathbf{w}"]) @ A(b["\\mathbf{x}"]))),
    tags=LOOK,
)
LRG = [
    "logistic regression gradient",
    "gradient of the cross-entropy",
    "cross entropy gradient",
    "logistic regression",
    "log-likelihood gradient",
]
add(
    "prml-logistic-gradient",
    r"\nabla E(\mathbf{w}) = \sum_{n=1}^{N}(y_n - t_n)\boldsymbol{\phi}_n",
    "Bishop PRML §4.3.2 (Eq. 4.91)",
    LRG,
    ["gradient descent", "softmax", "perceptron"],
    {"y": [0.8, 0.3], "t": [1, 0], "N": 2, "\\boldsymbol{\\phi}": [[1.0, 2.0], [1.0, -1.0]]},
    lambda b: (A(b["y"]) - A(b["t"])) @ A(b["\\boldsymbol{\\phi}"]),
)
add(
    "esl-logistic-score",
    r"\frac{\partial \ell(\beta)}{\partial \beta} = \mathbf{X}^T(\mathbf{y} - \mathbf{p})",
    "ESL 2nd ed. §4.4.1 (Eq. 4.24)",
    [*LRG, "score function"],
    ["normal equations", "power"],
    {
        "\\mathbf{X}": [[1.0, 0.5], [1.0, -1.0], [1.0, 2.0]],
        "\\mathbf{y}": [1, 0, 1],
        "\\mathbf{p}": [0.6, 0.3, 0.9],
    },
    lambda b: A(b["\\mathbf{X}"]).T @ (A(b["\\mathbf{y}"]) - A(b["\\mathbf{p}"])),
)
add(
    "esl-irls",
    r"\beta^{\text{new}} = \beta^{\text{old}} + (\mathbf{X}^T\mathbf{W}\mathbf{X})^{-1}\mathbf{X}^T(\mathbf{y} - \mathbf{p})",
    "ESL 2nd ed. §4.4.1 (Eq. 4.26)",
    ["iteratively reweighted least squares", "irls", "newton-raphson", "newton's method"],
    ["normal equations", "ridge regression", "power"],
    {
        "\\beta^{\\text{old}}": [0.0, 0.0],
        "\\mathbf{X}": [[1.0, 0.5], [1.0, -1.0], [1.0, 2.0]],
        "\\mathbf{W}": [[0.25, 0.0, 0.0], [0.0, 0.25, 0.0], [0.0, 0.0, 0.25]],
        "\\mathbf{y}": [1, 0, 1],
        "\\mathbf{p}": [0.5, 0.5, 0.5],
    },
    lambda b: (
        A(b["\\beta^{\\text{old}}"])
        + np.linalg.solve(
            A(b["\\mathbf{X}"]).T @ A(b["\\mathbf{W}"]) @ A(b["\\mathbf{X}"]),
            A(b["\\mathbf{X}"]).T @ (A(b["\\mathbf{y}"]) - A(b["\\mathbf{p}"])),
        )
    ),
)
add(
    "prml-perceptron",
    r"\mathbf{w}^{(\tau+1)} = \mathbf{w}^{(\tau)} - \eta\nabla E_{\mathrm{P}}(\mathbf{w}) = \mathbf{w}^{(\tau)} + \eta\boldsymbol{\phi}_n t_n",
    "Bishop PRML §4.1.7 (Eq. 4.55)",
    ["perceptron learning rule", "perceptron", "perceptron update"],
    ["gradient descent", "power"],
    {
        "\\mathbf{w}^{(\\tau)}": [0.0, 1.0],
        "\\eta": 1.0,
        "\\boldsymbol{\\phi}_n": [1.0, -2.0],
        "t_n": -1,
    },
    lambda b: A(b["\\mathbf{w}^{(\\tau)}"]) + b["\\eta"] * A(b["\\boldsymbol{\\phi}_n"]) * b["t_n"],
)
add(
    "softmax-regression",
    r"p(y \mid \mathbf{x}) = \operatorname{softmax}(\mathbf{W}^\top \mathbf{x} + \mathbf{b})_y",
    "Deep Learning book §6.2.2.3 (softmax output unit on an affine layer)",
    ["softmax regression", "multinomial logistic regression", "softmax classifier", "softmax"],
    [*SIGMOID, "norm"],
    {
        "\\mathbf{W}": [[1.0, 0.0, -1.0], [0.5, 0.5, 0.5]],
        "\\mathbf{x}": [1.0, 2.0],
        "\\mathbf{b}": [0.0, 0.1, 0.2],
        "y": 3,
    },
    lambda b: softmax(A(b["\\mathbf{W}"]).T @ A(b["\\mathbf{x}"]) + A(b["\\mathbf{b}"]))[
        b["y"] - 1
    ],
    tags=LOOK,
)
add(
    "esl-lasso",
    r"\hat{\beta}^{\text{lasso}} = \underset{\beta}{\operatorname{argmin}} \left\{\frac{1}{2}\sum_{i=1}^{N}\left(y_i - \beta_0 - \sum_{j=1}^{p} x_{ij}\beta_j\right)^2 + \lambda\sum_{j=1}^{p}|\beta_j|\right\}",
    "ESL 2nd ed. §3.4.2 (Eq. 3.52)",
    ["lasso", "l1-regularized least squares", "lasso regression"],
    ["ridge regression", "ridge", "elastic net"],
)
add(
    "lasso-objective",
    r"\mathcal{L}(\mathbf{w}) = \|\mathbf{y} - \mathbf{X}\mathbf{w}\|_2^2 + \lambda\|\mathbf{w}\|_1",
    "ESL 2nd ed. §3.4.2 (Eq. 3.52) in vector notation, without the 1/2",
    ["lasso", "l1-regularized least squares", "lasso objective", "lasso regression"],
    ["ridge regression", "ridge", "elastic net"],
    {
        "\\mathbf{y}": [1.0, 2.0],
        "\\mathbf{X}": [[1.0, 0.0], [0.0, 2.0]],
        "\\mathbf{w}": [0.5, 0.5],
        "\\lambda": 0.1,
    },
    lambda b: float(
        np.sum((A(b["\\mathbf{y}"]) - A(b["\\mathbf{X}"]) @ A(b["\\mathbf{w}"])) ** 2)
        + b["\\lambda"] * np.abs(A(b["\\mathbf{w}"])).sum()
    ),
    tags=LOOK,
)
add(
    "elastic-net",
    r"\lambda\sum_{j=1}^{p}\left(\alpha\beta_j^2 + (1 - \alpha)|\beta_j|\right)",
    "ESL 2nd ed. §3.4.3 (Eq. 3.54)",
    ["elastic net", "elastic net penalty", "elastic-net penalty"],
    ["lasso", "ridge regression", "ridge"],
    {"\\lambda": 0.5, "p": 3, "\\alpha": 0.2, "\\beta": [1.0, -2.0, 0.5]},
    lambda b: (
        b["\\lambda"]
        * float(
            np.sum(b["\\alpha"] * A(b["\\beta"]) ** 2 + (1 - b["\\alpha"]) * np.abs(A(b["\\beta"])))
        )
    ),
    tags=LOOK,
)

# ---------------------------------------------------------------- Gaussian mixtures (PRML ch. 9)
GMM_B = {
    "\\pi": [0.3, 0.7],
    "\\boldsymbol{\\mu}": [[0.0, 0.0], [1.0, 1.0]],
    "\\boldsymbol{\\Sigma}": [[[1.0, 0.0], [0.0, 1.0]], [[2.0, 0.3], [0.3, 1.0]]],
    "K": 2,
}


def gmm_parts(b: dict[str, Any], x: Any) -> np.ndarray:
    return np.array(
        [
            b["\\pi"][k] * mvn(x, b["\\boldsymbol{\\mu}"][k], b["\\boldsymbol{\\Sigma}"][k])
            for k in range(b["K"])
        ]
    )


GMM_NEVER = [
    "ddpm forward process",
    "forward diffusion process",
    "softmax",
    "attention",
    "multivariate gaussian",
]
add(
    "prml-gmm-density",
    r"p(\mathbf{x}) = \sum_{k=1}^{K} \pi_k \mathcal{N}(\mathbf{x}|\boldsymbol{\mu}_k, \boldsymbol{\Sigma}_k)",
    "Bishop PRML §9.2 (Eq. 9.7)",
    ["gaussian mixture model", "gaussian mixture", "gmm", "mixture of gaussians"],
    GMM_NEVER,
    {**GMM_B, "\\mathbf{x}": [0.5, 0.2]},
    lambda b: float(gmm_parts(b, b["\\mathbf{x}"]).sum()),
    tags=LOOK,
)
RESP = [
    "gmm responsibilities",
    "responsibilities",
    "responsibility",
    "gmm e-step",
    "e-step",
    "em e-step",
    "posterior responsibility",
]
add(
    "prml-gmm-responsibility",
    r"\gamma(z_{nk}) = \frac{\pi_k \mathcal{N}(\mathbf{x}_n|\boldsymbol{\mu}_k, \boldsymbol{\Sigma}_k)}{\sum_{j=1}^{K} \pi_j \mathcal{N}(\mathbf{x}_n|\boldsymbol{\mu}_j, \boldsymbol{\Sigma}_j)}",
    "Bishop PRML §9.2.2 (Eq. 9.23)",
    RESP,
    [*GMM_NEVER, "gamma function"],
    {**GMM_B, "\\mathbf{x}": [[0.5, 0.2], [2.0, 1.0]], "n": 1, "k": 2},
    lambda b: float(
        (lambda p: p[b["k"] - 1] / p.sum())(gmm_parts(b, b["\\mathbf{x}"][b["n"] - 1]))
    ),
    tags=LOOK,
)
GAMMA_NK = [[0.9, 0.1], [0.4, 0.6], [0.2, 0.8]]
XN = [[0.0, 1.0], [1.0, 1.0], [2.0, 3.0]]
MSTEP = ["gmm m-step", "m-step", "em m-step", "em algorithm", "gmm parameter update"]


def m_mu(b: dict[str, Any]) -> np.ndarray:
    g = A(b["\\gamma(z_{nk})"])[:, b["k"] - 1]
    return g @ A(b["\\mathbf{x}"]) / g.sum()


add(
    "prml-gmm-m-mu",
    r"""\begin{aligned}
N_k &= \sum_{n=1}^{N} \gamma(z_{nk}) \\
\boldsymbol{\mu}_k^{\text{new}} &= \frac{1}{N_k}\sum_{n=1}^{N} \gamma(z_{nk})\mathbf{x}_n
\end{aligned}""",
    "Bishop PRML §9.2.2 (Eqs. 9.24 and 9.27)",
    [*MSTEP, "gmm mean update"],
    [*GMM_NEVER, "gamma function"],
    {"\\gamma(z_{nk})": GAMMA_NK, "\\mathbf{x}": XN, "N": 3, "k": 2},
    m_mu,
    tags=LOOK,
)


def m_sigma(b: dict[str, Any]) -> np.ndarray:
    g = A(b["\\gamma(z_{nk})"])[:, b["k"] - 1]
    d = A(b["\\mathbf{x}"]) - A(b["\\boldsymbol{\\mu}_k^{\\text{new}}"])
    return (g[:, None] * d).T @ d / A(b["N_k"])


add(
    "prml-gmm-m-sigma",
    r"\boldsymbol{\Sigma}_k^{\text{new}} = \frac{1}{N_k}\sum_{n=1}^{N} \gamma(z_{nk})\left(\mathbf{x}_n - \boldsymbol{\mu}_k^{\text{new}}\right)\left(\mathbf{x}_n - \boldsymbol{\mu}_k^{\text{new}}\right)^{\mathrm{T}}",
    "Bishop PRML §9.2.2 (Eq. 9.25)",
    [*MSTEP, "gmm covariance update"],
    [*GMM_NEVER, "sample covariance"],
    {
        "\\gamma(z_{nk})": GAMMA_NK,
        "\\mathbf{x}": XN,
        "N": 3,
        "k": 1,
        "N_k": 1.5,
        "\\boldsymbol{\\mu}_k^{\\text{new}}": [0.8 / 1.5, 1.9 / 1.5],
    },
    m_sigma,
    tags=LOOK,
)
add(
    "prml-gmm-m-pi",
    r"\pi_k^{\text{new}} = \frac{N_k}{N}",
    "Bishop PRML §9.2.2 (Eq. 9.26)",
    [*MSTEP, "mixing coefficient update"],
    ["pi", "softmax", "ddpm forward process"],
    {"N_k": 1.5, "N": 3},
    lambda b: b["N_k"] / b["N"],
    tags=LOOK,
)
add(
    "prml-gmm-loglik",
    r"\ln p(\mathbf{X}|\boldsymbol{\pi}, \boldsymbol{\mu}, \boldsymbol{\Sigma}) = \sum_{n=1}^{N} \ln\left\{\sum_{k=1}^{K} \pi_k \mathcal{N}(\mathbf{x}_n|\boldsymbol{\mu}_k, \boldsymbol{\Sigma}_k)\right\}",
    "Bishop PRML §9.2.1 (Eq. 9.14)",
    [
        "gmm log-likelihood",
        "gaussian mixture log-likelihood",
        "log-likelihood of a gaussian mixture",
        "gaussian mixture model",
        "log likelihood",
    ],
    [*GMM_NEVER, "entropy"],
    {**GMM_B, "\\boldsymbol{\\pi}": [0.3, 0.7], "\\mathbf{x}": [[0.5, 0.2], [2.0, 1.0]], "N": 2},
    lambda b: float(sum(math.log(gmm_parts(b, x).sum()) for x in b["\\mathbf{x}"])),
    tags=LOOK,
)

# ---------------------------------------------------------------- Gaussian processes (GPML ch. 2, PRML §6.4)
GPM = [
    "gp posterior mean",
    "gaussian process posterior mean",
    "gaussian process regression",
    "gp predictive mean",
    "predictive mean",
    "gp regression",
]
GPV = [
    "gp posterior variance",
    "gaussian process posterior variance",
    "gp predictive variance",
    "predictive variance",
    "gaussian process regression",
    "gp posterior covariance",
    "gaussian process posterior covariance",
    "gp regression",
]
GP_NEVER = ["ddpm loss", "ddpm", "ddpm posterior mean", "logistic sigmoid", "normal equations"]
KXX = [[1.0, 0.5], [0.5, 1.0]]
KSX = [[0.8, 0.3]]
YGP = [1.0, -0.5]


def gp_mean(ksx: Any, kxx: Any, sn: float, y: Any) -> np.ndarray:
    return A(ksx) @ np.linalg.solve(A(kxx) + sn**2 * np.eye(len(kxx)), A(y))


add(
    "gpml-mean-matrix",
    r"\bar{\mathbf{f}}_* = K(X_*, X)\left[K(X, X) + \sigma_n^2 I\right]^{-1}\mathbf{y}",
    "Rasmussen & Williams GPML §2.2 (Eq. 2.23)",
    GPM,
    GP_NEVER,
    {"K(X_*, X)": KSX, "K(X, X)": KXX, "\\sigma_n": 0.5, "\\mathbf{y}": YGP},
    lambda b: gp_mean(b["K(X_*, X)"], b["K(X, X)"], b["\\sigma_n"], b["\\mathbf{y}"]),
    tags=LOOK,
)
add(
    "gpml-cov-matrix",
    r"\operatorname{cov}(\mathbf{f}_*) = K(X_*, X_*) - K(X_*, X)\left[K(X, X) + \sigma_n^2 I\right]^{-1} K(X, X_*)",
    "Rasmussen & Williams GPML §2.2 (Eq. 2.24)",
    GPV,
    GP_NEVER,
    {
        "K(X_*, X_*)": [[1.0]],
        "K(X_*, X)": KSX,
        "K(X, X)": KXX,
        "\\sigma_n": 0.5,
        "K(X, X_*)": [[0.8], [0.3]],
    },
    lambda b: (
        A(b["K(X_*, X_*)"])
        - A(b["K(X_*, X)"])
        @ np.linalg.solve(A(b["K(X, X)"]) + b["\\sigma_n"] ** 2 * np.eye(2), A(b["K(X, X_*)"]))
    ),
    tags=LOOK,
)
add(
    "gpml-mean-point",
    r"\bar{f}_* = \mathbf{k}_*^\top (K + \sigma_n^2 I)^{-1}\mathbf{y}",
    "Rasmussen & Williams GPML §2.2 (Eq. 2.25)",
    GPM,
    GP_NEVER,
    {"\\mathbf{k}_*": [0.8, 0.3], "K": KXX, "\\sigma_n": 0.1, "\\mathbf{y}": YGP},
    lambda b: float(
        A(b["\\mathbf{k}_*"])
        @ np.linalg.solve(A(b["K"]) + b["\\sigma_n"] ** 2 * np.eye(2), A(b["\\mathbf{y}"]))
    ),
    tags=LOOK,
)
add(
    "gpml-var-point",
    r"\mathbb{V}[f_*] = k(\mathbf{x}_*, \mathbf{x}_*) - \mathbf{k}_*^\top (K + \sigma_n^2 I)^{-1}\mathbf{k}_*",
    "Rasmussen & Williams GPML §2.2 (Eq. 2.26)",
    GPV,
    [*GP_NEVER, "variance"],
    {
        "k(\\mathbf{x}_*, \\mathbf{x}_*)": 1.0,
        "\\mathbf{k}_*": [0.8, 0.3],
        "K": KXX,
        "\\sigma_n": 0.1,
    },
    lambda b: (
        b["k(\\mathbf{x}_*, \\mathbf{x}_*)"]
        - float(
            A(b["\\mathbf{k}_*"])
            @ np.linalg.solve(A(b["K"]) + b["\\sigma_n"] ** 2 * np.eye(2), A(b["\\mathbf{k}_*"]))
        )
    ),
    tags=LOOK,
)
add(
    "prml-gp-mean",
    r"m(\mathbf{x}_{N+1}) = \mathbf{k}^{\mathrm{T}}\mathbf{C}_N^{-1}\mathbf{t}",
    "Bishop PRML §6.4.2 (Eq. 6.66)",
    GPM,
    GP_NEVER,
    {"\\mathbf{k}": [0.8, 0.3], "\\mathbf{C}_N": [[1.25, 0.5], [0.5, 1.25]], "\\mathbf{t}": YGP},
    lambda b: float(
        A(b["\\mathbf{k}"]) @ np.linalg.solve(A(b["\\mathbf{C}_N"]), A(b["\\mathbf{t}"]))
    ),
    tags=LOOK,
)
add(
    "prml-gp-variance",
    r"\sigma^2(\mathbf{x}_{N+1}) = c - \mathbf{k}^{\mathrm{T}}\mathbf{C}_N^{-1}\mathbf{k}",
    "Bishop PRML §6.4.2 (Eq. 6.67)",
    GPV,
    [*GP_NEVER, "standard deviation", "sigmoid"],
    {"c": 1.25, "\\mathbf{k}": [0.8, 0.3], "\\mathbf{C}_N": [[1.25, 0.5], [0.5, 1.25]]},
    lambda b: (
        b["c"]
        - float(A(b["\\mathbf{k}"]) @ np.linalg.solve(A(b["\\mathbf{C}_N"]), A(b["\\mathbf{k}"])))
    ),
    tags=LOOK,
)
RBF = [
    "rbf kernel",
    "squared exponential kernel",
    "gaussian kernel",
    "radial basis function kernel",
    "se kernel",
    "squared exponential covariance",
]
RBF_NEVER = ["gaussian density", "normal distribution", "multivariate gaussian", "softmax"]
add(
    "gpml-se-unit",
    r"\operatorname{cov}\left(f(\mathbf{x}_p), f(\mathbf{x}_q)\right) = k(\mathbf{x}_p, \mathbf{x}_q) = \exp\left(-\tfrac{1}{2}|\mathbf{x}_p - \mathbf{x}_q|^2\right)",
    "Rasmussen & Williams GPML §2.2 (Eq. 2.16)",
    RBF,
    [*RBF_NEVER, "absolute value"],
    {"\\mathbf{x}_p": [0.0, 1.0], "\\mathbf{x}_q": [1.0, 1.5]},
    lambda b: math.exp(-0.5 * float(np.sum((A(b["\\mathbf{x}_p"]) - A(b["\\mathbf{x}_q"])) ** 2))),
)
add(
    "gpml-se-params",
    r"k_y(x_p, x_q) = \sigma_f^2 \exp\left(-\frac{1}{2\ell^2}(x_p - x_q)^2\right) + \sigma_n^2\delta_{pq}",
    "Rasmussen & Williams GPML §2.3 (Eq. 2.31)",
    [*RBF, "noisy squared exponential kernel"],
    [*RBF_NEVER, "dirac delta"],
    {"\\sigma_f": 2.0, "\\ell": 0.5, "x_p": 1.0, "x_q": 1.5, "\\sigma_n": 0.1, "p": 1, "q": 2},
    lambda b: (
        b["\\sigma_f"] ** 2 * math.exp(-((b["x_p"] - b["x_q"]) ** 2) / (2 * b["\\ell"] ** 2))
        + (b["\\sigma_n"] ** 2 if b["p"] == b["q"] else 0.0)
    ),
)
add(
    "prml-gaussian-kernel",
    r"k(\mathbf{x}, \mathbf{x}') = \exp\left(-\|\mathbf{x} - \mathbf{x}'\|^2 / 2\sigma^2\right)",
    "Bishop PRML §6.2 (Eq. 6.23)",
    RBF,
    RBF_NEVER,
    {"\\mathbf{x}": [1.0, 0.0], "\\mathbf{x}'": [0.0, 1.0], "\\sigma": 1.0},
    lambda b: math.exp(
        -float(np.sum((A(b["\\mathbf{x}"]) - A(b["\\mathbf{x}'"])) ** 2)) / (2 * b["\\sigma"] ** 2)
    ),
)
add(
    "prml-polynomial-kernel",
    r"k(\mathbf{x}, \mathbf{x}') = \left(\mathbf{x}^{\mathrm{T}}\mathbf{x}' + c\right)^M",
    "Bishop PRML §6.2 (polynomial kernel with c > 0)",
    ["polynomial kernel"],
    ["rbf kernel", "gaussian kernel", "squared exponential kernel"],
    {"\\mathbf{x}": [1.0, 2.0], "\\mathbf{x}'": [0.5, -1.0], "c": 2.0, "M": 3},
    lambda b: (float(A(b["\\mathbf{x}"]) @ A(b["\\mathbf{x}'"])) + b["c"]) ** b["M"],
)
add(
    "laplacian-kernel",
    r"\phi(\mathbf{x}) = \exp\left(-\gamma\|\mathbf{x} - \mathbf{c}\|_1\right)",
    "Laplacian (L1) kernel centred at c; not the squared exponential",
    ["laplacian kernel", "laplace kernel"],
    ["rbf kernel", "gaussian kernel", "squared exponential kernel"],
    {"\\gamma": 0.5, "\\mathbf{x}": [1.0, -1.0], "\\mathbf{c}": [0.0, 0.0]},
    lambda b: math.exp(
        -b["\\gamma"] * float(np.abs(A(b["\\mathbf{x}"]) - A(b["\\mathbf{c}"])).sum())
    ),
    tags=LOOK,
)

# ---------------------------------------------------------------- look-alikes and plain expressions
add(
    "log1p-norm",
    r"g(\mathbf{x}) = \log\left(1 + \|\mathbf{x}\|_2^2\right)",
    "constructed: plausible, not a named formula",
    [],
    ["softplus", "log loss", "entropy", "logistic loss"],
    {"\\mathbf{x}": [1.0, 2.0]},
    lambda b: math.log1p(float(A(b["\\mathbf{x}"]) @ A(b["\\mathbf{x}"]))),
    tags=LOOK,
)
add(
    "cubic-error",
    r"L = \frac{1}{N}\sum_{i=1}^{N} |y_i - \hat{y}_i|^3",
    "constructed: mean absolute cubed error, not a standard loss",
    [],
    ["mean squared error", "mse", "mean absolute error", "mae", "huber loss"],
    {"y": [1.0, 2.0], "\\hat{y}": [0.0, 4.0], "N": 2},
    lambda b: float(np.mean(np.abs(A(b["y"]) - A(b["\\hat{y}"])) ** 3)),
    tags=LOOK,
)
add(
    "weighted-mean",
    r"\bar{x} = \frac{\sum_i w_i x_i}{\sum_i w_i}",
    "weighted arithmetic mean",
    ["weighted mean", "weighted average", "weighted arithmetic mean"],
    ["softmax", "attention", "expectation"],
    {"w": [1.0, 3.0], "x": [2.0, 6.0]},
    lambda b: float(A(b["w"]) @ A(b["x"]) / A(b["w"]).sum()),
    tags=LOOK,
)
add(
    "random-two-variable",
    r"f(x, y) = x^2 y + \sin(xy)",
    "constructed: an arbitrary function of two variables",
    [],
    ["swish", "logistic sigmoid", "sinusoidal positional encoding"],
    {"x": 1.5, "y": -0.5},
    lambda b: b["x"] ** 2 * b["y"] + math.sin(b["x"] * b["y"]),
    tags=LOOK,
)
add(
    "prml-sum-of-squares",
    r"E(\mathbf{w}) = \frac{1}{2}\sum_{n=1}^{N}\left\{y(x_n, \mathbf{w}) - t_n\right\}^2",
    "Bishop PRML §1.1 (Eq. 1.2)",
    [
        "sum-of-squares error",
        "sum of squares error",
        "squared error",
        "least squares",
        "sum of squared errors",
    ],
    ["cross entropy", "mean absolute error", "norm"],
    {"y(x_n, \\mathbf{w})": [1.0, 2.0, 3.0], "t": [1.5, 2.0, 2.0], "N": 3},
    lambda b: 0.5 * float(np.sum((A(b["y(x_n, \\mathbf{w})"]) - A(b["t"])) ** 2)),
)
add(
    "reward-scaling-r-t",
    r"r_t = \frac{R_t}{\sigma_R + \epsilon}",
    "constructed: a reward scaled by its running standard deviation (r_t is not PPO's ratio here)",
    [],
    ["probability ratio", "ppo", "importance ratio", "z-score"],
    {"R_t": 3.0, "\\sigma_R": 1.5, "\\epsilon": 1e-8},
    lambda b: b["R_t"] / (b["\\sigma_R"] + b["\\epsilon"]),
    tags=LOOK,
)
add(
    "finite-difference-delta",
    r"\delta_t = \frac{x_t - x_{t-1}}{\Delta t}",
    "backward finite difference (delta_t is not a TD error here)",
    [
        "finite difference",
        "backward difference",
        "backward finite difference",
        "difference quotient",
    ],
    ["td error", "td residual", "temporal difference error", "kronecker delta"],
    {"x_t": 2.5, "x_{t-1}": 2.0, "\\Delta t": 0.1},
    lambda b: (b["x_t"] - b["x_{t-1}"]) / b["\\Delta t"],
    tags=LOOK,
)
add(
    "gradient-descent-energy",
    r"\mathbf{x}_{t-1} = \mathbf{x}_t - \eta\nabla_{\mathbf{x}} E(\mathbf{x}_t)",
    "gradient descent on an energy (no noise term: not a sampler)",
    ["gradient descent", "steepest descent"],
    ["ddpm sampling step", "langevin dynamics", "expectation", "ddim"],
    {
        "\\mathbf{x}_t": [1.0, 2.0],
        "\\eta": 0.1,
        "\\nabla_{\\mathbf{x}} E(\\mathbf{x}_t)": [2.0, 4.0],
    },
    lambda b: A(b["\\mathbf{x}_t"]) - b["\\eta"] * A(b["\\nabla_{\\mathbf{x}} E(\\mathbf{x}_t)"]),
    tags=LOOK,
)
add(
    "gradient-ascent",
    r"\theta \leftarrow \theta + \alpha \nabla_\theta J(\theta)",
    "gradient ascent on an objective J (Sutton & Barto 2nd ed. §13.1, Eq. 13.1)",
    ["gradient ascent", "stochastic gradient ascent", "policy gradient"],
    ["gradient descent", "adam"],
    {"\\theta": [0.0, 1.0], "\\alpha": 0.5, "\\nabla_\\theta J(\\theta)": [1.0, -2.0]},
    lambda b: A(b["\\theta"]) + b["\\alpha"] * A(b["\\nabla_\\theta J(\\theta)"]),
)
add(
    "quadratic-form-plain",
    r"q(\mathbf{x}) = \mathbf{x}^\top \mathbf{A} \mathbf{x} + \mathbf{b}^\top \mathbf{x} + c",
    "constructed: a general quadratic function (not a named formula)",
    [],
    ["mahalanobis distance", "multivariate gaussian", "linear regression"],
    {
        "\\mathbf{x}": [1.0, -1.0],
        "\\mathbf{A}": [[2.0, 0.5], [0.5, 1.0]],
        "\\mathbf{b}": [1.0, 1.0],
        "c": 0.5,
    },
    lambda b: float(
        A(b["\\mathbf{x}"]) @ A(b["\\mathbf{A}"]) @ A(b["\\mathbf{x}"])
        + A(b["\\mathbf{b}"]) @ A(b["\\mathbf{x}"])
        + b["c"]
    ),
    tags=LOOK,
)
add(
    "exp-decay-plain",
    r"N(t) = N_0 e^{-\lambda t}",
    "exponential decay law",
    ["exponential decay"],
    ["exponential distribution", "softmax", "poisson distribution"],
    {"N_0": 100.0, "\\lambda": 0.5, "t": 2.0},
    lambda b: b["N_0"] * math.exp(-b["\\lambda"] * b["t"]),
    tags=LOOK,
)
add(
    "sum-of-exps-ratio",
    r"r = \frac{e^{a} - e^{b}}{e^{a} + e^{b}}",
    "constructed: equals tanh((a - b)/2); not a named formula in this form",
    [],
    ["softmax", "logistic sigmoid", "bradley-terry model"],
    {"a": 1.0, "b": 0.2},
    lambda b: (math.exp(b["a"]) - math.exp(b["b"])) / (math.exp(b["a"]) + math.exp(b["b"])),
    tags=LOOK,
)
add(
    "kl-lhs-other-rhs",
    r"D_{\mathrm{KL}}(p \,\|\, q) = \sum_i (p_i - q_i)^2",
    "constructed: a KL-style left-hand side over a squared Euclidean distance",
    [],
    ["kl divergence", "kullback-leibler divergence", "relative entropy"],
    {"p": [0.5, 0.5], "q": [0.9, 0.1]},
    lambda b: float(np.sum((A(b["p"]) - A(b["q"])) ** 2)),
    tags=LOOK,
)
add(
    "attention-lhs-other-rhs",
    r"\mathrm{Attention}(Q, K, V) = Q + K + V",
    "constructed: an attention-like left-hand side over a plain sum",
    [],
    ["scaled dot-product attention", "multi-head attention", "softmax"],
    {"Q": [1.0, 2.0], "K": [0.5, 0.5], "V": [-1.0, 0.0]},
    lambda b: A(b["Q"]) + A(b["K"]) + A(b["V"]),
    tags=LOOK,
)
add(
    "adam-lhs-other-rhs",
    r"\theta_t \leftarrow \theta_{t-1} - \alpha \cdot \operatorname{sign}(g_t)",
    "signSGD (Bernstein et al. arXiv:1802.04434 Algorithm 1)",
    ["signsgd", "sign sgd", "sign gradient descent"],
    ["adam", "adamw", "rmsprop", "softmax"],
    {"\\theta_{t-1}": [1.0, 1.0], "\\alpha": 0.1, "g_t": [0.3, -2.0]},
    lambda b: A(b["\\theta_{t-1}"]) - b["\\alpha"] * np.sign(A(b["g_t"])),
    tags=LOOK,
)
add(
    "softmax-of-sigmoid",
    r"y = \operatorname{softmax}(\sigma(\mathbf{z}))",
    "constructed: a composition, not a named formula",
    [],
    ["logistic sigmoid", "sigmoid"],
    {"\\mathbf{z}": [0.0, 2.0]},
    lambda b: softmax(sig(b["\\mathbf{z}"])),
    tags=LOOK,
)
add(
    "entropy-lhs-other-rhs",
    r"H(p) = \sum_i p_i^2",
    "constructed: an entropy-like left-hand side over the collision probability (not Shannon entropy)",
    [],
    ["entropy", "shannon entropy", "logistic sigmoid", "sigmoid"],
    {"p": [0.5, 0.3, 0.2]},
    lambda b: float(np.sum(A(b["p"]) ** 2)),
    tags=LOOK,
)
add(
    "mahalanobis-lhs-other-rhs",
    r"d(\mathbf{x}) = \|\mathbf{x}\|_1",
    "constructed: a distance-like left-hand side over the L1 norm",
    ["l1 norm", "manhattan norm", "taxicab norm"],
    ["mahalanobis distance", "logistic sigmoid", "sigmoid"],
    {"\\mathbf{x}": [1.0, -2.0, 0.5]},
    lambda b: float(np.abs(A(b["\\mathbf{x}"])).sum()),
    tags=LOOK,
)


# ---------------------------------------------------------------- more unnamed expressions and true names
add(
    "log-ratio-plain",
    r"y = \frac{\log(1 + x^2)}{1 + |x|}",
    "constructed: plausible, not a named formula",
    [],
    ["softplus", "softsign", "logistic sigmoid", "log loss"],
    {"x": 2.0},
    lambda b: math.log(1 + b["x"] ** 2) / (1 + abs(b["x"])),
    tags=LOOK,
)
add(
    "normalised-squares",
    r"z_i = \frac{x_i^2}{\sum_j x_j^2}",
    "constructed: squares normalised to sum to one (not a softmax)",
    [],
    ["softmax", "attention weights", "logistic sigmoid"],
    {"x": [1.0, 2.0, 2.0], "i": 2},
    lambda b: b["x"][b["i"] - 1] ** 2 / float(np.sum(A(b["x"]) ** 2)),
    tags=LOOK,
)
add(
    "squared-gradient-step",
    r"\theta_{t+1} = \theta_t - \eta \, g_t \odot g_t",
    "constructed: an update that looks like an optimiser and is none",
    [],
    ["adagrad", "rmsprop", "adam", "sgd", "gradient descent"],
    {"\\theta_t": [1.0, 1.0], "\\eta": 0.1, "g_t": [2.0, -1.0]},
    lambda b: A(b["\\theta_t"]) - b["\\eta"] * A(b["g_t"]) ** 2,
    tags=LOOK,
)
add(
    "half-sech",
    r"p = \frac{e^{x}}{1 + e^{2x}}",
    "constructed: equals sech(x)/2; looks like a logistic function and is not one",
    [],
    ["logistic sigmoid", "sigmoid", "softmax"],
    {"x": 0.5},
    lambda b: math.exp(b["x"]) / (1 + math.exp(2 * b["x"])),
    tags=LOOK,
)
add(
    "relative-difference",
    r"r = \frac{\|\mathbf{x} - \mathbf{y}\|_2}{\|\mathbf{x}\|_2 + \|\mathbf{y}\|_2}",
    "constructed: a normalised distance, not a named formula",
    [],
    ["cosine similarity", "euclidean distance", "probability ratio"],
    {"\\mathbf{x}": [3.0, 4.0], "\\mathbf{y}": [0.0, 1.0]},
    lambda b: float(
        np.linalg.norm(A(b["\\mathbf{x}"]) - A(b["\\mathbf{y}"]))
        / (np.linalg.norm(A(b["\\mathbf{x}"])) + np.linalg.norm(A(b["\\mathbf{y}"])))
    ),
    tags=LOOK,
)
add(
    "sum-of-reciprocals",
    r"H = \sum_{i} \frac{1}{p_i}",
    "constructed: an entropy-like letter over a sum of reciprocals",
    [],
    ["entropy", "shannon entropy", "perplexity", "harmonic mean"],
    {"p": [0.5, 0.25, 0.25]},
    lambda b: float(np.sum(1 / A(b["p"]))),
    tags=LOOK,
)
add(
    "one-step-advantage-no-bootstrap",
    r"A_t = r_t - V(s_t)",
    "constructed: a reward minus a baseline (no discounting, no bootstrap)",
    [],
    ["td error", "td residual", "generalized advantage estimation", "gae"],
    {"r_t": 1.0, "V(s_t)": 0.4},
    lambda b: b["r_t"] - b["V(s_t)"],
    tags=LOOK,
)
add(
    "leaky-relu-indicator",
    r"y = x \cdot \mathbb{1}[x > 0] + 0.01\,x \cdot \mathbb{1}[x \le 0]",
    "leaky ReLU (Maas, Hannun & Ng, ICML 2013 workshop, Eq. 3, slope 0.01), written with indicators",
    ["leaky relu", "leaky rectified linear unit"],
    ["relu", "logistic sigmoid", "elu"],
    {"x": -2.0},
    lambda b: b["x"] if b["x"] > 0 else 0.01 * b["x"],
    tags=LOOK,
)
add(
    "softmax-cross-entropy",
    r"\ell = -\log \frac{e^{s_y}}{\sum_j e^{s_j}}",
    "Deep Learning book §6.2.2.3 (negative log of softmax(z)_y)",
    [
        "cross entropy",
        "softmax cross entropy",
        "cross-entropy loss",
        "negative log likelihood",
        "log loss",
    ],
    ["softmax", "entropy", "logistic sigmoid", "logsumexp"],
    {"s": [2.0, 1.0, 0.1], "y": 1},
    lambda b: -math.log(softmax(b["s"])[b["y"] - 1]),
    tags=LOOK,
)
add(
    "hebb-rule",
    r"\Delta w_{ij} = \eta \, x_i y_j",
    "Hebb 1949 (The Organization of Behavior); the usual form of Hebb's rule",
    ["hebbian learning", "hebb rule", "hebbian rule", "hebbian learning rule", "hebb's rule"],
    ["gradient descent", "perceptron", "delta rule"],
    {"\\eta": 0.1, "x": [1.0, 2.0], "y": [3.0, -1.0], "i": 2, "j": 1},
    lambda b: b["\\eta"] * b["x"][b["i"] - 1] * b["y"][b["j"] - 1],
)
add(
    "hopfield-energy",
    r"E = -\frac{1}{2}\sum_{i,j} w_{ij} s_i s_j - \sum_i b_i s_i",
    "Hopfield 1982 (PNAS 79, energy function), with biases",
    ["hopfield energy", "energy of a hopfield network", "hopfield network energy", "ising energy"],
    ["sum-of-squares error", "entropy", "mean squared error"],
    {"w": [[0.0, 1.0], [1.0, 0.0]], "s": [1.0, -1.0], "b": [0.5, 0.5]},
    lambda b: float(-0.5 * A(b["s"]) @ A(b["w"]) @ A(b["s"]) - A(b["b"]) @ A(b["s"])),
)
add(
    "dlbook-rbm-joint",
    r"P(\mathrm{v} = \boldsymbol{v}, \mathrm{h} = \boldsymbol{h}) = \frac{1}{Z}\exp\left(-E(\boldsymbol{v}, \boldsymbol{h})\right)",
    "Deep Learning book §20.2",
    [
        "boltzmann distribution",
        "energy-based model",
        "gibbs distribution",
        "rbm joint distribution",
        "restricted boltzmann machine",
    ],
    ["softmax", "exponential distribution", "norm"],
)
add(
    "dlbook-rbm-energy",
    r"E(\boldsymbol{v}, \boldsymbol{h}) = -\boldsymbol{b}^\top\boldsymbol{v} - \boldsymbol{c}^\top\boldsymbol{h} - \boldsymbol{v}^\top\boldsymbol{W}\boldsymbol{h}",
    "Deep Learning book §20.2",
    ["rbm energy", "restricted boltzmann machine energy", "energy function", "rbm energy function"],
    ["hopfield energy", "mahalanobis distance", "linear layer"],
    {
        "\\boldsymbol{b}": [0.1, -0.2],
        "\\boldsymbol{v}": [1.0, 0.0],
        "\\boldsymbol{c}": [0.3],
        "\\boldsymbol{h}": [1.0],
        "\\boldsymbol{W}": [[0.5], [2.0]],
    },
    lambda b: float(
        -A(b["\\boldsymbol{b}"]) @ A(b["\\boldsymbol{v}"])
        - A(b["\\boldsymbol{c}"]) @ A(b["\\boldsymbol{h}"])
        - A(b["\\boldsymbol{v}"]) @ A(b["\\boldsymbol{W}"]) @ A(b["\\boldsymbol{h}"])
    ),
)
add(
    "chebyshev-distance",
    r"D(p, q) = \max_i |p_i - q_i|",
    "Chebyshev (L-infinity) distance, Deep Learning book §2.5 (max norm of p - q)",
    ["chebyshev distance", "l-infinity distance", "max norm", "infinity norm", "maximum metric"],
    ["total variation distance", "kl divergence", "wasserstein distance"],
    {"p": [0.5, 0.3, 0.2], "q": [0.2, 0.3, 0.5]},
    lambda b: float(np.abs(A(b["p"]) - A(b["q"])).max()),
    tags=LOOK,
)
add(
    "total-variation",
    r"\| \mu - \nu \|_{TV} = \frac{1}{2}\sum_{x \in \Omega} |\mu(x) - \nu(x)|",
    "Levin, Peres & Wilmer, Markov Chains and Mixing Times, Proposition 4.2",
    ["total variation distance", "total variation"],
    ["kl divergence", "wasserstein distance", "l1 regularization"],
    {"\\mu(x)": [0.5, 0.3, 0.2], "\\nu(x)": [0.2, 0.3, 0.5]},
    lambda b: 0.5 * float(np.abs(A(b["\\mu(x)"]) - A(b["\\nu(x)"])).sum()),
)
add(
    "esl-gini",
    r"\sum_{k=1}^{K} \hat{p}_{mk}(1 - \hat{p}_{mk})",
    "ESL 2nd ed. §9.2.3 (Eq. 9.17, Gini index)",
    ["gini index", "gini impurity"],
    ["entropy", "cross entropy", "binomial distribution"],
    {"\\hat{p}_{mk}": [0.5, 0.3, 0.2], "K": 3},
    lambda b: float(np.sum(A(b["\\hat{p}_{mk}"]) * (1 - A(b["\\hat{p}_{mk}"])))),
)
add(
    "mae",
    r"\mathrm{MAE} = \frac{1}{n}\sum_{i=1}^{n} |y_i - \hat{y}_i|",
    "mean absolute error (ESL 2nd ed. §10.6, absolute loss averaged)",
    ["mean absolute error", "mae", "l1 loss"],
    ["mean squared error", "mse", "huber loss"],
    {"y": [1.0, 2.0, 3.0], "\\hat{y}": [1.5, 2.0, 1.0], "n": 3},
    lambda b: float(np.mean(np.abs(A(b["y"]) - A(b["\\hat{y}"])))),
)
add(
    "r-squared",
    r"R^2 = 1 - \frac{\sum_i (y_i - \hat{y}_i)^2}{\sum_i (y_i - \bar{y})^2}",
    "coefficient of determination (Casella & Berger 2nd ed. §11.3)",
    ["coefficient of determination", "r squared", "r-squared", "r^2"],
    ["mean squared error", "pearson correlation", "power"],
    {"y": [1.0, 2.0, 3.0], "\\hat{y}": [1.1, 1.9, 3.2], "\\bar{y}": 2.0},
    lambda b: (
        1
        - float(
            np.sum((A(b["y"]) - A(b["\\hat{y}"])) ** 2) / np.sum((A(b["y"]) - b["\\bar{y}"]) ** 2)
        )
    ),
)
add(
    "isru",
    r"f(x) = \frac{x}{\sqrt{1 + \alpha x^2}}",
    "arXiv:1710.09967 Eq. 1 (inverse square root unit)",
    ["isru", "inverse square root unit"],
    ["softsign", "tanh", "logistic sigmoid", "rmsnorm"],
    {"x": 2.0, "\\alpha": 1.0},
    lambda b: b["x"] / math.sqrt(1 + b["\\alpha"] * b["x"] ** 2),
    tags=LOOK,
)
add(
    "softsign",
    r"\mathrm{softsign}(x) = \frac{x}{1 + |x|}",
    "Glorot & Bengio, AISTATS 2010, §2.3 (softsign, after Bergstra et al. 2009)",
    ["softsign"],
    ["logistic sigmoid", "tanh", "softplus", "softmax"],
    {"x": -3.0},
    lambda b: b["x"] / (1 + abs(b["x"])),
)
add(
    "squared-ema-nonsense",
    r"u_t = u_{t-1} + \eta (g_t - u_{t-1})^2",
    "constructed: looks like a running average and is not one",
    [],
    ["exponential moving average", "adam", "rmsprop", "incremental mean"],
    {"u_{t-1}": 1.0, "\\eta": 0.5, "g_t": 3.0},
    lambda b: b["u_{t-1}"] + b["\\eta"] * (b["g_t"] - b["u_{t-1}"]) ** 2,
    tags=LOOK,
)
add(
    "scaled-projection-score",
    r"s = \sqrt{d_k} \cdot \frac{q^\top k}{\|q\|}",
    "constructed: looks like an attention score and is not the scaled dot product",
    [],
    ["scaled dot-product attention", "cosine similarity", "softmax"],
    {"d_k": 4, "q": [3.0, 4.0], "k": [1.0, 1.0]},
    lambda b: math.sqrt(b["d_k"]) * float(A(b["q"]) @ A(b["k"])) / float(np.linalg.norm(A(b["q"]))),
    tags=LOOK,
)
add(
    "dice",
    r"\mathrm{DSC} = \frac{2\,|A \cap B|}{|A| + |B|}",
    "Dice 1945 (Ecology 26(3)); Sørensen 1948",
    [
        "dice coefficient",
        "sørensen-dice coefficient",
        "dice similarity coefficient",
        "dice score",
        "f1 score",
    ],
    ["jaccard index", "intersection over union", "absolute value", "norm"],
    {"|A \\cap B|": 3, "|A|": 5, "|B|": 7},
    lambda b: 2 * b["|A \\cap B|"] / (b["|A|"] + b["|B|"]),
    tags=LOOK,
)
add(
    "jaccard",
    r"J(A, B) = \frac{|A \cap B|}{|A \cup B|}",
    "Jaccard 1901 (Bull. Soc. Vaudoise Sci. Nat. 37)",
    [
        "jaccard index",
        "intersection over union",
        "iou",
        "jaccard similarity",
        "jaccard similarity coefficient",
    ],
    ["dice coefficient", "absolute value", "norm"],
    {"|A \\cap B|": 3, "|A \\cup B|": 9},
    lambda b: b["|A \\cap B|"] / b["|A \\cup B|"],
)
add(
    "welford-mean",
    r"\bar{x}_n = \bar{x}_{n-1} + \frac{x_n - \bar{x}_{n-1}}{n}",
    "Knuth, TAOCP Vol. 2, 3rd ed. §4.2.2 (running mean, after Welford 1962)",
    [
        "running mean",
        "incremental mean",
        "running average",
        "incremental average",
        "welford's algorithm",
    ],
    ["exponential moving average", "td(0)", "gradient descent"],
    {"\\bar{x}_{n-1}": 4.0, "x_n": 10.0, "n": 3},
    lambda b: b["\\bar{x}_{n-1}"] + (b["x_n"] - b["\\bar{x}_{n-1}"]) / b["n"],
)
add(
    "boltzmann-operator",
    r"\mathrm{boltz}_\beta(\mathbf{X}) = \frac{\sum_{i=1}^{n} x_i e^{\beta x_i}}{\sum_{i=1}^{n} e^{\beta x_i}}",
    "Asadi & Littman, arXiv:1612.05628 §3 (Boltzmann softmax operator)",
    ["boltzmann operator", "boltzmann softmax operator", "smooth maximum"],
    ["softmax", "logsumexp", "mellowmax", "attention"],
    {"\\beta": 1.0, "x": [1.0, 2.0, 3.0], "n": 3},
    lambda b: float(softmax(b["\\beta"] * A(b["x"])) @ A(b["x"])),
    tags=LOOK,
)
add(
    "mellowmax",
    r"\mathrm{mm}_\omega(\mathbf{X}) = \frac{\log\left(\frac{1}{n}\sum_{i=1}^{n} e^{\omega x_i}\right)}{\omega}",
    "Asadi & Littman, arXiv:1612.05628 §4 (Eq. 4, mellowmax)",
    ["mellowmax"],
    ["softmax", "logsumexp", "boltzmann operator"],
    {"\\omega": 2.0, "x": [1.0, 2.0, 3.0], "n": 3},
    lambda b: math.log(float(np.mean(np.exp(b["\\omega"] * A(b["x"]))))) / b["\\omega"],
    tags=LOOK,
)
add(
    "cubic-poly-plain",
    r"p(x) = 3x^3 - 2x^2 + x - 5",
    "constructed: a polynomial",
    [],
    ["polynomial kernel", "taylor series"],
    {"x": 2.0},
    lambda b: 3 * b["x"] ** 3 - 2 * b["x"] ** 2 + b["x"] - 5,
    tags=LOOK,
)
add(
    "exp-of-matrix-trace",
    r"s = \exp\left(-\operatorname{tr}(\mathbf{A}^\top \mathbf{B})\right)",
    "constructed: not a named formula",
    [],
    ["frobenius norm", "rbf kernel", "softmax"],
    {"\\mathbf{A}": [[1.0, 0.0], [0.0, 1.0]], "\\mathbf{B}": [[0.5, 2.0], [1.0, 0.5]]},
    lambda b: math.exp(-float(np.trace(A(b["\\mathbf{A}"]).T @ A(b["\\mathbf{B}"])))),
    tags=LOOK,
)
add(
    "sigma-of-sum-of-squares",
    r"\sigma\!\left(\sum_{i=1}^{n} x_i^2\right)",
    "constructed: a sigmoid of a squared norm, not a named formula",
    [],
    ["logistic sigmoid", "sigmoid", "standard deviation", "rbf kernel"],
    {"x": [0.5, -0.5], "n": 2},
    lambda b: float(sig(float(np.sum(A(b["x"]) ** 2)))),
    tags=LOOK,
)


# ---------------------------------------------------------------- more notation variants
add(
    "adam-align-star",
    r"""\begin{align*}
m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g_t \\
v_t &= \beta_2 v_{t-1} + (1 - \beta_2) g_t^2 \\
\hat{m}_t &= \frac{m_t}{1 - \beta_1^t} \\
\hat{v}_t &= \frac{v_t}{1 - \beta_2^t} \\
\theta_t &= \theta_{t-1} - \frac{\alpha \, \hat{m}_t}{\sqrt{\hat{v}_t} + \epsilon}
\end{align*}""",
    "arXiv:1412.6980 Algorithm 1 in an align* block with fractions",
    ADAM,
    ["softmax", "adamw", "rmsprop"],
    ADAM_B,
    adam_step,
)
add(
    "momentum-bare-lines",
    r"v \leftarrow \alpha v - \epsilon g \\ \theta \leftarrow \theta + v",
    "Deep Learning book §8.3.2 (Algorithm 8.2 as two bare lines, no environment)",
    ["momentum", "sgd with momentum", "heavy ball", "classical momentum"],
    ["nesterov momentum", "adam"],
    {"\\alpha": 0.5, "v": [1.0, 0.0], "\\epsilon": 0.1, "g": [2.0, 2.0], "\\theta": [0.0, 0.0]},
    lambda b: A(b["\\theta"]) + b["\\alpha"] * A(b["v"]) - b["\\epsilon"] * A(b["g"]),
)
add(
    "sb-sarsa-box",
    r"Q(S, A) \leftarrow Q(S, A) + \alpha\left[R + \gamma Q(S', A') - Q(S, A)\right]",
    "Sutton & Barto 2nd ed. §6.4 (Sarsa pseudocode box)",
    ["sarsa"],
    ["q-learning", "expected sarsa"],
    {"Q(S, A)": 0.5, "\\alpha": 0.1, "R": 1.0, "\\gamma": 0.9, "Q(S', A')": 1.0},
    lambda b: b["Q(S, A)"] + b["\\alpha"] * (b["R"] + b["\\gamma"] * b["Q(S', A')"] - b["Q(S, A)"]),
)
add(
    "sb-q-learning-box",
    r"Q(S, A) \leftarrow Q(S, A) + \alpha\left[R + \gamma \max_a Q(S', a) - Q(S, A)\right]",
    "Sutton & Barto 2nd ed. §6.5 (Q-learning pseudocode box)",
    ["q-learning", "q learning"],
    ["sarsa", "expected sarsa"],
    {"Q(S, A)": 0.5, "\\alpha": 0.1, "R": 1.0, "\\gamma": 0.9, "Q(S', a)": [0.0, 2.0]},
    lambda b: (
        b["Q(S, A)"] + b["\\alpha"] * (b["R"] + b["\\gamma"] * max(b["Q(S', a)"]) - b["Q(S, A)"])
    ),
)
add(
    "sb-td0-box",
    r"V(S) \leftarrow V(S) + \alpha\left[R + \gamma V(S') - V(S)\right]",
    "Sutton & Barto 2nd ed. §6.1 (tabular TD(0) pseudocode box)",
    [
        "td(0)",
        "temporal difference learning",
        "td learning",
        "td update",
        "temporal-difference learning",
    ],
    ["sarsa", "q-learning"],
    {"V(S)": 2.0, "\\alpha": 0.5, "R": 0.0, "\\gamma": 1.0, "V(S')": 4.0},
    lambda b: b["V(S)"] + b["\\alpha"] * (b["R"] + b["\\gamma"] * b["V(S')"] - b["V(S)"]),
)
add(
    "attention-text-d",
    r"\text{Attention}(Q, K, V) = \text{softmax}\Big(\frac{QK^{\top}}{\sqrt{d}}\Big)V",
    "arXiv:1706.03762 Eq. 1 (\\text, \\Big, d for d_k)",
    ATT_NAMES,
    ATT_NEVER,
    {"Q": [[0.0, 1.0]], "K": K2, "V": V2, "d": 2},
    lambda b: attention(b["Q"], b["K"], b["V"], b["d"]),
)
add(
    "mahalanobis-no-lhs",
    r"\sqrt{(x - \mu)^T \Sigma^{-1} (x - \mu)}",
    "Bishop PRML §2.3 (Eq. 2.44, square root, no left-hand side)",
    MAHA,
    MAHA_NEVER,
    {"x": [1.0, 0.0], "\\mu": [0.0, 0.0], "\\Sigma": [[4.0, 0.0], [0.0, 1.0]]},
    lambda b: math.sqrt(maha(b["x"], b["\\mu"], b["\\Sigma"])),
    tags=LOOK,
)
add(
    "softmax-vector",
    r"\operatorname{softmax}(\mathbf{z}) = \frac{\exp(\mathbf{z})}{\sum_{j=1}^{K} \exp(z_j)}",
    "Deep Learning book §6.2.2.3 (softmax, vector form)",
    SOFTMAX,
    SIGMOID,
    {"\\mathbf{z}": [0.0, 1.0, 2.0], "z": [0.0, 1.0, 2.0], "K": 3},
    lambda b: softmax(b["\\mathbf{z}"]),
)
add(
    "prml-entropy",
    r"\mathrm{H}[p] = -\sum_i p(x_i) \ln p(x_i)",
    "Bishop PRML §1.6 (Eq. 1.98)",
    ENT,
    [*SIGMOID, "cross entropy", "dpo"],
    {"p(x_i)": [0.25, 0.25, 0.5]},
    lambda b: float(-np.sum(A(b["p(x_i)"]) * np.log(A(b["p(x_i)"])))),
    tags=LOOK,
)


# ---------------------------------------------------------------- writer
def _plain(v: Any) -> Any:
    if v is None:
        return None
    arr = np.asarray(v, dtype=float)
    if arr.ndim == 0:
        return float(arr)
    return arr.tolist()


def build() -> list[dict[str, Any]]:
    """The set as JSON-ready dicts (expected values computed now)."""
    rows = []
    for item in ITEMS:
        f = item["_f"]
        value = (
            _plain(f(item["bindings"])) if f is not None and item["bindings"] is not None else None
        )
        rows.append(
            {
                "id": item["id"],
                "latex": item["latex"],
                "source": item["source"],
                "expected": item["expected"],
                "never": item["never"],
                "bindings": item["bindings"],
                "expected_value": value,
                "tolerance": item["tolerance"],
                "tags": item["tags"],
            }
        )
    return rows


def render(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def main(argv: list[str]) -> int:
    text = render(build())
    if "--check" in argv:
        if OUT.read_text(encoding="utf-8") != text:
            print("formulas.jsonl is stale: run python -m tests.graded.make_set")
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {len(text.splitlines())} formulas to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
