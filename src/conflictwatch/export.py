"""Writing events: JSONL (the bench contract), CSV in ACLED's column order, GeoJSON."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable
from typing import IO, Any

from conflictwatch import acled
from conflictwatch.records import Event

# ACLED's export columns, in its order (the 2023 column set: no data_id, event_id_no_cnty or iso3; with
# disorder_type, civilian_targeting and tags), then conflictwatch's extensions.
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
EXTENSION_COLUMNS = [
    "doc_id", "fatalities_known", "injuries", "arrests", "source_kind", "claimed_by", "geonames_id",
    "flags", "coder_version",
]
FORMATS = ("jsonl", "csv", "geojson")


def event_record(event: Event) -> dict[str, Any]:
    """The JSON object of one event: ACLED fields, evidence spans and extensions."""
    return event.to_dict()


def acled_row(event: Event) -> dict[str, Any]:
    """One CSV row with ACLED's column names and value conventions (typed: ints stay ints)."""
    d = event.to_dict()
    row: dict[str, Any] = {c: "" for c in ACLED_COLUMNS + EXTENSION_COLUMNS}
    row.update({k: v for k, v in d.items() if k in row and v is not None})
    country = acled.country(event.country)
    # outside a store there is no counter: a number derived from the event's own id, as stable as it is
    digest = int(hashlib.sha1(event.event_id.encode("utf-8", "surrogatepass")).hexdigest()[:8], 16) % 10**8
    row["event_id_cnty"] = f"{country.alpha3 if country else 'XXX'}{digest}"
    row["year"] = event.event_date.year if event.event_date else ""
    row["iso"] = country.numeric if country else ""
    row["region"] = country.region if country else ""
    row["civilian_targeting"] = acled.civilian_targeting(event.event_type, event.inter1, event.inter2)
    row["source_scale"] = acled.source_scale([event.source_kind])
    row["timestamp"] = ""
    row["tags"] = "" if event.fatalities_known else "fatalities unknown"
    if event.event_date is None:
        row["tags"] = "; ".join(t for t in (row["tags"], "undated") if t)
    row["flags"] = ";".join(event.flags)
    row["fatalities_known"] = "true" if event.fatalities_known else "false"
    return row


def safe_cell(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula (= + - @, tab, CR first) gets a leading quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_csv_rows(rows: Iterable[dict[str, Any]], out: IO[str], columns: list[str]) -> int:
    """CSV with a header, every text cell escaped against formula injection; returns rows written."""
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: safe_cell(v) for k, v in row.items()})
        n += 1
    return n


def write_events(events: Iterable[Event], out: IO[str], fmt: str = "jsonl") -> int:
    """Write events in ``fmt``; returns how many were written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    n = 0
    if fmt == "jsonl":
        for event in events:
            out.write(json.dumps(event_record(event), ensure_ascii=False) + "\n")
            n += 1
    elif fmt == "csv":
        n = write_csv_rows((acled_row(e) for e in events), out, ACLED_COLUMNS + EXTENSION_COLUMNS)
    else:
        n = write_feature_collection(
            ((e.event_id, e.latitude, e.longitude, event_record(e)) for e in events), out)
    return n


def write_feature_collection(features: Iterable[tuple[str, float | None, float | None, dict[str, Any]]],
                             out: IO[str]) -> int:
    """Stream a GeoJSON FeatureCollection of (id, latitude, longitude, properties); a feature without
    coordinates keeps its properties with a null geometry (never dropped). Returns how many were written."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for fid, lat, lon, props in features:
        geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
        feature = {"type": "Feature", "id": fid, "geometry": geometry, "properties": props}
        out.write(("," if n else "") + json.dumps(feature, ensure_ascii=False) + "\n")
        n += 1
    out.write("]}\n")
    return n
