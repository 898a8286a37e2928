"""Generator of the held-out set `holdout.jsonl` (issue #11, requirement 8).

A second yardstick for the offline explainer, written by someone who has not read the
explainer's code, its data, its formula bank or the LaTeX of the graded set. Formulas are
typed as other authors print them (D2L, Murphy's PML, Bishop & Bishop 2024, Prince's UDL,
the CS229 notes, ISLR, and papers not in the graded set); every expected value comes from
a small NumPy implementation below, written from the mathematics.

    python -m tests.graded.make_holdout          # rewrite holdout.jsonl
    python -m tests.graded.make_holdout --check  # exit 1 if holdout.jsonl is stale

The row format and the binding conventions are the graded set's (tests/graded/README.md):
keys are symbols exactly as the LaTeX writes them; an indexed symbol without a key of its
own is an element of the family bound under the bare name (first axis = the index,
counted from 1 unless the formula's own sum starts at 0); a free index bound as an integer
selects one element; an expectation over a bound array is its mean.
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
OUT = HERE / "holdout.jsonl"

Value = Callable[[dict[str, Any]], Any]
ITEMS: list[dict[str, Any]] = []

LOOK = ["lookalike"]
PLAIN = ["plain"]
MULTI = ["multiline"]


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
    """Record one held-out formula; `f(b)` computes its main expression from `b`."""
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


# ---------------------------------------------------------------- small helpers
def A(x: Any) -> np.ndarray:
    return np.asarray(x, dtype=float)


def sigmoid(x: Any) -> Any:
    return 1.0 / (1.0 + np.exp(-A(x)))


def softmax(x: Any) -> np.ndarray:
    z = A(x)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def norm_cdf(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def gelu(x: Any) -> np.ndarray:
    return np.vectorize(lambda v: v * norm_cdf(v))(A(x))


def gauss_pdf(x: Any, mu: Any, cov: Any) -> float:
    x, mu, cov = A(x), A(mu), A(cov)
    d = x - mu
    quad = d @ np.linalg.inv(cov) @ d
    return float(np.exp(-0.5 * quad) / np.sqrt(np.linalg.det(2 * np.pi * cov)))


def lstsq_ridge(x: Any, y: Any, lam: float) -> np.ndarray:
    x, y = A(x), A(y)
    return np.linalg.inv(x.T @ x + lam * np.eye(x.shape[1])) @ x.T @ y


# Shared small inputs (chosen by hand; nothing special about them).
Q = [[1.0, -0.5], [0.2, 0.8]]
K = [[0.5, 1.0], [-1.0, 0.3]]
V = [[2.0, 0.0], [-1.0, 1.5]]
G3 = [0.4, -1.2, 0.9]
SPD2 = [[1.5, 0.4], [0.4, 0.8]]
X3x2 = [[1.0, 0.5], [0.0, 1.0], [2.0, -1.0]]
Y3 = [1.0, 0.5, 2.5]


def attn(q: Any, k: Any, v: Any, scale: float) -> np.ndarray:
    return softmax(A(q) @ A(k).T / scale) @ A(v)


# ================================================================ attention
ATT = ["scaled dot-product attention", "attention", "dot-product attention"]
ATT_NEVER = ["softmax", "logistic sigmoid", "additive attention"]

add(
    "d2l-scaled-dot-attention",
    r"\mathrm{softmax}\left(\frac{\mathbf Q \mathbf K^\top }{\sqrt{d}}\right) \mathbf V",
    "D2L (arXiv:2106.11342) §11.3.2 scaled dot-product attention",
    ATT,
    ATT_NEVER,
    {r"\mathbf Q": Q, r"\mathbf K": K, r"\mathbf V": V, "d": 2},
    lambda b: attn(b[r"\mathbf Q"], b[r"\mathbf K"], b[r"\mathbf V"], math.sqrt(b["d"])),
)
add(
    "bishop-attention-brackets",
    r"\mathbf{Y} = \operatorname{Softmax}\left[\frac{\mathbf{Q}\mathbf{K}^{\mathrm{T}}}{\sqrt{D_k}}\right]\mathbf{V}",
    "Bishop & Bishop, Deep Learning: Foundations and Concepts (2024) §12.1 (scaled self-attention)",
    ATT,
    ATT_NEVER,
    {r"\mathbf{Q}": Q, r"\mathbf{K}": K, r"\mathbf{V}": V, "D_k": 2},
    lambda b: attn(b[r"\mathbf{Q}"], b[r"\mathbf{K}"], b[r"\mathbf{V}"], math.sqrt(b["D_k"])),
)
add(
    "prince-self-attention",
    r"\mathbf{Sa}[\mathbf{X}] = \mathbf{V}[\mathbf{X}]\cdot\mathbf{Softmax}\left[\frac{\mathbf{K}[\mathbf{X}]^{T}\mathbf{Q}[\mathbf{X}]}{\sqrt{D_q}}\right]",
    "Prince, Understanding Deep Learning (2023) §12.3 (columns as tokens)",
    ATT,
    ATT_NEVER,
    None,
)
add(
    "d2l-additive-attention",
    r"a(\mathbf q, \mathbf k) = \mathbf w_v^\top \textrm{tanh}(\mathbf W_q\mathbf q + \mathbf W_k \mathbf k) \in \mathbb{R}",
    "D2L (arXiv:2106.11342) §11.3.3 additive attention (Bahdanau et al.)",
    ["additive attention", "additive attention scoring function", "bahdanau attention"],
    ["scaled dot-product attention", "softmax", "multi-head attention"],
    {
        r"\mathbf w_v": [1.0, -2.0],
        r"\mathbf W_q": [[0.5, 0.0], [0.1, 0.3]],
        r"\mathbf q": [1.0, 2.0],
        r"\mathbf W_k": [[0.2, -0.4], [0.0, 1.0]],
        r"\mathbf k": [0.5, -1.0],
    },
    lambda b: float(
        A(b[r"\mathbf w_v"])
        @ np.tanh(
            A(b[r"\mathbf W_q"]) @ A(b[r"\mathbf q"]) + A(b[r"\mathbf W_k"]) @ A(b[r"\mathbf k"])
        )
    ),
)
add(
    "d2l-multihead-head",
    r"\mathbf h_i = f(\mathbf W_i^{(q)}\mathbf q, \mathbf W_i^{(k)}\mathbf k,\mathbf W_i^{(v)}\mathbf v) \in \mathbb R^{p_v}",
    "D2L (arXiv:2106.11342) §11.5 multi-head attention",
    ["multi-head attention", "multi-head attention head", "attention head"],
    ["scaled dot-product attention", "softmax"],
)
add(
    "linear-attention-katharopoulos",
    r"V'_i = \frac{\phi(Q_i)^T \sum_{j=1}^{N} \phi(K_j) V_j^T}{\phi(Q_i)^T \sum_{j=1}^{N} \phi(K_j)}",
    "Katharopoulos et al. arXiv:2006.16236 Eq. 5 (linear attention)",
    ["linear attention", "linearized attention", "kernelized attention"],
    ["scaled dot-product attention", "softmax"],
)
add(
    "alibi-bias",
    r"\operatorname{softmax}\left(\mathbf{q}_i \mathbf{K}^\top + m \cdot [-(i-1), \ldots, -2, -1, 0]\right)",
    "Press et al. arXiv:2108.12409 §3 (ALiBi)",
    ["alibi", "attention with linear biases", "alibi attention"],
    ["scaled dot-product attention", "rope", "rotary position embedding"],
)
add(
    "sigmoid-attention",
    r"\sigma\left(\frac{\mathbf{Q}\mathbf{K}^\top}{\sqrt{d}}\right)\mathbf{V}",
    "Ramapuram et al. arXiv:2409.04431 (sigmoid attention, bias omitted)",
    ["sigmoid attention"],
    ["scaled dot-product attention", "softmax", "logistic sigmoid"],
    {r"\mathbf{Q}": Q, r"\mathbf{K}": K, r"\mathbf{V}": V, "d": 2},
    lambda b: (
        sigmoid(A(b[r"\mathbf{Q}"]) @ A(b[r"\mathbf{K}"]).T / math.sqrt(2)) @ A(b[r"\mathbf{V}"])
    ),
)
add(
    "d2l-sinusoid-pe-even",
    r"p_{i, 2j} = \sin\left(\frac{i}{10000^{2j/d}}\right)",
    "D2L (arXiv:2106.11342) §11.6.3 positional encoding (after Vaswani et al.)",
    ["sinusoidal positional encoding", "positional encoding", "sinusoidal position encoding"],
    ["rope", "rotary position embedding", "alibi"],
    {"i": 3, "j": 1, "d": 4},
    lambda b: math.sin(3 / 10000 ** (2 / 4)),
)
add(
    "d2l-sinusoid-pe-odd",
    r"p_{i, 2j+1} = \cos\left(\frac{i}{10000^{2j/d}}\right)",
    "D2L (arXiv:2106.11342) §11.6.3 positional encoding",
    ["sinusoidal positional encoding", "positional encoding", "sinusoidal position encoding"],
    ["rope", "rotary position embedding", "alibi"],
    {"i": 2, "j": 0, "d": 8},
    lambda b: math.cos(2.0),
)
add(
    "rope-complex-pair",
    r"\tilde{q}_m^{(j)} = \left(q^{(2j-1)} + i\,q^{(2j)}\right)e^{\,i m\theta_j}",
    "Su et al. arXiv:2104.09864 §3.2 (RoPE in complex form), restated for the j-th pair of coordinates",
    ["rope", "rotary position embedding", "rotary positional embedding", "rotary embedding"],
    ["sinusoidal positional encoding", "alibi", "fourier transform"],
)
add(
    "pml-softmax-temperature",
    r"\mathcal{S}(\boldsymbol{a}/T)_c = \frac{e^{a_c/T}}{\sum_{c'=1}^{C} e^{a_{c'}/T}}",
    "Murphy, Probabilistic Machine Learning: An Introduction (2022) §2.5.2 (softmax with temperature)",
    ["softmax with temperature", "tempered softmax", "softmax", "temperature softmax"],
    ["logistic sigmoid", "gumbel-softmax", "log-sum-exp"],
    {"a": [1.0, 2.0, 0.5], "T": 2.0, "c": 2, "C": 3},
    lambda b: float(softmax(A([1.0, 2.0, 0.5]) / 2.0)[1]),
)
add(
    "look-attention-no-softmax",
    r"\frac{\mathbf{Q}\mathbf{K}^\top}{\sqrt{d}}\mathbf{V}",
    "constructed: scaled dot-product attention with the softmax removed",
    [],
    ATT,
    {r"\mathbf{Q}": Q, r"\mathbf{K}": K, r"\mathbf{V}": V, "d": 2},
    lambda b: A(Q) @ A(K).T / math.sqrt(2) @ A(V),
    tags=LOOK,
)
add(
    "look-attention-plus-v",
    r"\mathrm{softmax}\left(\frac{\mathbf{Q}\mathbf{K}^\top}{\sqrt{d_k}}\right) + \mathbf{V}",
    "constructed: the attention weights added to V instead of multiplying it",
    [],
    ATT,
    {r"\mathbf{Q}": Q, r"\mathbf{K}": K, r"\mathbf{V}": V, "d_k": 2},
    lambda b: softmax(A(Q) @ A(K).T / math.sqrt(2)) + A(V),
    tags=LOOK,
)
add(
    "look-attention-weights-transposed",
    r"\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\left(\frac{Q K^\top}{\sqrt{d_k}}\right)^{\top}",
    "constructed: the familiar left side over the transposed weight matrix only (no V)",
    [],
    ["scaled dot-product attention", "multi-head attention"],
    {"Q": Q, "K": K, "V": V, "d_k": 2},
    lambda b: softmax(A(Q) @ A(K).T / math.sqrt(2)).T,
    tags=LOOK,
)
add(
    "look-softmax-no-exp",
    r"\mathrm{softmax}(\mathbf{z})_i = \frac{z_i}{\sum_{j=1}^{n} z_j}",
    "constructed: the softmax left side over a plain normalisation (no exponentials)",
    [],
    ["softmax", "softmax function", "logistic sigmoid"],
    {r"\mathbf{z}": [1.0, 3.0, 4.0], "z": [1.0, 3.0, 4.0], "i": 2, "n": 3},
    lambda b: 3.0 / 8.0,
    tags=LOOK,
)

# ================================================================ optimisers
ADAM = ["adam", "adam optimizer", "adaptive moment estimation"]
ADAM_NEVER = ["adamw", "rmsprop", "softmax", "logistic sigmoid", "adagrad"]
D2L_ADAM = {
    r"\mathbf{v}_{t-1}": [0.1, -0.2],
    r"\mathbf{s}_{t-1}": [0.04, 0.01],
    r"\mathbf{g}_t": [0.5, -1.0],
    r"\beta_1": 0.9,
    r"\beta_2": 0.999,
    "t": 3,
    r"\eta": 0.01,
    r"\epsilon": 1e-8,
    r"\mathbf{x}_{t-1}": [1.0, 2.0],
}


def d2l_adam(b: dict[str, Any]) -> np.ndarray:
    g = A(b[r"\mathbf{g}_t"])
    b1, b2, t = b[r"\beta_1"], b[r"\beta_2"], b["t"]
    v = b1 * A(b[r"\mathbf{v}_{t-1}"]) + (1 - b1) * g
    s = b2 * A(b[r"\mathbf{s}_{t-1}"]) + (1 - b2) * g**2
    vh, sh = v / (1 - b1**t), s / (1 - b2**t)
    step = b[r"\eta"] * vh / (np.sqrt(sh) + b[r"\epsilon"])
    return A(b[r"\mathbf{x}_{t-1}"]) - step


add(
    "d2l-adam-block",
    r"""
\begin{aligned}
    \mathbf{v}_t & \leftarrow \beta_1 \mathbf{v}_{t-1} + (1 - \beta_1) \mathbf{g}_t, \\
    \mathbf{s}_t & \leftarrow \beta_2 \mathbf{s}_{t-1} + (1 - \beta_2) \mathbf{g}_t^2, \\
    \hat{\mathbf{v}}_t & = \frac{\mathbf{v}_t}{1 - \beta_1^t}, \\
    \hat{\mathbf{s}}_t & = \frac{\mathbf{s}_t}{1 - \beta_2^t}, \\
    \mathbf{g}_t' & = \frac{\eta \hat{\mathbf{v}}_t}{\sqrt{\hat{\mathbf{s}}_t} + \epsilon}, \\
    \mathbf{x}_t & \leftarrow \mathbf{x}_{t-1} - \mathbf{g}_t'.
\end{aligned}""",
    "D2L (arXiv:2106.11342) §12.10.1 Adam",
    ADAM,
    ADAM_NEVER,
    D2L_ADAM,
    d2l_adam,
    tags=MULTI,
)
add(
    "d2l-adam-rescaled-gradient",
    r"\mathbf{g}_t' = \frac{\eta \hat{\mathbf{v}}_t}{\sqrt{\hat{\mathbf{s}}_t} + \epsilon}",
    "D2L (arXiv:2106.11342) §12.10.1 Adam (the rescaled gradient)",
    [*ADAM, "adam update", "adam step"],
    ADAM_NEVER,
    {
        r"\eta": 0.1,
        r"\hat{\mathbf{v}}_t": [0.2, -0.4],
        r"\hat{\mathbf{s}}_t": [0.04, 0.25],
        r"\epsilon": 1e-6,
    },
    lambda b: 0.1 * A([0.2, -0.4]) / (np.sqrt(A([0.04, 0.25])) + 1e-6),
)
add(
    "d2l-adam-bias-correction",
    r"\hat{\mathbf{v}}_t = \frac{\mathbf{v}_t}{1 - \beta_1^t}",
    "D2L (arXiv:2106.11342) §12.10.1 Adam (bias correction)",
    [
        "bias correction",
        "adam bias correction",
        "bias-corrected first moment",
        "bias-corrected moment estimate",
    ],
    ["softmax", "logistic sigmoid", "exponential moving average"],
    {r"\mathbf{v}_t": [0.19, -0.38], r"\beta_1": 0.9, "t": 2},
    lambda b: A([0.19, -0.38]) / (1 - 0.9**2),
)
add(
    "prince-adam-block",
    r"""
\begin{aligned}
\mathbf{m}_{t+1} &\leftarrow \beta\cdot\mathbf{m}_t + (1-\beta)\frac{\partial L[\boldsymbol{\phi}_t]}{\partial\boldsymbol{\phi}} \\
\mathbf{v}_{t+1} &\leftarrow \gamma\cdot\mathbf{v}_t + (1-\gamma)\left(\frac{\partial L[\boldsymbol{\phi}_t]}{\partial\boldsymbol{\phi}}\right)^2 \\
\tilde{\mathbf{m}}_{t+1} &\leftarrow \frac{\mathbf{m}_{t+1}}{1-\beta^{t+1}} \\
\tilde{\mathbf{v}}_{t+1} &\leftarrow \frac{\mathbf{v}_{t+1}}{1-\gamma^{t+1}} \\
\boldsymbol{\phi}_{t+1} &\leftarrow \boldsymbol{\phi}_t - \alpha\cdot\frac{\tilde{\mathbf{m}}_{t+1}}{\sqrt{\tilde{\mathbf{v}}_{t+1}}+\epsilon}
\end{aligned}""",
    "Prince, Understanding Deep Learning (2023) §6.4 Adam",
    ADAM,
    ADAM_NEVER,
    {
        r"\mathbf{m}_t": [0.1, -0.2],
        r"\mathbf{v}_t": [0.04, 0.01],
        r"\frac{\partial L[\boldsymbol{\phi}_t]}{\partial\boldsymbol{\phi}}": [0.5, -1.0],
        r"\beta": 0.9,
        r"\gamma": 0.999,
        "t": 2,
        r"\alpha": 0.01,
        r"\epsilon": 1e-8,
        r"\boldsymbol{\phi}_t": [1.0, 2.0],
    },
    lambda b: d2l_adam(
        {
            **D2L_ADAM,
            r"\mathbf{x}_{t-1}": [1.0, 2.0],
            "t": 3,
        }
    ),
    tags=MULTI,
)
add(
    "d2l-ema-momentum-line",
    r"\mathbf{v}_t \leftarrow \beta_1 \mathbf{v}_{t-1} + (1 - \beta_1) \mathbf{g}_t",
    "D2L (arXiv:2106.11342) §12.10.1 Adam (first-moment line, an exponential moving average)",
    [
        "exponential moving average",
        "exponentially weighted moving average",
        "ema",
        "adam first moment estimate",
        "first moment estimate",
        "momentum",
    ],
    ["rmsprop", "adamw", "softmax", "logistic sigmoid"],
    {r"\mathbf{v}_{t-1}": [0.1, -0.2], r"\beta_1": 0.9, r"\mathbf{g}_t": [0.5, -1.0]},
    lambda b: 0.9 * A([0.1, -0.2]) + 0.1 * A([0.5, -1.0]),
)
ADAGRAD = ["adagrad", "adaptive gradient", "adaptive gradient algorithm"]
add(
    "d2l-adagrad",
    r"""
\begin{aligned}
    \mathbf{s}_t & = \mathbf{s}_{t-1} + \mathbf{g}_t^2, \\
    \mathbf{w}_t & = \mathbf{w}_{t-1} - \frac{\eta}{\sqrt{\mathbf{s}_t + \epsilon}} \cdot \mathbf{g}_t.
\end{aligned}""",
    "D2L (arXiv:2106.11342) §12.7.3 Adagrad",
    ADAGRAD,
    ["rmsprop", "adam", "adadelta"],
    {
        r"\mathbf{s}_{t-1}": [0.5, 2.0],
        r"\mathbf{g}_t": [0.5, -1.0],
        r"\eta": 0.1,
        r"\epsilon": 1e-6,
        r"\mathbf{w}_{t-1}": [1.0, -1.0],
    },
    lambda b: A([1.0, -1.0]) - 0.1 / np.sqrt(A([0.75, 3.0]) + 1e-6) * A([0.5, -1.0]),
    tags=MULTI,
)
add(
    "duchi-adagrad-diag",
    r"x_{t+1} = x_t - \eta \, \mathrm{diag}(G_t)^{-1/2} g_t",
    "Duchi, Hazan & Singer, JMLR 12 (2011), Adagrad diagonal update (projection omitted)",
    ADAGRAD,
    ["rmsprop", "adam", "newton's method"],
    {"x_t": [1.0, 2.0], r"\eta": 0.5, "G_t": [[4.0, 1.0], [1.0, 0.25]], "g_t": [0.2, -0.1]},
    lambda b: A([1.0, 2.0]) - 0.5 * np.diag([1 / 2.0, 1 / 0.5]) @ A([0.2, -0.1]),
)
RMSPROP = ["rmsprop", "root mean square propagation"]
add(
    "d2l-rmsprop",
    r"""
\begin{aligned}
    \mathbf{s}_t & \leftarrow \gamma \mathbf{s}_{t-1} + (1 - \gamma) \mathbf{g}_t^2, \\
    \mathbf{x}_t & \leftarrow \mathbf{x}_{t-1} - \frac{\eta}{\sqrt{\mathbf{s}_t + \epsilon}} \odot \mathbf{g}_t.
\end{aligned}""",
    "D2L (arXiv:2106.11342) §12.8.1 RMSProp",
    RMSPROP,
    ["adagrad", "adam", "adadelta"],
    {
        r"\mathbf{s}_{t-1}": [0.5, 2.0],
        r"\gamma": 0.9,
        r"\mathbf{g}_t": [1.0, -2.0],
        r"\eta": 0.1,
        r"\epsilon": 1e-6,
        r"\mathbf{x}_{t-1}": [0.0, 1.0],
    },
    lambda b: A([0.0, 1.0]) - 0.1 / np.sqrt(A([0.55, 2.2]) + 1e-6) * A([1.0, -2.0]),
    tags=MULTI,
)
add(
    "hinton-rmsprop-meansquare",
    r"\mathit{MeanSquare}(w, t) = 0.9\, \mathit{MeanSquare}(w, t-1) + 0.1 \left(\frac{\partial E}{\partial w}(t)\right)^2",
    "Tieleman & Hinton, Coursera Neural Networks lecture 6e (2012), rmsprop",
    RMSPROP,
    ["adagrad", "adam"],
    {r"\mathit{MeanSquare}(w, t-1)": 0.5, r"\frac{\partial E}{\partial w}(t)": 2.0},
    lambda b: 0.9 * 0.5 + 0.1 * 4.0,
)
MOM = [
    "momentum",
    "sgd with momentum",
    "heavy ball",
    "heavy-ball method",
    "classical momentum",
    "momentum method",
]
add(
    "d2l-momentum",
    r"""
\begin{aligned}
\mathbf{v}_t &\leftarrow \beta \mathbf{v}_{t-1} + \mathbf{g}_{t, t-1}, \\
\mathbf{x}_t &\leftarrow \mathbf{x}_{t-1} - \eta_t \mathbf{v}_t.
\end{aligned}""",
    "D2L (arXiv:2106.11342) §12.6.2 momentum method",
    MOM,
    ["nesterov accelerated gradient", "adam", "rmsprop"],
    {
        r"\beta": 0.9,
        r"\mathbf{v}_{t-1}": [1.0, -1.0],
        r"\mathbf{g}_{t, t-1}": [0.5, 0.5],
        r"\eta_t": 0.1,
        r"\mathbf{x}_{t-1}": [2.0, 0.0],
    },
    lambda b: A([2.0, 0.0]) - 0.1 * A([1.4, -0.4]),
    tags=MULTI,
)
NAG = ["nesterov accelerated gradient", "nesterov momentum", "nag", "nesterov"]
add(
    "bengio-nesterov",
    r"""
\begin{aligned}
v_t &= \mu_{t-1} v_{t-1} - \epsilon_{t-1} \nabla f(\theta_{t-1} + \mu_{t-1} v_{t-1}) \\
\theta_t &= \theta_{t-1} + v_t
\end{aligned}""",
    "Bengio, Boulanger-Lewandowski & Pascanu arXiv:1212.0901 §3.5 (Nesterov accelerated gradient)",
    NAG,
    ["classical momentum", "heavy ball", "adam"],
    {
        r"\mu_{t-1}": 0.9,
        "v_{t-1}": [0.2, -0.1],
        r"\epsilon_{t-1}": 0.1,
        r"\nabla f(\theta_{t-1} + \mu_{t-1} v_{t-1})": [1.0, 2.0],
        r"\theta_{t-1}": [0.0, 1.0],
    },
    lambda b: A([0.0, 1.0]) + (0.9 * A([0.2, -0.1]) - 0.1 * A([1.0, 2.0])),
    tags=MULTI,
)
add(
    "dozat-nesterov-reformulated",
    r"""
\begin{aligned}
\mathbf{g}_t &\leftarrow \nabla_{\theta_{t-1}} f(\theta_{t-1}) \\
\mathbf{m}_t &\leftarrow \mu \mathbf{m}_{t-1} + \mathbf{g}_t \\
\theta_t &\leftarrow \theta_{t-1} - \eta(\mu \mathbf{m}_t + \mathbf{g}_t)
\end{aligned}""",
    "Dozat, Incorporating Nesterov Momentum into Adam (ICLR 2016 workshop), Algorithm 2 (NAG rewritten)",
    NAG,
    ["classical momentum", "heavy ball", "adam", "nadam"],
    {
        r"\nabla_{\theta_{t-1}} f(\theta_{t-1})": [0.5, -1.0],
        r"\mu": 0.9,
        r"\mathbf{m}_{t-1}": [1.0, 0.0],
        r"\eta": 0.1,
        r"\theta_{t-1}": [0.0, 0.0],
    },
    lambda b: -0.1 * (0.9 * A([1.4, -1.0]) + A([0.5, -1.0])),
    tags=MULTI,
)
add(
    "lamb-layer-update",
    r"x_{t+1}^{(i)} = x_t^{(i)} - \eta_t \frac{\phi(\|x_t^{(i)}\|)}{\|r_t^{(i)} + \lambda x_t^{(i)}\|}\left(r_t^{(i)} + \lambda x_t^{(i)}\right)",
    "You et al. arXiv:1904.00962 Algorithm 2 (LAMB)",
    ["lamb", "layer-wise adaptive moments", "lamb optimizer"],
    ["lars", "adam", "adamw"],
    {
        r"x_t^{(i)}": [3.0, 4.0],
        r"\eta_t": 0.1,
        r"\phi(\|x_t^{(i)}\|)": 5.0,
        r"r_t^{(i)}": [0.7, 0.6],
        r"\lambda": 0.1,
    },
    lambda b: A([3.0, 4.0]) - 0.1 * 5.0 / np.linalg.norm([1.0, 1.0]) * A([1.0, 1.0]),
)
add(
    "lars-local-lr",
    r"\lambda^l = \eta \times \frac{\| w^l \|}{\| \nabla L(w^l) \|}",
    "You, Gitman & Ginsburg arXiv:1708.03888 Eq. 5 (LARS local learning rate, no weight decay)",
    ["lars", "layer-wise adaptive rate scaling", "lars local learning rate"],
    ["lamb", "gradient clipping"],
    {r"\eta": 0.01, "w^l": [3.0, 4.0], r"\nabla L(w^l)": [0.6, 0.8]},
    lambda b: 0.01 * 5.0 / 1.0,
)
LION = ["lion", "evolved sign momentum", "lion optimizer"]
LION_B = {
    r"\beta_1": 0.9,
    r"\beta_2": 0.99,
    "m_{t-1}": [0.5, -0.2],
    "g_t": [-1.0, 0.1],
    r"\eta_t": 0.01,
    r"\lambda": 0.1,
    r"\theta_{t-1}": [1.0, -2.0],
}
add(
    "lion-two-lines",
    r"""
\begin{aligned}
c_t &\leftarrow \beta_1 m_{t-1} + (1-\beta_1) g_t \\
\theta_t &\leftarrow \theta_{t-1} - \eta_t\left(\text{sign}(c_t) + \lambda\theta_{t-1}\right)
\end{aligned}""",
    "Chen et al. arXiv:2302.06675 Algorithm 2 (Lion), update lines",
    LION,
    ["signsgd", "adam", "adamw", "momentum"],
    LION_B,
    lambda b: (
        A([1.0, -2.0])
        - 0.01 * (np.sign(0.9 * A([0.5, -0.2]) + 0.1 * A([-1.0, 0.1])) + 0.1 * A([1.0, -2.0]))
    ),
    tags=MULTI,
)
add(
    "lion-full",
    r"""
