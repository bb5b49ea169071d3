"""Reading reports: .txt and .html files, folders of them, JSONL batches, standard input.

Every input becomes either a :class:`Report` or a :class:`ReportFailure` that names the file (and
line) and says what is wrong: empty, binary, too large, undecodable, not JSON, no text, a bad date.
A bad item never stops the batch: each line of a batch is read on its own, and whatever the JSON
parser raises for one line (a 5,000-digit integer, 100,000 nested arrays) is that line's failure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import fields
from pathlib import Path
from typing import IO, Any

from conflictwatch.errors import (
    BadDateError,
    BinaryInputError,
    EncodingError,
    InputError,
    MalformedLineError,
    MissingTextError,
    ReaderError,
    ReportTooLargeError,
    UnsupportedInputError,
)
from conflictwatch.ingest.decoding import (
    MAX_REPORT_BYTES,
    decode,
    lone_surrogate,
    sniff_codec,
    text_lines,
)
from conflictwatch.records import Report, ReportFailure

__all__ = ["MAX_REPORT_BYTES", "decode", "parse_date", "parse_published", "report_id", "html_to_text",
           "checked_report", "read_text_file", "iter_jsonl", "read_inputs"]

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}

DAY, MONTH = 1, 3  # ACLED time precision of a publication date: the day is known, or only the month (or year)
EARLIEST_YEAR = 1900
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})([T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"\d{4}")


def parse_published(value: Any, origin: str) -> tuple[dt.date, int] | None:
    """A publication date and its precision (:data:`DAY` or :data:`MONTH`), or None when absent.

    The whole value must be an ISO date ("2020-04-22", optionally with a time), a month ("2018-05",
    the 1st of the month) or a year ("2024", the 1st of January), in the years 1900 to next year;
    anything else ("2020-04-22garbage", "0001-01-01", "yesterday") is a :class:`BadDateError`."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return _in_range(value, origin), DAY
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise BadDateError(f"'published' must be an ISO date like 2020-04-22, not {type(value).__name__} {value!r:.80}",
                           origin=origin)
    text = str(value).strip()
    try:
        if day := _ISO_DAY.fullmatch(text):
            if day.group(4):
                dt.datetime.fromisoformat(text.replace(" ", "T", 1))  # the time must be a real one too
            return _in_range(dt.date(int(day[1]), int(day[2]), int(day[3])), origin), DAY
        if month := _ISO_MONTH.fullmatch(text):
            return _in_range(dt.date(int(month[1]), int(month[2]), 1), origin), MONTH
        if _YEAR.fullmatch(text):
            return _in_range(dt.date(int(text), 1, 1), origin), MONTH
    except ValueError as err:
        raise BadDateError(f"'published' {text!r:.80} is not a calendar date ({err})", origin=origin) from err
    raise BadDateError(f"'published' must be a whole ISO date like 2020-04-22 (or a month 2020-04, or a year 2020), "
                       f"not {text!r:.80}", origin=origin)


def _in_range(date: dt.date, origin: str) -> dt.date:
    latest = dt.date.today().year + 1
    if not EARLIEST_YEAR <= date.year <= latest:
        raise BadDateError(f"'published' {date.isoformat()} is outside the years {EARLIEST_YEAR}-{latest}; "
                           "fix the date or leave it out", origin=origin)
    return date


def parse_date(value: Any, origin: str) -> dt.date | None:
    """An ISO date (or datetime, month, year) as a date, or None; anything else is a clear error."""
    parsed = parse_published(value, origin)
    return parsed[0] if parsed else None


def report_id(text: str, hint: str | None = None) -> str:
    """A stable id: the given one, else a content hash (re-running gives the same ids)."""
    if hint:
        return hint
    return "sha1:" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def checked_report(report: Report) -> Report:
    """The report if every text field can be stored and coded: no lone surrogate, no NUL character;
    else the :class:`InputError` that names the field and the character."""
    for f in fields(report):
        value = getattr(report, f.name)
        if not isinstance(value, str):
            continue
        where = lone_surrogate(value)
        if where is not None:
            raise EncodingError(
                f"{f.name!r} holds a lone surrogate (\\u{ord(value[where]):04x}) at character {where}, half of a "
                "UTF-16 pair that no text can hold; fix or remove it", origin=report.origin)
        nul = value.find("\x00")
        if nul >= 0:
            raise BinaryInputError(f"{f.name!r} holds a NUL character at character {nul}; remove it",
                                   origin=report.origin)
    return report


