"""A batch's dedup goes component by component (conflictwatch.store.components.cluster): a component
that dedup made one group of stays one group, without a dedup, when every new pair in it may match and
no two accounts share a report; any other component is deduplicated as before. Whatever the order and
the batches, the result is dedup's, and what the store remembers is trusted only for the very account
objects it checked."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace

import pytest
from test_components import PlannedCoder, protest, reports, stored_events
from test_dedup_index import random_event

from conflictwatch import run
from conflictwatch.records import Event
from conflictwatch.resolve import Account, dedup, match_score, same_incident
from conflictwatch.store import components, open_store

PG_SCHEMA = "components_groups"


def account(n: int, event: Event, report: str | None = None) -> Account:
    report = report or f"r{n}"
    return Account(f"a{n:04d}", report, replace(event, doc_id=report, event_id=f"a{n:04d}"), (n * 1000, f"a{n:04d}"))


def story(day: int, copies: int, first: int) -> list[Account]:
    """``copies`` reports of one day's protest in Omdurman: each pair matches (one group)."""
    return [account(first + i, protest(day)) for i in range(copies)]


def labels_of(accounts: list[Account]) -> dict[str, str]:
    """Each account's match component, named after its least id (as the store names them)."""
    parent = {a.id: a.id for a in accounts}

    def root(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    for a, b in itertools.combinations(accounts, 2):
        if match_score(a.event, b.event) is not None:
            ra, rb = sorted((root(a.id), root(b.id)))
            parent[rb] = ra
    return {a.id: root(a.id) for a in accounts}


def test_a_remembered_group_grows_only_by_accounts_that_match_all_of_it():
    memo = components.Memo()
    group = story(10, 6, 0)
    memo.remember_group(group)
    assert memo.one_group(group + [account(6, protest(10))])
    assert memo.one_group(group + [account(7, protest(11))]), "a day later still matches every copy of day 10"
    assert not memo.one_group(group + [account(8, protest(11)), account(9, protest(9))]), "days 9 and 11 do not match"
    assert not memo.one_group(group + [account(10, protest(10), report="r3")]), "two accounts of one report"
    assert not memo.one_group(group + [account(11, protest(12))])


def test_what_was_remembered_is_trusted_only_for_the_same_account_objects():
    memo = components.Memo()
    far_apart = [account(0, protest(0)), account(1, protest(5))]  # no match: no dedup would group them
    memo.remember_group(far_apart)  # as if remembered under other rules: trusted for these objects only
    assert memo.one_group(far_apart)
    decoded_again = [replace(a) for a in far_apart]  # the same rows read again: equal, other objects
    assert not memo.one_group(decoded_again)


def test_component_by_component_equals_dedup_batch_after_batch():
    rnd = random.Random(41)
    pool = (story(10, 12, 0) + story(30, 8, 100) + [account(200 + i, protest(day)) for i, day in enumerate((9, 11, 11, 31))]
            + [account(300, protest(10), report="r5")]  # a second account of a report already in the story
            + [account(400 + n, random_event(rnd, n)) for n in range(160)])
    rnd.shuffle(pool)
    memo = components.Memo()
    seen: list[Account] = []
    pins: dict[str, str] = {}
    remembered = 0
    for start in range(0, len(pool), 9):
        seen += pool[start:start + 9]
        if start == 90:  # an analyst pins two accounts together: their components are deduplicated as before
            pins = {seen[0].id: "merge:1", seen[1].id: "merge:1"}
        remembered = max(remembered, len(memo.cliques))
        assert components.cluster(seen, labels_of(seen), pins, memo) == dedup(seen, pins)
    assert remembered > 20, "groups are remembered between batches"


@pytest.mark.parametrize("seed", [3, 8])
def test_a_story_told_batch_by_batch_is_the_full_dedup_with_its_reasons(db_url, tmp_path, seed):
    rnd = random.Random(seed)
    events = [protest(10)] * 14 + [protest(9), protest(11), protest(40), protest(41)] + [
        random_event(rnd, n) for n in range(40)]
    items, coder = reports(len(events)), PlannedCoder(events)
    order = list(items)
    rnd.shuffle(order)
    with open_store(db_url) as store:
        run.ingest(store, order, coder=coder, batch_size=4)
        batched = stored_events(store)
        assert store._memo.cliques, "the one-group components were remembered"
        by_id = {a.id: a for a in store.accounts()}
        for event_id, members in batched.items():  # the audit's reasons, some remembered from batch to batch
            last = [e for e in store.audit_log(event_id) if e.action in ("create", "sources")][-1]
            assert sorted(last.detail.get("to") or last.detail["sources"]) == members
            anchor = min((by_id[m] for m in members), key=lambda a: a.order)
            assert last.detail["why"] == {m: same_incident(anchor.event, by_id[m].event).reason
                                          for m in members if m != anchor.id}
        assert max(map(len, batched.values())) >= 14
        assert store.resolve() == 0, "per-batch dedup must leave nothing for a full dedup to change"
    with open_store(str(tmp_path / "whole.db")) as store:
        run.ingest(store, order, coder=coder, batch_size=1000)
        assert stored_events(store) == batched


def test_the_candidate_query_reads_the_covering_index(tmp_path):
    with open_store(str(tmp_path / "cw.db")) as store:
        run.ingest(store, reports(3), coder=PlannedCoder([protest(0), protest(1), protest(5)]))
        seed = store.accounts()[0]
        sql, params = components._candidate_queries(seed)[0]
        plan = " ".join(str(r["detail"]) for r in store.db.query("EXPLAIN QUERY PLAN " + sql, params))
    assert "COVERING INDEX coded_events_match" in plan, plan
