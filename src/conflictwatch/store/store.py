"""The event store: reports in, deduplicated and reviewable events out.

The store persists and queries; it codes nothing and reads no source (``conflictwatch.run`` does,
and hands it coded batches).

* Writes are idempotent and batched: :meth:`Store.write_batch` stores a batch of coded reports
  (keyed by the hash of their text) with their accounts in one transaction and skips a report
  already stored by the same coder version; a newer version replaces the machine's accounts
  (analyst edits stay). Killing the process loses at most the batch being written; re-running
  completes it.
* In the same transaction, :meth:`Store.resolve` deduplicates the batch's new accounts against
  the stored events near them (same country, within the date window), applies the analysts'
  edits and writes only what changed, each change in the audit log; so every committed batch is
  visible with its events.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from conflictwatch import acled
from conflictwatch.errors import EventNotFoundError, ReviewError, StoreMissingError
from conflictwatch.notes import write_note
from conflictwatch.progress import bar
from conflictwatch.records import Event, Report, Span
from conflictwatch.resolve import Account, Cluster, dedup, merge, same_incident
from conflictwatch.store import components, lineage
from conflictwatch.store.db import DEFAULT_DB, Database, connect, store_exists
from conflictwatch.store.edits import Locate, checked_edits, consistent, parse_value
from conflictwatch.store.records import (
    EDIT_KINDS,
    EVENT_COLUMNS,
    REVIEWABLE,
    AuditEntry,
    BatchWrite,
    CodedReport,
    Deletion,
    OrphanEdit,
    SourceRef,
    StoredEvent,
    StoredReport,
    event_from_row,
    event_row,
    parse_places,
)
from conflictwatch.store.schema import migrate, now

_EVENT_TABLE_COLUMNS = ("id", "anchor", *EVENT_COLUMNS, "fatalities_low", "fatalities_high", "status", "n_sources")


def default_user() -> str:
    try:
        return os.environ.get("USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@dataclass(frozen=True)
class EventFilter:
    """Which events to list: every given condition must hold."""

    country: str | None = None
    admin1: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    event_type: str | None = None  # event type or sub-event type
    actor: str | None = None  # part of actor1/actor2/assoc names, any case
    source: str | None = None  # part of an outlet, URL or report id
    include_rejected: bool = False
    report: str | None = None  # a report's own key (batch id, feed guid, URL, path), exactly
    sub_event_type: str | None = None  # exactly this sub-event type, any case
    source_kind: str | None = None  # some source of this kind (news, party statement, NGO, official), any case


class Store:
    """A conflictwatch database (SQLite file or PostgreSQL). Open with :func:`open_store`."""

    def __init__(self, db: Database):
        self.db = db
        self._memo = components.Memo()  # per-batch dedup's decoded accounts and pair scores
        # (other connections' version, this one's write transactions) expected at the start of the next batch
        # if nothing but this store's batches wrote in between: then the memo's accounts need no reading
        self._memo_mark: tuple[int, int] | None = None
        self._memo_checked = -1  # the write transaction (its db.writes) in which the memo was last checked

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- write ------------------------------------------------------------------------------------
    def report_states(self, report_ids: Sequence[str]) -> dict[str, tuple[str, str | None, str | None]]:
        """(status, coder version, published) of each of these reports that is stored."""
        out: dict[str, tuple[str, str | None, str | None]] = {}
        for chunk in _chunks(list(dict.fromkeys(report_ids)), 500):
            marks = ", ".join("?" for _ in chunk)
            for r in self.db.query(f"SELECT id, status, coder_version, published FROM reports WHERE id IN ({marks})", chunk):
                out[r["id"]] = (r["status"], r["coder_version"], r["published"])
        return out

    def write_batch(self, batch: Sequence[CodedReport], user: str | None = None, resolve: bool = True) -> BatchWrite:
        """Write a batch of coded reports in one transaction, then (``resolve``) deduplicate its new
        accounts against the store's events in the same transaction, so a committed batch is visible
        with its events.

        Each report is stored under its key (see :meth:`_write_one`): the same text under a new key adds
        that key to the report's provenance; a known key with new text makes a new version of the report
        (the old one kept and linked); a changed ``published`` re-codes it; a report already stored by
        this coder version (by another writer too: the check runs under the writer lock) is left as it is,
        one stored by another version is replaced."""
        user = user or default_user()
        if not batch:
            return BatchWrite()
        counts: Counter[str] = Counter()
        written: list[tuple[str, int, Event]] = []
        affected: set[str] = set()
        with self.db.transaction():
            mark = self._trust_memo()
            stamp = now()
            feed_rows = sorted({(c.feed, c.entry_key, stamp) for c in batch if c.feed and c.entry_key})
            if feed_rows:
                self.db.executemany("INSERT INTO feed_items (feed, entry_key, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                                    feed_rows)
            seq = int(self.db.scalar("SELECT MAX(seq) FROM reports") or 0)  # indexed: one probe per batch
            fresh, unchanged = self._fresh(batch)
            pending = _NewReports(user)
            for i, c in enumerate(batch):
                if i in unchanged:  # stored, not coded again, same key and date: nothing to write
                    counts["unchanged"] += 1
                    continue
                if i in fresh:  # written with the others at the end, in one statement per table
                    seq += 1
                    accounts = pending.add(c, seq)
                    counts["added" if c.status == "coded" else "not_coded"] += 1
                    written.extend(accounts)
                    continue
                pending.flush(self)  # what one-by-one writes would have written before this report
                outcome, accounts, lost, seq = self._write_one(c, user, seq)
                counts[outcome] += 1
                written.extend(accounts)
                affected.update(lost)
            pending.flush(self)
            kept = self.report_states([rid for rid, _, _ in written])  # a report superseded later in the batch
            written = [w for w in written if kept.get(w[0], ("",))[0] != "superseded"]
            changed = self.resolve(user=user, near=[e.event_id for _, _, e in written], events=sorted(affected)) \
                if resolve and (written or affected) else 0
        self._memo_mark = mark  # committed: the next batch may trust what this one read and wrote
        return BatchWrite(dict(counts), tuple(e.event_id for _, _, e in written), changed)

    def _trust_memo(self) -> tuple[int, int] | None:
        """At the start of a batch's transaction: the memo's accounts stay trusted (no row of theirs is read)
        when no other connection has committed since this store's last batch (SQLite's data version;
        PostgreSQL cannot tell, so never) and this connection began no other write transaction in between.
        Returns the mark the next batch must find, or None (a batch inside another transaction)."""
        expected, self._memo_mark = self._memo_mark, None  # until this batch commits
        others = self.db.others_version()
        if self.db.depth != 1 or others is None:
            self._memo.distrust()
            return None
        if expected != (others, self.db.writes):
            self._memo.distrust()
        self._memo_checked = self.db.writes
        return others, self.db.writes + 1

    def _memo_trusted(self) -> bool:
        """Whether this is the transaction of the batch that checked the memo (see :meth:`_trust_memo`)."""
        return self._memo_checked == self.db.writes and self.db.depth > 0

    def _fresh(self, batch: Sequence[CodedReport]) -> tuple[set[int], set[int]]:
        """Positions of the batch's reports that are new texts under new keys, and of those stored already
        under the same key and date that the runner did not code again, each alone in the batch with its id
        and its key: the first are written together (see :class:`_NewReports`), the others need no write.
        Two queries per batch."""
        ids = [c.report.id for c in batch]
        stored: dict[str, tuple[str | None, str | None]] = {}
        for chunk in _chunks(sorted(set(ids)), 500):
            stored.update((r["id"], (r["report_key"], r["published"])) for r in self.db.query(
                f"SELECT id, report_key, published FROM reports WHERE id IN ({', '.join('?' for _ in chunk)})", chunk))
        keys = [c.key or stored.get(c.report.id, (None,))[0] or c.report.id for c in batch]  # as _write_one has it
        known: dict[str, str] = {}
        for chunk in _chunks(sorted(set(keys)), 500):
            known.update((r["report_key"], r["report_id"]) for r in self.db.query(
                f"SELECT report_key, report_id FROM report_keys WHERE report_key IN ({', '.join('?' for _ in chunk)})",
                chunk))
        id_count, key_count = Counter(ids), Counter(keys)
        alone = [id_count[c.report.id] == 1 and key_count[keys[i]] == 1 for i, c in enumerate(batch)]
        fresh = {i for i, c in enumerate(batch) if alone[i] and c.coded and c.report.id not in stored and keys[i] not in known}
        unchanged = {i for i, c in enumerate(batch)
                     if alone[i] and not c.coded and c.report.id in stored and known.get(keys[i]) == c.report.id
                     and (c.report.published is None or c.report.published.isoformat() == stored[c.report.id][1])}
        return fresh, unchanged

    def _write_one(self, c: CodedReport, user: str, seq: int) -> tuple[str, list[tuple[str, int, Event]], list[str], int]:
        """Store one report under its key; returns its outcome, the accounts written, the events that lost
        accounts, and the last ingest sequence number used."""
        report, rid = c.report, c.report.id
        published = report.published.isoformat() if report.published else None
        existing = self.db.query("SELECT id, status, coder_version, published, report_key FROM reports WHERE id = ?", (rid,))
        key = c.key or (existing[0]["report_key"] if existing and existing[0]["report_key"] else rid)
        keyed = self.db.query("SELECT report_id, published FROM report_keys WHERE report_key = ?", (key,))
        previous = keyed[0]["report_id"] if keyed else None
        if existing:
            old = existing[0]
            lost = self._set_key(key, report, user, previous) if previous != rid else []
            if published and published != old["published"] and (previous in (None, rid)):
                self.db.execute("UPDATE reports SET published = ? WHERE id = ?", (published, rid))
                self._audit(user, "published", "report", rid, {"from": old["published"], "to": published, "key": key})
                if c.coded and c.status == "coded":
                    accounts, was_held = self._recode(c, user, old["coder_version"])
                    return "recoded", accounts, [*lost, *was_held], seq
                return "unchanged", [], lost, seq
            if old["status"] == "superseded" and c.coded:  # a key went back to an earlier text: current again
                self.db.execute("UPDATE reports SET status = ?, superseded_by = NULL WHERE id = ?", (c.status, rid))
                accounts, was_held = self._recode(c, user, old["coder_version"]) if c.status == "coded" else ([], [])
                return "versioned", accounts, [*lost, *was_held], seq
            if not c.coded or old["coder_version"] == c.coder_version or c.status != "coded":
                outcome = "source_added" if previous is None else "versioned" if previous != rid else "unchanged"
                return outcome, [], lost, seq
            accounts, was_held = self._recode(c, user, old["coder_version"])
            return "recoded", accounts, [*lost, *was_held], seq
        if not c.coded:  # the runner saw it stored; another writer has removed it since: nothing to write
            return "unchanged", [], [], seq
        seq += 1
        version = 1 + int(self.db.scalar("SELECT version FROM reports WHERE id = ?", (previous,)) or 0) if previous else 1
        self.db.execute(
            "INSERT INTO reports (id, content_hash, text, outlet, url, title, published, fetched_at, language, status,"
            " origin, coder_version, ingested_at, seq, report_key, version, supersedes)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (rid, c.content_hash, report.text, report.source, report.url, report.title, published, c.fetched_at,
             c.language, c.status, report.origin, c.coder_version if c.status == "coded" else None, now(), seq, key,
             version, previous))
        self._audit(user, "ingest", "report", rid, {"origin": report.origin, "status": c.status, "key": key,
                                                    "version": version, "supersedes": previous,
                                                    "accounts": [e.event_id for e in c.events]})
        lost = self._set_key(key, report, user, previous)
        accounts = [(rid, position, e) for position, e in enumerate(c.events)]
        self._insert_accounts(accounts)
        if previous:
            return "versioned", accounts, lost, seq
        return ("added" if c.status == "coded" else "not_coded"), accounts, lost, seq

    def _set_key(self, key: str, report: Report, user: str, previous: str | None) -> list[str]:
        """Point ``key`` at ``report``; a report no key points at any more is superseded (kept, not coded).
        Returns the events that lost the superseded report's accounts."""
        published = report.published.isoformat() if report.published else None
        self.db.execute("DELETE FROM report_keys WHERE report_key = ?", (key,))
        self.db.execute("INSERT INTO report_keys (report_key, report_id, outlet, url, title, published, origin, added_at)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (key, report.id, report.source, report.url, report.title, published, report.origin, now()))
        if previous is None:
            self._audit(user, "add-key", "report", report.id, {"key": key, "outlet": report.source, "url": report.url})
            return []
        lost: list[str] = []
        if not self.db.scalar("SELECT COUNT(*) FROM report_keys WHERE report_id = ?", (previous,)):
            lost = self._drop_accounts(previous)
            self.db.execute("UPDATE reports SET status = 'superseded', superseded_by = ? WHERE id = ?", (report.id, previous))
        self._audit(user, "new-version", "report", previous, {"key": key, "now": report.id})
        return lost

    def _recode(self, c: CodedReport, user: str, was: str | None) -> tuple[list[tuple[str, int, Event]], list[str]]:
        """Replace a stored report's accounts by the coder's new ones; returns them and the events that held
        the old ones."""
        rid = c.report.id
        old = [r["id"] for r in self.db.query("SELECT id FROM coded_events WHERE report_id = ? ORDER BY position", (rid,))]
        lost = self._drop_accounts(rid)
        self.db.execute("UPDATE reports SET coder_version = ? WHERE id = ?", (c.coder_version, rid))
        self._audit(user, "recode", "report", rid, {"from": was, "to": c.coder_version, "old_accounts": old,
                                                    "new_accounts": [e.event_id for e in c.events]})
        accounts = [(rid, position, e) for position, e in enumerate(c.events)]
        self._insert_accounts(accounts)
        return accounts, lost

    def _drop_accounts(self, report_id: str) -> list[str]:
        """Remove a report's accounts, keeping a trace of them (``retired_accounts``) so their events find
        successors; returns the events that held them."""
        held = [r["event_id"] for r in self.db.query(
            "SELECT DISTINCT event_id FROM event_sources WHERE report_id = ?", (report_id,))]
        self._memo.forget(r["id"] for r in self.db.query("SELECT id FROM coded_events WHERE report_id = ?", (report_id,)))
        self._retire_accounts(report_id)
        self.db.execute("DELETE FROM event_sources WHERE report_id = ?", (report_id,))
        self.db.execute("DELETE FROM coded_events WHERE report_id = ?", (report_id,))
        return sorted(held)

    def _insert_accounts(self, accounts: Sequence[tuple[str, int, Event]]) -> None:
        self._insert_account_groups([accounts])

    def _insert_account_groups(self, groups: Sequence[Sequence[tuple[str, int, Event]]]) -> None:
        """Insert several reports' accounts, one statement per table; the rows (and so which of two
        spellings of an actor or place is kept) are those of inserting each group in turn."""
        accounts = [a for group in groups for a in group]
        if not accounts:
            return
        rows = [(e.event_id, report_id, position, *event_row(e).values(), json.dumps(list(e.places_mentioned)))
                for report_id, position, e in accounts]
        names = ", ".join(EVENT_COLUMNS)
        marks = ", ".join("?" for _ in EVENT_COLUMNS)
        self.db.executemany(
            f"INSERT INTO coded_events (id, report_id, position, {names}, places_mentioned) VALUES (?, ?, ?, {marks}, ?)", rows)
        self.db.executemany("INSERT INTO evidence (coded_event_id, field, span_start, span_end) VALUES (?, ?, ?, ?)",
                            [(e.event_id, f, a, b) for _, _, e in accounts
                             for f, a, b in sorted({(f, s.start, s.end) for f, ss in e.evidence.items() for s in ss})])
        actors, places = [], []
        for group in groups:
            actors += sorted({(name, inter) for _, _, e in group
                              for name, inter in ((e.actor1, e.inter1), (e.actor2, e.inter2)) if name})
            spots = {}
            for _, _, e in group:
                if e.location or e.latitude is not None:
                    key = f"{e.location}|{e.country}|{e.admin1}|{e.latitude}|{e.longitude}"
                    spots["p-" + hashlib.sha1(key.encode()).hexdigest()[:16]] = (
                        e.location, e.country, e.admin1, e.admin2, e.admin3, e.latitude, e.longitude, e.geo_precision,
                        e.geonames_id)
            places += [(pid, *values) for pid, values in sorted(spots.items())]
        self.db.executemany("INSERT INTO actors (name, inter) VALUES (?, ?) ON CONFLICT DO NOTHING", actors)
        self.db.executemany(
            "INSERT INTO places (id, location, country, admin1, admin2, admin3, latitude, longitude, geo_precision,"
            " geonames_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", places)

    def totals(self) -> tuple[int, int]:
        """(reports, events) stored."""
        return int(self.db.scalar("SELECT COUNT(*) FROM reports")), int(self.db.scalar("SELECT COUNT(*) FROM events"))

    def reports_to_recode(self, coder_version: str, batch: int = 500) -> Iterator[tuple[Report, str | None]]:
        """Every stored, coded report not coded by ``coder_version``, with its key, in ingest order, read a
        page at a time."""
        last = -1
        while True:
            rows = self.db.query(
                "SELECT id, text, outlet, url, title, published, origin, seq, report_key FROM reports WHERE seq > ?"
                " AND status = 'coded' AND (coder_version IS NULL OR coder_version <> ?) ORDER BY seq LIMIT ?",
                (last, coder_version, batch))
            if not rows:
                return
            for r in rows:
                yield Report(r["id"], r["text"], dt.date.fromisoformat(r["published"][:10]) if r["published"] else None,
                             r["outlet"], r["url"], r["title"], r["origin"]), r["report_key"]
            last = int(rows[-1]["seq"])

    def feed_seen(self, feed: str, entry_key: str) -> bool:
        return bool(self.db.scalar("SELECT COUNT(*) FROM feed_items WHERE feed = ? AND entry_key = ?", (feed, entry_key)))

    # -- dedup ------------------------------------------------------------------------------------
    def accounts(self, where: str = "", params: Sequence[Any] = ()) -> list[Account]:
        """Stored accounts (all, or those of coded_events ``c`` matching ``where``), as dedup takes them."""
        return [_account(r) for r in self._account_rows(where, params)]

    def _account_rows(self, where: str, params: Sequence[Any]) -> list[dict[str, Any]]:
        return self.db.query("SELECT c.*, r.seq AS report_seq FROM coded_events c JOIN reports r ON r.id = c.report_id"
                             + (f" WHERE {where}" if where else ""), params)

    def _neighbourhood(self, seeds: Sequence[str], events: Sequence[str]
                       ) -> tuple[list[Account], dict[str, str], dict[str, set[str]]]:
        """The accounts a dedup of ``seeds`` (new account ids) can touch: every account of the match
        components they fall into, and of those of the accounts left in ``events`` (see
        :mod:`conflictwatch.store.components`), so that a per-batch dedup equals a full one; and the
        component of each; and the accounts of every stored event that holds any of them or is in ``events``."""
        components.prepare(self.db, self.accounts)
        loaded: dict[str, Account] = {}

        def load(ids: Sequence[str]) -> list[Account]:  # each account read once
            loaded.update((a.id, a) for a in self._accounts_by_id([i for i in ids if i not in loaded]))
            return [loaded[i] for i in ids if i in loaded]

        trusted = self._memo_trusted()
        if not trusted:
            self._memo.components.clear()  # what this writes would go past it
        labels, links = components.neighbourhood(self.db, load(seeds), events, load, self._memo.pair,
                                                 self._memo.components if trusted else None)
        return load(sorted(labels)), labels, links

    def _accounts_by_id(self, ids: Sequence[str]) -> list[Account]:
        out, rest = [], list(ids)
        if self._memo_trusted():
            out, rest = self._memo.known(ids)  # trusted: taken without reading their rows
        for chunk in _chunks(rest, 500):
            out.extend(self._memo.account(r, _account)
                       for r in self._account_rows(f"c.id IN ({', '.join('?' for _ in chunk)})", chunk))
        return out

    def resolve(self, user: str | None = None, near: Sequence[str] | None = None, events: Sequence[str] = ()) -> int:
        """Recompute canonical events and write only what changed; returns the changes made.

        With ``near`` (new account ids) only their neighbourhood is re-clustered (see
        :meth:`_neighbourhood`) and the events ``events`` (which lost accounts) are refreshed;
        without, every account is."""
        user = user or default_user()
        with self.db.transaction():
            pins = {r["coded_event_id"]: r["group_key"] for r in self.db.query("SELECT coded_event_id, group_key FROM pins")}
            labels: dict[str, str] = {}
            if near is None:
                accounts = self.accounts()
                existing = {r["id"]: r for r in self.db.query("SELECT * FROM events")}
                link_rows = self.db.query("SELECT event_id, coded_event_id FROM event_sources")
            else:
                accounts, labels, links = self._neighbourhood(near, events)
                existing = {}
                for chunk in _chunks(sorted(links), 500):  # every event holding any of the accounts, as read there
                    marks = ", ".join("?" for _ in chunk)  # their whole rows only once they are known to change
                    existing.update({r["id"]: r for r in self.db.query(f"SELECT id, anchor FROM events WHERE id IN ({marks})",
                                                                       chunk)})
                link_rows = [{"event_id": e, "coded_event_id": m} for e, held in links.items() for m in held]
            by_id = {a.id: a for a in accounts}
            scoped_pins = {a: g for a, g in pins.items() if a in by_id}
            # a full dedup is not worth remembering; a batch's is asked component by component
            found = dedup(accounts, scoped_pins) if near is None else components.cluster(accounts, labels, scoped_pins,
                                                                                          self._memo)
            reason = _reason if near is None else self._memo.reason
            clusters, heirs = self._named_clusters(found, scoped_pins, existing, by_id, user)
            old_links: dict[str, set[str]] = defaultdict(set)
            for r in link_rows:
                old_links[r["event_id"]].add(r["coded_event_id"])
            new_ids = {c.id for c in clusters}
            changes = 0
            # an event that vanished hands its analyst edits to its heir (the event now holding its anchor, or
            # its successor after a re-code); an edit the heir already has, or with no heir, is kept as an orphan
            gone_ids = sorted(set(existing) - new_ids)
            numbers, edited = self._numbers(gone_ids), set(self._edits(gone_ids))
            stamp = now()
            # writes are gathered and sent one statement per table, the audit log in the order of one-by-one writes
            audit: list[tuple[str, str, str, dict[str, Any]]] = []
            for gone in gone_ids:
                heir = heirs.get(gone)
                if gone in edited:
                    self._audit_rows(user, audit)
                    audit = []
                    self._hand_down_edits(gone, heir, user)
                audit.append(("delete", "event", gone, {"merged_into": heir}))
                changes += 1
            self.db.executemany("DELETE FROM event_sources WHERE event_id = ?", [(g,) for g in gone_ids])
            self.db.executemany("DELETE FROM events WHERE id = ?", [(g,) for g in gone_ids])
            self.db.executemany("INSERT INTO deletions (event_id, event_id_cnty, deleted_at, reason, replaced_by)"
                                " VALUES (?, ?, ?, ?, ?)",
                                [(g, numbers.get(g), stamp, "merged" if heirs.get(g) else "no longer reported", heirs.get(g))
                                 for g in gone_ids])
            # an id back in use (a split undoing a merge) leaves the deletions list and takes its kept edits back
            back = [(b,) for b in sorted(new_ids - set(existing))]
            self.db.executemany("DELETE FROM deletions WHERE event_id = ?", back)
            self.db.executemany("UPDATE edits SET orphaned_at = NULL WHERE event_id = ?", back)
            edits = self._edits(None if near is None else sorted({c.id for c in clusters} | set(existing)))
            fresh = set(near or ()) | set(events)
            if near is not None:  # a neighbour the batch left as it was (same accounts, so the same fields) is not read
                clusters = [c for c in clusters if not (c.id in existing and c.id not in fresh and fresh.isdisjoint(c.members)
                                                        and old_links.get(c.id) == set(c.members))]
                for chunk in _chunks(sorted(c.id for c in clusters if c.id in existing), 500):
                    marks = ", ".join("?" for _ in chunk)
                    existing.update({r["id"]: r for r in self.db.query(f"SELECT * FROM events WHERE id IN ({marks})", chunk)})
            created: list[dict[str, Any]] = []
            relinked: list[str] = []
            updates: dict[tuple[str, ...], list[tuple[Any, ...]]] = defaultdict(list)
            for cluster in bar(clusters, "dedup", total=len(clusters), unit=" events"):
                members = [by_id[m] for m in cluster.members]
                merged = merge(members)
                status, fields = self._apply_edits(merged.event, edits.get(cluster.id, {}))
                row = {"id": cluster.id, "anchor": cluster.anchor, **event_row(fields),
                       "fatalities_low": merged.fatalities_low, "fatalities_high": merged.fatalities_high,
                       "status": status, "n_sources": len({a.report_id for a in members})}
                if "notes" not in edits.get(cluster.id, {}):
                    row["notes"] = _note(fields, row["n_sources"], merged.fatalities_low, merged.fatalities_high)
                old = existing.get(cluster.id)
                if old is None:
                    created.append(row)
                    audit.append(("create", "event", cluster.id, {"sources": list(cluster.members),
                                                                  "why": _why(cluster, by_id, pins, reason)}))
                    changes += 1
                else:
                    diff = {k: [old.get(k), v] for k, v in row.items() if _differs(old.get(k), v)}
                    if diff:  # sent after the loop, one statement for each set of changed columns
                        updates[tuple(diff)].append((*[v[1] for v in diff.values()], stamp, cluster.id))
                        audit.append(("update", "event", cluster.id, {"changed": diff}))
                        changes += 1
                if old_links.get(cluster.id, set()) != set(cluster.members):
                    relinked.append(cluster.id)
                    if old is not None:
                        audit.append(("sources", "event", cluster.id,
                                      {"from": sorted(old_links.get(cluster.id, set())), "to": list(cluster.members),
                                       "why": _why(cluster, by_id, pins, reason)}))
            for columns, values in updates.items():
                self.db.executemany(f"UPDATE events SET {', '.join(f'{k} = ?' for k in columns)}, updated_at = ? WHERE id = ?",
                                    values)
            self._insert_events(created, stamp)
            members_of = {c.id: c.members for c in clusters}
            # only the links that changed: an event of hundreds of sources that gains one writes one row
            self.db.executemany("DELETE FROM event_sources WHERE event_id = ? AND coded_event_id = ?",
                                [(e, m) for e in relinked for m in sorted(old_links.get(e, set()) - set(members_of[e]))])
            self.db.executemany("INSERT INTO event_sources (event_id, coded_event_id, report_id) VALUES (?, ?, ?)",
                                [(e, m, by_id[m].report_id) for e in relinked for m in members_of[e]
                                 if m not in old_links.get(e, ())])
            self._audit_rows(user, audit)
            # events lack a number only once created (each resolve numbers them all): a batch asks about its own alone
            unnumbered = "SELECT e.id, e.country FROM events e LEFT JOIN event_numbers n ON n.event_id = e.id" \
                         " WHERE n.event_id IS NULL"
            asked = sorted({*(c["id"] for c in created), *existing})
            self._assign_numbers({r["id"]: r["country"] for r in self.db.query(unnumbered)} if near is None else
                                 {r["id"]: r["country"] for chunk in _chunks(asked, 500)
                                  for r in self.db.query(unnumbered + f" AND e.id IN ({', '.join('?' for _ in chunk)})", chunk)})
        return changes

    def _named_clusters(self, clusters: list[Cluster], pins: dict[str, str], existing: dict[str, Any],
                        by_id: dict[str, Account], user: str) -> tuple[list[Cluster], dict[str, str | None]]:
        """Dedup's clusters under their public ids (see :mod:`conflictwatch.store.lineage`), and the heir of
        each stored event that vanished."""
        names = {r["provisional_id"]: r["event_id"] for r in self.db.query("SELECT provisional_id, event_id FROM event_names")}
        public = lineage.public_ids(clusters, pins, names)
        member_of = {m: public[c.id] for c in clusters for m in c.members}
        gone = set(existing) - set(public.values())
        heirs: dict[str, str | None] = {g: member_of.get(existing[g]["anchor"]) for g in gone}
        unmatched = sorted(g for g in gone if heirs[g] is None)
        traces = self._traces(unmatched)
        if traces:
            versions = {r["id"]: r["superseded_by"] for r in self.db.query(
                "SELECT id, superseded_by FROM reports WHERE superseded_by IS NOT NULL")}
            wanted = {versions.get(t.report_id, t.report_id) for ts in traces.values() for t in ts}
            candidates = self._candidates([c for c in clusters if any(by_id[m].report_id in wanted for m in c.members)],
                                          public, existing, by_id, wanted)
            for step in lineage.successors(traces, candidates, versions):
                if step.takes_id:
                    public[step.candidate] = step.gone
                else:
                    heirs[step.gone] = public[step.candidate]
                self._audit(user, "successor", "event", step.gone, {"successor": public[step.candidate],
                                                                    "takes_id": step.takes_id, "why": step.reason})
            self.db.execute(f"DELETE FROM retired_accounts WHERE event_id IN ({', '.join('?' for _ in unmatched)})",
                            unmatched)
        for provisional, chosen in public.items():
            if names.get(provisional) != chosen and not (provisional == chosen and provisional not in names):
                self.db.execute("DELETE FROM event_names WHERE provisional_id = ?", (provisional,))
                self.db.execute("INSERT INTO event_names (provisional_id, event_id) VALUES (?, ?)", (provisional, chosen))
        return [replace(c, id=public[c.id]) for c in clusters], heirs

    def _traces(self, event_ids: list[str]) -> dict[str, list[lineage.Trace]]:
        out: dict[str, list[lineage.Trace]] = defaultdict(list)
        for chunk in _chunks(event_ids, 500):
            for r in self.db.query("SELECT * FROM retired_accounts WHERE event_id IN"
                                   f" ({', '.join('?' for _ in chunk)}) ORDER BY coded_event_id", chunk):
                span = (r["span_start"], r["span_end"]) if r["span_start"] is not None else None
                day = dt.date.fromisoformat(r["event_date"]) if r["event_date"] else None
                out[r["event_id"]].append(lineage.Trace(r["report_id"], span, day, r["sub_event_type"]))
        return dict(out)

    def _candidates(self, clusters: list[Cluster], public: dict[str, str], existing: dict[str, Any],
                    by_id: dict[str, Account], reports: set[str]) -> list[lineage.Candidate]:
        accounts = [m for c in clusters for m in c.members if by_id[m].report_id in reports]
        extent: dict[str, tuple[int, int]] = {}
        for chunk in _chunks(accounts, 500):
            for r in self.db.query("SELECT coded_event_id, MIN(span_start) AS a, MAX(span_end) AS b FROM evidence"
                                   f" WHERE coded_event_id IN ({', '.join('?' for _ in chunk)}) GROUP BY coded_event_id",
                                   chunk):
                extent[r["coded_event_id"]] = (int(r["a"]), int(r["b"]))
        out = []
        for c in clusters:
            spans: dict[str, tuple[int, int] | None] = {}
            for m in c.members:
                rid, got = by_id[m].report_id, extent.get(m)
                if rid in reports:
                    old = spans.get(rid)
                    spans[rid] = got if old is None else (min(old[0], got[0]), max(old[1], got[1])) if got else old
            anchor = merge([by_id[m] for m in c.members]).event
            out.append(lineage.Candidate(c.id, spans, anchor.event_date, anchor.event_type, anchor.sub_event_type,
                                         public[c.id] not in existing))
        return out

    def _retire_accounts(self, report_id: str) -> None:
        """Keep a trace of a report's accounts before they are replaced, so their events find successors."""
        self.db.execute(
            "INSERT INTO retired_accounts (coded_event_id, report_id, event_id, span_start, span_end, event_date,"
            " sub_event_type, retired_at) SELECT c.id, c.report_id, s.event_id, MIN(v.span_start), MAX(v.span_end),"
            " c.event_date, c.sub_event_type, ? FROM coded_events c LEFT JOIN event_sources s ON s.coded_event_id = c.id"
            " LEFT JOIN evidence v ON v.coded_event_id = c.id WHERE c.report_id = ?"
            " GROUP BY c.id, c.report_id, s.event_id, c.event_date, c.sub_event_type", (now(), report_id))

    def _hand_down_edits(self, gone: str, heir: str | None, user: str) -> None:
        rows = self.db.query("SELECT id, field FROM edits WHERE event_id = ? AND orphaned_at IS NULL", (gone,))
        if not rows:
            return
        held = {r["field"] for r in self.db.query("SELECT DISTINCT field FROM edits WHERE event_id = ? AND orphaned_at IS NULL",
                                                 (heir,))} if heir else set()
        moved = [r["id"] for r in rows if heir and r["field"] not in held]
        kept = [r["id"] for r in rows if r["id"] not in moved]
        for edit_id in moved:
            self.db.execute("UPDATE edits SET event_id = ? WHERE id = ?", (heir, edit_id))
        for edit_id in kept:
            self.db.execute("UPDATE edits SET orphaned_at = ? WHERE id = ?", (now(), edit_id))
        self._audit(user, "move-edits" if heir else "orphan-edits", "event", gone,
                    {"to": heir, "moved": len(moved), "orphaned": len(kept)})

    def orphan_edits(self) -> list[OrphanEdit]:
        """Analyst edits whose event is gone with no heir to take them (or whose heir had its own value)."""
        return [OrphanEdit(r["id"], r["event_id"], r["event_id_cnty"], r["field"], r["value"], r["analyst"], r["at"],
                           r["orphaned_at"])
                for r in self.db.query(
                    "SELECT e.id, e.event_id, e.field, e.value, e.analyst, e.at, e.orphaned_at,"
                    " (SELECT MAX(d.event_id_cnty) FROM deletions d WHERE d.event_id = e.event_id) AS event_id_cnty"
                    " FROM edits e WHERE e.orphaned_at IS NOT NULL OR e.event_id NOT IN (SELECT id FROM events)"
                    " ORDER BY e.id")]

    def _insert_events(self, rows: Sequence[dict[str, Any]], stamp: str) -> None:
        """Insert new events (rows with the same columns), one statement."""
        if not rows:
            return
        names = ", ".join(rows[0])
        marks = ", ".join("?" for _ in rows[0])
        self.db.executemany(f"INSERT INTO events ({names}, created_at, updated_at) VALUES ({marks}, ?, ?)",
                            [(*row.values(), stamp, stamp) for row in rows])

    # -- review -----------------------------------------------------------------------------------
    def _edits(self, event_ids: list[str] | None = None) -> dict[str, dict[str, str | None]]:
        """Each event's edits, latest per field; of every event, or of ``event_ids`` only."""
        out: dict[str, dict[str, str | None]] = defaultdict(dict)
        chunks: Iterable[list[str] | None] = [None] if event_ids is None else _chunks(event_ids, 500)
        for chunk in chunks:
            where = "" if chunk is None else f" AND event_id IN ({', '.join('?' for _ in chunk)})"
            sql = f"SELECT event_id, field, value FROM edits WHERE orphaned_at IS NULL{where} ORDER BY id"
            for r in self.db.query(sql, chunk or ()):
                out[r["event_id"]][r["field"]] = r["value"]  # latest wins
        return out

    @staticmethod
    def _apply_edits(event: Event, edits: dict[str, str | None]) -> tuple[str, Event]:
        status = edits.get("status") or "machine"
        changes: dict[str, Any] = {}
        for name, raw in edits.items():
            if name == "status":
                continue
            try:
                changes[name] = parse_value(name, raw, EDIT_KINDS.get(name))
            except ReviewError:
                continue  # an edit stored before the checks existed, now out of range: left out, kept in the log
        if "fatalities" in changes:
            changes["fatalities_known"] = changes["fatalities"] is not None
            changes["fatalities"] = changes["fatalities"] or 0
        return status, consistent(replace(event, **changes), set(changes))

    def review(self, event_id: str, sets: dict[str, str] | None = None, accept: bool = False, reject: bool = False,
               user: str | None = None, locate: Locate | None = None) -> StoredEvent:
        """Record an analyst's edits (``field=value``; empty value clears) and/or verdict on one event.

        Values are checked against ACLED's vocabularies and ranges, and the fields they imply are set too
        (see :mod:`conflictwatch.store.edits`); ``locate(location, country)`` finds a new location's place
        in the gazetteer (the CLI and API pass the default geocoder's)."""
        user = user or default_user()
        if accept and reject:
            raise ReviewError("--accept and --reject exclude each other")
        event_id = self.resolve_id(event_id)
        sets = dict(sets or {})
        for name in sets:
            if name not in REVIEWABLE:
                raise ReviewError(f"{name!r} cannot be edited; editable fields: {', '.join(REVIEWABLE)}")
        derived: dict[str, str | None] = {}
        if sets:
            checked, derived = checked_edits(self.event(event_id).event, sets, EDIT_KINDS, locate)
            sets = {k: v or "" for k, v in checked.items()}
        if accept:
            sets["status"] = "accepted"
        if reject:
            sets["status"] = "rejected"
        if not sets:
            raise ReviewError("nothing to do: give --set field=value, --accept or --reject")
        stamp = now()
        with self.db.transaction():
            for name, value in {**sets, **derived}.items():
                self.db.execute("INSERT INTO edits (event_id, field, value, analyst, at) VALUES (?, ?, ?, ?, ?)",
                                (event_id, name, value or None, user, stamp))
            self._audit(user, "review", "event", event_id, {"set": sets, "derived": derived})
            self.resolve(user=user)
        return self.event(event_id)

    def merge_events(self, event_ids: list[str], user: str | None = None) -> StoredEvent:
        """An analyst's merge: these events are one incident (new accounts may still join it). The first id
        is kept; the others are retired (listed in :meth:`deletions`, their edits handed to the kept one
        where it has none of its own)."""
        user = user or default_user()
        event_ids = list(dict.fromkeys(self.resolve_id(e) for e in event_ids))
        if len(event_ids) < 2:
            raise ReviewError("merge needs two or more different event ids")
        with self.db.transaction():
            members = [m for eid in event_ids for m in self._members(eid)]
            reports = [r["report_id"] for r in self.db.query(
                f"SELECT report_id FROM coded_events WHERE id IN ({', '.join('?' for _ in members)})", members)]
            if len(reports) != len(set(reports)):
                raise ReviewError("these events share a report; one report's accounts stay separate incidents — "
                                  "edit the event instead")
            kept = event_ids[0]
            kept_event = self.event(kept)
            if kept_event.status == "accepted" and "fatalities" not in kept_event.edited:
                # an accepted figure is the analyst's: merging in lower claims must not lower it
                self.db.execute("INSERT INTO edits (event_id, field, value, analyst, at) VALUES (?, ?, ?, ?, ?)",
                                (kept, "fatalities", str(kept_event.event.fatalities), user, now()))
            self._pin(members, "merge:" + kept, user)
            self._audit(user, "merge", "event", kept, {"events": event_ids, "retired": event_ids[1:]})
            self.resolve(user=user)
        return self.event(kept)

    def split_event(self, event_id: str, account_ids: list[str], user: str | None = None) -> list[StoredEvent]:
        """An analyst's split: these accounts (coded event ids, report ids or report keys) of the event are another
        incident, under a new id; the event keeps its id with the rest."""
        user = user or default_user()
        event_id = self.resolve_id(event_id)
        keyed = self.db.query(f"SELECT report_id FROM report_keys WHERE report_key IN ({', '.join('?' for _ in account_ids)})",
                              account_ids) if account_ids else []
        account_ids = [*account_ids, *(r["report_id"] for r in keyed)]
        with self.db.transaction():
            members = self._members(event_id)
            rows = self.db.query(
                f"SELECT id, report_id FROM coded_events WHERE id IN ({', '.join('?' for _ in members)})", members)
            out = [r["id"] for r in rows if r["id"] in account_ids or r["report_id"] in account_ids]
            if not out or len(out) == len(members):
                raise ReviewError("split needs some, but not all, of the event's sources (coded event or report ids)")
            self._pin([m for m in members if m not in out], "keep:" + event_id, user)
            self._pin(out, "split:" + event_id + ":" + hashlib.sha1("|".join(sorted(out)).encode()).hexdigest()[:8], user)
            self._audit(user, "split", "event", event_id, {"moved": out})
            self.resolve(user=user)
            ids = sorted({self.db.scalar("SELECT event_id FROM event_sources WHERE coded_event_id = ?", (m,))
                          for m in members})
        return [self.event(i) for i in ids]

    def _members(self, event_id: str) -> list[str]:
        rows = self.db.query("SELECT coded_event_id FROM event_sources WHERE event_id = ? ORDER BY coded_event_id",
                             (event_id,))
        if not rows:
            raise EventNotFoundError(f"no event {event_id!r}; list ids with `conflictwatch events`")
        return [r["coded_event_id"] for r in rows]

    def _pin(self, accounts: list[str], group: str, user: str) -> None:
        stamp = now()
        for account in accounts:
            self.db.execute("DELETE FROM pins WHERE coded_event_id = ?", (account,))
            self.db.execute("INSERT INTO pins (coded_event_id, group_key, analyst, at) VALUES (?, ?, ?, ?)",
                            (account, group, user, stamp))

    # -- read -------------------------------------------------------------------------------------
    def resolve_id(self, ref: str) -> str:
        """An event id from an event id or its ACLED-style id (``SYR12``); an error naming it when neither."""
        if self.db.scalar("SELECT COUNT(*) FROM events WHERE id = ?", (ref,)):
            return ref
        found = self.db.query("SELECT event_id, iso3, number FROM event_numbers WHERE iso3 || CAST(number AS TEXT) = ?",
                              (ref,))
        if found and self.db.scalar("SELECT COUNT(*) FROM events WHERE id = ?", (found[0]["event_id"],)):
            return str(found[0]["event_id"])
        retired = self.db.query("SELECT replaced_by FROM deletions WHERE event_id = ? OR event_id_cnty = ?", (ref, ref))
        hint = f" (retired; merged into {retired[-1]['replaced_by']})" if retired and retired[-1]["replaced_by"] else \
            " (retired)" if retired else ""
        raise EventNotFoundError(f"no event {ref!r}{hint}; list ids with `conflictwatch events`")

    def event(self, event_id: str) -> StoredEvent:
        found = self.events(ids=[event_id], event_filter=EventFilter(include_rejected=True))
        if not found:
            raise EventNotFoundError(f"no event {event_id!r}; list ids with `conflictwatch events`")
        return found[0]

    def events(self, event_filter: EventFilter | None = None, ids: list[str] | None = None,
               limit: int | None = None, offset: int = 0) -> list[StoredEvent]:
        """Canonical events matching the filter, by date then id, each with all its sources; with
        ``limit``, only that page (after skipping ``offset``), cut in SQL."""
        where, params = _event_where(event_filter or EventFilter(), ids)
        if limit is None:
            sql = "SELECT e.* FROM events e" + where + " ORDER BY e.event_date, e.id"
        else:  # the page's ids first, from the index alone; then only those rows
            sql = ("SELECT e.* FROM events e WHERE e.id IN (SELECT e.id FROM events e" + where +
                   " ORDER BY e.event_date, e.id LIMIT ? OFFSET ?) ORDER BY e.event_date, e.id")
            params = [*params, int(limit), int(offset)]
        rows = self.db.query(sql, params)
        if not rows:
            return []
        sources = self._sources([r["id"] for r in rows])
        numbers = self._numbers([r["id"] for r in rows])
        edits = self._edits([r["id"] for r in rows])
        out = []
        for r in rows:
            srcs = sources.get(r["id"], ())
            # ACLED's source column: every outlet that carried a report, else the report's own key
            outlets = "; ".join(dict.fromkeys(name for s in srcs for name in (s.outlets or s.report_keys or (s.report_id,))))
            event = event_from_row(r, event_id=r["id"], doc_id=";".join(dict.fromkeys(s.report_id for s in srcs)),
                                   source=outlets or None)
            out.append(StoredEvent(event, r["fatalities_low"], r["fatalities_high"], r["status"], tuple(srcs),
                                   tuple(sorted(k for k in edits.get(r["id"], {}) if k != "status")),
                                   numbers.get(r["id"]), r.get("updated_at")))
        return out

    def _numbers(self, event_ids: list[str]) -> dict[str, str]:
        """ACLED-style ids (``SYR12``) of these events."""
        out: dict[str, str] = {}
        for chunk in _chunks(event_ids, 500):
            for r in self.db.query(f"SELECT event_id, iso3, number FROM event_numbers WHERE event_id IN"
                                   f" ({', '.join('?' for _ in chunk)})", chunk):
                out[r["event_id"]] = f"{r['iso3']}{r['number']}"
        return out

    def _assign_numbers(self, events: dict[str, str | None]) -> None:
        """Give each event without a number (id → country) the next number of its country's ISO alpha-3 code:
        a number is given once and never reused, even after the event is retired."""
        codes = {}
        for country in set(events.values()):
            found = acled.country(country)
            codes[country] = found.alpha3 if found else "XXX"
        last: dict[str, int] = {}
        for iso3 in sorted(set(codes.values())):
            last[iso3] = int(self.db.scalar("SELECT MAX(number) FROM event_numbers WHERE iso3 = ?", (iso3,)) or 0)
        rows = []
        for event_id in sorted(events):
            iso3 = codes[events[event_id]]
            last[iso3] += 1
            rows.append((event_id, iso3, last[iso3]))
        self.db.executemany("INSERT INTO event_numbers (event_id, iso3, number) VALUES (?, ?, ?)", rows)

    def deletions(self) -> list[Deletion]:
        """Retired event ids, ACLED's deletions list: merged into another event, or no longer supported."""
        return [Deletion(r["event_id"], r["event_id_cnty"], r["deleted_at"], r["reason"], r["replaced_by"])
                for r in self.db.query("SELECT * FROM deletions ORDER BY deleted_at, event_id")]

    def _sources(self, event_ids: list[str]) -> dict[str, list[SourceRef]]:
        out: dict[str, list[SourceRef]] = defaultdict(list)
        spans: dict[str, dict[str, list[Span]]] = defaultdict(lambda: defaultdict(list))
        for chunk in _chunks(event_ids, 500):
            marks = ", ".join("?" for _ in chunk)
            for r in self.db.query(
                    "SELECT s.coded_event_id, v.field, v.span_start, v.span_end FROM event_sources s"
                    f" JOIN evidence v ON v.coded_event_id = s.coded_event_id WHERE s.event_id IN ({marks})"
                    " ORDER BY v.span_start, v.span_end", chunk):
                spans[r["coded_event_id"]][r["field"]].append(Span(r["span_start"], r["span_end"]))
            rows = self.db.query(
                    "SELECT s.event_id, s.coded_event_id, r.id AS report_id, r.outlet, r.url, r.title, r.published,"
                    " c.source_kind, c.claimed_by, c.fatalities, c.fatalities_known, c.event_date, r.seq"
                    " FROM event_sources s JOIN coded_events c ON c.id = s.coded_event_id JOIN reports r ON r.id = s.report_id"
                    f" WHERE s.event_id IN ({marks}) ORDER BY r.seq, s.coded_event_id", chunk)
            keys = self._report_keys([r["report_id"] for r in rows])
            for r in rows:
                out[r["event_id"]].append(SourceRef(
                    r["report_id"], r["coded_event_id"], r["outlet"], r["url"], r["title"], r["published"],
                    r["source_kind"] or "news", r["claimed_by"], int(r["fatalities"] or 0), bool(r["fatalities_known"]),
                    r["event_date"], {k: tuple(v) for k, v in spans[r["coded_event_id"]].items()},
                    *keys.get(r["report_id"], ((), ()))))
        return out

    def _report_keys(self, report_ids: list[str]) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
        """Each report's keys (first-seen first) and the outlets that carried it."""
        keys: dict[str, list[str]] = defaultdict(list)
        outlets: dict[str, list[str]] = defaultdict(list)
        for chunk in _chunks(sorted(set(report_ids)), 500):
            for r in self.db.query(
                    "SELECT k.report_id, k.report_key, k.outlet FROM report_keys k JOIN reports r ON r.id = k.report_id"
                    f" WHERE k.report_id IN ({', '.join('?' for _ in chunk)})"
                    " ORDER BY CASE WHEN k.report_key = r.report_key THEN 0 ELSE 1 END, k.added_at, k.report_key", chunk):
                keys[r["report_id"]].append(r["report_key"])
                if r["outlet"] and r["outlet"] not in outlets[r["report_id"]]:
                    outlets[r["report_id"]].append(r["outlet"])
        return {rid: (tuple(keys[rid]), tuple(outlets[rid])) for rid in keys}

    def reports(self, status: str | None = None) -> list[StoredReport]:
        rows = self.db.query(
            "SELECT r.id, r.outlet, r.url, r.title, r.published, r.fetched_at, r.language, r.status, r.origin, r.report_key,"
            " r.version, r.supersedes, r.superseded_by,"
            " (SELECT COUNT(*) FROM coded_events c WHERE c.report_id = r.id) AS n FROM reports r"
            + (" WHERE r.status = ?" if status else "") + " ORDER BY r.seq", (status,) if status else ())
        return [StoredReport(r["id"], r["outlet"], r["url"], r["title"], r["published"], r["fetched_at"],
                             r["language"], r["status"], r["origin"], int(r["n"]), r["report_key"],
                             int(r["version"] or 1), r["supersedes"], r["superseded_by"]) for r in rows]

    def report_text(self, report_id: str) -> str:
        text = self.db.scalar("SELECT text FROM reports WHERE id = ?", (report_id,))
        if text is None:
            raise EventNotFoundError(f"no report {report_id!r}")
        return str(text)

    def audit_log(self, entity_id: str | None = None) -> list[AuditEntry]:
        rows = self.db.query("SELECT * FROM audit_log" + (" WHERE entity_id = ?" if entity_id else "") + " ORDER BY id",
                             (entity_id,) if entity_id else ())
        return [AuditEntry(r["at"], r["actor"], r["action"], r["entity"], r["entity_id"], json.loads(r["detail"] or "{}"))
                for r in rows]

    def counts(self) -> dict[str, int]:
        return {t: int(self.db.scalar(f"SELECT COUNT(*) FROM {t}"))  # noqa: S608 - fixed table names
                for t in ("reports", "coded_events", "events", "event_sources", "evidence", "edits", "audit_log")}

    def count_events(self, event_filter: EventFilter | None = None) -> int:
        """How many events :meth:`events` would list for the filter (counted in SQL)."""
        where, params = _event_where(event_filter or EventFilter())
        return int(self.db.scalar("SELECT COUNT(*) FROM events e" + where, params))

    def stats(self, event_filter: EventFilter | None = None, top: int = 10) -> dict[str, Any]:
        """Counts of events by ISO week, type, actor and place, and of reports by coding status.

        Counted and grouped in SQL (on SQLite each grouping walks an index of its own); the tops
        are ordered by count, ties by the first event in :meth:`events`' order that has the value."""
        sql, params = _stats_query(event_filter or EventFilter(), self.db.dialect, top)
        weeks: Counter[str] = Counter()
        fatalities = 0
        groups: dict[str, dict[str, tuple[int, tuple[str, str]]]] = {"t": {}, "a": {}, "p": {}}
        for r in self.db.query(sql, params):
            dim = r["dim"]
            if dim == "w":  # one row a day, folded into ISO weeks here, the same on every database
                day = dt.date.fromisoformat(r["a"]) if r["a"] else None
                year, week, _ = day.isocalendar() if day else (0, 0, 0)
                weeks[f"{year}-W{week:02d}" if day else "undated"] += int(r["n"])
                fatalities += int(r["fatalities"] or 0)
                continue
            order = (str(r["first_key"]), dim)  # an event's actor1 ("a1") comes before its actor2 ("a2")
            if dim == "t":
                key = f"{r['a']} / {r['b']}"
            elif dim == "p":
                key = str(r["a"])
            else:
                key, dim = str(r["a"]), "a"
            n, earliest = groups[dim].get(key, (0, order))
            groups[dim][key] = (n + int(r["n"]), min(earliest, order))

        def most_common(dim: str) -> dict[str, int]:
            ranked = sorted(groups[dim].items(), key=lambda item: (-item[1][0], item[1][1]))
            return {key: n for key, (n, _) in ranked[:top]}

        reports = {r["status"]: int(r["n"]) for r in self.db.query(
            "SELECT status, COUNT(*) AS n FROM reports GROUP BY status")}
        return {
            "events": sum(weeks.values()), "fatalities": fatalities, "reports": dict(sorted(reports.items())),
            "by_week": dict(sorted(weeks.items())), "by_type": most_common("t"), "by_actor": most_common("a"),
            "by_place": most_common("p"),
        }

    # -- audit ------------------------------------------------------------------------------------
    def _audit(self, user: str, action: str, entity: str, entity_id: str, detail: dict[str, Any]) -> None:
        self._audit_many(user, action, entity, [(entity_id, detail)])

    def _audit_many(self, user: str, action: str, entity: str, entries: Sequence[tuple[str, dict[str, Any]]]) -> None:
        self._audit_rows(user, [(action, entity, entity_id, detail) for entity_id, detail in entries])

    def _audit_rows(self, user: str, entries: Sequence[tuple[str, str, str, dict[str, Any]]]) -> None:
        """Audit entries (action, entity, entity id, detail), in this order, in one statement."""
        stamp = now()
        self.db.executemany("INSERT INTO audit_log (at, actor, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
                            [(stamp, user, action, entity, entity_id, json.dumps(detail, default=str, sort_keys=True))
                             for action, entity, entity_id, detail in entries])


class _NewReports:
    """The writes of a run of new reports under new keys (see :meth:`Store._fresh`), gathered and sent
    as one statement per table: the rows and audit entries :meth:`Store._write_one` would write for
    each of them in turn."""

    def __init__(self, user: str):
        self.user = user
        self.reports: list[tuple[Any, ...]] = []
        self.keys: list[tuple[Any, ...]] = []
        self.audit: list[tuple[str, str, str, dict[str, Any]]] = []
        self.accounts: list[list[tuple[str, int, Event]]] = []

    def add(self, c: CodedReport, seq: int) -> list[tuple[str, int, Event]]:
        report, rid, stamp = c.report, c.report.id, now()
        key = c.key or rid
        published = report.published.isoformat() if report.published else None
        self.reports.append((rid, c.content_hash, report.text, report.source, report.url, report.title, published,
                             c.fetched_at, c.language, c.status, report.origin,
                             c.coder_version if c.status == "coded" else None, stamp, seq, key, 1, None))
        self.keys.append((key, rid, report.source, report.url, report.title, published, report.origin, stamp))
        self.audit.append(("ingest", "report", rid, {"origin": report.origin, "status": c.status, "key": key,
                                                     "version": 1, "supersedes": None,
                                                     "accounts": [e.event_id for e in c.events]}))
        self.audit.append(("add-key", "report", rid, {"key": key, "outlet": report.source, "url": report.url}))
        accounts = [(rid, position, e) for position, e in enumerate(c.events)]
        self.accounts.append(accounts)
        return accounts

    def flush(self, store: Store) -> None:
        if not self.reports:
            return
        store.db.executemany(
            "INSERT INTO reports (id, content_hash, text, outlet, url, title, published, fetched_at, language, status,"
            " origin, coder_version, ingested_at, seq, report_key, version, supersedes)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self.reports)
        store.db.executemany("INSERT INTO report_keys (report_key, report_id, outlet, url, title, published, origin, added_at)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", self.keys)
        store._audit_rows(self.user, self.audit)
        store._insert_account_groups(self.accounts)
        self.reports, self.keys, self.audit, self.accounts = [], [], [], []


def open_store(url: str | None = None, create: bool = True) -> Store:
    """Open (creating and migrating as needed) the store at ``url``: a SQLite path (default
    ``./conflictwatch.db``) or a ``postgresql://`` URL. With ``create=False`` a missing SQLite file, or a
    PostgreSQL database without a store in it, is a :class:`StoreMissingError` instead of a new empty store."""
    if not create and not store_exists(url):
        raise StoreMissingError(f"no conflictwatch store at {url or DEFAULT_DB!r}; check --db (or $CONFLICTWATCH_DB), "
                                "or create one with `conflictwatch ingest SOURCE…` or `conflictwatch init`")
    db = connect(url)
    migrate(db)
    return Store(db)


def _contains(expression: str, needle: str) -> tuple[str, str]:
    """SQL for "``expression`` contains ``needle``", any case, taken literally: ``%`` and ``_`` in
    what a user typed are not wildcards."""
    escaped = needle.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"LOWER({expression}) LIKE ? ESCAPE '\\'", f"%{escaped}%"


def _event_where(f: EventFilter, ids: list[str] | None = None) -> tuple[str, list[Any]]:
    """The WHERE clause (empty, or with its leading space) and its parameters that select ``f``'s
    events from ``events e``."""
    where: list[str] = []
    params: list[Any] = []
    if ids is not None:
        where.append(f"e.id IN ({', '.join('?' for _ in ids)})")
        params.extend(ids)
    for column, value in (("country", f.country), ("admin1", f.admin1), ("sub_event_type", f.sub_event_type)):
        if value:
            where.append(f"LOWER(e.{column}) = LOWER(?)")
            params.append(value)
    if f.since:
        where.append("e.event_date >= ?")
        params.append(f.since.isoformat())
    if f.until:
        where.append("e.event_date <= ?")
        params.append(f.until.isoformat())
    if f.event_type:
        where.append("(LOWER(e.event_type) = LOWER(?) OR LOWER(e.sub_event_type) = LOWER(?))")
        params.extend([f.event_type, f.event_type])
    if f.actor:
        sql, pattern = _contains("COALESCE(e.actor1, '') || '|' || COALESCE(e.actor2, '') || '|' || "
                                 "COALESCE(e.assoc_actor_1, '') || '|' || COALESCE(e.assoc_actor_2, '')", f.actor)
        where.append(sql)
        params.append(pattern)
    if f.source:
        sql, pattern = _contains("COALESCE(r.outlet, '') || '|' || COALESCE(r.url, '') || '|' || r.id", f.source)
        where.append(f"e.id IN (SELECT s.event_id FROM event_sources s JOIN reports r ON r.id = s.report_id WHERE {sql})")
        params.append(pattern)
    if f.source_kind:
        # a source with no kind is news, as SourceRef reads it
        where.append("EXISTS (SELECT 1 FROM event_sources s JOIN coded_events c ON c.id = s.coded_event_id"
                     " WHERE s.event_id = e.id AND LOWER(COALESCE(NULLIF(c.source_kind, ''), 'news')) = LOWER(?))")
        params.append(f.source_kind)
    if f.report:
        where.append("e.id IN (SELECT s.event_id FROM event_sources s JOIN report_keys k ON k.report_id = s.report_id"
                     " WHERE k.report_key = ?)")
        params.append(f.report)
    if not f.include_rejected:
        where.append("e.status <> 'rejected'")
    return (" WHERE " + " AND ".join(where) if where else ""), params


# The groupings of stats(): name, the columns grouped by (selected as a, b, c), and which rows count.
# An event counts once per distinct actor: always for actor1, for actor2 when it is another.
_STATS_GROUPS = (
    ("w", ("event_date",), ""),
    ("t", ("event_type", "sub_event_type"), ""),
    ("p", ("location", "admin1", "country"), ""),
    ("a1", ("actor1",), "actor1 IS NOT NULL"),
    ("a2", ("actor2",), "actor2 IS NOT NULL AND (actor1 IS NULL OR actor2 <> actor1)"),
)

# "location, admin1, country" of the parts given (not NULL, not empty), or "unknown"
_PLACE_NAME = ("COALESCE(NULLIF(SUBSTR(COALESCE(', ' || NULLIF(a, ''), '') || COALESCE(', ' || NULLIF(b, ''), '')"
               " || COALESCE(', ' || NULLIF(c, ''), ''), 3), ''), 'unknown')")


def _stats_query(f: EventFilter, dialect: str, top: int) -> tuple[str, list[Any]]:
    """One statement for :meth:`Store.stats`: a row per group of each grouping, with its count, the
    (date, id) of its first event and, per day, the fatalities."""
    where, params = _event_where(f)
    if replace(f, include_rejected=False) == EventFilter():
        prefix, source = "", "events e" + where  # every event: each grouping walks its own index
    else:  # a subset: chosen once, then grouped
        prefix = ("WITH f AS MATERIALIZED (SELECT e.event_date, e.id, e.event_type, e.sub_event_type, e.location, e.admin1,"
                  f" e.country, e.actor1, e.actor2, e.fatalities FROM events e{where}) ")
        source = "f"
    # the least (event_date, id) of a group, with NULL dates first on SQLite and last on PostgreSQL, as each sorts them
    first = f"MIN(COALESCE(event_date, '{'0000-00-00' if dialect == 'sqlite' else '9999-99-99'}') || id)"
    branches = []
    for dim, columns, condition in _STATS_GROUPS:
        selected = [*columns, *["CAST(NULL AS TEXT)"] * (3 - len(columns))]
        # days need no first event (weeks are listed in order), and the others no fatalities
        order, fatalities = (("CAST(NULL AS TEXT)", "SUM(COALESCE(fatalities, 0))") if dim == "w"
                             else (first, "CAST(NULL AS BIGINT)"))
        joiner = " AND " if " WHERE " in source else " WHERE "
        branches.append(f"SELECT '{dim}' AS dim, {', '.join(f'{c} AS {a}' for c, a in zip(selected, 'abc', strict=True))},"
                        f" COUNT(*) AS n, {order} AS first_key, {fatalities} AS fatalities"
                        f" FROM {source}{joiner + condition if condition else ''} GROUP BY {', '.join(columns)}")
    # places are many: their groups (by the index) fold into place names and only the top come back
    places = branches.pop(2)
    branches.append(f"SELECT * FROM (SELECT 'p' AS dim, {_PLACE_NAME} AS a, CAST(NULL AS TEXT) AS b, CAST(NULL AS TEXT) AS c,"
                    f" SUM(n) AS n, MIN(first_key) AS first_key, CAST(NULL AS BIGINT) AS fatalities FROM ({places}) g"
                    f" GROUP BY {_PLACE_NAME} ORDER BY SUM(n) DESC, MIN(first_key) LIMIT ?) p")
    return prefix + " UNION ALL ".join(branches), [*params, top]


def _reason(a: Event, b: Event) -> str:
    return same_incident(a, b).reason


def _why(cluster: Cluster, by_id: dict[str, Account], pins: dict[str, str],
         reason: Callable[[Event, Event], str] = _reason) -> dict[str, str]:
    """Why each account joined the event's anchor: dedup's reason (``reason``, perhaps remembered), or the
    analyst's merge or split."""
    anchor = by_id[cluster.anchor].event
    out = {}
    for member in cluster.members:
        if member == cluster.anchor:
            continue
        pinned = pins.get(member)
        out[member] = (f"analyst's {pinned.split(':', 1)[0]}" if pinned
                       else reason(anchor, by_id[member].event))
    return out


def _differs(old: Any, new: Any) -> bool:
    if isinstance(old, float) or isinstance(new, float):
        if old is None or new is None:
            return old is not new
        return abs(float(old) - float(new)) > 1e-9
    if isinstance(new, bool):
        new = int(new)
    return bool(old != new)


def _note(e: Event, n_sources: int, low: int | None, high: int | None) -> str:
    note = write_note(replace(e, claimed_by=None))
    if n_sources > 1:
        note += f" {n_sources} sources"
        if low is not None and high is not None and low != high:
            note += f"; fatalities reported {low}-{high} (lowest used)"
        note += "."
    return note


def _account(r: dict[str, Any]) -> Account:
    """An account as dedup takes it, from a row of :meth:`Store._account_rows`."""
    return Account(r["id"], r["report_id"],
                   event_from_row(r, event_id=r["id"], doc_id=r["report_id"],
                                  places_mentioned=parse_places(r["places_mentioned"])),
                   (int(r["report_seq"]) * 1000 + int(r["position"]), r["id"]))


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
