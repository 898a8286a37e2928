"""The `lookup_symbol` tool: a thin adapter over `tutor.notation.symbols`.

The knowledge (the symbol table, index patterns, meanings in context) lives in
`tutor/notation/` and `tutor/data/`; this module only parses the tool's argument and
returns the typed result the model, the CLI and the TUI share.
"""

from __future__ import annotations

from tutor.errors import LatexError
from tutor.notation.symbols import (
    Bilingual,
    SymbolEntry,
    SymbolItem,
    SymbolLookup,
    SymbolTable,
    _index,
    explain_symbols,
    symbol_table,
    symbols_to_unicode,
)

__all__ = [
    "Bilingual",
    "SymbolEntry",
    "SymbolItem",
    "SymbolLookup",
    "SymbolTable",
    "_index",
    "explain_symbols",
    "lookup_symbol",
    "symbol_table",
    "symbols_to_unicode",
]


def lookup_symbol(latex: str) -> SymbolLookup:
    """Look up LaTeX symbols (one symbol or a whole formula): how to read each aloud, its meaning in ML, and its NumPy idiom, in English and Japanese. Index patterns like x_i, x^{(n)}, W_{ij}, A^{-1} are explained by their structure.

    Unknown macros are listed with the closest known names, never dropped.
    """
    from tutor.latex.macros import macros_for
    from tutor.latex.parser import parse

    try:
        nodes = parse(latex, macros_for())
    except LatexError as exc:
        return SymbolLookup(query=latex, items=[], unknown=[], error=str(exc))
    items, unknown = explain_symbols(nodes)
    return SymbolLookup(query=latex, items=items, unknown=unknown)
