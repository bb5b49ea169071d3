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
import math
import os
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from conflictwatch.errors import EventNotFoundError, ReviewError
from conflictwatch.notes import write_note
from conflictwatch.records import Event, Report, Span
from conflictwatch.resolve import Account, dedup, merge
from conflictwatch.resolve.dedup import DATE_TOLERANCE, MATCH_REACH_DEGREES
from conflictwatch.store.db import Database, connect
from conflictwatch.store.records import (
    EVENT_COLUMNS,
    REVIEWABLE,
    AuditEntry,
    BatchWrite,
    CodedReport,
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


class Store:
    """A conflictwatch database (SQLite file or PostgreSQL). Open with :func:`open_store`."""

    def __init__(self, db: Database):
        self.db = db

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- write ------------------------------------------------------------------------------------
    def report_states(self, report_ids: Sequence[str]) -> dict[str, tuple[str, str | None]]:
        """(status, coder version) of each of these reports that is stored."""
        out: dict[str, tuple[str, str | None]] = {}
        for chunk in _chunks(list(dict.fromkeys(report_ids)), 500):
            marks = ", ".join("?" for _ in chunk)
            for r in self.db.query(f"SELECT id, status, coder_version FROM reports WHERE id IN ({marks})", chunk):
                out[r["id"]] = (r["status"], r["coder_version"])
        return out

    def write_batch(self, batch: Sequence[CodedReport], user: str | None = None, resolve: bool = True) -> BatchWrite:
        """Write a batch of coded reports in one transaction, then (``resolve``) deduplicate its new
        accounts against the store's events in the same transaction, so a committed batch is visible
        with its events. A report already stored by this coder version (by another writer too: the
        check runs under the writer lock) is left as it is; one stored by another version is replaced."""
        user = user or default_user()
        if not batch:
            return BatchWrite()
        counts: Counter[str] = Counter()
        with self.db.transaction():
            stamp = now()
            existing = self.report_states([c.report.id for c in batch])
            feed_rows = sorted({(c.feed, c.entry_key, stamp) for c in batch if c.feed and c.entry_key})
            if feed_rows:
                self.db.executemany("INSERT INTO feed_items (feed, entry_key, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                                    feed_rows)
            fresh: list[CodedReport] = []
            recoded: dict[str, tuple[CodedReport, str | None]] = {}
            for c in batch:
                old = existing.get(c.report.id)
                if old is not None and (old[1] == c.coder_version or c.status != "coded"):
                    counts["unchanged"] += 1
                    continue
                existing[c.report.id] = (c.status, c.coder_version if c.status == "coded" else None)
                if old is None:
                    fresh.append(c)
                else:
                    recoded[c.report.id] = (c, old[1])
            affected = self._drop_accounts(list(recoded.values()), user)
            seq = int(self.db.scalar("SELECT MAX(seq) FROM reports") or 0)  # indexed: one probe per batch
            self.db.executemany(
                "INSERT INTO reports (id, content_hash, text, outlet, url, title, published, fetched_at, language, status,"
                " origin, coder_version, ingested_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(c.report.id, c.content_hash, c.report.text, c.report.source, c.report.url, c.report.title,
                  c.report.published.isoformat() if c.report.published else None, c.fetched_at, c.language, c.status,
                  c.report.origin, c.coder_version if c.status == "coded" else None, stamp, seq + i)
                 for i, c in enumerate(fresh, start=1)])
            self._audit_many(user, "ingest", "report", [
                (c.report.id, {"origin": c.report.origin, "status": c.status, "accounts": [e.event_id for e in c.events]})
                for c in fresh])
            for c in fresh:
                counts["added" if c.status == "coded" else "not_coded"] += 1
            counts["recoded"] = len(recoded)
            written = [(c.report.id, position, e) for c in (*(r for r, _ in recoded.values()), *fresh)
                       for position, e in enumerate(c.events)]
            self._insert_accounts(written)
            changed = self.resolve(user=user, near=[e.event_id for _, _, e in written], events=affected) \
                if resolve and (written or affected) else 0
        return BatchWrite(dict(counts), tuple(e.event_id for _, _, e in written), changed)

    def _drop_accounts(self, recoded: Sequence[tuple[CodedReport, str | None]], user: str) -> list[str]:
        """Remove the old accounts of reports being re-coded (with their previous coder version);
        returns the events that held them."""
        if not recoded:
            return []
        ids = [c.report.id for c, _ in recoded]
        old: dict[str, list[str]] = defaultdict(list)
        affected: set[str] = set()
        for chunk in _chunks(ids, 500):
            marks = ", ".join("?" for _ in chunk)
            for r in self.db.query(f"SELECT id, report_id FROM coded_events WHERE report_id IN ({marks}) ORDER BY position",
                                   chunk):
                old[r["report_id"]].append(r["id"])
            affected.update(r["event_id"] for r in self.db.query(
                f"SELECT DISTINCT event_id FROM event_sources WHERE report_id IN ({marks})", chunk))
            self.db.execute(f"DELETE FROM event_sources WHERE report_id IN ({marks})", chunk)
            self.db.execute(f"DELETE FROM coded_events WHERE report_id IN ({marks})", chunk)
        self.db.executemany("UPDATE reports SET coder_version = ? WHERE id = ?",
                            [(c.coder_version, c.report.id) for c, _ in recoded])
        self._audit_many(user, "recode", "report", [
            (c.report.id, {"from": previous, "to": c.coder_version, "old_accounts": old.get(c.report.id, []),
                           "new_accounts": [e.event_id for e in c.events]}) for c, previous in recoded])
        return sorted(affected)

    def _insert_accounts(self, accounts: Sequence[tuple[str, int, Event]]) -> None:
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
        actors = sorted({(name, inter) for _, _, e in accounts
                         for name, inter in ((e.actor1, e.inter1), (e.actor2, e.inter2)) if name})
        self.db.executemany("INSERT INTO actors (name, inter) VALUES (?, ?) ON CONFLICT DO NOTHING", actors)
        places = {}
        for _, _, e in accounts:
            if e.location or e.latitude is not None:
                key = f"{e.location}|{e.country}|{e.admin1}|{e.latitude}|{e.longitude}"
                places["p-" + hashlib.sha1(key.encode()).hexdigest()[:16]] = (
                    e.location, e.country, e.admin1, e.admin2, e.admin3, e.latitude, e.longitude, e.geo_precision, e.geonames_id)
        self.db.executemany(
            "INSERT INTO places (id, location, country, admin1, admin2, admin3, latitude, longitude, geo_precision,"
            " geonames_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [(pid, *values) for pid, values in sorted(places.items())])

    def totals(self) -> tuple[int, int]:
        """(reports, events) stored."""
        return int(self.db.scalar("SELECT COUNT(*) FROM reports")), int(self.db.scalar("SELECT COUNT(*) FROM events"))

    def remember_feed_items(self, items: Sequence[tuple[str, str]]) -> None:
        """Mark feed entries as seen (for entries whose report was already stored)."""
        if items:
            stamp = now()
            with self.db.transaction():
                self.db.executemany("INSERT INTO feed_items (feed, entry_key, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                                    [(feed, key, stamp) for feed, key in items])

    def reports_to_recode(self, coder_version: str, batch: int = 500) -> Iterator[Report]:
        """Every stored, coded report not coded by ``coder_version``, in ingest order, read a page at a time."""
        last = -1
        while True:
            rows = self.db.query(
                "SELECT id, text, outlet, url, title, published, origin, seq FROM reports WHERE seq > ? AND status = 'coded'"
                " AND (coder_version IS NULL OR coder_version <> ?) ORDER BY seq LIMIT ?", (last, coder_version, batch))
            if not rows:
                return
            for r in rows:
                yield Report(r["id"], r["text"], dt.date.fromisoformat(r["published"]) if r["published"] else None,
                             r["outlet"], r["url"], r["title"], r["origin"])
            last = int(rows[-1]["seq"])

    def feed_seen(self, feed: str, entry_key: str) -> bool:
        return bool(self.db.scalar("SELECT COUNT(*) FROM feed_items WHERE feed = ? AND entry_key = ?", (feed, entry_key)))

    # -- dedup ------------------------------------------------------------------------------------
    def accounts(self, where: str = "", params: Sequence[Any] = ()) -> list[Account]:
        """Stored accounts (all, or those of coded_events ``c`` matching ``where``), as dedup takes them."""
        rows = self.db.query(
            "SELECT c.*, r.seq AS report_seq FROM coded_events c JOIN reports r ON r.id = c.report_id"
            + (f" WHERE {where}" if where else ""), params)
        return [Account(r["id"], r["report_id"],
                        event_from_row(r, event_id=r["id"], doc_id=r["report_id"],
                                       places_mentioned=parse_places(r["places_mentioned"])),
                        (int(r["report_seq"]) * 1000 + int(r["position"]), r["id"]))
                for r in rows]

    def _neighbourhood(self, seeds: Sequence[str], events: Sequence[str]) -> list[Account]:
        """The accounts a dedup of ``seeds`` (new account ids) can touch: those of the seeds' countries
        within twice the widest date window and twice the widest match distance of a seed (any
        distance when either is unlocated, or in the same admin1), and every member of an event
        holding one of those (or one of ``events``), so that whole events are re-clustered."""
        reach_days = 2 * max(DATE_TOLERANCE.values())
        reach = 2 * MATCH_REACH_DEGREES
        blocks: dict[tuple[Any, ...], tuple[list[tuple[int, int]], set[str]]] = defaultdict(lambda: ([], set()))
        ids: set[str] = set()
        for chunk in _chunks(list(seeds), 500):
            marks = ", ".join("?" for _ in chunk)
            for r in self.db.query("SELECT id, country, event_date, latitude, longitude, admin1 FROM coded_events"
                                   f" WHERE id IN ({marks})", chunk):
                ids.add(r["id"])
                if not r["event_date"]:
                    continue  # undated accounts match nothing
                day = dt.date.fromisoformat(r["event_date"]).toordinal()
                located = r["latitude"] is not None and r["longitude"] is not None
                cell = (math.floor(r["latitude"] / reach), math.floor(r["longitude"] / reach)) if located else None
                spans, admins = blocks[(r["country"], cell)]
                spans.append((day - reach_days, day + reach_days))
                if r["admin1"]:
                    admins.add(r["admin1"])
        for (country, cell), (spans, admins) in blocks.items():
            where = ["country = ?" if country is not None else "country IS NULL", "event_date >= ?", "event_date <= ?"]
            place: list[Any] = []
            if cell is not None:
                south, north = cell[0] * reach - reach, (cell[0] + 2) * reach
                widest = min(89.9, max(abs(south), abs(north)))
                lon_reach = reach / max(math.cos(math.radians(widest)), 1e-6)
                west, east = cell[1] * reach - lon_reach, (cell[1] + 1) * reach + lon_reach
                box = "latitude BETWEEN ? AND ?" + (" AND longitude BETWEEN ? AND ?" if -180 < west and east < 180 else "")
                place = [south, north, *([west, east] if -180 < west and east < 180 else [])]
                same_admin = f" OR admin1 IN ({', '.join('?' for _ in admins)})" if admins else ""
                where.append(f"(({box}) OR latitude IS NULL OR longitude IS NULL{same_admin})")
                place += sorted(admins)
            for low, high in _merged_spans(spans):
                ids.update(r["id"] for r in self.db.query(
                    f"SELECT id FROM coded_events WHERE {' AND '.join(where)}",
                    [*([country] if country is not None else []), dt.date.fromordinal(low).isoformat(),
                     dt.date.fromordinal(high).isoformat(), *place]))
        held = set(events)
        for chunk in _chunks(sorted(ids), 500):
            marks = ", ".join("?" for _ in chunk)
            held.update(r["event_id"] for r in self.db.query(
                f"SELECT DISTINCT event_id FROM event_sources WHERE coded_event_id IN ({marks})", chunk))
        for chunk in _chunks(sorted(held), 500):
            marks = ", ".join("?" for _ in chunk)
            ids.update(r["coded_event_id"] for r in self.db.query(
                f"SELECT coded_event_id FROM event_sources WHERE event_id IN ({marks})", chunk))
        out: list[Account] = []
        for chunk in _chunks(sorted(ids), 500):
            out.extend(self.accounts(f"c.id IN ({', '.join('?' for _ in chunk)})", chunk))
        return out

    def resolve(self, user: str | None = None, near: Sequence[str] | None = None, events: Sequence[str] = ()) -> int:
        """Recompute canonical events and write only what changed; returns the changes made.

        With ``near`` (new account ids) only their neighbourhood is re-clustered (see
        :meth:`_neighbourhood`) and the events ``events`` (which lost accounts) are refreshed;
        without, every account is."""
        user = user or default_user()
        with self.db.transaction():
            pins = {r["coded_event_id"]: r["group_key"] for r in self.db.query("SELECT coded_event_id, group_key FROM pins")}
            if near is None:
                accounts = self.accounts()
                existing = {r["id"]: r for r in self.db.query("SELECT * FROM events")}
                link_rows = self.db.query("SELECT event_id, coded_event_id FROM event_sources")
            else:
                accounts = self._neighbourhood(near, events)
                scope = sorted({*events, *(r["event_id"] for chunk in _chunks([a.id for a in accounts], 500)
                                           for r in self.db.query("SELECT event_id FROM event_sources WHERE coded_event_id"
                                                                  f" IN ({', '.join('?' for _ in chunk)})", chunk))})
                existing, link_rows = {}, []
                for chunk in _chunks(scope, 500):
                    marks = ", ".join("?" for _ in chunk)
                    existing.update({r["id"]: r for r in self.db.query(f"SELECT * FROM events WHERE id IN ({marks})", chunk)})
                    link_rows += self.db.query(f"SELECT event_id, coded_event_id FROM event_sources WHERE event_id IN ({marks})",
                                               chunk)
            by_id = {a.id: a for a in accounts}
            clusters = dedup(accounts, {a: g for a, g in pins.items() if a in by_id})
            old_links: dict[str, set[str]] = defaultdict(set)
            for r in link_rows:
                old_links[r["event_id"]].add(r["coded_event_id"])
            new_ids = {c.id for c in clusters}
            member_of = {m: c.id for c in clusters for m in c.members}
            changes = 0
            # an event that vanished (merged into another) hands its analyst edits to the event now holding its anchor
            for gone in sorted(set(existing) - new_ids):
                heir = member_of.get(existing[gone]["anchor"])
                if heir and self.db.scalar("SELECT COUNT(*) FROM edits WHERE event_id = ?", (gone,)):
                    self.db.execute("UPDATE edits SET event_id = ? WHERE event_id = ?", (heir, gone))
                    self._audit(user, "move-edits", "event", gone, {"to": heir})
                self.db.execute("DELETE FROM event_sources WHERE event_id = ?", (gone,))
                self.db.execute("DELETE FROM events WHERE id = ?", (gone,))
                self._audit(user, "delete", "event", gone, {"merged_into": heir})
                changes += 1
            edits = self._edits()
            stamp = now()
            fresh = set(near or ()) | set(events)
            for cluster in clusters:
                if near is not None and cluster.id in existing and cluster.id not in fresh \
                        and old_links.get(cluster.id) == set(cluster.members) and fresh.isdisjoint(cluster.members):
                    continue  # a neighbour the batch left as it was: same accounts, so the same fields
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
                    self._insert_event(row, stamp)
                    self._audit(user, "create", "event", cluster.id, {"sources": list(cluster.members)})
                    changes += 1
                else:
                    diff = {k: [old.get(k), v] for k, v in row.items() if _differs(old.get(k), v)}
                    if diff:
                        sets = ", ".join(f"{k} = ?" for k in diff)
                        self.db.execute(f"UPDATE events SET {sets}, updated_at = ? WHERE id = ?",
                                        (*[v[1] for v in diff.values()], stamp, cluster.id))
                        self._audit(user, "update", "event", cluster.id, {"changed": diff})
                        changes += 1
                if old_links.get(cluster.id, set()) != set(cluster.members):
                    self.db.execute("DELETE FROM event_sources WHERE event_id = ?", (cluster.id,))
                    self.db.executemany(
                        "INSERT INTO event_sources (event_id, coded_event_id, report_id) VALUES (?, ?, ?)",
                        [(cluster.id, m, by_id[m].report_id) for m in cluster.members])
                    if old is not None:
                        self._audit(user, "sources", "event", cluster.id,
                                    {"from": sorted(old_links.get(cluster.id, set())), "to": list(cluster.members)})
        return changes

    def _insert_event(self, row: dict[str, Any], stamp: str) -> None:
        names = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        self.db.execute(f"INSERT INTO events ({names}, created_at, updated_at) VALUES ({marks}, ?, ?)",
                        (*row.values(), stamp, stamp))

    # -- review -----------------------------------------------------------------------------------
    def _edits(self) -> dict[str, dict[str, str | None]]:
        out: dict[str, dict[str, str | None]] = defaultdict(dict)
        for r in self.db.query("SELECT event_id, field, value FROM edits ORDER BY id"):
            out[r["event_id"]][r["field"]] = r["value"]  # latest wins
        return out

    @staticmethod
    def _apply_edits(event: Event, edits: dict[str, str | None]) -> tuple[str, Event]:
        status = edits.get("status") or "machine"
        changes: dict[str, Any] = {}
        for name, raw in edits.items():
            if name == "status":
                continue
            changes[name] = _convert(name, raw)
        if "fatalities" in changes:
            changes["fatalities_known"] = changes["fatalities"] is not None
            changes["fatalities"] = changes["fatalities"] or 0
        return status, replace(event, **changes)

    def review(self, event_id: str, sets: dict[str, str] | None = None, accept: bool = False, reject: bool = False,
               user: str | None = None) -> StoredEvent:
        """Record an analyst's edits (``field=value``; empty value clears) and/or verdict on one event."""
        user = user or default_user()
        if accept and reject:
            raise ReviewError("--accept and --reject exclude each other")
        if not self.db.scalar("SELECT COUNT(*) FROM events WHERE id = ?", (event_id,)):
            raise EventNotFoundError(f"no event {event_id!r}; list ids with `conflictwatch events`")
        sets = dict(sets or {})
        for name, value in sets.items():
            if name not in REVIEWABLE:
                raise ReviewError(f"{name!r} cannot be edited; editable fields: {', '.join(REVIEWABLE)}")
            _convert(name, value or None)  # validate before writing anything
        if accept:
            sets["status"] = "accepted"
        if reject:
            sets["status"] = "rejected"
        if not sets:
            raise ReviewError("nothing to do: give --set field=value, --accept or --reject")
        stamp = now()
        with self.db.transaction():
            for name, value in sets.items():
                self.db.execute("INSERT INTO edits (event_id, field, value, analyst, at) VALUES (?, ?, ?, ?, ?)",
                                (event_id, name, value or None, user, stamp))
            self._audit(user, "review", "event", event_id, {"set": sets})
            self.resolve(user=user)
        return self.event(event_id)

    def merge_events(self, event_ids: list[str], user: str | None = None) -> StoredEvent:
        """An analyst's merge: these events are one incident (new accounts may still join it)."""
        user = user or default_user()
        if len(event_ids) < 2:
            raise ReviewError("merge needs two or more event ids")
        with self.db.transaction():
            members = [m for eid in event_ids for m in self._members(eid)]
            reports = [r["report_id"] for r in self.db.query(
                f"SELECT report_id FROM coded_events WHERE id IN ({', '.join('?' for _ in members)})", members)]
            if len(reports) != len(set(reports)):
                raise ReviewError("these events share a report; one report's accounts stay separate incidents — "
                                  "edit the event instead")
            group = "merge:" + event_ids[0]
            self._pin(members, group, user)
            self._audit(user, "merge", "event", event_ids[0], {"events": event_ids})
            self.resolve(user=user)
            heir = self.db.scalar("SELECT event_id FROM event_sources WHERE coded_event_id = ?", (members[0],))
        return self.event(heir)

    def split_event(self, event_id: str, account_ids: list[str], user: str | None = None) -> list[StoredEvent]:
        """An analyst's split: these accounts (coded event ids, or report ids) of the event are another incident."""
        user = user or default_user()
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
    def event(self, event_id: str) -> StoredEvent:
        found = self.events(ids=[event_id], event_filter=EventFilter(include_rejected=True))
        if not found:
            raise EventNotFoundError(f"no event {event_id!r}; list ids with `conflictwatch events`")
        return found[0]

    def events(self, event_filter: EventFilter | None = None, ids: list[str] | None = None) -> list[StoredEvent]:
        """Canonical events matching the filter, by date then id, each with all its sources."""
        f = event_filter or EventFilter()
        where, params = [], []
        if ids is not None:
            where.append(f"e.id IN ({', '.join('?' for _ in ids)})")
            params.extend(ids)
        for column, value in (("country", f.country), ("admin1", f.admin1)):
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
            where.append("(LOWER(COALESCE(e.actor1, '') || '|' || COALESCE(e.actor2, '') || '|' || COALESCE(e.assoc_actor_1, '')"
                         " || '|' || COALESCE(e.assoc_actor_2, '')) LIKE ?)")
            params.append(f"%{f.actor.lower()}%")
        if f.source:
            where.append("e.id IN (SELECT s.event_id FROM event_sources s JOIN reports r ON r.id = s.report_id"
                         " WHERE LOWER(COALESCE(r.outlet, '') || '|' || COALESCE(r.url, '') || '|' || r.id) LIKE ?)")
            params.append(f"%{f.source.lower()}%")
        if not f.include_rejected:
            where.append("e.status <> 'rejected'")
        sql = "SELECT e.* FROM events e" + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY e.event_date, e.id"
        rows = self.db.query(sql, params)
        if not rows:
            return []
        sources = self._sources([r["id"] for r in rows])
        edits = self._edits()
        out = []
        for r in rows:
            srcs = sources.get(r["id"], ())
            # ACLED's source column: the outlets, else who made the claim, else the report's title
            outlets = "; ".join(dict.fromkeys(s.outlet or s.claimed_by or s.title or s.report_id for s in srcs))
            event = event_from_row(r, event_id=r["id"], doc_id=";".join(dict.fromkeys(s.report_id for s in srcs)),
                                   source=outlets or None)
            out.append(StoredEvent(event, r["fatalities_low"], r["fatalities_high"], r["status"], tuple(srcs),
                                   tuple(sorted(k for k in edits.get(r["id"], {}) if k != "status"))))
        return out

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
            for r in self.db.query(
                    "SELECT s.event_id, s.coded_event_id, r.id AS report_id, r.outlet, r.url, r.title, r.published,"
                    " c.source_kind, c.claimed_by, c.fatalities, c.fatalities_known, c.event_date, r.seq"
                    " FROM event_sources s JOIN coded_events c ON c.id = s.coded_event_id JOIN reports r ON r.id = s.report_id"
                    f" WHERE s.event_id IN ({marks}) ORDER BY r.seq, s.coded_event_id", chunk):
                out[r["event_id"]].append(SourceRef(
                    r["report_id"], r["coded_event_id"], r["outlet"], r["url"], r["title"], r["published"],
                    r["source_kind"] or "news", r["claimed_by"], int(r["fatalities"] or 0), bool(r["fatalities_known"]),
                    r["event_date"], {k: tuple(v) for k, v in spans[r["coded_event_id"]].items()}))
        return out

    def reports(self, status: str | None = None) -> list[StoredReport]:
        rows = self.db.query(
            "SELECT r.id, r.outlet, r.url, r.title, r.published, r.fetched_at, r.language, r.status, r.origin,"
            " (SELECT COUNT(*) FROM coded_events c WHERE c.report_id = r.id) AS n FROM reports r"
            + (" WHERE r.status = ?" if status else "") + " ORDER BY r.seq", (status,) if status else ())
        return [StoredReport(r["id"], r["outlet"], r["url"], r["title"], r["published"], r["fetched_at"],
                             r["language"], r["status"], r["origin"], int(r["n"])) for r in rows]

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

    def stats(self, event_filter: EventFilter | None = None, top: int = 10) -> dict[str, Any]:
        """Counts of events by ISO week, type, actor and place, and of reports by coding status."""
        events = self.events(event_filter)
        by_week: Counter[str] = Counter()
        by_type: Counter[str] = Counter()
        by_actor: Counter[str] = Counter()
        by_place: Counter[str] = Counter()
        fatalities = 0
        for s in events:
            e = s.event
            if e.event_date:
                year, week, _ = e.event_date.isocalendar()
                by_week[f"{year}-W{week:02d}"] += 1
            else:
                by_week["undated"] += 1
            by_type[f"{e.event_type} / {e.sub_event_type}"] += 1
            for actor in {e.actor1, e.actor2} - {None}:
                by_actor[str(actor)] += 1
            by_place[", ".join(x for x in (e.location, e.admin1, e.country) if x) or "unknown"] += 1
            fatalities += e.fatalities
        reports: Counter[str] = Counter(r["status"] for r in self.db.query("SELECT status FROM reports"))
        return {
            "events": len(events), "fatalities": fatalities, "reports": dict(sorted(reports.items())),
            "by_week": dict(sorted(by_week.items())), "by_type": dict(by_type.most_common(top)),
            "by_actor": dict(by_actor.most_common(top)), "by_place": dict(by_place.most_common(top)),
        }

    # -- audit ------------------------------------------------------------------------------------
    def _audit(self, user: str, action: str, entity: str, entity_id: str, detail: dict[str, Any]) -> None:
        self._audit_many(user, action, entity, [(entity_id, detail)])

    def _audit_many(self, user: str, action: str, entity: str, entries: Sequence[tuple[str, dict[str, Any]]]) -> None:
        stamp = now()
        self.db.executemany("INSERT INTO audit_log (at, actor, action, entity, entity_id, detail) VALUES (?, ?, ?, ?, ?, ?)",
                            [(stamp, user, action, entity, entity_id, json.dumps(detail, default=str, sort_keys=True))
                             for entity_id, detail in entries])


def open_store(url: str | None = None) -> Store:
    """Open (creating and migrating as needed) the store at ``url``: a SQLite path (default
    ``./conflictwatch.db``) or a ``postgresql://`` URL."""
    db = connect(url)
    migrate(db)
    return Store(db)


def _convert(name: str, raw: str | None) -> Any:
    if raw is None or raw == "":
        if name in ("event_type", "sub_event_type", "disorder_type", "inter1", "inter2", "interaction"):
            raise ReviewError(f"{name} cannot be empty")
        return None
    kind = REVIEWABLE.get(name)
    try:
        if kind is dt.date:
            return dt.date.fromisoformat(raw)
        if kind is int:
            return int(raw)
        if kind is float:
            return float(raw)
    except ValueError as err:
        expected = "an ISO date" if kind is dt.date else getattr(kind, "__name__", "text")
        raise ReviewError(f"{name}={raw!r}: expected {expected}") from err
    return raw


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


def _merged_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping ``(low, high)`` ranges joined."""
    out: list[tuple[int, int]] = []
    for low, high in sorted(spans):
        if out and low <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], high))
        else:
            out.append((low, high))
    return out


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
