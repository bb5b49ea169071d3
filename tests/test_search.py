"""Full-text search over the store's events (SQLite FTS5, PostgreSQL tsvector): a word of a report,
of a note, of an actor or a place finds the event; edits are re-indexed; query syntax is plain text."""

from __future__ import annotations

import datetime as dt

import pytest

from conflictwatch import run
from conflictwatch.records import Event, Report, Span
from conflictwatch.store import EventFilter, open_store
from conflictwatch.store.search import query_words, search_event_ids, sync

PG_SCHEMA = "desk_search"

REPORTS = [
    ("a", "Shelling hit the grain silos of Tal Tamr at dawn; the millers' cooperative counted the damage.",
     ("Military Forces of Turkey (2016-)", "Civilians (Syria)"), "Tal Tamr", "Explosions/Remote violence"),
    ("b", "Gunmen stormed a checkpoint outside Dar'a; residents heard the clash until noon.",
     ("Unidentified Armed Group (Syria)", "Military Forces of Syria (2000-)"), "Daraa", "Battles"),
    ("c", "Protesters in Suwayda marched against the price of bread, chanting in the souq.",
     ("Protesters (Syria)", None), "As-Suwayda", "Protests"),
]


class WordCoder:
    """Codes each report into one event whose actors and place are given with the text (so the test
    knows which words live only in the report, and which only in the fields)."""

    version = "test-words/1"

    def __init__(self) -> None:
        self.fields = {rid: (actors, place, etype) for rid, _text, actors, place, etype in REPORTS}

    def code(self, report: Report) -> list[Event]:
        key = next(rid for rid, text, *_ in REPORTS if text == report.text)
        (actor1, actor2), place, etype = self.fields[key]
        return [Event(doc_id=report.id, event_id=f"cw-{report.id}-0", event_date=dt.date(2021, 3, 1 + ord(key) - 97),
                      time_precision=1, disorder_type="Political violence", event_type=etype, sub_event_type="Attack",
                      actor1=actor1, assoc_actor_1=None, inter1=1, actor2=actor2, assoc_actor_2=None, inter2=0,
                      interaction=10, country="Syria", admin1=None, admin2=None, admin3=None, location=place,
                      latitude=None, longitude=None, geo_precision=None, fatalities=0,
                      evidence={"event_type": (Span(0, 8),)})]


@pytest.fixture()
def store(db_url):
    with open_store(db_url) as s:
        run.ingest(s, [Report(id=rid, text=text, published=dt.date(2021, 3, 5), source="Wire") for rid, text, *_ in REPORTS],
                 coder=WordCoder(), user="test")
        yield s


def _event_of(store, place: str) -> str:
    return next(e.id for e in store.events() if e.event.location == place)


def test_a_word_of_a_report_finds_its_event(store) -> None:
    assert search_event_ids(store.db, "millers") == [_event_of(store, "Tal Tamr")]
    assert search_event_ids(store.db, "MILLERS cooperative") == [_event_of(store, "Tal Tamr")]
    assert search_event_ids(store.db, "millers bread") == []  # every word must occur
    assert search_event_ids(store.db, "souq") == [_event_of(store, "As-Suwayda")]


def test_actors_places_and_prefixes_are_searched(store) -> None:
    assert search_event_ids(store.db, "unidentified") == [_event_of(store, "Daraa")]
    assert search_event_ids(store.db, "Daraa") == [_event_of(store, "Daraa")]  # the place field, not the text
    assert search_event_ids(store.db, "protest") == [_event_of(store, "As-Suwayda")]  # a word prefix
    assert sorted(search_event_ids(store.db, "syria")) == sorted(e.id for e in store.events())


def test_an_edit_is_searchable_and_a_rejected_event_is_left_out(store) -> None:
    event = _event_of(store, "Daraa")
    assert search_event_ids(store.db, "ambush") == []
    store.review(event, {"notes": "An ambush on the checkpoint, per two witnesses."}, user="test")
    assert search_event_ids(store.db, "ambush") == [event]
    store.review(event, reject=True, user="test")
    assert search_event_ids(store.db, "ambush") == []
    assert search_event_ids(store.db, "ambush", include_rejected=True) == [event]


def test_query_syntax_is_plain_text(store) -> None:
    for query in ('"', "millers OR bread", "NEAR(a b)", "mill*", "col:umn", "a & b | !c", "'); DROP TABLE events; --"):
        search_event_ids(store.db, query)  # never a syntax error
    assert search_event_ids(store.db, "millers OR bread") == []  # OR is a word, not an operator
    assert search_event_ids(store.db, "") == [] and search_event_ids(store.db, "  ;; ") == []
    assert query_words("Al-Hasakah, 'Tal Tamr'") == ["al", "hasakah", "tal", "tamr"]
    assert store.db.scalar("SELECT COUNT(*) FROM events") == 3


def test_sync_reindexes_only_what_changed(store) -> None:
    sync(store.db)
    assert sync(store.db) == 0
    store.review(_event_of(store, "Tal Tamr"), {"notes": "silo"}, user="test")
    assert sync(store.db) == 1


def test_the_desk_columns_hold_what_the_event_summaries_say(store) -> None:
    from conflictwatch.api.views import event_summary
    from conflictwatch.store.desk import desk_columns

    store.review(_event_of(store, "Daraa"), reject=True, user="test")
    for include_rejected in (False, True):
        data = desk_columns(store.db, include_rejected)
        cols, vals = data["columns"], data["values"]
        decoded = {cols["id"][i]: {k: (vals[k][v[i]] if k in vals else v[i]) for k, v in cols.items()}
                   for i in range(data["n"])}
        summaries = [event_summary(s) for s in store.events(EventFilter(include_rejected=include_rejected))]
        assert len(decoded) == len(summaries) == (3 if include_rejected else 2)
        for summary in summaries:
            row = decoded[summary["id"]]
            row["source_kinds"] = [k for k in row.pop("source_kinds").split("|") if k]
            for name in ("latitude", "longitude"):
                row.pop(name)
            assert row == summary
