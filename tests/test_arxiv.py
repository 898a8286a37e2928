"""arXiv: ids, feeds, politeness, caching, errors, and first-pass notes."""

from __future__ import annotations

import itertools
import multiprocessing
import re
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import respx

from tests.arxiv_fakes import API, ATTENTION, error_feed, feed
from tests.gemini_fakes import GENERATE_URL, chunk, error_response, usage
from tutor.config import load_settings
from tutor.engine import Engine
from tutor.errors import ArxivError
from tutor.tools.arxiv import (
    ArxivClient,
    Politeness,
    fetch_arxiv,
    normalise_id,
    parse_feed,
    search_arxiv,
    write_note,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1706.03762", ("1706.03762", None)),
        ("1706.03762v5", ("1706.03762", "v5")),
        ("arXiv:1706.03762", ("1706.03762", None)),
        ("https://arxiv.org/abs/2006.11239v2", ("2006.11239", "v2")),
        ("http://arxiv.org/pdf/1706.03762.pdf", ("1706.03762", None)),
        ("https://arxiv.org/pdf/2210.02747v1", ("2210.02747", "v1")),
        ("hep-th/9901001", ("hep-th/9901001", None)),
        ("math.GT/0309136v2", ("math.GT/0309136", "v2")),
        ("  2106.09685 ", ("2106.09685", None)),
    ],
)
def test_ids_are_normalised(text: str, expected: tuple[str, str | None]) -> None:
    assert normalise_id(text) == expected


@pytest.mark.parametrize("bad", ["1706.3762", "attention", "", "17060.03762", "arxiv.org/abs/"])
def test_bad_ids_are_refused_before_any_request(bad: str) -> None:
    # respx with no routes: any request would fail the test
    with respx.mock, pytest.raises(ArxivError, match="not an arXiv id"):
        fetch_arxiv(bad, settings=load_settings())


@respx.mock
def test_fetch_parses_the_feed() -> None:
    route = respx.get(API).mock(return_value=httpx.Response(200, text=ATTENTION))
    paper = fetch_arxiv("arXiv:1706.03762", settings=load_settings())
    assert route.calls[0].request.url.params["id_list"] == "1706.03762"
    assert paper.id == "1706.03762" and paper.version == "v7"
    assert paper.title == "Attention Is All You Need"
    assert paper.authors == ["Ashish Vaswani", "Noam Shazeer"]
    assert paper.published.year == 2017
    assert paper.categories == ["cs.CL", "cs.LG"] and paper.primary_category == "cs.CL"
    assert paper.pdf_url == "http://arxiv.org/pdf/1706.03762v7"
    assert paper.comment == "15 pages, 5 figures"
    assert paper.abstract.startswith("A test abstract")


@respx.mock
def test_responses_are_cached_for_a_week() -> None:
    route = respx.get(API).mock(return_value=httpx.Response(200, text=ATTENTION))
    settings = load_settings()
    fetch_arxiv("1706.03762", settings=settings)
    fetch_arxiv("1706.03762", settings=settings)
    assert route.call_count == 1


@respx.mock
def test_the_api_error_entry_becomes_a_clear_error() -> None:
    respx.get(API).mock(return_value=httpx.Response(200, text=error_feed("2401.99999")))
    with pytest.raises(ArxivError, match=r"incorrect id format for 2401\.99999"):
        fetch_arxiv("2401.99999", settings=load_settings())


@respx.mock
def test_an_unknown_id_with_an_empty_feed() -> None:
    respx.get(API).mock(return_value=httpx.Response(200, text=feed(total=0)))
    with pytest.raises(ArxivError, match=r"no arXiv paper with id 2401\.99999"):
        fetch_arxiv("2401.99999", settings=load_settings())


@respx.mock
def test_search_builds_the_query_and_lists_results() -> None:
    route = respx.get(API).mock(
        return_value=httpx.Response(
            200,
            text=feed(
                ("2210.02747", "Flow Matching for Generative Modeling"),
                ("2209.03003", "Flow Straight and Fast"),
                total=412,
            ),
        )
    )
    results = search_arxiv("flow  matching", settings=load_settings(), max_results=2)
    params = route.calls[0].request.url.params
    assert params["search_query"] == "all:flow AND all:matching"
    assert params["max_results"] == "2"
    assert results.total == 412 and [p.id for p in results.papers] == ["2210.02747", "2209.03003"]
    assert "2210.02747" in results.to_markdown()


def test_empty_search_is_refused() -> None:
    with pytest.raises(ArxivError, match="empty search"):
        search_arxiv("   ", settings=load_settings())


