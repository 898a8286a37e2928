"""`tutor anki export FILE.apkg`: the diary's formulas and the symbols learned as a real
Anki deck (genanki), with stable note ids so a re-export updates cards instead of adding
duplicates, and LaTeX in Anki's `\\( … \\)` so cards render with MathJax."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.errors import TutorError

if TYPE_CHECKING:
    from tutor.diary.service import Diary

# fixed ids: Anki matches decks and note types by id, so these never change
DECK_ID = 1_764_130_001
FORMULA_MODEL_ID = 1_764_130_002
SYMBOL_MODEL_ID = 1_764_130_003
CSS = ".card { font-family: sans-serif; font-size: 20px; text-align: center; }\n.small { font-size: 15px; text-align: left; }"


class AnkiError(TutorError):
    """The deck could not be written."""


@dataclass(frozen=True)
class Card:
    kind: str  # formula or symbol
    key: str  # the stable key the note's guid comes from
    fields: tuple[str, ...]


def math(latex: str) -> str:
    """LaTeX for Anki's MathJax, HTML-escaped: `\\( … \\)`."""
    return r"\(" + html.escape(latex.strip(), quote=False) + r"\)"


def _text(text: str) -> str:
    return html.escape(text.strip(), quote=False).replace("\n", "<br>")


def diary_cards(diary: Diary) -> list[Card]:
    """One card per diary formula (its latest explanation) and one per symbol learned."""
    from tutor.diary.feedback import Feedback
    from tutor.latex.macros import macros_for
    from tutor.latex.parser import parse
    from tutor.tools.symbols import explain_symbols

    pool = diary.formulas()
    latest = {}
    for entry in diary.store.entries():
        latest[entry.formula_key] = entry  # ordered by day: the last one wins
    cards: list[Card] = []
    symbols: dict[str, Card] = {}
    lang = diary.settings.lang
    parsed: dict[str, list[str]] = {}
    for key, entry in latest.items():
        formula = pool.get(key)
        name = formula.name if formula else key
        feedback = Feedback.model_validate_json(entry.feedback)
        if entry.latex not in parsed:
            lines = []
            try:
                items, _ = explain_symbols(parse(entry.latex, macros_for()))
            except TutorError:
                items = []
            for item in items:
                if item.kind != "symbol" or not item.known or item.category == "letter":
                    continue
                read = item.read.get(lang) if item.read else ""
                meaning = item.meaning.get(lang) if item.meaning else ""
                lines.append(f"{math(item.latex)} — {_text(read)}: {_text(meaning)}")
                if item.entry_id and item.entry_id not in symbols:
                    symbols[item.entry_id] = Card(
                        "symbol",
                        item.entry_id,
                        (
                            math(item.latex),
                            _text(item.read.en if item.read else ""),
                            _text(item.read.ja if item.read else ""),
                            _text(meaning),
                            _text(item.numpy or ""),
                        ),
                    )
            parsed[entry.latex] = lines
        source = f"arXiv:{formula.arxiv}" if formula and formula.arxiv else ""
        cards.append(
            Card(
                "formula",
                key,
                (
                    math(entry.latex),
                    _text(name),
                    _text(entry.text),
                    _text(feedback.model_explanation),
                    "<br>".join(parsed[entry.latex]),
                    _text(source),
                ),
            )
        )
    return cards + list(symbols.values())


def write_deck(cards: list[Card], path: Path, *, name: str = "tutor") -> int:
    """Write the cards as an .apkg; returns the number of notes."""
    import genanki

    formula_model = genanki.Model(
        FORMULA_MODEL_ID,
        "tutor formula",
        fields=[
            {"name": "Formula"},
            {"name": "Name"},
            {"name": "MyExplanation"},
            {"name": "ModelExplanation"},
            {"name": "Symbols"},
            {"name": "Source"},
        ],
        templates=[
            {
                "name": "Explain the formula",
                "qfmt": "{{Formula}}<div class=small>{{Name}}</div>",
                "afmt": "{{FrontSide}}<hr id=answer><div class=small>"
                "<b>Mine:</b> {{MyExplanation}}<br><br><b>Model:</b> {{ModelExplanation}}"
                "<br><br>{{Symbols}}<br>{{Source}}</div>",
            }
        ],
        css=CSS,
    )
    symbol_model = genanki.Model(
        SYMBOL_MODEL_ID,
        "tutor symbol",
        fields=[
            {"name": "Symbol"},
            {"name": "Reading"},
            {"name": "ReadingJa"},
            {"name": "Meaning"},
            {"name": "NumPy"},
        ],
        templates=[
            {
                "name": "Read the symbol",
                "qfmt": "{{Symbol}}",
                "afmt": "{{FrontSide}}<hr id=answer>{{Reading}} / {{ReadingJa}}"
                "<div class=small>{{Meaning}}<br><code>{{NumPy}}</code></div>",
            }
        ],
        css=CSS,
    )
    deck = genanki.Deck(DECK_ID, name)
    for card in cards:
        model = formula_model if card.kind == "formula" else symbol_model
        deck.add_note(
            genanki.Note(
                model=model,
                fields=list(card.fields),
                guid=genanki.guid_for("tutor", card.kind, card.key),
                tags=["tutor", card.kind],
            )
        )
    if path.suffix != ".apkg":
        raise AnkiError(f"{path.name}: an Anki deck file ends in .apkg")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        genanki.Package(deck).write_to_file(str(path))
        from tutor.db import private_file

        private_file(path)
    except OSError as exc:
        raise AnkiError(f"cannot write {path}: {exc.strerror or exc}") from None
    return len(cards)


def run_anki(action: str, target: str | None, settings: object) -> int:
    """`tutor anki export FILE.apkg`."""
    from tutor.diary.cli import quiet_exit
    from tutor.diary.service import Diary
    from tutor.exporting import plural

    if action != "export" or not target:
        raise AnkiError("usage: tutor anki export FILE.apkg")

    def run() -> int:
        diary = Diary(settings)  # type: ignore[arg-type]
        try:
            cards = diary_cards(diary)
        finally:
            diary.close()
        if not cards:
            raise AnkiError("nothing to export yet: write a diary entry first (`tutor diary`)")
        path = Path(target).expanduser()
        count = write_deck(cards, path)
        formulas = sum(c.kind == "formula" for c in cards)
        print(
            f"exported {plural(count, 'note')} to {path} ({plural(formulas, 'formula')}, "
            f"{plural(count - formulas, 'symbol')}); import it in Anki: re-importing updates "
            "the same cards"
        )
        return 0

    return quiet_exit(run)
