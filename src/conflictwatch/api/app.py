"""The ASGI app of ``conflictwatch serve``: a JSON API over the store under ``/api/`` (spec at
``/openapi.json``) and the analyst's desk, a single page, at ``/``.

Each request opens its own store connection (SQLite connections may not cross threads and FastAPI
runs the routes in a thread pool); writes go through :meth:`Store.review`, which keeps the audit log.
"""

# No `from __future__ import annotations` here: FastAPI reads the routes' annotations at run time,
# and some name types local to create_app().
import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import asdict
from importlib import import_module
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, FastAPI, Path, Query, Request, Response
from fastapi.responses import FileResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field

from conflictwatch.api.desk import DeskEvents, desk_router, desk_warm_up, record_readings_once
from conflictwatch.api.errors import Forbidden, InvalidRequest, NotFound, Unauthorized, install_error_handlers
from conflictwatch.api.limits import BodyLimit, SecurityHeaders
from conflictwatch.api.reads import Reads
from conflictwatch.api.settings import ServeSettings
from conflictwatch.api.views import (
    EventQuery,
    event_detail,
    event_feature,
    event_summary,
    find_events,
    json_bytes,
    report_detail,
    report_summary,
)
from conflictwatch.errors import ReviewError
from conflictwatch.geo.lookup import locate_place
from conflictwatch.store import EventFilter, Store, connect, open_store
from conflictwatch.store.records import REVIEWABLE
from conflictwatch.store.versions import data_version
from conflictwatch.store.versions import install as install_data_version
from conflictwatch.web import INDEX_HTML, STATIC_DIR

log = logging.getLogger(__name__)
MONITOR_MODULE = "conflictwatch.monitor.api"
_ID = r"^[A-Za-z0-9._:-]{1,100}$"


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable code: CW4xx from the store, CW7xx from the API.")
    message: str
    status: int


class ErrorEnvelope(BaseModel):
    """The shape of every error response."""

    error: ErrorDetail


FieldValue = str | bool | int | float | None  # bool listed so that true is refused, not read as 1


class ReviewVerdict(BaseModel):
    """Accept or reject an event, optionally setting fields at the same time."""

    model_config = ConfigDict(extra="forbid")
    verdict: Literal["accept", "reject"]
    fields: dict[str, FieldValue] = Field(default_factory=dict, description="field → new value; null clears it")
    analyst: str | None = Field(None, max_length=100, description="Who reviews (audit log); default 'api'.")


class ReviewEdit(BaseModel):
    """Set (or, with null, clear) one or more fields of an event."""

    model_config = ConfigDict(extra="forbid")
    fields: dict[str, FieldValue] = Field(min_length=1, description=f"field → new value; editable: {', '.join(REVIEWABLE)}")
    analyst: str | None = Field(None, max_length=100, description="Who reviews (audit log); default 'api'.")


class ResponseCache:
    """A few response bodies, keyed by the query and the store's data version (read in the snapshot
    the body is computed in, so it moves whenever an answer could)."""

    def __init__(self, size: int = 8):
        self.size = size
        self._items: OrderedDict[Any, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any) -> bytes | None:
        with self._lock:
            body = self._items.get(key)
            if body is not None:
                self._items.move_to_end(key)
            return body

    def put(self, key: Any, body: bytes) -> None:
        with self._lock:
            self._items[key] = body
            while len(self._items) > self.size:
                self._items.popitem(last=False)


class StoreProvider:
    """Opens one store connection per request; the schema is created/migrated once, at start."""

    def __init__(self, url: str):
        self.url = url
        with open_store(url) as store:
            install_data_version(store.db)  # the version the API's read cache keys by

    @contextmanager
    def open(self) -> Iterator[Store]:
        store = Store(connect(self.url))
        try:
            yield store
        finally:
            store.close()


def monitor_router() -> APIRouter | None:
    """The ceasefire monitor's router, when that module is installed."""
    try:
        module = import_module(MONITOR_MODULE)
    except ModuleNotFoundError as err:
        if err.name not in (MONITOR_MODULE, MONITOR_MODULE.rsplit(".", 1)[0]):
            raise
        return None
    return module.router  # type: ignore[no-any-return]


def content_security_policy(settings: ServeSettings) -> str:
    images = ["'self'", "data:"]
    if settings.tiles:
        parts = urlsplit(settings.tiles)
        images.append(f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}")
    return ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            f"img-src {' '.join(images)}; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            "frame-ancestors 'none'; form-action 'self'")


