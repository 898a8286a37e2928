"""`tutor papers …`: the reading list from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tutor.config import Settings
from tutor.diary.cli import quiet_exit
from tutor.errors import PapersError
from tutor.messages import t
from tutor.papers.service import ReadingList
from tutor.papers.store import PaperRow


def plain(text: str) -> str:
    """Text from outside (titles, hints) on one line, without control or bidi characters."""
    from tutor.sanitize import one_line

    return one_line(text)


def _line(row: PaperRow, lang: str = "en") -> str:
    tags = f"  [{', '.join(row.tags)}]" if row.tags else ""
    later = "" if row.fetched else t("papers.not_fetched_mark", lang)
    return f"{row.id:<17} {row.status:<8} {row.added}  {plain(row.label)[:60]}{later}{tags}"


def _as_json(row: PaperRow) -> dict[str, object]:
    return {
        "id": row.id,
        "title": row.title,
        "hint": row.hint,
        "status": row.status,
        "tags": list(row.tags),
        "added": row.added,
        "fetched": row.fetched,
    }


def run_papers(args: argparse.Namespace, settings: Settings) -> int:
    def run() -> int:
        papers = ReadingList(settings)
        try:
            return _dispatch(args, papers)
        finally:
            papers.close()

    return quiet_exit(run)


def _why(papers: ReadingList, stopped: str) -> str:
    """Why fetching stopped, in the learner's language when it is offline mode."""
    if papers.settings.offline:
        return t("papers.offline_later", papers.settings.lang)
    return stopped


def _fetch_report(papers: ReadingList) -> None:
    lang = papers.settings.lang
    fetched, stopped = papers.fetch_missing()
    if fetched:
        print(t("papers.fetched", lang, n=fetched))
    if stopped:
        print(t("papers.not_fetched", lang, why=_why(papers, stopped)))


def _dispatch(args: argparse.Namespace, papers: ReadingList) -> int:
    action, rest = args.action, args.args
    tags = args.tag or []
    lang = papers.settings.lang
    if action == "list":
        rows = papers.papers(args.status, tags[0] if tags else None)
        if args.json:
            print(json.dumps([_as_json(r) for r in rows], ensure_ascii=False, indent=2))
        elif not rows:
            print(t("papers.empty", lang))
        for row in rows if not args.json else []:
            print(_line(row, lang))
    elif action == "add":
        if not rest:
            raise PapersError("give one or more arXiv ids, e.g. `tutor papers add 1706.03762`")
        rows = papers.add(rest, tags=tags)
        print(t("papers.on_the_list", lang, n=len(rows)))
        _fetch_report(papers)
    elif action == "import":
        if len(rest) != 1:
            raise PapersError("give one file: `tutor papers import reading.md`")
        path = Path(rest[0]).expanduser()
        try:
            text = path.read_text("utf-8", errors="replace")
        except OSError as exc:
            raise PapersError(f"cannot read {path}: {exc.strerror or exc}") from None
        rows = papers.import_text(text, tags=tags)
        print(t("papers.imported", lang, n=len(rows), path=path))
        for row in rows:
            print("  " + _line(row, lang))
        _fetch_report(papers)
    elif action == "next":
        upcoming = papers.next()
        if upcoming is None:
            print(t("papers.nothing_next", lang))
            return 0
        print(_line(upcoming, lang))
        step = "papers.start" if upcoming.status == "to-read" else "papers.continue"
        print(t(step, lang, id=upcoming.id))
    elif action == "advance":
        if len(rest) != 1:
            raise PapersError("give one arXiv id: `tutor papers advance 1706.03762`")
        row, note = papers.advance(rest[0])
        print(f"{row.id}: {row.status}" + (t("papers.note_at", lang, path=note) if note else ""))
    elif action == "note":
        if len(rest) != 1:
            raise PapersError("give one arXiv id: `tutor papers note 1706.03762`")
        row = papers.get(rest[0])
        notes = dict(papers.notes(row.id))
        number = args.pass_number or (max(notes) if notes else 1)
        path = notes.get(number) or papers.write_note(row, number)
        print(path)
    elif action == "fetch":
        fetched, stopped = papers.fetch_missing()
        if fetched:
            print(t("papers.fetched", lang, n=fetched))
        if stopped:  # what was asked for did not happen: a failure to scripts
            raise PapersError(t("papers.not_fetched", lang, why=_why(papers, stopped)))
        if not fetched:
            print(t("papers.nothing_to_fetch", lang))
    elif action == "tag":
        if len(rest) != 1 or not tags:
            raise PapersError("usage: `tutor papers tag ID --tag TAG`")
        papers.add(rest, tags=tags)
        print(t("papers.tagged", lang, id=rest[0], tags=", ".join(tags)))
    sys.stdout.flush()
    return 0
