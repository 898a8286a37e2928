"""Retry timing shared by the Gemini and arXiv clients: Retry-After first, else backoff."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

MAX_RETRY_AFTER_S = 60.0


def retry_after_seconds(response: Any) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP date), if present."""
    headers = getattr(response, "headers", None)
    value = headers.get("retry-after") if headers is not None else None
    if not value:
        return None
    try:
        return min(max(float(value), 0.0), MAX_RETRY_AFTER_S)
    except ValueError:
        pass
    try:
        delta = (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds()
        return min(max(delta, 0.0), MAX_RETRY_AFTER_S)
    except (TypeError, ValueError):
        return None


def backoff_delay(attempt: int) -> float:
    """Exponential backoff with jitter: about 1, 2, 4 … seconds, at most 30."""
    return min(2.0**attempt, 30.0) * (0.5 + random.random() / 2)


def retry_info_seconds(details: Any) -> float | None:
    """Google's RetryInfo in an error body: `{"retryDelay": "37s"}` in `error.details`."""
    error = details.get("error", details) if isinstance(details, dict) else None
    for item in (error or {}).get("details", []) if isinstance(error, dict) else []:
        delay = item.get("retryDelay") if isinstance(item, dict) else None
        if isinstance(delay, str) and delay.endswith("s"):
            try:
                return min(max(float(delay[:-1]), 0.0), MAX_RETRY_AFTER_S)
            except ValueError:
                return None
    return None
