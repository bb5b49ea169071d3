"""Reading reports: .txt and .html files, folders of them, JSONL batches, standard input.

Every input becomes either a :class:`Report` or a :class:`ReportFailure` that names the file (and
line) and says what is wrong: empty, binary, too large, not UTF-8, not JSON, no text. A bad item
never stops the batch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from conflictwatch.errors import (
    BadDateError,
    BinaryInputError,
    EmptyReportError,
    EncodingError,
    InputError,
    MalformedLineError,
    MissingTextError,
    ReportTooLargeError,
    UnsupportedInputError,
)
from conflictwatch.records import Report, ReportFailure

MAX_REPORT_BYTES = 5_000_000  # a report larger than this is not an article: refuse it, say why
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}


def parse_date(value: Any, origin: str) -> dt.date | None:
    """An ISO date (or datetime) string, or None; anything else is a clear error."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as err:
        raise BadDateError(f"'published' must be an ISO date like 2020-04-22, not {value!r}", origin=origin) from err


def report_id(text: str, hint: str | None = None) -> str:
    """A stable id: the given one, else a content hash (re-running gives the same ids)."""
    if hint:
        return hint
    return "sha1:" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def decode(data: bytes, origin: str) -> str:
    """Bytes to text: refuse empty, binary or oversized input; UTF-8 (with BOM) or a clear error."""
    if len(data) > MAX_REPORT_BYTES:
        raise ReportTooLargeError(
            f"{len(data) / 1e6:.1f} MB is larger than the {MAX_REPORT_BYTES / 1e6:.0f} MB limit for one report; "
            "split it into articles", origin=origin)
    if not data.strip():
        raise EmptyReportError("the report is empty", origin=origin)
    if b"\x00" in data[:8192] or _binary_share(data[:8192]) > 0.1:
        raise BinaryInputError("this looks like a binary file, not a text report", origin=origin)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise EncodingError(
            f"not valid UTF-8 (byte {err.start}: {data[err.start:err.start + 1]!r}); re-save the file as UTF-8",
            origin=origin) from err


def _binary_share(chunk: bytes) -> float:
    if not chunk:
        return 0.0
    control = sum(1 for b in chunk if b < 9 or 13 < b < 32)
    return control / len(chunk)


_TAG = re.compile(r"<(script|style|noscript|nav|header|footer|aside)\b.*?</\1\s*>", re.I | re.S)
_BLOCK = re.compile(r"<\s*(?:br|/p|/div|/h\d|/li|/tr|/article|/section)\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"<[^>]+>")
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)


def html_to_text(markup: str) -> tuple[str, str | None]:
    """Visible text of an HTML page (paragraph breaks kept) and its title; tolerant of broken markup."""
    title_match = _TITLE.search(markup)
    title = html.unescape(re.sub(r"\s+", " ", title_match.group(1))).strip() if title_match else None
    body = _TAG.sub(" ", markup)
    body = _TITLE.sub(" ", body)
    body = _BLOCK.sub("\n\n", body)
    body = _ANY_TAG.sub(" ", body)
    body = html.unescape(body)
    body = re.sub(r"[ \t\r\f\v]+", " ", body)
    body = re.sub(r"\s*\n\s*(?:\n\s*)+", "\n\n", body).strip()
    return body, title


def read_text_file(path: Path, published: dt.date | None = None) -> Report:
    origin = str(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", origin=origin) from err
    text = decode(data, origin)
    title = None
    if path.suffix.lower() in HTML_SUFFIXES:
        text, title = html_to_text(text)
        if not text.strip():
            raise EmptyReportError("the HTML page has no visible text", origin=origin)
    return Report(id=path.stem, text=text, published=published, title=title, origin=origin)


def iter_jsonl(stream: Iterable[bytes], origin: str, published: dt.date | None = None) -> Iterator[Report | ReportFailure]:
    """Reports from JSONL lines ``{"id", "text", "published", "source", "url"}``; only ``text`` is required."""
    for number, raw in enumerate(stream, 1):
        where = f"{origin}:{number}"
        if not raw.strip():
            continue
        try:
            line = decode(raw, where)
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise MalformedLineError("a line must be a JSON object with a \"text\" field", origin=where)
            text = obj.get("text")
            if not isinstance(text, str) or not text.strip():
                raise MissingTextError("no \"text\" (or it is empty); each line needs the report's text", origin=where)
            yield Report(
                id=str(obj.get("id") or report_id(text)),
                text=text,
                published=parse_date(obj.get("published"), where) or published,
                source=obj.get("source"),
                url=obj.get("url"),
                title=obj.get("title"),
                origin=where,
            )
        except json.JSONDecodeError as err:
            failure = MalformedLineError(f"not JSON ({err.msg} at column {err.colno})", origin=where)
            yield ReportFailure(where, failure.code, failure.message)
        except InputError as err:
            yield ReportFailure(where, err.code, err.message)


def read_inputs(inputs: Iterable[str], published: dt.date | None = None,
                stdin: IO[bytes] | None = None) -> Iterator[Report | ReportFailure]:
    """Every report named by ``inputs`` (files, folders, ``-`` for stdin), in order, failures included."""
    for item in inputs:
        if item == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read()
            stripped = data.lstrip()
            if stripped.startswith(b"{"):
                yield from iter_jsonl(data.splitlines(), "<stdin>", published)
            else:
                try:
                    text = decode(data, "<stdin>")
                    yield Report(id=report_id(text), text=text, published=published, origin="<stdin>")
                except InputError as err:
                    yield ReportFailure("<stdin>", err.code, err.message)
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES)
            if not files:
                err = UnsupportedInputError("the folder holds no .txt, .html or .jsonl files", origin=item)
                yield ReportFailure(item, err.code, err.message)
            yield from read_inputs([str(p) for p in files], published)
            continue
        if not path.exists():
            err = InputError("no such file or folder", origin=item)
            yield ReportFailure(item, err.code, err.message)
            continue
        suffix = path.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            try:
                with path.open("rb") as handle:
                    yield from iter_jsonl(handle, item, published)
            except OSError as os_err:
                yield ReportFailure(item, InputError.code, f"cannot read: {os_err.strerror}")
            continue
        try:
            if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES and suffix:
                raise UnsupportedInputError(
                    f"unsupported file type {suffix!r}; give .txt, .html, .jsonl, a folder, or - for stdin", origin=item)
            yield read_text_file(path, published)
        except InputError as err:
            yield ReportFailure(item, err.code, err.message)
