"""Coding on a real Dask cluster (a LocalCluster of 2 worker processes): the events are exactly those
of a single process, and a worker killed mid-run costs nothing — every report stored once."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from test_store_crash import write_reports

from conflictwatch import run
from conflictwatch.pipeline import default_coder
from conflictwatch.store import open_store

pytest.importorskip("distributed")

PUBLISHED = dt.date(2021, 12, 31)


def stored(db: str) -> dict[str, list]:
    with open_store(db) as store:
        return {
            "reports": store.db.query("SELECT id, content_hash, status, coder_version FROM reports ORDER BY id"),
            "accounts": store.db.query("SELECT id, report_id, event_date, sub_event_type, location, fatalities"
                                       " FROM coded_events ORDER BY id"),
            "events": [(e.id, sorted(s.coded_event_id for s in e.sources)) for e in store.events()],
        }


def test_ingest_on_a_local_cluster_stores_exactly_what_one_process_stores(tmp_path):
    folder = tmp_path / "reports"
    write_reports(folder, 16)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}

    def ingest(db: Path, *engine: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "conflictwatch", "ingest", str(folder), "--db", str(db),
                               "--published", "2021-12-31", "--batch-size", "8", *engine],
                              capture_output=True, text=True, env=env, timeout=180)

    one = ingest(tmp_path / "one.db", "--jobs", "1")
    cluster = ingest(tmp_path / "cluster.db", "--cluster", "local:2")
    assert one.returncode == 0 and cluster.returncode == 0, cluster.stderr
    assert "16 reports added" in cluster.stdout
    expected = stored(str(tmp_path / "one.db"))
    assert len(expected["reports"]) == 16 and expected["events"]
    assert stored(str(tmp_path / "cluster.db")) == expected


def test_a_worker_killed_mid_run_is_replaced_and_every_report_is_stored_once(tmp_path):
    folder = tmp_path / "reports"
    write_reports(folder, 24)
    with open_store(str(tmp_path / "one.db")) as store:
        run.ingest_sources(store, [str(folder)], PUBLISHED, jobs=1)
    engine = run.DaskEngine(default_coder(), "local:2")
    killed: list[int] = []

    def kill_one_worker(_summary) -> None:
        if not killed:  # after the first commit, while the next batches are being coded
            pids = sorted(engine.client.run(os.getpid).values())
            killed.append(pids[0])
            os.kill(pids[0], signal.SIGKILL)

    try:
        with open_store(str(tmp_path / "cluster.db")) as store:
            summary = run.ingest_sources(store, [str(folder)], PUBLISHED, engine=engine, batch_size=5,
                                         on_batch=kill_one_worker)
    finally:
        engine.close()
    assert killed and summary.added == 24 and not summary.failures
    assert stored(str(tmp_path / "cluster.db")) == stored(str(tmp_path / "one.db"))
