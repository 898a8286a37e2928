"""The one error hierarchy of tutor.

Every error carries a one-line, user-facing message (what, where, how to fix).
Faces print `str(error)`; they never show a traceback to a user.
"""

from __future__ import annotations


class TutorError(Exception):
    """Base of every error tutor shows to a user."""


class ConfigError(TutorError):
    """A setting is missing or invalid."""


class StorageError(TutorError):
    """A local store (database, cache, file) could not be opened, read or written."""

    def __init__(self, message: str, *, path: object = None) -> None:
        super().__init__(message)
        self.path = path


class StorageFull(StorageError):
    """The disk (or the user's quota) is full."""


class StorageReadOnly(StorageError):
    """The store is on a read-only file system or the file is read-only."""


class StoragePermissionDenied(StorageError):
    """The user may not open, create or write the store."""


class StorageCorrupt(StorageError):
    """The file is not a valid store; `tutor repair` moves it aside (never deletes it)."""


class StorageLocked(StorageError):
    """Another process held the store for longer than the busy timeout."""


class BudgetExceeded(TutorError):
    """A call would pass the daily or monthly budget, so it is not made."""


class FreeTierLimit(BudgetExceeded):
    """On the free tier, a call would pass the requests-per-minute or per-day limit.

    `wait_s` is how long until a per-minute slot frees up, or None when the day is used up.
    """

    def __init__(self, message: str, *, wait_s: float | None = None) -> None:
        super().__init__(message)
        self.wait_s = wait_s


class GeminiError(TutorError):
    """A Gemini call failed; `partial_text` keeps whatever had streamed in."""

    def __init__(self, message: str, *, partial_text: str = "") -> None:
        super().__init__(message)
        self.partial_text = partial_text


class GeminiAuthError(GeminiError):
    """The API key was refused (API_KEY_INVALID, 401, PERMISSION_DENIED)."""


class GeminiRequestError(GeminiError):
    """Gemini rejected the request (400 and other 4xx)."""


class GeminiRateLimited(GeminiError):
    """429 after every retry."""


class GeminiQuotaExhausted(GeminiRateLimited):
    """A per-day quota is used up: no retry helps before it resets."""


class GeminiEmptyAnswer(GeminiError):
    """Gemini finished without any answer text (twice)."""


class GeminiServerError(GeminiError):
    """5xx after every retry."""


class GeminiTimeout(GeminiError):
    """No answer within the configured timeout."""


class GeminiNetworkError(GeminiError):
    """The connection failed or dropped."""


class GeminiProtocolError(GeminiError):
    """The response was not what the Gemini API sends (malformed JSON, no candidates)."""


class GeminiBlocked(GeminiError):
    """The answer was stopped by a safety filter or the output limit."""


class GeminiModelError(GeminiError):
    """The configured model is unknown to Google or has been shut down."""


class ToolError(TutorError):
    """A tool could not do its job (bad arguments, unknown tool)."""


class SandboxError(ToolError):
    """Code was refused or killed by the sandbox."""


class ArxivError(ToolError):
    """arXiv could not answer: bad id, unknown id, network or feed trouble."""


class LatexError(TutorError):
    """A formula could not be parsed; the message points at the position."""

    def __init__(self, message: str, *, position: int | None = None, source: str = "") -> None:
        self.position = position
        self.source = source
        if position is not None and source:
            snippet = source[max(0, position - 15) : position + 15].replace("\n", " ")
            message = f"{message} at position {position}: …{snippet}…"
        super().__init__(message)


class DiaryError(TutorError):
    """A diary operation could not be done."""


class PapersError(TutorError):
    """A reading-list operation could not be done."""
