"""Screens over the chat: help."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from tutor.messages import t
from tutor.ui.commands import COMMANDS


def help_markdown(bindings: list[tuple[str, str]], lang: str = "en") -> str:
    keys = "\n".join(f"| `{key}` | {description} |" for key, description in bindings)
    commands = "\n".join(f"| `{name}` | {c.help(lang)} |" for name, c in COMMANDS.items())
    return f"""# {t("help.title", lang)}

{t("help.intro", lang)}

| {t("help.key", lang)} | {t("help.action", lang)} |
|---|---|
{keys}

| {t("help.command", lang)} | {t("help.does", lang)} |
|---|---|
{commands}

{t("help.rebind", lang)}
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,f1", "dismiss", "Close")]

    def __init__(self, bindings: list[tuple[str, str]], lang: str = "en") -> None:
        super().__init__()
        self._bindings_text = help_markdown(bindings, lang)

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Markdown(self._bindings_text)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
