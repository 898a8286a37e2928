"""A long TUI session, measured: N offline questions, then f2, a resize and a resume.

    python bench/tui_session.py            # 200 turns, Pilot-driven, in this process
    python bench/tui_session.py 60         # fewer turns
    python bench/tui_session.py --tmux 200 # the real app in tmux (wall clock per answer)

Prints the time from Enter to the answer being drawn for the first and last turns (medians
of ten), their ratio, f2 / resize / resume times at the end, and memory (RSS of this
process; the sandbox server is a separate process and not counted). Not a test: compare
numbers from one run only.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUESTIONS = [
    r"what does \sum_i x_i^2 mean?",
    "what is KL divergence?",
    r"\frac{1}{1 + e^{-x}}",
    "explain softmax",
    r"\theta \leftarrow \theta - \alpha \nabla_\theta \mathcal{L}(\theta)",
]


def rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


async def settle(app: Any, pilot: Any) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def press(app: Any, pilot: Any, *keys: str) -> None:
    """Press and wait until drawn; a screen busier than Pilot's 30 s patience is waited out."""
    from textual.pilot import WaitForScreenTimeout

    with contextlib.suppress(WaitForScreenTimeout):
        await pilot.press(*keys)
    await settle(app, pilot)


async def session(turns: int) -> dict[str, Any]:
    from textual.widgets import TextArea

    from tutor.config import load_settings
    from tutor.ui.app import TutorApp

    settings = load_settings()
    app = TutorApp(settings)
    times: list[float] = []
    cpu_times: list[float] = []  # CPU time of this process (threads too): steadier when
    # the machine is shared, since waiting for a core is not counted
    result: dict[str, Any] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        gc.collect()
        result["rss_start"] = rss_mib()
        chat_input = app.query_one("#input", TextArea)
        for turn in range(turns):
            chat_input.text = QUESTIONS[turn % len(QUESTIONS)]
            start, cpu = time.perf_counter(), time.process_time()
            await press(app, pilot, "enter")
            times.append(time.perf_counter() - start)
            cpu_times.append(time.process_time() - cpu)
            if turn == 0:
                gc.collect()
                result["rss_first"] = rss_mib()
            if turn % 20 == 19:
                print(f"  turn {turn + 1}: {times[-1] * 1000:.0f} ms", file=sys.stderr)
        gc.collect()
        result["rss_end"] = rss_mib()
        start, cpu = time.perf_counter(), time.process_time()
        await press(app, pilot, "f2")
        result["f2"] = time.perf_counter() - start
        result["f2_cpu"] = time.process_time() - cpu
        await press(app, pilot, "f2")
        start, cpu = time.perf_counter(), time.process_time()
        await pilot.resize_terminal(100, 30)
        await settle(app, pilot)
        result["resize"] = time.perf_counter() - start
        result["resize_cpu"] = time.process_time() - cpu
        conversation = app_conversation(app)
    result["times"] = times
    result["cpu_times"] = cpu_times
    app2 = TutorApp(settings)
    async with app2.run_test(size=(120, 40)) as pilot:
        await settle(app2, pilot)
        chat_input = app2.query_one("#input", TextArea)
        chat_input.text = f"/history {conversation}"
        gc.collect()  # the first app's garbage is not the resume's (one app per process)
        start, cpu = time.perf_counter(), time.process_time()
        await press(app2, pilot, "enter")
        result["resume"] = time.perf_counter() - start
        result["resume_cpu"] = time.process_time() - cpu
    return result


def app_conversation(app: Any) -> int:
    chat = getattr(app, "chat_screen", None)
    return int(chat.conversation_id if chat is not None else app.conversation_id)


