"""What the coder keeps between calls to save time never changes what it codes: a report coded again from
warm caches gives the same events, a cached stage hands each caller a result of its own, and the pool's
frozen heap is this process's only while the workers are forked."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

from conflictwatch import run
from conflictwatch.export import event_record
from conflictwatch.extract import actors, claims, classify, dates
from conflictwatch.ingest import language
from conflictwatch.pipeline import Coder, Options
from conflictwatch.records import ActorMention, Report, Span

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = dt.date(2020, 5, 11)
CACHED = (actors._find_actors, classify.find_cues, dates.resolve_date, claims.attribute, language.detect_language)


def _examples() -> list[Report]:
    return [Report(p.stem, p.read_text(encoding="utf-8"), PUBLISHED) for p in sorted((ROOT / "examples").glob("*.txt"))]


def test_a_report_coded_again_from_warm_caches_gives_the_same_events():
    coder = Coder(Options(geocode=False))
    for cached in CACHED:
        cached.cache_clear()
    cold = [[event_record(e) for e in coder.code(r)] for r in _examples()]
    hits_before = sum(c.cache_info().hits for c in CACHED)
    warm = [[event_record(e) for e in coder.code(r)] for r in _examples()]
    assert sum(c.cache_info().hits for c in CACHED) > hits_before  # the second pass did read the caches
    assert sum(len(events) for events in cold) >= 5
    assert warm == cold


def test_each_caller_gets_a_list_of_actor_mentions_of_its_own():
    text = "Taliban fighters attacked an army checkpoint in Kunduz."
    first = actors.find_actors(text, "Afghanistan")
    assert first, "the text names actors"
    first.append(ActorMention("Someone Else", 3, Span(0, 1), True, None))
    again = actors.find_actors(text, "Afghanistan")
    assert [m.name for m in again] == [m.name for m in first[:-1]]


def test_the_pool_freezes_this_process_heap_only_while_it_forks_its_workers():
    reports = _examples()
    engine = run.PoolEngine(Coder(Options(geocode=False)), 2)
    try:
        results = engine.submit(reports).result()
        assert engine._pool is not None  # the workers coded these, not this process
        assert gc.get_freeze_count() == 0
    finally:
        engine.close()
    assert len(results) == len(reports) and sum(len(c.events) for c in results) >= 5
