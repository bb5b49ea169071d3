"""The monitor's own tables, migrated beside the store's and never mixed with them.

The store's ``schema_migrations`` holds the store's versions only; the monitor keeps its own
versions in ``monitor_migrations`` with its own registered migration functions, each run in a
transaction under the store's writer lock, so the store can add migrations without regard to these.

Tables: ``ceasefires`` (one row per agreement) and ``monitor_alerts`` (alerts already fired, keyed by
rule and condition, so each fires once).
"""

from __future__ import annotations

from conflictwatch.monitor.errors import MonitorError
from conflictwatch.store.db import Database
from conflictwatch.store.schema import MigrationSet

MONITOR = MigrationSet("monitor_migrations", "monitor migration", MonitorError)
MONITOR_MIGRATIONS = MONITOR.migrations
monitor_migration = MONITOR.register


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
    return MONITOR.apply(db)