def first_last(times: list[float], n: int = 10) -> tuple[float, float]:
    n = min(n, len(times) // 2) or 1
    # Same questions at both ends: turns are cycled in groups of len(QUESTIONS).
    n -= n % len(QUESTIONS) or 0
    n = max(n, 1)
    return statistics.median(times[:n]), statistics.median(times[-n:])


def pilot_main(turns: int) -> None:
    os.environ["TUTOR_HOME"] = tempfile.mkdtemp(prefix="tutor-bench-")
    os.environ.pop("GEMINI_API_KEY", None)
    os.environ.pop("GOOGLE_API_KEY", None)
    result = asyncio.run(session(turns))
    first, last = first_last(result["times"])
    first_cpu, last_cpu = first_last(result["cpu_times"])
    print(f"TUI long session (Pilot, {turns} offline turns, 120x40); wall clock, (CPU time)")
    print(
        f"  answer, first 10 turns (median)   {first * 1000:9.1f} ms  ({first_cpu * 1000:.1f} ms)"
    )
    print(
        f"  answer, last 10 turns (median)    {last * 1000:9.1f} ms  ({last_cpu * 1000:.1f} ms)"
        f"   ratio {last / first:.2f} ({last_cpu / first_cpu:.2f})"
    )
    print(f"  answer, slowest turn              {max(result['times']) * 1000:9.1f} ms")
    for key, label in (("f2", "f2 at"), ("resize", "resize at"), ("resume", "resume of")):
        print(
            f"  {f'{label} {turns} turns':<34}{result[key] * 1000:9.1f} ms"
            f"  ({result[key + '_cpu'] * 1000:.1f} ms)"
        )
    ratio = result["rss_end"] / result["rss_start"]
    per_turn = (result["rss_end"] - result["rss_first"]) / max(1, turns - 1)
    print(
        f"  memory (RSS)  start {result['rss_start']:.0f} MiB, after question 1"
        f" {result['rss_first']:.0f} MiB, end {result['rss_end']:.0f} MiB"
        f"   ratio end/start {ratio:.2f}, {per_turn * 1024:.0f} KiB per later turn"
    )


def above_input(shown: str) -> list[str]:
    """The non-blank lines of a captured screen above the input box."""
    lines = [line for line in shown.splitlines() if line.strip()]
    boxes = [i for i, line in enumerate(lines) if line.lstrip().startswith("╭")]
    return lines[: boxes[-1] if boxes else len(lines)]


def tmux_main(turns: int) -> None:
    """The real app in tmux: wall-clock time from Enter until the answer's source line shows."""
    if shutil.which("tmux") is None:
        raise SystemExit("tmux is not installed")
    home = tempfile.mkdtemp(prefix="tutor-bench-")
    session_name = f"tutor-bench-{os.getpid()}"
    tutor = str(Path(sys.executable).with_name("tutor"))
    command = f"env -u GEMINI_API_KEY -u GOOGLE_API_KEY TUTOR_HOME={home} {tutor}"
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session_name, "-x", "120", "-y", "40", command],
        check=True,
    )

    def screen() -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", session_name],
            capture_output=True,
            text=True,
            check=False,
        ).stdout

    def keys(*args: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", session_name, *args], check=True)

    def wait(predicate: Any, limit: float = 60.0) -> float:  # for the first frame
        start = time.perf_counter()
        while time.perf_counter() - start < limit:
            if predicate(screen()):
                return time.perf_counter() - start
            time.sleep(0.01)
        raise SystemExit("timed out waiting for the screen")

    try:
        wait(lambda s: "Ask a question" in s or "質問" in s)
        times = []
        for turn in range(turns):
            marker = f"q{turn}x"
            keys("-l", f"{QUESTIONS[turn % len(QUESTIONS)]} {marker}")
            time.sleep(0.05)
            before = above_input(screen())  # the last answer, the question not yet sent
            start = time.perf_counter()
            keys("Enter")
            seen = False
            last_shown = ""
            while time.perf_counter() - start < 120:
                shown = screen()
                lines = [line for line in shown.splitlines() if line.strip()]
                boxes = [i for i, line in enumerate(lines) if line.lstrip().startswith("╭")]
                box = boxes[-1] if boxes else len(lines)
                echo = [i for i, line in enumerate(lines[:box]) if marker in line]
                seen = seen or bool(echo)
                sources = [i for i, line in enumerate(lines[:box]) if "— offline" in line]
                if seen and sources and (not echo or sources[-1] > echo[-1]):
                    break
                # a long answer can scroll the question away before a look caught it: a
                # new answer's source line is the last thing above the input, nothing of
                # the question is in sight, and the screen has settled
                answered = sources and sources[-1] == box - 1 and marker not in shown
                if answered and lines[:box] != before and shown == last_shown:
                    break
                last_shown = shown
                time.sleep(0.01)
            times.append(time.perf_counter() - start)
            if turn % 20 == 19:
                print(f"  turn {turn + 1}: {times[-1] * 1000:.0f} ms", file=sys.stderr)
        first, last = first_last(times)
        print(f"TUI long session (tmux, {turns} offline turns, 120x40, wall clock)")
        print(f"  answer, first 10 turns (median)   {first * 1000:9.1f} ms")
        print(
            f"  answer, last 10 turns (median)    {last * 1000:9.1f} ms   ratio {last / first:.2f}"
        )
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session_name], check=False)


def main(argv: list[str]) -> None:
    use_tmux = "--tmux" in argv
    numbers = [int(a) for a in argv if a.isdigit()]
    turns = numbers[0] if numbers else 200
    (tmux_main if use_tmux else pilot_main)(turns)


if __name__ == "__main__":
    main(sys.argv[1:])
