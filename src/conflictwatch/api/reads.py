"""The API's hot reads — pages of /api/events and /api/stats — from a few connections kept open per
worker process, each request in one read snapshot, with what does not depend on the page cached
under the store's data version (:mod:`conflictwatch.store.versions`):

* a filter's count and bookmarks (:mod:`conflictwatch.store.pages`), so a page neither re-counts
  nor walks to its offset;
* the stats' JSON body, per filter and ``top``.

The version is read in the same snapshot as the queries, so a cached answer is never one from
before a committed write; a new version empties the cache. Bodies are built by
:func:`conflictwatch.api.views.json_bytes` (the same JSON as before, faster).
"""

from __future__ import annotations

import queue
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from conflictwatch.api.views import EventQuery, json_bytes
from conflictwatch.store import EventFilter, Store, connect
from conflictwatch.store.db import Database
from conflictwatch.store.pages import page_dicts, page_ids, walk
from conflictwatch.store.versions import data_version

T = TypeVar("T")
_BEHIND = 1_000_000  # a version this far below the cache's is no older snapshot but a store counted anew


class ReadPool:
    """Up to ``size`` read-only connections, opened when first needed and lent to one request at a
    time; a connection that failed is closed and replaced, so a restarted database server costs one
    failed request, not a broken worker."""

    def __init__(self, url: str, size: int = 4):
        self.url = url
        self._idle: queue.LifoQueue[Database] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(size)
        self._all: list[Database] = []
        self._lock = threading.Lock()

    def _open(self) -> Database:
        db = connect(self.url, shared=True)
        if db.dialect == "sqlite":
            db.execute("PRAGMA query_only = ON")  # a pooled connection never writes
        with self._lock:
            self._all.append(db)
        return db

    @contextmanager
    def snapshot(self) -> Iterator[tuple[Store, int]]:
        """A store in one read snapshot and the data version of that snapshot."""
        with self._slots:
            try:
                db = self._idle.get_nowait()
            except queue.Empty:
                db = self._open()
            try:
                with db.snapshot():
                    yield Store(db), data_version(db)
            except BaseException:
                self._discard(db)
                raise
            self._idle.put(db)

    def _discard(self, db: Database) -> None:
        with self._lock:
            if db in self._all:
                self._all.remove(db)
        try:
            db.close()
        except Exception:  # noqa: BLE001 - closing a connection that already failed may fail too
            pass

    def close(self) -> None:
        with self._lock:
            connections, self._all = self._all, []
        for db in connections:
            db.close()


class VersionCache:
    """Answers valid for one data version, at most ``size`` of them (least recently used go first).
    Each answer is computed once however many requests ask for it at the same time. A request in a
    snapshot of a newer version empties it; one in an older snapshot (it began before a write that a
    newer request saw) is answered without touching it."""

    def __init__(self, size: int = 256):
        self.size = size
        self.version: int | None = None
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._pending: dict[Any, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, version: int, key: Any, compute: Callable[[], T]) -> T:
        """The answer for ``key`` at ``version``; ``compute`` must read the snapshot of that version."""
        while True:
            with self._lock:
                if self.version is None or version > self.version or version < self.version - _BEHIND:
                    self.version = version  # newer data (or a store restored from a copy: counted anew)
                    self._items.clear()
                if version == self.version and key in self._items:
                    self._items.move_to_end(key)
                    return self._items[key]  # type: ignore[no-any-return]
                if version != self.version:  # an older snapshot than the cache's: answer, keep nothing
                    return compute()
                pending = self._pending.get(key)
                if pending is None:
                    pending = self._pending[key] = threading.Lock()
                    pending.acquire()
                    break
            with pending:  # another request is computing it: wait, then look again
                pass
        try:
            value = compute()
            with self._lock:
                if version == self.version:
                    self._items[key] = value
                    while len(self._items) > self.size:
                        self._items.popitem(last=False)
            return value
        finally:
            with self._lock:
                del self._pending[key]
            pending.release()


class Reads:
    """Bodies of /api/events and /api/stats for one worker process."""

    def __init__(self, url: str, connections: int = 4):
        self.pool = ReadPool(url, connections)
        self.cache = VersionCache()

    def events_page(self, query: EventQuery, limit: int, offset: int) -> bytes:
        selected = query.store_filter
        with self.pool.snapshot() as (store, version):
            listing = self.cache.get(version, ("listing", selected), lambda: walk(store.db, selected))
            ids = page_ids(store.db, selected, listing, limit, offset) if offset < listing.total else []
            page = page_dicts(store.db, ids)
        return json_bytes({"total": listing.total, "limit": limit, "offset": offset, "events": page})

    def stats(self, base: EventFilter, top: int) -> bytes:
        with self.pool.snapshot() as (store, version):
            return self.cache.get(version, ("stats", base, top), lambda: json_bytes(store.stats(base, top=top)))

    def close(self) -> None:
        self.pool.close()
