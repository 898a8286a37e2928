"""The escape corpus: every attack runs twice, with the Python-level layers on and off.

With them off (a test-only switch: no AST check, no audit hook, the real builtins and
importer), whatever the snippet reaches is stopped by the kernel wall alone. Each case
asserts that neither the canary key (in a neighbour process's environment and in this
process's) nor the canary file's text appears in any field of the result, that the canary
file is unchanged, and that no file, connection or process appeared.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import FAKE_KEY
from tutor.errors import SandboxError
from tutor.sandbox.client import SandboxServer, sandbox
from tutor.sandbox.policy import check_code
from tutor.sandbox.result import Outcome, fenced

CANARY_KEY = "canary-key-7f3a9c1e5b"
CANARY_TEXT = "canary-file-secret-4d2b8a"
TIMEOUT_S = 2.0


@dataclass
class Targets:
    canary: Path
    out: Path
    helper: subprocess.Popen[bytes]
    listener: socket.socket
    unix: socket.socket
    unix_path: str

    def fill(self, code: str) -> str:
        return (
            code.replace("{canary}", str(self.canary))
            .replace("{out}", str(self.out))
            .replace("{helper}", str(self.helper.pid))
            .replace("{me}", str(os.getpid()))
            .replace("{port}", str(self.listener.getsockname()[1]))
            .replace("{unix}", self.unix_path)
        )


@pytest.fixture(scope="module")
def targets(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Targets]:
    root = tmp_path_factory.mktemp("escape")
    canary = root / "canary.txt"
    canary.write_text(CANARY_TEXT)
    out = root / "out"
    out.mkdir()
    helper = subprocess.Popen(["sleep", "600"], env={"TUTOR_CANARY": CANARY_KEY})
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.setblocking(False)
    unix_path = str(root / "s.sock")
    unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    unix.bind(unix_path)
    unix.listen(8)
    unix.setblocking(False)
    yield Targets(canary, out, helper, listener, unix, unix_path)
    helper.kill()
    helper.wait()
    listener.close()
    unix.close()


@pytest.fixture(scope="module")
def kernel() -> SandboxServer:
    server = sandbox()
    active, why = server.layers().get("seccomp", (False, "no report"))
    if not active:
        pytest.skip(f"the seccomp layer is not active here: {why}")
    return server


def attack(server: SandboxServer, code: str, *, layers: bool) -> Outcome:
    if layers:
        try:
            check_code(code)
        except SandboxError as exc:
            return Outcome.failure("Refused", str(exc))
    return server.run(code, timeout_s=TIMEOUT_S, memory_mb=512, python_layers=layers)


def server_children(server: SandboxServer) -> list[int]:
    process = server._process
    if process is None:
        return []
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == process.pid:
                found.append(int(entry.name))
    return found


def assert_contained(result: Outcome, targets: Targets, server: SandboxServer) -> None:
    text = result.to_json()
    for secret in (CANARY_KEY, CANARY_TEXT, FAKE_KEY):
        assert secret not in text
    assert targets.canary.read_text() == CANARY_TEXT
    assert list(targets.out.iterdir()) == []
    for listener in (targets.listener, targets.unix):
        with pytest.raises(BlockingIOError):
            listener.accept()
    assert server_children(server) == []


def snippet_value_is_right(server: SandboxServer) -> None:
    after = server.run("6 * 7", timeout_s=TIMEOUT_S, memory_mb=512)
    assert after.ok and after.value is not None and after.value.repr == "42"


RAW = "import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
OS = "import os\n"

DISARM_ROUTES = {
    "generator frame to builtins": (
        "def g():\n    yield 1\nit = g()\nb = it.gi_frame.f_builtins\nb['open']('{canary}').read()"
    ),
    "frame back to the server's globals": (
        "def g():\n    yield 1\nit = g()\nnext(it)\nf = it.gi_frame.f_back\n"
        "f.f_globals['os'].system('touch {out}/frame')"
    ),
    "traceback frame through a match pattern": (
        "try:\n    1 / 0\nexcept Exception as e:\n    match e:\n"
        "        case ZeroDivisionError(__traceback__=tb):\n"
        "            g = tb.tb_frame.f_globals\n"
        "            print(g['__builtins__']['open']('{canary}').read())"
    ),
    "match class pattern fetching attributes": (
        "match np:\n    case object(lib=lib):\n        match lib:\n"
        "            case object(_datasource=ds):\n                match ds:\n"
        "                    case object(os=o):\n"
        "                        print(o.read(o.open('{canary}', 0), 100))"
    ),
    "str.format through a match pattern": (
        "match 'x':\n    case str(format=f):\n        print(f)\nprint(open('{canary}').read())"
    ),
    "from numpy import a private module": (
        "from numpy import _core\nfrom numpy import lib\n"
        "lib._datasource.os.system('touch {out}/core')"
    ),
    "__array_interface__ pointing at memory": (
        "class P:\n    def __init__(self, address):\n"
        "        self.__array_interface__ = {'shape': (64,), 'typestr': '|u1',"
        " 'data': (address, False), 'version': 3}\n"
        "a = np.array(P(id(np)))\n"
        "open('{canary}').read()"
    ),
    "__repr__ of the last value": (
        "class Evil(int):\n    def __repr__(self):\n        return open('{canary}').read()\nEvil(4)"
    ),
    "__repr__ of an int-subclass variable": (
        "class Evil(int):\n    def __repr__(self):\n"
        "        __import__('os').system('touch {out}/repr')\n"
        "        return open('{canary}').read()\nv = Evil(3)"
    ),
    "__str__ of an exception": (
        "class E(Exception):\n    def __str__(self):\n"
        "        return open('{canary}').read()\nraise E()"
    ),
    "__str__ of a warning": (
        "import warnings\nclass W(UserWarning):\n    def __str__(self):\n"
        "        return open('{canary}').read()\nwarnings.warn(W())"
    ),
}

READ_TARGETS = {
    "own environ": "/proc/self/environ",
    "parent environ": "/proc/{me}/environ",
    "neighbour environ": "/proc/{helper}/environ",
    "parent memory": "/proc/{me}/mem",
    "canary file": "{canary}",
}
LOADERS = {
    "load": "np.load('@T@', allow_pickle=True)",
    "fromfile": "np.fromfile('@T@', dtype=np.uint8).tobytes()",
    "loadtxt": "np.loadtxt('@T@', dtype=str, delimiter='\\x00')",
    "genfromtxt": "np.genfromtxt('@T@', dtype=str)",
    "fromregex": "np.fromregex('@T@', r'(.+)', [('a', 'U200')])",
    "memmap": "np.memmap('@T@', dtype=np.uint8, mode='r').tobytes()",
    "rec.fromfile": "np.rec.fromfile('@T@', formats='u1', shape=64)",
    "lib.format": "np.lib.format.open_memmap('@T@', mode='r')",
    "DataSource": "np.lib.npyio.DataSource(None).open('@T@').read()",
    "raw open": RAW + "fd = libc.open(b'@T@', 0)\nbuf = ctypes.create_string_buffer(4096)\n"
    "(fd, libc.read(fd, buf, 4096), buf.raw[:300])",
    "raw openat2": RAW
    + "how = bytes(24)\n(libc.syscall(437, -100, b'@T@', how, 24), ctypes.get_errno())",
}
SAVERS = {
    "save": "np.save('{out}/a.npy', np.ones(3))",
    "tofile": "np.ones(3).tofile('{out}/b.bin')",
    "savetxt": "np.savetxt('{out}/c.txt', np.ones(3))",
    "savez": "np.savez('{out}/d', a=np.ones(3))",
    "overwrite the canary": "np.ones(3).tofile('{canary}')",
    "memmap the canary for writing": "m = np.memmap('{canary}', dtype=np.uint8, mode='r+')\nm[:] = 0",
    "lib.format writer": "np.lib.format.open_memmap('{out}/e.npy', mode='w+', shape=(3,))",
}
NETWORK = {
    "socket module": "import socket\ns = socket.create_connection(('127.0.0.1', {port}))",
    "raw TCP connect": RAW + "s = libc.socket(2, 1, 0)\n"
    "addr = bytes([2, 0, {port} >> 8, {port} & 255, 127, 0, 0, 1]) + bytes(8)\n"
    "(s, libc.connect(s, addr, 16), ctypes.get_errno())",
    "raw unix connect": RAW + "s = libc.socket(1, 1, 0)\n"
    "addr = (1).to_bytes(2, 'little') + b'{unix}' + bytes(80)\n"
    "(s, libc.connect(s, addr, 110), ctypes.get_errno())",
    "abstract unix socket": RAW + "s = libc.socket(1, 1, 0)\n"
    "(s, libc.bind(s, (1).to_bytes(2, 'little') + b'\\x00tutor-escape', 15))",
    "udp send": RAW + "s = libc.socket(2, 2, 0)\n(s, ctypes.get_errno())",
}
PROCESSES = {
    "os.system": OS + "os.system('touch {out}/system')",
    "os.fork": OS + "pid = os.fork()\nif pid == 0:\n    os.system('touch {out}/fork')\npid",
    "posix_spawn": OS + "os.posix_spawn('/bin/touch', ['touch', '{out}/spawn'], {})",
    "execv": OS + "os.execv('/bin/touch', ['touch', '{out}/exec'])",
    "thread": "import _thread\n_thread.start_new_thread(print, (1,))",
    "raw fork": RAW + "(libc.syscall(57), ctypes.get_errno())",
    "raw clone": RAW + "(libc.syscall(56, 17, 0, 0, 0, 0), ctypes.get_errno())",
    "raw execve": RAW
    + "libc.execv(b'/bin/touch', (ctypes.c_char_p * 3)(b'touch', b'{out}/x', None))",
    "ptrace the parent": RAW + "(libc.ptrace(16, {me}, 0, 0), ctypes.get_errno())",
    "prctl loosening": RAW + "(libc.prctl(22, 0, 0, 0, 0), ctypes.get_errno())",
    "unshare": RAW + "(libc.unshare(0x10000000), ctypes.get_errno())",
}
CHANNEL = {
    "forge a frame": OS + "import json, struct\n"
    "d = json.dumps({'ok': True, 'stdout': 'forged'}).encode()\n"
    "os.write(3, struct.pack('>I', len(d)) + d)\nimport time\ntime.sleep(1)",
    "write half a frame": OS + "import struct\nos.write(3, struct.pack('>I', 100) + b'{\"ok\"')",
    "announce a huge frame": OS + "os.write(3, b'\\xff\\xff\\xff\\xff' + b'x' * 1000)",
    "malformed JSON": OS + "import struct\nos.write(3, struct.pack('>I', 5) + b'{oops')",
    "deeply nested JSON": OS + "import struct\nd = b'[' * 100000 + b']' * 100000\n"
    "os.write(3, struct.pack('>I', len(d)) + d)",
    "wrong field types": OS + 'import struct\nd = b\'{"ok": true, "variables": {"a b": 1}}\'\n'
    "os.write(3, struct.pack('>I', len(d)) + d)",
    "write every other descriptor": OS + "bad = []\nfor fd in (0, 1, 2, 4, 5, 6):\n"
    "    try:\n        os.write(fd, b'{\"ok\": true}\\n')\n"
    "    except OSError as e:\n        bad.append(e.errno)\nbad",
    "read the request pipe": OS + "os.read(0, 100)",
    "dup the result pipe onto stdout": OS + "os.dup2(3, 1)",
}
SIGNALS = {
    "kill the server": OS + "os.kill(os.getppid(), 9)",
    "kill the parent": OS + "os.kill({me}, 15)",
    "kill the parent's group": OS + "os.killpg(os.getpgid({me}), 9)",
    "raw kill": RAW + "(libc.syscall(62, {me}, 9), ctypes.get_errno())",
    "stop the server": OS + "os.kill(os.getppid(), 19)",
}
BOMBS = {
    "ten gigabytes of numpy": "np.ones(10**10)",
    "doubling string": "s = 'ab'\nwhile True:\n    s += s",
    "many arrays": "keep = [np.ones(10**7) for _ in range(1000)]",
    "busy loop": "while True:\n    pass",
    "sleeping": "import time\ntime.sleep(60)",
}
FLOODS = {
    "stdout": "for i in range(10**5):\n    print('x' * 100)",
    "value repr": "'y' * 10**7",
    "array repr": "np.arange(10**6).reshape(1000, 1000)",
    "many variables": "\n".join(f"v{i} = {i}" for i in range(200)),
    "long variable names": "globals()['a' * 10**5] = 1\nglobals()[1] = 2",
    "warnings": "import warnings\nfor i in range(10**4):\n    warnings.warn(str(i) * 500)",
    "numpy warnings": "for i in range(1000):\n    np.array([float(i)]) / 0",
    "dtype string": "np.zeros(1, dtype=[('f%d' % i, 'f8') for i in range(1000)])",
    "exception text": "raise ValueError('z' * 10**7)",
    "exception name": "E = type('E' * 5000, (Exception,), {})\nraise E()",
    "huge int repr": "10 ** 100000",
    "int subclass repr flood": "class B(int):\n    def __repr__(self):\n        return 'q' * 10**7\nb = B(1)\nb",
    "non-str repr": "class N:\n    def __repr__(self):\n        return 5\nN()",
    "recursive repr": "class R:\n    def __repr__(self):\n        return repr(self)\nR()",
}

ALL = {
    **{f"disarm: {k}": v for k, v in DISARM_ROUTES.items()},
    **{
        f"read {loader} {where}": code.replace("@T@", path)
        for loader, code in LOADERS.items()
        for where, path in READ_TARGETS.items()
    },
    **{f"write: {k}": v for k, v in SAVERS.items()},
    **{f"network: {k}": v for k, v in NETWORK.items()},
    **{f"process: {k}": v for k, v in PROCESSES.items()},
    **{f"channel: {k}": v for k, v in CHANNEL.items()},
    **{f"signal: {k}": v for k, v in SIGNALS.items()},
    **{f"bomb: {k}": v for k, v in BOMBS.items()},
    **{f"flood: {k}": v for k, v in FLOODS.items()},
}


@pytest.mark.parametrize("layers", [True, False], ids=["python layers on", "kernel alone"])
@pytest.mark.parametrize("label", list(ALL))
def test_attack_is_contained(
    label: str, layers: bool, kernel: SandboxServer, targets: Targets, with_key: str
) -> None:
    code = targets.fill(ALL[label])
    result = attack(kernel, code, layers=layers)
    assert_contained(result, targets, kernel)
    if not layers and label.startswith(("read ", "write: ", "disarm: ")):
        # past every Python layer, the kernel itself said no (a loader whose module is
        # not loaded yet fails to import it: opening its file is refused too)
        assert not result.ok or CANARY_TEXT not in (result.value.repr if result.value else "")
    snippet_value_is_right(kernel)


def test_the_kernel_refuses_what_python_would_allow(kernel: SandboxServer) -> None:
    code = "import os\nos.open('/etc/hostname', os.O_RDONLY)"
    result = kernel.run(code, timeout_s=TIMEOUT_S, memory_mb=512, python_layers=False)
    assert result.error_type == "PermissionError" and "Operation not permitted" in (
        result.error or ""
    )


def test_signals_leave_the_server_and_the_parent_alive(
    kernel: SandboxServer, targets: Targets
) -> None:
    kernel.run("1", timeout_s=TIMEOUT_S, memory_mb=512)
    process = kernel._process
    assert process is not None
    for code in SIGNALS.values():
        attack(kernel, targets.fill(code), layers=False)
    assert kernel._process is process and process.poll() is None


def test_a_forged_frame_lies_only_about_its_own_snippet(kernel: SandboxServer) -> None:
    forged = attack(kernel, CHANNEL["forge a frame"], layers=False)
    assert forged.stdout == "forged"  # it may lie about itself …
    snippet_value_is_right(kernel)  # … but the next reply is its own


def test_a_child_that_closes_its_pipe_and_sleeps_is_killed_at_the_wall_clock(
    kernel: SandboxServer,
) -> None:
    kernel.run("1", timeout_s=TIMEOUT_S, memory_mb=512)  # a warm server
    code = "import os, time\nos.close(3)\ntime.sleep(60)"
    start = time.monotonic()
    result = kernel.run(code, timeout_s=1.0, memory_mb=512, python_layers=False)
    elapsed = time.monotonic() - start
    print(f"closed-and-sleeping child answered after {elapsed:.2f} s (deadline 1 s)")
    assert result.error_type == "Timeout"
    assert elapsed < 1.0 + 4.0  # generous: the machine is shared; the figure is printed
    snippet_value_is_right(kernel)


def test_floods_stay_within_every_cap(kernel: SandboxServer) -> None:
    for code in FLOODS.values():
        for layers in (True, False):
            result = attack(kernel, code, layers=layers)
            assert len(result.to_json()) < 300_000


def test_terminal_escapes_stay_data_and_cannot_break_the_fence(kernel: SandboxServer) -> None:
    code = (
        "print('\\x1b]52;c;ZXZpbA==\\x07\\x1b]8;;http://x\\x07link\\x1b]8;;\\x07\\x1b[2J')\n"
        "print('```')\nprint('~~~~')\nprint('`' * 9)\n'```\\n# heading'"
    )
    for layers in (True, False):
        result = attack(kernel, code, layers=layers)
        assert result.ok and isinstance(result.stdout, str) and "\x1b]52" in result.stdout
        markdown = result.to_markdown()
        block = fenced(result.stdout.rstrip())
        fence = block.split("text\n", 1)[0]
        assert len(fence) == 10 and block in markdown
        assert fence not in result.stdout


@pytest.mark.parametrize("layer", ["seccomp", "landlock", "netns", "rlimits"])
def test_kernel_layer_is_active(layer: str) -> None:
    active, why = sandbox().layers().get(layer, (False, "not reported"))
    if not active:
        pytest.skip(f"the {layer} layer is not active here: {why}")
    assert why


def test_the_server_survives_sigterm_to_a_child_pgroup(kernel: SandboxServer) -> None:
    # the server's own process group is not the child's: killing a child's group at the
    # deadline never reaches the server
    result = kernel.run("while True:\n    pass", timeout_s=0.5, memory_mb=512)
    assert result.error_type in ("Timeout", "Killed")
    snippet_value_is_right(kernel)


PARENT_WITH_A_KEY = """
import json, os, sys
from tutor.sandbox.client import SandboxServer
me = os.getpid()
assert sys.argv[1] in open(f"/proc/{me}/environ").read()  # the canary is really there
server = SandboxServer()
attacks = [
    f"np.fromfile('/proc/{me}/environ', dtype=np.uint8).tobytes()",
    "import os\\nopen(f'/proc/{os.getppid()}/environ').read()",
    f"import ctypes\\nlibc = ctypes.CDLL(None)\\nb = ctypes.create_string_buffer(9999)\\n"
    f"(libc.open(b'/proc/{me}/environ', 0), libc.read(3, b, 9999), b.raw)",
    "import os\\ndict(os.environ)",
]
results = [server.run(code, timeout_s=3, memory_mb=512, python_layers=False).to_json()
           for code in attacks]
server.close()
print(json.dumps(results))
"""


def test_the_key_in_the_parents_own_environment_is_out_of_reach(kernel: SandboxServer) -> None:
    import json
    import sys

    env = {**os.environ, "GEMINI_API_KEY": CANARY_KEY}
    done = subprocess.run(
        [sys.executable, "-c", PARENT_WITH_A_KEY, CANARY_KEY],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    results = json.loads(done.stdout)
    assert len(results) == 4 and CANARY_KEY not in done.stdout
    assert all('"ok": false' in r or "PermissionError" in r or "-1" in r for r in results[:3])
