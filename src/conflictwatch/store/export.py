"""Writing stored (deduplicated) events: ACLED-ordered CSV, JSONL, GeoJSON and a readable table.

Every row names its sources: report ids, outlets and URLs (CSV columns ``source_report_ids``,
``source_outlets``, ``source_urls``, ``;``-separated), and in JSON a ``sources`` list with each
source's own claim (source kind, claimed by, fatalities, date) and evidence spans.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

from conflictwatch.export import ACLED_COLUMNS, EXTENSION_COLUMNS, acled_row, write_feature_collection
from conflictwatch.store.records import StoredEvent

SOURCE_COLUMNS = ["fatalities_low", "fatalities_high", "status", "n_sources", "source_report_keys", "source_report_ids",
                  "source_outlets", "source_urls", "source_claims"]
CSV_COLUMNS = ACLED_COLUMNS + EXTENSION_COLUMNS + SOURCE_COLUMNS
FORMATS = ("table", "csv", "jsonl", "geojson")


def csv_row(stored: StoredEvent) -> dict[str, Any]:
    row = acled_row(stored.event)
    srcs = stored.sources
    row.update({
        "fatalities_low": "" if stored.fatalities_low is None else stored.fatalities_low,
        "fatalities_high": "" if stored.fatalities_high is None else stored.fatalities_high,
        "status": stored.status,
        "n_sources": len({s.report_id for s in srcs}),
        "source_report_keys": "; ".join(stored.report_keys),
        "source_report_ids": ";".join(s.report_id for s in srcs),
        "source_outlets": ";".join(s.outlet or "" for s in srcs),
        "source_urls": ";".join(s.url or "" for s in srcs),
        "source_claims": ";".join(
            f"{s.claimed_by or s.outlet or s.report_id} ({s.source_kind}): "
            + (str(s.fatalities) if s.fatalities_known else "unknown") + " fatalities" for s in srcs),
        "source_scale": "",
    })
    return row


def write_stored_events(events: Iterable[StoredEvent], out: IO[str], fmt: str = "table") -> int:
    """Write events in ``fmt`` (table, csv, jsonl, geojson); returns how many were written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    n = 0
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for stored in events:
            writer.writerow(csv_row(stored))
            n += 1
    elif fmt == "jsonl":
        for stored in events:
            out.write(json.dumps(stored.to_dict(), ensure_ascii=False) + "\n")
            n += 1
    elif fmt == "geojson":
        n = write_feature_collection(
            ((s.id, s.event.latitude, s.event.longitude, s.to_dict()) for s in events), out)
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
