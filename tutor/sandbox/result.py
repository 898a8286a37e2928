"""The result of one snippet: the child's frame validated as untrusted, capped text.

The frame is checked by `check_frame` below, in plain Python: strict JSON types (a bool is
not an int, a float not an int), a cap on every string, list and dict, identifier-shaped
variable names, no unknown fields, no lone surrogates. It was pydantic-core's
`SchemaValidator` with the same schema (kept in tests/test_sandbox_frame.py, which checks
the two agree); importing pydantic-core cost `tutor run` and `tutor explain` about 15 ms
of their start-up (issue #13).
"""

from __future__ import annotations

import json
import re

from tutor.plain import Plain
from tutor.sandbox import limits

TYPE_CHECKING = False  # not typing's: mypy treats the name as true, Python skips the import
if TYPE_CHECKING:
    from typing import Any

NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_SURROGATE = re.compile("[\ud800-\udfff]")


class Malformed(ValueError):
    """A frame that breaks the schema: `kind` as pydantic-core named it, `where` the field."""

    def __init__(self, kind: str, where: str) -> None:
        super().__init__(f"{kind} at {where}")
        self.kind, self.where = kind, where


def _text(value: object, cap: int, where: str) -> str:
    if not isinstance(value, str):
        raise Malformed("string_type", where)
    if len(value) > cap:
        raise Malformed("string_too_long", where)
    if _SURROGATE.search(value):
        raise Malformed("json_invalid", where)
    return value


def _optional_text(raw: dict[str, Any], name: str, cap: int, where: str = "") -> None:
    if raw.get(name) is not None:
        _text(raw[name], cap, f"{where}{name}")


def _count(value: object, where: str, *, at_most: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Malformed("int_type", where)
    if value < 0:
        raise Malformed("greater_than_equal", where)
    if at_most is not None and value > at_most:
        raise Malformed("less_than_equal", where)
    return value


def _object(
    value: object, where: str, allowed: tuple[str, ...], required: tuple[str, ...]
) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Malformed("dict_type", where)
    for key in required:
        if key not in value:
            raise Malformed("missing", f"{where}.{key}" if where else key)
    for key in value:
        if key not in allowed:
            raise Malformed("extra_forbidden", f"{where}.{key}" if where else str(key))
    return value


_VALUE_FIELDS = ("repr", "type", "shape", "dtype")
_FRAME_FIELDS = (
    "ok",
    "stdout",
    "truncated",
    "value",
    "variables",
    "warnings",
    "error_type",
    "error",
    "line",
)


def _value(value: object, where: str) -> None:
    raw = _object(value, where, _VALUE_FIELDS, ("repr", "type"))
    _text(raw["repr"], limits.MAX_REPR, f"{where}.repr")
    _text(raw["type"], limits.MAX_TYPE, f"{where}.type")
    shape = raw.get("shape")
    if shape is not None:
        if not isinstance(shape, list):
            raise Malformed("list_type", f"{where}.shape")
        if len(shape) > limits.MAX_DIMS:
            raise Malformed("too_long", f"{where}.shape")
        for i, size in enumerate(shape):
            _count(size, f"{where}.shape.{i}")
    _optional_text(raw, "dtype", limits.MAX_DTYPE, f"{where}.")


def check_frame(data: object) -> dict[str, Any]:
    """`data` (parsed JSON) if it is a well-formed reply; otherwise `Malformed`."""
    raw = _object(data, "", _FRAME_FIELDS, ("ok",))
    for name in ("ok", "truncated"):
        if name in raw and not isinstance(raw[name], bool):
            raise Malformed("bool_type", name)
    if "stdout" in raw:
        _text(raw["stdout"], limits.MAX_STDOUT, "stdout")
    if raw.get("value") is not None:
        _value(raw["value"], "value")
    if "variables" in raw:
        variables = raw["variables"]
        if not isinstance(variables, dict):
            raise Malformed("dict_type", "variables")
        if len(variables) > limits.MAX_VARIABLES:
            raise Malformed("too_long", "variables")
        for name, info in variables.items():
            _text(name, limits.MAX_NAME, "variables")  # the name itself is not shown
            if not _NAME.match(name):
                raise Malformed("string_pattern_mismatch", "variables")
            _value(info, f"variables.{name}")
    if "warnings" in raw:
        warnings = raw["warnings"]
        if not isinstance(warnings, list):
            raise Malformed("list_type", "warnings")
        if len(warnings) > limits.MAX_WARNINGS:
            raise Malformed("too_long", "warnings")
        for i, warning in enumerate(warnings):
            _text(warning, limits.MAX_WARNING, f"warnings.{i}")
    _optional_text(raw, "error_type", limits.MAX_TYPE)
    _optional_text(raw, "error", limits.MAX_ERROR)
    if raw.get("line") is not None:
        _count(raw["line"], "line", at_most=1_000_000)
    return raw


class ValueView(Plain):
    __slots__ = ("dtype", "repr", "shape", "type")
    _fields = ("repr", "type", "shape", "dtype")

    def __init__(
        self, repr: str, type: str, shape: list[int] | None = None, dtype: str | None = None
    ) -> None:
        self.repr, self.type, self.shape, self.dtype = repr, type, shape, dtype


class Outcome(Plain):
    """What a snippet printed and returned, or why it failed (every field capped text)."""

    __slots__ = (
        "error", "error_type", "line", "ok", "stdout", "truncated", "value", "variables",
        "warnings",
    )  # fmt: skip
    _fields = (
        "ok", "stdout", "truncated", "value", "variables", "warnings", "error_type", "error",
        "line",
    )  # fmt: skip

    def __init__(
        self,
        ok: bool,
        stdout: str = "",
        truncated: bool = False,
        value: ValueView | None = None,
        variables: dict[str, ValueView] | None = None,
        warnings: list[str] | None = None,
        error_type: str | None = None,
        error: str | None = None,
        line: int | None = None,
    ) -> None:
        self.ok, self.stdout, self.truncated, self.value = ok, stdout, truncated, value
        self.variables = {} if variables is None else variables
        self.warnings = [] if warnings is None else warnings
        self.error_type, self.error, self.line = error_type, error, line

    @classmethod
    def failure(cls, error_type: str, error: str) -> Outcome:
        return cls(ok=False, error_type=error_type, error=error[: limits.MAX_ERROR])

    @classmethod
    def from_frame(cls, payload: bytes) -> Outcome:
        """Validate a child's frame; anything malformed becomes a one-line failure."""
        try:
            data = check_frame(json.loads(payload.decode("utf-8")))
        except Malformed as exc:
            where = re.sub(r"[^A-Za-z0-9_.]", "?", exc.where)[:60] or "the reply"
            return cls.failure(
                "BadReply", f"the sandbox's reply was malformed ({exc.kind} at {where})"
            )
        except (ValueError, RecursionError, MemoryError):  # not UTF-8 or not JSON
            return cls.failure("BadReply", "the sandbox's reply could not be read")
        value = data.pop("value", None)
        variables = data.pop("variables", {})
        return cls(
            **data,
            value=ValueView(**value) if value is not None else None,
            variables={name: ValueView(**info) for name, info in variables.items()},
        )

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump()

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
