"""Printing engine events for the CLI: Rich Markdown on a terminal, plain text in a pipe.

Everything printed here from outside (answers, tool results, notices, cached answers)
passes `tutor.sanitize` first, on both paths."""

from __future__ import annotations

import json
import sys

from tutor.messages import event_text, t
from tutor.sanitize import clean, clean_markdown, escape_json, raw_stream

TYPE_CHECKING = False  # not typing's: mypy treats the name as true, Python skips the import

if TYPE_CHECKING:  # events are imported when used: `tutor symbol` prints without them
    from typing import Any, TextIO

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


def source_line(answer: FinalAnswer, lang: str = "en") -> str:
    """The line under an answer: where it came from and what it cost (the ledger's sum)."""
    from tutor.messages import money, reason

    cost = money(answer.cost_usd)
    if answer.cost_estimated:
        cost = t("source.estimated", lang, cost=cost)
    if answer.source == "offline":
        key = "source.offline_attempts" if answer.cost_usd or answer.calls else "source.offline"
        why = reason(answer.offline_code, lang, answer.offline_reason or "")
        return t(key, lang, reason=why, cost=cost)
    if answer.source == "cache":
        return t("source.cache", lang, model=answer.model, cost=cost)
    tokens = answer.tokens
    return t(
        "source.gemini",
        lang,
        model=answer.model,
        partial=t("source.partial", lang) if answer.partial else "",
        prompt=tokens.prompt,
        output=tokens.output,
        thinking=tokens.thinking,
        cost=cost,
    )


class AnswerPrinter:
    """Renders a stream of events; `--json` prints one object at the end."""

    def __init__(self, *, json_mode: bool, stream: TextIO, lang: str = "en") -> None:
        self.json_mode = json_mode
        self.lang = lang
        self.stream = stream
        self.tty = stream.isatty() and not json_mode
        self.text = ""
        self.tools: list[dict[str, Any]] = []
        self._live: Any = None
        self._progress_shown = False  # a progress line waits on stderr to be erased

    def _status(self, line: str) -> None:
        if not self.json_mode:
            self._clear_progress()
            print(clean(line), file=sys.stderr)

    def _progress(self, line: str) -> None:
        """During tool rounds: one line on a terminal's stderr, rewritten in place and
        erased when anything else is printed; a plain line when stderr is piped."""
        if self.json_mode:
            return
        if not sys.stderr.isatty():
            print(clean(line), file=sys.stderr)
            return
        if self._live is not None:  # a live answer is drawn on this terminal: leave it be
            return
        sys.stderr.write(f"\r\x1b[2K{clean(line)}")
        sys.stderr.flush()
        self._progress_shown = True

    def _clear_progress(self) -> None:
        if self._progress_shown:
            self._progress_shown = False
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()

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
            self._clear_progress()
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
                self._status(t("cli.tool_failed", self.lang, name=event.name, error=event.error))
        elif isinstance(event, Notice):
            self._status(event_text(event, self.lang))
        elif isinstance(event, Progress):
            self._progress(event_text(event, self.lang))
        elif isinstance(event, Usage):
            pass
        elif isinstance(event, FinalAnswer):
            self._finish(event)

    def close(self) -> None:
        """Stop the live display (after an interruption too), leaving the cursor visible."""
        self._clear_progress()
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
        self._clear_progress()
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
            self.stream.write(f"\n{t('cli.partial_mark', self.lang)}\n")
        if answer.partial_text:
            self.stream.write(
                f"\n{t('cli.partial_begin', self.lang)}\n"
                f"{clean(answer.partial_text)}\n{t('cli.partial_end', self.lang)}\n"
            )
        self.stream.flush()
        self._status(source_line(answer, self.lang))


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
