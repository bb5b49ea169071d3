"""Everything ``conflictwatch ingest`` reads: files, folders, .jsonl and .csv batches, HTML pages
(boilerplate removed), RSS/Atom feeds and web pages by URL — each item a :class:`SourcedReport`
(the report plus when it was fetched and from which feed entry) or a :class:`ReportFailure`.

Also the language check (:mod:`conflictwatch.ingest.language`): a report in a language without rules
is stored and listed as "not coded (language X)", never dropped and never run through another
language's coder.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING
from urllib.parse import urlsplit

from conflictwatch.errors import (
    EmptyReportError,
    InputError,
    MalformedLineError,
    MissingTextError,
    ReportTooLargeError,
    UnsupportedInputError,
)
from conflictwatch.ingest import (
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    READER_BUGS,
    TEXT_SUFFIXES,
    checked_report,
    decode,
    failure_of,
    parse_published,
    read_inputs,
    report_id,
    unexpected,
)
from conflictwatch.ingest.decoding import MAX_REPORT_BYTES, line_ending, peekable, text_lines
from conflictwatch.records import Report, ReportFailure

if TYPE_CHECKING:
    from conflictwatch.ingest.web import Fetcher

CSV_SUFFIXES = {".csv"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
ALL_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES | FEED_SUFFIXES


@dataclass(frozen=True)
class SourcedReport:
    """A report with the provenance the store keeps beyond :class:`Report`'s own fields."""

    report: Report
    fetched_at: str | None = None
    feed: str | None = None  # the feed it came from, for --watch
    entry_key: str | None = None
    key: str | None = None  # the user's own id of the report (batch "id", feed guid, URL, file path)


def read_sources(items: Iterable[str], published: dt.date | None = None, fetcher: Fetcher | None = None,
                 seen: Callable[[str, str], bool] | None = None) -> Iterator[SourcedReport | ReportFailure]:
    """Every report named by ``items`` (paths, folders, http(s) URLs of pages or feeds), in order.

    ``seen(feed, entry_key)`` tells which feed entries were already ingested (they are skipped).
    Whatever goes wrong with one item is that item's :class:`ReportFailure`; the others are read."""
    from conflictwatch.ingest.web import Fetcher  # feeds and pages only: `extract` of files never loads HTTP

    fetcher = fetcher or Fetcher()
    is_seen = seen or (lambda _feed, _key: False)
    for item in items:
        try:
            yield from _read_source(item, published, fetcher, is_seen, seen)
        except (*READER_BUGS, csv.Error) as err:
            yield unexpected(err, item)


def _read_source(item: str, published: dt.date | None, fetcher: Fetcher, is_seen: Callable[[str, str], bool],
                 seen: Callable[[str, str], bool] | None) -> Iterator[SourcedReport | ReportFailure]:
    from conflictwatch.ingest.web import extract_article, is_url

    if is_url(item):
        yield from _read_url(item, published, fetcher, is_seen)
        return
    path = Path(item)
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ALL_SUFFIXES)
        if not files:
            yield failure_of(UnsupportedInputError("the folder holds no .txt, .html, .jsonl, .csv or feed files", origin=item))
        yield from read_sources([str(p) for p in files], published, fetcher, seen)
        return
    suffix = path.suffix.lower()
    if not path.is_file() or suffix not in CSV_SUFFIXES | FEED_SUFFIXES | HTML_SUFFIXES:
        for got in read_inputs([item], published):
            yield got if isinstance(got, ReportFailure) else SourcedReport(_content_id(got), key=user_key(got))
        return
    try:
        if suffix in CSV_SUFFIXES:
            with path.open("rb") as handle:
                yield from iter_csv(handle, item, published)
        elif suffix in FEED_SUFFIXES:
            yield from _read_feed(path.read_bytes(), item, published, fetcher, is_seen)
        else:
            article = extract_article(decode(path.read_bytes(), item, html=True), item)
            report = Report(id="", text=article.text, published=article.published or published,
                            source=article.outlet, title=article.title, origin=item)
            yield SourcedReport(_content_id(checked_report(report)), key=item)
    except InputError as err:
        yield failure_of(err, item)
    except OSError as err:
        yield ReportFailure(item, InputError.code, f"cannot read: {err.strerror}")


def _read_url(url: str, published: dt.date | None, fetcher: Fetcher,
              seen: Callable[[str, str], bool]) -> Iterator[SourcedReport | ReportFailure]:
    from conflictwatch.ingest.feeds import looks_like_feed
    from conflictwatch.ingest.web import extract_article

    try:
        page = fetcher.fetch(url)
        if looks_like_feed(page.content, page.content_type, url):
            yield from _read_feed(page.content, url, published, fetcher, seen)
            return
        article = extract_article(decode(page.content, url, declared=page.charset, html=True), url)
        report = Report(id="", text=article.text, published=article.published or published,
                        source=article.outlet or urlsplit(page.url).hostname, url=page.url, title=article.title,
                        origin=url)
        yield SourcedReport(_content_id(checked_report(report)), fetched_at=page.fetched_at, key=url)
    except InputError as err:
        yield failure_of(err, url)


