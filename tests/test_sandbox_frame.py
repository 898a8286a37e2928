"""Frames read against a deadline and a byte cap, and replies validated as untrusted text."""

from __future__ import annotations

import os
import time

import pytest

from tutor.sandbox import frame, limits
from tutor.sandbox.result import Outcome, fenced


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
