"""The progress screen: formulas explained and spend per week as sparklines, the streak,
review retention and papers per pass."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Sparkline, Static

from tutor.errors import TutorError
from tutor.messages import money, t

if TYPE_CHECKING:
    from tutor.config import Settings
    from tutor.progress import Progress


class ProgressScreen(Screen[None]):
    DEFAULT_CSS = """
    ProgressScreen VerticalScroll { padding: 1 2; }
    ProgressScreen .label { margin-top: 1; text-style: bold; }
    ProgressScreen Sparkline { height: 3; margin: 0 0 0 0; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="progress_close"),
        Binding("ctrl+r", "reload", "Reload", id="progress_reload"),
    ]

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings
        self.progress: Progress | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("", id="progress-summary")
            yield Static(
                "formulas explained per week", classes="label", id="progress-formulas-label"
            )
            yield Sparkline([], id="progress-formulas")
            yield Static("spend per week", classes="label", id="progress-spend-label")
            yield Sparkline([], id="progress-spend")
            yield Static("", id="progress-papers")
        yield Footer()

    @property
    def lang(self) -> str:
        return str(getattr(self.app, "lang", self.settings.lang))

    def on_mount(self) -> None:
        from tutor.ui.app import translate_node_bindings

        translate_node_bindings(self, self.lang)
        self.query_one("#progress-formulas-label", Static).update(
            t("screen.formulas_label", self.lang)
        )
        self.query_one("#progress-spend-label", Static).update(t("screen.spend_label", self.lang))
        self.action_reload()

    def action_reload(self) -> None:
        self.load()

    @work(exclusive=True, group="progress", thread=True)
    def load(self) -> None:
        from tutor.progress import compute

        try:
            progress = compute(self.settings)
        except TutorError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._show, progress)

    def _show(self, progress: Progress) -> None:
        lang = self.lang
        self.progress = progress
        retention = (
            t("progress.no_reviews", lang)
            if progress.retention is None
            else t("progress.recalled", lang, pct=f"{progress.retention:.0%}", n=progress.reviews)
        )
        self.query_one("#progress-summary", Static).update(
            t("diary.streak", lang, n=progress.streak)
            + " · "
            + t("progress.entries", lang, n=progress.total_entries)
            + " · "
            + t("screen.retention", lang, retention=retention)
        )
        self.query_one("#progress-formulas-label", Static).update(
            t(
                "screen.formulas_since",
                lang,
                since=progress.weeks[0],
                n=progress.formulas_per_week[-1],
            )
        )
        self.query_one("#progress-formulas", Sparkline).data = [
            float(v) for v in progress.formulas_per_week
        ]
        total = sum(progress.spend_per_week)
        self.query_one("#progress-spend-label", Static).update(
            t("screen.spend_total", lang, total=money(total), weeks=len(progress.weeks))
        )
        self.query_one("#progress-spend", Sparkline).data = [
            float(v) for v in progress.spend_per_week
        ]
        self.query_one("#progress-papers", Static).update(
            t("screen.papers", lang) + " · ".join(f"{k}: {v}" for k, v in progress.papers.items())
        )

    def action_close(self) -> None:
        self.dismiss(None)
