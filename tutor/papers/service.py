"""The reading list: papers by arXiv id, read in three passes (Keshav), each pass with a
note from a template the learner can edit. Works offline from cached metadata; an id
never fetched is kept and fetched later."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.errors import ArxivError, PapersError
from tutor.papers.store import STATUSES, PaperRow, PapersStore

if TYPE_CHECKING:
    from tutor.config import Settings
    from tutor.tools.arxiv import Paper


NEW_STYLE = re.compile(r"(?<![\w.])(\d{4}\.\d{4,5})(v\d+)?(?![\w])")
OLD_STYLE = re.compile(r"(?<![\w./-])([a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(v\d+)?(?!\w)")
URL = re.compile(r"(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/\S+", re.I)


@dataclass(frozen=True)
class Found:
    """An id found in a file, with the words around it as a title hint."""

    id: str
    hint: str


def _hint(line: str) -> str:
    text = URL.sub(" ", line)
    text = NEW_STYLE.sub(" ", OLD_STYLE.sub(" ", text))
    text = re.sub(r"\barXiv\s*:?", " ", text, flags=re.I)
    text = re.sub(r"[\[\]()*_#>|`]+|^\s*(?:[-+]|\d+\.)\s+", " ", text)
    text = re.sub(r"\s+[-–—:,;]+\s*$|^\s*[-–—:,;]+\s+", " ", " ".join(text.split()))
    return " ".join(text.split()).strip(" -–—:,;\"'")[:200]


def find_ids(text: str) -> list[Found]:
    """Every arXiv id in a Markdown or text file (new style 1706.03762, old style
    hep-th/9901001, abs/pdf URLs), in order, once each, with the line's words as a hint
    (or the heading or line just above, when the id stands alone)."""
    from tutor.tools.arxiv import normalise_id

    found: dict[str, Found] = {}
    previous = ""
    for line in text.splitlines():
        candidates = [m.group(0) for m in URL.finditer(line)]
        rest = URL.sub(" ", line)
        candidates += [m.group(0) for m in NEW_STYLE.finditer(rest)]
        candidates += [m.group(0) for m in OLD_STYLE.finditer(rest)]
        hint = _hint(line) or previous
        for candidate in candidates:
            try:
                paper_id, _ = normalise_id(candidate.rstrip(").,;>"))
            except ArxivError:
                continue
            found.setdefault(paper_id, Found(paper_id, hint))
        if line.strip() and not candidates:
            previous = _hint(line)
    return list(found.values())


def _default_template(number: int) -> str:
    return resources.files("tutor.papers").joinpath(f"templates/pass{number}.md").read_text("utf-8")


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class ReadingList:
    def __init__(
        self,
        settings: Settings,
        *,
        clock: Callable[[], datetime] | None = None,
        fetch: Callable[[str], Paper] | None = None,
    ) -> None:
        from tutor.diary.service import local_now

        self.settings = settings
        self.clock = clock or local_now
        self._fetch = fetch
        self.store = PapersStore(settings.data_dir / "papers.sqlite3")

    def close(self) -> None:
        self.store.close()

    # adding ------------------------------------------------------------------
    def add(
        self, ids: Sequence[str], *, tags: Sequence[str] = (), hint: str = ""
    ) -> list[PaperRow]:
        from tutor.tools.arxiv import normalise_id

        clean = []
        for raw in ids:
            paper_id, _ = normalise_id(raw)
            clean.append(Found(paper_id, hint))
        return self._add(clean, list(tags))

    def import_text(self, text: str, *, tags: Sequence[str] = ()) -> list[PaperRow]:
        found = find_ids(text)
        if not found:
            raise PapersError("no arXiv ids in this file (e.g. 1706.03762 or hep-th/9901001)")
        return self._add(found, list(tags))

    def _add(self, found: list[Found], tags: list[str]) -> list[PaperRow]:
        stamp = self.clock().isoformat(timespec="seconds")
        day = stamp[:10]
        with self.store.transaction() as db:
            for item in found:
                db.execute(
                    "INSERT INTO papers (id, hint, added, updated) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT(id) DO UPDATE SET hint = CASE WHEN papers.hint = ''"
                    " THEN excluded.hint ELSE papers.hint END",
                    (item.id, item.hint, day, stamp),
                )
                for tag in tags:
                    db.execute("INSERT OR IGNORE INTO tags VALUES (?, ?)", (item.id, tag))
        ids = {f.id for f in found}
        return (
            [row for row in self.store.rows() if row.id in ids]
            if len(ids) > 20
            else [row for f in found for row in self.store.rows(paper_id=f.id)]
        )

    def fetch_missing(self, limit: int = 20) -> tuple[int, str | None]:
        """Fetch metadata for ids never fetched (from arXiv's cache or the API).

        Returns how many were fetched, and why it stopped early (offline, arXiv down)."""
        if self.settings.offline:
            return 0, "offline mode: metadata will be fetched later"
        pending = [
            i
            for (i,) in self.store.db.execute(
                "SELECT id FROM papers WHERE fetched IS NULL ORDER BY added, rowid LIMIT ?",
                (limit,),
            )
        ]
        done = 0
        for paper_id in pending:
            try:
                paper = self.fetch(paper_id)
            except ArxivError as exc:
                if "no arXiv paper" in str(exc):
                    continue
                return done, f"{exc}; the rest will be fetched later"
            with self.store.transaction() as db:
                db.execute(
                    "UPDATE papers SET title = ?, metadata = ?, fetched = ? WHERE id = ?",
                    (
                        paper.title,
                        paper.model_dump_json(),
                        self.clock().isoformat(timespec="seconds"),
                        paper_id,
                    ),
                )
            done += 1
        return done, None

    def fetch(self, paper_id: str) -> Paper:
        if self._fetch is not None:
            return self._fetch(paper_id)
        from tutor.tools.arxiv import fetch_arxiv

        return fetch_arxiv(paper_id, settings=self.settings)

    # reading -----------------------------------------------------------------
    def papers(self, status: str | None = None, tag: str | None = None) -> list[PaperRow]:
        if status is not None and status not in STATUSES:
            raise PapersError(f"unknown status {status!r}: one of {', '.join(STATUSES)}")
        return self.store.rows(status, tag)

    def get(self, paper_id: str) -> PaperRow:
        from tutor.tools.arxiv import normalise_id

        clean, _ = normalise_id(paper_id)
        found = self.store.rows(paper_id=clean)
        if not found:
            raise PapersError(f"{clean} is not on the reading list: `tutor papers add {clean}`")
        return found[0]

    def next(self) -> PaperRow | None:
        """The paper to read now: one in progress first (furthest pass), else the oldest
        to-read."""
        for status in ("pass 3", "pass 2", "pass 1", "to-read"):
            found = self.store.rows(status, limit=1)
            if found:
                return found[0]
        return None

    def metadata(self, paper_id: str) -> Paper | None:
        from tutor.tools.arxiv import Paper

        row = self.store.db.execute(
            "SELECT metadata FROM papers WHERE id = ?", (paper_id,)
        ).fetchone()
        return Paper.model_validate_json(row[0]) if row and row[0] else None

    # passes and notes --------------------------------------------------------
    def template(self, number: int) -> Path:
        """The learner's copy of a pass template (written from the default on first use)."""
        path = self.settings.data_dir / "templates" / f"pass{number}.md"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_default_template(number), "utf-8")
        return path

    def advance(self, paper_id: str) -> tuple[PaperRow, Path | None]:
        """Move a paper to its next pass and write that pass's note (or mark it done)."""
        row = self.get(paper_id)
        index = STATUSES.index(row.status)
        if index == len(STATUSES) - 1:
            raise PapersError(f"{row.id} is already done")
        status = STATUSES[index + 1]
        path = self.write_note(row, index + 1) if status != "done" else None
        with self.store.transaction() as db:
            db.execute(
                "UPDATE papers SET status = ?, updated = ? WHERE id = ?",
                (status, self.clock().isoformat(timespec="seconds"), row.id),
            )
        return self.get(row.id), path

    def write_note(self, row: PaperRow, number: int) -> Path:
        paper = self.metadata(row.id)
        previous = self.key_equation(row.id, required=False)
        fields = _Blank(
            id=row.id,
            title=row.label,
            title_yaml=json.dumps(row.label, ensure_ascii=False),
            year=str(paper.published.year) if paper else "",
            authors=", ".join(paper.authors[:5]) if paper else "",
            abstract=paper.abstract if paper else "(not fetched yet: `tutor papers fetch`)",
            key_equation=f"$$\n{previous}\n$$" if previous else "? (from the first pass)",
        )
        text = self.template(number).read_text("utf-8").format_map(fields)
        directory = self.settings.notes_path
        directory.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", row.label.lower()).strip("-")[:50] or "paper"
        path = directory / f"{row.id.replace('/', '_')}-pass{number}-{slug}.md"  # no spaces
        if not path.exists():  # never overwrite a note the learner has written in
            from tutor.db import write_private

            try:
                write_private(path, text)
            except OSError as exc:
                raise PapersError(f"cannot write {path}: {exc.strerror or exc}") from None
        with self.store.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?)",
                (row.id, number, str(path), self.clock().isoformat(timespec="seconds")),
            )
        return path

    def notes(self, paper_id: str) -> list[tuple[int, Path]]:
        rows = self.store.db.execute(
            "SELECT pass, path FROM notes WHERE paper_id = ? ORDER BY pass", (paper_id,)
        ).fetchall()
        return [(n, Path(p)) for n, p in rows]

    def key_equation(self, paper_id: str, *, required: bool = True) -> str | None:
        """The key equation the learner wrote in the paper's latest note that has one."""
        for _, path in reversed(self.notes(paper_id)):
            if not path.exists():
                continue
            text = path.read_text("utf-8", errors="replace")
            match = re.search(r"## Key equation\s*\n\$\$\s*\n?(.+?)\n?\$\$", text, re.DOTALL)
            if match and match.group(1).strip():
                return match.group(1).strip()
        if required:
            raise PapersError(
                f"no key equation for {paper_id} yet: write it as $$ … $$ under"
                " ## Key equation in its note (`tutor papers note ID`)"
            )
        return None

    def papers_for_formula(self, latex: str) -> list[PaperRow]:
        """Papers whose notes name this formula as their key equation."""
        noted = [i for (i,) in self.store.db.execute("SELECT DISTINCT paper_id FROM notes")]
        found = []
        for paper_id in noted:
            if self.key_equation(paper_id, required=False) == latex.strip():
                found += self.store.rows(paper_id=paper_id)
        return found

    def counts(self) -> dict[str, int]:
        """Papers per status (for progress)."""
        found = dict(
            self.store.db.execute("SELECT status, COUNT(*) FROM papers GROUP BY status").fetchall()
        )
        return {status: int(found.get(status, 0)) for status in STATUSES}
