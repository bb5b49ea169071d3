"""Dates: explicit, partial and relative date expressions resolved against the publication date.

ACLED ``time_precision``: 1 = the day is known; 2 = only the week (or a span of a few days) is
known, the event is dated to the middle… ACLED dates it to the first day of the span it can be
sure of; 3 = only the month is known. conflictwatch follows that: "last week" → the Monday of
the previous week, precision 2; "in March 2020" → 2020-03-01, precision 3.

A news dateline ("IDLIB, Syria, Jan 28 - ") dates the dispatch: its date is never an event date,
and it stands in for a missing publication date (see :func:`dateline_date`).

Behaviour with no publication date: explicit dates with a year are kept; dates without a year
("Tuesday, April 21st") and relative expressions ("yesterday") cannot be anchored, so the event
gets ``event_date`` None, ``time_precision`` None and the flag ``date-unanchored``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from conflictwatch.records import DateResult, Span

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_MON = r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WD = r"(?:(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+(?:the\s+)?)?"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("dmy", re.compile(rf"\b{_WD}{_DAY}(?:\s+of)?\s+{_MON},?\s+{_YEAR}\b")),
    ("mdy", re.compile(rf"\b{_WD}{_MON}\s+{_DAY},?\s+{_YEAR}\b")),
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("dm", re.compile(rf"\b{_WD}{_DAY}(?:\s+of)?\s+{_MON}(?!\w)(?!,?\s+(?:19|20)\d\d)")),
    ("md", re.compile(rf"\b{_WD}{_MON}\s+{_DAY}\b(?!,?\s+(?:19|20)\d\d)(?!\s*(?:km|kilomet|miles|%|percent|people|killed))")),
    ("slash", re.compile(r"\((?P<day>[0-3]?\d)/(?P<mon>[01]?\d)\)")),
    ("my", re.compile(rf"\b(?:in|during|since|of|early|mid|late|throughout)\s+(?:-?\s*)?{_MON}\s+{_YEAR}\b", re.I)),
    # "signed in Doha in February": the month's latest occurrence up to publication, month precision
    ("m", re.compile(r"\b(?:in|during|early|mid|late|throughout)\s+(?:-?\s*)?(?-i:(?P<mon>January|February|March|April|May|"
                     r"June|July|August|September|October|November|December))(?!\s+[0-3]?\d\b)(?!,?\s+(?:19|20)\d\d)\b",
                     re.I)),
]
RELATIVE: list[tuple[re.Pattern[str], int, int]] = [
    # (pattern, days before published, time precision)
    (re.compile(r"\b(?:the\s+)?day\s+before\s+yesterday\b", re.I), 2, 1),
    (re.compile(r"\byesterday\b|\blast\s+night\b|\bovernight\b|\bthe\s+previous\s+day\b", re.I), 1, 1),
    (re.compile(r"\btoday\b|\bthis\s+(?:morning|afternoon|evening)\b|\btonight\b|\bearlier\s+today\b", re.I), 0, 1),
    (re.compile(r"\blast\s+week\b|\bthe\s+previous\s+week\b|\bearlier\s+this\s+week\b|\bthis\s+week\b", re.I), 7, 2),
    (re.compile(r"\bin\s+(?:the\s+)?(?:past|last|previous|recent)\s+(?:few|several|two|three)?\s*days\b", re.I), 3, 2),
    (re.compile(r"\bthe\s+days\s+and\s+weeks\s+(?:prior|before|earlier)|\bin\s+(?:the\s+)?(?:past|last|recent|previous)\s+(?:few\s+)?weeks\b|\bweeks\s+(?:ago|earlier|before)\b", re.I), 14, 3),
    (re.compile(r"\bdays\s+(?:ago|earlier|before)\b|\bthe\s+days\s+(?:prior|before)\b", re.I), 3, 2),
    (re.compile(r"\blast\s+month\b|\bearlier\s+this\s+month\b", re.I), 30, 3),
]
_WEEKDAY_ALONE = re.compile(
    r"\b(?:on\s+|last\s+|this\s+|early\s+|late\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:\s+(?:night|morning|evening|afternoon))?\b"
)


def _year_for(month: int, day: int, published: dt.date) -> dt.date | None:
    """The latest date with this month/day not after ``published`` (+2 days of slack for time zones)."""
    for year in (published.year, published.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= published + dt.timedelta(days=2):
            return candidate
    return None


def _month_number(token: str) -> int | None:
    if token.isdigit():
        value = int(token)
        return value if 1 <= value <= 12 else None
    return MONTHS.get(token.lower().rstrip("."))


# "IDLIB, Syria, Jan 28 - ", "BAGHDAD, Aug. 12 (Reuters) - ": the date of the dispatch, not of an event.
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z .'\-]{2,40}(?:\s*\([^)\n]{1,30}\))?(?:,\s*[A-Z][\w .'\-]{1,30}){0,2},?\s+"
    r"(?:(?P<mon>[A-Z][a-z]{2,8})\.?\s+(?P<day>[0-3]?\d)|(?P<day2>[0-3]?\d)\s+(?P<mon2>[A-Z][a-z]{2,8})\.?)"
    r"(?:,?\s+(?P<year>(?:19|20)\d\d))?\s*(?:\([^)\n]{1,30}\))?\s*[-\u2013\u2014:]"
)


def dateline_date(text: str, published: dt.date | None = None) -> tuple[Span, dt.date | None] | None:
    """The span of a news dateline's date at the start of ``text`` and the date it gives (None when it
    has no year and there is no publication date to take one from)."""
    m = _DATELINE.match(text)
    if m is None:
        return None
    mon, day_text = (m.group("mon"), m.group("day")) if m.group("mon") else (m.group("mon2"), m.group("day2"))
    month = _month_number(mon)
    if month is None:
        return None
    day = int(day_text)
    start = min(i for i in (m.start("mon"), m.start("day2")) if i >= 0)
    span = Span(start, m.end() - 1)
    if m.group("year"):
        try:
            return span, dt.date(int(m.group("year")), month, day)
        except ValueError:
            return span, None
    return span, _year_for(month, day, published) if published else None


# A page's own date: "date 2017-01-09 …", "Posted on March 3, 2021", a date alone on a header line, or a
# dateline that opens with the date ("December 21, 2012 (BOR) -"). It dates the page, not an event.
_STAMP_KEYWORD = re.compile(r"^\W*(?:(?:date|dated|published|posted(?:\s+on)?|updated|last\s+updated)\b\W*)?$", re.I)
_STAMP_AFTER = re.compile(r"^\s*(?:$|\([^)\n]{1,30}\)\s*[-\u2013\u2014:]|\d{1,2}:\d\d\b)")
_CLOCK_AFTER = re.compile(r"^,?\s+\d{1,2}:\d\d(?::\d\d)?\s*(?:[AaPp]\.?[Mm]\.?|UTC|GMT|[A-Z]{2,4})?\b")
_SOURCE_LINE = re.compile(r"^\W*(?:source|published|posted(?:\s+on)?|updated|last\s+updated)\b[^.\n]{0,60}$", re.I)
STAMP_ZONE = 400  # characters at the top of a page where its date stamp stands


def is_page_stamp(text: str, start: int, end: int, offset: int = 0) -> bool:
    """Whether the date at ``[start, end)`` of ``text`` (which starts at ``offset`` of its report) is the
    page's own date stamp rather than an event's."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    before = text[line_start:start]
    after = text[end : line_end if line_end >= 0 else len(text)]
    if _CLOCK_AFTER.match(after) or _SOURCE_LINE.match(before):
        return True  # "September 20, 2023 03:03 UTC", "Source: Ethiopian News September 20, 2023": the page's own stamp
    if offset + start >= STAMP_ZONE:
        return False
    if _STAMP_KEYWORD.match(before) is None:
        return False
    return bool(re.search(r"[A-Za-z]", before)) or bool(_STAMP_AFTER.match(after))


