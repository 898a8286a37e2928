"""Hostile LaTeX fails fast with one clear line (or succeeds, bounded); timings in bench/."""

from __future__ import annotations

import itertools

import pytest

from tutor.errors import LatexError
from tutor.latex.macros import macros_for
from tutor.latex.parser import parse
from tutor.latex.tokens import MAX_TOKENS_AFTER_EXPANSION
from tutor.offline.evaluate import evaluate_formula
from tutor.offline.explain import explain_formula


def one_line_error(latex: str) -> str:
    with pytest.raises(LatexError) as caught:
        parse(latex, macros_for())
    message = str(caught.value)
    assert message and len(message.splitlines()) <= 3  # message, excerpt, caret at most
    return message


def test_exponential_macros_stop_at_the_size_limit() -> None:
    definitions = [r"\newcommand{\za}{x}"]
    names = ["za"] + [f"z{chr(98 + i)}" for i in range(24)]
    for previous, name in itertools.pairwise(names):
        definitions.append(f"\\newcommand{{\\{name}}}{{\\{previous}\\{previous}}}")
    latex = "".join(definitions) + f"\\{names[-1]}"
    assert len(latex) < 4_300
    message = one_line_error(latex)
    assert "too large" in message or "without end" in message


def test_a_paste_of_many_macros_expands_linearly() -> None:
    latex = r"\va + " * 700  # the Deep Learning book's \va, 4.2 KB
    nodes = parse(latex.rstrip(" +"), macros_for())
    assert len(nodes) > 1_000


def test_newcommand_then_100k_spaces_is_refused_by_length_first() -> None:
    assert "too long" in one_line_error("\\newcommand" + " " * 100_000)


def test_newcommand_then_many_spaces_within_the_limit_is_one_line() -> None:
    message = one_line_error("\\newcommand" + " " * 19_000 + "x")
    assert "name" in message


def test_one_argument_used_4900_times_is_bounded() -> None:
    body = "#1" * 4_900
    latex = f"\\newcommand{{\\big}}[1]{{{body}}}\\big{{{'x' * 2_000}}}"
    assert "too large" in one_line_error(latex)


def test_a_macro_that_calls_itself_stops() -> None:
    assert "without end" in one_line_error(r"\newcommand{\loop}{\loop x}\loop")


def test_the_limit_is_what_the_message_says() -> None:
    assert MAX_TOKENS_AFTER_EXPANSION <= 100_000


@pytest.mark.parametrize(
    "latex",
    [
        "\\newcommand" + " " * 100_000,
        r"\newcommand{\loop}{\loop x}\loop",
        "\\def\\a#1{#1#1#1#1}" + "\\a{" * 30 + "x" + "}" * 30,
    ],
)
def test_explain_and_evaluate_give_one_line_never_a_traceback(latex: str) -> None:
    explanation = explain_formula(latex, run=False)
    assert explanation.error and "\n" not in explanation.error.splitlines()[0]
    result = evaluate_formula(latex, {})
    assert result.reason and not result.translated
