"""Frames read against a deadline and a byte cap, and replies validated as untrusted text."""

from __future__ import annotations

import json
import os
import random
import time

import pytest

from tutor.sandbox import frame, limits
from tutor.sandbox.result import NAME_PATTERN, Outcome, fenced


def pipe_with(data: bytes, *, close: bool = True) -> int:
    read_fd, write_fd = os.pipe()
    os.write(write_fd, data)
    if close:
        os.close(write_fd)
    return read_fd


def test_a_whole_frame_is_read() -> None:
    fd = pipe_with(frame.encode(b"hello"))
    assert frame.read_frame(fd, deadline=time.monotonic() + 5, cap=100) == b"hello"
    os.close(fd)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"", "closed"),
        (b"\x00\x00", "closed"),
        (frame.encode(b"hello")[:-2], "closed"),
        (b"\xff\xff\xff\xff" + b"x" * 10, "oversized"),
    ],
)
def test_a_broken_frame_is_one_kind_of_error(data: bytes, kind: str) -> None:
    fd = pipe_with(data)
    with pytest.raises(frame.FrameError) as caught:
        frame.read_frame(fd, deadline=time.monotonic() + 5, cap=100)
    assert caught.value.kind == kind
    os.close(fd)


def test_a_stalled_writer_cannot_hold_the_reader_past_the_deadline() -> None:
    read_fd, write_fd = os.pipe()
    os.write(write_fd, frame.encode(b"hello")[:6])
    with pytest.raises(frame.FrameError) as caught:
        frame.read_frame(read_fd, deadline=time.monotonic() + 0.05, cap=100)
    assert caught.value.kind == "timeout"
    os.close(read_fd)
    os.close(write_fd)


@pytest.mark.parametrize(
    "payload",
    [
        b"",
        b"{oops",
        b"[" * 100_000 + b"]" * 100_000,
        b'{"ok": true, "surprise": 1}',
        b'{"ok": true, "variables": {"not a name": {"repr": "1", "type": "int"}}}',
        b'{"ok": true, "stdout": "' + b"x" * (limits.MAX_STDOUT + 1) + b'"}',
        b'{"ok": true, "warnings": [' + b'"w",' * limits.MAX_WARNINGS + b'"w"]}',
        b'{"ok": false, "error": "' + b"e" * (limits.MAX_ERROR + 1) + b'"}',
        b'{"ok": true, "value": {"repr": "1", "type": "int", "shape": [-1]}}',
        b'{"ok": "\xff\xfe"}',
    ],
)
def test_a_malformed_reply_becomes_one_line(payload: bytes) -> None:
    result = Outcome.from_frame(payload)
    assert not result.ok and result.error_type == "BadReply"
    assert "\n" not in (result.error or "")


def test_fences_outgrow_any_backtick_run() -> None:
    assert fenced("a") == "```text\na\n```"
    text = "x\n`````\ny"
    block = fenced(text)
    assert block.startswith("``````text\n") and block.endswith("\n``````")


# pydantic-core's schema, which validated frames before `check_frame`: the reference the
# hand-written check must agree with (accept the same frames, name the same first problem)
def _reference() -> object:
    from pydantic_core import SchemaValidator
    from pydantic_core import core_schema as cs

    def text(cap: int) -> cs.CoreSchema:
        return cs.str_schema(max_length=cap, strict=True)

    def optional(schema: cs.CoreSchema) -> cs.TypedDictField:
        return cs.typed_dict_field(cs.nullable_schema(schema), required=False)

    value = cs.typed_dict_schema(
        {
            "repr": cs.typed_dict_field(text(limits.MAX_REPR)),
            "type": cs.typed_dict_field(text(limits.MAX_TYPE)),
            "shape": optional(
                cs.list_schema(cs.int_schema(ge=0, strict=True), max_length=limits.MAX_DIMS)
            ),
            "dtype": optional(text(limits.MAX_DTYPE)),
        },
        extra_behavior="forbid",
    )
    names = cs.str_schema(max_length=limits.MAX_NAME, pattern=NAME_PATTERN, strict=True)
    return SchemaValidator(
        cs.typed_dict_schema(
            {
                "ok": cs.typed_dict_field(cs.bool_schema(strict=True)),
                "stdout": cs.typed_dict_field(text(limits.MAX_STDOUT), required=False),
                "truncated": cs.typed_dict_field(cs.bool_schema(strict=True), required=False),
                "value": optional(value),
                "variables": cs.typed_dict_field(
                    cs.dict_schema(
                        keys_schema=names, values_schema=value, max_length=limits.MAX_VARIABLES
                    ),
                    required=False,
                ),
                "warnings": cs.typed_dict_field(
                    cs.list_schema(text(limits.MAX_WARNING), max_length=limits.MAX_WARNINGS),
                    required=False,
                ),
                "error_type": optional(text(limits.MAX_TYPE)),
                "error": optional(text(limits.MAX_ERROR)),
                "line": optional(cs.int_schema(ge=0, le=1_000_000, strict=True)),
            },
            extra_behavior="forbid",
        )
    )