def page_stamp(text: str) -> tuple[Span, dt.date] | None:
    """The page's own date stamp and its date, when the page shows one with a year."""
    for kind, pattern in PATTERNS:
        if kind not in ("iso", "dmy", "mdy"):
            continue
        for m in pattern.finditer(text, 0, STAMP_ZONE + 40):
            if is_page_stamp(text, m.start(), m.end()):
                found = _resolve(kind, m, None, 0)
                if found is not None and found.date is not None:
                    return Span(m.start(), m.end()), found.date
    return None


def explicit_dates(text: str, published: dt.date | None, offset: int = 0) -> list[DateResult]:
    """Every explicit calendar date in ``text`` (day precision or month precision), in text order.
    A dateline's date is the dispatch's, not an event's, and is left out."""
    found: list[tuple[int, DateResult]] = []
    taken: list[tuple[int, int]] = []
    line = dateline_date(text, published)
    if line is not None:
        taken.append((line[0].start, line[0].end))
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if is_page_stamp(text, m.start(), m.end(), offset):
                taken.append((m.start(), m.end()))
                continue
            result = _resolve(kind, m, published, offset)
            if result is not None:
                taken.append((m.start(), m.end()))
                found.append((m.start(), result))
    return [r for _, r in sorted(found, key=lambda x: x[0])]


