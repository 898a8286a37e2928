"""The Textual app: a face over `Engine.ask()` events, like the CLI."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from tutor.conversations import Message, SessionStore
from tutor.engine import Engine
from tutor.errors import StorageError, TutorError
from tutor.events import FinalAnswer, Notice, Progress, TextDelta, ToolCall, ToolResult
from tutor.render import source_line
from tutor.ui.screens import HelpScreen
from tutor.ui.widgets import (
    SLASH_COMMANDS,
    AnswerView,
    ChatInput,
    NoteLine,
    StatusBar,
    ToolCard,
    UserMessage,
    complete_command,
)

if TYPE_CHECKING:
    from tutor.config import Settings

WELCOME = (
    "Ask a question, paste a formula (LaTeX), or type **/help**. "
    "Try `/explain \\theta \\leftarrow \\theta - \\alpha \\nabla_\\theta \\mathcal{L}(\\theta)`."
)


class SlashCommands(Provider):
    """The slash commands in the command palette."""

    async def discover(self) -> Hits:
        app = self.app
        assert isinstance(app, TutorApp)
        for name, text in SLASH_COMMANDS.items():
            yield DiscoveryHit(name, lambda n=name: app.prefill(n), help=text)

    async def search(self, query: str) -> Hits:
        app = self.app
        assert isinstance(app, TutorApp)
        matcher = self.matcher(query)
        for name, text in SLASH_COMMANDS.items():
            score = matcher.match(f"{name} {text}")
            if score > 0:
                yield Hit(score, matcher.highlight(name), lambda n=name: app.prefill(n), help=text)


class TutorApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "tutor"
    COMMANDS: ClassVar = App.COMMANDS | {SlashCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", id="help"),
        Binding("f2", "toggle_raw", "Raw LaTeX", id="toggle_raw"),
        Binding("f3", "diary", "Diary", id="diary"),
        Binding("ctrl+n", "new_chat", "New", id="new_chat"),
        Binding("ctrl+o", "toggle_offline", "Offline", id="toggle_offline"),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
    ]

    def __init__(self, settings: Settings, *, engine: Engine | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.engine = engine or Engine(settings)
        self._storage_problems: list[str] = []  # shown once the screen is up
        self.store = SessionStore(settings.data_dir / "conversations.sqlite3", self.storage_failed)
        self.conversation_id = self.store.new()
        self.show_raw = False
        self.turns: list[tuple[str, str]] = []  # the conversation Gemini sees

    # layout ---------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        yield VerticalScroll(id="chat")
        yield Static("", id="hint")
        yield ChatInput(id="input")
        yield Footer()

    async def on_mount(self) -> None:
        keymap = _parse_keymap(self.settings.keymap)
        if keymap:
            self.set_keymap(keymap)
        self.refresh_status()
        await self.add_note(WELCOME, markdown=True)
        try:
            line = self.engine.startup_notice()  # an unknown, deprecated or retired model
        except TutorError as exc:
            line = str(exc)
        if line:
            await self.add_note(line)
        self.query_one(ChatInput).focus()
        for message in self._storage_problems:
            self.notify(message, severity="error", timeout=10)

    @property
    def chat(self) -> VerticalScroll:
        return self.query_one("#chat", VerticalScroll)

    def refresh_status(self) -> None:
        settings = self.engine.settings
        try:
            route = self.engine.route(refresh=False)  # the engine's one routing decision
            reason = (route.reason or "").split(":")[0]  # the kind of reason, not the details
            mode = settings.model if route.kind == "gemini" else f"offline ({reason})"
            spend = self.engine.spend(refresh=False)  # kept current from each answer's cost
            money = f"today ${spend.today:.4f} / ${spend.daily_budget:.2f}"
            if spend.free_rpd is not None:
                money += (
                    f" · free {spend.requests_today}/{spend.free_rpd} today,"
                    f" {spend.requests_last_minute}/{spend.free_rpm} a minute"
                )
        except TutorError as exc:
            mode = settings.model
            money = f"spend unknown: {exc}"
        except (sqlite3.Error, OSError) as exc:  # a store that has no error mapping yet
            mode = settings.model
            money = "spend unknown"
            self.storage_failed(exc)
        if len(mode) > 60:
            mode = mode[:59] + "…"
        self.query_one(StatusBar).update(
            f"{mode} · {money} · cache hits {self.engine.session_cache_hits} · {settings.lang}"
        )

    async def add_note(self, text: str, *, markdown: bool = False) -> None:
        if markdown:
            view = AnswerView()
            await self.chat.mount(view)
            await view.finish(text, "")
        else:
            await self.chat.mount(NoteLine(text))
        self.follow()

    def follow(self) -> None:
        """Scroll to the newest message once the layout has caught up with it."""
        self.chat.scroll_end(animate=False)
        self.call_after_refresh(self.chat.scroll_end, animate=False)

    def prefill(self, text: str) -> None:
        chat_input = self.query_one(ChatInput)
        chat_input.text = text + " "
        chat_input.move_cursor(chat_input.document.end)
        chat_input.focus()

    # input ----------------------------------------------------------------------
    def on_text_area_changed(self, event: ChatInput.Changed) -> None:
        hint = self.query_one("#hint", Static)
        matches = complete_command(event.text_area.text.strip())
        if matches and event.text_area.text.strip() not in SLASH_COMMANDS:
            hint.update("  ".join(f"{m} — {SLASH_COMMANDS[m]}" for m in matches[:4]))
            hint.add_class("visible")
        else:
            hint.remove_class("visible")

    async def on_chat_input_submitted(self, event: ChatInput.Submitted) -> None:
        text = event.text
        await self.chat.mount(UserMessage(_with_unicode(text)))
        self.follow()
        self.store.add(self.conversation_id, Message("user", text))
        if text.startswith("/"):
            await self.run_slash(text)
        else:
            self.ask(text)

    # asking ---------------------------------------------------------------------
    @work(exclusive=True, group="ask")
    async def ask(self, question: str) -> None:
        answer = AnswerView()
        await self.chat.mount(answer)
        stream = answer.body.get_stream(answer.body)
        cards: dict[str, ToolCard] = {}
        deltas = 0
        try:
            async for event in self.engine.ask(question, history=list(self.turns)):
                if isinstance(event, TextDelta):
                    await stream.write(event.text)
                    deltas += 1
                    if deltas % 25:  # follow the text, but not on every chunk
                        continue
                elif isinstance(event, Notice):
                    await self.chat.mount(NoteLine(event.message), before=answer)
                elif isinstance(event, Progress):  # a tool round is running
                    self.query_one(StatusBar).update(f"… {event.message}")
                elif isinstance(event, ToolCall):
                    card = ToolCard(event.name, event.args)
                    cards[event.call_id or event.name] = card
                    await self.chat.mount(card, before=answer)
                elif isinstance(event, ToolResult):
                    done = cards.get(event.call_id or event.name)
                    if done is not None:
                        done.show_result(event.result, event.error)
                elif isinstance(event, FinalAnswer):
                    await stream.stop()
                    answer.show_raw = self.show_raw
                    if event.partial_text:  # kept and marked, not lost behind the fallback
                        await self.chat.mount(
                            NoteLine(
                                "Gemini's answer broke off; its partial text:\n"
                                + event.partial_text
                            ),
                            before=answer,
                        )
                    await answer.finish(event.text, source_line(event))
                    self.record_answer(event)
                    if event.for_history is not None:  # never the offline text as Gemini's
                        self.turns += [("user", question), ("assistant", event.for_history)]
                self.follow()
        except TutorError as exc:
            await stream.stop()
            await self.add_note(f"error: {exc}")
        self.refresh_status()

    def record_answer(self, answer: FinalAnswer) -> None:
        self.store.add(
            self.conversation_id,
            Message(
                "assistant",
                answer.text,
                answer.source,
                answer.model,
                answer.tokens.prompt,
                answer.tokens.output + answer.tokens.thinking,
                answer.cost_usd,
            ),
        )

    async def show_markdown(self, text: str, source: str = "") -> None:
        view = AnswerView()
        view.show_raw = self.show_raw
        await self.chat.mount(view)
        await view.finish(text, source)
        self.store.add(self.conversation_id, Message("assistant", text, source or "command"))
        self.follow()

    # slash commands -------------------------------------------------------------
    async def run_slash(self, text: str) -> None:
        name, _, rest = text.partition(" ")
        rest = rest.strip()
        handler = getattr(self, "slash_" + name[1:], None)
        if name not in SLASH_COMMANDS or handler is None:
            near = complete_command(name[:2]) or list(SLASH_COMMANDS)
            await self.add_note(f"unknown command {name}; try {', '.join(near[:5])}")
            return
        try:
            await handler(rest)
        except TutorError as exc:
            await self.add_note(f"{name}: {exc}")
        self.refresh_status()

    async def slash_help(self, rest: str) -> None:
        await self.action_help()

    async def slash_explain(self, rest: str) -> None:
        from tutor.offline.explain import explain_formula

        if not rest:
            raise TutorError("give a formula, e.g. /explain \\sum_i x_i^2")
        settings = self.engine.settings
        explanation = await asyncio.to_thread(
            explain_formula, rest, lang=settings.lang, settings=settings
        )
        await self.show_markdown(explanation.to_markdown(settings.lang), "offline explainer")

    async def slash_symbol(self, rest: str) -> None:
        from tutor.tools.symbols import lookup_symbol

        if not rest:
            raise TutorError("give a symbol, e.g. /symbol \\nabla_\\theta")
        result = await asyncio.to_thread(lookup_symbol, rest)
        await self.show_markdown(result.to_markdown(self.engine.settings.lang), "symbol table")

    async def slash_run(self, rest: str) -> None:
        from tutor.tools.numpy_exec import run_numpy

        if not rest:
            raise TutorError("give code, e.g. /run np.arange(6).reshape(2, 3)")
        result = await asyncio.to_thread(run_numpy, rest, self.engine.settings)
        await self.show_markdown(result.to_markdown(), "sandbox")

    async def slash_arxiv(self, rest: str) -> None:
        from tutor.tools.arxiv import fetch_arxiv, note_markdown, search_arxiv, write_note

        settings = self.engine.settings
        if rest.startswith("search "):
            found = await asyncio.to_thread(search_arxiv, rest[7:], settings)
            await self.show_markdown(found.to_markdown(), "arXiv")
        elif rest.startswith("note "):
            paper = await asyncio.to_thread(fetch_arxiv, rest[5:].strip(), settings)
            note, filled_by = await self.engine.reading_note(paper)
            path = write_note(paper, settings, note, filled_by=filled_by)
            body = note_markdown(paper, note, filled_by=filled_by).split("---\n", 2)[2]
            await self.show_markdown(f"Reading note written to `{path}`\n\n{body}", filled_by)
        elif rest:
            paper = await asyncio.to_thread(fetch_arxiv, rest, settings)
            await self.show_markdown(paper.to_markdown(), "arXiv")
        else:
            raise TutorError(
                "give an id, e.g. /arxiv 1706.03762, /arxiv note 1706.03762 or /arxiv search WORDS"
            )

    async def slash_diary(self, rest: str) -> None:
        await self.action_diary()

    async def action_diary(self) -> None:
        from tutor.diary.service import Diary
        from tutor.ui.diary_screen import DiaryScreen

        diary = Diary(self.engine.settings, engine=self.engine)

        def closed(_: None) -> None:
            diary.close()
            self.refresh_status()

        await self.push_screen(DiaryScreen(diary), closed)

    async def slash_spend(self, rest: str) -> None:
        from tutor.render import format_spend

        await self.show_markdown("```text\n" + format_spend(self.engine.spend()) + "\n```")

    async def slash_cache(self, rest: str) -> None:
        if rest == "clear":
            removed = self.engine.cache.clear()
            await self.add_note(f"cache cleared: {removed} entries removed")
            return
        stats = self.engine.cache.stats()
        await self.add_note(
            f"cache: {stats.entries} entries, {stats.size_bytes / 1024:.1f} KiB; "
            f"{self.engine.session_cache_hits} hits this session"
        )

    async def slash_model(self, rest: str) -> None:
        if rest:
            self.engine.settings = self.engine.settings.model_copy(update={"model": rest})
        await self.add_note(f"model: {self.engine.settings.model}")

    async def slash_lang(self, rest: str) -> None:
        if rest not in ("en", "ja"):
            raise TutorError("choose en or ja, e.g. /lang ja")
        self.engine.settings = self.engine.settings.model_copy(update={"lang": rest})
        await self.add_note(f"language: {rest}")

    async def slash_offline(self, rest: str) -> None:
        await self.action_toggle_offline()

    async def slash_new(self, rest: str) -> None:
        await self.action_new_chat()

    async def slash_history(self, rest: str) -> None:
        if rest:
            if not rest.isdigit() or not self.store.exists(int(rest)):
                raise TutorError(f"no conversation {rest}; /history lists them")
            await self.resume(int(rest))
            return
        rows = self.store.list()
        if not rows:
            await self.add_note("no saved conversations yet")
            return
        lines = [f"- **{c.id}** {c.created[:16]} · {c.messages} messages · {c.title}" for c in rows]
        await self.show_markdown(
            "Saved conversations (resume with /history N):\n\n" + "\n".join(lines)
        )

    async def slash_export(self, rest: str) -> None:
        path = (
            Path(rest).expanduser()
            if rest
            else (
                self.engine.settings.data_dir
                / "exports"
                / f"conversation-{self.conversation_id}.md"
            )
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.store.export_markdown(self.conversation_id), "utf-8")
        await self.add_note(f"exported to {path}")

    async def resume(self, conversation_id: int) -> None:
        await self.chat.remove_children()
        self.conversation_id = conversation_id
        self.turns = []
        question = None
        for message in self.store.messages(conversation_id):
            if message.role == "user" and not message.content.startswith("/"):
                question = message.content
            elif (
                message.role == "assistant"
                and question is not None
                and message.source in ("gemini", "cache", "offline")
            ):
                self.turns += [("user", question), ("assistant", message.content)]
                question = None
            if message.role == "user":
                await self.chat.mount(UserMessage(message.content))
            elif message.role == "assistant":
                view = AnswerView()
                await self.chat.mount(view)
                await view.finish(message.content, f"— {message.source or ''}")
        await self.add_note(f"resumed conversation {conversation_id}")

    # actions ----------------------------------------------------------------------
    async def action_help(self) -> None:
        shown = [(b.key, b.description) for b in self.BINDINGS if isinstance(b, Binding)]
        await self.push_screen(HelpScreen(shown))

    async def action_toggle_raw(self) -> None:
        self.show_raw = not self.show_raw
        for view in self.query(AnswerView):
            await view.set_raw(self.show_raw)
        self.notify("showing raw LaTeX" if self.show_raw else "showing rendered math")

    async def action_new_chat(self) -> None:
        await self.chat.remove_children()
        self.conversation_id = self.store.new()
        self.turns = []
        await self.add_note("new conversation")

    async def action_toggle_offline(self) -> None:
        offline = not self.engine.settings.offline
        self.engine.settings = self.engine.settings.model_copy(update={"offline": offline})
        self.refresh_status()
        await self.add_note("offline mode on" if offline else "offline mode off")

    def storage_failed(self, error: Exception) -> None:
        """A store could not be opened, read or written: say so in one line, stay up."""
        from tutor.db import map_error
        from tutor.sanitize import one_line

        if not isinstance(error, TutorError):
            error = map_error(error, "a local store", getattr(error, "filename", None))
        message = one_line(str(error))
        if not self.is_running:
            self._storage_problems.append(message)
        else:
            self.notify(message, severity="error", timeout=10)

    def _handle_exception(self, error: Exception) -> None:
        # Textual's last resort (it would exit with a traceback): a storage failure in any
        # handler or worker is a notice instead, and the app stays up.
        inner = getattr(error, "error", error)  # WorkerFailed wraps the worker's error
        if isinstance(inner, (StorageError, sqlite3.Error, OSError)):
            self.storage_failed(inner)
            return
        super()._handle_exception(error)

    async def on_unmount(self) -> None:
        await self.engine.aclose()  # the SDK's async client closes in the loop that used it
        self.store.close()


def _with_unicode(text: str) -> str:
    """A pasted formula is shown as written and, beneath it, as readable Unicode."""
    from tutor.latex.unicode import to_unicode
    from tutor.offline.answer import extract_formula

    formula = None if text.startswith("/") else extract_formula(text)
    if not formula:
        return text
    shown = to_unicode(formula)
    return text if shown == formula.strip() else f"{text}\n  ⟶ {shown}"


def _parse_keymap(text: str) -> dict[str, str]:
    """`toggle_raw=f3,new_chat=ctrl+t` → a Textual keymap."""
    pairs = [item.split("=", 1) for item in text.split(",") if "=" in item]
    return {name.strip(): keys.strip() for name, keys in pairs}


def run_app(settings: Settings) -> None:
    TutorApp(settings).run()
