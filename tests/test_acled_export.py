"""ACLED-faithful exports of the store: ACLED's columns, order, dtypes and formats read back with
pandas; a stable country-prefixed ``event_id_cnty``; undated events flagged; Parquet beside CSV,
JSONL and GeoJSON; every event lists its reports' own ids in every format; CSV cells that a
spreadsheet would run as formulas are escaped."""

from __future__ import annotations

import io
import json
import re

import pytest
from click.testing import CliRunner

from conflictwatch import run
from conflictwatch.cli import main
from conflictwatch.export import ACLED_COLUMNS, safe_cell
from conflictwatch.store import EventFilter, open_store
from conflictwatch.store.export import write_stored_events

pd = pytest.importorskip("pandas")

# ACLED's export columns as its codebook lists them since the 2023 column changes (event_id_no_cnty, data_id
# and iso3 removed; disorder_type, civilian_targeting and tags added), written out here as the header line of
# an ACLED CSV download.
ACLED_HEADER = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
                "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,"
                "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,"
                "tags,timestamp")
ACLED_INTEGER_COLUMNS = ["year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision",
                         "fatalities", "timestamp"]
ACLED_REGIONS = {"Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa", "Northern Africa", "Middle East",
                 "Caucasus and Central Asia", "South Asia", "Southeast Asia", "East Asia", "Europe", "North America",
                 "Central America", "Caribbean", "South America", "Oceania", "Antarctica"}

BATCH = [
    {"id": "AJ-2024-0603-01", "source": "Al Jazeera", "published": "2024-06-04",
     "text": "Clashes broke out on Monday between the Syrian army and fighters of Hayat Tahrir al-Sham near Saraqib in "
             "Idlib province, killing four soldiers."},
    {"id": "SANA-5521", "source": "SANA", "published": "2024-06-04",
     "text": "Army units repelled an attack by terrorists of Hayat Tahrir al-Sham on positions near Saraqib in Idlib "
             "countryside on Monday, killing several of them, while four soldiers were martyred."},
    {"id": "LOC-77", "published": "2024-06-03",
     "text": "Gunmen attacked a village near Maiduguri in Borno State on Sunday, killing 12 civilians, residents said."},
    {"id": "KYIV-3", "source": "Kyiv Independent", "published": "2024-06-02",
     "text": "Russian forces shelled Kharkiv on Saturday, killing two civilians and injuring five, the regional "
             "governor said."},
    {"id": "DAWN-88", "source": "@SUM(1+1)*cmd", "published": "2024-06-05",
     "text": "Hundreds of traders staged a peaceful protest in Peshawar on Tuesday against new taxes."},
]


@pytest.fixture()
def loaded(tmp_path, db_url):
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps(r) + "\n" for r in BATCH), encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(batch), "--db", db_url])
    assert result.exit_code == 0, result.output
    return db_url


