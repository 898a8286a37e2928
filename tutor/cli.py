"""One-shot commands over the same engine as the TUI.

Imports are lazy: `tutor --help` and `tutor symbol` must not pay for google-genai,
textual, numpy or pydantic-settings. Every failure is one line on stderr:

    exit 0    done
    exit 1    a `TutorError` (bad input, settings, storage, network, budget) or a local
              storage failure that escaped its store
    exit 2    bad command-line usage (argparse), or the TUI without a terminal
    exit 130  interrupted (ctrl+c)
    exit 141  the reader of our output went away (`tutor … | head -1`): no message
"""

from __future__ import annotations

import sys

from tutor.errors import TutorError

# Only what `tutor --help` needs is imported here (not even typing or argparse): mypy
# treats this name as true, Python never imports the block.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence
    from typing import Any

    from tutor.config import Settings
    from tutor.engine import Engine

    Handler = Callable[[argparse.Namespace], int]


def _settings(args: argparse.Namespace) -> Settings:
    from tutor.config import load_settings

    overrides: dict[str, Any] = {}
    if getattr(args, "lang", None):
        overrides["TUTOR_LANG"] = args.lang
    if getattr(args, "offline", False):
        overrides["TUTOR_OFFLINE"] = True
    return load_settings(env_file=getattr(args, "env_file", None), **overrides)


def _engine(args: argparse.Namespace) -> Engine:
    from tutor.engine import Engine

    return Engine(_settings(args))


def _read_text_arg(value: str | None, what: str) -> str:
    if value and value != "-":
        return value
    if sys.stdin is None or (sys.stdin.isatty() and value != "-"):
        raise TutorError(f"no {what} given: pass it as an argument or on stdin")
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:
        text = sys.stdin.read()
    else:
        data = buffer.read()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise TutorError(
                f"the {what} on stdin is not UTF-8 text (byte {exc.start}); convert it, "
                "e.g. with iconv -t UTF-8"
            ) from None
    if not text.strip():
        raise TutorError(f"no {what} given: stdin was empty")
    return text


def _print_json(data: Any) -> None:
    import json

    from tutor.sanitize import escape_json

    print(escape_json(json.dumps(data, ensure_ascii=False, indent=2, default=str)))


def cmd_ask(args: argparse.Namespace) -> int:
    from tutor.render import AnswerPrinter

    question = _read_text_arg(" ".join(args.question) if args.question else None, "question")
    engine = _engine(args)
    printer = AnswerPrinter(json_mode=args.json, stream=sys.stdout, lang=engine.settings.lang)

    async def run() -> None:
        async with engine:  # the SDK client closes inside the loop that used it
            async for event in engine.ask(question, use_cache=not args.no_cache):
                printer.handle(event)

    import asyncio

    try:
        asyncio.run(run())
    finally:
        printer.close()
        engine.close()
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    if not args.no_run:
        from tutor.sandbox.launch import prestart

        prestart(warm_server=True)  # the warm server, or one starting on the other core
    from tutor.offline.explain import explain_formula
    from tutor.render import print_markdown

    formula = _read_text_arg(args.formula, "formula")
    settings = _settings(args)
    explanation = explain_formula(
        formula, lang=settings.lang, run=not args.no_run, settings=settings
    )
    if args.json:
        _print_json(explanation.model_dump(mode="json"))
    else:
        print_markdown(explanation.to_markdown(settings.lang))
    return 1 if explanation.error else 0  # an unreadable formula is a failure to scripts


def cmd_symbol(args: argparse.Namespace) -> int:
    from tutor.envfile import light_lang
    from tutor.render import print_markdown
    from tutor.tools.symbols import lookup_symbol

    result = lookup_symbol(_read_text_arg(args.latex, "symbol"))
    # the language alone: no settings loader unless the files need its one-line errors
    lang = args.lang or light_lang(getattr(args, "env_file", None)) or _settings(args).lang
    if args.json:
        _print_json(result.model_dump(mode="json"))
    else:
        print_markdown(result.to_markdown(lang))
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from tutor.sandbox.launch import prestart

    kernel = not args.unsafe_no_kernel_sandbox
    prestart(kernel=kernel, warm_server=True)  # a warm server, or one importing NumPy meanwhile
    code = _read_text_arg(args.code, "code")
    settings = _settings(args)
    from tutor.render import print_markdown
    from tutor.sandbox.client import run_checked  # no pydantic model: start-up stays short

    if not kernel:
        print(
            "tutor: running WITHOUT the kernel sandbox (Python-level checks only)", file=sys.stderr
        )
    result = run_checked(
        code,
        timeout_s=settings.sandbox_timeout_s,
        memory_mb=settings.sandbox_memory_mb,
        kernel=kernel,
    )
    if args.json:
        _print_json(result.to_dict())
    else:
        print_markdown(result.to_markdown())
    return 0 if result.ok else 1


