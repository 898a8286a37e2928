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

    def on_mount(self) -> None:
        self.refresh_view()
        self.query_one("#diary-editor", TextArea).focus()

    def refresh_view(self) -> None:
        today = self.diary.today()
        ja = self.diary.settings.lang == "ja"
        reason = {
            "new": "新しい式" if ja else "new",
            "review": "復習" if ja else "review",
            "yours": "あなたの式" if ja else "your formula",
        }[today.reason]
        self.query_one("#diary-formula", Static).update(
            f"{'今日の式' if ja else 'Formula of the day'} · {today.day} · {reason} · "
            f"{today.formula.name}\n\n    {to_unicode(today.formula.latex)}\n\n"
            f"    {today.formula.latex}\n\n"
            + (
                "自分の言葉で説明し、ctrl+s で保存"
                if ja
                else "Explain it in your own words, then ctrl+s to save and get feedback."
            )
        )
        self.query_one("#diary-calendar", Static).update(
            f"{'連続' if ja else 'streak'}: {self.diary.streak()}\n{self.diary.calendar(12)}"
        )
        due = self.diary.due()
        self.query_one("#diary-due", Static).update(
            ("復習待ち" if ja else "due for review")
            + f": {len(due)}\n"
            + "\n".join(f"· {f.name}" for f in due[:6])
        )
        if today.entry is not None:
            feedback = Feedback.model_validate_json(today.entry.feedback)
            self.query_one("#diary-feedback", Markdown).update(
                feedback.to_markdown(self.diary.settings.lang)
            )

    def action_quiz(self) -> None:
        """A self-check question from the same data; ctrl+s checks the answer."""
        from tutor.diary import quiz

        lang = self.diary.settings.lang
        make = self.rng.choice([quiz.symbol_question, quiz.latex_question, quiz.numpy_question])
        self.question = make(self.rng, lang)
        hint = "（答えを書いて ctrl+s）" if lang == "ja" else " (answer below, then ctrl+s)"
        self.query_one("#diary-formula", Static).update(f"Quiz: {self.question.prompt}{hint}")
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
        self.refresh_view()

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
            self.notify("write your explanation first", severity="warning")
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
        self.notify(f"saved · score {feedback.score}/5")

    def action_close(self) -> None:
        self.dismiss(None)
