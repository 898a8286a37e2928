"""Benchmarks with medians (and p95 where it matters). Not part of the tests.

    python bench/run.py            # everything
    python bench/run.py startup    # one group: startup, cache, sandbox, explain, tui,
                                   # tui-session (200 turns, a few minutes), badinput

Machines are noisy: compare numbers from the same run, never assert on them.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def report(label: str, samples: list[float]) -> None:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    print(
        f"  {label:<44} median {statistics.median(samples) * 1000:9.2f} ms"
        f"   p95 {p95 * 1000:9.2f} ms   (n={len(samples)})"
    )


def run_process(*argv: str, **extra_env: str) -> Callable[[], object]:
    env = {**os.environ, "TUTOR_HOME": tempfile.mkdtemp(prefix="tutor-bench-"), **extra_env}
    env.pop("GEMINI_API_KEY", None)
    env.pop("GOOGLE_API_KEY", None)
    # an installed tutor runs from bytecode (pip compiles it): so should the bench, even
    # where the shell sets PYTHONDONTWRITEBYTECODE (the first, warm-up run writes it)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return lambda: subprocess.run(argv, env=env, capture_output=True, check=True)


# the warm sandbox server the bench starts idles out a minute after the last round
WARM = {"TUTOR_SANDBOX_IDLE_S": "60"}
COLD = {"TUTOR_SANDBOX_IDLE_S": "0"}  # no warm server: the fork server started early only
SNIPPET = "x = np.arange(6.0).reshape(2, 3); x @ x.T"

# (label, tutor arguments, goal as a multiple of the baseline, the baseline, environment),
# from issue #13: `pass` is `python -c pass`, `numpy` is `python -c 'import numpy'`
STARTUP_GOALS: list[tuple[str, list[str], float | None, str, dict[str, str]]] = [
    ("tutor --help", ["--help"], 2.0, "pass", {}),
    ("tutor config", ["config"], 4.0, "pass", {}),
    ("tutor spend", ["spend"], 4.0, "pass", {}),
    ("tutor symbol '\\nabla_\\theta'", ["symbol", r"\nabla_\theta"], 4.0, "pass", {}),
    ("tutor explain --no-run", ["explain", "--no-run", r"\sum_i x_i"], 1.3, "numpy", {}),
    ("tutor explain (runs its NumPy)", ["explain", r"\sum_i x_i"], 1.3, "numpy", WARM),
    ("tutor run (warm server)", ["run", SNIPPET], 1.3, "numpy", WARM),
    ("tutor run (no warm server, early start)", ["run", SNIPPET], None, "numpy", COLD),
]


def bench_startup(rounds: int = 15) -> None:
    """Whole processes, piped, interleaved round by round with the baselines so that
    all see the same machine; medians and their ratio to the baseline."""
    print("start-up (whole process, piped; interleaved with the baselines)")
    python = sys.executable
    script = Path(python).parent / "tutor"  # what users run: the installed entry point
    tutor = [str(script)] if script.exists() else [python, "-m", "tutor"]
    print(f"  ({' '.join(tutor)} against {python} -c pass / -c 'import numpy')")
    # a data index of its own: other checkouts sharing the user's cache directory would
    # otherwise replace the formula bank's kept forms between rounds (a rebuild each time)
    private = {"TUTOR_CACHE_DIR": tempfile.mkdtemp(prefix="tutor-bench-cache-")}
    baselines = {
        "pass": run_process(python, "-c", "pass"),
        "numpy": run_process(python, "-c", "import numpy"),
        # not a goal: what `tutor explain` pays for pydantic before any work of its own
        "pydantic": run_process(python, "-c", "from pydantic import BaseModel"),
    }
    commands = [
        run_process(*tutor, *argv, **private, **env) for _, argv, _, _, env in STARTUP_GOALS
    ]
    for command in (*baselines.values(), *commands):
        command()  # warm the page cache, the data index and the warm sandbox server
    base: dict[str, list[float]] = {name: [] for name in baselines}
    samples: list[list[float]] = [[] for _ in commands]
    for _ in range(rounds):
        for name, baseline in baselines.items():
            base[name] += timed(baseline, 1)
        for command, into in zip(commands, samples, strict=True):
            into += timed(command, 1)
    report("python -c pass (baseline)", base["pass"])
    report("python -c 'import numpy' (baseline)", base["numpy"])
    report("python -c 'from pydantic import BaseModel'", base["pydantic"])
    pydantic = statistics.median(base["pydantic"]) / statistics.median(base["numpy"])
    print(f"  {'':<44} = {pydantic:5.2f}× numpy (for reference)")
    for (label, _, goal, against, _), taken in zip(STARTUP_GOALS, samples, strict=True):
        report(label, taken)
        ratio = statistics.median(taken) / statistics.median(base[against])
        verdict = (
            "" if goal is None else f"  goal ≤ {goal:g}×: {'met' if ratio <= goal else 'NOT met'}"
        )
        print(f"  {'':<44} = {ratio:5.2f}× {against}{verdict}")


def bench_cache() -> None:
    from tutor.config import load_settings
    from tutor.engine import Engine
    from tutor.events import FinalAnswer

    print("answer cache (in process)")
    os.environ["TUTOR_HOME"] = tempfile.mkdtemp(prefix="tutor-bench-")
    os.environ["GEMINI_API_KEY"] = "bench-key-not-used"
    engine = Engine(load_settings())
    key = engine.cache_key("why does softmax subtract the max?", "en")
    engine.cache.put(
        key,
        FinalAnswer(text="Because exp overflows. " * 40, source="gemini", model="gemini-2.5-flash"),
    )

    async def ask() -> None:
        async for _ in engine.ask("Why does softmax subtract the max?"):
            pass

    asyncio.run(ask())
    report("engine.ask() cache hit", timed(lambda: asyncio.run(ask()), 200))
    engine.close()


OLD_SANDBOX = "62b4280"  # the last commit before the kernel wall: the speed baseline


def _old_run_numpy() -> Callable[[str], object] | None:
    """run_numpy as it was before the kernel wall (from git), or None outside a checkout."""
    import importlib.util

    folder = Path(tempfile.mkdtemp(prefix="tutor-bench-old-"))
    for name in ("numpy_exec.py", "sandbox_server.py"):
        shown = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{OLD_SANDBOX}:tutor/tools/{name}"],
            capture_output=True,
        )
        if shown.returncode:
            return None
        (folder / name).write_bytes(shown.stdout)
    spec = importlib.util.spec_from_file_location("old_numpy_exec", folder / "numpy_exec.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["old_numpy_exec"] = module
    spec.loader.exec_module(module)
    return module.run_numpy  # type: ignore[no-any-return]


def bench_sandbox() -> None:
    from tutor.sandbox.client import SandboxServer
    from tutor.tools.numpy_exec import run_numpy

    print("NumPy sandbox (per snippet, warm server; interleaved)")
    code = "x = np.random.normal(size=(64, 64))\n(x @ x.T).trace()"
    unwalled = SandboxServer(kernel=False)
    old = _old_run_numpy()
    run_numpy(code)  # start the warm servers
    unwalled.run(code, timeout_s=5, memory_mb=1024)
    if old:
        old(code)
    walled: list[float] = []
    python_only: list[float] = []
    before: list[float] = []
    for _ in range(40):
        walled += timed(lambda: run_numpy(code), 1)
        python_only += timed(lambda: unwalled.run(code, timeout_s=5, memory_mb=1024), 1)
        if old:
            before += timed(lambda: old(code), 1)
    report("run_numpy, kernel wall (seccomp+landlock+netns)", walled)
    report("same server, kernel layers off", python_only)
    if before:
        report(f"run_numpy before the wall ({OLD_SANDBOX})", before)
        ratio = statistics.median(walled) / statistics.median(before)
        print(f"  {'ratio walled / before (goal <= 2.0)':<44} {ratio:9.2f}")
    unwalled.close()
    naive = [sys.executable, "-c", "import numpy as np\n" + code]
    report(
        "naive fresh `python -c` with numpy",
        timed(lambda: subprocess.run(naive, capture_output=True, check=True), 10),
    )
    start = time.perf_counter()
    from tutor.sandbox.client import sandbox

    late = sandbox().run(
        "import os, time\nos.close(3)\ntime.sleep(60)",
        timeout_s=1.0,
        memory_mb=1024,
        python_layers=False,
    )
    print(
        f"  {'closed pipe + sleep, 1 s deadline: answered':<44} "
        f"{(time.perf_counter() - start) * 1000:9.0f} ms   ({late.error_type})"
    )

    print("tutor run, whole process (interleaved, 10 each)")
    bare = run_process(sys.executable, "-c", "import numpy")
    tutor_run = run_process(sys.executable, "-m", "tutor", "run", "np.ones(3).sum()", **WARM)
    tutor_config = run_process(sys.executable, "-m", "tutor", "config")
    numpy_only: list[float] = []
    whole: list[float] = []
    config: list[float] = []
    for _ in range(10):
        numpy_only += timed(bare, 1)
        whole += timed(tutor_run, 1)
        config += timed(tutor_config, 1)
    report("python -c 'import numpy'", numpy_only)
    report("tutor run 'np.ones(3).sum()'", whole)
    report("tutor config (the same CLI imports, no NumPy)", config)
    ratio = statistics.median(whole) / statistics.median(numpy_only)
    print(f"  {'ratio tutor run / import numpy (goal <= 1.3)':<44} {ratio:9.2f}")


def bench_explain() -> None:
    import json

    from tutor.offline.explain import explain_formula

    print("offline explainer, every corpus formula (parse, symbols, translate, run)")
    rows = [
        json.loads(line)
        for line in (ROOT / "tests" / "corpus" / "ml_formulas.jsonl").read_text().splitlines()
    ]
    formulas = ["\n".join(r["file_macros"] + [r["latex"]]) for r in rows]
    explain_formula(formulas[0])  # warm the sandbox and the tables
    samples = [timed(lambda f=f: explain_formula(f), 1)[0] for f in formulas]
    report(f"explain_formula ({len(formulas)} formulas)", samples)
    no_run = [timed(lambda f=f: explain_formula(f, run=False), 1)[0] for f in formulas]
    report("explain_formula without running NumPy", no_run)
    graded = ROOT / "tests" / "graded" / "formulas.jsonl"
    if graded.exists():
        latex = [json.loads(line)["latex"] for line in graded.read_text().splitlines() if line]
        in_process = [timed(lambda f=f: explain_formula(f, run=False), 1)[0] for f in latex]
        report(f"explain_formula on the graded set ({len(latex)}; p95 goal 20 ms)", in_process)
    bombs = {
        "4.2 KB of doubling macros": "".join(
            f"\\newcommand{{\\z{chr(97 + i)}}}{{\\z{chr(96 + i)}\\z{chr(96 + i)}}}"
            for i in range(1, 25)
        )
        + "\\zx",
        "\\newcommand + 100k spaces": "\\newcommand" + " " * 100_000,
        "\\newcommand + 19k spaces": "\\newcommand" + " " * 19_000 + "x",
        "one argument used 4,900 times": "\\newcommand{\\big}[1]{"
        + "#1" * 4_900
        + "}\\big{"
        + "x" * 2_000
        + "}",
    }
    for name, bomb in bombs.items():
        report(
            f"hostile LaTeX: {name} (one clear line)", timed(lambda b=bomb: explain_formula(b), 3)
        )


FIRST_FRAME = """
import sys, time
start = float(sys.argv[1])
from tutor.config import load_settings
from tutor.ui.app import TutorApp

