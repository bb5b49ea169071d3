"""The user's own report ids end to end: kept as ``report_key``, in every export and API answer,
found by ``events --report KEY``; the same text from another outlet adds a source; a known key with
new text makes a new, linked version; a corrected ``published`` re-codes the report."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conflictwatch import run
from conflictwatch.cli import main
from conflictwatch.store import EventFilter, open_store

IDLIB = ("Clashes broke out on Monday between the Syrian army and fighters of Hayat Tahrir al-Sham near Saraqib in "
         "Idlib province, killing four soldiers.")
BORNO = "Gunmen attacked a village near Maiduguri in Borno State on Sunday, killing 12 civilians, residents said."
BORNO_CORRECTED = ("Gunmen attacked a village near Maiduguri in Borno State on Sunday, killing 14 civilians, residents "
                   "said on Tuesday after more bodies were found.")


def _batch(tmp_path, name, rows):
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


@pytest.fixture()
def store(db_url):
    with open_store(db_url) as s:
        yield s


def test_batch_ids_are_report_keys_and_source_is_outlet_or_key(store, tmp_path):
    batch = _batch(tmp_path, "b.jsonl", [
        {"id": "AJ-2024-0603-01", "text": IDLIB, "published": "2024-06-04", "source": "Al Jazeera"},
        {"id": "LOC-77", "text": BORNO, "published": "2024-06-03"},
    ])
    run.ingest_sources(store, [batch])
    by_key = {k: store.events(EventFilter(report=k)) for k in ("AJ-2024-0603-01", "LOC-77")}
    assert all(len(found) == 1 for found in by_key.values())
    idlib, borno = by_key["AJ-2024-0603-01"][0], by_key["LOC-77"][0]
    assert idlib.report_keys == ["AJ-2024-0603-01"] and idlib.event.source == "Al Jazeera"
    assert borno.report_keys == ["LOC-77"] and borno.event.source == "LOC-77"  # no outlet: the key, never a hash
    assert not store.events(EventFilter(report="LOC-7"))  # a key is matched exactly
    assert [r.report_key for r in store.reports()] == ["AJ-2024-0603-01", "LOC-77"]


def test_same_text_from_another_outlet_adds_that_outlet(store, tmp_path):
    run.ingest_sources(store, [_batch(tmp_path, "a.jsonl", [{"id": "A-1", "text": BORNO, "published": "2024-06-03",
                                                         "source": "Daily Trust"}])])
    summary = run.ingest_sources(store, [_batch(tmp_path, "b.jsonl", [{"id": "B-9", "text": BORNO, "published": "2024-06-03",
                                                                   "source": "Premium Times"}])])
    assert summary.sources_added == 1 and summary.reports_total == 1
    (event,) = store.events()
    assert event.report_keys == ["A-1", "B-9"]
    assert event.event.source == "Daily Trust; Premium Times"
    assert store.events(EventFilter(report="B-9"))[0].id == event.id


def test_known_key_with_new_text_is_a_new_linked_version(store, tmp_path):
    run.ingest_sources(store, [_batch(tmp_path, "a.jsonl", [{"id": "LOC-77", "text": BORNO, "published": "2024-06-03"}])])
    first = store.reports()[0]
    summary = run.ingest_sources(store, [_batch(tmp_path, "a2.jsonl", [{"id": "LOC-77", "text": BORNO_CORRECTED,
                                                                    "published": "2024-06-03"}])])
    assert summary.versioned == 1 and summary.added == 0
    old, new = sorted(store.reports(), key=lambda r: r.version)
    assert (old.id, old.status, old.superseded_by) == (first.id, "superseded", new.id)
    assert (new.report_key, new.version, new.supersedes) == ("LOC-77", 2, first.id)
    (event,) = store.events()  # the old version's account is gone: no silent duplicate
    assert event.event.fatalities == 14 and [s.report_id for s in event.sources] == [new.id]
    assert store.events(EventFilter(report="LOC-77"))[0].id == event.id


def test_changed_published_on_reingest_updates_and_recodes(store, tmp_path):
    run.ingest_sources(store, [_batch(tmp_path, "a.jsonl", [{"id": "LOC-77", "text": BORNO, "published": "2024-06-03"}])])
    assert str(store.events()[0].event.event_date) == "2024-06-02"
    summary = run.ingest_sources(store, [_batch(tmp_path, "a.jsonl", [{"id": "LOC-77", "text": BORNO,
                                                                   "published": "2024-06-10"}])])
    assert summary.recoded == 1
    assert store.reports()[0].published == "2024-06-10"
    assert str(store.events()[0].event.event_date) == "2024-06-09"


def test_cli_events_report_filter_and_exports_carry_keys(tmp_path, db_url):
    batch = _batch(tmp_path, "b.jsonl", [
        {"id": "AJ-2024-0603-01", "text": IDLIB, "published": "2024-06-04", "source": "Al Jazeera"},
        {"id": "LOC-77", "text": BORNO, "published": "2024-06-03"},
    ])
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", batch, "--db", db_url]).exit_code == 0
    found = runner.invoke(main, ["events", "--db", db_url, "--report", "LOC-77", "--format", "jsonl"])
    rows = [json.loads(line) for line in found.output.splitlines()]
    assert len(rows) == 1 and rows[0]["report_keys"] == ["LOC-77"]
    assert rows[0]["sources"][0]["report_key"] == "LOC-77"
    listed = runner.invoke(main, ["reports", "--db", db_url])
    assert "AJ-2024-0603-01" in listed.output and "LOC-77" in listed.output


def test_api_answers_carry_report_keys_and_filter_by_them(tmp_path):
    import httpx

    from conflictwatch.api import ServeSettings
    from conflictwatch.api.server import running_server

    db = str(tmp_path / "api.db")
    batch = _batch(tmp_path, "b.jsonl", [{"id": "LOC-77", "text": BORNO, "published": "2024-06-03"},
                                          {"id": "AJ-1", "text": IDLIB, "published": "2024-06-04", "source": "Al Jazeera"}])
    with open_store(db) as store:
        run.ingest_sources(store, [batch])
    with running_server(ServeSettings(db=db, port=0)) as url, httpx.Client(base_url=url, timeout=30) as client:
        page = client.get("api/events", params={"report": "LOC-77"}).json()
        assert [e["report_keys"] for e in page["events"]] == [["LOC-77"]]
        assert page["events"][0]["sources"][0]["report_key"] == "LOC-77" and page["events"][0]["event_id_cnty"]
        detail = client.get(f"api/events/{page['events'][0]['event_id']}").json()
        assert detail["sources"][0]["report"]["key"] == "LOC-77"
        features = client.get("api/events.geojson").json()["features"]
        assert sorted(k for f in features for k in f["properties"]["report_keys"]) == ["AJ-1", "LOC-77"]
        reports = client.get("api/reports").json()["reports"]
        assert sorted(r["report_key"] for r in reports) == ["AJ-1", "LOC-77"]


def test_recode_command_recodes_stale_reports_and_keeps_keys(tmp_path):
    db = str(tmp_path / "r.db")
    batch = _batch(tmp_path, "b.jsonl", [{"id": "LOC-77", "text": BORNO, "published": "2024-06-03"}])
    with open_store(db) as store:
        run.ingest_sources(store, [batch])
        store.db.execute("UPDATE reports SET coder_version = 'conflictwatch-coder/0.0.1'")
    result = CliRunner().invoke(main, ["recode", "--db", db])
    assert result.exit_code == 0 and "1 reports re-coded" in result.output
    with open_store(db) as store:
        assert store.events()[0].report_keys == ["LOC-77"] and store.reports()[0].report_key == "LOC-77"
    assert "0 reports re-coded, 1 already current" in CliRunner().invoke(main, ["recode", "--db", db]).output
