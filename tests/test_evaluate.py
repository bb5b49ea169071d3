"""`conflictwatch evaluate` on a small gold file of our own, and the metric code on hand-made cases."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from conflictwatch import evaluate as ev
from conflictwatch.cli import main

GOLD = Path(__file__).parent / "data" / "gold_small.jsonl"


def test_evaluate_command_codes_and_scores(tmp_path):
    out = tmp_path / "metrics.json"
    result = CliRunner().invoke(main, ["evaluate", str(GOLD), "--by-bucket", "--json", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    metrics = json.loads(out.read_text())
    assert metrics["detection_f1"] == 1.0
    assert metrics["event_type"]["weighted_f1"] == 1.0
    assert metrics["sub_event_type"]["weighted_f1"] == 1.0
    assert metrics["no_event_reports_left_empty"] == 1.0
    assert metrics["date_exact"] == 1.0 and metrics["fatalities_exact"] == 1.0
    assert metrics["geo_within_25km"] == 1.0 and metrics["country"] == 1.0
    assert "SUMMARY sub_event_wF1=1.000" in result.output
    assert "mine" in result.output


def test_scores_penalise_extra_and_missing_events():
    gold = [{"id": "a", "events": [{"event_type": "Battles", "sub_event_type": "Armed clash", "event_date": "2020-01-01",
                                    "fatalities": 2, "actor1": "Taliban", "actor2": None}]},
            {"id": "b", "events": []}]
    preds = ev.group_predictions([
        {"doc_id": "a", "event_type": "Battles", "sub_event_type": "Armed clash", "event_date": "2020-01-02",
         "fatalities": 2, "actor1": "Taliban"},
        {"doc_id": "a", "event_type": "Riots", "sub_event_type": "Mob violence"},
        {"doc_id": "b", "event_type": "Protests", "sub_event_type": "Peaceful protest"},
    ])
    result = ev.score(gold, preds)
    assert result["detection_precision"] == 1 / 3 and result["detection_recall"] == 1.0
    assert result["date_exact"] == 0.0 and result["fatalities_exact"] == 1.0 and result["actor1"] == 1.0
    assert result["no_event_reports_left_empty"] == 0.0


def test_lenient_matching_rules():
    assert ev.same_actor("QSD: Syrian Democratic Forces", "SDF: Syrian Democratic Forces")
    assert ev.same_actor("Military Forces of Syria (2000-)", "Military Forces of Syria")
    assert not ev.same_actor("Protesters (Kenya)", "Protesters (Uganda)")
    assert ev.same_admin("Al-Hasakah", "Hasakah Governorate")
    assert 74 < ev.distance_km(37.05, 41.23, 36.5, 40.75) < 75.5


def test_evaluate_reads_month_and_year_publication_dates_and_names_a_bad_one(tmp_path):
    """A brief dated "2021-05" or a yearly report dated "2024" is coded with a month-precision anchor; a date
    that is none is named with its item and code, and the other reports are still scored."""
    gold = tmp_path / "gold.jsonl"
    rows = [
        {"id": "brief", "published": "2021-05", "text": "Gunmen killed three farmers in Kaduna state last week, police said.",
         "events": [{"event_date": "2021-05-01", "event_type": "Violence against civilians", "sub_event_type": "Attack",
                     "actor1": "Unidentified Armed Group (Nigeria)", "actor2": "Civilians (Nigeria)", "country": "Nigeria",
                     "fatalities": 3}]},
        {"id": "yearly", "published": "2024", "text": "The council met to discuss the budget.", "events": []},
        {"id": "broken", "published": "May 2021", "text": "Soldiers clashed with rebels near Goma.", "events": []},
    ]
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "events.jsonl"
    result = CliRunner().invoke(main, ["evaluate", str(gold), "--events-out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "error: broken:" in result.output and "[CW" in result.output
    events = [json.loads(line) for line in out.read_text().splitlines()]
    brief = [e for e in events if e["doc_id"] == "brief"]
    assert len(brief) == 1 and brief[0]["event_date"].startswith("2021-05") and brief[0]["time_precision"] == 3
    assert not [e for e in events if e["doc_id"] == "yearly"]
