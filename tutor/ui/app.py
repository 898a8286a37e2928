"""The Textual app: a thin shell over the chat screen. It owns the engine, the
conversation store and the diary screen (made once, reused), the app-wide keys and the
keymap; the chat screen does the rest."""

from __future__ import annotations

import dataclasses
import gc
import sqlite3
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider

from tutor.errors import StorageError, TutorError
from tutor.messages import money, offline_status, t
from tutor.ui.chat_screen import ChatScreen
from tutor.ui.commands import COMMANDS

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from tutor.config import Settings
    from tutor.conversations import SessionStore
    from tutor.diary.service import Diary
    from tutor.engine import Engine
    from tutor.ui.diary_screen import DiaryScreen


class SlashCommands(Provider):
    """The slash commands in the command palette."""

    async def discover(self) -> Hits:
        app = self.app
        assert isinstance(app, TutorApp)
        for name, command in COMMANDS.items():
            yield DiscoveryHit(name, lambda n=name: app.prefill(n), help=command.help(app.lang))

    async def search(self, query: str) -> Hits:
        app = self.app
        assert isinstance(app, TutorApp)
        matcher = self.matcher(query)
        for name, command in COMMANDS.items():
            text = command.help(app.lang)
            score = matcher.match(f"{name} {text}")
            if score > 0:
                yield Hit(score, matcher.highlight(name), lambda n=name: app.prefill(n), help=text)


class TutorApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "tutor"
    COMMANDS: ClassVar = App.COMMANDS | {SlashCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", id="help"),
        Binding("f3", "diary", "Diary", id="diary"),
        Binding("f8", "papers", "Papers", id="papers"),
        Binding("f9", "progress", "Progress", id="progress"),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
    ]

    def __init__(self, settings: Settings, *, engine: Engine | None = None) -> None:
        super().__init__()
        self.settings = settings
        self._engine = engine
        self._store: SessionStore | None = None
        self._storage_problems: list[str] = []  # shown once the screen is up
        self._diary: tuple[Diary, DiaryScreen] | None = None
        self.chat_screen = ChatScreen()
        self._heap_kept = False

    # the core, made on first use (not on the start-up path) ----------------------------
    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from tutor.engine import Engine

            self._engine = Engine(self.settings)
        return self._engine

    @property
    def store(self) -> SessionStore:
        """Saved conversations; a storage failure is a notice and the session goes on."""
        if self._store is None:
            from tutor.conversations import SessionStore

            path = self.settings.data_dir / "conversations.sqlite3"
            self._store = SessionStore(path, self.storage_failed)
        return self._store

    @property
    def lang(self) -> str:
        """The language in force: the engine's settings (`/lang` changes them) once it is
        made; before that the app's, so the first frame does not wait for the engine."""
        settings = self._engine.settings if self._engine is not None else self.settings
        return str(settings.lang)

    # compatibility with the screen's state --------------------------------------------
    @property
    def conversation_id(self) -> int:
        return self.chat_screen.conversation_id

    @property
    def show_raw(self) -> bool:
        return self.chat_screen.show_raw

    def get_default_screen(self) -> ChatScreen:
        return self.chat_screen

    def keep_startup_heap(self) -> None:
        """What start-up made (modules, classes, the engine, the screens) lives as long as
        the app: it is moved out of the collector's sight (`gc.freeze`), so a full
        collection in a long session, a pause of the whole screen, scans only what the
        session made (about 60k objects fewer: 25-80 ms per collection here). Undone
        when the app ends."""
        if not self._heap_kept:
            gc.freeze()
            self._heap_kept = True

    def on_mount(self) -> None:
        keymap = _parse_keymap(self.settings.keymap)
        if keymap:
            self.set_keymap(keymap)
        self.translate_bindings()
        for message in self._storage_problems:
            self.notify(message, severity="error", timeout=10)
        self._storage_problems = []

    def translate_bindings(self) -> None:
        """Footer and help descriptions from the catalogue, in the current language."""
        lang = self.lang
        nodes: list[DOMNode] = [self, *self.screen_stack, self.chat_screen]
        for node in nodes:
            translate_node_bindings(node, lang)
        self.refresh_bindings()

    def prefill(self, text: str) -> None:
        self.chat_screen.prefill(text)

    # app-wide actions -----------------------------------------------------------------
    async def action_help(self) -> None:
        from tutor.ui.screens import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        await self.push_screen(HelpScreen(self.help_bindings(), self.lang))

    def help_bindings(self) -> list[tuple[str, str]]:
        shown: list[tuple[str, str]] = []
        for node in (self, self.chat_screen):
            for key, bindings in node._bindings.key_to_bindings.items():
                for binding in bindings:
                    if binding.id:
                        shown.append((self.get_key_display(binding) or key, binding.description))
        return shown

    async def action_papers(self) -> None:
        """The reading list: filter by status or tag, open a note, advance a pass."""
        from tutor.ui.papers_screen import PapersScreen

        if not isinstance(self.screen, PapersScreen):
            await self.push_screen(PapersScreen(self.engine.settings))

    async def action_progress(self) -> None:
        """Formulas and spend per week, streak, review retention, papers per pass."""
        from tutor.ui.progress_screen import ProgressScreen

        if not isinstance(self.screen, ProgressScreen):
            await self.push_screen(ProgressScreen(self.engine.settings))

    async def action_diary(self) -> None:
        """The diary screen: made once, then reused (refreshed each time it is shown)."""
        from tutor.ui.diary_screen import DiaryScreen

        if isinstance(self.screen, DiaryScreen):
            return
        if self._diary is None:
            from tutor.diary.service import Diary

            diary = Diary(self.engine.settings, engine=self.engine)
            self._diary = (diary, DiaryScreen(diary))
        await self.push_screen(self._diary[1], lambda _: self.chat_screen.refresh_status())

    async def action_toggle_offline(self) -> None:
        engine = self.engine
        offline = not engine.settings.offline
        engine.settings = engine.settings.model_copy(update={"offline": offline})
        self.chat_screen.refresh_status()
        note = t("note.offline_on" if offline else "note.offline_off", self.lang)
        await self.chat_screen.add_note(note)

    async def action_quit(self) -> None:
        self.quit_now()

    def quit_now(self) -> None:
        """Quit; an answer being streamed keeps what came (saved, marked as stopped)."""
        self.chat_screen.stop_streaming()
        self.exit()

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
        if self._heap_kept:
            gc.unfreeze()
            self._heap_kept = False
        if self._diary is not None:
            self._diary[0].close()
        if self._engine is not None:
            await self._engine.aclose()  # the SDK's async client closes in the loop that used it
        if self._store is not None:
            self._store.close()


