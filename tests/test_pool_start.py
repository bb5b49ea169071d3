"""How the pool's workers start: with the gazetteer tables the driver loaded (shared, not read again) but a
database connection of their own, and coding what the driver codes."""

from __future__ import annotations

import datetime as dt
import os

from conflictwatch import run
from conflictwatch.export import event_record
from conflictwatch.geo import geocoder
from conflictwatch.pipeline import Coder, Options
from conflictwatch.records import Report

PUBLISHED = dt.date(2021, 5, 4)
REPORTS = [Report(f"r{i}", text, PUBLISHED) for i, text in enumerate([
    "On 3 May 2021, gunmen attacked a police checkpoint in Kunduz, killing four officers, officials said.",
    "Protesters gathered outside the governor's office in Mombasa on Monday to demand clean water.",
    "An airstrike hit a market in Maarat al-Numan in Idlib province on Sunday, killing seven civilians.",
    "Two soldiers were wounded when an IED exploded near their patrol in Mandera county yesterday.",
])]


def _probe() -> tuple[int, int, int, bool, int]:
    """In a worker: the process, where its geocoder's tables live, and whether its connection is its own."""
    gazetteer = geocoder.default_geocoder().gazetteer
    own = gazetteer._conn is not getattr(gazetteer, "_inherited", gazetteer._conn)
    rows = gazetteer._conn.execute("SELECT count(*) FROM countries").fetchone()[0]
    return os.getpid(), id(geocoder.default_geocoder()), id(gazetteer.countries()), own, rows


def test_workers_keep_the_drivers_gazetteer_tables_on_a_connection_of_their_own():
    coder = Coder(Options())
    alone = [[event_record(e) for e in coder.code(r)] for r in REPORTS]
    engine = run.PoolEngine(coder, 2)
    try:
        coded = engine.submit(REPORTS).result()  # forks the workers, after loading the coder here
        driver = geocoder.default_geocoder()
        probes = [engine._pool.submit(_probe).result() for _ in range(4)]
    finally:
        engine.close()
    assert [[event_record(e) for e in c.events] for c in coded] == alone
    assert sum(len(events) for events in alone) >= 3
    rows = driver.gazetteer._conn.execute("SELECT count(*) FROM countries").fetchone()[0]
    for pid, geocoder_id, countries_id, own, worker_rows in probes:
        assert pid != os.getpid()
        assert (geocoder_id, countries_id) == (id(driver), id(driver.gazetteer.countries()))  # not rebuilt there
        assert own and worker_rows == rows > 100
