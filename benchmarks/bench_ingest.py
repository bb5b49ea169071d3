"""Store write path: `ingest` against `extract` on the same batch, the same run; re-ingest of an
unchanged store; `--jobs 2` against `--jobs 1`.

Batches of distinct reports are built from the dev texts: copy k of a report gets a marker sentence
(so its text, hence its id, differs) and a publication date k×37 days later (so its relative dates
move; explicit dates stay, and those copies dedup into one event, as the same story from many
outlets would).

    .venv/bin/python benchmarks/bench_ingest.py [--sizes 10000 50000] [--pg postgresql://… [--pg-sizes 10000]]
                                                [--db postgresql://…] [--jobs-check]
    .venv/bin/python benchmarks/bench_ingest.py --replay /tmp/coded.pickle --sizes 50000 10000 [--db …]

``--replay FILE`` measures the store side alone: the first run codes the batch (timed, as extract)
and keeps what the coder returned in FILE (a smaller batch is the start of a larger one, so one file serves
both sizes); every run then ingests that coded batch with an engine
that hands the kept results back, so an iteration on the write path costs the store's time only.
Its ratio is extract CPU / (extract CPU + store CPU), the same-run ratio without the noise of coding twice.

Each line gives both rates in wall and CPU time (the machine may be shared: CPU is the steadier
figure), their ratio (the issue's target: ingest ≥ 80% of extract on SQLite, ≥ 70% on PostgreSQL),
the store's own cost per report (ingest CPU minus extract CPU) and the load average when measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pickle
import tempfile
import time
from pathlib import Path

from conflictwatch import run
from conflictwatch.pipeline import Coder, Options
from conflictwatch.records import Report
from conflictwatch.store import open_store

DEV = Path(__file__).resolve().parents[2] / "shared" / "bench" / "dev.jsonl"


def dev_reports(path: Path) -> list[Report]:
    with path.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return [Report(str(r["id"]), r["text"], dt.date.fromisoformat(r["published"]) if r.get("published") else None)
            for r in rows]


def distinct_batch(base: list[Report], n: int) -> list[Report]:
    out = []
    for i in range(n):
        copy, report = divmod(i, len(base))
        r = base[report]
        published = (r.published or dt.date(2021, 1, 1)) + dt.timedelta(days=37 * copy)
        out.append(Report(f"{r.id}~{copy}", f"{r.text}\n\n(Copy {copy} of report {report}.)", published,
                          source=f"outlet {copy % 50}", origin=f"bench:{i}"))
    return out


def timed(fn):  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def load() -> str:
    with open("/proc/loadavg", encoding="ascii") as handle:
        return "/".join(handle.read().split()[:3])


def fresh_db(url: str | None, folder: str, name: str, schema: str = "bench_ingest") -> str:
    if url is None:
        return os.path.join(folder, name)
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:  # a schema of its own: the tests use public
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        conn.execute(f"CREATE SCHEMA {schema}")
    return url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema}"


class ReplayEngine:
    """An engine that codes nothing: it hands back what the coder returned for each report before."""

    def __init__(self, coded: dict[str, run.Coded]):
        self.coded = coded

    def submit(self, reports):  # type: ignore[no-untyped-def]
        return run._Done([self.coded[r.id] for r in reports])

    def close(self) -> None:
        pass


def coded_batch(path: Path, base: list[Report], n: int, batch_size: int) -> tuple[list[Report], dict[str, run.Coded], float]:
    """The batch of ``n`` distinct reports, what the coder returns for each (under its store id) and the
    CPU seconds that coding took: read from ``path``, or coded now and kept there."""
    batch = distinct_batch(base, n)
    if path.exists():
        with path.open("rb") as handle:
            kept = pickle.load(handle)
        if kept["n"] >= n:  # a batch is the first n of any larger one
            return batch, kept["coded"], kept["cpu"] * n / kept["n"]
    coder = Coder(Options())
    coder.code(base[0])
    engine = run.LocalEngine(coder)
    reports = [run.content_id(r)[0] for r in batch]
    coded: dict[str, run.Coded] = {}

    def code() -> None:
        for start in range(0, n, batch_size):
            chunk = reports[start:start + batch_size]
            coded.update(zip((r.id for r in chunk), engine.submit(chunk).result(), strict=True))

    _, wall, cpu = timed(code)
    engine.close()
    print(f"coded {n} reports in {wall:.1f} s wall, {cpu:.1f} s CPU ({n / cpu:.1f}/s CPU), kept in {path}", flush=True)
    with path.open("wb") as handle:
        pickle.dump({"n": n, "coded": coded, "cpu": cpu}, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return batch, coded, cpu


def replay(path: Path, base: list[Report], n: int, url: str | None, batch_size: int) -> None:
    batch, coded, x_cpu = coded_batch(path, base, n, batch_size)
    engine, coder = ReplayEngine(coded), Coder(Options())
    before = load()
    with tempfile.TemporaryDirectory() as folder, open_store(fresh_db(url, folder, f"replay-{n}.db", "bench_replay")) as store:
        summary, wall, cpu = timed(lambda: run.ingest(store, batch, coder=coder, engine=engine, batch_size=batch_size))
    print(f"replay {n} reports, {'PostgreSQL' if url else 'SQLite'}: store {1000 * cpu / n:.2f} ms CPU a report "
          f"({cpu:.1f} s CPU, {wall:.1f} s wall); extract {1000 * x_cpu / n:.2f} ms → ingest ≈ "
          f"{x_cpu / (x_cpu + cpu):.0%} of extract (CPU); {summary.added} added, {summary.events_total} events; "
          f"load {before} → {load()}", flush=True)


def write_ceiling(n: int, url: str | None, batch_size: int) -> None:
    from bench_web import SyntheticCoder

    coder = SyntheticCoder(7)
    reports = [Report(f"s{i}", f"Synthetic report number {i}.", dt.date(2022, 1, 1), source="bench") for i in range(n)]
    with tempfile.TemporaryDirectory() as folder, open_store(fresh_db(url, folder, "ceiling.db")) as store:
        summary, wall, cpu = timed(lambda: run.ingest(store, reports, coder=coder, batch_size=batch_size))
    print(f"write ceiling, {'PostgreSQL' if url else 'SQLite'}: {n} reports (one account each) in {wall:.1f} s wall, "
          f"{cpu:.1f} s CPU = {n / wall:,.0f} reports/s wall ({n / cpu:,.0f}/s of client CPU); "
          f"{summary.events_total} events", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--db", help="a postgresql:// URL, measured in its schema bench_ingest (default: SQLite in a temp dir)")
    parser.add_argument("--pg", help="also measure PostgreSQL at --pg-sizes, on this URL (in its schema bench_ingest)")
    parser.add_argument("--pg-sizes", type=int, nargs="+", default=[10_000])
    parser.add_argument("--dev", type=Path, default=DEV)
    parser.add_argument("--jobs-check", action="store_true", help="also time --jobs 2 against --jobs 1 on dev")
    parser.add_argument("--batch-size", type=int, default=run.BATCH_SIZE)
    parser.add_argument("--write-ceiling", type=int, metavar="N",
                        help="only: store N reports coded by a trivial synthetic coder (the store's write + dedup rate)")
    parser.add_argument("--replay", type=Path, metavar="FILE",
                        help="only: ingest a batch coded once and kept in FILE (the store side alone; see above)")
    args = parser.parse_args()
    if args.replay:
        for size in args.sizes:
            replay(args.replay, dev_reports(args.dev), size, args.db, args.batch_size)
        return
    if args.write_ceiling:
        write_ceiling(args.write_ceiling, args.db, args.batch_size)
        return
    base = dev_reports(args.dev)
    coder = Coder(Options())
    coder.code(base[0])  # load the gazetteer and data before any timing
    runs = [(size, args.db) for size in args.sizes] + [(size, args.pg) for size in (args.pg_sizes if args.pg else [])]
    with tempfile.TemporaryDirectory() as folder:
        for size, url in runs:
            batch = distinct_batch(base, size)
            engine = run.LocalEngine(coder)
            before = load()
            _, x_wall, x_cpu = timed(lambda b=batch, e=engine: sum(1 for _ in run.code_all(b, e)))
            db = fresh_db(url, folder, f"ingest-{size}.db")
            with open_store(db) as store:
                summary, i_wall, i_cpu = timed(lambda s=store, b=batch, e=engine: run.ingest(
                    s, b, coder=coder, engine=e, batch_size=args.batch_size))
                again, r_wall, r_cpu = timed(lambda s=store, b=batch, e=engine: run.ingest(
                    s, b, coder=coder, engine=e, batch_size=args.batch_size))
            engine.close()
            backend = "PostgreSQL" if url else "SQLite"
            print(f"{size:>6} reports, {backend}: extract {size / x_wall:6.1f}/s wall ({size / x_cpu:.1f}/s CPU); "
                  f"ingest {size / i_wall:6.1f}/s wall ({size / i_cpu:.1f}/s CPU) = {x_wall / i_wall:.0%} of extract "
                  f"(CPU {x_cpu / i_cpu:.0%}); store {1000 * (i_cpu - x_cpu) / size:.2f} ms CPU a report; "
                  f"{summary.added} added, {summary.events_total} events; "
                  f"re-ingest unchanged {r_wall:.1f} s wall ({r_cpu:.1f} s CPU, {again.unchanged} unchanged); "
                  f"load {before} → {load()}", flush=True)
        if args.jobs_check:
            walls = {}
            for jobs in (1, 2):
                engine = run.make_engine(coder, jobs)
                _, walls[jobs], _ = timed(lambda e=engine: sum(1 for _ in run.code_all(base, e)))
                engine.close()
            print(f"extract dev ({len(base)} reports): --jobs 1 {walls[1]:.1f} s, --jobs 2 {walls[2]:.1f} s wall, "
                  f"ratio {walls[2] / walls[1]:.2f}", flush=True)


if __name__ == "__main__":
    main()
