"""Benchmarks with medians (and p95 where it matters). Not part of the tests.

    python bench/run.py            # everything
    python bench/run.py startup    # one group: startup, cache, sandbox, explain, tui

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
    # an installed tutor runs from bytecode (pip compiles it): so should the bench, even
    # where the shell sets PYTHONDONTWRITEBYTECODE (the first, warm-up run writes it)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return lambda: subprocess.run(argv, env=env, capture_output=True, check=True)


# (label, tutor arguments, goal as a multiple of `python -c pass`), from issue #13
STARTUP_GOALS: list[tuple[str, list[str], float | None]] = [
    ("tutor --help", ["--help"], 2.0),
    ("tutor config", ["config"], 4.0),
    ("tutor spend", ["spend"], 4.0),
    ("tutor symbol '\\nabla_\\theta'", ["symbol", r"\nabla_\theta"], 4.0),
    ("tutor explain (no run)", ["explain", "--no-run", r"\sum_i x_i"], None),
]


def bench_startup(rounds: int = 15) -> None:
    """Whole processes, piped, interleaved round by round with `python -c pass` so that
    both see the same machine; medians and their ratio to the baseline."""
    print("start-up (whole process, piped; interleaved with the baseline)")
    python = sys.executable
    script = Path(python).parent / "tutor"  # what users run: the installed entry point
    tutor = [str(script)] if script.exists() else [python, "-m", "tutor"]
    print(f"  ({' '.join(tutor)} against {python} -c pass)")
    baseline = run_process(python, "-c", "pass")
    commands = [run_process(*tutor, *argv) for _, argv, _ in STARTUP_GOALS]
    for command in (baseline, *commands):
        command()  # warm the page cache and the data index
    base: list[float] = []
    samples: list[list[float]] = [[] for _ in commands]
    for _ in range(rounds):
        base += timed(baseline, 1)
        for command, into in zip(commands, samples, strict=True):
            into += timed(command, 1)
    report("python -c pass (baseline)", base)
    floor = statistics.median(base)
    for (label, _, goal), taken in zip(STARTUP_GOALS, samples, strict=True):
        report(label, taken)
        ratio = statistics.median(taken) / floor
        verdict = (
            "" if goal is None else f"  goal ≤ {goal:g}×: {'met' if ratio <= goal else 'NOT met'}"
        )
        print(f"  {'':<44} = {ratio:5.2f}× the baseline{verdict}")


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


def bench_tui() -> None:
    print("TUI")
    samples = []
    env = {**os.environ, "TUTOR_HOME": tempfile.mkdtemp(prefix="tutor-bench-")}
    env.pop("GEMINI_API_KEY", None)
    env.pop("GOOGLE_API_KEY", None)
    for _ in range(7):
        start = time.time()  # wall clock: comparable across processes
        out = subprocess.run(
            [sys.executable, "-c", FIRST_FRAME, str(start)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        samples.append(float(out.strip().splitlines()[-1]))
    report("cold start to the first frame (process)", samples)
    report("streaming 2,000 chunks to the final frame", timed(_stream_chunks, 3))


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
            app.ask("stream")
            await app.workers.wait_for_complete()
            await pilot.pause()

    asyncio.run(run())


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
