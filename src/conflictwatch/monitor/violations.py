"""Violations of an agreement: violent events in its window and area that involve its parties,
each attributed — by initiator, unattributed, or contested — with every source's claim.

A party's own statement (or an official one) is a claim; an independent source (news, an NGO or
monitor, that speaks for no armed actor) confirms. The canonical event comes from the store, and so
does what each source says about who started it: the coder's attribution, stored with each account
(:mod:`conflictwatch.readings`). The monitor reads the dataset only, never a report's text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from conflictwatch.monitor.agreements import Agreement
from conflictwatch.readings import AccountReading, Finding, Reading
from conflictwatch.store.records import SourceRef, StoredEvent

VIOLENT_EVENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")
ATTRIBUTIONS = ("initiator", "unattributed", "contested")
_NON_PARTIES = ("Civilians", "Unidentified", "Protesters", "Rioters")


def plural(n: int, word: str, many: str | None = None) -> str:
    """"1 violation", "3 violations", "0 violations"."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def iso_week(day: dt.date) -> str:
    """``2020-W17``: the ISO week a day falls in."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class SourceClaim:
    """One source of a violation and what it claims about who started it."""

    ref: SourceRef  # the store's record of this source: report, outlet, kind, claimant
    speaker: str | None  # the armed actor the source speaks for, when it is one ("Asayish" for the ISF's statement)
    independent: bool
    reading: Reading
    read: bool = True  # False: the account's attribution is not recorded yet (nothing is guessed)

    @property
    def initiator(self) -> str | None:
        return self.reading.initiator

    @property
    def claim(self) -> str:
        """What this source says, in a few words: "NDF: National Defence Forces started it; denies Asayish"."""
        parts = []
        if self.reading.initiator:
            parts.append(f"{self.reading.initiator} started it")
        if self.reading.responder:
            parts.append(f"{self.reading.responder} responded")
        if self.reading.denies:
            parts.append("denies " + " and ".join(a for a in self.reading.denies) + " started it")
        if not self.read:
            return "not read yet for who started it"
        return "; ".join(parts) or "does not say who started it"

    @property
    def label(self) -> str:
        """The source by name: its outlet, else its title, the party it speaks for, its site, its own id."""
        ref = self.ref
        site = urlsplit(ref.url).hostname if ref.url and ref.url.startswith(("http://", "https://")) else None
        key = getattr(ref, "report_key", None)  # the report's own id, when the store keeps one
        return ref.outlet or ref.title or ref.claimed_by or site or key or ref.report_id

    @property
    def link(self) -> str | None:
        """The source's web address, when it has one."""
        url = self.ref.url
        return url if url and url.startswith(("http://", "https://")) else None

    def to_dict(self) -> dict[str, Any]:
        ref = self.ref
        return {"report_id": ref.report_id, "coded_event_id": ref.coded_event_id, "outlet": self.label,
                "name": self.label, "url": self.link, "read": self.read, "title": ref.title, "published": ref.published,
                "source_kind": ref.source_kind,
                "claimed_by": ref.claimed_by, "speaker": self.speaker, "independent": self.independent,
                "claim": self.claim, "initiator": self.reading.initiator, "responder": self.reading.responder,
                "denies": list(self.reading.denies), "evidence": [f.to_dict() for f in self.reading.findings]}


