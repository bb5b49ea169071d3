"""Cross-report deduplication: accounts of the same incident from different reports → one event.

Two accounts (coded events of two different reports) tell the same incident when
:func:`conflictwatch.resolve.match.same_incident` says so: dates within each other's precision, places
within a distance scaled by geo precision, compatible (or neighbouring) sub-event types, named actors
that agree once spelling is folded.

Clustering is complete-linkage: an account joins a group only if it matches every member and no
member comes from the same report. Accounts are visited in a canonical order (date, id) and
candidates are looked up by (country, day) blocks, so the result does not depend on input order
and the work grows near-linearly with the number of accounts. A final pass merges groups until no
two are mergeable, so running dedup on its own output changes nothing.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from conflictwatch.records import Event
from conflictwatch.resolve.match import DATE_TOLERANCE, DISTANCE_KM, match_score, named_actors

Score = Callable[[Event, Event], float | None]  # match_score, or a memo of it


@dataclass(frozen=True, slots=True)
class Account:
    """One report's account of an incident: the coded event, its report and its arrival rank."""

    id: str
    report_id: str
    event: Event
    rank: tuple[int, str] = (0, "")  # (ingest sequence, id): the earliest account anchors the group

    @property
    def order(self) -> tuple[int, str]:
        return self.rank if self.rank != (0, "") else (0, self.id)


@dataclass(frozen=True)
class Cluster:
    """A deduplicated incident: its stable id, anchor account and member accounts (sorted)."""

    id: str
    anchor: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Merged:
    """The canonical fields of a group of accounts, with the range of fatality claims."""

    event: Event
    fatalities_low: int | None
    fatalities_high: int | None


@dataclass(slots=True)
class _Group:
    accounts: list[Account]
    pinned: str | None = None
    reports: list[str] = field(default_factory=list)  # a list: groups are small, and a million sets cost 100 MB

    def add(self, account: Account) -> None:
        self.accounts.append(account)
        if account.report_id not in self.reports:
            self.reports.append(account.report_id)

    @property
    def anchor(self) -> Account:
        return min(self.accounts, key=lambda a: a.order)


def cluster_id(anchor_account_id: str) -> str:
    """The canonical event id: derived from its anchor (earliest) account, so it is stable as sources join."""
    return "ev-" + hashlib.sha1(anchor_account_id.encode()).hexdigest()[:16]


# -- pairwise matching: the rules live in conflictwatch.resolve.match --------------------------------

# -- clustering ----------------------------------------------------------------------------------

def _group_score(group: _Group, account: Account, score: Score = match_score) -> float | None:
    if account.report_id in group.reports:
        return None
    total = 0.0
    for member in group.accounts:
        s = score(member.event, account.event)
        if s is None:
            return None
        total += s
    return total / len(group.accounts)


def _groups_score(g1: _Group, g2: _Group, score: Score = match_score) -> float | None:
    if g1.pinned and g2.pinned:
        return None
    if any(r in g2.reports for r in g1.reports):
        return None
    total, n = 0.0, 0
    for a in g1.accounts:
        for b in g2.accounts:
            s = score(a.event, b.event)
            if s is None:
                return None
            total += s
            n += 1
    return total / n


def _block_key(e: Event) -> str:
    return (e.country or "?").casefold()


def _sort_key(account: Account) -> tuple[int, str]:
    d = account.event.event_date
    return (d.toordinal() if d else 10**7, account.id)


# A located account is compared only with accounts in the grid cells its match radius overlaps: a
# cell is 1.2° of latitude (≈ 133 km), more than twice the widest match distance, so that radius
# overlaps at most two rows (and, away from the poles, two columns) and nothing that can match is
# missed; unlocated accounts and coarse (admin-level) ones are looked up by country and admin1.
CELL_DEGREES = 1.2
_LON_CELLS = math.ceil(360 / CELL_DEGREES)
MATCH_REACH_DEGREES = max(DISTANCE_KM.values()) / 111.19 * 1.05  # the widest match distance in degrees of latitude, with a margin
# The most candidate groups one account is compared with; beyond it (a country-only account in a busy
# month) the most recently formed groups are kept, so no block costs more than this.
BLOCK_CAP = 4000


