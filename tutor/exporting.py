"""Markdown notes for an Obsidian vault: math as `$…$`/`$$…$$`, readable front matter, and
writes that never overwrite a note the learner has edited."""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal
from pathlib import Path

HASH_FIELD = "tutor_hash"


def plural(count: int, word: str, many: str | None = None) -> str:
    """`1 note`, `2 notes`, `1 day`, `0 days`."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def yaml_quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def decimal_string(value: Decimal, places: int = 2) -> str:
    """`0E-9` → `"0.00"`, `0.001234000` → `"0.001234"`: plain digits, never exponents."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0")
        whole, _, frac = text.partition(".")
        text = f"{whole}.{frac.ljust(places, '0')}"
    else:
        text = f"{text}.{'0' * places}"
    return yaml_quote(text)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _without_hash(text: str) -> str:
    return re.sub(rf"^{HASH_FIELD}: .*\n", "", text, count=1, flags=re.MULTILINE)


def render_note(front: list[str], body: str) -> str:
    """Front matter lines and body, with a hash of the whole note in the front matter."""
    unhashed = "\n".join(["---", *front, "---", "", body])
    stamped = ["---", *front, f"{HASH_FIELD}: {_digest(unhashed)}", "---", "", body]
    return "\n".join(stamped)


def untouched_since_export(text: str) -> bool:
    """Is this note exactly as tutor wrote it (its recorded hash still matches)?"""
    match = re.search(rf"^{HASH_FIELD}: (\S+)$", text, flags=re.MULTILINE)
    return match is not None and match.group(1) == _digest(_without_hash(text))


def write_note_safely(path: Path, front: list[str], body: str) -> tuple[str, Path]:
    """Write a note; returns (`written`|`updated`|`unchanged`|`beside`, the path written).

    A new file is written; an existing one is replaced only when unchanged since tutor wrote
    it; an edited one is kept, and the new version goes beside it as `NAME-tutor.md`.
    """
    from tutor.db import write_private

    text = render_note(front, body)
    candidate = path
    for attempt in range(100):
        if not candidate.exists():
            write_private(candidate, text)
            return ("written" if attempt == 0 else "beside"), candidate
        old = candidate.read_text("utf-8", errors="replace")
        if old == text:
            return ("unchanged" if attempt == 0 else "beside"), candidate
        if untouched_since_export(old):
            write_private(candidate, text)
            return ("updated" if attempt == 0 else "beside"), candidate
        suffix = "-tutor" if attempt == 0 else f"-tutor-{attempt + 1}"
        candidate = path.with_name(f"{path.stem}{suffix}{path.suffix}")
    raise OSError(f"too many edited copies of {path.name}")