@respx.mock
def test_503_storm_retries_with_retry_after_then_gives_up() -> None:
    route = respx.get(API).mock(return_value=httpx.Response(503, headers={"Retry-After": "4"}))
    sleeps: list[float] = []
    client = ArxivClient(load_settings(), sleep=sleeps.append)
    with pytest.raises(ArxivError, match="arXiv is busy"):
        client.query({"id_list": "1706.03762"})
    assert route.call_count == 4
    assert [s for s in sleeps if s == 4.0] == [4.0, 4.0, 4.0]


@respx.mock
def test_503_then_success() -> None:
    respx.get(API).mock(side_effect=[httpx.Response(503), httpx.Response(200, text=ATTENTION)])
    sleeps: list[float] = []
    text = ArxivClient(load_settings(), sleep=sleeps.append).query({"id_list": "1706.03762"})
    assert "Attention" in text and sleeps


@respx.mock
def test_requests_are_spaced_by_the_polite_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_ARXIV_MIN_INTERVAL_S", "3")
    respx.get(API).mock(return_value=httpx.Response(200, text=ATTENTION))
    sleeps: list[float] = []
    client = ArxivClient(load_settings(), sleep=sleeps.append)
    client.query({"id_list": "a"})
    client.query({"id_list": "b"})
    assert len(sleeps) == 1 and 2.5 < sleeps[0] <= 3.0


def _polite_requests(path: str, stamps: str) -> None:
    polite = Politeness(Path(path))
    for _ in range(3):
        slot = polite.wait(0.2, time.sleep)  # the moment this process may send
        with open(stamps, "a") as f:
            f.write(f"{slot}\n")


