"""The result of one snippet: the child's frame validated as untrusted, capped text.

The frame is validated by pydantic-core's `SchemaValidator` (pydantic's own engine:
strict types, a cap on every string, list and dict, identifier-shaped variable names,
no unknown fields). Not a `BaseModel` here: the first model class a process defines
costs about 100 ms of pydantic start-up, which `tutor run` cannot hide; the tool adapter
(`tutor/tools/numpy_exec.py`) wraps this in a `BaseModel` with the same caps.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from pydantic_core import SchemaValidator, ValidationError
from pydantic_core import core_schema as cs

from tutor.sandbox import limits

NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"


def _text(cap: int) -> cs.CoreSchema:
    return cs.str_schema(max_length=cap, strict=True)


def _optional(schema: cs.CoreSchema) -> cs.TypedDictField:
    return cs.typed_dict_field(cs.nullable_schema(schema), required=False)


_VALUE = cs.typed_dict_schema(
    {
        "repr": cs.typed_dict_field(_text(limits.MAX_REPR)),
        "type": cs.typed_dict_field(_text(limits.MAX_TYPE)),
        "shape": _optional(
            cs.list_schema(cs.int_schema(ge=0, strict=True), max_length=limits.MAX_DIMS)
        ),
        "dtype": _optional(_text(limits.MAX_DTYPE)),
    },
    extra_behavior="forbid",
)
_FRAME = cs.typed_dict_schema(
    {
        "ok": cs.typed_dict_field(cs.bool_schema(strict=True)),
        "stdout": cs.typed_dict_field(_text(limits.MAX_STDOUT), required=False),
        "truncated": cs.typed_dict_field(cs.bool_schema(strict=True), required=False),
        "value": _optional(_VALUE),
        "variables": cs.typed_dict_field(
            cs.dict_schema(
                keys_schema=cs.str_schema(
                    max_length=limits.MAX_NAME, pattern=NAME_PATTERN, strict=True
                ),
                values_schema=_VALUE,
                max_length=limits.MAX_VARIABLES,
            ),
            required=False,
        ),
        "warnings": cs.typed_dict_field(
            cs.list_schema(_text(limits.MAX_WARNING), max_length=limits.MAX_WARNINGS),
            required=False,
        ),
        "error_type": _optional(_text(limits.MAX_TYPE)),
        "error": _optional(_text(limits.MAX_ERROR)),
        "line": _optional(cs.int_schema(ge=0, le=1_000_000, strict=True)),
    },
    extra_behavior="forbid",
)
FRAME_VALIDATOR = SchemaValidator(_FRAME)


@dataclass
class ValueView:
    repr: str
    type: str
    shape: list[int] | None = None
    dtype: str | None = None


@dataclass
class Outcome:
    """What a snippet printed and returned, or why it failed (every field capped text)."""

    ok: bool
    stdout: str = ""
    truncated: bool = False
    value: ValueView | None = None
    variables: dict[str, ValueView] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    error_type: str | None = None
    error: str | None = None
    line: int | None = None

    @classmethod
    def failure(cls, error_type: str, error: str) -> Outcome:
        return cls(ok=False, error_type=error_type, error=error[: limits.MAX_ERROR])

    @classmethod
    def from_frame(cls, payload: bytes) -> Outcome:
        """Validate a child's frame; anything malformed becomes a one-line failure."""
        try:
            data: dict[str, Any] = FRAME_VALIDATOR.validate_json(payload)
        except ValidationError as exc:
            errors = exc.errors()
            first = errors[0] if errors else {"loc": (), "type": "invalid"}
            where = ".".join(str(part) for part in first["loc"])[:60] or "the reply"
            return cls.failure(
                "BadReply", f"the sandbox's reply was malformed ({first['type']} at {where})"
            )
        except (ValueError, RecursionError, MemoryError):
            return cls.failure("BadReply", "the sandbox's reply could not be read")
        value = data.pop("value", None)
        variables = data.pop("variables", {})
        return cls(
            **data,
            value=ValueView(**value) if value is not None else None,
            variables={name: ValueView(**info) for name, info in variables.items()},
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    def to_markdown(self) -> str:
        return markdown(self)


def markdown(result: Any) -> str:
    """Markdown where every piece of the snippet's text sits inside its own fence.

    `result` is an `Outcome` or the tool's `RunResult` (the same fields)."""
    parts: list[str] = []
    if result.stdout:
        parts.append(fenced(result.stdout.rstrip()))
        if result.truncated:
            parts.append("(output truncated)")
    if not result.ok:
        where = f" (line {result.line})" if result.line else ""
        parts.append(f"**{_word(result.error_type or 'Error')}**{where}:")
        parts.append(fenced(result.error or ""))
        return "\n\n".join(parts)
    value = result.value
    if value is not None and value.type == "NoneType":
        value = None  # like the Python prompt: `print(1)` returns None, nothing to show
    if value is not None:
        parts.append(fenced(value.repr))
        if value.shape is not None:
            parts.append(f"shape {tuple(value.shape)}, dtype {_word(value.dtype)}")
        else:
            parts.append(_word(value.type))
    arrays = [
        f"`{name}`: {tuple(v.shape)} {_word(v.dtype)}"
        for name, v in result.variables.items()
        if v.shape
    ]
    if arrays:
        parts.append("Arrays: " + ", ".join(arrays))
    if result.warnings:
        parts.append("Warnings:")
        parts.append(fenced("\n".join(result.warnings)))
    return "\n\n".join(parts) or "(no output)"


def fenced(text: str) -> str:
    """A Markdown code block whose fence is longer than any backtick run inside it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def _word(text: str | None) -> str:
    """A type, dtype or exception name shown outside a fence: no Markdown can hide in it."""
    return re.sub(r"[^A-Za-z0-9_.<>|=]", "?", text or "")[: limits.MAX_TYPE]