def on_ready(self) -> None:
    print(time.time() - start)
    self.exit()

TutorApp.on_ready = on_ready  # the first frame has been drawn when Ready arrives
TutorApp(load_settings()).run(headless=True)
"""

# The baseline: a minimal Textual app with the same kinds of widgets, drawn the same way.
MINIMAL_FRAME = """
import sys, time
start = float(sys.argv[1])
from textual.app import App
from textual.containers import VerticalScroll
from textual.widgets import Footer, Markdown, Static, TextArea

class Minimal(App):
    def compose(self):
        yield Static("status")
        with VerticalScroll():
            yield Markdown("Ask a question, paste a formula (LaTeX), or type **/help**.")
        yield TextArea()
        yield Footer()

    def on_ready(self) -> None:
        print(time.time() - start)
        self.exit()

Minimal().run(headless=True)
"""


# The same minimal app as a program that stays up (for the terminal measurement below).
MINIMAL_APP = (
    MINIMAL_FRAME.replace("start = float(sys.argv[1])", "")
    .replace(
        """    def on_ready(self) -> None:
        print(time.time() - start)
        self.exit()
""",
        "",
    )
    .replace("run(headless=True)", "run()")
)


def _tmux_first_frame(
    command: list[str], marker: str, env: dict[str, str], socket: str, limit: float = 30.0
) -> float:
    """Wall clock from launching `command` in a 120x40 tmux pane until `marker` is drawn."""
    import shlex

    name = f"ff{time.monotonic_ns()}"
    line = " ".join(shlex.quote(part) for part in command)
    tmux = ["tmux", "-L", socket]
    start = time.perf_counter()
    subprocess.run(
        [*tmux, "new-session", "-d", "-s", name, "-x", "120", "-y", "40", line],
        env=env,
        check=True,
    )
    try:
        while time.perf_counter() - start < limit:
            screen = subprocess.run(
                [*tmux, "capture-pane", "-p", "-t", name], capture_output=True, text=True
            ).stdout
            if marker in screen:
                return time.perf_counter() - start
            time.sleep(0.005)
        raise SystemExit(f"timed out waiting for {marker!r} from {command[0]}")
    finally:
        subprocess.run([*tmux, "kill-session", "-t", name], capture_output=True)


def elia_command() -> list[str] | None:
    """Elia (elia-chat from PyPI), if installed: $ELIA, or `elia` on the PATH. Keep it in
    its own virtual environment (it pins its own Textual):
    python3 -m venv /tmp/elia && /tmp/elia/bin/pip install elia-chat; ELIA=/tmp/elia/bin/elia"""
    import shutil

    found = os.environ.get("ELIA") or shutil.which("elia")
    return [found] if found and Path(found).exists() else None


def bench_tui_terminal(rounds: int = 7) -> None:
    """First frame on a real terminal (tmux): tutor, the minimal Textual app and Elia, each
    from launch until its welcome text is on the screen, interleaved round by round."""
    import shutil

    if shutil.which("tmux") is None:
        print("  (tmux is not installed: no terminal measurement)")
        return
    home = tempfile.mkdtemp(prefix="tutor-bench-")
    env = {**os.environ, "TUTOR_HOME": home, "HOME": home, "TERM": "xterm-256color"}
    env.pop("GEMINI_API_KEY", None)
    env.pop("GOOGLE_API_KEY", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["XDG_DATA_HOME"] = f"{home}/data"  # Elia's database and settings, kept apart
    env["XDG_CONFIG_HOME"] = f"{home}/config"
    env["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"  # never fetched: no network
    script = Path(sys.executable).parent / "tutor"
    tutor = [str(script)] if script.exists() else [sys.executable, "-m", "tutor"]
    contenders: dict[str, tuple[list[str], str]] = {
        "tutor": (tutor, "Ask a question"),
        "minimal app": ([sys.executable, "-c", MINIMAL_APP], "Ask a question"),
    }
    elia = elia_command()
    if elia is not None:
        contenders["Elia"] = (elia, "Welcome to Elia")
    socket = f"tutor-bench-{os.getpid()}"
    subprocess.run(["tmux", "-L", socket, "new-session", "-d", "-s", "keep"], env=env, check=True)
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    try:
        for command, marker in contenders.values():  # warm-up: caches, Elia's database
            _tmux_first_frame(command, marker, env, socket)
        for _ in range(rounds):
            for name, (command, marker) in contenders.items():
                samples[name].append(_tmux_first_frame(command, marker, env, socket))
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)
    for name, taken in samples.items():
        report(f"tmux: {name}, to first frame", taken)
    ours = statistics.median(samples["tutor"])
    gap = ours - statistics.median(samples["minimal app"])
    print(f"  {'tmux: tutor - minimal app (goal < 150 ms)':<44} {gap * 1000:9.1f} ms")
    if "Elia" in samples:
        ratio = ours / statistics.median(samples["Elia"])
        print(f"  {'tmux: tutor / Elia (goal <= 0.5x)':<44} {ratio:9.2f}x")
    else:
        print("  Elia: not installed here (set ELIA to its `elia`; see elia_command)")


def _first_frame(script: str, env: dict[str, str]) -> float:
    start = time.time()  # wall clock: comparable across processes
    out = subprocess.run(
        [sys.executable, "-c", script, str(start)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(out.strip().splitlines()[-1])


def bench_tui() -> None:
    print("TUI")
    env = {**os.environ, "TUTOR_HOME": tempfile.mkdtemp(prefix="tutor-bench-")}
    env.pop("GEMINI_API_KEY", None)
    env.pop("GOOGLE_API_KEY", None)
    ours, minimal = [], []
    for _ in range(7):  # interleaved, so both see the same machine
        ours.append(_first_frame(FIRST_FRAME, env))
        minimal.append(_first_frame(MINIMAL_FRAME, env))
    report("cold start to the first frame (process)", ours)
    report("minimal Textual app, same widgets (baseline)", minimal)
    gap = statistics.median(ours) - statistics.median(minimal)
    print(f"  {'difference of medians (goal: under 150 ms)':<44} {gap * 1000:9.1f} ms")
    python = sys.executable
    report(
        "import tutor.ui.app (process)",
        timed(run_process(python, "-c", "import tutor.ui.app"), 7),
    )
    report(
        "import textual's app and widgets (process)",
        timed(
            run_process(
                python,
                "-c",
                "import textual.app, textual.widgets; "
                "from textual.widgets import Markdown, TextArea, Footer, Collapsible",
            ),
            7,
        ),
    )
    bench_tui_terminal()
    report("streaming 2,000 chunks to the final frame", timed(_stream_chunks, 3))
    _paced_stream()
    _diary_and_history()


def _stream_chunks() -> None:
    from tutor.config import load_settings
    from tutor.events import FinalAnswer, TextDelta
    from tutor.ui.app import TutorApp

    os.environ["TUTOR_HOME"] = tempfile.mkdtemp(prefix="tutor-bench-")
    os.environ.pop("GEMINI_API_KEY", None)
    app = TutorApp(load_settings())

    async def fake_ask(question: str, **_: object):  # type: ignore[no-untyped-def]
        text = ""
        for i in range(2000):
            piece = f"word{i} " + ("\n\n" if i % 50 == 49 else "")
            text += piece
            yield TextDelta(piece)
        yield FinalAnswer(text=text, source="gemini", model="bench")

    app.engine.ask = fake_ask  # type: ignore[method-assign]

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            app.chat_screen.ask("stream")
            await app.workers.wait_for_complete()
            await pilot.pause()

    asyncio.run(run())


def _paced_stream() -> None:
    """A Gemini-like stream (25 chunks of 40 words, one every 80 ms, 2.0 s) in an empty
    chat and after 100 earlier answers: when is the final frame drawn?

    Paced as a server sends: chunk i is due i x 80 ms after the request, however long the
    screen took with the one before (a network stream does not wait for its reader). The
    reader-paced line (80 ms after each chunk is taken, as in issue #13's figure) adds the
    screen's time per chunk 25 times over, so its "end" is later than 2.0 s by that much.
    """
    from tutor.config import load_settings
    from tutor.events import FinalAnswer, TextDelta
    from tutor.ui.app import TutorApp

    os.environ["TUTOR_HOME"] = tempfile.mkdtemp(prefix="tutor-bench-")
    os.environ.pop("GEMINI_API_KEY", None)
    chunk = " ".join(f"w{i}" for i in range(40)) + " $x_i^2$\n\n"
    ends: list[float] = []

    def paced(network: bool):  # type: ignore[no-untyped-def]
        async def ask(question: str, **_: object):  # type: ignore[no-untyped-def]
            begin = time.perf_counter()
            for i in range(25):
                due = begin + 0.08 * (i + 1) - time.perf_counter() if network else 0.08
                await asyncio.sleep(max(0.0, due))
                yield TextDelta(chunk)
            ends.append(time.perf_counter())
            yield FinalAnswer(text=chunk * 25, source="gemini", model="bench")

        return ask

    async def quick(question: str, **_: object):  # type: ignore[no-untyped-def]
        yield FinalAnswer(text=chunk * 5, source="gemini", model="bench")

    async def run(earlier: int, network: bool) -> tuple[float, float]:
        app = TutorApp(load_settings())
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.engine.ask = quick  # type: ignore[method-assign]
            chat_input = app.chat_screen.chat_input
            for i in range(earlier):
                chat_input.text = f"q{i}"
                await pilot.press("enter")
                await app.workers.wait_for_complete()
            await pilot.pause()
            app.engine.ask = paced(network)  # type: ignore[method-assign]
            chat_input.text = "paced"
            start = time.perf_counter()
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            return time.perf_counter() - start, ends[-1] - start

    for network in (True, False):
        for earlier in (0, 100):
            took, end = asyncio.run(run(earlier, network))
            pace = "network-paced" if network else "reader-paced"
            print(
                f"  {f'{pace} 2.0 s stream, {earlier} earlier answers':<44} final frame at"
                f" {took:5.2f} s, {(took / end - 1) * 100:+3.0f} % of the stream's end"
                f" ({end:.2f} s; {(took / 2.0 - 1) * 100:+.0f} % of 2.0 s)"
            )


def _diary_and_history() -> None:
    """Opening the diary screen (made once, reused) and `/history` with 2,000 saved
    conversations."""
    from tutor.config import load_settings
    from tutor.conversations import ConversationStore, Message
    from tutor.ui.app import TutorApp

    os.environ["TUTOR_HOME"] = tempfile.mkdtemp(prefix="tutor-bench-")
    os.environ.pop("GEMINI_API_KEY", None)
    settings = load_settings()
    store = ConversationStore(settings.data_dir / "conversations.sqlite3")
    for i in range(2000):
        conversation = store.new()
        store.add(conversation, Message("user", f"question {i}"))
    store.close()
    opened: list[float] = []
    history: list[float] = []

    async def run() -> None:
        app = TutorApp(settings)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            for _ in range(5):
                start = time.perf_counter()
                await pilot.press("f3")
                await pilot.pause()
                opened.append(time.perf_counter() - start)
                await pilot.press("escape")
                await pilot.pause()
            for _ in range(5):
                app.chat_screen.chat_input.text = "/history"
                start = time.perf_counter()
                await pilot.press("enter")
                await app.workers.wait_for_complete()
                await pilot.pause()
                history.append(time.perf_counter() - start)

    asyncio.run(run())
    report("diary screen, first open", opened[:1])
    report("diary screen, opened again (reused)", opened[1:])
    report("/history with 2,000 conversations", history)


def bench_tui_session() -> None:
    """The 200-turn session of bench/tui_session.py (Pilot-driven)."""
    subprocess.run([sys.executable, str(ROOT / "bench" / "tui_session.py"), "200"], check=True)


def bench_bad_input() -> None:
    from tutor.offline.explain import explain_formula

    print("bad input: time to a clear error")
    cases = {
        "1 MB paste": "x + " * 260_000,
        "binary garbage": "\x00\x01PK\x03\x04" * 1000,
        "unbalanced braces (10k)": "\\frac{" * 2_000,
        "unknown environment": "\\begin{foo} x \\end{foo}",
    }
    for label, text in cases.items():
        report(label, timed(lambda t=text: explain_formula(t), 20))


def _study_home() -> Path:
    """A data directory with 2,000 papers (tagged, at every pass) and five years of diary
    (one entry a day, a review every third day) plus a year of ledger rows."""
    import json
    import sqlite3
    from datetime import UTC, date, datetime, timedelta

    from tutor.config import load_settings
    from tutor.diary.service import Diary
    from tutor.papers.service import ReadingList
    from tutor.papers.store import STATUSES

    home = Path(tempfile.mkdtemp(prefix="tutor-bench-study-"))
    os.environ["TUTOR_HOME"] = str(home)
    settings = load_settings()
    Diary(settings).close()
    papers = ReadingList(settings)
    papers.close()
    db = sqlite3.connect(home / "papers.sqlite3")
    start = date(2021, 12, 1)
    with db:
        for i in range(2000):
            paper_id = f"{18 + i % 8:02d}{1 + i % 12:02d}.{10000 + i:05d}"
            added = (start + timedelta(days=i % 1800)).isoformat()
            db.execute(
                "INSERT INTO papers (id, hint, title, status, added, updated) VALUES (?,?,?,?,?,?)",
                (paper_id, "", f"Paper {i}", STATUSES[i % 5], added, added),
            )
            db.execute("INSERT INTO tags VALUES (?, ?)", (paper_id, f"topic{i % 20}"))
    db.close()
    feedback = json.dumps(
        {"score": 3, "correct": [], "missed_symbols": [], "misconceptions": [],
         "model_explanation": "", "source": "heuristic"}
    )  # fmt: skip
    db = sqlite3.connect(home / "diary.sqlite3")
    with db:
        for day in range(5 * 365):
            when = (start + timedelta(days=day)).isoformat()
            rows = [(when, f"f{day % 300}", "today")]
            if day % 3 == 0:
                rows.append((when, f"f{(day * 7) % 300}", "review"))
            for key, kind in ((k, kd) for _, k, kd in rows):
                db.execute(
                    "INSERT INTO entries (day, formula_key, latex, text, feedback, score,"
                    " created, updated, kind) VALUES (?,?,?,?,?,?,?,?,?)",
                    (when, key, "x^2", "words", feedback, 1 + day % 5, when, when, kind),
                )
    db.close()
    from tutor.spend import Ledger, TokenUsage

    ledger = Ledger(home / "ledger.sqlite3")
    for hour in range(0, 365 * 24, 8):
        ts = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=hour)
        ledger.clock = lambda ts=ts: ts
        ledger.record("gemini-3.5-flash", TokenUsage(prompt=100, output=100), Decimal("0.001"))
    ledger.close()
    return home


def bench_study() -> None:
    print("reading list, progress, Anki (2,000 papers, five years of diary; target < 50 ms)")
    from tutor.config import load_settings
    from tutor.papers.service import ReadingList
    from tutor.progress import compute

    _study_home()
    settings = load_settings()
    papers = ReadingList(settings)
    report("papers: the whole list (2,000)", timed(papers.papers, 20))
    report("papers: one status and one tag", timed(lambda: papers.papers("pass 2", "topic3"), 20))
    report("papers next", timed(papers.next, 20))
    papers.close()
    report("progress (12 weeks, 5 years of diary)", timed(lambda: compute(settings), 20))

    import json

    from tutor.anki import diary_cards, write_deck
    from tutor.diary.service import Diary

    os.environ["TUTOR_HOME"] = tempfile.mkdtemp(prefix="tutor-bench-anki-")
    diary = Diary(load_settings())
    graded = json.dumps(
        {"score": 3, "correct": [], "missed_symbols": [], "misconceptions": [],
         "model_explanation": "a model explanation", "source": "heuristic"}
    )  # fmt: skip
    with diary.store.transaction() as db:
        for i in range(1000):  # 1,000 distinct formulas, each parsed for its symbols
            latex = rf"\sigma(x_{{{i}}}) = \frac{{1}}{{1+e^{{-\alpha x_{i}}}}} + \sum_j \theta_j"
            db.execute(
                "INSERT INTO entries (day, formula_key, latex, text, feedback, score, created,"
                " updated) VALUES ('2026-01-01', ?, ?, 'my words', ?, 3, 't', 't')",
                (f"yours:{i}", latex, graded),
            )
    out = Path(os.environ["TUTOR_HOME"]) / "deck.apkg"
    report(
        "anki export: 1,000 formula notes + symbols (< 2 s)",
        timed(lambda: write_deck(diary_cards(diary), out), 3),
    )
    diary.close()


GROUPS = {
    "startup": bench_startup,
    "cache": bench_cache,
    "sandbox": bench_sandbox,
    "explain": bench_explain,
    "tui": bench_tui,
    "tui-session": bench_tui_session,
    "badinput": bench_bad_input,
    "study": bench_study,
}


def main(argv: list[str]) -> None:
    chosen = argv or list(GROUPS)
    for name in chosen:
        if name not in GROUPS:
            raise SystemExit(f"unknown group {name!r}; choose from {', '.join(GROUPS)}")
        GROUPS[name]()


if __name__ == "__main__":
    main(sys.argv[1:])
