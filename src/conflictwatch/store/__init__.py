"""The event store: schema and migrations, idempotent ingest, dedup into canonical events, review,
queries and exports. SQLite by default (``./conflictwatch.db``); PostgreSQL with a ``postgresql://`` URL.

    >>> from conflictwatch.store import open_store
    >>> with open_store("events.db") as store:
    ...     run.ingest(store, reports)  # conflictwatch.run: read → code → store → dedup
    ...     events = store.events()
"""

from conflictwatch.store.db import DEFAULT_DB, connect
from conflictwatch.store.records import IngestSummary, SourceRef, StoredEvent, StoredReport
from conflictwatch.store.schema import MIGRATIONS, migrate
from conflictwatch.store.store import EventFilter, Store, default_user, open_store

__all__ = ["DEFAULT_DB", "MIGRATIONS", "EventFilter", "IngestSummary", "SourceRef", "Store", "StoredEvent",
           "StoredReport", "connect", "default_user", "migrate", "open_store"]
