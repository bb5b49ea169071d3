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
