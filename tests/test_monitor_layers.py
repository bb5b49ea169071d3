"""The ceasefire monitor reads the dataset only: no module of monitor/ imports the coder (extract/),
the pipeline or the readers, and a report never reads a report's text again — who started an
incident is read once, when the account is recorded, and stored with it."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from conflictwatch import run
from conflictwatch.attribution import record_readings
from conflictwatch.extract.initiative import actor_candidates
from conflictwatch.monitor import Monitor, agreement_from_spec
from conflictwatch.store import Store, open_store
from conflictwatch.store.readings import load_readings

ROOT = Path(__file__).resolve().parents[1]
MONITOR = ROOT / "src" / "conflictwatch" / "monitor"
DATA = Path(__file__).resolve().parent / "data" / "monitor"
FORBIDDEN = ("conflictwatch.extract", "conflictwatch.pipeline", "conflictwatch.ingest", "conflictwatch.geo")


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", sorted(MONITOR.glob("*.py")), ids=lambda p: p.name)
def test_no_monitor_module_imports_the_coder(module: Path) -> None:
    bad = sorted(n for n in imported(module) if n.startswith(FORBIDDEN))
    assert bad == [], f"{module.name} imports {bad}: the monitor reads the dataset only"


def test_a_report_reads_the_stored_attribution_not_the_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "cw.db")
    with open_store(db) as store:
        run.ingest_sources(store, [str(ROOT / "examples" / "qamishli-statement-2020.txt"),
                              str(DATA / "qamishli-monitor-2020.txt")], published=dt.date(2020, 4, 22))
        assert record_readings(store) >= 2
        assert record_readings(store) == 0  # once per account
        monitor = Monitor(store)
        monitor.add(agreement_from_spec({"name": "UN call", "parties": "NDF,ISF", "from": "2020-03-23",
                                         "area": "Qamishli"}, lookup=actor_candidates))

        def no_text(self: Store, report_id: str) -> str:
            raise AssertionError(f"the monitor read report {report_id}'s text")

        monkeypatch.setattr(Store, "report_text", no_text)
        clash = next(v for v in monitor.violations("UN call") if v.event_date == dt.date(2020, 4, 21))
        assert clash.initiator == "NDF: National Defence Forces" and clash.confirmed
        assert all(s.read for s in clash.sources)
        stored = load_readings(store.db, [s.ref.coded_event_id for s in clash.sources])
        assert [stored[s.ref.coded_event_id].reading for s in clash.sources] == [s.reading for s in clash.sources]
        assert monitor.report("UN call").violations


def test_an_account_not_read_yet_names_nobody_and_says_so(tmp_path: Path) -> None:
    db = str(tmp_path / "cw.db")
    with open_store(db) as store:
        run.ingest_sources(store, [str(ROOT / "examples" / "qamishli-statement-2020.txt")], published=dt.date(2020, 4, 22))
        monitor = Monitor(store)
        monitor.add(agreement_from_spec({"name": "UN call", "parties": "NDF: National Defence Forces,Asayish",
                                         "from": "2020-03-23", "area": "Qamishli"}))  # full names: no dictionary
        unread = monitor.violations("UN call")
        assert unread and all(v.attribution == "unattributed" for v in unread)
        assert all(not s.read and s.claim == "not read yet for who started it" for v in unread for s in v.sources)
        record_readings(store)
        assert any(v.attribution != "unattributed" for v in monitor.violations("UN call"))
