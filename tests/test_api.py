"""The HTTP API over real HTTP on 127.0.0.1: every endpoint, the one error shape, the token rule.

A uvicorn server runs in a thread (conflictwatch.api.server.running_server) on a free port, over a
temporary SQLite store filled with the repo's examples/ (published 2020-04-22).
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
import types
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from fastapi import APIRouter

from conflictwatch import run
from conflictwatch.api import SETTINGS, ServeSettings
from conflictwatch.api.server import free_port, running_server
from conflictwatch.cli import main
from conflictwatch.store import open_store

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "test-token-123"


def fill_store(path: Path) -> str:
    with open_store(str(path)) as store:
        summary = run.ingest_sources(store, [str(ROOT / "examples")], published=dt.date(2020, 4, 22), user="test")
    assert summary.events_total >= 5 and not summary.failures
    return str(path)


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return fill_store(tmp_path_factory.mktemp("api") / "examples.db")


@pytest.fixture(scope="module")
def api(examples_db: str) -> Iterator[httpx.Client]:
    """A read-only server (no token) over the examples."""
    with running_server(ServeSettings(db=examples_db, port=0)) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield client


@pytest.fixture()
def writable(tmp_path: Path) -> Iterator[httpx.Client]:
    """A server with a token, over its own copy of the examples (tests here change it)."""
    db = fill_store(tmp_path / "review.db")
    with running_server(ServeSettings(db=db, port=0, token=TOKEN)) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield client


def assert_error(response: httpx.Response, status: int, code: str | None = None) -> dict:
    """Every error has exactly this shape."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "status"}
    assert body["error"]["status"] == status
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["code"], str) and body["error"]["code"].startswith("CW")
    if code:
        assert body["error"]["code"] == code
    return body["error"]


def event_ids(client: httpx.Client, **params: str) -> list[str]:
    body = client.get("/api/events", params={"limit": "1000", **params}).json()
    assert body["total"] == len(body["events"])
    return [e["event_id"] for e in body["events"]]


def test_openapi_spec_lists_every_endpoint(api: httpx.Client) -> None:
    spec = api.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/api/events", "/api/events/{event_id}", "/api/events/{event_id}/review", "/api/events.geojson",
                 "/api/reports", "/api/reports/{report_id}", "/api/stats", "/api/config"):
        assert path in paths, path
    assert set(paths["/api/events/{event_id}/review"]) == {"post", "patch"}
    assert "ErrorEnvelope" in spec["components"]["schemas"]
    assert {p["name"] for p in paths["/api/events"]["get"]["parameters"]} >= {
        "country", "admin1", "since", "until", "type", "sub_type", "actor", "source_kind", "source", "limit", "offset"}


def test_events_are_paged_with_a_total(api: httpx.Client) -> None:
    everything = api.get("/api/events", params={"limit": 1000}).json()
    total = everything["total"]
    assert total == len(everything["events"]) >= 5
    page = api.get("/api/events", params={"limit": 2, "offset": 1}).json()
    assert page["total"] == total and page["limit"] == 2 and page["offset"] == 1
    assert [e["event_id"] for e in page["events"]] == [e["event_id"] for e in everything["events"][1:3]]
    first = everything["events"][0]
    assert first["sources"] and {"report_id", "source_kind", "claimed_by", "fatalities", "evidence"} <= set(first["sources"][0])


def test_event_filters_match_the_cli(api: httpx.Client) -> None:
    every = event_ids(api)
    assert event_ids(api, country="syria") == every
    assert event_ids(api, country="Iraq") == []
    battles = event_ids(api, type="Battles")
    assert battles and set(battles) < set(every)
    assert event_ids(api, type="Armed clash") == battles  # a sub-event type works as the CLI's --type
    assert len(event_ids(api, sub_type="Grenade")) == 1
    assert len(event_ids(api, admin1="Aleppo")) == 1
    assert event_ids(api, actor="syrian democratic") == event_ids(api, admin1="Aleppo")
    assert len(event_ids(api, source_kind="NGO")) == 1
    assert set(event_ids(api, source_kind="party statement")) <= set(every)
    assert event_ids(api, since="2020-05-01") == event_ids(api, since="2020-05-01", until="2020-12-31")
    assert len(event_ids(api, since="2020-05-01")) == 2
    assert len(event_ids(api, until="2020-04-08")) == 2
    report = api.get("/api/events", params={"admin1": "Aleppo"}).json()["events"][0]["sources"][0]["report_id"]
    assert event_ids(api, source=report) == event_ids(api, admin1="Aleppo")


