"""The result of one snippet: validated from the child's frame, every field capped text."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tutor.sandbox import limits

Dim = Annotated[int, Field(ge=0)]
Name = Annotated[str, Field(max_length=limits.MAX_NAME, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]
Line = Annotated[int, Field(ge=0, le=1_000_000)]


class ValueInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    repr: str = Field(max_length=limits.MAX_REPR)
    type: str = Field(max_length=limits.MAX_TYPE)
    shape: list[Dim] | None = Field(default=None, max_length=limits.MAX_DIMS)
    dtype: str | None = Field(default=None, max_length=limits.MAX_DTYPE)


class RunResult(BaseModel):
    """What a snippet printed and returned, or why it failed."""

    model_config = ConfigDict(extra="forbid")

    ok: bool
    stdout: str = Field(default="", max_length=limits.MAX_STDOUT)
    truncated: bool = False
    value: ValueInfo | None = None
    variables: dict[Name, ValueInfo] = Field(default_factory=dict, max_length=limits.MAX_VARIABLES)
    warnings: list[Annotated[str, Field(max_length=limits.MAX_WARNING)]] = Field(
        default_factory=list, max_length=limits.MAX_WARNINGS
    )
    error_type: str | None = Field(default=None, max_length=limits.MAX_TYPE)
    error: str | None = Field(default=None, max_length=limits.MAX_ERROR)
    line: Line | None = None

    @classmethod
    def failure(cls, error_type: str, error: str) -> RunResult:
        return cls(ok=False, error_type=error_type, error=error[: limits.MAX_ERROR])

    @classmethod
    def from_frame(cls, payload: bytes) -> RunResult:
        """Validate a child's frame; anything malformed becomes a one-line failure."""
        try:
            return cls.model_validate_json(payload)
        except ValidationError as exc:
            first = exc.errors()[0] if exc.errors() else {"loc": (), "type": "invalid"}
            where = ".".join(str(part) for part in first["loc"])[:60] or "the reply"
            return cls.failure(
                "BadReply", f"the sandbox's reply was malformed ({first['type']} at {where})"
            )
        except (ValueError, RecursionError, MemoryError):
            return cls.failure("BadReply", "the sandbox's reply could not be read")

    def to_markdown(self) -> str:
        """Markdown where every piece of the snippet's text sits inside its own fence."""
        parts: list[str] = []
        if self.stdout:
            parts.append(fenced(self.stdout.rstrip()))
            if self.truncated:
                parts.append("(output truncated)")
        if not self.ok:
            where = f" (line {self.line})" if self.line else ""
            parts.append(f"**{_word(self.error_type or 'Error')}**{where}:")
            parts.append(fenced(self.error or ""))
            return "\n\n".join(parts)
        if self.value is not None:
            parts.append(fenced(self.value.repr))
            if self.value.shape is not None:
                parts.append(f"shape {tuple(self.value.shape)}, dtype {_word(self.value.dtype)}")
            else:
                parts.append(_word(self.value.type))
        arrays = [
            f"`{name}`: {tuple(v.shape)} {_word(v.dtype)}"
            for name, v in self.variables.items()
            if v.shape
        ]
        if arrays:
            parts.append("Arrays: " + ", ".join(arrays))
        if self.warnings:
            parts.append("Warnings:")
            parts.append(fenced("\n".join(self.warnings)))
        return "\n\n".join(parts) or "(no output)"


def fenced(text: str) -> str:
    """A Markdown code block whose fence is longer than any backtick run inside it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def _word(text: str | None) -> str:
    """A type, dtype or exception name shown outside a fence: no Markdown can hide in it."""
    return re.sub(r"[^A-Za-z0-9_.<>|=]", "?", text or "")[: limits.MAX_TYPE]
