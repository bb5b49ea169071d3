"""The API's cached reads stay exact: totals, bookmarks and stats are kept per data version, and every
committed write moves the version — through the API, through the store in another connection, or as
plain SQL from another tool — on SQLite and on PostgreSQL, over real HTTP; pages cut at bookmarks are
the offset slices, undated events included; ``serve --workers 2`` answers from two processes that
each see the other's writes at once.

The oracles read the store afresh (a new connection, nothing cached): the counts and pages of
:meth:`Store.events` and :meth:`Store.stats`.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import fresh_pg_url
from test_api_sql import as_sent, strict_json, synthetic_reports

from conflictwatch import run
from conflictwatch.api import ServeSettings
from conflictwatch.api.server import free_port, running_server
from conflictwatch.api.views import json_bytes
from conflictwatch.records import Report
from conflictwatch.store import EventFilter, open_store
from conflictwatch.store.pages import page_dicts, page_ids, walk
from conflictwatch.store.versions import data_version, install

PG_SCHEMA = "cw_api_reads_test"
TOKEN = "reads-test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
FILTERS: list[dict[str, str]] = [{}, {"country": "syria"}, {"type": "Battles"}, {"source_kind": "NGO"}, {"source": "wire_a"},
                                 {"include_rejected": "true"}]


def _filter(params: dict[str, str]) -> EventFilter:
    return EventFilter(country=params.get("country"), event_type=params.get("type"), source=params.get("source"),
                       source_kind=params.get("source_kind"), include_rejected=params.get("include_rejected") == "true")


def fill(db: str, n_reports: int = 120, seed: int = 13) -> Any:
    reports, coder = synthetic_reports(n_reports, seed)
    with open_store(db) as store:
        summary = run.ingest(store, reports, coder=coder, user="test")
        assert summary.added == n_reports and not summary.failures
    return coder


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return str(tmp_path / "cw.db") if request.param == "sqlite" else fresh_pg_url(PG_SCHEMA)


def expected(db: str, params: dict[str, str]) -> tuple[int, list[dict[str, Any]], dict[str, Any]]:
    """Total, every event (as the API sends it) and stats, read afresh."""
    with open_store(db) as store:
        found = store.events(_filter(params))
        stats = store.stats(_filter({k: v for k, v in params.items() if k != "source_kind"}), top=5) \
            if "source_kind" not in params else {}
    return len(found), [as_sent(s.to_dict()) for s in found], as_sent(stats)


def assert_answers_match(client: httpx.Client, db: str) -> None:
    for params in FILTERS:
        total, events, stats = expected(db, params)
        for offset in (0, 5, max(0, total - 3)):
            body = strict_json(client.get("/api/events", params={**params, "limit": 4, "offset": offset}).text)
            assert body["total"] == total, params
            assert body["events"] == events[offset:offset + 4], (params, offset)
        if stats:
            assert strict_json(client.get("/api/stats", params={**params, "top": 5}).text) == stats, params


def test_cached_totals_pages_and_stats_follow_every_committed_write(db: str) -> None:
    coder = fill(db)
    with running_server(ServeSettings(db=db, port=0, token=TOKEN)) as url, httpx.Client(base_url=url, timeout=30) as client:
        assert_answers_match(client, db)  # computed and cached
        before = client.get("/api/events", params={"limit": 1}).json()["total"]
        assert_answers_match(client, db)  # from the cache: still the same

        # 1. a review through the API: the rejected event leaves the totals and the stats
        first = client.get("/api/events", params={"limit": 1}).json()["events"][0]
        stats_before = client.get("/api/stats").json()
        assert client.post(f"/api/events/{first['event_id']}/review", json={"verdict": "reject"}, headers=AUTH).status_code == 200
        assert client.get("/api/events", params={"limit": 1}).json()["total"] == before - 1
        assert client.get("/api/stats").json()["events"] == stats_before["events"] - 1
        assert_answers_match(client, db)

        # 2. a batch ingested by another connection (as `conflictwatch ingest` beside the server)
        more, more_coder = synthetic_reports(30, seed=99)
        more = [Report(id=f"m{i}", text="More: " + r.text, source=r.source, url=f"https://example.org/more/{i}",
                       title=r.title, published=r.published) for i, r in enumerate(more)]
        coder.table.update({r.text: more_coder.table[r.text[len("More: "):]] for r in more})
        with open_store(db) as store:
            assert run.ingest(store, more, coder=coder, user="test").added == len(more)
        assert client.get("/api/events", params={"limit": 1}).json()["total"] > before - 1
        assert client.get("/api/stats").json()["reports"]["coded"] == 150
        assert_answers_match(client, db)

        # 3. plain SQL from another tool, past the store's write paths: an event moves country, an
        #    undated one appears at the head (SQLite) or the tail (PostgreSQL) of the list
        with open_store(db) as store:
            syrian = store.events(EventFilter(country="Syria"))[0]
            store.db.execute("UPDATE events SET country = 'Iraq' WHERE id = ?", (syrian.id,))
            store.db.execute("UPDATE events SET event_date = NULL WHERE id = ?", (store.events()[7].id,))
        assert syrian.id not in [e["event_id"] for e in client.get("/api/events", params={"country": "syria",
                                                                                          "limit": 1000}).json()["events"]]
        assert_answers_match(client, db)


def test_the_data_version_moves_with_each_commit_and_only_then(db: str) -> None:
    fill(db, 20)
    with open_store(db) as store:
        install(store.db)
        install(store.db)  # once is enough: the second is a no-op
        v0 = data_version(store.db)
        store.events()
        store.stats()
        assert data_version(store.db) == v0  # reads move nothing
        event = store.events()[0]
        store.review(event.id, {"fatalities": "7"}, user="test")
        v1 = data_version(store.db)
        assert v1 > v0
        with pytest.raises(RuntimeError), store.db.transaction():
            store.db.execute("UPDATE events SET fatalities = 99 WHERE id = ?", (event.id,))
            raise RuntimeError("rolled back")
        assert data_version(store.db) == v1  # a rolled-back write is no new version
        with store.db.snapshot():
            seen = data_version(store.db)
            with open_store(db) as other:  # another connection commits meanwhile
                other.db.execute("UPDATE reports SET title = 'x' WHERE id = (SELECT MIN(id) FROM reports)")
            assert data_version(store.db) == seen  # the snapshot holds its version
        assert data_version(store.db) > seen


@pytest.mark.parametrize("step", [1, 3, 8])
def test_pages_cut_at_bookmarks_are_the_offset_slices(db: str, step: int) -> None:
    fill(db, 80)
    with open_store(db) as store:
        undated = [e.id for e in store.events()[10:14]]
        for event_id in undated:  # a run of undated events, longer than a step
            store.db.execute("UPDATE events SET event_date = NULL WHERE id = ?", (event_id,))
        for params in FILTERS:
            wanted = _filter(params)
            every = [e.id for e in store.events(wanted)]
            with store.db.snapshot():
                listing = walk(store.db, wanted, step)
                assert listing.total == len(every)
                assert [r.dated for r in listing.runs] == ([False, True] if store.db.dialect == "sqlite" else [True, False])
                for limit in (1, 2, 5, 50):
                    for offset in range(0, len(every) + 3):
                        assert page_ids(store.db, wanted, listing, limit, offset) == every[offset:offset + limit], \
                            (params, limit, offset)
        assert any(e.event.event_date is None for e in store.events())


def _processes_below(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(stat.parent.name))
    out, todo = [], list(children.get(pid, []))
    while todo:
        out.append(current := todo.pop())
        todo.extend(children.get(current, []))
    return out


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="counts worker processes in /proc")
def test_serve_with_two_workers_answers_exactly_from_both(tmp_path: Path) -> None:
    db = str(tmp_path / "cw.db")
    fill(db, 40)
    port = free_port()
    exe = Path(sys.executable).with_name("conflictwatch")
    proc = subprocess.Popen([str(exe), "serve", "--db", db, "--port", str(port), "--workers", "2", "--token", TOKEN],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/api/config", timeout=2).raise_for_status()
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()[1]
                time.sleep(0.2)
        pythons = [p for p in _processes_below(proc.pid) if "conflictwatch" in Path(f"/proc/{p}/cmdline").read_text()
                   or "multiprocessing" in Path(f"/proc/{p}/cmdline").read_text()]
        assert len(pythons) >= 2, pythons
        # new connections land on either worker: each answer must see every write before it
        target = httpx.get(base + "/api/events", params={"limit": 1}).json()["events"][0]["event_id"]
        for i in range(6):
            with httpx.Client(base_url=base, timeout=30) as client:  # a new connection each round
                client.patch(f"/api/events/{target}/review", json={"fields": {"fatalities": 10 + i}},
                             headers=AUTH).raise_for_status()
            for _ in range(3):
                with httpx.Client(base_url=base, timeout=30) as client:
                    assert client.get("/api/stats").json() == as_sent(_stats(db))
                    page = client.get("/api/events", params={"limit": 1000}).json()
                    assert next(e for e in page["events"] if e["event_id"] == target)["fatalities"] == 10 + i
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert "2 worker processes" in err


def _stats(db: str) -> dict[str, Any]:
    with open_store(db) as store:
        return json.loads(json.dumps(store.stats()))


def test_workers_default_to_the_cores() -> None:
    assert ServeSettings().worker_count() >= 1
    assert ServeSettings(workers=3).worker_count() == 3
    with pytest.raises(ValueError, match="workers"):
        ServeSettings(workers=-1)
    settings = ServeSettings(db="x.db", cors_origin=("https://a.example",), workers=2, max_page=50)
    assert ServeSettings.from_mapping(json.loads(json.dumps(settings.as_mapping()))) == settings


def test_a_page_built_from_rows_is_byte_for_byte_the_stored_events(db: str) -> None:
    coder = fill(db, 90)
    with open_store(db) as store:
        events = store.events()
        store.review(events[2].id, reject=True, user="test")
        store.review(events[3].id, {"fatalities": "40", "notes": "checked by phone"}, user="test")
        store.review(events[4].id, accept=True, user="test")
        # the same text from a second outlet under another key: the report gets two keys and outlets
        told = next(r for r in synthetic_reports(90)[0] if r.text in coder.table)
        again = Report(id="t-again", text=told.text, source="Second Outlet", url="https://second.example/1",
                       title=told.title, published=told.published)
        run.ingest(store, [again], coder=coder, user="test")
        store.db.execute("UPDATE events SET event_date = NULL WHERE id = ?", (events[9].id,))
        store.db.execute("UPDATE events SET longitude = ?, latitude = ? WHERE id = ?", (float("inf"), float("nan"),
                                                                                          events[11].id))
        everything = store.events(EventFilter(include_rejected=True))
        assert any(len(s.outlets) > 1 for e in everything for s in e.sources)
        assert any(e.edited for e in everything) and any(e.status == "rejected" for e in everything)
        ids = [e.id for e in everything]
        with store.db.snapshot():
            assert json_bytes(page_dicts(store.db, ids)) == json_bytes([e.to_dict() for e in everything])
            assert json_bytes(page_dicts(store.db, ids[5:9])) == json_bytes([e.to_dict() for e in everything[5:9]])


def test_the_version_cache_computes_once_and_forgets_on_a_new_version() -> None:
    import threading

    from conflictwatch.api.reads import VersionCache

    cache = VersionCache(size=2)
    calls: list[str] = []
    gate = threading.Event()

    def slow() -> str:
        calls.append("slow")
        gate.wait(5)
        return "answer at 7"

    threads = [threading.Thread(target=lambda: cache.get(7, "k", slow)) for _ in range(5)]
    for t in threads:
        t.start()
    time.sleep(0.2)
    gate.set()
    for t in threads:
        t.join()
    assert calls == ["slow"]  # five requests at once, one computation
    assert cache.get(7, "k", lambda: "recomputed") == "answer at 7"
    assert cache.get(6, "k", lambda: "older snapshot") == "older snapshot"  # answered, not kept
    assert cache.get(7, "k", lambda: "recomputed") == "answer at 7"
    assert cache.get(8, "k", lambda: "answer at 8") == "answer at 8"  # a write: everything computed anew
    assert cache.get(8, "k", lambda: "recomputed") == "answer at 8"
    for key in ("a", "b"):  # at most two kept, least recently used out first
        cache.get(8, key, lambda key=key: key)
    assert cache.get(8, "k", lambda: "evicted") == "evicted"