def _located(e: Event) -> bool:
    return e.latitude is not None and e.longitude is not None


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / CELL_DEGREES), math.floor((lon + 180.0) / CELL_DEGREES) % _LON_CELLS


@functools.lru_cache(maxsize=65536)
def _cells_around(lat: float, lon: float) -> tuple[int, ...]:
    """The cells (as ``row * _LON_CELLS + col``) that points within the widest match distance of (lat, lon)
    can fall in (cached: a store's accounts share a few thousand places)."""
    widest = min(89.9, abs(lat) + MATCH_REACH_DEGREES)
    span = min(180.0, MATCH_REACH_DEGREES / max(math.cos(math.radians(widest)), 1e-6))
    south, north = (math.floor((lat + d) / CELL_DEGREES) for d in (-MATCH_REACH_DEGREES, MATCH_REACH_DEGREES))
    rows = range(south, north + 1)
    first, last = (math.floor((lon + 180.0 + d) / CELL_DEGREES) for d in (-span, span))
    cols = sorted({c % _LON_CELLS for c in range(first, last + 1)})
    return tuple(r * _LON_CELLS + c for r in rows for c in cols)


class _Block:
    """The groups of one block with the day of each account added, kept in day order, so the groups
    within a date window are one slice whatever the window's width."""

    __slots__ = ("days", "gids")

    def __init__(self) -> None:
        self.days: list[int] = []
        self.gids: list[int] = []

    def add(self, day: int, gid: int) -> None:
        if not self.days or day >= self.days[-1]:  # accounts come in date order: almost always an append
            self.days.append(day)
            self.gids.append(gid)
        else:  # a pinned group, or a later merge pass: rarely far from the end
            at = bisect.bisect_right(self.days, day)
            self.days.insert(at, day)
            self.gids.insert(at, gid)

    def within(self, low: int, high: int) -> list[int]:
        return self.gids[bisect.bisect_left(self.days, low):bisect.bisect_right(self.days, high)]


class _Index:
    """Groups by (time precision, country) and, for located accounts, grid cell or admin1, each block in
    day order, so a candidate search reads a few small slices whatever the number of accounts."""

    def __init__(self) -> None:
        self._cells: dict[tuple[Any, ...], _Block] = defaultdict(_Block)  # located, by cell
        self._admin: dict[tuple[Any, ...], _Block] = defaultdict(_Block)  # located, by admin1
        self._coarse: dict[tuple[Any, ...], _Block] = defaultdict(_Block)  # located coarsely, by admin1
        self._unlocated: dict[tuple[Any, ...], _Block] = defaultdict(_Block)
        self._all: dict[tuple[Any, ...], _Block] = defaultdict(_Block)
        self._precisions: set[int] = set()

    def add(self, gid: int, e: Event) -> None:
        if e.event_date is None:
            return
        precision, country, day = e.time_precision or 3, _block_key(e), e.event_date.toordinal()
        self._precisions.add(precision)
        self._all[(precision, country)].add(day, gid)
        if not _located(e):
            self._unlocated[(precision, country)].add(day, gid)
            return
        assert e.latitude is not None and e.longitude is not None
        row, col = _cell(e.latitude, e.longitude)
        self._cells[(precision, country, row * _LON_CELLS + col)].add(day, gid)
        if e.admin1:
            self._admin[(precision, country, e.admin1)].add(day, gid)
            if (e.geo_precision or 3) >= 3:
                self._coarse[(precision, country, e.admin1)].add(day, gid)

    def candidates(self, e: Event, cap: int | None = BLOCK_CAP) -> list[int]:
        """Every group that holds an account ``e`` could match (see :func:`match.place_match`), and some more;
        at most ``cap``, the latest formed."""
        if e.event_date is None:
            return []
        day = e.event_date.toordinal()
        own = DATE_TOLERANCE.get(e.time_precision or 3, 31)
        country = _block_key(e)
        located = _located(e)
        by_admin = self._admin if (e.geo_precision or 3) >= 3 else self._coarse
        blocks: list[tuple[dict[tuple[Any, ...], _Block], tuple[Any, ...]]] = []
        if not located:
            blocks.append((self._all, ()))
        else:
            blocks.extend((self._cells, (cell,)) for cell in _cells_around(e.latitude, e.longitude))  # type: ignore[arg-type]
            if self._unlocated:
                blocks.append((self._unlocated, ()))
            if e.admin1 and by_admin:
                blocks.append((by_admin, (e.admin1,)))
        found: set[int] = set()
        for precision in self._precisions:
            window = max(own, DATE_TOLERANCE.get(precision, 31))
            for table, key in blocks:
                block = table.get((precision, country, *key))
                if block is not None:
                    found.update(block.within(day - window, day + window))
        ordered = sorted(found)
        return ordered[-cap:] if cap is not None and len(ordered) > cap else ordered


