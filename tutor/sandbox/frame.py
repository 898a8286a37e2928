"""Length-prefixed frames: four bytes of big-endian length, then that many bytes.

A reader never trusts the writer: it stops at a byte cap, at a deadline (enforced on
every read with `select`, so a writer that stalls or closes early cannot hold it), and
at end of file. Only the standard library is imported: the fork server loads this module.
"""

from __future__ import annotations

import math
import os
import select
import struct
import time

HEADER = struct.Struct(">I")


class FrameError(Exception):
    """A frame could not be read; `kind` says how, the message says it in words."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def encode(payload: bytes) -> bytes:
    return HEADER.pack(len(payload)) + payload


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _read_exactly(fd: int, size: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    missing = size
    while missing:
        left = deadline - time.monotonic()
        if left <= 0:
            raise FrameError("timeout", "no complete reply before the deadline")
        ready, _, _ = select.select([fd], [], [], None if left == math.inf else left)
        if not ready:
            continue
        chunk = os.read(fd, min(missing, 1 << 16))
        if not chunk:
            got = size - missing
            raise FrameError("closed", f"the channel closed after {got} of {size} bytes")
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def read_frame(fd: int, *, deadline: float, cap: int) -> bytes:
    """One frame's payload from `fd`, or FrameError (timeout, closed, oversized)."""
    (size,) = HEADER.unpack(_read_exactly(fd, HEADER.size, deadline))
    if size > cap:
        raise FrameError("oversized", f"a reply of {size:,} bytes (at most {cap:,})")
    return _read_exactly(fd, size, deadline)
