"""Places benchmark: what the coder achieves beside what the gazetteer allows, per bucket.

    .venv/bin/python benchmarks/bench_geo.py [--dev ../shared/bench/dev.jsonl] [--events EVENTS.jsonl]
                                             [--db GAZETTEER] [--limit N] [--misses N]

Every report is coded by the full pipeline (or ``--events`` scores events coded earlier) and paired
with its gold events as the scorer pairs them. On the paired events that have gold coordinates it
prints country, admin1 and the share within 10 and 25 km, and beside them the **name-aware ceiling**.
``ceiling`` is the share of those events whose gold place name (or a part of an ACLED "Town - Quarter"
name) is among the gazetteer's names within 25 km of the gold point, and ``25km/ceiling`` the
achieved ≤25 km share over it. The coder also places some events outside the ceiling (a spelling
the name keys do not join, an event placed by the town or admin unit the text names), so two more
columns say what the ratio hides: ``hit-in-ceiling``, the share of the ceiling's events placed
within 25 km (a miss there is the geocoder's or the coder's fault, not the data's), and ``reach``,
the ceiling together with every event placed within 25 km (what no figure here can exceed).
``named-ceiling`` is the part of the ceiling whose report also writes the gold name (an ACLED note often
gives its place only in its location field: "Farmers began a protest. Day 10."); ``hit-in-named`` the
share of those placed within 25 km, the figure that says what choice among the names found still misses.
``not-in-gaz`` is the share of events flagged ``place-not-in-gazetteer`` (a name the data lacks, placed
at the admin unit or town it falls back to). Geocoding time is measured around the
geocoder's calls (CPU and wall), per report. The bench texts are read, never stored.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from conflictwatch.evaluate import distance_km, pair_events, same_admin
from conflictwatch.geo import Geocoder, SqliteGazetteer, default_geocoder
from conflictwatch.geo.normalize import name_key
from conflictwatch.pipeline import Coder, Options
from conflictwatch.records import Report

DEFAULT_DEV = Path(__file__).resolve().parents[2] / "shared" / "bench" / "dev.jsonl"
CEILING_KM = 25.0


class TimedGeocoder:
    """The geocoder with a stopwatch around the calls the coder makes (locate, explain)."""

    def __init__(self, geocoder: Geocoder) -> None:
        self._geocoder = geocoder
        self.cpu = 0.0
        self.wall = 0.0

    def _timed(self, name: str, *args: Any, **kwargs: Any) -> Any:
        c0, w0 = time.process_time(), time.perf_counter()
        try:
            return getattr(self._geocoder, name)(*args, **kwargs)
        finally:
            self.cpu += time.process_time() - c0
            self.wall += time.perf_counter() - w0

    def locate(self, *args: Any, **kwargs: Any) -> Any:
        return self._timed("locate", *args, **kwargs)

    def explain(self, *args: Any, **kwargs: Any) -> Any:
        return self._timed("explain", *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._geocoder, name)


def gold_names(location: str) -> set[str]:
    """Name keys a gold location may be found under: the whole name and the parts of 'Town - Quarter'."""
    parts = {location, *(p.strip() for p in location.replace("–", "-").split(" - "))}
    return {k for k in (name_key(p) for p in parts if p) if len(k) >= 3}


def in_ceiling(gazetteer: Any, gold: dict[str, Any], cache: dict[str, Any]) -> bool:
    """Whether the gazetteer knows the gold place by its name within CEILING_KM of the gold point."""
    location = gold.get("location")
    if not location:
        return False
    keys = gold_names(str(location))
    missing = [k for k in keys if k not in cache]
    if missing:
        found = gazetteer.lookup(missing)
        for k in missing:
            cache[k] = found.get(k, ())
    for key in keys:
        for entry in cache[key]:
            d = distance_km(gold["latitude"], gold["longitude"], entry.latitude, entry.longitude)
            if d is not None and d <= CEILING_KM:
                return True
    return False


def _named_in(text: str, gold: dict[str, Any]) -> bool:
    """Whether the report writes the gold place's name (folded), so that a miss is worth reading."""
    from conflictwatch.geo.toponyms import candidate_phrases

    keys = {p.key for p in candidate_phrases(text)}
    return bool(gold_names(str(gold.get("location") or "")) & keys)


