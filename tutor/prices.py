"""The dated model and price table (pydantic, validated when read).

Kept apart from the ledger (`tutor.spend`) so that reading the ledger (`tutor spend`, the
status bar) does not import pydantic or build these models: `tutor.spend` re-exports
these names lazily.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from tutor.errors import ConfigError


class PriceTier(BaseModel):
    above_prompt_tokens: int = Field(default=0, ge=0)
    input: Decimal = Field(ge=0, le=1000, allow_inf_nan=False)
    output: Decimal = Field(ge=0, le=1000, allow_inf_nan=False)
    cached_input: Decimal = Field(ge=0, le=1000, allow_inf_nan=False)


class ModelPrice(BaseModel):
    """Prices of one model over one period (or the whole table's fallback)."""

    input: Decimal = Field(ge=0, le=1000, allow_inf_nan=False)
    output: Decimal = Field(ge=0, le=1000, allow_inf_nan=False)
    cached_input: Decimal = Field(ge=0, le=1000, allow_inf_nan=False)
    tiers: list[PriceTier] = Field(default_factory=list)
    from_: date | None = Field(default=None, alias="from")
    until: date | None = None

    model_config = {"populate_by_name": True}

    def tier_for(self, prompt_tokens: int) -> PriceTier:
        chosen = PriceTier(input=self.input, output=self.output, cached_input=self.cached_input)
        for tier in sorted(self.tiers, key=lambda t: t.above_prompt_tokens):
            if prompt_tokens > tier.above_prompt_tokens:
                chosen = tier
        return chosen

    def covers(self, day: date) -> bool:
        return (self.from_ is None or day >= self.from_) and (
            self.until is None or day <= self.until
        )


class Thinking(BaseModel):
    levels: list[Literal["minimal", "low", "medium", "high"]] = Field(default_factory=list)
    budget: dict[str, int | bool] | None = None


class FreeLimits(BaseModel):
    rpm: int = Field(ge=0)
    rpd: int = Field(ge=0)


class ModelInfo(BaseModel):
    status: Literal["stable", "preview", "deprecated", "retired"] = "stable"
    released: date | None = None
    shutdown: date | None = None
    replacement: str | None = None
    routes_to: str | None = None
    max_output_tokens: int = Field(default=65536, ge=1)
    thinking: Thinking | None = None
    free: FreeLimits | None = None
    prices: list[ModelPrice] = Field(min_length=1)

    def price_on(self, day: date) -> ModelPrice:
        for period in self.prices:
            if period.covers(day):
                return period
        return self.prices[-1]

    def status_on(self, day: date) -> str:
        if self.shutdown is not None and day >= self.shutdown:
            return "retired"
        return self.status


class PriceTable(BaseModel):
    models: dict[str, ModelInfo]
    unknown_model: ModelPrice
    default_model: str = "gemini-3.8-flash"
    checked: date | None = None
    sources: list[str] = Field(default_factory=list)
    free_tier_day_zone: str = "America/Los_Angeles"

    def resolve(self, model: str | None) -> str | None:
        """The priced id for a requested id or a response's `modelVersion`
        (`models/` prefix and version suffixes such as `-001` allowed), else None."""
        if not model:
            return None
        name = model.removeprefix("models/")
        if name in self.models:
            return name
        best = None
        for known in self.models:
            if name.startswith(known + "-") and (best is None or len(known) > len(best)):
                best = known
        return best

    def knows(self, model: str) -> bool:
        return self.resolve(model) is not None

    def info(self, model: str) -> ModelInfo | None:
        resolved = self.resolve(model)
        return self.models[resolved] if resolved else None

    def price(self, model: str, day: date | None = None) -> ModelPrice:
        """The model's price on `day` (today by default); an unknown model is charged the
        conservative fallback."""
        info = self.info(model)
        if info is None:
            return self.unknown_model
        return info.price_on(day or datetime.now(UTC).date())


def load_prices(path: Path | None = None) -> PriceTable:
    """The built-in price table, or the user's file (TUTOR_PRICES_FILE)."""
    where = path or "tutor/data/prices.json"
    from importlib import resources

    try:
        if path is None:
            text = resources.files("tutor.data").joinpath("prices.json").read_text("utf-8")
        else:
            text = path.read_text("utf-8")
        return PriceTable.model_validate(json.loads(text))
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False)[0]
        at = ".".join(str(p) for p in first["loc"])
        raise ConfigError(
            f"TUTOR_PRICES_FILE: invalid price table {where}: {at}: {first['msg']} "
            "(prices must be finite numbers from 0 to 1000 USD per 1M tokens)"
        ) from None
    except (OSError, ValueError) as exc:
        msg = " ".join(str(exc).split())
        raise ConfigError(f"TUTOR_PRICES_FILE: cannot read prices from {where}: {msg}") from None


# unknown free-tier limits: the most conservative Google has published
UNKNOWN_FREE_LIMITS = FreeLimits(rpm=5, rpd=20)


def free_limits(table: PriceTable, model: str) -> FreeLimits:
    """The free tier's request limits for `model` (the conservative ones when unknown)."""
    info = table.info(model)
    return info.free if info and info.free else UNKNOWN_FREE_LIMITS