\begin{aligned}
c_t &\leftarrow \beta_1 m_{t-1} + (1-\beta_1) g_t \\
\theta_t &\leftarrow \theta_{t-1} - \eta_t\left(\text{sign}(c_t) + \lambda\theta_{t-1}\right) \\
m_t &\leftarrow \beta_2 m_{t-1} + (1-\beta_2) g_t
\end{aligned}""",
    "Chen et al. arXiv:2302.06675 Algorithm 2 (Lion), the three lines",
    LION,
    ["signsgd", "adam", "adamw", "momentum"],
    LION_B,
    lambda b: 0.99 * A([0.5, -0.2]) + 0.01 * A([-1.0, 0.1]),
    tags=MULTI,
)
add(
    "adabelief-s",
    r"s_t \leftarrow \beta_2 s_{t-1} + (1-\beta_2)(g_t - m_t)^2 + \epsilon",
    "Zhuang et al. arXiv:2010.07468 Algorithm 2 (AdaBelief)",
    ["adabelief", "adabelief second moment"],
    ["adam", "rmsprop", "variance"],
    {
        r"\beta_2": 0.999,
        "s_{t-1}": [0.1, 0.2],
        "g_t": [1.0, -1.0],
        "m_t": [0.5, 0.0],
        r"\epsilon": 1e-8,
    },
    lambda b: 0.999 * A([0.1, 0.2]) + 0.001 * A([0.25, 1.0]) + 1e-8,
)
add(
    "amsgrad-max",
    r"\hat{v}_t = \max(\hat{v}_{t-1}, v_t)",
    "Reddi, Kale & Kumar arXiv:1904.09237 Algorithm 2 (AMSGrad)",
    ["amsgrad"],
    ["adam", "relu", "adamax"],
    {r"\hat{v}_{t-1}": [0.3, 0.1], "v_t": [0.2, 0.4]},
    lambda b: A([0.3, 0.4]),
)
add(
    "adadelta-step",
    r"\Delta x_t = -\frac{\mathrm{RMS}[\Delta x]_{t-1}}{\mathrm{RMS}[g]_t} g_t",
    "Zeiler arXiv:1212.5701 Eq. 14 (Adadelta)",
    ["adadelta"],
    ["rmsprop", "adagrad", "adam"],
    {
        r"\mathrm{RMS}[\Delta x]_{t-1}": [0.1, 0.2],
        r"\mathrm{RMS}[g]_t": [0.5, 0.4],
        "g_t": [1.0, -2.0],
    },
    lambda b: -A([0.1, 0.2]) / A([0.5, 0.4]) * A([1.0, -2.0]),
)
add(
    "bishop-sgd",
    r"\mathbf{w}^{(\tau)} = \mathbf{w}^{(\tau-1)} - \eta \nabla E_n(\mathbf{w}^{(\tau-1)})",
    "Bishop & Bishop, Deep Learning: Foundations and Concepts (2024) §7.2 (stochastic gradient descent)",
    ["stochastic gradient descent", "sgd", "gradient descent", "gradient descent update"],
    ["momentum", "adam", "newton's method"],
    {
        r"\mathbf{w}^{(\tau-1)}": [1.0, -1.0],
        r"\eta": 0.5,
        r"\nabla E_n(\mathbf{w}^{(\tau-1)})": [0.2, 0.4],
    },
    lambda b: A([0.9, -1.2]),
)
add(
    "pml-newton",
    r"\boldsymbol{\theta}_{t+1} = \boldsymbol{\theta}_t - \eta_t \mathbf{H}_t^{-1} \mathbf{g}_t",
    "Murphy, PML: An Introduction (2022) §8.3.1 Newton's method",
    ["newton's method", "newton step", "newton update", "newton-raphson"],
    ["gradient descent", "natural gradient", "adam"],
    {
        r"\boldsymbol{\theta}_t": [1.0, 1.0],
        r"\eta_t": 1.0,
        r"\mathbf{H}_t": [[2.0, 0.0], [0.0, 4.0]],
        r"\mathbf{g}_t": [1.0, 2.0],
    },
    lambda b: A([0.5, 0.5]),
)
CLIP = [
    "gradient clipping",
    "gradient norm clipping",
    "clipping by norm",
    "gradient clipping by norm",
]
add(
    "d2l-grad-clip",
    r"\mathbf{g} \leftarrow \min\left(1, \frac{\theta}{\|\mathbf{g}\|}\right) \mathbf{g}",
    "D2L (arXiv:2106.11342) §9.5.3 gradient clipping",
    CLIP,
    ["l2 normalization", "weight normalization", "relu"],
    {r"\mathbf{g}": [3.0, 4.0], r"\theta": 1.0},
    lambda b: A([0.6, 0.8]),
)
add(
    "pml-polyak-ema",
    r"\overline{\boldsymbol{\theta}}_t = \beta \overline{\boldsymbol{\theta}}_{t-1} + (1-\beta)\boldsymbol{\theta}_t",
    "Murphy, PML: An Introduction (2022) §8.4.6 (iterate averaging, exponential form)",
    [
        "exponential moving average",
        "polyak averaging",
        "iterate averaging",
        "ema",
        "exponentially weighted moving average",
    ],
    ["momentum", "adam"],
    {
        r"\beta": 0.99,
        r"\overline{\boldsymbol{\theta}}_{t-1}": [1.0, 0.0],
        r"\boldsymbol{\theta}_t": [2.0, 1.0],
    },
    lambda b: A([1.01, 0.01]),
)
add(
    "decoupled-weight-decay-step",
    r"\theta_t \leftarrow \theta_{t-1} - \gamma \lambda \theta_{t-1}",
    "Loshchilov & Hutter arXiv:1711.05101 §2 (decoupled weight decay as a separate step)",
    ["weight decay", "decoupled weight decay"],
    ["adam", "softmax", "l1 regularization"],
    {r"\theta_{t-1}": [1.0, -2.0], r"\gamma": 0.1, r"\lambda": 0.01},
    lambda b: A([1.0, -2.0]) * (1 - 0.001),
)
add(
    "look-adam-no-sqrt",
    r"\mathbf{x}_t \leftarrow \mathbf{x}_{t-1} - \frac{\eta \hat{\mathbf{v}}_t}{\hat{\mathbf{s}}_t + \epsilon}",
    "constructed: Adam's step with the square root of the second moment removed",
    [],
    [*ADAM, "adamw", "rmsprop"],
    {
        r"\mathbf{x}_{t-1}": [1.0, 2.0],
        r"\eta": 0.1,
        r"\hat{\mathbf{v}}_t": [0.2, -0.4],
        r"\hat{\mathbf{s}}_t": [0.04, 0.25],
        r"\epsilon": 1e-8,
    },
    lambda b: A([1.0, 2.0]) - 0.1 * A([0.2, -0.4]) / (A([0.04, 0.25]) + 1e-8),
    tags=LOOK,
)
add(
    "look-rmsprop-one-plus",
    r"\mathbf{s}_t \leftarrow \gamma \mathbf{s}_{t-1} + (1 + \gamma) \mathbf{g}_t^2",
    "constructed: RMSProp's average with (1 + γ) in place of (1 − γ)",
    [],
    [*RMSPROP, "exponential moving average", "adagrad"],
    {r"\gamma": 0.9, r"\mathbf{s}_{t-1}": [0.5, 2.0], r"\mathbf{g}_t": [1.0, -2.0]},
    lambda b: 0.9 * A([0.5, 2.0]) + 1.9 * A([1.0, 4.0]),
    tags=LOOK,
)
add(
    "look-adagrad-unsquared",
    r"\mathbf{s}_t = \mathbf{s}_{t-1} + \mathbf{g}_t",
    "constructed: Adagrad's accumulator without the square (a running sum of gradients)",
    [],
    [*ADAGRAD, "rmsprop"],
    {r"\mathbf{s}_{t-1}": [0.5, 2.0], r"\mathbf{g}_t": [1.0, -2.0]},
    lambda b: A([1.5, 0.0]),
    tags=LOOK,
)
add(
    "look-clip-max",
    r"\mathbf{g} \leftarrow \max\left(1, \frac{\theta}{\|\mathbf{g}\|}\right) \mathbf{g}",
    "constructed: gradient clipping with max in place of min (it can only grow the gradient)",
    [],
    CLIP,
    {r"\mathbf{g}": [0.3, 0.4], r"\theta": 1.0},
    lambda b: A([0.6, 0.8]),
    tags=LOOK,
)
add(
    "look-momentum-squared",
    r"\mathbf{x}_t \leftarrow \mathbf{x}_{t-1} - \eta_t \mathbf{v}_t^2",
    "constructed: the momentum step with the velocity squared",
    [],
    [*MOM, "rmsprop"],
    {r"\mathbf{x}_{t-1}": [2.0, 0.0], r"\eta_t": 0.1, r"\mathbf{v}_t": [1.4, -0.4]},
    lambda b: A([2.0, 0.0]) - 0.1 * A([1.96, 0.16]),
    tags=LOOK,
)

# ================================================================ schedules and initialisation
COS = [
    "cosine schedule",
    "cosine annealing",
    "cosine learning rate schedule",
    "cosine decay",
    "cosine scheduler",
]
add(
    "d2l-cosine-schedule",
    r"\eta_t = \eta_T + \frac{\eta_0 - \eta_T}{2} \left(1 + \cos(\pi t/T)\right)",
    "D2L (arXiv:2106.11342) §12.11.3 cosine scheduler (after Loshchilov & Hutter)",
    COS,
    ["linear warm-up", "exponential decay", "cosine similarity"],
    {r"\eta_T": 0.01, r"\eta_0": 0.1, "t": 5, "T": 20},
    lambda b: 0.01 + 0.045 * (1 + math.cos(math.pi * 5 / 20)),
)
add(
    "linear-warmup",
    r"\eta_t = \eta_{\max} \cdot \frac{t}{T_{\mathrm{warmup}}}",
    "Goyal et al. arXiv:1706.02677 §2.2 (gradual warm-up), restated",
    ["linear warm-up", "warm-up", "learning rate warm-up", "linear warmup", "warmup"],
    ["cosine annealing", "inverse square root schedule"],
    {r"\eta_{\max}": 0.4, "t": 30, r"T_{\mathrm{warmup}}": 100},
    lambda b: 0.12,
)
add(
    "t5-inverse-sqrt",
    r"\frac{1}{\sqrt{\max(n, k)}}",
    "Raffel et al. arXiv:1910.10683 §3.1.2 (inverse square root schedule, k = 10^4)",
    [
        "inverse square root schedule",
        "inverse square root learning rate",
        "inverse square root decay",
        "rsqrt schedule",
    ],
    ["cosine annealing", "linear warm-up"],
    {"n": 40000, "k": 10000},
    lambda b: 1 / 200.0,
)
add(
    "d2l-factor-scheduler",
    r"\eta_{t+1} \leftarrow \mathop{\mathrm{max}}(\eta_{\mathrm{min}}, \eta_t \cdot \alpha)",
    "D2L (arXiv:2106.11342) §12.11.2 factor scheduler",
    [
        "factor scheduler",
        "exponential decay",
        "multiplicative decay",
        "exponential learning rate decay",
    ],
    ["cosine annealing", "linear warm-up", "relu"],
    {r"\eta_{\mathrm{min}}": 0.01, r"\eta_t": 0.1, r"\alpha": 0.5},
    lambda b: 0.05,
)
add(
    "d2l-polynomial-decay",
    r"\eta(t) = \eta_0 \cdot (\beta t+1)^{-\alpha}",
    "D2L (arXiv:2106.11342) §11.11.1 / §12.11 polynomial decay of the learning rate",
    ["polynomial decay", "polynomial learning rate decay", "polynomial schedule"],
    ["cosine annealing", "exponential decay"],
    {r"\eta_0": 0.1, r"\beta": 1.0, "t": 3, r"\alpha": 0.5},
    lambda b: 0.1 / 2.0,
)
XAV = ["xavier initialization", "glorot initialization", "xavier", "glorot"]
HE = ["he initialization", "kaiming initialization", "he normal initialization"]
add(
    "d2l-xavier-sigma",
    r"\sigma = \sqrt{\frac{2}{n_\mathrm{in} + n_\mathrm{out}}}",
    "D2L (arXiv:2106.11342) §5.4.2 Xavier initialization",
    XAV,
    HE,
    {r"n_\mathrm{in}": 3, r"n_\mathrm{out}": 5},
    lambda b: 0.5,
)
add(
    "d2l-xavier-uniform",
    r"U\left(-\sqrt{\frac{6}{n_\mathrm{in} + n_\mathrm{out}}}, \sqrt{\frac{6}{n_\mathrm{in} + n_\mathrm{out}}}\right)",
    "D2L (arXiv:2106.11342) §5.4.2 Xavier initialization (uniform form)",
    [*XAV, "xavier uniform initialization"],
    HE,
)
add(
    "prince-he-variance",
    r"\sigma^2_{\Omega} = \frac{2}{D_h}",
    "Prince, Understanding Deep Learning (2023) §7.5 (He initialization)",
    HE,
    XAV,
    {"D_h": 8},
    lambda b: 0.25,
)
add(
    "selu-lecun-variance",
    r"\mathrm{Var}(w_i) = \frac{1}{n}",
    "Klambauer et al. arXiv:1706.02515 §3 (LeCun normal initialisation for SNNs)",
    ["lecun initialization", "lecun normal initialization", "lecun normal"],
    [*XAV, *HE],
    {"n": 4},
    lambda b: 0.25,
)
add(
    "look-xavier-product",
    r"\sigma = \sqrt{\frac{2}{n_\mathrm{in} \cdot n_\mathrm{out}}}",
    "constructed: Xavier's scale with the product of fan-in and fan-out in place of the sum",
    [],
    [*XAV, *HE],
    {r"n_\mathrm{in}": 2, r"n_\mathrm{out}": 8},
    lambda b: math.sqrt(2 / 16),
    tags=LOOK,
)
add(
    "look-cosine-sine",
    r"\eta_t = \eta_T + \frac{\eta_0 - \eta_T}{2} \left(1 + \sin(\pi t/T)\right)",
    "constructed: the cosine schedule with a sine (it rises before it falls)",
    [],
    COS,
    {r"\eta_T": 0.01, r"\eta_0": 0.1, "t": 10, "T": 20},
    lambda b: 0.01 + 0.045 * (1 + math.sin(math.pi * 10 / 20)),
    tags=LOOK,
)
add(
    "look-he-squared-fan",
    r"\sigma^2 = \frac{2}{D_h^2}",
    "constructed: He's variance over the squared fan-in",
    [],
    [*HE, *XAV],
    {"D_h": 4},
    lambda b: 0.125,
    tags=LOOK,
)

# ================================================================ normalisation layers
BN = ["batch normalization", "batch norm", "batchnorm"]
LN = ["layer normalization", "layer norm", "layernorm"]
add(
    "d2l-batchnorm",
    r"\mathrm{BN}(\mathbf{x}) = \boldsymbol{\gamma} \odot \frac{\mathbf{x} - \hat{\boldsymbol{\mu}}_\mathcal{B}}{\hat{\boldsymbol{\sigma}}_\mathcal{B}} + \boldsymbol{\beta}",
    "D2L (arXiv:2106.11342) §8.5.1 batch normalization",
    BN,
    [*LN, "standardization", "z-score"],
    {
        r"\mathbf{x}": [1.0, 3.0],
        r"\hat{\boldsymbol{\mu}}_\mathcal{B}": [0.5, 1.0],
        r"\hat{\boldsymbol{\sigma}}_\mathcal{B}": [0.5, 4.0],
        r"\boldsymbol{\gamma}": [2.0, 1.0],
        r"\boldsymbol{\beta}": [0.0, -1.0],
    },
    lambda b: A([2.0, -0.5]),
)
add(
    "d2l-batch-variance",
    r"\hat{\boldsymbol{\sigma}}_\mathcal{B}^2 = \frac{1}{|\mathcal{B}|} \sum_{\mathbf{x} \in \mathcal{B}} (\mathbf{x} - \hat{\boldsymbol{\mu}}_{\mathcal{B}})^2 + \epsilon",
    "D2L (arXiv:2106.11342) §8.5.1 batch normalization (minibatch variance)",
    [
        "minibatch variance",
        "batch variance",
        "batch normalization variance",
        "variance",
        "batch normalization",
    ],
    [*LN, "mean squared error"],
    {
        r"\mathcal{B}": [[1.0, 2.0], [3.0, 2.0], [2.0, 5.0]],
        r"|\mathcal{B}|": 3,
        r"\hat{\boldsymbol{\mu}}_{\mathcal{B}}": [2.0, 3.0],
        r"\epsilon": 1e-5,
    },
    lambda b: np.var(A(b[r"\mathcal{B}"]), axis=0) + 1e-5,
)
add(
    "d2l-layernorm-block",
    r"""
