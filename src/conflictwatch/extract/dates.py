"""Dates: explicit, partial and relative date expressions resolved against the publication date.

ACLED ``time_precision``: 1 = the day is known; 2 = only the week (or a span of a few days) is
known, the event is dated to the middle… ACLED dates it to the first day of the span it can be
sure of; 3 = only the month is known. conflictwatch follows that: "last week" → the Monday of
the previous week, precision 2; "in March 2020" → 2020-03-15 (the middle of the month, as the bench's
human coders date a month), precision 3.

A news dateline ("IDLIB, Syria, Jan 28 - ") dates the dispatch: its date is never an event date,
and it stands in for a missing publication date (see :func:`dateline_date`).

Behaviour with no publication date: explicit dates with a year are kept; dates without a year
("Tuesday, April 21st") and relative expressions ("yesterday") cannot be anchored, so the event
gets ``event_date`` None, ``time_precision`` None and the flag ``date-unanchored``.

The words are data: ``data/rules/<lang>/dates.json`` holds the patterns, month and weekday names
this engine reads (see :mod:`conflictwatch.rules`); numeric dates ("21/04/2020") are read by
``dateparser`` in the language's day order, and ACLED's precision is set here, never by the library.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from functools import cache, lru_cache
from typing import Any

from conflictwatch.records import DateNote, DateResult, Span
from conflictwatch.rules import Rules, load

# Explicit dates, in the order they are tried: each names its parts in groups day, mon, year, wd.
EXPLICIT = ("dmy", "mdy", "iso", "dm", "md", "slash", "my", "m", "numeric")
_MONTH_ONLY = ("my", "m")  # precision 3: "in March 2020", "in February"
_PARSED = "numeric"  # the whole date in group text, read by dateparser
# Relative cues: (rule, days before publication, ACLED time precision); "a week before" is dated to its Monday.
RELATIVE = (("two_days_before", 2, 1), ("day_before", 1, 1), ("same_day", 0, 1), ("week_before", 7, 2),
            ("past_days", 3, 2), ("past_weeks", 14, 3), ("days_ago", 3, 2), ("month_before", 30, 3))
_WEEK = "week_before"
PATTERNS = (*EXPLICIT, *(name for name, _days, _precision in RELATIVE), "weekday", "dateline", "stamp_keyword",
            "stamp_after", "clock_before", "clock_after", "source_line", "statement_before", "telling_after", "day_to_come",
            "letters", "place_clause_before")
VALUES = ("months", "weekdays", "date_order", "numeric_order_certain")
STAMP_ZONE = 400  # characters at the top of a page where its date stamp stands
STATEMENT_DATE = DateNote.STATEMENT
_DATELINE_CHARS = 120  # the longest dateline ("BANGKOK/PHNOM PENH, Thailand, July 29, 2025 (Reuters) —")


@cache
def rules(lang: str = "en") -> Rules:
    """The date rules of ``lang`` (``data/rules/<lang>/dates.json``), loaded and checked once."""
    return load("dates", lang, patterns=PATTERNS, values=VALUES)


@cache
def _names(lang: str) -> tuple[dict[str, int], dict[str, int]]:
    r = rules(lang)
    return ({str(k).lower(): int(v) for k, v in r.months.items()},
            {str(k).lower(): int(v) for k, v in r.weekdays.items()})


def after_publication(day: dt.date, published: dt.date) -> bool:
    """Whether ``day`` falls after the report's publication, beyond two days of slack for time zones: a plan,
    an anniversary or a misread date, never the day of a deed the report tells."""
    return day > published + _SLACK


_SLACK = dt.timedelta(days=2)


def _year_for(month: int, day: int, published: dt.date) -> dt.date | None:
    """The latest date with this month/day not after ``published`` (+2 days of slack for time zones)."""
    for year in (published.year, published.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if not after_publication(candidate, published):
            return candidate
    return None


def _month_number(token: str, lang: str) -> int | None:
    if token.isdigit():
        value = int(token)
        return value if 1 <= value <= 12 else None
    return _names(lang)[0].get(token.lower().rstrip("."))


def _group(m: re.Match[str], name: str) -> str | None:
    return m.group(name) if name in m.re.groupindex else None


def dateline_date(text: str, published: dt.date | None = None, lang: str = "en") -> tuple[Span, dt.date | None] | None:
    """The span of a news dateline's date at the start of ``text`` and the date it gives (None when it
    has no year and there is no publication date to take one from).

    "IDLIB, Syria, Jan 28 - ", "BAGHDAD, Aug. 12 (Reuters) - ": the date of the dispatch, not of an event. It
    may follow a headline ("Five bodies found in Celaya CELAYA, Guanajuato, June 11 — …"), within the top of the
    page."""
    m = rules(lang).dateline.search(text, 0, STAMP_ZONE + _DATELINE_CHARS)
    if m is None or m.start() > STAMP_ZONE:
        return None
    # a month-first dateline ("Jan 28") names groups mon and day, a day-first one ("28 janvier") day2 and mon2
    first = "mon" if _group(m, "mon") else "day2"
    mon, day_text = (m.group("mon"), m.group("day")) if first == "mon" else (m.group("mon2"), m.group("day2"))
    month = _month_number(mon, lang)
    if month is None:
        return None
    day = int(day_text)
    start = m.start(first)
    span = Span(start, m.end() - 1)
    if m.group("year"):
        try:
            return span, dt.date(int(m.group("year")), month, day)
        except ValueError:
            return span, None
    return span, _year_for(month, day, published) if published else None


def is_page_stamp(text: str, start: int, end: int, offset: int = 0, lang: str = "en") -> bool:
    """Whether the date at ``[start, end)`` of ``text`` (which starts at ``offset`` of its report) is the
    page's own date stamp rather than an event's: "date 2017-01-09 …", "Posted on March 3, 2021", a
    date alone on a header line, or a dateline that opens with the date ("December 21, 2012 (BOR) -")."""
    r = rules(lang)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    before = text[line_start:start]
    after = text[end : line_end if line_end >= 0 else len(text)]
    if r.clock_after.match(after) or r.clock_before.search(before) or r.source_line.match(before):
        # "September 20, 2023 03:03 UTC", "14:58, 02.07.2022", "Source: Ethiopian News September 20, 2023"
        return True
    if offset + start >= STAMP_ZONE:
        return False
    if r.stamp_keyword.match(before) is None:
        return False
    return bool(r.letters.search(before)) or bool(r.stamp_after.match(after))


def page_stamp(text: str, lang: str = "en") -> tuple[Span, dt.date] | None:
    """The page's own date stamp and its date, when the page shows one with a year and a day."""
    r = rules(lang)
    for kind in EXPLICIT:
        pattern = r.patterns[kind]
        if kind == _PARSED or not {"day", "year"} <= set(pattern.groupindex):
            continue
        for m in pattern.finditer(text, 0, STAMP_ZONE + 40):
            if is_page_stamp(text, m.start(), m.end(), lang=lang):
                found = _resolve(kind, m, None, 0, lang)
                if found is not None and found.date is not None:
                    return Span(m.start(), m.end()), found.date
    return None