def cmd_doctor(args: argparse.Namespace) -> int:
    from tutor.messages import t
    from tutor.sandbox.client import sandbox

    lang = "en" if args.json else _error_lang()  # --json keeps its English details
    layers = sandbox().layers()
    layers["audit hook"] = (True, t("doctor.audit_hook", lang))
    layers["AST check"] = (True, t("doctor.ast_check", lang))
    if args.json:
        _print_json({name: {"active": on, "detail": why} for name, (on, why) in layers.items()})
    else:
        for name, (on, why) in layers.items():
            print(f"{t('doctor.on' if on else 'doctor.off', lang)}  {name:<12} {why}")
    wall = any(layers.get(name, (False, ""))[0] for name in ("seccomp", "seatbelt"))
    if not wall:
        print(t("cli.error", lang, error=t("doctor.unavailable", lang)), file=sys.stderr)
    return 0 if wall else 1


def cmd_arxiv(args: argparse.Namespace) -> int:
    from tutor.render import print_markdown
    from tutor.tools.arxiv import fetch_arxiv, search_arxiv, write_note

    settings = _settings(args)
    if args.search:
        found = search_arxiv(" ".join(args.target), max_results=args.max, settings=settings)
        if args.json:
            _print_json(found.model_dump(mode="json"))
        else:
            print_markdown(found.to_markdown())
        return 0
    if not args.target:
        raise TutorError("arxiv: give an arXiv id (e.g. 1706.03762) or --search WORDS")
    paper = fetch_arxiv(args.target[0], settings=settings)
    if args.json:
        _print_json(paper.model_dump(mode="json"))
    else:
        print_markdown(paper.to_markdown())
    if args.note:
        import asyncio

        engine = _engine(args)

        async def fill() -> tuple[Any, str]:
            async with engine:  # the SDK client closes inside the loop that used it
                return await engine.reading_note(paper)

        try:
            note, filled_by = asyncio.run(fill())
        finally:
            engine.close()
        path = write_note(paper, settings=settings, note=note, filled_by=filled_by)
        from tutor.messages import t

        print(t("cli.note_written", settings.lang, by=filled_by, path=path))
    return 0


def cmd_cache(args: argparse.Namespace) -> int:
    from tutor.messages import t

    engine = _engine(args)
    lang = engine.settings.lang
    try:
        if args.action == "clear":
            print(t("note.cache_cleared", lang, n=engine.cache.clear()))
        else:
            stats = engine.cache.stats()
            kib = f"{stats.size_bytes / 1024:.1f}"
            print(t("cli.cache_stats", lang, n=stats.entries, kib=kib, directory=stats.directory))
    finally:
        engine.close()
    return 0


def cmd_spend(args: argparse.Namespace) -> int:
    from tutor.render import format_spend
    from tutor.spend import read_summary  # the ledger alone: no engine, SDK or pydantic

    settings = _settings(args)
    summary = read_summary(settings)
    if args.json:
        _print_json(
            {
                "today_usd": str(summary.today),
                "month_usd": str(summary.month),
                "daily_budget_usd": str(summary.daily_budget),
                "monthly_budget_usd": str(summary.monthly_budget),
                "by_model_today": {k: str(v) for k, v in summary.by_model_today.items()},
                "by_model_month": {k: str(v) for k, v in summary.by_model_month.items()},
                "tier": summary.tier,
                "requests_today": summary.requests_today,
                "requests_last_minute": summary.requests_last_minute,
                "free_rpm": summary.free_rpm,
                "free_rpd": summary.free_rpd,
                "future_calls": summary.future_calls,
            }
        )
    else:
        print(format_spend(summary, settings.lang))
    return 0


