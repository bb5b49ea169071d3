"""The second to eighth sets of full articles (tests/data/articles_tune2.jsonl, articles_tune3.jsonl,
articles_tune4.jsonl, articles_tune5.jsonl, articles_tune6.jsonl, articles_tune7.jsonl, articles_tune8.jsonl)
stay well-formed when they are edited: bench fields, ACLED's vocabularies, evidence quoted from its own text,
dates before publication. It checks the gold, not the coder; how the coder scores on each is in its README."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conflictwatch import acled

SETS = tuple(
    Path(__file__).parent / "data" / name
    for name in ("articles_tune2.jsonl", "articles_tune3.jsonl", "articles_tune4.jsonl", "articles_tune5.jsonl",
                 "articles_tune6.jsonl", "articles_tune7.jsonl", "articles_tune8.jsonl")
)
# Word range each set was written to (the fourth has long features and explainers; the fifth is wire copy).
WORDS = {
    "articles_tune2": (150, 900),
    "articles_tune3": (150, 900),
    "articles_tune4": (200, 1200),
    "articles_tune5": (250, 1000),
    "articles_tune6": (300, 700),
    "articles_tune7": (300, 700),
    "articles_tune8": (150, 750),  # statements and bulletins as well as wire copy
}
# Reports in each set (40 unless the set is still being written).
COUNT = {"articles_tune5": 40, "articles_tune6": 20, "articles_tune7": 20, "articles_tune8": 20}
REPORT_FIELDS = {"id", "text", "published", "source", "url", "lang", "bucket", "label_only", "taxonomy", "events"}
GROUP_INTER = {"Civilians (": 7, "Protesters (": 6, "Rioters (": 5}


def _reports(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


REPORTS = [report for path in SETS for report in _reports(path)]


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.stem)
def test_forty_reports_with_the_bench_fields_and_unique_ids(path):
    reports = _reports(path)
    assert len(reports) == COUNT.get(path.stem, 40)
    assert len({r["id"] for r in reports}) == len(reports)
    for report in reports:
        assert set(report) == REPORT_FIELDS, report["id"]
        low, high = WORDS[path.stem]
        assert low <= len(report["text"].split()) <= high, report["id"]


@pytest.mark.parametrize("report", REPORTS, ids=lambda r: r["id"])
def test_every_event_is_acled_coded_and_quotes_its_text(report):
    subs = acled.sub_event_types()
    inter = acled.inter_codes()
    published = report["published"]
    for event in report["events"]:
        where = f"{report['id']} {event['location']} {event['event_date']}"
        assert subs.get(event["sub_event_type"]) == event["event_type"], where
        assert event["inter1"] in inter and event["inter1"] != 0 and event["inter2"] in inter, where
        assert (event["actor2"] == "") == (event["inter2"] == 0), where
        for actor, code in ((event["actor1"], event["inter1"]), (event["actor2"], event["inter2"])):
            for prefix, expected in GROUP_INTER.items():
                if actor.startswith(prefix):
                    assert code == expected, where
        day = dt.date.fromisoformat(event["event_date"])
        assert dt.date(2015, 1, 1) <= day, where
        if len(published) == 10:
            assert day <= dt.date.fromisoformat(published), where
        assert event["time_precision"] in (1, 2, 3) and event["geo_precision"] in (1, 2, 3), where
        assert -90 <= event["latitude"] <= 90 and -180 <= event["longitude"] <= 180, where
        assert isinstance(event["fatalities"], int) and event["fatalities"] >= 0, where
        for fragment in event["evidence"].split(" [...] "):
            assert fragment and fragment in report["text"], where
