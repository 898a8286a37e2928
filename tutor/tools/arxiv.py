"""arXiv: paper metadata by id or search, through the export API's Atom feed.

Polite by design: at most one request every TUTOR_ARXIV_MIN_INTERVAL_S seconds,
retries on 503 honouring Retry-After, a timeout, and responses cached for a week.
The feed is parsed with defusedxml, so a hostile feed cannot expand entities.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
from pydantic import BaseModel, Field

from tutor.errors import ArxivError

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from tutor.config import Settings

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
WEEK_S = 7 * 24 * 3600
MAX_RETRIES = 3
MAX_RESPONSE_BYTES = 4 * 2**20  # a feed of 50 results is ~100 KB; anything this big is wrong
USER_AGENT = "tutor/0.1 (study assistant; polite: 1 request / 3 s)"

NEW_ID = re.compile(r"^(\d{4}\.\d{4,5})(v\d+)?$")
OLD_ID = re.compile(r"^([a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(v\d+)?$")
URL_PREFIX = re.compile(
    r"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/", re.IGNORECASE
)


class Paper(BaseModel):
    id: str
    version: str | None = None
    title: str
    authors: list[str]
    published: datetime
    updated: datetime
    primary_category: str | None = None
    categories: list[str] = Field(default_factory=list)
    abstract: str
    pdf_url: str | None = None
    abs_url: str
    doi: str | None = None
    journal_ref: str | None = None
    comment: str | None = None

    def to_markdown(self) -> str:
        authors = ", ".join(self.authors[:8]) + (" et al." if len(self.authors) > 8 else "")
        lines = [
            f"## {self.title}",
            f"**arXiv:{self.id}{self.version or ''}** · {authors} · {self.published:%Y-%m-%d}"
            f" · {', '.join(self.categories)}",
        ]
        if self.journal_ref or self.doi:
            lines.append(
                " · ".join(x for x in (self.journal_ref, self.doi and f"doi:{self.doi}") if x)
            )
        lines += ["", self.abstract, "", f"PDF: {self.pdf_url or self.abs_url}"]
        return "\n".join(lines)


class SearchResults(BaseModel):
    query: str
    total: int
    papers: list[Paper]

    def to_markdown(self) -> str:
        if not self.papers:
            return f"No arXiv papers found for “{self.query}”."
        lines = [f"{self.total} results for “{self.query}” (showing {len(self.papers)}):", ""]
        for paper in self.papers:
            first = paper.authors[0] if paper.authors else "?"
            lines.append(
                f"- **{paper.id}** {paper.title} — {first}"
                f"{' et al.' if len(paper.authors) > 1 else ''}, {paper.published:%Y}"
            )
        return "\n".join(lines)


def normalise_id(text: str) -> tuple[str, str | None]:
    """`arXiv:1706.03762v5`, `https://arxiv.org/pdf/1706.03762.pdf`, `hep-th/9901001` → id, version."""
    raw = text.strip()
    cleaned = URL_PREFIX.sub("", raw)
    cleaned = re.sub(r"^arxiv:\s*", "", cleaned, flags=re.IGNORECASE)
    cleaned = cleaned.removesuffix(".pdf").strip("/ ")
    match = NEW_ID.match(cleaned)
    if match and _plausible_new_id(match.group(1)):
        return match.group(1), match.group(2)
    match = OLD_ID.match(cleaned)
    if match:
        return match.group(1), match.group(2)
    raise ArxivError(
        f"not an arXiv id: {raw[:60]!r} (expected e.g. 1706.03762, 1706.03762v5, "
        "hep-th/9901001 or an arxiv.org/abs/ URL)"
    )


def _plausible_new_id(paper_id: str) -> bool:
    """YYMM with a real month; 4-digit numbers until 2014, 5 digits from 2015."""
    yymm, number = paper_id.split(".")
    month_ok = 1 <= int(yymm[2:]) <= 12
    return month_ok and len(number) == (5 if int(yymm[:2]) >= 15 else 4)


def _text(element: Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def _paper(entry: Element) -> Paper:
    entry_id = _text(entry.find(f"{ATOM}id"))
    paper_id, version = normalise_id(entry_id.split("/abs/")[-1])
    pdf = next(
        (link.get("href") for link in entry.findall(f"{ATOM}link") if link.get("title") == "pdf"),
        None,
    )
    primary = entry.find(f"{ARXIV}primary_category")
    return Paper(
        id=paper_id,
        version=version,
        title=_text(entry.find(f"{ATOM}title")),
        authors=[_text(a.find(f"{ATOM}name")) for a in entry.findall(f"{ATOM}author")],
        published=_text(entry.find(f"{ATOM}published")),  # type: ignore[arg-type]
        updated=_text(entry.find(f"{ATOM}updated")),  # type: ignore[arg-type]
        primary_category=primary.get("term") if primary is not None else None,
        categories=[c.get("term", "") for c in entry.findall(f"{ATOM}category")],
        abstract=_text(entry.find(f"{ATOM}summary")),
        pdf_url=pdf,
        abs_url=entry_id,
        doi=_text(entry.find(f"{ARXIV}doi")) or None,
        journal_ref=_text(entry.find(f"{ARXIV}journal_ref")) or None,
        comment=_text(entry.find(f"{ARXIV}comment")) or None,
    )


def parse_feed(xml: str) -> tuple[int, list[Paper]]:
    """Papers from an Atom feed; an API error entry becomes an `ArxivError`."""
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        root = ElementTree.fromstring(xml)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise ArxivError(f"arXiv sent a malformed feed ({type(exc).__name__})") from None
    if root.tag != f"{ATOM}feed":
        raise ArxivError("arXiv sent something that is not an Atom feed")
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        if "/api/errors" in _text(entry.find(f"{ATOM}id")):
            raise ArxivError(f"arXiv refused the request: {_text(entry.find(f'{ATOM}summary'))}")
    total_text = _text(root.find(f"{OPENSEARCH}totalResults"))
    try:
        papers = [_paper(entry) for entry in entries]
    except (ValueError, ArxivError, OverflowError) as exc:
        first = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise ArxivError(f"arXiv sent an entry tutor cannot read: {first}") from None
    # a count is plain ASCII digits of sane length; anything else ("1e999", "²", 10^5000
    # digits) is ignored rather than trusted
    total = int(total_text) if re.fullmatch(r"[0-9]{1,12}", total_text) else len(papers)
    return total, papers


class Politeness:
    """At most one request per interval, across threads and tutor processes.

    The time of the last request lives in a small file under an exclusive lock, so two
    tutor windows open at once still wait their turn.
    """

    def __init__(self, path: Path, *, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.clock = clock

    def wait(self, interval: float, sleep: Callable[[float], None]) -> float:
        """Reserve the next free slot, sleep until it, and return it (wall-clock seconds)."""
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a+", encoding="ascii") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                handle.seek(0)
                try:
                    last = float(handle.read().strip() or "-inf")
                except ValueError:
                    last = float("-inf")
                now = self.clock()
                if not math.isfinite(last):
                    last = float("-inf")
                # a slot stored ahead (the clock was corrected backwards, or a broken file)
                # never makes anyone wait more than one interval
                slot = max(now, min(last + interval, now + interval))
                if slot > now:
                    sleep(slot - now)
                handle.seek(0)
                handle.truncate()
                handle.write(repr(slot))
                handle.flush()
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
        return slot


class ArxivClient:
    def __init__(
        self,
        settings: Settings,
        *,
        client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self.client = client or httpx.Client(
            timeout=httpx.Timeout(20.0, connect=10.0),
            headers={"User-Agent": USER_AGENT},
            follow_redirects=True,
        )
        self.sleep = sleep

    def _cache(self):  # type: ignore[no-untyped-def]
        from tutor.db import open_cache

        dirname = self.settings.data_dir / "arxiv"
        return open_cache(dirname, what="the arXiv cache", size_limit=64 * 2**20)

    def query(self, params: dict[str, str], *, check: Callable[[str], object] = parse_feed) -> str:
        """The feed text for these parameters: from the week-long cache, or the API.

        `check` raises on a feed that must not be cached (an error, the wrong paper)."""
        from tutor.db import cache_get

        key = "arxiv:" + "&".join(f"{k}={v}" for k, v in sorted(params.items()))
        cache = self._cache()
        try:
            cached = cache_get(cache, key, what="the arXiv cache")
            if isinstance(cached, str):
                return cached
            text = self._fetch(params)
            check(text)  # never cache an error, a broken feed or another paper's entry
            cache.set(key, text, expire=WEEK_S)
            return text
        finally:
            cache.close()

    def _get(self, params: dict[str, str]) -> tuple[httpx.Response, str]:
        """One GET, its body read up to MAX_RESPONSE_BYTES; every transport failure (timeouts,
        redirect loops, a broken gzip stream, a dropped connection) as one clear line."""
        try:
            with self.client.stream("GET", self.settings.arxiv_base_url, params=params) as resp:
                declared = resp.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > MAX_RESPONSE_BYTES:
                    raise _too_big()
                chunks, size = [], 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > MAX_RESPONSE_BYTES:
                        raise _too_big()
                    chunks.append(chunk)
                return resp, b"".join(chunks).decode(resp.encoding or "utf-8", "replace")
        except httpx.TimeoutException:
            raise ArxivError("arXiv did not answer in time; try again later") from None
        except httpx.TooManyRedirects:
            raise ArxivError(
                "arXiv's address redirects in a loop; check TUTOR_ARXIV_BASE_URL"
            ) from None
        except httpx.DecodingError:
            raise ArxivError(
                "arXiv sent a response that cannot be decoded (broken compression)"
            ) from None
        except httpx.HTTPError as exc:
            raise ArxivError(
                f"cannot reach arXiv ({type(exc).__name__}); offline? check TUTOR_ARXIV_BASE_URL"
            ) from None

    def _fetch(self, params: dict[str, str]) -> str:
        from tutor.retry import retry_after_seconds

        for attempt in range(MAX_RETRIES + 1):
            Politeness(self.settings.data_dir / "arxiv.last").wait(
                self.settings.arxiv_min_interval_s, self.sleep
            )
            response, body = self._get(params)
            if response.status_code == 200:
                return body
            if response.status_code in (429, 503) and attempt < MAX_RETRIES:
                delay = retry_after_seconds(response)
                self.sleep(delay if delay is not None else 3.0 * 2**attempt)
                continue
            if response.status_code in (429, 503):
                raise ArxivError(
                    f"arXiv is busy ({response.status_code} after "
                    f"{MAX_RETRIES + 1} tries); try again in a few minutes"
                )
            if response.status_code == 400:
                try:
                    parse_feed(body)
                except ArxivError as exc:
                    raise exc from None
            raise ArxivError(f"arXiv answered HTTP {response.status_code}")
        raise AssertionError("unreachable")


def _too_big() -> ArxivError:
    return ArxivError(
        f"arXiv's response is larger than {MAX_RESPONSE_BYTES // 2**20} MB; refused "
        "(a feed is normally a few KB: check TUTOR_ARXIV_BASE_URL)"
    )


def _the_paper(feed: str, clean: str, version: str | None) -> Paper:
    """The entry for the id asked for; a feed naming another paper is refused."""
    _, papers = parse_feed(feed)
    if not papers:
        raise ArxivError(f"no arXiv paper with id {clean}{version or ''}")
    paper = papers[0]
    if paper.id != clean or (version is not None and paper.version != version):
        raise ArxivError(
            f"arXiv answered with paper {paper.id}{paper.version or ''} "
            f"instead of {clean}{version or ''}; not used"
        )
    return paper


def fetch_arxiv(paper_id: str, settings: Settings) -> Paper:
    """Fetch one arXiv paper's metadata and abstract by id (e.g. 1706.03762) or arxiv.org URL."""
    clean, version = normalise_id(paper_id)
    feed = ArxivClient(settings).query(
        {"id_list": clean + (version or "")},
        check=lambda text: _the_paper(text, clean, version),
    )
    return _the_paper(feed, clean, version)


