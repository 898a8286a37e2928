"""One message catalogue for every UI string, in English and Japanese.

    t("note.model", "ja", model="gemini-3.8-flash")    → "モデル: gemini-3.8-flash"
    t("diary.streak", "en", n=1)                       → "streak: 1 day"
    money(Decimal("0.00018"))                          → "$0.0002"

Entries live in `tutor/data/messages.json`. A value is a string, or for counts a mapping
of plural forms (`one`, `other`) chosen by the `n` argument. A missing language falls back
to English; a missing key is a programming error (KeyError), caught by the tests.
"""

from __future__ import annotations

import json
from functools import cache

TYPE_CHECKING = False  # not typing's: mypy treats the name as true, Python skips the import
if TYPE_CHECKING:
    from decimal import Decimal
    from typing import Any

LANGS = ("en", "ja")


@cache
def catalogue() -> dict[str, dict[str, Any]]:
    """Every entry, keyed by message key (the `_comment` entry left out)."""
    from tutor.data_index import data_bytes  # no importlib.resources on the light paths

    text = data_bytes("tutor.data", "messages.json").decode("utf-8")
    return {k: v for k, v in json.loads(text).items() if not k.startswith("_")}


def plural_form(lang: str, n: int) -> str:
    """The plural category of `n`: English has one/other; Japanese has no plural forms."""
    if lang == "ja":
        return "other"
    return "one" if n == 1 else "other"


def t(key: str, lang: str = "en", **kwargs: Any) -> str:
    """The message `key` in `lang`, formatted with `kwargs` (`n` picks the plural form)."""
    entry = catalogue()[key]
    value = entry.get(lang, entry["en"])
    if isinstance(value, dict):
        n = int(kwargs.get("n", 0))
        value = value.get(plural_form(lang, n), value["other"])
    return str(value).format(**kwargs) if kwargs else str(value)


def money(amount: Decimal | float | int) -> str:
    """US dollars the same way everywhere: at least two and at most four decimals.

    `$0` for nothing, `$1.00`, `$0.02`, `$0.0123`, and `<$0.0001` for a tiny non-zero cost.
    """
    from decimal import ROUND_HALF_UP, Decimal  # only where money is shown: not `tutor symbol`

    tenth_cent = Decimal("0.0001")
    value = Decimal(str(amount)) if not isinstance(amount, Decimal) else amount
    if value == 0:
        return "$0"
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value < tenth_cent:
        return f"{sign}<$0.0001"
    text = f"{value.quantize(tenth_cent, rounding=ROUND_HALF_UP):f}"
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0").ljust(2, "0")
    return f"{sign}${whole}.{frac}"


# The status bar's short name for each reason code (codes not listed: "offline (Gemini error)").
_STATUS_OF_CODE = {
    "offline_mode": "status.offline_mode",
    "no_key": "status.no_key",
    "auth": "status.auth",
    "model_refused": "status.model",
    "model_retired": "status.model",
    "quota_day": "status.quota",
    "rate_limited": "status.quota",
    "network": "status.network",
    "free_tier_model": "status.free_tier",
    "free_tier_day": "status.free_tier",
    "free_tier_limit": "status.free_tier",
    "over_budget_day": "status.over_budget",
    "over_budget_month": "status.over_budget",
    "over_budget": "status.over_budget",
}


def reason(code: str | None, lang: str, detail: str = "") -> str:
    """Why an answer is offline, in `lang`: `reason.<code>` (English shows the detail)."""
    key = f"reason.{code}"
    if code is None or key not in catalogue():
        return detail or t("status.offline_short", lang)
    return t(key, lang, detail=detail or code)


def offline_status(code: str | None, lang: str) -> str:
    """The status bar's offline mode for a reason code (the details are in the answers)."""
    return t(_STATUS_OF_CODE.get(code or "", "status.gemini_error"), lang)


def event_text(event: Any, lang: str) -> str:
    """A Notice's or Progress's line in `lang`: its catalogue entry when it has a code."""
    code = getattr(event, "code", None)
    prefix = "working." if type(event).__name__ == "Progress" else "notice."
    if code and prefix + code in catalogue():
        return t(prefix + code, lang, **getattr(event, "args", {}))
    return str(event.message)
