"""The formula diary: a formula a day, the learner's explanation, feedback, a streak,
and reviews scheduled with FSRS (the `fsrs` package) from the feedback score."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.diary.feedback import Feedback, heuristic_feedback
from tutor.diary.store import DiaryStore, EntryRow
from tutor.errors import DiaryError, LatexError

if TYPE_CHECKING:
    from tutor.config import Settings
    from tutor.engine import Engine

Clock = Callable[[], datetime]
RECENT_DAYS = 30


def local_zone() -> tzinfo:
    """The learner's zone from the zone database (TZ, else /etc/localtime), so days follow
    daylight saving; a fixed offset only when neither names a zone."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    names = [os.environ.get("TZ", "").removeprefix(":")]
    try:
        link = os.readlink("/etc/localtime")
        names.append(link.split("zoneinfo/", 1)[1] if "zoneinfo/" in link else "")
    except OSError:
        pass
    for name in names:
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return datetime.now().astimezone().tzinfo or UTC


def local_now() -> datetime:
    """Now, aware, in the learner's zone."""
    return datetime.now(local_zone())


def start_of_next_day(now: datetime) -> datetime:
    """Midnight that ends `now`'s local day, in `now`'s zone (DST-correct with zoneinfo)."""
    return datetime.combine(now.date() + timedelta(days=1), time.min, tzinfo=now.tzinfo)


@dataclass(frozen=True)
class DiaryFormula:
    key: str
    latex: str
    name: str
    source: str  # bank, yours, or an arXiv id
    arxiv: str | None = None


@dataclass(frozen=True)
class Today:
    day: str
    formula: DiaryFormula
    reason: str  # new, review, yours
    entry: EntryRow | None


def _scheduler():  # type: ignore[no-untyped-def]
    from fsrs import Scheduler

    # one review a day at most: no intra-day learning steps, no random fuzz
    return Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def score_to_rating(score: int):  # type: ignore[no-untyped-def]
    from fsrs import Rating

    if score <= 1:
        return Rating.Again
    if score == 2:
        return Rating.Hard
    if score <= 4:
        return Rating.Good
    return Rating.Easy


def key_equation_from_note(path: Path) -> tuple[str, str | None]:
    """The `## Key equation` block of a reading note written by `tutor arxiv --note`."""
    text = path.read_text("utf-8")
    match = re.search(r"## Key equation\s*\n\$\$\n(.+?)\n\$\$", text, flags=re.DOTALL)
    if not match:
        raise DiaryError(f"{path.name}: no key equation in this note (fill its ## Key equation)")
    arxiv = re.search(r'^arxiv: "?([^"\n]+)"?$', text, flags=re.MULTILINE)
    return match.group(1).strip(), arxiv.group(1) if arxiv else None


