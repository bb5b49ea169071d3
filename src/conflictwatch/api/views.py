"""What the API returns, as plain JSON-ready dicts built from the store's typed records.

Kept apart from the routes so the shapes are testable without HTTP and the routes stay thin.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, replace
from typing import Any

import orjson

from conflictwatch.store import EventFilter, Store, StoredEvent, StoredReport
from conflictwatch.store.records import SourceRef


@dataclass(frozen=True)
class EventQuery:
    """The store's filter plus the two the CLI has no option for: exact sub-event type, and a
    source kind that at least one of the event's sources must have."""

    base: EventFilter
    sub_type: str | None = None
    source_kind: str | None = None

    @property
    def store_filter(self) -> EventFilter:
        return replace(self.base, sub_event_type=self.sub_type, source_kind=self.source_kind)


def find_events(store: Store, query: EventQuery, limit: int | None = None, offset: int = 0) -> list[StoredEvent]:
    """The matching events (a page of them with ``limit``), selected and cut in SQL."""
    return store.events(query.store_filter, limit=limit, offset=offset)


def event_summary(stored: StoredEvent) -> dict[str, Any]:
    """The few fields the map, timeline and list need (the GeoJSON properties)."""
    e = stored.event
    return {
        "id": stored.id, "event_date": e.event_date.isoformat() if e.event_date else None,
        "event_type": e.event_type, "sub_event_type": e.sub_event_type, "disorder_type": e.disorder_type,
        "actor1": e.actor1, "actor2": e.actor2, "country": e.country, "admin1": e.admin1, "location": e.location,
        "fatalities": e.fatalities, "fatalities_known": e.fatalities_known, "status": stored.status,
        "source_kinds": sorted({s.source_kind for s in stored.sources}), "n_sources": len({s.report_id for s in stored.sources}),
        "report_keys": stored.report_keys, "event_id_cnty": stored.event_id_cnty,
    }


def event_feature(stored: StoredEvent) -> dict[str, Any]:
    """A GeoJSON Feature; no geometry when the stored point is missing or is no place on Earth."""
    e = stored.event
    geometry = None
    if _on_earth(e.latitude, e.longitude):
        geometry = {"type": "Point", "coordinates": [e.longitude, e.latitude]}
    return {"type": "Feature", "id": stored.id, "geometry": geometry, "properties": event_summary(stored)}


def _on_earth(latitude: float | None, longitude: float | None) -> bool:
    if latitude is None or longitude is None or not (math.isfinite(latitude) and math.isfinite(longitude)):
        return False
    return -90 <= latitude <= 90 and -180 <= longitude <= 180


def finite(value: Any) -> Any:
    """``value`` with every infinite or NaN float replaced by None, in nested dicts and lists."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    return value


def json_bytes(content: Any) -> bytes:
    """Compact UTF-8 JSON that any client can parse: JSON has no Infinity or NaN, so a non-finite
    number in the store (an edit from before edits were range-checked) is sent as null.

    orjson writes it (an order of magnitude faster, non-finite numbers as null); what it refuses (an
    integer beyond 64 bits, a key that is no string) goes the standard library's way."""
    try:
        return orjson.dumps(content)
    except TypeError:  # orjson.JSONEncodeError is one
        pass
    try:
        text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except ValueError:
        text = json.dumps(finite(content), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.encode("utf-8")


def _source_detail(source: SourceRef, text: str) -> dict[str, Any]:
    return {
        "report_id": source.report_id, "coded_event_id": source.coded_event_id, "report_key": source.report_key,
        "report": {"id": source.report_id, "key": source.report_key, "keys": list(source.report_keys),
                   "outlets": list(source.outlets), "outlet": source.outlet, "url": source.url, "title": source.title,
                   "published": source.published, "text": text},
        "claim": {"source_kind": source.source_kind, "claimed_by": source.claimed_by,
                  "fatalities": source.fatalities if source.fatalities_known else None, "event_date": source.event_date},
        "evidence": {field: [{"start": s.start, "end": s.end, "text": s.text_of(text)} for s in spans]
                     for field, spans in sorted(source.evidence.items())},
    }


def event_detail(store: Store, stored: StoredEvent) -> dict[str, Any]:
    """One event with every source (its report's text and its own claim), and for each field the
    evidence spans with the text they point at; plus the event's audit history."""
    detail = stored.to_dict()
    texts = {rid: store.report_text(rid) for rid in dict.fromkeys(s.report_id for s in stored.sources)}
    sources = [_source_detail(s, texts[s.report_id]) for s in stored.sources]
    evidence: dict[str, list[dict[str, Any]]] = {}
    for src in sources:
        for field, spans in src["evidence"].items():
            evidence.setdefault(field, []).extend(
                {"report_id": src["report_id"], "coded_event_id": src["coded_event_id"], **span} for span in spans)
    detail["sources"] = sources
    detail["evidence"] = dict(sorted(evidence.items()))
    detail["history"] = [asdict(entry) for entry in store.audit_log(stored.id)]
    return detail


def report_summary(report: StoredReport) -> dict[str, Any]:
    return asdict(report)


def report_detail(store: Store, report: StoredReport) -> dict[str, Any]:
    events = store.events(EventFilter(source=report.id, include_rejected=True))
    return {**asdict(report), "text": store.report_text(report.id),
            "events": [event_summary(s) for s in events if any(src.report_id == report.id for src in s.sources)]}
