"""The reading list's storage: SQLite beside the diary, in WAL mode with full sync, so a
confirmed add survives a crash and two tutor processes can write at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tutor.db import Store, storage_errors

STATUSES = ("to-read", "pass 1", "pass 2", "pass 3", "done")

MIGRATIONS = [
    """
    CREATE TABLE papers (
        id TEXT PRIMARY KEY,
        hint TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'to-read',
        added TEXT NOT NULL,
        updated TEXT NOT NULL,
        metadata TEXT,
        fetched TEXT
    );
    CREATE INDEX papers_status ON papers(status, added);
    CREATE TABLE tags (paper_id TEXT NOT NULL REFERENCES papers(id), tag TEXT NOT NULL,
        PRIMARY KEY (paper_id, tag));
    CREATE INDEX tags_tag ON tags(tag);
    CREATE TABLE notes (paper_id TEXT NOT NULL REFERENCES papers(id), pass INTEGER NOT NULL,
        path TEXT NOT NULL, written TEXT NOT NULL, PRIMARY KEY (paper_id, pass));
    """,
]


@dataclass(frozen=True)
class PaperRow:
    id: str
    hint: str
    title: str
    status: str
    added: str
    tags: tuple[str, ...]
    fetched: bool

    @property
    def label(self) -> str:
        """The title if fetched, else the hint from the file it came from, else the id."""
        return self.title or self.hint or f"arXiv:{self.id}"


class PapersStore(Store):
    def __init__(self, path: Path) -> None:
        super().__init__(path, what="the reading list", migrations=MIGRATIONS)

    def rows(
        self,
        status: str | None = None,
        tag: str | None = None,
        *,
        paper_id: str | None = None,
        order: str = "p.added, p.rowid",
        limit: int = -1,
    ) -> list[PaperRow]:
        """The list, oldest first, optionally one status and/or one tag (one query)."""
        where, params = [], []
        if paper_id:
            where.append("p.id = ?")
            params.append(paper_id)
        if status:
            where.append("p.status = ?")
            params.append(status)
        if tag:
            where.append("p.id IN (SELECT paper_id FROM tags WHERE tag = ?)")
            params.append(tag)
        sql = (
            "SELECT p.id, p.hint, p.title, p.status, p.added, p.fetched IS NOT NULL,"
            " (SELECT group_concat(tag, char(31)) FROM tags t WHERE t.paper_id = p.id)"
            f" FROM papers p {'WHERE ' + ' AND '.join(where) if where else ''}"
            f" ORDER BY {order} LIMIT ?"
        )
        with storage_errors(self.what, self.path):
            found = self.db.execute(sql, [*params, limit]).fetchall()
        return [
            PaperRow(i, h, t, s, a, tuple(sorted(g.split(chr(31)))) if g else (), bool(f))
            for i, h, t, s, a, f, g in found
        ]
