"""The few fields of every event that the desk's map, timeline, list and filters need, in columns.

One query over the events table (analyst edits are already applied there) and one over their sources'
kinds; repeated strings (types, actors, places) are sent once and referred to by number, so 100,000
events make a few megabytes that the page decodes in milliseconds. The same fields as
:func:`conflictwatch.api.views.event_summary`, which the tests hold it to.
"""

from __future__ import annotations

from typing import Any

from conflictwatch.store.db import Database

# columns sent as numbers into a list of their distinct values
CODED = ("event_type", "sub_event_type", "disorder_type", "actor1", "actor2", "country", "admin1", "location", "status",
         "source_kinds")
PLAIN = ("id", "event_date", "latitude", "longitude", "fatalities", "fatalities_known", "n_sources", "event_id_cnty",
         "report_keys")


def desk_columns(db: Database, include_rejected: bool = False) -> dict[str, Any]:
    """``{"n": N, "columns": {name: [value or code, …]}, "values": {coded name: [distinct values]}}``."""
    where = "" if include_rejected else " WHERE e.status <> 'rejected'"
    kinds: dict[str, set[str]] = {}
    reports: dict[str, dict[str, None]] = {}  # in the order of the event's sources
    for r in db.query("SELECT s.event_id, s.report_id, c.source_kind FROM event_sources s"
                      " JOIN coded_events c ON c.id = s.coded_event_id JOIN reports r ON r.id = s.report_id"
                      " ORDER BY r.seq, s.coded_event_id"):
        kinds.setdefault(r["event_id"], set()).add(r["source_kind"] or "news")
        reports.setdefault(r["event_id"], {})[r["report_id"]] = None
    keys: dict[str, list[str]] = {}  # each report's own ids, its first key first (as Store.events lists them)
    for r in db.query("SELECT k.report_id, k.report_key FROM report_keys k JOIN reports r ON r.id = k.report_id"
                      " ORDER BY CASE WHEN k.report_key = r.report_key THEN 0 ELSE 1 END, k.added_at, k.report_key"):
        keys.setdefault(r["report_id"], []).append(r["report_key"])
    numbers = {r["event_id"]: f"{r['iso3']}{r['number']}" for r in db.query("SELECT event_id, iso3, number FROM event_numbers")}
    rows = db.query("SELECT e.id, e.event_date, e.event_type, e.sub_event_type, e.disorder_type, e.actor1, e.actor2,"
                    " e.country, e.admin1, e.location, e.latitude, e.longitude, e.fatalities, e.fatalities_known,"
                    f" e.status FROM events e{where} ORDER BY (e.event_date IS NULL), e.event_date DESC, e.id")
    columns: dict[str, list[Any]] = {name: [] for name in (*PLAIN, *CODED)}
    values: dict[str, list[Any]] = {name: [] for name in CODED}
    index: dict[str, dict[Any, int]] = {name: {} for name in CODED}
    for r in rows:
        row = dict(r)
        row["fatalities"] = int(row["fatalities"] or 0)
        row["fatalities_known"] = bool(row["fatalities_known"])
        row["source_kinds"] = "|".join(sorted(kinds.get(r["id"], ())))
        row["n_sources"] = len(reports.get(r["id"], ()))
        row["event_id_cnty"] = numbers.get(r["id"])
        row["report_keys"] = list(dict.fromkeys(k for rid in reports.get(r["id"], ()) for k in keys.get(rid) or (rid,)))
        for name in PLAIN:
            columns[name].append(row[name])
        for name in CODED:
            value = row[name]
            code = index[name].get(value)
            if code is None:
                code = index[name][value] = len(values[name])
                values[name].append(value)
            columns[name].append(code)
    return {"n": len(rows), "columns": columns, "values": values}