def code_all(rows: list[dict[str, Any]], geocoder: TimedGeocoder) -> dict[str, list[dict[str, Any]]]:
    from conflictwatch.export import event_record

    coder = Coder(Options(), geocoder=geocoder)
    coder.warm_up()
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        published = dt.date.fromisoformat(r["published"]) if r.get("published") else None
        report = Report(id=str(r["id"]), text=r["text"], published=published)
        out[str(r["id"])] = [event_record(e) for e in coder.code(report)]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="a bench-format gold file")
    ap.add_argument("--events", type=Path, help="score these coded events (JSONL) instead of coding")
    ap.add_argument("--db", type=Path, help="use this gazetteer instead of the default one")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--save", type=Path, help="also write the coded events here (JSONL)")
    ap.add_argument("--misses", type=int, default=0, help="print this many misses inside the ceiling")
    args = ap.parse_args(argv)
    if not args.dev.exists():
        print(f"gold file {args.dev} not found: nothing to measure")
        return 0
    rows = [json.loads(line) for line in args.dev.open(encoding="utf-8") if line.strip()]
    if args.limit:
        rows = rows[: args.limit]
    geocoder = TimedGeocoder(Geocoder(SqliteGazetteer(args.db)) if args.db else default_geocoder())
    load = os.getloadavg()
    c0, w0 = time.process_time(), time.perf_counter()
    if args.events:
        predictions: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for line in args.events.open(encoding="utf-8"):
            if line.strip():
                row = json.loads(line)
                predictions[str(row["doc_id"])].append(row)
    else:
        predictions = code_all(rows, geocoder)
        if args.save:
            with args.save.open("w", encoding="utf-8") as out:
                for events in predictions.values():
                    out.writelines(json.dumps(e, ensure_ascii=False) + "\n" for e in events)
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0

    acc: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    cache: dict[str, Any] = {}
    misses: list[tuple[str, str, Any, Any]] = []
    for r in rows:
        if r.get("label_only"):
            continue
        pairs, _, _ = pair_events(list(r.get("events") or []), predictions.get(str(r["id"]), []))
        for g, p in pairs:
            if g.get("latitude") is None:
                continue
            d = distance_km(g["latitude"], g["longitude"], p.get("latitude"), p.get("longitude"))
            within25 = d is not None and d <= 25
            ceiling = in_ceiling(geocoder.gazetteer, g, cache)
            named = ceiling and _named_in(r["text"], g)
            for bucket in (str(r.get("bucket")), "ALL"):
                a = acc[bucket]
                a["country"].append(bool(g.get("country")) and str(g["country"]).lower() == str(p.get("country") or "").lower())
                if g.get("admin1"):
                    a["admin1"].append(same_admin(g["admin1"], p.get("admin1")))
                a["10km"].append(d is not None and d <= 10)
                a["25km"].append(within25)
                a["ceiling"].append(ceiling)
                a["hit_in_ceiling"].append(within25 and ceiling)
                a["reach"].append(ceiling or within25)
                a["named_ceiling"].append(named)
                a["hit_in_named"].append(named and within25)
                a["flagged_unresolved"].append("place-not-in-gazetteer" in (p.get("flags") or ()))
            if named and not within25 and len(misses) < args.misses:
                misses.append((str(r["id"]), str(g.get("location")), p.get("location"),
                               None if d is None else round(d)))

    print(f"reports: {len(rows)}; coding {wall:.1f} s wall, {cpu:.1f} s CPU; load average {load[0]:.2f} "
          f"{load[1]:.2f} {load[2]:.2f}")
    if not args.events:
        n = len(rows)
        print(f"geocoding: {geocoder.cpu / n * 1000:.2f} ms CPU, {geocoder.wall / n * 1000:.2f} ms wall per report "
              f"({geocoder.cpu / max(cpu, 1e-9):.0%} of the coder's CPU)")
    cols = ("country", "admin1", "10km", "25km", "ceiling")
    print(f"{'bucket':12s} {'n':>5s} " + " ".join(f"{c:>8s}" for c in cols)
          + "  25km/ceiling  hit-in-ceiling    reach  not-in-gaz  named-ceiling  hit-in-named")
    for bucket in sorted(acc, key=lambda b: (b == "ALL", b)):
        a = acc[bucket]
        share = {c: sum(a[c]) / len(a[c]) if a[c] else math.nan
                 for c in (*cols, "hit_in_ceiling", "reach", "flagged_unresolved", "named_ceiling", "hit_in_named")}
        ratio = share["25km"] / share["ceiling"] if share["ceiling"] else math.nan
        inside = share["hit_in_ceiling"] / share["ceiling"] if share["ceiling"] else math.nan
        named_inside = share["hit_in_named"] / share["named_ceiling"] if share["named_ceiling"] else math.nan
        print(f"{bucket:12s} {len(a['25km']):5d} " + " ".join(f"{share[c]:8.3f}" for c in cols)
              + f"  {ratio:12.3f}  {inside:14.3f}  {share['reach']:7.3f}  {share['flagged_unresolved']:10.3f}"
              + f"  {share['named_ceiling']:13.3f}  {named_inside:12.3f}")
    for doc_id, gold_location, predicted, km in misses:
        print(f"  miss {doc_id}: gold {gold_location!r}, coded {predicted!r} ({km} km)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