\begin{aligned}
\hat{\mu} &= \frac{1}{n} \sum_{i=1}^n x_i, \\
\hat{\sigma}^2 &= \frac{1}{n} \sum_{i=1}^n (x_i - \hat{\mu})^2 + \epsilon, \\
\mathrm{LN}(\mathbf{x}) &= \frac{\mathbf{x} - \hat{\mu}}{\hat\sigma}.
\end{aligned}""",
    "D2L (arXiv:2106.11342) §8.5.3 layer normalization",
    LN,
    [*BN, "rmsnorm"],
    {"x": [1.0, 2.0, 6.0], r"\mathbf{x}": [1.0, 2.0, 6.0], "n": 3, r"\epsilon": 1e-5},
    lambda b: (A([1.0, 2.0, 6.0]) - 3.0) / math.sqrt(np.var([1.0, 2.0, 6.0]) + 1e-5),
    tags=MULTI,
)
add(
    "rmsnorm-eps",
    r"\mathrm{RMSNorm}(\mathbf{x}) = \frac{\mathbf{x}}{\sqrt{\frac{1}{d}\sum_{i=1}^{d} x_i^2 + \epsilon}} \odot \mathbf{g}",
    "Zhang & Sennrich arXiv:1910.07467 Eq. 4, with the ε that implementations add",
    ["rmsnorm", "root mean square layer normalization", "rms normalization", "rms norm"],
    [*LN, *BN],
    {
        r"\mathbf{x}": [1.0, -2.0, 2.0],
        "x": [1.0, -2.0, 2.0],
        "d": 3,
        r"\epsilon": 0.0,
        r"\mathbf{g}": [1.0, 0.5, 2.0],
    },
    lambda b: A([1.0, -2.0, 2.0]) / math.sqrt(3.0) * A([1.0, 0.5, 2.0]),
)
add(
    "groupnorm-set",
    r"\mathcal{S}_i = \{k \mid k_N = i_N, \lfloor \frac{k_C}{C/G} \rfloor = \lfloor \frac{i_C}{C/G} \rfloor \}",
    "Wu & He arXiv:1803.08494 Eq. 7 (Group Norm's set of pixels)",
    ["group normalization", "group norm", "groupnorm"],
    [*BN, *LN],
)
add(
    "weight-norm",
    r"\mathbf{w} = \frac{g}{\|\mathbf{v}\|}\mathbf{v}",
    "Salimans & Kingma arXiv:1602.07868 Eq. 2 (weight normalization)",
    ["weight normalization", "weight norm", "weightnorm"],
    [*BN, *LN, "gradient clipping"],
    {"g": 2.0, r"\mathbf{v}": [3.0, 4.0]},
    lambda b: A([1.2, 1.6]),
)
add(
    "z-score-sample",
    r"z_i = \frac{x_i - \bar{x}}{s}",
    "Casella & Berger, Statistical Inference 2nd ed. §5.2 (standardising with the sample mean and standard deviation)",
    ["z-score", "standard score", "standardization", "standardized variable"],
    [*BN, "logistic sigmoid"],
    {"x": [2.0, 4.0, 9.0], "i": 3, r"\bar{x}": 5.0, "s": 2.0},
    lambda b: 2.0,
)
add(
    "min-max",
    r"x' = \frac{x - \min(x)}{\max(x) - \min(x)}",
    "Géron, Hands-On Machine Learning 2nd ed. ch. 2 (feature scaling, min-max)",
    ["min-max normalization", "min-max scaling", "min-max scaler", "rescaling"],
    ["z-score", "standardization", *BN],
    {"x": [2.0, 4.0, 10.0]},
    lambda b: A([0.0, 0.25, 1.0]),
)
add(
    "look-layernorm-variance",
    r"\mathrm{LN}(\mathbf{x}) = \frac{\mathbf{x} - \hat{\mu}}{\hat\sigma^2}",
    "constructed: the layer-norm left side over a division by the variance",
    [],
    [*LN, *BN],
    {r"\mathbf{x}": [1.0, 2.0, 6.0], r"\hat{\mu}": 3.0, r"\hat\sigma": 2.0},
    lambda b: (A([1.0, 2.0, 6.0]) - 3.0) / 4.0,
    tags=LOOK,
)
add(
    "look-batchnorm-multiply",
    r"\boldsymbol{\gamma} \odot (\mathbf{x} - \hat{\boldsymbol{\mu}}_\mathcal{B}) \odot \hat{\boldsymbol{\sigma}}_\mathcal{B} + \boldsymbol{\beta}",
    "constructed: batch norm multiplying by the standard deviation instead of dividing",
    [],
    [*BN, *LN],
    {
        r"\mathbf{x}": [1.0, 3.0],
        r"\hat{\boldsymbol{\mu}}_\mathcal{B}": [0.5, 1.0],
        r"\hat{\boldsymbol{\sigma}}_\mathcal{B}": [0.5, 4.0],
        r"\boldsymbol{\gamma}": [2.0, 1.0],
        r"\boldsymbol{\beta}": [0.0, -1.0],
    },
    lambda b: A([0.5, 7.0]),
    tags=LOOK,
)
add(
    "look-weightnorm-times",
    r"\mathbf{w} = g\,\|\mathbf{v}\|\,\mathbf{v}",
    "constructed: weight normalization multiplying by the norm",
    [],
    ["weight normalization", "l2 normalization", *LN],
    {"g": 2.0, r"\mathbf{v}": [3.0, 4.0]},
    lambda b: A([30.0, 40.0]),
    tags=LOOK,
)

# ================================================================ activations
add(
    "gelu-tanh-approx",
    r"\mathrm{GELU}(x) \approx 0.5x\left(1+\tanh\left[\sqrt{2/\pi}\left(x+0.044715x^3\right)\right]\right)",
    "Hendrycks & Gimpel arXiv:1606.08415 §2 (tanh approximation)",
    ["gelu", "gaussian error linear unit", "gelu tanh approximation"],
    ["tanh", "swish", "silu", "logistic sigmoid"],
    {"x": 1.0},
    lambda b: 0.5 * (1 + math.tanh(math.sqrt(2 / math.pi) * (1 + 0.044715))),
)
add(
    "prince-gelu-phi",
    r"\mathrm{GeLU}[z] = z\cdot\Phi[z]",
    "Prince, Understanding Deep Learning (2023) §3.6 (activation functions, Fig. 3.13)",
    ["gelu", "gaussian error linear unit"],
    ["swish", "silu", "logistic sigmoid"],
    {"z": 0.5},
    lambda b: 0.5 * norm_cdf(0.5),
)
SWISH = ["swish", "silu", "sigmoid linear unit", "swish activation"]
add(
    "d2l-swish-beta",
    r"\operatorname{swish}(x) = x \operatorname{sigmoid}(\beta x)",
    "D2L (arXiv:2106.11342) §5.1.2 (Swish, after Ramachandran et al. arXiv:1710.05941)",
    SWISH,
    ["logistic sigmoid", "sigmoid", "gelu", "mish"],
    {"x": 2.0, r"\beta": 0.5},
    lambda b: 2.0 * float(sigmoid(1.0)),
)
add(
    "pml-softplus",
    r"\mathrm{softplus}(a) = \log(1 + e^a)",
    "Murphy, PML: An Introduction (2022) §2.4.2 (softplus)",
    ["softplus", "soft plus", "smooth relu"],
    ["logistic sigmoid", "relu", "log-sum-exp", "cross entropy"],
    {"a": 0.5},
    lambda b: math.log(1 + math.exp(0.5)),
)
add(
    "selu-cases",
    r"\operatorname{selu}(x) = \lambda \begin{cases} x & \text{if } x > 0 \\ \alpha e^x - \alpha & \text{if } x \leqslant 0 \end{cases}",
    "Klambauer et al. arXiv:1706.02515 Eq. 2 (SELU)",
    ["selu", "scaled exponential linear unit", "scaled elu"],
    ["elu", "relu", "leaky relu"],
    {"x": -0.5, r"\lambda": 1.0507, r"\alpha": 1.67326},
    lambda b: 1.0507 * (1.67326 * math.exp(-0.5) - 1.67326),
)
add(
    "hard-swish",
    r"\mathrm{h\text{-}swish}[x] = x \frac{\mathrm{ReLU6}(x + 3)}{6}",
    "Howard et al. arXiv:1905.02244 §5.2 (hard swish)",
    ["hard swish", "h-swish", "hardswish"],
    ["swish", "silu", "relu", "relu6"],
    {"x": 1.0},
    lambda b: 4.0 / 6.0,
)
add(
    "glu-dauphin",
    r"h_l(\mathbf{X}) = (\mathbf{X} * \mathbf{W} + \mathbf{b}) \otimes \sigma(\mathbf{X} * \mathbf{V} + \mathbf{c})",
    "Dauphin et al. arXiv:1612.08083 Eq. 1 (gated linear unit)",
    ["gated linear unit", "glu"],
    ["swiglu", "geglu", "logistic sigmoid", "lstm"],
)
XW = [[1.0, -1.0]]
GW = [[0.5, 1.0], [1.0, 0.0]]
GV = [[1.0, 0.0], [0.5, 2.0]]
add(
    "geglu-columns",
    r"\mathbf{h} = \operatorname{GELU}(\mathbf{W}_1\mathbf{x} + \mathbf{b}_1) \odot (\mathbf{W}_2\mathbf{x} + \mathbf{b}_2)",
    "Shazeer arXiv:2002.05202 Eq. 5 (GEGLU), restated with column vectors",
    ["geglu", "gelu gated linear unit"],
    ["swiglu", "reglu", "gelu", "glu"],
    {
        r"\mathbf{W}_1": GW,
        r"\mathbf{x}": [1.0, -1.0],
        r"\mathbf{b}_1": [0.5, 0.0],
        r"\mathbf{W}_2": GV,
        r"\mathbf{b}_2": [0.0, 1.0],
    },
    lambda b: (
        gelu(A(GW) @ A([1.0, -1.0]) + A([0.5, 0.0])) * (A(GV) @ A([1.0, -1.0]) + A([0.0, 1.0]))
    ),
)
add(
    "reglu-columns",
    r"\mathbf{h} = \max(\mathbf{0}, \mathbf{W}_1\mathbf{x} + \mathbf{b}_1) \odot (\mathbf{W}_2\mathbf{x} + \mathbf{b}_2)",
    "Shazeer arXiv:2002.05202 Eq. 5 (ReGLU), restated with column vectors",
    ["reglu", "relu gated linear unit"],
    ["swiglu", "geglu", "relu", "glu"],
    {
        r"\mathbf{W}_1": GW,
        r"\mathbf{x}": [1.0, -1.0],
        r"\mathbf{b}_1": [0.5, 0.0],
        r"\mathbf{W}_2": GV,
        r"\mathbf{b}_2": [0.0, 1.0],
    },
    lambda b: (
        np.maximum(0, A(GW) @ A([1.0, -1.0]) + A([0.5, 0.0]))
        * (A(GV) @ A([1.0, -1.0]) + A([0.0, 1.0]))
    ),
)
add(
    "prelu-cases",
    r"f(y_i) = \begin{cases} y_i, & \text{if } y_i > 0 \\ a_i y_i, & \text{if } y_i \le 0 \end{cases}",
    "He et al. arXiv:1502.01852 Eq. 1 (PReLU)",
    ["prelu", "parametric relu", "parametric rectified linear unit"],
    ["relu", "leaky relu", "elu"],
    {"y_i": -2.0, "a_i": 0.25},
    lambda b: -0.5,
)
add(
    "d2l-tanh-exp",
    r"\operatorname{tanh}(x) = \frac{1 - \exp(-2x)}{1 + \exp(-2x)}",
    "D2L (arXiv:2106.11342) §5.1.2.3 tanh",
    ["tanh", "hyperbolic tangent", "tanh function"],
    ["logistic sigmoid", "sigmoid", "softsign"],
    {"x": 0.5},
    lambda b: math.tanh(0.5),
)
add(
    "d2l-sigmoid-derivative",
    r"\frac{d}{dx} \operatorname{sigmoid}(x) = \frac{\exp(-x)}{(1 + \exp(-x))^2} = \operatorname{sigmoid}(x)\left(1-\operatorname{sigmoid}(x)\right)",
    "D2L (arXiv:2106.11342) §5.1.2.2 (derivative of the sigmoid)",
    [
        "derivative of the sigmoid",
        "sigmoid derivative",
        "derivative of the logistic sigmoid",
        "logistic sigmoid derivative",
    ],
    ["logistic sigmoid", "softmax", "tanh"],
    {"x": 1.0},
    lambda b: float(sigmoid(1.0) * (1 - sigmoid(1.0))),
)
add(
    "look-softplus-square",
    r"\mathrm{softplus}(a) = \log(1 + a^2)",
    "constructed: the softplus left side over log(1 + a²)",
    [],
    ["softplus", "logistic sigmoid", "relu"],
    {"a": 2.0},
    lambda b: math.log(5.0),
    tags=LOOK,
)
add(
    "look-swish-plus",
    r"\operatorname{swish}(x) = x + \operatorname{sigmoid}(\beta x)",
    "constructed: Swish with a sum in place of the product",
    [],
    [*SWISH, "logistic sigmoid", "sigmoid"],
    {"x": 2.0, r"\beta": 0.5},
    lambda b: 2.0 + float(sigmoid(1.0)),
    tags=LOOK,
)
add(
    "look-gelu-tanh-times",
    r"\mathrm{GELU}(x) = x \tanh(x)",
    "constructed: the GELU left side over x·tanh(x)",
    [],
    ["gelu", "tanh", "mish", *SWISH],
    {"x": 1.0},
    lambda b: math.tanh(1.0),
    tags=LOOK,
)
add(
    "look-sigmoid-rational",
    r"\sigma(x) = \frac{1}{1 + x^2}",
    "constructed: the sigmoid's left side over 1/(1 + x²)",
    [],
    ["logistic sigmoid", "sigmoid", "logistic function", "cauchy distribution"],
    {"x": 2.0},
    lambda b: 0.2,
    tags=LOOK,
)
add(
    "look-relu-min",
    r"\mathrm{ReLU}(x) = \min(0, x)",
    "constructed: the ReLU left side over min(0, x)",
    [],
    ["relu", "rectified linear unit", "leaky relu"],
    {"x": -3.0},
    lambda b: -3.0,
    tags=LOOK,
)
add(
    "look-tanh-wrong-denominator",
    r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{2x} + 1}",
    "constructed: tanh's left side with the denominator changed",
    [],
    ["tanh", "hyperbolic tangent", "logistic sigmoid"],
    {"x": 0.5},
    lambda b: (math.exp(0.5) - math.exp(-0.5)) / (math.exp(1.0) + 1),
    tags=LOOK,
)

# ================================================================ losses
CE = [
    "cross entropy",
    "cross-entropy",
    "cross-entropy loss",
    "categorical cross-entropy",
    "log loss",
]
CE_NEVER = ["entropy", "kl divergence", "logistic sigmoid", "softmax", "mutual information"]
add(
    "d2l-ce-onehot",
    r"l(\mathbf{y}, \hat{\mathbf{y}}) = - \sum_{j=1}^q y_j \log \hat{y}_j",
    "D2L (arXiv:2106.11342) §4.1.2 cross-entropy loss",
    CE,
    CE_NEVER,
    {
        "y": [0.0, 1.0, 0.0],
        r"\mathbf{y}": [0.0, 1.0, 0.0],
        "q": 3,
        r"\hat{y}": [0.2, 0.5, 0.3],
        r"\hat{\mathbf{y}}": [0.2, 0.5, 0.3],
    },
    lambda b: -math.log(0.5),
)
add(
    "d2l-ce-logits",
    r"l(\mathbf{y}, \hat{\mathbf{y}}) = \log \sum_{k=1}^q \exp(o_k) - \sum_{j=1}^q y_j o_j",
    "D2L (arXiv:2106.11342) §4.1.2.3 (softmax cross-entropy in terms of the logits)",
    [*CE, "softmax cross-entropy", "softmax cross entropy"],
    ["entropy", "kl divergence", "log-sum-exp", "logistic sigmoid"],
    {"o": [1.0, 2.0, 0.0], "y": [0.0, 1.0, 0.0], "q": 3},
    lambda b: math.log(math.e + math.e**2 + 1) - 2.0,
)
BCE = [
    "binary cross-entropy",
    "binary cross entropy",
    "log loss",
    "bce",
    "logistic loss",
    "cross entropy",
    "cross-entropy",
]
add(
    "pml-bce",
    r"\mathbb{H}_{ce}(y_n, \mu_n) = -[y_n \log \mu_n + (1 - y_n) \log (1 - \mu_n)]",
    "Murphy, PML: An Introduction (2022) §10.2.3 (binary cross entropy)",
    BCE,
    ["entropy", "kl divergence", "logistic sigmoid", "bernoulli distribution"],
    {"y_n": 1.0, r"\mu_n": 0.8},
    lambda b: -math.log(0.8),
)
FOCAL = ["focal loss"]
add(
    "focal-no-alpha",
    r"\ell_{\mathrm{focal}}(p) = -(1-p)^{\gamma}\log p",
    "Lin et al. arXiv:1708.02002 Eq. 4 (focal loss, y = 1), restated",
    FOCAL,
    ["cross entropy", "entropy", "binary cross-entropy"],
    {"p": 0.6, r"\gamma": 2.0},
    lambda b: -(0.4**2) * math.log(0.6),
)
HUBER = ["huber loss", "huber"]
add(
    "pml-huber",
    r"\ell_\delta(r) = \begin{cases} r^2/2 & \text{if } |r| \le \delta \\ \delta|r| - \delta^2/2 & \text{if } |r| > \delta \end{cases}",
    "Murphy, PML: An Introduction (2022) §5.1.5.3 (Huber loss)",
    [*HUBER, "smooth l1 loss"],
    ["mean squared error", "hinge loss", "absolute error"],
    {"r": 2.0, r"\delta": 1.0},
    lambda b: 1.5,
)
add(
    "fast-rcnn-smooth-l1",
    r"\text{smooth}_{L_1}(x) = \begin{cases} 0.5x^2 & \text{if } |x| < 1 \\ |x| - 0.5 & \text{otherwise} \end{cases}",
    "Girshick arXiv:1504.08083 Eq. 3 (smooth L1)",
    ["smooth l1 loss", "smooth l1", "huber loss"],
    ["l1 loss", "mean squared error", "hinge loss"],
    {"x": 0.4},
    lambda b: 0.08,
)
HINGE = ["hinge loss", "hinge"]
add(
    "pml-hinge",
    r"\ell_{\mathrm{hinge}}(y, \eta) = \max(0, 1 - y\eta) = (1 - y\eta)_+",
    "Murphy, PML: An Introduction (2022) §4.3.2 / §17.3 (hinge loss)",
    HINGE,
    ["relu", "squared hinge loss", "logistic loss"],
    {"y": -1.0, r"\eta": -0.25},
    lambda b: 0.75,
)
add(
    "squared-hinge",
    r"\max(0, 1 - y\,\mathbf{w}^\top\mathbf{x})^2",
    "Rosasco et al., Neural Computation 16 (2004) (squared hinge / L2-SVM loss)",
    ["squared hinge loss", "squared hinge", "l2-svm loss"],
    ["hinge loss", "relu", "mean squared error"],
    {"y": 1.0, r"\mathbf{w}": [0.5, -1.0], r"\mathbf{x}": [1.0, 0.5]},
    lambda b: 1.0,
)
TRIPLET = ["triplet loss", "triplet margin loss"]
add(
    "pml-triplet",
    r"\mathcal{L}(\boldsymbol{\theta}; \mathbf{x}_i, \mathbf{x}_i^+, \mathbf{x}_i^-) = \left[d_\theta(\mathbf{x}_i, \mathbf{x}_i^+)^2 - d_\theta(\mathbf{x}_i, \mathbf{x}_i^-)^2 + m\right]_+",
    "Murphy, PML: An Introduction (2022) §16.2.5 (triplet loss)",
    TRIPLET,
    ["contrastive loss", "hinge loss", "infonce"],
    {
        r"d_\theta(\mathbf{x}_i, \mathbf{x}_i^+)": 1.0,
        r"d_\theta(\mathbf{x}_i, \mathbf{x}_i^-)": 1.2,
        "m": 1.0,
    },
    lambda b: 1.0 - 1.44 + 1.0,
)
add(
    "batch-hard-triplet",
    r"\mathcal{L}_{\mathrm{BH}}(\theta; X) = \sum_{i=1}^{P}\sum_{a=1}^{K}\left[m + \max_{p=1\ldots K} D\left(f_\theta(x^i_a), f_\theta(x^i_p)\right) - \min_{\substack{j=1\ldots P\\ n=1\ldots K\\ j\neq i}} D\left(f_\theta(x^i_a), f_\theta(x^j_n)\right)\right]_+",
    "Hermans, Beyer & Leibe arXiv:1703.07737 Eq. 5 (batch hard triplet loss)",
    ["batch hard triplet loss", "batch-hard triplet loss", "triplet loss"],
    ["contrastive loss", "infonce"],
)
add(
    "pml-contrastive",
    r"\mathcal{L}(\boldsymbol{\theta}; \mathbf{x}_i, \mathbf{x}_j) = \mathbb{I}(y_i = y_j)\, d(\mathbf{x}_i, \mathbf{x}_j)^2 + \mathbb{I}(y_i \neq y_j)\left[m - d(\mathbf{x}_i, \mathbf{x}_j)\right]_+^2",
    "Murphy, PML: An Introduction (2022) §16.2.5 (contrastive loss, after Hadsell et al.)",
    ["contrastive loss", "pairwise contrastive loss"],
    ["triplet loss", "infonce", "hinge loss"],
    {"y_i": 0, "y_j": 1, r"d(\mathbf{x}_i, \mathbf{x}_j)": 0.4, "m": 1.0},
    lambda b: 0.36,
)
INFONCE = ["infonce", "info nce", "infonce loss", "contrastive loss", "nt-xent"]
add(
    "moco-infonce",
    r"\mathcal{L}_q = -\log \frac{\exp(q \cdot k_+ / \tau)}{\sum_{i=0}^{K} \exp(q \cdot k_i / \tau)}",
    "He et al. arXiv:1911.05722 Eq. 1 (MoCo's InfoNCE)",
    INFONCE,
    ["cross entropy", "softmax", "triplet loss", "logistic sigmoid"],
    {
        "q": [1.0, 0.0],
        "k_+": [0.8, 0.6],
        "k": [[0.8, 0.6], [0.0, 1.0], [-1.0, 0.0]],
        "K": 2,
        r"\tau": 0.5,
    },
    lambda b: -math.log(math.exp(1.6) / (math.exp(1.6) + 1.0 + math.exp(-2.0))),
)
add(
    "supcon",
    r"\mathcal{L}^{sup}_{out} = \sum_{i \in I} \frac{-1}{|P(i)|} \sum_{p \in P(i)} \log \frac{\exp(\boldsymbol{z}_i \boldsymbol{\cdot} \boldsymbol{z}_p / \tau)}{\sum_{a \in A(i)} \exp(\boldsymbol{z}_i \boldsymbol{\cdot} \boldsymbol{z}_a / \tau)}",
    "Khosla et al. arXiv:2004.11362 Eq. 2 (supervised contrastive loss)",
    ["supervised contrastive loss", "supcon", "supcon loss"],
    ["cross entropy", "softmax", "triplet loss"],
)
SX = [[1.0, 0.0], [0.0, 1.0]]
SY = [[0.6, 0.8], [0.0, 1.0]]


def siglip(b: dict[str, Any]) -> float:
    x, y, z = A(b["\\mathbf{x}"]), A(b["\\mathbf{y}"]), A(b["z"])
    logits = b["t"] * x @ y.T - b["b"]  # the exponent is z(-t x.y + b), as printed
    return float(-np.sum(np.log(sigmoid(z * logits))) / x.shape[0])


add(
    "siglip",
    r"-\frac{1}{|\mathcal{B}|} \sum_{i=1}^{|\mathcal{B}|} \sum_{j=1}^{|\mathcal{B}|} \log \frac{1}{1 + e^{z_{ij}(-t \mathbf{x}_i \cdot \mathbf{y}_j + b)}}",
    "Zhai et al. arXiv:2303.15343 §3.3 (sigmoid loss, SigLIP)",
    ["siglip loss", "sigmoid loss", "siglip", "pairwise sigmoid loss"],
    ["infonce", "clip loss", "softmax", "logistic sigmoid", "cross entropy"],
    {
        r"\mathbf{x}": SX,
        r"\mathbf{y}": SY,
        "z": [[1.0, -1.0], [-1.0, 1.0]],
        "t": 2.0,
        "b": -1.0,
        r"|\mathcal{B}|": 2,
    },
    siglip,
)
KL = ["kl divergence", "kullback-leibler divergence", "relative entropy"]
KL_NEVER = ["cross entropy", "entropy", "mutual information", "jensen-shannon divergence"]
add(
    "pml-kl-discrete",
    r"D_{\mathbb{KL}}(p \parallel q) \triangleq \sum_{k=1}^{K} p_k \log \frac{p_k}{q_k}",
    "Murphy, PML: An Introduction (2022) §6.2.1 (KL divergence)",
    KL,
    KL_NEVER,
    {"p": [0.5, 0.25, 0.25], "q": [0.25, 0.5, 0.25], "K": 3},
    lambda b: 0.5 * math.log(2) + 0.25 * math.log(0.5),
)
add(
    "bishop-kl-integral",
    r"\mathrm{KL}(p\|q) = -\int p(\mathbf{x}) \ln\left\{\frac{q(\mathbf{x})}{p(\mathbf{x})}\right\} \mathrm{d}\mathbf{x}",
    "Bishop & Bishop, Deep Learning: Foundations and Concepts (2024) §2.5.7 (KL divergence)",
    KL,
    KL_NEVER,
)


def kl(p: Any, q: Any) -> float:
    p, q = A(p), A(q)
    return float(np.sum(p * np.log(p / q)))


JSP, JSQ = [0.5, 0.4, 0.1], [0.25, 0.25, 0.5]


def js(p: Any, q: Any) -> float:
    m = (A(p) + A(q)) / 2
    pp, qq = A(p), A(q)
    a = float(np.sum(np.where(pp > 0, pp * np.log(np.where(pp > 0, pp, 1) / m), 0.0)))
    c = float(np.sum(np.where(qq > 0, qq * np.log(np.where(qq > 0, qq, 1) / m), 0.0)))
    return 0.5 * a + 0.5 * c


add(
    "js-divergence",
    r"\mathrm{JS}(P \,\|\, Q) = \frac{1}{2} \mathrm{KL}\left(P \,\Big\|\, \frac{P+Q}{2}\right) + \frac{1}{2} \mathrm{KL}\left(Q \,\Big\|\, \frac{P+Q}{2}\right)",
    "Murphy, PML: An Introduction (2022) §6.2 (Jensen-Shannon divergence); Lin, IEEE Trans. IT 37 (1991)",
    ["jensen-shannon divergence", "js divergence", "jsd", "jensen shannon divergence"],
    ["kl divergence", "cross entropy", "mutual information"],
    {"P": JSP, "Q": JSQ},
    lambda b: js(JSP, JSQ),
)
add(
    "gauss-kl-univariate",
    r"D_{\mathbb{KL}}\left(\mathcal{N}(\mu_1,\sigma_1^2) \parallel \mathcal{N}(\mu_2,\sigma_2^2)\right) = \log\frac{\sigma_2}{\sigma_1} + \frac{\sigma_1^2 + (\mu_1-\mu_2)^2}{2\sigma_2^2} - \frac{1}{2}",
    "Murphy, PML: An Introduction (2022) §6.2.3 (KL between two Gaussians)",
    [
        "kl divergence between gaussians",
        "gaussian kl",
        "kl divergence",
        "kl divergence between two gaussians",
    ],
    ["cross entropy", "gaussian density", "mahalanobis distance"],
    {r"\mu_1": 0.0, r"\sigma_1": 1.0, r"\mu_2": 1.0, r"\sigma_2": 2.0},
    lambda b: math.log(2.0) + 2.0 / 8.0 - 0.5,
)
add(
    "d2l-squared-loss",
    r"l^{(i)}(\mathbf{w}, b) = \frac{1}{2} \left(\hat{y}^{(i)} - y^{(i)}\right)^2",
    "D2L (arXiv:2106.11342) §3.1.1.2 (squared loss)",
    ["squared loss", "squared error", "squared error loss", "mean squared error", "l2 loss"],
    ["absolute error", "huber loss", "cross entropy"],
    {r"\hat{y}^{(i)}": 2.5, "y^{(i)}": 1.0},
    lambda b: 1.125,
)
add(
    "mae-l1-norm",
    r"\mathrm{MAE}(\mathbf{y}, \hat{\mathbf{y}}) = \frac{1}{n}\|\mathbf{y} - \hat{\mathbf{y}}\|_1",
    "Hyndman & Koehler, Int. J. Forecasting 22 (2006) §3 (mean absolute error), in vector notation",
    ["mean absolute error", "mae", "l1 loss"],
    ["mean squared error", "huber loss", "lasso"],
    {r"\mathbf{y}": [1.0, 2.0, 3.0], r"\hat{\mathbf{y}}": [1.5, 1.0, 3.0], "n": 3},
    lambda b: 0.5,
)
add(
    "label-smoothing-muller",
    r"y_k^{LS} = y_k(1 - \alpha) + \alpha/K",
    "Müller, Kornblith & Hinton arXiv:1906.02629 §1 (label smoothing)",
    ["label smoothing", "smoothed labels", "label smoothing regularization"],
    ["softmax", "cross entropy", "mixup"],
    {"y_k": 1.0, r"\alpha": 0.1, "K": 5},
    lambda b: 0.92,
)
add(
    "vnet-dice",
    r"D = \frac{2\sum_i^N p_i g_i}{\sum_i^N p_i^2 + \sum_i^N g_i^2}",
    "Milletari, Navab & Ahmadi arXiv:1606.04797 Eq. 1 (Dice coefficient, soft)",
    ["dice coefficient", "dice loss", "soft dice", "dice score", "sørensen-dice coefficient"],
    ["intersection over union", "jaccard index", "cosine similarity", "f1 score"],
    {"p": [0.9, 0.2, 0.6], "g": [1.0, 0.0, 1.0], "N": 3},
    lambda b: 2 * 1.5 / (0.81 + 0.04 + 0.36 + 2.0),
)
add(
    "iou-sets",
    r"\mathrm{IoU} = \frac{|A \cap B|}{|A \cup B|}",
    "Everingham et al., IJCV 88 (2010) §4.4 (PASCAL VOC overlap criterion)",
    ["intersection over union", "iou", "jaccard index"],
    ["dice coefficient", "f1 score"],
)
add(
    "pml-nll",
    r"\mathrm{NLL}(\boldsymbol{\theta}) = -\frac{1}{N}\sum_{n=1}^{N} \log p(y_n \mid \boldsymbol{x}_n, \boldsymbol{\theta})",
    "Murphy, PML: An Introduction (2022) §4.2.1 (negative log likelihood)",
    [
        "negative log likelihood",
        "negative log-likelihood",
        "nll",
        "average negative log likelihood",
    ],
    ["entropy", "kl divergence", "perplexity"],
    {"N": 3, r"p(y_n \mid \boldsymbol{x}_n, \boldsymbol{\theta})": [0.5, 0.25, 1.0]},
    lambda b: (math.log(2) + math.log(4)) / 3,
)
add(
    "hinge-gan-d",
    r"L_D = \mathbb{E}_{x\sim p_{\rm data}}[\max(0, 1 - D(x))] + \mathbb{E}_{z\sim p_z}[\max(0, 1 + D(G(z)))]",
    "Lim & Ye arXiv:1705.02894 Eq. 6 (hinge loss for the GAN discriminator)",
    ["hinge gan loss", "gan hinge loss", "hinge loss", "geometric gan"],
    ["wasserstein gan", "wgan", "minimax gan", "least squares gan"],
    {"D(x)": [0.5, 2.0], "D(G(z))": [-0.5, 0.5]},
    lambda b: 0.25 + 1.0,
)
add(
    "nonsaturating-g",
    r"\mathcal{L}_G = -\mathbb{E}_{\boldsymbol{z}\sim p(\boldsymbol{z})}\left[\log D(G(\boldsymbol{z}))\right]",
    "Goodfellow et al. arXiv:1406.2661 §3 (the non-saturating generator loss), in common notation",
    [
        "non-saturating gan loss",
        "non-saturating generator loss",
        "non saturating loss",
        "gan generator loss",
    ],
    ["wgan", "minimax gan", "cross entropy", "entropy"],
    {r"D(G(\boldsymbol{z}))": [0.5, 0.25]},
    lambda b: (math.log(2) + math.log(4)) / 2,
)
add(
    "lsgan-d",
    r"\min_D V_{\rm LSGAN}(D) = \frac{1}{2}\mathbb{E}_{\boldsymbol{x}\sim p_{\rm data}(\boldsymbol{x})}\left[(D(\boldsymbol{x}) - b)^2\right] + \frac{1}{2}\mathbb{E}_{\boldsymbol{z}\sim p_{\boldsymbol{z}}(\boldsymbol{z})}\left[(D(G(\boldsymbol{z})) - a)^2\right]",
    "Mao et al. arXiv:1611.04076 Eq. 2 (least squares GAN)",
    ["least squares gan", "lsgan", "lsgan loss"],
    ["wgan", "hinge gan loss", "mean squared error"],
)
add(
    "vqvae-loss",
    r"L = \log p(x \mid z_q(x)) + \|\mathrm{sg}[z_e(x)] - e\|_2^2 + \beta\|z_e(x) - \mathrm{sg}[e]\|_2^2",
    "van den Oord et al. arXiv:1711.00937 Eq. 3 (VQ-VAE training objective)",
    ["vq-vae loss", "vq-vae objective", "vector quantization loss", "vq-vae"],
    ["elbo", "kl divergence", "mean squared error"],
)
add(
    "look-ce-exp",
    r"l(\mathbf{y}, \hat{\mathbf{y}}) = - \sum_{j=1}^q y_j \exp \hat{y}_j",
    "constructed: cross-entropy's shape with exp in place of log",
    [],
    [*CE, "entropy", "softmax"],
    {"y": [0.0, 1.0, 0.0], "q": 3, r"\hat{y}": [0.2, 0.5, 0.3]},
    lambda b: -math.exp(0.5),
    tags=LOOK,
)
add(
    "look-hinge-max1",
    r"\ell_{\mathrm{hinge}}(y, \eta) = \max(1, 1 - y\eta)",
    "constructed: the hinge left side over max(1, ·)",
    [],
    [*HINGE, "relu"],
    {"y": 1.0, r"\eta": 2.0},
    lambda b: 1.0,
    tags=LOOK,
)
add(
    "look-kl-sum-inside",
    r"D(p, q) = \sum_{k=1}^{K} p_k \log(p_k + q_k)",
    "constructed: KL's shape with a sum in place of the ratio",
    [],
    [*KL, "cross entropy", "entropy"],
    {"p": [0.5, 0.25, 0.25], "q": [0.25, 0.5, 0.25], "K": 3},
    lambda b: 0.5 * math.log(0.75) + 0.25 * math.log(0.75) + 0.25 * math.log(0.5),
    tags=LOOK,
)
add(
    "look-huber-wrong-branch",
    r"\ell_\delta(r) = \begin{cases} r^2/2 & \text{if } |r| \le \delta \\ \delta^2 |r| & \text{if } |r| > \delta \end{cases}",
    "constructed: Huber's left side with the linear branch changed",
    [],
    [*HUBER, "smooth l1 loss"],
    {"r": 2.0, r"\delta": 0.5},
    lambda b: 0.5,
    tags=LOOK,
)
add(
    "look-mean-cubed-error",
    r"\frac{1}{n}\sum_{i=1}^{n}(y_i - \hat{y}_i)^3",
    "constructed: a mean of cubed errors",
    [],
    ["mean squared error", "mean absolute error", "skewness"],
    {"y": [1.0, 2.0, 3.0], r"\hat{y}": [1.5, 1.0, 3.0], "n": 3},
    lambda b: (-0.125 + 1.0) / 3,
    tags=LOOK,
)
add(
    "look-bce-same-log",
    r"\mathbb{H}_{ce}(y_n, \mu_n) = -[y_n \log \mu_n + (1 - y_n) \log \mu_n]",
    "constructed: binary cross-entropy with log μ in both terms",
    [],
    [*BCE, "entropy"],
    {"y_n": 0.0, r"\mu_n": 0.5},
    lambda b: math.log(2),
    tags=LOOK,
)
add(
    "look-triplet-plus",
    r"\left[d(\mathbf{a}, \mathbf{p})^2 + d(\mathbf{a}, \mathbf{n})^2 + m\right]_+",
    "constructed: the triplet loss with both distances added",
    [],
    [*TRIPLET, "contrastive loss"],
    {r"d(\mathbf{a}, \mathbf{p})": 1.0, r"d(\mathbf{a}, \mathbf{n})": 2.0, "m": 0.5},
    lambda b: 5.5,
    tags=LOOK,
)
add(
    "look-contrastive-no-margin",
    r"\mathbb{I}(y_i = y_j)\, d_{ij}^2 + \mathbb{I}(y_i \neq y_j)\, d_{ij}^2",
    "constructed: the contrastive loss with the margin term replaced by the same squared distance",
    [],
    ["contrastive loss", *TRIPLET],
    {"y_i": 0, "y_j": 1, "d_{ij}": 0.4},
    lambda b: 0.16,
    tags=LOOK,
)
add(
    "look-infonce-positive-in-denominator-only",
    r"-\log \frac{\sum_{i=0}^{K} \exp(q \cdot k_i / \tau)}{\exp(q \cdot k_+ / \tau)}",
    "constructed: InfoNCE's fraction upside down",
    [],
    [*INFONCE, "cross entropy", "softmax"],
    {
        "q": [1.0, 0.0],
        "k_+": [0.8, 0.6],
        "k": [[0.8, 0.6], [0.0, 1.0], [-1.0, 0.0]],
        "K": 2,
        r"\tau": 0.5,
    },
    lambda b: math.log(math.exp(1.6) / (math.exp(1.6) + 1.0 + math.exp(-2.0))),
    tags=LOOK,
)
add(
    "look-focal-one-plus",
    r"\ell(p) = -(1+p)^{\gamma}\log p",
    "constructed: the focal modulating factor with (1 + p)",
    [],
    [*FOCAL, "cross entropy"],
    {"p": 0.5, r"\gamma": 2.0},
    lambda b: 2.25 * math.log(2),
    tags=LOOK,
)
add(
    "look-label-smoothing-times-k",
    r"y_k^{LS} = y_k(1 - \alpha) + \alpha K",
    "constructed: label smoothing with αK in place of α/K (no longer a distribution)",
    [],
    ["label smoothing", "softmax"],
    {"y_k": 1.0, r"\alpha": 0.1, "K": 5},
    lambda b: 1.4,
    tags=LOOK,
)
add(
    "look-dice-minus",
    r"D = \frac{2\sum_i^N p_i g_i}{\sum_i^N p_i^2 - \sum_i^N g_i^2}",
    "constructed: the Dice denominator with a difference",
    [],
    ["dice coefficient", "dice loss", "intersection over union", "jaccard index"],
    {"p": [0.9, 0.2, 0.6], "g": [1.0, 0.0, 1.0], "N": 3},
    lambda b: 3.0 / (1.21 - 2.0),
    tags=LOOK,
)

# ================================================================ diffusion
FWD = [
    "ddpm forward process",
    "forward process",
    "forward diffusion",
    "diffusion forward process",
    "forward process marginal",
    "closed-form forward process",
    "diffusion kernel",
    "forward noising",
]
FWD_NEVER = [
    "ddpm posterior",
    "ddpm sampling step",
    "reparameterization trick",
    "gmm responsibilities",
]
XT = [0.4, -1.0]
EPS = [1.0, 0.5]
add(
    "luo-forward-marginal",
    r"q(\boldsymbol{x}_t \mid \boldsymbol{x}_0) = \mathcal{N}(\boldsymbol{x}_t ; \sqrt{\bar\alpha_t}\boldsymbol{x}_0, (1 - \bar\alpha_t)\textbf{I})",
    "Luo arXiv:2208.11970 Eq. 70 (forward process marginal)",
    FWD,
    FWD_NEVER,
)
add(
    "luo-forward-sample",
    r"\boldsymbol{x}_t = \sqrt{\bar\alpha_t}\boldsymbol{x}_0 + \sqrt{1 - \bar\alpha_t}\boldsymbol{\epsilon}_0",
    "Luo arXiv:2208.11970 Eq. 69 (sampling x_t directly from x_0)",
    FWD,
    FWD_NEVER,
    {r"\bar\alpha_t": 0.64, r"\boldsymbol{x}_0": [1.0, -1.0], r"\boldsymbol{\epsilon}_0": EPS},
    lambda b: 0.8 * A([1.0, -1.0]) + 0.6 * A(EPS),
)
add(
    "prince-diffusion-kernel",
    r"\mathbf{z}_t = \sqrt{\alpha_t}\cdot\mathbf{x} + \sqrt{1-\alpha_t}\cdot\boldsymbol{\epsilon}",
    "Prince, Understanding Deep Learning (2023) §18.2.1 (diffusion kernel; α_t is the cumulative product)",
    FWD,
    FWD_NEVER,
    {r"\alpha_t": 0.36, r"\mathbf{x}": [2.0, 0.0], r"\boldsymbol{\epsilon}": EPS},
    lambda b: 0.6 * A([2.0, 0.0]) + 0.8 * A(EPS),
)
add(
    "prince-forward-step",
    r"\mathbf{z}_t = \sqrt{1-\beta_t}\cdot\mathbf{z}_{t-1} + \sqrt{\beta_t}\cdot\boldsymbol{\epsilon}_t",
    "Prince, Understanding Deep Learning (2023) §18.2 Eq. 18.1 (one step of the encoder)",
    [*FWD, "ddpm forward step", "forward diffusion step"],
    FWD_NEVER,
    {r"\beta_t": 0.19, r"\mathbf{z}_{t-1}": [1.0, 2.0], r"\boldsymbol{\epsilon}_t": EPS},
    lambda b: 0.9 * A([1.0, 2.0]) + math.sqrt(0.19) * A(EPS),
)
add(
    "alpha-bar-product",
    r"\bar{\alpha}_t = \prod_{s=1}^{t} \alpha_s",
    "Ho, Jain & Abbeel arXiv:2006.11239 §2 (definition of ᾱ_t)",
    [
        "alpha bar",
        "cumulative product of alphas",
        "cumulative noise schedule",
        "noise schedule",
        "ddpm noise schedule",
    ],
    ["ddpm forward process", "softmax"],
    {r"\alpha": [0.9, 0.8, 0.5], "t": 3},
    lambda b: 0.36,
)
POSTMEAN = [
    "ddpm posterior mean",
    "forward process posterior mean",
    "posterior mean",
    "ddpm posterior",
    "forward process posterior",
]
add(
    "luo-posterior-mean",
    r"\boldsymbol{\mu}_q(\boldsymbol{x}_t, \boldsymbol{x}_0) = \frac{\sqrt{\alpha_t}(1-\bar\alpha_{t-1})\boldsymbol{x}_{t} + \sqrt{\bar\alpha_{t-1}}(1-\alpha_t)\boldsymbol{x}_0}{1 -\bar\alpha_{t}}",
    "Luo arXiv:2208.11970 Eq. 84 (mean of q(x_{t-1} | x_t, x_0))",
    POSTMEAN,
    ["ddpm forward process", "gp posterior mean", "gmm responsibilities"],
    {
        r"\alpha_t": 0.81,
        r"\bar\alpha_{t-1}": 0.64,
        r"\bar\alpha_{t}": 0.5184,
        r"\boldsymbol{x}_{t}": XT,
        r"\boldsymbol{x}_0": [1.0, 0.0],
    },
    lambda b: (0.9 * 0.36 * A(XT) + 0.8 * 0.19 * A([1.0, 0.0])) / (1 - 0.5184),
)
add(
    "luo-posterior-variance",
    r"\sigma_q^2(t) = \frac{(1 - \alpha_t)(1 - \bar\alpha_{t-1})}{1 -\bar\alpha_{t}}",
    "Luo arXiv:2208.11970 Eq. 85 (variance of q(x_{t-1} | x_t, x_0))",
    [
        "ddpm posterior variance",
        "posterior variance",
        "forward process posterior variance",
        "ddpm posterior",
    ],
    ["ddpm forward process", "gp posterior covariance"],
    {r"\alpha_t": 0.81, r"\bar\alpha_{t-1}": 0.64, r"\bar\alpha_{t}": 0.5184},
    lambda b: 0.19 * 0.36 / 0.4816,
)
REVMEAN = [
    "ddpm reverse process mean",
    "ddpm reverse mean",
    "ddpm mean",
    "ddpm sampling step",
    "ddpm reverse step",
    "noise prediction parameterization",
    "epsilon parameterization",
]
add(
    "luo-eps-mean",
    r"\boldsymbol{\mu}_{\boldsymbol{\theta}}(\boldsymbol{x}_t, t) = \frac{1}{\sqrt{\alpha_t}}\boldsymbol{x}_t - \frac{1 - \alpha_t}{\sqrt{1 - \bar\alpha_t}\sqrt{\alpha_t}}\hat{\boldsymbol{\epsilon}}_{\boldsymbol{\theta}}(\boldsymbol{x}_t, t)",
    "Luo arXiv:2208.11970 Eq. 119 (reverse mean in terms of the predicted noise)",
    REVMEAN,
    ["ddpm forward process", "ddpm posterior variance", "ddim"],
    {
        r"\alpha_t": 0.81,
        r"\bar\alpha_t": 0.75,
        r"\boldsymbol{x}_t": XT,
        r"\hat{\boldsymbol{\epsilon}}_{\boldsymbol{\theta}}(\boldsymbol{x}_t, t)": EPS,
    },
    lambda b: A(XT) / 0.9 - 0.19 / (0.5 * 0.9) * A(EPS),
)
add(
    "prince-ddpm-sampling",
    r"\mathbf{z}_{t-1} = \frac{1}{\sqrt{1-\beta_t}}\mathbf{z}_t - \frac{\beta_t}{\sqrt{1-\alpha_t}\sqrt{1-\beta_t}}\mathbf{g}_t[\mathbf{z}_t, \boldsymbol{\phi}_t] + \sigma_t\boldsymbol{\epsilon}",
    "Prince, Understanding Deep Learning (2023) §18.4 Algorithm 18.2 (sampling)",
    [
        "ddpm sampling step",
        "ddpm reverse step",
        "ddpm sampling",
        "ancestral sampling",
        "reverse diffusion step",
    ],
    ["ddpm forward process", "ddim", "langevin dynamics"],
    {
        r"\beta_t": 0.19,
        r"\alpha_t": 0.75,
        r"\mathbf{z}_t": XT,
        r"\mathbf{g}_t[\mathbf{z}_t, \boldsymbol{\phi}_t]": EPS,
        r"\sigma_t": 0.1,
        r"\boldsymbol{\epsilon}": [0.0, 1.0],
    },
    lambda b: A(XT) / 0.9 - 0.19 / (0.5 * 0.9) * A(EPS) + 0.1 * A([0.0, 1.0]),
)
add(
    "prince-diffusion-loss",
    r"L[\boldsymbol{\phi}] = \sum_{i=1}^{I}\sum_{t=1}^{T}\left\| \mathbf{g}_t\left[\sqrt{\alpha_t}\cdot\mathbf{x}_i + \sqrt{1-\alpha_t}\cdot\boldsymbol{\epsilon}_{it}, \boldsymbol{\phi}_t\right] - \boldsymbol{\epsilon}_{it}\right\|^2",
    "Prince, Understanding Deep Learning (2023) §18.5 (simplified loss, noise prediction)",
    [
        "ddpm loss",
        "simplified diffusion loss",
        "noise prediction loss",
        "denoising loss",
        "diffusion loss",
        "simple loss",
    ],
    ["mean squared error", "score matching", "gp posterior mean"],
)
add(
    "luo-x0-hat",
    r"\hat{\boldsymbol{x}}_0 = \frac{\boldsymbol{x}_t - \sqrt{1 - \bar\alpha_t}\,\hat{\boldsymbol{\epsilon}}_{\boldsymbol{\theta}}(\boldsymbol{x}_t, t)}{\sqrt{\bar\alpha_t}}",
    "Song, Meng & Ermon arXiv:2010.02502 Eq. 9 (predicted x_0), in Luo's notation",
    [
        "predicted x0",
        "x0 prediction",
        "denoised estimate",
        "predicted clean sample",
        "ddim predicted x0",
        "tweedie estimate",
    ],
    ["ddpm forward process", "ddpm sampling step"],
    {
        r"\bar\alpha_t": 0.64,
        r"\boldsymbol{x}_t": XT,
        r"\hat{\boldsymbol{\epsilon}}_{\boldsymbol{\theta}}(\boldsymbol{x}_t, t)": EPS,
    },
    lambda b: (A(XT) - 0.6 * A(EPS)) / 0.8,
)
add(
    "luo-tweedie",
    r"\mathbb{E}\left[\boldsymbol{\mu}_{z} \mid \boldsymbol{z}\right] = \boldsymbol{z} + \boldsymbol{\Sigma}_z \nabla_{\boldsymbol{z}} \log p(\boldsymbol{z})",
    "Luo arXiv:2208.11970 Eq. 131 (Tweedie's formula)",
    ["tweedie's formula", "tweedie formula"],
    ["score matching", "langevin dynamics"],
    {
        r"\boldsymbol{z}": [1.0, 0.0],
        r"\boldsymbol{\Sigma}_z": SPD2,
        r"\nabla_{\boldsymbol{z}} \log p(\boldsymbol{z})": [-1.0, 0.5],
    },
    lambda b: A([1.0, 0.0]) + A(SPD2) @ A([-1.0, 0.5]),
)
add(
    "ddim-deterministic",
    r"\boldsymbol{x}_{t-1} = \sqrt{\bar\alpha_{t-1}}\,\hat{\boldsymbol{x}}_0 + \sqrt{1 - \bar\alpha_{t-1}}\,\hat{\boldsymbol{\epsilon}}_{\boldsymbol{\theta}}(\boldsymbol{x}_t, t)",
    "Song, Meng & Ermon arXiv:2010.02502 Eq. 12 with σ_t = 0 (deterministic DDIM), in Luo's notation",
    ["ddim", "ddim sampling step", "ddim update", "deterministic ddim", "ddim step"],
    ["ddpm sampling step", "ddpm forward process"],
    {
        r"\bar\alpha_{t-1}": 0.81,
        r"\hat{\boldsymbol{x}}_0": [1.0, -1.0],
        r"\hat{\boldsymbol{\epsilon}}_{\boldsymbol{\theta}}(\boldsymbol{x}_t, t)": EPS,
    },
    lambda b: 0.9 * A([1.0, -1.0]) + math.sqrt(0.19) * A(EPS),
)
add(
    "hyvarinen-score-matching",
    r"J(\boldsymbol{\theta}) = \int_{\boldsymbol{\xi} \in \mathbb{R}^n} p_{\mathbf{x}}(\boldsymbol{\xi}) \sum_{i=1}^{n}\left[\partial_i \psi_i(\boldsymbol{\xi};\boldsymbol{\theta}) + \frac{1}{2}\psi_i(\boldsymbol{\xi};\boldsymbol{\theta})^2\right] d\boldsymbol{\xi}",
    "Hyvärinen, JMLR 6 (2005) Theorem 1 (score matching objective)",
    ["score matching", "score matching objective", "implicit score matching"],
    ["denoising score matching", "kl divergence", "ddpm loss"],
)
add(
    "vincent-dsm",
    r"J_{DSMq_\sigma}(\theta) = \mathbb{E}_{q_\sigma(\mathbf{x},\tilde{\mathbf{x}})}\left[\frac{1}{2}\left\|\psi(\tilde{\mathbf{x}};\theta) - \frac{\partial \log q_\sigma(\tilde{\mathbf{x}}\mid\mathbf{x})}{\partial\tilde{\mathbf{x}}}\right\|^2\right]",
    "Vincent, Neural Computation 23 (2011) Eq. 4 (denoising score matching)",
    ["denoising score matching", "dsm", "denoising score matching objective"],
    ["ddpm loss", "kl divergence", "implicit score matching"],
)
add(
    "vincent-gaussian-score",
    r"\frac{\partial \log q_\sigma(\tilde{\mathbf{x}} \mid \mathbf{x})}{\partial \tilde{\mathbf{x}}} = \frac{1}{\sigma^2}(\mathbf{x} - \tilde{\mathbf{x}})",
    "Vincent, Neural Computation 23 (2011) §4.2 (score of the Gaussian corruption)",
    [
        "score of a gaussian",
        "gaussian score",
        "denoising score matching target",
        "score function",
        "score of the perturbation kernel",
    ],
    ["gaussian density", "mahalanobis distance", "z-score"],
    {r"\tilde{\mathbf{x}}": [1.0, 2.0], r"\mathbf{x}": [0.5, 2.5], r"\sigma": 0.5},
    lambda b: A([-0.5, 0.5]) / 0.25,
)
CFG = ["classifier-free guidance", "cfg", "classifier free guidance"]
add(
    "glide-cfg",
    r"\hat{\epsilon}_\theta(x_t \mid c) = \epsilon_\theta(x_t \mid \emptyset) + s \cdot (\epsilon_\theta(x_t \mid c) - \epsilon_\theta(x_t \mid \emptyset))",
    "Nichol et al. arXiv:2112.10741 §2.3 (classifier-free guidance, GLIDE's notation)",
    CFG,
    ["classifier guidance", "ddim", "exponential moving average"],
    {
        r"\epsilon_\theta(x_t \mid \emptyset)": [0.2, -0.4],
        "s": 3.0,
        r"\epsilon_\theta(x_t \mid c)": [0.5, 0.0],
    },
    lambda b: A([0.2, -0.4]) + 3.0 * A([0.3, 0.4]),
)
add(
    "classifier-guidance",
    r"\hat{\epsilon}(x_t) := \epsilon_\theta(x_t) - \sqrt{1 - \bar{\alpha}_t}\, \nabla_{x_t} \log p_\phi(y \mid x_t)",
    "Dhariwal & Nichol arXiv:2105.05233 §4.2 Eq. 14 (classifier guidance for DDIM)",
    ["classifier guidance", "classifier-guided noise prediction"],
    CFG,
    {
        r"\epsilon_\theta(x_t)": [0.5, 0.0],
        r"\bar{\alpha}_t": 0.75,
        r"\nabla_{x_t} \log p_\phi(y \mid x_t)": [1.0, -2.0],
    },
    lambda b: A([0.5, 0.0]) - 0.5 * A([1.0, -2.0]),
)
add(
    "edm-c-skip",
    r"c_{\text{skip}}(\sigma) = \sigma_{\text{data}}^2 / (\sigma^2 + \sigma_{\text{data}}^2)",
    "Karras et al. arXiv:2206.00364 Table 1 (EDM preconditioning)",
    ["edm preconditioning", "c_skip", "edm skip scaling", "skip scaling"],
    ["ddpm forward process", "logistic sigmoid"],
    {r"\sigma": 1.0, r"\sigma_{\text{data}}": 0.5},
    lambda b: 0.25 / 1.25,
)
add(
    "edm-denoiser",
    r"D_\theta(\boldsymbol{x}; \sigma) = c_{\text{skip}}(\sigma)\,\boldsymbol{x} + c_{\text{out}}(\sigma)\,F_\theta\big(c_{\text{in}}(\sigma)\,\boldsymbol{x};\, c_{\text{noise}}(\sigma)\big)",
    "Karras et al. arXiv:2206.00364 Eq. 7 (EDM denoiser)",
    ["edm denoiser", "edm preconditioning", "preconditioned denoiser"],
    ["ddpm sampling step", "residual connection"],
)
add(
    "v-prediction",
    r"\mathbf{v} \equiv \alpha_t \boldsymbol{\epsilon} - \sigma_t \mathbf{x}",
    "Salimans & Ho arXiv:2202.00512 §4 (v-prediction target)",
    ["v-prediction", "v parameterization", "v-parameterization", "velocity prediction", "v target"],
    ["ddpm forward process", "momentum"],
    {r"\alpha_t": 0.6, r"\boldsymbol{\epsilon}": EPS, r"\sigma_t": 0.8, r"\mathbf{x}": [1.0, -1.0]},
    lambda b: 0.6 * A(EPS) - 0.8 * A([1.0, -1.0]),
)
add(
    "cfm-loss",
    r"\mathcal{L}_{\rm CFM}(\theta) = \mathbb{E}_{t, q(x_1), p_t(x|x_1)}\left\| v_t(x) - u_t(x|x_1) \right\|^2",
    "Lipman et al. arXiv:2210.02747 Eq. 9 (conditional flow matching)",
    ["conditional flow matching", "flow matching", "cfm loss", "flow matching loss"],
    ["score matching", "ddpm loss", "denoising score matching", "mean squared error"],
)
add(
    "ot-flow-path",
    r"\psi_t(x) = (1 - (1 - \sigma_{\min})t)x + t x_1",
    "Lipman et al. arXiv:2210.02747 Eq. 22 (optimal transport conditional flow)",
    [
        "optimal transport conditional flow",
        "ot path",
        "conditional ot flow",
        "flow matching ot path",
        "optimal transport path",
    ],
    ["ddpm forward process", "linear interpolation"],
    {"t": 0.25, r"\sigma_{\min}": 0.2, "x": [1.0, 0.0], "x_1": [2.0, 4.0]},
    lambda b: (1 - 0.8 * 0.25) * A([1.0, 0.0]) + 0.25 * A([2.0, 4.0]),
)
add(
    "rectified-flow",
    r"\min_v \int_0^1 \mathbb{E}\left[\left\| (X_1 - X_0) - v(X_t, t)\right\|^2\right] \mathrm{d}t, \quad X_t = t X_1 + (1-t) X_0",
    "Liu, Gong & Liu arXiv:2209.03003 Eq. 1 (rectified flow)",
    ["rectified flow", "rectified flow objective"],
    ["ddpm loss", "score matching"],
)
add(
    "edm-probability-flow-ode",
    r"\mathrm{d}\boldsymbol{x} = -\dot\sigma(t)\,\sigma(t)\,\nabla_{\boldsymbol{x}}\log p\big(\boldsymbol{x};\sigma(t)\big)\,\mathrm{d}t",
    "Karras et al. arXiv:2206.00364 Eq. 1 (probability flow ODE in the σ(t) parameterisation)",
    ["probability flow ode", "probability flow ordinary differential equation"],
    ["reverse-time sde", "reverse sde", "langevin dynamics"],
)
add(
    "sgld",
    r"\Delta\theta_t = \frac{\epsilon_t}{2}\left(\nabla\log p(\theta_t) + \frac{N}{n}\sum_{i=1}^{n}\nabla\log p(x_{ti}\mid\theta_t)\right) + \eta_t",
    "Welling & Teh, ICML 2011, Eq. 4 (stochastic gradient Langevin dynamics)",
    ["stochastic gradient langevin dynamics", "sgld"],
    ["stochastic gradient descent", "score matching"],
)
add(
    "look-forward-no-sqrt",
    r"\boldsymbol{x}_t = \sqrt{\bar\alpha_t}\boldsymbol{x}_0 + (1 - \bar\alpha_t)\boldsymbol{\epsilon}_0",
    "constructed: the forward sample with the noise scale's square root dropped",
    [],
    [*FWD, "reparameterization trick", "ddpm sampling step"],
    {r"\bar\alpha_t": 0.64, r"\boldsymbol{x}_0": [1.0, -1.0], r"\boldsymbol{\epsilon}_0": EPS},
    lambda b: 0.8 * A([1.0, -1.0]) + 0.36 * A(EPS),
    tags=LOOK,
)
add(
    "look-alpha-bar-sum",
    r"\bar{\alpha}_t = \sum_{s=1}^{t} \alpha_s",
    "constructed: ᾱ_t with a sum in place of the product",
    [],
    ["alpha bar", "cumulative product of alphas", "noise schedule", "ddpm noise schedule"],
    {r"\alpha": [0.9, 0.8, 0.5], "t": 3},
    lambda b: 2.2,
    tags=LOOK,
)
add(
    "look-cfg-plus",
    r"\epsilon_\theta(x_t \mid \emptyset) + s \cdot (\epsilon_\theta(x_t \mid c) + \epsilon_\theta(x_t \mid \emptyset))",
    "constructed: classifier-free guidance with a sum in place of the difference",
    [],
    [*CFG, "classifier guidance"],
    {
        r"\epsilon_\theta(x_t \mid \emptyset)": [0.2, -0.4],
        "s": 3.0,
        r"\epsilon_\theta(x_t \mid c)": [0.5, 0.0],
    },
    lambda b: A([0.2, -0.4]) + 3.0 * A([0.7, -0.4]),
    tags=LOOK,
)
add(
    "look-x0-hat-times",
    r"\hat{\boldsymbol{x}}_0 = \sqrt{\bar\alpha_t}\left(\boldsymbol{x}_t - \sqrt{1 - \bar\alpha_t}\,\hat{\boldsymbol{\epsilon}}_{\boldsymbol{\theta}}(\boldsymbol{x}_t, t)\right)",
    "constructed: the x_0 estimate multiplying by √ᾱ_t instead of dividing",
    [],
    ["predicted x0", "x0 prediction", "denoised estimate", "ddpm forward process"],
    {
        r"\bar\alpha_t": 0.64,
        r"\boldsymbol{x}_t": XT,
        r"\hat{\boldsymbol{\epsilon}}_{\boldsymbol{\theta}}(\boldsymbol{x}_t, t)": EPS,
    },
    lambda b: 0.8 * (A(XT) - 0.6 * A(EPS)),
    tags=LOOK,
)

# ================================================================ reinforcement learning
BELL = [
    "bellman equation",
    "bellman expectation equation",
    "bellman equation for q",
    "bellman equation for v",
]
add(
    "pml-bellman-q",
    r"Q_\pi(s, a) = R(s, a) + \gamma \sum_{s'} p(s' \mid s, a)\, V_\pi(s')",
    "Murphy, Probabilistic Machine Learning: Advanced Topics (2023) §34.5 (Bellman equation for Q)",
    BELL,
    ["bellman optimality equation", "q-learning", "sarsa", "advantage function"],
    {
        "R(s, a)": 1.0,
        r"\gamma": 0.9,
        r"p(s' \mid s, a)": [0.5, 0.5, 0.0],
        r"V_\pi(s')": [2.0, 0.0, 10.0],
    },
    lambda b: 1.0 + 0.9 * 1.0,
)
add(
    "bellman-matrix",
    r"\mathbf{v}_\pi = \mathbf{r}_\pi + \gamma \mathbf{P}_\pi \mathbf{v}_\pi",
    "Szepesvári, Algorithms for Reinforcement Learning (2010) §2.2 (Bellman equation in matrix form)",
    [*BELL, "bellman equation in matrix form"],
    ["bellman optimality equation", "q-learning"],
    {
        r"\mathbf{r}_\pi": [1.0, 0.0],
        r"\gamma": 0.5,
        r"\mathbf{P}_\pi": [[0.5, 0.5], [0.0, 1.0]],
        r"\mathbf{v}_\pi": [2.0, 0.0],
    },
    lambda b: A([1.0, 0.0]) + 0.5 * A([[0.5, 0.5], [0.0, 1.0]]) @ A([2.0, 0.0]),
)
add(
    "bellman-direct-solution",
    r"\mathbf{v}_\pi = (\mathbf{I} - \gamma \mathbf{P}_\pi)^{-1}\mathbf{r}_\pi",
    "Szepesvári, Algorithms for Reinforcement Learning (2010) §2.2 (solving the Bellman equation)",
    [
        *BELL,
        "policy evaluation",
        "direct solution of the bellman equation",
        "bellman equation solution",
    ],
    ["ridge regression", "normal equations", "q-learning"],
    {r"\gamma": 0.5, r"\mathbf{P}_\pi": [[0.5, 0.5], [0.0, 1.0]], r"\mathbf{r}_\pi": [1.0, 0.0]},
    lambda b: np.linalg.solve(np.eye(2) - 0.5 * A([[0.5, 0.5], [0.0, 1.0]]), A([1.0, 0.0])),
)
QL = ["q-learning", "q learning", "q-learning update"]
add(
    "ddqn-q-target",
    r"Y_t^{\mathrm{Q}} \equiv R_{t+1} + \gamma \max_a Q(S_{t+1}, a; \boldsymbol{\theta}_t)",
    "van Hasselt, Guez & Silver arXiv:1509.06461 Eq. 2 (Q-learning / DQN target)",
    ["q-learning target", "dqn target", "td target", "q-learning", "bellman optimality target"],
    ["double dqn", "double q-learning", "sarsa"],
    {"R_{t+1}": 1.0, r"\gamma": 0.9, r"Q(S_{t+1}, a; \boldsymbol{\theta}_t)": [0.5, 2.0, -1.0]},
    lambda b: 2.8,
)
add(
    "ddqn-double-target",
    r"Y_t^{\text{DoubleQ}} \equiv R_{t+1} + \gamma Q\left(S_{t+1}, \operatorname*{argmax}_a Q(S_{t+1}, a; \boldsymbol{\theta}_t); \boldsymbol{\theta}'_t\right)",
    "van Hasselt, Guez & Silver arXiv:1509.06461 Eq. 4 (Double Q-learning target)",
    ["double q-learning", "double dqn", "double q-learning target", "double dqn target"],
    ["q-learning", "dqn target", "sarsa"],
)
add(
    "dueling-aggregation",
    r"Q(s, a; \theta, \alpha, \beta) = V(s; \theta, \beta) + \left(A(s, a; \theta, \alpha) - \frac{1}{|\mathcal{A}|}\sum_{a'} A(s, a'; \theta, \alpha)\right)",
    "Wang et al. arXiv:1511.06581 Eq. 9 (dueling network aggregation)",
    ["dueling network", "dueling architecture", "dueling dqn", "dueling network aggregation"],
    ["advantage function", "q-learning", "bellman equation"],
    {
        r"V(s; \theta, \beta)": 1.0,
        r"A(s, a; \theta, \alpha)": 0.5,
        r"|\mathcal{A}|": 3,
        r"A(s, a'; \theta, \alpha)": [0.5, -1.0, 1.5],
    },
    lambda b: 1.0 + 0.5 - 1.0 / 3.0,
)
TDERR = ["td error", "temporal difference error", "td residual", "temporal-difference error"]
add(
    "td-error-w",
    r"\delta_t = r_t + \gamma V_{\mathbf{w}}(s_{t+1}) - V_{\mathbf{w}}(s_t)",
    "Mnih et al. arXiv:1602.01783 §3 (A3C), the TD error of the critic, restated",
    TDERR,
    ["advantage function", "generalized advantage estimation", "q-learning"],
    {"r_t": 1.0, r"\gamma": 0.9, r"V_{\mathbf{w}}(s_{t+1})": 2.0, r"V_{\mathbf{w}}(s_t)": 2.5},
    lambda b: 0.3,
)
add(
    "nstep-return-sum",
    r"G_{t:t+n} = \sum_{k=0}^{n-1}\gamma^k r_{t+k} + \gamma^n V(s_{t+n})",
    "Mnih et al. arXiv:1602.01783 §3 (n-step return), restated with a sum",
    ["n-step return", "n step return", "n-step td target"],
    ["discounted return", "lambda-return", "generalized advantage estimation"],
    {r"\gamma": 0.5, "r": [1.0, 0.0, 2.0], "t": 1, "n": 3, "V(s_{t+n})": 8.0},
    lambda b: 1.0 + 0.0 + 0.25 * 2.0 + 0.125 * 8.0,
)
add(
    "lambda-return",
    r"G_t^\lambda \doteq (1-\lambda)\sum_{n=1}^\infty \lambda^{n-1} G_{t:t+n}",
    "Sutton & Barto, Reinforcement Learning 2nd ed. (2018) §12.1 Eq. 12.2 (λ-return)",
    ["lambda-return", "λ-return", "lambda return", "td(λ) return", "td lambda return"],
    ["n-step return", "generalized advantage estimation", "discounted return"],
)
add(
    "murphy-sarsa",
    r"Q(s,a) \leftarrow Q(s,a) + \eta\left[r + \gamma Q(s', a') - Q(s,a)\right]",
    "Murphy, PML: Advanced Topics (2023) §35.2 (SARSA, on-policy TD control)",
    ["sarsa", "sarsa update"],
    ["q-learning", "expected sarsa", "td error"],
    {"Q(s,a)": 1.0, r"\eta": 0.5, "r": 1.0, r"\gamma": 0.9, "Q(s', a')": 2.0},
    lambda b: 1.0 + 0.5 * (1.0 + 1.8 - 1.0),
)
add(
    "murphy-q-learning",
    r"Q(s,a) \leftarrow Q(s,a) + \eta\left[r + \gamma \max_{a'} Q(s', a') - Q(s,a)\right]",
    "Murphy, PML: Advanced Topics (2023) §35.2 (Q-learning, off-policy TD control)",
    QL,
    ["sarsa", "expected sarsa", "double q-learning"],
    {"Q(s,a)": 1.0, r"\eta": 0.5, "r": 1.0, r"\gamma": 0.9, "Q(s', a')": [2.0, 4.0]},
    lambda b: 1.0 + 0.5 * (1.0 + 3.6 - 1.0),
)
add(
    "murphy-expected-sarsa",
    r"Q(s,a) \leftarrow Q(s,a) + \eta\left[r + \gamma \sum_{a'} \pi(a' \mid s')\, Q(s', a') - Q(s,a)\right]",
    "Murphy, PML: Advanced Topics (2023) §35.2 (expected SARSA)",
    ["expected sarsa", "expected sarsa update"],
    ["q-learning", "sarsa"],
    {
        "Q(s,a)": 1.0,
        r"\eta": 0.5,
        "r": 1.0,
        r"\gamma": 0.9,
        r"\pi(a' \mid s')": [0.25, 0.75],
        "Q(s', a')": [2.0, 4.0],
    },
    lambda b: 1.0 + 0.5 * (1.0 + 0.9 * 3.5 - 1.0),
)
add(
    "look-q-learning-min",
    r"Q(s,a) \leftarrow Q(s,a) + \eta\left[r + \gamma \min_{a'} Q(s', a') - Q(s,a)\right]",
    "constructed: Q-learning with min over next actions",
    [],
    [*QL, "sarsa", "expected sarsa"],
    {"Q(s,a)": 1.0, r"\eta": 0.5, "r": 1.0, r"\gamma": 0.9, "Q(s', a')": [2.0, 4.0]},
    lambda b: 1.0 + 0.5 * (1.0 + 1.8 - 1.0),
    tags=LOOK,
)
add(
    "cs285-reinforce",
    r"\nabla_\theta J(\theta) \approx \frac{1}{N}\sum_{i=1}^N\left(\sum_{t=1}^T \nabla_\theta\log\pi_\theta(\mathbf{a}_{i,t}\mid\mathbf{s}_{i,t})\right)\left(\sum_{t=1}^T r(\mathbf{s}_{i,t},\mathbf{a}_{i,t})\right)",
    "Williams, Machine Learning 8 (1992) (REINFORCE), in the notation of Levine's CS285 lecture 5",
    [
        "reinforce",
        "policy gradient",
        "policy gradient estimator",
        "reinforce gradient estimator",
        "monte carlo policy gradient",
    ],
    ["ppo", "trpo", "actor-critic", "q-learning"],
)
add(
    "pg-theorem-q",
    r"\nabla_\theta J(\theta) = \mathbb{E}_{\pi_\theta}\left[\nabla_\theta \log \pi_\theta(a \mid s)\, Q^{\pi_\theta}(s, a)\right]",
    "Sutton et al., NeurIPS 1999 (policy gradient theorem), in expectation form",
    ["policy gradient theorem", "policy gradient", "score function estimator"],
    ["ppo", "trpo", "q-learning", "dpo"],
)
add(
    "advantage-def",
    r"A^\pi(s,a) = Q^\pi(s,a) - V^\pi(s)",
    "Schulman et al. arXiv:1506.02438 §2 (advantage function)",
    ["advantage function", "advantage"],
    ["td error", "generalized advantage estimation", "bellman equation"],
    {r"Q^\pi(s,a)": 3.0, r"V^\pi(s)": 2.5},
    lambda b: 0.5,
)
add(
    "gae-recursive-superscript",
    r"A_t^{\mathrm{GAE}} = \delta_t + (\gamma\lambda)\,A_{t+1}^{\mathrm{GAE}}",
    "Schulman et al. arXiv:1506.02438 Eq. 16, written as the backward recursion used in implementations",
    ["generalized advantage estimation", "gae", "generalized advantage estimator"],
    ["td error", "advantage function", "exponential moving average"],
    {r"\delta_t": 0.5, r"\gamma": 0.99, r"\lambda": 0.95, r"A_{t+1}^{\mathrm{GAE}}": 1.0},
    lambda b: 0.5 + 0.99 * 0.95,
)
add(
    "look-gae-forward",
    r"\hat{A}_t = \delta_t + \gamma\lambda\hat{A}_{t-1}",
    "constructed: GAE's recursion run forwards in time (it sums the past, not the future)",
    [],
    ["generalized advantage estimation", "gae", "td error"],
    {r"\delta_t": 0.5, r"\gamma": 0.99, r"\lambda": 0.95, r"\hat{A}_{t-1}": 1.0},
    lambda b: 0.5 + 0.99 * 0.95,
    tags=LOOK,
)
PPO = [
    "ppo",
    "ppo-clip",
    "clipped surrogate objective",
    "ppo clipped objective",
    "proximal policy optimization",
]
add(
    "spinningup-ppo-clip",
    r"L(s,a,\theta_k,\theta) = \min\left(\frac{\pi_{\theta}(a|s)}{\pi_{\theta_k}(a|s)} A^{\pi_{\theta_k}}(s,a), \;\; \text{clip}\left(\frac{\pi_{\theta}(a|s)}{\pi_{\theta_k}(a|s)}, 1 - \epsilon, 1+\epsilon \right) A^{\pi_{\theta_k}}(s,a)\right)",
    "Schulman et al. arXiv:1707.06347 Eq. 7, per sample (OpenAI Spinning Up's notation)",
    PPO,
    ["trpo", "ppo kl penalty", "dpo", "reward"],
    {
        r"\pi_{\theta}(a|s)": 0.6,
        r"\pi_{\theta_k}(a|s)": 0.4,
        r"A^{\pi_{\theta_k}}(s,a)": 2.0,
        r"\epsilon": 0.2,
    },
    lambda b: min(1.5 * 2.0, 1.2 * 2.0),
)
add(
    "ppo-kl-penalty",
    r"L^{KLPEN}(\theta) = \hat{\mathbb{E}}_t\left[\frac{\pi_\theta(a_t \mid s_t)}{\pi_{\theta_{\text{old}}}(a_t \mid s_t)}\hat{A}_t - \beta \, \mathrm{KL}[\pi_{\theta_{\text{old}}}(\cdot \mid s_t), \pi_\theta(\cdot \mid s_t)]\right]",
    "Schulman et al. arXiv:1707.06347 Eq. 8 (adaptive KL penalty)",
    [
        "ppo kl penalty",
        "adaptive kl penalty",
        "ppo-penalty",
        "kl-penalized surrogate objective",
        "kl penalty objective",
    ],
    ["ppo-clip", "clipped surrogate objective", "trpo", "kl divergence"],
    {
        r"\pi_\theta(a_t \mid s_t)": [0.5, 0.2],
        r"\pi_{\theta_{\text{old}}}(a_t \mid s_t)": [0.25, 0.4],
        r"\hat{A}_t": [1.0, -2.0],
        r"\beta": 0.5,
        r"\mathrm{KL}[\pi_{\theta_{\text{old}}}(\cdot \mid s_t), \pi_\theta(\cdot \mid s_t)]": [
            0.2,
            0.1,
        ],
    },
    lambda b: float(np.mean(A([2.0, 0.5]) * A([1.0, -2.0]) - 0.5 * A([0.2, 0.1]))),
)
add(
    "look-ppo-max",
    r"\max\left(r_t(\theta)\hat{A}_t, \operatorname{clip}(r_t(\theta), 1-\epsilon, 1+\epsilon)\hat{A}_t\right)",
    "constructed: PPO's clipped objective with max in place of min (no longer pessimistic)",
    [],
    [*PPO, "trpo"],
    {r"r_t(\theta)": 1.5, r"\hat{A}_t": 2.0, r"\epsilon": 0.2},
    lambda b: 3.0,
    tags=LOOK,
)
F2 = [[2.0, 0.0], [0.0, 0.5]]
add(
    "natural-policy-gradient-step",
    r"\theta_{k+1} = \theta_k + \sqrt{\frac{2\delta}{g^\top F^{-1} g}}\, F^{-1} g",
    "Schulman et al. arXiv:1502.05477 App. C / Kakade NeurIPS 2001 (natural gradient step with a KL radius δ)",
    [
        "natural policy gradient",
        "natural gradient",
        "npg",
        "trpo",
        "trpo update",
        "natural policy gradient step",
    ],
    ["ppo", "newton's method", "gradient descent"],
    {r"\theta_k": [0.0, 1.0], r"\delta": 0.01, "g": [1.0, 0.5], "F": F2},
    lambda b: A([0.0, 1.0]) + math.sqrt(0.02 / (0.5 + 0.5)) * A([0.5, 1.0]),
)
add(
    "ipo-loss",
    r"\mathbb{E}_{(y_w, y_l, x) \sim D}\left(h_\pi(y_w, y_l, x) - \frac{\tau^{-1}}{2}\right)^2",
    "Azar et al. arXiv:2310.12036 Eq. 17 (IPO)",
    ["ipo", "identity preference optimization", "ipo loss", "ψpo with identity mapping"],
    ["dpo", "mean squared error", "rlhf"],
)
add(
    "simpo",
    r"\mathcal{L}_{\text{SimPO}}(\pi_\theta) = -\mathbb{E}_{(x, y_w, y_l) \sim \mathcal{D}}\left[\log\sigma\left(\frac{\beta}{|y_w|}\log\pi_\theta(y_w \mid x) - \frac{\beta}{|y_l|}\log\pi_\theta(y_l \mid x) - \gamma\right)\right]",
    "Meng, Xia & Chen arXiv:2405.14734 Eq. 6 (SimPO)",
    ["simpo", "simple preference optimization", "simpo loss"],
    ["dpo", "logistic sigmoid", "cross entropy", "ipo"],
    {
        r"\beta": 2.0,
        "|y_w|": 4,
        r"\log\pi_\theta(y_w \mid x)": -2.0,
        "|y_l|": 2,
        r"\log\pi_\theta(y_l \mid x)": -2.0,
        r"\gamma": 0.5,
    },
    lambda b: -math.log(float(sigmoid(-1.0 + 2.0 - 0.5))),
)
add(
    "grpo-advantage",
    r"\hat{A}_{i,t} = \widetilde{r}_i = \frac{r_i - \operatorname{mean}(\mathbf{r})}{\operatorname{std}(\mathbf{r})}",
    "Shao et al. arXiv:2402.03300 §4.1.2 (GRPO outcome supervision)",
    ["grpo advantage", "group relative advantage", "grpo", "group-normalized reward"],
    ["generalized advantage estimation", "z-score", "batch normalization", "advantage function"],
)
add(
    "stiennon-kl-reward",
    r"R(x, y) = r_\theta(x, y) - \beta \log\left[\pi^{\mathrm{RL}}_\phi(y \mid x) / \pi^{\mathrm{SFT}}(y \mid x)\right]",
    "Stiennon et al. arXiv:2009.01325 Eq. 1 (reward with a KL penalty to the SFT policy)",
    [
        "kl-regularized reward",
        "kl penalized reward",
        "rlhf reward",
        "kl-regularized rlhf",
        "kl-penalized reward",
        "rlhf objective",
    ],
    ["dpo", "kl divergence", "bradley-terry model", "ppo"],
    {
        r"r_\theta(x, y)": 1.0,
        r"\beta": 0.1,
        r"\pi^{\mathrm{RL}}_\phi(y \mid x)": 0.5,
        r"\pi^{\mathrm{SFT}}(y \mid x)": 0.25,
    },
    lambda b: 1.0 - 0.1 * math.log(2.0),
)
add(
    "bradley-terry-ratio",
    r"P(i \succ j) = \frac{p_i}{p_i + p_j}",
    "Bradley & Terry, Biometrika 39 (1952) (paired comparisons)",
    ["bradley-terry model", "bradley terry model", "bradley-terry"],
    ["softmax", "precision", "logistic sigmoid", "dpo"],
    {"p": [2.0, 1.0, 3.0], "i": 1, "j": 3},
    lambda b: 0.4,
)
add(
    "soft-value-logsumexp",
    r"V(s) = \alpha \log \sum_{a} \exp\left(\frac{Q(s,a)}{\alpha}\right)",
    "Haarnoja et al. arXiv:1702.08165 Eq. 6 (soft value function)",
    ["soft value function", "soft bellman", "soft value", "soft q-learning", "log-sum-exp"],
    ["softmax", "q-learning", "bellman optimality equation"],
    {r"\alpha": 0.5, "Q(s,a)": [1.0, 2.0]},
    lambda b: 0.5 * math.log(math.exp(2.0) + math.exp(4.0)),
)
add(
    "finite-discounted-return",
    r"G_0 = \sum_{t=0}^{T-1} \gamma^t r_t",
    "Murphy, PML: Advanced Topics (2023) §34.5 (discounted return of an episode)",
    ["discounted return", "return", "discounted sum of rewards", "cumulative discounted reward"],
    ["n-step return", "td error", "bellman equation"],
    {"T": 3, r"\gamma": 0.5, "r": [1.0, 2.0, 4.0]},
    lambda b: 1.0 + 1.0 + 1.0,
)
add(
    "look-advantage-plus",
    r"A^\pi(s,a) = Q^\pi(s,a) + V^\pi(s)",
    "constructed: the advantage's left side over Q + V",
    [],
    ["advantage function", "advantage", "td error"],
    {r"Q^\pi(s,a)": 3.0, r"V^\pi(s)": 2.5},
    lambda b: 5.5,
    tags=LOOK,
)
add(
    "look-td-gamma-wrong-term",
    r"\delta_t = r_t + V(s_{t+1}) - \gamma V(s_t)",
    "constructed: the TD error with the discount on the wrong value",
    [],
    [*TDERR, "advantage function"],
    {"r_t": 1.0, r"\gamma": 0.9, "V(s_{t+1})": 2.0, "V(s_t)": 2.5},
    lambda b: 0.75,
    tags=LOOK,
)
add(
    "look-dpo-plus",
    r"-\log\sigma\left(\beta\log\frac{\pi_\theta(y_w\mid x)}{\pi_{\mathrm{ref}}(y_w\mid x)} + \beta\log\frac{\pi_\theta(y_l\mid x)}{\pi_{\mathrm{ref}}(y_l\mid x)}\right)",
    "constructed: the DPO loss with the two log-ratios added (it rewards the rejected answer too)",
    [],
    ["dpo", "direct preference optimization", "dpo loss", "logistic sigmoid", "cross entropy"],
    {
        r"\beta": 0.5,
        r"\pi_\theta(y_w\mid x)": 0.4,
        r"\pi_{\mathrm{ref}}(y_w\mid x)": 0.2,
        r"\pi_\theta(y_l\mid x)": 0.1,
        r"\pi_{\mathrm{ref}}(y_l\mid x)": 0.2,
    },
    lambda b: -math.log(float(sigmoid(0.5 * math.log(2.0) + 0.5 * math.log(0.5)))),
    tags=LOOK,
)
add(
    "look-bellman-power",
    r"V(s) = \max_a \sum_{s'} p(s' \mid s, a)\left[r + V(s')^{\gamma}\right]",
    "constructed: the Bellman optimality shape with γ as an exponent",
    [],
    ["bellman optimality equation", "bellman equation", "value iteration", "q-learning"],
    None,
    tags=LOOK,
)

# ================================================================ probability and information
BAYES = ["bayes rule", "bayes' rule", "bayes theorem", "bayes' theorem", "bayes formula"]
add(
    "pml-bayes-hy",
    r"p(H = h \mid Y = y) = \frac{p(H = h)\, p(Y = y \mid H = h)}{p(Y = y)}",
    "Murphy, PML: An Introduction (2022) §2.3 (Bayes' rule)",
    BAYES,
    ["law of total probability", "logistic sigmoid", "mutual information", "naive bayes"],
    {"p(H = h)": 0.25, r"p(Y = y \mid H = h)": 0.8, "p(Y = y)": 0.5},
    lambda b: 0.4,
)
add(
    "bayes-partition",
    r"P(A_i \mid B) = \frac{P(B \mid A_i)\, P(A_i)}{\sum_{j} P(B \mid A_j)\, P(A_j)}",
    "Casella & Berger, Statistical Inference 2nd ed. Theorem 1.3.5 (Bayes' rule over a partition)",
    BAYES,
    ["law of total probability", "softmax", "gmm responsibilities", "naive bayes"],
)
add(
    "total-probability",
    r"p(y) = \sum_{x} p(x)\, p(y \mid x)",
    "Bishop & Bishop, Deep Learning: Foundations and Concepts (2024) §2.1 (sum and product rules)",
    ["law of total probability", "marginalization", "sum rule", "total probability"],
    [*BAYES, "expectation", "entropy"],
    {"p(x)": [0.5, 0.25, 0.25], r"p(y \mid x)": [0.2, 0.4, 0.8]},
    lambda b: 0.1 + 0.1 + 0.2,
)
GAUSS = [
    "gaussian density",
    "normal distribution",
    "gaussian distribution",
    "gaussian pdf",
    "normal density",
    "univariate gaussian",
    "normal pdf",
]
MVN = [
    "multivariate gaussian",
    "multivariate normal",
    "multivariate normal density",
    "multivariate gaussian density",
    "gaussian density",
    "multivariate normal distribution",
]
add(
    "bishop-gaussian-braces",
    r"\mathcal{N}(x \mid \mu, \sigma^2) = \frac{1}{(2\pi\sigma^2)^{1/2}} \exp\left\{-\frac{1}{2\sigma^2}(x-\mu)^2\right\}",
    "Bishop & Bishop, Deep Learning: Foundations and Concepts (2024) §2.3 (the Gaussian)",
    GAUSS,
    ["mahalanobis distance", "rbf kernel", "logistic sigmoid", "laplace distribution"],
    {"x": 1.0, r"\mu": 0.0, r"\sigma": 2.0},
    lambda b: math.exp(-1 / 8) / math.sqrt(8 * math.pi),
)
MU = [1.0, -1.0]
YV = [2.0, 0.0]
add(
    "bishop-mvn",
    r"\mathcal{N}(\mathbf{x} \mid \boldsymbol{\mu}, \boldsymbol{\Sigma}) = \frac{1}{(2\pi)^{D/2}} \frac{1}{|\boldsymbol{\Sigma}|^{1/2}} \exp\left\{-\frac{1}{2}(\mathbf{x}-\boldsymbol{\mu})^{\mathrm{T}} \boldsymbol{\Sigma}^{-1} (\mathbf{x}-\boldsymbol{\mu})\right\}",
    "Bishop & Bishop, Deep Learning: Foundations and Concepts (2024) §3.2 (multivariate Gaussian)",
    MVN,
    ["mahalanobis distance", "rbf kernel", "gmm responsibilities"],
    {r"\mathbf{x}": YV, r"\boldsymbol{\mu}": MU, r"\boldsymbol{\Sigma}": SPD2, "D": 2},
    lambda b: gauss_pdf(YV, MU, SPD2),
)
add(
    "pml-mvn-log",
    r"\log \mathcal{N}(\boldsymbol{y} \mid \boldsymbol{\mu}, \boldsymbol{\Sigma}) = -\frac{D}{2}\log(2\pi) - \frac{1}{2}\log|\boldsymbol{\Sigma}| - \frac{1}{2}(\boldsymbol{y}-\boldsymbol{\mu})^\mathsf{T}\boldsymbol{\Sigma}^{-1}(\boldsymbol{y}-\boldsymbol{\mu})",
    "Murphy, PML: An Introduction (2022) §3.2 (log density of the MVN)",
    [
        *MVN,
        "multivariate gaussian log-density",
        "gaussian log-likelihood",
        "log-likelihood of a multivariate gaussian",
    ],
    ["mahalanobis distance", "entropy"],
    {r"\boldsymbol{y}": YV, r"\boldsymbol{\mu}": MU, r"\boldsymbol{\Sigma}": SPD2, "D": 2},
    lambda b: math.log(gauss_pdf(YV, MU, SPD2)),
)
MAHA = ["mahalanobis distance", "squared mahalanobis distance", "mahalanobis"]


def maha2(y: Any, mu: Any, cov: Any) -> float:
    d = A(y) - A(mu)
    return float(d @ np.linalg.inv(A(cov)) @ d)


add(
    "pml-mahalanobis-delta",
    r"\Delta^2 \triangleq (\boldsymbol{y} - \boldsymbol{\mu})^\mathsf{T}\boldsymbol{\Sigma}^{-1}(\boldsymbol{y} - \boldsymbol{\mu})",
    "Murphy, PML: An Introduction (2022) §3.2.2 (Mahalanobis distance)",
    MAHA,
    ["multivariate gaussian", "euclidean distance", "logistic sigmoid", "quadratic form"],
    {r"\boldsymbol{y}": YV, r"\boldsymbol{\mu}": MU, r"\boldsymbol{\Sigma}": SPD2},
    lambda b: maha2(YV, MU, SPD2),
)
add(
    "mahalanobis-sqrt-S",
    r"d_M(\mathbf{x}, \mathbf{y}) = \sqrt{(\mathbf{x}-\mathbf{y})^\top \mathbf{S}^{-1}(\mathbf{x}-\mathbf{y})}",
    "Mahalanobis, Proc. Natl. Inst. Sci. India 2 (1936); with a sample covariance S",
    MAHA,
    ["euclidean distance", "multivariate gaussian", "logistic sigmoid"],
    {r"\mathbf{x}": YV, r"\mathbf{y}": MU, r"\mathbf{S}": SPD2},
    lambda b: math.sqrt(maha2(YV, MU, SPD2)),
)
add(
    "look-mahalanobis-no-inverse",
    r"(\boldsymbol{y} - \boldsymbol{\mu})^\mathsf{T}\boldsymbol{\Sigma}(\boldsymbol{y} - \boldsymbol{\mu})",
    "constructed: the Mahalanobis quadratic form with Σ in place of Σ⁻¹",
    [],
    [*MAHA, "multivariate gaussian"],
    {r"\boldsymbol{y}": YV, r"\boldsymbol{\mu}": MU, r"\boldsymbol{\Sigma}": SPD2},
    lambda b: float(A([1.0, 1.0]) @ A(SPD2) @ A([1.0, 1.0])),
    tags=LOOK,
)
add(
    "look-gaussian-positive-exponent",
    r"\frac{1}{\sqrt{2\pi\sigma^2}}\exp\left(\frac{(x-\mu)^2}{2\sigma^2}\right)",
    "constructed: the Gaussian density with the minus sign dropped from the exponent",
    [],
    [*GAUSS, "rbf kernel"],
    {"x": 1.0, r"\mu": 0.0, r"\sigma": 2.0},
    lambda b: math.exp(1 / 8) / math.sqrt(8 * math.pi),
    tags=LOOK,
)
add(
    "look-gaussian-wrong-normaliser",
    r"\mathcal{N}(x \mid \mu, \sigma^2) = \frac{1}{2\pi\sigma}\exp\left(-(x - \mu)^2\right)",
    "constructed: the Gaussian's left side over a wrong normaliser and no variance in the exponent",
    [],
    GAUSS,
    {"x": 1.0, r"\mu": 0.0, r"\sigma": 2.0},
    lambda b: math.exp(-1.0) / (4 * math.pi),
    tags=LOOK,
)
ENT = ["entropy", "shannon entropy"]
add(
    "pml-entropy-log2",
    r"\mathbb{H}(X) \triangleq -\sum_{k=1}^{K} p(X = k)\log_2 p(X = k)",
    "Murphy, PML: An Introduction (2022) §6.1.1 (entropy in bits)",
    ENT,
    ["cross entropy", "kl divergence", "logistic sigmoid", "mutual information"],
    {"K": 4, "p(X = k)": [0.5, 0.25, 0.125, 0.125]},
    lambda b: 1.75,
)
add(
    "gauss-differential-entropy",
    r"h(X) = \frac{1}{2}\log(2\pi e \sigma^2)",
    "Cover & Thomas, Elements of Information Theory 2nd ed. §8.1 Example 8.1.2 (entropy of a normal)",
    [
        "differential entropy of a gaussian",
        "gaussian entropy",
        "differential entropy",
        "entropy of a gaussian",
        "entropy of the normal distribution",
    ],
    ["gaussian density", "logistic sigmoid", "kl divergence"],
    {r"\sigma": 1.0},
    lambda b: 0.5 * math.log(2 * math.pi * math.e),
)
add(
    "conditional-entropy-chain",
    r"H(Y \mid X) = H(X, Y) - H(X)",
    "Cover & Thomas, Elements of Information Theory 2nd ed. §2.2 Theorem 2.2.1 (chain rule)",
    ["conditional entropy", "chain rule for entropy", "chain rule of entropy"],
    ["mutual information", "kl divergence", "cross entropy"],
    {"H(X, Y)": 1.5, "H(X)": 1.0},
    lambda b: 0.5,
)
MI = ["mutual information"]
add(
    "pml-mi-entropies",
    r"\mathbb{I}(X; Y) = \mathbb{H}(X) - \mathbb{H}(X \mid Y)",
    "Murphy, PML: An Introduction (2022) §6.3.2 (mutual information as reduction in uncertainty)",
    MI,
    ["conditional entropy", "entropy", "kl divergence", "information gain"],
    {r"\mathbb{H}(X)": 1.0, r"\mathbb{H}(X \mid Y)": 0.25},
    lambda b: 0.75,
)
PXY = [[0.25, 0.125], [0.125, 0.5]]


def mi_table(pxy: Any) -> float:
    p = A(pxy)
    px, py = p.sum(axis=1), p.sum(axis=0)
    tot = 0.0
    for i in range(p.shape[0]):
        for j in range(p.shape[1]):
            if p[i, j] > 0:
                tot += p[i, j] * math.log(p[i, j] / (px[i] * py[j]))
    return tot


add(
    "mi-double-sum",
    r"I(X;Y) = \sum_{x}\sum_{y} p(x,y)\log\frac{p(x,y)}{p(x)\,p(y)}",
    "Cover & Thomas, Elements of Information Theory 2nd ed. §2.4 Eq. 2.28",
    MI,
    ["kl divergence", "entropy", "pointwise mutual information", "cross entropy"],
    {"p(x,y)": PXY, "p(x)": [0.375, 0.625], "p(y)": [0.375, 0.625]},
    lambda b: mi_table(PXY),
)
add(
    "pml-cross-entropy-dist",
    r"\mathbb{H}_{ce}(p, q) \triangleq -\sum_{k=1}^{K} p_k \log q_k",
    "Murphy, PML: An Introduction (2022) §6.1.6 (cross entropy)",
    CE,
    ["entropy", "kl divergence", "mutual information"],
    {"p": [0.5, 0.5, 0.0], "q": [0.25, 0.5, 0.25], "K": 3},
    lambda b: 0.5 * math.log(4) + 0.5 * math.log(2),
)
add(
    "look-entropy-one-minus",
    r"\mathbb{H}(X) = -\sum_{k} p_k \log_2 (1 - p_k)",
    "constructed: the entropy's left side with log(1 − p)",
    [],
    [*ENT, "cross entropy", "binary cross-entropy"],
    {"p": [0.5, 0.25, 0.25]},
    lambda b: -(0.5 * math.log2(0.5) + 0.5 * math.log2(0.75)),
    tags=LOOK,
)
add(
    "look-mi-plus",
    r"\mathbb{I}(X; Y) = \mathbb{H}(X) + \mathbb{H}(X \mid Y)",
    "constructed: mutual information's left side over a sum of entropies",
    [],
    [*MI, "conditional entropy", "joint entropy"],
    {r"\mathbb{H}(X)": 1.0, r"\mathbb{H}(X \mid Y)": 0.25},
    lambda b: 1.25,
    tags=LOOK,
)
add(
    "jensen-inequality",
    r"f\left(\mathbb{E}[X]\right) \le \mathbb{E}\left[f(X)\right]",
    "Murphy, PML: An Introduction (2022) §6.2.2 (Jensen's inequality, f convex)",
    ["jensen's inequality", "jensen inequality"],
    ["markov's inequality", "chebyshev's inequality", "kl divergence"],
)
add(
    "markov-inequality",
    r"P(X \geq a) \leq \frac{\mathbb{E}[X]}{a}",
    "Casella & Berger, Statistical Inference 2nd ed. §3.6 (Markov's inequality)",
    ["markov's inequality", "markov inequality"],
    ["chebyshev's inequality", "jensen's inequality", "hoeffding's inequality"],
)
add(
    "chebyshev-inequality",
    r"P(|X - \mu| \geq k\sigma) \leq \frac{1}{k^2}",
    "Casella & Berger, Statistical Inference 2nd ed. Theorem 3.6.1 (Chebyshev's inequality)",
    ["chebyshev's inequality", "chebyshev inequality"],
    ["markov's inequality", "jensen's inequality", "z-score"],
)
add(
    "pml-covariance-def",
    r"\mathrm{Cov}[\mathbf{x}] = \mathbb{E}\left[(\mathbf{x} - \mathbb{E}[\mathbf{x}])(\mathbf{x} - \mathbb{E}[\mathbf{x}])^\mathsf{T}\right]",
    "Murphy, PML: An Introduction (2022) §3.1.2 (covariance matrix)",
    ["covariance matrix", "covariance"],
    ["variance", "mahalanobis distance", "correlation"],
)
XS = [[1.0, 2.0], [3.0, 0.0], [2.0, 4.0]]
add(
    "sample-covariance",
    r"\mathbf{S} = \frac{1}{N}\sum_{n=1}^{N}(\mathbf{x}_n - \bar{\mathbf{x}})(\mathbf{x}_n - \bar{\mathbf{x}})^\mathsf{T}",
    "Bishop & Bishop, Deep Learning: Foundations and Concepts (2024) §16.1.1 (data covariance, for PCA)",
    [
        "sample covariance",
        "covariance matrix",
        "empirical covariance",
        "data covariance matrix",
        "sample covariance matrix",
    ],
    ["variance", "gram matrix", "mahalanobis distance"],
    {r"\mathbf{x}": XS, r"\bar{\mathbf{x}}": [2.0, 2.0], "N": 3},
    lambda b: np.cov(A(XS).T, bias=True),
)
add(
    "pml-laplace",
    r"\mathrm{Laplace}(y \mid \mu, b) \triangleq \frac{1}{2b}\exp\left(-\frac{|y - \mu|}{b}\right)",
    "Murphy, PML: An Introduction (2022) §2.7.3 (Laplace distribution)",
    ["laplace distribution", "laplace density", "double exponential distribution", "laplace pdf"],
    GAUSS,
    {"y": 1.0, r"\mu": 0.0, "b": 0.5},
    lambda b: math.exp(-2.0),
)
add(
    "pml-bernoulli",
    r"\mathrm{Ber}(y \mid \theta) = \theta^{y}(1-\theta)^{1-y}",
    "Murphy, PML: An Introduction (2022) §2.4.1 (Bernoulli distribution)",
    ["bernoulli distribution", "bernoulli pmf", "bernoulli"],
    ["binomial distribution", "binary cross-entropy", "logistic sigmoid"],
    {"y": 0, r"\theta": 0.3},
    lambda b: 0.7,
)
add(
    "pml-binomial",
    r"\mathrm{Bin}(y \mid N, \theta) \triangleq \binom{N}{y}\theta^{y}(1-\theta)^{N-y}",
    "Murphy, PML: An Introduction (2022) §2.4.1 (binomial distribution)",
    ["binomial distribution", "binomial pmf", "binomial"],
    ["bernoulli distribution", "poisson distribution"],
    {"y": 2, "N": 4, r"\theta": 0.5},
    lambda b: 6 / 16,
)
add(
    "poisson",
    r"\mathrm{Poi}(x \mid \lambda) = e^{-\lambda}\frac{\lambda^x}{x!}",
    "Casella & Berger, Statistical Inference 2nd ed. §3.2 (Poisson distribution)",
    ["poisson distribution", "poisson pmf", "poisson"],
    ["binomial distribution", "exponential distribution", "softmax"],
    {"x": 2, r"\lambda": 3.0},
    lambda b: math.exp(-3.0) * 9 / 2,
)
add(
    "gumbel-softmax",
    r"y_i = \frac{\exp((\log(\pi_i) + g_i)/\tau)}{\sum_{j=1}^{k}\exp((\log(\pi_j) + g_j)/\tau)}",
    "Jang, Gu & Poole arXiv:1611.01144 Eq. 2 (Gumbel-softmax)",
    ["gumbel-softmax", "gumbel softmax", "concrete distribution", "concrete relaxation"],
    ["softmax", "softmax with temperature", "logistic sigmoid", "gumbel-max trick"],
    {r"\pi": [0.5, 0.25, 0.25], "g": [0.1, 0.5, -0.2], r"\tau": 0.5, "k": 3, "i": 1},
    lambda b: float(softmax((np.log(A([0.5, 0.25, 0.25])) + A([0.1, 0.5, -0.2])) / 0.5)[0]),
)
add(
    "gumbel-max",
    r"z = \operatorname{one\_hot}\left(\operatorname*{arg\,max}_{i}\left[g_i + \log \pi_i\right]\right)",
    "Jang, Gu & Poole arXiv:1611.01144 Eq. 1 (Gumbel-max trick)",
    ["gumbel-max trick", "gumbel max trick", "gumbel-max"],
    ["gumbel-softmax", "softmax", "argmax"],
)
add(
    "bishop-elbo",
    r"\mathcal{L}(q) = \int q(\mathbf{z})\ln\left\{\frac{p(\mathbf{x},\mathbf{z})}{q(\mathbf{z})}\right\}\mathrm{d}\mathbf{z}",
    "Bishop & Bishop, Deep Learning: Foundations and Concepts (2024) §15.4 (evidence lower bound)",
    ["evidence lower bound", "elbo", "variational lower bound", "variational free energy"],
    ["kl divergence", "cross entropy", "mutual information"],
)
add(
    "pml-logsumexp-trick",
    r"\log\sum_{c=1}^{C}\exp(a_c) = m + \log\sum_{c=1}^{C}\exp(a_c - m)",
    "Murphy, PML: An Introduction (2022) §2.5.4 (log-sum-exp trick, m = max_c a_c)",
    ["log-sum-exp trick", "log-sum-exp", "logsumexp", "logsumexp trick"],
    ["softmax", "softplus", "cross entropy"],
    {"a": [1.0, 3.0, 2.0], "C": 3, "m": 3.0},
    lambda b: 3.0 + math.log(math.exp(-2.0) + 1.0 + math.exp(-1.0)),
)
add(
    "look-bayes-garbled",
    r"p(\theta \mid \mathcal{D}) = \frac{p(\mathcal{D} \mid \theta)}{p(\theta)\, p(\mathcal{D})}",
    "constructed: Bayes' left side with the prior moved to the denominator",
    [],
    [*BAYES, "likelihood", "law of total probability"],
    {r"p(\mathcal{D} \mid \theta)": 0.5, r"p(\theta)": 0.25, r"p(\mathcal{D})": 0.8},
    lambda b: 0.5 / 0.2,
    tags=LOOK,
)
add(
    "look-variance-plus",
    r"\mathrm{Var}(X) = \mathbb{E}[X^2] + (\mathbb{E}[X])^2",
    "constructed: the variance's left side with a plus",
    [],
    ["variance", "second moment", "covariance"],
    {r"\mathbb{E}[X^2]": 5.0, r"\mathbb{E}[X]": 2.0},
    lambda b: 9.0,
    tags=LOOK,
)
add(
    "look-expectation-plus",
    r"\mathbb{E}[X] = \sum_{x} \left(x + p(x)\right)",
    "constructed: the expectation's left side over a sum of x + p(x)",
    [],
    ["expectation", "expected value", "mean", "law of total probability"],
    {"x": [1.0, 2.0], "p(x)": [0.5, 0.5]},
    lambda b: 4.0,
    tags=LOOK,
)

# ================================================================ classical machine learning
OLS = [
    "normal equations",
    "least squares",
    "ordinary least squares",
    "linear regression",
    "least squares solution",
    "maximum likelihood weights",
]
RIDGE = ["ridge regression", "ridge", "tikhonov regularization", "l2-regularized least squares"]
LASSO = ["lasso", "lasso regression", "l1-regularized least squares"]
add(
    "bishop-ols-phi",
    r"\mathbf{w}_{\mathrm{ML}} = \left(\boldsymbol{\Phi}^{\mathrm{T}}\boldsymbol{\Phi}\right)^{-1}\boldsymbol{\Phi}^{\mathrm{T}}\mathbf{t}",
    "Bishop & Bishop, Deep Learning: Foundations and Concepts (2024) §4.1.3 (maximum likelihood, normal equations)",
    OLS,
    [*RIDGE, "gp posterior mean"],
    {r"\boldsymbol{\Phi}": X3x2, r"\mathbf{t}": Y3},
    lambda b: lstsq_ridge(X3x2, Y3, 0.0),
)
add(
    "pml-ridge-map",
    r"\hat{\mathbf{w}}_{\mathrm{map}} = (\mathbf{X}^\mathsf{T}\mathbf{X} + \lambda\mathbf{I}_D)^{-1}\mathbf{X}^\mathsf{T}\mathbf{y}",
    "Murphy, PML: An Introduction (2022) §11.3 (ridge regression)",
    RIDGE,
    [*LASSO, "normal equations", "ordinary least squares", "gp posterior mean"],
    {r"\mathbf{X}": X3x2, r"\lambda": 0.5, "D": 2, r"\mathbf{y}": Y3},
    lambda b: lstsq_ridge(X3x2, Y3, 0.5),
)
BETA0 = 0.5
BETAS = [1.0, -2.0]
XIJ = [[1.0, 0.0], [0.5, 1.0], [2.0, 0.5]]
YI = [2.0, -1.0, 1.5]


def islr_rss(b: dict[str, Any]) -> float:
    return float(np.sum((A(YI) - BETA0 - A(XIJ) @ A(BETAS)) ** 2))


add(
    "islr-ridge",
    r"\sum_{i=1}^{n}\left(y_i - \beta_0 - \sum_{j=1}^{p}\beta_j x_{ij}\right)^2 + \lambda\sum_{j=1}^{p}\beta_j^2",
    "James et al., An Introduction to Statistical Learning 2nd ed. (2021) §6.2.1 Eq. 6.5 (ridge)",
    [*RIDGE, "ridge objective", "ridge regression objective", "penalized residual sum of squares"],
    [*LASSO, "elastic net", "ordinary least squares"],
    {"n": 3, "p": 2, "y": YI, r"\beta_0": BETA0, r"\beta": BETAS, "x": XIJ, r"\lambda": 0.1},
    lambda b: islr_rss(b) + 0.1 * 5.0,
)
add(
    "islr-lasso",
    r"\sum_{i=1}^{n}\left(y_i - \beta_0 - \sum_{j=1}^{p}\beta_j x_{ij}\right)^2 + \lambda\sum_{j=1}^{p}|\beta_j|",
    "James et al., An Introduction to Statistical Learning 2nd ed. (2021) §6.2.2 Eq. 6.7 (lasso)",
    [*LASSO, "lasso objective"],
    [*RIDGE, "elastic net", "ordinary least squares"],
    {"n": 3, "p": 2, "y": YI, r"\beta_0": BETA0, r"\beta": BETAS, "x": XIJ, r"\lambda": 0.1},
    lambda b: islr_rss(b) + 0.1 * 3.0,
)
add(
    "elastic-net",
    r"\hat{\beta} = \arg\min_{\beta} \|\mathbf{y} - \mathbf{X}\beta\|^2 + \lambda_2\|\beta\|^2 + \lambda_1\|\beta\|_1",
    "Zou & Hastie, JRSS-B 67 (2005) Eq. 3 (naive elastic net)",
    ["elastic net", "elastic-net", "naive elastic net"],
    [*RIDGE, *LASSO],
)
add(
    "soft-threshold",
    r"S_\lambda(x) = \operatorname{sign}(x)\,(|x| - \lambda)_+",
    "Hastie, Tibshirani & Wainwright, Statistical Learning with Sparsity (2015) §2.4 (soft thresholding)",
    [
        "soft thresholding",
        "soft-thresholding operator",
        "soft threshold",
        "shrinkage operator",
        "proximal operator of the l1 norm",
    ],
    ["relu", "hinge loss", "sign function", "lasso"],
    {"x": -2.0, r"\lambda": 0.5},
    lambda b: -1.5,
)
add(
    "look-ridge-minus",
    r"(\mathbf{X}^\mathsf{T}\mathbf{X} - \lambda\mathbf{I}_D)^{-1}\mathbf{X}^\mathsf{T}\mathbf{y}",
    "constructed: ridge's closed form with −λI",
    [],
    [*RIDGE, *OLS],
    {r"\mathbf{X}": X3x2, r"\lambda": 0.5, "D": 2, r"\mathbf{y}": Y3},
    lambda b: np.linalg.inv(A(X3x2).T @ A(X3x2) - 0.5 * np.eye(2)) @ A(X3x2).T @ A(Y3),
    tags=LOOK,
)
X22 = [[2.0, 1.0], [0.0, 1.0]]
add(
    "look-ols-wrong-gram",
    r"\left(\mathbf{X}\mathbf{X}^\mathsf{T}\right)^{-1}\mathbf{X}^\mathsf{T}\mathbf{y}",
    "constructed: the normal equations with XXᵀ in place of XᵀX",
    [],
    [*OLS, *RIDGE],
    {r"\mathbf{X}": X22, r"\mathbf{y}": [1.0, 2.0]},
    lambda b: np.linalg.inv(A(X22) @ A(X22).T) @ A(X22).T @ A([1.0, 2.0]),
    tags=LOOK,
)
add(
    "look-soft-threshold-plus",
    r"S_\lambda(x) = \operatorname{sign}(x)\,(|x| + \lambda)",
    "constructed: soft thresholding that grows instead of shrinks",
    [],
    ["soft thresholding", "soft-thresholding operator", "relu"],
    {"x": -2.0, r"\lambda": 0.5},
    lambda b: -2.5,
    tags=LOOK,
)
LOGREG = [
    "logistic regression",
    "logistic regression hypothesis",
    "logistic regression model",
    "logistic sigmoid",
    "sigmoid",
]
add(
    "cs229-logreg-h",
    r"h_\theta(x) = g(\theta^T x) = \frac{1}{1 + e^{-\theta^T x}}",
    "Ng, CS229 lecture notes, Part II §5 (logistic regression)",
    LOGREG,
    ["softmax", "perceptron", "tanh", "linear regression"],
    {r"\theta": [1.0, -0.5], "x": [2.0, 2.0]},
    lambda b: float(sigmoid(1.0)),
)
add(
    "cs229-lms-rule",
    r"\theta_j := \theta_j + \alpha\left(y^{(i)} - h_\theta(x^{(i)})\right)x_j^{(i)}",
    "Ng, CS229 lecture notes, Part I §1.1 / Part II §5 (LMS rule; same form for logistic regression)",
    [
        "lms update rule",
        "lms rule",
        "widrow-hoff learning rule",
        "delta rule",
        "logistic regression update",
        "stochastic gradient ascent",
        "logistic regression gradient",
    ],
    ["perceptron", "adam", "momentum"],
    {
        r"\theta": [1.0, -0.5],
        r"\alpha": 0.1,
        "y^{(i)}": 1.0,
        r"h_\theta(x^{(i)})": 0.75,
        "x^{(i)}": [2.0, 4.0],
    },
    lambda b: A([1.0, -0.5]) + 0.1 * 0.25 * A([2.0, 4.0]),
)
XN = [[1.0, 2.0], [1.0, -1.0], [1.0, 0.0]]
MUN = [0.8, 0.3, 0.5]
YN = [1.0, 0.0, 1.0]
add(
    "pml-logreg-gradient-sum",
    r"\nabla_{\boldsymbol{w}} \mathrm{NLL}(\boldsymbol{w}) = \frac{1}{N}\sum_{n=1}^{N}(\mu_n - y_n)\boldsymbol{x}_n",
    "Murphy, PML: An Introduction (2022) §10.2.3.2 (gradient of the logistic-regression NLL)",
    [
        "logistic regression gradient",
        "gradient of the logistic regression loss",
        "gradient of the negative log-likelihood",
        "logistic regression nll gradient",
    ],
    ["linear regression", "perceptron", "cross entropy"],
    {"N": 3, r"\mu": MUN, "y": YN, r"\boldsymbol{x}": XN},
    lambda b: (A(MUN) - A(YN)) @ A(XN) / 3,
)
add(
    "pml-logreg-gradient-matrix",
    r"\nabla_{\boldsymbol{w}} \mathrm{NLL}(\boldsymbol{w}) = \frac{1}{N}\mathbf{X}^\mathsf{T}(\boldsymbol{\mu} - \boldsymbol{y})",
    "Murphy, PML: An Introduction (2022) §10.2.3.2 (matrix form)",
    [
        "logistic regression gradient",
        "gradient of the logistic regression loss",
        "gradient of the negative log-likelihood",
        "logistic regression nll gradient",
    ],
    ["normal equations", "linear regression", "cross entropy"],
    {"N": 3, r"\mathbf{X}": XN, r"\boldsymbol{\mu}": MUN, r"\boldsymbol{y}": YN},
    lambda b: A(XN).T @ (A(MUN) - A(YN)) / 3,
)
add(
    "pml-logreg-hessian",
    r"\mathbf{H}(\boldsymbol{w}) = \frac{1}{N}\mathbf{X}^\mathsf{T}\mathbf{S}\mathbf{X}",
    "Murphy, PML: An Introduction (2022) §10.2.3.3 (Hessian, S = diag(μ_n(1 − μ_n)))",
    ["logistic regression hessian", "hessian of the logistic regression loss", "hessian"],
    ["covariance matrix", "normal equations", "fisher information"],
    {"N": 3, r"\mathbf{X}": XN, r"\mathbf{S}": np.diag(A(MUN) * (1 - A(MUN))).tolist()},
    lambda b: A(XN).T @ np.diag(A(MUN) * (1 - A(MUN))) @ A(XN) / 3,
)
THETA3 = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]
add(
    "cs229-softmax-regression",
    r"p(y = i \mid x; \theta) = \frac{e^{\theta_i^T x}}{\sum_{j=1}^{k} e^{\theta_j^T x}}",
    "Ng, CS229 lecture notes, Part III §9.3 (softmax regression)",
    ["softmax regression", "multinomial logistic regression", "softmax", "softmax function"],
    ["logistic sigmoid", "bradley-terry model", "gumbel-softmax"],
    {r"\theta": THETA3, "x": [1.0, -1.0], "i": 2, "k": 3},
    lambda b: float(softmax(A(THETA3) @ A([1.0, -1.0]))[1]),
)
add(
    "bishop-perceptron",
    r"\mathbf{w}^{(\tau+1)} = \mathbf{w}^{(\tau)} + \eta\,\boldsymbol{\phi}(\mathbf{x}_n)\,t_n",
    "Bishop, PRML (2006) §4.1.7 Eq. 4.55 (perceptron learning rule), with φ_n written φ(x_n)",
    ["perceptron learning rule", "perceptron update", "perceptron", "perceptron algorithm"],
    ["stochastic gradient descent", "hebbian learning", "logistic regression"],
    {
        r"\mathbf{w}^{(\tau)}": [0.5, -0.5],
        r"\eta": 1.0,
        r"\boldsymbol{\phi}(\mathbf{x}_n)": [1.0, 2.0],
        "t_n": -1.0,
    },
    lambda b: A([-0.5, -2.5]),
)
PCA = ["principal component analysis", "pca"]
U2 = [[0.6, -0.8], [0.8, 0.6]]
add(
    "pca-variance-max",
    r"\mathbf{w}_1 = \operatorname*{arg\,max}_{\|\mathbf{w}\|_2 = 1} \mathbf{w}^\mathsf{T}\hat{\boldsymbol{\Sigma}}\mathbf{w}",
    "Murphy, PML: An Introduction (2022) §20.1.3 (PCA as variance maximisation)",
    [*PCA, "first principal component"],
    ["singular value decomposition", "linear regression", "mahalanobis distance"],
)
add(
    "pca-projection",
    r"\mathbf{z} = \mathbf{U}_K^\mathsf{T}(\mathbf{x} - \bar{\mathbf{x}})",
    "Murphy, PML: An Introduction (2022) §20.1 (PCA encoding)",
    [*PCA, "pca projection", "pca encoding", "principal component scores"],
    ["whitening", "linear regression", "z-score"],
    {r"\mathbf{U}_K": [[0.6], [0.8]], r"\mathbf{x}": [3.0, 4.0], r"\bar{\mathbf{x}}": [1.0, 1.0]},
    lambda b: A([0.6 * 2 + 0.8 * 3]),
)
add(
    "pca-reconstruction",
    r"\hat{\mathbf{x}} = \bar{\mathbf{x}} + \mathbf{U}_K\mathbf{U}_K^\mathsf{T}(\mathbf{x} - \bar{\mathbf{x}})",
    "Murphy, PML: An Introduction (2022) §20.1 (PCA reconstruction)",
    [*PCA, "pca reconstruction", "projection onto the principal subspace"],
    ["autoencoder", "linear regression", "residual connection"],
    {r"\mathbf{U}_K": [[0.6], [0.8]], r"\mathbf{x}": [3.0, 4.0], r"\bar{\mathbf{x}}": [1.0, 1.0]},
    lambda b: A([1.0, 1.0]) + 3.6 * A([0.6, 0.8]),
)
add(
    "explained-variance",
    r"\frac{\sum_{j=1}^{K}\lambda_j}{\sum_{j=1}^{D}\lambda_j}",
    "Murphy, PML: An Introduction (2022) §20.1.4 (fraction of variance explained)",
    [
        "explained variance ratio",
        "fraction of variance explained",
        "proportion of variance explained",
        "explained variance",
    ],
    ["softmax", "precision", "coefficient of determination"],
    {r"\lambda": [4.0, 3.0, 2.0, 1.0], "K": 2, "D": 4},
    lambda b: 0.7,
)
add(
    "svd",
    r"\mathbf{X} = \mathbf{U}\mathbf{S}\mathbf{V}^\mathsf{T}",
    "Murphy, PML: An Introduction (2022) §7.5 (singular value decomposition)",
    ["singular value decomposition", "svd"],
    ["eigendecomposition", "principal component analysis", "qr decomposition"],
    {
        r"\mathbf{U}": U2,
        r"\mathbf{S}": [[3.0, 0.0], [0.0, 1.0]],
        r"\mathbf{V}": [[0.0, 1.0], [1.0, 0.0]],
    },
    lambda b: A(U2) @ A([[3.0, 0.0], [0.0, 1.0]]) @ A([[0.0, 1.0], [1.0, 0.0]]).T,
)
PI2 = [0.3, 0.7]
MUS = [[0.0, 0.0], [2.0, 1.0]]
SIGS = [[[1.0, 0.0], [0.0, 1.0]], SPD2]
GMM = ["gaussian mixture model", "gmm", "mixture of gaussians", "gaussian mixture", "gmm density"]
add(
    "bishop-gmm-density",
    r"p(\mathbf{x}) = \sum_{k=1}^{K}\pi_k\,\mathcal{N}(\mathbf{x}\mid\boldsymbol{\mu}_k,\boldsymbol{\Sigma}_k)",
    "Bishop & Bishop, Deep Learning: Foundations and Concepts (2024) §3.2.9 (mixture of Gaussians)",
    GMM,
    # the density of one point, not the log-likelihood of a data set (Σ_n ln Σ_k ...)
    ["gmm responsibilities", "multivariate gaussian", "gaussian mixture log-likelihood", "softmax"],
    {
        "K": 2,
        r"\pi": PI2,
        r"\boldsymbol{\mu}": MUS,
        r"\boldsymbol{\Sigma}": SIGS,
        r"\mathbf{x}": [1.0, 1.0],
    },
    lambda b: (
        0.3 * gauss_pdf([1.0, 1.0], MUS[0], SIGS[0]) + 0.7 * gauss_pdf([1.0, 1.0], MUS[1], SIGS[1])
    ),
)
YS = [[1.0, 1.0], [0.0, 2.0]]


def resp(y: Any) -> np.ndarray:
    w = np.array([PI2[k] * gauss_pdf(y, MUS[k], SIGS[k]) for k in range(2)])
    return w / w.sum()


add(
    "pml-gmm-responsibility",
    r"r_{nk} = \frac{\pi_k\,\mathcal{N}(\boldsymbol{y}_n \mid \boldsymbol{\mu}_k, \boldsymbol{\Sigma}_k)}{\sum_{k'}\pi_{k'}\,\mathcal{N}(\boldsymbol{y}_n \mid \boldsymbol{\mu}_{k'}, \boldsymbol{\Sigma}_{k'})}",
    "Murphy, PML: An Introduction (2022) §8.7.3 (EM for GMMs, E step)",
    [
        "gmm responsibilities",
        "responsibilities",
        "gmm e step",
        "e-step",
        "e step",
        "posterior responsibility",
        "responsibility",
    ],
    ["softmax", "ddpm forward process", "gaussian mixture model", "multivariate gaussian"],
    {
        r"\pi": PI2,
        r"\boldsymbol{\mu}": MUS,
        r"\boldsymbol{\Sigma}": SIGS,
        r"\boldsymbol{y}": YS,
        "n": 2,
    },
    lambda b: resp(YS[1]),
)
RNK = [[0.9, 0.1], [0.2, 0.8], [0.5, 0.5]]
YM = [[1.0, 0.0], [3.0, 2.0], [0.0, 4.0]]
add(
    "pml-gmm-m-step-mean",
    r"\boldsymbol{\mu}_k = \frac{\sum_{n} r_{nk}\,\boldsymbol{y}_n}{r_k}",
    "Murphy, PML: An Introduction (2022) §8.7.3 (EM for GMMs, M step; r_k = Σ_n r_nk)",
    ["gmm m step", "m-step", "m step", "gmm mean update", "em mean update", "weighted mean"],
    ["gmm responsibilities", "softmax", "k-means"],
    {"r": RNK, r"\boldsymbol{y}": YM, "k": 1, "r_k": 1.6},
    lambda b: (0.9 * A(YM[0]) + 0.2 * A(YM[1]) + 0.5 * A(YM[2])) / 1.6,
)
KX = [[1.0, 2.0], [3.0, 0.0], [0.0, 1.0]]
KZ = [[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]]
KM = [[0.5, 3.0], [1.5, 0.0]]
add(
    "pml-kmeans-matrix",
    r"\mathcal{L}(\mathbf{M}, \mathbf{Z}) = \|\mathbf{X} - \mathbf{Z}\mathbf{M}^\mathsf{T}\|_F^2",
    "Murphy, PML: An Introduction (2022) §21.3.1 (K-means as matrix factorisation)",
    [
        "k-means objective",
        "k-means",
        "distortion",
        "k-means distortion",
        "within-cluster sum of squares",
    ],
    ["frobenius norm", "pca", "mean squared error", "singular value decomposition"],
    {r"\mathbf{X}": KX, r"\mathbf{Z}": KZ, r"\mathbf{M}": KM},
    lambda b: float(np.sum((A(KX) - A(KZ) @ A(KM).T) ** 2)),
)
add(
    "kmeans-assign",
    r"z_n^* = \arg\min_k \|\boldsymbol{x}_n - \boldsymbol{\mu}_k\|_2^2",
    "Murphy, PML: An Introduction (2022) §21.3.1 (K-means assignment step)",
    ["k-means assignment step", "k-means", "k-means assignment", "nearest centroid assignment"],
    ["k-nearest neighbors", "gmm responsibilities"],
)
XTR2 = [[0.0], [1.0], [2.0]]


def rbf(a: Any, c: Any, ell: float = 1.0) -> np.ndarray:
    a, c = A(a), A(c)
    d = ((a[:, None, :] - c[None, :, :]) ** 2).sum(-1)
    return np.exp(-d / (2 * ell**2))


KXX = rbf(XTR2, XTR2)
KXS = rbf(XTR2, [[1.5]])
GP_NAMES = [
    "gp posterior mean",
    "gaussian process posterior mean",
    "gaussian process regression",
    "gp predictive mean",
    "gp regression",
    "gaussian process prediction",
]
add(
    "pml-gp-mean",
    r"\boldsymbol{\mu}_{*} = \mathbf{K}_{X,*}^\mathsf{T}(\mathbf{K}_{X,X} + \sigma_y^2\mathbf{I}_N)^{-1}\mathbf{y}",
    "Murphy, PML: An Introduction (2022) §17.2.4 (GP regression with noise, predictive mean)",
    GP_NAMES,
    ["ddpm loss", "ridge regression", "normal equations", "gp posterior covariance"],
    {
        r"\mathbf{K}_{X,*}": KXS.tolist(),
        r"\mathbf{K}_{X,X}": KXX.tolist(),
        r"\sigma_y": 0.5,
        "N": 3,
        r"\mathbf{y}": [0.0, 1.0, 0.5],
    },
    lambda b: KXS.T @ np.linalg.inv(KXX + 0.25 * np.eye(3)) @ A([0.0, 1.0, 0.5]),
)
add(
    "pml-gp-cov",
    r"\boldsymbol{\Sigma}_{*} = \mathbf{K}_{*,*} - \mathbf{K}_{X,*}^\mathsf{T}(\mathbf{K}_{X,X} + \sigma_y^2\mathbf{I}_N)^{-1}\mathbf{K}_{X,*}",
    "Murphy, PML: An Introduction (2022) §17.2.4 (GP regression with noise, predictive covariance)",
    [
        "gp posterior covariance",
        "gaussian process posterior covariance",
        "gp predictive covariance",
        "gp predictive variance",
        "gaussian process regression",
    ],
    ["gp posterior mean", "schur complement", "ddpm posterior variance"],
    {
        r"\mathbf{K}_{*,*}": [[1.0]],
        r"\mathbf{K}_{X,*}": KXS.tolist(),
        r"\mathbf{K}_{X,X}": KXX.tolist(),
        r"\sigma_y": 0.5,
        "N": 3,
    },
    lambda b: 1.0 - KXS.T @ np.linalg.inv(KXX + 0.25 * np.eye(3)) @ KXS,
)
add(
    "look-gp-no-inverse",
    r"\mathbf{K}_{X,*}^\mathsf{T}(\mathbf{K}_{X,X} - \sigma_y^2\mathbf{I}_N)\mathbf{y}",
    "constructed: the GP mean without the inverse and with −σ²",
    [],
    [*GP_NAMES, "ridge regression"],
    {
        r"\mathbf{K}_{X,*}": KXS.tolist(),
        r"\mathbf{K}_{X,X}": KXX.tolist(),
        r"\sigma_y": 0.5,
        "N": 3,
        r"\mathbf{y}": [0.0, 1.0, 0.5],
    },
    lambda b: KXS.T @ (KXX - 0.25 * np.eye(3)) @ A([0.0, 1.0, 0.5]),
    tags=LOOK,
)
RBF = [
    "rbf kernel",
    "squared exponential kernel",
    "gaussian kernel",
    "radial basis function kernel",
    "se kernel",
    "exponentiated quadratic kernel",
]
add(
    "pml-rbf",
    r"\mathcal{K}(\boldsymbol{x}, \boldsymbol{x}') = \exp\left(-\frac{\|\boldsymbol{x} - \boldsymbol{x}'\|^2}{2\ell^2}\right)",
    "Murphy, PML: An Introduction (2022) §17.1.2 (squared exponential kernel)",
    RBF,
    ["gaussian density", "mahalanobis distance", "laplace distribution", "matern kernel"],
    {r"\boldsymbol{x}": [1.0, 2.0], r"\boldsymbol{x}'": [0.0, 0.0], r"\ell": 2.0},
    lambda b: math.exp(-5.0 / 8.0),
)
add(
    "matern32",
    r"\mathcal{K}(r; \tfrac{3}{2}, \ell) = \left(1 + \frac{\sqrt{3}\,r}{\ell}\right)\exp\left(-\frac{\sqrt{3}\,r}{\ell}\right)",
    "Rasmussen & Williams, GPML (2006) §4.2.1 Eq. 4.17 (Matérn ν = 3/2), in Murphy's notation",
    ["matern kernel", "matérn kernel", "matern 3/2 kernel", "matérn 3/2 kernel", "matern 3/2"],
    RBF,
    {"r": 1.0, r"\ell": 2.0},
    lambda b: (1 + math.sqrt(3) / 2) * math.exp(-math.sqrt(3) / 2),
)
add(
    "cs229-poly-kernel",
    r"K(x, z) = (x^T z + c)^d",
    "Ng, CS229 lecture notes, Part V §7 (polynomial kernel)",
    ["polynomial kernel", "inhomogeneous polynomial kernel"],
    [*RBF, "linear kernel", "cosine similarity"],
    {"x": [1.0, 2.0], "z": [0.5, -1.0], "c": 2.0, "d": 3},
    lambda b: 0.125,
)
add(
    "look-rbf-positive",
    r"\exp\left(\frac{\|\boldsymbol{x} - \boldsymbol{x}'\|^2}{2\ell^2}\right)",
    "constructed: the RBF kernel with the minus sign dropped (not a valid kernel)",
    [],
    [*RBF, "gaussian density"],
    {r"\boldsymbol{x}": [1.0, 2.0], r"\boldsymbol{x}'": [0.0, 0.0], r"\ell": 2.0},
    lambda b: math.exp(5.0 / 8.0),
    tags=LOOK,
)
SVM = ["support vector machine", "svm"]
add(
    "cs229-soft-margin",
    r"\min_{w,b}\ \frac{1}{2}\|w\|^2 + C\sum_{i=1}^{m}\xi_i \quad \text{s.t. } y^{(i)}(w^Tx^{(i)} + b) \geq 1 - \xi_i,\ i = 1,\ldots,m",
    "Ng, CS229 lecture notes, Part V §8 (soft-margin SVM, ℓ1 regularisation)",
    [*SVM, "soft-margin svm", "svm primal", "soft margin svm"],
    ["hinge loss", "ridge regression", "lasso"],
)
add(
    "cs229-svm-dual",
    r"\max_\alpha W(\alpha) = \sum_{i=1}^{m}\alpha_i - \frac{1}{2}\sum_{i,j=1}^{m}y^{(i)}y^{(j)}\alpha_i\alpha_j\langle x^{(i)}, x^{(j)}\rangle",
    "Ng, CS229 lecture notes, Part V §6 (SVM dual)",
    [*SVM, "svm dual", "dual svm", "svm dual problem"],
    ["hinge loss", "gram matrix", "kernel ridge regression"],
)
add(
    "gini-impurity",
    r"G = \sum_{c=1}^{C}\hat{\pi}_{c}(1 - \hat{\pi}_{c})",
    "Murphy, PML: An Introduction (2022) §18.1.2 (Gini index for classification trees)",
    ["gini impurity", "gini index", "gini"],
    ["entropy", "variance", "cross entropy", "gini coefficient"],
    {"C": 3, r"\hat{\pi}": [0.5, 0.25, 0.25]},
    lambda b: 0.25 + 2 * 0.1875,
)
add(
    "naive-bayes",
    r"p(y \mid \mathbf{x}) \propto p(y)\prod_{d=1}^{D}p(x_d \mid y)",
    "Murphy, PML: An Introduction (2022) §9.3 (naive Bayes classifier)",
    ["naive bayes", "naive bayes classifier"],
    ["law of total probability", "logistic regression", "gaussian mixture model"],
)

# ================================================================ metrics
CM = {"TP": 8, "FP": 2, "FN": 4, "TN": 6}
PREC = ["precision", "positive predictive value"]
REC = ["recall", "sensitivity", "true positive rate", "hit rate"]
F1 = ["f1 score", "f1", "f-measure", "f1-score", "f-score", "balanced f-score"]
add(
    "precision-mathrm",
    r"\mathrm{Precision} = \frac{\mathrm{TP}}{\mathrm{TP} + \mathrm{FP}}",
    "Manning, Raghavan & Schütze, Introduction to Information Retrieval (2008) §8.3 (precision), with confusion counts",
    PREC,
    [*REC, "accuracy", "specificity", "f1 score"],
    {r"\mathrm{TP}": 8, r"\mathrm{FP}": 2},
    lambda b: 0.8,
)
add(
    "recall-plain",
    r"\text{Recall} = \frac{TP}{TP + FN}",
    "Fawcett, Pattern Recognition Letters 27 (2006) §2 (tp rate / recall)",
    REC,
    [*PREC, "accuracy", "specificity", "f1 score"],
    {"TP": 8, "FN": 4},
    lambda b: 8 / 12,
)
add(
    "f1-reciprocal",
    r"\frac{1}{F_1} = \frac{1}{2}\left(\frac{1}{P} + \frac{1}{R}\right)",
    "van Rijsbergen, Information Retrieval 2nd ed. (1979) ch. 7 (F as a harmonic mean, β = 1)",
    F1,
    [*PREC, *REC, "accuracy"],
    {"P": 0.8, "R": 0.5},
    lambda b: 0.5 * (1.25 + 2.0),
)
add(
    "f1-counts",
    r"F_1 = \frac{2\,TP}{2\,TP + FP + FN}",
    "Sokolova & Lapalme, Information Processing & Management 45 (2009) Table 1 (F-score from counts)",
    [*F1, "dice coefficient"],
    [*PREC, *REC, "accuracy"],
    {"TP": 8, "FP": 2, "FN": 4},
    lambda b: 16 / 22,
)
add(
    "f-beta",
    r"F_\beta = (1 + \beta^2)\frac{P\,R}{\beta^2 P + R}",
    "van Rijsbergen, Information Retrieval 2nd ed. (1979) ch. 7 (F_β)",
    ["f-beta score", "f beta score", "f-beta", "f-measure", "f-score", "f beta"],
    [*PREC, *REC, "f1 score"],
    {r"\beta": 2.0, "P": 0.8, "R": 0.5},
    lambda b: 5 * 0.4 / (4 * 0.8 + 0.5),
)
add(
    "accuracy-counts",
    r"\mathrm{Acc} = \frac{TP + TN}{TP + TN + FP + FN}",
    "Fawcett, Pattern Recognition Letters 27 (2006) §2 (accuracy)",
    ["accuracy", "classification accuracy"],
    [*PREC, *REC, "f1 score"],
    CM,
    lambda b: 14 / 20,
)
add(
    "specificity",
    r"\mathrm{TNR} = \frac{TN}{TN + FP}",
    "Fawcett, Pattern Recognition Letters 27 (2006) §2 (specificity)",
    ["specificity", "true negative rate", "selectivity"],
    [*PREC, *REC],
    {"TN": 6, "FP": 2},
    lambda b: 0.75,
)
add(
    "mcc",
    r"\mathrm{MCC} = \frac{TP \cdot TN - FP \cdot FN}{\sqrt{(TP+FP)(TP+FN)(TN+FP)(TN+FN)}}",
    "Matthews, Biochim. Biophys. Acta 405 (1975); Chicco & Jurman, BMC Genomics 21 (2020) Eq. 1",
    ["matthews correlation coefficient", "mcc", "phi coefficient"],
    [*F1, "accuracy", "pearson correlation"],
    CM,
    lambda b: (48 - 8) / math.sqrt(10 * 12 * 8 * 10),
)
add(
    "bleu-bp-min",
    r"\mathrm{BP} = \min\left(1, \exp\left(1 - \frac{r}{c}\right)\right)",
    "Papineni et al., ACL 2002 §2.2.2 (brevity penalty), written with min",
    ["brevity penalty", "bleu brevity penalty"],
    ["bleu", "perplexity", "relu"],
    {"r": 12, "c": 10},
    lambda b: math.exp(1 - 1.2),
)
add(
    "perplexity-lm",
    r"\mathrm{PPL}(X) = \exp\left\{-\frac{1}{t}\sum_{i=1}^{t}\log p_\theta(x_i \mid x_{<i})\right\}",
    "Jurafsky & Martin, Speech and Language Processing 3rd ed. draft §3.3 (perplexity), as the exponentiated mean NLL",
    ["perplexity", "ppl"],
    ["cross entropy", "entropy", "negative log likelihood", "softmax"],
    {"t": 3, r"p_\theta(x_i \mid x_{<i})": [0.5, 0.25, 0.125]},
    lambda b: 4.0,
)
add(
    "rouge-n",
    r"\text{ROUGE-N} = \frac{\sum_{S \in \{\text{Refs}\}}\sum_{\text{gram}_n \in S}\text{Count}_{\text{match}}(\text{gram}_n)}{\sum_{S \in \{\text{Refs}\}}\sum_{\text{gram}_n \in S}\text{Count}(\text{gram}_n)}",
    "Lin, ROUGE, ACL Workshop 2004 §2 (ROUGE-N)",
    ["rouge-n", "rouge"],
    ["bleu", "precision", "perplexity"],
)
add(
    "r-squared-tss",
    r"R^2 = \frac{\mathrm{TSS} - \mathrm{RSS}}{\mathrm{TSS}}",
    "James et al., An Introduction to Statistical Learning 2nd ed. (2021) §3.1.3 Eq. 3.17 (R²)",
    ["coefficient of determination", "r squared", "r^2", "r-squared"],
    ["mean squared error", "pearson correlation", "explained variance ratio"],
    {r"\mathrm{TSS}": 2.0, r"\mathrm{RSS}": 0.5},
    lambda b: 0.75,
)
add(
    "look-precision-minus",
    r"\mathrm{Precision} = \frac{\mathrm{TP}}{\mathrm{TP} - \mathrm{FP}}",
    "constructed: precision's left side with a difference in the denominator",
    [],
    [*PREC, *REC],
    {r"\mathrm{TP}": 8, r"\mathrm{FP}": 2},
    lambda b: 8 / 6,
    tags=LOOK,
)
add(
    "look-recall-tn",
    r"\text{Recall} = \frac{TP}{TN + FN}",
    "constructed: recall's left side over TP / (TN + FN)",
    [],
    [*REC, *PREC, "specificity"],
    {"TP": 8, "TN": 6, "FN": 4},
    lambda b: 0.8,
    tags=LOOK,
)
add(
    "look-f1-arithmetic",
    r"F_1 = \frac{\mathrm{precision} + \mathrm{recall}}{2}",
    "constructed: F1's left side over the arithmetic mean",
    [],
    [*F1, *PREC, *REC],
    {r"\mathrm{precision}": 0.8, r"\mathrm{recall}": 0.5},
    lambda b: 0.65,
    tags=LOOK,
)
add(
    "look-perplexity-no-minus",
    r"\exp\left(\frac{1}{N}\sum_{i=1}^{N}\log p(w_i \mid w_{<i})\right)",
    "constructed: perplexity without the minus sign (the geometric-mean probability)",
    [],
    ["perplexity", "cross entropy", "negative log likelihood"],
    {"N": 3, r"p(w_i \mid w_{<i})": [0.5, 0.25, 0.125]},
    lambda b: 0.25,
    tags=LOOK,
)
add(
    "look-r2-plus",
    r"R^2 = 1 + \frac{\sum_i (y_i - \hat{y}_i)^2}{\sum_i (y_i - \bar{y})^2}",
    "constructed: R² with a plus",
    [],
    ["coefficient of determination", "r squared", "r-squared", "explained variance ratio"],
    {"y": [1.0, 2.0, 3.0], r"\hat{y}": [1.0, 2.5, 2.5], r"\bar{y}": 2.0},
    lambda b: 1.25,
    tags=LOOK,
)
add(
    "look-mcc-plus",
    r"\frac{TP \cdot TN + FP \cdot FN}{\sqrt{(TP+FP)(TP+FN)(TN+FP)(TN+FN)}}",
    "constructed: MCC's numerator with a plus",
    [],
    ["matthews correlation coefficient", "mcc", "phi coefficient"],
    CM,
    lambda b: (48 + 8) / math.sqrt(10 * 12 * 8 * 10),
    tags=LOOK,
)
add(
    "look-brevity-inverted",
    r"\mathrm{BP} = \exp\left(1 - \frac{c}{r}\right)",
    "constructed: the brevity penalty with c/r in place of r/c and no cap",
    [],
    ["brevity penalty", "bleu brevity penalty", "bleu"],
    {"r": 12, "c": 10},
    lambda b: math.exp(1 - 10 / 12),
    tags=LOOK,
)

# ================================================================ recurrent networks
XT1 = [[1.0, -1.0]]
HT0 = [[0.5, 0.0]]
W_A = [[0.5, -0.3], [0.2, 0.1]]
W_B = [[0.1, 0.4], [-0.2, 0.3]]
B_A = [0.1, -0.1]


def gate(act: Callable[[Any], Any]) -> np.ndarray:
    return act(A(XT1) @ A(W_A) + A(HT0) @ A(W_B) + A(B_A))


LSTM = ["lstm", "long short-term memory", "lstm cell"]
GRU = ["gru", "gated recurrent unit", "gru cell"]
RNN_B = {r"\mathbf{X}_t": XT1, r"\mathbf{H}_{t-1}": HT0}
add(
    "d2l-lstm-gates",
    r"""
