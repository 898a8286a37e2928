"""Tools as plain typed functions; declarations for Gemini derived from their signatures.

A tool's docstring is its description and its signature is its schema (as in `llm`).
Parameters named `settings` are injected here and never shown to the model.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pydantic import BaseModel, ValidationError, create_model

from tutor.config import Settings
from tutor.errors import ToolError

INJECTED = {"settings"}


@dataclass(frozen=True)
class Tool:
    name: str
    func: Callable[..., Any]  # returns a pydantic model or a dataclass with `model_dump`

    @cached_property
    def description(self) -> str:
        doc = inspect.getdoc(self.func) or self.name
        return doc.split("\n\n")[0].replace("\n", " ")

    @cached_property
    def args_model(self) -> type[BaseModel]:
        fields: dict[str, Any] = {}
        for param in inspect.signature(self.func).parameters.values():
            if param.name in INJECTED:  # e.g. `settings`, typed only for the checker
                continue
            annotation = param.annotation
            if isinstance(annotation, str):  # `from __future__ import annotations`
                annotation = eval(annotation, self.func.__globals__)
            default = ... if param.default is inspect.Parameter.empty else param.default
            fields[param.name] = (annotation, default)
        return create_model(f"{self.name}_args", **fields)

    def declaration(self) -> dict[str, Any]:
        schema = self.args_model.model_json_schema()
        schema.pop("title", None)
        for prop in schema.get("properties", {}).values():
            prop.pop("title", None)
        return {"name": self.name, "description": self.description, "parameters": schema}

    def call(self, args: dict[str, Any], settings: Settings) -> dict[str, Any]:
        """Validate the arguments, run the tool, return its result as JSON-ready data."""
        try:
            parsed = self.args_model.model_validate(args)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(p) for p in first["loc"]) or "arguments"
            raise ToolError(f"{self.name}: invalid argument {where}: {first['msg']}") from None
        kwargs = parsed.model_dump()
        if "settings" in inspect.signature(self.func).parameters:
            kwargs["settings"] = settings
        return self.func(**kwargs).model_dump(mode="json")


def default_tools() -> dict[str, Tool]:
    """Every tool the model may call, by name."""
    from tutor.tools.arxiv import fetch_arxiv, search_arxiv
    from tutor.tools.numpy_exec import run_numpy
    from tutor.tools.symbols import lookup_symbol

    funcs: list[Callable[..., Any]] = [lookup_symbol, run_numpy, fetch_arxiv, search_arxiv]
    return {f.__name__: Tool(f.__name__, f) for f in funcs}


def declarations(tools: dict[str, Tool]) -> list[dict[str, Any]]:
    return [tool.declaration() for tool in tools.values()]


def call_tool(
    tools: dict[str, Tool], name: str, args: dict[str, Any], settings: Settings
) -> dict[str, Any]:
    tool = tools.get(name)
    if tool is None:
        known = ", ".join(sorted(tools))
        raise ToolError(f"unknown tool {name!r} (known tools: {known})")
    return tool.call(args, settings)
