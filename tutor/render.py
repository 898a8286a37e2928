"""Printing engine events for the CLI: Rich Markdown on a terminal, plain text in a pipe.

Everything printed here from outside (answers, tool results, notices, cached answers)
passes `tutor.sanitize` first, on both paths."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any, TextIO

from tutor.sanitize import clean, clean_markdown, escape_json, raw_stream

if TYPE_CHECKING:  # events are imported when used: `tutor symbol` prints without them
    from tutor.events import Event, FinalAnswer
    from tutor.spend import SpendSummary


def print_markdown(text: str, stream: TextIO | None = None) -> None:
    """Markdown (sanitised) through Rich on a terminal, as plain text in a pipe."""
    stream = stream or sys.stdout
    if stream.isatty():
        from rich.console import Console
        from rich.markdown import Markdown

        Console(file=raw_stream(stream)).print(Markdown(clean_markdown(text)))
    else:
        print(clean(text), file=stream)


def _cost(answer: FinalAnswer) -> str:
    return f"${answer.cost_usd:.6f}" + (" (estimated)" if answer.cost_estimated else "")


def source_line(answer: FinalAnswer, *, reason_shown: bool = False) -> str:
    """The line under an answer: where it came from and what it cost (the ledger's sum).

    `reason_shown`: the reason for answering offline was already said (a notice)."""
    if answer.source == "offline":
        why = "" if reason_shown else f" ({answer.offline_reason})"
        if answer.cost_usd or answer.calls:
            return f"— offline{why} · Gemini attempts cost {_cost(answer)}"
        return f"— offline{why} · $0"
    if answer.source == "cache":
        return f"— cached answer from {answer.model} · $0"
    tokens = answer.tokens
    partial = " · partial answer" if answer.partial else ""
    return (
        f"— gemini ({answer.model}){partial} · {tokens.prompt} in / {tokens.output} out / "
        f"{tokens.thinking} thinking tokens · {_cost(answer)}"
    )


PARTIAL_MARK = "[partial answer: Gemini stopped before the end]"


class AnswerPrinter:
    """Renders a stream of events; `--json` prints one object at the end."""

    def __init__(self, *, json_mode: bool, stream: TextIO) -> None:
        self.json_mode = json_mode
        self.stream = stream
        self.tty = stream.isatty() and not json_mode
        self.text = ""
        self.tools: list[dict[str, Any]] = []
        self._live: Any = None
        self._notices: set[str] = set()

    def _status(self, line: str) -> None:
        if not self.json_mode:
            print(clean(line), file=sys.stderr)

    def handle(self, event: Event) -> None:
        from tutor.events import (
            FinalAnswer,
            Notice,
            Progress,
            TextDelta,
            ToolCall,
            ToolResult,
            Usage,
        )

        if isinstance(event, TextDelta):
            self.text += event.text
            if self.json_mode:
                return
            if self.tty:
                self._update_live()
            else:
                self.stream.write(clean(event.text))
                self.stream.flush()
        elif isinstance(event, ToolCall):
            self.tools.append({"name": event.name, "args": event.args})
            self._status(f"[tool] {event.name}({json.dumps(event.args, ensure_ascii=False)})")
        elif isinstance(event, ToolResult):
            if event.error:
                self._status(f"[tool] {event.name} failed: {event.error}")
        elif isinstance(event, Notice | Progress):
            self._notices.add(event.message)
            self._status(event.message)
        elif isinstance(event, Usage):
            pass
        elif isinstance(event, FinalAnswer):
            self._finish(event)

    def close(self) -> None:
        """Stop the live display (after an interruption too), leaving the cursor visible."""
        if self._live is not None:
            self._live.stop()
            self._live = None

    def _update_live(self) -> None:
        from rich.live import Live
        from rich.markdown import Markdown

        if self._live is None:
            from rich.console import Console

            self._live = Live(
                Markdown(clean_markdown(self.text)),
                console=Console(file=raw_stream(self.stream)),
                refresh_per_second=12,
                transient=False,
            )
            self._live.start()
        else:
            self._live.update(Markdown(clean_markdown(self.text)))

    def _finish(self, answer: FinalAnswer) -> None:
        if self._live is not None:
            from rich.markdown import Markdown

            self._live.update(Markdown(clean_markdown(answer.text)))
            self.close()
        if self.json_mode:
            data = answer.to_json()
            data["tool_calls"] = self.tools
            print(escape_json(json.dumps(data, ensure_ascii=False, indent=2)), file=self.stream)
            return
        if not self.tty:
            self.stream.write("\n")
        if answer.partial:
            self.stream.write(f"\n{PARTIAL_MARK}\n")
        if answer.partial_text:
            self.stream.write(
                "\n----- Gemini's answer broke off; its partial text was: -----\n"
                f"{clean(answer.partial_text)}\n----- end of the partial text -----\n"
            )
        self.stream.flush()
        said = f"offline: {answer.offline_reason}" in self._notices  # say it once
        self._status(source_line(answer, reason_shown=said))


def format_spend(summary: SpendSummary, lang: str = "en") -> str:
    """The spend report, its labels in `lang` (the message catalogue)."""
    from tutor.messages import t

    lines = [
        t(
            "spend.today",
            lang,
            spent=f"${summary.today:.6f}",
            budget=f"${summary.daily_budget:.2f}",
            calls=summary.calls_today,
        ),
        t(
            "spend.month",
            lang,
            spent=f"${summary.month:.6f}",
            budget=f"${summary.monthly_budget:.2f}",
        ),
        t("spend.tier", lang, tier=summary.tier),
    ]
    if summary.free_rpm is not None:
        lines.append(
            t(
                "spend.free",
                lang,
                today=summary.requests_today,
                rpd=summary.free_rpd,
                minute=summary.requests_last_minute,
                rpm=summary.free_rpm,
            )
        )
    if summary.future_calls:
        lines.append(t("spend.future", lang, n=summary.future_calls))
    if summary.by_model_month:
        lines.append(t("spend.by_model", lang))
        for model, cost in sorted(summary.by_model_month.items()):
            today = summary.by_model_today.get(model, 0)
            lines.append(
                t(
                    "spend.model_line",
                    lang,
                    model=model,
                    today=f"${today:.6f}",
                    month=f"${cost:.6f}",
                )
            )
    return "\n".join(lines)
