"""Typed records the store returns, and the mapping between :class:`Event` and table rows."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from conflictwatch.records import Event, Report, ReportFailure, Span

# Event fields kept as columns of coded_events and events (the rest are derived or per table).
EVENT_COLUMNS = (
    "event_date", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "geonames_id",
    "fatalities", "fatalities_known", "injuries", "arrests", "source_kind", "claimed_by", "notes", "flags",
    "coder_version",
)

# Fields an analyst may set with `review --set`, and how to read the value given on the command line.
REVIEWABLE: dict[str, type] = {
    "event_date": dt.date, "time_precision": int, "disorder_type": str, "event_type": str, "sub_event_type": str,
    "actor1": str, "assoc_actor_1": str, "inter1": int, "actor2": str, "assoc_actor_2": str, "inter2": int,
    "interaction": int, "country": str, "admin1": str, "admin2": str, "admin3": str, "location": str,
    "latitude": float, "longitude": float, "geo_precision": int, "fatalities": int, "notes": str,
}
# ... and the fields review derives from them (a new location's gazetteer id)
EDIT_KINDS: dict[str, type] = {**REVIEWABLE, "geonames_id": int}
STATUSES = ("machine", "accepted", "rejected")


def event_row(event: Event) -> dict[str, Any]:
    """The column values of an event (dates ISO, booleans 0/1, flags ';'-joined)."""
    row: dict[str, Any] = {}
    for name in EVENT_COLUMNS:
        value = getattr(event, name)
        if name == "event_date":
            value = value.isoformat() if value else None
        elif name == "fatalities_known":
            value = 1 if value else 0
        elif name == "flags":
            value = ";".join(value)
        row[name] = value
    return row


def event_from_row(row: dict[str, Any], *, event_id: str, doc_id: str, source: str | None = None,
                   evidence: dict[str, tuple[Span, ...]] | None = None,
                   places_mentioned: tuple[str, ...] = ()) -> Event:
    return Event(doc_id=doc_id, event_id=event_id, source=source, evidence=evidence or {},
                 places_mentioned=places_mentioned, **event_values(row))


def event_values(row: dict[str, Any]) -> dict[str, Any]:
    """The event's fields kept as columns, read from a row as :class:`Event` takes them."""
    values: dict[str, Any] = {name: row.get(name) for name in EVENT_COLUMNS}
    values["event_date"] = dt.date.fromisoformat(values["event_date"]) if values["event_date"] else None
    values["fatalities_known"] = bool(values["fatalities_known"])
    values["flags"] = tuple(f for f in (values["flags"] or "").split(";") if f)
    values["notes"] = values["notes"] or ""
    values["coder_version"] = values["coder_version"] or ""
    values["source_kind"] = values["source_kind"] or "news"
    for name in ("inter1", "inter2", "interaction", "fatalities"):
        values[name] = int(values[name] or 0)
    return values


def parse_places(value: str | None) -> tuple[str, ...]:
    return tuple(json.loads(value)) if value else ()


@dataclass(frozen=True)
class SourceRef:
    """One source of an event: the report, where it came from, and what that report claimed."""

    report_id: str
    coded_event_id: str
    outlet: str | None
    url: str | None
    title: str | None
    published: str | None
    source_kind: str
    claimed_by: str | None
    fatalities: int
    fatalities_known: bool
    event_date: str | None
    evidence: dict[str, tuple[Span, ...]] = field(default_factory=dict, hash=False, compare=False)
    report_keys: tuple[str, ...] = ()  # the user's own ids of the report, first seen first
    outlets: tuple[str, ...] = ()  # every outlet that carried this text

    @property
    def report_key(self) -> str:
        return self.report_keys[0] if self.report_keys else self.report_id

    def to_dict(self) -> dict[str, Any]:
        return {
            "report_key": self.report_key, "report_keys": list(self.report_keys), "outlets": list(self.outlets),
            "report_id": self.report_id, "coded_event_id": self.coded_event_id, "outlet": self.outlet,
            "url": self.url, "title": self.title, "published": self.published, "source_kind": self.source_kind,
            "claimed_by": self.claimed_by, "fatalities": self.fatalities if self.fatalities_known else None,
            "event_date": self.event_date,
            "evidence": {k: [s.as_list() for s in v] for k, v in self.evidence.items()},
        }


