"""The place commands: geocode shows its reasoning; gazetteer import builds atomically and says why it fails."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from conflictwatch.cli import main

FIXTURES = Path(__file__).parent / "data" / "geo"


def run(args):
    return CliRunner().invoke(main, args, catch_exceptions=False)


def test_geocode_explains_candidates_and_choice():
    result = run(["geocode", "Clashes erupted in the Halku neighbourhood of Qamishli", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["place"]["location"] == "Qamishli" and data["place"]["country"] == "Syria"
    assert abs(data["place"]["latitude"] - 37.05) < 0.05
    assert any(m["text"].startswith("Halku") for m in data["mentions"])


def test_gazetteer_import_from_fixture(tmp_path):
    out = tmp_path / "g.sqlite"
    files = [str(FIXTURES / n) for n in ("countryInfo_fixture.txt", "admin1CodesASCII_fixture.txt", "cities_fixture.txt")]
    result = run(["gazetteer", "import", *files, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists() and "imported" in result.output


def test_gazetteer_import_rejects_a_wrong_file_and_keeps_the_old(tmp_path):
    out = tmp_path / "g.sqlite"
    out.write_bytes(b"previous gazetteer")
    bad = tmp_path / "cities500.txt"
    bad.write_text("this is not a GeoNames file\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["gazetteer", "import", str(bad), "-o", str(out)])
    assert result.exit_code != 0
    assert "cities500.txt" in result.output
    assert out.read_bytes() == b"previous gazetteer"