class Diary:
    def __init__(
        self, settings: Settings, *, engine: Engine | None = None, clock: Clock | None = None
    ) -> None:
        self.settings = settings
        self.engine = engine
        self.clock: Clock = clock or (lambda: local_now())  # looked up late: tests may pin it
        self.store = DiaryStore(settings.data_dir / "diary.sqlite3")

    def close(self) -> None:
        self.store.close()

    # formulas ----------------------------------------------------------------
    def formulas(self) -> dict[str, DiaryFormula]:
        from tutor.offline.bank import formula_bank

        pool = {
            f.id: DiaryFormula(f.id, f.latex[0], f.name.get(self.settings.lang), "bank", f.arxiv)
            for f in formula_bank().formulas
        }
        for key, latex, source in self.store.db.execute(
            "SELECT key, latex, source FROM custom_formulas ORDER BY added"
        ):
            arxiv = source.removeprefix("arXiv:") if source.startswith("arXiv:") else None
            name = "あなたの式" if self.settings.lang == "ja" else "your formula"
            pool[key] = DiaryFormula(key, latex, name, source, arxiv)
        return pool

    def unwritten_own_formulas(self) -> list[tuple[str, DiaryFormula]]:
        """The learner's own formulas never explained yet, with the day each was added."""
        pool = self.formulas()
        rows = self.store.db.execute(
            "SELECT key, added FROM custom_formulas WHERE key NOT IN"
            " (SELECT formula_key FROM entries) ORDER BY added, rowid"
        ).fetchall()
        return [(added, pool[key]) for key, added in rows if key in pool]

    def add_formula(self, latex: str, *, source: str = "yours") -> DiaryFormula:
        """Add the learner's own formula; it becomes today's if today is not written yet."""
        from tutor.latex.macros import macros_for
        from tutor.latex.parser import parse

        try:
            parse(latex, macros_for())
        except LatexError as exc:
            raise DiaryError(f"cannot add this formula: {exc}") from None
        key = "yours:" + hashlib.sha1(latex.strip().encode()).hexdigest()[:10]
        day = self.day()
        with self.store.transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO custom_formulas (key, latex, source, added)"
                " VALUES (?, ?, ?, ?)",
                (key, latex.strip(), source, day),
            )
            written = db.execute("SELECT 1 FROM entries WHERE day = ?", (day,)).fetchone()
            if not written:
                db.execute(
                    "INSERT INTO days (day, formula_key, reason) VALUES (?, ?, 'yours')"
                    " ON CONFLICT(day) DO UPDATE SET formula_key = excluded.formula_key,"
                    " reason = 'yours'",
                    (day, key),
                )
        return self.formulas()[key]

    # days --------------------------------------------------------------------
    def day(self, when: datetime | None = None) -> str:
        return (when or self.clock()).date().isoformat()

    def today(self) -> Today:
        """Today's formula: fixed for the whole day, the same in every process."""
        day = self.day()
        pool = self.formulas()
        with self.store.transaction() as db:
            row = db.execute(
                "SELECT formula_key, reason FROM days WHERE day = ?", (day,)
            ).fetchone()
            if row is None or row[0] not in pool:
                key, reason = self._choose(day, pool)
                db.execute(
                    "INSERT OR REPLACE INTO days (day, formula_key, reason) VALUES (?, ?, ?)",
                    (day, key, reason),
                )
                row = (key, reason)
        # the day's own entry only: a review written today is another formula's text
        entries = self.store.entries(
            "WHERE day = ? AND formula_key = ? AND kind = 'today'", (day, row[0])
        )
        return Today(day, pool[row[0]], row[1], entries[-1] if entries else None)

    def reviews(self, day: str | None = None) -> list[EntryRow]:
        """The review entries written on a day (today by default), never the day's own."""
        return self.store.entries("WHERE day = ? AND kind = 'review'", (day or self.day(),))

    def _due_before(self) -> str:
        """Cards due before the next local midnight are due today, whatever the hour."""
        return start_of_next_day(self.clock()).astimezone(UTC).isoformat()

    def _choose(self, day: str, pool: dict[str, DiaryFormula]) -> tuple[str, str]:
        due = self.store.db.execute(
            "SELECT formula_key FROM cards WHERE due < ? ORDER BY due", (self._due_before(),)
        ).fetchall()
        for (key,) in due:
            if key in pool:
                return key, "review"
        done = {k for (k,) in self.store.db.execute("SELECT DISTINCT formula_key FROM entries")}
        yours = [k for k, f in pool.items() if f.source != "bank" and k not in done]
        if yours:
            return yours[0], "yours"
        fresh = sorted(k for k in pool if k not in done)
        if not fresh:  # everything done once: the least recently done, not in the last month
            since = (date.fromisoformat(day) - timedelta(days=RECENT_DAYS)).isoformat()
            recent = {
                k
                for (k,) in self.store.db.execute(
                    "SELECT formula_key FROM entries WHERE day >= ?", (since,)
                )
            }
            fresh = sorted(k for k in pool if k not in recent) or sorted(pool)
        # highest hash of (day, key) wins: the same in every process, and a bank that grows
        # changes a day's pick only when one of the new formulas wins it
        return max(fresh, key=lambda k: hashlib.sha256(f"{day}\0{k}".encode()).digest()), "new"

    # entries -----------------------------------------------------------------
    async def feedback(self, latex: str, text: str, lang: str | None = None) -> Feedback:
        """Gemini grades against the rubric; offline, the heuristic does (and says so)."""
        lang = lang or self.settings.lang
        if self.engine is not None:
            from tutor.prompts import load_prompt

            language = "Japanese" if lang == "ja" else "English"
            system = load_prompt("diary_feedback").replace("{language}", language)
            prompt = f"Formula (LaTeX):\n{latex}\n\nThe learner's explanation:\n{text}"
            result, _ = await self.engine.structured(
                prompt, Feedback, system=system, purpose="diary"
            )
            if result is not None:
                return result.model_copy(update={"source": "gemini"})
        return heuristic_feedback(latex, text, lang)

    def save(self, text: str, feedback: Feedback, formula: DiaryFormula | None = None) -> EntryRow:
        """Store an entry for today (today's formula, or a due one being reviewed) and
        schedule the formula's next review from the score."""
        if not text.strip():
            raise DiaryError("empty explanation: write a few sentences in your own words")
        today = self.today()
        kind = "today"
        if formula is not None and formula.key != today.formula.key:
            today, kind = Today(today.day, formula, "review", None), "review"
        now = self.clock()
        stamp = now.isoformat(timespec="seconds")
        with self.store.transaction() as db:
            cursor = db.execute(
                "INSERT INTO entries (day, formula_key, latex, text, feedback, score, created,"
                " updated, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    today.day,
                    today.formula.key,
                    today.formula.latex,
                    text.strip(),
                    feedback.model_dump_json(),
                    feedback.score,
                    stamp,
                    stamp,
                    kind,
                ),
            )
            self._schedule(db, today.formula.key, feedback.score, now)
            entry_id = cursor.lastrowid
        return self.store.entries("WHERE id = ?", (entry_id,))[0]

    def _schedule(self, db, key: str, score: int, now: datetime) -> None:  # type: ignore[no-untyped-def]
        from fsrs import Card

        row = db.execute("SELECT card FROM cards WHERE formula_key = ?", (key,)).fetchone()
        card = (
            Card.from_json(row[0])
            if row
            else Card(card_id=abs(hash(key)) % 10**12, due=now.astimezone(UTC))
        )
        card, _ = _scheduler().review_card(
            card, score_to_rating(score), review_datetime=now.astimezone(UTC)
        )
        db.execute(
            "INSERT OR REPLACE INTO cards (formula_key, card, due) VALUES (?, ?, ?)",
            (key, card.to_json(), card.due.astimezone(UTC).isoformat()),
        )

    def entry(self, entry_id: int) -> EntryRow:
        found = self.store.entries("WHERE id = ?", (entry_id,))
        if not found:
            raise DiaryError(f"no diary entry {entry_id}; `tutor diary list` shows them")
        return found[0]

    def edit(self, entry_id: int, text: str, feedback: Feedback) -> EntryRow:
        """Replace an entry's text and its feedback (graded on the new text); the old text
        and feedback go to the entry's history. Its date and formula are kept."""
        if not text.strip():
            raise DiaryError("empty explanation: an edit cannot erase an entry")
        stamp = self.clock().isoformat(timespec="seconds")
        with self.store.transaction() as db:
            old = db.execute(
                "SELECT text, feedback, score FROM entries WHERE id = ?", (entry_id,)
            ).fetchone()
            if old is None:
                raise DiaryError(f"no diary entry {entry_id}; `tutor diary list` shows them")
            db.execute(
                "INSERT INTO feedback_history (entry_id, text, feedback, score, replaced)"
                " VALUES (?, ?, ?, ?, ?)",
                (entry_id, *old, stamp),
            )
            db.execute(
                "UPDATE entries SET text = ?, feedback = ?, score = ?, updated = ? WHERE id = ?",
                (text.strip(), feedback.model_dump_json(), feedback.score, stamp, entry_id),
            )
        return self.entry(entry_id)

    async def regrade(self, entry_id: int, text: str) -> EntryRow:
        """Grade the new text (Gemini, or the heuristic offline) and replace the entry."""
        entry = self.entry(entry_id)
        if not text.strip():
            raise DiaryError("empty explanation: an edit cannot erase an entry")
        return self.edit(entry_id, text, await self.feedback(entry.latex, text))

    def history(self, entry_id: int) -> list[tuple[str, Feedback, str]]:
        """Earlier versions of an entry: (text, feedback, when it was replaced), oldest first."""
        rows = self.store.db.execute(
            "SELECT text, feedback, replaced FROM feedback_history WHERE entry_id = ? ORDER BY id",
            (entry_id,),
        ).fetchall()
        return [(t, Feedback.model_validate_json(f), r) for t, f, r in rows]

    # progress ----------------------------------------------------------------
    def done_days(self, since: str = "") -> set[str]:
        return {
            d
            for (d,) in self.store.db.execute(
                "SELECT DISTINCT day FROM entries WHERE day >= ?", (since,)
            )
        }

    def streak(self) -> int:
        """Consecutive days with an entry, ending today (or yesterday if today is open)."""
        today = self.clock().date()
        window = 64
        while True:  # read only as far back as the streak goes (doubling the window)
            since = today - timedelta(days=window)
            count = self._streak(self.done_days(since.isoformat()), today)
            if count < window - 1 or since <= date(1970, 1, 1):
                return count
            window *= 2

    @staticmethod
    def _streak(days: set[str], today: date) -> int:
        cursor = today
        if cursor.isoformat() not in days:
            cursor -= timedelta(days=1)
        count = 0
        while cursor.isoformat() in days:
            count += 1
            cursor -= timedelta(days=1)
        return count

    def calendar(self, weeks: int = 12) -> str:
        """A GitHub-style grid of the last weeks: ■ a day written, · a day missed."""
        days = self.done_days()
        today = self.clock().date()
        start = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
        rows = []
        from tutor.messages import t

        labels = t("diary.days", self.settings.lang).split("|")
        for weekday, label in enumerate(labels):
            cells = []
            for week in range(weeks):
                day = start + timedelta(days=7 * week + weekday)
                cells.append(" " if day > today else "■" if day.isoformat() in days else "·")
            rows.append(f"{label} {' '.join(cells)}")
        return "\n".join(rows)

    def due(self) -> list[DiaryFormula]:
        """Formulas whose FSRS review falls on or before the learner's local today."""
        pool = self.formulas()
        keys = [
            k
            for (k,) in self.store.db.execute(
                "SELECT formula_key FROM cards WHERE due < ? ORDER BY due", (self._due_before(),)
            )
        ]
        return [pool[k] for k in keys if k in pool]

    def next_reviews(self) -> list[tuple[DiaryFormula, str]]:
        """Each scheduled formula with the local day its review falls due."""
        pool = self.formulas()
        zone = self.clock().tzinfo
        rows = self.store.db.execute("SELECT formula_key, due FROM cards ORDER BY due")
        return [
            (pool[k], datetime.fromisoformat(d).astimezone(zone).date().isoformat())
            for k, d in rows
            if k in pool
        ]

    def papers_for(self, formula: DiaryFormula) -> list[str]:
        """The papers a formula comes from: its own arXiv id, and any paper on the reading
        list whose notes give it as the key equation (`arXiv:ID title`)."""
        from tutor.papers.service import ReadingList

        found: dict[str, str] = {}
        if formula.arxiv:
            found[formula.arxiv] = ""
        papers = ReadingList(self.settings)
        try:
            if formula.arxiv:
                rows = papers.store.rows(paper_id=formula.arxiv)
                found[formula.arxiv] = rows[0].label if rows else ""
            for row in papers.papers_for_formula(formula.latex):
                found[row.id] = row.label
        finally:
            papers.close()
        return [
            f"arXiv:{paper_id}" + (f" {label}" if label else "")
            for paper_id, label in found.items()
        ]

    # output ------------------------------------------------------------------
    def today_markdown(self) -> str:
        from tutor.latex.unicode import to_unicode

        today = self.today()
        lang = self.settings.lang
        ja = lang == "ja"
        reason = {
            "new": "new" if not ja else "新しい式",
            "review": "review" if not ja else "復習",
            "yours": "your formula" if not ja else "あなたの式",
        }[today.reason]
        # the learner's own formula has no name of its own: the reason already says whose
        name = f": {today.formula.name}" if today.formula.source == "bank" else ""
        lines = [
            f"**{'今日の式' if ja else 'Formula of the day'}** ({today.day}, {reason}){name}",
            f"```text\n{to_unicode(today.formula.latex)}\n```",
            f"`{today.formula.latex}`",
        ]
        sources = self.papers_for(today.formula)
        if sources:
            lines.append(f"{'出典' if ja else 'From'}: " + "; ".join(sources))
        if today.entry is not None:
            feedback = Feedback.model_validate_json(today.entry.feedback)
            lines += [
                f"**{'あなたの説明' if ja else 'Your explanation'}:** {today.entry.text}",
                feedback.to_markdown(lang),
            ]
        else:
            lines.append(
                "Explain it in your own words: `tutor diary write`."
                if not ja
                else "自分の言葉で説明してください：`tutor diary write`"
            )
        lines.append(
            f"{'連続日数' if ja else 'Streak'}: {self.streak()} · "
            f"{'復習待ち' if ja else 'due for review'}: {len(self.due())}"
        )
        return "\n\n".join(lines)

    def export(self, directory: Path) -> ExportReport:
        """One Markdown note per entry, with front matter and [[links]], for an Obsidian vault.

        Never overwrites the learner's edits: a note is rewritten only if it is unchanged
        since tutor wrote it (the hash in its front matter says so); an edited note stays,
        and the new version is written beside it.
        """
        from tutor.conversations import obsidian_math
        from tutor.exporting import write_note_safely, yaml_quote

        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DiaryError(f"cannot create {directory}: {exc.strerror or exc}") from None
        pool = self.formulas()
        report = ExportReport(directory)
        for entry in self.store.entries():
            formula = pool.get(entry.formula_key)
            name = formula.name if formula else entry.formula_key
            feedback = Feedback.model_validate_json(entry.feedback)
            links = self._symbol_links(entry.latex)
            if formula is not None and formula.arxiv:
                links.append(f"[[arXiv {formula.arxiv}]]")
            front = [
                f"date: {entry.day}",
                f"formula: {yaml_quote(entry.formula_key)}",
                f"name: {yaml_quote(name)}",
                f"kind: {entry.kind}",
                f"score: {entry.score}",
                f"feedback_source: {feedback.source}",
                f"arxiv: {yaml_quote(formula.arxiv) if formula and formula.arxiv else ''}",
                "tags: [diary, formula]" if entry.kind == "today" else "tags: [diary, review]",
            ]
            body = [
                f"# {name} — {entry.day}",
                "",
                f"$$\n{entry.latex}\n$$",
                "",
                "## My explanation",
                "",
                obsidian_math(entry.text),
                "",
                "## Feedback",
                "",
                obsidian_math(feedback.to_markdown(self.settings.lang)),
                "",
                "## Links",
                "",
                " ".join(links) or "-",
                "",
            ]
            slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "formula"
            path = directory / f"{entry.day}-{slug}-{entry.id}.md"  # no spaces: easy in a shell
            earlier = (
                directory / f"{entry.day} {slug} {entry.id}.md"
            )  # the name earlier exports used
            if earlier.exists() and not path.exists():
                path = earlier  # keep updating the note a vault already has
            try:
                report.add(path, write_note_safely(path, front, "\n".join(body)))
            except OSError as exc:
                raise DiaryError(
                    f"cannot write {path}: {exc.strerror or exc}; choose another directory"
                ) from None
        return report

    def _symbol_links(self, latex: str) -> list[str]:
        from tutor.latex.macros import macros_for
        from tutor.latex.parser import parse
        from tutor.tools.symbols import explain_symbols

        try:
            items, _ = explain_symbols(parse(latex, macros_for()))
        except LatexError:
            return []
        return sorted(
            {
                f"[[{i.read.en if i.read else i.latex}]]"
                for i in items
                if i.kind == "symbol" and i.category != "letter"
            }
        )


@dataclass
class ExportReport:
    """What an export did to each note: written new, updated, unchanged, or kept (edited
    by the learner, the new version written beside it)."""

    directory: Path
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    beside: list[tuple[Path, Path]] = field(default_factory=list)  # (kept, new version)

    def add(self, path: Path, outcome: tuple[str, Path]) -> None:
        what, where = outcome
        if what == "unchanged":
            self.unchanged.append(where)
        elif what == "beside":
            self.beside.append((path, where))
        else:
            self.written.append(where)

    @property
    def paths(self) -> list[Path]:
        return self.written + self.unchanged + [new for _, new in self.beside]

    def summary(self) -> str:
        from tutor.exporting import plural

        lines = [
            f"exported {plural(len(self.written), 'note')} to {self.directory}"
            + (f" ({len(self.unchanged)} unchanged)" if self.unchanged else "")
        ]
        lines += [
            f"kept your edits in {kept.name}; the new version is beside it: {new.name}"
            for kept, new in self.beside
        ]
        return "\n".join(lines)