def search_arxiv(query: str, settings: Settings, max_results: int = 10) -> SearchResults:
    """Search arXiv by words (title, abstract, authors); returns ids, titles, authors, years."""
    words = " ".join(query.split())
    if not words:
        raise ArxivError("empty search: give some words, e.g. “flow matching”")
    max_results = max(1, min(max_results, 50))
    terms = " AND ".join(f"all:{w}" for w in re.findall(r'"[^"]+"|\S+', words))
    feed = ArxivClient(settings).query(
        {
            "search_query": terms,
            "start": "0",
            "max_results": str(max_results),
            "sortBy": "relevance",
            "sortOrder": "descending",
        }
    )
    total, papers = parse_feed(feed)
    return SearchResults(query=words, total=total, papers=papers)


class ReadingNote(BaseModel):
    """A first-pass reading note (Keshav's first pass): filled by Gemini, or left as questions."""

    problem: str
    prior_limitation: str
    proposal: str
    key_equation: str
    main_result: str
    relevance: str
    second_pass_needed: str


OFFLINE_NOTE = ReadingNote(
    problem="? What problem does the paper solve, in one sentence?",
    prior_limitation="? What did earlier methods fail at?",
    proposal="? What is the one new idea?",
    key_equation="? Which equation would you put on a flash card? (LaTeX)",
    main_result="? What is the headline number, and against which baseline?",
    relevance="? Why does it matter for what you are learning?",
    second_pass_needed="? yes / no, and why",
)