def dedup(accounts: Iterable[Account], pins: Mapping[str, str] | None = None, score: Score = match_score) -> list[Cluster]:
    """Group accounts into incidents. ``pins`` maps account id → group key for an analyst's merge or
    split: accounts pinned to one key are one incident, and two pinned groups never merge. ``score`` is
    :func:`match_score` or a memo of it (the store keeps one across batches).
    Returns clusters sorted by id; the same set of accounts always gives the same clusters."""
    pins = pins or {}
    ordered = sorted(accounts, key=_sort_key)
    groups: list[_Group] = []
    index = _Index()
    pinned_groups: dict[str, int] = {}
    for account in ordered:
        key = pins.get(account.id)
        if key is None:
            continue
        gid = pinned_groups.get(key)
        if gid is None:
            gid = len(groups)
            pinned_groups[key] = gid
            groups.append(_Group([], pinned=key))
        groups[gid].add(account)
    for gid in pinned_groups.values():
        for account in groups[gid].accounts:
            index.add(gid, account.event)

    for account in ordered:
        if account.id in pins:
            continue
        best: tuple[float, int] | None = None
        for gid in index.candidates(account.event):
            s = _group_score(groups[gid], account, score)
            if s is not None and (best is None or s > best[0]):
                best = (s, gid)
        if best is None:
            gid = len(groups)
            groups.append(_Group([]))
        else:
            gid = best[1]
        groups[gid].add(account)
        index.add(gid, account.event)

    del index  # the merge passes build their own
    groups = _merge_until_stable(groups, score)
    clusters = []
    for g in groups:
        if not g.accounts:
            continue
        anchor = g.anchor
        clusters.append(Cluster(cluster_id(anchor.id), anchor.id, tuple(sorted(a.id for a in g.accounts))))
    return sorted(clusters, key=lambda c: c.id)


def _merge_until_stable(groups: list[_Group], score: Score = match_score) -> list[_Group]:
    """Merge any two groups that now match as wholes, until none do (the greedy pass can leave some).

    After the first pass only pairs with a group that changed can newly match, so later passes look
    only around the groups that grew."""
    alive = [g for g in groups if g.accounts]
    changed: set[int] | None = None  # ids (id()) of groups that grew in the last pass; None: all
    while changed is None or changed:
        alive.sort(key=lambda g: _sort_key(min(g.accounts, key=_sort_key)))
        index = _Index()
        for gid, g in enumerate(alive):
            for a in g.accounts:
                index.add(gid, a.event)
        grew: set[int] = set()
        absorbed: set[int] = set()
        visit: set[int] | None = None
        if changed is not None:
            # a pair with neither side changed was scored in the last pass: visit only around the changed groups
            visit = {gid for gid, g in enumerate(alive) if id(g) in changed}
            visit |= {c for gid in list(visit) for a in alive[gid].accounts for c in index.candidates(a.event)}
        for gid, g in enumerate(alive):
            if gid in absorbed or (visit is not None and gid not in visit):
                continue
            others = {c for a in g.accounts for c in index.candidates(a.event) if c > gid and c not in absorbed}
            best: tuple[float, int] | None = None
            for other in sorted(others):
                s = _groups_score(g, alive[other], score)
                if s is not None and (best is None or s > best[0] or (s == best[0] and other < best[1])):
                    best = (s, other)
            if best is not None:
                other_group = alive[best[1]]
                for a in other_group.accounts:
                    g.add(a)
                g.pinned = g.pinned or other_group.pinned
                absorbed.add(best[1])
                grew.add(id(g))
        alive = [g for i, g in enumerate(alive) if i not in absorbed]
        changed = grew
    return alive


