"""Start-up: what the one-shot commands import, the lazy parser, the data index.
(Speed itself is measured in bench/run.py, never asserted here.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tutor.cli import _chosen_command, build_parser

ROOT = Path(__file__).parent.parent


def loaded_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint(__import__('json').dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


HELP = "from tutor.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass"


@pytest.mark.parametrize(
    ("code", "absent"),
    [
        (HELP, ["pydantic", "pydantic_settings", "rich", "sqlite3", "asyncio"]),
        ("from tutor.cli import main\nmain(['config'])", ["pydantic", "pydantic_settings"]),
        ("from tutor.cli import main\nmain(['symbol', 'x'])", ["pydantic_settings", "asyncio"]),
    ],
)
def test_one_shot_commands_skip_what_they_do_not_need(code: str, absent: list[str]) -> None:
    loaded = loaded_after(code)
    assert not [name for name in absent if name in loaded]


HEAVY = ["pydantic", "pydantic_settings", "httpx", "google.genai", "textual", "numpy", "asyncio"]


@pytest.mark.parametrize(
    "argv",
    [["spend"], ["spend", "--json"], ["symbol", "\\alpha_i"], ["symbol", "--json", "\\sigma(x)"]],
)
def test_light_commands_import_no_heavy_library(argv: list[str], tmp_path: Path) -> None:
    home = json.dumps(str(tmp_path))
    code = (
        f"import os\nos.environ['TUTOR_HOME'] = {home}\nfrom tutor.cli import main\nmain({argv!r})"
    )
    loaded = loaded_after(code)
    assert [name for name in HEAVY if name in loaded] == []


@pytest.mark.parametrize(
    ("argv", "absent"),
    [
        (["explain", "--no-run", "\\sum_i x_i"], ["pydantic", "pydantic_core", "tutor.sandbox"]),
        (["explain", "--json", "--no-run", "x^2"], ["pydantic", "pydantic_core", "tutor.sandbox"]),
        # the run checks the sandbox's reply in plain Python (no pydantic-core either); the
        # records on the path are `tutor.plain` classes (dataclasses imports inspect: ~5 ms)
        (["explain", "\\sum_i x_i"], ["pydantic", "pydantic_core", "dataclasses", "argparse"]),
        (["explain", "\\begin{aligned} a &= 2x \\\\ b &= a^2 \\end{aligned}"], ["pydantic"]),
    ],
)
def test_explain_imports_no_pydantic(argv: list[str], absent: list[str], tmp_path: Path) -> None:
    home = json.dumps(str(tmp_path))
    code = (
        f"import os\nos.environ['TUTOR_HOME'] = {home}\n"
        f"from tutor.cli import main\nassert main({argv!r}) == 0"
    )
    loaded_after(code)  # the first start validates the bank and keeps it in the index
    loaded = loaded_after(code)
    assert [name for name in absent if name in loaded] == []
    assert "tutor.offline.explain" in loaded


@pytest.mark.parametrize(
    ("argv", "chosen"),
    [
        (["ask", "what", "is", "diary"], "ask"),
        (["--lang", "ja", "symbol", "x"], "symbol"),
        (["--lang=ja", "symbol", "x"], "symbol"),
        (["--env", "f.env", "config"], "config"),
        (["--offline", "explain", "x"], "explain"),
        (["--", "ask"], "ask"),
        ([], None),
        (["--help"], None),
    ],
)
def test_the_chosen_command_is_the_one_argparse_picks(argv: list[str], chosen: str) -> None:
    assert _chosen_command(argv) == chosen


@pytest.mark.parametrize(
    "argv",
    [
        ["ask", "--no-cache", "--json", "why?"],
        ["--lang", "ja", "explain", "--no-run", "x"],
        ["symbol", "--json", "x"],
        ["arxiv", "--search", "--max", "3", "flow", "matching"],
        ["cache", "stats"],
        ["diary", "export", "/tmp/x"],
        ["--env-file", "a.env", "config", "--json"],
        ["repair"],
    ],
)
def test_the_lazy_parser_parses_like_the_full_one(argv: list[str]) -> None:
    assert vars(build_parser(argv).parse_args(argv)) == vars(build_parser().parse_args(argv))


def test_an_abbreviation_the_scan_misreads_still_parses() -> None:
    from tutor.cli import main

    # `--env-f` is an abbreviation of --env-file that the scan does not know takes a value
    assert main(["--env-f", os.devnull, "config"]) == 0


def test_the_data_index_validates_once_then_reads_back(tmp_path: Path) -> None:
    from tutor.data_index import index_dir, load_validated
    from tutor.tools.symbols import SymbolTable

    first = load_validated("tutor.data", "symbols.json", SymbolTable)
    files = list(index_dir().glob("symbols.json.*.pickle"))
    assert len(files) == 1
    if os.name == "posix":
        assert files[0].stat().st_mode & 0o777 == 0o600
    second = load_validated("tutor.data", "symbols.json", SymbolTable)
    assert second == first and second is not first
    files[0].write_bytes(b"not a pickle")  # damaged: validated again and rewritten
    assert load_validated("tutor.data", "symbols.json", SymbolTable) == first
    files[0].chmod(0o666)  # writable by others: not trusted
    assert load_validated("tutor.data", "symbols.json", SymbolTable) == first


def test_help_is_kept_and_reprinted_without_argparse(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from tutor.cli import main

    assert main(["--help"]) == 0
    first = capsys.readouterr().out
    assert "commands:" in first and "diary" in first
    kept = list((tmp_path / "cache" / "index").glob("help-*.txt"))
    assert len(kept) == 1
    assert main(["-h"]) == 0
    assert capsys.readouterr().out == first
    code = "from tutor.cli import main\nmain(['--help'])"
    loaded = loaded_after(code)
    assert "argparse" not in loaded and "typing" not in loaded and "pathlib" not in loaded


def test_built_in_macros_are_tokenized_only_when_a_formula_uses_them() -> None:
    probe = (
        "from tutor.latex.macros import dlbook_macros\n"
        "from tutor.tools.symbols import lookup_symbol\n"
        "lookup_symbol('\\\\nabla_\\\\theta')\n"
        "print(sorted(n for n, m in dlbook_macros().items() if m.tokenized))\n"
        "lookup_symbol('\\\\va + \\\\vx')\n"
        "print(sorted(n for n, m in dlbook_macros().items() if m.tokenized))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout.splitlines()
    assert out == ["[]", "['va', 'vx']"]


def test_every_built_in_macro_tokenizes() -> None:
    from tutor.latex.macros import dlbook_macros
    from tutor.latex.tokens import Macro, tokenize

    macros = dlbook_macros()
    assert len(macros) > 400
    for macro in macros.values():
        assert macro.body == tokenize(macro._source)
        assert macro == Macro(macro.nargs, list(macro.body))


def test_symbol_reads_the_data_index_without_pathlib(tmp_path: Path) -> None:
    home = json.dumps(str(tmp_path))
    code = (
        f"import os\nos.environ['TUTOR_HOME'] = {home}\n"
        "from tutor.tools.symbols import lookup_symbol\n"
        "lookup_symbol('x')"
    )
    loaded_after(code)  # the first start validates and writes the index
    assert "pathlib" not in loaded_after(code)


@pytest.mark.parametrize(
    "argv",
    [
        ["symbol", "\\nabla_\\theta"],
        ["symbol", "--json", "x"],
        ["symbol", "x", "--json"],
        ["symbol", ""],
        ["explain", "x^2"],
        ["explain", "--no-run", "\\sum_i x_i"],
        ["explain", "x", "--json", "--no-run"],
    ],
)
def test_the_plain_symbol_command_reads_as_argparse_would(argv: list[str]) -> None:
    from tutor.cli import _plain_symbol

    fast = _plain_symbol(argv)
    assert fast is not None
    assert vars(fast) == vars(build_parser(argv).parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [
        ["symbol"],
        ["symbol", "-h"],
        ["symbol", "--json", "--json", "x"],
        ["symbol", "x", "y"],
        ["symbol", "-x"],
        ["--lang", "ja", "symbol", "x"],
        ["symbol", "x", "--no-run"],
        ["explain"],
        ["explain", "--no-run", "--no-run", "x"],
        ["explain", "-h"],
        ["explain", "x", "y"],
    ],
)
def test_anything_else_goes_to_argparse(argv: list[str]) -> None:
    from tutor.cli import _plain_symbol

    assert _plain_symbol(argv) is None


def test_a_plain_symbol_lookup_imports_no_argparse(tmp_path: Path) -> None:
    home = json.dumps(str(tmp_path))
    code = (
        f"import os\nos.environ['TUTOR_HOME'] = {home}\n"
        "from tutor.cli import main\nmain(['symbol', '\\\\nabla_\\\\theta'])"
    )
    assert "argparse" not in loaded_after(code)


def test_derived_data_is_built_once_then_read_back_and_rebuilt_when_its_sources_change(
    tmp_path: Path,
) -> None:
    from tutor.data_index import index_dir, load_derived

    built: list[int] = []

    def build() -> dict[str, int]:
        built.append(1)
        return {"forms": len(built)}

    assert load_derived("thing", [b"data", b"code"], build) == {"forms": 1}
    assert load_derived("thing", [b"data", b"code"], build) == {"forms": 1}
    assert len(built) == 1  # the second came from the index
    assert load_derived("thing", [b"data", b"code v2"], build) == {"forms": 2}
    assert len(list(index_dir().glob("thing.*.pickle"))) == 1  # the stale one is gone
    only = next(index_dir().glob("thing.*.pickle"))
    only.write_bytes(b"damaged")
    assert load_derived("thing", [b"data", b"code v2"], build) == {"forms": 3}


def test_the_formula_bank_index_matches_a_fresh_build() -> None:
    from tutor.offline import bank

    bank._bank.cache_clear()
    first = bank._bank()  # built and kept
    bank._bank.cache_clear()
    again = bank._bank()  # read back
    fresh = bank._build_bank()
    assert [e.forms for e in again[0]] == [e.forms for e in fresh[0]]
    assert [e.formula.id for e in first[0]] == [e.formula.id for e in fresh[0]]
    assert again[1].keys() == fresh[1].keys()


def test_symbol_reads_no_settings_loader_decimal_or_pathlib(tmp_path: Path) -> None:
    home = json.dumps(str(tmp_path))
    code = (
        f"import os\nos.environ['TUTOR_HOME'] = {home}\n"
        "from tutor.cli import main\nmain(['symbol', '\\\\nabla_\\\\theta'])"
    )
    loaded_after(code)  # the first start writes the index
    loaded = loaded_after(code)
    assert [m for m in ("tutor.config", "decimal", "pathlib", "argparse") if m in loaded] == []


def test_the_latex_tree_behaves_as_the_dataclasses_did() -> None:
    import copy
    import pickle

    from tutor.latex.tree import Command, Environment, Scripts, Sym

    x = Sym(0, "x", "letter")
    assert x == Sym(pos=0, text="x", kind="letter") and x != Sym(0, "y", "letter")
    assert repr(x) == "Sym(pos=0, text='x', kind='letter')"
    assert Scripts(1, x) == Scripts(1, x, None, None, 0)
    assert Command(2, "hat", [[x]]).optional is None and Environment(3, "pmatrix").rows == []
    tree = Scripts(1, x, sub=[Command(2, "hat", [[x]])])
    assert pickle.loads(pickle.dumps(tree)) == tree == copy.deepcopy(tree)
    with pytest.raises(TypeError):
        hash(x)
    assert x.__eq__(object()) is NotImplemented


@pytest.mark.parametrize(
    ("environment", "env_file", "user_env", "expected"),
    [
        ({}, None, None, "en"),
        ({"TUTOR_LANG": "ja"}, None, "TUTOR_LANG=en\n", "ja"),
        ({"TUTOR_LANG": "  "}, None, "export TUTOR_LANG='ja' # mine\n", "ja"),
        ({}, "TUTOR_LANG=ja\n", "TUTOR_LANG=en\n", "ja"),
        ({}, "TUTOR_LANG=\n", "TUTOR_LANG=ja\n", "ja"),
        ({"TUTOR_LANG": "fr"}, None, None, None),  # the loader says why
        ({}, None, "TUTOR_LANG=de\n", None),
        ({}, "missing", None, None),  # a named file that is not there
        ({}, b"TUTOR_LANG=\xff\n", None, None),  # not UTF-8
    ],
)
def test_the_light_language_is_the_loaders_or_none(
    environment: dict[str, str],
    env_file: str | bytes | None,
    user_env: str | None,
    expected: str | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tutor.config import load_settings
    from tutor.envfile import light_lang
    from tutor.errors import ConfigError

    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    if user_env is not None:
        (tmp_path / "config").mkdir(exist_ok=True)
        (tmp_path / "config" / ".env").write_text(user_env)
    named = None
    if env_file is not None:
        named = str(tmp_path / "named.env")
        if env_file != "missing":
            data = env_file if isinstance(env_file, bytes) else env_file.encode()
            Path(named).write_bytes(data)
    assert light_lang(named) == expected
    if expected is None:
        with pytest.raises(ConfigError):
            load_settings(env_file=named)
    else:
        assert load_settings(env_file=named).lang == expected


def test_run_leaves_numpy_and_pydantic_to_the_sandbox_server(tmp_path: Path) -> None:
    home = json.dumps(str(tmp_path))
    code = (
        f"import os\nos.environ['TUTOR_HOME'] = {home}\n"
        "from tutor.cli import main\nmain(['run', '1 + 1'])"
    )
    loaded = loaded_after(code)
    heavy = ["pydantic", "numpy", "rich", "asyncio", "textual", "httpx", "google.genai"]
    assert [name for name in heavy if name in loaded] == []


def test_explain_without_a_run_loads_no_sandbox_client(tmp_path: Path) -> None:
    home = json.dumps(str(tmp_path))
    code = (
        f"import os\nos.environ['TUTOR_HOME'] = {home}\n"
        "from tutor.cli import main\nmain(['explain', '--no-run', 'x_i'])"
    )
    loaded = loaded_after(code)
    assert [m for m in ("tutor.sandbox.client", "tutor.sandbox.warm", "numpy") if m in loaded] == []


@pytest.mark.parametrize(
    "argv",
    [["spend"], ["spend", "--json"], ["config"], ["config", "--json"], ["symbol", "x"]],
)
def test_the_plain_commands_read_as_argparse_would(argv: list[str]) -> None:
    from tutor.cli import _plain_command

    fast = _plain_command(argv)
    assert fast is not None
    assert vars(fast) == vars(build_parser(argv).parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["spend", "-h"],
        ["spend", "--json", "--json"],
        ["spend", "x"],
        ["config", "--js"],
        ["--lang", "ja", "spend"],
        ["--offline", "config"],
        ["progress"],
    ],
)
def test_other_command_lines_go_to_argparse(argv: list[str]) -> None:
    from tutor.cli import _plain_command

    assert _plain_command(argv) is None


@pytest.mark.parametrize("argv", [["spend"], ["config", "--json"]])
def test_spend_and_config_import_no_argparse(argv: list[str], tmp_path: Path) -> None:
    home = json.dumps(str(tmp_path))
    code = (
        f"import os\nos.environ['TUTOR_HOME'] = {home}\nfrom tutor.cli import main\nmain({argv!r})"
    )
    loaded = loaded_after(code)
    assert [m for m in ("argparse", "gettext", "locale") if m in loaded] == []


def test_the_plain_symbol_classes_validate_and_dump_inside_pydantic_models() -> None:
    from pydantic import BaseModel, ValidationError

    from tutor.notation.symbols import Bilingual, SymbolItem

    class Holder(BaseModel):
        name: Bilingual
        items: list[SymbolItem] = []

    read = Bilingual("x", "エックス")
    held = Holder(name={"en": "a", "ja": "b"}, items=[SymbolItem("x", True, "symbol", read=read)])
    assert held.name == Bilingual("a", "b") and held.items[0].read is read
    dumped = held.model_dump()
    assert dumped["items"][0]["read"] == {"en": "x", "ja": "エックス"}
    assert dumped["items"][0]["suggestions"] == [] and dumped["items"][0]["meaning"] is None
    assert Holder.model_validate_json(held.model_dump_json()) == held
    with pytest.raises(ValidationError):
        Holder(name={"en": "", "ja": "b"})
    with pytest.raises(ValidationError):
        Holder(name={"en": "a", "ja": "b"}, items=[{"latex": "x", "known": True, "kind": "?"}])
