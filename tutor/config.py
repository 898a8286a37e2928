"""Settings from the environment and trusted `.env` files, validated once, with clear errors.

Every setting is documented in `.env.example`. Where each value comes from, strongest
first: a command-line flag, the environment, the `.env` file the user opted into
(`TUTOR_ENV_FILE` or `--env-file`), the user's own `.env` in the config directory
(`tutor config` prints its path), the default. A `.env` in the current directory is never
read unless named: a cloned repository must not be able to redirect the key or raise the
budgets. Settings that send the key somewhere (`TUTOR_GEMINI_BASE_URL`) must be https,
except to a loopback address.

A small loader, not pydantic-settings, whose import alone cost more than all of
`tutor config` does now. The API key is a `Secret`: it prints as `**********` and only
the Gemini adapter reads its value.
"""

from __future__ import annotations

import os
from decimal import Decimal
from functools import cached_property
from pathlib import Path

from tutor.errors import ConfigError

TYPE_CHECKING = False  # not typing's: mypy treats the name as true, Python skips the import
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any, Literal

    Lang = Literal["en", "ja"]
KEY_NAMES = ("GOOGLE_API_KEY", "GEMINI_API_KEY")  # GOOGLE_API_KEY wins, as in the SDK
KEY_LABEL = "GOOGLE_API_KEY / GEMINI_API_KEY"


class Secret:
    """A string that never shows itself in `str`, `repr` or f-strings."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get_secret_value(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    def __str__(self) -> str:
        return "**********"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def user_dir(kind: Literal["data", "config", "cache"]) -> Path:
    """tutor's per-user directory of this kind, as platformdirs names it."""
    from tutor.paths import user_dir as _user_dir

    return Path(_user_dir(kind))


def default_home() -> Path:
    """The per-user data directory, used when TUTOR_HOME is unset."""
    return user_dir("data")


def config_dir() -> Path:
    """Where the user's own `.env` lives: TUTOR_CONFIG_DIR, else the platform's config dir."""
    from tutor.envfile import config_dir as chosen

    return Path(chosen())


# --- parsers: each takes the raw text and returns the value or raises ValueError(reason)


def _text(raw: str) -> str:
    return raw.strip()


def _lang(raw: str) -> str:
    value = raw.strip()
    if value not in ("en", "ja"):
        raise ValueError("must be en or ja")
    return value


