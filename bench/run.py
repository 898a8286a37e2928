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


def run_process(*argv: str) -> Callable[[], object]:
    env = {**os.environ, "TUTOR_HOME": tempfile.mkdtemp(prefix="tutor-bench-")}
    env.pop("GEMINI_API_KEY", None)
    env.pop("GOOGLE_API_KEY", None)
    return lambda: subprocess.run(argv, env=env, capture_output=True, check=True)


def bench_startup() -> None:
    print("start-up (whole process)")
    python = sys.executable
    report("python -c pass", timed(run_process(python, "-c", "pass"), 15))
    report("tutor --help", timed(run_process(python, "-m", "tutor", "--help"), 15))
    report("tutor config", timed(run_process(python, "-m", "tutor", "config"), 15))
    report(
        "tutor symbol '\\nabla_\\theta'",
        timed(run_process(python, "-m", "tutor", "symbol", r"\nabla_\theta"), 15),
    )


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


def bench_sandbox() -> None:
    from tutor.tools.numpy_exec import run_numpy

    print("NumPy sandbox")
    code = "x = np.random.normal(size=(64, 64))\n(x @ x.T).trace()"
    run_numpy(code)  # start the warm server
    report("run_numpy, warm fork server", timed(lambda: run_numpy(code), 50))
    naive = [sys.executable, "-c", "import numpy as np\n" + code]
    report(
        "naive fresh `python -c` with numpy",
        timed(lambda: subprocess.run(naive, capture_output=True, check=True), 10),
    )


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
    chat and after 100 earlier answers: when is the final frame drawn?"""
    from tutor.config import load_settings
    from tutor.events import FinalAnswer, TextDelta
    from tutor.ui.app import TutorApp

    os.environ["TUTOR_HOME"] = tempfile.mkdtemp(prefix="tutor-bench-")
    os.environ.pop("GEMINI_API_KEY", None)
    chunk = " ".join(f"w{i}" for i in range(40)) + " $x_i^2$\n\n"

    async def paced(question: str, **_: object):  # type: ignore[no-untyped-def]
        for _ in range(25):
            await asyncio.sleep(0.08)
            yield TextDelta(chunk)
        yield FinalAnswer(text=chunk * 25, source="gemini", model="bench")

    async def quick(question: str, **_: object):  # type: ignore[no-untyped-def]
        yield FinalAnswer(text=chunk * 5, source="gemini", model="bench")

    async def run(earlier: int) -> float:
        app = TutorApp(load_settings())
        async with app.run_test(size=(120, 40)) as pilot:
            app.engine.ask = quick  # type: ignore[method-assign]
            for i in range(earlier):
                app.chat_screen.ask(f"q{i}")
                await app.workers.wait_for_complete()
            await pilot.pause()
            app.engine.ask = paced  # type: ignore[method-assign]
            start = time.perf_counter()
            app.chat_screen.ask("paced")
            await app.workers.wait_for_complete()
            await pilot.pause()
            return time.perf_counter() - start

    for earlier in (0, 100):
        took = asyncio.run(run(earlier))
        print(
            f"  {f'paced 2.0 s stream, {earlier} earlier answers':<44} final frame at"
            f" {took:6.2f} s ({(took / 2.0 - 1) * 100:+.0f} % of the stream)"
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


GROUPS = {
    "startup": bench_startup,
    "cache": bench_cache,
    "sandbox": bench_sandbox,
    "explain": bench_explain,
    "tui": bench_tui,
    "tui-session": bench_tui_session,
    "badinput": bench_bad_input,
}


def main(argv: list[str]) -> None:
    chosen = argv or list(GROUPS)
    for name in chosen:
        if name not in GROUPS:
            raise SystemExit(f"unknown group {name!r}; choose from {', '.join(GROUPS)}")
        GROUPS[name]()


if __name__ == "__main__":
    main(sys.argv[1:])
