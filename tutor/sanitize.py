"""The one sanitiser for text that reaches the terminal from outside.

Model answers, tool results, arXiv fields, sandbox output and cached answers can carry
escape sequences (window titles, screen clears, OSC 52 clipboard writes, OSC 8 links),
other control characters and bidi overrides that make text read differently from what
it is. Pass every such text through this module *before* Rich or Textual sees it:

- `clean(text)`: plain text for a terminal. Removes whole escape sequences (CSI, OSC,
  DCS/SOS/PM/APC, single-character escapes, and their 8-bit forms), then every other
  C0/C1 control except newline and tab (a carriage return becomes a newline), and the
  bidi controls U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C.
- `clean_markdown(text)`: `clean`, then links whose target is not http(s) (inline,
  reference definitions, autolinks) are made plain text, so rendered Markdown can only
  emit OSC 8 links to http and https. Use it for anything given to `rich.markdown.Markdown`
  or Textual's `Markdown` widget.
- `one_line(text)`: `clean` with runs of whitespace (newlines included) as one space,
  for titles, notices and status lines.
- `fence(text, info)`: a Markdown code block whose fence is longer than any backtick
  run inside, so the text cannot close it early.
- `redact(text, secret)`: the secret removed in any encoding tutor might print: raw,
  URL-encoded (any case), JSON/Python-escaped, base64. `load_settings` registers the API
  key (`register_secret`), and `one_line` and `redact_known` remove registered secrets,
  so every one-line error and notice is key-free even if a library echoed the key.

The CLI also writes every command's stdout and stderr through `CleanStream`, so a
`print` of an arXiv title or a model's feedback added anywhere later is covered too; Rich
renders already-cleaned Markdown to the stream underneath (`raw_stream(stream)`).

In the TUI: `Markdown(clean_markdown(answer))`, `Static(clean(tool_output), markup=False)`,
`self.notify(one_line(message))`. Streaming: clean each delta; a sequence split across
two deltas loses its ESC in the first, so no control reaches the terminal either way.
"""

from __future__ import annotations

import re
from collections.abc import Callable

TYPE_CHECKING = False  # mypy treats the name as true; Python skips the import
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

__all__ = [
    "CleanStream",
    "clean",
    "clean_markdown",
    "escape_json",
    "fence",
    "map_between",
    "one_line",
    "raw_stream",
    "redact",
    "redact_known",
    "register_secret",
]

# Whole escape sequences first, so their parameters do not survive as text.
_SEQUENCES = re.compile(
    r"""
      \x1b\[ [0-?]* [\x20-/]* [@-~]?                      # CSI (ESC [), incl. SGR, clears
    | \x9b   [0-?]* [\x20-/]* [@-~]?                      # CSI, 8-bit
    | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])             # OSC, DCS, SOS, PM, APC
      [^\x07\x1b\x9c\n]*                                  # payload (OSC 52, OSC 8, titles)
      (?:\x07|\x1b\\|\x9c)?                               # BEL or ST; unterminated: to EOL
    | \x1b [\x20-/]* [0-~]?                               # other escapes (ESC c, ESC ( 0)
    """,
    re.VERBOSE,
)
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROLS = "".join(chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)))
_C1 = "".join(chr(c) for c in range(0x7F, 0xA0))
_DROP = str.maketrans(dict.fromkeys(_CONTROLS + _C1 + _BIDI))
_UNSAFE = re.compile(f"[{re.escape(_CONTROLS + _C1 + _BIDI)}\r]")


def clean(text: str) -> str:
    """Text with no escape sequence, no control character but newline and tab, no bidi."""
    if not _UNSAFE.search(text):
        return text
    text = _SEQUENCES.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_DROP)


def one_line(text: str) -> str:
    """`clean` text on one line, registered secrets redacted: whitespace runs become a space."""
    return " ".join(redact_known(clean(text)).split())


