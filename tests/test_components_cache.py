"""Between its batches the store trusts the accounts it remembers without reading their rows again,
but only while nothing else wrote: another connection's commit (SQLite's data version) or another
write transaction on its own connection makes it read them again. Either way a batch's dedup stays
the full dedup's."""

from __future__ import annotations

import subprocess
import sys

import pytest
from test_components import PlannedCoder, protest, reports, stored_events

from conflictwatch import run
from conflictwatch.store import open_store

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
