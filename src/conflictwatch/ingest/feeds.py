"""RSS and Atom feeds (by URL or file) → one report per entry.

Each entry's text is its linked page (fetched politely, boilerplate removed) or, when the link
cannot be fetched or there is none, the entry's own content or summary. An entry key (its id, else
its link, else a hash of its title) lets ``--watch`` skip entries it has already seen.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from conflictwatch.errors import BadDateError, FeedError, InputError
from conflictwatch.ingest import EARLIEST_YEAR, decode, html_to_text
from conflictwatch.ingest.web import Fetcher, extract_article


@dataclass(frozen=True)
class FeedEntry:
    key: str
    title: str | None
    link: str | None
    published: dt.date | None
    summary_html: str | None
    bad_date: str | None = None  # why the entry's own date was refused, if it was


def _entry_date(stamp: object) -> dt.date | None:
    try:
        date = dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else None  # type: ignore[attr-defined]
    except (ValueError, TypeError, AttributeError):
        return None
    return date if date and _bad_date(stamp) is None else None


def _bad_date(stamp: object) -> str | None:
    if not stamp:
        return None
    year = getattr(stamp, "tm_year", None)
    latest = dt.date.today().year + 1
    if not isinstance(year, int) or not EARLIEST_YEAR <= year <= latest:
        return f"the entry's date (year {year}) is outside the years {EARLIEST_YEAR}-{latest}; fix it in the feed"
    return None


@dataclass(frozen=True)
class Feed:
    title: str | None
    entries: tuple[FeedEntry, ...]


def looks_like_feed(content: bytes, content_type: str = "", name: str = "") -> bool:
    """A feed by its media type, its name (.rss/.atom/.xml) or its first tag."""
    if any(k in content_type for k in ("rss", "atom")) or (content_type.endswith("/xml")):
        return True
    if name.lower().rsplit("?", 1)[0].endswith((".rss", ".atom", ".xml")):
        return True
    head = content[:512].lstrip().lower()
    return head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf"))


def parse_feed(content: bytes, origin: str) -> Feed:
    """Entries of an RSS/Atom document, or :class:`FeedError` when it is not one."""
    import feedparser

    try:
        parsed = feedparser.parse(content)
    except (ValueError, TypeError, LookupError, AttributeError, RecursionError, OverflowError) as err:
        raise FeedError(f"the feed could not be parsed ({type(err).__name__}: {str(err)[:160]})", origin=origin) from err
    if not parsed.entries:
        why = f" ({parsed.bozo_exception})" if parsed.get("bozo") else ""
        raise FeedError(f"not an RSS/Atom feed, or a feed without entries{why}", origin=origin)
    entries = []
    for entry in parsed.entries:
        link = entry.get("link") or None
        title = entry.get("title") or None
        key = entry.get("id") or link or "title:" + hashlib.sha1((title or "").encode()).hexdigest()[:16]
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        content = entry.get("content")
        summary = content[0].get("value") if content else entry.get("summary")  # type: ignore[attr-defined]
        entries.append(FeedEntry(str(key), title, link, _entry_date(stamp), summary or None,
                                 _bad_date(stamp)))
    return Feed(parsed.feed.get("title") or None, tuple(entries))


@dataclass(frozen=True)
class EntryText:
    entry: FeedEntry
    text: str
    title: str | None
    published: dt.date | None
    outlet: str | None
    url: str | None
    fetched_at: str | None


def entry_texts(feed: Feed, fetcher: Fetcher, origin: str, seen: Callable[[str], bool] = lambda _k: False,
                follow_links: bool = True) -> Iterator[EntryText | InputError]:
    """The text of each entry not yet ``seen``; an InputError (not raised) for an entry with no text."""
    for entry in feed.entries:
        if seen(entry.key):
            continue
        where = f"{origin} entry {entry.key}"
        if entry.bad_date:
            yield BadDateError(entry.bad_date, origin=where)
            continue
        fetch_error: InputError | None = None
        if follow_links and entry.link and entry.link.startswith(("http://", "https://")):
            try:
                page = fetcher.fetch(entry.link)
                article = extract_article(decode(page.content, entry.link, declared=page.charset, html=True), entry.link)
                yield EntryText(entry, article.text, entry.title or article.title, entry.published or article.published,
                                article.outlet or feed.title, page.url, page.fetched_at)
                continue
            except InputError as err:
                fetch_error = err
        if entry.summary_html and entry.summary_html.strip():
            text, _ = html_to_text(entry.summary_html)
            if text.strip():
                yield EntryText(entry, text, entry.title, entry.published, feed.title, entry.link, None)
                continue
        yield fetch_error or InputError("the entry has no link to fetch and no content or summary", origin=where)
