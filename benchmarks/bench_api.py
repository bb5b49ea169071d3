"""Speed of the HTTP API on a big store: /api/events pages and /api/stats, over real HTTP on loopback.

Synthetic events (spread over three years, 40 countries, 300 armed groups; a fifth told by two
reports) are written straight into the store's tables through its database layer, as resolved
events with their accounts, sources and evidence — no coding, no dedup, so 100,000 take seconds.
The server is `uvicorn` in a child process, with ``--workers`` processes as `conflictwatch serve
--workers` runs it (default: one per core, as serve does); the clients are threads with their own
connections, in this process (so they share the machine's cores with the server). Each line gives
the server's CPU per request (all its processes) beside wall-clock latency, and the load average.

* at 50,000 events: /api/events pages (first, middle, last; with and without filters) and
  /api/stats, one request at a time — p50 and p99 (issue 16's target: p50 <= 100 ms);
* at 100,000 events: /api/events at concurrency 20 — p50 and p99 (issue 13's target: p99 <= 300 ms).

    .venv/bin/python benchmarks/bench_api.py [--db postgresql://…] [--sizes 50000 100000] [--requests 600] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx

from conflictwatch.records import Event
from conflictwatch.store import Store, open_store
from conflictwatch.store.records import EVENT_COLUMNS, event_row

TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Explosions/Remote violence", "Air/drone strike"), ("Violence against civilians", "Attack"),
         ("Protests", "Peaceful protest"), ("Riots", "Mob violence"), ("Strategic developments", "Looting/property destruction")]
KINDS = ["news", "news", "news", "party statement", "NGO", "official"]
OUTLETS = [f"Outlet {i}" for i in range(60)]
ROWS_PER_INSERT = 300
PG_SCHEMA = "cw_bench_api"


def _insert(store: Store, table: str, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Multi-row INSERTs through the store's database layer (one statement per few hundred rows)."""
    row_marks = "(" + ", ".join("?" for _ in columns) + ")"
    for i in range(0, len(rows), ROWS_PER_INSERT):
        chunk = rows[i:i + ROWS_PER_INSERT]
        store.db.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join(row_marks for _ in chunk)}",
                         [value for row in chunk for value in row])


def synthetic_event(rnd: random.Random, n: int) -> Event:
    etype, sub = rnd.choice(TYPES)
    town = rnd.randrange(5000)  # 5,000 places, each in one province of one of 40 countries
    country = f"Country {town % 40}"
    day = dt.date(2021, 1, 1) + dt.timedelta(days=rnd.randrange(3 * 365))
    return Event(doc_id="", event_id=f"ev-{n:012d}", event_date=day, time_precision=rnd.choice([1, 1, 2, 3]),
                 disorder_type="Political violence", event_type=etype, sub_event_type=sub,
                 actor1=f"Group {rnd.randrange(300)}", assoc_actor_1=None, inter1=2,
                 actor2=f"Group {rnd.randrange(300)}" if rnd.random() < 0.7 else None, assoc_actor_2=None, inter2=3,
                 interaction=23, country=country, admin1=f"{country} Province {town // 40 % 12}", admin2=None,
                 admin3=None, location=f"Town {town}", latitude=-30 + town % 75 + rnd.uniform(0, 0.05),
                 longitude=-20 + town // 50 + rnd.uniform(0, 0.05), geo_precision=rnd.choice([1, 2, 3]),
                 fatalities=rnd.randrange(12),
                 source_kind=rnd.choice(KINDS), notes="A synthetic event for the API benchmark.")


