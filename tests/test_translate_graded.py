"""Translation is right or silent on the graded set (truth written apart from tutor)."""

from __future__ import annotations

from tests.graded.harness import measure


def test_no_wrong_values_and_most_values_right() -> None:
    report = measure()
    wrong = [(i.id, i.got, i.want) for i in report.items if i.value == "wrong"]
    assert wrong == []
    assert report.right_value_share >= 0.90, report.values
