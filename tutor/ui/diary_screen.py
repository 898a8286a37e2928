"""The diary screen: today's formula, an editor for your explanation, feedback, streak."""

from __future__ import annotations

import asyncio
import random
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Markdown, Static, TextArea

from tutor.diary.feedback import Feedback
from tutor.errors import TutorError
from tutor.latex.unicode import to_unicode
from tutor.messages import t

if TYPE_CHECKING:
    from tutor.diary.quiz import Question
    from tutor.diary.service import Diary


class DiaryScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save / check", id="diary_save"),
        Binding("f5", "quiz", "Quiz", id="diary_quiz"),
        Binding("escape", "close", "Back", id="diary_close"),
    ]

    def __init__(self, diary: Diary) -> None:
        super().__init__()
        self.diary = diary
        self.question: Question | None = None  # a quiz question waiting for its answer
        self.rng = random.Random()

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="diary"):
            yield Static("", id="diary-formula")
            yield TextArea("", id="diary-editor", soft_wrap=True)
            yield Markdown("", id="diary-feedback")
            with Horizontal(id="diary-progress"):
                yield Static("", id="diary-calendar")
                yield Static("", id="diary-due")
        yield Footer()

    @property
    def lang(self) -> str:
        return str(self.diary.settings.lang)

    def on_mount(self) -> None:
        editor = self.query_one("#diary-editor", TextArea)
        editor.cursor_blink = not self.app.is_headless  # stable snapshots
        editor.focus()

    def on_screen_resume(self) -> None:
        """Shown (the screen is made once and reused): fresh numbers in the UI language."""
        from tutor.ui.app import translate_node_bindings

        translate_node_bindings(self, self.lang)
        self.app.refresh_bindings()
        self.refresh_view()
        self.query_one("#diary-editor", TextArea).focus()

    def refresh_view(self, *, show_feedback: bool = True) -> None:
        """Redraw the formula, streak, calendar and due list; `show_feedback=False` keeps what
        the feedback panel shows (a quiz verdict must not be replaced by today's entry)."""
        today = self.diary.today()
        lang = self.lang
        reason = t("diary.reason." + today.reason, lang)
        if self.question is None:
            from tutor.sanitize import clean

            try:  # papers whose key equation it is; a damaged reading list only hides them
                sources = self.diary.papers_for(today.formula)
            except TutorError:
                sources = []
            origin = (
                t("diary.from_papers", lang, papers=clean("; ".join(sources))) + "\n\n"
                if sources
                else ""
            )
            self.query_one("#diary-formula", Static).update(
                f"{t('diary.formula_of_day', lang)} · {today.day} · {reason} · "
                f"{today.formula.name}\n\n    {to_unicode(today.formula.latex)}\n\n"
                f"    {today.formula.latex}\n\n" + origin + t("diary.prompt", lang)
            )
        self.query_one("#diary-calendar", Static).update(
            t("diary.streak", lang, n=self.diary.streak()) + "\n" + self.calendar()
        )
        due = self.diary.due()
        self.query_one("#diary-due", Static).update(
            t("diary.due", lang, n=len(due)) + "\n" + "\n".join(f"· {f.name}" for f in due[:6])
        )
        if show_feedback and today.entry is not None:
            feedback = Feedback.model_validate_json(today.entry.feedback)
            self.query_one("#diary-feedback", Markdown).update(
                feedback.to_markdown(self.diary.settings.lang)
            )

    def calendar(self) -> str:
        """The diary's calendar with its day labels in the UI language."""
        labels = t("diary.days", self.lang).split("|")
        rows = self.diary.calendar(12).split("\n")
        if len(rows) != len(labels):
            return "\n".join(rows)
        return "\n".join(label + row[3:] for label, row in zip(labels, rows, strict=True))

    def action_quiz(self) -> None:
        """A self-check question from the same data; ctrl+s checks the answer."""
        from tutor.diary import quiz

        lang = self.diary.settings.lang
        make = self.rng.choice([quiz.symbol_question, quiz.latex_question, quiz.numpy_question])
        self.question = make(self.rng, lang)
        self.query_one("#diary-formula", Static).update(
            t("diary.quiz", lang, prompt=self.question.prompt)
        )
        self.query_one("#diary-editor", TextArea).focus()

    @work(exclusive=True, group="diary")
    async def check_answer(self, question: Question, answer: str) -> None:
        from tutor.diary import quiz

        if question.kind == "numpy":
            verdict = await asyncio.to_thread(
                quiz.check_numpy, question, answer, self.diary.settings
            )
        elif question.kind == "latex":
            verdict = quiz.check_latex(question, answer)
        else:
            verdict = quiz.check_symbol(question, answer)
        mark = "✓" if verdict.correct else "✗"
        await self.query_one("#diary-feedback", Markdown).update(
            f"**{mark} {question.prompt}**\n\n{verdict.message}"
        )
        self.refresh_view(show_feedback=False)  # the verdict stays in sight

    @work(exclusive=True, group="diary")
    async def action_save(self) -> None:
        editor = self.query_one("#diary-editor", TextArea)
        text = editor.text
        if self.question is not None and text.strip():
            question, self.question = self.question, None
            editor.text = ""
            self.check_answer(question, text)
            return
        if not text.strip():
            self.notify(t("diary.write_first", self.lang), severity="warning")
            return
        formula = self.diary.today().formula
        try:
            feedback = await self.diary.feedback(formula.latex, text)
            self.diary.save(text, feedback)
        except TutorError as exc:
            self.notify(str(exc), severity="error")  # the text stays in the editor
            return
        editor.text = ""
        await self.query_one("#diary-feedback", Markdown).update(
            feedback.to_markdown(self.diary.settings.lang)
        )
        self.refresh_view()
        self.notify(t("diary.saved", self.lang, score=feedback.score))

    def action_close(self) -> None:
        self.dismiss(None)
