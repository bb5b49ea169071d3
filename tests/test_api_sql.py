"""The API over a store of a few hundred known accounts, on SQLite and on PostgreSQL, over real HTTP:

* pages of /api/events and /api/stats, now cut, counted and grouped in SQL, give exactly what the
  old way gave (every matching event loaded, filtered, sliced and counted in Python — the oracles
  below);
* answers are finite JSON even with an infinite or NaN coordinate in the store, and edits that
  would store one (or an impossible latitude or toll) are refused with CW404;
* text filters take ``%`` and ``_`` literally;
* a request body over the limit is refused with 413 before it is read, token or not (raw socket).

The accounts come from a table coder (no NLP), so the store's real ingest and dedup run over
accounts the test knows; several reports tell the same incident, so events have many sources.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import socket
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import fresh_pg_url

from conflictwatch import run
from conflictwatch.api import ServeSettings
from conflictwatch.api.server import running_server
from conflictwatch.api.views import json_bytes
from conflictwatch.records import Event, Report
from conflictwatch.store import EventFilter, Store, StoredEvent, open_store

PG_SCHEMA = "cw_api_sql_test"
TOKEN = "sql-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}

# names with LIKE's wildcards in them, and near-twins that a wildcard reading would also match
ACTORS = ["Brigade 100%", "Brigade 1000", "Front_of_Liberation", "Frontxof Union", "Asayish", "Military Forces of Syria",
          "Protesters (Mali)", "Rioters (Iraq)", None]
OUTLETS = ["Wire_A", "WirexA Daily", "Radio 100% FM", "Radio 1000", None]
KINDS = ["news", "party statement", "NGO", "official", ""]
TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest"), ("Riots", "Mob violence")]
PLACES = [("Syria", "Aleppo", "Manbij", 36.53, 37.95), ("Syria", "Al-Hasakah", "Qamishli", 37.05, 41.23),
          ("Iraq", "Ninewa", "Mosul", 36.34, 43.13), ("Mali", "Mopti", None, 14.49, -4.19), ("Mali", "Gao", "", 16.27, -0.04)]


class TableCoder:
    """Codes a report by looking its text up in a table of event fields built by the test."""

    version = "table-coder/1"

    def __init__(self, table: dict[str, list[dict[str, Any]]]):
        self.table = table

    def code(self, report: Report) -> list[Event]:
        told = self.table[report.text]
        return [Event(doc_id=report.id, event_id=f"{report.id}-{i}", **fields) for i, fields in enumerate(told)]


def synthetic_reports(n_reports: int = 150, seed: int = 13) -> tuple[list[Report], TableCoder]:
    rnd = random.Random(seed)
    incidents = []
    for _ in range(n_reports // 2):
        etype, sub = rnd.choice(TYPES)
        country, admin1, location, lat, lon = rnd.choice(PLACES)
        actor1 = rnd.choice(ACTORS)
        actor2 = actor1 if rnd.random() < 0.1 else rnd.choice(ACTORS)
        day = None if rnd.random() < 0.06 else dt.date(2024, 3, 1) + dt.timedelta(days=rnd.randrange(45))
        incidents.append(dict(
            event_date=day, time_precision=1 if day else None, disorder_type="Political violence", event_type=etype,
            sub_event_type=sub, actor1=actor1, assoc_actor_1=None, inter1=1, actor2=actor2, assoc_actor_2=None,
            inter2=2, interaction=12, country=country, admin1=admin1, admin2=None, admin3=None, location=location,
            latitude=lat + rnd.uniform(-0.01, 0.01), longitude=lon + rnd.uniform(-0.01, 0.01), geo_precision=1,
            fatalities=rnd.randrange(15), fatalities_known=rnd.random() > 0.2))
    table: dict[str, list[dict[str, Any]]] = {}
    reports = []
    for i in range(n_reports):
        told = rnd.sample(incidents, rnd.choice([1, 1, 2]))
        kind = rnd.choice(KINDS)
        text = f"Report number {i} of the table coder: what the people said about the day."
        table[text] = [{**fields, "source_kind": kind, "fatalities": max(0, fields["fatalities"] + rnd.choice([0, 0, 1]))}
                       for fields in told]
        outlet = rnd.choice(OUTLETS)
        reports.append(Report(id=f"t{i}", text=text, source=outlet, url=f"https://example.org/{i}",
                              title=f"Title {i}", published=dt.date(2024, 4, 20)))
    return reports, TableCoder(table)


class Served:
    """The store and a real server over it."""

    def __init__(self, url: str, client: httpx.Client, db: str):
        self.url, self.client, self.db = url, client, db

    def store(self) -> Store:
        return open_store(self.db)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    db = str(tmp_path_factory.mktemp("api-sql") / "cw.db") if request.param == "sqlite" else fresh_pg_url(PG_SCHEMA)
    reports, coder = synthetic_reports()
    with open_store(db) as store:
        summary = run.ingest(store, reports, coder=coder, user="test")
        assert summary.added == len(reports) and not summary.failures
        events = store.events()
        assert any(len(e.sources) > 2 for e in events), "the table should give events with several sources"
        for e in events[3:6]:
            store.review(e.id, reject=True, user="test")
        store.review(events[8].id, {"fatalities": "40"}, user="test")
        # a coordinate no longer accepted, stored as an old edit would have stored it
        store.db.execute("INSERT INTO edits (event_id, field, value, analyst, at) VALUES (?, 'longitude', 'inf', 't', 'x')",
                         (events[10].id,))
        store.resolve(user="test")
        # the store leaves that edit out (it is kept in the log); a row written before the checks can still hold one
        store.db.execute("UPDATE events SET longitude = ? WHERE id = ?", (float("inf"), events[10].id))
        store.db.execute("UPDATE events SET latitude = ? WHERE id = ?", (float("nan"), events[11].id))
    settings = ServeSettings(db=db, port=0, token=TOKEN)
    with running_server(settings) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield Served(url, client, db)


def strict_json(text: str) -> Any:
    """Parse as JSON proper: Infinity and NaN are not JSON (Python's reader would take them)."""

    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in a JSON answer")

    return json.loads(text, parse_constant=refuse)


def as_sent(value: Any) -> Any:
    """What a value looks like after the API's JSON: non-finite numbers are null."""
    return json.loads(json_bytes(value))


# -- the old way, as oracles -------------------------------------------------------------------------

def events_the_old_way(store: Store, base: EventFilter, sub_type: str | None = None,
                       source_kind: str | None = None) -> list[StoredEvent]:
    found = store.events(base)
    if sub_type:
        found = [s for s in found if (s.event.sub_event_type or "").lower() == sub_type.lower()]
    if source_kind:
        found = [s for s in found if any(src.source_kind.lower() == source_kind.lower() for src in s.sources)]
    return found


def stats_the_old_way(store: Store, base: EventFilter, top: int) -> dict[str, Any]:
    by_week: Counter[str] = Counter()
    by_type: Counter[str] = Counter()
    by_actor: Counter[str] = Counter()
    by_place: Counter[str] = Counter()
    found = store.events(base)
    for s in found:
        e = s.event
        if e.event_date:
            year, week, _ = e.event_date.isocalendar()
            by_week[f"{year}-W{week:02d}"] += 1
        else:
            by_week["undated"] += 1
        by_type[f"{e.event_type} / {e.sub_event_type}"] += 1
        for actor in (e.actor1, e.actor2) if e.actor1 != e.actor2 else (e.actor1,):
            if actor is not None:
                by_actor[actor] += 1
        by_place[", ".join(x for x in (e.location, e.admin1, e.country) if x) or "unknown"] += 1
    reports = Counter(r["status"] for r in store.db.query("SELECT status FROM reports"))
    return {"events": len(found), "fatalities": sum(s.event.fatalities for s in found), "reports": dict(sorted(reports.items())),
            "by_week": dict(sorted(by_week.items())), "by_type": dict(by_type.most_common(top)),
            "by_actor": dict(by_actor.most_common(top)), "by_place": dict(by_place.most_common(top))}


FILTERS: list[dict[str, str]] = [
    {}, {"country": "syria"}, {"admin1": "MOPTI"}, {"type": "Battles"}, {"type": "attack"}, {"sub_type": "peaceful protest"},
    {"source_kind": "news"}, {"source_kind": "NGO"}, {"actor": "brigade"}, {"actor": "100%"}, {"source": "wire_a"},
    {"since": "2024-03-20"}, {"until": "2024-03-10"}, {"since": "2024-03-05", "until": "2024-03-25", "country": "Mali"},
    {"include_rejected": "true"}, {"include_rejected": "true", "type": "Riots", "source_kind": "party statement"},
]


def as_filter(params: dict[str, str]) -> tuple[EventFilter, str | None, str | None]:
    since, until = params.get("since"), params.get("until")
    base = EventFilter(params.get("country"), params.get("admin1"), dt.date.fromisoformat(since) if since else None,
                       dt.date.fromisoformat(until) if until else None, params.get("type"), params.get("actor"),
                       params.get("source"), params.get("include_rejected") == "true")
    return base, params.get("sub_type"), params.get("source_kind")


@pytest.mark.parametrize("params", FILTERS, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()) or "all")
def test_pages_are_the_old_slices(served: Served, params: dict[str, str]) -> None:
    base, sub_type, source_kind = as_filter(params)
    with served.store() as store:
        expected = [as_sent(s.to_dict()) for s in events_the_old_way(store, base, sub_type, source_kind)]
    if params in ({}, {"include_rejected": "true"}):
        assert len(expected) > 40
    got = []
    for offset in range(0, len(expected) + 14, 7):
        page = served.client.get("/api/events", params={**params, "limit": 7, "offset": offset})
        body = strict_json(page.text)
        assert body["total"] == len(expected) and body["limit"] == 7 and body["offset"] == offset
        assert body["events"] == expected[offset:offset + 7]
        got.extend(body["events"])
    assert got == expected