def escape_json(text: str) -> str:
    """JSON text with C1 controls and bidi characters as \\uXXXX escapes (still valid JSON;
    `json.dumps(ensure_ascii=False)` escapes only C0)."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


REDACTED = "[redacted]"
_SECRETS: dict[str, re.Pattern[str]] = {}


def _secret_pattern(secret: str) -> re.Pattern[str]:
    import base64

    def char(c: str) -> str:
        code = ord(c)
        forms = [re.escape(c)]
        for byte in c.encode():
            forms.append(f"%{byte:02x}")  # URL-encoded, matched in any case below
        forms.append(f"\\\\u{code:04x}")  # JSON / Python escape
        if code < 0x100:
            forms.append(f"\\\\x{code:02x}")
        if c == "/":
            forms.append(re.escape("\\/"))
        if c == " ":
            forms.append(r"\+")
        return "(?:" + "|".join(forms) + ")"

    encoded = secret.encode()
    alternatives = ["".join(char(c) for c in secret)]
    for b64 in (base64.b64encode(encoded), base64.urlsafe_b64encode(encoded)):
        text = b64.decode().rstrip("=")
        if len(text) >= 8:
            alternatives.append(re.escape(text) + "=*")
    return re.compile("|".join(alternatives), re.IGNORECASE)


def redact(text: str, secret: str | None) -> str:
    """`text` with `secret` replaced by [redacted] in raw, URL, JSON or base64 form."""
    if not secret or len(secret) < 4:
        return text
    pattern = _SECRETS.get(secret) or _secret_pattern(secret)
    return pattern.sub(REDACTED, text)


def register_secret(secret: str) -> None:
    """Remember a secret so that `one_line` and `redact_known` remove it everywhere."""
    if secret and len(secret) >= 4 and secret not in _SECRETS:
        _SECRETS[secret] = _secret_pattern(secret)


def redact_known(text: str) -> str:
    """`text` with every registered secret redacted."""
    for pattern in _SECRETS.values():
        text = pattern.sub(REDACTED, text)
    return text


# Markdown: links whose target is not http(s) are turned into plain text by breaking
# their syntax with a backslash (which Markdown renders as nothing).
_SAFE_TARGET = re.compile(r"\s*<?\s*https?://", re.IGNORECASE)
_INLINE_LINK = re.compile(r"\]\(")
_REFERENCE = re.compile(r"^((?:[ \t]*>)*[ \t]{0,3}\[[^\]\n]+\]):", re.MULTILINE)
_AUTOLINK = re.compile(r"<(?=[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*>|[^\s<>@]+@[^\s<>]+>)")
_FENCE_LINE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1(?!`)", re.DOTALL)


def _neutralise_links(prose: str) -> str:
    def inline(match: re.Match[str]) -> str:
        return match.group(0) if _SAFE_TARGET.match(prose, match.end()) else "]\\("

    def reference(match: re.Match[str]) -> str:
        return match.group(0) if _SAFE_TARGET.match(prose, match.end()) else match.group(1) + "\\:"

    def autolink(match: re.Match[str]) -> str:
        return "<" if _SAFE_TARGET.match(prose, match.end()) else "\\<"

    prose = _INLINE_LINK.sub(inline, prose)
    prose = _REFERENCE.sub(reference, prose)
    return _AUTOLINK.sub(autolink, prose)


def map_between(pattern: re.Pattern[str], text: str, change: Callable[[str], str]) -> str:
    """`change` applied to the text between the matches of `pattern`; the matches (code
    spans, fenced blocks) are kept exactly as they are."""
    parts: list[str] = []
    start = 0
    for match in pattern.finditer(text):
        parts.append(change(text[start : match.start()]))
        parts.append(match.group(0))
        start = match.end()
    parts.append(change(text[start:]))
    return "".join(parts)


def _outside_code_spans(prose: str) -> str:
    return map_between(_CODE_SPAN, prose, _neutralise_links)


def clean_markdown(text: str) -> str:
    """`clean`, then only http(s) links stay links; code blocks and spans are untouched."""
    text = clean(text)
    if "](" not in text and "]:" not in text and "<" not in text:
        return text
    out: list[str] = []
    prose: list[str] = []
    fence_mark = ""
    for line in text.splitlines(keepends=True):
        opening = _FENCE_LINE.match(line)
        if fence_mark:
            out.append(line)
            mark = opening.group(1) if opening else ""
            closes = mark[:1] == fence_mark[0] and len(mark) >= len(fence_mark)
            if closes and not line.strip(" \t\n`~"):
                fence_mark = ""
        elif opening:
            out.append(_outside_code_spans("".join(prose)))
            prose = []
            out.append(line)
            fence_mark = opening.group(1)
        else:
            prose.append(line)
    out.append(_outside_code_spans("".join(prose)))
    return "".join(out)


def fence(text: str, info: str = "") -> str:
    """`text` (cleaned) in a fenced code block that nothing inside can close."""
    body = clean(text)
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    ticks = "`" * max(3, longest + 1)
    if not body.endswith("\n"):
        body += "\n"
    return f"{ticks}{one_line(info).replace('`', '')}\n{body}{ticks}"


class CleanStream:
    """A text stream that passes everything written to it through `clean`.

    Other attributes (`flush`, `isatty`, `fileno`, `encoding`) are the wrapped stream's."""

    def __init__(self, raw: Any) -> None:
        self.raw_stream = raw

    def write(self, text: str) -> int:
        self.raw_stream.write(clean(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw_stream, name)


def raw_stream(stream: Any) -> Any:
    """The stream under a `CleanStream` (for Rich, which writes its own escape codes
    around text that was cleaned before it was rendered), else `stream` itself."""
    return getattr(stream, "raw_stream", stream)
