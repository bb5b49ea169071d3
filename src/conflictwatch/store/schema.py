"""The store's schema as registered migrations, each run in its own transaction and recorded in
``schema_migrations``. Add a migration by appending a function with the next version number;
never edit one that has shipped.

Tables: ``reports`` (one per distinct text, keyed by content hash, with provenance),
``coded_events`` (each report's own account of an incident, as the coder wrote it),
``evidence`` (character spans per coded field), ``events`` (canonical, deduplicated events),
``event_sources`` (event ↔ coded account ↔ report), ``actors``, ``places``, ``edits`` (analyst
edits, latest wins), ``pins`` (analyst merge/split decisions), ``audit_log`` (every change) and
``feed_items`` (entries already seen per feed, for ``--watch``); since migration 2 also
``report_keys`` (the users' own report ids), ``event_names``, ``event_numbers``, ``deletions`` and
``retired_accounts``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from conflictwatch.errors import MigrationError, StoreError
from conflictwatch.store.db import Database


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[Database], None]


class MigrationSet:
    """Numbered schema migrations of one component, recorded in their own table (``table``), so that
    the store and the monitor evolve independently in one database."""

    def __init__(self, table: str, label: str, error: type[StoreError]) -> None:
        self.table, self.label, self.error = table, label, error
        self.migrations: list[Migration] = []

    def register(self, version: int, name: str) -> Callable[[Callable[[Database], None]], Callable[[Database], None]]:
        def add(fn: Callable[[Database], None]) -> Callable[[Database], None]:
            if self.migrations and self.migrations[-1].version != version - 1:
                raise self.error(f"{self.label} {version} ({name}) is out of sequence")
            self.migrations.append(Migration(version, name, fn))
            return fn

        return add

    def apply(self, db: Database) -> list[int]:
        """Apply every migration the database lacks, each in a transaction; returns the versions applied."""
        newest = self.migrations[-1].version
        if self.table in db.table_names() and db.scalar(f"SELECT MAX(version) FROM {self.table}") == newest:
            return []  # current: no write transaction, so readers (the API) never queue for the writer lock
        with db.transaction():
            db.execute(f"""CREATE TABLE IF NOT EXISTS {self.table} (
                version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)""")
        applied = {r["version"] for r in db.query(f"SELECT version FROM {self.table}")}
        if applied and max(applied) > newest:
            raise self.error(f"the database's {self.table} are at version {max(applied)} but this conflictwatch "
                             f"knows only up to {newest}; upgrade it")
        done = []
        for m in self.migrations:
            if m.version in applied:
                continue
            try:
                with db.transaction():
                    # re-check under the writer lock: another process may have migrated meanwhile
                    if db.scalar(f"SELECT COUNT(*) FROM {self.table} WHERE version = ?", (m.version,)):
                        continue
                    m.apply(db)
                    db.execute(f"INSERT INTO {self.table} (version, name, applied_at) VALUES (?, ?, ?)",
                               (m.version, m.name, now()))
            except StoreError as err:
                raise self.error(f"{self.label} {m.version} ({m.name}) failed and was rolled back: {err}") from err
            done.append(m.version)
        return done


STORE_MIGRATIONS = MigrationSet("schema_migrations", "migration", MigrationError)
MIGRATIONS = STORE_MIGRATIONS.migrations
migration = STORE_MIGRATIONS.register


def _serial(db: Database) -> str:
    return "INTEGER PRIMARY KEY AUTOINCREMENT" if db.dialect == "sqlite" else "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"


_EVENT_FIELDS = """
    event_date TEXT, time_precision INTEGER, disorder_type TEXT, event_type TEXT, sub_event_type TEXT,
    actor1 TEXT, assoc_actor_1 TEXT, inter1 INTEGER, actor2 TEXT, assoc_actor_2 TEXT, inter2 INTEGER,
    interaction INTEGER, country TEXT, admin1 TEXT, admin2 TEXT, admin3 TEXT, location TEXT,
    latitude DOUBLE PRECISION, longitude DOUBLE PRECISION, geo_precision INTEGER, geonames_id BIGINT,
    fatalities INTEGER, fatalities_known INTEGER, injuries INTEGER, arrests INTEGER,
    source_kind TEXT, claimed_by TEXT, notes TEXT, flags TEXT, coder_version TEXT
