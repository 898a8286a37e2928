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


def test_the_users_own_dotenv_is_read(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / ".env").write_text(
        "# mine\nTUTOR_LANG=ja\nexport TUTOR_MODEL='gemini-2.5-pro'  \nTUTOR_KEYMAP=help=f9 # c\n"
    )
    settings = load_settings()
    assert settings.lang == "ja" and settings.model == "gemini-2.5-pro"
    assert settings.keymap == "help=f9"
    assert settings.origins()["TUTOR_LANG"].startswith("user .env")


def test_a_dotenv_in_the_working_directory_is_ignored(tmp_path: Path) -> None:
    # a cloned repository trying to redirect the key and raise the budget
    (tmp_path / ".env").write_text(
        "TUTOR_GEMINI_BASE_URL=http://evil.example\nTUTOR_DAILY_BUDGET_USD=1000\n"
    )
    settings = load_settings()
    assert settings.gemini_base_url is None
    assert str(settings.daily_budget_usd) == "1.00"
    assert settings.origins()["TUTOR_DAILY_BUDGET_USD"] == "default"


def test_a_named_env_file_is_read_and_shown_as_the_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text("TUTOR_DAILY_BUDGET_USD=2.50\n")
    settings = load_settings(env_file=".env")
    assert str(settings.daily_budget_usd) == "2.50"
    assert settings.origins()["TUTOR_DAILY_BUDGET_USD"] == "env file .env"
    monkeypatch.setenv("TUTOR_ENV_FILE", str(tmp_path / ".env"))
    assert str(load_settings().daily_budget_usd) == "2.50"
    monkeypatch.setenv("TUTOR_DAILY_BUDGET_USD", "3")
    settings = load_settings()
    assert str(settings.daily_budget_usd) == "3"
    assert settings.origins()["TUTOR_DAILY_BUDGET_USD"] == "environment"
    monkeypatch.setenv("TUTOR_ENV_FILE", str(tmp_path / "missing.env"))
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings()


def test_a_non_utf8_env_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / ".env").write_bytes(b"TUTOR_LANG=en\nTUTOR_MODEL=caf\xe9\n")
    with pytest.raises(ConfigError, match="line 2 is not UTF-8") as info:
        load_settings()
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://proxy.example/gemini", True),
        ("http://127.0.0.1:8080", True),
        ("http://localhost:9999", True),
        ("http://[::1]:9999", True),
        ("http://proxy.example", False),
        ("http://127.0.0.1.evil.example", False),
        ("ftp://proxy.example", False),
        ("not a url", False),
    ],
)
def test_the_key_goes_only_over_https_or_to_loopback(
    monkeypatch: pytest.MonkeyPatch, url: str, ok: bool
) -> None:
    monkeypatch.setenv("TUTOR_GEMINI_BASE_URL", url)
    if ok:
        assert load_settings().gemini_base_url == url
    else:
        with pytest.raises(ConfigError, match="TUTOR_GEMINI_BASE_URL"):
            load_settings()


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
    [
        ("TUTOR_DAILY_BUDGET_USD", "lots"),
        ("TUTOR_DAILY_BUDGET_USD", "-1"),
        ("TUTOR_MONTHLY_BUDGET_USD", "Infinity"),
        ("TUTOR_LANG", "fr"),
        ("TUTOR_MAX_TOOL_ROUNDS", "0"),
        ("TUTOR_TIMEOUT_S", "inf"),
        ("TUTOR_TIMEOUT_S", "nan"),
        ("TUTOR_TIMEOUT_S", "1e999999"),
        ("TUTOR_OFFLINE", "maybe"),
    ],
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
    assert "secret-value-for-redaction-test" not in str(load_settings().api_key)


def test_env_example_documents_every_setting() -> None:
    from tutor.config import FIELDS, KEY_NAMES, Settings

    example = (Path(__file__).parent.parent / ".env.example").read_text()
    for name in [*KEY_NAMES, *(field.env for field in FIELDS.values()), "TUTOR_ENV_FILE"]:
        assert f"{name}=" in example, name
    assert set(FIELDS) | {"api_key"} == set(Settings.__annotations__)


def test_model_copy_keeps_the_rest() -> None:
    settings = load_settings()
    changed = settings.model_copy(update={"lang": "ja"})
    assert changed.lang == "ja" and settings.lang == "en" and changed.home == settings.home
    assert changed.origins()["TUTOR_LANG"] == "changed in this session"


@pytest.mark.skipif(__import__("os").name != "posix", reason="POSIX modes")
def test_the_data_directory_is_private(isolated: Path) -> None:
    import stat

    assert stat.S_IMODE(load_settings().data_dir.stat().st_mode) == 0o700


def test_an_unusable_data_directory_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("TUTOR_HOME", str(blocker / "home"))
    with pytest.raises(ConfigError, match=r"TUTOR_HOME: cannot create .* writable directory"):
        _ = load_settings().data_dir


@pytest.mark.parametrize("kind", ["data", "config", "cache"])
@pytest.mark.parametrize("xdg", [None, "", "  ", "/somewhere/else"])
def test_user_dirs_match_platformdirs(
    monkeypatch: pytest.MonkeyPatch, kind: str, xdg: str | None
) -> None:
    import platformdirs

    from tutor.paths import user_dir

    variable = f"XDG_{kind.upper()}_HOME"
    if xdg is None:
        monkeypatch.delenv(variable, raising=False)
    else:
        monkeypatch.setenv(variable, xdg)
    expected = getattr(platformdirs, f"user_{kind}_dir")("tutor", appauthor=False)
    assert user_dir(kind) == expected


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("bad", "give id=key pairs"),
        ("toggle_rwa=f4", "unknown key binding 'toggle_rwa'"),
        ("toggle_raw=", "give id=key pairs"),
        ("toggle_raw=cmd+x", "not a key like f4"),
    ],
)
def test_a_bad_keymap_is_one_line_naming_the_setting(
    value: str, says: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TUTOR_KEYMAP", value)
    with pytest.raises(ConfigError, match="TUTOR_KEYMAP") as caught:
        load_settings()
    assert says in str(caught.value)
    from tutor.cli import main

    assert main(["config"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "TUTOR_KEYMAP" in err


def test_a_good_keymap_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_KEYMAP", " toggle_raw=f4, new_chat=ctrl+t ,diary_quiz=escape")
    assert load_settings().keymap == "toggle_raw=f4,new_chat=ctrl+t,diary_quiz=escape"


def test_the_keymap_ids_are_the_tuis_binding_ids() -> None:
    from tutor.config import KEYMAP_IDS
    from tutor.ui.app import TutorApp
    from tutor.ui.chat_screen import ChatScreen
    from tutor.ui.diary_screen import DiaryScreen
    from tutor.ui.papers_screen import PapersScreen
    from tutor.ui.progress_screen import ProgressScreen

    ids = {
        getattr(b, "id", None)
        for owner in (TutorApp, ChatScreen, DiaryScreen, PapersScreen, ProgressScreen)
        for b in owner.BINDINGS
    }
    assert ids - {None} == KEYMAP_IDS


def test_config_warns_about_an_unknown_model(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from tutor.cli import main

    monkeypatch.setenv("TUTOR_MODEL", "foo")
    assert main(["config"]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "TUTOR_MODEL=foo is not a model tutor knows" in err
    monkeypatch.setenv("TUTOR_MODEL", "gemini-3.8-flash")
    assert main(["config"]) == 0
    assert capsys.readouterr().err == ""
