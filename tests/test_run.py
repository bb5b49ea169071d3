"""The pipeline runner: coding on worker processes gives exactly the single-process result, each
committed batch is visible with its events, and concurrent writers of overlapping batches end
with the union stored once, exit 0 and no failure printed, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import fresh_pg_url
from test_store_crash import write_reports

from conflictwatch import run
from conflictwatch.export import event_record
from conflictwatch.ingest.sources import read_sources
from conflictwatch.pipeline import Coder, Options, default_coder
from conflictwatch.records import Report
from conflictwatch.store import open_store

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = dt.date(2021, 12, 31)


@pytest.fixture(scope="module")
def reports_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("run") / "reports"
    write_reports(folder, 48)
    for example in sorted((ROOT / "examples").glob("*.txt")):
        shutil.copy(example, folder / example.name)
    return folder


def coded(folder: Path, engine: run.Engine) -> list[dict]:
    reports = [s.report for s in read_sources([str(folder)], PUBLISHED)]
    try:
        return [event_record(e) for e in run.code_all(reports, engine, batch_size=10)]
    finally:
        engine.close()


def test_two_worker_processes_code_exactly_what_one_process_codes_in_the_same_order(reports_folder):
    coder = Coder(Options())
    one = coded(reports_folder, run.make_engine(coder, jobs=1))
    two = coded(reports_folder, run.make_engine(coder, jobs=2))
    assert len(one) >= 48
    assert two == one


def test_a_worker_that_dies_costs_nothing(reports_folder):
    """A pool whose worker is killed codes that batch again in this process; the results are the same."""
    reports = [s.report for s in read_sources([str(reports_folder)], PUBLISHED)][:24]
    engine = run.PoolEngine(default_coder(), 2)
    try:
        first = engine.submit(reports)
        first.result()
        victim = next(iter(engine._pool._processes))
        os.kill(victim, 9)
        again = engine.submit(reports).result()
    finally:
        engine.close()
    assert [len(c.events) for c in again] == [len(c.events) for c in first.result()]


def test_each_committed_batch_is_visible_and_equals_a_full_dedup(reports_folder, tmp_path):
    seen_events: list[int] = []
    with open_store(str(tmp_path / "batched.db")) as store:
        def after_batch(summary):
            seen_events.append(len(store.events()))
            assert summary.events_total == seen_events[-1]

        summary = run.ingest_sources(store, [str(reports_folder)], PUBLISHED, batch_size=7, on_batch=after_batch)
        batched = {e.id: sorted(s.coded_event_id for s in e.sources) for e in store.events()}
        assert store.resolve() == 0, "per-batch dedup must leave nothing for a full dedup to change"
    with open_store(str(tmp_path / "whole.db")) as store:
        run.ingest_sources(store, [str(reports_folder)], PUBLISHED, batch_size=1000)
        whole = {e.id: sorted(s.coded_event_id for s in e.sources) for e in store.events()}
    assert summary.added == 48 + len(list((ROOT / "examples").glob("*.txt"))) and not summary.failures
    assert len(seen_events) > 5 and 0 < seen_events[0] < seen_events[-1]
    assert batched == whole


def test_a_retold_incident_in_a_later_batch_joins_the_event_of_an_earlier_one(tmp_path):
    first = Report("a", "On 3 May 2021, gunmen attacked a police checkpoint in Kunduz, killing 4 officers.", PUBLISHED)
    second = Report("b", "Four policemen were killed when gunmen stormed a checkpoint in Kunduz on 3 May 2021, "
                         "officials said.", PUBLISHED)
    with open_store(str(tmp_path / "two.db")) as store:
        run.ingest(store, [first])
        (only,) = store.events()
        run.ingest(store, [second])
        (merged,) = store.events()
    assert merged.id == only.id and len({s.report_id for s in merged.sources}) == 2


class _Newer(Coder):
    version = "conflictwatch-coder/99.0"

    def code(self, report):
        return [replace(e, fatalities=e.fatalities + 1, coder_version=self.version) for e in super().code(report)]


def test_recode_recodes_only_reports_an_older_coder_coded(reports_folder, tmp_path):
    with open_store(str(tmp_path / "recode.db")) as store:
        added = run.ingest_sources(store, [str(reports_folder)], PUBLISHED).added
        first = run.recode(store, coder=_Newer(), jobs=2, batch_size=16)
        second = run.recode(store, coder=_Newer())
        versions = {r["coder_version"] for r in store.db.query("SELECT coder_version FROM coded_events")}
        assert store.resolve() == 0
    assert first.recoded == added and not first.failures
    assert second.recoded == 0 and versions == {_Newer.version}


# -- concurrent writers -------------------------------------------------------------------------

def overlapping_batches(root: Path, writers: int, per_writer: int = 10, shift: int = 4) -> list[Path]:
    """``writers`` folders, each overlapping the next by ``per_writer - shift`` reports."""
    every = root / "all"
    write_reports(every, shift * (writers - 1) + per_writer)
    files = sorted(every.iterdir())
    folders = []
    for w in range(writers):
        folder = root / f"writer-{w}"
        folder.mkdir()
        for f in files[w * shift: w * shift + per_writer]:
            shutil.copy(f, folder / f.name)
        folders.append(folder)
    return folders


def ingest_cmd(folder: Path, db: str) -> list[str]:
    return [sys.executable, "-m", "conflictwatch", "ingest", str(folder), "--db", db, "--published", "2021-12-31",
            "--jobs", "1", "--batch-size", "2", "--user", "test"]


def snapshot(db: str) -> dict[str, list]:
    with open_store(db) as store:
        q = store.db.query
        return {
            "reports": q("SELECT id, content_hash, published, status FROM reports ORDER BY id"),
            "coded_events": q("SELECT id, report_id, event_date, sub_event_type, location, fatalities FROM coded_events"
                              " ORDER BY id"),
            "evidence": q("SELECT * FROM evidence ORDER BY 1, 2, 3, 4"),
            "links": q("SELECT coded_event_id, report_id FROM event_sources ORDER BY 1"),
        }


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
@pytest.mark.parametrize("writers", [2, 4])
def test_concurrent_ingests_of_overlapping_batches_store_the_union_once(tmp_path, backend, writers):
    folders = overlapping_batches(tmp_path, writers)
    if backend == "postgresql":
        db, reference = fresh_pg_url(f"cw_conc_{writers}"), fresh_pg_url(f"cw_conc_ref_{writers}")
    else:
        db, reference = str(tmp_path / "shared.db"), str(tmp_path / "reference.db")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with open_store(db):
        pass  # migrated once, so the writers race on reports, not on the schema
    procs = [subprocess.Popen(ingest_cmd(f, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
             for f in folders]
    outcomes = [(p.wait(timeout=240), *p.communicate()) for p in procs]
    for code, out, err in outcomes:
        assert code == 0, err
        assert "error" not in err.lower() and "0 failed" in out, (out, err)
    with open_store(reference) as store:
        run.ingest_sources(store, [str(tmp_path / "all")], PUBLISHED)
    got, expected = snapshot(db), snapshot(reference)
    assert len(expected["reports"]) == 4 * (writers - 1) + 10
    for table in expected:
        assert got[table] == expected[table], table
    with open_store(db) as store:
        assert store.resolve() == 0, "the events are what one dedup of the union gives"
        assert sum(len(e.sources) for e in store.events()) == len(expected["links"])
