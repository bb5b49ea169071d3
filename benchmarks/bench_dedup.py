"""Speed and memory of cross-report dedup on synthetic accounts (10k and 100k by default; the
issue's gate runs 100k, 300k and 1M).

Incidents are spread over a year and 40 countries; each is told by 1-4 reports whose dates move by
up to a day, whose coordinates move by up to ~5 km and whose actors or tolls may differ. Each size
runs in a fresh process and prints the CPU seconds of dedup, the process's peak RSS (accounts
included), the pairwise F1 against the synthetic truth, and the exponent of CPU time between
successive sizes (1.0 is linear).

    .venv/bin/python benchmarks/bench_dedup.py [--sizes 100000 300000 1000000] [--seed 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import math
import random
import resource
import subprocess
import sys
import time
from collections import defaultdict

from conflictwatch.records import Event
from conflictwatch.resolve import Account, dedup

TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest"), ("Riots", "Mob violence")]


def synthetic(n_accounts: int, seed: int) -> tuple[list[Account], dict[str, int]]:
    rnd = random.Random(seed)
    accounts: list[Account] = []
    truth: dict[str, int] = {}
    start = dt.date(2021, 1, 1)
    incident = 0
    report = 0
    while len(accounts) < n_accounts:
        incident += 1
        country = f"Country {rnd.randrange(40)}"
        lat, lon = rnd.uniform(-30, 40), rnd.uniform(-20, 60)
        day = start + dt.timedelta(days=rnd.randrange(365))
        etype, sub = rnd.choice(TYPES)
        actors = (f"Group {rnd.randrange(300)}", f"Group {rnd.randrange(300)}")
        toll = rnd.randrange(12)
        admin1, town = f"{country} A{int(lat) % 10}", f"Town {incident}"  # one incident's names: one string each
        for _ in range(rnd.choice([1, 1, 2, 2, 3, 4])):
            report += 1
            date = day + dt.timedelta(days=rnd.choice([0, 0, 0, 1, -1]))
            e = Event(doc_id=f"r{report}", event_id=f"r{report}#0", event_date=date, time_precision=1,
                      disorder_type="Political violence", event_type=etype, sub_event_type=sub,
                      actor1=actors[0] if rnd.random() > 0.2 else None, assoc_actor_1=None, inter1=2,
                      actor2=actors[1], assoc_actor_2=None, inter2=3, interaction=23, country=country,
                      admin1=admin1, admin2=None, admin3=None, location=town,
                      latitude=lat + rnd.uniform(-0.03, 0.03), longitude=lon + rnd.uniform(-0.03, 0.03),
                      geo_precision=1, fatalities=max(0, toll + rnd.choice([0, 0, 1, -1])))
            accounts.append(Account(e.event_id, e.doc_id, e, (report, e.event_id)))
            truth[e.event_id] = incident
            if len(accounts) >= n_accounts:
                break
    return accounts, truth


def pairwise_f1(clusters, truth: dict[str, int]) -> float:
    predicted = {p for c in clusters for p in itertools.combinations(sorted(c.members), 2)}
    by_incident = defaultdict(list)
    for account, incident in truth.items():
        by_incident[incident].append(account)
    gold = {p for members in by_incident.values() for p in itertools.combinations(sorted(members), 2)}
    tp = len(predicted & gold)
    if not tp:
        return 0.0
    precision, recall = tp / len(predicted), tp / len(gold)
    return 2 * precision * recall / (precision + recall)


def measure(size: int, seed: int) -> dict[str, float]:
    accounts, truth = synthetic(size, seed)
    started, cpu = time.perf_counter(), time.process_time()
    clusters = dedup(accounts)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # accounts and dedup, before scoring
    return {"size": size, "events": len(clusters), "cpu": cpu, "wall": wall, "f1": pairwise_f1(clusters, truth),
            "rss_mb": peak}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # one size in this process, as JSON
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.seed)))
        return
    previous = None
    for size in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(size), "--seed", str(args.seed)],
                             check=True, capture_output=True, text=True).stdout
        r = json.loads(out)
        exponent = f"; exponent {math.log(r['cpu'] / previous['cpu']) / math.log(size / previous['size']):.2f}" \
            if previous else ""
        print(f"{size:>8} accounts -> {r['events']:>7} events: {r['cpu']:7.1f} s CPU ({r['wall']:.1f} s wall, "
              f"{size / r['cpu']:,.0f} accounts/s), peak RSS {r['rss_mb']:,.0f} MB, pairwise F1 {r['f1']:.3f}{exponent}",
              flush=True)
        previous = r


if __name__ == "__main__":
    main()
