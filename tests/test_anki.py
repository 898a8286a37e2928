"""The Anki deck: a real .apkg (a zip with a SQLite collection), its notes, fields and
stable ids, read back the way Anki reads it."""

from __future__ import annotations

import sqlite3
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tutor.anki import diary_cards, write_deck
from tutor.cli import main
from tutor.config import load_settings
from tutor.diary.feedback import Feedback
from tutor.diary.service import Diary

TOKYO = timezone(timedelta(hours=9))


def feedback(score: int, model: str) -> Feedback:
    return Feedback(
        score=score,
        correct=[],
        missed_symbols=[],
        misconceptions=[],
        model_explanation=model,
        source="heuristic",
    )


def notes_in(path: Path, tmp_path: Path) -> list[tuple[str, list[str], str]]:
    with zipfile.ZipFile(path) as deck:
        names = deck.namelist()
        assert "collection.anki2" in names
        deck.extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        rows = db.execute("SELECT guid, flds, tags FROM notes ORDER BY id").fetchall()
    finally:
        db.close()
    return [(guid, flds.split("\x1f"), tags) for guid, flds, tags in rows]


def test_the_deck_has_formula_and_symbol_notes_with_stable_ids(tmp_path: Path) -> None:
    clock = [datetime(2026, 5, 1, 9, tzinfo=TOKYO)]
    diary = Diary(load_settings(), clock=lambda: clock[0])
    diary.add_formula(r"\sigma(x) = \frac{1}{1 + e^{-x}}")
    diary.save("σ squashes x into (0, 1) & back <b>", feedback(4, "squashes reals into (0, 1)"))
    deck = tmp_path / "tutor.apkg"
    write_deck(diary_cards(diary), deck)
    first = notes_in(deck, tmp_path / "a")
    formulas = [n for n in first if "formula" in n[2]]
    symbols = [n for n in first if "symbol" in n[2]]
    [(_guid, fields, _)] = formulas
    assert fields[0] == r"\(\sigma(x) = \frac{1}{1 + e^{-x}}\)"
    assert fields[2] == "σ squashes x into (0, 1) &amp; back &lt;b&gt;"  # escaped, not HTML
    assert fields[3] == "squashes reals into (0, 1)"
    assert r"\(\sigma\)" in fields[4] and "sigma" in fields[4]
    assert any(f[0] == r"\(\sigma\)" and f[1] == "sigma" for _, f, _ in symbols)

    # a better explanation the next day: the same note (same guid), new text
    clock[0] += timedelta(days=1)
    diary.edit(diary.store.entries()[0].id, "the logistic sigmoid maps a score", feedback(5, "ok"))
    write_deck(diary_cards(diary), deck)
    second = notes_in(deck, tmp_path / "b")
    assert [g for g, _, _ in second] == [g for g, _, _ in first]
    assert next(f for _, f, t in second if "formula" in t)[2] == "the logistic sigmoid maps a score"


def test_cli_export_counts_in_words(isolated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["anki", "export", str(isolated / "none.apkg")]) == 1
    assert "nothing to export yet" in capsys.readouterr().err
    diary = Diary(load_settings())
    diary.save("a sum over the terms, divided by their count", feedback(3, "…"))
    diary.close()
    assert main(["anki", "export", str(isolated / "deck.apkg")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("exported ") and "(1 formula, " in out
    assert main(["anki", "export", str(isolated / "deck.txt")]) == 1
    assert "ends in .apkg" in capsys.readouterr().err