def _choice(*allowed: str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        value = raw.strip().lower()
        if value not in allowed:
            raise ValueError(f"must be one of {', '.join(allowed)}")
        return value

    return parse


def _path(raw: str) -> Path:
    return Path(raw.strip()).expanduser()


def _bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError("must be true or false")


def _decimal(low: Decimal) -> Callable[[str], Decimal]:
    def parse(raw: str) -> Decimal:
        from decimal import InvalidOperation

        try:
            value = Decimal(raw.strip())
        except InvalidOperation:
            raise ValueError("must be a number like 1.50") from None
        if not value.is_finite() or value < low:
            raise ValueError(f"must be a finite number of at least {low}")
        return value

    return parse


def _float(low: float, *, strict: bool) -> Callable[[str], float]:
    def parse(raw: str) -> float:
        import math

        try:
            value = float(raw.strip())
        except ValueError:
            raise ValueError("must be a number") from None
        if not math.isfinite(value) or value < low or (strict and value == low):
            bound = "greater than" if strict else "at least"
            raise ValueError(f"must be a finite number {bound} {low:g}")
        return value

    return parse


def _int(low: int, high: int | None = None) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        try:
            value = int(raw.strip())
        except ValueError:
            raise ValueError("must be a whole number") from None
        if value < low or (high is not None and value > high):
            raise ValueError(
                f"must be between {low} and {high}" if high is not None else f"must be ≥ {low}"
            )
        return value

    return parse


# The ids of the TUI's key bindings (tutor/ui; a test checks the two agree). Kept here so
# that a bad TUTOR_KEYMAP is one line at start-up, without importing the UI.
KEYMAP_IDS = frozenset(
    [
        "help",
        "diary",
        "papers",
        "progress",
        "quit",
        "toggle_raw",
        "copy_answer",
        "copy_latex",
        "stop",
        "new_chat",
        "toggle_offline",
        "clear_input",
        "quit_if_empty",
        "clear_screen",
        "page_up",
        "page_down",
        "scroll_home",
        "scroll_end",
        "diary_save",
        "diary_quiz",
        "diary_close",
        "papers_open",
        "papers_advance",
        "papers_filter",
        "papers_close",
        "progress_close",
        "progress_reload",
    ]
)
_MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")


def _keymap(raw: str) -> str:
    """`toggle_raw=f4,new_chat=ctrl+t`: known binding ids, each bound to one key."""
    import re

    pairs = [item.strip() for item in raw.split(",") if item.strip()]
    for pair in pairs:
        name, sep, key = (part.strip() for part in pair.partition("="))
        if not sep or not name or not key:
            raise ValueError(
                f"has {pair!r}: give id=key pairs, e.g. TUTOR_KEYMAP=toggle_raw=f4,new_chat=ctrl+t"
            )
        if name not in KEYMAP_IDS:
            raise ValueError(
                f"names an unknown key binding {name!r} (known: {', '.join(sorted(KEYMAP_IDS))})"
            )
        *mods, last = key.lower().split("+")
        if any(m not in _MODIFIERS for m in mods) or not re.fullmatch(r"[a-z0-9_]+|.", last):
            raise ValueError(f"has {key!r} for {name}: not a key like f4, ctrl+t or escape")
    return ",".join(pairs)


def _is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.") or host.lower().endswith(".localhost"):
        return True
    import ipaddress

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _url(*, carries_key: bool) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        from urllib.parse import urlsplit

        value = raw.strip()
        try:
            parts = urlsplit(value)
            host = parts.hostname or ""
        except ValueError:
            raise ValueError("is not a valid URL") from None
        if parts.scheme not in ("http", "https") or not host:
            raise ValueError("must be an http(s) URL like https://example.com")
        if carries_key and parts.scheme != "https" and not _is_loopback(host):
            raise ValueError(
                "must use https (the API key is sent there); plain http only to localhost"
            )
        return value

    return parse


class _Field:
    __slots__ = ("default", "env", "parse")

    def __init__(self, env: str, parse: Callable[[str], Any], default: Any) -> None:
        self.env = env
        self.parse = parse
        self.default = default


# name -> how to read it. Add a setting here and in `.env.example` (a test checks both).
FIELDS: dict[str, _Field] = {
    "model": _Field("TUTOR_MODEL", _text, "gemini-3.8-flash"),
    "lang": _Field("TUTOR_LANG", _lang, "en"),
    "home": _Field("TUTOR_HOME", _path, default_home),
    "daily_budget_usd": _Field("TUTOR_DAILY_BUDGET_USD", _decimal(Decimal(0)), Decimal("1.00")),
    "monthly_budget_usd": _Field(
        "TUTOR_MONTHLY_BUDGET_USD", _decimal(Decimal(0)), Decimal("10.00")
    ),
    "offline": _Field("TUTOR_OFFLINE", _bool, False),
    "api_version": _Field("TUTOR_API_VERSION", _text, "v1beta"),
    "gemini_base_url": _Field("TUTOR_GEMINI_BASE_URL", _url(carries_key=True), None),
    "timeout_s": _Field("TUTOR_TIMEOUT_S", _float(0.0, strict=True), 60.0),
    "max_retries": _Field("TUTOR_MAX_RETRIES", _int(0, 10), 3),
    "max_tool_rounds": _Field("TUTOR_MAX_TOOL_ROUNDS", _int(1, 20), 5),
    "max_output_tokens": _Field("TUTOR_MAX_OUTPUT_TOKENS", _int(64), 8192),
    "thinking_budget": _Field("TUTOR_THINKING_BUDGET", _int(-1), None),
    "thinking_level": _Field(
        "TUTOR_THINKING_LEVEL", _choice("minimal", "low", "medium", "high"), None
    ),
    "tier": _Field("TUTOR_TIER", _choice("free", "paid"), "paid"),
    "cache_size_mb": _Field("TUTOR_CACHE_SIZE_MB", _int(1), 256),
    "prices_file": _Field("TUTOR_PRICES_FILE", _path, None),
    "arxiv_base_url": _Field(
        "TUTOR_ARXIV_BASE_URL", _url(carries_key=False), "https://export.arxiv.org/api/query"
    ),
    "arxiv_min_interval_s": _Field("TUTOR_ARXIV_MIN_INTERVAL_S", _float(0.0, strict=False), 3.0),
    "notes_dir": _Field("TUTOR_NOTES_DIR", _path, None),
    "keymap": _Field("TUTOR_KEYMAP", _keymap, ""),
    "sandbox_timeout_s": _Field("TUTOR_SANDBOX_TIMEOUT_S", _float(0.0, strict=True), 5.0),
    "sandbox_memory_mb": _Field("TUTOR_SANDBOX_MEMORY_MB", _int(128), 1024),
}

DEFAULT = "default"


class Settings:
    """Resolved settings; build with `load_settings()`. `sources` says where each came from."""

    api_key: Secret | None
    model: str
    lang: Lang
    home: Path
    daily_budget_usd: Decimal
    monthly_budget_usd: Decimal
    offline: bool
    api_version: str
    gemini_base_url: str | None
    timeout_s: float
    max_retries: int
    max_tool_rounds: int
    max_output_tokens: int
    thinking_budget: int | None
    thinking_level: str | None
    tier: str
    cache_size_mb: int
    prices_file: Path | None
    arxiv_base_url: str
    arxiv_min_interval_s: float
    notes_dir: Path | None
    keymap: str
    sandbox_timeout_s: float
    sandbox_memory_mb: int

    def __init__(self, values: Mapping[str, Any], sources: Mapping[str, str]) -> None:
        self.__dict__.update(values)
        self.sources: dict[str, str] = dict(sources)

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.redacted().items())
        return f"Settings({shown})"

    def model_copy(self, *, update: Mapping[str, Any]) -> Settings:
        """A copy with some values replaced (the TUI's /model, /lang, offline toggle)."""
        values = {name: getattr(self, name) for name in ("api_key", *FIELDS)}
        unknown = set(update) - set(values)
        if unknown:
            raise ValueError(f"unknown settings {sorted(unknown)}")
        values.update(update)
        sources = dict(self.sources)
        sources.update(dict.fromkeys(update, "changed in this session"))
        return Settings(values, sources)

    @cached_property
    def data_dir(self) -> Path:
        """The data directory (0700 on POSIX), created on first use."""
        from tutor.db import private_dir

        try:
            private_dir(self.home)
        except OSError as exc:
            raise ConfigError(
                f"TUTOR_HOME: cannot create {self.home} ({exc.strerror}); "
                "point TUTOR_HOME at a writable directory"
            ) from None
        return self.home

    @property
    def notes_path(self) -> Path:
        return self.notes_dir or self.data_dir / "notes"

    @property
    def has_key(self) -> bool:
        return self.api_key is not None

    def redacted(self) -> dict[str, str]:
        """Every setting as text, the key shown only as set or unset."""
        shown = {KEY_LABEL: "set (redacted)" if self.api_key is not None else "unset"}
        for name, field in FIELDS.items():
            value = getattr(self, name)
            shown[field.env] = "" if value is None else str(value)
        return shown

    def origins(self) -> dict[str, str]:
        """Where each setting came from, by the same labels as `redacted()`."""
        shown = {KEY_LABEL: self.sources.get("api_key", DEFAULT)}
        for name, field in FIELDS.items():
            shown[field.env] = self.sources.get(name, DEFAULT)
        return shown


