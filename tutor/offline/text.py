"""The offline explainer's UI strings, from `data/offline_text.json` (English and Japanese)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from tutor.notation.symbols import Bilingual


@cache
def _strings() -> dict[str, Bilingual]:
    text = resources.files("tutor.data").joinpath("offline_text.json").read_text("utf-8")
    raw = json.loads(text)["strings"]
    return {key: Bilingual.model_validate(value) for key, value in raw.items()}


def text(key: str, lang: str, **values: object) -> str:
    """The string `key` in `lang` ("ja" or anything else for English), filled with `values`."""
    template = _strings()[key].get(lang)
    return template.format(**values)
