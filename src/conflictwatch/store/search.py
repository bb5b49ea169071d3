"""Full-text search over events: their notes, actors, places, sources and the text of every report
behind them. SQLite answers with an FTS5 table, PostgreSQL with a ``tsvector`` column and a GIN index.

The index is derived data, kept beside the store's tables with its own migrations (``search_migrations``)
and brought up to date lazily: every change to an event is in the audit log, so :func:`sync` re-indexes
only the events named there since the last entry it saw (one cheap query when nothing changed).

Queries are words, not syntax: each word must occur (as a prefix of a word of the event's text), any
case and, on SQLite, any diacritics; quotes, operators and brackets in the query are plain text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from conflictwatch.errors import StoreError
from conflictwatch.store.db import Database
from conflictwatch.store.schema import MigrationSet

SEARCH = MigrationSet("search_migrations", "search migration", StoreError)
_WORD = re.compile(r"\w+", re.UNICODE)
_MAX_WORDS = 12


@SEARCH.register(1, "event full-text index")
def _initial(db: Database) -> None:
    if db.dialect == "sqlite":
        db.execute("CREATE VIRTUAL TABLE event_search USING fts5(event_id UNINDEXED, body,"
                   " tokenize = 'unicode61 remove_diacritics 2')")
    else:
        db.execute("CREATE TABLE event_search (event_id TEXT PRIMARY KEY, body TEXT NOT NULL,"
                   " tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED)")
        db.execute("CREATE INDEX event_search_tsv ON event_search USING GIN (tsv)")
    db.execute("CREATE TABLE search_state (name TEXT PRIMARY KEY, value BIGINT NOT NULL)")
    db.execute("INSERT INTO search_state (name, value) VALUES ('audit_seen', 0)")


def query_words(query: str) -> list[str]:
    """The words of a query (at most 12), lower-cased; punctuation and operators are dropped."""
    return [w.lower() for w in _WORD.findall(query)][:_MAX_WORDS]


def sync(db: Database) -> int:
    """Bring the index up to date with the events; returns how many events were (re-)indexed."""
    SEARCH.apply(db)
    newest = db.scalar("SELECT MAX(id) FROM audit_log") or 0
    seen = db.scalar("SELECT value FROM search_state WHERE name = 'audit_seen'") or 0
    if newest == seen:
        return 0
    with db.transaction():
        seen = db.scalar("SELECT value FROM search_state WHERE name = 'audit_seen'") or 0  # under the writer lock
        if seen == 0:
            db.execute("DELETE FROM event_search")
            changed = [r["id"] for r in db.query("SELECT id FROM events")]
        else:
            changed = [r["entity_id"] for r in db.query(
                "SELECT DISTINCT entity_id FROM audit_log WHERE id > ? AND id <= ? AND entity = 'event'", (seen, newest))]
            for chunk in _chunks(changed, 500):
                db.execute(f"DELETE FROM event_search WHERE event_id IN ({_marks(chunk)})", chunk)
        n = 0
        for chunk in _chunks(changed, 500):
            rows = list(_bodies(db, chunk))
            db.executemany("INSERT INTO event_search (event_id, body) VALUES (?, ?)", rows)
            n += len(rows)
        db.execute("UPDATE search_state SET value = ? WHERE name = 'audit_seen'", (newest,))
    return n


def search_event_ids(db: Database, query: str, include_rejected: bool = False) -> list[str]:
    """Ids of the events whose text holds every word of ``query`` (as word prefixes), best match first
    on SQLite, by id on PostgreSQL. An empty query finds nothing."""
    words = query_words(query)
    if not words:
        return []
    sync(db)
    status = "" if include_rejected else " AND e.status <> 'rejected'"
    if db.dialect == "sqlite":
        match = " AND ".join('"' + w.replace('"', '""') + '"*' for w in words)
        rows = db.query("SELECT s.event_id FROM event_search s JOIN events e ON e.id = s.event_id"
                        f" WHERE event_search MATCH ?{status} ORDER BY rank", (match,))
    else:
        tsquery = " & ".join(_pg_lexeme(w) + ":*" for w in words)
        rows = db.query("SELECT s.event_id FROM event_search s JOIN events e ON e.id = s.event_id"
                        f" WHERE s.tsv @@ to_tsquery('simple', ?){status} ORDER BY s.event_id", (tsquery,))
    return [r["event_id"] for r in rows]


def _pg_lexeme(word: str) -> str:
    # a quoted lexeme: tsquery operators inside a word are plain text
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _bodies(db: Database, event_ids: list[str]) -> Iterable[tuple[str, str]]:
    """(event id, text to index): the event's fields an analyst searches, then its sources' texts."""
    marks = _marks(event_ids)
    texts: dict[str, list[str]] = {}
    for r in db.query("SELECT s.event_id, r.outlet, r.title, r.url, r.text FROM event_sources s"
                      f" JOIN reports r ON r.id = s.report_id WHERE s.event_id IN ({marks}) ORDER BY r.seq", event_ids):
        texts.setdefault(r["event_id"], []).extend(v for v in (r["outlet"], r["title"], r["url"], r["text"]) if v)
    for r in db.query("SELECT id, event_type, sub_event_type, actor1, assoc_actor_1, actor2, assoc_actor_2, location,"
                      f" admin1, admin2, admin3, country, claimed_by, notes FROM events WHERE id IN ({marks})", event_ids):
        fields = [r[k] for k in ("event_type", "sub_event_type", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2",
                                 "location", "admin1", "admin2", "admin3", "country", "claimed_by", "notes") if r[k]]
        yield r["id"], "\n".join([*fields, *texts.get(r["id"], [])])


def _marks(items: list[str]) -> str:
    return ", ".join("?" for _ in items)


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]
