"""`tutor diary …`: the diary from the command line."""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from tutor.config import Settings
from tutor.diary.feedback import Feedback
from tutor.diary.service import Diary, key_equation_from_note
from tutor.errors import DiaryError
from tutor.messages import t
from tutor.render import print_markdown


def _read_explanation(prompt: str) -> str:
    """From $EDITOR on a terminal, else from stdin."""
    editor = os.environ.get("EDITOR")
    if sys.stdin.isatty() and editor:
        with tempfile.NamedTemporaryFile("w+", suffix=".md", delete=False) as f:
            f.write(f"<!-- {prompt} -->\n")
            path = f.name
        subprocess.run([*editor.split(), path], check=False)
        text = Path(path).read_text("utf-8")
        Path(path).unlink(missing_ok=True)
        return "\n".join(line for line in text.splitlines() if not line.startswith("<!--"))
    if sys.stdin.isatty():
        print(prompt + " (finish with ctrl+d)")
    return sys.stdin.read()


def quiet_exit(run: Callable[[], int]) -> int:
    """CLI manners: a closed pipe (`| head -1`), EOF and ctrl+c end quietly with the exit
    code a shell expects, never with a traceback."""
    try:
        return run()
    except BrokenPipeError:
        # the reader left: stop writing (also at interpreter exit) and report SIGPIPE
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 128 + 13
    except EOFError:
        raise DiaryError("no answer: the input ended (stdin is closed or empty)") from None
    except KeyboardInterrupt:
        print("", file=sys.stderr)
        return 130


def run_diary(args: argparse.Namespace, settings: Settings) -> int:
    from tutor.engine import Engine

    def run() -> int:
        engine = Engine(settings)
        diary = Diary(settings, engine=engine)
        try:
            return _dispatch(args, diary, settings)
        finally:
            diary.close()
            engine.close()

    return quiet_exit(run)


def _dispatch(args: argparse.Namespace, diary: Diary, settings: Settings) -> int:
    action = args.action
    if action == "today":
        print_markdown(diary.today_markdown())
    elif action == "write":
        today = diary.today()
        text = _read_explanation(f"Explain {today.formula.latex} in your own words")
        if not text.strip():
            raise DiaryError("empty explanation: nothing saved")
        feedback = asyncio.run(diary.feedback(today.formula.latex, text))
        diary.save(text, feedback)
        print_markdown(feedback.to_markdown(settings.lang))
        print(t("diary.saved_streak", settings.lang, n=diary.streak()))
    elif action == "add" and getattr(args, "from_paper", None):
        from tutor.papers.service import ReadingList

        papers = ReadingList(settings)
        try:
            paper = papers.get(args.from_paper)
            latex = papers.key_equation(paper.id) or ""
        finally:
            papers.close()
        formula = diary.add_formula(latex, source=f"arXiv:{paper.id}")
        print(f"added the key equation of arXiv:{paper.id}: {formula.latex}")
        print(_when_it_comes_up(diary, formula.key))
    elif action == "add":
        if not args.value:
            raise DiaryError("give a formula (LaTeX), a reading note, or --from-paper ID")
        source = "yours"
        latex = args.value
        if Path(args.value).suffix == ".md" and Path(args.value).exists():
            latex, arxiv = key_equation_from_note(Path(args.value))
            source = f"arXiv:{arxiv}" if arxiv else "note"
        formula = diary.add_formula(latex, source=source)
        whose = "your formula" if source == "yours" else f"a formula from {source}"
        print(f"added {whose}: {formula.latex}")
        print(_when_it_comes_up(diary, formula.key))
    elif action == "edit":
        if not args.value or not args.value.isdigit():
            raise DiaryError("give the entry number: `tutor diary list` shows them")
        before = diary.entry(int(args.value))
        text = _read_explanation("Your new explanation")
        entry = asyncio.run(diary.regrade(before.id, text))
        print_markdown(Feedback.model_validate_json(entry.feedback).to_markdown(settings.lang))
        print(
            f"entry {entry.id} of {entry.day} updated and regraded: {entry.score}/5 "
            f"(was {before.score}/5; the old text and feedback are kept in its history)"
        )
    elif action == "review":
        due = diary.due()
        if not due:
            upcoming = diary.next_reviews()[:5]
            lang = settings.lang
            later = ", ".join(
                t("diary.next_review_item", lang, name=f.name, day=d) for f, d in upcoming
            )
            print(
                t("diary.nothing_due", lang)
                + (t("diary.next_reviews", lang, later=later) if later else "")
            )
            return 0
        formula = due[0]
        print(t("diary.review_due", settings.lang, n=len(due), name=formula.name))
        print(f"  {formula.latex}")
        text = _read_explanation(f"Explain {formula.latex} again, from memory")
        if not text.strip():
            raise DiaryError("empty explanation: nothing saved, the review stays due")
        feedback = asyncio.run(diary.feedback(formula.latex, text))
        diary.save(text, feedback, formula=formula)
        print_markdown(feedback.to_markdown(settings.lang))
        next_due = {f.key: d for f, d in diary.next_reviews()}
        print(t("diary.next_review_of", settings.lang, day=next_due.get(formula.key, "?")))

    elif action == "streak":
        print(f"{t('diary.streak', settings.lang, n=diary.streak())}\n\n{diary.calendar()}")
    elif action == "list":
        entries = diary.store.entries()
        waiting = diary.unwritten_own_formulas()
        if not entries and not waiting:
            print(t("diary.no_entries", settings.lang))
        for entry in entries:
            mark = "" if entry.kind == "today" else t("diary.review_mark", settings.lang)
            print(
                f"{entry.id:>4} {entry.day} {entry.score}/5 {entry.formula_key}{mark}: "
                f"{entry.text[:60]}"
            )
        if waiting:
            print(t("diary.waiting", settings.lang))
        for added, formula in waiting:
            print(f"   - {added} {formula.latex}")
    elif action == "export":
        report = diary.export(Path(args.value or "diary-export").expanduser())
        print(report.summary())
    elif action == "quiz":
        return _quiz(args.value, settings)
    return 0


def _when_it_comes_up(diary: Diary, key: str) -> str:
    today = diary.today()
    if today.formula.key == key and today.entry is None:
        return "it is today's formula: explain it with `tutor diary write`"
    return "today's formula is already written: this one comes up on a coming day"


def _quiz(kind: str | None, settings: Settings) -> int:
    from tutor.diary import quiz

    rng = random.Random()
    kind = kind or rng.choice(["symbol", "latex", "numpy"])
    makers = {
        "symbol": (quiz.symbol_question, quiz.check_symbol),
        "latex": (quiz.latex_question, quiz.check_latex),
        "numpy": (quiz.numpy_question, None),
    }
    if kind not in makers:
        raise DiaryError("quiz kinds: symbol, latex, numpy")
    make, check = makers[kind]
    question = make(rng, settings.lang)
    print(question.prompt)
    prompt = "> " if sys.stdin.isatty() else ""
    answer = sys.stdin.read() if kind == "numpy" else input(prompt)
    if not answer.strip():
        raise DiaryError("no answer given: nothing to check")
    verdict = (
        quiz.check_numpy(question, answer, settings) if check is None else check(question, answer)
    )
    print(("✓ " if verdict.correct else "✗ ") + verdict.message)
    return 0 if verdict.correct else 1
