"""Saved conversations (SQLite, WAL): resumable, exportable as Markdown with front matter."""

from __future__ import annotations

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
        """The conversation as Markdown with front matter (tokens, cost)."""
        messages = self.messages(conversation_id)
        info = next((c for c in self.list(10_000) if c.id == conversation_id), None)
        prompt = sum(m.prompt_tokens for m in messages)
        output = sum(m.output_tokens for m in messages)
        cost = sum((m.cost_usd for m in messages), Decimal(0))
        title = (info.title if info else "") or "conversation"
        front = [
            "---",
            f'title: "{title.replace(chr(34), chr(39))}"',
            f"created: {info.created if info else ''}",
            f"messages: {len(messages)}",
            f"prompt_tokens: {prompt}",
            f"output_tokens: {output}",
            f"cost_usd: {cost}",
            "tags: [tutor]",
            "---",
            "",
        ]
        body: list[str] = []
        for message in messages:
            if message.role == "user":
                body += [f"## You\n\n{message.content}\n"]
            elif message.role == "assistant":
                source = f" ({message.source})" if message.source else ""
                body += [f"## tutor{source}\n\n{message.content}\n"]
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
