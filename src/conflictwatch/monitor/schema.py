"""The monitor's own tables, migrated beside the store's and never mixed with them.

The store's ``schema_migrations`` holds the store's versions only; the monitor keeps its own
versions in ``monitor_migrations`` with its own registered migration functions, each run in a
transaction under the store's writer lock, so the store can add migrations without regard to these.

Tables: ``ceasefires`` (one row per agreement) and ``monitor_alerts`` (alerts already fired, keyed by
rule and condition, so each fires once).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from conflictwatch.errors import StoreError
from conflictwatch.monitor.errors import MonitorError
from conflictwatch.store.db import Database
from conflictwatch.store.schema import now


@dataclass(frozen=True)
class MonitorMigration:
    version: int
    name: str
    apply: Callable[[Database], None]


MONITOR_MIGRATIONS: list[MonitorMigration] = []


def monitor_migration(version: int, name: str) -> Callable[[Callable[[Database], None]], Callable[[Database], None]]:
    def register(fn: Callable[[Database], None]) -> Callable[[Database], None]:
        if MONITOR_MIGRATIONS and MONITOR_MIGRATIONS[-1].version != version - 1:
            raise MonitorError(f"monitor migration {version} ({name}) is out of sequence")
        MONITOR_MIGRATIONS.append(MonitorMigration(version, name, fn))
        return fn

    return register


@monitor_migration(1, "ceasefires and fired alerts")
def _initial(db: Database) -> None:
    db.execute("""CREATE TABLE ceasefires (
        name TEXT PRIMARY KEY, parties TEXT NOT NULL, country TEXT, date_from TEXT NOT NULL, date_to TEXT,
        area TEXT, note TEXT, created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)""")
    db.execute("""CREATE TABLE monitor_alerts (
        key TEXT PRIMARY KEY, rule TEXT NOT NULL, agreement TEXT NOT NULL, condition TEXT NOT NULL,
        fired_at TEXT NOT NULL, payload TEXT NOT NULL)""")
    db.execute("CREATE INDEX monitor_alerts_agreement ON monitor_alerts(agreement)")


def migrate_monitor(db: Database) -> list[int]:
    """Create or upgrade the monitor's tables; returns the versions applied (none when current)."""
    newest = MONITOR_MIGRATIONS[-1].version
    if "monitor_migrations" in db.table_names() and \
            db.scalar("SELECT MAX(version) FROM monitor_migrations") == newest:
        return []  # current: no write transaction, so readers (the API) never queue for the writer lock
    with db.transaction():
        db.execute("""CREATE TABLE IF NOT EXISTS monitor_migrations (
            version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)""")
    applied = {r["version"] for r in db.query("SELECT version FROM monitor_migrations")}
    if applied and max(applied) > newest:
        raise MonitorError(f"the database's monitor tables are at version {max(applied)} but this conflictwatch "
                           f"knows only up to {newest}; upgrade it")
    done = []
    for m in MONITOR_MIGRATIONS:
        if m.version in applied:
            continue
        try:
            with db.transaction():
                # re-check under the writer lock: another process may have migrated meanwhile
                if db.scalar("SELECT COUNT(*) FROM monitor_migrations WHERE version = ?", (m.version,)):
                    continue
                m.apply(db)
                db.execute("INSERT INTO monitor_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                           (m.version, m.name, now()))
        except StoreError as err:
            raise MonitorError(f"monitor migration {m.version} ({m.name}) failed and was rolled back: {err}") from err
        done.append(m.version)
    return done
