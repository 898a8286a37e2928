"""Offline questions: why gets the why, A vs B a comparison, an unknown term is unknown."""

from __future__ import annotations

import pytest

from tutor.offline.questions import answer_terms


def answer(question: str, lang: str = "en") -> str:
    text = answer_terms(question, lang)
    assert text is not None
    return text


def test_why_softmax_subtracts_the_max_says_overflow() -> None:
    assert "overflow" in answer("why does softmax subtract the max?")


def test_versus_gives_a_comparison_not_two_definitions() -> None:
    text = answer("layer norm vs batch norm")
    assert "Comparison" in text and "batch size" in text
    assert "比較" in answer("レイヤー正規化とバッチ正規化の違いは？", "ja") or "比較" in answer(
        "layer norm vs batch norm", "ja"
    )


def test_a_pair_without_a_written_comparison_is_set_side_by_side() -> None:
    text = answer("adam vs sgd")
    assert text.count("|") > 6 and "Comparison" in text


def test_an_unknown_term_is_unknown_not_the_nearest_known_one() -> None:
    text = answer("what is flash attention?")
    assert "not in the offline glossary" in text and "flash attention" in text
    assert not text.startswith("**attention")
    assert "用語集にない" in answer("フラッシュアテンションとは？", "ja")


def test_a_known_term_in_context_is_still_answered() -> None:
    assert answer("What is the ELBO in a VAE").startswith("**ELBO**")
    assert answer("what is KL divergence?").startswith("**KL divergence**")


def test_every_offline_string_has_both_languages_and_formats() -> None:
    import string

    from tutor.offline.text import _strings, text

    for key, value in _strings().items():
        for lang in ("en", "ja"):
            fields = {f for _, f, _, _ in string.Formatter().parse(value.get(lang)) if f}
            assert text(key, lang, **dict.fromkeys(fields, "x"))


@pytest.mark.parametrize(
    "question",
    [
        "what is the difference between batch norm and layer norm?",
        "compare layer norm with batch norm",
        "batch norm versus layer norm",
    ],
)
def test_a_comparison_is_found_however_it_is_asked(question: str) -> None:
    assert "Both subtract a mean" in answer(question)


def test_a_comparison_with_an_unknown_side_says_which_side_is_unknown() -> None:
    text = answer("flash attention vs attention")
    assert "“flash attention” is not in the offline glossary" in text
    assert "Comparison" not in text
    shared = answer("difference between L1 and L2 regularization")
    assert "“L1 regularization” is not in the offline glossary" in shared


def test_a_why_question_about_nothing_known_is_not_guessed() -> None:
    text = answer("why do we use log probabilities")
    assert "will not guess" in text
    assert "推測はしません" in answer("なぜ対数確率を使うのか", "ja")
