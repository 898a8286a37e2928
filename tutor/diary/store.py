"""Diary storage: SQLite in WAL mode with full sync, so a confirmed save survives a crash
or a kill, and a second tutor process writing at the same time corrupts nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tutor.db import connect, transaction

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


class DiaryStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.what = "the diary"
        self.db = connect(path, what=self.what, migrations=MIGRATIONS, synchronous="FULL")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT: writers queue instead of failing half-way."""
        with transaction(self.db, self.what, self.path) as db:
            yield db

    def close(self) -> None:
        self.db.close()

    def entries(self, where: str = "", params: tuple[object, ...] = ()) -> list[EntryRow]:
        rows = self.db.execute(
            "SELECT id, day, formula_key, latex, text, feedback, score, created, updated "
            f"FROM entries {where} ORDER BY day, id",
            params,
        ).fetchall()
        return [EntryRow(*row) for row in rows]
