"""The event store on SQLite and on PostgreSQL: idempotent ingest, cross-report dedup, re-coding that
keeps analysts' edits, review, queries and an ACLED CSV that round-trips."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from conflictwatch import run
from conflictwatch.cli import main
from conflictwatch.errors import EventNotFoundError, ReviewError
from conflictwatch.export import ACLED_COLUMNS
from conflictwatch.ingest.sources import SourcedReport
from conflictwatch.pipeline import default_coder
from conflictwatch.records import Report
from conflictwatch.store import EventFilter, open_store
from conflictwatch.store.export import write_stored_events
from conflictwatch.store.schema import MIGRATIONS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
MANBIJ = ["manbij-statement-2020.txt", "manbij-news-2020.txt", "syria-roundup-2020-05-10.txt"]
UNRELATED = "busayrah-news-2020.txt"
PUBLISHED = dt.date(2020, 4, 22)

ACLED_EVENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
                     "Strategic developments"}
ACLED_DISORDER = {"Political violence", "Demonstrations", "Strategic developments",
                  "Political violence; Demonstrations"}


@pytest.fixture()
def store(db_url):
    with open_store(db_url) as s:
        yield s


@pytest.fixture()
def incident_folder(tmp_path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in [*MANBIJ, UNRELATED]:
        shutil.copy(EXAMPLES / name, folder / name)
    return folder


def test_one_incident_told_three_ways_is_one_event_with_three_sources(store, incident_folder):
    summary = run.ingest_sources(store, [str(incident_folder)], PUBLISHED)
    assert summary.added == 4 and not summary.failures
    events = store.events()
    assert len(events) == 2
    manbij = next(e for e in events if e.event.location == "Manbij")
    assert len({s.report_id for s in manbij.sources}) == 3
    assert all(s.evidence for s in manbij.sources), "each source keeps its own evidence spans"
    kinds = {s.source_kind for s in manbij.sources}
    assert "party statement" in kinds and "NGO" in kinds
    # ACLED's conservative figure, and the range the sources claimed
    assert (manbij.event.fatalities, manbij.fatalities_low, manbij.fatalities_high) == (3, 3, 4)
    assert manbij.event.event_date == dt.date(2020, 5, 9)
    # the evidence points at the words in each report's own text
    for source in manbij.sources:
        text = store.report_text(source.report_id)
        start, end = source.evidence["event_type"][0].start, source.evidence["event_type"][0].end
        assert text[start:end].strip()
    other = next(e for e in events if e is not manbij)
    assert len(other.sources) == 1 and other.event.location == "Al Busayrah"


def test_reingesting_the_examples_changes_nothing(store):
    first = run.ingest_sources(store, [str(EXAMPLES)], PUBLISHED)
    counts = store.counts()
    second = run.ingest_sources(store, [str(EXAMPLES)], PUBLISHED)
    assert first.added == len(list(EXAMPLES.glob("*.txt")))
    assert second.added == 0 and second.unchanged == first.added
    assert store.counts() == counts  # not even an audit entry
    assert (second.reports_total, second.events_total) == (first.reports_total, first.events_total)


def test_same_text_from_another_place_is_the_same_report(store, tmp_path):
    text = (EXAMPLES / UNRELATED).read_text(encoding="utf-8")
    (tmp_path / "copy.txt").write_text(text + "\n\n", encoding="utf-8")
    run.ingest_sources(store, [str(EXAMPLES / UNRELATED)], PUBLISHED)
    summary = run.ingest_sources(store, [str(tmp_path / "copy.txt")], PUBLISHED)
    # one report, now known under both paths: the copy adds a source, not a duplicate
    assert summary.sources_added == 1 and summary.added == 0 and summary.reports_total == 1
    (event,) = store.events()
    assert event.report_keys == [str(EXAMPLES / UNRELATED), str(tmp_path / "copy.txt")]
    assert run.ingest_sources(store, [str(tmp_path / "copy.txt")], PUBLISHED).unchanged == 1


class NewerCoder:
    """The default coder under a newer version that codes fatalities one higher."""

    version = "conflictwatch-coder/99.0"

    def code(self, report: Report):
        return [replace(e, fatalities=e.fatalities + 1, coder_version=self.version) for e in default_coder().code(report)]


def test_recoding_updates_machine_fields_but_never_an_analysts_edit(store, incident_folder):
    run.ingest_sources(store, [str(incident_folder)], PUBLISHED)
    manbij = next(e for e in store.events() if e.event.location == "Manbij")
    store.review(manbij.id, {"admin2": "Manbij District", "actor2": "Syrian National Army"}, user="ana")
    summary = run.ingest_sources(store, [str(incident_folder)], PUBLISHED, coder=NewerCoder())
    assert summary.recoded == 4 and summary.added == 0
    after = store.event(manbij.id)
    assert after.event.fatalities == 4 and after.fatalities_high == 5  # machine fields follow the new coder
    assert after.event.coder_version == NewerCoder.version
    assert after.event.admin2 == "Manbij District" and after.event.actor2 == "Syrian National Army"
    # the new actor's inter code and the interaction are derived with it, and kept as edits too
    assert set(after.edited) == {"admin2", "actor2", "inter2", "interaction"}
    assert (after.event.inter2, after.event.interaction) == (2, 10 * min(2, after.event.inter1) + max(2, after.event.inter1))
    actions = [a.action for a in store.audit_log()]
    assert actions.count("recode") == 4 and "review" in actions and "update" in actions
    # once re-coded, the same version again changes nothing
    counts = store.counts()
    run.ingest_sources(store, [str(incident_folder)], PUBLISHED, coder=NewerCoder())
    assert store.counts() == counts


def test_review_accept_reject_with_who_and_when(store, incident_folder):
    run.ingest_sources(store, [str(incident_folder)], PUBLISHED)
    busayrah = next(e for e in store.events() if e.event.location == "Al Busayrah")
    reviewed = store.review(busayrah.id, {"event_type": "Violence against civilians", "sub_event_type": "Attack",
                                          "fatalities": "1"}, accept=True, user="ana")
    assert reviewed.status == "accepted" and reviewed.event.fatalities == 1 and reviewed.event.fatalities_known
    store.review(busayrah.id, reject=True, user="ben")
    assert busayrah.id not in {e.id for e in store.events()}
    assert busayrah.id in {e.id for e in store.events(EventFilter(include_rejected=True))}
    entries = [a for a in store.audit_log(busayrah.id) if a.action == "review"]
    assert [a.actor for a in entries] == ["ana", "ben"] and all(a.at for a in entries)
    with pytest.raises(ReviewError):
        store.review(busayrah.id, {"colour": "red"})
    with pytest.raises(ReviewError):
        store.review(busayrah.id, {"fatalities": "many"})
    with pytest.raises(EventNotFoundError):
        store.review("ev-nope", accept=True)


def test_merge_and_split_are_kept_across_dedup_runs(store, incident_folder):
    run.ingest_sources(store, [str(incident_folder)], PUBLISHED)
    manbij = next(e for e in store.events() if e.event.location == "Manbij")
    busayrah = next(e for e in store.events() if e.event.location == "Al Busayrah")
    merged = store.merge_events([manbij.id, busayrah.id], user="ana")
    assert len(merged.sources) == 4 and len(store.events()) == 1
    store.resolve()
    assert len(store.events()) == 1
    parts = store.split_event(merged.id, [busayrah.sources[0].report_id], user="ana")
    assert sorted(len(p.sources) for p in parts) == [1, 3]
    store.resolve()
    after = store.events()
    assert sorted(len(e.sources) for e in after) == [1, 3]
    assert {s.report_id for e in after if len(e.sources) == 3 for s in e.sources} == {s.report_id for s in manbij.sources}


def test_acled_csv_round_trips_with_every_column_and_its_sources(store, incident_folder):
    run.ingest_sources(store, [str(incident_folder)], PUBLISHED)
    out = io.StringIO()
    n = write_stored_events(store.events(), out, "csv")
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert n == len(rows) == 2
    header = next(csv.reader(io.StringIO(out.getvalue())))
    assert header[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    for row in rows:
        assert row["event_type"] in ACLED_EVENT_TYPES and row["disorder_type"] in ACLED_DISORDER
        assert dt.date.fromisoformat(row["event_date"]).year == int(row["year"])
        assert row["time_precision"] in {"1", "2", "3"} and int(row["fatalities"]) >= 0
        assert row["interaction"].isdigit() and row["inter1"].isdigit()
        assert row["source"] and row["source_report_ids"]
        assert float(row["latitude"]) and float(row["longitude"])
    manbij = next(r for r in rows if r["location"] == "Manbij")
    assert len(manbij["source_report_ids"].split(";")) == 3 and manbij["fatalities_high"] == "4"


def test_reports_in_a_language_without_rules_are_stored_and_listed_not_coded(store):
    german = Report("x", "Bei Gefechten zwischen kurdischen Kräften und von der Türkei unterstützten Rebellen wurden am "
                         "9. Mai 2020 in Manbidsch drei Kämpfer getötet, teilte der Militärrat mit.")
    arabic = Report("y", "اندلعت اشتباكات في منبج بين قوات سوريا الديمقراطية والجيش الوطني السوري وقتل ثلاثة مقاتلين")
    french = Report("z", "Des affrontements ont éclaté le 9 mai 2020 à Manbij entre les forces kurdes et des "
                         "rebelles soutenus par la Turquie; trois combattants ont été tués selon le conseil militaire.")
    summary = run.ingest(store, [SourcedReport(german), SourcedReport(arabic), SourcedReport(french)])
    assert summary.not_coded == 2
    statuses = {r.status for r in store.reports()}
    assert statuses == {"not coded (language de)", "not coded (language ar)", "coded"}  # French has rules
    assert store.stats()["reports"] == {"not coded (language ar)": 1, "not coded (language de)": 1, "coded": 1}
    assert {r.language for r in store.reports()} == {"de", "ar", "fr"}


def test_queries_filter_by_place_date_type_actor_and_source(store, incident_folder):
    run.ingest_sources(store, [str(incident_folder), str(EXAMPLES / "qamishli-statement-2020.txt")], PUBLISHED)
    assert {e.event.admin1 for e in store.events(EventFilter(admin1="aleppo"))} == {"Aleppo"}
    assert all(e.event.event_date >= dt.date(2020, 5, 1) for e in store.events(EventFilter(since=dt.date(2020, 5, 1))))
    assert len(store.events(EventFilter(until=dt.date(2020, 4, 30)))) == 4
    assert {e.event.event_type for e in store.events(EventFilter(event_type="battles"))} == {"Battles"}
    assert all("Asayish" in (e.event.actor1, e.event.actor2) for e in store.events(EventFilter(actor="asayish")))
    # the two clashes with the NDF; the checkpoint incident that killed an ISF member is not the ISF's deed
    assert len(store.events(EventFilter(actor="asayish"))) == 2
    assert store.events(EventFilter(country="Nigeria")) == []
    some_report = store.events()[0].sources[0].report_id
    assert store.events(EventFilter(source=some_report))
    stats = store.stats()
    assert stats["events"] == 6
    assert next(n for place, n in stats["by_place"].items() if place.startswith("Qamishli")) == 4
    assert sum(stats["by_week"].values()) == 6


def test_migrations_are_recorded_and_run_once(store, db_url):
    versions = [r["version"] for r in store.db.query("SELECT version FROM schema_migrations ORDER BY version")]
    assert versions == [m.version for m in MIGRATIONS]
    with open_store(db_url) as again:
        assert again.db.scalar("SELECT COUNT(*) FROM schema_migrations") == len(MIGRATIONS)
    assert {"reports", "events", "evidence", "event_sources", "actors", "places", "edits", "audit_log"} <= \
        store.db.table_names()


def test_cli_ingest_events_stats_review(db_url, incident_folder, tmp_path):
    runner = CliRunner()
    ok = runner.invoke(main, ["ingest", str(incident_folder), "--db", db_url, "--published", "2020-04-22"])
    assert ok.exit_code == 0, ok.output
    assert "4 reports added" in ok.output
    listed = runner.invoke(main, ["events", "--db", db_url, "--format", "jsonl"])
    events = [json.loads(line) for line in listed.output.splitlines()]
    assert len(events) == 2 and all(e["sources"] and e["sources"][0]["report_id"] for e in events)
    manbij = next(e for e in events if e["location"] == "Manbij")
    reviewed = runner.invoke(main, ["review", manbij["event_id"], "--db", db_url, "--set", "fatalities=4",
                                    "--accept", "--user", "ana"])
    assert reviewed.exit_code == 0, reviewed.output
    assert "[accepted]" in reviewed.output and "fatalities 4" in reviewed.output
    bad = runner.invoke(main, ["review", manbij["event_id"], "--db", db_url, "--set", "colour=red"])
    assert bad.exit_code == 1 and "CW404" in bad.output
    stats = runner.invoke(main, ["stats", "--db", db_url, "--json"])
    assert json.loads(stats.output)["events"] == 2
    out = tmp_path / "events.geojson"
    runner.invoke(main, ["events", "--db", db_url, "--format", "geojson", "-o", str(out)])
    geo = json.loads(out.read_text(encoding="utf-8"))
    assert len(geo["features"]) == 2 and geo["features"][0]["geometry"]["type"] == "Point"
    table = runner.invoke(main, ["events", "--db", db_url, "--country", "Syria", "--type", "Armed clash"])
    assert "syria-roundup-2020-05-10.txt: " in table.output and table.output.rstrip().endswith("2 events")


def test_accounts_carry_their_report_s_language_for_the_attribution_reader(store):
    from conflictwatch.extract.initiative import READER_VERSION
    from conflictwatch.store.readings import unread_accounts

    french = Report("fr1", "Des affrontements ont opposé le 9 mai 2020 à Ménaka les FAMa et des jihadistes de l'EIGS; "
                           "trois soldats ont été tués, selon l'armée.", published=dt.date(2020, 5, 10))
    run.ingest(store, [SourcedReport(french)])
    accounts = unread_accounts(store.db, READER_VERSION)
    assert accounts and {a.language for a in accounts} == {"fr"}
