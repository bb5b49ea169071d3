"""Speed of the count and date stages over the bench's dev reports (CPU and wall time, load average).

    .venv/bin/python benchmarks/bench_counts_dates.py [--dev ../shared/bench/dev.jsonl] [--repeat 3]

Run it with PYTHONPATH pointing at another checkout's src/ to compare two versions of the stages.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import time
from pathlib import Path


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dev", default=str(Path(__file__).parents[2] / "shared" / "bench" / "dev.jsonl"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from conflictwatch.extract import counts, dates

    rows = [json.loads(line) for line in Path(args.dev).read_text(encoding="utf-8").splitlines() if line.strip()]
    items = [(r["text"], dt.date.fromisoformat(r["published"]) if r.get("published") else None) for r in rows]
    start_cpu = cpu()
    counts.count("Three soldiers were killed.")
    dates.resolve_date("On 21/04/2020 gunmen attacked.", dt.date(2020, 4, 22))
    print(f"load average {Path('/proc/loadavg').read_text().strip()}; "
          f"first calls (rules, libraries) {cpu() - start_cpu:.2f} s CPU; {counts.__file__}")
    for name, stage in (("count", lambda t, p: counts.count(t)), ("resolve_date", dates.resolve_date)):
        best_cpu = best_wall = float("inf")
        for _ in range(args.repeat):
            start_cpu, start_wall = cpu(), time.perf_counter()
            for text, published in items:
                stage(text, published)
            best_cpu, best_wall = min(best_cpu, cpu() - start_cpu), min(best_wall, time.perf_counter() - start_wall)
        print(f"{name}: {len(items)} reports in {best_cpu:.2f} s CPU ({best_wall:.2f} s wall), "
              f"{1000 * best_cpu / len(items):.3f} ms CPU a report (best of {args.repeat})")


if __name__ == "__main__":
    main()