def cmd_models(args: argparse.Namespace) -> int:
    import asyncio
    from datetime import UTC, datetime

    from tutor.engine import Engine
    from tutor.spend import models_report

    settings = _settings(args)

    async def run() -> tuple[list[str], str | None, str | None]:
        served = None
        problem = None
        async with Engine(settings) as engine:
            if settings.has_key and not settings.offline:
                try:
                    served = await engine.served_models()
                except TutorError as exc:
                    problem = str(exc)
            today = datetime.now(UTC).date()
            return (
                models_report(engine.prices, settings.model, today, served),
                (engine.startup_notice(settings.lang)),
                problem,
            )

    lines, notice, problem = asyncio.run(run())
    print("\n".join(lines))
    if notice:
        print(notice)
    if problem:
        from tutor.messages import t

        print(t("cli.models_unreachable", settings.lang, problem=problem))
    return 0


def cmd_config(args: argparse.Namespace) -> int:
    from tutor.config import config_dir

    settings = _settings(args)
    shown, origins = settings.redacted(), settings.origins()
    if args.json:
        _print_json({"settings": shown, "sources": origins})
    else:
        width = max(map(len, shown))
        value_width = min(40, max(map(len, shown.values())))
        for name, value in shown.items():
            print(f"{name:<{width}}  {value:<{value_width}}  ({origins[name]})")
        print(f"\nyour own settings file: {config_dir() / '.env'}")
    from tutor.config import model_warning

    warning = model_warning(settings)
    if warning:
        _say(warning, error=False)
    return 0


def cmd_repair(args: argparse.Namespace) -> int:
    from tutor.db import check_database, move_aside
    from tutor.messages import t

    settings = _settings(args)
    home, lang = settings.data_dir, settings.lang
    damaged = 0
    for path in sorted(home.glob("*.sqlite3")) + sorted(home.glob("*/cache.db")):
        if ".corrupt-" in str(path.relative_to(home)):
            continue  # moved aside earlier
        problem = check_database(path)
        if problem is None:
            continue
        damaged += 1
        target = path.parent if path.name == "cache.db" else path  # a cache: the whole dir
        moved = move_aside(target)
        print(t("cli.repair_moved", lang, name=target.name, problem=problem, moved=moved.name))
    if not damaged:
        print(t("cli.repair_sound", lang, home=home))
    return 0


def cmd_diary(args: argparse.Namespace) -> int:
    from tutor.diary.cli import run_diary

    return run_diary(args, _settings(args))


def cmd_papers(args: argparse.Namespace) -> int:
    from tutor.papers.cli import run_papers

    return run_papers(args, _settings(args))


def cmd_anki(args: argparse.Namespace) -> int:
    from tutor.anki import run_anki

    return run_anki(args.action, args.file, _settings(args))


def cmd_progress(args: argparse.Namespace) -> int:
    from tutor.progress import run_progress

    return run_progress(_settings(args), as_json=args.json)


def cmd_serve(args: argparse.Namespace) -> int:
    from tutor.serve import serve

    return serve(
        host=args.host,
        port=args.port,
        allow_remote=args.allow_remote,
        offline=bool(args.offline),
        lang=args.lang,
    )


def _on_a_terminal() -> bool:
    """Both ends of the TUI are a terminal (not a file, a pipe or /dev/null), or a driver
    that needs none draws it (textual-serve's web driver for `tutor serve`)."""
    import os

    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    try:
        return bool(sys.stdin and sys.stdin.isatty() and sys.stdout and sys.stdout.isatty())
    except (AttributeError, ValueError, OSError):  # closed or replaced streams
        return False


def cmd_tui(args: argparse.Namespace) -> int:
    if not _on_a_terminal():
        _say(
            "the TUI needs a terminal on stdin and stdout; for one-shot commands see `tutor --help`"
        )
        return 2
    from tutor.ui.app import run_app

    run_app(_settings(args))
    return 0


class _FullParserNeeded(Exception):
    """A command was dispatched to a parser that was never built (see `_Deferred`)."""


class _Deferred:
    """Stands in for the parser of a command that is not being run: every call is a no-op.

    Building all subcommand parsers costs more than Python's own start-up, and only the
    chosen command needs its arguments; `tutor --help` lists commands from their help
    text alone. Code that adds a command stays the same: `x = add(...)`,
    `x.add_argument(...)`, `x.add_subparsers(...)` all work on a `_Deferred`."""

    def __init__(self, *_: object, **__: object) -> None:
        pass

    def __getattr__(self, name: str) -> Callable[..., _Deferred]:
        if name.startswith("parse_"):
            raise _FullParserNeeded(name)
        return _Deferred