def mergeable(accounts_a: Sequence[Account], accounts_b: Sequence[Account]) -> bool:
    """Whether two groups of accounts would be merged (for checking that dedup's output is a fixpoint)."""
    g1, g2 = _Group([]), _Group([])
    for a in accounts_a:
        g1.add(a)
    for b in accounts_b:
        g2.add(b)
    return _groups_score(g1, g2) is not None


# -- merging fields ------------------------------------------------------------------------------

def _mode(values: Sequence[object], fallback: object) -> object:
    counts = Counter(values)
    top = max(counts.values())
    winners = [v for v in values if counts[v] == top]
    return fallback if fallback in winners else winners[0]


def merge(accounts: Sequence[Account]) -> Merged:
    """Canonical fields for one incident's accounts. Order-independent: ties go to the anchor.

    Date from the most precise accounts (the most common, then the earliest); place from the most
    precise geolocation; type by majority; actors from the account that names the most; fatalities
    ACLED's conservative figure (the lowest known claim) with the low–high range of all claims."""
    accs = sorted(accounts, key=lambda a: a.order)
    anchor = accs[0].event
    best_tp = min((a.event.time_precision or 9) for a in accs)
    dated = [a.event for a in accs if (a.event.time_precision or 9) == best_tp and a.event.event_date]
    date_src = anchor
    if dated:
        dates = [e.event_date for e in dated]
        counts = Counter(dates)
        top = max(counts.values())
        chosen = min(d for d in dates if counts[d] == top)  # type: ignore[type-var]
        date_src = next(e for e in dated if e.event_date == chosen)
    place_src = min((a.event for a in accs), key=lambda e: (e.geo_precision or 9, e.latitude is None, 0))
    sub = _mode([a.event.sub_event_type for a in accs], anchor.sub_event_type)
    type_src = next(a.event for a in accs if a.event.sub_event_type == sub)
    actor_src = max((a.event for a in accs), key=lambda e: len(named_actors(e)) + (0.5 if e.actor2 else 0))
    known = [a.event.fatalities for a in accs if a.event.fatalities_known]
    low, high = (min(known), max(known)) if known else (None, None)
    injuries = [a.event.injuries for a in accs if a.event.injuries is not None]
    arrests = [a.event.arrests for a in accs if a.event.arrests is not None]
    merged = replace(
        anchor,
        event_date=date_src.event_date, time_precision=date_src.time_precision,
        disorder_type=type_src.disorder_type, event_type=type_src.event_type, sub_event_type=type_src.sub_event_type,
        actor1=actor_src.actor1, assoc_actor_1=actor_src.assoc_actor_1, inter1=actor_src.inter1,
        actor2=actor_src.actor2, assoc_actor_2=actor_src.assoc_actor_2, inter2=actor_src.inter2,
        interaction=actor_src.interaction,
        country=place_src.country, admin1=place_src.admin1, admin2=place_src.admin2, admin3=place_src.admin3,
        location=place_src.location, latitude=place_src.latitude, longitude=place_src.longitude,
        geo_precision=place_src.geo_precision, geonames_id=place_src.geonames_id,
        fatalities=low if low is not None else 0, fatalities_known=bool(known),
        injuries=min(injuries) if injuries else None, arrests=min(arrests) if arrests else None,
        flags=tuple(sorted({f for a in accs for f in a.event.flags})),
        places_mentioned=tuple(sorted({p for a in accs for p in a.event.places_mentioned})),
        coder_version=max(a.event.coder_version for a in accs),
        evidence={},
    )
    return Merged(merged, low, high)
