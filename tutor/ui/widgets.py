"""The chat's widgets: the input, messages, tool cards and the status bar."""

from __future__ import annotations

import json
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Collapsible, Markdown, Static, TextArea

from tutor.latex.markdown import render_math

SLASH_COMMANDS = {
    "/explain": "explain a formula offline: /explain \\frac{1}{n}\\sum_i x_i",
    "/symbol": "look up symbols: /symbol \\nabla_\\theta",
    "/run": "run NumPy in the sandbox: /run np.arange(6).reshape(2, 3).T",
    "/arxiv": "a paper: /arxiv 1706.03762 · /arxiv note 1706.03762 · /arxiv search flow matching",
    "/diary": "the formula diary: today's formula, your explanation, feedback, streak",
    "/spend": "today's and this month's spend",
    "/cache": "answer cache stats, or /cache clear",
    "/model": "show or set the model: /model gemini-2.5-pro",
    "/lang": "answer language: /lang ja",
    "/offline": "toggle offline mode (never call Gemini)",
    "/new": "start a new conversation",
    "/history": "list saved conversations, or resume one: /history 3",
    "/export": "export this conversation as Markdown: /export [path]",
    "/help": "keys and commands",
}


def complete_command(text: str) -> list[str]:
    """Slash commands that start with what has been typed."""
    if not text.startswith("/") or " " in text:
        return []
    return [name for name in SLASH_COMMANDS if name.startswith(text)]


class ChatInput(TextArea):
    """Multi-line input: Enter sends, ctrl+j inserts a newline, a paste never sends."""

    class Submitted(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(soft_wrap=True, show_line_numbers=False, tab_behavior="focus", **kwargs)
        self.sent: list[str] = []
        self._history_index: int | None = None

    async def _on_key(self, event: events.Key) -> None:
        key = event.key
        if key == "enter":
            event.stop()
            event.prevent_default()
            self.submit()
            return
        if key in ("ctrl+j", "shift+enter", "alt+enter"):
            event.stop()
            event.prevent_default()
            start, end = self.selection
            self._replace_via_keyboard("\n", start, end)
            return
        if key == "tab" and self.text.startswith("/"):
            matches = complete_command(self.text.strip())
            if matches:
                event.stop()
                event.prevent_default()
                self.text = _common_prefix(matches) + (" " if len(matches) == 1 else "")
                self.move_cursor(self.document.end)
                return
        if key == "up" and self.cursor_location[0] == 0 and self.sent:
            event.stop()
            event.prevent_default()
            self._recall(-1)
            return
        if (
            key == "down"
            and self._history_index is not None
            and (self.cursor_location[0] == self.document.line_count - 1)
        ):
            event.stop()
            event.prevent_default()
            self._recall(+1)
            return
        await super()._on_key(event)

    def _recall(self, step: int) -> None:
        index = len(self.sent) if self._history_index is None else self._history_index
        index = max(0, min(len(self.sent), index + step))
        self._history_index = None if index == len(self.sent) else index
        self.text = "" if self._history_index is None else self.sent[index]
        self.move_cursor(self.document.end)

    def submit(self) -> None:
        text = self.text.strip()
        if not text:
            return
        if not self.sent or self.sent[-1] != text:
            self.sent.append(text)
        self._history_index = None
        self.text = ""
        self.post_message(self.Submitted(text))


def _common_prefix(words: list[str]) -> str:
    first, last = min(words), max(words)
    size = 0
    while size < len(first) and first[size] == last[size]:
        size += 1
    return first[:size]


class UserMessage(Static):
    """What the learner typed, shown as written."""


class NoteLine(Static):
    """A notice: offline and why, retries, errors."""


class AnswerView(Vertical):
    """One answer: Markdown with math shown as Unicode (or raw), then its source and cost."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.raw_text = ""
        self.show_raw = False
        self.body = Markdown("", classes="answer-body")
        self.source = Static("", classes="source")

    def compose(self) -> ComposeResult:
        yield self.body
        yield self.source

    def render_text(self) -> str:
        return self.raw_text if self.show_raw else render_math(self.raw_text)

    async def finish(self, text: str, source_line: str) -> None:
        self.raw_text = text
        await self.body.update(self.render_text())
        self.source.update(source_line)

    async def set_raw(self, raw: bool) -> None:
        self.show_raw = raw
        if self.raw_text:
            await self.body.update(self.render_text())


class ToolCard(Collapsible):
    """A tool call the model (or the offline explainer) made: name, arguments, result."""

    def __init__(self, name: str, args: dict[str, Any]) -> None:
        shown = json.dumps(args, ensure_ascii=False)
        shown = shown if len(shown) <= 60 else shown[:57] + "…"
        self.result_view = Static("…running", classes="tool-result")
        super().__init__(
            self.result_view, title=f"tool {name} {shown}", collapsed=True, classes="tool-card"
        )
        self.tool_name = name

    def show_result(self, result: dict[str, Any] | None, error: str | None) -> None:
        if error:
            self.result_view.update(f"failed: {error}")
            self.add_class("failed")
            return
        text = json.dumps(result, ensure_ascii=False, indent=1)
        self.result_view.update(text if len(text) < 3000 else text[:3000] + "\n…")


class StatusBar(Static):
    """Mode, today's spend against the budget, and cache hits, always in sight."""
