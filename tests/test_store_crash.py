"""kill -9 in the middle of an ingest, then the same ingest again: nothing lost, nothing doubled —
the database ends up exactly as after one uninterrupted run."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

TOWNS = ["Kunduz", "Maiduguri", "Mogadishu", "Kirkuk", "Daraa", "Manbij", "Baidoa", "Herat", "Mosul", "Aleppo"]
KINDS = [
    "gunmen attacked a police checkpoint in {town}, killing {n} officers",
    "clashes between soldiers and militants in {town} left {n} people dead",
    "a roadside bomb exploded near a market in {town}, killing {n} civilians",
    "hundreds of residents protested in {town} against rising bread prices",
]


def write_reports(folder: Path, count: int = 200) -> None:
    folder.mkdir()
    for i in range(count):
        day = 1 + i % 28
        month = 1 + (i // 28) % 12
        town = TOWNS[i % len(TOWNS)]
        what = KINDS[(i // len(TOWNS)) % len(KINDS)].format(town=town, n=1 + i % 7)
        month_name = dt.date(2021, month, 1).strftime("%B")
        text = f"On {day} {month_name} 2021, {what}, local sources said (report {i})."
        (folder / f"report-{i:03d}.txt").write_text(text, encoding="utf-8")


def snapshot(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        return {
            "reports": conn.execute("SELECT id, content_hash, text, published, status FROM reports ORDER BY id").fetchall(),
            "coded_events": conn.execute("SELECT id, report_id, event_date, sub_event_type, location, fatalities"
                                         " FROM coded_events ORDER BY id").fetchall(),
            "evidence": conn.execute("SELECT * FROM evidence ORDER BY 1, 2, 3, 4").fetchall(),
            "events": conn.execute("SELECT id, anchor, event_date, sub_event_type, location, fatalities, n_sources"
                                   " FROM events ORDER BY id").fetchall(),
            "event_sources": conn.execute("SELECT * FROM event_sources ORDER BY 1, 2").fetchall(),
        }
    finally:
        conn.close()


def ingest_cmd(folder: Path, db: Path, *jobs: str) -> list[str]:
    # small batches (one transaction each), so that the kill lands between and inside commits
    return [sys.executable, "-m", "conflictwatch", "ingest", str(folder), "--db", str(db), "--published", "2021-12-31",
            "--batch-size", "10", *jobs]


def count_reports(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(db, timeout=1)
        try:
            return int(conn.execute("SELECT COUNT(*) FROM reports").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0  # not migrated yet


def test_sigkill_mid_ingest_then_rerun_matches_an_uninterrupted_run(tmp_path):
    folder = tmp_path / "reports"
    write_reports(folder)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}

    reference = tmp_path / "reference.db"
    subprocess.run(ingest_cmd(folder, reference, "--jobs", "1"), check=True, capture_output=True, env=env, timeout=300)

    crashed = tmp_path / "crashed.db"
    # the crashed run and its re-run code on two worker processes: the writer is killed, not a worker
    proc = subprocess.Popen(ingest_cmd(folder, crashed, "--jobs", "2"), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 120
    while count_reports(crashed) < 20 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    stored_at_kill = count_reports(crashed)
    assert proc.returncode == -signal.SIGKILL
    assert 0 < stored_at_kill < 200, "the kill should land in the middle of the batch"

    subprocess.run(ingest_cmd(folder, crashed, "--jobs", "2"), check=True, capture_output=True, env=env, timeout=300)
    after, expected = snapshot(crashed), snapshot(reference)
    assert len(expected["reports"]) == 200 and expected["events"]
    for table in expected:
        assert after[table] == expected[table], table
