"""Who started an incident, according to one source: the typed records the coder's attribution stage
writes, the store keeps beside each coded account, and the ceasefire monitor reads.

Every finding keeps the span of the report's text that justified it, so a reader of the dataset can
show the words without reading the report again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from conflictwatch.records import Span

# How a reading's text said who acted (Finding.cue): an attack verb, "fired first", an agent after "by",
# a blame ("hold X responsible"), a response verb, a denial.
CUES = ("attack", "first", "by", "blame", "response", "denial")


@dataclass(frozen=True)
class Finding:
    """One thing the text says about an actor's role, with the text that says it."""

    role: str  # initiator | responder | denial
    actor: str
    span: Span
    quote: str
    cue: str = "attack"  # one of CUES: how the text said it

    def to_dict(self) -> dict[str, object]:
        return {"role": self.role, "actor": self.actor, "span": self.span.as_list(), "quote": self.quote, "cue": self.cue}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        start, end = data["span"]
        return cls(data["role"], data["actor"], Span(int(start), int(end)), data["quote"], data.get("cue", "attack"))


@dataclass(frozen=True)
class Reading:
    """What one report says about who started the incident."""

    initiator: str | None = None
    responder: str | None = None
    denies: tuple[str, ...] = ()  # actors this report says did NOT start it
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class AccountReading:
    """The attribution of one coded account (one report's telling of one event): whose voice the
    source is (``speaker``, an armed actor, or None), whether it is independent of the parties, and
    what it says. ``reader`` names the version of the stage that read it."""

    coded_event_id: str
    speaker: str | None
    independent: bool
    reading: Reading
    reader: str

    def findings_json(self) -> str:
        return json.dumps([f.to_dict() for f in self.reading.findings], ensure_ascii=False)

    @classmethod
    def from_columns(cls, coded_event_id: str, speaker: str | None, independent: bool, initiator: str | None,
                     responder: str | None, denies: str, findings: str, reader: str) -> AccountReading:
        reading = Reading(initiator, responder, tuple(json.loads(denies or "[]")),
                          tuple(Finding.from_dict(f) for f in json.loads(findings or "[]")))
        return cls(coded_event_id, speaker, bool(independent), reading, reader)
