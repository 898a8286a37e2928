"""Saved conversations (SQLite, WAL): resumable, exportable as Markdown with front matter."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from tutor.db import connect, migrate, storage_errors
from tutor.errors import StorageError

NANO = Decimal("1e9")  # costs are stored as integer nano-dollars, as in the ledger

_MIGRATIONS = [
    """
CREATE TABLE IF NOT EXISTS conversations (
    id INTEGER PRIMARY KEY,
    created TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations(id),
    ts TEXT NOT NULL,
    role TEXT NOT NULL,
    content TEXT NOT NULL,
    source TEXT,
    model TEXT,
    prompt_tokens INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    cost_nusd INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS messages_conversation ON messages(conversation_id, id);
"""
]


@dataclass(frozen=True)
class Message:
    role: str  # user, assistant, tool, note
    content: str
    source: str | None = None
    model: str | None = None
    prompt_tokens: int = 0
    output_tokens: int = 0
    cost_usd: Decimal = Decimal(0)


@dataclass(frozen=True)
class ConversationInfo:
    id: int
    created: str
    title: str
    messages: int


class ConversationStore:
    what = "the conversation history"

    def __init__(self, path: Path | None) -> None:
        """The store at `path`; `None` keeps it in memory (nothing survives the process)."""
        self.path = path
        if path is None:
            import sqlite3

            self._db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            migrate(self._db, _MIGRATIONS, what=self.what, path=None)
        else:
            self._db = connect(path, what=self.what, migrations=_MIGRATIONS)

    def close(self) -> None:
        self._db.close()

    def _execute(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        with storage_errors(self.what, self.path):
            return self._db.execute(sql, params).fetchall()

    def new(self) -> int:
        with storage_errors(self.what, self.path):
            cursor = self._db.execute(
                "INSERT INTO conversations (created) VALUES (?)",
                (datetime.now(UTC).isoformat(timespec="seconds"),),
            )
        return int(cursor.lastrowid or 0)

    def add(self, conversation_id: int, message: Message) -> None:
        with storage_errors(self.what, self.path):
            self._add(conversation_id, message)

    def _add(self, conversation_id: int, message: Message) -> None:
        self._db.execute(
            "INSERT INTO messages (conversation_id, ts, role, content, source, model,"
            " prompt_tokens, output_tokens, cost_nusd) VALUES (?,?,?,?,?,?,?,?,?)",
            (
                conversation_id,
                datetime.now(UTC).isoformat(timespec="seconds"),
                message.role,
                message.content,
                message.source,
                message.model,
                message.prompt_tokens,
                message.output_tokens,
                int(message.cost_usd * NANO),
            ),
        )
        if message.role == "user":
            self._db.execute(
                "UPDATE conversations SET title = ? WHERE id = ? AND title = ''",
                (" ".join(message.content.split())[:60], conversation_id),
            )

    def messages(self, conversation_id: int) -> list[Message]:
        rows = self._execute(
            "SELECT role, content, source, model, prompt_tokens, output_tokens, cost_nusd"
            " FROM messages WHERE conversation_id = ? ORDER BY id",
            (conversation_id,),
        )
        return [Message(r[0], r[1], r[2], r[3], r[4], r[5], Decimal(r[6]) / NANO) for r in rows]

    def list(self, limit: int = 20) -> list[ConversationInfo]:
        rows = self._execute(
            "SELECT c.id, c.created, c.title, COUNT(m.id) FROM conversations c"
            " LEFT JOIN messages m ON m.conversation_id = c.id GROUP BY c.id"
            " HAVING COUNT(m.id) > 0 ORDER BY c.id DESC LIMIT ?",
            (limit,),
        )
        return [ConversationInfo(*row) for row in rows]

    def exists(self, conversation_id: int) -> bool:
        return bool(self._execute("SELECT 1 FROM conversations WHERE id = ?", (conversation_id,)))

    def export_markdown(self, conversation_id: int) -> str:
        """The conversation as an Obsidian-ready note: math as `$…$`/`$$…$$`, no slash
        commands, front matter with the date, models, tokens and cost as a decimal string."""
        from tutor.exporting import decimal_string, yaml_quote

        messages = self.messages(conversation_id)
        info = next((c for c in self.list(10_000) if c.id == conversation_id), None)
        kept = _without_commands(messages)
        prompt = sum(m.prompt_tokens for m in messages)
        output = sum(m.output_tokens for m in messages)
        cost = sum((m.cost_usd for m in messages), Decimal(0))
        models = sorted({m.model for m in messages if m.model})
        title = next((m.content for m in kept if m.role == "user"), "") or "conversation"
        title = " ".join(title.split())[:60]
        front = [
            "---",
            f"title: {yaml_quote(title)}",
            f"date: {(info.created if info else '')[:10]}",
            f"created: {info.created if info else ''}",
            f"models: [{', '.join(models)}]",
            f"messages: {len(kept)}",
            f"prompt_tokens: {prompt}",
            f"output_tokens: {output}",
            f"cost_usd: {decimal_string(cost)}",
            "tags: [tutor, conversation]",
            "---",
            "",
        ]
        body: list[str] = []
        asked: str | None = None  # the formula the learner pasted, if the turn was one
        for message in kept:
            if message.role == "user":
                shown = obsidian_math(message.content, question=True)
                asked = message.content.strip() if shown.startswith("$$") else None
                body += [f"## You\n\n{shown}\n"]
            elif message.role == "assistant":
                source = f" ({message.source})" if message.source else ""
                shown = obsidian_math(message.content, formula=asked)
                body += [f"## tutor{source}\n\n{shown}\n"]
            else:
                body += [f"> {message.content}\n"]
        return "\n".join(front + body)


class SessionStore:
    """The TUI's conversation store: a storage failure becomes `on_error(exc)` (a notice)
    and the session goes on; if the file cannot be opened, this session lives in memory."""

    def __init__(self, path: Path, on_error: Callable[[StorageError], None]) -> None:
        self.on_error = on_error
        try:
            self.store = ConversationStore(path)
        except StorageError as exc:
            on_error(exc)
            self.store = ConversationStore(None)

    @property
    def saved(self) -> bool:
        return self.store.path is not None

    def new(self) -> int:
        try:
            return self.store.new()
        except StorageError as exc:
            self.on_error(exc)
            return 0

    def add(self, conversation_id: int, message: Message) -> None:
        try:
            self.store.add(conversation_id, message)
        except StorageError as exc:
            self.on_error(exc)

    def messages(self, conversation_id: int) -> list[Message]:
        try:
            return self.store.messages(conversation_id)
        except StorageError as exc:
            self.on_error(exc)
            return []

    def list(self, limit: int = 20) -> list[ConversationInfo]:
        try:
            return self.store.list(limit)
        except StorageError as exc:
            self.on_error(exc)
            return []

    def exists(self, conversation_id: int) -> bool:
        try:
            return self.store.exists(conversation_id)
        except StorageError as exc:
            self.on_error(exc)
            return False

    def export_markdown(self, conversation_id: int) -> str:
        return self.store.export_markdown(conversation_id)

    def close(self) -> None:
        self.store.close()


# commands whose output is about the session, not the subject: left out of an export
NOISE_COMMANDS = {
    "/help", "/history", "/spend", "/model", "/clear", "/export", "/resume", "/lang",
    "/raw", "/new", "/quit", "/cache", "/diary", "/keys", "/papers", "/progress",
    "/offline", "/copy", "/quiz",
}  # fmt: skip


def _without_commands(messages: list[Message]) -> list[Message]:
    """Drop slash commands as user turns, and the output of the session's own commands."""
    kept: list[Message] = []
    dropping = False
    for message in messages:
        if message.role == "user":
            text = message.content.strip()
            dropping = text.startswith("/")
            if dropping and text.split()[0] not in NOISE_COMMANDS:
                dropping = False  # /explain X: keep what it showed, as if asked
                kept.append(Message("user", text.split(maxsplit=1)[-1] if " " in text else text))
            elif not dropping:
                kept.append(message)
        elif not (dropping and message.source in (None, "command")):
            kept.append(message)
    return kept


_CODE_SPAN = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
_TEXT_BLOCK = re.compile(r"```text\n(.*?)\n```", re.DOTALL)
_TOOL_LATEX = re.compile(r'"latex":\s*"((?:[^"\\]|\\.)*)"')


def _is_latex(text: str) -> bool:
    """A code span that is a formula: LaTeX commands or scripts, and it parses."""
    if not re.search(r"\\[A-Za-z]+|[_^]\{", text) or re.search(r"\bnp\.|\(\)|=\s*np", text):
        return False
    from tutor.errors import LatexError
    from tutor.latex.macros import macros_for
    from tutor.latex.parser import parse

    try:
        parse(text, macros_for())
    except LatexError:
        return False
    return True


def obsidian_math(text: str, *, question: bool = False, formula: str | None = None) -> str:
    """Formulas as Obsidian renders them: a pasted formula as `$$…$$`, LaTeX code spans as
    `$…$`, and the Unicode rendering block of an explanation as `$$…$$` of its LaTeX."""
    stripped = text.strip()
    if question and "\n" not in stripped and "`" not in stripped and _is_latex(stripped):
        return f"$$\n{stripped}\n$$"
    source = _TOOL_LATEX.search(text)
    if source is not None:
        import json

        formula = json.loads(f'"{source.group(1)}"')
    if formula and _TEXT_BLOCK.match(stripped):  # the Unicode rendering of that formula
        latex = formula
        text = _TEXT_BLOCK.sub(lambda _: f"$$\n{latex}\n$$", stripped, count=1)
    return _CODE_SPAN.sub(
        lambda m: f"${m.group(1).strip()}$" if _is_latex(m.group(1)) else m.group(0), text
    )
