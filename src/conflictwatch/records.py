"""Typed, frozen records that flow between the pipeline stages.

No stage passes loose dicts to another: a stage takes records and returns records.
Every coded field can carry its evidence as character spans into the report text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[start, end)`` of a report's text."""

    start: int
    end: int

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]

    def as_list(self) -> list[int]:
        return [self.start, self.end]


@dataclass(frozen=True)
class Report:
    """One input report: a news article, a statement, a bulletin, a coder's note."""

    id: str
    text: str
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    origin: str | None = None  # where it was read from: "file.jsonl:12", "a.txt", "<stdin>"
    published_precision: int = 1  # of ``published``: 1 the day, 3 only the month or year (ACLED's time precision)


@dataclass(frozen=True)
class Document:
    """What a report says about itself, read once before the stages run and shared by all of them:
    where it is set, who it names, when and by whom it was written.

    ``countries`` are ranked by evidence (the first is the report's main country); a stage that meets
    a place or an actor of another country needs the text's own evidence for it (see ``allows``).
    """

    report_id: str
    language: str = "en"
    countries: tuple[str, ...] = ()
    country_evidence: dict[str, float] = field(default_factory=dict, hash=False, compare=False)
    parties: tuple[str, ...] = ()  # ACLED names of the named (non-generic) actors, aliases resolved once
    party_country: str | None = None  # the home country most of the named non-state groups share
    published: dt.date | None = None
    published_precision: int = 1  # 1 day, 2 week, 3 month (ACLED's time precision); a year-dated report is 3
    dateline: Span | None = None  # the dateline ("MANDERA, Kenya"), else its date ("IDLIB, Jan 28")
    dateline_date: dt.date | None = None
    author: str | None = None  # the party whose statement this is ("our forces" is the author's)
    author_actor: ActorMention | None = None  # the author resolved through the actor dictionary
    adversary_actor: ActorMention | None = None  # the side a party's statement calls "the enemy"

    @property
    def country(self) -> str | None:
        return self.countries[0] if self.countries else None

    def allows(self, country: str | None, named_here: frozenset[str] = frozenset()) -> bool:
        """Whether an event, place or actor may be set in ``country``: one of the report's countries, or
        one the passage itself names (a nationality word, a cross-border phrase)."""
        return country is None or not self.countries or country in self.countries or country in named_here


@dataclass(frozen=True)
class Sentence:
    span: Span
    text: str
    opens_incident: bool = False  # a clause cut off by "… and another incident …"


@dataclass(frozen=True)
class Classification:
    event_type: str
    sub_event_type: str
    disorder_type: str
    score: float
    evidence: tuple[Span, ...] = ()


@dataclass(frozen=True)
class ActorMention:
    """An actor as found in the text, resolved to ACLED's naming where the dictionary knows it."""

    name: str  # ACLED-style canonical name, or the words as written for unknown groups
    inter: int  # ACLED inter code 1-8
    span: Span
    known: bool = True
    country: str | None = None
    role_hint: str | None = None  # "agent" | "target" | None
    kind: str = "group"  # state | rebel | militia | communal | unidentified | rioters | protesters | civilians | external


@dataclass(frozen=True)
class DateResult:
    date: dt.date | None
    time_precision: int | None
    span: Span | None = None
    note: str | None = None  # how it was resolved: one of DateNote's


class DateNote:
    """How a :class:`DateResult` was dated (its ``note``): the coder's own vocabulary, in English like
    ACLED's fields, whatever the report's language."""

    EXPLICIT = "explicit"
    PARSED = "explicit (parsed)"
    YEAR_FROM_PUBLISHED = "year from publication date"
    NO_YEAR = "no year and no publication date"
    MONTH_ONLY = "month only"
    MONTH_YEAR_FROM_PUBLISHED = "month only, year from publication date"
    MONTH_UNANCHORED = "month without year and no publication date"
    RELATIVE = "relative"
    WEEKDAY = "weekday before publication"
    WEEKDAY_UNANCHORED = "weekday without publication date"
    STATEMENT = "statement date"
    PUBLISHED = "publication date"
    NONE = "no date in text and no publication date"


@dataclass(frozen=True)
class CountResult:
    fatalities: int = 0
    fatalities_known: bool = True
    injuries: int | None = None
    arrests: int | None = None
    fatality_spans: tuple[Span, ...] = ()
    fatality_range: tuple[int, int] | None = None


@dataclass(frozen=True)
class ClaimResult:
    source: str | None = None
    source_kind: str = "news"  # news | party statement | NGO | official
    claimed_by: str | None = None
    span: Span | None = None


@dataclass(frozen=True)
class Place:
    """A resolved (or flagged unresolved) event location in ACLED's fields."""

    location: str | None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    geonames_id: int | None = None
    span: Span | None = None
    resolved: bool = True
    # the name as the text writes it when the gazetteer lacks it: the fields above are then the admin
    # unit or the nearby place it falls back to (or only the country), and the event is flagged
    unresolved_name: str | None = None
    unresolved_span: Span | None = None


@dataclass(frozen=True, slots=True)  # slots: a million events in memory (dedup, exports) cost ~0.4 GB, not ~2 GB
class Event:
    """One coded event in ACLED's field names (plus conflictwatch's extensions)."""

    doc_id: str
    event_id: str
    event_date: dt.date | None
    time_precision: int | None
    disorder_type: str
    event_type: str
    sub_event_type: str
    actor1: str | None
    assoc_actor_1: str | None
    inter1: int
    actor2: str | None
    assoc_actor_2: str | None
    inter2: int
    interaction: int
    country: str | None
    admin1: str | None
    admin2: str | None
    admin3: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    geo_precision: int | None
    fatalities: int
    fatalities_known: bool = True
    injuries: int | None = None
    arrests: int | None = None
    source: str | None = None
    source_kind: str = "news"
    claimed_by: str | None = None
    geonames_id: int | None = None
    notes: str = ""
    evidence: dict[str, tuple[Span, ...]] = field(default_factory=dict, hash=False, compare=False)
    places_mentioned: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    coder_version: str = ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: ISO dates, evidence spans as ``[start, end]`` lists."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif f.name == "evidence":
                value = {k: [s.as_list() for s in spans] for k, spans in value.items()}
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        return out


@dataclass(frozen=True)
class ReportFailure:
    """A report that could not be read or coded, and why. Never silently dropped."""

    origin: str
    code: str
    message: str
    report_id: str | None = None
