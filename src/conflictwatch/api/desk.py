"""The desk's own endpoints: full-text search, export of the current view, and place names for the map.

The desk filters its events in the page; an export must hold exactly the events the page shows, so
:class:`DeskFilter` reads the page's URL parameters and applies them to the same properties the page
filters on (:func:`conflictwatch.api.views.event_summary`). Exports are written by the CLI's own
export function (:func:`conflictwatch.store.export.write_stored_events`), so a file from the desk and
one from ``conflictwatch events --format`` are the same.
"""

# No `from __future__ import annotations`: FastAPI reads the routes' annotations at run time.
import datetime as dt
import hashlib
import io
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from conflictwatch.api.errors import InvalidRequest
from conflictwatch.api.views import event_summary
from conflictwatch.store import EventFilter, Store, StoredEvent
from conflictwatch.store.desk import desk_columns
from conflictwatch.store.export import write_stored_events
from conflictwatch.store.search import query_words, search_event_ids
from conflictwatch.store.versions import data_version

log = logging.getLogger(__name__)
EXPORT_TYPES = {"csv": ("text/csv; charset=utf-8", "csv"), "geojson": ("application/geo+json", "geojson"),
                "jsonl": ("application/x-ndjson", "jsonl")}
_Text = Annotated[str | None, Query(max_length=200)]


@dataclass(frozen=True)
class DeskFilter:
    """The page's filters, as its URL carries them. Every condition given must hold."""

    since: dt.date | None = None
    until: dt.date | None = None
    event_type: str | None = None
    sub_type: str | None = None
    actor: str | None = None
    country: str | None = None
    admin1: str | None = None
    source_kind: str | None = None
    fatalities_min: int | None = None
    fatalities_max: int | None = None
    hidden_types: frozenset[str] = frozenset()
    brush: tuple[dt.date, dt.date] | None = None  # first and last day of the timeline selection
    query: str | None = None
    include_rejected: bool = False

    def matches(self, p: dict[str, Any], found: set[str] | None) -> bool:
        """``p``: an event's summary; ``found``: the ids the text query found (None: no query)."""
        day = dt.date.fromisoformat(p["event_date"]) if p["event_date"] else None
        type_key = p["event_type"] if p["event_type"] in _TYPES else "Other"
        checks = (
            found is None or p["id"] in found,
            type_key not in self.hidden_types,
            self.since is None or (day is not None and day >= self.since),
            self.until is None or (day is not None and day <= self.until),
            self.brush is None or (day is not None and self.brush[0] <= day <= self.brush[1]),
            not self.event_type or p["event_type"] == self.event_type,
            not self.sub_type or p["sub_event_type"] == self.sub_type,
            not self.country or p["country"] == self.country,
            not self.admin1 or p["admin1"] == self.admin1,
            not self.source_kind or self.source_kind in p["source_kinds"],
            not self.actor or self.actor.lower() in f"{p['actor1'] or ''}|{p['actor2'] or ''}".lower(),
            self.fatalities_min is None or (p["fatalities"] or 0) >= self.fatalities_min,
            self.fatalities_max is None or (p["fatalities"] or 0) <= self.fatalities_max,
        )
        return all(checks)

    def select(self, store: Store) -> list[StoredEvent]:
        events = store.events(EventFilter(include_rejected=self.include_rejected))
        found = set(search_event_ids(store.db, self.query, self.include_rejected)) if self.query else None
        return [s for s in events if self.matches(event_summary(s), found)]


# the ACLED event types the page draws in their own colours; anything else is "Other"
_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
          "Strategic developments")


def _brush(value: str | None) -> tuple[dt.date, dt.date] | None:
    if not value:
        return None
    try:
        first, last = (dt.date.fromisoformat(v) for v in value.split("..", 1))
    except ValueError as err:
        raise InvalidRequest(f"brush={value!r}: give FIRST..LAST as YYYY-MM-DD..YYYY-MM-DD") from err
    return (first, last) if first <= last else (last, first)


class DeskEvents:
    """The page's events in columns (:func:`conflictwatch.store.desk.desk_columns`) as JSON, kept until
    the store's data version moves (:mod:`conflictwatch.store.versions`; read in the same snapshot)."""

    def __init__(self) -> None:
        self._cache: dict[Any, bytes] = {}
        self._lock = threading.Lock()

    def body(self, store: Store, include_rejected: bool = False) -> bytes:
        with store.db.snapshot():
            key = (include_rejected, data_version(store.db))
            with self._lock:
                body = self._cache.get(key)
            if body is None:
                body = json.dumps(desk_columns(store.db, include_rejected), ensure_ascii=False,
                                  separators=(",", ":")).encode("utf-8")
                with self._lock:
                    if len(self._cache) >= 4:
                        self._cache.clear()
                    self._cache[key] = body
        return body