def explicit_dates(text: str, published: dt.date | None, offset: int = 0, lang: str = "en") -> list[DateResult]:
    """Every explicit calendar date in ``text`` (day precision or month precision), in text order.
    A dateline's date is the dispatch's, not an event's, and is left out."""
    r = rules(lang)
    found: list[tuple[int, DateResult]] = []
    taken: list[tuple[int, int]] = []
    line = dateline_date(text, published, lang)
    if line is not None:
        taken.append((line[0].start, line[0].end))
    for kind in EXPLICIT:
        for m in r.patterns[kind].finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            if is_page_stamp(text, m.start(), m.end(), offset, lang):
                taken.append((m.start(), m.end()))
                continue
            if r.place_clause_before.search(text[max(0, m.start() - _STATEMENT_REACH) : m.start()]):
                continue  # "outside the hospital, where her body was found on Aug. 9": the place's history
            result = _resolve(kind, m, published, offset, lang)
            if result is not None:
                taken.append((m.start(), m.end()))
                found.append((m.start(), result))
    return [d for _, d in sorted(found, key=lambda x: x[0])]


def _resolve(kind: str, m: re.Match[str], published: dt.date | None, offset: int, lang: str) -> DateResult | None:
    span = Span(m.start() + offset, m.end() + offset)
    if kind == _PARSED:
        if _ambiguous(m, lang):
            return None  # 3/4/2020: the 3rd of April or March the 4th, as the writer's country goes
        date = _parsed(m.group("text"), lang)
        return DateResult(date, 1, span, DateNote.PARSED) if date else None
    month = _month_number(m.group("mon"), lang)
    if month is None:
        return None
    year = _group(m, "year")
    if kind in _MONTH_ONLY:
        if year:
            return DateResult(_mid_month(int(year), month, published), 3, span, DateNote.MONTH_ONLY)
        if published is None:
            return DateResult(None, None, span, DateNote.MONTH_UNANCHORED)
        guess = published.year if month <= published.month else published.year - 1
        return DateResult(_mid_month(guess, month, published), 3, span, DateNote.MONTH_YEAR_FROM_PUBLISHED)
    day = int(m.group("day"))
    if year:
        try:
            return DateResult(dt.date(int(year), month, day), 1, span, DateNote.EXPLICIT)
        except ValueError:
            return None
    if published is None:
        return DateResult(None, None, span, DateNote.NO_YEAR)
    date = _year_for(month, day, published)
    return DateResult(date, 1, span, DateNote.YEAR_FROM_PUBLISHED) if date else None


