"""The chat screen: layout, the ask worker, answers, and the window of live turns.

A long session stays as fast as a short one: only the last LIVE_TURNS turns are widgets;
older ones are kept as `TurnData` (text only) and mounted again, a page at a time, when the
learner pages up past the top. Question and answer are mounted together; an answer is one
widget drawn by Rich, and while it streams its text is replaced at most every
`STREAM_EVERY_S` (chunks that come between are drawn together), the scroll following it.
"""

from __future__ import annotations

import asyncio
import contextvars
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static
from textual.worker import Worker

from tutor.errors import TutorError
from tutor.messages import event_text, t
from tutor.render import source_line
from tutor.ui.commands import COMMANDS, complete_command
from tutor.ui.text import (
    bounded,
    clean,
    clean_markdown,
    detect_lang,
    formula_of,
    formulas_in,
    one_line,
    render_math_text,
    with_unicode,
)
from tutor.ui.widgets import (
    AnswerView,
    ChatInput,
    NoteLine,
    StatusBar,
    ToolCard,
    ToolData,
    TurnData,
    TurnView,
)

if TYPE_CHECKING:
    from tutor.conversations import Message, SessionStore
    from tutor.engine import Engine
    from tutor.events import FinalAnswer
    from tutor.ui.app import TutorApp

LIVE_TURNS = 8  # turns kept as widgets, at most (fewer when they fill the screen twice)
PAGE_TURNS = 6  # turns mounted again per PageUp past the top
# The command being run (its text, and whether it is saved), per worker.
_COMMAND: contextvars.ContextVar[tuple[str, bool] | None] = contextvars.ContextVar(
    "command", default=None
)


