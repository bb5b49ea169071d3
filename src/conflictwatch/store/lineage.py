"""Which public id each deduplicated event carries, and which new event succeeds one that vanished.

Dedup names a cluster after its anchor account (``cluster_id``), and an account's id hashes its
report, date and sub-event type, so a re-code that changes either gives the incident a new cluster
id. An analyst works with the id she saw: her edits, the ACLED number and links must follow the
incident. So:

* an analyst's merge or split names the event kept (``merge:ID`` / ``keep:ID`` pins);
* an id once given to a cluster stays with it (``event_names``: provisional id → public id);
* an event whose accounts all vanished (its report re-coded or replaced by a new version) is
  succeeded by the cluster that shares its report, overlaps its evidence most and is nearest in
  date and type; a brand-new successor takes over the old id, an existing one receives its edits.
  An event with no successor is retired and its edits kept as orphans, never dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from conflictwatch.resolve import Cluster

_NAMING_PINS = ("merge:", "keep:")


@dataclass(frozen=True)
class Trace:
    """What remains of a vanished event's account: its report, evidence extent, date and sub-event type."""

    report_id: str
    span: tuple[int, int] | None
    event_date: dt.date | None
    sub_event_type: str | None


@dataclass(frozen=True)
class Candidate:
    """A cluster that could succeed a vanished event."""

    id: str  # provisional (dedup's) id
    reports: Mapping[str, tuple[int, int] | None]  # report id → evidence extent of its accounts there
    event_date: dt.date | None
    event_type: str
    sub_event_type: str
    is_new: bool  # no stored event carries it yet: it can take over the vanished event's id


@dataclass(frozen=True)
class Succession:
    gone: str
    candidate: str
    takes_id: bool
    reason: str


def public_ids(clusters: Iterable[Cluster], pins: Mapping[str, str], names: Mapping[str, str]) -> dict[str, str]:
    """Provisional cluster id → the id it is published under: the one an analyst's merge or split
    named, else the one it was given before, else its own. No two clusters share one."""
    wanted: dict[str, str] = {}
    rank: dict[str, int] = {}
    for c in clusters:
        named = sorted(pins[m].split(":", 1)[1].split(":", 1)[0] for m in c.members
                       if pins.get(m, "").startswith(_NAMING_PINS))
        wanted[c.id] = named[0] if named else names.get(c.id, c.id)
        rank[c.id] = 0 if named else 1 if c.id in names else 2
    out: dict[str, str] = {}
    used: set[str] = set()
    # an analyst's naming first, then names given before, then own ids; a taken id falls back to the own id
    for c in sorted(clusters, key=lambda c: (rank[c.id], c.id)):
        choice = wanted[c.id] if wanted[c.id] not in used else c.id
        out[c.id] = choice
        used.add(choice)
    return out


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> float:
    if a is None or b is None:
        return 0.0
    inter = min(a[1], b[1]) - max(a[0], b[0])
    union = max(a[1], b[1]) - min(a[0], b[0])
    return max(0.0, inter) / union if union > 0 else 0.0


def _score(traces: list[Trace], c: Candidate, versions: Mapping[str, str]) -> tuple[float, str] | None:
    shared = [t for t in traces if versions.get(t.report_id, t.report_id) in c.reports]
    if not shared:
        return None
    overlap = max(_overlap(t.span, c.reports[versions.get(t.report_id, t.report_id)]) for t in shared)
    gaps = [abs((t.event_date - c.event_date).days) for t in shared if t.event_date and c.event_date]
    gap = min(gaps) if gaps else None
    same_sub = any(t.sub_event_type == c.sub_event_type for t in shared)
    score = 1.0 + 2.0 * overlap + (1.0 if same_sub else 0.0) + (1.0 / (1 + gap) if gap is not None else 0.0)
    reason = (f"same report, evidence overlap {overlap:.2f}, "
              + (f"{gap} days apart" if gap is not None else "undated") + (", same sub-event type" if same_sub else ""))
    return score, reason


def successors(gone: Mapping[str, list[Trace]], candidates: Iterable[Candidate],
               versions: Mapping[str, str] | None = None) -> list[Succession]:
    """The best successor of each vanished event (``gone``: event id → its accounts' traces), greedily by
    score; a new candidate takes over at most one id. ``versions`` maps a replaced report to its new version."""
    versions = versions or {}
    scored = []
    for event_id, traces in gone.items():
        for c in candidates:
            found = _score(traces, c, versions)
            if found:
                scored.append((-found[0], event_id, c.id, found[1], c.is_new))
    out: list[Succession] = []
    settled: set[str] = set()
    claimed: set[str] = set()
    for _neg, event_id, cid, reason, is_new in sorted(scored):
        if event_id in settled:
            continue
        takes_id = is_new and cid not in claimed
        if is_new and not takes_id:
            continue  # another vanished event took this new cluster over; look further
        settled.add(event_id)
        claimed.add(cid)
        out.append(Succession(event_id, cid, takes_id, reason))
    return out
