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
        (r"\mathbb{E}_{x \sim p}[f(x)]", "p に従う x についての x の f の期待値"),
        (r"p(y \mid x)", "（x が与えられたときの y） の p"),
        # function application: the argument, の, then the function, everywhere
        (r"f(x)", "x の f"),
        (r"\sigma(z)", "z の シグマ"),
        (r"Q(s, a)", "（s、a） の Q"),
        (r"\cos\theta", "シータ の コサイン"),
        (r"\log\frac{a}{b}", "（b 分の a） の ログ"),
        (r"\log p(x \mid z)", "（（z が与えられたときの x） の p） の ログ"),
        (r"\exp(s_{ii}/\tau)", "（s サブ i i 割る タウ） の エクスポネンシャル"),
        (
            r"\begin{cases} a & \text{for } |a| \le \delta, \\ 0 & \text{otherwise.} \end{cases}",
            "a の絶対値 以下 デルタ のとき a; 0 それ以外",
        ),
        (r"a,~~ b", "a、b"),
        (r"\max(0, x)", "（0、x） の 最大値"),
        (r"f(x) := x^2", "x の f を x の 2 乗 と定義する"),
        # 分の: the denominator first, each side grouped when it has several parts
        (r"\frac{x}{2\sigma^2}", "（2 シグマ の 2 乗） 分の x"),
        (r"2\frac{a}{b}", "2 （b 分の a）"),
        (r"\frac{1}{1+e^{-x}}", "（1 プラス e の マイナス x 乗） 分の 1"),
        # a big operator: its range, then its term, then the operator
        (r"\sum_{i=1}^{n} x_i", "i が 1 から n までの x サブ i の総和"),
        (r"\sum_i x_i + c", "i についての x サブ i の総和 プラス c"),
        (r"\prod_{t=1}^{T} p_t", "t が 1 から T までの p サブ t の総乗"),
        (
            r"-\sum_{i} y_i \log \hat{y}_i",
            "マイナス i についての y サブ i （y ハット サブ i の ログ） の総和",
        ),
        (
            r"\theta \leftarrow \theta - \alpha \nabla_\theta \mathcal{L}(\theta)",
            "シータ を シータ マイナス アルファ （シータ についての シータ の 損失 L の勾配） で更新する",
        ),
        # ordinals, norms
        (r"W^{(2)}", "2 番目の W"),
        (r"\|x - y\|^2", "（（x マイナス y） のノルム） の 2 乗"),
        (r"x \sim \mathcal{N}(\mu, \sigma^2)", "（ミュー、シグマ の 2 乗） の 正規分布 に従う x"),
    ],
)
def test_reading_in_japanese_order(latex: str, said: str) -> None:
    assert read(latex, "ja") == said


@pytest.mark.parametrize(
    ("latex", "said"),
    [
        (
            r"\mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V",
            "softmax of (Q K transpose over the square root of d sub k) V",
        ),
        (r"\|x - y\|^2", "(the norm of (x minus y)) squared"),
    ],
)
def test_an_argument_or_a_norm_keeps_its_extent_in_english(latex: str, said: str) -> None:
    assert read(latex) == said


def test_japanese_reading_has_no_placeholders() -> None:
    for latex in (
        r"x \sim p",
        r"p(y \mid x)",
        r"\mathbb{E}_{x \sim p}[x]",
        r"\sum_{k=0}^{\infty} \gamma^k R_{t+k+1}",
        r"\operatorname{argmax}_a Q(s, a)",
    ):
        assert "〜" not in read(latex, "ja")


def test_a_greek_letter_before_a_sum_in_brackets_multiplies_it() -> None:
    said = read(r"\theta - \eta (a + \lambda b)")
    assert "eta of" not in said and "eta times (a plus lambda b)" in said


def test_an_accent_stays_in_the_numpy_name() -> None:
    from tutor.tools.symbols import lookup_symbol

    item = next(i for i in lookup_symbol(r"\hat{m}_t").items if i.latex == r"\hat{m}_t")
    assert item.numpy == "m_hat[t]"


@pytest.mark.parametrize(
    ("latex", "en", "ja"),
    [
        (r"y^{(\mathrm{test})}", "y (test)", "y （test）"),
        (r"X^{(\mathrm{train})\top}", "X (train) transpose", "X （train） 転置"),
    ],
)
def test_a_word_in_brackets_is_a_label_not_an_ordinal(latex: str, en: str, ja: str) -> None:
    assert read(latex) == en and read(latex, "ja") == ja


def test_a_set_size_keeps_its_bars_in_both_languages() -> None:
    latex = r"\frac{|A \cap B|}{|A \cup B|}"
    assert read(latex) == (
        "the absolute value of (A intersection B) over the absolute value of (A union B)"
    )
    assert read(latex, "ja") == "（A 和集合 B） の絶対値 分の （A 共通部分 B） の絶対値"


@pytest.mark.parametrize(
    ("latex", "en", "ja"),
    [
        (
            r"\sigma(W x + b)",
            "sigma of (W x plus b)",
            "（W x プラス b） の シグマ",
        ),
        (
            r"U(r \odot h)",
            "U times (r Hadamard product h)",
            "U かける （r アダマール積 h）",
        ),
    ],
)
def test_a_sigmoid_applies_and_a_matrix_multiplies(latex: str, en: str, ja: str) -> None:
    assert read(latex) == en and read(latex, "ja") == ja


@pytest.mark.parametrize(
    ("latex", "en", "ja"),
    [
        (r"w^{(\tau+1)}", "the (tau plus 1)-th w", "（タウ プラス 1） 番目の w"),
        (r"w^{(\tau)}", "the tau-th w", "タウ 番目の w"),
        (r"\mathop{\mathrm{argmax}} P(X).", "argmax P of X", "argmax （X の P）"),
    ],
)
def test_ordinals_and_words_are_read_not_their_latex(latex: str, en: str, ja: str) -> None:
    assert read(latex) == en and read(latex, "ja") == ja


def test_no_latex_leaks_into_a_reading_of_the_graded_set() -> None:
    from tests.graded.harness import load_set

    for item in load_set():
        nodes = parse(item["latex"], macros_for())
        for lang in ("en", "ja"):
            said = read_aloud(nodes, lang)
            assert "\\" not in said and "〜" not in said, (item["id"], lang, said)
