"""One way to open every local store: SQLite settings, migrations, private files, and
storage failures as one-line errors.

- `connect(path, what=..., migrations=[...])`: WAL (retried, since the first use by several
  processes at once can find the database locked while switching journal mode), a busy
  timeout, foreign keys on, and `PRAGMA user_version` migrations applied one transaction
  per step (each step re-reads the version inside its own `BEGIN IMMEDIATE`, so two
  processes never apply the same step twice).
- `storage_errors(what, path)`: a context manager that turns `sqlite3.Error` and
  `OSError` into a `StorageError` subclass with one line saying what failed and how to
  fix it: `StorageFull`, `StorageReadOnly`, `StoragePermissionDenied`, `StorageCorrupt`
  (run `tutor repair`, which moves the file aside; nothing is ever deleted),
  `StorageLocked`.
- `private_dir` / `private_file`: the data directory is 0700 and its files 0600 on POSIX.
- `open_cache` / `cache_get`: diskcache with the same errors; a corrupt entry is dropped
  and reads as a miss, so it is recomputed.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutor.errors import (
    StorageCorrupt,
    StorageError,
    StorageFull,
    StorageLocked,
    StoragePermissionDenied,
    StorageReadOnly,
)

if TYPE_CHECKING:
    import diskcache

__all__ = [
    "BUSY_TIMEOUT_S",
    "Migration",
    "Store",
    "cache_get",
    "check_database",
    "connect",
    "map_error",
    "migrate",
    "move_aside",
    "open_cache",
    "private_dir",
    "private_file",
    "storage_errors",
    "transaction",
    "write_private",
]

BUSY_TIMEOUT_S = 30.0
POSIX = os.name == "posix"

# A step is an SQL script (statements separated by semicolons) or a function that gets
# the connection inside the step's transaction.
Migration = str | Callable[[sqlite3.Connection], None]

_FIX_HOME = "or point TUTOR_HOME at another directory"


def map_error(exc: BaseException, what: str, path: Path | None = None) -> StorageError:
    """A `sqlite3.Error` or `OSError` as one line: what failed, where, and how to fix it."""
    where = f"{what} ({path})" if path else what
    if isinstance(exc, StorageError):
        return exc
    if isinstance(exc, OSError):
        code = exc.errno
        reason = exc.strerror or str(exc)
        if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            return StorageFull(
                f"cannot write {where}: the disk is full; free some space {_FIX_HOME}", path=path
            )
        if code == errno.EROFS:
            return StorageReadOnly(
                f"{where}: the file system is read-only; {_FIX_HOME[3:]}", path=path
            )
        if code in (errno.EACCES, errno.EPERM):
            return StoragePermissionDenied(
                f"{where}: permission denied; let your user read and write it "
                f"(chmod u+rwX) {_FIX_HOME}",
                path=path,
            )
        return StorageError(f"{where}: {reason}; check the disk {_FIX_HOME}", path=path)
    name = getattr(exc, "sqlite_errorname", "") or ""
    message = str(exc)
    if name.startswith("SQLITE_FULL") or "disk is full" in message:
        return StorageFull(
            f"cannot write {where}: the disk is full; free some space {_FIX_HOME}", path=path
        )
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or (
        "not a database" in message or "malformed" in message
    ):
        return StorageCorrupt(
            f"{where} is damaged ({message}); run `tutor repair` to move it aside "
            "(it is kept, renamed) and start fresh",
            path=path,
        )
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in message:
        return StorageLocked(
            f"{where} is busy in another tutor process; close it or try again in a moment",
            path=path,
        )
    if name.startswith("SQLITE_READONLY") or "readonly" in message:
        return StorageReadOnly(
            f"{where} is read-only; make it and its directory writable {_FIX_HOME}",
            path=path,
        )
    if name.startswith(("SQLITE_PERM", "SQLITE_AUTH", "SQLITE_CANTOPEN")) or (
        "unable to open" in message
    ):
        if path is not None and not _writable(path):
            return StoragePermissionDenied(
                f"{where}: permission denied; let your user read and write it "
                f"(chmod u+rwX) {_FIX_HOME}",
                path=path,
            )
        return StorageError(f"{where}: cannot open it ({message}) {_FIX_HOME}", path=path)
    if name.startswith("SQLITE_IOERR") or "disk I/O" in message:
        return StorageError(
            f"{where}: disk I/O error; check free space and the disk {_FIX_HOME}", path=path
        )
    return StorageError(f"{where}: {message}", path=path)


def _writable(path: Path) -> bool:
    target = path if path.exists() else path.parent
    return os.access(target, os.R_OK | os.W_OK | (os.X_OK if target.is_dir() else 0))


@contextmanager
def storage_errors(what: str, path: Path | None = None) -> Iterator[None]:
    """Turn storage failures inside the block into one-line `StorageError`s."""
    try:
        yield
    except (sqlite3.Error, OSError) as exc:
        raise map_error(exc, what, path) from None


def private_dir(path: Path, *, tighten: bool = True) -> Path:
    """Create `path` (and parents) as 0700; with `tighten`, also narrow an existing one."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if POSIX and tighten:
        info = path.stat()
        mode = info.st_mode & 0o777
        if mode & 0o077 and info.st_uid == os.getuid() and not _too_broad(path):
            path.chmod(mode & 0o700)
    return path


