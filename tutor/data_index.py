"""Data files validated once: a versioned index in the user's cache directory.

`load_validated("tutor.data", "symbols.json", SymbolTable)` validates the JSON file with
its pydantic model the first time, then keeps the validated object (pickled) in
`<cache dir>/index/`, keyed by tutor's version, the pydantic and Python versions, the
model and a checksum of the file's bytes. Later starts read the index back instead of
validating again; editing the file or upgrading tutor makes a new key, and the stale
index is removed. An index that is not the user's own, is writable by others, or cannot
be read is ignored (and rebuilt); a cache directory that cannot be written only costs
the validation.
"""

from __future__ import annotations

import os
import sys

# typing is not imported at run time (`tutor symbol` needs none of it): mypy treats this
# name as true, Python never runs the block
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from typing import Any, Protocol, Self, TypeVar

    class Validating(Protocol):
        """A pydantic model, or a plain class with the same `model_validate` (no pydantic)."""

        @classmethod
        def model_validate(cls, obj: Any) -> Self: ...

    M = TypeVar("M", bound=Validating)
    T = TypeVar("T")

__all__ = ["data_bytes", "index_dir", "load_derived", "load_validated"]


def data_bytes(package: str, name: str) -> bytes:
    """The bytes of a data file shipped in `package`, read straight from the package's
    folder: importing importlib.resources costs more than the read. A package that is
    not a folder on disk (a zip) goes through importlib.resources."""
    import importlib

    folder = os.path.dirname(getattr(importlib.import_module(package), "__file__", None) or "")
    path = os.path.join(folder, name)
    if folder and os.path.isfile(path):
        with open(path, "rb") as handle:
            return handle.read()
    from importlib import resources

    return resources.files(package).joinpath(name).read_bytes()


def index_dir() -> Path:
    """TUTOR_CACHE_DIR/index, else the platform's cache directory for tutor, /index."""
    from pathlib import Path

    from tutor import paths

    return Path(paths.index_dir())


def _key(raw: bytes, model: type[Validating]) -> str:
    # zlib, not hashlib (whose OpenSSL import costs more): this only detects changes, and
    # the index it names is the user's own file, checked before it is read
    import zlib

    import tutor

    pydantic = sys.modules.get("pydantic")  # a pydantic model has imported it already
    uses_pydantic = pydantic is not None and issubclass(model, pydantic.BaseModel)
    parts = [
        tutor.__version__,
        pydantic.VERSION if pydantic is not None and uses_pydantic else "no pydantic",
        sys.version,
        f"{model.__module__}.{model.__qualname__}",
    ]
    data = "\0".join(parts).encode() + b"\0" + raw
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):08x}"


def _trusted(path: str) -> bool:
    if os.name != "posix":
        return True
    info = os.stat(path)
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def load_validated(package: str, name: str, model: type[M]) -> M:
    """The data file `name` of `package`, validated by `model` once per version and content."""
    import json
    import pickle

    from tutor import paths

    raw = data_bytes(package, name)
    folder = paths.index_dir()
    path = os.path.join(folder, f"{name}.{_key(raw, model)}.pickle")
    try:
        if _trusted(path):
            with open(path, "rb") as handle:
                loaded = pickle.load(handle)
            if type(loaded) is model:
                return loaded
    except Exception:  # missing, unreadable or stale: validate again
        pass
    value = model.model_validate(json.loads(raw))
    _store(folder, path, name, value)
    return value


def load_derived(name: str, sources: list[bytes], build: Callable[[], T]) -> T:
    """`build()`, kept pickled in the index under a key made from `sources` (the data and
    the code the result is derived from) and tutor's and Python's versions; rebuilt when
    any of them changes, or when the kept copy is missing, damaged or not the user's own."""
    import pickle
    import zlib

    import tutor
    from tutor import paths

    data = "\0".join([tutor.__version__, sys.version]).encode()
    crc, adler, size = zlib.crc32(data), zlib.adler32(data), len(data)
    for source in sources:
        crc, adler, size = zlib.crc32(source, crc), zlib.adler32(source, adler), size + len(source)
    folder = paths.index_dir()
    path = os.path.join(folder, f"{name}.{crc:08x}{adler:08x}{size:08x}.pickle")
    try:
        if _trusted(path):
            with open(path, "rb") as handle:
                return pickle.load(handle)  # type: ignore[no-any-return]
    except Exception:  # missing, unreadable or stale: build again
        pass
    value = build()
    _store(folder, path, name, value)
    return value


def _store(folder_name: str, path_name: str, name: str, value: object) -> None:
    import pickle
    from pathlib import Path

    from tutor.db import private_dir

    folder, path = Path(folder_name), Path(path_name)

    try:
        private_dir(folder)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        for old in folder.glob(f"{name}.*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only cache only costs the validation next time
