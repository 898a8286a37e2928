"""Every test gets its own data directory and a clean environment: no real key, no .env."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

FAKE_KEY = "fake-gemini-key-for-tests-0123456789"  # not shaped like a real key


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    for name in list(os.environ):
        if name.startswith("TUTOR_") or name in ("GEMINI_API_KEY", "GOOGLE_API_KEY"):
            monkeypatch.delenv(name)
    home = tmp_path / "home"
    monkeypatch.setenv("TUTOR_HOME", str(home))
    monkeypatch.setenv("TUTOR_CONFIG_DIR", str(tmp_path / "config"))  # the user's own .env
    monkeypatch.setenv("TUTOR_CACHE_DIR", str(tmp_path / "cache"))  # the data index
    monkeypatch.setenv("TUTOR_ARXIV_MIN_INTERVAL_S", "0")
    monkeypatch.setenv("TUTOR_SANDBOX_IDLE_S", "0")  # no warm server outliving a test
    monkeypatch.chdir(tmp_path)
    yield home


@pytest.fixture
def with_key(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("GEMINI_API_KEY", FAKE_KEY)
    return FAKE_KEY