def test_one_event_with_sources_claims_and_evidence(api: httpx.Client) -> None:
    [eid] = event_ids(api, admin1="Aleppo")
    event = api.get(f"/api/events/{eid}").json()
    assert event["event_id"] == eid and event["location"] == "Manbij"
    assert len(event["sources"]) == 3
    for source in event["sources"]:
        text = source["report"]["text"]
        assert text and source["report"]["id"] == source["report_id"]
        assert set(source["claim"]) == {"source_kind", "claimed_by", "fatalities", "event_date"}
        for spans in source["evidence"].values():
            for span in spans:
                assert text[span["start"]:span["end"]] == span["text"] and span["text"]
    # the event-level index: for each field, the spans in every report
    assert "location" in event["evidence"]
    assert any("Manbij" in span["text"] for span in event["evidence"]["location"])
    assert {s["report_id"] for s in event["evidence"]["location"]} <= {s["report_id"] for s in event["sources"]}
    assert any(entry["action"] == "create" for entry in event["history"])


def test_geojson(api: httpx.Client) -> None:
    response = api.get("/api/events.geojson")
    assert response.headers["content-type"].startswith("application/geo+json")
    fc = response.json()
    assert fc["type"] == "FeatureCollection" and fc["total"] == len(fc["features"]) == len(event_ids(api))
    feature = fc["features"][0]
    assert feature["geometry"]["type"] == "Point" and len(feature["geometry"]["coordinates"]) == 2
    assert {"id", "event_date", "event_type", "sub_event_type", "fatalities", "source_kinds"} <= set(feature["properties"])
    battles = api.get("/api/events.geojson", params={"type": "Battles"}).json()["features"]
    assert len(battles) == len(event_ids(api, type="Battles"))
    again = api.get("/api/events.geojson", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304


def test_reports_list_and_one_report(api: httpx.Client) -> None:
    body = api.get("/api/reports").json()
    assert body["total"] == 5 == len(body["reports"])
    assert {r["status"] for r in body["reports"]} == {"coded"}
    assert api.get("/api/reports", params={"limit": 2, "offset": 4}).json()["reports"] == body["reports"][4:]
    assert api.get("/api/reports", params={"status": "not coded (language fr)"}).json()["total"] == 0
    rid = body["reports"][0]["id"]
    report = api.get(f"/api/reports/{rid}").json()
    assert report["id"] == rid and report["text"] and report["events"]
    for event in report["events"]:
        detail = api.get(f"/api/events/{event['id']}").json()
        assert rid in {s["report_id"] for s in detail["sources"]}


def test_stats(api: httpx.Client) -> None:
    stats = api.get("/api/stats").json()
    assert stats["events"] == len(event_ids(api))
    assert stats["reports"] == {"coded": 5}
    assert sum(stats["by_week"].values()) == stats["events"]
    assert api.get("/api/stats", params={"type": "Battles"}).json()["events"] == len(event_ids(api, type="Battles"))
    assert_error(api.get("/api/stats", params={"sub_type": "Grenade"}), 422, "CW702")


def test_config(api: httpx.Client) -> None:
    config = api.get("/api/config").json()
    assert config["read_only"] is True and config["tiles"] is None
    assert "fatalities" in config["reviewable_fields"]


@pytest.mark.parametrize(("method", "path", "params", "status", "code"), [
    ("GET", "/api/events/ev-does-not-exist", None, 404, "CW403"),
    ("GET", "/api/reports/r-0000000000000000", None, 404, "CW701"),
    ("GET", "/api/nothing-here", None, 404, "CW701"),
    ("GET", "/nothing-here", None, 404, "CW701"),
    ("GET", "/api/events", {"since": "last week"}, 422, "CW702"),
    ("GET", "/api/events", {"since": "2020-05-01", "until": "2020-04-01"}, 422, "CW702"),
    ("GET", "/api/events", {"limit": "100000"}, 422, "CW702"),
    ("GET", "/api/events", {"offset": "-1"}, 422, "CW702"),
    ("GET", "/api/events", {"country": "x" * 500}, 422, "CW702"),
    ("GET", "/api/events/bad%20id%3B", None, 422, "CW702"),
    ("DELETE", "/api/events", None, 405, "CW705"),
    ("POST", "/api/events/ev-x/review", None, 403, "CW704"),  # read-only server: no token configured
    ("PATCH", "/api/events/ev-x/review", None, 403, "CW704"),
])
def test_every_error_has_one_shape(api: httpx.Client, method: str, path: str, params: dict | None, status: int,
                                   code: str) -> None:
    assert_error(api.request(method, path, params=params, json={"verdict": "accept"}), status, code)


def test_read_only_without_a_token(api: httpx.Client) -> None:
    [eid] = event_ids(api, admin1="Aleppo")
    error = assert_error(api.post(f"/api/events/{eid}/review", json={"verdict": "accept"},
                                  headers={"Authorization": "Bearer anything"}), 403, "CW704")
    assert "--token" in error["message"]
    assert api.get(f"/api/events/{eid}").json()["status"] == "machine"


def test_review_needs_the_token(writable: httpx.Client) -> None:
    [eid] = event_ids(writable, admin1="Aleppo")
    no_token = writable.post(f"/api/events/{eid}/review", json={"verdict": "accept"})
    assert_error(no_token, 401, "CW703")
    assert no_token.headers["www-authenticate"] == "Bearer"
    assert_error(writable.post(f"/api/events/{eid}/review", json={"verdict": "accept"},
                               headers={"Authorization": "Bearer wrong"}), 403, "CW704")
    assert_error(writable.patch(f"/api/events/{eid}/review", json={"fields": {"fatalities": 9}},
                                headers={"Authorization": f"Basic {TOKEN}"}), 401, "CW703")
    assert writable.get(f"/api/events/{eid}").json()["status"] == "machine"
    assert writable.get("/api/config").json()["read_only"] is False


def test_accept_reject_and_edit_with_the_token(writable: httpx.Client) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    [eid] = event_ids(writable, admin1="Aleppo")
    accepted = writable.post(f"/api/events/{eid}/review", json={"verdict": "accept", "analyst": "ana"}, headers=auth)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted"
    edited = writable.patch(f"/api/events/{eid}/review", json={"fields": {"fatalities": 5, "admin2": "Manbij"}},
                            headers=auth).json()
    assert edited["fatalities"] == 5 and edited["admin2"] == "Manbij"
    assert set(edited["edited_fields"]) == {"fatalities", "admin2"}
    reviews = [h for h in edited["history"] if h["action"] == "review"]
    assert [h["actor"] for h in reviews] == ["ana", "api"]
    cleared = writable.patch(f"/api/events/{eid}/review", json={"fields": {"admin2": None}}, headers=auth).json()
    assert cleared["admin2"] is None
    rejected = writable.post(f"/api/events/{eid}/review", json={"verdict": "reject"}, headers=auth).json()
    assert rejected["status"] == "rejected"
    assert eid not in event_ids(writable)
    assert eid in event_ids(writable, include_rejected="true")
    geo = writable.get("/api/events.geojson").json()  # the cached GeoJSON follows the change
    assert eid not in {f["id"] for f in geo["features"]}


@pytest.mark.parametrize(("method", "body", "status", "code"), [
    ("PATCH", {"fields": {"colour": "red"}}, 422, "CW404"),  # the store's ReviewError
    ("PATCH", {"fields": {"fatalities": "many"}}, 422, "CW404"),
    ("PATCH", {"fields": {}}, 422, "CW702"),
    ("PATCH", {"fields": {"fatalities": 1}, "extra": 1}, 422, "CW702"),
    ("POST", {"verdict": "maybe"}, 422, "CW702"),
    ("POST", "not json", 422, "CW702"),
])
def test_bad_reviews_are_rejected(writable: httpx.Client, method: str, body: object, status: int, code: str) -> None:
    [eid] = event_ids(writable, admin1="Aleppo")
    auth = {"Authorization": f"Bearer {TOKEN}"}
    if isinstance(body, str):
        response = writable.request(method, f"/api/events/{eid}/review", content=body,
                                    headers={**auth, "Content-Type": "application/json"})
    else:
        response = writable.request(method, f"/api/events/{eid}/review", json=body, headers=auth)
    assert_error(response, status, code)
    assert_error(writable.patch("/api/events/ev-unknown/review", json={"fields": {"fatalities": 1}}, headers=auth),
                 404, "CW403")


def test_no_cors_by_default_and_security_headers(api: httpx.Client, examples_db: str) -> None:
    response = api.get("/api/events", headers={"Origin": "http://127.0.0.1:9999"})
    assert "access-control-allow-origin" not in response.headers
    preflight = api.options("/api/events", headers={"Origin": "http://127.0.0.1:9999", "Access-Control-Request-Method": "GET"})
    assert "access-control-allow-origin" not in preflight.headers
    page = api.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert page.headers["x-content-type-options"] == "nosniff"
    with running_server(ServeSettings(db=examples_db, port=0, cors_origin=("http://127.0.0.1:9999",))) as url:
        allowed = httpx.get(url + "api/events", headers={"Origin": "http://127.0.0.1:9999"})
        assert allowed.headers["access-control-allow-origin"] == "http://127.0.0.1:9999"


def test_static_assets_are_local(api: httpx.Client) -> None:
    html = api.get("/").text
    assert "http://" not in html and "https://" not in html
    for asset in ("/static/desk.js", "/static/desk.css", "/static/vendor/leaflet/leaflet.js",
                  "/static/vendor/noto-fonts.css", "/static/vendor/noto-sans-syriac/noto-sans-syriac-syriac-400-normal.woff2",
                  "/static/vendor/world-atlas/countries-110m.geojson"):
        assert api.get(asset).status_code == 200, asset


def _fake_monitor(monkeypatch: pytest.MonkeyPatch) -> None:
    router = APIRouter()

    @router.get("/api/ceasefires")
    def ceasefires() -> list[dict]:
        return [{"name": "idlib-2020", "parties": ["A", "B"], "from": "2020-03-06", "to": None}]

    monkeypatch.setitem(sys.modules, "conflictwatch.monitor.api", types.SimpleNamespace(router=router))


def test_the_ceasefire_monitor_is_included_when_installed(monkeypatch: pytest.MonkeyPatch, examples_db: str) -> None:
    _fake_monitor(monkeypatch)
    with running_server(ServeSettings(db=examples_db, port=0)) as url:
        assert httpx.get(url + "api/ceasefires").json()[0]["name"] == "idlib-2020"
        assert httpx.get(url + "api/config").json()["ceasefires"] is True


def test_the_app_runs_without_the_ceasefire_monitor(monkeypatch: pytest.MonkeyPatch, examples_db: str) -> None:
    monkeypatch.setitem(sys.modules, "conflictwatch.monitor.api", None)  # importing it raises ModuleNotFoundError
    with running_server(ServeSettings(db=examples_db, port=0)) as url:
        assert_error(httpx.get(url + "api/ceasefires"), 404, "CW701")
        assert httpx.get(url + "api/config").json()["ceasefires"] is False


def test_every_setting_is_documented_and_a_serve_option() -> None:
    from dataclasses import fields

    assert [s.name for s in SETTINGS] == [f.name for f in fields(ServeSettings)]
    help_text = CliRunner().invoke(main, ["serve", "--help"], terminal_width=400).output
    for setting in SETTINGS:
        assert len(setting.help) > 20, setting.name
        assert "--" + setting.name.replace("_", "-") in help_text
        assert setting.help.split(".")[0][:40] in help_text
        assert ServeSettings().__getattribute__(setting.name) == setting.default


def test_settings_reject_bad_values() -> None:
    with pytest.raises(ValueError, match="unknown settings"):
        ServeSettings.from_mapping({"tokn": "x"})
    with pytest.raises(ValueError, match="tiles"):
        ServeSettings(tiles="file:///etc/passwd")


def test_the_serve_command(examples_db: str, tmp_path: Path) -> None:
    port = free_port()
    exe = Path(sys.executable).with_name("conflictwatch")
    proc = subprocess.Popen([str(exe), "serve", "--db", examples_db, "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                config = httpx.get(f"http://127.0.0.1:{port}/api/config", timeout=2).json()
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read() if proc.stderr else ""
                time.sleep(0.2)
        assert config["read_only"] is True
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert f"http://127.0.0.1:{port}/" in err