@pytest.mark.parametrize("params", [p for p in FILTERS if "sub_type" not in p and "source_kind" not in p],
                         ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()) or "all")
@pytest.mark.parametrize("top", [3, 100])
def test_stats_are_the_old_counts(served: Served, params: dict[str, str], top: int) -> None:
    base, _, _ = as_filter(params)
    with served.store() as store:
        expected = stats_the_old_way(store, base, top)
    got = strict_json(served.client.get("/api/stats", params={**params, "top": top}).text)
    assert set(got) == set(expected)
    for key in ("events", "fatalities", "reports", "by_week", "by_type", "by_place"):
        assert got[key] == expected[key], key
        if isinstance(expected[key], dict):
            assert list(got[key]) == list(expected[key]), key  # the same order too
    # the old order among actors first seen in the same event followed a set's order; counts must agree
    assert sorted(got["by_actor"].values(), reverse=True) == list(expected["by_actor"].values())
    if top == 100:
        assert got["by_actor"] == expected["by_actor"]


# -- finite JSON and range-checked edits ---------------------------------------------------------------

def test_answers_are_finite_json_with_non_finite_numbers_stored(served: Served) -> None:
    with served.store() as store:
        [odd] = [e for e in store.events() if e.event.longitude == float("inf")]
    for path in ("/api/events.geojson", f"/api/events/{odd.id}", "/api/stats", "/api/reports",
                 f"/api/reports/{odd.sources[0].report_id}"):
        response = served.client.get(path)
        assert response.status_code == 200, (path, response.text)
        strict_json(response.text)
    features = {f["id"]: f for f in strict_json(served.client.get("/api/events.geojson").text)["features"]}
    assert features[odd.id]["geometry"] is None  # no point on the map rather than an unreadable answer
    assert sum(f["geometry"] is None for f in features.values()) <= 2
    detail = strict_json(served.client.get(f"/api/events/{odd.id}").text)
    assert detail["longitude"] is None and detail["latitude"] == pytest.approx(odd.event.latitude)
    total = strict_json(served.client.get("/api/events", params={"limit": 1}).text)["total"]
    events = [e for offset in range(0, total, 1000)
              for e in strict_json(served.client.get("/api/events", params={"limit": 1000, "offset": offset}).text)["events"]]
    assert odd.id in {e["event_id"] for e in events}


