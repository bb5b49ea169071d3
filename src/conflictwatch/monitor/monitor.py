"""The ceasefire monitor over a store: agreements kept in the database, their violations, reports
and alerts that fire once."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from conflictwatch.monitor.agreements import Agreement, Area, Party, PartyLookup, with_changes
from conflictwatch.monitor.alerts import DEFAULT_RULES, Alert, Rule, evaluate
from conflictwatch.monitor.errors import AgreementExistsError, AgreementNotFoundError
from conflictwatch.monitor.report import CeasefireReport, build_report
from conflictwatch.monitor.schema import migrate_monitor
from conflictwatch.monitor.violations import Violation, find_violations
from conflictwatch.store import EventFilter, Store, default_user
from conflictwatch.store.readings import load_readings
from conflictwatch.store.schema import now


class Monitor:
    """Agreements, violations, reports and alerts for the store's events.

    >>> monitor = Monitor(open_store("events.db"))
    >>> monitor.add(agreement_from_spec({"name": "UN call", "parties": "NDF,ISF", "from": "2020-03-23",
    ...                                  "area": "Qamishli"}, lookup=actor_candidates))
    >>> monitor.report("UN call").weeks
    """

    def __init__(self, store: Store, party_lookup: PartyLookup | None = None):
        """``party_lookup`` resolves party aliases when an edit changes the parties (see
        :mod:`conflictwatch.monitor.agreements`); the command line passes the coder's actor dictionary."""
        self.store = store
        self.party_lookup = party_lookup
        migrate_monitor(store.db)

    # -- agreements -------------------------------------------------------------------------------
    def agreements(self) -> list[Agreement]:
        return [_from_row(r) for r in self.store.db.query("SELECT * FROM ceasefires ORDER BY date_from, name")]

    def agreement(self, name: str) -> Agreement:
        rows = self.store.db.query("SELECT * FROM ceasefires WHERE name = ?", (name,))
        if not rows:
            known = ", ".join(repr(a.name) for a in self.agreements()) or "none yet"
            raise AgreementNotFoundError(f"no ceasefire {name!r} (stored: {known}); add it with `conflictwatch ceasefire add`")
        return _from_row(rows[0])

    def add(self, agreement: Agreement, user: str | None = None) -> Agreement:
        user = user or default_user()
        db = self.store.db
        with db.transaction():
            if db.scalar("SELECT COUNT(*) FROM ceasefires WHERE name = ?", (agreement.name,)):
                raise AgreementExistsError(f"a ceasefire {agreement.name!r} is already stored; "
                                           "change it with `ceasefire edit` or remove it first")
            stamp = now()
            db.execute("INSERT INTO ceasefires (name, parties, country, date_from, date_to, area, note, created_by,"
                       " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (agreement.name, *_columns(agreement), user, stamp, stamp))
            self._audit(user, "ceasefire-add", agreement.name, agreement.to_dict())
        return agreement

    def edit(self, name: str, changes: Mapping[str, Any], user: str | None = None,
             base_dir: Path | None = None) -> Agreement:
        """Change some of an agreement's keys (``parties``, ``from``, ``to``, ``area``, ``country``,
        ``note``); ``to``/``area`` set to None clear them."""
        user = user or default_user()
        old = self.agreement(name)
        new = with_changes(old, {k: v for k, v in changes.items() if k != "name"}, base_dir, self.party_lookup)
        with self.store.db.transaction():
            self.store.db.execute("UPDATE ceasefires SET parties = ?, country = ?, date_from = ?, date_to = ?, area = ?,"
                                  " note = ?, updated_at = ? WHERE name = ?", (*_columns(new), now(), name))
            before, after = old.to_dict(), new.to_dict()
            self._audit(user, "ceasefire-edit", name,
                        {"changed": {k: [before[k], after[k]] for k in after if before.get(k) != after[k]}})
        return new

    def remove(self, name: str, user: str | None = None) -> None:
        """Remove an agreement and the record of its fired alerts."""
        user = user or default_user()
        old = self.agreement(name)
        with self.store.db.transaction():
            self.store.db.execute("DELETE FROM ceasefires WHERE name = ?", (name,))
            self.store.db.execute("DELETE FROM monitor_alerts WHERE agreement = ?", (name,))
            self._audit(user, "ceasefire-remove", name, old.to_dict())

    # -- violations and reports -------------------------------------------------------------------
    def violations(self, agreement: Agreement | str) -> list[Violation]:
        if isinstance(agreement, str):
            agreement = self.agreement(agreement)
        events = self.store.events(EventFilter(since=agreement.start, until=agreement.end))
        readings = load_readings(self.store.db, (s.coded_event_id for e in events for s in e.sources))
        return find_violations(agreement, events, readings)

    def report(self, name: str, today: dt.date | None = None) -> CeasefireReport:
        agreement = self.agreement(name)
        return build_report(agreement, self.violations(agreement), today, self.latest_day())

    def latest_day(self) -> dt.date | None:
        """The last day the data reports on: the latest event date, or report publication date."""
        db = self.store.db
        days = [db.scalar("SELECT MAX(event_date) FROM events WHERE status <> 'rejected'"),
                db.scalar("SELECT MAX(published) FROM reports")]
        parsed = []
        for day in days:
            try:
                parsed.append(dt.date.fromisoformat(str(day)[:10]))
            except ValueError:
                continue
        return max(parsed, default=None)

    # -- alerts -----------------------------------------------------------------------------------
    def pending_alerts(self, rules: Iterable[Rule] = DEFAULT_RULES, as_of: dt.date | None = None,
                       weeks: int = 1) -> list[Alert]:
        """Alerts the rules raise for the week of ``as_of`` — by default the latest week of the data
        (an archive has no "today") — that have not fired before (nothing is recorded)."""
        as_of = as_of or self.latest_day() or dt.date.today()
        rules = tuple(rules)
        fired = {r["key"] for r in self.store.db.query("SELECT key FROM monitor_alerts")}
        out = []
        for agreement in self.agreements():
            if agreement.start > as_of:
                continue
            for alert in evaluate(rules, agreement, self.violations(agreement), as_of, weeks):
                if alert.key not in fired:
                    out.append(alert)
        return out

    def fire_alerts(self, rules: Iterable[Rule] = DEFAULT_RULES, as_of: dt.date | None = None, weeks: int = 1,
                    deliver: Callable[[Alert], None] | None = None) -> list[Alert]:
        """Deliver each new alert once and remember it. An alert is claimed before delivery (so two
        runs at once never both send it) and released again when delivery fails, so a later run retries."""
        sent = []
        for alert in self.pending_alerts(rules, as_of, weeks):
            stamped = Alert(**{**alert.__dict__, "fired_at": now()})
            if not self._claim(stamped):
                continue
            if deliver is not None:
                try:
                    deliver(stamped)
                except BaseException:
                    with self.store.db.transaction():
                        self.store.db.execute("DELETE FROM monitor_alerts WHERE key = ?", (stamped.key,))
                    raise
            sent.append(stamped)
        return sent

    def fired_alerts(self, agreement: str | None = None) -> list[Alert]:
        rows = self.store.db.query("SELECT payload FROM monitor_alerts" + (" WHERE agreement = ?" if agreement else "")
                                   + " ORDER BY fired_at, key", (agreement,) if agreement else ())
        return [Alert.from_dict(json.loads(r["payload"])) for r in rows]

    def _claim(self, alert: Alert) -> bool:
        with self.store.db.transaction():
            if self.store.db.scalar("SELECT COUNT(*) FROM monitor_alerts WHERE key = ?", (alert.key,)):
                return False
            self.store.db.execute("INSERT INTO monitor_alerts (key, rule, agreement, condition, fired_at, payload)"
                                  " VALUES (?, ?, ?, ?, ?, ?)", (alert.key, alert.rule, alert.agreement, alert.condition,
                                                                 alert.fired_at, json.dumps(alert.to_dict())))
        return True

    def _audit(self, user: str, action: str, name: str, detail: dict[str, Any]) -> None:
        # the store's own audit log, so agreement changes sit beside the analysts' edits
        self.store._audit(user, action, "ceasefire", name, detail)


def _columns(a: Agreement) -> tuple[Any, ...]:
    return (json.dumps([p.to_dict() for p in a.parties]), a.country, a.start.isoformat(),
            a.end.isoformat() if a.end else None, json.dumps(a.area.to_dict()) if a.area else None, a.note)


def _from_row(row: Mapping[str, Any]) -> Agreement:
    parties = tuple(Party(p["name"], p["given"]) for p in json.loads(row["parties"]))
    area = Area.from_dict(json.loads(row["area"])) if row["area"] else None
    return Agreement(row["name"], parties, dt.date.fromisoformat(row["date_from"]),
                     dt.date.fromisoformat(row["date_to"]) if row["date_to"] else None, area, row["country"],
                     row["note"] or "")