\begin{aligned}
\mathbf{I}_t &= \sigma(\mathbf{X}_t \mathbf{W}_{\textrm{xi}} + \mathbf{H}_{t-1} \mathbf{W}_{\textrm{hi}} + \mathbf{b}_\textrm{i}),\\
\mathbf{F}_t &= \sigma(\mathbf{X}_t \mathbf{W}_{\textrm{xf}} + \mathbf{H}_{t-1} \mathbf{W}_{\textrm{hf}} + \mathbf{b}_\textrm{f}),\\
\mathbf{O}_t &= \sigma(\mathbf{X}_t \mathbf{W}_{\textrm{xo}} + \mathbf{H}_{t-1} \mathbf{W}_{\textrm{ho}} + \mathbf{b}_\textrm{o}),
\end{aligned}""",
    "D2L (arXiv:2106.11342) §10.1.1 (LSTM input, forget and output gates)",
    [*LSTM, "lstm gates"],
    ["gru", "logistic sigmoid", "attention"],
    {
        **RNN_B,
        r"\mathbf{W}_{\textrm{xi}}": W_B,
        r"\mathbf{W}_{\textrm{hi}}": W_A,
        r"\mathbf{b}_\textrm{i}": [0.0, 0.0],
        r"\mathbf{W}_{\textrm{xf}}": W_A,
        r"\mathbf{W}_{\textrm{hf}}": W_A,
        r"\mathbf{b}_\textrm{f}": [1.0, 1.0],
        r"\mathbf{W}_{\textrm{xo}}": W_A,
        r"\mathbf{W}_{\textrm{ho}}": W_B,
        r"\mathbf{b}_\textrm{o}": B_A,
    },
    lambda b: gate(sigmoid),
    tags=MULTI,
)
add(
    "d2l-lstm-input-node",
    r"\tilde{\mathbf{C}}_t = \textrm{tanh}(\mathbf{X}_t \mathbf{W}_{\textrm{xc}} + \mathbf{H}_{t-1} \mathbf{W}_{\textrm{hc}} + \mathbf{b}_\textrm{c})",
    "D2L (arXiv:2106.11342) §10.1.1.2 (LSTM input node)",
    [*LSTM, "lstm input node", "lstm candidate cell state", "candidate memory cell"],
    ["gru", "tanh", "rnn hidden state"],
    {
        **RNN_B,
        r"\mathbf{W}_{\textrm{xc}}": W_A,
        r"\mathbf{W}_{\textrm{hc}}": W_B,
        r"\mathbf{b}_\textrm{c}": B_A,
    },
    lambda b: gate(np.tanh),
)
CT = {
    r"\mathbf{F}_t": [0.9, 0.5],
    r"\mathbf{C}_{t-1}": [1.0, -2.0],
    r"\mathbf{I}_t": [0.2, 0.5],
    r"\tilde{\mathbf{C}}_t": [0.5, 1.0],
}
add(
    "d2l-lstm-cell",
    r"\mathbf{C}_t = \mathbf{F}_t \odot \mathbf{C}_{t-1} + \mathbf{I}_t \odot \tilde{\mathbf{C}}_t",
    "D2L (arXiv:2106.11342) §10.1.1.3 (LSTM memory cell internal state)",
    [*LSTM, "lstm cell state update", "lstm cell state", "lstm memory cell"],
    ["gru", "gru hidden state update", "exponential moving average"],
    CT,
    lambda b: A([0.9 + 0.1, -1.0 + 0.5]),
)
add(
    "d2l-lstm-hidden",
    r"\mathbf{H}_t = \mathbf{O}_t \odot \tanh(\mathbf{C}_t)",
    "D2L (arXiv:2106.11342) §10.1.1.4 (LSTM hidden state)",
    [*LSTM, "lstm hidden state", "lstm output"],
    ["gru", "tanh", "glu"],
    {r"\mathbf{O}_t": [0.5, 1.0], r"\mathbf{C}_t": [1.0, -0.5]},
    lambda b: A([0.5 * math.tanh(1.0), math.tanh(-0.5)]),
)
add(
    "d2l-gru-gates",
    r"""
