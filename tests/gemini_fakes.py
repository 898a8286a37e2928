"""Gemini REST bodies shaped exactly as the real API sends them, for respx routes."""

from __future__ import annotations

import json
from typing import Any

import httpx

MODEL = "gemini-3.8-flash"
BASE = "https://generativelanguage.googleapis.com/v1beta/models"
STREAM_URL = f"{BASE}/{MODEL}:streamGenerateContent"
GENERATE_URL = f"{BASE}/{MODEL}:generateContent"


def usage(
    prompt: int = 0, output: int = 0, thoughts: int = 0, cached: int = 0, tool_use: int = 0
) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "promptTokenCount": prompt,
        "totalTokenCount": prompt + output + thoughts + tool_use,
        "promptTokensDetails": [{"modality": "TEXT", "tokenCount": prompt}],
    }
    if output:
        meta["candidatesTokenCount"] = output
    if thoughts:
        meta["thoughtsTokenCount"] = thoughts
    if cached:
        meta["cachedContentTokenCount"] = cached
        meta["cacheTokensDetails"] = [{"modality": "TEXT", "tokenCount": cached}]
    if tool_use:
        meta["toolUsePromptTokenCount"] = tool_use
    return meta


def chunk(
    parts: list[dict[str, Any]],
    *,
    finish: str | None = None,
    usage_metadata: dict[str, Any] | None = None,
) -> dict[str, Any]:
    candidate: dict[str, Any] = {"content": {"parts": parts, "role": "model"}, "index": 0}
    if finish:
        candidate["finishReason"] = finish
    body: dict[str, Any] = {
        "candidates": [candidate],
        "modelVersion": MODEL,
        "responseId": "mJ0YaZ2aBc-Vz7IPpLq5kAk",
    }
    if usage_metadata:
        body["usageMetadata"] = usage_metadata
    return body


def text_stream(
    *pieces: str, meta: dict[str, Any] | None = None, finish: str = "STOP"
) -> list[dict[str, Any]]:
    """Chunks as Gemini streams them: text pieces, the last with finishReason and usage."""
    meta = meta or usage(prompt=120, output=40, thoughts=25)
    chunks = [
        chunk([{"text": p}], usage_metadata=usage(prompt=meta["promptTokenCount"]))
        for p in pieces[:-1]
    ]
    chunks.append(chunk([{"text": pieces[-1]}], finish=finish, usage_metadata=meta))
    return chunks


def function_call_stream(
    name: str,
    args: dict[str, Any],
    *,
    call_id: str | None = None,
    signature: str = "CiQBdGhvdWdodC1zaWduYXR1cmUtYnl0ZXM=",
) -> list[dict[str, Any]]:
    call: dict[str, Any] = {"name": name, "args": args}
    if call_id:
        call["id"] = call_id
    part = {"functionCall": call, "thoughtSignature": signature}
    return [chunk([part], finish="STOP", usage_metadata=usage(prompt=200, output=15, thoughts=40))]


def sse(chunks: list[dict[str, Any]]) -> str:
    return "".join(f"data: {json.dumps(c, separators=(',', ':'))}\r\n\r\n" for c in chunks)


def sse_response(chunks: list[dict[str, Any]]) -> httpx.Response:
    return httpx.Response(200, text=sse(chunks), headers={"content-type": "text/event-stream"})


def error_response(
    code: int, status: str, message: str, headers: dict[str, str] | None = None
) -> httpx.Response:
    body = {"error": {"code": code, "message": message, "status": status}}
    return httpx.Response(code, json=body, headers=headers or {})


def sent_json(call: Any) -> dict[str, Any]:
    return json.loads(call.request.content)
