"""The formula diary: days and time zones, streaks, FSRS, crash safety, two writers,
export, online feedback through structured output, and quizzes."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
import respx

from tests.gemini_fakes import GENERATE_URL, chunk, usage
from tutor.config import load_settings
from tutor.diary import quiz
from tutor.diary.feedback import Feedback, heuristic_feedback
from tutor.diary.service import Diary, key_equation_from_note, start_of_next_day
from tutor.engine import Engine
from tutor.errors import DiaryError

TOKYO = timezone(timedelta(hours=9))
NEW_YORK = timezone(timedelta(hours=-5))


class Clock:
    def __init__(self, when: datetime) -> None:
        self.now = when

    def __call__(self) -> datetime:
        return self.now


def good_feedback(score: int = 4) -> Feedback:
    return Feedback(
        score=score,
        correct=["ok"],
        missed_symbols=[],
        misconceptions=[],
        model_explanation="…",
        source="heuristic",
    )


def make(clock: Clock) -> Diary:
    return Diary(load_settings(), clock=clock)


def test_todays_formula_is_fixed_all_day_and_changes_at_local_midnight() -> None:
    clock = Clock(datetime(2026, 3, 1, 0, 5, tzinfo=TOKYO))
    diary = make(clock)
    first = diary.today()
    clock.now = datetime(2026, 3, 1, 23, 59, tzinfo=TOKYO)
    assert diary.today().formula == first.formula and diary.today().day == "2026-03-01"
    diary.save("an explanation of the formula in my words", good_feedback())
    clock.now = datetime(2026, 3, 2, 0, 1, tzinfo=TOKYO)
    second = diary.today()
    assert second.day == "2026-03-02" and second.formula != first.formula


def test_the_day_follows_the_clocks_time_zone() -> None:
    # the same instant is the 2nd in Tokyo and still the 1st in New York
    instant = datetime(2026, 3, 1, 20, 0, tzinfo=UTC)
    assert make(Clock(instant.astimezone(TOKYO))).day() == "2026-03-02"
    assert make(Clock(instant.astimezone(NEW_YORK))).day() == "2026-03-01"


def test_a_second_process_sees_the_same_formula_of_the_day() -> None:
    clock = Clock(datetime(2026, 5, 5, 9, 0, tzinfo=TOKYO))
    assert make(clock).today().formula == make(clock).today().formula


def test_streak_counts_consecutive_days_and_allows_today_to_be_open() -> None:
    clock = Clock(datetime(2026, 1, 1, 12, tzinfo=TOKYO))
    diary = make(clock)
    for day in (1, 2, 3, 5, 6):
        clock.now = datetime(2026, 1, day, 12, tzinfo=TOKYO)
        diary.save("my explanation of it", good_feedback())
    clock.now = datetime(2026, 1, 6, 20, tzinfo=TOKYO)
    assert diary.streak() == 2  # 5th and 6th; the 4th was missed
    clock.now = datetime(2026, 1, 7, 8, tzinfo=TOKYO)
    assert diary.streak() == 2  # today still open
    clock.now = datetime(2026, 1, 8, 8, tzinfo=TOKYO)
    assert diary.streak() == 0  # yesterday missed
    calendar = diary.calendar(weeks=2)
    assert calendar.count("■") == 5 and len(calendar.splitlines()) == 7


def test_fsrs_brings_a_poorly_explained_formula_back_sooner() -> None:
    start = datetime(2026, 2, 1, 9, tzinfo=TOKYO)
    clock = Clock(start)
    diary = make(clock)
    weak = diary.today().formula
    diary.save("not sure", good_feedback(score=1))
    clock.now = start + timedelta(days=1)
    review = diary.today()
    assert review.reason == "review" and review.formula == weak  # back the next day
    assert weak in diary.due()

    clock2 = Clock(start)
    other = Diary(load_settings(TUTOR_HOME=str(diary.settings.home / "second")), clock=clock2)
    strong = other.today().formula
    other.save("a precise explanation", good_feedback(score=5))
    [(formula, due)] = other.next_reviews()
    assert formula == strong and due >= "2026-02-04"  # an easy one waits days
    clock2.now = start + timedelta(days=1)
    assert other.today().reason == "new" and other.due() == []


def test_added_formula_becomes_today_and_bad_latex_is_refused() -> None:
    diary = make(Clock(datetime(2026, 4, 1, 9, tzinfo=TOKYO)))
    added = diary.add_formula(r"\mathbf{h}_t = \tanh(W h_{t-1} + U x_t)")
    assert diary.today().formula == added and diary.today().reason == "yours"
    with pytest.raises(DiaryError, match="cannot add this formula"):
        diary.add_formula(r"\frac{a}{b")


def test_key_equation_from_a_reading_note(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_text('---\narxiv: "2106.09685"\n---\n## Key equation\n$$\nW = W_0 + BA\n$$\n')
    assert key_equation_from_note(note) == ("W = W_0 + BA", "2106.09685")


def test_edit_regrades_replaces_the_feedback_and_keeps_the_history() -> None:
    # bug: `diary edit` kept the old score and feedback
    clock = Clock(datetime(2026, 4, 1, 9, tzinfo=TOKYO))
    diary = make(clock)
    entry = diary.save("first words here", good_feedback(1))
    clock.now += timedelta(hours=30)
    edited = diary.edit(entry.id, "better words here", good_feedback(5))
    assert (edited.day, edited.formula_key) == (entry.day, entry.formula_key)
    assert edited.score == 5 and Feedback.model_validate_json(edited.feedback).score == 5
    assert edited.text == "better words here" and edited.updated != entry.updated
    [(old_text, old_feedback, replaced)] = diary.history(entry.id)
    assert old_text == "first words here" and old_feedback.score == 1
    assert replaced.startswith("2026-04-02")
    with pytest.raises(DiaryError, match="no diary entry 999"):
        diary.edit(999, "x", good_feedback())
    with pytest.raises(DiaryError, match="empty explanation"):
        diary.save("   ", good_feedback())


def test_export_round_trip(tmp_path: Path) -> None:
    clock = Clock(datetime(2026, 6, 1, 9, tzinfo=TOKYO))
    diary = make(clock)
    diary.add_formula(r"\mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V")
    diary.save("attention averages values weighted by query-key match", good_feedback(4))
    [path] = diary.export(tmp_path / "vault").paths
    text = path.read_text()
    front, body = text.split("---\n")[1], text.split("---\n", 2)[2]
    fields = dict(line.split(": ", 1) for line in front.strip().splitlines())
    assert fields["date"] == "2026-06-01" and fields["score"] == "4"
    assert fields["name"] == '"your formula"'
    assert fields["tags"] == "[diary, formula]"
    assert "$$\n\\mathrm{softmax}" in body
    assert "attention averages values" in body
    assert "[[transpose]]" in body


def _save_forever(home: str, ready: str) -> None:
    os.environ["TUTOR_HOME"] = home
    diary = Diary(load_settings())
    for i in range(10_000):
        diary.save(f"entry {i} explained", good_feedback())
        with open(ready, "a") as f:  # confirmed: the save returned
            f.write(f"{i}\n")


def test_kill_9_during_saves_loses_nothing_confirmed(tmp_path: Path, isolated: Path) -> None:
    ready = tmp_path / "confirmed.txt"
    ctx = multiprocessing.get_context("spawn")
    worker = ctx.Process(target=_save_forever, args=(str(isolated), str(ready)))
    worker.start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and (not ready.exists() or len(ready.read_text()) < 40):
        time.sleep(0.05)
    os.kill(worker.pid or 0, signal.SIGKILL)
    worker.join()
    confirmed = [int(x) for x in ready.read_text().split()]
    db = sqlite3.connect(isolated / "diary.sqlite3")
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    saved = {int(t.split()[1]) for (t,) in db.execute("SELECT text FROM entries")}
    assert confirmed and set(confirmed) <= saved


def _write_many(home: str, count: int, tag: str) -> None:
    os.environ["TUTOR_HOME"] = home
    diary = Diary(load_settings())
    for i in range(count):
        diary.save(f"{tag} {i} explained", good_feedback())


def test_two_processes_writing_at_once_corrupt_nothing(isolated: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_write_many, args=(str(isolated), 100, t)) for t in "ab"]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
        assert w.exitcode == 0
    diary = Diary(load_settings())
    texts = [e.text for e in diary.store.entries()]
    assert len(texts) == 200 and len(set(texts)) == 200


def test_heuristic_feedback_is_labelled_and_rewards_coverage() -> None:
    latex = r"\sigma(x) = \frac{1}{1 + e^{-x}}"
    weak = heuristic_feedback(latex, "a function")
    strong = heuristic_feedback(
        latex,
        "The logistic sigmoid σ squashes any real x into (0, 1)"
        " with 1 over 1 plus exp of minus x; it turns a score into a"
        " probability, as in logistic regression.",
    )
    assert weak.source == strong.source == "heuristic"
    assert strong.score > weak.score
    assert "heuristic" in strong.to_markdown("en")


@respx.mock
async def test_online_feedback_uses_structured_output(with_key: str) -> None:
    graded = {
        "score": 3,
        "correct": ["names the gradient"],
        "missed_symbols": ["α"],
        "misconceptions": [],
        "model_explanation": "Step against the gradient.",
    }
    route = respx.post(GENERATE_URL).mock(
        return_value=httpx.Response(
            200,
            json=chunk(
                [{"text": json.dumps(graded)}],
                finish="STOP",
                usage_metadata=usage(prompt=200, output=80),
            ),
        )
    )
    settings = load_settings()
    engine = Engine(settings)
    diary = Diary(settings, engine=engine)
    feedback = await diary.feedback(
        r"\theta \leftarrow \theta - \alpha \nabla L", "we move theta downhill"
    )
    assert feedback.score == 3 and feedback.source == "gemini"
    assert feedback.missed_symbols == ["α"]
    sent = json.loads(route.calls[0].request.content)
    assert sent["generationConfig"]["responseMimeType"] == "application/json"
    assert "rubric" in sent["systemInstruction"]["parts"][0]["text"]
    assert [r["purpose"] for r in engine.ledger.rows()] == ["diary"]


async def test_feedback_offline_without_a_key() -> None:
    diary = Diary(load_settings(), engine=Engine(load_settings()))
    feedback = await diary.feedback(r"\sum_i x_i", "adds up all the x")
    assert feedback.source == "heuristic"


def test_symbol_quiz() -> None:
    question = quiz.symbol_question(random.Random(3))
    from tutor.tools.symbols import symbol_table

    entry = next(e for e in symbol_table().symbols if e.id == question.answer_key)
    assert quiz.check_symbol(question, entry.read.en.split(" / ")[0]).correct
    assert not quiz.check_symbol(question, "banana split").correct


def test_latex_quiz_accepts_notation_variants() -> None:
    question = quiz.Question("latex", "", "sigmoid")
    assert quiz.check_latex(question, r"\sigma(t) = \frac{1}{1+\exp(-t)}").correct
    assert not quiz.check_latex(question, r"\max(0, x)").correct
    assert "does not parse" in quiz.check_latex(question, r"\frac{1").message


def test_numpy_quiz_runs_the_learners_code_against_the_reference() -> None:
    question = quiz.Question("numpy", "", "softmax")
    right = (
        "def softmax(z, T=1.0):\n    z = np.asarray(z) / T\n    return np.exp(z) / np.exp(z).sum()"
    )
    wrong = "def softmax(z, T=1.0):\n    return np.asarray(z) / np.sum(z)"
    assert quiz.check_numpy(question, right).correct
    verdict = quiz.check_numpy(question, wrong)
    assert not verdict.correct and "differs" in verdict.message
    broken = quiz.check_numpy(question, "def softmax(z):\n    import os")
    assert not broken.correct


def test_diary_cli_write_and_streak(isolated: Path) -> None:
    env = {**os.environ, "TUTOR_HOME": str(isolated)}
    write = subprocess.run(
        [sys.executable, "-m", "tutor", "diary", "write"],
        input=("It adds up the terms over the index and divides"),
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert "Score:" in write.stdout and "saved · streak 1" in write.stdout
    streak = subprocess.run(
        [sys.executable, "-m", "tutor", "diary", "streak"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert streak.stdout.startswith("streak: 1 day\n")


def test_a_full_disk_refuses_the_save_clearly_and_keeps_what_was_saved() -> None:
    import sqlite3 as sqlite

    from tutor.errors import StorageError

    diary = make(Clock(datetime(2026, 7, 1, 9, tzinfo=TOKYO)))
    kept = diary.save("saved before the disk filled", good_feedback())
    diary.today()

    class FullDisk:
        def __init__(self, real: sqlite.Connection) -> None:
            self.real = real

        def execute(self, sql: str, *args: object) -> object:
            if sql.startswith("INSERT INTO entries"):
                raise sqlite.OperationalError("database or disk is full")
            return self.real.execute(sql, *args)

    real = diary.store.db
    diary.store.db = FullDisk(real)  # type: ignore[assignment]
    with pytest.raises(StorageError, match=r"cannot write the diary .*disk is full"):
        diary.save("lost to a full disk", good_feedback())
    diary.store.db = real
    assert [e.text for e in diary.store.entries()] == [kept.text]


def test_diary_cli_edit_keeps_the_score(isolated: Path) -> None:
    env = {**os.environ, "TUTOR_HOME": str(isolated)}
    run = [sys.executable, "-m", "tutor", "diary"]
    subprocess.run(
        [*run, "write"],
        input="first try at it",
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    edited = subprocess.run(
        [*run, "edit", "1"],
        input="a better explanation",
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "entry 1 of" in edited.stdout and "regraded" in edited.stdout
    listed = subprocess.run(
        [*run, "list"], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert "a better explanation" in listed
    missing = subprocess.run(
        [*run, "edit", "7"], input="x y z", env=env, capture_output=True, text=True
    )
    assert missing.returncode == 1 and "no diary entry 7" in missing.stderr


def test_review_saves_a_due_formula_and_schedules_it_again() -> None:
    start = datetime(2026, 8, 1, 9, tzinfo=TOKYO)
    clock = Clock(start)
    diary = make(clock)
    weak = diary.today().formula
    diary.save("no idea", good_feedback(score=0))
    clock.now = start + timedelta(days=1)
    [due] = diary.due()
    assert due == weak
    diary.save("now I can explain it properly", good_feedback(score=5), formula=due)
    assert diary.due() == []
    [(formula, next_day)] = diary.next_reviews()
    assert formula == weak and next_day > "2026-08-03"
    entries = diary.store.entries()
    assert [e.formula_key for e in entries] == [weak.key, weak.key]
    assert entries[1].day == "2026-08-02"


def test_diary_cli_review_with_nothing_due(isolated: Path) -> None:
    env = {**os.environ, "TUTOR_HOME": str(isolated)}
    done = subprocess.run(
        [sys.executable, "-m", "tutor", "diary", "review"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.startswith("nothing due.")


# regressions from issue 14 (the diary loop) and issue 12 (export over edited notes) -------


def test_today_view_never_shows_a_review_written_today() -> None:
    # bug: after `diary review`, the today view paired the day's formula with the review's text
    start = datetime(2026, 8, 1, 9, tzinfo=TOKYO)
    clock = Clock(start)
    diary = make(clock)
    weak = diary.today().formula
    diary.save("no idea", good_feedback(score=0))
    clock.now = start + timedelta(days=1)
    diary.add_formula(r"\mathbf{h}_t = \tanh(W h_{t-1} + U x_t)")  # today is another formula
    today = diary.today()
    assert today.formula != weak and weak in diary.due()
    review = diary.save("the review's own words", good_feedback(score=4), formula=weak)
    assert review.kind == "review"
    assert diary.today().entry is None  # the day's own formula is still to be written
    assert [e.text for e in diary.reviews()] == ["the review's own words"]
    mine = diary.save("today's own words", good_feedback(score=3))
    assert diary.today().entry == mine and mine.kind == "today"
    assert [e.id for e in diary.reviews()] == [review.id]
    assert "the review's own words" not in diary.today_markdown()


def test_reviews_fall_due_at_the_start_of_the_learners_local_day() -> None:
    # bug: a review fell due at the hour of the first write (21:30), not at local midnight
    tokyo = ZoneInfo("Asia/Tokyo")
    clock = Clock(datetime(2026, 8, 1, 21, 30, tzinfo=tokyo))
    diary = make(clock)
    weak = diary.today().formula
    diary.save("no idea", good_feedback(score=0))  # due again one day later, at 21:30
    clock.now = datetime(2026, 8, 2, 0, 5, tzinfo=tokyo)
    assert weak in diary.due()  # the learner's day has begun: it is due all day
    assert diary.today().formula == weak and diary.today().reason == "review"
    [(_, day)] = diary.next_reviews()
    assert day == "2026-08-02"


def test_next_local_midnight_follows_daylight_saving() -> None:
    new_york = ZoneInfo("America/New_York")
    before_change = datetime(2026, 3, 7, 12, tzinfo=new_york)  # EST; DST starts on the 8th
    midnight = start_of_next_day(before_change)
    assert midnight.isoformat() == "2026-03-08T00:00:00-05:00"
    after = start_of_next_day(datetime(2026, 3, 8, 12, tzinfo=new_york))
    assert after.isoformat() == "2026-03-09T00:00:00-04:00"
    assert after.astimezone(UTC) - midnight.astimezone(UTC) == timedelta(hours=23)


def test_a_store_from_before_the_review_kind_marks_old_reviews(isolated: Path) -> None:
    isolated.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(isolated / "diary.sqlite3")
    from tutor.diary.store import MIGRATIONS

    db.executescript(MIGRATIONS[0] + "PRAGMA user_version=1;")
    db.execute("INSERT INTO days VALUES ('2026-01-02', 'sigmoid', 'new')")
    for key in ("softmax", "sigmoid"):
        db.execute(
            "INSERT INTO entries (day, formula_key, latex, text, created, updated)"
            " VALUES ('2026-01-02', ?, 'x', ?, 't', 't')",
            (key, f"on {key}"),
        )
    db.commit()
    db.close()
    diary = make(Clock(datetime(2026, 1, 2, 20, tzinfo=TOKYO)))
    assert diary.today().entry is not None and diary.today().entry.text == "on sigmoid"
    assert [e.text for e in diary.reviews()] == ["on softmax"]


@pytest.mark.parametrize(
    ("key", "answer"),
    [
        ("bayes", r"P(A|B) = \frac{P(B|A) P(A)}{P(B)}"),
        ("bayes", r"P(A\mid B)=\frac{P(B\mid A)\,P(A)}{P(B)}"),
        ("mse", r"\mathrm{MSE} = \frac{1}{n}\sum_{i=1}^{n}(\hat y_i - y_i)^2"),
        ("mse", r"\mathrm{MSE}=\frac1n\sum_{i=1}^n ( y_i-\hat{y}_i )^{2}"),
        ("attention", r"\mathrm{softmax}(QK^T/\sqrt{d_k})V"),
        ("attention", r"\mathrm{softmax}\left(\frac{{QK^{\top}}}{\sqrt{d_k}}\right)V"),
        ("sigmoid", r"\sigma(x)=1/(1+e^{-x})"),
    ],
)
def test_latex_quiz_accepts_equivalent_latex(key: str, answer: str) -> None:
    # bug: right answers marked wrong (`|` vs `\mid`, (ŷ−y)² vs (y−ŷ)², QK^T/√d_k)
    assert quiz.check_latex(quiz.Question("latex", "", key), answer).correct


@pytest.mark.parametrize(
    ("key", "answer"),
    [
        ("bayes", r"P(A|B) = \frac{P(A|B) P(A)}{P(B)}"),  # numerator wrong
        ("mse", r"\mathrm{MSE} = \frac{1}{n}\sum_{i=1}^{n}(\hat y_i + y_i)^2"),
        ("attention", r"\mathrm{softmax}(QK^T)V"),  # no scaling
        ("attention", r"\mathrm{softmax}(K^T Q/\sqrt{d_k})V"),  # wrong order
        ("sigmoid", r"\sigma(x)=1/(1-e^{-x})"),
    ],
)
def test_latex_quiz_still_rejects_wrong_latex(key: str, answer: str) -> None:
    assert not quiz.check_latex(quiz.Question("latex", "", key), answer).correct


SIGMOID = r"\sigma(x) = \frac{1}{1 + e^{-x}}"
CROSS_ENTROPY = r"\mathcal{L} = -\sum_{i} y_i \log \hat{y}_i"


def test_offline_grader_reads_japanese() -> None:
    # bug: a correct Japanese explanation got 2/5
    japanese = (
        "σ（シグマ）はロジスティックシグモイド関数で、任意の実数 x を 0 から 1 の間に"
        "押し込みます。e はネイピア数で、x が大きいほど e の -x 乗は小さくなるので、"
        "分母は 1 に近づき、出力は確率として使えます。"
    )
    assert heuristic_feedback(SIGMOID, japanese, "ja").score >= 4
    loss = (
        "クロスエントロピー損失 L は、正解ラベル y_i と予測 ŷ_i（y ハット）の対数の積を"
        " i について総和し、符号を反転したものです。"
    )
    assert heuristic_feedback(CROSS_ENTROPY, loss, "ja").score >= 4


def test_offline_grader_reads_spelled_out_symbols() -> None:
    # bug: "y-hat" did not count as ŷ
    text = (
        "L is the loss: minus the sum over i of y_i times the log of y-hat_i, where y is"
        " the true label and y-hat is the model's predicted probability."
    )
    feedback = heuristic_feedback(CROSS_ENTROPY, text)
    assert "ŷ" not in feedback.missed_symbols and feedback.score >= 4


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "シグマはロジスティックシグモイド関数で、任意の実数 x を 0 から 1 の間に押し込み"
            "ます。分母の e の -x 乗は x が大きいほど小さくなります。",
            "ja",
        ),
        (
            "Sigma is the logistic sigmoid: it squashes any real x into the range from 0 to 1,"
            " because the e to the minus x term in the denominator shrinks as x grows.",
            "en",
        ),
    ],
)
def test_offline_grader_counts_a_symbol_named_in_words(text: str, lang: str) -> None:
    feedback = heuristic_feedback(SIGMOID, text, lang)
    assert "σ" not in feedback.missed_symbols and feedback.score >= 4


@pytest.mark.parametrize(
    "salad",
    [
        "sigma sigmoid logistic regression probability squashes real number exponential"
        " fraction over x e LSTM gates Euler",
        "σ, x, e, exp, fraction, over, logistic, sigmoid, probability, squashes, real,"
        " number, regression, gates",
        "the sigma the x the e the fraction is the logistic sigmoid probability squashes"
        " real number regression",
        "σ、x、e、シグマ、ロジスティック、回帰、確率、実数、任意、ゲート",
    ],
)
def test_offline_grader_is_not_fooled_by_a_list_of_keywords(salad: str) -> None:
    # bug: a keyword salad got 4/5; each symbol must be explained, not just named
    assert heuristic_feedback(SIGMOID, salad).score <= 1


def _export_one(tmp_path: Path) -> tuple[Diary, Path]:
    diary = make(Clock(datetime(2026, 6, 1, 9, tzinfo=TOKYO)))
    diary.save("attention averages values weighted by query-key match", good_feedback(4))
    [path] = diary.export(tmp_path / "vault").written
    return diary, path


def test_export_updates_an_untouched_note_in_place(tmp_path: Path) -> None:
    diary, path = _export_one(tmp_path)
    again = diary.export(tmp_path / "vault")
    assert again.unchanged == [path] and again.written == [] and again.beside == []
    entry = diary.store.entries()[0]
    diary.edit(entry.id, "a sharper explanation of it", good_feedback(5))
    updated = diary.export(tmp_path / "vault")
    assert updated.written == [path] and "a sharper explanation" in path.read_text()
    assert "score: 5" in path.read_text()


def test_export_never_overwrites_a_note_the_learner_edited(tmp_path: Path) -> None:
    diary, path = _export_one(tmp_path)
    path.write_text(path.read_text() + "\nMy own margin note.\n")
    entry = diary.store.entries()[0]
    diary.edit(entry.id, "a sharper explanation of it", good_feedback(5))
    report = diary.export(tmp_path / "vault")
    [(kept, new)] = report.beside
    assert kept == path and "My own margin note." in path.read_text()
    assert new.name.endswith("-tutor.md") and "a sharper explanation" in new.read_text()
    assert "kept your edits in" in report.summary() and new.name in report.summary()
    # a second export updates the copy beside it, still leaving the learner's note alone
    again = diary.export(tmp_path / "vault")
    assert again.beside == [(path, new)] and "My own margin note." in path.read_text()
    assert len(list((tmp_path / "vault").iterdir())) == 2


def test_export_writes_latex_spans_as_obsidian_math(tmp_path: Path) -> None:
    diary = make(Clock(datetime(2026, 6, 1, 9, tzinfo=TOKYO)))
    graded = good_feedback(4).model_copy(update={"model_explanation": r"`\sigma` squashes"})
    diary.save(r"the `\frac{1}{1+e^{-x}}` part; in NumPy `np.exp(-x)`", graded)
    [path] = diary.export(tmp_path / "vault").written
    text = path.read_text()
    assert r"the $\frac{1}{1+e^{-x}}$ part" in text and "`np.exp(-x)`" in text
    assert r"$\sigma$ squashes" in text


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_exported_notes_are_private(tmp_path: Path) -> None:
    import stat

    _, path = _export_one(tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_export_front_matter_is_readable_yaml(tmp_path: Path) -> None:
    _, path = _export_one(tmp_path)
    text = path.read_text()
    front = text.split("---\n")[1]
    fields = dict(line.split(": ", 1) for line in front.strip().splitlines())
    assert fields["formula"].startswith('"') and fields["kind"] == "today"
    assert len(fields["tutor_hash"]) == 16
    assert "$$\n" in text and "`" not in text.split("## My explanation")[0]


def _cli(isolated: Path, *args: str, stdin: int | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TUTOR_HOME": str(isolated)}
    return subprocess.run(
        [sys.executable, "-m", "tutor", *args],
        stdin=stdin,
        capture_output=True,
        text=True,
        env=env,
    )


def test_quiz_with_stdin_closed_ends_with_one_line(isolated: Path) -> None:
    with open(os.devnull) as devnull:
        done = _cli(isolated, "diary", "quiz", "symbol", stdin=devnull.fileno())
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("tutor: no answer") and len(done.stderr.splitlines()) == 1


def test_streak_into_a_closed_pipe_is_quiet(isolated: Path) -> None:
    env = {**os.environ, "TUTOR_HOME": str(isolated)}
    script = f"{sys.executable} -m tutor diary streak | head -1"
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", script], capture_output=True, text=True, env=env
    )
    assert done.stdout == "streak: 0 days\n" and "Traceback" not in done.stderr
    assert done.stderr == ""


def test_export_says_how_many_notes_in_words(isolated: Path, tmp_path: Path) -> None:
    diary = make(Clock(datetime.now(TOKYO)))
    diary.save("a sum over the terms, divided by their count", good_feedback())
    diary.close()
    done = _cli(isolated, "diary", "export", str(tmp_path / "vault"))
    assert done.stdout.startswith("exported 1 note to ")


@pytest.mark.parametrize("length", [1, 63, 64, 65, 200])
def test_a_long_streak_is_counted_to_its_start(length: int) -> None:
    clock = Clock(datetime(2026, 6, 1, 9, tzinfo=TOKYO))
    diary = make(clock)
    with diary.store.transaction() as db:
        for back in range(1, length + 1):  # ending yesterday: today is still open
            day = (datetime(2026, 6, 1) - timedelta(days=back)).date().isoformat()
            db.execute(
                "INSERT INTO entries (day, formula_key, latex, text, created, updated)"
                " VALUES (?, 'k', 'x', 't', 't', 't')",
                (day,),
            )
    assert diary.streak() == length


def test_a_growing_bank_rarely_changes_the_days_pick() -> None:
    # the pick used to be hash(day) mod len(pool): any new formula changed almost every day
    from tutor.diary.service import DiaryFormula

    diary = make(Clock(datetime(2026, 3, 1, 9, tzinfo=TOKYO)))
    bank = {f"f{i}": DiaryFormula(f"f{i}", "x", "n", "bank") for i in range(200)}
    grown = {**bank, **{f"g{i}": DiaryFormula(f"g{i}", "x", "n", "bank") for i in range(5)}}
    days = [f"2026-{m:02d}-{d:02d}" for m in range(1, 13) for d in range(1, 29)]
    before = [diary._choose(day, bank) for day in days]
    after = [diary._choose(day, grown) for day in days]
    assert all(reason == "new" for _, reason in before)
    changed = sum(b != a for b, a in zip(before, after, strict=True))
    assert changed <= len(days) // 10  # about 5 days in 205, not nearly all
    assert len({key for key, _ in before}) > 100  # and the picks still spread over the bank


def test_an_empty_diary_list_says_so(isolated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tutor.cli import main

    assert main(["diary", "list"]) == 0
    assert capsys.readouterr().out.startswith("no entries yet")


def test_diary_add_says_what_happens_and_list_shows_the_formula(
    isolated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tutor.cli import main

    assert main(["diary", "add", "E = mc^2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("added your formula: E = mc^2\n") and "yours:" not in out
    assert "it is today's formula" in out and "tutor diary write" in out
    assert main(["diary", "today"]) == 0
    today = capsys.readouterr().out
    assert "your formula): your formula" not in today and "mc" in today
    assert main(["diary", "list"]) == 0
    listed = capsys.readouterr().out
    assert "not explained yet" in listed and "E = mc^2" in listed
    assert "no entries yet" not in listed


def test_a_formula_added_after_today_is_written_waits_for_a_coming_day() -> None:
    diary = make(Clock(datetime(2026, 6, 1, 9, tzinfo=TOKYO)))
    diary.save("my words about the formula of the day", good_feedback())
    diary.add_formula("E = mc^2")
    assert diary.today().formula.latex != "E = mc^2"
    [(added, formula)] = diary.unwritten_own_formulas()
    assert (added, formula.latex) == ("2026-06-01", "E = mc^2")


POLICY_GRADIENT = (
    r"\nabla_\theta J(\theta) = \mathbb{E}_{\tau \sim \pi_\theta}\left[\sum_t \nabla_\theta"
    r" \log \pi_\theta(a_t \mid s_t) G_t\right]"
)


def test_offline_grader_counts_symbols_named_in_words_in_one_dense_sentence() -> None:
    # bug (QA 7): 0/5, and every symbol listed as missed, including the ones it names
    text = (
        "The gradient of expected return equals the expectation of grad log prob of the"
        " action times the return G_t."
    )
    feedback = heuristic_feedback(POLICY_GRADIENT, text)
    named = {"∇", "E", "π", "log", "a", "G", "t"}
    assert not named & set(feedback.missed_symbols)
    assert feedback.score >= 2


def test_offline_grader_gives_a_full_explanation_of_policy_gradient_a_high_score() -> None:
    text = (
        "J is the expected return of the policy with parameters theta. Its gradient equals"
        " the expectation, over trajectories tau drawn from the policy pi, of the sum over"
        " time steps t of the gradient of the log probability of action a_t given state"
        " s_t, times the return G_t that followed it."
    )
    feedback = heuristic_feedback(POLICY_GRADIENT, text)
    assert feedback.score >= 4 and len(feedback.missed_symbols) <= 2


@pytest.mark.parametrize(
    "salad",
    [
        "gradient expectation log probability action return policy theta",
        "grad, log, prob, action, return, G_t, theta, policy, expectation, tau",
        "the gradient the expectation the log the action is the return the policy",
        "gradient of expectation of log of action is return of policy",
    ],
)
def test_offline_grader_keeps_a_policy_gradient_keyword_salad_low(salad: str) -> None:
    assert heuristic_feedback(POLICY_GRADIENT, salad).score <= 1


def test_numpy_quiz_errors_give_lines_of_the_learners_answer() -> None:
    # bug (QA 14): a one-line answer's error was reported at "line 4" of the whole program
    question = quiz.Question("numpy", "", "softmax")
    one_line = quiz.check_numpy(question, "def softmax(z, T=1.0): return z / missing_name")
    assert "(line 1 of your answer)" in one_line.message and "NameError" in one_line.message
    second = quiz.check_numpy(question, "def softmax(z, T=1.0):\n    return z / missing_name")
    assert "(line 2 of your answer)" in second.message
    wrong_arguments = quiz.check_numpy(question, "def softmax():\n    return 1")
    assert "calling `softmax(" in wrong_arguments.message and "line" not in wrong_arguments.message


def test_exported_note_names_have_no_spaces_and_old_names_keep_updating(tmp_path: Path) -> None:
    diary, path = _export_one(tmp_path)
    assert " " not in path.name and path.name.startswith("2026-06-01-")
    # a vault exported before names had no spaces: that note keeps being updated in place
    slug = path.stem.removeprefix("2026-06-01-").rsplit("-", 1)[0]
    old = path.with_name(f"2026-06-01 {slug} 1.md")
    path.rename(old)
    entry = diary.store.entries()[0]
    diary.edit(entry.id, "a sharper explanation of it", good_feedback(5))
    report = diary.export(tmp_path / "vault")
    assert report.written == [old] and "a sharper explanation" in old.read_text()
    assert not path.exists()