def _read_feed(content: bytes, origin: str, published: dt.date | None, fetcher: Fetcher,
               seen: Callable[[str, str], bool]) -> Iterator[SourcedReport | ReportFailure]:
    from conflictwatch.ingest.feeds import entry_texts, parse_feed

    feed = parse_feed(content, origin)
    for item in entry_texts(feed, fetcher, origin, seen=lambda key: seen(origin, key)):
        if isinstance(item, InputError):
            yield failure_of(item, origin)
            continue
        where = f"{origin} entry {item.entry.key}"
        report = Report(id="", text=item.text, published=item.published or published, source=item.outlet,
                        url=item.url, title=item.title, origin=where)
        try:
            yield SourcedReport(_content_id(checked_report(report)), fetched_at=item.fetched_at, feed=origin,
                                entry_key=item.entry.key, key=item.entry.key)
        except InputError as err:
            yield failure_of(err, where)


def iter_csv(stream: IO[bytes], origin: str, published: dt.date | None = None) -> Iterator[SourcedReport | ReportFailure]:
    """Reports from a CSV with a header row; a ``text`` column is required, ``id``, ``published``,
    ``source`` (or ``outlet``), ``url`` and ``title`` are read when present.

    Each row is read on its own and named by its first line: a row with a NUL byte, an undecodable
    byte, a field over the size limit or a quote that never closes is that row's failure, and reading
    goes on at the line after the row's first, so an unbalanced quote cannot swallow the rows after
    it unseen. Lines end in LF or CRLF (a bare CR is then part of a field) or, in old files, CR."""
    handle = peekable(stream)
    lines = _NumberedLines(text_lines(handle, origin, newline=line_ending(handle)))
    reader = lines.reader()
    try:
        header = next(reader)
    except StopIteration:
        raise EmptyReportError("the CSV is empty", origin=origin) from None
    except csv.Error as err:
        raise MalformedLineError(f"the header row is not readable CSV ({err})", origin=f"{origin}:1") from err
    header = _unmask(header)
    columns = {c.strip().lower().lstrip("\ufeff"): i for i, c in enumerate(header)}
    if "text" not in columns:
        found = ", ".join(header) or "none"
        raise MissingTextError(f"the CSV has no \"text\" column (columns: {found}); add one with each report's text",
                               origin=origin)
    while True:
        lines.start_row()
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            yield failure_of(_csv_error(err, lines, origin))
            reader = lines.resync()
            continue
        except InputError as err:  # a line that could not be decoded, or an overlong one
            if lines.spanned > 1:  # inside a quoted field: the row it belongs to fails, named by its first line
                err = type(err)(f"line {lines.last}, inside this row's quoted field: {err.message}",
                                origin=f"{origin}:{lines.first}")
            yield failure_of(err)
            reader = lines.resync()
            continue
        if not row:
            continue
        where = f"{origin}:{lines.first}"
        problem = _shape_error(row, len(header), lines, columns, where)
        if problem:
            yield failure_of(problem)
            if lines.spanned > 1:
                reader = lines.resync()
            continue
        try:
            report = _csv_report(_unmask(row), columns, where, published)
            yield SourcedReport(_content_id(checked_report(report)), key=_csv_key(row, columns) or report.url or where)
        except InputError as err:
            yield failure_of(err)


def _shape_error(row: list[str], width: int, lines: _NumberedLines, columns: dict[str, int],
                 where: str) -> InputError | None:
    """Why a parsed row cannot be what its writer meant: too many fields, or a quoted field that ran
    on over lines that read as rows of their own (a quote that does not close where it should)."""
    again = "the lines after this one are read again as rows"
    if len(row) > width or (lines.spanned > 1 and len(row) != width):
        if lines.spanned > 1:
            return MalformedLineError(f"{len(row)} fields where the header has {width}; the row runs over "
                                      f"{lines.spanned} lines, so a quote (\") probably never closes; {again}",
                                      origin=where)
        return MalformedLineError(f"{len(row)} fields where the header has {width}; quote fields that hold commas",
                                  origin=where)
    if sum(line.count('"') for _, line in lines.row_lines()) % 2:  # well-formed quotes come in pairs
        return MalformedLineError("an odd number of quotes (\") in this row: a quoted field opens or closes on "
                                  "another line, or a quote inside a field is not doubled (\"\")", origin=where)
    swallowed = _swallowed_row(row, lines, columns) if lines.spanned > 1 else None
    if swallowed:
        return MalformedLineError(f"a quoted field of this row runs on to line {lines.last} and takes in line "
                                  f"{swallowed}, which reads as a row of its own: a quote (\") probably does not "
                                  f"close where it should; {again}", origin=where)
    return None


