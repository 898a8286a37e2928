"""The one table of slash commands: name, help (a catalogue key), handler.

Completion, the command palette, the help screen and the README's list all come from
`COMMANDS`. Every handler runs in a worker (see `ChatScreen.run_command`), so a slow one
(the sandbox, arXiv, the disk) never freezes the interface.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tutor.errors import TutorError
from tutor.messages import t

if TYPE_CHECKING:
    from tutor.ui.chat_screen import ChatScreen

Handler = Callable[["ChatScreen", str], Awaitable[None]]


@dataclass(frozen=True)
class Command:
    name: str
    handler: Handler
    record: bool = False  # saved in the conversation (commands whose output is content)

    def help(self, lang: str) -> str:
        return t("cmd." + self.name[1:], lang)


def _lang(chat: ChatScreen) -> str:
    return chat.lang


async def cmd_explain(chat: ChatScreen, rest: str) -> None:
    from tutor.offline.explain import explain_formula

    if not rest:
        raise TutorError(t("err.explain_usage", _lang(chat)))
    settings = chat.engine.settings
    explanation = await asyncio.to_thread(
        explain_formula, rest, lang=settings.lang, settings=settings
    )
    await chat.show_output(explanation.to_markdown(settings.lang), "offline explainer")


async def cmd_symbol(chat: ChatScreen, rest: str) -> None:
    from tutor.tools.symbols import lookup_symbol

    if not rest:
        raise TutorError(t("err.symbol_usage", _lang(chat)))
    result = await asyncio.to_thread(lookup_symbol, rest)
    await chat.show_output(result.to_markdown(chat.engine.settings.lang), "symbol table")


async def cmd_run(chat: ChatScreen, rest: str) -> None:
    from tutor.tools.numpy_exec import run_numpy

    if not rest:
        raise TutorError(t("err.run_usage", _lang(chat)))
    result = await asyncio.to_thread(run_numpy, rest, chat.engine.settings)
    await chat.show_output(result.to_markdown(), "sandbox")


async def cmd_arxiv(chat: ChatScreen, rest: str) -> None:
    from tutor.tools.arxiv import fetch_arxiv, note_markdown, search_arxiv, write_note

    settings = chat.engine.settings
    if rest.startswith("search "):
        found = await asyncio.to_thread(search_arxiv, rest[7:], settings)
        await chat.show_output(found.to_markdown(), "arXiv")
    elif rest.startswith("note "):
        paper = await asyncio.to_thread(fetch_arxiv, rest[5:].strip(), settings)
        note, filled_by = await chat.engine.reading_note(paper)
        path = await asyncio.to_thread(write_note, paper, settings, note, filled_by=filled_by)
        body = note_markdown(paper, note, filled_by=filled_by).split("---\n", 2)[2]
        head = t("note.reading_note", chat.lang, path=path)
        await chat.show_output(f"{head}\n\n{body}", filled_by)
    elif rest:
        paper = await asyncio.to_thread(fetch_arxiv, rest, settings)
        await chat.show_output(paper.to_markdown(), "arXiv")
    else:
        raise TutorError(t("err.arxiv_usage", _lang(chat)))


async def cmd_diary(chat: ChatScreen, rest: str) -> None:
    await chat.app.run_action("diary")


async def cmd_papers(chat: ChatScreen, rest: str) -> None:
    await chat.app.run_action("papers")


async def cmd_progress(chat: ChatScreen, rest: str) -> None:
    await chat.app.run_action("progress")


async def cmd_spend(chat: ChatScreen, rest: str) -> None:
    from tutor.render import format_spend

    summary = chat.engine.spend()  # the ledger's connection belongs to this thread
    await chat.show_output("```text\n" + format_spend(summary) + "\n```", "", record=False)


async def cmd_cache(chat: ChatScreen, rest: str) -> None:
    lang = chat.lang
    if rest == "clear":
        removed = await asyncio.to_thread(chat.engine.cache.clear)
        await chat.add_note(t("note.cache_cleared", lang, n=removed))
        return
    stats = await asyncio.to_thread(chat.engine.cache.stats)
    await chat.add_note(
        t(
            "note.cache_stats",
            lang,
            n=stats.entries,
            kib=f"{stats.size_bytes / 1024:.1f}",
            hits=chat.engine.session_cache_hits,
        )
    )


async def cmd_model(chat: ChatScreen, rest: str) -> None:
    lang = chat.lang
    if rest:
        prices = chat.engine.prices
        if not prices.knows(rest):
            known = ", ".join(sorted(prices.models))
            await chat.add_note(t("note.unknown_model", lang, model=rest, known=known))
            return
        chat.engine.settings = chat.engine.settings.model_copy(update={"model": rest})
    await chat.add_note(t("note.model", lang, model=chat.engine.settings.model))


async def cmd_lang(chat: ChatScreen, rest: str) -> None:
    if rest not in ("en", "ja"):
        raise TutorError(t("err.lang_usage", _lang(chat)))
    chat.engine.settings = chat.engine.settings.model_copy(update={"lang": rest})
    chat.lang_chosen = True
    chat.tutor.translate_bindings()
    chat.refresh_status()
    await chat.add_note(t("note.lang", rest, code=rest))


async def cmd_offline(chat: ChatScreen, rest: str) -> None:
    await chat.app.run_action("toggle_offline")


async def cmd_new(chat: ChatScreen, rest: str) -> None:
    await chat.new_chat()


async def cmd_history(chat: ChatScreen, rest: str) -> None:
    lang = chat.lang
    store = chat.store
    if rest:
        if not rest.isdigit() or not await asyncio.to_thread(store.exists, int(rest)):
            raise TutorError(t("err.no_conversation", lang, id=rest))
        await chat.resume(int(rest))
        return
    rows = await asyncio.to_thread(store.list)
    if not rows:
        await chat.add_note(t("note.no_history", lang))
        return
    lines = [
        t("note.history_row", lang, id=c.id, created=c.created[:16], n=c.messages, title=c.title)
        for c in rows
    ]
    await chat.add_note(t("note.history_title", lang) + "\n" + "\n".join(lines))


async def cmd_export(chat: ChatScreen, rest: str) -> None:
    lang = chat.lang
    settings = chat.engine.settings
    conversation = chat.conversation_id
    default = settings.data_dir / "exports" / f"conversation-{conversation}.md"
    path = Path(rest).expanduser() if rest else default

    def write() -> None:
        from tutor.db import write_private  # 0600: a conversation is the learner's own

        write_private(path, chat.store.export_markdown(conversation))

    try:
        await asyncio.to_thread(write)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        await chat.add_note(t("note.export_failed", lang, path=path, reason=reason))
        return
    await chat.add_note(t("note.exported", lang, path=path))


async def cmd_copy(chat: ChatScreen, rest: str) -> None:
    await chat.app.run_action("copy_latex" if rest.strip() == "latex" else "copy_answer")


async def cmd_help(chat: ChatScreen, rest: str) -> None:
    await chat.app.run_action("help")


COMMANDS: dict[str, Command] = {
    c.name: c
    for c in [
        Command("/explain", cmd_explain, record=True),
        Command("/symbol", cmd_symbol, record=True),
        Command("/run", cmd_run, record=True),
        Command("/arxiv", cmd_arxiv, record=True),
        Command("/diary", cmd_diary),
        Command("/papers", cmd_papers),
        Command("/progress", cmd_progress),
        Command("/spend", cmd_spend),
        Command("/cache", cmd_cache),
        Command("/model", cmd_model),
        Command("/lang", cmd_lang),
        Command("/offline", cmd_offline),
        Command("/new", cmd_new),
        Command("/history", cmd_history),
        Command("/export", cmd_export),
        Command("/copy", cmd_copy),
        Command("/help", cmd_help),
    ]
}


def complete_command(text: str) -> list[str]:
    """Slash commands that start with what has been typed."""
    if not text.startswith("/") or " " in text:
        return []
    return [name for name in COMMANDS if name.startswith(text)]