def read_env_file(path: Path, *, required: bool) -> dict[str, str]:
    """`KEY=value` lines (`export`, quotes and `#` comments allowed); one-line errors."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        if required:
            raise ConfigError(f"env file {path} does not exist (named by TUTOR_ENV_FILE)") from None
        return {}
    except OSError as exc:
        raise ConfigError(f"cannot read env file {path}: {exc.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        number = data[: exc.start].count(b"\n") + 1
        raise ConfigError(
            f"env file {path}: line {number} is not UTF-8 text; save the file as UTF-8"
        ) from None
    from tutor.envfile import parse_env_text

    return parse_env_text(text)


def _layers(env_file: str | Path | None) -> list[tuple[str, Mapping[str, str]]]:
    """Sources from strongest to weakest, each (label, values)."""
    layers: list[tuple[str, Mapping[str, str]]] = [("environment", os.environ)]
    chosen = str(env_file) if env_file else os.environ.get("TUTOR_ENV_FILE", "").strip()
    if chosen:
        path = Path(chosen).expanduser()
        layers.append((f"env file {path}", read_env_file(path, required=True)))
    user_env = config_dir() / ".env"
    layers.append((f"user .env {user_env}", read_env_file(user_env, required=False)))
    return layers


def load_settings(*, env_file: str | Path | None = None, **overrides: object) -> Settings:
    """Load settings, turning every invalid value into one `ConfigError` line.

    `overrides` are by environment name (`TUTOR_LANG="ja"`) and win over every source."""
    layers = _layers(env_file)
    if overrides:
        layers.insert(0, ("command line", {k: str(v) for k, v in overrides.items()}))

    def lookup(*names: str) -> tuple[str, str, str] | None:
        for label, values in layers:
            for name in names:
                raw = values.get(name)
                if raw is not None and raw.strip():
                    return name, raw, label
        return None

    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    problems: list[str] = []
    found = lookup(*KEY_NAMES)
    values["api_key"] = Secret(found[1].strip()) if found else None
    if found:
        from tutor.sanitize import register_secret

        register_secret(found[1].strip())  # one-line errors never show it, in any encoding
        sources["api_key"] = f"{found[0]} from {found[2]}"
    for name, field in FIELDS.items():
        found = lookup(field.env)
        if found is None:
            values[name] = field.default() if callable(field.default) else field.default
            continue
        _, raw, label = found
        try:
            values[name] = field.parse(raw)
        except ValueError as exc:
            problems.append(
                f"{field.env} {exc}" + ("" if label == "environment" else f" ({label})")
            )
            continue
        sources[name] = label
    if problems:
        raise ConfigError(
            "invalid setting: "
            + "; ".join(problems)
            + " (fix it in the environment or .env; see .env.example)"
        )
    return Settings(values, sources)


def model_warning(settings: Settings) -> str | None:
    """One line when TUTOR_MODEL is not in tutor's model table (the TUI's /model refuses
    such a name; a setting is only warned about, as Google may serve models newer than
    the table). Reads the table as plain JSON: `tutor config` never loads pydantic."""
    import json

    import tutor.data  # its folder read directly: no importlib.resources, no typing

    table = settings.prices_file or Path(tutor.data.__file__).with_name("prices.json")
    try:
        text = table.read_text("utf-8")
        models = json.loads(text)["models"]
    except (OSError, ValueError, KeyError, TypeError):
        return None  # an unreadable table is reported where it is used
    name = settings.model.removeprefix("models/")
    # the same rule as PriceTable.resolve: an exact id, or one with a version suffix
    if any(name == known or name.startswith(known + "-") for known in models):
        return None
    return (
        f"warning: TUTOR_MODEL={settings.model} is not a model tutor knows: its calls are "
        "costed at the conservative fallback; `tutor models` lists the known ones"
    )