def desk_router(stores: Any, gazetteer: Callable[[], Path], events: DeskEvents | None = None) -> APIRouter:
    """The desk's routes over ``stores`` (an object whose ``open()`` gives a store per request)."""
    events = events or DeskEvents()
    router = APIRouter(prefix="/api", tags=["desk"])

    def desk_filter(
        since: Annotated[dt.date | None, Query()] = None, until: Annotated[dt.date | None, Query()] = None,
        type: _Text = None, sub_type: _Text = None, actor: _Text = None,  # noqa: A002
        country: _Text = None, admin1: _Text = None, source_kind: _Text = None,
        fmin: Annotated[int | None, Query(ge=0)] = None, fmax: Annotated[int | None, Query(ge=0)] = None,
        hide: _Text = None, brush: Annotated[str | None, Query(max_length=30)] = None,
        q: _Text = None, include_rejected: bool = False,
    ) -> DeskFilter:
        return DeskFilter(since, until, type, sub_type, actor, country, admin1, source_kind, fmin, fmax,
                          frozenset(t for t in (hide or "").split(",") if t), _brush(brush), q, include_rejected)

    @router.get("/desk/events", summary="Every event's map, list and filter fields, in columns (what the desk loads)",
                description="`columns` hold a value per event; those named in `values` hold a number into that "
                            "list of distinct values. Sent with an ETag; cached until the store changes.",
                response_class=Response, responses={200: {"content": {"application/json": {}}}})
    def desk_events(request: Request, include_rejected: bool = False) -> Response:
        with stores.open() as store:
            body = events.body(store, include_rejected)
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers=headers)
        return Response(body, media_type="application/json", headers=headers)

    @router.get("/search", summary="Events whose notes, actors, places or report text hold every word of q")
    def search(q: Annotated[str, Query(max_length=200, description="Words; each must occur (as a word prefix).")],
               include_rejected: bool = False) -> dict[str, Any]:
        with stores.open() as store:
            ids = search_event_ids(store.db, q, include_rejected)
        return {"query": q, "words": query_words(q), "total": len(ids), "ids": ids}

    @router.get("/export", summary="The events the desk shows, as the CLI writes them (CSV in ACLED's columns, "
                "GeoJSON or JSONL)", response_class=Response,
                responses={200: {"content": {t: {} for t, _ in EXPORT_TYPES.values()}}})
    def export(chosen: Annotated[DeskFilter, Depends(desk_filter)],
               format: Literal["csv", "geojson", "jsonl"] = "csv") -> Response:  # noqa: A002
        with stores.open() as store:
            events = chosen.select(store)
        out = io.StringIO()
        write_stored_events(events, out, format)
        media, ext = EXPORT_TYPES[format]
        name = f"conflictwatch-events-{dt.date.today().isoformat()}.{ext}"
        return Response(out.getvalue().encode("utf-8"), media_type=media,
                        headers={"Content-Disposition": f'attachment; filename="{name}"',
                                 "X-Event-Count": str(len(events))})

    @router.get("/labels", summary="Place names to draw on the map for a box and zoom level (from the gazetteer)")
    def labels(bbox: Annotated[str, Query(max_length=100, description="west,south,east,north in degrees")],
               zoom: Annotated[int, Query(ge=0, le=18)]) -> dict[str, Any]:
        from conflictwatch.geo.errors import GeoError
        from conflictwatch.geo.labels import place_labels

        try:
            west, south, east, north = (float(v) for v in bbox.split(","))
        except ValueError as err:
            raise InvalidRequest(f"bbox={bbox!r}: give west,south,east,north as four numbers") from err
        try:
            found = place_labels(gazetteer(), west, south, east, north, zoom)
        except GeoError as err:
            return {"labels": [], "note": f"{err} [{err.code}]"}
        return {"labels": [p.to_dict() for p in found]}

    return router


def desk_warm_up(stores: Any, gazetteer: Path, events: DeskEvents | None = None) -> None:
    """At start-up: the page's events, the search index and the gazetteer's place names, so the first
    load, search and map move answer at once. Failures only cost those requests their time."""
    from conflictwatch.errors import ConflictWatchError
    from conflictwatch.geo.labels import warm
    from conflictwatch.store.search import sync

    try:
        with stores.open() as store:
            if events is not None:
                events.body(store)
            sync(store.db)
    except ConflictWatchError as err:
        log.warning("the desk's events or search index not prepared at start-up: %s", err)
    try:
        warm(gazetteer)
    except ConflictWatchError as err:
        log.info("no place names for the map: %s", err)


def record_readings_once() -> Callable[[Store], None]:
    """What the ceasefire monitor's routes run before they read: record the attribution of accounts
    stored without one (a store ingested before attribution was recorded at ingest). One at a time."""
    import threading

    lock = threading.Lock()

    def record(store: Store) -> None:
        from conflictwatch.attribution import record_readings

        with lock:
            record_readings(store)

    return record
