"""Writing stored (deduplicated) events: ACLED's CSV (and the same columns as Parquet), JSONL, GeoJSON,
a readable table, and ACLED's deletions list.

Every row names its sources: the reports' own keys, store ids, outlets and URLs (CSV columns
``source_report_keys``, ``source_report_ids``, ``source_outlets``, ``source_urls``, "; "-separated),
and in JSON a ``sources`` list with each source's own claim (source kind, claimed by, fatalities,
date) and evidence spans. JSON and GeoJSON carry the ACLED columns too (``event_id_cnty``, ``iso``…).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import IO, Any

from conflictwatch import acled
from conflictwatch.errors import StoreError
from conflictwatch.export import ACLED_COLUMNS, EXTENSION_COLUMNS, acled_row, write_csv_rows, write_feature_collection
from conflictwatch.store.records import Deletion, StoredEvent

SOURCE_COLUMNS = ["fatalities_low", "fatalities_high", "status", "n_sources", "source_report_keys", "source_report_ids",
                  "source_outlets", "source_urls", "source_claims"]
CSV_COLUMNS = ACLED_COLUMNS + EXTENSION_COLUMNS + SOURCE_COLUMNS
FORMATS = ("table", "csv", "jsonl", "geojson")  # and "parquet", to a file: write_parquet


def csv_row(stored: StoredEvent) -> dict[str, Any]:
    """One ACLED row of a stored event: its stable ``event_id_cnty``, ``timestamp`` of the last change,
    ``source_scale`` from all its sources' kinds, sources joined with "; ", and undated events dated by
    their earliest report (time precision 3) and tagged, never left blank."""
    row = acled_row(stored.event)
    srcs = stored.sources
    row.update({
        "event_id_cnty": stored.event_id_cnty or stored.id,
        "timestamp": stored.timestamp if stored.timestamp is not None else "",
        "source_scale": acled.source_scale(s.source_kind for s in srcs) or row["source_scale"],
        "fatalities_low": "" if stored.fatalities_low is None else stored.fatalities_low,
        "fatalities_high": "" if stored.fatalities_high is None else stored.fatalities_high,
        "status": stored.status,
        "n_sources": len({s.report_id for s in srcs}),
        "source_report_keys": "; ".join(stored.report_keys),
        "source_report_ids": "; ".join(s.report_id for s in srcs),
        "source_outlets": "; ".join(dict.fromkeys(o for s in srcs for o in s.outlets)),
        "source_urls": "; ".join(dict.fromkeys(s.url for s in srcs if s.url)),
        "source_claims": "; ".join(
            f"{s.claimed_by or s.outlet or s.report_key} ({s.source_kind}): "
            + (str(s.fatalities) if s.fatalities_known else "unknown") + " fatalities" for s in srcs),
    })
    if stored.event.event_date is None:
        published = sorted(s.published for s in srcs if s.published)
        tags = [t for t in str(row["tags"]).split("; ") if t and t != "undated"]
        if published:
            day = dt.date.fromisoformat(published[0][:10])
            row.update({"event_date": day.isoformat(), "year": day.year, "time_precision": 3})
            tags.append("undated: date of the earliest report")
        else:
            tags.append("undated: no date in any report")
        row["tags"] = "; ".join(tags)
    return row


# Parquet column types: ACLED's integers stay integers (nullable), coordinates are doubles, the rest text.
_INT_COLUMNS = {"year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision", "fatalities",
                "timestamp", "injuries", "arrests", "geonames_id", "fatalities_low", "fatalities_high", "n_sources"}
_FLOAT_COLUMNS = {"latitude", "longitude"}


def event_json(stored: StoredEvent) -> dict[str, Any]:
    """The event's JSON object with ACLED's columns (as the CSV writes them) folded in."""
    row = csv_row(stored)
    return {**stored.to_dict(), **{c: (None if row[c] == "" else row[c]) for c in ACLED_COLUMNS if c not in ("source",)},
            "source": stored.event.source}


def write_parquet(events: Iterable[StoredEvent], path: str) -> int:
    """The CSV's columns as a Parquet file (needs pyarrow: ``pip install "conflictwatch[parquet]"``)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as err:
        raise StoreError('Parquet export needs pyarrow: pip install "conflictwatch[parquet]"') from err

    def kind(name: str) -> Any:
        return pa.int64() if name in _INT_COLUMNS else pa.float64() if name in _FLOAT_COLUMNS else pa.string()

    schema = pa.schema([(c, kind(c)) for c in CSV_COLUMNS])
    columns: dict[str, list[Any]] = {c: [] for c in CSV_COLUMNS}
    for stored in events:
        row = csv_row(stored)
        for c in CSV_COLUMNS:
            value = row.get(c, "")
            if value == "" and c in _INT_COLUMNS | _FLOAT_COLUMNS:
                value = None
            elif c not in _INT_COLUMNS | _FLOAT_COLUMNS:
                value = None if value is None else str(value)
            columns[c].append(value)
    pq.write_table(pa.table(columns, schema=schema), path)
    return len(columns["event_id_cnty"])


def write_deletions(deletions: Iterable[Deletion], out: IO[str]) -> int:
    """ACLED's deletions list as CSV: ``event_id_cnty``, ``deleted_timestamp``, then why and into what."""
    rows = ({"event_id_cnty": d.event_id_cnty or d.event_id, "deleted_timestamp": d.deleted_timestamp,
             "event_id": d.event_id, "reason": d.reason, "replaced_by": d.replaced_by or ""} for d in deletions)
    return write_csv_rows(rows, out, ["event_id_cnty", "deleted_timestamp", "event_id", "reason", "replaced_by"])


def write_stored_events(events: Iterable[StoredEvent], out: IO[str], fmt: str = "table") -> int:
    """Write events in ``fmt`` (table, csv, jsonl, geojson); returns how many were written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    n = 0
    if fmt == "csv":
        n = write_csv_rows((csv_row(s) for s in events), out, CSV_COLUMNS)
    elif fmt == "jsonl":
        for stored in events:
            out.write(json.dumps(event_json(stored), ensure_ascii=False) + "\n")
            n += 1
    elif fmt == "geojson":
        n = write_feature_collection(
            ((s.id, s.event.latitude, s.event.longitude, event_json(s)) for s in events), out)
    else:
        for stored in events:
            e = stored.event
            deaths = str(e.fatalities) if e.fatalities_known else "unknown"
            if stored.fatalities_low is not None and stored.fatalities_high != stored.fatalities_low:
                deaths += f" (reported {stored.fatalities_low}-{stored.fatalities_high})"
            out.write(
                f"{stored.id}  {e.event_date or '?'} tp{e.time_precision or '-'}  {e.event_type} / {e.sub_event_type}"
                + ("" if stored.status == "machine" else f"  [{stored.status}]") + "\n"
                f"    {e.actor1 or '-'}  vs  {e.actor2 or '-'}   fatalities {deaths}\n"
                f"    {', '.join(x for x in (e.location, e.admin1, e.country) if x) or '-'}\n")
            for s in stored.sources:
                claim = f", claimed by {s.claimed_by}" if s.claimed_by else ""
                out.write(f"    source {s.report_key}: {', '.join(s.outlets) or s.title or '-'} ({s.source_kind}{claim})"
                          + (f" {s.url}" if s.url else "") + "\n")
            out.write("\n")
            n += 1
        out.write(f"{n} events\n")
    return n
