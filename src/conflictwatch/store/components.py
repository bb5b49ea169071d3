"""Which stored accounts a batch's dedup must re-cluster: the match components of its new accounts.

Dedup (:mod:`conflictwatch.resolve.dedup`) puts an account only in a group whose every member it
matches (:func:`~conflictwatch.resolve.match.match_score`), and merges two groups only when every
pair across them matches. So the accounts fall apart into the connected components of the "may
match" graph (with an analyst's pins joining the accounts pinned together), and dedup of the whole
store is the union of dedups of its components, each on its own. A batch therefore has to
re-cluster exactly the components its new accounts fall into — however far they reach in time or
space, and nothing else: the result equals a full dedup, at the cost of the components touched
(not of the store's density around them).

Each stored account carries the label of its component (``match_components``). A new account is
compared with the stored accounts it could match (one indexed query: its country, the date window
of its precision, the box of the widest match distance, unlocated or the same admin1); the
components of those it matches are joined under one label. Labels are only ever joined, never
split: an account that stops matching (re-coded, superseded) leaves its component larger than
needed, which costs time but never changes a result. A store that has accounts but no labels yet
(made before this table) is labelled once, in memory, on first use.

The batch's dedup then goes a component at a time (:func:`cluster`). A component that dedup made one
group of, and whose new accounts each may match every other account (no report twice, no pins), is one
group again without a dedup run: only the pairs with a new account are scored.

The candidate cap of dedup (``BLOCK_CAP``) is the one place where far-away accounts can change a
group, by crowding a block beyond the cap; per-batch dedup leaves that effect out.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

from conflictwatch.errors import StoreError
from conflictwatch.records import Event
from conflictwatch.resolve import Account, match_score
from conflictwatch.resolve.dedup import DATE_TOLERANCE, MATCH_REACH_DEGREES, Cluster, _Index, _sort_key, cluster_id, dedup
from conflictwatch.resolve.match import match_key, same_incident
from conflictwatch.store.db import Database
from conflictwatch.store.schema import MigrationSet

COMPONENTS = MigrationSet("component_migrations", "component migration", StoreError)
Load = Callable[[Sequence[str]], list[Account]]


@COMPONENTS.register(1, "match components of the stored accounts")
def _initial(db: Database) -> None:
    db.execute("CREATE TABLE match_components (coded_event_id TEXT PRIMARY KEY, component TEXT NOT NULL)")
    db.execute("CREATE INDEX match_components_component ON match_components(component)")


@COMPONENTS.register(2, "a covering index for the candidate query")
def _covering(db: Database) -> None:
    # every column :func:`_candidate_queries` reads: the query is answered from the index alone, instead of one
    # table lookup per account of the country and date window (10x faster on a dense store of 50,000)
    db.execute("CREATE INDEX IF NOT EXISTS coded_events_match"
               " ON coded_events(country, event_date, time_precision, latitude, longitude, admin1, id)")


def prepare(db: Database, load_all: Callable[[], list[Account]]) -> None:
    """Create the labels table if missing; a store with accounts but no labels is labelled in full."""
    if 1 in COMPONENTS.apply(db) and db.scalar("SELECT COUNT(*) FROM coded_events"):
        label_all(db, load_all())


def label_all(db: Database, accounts: list[Account]) -> None:
    """(Re)label every account with its match component, computed in memory with dedup's index."""
    index = _Index()
    for i, a in enumerate(accounts):
        index.add(i, a.event)
    parent = list(range(len(accounts)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, a in enumerate(accounts):
        for j in index.candidates(a.event, cap=None):
            if j > i and root(i) != root(j) and match_score(a.event, accounts[j].event) is not None:
                first, second = sorted((root(i), root(j)))
                parent[second] = first
    names: dict[int, str] = {}
    for i, a in enumerate(accounts):
        names[root(i)] = min(names.get(root(i), a.id), a.id)
    db.execute("DELETE FROM match_components")
    db.executemany("INSERT INTO match_components (coded_event_id, component) VALUES (?, ?)",
                   [(a.id, names[root(i)]) for i, a in enumerate(accounts)])


def neighbourhood(db: Database, seeds: list[Account], events: Sequence[str], load: Load,
                  score: Callable[[Account, Account], float | None], known: Members | None = None
                  ) -> tuple[dict[str, str], dict[str, set[str]]]:
    """Label the new accounts ``seeds`` (joining the components they match, by ``score``), and return the
    ids of every stored account in their components, in those of the accounts left in ``events`` (events
    that lost accounts), of accounts pinned with any of these, and of every event holding any of these,
    each with its component's label (itself for an account without one); and the stored accounts of each
    event holding any of them, and of ``events`` (the events the batch may change, with all their links).
    ``known``: the components read before and trusted still (see :class:`Members`), kept up to date here."""
    known = known if known is not None else Members()
    seed_ids = {s.id for s in seeds}
    near = _candidates(db, seeds)
    others = {a.id: a for a in load(sorted(set().union(*near.values()) - seed_ids))} if near else {}
    others.update((s.id, s) for s in seeds)
    labels = known.labels(db, set(others))
    joined = _Joined()
    for s in seeds:
        joined.add(s.id)
        if s.id in labels:  # a re-coded account: its old component stays with it (larger, never wrong)
            joined.join(s.id, labels[s.id])
        for other in near[s.id]:
            label = labels.get(other, other)
            # a candidate already in the seed's component would join nothing: not scored
            if other in others and joined.root(label) != joined.root(s.id) and score(s, others[other]) is not None:
                joined.join(s.id, label)
    final = joined.names()
    db.executemany("UPDATE match_components SET component = ? WHERE component = ?",
                   sorted((new, old) for old, new in final.items() if old != new))
    db.executemany("INSERT INTO match_components (coded_event_id, component) VALUES (?, ?)"
                   " ON CONFLICT (coded_event_id) DO UPDATE SET component = excluded.component",
                   sorted((s, final[s]) for s in seed_ids))
    known.join(final, seed_ids, seed_ids - set(labels))
    links = {e: set() for e in events} | _links(db, events)
    wanted = {final[s] for s in seed_ids} | set(known.labels(db, set().union(*links.values())).values())
    seen, found, read = set(wanted), {}, set()
    alone: dict[str, str] = {}
    while True:  # close over pins and stored events (one round when the labels hold them, as they should)
        more = {a: c for a, c in known.accounts_of(db, wanted).items() if a not in found} | alone
        found.update(more)
        held = _events_of(db, more) - read  # each event's links are read once
        read |= held
        links.update(_links(db, held))
        linked = (_pinned_with(db, more) | {m for e in held for m in links[e]}) - set(found)
        labelled = known.labels(db, linked)
        alone = {a: a for a in linked - set(labelled)}  # an account without a label (none should be): itself
        wanted = set(labelled.values()) - seen
        if not wanted and not alone:
            return found, links
        seen |= wanted


class Members:
    """The stored accounts of match components as :func:`_accounts_of` reads them, each component whole, kept
    between batches while the store trusts what it remembers (see :class:`Memo`): the labels and members of
    the components a batch touches, which are mostly those of the batch before, need no reading."""

    def __init__(self) -> None:
        self.members: dict[str, set[str]] = {}
        self.label_of: dict[str, str] = {}

    def clear(self) -> None:
        self.members.clear()
        self.label_of.clear()

    def labels(self, db: Database, ids: set[str]) -> dict[str, str]:
        """:func:`_labels`: the component of each of ``ids`` that has one; those known are not read."""
        out = {i: self.label_of[i] for i in ids if i in self.label_of}
        out.update(_labels(db, ids - set(out)))
        return out

    def accounts_of(self, db: Database, components: set[str]) -> dict[str, str]:
        """:func:`_accounts_of`: the accounts of each of ``components``; those known are not read, those read are kept."""
        out = {a: c for c in components if c in self.members for a in self.members[c]}
        unknown = components - set(self.members)
        read = _accounts_of(db, unknown)
        out.update(read)
        fresh: dict[str, set[str]] = {c: set() for c in unknown}
        for a, c in read.items():
            fresh[c].add(a)
        for c, held in fresh.items():
            self.members[c] = held
            self.label_of.update((a, c) for a in held)
        return out

    def join(self, final: Mapping[str, str], seeds: set[str], unlabelled: set[str]) -> None:
        """What :func:`neighbourhood` wrote: each component ``old`` is now ``final[old]``, and so is each seed (an
        account of the batch) ``old``. A joined component stays known only if every part of it was: a component
        known whole, or a seed that had no label (so names no component of others)."""
        parts: dict[str, list[str]] = defaultdict(list)
        for old, new in final.items():
            parts[new].append(old)
        for new, olds in parts.items():
            whole = all(p in self.members or p in unlabelled for p in olds)
            held: set[str] = set()
            for p in olds:
                held |= self.members.pop(p, set())
                if p in seeds:
                    held.add(p)
            if whole:
                self.members[new] = held
                self.label_of.update((a, new) for a in held)
            else:
                for a in held:
                    self.label_of.pop(a, None)

    def forget(self, ids: Iterable[str]) -> None:
        """These accounts left the store (their rows were deleted): no component holds them."""
        for i in ids:
            label = self.label_of.pop(i, None)
            if label is not None:
                self.members.get(label, set()).discard(i)


class Memo:
    """What per-batch dedup worked out before, kept by the store from batch to batch: each account as
    decoded from its row (reused while the row reads the same), the match score of each pair of those
    (reused while both are), the reason of each pair (for the audit log), and the groups dedup made of a
    whole component (see :func:`cluster`). A batch re-clusters whole components, and most of their accounts
    and pairs are the same as in the batch before. Bounded: past ``limit`` accounts it starts afresh."""

    def __init__(self, limit: int = 100_000):
        self.limit = limit
        self.rows: dict[str, tuple[tuple[object, ...], Account, int]] = {}  # id → (row, account, epoch checked)
        self.epoch = 0  # a remembered account is trusted without its row only if read or checked in this epoch
        self.components = Members()  # read in this epoch, and kept up to date by the batches since
        # scores and reasons are kept by the pair's kinds (see :meth:`kind`): copies of one story that outlets
        # carried alike are scored once, however many of them a component holds
        self.scores: dict[tuple[int, int], float | None] = {}
        self.reasons: dict[tuple[int, int], str] = {}
        self.cliques: dict[str, tuple[Account, ...]] = {}  # account id → the one-group component it was last in
        self.kinds: dict[tuple[object, ...], int] = {}  # match_key → its number
        self._kind_of: dict[int, tuple[Event, int]] = {}  # id(event) → (the event, kept alive here; its kind)

    def account(self, row: dict[str, object], build: Callable[[dict[str, object]], Account]) -> Account:
        """The account of ``row``: the one remembered if its row read the same (now checked), else decoded."""
        key = tuple(row.values())
        hit = self.rows.get(str(row["id"]))
        if hit is not None and hit[0] == key:
            account = hit[1]
        else:
            if len(self.rows) >= self.limit or len(self.kinds) >= 2 * self.limit:
                self.clear()
            account = build(row)
        self.rows[account.id] = (key, account, self.epoch)
        return account

    def distrust(self) -> None:
        """Something else may have written: no remembered account is taken again before its row is read."""
        self.epoch += 1
        self.components.clear()

    def known(self, ids: Iterable[str]) -> tuple[list[Account], list[str]]:
        """The remembered accounts of ``ids`` read or checked since :meth:`distrust`, and the ids left to read."""
        found, rest = [], []
        for i in ids:
            hit = self.rows.get(i)
            if hit is not None and hit[2] == self.epoch:
                found.append(hit[1])
            else:
                rest.append(i)
        return found, rest

    def forget(self, ids: Iterable[str]) -> None:
        """Drop what is remembered of these accounts (their rows were deleted or rewritten)."""
        ids = list(ids)
        for i in ids:
            self.rows.pop(i, None)
        self.components.forget(ids)

    def clear(self) -> None:
        """Forget everything."""
        for kept in (self.rows, self.scores, self.reasons, self.cliques, self.kinds, self._kind_of):
            kept.clear()
        self.components.clear()

    def kind(self, e: Event) -> int:
        """The number of ``e``'s :func:`match_key`: events of one kind score and reason alike against any other."""
        hit = self._kind_of.get(id(e))
        if hit is not None and hit[0] is e:
            return hit[1]
        if len(self._kind_of) >= 2 * self.limit:
            self._kind_of.clear()
        kind = self.kinds.setdefault(match_key(e), len(self.kinds))
        self._kind_of[id(e)] = (e, kind)
        return kind

    def score(self, a: Event, b: Event) -> float | None:
        """:func:`match_score`, remembered for the kinds of these two events."""
        pair = (self.kind(a), self.kind(b))
        if pair in self.scores:
            return self.scores[pair]
        if len(self.scores) >= 10 * self.limit:
            self.scores.clear()
        found = self.scores[pair] = match_score(a, b)
        return found

    def reason(self, a: Event, b: Event) -> str:
        """:func:`same_incident`'s reason, remembered like :meth:`score` (an event's anchor stays while sources join)."""
        pair = (self.kind(a), self.kind(b))
        found = self.reasons.get(pair)
        if found is None:
            if len(self.reasons) >= self.limit:
                self.reasons.clear()
            found = self.reasons[pair] = same_incident(a, b).reason
        return found

    def remember_group(self, accounts: Sequence[Account]) -> None:
        """Remember that these accounts (a whole component, no pins) are one group of dedup's."""
        group = tuple(accounts)
        for a in group:
            self.cliques[a.id] = group

    def pair(self, a: Account, b: Account) -> float | None:
        """:meth:`score` of two accounts asked as dedup's first pass asks it: the earlier account first."""
        return self.score(a.event, b.event) if _sort_key(a) <= _sort_key(b) else self.score(b.event, a.event)

    def one_group(self, piece: Sequence[Account]) -> bool:
        """Whether dedup makes one group of ``piece`` (a whole component with no pins): every pair may match
        and no two come from one report. The largest group remembered inside it (the same account objects)
        needs no check, so a component that was one group costs only the pairs of its new accounts."""
        if len({a.report_id for a in piece}) < len(piece):
            return False
        by_id = {a.id: a for a in piece}
        known: tuple[Account, ...] = ()
        looked: set[int] = set()  # the members of a group share its one tuple: each is looked at once
        for a in piece:
            group = self.cliques.get(a.id)
            if group is None or id(group) in looked:
                continue
            looked.add(id(group))
            if len(group) > len(known) and all(by_id.get(g.id) is g for g in group):
                known = group
        inside = {a.id for a in known}
        # each pair as :meth:`pair` asks it (the earlier account first), by kinds: copies of a story are one kind
        ranked = sorted(piece, key=_sort_key)
        kinds = [self.kind(a.event) for a in ranked]
        events = dict(zip(kinds, (a.event for a in ranked), strict=True))
        pairs: set[tuple[int, int]] = set()
        for j, b in enumerate(ranked):
            if b.id not in inside:
                pairs.update((k, kinds[j]) for k in set(kinds[:j]))
                pairs.update((kinds[j], k) for k in set(kinds[j + 1:]))
        return all(self.score(events[x], events[y]) is not None for x, y in pairs)


def cluster(accounts: Sequence[Account], labels: Mapping[str, str], pins: Mapping[str, str], memo: Memo) -> list[Cluster]:
    """``dedup(accounts, pins, memo.score)``, for accounts that are whole match components (``labels``:
    account id → component), a component at a time: no account matches outside its component, so dedup of
    the whole is the union of dedups of its components. A component with no pins that dedup makes one
    group of — every pair may match, each account from another report — is that group without a dedup
    (:meth:`Memo.one_group`); the others are deduplicated together, as before. Sorted by id, as dedup's."""
    pieces: dict[str, list[Account]] = defaultdict(list)
    for a in accounts:
        pieces[labels.get(a.id, a.id)].append(a)
    out: list[Cluster] = []
    rest: list[Account] = []
    for piece in pieces.values():
        if any(a.id in pins for a in piece) or not memo.one_group(piece):
            rest.extend(piece)
            continue
        anchor = min(piece, key=lambda a: a.order)
        out.append(Cluster(cluster_id(anchor.id), anchor.id, tuple(sorted(a.id for a in piece))))
        memo.remember_group(piece)
    by_id = {a.id: a for a in rest}
    for found in dedup(rest, {a: g for a, g in pins.items() if a in by_id}, memo.score):
        out.append(found)
        piece = pieces[labels.get(found.anchor, found.anchor)]
        if len(piece) == len(found.members) and not any(a.id in pins for a in piece):
            memo.remember_group([by_id[m] for m in found.members])
    return sorted(out, key=lambda c: c.id)


class _Joined:
    """Union-find over component labels (account ids); a joined component is named after its least label."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def add(self, x: str) -> None:
        self.parent.setdefault(x, x)

    def root(self, x: str) -> str:
        self.add(x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: str, b: str) -> None:
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            first, second = sorted((ra, rb))
            self.parent[second] = first

    def names(self) -> dict[str, str]:
        return {x: self.root(x) for x in list(self.parent)}


def _candidates(db: Database, seeds: Sequence[Account]) -> dict[str, set[str]]:
    """The ids of the stored accounts each seed could match (see :func:`_candidate_queries`), other than itself:
    one statement a seed, of a few texts only, so each is prepared once (one union of hundreds was slower)."""
    out: dict[str, set[str]] = {}
    for s in seeds:
        parts = _candidate_queries(s)
        found: set[str] = set()
        if parts:
            found.update(r[0] for r in db.rows(" UNION ALL ".join(sql for sql, _ in parts),
                                               [p for _, params in parts for p in params]))
        found.discard(s.id)
        out[s.id] = found
    return out


def _candidate_queries(seed: Account) -> list[tuple[str, list[object]]]:
    """Queries (one; two for a seed with no country) for every stored account ``seed`` could match (see
    :func:`conflictwatch.resolve.match.match_score`): same country, a date within the tolerance of either
    precision, and for a located seed within the widest match distance, unlocated, or in the same admin1.
    A superset; match_score decides."""
    e = seed.event
    if e.event_date is None:
        return []
    day = e.event_date.toordinal()
    own = DATE_TOLERANCE.get(e.time_precision or 3, 31)
    widest = max(DATE_TOLERANCE.values())

    def iso(offset: int) -> str:
        return dt.date.fromordinal(day + offset).isoformat()

    where = ["event_date BETWEEN ? AND ?",
             "(event_date BETWEEN ? AND ? OR (time_precision = 2 AND event_date BETWEEN ? AND ?)"
             " OR time_precision IS NULL OR time_precision NOT IN (1, 2))"]
    params: list[object] = [iso(-max(own, widest)), iso(max(own, widest)), iso(-own), iso(own),
                            iso(-max(own, DATE_TOLERANCE[2])), iso(max(own, DATE_TOLERANCE[2]))]
    if e.latitude is not None and e.longitude is not None:
        reach = MATCH_REACH_DEGREES
        box = "latitude BETWEEN ? AND ?"
        params_box: list[object] = [e.latitude - reach, e.latitude + reach]
        lon_reach = reach / max(math.cos(math.radians(min(89.9, abs(e.latitude) + reach))), 1e-6)
        if -180 < e.longitude - lon_reach and e.longitude + lon_reach < 180:
            box += " AND longitude BETWEEN ? AND ?"
            params_box += [e.longitude - lon_reach, e.longitude + lon_reach]
        same_admin = " OR admin1 = ?" if e.admin1 else ""
        where.append(f"(({box}) OR latitude IS NULL OR longitude IS NULL{same_admin})")
        params += params_box + ([e.admin1] if e.admin1 else [])
    # no country matches no country: its two spellings in two queries, each read on the (country, date) index
    countries = [("country = ?", [e.country])] if e.country else [("country IS NULL", []), ("country = ''", [])]
    return [(f"SELECT id FROM coded_events WHERE {country} AND {' AND '.join(where)}", [*value, *params])
            for country, value in countries]


def _chunks(items: Iterable[str], size: int = 500) -> Iterable[list[str]]:
    ordered = sorted(items)
    for i in range(0, len(ordered), size):
        yield ordered[i:i + size]


def _marks(chunk: list[str]) -> str:
    return ", ".join("?" for _ in chunk)


def _labels(db: Database, ids: Iterable[str]) -> dict[str, str]:
    return _pairs_in(db, "SELECT coded_event_id, component FROM match_components WHERE coded_event_id IN ({})", ids)


def _pairs_in(db: Database, sql: str, values: Iterable[str]) -> dict[str, str]:
    """The rows ``sql`` selects for ``values`` as {first column: second}, asked in chunks (``sql`` ends in ``IN ({})``)."""
    out: dict[str, str] = {}
    for chunk in _chunks(values):
        out.update(db.rows(sql.format(_marks(chunk)), chunk))
    return out


def _column_in(db: Database, sql: str, column: str, values: Iterable[str]) -> set[str]:
    """``column`` of the rows ``sql`` selects for ``values``, asked in chunks (``sql`` ends in ``IN ({})``)."""
    out: set[str] = set()
    for chunk in _chunks(values):
        out.update(r[column] for r in db.query(sql.format(_marks(chunk)), chunk))
    return out


def _accounts_of(db: Database, components: Iterable[str]) -> dict[str, str]:
    return _pairs_in(db, "SELECT c.id, m.component FROM match_components m JOIN coded_events c ON c.id = m.coded_event_id"
                         " WHERE m.component IN ({})", components)


def _events_of(db: Database, ids: Iterable[str]) -> set[str]:
    return _column_in(db, "SELECT DISTINCT event_id FROM event_sources WHERE coded_event_id IN ({})", "event_id", ids)


def _links(db: Database, events: Iterable[str]) -> dict[str, set[str]]:
    """The accounts of each of these events (those with none left out)."""
    out: dict[str, set[str]] = defaultdict(set)
    for chunk in _chunks(events):
        for event, account in db.rows(f"SELECT event_id, coded_event_id FROM event_sources WHERE event_id IN ({_marks(chunk)})",
                                      chunk):
            out[event].add(account)
    return dict(out)


def _pinned_with(db: Database, ids: Iterable[str]) -> set[str]:
    keys = _column_in(db, "SELECT group_key FROM pins WHERE coded_event_id IN ({})", "group_key", ids)
    return _column_in(db, "SELECT coded_event_id FROM pins WHERE group_key IN ({})", "coded_event_id", keys)