@pytest.mark.parametrize(("fields", "named"), [
    ('{"longitude": Infinity}', "longitude"), ('{"longitude": -Infinity}', "longitude"), ('{"latitude": NaN}', "latitude"),
    ('{"longitude": "inf"}', "longitude"), ('{"latitude": "nan"}', "latitude"), ('{"latitude": 999}', "latitude"),
    ('{"latitude": -90.5}', "latitude"), ('{"longitude": 180.01}', "longitude"), ('{"fatalities": -5}', "fatalities"),
    ('{"fatalities": 1e20}', "fatalities"), ('{"fatalities": 100000000000000000000}', "fatalities"),
    ('{"fatalities": "100000000000000000000"}', "fatalities"), ('{"geo_precision": 99999999999999}', "geo_precision"),
    ('{"fatalities": true}', "fatalities"), ('{"fatalities": 3, "latitude": 91}', "latitude"),
])
def test_impossible_edits_are_refused_and_nothing_is_written(served: Served, fields: str, named: str) -> None:
    with served.store() as store:
        target = store.events()[0]
        edits_before = store.db.scalar("SELECT COUNT(*) FROM edits")
    response = served.client.patch(f"/api/events/{target.id}/review", content=f'{{"fields": {fields}}}',
                                   headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    error = strict_json(response.text)["error"]
    assert error["code"] == "CW404" and error["status"] == 422
    assert error["message"].startswith(named + "=")
    with served.store() as store:
        assert store.db.scalar("SELECT COUNT(*) FROM edits") == edits_before
        assert store.event(target.id) == target


def test_a_verdict_with_an_impossible_field_is_refused_whole(served: Served) -> None:
    with served.store() as store:
        target = store.events()[0]
    body = '{"verdict": "accept", "fields": {"longitude": Infinity}}'
    response = served.client.post(f"/api/events/{target.id}/review", content=body,
                                  headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 422 and strict_json(response.text)["error"]["code"] == "CW404"
    with served.store() as store:
        assert store.event(target.id).status == target.status  # not accepted either


def test_edits_at_the_limits_are_taken(served: Served) -> None:
    with served.store() as store:
        target = store.events()[1]
    response = served.client.patch(f"/api/events/{target.id}/review", headers=AUTH,
                                   json={"fields": {"latitude": -90, "longitude": 180.0, "fatalities": 0}})
    assert response.status_code == 200, response.text
    body = strict_json(response.text)
    assert (body["latitude"], body["longitude"], body["fatalities"]) == (-90, 180, 0)


# -- text filters are literal ---------------------------------------------------------------------------

@pytest.mark.parametrize(("param", "needle"), [("actor", "100%"), ("actor", "_"), ("actor", "front_of"), ("actor", "%"),
                                               ("source", "wire_a"), ("source", "100%"), ("source", "_")])
def test_text_filters_match_literally(served: Served, param: str, needle: str) -> None:
    with served.store() as store:
        every = store.events()

    def haystack(s: StoredEvent) -> list[str]:
        e = s.event
        if param == "actor":
            return ["|".join(x or "" for x in (e.actor1, e.actor2, e.assoc_actor_1, e.assoc_actor_2))]
        return ["|".join((src.outlet or "", src.url or "", src.report_id)) for src in s.sources]

    expected = [s.id for s in every if any(needle.lower() in h.lower() for h in haystack(s))]
    body = strict_json(served.client.get("/api/events", params={param: needle, "limit": 1000}).text)
    assert [e["event_id"] for e in body["events"]] == expected
    assert 0 < len(expected) < len(every)  # the wildcard reading would have matched more (or everything)


def test_store_filters_are_literal_too(served: Served) -> None:
    with served.store() as store:
        wild = store.events(EventFilter(actor="brigade 100%"))
        assert {e.event.actor1 for e in wild} | {e.event.actor2 for e in wild} >= {"Brigade 100%"}
        assert all("Brigade 100%" in (e.event.actor1, e.event.actor2) for e in wild)
        assert store.count_events(EventFilter(actor="brigade 100%")) == len(wild)
        assert store.events(EventFilter(source="wire\\")) == []  # a backslash is a character, not an escape


# -- body limits before authentication (raw socket, real server) -----------------------------------------

def _read_response(sock: socket.socket, deadline: float) -> tuple[bytes, bool]:
    """Everything the server sends until it closes the connection (or the deadline); and whether it closed."""
    data = b""
    while time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
        except TimeoutError:
            continue
        except ConnectionResetError:
            return data, True
        if not chunk:
            return data, True
        data += chunk
    return data, False


def _status_and_json(raw: bytes) -> tuple[int, dict[str, Any]]:
    head, _, body = raw.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), strict_json(body.decode())


def _port(url: str) -> int:
    return int(url.rstrip("/").rsplit(":", 1)[1])


@pytest.mark.parametrize("token", [None, "wrong", TOKEN])
def test_a_huge_declared_body_is_refused_unread(served: Served, token: str | None) -> None:
    with socket.create_connection(("127.0.0.1", _port(served.url)), timeout=0.5) as sock:
        auth = f"Authorization: Bearer {token}\r\n" if token else ""
        sock.sendall(f"PATCH /api/events/ev-x/review HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                     f"{auth}Content-Length: {100 * 2**20}\r\n\r\n".encode() + b'{"fields": {"notes": "' + b"x" * 1000)
        raw, closed = _read_response(sock, time.monotonic() + 20)
    status, body = _status_and_json(raw)
    assert status == 413 and body["error"]["code"] == "CW706" and body["error"]["status"] == 413
    assert "1,048,576" in body["error"]["message"]
    assert closed  # answered and hung up with 1 KB of the 100 MB sent: the rest was never waited for


def test_a_chunked_body_is_cut_off_at_the_limit(served: Served) -> None:
    with socket.create_connection(("127.0.0.1", _port(served.url)), timeout=0.5) as sock:
        sock.sendall(b"PATCH /api/events/ev-x/review HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n")
        for _ in range(16):  # 1 MiB, the limit, then one byte more
            sock.sendall(b"10000\r\n" + b" " * 0x10000 + b"\r\n")
        sock.sendall(b"1\r\n \r\n")
        raw, closed = _read_response(sock, time.monotonic() + 20)
        status, body = _status_and_json(raw)
        assert status == 413 and body["error"]["code"] == "CW706"
        assert closed
        with pytest.raises(OSError):  # nobody reads the other 99 MB
            for _ in range(100):
                sock.sendall(b"10000\r\n" + b" " * 0x10000 + b"\r\n")
                time.sleep(0.001)


def test_bodies_under_the_limit_still_meet_the_token_check(served: Served) -> None:
    with served.store() as store:
        target = store.events()[2]
    padded = '{"verdict": "accept", "analyst": "pad"}' + " " * 500_000
    no_token = served.client.post(f"/api/events/{target.id}/review", content=padded,
                                  headers={"Content-Type": "application/json"})
    assert no_token.status_code == 401 and strict_json(no_token.text)["error"]["code"] == "CW703"
    accepted = served.client.post(f"/api/events/{target.id}/review", content=padded,
                                  headers={**AUTH, "Content-Type": "application/json"})
    assert accepted.status_code == 200 and strict_json(accepted.text)["status"] == "accepted"


def test_the_limit_is_a_setting(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="max_body"):
        ServeSettings(max_body=10)
    db = str(tmp_path / "empty.db")
    open_store(db).close()
    with running_server(ServeSettings(db=db, port=0, max_body=2048)) as url:
        small = httpx.post(url + "api/events/ev-x/review", content=b"{" + b" " * 3000 + b"}",
                           headers={"Content-Type": "application/json"})
    assert small.status_code == 413 and small.json()["error"]["code"] == "CW706"


def test_pages_counts_and_stats_read_indexes_on_sqlite(tmp_path: Path) -> None:
    """Every pass over the events that a page, a count or the stats make walks an index, not the
    table (on SQLite, where the plan does not depend on table statistics)."""
    with open_store(str(tmp_path / "plans.db")) as store:
        seen: list[tuple[str, Any]] = []
        run = store.db._run

        def recording(sql: str, params: Any) -> Any:
            seen.append((sql, params))
            return run(sql, params)

        store.db._run = recording  # type: ignore[method-assign]
        store.events(limit=100, offset=500)
        store.events(EventFilter(country="Mali", event_type="Battles"), limit=10)
        store.count_events()
        store.count_events(EventFilter(actor="front", since=dt.date(2024, 3, 1)))
        store.stats()
        store.db._run = run  # type: ignore[method-assign]
        assert len(seen) == 6
        for sql, params in seen:
            plan = [r["detail"] for r in store.db.query("EXPLAIN QUERY PLAN " + sql, params)]
            scans = [step for step in plan if step.split(" ")[:2] in (["SCAN", "e"], ["SEARCH", "e"], ["SCAN", "reports"])]
            assert scans, (sql, plan)  # (derived tables, "SCAN g", are the few rows already grouped)
            assert all(" USING " in step and "INDEX" in step for step in scans), (sql, plan)
            if "'w' AS dim" in sql:  # each grouping walks its groups in index order; only place names are sorted
                assert plan.count("USE TEMP B-TREE FOR GROUP BY") == 1, plan
