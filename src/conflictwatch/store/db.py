"""One thin connection layer over SQLite (default) and PostgreSQL (psycopg 3).

Queries are written once with ``?`` placeholders; the PostgreSQL connection rewrites them to ``%s``.
Writes happen in :meth:`Database.transaction`, which takes the single-writer lock: ``BEGIN
IMMEDIATE`` on SQLite (WAL mode, so readers never block), a transaction-scoped advisory lock on
PostgreSQL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from conflictwatch.errors import StoreError, StoreFullError, StoreURLError

DEFAULT_DB = "conflictwatch.db"
_WRITER_LOCK_KEY = 4_242_001  # pg_advisory_xact_lock key: one writer per database


class Database:
    """A connection with ``execute``/``query`` and a writer transaction; ``dialect`` is sqlite|postgresql."""

    dialect = "sqlite"

    def __init__(self, url: str):
        self.url = url
        self._depth = 0
        self.writes = 0  # write transactions begun on this connection (nested ones join the outer one)

    def others_version(self) -> int | None:
        """A number that moves whenever another connection commits a change, read inside a transaction;
        None when this database cannot tell. With :attr:`writes` it says whether anything but one
        transaction of this connection's own happened since it was read."""
        return None

    @property
    def depth(self) -> int:
        """How many transactions are open, nested ones included (0: none)."""
        return self._depth

    # -- to override ---------------------------------------------------------------------------
    def _run(self, sql: str, params: Sequence[Any]) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def _begin(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _commit(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def _rollback(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def close(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def table_names(self) -> set[str]:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- shared --------------------------------------------------------------------------------
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._run(sql, params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """One statement for many rows, sent as one batch (a no-op for no rows)."""
        if rows:
            self._run_many(sql, rows)

    def _run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cursor = self._run(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        rows = self._run(sql, params).fetchall()
        return rows[0][0] if rows else None

    def rows(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        """The rows as plain tuples, fetched a thousand at a time (for long walks: no dict per row)."""
        cursor = self._run(sql, params)
        while batch := cursor.fetchmany(1000):
            yield from batch

    @contextmanager
    def snapshot(self) -> Iterator[Database]:
        """Reads that see one committed state of the database: a read-only transaction (deferred on
        SQLite, REPEATABLE READ on PostgreSQL), so a data version read in it holds for every query in
        it. Inside a writer transaction it is that transaction."""
        if self._depth:
            yield self
            return
        self._run(self._begin_read_sql, ())
        self._depth = 1
        try:
            yield self
        finally:
            self._depth = 0
            self._rollback()  # nothing was written: ending it either way is the same

    _begin_read_sql = "BEGIN"

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """All-or-nothing writes under the writer lock; nested calls join the outer transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        self._begin()
        self.writes += 1
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._depth = 0
            self._rollback()
            raise
        self._depth = 0
        self._commit()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SQLiteDatabase(Database):
    dialect = "sqlite"

    def __init__(self, url: str, shared: bool = False):
        super().__init__(url)
        path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else url
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            # autocommit mode: transactions are ours, so DDL in migrations is transactional too
            # shared: one thread at a time, but not always the same one (a pool's connection)
            self.conn = sqlite3.connect(path, isolation_level=None, timeout=30, check_same_thread=not shared)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            # checkpoint the WAL every ~4 MB of pages, so it stays small under long batched runs
            self.conn.execute("PRAGMA wal_autocheckpoint=1000")
            self.conn.execute("PRAGMA foreign_keys=ON")
        except sqlite3.Error as err:
            raise StoreError(f"cannot open the SQLite database {path!r}: {err}") from err

    def _run(self, sql: str, params: Sequence[Any]) -> Any:
        try:
            return self.conn.execute(sql, tuple(params))
        except sqlite3.Error as err:
            raise _sqlite_error(err, sql) from err
        except (UnicodeEncodeError, OverflowError) as err:  # a value SQLite cannot take: a lone surrogate, a huge int
            raise StoreError(f"SQLite cannot store a value ({err}) (in: {sql.strip()[:80]})") from err

    def _run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        try:
            self.conn.executemany(sql, [tuple(r) for r in rows])
        except sqlite3.Error as err:
            raise _sqlite_error(err, sql) from err
        except (UnicodeEncodeError, OverflowError) as err:
            raise StoreError(f"SQLite cannot store a value ({err}) (in: {sql.strip()[:80]})") from err

    def _begin(self) -> None:
        self._run("BEGIN IMMEDIATE", ())

    def others_version(self) -> int | None:
        return int(self.scalar("PRAGMA data_version"))  # moves on every other connection's commit, never on ours

    def _commit(self) -> None:
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as err:
            raise _sqlite_error(err, "COMMIT") from err

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def close(self) -> None:
        self.conn.close()

    def table_names(self) -> set[str]:
        return {r["name"] for r in self.query("SELECT name FROM sqlite_master WHERE type = 'table'")}


class PostgresDatabase(Database):
    dialect = "postgresql"
    _begin_read_sql = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"

    def __init__(self, url: str):
        super().__init__(url)
        try:
            import psycopg
        except ImportError as err:
            raise StoreURLError('PostgreSQL needs psycopg 3: pip install "psycopg[binary]"') from err
        self._psycopg = psycopg
        try:
            self.conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as err:
            raise StoreError(f"cannot connect to PostgreSQL ({_redact(url)}): {err}".strip()) from err

    def _run(self, sql: str, params: Sequence[Any]) -> Any:
        try:
            return self.conn.execute(sql.replace("?", "%s"), tuple(params))  # type: ignore[arg-type]
        except self._psycopg.Error as err:
            if isinstance(err, self._psycopg.errors.DiskFull):
                raise StoreFullError(f"the database server's disk is full (PostgreSQL: {err}); free space and run "
                                     "again — what was stored is kept") from err
            raise StoreError(f"PostgreSQL: {err} (in: {sql.strip()[:80]})".strip()) from err

    def _run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        # psycopg 3 sends the rows in pipeline mode: one round trip per batch, not per row
        try:
            with self.conn.cursor() as cursor:
                cursor.executemany(sql.replace("?", "%s"), [tuple(r) for r in rows])  # type: ignore[arg-type]
        except self._psycopg.Error as err:
            raise StoreError(f"PostgreSQL: {err} (in: {sql.strip()[:80]})".strip()) from err

    def _begin(self) -> None:
        self._run("BEGIN", ())
        self._run("SELECT pg_advisory_xact_lock(?)", (_WRITER_LOCK_KEY,))

    def _commit(self) -> None:
        self._run("COMMIT", ())

    def _rollback(self) -> None:
        self.conn.execute("ROLLBACK")

    def close(self) -> None:
        self.conn.close()

    def table_names(self) -> set[str]:
        rows = self.query("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        return {r["tablename"] for r in rows}


def _sqlite_error(err: sqlite3.Error, sql: str) -> StoreError:
    if getattr(err, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL:
        return StoreFullError(f"the disk is full (SQLite: {err}); free space and run again — what was stored is kept, "
                              "stored reports are skipped on the re-run")
    return StoreError(f"SQLite: {err} (in: {sql.strip()[:80]})")


def connect(url: str | None = None, shared: bool = False) -> Database:
    """A :class:`Database` for ``url``: a file path or ``sqlite:///path`` (default ``./conflictwatch.db``),
    or ``postgresql://user:pass@host/db``. ``shared``: the connection may be used by one thread after
    another (a pool's)."""
    url = url or DEFAULT_DB
    if url.startswith(("postgresql://", "postgres://")):
        return PostgresDatabase(url)
    if "://" in url and not url.startswith("sqlite:///"):
        raise StoreURLError(f"--db {url!r}: give a SQLite file path (or sqlite:///path) or a postgresql:// URL")
    return SQLiteDatabase(url, shared)


def store_exists(url: str | None = None) -> bool:
    """Whether ``url`` holds a conflictwatch store already (a SQLite file, or a migrated PostgreSQL schema)."""
    url = url or DEFAULT_DB
    if url.startswith(("postgresql://", "postgres://")):
        with PostgresDatabase(url) as db:
            return "schema_migrations" in db.table_names()
    path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else url
    return path == ":memory:" or Path(path).is_file()


def _redact(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}:***@{host}"
    return url
