"""Between its batches the store trusts the accounts it remembers without reading their rows again,
but only while nothing else wrote: another connection's commit (SQLite's data version) or another
write transaction on its own connection makes it read them again. Either way a batch's dedup stays
the full dedup's. Pairs are scored once per pair of kinds (the fields the rules read)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import random
import subprocess
import sys
from dataclasses import replace

import pytest
from test_components import PlannedCoder, protest, reports, stored_events
from test_dedup_index import random_event

from conflictwatch import run
from conflictwatch.records import Event
from conflictwatch.resolve import match_score, same_incident
from conflictwatch.resolve.match import match_key
from conflictwatch.store import components, open_store

PG_SCHEMA = "components_cache"
MOVED = "2021-03-01"  # far from the story's day: the moved account matches none of the others


def story() -> tuple[list, PlannedCoder]:  # noqa: ANN001 - the test module's own helper
    """Four reports of one day's protest (three in a first batch: one event; the fourth later) and a fifth of
    another protest three months on, which touches none of them."""
    return reports(5), PlannedCoder([protest(10)] * 4 + [protest(100)])


def another_writer(url: str, account: str) -> None:
    """Another process, with its own connection, moves one stored account's date (as a second tool would)."""
    script = ("import sys; from conflictwatch.store.db import connect\n"
              "db = connect(sys.argv[1])\n"
              "with db.transaction():\n"
              "    db.execute('UPDATE coded_events SET event_date = ? WHERE id = ?', (sys.argv[2], sys.argv[3]))\n"
              "db.close()\n")
    subprocess.run([sys.executable, "-c", script, url, MOVED, account], check=True, timeout=60)


def account_reads(statements: list[str], account: str) -> int:
    """How many of the traced statements read ``account``'s row as dedup takes it."""
    return sum(1 for s in statements if s.startswith("SELECT c.*, r.seq") and f"'{account}'" in s)


def first_batch(store, items, coder) -> str:  # noqa: ANN001
    run.ingest(store, items[:3], coder=coder, batch_size=10)
    (event,) = stored_events(store).values()
    assert len(event) == 3
    return event[1]  # not the anchor: the event keeps its id whether or not this account stays


def traced(store, items, coder) -> list[str]:  # noqa: ANN001
    """Ingest ``items`` as one batch; the statements SQLite ran for it (none traced on PostgreSQL)."""
    statements: list[str] = []
    if store.db.dialect == "sqlite":
        store.db.conn.set_trace_callback(statements.append)
    run.ingest(store, items, coder=coder, batch_size=10)
    if store.db.dialect == "sqlite":
        store.db.conn.set_trace_callback(None)
    return statements


@pytest.mark.parametrize("writer", ["other process", "own connection"])
def test_a_write_between_batches_makes_the_store_read_the_accounts_again(db_url, writer):
    items, coder = story()
    with open_store(db_url) as store:
        moved = first_batch(store, items, coder)
        if writer == "other process":
            another_writer(db_url, moved)
        else:  # the same connection, outside the store's batches (another tool handed this connection)
            with store.db.transaction():
                store.db.execute("UPDATE coded_events SET event_date = ? WHERE id = ?", (MOVED, moved))
        # a batch that reads none of the story's accounts, then one that does: still read again, not trusted
        assert account_reads(traced(store, items[4:], coder), moved) == 0
        statements = traced(store, items[3:4], coder)
        events = stored_events(store)
        assert [moved] in events.values(), "the moved account is an event of its own"
        assert sorted(map(len, events.values())) == [1, 1, 3]
        if store.db.dialect == "sqlite":
            assert account_reads(statements, moved) == 1, "its row was read again, not taken from memory"
        assert store.resolve() == 0, "the batch's dedup must equal a full dedup"


def test_the_store_own_batches_need_no_reading_of_what_it_remembers(tmp_path):
    items, coder = story()
    with open_store(str(tmp_path / "cw.db")) as store:
        kept = first_batch(store, items, coder)
        traced(store, items[4:], coder)
        assert account_reads(traced(store, items[3:4], coder), kept) == 0, "nothing else wrote: trusted"
        assert sorted(map(len, stored_events(store).values())) == [1, 4]
        assert store.resolve() == 0


def changed(value: object, kind: str) -> object:
    """Another value of a field of this declared type."""
    if "bool" in kind:
        return not value
    if "dict" in kind:
        return {"actor1": ()} if not value else {}
    if "tuple" in kind:
        return ("Elsewhere",)
    if "date" in kind:
        return dt.date(2019, 2, 3)
    if "float" in kind:
        return 12.5
    if "int" in kind:
        return 99 if value != 99 else 98
    return f"{value or ''} changed"


def test_what_dedup_compares_is_the_match_key_alone():
    """The memo scores a pair once per pair of kinds (match_key): a field outside the key never changes a
    score or a reason, whatever its value (a new field the rules read must join the key)."""
    rnd = random.Random(17)
    events = [random_event(rnd, n) for n in range(60)]
    pairs = [(a, b) for a, b in itertools.combinations(events, 2) if match_score(a, b) is not None][:40]
    assert len(pairs) >= 20
    outside = [f for f in dataclasses.fields(Event) if match_key(replace(events[0], **{f.name: changed(
        getattr(events[0], f.name), str(f.type))})) == match_key(events[0])]
    assert len(outside) >= 15, [f.name for f in outside]
    for a, b in pairs + [(b, a) for a, b in pairs]:
        for f in outside:
            other = replace(b, **{f.name: changed(getattr(b, f.name), str(f.type))})
            assert match_score(a, other) == match_score(a, b), f.name
            assert same_incident(a, other).reason == same_incident(a, b).reason, f.name
    memo = components.Memo()
    twin = replace(pairs[0][1], event_id="another", doc_id="another", fatalities=40, notes="another outlet's count")
    assert memo.score(pairs[0][0], pairs[0][1]) == memo.score(pairs[0][0], twin) == match_score(pairs[0][0], twin)
    assert len(memo.scores) == 1, "copies of one kind are scored once"


def test_the_components_kept_between_batches_are_those_the_store_holds(tmp_path):
    """What the store keeps of the components (labels and members, trusted from batch to batch) equals what
    it would read, after every batch of a shuffled run where chains of matches join components."""
    rnd = random.Random(29)
    events = [random_event(rnd, n) for n in range(60)] + [protest(day) for day in range(0, 60, 2)] * 2
    items, coder = reports(len(events)), PlannedCoder(events)
    rnd.shuffle(items)
    checked = []
    with open_store(str(tmp_path / "cw.db")) as store:
        def compare(_summary: object) -> None:
            kept = store._memo.components
            stored = components._accounts_of(store.db, set(kept.members))
            assert {a: c for c, held in kept.members.items() for a in held} == stored == kept.label_of
            checked.append(len(stored))

        run.ingest(store, items, coder=coder, batch_size=11, on_batch=compare)
        assert store.resolve() == 0
        assert len(checked) == -(-len(items) // 11) and max(checked) > 40, checked
        # a newer coder moves every third account a day: re-coded accounts leave and re-join their components
        moved = [replace(e, event_date=e.event_date + dt.timedelta(days=1)) if i % 3 == 0 else e
                 for i, e in enumerate(events)]
        recoder = PlannedCoder(moved)
        recoder.version = "test-planned/2"
        assert run.recode(store, coder=recoder, batch_size=11, on_batch=compare).recoded == len(items)
        assert store.resolve() == 0
