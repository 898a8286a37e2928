"""The reading list: ids found in files, passes and their notes, offline and fetched later,
and the key equation sent to the diary."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest
import respx

from tests.arxiv_fakes import API, feed
from tutor.cli import main
from tutor.config import load_settings
from tutor.errors import ArxivError, PapersError
from tutor.papers.service import ReadingList, find_ids

TOKYO = timezone(timedelta(hours=9))
READING = """# My reading list

## Transformers
- Attention Is All You Need — arXiv:1706.03762
- [LoRA: Low-Rank Adaptation](https://arxiv.org/abs/2106.09685v2)
* Old one: hep-th/9901001 (a string theory classic)

Denoising Diffusion Probabilistic Models
https://arxiv.org/pdf/2006.11239.pdf

Attention again: 1706.03762v5
Not ids: 1706.3762, version 3.14159, 2023.12345, math/123, 10.1000/182
"""


def reading_list(**overrides: str) -> ReadingList:
    clock = iter(datetime(2026, 3, 1, 9, tzinfo=TOKYO) + timedelta(minutes=i) for i in range(999))
    return ReadingList(load_settings(**overrides), clock=lambda: next(clock))


def test_every_id_in_a_file_with_its_title_as_a_hint() -> None:
    found = find_ids(READING)
    assert [(f.id, f.hint) for f in found] == [
        ("1706.03762", "Attention Is All You Need"),
        ("2106.09685", "LoRA: Low-Rank Adaptation"),
        ("hep-th/9901001", "Old one: a string theory classic"),
        ("2006.11239", "Denoising Diffusion Probabilistic Models"),
    ]


def test_add_list_filter_and_next() -> None:
    papers = reading_list(TUTOR_OFFLINE="1")
    papers.import_text(READING, tags=["transformers"])
    papers.add(["2210.02747"], tags=["flows"])
    rows = papers.papers()
    assert [r.id for r in rows][-1] == "2210.02747" and all(r.status == "to-read" for r in rows)
    assert [r.id for r in papers.papers(tag="flows")] == ["2210.02747"]
    assert papers.next() is not None and papers.next().id == "1706.03762"  # type: ignore[union-attr]
    papers.advance("2106.09685")
    assert papers.next().id == "2106.09685"  # type: ignore[union-attr]  # one in progress first
    assert [r.id for r in papers.papers(status="pass 1")] == ["2106.09685"]
    with pytest.raises(PapersError, match="unknown status"):
        papers.papers(status="skimmed")
    with pytest.raises(ArxivError, match="not an arXiv id"):
        papers.add(["attention"])
    assert papers.counts()["to-read"] == 4 and papers.counts()["pass 1"] == 1


def test_the_list_is_durable_across_processes() -> None:
    first = reading_list(TUTOR_OFFLINE="1")
    first.add(["1706.03762"], tags=["a"])
    first.close()
    again = reading_list()
    [row] = again.papers()
    assert row.id == "1706.03762" and row.tags == ("a",) and not row.fetched


@respx.mock
def test_unfetched_ids_are_stored_then_fetched_later_and_read_offline_after() -> None:
    papers = reading_list()
    papers.add(["1706.03762", "2106.09685"])
    route = respx.get(API).mock(side_effect=httpx.ConnectError("no network"))
    assert papers.fetch_missing() == (0, papers.fetch_missing()[1])
    assert "later" in (papers.fetch_missing()[1] or "")
    assert not any(r.fetched for r in papers.papers())

    def answer(request: httpx.Request) -> httpx.Response:
        wanted = request.url.params["id_list"]
        title = {"1706.03762": "Attention Is All You Need", "2106.09685": "LoRA"}[wanted]
        return httpx.Response(200, text=feed((wanted, title)))

    route.mock(side_effect=answer)
    assert papers.fetch_missing() == (2, None)
    route.mock(side_effect=httpx.ConnectError("offline again"))
    offline = reading_list(TUTOR_OFFLINE="1")
    assert [r.label for r in offline.papers()] == ["Attention Is All You Need", "LoRA"]
    _, note = offline.advance("1706.03762")
    assert note is not None and "Ashish Vaswani" in note.read_text()


def test_each_pass_writes_its_note_from_an_editable_template() -> None:
    papers = reading_list(TUTOR_OFFLINE="1")
    papers.add(["1706.03762"], hint="Attention Is All You Need")
    row, first = papers.advance("1706.03762")
    assert row.status == "pass 1" and first is not None
    assert first.name == "1706.03762-pass1-attention-is-all-you-need.md"  # no spaces
    assert "## Key equation" in first.read_text() and "first pass" in first.read_text()
    first.write_text(
        first.read_text().replace(
            "? Which equation would you put on a flash card? Write it as $$ … $$ (LaTeX)",
            "$$\n\\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V\n$$",
        )
    )
    template = papers.template(2)
    template.write_text(template.read_text() + "\n## My own heading\n{key_equation}\n")
    row, second = papers.advance("1706.03762")
    assert row.status == "pass 2" and second is not None
    text = second.read_text()
    assert "## My own heading" in text and "\\sqrt{d_k}" in text
    row, third = papers.advance("1706.03762")
    assert row.status == "pass 3" and third is not None and "Re-derive" in third.read_text()
    row, none = papers.advance("1706.03762")
    assert row.status == "done" and none is None
    with pytest.raises(PapersError, match="already done"):
        papers.advance("1706.03762")
    assert [n for n, _ in papers.notes("1706.03762")] == [1, 2, 3]


def test_key_equation_goes_to_the_diary(capsys: pytest.CaptureFixture[str]) -> None:
    papers = reading_list(TUTOR_OFFLINE="1")
    papers.add(["2106.09685"], hint="LoRA")
    with pytest.raises(PapersError, match="no key equation"):
        papers.key_equation("2106.09685")
    _, note = papers.advance("2106.09685")
    assert note is not None
    note.write_text(
        note.read_text().replace(
            "? Which equation would you put on a flash card? Write it as $$ … $$ (LaTeX)",
            "$$\nW = W_0 + BA\n$$",
        )
    )
    papers.close()
    assert main(["diary", "add", "--from-paper", "2106.09685"]) == 0
    assert "added the key equation of arXiv:2106.09685: W = W_0 + BA" in capsys.readouterr().out
    from tutor.diary.service import Diary

    diary = Diary(load_settings())
    today = diary.today()
    assert today.formula.latex == "W = W_0 + BA" and today.formula.arxiv == "2106.09685"
    assert main(["diary", "add", "--from-paper", "1706.03762"]) == 1  # not on the list


def test_cli_lists_imports_and_says_how_many(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "list.md"
    source.write_text(READING)
    assert main(["--offline", "papers", "import", str(source), "--tag", "ml"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("imported 4 papers from") and "metadata will be fetched later" in out
    assert main(["--offline", "papers", "add", "2210.02747"]) == 0
    assert "on the list: 1 paper\n" in capsys.readouterr().out
    assert main(["papers", "--json"]) == 0
    import json

    listed = json.loads(capsys.readouterr().out)
    assert [p["status"] for p in listed] == ["to-read"] * 5 and listed[0]["tags"] == ["ml"]
    assert main(["papers", "import", str(tmp_path / "missing.md")]) == 1
    assert "cannot read" in capsys.readouterr().err


async def test_papers_screen_filters_opens_a_note_and_advances() -> None:
    from textual.app import App
    from textual.widgets import DataTable, Input, Markdown

    from tutor.ui.papers_screen import PapersScreen, parse_filter

    assert parse_filter("pass 1 #ml") == ("pass 1", "ml")
    assert parse_filter("2") == ("pass 2", None) and parse_filter("nonsense") == (None, None)
    papers = reading_list(TUTOR_OFFLINE="1")
    papers.import_text(READING, tags=["ml"])
    papers.add(["2210.02747"], tags=["flows"])
    papers.close()

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(PapersScreen(load_settings(TUTOR_OFFLINE="1")))

    host = Host()
    async with host.run_test(size=(120, 40)) as pilot:
        await host.workers.wait_for_complete()
        await pilot.pause()
        table = host.screen.query_one(DataTable)
        assert table.row_count == 5
        host.screen.query_one(Input).value = "#flows"
        await host.screen.query_one(Input).action_submit()
        await host.workers.wait_for_complete()
        await pilot.pause()
        assert table.row_count == 1
        await pilot.press("ctrl+a")  # advance 2210.02747 to its first pass
        await host.workers.wait_for_complete()
        await pilot.pause()
        assert table.get_row_at(0)[1] == "pass 1"
        await pilot.press("enter")  # open its note
        await host.workers.wait_for_complete()
        await pilot.pause()
        shown = host.screen.query_one("#papers-note", Markdown)._markdown  # type: ignore[attr-defined]
        assert "pass 1" in shown and "## Key equation" in shown
        host.screen.query_one(Input).value = "pass 1"
        await host.screen.query_one(Input).action_submit()
        await host.workers.wait_for_complete()
        await pilot.pause()
        assert table.row_count == 1


def test_the_diary_says_which_paper_the_formula_comes_from() -> None:
    from tutor.diary.service import Diary

    papers = reading_list(TUTOR_OFFLINE="1")
    papers.add(["2106.09685"], hint="LoRA: Low-Rank Adaptation")
    _, note = papers.advance("2106.09685")
    assert note is not None
    note.write_text(
        note.read_text().replace(
            "? Which equation would you put on a flash card? Write it as $$ … $$ (LaTeX)",
            "$$\nW = W_0 + BA\n$$",
        )
    )
    papers.close()
    diary = Diary(load_settings())
    formula = diary.add_formula("W = W_0 + BA", source="arXiv:2106.09685")
    assert diary.papers_for(formula) == ["arXiv:2106.09685 LoRA: Low-Rank Adaptation"]
    assert "From: arXiv:2106.09685 LoRA" in diary.today_markdown()


@respx.mock
def test_papers_fetch_that_fetches_nothing_it_should_exits_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--offline", "papers", "add", "1706.03762"]) == 0
    capsys.readouterr()
    assert main(["--offline", "papers", "fetch"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("tutor: not fetched now (offline mode") and err.count("\n") == 1
    respx.get(API).mock(side_effect=httpx.ConnectError("no network"))
    assert main(["papers", "fetch"]) == 1
    assert "later" in capsys.readouterr().err
    respx.get(API).mock(return_value=httpx.Response(200, text=feed(("1706.03762", "Attention"))))
    assert main(["papers", "fetch"]) == 0
    assert capsys.readouterr().out == "fetched the metadata of 1 paper\n"
    assert main(["papers", "fetch"]) == 0
    assert capsys.readouterr().out.startswith("nothing to fetch")
