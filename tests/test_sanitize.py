"""The terminal sanitiser against a corpus of hostile sequences."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tutor.sanitize import clean, clean_markdown, escape_json, fence, one_line, redact

# (hostile text, what must be left)
CORPUS: list[tuple[str, str]] = [
    ("a\x1b]0;pwned title\x07b", "ab"),  # window title, BEL-terminated
    ("a\x1b]2;title\x1b\\b", "ab"),  # window title, ST-terminated
    ("a\x1b]52;c;cm0gLXJmIH4=\x07b", "ab"),  # OSC 52 clipboard write
    ("\x1b]8;;file:///etc/passwd\x1b\\click\x1b]8;;\x1b\\", "click"),  # OSC 8 link
    ("a\x1b[2J\x1b[Hb", "ab"),  # clear screen, cursor home
    ("\x1b[31;1mred\x1b[0m", "red"),  # SGR
    ("a\x1b[?1049hb", "ab"),  # alternate screen
    ("a\x1b[6nb", "ab"),  # cursor position report request
    ("a\x1bcb", "ab"),  # RIS: full reset
    ("a\x1b(0b", "ab"),  # charset switch
    ("a\x1bP+q544e\x1b\\b", "ab"),  # DCS (XTGETTCAP)
    ("a\x1b_hidden\x1b\\b", "ab"),  # APC
    ("a\x1b^pm\x1b\\b", "ab"),  # PM
    ("a\x1bXsos\x1b\\b", "ab"),  # SOS
    ("a\x9b2Jb", "ab"),  # 8-bit CSI
    ("a\x9d0;title\x9cb", "ab"),  # 8-bit OSC with 8-bit ST
    ("a\x1b]0;unterminated\nnext", "a\nnext"),  # unterminated OSC stops at the line end
    ("a\x1b", "a"),  # lone ESC at the end (a split stream)
    ("a\x07\x08\x0b\x0c\x00\x7f\x85b", "ab"),  # bell, backspace, VT, FF, NUL, DEL, NEL
    ("progress 10%\rprogress 20%", "progress 10%\nprogress 20%"),
    ("line\r\nnext", "line\nnext"),
    ("tab\tand\nnewline", "tab\tand\nnewline"),
    ("x\u202eevil\u202cy", "xevily"),  # right-to-left override
    ("\u2066a\u2067b\u2068c\u2069", "abc"),  # isolates
    ("\u200ea\u200fb\u061cc", "abc"),  # marks
    ("plain ascii, ünïcödé, 日本語, ∑ᵢ xᵢ", "plain ascii, ünïcödé, 日本語, ∑ᵢ xᵢ"),
]


@pytest.mark.parametrize(("hostile", "expected"), CORPUS)
def test_corpus(hostile: str, expected: str) -> None:
    assert clean(hostile) == expected


FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@given(st.text())
def test_no_control_survives_any_text(text: str) -> None:
    assert not FORBIDDEN.search(clean(text))
    assert not FORBIDDEN.search(clean_markdown(text))
    assert "\n" not in one_line(text)


def test_one_line() -> None:
    assert one_line("A\x1b]0;t\x07 title\n  over\tlines") == "A title over lines"


@pytest.mark.parametrize(
    "markdown",
    [
        "[click](javascript:alert(1))",
        "[click](file:///etc/passwd)",
        "[click]( ssh://evil)",
        "[click](&#x6a;avascript:x)",
        "[click](x-man-page://ls)",
        "[click](relative/path)",
        "<file:///etc/passwd>",
        "<mailto:someone@example.com>",
        "<someone@example.com>",
        "[click][r]\n\n[r]: file:///etc/passwd",
        "> [r]: ssh://x\n> [a][r]",
    ],
)
def test_markdown_links_to_other_schemes_are_not_links(markdown: str) -> None:
    from rich.console import Console
    from rich.markdown import Markdown

    out = io.StringIO()
    Console(file=out, force_terminal=True, width=80).print(Markdown(clean_markdown(markdown)))
    assert "\x1b]8;" not in out.getvalue().replace("\x1b]8;;\x1b\\", "")


def test_http_links_stay_links() -> None:
    from rich.console import Console
    from rich.markdown import Markdown

    text = "[paper](https://arxiv.org/abs/1706.03762) and [x](http://example.com)"
    assert clean_markdown(text) == text
    out = io.StringIO()
    Console(file=out, force_terminal=True, width=80).print(Markdown(clean_markdown(text)))
    assert "\x1b]8;id=" in out.getvalue() or "\x1b]8;" in out.getvalue()
    assert "https://arxiv.org/abs/1706.03762" in out.getvalue()


def test_code_is_left_alone() -> None:
    code = "```python\nx = f(a)[0](b)\n[r]: c\n```\nand `g[1](x)` inline"
    assert clean_markdown(code) == code


def test_fence_cannot_be_closed_from_inside() -> None:
    hostile = "```\n[x](file:///etc) ````` \x1b[2J"
    block = fence(hostile, "text")
    opening, *_ = block.split("\n")
    assert opening == "``````text"
    assert block.endswith("\n``````")
    assert "\x1b" not in block
    from markdown_it import MarkdownIt

    tokens = MarkdownIt().parse(block)
    assert [t.type for t in tokens] == ["fence"]
    assert fence("a") == "```\na\n```"


KEY = "fake-gemini-key/for+tests 0123"


@pytest.mark.parametrize(
    "encode",
    [
        lambda k: k,
        lambda k: __import__("urllib.parse").parse.quote(k),
        lambda k: __import__("urllib.parse").parse.quote(k).lower(),
        lambda k: __import__("urllib.parse").parse.quote_plus(k),
        lambda k: __import__("urllib.parse").parse.quote(k, safe=""),
        lambda k: __import__("json").dumps(k),
        lambda k: __import__("json").dumps(k).replace("/", "\\/"),
        lambda k: "".join(f"\\u{ord(c):04x}" for c in k),
        lambda k: __import__("base64").b64encode(k.encode()).decode(),
        lambda k: __import__("base64").urlsafe_b64encode(k.encode()).decode(),
    ],
)
def test_redaction_in_every_encoding(encode: Any) -> None:
    shown = redact(f"error body: {{key={encode(KEY)}}}", KEY)
    assert "[redacted]" in shown
    assert "0123" not in shown and "MDEy" not in shown


def test_a_registered_key_never_reaches_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from tutor.config import load_settings

    monkeypatch.setenv("GEMINI_API_KEY", KEY)
    load_settings()
    quoted = __import__("urllib.parse").parse.quote(KEY, safe="")
    assert KEY not in one_line(f"bad request for ?key={quoted} and {KEY}")
    assert "[redacted]" in one_line(f"?key={quoted}")


def test_json_output_escapes_c1_and_bidi() -> None:
    import json

    text = escape_json(json.dumps({"t": "a\x9bb\u202ec日本"}, ensure_ascii=False))
    assert "\x9b" not in text and "\u202e" not in text and "日本" in text
    assert json.loads(text) == {"t": "a\x9bb\u202ec日本"}
