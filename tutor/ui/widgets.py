"""The chat's widgets: the input, one turn (question, notes, tool cards, answer), the
status bar. A turn's data (`TurnData`) outlives its widgets, so old turns can be unmounted
and mounted again when the learner scrolls back."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult, RenderResult
from textual.containers import Vertical
from textual.message import Message
from textual.visual import RenderOptions, RichVisual
from textual.widgets import Collapsible, Static, TextArea

from tutor.ui.commands import complete_command
from tutor.ui.text import bounded, raw_view, render_math_text

if TYPE_CHECKING:
    from textual.css.styles import RulesMap
    from textual.strip import Strip
    from textual.style import Style


@dataclass
class ToolData:
    name: str
    args: dict[str, Any]
    call_id: str = ""
    result: dict[str, Any] | None = None
    error: str | None = None
    done: bool = False
    lang: str = "en"  # the card's labels


@dataclass
class TurnData:
    """One item of the conversation as shown: a question and its answer, a command and its
    output, or a lone note. Only text: cheap to keep for every turn of a long session."""

    question: str | None = None
    notes: list[str] = field(default_factory=list)
    tools: list[ToolData] = field(default_factory=list)
    answer: str | None = None  # None: no answer part (a lone note)
    source: str = ""
    formulas: list[str] = field(default_factory=list)
    rendered: str | None = None  # the answer with math as Unicode, once computed
    stopped: bool = False
    done: bool = True  # False while an answer is awaited or streaming


class ChatInput(TextArea):
    """Multi-line input: Enter sends, ctrl+j inserts a newline, a paste never sends.
    Up/Down walk through what was sent; coming back down restores the unsent draft."""

    class Submitted(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(soft_wrap=True, show_line_numbers=False, tab_behavior="focus", **kwargs)
        self.sent: list[str] = []
        self.draft = ""
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
        if self._history_index is None:
            self.draft = self.text  # kept, and given back when the learner comes down again
        index = len(self.sent) if self._history_index is None else self._history_index
        index = max(0, min(len(self.sent), index + step))
        self._history_index = None if index == len(self.sent) else index
        self.text = self.draft if self._history_index is None else self.sent[index]
        self.move_cursor(self.document.end)

    def clear_input(self) -> None:
        self.text = ""
        self.draft = ""
        self._history_index = None

    def submit(self) -> None:
        text = self.text.strip()
        if not text:
            return
        if not self.sent or self.sent[-1] != text:
            self.sent.append(text)
        self.clear_input()
        self.post_message(self.Submitted(text))


def _common_prefix(words: list[str]) -> str:
    first, last = min(words), max(words)
    size = 0
    while size < len(first) and first[size] == last[size]:
        size += 1
    return first[:size]


class UserMessage(Static):
    """What the learner typed, shown as written (never read as markup)."""

    def __init__(self, text: str, **kwargs: Any) -> None:
        super().__init__(text, markup=False, **kwargs)


class NoteLine(Static):
    """A notice: offline and why, retries, errors (never read as markup)."""

    def __init__(self, text: str, **kwargs: Any) -> None:
        super().__init__(text, markup=False, **kwargs)


STREAM_EVERY_S = 0.1  # a streaming answer is drawn at most this often (or rarer, see below)


class _DrawnOnce(RichVisual):
    """A Rich renderable drawn once per width and style. Layout asks a Static for its
    height and the screen for its lines, and each would render the whole Markdown again;
    here both come from one render, kept until the width, the style or the text change."""

    def __init__(self, widget: AnswerBody, renderable: Any) -> None:
        super().__init__(widget, renderable)
        self._body = widget
        self._kept: tuple[int, Style, list[Strip]] | None = None

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        kept = self._kept
        if kept is None or kept[0] != width or kept[1] != style:
            start = time.perf_counter()
            kept = self._kept = (width, style, super().render_strips(width, None, style, options))
            self._body.draw_s = self._body.parse_s + time.perf_counter() - start
        return kept[2] if height is None else kept[2][:height]

    def get_height(self, rules: RulesMap, width: int) -> int:
        kept = self._kept
        if kept is not None and kept[0] == width:
            return len(kept[2])
        widget = self._widget
        options = RenderOptions(widget._get_style, rules)
        return len(self.render_strips(width, None, widget.visual_style, options))


class AnswerBody(Static):
    """An answer's Markdown, drawn by Rich into this one widget (a Markdown widget would be
    a block widget per paragraph, each laid out with the whole screen at every update), and
    drawn once per width. While it streams, its text is replaced at most every
    STREAM_EVERY_S, or every four draws' time when drawing is slower (a very long answer):
    chunks that come between are drawn together."""

    def __init__(self, text: str = "", **kwargs: Any) -> None:
        super().__init__("", markup=False, **kwargs)
        self.text = text
        self.draw_s = 0.0  # how long the last draw took (parsing the Markdown included)
        self.parse_s = 0.0
        self.shown_at = 0.0  # when the text was last replaced
        self._drawn: _DrawnOnce | None = None

    def show_markdown(self, text: str) -> None:
        self.shown_at = time.monotonic()
        if text != self.text:
            self.text = text
            self._drawn = None
            self.refresh(layout=True)

    def next_draw_in(self) -> float:
        """Seconds until the streaming text may be replaced again (0 or less: now)."""
        every = max(STREAM_EVERY_S, 4 * self.draw_s)
        return self.shown_at + every - time.monotonic()

    def render(self) -> RenderResult:
        if self._drawn is None:
            start = time.perf_counter()
            self._drawn = _DrawnOnce(self, _rich_markdown(self.text))
            self.parse_s = time.perf_counter() - start
        return self._drawn


class AnswerView(Vertical):
    """One answer: Markdown with math shown as Unicode (or raw), then its source and cost.

    Streaming or finished, the answer is one `AnswerBody`: while it streams, the text so
    far (math as written); when it is in, the whole text with math as Unicode.
    """

    def __init__(self, data: TurnData | None = None, *, show_raw: bool = False, **kwargs: Any):
        super().__init__(**kwargs)
        self.data = data or TurnData(answer="")
        self.show_raw = show_raw
        self.body = AnswerBody(self.kept_text() or "", classes="answer-body")
        self.source = Static(self.data.source, classes="source", markup=False)

    def compose(self) -> ComposeResult:
        yield self.body
        yield self.source

    @property
    def raw_text(self) -> str:
        return self.data.answer or ""

    def kept_text(self) -> str | None:
        """The text to draw when it needs no rendering now (raw, or math already done)."""
        if not self.data.done:
            return self.raw_text  # streaming: as it came
        if self.show_raw:
            return raw_view(self.raw_text, self.data.formulas)
        return self.data.rendered if self.raw_text else ""

    def render_text(self) -> str:
        if self.show_raw:
            return raw_view(self.raw_text, self.data.formulas)
        if self.data.rendered is None:
            self.data.rendered = render_math_text(self.raw_text)
        return self.data.rendered

    async def display_text(self) -> str:
        """The text to draw: raw, or math rendered off the event loop (in time, or raw)."""
        if self.show_raw:
            return raw_view(self.raw_text, self.data.formulas)
        if self.data.rendered is not None:
            return self.data.rendered
        text, done = await bounded(render_math_text, self.raw_text, self.raw_text)
        if done:
            self.data.rendered = text
        return text

    async def show(self) -> None:
        """Draw the answer as it stands."""
        if self.raw_text:
            self.body.show_markdown(await self.display_text() if self.data.done else self.raw_text)
        self.source.update(self.data.source)

    def show_streamed(self) -> None:
        """Draw the text streamed so far (math as written until the answer is in)."""
        self.body.show_markdown(self.raw_text)

    async def finish(self, text: str, source_line: str) -> None:
        """The whole answer is in: drawn once more, exactly, with its math rendered."""
        self.data.answer = text
        self.data.rendered = None
        self.data.done = True
        self.data.source = source_line
        await self.show()

    async def set_raw(self, raw: bool) -> None:
        if raw != self.show_raw:
            self.show_raw = raw
            if self.raw_text and self.data.done:
                await self.show()


def _rich_markdown(text: str) -> Any:
    from rich.markdown import Markdown as RichMarkdown

    return RichMarkdown(text, code_theme="monokai", hyperlinks=False)


class ToolCard(Collapsible):
    """A tool call the model (or the offline explainer) made: name, arguments, result."""

    def __init__(self, data: ToolData) -> None:
        shown = json.dumps(data.args, ensure_ascii=False)
        shown = shown if len(shown) <= 60 else shown[:57] + "…"
        from tutor.messages import t

        running = t("tool.running", data.lang)
        self.result_view = Static(running, classes="tool-result", markup=False)
        title = t("tool.title", data.lang, name=data.name, args=shown)
        super().__init__(self.result_view, title=title, collapsed=True, classes="tool-card")
        self.tool_name = data.name
        self.data = data
        if data.done:
            self._show(data.result, data.error)

    def show_result(self, result: dict[str, Any] | None, error: str | None) -> None:
        self.data.result, self.data.error, self.data.done = result, error, True
        self._show(result, error)

    def _show(self, result: dict[str, Any] | None, error: str | None) -> None:
        from tutor.ui.text import clean

        if error:
            from tutor.messages import t

            self.result_view.update(t("tool.failed", self.data.lang, error=clean(error)))
            self.add_class("failed")
            return
        text = clean(json.dumps(result, ensure_ascii=False, indent=1))
        self.result_view.update(text if len(text) < 3000 else text[:3000] + "\n…")


class TurnView(Vertical):
    """One turn on screen, built from its data."""

    def __init__(self, data: TurnData, *, show_raw: bool = False) -> None:
        super().__init__(classes="turn")
        self.data = data
        self.answer_view: AnswerView | None = None
        if data.answer is not None:
            self.answer_view = AnswerView(data, show_raw=show_raw)

    def compose(self) -> ComposeResult:
        if self.data.question is not None:
            yield UserMessage(self.data.question)
        for note in self.data.notes:
            yield NoteLine(note)
        for tool in self.data.tools:
            yield ToolCard(tool)
        if self.answer_view is not None:
            yield self.answer_view

    async def on_mount(self) -> None:
        if self.answer_view is not None and self.data.answer:
            await self.answer_view.show()


class StatusBar(Static):
    """Mode, today's spend against the budget, cache hits and language, always in sight.
    Parts are given long and short; the longest line that fits the width is shown."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", markup=False, **kwargs)
        self.variants: list[str] = [""]

    def show(self, variants: list[str]) -> None:
        self.variants = variants
        self.refresh()

    def render(self) -> str:
        width = max(1, self.size.width - 2) if self.size.width else 10_000
        for line in self.variants:
            if cell_len(line) <= width:
                return line
        return self.variants[-1]
