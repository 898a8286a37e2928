"""The offline explainer's UI strings, from `data/offline_text.json` (English and Japanese)."""

from __future__ import annotations

import json
import re
from functools import cache

from tutor.data_index import data_bytes  # not importlib.resources: slow to import
from tutor.tools.symbols import Bilingual


@cache
def _strings() -> dict[str, Bilingual]:
    text = data_bytes("tutor.data", "offline_text.json").decode("utf-8")
    raw = json.loads(text)["strings"]
    return {key: Bilingual.model_validate(value) for key, value in raw.items()}


def text(key: str, lang: str, **values: object) -> str:
    """The string `key` in `lang` ("ja" or anything else for English), filled with `values`.

    Only `{name}` placeholders given in `values` are filled, so LaTeX braces in a string
    (`\\mathcal{L}`) are left as they are."""
    template = _strings()[key].get(lang)
    return _PLACEHOLDER.sub(lambda m: str(values[m[1]]) if m[1] in values else m[0], template)


_PLACEHOLDER = re.compile(r"\{(\w+)\}")