@dataclass(frozen=True)
class Violation:
    """A violent event that breaks the agreement, with its attribution and sources."""

    event_id: str
    event_date: dt.date
    event_type: str
    sub_event_type: str
    location: str | None
    admin1: str | None
    country: str | None
    actor1: str | None
    actor2: str | None
    fatalities: int
    parties_involved: tuple[str, ...]
    other_actors: tuple[str, ...]  # named armed actors that are no party to the agreement
    attribution: str  # initiator | unattributed | contested
    initiator: str | None
    responder: str | None
    confirmed: bool  # an independent source names the initiator
    sources: tuple[SourceClaim, ...]

    @property
    def week(self) -> str:
        return iso_week(self.event_date)

    @property
    def place(self) -> str:
        return ", ".join(x for x in (self.location, self.admin1, self.country) if x) or "unknown"

    def blame(self, actor: str) -> str | None:
        """"confirmed" when an independent source names ``actor`` as the one who started it,
        "claimed" when only parties (or officials) do, None when nobody does."""
        naming = [s for s in self.sources if s.initiator == actor]
        if any(s.independent for s in naming):
            return "confirmed"
        return "claimed" if naming else None

    def evidence(self) -> list[tuple[SourceClaim, Finding]]:
        return [(s, f) for s in self.sources for f in s.reading.findings]

    def to_dict(self) -> dict[str, Any]:
        return {"event_id": self.event_id, "event_date": self.event_date.isoformat(), "week": self.week,
                "event_type": self.event_type, "sub_event_type": self.sub_event_type, "location": self.location,
                "admin1": self.admin1, "country": self.country, "actor1": self.actor1, "actor2": self.actor2,
                "fatalities": self.fatalities, "parties_involved": list(self.parties_involved),
                "other_actors": list(self.other_actors), "initiator": self.initiator, "responder": self.responder,
                "attribution": self.attribution, "confirmed": self.confirmed,
                "sources": [s.to_dict() for s in self.sources]}


def find_violations(agreement: Agreement, events: Iterable[StoredEvent],
                    readings: Mapping[str, AccountReading]) -> list[Violation]:
    """The agreement's violations among ``events`` (canonical events with their sources), by date.
    ``readings`` holds each coded account's stored attribution, by coded event id."""
    parties = set(agreement.party_names)
    out = []
    for stored in events:
        e = stored.event
        if e.event_type not in VIOLENT_EVENT_TYPES or stored.status == "rejected" or not agreement.covers(e):
            continue
        claims = [_claim(ref, readings.get(ref.coded_event_id)) for ref in stored.sources]
        named = {e.actor1, e.actor2, e.assoc_actor_1, e.assoc_actor_2} - {None}
        named |= {a for c in claims for a in (c.initiator, c.reading.responder, *c.reading.denies) if a}
        involved = tuple(p for p in agreement.party_names if p in named)
        if not involved:
            continue
        others = tuple(sorted(str(a) for a in named - parties if not str(a).startswith(_NON_PARTIES)))
        attribution, initiator, confirmed = _attribute(claims)
        responder = next((c.reading.responder for c in claims
                          if c.reading.responder and c.reading.responder != initiator), None)
        assert e.event_date is not None  # agreement.covers() needs a date
        out.append(Violation(stored.id, e.event_date, e.event_type, e.sub_event_type, e.location, e.admin1, e.country,
                             e.actor1, e.actor2, e.fatalities, involved, others, attribution, initiator, responder,
                             confirmed, tuple(claims)))
    return sorted(out, key=lambda v: (v.event_date, v.event_id))


def _claim(ref: SourceRef, stored: AccountReading | None) -> SourceClaim:
    if stored is None:  # not read yet: it names nobody, and the report says so
        return SourceClaim(ref, None, False, Reading(), read=False)
    return SourceClaim(ref, stored.speaker, stored.independent, stored.reading)


def _attribute(claims: list[SourceClaim]) -> tuple[str, str | None, bool]:
    """(attribution, initiator, confirmed). Sources that name different initiators, or one that
    denies the initiator another names, make it contested; the initiator shown is then the one
    independent sources name, else the earliest source's."""
    named = list(dict.fromkeys(c.initiator for c in claims if c.initiator))
    denied = {a for c in claims for a in c.reading.denies}
    if not named:
        return "unattributed", None, False
    independent = list(dict.fromkeys(c.initiator for c in claims if c.initiator and c.independent))
    initiator = independent[0] if len(independent) == 1 else named[0]
    contested = len(named) > 1 or bool(denied & set(named))
    return ("contested" if contested else "initiator"), initiator, initiator in independent
