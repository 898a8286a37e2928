"""Math inside Markdown answers shown as Unicode, with prose, money and code untouched.

Inline math follows pandoc's rule: `$` opens only before a non-space character and
closes only after a non-space character that is not followed by a digit, so
"$5 and $10" stays money. Code spans and fenced blocks are never touched.
"""

from __future__ import annotations

import re

from tutor.latex.unicode import to_unicode

FENCE = re.compile(r"(^```.*?^```[ \t]*$|^~~~.*?^~~~[ \t]*$)", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+)(?:.+?)\1", re.DOTALL)
DISPLAY = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]", re.DOTALL)
INLINE = re.compile(r"(?<![\\$\w])\$(?=\S)([^$\n]+?)(?<=\S)\$(?!\d)|\\\((.+?)\\\)")


def _display(match: re.Match[str]) -> str:
    latex = match.group(1) or match.group(2) or ""
    return "\n\n```text\n" + to_unicode(latex.strip()) + "\n```\n\n"


def _inline(match: re.Match[str]) -> str:
    latex = match.group(1) or match.group(2) or ""
    return to_unicode(latex)


def _prose(text: str) -> str:
    from tutor.sanitize import map_between

    return map_between(
        CODE_SPAN, text, lambda part: INLINE.sub(_inline, DISPLAY.sub(_display, part))
    )


def render_math(markdown: str) -> str:
    """Replace `$…$`, `$$…$$`, `\\(…\\)` and `\\[…\\]` with readable Unicode."""
    from tutor.sanitize import map_between

    return map_between(FENCE, markdown, _prose)
