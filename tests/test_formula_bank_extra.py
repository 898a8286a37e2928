"""The extended formula bank (tutor/data/formulas/*.json).

Every reference implementation must give its stored `check`, and `check` must equal a
computation written here a different way: plain-Python loops, closed forms worked by hand,
textbook values, finite differences, or Monte Carlo with a fixed seed.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from importlib import resources
from typing import Any

import numpy as np
import pytest

from tests.test_formula_bank import run_reference
from tutor.latex.macros import macros_for
from tutor.latex.parser import parse
from tutor.offline.bank import Formula, formula_bank
from tutor.tools.numpy_exec import check_code


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
}


# --- the tests ------------------------------------------------------------------------


FLOOR = 73


def test_the_whole_bank_has_at_least_150_formulas_with_unique_ids() -> None:
    ids = [f.id for f in formula_bank().formulas]
    assert len(ids) == len(set(ids)) >= FLOOR, len(ids)
    per_file = [f["id"] for entries in FILES.values() for f in entries]
    assert len(per_file) == len(set(per_file))


def test_every_new_formula_has_an_independent_check() -> None:
    assert {f.id for f in EXTRA} == set(INDEPENDENT)


@pytest.mark.parametrize("formula", EXTRA, ids=lambda f: f.id)
def test_reference_matches_check_and_an_independent_computation(formula: Formula) -> None:
    check_code(formula.numpy)  # the sandbox accepts it, as `tutor explain` runs it there
    value = np.asarray(run_reference(formula.numpy), dtype=float)
    stored = np.asarray(formula.check, dtype=float)
    assert value.shape == stored.shape
    assert np.allclose(value, stored, rtol=1e-6, atol=1e-9), (value, stored)
    independent = np.asarray(INDEPENDENT[formula.id](), dtype=float)
    assert np.allclose(stored, independent, rtol=1e-4, atol=1e-6), (stored, independent)


JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
PLACEHOLDERS = ("〜", "TODO", "TBD", "???", "...")


@pytest.mark.parametrize("formula", EXTRA, ids=lambda f: f.id)
def test_every_new_formula_is_bilingual_cited_and_parses(formula: Formula) -> None:
    assert formula.arxiv or formula.reference
    if formula.arxiv:
        assert re.fullmatch(r"\d{4}\.\d{4,5}", formula.arxiv), formula.arxiv
    if formula.reference:
        assert re.search(r"\d{4}", formula.reference)  # a year or an arXiv id
        assert "§" in formula.reference or "arXiv" in formula.reference or "Eq" in formula.reference
    assert formula.name.en.strip() and formula.name.ja.strip()  # a name may be Latin: "Mish"
    for text in (formula.name, formula.what, formula.pitfall):
        assert not any(p in text.ja or p in text.en for p in PLACEHOLDERS)
    for text in (formula.what, formula.pitfall):
        assert JAPANESE.search(text.ja) and text.en != text.ja, text.ja
    assert 1 <= len(formula.latex) <= 6
    for latex in formula.latex:
        parse(latex, macros_for())