_SKIPPED = frozenset({"script", "style", "noscript", "nav", "header", "footer", "aside", "template", "title"})
_BREAKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "article", "section"})
_MARKUP = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]{0,40})[^<>]*>|<!--")  # [^<>] keeps the scan linear


def html_to_text(markup: str) -> tuple[str, str | None]:
    """Visible text of an HTML page (paragraph breaks kept) and its title; tolerant of broken markup.

    One left-to-right pass: an unclosed ``<script>`` or comment never makes it quadratic."""
    lower = markup.lower()
    pieces: list[str] = []
    title: str | None = None
    unclosed: set[str] = set()  # elements with no closing tag after some point: never searched again
    pos = 0
    while (match := _MARKUP.search(markup, pos)) is not None:
        pieces.append(markup[pos:match.start()])
        pos = match.end()
        if match.group(2) is None:  # a comment
            end = markup.find("-->", pos)
            pos = len(markup) if end < 0 else end + 3
            pieces.append(" ")
            continue
        name = match.group(2).lower()
        if match.group(1):
            pieces.append("\n\n" if name in _BREAKS else " ")
        elif name == "br":
            pieces.append("\n\n")
        elif name in _SKIPPED and name not in unclosed:
            close = lower.find("</" + name, pos)
            if close < 0:
                unclosed.add(name)
                continue
            if name == "title" and title is None:
                title = html.unescape(" ".join(markup[pos:close].split())).strip() or None
            end = markup.find(">", close)
            pos = len(markup) if end < 0 else end + 1
            pieces.append(" ")
        else:
            pieces.append(" ")
    pieces.append(markup[pos:])
    return _paragraphs(html.unescape("".join(pieces))), title


def _paragraphs(text: str) -> str:
    """Runs of spaces as one space; blank lines as one paragraph break."""
    paragraphs: list[list[str]] = [[]]
    for line in re.sub(r"[ \t\r\f\v]+", " ", text).split("\n"):
        line = line.strip()
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\n".join(p) for p in paragraphs if p)


