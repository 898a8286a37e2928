"""The message catalogue: every UI string in English and Japanese, plurals, money."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from tutor.messages import LANGS, catalogue, money, t

ROOT = Path(__file__).parent.parent


def test_no_ui_string_is_english_only() -> None:
    for key, entry in catalogue().items():
        for lang in LANGS:
            assert lang in entry, f"{key} has no {lang}"
        if not entry.get("same"):
            assert entry["ja"] != entry["en"], f"{key}: Japanese same as English but not marked"


def test_every_key_used_in_the_ui_exists() -> None:
    used: set[str] = set()
    for path in (ROOT / "tutor" / "ui").glob("*.py"):
        used |= set(re.findall(r"\bt\(\s*\"([a-z_.]+[a-z_])\"", path.read_text("utf-8")))
    assert used, "no catalogue keys found"
    assert used <= set(catalogue()), used - set(catalogue())


def test_plurals() -> None:
    assert t("diary.streak", "en", n=1) == "streak: 1 day"
    assert t("diary.streak", "en", n=2) == "streak: 2 days"
    assert t("diary.streak", "ja", n=2) == "連続: 2日"
    assert t("note.cache_cleared", "en", n=1) == "cache cleared: 1 entry removed"


def test_money_is_formatted_one_way() -> None:
    assert money(Decimal(0)) == "$0"
    assert money(Decimal("0E-9")) == "$0"
    assert money(Decimal("0.00018")) == "$0.0002"
    assert money(Decimal("1")) == "$1.00"
    assert money(Decimal("0.02")) == "$0.02"
    assert money(Decimal("0.000000001")) == "<$0.0001"
    assert money(0.5) == "$0.50"


def test_readme_lists_every_slash_command() -> None:
    from tutor.ui.commands import COMMANDS

    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## The TUI", 1)[1].split("\n## ", 1)[0]
    for name in COMMANDS:
        assert f"`{name}" in section, name
