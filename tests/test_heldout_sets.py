"""The held-out sets of full articles (tests/data/articles_heldout*.jsonl) stay well-formed when they are edited:
their reports in the bench format, and the same checks on every event as the tuning sets (ACLED's vocabularies,
evidence quoted from its own text, dates before publication). It checks the gold, never the coder: a held-out set is
scored once by whoever changes the coder, and only its SUMMARY line is read (see each set's README)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_tune2_set import REPORT_FIELDS, _reports
from test_tune2_set import test_every_event_is_acled_coded_and_quotes_its_text as _check_events

DATA = Path(__file__).parent / "data"
# Reports and word range each set was written to.
SIZES = {"articles_heldout3": (30, 250, 1000), "articles_heldout4": (30, 250, 1000)}
SETS = tuple(DATA / f"{name}.jsonl" for name in SIZES)
REPORTS = [report for path in SETS for report in _reports(path)]


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_all_reports_with_the_bench_fields_and_unique_ids(path):
    reports = _reports(path)
    count, low, high = SIZES[path.stem]
    assert len(reports) == count
    assert len({r["id"] for r in reports}) == len(reports)
    for report in reports:
        assert set(report) == REPORT_FIELDS, report["id"]
        assert low <= len(report["text"].split()) <= high, report["id"]
        assert report["bucket"] == "articles" and report["lang"] == "en" and report["label_only"] is False, report["id"]


@pytest.mark.parametrize("report", REPORTS, ids=lambda r: r["id"])
def test_every_held_out_event_is_acled_coded_and_quotes_its_text(report):
    _check_events(report)