def read_text_file(path: Path, published: dt.date | None = None) -> Report:
    origin = str(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", origin=origin) from err
    is_html = path.suffix.lower() in HTML_SUFFIXES
    text = decode(data, origin, html=is_html)
    if is_html:
        # the page's main text as ingest reads it (trafilatura, boilerplate removed): one text for one page
        from conflictwatch.ingest.web import extract_article

        article = extract_article(text, origin)
        return checked_report(Report(id=path.stem, text=article.text, published=article.published or published,
                                     source=article.outlet, title=article.title, origin=origin))
    return checked_report(Report(id=path.stem, text=text, published=published, origin=origin))


def iter_jsonl(stream: IO[bytes], origin: str, published: dt.date | None = None) -> Iterator[Report | ReportFailure]:
    """Reports from JSONL lines ``{"id", "text", "published", "source", "url", "title"}``; only ``text``
    is required. Lines end in LF, CRLF or CR; the file may carry a UTF-8/16/32 byte-order mark."""
    try:
        lines = text_lines(stream, origin)
        for number, line in lines:
            where = f"{origin}:{number}"
            try:
                if isinstance(line, InputError):
                    raise line
                if line.strip():
                    yield checked_report(_json_report(line, where, published))
            except InputError as err:
                yield failure_of(err, where)
    except InputError as err:  # the whole file: binary
        yield failure_of(err, origin)


def _json_report(line: str, where: str, published: dt.date | None) -> Report:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        raise MalformedLineError(f"not JSON ({err.msg} at column {err.colno})", origin=where) from err
    except RecursionError as err:
        raise MalformedLineError("not readable JSON: nested too deeply", origin=where) from err
    except ValueError as err:  # e.g. an integer of more than 4,300 digits
        raise MalformedLineError(f"not readable JSON ({err})", origin=where) from err
    if not isinstance(obj, dict):
        raise MalformedLineError("a line must be a JSON object with a \"text\" field", origin=where)
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise MissingTextError("no \"text\" (or it is empty); each line needs the report's text", origin=where)
    if len(text) > MAX_REPORT_BYTES:
        raise ReportTooLargeError(f"the text is longer than {MAX_REPORT_BYTES:,} characters", origin=where)
    date = parse_published(obj.get("published"), where)
    return Report(
        id=_string(obj, "id", where) or report_id(text), text=text,
        published=date[0] if date else published, published_precision=date[1] if date else DAY,
        source=_string(obj, "source", where), url=_string(obj, "url", where), title=_string(obj, "title", where),
        origin=where)


def _string(obj: dict[str, Any], key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**30:
        return str(value)
    raise MalformedLineError(f"{key!r} must be a string, not {type(value).__name__}", origin=where)


def failure_of(err: InputError, origin: str | None = None) -> ReportFailure:
    """The failure record of an input error, named by its own origin (else ``origin``)."""
    return ReportFailure(err.origin or origin or "?", err.code, err.message)


# what a reader may raise by mistake (a bug, or a library's surprise): the item fails by name, the batch goes on
READER_BUGS: tuple[type[Exception], ...] = (ValueError, TypeError, LookupError, AttributeError, RecursionError, OSError)


def unexpected(err: Exception, origin: str) -> ReportFailure:
    """A failure for an exception no reader expected: named, so the batch goes on and the bug is reported."""
    failure = ReaderError(f"reading this item failed unexpectedly ({type(err).__name__}: {str(err)[:200]}); "
                          "the rest of the batch goes on — please report it", origin=origin)
    return failure_of(failure)


def read_inputs(inputs: Iterable[str], published: dt.date | None = None,
                stdin: IO[bytes] | None = None) -> Iterator[Report | ReportFailure]:
    """Every report named by ``inputs`` (files, folders, ``-`` for stdin), in order, failures included."""
    for item in inputs:
        try:
            yield from _read_input(item, published, stdin)
        except READER_BUGS as err:
            yield unexpected(err, item)


def _read_input(item: str, published: dt.date | None, stdin: IO[bytes] | None) -> Iterator[Report | ReportFailure]:
    if item == "-":
        yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, published)
        return
    path = Path(item)
    if path.is_dir():
        readable = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
        files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in readable)
        if not files:
            yield failure_of(UnsupportedInputError("the folder holds no .txt, .html or .jsonl files", origin=item))
        yield from read_inputs([str(p) for p in files], published)
        return
    if not path.exists():
        yield failure_of(InputError("no such file or folder", origin=item))
        return
    suffix = path.suffix.lower()
    try:
        if suffix in JSONL_SUFFIXES:
            with path.open("rb") as handle:
                yield from iter_jsonl(handle, item, published)
            return
        if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES and suffix:
            raise UnsupportedInputError(
                f"unsupported file type {suffix!r}; give .txt, .html, .jsonl, a folder, or - for stdin", origin=item)
        yield read_text_file(path, published)
    except InputError as err:
        yield failure_of(err, item)
    except OSError as err:
        yield failure_of(InputError(f"cannot read: {err.strerror}", origin=item))


def _read_stdin(stream: IO[bytes], published: dt.date | None) -> Iterator[Report | ReportFailure]:
    """Standard input: a JSONL batch when it starts with "{", else one report."""
    data = stream.read()
    codec = sniff_codec(data[:4], None, "<stdin>")
    if data[codec.bom:codec.bom + 256].decode(codec.name, errors="ignore").lstrip().startswith("{"):
        yield from iter_jsonl(io.BytesIO(data), "<stdin>", published)
        return
    try:
        text = decode(data, "<stdin>")
        yield checked_report(Report(id=report_id(text), text=text, published=published, origin="<stdin>"))
    except InputError as err:
        yield failure_of(err, "<stdin>")
