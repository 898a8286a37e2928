"""Prompts are versioned text files in `prompts/`; the cache key hashes what is sent."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any


def prompts_dir() -> Path:
    """Installed wheels carry `tutor/_prompts`; a source checkout has `prompts/`."""
    here = Path(__file__).resolve().parent
    installed = here / "_prompts"
    return installed if installed.is_dir() else here.parent / "prompts"


@cache
def load_prompt(name: str) -> str:
    return (prompts_dir() / f"{name}.md").read_text("utf-8").strip()


def system_prompt(lang: str) -> str:
    """The system instruction for `ask`, in the learner's language."""
    language = {"en": "English", "ja": "Japanese (日本語)"}.get(lang, "English")
    return load_prompt("system").replace("{language}", language)


def prompt_hash(*parts: str | list[dict[str, Any]]) -> str:
    """A short hash of the prompts, tool schemas and conversation sent, for cache keys."""
    digest = hashlib.sha256()
    for part in parts:
        text = part if isinstance(part, str) else json.dumps(part, sort_keys=True)
        digest.update(text.encode())
        digest.update(b"\0")
    return digest.hexdigest()[:16]