GOOD_FRAME = {
    "ok": True,
    "stdout": "3\n",
    "truncated": False,
    "value": {"repr": "array([1., 2.])", "type": "ndarray", "shape": [2], "dtype": "float64"},
    "variables": {"x": {"repr": "1", "type": "int", "shape": None, "dtype": None}},
    "warnings": ["RuntimeWarning: divide by zero"],
    "error_type": None,
    "error": None,
    "line": 3,
}
ODD_VALUES = [
    None, True, False, 0, -1, 1.0, 10**6, 10**6 + 1, "", "x", "x" * 70, "x" * 5000, "\ud800",
    "not a name", [], [1], [-1], ["w"], ["w"] * 11, [0] * 33, {}, {"repr": "1"},
    {"repr": "1", "type": "int"}, {"repr": "1", "type": "int", "extra": 1},
    {"x": {"repr": "1", "type": "int"}}, {"1x": {"repr": "1", "type": "int"}},
]  # fmt: skip


def _reference_verdict(frame: object) -> str | None:
    from pydantic_core import ValidationError

    try:
        _reference().validate_json(json.dumps(frame))  # type: ignore[attr-defined]
    except ValidationError as exc:
        return str(exc.errors()[0]["type"])
    return None


def _verdict(frame: object) -> str | None:
    from tutor.sandbox.result import Malformed, check_frame

    try:
        check_frame(json.loads(json.dumps(frame)))
    except Malformed as exc:
        return exc.kind
    return None


def test_the_frame_check_agrees_with_pydantic_cores_schema() -> None:
    frames: list[object] = [GOOD_FRAME, {"ok": False}, [], "ok", None]
    for name in [*GOOD_FRAME, "surprise"]:
        frames.append({key: v for key, v in GOOD_FRAME.items() if key != name})
        for odd in ODD_VALUES:
            frames.append({**GOOD_FRAME, name: odd})
            if name in ("value",):
                frames.append({**GOOD_FRAME, name: {**GOOD_FRAME["value"], "shape": odd}})
                frames.append({**GOOD_FRAME, name: {**GOOD_FRAME["value"], "dtype": odd}})
                frames.append({**GOOD_FRAME, name: {**GOOD_FRAME["value"], "repr": odd}})
    rng = random.Random(13)
    for _ in range(300):  # two fields changed at once: the same frames accepted
        first, second = rng.sample([*GOOD_FRAME, "surprise"], 2)
        frames.append({**GOOD_FRAME, first: rng.choice(ODD_VALUES), second: rng.choice(ODD_VALUES)})
    disagreements = []
    for frame_ in frames:
        mine, reference = _verdict(frame_), _reference_verdict(frame_)
        if (mine is None) != (reference is None):
            disagreements.append((frame_, mine, reference))
    assert disagreements == []
    single = [f for f in frames[:-300] if _reference_verdict(f) is not None]
    assert len(single) > 100
    kinds = [(f, _verdict(f), _reference_verdict(f)) for f in single]
    assert [k for k in kinds if k[1] != k[2] and k[2] != "json_invalid"] == []