\begin{aligned}
\mathbf{R}_t = \sigma(\mathbf{X}_t \mathbf{W}_{\textrm{xr}} + \mathbf{H}_{t-1} \mathbf{W}_{\textrm{hr}} + \mathbf{b}_\textrm{r}),\\
\mathbf{Z}_t = \sigma(\mathbf{X}_t \mathbf{W}_{\textrm{xz}} + \mathbf{H}_{t-1} \mathbf{W}_{\textrm{hz}} + \mathbf{b}_\textrm{z}),
\end{aligned}""",
    "D2L (arXiv:2106.11342) §10.2.1 (GRU reset and update gates)",
    [*GRU, "gru gates"],
    ["lstm", "logistic sigmoid"],
    {
        **RNN_B,
        r"\mathbf{W}_{\textrm{xr}}": W_B,
        r"\mathbf{W}_{\textrm{hr}}": W_B,
        r"\mathbf{b}_\textrm{r}": [0.0, 0.0],
        r"\mathbf{W}_{\textrm{xz}}": W_A,
        r"\mathbf{W}_{\textrm{hz}}": W_B,
        r"\mathbf{b}_\textrm{z}": B_A,
    },
    lambda b: gate(sigmoid),
    tags=MULTI,
)
add(
    "d2l-gru-candidate",
    r"\tilde{\mathbf{H}}_t = \tanh(\mathbf{X}_t \mathbf{W}_{\textrm{xh}} + \left(\mathbf{R}_t \odot \mathbf{H}_{t-1}\right) \mathbf{W}_{\textrm{hh}} + \mathbf{b}_\textrm{h})",
    "D2L (arXiv:2106.11342) §10.2.2 (GRU candidate hidden state)",
    [*GRU, "gru candidate hidden state", "candidate hidden state"],
    ["lstm", "tanh", "rnn hidden state"],
    {
        **RNN_B,
        r"\mathbf{W}_{\textrm{xh}}": W_A,
        r"\mathbf{R}_t": [[1.0, 0.5]],
        r"\mathbf{W}_{\textrm{hh}}": W_B,
        r"\mathbf{b}_\textrm{h}": B_A,
    },
    lambda b: np.tanh(A(XT1) @ A(W_A) + (A([[1.0, 0.5]]) * A(HT0)) @ A(W_B) + A(B_A)),
)
add(
    "d2l-gru-hidden",
    r"\mathbf{H}_t = \mathbf{Z}_t \odot \mathbf{H}_{t-1}  + (1 - \mathbf{Z}_t) \odot \tilde{\mathbf{H}}_t",
    "D2L (arXiv:2106.11342) §10.2.3 (GRU hidden state)",
    [*GRU, "gru hidden state update", "gru update"],
    ["lstm", "lstm cell state update", "exponential moving average", "linear interpolation"],
    {
        r"\mathbf{Z}_t": [0.25, 0.5],
        r"\mathbf{H}_{t-1}": [1.0, -1.0],
        r"\tilde{\mathbf{H}}_t": [0.2, 0.4],
    },
    lambda b: A([0.25 + 0.15, -0.5 + 0.2]),
)
add(
    "d2l-rnn-hidden",
    r"\mathbf{H}_t = \phi(\mathbf{X}_t \mathbf{W}_{\textrm{xh}} + \mathbf{H}_{t-1} \mathbf{W}_{\textrm{hh}}  + \mathbf{b}_\textrm{h})",
    "D2L (arXiv:2106.11342) §9.4.2 (RNN with hidden state)",
    ["rnn hidden state", "recurrent neural network", "rnn", "elman network", "vanilla rnn"],
    ["lstm", "gru", "attention"],
)
add(
    "look-lstm-cell-plus",
    r"\mathbf{C}_t = \mathbf{F}_t + \mathbf{C}_{t-1} \odot \mathbf{I}_t + \tilde{\mathbf{C}}_t",
    "constructed: the LSTM cell update with the gates added instead of multiplied",
    [],
    [*LSTM, "lstm cell state update", *GRU],
    CT,
    lambda b: A([0.9 + 0.2 + 0.5, 0.5 - 1.0 + 1.0]),
    tags=LOOK,
)
add(
    "look-gru-same-gate",
    r"\mathbf{H}_t = \mathbf{Z}_t \odot \mathbf{H}_{t-1} + \mathbf{Z}_t \odot \tilde{\mathbf{H}}_t",
    "constructed: the GRU update with Z_t on both terms (no interpolation)",
    [],
    [*GRU, "gru hidden state update", *LSTM, "exponential moving average"],
    {
        r"\mathbf{Z}_t": [0.25, 0.5],
        r"\mathbf{H}_{t-1}": [1.0, -1.0],
        r"\tilde{\mathbf{H}}_t": [0.2, 0.4],
    },
    lambda b: A([0.25 + 0.05, -0.5 + 0.2]),
    tags=LOOK,
)

# ================================================================ other building blocks
add(
    "d2l-inverted-dropout",
    r"h' = \begin{cases} 0 & \textrm{ with probability } p \\ \frac{h}{1-p} & \textrm{ otherwise} \end{cases}",
    "D2L (arXiv:2106.11342) §5.6.1 (dropout, inverted scaling)",
    ["dropout", "inverted dropout"],
    ["relu", "label smoothing", "bernoulli distribution"],
)
add(
    "jacobian-chain-rule",
    r"\mathbf{J}_{f \circ g}(\mathbf{x}) = \mathbf{J}_f(g(\mathbf{x}))\,\mathbf{J}_g(\mathbf{x})",
    "Deisenroth, Faisal & Ong, Mathematics for Machine Learning (2020) §5.3 (chain rule with Jacobians)",
    ["chain rule", "chain rule for jacobians", "multivariate chain rule", "jacobian chain rule"],
    ["backpropagation through time", "product rule"],
    {
        r"\mathbf{J}_f(g(\mathbf{x}))": [[1.0, 2.0], [0.0, 1.0]],
        r"\mathbf{J}_g(\mathbf{x})": [[3.0, 0.0], [1.0, -1.0]],
    },
    lambda b: A([[1.0, 2.0], [0.0, 1.0]]) @ A([[3.0, 0.0], [1.0, -1.0]]),
)
add(
    "cosine-similarity-dot",
    r"\cos(\theta) = \frac{\mathbf{a}\cdot\mathbf{b}}{\|\mathbf{a}\|\,\|\mathbf{b}\|}",
    "Manning, Raghavan & Schütze, Introduction to Information Retrieval (2008) §6.3.1 (cosine similarity)",
    ["cosine similarity"],
    ["dot product", "pearson correlation", "cosine annealing", "euclidean distance"],
    {r"\mathbf{a}": [3.0, 4.0], r"\mathbf{b}": [4.0, 3.0]},
    lambda b: 24 / 25,
)
add(
    "euclidean-distance",
    r"d(\mathbf{p}, \mathbf{q}) = \sqrt{\sum_{i=1}^{n}(q_i - p_i)^2}",
    "Deisenroth, Faisal & Ong, Mathematics for Machine Learning (2020) §3.3 (Euclidean distance)",
    ["euclidean distance", "l2 distance", "euclidean norm of the difference"],
    ["mahalanobis distance", "cosine similarity", "mean squared error", "manhattan distance"],
    {
        r"\mathbf{p}": [1.0, 2.0, 3.0],
        r"\mathbf{q}": [3.0, 2.0, 4.0],
        "p": [1.0, 2.0, 3.0],
        "q": [3.0, 2.0, 4.0],
        "n": 3,
    },
    lambda b: math.sqrt(5.0),
)
add(
    "d2l-stable-softmax",
    r"\hat y_j = \frac{\exp(o_j - \bar{o})}{\sum_k \exp(o_k - \bar{o})}",
    "D2L (arXiv:2106.11342) §4.5.2 (softmax with the maximum subtracted, ō = max_k o_k)",
    ["softmax", "softmax function", "numerically stable softmax", "stable softmax"],
    ["logistic sigmoid", "log-sum-exp", "gumbel-softmax"],
    {"o": [1.0, 3.0, 2.0], r"\bar{o}": 3.0, "j": 3},
    lambda b: float(softmax([1.0, 3.0, 2.0])[2]),
)
add(
    "moe-noisy-topk",
    r"G(x) = \mathrm{Softmax}(\mathrm{KeepTopK}(H(x), k))",
    "Shazeer et al. arXiv:1701.06538 Eq. 3 (noisy top-k gating)",
    [
        "noisy top-k gating",
        "top-k gating",
        "mixture of experts gating",
        "moe gating",
        "sparse gating",
    ],
    ["softmax", "attention", "gumbel-softmax"],
)
add(
    "moe-output",
    r"y = \sum_{i=1}^{n} G(x)_i E_i(x)",
    "Shazeer et al. arXiv:1701.06538 Eq. 1 (mixture-of-experts output)",
    ["mixture of experts", "moe", "mixture-of-experts layer", "moe output"],
    ["attention", "gaussian mixture model", "ensemble"],
    {"G(x)": [0.75, 0.25, 0.0], "E(x)": [[1.0, 0.0], [2.0, 4.0], [9.0, 9.0]], "n": 3},
    lambda b: A([1.25, 1.0]),
)
add(
    "temperature-scaling",
    r"\hat{q}_i = \max_{k} \sigma_{\mathrm{SM}}(\mathbf{z}_i/T)^{(k)}",
    "Guo et al. arXiv:1706.04599 §4.2 (temperature scaling)",
    ["temperature scaling"],
    ["softmax with temperature", "label smoothing", "platt scaling"],
)
add(
    "ece",
    r"\mathrm{ECE} = \sum_{m=1}^{M}\frac{|B_m|}{n}\left|\mathrm{acc}(B_m) - \mathrm{conf}(B_m)\right|",
    "Guo et al. arXiv:1706.04599 Eq. 3 (expected calibration error)",
    ["expected calibration error", "ece"],
    ["mean absolute error", "accuracy", "brier score"],
    {
        "M": 2,
        "|B_m|": [6, 4],
        "n": 10,
        r"\mathrm{acc}(B_m)": [0.5, 0.75],
        r"\mathrm{conf}(B_m)": [0.6, 0.95],
    },
    lambda b: 0.6 * 0.1 + 0.4 * 0.2,
)
add(
    "brier-score",
    r"\mathrm{BS} = \frac{1}{N}\sum_{t=1}^{N}(f_t - o_t)^2",
    "Brier, Monthly Weather Review 78 (1950) (Brier score, binary form)",
    ["brier score"],
    ["mean squared error", "expected calibration error", "cross entropy"],
    {"N": 2, "f": [0.75, 0.25], "o": [1.0, 1.0]},
    lambda b: (0.0625 + 0.5625) / 2,
)

# ================================================================ plain expressions (no name)
P = PLAIN
add(
    "plain-quadratic",
    r"3x^2 + 2x - 1",
    "constructed: a polynomial",
    [],
    ["quadratic formula"],
    {"x": 2.0},
    lambda b: 15.0,
    tags=P,
)
add(
    "plain-ratio",
    r"\frac{a + b}{c - d}",
    "constructed: a ratio",
    [],
    [],
    {"a": 1.0, "b": 2.0, "c": 5.0, "d": 3.0},
    lambda b: 1.5,
    tags=P,
)
add(
    "plain-sqrt-plus-one",
    r"\sqrt{x^2 + y^2 + 1}",
    "constructed: a square root",
    [],
    ["euclidean distance", "euclidean norm"],
    {"x": 2.0, "y": 2.0},
    lambda b: 3.0,
    tags=P,
)
add(
    "plain-sum-squares",
    r"\sum_{i=1}^{n} i^2",
    "constructed: a finite sum",
    [],
    [],
    {"n": 4},
    lambda b: 30.0,
    tags=P,
)
add(
    "plain-product",
    r"\prod_{k=1}^{3}(1 + a_k)",
    "constructed: a finite product",
    [],
    [],
    {"a": [0.5, 1.0, -0.5]},
    lambda b: 1.5 * 2.0 * 0.5,
    tags=P,
)
add(
    "plain-damped-cos",
    r"e^{-2t}\cos(3t)",
    "constructed: a damped cosine",
    [],
    ["cosine similarity", "cosine annealing"],
    {"t": 0.5},
    lambda b: math.exp(-1.0) * math.cos(1.5),
    tags=P,
)
add(
    "plain-log-minus",
    r"\log(1 + x) - \frac{x}{2}",
    "constructed",
    [],
    ["softplus"],
    {"x": 1.0},
    lambda b: math.log(2) - 0.5,
    tags=P,
)
add(
    "plain-bilinear-plus",
    r"\mathbf{u}^\top \mathbf{M} \mathbf{v} + c",
    "constructed: a bilinear form plus a constant",
    [],
    ["mahalanobis distance", "attention"],
    {
        r"\mathbf{u}": [1.0, 2.0],
        r"\mathbf{M}": [[1.0, 0.0], [2.0, 1.0]],
        r"\mathbf{v}": [0.5, 1.0],
        "c": 1.0,
    },
    lambda b: 1.0 * 0.5 + 2.0 * (1.0 + 1.0) + 1.0,
    tags=P,
)
add(
    "plain-max-min",
    r"\max(a, b) - \min(a, b)",
    "constructed",
    [],
    ["relu"],
    {"a": 2.0, "b": 5.0},
    lambda b: 3.0,
    tags=P,
)
add(
    "plain-shifted-cubes",
    r"\frac{1}{n}\sum_{i=1}^{n}(x_i + 1)^3",
    "constructed",
    [],
    ["mean squared error", "skewness"],
    {"x": [0.0, 1.0, -1.0], "n": 3},
    lambda b: 3.0,
    tags=P,
)
add(
    "plain-integral",
    r"\int_0^1 x^2\,dx",
    "constructed: a definite integral",
    [],
    [],
    {},
    lambda b: 1 / 3,
    tags=P,
)
add(
    "plain-tanh-sin",
    r"\tanh(a)\,\sin(b) + 1",
    "constructed",
    [],
    ["tanh"],
    {"a": 1.0, "b": 2.0},
    lambda b: math.tanh(1.0) * math.sin(2.0) + 1,
    tags=P,
)
add(
    "plain-norms",
    r"\|\mathbf{x}\|_1 + \|\mathbf{x}\|_\infty",
    "constructed: two norms added",
    [],
    ["elastic net", "lasso"],
    {r"\mathbf{x}": [1.0, -3.0, 2.0]},
    lambda b: 9.0,
    tags=P,
)
add(
    "plain-trace-det",
    r"\operatorname{tr}(\mathbf{A}\mathbf{B}) - \det(\mathbf{A})",
    "constructed",
    [],
    [],
    {r"\mathbf{A}": [[1.0, 2.0], [3.0, 4.0]], r"\mathbf{B}": [[0.0, 1.0], [1.0, 0.0]]},
    lambda b: 5.0 - (-2.0),
    tags=P,
)
add(
    "plain-diff-dot-sum",
    r"(\mathbf{x} - \mathbf{y})^\top (\mathbf{x} + \mathbf{y})",
    "constructed",
    [],
    ["cosine similarity", "mahalanobis distance"],
    {r"\mathbf{x}": [2.0, 1.0], r"\mathbf{y}": [1.0, 1.0]},
    lambda b: 3.0,
    tags=P,
)
add(
    "plain-greek-ratio",
    r"\frac{\alpha^2 - \beta}{1 + \gamma}",
    "constructed",
    [],
    ["adam", "momentum"],
    {r"\alpha": 3.0, r"\beta": 1.0, r"\gamma": 1.0},
    lambda b: 4.0,
    tags=P,
)
add(
    "plain-floor-ceil",
    r"\lfloor x \rfloor + \lceil y \rceil",
    "constructed",
    [],
    [],
    {"x": 2.7, "y": 1.2},
    lambda b: 4.0,
    tags=P,
)
add(
    "plain-binom",
    r"\binom{n}{2} + n",
    "constructed",
    [],
    ["binomial distribution"],
    {"n": 5},
    lambda b: 15.0,
    tags=P,
)
add(
    "plain-index-weighted",
    r"\sum_{j=1}^{m} j\,x_j",
    "constructed",
    [],
    ["expectation", "weighted mean"],
    {"m": 3, "x": [1.0, 0.5, 2.0]},
    lambda b: 1.0 + 1.0 + 6.0,
    tags=P,
)
add("plain-pow-minus", r"2^{k} - k", "constructed", [], [], {"k": 5}, lambda b: 27.0, tags=P)
add(
    "plain-rational",
    r"\frac{x^2 - 1}{x + 1}",
    "constructed",
    [],
    [],
    {"x": 3.0},
    lambda b: 2.0,
    tags=P,
)
add(
    "plain-exp-log-ratio",
    r"\exp(x)\cdot\log(y) / z",
    "constructed",
    [],
    [],
    {"x": 0.0, "y": math.e, "z": 2.0},
    lambda b: 0.5,
    tags=P,
)
add(
    "plain-cube-root", r"\sqrt[3]{8 + t}", "constructed", [], [], {"t": 19.0}, lambda b: 3.0, tags=P
)
add(
    "plain-hadamard-minus",
    r"\mathbf{x} \odot \mathbf{y} - \mathbf{z}",
    "constructed",
    [],
    ["glu", "lstm"],
    {r"\mathbf{x}": [1.0, 2.0], r"\mathbf{y}": [3.0, 0.5], r"\mathbf{z}": [1.0, 1.0]},
    lambda b: A([2.0, 0.0]),
    tags=P,
)
add(
    "plain-aligned-two-defs",
    r"""