def _mid_month(year: int, month: int, published: dt.date | None) -> dt.date:
    """A month-only date is coded to the middle of the month (precision 3), as the bench's human coders date
    "in October"; never after the publication day ("in December" in a report of 10 December)."""
    middle = dt.date(year, month, _MID_MONTH)
    if published is not None and published < middle and (published.year, published.month) == (year, month):
        return dt.date(year, month, 1)
    return middle


_MID_MONTH = 15


@cache
def _date_parser(lang: str) -> Any:
    from dateparser.date import DateDataParser

    order = str(rules(lang).date_order)
    return DateDataParser(languages=[lang], settings={"DATE_ORDER": order, "PREFER_DAY_OF_MONTH": "first",
                                                       "STRICT_PARSING": True})


def _ambiguous(m: re.Match[str], lang: str) -> bool:
    """Whether a numeric date reads both ways (day/month and month/day) in a language written both ways."""
    first, second = _group(m, "first"), _group(m, "second")
    if rules(lang).numeric_order_certain or not first or not second:
        return False
    return int(first) != int(second) and int(first) <= 12 and int(second) <= 12


def _parsed(text: str, lang: str) -> dt.date | None:
    """A whole date ("21/04/2020") read by dateparser; only a date with its day, month and year counts."""
    data = _date_parser(lang).get_date_data(text)
    if data is None or data.date_obj is None or data.period != "day":
        return None
    return data.date_obj.date()


def relative_date(text: str, published: dt.date | None, offset: int = 0, lang: str = "en") -> DateResult | None:
    """A relative expression ("yesterday", "on Tuesday", "last week") resolved against ``published``.

    A cue that dates a statement ("police said on Monday", "the army said on Tuesday") is used only when
    the text has no other: its result carries the note :data:`STATEMENT_DATE`."""
    r = rules(lang)
    weekdays = _names(lang)[1]
    found: list[tuple[bool, int, DateResult]] = []
    for name, days, precision in RELATIVE:
        for m in r.patterns[name].finditer(text):
            span = Span(m.start() + offset, m.end() + offset)
            date = published - dt.timedelta(days=days) if published else None
            if date is not None and name == _WEEK:
                date = date - dt.timedelta(days=date.weekday())  # the Monday of that week
            found.append((_dates_statement(text, m.start(), r, m.end()), m.start(),
                          DateResult(date, precision if date else None, span, DateNote.RELATIVE)))
    for m in r.weekday.finditer(text):
        span = Span(m.start() + offset, m.end() + offset)
        weekday = weekdays.get(m.group("wd").lower())
        if weekday is None or r.day_to_come.search(text, max(0, m.start() - 30), m.start()) and not _possessive(text, m.end()):
            continue  # "protest programmes for Friday": a day still to come
        if published is None:
            found.append((_dates_statement(text, m.start(), r, m.end()), m.start(),
                          DateResult(None, None, span, DateNote.WEEKDAY_UNANCHORED)))
            continue
        found.append((_dates_statement(text, m.start(), r, m.end()), m.start(),
                      _weekday_date(weekday, published, span, bool(_group(m, "last")))))
    if not found:
        return None
    statement, _start, best = min(found, key=lambda f: (f[0], f[1]))
    return replace(best, note=STATEMENT_DATE) if statement else best