def test_two_processes_share_the_polite_interval(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    stamps = tmp_path / "stamps"
    workers = [
        ctx.Process(target=_polite_requests, args=(str(tmp_path / "last"), str(stamps)))
        for _ in range(2)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join(30)
        assert w.exitcode == 0
    times = sorted(float(t) for t in stamps.read_text().split())
    assert len(times) == 6
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 0.2 - 1e-9  # never two requests inside one interval, whichever process


@respx.mock
def test_timeouts_and_network_errors_are_clear() -> None:
    respx.get(API).mock(side_effect=httpx.ConnectTimeout("slow"))
    with pytest.raises(ArxivError, match="did not answer in time"):
        fetch_arxiv("1706.03762", settings=load_settings())


@pytest.mark.parametrize(
    ("xml", "words"),
    [
        ("<feed><entry>", "malformed feed"),
        ("<html>rate limited</html>", "not an Atom feed"),
        ('<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><feed>&b;</feed>', "malformed feed"),
    ],
)
def test_malformed_and_hostile_xml(xml: str, words: str) -> None:
    with pytest.raises(ArxivError, match=words):
        parse_feed(xml)


@respx.mock
def test_offline_note_has_metadata_and_questions() -> None:
    respx.get(API).mock(return_value=httpx.Response(200, text=ATTENTION))
    settings = load_settings()
    paper = fetch_arxiv("1706.03762", settings=settings)
    engine = Engine(settings)
    import asyncio

    note, filled_by = asyncio.run(engine.reading_note(paper))
    path = write_note(paper, settings, note, filled_by=filled_by)
    text = path.read_text()
    assert text.startswith('---\ntitle: "Attention Is All You Need"\n')
    assert 'arxiv: "1706.03762"' in text and "year: 2017" in text
    assert "## Problem\n? What problem" in text
    assert "offline (no API key)" in text
    _, filled_ja = asyncio.run(engine.reading_note(paper, lang="ja"))
    assert filled_ja == "オフライン（APIキーなし）: 答えるべき問い"
    assert path.parent == settings.notes_path
    assert path.name == "1706.03762-attention-is-all-you-need.md"  # no spaces (QA 14)
    again = write_note(paper, settings, note, filled_by=filled_by)
    assert again != path and " " not in again.name and path.exists()


@respx.mock
async def test_online_note_is_filled_through_structured_output(with_key: str) -> None:
    answer = {
        "problem": "Sequence transduction without recurrence.",
        "prior_limitation": "RNNs are sequential and slow to train.",
        "proposal": "Use attention only.",
        "key_equation": r"\mathrm{softmax}(QK^\top/\sqrt{d_k})V",
        "main_result": "Better BLEU at lower training cost.",
        "relevance": "The basis of modern LLMs.",
        "second_pass_needed": "yes: the attention maths",
    }
    import json

    route = respx.post(GENERATE_URL).mock(
        side_effect=[
            error_response(503, "UNAVAILABLE", "overloaded"),
            httpx.Response(
                200,
                json=chunk(
                    [{"text": json.dumps(answer)}],
                    finish="STOP",
                    usage_metadata=usage(prompt=300, output=120),
                ),
            ),
        ]
    )
    respx.get(API).mock(return_value=httpx.Response(200, text=ATTENTION))
    settings = load_settings()
    paper = fetch_arxiv("1706.03762", settings=settings)

    async def no_sleep(_: float) -> None:
        return None

    engine = Engine(settings, sleep=no_sleep)
    note, filled_by = await engine.reading_note(paper)
    assert note.key_equation.startswith(r"\mathrm{softmax}")
    assert filled_by.startswith("gemini")
    sent = json.loads(route.calls[1].request.content)
    assert sent["generationConfig"]["responseMimeType"] == "application/json"
    assert "problem" in json.dumps(sent["generationConfig"])
    assert "Attention Is All You Need" in sent["contents"][0]["parts"][0]["text"]
    rows = engine.ledger.rows()
    assert [r["purpose"] for r in rows] == ["note", "note"]
    assert rows[1]["prompt_tokens"] == 300
    text = write_note(paper, settings, note, filled_by=filled_by).read_text()
    assert "$$\n\\mathrm{softmax}" in text


# hardening (issue 12): size caps, the id asked for, transport oddities, the shared slot -----


@respx.mock
def test_a_huge_response_is_refused_and_not_cached() -> None:
    big = ATTENTION.replace("</feed>", "<!--" + "x" * (5 * 2**20) + "--></feed>")
    route = respx.get(API).mock(return_value=httpx.Response(200, text=big))
    with pytest.raises(ArxivError, match="larger than 4 MB"):
        fetch_arxiv("1706.03762", settings=load_settings())
    route.mock(return_value=httpx.Response(200, text=ATTENTION))
    assert fetch_arxiv("1706.03762", settings=load_settings()).id == "1706.03762"


@respx.mock
def test_a_huge_response_without_a_length_is_cut_off_while_reading() -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(10_000):  # 10 GB if read to the end
            yield b"x" * 2**20

    respx.get(API).mock(
        return_value=httpx.Response(200, content=chunks(), headers={"content-type": "text/xml"})
    )
    with pytest.raises(ArxivError, match="larger than 4 MB"):
        fetch_arxiv("1706.03762", settings=load_settings())


@respx.mock
def test_a_feed_must_name_the_id_asked_for() -> None:
    other = feed(("2106.09685", "LoRA"))
    respx.get(API).mock(return_value=httpx.Response(200, text=other))
    with pytest.raises(ArxivError, match=r"answered with paper 2106\.09685v7 instead of 1706"):
        fetch_arxiv("1706.03762", settings=load_settings())
    with pytest.raises(ArxivError, match=r"instead of 2106\.09685v2"):
        fetch_arxiv("2106.09685v2", settings=load_settings())  # the version too


@respx.mock
def test_a_redirect_loop_is_one_line() -> None:
    respx.get(API).mock(return_value=httpx.Response(302, headers={"location": API + "?loop=1"}))
    with pytest.raises(ArxivError, match="redirects in a loop"):
        fetch_arxiv("1706.03762", settings=load_settings())


@respx.mock
def test_broken_gzip_is_one_line() -> None:
    respx.get(API).mock(
        return_value=httpx.Response(
            200,
            stream=httpx.ByteStream(b"\x1f\x8b\x08\x00 not really gzip"),
            headers={"content-encoding": "gzip"},
        )
    )
    with pytest.raises(ArxivError, match="cannot be decoded"):
        fetch_arxiv("1706.03762", settings=load_settings())


@pytest.mark.parametrize("total", ["1e999999", "²", "9" * 5000, "-3", "NaN"])
def test_odd_counts_in_the_feed_are_not_trusted(total: str) -> None:
    xml = ATTENTION.replace(">1</opensearch:totalResults>", f">{total}</opensearch:totalResults>")
    count, papers = parse_feed(xml)
    assert count == 1 and papers[0].id == "1706.03762"


@pytest.mark.parametrize(
    ("field", "value"),
    [("published", "2017-99-99T00:00:00Z"), ("published", "9" * 5000), ("updated", "1e999999")],
)
def test_odd_dates_in_the_feed_are_one_line(field: str, value: str) -> None:
    xml = re.sub(rf"<{field}>[^<]*</{field}>", f"<{field}>{value}</{field}>", ATTENTION)
    with pytest.raises(ArxivError, match="cannot read") as caught:
        parse_feed(xml)
    assert "\n" not in str(caught.value)


def test_a_slot_stored_ahead_of_the_clock_waits_at_most_one_interval(tmp_path: Path) -> None:
    # bug: a slot stored a day ahead (before a clock correction) made every process wait a day
    now = 1_800_000_000.0
    path = tmp_path / "arxiv.last"
    path.write_text(repr(now + 86_400))
    sleeps: list[float] = []
    slot = Politeness(path, clock=lambda: now).wait(3.0, sleeps.append)
    assert sleeps == [3.0] and slot == now + 3.0
    path.write_text("inf")
    sleeps.clear()
    Politeness(path, clock=lambda: now).wait(3.0, sleeps.append)
    assert sleeps == []
