"""The formula bank: every reference implementation checked against its stored value and
an independent computation written here in plain Python (no NumPy)."""

from __future__ import annotations

import ast
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from tutor.offline.bank import formula_bank


def run_reference(code: str) -> Any:
    tree = ast.parse(code)
    last = tree.body.pop()
    assert isinstance(last, ast.Expr)
    namespace: dict[str, Any] = {"np": np, "math": math}
    exec(compile(tree, "<bank>", "exec"), namespace)
    return eval(compile(ast.Expression(last.value), "<bank>", "eval"), namespace)


def _softmax(z: list[float]) -> list[float]:
    e = [math.exp(v) for v in z]
    return [v / sum(e) for v in e]


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def _attention() -> list[float]:
    q = [[1.0, 0.0], [0.0, 1.0]]
    k = [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]
    v = [1.0, 2.0, 3.0]
    out = []
    for row in q:
        scores = [sum(a * b for a, b in zip(row, key, strict=True)) / math.sqrt(2) for key in k]
        weights = _softmax(scores)
        out.append(sum(w * x for w, x in zip(weights, v, strict=True)))
    return out


def _mha() -> float:
    # identity projections: each head attends within its own two features
    x = [[1.0, 0.0, 0.0, 1.0], [0.0, 1.0, 1.0, 0.0]]
    total = 0.0
    for head in (slice(0, 2), slice(2, 4)):
        rows = [r[head] for r in x]
        for query in rows:
            scores = [
                sum(a * b for a, b in zip(query, key, strict=True)) / math.sqrt(2) for key in rows
            ]
            weights = _softmax(scores)
            total += sum(
                sum(w * val[c] for w, val in zip(weights, rows, strict=True)) for c in range(2)
            )
    return total


def _sgd() -> float:
    w = 0.0
    for xs, ys in (([1.0, 2.0], [2.0, 4.0]), ([3.0, 4.0], [6.0, 8.0])):
        grad = sum(2 * x * (x * w - y) for x, y in zip(xs, ys, strict=True)) / len(xs)
        w -= 0.05 * grad
    return w


def _momentum() -> float:
    theta, v = 5.0, 0.0
    for _ in range(3):
        v = 0.9 * v - 0.1 * 2 * theta
        theta += v
    return theta


def _adam() -> float:
    theta, m, v = 1.0, 0.0, 0.0
    for t in (1, 2):
        g = 2 * theta
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        theta -= 0.1 * (m / (1 - 0.9**t)) / (math.sqrt(v / (1 - 0.999**t)) + 1e-8)
    return theta


def _ddpm_forward() -> float:
    betas = [1e-4 + (0.02 - 1e-4) * i / 999 for i in range(1000)]
    alpha_bar = math.prod(1 - b for b in betas[:500])
    return math.sqrt(alpha_bar) * 1.0 + math.sqrt(1 - alpha_bar) * 0.5


def _mle() -> float:
    # the Gaussian log-likelihood in the mean is maximised by the sample mean
    return sum([2.0, 4.0, 9.0]) / 3


def _positional() -> list[float]:
    return [
        round(math.sin(1.0), 6),
        round(math.cos(1.0), 6),
        round(math.sin(0.01), 6),
        round(math.cos(0.01), 6),
    ]


