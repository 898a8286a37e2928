"""The Textual app: a thin shell over the chat screen. It owns the engine, the
conversation store and the diary screen (made once, reused), the app-wide keys and the
keymap; the chat screen does the rest."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider

from tutor.errors import TutorError
from tutor.messages import money, t
from tutor.ui.chat_screen import ChatScreen
from tutor.ui.commands import COMMANDS

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from tutor.config import Settings
    from tutor.conversations import ConversationStore
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
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
    ]

    def __init__(self, settings: Settings, *, engine: Engine | None = None) -> None:
        super().__init__()
        self.settings = settings
        self._engine = engine
        self._store: ConversationStore | None = None
        self._diary: tuple[Diary, DiaryScreen] | None = None
        self.chat_screen = ChatScreen()

    # the core, made on first use (not on the start-up path) ----------------------------
    @property
    def engine(self) -> Engine:
        if self._engine is None:
            from tutor.engine import Engine

            self._engine = Engine(self.settings)
        return self._engine

    @property
    def store(self) -> ConversationStore:
        if self._store is None:
            from tutor.conversations import ConversationStore

            self._store = ConversationStore(self.settings.data_dir / "conversations.sqlite3")
        return self._store

    @property
    def lang(self) -> str:
        return str(self.engine.settings.lang)

    # compatibility with the screen's state --------------------------------------------
    @property
    def conversation_id(self) -> int:
        return self.chat_screen.conversation_id

    @property
    def show_raw(self) -> bool:
        return self.chat_screen.show_raw

    def get_default_screen(self) -> ChatScreen:
        return self.chat_screen

    def on_mount(self) -> None:
        keymap = _parse_keymap(self.settings.keymap)
        if keymap:
            self.set_keymap(keymap)
        self.translate_bindings()

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

    def on_unmount(self) -> None:
        if self._diary is not None:
            self._diary[0].close()
        if self._engine is not None:
            self._engine.close()
        if self._store is not None:
            self._store.close()


def translate_node_bindings(node: Any, lang: str) -> None:
    """Replace each identified binding's description with the catalogue's text."""
    from tutor.messages import catalogue

    known = catalogue()
    for key, bindings in node._bindings.key_to_bindings.items():
        node._bindings.key_to_bindings[key] = [
            dataclasses.replace(b, description=t("key." + b.id, lang))
            if b.id and "key." + b.id in known
            else b
            for b in bindings
        ]


def status_variants(engine: Engine) -> list[str]:
    """The status line, longest first: the widest that fits is shown (60 columns and up
    keep the mode, the spend, the cache hits and the language)."""
    settings = engine.settings
    lang = settings.lang
    if settings.offline:
        mode, short = t("status.offline_mode", lang), t("status.offline_short", lang)
    elif not settings.has_key:
        mode, short = t("status.no_key", lang), t("status.offline_short", lang)
    else:
        mode = short = settings.model
    try:
        spend = engine.spend()
        spent, budget = money(spend.today), money(spend.daily_budget)
        if (
            settings.has_key
            and not settings.offline
            and (spend.daily_left <= 0 or spend.monthly_left <= 0)
        ):
            mode, short = t("status.over_budget", lang), t("status.offline_short", lang)
        money_long = t("status.money", lang, spent=spent, budget=budget)
        money_short = f"{spent}/{budget}"
    except TutorError as exc:
        money_long = t("status.spend_unknown", lang, error=exc)
        money_short = "$?"
    hits = engine.session_cache_hits
    return [
        f"{mode} · {money_long} · {t('status.cache_hits', lang, n=hits)} · {lang}",
        f"{short} · {money_long} · {t('status.cache_hits_short', lang, n=hits)} · {lang}",
        f"{short} · {money_short} · {t('status.cache_hits_short', lang, n=hits)} · {lang}",
        f"{short} · {money_short} · {lang}",
    ]


def _parse_keymap(text: str) -> dict[str, str]:
    """`toggle_raw=f3,new_chat=ctrl+t` → a Textual keymap."""
    pairs = [item.split("=", 1) for item in text.split(",") if "=" in item]
    return {name.strip(): keys.strip() for name, keys in pairs}


def run_app(settings: Settings) -> None:
    TutorApp(settings).run()
