"""The answer cache (diskcache): repeated questions cost nothing.

The key covers everything that shapes an answer: model, language, a hash of the
prompts and tool schemas actually sent, and the normalised question.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from tutor.events import FinalAnswer
from tutor.usage import TokenUsage

SCHEMA_VERSION = 1


def normalise_question(question: str) -> str:
    """Case, width and whitespace do not make a new question."""
    text = unicodedata.normalize("NFKC", question).casefold()
    return " ".join(text.split())


def cache_key(*, model: str, lang: str, prompt_hash: str, question: str) -> str:
    payload = json.dumps(
        [SCHEMA_VERSION, model, lang, prompt_hash, normalise_question(question)],
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class CacheStats:
    entries: int
    size_bytes: int
    hits: int
    misses: int
    directory: Path


class AnswerCache:
    """Final answers by key, size-bounded (least recently used go first)."""

    what = "the answer cache"

    def __init__(self, directory: Path, *, size_limit_mb: int = 256) -> None:
        from tutor.db import open_cache

        self.directory = directory
        self._cache = open_cache(
            directory,
            what=self.what,
            size_limit=size_limit_mb * 1024 * 1024,
            eviction_policy="least-recently-used",
            statistics=True,
        )

    def get(self, key: str) -> FinalAnswer | None:
        """The cached answer, or None; a damaged entry is dropped (and so recomputed)."""
        from tutor.db import cache_get

        raw = cache_get(self._cache, key, what=self.what)
        try:
            tokens = TokenUsage(**raw["tokens"])
            text = raw["text"]
            if not isinstance(text, str):
                raise TypeError(type(text))
        except (TypeError, KeyError, ValueError):
            if raw is not None:
                self._cache.delete(key)
            return None
        return FinalAnswer(
            text=text,
            source="cache",
            model=raw.get("model"),
            tokens=tokens,
            cost_usd=Decimal(0),
        )

    def put(self, key: str, answer: FinalAnswer) -> None:
        value: dict[str, Any] = {
            "text": answer.text,
            "model": answer.model,
            "tokens": answer.tokens.__dict__,
            "original_cost_usd": str(answer.cost_usd),
        }
        from tutor.db import storage_errors

        with storage_errors(self.what, self.directory / "cache.db"):
            self._cache.set(key, value)

    def stats(self) -> CacheStats:
        from tutor.db import storage_errors

        with storage_errors(self.what, self.directory / "cache.db"):
            hits, misses = self._cache.stats()
            return CacheStats(len(self._cache), self._cache.volume(), hits, misses, self.directory)

    def clear(self) -> int:
        from tutor.db import storage_errors

        with storage_errors(self.what, self.directory / "cache.db"):
            return int(self._cache.clear())

    def close(self) -> None:
        self._cache.close()
