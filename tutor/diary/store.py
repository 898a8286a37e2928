"""Diary storage: SQLite in WAL mode with full sync, so a confirmed save survives a crash
or a kill, and a second tutor process writing at the same time corrupts nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tutor.db import Store

MIGRATIONS = [
    """
    CREATE TABLE entries (
        id INTEGER PRIMARY KEY,
        day TEXT NOT NULL,
        formula_key TEXT NOT NULL,
        latex TEXT NOT NULL,
        text TEXT NOT NULL,
        feedback TEXT NOT NULL DEFAULT '{}',
        score INTEGER,
        created TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    CREATE INDEX entries_day ON entries(day);
    CREATE TABLE days (day TEXT PRIMARY KEY, formula_key TEXT NOT NULL, reason TEXT NOT NULL);
    CREATE TABLE custom_formulas (
        key TEXT PRIMARY KEY, latex TEXT NOT NULL, source TEXT NOT NULL, added TEXT NOT NULL
    );
    CREATE TABLE cards (formula_key TEXT PRIMARY KEY, card TEXT NOT NULL, due TEXT NOT NULL);
    """,
    # 2: an entry is either the day's own or a review (the two views never mix), and an
    # edit keeps the text and feedback it replaced
    """
    ALTER TABLE entries ADD COLUMN kind TEXT NOT NULL DEFAULT 'today';
    UPDATE entries SET kind = 'review' WHERE formula_key != COALESCE(
        (SELECT days.formula_key FROM days WHERE days.day = entries.day), entries.formula_key);
    CREATE TABLE feedback_history (
        id INTEGER PRIMARY KEY,
        entry_id INTEGER NOT NULL REFERENCES entries(id),
        text TEXT NOT NULL,
        feedback TEXT NOT NULL,
        score INTEGER,
        replaced TEXT NOT NULL
    );
    CREATE INDEX feedback_history_entry ON feedback_history(entry_id);
    CREATE INDEX entries_formula ON entries(formula_key, day);
    """,
]


@dataclass(frozen=True)
class EntryRow:
    id: int
    day: str
    formula_key: str
    latex: str
    text: str
    feedback: str
    score: int | None
    created: str
    updated: str
    kind: str = "today"  # today (the day's formula) or review (a due formula explained again)


class DiaryStore(Store):
    def __init__(self, path: Path) -> None:
        super().__init__(path, what="the diary", migrations=MIGRATIONS)

    def entries(self, where: str = "", params: tuple[object, ...] = ()) -> list[EntryRow]:
        rows = self.db.execute(
            "SELECT id, day, formula_key, latex, text, feedback, score, created, updated, kind "
            f"FROM entries {where} ORDER BY day, id",
            params,
        ).fetchall()
        return [EntryRow(*row) for row in rows]
