"""Per-batch dedup re-clusters the match components of a batch's new accounts
(conflictwatch.store.components): the labels hold every possible match, a chain of matches
longer than any date window is one component, a store made before the labels is labelled on
first use, and whatever the batches, the events equal those of a full dedup."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import replace

import pytest
from test_dedup_index import random_event

from conflictwatch import run
from conflictwatch.records import Event, Report
from conflictwatch.resolve import match_score
from conflictwatch.store import open_store


class PlannedCoder:
    """Codes report number i (its text says which) into the planned event i."""

    version = "test-planned/1"

    def __init__(self, events: list[Event]):
        self.events = events

    def code(self, report: Report) -> list[Event]:
        i = int(report.text.split("number ")[1].split(":")[0])
        return [replace(self.events[i], doc_id=report.id, event_id="cw-" + report.id[2:])]


def reports(n: int) -> list[Report]:
    return [Report(f"t{i}", f"Test report number {i}: an incident in the region, officials said.",
                   dt.date(2021, 6, 1), source="test") for i in range(n)]


def protest(day: int) -> Event:
    """A daily protest in one town by the same unnamed crowd: each day's account matches the next day's."""
    return Event(doc_id="", event_id="", event_date=dt.date(2021, 1, 1) + dt.timedelta(days=day), time_precision=1,
                 disorder_type="Demonstrations", event_type="Protests", sub_event_type="Peaceful protest",
                 actor1="Protesters (Sudan)", assoc_actor_1=None, inter1=6, actor2=None, assoc_actor_2=None, inter2=0,
                 interaction=60, country="Sudan", admin1="Khartoum", admin2=None, admin3=None, location="Omdurman",
                 latitude=15.6445, longitude=32.4777, geo_precision=1, fatalities=0)


def stored_events(store) -> dict[str, list[str]]:  # noqa: ANN001
    return {e.id: sorted(s.coded_event_id for s in e.sources) for e in store.events()}


def labels(store) -> dict[str, str]:  # noqa: ANN001
    return {r["coded_event_id"]: r["component"] for r in store.db.query(
        "SELECT m.coded_event_id, m.component FROM match_components m JOIN coded_events c ON c.id = m.coded_event_id")}


@pytest.fixture
def planned() -> tuple[list[Report], PlannedCoder]:
    rnd = random.Random(23)
    events = [random_event(rnd, n) for n in range(90)] + [protest(day) for day in range(0, 140, 1)]
    return reports(len(events)), PlannedCoder(events)


def test_labels_hold_every_possible_match_and_batches_equal_a_full_dedup(planned, tmp_path):
    items, coder = planned
    order = list(items)
    random.Random(5).shuffle(order)
    with open_store(str(tmp_path / "batched.db")) as store:
        run.ingest(store, order, coder=coder, batch_size=17)
        batched = stored_events(store)
        assert store.resolve() == 0, "per-batch dedup must leave nothing for a full dedup to change"
        label = labels(store)
        accounts = store.accounts()
    with open_store(str(tmp_path / "whole.db")) as store:
        run.ingest(store, order, coder=coder, batch_size=1000)  # the same order: the same anchors, so the same ids
        assert stored_events(store) == batched
    assert len(label) == len(accounts) == len(items)
    pairs = 0
    for a, b in itertools.combinations(accounts, 2):
        if match_score(a.event, b.event) is not None:
            pairs += 1
            assert label[a.id] == label[b.id], (a.event, b.event)
    assert pairs > 250  # the random accounts match often (the protests alone give 139 pairs)
    protests = {label[a.id] for a in accounts if a.event.location == "Omdurman" and a.event.actor1.startswith("Prot")}
    assert len(protests) == 1, "140 days of daily protests, each matching the next, are one component"


def test_a_store_without_labels_is_labelled_on_first_use(planned, tmp_path):
    items, coder = planned
    with open_store(str(tmp_path / "old.db")) as store:
        run.ingest(store, items[:150], coder=coder, batch_size=50)
        before = labels(store)
        store.db.execute("DROP TABLE match_components")  # a store made before the labels
        store.db.execute("DROP TABLE component_migrations")
    with open_store(str(tmp_path / "old.db")) as store:
        run.ingest(store, items[150:], coder=coder, batch_size=50)
        after = labels(store)
        assert store.resolve() == 0
        batched = stored_events(store)
    with open_store(str(tmp_path / "whole.db")) as store:
        run.ingest(store, items, coder=coder, batch_size=1000)
        assert stored_events(store) == batched
    assert len(after) == len(items) and set(before) < set(after)