"""


@migration(1, "initial schema")
def _initial(db: Database) -> None:
    serial = _serial(db)
    db.execute("""CREATE TABLE reports (
        id TEXT PRIMARY KEY, content_hash TEXT NOT NULL UNIQUE, text TEXT NOT NULL,
        outlet TEXT, url TEXT, title TEXT, published TEXT, fetched_at TEXT, language TEXT,
        status TEXT NOT NULL, origin TEXT, coder_version TEXT, ingested_at TEXT NOT NULL, seq BIGINT NOT NULL)""")
    db.execute(f"""CREATE TABLE coded_events (
        id TEXT PRIMARY KEY, report_id TEXT NOT NULL REFERENCES reports(id), position INTEGER NOT NULL,
        {_EVENT_FIELDS}, places_mentioned TEXT)""")
    db.execute("CREATE INDEX coded_events_report ON coded_events(report_id)")
    db.execute("CREATE INDEX coded_events_date ON coded_events(event_date)")
    db.execute("""CREATE TABLE evidence (
        coded_event_id TEXT NOT NULL REFERENCES coded_events(id) ON DELETE CASCADE, field TEXT NOT NULL,
        span_start INTEGER NOT NULL, span_end INTEGER NOT NULL,
        PRIMARY KEY (coded_event_id, field, span_start, span_end))""")
    db.execute(f"""CREATE TABLE events (
        id TEXT PRIMARY KEY, anchor TEXT NOT NULL, {_EVENT_FIELDS},
        fatalities_low INTEGER, fatalities_high INTEGER, status TEXT NOT NULL, n_sources INTEGER NOT NULL,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL)""")
    db.execute("CREATE INDEX events_date ON events(event_date)")
    db.execute("CREATE INDEX events_country ON events(country, admin1)")
    db.execute("""CREATE TABLE event_sources (
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        coded_event_id TEXT NOT NULL REFERENCES coded_events(id) ON DELETE CASCADE,
        report_id TEXT NOT NULL REFERENCES reports(id), PRIMARY KEY (event_id, coded_event_id))""")
    db.execute("CREATE INDEX event_sources_coded ON event_sources(coded_event_id)")
    db.execute("CREATE TABLE actors (name TEXT PRIMARY KEY, inter INTEGER)")
    db.execute("""CREATE TABLE places (
        id TEXT PRIMARY KEY, location TEXT, country TEXT, admin1 TEXT, admin2 TEXT, admin3 TEXT,
        latitude DOUBLE PRECISION, longitude DOUBLE PRECISION, geo_precision INTEGER, geonames_id BIGINT)""")
    db.execute(f"""CREATE TABLE edits (
        id {serial}, event_id TEXT NOT NULL, field TEXT NOT NULL, value TEXT,
        analyst TEXT NOT NULL, at TEXT NOT NULL)""")
    db.execute("CREATE INDEX edits_event ON edits(event_id)")
    db.execute("""CREATE TABLE pins (
        coded_event_id TEXT PRIMARY KEY, group_key TEXT NOT NULL, analyst TEXT NOT NULL, at TEXT NOT NULL)""")
    db.execute(f"""CREATE TABLE audit_log (
        id {serial}, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
        entity TEXT NOT NULL, entity_id TEXT NOT NULL, detail TEXT)""")
    db.execute("""CREATE TABLE feed_items (
        feed TEXT NOT NULL, entry_key TEXT NOT NULL, seen_at TEXT NOT NULL, PRIMARY KEY (feed, entry_key))""")


@migration(2, "report keys, versions, stable event names and numbers, deletions")
def _report_keys(db: Database) -> None:
    """The user's own report ids (``report_keys``: one key → one report, several keys may share a text),
    report versions, event ids that survive re-coding (``event_names``), ACLED-style event numbers per
    country (``event_numbers``), retired event ids (``deletions``) and what each event was built from
    (``retired_accounts``: a re-coded report's old accounts, their event and evidence extent) so an event's
    id and edits can follow it to its successor across re-codes."""
    for column in ("report_key TEXT", "version INTEGER NOT NULL DEFAULT 1", "supersedes TEXT", "superseded_by TEXT"):
        db.execute(f"ALTER TABLE reports ADD COLUMN {column}")
    db.execute("""CREATE TABLE retired_accounts (
        coded_event_id TEXT NOT NULL, report_id TEXT NOT NULL, event_id TEXT, span_start INTEGER, span_end INTEGER,
        event_date TEXT, sub_event_type TEXT, retired_at TEXT NOT NULL)""")
    db.execute("CREATE INDEX retired_accounts_event ON retired_accounts(event_id)")
    db.execute("ALTER TABLE edits ADD COLUMN orphaned_at TEXT")
    db.execute("""CREATE TABLE report_keys (
        report_key TEXT PRIMARY KEY, report_id TEXT NOT NULL REFERENCES reports(id), outlet TEXT, url TEXT,
        title TEXT, published TEXT, origin TEXT, added_at TEXT NOT NULL)""")
    db.execute("CREATE INDEX report_keys_report ON report_keys(report_id)")
    for r in db.query("SELECT id, outlet, url, title, published, origin, ingested_at FROM reports ORDER BY seq"):
        key = r["url"] or r["origin"] or r["id"]
        if db.scalar("SELECT COUNT(*) FROM report_keys WHERE report_key = ?", (key,)):
            key = r["id"]
        db.execute("UPDATE reports SET report_key = ? WHERE id = ?", (key, r["id"]))
        db.execute("INSERT INTO report_keys (report_key, report_id, outlet, url, title, published, origin, added_at)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   (key, r["id"], r["outlet"], r["url"], r["title"], r["published"], r["origin"], r["ingested_at"]))
    db.execute("CREATE TABLE event_names (provisional_id TEXT PRIMARY KEY, event_id TEXT NOT NULL)")
    db.execute("""CREATE TABLE event_numbers (
        event_id TEXT PRIMARY KEY, iso3 TEXT NOT NULL, number INTEGER NOT NULL, UNIQUE (iso3, number))""")
    db.execute("""CREATE TABLE deletions (
        event_id TEXT NOT NULL, event_id_cnty TEXT, deleted_at TEXT NOT NULL, reason TEXT NOT NULL, replaced_by TEXT)""")
    db.execute("CREATE INDEX deletions_event ON deletions(event_id)")


@migration(3, "indexes for paged events and stats")
def _page_indexes(db: Database) -> None:
    # /api/events pages walk events in (event_date, id) order, filtering on the columns that follow:
    # on SQLite the walk and the counts read this index alone, and a page fetches just the rows it
    # shows; the reports' status counts read an index, not rows that hold whole texts
    db.execute("CREATE INDEX IF NOT EXISTS events_listing ON events(event_date, id, status, country, admin1, event_type,"
               " sub_event_type, actor1, actor2, assoc_actor_1, assoc_actor_2, location, fatalities)")
    db.execute("CREATE INDEX IF NOT EXISTS events_status ON events(status)")
    # SQLite groups by sorting unless an index gives the groups in order: one per grouping of stats,
    # each holding what the grouping reads (the status filter and the first event's date and id)
    for name, columns in (("types", "event_type, sub_event_type"), ("places", "location, admin1, country"),
                          ("actor1", "actor1"), ("actor2", "actor2, actor1")):
        db.execute(f"CREATE INDEX IF NOT EXISTS events_{name} ON events({columns}, status, event_date, id)")
    db.execute("CREATE INDEX IF NOT EXISTS reports_status ON reports(status)")


@migration(4, "indexes for batched writes and per-batch dedup")
def _write_path_indexes(db: Database) -> None:
    # MAX(seq) once per batch, and the accounts near a new one (same country, date window)
    db.execute("CREATE INDEX IF NOT EXISTS reports_seq ON reports(seq)")
    db.execute("CREATE INDEX IF NOT EXISTS coded_events_country_date ON coded_events(country, event_date)")
    db.execute("CREATE INDEX IF NOT EXISTS event_sources_report ON event_sources(report_id)")


def migrate(db: Database) -> list[int]:
    """Apply every store migration the database lacks; returns the versions applied."""
    return STORE_MIGRATIONS.apply(db)


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
