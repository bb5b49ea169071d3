"""Evaluation against human-coded reports (the bench format), with the bench's metrics.

Gold: JSONL, one report a line ``{"id", "text", "published", "bucket", "label_only", "events": [...]}``.
Within each report, predicted and gold events are paired greedily by how much they agree
(sub-event type, event type, date, place within 25 km, an actor); unpaired predictions are
false positives and unpaired gold events false negatives. Field accuracies are over pairs.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

Row = Mapping[str, Any]


def _low(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip().lower()
    return text or None


def distance_km(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> float | None:
    """Great-circle distance, or None when a coordinate is missing."""
    try:
        p1, l1, p2, l2 = (math.radians(float(v)) for v in (lat1, lon1, lat2, lon2))
    except (TypeError, ValueError):
        return None
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin((l2 - l1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


_ADMIN_NOISE = re.compile(r"\b(?:al|ar|as|ad|ash|at|az|an|el|governorate|province|region|district)\b[- ]?")


def same_admin(a: Any, b: Any) -> bool:
    """Admin names compared leniently: articles and 'province'-like words dropped, 0.8 similarity."""
    ka, kb = (re.sub(r"[^a-z]", "", _ADMIN_NOISE.sub(" ", x)) if x else None for x in (_low(a), _low(b)))
    if not ka or not kb:
        return False
    return ka == kb or SequenceMatcher(None, ka, kb).ratio() >= 0.8


_IGNORED_TOKENS = {"of", "the", "forces", "force", "group", "and", "(", ")", "-"}


def _actor_token_sets(name: Any) -> list[frozenset[str]]:
    low = _low(name)
    if not low:
        return []
    low = re.sub(r"\(\d{4}-?(\d{4})?\)", " ", low)
    out = []
    for part in (p.strip() for p in low.split(":")):
        tokens = frozenset(t for t in re.findall(r"[a-z0-9]+", part) if t not in _IGNORED_TOKENS)
        if tokens:
            out.append(tokens)
    return out


def same_actor(a: Any, b: Any) -> bool:
    """Lenient actor match: token overlap on either side of an ACLED 'ACRONYM: Name' colon."""
    for x in _actor_token_sets(a):
        for y in _actor_token_sets(b):
            if x == y or len(x & y) / len(x | y) >= 0.6 or (len(x) >= 2 and x <= y) or (len(y) >= 2 and y <= x):
                return True
    return False


def _same_day(g: Any, p: Any) -> bool:
    return g is not None and p is not None and str(g)[:10] == str(p)[:10]


def agreement(g: Row, p: Row) -> float:
    score = 0.0
    if g.get("sub_event_type") and _low(g.get("sub_event_type")) == _low(p.get("sub_event_type")):
        score += 4
    if _low(g.get("event_type")) == _low(p.get("event_type")):
        score += 2
    if _same_day(g.get("event_date"), p.get("event_date")):
        score += 1
    d = distance_km(g.get("latitude"), g.get("longitude"), p.get("latitude"), p.get("longitude"))
    if d is not None and d <= 25:
        score += 1
    if same_actor(g.get("actor1"), p.get("actor1")) or same_actor(g.get("actor2"), p.get("actor2")):
        score += 0.5
    return score


def pair_events(golds: list[Row], preds: list[Row]) -> tuple[list[tuple[Row, Row]], list[Row], list[Row]]:
    """Greedy pairing, best agreement first; returns pairs, lone gold, lone predictions."""
    candidates = sorted(((agreement(g, p), gi, pi) for gi, g in enumerate(golds) for pi, p in enumerate(preds)),
                        reverse=True)
    gold_used: set[int] = set()
    pred_used: set[int] = set()
    pairs = []
    for _, gi, pi in candidates:
        if gi not in gold_used and pi not in pred_used:
            gold_used.add(gi)
            pred_used.add(pi)
            pairs.append((golds[gi], preds[pi]))
    return (pairs, [g for i, g in enumerate(golds) if i not in gold_used],
            [p for i, p in enumerate(preds) if i not in pred_used])


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class _Labels:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)

    def add(self, pairs: list[tuple[Row, Row]], lone_gold: list[Row], lone_pred: list[Row], key: str) -> None:
        for g, p in pairs:
            gold, pred = _low(g.get(key)), _low(p.get(key))
            if gold is None:
                continue  # no gold label at this level: neither credit nor blame
            if gold == pred:
                self.tp[gold] += 1
            else:
                self.fn[gold] += 1
                if pred:
                    self.fp[pred] += 1
        for g in lone_gold:
            if _low(g.get(key)):
                self.fn[_low(g.get(key)) or ""] += 1
        for p in lone_pred:
            if _low(p.get(key)):
                self.fp[_low(p.get(key)) or ""] += 1

    def summary(self) -> dict[str, Any]:
        labels = set(self.tp) | set(self.fp) | set(self.fn)
        support = {c: self.tp[c] + self.fn[c] for c in labels}
        scores = {c: prf(self.tp[c], self.fp[c], self.fn[c]) for c in labels}
        total = sum(support.values())
        with_gold = [c for c in labels if support[c]]
        micro = prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))
        return {
            "micro_f1": micro[2], "precision": micro[0], "recall": micro[1],
            "macro_f1": sum(scores[c][2] for c in with_gold) / len(with_gold) if with_gold else 0.0,
            "weighted_f1": sum(scores[c][2] * support[c] for c in with_gold) / total if total else 0.0,
            "per_class": {c: {"f1": round(scores[c][2], 3), "support": support[c]} for c in sorted(labels)},
        }


def score(gold_reports: list[Row], predictions: Mapping[str, list[Row]]) -> dict[str, Any]:
    """All metrics for gold reports against predicted events grouped by report id."""
    detection = Counter()  # type: Counter[str]
    types, subs = _Labels(), _Labels()
    checks: dict[str, list[bool]] = defaultdict(list)
    actors = Counter()  # type: Counter[str]
    empty_when_no_event: list[bool] = []
    for report in gold_reports:
        golds = list(report.get("events") or [])
        preds = list(predictions.get(str(report["id"]), []))
        if not golds:
            empty_when_no_event.append(not preds)
        pairs, lone_gold, lone_pred = pair_events(golds, preds)
        detection.update(tp=len(pairs), fn=len(lone_gold), fp=len(lone_pred))
        types.add(pairs, lone_gold, lone_pred, "event_type")
        subs.add(pairs, lone_gold, lone_pred, "sub_event_type")
        if report.get("label_only"):
            continue
        for g, p in pairs:
            _field_checks(g, p, checks, actors)
    p, r, f = prf(detection["tp"], detection["fp"], detection["fn"])
    out: dict[str, Any] = {
        "reports": len(gold_reports), "gold_events": detection["tp"] + detection["fn"],
        "pred_events": detection["tp"] + detection["fp"],
        "detection_f1": f, "detection_precision": p, "detection_recall": r,
        "event_type": types.summary(), "sub_event_type": subs.summary(),
        "actor_f1": prf(actors["tp"], actors["fp"], actors["fn"])[2],
        "no_event_reports_left_empty": sum(empty_when_no_event) / len(empty_when_no_event) if empty_when_no_event else None,
    }
    for key, values in checks.items():
        out[key] = sum(values) / len(values) if values else None
    return out


def _field_checks(g: Row, p: Row, checks: dict[str, list[bool]], actors: Counter[str]) -> None:
    if g.get("event_date"):
        checks["date_exact"].append(_same_day(g["event_date"], p.get("event_date")))
    if g.get("latitude") is not None:
        d = distance_km(g["latitude"], g["longitude"], p.get("latitude"), p.get("longitude"))
        for limit in (10, 25, 100):
            checks[f"geo_within_{limit}km"].append(d is not None and d <= limit)
    if g.get("admin1"):
        checks["admin1"].append(same_admin(g["admin1"], p.get("admin1")))
    if g.get("country"):
        checks["country"].append(_low(g["country"]) == _low(p.get("country")))
    if g.get("fatalities") is not None:
        try:
            checks["fatalities_exact"].append(int(p.get("fatalities") or 0) == int(g["fatalities"]))
        except (TypeError, ValueError):
            checks["fatalities_exact"].append(False)
    gold_actors = [a for a in (g.get("actor1"), g.get("actor2")) if a]
    pred_actors = [a for a in (p.get("actor1"), p.get("actor2")) if a]
    matched: set[int] = set()
    for a in gold_actors:
        hit = next((j for j, b in enumerate(pred_actors) if j not in matched and same_actor(a, b)), None)
        if hit is None:
            actors["fn"] += 1
        else:
            matched.add(hit)
            actors["tp"] += 1
    actors["fp"] += len(pred_actors) - len(matched)
    if g.get("actor1"):
        checks["actor1"].append(same_actor(g["actor1"], p.get("actor1")))


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def group_predictions(rows: Iterable[Row]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        out[str(row["doc_id"])].append(row)
    return out


def by_bucket(gold_reports: list[Row], predictions: Mapping[str, list[Row]]) -> dict[str, dict[str, Any]]:
    out = {}
    for bucket in sorted({str(r.get("bucket")) for r in gold_reports}):
        sub = score([r for r in gold_reports if str(r.get("bucket")) == bucket], predictions)
        out[bucket] = {k: sub.get(k) for k in ("reports", "detection_f1", "geo_within_25km", "date_exact",
                                                "fatalities_exact", "actor_f1")}
        out[bucket]["sub_event_weighted_f1"] = sub["sub_event_type"]["weighted_f1"]
        out[bucket]["event_type_weighted_f1"] = sub["event_type"]["weighted_f1"]
    return out


def _fmt(x: Any) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def render(result: Mapping[str, Any], buckets: Mapping[str, Mapping[str, Any]] | None = None) -> str:
    """The report as the bench scorer prints it."""
    lines = [
        f"reports {result['reports']}  gold events {result['gold_events']}  predicted {result['pred_events']}",
        f"detection      P {_fmt(result['detection_precision'])}  R {_fmt(result['detection_recall'])}  "
        f"F1 {_fmt(result['detection_f1'])}",
    ]
    for key in ("event_type", "sub_event_type"):
        r = result[key]
        lines.append(f"{key:15s}weighted F1 {_fmt(r['weighted_f1'])}  macro F1 {_fmt(r['macro_f1'])}  "
                     f"micro F1 {_fmt(r['micro_f1'])}")
    for key in ("date_exact", "geo_within_10km", "geo_within_25km", "geo_within_100km", "admin1", "country",
                "fatalities_exact", "actor1"):
        lines.append(f"{key:18s}{_fmt(result.get(key))}")
    lines.append(f"actor F1          {_fmt(result['actor_f1'])}")
    lines.append(f"no-event reports left empty {_fmt(result['no_event_reports_left_empty'])}")
    for name, r in (buckets or {}).items():
        lines.append(f"  {name:12s} n={r['reports']:4d} subF1 {_fmt(r['sub_event_weighted_f1'])} "
                     f"typeF1 {_fmt(r['event_type_weighted_f1'])} geo25 {_fmt(r['geo_within_25km'])} "
                     f"date {_fmt(r['date_exact'])} fatal {_fmt(r['fatalities_exact'])} actorF1 {_fmt(r['actor_f1'])}")
    lines.append(
        f"SUMMARY sub_event_wF1={_fmt(result['sub_event_type']['weighted_f1'])} "
        f"event_type_wF1={_fmt(result['event_type']['weighted_f1'])} detection_F1={_fmt(result['detection_f1'])} "
        f"date={_fmt(result.get('date_exact'))} geo25={_fmt(result.get('geo_within_25km'))} "
        f"fatalities={_fmt(result.get('fatalities_exact'))} actor_F1={_fmt(result['actor_f1'])}")
    return "\n".join(lines)