def fill(store: Store, start: int, stop: int, seed: int = 7) -> None:
    """Events ``start``..``stop - 1``: each with one or two reports, accounts and evidence spans."""
    rnd = random.Random(seed * 1_000_003 + start)
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    reports, accounts, evidence, events, links = [], [], [], [], []
    seq = start * 2
    for n in range(start, stop):
        event = synthetic_event(rnd, n)
        row = event_row(event)
        n_sources = 2 if rnd.random() < 0.2 else 1
        for k in range(n_sources):
            seq += 1
            text = f"Synthetic report {n}/{k}: {event.actor1} and {event.actor2} clashed in {event.location}."
            digest = hashlib.sha256(text.encode()).hexdigest()
            rid, cid = "r-" + digest[:16], f"r-{digest[:16]}-0"
            reports.append((rid, digest, text, rnd.choice(OUTLETS), f"https://news.example/{n}/{k}", f"Report {n}/{k}",
                            event.event_date.isoformat() if event.event_date else None, None, "en", "coded", "bench",
                            "bench/1", stamp, seq))
            accounts.append((cid, rid, 0, *row.values(), "[]"))
            evidence.extend((cid, field, a, a + 9) for field, a in (("event_type", 27), ("actor1", 19), ("location", 60)))
            links.append((event.event_id, cid, rid))
        events.append((event.event_id, links[-1][1], *row.values(), event.fatalities, event.fatalities, "machine",
                       n_sources, stamp, stamp))
    with store.db.transaction():
        _insert(store, "reports", ("id", "content_hash", "text", "outlet", "url", "title", "published", "fetched_at",
                                   "language", "status", "origin", "coder_version", "ingested_at", "seq"), reports)
        _insert(store, "coded_events", ("id", "report_id", "position", *EVENT_COLUMNS, "places_mentioned"), accounts)
        _insert(store, "evidence", ("coded_event_id", "field", "span_start", "span_end"), evidence)
        _insert(store, "events", ("id", "anchor", *EVENT_COLUMNS, "fatalities_low", "fatalities_high", "status", "n_sources",
                                  "created_at", "updated_at"), events)
        _insert(store, "event_sources", ("event_id", "coded_event_id", "report_id"), links)
    if store.db.dialect == "postgresql":
        store.db.execute("ANALYZE")


# -- the server and the clients -------------------------------------------------------------------

def serve(db: str, port: int, workers: int) -> None:
    """Run in the child process: the app under uvicorn as `conflictwatch serve --workers` runs it, no
    access log (as behind a proxy that logs)."""
    from conflictwatch.api import ServeSettings
    from conflictwatch.api.serving import serve as run_server

    run_server(ServeSettings(db=db, port=port, workers=workers), log_level="warning", access_log=False)


def process_tree(pid: int) -> list[int]:
    """``pid`` and every live process below it (Linux /proc)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    tree, todo = [], [pid]
    while todo:
        tree.append(current := todo.pop())
        todo.extend(parents.get(current, []))
    return tree


class Server:
    def __init__(self, db: str, workers: int = 0):
        from conflictwatch.api.server import free_port

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([sys.executable, __file__, "--serve", db, "--port", str(self.port),
                                      "--serve-workers", str(workers)])
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(self.url + "/api/config", timeout=2).raise_for_status()
                return
            except httpx.TransportError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the API server did not start") from None
                time.sleep(0.2)

    def cpu_seconds(self) -> float:
        """User + system CPU the server's processes have used (Linux /proc), a figure a busy machine
        inflates less than wall-clock time."""
        ticks = 0
        for pid in process_tree(self.proc.pid):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # ended meanwhile
            ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")

    def settle(self, quiet: float = 0.05, timeout: float = 600) -> None:
        """Wait until the server has stopped working on its own: at start it computes the GeoJSON of
        every event for the desk's first request, which would otherwise be timed with ours."""
        deadline = time.monotonic() + timeout
        last = self.cpu_seconds()
        while time.monotonic() < deadline:
            time.sleep(1)
            now = self.cpu_seconds()
            if now - last < quiet:
                return
            last = now

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        self.proc.wait(30)


def event_paths(rnd: random.Random, total: int, n: int) -> list[str]:
    """A mix of what the desk and scripts ask: pages anywhere in the list, some filtered."""
    paths = []
    for _ in range(n):
        page = rnd.random()
        offset = 0 if page < 0.3 else rnd.randrange(0, max(1, total - 100))
        query = f"/api/events?limit=100&offset={offset}"
        if rnd.random() < 0.3:
            query = rnd.choice([f"/api/events?country=Country%20{rnd.randrange(40)}&limit=100",
                                f"/api/events?type=Battles&limit=100&offset={rnd.randrange(1000)}",
                                "/api/events?since=2022-06-01&until=2022-07-31&limit=100",
                                f"/api/events?actor=group%20{rnd.randrange(300)}&limit=50",
                                "/api/events?source_kind=NGO&limit=100"])
        paths.append(query)
    return paths


