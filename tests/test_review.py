"""Validated review on SQLite and PostgreSQL: ACLED's vocabularies and ranges or a clear refusal; the
fields an edit implies recomputed with it; merge keeps the id the analyst names and lists the retired
ones (CLI, export and API); split is the inverse; every step in the audit log; edits follow their
event across a re-code that changes its sub-type and date, and an edit with no successor is kept."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json

import httpx
import pytest
from click.testing import CliRunner

from conflictwatch import run
from conflictwatch.api import ServeSettings
from conflictwatch.api.server import running_server
from conflictwatch.cli import main
from conflictwatch.errors import ReviewError
from conflictwatch.geo.lookup import locate_place
from conflictwatch.pipeline import default_coder
from conflictwatch.records import Report
from conflictwatch.store import EventFilter, open_store
from conflictwatch.store.export import write_deletions, write_stored_events

IDLIB = ("Clashes broke out on Monday between the Syrian army and fighters of Hayat Tahrir al-Sham near Saraqib in "
         "Idlib province, killing four soldiers.")
ARIHA = ("Syrian government forces shelled the town of Ariha in Idlib province on Thursday, killing two civilians, "
         "local activists said.")
ARIHA_AGAIN = ("Government artillery hit Ariha in Idlib province on Thursday; two civilians were killed, a local "
               "rescue group said.")
BATCH = [
    {"id": "AJ-1", "text": IDLIB, "published": "2024-06-04", "source": "Al Jazeera"},
    {"id": "EB-2", "text": ARIHA, "published": "2024-06-07", "source": "Enab Baladi"},
]


@pytest.fixture()
def store(db_url, tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps(r) + "\n" for r in BATCH), encoding="utf-8")
    with open_store(db_url) as s:
        run.ingest_sources(s, [str(batch)])
        yield s


def _by_key(store, key):
    (found,) = store.events(EventFilter(report=key, include_rejected=True))
    return found


@pytest.mark.parametrize("field, value, says", [
    ("event_type", "Fights", "not one of ACLED's"),
    ("sub_event_type", "Bombing", "not one of ACLED's"),
    ("event_type", "Protests", "is not a 'Protests' sub-event type"),
    ("disorder_type", "Demonstrations", "ACLED's disorder type"),
    ("interaction", "99", "make"),
    ("inter2", "9", "from 0 to 8"),
    ("country", "Atlantis", "not a country"),
    ("latitude", "999", "from -90.0 to 90.0"),
    ("longitude", "inf", "finite"),
    ("latitude", "nan", "finite"),
    ("fatalities", "-5", "from 0 to"),
    ("fatalities", "1e20", "a whole number"),
    ("fatalities", "9" * 4400, "a whole number"),
    ("time_precision", "4", "from 1 to 3"),
    ("event_date", "2020-04-22garbage", "an ISO date"),
    ("event_date", "0001-01-01", "from 1900"),
    ("actor2", "Friends of the Forest", "give its inter code"),
])
def test_values_outside_acleds_vocabularies_and_ranges_are_refused(store, field, value, says):
    event = _by_key(store, "AJ-1")
    with pytest.raises(ReviewError, match=says) as caught:
        store.review(event.id, {field: value}, user="ana", locate=locate_place)
    assert caught.value.code == "CW404" and len(str(caught.value)) < 800
    assert store.event(event.id).edited == ()  # nothing written


def test_derived_fields_follow_an_edit(store):
    event = _by_key(store, "AJ-1")
    after = store.review(event.id, {"sub_event_type": "Attack", "actor2": "Civilians (Syria)",
                                    "event_date": "2024-06-02"}, user="ana", locate=locate_place).event
    assert (after.event_type, after.disorder_type) == ("Violence against civilians", "Political violence")
    assert (after.inter2, after.interaction) == (7, 10 * min(7, after.inter1) + max(7, after.inter1))
    assert (after.event_date, after.time_precision) == (dt.date(2024, 6, 2), 1)
    out = io.StringIO()
    write_stored_events([store.event(event.id)], out, "csv")
    assert "Civilian targeting" in out.getvalue()
    (entry,) = [a for a in store.audit_log(event.id) if a.action == "review"]
    assert entry.detail["derived"]["inter2"] == "7" and entry.detail["set"]["actor2"] == "Civilians (Syria)"


def test_a_new_location_is_looked_up_in_the_gazetteer(store):
    event = _by_key(store, "AJ-1")
    before = event.event
    after = store.review(event.id, {"location": "Manbij"}, user="ana", locate=locate_place).event
    assert (after.location, after.admin1, after.country) == ("Manbij", "Aleppo", "Syria")
    assert after.latitude != before.latitude and abs(after.latitude - 36.53) < 0.1 and abs(after.longitude - 37.95) < 0.1
    with pytest.raises(ReviewError, match="not in the gazetteer"):
        store.review(event.id, {"location": "Qaryat al-Nowhere"}, user="ana", locate=locate_place)
    given = store.review(event.id, {"location": "Qaryat al-Nowhere", "latitude": "36.1", "longitude": "37.2"},
                         user="ana", locate=locate_place).event
    assert (given.location, given.latitude, given.longitude) == ("Qaryat al-Nowhere", 36.1, 37.2)


def test_merge_keeps_the_named_id_lists_retired_ids_and_keeps_an_accepted_figure(store, db_url):
    kept, other = _by_key(store, "EB-2"), _by_key(store, "AJ-1")
    store.review(kept.id, {"fatalities": "3"}, accept=True, user="ana")
    merged = store.merge_events([kept.id, other.id], user="ana")
    assert merged.id == kept.id and merged.event_id_cnty == kept.event_id_cnty
    assert merged.event.fatalities == 3 and merged.status == "accepted"
    assert sorted(merged.report_keys) == ["AJ-1", "EB-2"]
    (gone,) = store.deletions()
    assert (gone.event_id, gone.event_id_cnty, gone.replaced_by, gone.reason) == (
        other.id, other.event_id_cnty, kept.id, "merged")
    out = io.StringIO()
    write_deletions(store.deletions(), out)
    assert out.getvalue().splitlines()[0] == "event_id_cnty,deleted_timestamp,event_id,reason,replaced_by"
    assert other.event_id_cnty in out.getvalue()
    assert any(a.action == "merge" and a.detail["retired"] == [other.id] for a in store.audit_log(kept.id))
    # the inverse: splitting the other report out gives it a new id; the kept event keeps its own
    parts = store.split_event(kept.id, ["AJ-1"], user="ana")
    assert kept.id in {p.id for p in parts} and len(parts) == 2
    assert _by_key(store, "EB-2").id == kept.id and _by_key(store, "AJ-1").id != kept.id
    assert any(a.action == "split" for a in store.audit_log(kept.id))


def test_cli_merge_says_what_it_retired_and_api_lists_deletions(store, db_url):
    kept, other = _by_key(store, "AJ-1"), _by_key(store, "EB-2")
    result = CliRunner().invoke(main, ["review", kept.event_id_cnty, "--db", db_url, "--merge", other.id])
    assert result.exit_code == 0, result.output
    assert f"retired: {other.event_id_cnty} ({other.id})" in result.output
    if not db_url.startswith("postgresql"):
        with running_server(ServeSettings(db=db_url, port=0)) as url:
            answer = httpx.get(url + "api/deletions", timeout=30).json()
        assert [d["event_id_cnty"] for d in answer["deletions"]] == [other.event_id_cnty]


class _ShiftingCoder:
    """A newer coder that codes every account one day earlier and as another sub-event type."""

    version = "conflictwatch-coder/99.1"

    def code(self, report: Report):
        out = []
        for e in default_coder().code(report):
            sub = "Air/drone strike" if e.sub_event_type != "Air/drone strike" else "Shelling/artillery/missile attack"
            out.append(dataclasses.replace(e, event_id=e.event_id + "-v2", sub_event_type=sub,
                                           event_date=e.event_date - dt.timedelta(days=1), coder_version=self.version))
        return out


def test_recode_changing_sub_type_and_date_keeps_the_analysts_values(store, tmp_path):
    event = _by_key(store, "EB-2")
    store.review(event.id, {"fatalities": "42", "sub_event_type": "Shelling/artillery/missile attack",
                            "event_date": "2024-06-06"}, accept=True, user="ana")
    batch = tmp_path / "batch.jsonl"
    summary = run.ingest_sources(store, [str(batch)], coder=_ShiftingCoder())
    assert summary.recoded == 2
    after = store.event(event.id)  # the same id: the successor took it over
    assert after.event.coder_version == _ShiftingCoder.version
    assert (after.event.fatalities, after.event.sub_event_type, after.event.event_date, after.status) == (
        42, "Shelling/artillery/missile attack", dt.date(2024, 6, 6), "accepted")
    assert after.event_id_cnty == event.event_id_cnty and not store.deletions() and not store.orphan_edits()
    assert any(a.action == "successor" and a.detail["takes_id"] for a in store.audit_log(event.id))


def test_an_edit_with_no_successor_is_kept_and_listed(store, tmp_path, db_url):
    event = _by_key(store, "EB-2")
    store.review(event.id, {"fatalities": "5"}, user="ana")
    replaced = tmp_path / "v2.jsonl"
    replaced.write_text(json.dumps({"id": "EB-2", "text": "The weather in Idlib was mild this week.",
                                    "published": "2024-06-08"}) + "\n", encoding="utf-8")
    assert run.ingest_sources(store, [str(replaced)]).versioned == 1
    (orphan,) = store.orphan_edits()
    assert (orphan.event_id, orphan.field, orphan.value, orphan.event_id_cnty) == (
        event.id, "fatalities", "5", event.event_id_cnty)
    listed = CliRunner().invoke(main, ["review", "--orphans", "--db", db_url])
    assert f"{event.event_id_cnty}  fatalities=5  by ana" in listed.output and "1 orphaned edits" in listed.output
    if not db_url.startswith("postgresql"):
        with running_server(ServeSettings(db=db_url, port=0)) as url:
            answer = httpx.get(url + "api/edits/orphans", timeout=30).json()
        assert [(o["event_id"], o["field"], o["value"]) for o in answer["edits"]] == [(event.id, "fatalities", "5")]


def test_a_new_version_with_the_same_incident_keeps_its_edits(store, tmp_path):
    event = _by_key(store, "EB-2")
    store.review(event.id, {"fatalities": "5"}, user="ana")
    replaced = tmp_path / "v2.jsonl"
    replaced.write_text(json.dumps({"id": "EB-2", "text": ARIHA_AGAIN, "published": "2024-06-07"}) + "\n",
                        encoding="utf-8")
    assert run.ingest_sources(store, [str(replaced)]).versioned == 1
    after = _by_key(store, "EB-2")
    assert after.id == event.id and after.event.fatalities == 5 and not store.orphan_edits()


def test_splitting_a_merge_back_out_restores_the_retired_id(store):
    kept, other = _by_key(store, "EB-2"), _by_key(store, "AJ-1")
    store.review(other.id, {"notes": "checked with the outlet"}, user="ana")
    store.merge_events([kept.id, other.id], user="ana")
    assert [d.event_id for d in store.deletions()] == [other.id]
    store.split_event(kept.id, ["AJ-1"], user="ana")
    back = _by_key(store, "AJ-1")
    assert back.id == other.id and not store.deletions()
    # the note was handed to the kept event at the merge (the audit log says so) and stays there
    assert "notes" in _by_key(store, "EB-2").edited and "notes" not in back.edited
    assert any(a.action == "move-edits" and a.detail["to"] == kept.id for a in store.audit_log(other.id))


def test_implied_fields_stay_consistent_when_a_merge_changes_the_rest(store):
    kept, other = _by_key(store, "EB-2"), _by_key(store, "AJ-1")
    store.review(kept.id, {"actor2": "Civilians (Syria)"}, user="ana")
    merged = store.merge_events([kept.id, other.id], user="ana").event
    assert merged.actor2 == "Civilians (Syria)" and merged.inter2 == 7
    assert merged.interaction == 10 * min(merged.inter1, 7) + max(merged.inter1, 7)


def test_api_edits_are_checked_and_derived_too(store, db_url):
    if db_url.startswith("postgresql"):
        pytest.skip("the API's review path is the store's, tested above on both backends")
    event = _by_key(store, "AJ-1")
    headers = {"Authorization": "Bearer t0ken"}
    with running_server(ServeSettings(db=db_url, port=0, token="t0ken")) as url, \
            httpx.Client(base_url=url, timeout=30, headers=headers) as client:
        refused = client.patch(f"api/events/{event.id}/review", json={"fields": {"longitude": "inf"}})
        assert refused.status_code == 422 and refused.json()["error"]["code"] == "CW404"
        moved = client.patch(f"api/events/{event.id}/review", json={"fields": {"location": "Manbij"}, "analyst": "ana"})
        assert moved.status_code == 200, moved.text
        assert moved.json()["admin1"] == "Aleppo" and abs(moved.json()["latitude"] - 36.53) < 0.1
