"""The report the project is built around, coded as a careful ACLED coder would (issue #2)."""

import datetime as dt

import pytest

from conflictwatch import extract_text

PUB = "2020-04-22"


@pytest.fixture(scope="module")
def events(qamishli_text):
    return extract_text(qamishli_text, published=PUB, doc_id="qamishli")


def _on(events, day):
    return [e for e in events if e.event_date == day]


def test_exactly_one_clash_on_april_21(events):
    clashes = [e for e in _on(events, dt.date(2020, 4, 21)) if e.event_type == "Battles"]
    assert len(clashes) == 1, [(e.event_date, e.sub_event_type) for e in events]
    clash = clashes[0]
    assert clash.sub_event_type == "Armed clash"
    assert clash.time_precision == 1
    assert clash.fatalities == 0
    assert {clash.actor1, clash.actor2} == {"NDF: National Defence Forces", "Asayish"}
    assert clash.location == "Qamishli" and clash.country == "Syria"
    # both tellings (the news paragraph's "Yesterday" and the statement's "Tuesday, April 21st") are evidence
    assert len(clash.evidence["event_date"]) == 2


def test_earlier_checkpoint_incident_with_two_dead(events, qamishli_text):
    earlier = [e for e in events if e.fatalities == 2]
    assert len(earlier) == 1
    event = earlier[0]
    assert event.event_date < dt.date(2020, 4, 21)
    assert event.time_precision in (2, 3)
    assert event.location == "Qamishli"
    spans = event.evidence["fatalities"]
    assert "an ISF member and a civilian" in qamishli_text[spans[0].start : spans[0].end]
    # the ISF member and the civilian are the incident's victims: the ISF is never its attacker
    assert event.actor1 not in ("Asayish", "Internal Security Forces of North and East Syria")


def test_bomb_and_grenade_attacks_are_remote_violence_with_low_precision(events):
    remote = [e for e in events if e.event_type == "Explosions/Remote violence"]
    assert remote
    assert all(e.time_precision in (2, 3) and e.event_date < dt.date(2020, 4, 21) for e in remote)


def test_no_event_from_pandemic_or_un_call(events, qamishli_text):
    tail = qamishli_text.index("The actions of the Syrian Government")
    for e in events:
        for spans in e.evidence.values():
            assert all(s.start < tail for s in spans)
    assert not any(e.event_type == "Strategic developments" for e in events)


def test_claimed_by_the_isf(events):
    assert all(e.claimed_by and "Internal Security Forces" in e.claimed_by for e in events)
    assert all(e.source_kind == "party statement" for e in events)


def test_every_event_shows_its_evidence(events, qamishli_text):
    for e in events:
        assert e.evidence["sub_event_type"]
        assert e.notes and e.coder_version
        for spans in e.evidence.values():
            for s in spans:
                assert 0 <= s.start < s.end <= len(qamishli_text)