_GLOBAL_OPTIONS_WITH_VALUES = ("--lang", "--env-file")


def _plain_symbol(argv: Sequence[str]) -> argparse.Namespace | None:
    """`tutor symbol LATEX` and `tutor explain LATEX` (with `--json`, and `--no-run` for
    explain), read without argparse, whose import and parser cost a noticeable share of
    these commands' start-up. Anything else (other options, `-h`, a repeated flag, a
    formula starting with `-`, none at all) returns None: argparse reads it."""
    if not argv or argv[0] not in ("symbol", "explain"):
        return None
    flags = {"--json"} | ({"--no-run"} if argv[0] == "explain" else set())
    given = [word for word in argv[1:] if word in flags]
    rest = [word for word in argv[1:] if word not in flags]
    if len(rest) != 1 or rest[0].startswith("-") or len(given) != len(set(given)):
        return None
    from types import SimpleNamespace

    fields = {"lang": None, "offline": False, "env_file": None, "json": "--json" in given}
    if argv[0] == "symbol":
        namespace = SimpleNamespace(**fields, handler=cmd_symbol, latex=rest[0])
    else:
        namespace = SimpleNamespace(
            **fields, handler=cmd_explain, formula=rest[0], no_run="--no-run" in given
        )
    return namespace  # type: ignore[return-value]  # the attributes argparse would set


def _plain_command(argv: Sequence[str]) -> argparse.Namespace | None:
    """`tutor spend` and `tutor config`, alone or with `--json`, read without argparse (its
    import, its parser, and the gettext and locale imports and lookups its parse makes are
    a few milliseconds of these short commands); anything else returns None."""
    handler = {"spend": cmd_spend, "config": cmd_config}.get(argv[0]) if argv else None
    if handler is None or list(argv[1:]) not in ([], ["--json"]):
        return _plain_symbol(argv)
    from types import SimpleNamespace

    fields = {"lang": None, "offline": False, "env_file": None, "handler": handler}
    return SimpleNamespace(**fields, json=len(argv) == 2)  # type: ignore[return-value]