@dataclass(frozen=True)
class StoredEvent:
    """A canonical event: merged fields (analyst edits applied), the fatality range and every source."""

    event: Event
    fatalities_low: int | None
    fatalities_high: int | None
    status: str
    sources: tuple[SourceRef, ...]
    edited: tuple[str, ...] = ()
    event_id_cnty: str | None = None  # ACLED-style id: the country's ISO alpha-3 code and a number, "SYR12"
    updated_at: str | None = None  # when the event last changed (ISO 8601, UTC)

    @property
    def timestamp(self) -> int | None:
        """ACLED's timestamp: Unix time of the last change."""
        return int(dt.datetime.fromisoformat(self.updated_at).timestamp()) if self.updated_at else None

    @property
    def id(self) -> str:
        return self.event.event_id

    @property
    def report_keys(self) -> list[str]:
        """The user's own ids of every report this event was coded from."""
        return list(dict.fromkeys(k for s in self.sources for k in (s.report_keys or (s.report_id,))))

    def to_dict(self) -> dict[str, Any]:
        d = self.event.to_dict()
        d.pop("evidence", None)
        d.pop("doc_id", None)
        d.update({"fatalities_low": self.fatalities_low, "fatalities_high": self.fatalities_high,
                  "status": self.status, "edited_fields": list(self.edited), "report_keys": self.report_keys,
                  "event_id_cnty": self.event_id_cnty, "timestamp": self.timestamp,
                  "sources": [s.to_dict() for s in self.sources]})
        return d


@dataclass(frozen=True)
class StoredReport:
    id: str
    outlet: str | None
    url: str | None
    title: str | None
    published: str | None
    fetched_at: str | None
    language: str | None
    status: str
    origin: str | None
    n_events: int
    report_key: str | None = None
    version: int = 1
    supersedes: str | None = None  # the earlier version of this report (same key, other text)
    superseded_by: str | None = None


@dataclass(frozen=True)
class CodedReport:
    """A report ready to be written: its content-derived id (in ``report.id``) and hash, its language
    and coding status, and the coder's accounts of it (none when it was not coded)."""

    report: Report
    content_hash: str
    language: str
    status: str  # "coded" or "not coded (language xx)"
    coder_version: str
    events: tuple[Event, ...] = ()
    fetched_at: str | None = None
    feed: str | None = None  # the feed entry it came from, remembered for --watch
    entry_key: str | None = None
    key: str | None = None  # the user's own id of the report (batch id, feed guid, URL, path); None: the stored one
    coded: bool = True  # False: the runner found it stored and did not code it (its key and feed entry still count)


@dataclass(frozen=True)
class BatchWrite:
    """What one committed batch changed: how many reports had each outcome ("added", "unchanged",
    "recoded", "not_coded"), the accounts written and the number of event changes."""

    outcomes: dict[str, int] = field(default_factory=dict)
    accounts: tuple[str, ...] = ()
    events_changed: int = 0


@dataclass(frozen=True)
class IngestSummary:
    """What one ingest run did: new reports, unchanged ones, re-coded ones, not coded (language), failures."""

    added: int = 0
    unchanged: int = 0
    recoded: int = 0
    not_coded: int = 0
    accounts: int = 0
    failures: tuple[ReportFailure, ...] = ()
    events_total: int = 0
    reports_total: int = 0
    sources_added: int = 0  # the same text under another key (outlet): added to the report's provenance
    versioned: int = 0  # a known key with new text: a new version of the report


@dataclass(frozen=True)
class AuditEntry:
    at: str
    actor: str
    action: str
    entity: str
    entity_id: str
    detail: dict[str, Any]


@dataclass(frozen=True)
class Deletion:
    """A retired event id (ACLED's deletions list): merged into ``replaced_by``, or no longer reported."""

    event_id: str
    event_id_cnty: str | None
    deleted_at: str
    reason: str
    replaced_by: str | None

    @property
    def deleted_timestamp(self) -> int:
        return int(dt.datetime.fromisoformat(self.deleted_at).timestamp())

    def to_dict(self) -> dict[str, Any]:
        return {"event_id": self.event_id, "event_id_cnty": self.event_id_cnty, "deleted_at": self.deleted_at,
                "deleted_timestamp": self.deleted_timestamp, "reason": self.reason, "replaced_by": self.replaced_by}


@dataclass(frozen=True)
class OrphanEdit:
    """An analyst's edit kept although its event is gone (no successor took it, or the heir had its own)."""

    edit_id: int
    event_id: str
    event_id_cnty: str | None
    field: str
    value: str | None
    analyst: str
    at: str
    orphaned_at: str | None
