"""Module boundaries from STYLE.md: only tutor/ui imports textual, only the Gemini adapter
imports google-genai."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "tutor"


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_the_ui_imports_textual_and_only_the_adapter_imports_google_genai() -> None:
    textual_users, genai_users = set(), set()
    for path in PACKAGE.rglob("*.py"):
        modules = imported_modules(path)
        relative = path.relative_to(PACKAGE).as_posix()
        if any(m == "textual" or m.startswith("textual.") for m in modules):
            textual_users.add(relative)
        if any(m.startswith("google") for m in modules):
            genai_users.add(relative)
    assert textual_users and all(p.startswith("ui/") for p in textual_users), textual_users
    assert genai_users == {"gemini.py"}
