"""The command line on good and bad input: clear messages naming the item, the rest of the batch coded."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conflictwatch.cli import main
from conflictwatch.export import ACLED_COLUMNS

REPORT = (
    "On 12 June 2021, gunmen attacked a police checkpoint near the town, killing two officers. "
    "The attackers fled into the hills."
)


def run(args, **kw):
    return CliRunner().invoke(main, args, catch_exceptions=False, **kw)


@pytest.fixture()
def batch(tmp_path: Path) -> Path:
    lines = [
        json.dumps({"id": "good-1", "text": REPORT, "published": "2021-06-13"}),
        "{this is not json",
        json.dumps({"id": "no-text", "title": "headline only"}),
        json.dumps({"id": "good-2", "text": "Hundreds of nurses staged a protest over unpaid salaries on Monday.",
                    "published": "2021-06-16"}),
        json.dumps({"id": "bad-date", "text": REPORT, "published": "yesterday"}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_batch_codes_good_lines_and_names_bad_ones(batch):
    result = run(["extract", str(batch), "--no-geocode"])
    assert result.exit_code == 1  # some reports failed
    events = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert {e["doc_id"] for e in events} == {"good-1", "good-2"}
    assert f"{batch}:2: not JSON" in result.stderr
    assert f"{batch}:3: no \"text\"" in result.stderr
    assert f"{batch}:5:" in result.stderr and "ISO date" in result.stderr


def test_bad_files_each_get_a_message(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 bombing killed two people.".encode("latin-1"))
    (tmp_path / "huge.txt").write_bytes(b"Clashes erupted. " * (50_000_000 // 17))
    (tmp_path / "good.txt").write_text(REPORT, encoding="utf-8")
    result = run(["extract", str(tmp_path), "--no-geocode", "--published", "2021-06-13"])
    assert result.exit_code == 1
    err = result.stderr
    assert "empty.txt: the report is empty" in err
    assert "binary.txt: this looks like a binary file" in err
    assert "latin1.txt: not valid UTF-8" in err
    assert "huge.txt:" in err and "limit" in err
    events = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [e["doc_id"] for e in events] == ["good"]


def test_missing_file_and_unsupported_type(tmp_path):
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4")
    result = run(["extract", str(tmp_path / "nope.txt"), str(tmp_path / "report.pdf"), "--no-geocode"])
    assert result.exit_code == 1
    assert "nope.txt: no such file or folder" in result.stderr
    assert "report.pdf: unsupported file type '.pdf'" in result.stderr


def test_stdin_and_event_contract():
    result = run(["extract", "-", "--no-geocode", "--published", "2021-06-13"], input=REPORT)
    assert result.exit_code == 0, result.stderr
    event = json.loads(result.stdout.splitlines()[0])
    for key in ("doc_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "inter1",
                "actor2", "inter2", "country", "admin1", "location", "latitude", "longitude", "geo_precision",
                "fatalities", "notes", "evidence", "coder_version", "claimed_by", "source_kind"):
        assert key in event
    assert event["event_date"] == "2021-06-12"
    assert event["event_type"] == "Battles"
    assert event["fatalities"] == 2
    start, end = event["evidence"]["fatalities"][0]
    assert REPORT[start:end].startswith("killing two")


def test_csv_export_has_acled_columns(tmp_path):
    src = tmp_path / "r.txt"
    src.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "events.csv"
    result = run(["extract", str(src), "-o", str(out), "--no-geocode"])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows and all(col in rows[0] for col in ACLED_COLUMNS)
    assert rows[0]["event_type"] == "Battles" and rows[0]["year"] == "2021"


def test_geojson_export_is_a_feature_collection(tmp_path):
    src = tmp_path / "r.txt"
    src.write_text(REPORT, encoding="utf-8")
    out = tmp_path / "events.geojson"
    assert run(["extract", str(src), "-o", str(out), "--no-geocode"]).exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 1


def test_html_input_drops_markup(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Attack</title><script>var x = 'bomb exploded';</script></head>"
        f"<body><nav>Home | News</nav><p>{REPORT}</p><p>Unclosed <b>tag", encoding="utf-8")
    result = run(["extract", str(page), "--no-geocode"])
    assert result.exit_code == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(events) == 1 and events[0]["fatalities"] == 2


def test_rerun_is_idempotent(batch):
    first = run(["extract", str(batch), "--no-geocode"]).stdout
    second = run(["extract", str(batch), "--no-geocode"]).stdout
    assert first == second


def test_help_has_examples():
    result = run(["extract", "--help"])
    assert "Examples:" in result.output and "--published" in result.output


def test_console_script_exit_code(tmp_path):
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "conflictwatch", "extract", str(tmp_path / "empty.txt"), "--no-geocode"],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 1
    assert "empty.txt: the report is empty [CW101]" in proc.stderr
