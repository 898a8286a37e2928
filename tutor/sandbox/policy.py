"""The AST check: the first, Python-level layer, run in the parent before any process.

It is defence in depth, never the wall (the kernel is): it turns the obvious attempts
into a clear refusal and keeps honest mistakes cheap.
"""

from __future__ import annotations

import ast

from tutor.errors import SandboxError

MAX_CODE_CHARS = 20_000
ALLOWED_IMPORTS = {"numpy", "math", "numpy.linalg", "numpy.random", "numpy.fft", "numpy.polynomial"}
FORBIDDEN_NAMES = {
    "exec",
    "eval",
    "compile",
    "open",
    "getattr",
    "setattr",
    "delattr",
    "globals",
    "locals",
    "vars",
    "__import__",
    "input",
    "breakpoint",
    "help",
    "exit",
    "quit",
    "memoryview",
    "dir",
    "type",
    "object",
    "super",
    "classmethod",
    "staticmethod",
    "property",
}
# Frame, traceback, generator and coroutine attributes lead to globals and builtins.
FRAME_ATTRIBUTES = {
    "f_globals",
    "f_locals",
    "f_builtins",
    "f_back",
    "f_code",
    "f_trace",
    "gi_frame",
    "gi_code",
    "gi_yieldfrom",
    "cr_frame",
    "cr_code",
    "cr_await",
    "ag_frame",
    "ag_code",
    "ag_await",
    "tb_frame",
    "tb_next",
}
FORBIDDEN_ATTRIBUTES = FRAME_ATTRIBUTES | {
    "ctypes",
    "ctypeslib",
    "load",
    "save",
    "savez",
    "savez_compressed",
    "savetxt",
    "loadtxt",
    "genfromtxt",
    "fromregex",
    "fromfile",
    "tofile",
    "memmap",
    "DataSource",
    "os",
    "sys",
    "system",
    "f2py",
    "testing",
    "lib",
    "rec",
    "distutils",
    "dump",
    "dumps",
    "tobytes_file",
    "_core",
    "core",
    "as_strided",
    "stride_tricks",
    # str.format can walk attributes ("{0.__class__}") from strings built in pieces
    "format",
    "format_map",
    "show_config",
    "show_runtime",
    "__loader__",
    "__spec__",
}


def parse(code: str) -> ast.Module:
    """Parse with the size limit first; any parser failure is one clear line."""
    if len(code) > MAX_CODE_CHARS:
        raise SandboxError(f"code too long ({len(code):,} characters; at most {MAX_CODE_CHARS:,})")
    try:
        return ast.parse(code, mode="exec")
    except SyntaxError as exc:
        raise SandboxError(f"syntax error on line {exc.lineno}: {exc.msg}") from None
    except (MemoryError, RecursionError):
        raise SandboxError("the code is nested too deeply to parse") from None
    except ValueError as exc:  # e.g. NUL bytes in the source
        raise SandboxError(f"the code cannot be parsed: {str(exc)[:100]}") from None


def _attribute_allowed(name: str) -> bool:
    return not name.startswith("_") and name not in FORBIDDEN_ATTRIBUTES


def check_code(code: str) -> None:
    """Refuse code that reaches outside numpy and math, before any process sees it."""
    tree = parse(code)
    for node in ast.walk(tree):
        line = getattr(node, "lineno", "?")
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [alias.name for alias in node.names]
            )
            for name in names:
                if name not in ALLOWED_IMPORTS or (isinstance(node, ast.ImportFrom) and node.level):
                    raise SandboxError(
                        f"line {line}: only numpy and math can be imported, not {name!r}"
                    )
            if isinstance(node, ast.ImportFrom):
                # `from numpy import _core` fetches an attribute: check it like one
                for alias in node.names:
                    if alias.name == "*" or not _attribute_allowed(alias.name):
                        raise SandboxError(
                            f"line {line}: importing {alias.name!r} from {node.module} "
                            "is not allowed"
                        )
        elif isinstance(node, ast.Attribute):
            if not _attribute_allowed(node.attr):
                raise SandboxError(f"line {line}: the attribute {node.attr!r} is not allowed")
        elif isinstance(node, ast.MatchClass) and node.kwd_attrs:
            # `case O(sys=S)` fetches attributes the rule above never sees
            raise SandboxError(f"line {line}: class patterns with keywords are not allowed")
        elif isinstance(node, ast.Name):
            if node.id.startswith("__") or node.id in FORBIDDEN_NAMES:
                raise SandboxError(f"line {line}: {node.id!r} is not allowed in the sandbox")
        elif isinstance(node, ast.alias):
            if node.asname and (node.asname.startswith("__") or node.asname in FORBIDDEN_NAMES):
                raise SandboxError(f"line {line}: {node.asname!r} is not allowed in the sandbox")
        elif isinstance(node, ast.Global | ast.Nonlocal):
            raise SandboxError(f"line {line}: global and nonlocal are not allowed")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and "__" in node.value:
            raise SandboxError(f"line {line}: strings with '__' are not allowed")
