"""Diary storage: SQLite in WAL mode with full sync, so a confirmed save survives a crash
or a kill, and a second tutor process writing at the same time corrupts nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tutor.spend import storage_errors

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
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, timeout=30.0, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("PRAGMA busy_timeout=30000")
        self._migrate()

    def _migrate(self) -> None:
        with self.transaction():
            (version,) = self.db.execute("PRAGMA user_version").fetchone()
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in script.split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version={number}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT: writers queue instead of failing half-way."""
        with storage_errors(f"the diary ({self.path})"):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()

    def entries(self, where: str = "", params: tuple[object, ...] = ()) -> list[EntryRow]:
        rows = self.db.execute(
            "SELECT id, day, formula_key, latex, text, feedback, score, created, updated "
            f"FROM entries {where} ORDER BY day, id",
            params,
        ).fetchall()
        return [EntryRow(*row) for row in rows]