def _resolve(kind: str, m: re.Match[str], published: dt.date | None, offset: int) -> DateResult | None:
    span = Span(m.start() + offset, m.end() + offset)
    month = _month_number(m.group("mon"))
    if month is None:
        return None
    if kind == "my":
        return DateResult(dt.date(int(m.group("year")), month, 1), 3, span, "month only")
    if kind == "m":
        if published is None:
            return DateResult(None, None, span, "month without year and no publication date")
        year = published.year if month <= published.month else published.year - 1
        return DateResult(dt.date(year, month, 1), 3, span, "month only, year from publication date")
    day = int(m.group("day"))
    if "year" in m.groupdict() and m.group("year"):
        try:
            return DateResult(dt.date(int(m.group("year")), month, day), 1, span, "explicit")
        except ValueError:
            return None
    if published is None:
        return DateResult(None, None, span, "no year and no publication date")
    date = _year_for(month, day, published)
    return DateResult(date, 1, span, "year from publication date") if date else None


# "the army said on Tuesday", "announced today": the day of a statement, not of the incident it tells
_STATEMENT_BEFORE = re.compile(
    r"\b(?:said|says|told\s+(?:\w+\s+){0,3}?|announced|reported|warned|added|stated|confirmed|declared|claimed|"
    r"denied|statement|communiqu[eé]|briefing|press conference)\s*(?:late\s+|early\s+)?(?:on\s+)?$", re.I)
STATEMENT_DATE = "statement date"


def relative_date(text: str, published: dt.date | None, offset: int = 0) -> DateResult | None:
    """A relative expression ("yesterday", "on Tuesday", "last week") resolved against ``published``.

    A cue that dates a statement ("police said on Monday") is used only when the text has no other: its
    result carries the note :data:`STATEMENT_DATE`."""
    found: list[tuple[bool, int, DateResult]] = []
    for pattern, days, precision in RELATIVE:
        for m in pattern.finditer(text):
            span = Span(m.start() + offset, m.end() + offset)
            date = published - dt.timedelta(days=days) if published else None
            if date is not None and precision == 2 and days == 7:
                date = date - dt.timedelta(days=date.weekday())  # the Monday of that week
            found.append((_dates_statement(text, m.start()), m.start(),
                          DateResult(date, precision if date else None, span, "relative")))
    for m in _WEEKDAY_ALONE.finditer(text):
        span = Span(m.start() + offset, m.end() + offset)
        if published is None:
            found.append((_dates_statement(text, m.start()), m.start(),
                          DateResult(None, None, span, "weekday without publication date")))
            continue
        back = (published.weekday() - WEEKDAYS[m.group("wd").lower()]) % 7
        if m.group(0).lower().startswith("last") and back == 0:
            back = 7
        found.append((_dates_statement(text, m.start()), m.start(),
                      DateResult(published - dt.timedelta(days=back), 1, span, "weekday before publication")))
    if not found:
        return None
    statement, _start, best = min(found, key=lambda f: (f[0], f[1]))
    return replace(best, note=STATEMENT_DATE) if statement else best


def _dates_statement(text: str, start: int) -> bool:
    return _STATEMENT_BEFORE.search(text[max(0, start - 40) : start]) is not None


def resolve_date(text: str, published: dt.date | None, offset: int = 0, background: bool = False) -> DateResult:
    """The event date of one incident's text.

    Explicit dates win over relative ones; the first date in the text is the event's (ACLED notes
    open with it). Background incidents ("the days and weeks prior") get the relative span's
    precision. With no cue at all the event is dated to the publication day.
    """
    explicit = [d for d in explicit_dates(text, published, offset) if d.date is not None or published is None]
    relative = relative_date(text, published, offset)
    if background and relative is not None and (not explicit or relative.time_precision != 1):
        return relative
    if explicit:
        first = explicit[0]
        if first.date is not None and published is not None and first.date > published + dt.timedelta(days=2):
            # a date after publication is a plan or an anniversary, not the event
            rest = [d for d in explicit if d.date and d.date <= published + dt.timedelta(days=2)]
            if rest:
                return rest[0]
        return first
    if relative is not None:
        return relative
    if published is not None:
        return DateResult(published, 1, None, "publication date")
    return DateResult(None, None, None, "no date in text and no publication date")