def _too_broad(path: Path) -> bool:
    """The home directory or the root, named as a data directory by mistake: left alone."""
    resolved = path.resolve()
    return resolved == Path(resolved.anchor) or resolved == Path.home().resolve()


def private_file(path: Path) -> None:
    """Make an existing file 0600 (readable by its owner only) on POSIX."""
    if POSIX:
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            return
        if mode & 0o077:
            path.chmod(mode & 0o600)


def write_private(path: Path, text: str) -> None:
    """Write `text` to `path`, created 0600 on POSIX (its directory created if missing).

    Failures are the `OSError` itself, for the caller to word (`map_error` makes one line)."""
    if path.is_dir():
        raise IsADirectoryError(21, "is a directory", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    private_file(path)


def _precreate(path: Path) -> None:
    """Create the database file 0600 before SQLite does (SQLite gives its -wal and -shm
    files the database file's mode)."""
    if not POSIX:
        return
    if path.exists():
        private_file(path)
        return
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)


def _wal(db: sqlite3.Connection, deadline: float) -> None:
    delay = 0.005
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            if time.monotonic() > deadline:
                raise
            import random  # only when another process holds the lock: off the start-up path

            time.sleep(delay * (1 + random.random()))
            delay = min(delay * 2, 0.25)


def connect(
    path: Path,
    *,
    what: str,
    migrations: Sequence[Migration] = (),
    synchronous: str = "NORMAL",
    busy_timeout_s: float | None = None,
) -> sqlite3.Connection:
    """Open (creating if needed) the SQLite database at `path`, migrated to the latest step.

    Autocommit mode (`isolation_level=None`): use `transaction()` for writes that belong
    together. Usable from worker threads (`check_same_thread=False`); serialise use.
    """
    if busy_timeout_s is None:
        busy_timeout_s = BUSY_TIMEOUT_S
    with storage_errors(what, path):
        private_dir(path.parent)
        _precreate(path)
        db = sqlite3.connect(
            path, timeout=busy_timeout_s, isolation_level=None, check_same_thread=False
        )
        try:
            db.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
            _wal(db, time.monotonic() + busy_timeout_s)
            db.execute(f"PRAGMA synchronous={synchronous}")
            db.execute("PRAGMA foreign_keys=ON")
            migrate(db, migrations, what=what, path=path)
        except BaseException:
            db.close()
            raise
    return db


