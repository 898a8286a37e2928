"""Settings from the environment and `.env`, validated once, with clear errors.

Every setting is documented in `.env.example`. The API key is a `SecretStr`: it prints
as `**********` and only the Gemini adapter ever reads its value.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from tutor.errors import ConfigError

Lang = Literal["en", "ja"]


def default_home() -> Path:
    """The per-user data directory (platformdirs), used when TUTOR_HOME is unset."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("tutor", appauthor=False))


class Settings(BaseSettings):
    """Resolved settings; build with `load_settings()` for friendly errors."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True
    )

    # GOOGLE_API_KEY wins over GEMINI_API_KEY, as in the SDK.
    api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("GOOGLE_API_KEY", "GEMINI_API_KEY")
    )
    model: str = Field(default="gemini-3.8-flash", validation_alias="TUTOR_MODEL")
    lang: Lang = Field(default="en", validation_alias="TUTOR_LANG")
    home: Path = Field(default_factory=default_home, validation_alias="TUTOR_HOME")
    daily_budget_usd: Decimal = Field(
        default=Decimal("1.00"), ge=0, validation_alias="TUTOR_DAILY_BUDGET_USD"
    )
    monthly_budget_usd: Decimal = Field(
        default=Decimal("10.00"), ge=0, validation_alias="TUTOR_MONTHLY_BUDGET_USD"
    )
    offline: bool = Field(default=False, validation_alias="TUTOR_OFFLINE")
    api_version: str = Field(default="v1beta", validation_alias="TUTOR_API_VERSION")
    gemini_base_url: str | None = Field(default=None, validation_alias="TUTOR_GEMINI_BASE_URL")
    timeout_s: float = Field(default=60.0, gt=0, validation_alias="TUTOR_TIMEOUT_S")
    max_retries: int = Field(default=3, ge=0, le=10, validation_alias="TUTOR_MAX_RETRIES")
    max_tool_rounds: int = Field(default=5, ge=1, le=20, validation_alias="TUTOR_MAX_TOOL_ROUNDS")
    max_output_tokens: int = Field(default=8192, ge=64, validation_alias="TUTOR_MAX_OUTPUT_TOKENS")
    thinking_budget: int | None = Field(
        default=None, ge=-1, validation_alias="TUTOR_THINKING_BUDGET"
    )
    thinking_level: Literal["minimal", "low", "medium", "high"] | None = Field(
        default=None, validation_alias="TUTOR_THINKING_LEVEL"
    )
    tier: Literal["free", "paid"] = Field(default="paid", validation_alias="TUTOR_TIER")
    cache_size_mb: int = Field(default=256, ge=1, validation_alias="TUTOR_CACHE_SIZE_MB")
    prices_file: Path | None = Field(default=None, validation_alias="TUTOR_PRICES_FILE")
    arxiv_base_url: str = Field(
        default="https://export.arxiv.org/api/query", validation_alias="TUTOR_ARXIV_BASE_URL"
    )
    arxiv_min_interval_s: float = Field(
        default=3.0, ge=0, validation_alias="TUTOR_ARXIV_MIN_INTERVAL_S"
    )
    notes_dir: Path | None = Field(default=None, validation_alias="TUTOR_NOTES_DIR")
    keymap: str = Field(default="", validation_alias="TUTOR_KEYMAP")
    sandbox_timeout_s: float = Field(default=5.0, gt=0, validation_alias="TUTOR_SANDBOX_TIMEOUT_S")
    sandbox_memory_mb: int = Field(default=1024, ge=128, validation_alias="TUTOR_SANDBOX_MEMORY_MB")

    @field_validator("api_key", mode="before")
    @classmethod
    def _blank_key_is_none(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @cached_property
    def data_dir(self) -> Path:
        """The data directory, created on first use."""
        try:
            self.home.mkdir(parents=True, exist_ok=True)
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
        shown: dict[str, str] = {}
        for name, field in type(self).model_fields.items():
            alias = field.validation_alias
            label = alias if isinstance(alias, str) else "GOOGLE_API_KEY / GEMINI_API_KEY"
            value = getattr(self, name)
            if name == "api_key":
                shown[label] = "set (redacted)" if value is not None else "unset"
            else:
                shown[label] = "" if value is None else str(value)
        return shown


def _env_name(loc: tuple[object, ...]) -> str:
    name = str(loc[0]) if loc else "?"
    field = Settings.model_fields.get(name)
    if field is not None and isinstance(field.validation_alias, str):
        return field.validation_alias
    return name


def load_settings(**overrides: object) -> Settings:
    """Load settings, turning validation errors into one `ConfigError` line per setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_input=False, include_url=False):
            problems.append(f"{_env_name(err['loc'])}: {err['msg']}")
        raise ConfigError(
            "invalid setting " + "; ".join(problems) + " (fix it in the environment or .env; "
            "see .env.example)"
        ) from None
