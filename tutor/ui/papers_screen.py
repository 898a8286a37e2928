"""The papers screen: the reading list, filtered by status and tag; open a pass's note,
advance a paper to its next pass."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Markdown, Static

from tutor.errors import TutorError
from tutor.messages import t

if TYPE_CHECKING:
    from tutor.config import Settings
    from tutor.papers.service import ReadingList


def parse_filter(text: str) -> tuple[str | None, str | None]:
    """`pass 1`, `done`, `#ml` or `to-read #ml` → (status, tag)."""
    from tutor.papers.store import STATUSES

    words = text.split()
    tags = [w[1:] for w in words if w.startswith("#") and len(w) > 1]
    rest = " ".join(w for w in words if not w.startswith("#")).strip().lower()
    status = rest if rest in STATUSES else None
    if rest and status is None and rest.isdigit():
        status = f"pass {rest}" if f"pass {rest}" in STATUSES else None
    return status, tags[0] if tags else None


class PapersScreen(Screen[None]):
    DEFAULT_CSS = """
    PapersScreen #papers-filter { margin: 0 1; }
    PapersScreen #papers-table { height: 1fr; }
    PapersScreen #papers-note { height: 1fr; border-top: solid $primary; padding: 0 1; }
    PapersScreen #papers-status { height: 1; padding: 0 1; color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_note", "Open note", id="papers_open"),
        Binding("ctrl+a", "advance", "Next pass", id="papers_advance"),
        Binding("ctrl+f", "focus_filter", "Filter", id="papers_filter"),
        Binding("escape", "close", "Back", id="papers_close"),
    ]

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.status: str | None = None
        self.tag: str | None = None

    @property
    def lang(self) -> str:
        return str(getattr(self.app, "lang", self.settings.lang))

    def _list(self) -> ReadingList:
        from tutor.papers.service import ReadingList

        return ReadingList(self.settings)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Input(placeholder=t("papers.filter", self.lang), id="papers-filter")
            with Horizontal(id="papers-body"):
                yield DataTable(id="papers-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="papers-status")
            yield Markdown("", id="papers-note")
        yield Footer()

    def on_mount(self) -> None:
        from tutor.ui.app import translate_node_bindings

        translate_node_bindings(self, self.lang)
        table = self.query_one(DataTable)
        table.add_columns(*t("papers.columns", self.lang).split("|"))
        self.refresh_list()
        table.focus()

    @work(exclusive=True, group="papers", thread=True)
    def refresh_list(self) -> None:
        papers = self._list()
        try:
            rows = papers.papers(self.status, self.tag)
        except TutorError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        finally:
            papers.close()
        self.app.call_from_thread(self._show, rows)

    def _show(self, rows: list) -> None:  # type: ignore[type-arg]
        from tutor.papers.cli import plain

        table = self.query_one(DataTable)
        table.clear()
        for row in rows:
            table.add_row(
                row.id,
                row.status,
                row.added,
                plain(row.label)[:60],
                ", ".join(row.tags),
                key=row.id,
            )
        shown = t("papers.count", self.lang, n=len(rows))
        where = " · ".join(x for x in (self.status, self.tag and f"#{self.tag}") if x)
        self.query_one("#papers-status", Static).update(shown + (f" ({where})" if where else ""))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.status, self.tag = parse_filter(event.value)
        self.refresh_list()
        self.query_one(DataTable).focus()

    def _selected(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return str(key.value)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.open_note(str(event.row_key.value))

    def action_focus_filter(self) -> None:
        self.query_one(Input).focus()

    def action_open_note(self) -> None:
        paper_id = self._selected()
        if paper_id is not None:
            self.open_note(paper_id)

    def action_advance(self) -> None:
        paper_id = self._selected()
        if paper_id is not None:
            self.advance(paper_id)

    @work(exclusive=True, group="papers-note", thread=True)
    def open_note(self, paper_id: str) -> None:
        papers = self._list()
        try:
            notes = papers.notes(paper_id)
            if notes:
                number, path = notes[-1]
            else:
                number, path = 1, papers.write_note(papers.get(paper_id), 1)
            text = path.read_text("utf-8", errors="replace")
        except (TutorError, OSError) as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        finally:
            papers.close()
        body = text.split("---\n", 2)[2] if text.startswith("---\n") else text
        self.app.call_from_thread(
            self.query_one("#papers-note", Markdown).update,
            f"*pass {number} · {path}*\n\n{body}",
        )

    @work(exclusive=True, group="papers", thread=True)
    def advance(self, paper_id: str) -> None:
        papers = self._list()
        try:
            row, note = papers.advance(paper_id)
            rows = papers.papers(self.status, self.tag)
        except TutorError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        finally:
            papers.close()
        self.app.call_from_thread(self._show, rows)
        self.app.call_from_thread(
            self.notify,
            f"{row.id}: {row.status}"
            + (t("papers.screen_note", self.lang, name=note.name) if note else ""),
        )

    def action_close(self) -> None:
        self.dismiss(None)
