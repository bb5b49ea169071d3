"""Geocoder benchmark: build time, DB size, locate() speed, and accuracy on the shared dev set.

    .venv/bin/python benchmarks/bench_geo.py [--dev ../shared/bench/dev.jsonl] [--rebuild] [--limit N]

Accuracy is measured per report against its first gold event that has coordinates: country (exact),
admin1 (the scorer's fuzzy place match), and the share of predictions within 10 km and 25 km of the
gold point (a report with no prediction counts as a miss). The dev texts are read, never stored.
Skips politely when the dev file is absent.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from difflib import SequenceMatcher
from pathlib import Path

from conflictwatch.geo import Geocoder, SqliteGazetteer, build_default_gazetteer

DEFAULT_DEV = Path(__file__).resolve().parents[2] / "shared" / "bench" / "dev.jsonl"


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    d = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(d)))


def place_key(s: str | None) -> str | None:
    """The scorer's admin1 key (same rule as shared/bench/score.py)."""
    if not s:
        return None
    s = re.sub(r"\b(al|ar|as|ad|ash|at|az|an|el|governorate|province|region|district)\b[- ]?", " ", s.lower())
    return re.sub(r"[^a-z]", "", s) or None


def same_place(a: str | None, b: str | None) -> bool:
    ka, kb = place_key(a), place_key(b)
    return bool(ka and kb and (ka == kb or SequenceMatcher(None, ka, kb).ratio() >= 0.8))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    ap.add_argument("--db", type=Path, default=None, help="use this gazetteer instead of building one")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--hint", action="store_true", help="pass the gold country as country_hint (upper bound)")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "gazetteer.sqlite"
            t0 = time.perf_counter()
            info = build_default_gazetteer(db)
            build_s = time.perf_counter() - t0
            print(f"build: {build_s:.1f} s, {db.stat().st_size / 1e6:.1f} MB, "
                  f"{info.places} places, {info.names} name keys")
        t0 = time.perf_counter()
        geocoder = Geocoder(SqliteGazetteer(db))
        print(f"open: {(time.perf_counter() - t0) * 1000:.0f} ms")

        if not args.dev.exists():
            print(f"dev set {args.dev} not found: accuracy skipped")
            return 0
        rows = [json.loads(line) for line in args.dev.open(encoding="utf-8")]
        if args.limit:
            rows = rows[: args.limit]

        geocoder.locate("warm-up text about Aleppo, Syria.")
        times: list[float] = []
        acc: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
        for row in rows:
            t0 = time.perf_counter()
            hint = None
            gold = next((e for e in row["events"] if e.get("latitude") is not None), None)
            if args.hint and gold:
                hint = gold.get("country")
            place, _ = geocoder.locate(row["text"], country_hint=hint)
            times.append(time.perf_counter() - t0)
            if gold is None:
                continue
            for bucket in (row["bucket"], "ALL"):
                a = acc[bucket]
                a["country"].append(bool(place and place.country == gold["country"]))
                if gold.get("admin1"):
                    a["admin1"].append(bool(place and same_place(gold["admin1"], place.admin1)))
                dist = (
                    km((gold["latitude"], gold["longitude"]), (place.latitude, place.longitude))
                    if place and place.latitude is not None and place.longitude is not None
                    else math.inf
                )
                a["within_10km"].append(dist <= 10)
                a["within_25km"].append(dist <= 25)
                a["within_100km"].append(dist <= 100)
                a["predicted"].append(bool(place and place.resolved))

        print(f"locate: {statistics.mean(times) * 1000:.2f} ms/report mean, "
              f"p95 {sorted(times)[int(0.95 * len(times))] * 1000:.2f} ms, {len(times)} reports")
        cols = ("country", "admin1", "within_10km", "within_25km", "within_100km", "predicted")
        print(f"{'bucket':12s} {'n':>4s} " + " ".join(f"{c:>12s}" for c in cols))
        for bucket in sorted(acc, key=lambda b: (b == "ALL", b)):
            a = acc[bucket]
            n = len(a["country"])
            print(f"{bucket:12s} {n:4d} " + " ".join(
                f"{sum(a[c]) / len(a[c]):12.3f}" if a[c] else f"{'-':>12s}" for c in cols))
    return 0


if __name__ == "__main__":
    sys.exit(main())
