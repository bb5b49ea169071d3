"""Dedup's candidate index must never hide a match: for every pair of accounts that can be the same
incident, each is among the other's candidates — whatever their precisions, coarse or missing
coordinates, near a cell edge, the poles or the antimeridian."""

from __future__ import annotations

import datetime as dt
import itertools
import random

from conflictwatch.records import Event
from conflictwatch.resolve.dedup import BLOCK_CAP, _Index, match_score

SPOTS = [(36.2, 37.1), (36.25, 37.7), (0.01, 179.99), (0.02, -179.98), (79.5, 10.0), (79.6, 14.0), (-33.9, 18.4),
         (35.99, 36.59), (36.01, 36.61)]


def random_event(rnd: random.Random, n: int) -> Event:
    lat, lon = rnd.choice(SPOTS)
    located = rnd.random() > 0.15
    return Event(
        doc_id=f"r{n}", event_id=f"r{n}#0", event_date=dt.date(2021, 5, 1) + dt.timedelta(days=rnd.randrange(-40, 40)),
        time_precision=rnd.choice([1, 1, 1, 2, 3]), disorder_type="Political violence",
        event_type=rnd.choice(["Battles", "Violence against civilians", "Protests"]),
        sub_event_type=rnd.choice(["Armed clash", "Attack", "Peaceful protest"]),
        actor1=rnd.choice(["Group A", "Group B", None]), assoc_actor_1=None, inter1=2,
        actor2=rnd.choice(["Civilians (Syria)", "Group C", None]), assoc_actor_2=None, inter2=7, interaction=27,
        country=rnd.choice(["Syria", "Syria", "Fiji"]), admin1=rnd.choice(["Aleppo", "Idlib", None]), admin2=None,
        admin3=None, location=rnd.choice(["Manbij", "Al Bab", None]),
        latitude=lat + rnd.uniform(-0.7, 0.7) if located else None,
        longitude=lon + rnd.uniform(-0.9, 0.9) if located else None,
        geo_precision=rnd.choice([1, 2, 3, None]), fatalities=0)


def test_every_possible_match_is_a_candidate():
    rnd = random.Random(11)
    events = [random_event(rnd, n) for n in range(700)]
    index = _Index()
    for gid, e in enumerate(events):
        index.add(gid, e)
    candidates = [set(index.candidates(e)) for e in events]
    assert max(len(c) for c in candidates) < BLOCK_CAP  # the cap is not what this test is about
    pairs = 0
    for i, j in itertools.combinations(range(len(events)), 2):
        if match_score(events[i], events[j]) is not None:
            pairs += 1
            assert j in candidates[i] and i in candidates[j], (events[i], events[j])
    assert pairs > 500  # the spots are close enough for many matches, across cells and the antimeridian
