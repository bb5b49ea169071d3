"""Speed, memory and accuracy of `extract` on the bench's dev set.

    python benchmarks/bench_extract.py [--gold ../shared/bench/dev.jsonl] [--no-geocode]

Prints reports/second (in this process, after the coder and gazetteer are loaded), CPU ms per report, peak
RSS, the load average, and the bench metrics per bucket. Skips politely when the gold file is absent. Not
part of the unit tests. `bench_extract_e2e.py` times the `extract` command itself, on every core.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
import time
from pathlib import Path

from conflictwatch import evaluate as ev
from conflictwatch.export import event_record
from conflictwatch.pipeline import Coder, Options
from conflictwatch.records import Report

DEFAULT_GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "dev.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--no-geocode", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, help="code the set this many times for the timing")
    args = parser.parse_args()
    if not args.gold.exists():
        print(f"skipped: {args.gold} not found (the bench lives in ../shared/bench/)")
        return 0
    gold = ev.load_gold(args.gold)
    reports = [Report(id=str(r["id"]), text=r["text"],
                      published=dt.date.fromisoformat(r["published"]) if r.get("published") else None) for r in gold]
    t0 = time.perf_counter()
    coder = Coder(Options(geocode=not args.no_geocode))
    coder.code(Report(id="warm-up", text="On 1 May 2020, clashes erupted in Aleppo.", published=dt.date(2020, 5, 2)))
    load_s = time.perf_counter() - t0
    rows = []
    load_before = os.getloadavg()[0]
    t1, cpu1 = time.perf_counter(), time.process_time()
    for _ in range(args.repeat):
        rows = [event_record(e) for r in reports for e in coder.code(r)]
    elapsed, cpu = time.perf_counter() - t1, time.process_time() - cpu1
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = len(reports) * args.repeat
    print(f"loaded coder{'' if args.no_geocode else ' + gazetteer'} in {load_s:.2f}s")
    print(f"coded {n} reports in {elapsed:.2f}s: {n / elapsed:.0f} reports/s, "
          f"{1000 * elapsed / n:.2f} ms/report ({1000 * cpu / n:.2f} ms of CPU), peak RSS {rss_mb:.0f} MB, "
          f"load {load_before:.2f} -> {os.getloadavg()[0]:.2f}")
    predictions = ev.group_predictions(rows)
    print(ev.render(ev.score(gold, predictions), ev.by_bucket(gold, predictions)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
