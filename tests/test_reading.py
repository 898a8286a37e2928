"""Rendering and reading aloud never change the meaning (the issue's failures, and more)."""

from __future__ import annotations

import pytest

from tutor.latex.macros import macros_for
from tutor.latex.parser import parse
from tutor.latex.unicode import to_unicode
from tutor.offline.reading import read_aloud


def read(latex: str, lang: str = "en") -> str:
    return read_aloud(parse(latex, macros_for()), lang)


@pytest.mark.parametrize(
    ("latex", "shown"),
    [
        (r"\log\frac{a}{b}", "log(a/b)"),
        (r"\exp\frac{-x^2}{2}", "exp(−x²/2)"),
        (r"\left\| x \right\|^2", "‖x‖²"),
        (r"\frac{1}{2}x", "(1/2)x"),
        (r"\frac{a+b}{c}", "(a + b)/c"),
        (r"f(x) := x^2", "f(x) := x²"),
        (r"\text{if } x", "if x"),
    ],
)
def test_rendering_keeps_the_grouping(latex: str, shown: str) -> None:
    assert to_unicode(latex) == shown


def test_cases_are_on_their_own_lines() -> None:
    shown = to_unicode(
        r"f(x) = \begin{cases} x & \text{if } x > 0 \\ 0 & \text{otherwise} \end{cases}"
    )
    lines = shown.splitlines()
    assert len(lines) == 3 and "if x > 0" in lines[1] and "otherwise" in lines[2]


@pytest.mark.parametrize(
    ("latex", "said"),
    [
        (r"\log\frac{a}{b}", "log of (a over b)"),
        (r"\exp\frac{-x^2}{2}", "exp of (minus x squared over 2)"),
        (r"\cos\theta", "cosine theta"),
        (r"\tan x", "tangent x"),
        (r"x^{(i)}", "the i-th x"),
        (r"W^{(2)}", "the 2nd W"),
        (r"f(x) := x^2", "f of x is defined as x squared"),
        (r"D_{KL}(p \| q)", "the KL divergence of p from q"),
        (r"p(y \mid x; \theta)", "p of y given x; with parameters theta"),
        (r"\frac{a+b}{c}", "(a plus b) over c"),
        (r"\sqrt{x+1}", "the square root of (x plus 1)"),
    ],
)
def test_reading_in_english(latex: str, said: str) -> None:
    assert read(latex) == said


def test_a_norm_is_never_read_in_a_divergence() -> None:
    assert "norm" not in read(r"D_{\mathrm{KL}}(P \,\|\, Q)")


@pytest.mark.parametrize(
    ("latex", "said"),
    [
        (r"\frac{a+b}{c}", "c 分の （a プラス b）"),
        (r"x^{(i)}", "i 番目の x"),
        (r"D_{KL}(p \| q)", "q に対する p の KL ダイバージェンス"),
        (r"\mathbb{E}_{x \sim p}[f(x)]", "p に従う x についての期待値 f x"),
        (r"p(y \mid x)", "p x が与えられたときの y"),
    ],
)
def test_reading_in_japanese_order(latex: str, said: str) -> None:
    assert read(latex, "ja") == said


def test_japanese_reading_has_no_placeholders() -> None:
    for latex in (r"x \sim p", r"p(y \mid x)", r"\mathbb{E}_{x \sim p}[x]"):
        assert "〜" not in read(latex, "ja")


def test_a_greek_letter_before_a_sum_in_brackets_multiplies_it() -> None:
    said = read(r"\theta - \eta (a + \lambda b)")
    assert "eta of" not in said and "eta times (a plus lambda b)" in said


def test_an_accent_stays_in_the_numpy_name() -> None:
    from tutor.tools.symbols import lookup_symbol

    item = next(i for i in lookup_symbol(r"\hat{m}_t").items if i.latex == r"\hat{m}_t")
    assert item.numpy == "m_hat[t]"