@contextmanager
def transaction(
    db: sqlite3.Connection, what: str, path: Path | None = None
) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT (ROLLBACK on any error): writers queue, never interleave."""
    with storage_errors(what, path):
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            with suppress(sqlite3.Error):  # SQLite may have rolled back already
                db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")


class Store:
    """A durable store on one SQLite file: connected and migrated on open, with the
    transaction every writer uses (the diary and the reading list are stores)."""

    def __init__(self, path: Path, *, what: str, migrations: Sequence[Migration]) -> None:
        self.path = path
        self.what = what
        self.db = connect(path, what=what, migrations=migrations, synchronous="FULL")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT: writers queue instead of failing half-way."""
        with transaction(self.db, self.what, self.path) as db:
            yield db

    def close(self) -> None:
        self.db.close()


def _statements(script: str) -> Iterator[str]:
    buffer = ""
    for part in script.split(";"):
        buffer += part + ";"
        if sqlite3.complete_statement(buffer):
            if buffer.strip(" \t\n;"):
                yield buffer
            buffer = ""
    if buffer.strip(" \t\n;"):
        yield buffer


def migrate(
    db: sqlite3.Connection, migrations: Sequence[Migration], *, what: str, path: Path | None
) -> int:
    """Apply the steps past `PRAGMA user_version`, one transaction per step; the version."""
    (version,) = db.execute("PRAGMA user_version").fetchone()
    if version > len(migrations):
        raise StorageError(
            f"{what} ({path}) was written by a newer tutor (schema {version}, this one knows "
            f"{len(migrations)}); upgrade tutor",
            path=path,
        )
    while version < len(migrations):
        with transaction(db, what, path):
            (version,) = db.execute("PRAGMA user_version").fetchone()
            if version >= len(migrations):
                break
            step = migrations[version]
            if callable(step):
                step(db)
            else:
                for statement in _statements(step):
                    db.execute(statement)
            version += 1
            db.execute(f"PRAGMA user_version={version}")
    return int(version)


def check_database(path: Path) -> str | None:
    """None if `path` is a sound SQLite database, else what is damaged in it.

    Other failures (locked, permission denied) raise `StorageError`: a busy database is
    not a damaged one, and must never be moved aside."""
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0)
        try:
            (result,) = db.execute("PRAGMA quick_check").fetchone()
        finally:
            db.close()
    except sqlite3.Error as exc:
        error = map_error(exc, path.name, path)
        if isinstance(error, StorageCorrupt):
            return str(exc)
        raise error from None
    return None if result == "ok" else str(result)


def move_aside(path: Path) -> Path:
    """Rename a damaged file (and its -wal/-shm companions) to `NAME.corrupt-TIMESTAMP`.

    Nothing is deleted: the learner can still recover data from the renamed copy."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    with storage_errors(f"moving aside {path.name}", path):
        path.rename(target)
        for suffix in ("-wal", "-shm"):
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                companion.rename(target.with_name(target.name + suffix))
    return target


def open_cache(directory: Path, *, what: str, **options: Any) -> diskcache.Cache:
    """A diskcache `Cache` in a private directory, with storage failures as one line."""
    import diskcache

    with storage_errors(what, directory / "cache.db"):
        private_dir(directory)
        cache = diskcache.Cache(str(directory), **options)
        for name in ("cache.db", "cache.db-wal", "cache.db-shm"):
            private_file(directory / name)
        return cache


def cache_get(cache: diskcache.Cache, key: str, *, what: str, default: Any = None) -> Any:
    """`cache.get(key)`; an entry that cannot be read back (a corrupt pickle, a missing
    value file) is dropped and reads as a miss. Database failures raise `StorageError`."""
    try:
        return cache.get(key, default)
    except (sqlite3.Error, OSError) as exc:
        if isinstance(exc, FileNotFoundError):
            _drop(cache, key)
            return default
        raise map_error(exc, what, Path(cache.directory) / "cache.db") from None
    except Exception:  # unpickling runs arbitrary constructors: any error is possible
        _drop(cache, key)
        return default


def _drop(cache: diskcache.Cache, key: str) -> None:
    with suppress(sqlite3.Error, OSError):
        cache.delete(key)