def _export(db_url, tmp_path, fmt):
    out = tmp_path / f"events.{fmt}"
    result = CliRunner().invoke(main, ["events", "--db", db_url, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_csv_has_acleds_columns_dtypes_and_formats(loaded, tmp_path):
    path = _export(loaded, tmp_path, "csv")
    assert path.read_text(encoding="utf-8").splitlines()[0].startswith(ACLED_HEADER + ",")
    frame = pd.read_csv(path)
    assert list(frame.columns[:len(ACLED_COLUMNS)]) == ACLED_HEADER.split(",") == ACLED_COLUMNS
    assert len(frame) == 4  # the Idlib clash told by two outlets is one event
    for column in ACLED_INTEGER_COLUMNS:
        assert frame[column].dtype == "int64", column
    assert frame["latitude"].dtype == frame["longitude"].dtype == "float64"
    assert pd.to_datetime(frame["event_date"], format="%Y-%m-%d").dt.year.tolist() == frame["year"].tolist()
    assert all(re.fullmatch(r"[A-Z]{3}\d+", i) for i in frame["event_id_cnty"])
    by_country = frame.set_index("country")
    assert by_country.loc["Syria", "event_id_cnty"].startswith("SYR") and by_country.loc["Syria", "iso"] == 760
    assert by_country.loc["Nigeria", "region"] == "Western Africa" and by_country.loc["Ukraine", "iso"] == 804
    assert set(frame["region"]) <= ACLED_REGIONS
    assert by_country.loc["Syria", "source"] == "Al Jazeera; SANA"  # ACLED's "; "
    assert by_country.loc["Nigeria", "source"] == "LOC-77"  # no outlet: the user's key, never a hash
    assert by_country.loc["Nigeria", "civilian_targeting"] == "Civilian targeting"
    assert set(frame["source_scale"]) <= {"National", "Other", "New media", "National-New media", "National-Other"}
    assert (frame["timestamp"] > 1_500_000_000).all()


def test_event_id_cnty_is_stable(loaded):
    with open_store(loaded) as store:
        before = {s.id: s.event_id_cnty for s in store.events()}
        store.resolve()
        assert {s.id: s.event_id_cnty for s in store.events()} == before
        assert len(set(before.values())) == len(before)


def test_every_format_lists_each_events_report_keys_and_report_finds_each(loaded, tmp_path):
    csv_frame = pd.read_csv(_export(loaded, tmp_path, "csv"))
    jsonl = [json.loads(line) for line in _export(loaded, tmp_path, "jsonl").read_text(encoding="utf-8").splitlines()]
    features = json.loads(_export(loaded, tmp_path, "geojson").read_text(encoding="utf-8"))["features"]
    parquet = pd.read_parquet(_export(loaded, tmp_path, "parquet"))
    assert parquet["year"].dtype == "int64" and list(parquet.columns) == list(csv_frame.columns)
    keys_by_format = {
        "csv": sorted(k for cell in csv_frame["source_report_keys"] for k in cell.split("; ")),
        "jsonl": sorted(k for row in jsonl for k in row["report_keys"]),
        "geojson": sorted(k for f in features for k in f["properties"]["report_keys"]),
        "parquet": sorted(k for cell in parquet["source_report_keys"] for k in cell.split("; ")),
    }
    assert all(keys == sorted(r["id"] for r in BATCH) for keys in keys_by_format.values()), keys_by_format
    runner = CliRunner()
    for row in BATCH:
        found = runner.invoke(main, ["events", "--db", loaded, "--report", row["id"], "--format", "jsonl"])
        (event,) = [json.loads(line) for line in found.output.splitlines()]
        assert row["id"] in event["report_keys"]


def test_csv_cells_that_would_run_as_formulas_are_escaped(loaded):
    with open_store(loaded) as store:
        found = store.events(EventFilter(report="DAWN-88"))
    out = io.StringIO()
    write_stored_events(found, out, "csv")
    frame = pd.read_csv(io.StringIO(out.getvalue()))
    assert frame.loc[0, "source"] == "'@SUM(1+1)*cmd" and frame.loc[0, "source_outlets"] == "'@SUM(1+1)*cmd"
    # numbers are never quoted, negative ones included; text is, whatever its first formula character
    assert [safe_cell(v) for v in (-12.5, -3, "-3", "+1", "=1", "\tx", "plain")] == [-12.5, -3, "'-3", "'+1", "'=1",
                                                                                     "'\tx", "plain"]


def test_undated_events_are_flagged_not_blank(tmp_path):
    undated = {"id": "NODATE-1", "text": "Gunmen killed three civilians in an attack on a market in Maiduguri, Borno State, "
                                         "residents said."}
    with open_store(str(tmp_path / "u.db")) as store:
        batch = tmp_path / "u.jsonl"
        batch.write_text(json.dumps(undated) + "\n", encoding="utf-8")
        run.ingest_sources(store, [str(batch)])
        out = io.StringIO()
        write_stored_events(store.events(), out, "csv")
    frame = pd.read_csv(io.StringIO(out.getvalue()), keep_default_na=False)
    assert frame.loc[0, "tags"] == "undated: no date in any report"
    assert frame.loc[0, "event_id_cnty"].startswith("NGA")
