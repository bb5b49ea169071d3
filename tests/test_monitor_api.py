"""The monitor's FastAPI router: the agreements list and a report as JSON, the store taken from
``app.state.store``, errors in one envelope."""

from __future__ import annotations

import datetime as dt
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")  # fastapi's TestClient

from fastapi import FastAPI  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from conflictwatch import run
from conflictwatch.attribution import record_readings  # noqa: E402
from conflictwatch.extract.initiative import actor_candidates  # noqa: E402
from conflictwatch.monitor import Monitor, agreement_from_spec  # noqa: E402
from conflictwatch.store import open_store  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data" / "monitor"
NDF, ASAYISH = "NDF: National Defence Forces", "Asayish"


@pytest.fixture()
def db(tmp_path) -> str:
    url = str(tmp_path / "cw.db")
    with open_store(url) as store:
        run.ingest_sources(store, [str(ROOT / "examples" / "qamishli-statement-2020.txt"),
                              str(DATA / "qamishli-monitor-2020.txt")], published=dt.date(2020, 4, 22))
        run.ingest_sources(store, [str(DATA / "qamishli-ndf-denial-2020.txt")], published=dt.date(2020, 4, 23))
        record_readings(store)  # the pipeline's attribution step, as `conflictwatch ingest` runs it
        Monitor(store).add(agreement_from_spec({"name": "UN global ceasefire call", "parties": "NDF,ISF",
                                                "from": "2020-03-23", "area": "Qamishli"}, lookup=actor_candidates))
    return url


def _app(url: str | None) -> FastAPI:
    from conflictwatch.monitor.api import router

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # opened on the event loop's thread, where the async handlers run (SQLite keeps to its thread)
        app.state.store = open_store(url) if url else None
        yield
        if app.state.store is not None:
            app.state.store.close()

    app = FastAPI(lifespan=lifespan)
    app.include_router(router)
    return app


def test_list_and_report(db):
    with TestClient(_app(db)) as client:
        listed = client.get("/api/ceasefires")
        assert listed.status_code == 200
        assert [c["name"] for c in listed.json()["ceasefires"]] == ["UN global ceasefire call"]
        response = client.get("/api/ceasefires/UN global ceasefire call/report")
        assert response.status_code == 200
        data = response.json()
    assert {"name", "parties", "from", "to", "area", "weeks", "violations"} <= set(data)
    assert data["parties"] == [NDF, ASAYISH] and data["from"] == "2020-03-23" and data["area"] == "Qamishli"
    week = next(w for w in data["weeks"] if w["week"] == "2020-W17")
    assert week["per_party"] == {NDF: {"confirmed": 1, "claimed": 0}, ASAYISH: {"confirmed": 0, "claimed": 1}}
    assert week["fatalities"] == 0
    clash = next(v for v in data["violations"] if v["event_date"] == "2020-04-21")
    assert clash["initiator"] == NDF and clash["attribution"] == "contested" and "Qamishli" in clash["location"]
    assert [(s["source_kind"], s["initiator"]) for s in clash["sources"]] == [
        ("party statement", NDF), ("NGO", NDF), ("official", ASAYISH)]
    assert all({"report_id", "outlet", "source_kind", "claim"} <= set(s) for s in clash["sources"])


def test_errors_share_one_envelope(db):
    with TestClient(_app(db)) as client:
        missing = client.get("/api/ceasefires/nothing/report")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "CW602"
    assert missing.json()["error"]["status"] == 404
    with TestClient(_app(None)) as client:
        unset = client.get("/api/ceasefires")
    assert unset.status_code == 500 and "app.state.store" in unset.json()["error"]["message"]


def test_a_store_provider_serves_when_no_store_is_set(db):
    from contextlib import contextmanager

    from conflictwatch.monitor.api import router

    class Provider:  # the web desk's shape: one store per request
        opened = 0

        @contextmanager
        def open(self):
            Provider.opened += 1
            store = open_store(db)
            try:
                yield store
            finally:
                store.close()

    app = FastAPI()
    app.state.stores = Provider()
    app.include_router(router)
    with TestClient(app) as client:
        response = client.get("/api/ceasefires/UN global ceasefire call/report")
    assert response.status_code == 200 and Provider.opened == 1
    assert len(response.json()["violations"]) == 3
