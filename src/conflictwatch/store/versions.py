"""A version of the data that readers cache by: a counter that every committed write to the tables
behind events' lists, counts and stats moves, in the same transaction as the write.

Triggers move it, so every writer does — the store's write paths, a migration, another tool with
plain SQL — without being told. A reader takes :func:`data_version` in the same snapshot as its
queries (:meth:`Database.snapshot`), so an answer cached under a version is exactly the answer for
every snapshot with that version: never stale after a committed write.

* SQLite: a row trigger per table and action adds one to the counter (a write of one cached page
  per changed row, inside the writer's own transaction).
* PostgreSQL: a statement trigger per table moves it once per transaction (a transaction-local
  setting remembers that it has), so batched writes pay one update, and concurrent writers queue
  on its row as they already do on the writer lock.

Evidence spans are not watched: no cached answer reads them (pages are always read fresh).
Installed with its own migrations (``data_version_migrations``), like the search index.
"""

from __future__ import annotations

from conflictwatch.errors import StoreError
from conflictwatch.store.db import Database
from conflictwatch.store.schema import MigrationSet

VERSIONS = MigrationSet("data_version_migrations", "data version migration", StoreError)
# what event lists, their filters, counts and stats read
WATCHED = ("events", "event_sources", "coded_events", "reports", "report_keys", "event_numbers", "edits")


@VERSIONS.register(1, "data version counter and its triggers")
def _initial(db: Database) -> None:
    db.execute("CREATE TABLE data_version (id INTEGER PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL)")
    db.execute("INSERT INTO data_version (id, version) VALUES (1, 1)")
    if db.dialect == "sqlite":
        for table in WATCHED:
            for action in ("INSERT", "UPDATE", "DELETE"):
                db.execute(f"CREATE TRIGGER {table}_{action.lower()}_data_version AFTER {action} ON {table}"
                           " BEGIN UPDATE data_version SET version = version + 1; END")
        return
    db.execute("""CREATE FUNCTION cw_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF current_setting('conflictwatch.data_version_xact', true) IS DISTINCT FROM pg_current_xact_id()::text THEN
                UPDATE data_version SET version = version + 1;
                PERFORM set_config('conflictwatch.data_version_xact', pg_current_xact_id()::text, true);
            END IF;
            RETURN NULL;
        END $$""")
    for table in WATCHED:
        db.execute(f"CREATE TRIGGER {table}_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}"
                   " FOR EACH STATEMENT EXECUTE FUNCTION cw_bump_data_version()")


def install(db: Database) -> None:
    """Create the counter and its triggers if the database lacks them (a no-op read when it has them)."""
    VERSIONS.apply(db)


def data_version(db: Database) -> int:
    """The current version; read it inside :meth:`Database.snapshot` with the queries it keys."""
    return int(db.scalar("SELECT version FROM data_version WHERE id = 1"))