def timed_requests(url: str, paths: list[str], concurrency: int) -> list[float]:
    """Send ``paths`` from ``concurrency`` threads; the seconds each request took (wall clock)."""
    timings: list[float] = []
    lock = threading.Lock()
    queue: Iterator[str] = iter(paths)

    def worker() -> None:
        with httpx.Client(base_url=url, timeout=60) as client:
            while True:
                with lock:
                    path = next(queue, None)
                if path is None:
                    return
                start = time.perf_counter()
                response = client.get(path)
                took = time.perf_counter() - start
                response.raise_for_status()
                with lock:
                    timings.append(took)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return timings


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def measure(server: Server, label: str, paths: list[str], concurrency: int = 1, target: str = "") -> None:
    """Send the requests and print wall-clock p50/p99/mean, the server's CPU per request and the
    clients' (this process: they share the machine's cores with the server)."""
    cpu, client = server.cpu_seconds(), time.process_time()
    ms = [t * 1000 for t in timed_requests(server.url, paths, concurrency)]
    cpu_ms = (server.cpu_seconds() - cpu) * 1000 / len(ms)
    client_ms = (time.process_time() - client) * 1000 / len(ms)
    print(f"  {label:<38} c={concurrency:<3} n={len(ms):<4} p50 {percentile(ms, 50):7.1f} ms  p99 {percentile(ms, 99):7.1f} ms"
          f"  mean {statistics.fmean(ms):7.1f} ms  server CPU {cpu_ms:5.1f} ms/req  client CPU {client_ms:4.1f} ms/req"
          f"  load {os.getloadavg()[0]:4.1f}  {target}",
          flush=True)


def run(db: str, sizes: list[int], n_requests: int, seed: int, workers: list[int]) -> None:
    rnd = random.Random(seed)
    stored = 0
    with open_store(db) as store:
        stored = store.count_events()
    for size in sorted(sizes):
        if size > stored:
            start = time.perf_counter()
            with open_store(db) as store:
                for chunk_start in range(stored, size, 10_000):
                    fill(store, chunk_start, min(size, chunk_start + 10_000), seed)
            print(f"stored events {stored:,} -> {size:,} in {time.perf_counter() - start:.1f} s", flush=True)
            stored = size
        for n_workers in workers:
            measure_size(db, size, n_workers, n_requests, rnd)


def measure_size(db: str, size: int, workers: int, n_requests: int, rnd: random.Random) -> None:
    with Server(db, workers) as server:
        start = time.perf_counter()
        server.settle()
        print(f"server ready and idle after {time.perf_counter() - start:.1f} s (GeoJSON of every event cached)")
        timed_requests(server.url, ["/api/events?limit=100", "/api/stats"] * 5, 1)  # warm up
        print(f"{size:,} events ({db.split('://')[0] if '://' in db else 'sqlite'}), "
              f"{len(process_tree(server.proc.pid))} server processes (--workers {workers or 'default'}), "
              f"load {os.getloadavg()[0]:.1f}:", flush=True)
        pages = [f"/api/events?limit=100&offset={rnd.randrange(size - 100)}" for _ in range(n_requests)]
        measure(server, "/api/events first page (limit=100)", ["/api/events?limit=100"] * 50,
                target="(target p50 <= 100 ms at 50k)")
        measure(server, "/api/events middle page", [f"/api/events?limit=100&offset={size // 2}"] * 30)
        measure(server, "/api/events last page", [f"/api/events?limit=100&offset={size - 100}"] * 30)
        measure(server, "/api/events pages anywhere", pages[:100], target="(target p50 <= 100 ms at 50k)")
        measure(server, "/api/events pages and filters", event_paths(rnd, size, 100))
        measure(server, "/api/stats", ["/api/stats"] * 30, target="(target p50 <= 100 ms at 50k)")
        measure(server, "/api/stats?country=Country 7", ["/api/stats?country=Country%207"] * 30)
        measure(server, "/api/events pages anywhere", pages, 20, target="(target p99 <= 300 ms at 100k)")
        measure(server, "/api/events pages and filters", event_paths(rnd, size, n_requests), 20)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help=f"a postgresql:// URL (the benchmark empties and uses its schema {PG_SCHEMA}) "
                        "or a SQLite path; default: a temporary SQLite file")
    parser.add_argument("--sizes", type=int, nargs="+", default=[50_000, 100_000])
    parser.add_argument("--requests", type=int, default=600, help="requests per concurrent run")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, nargs="+", default=[0],
                        help="server processes, one run each (default 0: one per core, as `serve` does)")
    parser.add_argument("--serve", metavar="DB", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--serve-workers", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve, args.port, args.serve_workers)
        return
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}", flush=True)
    if args.db and args.db.startswith("postgres"):
        import psycopg

        with psycopg.connect(args.db, autocommit=True) as conn:  # a schema of its own, emptied
            conn.execute(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE")
            conn.execute(f"CREATE SCHEMA {PG_SCHEMA}")
        run(args.db + ("&" if "?" in args.db else "?") + f"options=-csearch_path%3D{PG_SCHEMA}", args.sizes,
            args.requests, args.seed, args.workers)
        return
    with tempfile.TemporaryDirectory() as tmp:
        run(args.db or str(Path(tmp) / "bench.db"), args.sizes, args.requests, args.seed, args.workers)


if __name__ == "__main__":
    main()