def _chosen_command(argv: Sequence[str]) -> str | None:
    """The command argparse will pick: the first word that is not an option or its value."""
    words = iter(argv)
    for word in words:
        if word == "--":
            return next(words, None)
        if word.startswith("-"):
            if "=" not in word and any(o.startswith(word) for o in _GLOBAL_OPTIONS_WITH_VALUES):
                next(words, None)
            continue
        return word
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with `argv`, only the command it names gets its own arguments."""
    import argparse

    chosen = None if argv is None else _chosen_command(argv)

    def formatter(prog: str) -> argparse.HelpFormatter:
        # argparse's own default asks shutil, whose import costs more than this parser
        return argparse.HelpFormatter(prog, width=_help_width() - 2)

    parser = argparse.ArgumentParser(
        formatter_class=formatter,
        prog="tutor",
        description="A study assistant for the mathematics of machine learning. "
        "With no command, opens the TUI.",
    )
    parser.add_argument("--lang", choices=["en", "ja"], help="answer language (TUTOR_LANG)")
    parser.add_argument("--offline", action="store_true", help="never call Gemini")
    parser.add_argument(
        "--env-file",
        metavar="PATH",
        help="also read settings from this .env file (TUTOR_ENV_FILE); a .env in the "
        "current directory is never read unless named here",
    )
    parser.set_defaults(handler=cmd_tui)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    def add(
        name: str, handler: Handler, help_text: str, *, json_flag: bool = True
    ) -> argparse.ArgumentParser:
        real_class = sub._parser_class
        if argv is not None and name != chosen:
            sub._parser_class = _Deferred  # type: ignore[assignment]
        try:
            command = sub.add_parser(
                name, help=help_text, description=help_text, formatter_class=formatter
            )
        finally:
            sub._parser_class = real_class
        command.set_defaults(handler=handler)
        if json_flag:
            command.add_argument("--json", action="store_true", help="print one JSON object")
        return command

    ask = add("ask", cmd_ask, "ask a question (streams the answer)")
    ask.add_argument("question", nargs="*", help="the question (or stdin)")
    ask.add_argument("--no-cache", action="store_true", help="do not use the answer cache")

    explain = add("explain", cmd_explain, "explain a LaTeX formula, offline")
    explain.add_argument("formula", nargs="?", help="the formula (or stdin)")
    explain.add_argument("--no-run", action="store_true", help="do not run the NumPy")

    symbol = add("symbol", cmd_symbol, "look up LaTeX symbols: reading, meaning, NumPy")
    symbol.add_argument("latex", nargs="?", help="a symbol or a whole formula")

    run = add("run", cmd_run, "run a small NumPy program in the sandbox")
    run.add_argument("code", nargs="?", help="Python using numpy as np and math (or stdin)")
    run.add_argument(
        "--unsafe-no-kernel-sandbox",
        action="store_true",
        help="run even where the kernel sandbox (seccomp, Seatbelt) is missing: "
        "only Python-level checks then stand between the code and your files",
    )
    add("doctor", cmd_doctor, "which sandbox layers are active on this system, and why not")

    arxiv = add("arxiv", cmd_arxiv, "fetch a paper's metadata by id, or search arXiv")
    arxiv.add_argument("target", nargs="*", help="an arXiv id or URL, or search words")
    arxiv.add_argument("--search", action="store_true", help="search instead of fetching")
    arxiv.add_argument("--max", type=int, default=10, help="search results to show")
    arxiv.add_argument("--note", action="store_true", help="write a first-pass reading note")

    cache = add("cache", cmd_cache, "answer cache: stats or clear", json_flag=False)
    cache.add_argument("action", choices=["stats", "clear"])

    add("spend", cmd_spend, "today's and this month's spend against the budgets")
    add("config", cmd_config, "the resolved settings, where each came from (key redacted)")
    add(
        "models",
        cmd_models,
        "Gemini models: prices, status, which ones your key can use",
        json_flag=False,
    )
    add(
        "repair",
        cmd_repair,
        "move damaged stores aside (kept, renamed) so fresh ones start",
        json_flag=False,
    )

    diary = add(
        "diary", cmd_diary, "the formula diary: today, add, review, quiz, export", json_flag=False
    )
    diary.add_argument(
        "action",
        nargs="?",
        default="today",
        choices=["today", "write", "edit", "add", "review", "streak", "list", "export", "quiz"],
    )
    diary.add_argument(
        "value",
        nargs="?",
        help="add: a formula or a reading note; edit: an entry number; export: a directory; "
        "quiz: symbol, latex or numpy",
    )

    diary.add_argument(
        "--from-paper", metavar="ID", help="add: the key equation of a paper on the reading list"
    )

    papers = add("papers", cmd_papers, "the reading list: add, import, next, advance a pass")
    papers.add_argument(
        "action",
        nargs="?",
        default="list",
        choices=["list", "add", "import", "next", "advance", "note", "fetch", "tag"],
    )
    papers.add_argument("args", nargs="*", help="arXiv ids, or the file to import")
    papers.add_argument("--status", help="list: to-read, pass 1, pass 2, pass 3 or done")
    papers.add_argument("--tag", action="append", help="add/import/tag: a tag; list: filter")
    papers.add_argument("--pass", dest="pass_number", type=int, choices=[1, 2, 3])

    anki = add("anki", cmd_anki, "export the diary as an Anki deck (.apkg)", json_flag=False)
    anki.add_argument("action", choices=["export"])
    anki.add_argument("file", help="the deck file, e.g. tutor.apkg")

    add("progress", cmd_progress, "formulas per week, streak, retention, papers, spend")

    serve = add("serve", cmd_serve, "the TUI in a browser (textual-serve)", json_flag=False)
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (loopback only)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--allow-remote", action="store_true", help="allow a non-loopback --host (no auth!)"
    )

    add("tui", cmd_tui, "open the TUI (the default)", json_flag=False)
    return parser


def _say(line: str, *, error: bool = True) -> None:
    from contextlib import suppress

    from tutor.sanitize import one_line

    text = f"tutor: {one_line(line)}"
    if error and _error_lang() == "ja":
        from tutor.messages import t

        text = t("cli.error", "ja", error=one_line(line))
    with suppress(OSError, ValueError):  # stderr closed too: nothing left to tell
        print(text, file=sys.stderr)


def _error_lang() -> str:
    """The language for an error line, without loading settings (they may be the error):
    `--lang` on the command line, else TUTOR_LANG in the environment."""
    import os

    words = sys.argv[1:] if _ARGUMENTS is None else _ARGUMENTS
    for i, word in enumerate(words):
        if word == "--":
            break
        if word.startswith("--lang="):
            return word.partition("=")[2]
        if word == "--lang" and i + 1 < len(words):
            return words[i + 1]
    return os.environ.get("TUTOR_LANG", "").strip()


_ARGUMENTS: list[str] | None = None  # what main() was given, for `_error_lang`


def _quiet_stdout() -> None:
    """The reader went away: send the rest (and the interpreter's last flush) nowhere."""
    import os
    from contextlib import suppress

    with suppress(OSError, ValueError, AttributeError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _help_width() -> int:
    """The width argparse will wrap help to (its `shutil.get_terminal_size` rule)."""
    import os

    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def _print_help() -> None:
    """`tutor --help`, from a copy kept in the cache directory for this version of this
    file and this width: the text argparse wrote last time, without importing argparse
    (or pathlib, or typing)."""
    import os

    import tutor
    from tutor.paths import index_dir

    width = _help_width()
    source = os.stat(__file__)
    name = f"help-{tutor.__version__}-{source.st_mtime_ns}-{source.st_size}-{width}.txt"
    path = os.path.join(index_dir(), name)
    try:
        info = os.stat(path)
        if os.name != "posix" or (info.st_uid == os.getuid() and not info.st_mode & 0o022):
            with open(path, encoding="utf-8") as cached:
                sys.stdout.write(cached.read())
            return
    except (OSError, UnicodeDecodeError):
        pass  # not there yet (or unreadable): argparse writes it
    text = build_parser().format_help()
    sys.stdout.write(text)
    _keep_help(path, text)


def _keep_help(path: str, text: str) -> None:
    import os
    from contextlib import suppress

    with suppress(OSError):
        folder = os.path.dirname(path)
        os.makedirs(folder, mode=0o700, exist_ok=True)
        for old in os.listdir(folder):
            if old.startswith("help-") and old.endswith(".txt"):
                os.unlink(os.path.join(folder, old))
        temporary = f"{path}.{os.getpid()}.tmp"
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        arguments = sys.argv[1:] if argv is None else list(argv)
        global _ARGUMENTS
        _ARGUMENTS = arguments
        if arguments in (["--help"], ["-h"]):
            _print_help()
            return 0
        try:
            args = _plain_command(arguments) or build_parser(arguments).parse_args(arguments)
        except _FullParserNeeded:  # argparse chose differently from `_chosen_command`
            args = build_parser().parse_args(arguments)
        return _run_cleaned(args)
    except TutorError as exc:
        _say(str(exc))
        return 1
    except KeyboardInterrupt:
        _say("interrupted", error=False)
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return 141
    except EOFError:
        _say("no more input (end of file)")
        return 1
    except Exception as exc:
        return _unexpected(exc)


# Commands that own the whole terminal (Textual writes its own escape codes).
_FULL_SCREEN = ("cmd_tui", "cmd_serve")


def _run_cleaned(args: argparse.Namespace) -> int:
    """Run the command with stdout and stderr passed through the terminal sanitiser."""
    if getattr(args.handler, "__name__", "") in _FULL_SCREEN:
        return int(args.handler(args))
    from tutor.sanitize import CleanStream

    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = CleanStream(out), CleanStream(err)  # type: ignore[assignment]
    try:
        return int(args.handler(args))
    finally:
        sys.stdout, sys.stderr = out, err


def _unexpected(exc: Exception) -> int:
    """Last resort: storage failures that escaped their store, then anything else."""
    import os

    sqlite3 = sys.modules.get("sqlite3")
    if isinstance(exc, OSError) or (sqlite3 is not None and isinstance(exc, sqlite3.Error)):
        from tutor.db import map_error

        _say(str(map_error(exc, "a local store", getattr(exc, "filename", None))))
        return 1
    if os.environ.get("TUTOR_DEBUG"):
        raise exc
    _say(f"unexpected error: {type(exc).__name__}: {exc} (TUTOR_DEBUG=1 shows where)")
    return 1