def possessive_day(text: str, published: dt.date | None, offset: int = 0, lang: str = "en") -> DateResult | None:
    """The first weekday told as a deed's own ("the toll from Friday's strike", "Tuesday's attack"), resolved
    against ``published``: it dates a passage whose only other day is a statement's."""
    if published is None:
        return None
    r = rules(lang)
    weekdays = _names(lang)[1]
    for m in r.weekday.finditer(text):
        weekday = weekdays.get(m.group("wd").lower())
        if weekday is not None and _possessive(text, m.end()):
            return _weekday_date(weekday, published, Span(m.start() + offset, m.end() + offset))
    return None


def _weekday_date(weekday: int, published: dt.date, span: Span, last: bool = False) -> DateResult:
    """The latest such weekday on or before ``published`` ("last Monday", ``last``: never the day itself)."""
    back = (published.weekday() - weekday) % 7
    if last and back == 0:
        back = 7
    return DateResult(published - dt.timedelta(days=back), 1, span, DateNote.WEEKDAY)


def _possessive(text: str, end: int) -> bool:
    return text[end : end + 2] in ("'s", "’s")


def _dates_statement(text: str, start: int, r: Rules, end: int | None = None) -> bool:
    # "said on Monday", a clause that opens with its telling ("Confirming the incident … on Thursday"), and a day
    # the toll was told on ("police on Thursday revised the death toll from Monday's bombing")
    return r.statement_before.search(text[max(0, start - _STATEMENT_REACH) : start]) is not None or (
        end is not None and r.telling_after.match(text, end) is not None)


_STATEMENT_REACH = 120


@lru_cache(maxsize=32)  # a passage's date is asked again for its incident: read once
def resolve_date(text: str, published: dt.date | None, offset: int = 0, background: bool = False,
                 lang: str = "en") -> DateResult:
    """The event date of one incident's text.

    Explicit dates win over relative ones; the first date in the text is the event's (ACLED notes
    open with it). Background incidents ("the days and weeks prior") get the relative span's
    precision. With no cue at all the event is dated to the publication day.
    """
    explicit = [d for d in explicit_dates(text, published, offset, lang) if d.date is not None or published is None]
    relative = relative_date(text, published, offset, lang)
    if background and relative is not None and (not explicit or relative.time_precision != 1):
        return relative
    if explicit:
        first = explicit[0]
        if first.date is not None and published is not None and after_publication(first.date, published):
            # a date after publication is a plan or an anniversary, not the event
            rest = [d for d in explicit if d.date and not after_publication(d.date, published)]
            if rest:
                return rest[0]
        if first.time_precision == 3 and relative is not None and relative.time_precision == 1 \
                and relative.note != STATEMENT_DATE \
                and all(d.note == DateNote.MONTH_YEAR_FROM_PUBLISHED for d in explicit):
            # "struck a car on Wednesday …, one of the deepest strikes since the fighting began in October":
            # the day beats the month (a month with its year, "in July 1995", is history and keeps its say)
            return relative
        return first
    if relative is not None:
        return relative
    if published is not None:
        return DateResult(published, 1, None, DateNote.PUBLISHED)
    return DateResult(None, None, None, DateNote.NONE)
