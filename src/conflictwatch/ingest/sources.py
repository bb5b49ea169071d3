"""Everything ``conflictwatch ingest`` reads: files, folders, .jsonl and .csv batches, HTML pages
(boilerplate removed), RSS/Atom feeds and web pages by URL — each item a :class:`SourcedReport`
(the report plus when it was fetched and from which feed entry) or a :class:`ReportFailure`.

Also the language check: a report that is not in English is stored and listed as
"not coded (language X)", never dropped and never run through the English coder.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from conflictwatch.errors import InputError, MissingTextError, UnsupportedInputError
from conflictwatch.ingest import (
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    TEXT_SUFFIXES,
    decode,
    parse_date,
    read_inputs,
    report_id,
)
from conflictwatch.ingest.feeds import entry_texts, looks_like_feed, parse_feed
from conflictwatch.ingest.web import Fetcher, extract_article, is_url
from conflictwatch.records import Report, ReportFailure

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


def _failure(err: InputError, origin: str | None = None) -> ReportFailure:
    return ReportFailure(err.origin or origin or "?", err.code, err.message)


def read_sources(items: Iterable[str], published: dt.date | None = None, fetcher: Fetcher | None = None,
                 seen: Callable[[str, str], bool] | None = None) -> Iterator[SourcedReport | ReportFailure]:
    """Every report named by ``items`` (paths, folders, http(s) URLs of pages or feeds), in order.

    ``seen(feed, entry_key)`` tells which feed entries were already ingested (they are skipped)."""
    fetcher = fetcher or Fetcher()
    is_seen = seen or (lambda _feed, _key: False)
    for item in items:
        if is_url(item):
            yield from _read_url(item, published, fetcher, is_seen)
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ALL_SUFFIXES)
            if not files:
                err = UnsupportedInputError("the folder holds no .txt, .html, .jsonl, .csv or feed files", origin=item)
                yield _failure(err)
            yield from read_sources([str(p) for p in files], published, fetcher, seen)
            continue
        suffix = path.suffix.lower()
        if not path.is_file() or suffix not in CSV_SUFFIXES | FEED_SUFFIXES | HTML_SUFFIXES:
            for got in read_inputs([item], published):
                yield got if isinstance(got, ReportFailure) else SourcedReport(_content_id(got), key=user_key(got))
            continue
        try:
            data = path.read_bytes()
            if suffix in CSV_SUFFIXES:
                yield from iter_csv(decode(data, item), item, published)
            elif suffix in FEED_SUFFIXES:
                yield from _read_feed(data, item, published, fetcher, is_seen)
            else:
                article = extract_article(decode(data, item), item)
                report = Report(id="", text=article.text, published=article.published or published,
                                source=article.outlet, title=article.title, origin=item)
                yield SourcedReport(_content_id(report), key=item)
        except InputError as err:
            yield _failure(err, item)
        except OSError as err:
            yield ReportFailure(item, InputError.code, f"cannot read: {err.strerror}")


def _read_url(url: str, published: dt.date | None, fetcher: Fetcher,
              seen: Callable[[str, str], bool]) -> Iterator[SourcedReport | ReportFailure]:
    try:
        page = fetcher.fetch(url)
        if looks_like_feed(page.content, page.content_type, url):
            yield from _read_feed(page.content, url, published, fetcher, seen)
            return
        article = extract_article(decode(page.content, url), url)
        from urllib.parse import urlsplit

        report = Report(id="", text=article.text, published=article.published or published,
                        source=article.outlet or urlsplit(page.url).hostname, url=page.url, title=article.title,
                        origin=url)
        yield SourcedReport(_content_id(report), fetched_at=page.fetched_at, key=url)
    except InputError as err:
        yield _failure(err, url)


def _read_feed(content: bytes, origin: str, published: dt.date | None, fetcher: Fetcher,
               seen: Callable[[str, str], bool]) -> Iterator[SourcedReport | ReportFailure]:
    feed = parse_feed(content, origin)
    for item in entry_texts(feed, fetcher, origin, seen=lambda key: seen(origin, key)):
        if isinstance(item, InputError):
            yield _failure(item, origin)
            continue
        report = Report(id="", text=item.text, published=item.published or published, source=item.outlet,
                        url=item.url, title=item.title, origin=f"{origin} entry {item.entry.key}")
        yield SourcedReport(_content_id(report), fetched_at=item.fetched_at, feed=origin, entry_key=item.entry.key,
                            key=item.entry.key)


def iter_csv(text: str, origin: str, published: dt.date | None = None) -> Iterator[SourcedReport | ReportFailure]:
    """Reports from a CSV with a header row; a ``text`` column is required, ``id``, ``published``,
    ``source`` (or ``outlet``), ``url`` and ``title`` are read when present."""
    reader = csv.DictReader(io.StringIO(text))
    columns = {c.strip().lower(): c for c in (reader.fieldnames or [])}
    if "text" not in columns:
        found = ", ".join(reader.fieldnames or []) or "none"
        raise MissingTextError(f"the CSV has no \"text\" column (columns: {found}); add one with each report's text",
                               origin=origin)
    for number, row in enumerate(reader, 2):
        where = f"{origin}:{number}"

        def col(name: str, row: dict[str, str | None] = row) -> str | None:
            key = columns.get(name)
            value = row.get(key) if key else None
            return value.strip() if isinstance(value, str) and value.strip() else None

        body = col("text")
        if not body:
            err = MissingTextError("empty \"text\" in this row", origin=where)
            yield _failure(err)
            continue
        try:
            date = parse_date(col("published"), where) or published
        except InputError as err:
            yield _failure(err)
            continue
        report = Report(id="", text=body, published=date, source=col("source") or col("outlet"), url=col("url"),
                        title=col("title"), origin=where)
        yield SourcedReport(_content_id(report), key=col("id") or col("url") or where)


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


def _content_id(report: Report) -> Report:
    """Store ids are content hashes of the text, whatever the input called the report."""
    return replace(report, id=report_id(normalise_text(report.text)).replace("sha1:", "r-"))


def normalise_text(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


# -- language -----------------------------------------------------------------------------------

_STOPWORDS = {
    "en": "the of and to in a is was were that by on for with said from at killed people".split(),
    "fr": "le la les des et du un une est dans que pour par sur au ont été tués".split(),
    "es": "el la los las de del y en que por un una con para fueron muertos según".split(),
    "de": "der die das und ist von den mit im ein eine wurden nach bei auf getötet".split(),
    "pt": "o os da do das dos e em que um uma com para foram mortos segundo".split(),
    "it": "il lo gli della delle e di che per con sono stati uccisi secondo nel".split(),
}
_SCRIPTS = {"ARABIC": "ar", "CYRILLIC": "ru", "CJK": "zh", "HEBREW": "he", "DEVANAGARI": "hi", "GREEK": "el",
            "HANGUL": "ko", "HIRAGANA": "ja", "KATAKANA": "ja", "THAI": "th", "ETHIOPIC": "am", "GEORGIAN": "ka",
            "ARMENIAN": "hy", "BENGALI": "bn", "TAMIL": "ta", "SYRIAC": "syr", "MYANMAR": "my"}


def detect_language(text: str) -> str:
    """A cheap guess: the script of most letters, then (for Latin script) the most frequent stopwords."""
    scripts: Counter[str] = Counter()
    for ch in text[:20_000]:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            scripts[name.split(" ")[0] if name else "?"] += 1
    total = sum(scripts.values())
    if not total:
        return "und"
    script, count = scripts.most_common(1)[0]
    if script != "LATIN" and count / total > 0.5:
        return _SCRIPTS.get(script, script.lower())
    words = Counter(re.findall(r"[^\W\d_]+", text[:20_000].lower()))
    hits = {lang: sum(words[w] for w in ws) for lang, ws in _STOPWORDS.items()}
    best = max(hits, key=lambda lang: (hits[lang], lang == "en"))
    return "en" if hits["en"] >= hits[best] * 0.8 or hits[best] < 3 else best


def coding_status(language: str) -> str:
    return "coded" if language in ("en", "und") else f"not coded (language {language})"
