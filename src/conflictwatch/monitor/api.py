"""The ceasefire monitor over HTTP: a FastAPI ``APIRouter`` named ``router``.

The host application mounts it and sets the store it serves on its state::

    from fastapi import FastAPI
    from conflictwatch.monitor.api import router
    from conflictwatch.store import open_store

    app = FastAPI()
    app.state.store = open_store("events.db")   # required: the router reads request.app.state.store
    app.include_router(router)

Routes:

* ``GET /api/ceasefires`` — the stored agreements: ``{"ceasefires": [{"name", "parties", "from", "to",
  "area", "country", "note"}]}``;
* ``GET /api/ceasefires/{name}/report`` — one agreement's report: ``{"name", "parties", "from", "to",
  "area", "weeks": [{"week", "per_party": {party: {"confirmed", "claimed"}}, "fatalities", …}],
  "violations": [{"event_id", "event_date", "location", "initiator", "attribution", "sources":
  [{"report_id", "outlet", "source_kind", "claim", …}], …}], …}``.

The handlers are ``async`` and so run on the event loop's thread: a SQLite store (whose connection
stays on the thread that opened it) must be opened there too, e.g. in the app's lifespan::

    @asynccontextmanager
    async def lifespan(app):
        app.state.store = open_store("events.db")
        yield
        app.state.store.close()

Without ``app.state.store``, a provider at ``app.state.stores`` is used instead: its ``open()`` is a
context manager giving a fresh :class:`~conflictwatch.store.Store` per request.

Errors come as ``{"error": {"code": "CW602", "message": "…", "status": 404}}`` with that HTTP status
(404 for an unknown agreement, 500 when no store is set, 400 for other monitor errors).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from conflictwatch.errors import ConflictWatchError
from conflictwatch.monitor.errors import AgreementNotFoundError
from conflictwatch.monitor.monitor import Monitor
from conflictwatch.store import Store

router = APIRouter(tags=["ceasefires"])


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, "status": status}}, status_code=status)


@contextmanager
def _store(request: Request) -> Iterator[Store | None]:
    """``app.state.store``; failing that, a per-request store from a provider at ``app.state.stores``
    (an object whose ``open()`` is a context manager yielding a :class:`Store`, as the web desk has)."""
    store = getattr(request.app.state, "store", None)
    if store is not None:
        yield store
        return
    provider = getattr(request.app.state, "stores", None)
    if provider is not None and hasattr(provider, "open"):
        with provider.open() as opened:
            yield opened
        return
    yield None


def _prepared(request: Request, store: Store) -> Store:
    """Run the host's ``app.state.before_monitor(store)`` when it set one (the desk records the
    attribution of accounts stored before it was recorded at ingest); the monitor itself only reads."""
    before = getattr(request.app.state, "before_monitor", None)
    if before is not None:
        before(store)
    return store


def _answer(request: Request, build: Callable[[Monitor], Any]) -> Any:
    with _store(request) as store:
        if store is None:
            return _error(500, "CW600", "no store configured: set app.state.store = open_store(url) before serving")
        try:
            return build(Monitor(_prepared(request, store)))
        except AgreementNotFoundError as err:
            return _error(404, err.code, str(err))
        except ConflictWatchError as err:
            return _error(400, err.code, str(err))


@router.get("/api/ceasefires", summary="The stored ceasefire agreements")
async def list_ceasefires(request: Request) -> Any:
    """Every stored agreement."""
    return _answer(request, lambda monitor: {"ceasefires": [a.to_dict() for a in monitor.agreements()]})


@router.get("/api/ceasefires/{name}/report", summary="One agreement's violations per party per week, with sources")
async def ceasefire_report(name: str, request: Request) -> Any:
    """One agreement's weekly counts per party and its violations with their sources."""
    return _answer(request, lambda monitor: monitor.report(name).to_dict())
