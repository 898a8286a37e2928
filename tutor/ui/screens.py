"""Screens over the chat: help."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from tutor.ui.widgets import SLASH_COMMANDS


def help_markdown(bindings: list[tuple[str, str]]) -> str:
    keys = "\n".join(f"| `{key}` | {description} |" for key, description in bindings)
    commands = "\n".join(f"| `{name}` | {text} |" for name, text in SLASH_COMMANDS.items())
    return f"""# tutor — help

Type a question and press **Enter**. **ctrl+j** inserts a newline (pasting never sends).
**Up/Down** on the first/last line walk through what you sent before. **Tab** completes a
slash command.

| key | action |
|---|---|
{keys}

| command | what it does |
|---|---|
{commands}

Keys can be rebound with `TUTOR_KEYMAP`, e.g. `TUTOR_KEYMAP=toggle_raw=f4,new_chat=ctrl+t`.
Press **Escape** to close this help.
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,f1", "dismiss", "Close")]

    def __init__(self, bindings: list[tuple[str, str]]) -> None:
        super().__init__()
        self._bindings_text = help_markdown(bindings)

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Markdown(self._bindings_text)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