def create_app(settings: ServeSettings | None = None) -> FastAPI:
    """The web app over the store named by ``settings.db``."""
    settings = settings or ServeSettings()
    stores = StoreProvider(settings.db)
    ceasefires = monitor_router()
    app = FastAPI(title="conflictwatch", version=_version(), docs_url=None, redoc_url=None, openapi_url="/openapi.json",
                  description="Deduplicated, source-attributed conflict events with their evidence. "
                              "Every error is `{\"error\": {\"code\", \"message\", \"status\"}}`.",
                  responses={422: {"model": ErrorEnvelope, "description": "Invalid parameters"}})
    app.state.settings = settings
    app.state.stores = stores
    reads = app.state.reads = Reads(settings.db)
    app.state.before_monitor = record_readings_once()
    desk_events = DeskEvents()
    install_error_handlers(app)
    csp = content_security_policy(settings)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body)  # before routing, so before the token check

    app.add_middleware(SecurityHeaders, headers={"Content-Security-Policy": csp, "X-Content-Type-Options": "nosniff",
                                                 "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer"})

    if settings.cors_origin:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origin), allow_methods=["GET", "POST", "PATCH"],
                           allow_headers=["Authorization", "Content-Type"])

    bearer = HTTPBearer(auto_error=False, description="The token given to `conflictwatch serve --token`.")

    def require_writer(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
        if not settings.token:
            raise Forbidden("the API is read-only: start `conflictwatch serve` with --token (or CONFLICTWATCH_TOKEN) "
                            "to allow review")
        if credentials is None:
            raise Unauthorized("send the token as 'Authorization: Bearer <token>'", headers={"WWW-Authenticate": "Bearer"})
        if not hmac.compare_digest(credentials.credentials.encode(), settings.token.encode()):
            raise Forbidden("wrong token")

    def event_query(
        country: Annotated[str | None, Query(max_length=200, description="Country, as ACLED writes it (any case).")] = None,
        admin1: Annotated[str | None, Query(max_length=200, description="First-level admin unit (any case).")] = None,
        since: Annotated[dt.date | None, Query(description="Events on or after this date (YYYY-MM-DD).")] = None,
        until: Annotated[dt.date | None, Query(description="Events on or before this date (YYYY-MM-DD).")] = None,
        type: Annotated[str | None, Query(max_length=200, description="Event type or sub-event type.")] = None,  # noqa: A002
        sub_type: Annotated[str | None, Query(max_length=200, description="Sub-event type, exactly (any case).")] = None,
        actor: Annotated[str | None, Query(max_length=200, description="Part of an actor's name, any case.")] = None,
        source_kind: Annotated[str | None, Query(
            max_length=50, description="news, party statement, NGO or official: some source of that kind.")] = None,
        source: Annotated[str | None, Query(max_length=200, description="Part of a source's outlet, URL or report id.")] = None,
        include_rejected: Annotated[bool, Query(description="Also list events an analyst rejected.")] = False,
        report: Annotated[str | None, Query(max_length=500, description="A report's own id as ingested, exactly.")] = None,
    ) -> EventQuery:
        if since and until and since > until:
            raise InvalidRequest(f"since ({since}) is after until ({until})")
        return EventQuery(EventFilter(country, admin1, since, until, type, actor, source, include_rejected, report=report),
                          sub_type, source_kind)

    EventQueryDep = Annotated[EventQuery, Depends(event_query)]
    Limit = Annotated[int, Query(ge=1, le=settings.max_page, description=f"Page size (at most {settings.max_page}).")]
    Offset = Annotated[int, Query(ge=0, description="How many to skip.")]
    EventId = Annotated[str, Path(pattern=_ID, description="An event id, e.g. ev-533d9dad67d2b623.")]
    errors_404: dict[int | str, dict[str, Any]] = {404: {"model": ErrorEnvelope, "description": "Not found"}}
    errors_write: dict[int | str, dict[str, Any]] = {401: {"model": ErrorEnvelope, "description": "No token sent"},
                    403: {"model": ErrorEnvelope, "description": "Wrong token, or the server is read-only"},
                    413: {"model": ErrorEnvelope, "description": "Body over serve --max-body (checked first)"}, **errors_404}

    api = APIRouter(prefix="/api")

    @api.get("/config", summary="What the page needs to know: tiles, read-only, optional modules")
    def config() -> dict[str, Any]:
        return {"version": _version(), "tiles": settings.tiles, "tiles_attribution": settings.tiles_attribution,
                "read_only": not settings.token, "ceasefires": ceasefires is not None,
                "reviewable_fields": list(REVIEWABLE)}

    @api.get("/events", summary="Events matching the filters, with their sources and claims", response_model=dict[str, Any])
    def list_events(query: EventQueryDep, limit: Limit = 100, offset: Offset = 0) -> Response:
        return Response(reads.events_page(query, limit, offset), media_type="application/json")

    geojson_cache = ResponseCache()

    def geojson_body(store: Store, query: EventQuery) -> bytes:
        with store.db.snapshot():  # the version and the events of one committed state
            key = (query, data_version(store.db))
            body = geojson_cache.get(key)
            if body is None:
                found = find_events(store, query)
                body = json_bytes({"type": "FeatureCollection", "total": len(found),
                                   "features": [event_feature(s) for s in found]})
                geojson_cache.put(key, body)
        return body

    def prime_cache() -> None:
        """Compute the page's first requests (every event) while the server starts."""
        desk_warm_up(stores, settings.gazetteer_path(), desk_events)
        try:
            with stores.open() as store:
                geojson_body(store, EventQuery(EventFilter()))
        except Exception:  # noqa: BLE001 - a failed warm-up only costs the first request its time
            log.exception("could not prepare the events' GeoJSON at start-up")

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        threading.Thread(target=prime_cache, name="conflictwatch-prime", daemon=True).start()
        yield
        reads.close()

    app.router.lifespan_context = lifespan

    @api.get("/events.geojson", summary="Events matching the filters as a GeoJSON FeatureCollection",
             description="Properties are the fields the map needs; /api/events/{id} has the rest. "
                         "Sent with an ETag; the body is cached until the store changes.",
             response_class=Response, responses={200: {"content": {"application/geo+json": {}}}})
    def events_geojson(request: Request, query: EventQueryDep) -> Response:
        with stores.open() as store:
            body = geojson_body(store, query)
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        if request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers=headers)
        return Response(body, media_type="application/geo+json", headers=headers)

    @api.get("/events/{event_id}", summary="One event: fields, sources, claims, evidence with report text, history",
             responses=errors_404)
    def get_event(event_id: EventId) -> dict[str, Any]:
        with stores.open() as store:
            return event_detail(store, store.event(event_id))

    @api.post("/events/{event_id}/review", summary="Accept or reject an event (needs the token)",
              responses=errors_write, dependencies=[Depends(require_writer)])
    def review_verdict(event_id: EventId, body: ReviewVerdict) -> dict[str, Any]:
        with stores.open() as store:
            stored = store.review(event_id, _as_text(body.fields), accept=body.verdict == "accept", locate=locate_place,
                                  reject=body.verdict == "reject", user=body.analyst or "api")
            return event_detail(store, stored)

    @api.patch("/events/{event_id}/review", summary="Edit fields of an event (needs the token)",
               responses=errors_write, dependencies=[Depends(require_writer)])
    def review_edit(event_id: EventId, body: ReviewEdit) -> dict[str, Any]:
        with stores.open() as store:
            stored = store.review(event_id, _as_text(body.fields), user=body.analyst or "api", locate=locate_place)
            return event_detail(store, stored)

    @api.get("/reports", summary="Stored reports with provenance and coding status")
    def list_reports(status: Annotated[str | None, Query(max_length=100, description="e.g. coded")] = None,
                     limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
        with stores.open() as store:
            found = store.reports(status)
        return {"total": len(found), "limit": limit, "offset": offset,
                "reports": [report_summary(r) for r in found[offset:offset + limit]]}

    @api.get("/reports/{report_id}", summary="One report: provenance, full text, the events it supports",
             responses=errors_404)
    def get_report(report_id: Annotated[str, Path(pattern=_ID)]) -> dict[str, Any]:
        with stores.open() as store:
            report = next((r for r in store.reports() if r.id == report_id), None)
            if report is None:
                raise NotFound(f"no report {report_id!r}; list ids at /api/reports")
            return report_detail(store, report)

    @api.get("/deletions", summary="Retired event ids (ACLED's deletions list): merged, or no longer reported")
    def list_deletions() -> dict[str, Any]:
        with stores.open() as store:
            found = store.deletions()
        return {"total": len(found), "deletions": [d.to_dict() for d in found]}

    @api.get("/edits/orphans", summary="Analysts' edits kept although their event is gone with no successor")
    def list_orphan_edits() -> dict[str, Any]:
        with stores.open() as store:
            found = store.orphan_edits()
        return {"total": len(found), "edits": [asdict(o) for o in found]}

    @api.get("/stats", summary="Counts by week, type, actor and place (the store's filters apply)",
             response_model=dict[str, Any])
    def stats(query: EventQueryDep, top: Annotated[int, Query(ge=1, le=100)] = 10) -> Response:
        if query.sub_type or query.source_kind:
            raise InvalidRequest("stats take the store's filters only: drop sub_type and source_kind")
        return Response(reads.stats(query.base, top), media_type="application/json")

    app.include_router(api)
    app.include_router(desk_router(stores, settings.gazetteer_path, desk_events))
    if ceasefires is not None:
        app.include_router(ceasefires)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(INDEX_HTML, media_type="text/html; charset=utf-8", headers={"Cache-Control": "no-cache"})

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def app_from_environment() -> FastAPI:
    """The app of one of ``serve --workers N``'s processes, from the settings the command put in the
    environment (uvicorn starts each worker from an import string, so they cannot be passed)."""
    from conflictwatch.api.serving import SETTINGS_ENV

    return create_app(ServeSettings.from_mapping(json.loads(os.environ[SETTINGS_ENV])))


def _as_text(values: dict[str, Any]) -> dict[str, str]:
    """The store reads edits as text (as typed on the command line) and checks their kinds and ranges;
    null or "" clears a field. JSON's true and false are no field's value (str() would make them text)."""
    for name, value in values.items():
        if isinstance(value, bool):
            raise ReviewError(f"{name}={value!r}: true and false are no field's value; give a number or text")
    return {name: "" if value is None else str(value) for name, value in values.items()}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("conflictwatch")
    except PackageNotFoundError:
        return "0"


__all__ = ["ErrorEnvelope", "StoreProvider", "app_from_environment", "create_app", "event_summary",
           "monitor_router"]
