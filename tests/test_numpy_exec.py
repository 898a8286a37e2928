"""The NumPy sandbox: results with shapes, and a corpus of escape attempts at every layer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tutor.config import load_settings
from tutor.errors import SandboxError
from tutor.sandbox.client import SandboxServer
from tutor.tools.numpy_exec import check_code, run_numpy, sandbox


def test_value_shape_dtype_stdout_and_arrays() -> None:
    result = run_numpy("x = np.arange(6).reshape(2, 3)\nprint(x.sum())\nx.T")
    assert result.ok
    assert result.stdout == "15\n"
    assert result.value is not None and result.value.shape == [3, 2]
    assert result.value.dtype == "int64"
    assert result.variables["x"].shape == [2, 3]
    assert "shape (3, 2)" in result.to_markdown()


def test_runs_are_seeded_and_repeatable() -> None:
    first = run_numpy("np.random.normal(size=3).sum()")
    second = run_numpy("np.random.normal(size=3).sum()")
    assert first.value == second.value


def test_errors_name_the_exception_and_the_line() -> None:
    result = run_numpy("a = np.ones((2, 3))\nb = np.ones((4, 5))\na @ b")
    assert not result.ok
    assert result.error_type == "ValueError" and result.line == 3
    assert "matmul" in (result.error or "")


def test_numpy_warnings_are_reported() -> None:
    result = run_numpy("np.array([1.0]) / 0")
    assert result.ok and any("divide by zero" in w for w in result.warnings)


# Each attempt: the code, and the layer's words that must appear in the refusal.
ESCAPES_STOPPED_BY_AST = [
    ("read a file", "open('/etc/passwd').read()", "'open' is not allowed"),
    ("read the environment", "import os\nos.environ", "not 'os'"),
    ("open a socket", "import socket\nsocket.socket()", "not 'socket'"),
    ("spawn a process", "import subprocess\nsubprocess.run(['id'])", "not 'subprocess'"),
    ("ctypes", "import ctypes", "not 'ctypes'"),
    ("numpy's ctypes door", "np.ctypeslib.load_library('libc', '/lib')", "'ctypeslib'"),
    ("walk the class hierarchy", "().__class__.__bases__[0].__subclasses__()", "'__subclasses__'"),
    ("tamper with builtins", "__builtins__['len'] = None", "'__builtins__'"),
    ("pickle", "import pickle", "not 'pickle'"),
    ("numpy file io", "np.load('/etc/passwd', allow_pickle=True)", "'load'"),
    ("getattr trick", "getattr(np, 'lo' + 'ad')", "'getattr'"),
    ("dunder in a string", "x = '__class__'", "'__'"),
    ("generator frame", "def g():\n    yield 1\ng().gi_frame.f_back", "'f_back'"),
    ("traceback frame", "try:\n    1 / 0\nexcept Exception as e:\n    e.tb_frame", "'tb_frame'"),
    (
        "match class keywords",
        "match np:\n    case object(lib=lib):\n        pass",
        "class patterns with keywords",
    ),
    ("from numpy import private", "from numpy import _core", "'_core'"),
    ("from numpy import a loader", "from numpy import load as l", "'load'"),
    ("star import", "from numpy import *", "'*'"),
    ("relative import", "from . import numpy", "only numpy and math"),
    ("numpy rec loaders", "r = np.rec", "'rec'"),
    ("fromregex", "np.fromregex('/etc/passwd', 'x', [])", "'fromregex'"),
]


@pytest.mark.parametrize(
    ("label", "code", "words"), ESCAPES_STOPPED_BY_AST, ids=[e[0] for e in ESCAPES_STOPPED_BY_AST]
)
def test_escape_attempts_are_refused_by_the_ast_check(label: str, code: str, words: str) -> None:
    result = run_numpy(code)
    assert not result.ok and result.error_type == "Refused"
    assert words in (result.error or "")


def test_ten_gigabytes_is_refused_by_the_memory_limit() -> None:
    result = run_numpy("x = np.ones(10**10 // 8)")
    assert not result.ok and result.error_type == "MemoryError"
    assert "out of memory" in (result.error or "")


@pytest.mark.slow
def test_an_infinite_loop_is_killed_and_the_parent_is_unharmed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TUTOR_SANDBOX_TIMEOUT_S", "1")
    result = run_numpy("while True:\n    pass", settings=load_settings())
    assert not result.ok and result.error_type in ("Killed", "Timeout")
    assert run_numpy("1 + 1").value is not None  # the server still answers
    assert os.getpid()  # and we are still here


def test_huge_output_is_truncated() -> None:
    result = run_numpy("for i in range(10**5):\n    print('x' * 100)")
    assert result.ok and result.truncated
    assert len(result.stdout) <= 20_000


def test_check_code_refuses_long_code_and_syntax_errors() -> None:
    with pytest.raises(SandboxError, match="too long"):
        check_code("x = 1\n" * 10_000)
    with pytest.raises(SandboxError, match="syntax error on line 1"):
        check_code("def (:")


def test_tampering_with_builtins_does_not_outlive_the_snippet() -> None:
    reply = sandbox().run(
        "__builtins__['len'] = None\n__builtins__['print'] = None",
        timeout_s=3,
        memory_mb=512,
        python_layers=False,
    )
    assert reply.ok  # allowed inside its own forked child …
    result = run_numpy("print(len([1, 2, 3]))")
    assert result.ok and result.stdout == "3\n"  # … and gone for the next one


def test_format_strings_cannot_walk_attributes() -> None:
    code = 'def f():\n    pass\n("{0._" + "_glob" + "als_" + "_}").format(f)'
    result = run_numpy(code)
    assert not result.ok and "'format' is not allowed" in (result.error or "")
    assert run_numpy('x = 2.5\nf"{x:.2f}"').value.repr == "'2.50'"  # type: ignore[union-attr]


def test_a_deeply_nested_expression_is_one_clear_line() -> None:
    result = run_numpy("-" * 15_000 + "1")
    assert not result.ok and result.error_type == "Refused"
    assert "nested too deeply" in (result.error or "") or "syntax" in (result.error or "")
    with pytest.raises(SandboxError):
        check_code("(" * 5000 + ")" * 5000)


def test_nul_bytes_are_one_clear_line() -> None:
    with pytest.raises(SandboxError):
        check_code("x = 1\x00")


def test_a_line_of_backticks_cannot_close_the_output_block() -> None:
    result = run_numpy("print('```')\nprint('x')")
    assert result.ok
    markdown = result.to_markdown()
    assert markdown.startswith("````text\n```\nx\n````")


def test_markdown_in_an_error_stays_inside_a_fence() -> None:
    result = run_numpy("raise ValueError('[click](http://example.invalid) **bold**')")
    markdown = result.to_markdown()
    assert "```text\n[click](http://example.invalid) **bold**\n```" in markdown


def test_unavailable_kernel_wall_is_said_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    from tutor.sandbox import client

    monkeypatch.setattr(client, "wall_mode", lambda: "none")
    server = client.SandboxServer()
    result = server.run("1 + 1", timeout_s=3, memory_mb=512)
    assert not result.ok and result.error_type == "Unavailable"
    assert "the sandbox is not available on this system" in (result.error or "")
    assert "kernel wall" in server.layers()


def test_no_temporary_directory_is_left_behind(tmp_path: Path) -> None:
    import tempfile

    before = set(Path(tempfile.gettempdir()).glob("tutor-sandbox-*"))
    server = SandboxServer()
    try:
        assert server.run("1", timeout_s=3, memory_mb=512).ok
    finally:
        server.close()
    assert set(Path(tempfile.gettempdir()).glob("tutor-sandbox-*")) == before


def test_environment_is_empty_so_the_key_never_reaches_the_sandbox(with_key: str) -> None:
    sandbox().close()  # a new server starts while the key is in our environment
    reply = sandbox().run(
        "import os\ndict(os.environ)", timeout_s=3, memory_mb=512, python_layers=False
    )
    assert reply.ok and reply.value is not None
    assert with_key not in reply.to_json()
    assert "GEMINI" not in reply.value.repr and "OPENBLAS_NUM_THREADS" in reply.value.repr


HONEST_WORK = [
    "np.linalg.lstsq(np.eye(3), np.ones(3), rcond=None)[0]",
    "np.linalg.eig(np.eye(3))[0]",
    "np.linalg.cholesky(np.eye(3))",
    "np.linalg.norm(np.ones((200, 200)), 2)",
    "np.random.default_rng().normal(size=2).shape",
    "np.random.default_rng(1).choice(5, 3)",
    "np.polyfit([0, 1, 2], [1, 3, 5], 1)",
    "np.polynomial.Polynomial.fit([0, 1, 2], [1, 3, 5], 1).coef",
    "import numpy.polynomial\nnp.polynomial.polynomial.polyval(2, [1, 2])",
    "np.vectorize(lambda x: x * 2)(np.arange(3))",
    "np.fft.rfft(np.ones(8))",
    "np.gradient(np.arange(5.0) ** 2)",
    "np.datetime64('2024-01-01') + np.timedelta64(1, 'D')",
    "np.ma.masked_array([1, 2], [0, 1]).sum()",
    "np.set_printoptions(precision=3)\nprint(np.pi * np.ones(2))",
    "np.einsum('ij,jk->ik', np.ones((3, 4)), np.ones((4, 5))).shape",
    "np.matmul(np.ones((64, 64)), np.ones((64, 64))).sum()",
    "np.char.upper(np.array(['a']))",
    "np.unique(np.array([3, 1, 3]), return_counts=True)",
    "np.float16(1.5) + np.longdouble(2)",
    "x = np.arange(10**6, dtype=float)\nx.sum()",
    "math.lgamma(5.5)",
]


@pytest.mark.parametrize("code", HONEST_WORK)
def test_honest_numpy_runs_under_the_kernel_wall(code: str) -> None:
    result = run_numpy(code)
    assert result.ok, (result.error_type, result.error)
