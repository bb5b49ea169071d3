"""Consistency checks for the actor / country reference data (src/conflictwatch/data)."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "src" / "conflictwatch" / "data"
KINDS = {"state", "rebel", "militia", "communal", "external", "party", "group"}
DE_FACTO = ("Somaliland", "Artsakh")  # de facto states ACLED codes as state forces
YEAR_LABEL = re.compile(r"^\d{4}-(\d{4})?$")


@pytest.fixture(scope="module")
def countries_doc() -> dict:
    return json.loads((DATA / "countries.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def actors_doc() -> dict:
    return json.loads((DATA / "actors.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("doc_name", ["countries_doc", "actors_doc"])
def test_file_level_source_and_licence(doc_name, request):
    doc = request.getfixturevalue(doc_name)
    for key in ("source", "licence"):
        assert isinstance(doc.get(key), str) and len(doc[key]) > 20, f"{doc_name}: missing {key}"


def test_countries_schema(countries_doc):
    countries = countries_doc["countries"]
    assert len(countries) >= 120
    isos = set()
    for name, c in countries.items():
        for key in ("iso2", "demonyms", "regime_year", "aliases", "military_aliases", "police_aliases"):
            assert key in c, f"{name}: missing {key}"
        assert re.fullmatch(r"[A-Z]{2}", c["iso2"]), name
        assert c["iso2"] not in isos, f"duplicate iso2 {c['iso2']}"
        isos.add(c["iso2"])
        assert c["demonyms"] and all(isinstance(d, str) and d for d in c["demonyms"]), name
        assert c["regime_year"] is None or YEAR_LABEL.match(c["regime_year"]), name
        for key in ("aliases", "military_aliases", "police_aliases"):
            assert isinstance(c[key], list) and all(isinstance(a, str) and a.strip() == a and a for a in c[key])
            assert len(set(c[key])) == len(c[key]), f"{name}: duplicate in {key}"
        for r in c.get("regimes", []):
            assert YEAR_LABEL.match(r["label"]), name
        if c.get("regimes") and c["regime_year"]:
            assert c["regime_year"] in {r["label"] for r in c["regimes"]}, name


def test_templates_present(countries_doc):
    t = countries_doc["templates"]
    for key in ("military", "police", "government", "civilians", "protesters", "rioters", "unidentified_armed_group"):
        assert key in t
    for g in countries_doc["group_templates"]:
        assert "{country}" in g["template"] and 1 <= g["inter"] <= 8


def test_actor_entries(actors_doc, countries_doc):
    countries = countries_doc["countries"]
    actors = actors_doc["actors"]
    assert len(actors) >= 300
    seen = set()
    for a in actors:
        for key in ("name", "inter", "country", "kind", "aliases"):
            assert key in a, f"{a.get('name')}: missing {key}"
        assert isinstance(a["name"], str) and a["name"].strip() == a["name"] and a["name"]
        assert isinstance(a["inter"], int) and 1 <= a["inter"] <= 8, a["name"]
        assert a["kind"] in KINDS, a["name"]
        assert a["country"] is None or a["country"] in countries, f"{a['name']}: unknown country {a['country']}"
        for c in a.get("countries", []):
            assert c in countries, f"{a['name']}: unknown country {c}"
        assert all(isinstance(x, str) and x and x.strip() == x for x in a["aliases"]), a["name"]
        assert len(set(a["aliases"])) == len(a["aliases"]), f"{a['name']}: duplicate alias"
        key = (a["name"], a["country"])
        assert key not in seen, f"duplicate entry {key}"
        seen.add(key)
        if a["kind"] == "external":
            assert a["inter"] == 8, a["name"]


def _scope(a: dict) -> set:
    return {a["country"], *a.get("countries", [])} - {None}


def test_no_alias_conflicts(actors_doc):
    """An alias (or context alias) may be shared only by entries that all have a country and
    whose country scopes do not overlap; transnational (country null) entries own their aliases."""
    for field in ("aliases", "context_aliases"):
        owners = defaultdict(list)
        for a in actors_doc["actors"]:
            for al in a.get(field, []):
                owners[al].append(a)
        problems = []
        for al, entries in owners.items():
            if len(entries) < 2:
                continue
            if any(e["country"] is None for e in entries):
                problems.append((al, [e["name"] for e in entries]))
                continue
            for i, e1 in enumerate(entries):
                for e2 in entries[i + 1 :]:
                    if _scope(e1) & _scope(e2):
                        problems.append((al, e1["name"], e2["name"], sorted(_scope(e1) & _scope(e2))))
        assert not problems, f"{field} conflicts: {problems[:20]}"


def test_state_actor_names_match_countries(actors_doc, countries_doc):
    """'Military/Police Forces of X (year)' names in actors.json refer to a known country form."""
    forms = {}
    for name, c in countries_doc["countries"].items():
        forms[c.get("forces_of", name)] = name
        forms[name] = name
    pat = re.compile(r"^(?:Former )?(?:Military|Police) Forces of (.+)$")
    for a in actors_doc["actors"]:
        m = pat.match(a["name"])
        if not m:
            continue
        rest = m.group(1)
        assert any(rest == f or rest.startswith(f + " ") for f in forms) or rest.startswith(DE_FACTO), a["name"]
