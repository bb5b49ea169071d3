"""The French data: our own French gold articles, the French aliases of the actor and country
dictionaries, and the French rules files."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"
PACKAGE_DATA = Path(__file__).resolve().parents[1] / "src" / "conflictwatch" / "data"
FR_GOLD = DATA / "articles_fr_gold.jsonl"
_GENERIC_ACTOR = re.compile(r"^(?:Civilians|Protesters|Rioters|Unidentified Armed Group) \((?P<country>[^)]+)\)$"
                            r"|^(?:Military|Police) Forces of (?:the )?(?P<state>.+?) \(\d{4}-(?:\d{4})?\)$")


# -- the French gold set ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def fr_gold() -> list[dict]:
    return [json.loads(line) for line in FR_GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_french_gold_set_has_articles_incidents_and_empty_texts(fr_gold):
    assert len(fr_gold) >= 24
    assert len({r["id"] for r in fr_gold}) == len(fr_gold)
    assert all(r["lang"] == "fr" and r["bucket"] == "articles_fr" and not r["label_only"] for r in fr_gold)
    assert sum(1 for r in fr_gold if not r["events"]) >= 4  # analysis, diplomacy, appeals: nothing to code
    assert sum(1 for r in fr_gold if len(r["events"]) >= 2) >= 18  # several incidents per article


def test_french_gold_events_use_acled_vocabulary_and_known_names(fr_gold):
    vocabulary = json.loads((PACKAGE_DATA / "acled_vocabulary.json").read_text(encoding="utf-8"))["event_types"]
    countries = json.loads((PACKAGE_DATA / "countries.json").read_text(encoding="utf-8"))["countries"]
    state_forms = {c.get("forces_of", name).removeprefix("the ") for name, c in countries.items()} | set(countries)
    named = {a["name"] for a in json.loads((PACKAGE_DATA / "actors.json").read_text(encoding="utf-8"))["actors"]}
    for report in fr_gold:
        published = dt.date.fromisoformat(report["published"])
        for event in report["events"]:
            where = f"{report['id']} {event['event_date']} {event['sub_event_type']}"
            assert event["sub_event_type"] in vocabulary[event["event_type"]], where
            assert event["country"] in countries, where
            assert 0 <= (published - dt.date.fromisoformat(event["event_date"])).days <= 14, where
            assert event["time_precision"] in (1, 2, 3) and event["geo_precision"] in (1, 2, 3), where
            assert isinstance(event["fatalities"], int) and event["fatalities"] >= 0, where
            for key in ("actor1", "actor2"):
                name = event[key]
                if name is None:
                    continue
                generic = _GENERIC_ACTOR.match(name)
                if generic:
                    assert (generic.group("country") or generic.group("state")) in state_forms, (where, name)
                else:
                    assert name in named, (where, name)  # the names the coder writes (data/actors.json)