class ChatScreen(Screen[None]):
    AUTO_FOCUS = "#input"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "toggle_raw", "Raw LaTeX", id="toggle_raw"),
        Binding("f6", "copy_answer", "Copy answer", id="copy_answer", priority=True),
        Binding("f7", "copy_latex", "Copy LaTeX", id="copy_latex", priority=True),
        Binding("escape", "stop", "Stop / close", id="stop", show=False),
        Binding("ctrl+n", "new_chat", "New", id="new_chat", show=False),
        Binding("ctrl+o", "toggle_offline", "Offline", id="toggle_offline", show=False),
        Binding(
            "ctrl+c", "clear_input", "Clear input", id="clear_input", show=False, priority=True
        ),
        Binding("ctrl+d", "quit_if_empty", "Quit", id="quit_if_empty", show=False, priority=True),
        Binding(
            "ctrl+l", "clear_screen", "Clear screen", id="clear_screen", show=False, priority=True
        ),
        Binding("pageup", "chat_page_up", "Scroll up", id="page_up", show=False, priority=True),
        Binding(
            "pagedown", "chat_page_down", "Scroll down", id="page_down", show=False, priority=True
        ),
        Binding(
            "ctrl+home", "chat_scroll_home", "Top", id="scroll_home", show=False, priority=True
        ),
        Binding("ctrl+end", "chat_scroll_end", "End", id="scroll_end", show=False, priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[TurnData] = []  # everything shown this session, oldest first
        self.window_start = 0  # items[window_start:] are mounted
        self.turns: list[tuple[str, str]] = []  # the conversation Gemini sees
        self.show_raw = False
        self.lang_chosen = False  # /lang pins the answer language
        self._conversation_id = 0  # made on the first message saved, not at start
        self._ask_lock = asyncio.Lock()
        self._streaming: TurnView | None = None
        self._quit_armed = False
        self._draw_timer: Timer | None = None  # the streamed text's next draw, when due
        self._reading_back = False  # paged up: keep the turns being read

    # shortcuts ------------------------------------------------------------------
    @property
    def tutor(self) -> TutorApp:
        from tutor.ui.app import TutorApp

        assert isinstance(self.app, TutorApp)
        return self.app

    @property
    def engine(self) -> Engine:
        return self.tutor.engine

    @property
    def store(self) -> SessionStore:
        return self.tutor.store

    @property
    def lang(self) -> str:
        return self.tutor.lang

    @property
    def conversation_id(self) -> int:
        """This conversation's id in the store; made when first needed."""
        if not self._conversation_id:
            self._conversation_id = self.store.new()
        return self._conversation_id

    @conversation_id.setter
    def conversation_id(self, value: int) -> None:
        self._conversation_id = value

    @property
    def chat(self) -> VerticalScroll:
        return self.query_one("#chat", VerticalScroll)

    @property
    def chat_input(self) -> ChatInput:
        return self.query_one(ChatInput)

    # layout ---------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with VerticalScroll(id="chat"):
            yield Static("", id="earlier")
        yield Static("", id="hint")
        yield ChatInput(id="input")
        yield Footer()

    async def on_mount(self) -> None:
        chat_input = self.chat_input
        chat_input.cursor_blink = not self.app.is_headless  # stable snapshots
        chat_input.focus()
        await self.add_note(t("welcome", self.lang), markdown=True, record=False)
        self.call_after_refresh(self.after_first_frame)

    async def after_first_frame(self) -> None:
        """What needs the engine (the ledger, the price table) and the stores waits for the
        first frame; a store that cannot be opened is a notice now, not at the first answer."""
        _ = self.store
        self.refresh_status()
        try:
            line = self.engine.startup_notice(self.lang)  # an unknown, deprecated or retired
        except TutorError as exc:
            line = str(exc)
        if line:
            await self.add_note(clean(line))
        # the code blocks' highlighters, imported while the learner reads the first screen
        # (not at the first answer or the first f2: 10-20 ms of imports each)
        await asyncio.to_thread(_load_highlighters)
        self.tutor.keep_startup_heap()

    def refresh_status(self) -> None:
        from tutor.ui.app import status_variants

        self.query_one(StatusBar).show(status_variants(self.engine, self.tutor.storage_failed))

    # the window of live turns ---------------------------------------------------
    def mounted_turns(self) -> list[TurnView]:
        return list(self.chat.query_children(TurnView))

    async def mount_turn(self, data: TurnData, *, trim: bool = True) -> TurnView:
        """Show a new turn at the end, and let the oldest live turns go (`trim=False`: the
        caller lets them go later, once its answer is drawn)."""
        self.items.append(data)
        view = TurnView(data, show_raw=self.show_raw)
        await self.chat.mount(view)
        if trim:
            await self.trim()
        return view

    async def trim(self) -> None:
        """Let the oldest live turns go: those beyond the newest that fill the screen twice
        (at most LIVE_TURNS are kept), while the learner is at the end."""
        views = self.mounted_turns()
        size = self.chat.scrollable_content_region.size
        keep = live_window([v.data for v in views], size.width, size.height, most=LIVE_TURNS)
        extra = len(views) - keep
        if extra > 0 and self._following():
            with self.app.batch_update():
                await self.chat.remove_children(views[:extra])
            self.window_start += extra
            _release_removed_widgets()
        self._show_earlier()

    def _show_earlier(self) -> None:
        earlier = self.query_one("#earlier", Static)
        earlier.display = self.window_start > 0
        if self.window_start:
            earlier.update(t("note.earlier", self.lang, n=self.window_start))

    def _following(self) -> bool:
        """Is the learner at the end of the chat (so old turns may go)? Paging up says no
        until the end is reached again; a mouse reader is more than two screens up."""
        if self._reading_back:
            return False
        chat = self.chat
        return chat.max_scroll_y - chat.scroll_y <= max(2, 2 * chat.size.height)

    async def load_earlier(self, *, anchor: bool = True) -> bool:
        """Mount a page of earlier turns above the first live one; False when none are left."""
        if self.window_start == 0:
            return False
        start = max(0, self.window_start - PAGE_TURNS)
        views = [TurnView(d, show_raw=self.show_raw) for d in self.items[start : self.window_start]]
        first = self.mounted_turns()[:1]
        with self.app.batch_update():
            if first:
                await self.chat.mount_all(views, before=first[0])
            else:
                await self.chat.mount_all(views)
        self.window_start = start
        self._show_earlier()
        if first and anchor:  # keep the turn that was at the top where it was
            self.call_after_refresh(self.chat.scroll_to_widget, first[0], top=True, animate=False)
        return True

    def follow(self) -> None:
        """Scroll to the newest message once the layout has caught up with it."""
        self._reading_back = False
        self.chat.scroll_end(animate=False)
        self.call_after_refresh(self.chat.scroll_end, animate=False)

    async def add_note(self, text: str, *, markdown: bool = False, record: bool = False) -> None:
        if markdown:
            await self.mount_turn(TurnData(answer=text))
        else:
            await self.mount_turn(TurnData(notes=[text]))
        self.follow()

    def prefill(self, text: str) -> None:
        chat_input = self.chat_input
        chat_input.text = text + " "
        chat_input.move_cursor(chat_input.document.end)
        chat_input.focus()

    # input ----------------------------------------------------------------------
    def on_text_area_changed(self, event: ChatInput.Changed) -> None:
        if event.text_area is not self.chat_input:
            return
        text = event.text_area.text.strip()
        if text:
            self._quit_armed = False
        hint = self.query_one("#hint", Static)
        matches = complete_command(text)
        if matches and text not in COMMANDS:
            hint.update("  ".join(f"{m} — {COMMANDS[m].help(self.lang)}" for m in matches[:4]))
            hint.add_class("visible")
        else:
            hint.remove_class("visible")

    async def on_chat_input_submitted(self, event: ChatInput.Submitted) -> None:
        text = event.text
        if text.startswith("/"):
            self.run_command(text)
        else:
            self.ask(text)

    # asking ---------------------------------------------------------------------
    @work(group="ask")
    async def ask(self, question: str) -> None:
        """Ask one question. A second question waits for the first: none is dropped."""
        fallback: tuple[str, str | None] = (question, None)
        (shown, formula), _ = await bounded(_pasted, question, fallback)
        data = TurnData(
            question=shown, answer="", formulas=[formula] if formula else [], done=False
        )
        if self._ask_lock.locked():
            data.source = t("answer.waiting", self.lang)
        # the oldest live turn goes after this answer is drawn, not before: at turn 200 an
        # answer then costs what it cost at turn 1
        view = await self.mount_turn(data, trim=False)
        self.follow()
        try:
            await self._ask_lock.acquire()
        except asyncio.CancelledError:  # stopped while waiting: never asked
            data.done = True
            data.source = t("source.stopped", self.lang)
            if view.answer_view is not None and view.is_attached:
                view.answer_view.source.update(data.source)
            raise
        try:
            await self._ask(question, view)
        finally:
            self._ask_lock.release()

    async def _ask(self, question: str, view: TurnView) -> None:
        from tutor.events import FinalAnswer, Notice, Progress, TextDelta, ToolCall, ToolResult

        data = view.data
        answer = view.answer_view
        assert answer is not None
        data.source = ""
        answer.source.update("")
        conversation = self.conversation_id
        await asyncio.to_thread(self.store.add, conversation, _user(question))
        lang = None if self.lang_chosen else detect_lang(question)
        cards: dict[str, ToolCard] = {}
        self._streaming = view
        try:
            async for event in self.engine.ask(question, history=list(self.turns), lang=lang):
                if isinstance(event, TextDelta):
                    text = clean(event.text)
                    data.answer = (data.answer or "") + text
                    self._draw_streamed(answer)
                    continue
                if isinstance(event, Notice):
                    note = clean(event_text(event, self.lang))
                    data.notes.append(note)
                    await view.mount(NoteLine(note), before=answer)
                elif isinstance(event, Progress):  # a tool round is running
                    message = one_line(event_text(event, self.lang))
                    progress = t("status.progress", self.lang, message=message)
                    self.query_one(StatusBar).show([progress])
                elif isinstance(event, ToolCall):
                    tool = ToolData(event.name, event.args, event.call_id, lang=self.lang)
                    data.tools.append(tool)
                    latex = event.args.get("latex")
                    if isinstance(latex, str) and latex and latex not in data.formulas:
                        data.formulas.append(latex)
                    card = ToolCard(tool)
                    cards[event.call_id or event.name] = card
                    await view.mount(card, before=answer)
                elif isinstance(event, ToolResult):
                    done = cards.get(event.call_id or event.name)
                    if done is not None:
                        done.show_result(event.result, event.error)
                elif isinstance(event, FinalAnswer):
                    self._cancel_draw()
                    text = clean_markdown(event.text)
                    if event.partial_text:  # kept and marked, not lost behind the fallback
                        note = t("note.partial_text", self.lang, text=clean(event.partial_text))
                        data.notes.append(note)
                        await view.mount(NoteLine(note), before=answer)
                    data.formulas += [f for f in formulas_in(text) if f not in data.formulas]
                    answer.show_raw = self.show_raw
                    # saved while it is drawn: the disk's wait overlaps the math's render
                    saving = asyncio.ensure_future(
                        asyncio.to_thread(self.record_answer, event, text)
                    )
                    await answer.finish(text, source_line(event, self.lang))
                    await saving
                    if event.for_history is not None:  # never the offline text as Gemini's
                        self.turns += [("user", question), ("assistant", event.for_history)]
                self.follow()
        except TutorError as exc:
            self._draw_now(answer)
            data.done = True
            await self.add_note(t("note.error", self.lang, error=clean(str(exc))))
        except asyncio.CancelledError:
            self._draw_now(answer)  # what came stays on screen
            self.keep_partial(view, question)
            raise
        finally:
            self._cancel_draw()
            data.done = True
            self._streaming = None
            self.call_after_refresh(self.trim)
        self.refresh_status()

    def _draw_streamed(self, answer: AnswerView) -> None:
        """Draw the streamed text now, or when its body may be drawn again; the chunks
        that come meanwhile are drawn together then."""
        if self._draw_timer is not None:
            return
        wait = answer.body.next_draw_in()
        if wait > 0:
            self._draw_timer = self.set_timer(wait, lambda: self._draw_now(answer))
        else:
            self._draw_now(answer)

    def _draw_now(self, answer: AnswerView) -> None:
        self._cancel_draw()
        if answer.is_attached and not answer.data.done:
            answer.show_streamed()
            if not self._reading_back:  # a learner who paged up is left where they read
                self.follow()

    def _cancel_draw(self) -> None:
        if self._draw_timer is not None:
            self._draw_timer.stop()
            self._draw_timer = None

    def keep_partial(self, view: TurnView, question: str) -> None:
        """An answer stopped mid-stream keeps what came, marked, in the screen and the store."""
        data = view.data
        if data.stopped or data.source:
            return
        data.stopped = True
        data.source = t("source.stopped", self.lang)
        text = data.answer or ""
        try:
            from tutor.conversations import Message

            self.store.add(self.conversation_id, Message("assistant", text, "stopped"))
        except TutorError:
            pass
        if text:
            self.turns += [("user", question), ("assistant", text)]
        if view.answer_view is not None and view.is_attached:
            view.answer_view.source.update(data.source)

    def record_answer(self, answer: FinalAnswer, text: str) -> None:
        from tutor.conversations import Message

        self.store.add(
            self.conversation_id,
            Message(
                "assistant",
                text,
                answer.source,
                answer.model,
                answer.tokens.prompt,
                answer.tokens.output + answer.tokens.thinking,
                answer.cost_usd,
            ),
        )

    def ask_workers(self) -> list[Worker[None]]:
        return [w for w in self.workers if w.group == "ask" and not w.is_finished]

    def stop_streaming(self) -> bool:
        """Stop the answer being streamed (and any waiting ones); True if one was stopped."""
        workers = self.ask_workers()
        streaming = self._streaming
        if streaming is not None:
            question = self._question_of(streaming)
            self.keep_partial(streaming, question)
        for worker in workers:
            worker.cancel()
        return bool(workers)

    def _question_of(self, view: TurnView) -> str:
        return (view.data.question or "").split("\n  ⟶ ", 1)[0]

    # commands -------------------------------------------------------------------
    def run_command(self, text: str) -> None:
        self.run_worker(self._run_command(text), group="command")

    async def _run_command(self, text: str) -> None:
        name, _, rest = text.partition(" ")
        rest = rest.strip()
        command = COMMANDS.get(name)
        if command is None:
            near = complete_command(name[:2]) or list(COMMANDS)
            await self.add_note(
                t("note.unknown_command", self.lang, name=name, near=", ".join(near[:5]))
            )
            return
        _COMMAND.set((text, command.record))
        try:
            await command.handler(self, rest)
        except TutorError as exc:
            await self.add_note(t("note.command_error", self.lang, name=name, error=str(exc)))
        self.refresh_status()

    async def show_output(self, text: str, source: str = "", *, record: bool = True) -> None:
        """A command's output, under the command as typed; saved when the command is content."""
        text = clean_markdown(text)
        command, recorded = _COMMAND.get() or (None, False)
        formula = formula_of(command) if command else None
        data = TurnData(
            question=command,
            answer=text,
            source=f"— {source}" if source else "",
            formulas=([formula] if formula else []) + formulas_in(text),
        )
        await self.mount_turn(data)
        if record and recorded and command:
            from tutor.conversations import Message

            conversation = self.conversation_id

            def save() -> None:
                self.store.add(conversation, _user(command))
                self.store.add(conversation, Message("assistant", text, source or "command"))

            await asyncio.to_thread(save)
        self.follow()

    async def new_chat(self) -> None:
        self.stop_streaming()
        await self.clear_chat()
        self.items = []
        self.window_start = 0
        self.conversation_id = 0  # a new one is made with the first message
        self.turns = []
        await self.add_note(t("note.new_chat", self.lang))

    async def clear_chat(self) -> None:
        with self.app.batch_update():
            await self.chat.remove_children(TurnView)
        self.window_start = len(self.items)
        self._show_earlier()

    async def resume(self, conversation_id: int) -> None:
        """Open a saved conversation: every turn as data, and as widgets only the last turns
        that fill the screen twice (their math rendered in the thread that reads them)."""
        size = self.chat.scrollable_content_region.size
        items, turns = await asyncio.to_thread(self._load_turns, conversation_id)
        # the last turns that fill the screen twice; the note makes one more
        start = len(items) - live_window(items, size.width, size.height, most=LIVE_TURNS - 1)
        if not self.show_raw:
            window = [d for d in items[start:] if d.answer and d.rendered is None]
            await bounded(_render_all, window, None)  # hostile LaTeX: drawn later, bounded
        self.stop_streaming()
        self.conversation_id = conversation_id
        self.turns = turns
        await self.clear_chat()
        self.items = items
        self.window_start = start
        views = [TurnView(d, show_raw=self.show_raw) for d in items[start:]]
        with self.app.batch_update():
            await self.chat.mount_all(views)
        await self.add_note(t("note.resumed", self.lang, id=conversation_id))

    def _load_turns(self, conversation_id: int) -> tuple[list[TurnData], list[tuple[str, str]]]:
        """A saved conversation as turns to show and turns for Gemini (in a thread)."""
        lang = self.lang
        turns: list[tuple[str, str]] = []
        items: list[TurnData] = []
        question: str | None = None
        for message in self.store.messages(conversation_id):
            content = (
                clean(message.content)
                if message.role == "user"
                else clean_markdown(message.content)
            )
            if message.role == "user":
                if question is not None:
                    items.append(TurnData(question=question))
                question = content
            elif message.role == "assistant":
                if question is not None and message.source in ("gemini", "cache", "offline"):
                    turns += [("user", question), ("assistant", content)]
                formula = formula_of(question) if question else None
                items.append(
                    TurnData(
                        question=question,
                        answer=content,
                        source=t("source.saved", lang, source=message.source or ""),
                        formulas=([formula] if formula else []) + formulas_in(content),
                    )
                )
                question = None
        if question is not None:
            items.append(TurnData(question=question))
        return items, turns

    # actions --------------------------------------------------------------------
    async def action_toggle_raw(self) -> None:
        """Raw LaTeX on every answer; only the live turns are redrawn (older ones follow
        the setting when they are shown again)."""
        self.show_raw = not self.show_raw
        views = [v.answer_view for v in self.mounted_turns() if v.answer_view is not None]
        with self.app.batch_update():
            await asyncio.gather(*(view.set_raw(self.show_raw) for view in views))
        self.notify(t("toast.raw_on" if self.show_raw else "toast.raw_off", self.lang))

    def last_answer(self) -> TurnData | None:
        for data in reversed(self.items):
            if data.answer and data.question is not None:
                return data
        return None

    def action_copy_answer(self) -> None:
        data = self.last_answer()
        if data is None or not data.answer:
            self.notify(t("toast.nothing_to_copy", self.lang), severity="warning")
            return
        self.app.copy_to_clipboard(data.answer)
        self.notify(t("toast.copied_answer", self.lang, n=len(data.answer)))

    def action_copy_latex(self) -> None:
        data = self.last_answer()
        if data is None:
            self.notify(t("toast.nothing_to_copy", self.lang), severity="warning")
            return
        if not data.formulas:
            self.notify(t("toast.no_formulas", self.lang), severity="warning")
            return
        self.app.copy_to_clipboard("\n".join(data.formulas))
        self.notify(t("toast.copied_latex", self.lang, n=len(data.formulas)))

    def action_stop(self) -> None:
        if self.stop_streaming():
            self.notify(t("note.stopped", self.lang))

    def action_clear_input(self) -> None:
        chat_input = self.chat_input
        if chat_input.text:
            chat_input.clear_input()
            self._quit_armed = True
            return
        if self._quit_armed:
            self.app.exit()
            return
        self._quit_armed = True
        self.notify(t("note.quit_again", self.lang))

    def action_quit_if_empty(self) -> None:
        chat_input = self.chat_input
        if chat_input.text:
            chat_input.action_delete_right()
        else:
            self.tutor.quit_now()

    async def action_clear_screen(self) -> None:
        await self.clear_chat()

    async def action_chat_page_up(self) -> None:
        self._reading_back = True
        chat = self.chat
        if chat.scroll_y <= 0 and await self.load_earlier():
            return
        chat.scroll_page_up(animate=False)

    def action_chat_page_down(self) -> None:
        chat = self.chat
        if chat.max_scroll_y - chat.scroll_y <= chat.size.height:
            self._reading_back = False  # this page reaches the end
        chat.scroll_page_down(animate=False)

    async def action_chat_scroll_home(self) -> None:
        self._reading_back = True
        if self.chat.scroll_y <= 0:
            await self.load_earlier(anchor=False)
        self.chat.scroll_home(animate=False)
        self.call_after_refresh(self.chat.scroll_home, animate=False)

    def action_chat_scroll_end(self) -> None:
        self._reading_back = False
        self.chat.scroll_end(animate=False)

    async def action_new_chat(self) -> None:
        await self.new_chat()

    async def action_toggle_offline(self) -> None:
        await self.tutor.action_toggle_offline()


def live_window(items: list[TurnData], width: int, height: int, *, most: int) -> int:
    """How many of the last turns to keep as widgets: enough to fill the screen twice (by a
    cheap count of wrapped lines), at least 2 and at most `most`."""
    width = max(20, width - 2)
    want = 2 * max(10, height)
    count = lines = 0
    for data in reversed(items):
        if count >= most or (count >= 2 and lines >= want):
            break
        count += 1
        text = "\n".join(
            part for part in (data.question, *data.notes, data.answer) if part is not None
        )
        lines += 2 + sum(1 + len(line) // width for line in text.splitlines())
    return count


def _load_highlighters() -> None:
    """Import the lexers of the code blocks answers show (NumPy, and LaTeX under f2)."""
    from pygments.lexers import get_lexer_by_name

    for name in ("python", "latex"):
        get_lexer_by_name(name)


def _render_all(items: list[TurnData]) -> None:
    """Math as Unicode for these turns' answers (in a thread, under `bounded`)."""
    for data in items:
        if data.rendered is None:
            data.rendered = render_math_text(data.answer or "")


def _release_removed_widgets() -> None:
    """Let removed widgets go. Textual's `StylesCache.get_inner_outer` is an lru_cache (1024
    entries) keyed on the widget's styles cache, so it keeps up to 1024 removed widgets'
    caches and rendered lines alive (~150 KiB per turn here); clearing it costs a few
    recomputed colours."""
    from textual._styles_cache import StylesCache

    clear = getattr(StylesCache.get_inner_outer, "cache_clear", None)
    if clear is not None:
        clear()


def _pasted(question: str) -> tuple[str, str | None]:
    """The question as shown (a formula echoed as Unicode) and its formula, if any."""
    shown = with_unicode(question)
    return shown, (formula_of(question) if shown != question else None)


def _user(text: str) -> Message:
    from tutor.conversations import Message

    return Message("user", text)
