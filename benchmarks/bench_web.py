"""Speed of the analyst's desk in headless Chromium: first draw, a filter change and a text search.

Builds a SQLite store of N synthetic events and serves it on 127.0.0.1. With ``--ingest`` the reports
go through ``Store.ingest`` with a synthetic coder (the whole write path with dedup; slow past ~20,000);
by default the same synthetic events are written straight into the store's tables in one transaction,
so 100,000 events take seconds to build — the API and the page are the real ones either way.

Measures, against budgets (exit 1 when any is exceeded):

* first draw: from navigation until every event is on the map (clustered), the list and the timeline
  are drawn (cold, the first load after the server started, and the median of later loads); 3 s;
* filter change: from choosing an event type until the map, list and timeline show the new set; 0.5 s;
* search: ``/api/search`` answering a word of the reports, over HTTP on loopback (median); 0.2 s.

    .venv/bin/python benchmarks/bench_web.py [--events 100000] [--screenshot out.png]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
TYPES = [("Battles", "Armed clash", "Political violence"),
         ("Explosions/Remote violence", "Shelling/artillery/missile attack", "Political violence"),
         ("Explosions/Remote violence", "Air/drone strike", "Political violence"),
         ("Violence against civilians", "Attack", "Political violence"),
         ("Protests", "Peaceful protest", "Demonstrations"), ("Riots", "Mob violence", "Demonstrations"),
         ("Strategic developments", "Looting/property destruction", "Strategic developments")]
PLACES = [("Syria", "Aleppo", 36.2, 37.15), ("Syria", "Idleb", 35.93, 36.63), ("Syria", "Deir-ez-Zor", 35.33, 40.14),
          ("Syria", "Al Hasakeh", 36.5, 40.75), ("Iraq", "Ninewa", 36.34, 43.13), ("Iraq", "Baghdad", 33.31, 44.37),
          ("Yemen", "Taizz", 13.58, 44.02), ("Libya", "Tripoli", 32.89, 13.19), ("Sudan", "Khartoum", 15.5, 32.56),
          ("Ukraine", "Donetsk", 48.0, 37.8), ("Mali", "Mopti", 14.49, -4.2), ("Somalia", "Banadir", 2.04, 45.34)]
ACTORS = ["Military Forces of Syria (2000-)", "QSD: Syrian Democratic Forces", "Islamic State (Syria)",
          "HTS: Hayat Tahrir al Sham", "Military Forces of Iraq (2022-)", "Houthi Movement", "Civilians (Syria)",
          "Protesters (Iraq)", "Unidentified Armed Group (Syria)", "Al Shabaab", "JNIM: Group for Support of Islam and Muslims"]


class SyntheticCoder:
    """Codes each synthetic report into one event drawn from its seeded random numbers."""

    version = "bench-synthetic/1"

    def __init__(self, seed: int):
        self.rnd = random.Random(seed)

    def code(self, report):  # noqa: ANN001, ANN201 - the coder protocol of Store.ingest
        from conflictwatch.records import Event, Span

        r = self.rnd
        etype, sub, disorder = r.choice(TYPES)
        country, admin1, lat, lon = r.choice(PLACES)
        day = dt.date(2020, 1, 1) + dt.timedelta(days=r.randrange(730))
        return [Event(doc_id=report.id, event_id="cw-" + report.id[2:], event_date=day, time_precision=1,
                      disorder_type=disorder, event_type=etype, sub_event_type=sub, actor1=r.choice(ACTORS),
                      assoc_actor_1=None, inter1=1, actor2=r.choice(ACTORS), assoc_actor_2=None, inter2=2, interaction=12,
                      country=country, admin1=admin1, admin2=None, admin3=None, location=f"{admin1} {r.randrange(90)}",
                      latitude=round(lat + r.uniform(-1.5, 1.5), 4), longitude=round(lon + r.uniform(-1.5, 1.5), 4),
                      geo_precision=2, fatalities=r.choice([0, 0, 0, 1, 2, 3, 5, 8, 13, 40]),
                      source_kind=r.choice(["news", "news", "party statement", "NGO"]),
                      evidence={"event_type": (Span(0, 10),)})]


def synthetic_text(i: int, seed: int) -> str:
    # a rare word (one report in 1000 holds "zonebeta17") and a common one, for the search benchmark
    return f"Synthetic report number {i}: an incident near zone{_GREEK[i % 7]}{i % 143} (seed {seed})."


_GREEK = ("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta")


def bulk_store(path: Path, n: int, seed: int) -> tuple[int, float]:
    """Write ``n`` synthetic reports, each coded into one event, straight into the store's tables (one
    transaction, the store's own row mapping); returns the number of events and the seconds taken."""
    import hashlib

    from conflictwatch.records import Report
    from conflictwatch.store import open_store
    from conflictwatch.store.records import EVENT_COLUMNS, event_row
    from conflictwatch.store.schema import now

    started = time.perf_counter()
    coder = SyntheticCoder(seed)
    stamp = now()
    reports, accounts, events, links, spans, audit = [], [], [], [], [], []
    for i in range(n):
        text = synthetic_text(i, seed)
        digest = hashlib.sha256(text.encode()).hexdigest()
        rid, eid = "r-" + digest[:16], "ev-" + digest[16:32]
        [event] = coder.code(Report(id=rid, text=text))
        row = event_row(event)
        reports.append((rid, digest, text, "bench", None, None, "2022-01-01", None, "en", "coded", None, coder.version,
                        stamp, i + 1))
        accounts.append((event.event_id, rid, 0, *row.values(), "[]"))
        events.append((eid, event.event_id, *row.values(), event.fatalities, event.fatalities, "machine", 1, stamp, stamp))
        links.append((eid, event.event_id, rid))
        spans.append((event.event_id, "event_type", 0, 10))
        audit.append((stamp, "bench", "create", "event", eid, "{}"))
    cols = ", ".join(EVENT_COLUMNS)
    marks = ", ".join("?" for _ in EVENT_COLUMNS)
    with open_store(str(path)) as store, store.db.transaction():
        db = store.db
        db.executemany("INSERT INTO reports (id, content_hash, text, outlet, url, title, published, fetched_at, language,"
                       " status, origin, coder_version, ingested_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       reports)
        db.executemany(f"INSERT INTO coded_events (id, report_id, position, {cols}, places_mentioned)"
                       f" VALUES (?, ?, ?, {marks}, ?)", accounts)
        db.executemany(f"INSERT INTO events (id, anchor, {cols}, fatalities_low, fatalities_high, status, n_sources,"
                       f" created_at, updated_at) VALUES (?, ?, {marks}, ?, ?, ?, ?, ?, ?)", events)
        db.executemany("INSERT INTO event_sources (event_id, coded_event_id, report_id) VALUES (?, ?, ?)", links)
        db.executemany("INSERT INTO evidence (coded_event_id, field, span_start, span_end) VALUES (?, ?, ?, ?)", spans)
        db.executemany("INSERT INTO audit_log (at, actor, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
                       audit)
    return n, time.perf_counter() - started


def build_store(path: Path, n: int, seed: int) -> tuple[int, float]:
    """Ingest synthetic reports until the store holds at least ``n`` events (dedup merges a few
    look-alikes); returns the number of events and the seconds taken."""
    from conflictwatch import run
    from conflictwatch.records import Report
    from conflictwatch.store import open_store

    started = time.perf_counter()
    coder = SyntheticCoder(seed)
    total, made = 0, 0
    with open_store(str(path)) as store:
        while total < n:
            batch = range(made, made + (n - total) + 10)
            made = batch.stop
            reports = (Report(id=f"synthetic-{i}", text=synthetic_text(i, seed),
                              published=dt.date(2022, 1, 1), source="bench") for i in batch)
            total = run.ingest(store, reports, coder=coder, user="bench").events_total
    return total, time.perf_counter() - started


def uncached_geojson(db: Path) -> float:
    from conflictwatch.api.views import EventQuery, event_feature, find_events
    from conflictwatch.store import EventFilter, open_store

    started = time.perf_counter()
    with open_store(str(db)) as store:
        json.dumps([event_feature(s) for s in find_events(store, EventQuery(EventFilter()))])
    return time.perf_counter() - started


def measure(url: str, n: int, screenshot: str | None) -> tuple[float, float | None]:
    """(seconds to the first complete draw, seconds for a filter change; None when not measured)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(url + "static/vendor/VERSIONS.txt")  # warm the connection, not the page's cache
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_selector(f"body[data-ready='1'][data-drawn='{n}']", state="attached", timeout=120_000)
        elapsed = time.perf_counter() - started
        steps = page.evaluate("window.cwDesk.timings")
        ordered = sorted(steps.items(), key=lambda kv: kv[1])
        print("  page steps (ms since navigation): " + ", ".join(f"{k} {v}" for k, v in ordered))
        changes, walls = [], []
        for event_type in ("Battles", "Protests", ""):  # narrow, switch, back to every event
            started = time.perf_counter()
            page.evaluate("() => { document.body.dataset.filterMs = ''; }")
            expected = page.evaluate(
                """(t) => { const s = document.getElementById('f-type'); s.value = t;
                             s.dispatchEvent(new Event('change')); return window.cwDesk.state.view.length; }""",
                event_type)
            page.wait_for_selector(f"body[data-drawn='{expected}']:not([data-filter-ms=''])", state="attached",
                                   timeout=60_000)
            walls.append(time.perf_counter() - started)
            # in the page: from the change until map, list and timeline are redrawn and painted
            changes.append(int(page.evaluate("() => document.body.dataset.filterMs")) / 1000)
        print("  filter changes, painted (s): " + ", ".join(f"{t:.2f}" for t in changes)
              + "; with the test driver's round trips: " + ", ".join(f"{t:.2f}" for t in walls))
        if screenshot:
            page.screenshot(path=screenshot)
        browser.close()
    return elapsed, max(changes)


def measure_search(url: str, runs: int = 7) -> tuple[float, int]:
    """The median seconds /api/search takes to answer a rare word of the reports, and its hits."""
    import httpx

    with httpx.Client(timeout=60) as client:
        client.get(url + "api/search", params={"q": "warm-up"})  # the index is built at start-up or here
        times, hits = [], 0
        for i in range(runs):
            t0 = time.perf_counter()
            found = client.get(url + "api/search", params={"q": f"zonebeta{(i * 7) % 143}"}).json()
            times.append(time.perf_counter() - t0)
            hits = found["total"]
    return sorted(times)[len(times) // 2], hits


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--ingest", action="store_true", help="Build the store through Store.ingest (slow).")
    parser.add_argument("--budget", type=float, default=3.0, help="Seconds the first draw may take.")
    parser.add_argument("--filter-budget", type=float, default=0.5, help="Seconds a filter change may take.")
    parser.add_argument("--search-budget", type=float, default=0.2, help="Seconds /api/search may take.")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=3, help="Page loads to time; the median is reported.")
    parser.add_argument("--screenshot", help="Save a screenshot of the loaded page here.")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: apt-get install chromium", file=sys.stderr)
        return 2

    import httpx

    from conflictwatch.api.server import running_server
    from conflictwatch.api.settings import ServeSettings

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        n, built = (build_store if args.ingest else bulk_store)(db, args.events, args.seed)
        print(f"store: {n} synthetic events {'ingested' if args.ingest else 'written'} in {built:.1f} s")
        print(f"api: the events' GeoJSON takes {uncached_geojson(db):.2f} s to compute from the store (the server "
              "prepares it at start-up; after a change, the next request recomputes it)")
        with running_server(ServeSettings(db=str(db), port=0)) as url:
            wait_ready(url)
            cold, cold_filter = measure(url, n, args.screenshot)  # the first page load after the server started
            t0 = time.perf_counter()
            size = len(httpx.get(url + "api/events.geojson", timeout=60).content)
            print(f"api: /api/events.geojson of {n} events, {size / 1e6:.1f} MB, in {time.perf_counter() - t0:.2f} s (cached)")
            runs = [measure(url, n, None) for _ in range(args.runs)]
            search, hits = measure_search(url)
    times = sorted(t for t, _ in runs)
    filters = [f for _, f in runs if f is not None] + ([cold_filter] if cold_filter is not None else [])
    median = times[len(times) // 2]
    slowest_filter = max(filters)
    print(f"page, first load after start: {n} events loaded and drawn in {cold:.2f} s")
    print(f"page, later loads: {median:.2f} s (median of {args.runs}: {', '.join(f'{t:.2f}' for t in times)}); "
          f"budget {args.budget:.1f} s for both")
    print(f"page, filter change: slowest {slowest_filter:.2f} s over {len(filters)} page loads; "
          f"budget {args.filter_budget:.2f} s")
    print(f"api: /api/search answers in {search * 1000:.0f} ms (median, {hits} hits); budget {args.search_budget * 1000:.0f} ms")
    ok = max(median, cold) <= args.budget and slowest_filter <= args.filter_budget and search <= args.search_budget
    return 0 if ok else 1


def wait_ready(url: str, timeout: float = 120.0) -> None:
    """Wait until the server's start-up work (the GeoJSON, the search index) is done: a first request
    after it answers from the cache."""
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        t0 = time.perf_counter()
        httpx.get(url + "api/search", params={"q": "ready"}, timeout=timeout)
        httpx.get(url + "api/events.geojson", timeout=timeout)
        if time.perf_counter() - t0 < 2.0:
            return


if __name__ == "__main__":
    sys.exit(main())
