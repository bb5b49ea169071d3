"""Pages of the events' list without walking to the offset: one walk per filter and data version
records how many events match and a bookmark (event date, id) every :data:`STEP` events; a page
then seeks to the bookmark before its offset by the index and steps fewer than STEP events.

The list is ordered by date then id, undated events first on SQLite and last on PostgreSQL (as each
sorts NULL). A :class:`Listing` holds for the snapshot it was walked in: keep it under the data
version (:mod:`conflictwatch.store.versions`) read in that snapshot, and use it only in snapshots
with that version.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import MISSING, dataclass, fields
from typing import Any

from conflictwatch.records import Event
from conflictwatch.store.db import Database
from conflictwatch.store.records import event_values
from conflictwatch.store.store import EventFilter, _chunks, _event_where

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
              mark: tuple[str | None, str] | None, limit: int, skip: int) -> Iterator[tuple[Any, ...]]:
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


# -- a page as JSON-ready dicts ------------------------------------------------------------------------

# Event's fields in its order, as to_dict writes them, with the defaults of those a row does not hold
# (a stored event has no doc_id or evidence of its own)
_EVENT_FIELDS = tuple(f.name for f in fields(Event) if f.name not in ("doc_id", "evidence"))
_EVENT_DEFAULTS = {f.name: f.default for f in fields(Event) if f.default is not MISSING}


def page_dicts(db: Database, ids: Sequence[str]) -> list[dict[str, Any]]:
    """The events ``ids`` (in that order) exactly as ``StoredEvent.to_dict()`` of :meth:`Store.events`
    gives them — same keys, order and values — read with the same queries but built straight from
    the rows, without the records in between (a page of /api/events costs a fifth of the CPU)."""
    rows: dict[str, dict[str, Any]] = {}
    sources: dict[str, list[dict[str, Any]]] = defaultdict(list)
    names: dict[str, str] = {}
    edits: dict[str, dict[str, str | None]] = defaultdict(dict)
    for chunk in _chunks(list(ids), 500):
        marks = ", ".join("?" for _ in chunk)
        rows.update((r["id"], r) for r in db.query(f"SELECT e.* FROM events e WHERE e.id IN ({marks})", chunk))
        _page_sources(db, chunk, marks, sources)
        names.update((event_id, f"{iso3}{number}") for event_id, iso3, number in db.rows(
            f"SELECT event_id, iso3, number FROM event_numbers WHERE event_id IN ({marks})", chunk))
        for event_id, name, value in db.rows("SELECT event_id, field, value FROM edits WHERE orphaned_at IS NULL"
                                             f" AND event_id IN ({marks}) ORDER BY id", chunk):
            edits[event_id][name] = value  # latest wins
    out = []
    for event_id in ids:
        r = rows.get(event_id)
        if r is None:
            continue
        srcs = sources.get(event_id, [])
        values = event_values(r)
        values["event_id"] = event_id
        values["source"] = "; ".join(dict.fromkeys(name for s in srcs for name in (s["outlets"] or s["report_keys"]
                                                                                     or (s["report_id"],)))) or None
        values = {**_EVENT_DEFAULTS, **values}
        d = {name: v if (v := values[name]).__class__ in _PLAIN else _jsonable(v) for name in _EVENT_FIELDS}
        updated = r.get("updated_at")
        d.update({"fatalities_low": r["fatalities_low"], "fatalities_high": r["fatalities_high"], "status": r["status"],
                  "edited_fields": sorted(k for k in edits.get(event_id, {}) if k != "status"),
                  "report_keys": list(dict.fromkeys(k for s in srcs for k in (s["report_keys"] or (s["report_id"],)))),
                  "event_id_cnty": names.get(event_id),
                  "timestamp": int(dt.datetime.fromisoformat(updated).timestamp()) if updated else None,
                  "sources": srcs})
        out.append(d)
    return out


def _page_sources(db: Database, chunk: list[str], marks: str, out: dict[str, list[dict[str, Any]]]) -> None:
    """Each event's sources as ``SourceRef.to_dict()`` gives them, in :meth:`Store.events`' order."""
    spans: dict[str, dict[str, list[list[int]]]] = defaultdict(lambda: defaultdict(list))
    for coded, name, start, end in db.rows(
            "SELECT s.coded_event_id, v.field, v.span_start, v.span_end FROM event_sources s"
            f" JOIN evidence v ON v.coded_event_id = s.coded_event_id WHERE s.event_id IN ({marks})"
            " ORDER BY v.span_start, v.span_end", chunk):
        spans[coded][name].append([start, end])
    found = list(db.rows(
        "SELECT s.event_id, s.coded_event_id, r.id AS report_id, r.outlet, r.url, r.title, r.published,"
        " c.source_kind, c.claimed_by, c.fatalities, c.fatalities_known, c.event_date, r.seq"
        " FROM event_sources s JOIN coded_events c ON c.id = s.coded_event_id JOIN reports r ON r.id = s.report_id"
        f" WHERE s.event_id IN ({marks}) ORDER BY r.seq, s.coded_event_id", chunk))
    keys: dict[str, list[str]] = defaultdict(list)
    outlets: dict[str, list[str]] = defaultdict(list)
    for part in _chunks(sorted({row[2] for row in found}), 500):
        for report_id, key, outlet in db.rows(
                "SELECT k.report_id, k.report_key, k.outlet FROM report_keys k JOIN reports r ON r.id = k.report_id"
                f" WHERE k.report_id IN ({', '.join('?' for _ in part)})"
                " ORDER BY CASE WHEN k.report_key = r.report_key THEN 0 ELSE 1 END, k.added_at, k.report_key", part):
            keys[report_id].append(key)
            if outlet and outlet not in outlets[report_id]:
                outlets[report_id].append(outlet)
    for event_id, coded, report_id, outlet, url, title, published, kind, claimed_by, fatalities, known, day, _ in found:
        report_keys = keys.get(report_id, [])
        out[event_id].append({
            "report_key": report_keys[0] if report_keys else report_id, "report_keys": list(report_keys),
            "outlets": list(outlets.get(report_id, [])), "report_id": report_id, "coded_event_id": coded,
            "outlet": outlet, "url": url, "title": title, "published": published, "source_kind": kind or "news",
            "claimed_by": claimed_by, "fatalities": int(fatalities or 0) if known else None, "event_date": day,
            "evidence": {name: list(found_spans) for name, found_spans in spans[coded].items()}})


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _jsonable(value: Any) -> Any:
    """A field's value as ``Event.to_dict`` writes it: dates in ISO, tuples as lists."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value