def translate_node_bindings(node: Any, lang: str) -> None:
    """Replace each identified binding's description with the catalogue's text."""
    from tutor.messages import catalogue

    known = catalogue()
    palette = {"command_palette", "app.command_palette"}
    for key, bindings in node._bindings.key_to_bindings.items():
        node._bindings.key_to_bindings[key] = [
            dataclasses.replace(b, description=t("key." + b.id, lang))
            if b.id and "key." + b.id in known
            else dataclasses.replace(
                b, description=t("footer.palette", lang), tooltip=t("footer.palette_tip", lang)
            )
            if b.action in palette
            else b
            for b in bindings
        ]


def status_variants(engine: Engine, on_storage_error: Any = None) -> list[str]:
    """The status line, longest first: the widest that fits is shown (60 columns and up
    keep the mode, the spend, the cache hits and the language)."""
    settings = engine.settings
    lang = settings.lang
    short = t("status.offline_short", lang)
    requests = ""
    try:
        route = engine.route(refresh=False)  # the engine's one routing decision
        if route.kind == "gemini":
            mode = short = settings.model
        else:
            mode = offline_status(route.code, lang)
        spend = engine.spend(refresh=False)  # kept current from each answer's cost
        spent, budget = money(spend.today), money(spend.daily_budget)
        money_long = t("status.money", lang, spent=spent, budget=budget)
        money_short = f"{spent}/{budget}"
        if spend.free_rpd is not None:
            requests = t("status.requests", lang, n=spend.requests_today, limit=spend.free_rpd)
    except TutorError as exc:
        mode = short = settings.model
        money_long, money_short = t("status.spend_unknown", lang, error=exc), "$?"
    except (sqlite3.Error, OSError) as exc:  # a store that has no error mapping yet
        mode = short = settings.model
        money_long = money_short = "$?"
        if on_storage_error is not None:
            on_storage_error(exc)
    if len(mode) > 60:
        mode = mode[:59] + "…"
    hits = engine.session_cache_hits
    long_hits, short_hits = (
        t("status.cache_hits", lang, n=hits),
        t("status.cache_hits_short", lang, n=hits),
    )
    with_requests = f" · {requests}" if requests else ""
    return [
        f"{mode} · {money_long}{with_requests} · {long_hits} · {lang}",
        f"{mode} · {money_long} · {long_hits} · {lang}",
        f"{short} · {money_long} · {short_hits} · {lang}",
        f"{short} · {money_short} · {short_hits} · {lang}",
        f"{short} · {money_short} · {lang}",
    ]


def _parse_keymap(text: str) -> dict[str, str]:
    """`toggle_raw=f3,new_chat=ctrl+t` → a Textual keymap."""
    pairs = [item.split("=", 1) for item in text.split(",") if "=" in item]
    return {name.strip(): keys.strip() for name, keys in pairs}


def run_app(settings: Settings) -> None:
    TutorApp(settings).run()
