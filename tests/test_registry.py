"""Tool declarations come from the tools' typed signatures and docstrings."""

from __future__ import annotations

import pytest

from tutor.config import load_settings
from tutor.errors import ToolError
from tutor.tools.registry import call_tool, declarations, default_tools


def test_every_tool_is_declared_with_a_schema_and_no_injected_settings() -> None:
    declared = {d["name"]: d for d in declarations(default_tools())}
    assert set(declared) == {"lookup_symbol", "run_numpy", "fetch_arxiv", "search_arxiv"}
    for declaration in declared.values():
        assert len(declaration["description"]) > 30
        assert "settings" not in declaration["parameters"]["properties"]
    assert declared["run_numpy"]["parameters"]["required"] == ["code"]
    search = declared["search_arxiv"]["parameters"]
    assert search["properties"]["max_results"]["default"] == 10
    assert search["required"] == ["query"]


def test_call_tool_validates_and_runs() -> None:
    tools = default_tools()
    result = call_tool(tools, "lookup_symbol", {"latex": r"\alpha"}, load_settings())
    assert result["items"][0]["entry_id"] == "alpha"
    with pytest.raises(ToolError, match="invalid argument latex"):
        call_tool(tools, "lookup_symbol", {}, load_settings())
    with pytest.raises(ToolError, match="unknown tool 'rm_rf'"):
        call_tool(tools, "rm_rf", {}, load_settings())
