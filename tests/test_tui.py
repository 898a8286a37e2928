"""The TUI, driven with Textual's Pilot: streaming answers, tool cards, the offline note,
slash commands, the input's keys, and snapshots at 80x24 and 120x40."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from textual import events

from tests.arxiv_fakes import API, ATTENTION
from tests.gemini_fakes import STREAM_URL, function_call_stream, sse_response, text_stream
from tutor.config import load_settings
from tutor.ui.app import TutorApp
from tutor.ui.widgets import AnswerView, ChatInput, NoteLine, ToolCard, UserMessage


def app(**overrides: Any) -> TutorApp:
    return TutorApp(load_settings(**overrides))


def answers(tui: TutorApp) -> list[str]:
    return [view.raw_text for view in tui.query(AnswerView)]


def notes(tui: TutorApp) -> list[str]:
    return [str(note.render()) for note in tui.query(NoteLine)]


def status(tui: TutorApp) -> str:
    return str(tui.query_one("#status").render())


async def send(pilot: Any, text: str) -> None:
    await pilot.pause()  # the chat screen is mounted and the input focused
    chat_input = pilot.app.query_one(ChatInput)
    chat_input.text = text
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@respx.mock
async def test_a_question_streams_its_answer_with_source_and_cost(with_key: str) -> None:
    respx.post(STREAM_URL).mock(
        return_value=sse_response(text_stream("Softmax turns ", "scores into $p_i$ probabilities."))
    )
    tui = app()
    async with tui.run_test(size=(100, 40)) as pilot:
        await pilot.press(*"why softmax?")
        await pilot.press("enter")
        await tui.workers.wait_for_complete()
        await pilot.pause()
        assert [str(m.render()) for m in tui.query(UserMessage)] == ["why softmax?"]
        last = tui.query(AnswerView).last()
        assert last.raw_text == "Softmax turns scores into $p_i$ probabilities."
        assert "pᵢ" in last.render_text()  # math shown as Unicode
        assert "gemini (gemini-3.8-flash)" in str(last.source.render())
        # the status bar shows the ledger's spend, the answer's own cost added
        from tutor.messages import money

        assert f"today {money(tui.engine.ledger.total())} / $1.00" in status(tui)
        assert tui.query_one(ChatInput).text == ""


@respx.mock
async def test_tool_calls_show_as_cards(with_key: str) -> None:
    respx.post(STREAM_URL).mock(
        side_effect=[
            sse_response(function_call_stream("lookup_symbol", {"latex": r"\nabla"}, call_id="1")),
            sse_response(text_stream("∇ is the gradient.")),
        ]
    )
    tui = app()
    async with tui.run_test(size=(100, 40)) as pilot:
        await send(pilot, "what is nabla?")
        [card] = tui.query(ToolCard)
        assert card.tool_name == "lookup_symbol"
        assert "nabla" in str(card.result_view.render())
        assert answers(tui)[-1] == "∇ is the gradient."


async def test_without_a_key_the_offline_note_is_shown() -> None:
    tui = app()
    async with tui.run_test(size=(100, 40)) as pilot:
        await pilot.pause()  # the status bar is filled after the first frame
        assert "offline (no API key)" in status(tui)
        await send(pilot, r"\frac{1}{1 + e^{-x}}")
        [pasted] = [str(m.render()) for m in tui.query(UserMessage)]
        assert pasted == "\\frac{1}{1 + e^{-x}}\n  ⟶ 1/(1 + e⁻ˣ)"
        assert not any("no API key" in note for note in notes(tui))  # said once, below
        assert "logistic sigmoid" in answers(tui)[-1]
        assert "offline (no API key)" in str(tui.query(AnswerView).last().source.render())


async def test_in_japanese_the_offline_reason_is_japanese() -> None:
    tui = app(TUTOR_LANG="ja")
    async with tui.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        bar = status(tui)
        assert bar.startswith("オフライン（APIキーなし）")
        assert "no API key" not in bar and "offline" not in bar
        await send(pilot, "softmax とは")
        line = str(tui.query(AnswerView).last().source.render())
        assert line.startswith("— オフライン（APIキーなし）")
        assert "no API key" not in line and "offline" not in line
        assert not any("API" in note for note in notes(tui))
        await send(pilot, r"\frac{1}{1 + e^{-x}}")  # the offline explainer's tool card
        titles = [str(card.title) for card in tui.query("ToolCard")]
        assert titles and all(title.startswith("ツール ") for title in titles), titles
        footer = " ".join(str(key.render()) for key in tui.query("FooterKey"))
        assert "palette" not in footer


async def test_the_input_keys() -> None:
    tui = app()
    async with tui.run_test(size=(100, 40)) as pilot:
        chat_input = tui.query_one(ChatInput)
        await pilot.press("a", "ctrl+j", "b")
        assert chat_input.text == "a\nb"  # ctrl+j is a newline, not a send
        chat_input.text = ""
        chat_input.post_message(events.Paste("x = 1\ny = 2\n"))  # a paste never sends
        await pilot.pause()
        assert "x = 1\ny = 2" in chat_input.text and not tui.query(UserMessage)
        chat_input.text = "/sy"
        chat_input.move_cursor(chat_input.document.end)
        await pilot.press("tab")
        assert chat_input.text == "/symbol "
        await send(pilot, "/spend")
        await send(pilot, "/cache")
        await pilot.press("up")
        assert chat_input.text == "/cache"
        await pilot.press("up")
        assert chat_input.text == "/spend"
        await pilot.press("down", "down")
        assert chat_input.text == ""


@respx.mock
async def test_every_slash_command(tmp_path: Path) -> None:
    respx.get(API).mock(return_value=httpx.Response(200, text=ATTENTION))
    tui = app()
    async with tui.run_test(size=(120, 40)) as pilot:
        await send(pilot, r"/explain \sum_{i=1}^{n} x_i^2")
        assert "∑ᵢ₌₁ⁿ xᵢ²" in answers(tui)[-1] and "np.sum" in answers(tui)[-1]
        await send(pilot, r"/symbol \nabla_\theta")
        assert "gradient with respect to θ" in answers(tui)[-1]
        await send(pilot, "/run np.arange(6).reshape(2, 3).T")
        assert "shape (3, 2)" in answers(tui)[-1]
        await send(pilot, "/arxiv 1706.03762")
        assert "Attention Is All You Need" in answers(tui)[-1]
        await send(pilot, "/arxiv note 1706.03762")
        assert "Reading note written to" in answers(tui)[-1]
        assert "## Problem" in answers(tui)[-1]
        assert list(tui.engine.settings.notes_path.glob("1706.03762*.md"))
        await send(pilot, "/diary")
        assert tui.screen.__class__.__name__ == "DiaryScreen"
        await pilot.press("escape")
        await send(pilot, "/spend")
        assert "today:" in answers(tui)[-1]
        await send(pilot, "/cache")
        assert any(n.startswith("cache: 0 entries") for n in notes(tui))
        await send(pilot, "/model gemini-2.5-pro")
        assert "model: gemini-2.5-pro" in notes(tui)
        await send(pilot, "/lang ja")
        assert "ja" in status(tui)
        await send(pilot, "/offline")
        assert "オフライン（オフラインモード）" in status(tui)  # the UI follows /lang
        export = tmp_path / "chat.md"
        await send(pilot, f"/export {export}")
        text = export.read_text()
        assert text.startswith("---\ntitle: ") and "cost_usd:" in text
        assert "/explain" not in text and "$$\n\\sum_{i=1}^{n} x_i^2\n$$" in text  # math, no noise
        conversation = tui.conversation_id
        await send(pilot, "/new")
        assert not tui.query(UserMessage) or len(tui.query(UserMessage)) == 0
        await send(pilot, "/history")
        listing = notes(tui)[-1]
        assert f"{conversation:>5}  " in listing
        # /history does not record itself as a conversation
        assert not any(line.endswith("/history") for line in listing.splitlines())
        await send(pilot, f"/history {conversation}")
        assert tui.conversation_id == conversation
        assert any("/explain" in str(m.render()) for m in tui.query(UserMessage))
        await send(pilot, "/help")
        assert tui.screen.__class__.__name__ == "HelpScreen"
        await pilot.press("escape")
        await send(pilot, "/nonsense")
        assert any("不明なコマンド /nonsense" in n for n in notes(tui))
        await send(pilot, "/lang fr")
        assert any("en か ja を選んでください" in n for n in notes(tui))


async def test_raw_latex_is_one_key_away() -> None:
    tui = app()
    async with tui.run_test(size=(100, 40)) as pilot:
        await send(pilot, r"/symbol \alpha")
        view = tui.query(AnswerView).last()
        assert "α" in view.render_text() and r"\alpha" in view.raw_text
        await pilot.press("f2")
        assert view.show_raw and view.render_text() == view.raw_text
        await pilot.press("f2")
        assert not view.show_raw


@respx.mock
async def test_the_status_bar_says_when_the_budget_is_spent(with_key: str) -> None:
    from decimal import Decimal

    from tutor.spend import TokenUsage

    tui = app(TUTOR_DAILY_BUDGET_USD="0.01")
    tui.engine.ledger.record("gemini-3.8-flash", TokenUsage(prompt=1), Decimal("0.02"))
    async with tui.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert status(tui).startswith("offline (over budget)")


async def test_keymap_setting_rebinds_keys() -> None:
    tui = app(TUTOR_KEYMAP="toggle_raw=f4")
    async with tui.run_test(size=(100, 40)) as pilot:
        await send(pilot, r"/symbol \alpha")
        await pilot.press("f4")
        assert tui.show_raw


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_main_screen(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(app(), terminal_size=size)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_offline_answer(snap_compare: Any, size: tuple[int, int]) -> None:
    async def ask(pilot: Any) -> None:
        await send(pilot, r"/explain \sigma(x) = \frac{1}{1 + e^{-x}}")

    assert snap_compare(app(), terminal_size=size, run_before=ask)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_help(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(app(), terminal_size=size, press=["f1"])


@pytest.mark.parametrize("size", [(80, 24)])
async def test_usable_at_80x24(size: tuple[int, int]) -> None:
    tui = app()
    async with tui.run_test(size=size) as pilot:
        await send(pilot, "what is KL divergence?")
        assert tui.query_one(ChatInput).region.height >= 3
        assert tui.query_one("#status").region.y == 0
        assert "KL divergence" in answers(tui)[-1]
        assert json.dumps(status(tui))


@pytest.mark.skipif(__import__("shutil").which("tmux") is None, reason="tmux is not installed")
def test_the_app_in_a_real_terminal_under_tmux() -> None:
    import subprocess
    import sys

    root = Path(__file__).parent.parent
    tutor = Path(sys.executable).with_name("tutor")
    result = subprocess.run(
        ["bash", str(root / "scripts" / "tmux_check.sh"), str(tutor)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "tmux check passed" in result.stdout


async def test_diary_screen_writes_an_entry_with_feedback() -> None:
    tui = app()
    async with tui.run_test(size=(100, 40)) as pilot:
        await pilot.press("f3")
        screen = tui.screen
        assert screen.__class__.__name__ == "DiaryScreen"
        assert "Formula of the day" in str(screen.query_one("#diary-formula").render())
        await pilot.press("ctrl+s")  # nothing written yet: nothing saved
        await tui.workers.wait_for_complete()
        editor = screen.query_one("#diary-editor")
        editor.text = "It turns scores into probabilities that sum to one using exp."
        await pilot.press("ctrl+s")
        await tui.workers.wait_for_complete()
        await pilot.pause()
        assert editor.text == ""
        assert "Score:" in screen.query_one("#diary-feedback")._markdown  # type: ignore[attr-defined]
        assert "streak: 1" in str(screen.query_one("#diary-calendar").render())
        from tutor.diary.service import Diary

        diary = Diary(load_settings())
        assert [e.text for e in diary.store.entries()] == [
            "It turns scores into probabilities that sum to one using exp."
        ]


async def test_diary_quiz_checks_an_answer() -> None:
    import random

    from tutor.tools.symbols import symbol_table

    tui = app()
    async with tui.run_test(size=(100, 40)) as pilot:
        await pilot.press("f3")
        screen = tui.screen
        screen.rng = random.Random(0)  # type: ignore[attr-defined]
        screen.action_quiz()  # type: ignore[attr-defined]
        question = screen.question  # type: ignore[attr-defined]
        assert question is not None
        assert "Quiz:" in str(screen.query_one("#diary-formula").render())
        editor = screen.query_one("#diary-editor")
        if question.kind == "symbol":
            entry = next(e for e in symbol_table().symbols if e.id == question.answer_key)
            editor.text = entry.read.en.split(" / ")[0]
        elif question.kind == "latex":
            from tutor.offline.bank import formula_bank

            editor.text = next(
                f for f in formula_bank().formulas if f.id == question.answer_key
            ).latex[0]
        else:
            from tutor.offline.bank import formula_bank

            editor.text = next(
                f for f in formula_bank().formulas if f.id == question.answer_key
            ).numpy
        await pilot.press("ctrl+s")
        await tui.workers.wait_for_complete()
        await pilot.pause()
        shown = screen.query_one("#diary-feedback")._markdown  # type: ignore[attr-defined]
        assert shown.startswith("**✓"), shown
        assert screen.question is None  # type: ignore[attr-defined]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_snapshot_diary(snap_compare: Any, size: tuple[int, int]) -> None:
    from datetime import datetime, timedelta, timezone

    import tutor.diary.service as service

    fixed = datetime(2026, 11, 26, 9, 0, tzinfo=timezone(timedelta(hours=9)))
    original = service.local_now
    service.local_now = lambda: fixed
    try:
        assert snap_compare(app(), terminal_size=size, press=["f3"])
    finally:
        service.local_now = original


@respx.mock
async def test_follow_up_questions_send_the_earlier_turns(with_key: str) -> None:
    route = respx.post(STREAM_URL).mock(
        side_effect=lambda request: sse_response(text_stream("an answer"))
    )
    tui = app()
    async with tui.run_test(size=(100, 40)) as pilot:
        await send(pilot, "what is softmax?")
        await send(pilot, "and its temperature?")
        contents = json.loads(route.calls[1].request.content)["contents"]
        assert [c["parts"][0]["text"] for c in contents] == [
            "what is softmax?",
            "an answer",
            "and its temperature?",
        ]
        await send(pilot, "/new")
        await send(pilot, "fresh start")
        assert len(json.loads(route.calls[2].request.content)["contents"]) == 1


async def test_the_input_stays_usable_while_an_answer_streams() -> None:
    import asyncio

    from tutor.events import FinalAnswer, TextDelta

    tui = app()
    release = asyncio.Event()

    async def slow_ask(question: str, **_: Any):  # type: ignore[no-untyped-def]
        yield TextDelta("first words ")
        await release.wait()
        yield FinalAnswer(text="first words done", source="offline", offline_reason="test")

    tui.engine.ask = slow_ask  # type: ignore[method-assign]
    async with tui.run_test(size=(100, 40)) as pilot:
        tui.query_one(ChatInput).text = "a question"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"typing meanwhile")
        assert tui.query_one(ChatInput).text == "typing meanwhile"
        release.set()
        await tui.workers.wait_for_complete()
        await pilot.pause()
        assert answers(tui)[-1] == "first words done"


# keys, copy, long sessions and the regressions of issues #12-#14 ------------------------


def streaming_app(chunks: list[str], release: Any = None) -> TutorApp:
    """An app whose engine streams `chunks` and, if `release` is given, waits on it."""
    import asyncio

    from tutor.events import FinalAnswer, TextDelta

    tui = app()
    calls: list[dict[str, Any]] = []

    async def fake_ask(question: str, **kwargs: Any):  # type: ignore[no-untyped-def]
        calls.append({"question": question, **kwargs})
        for chunk in chunks:
            yield TextDelta(chunk)
            await asyncio.sleep(0)
        if release is not None:
            await release.wait()
        yield FinalAnswer(text="".join(chunks) + question, source="offline", offline_reason="t")

    tui.engine.ask = fake_ask  # type: ignore[method-assign]
    tui.calls = calls  # type: ignore[attr-defined]
    return tui


async def test_conversation_scrolls_from_the_input_and_old_turns_come_back() -> None:
    from tutor.ui.chat_screen import LIVE_TURNS
    from tutor.ui.widgets import TurnView

    tui = app()
    async with tui.run_test(size=(80, 24)) as pilot:
        screen = tui.chat_screen
        for i in range(LIVE_TURNS + 6):
            await screen.add_note(f"note {i}\n" * 3)
        await pilot.pause()
        assert len(screen.mounted_turns()) == LIVE_TURNS  # older turns are data, not widgets
        assert screen.window_start == len(screen.items) - LIVE_TURNS
        chat = screen.chat
        assert tui.focused is screen.chat_input
        for _ in range(50):  # the scroll to the end lands after layout; a loaded machine is slow
            if chat.scroll_y > 0:
                break
            await pilot.pause(0.02)
        bottom = chat.scroll_y
        assert bottom > 0
        await pilot.press("pageup")
        await pilot.pause()
        assert chat.scroll_y < bottom
        await pilot.press("ctrl+home")
        await pilot.pause()
        assert chat.scroll_y == 0
        await pilot.press("pageup")  # at the top: earlier turns are mounted again
        await pilot.pause()
        assert len(screen.query(TurnView)) > LIVE_TURNS
        await pilot.press("ctrl+end")
        await pilot.pause()
        assert chat.scroll_y == chat.max_scroll_y
        await pilot.press("pagedown")
        assert tui.focused is screen.chat_input


async def test_ctrl_c_clears_then_quits_and_ctrl_d_quits_on_empty_input() -> None:
    tui = app()
    async with tui.run_test(size=(80, 24)) as pilot:
        exits: list[bool] = []
        tui.exit = lambda *a, **k: exits.append(True)  # type: ignore[method-assign]
        chat_input = tui.chat_screen.chat_input
        await pilot.press(*"draft")
        await pilot.press("ctrl+c")
        assert chat_input.text == "" and not exits
        await pilot.press("ctrl+c")
        assert exits == [True]
        chat_input.text = "ab"
        chat_input.move_cursor((0, 0))
        await pilot.press("ctrl+d")  # with text: deletes to the right, does not quit
        assert chat_input.text == "b" and exits == [True]
        chat_input.text = ""
        await pilot.press("ctrl+d")
        assert exits == [True, True]


async def test_ctrl_l_clears_the_screen() -> None:
    from tutor.ui.widgets import TurnView

    tui = app()
    async with tui.run_test(size=(80, 24)) as pilot:
        await send(pilot, r"/symbol \alpha")
        assert tui.query(TurnView)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert not tui.query(TurnView)


async def test_up_down_keep_the_unsent_draft() -> None:
    tui = app()
    async with tui.run_test(size=(80, 24)) as pilot:
        await send(pilot, "/spend")
        chat_input = tui.chat_screen.chat_input
        await pilot.press(*"half written")
        await pilot.press("up")
        assert chat_input.text == "/spend"
        await pilot.press("down")
        assert chat_input.text == "half written"


async def test_escape_stops_a_streaming_answer_and_keeps_what_came() -> None:
    import asyncio

    release = asyncio.Event()
    tui = streaming_app(["first ", "words "], release)
    async with tui.run_test(size=(80, 24)) as pilot:
        tui.chat_screen.chat_input.text = "a question"
        await pilot.press("enter")
        for _ in range(20):
            await pilot.pause()
        await pilot.press("escape")
        await tui.workers.wait_for_complete()
        await pilot.pause()
        view = tui.query(AnswerView).last()
        assert view.raw_text == "first words "
        assert view.body.text == "first words "  # drawn, not only kept
        assert "stopped" in str(view.source.render())
        saved = tui.store.messages(tui.conversation_id)
        assert [(m.role, m.content, m.source) for m in saved][-1] == (
            "assistant",
            "first words ",
            "stopped",
        )


async def test_a_stream_is_drawn_in_batches_and_its_final_text_is_exact(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import asyncio

    from tutor.ui import widgets

    chunks = [f"word{i} $x_{i}$ " + ("\n\n" if i % 10 == 9 else "") for i in range(300)]
    release = asyncio.Event()
    tui = streaming_app(chunks, release)
    drawn: list[str] = []
    show = widgets.AnswerView.show_streamed

    def counted(self: widgets.AnswerView) -> None:
        drawn.append(self.raw_text)
        show(self)

    monkeypatch.setattr(widgets.AnswerView, "show_streamed", counted)
    monkeypatch.setattr(widgets, "STREAM_EVERY_S", 3600.0)  # one draw, then a long wait
    async with tui.run_test(size=(100, 30)) as pilot:
        tui.chat_screen.chat_input.text = "q"
        await pilot.press("enter")
        for _ in range(20):
            await pilot.pause()
        view = tui.query(AnswerView).last()
        assert drawn == [chunks[0]]  # the first chunk at once; the rest wait for the next draw
        assert view.raw_text == "".join(chunks)  # kept as it came, every chunk
        release.set()
        await tui.workers.wait_for_complete()
        await pilot.pause()
        final = "".join(chunks) + "q"
        assert view.raw_text == final  # the final answer replaces the stream exactly
        assert view.body.text == view.render_text()  # and is drawn as it is, math as Unicode
        assert "x₂₉₉" in view.body.text and "$" not in view.body.text


async def test_a_streamed_answer_shows_what_came_while_it_waits() -> None:
    import asyncio

    release = asyncio.Event()
    tui = streaming_app(["one ", "two ", "three"], release)
    async with tui.run_test(size=(100, 30)) as pilot:
        tui.chat_screen.chat_input.text = "q"
        await pilot.press("enter")
        await pilot.pause(0.5)  # longer than STREAM_EVERY_S: the waiting chunks are drawn
        view = tui.query(AnswerView).last()
        assert view.body.text == "one two three"
        release.set()
        await tui.workers.wait_for_complete()


async def test_quitting_mid_stream_keeps_what_came() -> None:
    import asyncio

    release = asyncio.Event()
    tui = streaming_app(["kept ", "text"], release)
    async with tui.run_test(size=(80, 24)) as pilot:
        tui.chat_screen.chat_input.text = "a question"
        await pilot.press("enter")
        for _ in range(20):
            await pilot.pause()
        conversation = tui.conversation_id
        store_path = tui.settings.data_dir / "conversations.sqlite3"
        await pilot.press("ctrl+q")
    from tutor.conversations import ConversationStore

    store = ConversationStore(store_path)
    assert [m.content for m in store.messages(conversation)] == ["a question", "kept text"]
    store.close()


async def test_finished_answers_are_one_static_each() -> None:
    from textual.widgets import Markdown

    tui = streaming_app(["answer to "])
    async with tui.run_test(size=(80, 24)) as pilot:
        for question in ("one", "two", "three"):
            await send(pilot, question)
        views = list(tui.query(AnswerView))
        assert [isinstance(v.body, Markdown) for v in views[-3:]] == [False, False, False]
        assert views[-3].raw_text == "answer to one"
        assert views[-3].body.text == "answer to one"  # type: ignore[union-attr]


async def test_a_second_question_does_not_drop_the_first_answer() -> None:
    tui = streaming_app(["answer to "])
    async with tui.run_test(size=(80, 24)) as pilot:
        chat_input = tui.chat_screen.chat_input
        chat_input.text = "one"
        await pilot.press("enter")
        chat_input.text = "two"
        await pilot.press("enter")
        await tui.workers.wait_for_complete()
        await pilot.pause()
        assert answers(tui)[-2:] == ["answer to one", "answer to two"]
        saved = [m.content for m in tui.store.messages(tui.conversation_id)]
        assert saved == ["one", "answer to one", "two", "answer to two"]


async def test_copy_keys_write_osc52_with_a_toast() -> None:
    import base64

    tui = app()
    async with tui.run_test(size=(100, 30)) as pilot:
        written: list[str] = []
        driver = tui._driver
        assert driver is not None
        original = driver.write
        driver.write = lambda data: (written.append(data), original(data))[1]  # type: ignore[method-assign]
        await pilot.press("f6")  # nothing yet: a warning, no clipboard write
        assert not [w for w in written if "\x1b]52;" in w]
        await send(pilot, r"\frac{1}{1 + e^{-x}}")
        await pilot.press("f6")
        answer = answers(tui)[-1]
        expected = base64.b64encode(answer.encode()).decode()
        assert f"\x1b]52;c;{expected}\a" in written
        await pilot.press("f7")
        assert tui.clipboard == r"\frac{1}{1 + e^{-x}}"
        toasts = [n.message for n in tui._notifications]
        assert any("copied the last answer" in m for m in toasts)
        assert any("copied 1 formula as LaTeX" in m for m in toasts)


async def test_f2_shows_latex_on_offline_answers() -> None:
    tui = app()
    async with tui.run_test(size=(100, 30)) as pilot:
        await send(pilot, r"what does \sum_i x_i^2 mean?")
        view = tui.query(AnswerView).last()
        assert r"\sum_i x_i^2" not in view.render_text().split("**Symbols**")[0]
        await pilot.press("f2")
        await pilot.pause()
        assert view.render_text().startswith("```latex\n\\sum_i x_i^2\n```")


async def test_export_to_a_bad_path_is_one_notice(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    tui = app()
    async with tui.run_test(size=(100, 30)) as pilot:
        await send(pilot, f"/export {blocker}/sub/chat.md")
        assert any(n.startswith("cannot export to") for n in notes(tui))
        assert tui.is_running


async def test_unknown_model_is_warned_and_not_chosen() -> None:
    tui = app()
    async with tui.run_test(size=(100, 30)) as pilot:
        before = tui.engine.settings.model
        await send(pilot, "/model nonsense")
        assert any(n.startswith("unknown model nonsense") for n in notes(tui))
        assert tui.engine.settings.model == before


async def test_a_japanese_question_is_answered_in_japanese() -> None:
    tui = streaming_app(["答え"])
    async with tui.run_test(size=(100, 30)) as pilot:
        await send(pilot, "ソフトマックスとは何ですか")
        await send(pilot, "what is softmax?")
        assert [c["lang"] for c in tui.calls] == ["ja", None]  # type: ignore[attr-defined]
        await send(pilot, "/lang en")  # chosen by the learner: followed
        await send(pilot, "ソフトマックス")
        assert tui.calls[-1]["lang"] is None  # type: ignore[attr-defined]


async def test_japanese_all_the_way() -> None:
    tui = app(TUTOR_LANG="ja")
    async with tui.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "質問するか" in answers(tui)[0]
        assert status(tui).startswith("オフライン（APIキーなし）")
        assert "ヘルプ" in [b.description for _, b, _, _ in tui.screen.active_bindings.values()]
        await pilot.press("f3")
        await pilot.pause()
        assert "今日の式" in str(tui.screen.query_one("#diary-formula").render())
        calendar = str(tui.screen.query_one("#diary-calendar").render())
        assert calendar.startswith("連続: 0日") and "\n月 " in calendar


async def test_status_bar_fits_at_60x15() -> None:
    tui = app()
    async with tui.run_test(size=(60, 15)) as pilot:
        await pilot.pause()
        shown = status(tui)
        assert "hits 0" in shown and shown.endswith(" · en") and len(shown) <= 58


async def test_outside_text_reaches_the_screen_clean() -> None:
    tui = streaming_app(["\x1b]52;c;ZXZpbA==\x07title\x1b[2J", "\u202eevil"])
    async with tui.run_test(size=(100, 30)) as pilot:
        await send(pilot, "q")
        text = answers(tui)[-1]
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
        assert "title" in text and "evil" in text


async def test_hostile_latex_renders_off_the_loop_with_a_time_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import time

    import tutor.ui.text as text

    monkeypatch.setattr(text, "RENDER_TIMEOUT_S", 0.05)

    def slow(markdown: str) -> str:
        time.sleep(0.5)
        return "never"

    shown, done = await text.bounded(slow, "$x$", "$x$")
    assert (shown, done) == ("$x$", False)


async def test_a_long_conversation_resumes_with_only_the_last_turns_live() -> None:
    from tutor.conversations import Message
    from tutor.ui.chat_screen import LIVE_TURNS
    from tutor.ui.widgets import TurnView

    tui = app()
    async with tui.run_test(size=(100, 30)) as pilot:
        store = tui.store
        conversation = store.new()
        for i in range(60):
            store.add(conversation, Message("user", f"question {i}"))
            store.add(conversation, Message("assistant", f"answer $x_{i}$", "offline"))
        await send(pilot, f"/history {conversation}")
        assert len(tui.query(TurnView)) == LIVE_TURNS  # the last turns (with the note)
        assert answers(tui)[-1] == "answer $x_59$"
        assert len(tui.chat_screen.turns) == 120  # the whole conversation is remembered
        await pilot.press("f2")
        await pilot.pause()
        assert tui.query(AnswerView).last().render_text() == "answer $x_59$"


async def test_a_resumed_long_conversation_shows_the_last_answer_and_reaches_the_first() -> None:
    from tutor.conversations import Message
    from tutor.ui.chat_screen import LIVE_TURNS
    from tutor.ui.widgets import TurnView

    long_answer = "\n\n".join(f"paragraph {j} of a long answer, $x_{j}$" for j in range(30))
    tui = app()
    async with tui.run_test(size=(100, 30)) as pilot:
        store = tui.store
        conversation = store.new()
        for i in range(40):
            store.add(conversation, Message("user", f"question {i}"))
            store.add(conversation, Message("assistant", f"answer {i}\n\n{long_answer}", "gemini"))
        await send(pilot, f"/history {conversation}")
        screen = tui.chat_screen
        # long answers: only the turns that fill the screen twice are widgets
        assert 2 <= len(screen.mounted_turns()) < LIVE_TURNS
        last = tui.query(AnswerView).last()
        assert last.raw_text.startswith("answer 39")
        assert "x₂₉" in last.body.text  # type: ignore[union-attr]  # math drawn as Unicode
        assert screen.chat.scroll_y == screen.chat.max_scroll_y  # the end is in sight
        for _ in range(40):  # back to the start, a page of turns at a time
            await pilot.press("ctrl+home")
            await pilot.press("pageup")
            await pilot.pause()
            if screen.window_start == 0:
                break
        first = tui.query(TurnView).first()
        assert first.data.question == "question 0"
        assert first.data.answer is not None and first.data.answer.startswith("answer 0")


async def test_diary_quiz_verdict_shows_when_todays_entry_exists() -> None:
    from tutor.diary.feedback import Feedback

    tui = app()
    async with tui.run_test(size=(100, 40)) as pilot:
        await pilot.press("f3")
        screen = tui.screen
        diary = screen.diary  # type: ignore[attr-defined]
        diary.save(
            "an explanation",
            Feedback(
                score=3, correct=[], missed_symbols=[], misconceptions=[], model_explanation="m"
            ),
        )
        screen.refresh_view()  # type: ignore[attr-defined]
        screen.action_quiz()  # type: ignore[attr-defined]
        screen.query_one("#diary-editor").text = "surely wrong"
        await pilot.press("ctrl+s")
        await tui.workers.wait_for_complete()
        await pilot.pause()
        shown = screen.query_one("#diary-feedback")._markdown  # type: ignore[attr-defined]
        assert shown.startswith("**✗"), shown
        await pilot.press("escape")
        await pilot.press("f3")
        assert tui.screen is screen  # the diary screen is made once and reused


@pytest.mark.parametrize(
    ("key", "command", "screen"),
    [("f8", "/papers", "PapersScreen"), ("f9", "/progress", "ProgressScreen")],
)
async def test_papers_and_progress_open_by_key_and_by_command(
    key: str, command: str, screen: str
) -> None:
    from tutor.ui.widgets import ChatInput

    tui = app()
    async with tui.run_test(size=(100, 40)) as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert type(tui.screen).__name__ == screen
        await pilot.press("escape")
        await pilot.pause()
        assert type(tui.screen).__name__ == "ChatScreen"
        tui.query_one(ChatInput).text = command
        await pilot.press("enter")
        await tui.workers.wait_for_complete()
        await pilot.pause()
        assert type(tui.screen).__name__ == screen


async def test_the_papers_and_progress_screens_speak_japanese() -> None:
    from textual.widgets import DataTable, Input, Static

    tui = app(TUTOR_LANG="ja")
    async with tui.run_test(size=(100, 40)) as pilot:
        await pilot.press("f8")
        await tui.workers.wait_for_complete()
        await pilot.pause()
        assert tui.screen.query_one(Input).placeholder.startswith("絞り込み")
        columns = [str(c.label) for c in tui.screen.query_one(DataTable).columns.values()]
        assert columns == ["ID", "状態", "追加日", "タイトル", "タグ"]
        assert str(tui.screen.query_one("#papers-status", Static).render()) == "論文 0 本"
        await pilot.press("escape")
        await pilot.press("f9")
        await tui.workers.wait_for_complete()
        await pilot.pause()
        summary = str(tui.screen.query_one("#progress-summary", Static).render())
        assert summary.startswith("連続: 0日") and "streak" not in summary
        spend = str(tui.screen.query_one("#progress-spend-label", Static).render())
        assert spend.startswith("週ごとの支出") and "$0" in spend
        footer = " ".join(str(key.render()) for key in tui.screen.query("FooterKey"))
        assert "戻る" in footer and "Back" not in footer


async def test_the_diary_screen_names_the_papers_the_formula_comes_from(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from textual.widgets import Static

    from tutor.diary.service import Diary

    monkeypatch.setattr(
        Diary, "papers_for", lambda self, formula: ["arXiv:1706.03762 Attention\x1b]0;x\x07"]
    )
    tui = app()
    async with tui.run_test(size=(100, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        shown = str(tui.screen.query_one("#diary-formula", Static).render())
        assert "From: arXiv:1706.03762 Attention" in shown
        assert "\x1b" not in shown and "\x07" not in shown  # a title is text, never a control


async def test_startup_objects_are_kept_from_the_collector_only_while_the_app_runs() -> None:
    import gc

    tui = app()
    async with tui.run_test(size=(80, 24)) as pilot:
        for _ in range(50):  # once the first frame is up and the engine made
            if gc.get_freeze_count():
                break
            await pilot.pause()
        assert gc.get_freeze_count() > 0  # start-up's objects: out of the full collections
    assert gc.get_freeze_count() == 0  # and given back when the app ends


async def test_long_answers_keep_fewer_turns_live_and_the_others_come_back() -> None:
    from tutor.ui.widgets import TurnView

    long_answer = "\n\n".join(f"line {j} of a long answer" for j in range(40))
    tui = streaming_app([long_answer])
    async with tui.run_test(size=(80, 24)) as pilot:
        for i in range(6):
            await send(pilot, f"q{i}")
        screen = tui.chat_screen
        assert 2 <= len(screen.mounted_turns()) < 6  # two screens' worth, not eight turns
        assert screen.mounted_turns()[-1].data.question == "q5"
        for _ in range(20):
            await pilot.press("ctrl+home")
            await pilot.press("pageup")
            await pilot.pause()
            if screen.window_start == 0:
                break
        questions = [view.data.question for view in tui.query(TurnView)]
        assert questions[1:] == [f"q{i}" for i in range(6)]  # after the welcome note


def test_a_slow_draw_spaces_the_streaming_draws_out() -> None:
    import time

    from tutor.ui.widgets import STREAM_EVERY_S, AnswerBody

    body = AnswerBody()
    assert body.next_draw_in() <= 0  # the first chunk is drawn at once
    body.show_markdown("some text")
    assert 0 < body.next_draw_in() <= STREAM_EVERY_S
    body.draw_s = 1.0  # a very long answer: each draw takes a second
    body.shown_at = time.monotonic()
    assert body.next_draw_in() > 3.5  # four draws' time, not 100 ms