def note_markdown(paper: Paper, note: ReadingNote, *, filled_by: str) -> str:
    """The note as Markdown with YAML front matter (Obsidian-friendly)."""

    def quoted(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    front = [
        "---",
        f"title: {quoted(paper.title)}",
        "authors:",
        *[f"  - {quoted(a)}" for a in paper.authors],
        f"year: {paper.published.year}",
        f"arxiv: {quoted(paper.id)}",
        f"url: {paper.abs_url}",
        f"categories: [{', '.join(paper.categories)}]",
        f"filled_by: {filled_by}",
        "tags: [paper, first-pass]",
        "---",
    ]
    body = [
        f"# {paper.title}",
        "",
        f"arXiv:{paper.id} · {', '.join(paper.authors[:5])} · {paper.published.year}",
        "",
        "## Problem",
        note.problem,
        "",
        "## Prior limitation",
        note.prior_limitation,
        "",
        "## Proposal",
        note.proposal,
        "",
        "## Key equation",
        f"$$\n{note.key_equation}\n$$"
        if not note.key_equation.startswith("?")
        else note.key_equation,
        "",
        "## Main result",
        note.main_result,
        "",
        "## Relevance",
        note.relevance,
        "",
        "## Second pass needed?",
        note.second_pass_needed,
        "",
        "## Abstract",
        paper.abstract,
        "",
    ]
    return "\n".join([*front, "", *body])


def write_note(
    paper: Paper,
    settings: Settings,
    note: ReadingNote | None = None,
    *,
    filled_by: str = "offline (questions to answer)",
) -> Path:
    """Write the first-pass note into the notes directory; never overwrite an edited one."""
    directory = settings.notes_path
    directory.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", paper.title.lower()).strip("-")[:60]
    path = directory / f"{paper.id.replace('/', '_')}-{slug}.md"  # no spaces: easy in a shell
    if path.exists():
        path = path.with_name(path.stem + f"-{datetime.now():%Y%m%d-%H%M%S}.md")
    path.write_text(note_markdown(paper, note or OFFLINE_NOTE, filled_by=filled_by), "utf-8")
    return path
