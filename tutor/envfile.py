"""`.env` files read with the standard library alone, and the answer language resolved
from them without the settings loader (whose decimal, pathlib and URL checks `tutor symbol`
does not need).

`tutor.config` parses with `parse_env_text` too, so both read a file the same way.
"""

from __future__ import annotations

import os

from tutor import paths


def parse_env_text(text: str) -> dict[str, str]:
    """`KEY=value` lines (`export`, quotes and `#` comments allowed)."""
    values: dict[str, str] = {}
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        name, sep, value = line.partition("=")
        name = name.strip()
        if not sep or not name:
            continue
        value = value.strip()
        if value[:1] in ("'", '"') and value[:1] in value[1:]:
            value = value[1 : value.index(value[0], 1)]
        else:
            value = value.split(" #", 1)[0].rstrip()
        values[name] = value
    return values


def config_dir() -> str:
    """Where the user's own `.env` lives: TUTOR_CONFIG_DIR, else the platform's config dir."""
    override = os.environ.get("TUTOR_CONFIG_DIR", "").strip()
    if override:
        return os.path.expanduser(override)
    return paths.user_dir("config")


def light_lang(env_file: str | None = None) -> str | None:
    """TUTOR_LANG as `load_settings` resolves it (environment, then the named env file,
    then the user's `.env`, then "en"), or None when only the loader can say: a named
    file that is missing or unreadable, a file that is not UTF-8, or a value it refuses.
    The caller then loads the settings, which report the problem in one line."""
    value = os.environ.get("TUTOR_LANG", "")
    if not value.strip():
        chosen = env_file or os.environ.get("TUTOR_ENV_FILE", "").strip()
        files = [(os.path.expanduser(chosen), True)] if chosen else []
        files.append((os.path.join(config_dir(), ".env"), False))
        for path, required in files:
            try:
                with open(path, "rb") as handle:
                    text = handle.read().decode("utf-8-sig")
            except FileNotFoundError:
                if required:
                    return None
                continue
            except (OSError, UnicodeDecodeError):
                return None
            value = parse_env_text(text).get("TUTOR_LANG", "")
            if value.strip():
                break
    value = value.strip() or "en"
    return value if value in ("en", "ja") else None