def _swallowed_row(row: list[str], lines: _NumberedLines, columns: dict[str, int]) -> int | None:
    """The number of a line inside this row's quoted field that has the shape of a row of the file (as
    many fields, an integer id where the row has one, a date where the row has one), or None."""
    shapes = []
    if "id" in columns and row[columns["id"]].strip().isdigit():
        shapes.append((columns["id"], lambda v: v.strip().isdigit()))
    if "published" in columns and row[columns["published"]].strip():
        shapes.append((columns["published"], _is_date))
    if not shapes:
        return None
    for number, line in lines.continuation():
        fields = next(csv.reader([line]), [])
        if len(fields) == len(row) and all(test(fields[i]) for i, test in shapes):
            return number
    return None


def _is_date(value: str) -> bool:
    try:
        return parse_published(value, "") is not None
    except InputError:
        return False


def _csv_report(row: list[str], columns: dict[str, int], where: str, published: dt.date | None) -> Report:
    def col(name: str) -> str | None:
        index = columns.get(name)
        value = row[index] if index is not None and index < len(row) else None
        return value.strip() if value and value.strip() else None

    body = col("text")
    if not body:
        raise MissingTextError("empty \"text\" in this row", origin=where)
    date = parse_published(col("published"), where)
    return Report(id="", text=body, published=date[0] if date else published, published_precision=date[1] if date else 1,
                  source=col("source") or col("outlet"), url=col("url"), title=col("title"), origin=where)


def _csv_key(row: list[str], columns: dict[str, int]) -> str | None:
    index = columns.get("id")
    value = row[index].strip() if index is not None and index < len(row) else ""
    return value or None


def user_key(report: Report) -> str | None:
    """The user's own id of a report as read: a batch line's ``id`` (else its URL, else file:line),
    a file's path; None for text piped on stdin with no id."""
    if re.search(r":\d+$", report.origin or ""):  # a line of a batch
        if report.id and not report.id.startswith(("sha1:", "r-")):
            return report.id
        return report.url or report.origin
    if report.origin and report.origin != "<stdin>":
        return report.url or report.origin
    return report.url


def _csv_error(err: csv.Error, lines: _NumberedLines, origin: str) -> InputError:
    where = f"{origin}:{lines.first}"
    if "field larger than field limit" in str(err):
        return ReportTooLargeError(f"a field is longer than {MAX_REPORT_BYTES:,} characters", origin=where)
    if lines.spanned > 1 or "unexpected end of data" in str(err):
        ends = "the file ends inside it" if "unexpected end of data" in str(err) else f"csv: {err}"
        return MalformedLineError(f"a quote (\") opened in this row never closes ({ends}, {lines.spanned} lines on); "
                                  "the lines after this one are read again as rows", origin=where)
    return MalformedLineError(f"not readable CSV ({err}); a quote inside a quoted field must be doubled (\"\")",
                              origin=where)


_BARE_CR = re.compile(r"\r(?!\n|\Z)")
_CR_MASK = "\ufdd0"  # a Unicode noncharacter: never in a report


def _unmask(row: list[str]) -> list[str]:
    return [field.replace(_CR_MASK, "\r") for field in row] if any(_CR_MASK in f for f in row) else row


class _NumberedLines:
    """Physical lines fed to :mod:`csv`, remembering which ones the current row took, so that after a
    broken row reading can start again at its second line."""

    def __init__(self, source: Iterator[tuple[int, str | InputError]]):
        self._source = source
        self._pending: deque[tuple[int, str | InputError]] = deque()
        self._taken: list[tuple[int, str | InputError]] = []
        csv.field_size_limit(max(csv.field_size_limit(), MAX_REPORT_BYTES))

    def __iter__(self) -> _NumberedLines:
        return self

    def __next__(self) -> str:
        item = self._pending.popleft() if self._pending else next(self._source)
        self._taken.append(item)
        if isinstance(item[1], InputError):
            raise item[1]
        # csv takes a CR inside a line for a line end; hide it and give it back in the field (see unmask)
        return _BARE_CR.sub(_CR_MASK, item[1]) if "\r" in item[1] else item[1]

    def reader(self) -> Iterator[list[str]]:
        return csv.reader(self, strict=True)

    def start_row(self) -> None:
        self._taken = []

    @property
    def first(self) -> int:
        return self._taken[0][0] if self._taken else 0

    @property
    def spanned(self) -> int:
        return len(self._taken)

    @property
    def last(self) -> int:
        return self._taken[-1][0] if self._taken else 0

    def row_lines(self) -> Iterator[tuple[int, str]]:
        """The current row's physical lines."""
        for number, line in self._taken:
            if isinstance(line, str):
                yield number, line

    def continuation(self) -> Iterator[tuple[int, str]]:
        """The current row's lines after its first (the inside of a multi-line quoted field)."""
        yield from list(self.row_lines())[1:]

    def resync(self) -> Iterator[list[str]]:
        """A fresh reader that starts at the line after the broken row's first line (lines that could
        not be read at all, already reported, are not read again)."""
        self._pending.extendleft(reversed([item for item in self._taken[1:] if isinstance(item[1], str)]))
        self._taken = []
        return self.reader()


def _content_id(report: Report) -> Report:
    """Store ids are content hashes of the text, whatever the input called the report."""
    return replace(report, id=report_id(normalise_text(report.text)).replace("sha1:", "r-"))


def normalise_text(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
