"""Every key of the actor and country dictionaries is read by the code, or is documentation.

A key nothing reads is knowledge the coder silently ignores (the issue that added this test found
``context_aliases``, ``forces_of``, ``regimes`` and ``group_templates`` unread while the code hard-coded
what they say): wire it in or delete it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from conflictwatch.resources import data_file

SRC = Path(__file__).resolve().parents[1] / "src" / "conflictwatch"
# keys that document the data for people and are read by no engine
DOCUMENTATION = {"source", "licence", "notes", "note", "generic_forces_note",
                 "confidence", "regime_year_unverified", "label_at_time",
                 "pseudo_countries", "version",
                 "iso2"}  # iso2: the country's ISO code, kept for GeoNames country files (tests check it)


def _keys(value, out: set[str]) -> set[str]:
    if isinstance(value, dict):
        for key, inner in value.items():
            out.add(key)
            _keys(inner, out)
    elif isinstance(value, list):
        for inner in value:
            _keys(inner, out)
    return out


def _code() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py"))


def _data_keys(name: str) -> set[str]:
    raw = json.loads(data_file(name).read_text(encoding="utf-8"))
    keys = _keys(raw, set())
    if name == "countries.json":
        keys -= set(raw["countries"])  # the country names themselves
        keys -= set(raw.get("templates", {})) | set(raw.get("template_inter", {}))  # template names: data, not keys
        keys -= set(raw.get("pseudo_countries", {}))
    return keys


def test_every_dictionary_key_is_read_by_the_code():
    code = _code()
    unread = {}
    for name in ("countries.json", "actors.json"):
        for key in sorted(_data_keys(name) - DOCUMENTATION):
            if not re.search(r"[\"']" + re.escape(key) + r"[\"']", code):
                unread.setdefault(name, []).append(key)
    assert not unread, f"keys no code reads (wire them in or delete them): {unread}"


def test_the_check_would_catch_an_unread_key():
    code = _code()
    assert not re.search(r"[\"']" + re.escape("templatez_unused") + r"[\"']", code)
    assert re.search(r"[\"']" + re.escape("context_aliases") + r"[\"']", code)
