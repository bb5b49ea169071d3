"""conflictwatch: code reports of armed conflict into ACLED-style events, offline, with evidence.

    >>> from conflictwatch import extract_text
    >>> events = extract_text("On 3 May 2020, two civilians were killed ...", published="2020-05-04")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

__version__ = "0.1.0"

from conflictwatch.records import Event, Report, ReportFailure  # noqa: E402

__all__ = ["Event", "Report", "ReportFailure", "extract_text", "extract_documents", "open_store", "__version__"]


def extract_text(text: str, published: str | dt.date | None = None, source: str | None = None,
                 doc_id: str | None = None, geocode: bool = True) -> list[Event]:
    """Code one report's text into ACLED-style events.

    ``published`` (ISO date or date) anchors relative dates ("yesterday", "on Tuesday") and dates
    without a year. Returns an empty list when the text reports no event; raises
    :class:`~conflictwatch.errors.LanguageNotCodedError` (CW220) for a text in a language without rules.
    """
    from conflictwatch.ingest import DAY, parse_published, report_id
    from conflictwatch.pipeline import Coder, Options, default_coder

    date = parse_published(published, "extract_text")  # a day, or a month/year kept as a coarser anchor
    report = Report(id=doc_id or report_id(text), text=text, published=date[0] if date else None,
                    published_precision=date[1] if date else DAY, source=source)
    coder = default_coder() if geocode else Coder(Options(geocode=False))
    return coder.code(report)


def extract_documents(reports: Iterable[Report | Mapping[str, Any]], geocode: bool = True) -> Iterator[Event | ReportFailure]:
    """Code many reports lazily. Items are :class:`Report` or dicts with ``text`` (and optional
    ``id``, ``published``, ``source``, ``url``). Yields events, and a :class:`ReportFailure` for each
    report that could not be coded (CW220 for a language without rules), so nothing is dropped silently."""
    from conflictwatch.errors import InputError
    from conflictwatch.ingest import DAY, checked_report, parse_published, report_id
    from conflictwatch.pipeline import Coder, Options, code_reports, default_coder

    def as_reports() -> Iterator[Report | ReportFailure]:
        for n, item in enumerate(reports, 1):
            if isinstance(item, Report):
                yield item
                continue
            text = item.get("text")
            origin = str(item.get("id") or f"item {n}")
            if not isinstance(text, str) or not text.strip():
                yield ReportFailure(origin, "CW106", "no \"text\" (or it is empty)", item.get("id"))
                continue
            try:
                published = parse_published(item.get("published"), origin)
            except InputError as err:
                yield ReportFailure(origin, err.code, err.message, item.get("id"))
                continue
            try:
                yield checked_report(Report(
                    id=str(item.get("id") or report_id(text)), text=text, published=published[0] if published else None,
                    published_precision=published[1] if published else DAY, source=item.get("source"),
                    url=item.get("url"), origin=origin))
            except InputError as err:
                yield ReportFailure(origin, err.code, err.message, item.get("id"))

    coder = default_coder() if geocode else Coder(Options(geocode=False))
    return code_reports(as_reports(), coder)


def open_store(url: str | None = None):  # type: ignore[no-untyped-def]
    """The event store: a SQLite file path (default ``./conflictwatch.db``) or a ``postgresql://`` URL."""
    from conflictwatch.store import open_store as _open

    return _open(url) if url is not None else _open()
