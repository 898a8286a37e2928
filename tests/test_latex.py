"""The LaTeX parser, the Unicode renderer and math in Markdown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.errors import LatexError
from tutor.latex.macros import macros_for, parse_definitions
from tutor.latex.markdown import render_math
from tutor.latex.parser import parse
from tutor.latex.tree import Command, Environment, Fenced, Scripts, Sym, Text
from tutor.latex.unicode import to_unicode

CORPUS = Path(__file__).parent / "corpus" / "ml_formulas.jsonl"


def test_tree_shapes() -> None:
    nodes = parse(r"\sum_{i=1}^{n} \frac{a}{\sqrt[3]{b}} \left( x \right) \text{ if } y")
    scripts = nodes[0]
    assert isinstance(scripts, Scripts) and isinstance(scripts.base, Sym)
    assert scripts.base.text == "sum" and scripts.sup is not None
    frac = nodes[1]
    assert isinstance(frac, Command) and frac.name == "frac"
    root = frac.args[1][0]
    assert isinstance(root, Command) and root.name == "sqrt" and root.optional is not None
    assert isinstance(nodes[2], Fenced) and nodes[2].left == "("
    assert isinstance(nodes[3], Text) and nodes[3].text == " if "  # spacing as typed


def test_align_environment_colour_and_sizing_are_handled() -> None:
    nodes = parse(r"\begin{aligned} a &= \textcolor{red}{b} \\ &= \Big( c \Big) \end{aligned}")
    env = nodes[0]
    assert isinstance(env, Environment) and len(env.rows) == 2
    assert to_unicode(r"\color{blue} x \displaystyle + \, y") == "x + y"


def test_book_macros_and_newcommand_are_expanded() -> None:
    assert (
        to_unicode(
            r"\va^\top \mA \vx",
        )
        == "𝐚ᵀ𝐀𝐱"
    )
    found, rest = parse_definitions(r"\newcommand{\bx}{\mathbf{x}} \bx + 1")
    assert found == {r"\bx": (0, r"\mathbf{x}")} and rest.strip() == r"\bx + 1"
    assert to_unicode(r"\newcommand{\KL}[2]{D(#1 \| #2)} \KL{p}{q}") == "D(p‖q)"


@pytest.mark.parametrize(
    ("latex", "words"),
    [
        (r"\frac{a}{b", "'{' is never closed"),
        (r"a}", "'}' has no matching '{'"),
        (r"\left( x", "\\left is never closed"),
        (r"\right)", "\\right without"),
        (r"\begin{foo} x \end{foo}", "unknown environment 'foo'"),
        (r"\begin{aligned} x \end{cases}", "closed by \\end{cases}"),
        (r"x^a^b", "double superscript"),
        ("\\frac{" * 2000, "nested more than 60 levels"),
        ("{" * 500 + "x" + "}" * 500, "nested more than 60 levels"),
        ("\\hat" * 3000 + "x", "nested more than 60 levels"),
        ("x^{" * 400 + "y" + "}" * 400, "nested more than 60 levels"),
        ("x^", "nothing after it"),
        ("\\", "lone backslash"),
    ],
)
def test_parse_errors_are_typed_and_point_at_the_position(latex: str, words: str) -> None:
    with pytest.raises(LatexError) as info:
        parse(latex)
    assert words in str(info.value)
    assert info.value.position is not None


def test_a_1mb_paste_and_binary_garbage_are_refused_before_parsing() -> None:
    # how fast: bench/run.py badinput (timings stay out of the unit tests)
    with pytest.raises(LatexError, match="too long"):
        parse("x + " * 260_000)
    with pytest.raises(LatexError, match="binary character"):
        parse("\x00\x01\x02 PK\x03\x04 garbage")


def test_runaway_macros_are_stopped() -> None:
    with pytest.raises(LatexError, match=r"expand without end|too large"):
        parse(r"\newcommand{\a}{\a\a} \a")


PIECES = [
    *"\\{}^_&$()[]|ab1 +-=",
    "\\frac",
    "\\left(",
    "\\right)",
    "\\sum",
    "\\begin{aligned}",
    "\\end{aligned}",
    "\\mathbf",
    "\\sqrt[",
    "\\text{",
    "\\alpha",
    "\\newcommand{\\z}[1]{#1#1}",
    "\\z",
    "\\va",
    "'",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_fuzz_parse_returns_a_tree_or_a_latex_error(text: str) -> None:
    try:
        nodes = parse(text, macros_for())
    except LatexError as exc:
        assert str(exc)
        return
    assert isinstance(nodes, list)
    assert isinstance(to_unicode(text), str)  # and rendering never raises


def test_every_corpus_formula_parses() -> None:
    rows = [json.loads(line) for line in CORPUS.read_text().splitlines()]
    failed = []
    for row in rows:
        try:
            parse("\n".join(row["file_macros"]) + "\n" + row["latex"], macros_for())
        except LatexError as exc:
            failed.append((row["id"], str(exc)))
    assert len(rows) == 427
    assert len(failed) / len(rows) < 0.05, failed[:5]


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (
            r"\theta \leftarrow \theta - \alpha \nabla_\theta \mathcal{L}(\theta)",
            "θ ← θ − α∇_θ ℒ(θ)",
        ),
        (r"\mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V", "softmax(QKᵀ/√dₖ)V"),
        (r"\sum_{i=1}^{n} x_i^2", "∑ᵢ₌₁ⁿ xᵢ²"),
        (r"\mathbb{E}_{x\sim p}[\log p(x)]", "𝔼_(x∼p)[log p(x)]"),
        (r"D_{\mathrm{KL}}(q\|p)", "D_KL(q‖p)"),
        (r"\mathbb{R}^{n \times m}", "ℝ^(n×m)"),
        (r"x^{(n)}", "x⁽ⁿ⁾"),
    ],
)
def test_unicode_rendering(latex: str, text: str) -> None:
    assert to_unicode(latex) == text


def test_rendering_falls_back_instead_of_raising() -> None:
    assert to_unicode(r"\frac{a}{b") == "a/b"  # pylatexenc renders what we cannot parse


def test_markdown_math_keeps_money_and_code() -> None:
    text = (
        "Costs $5 or $10 a day. The update $\\theta \\leftarrow \\theta - \\alpha g$ "
        "and `np.sum($x$)`.\n\n$$\\sum_i x_i$$\n\n```python\nprice = '$x$'\n```"
    )
    shown = render_math(text)
    assert "$5 or $10" in shown
    assert "θ ← θ − αg" in shown
    assert "`np.sum($x$)`" in shown
    assert "```text\n∑ᵢ xᵢ\n```" in shown
    assert "price = '$x$'" in shown


@pytest.mark.parametrize(
    ("latex", "shown"),
    [
        (r"\frac{a}{2\sigma^2}", "a/(2σ²)"),  # not (a/2)·σ²
        (r"\frac{\sigma_1^2 + (\mu_1-\mu_2)^2}{2\sigma_2^2}", "(σ₁² + (μ₁ − μ₂)²)/(2σ₂²)"),
        (r"\frac{1}{\sqrt{2\pi\sigma^2}}", "1/√(2πσ²)"),
        (r"\frac{x}{n m}", "x/(nm)"),
        (r"\sqrt{(\mathbf{x}-\mu)^\top \Sigma^{-1} (\mathbf{x}-\mu)}", "√((𝐱 − μ)ᵀΣ⁻¹(𝐱 − μ))"),
        (r"\sqrt{(a+b)(c+d)}", "√((a + b)(c + d))"),
        (r"\sqrt{2\pi}", "√(2π)"),
        # one factor or an already bracketed whole needs nothing more
        (r"\frac{QK^\top}{\sqrt{d_k}}", "QKᵀ/√dₖ"),
        (r"\frac{a+b}{c}", "(a + b)/c"),
        (r"\frac{x_1}{10}", "x₁/10"),
        (r"\sqrt{(a + b)}", "√(a + b)"),
        (r"\sqrt{\hat{v}_t} + \epsilon", "√v̂ₜ + ϵ"),
    ],
)
def test_fractions_and_roots_keep_their_scope(latex: str, shown: str) -> None:
    assert to_unicode(latex) == shown