\begin{aligned}
u &= 2a + 1 \\
w &= u^2 - a
\end{aligned}""",
    "constructed: two lines where the second uses the first",
    [],
    [],
    {"a": 1.5},
    lambda b: 16.0 - 1.5,
    tags=[*P, *MULTI],
)
add(
    "plain-matrix-vector-shift",
    r"\mathbf{y} = \mathbf{A}^{\mathsf{T}}\mathbf{x} - 2\mathbf{x}",
    "constructed",
    [],
    ["linear regression", "normal equations"],
    {r"\mathbf{A}": [[1.0, 2.0], [0.0, 1.0]], r"\mathbf{x}": [1.0, 1.0]},
    lambda b: A([[1.0, 0.0], [2.0, 1.0]]) @ A([1.0, 1.0]) - 2.0,
    tags=P,
)


# ================================================================ more look-alikes
add(
    "look-adam-bias-plus",
    r"\hat{\mathbf{v}}_t = \frac{\mathbf{v}_t}{1 + \beta_1^t}",
    "constructed: Adam's bias correction with 1 + β₁ᵗ",
    [],
    ["bias correction", "adam bias correction", "bias-corrected first moment", *ADAM],
    {r"\mathbf{v}_t": [0.19, -0.38], r"\beta_1": 0.9, "t": 2},
    lambda b: A([0.19, -0.38]) / 1.81,
    tags=LOOK,
)
add(
    "look-lion-squared",
    r"\theta_t \leftarrow \theta_{t-1} - \eta_t\left(c_t^2 + \lambda\theta_{t-1}\right)",
    "constructed: Lion's step with c_t squared in place of sign(c_t)",
    [],
    [*LION, "signsgd", "adamw", "weight decay"],
    {r"\theta_{t-1}": [1.0, -2.0], r"\eta_t": 0.1, "c_t": [0.5, -1.0], r"\lambda": 0.1},
    lambda b: A([1.0, -2.0]) - 0.1 * (A([0.25, 1.0]) + 0.1 * A([1.0, -2.0])),
    tags=LOOK,
)
add(
    "look-warmup-inverted",
    r"\eta_t = \eta_{\max} \cdot \frac{T_{\mathrm{warmup}}}{t}",
    "constructed: the warm-up ratio upside down",
    [],
    ["linear warm-up", "warm-up", "linear warmup", "warmup", "inverse square root schedule"],
    {r"\eta_{\max}": 0.4, "t": 200, r"T_{\mathrm{warmup}}": 100},
    lambda b: 0.2,
    tags=LOOK,
)
add(
    "look-rmsnorm-no-sqrt",
    r"\mathrm{RMSNorm}(\mathbf{x}) = \frac{\mathbf{x}}{\frac{1}{d}\sum_{i=1}^{d} x_i^2} \odot \mathbf{g}",
    "constructed: RMSNorm divided by the mean square (no square root)",
    [],
    ["rmsnorm", "rms normalization", *LN],
    {
        r"\mathbf{x}": [1.0, -2.0, 2.0],
        "x": [1.0, -2.0, 2.0],
        "d": 3,
        r"\mathbf{g}": [1.0, 0.5, 2.0],
    },
    lambda b: A([1.0, -2.0, 2.0]) / 3.0 * A([1.0, 0.5, 2.0]),
    tags=LOOK,
)
add(
    "look-selu-square",
    r"\lambda \begin{cases} x^2 & \text{if } x > 0 \\ \alpha e^x & \text{if } x \leqslant 0 \end{cases}",
    "constructed: SELU's shape with x² for positive inputs and no −α",
    [],
    ["selu", "scaled exponential linear unit", "elu", "relu"],
    {"x": 2.0, r"\lambda": 1.0507, r"\alpha": 1.67326},
    lambda b: 1.0507 * 4.0,
    tags=LOOK,
)
add(
    "look-gelu-plus",
    r"\mathrm{GeLU}[z] = z + \Phi[z]",
    "constructed: GELU's left side over z + Φ(z)",
    [],
    ["gelu", "gaussian error linear unit", *SWISH],
    {"z": 0.5},
    lambda b: 0.5 + norm_cdf(0.5),
    tags=LOOK,
)
add(
    "look-hard-swish-thirds",
    r"x \frac{\mathrm{ReLU6}(x + 3)}{3}",
    "constructed: hard swish divided by 3 instead of 6",
    [],
    ["hard swish", "h-swish", "hardswish", *SWISH],
    {"x": 1.0},
    lambda b: 4.0 / 3.0,
    tags=LOOK,
)
add(
    "look-bellman-q-minus",
    r"Q_\pi(s, a) = R(s, a) - \gamma \sum_{s'} p(s' \mid s, a)\, V_\pi(s')",
    "constructed: the Bellman equation with the future value subtracted",
    [],
    [*BELL, "bellman optimality equation", "advantage function"],
    {
        "R(s, a)": 1.0,
        r"\gamma": 0.9,
        r"p(s' \mid s, a)": [0.5, 0.5, 0.0],
        r"V_\pi(s')": [2.0, 0.0, 10.0],
    },
    lambda b: 1.0 - 0.9,
    tags=LOOK,
)
add(
    "look-sarsa-no-baseline",
    r"Q(s,a) \leftarrow Q(s,a) + \eta\left[r + \gamma Q(s', a')\right]",
    "constructed: SARSA without subtracting Q(s, a) (no TD error)",
    [],
    ["sarsa", *QL, "expected sarsa", "td error"],
    {"Q(s,a)": 1.0, r"\eta": 0.5, "r": 1.0, r"\gamma": 0.9, "Q(s', a')": 2.0},
    lambda b: 1.0 + 0.5 * 2.8,
    tags=LOOK,
)
add(
    "look-ppo-clip-advantage",
    r"\min\left(r_t(\theta)\hat{A}_t, \operatorname{clip}(\hat{A}_t, 1-\epsilon, 1+\epsilon)\, r_t(\theta)\right)",
    "constructed: PPO's objective clipping the advantage instead of the ratio",
    [],
    [*PPO, "trpo"],
    {r"r_t(\theta)": 1.5, r"\hat{A}_t": 2.0, r"\epsilon": 0.2},
    lambda b: min(3.0, 1.2 * 1.5),
    tags=LOOK,
)
add(
    "look-kl-reward-plus",
    r"R(x, y) = r_\theta(x, y) + \beta \log\left[\pi^{\mathrm{RL}}_\phi(y \mid x) / \pi^{\mathrm{SFT}}(y \mid x)\right]",
    "constructed: the KL-penalised reward with the penalty added (a bonus for drifting away)",
    [],
    ["kl-regularized reward", "kl penalized reward", "rlhf reward", "kl-regularized rlhf", "dpo"],
    {
        r"r_\theta(x, y)": 1.0,
        r"\beta": 0.1,
        r"\pi^{\mathrm{RL}}_\phi(y \mid x)": 0.5,
        r"\pi^{\mathrm{SFT}}(y \mid x)": 0.25,
    },
    lambda b: 1.0 + 0.1 * math.log(2.0),
    tags=LOOK,
)
add(
    "look-posterior-variance-denominator",
    r"\sigma_q^2(t) = \frac{(1 - \alpha_t)(1 - \bar\alpha_{t-1})}{\bar\alpha_{t}}",
    "constructed: the DDPM posterior variance over ᾱ_t in place of 1 − ᾱ_t",
    [],
    ["ddpm posterior variance", "posterior variance", "ddpm posterior"],
    {r"\alpha_t": 0.81, r"\bar\alpha_{t-1}": 0.64, r"\bar\alpha_{t}": 0.5184},
    lambda b: 0.19 * 0.36 / 0.5184,
    tags=LOOK,
)
add(
    "look-ddim-swapped",
    r"\boldsymbol{x}_{t-1} = \sqrt{1 - \bar\alpha_{t-1}}\,\hat{\boldsymbol{x}}_0 + \sqrt{\bar\alpha_{t-1}}\,\hat{\boldsymbol{\epsilon}}_{\boldsymbol{\theta}}(\boldsymbol{x}_t, t)",
    "constructed: the deterministic DDIM step with the two coefficients swapped",
    [],
    ["ddim", "ddim sampling step", "ddim update", "ddpm sampling step", *FWD],
    {
        r"\bar\alpha_{t-1}": 0.81,
        r"\hat{\boldsymbol{x}}_0": [1.0, -1.0],
        r"\hat{\boldsymbol{\epsilon}}_{\boldsymbol{\theta}}(\boldsymbol{x}_t, t)": EPS,
    },
    lambda b: math.sqrt(0.19) * A([1.0, -1.0]) + 0.9 * A(EPS),
    tags=LOOK,
)
add(
    "look-tweedie-minus",
    r"\mathbb{E}\left[\boldsymbol{\mu}_{z} \mid \boldsymbol{z}\right] = \boldsymbol{z} - \boldsymbol{\Sigma}_z \nabla_{\boldsymbol{z}} \log p(\boldsymbol{z})",
    "constructed: Tweedie's formula with the score subtracted",
    [],
    ["tweedie's formula", "tweedie formula", "score matching"],
    {
        r"\boldsymbol{z}": [1.0, 0.0],
        r"\boldsymbol{\Sigma}_z": SPD2,
        r"\nabla_{\boldsymbol{z}} \log p(\boldsymbol{z})": [-1.0, 0.5],
    },
    lambda b: A([1.0, 0.0]) - A(SPD2) @ A([-1.0, 0.5]),
    tags=LOOK,
)
add(
    "look-mvn-no-half",
    r"\frac{1}{(2\pi)^{D/2}|\boldsymbol{\Sigma}|^{1/2}}\exp\left\{-(\mathbf{x}-\boldsymbol{\mu})^{\mathrm{T}}\boldsymbol{\Sigma}^{-1}(\mathbf{x}-\boldsymbol{\mu})\right\}",
    "constructed: the MVN density without the 1/2 in the exponent (no longer normalised)",
    [],
    [*MVN, *MAHA],
    {r"\mathbf{x}": YV, r"\boldsymbol{\mu}": MU, r"\boldsymbol{\Sigma}": SPD2, "D": 2},
    lambda b: math.exp(-maha2(YV, MU, SPD2)) / (2 * math.pi * math.sqrt(np.linalg.det(A(SPD2)))),
    tags=LOOK,
)
add(
    "look-laplace-squared",
    r"\frac{1}{2b}\exp\left(-\frac{(y - \mu)^2}{b}\right)",
    "constructed: the Laplace normaliser over a squared deviation (neither Laplace nor a normalised Gaussian)",
    [],
    ["laplace distribution", "laplace density", *GAUSS],
    {"y": 1.0, r"\mu": 0.0, "b": 0.5},
    lambda b: math.exp(-2.0),
    tags=LOOK,
)
add(
    "look-poisson-no-factorial",
    r"e^{-\lambda}\lambda^{x}",
    "constructed: the Poisson pmf without x!",
    [],
    ["poisson distribution", "poisson pmf", "exponential distribution"],
    {"x": 2, r"\lambda": 3.0},
    lambda b: math.exp(-3.0) * 9,
    tags=LOOK,
)
add(
    "look-cosine-sum-of-norms",
    r"\frac{\mathbf{a}\cdot\mathbf{b}}{\|\mathbf{a}\| + \|\mathbf{b}\|}",
    "constructed: cosine similarity's fraction with the norms added",
    [],
    ["cosine similarity", "dot product"],
    {r"\mathbf{a}": [3.0, 4.0], r"\mathbf{b}": [4.0, 3.0]},
    lambda b: 2.4,
    tags=LOOK,
)
add(
    "look-euclid-abs",
    r"d(\mathbf{p}, \mathbf{q}) = \sqrt{\sum_{i=1}^{n}|q_i - p_i|}",
    "constructed: the Euclidean distance's left side over the square root of an L1 sum",
    [],
    ["euclidean distance", "manhattan distance", "l1 distance"],
    {
        r"\mathbf{p}": [1.0, 2.0, 3.0],
        r"\mathbf{q}": [3.0, 2.0, 4.0],
        "p": [1.0, 2.0, 3.0],
        "q": [3.0, 2.0, 4.0],
        "n": 3,
    },
    lambda b: math.sqrt(3.0),
    tags=LOOK,
)
add(
    "look-gini-squared",
    r"G = \sum_{c=1}^{C}\hat{\pi}_{c}^2(1 - \hat{\pi}_{c})",
    "constructed: the Gini index with the first factor squared",
    [],
    ["gini impurity", "gini index", "entropy"],
    {"C": 3, r"\hat{\pi}": [0.5, 0.25, 0.25]},
    lambda b: 0.125 + 2 * 0.046875,
    tags=LOOK,
)
add(
    "look-specificity-mixed",
    r"\mathrm{TNR} = \frac{TN}{TP + FP}",
    "constructed: specificity's left side over TN / (TP + FP)",
    [],
    ["specificity", "true negative rate", *PREC, *REC],
    {"TN": 6, "TP": 8, "FP": 2},
    lambda b: 0.6,
    tags=LOOK,
)
add(
    "look-pca-recon-minus",
    r"\hat{\mathbf{x}} = \bar{\mathbf{x}} - \mathbf{U}_K\mathbf{U}_K^\mathsf{T}(\mathbf{x} - \bar{\mathbf{x}})",
    "constructed: the PCA reconstruction with the projection subtracted",
    [],
    [*PCA, "pca reconstruction"],
    {r"\mathbf{U}_K": [[0.6], [0.8]], r"\mathbf{x}": [3.0, 4.0], r"\bar{\mathbf{x}}": [1.0, 1.0]},
    lambda b: A([1.0, 1.0]) - 3.6 * A([0.6, 0.8]),
    tags=LOOK,
)
add(
    "look-logreg-minus",
    r"h_\theta(x) = \frac{1}{1 - e^{-\theta^T x}}",
    "constructed: the logistic hypothesis with 1 − e^{−θᵀx} in the denominator",
    [],
    [*LOGREG, "softmax"],
    {r"\theta": [1.0, -0.5], "x": [2.0, 2.0]},
    lambda b: 1 / (1 - math.exp(-1.0)),
    tags=LOOK,
)
add(
    "look-nll-log-one-plus",
    r"-\frac{1}{N}\sum_{n=1}^{N} \log\left(1 + p(y_n \mid \boldsymbol{x}_n, \boldsymbol{\theta})\right)",
    "constructed: the NLL with log(1 + p)",
    [],
    ["negative log likelihood", "negative log-likelihood", "nll", "cross entropy", "softplus"],
    {"N": 3, r"p(y_n \mid \boldsymbol{x}_n, \boldsymbol{\theta})": [0.5, 0.25, 1.0]},
    lambda b: -(math.log(1.5) + math.log(1.25) + math.log(2.0)) / 3,
    tags=LOOK,
)

# ================================================================ more plain expressions
add(
    "plain-two-fractions",
    r"\frac{1}{1 + x} + \frac{1}{1 - x}",
    "constructed",
    [],
    [],
    {"x": 0.5},
    lambda b: 2 / 3 + 2.0,
    tags=P,
)
add(
    "plain-gm-minus-am",
    r"\sqrt{a b} - \frac{a + b}{2}",
    "constructed",
    [],
    ["geometric mean"],
    {"a": 4.0, "b": 9.0},
    lambda b: 6.0 - 6.5,
    tags=P,
)
add(
    "plain-cube-sum",
    r"(x + y)^3",
    "constructed",
    [],
    [],
    {"x": 1.0, "y": 2.0},
    lambda b: 27.0,
    tags=P,
)
add(
    "plain-vtv-minus-one",
    r"\mathbf{v}^\top\mathbf{v} - 1",
    "constructed",
    [],
    ["l2 normalization", "cosine similarity"],
    {r"\mathbf{v}": [1.0, 2.0]},
    lambda b: 4.0,
    tags=P,
)
add(
    "plain-trig-mix",
    r"\sin^2(\theta) - \cos(2\theta)",
    "constructed",
    [],
    [],
    {r"\theta": 0.3},
    lambda b: math.sin(0.3) ** 2 - math.cos(0.6),
    tags=P,
)
add("plain-log10", r"\log_{10}(1000\,x)", "constructed", [], [], {"x": 10.0}, lambda b: 4.0, tags=P)
add(
    "plain-expm1-ratio",
    r"\frac{e^{a} - 1}{a}",
    "constructed",
    [],
    ["softplus", "elu"],
    {"a": 1.0},
    lambda b: math.e - 1,
    tags=P,
)
add(
    "plain-det-shift",
    r"\det(\mathbf{A} + \mathbf{I})",
    "constructed",
    [],
    [],
    {r"\mathbf{A}": [[1.0, 2.0], [0.0, 3.0]]},
    lambda b: 8.0,
    tags=P,
)
add(
    "plain-max-plus-min",
    r"\max_i x_i + 2\min_i x_i",
    "constructed",
    [],
    ["relu"],
    {"x": [3.0, -1.0, 2.0]},
    lambda b: 1.0,
    tags=P,
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
        f, b = item["_f"], item["bindings"]
        rows.append(
            {
                "id": item["id"],
                "latex": item["latex"],
                "source": item["source"],
                "expected": item["expected"],
                "never": item["never"],
                "bindings": b,
                "expected_value": _plain(f(b)) if f is not None and b is not None else None,
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
            print("holdout.jsonl is stale: run python -m tests.graded.make_holdout")
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {len(text.splitlines())} formulas to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
