"""Pages of the events' list without walking to the offset: one walk per filter and data version
records how many events match and a bookmark (event date, id) every :data:`STEP` events; a page
then seeks to the bookmark before its offset by the index and steps fewer than STEP events.

The list is ordered by date then id, undated events first on SQLite and last on PostgreSQL (as each
sorts NULL). A :class:`Listing` holds for the snapshot it was walked in: keep it under the data
version (:mod:`conflictwatch.store.versions`) read in that snapshot, and use it only in snapshots
with that version.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from conflictwatch.store.db import Database
from conflictwatch.store.store import EventFilter, _event_where

STEP = 256


@dataclass(frozen=True)
class Run:
    """The dated or the undated events of a listing, in order: how many, and every STEP-th one."""

    dated: bool
    size: int
    bookmarks: tuple[tuple[str | None, str], ...]


@dataclass(frozen=True)
class Listing:
    """What a filter selects, in order: the number of events and the bookmarks of each run (one every
    ``step`` events)."""

    total: int
    runs: tuple[Run, ...]
    step: int = STEP


def walk(db: Database, event_filter: EventFilter, step: int = STEP) -> Listing:
    """Count the events ``event_filter`` selects and bookmark them: a count, then one seek a bookmark,
    each stepping ``step`` events along the index (in the database, not row by row in Python)."""
    where, params = _event_where(event_filter)
    total, dated = next(db.rows(f"SELECT COUNT(*), COUNT(e.event_date) FROM events e{where}", params))
    runs = []
    for is_dated in (False, True) if db.dialect == "sqlite" else (True, False):
        size = int(dated if is_dated else total - dated)
        marks: list[tuple[str | None, str]] = []
        while len(marks) * step < size:
            found = next(_run_rows(db, "e.event_date, e.id", where, params, is_dated, marks[-1] if marks else None,
                                   1, step if marks else 0), None)
            if found is None:
                break
            marks.append((found[0], found[1]))
        runs.append(Run(is_dated, size, tuple(marks)))
    return Listing(int(total), tuple(runs), step)


def page_ids(db: Database, event_filter: EventFilter, listing: Listing, limit: int, offset: int) -> list[str]:
    """Ids of the page's events, in the list's order."""
    where, params = _event_where(event_filter)
    out: list[str] = []
    start = 0  # where the run starts in the list
    for run in listing.runs:
        first, last = max(offset, start), min(offset + limit, start + run.size)
        if first < last:
            local = first - start
            out.extend(r[0] for r in _run_rows(db, "e.id", where, params, run.dated, run.bookmarks[local // listing.step],
                                               last - first, local % listing.step))
        start += run.size
    return out


def _run_rows(db: Database, columns: str, where: str, params: list[object], dated: bool,
              mark: tuple[str | None, str] | None, limit: int, skip: int) -> Iterator[tuple[object, ...]]:
    """``limit`` rows of the dated (or undated) events, after skipping ``skip`` from the bookmark ``mark``
    (from the run's first event without one): a seek by the listing index."""
    if mark is None:
        seek, seek_params = ("e.event_date IS NOT NULL" if dated else "e.event_date IS NULL"), []
    elif dated:
        seek, seek_params = "(e.event_date, e.id) >= (?, ?)", [mark[0], mark[1]]
    else:
        seek, seek_params = "e.event_date IS NULL AND e.id >= ?", [mark[1]]
    joiner = " AND " if where else " WHERE "
    return db.rows(f"SELECT {columns} FROM events e{where}{joiner}{seek} ORDER BY e.event_date, e.id LIMIT ? OFFSET ?",
                   [*params, *seek_params, limit, skip])
