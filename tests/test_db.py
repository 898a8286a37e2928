"""tutor.db: connections, migrations, private files, storage errors as one line."""

from __future__ import annotations

import errno
import multiprocessing
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from tutor import db
from tutor.errors import (
    StorageCorrupt,
    StorageError,
    StorageFull,
    StorageLocked,
    StoragePermissionDenied,
    StorageReadOnly,
)

STEPS = [
    "CREATE TABLE a (x INTEGER); CREATE INDEX a_x ON a(x);",
    "CREATE TABLE b (y TEXT); CREATE TRIGGER b_t AFTER INSERT ON b BEGIN INSERT INTO a VALUES (1); END;",
]


def test_connect_migrates_one_step_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "d" / "x.sqlite3"
    conn = db.connect(path, what="the test store", migrations=STEPS[:1])
    assert conn.execute("PRAGMA user_version").fetchone() == (1,)
    conn.close()
    conn = db.connect(path, what="the test store", migrations=STEPS)
    assert conn.execute("PRAGMA user_version").fetchone() == (2,)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
    conn.execute("INSERT INTO b VALUES ('t')")
    assert conn.execute("SELECT COUNT(*) FROM a").fetchone() == (1,)
    conn.close()


def test_a_failing_step_leaves_the_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    with pytest.raises(StorageError):
        db.connect(path, what="the test store", migrations=[STEPS[0], "CREATE TABLE a (z);"])
    conn = db.connect(path, what="the test store", migrations=STEPS[:1])
    assert conn.execute("PRAGMA user_version").fetchone() == (1,)
    conn.close()


def test_a_newer_schema_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    db.connect(path, what="the test store", migrations=STEPS).close()
    with pytest.raises(StorageError, match="newer tutor"):
        db.connect(path, what="the test store", migrations=STEPS[:1])


def _open(path: str) -> int:
    conn = db.connect(Path(path), what="the test store", migrations=STEPS)
    conn.execute("INSERT INTO b VALUES ('x')")
    conn.close()
    return 0


def test_first_use_by_many_processes_at_once(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    context = multiprocessing.get_context("spawn")
    with context.Pool(6) as pool:
        assert pool.map(_open, [str(path)] * 12) == [0] * 12
    conn = db.connect(path, what="the test store", migrations=STEPS)
    assert conn.execute("SELECT COUNT(*) FROM a").fetchone() == (12,)
    conn.close()


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_files_are_private(tmp_path: Path) -> None:
    path = tmp_path / "home" / "x.sqlite3"
    conn = db.connect(path, what="the test store", migrations=STEPS)
    conn.execute("INSERT INTO b VALUES ('x')")
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    for name in ("x.sqlite3", "x.sqlite3-wal", "x.sqlite3-shm"):
        assert stat.S_IMODE((path.parent / name).stat().st_mode) == 0o600, name
    conn.close()


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_old_wide_modes_are_narrowed(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    path = home / "x.sqlite3"
    db.connect(path, what="the test store").close()
    path.chmod(0o644)
    db.connect(path, what="the test store").close()
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_corrupt_file_is_one_line_and_moved_aside_on_request(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StorageCorrupt) as caught:
        db.connect(path, what="the test store", migrations=STEPS)
    message = str(caught.value)
    assert "\n" not in message and "tutor repair" in message and str(path) in message
    assert db.check_database(path) is not None
    moved = db.move_aside(path)
    assert moved.read_bytes().startswith(b"this is not")  # kept, never deleted
    assert not path.exists()
    db.connect(path, what="the test store", migrations=STEPS).close()
    assert db.check_database(path) is None


def _sqlite_error(name: str, message: str) -> sqlite3.Error:
    exc = sqlite3.OperationalError(message)
    exc.sqlite_errorname = name  # type: ignore[attr-defined]
    return exc


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (_sqlite_error("SQLITE_FULL", "database or disk is full"), StorageFull),
        (OSError(errno.ENOSPC, "No space left on device"), StorageFull),
        (_sqlite_error("SQLITE_READONLY", "attempt to write a readonly database"), StorageReadOnly),
        (OSError(errno.EROFS, "Read-only file system"), StorageReadOnly),
        (PermissionError(errno.EACCES, "Permission denied"), StoragePermissionDenied),
        (_sqlite_error("SQLITE_BUSY", "database is locked"), StorageLocked),
        (_sqlite_error("SQLITE_NOTADB", "file is not a database"), StorageCorrupt),
        (_sqlite_error("SQLITE_CORRUPT", "database disk image is malformed"), StorageCorrupt),
        (_sqlite_error("SQLITE_IOERR_WRITE", "disk I/O error"), StorageError),
    ],
)
def test_error_mapping(exc: BaseException, kind: type[StorageError], tmp_path: Path) -> None:
    error = db.map_error(exc, "the diary", tmp_path / "diary.sqlite3")
    assert type(error) is kind
    assert "\n" not in str(error) and "the diary" in str(error)


def test_corrupt_cache_entry_is_dropped_and_recomputed(tmp_path: Path) -> None:
    cache = db.open_cache(tmp_path / "cache", what="the test cache")
    cache.set("k", {"text": "x" * 100_000})  # large enough to be a value file
    cache.set("small", {"a": 1})
    conn = sqlite3.connect(tmp_path / "cache" / "cache.db")
    conn.execute("UPDATE Cache SET value = ? WHERE key = 'small'", (b"\x80\x04garbage",))
    conn.commit()
    conn.close()
    for path in (tmp_path / "cache").rglob("*.val"):
        path.write_bytes(b"\x80\x04not a pickle")
    assert db.cache_get(cache, "k", what="the test cache") is None
    assert db.cache_get(cache, "small", what="the test cache") is None
    assert "k" not in cache and "small" not in cache
    cache.set("k", {"text": "again"})
    assert db.cache_get(cache, "k", what="the test cache") == {"text": "again"}
    cache.close()


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_the_home_directory_itself_is_never_narrowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "user"
    home.mkdir()
    home.chmod(0o755)
    monkeypatch.setenv("HOME", str(home))
    db.private_dir(home)
    assert stat.S_IMODE(home.stat().st_mode) == 0o755
    db.private_dir(home / "tutor")
    assert stat.S_IMODE((home / "tutor").stat().st_mode) == 0o700
