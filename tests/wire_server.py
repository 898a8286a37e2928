"""A loopback HTTP server that speaks Gemini's wire format, for tests through the real SDK
transport (google-genai over httpx), not a mock of it.

Each POST takes the next scripted `Reply`: a streamed answer (SSE `data:` lines in a
chunked body, as Google sends them), or one of Google's JSON error bodies. A reply can
wait before its first byte (slow server, timeouts) or drop the connection mid-stream.
GET `/v1beta/models` lists models. Every request is recorded.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.gemini_fakes import chunk, usage


@dataclass
class Reply:
    status: int = 200
    chunks: list[dict[str, Any]] | None = None  # streamed (SSE) or, for generateContent, merged
    body: dict[str, Any] | None = None  # a JSON body (errors, the models list)
    delay_s: float = 0.0  # before the first byte
    drop_after: int | None = None  # close the connection after this many chunks


@dataclass
class Seen:
    method: str
    path: str
    body: dict[str, Any]
    headers: dict[str, str]


@dataclass
class WireServer:
    replies: list[Reply] = field(default_factory=list)
    seen: list[Seen] = field(default_factory=list)
    models: list[dict[str, Any]] = field(default_factory=list)
    models_error: tuple[int, dict[str, Any]] | None = None  # the models endpoint refuses
    url: str = ""
    arrived: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def script(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    def posts(self) -> list[Seen]:
        return [s for s in self.seen if s.method == "POST"]

    def _next(self) -> Reply:
        with self._lock:
            if len(self.replies) > 1:
                return self.replies.pop(0)
            return self.replies[0] if self.replies else Reply(chunks=text_chunks("ok"))


def text_chunks(
    *pieces: str,
    finish: str = "STOP",
    meta: dict[str, Any] | None = None,
    model: str = "gemini-3.8-flash",
) -> list[dict[str, Any]]:
    meta = meta or usage(prompt=120, output=40, thoughts=25)
    out = [chunk([{"text": p}]) for p in pieces[:-1]]
    out.append(
        chunk([{"text": pieces[-1]}] if pieces[-1] else [], finish=finish, usage_metadata=meta)
    )
    for c in out:
        c["modelVersion"] = model
    return out


def error_body(
    code: int, status: str, message: str, details: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message, "status": status}
    if details:
        error["details"] = details
    return {"error": error}


# Google's real error bodies (shapes as the Gemini API returns them)
API_KEY_INVALID = error_body(
    400,
    "INVALID_ARGUMENT",
    "API key not valid. Please pass a valid API key.",
    [
        {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "API_KEY_INVALID",
            "domain": "googleapis.com",
            "metadata": {"service": "generativelanguage.googleapis.com"},
        },
        {
            "@type": "type.googleapis.com/google.rpc.LocalizedMessage",
            "locale": "en-US",
            "message": "API key not valid. Please pass a valid API key.",
        },
    ],
)


def quota_body(quota_id: str, retry: str = "37s") -> dict[str, Any]:
    return error_body(
        429,
        "RESOURCE_EXHAUSTED",
        "You exceeded your current quota, please check your plan and billing details. For more "
        "information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. "
        f"* Quota exceeded for metric: generativelanguage.googleapis.com/"
        f"generate_content_free_tier_requests, limit: 250, model: gemini-3.8-flash "
        f"Please retry in {retry[:-1]}.5s.",
        [
            {
                "@type": "type.googleapis.com/google.rpc.QuotaFailure",
                "violations": [
                    {
                        "quotaMetric": "generativelanguage.googleapis.com/"
                        "generate_content_free_tier_requests",
                        "quotaId": quota_id,
                        "quotaDimensions": {"location": "global", "model": "gemini-3.8-flash"},
                        "quotaValue": "250",
                    }
                ],
            },
            {
                "@type": "type.googleapis.com/google.rpc.Help",
                "links": [
                    {
                        "description": "Learn more about Gemini API quotas",
                        "url": "https://ai.google.dev/gemini-api/docs/rate-limits",
                    }
                ],
            },
            {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": retry},
        ],
    )


PER_DAY = "GenerateRequestsPerDayPerProjectPerModel-FreeTier"
PER_MINUTE = "GenerateRequestsPerMinutePerProjectPerModel-FreeTier"


def _handler(server: WireServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _record(self, body: dict[str, Any]) -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            server.seen.append(Seen(self.command, self.path, body, headers))
            server.arrived.set()

        def _json(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=UTF-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._record({})
            if server.models_error is not None:
                self._json(*server.models_error)
                return
            self._json(200, {"models": server.models})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b"{}"
            self._record(json.loads(raw or b"{}"))
            reply = server._next()
            if reply.delay_s:
                time.sleep(reply.delay_s)
            if reply.body is not None or reply.status != 200:
                self._json(reply.status, reply.body or {})
                return
            chunks = reply.chunks or []
            if ":streamGenerateContent" not in self.path:
                self._json(200, _merge(chunks))
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for index, item in enumerate(chunks):
                if reply.drop_after is not None and index >= reply.drop_after:
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.close()
                    return
                event = f"data: {json.dumps(item, separators=(',', ':'))}\r\n\r\n".encode()
                self.wfile.write(f"{len(event):x}\r\n".encode() + event + b"\r\n")
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()

    return Handler


def _merge(chunks: list[dict[str, Any]]) -> dict[str, Any]:
    """A non-streamed response: the chunks' parts joined, the last finish and usage."""
    if not chunks:
        return {}
    merged = json.loads(json.dumps(chunks[-1]))
    parts = [p for c in chunks for p in c["candidates"][0]["content"]["parts"]]
    merged["candidates"][0]["content"]["parts"] = parts
    return merged


@contextmanager
def serve() -> Iterator[WireServer]:
    state = WireServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