INDEPENDENT: dict[str, Callable[[], Any]] = {
    "softmax": lambda: _softmax([1.0, 2.0, 3.0]),
    "log_softmax": lambda: [math.log(p) for p in _softmax([1.0, 2.0, 3.0])],
    "sigmoid": lambda: [_sigmoid(x) for x in (-2.0, 0.0, 3.0)],
    "tanh": lambda: [
        (math.exp(x) - math.exp(-x)) / (math.exp(x) + math.exp(-x)) for x in (-1.0, 0.0, 0.5)
    ],
    "relu": lambda: [max(0.0, x) for x in (-1.5, 0.0, 2.0)],
    "gelu": lambda: [x * 0.5 * math.erfc(-x / math.sqrt(2)) for x in (-1.0, 0.0, 1.0)],
    "cross_entropy": lambda: -math.log(_softmax([2.0, 1.0, 0.1])[0]),
    "bce": lambda: -(math.log(0.9) + math.log(0.8) + math.log(0.6)) / 3,
    "mse": lambda: (0.25 + 0 + 1) / 3,
    "kl": lambda: 0.5 * math.log(0.5 / 0.4) + 0.3 * math.log(0.3 / 0.4),
    "entropy": lambda: -(0.5 * math.log(0.5) + 2 * 0.25 * math.log(0.25)),
    "gaussian_pdf": lambda: math.exp(-1 / 8) / (2 * math.sqrt(2 * math.pi)),
    "gaussian_logpdf": lambda: math.log(math.exp(-1 / 8) / (2 * math.sqrt(2 * math.pi))),
    "mle": _mle,
    "bayes": lambda: 0.9 * 0.01 / (0.9 * 0.01 + 0.05 * 0.99),
    "attention": _attention,
    "multihead": _mha,
    "layernorm": lambda: [(x - 2) / math.sqrt(2 / 3 + 1e-5) for x in (1.0, 2.0, 3.0)],
    "batchnorm": lambda: [-1 / math.sqrt(1 + 1e-5), 0.0, 1 / math.sqrt(1 + 1e-5), 0.0],
    "gradient_descent": lambda: 5.0 * (1 - 0.2) ** 3,
    "sgd": _sgd,
    "momentum": _momentum,
    "adam": _adam,
    "weight_decay": lambda: [1.0 - 0.1 * (0.2 + 0.5), -2.0 - 0.1 * (0.2 - 1.0)],
    "cosine": lambda: 32 / (math.sqrt(14) * math.sqrt(77)),
    "l2_norm": lambda: math.sqrt(9 + 16 + 144),
    "l1_norm": lambda: 3 + 4 + 1,
    "reparam": lambda: [1.0, 2.0],
    "elbo": lambda: -1.2 - (-0.5 * (2 - 0.25 - 0.25 - 2)),
    "gan": lambda: (math.log(0.9) + math.log(0.8)) / 2 + (math.log(0.8) + math.log(0.9)) / 2,
    "ddpm_forward": _ddpm_forward,
    "ddpm_loss": lambda: ((0.1**2 + 0.2**2) + (0.0 + 0.2**2)) / 2,
    "flow_matching": lambda: (1.5 - 2) ** 2 + (2.5 - 2) ** 2,
    "perplexity": lambda: (4 * 2 * 8) ** (1 / 3),
    "positional": _positional,
    "lora": lambda: [1 + 2 * 1 * 1.5, 2.0, 3 + 2 * 2 * 1.5],
    "linear": lambda: [1 + 2 + 0.5, -1.0, 3 + 1 - 1],
    "logistic_regression": lambda: _sigmoid(2 - 3 + 0.5),
    "dropout": lambda: 1.0,
    "softplus": lambda: [math.log1p(math.exp(-2.0)), math.log(2.0), 30 + math.log1p(math.exp(-30))],
    "logsumexp": lambda: 1000 + math.log(2),
    "variance": lambda: sum((x - 5) ** 2 for x in (2, 4, 4, 4, 5, 5, 7, 9)) / 8,
    "expectation_mc": lambda: 1.0,
    "td_error": lambda: 1.0 + 0.9 * 2.0 - 0.5,
    "policy_gradient": lambda: [(1 - 0.5) * 2, -0.5 * 2],
    "conv1d": lambda: [1 * 1 + 2 * 0 + 3 * -1, 2 * 1 + 3 * 0 + 4 * -1],
    "rmsnorm": lambda: [x / math.sqrt((9 + 16) / 2 + 1e-8) for x in (3.0, 4.0)],
}

FORMULAS = formula_bank().formulas


def test_the_bank_has_at_least_40_formulas_with_the_required_ones() -> None:
    ids = {f.id for f in FORMULAS}
    assert len(ids) == len(FORMULAS) >= 40
    required = {
        "softmax",
        "log_softmax",
        "sigmoid",
        "tanh",
        "relu",
        "gelu",
        "cross_entropy",
        "bce",
        "mse",
        "kl",
        "entropy",
        "gaussian_pdf",
        "gaussian_logpdf",
        "mle",
        "bayes",
        "attention",
        "multihead",
        "layernorm",
        "batchnorm",
        "gradient_descent",
        "sgd",
        "momentum",
        "adam",
        "weight_decay",
        "cosine",
        "l1_norm",
        "l2_norm",
        "reparam",
        "elbo",
        "gan",
        "ddpm_forward",
        "ddpm_loss",
        "flow_matching",
        "perplexity",
        "positional",
        "lora",
    }
    assert required <= ids


# entries of data/formulas/*.json have their independent checks in test_formula_bank_extra.py
@pytest.mark.parametrize(
    "formula", [f for f in FORMULAS if f.id in INDEPENDENT], ids=lambda f: f.id
)
def test_reference_implementation_matches_check_and_independent_computation(formula) -> None:  # type: ignore[no-untyped-def]
    value = np.asarray(run_reference(formula.numpy), dtype=float)
    assert np.allclose(value, np.asarray(formula.check, dtype=float), rtol=1e-6, atol=1e-9)
    independent = np.asarray(INDEPENDENT[formula.id](), dtype=float)
    assert np.allclose(value, independent, rtol=1e-4, atol=1e-6), (value, independent)


@pytest.mark.parametrize("formula", FORMULAS, ids=lambda f: f.id)
def test_every_entry_is_bilingual_and_cites_properly(formula) -> None:  # type: ignore[no-untyped-def]
    for text in (formula.name, formula.what, formula.pitfall):
        assert text.en and text.ja
    if formula.arxiv:
        assert formula.arxiv.count(".") == 1 and formula.arxiv[:4].isdigit()
