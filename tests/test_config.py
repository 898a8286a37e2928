"""Settings: defaults, .env, precedence of keys, clear errors, the key redacted."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.config import load_settings
from tutor.errors import ConfigError


def test_defaults_work_with_nothing_set(isolated: Path) -> None:
    settings = load_settings()
    assert settings.api_key is None and not settings.has_key
    assert settings.lang == "en"
    assert settings.home == isolated
    assert settings.model.startswith("gemini-") and "flash" in settings.model


def test_dotenv_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("TUTOR_LANG=ja\nTUTOR_MODEL=gemini-2.5-pro\n")
    settings = load_settings()
    assert settings.lang == "ja" and settings.model == "gemini-2.5-pro"


def test_google_api_key_wins_over_gemini_api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEMINI_API_KEY", "gemini-key")
    monkeypatch.setenv("GOOGLE_API_KEY", "google-key")
    key = load_settings().api_key
    assert key is not None and key.get_secret_value() == "google-key"


def test_blank_key_counts_as_no_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEMINI_API_KEY", "  ")
    assert not load_settings().has_key


@pytest.mark.parametrize(
    ("name", "value"),
    [("TUTOR_DAILY_BUDGET_USD", "lots"), ("TUTOR_LANG", "fr"), ("TUTOR_MAX_TOOL_ROUNDS", "0")],
)
def test_invalid_setting_names_the_setting_and_the_fix(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as info:
        load_settings()
    message = str(info.value)
    assert name in message and ".env.example" in message
    assert "\n" not in message


def test_redacted_never_shows_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEMINI_API_KEY", "secret-value-for-redaction-test")
    shown = load_settings().redacted()
    assert "secret-value-for-redaction-test" not in repr(shown)
    assert shown["GOOGLE_API_KEY / GEMINI_API_KEY"] == "set (redacted)"
    assert "secret-value-for-redaction-test" not in repr(load_settings())


def test_env_example_documents_every_setting() -> None:
    from tutor.config import Settings

    example = (Path(__file__).parent.parent / ".env.example").read_text()
    for field in Settings.model_fields.values():
        alias = field.validation_alias
        names = [alias] if isinstance(alias, str) else ["GEMINI_API_KEY", "GOOGLE_API_KEY"]
        for name in names:
            assert f"{name}=" in example, name


def test_an_unusable_data_directory_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("TUTOR_HOME", str(blocker / "home"))
    with pytest.raises(ConfigError, match=r"TUTOR_HOME: cannot create .* writable directory"):
        _ = load_settings().data_dir
