"""Fast geo tests on a tiny gazetteer compiled from tests/data/geo (GeoNames-format fixtures)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictwatch.geo import (
    GazetteerBuildError,
    GazetteerNotFoundError,
    GazetteerSchemaError,
    Geocoder,
    PlaceRecord,
    SqliteGazetteer,
    build_gazetteer,
    default_data_dir,
    name_key,
)
from conflictwatch.geo.geonames import import_geonames
from conflictwatch.records import Place, Span

FIXTURES = Path(__file__).parent / "data" / "geo"
FIXTURE_FILES = [FIXTURES / "cities_fixture.txt", FIXTURES / "admin1CodesASCII_fixture.txt",
                 FIXTURES / "countryInfo_fixture.txt"]


@pytest.fixture(scope="module")
def tiny_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tiny") / "gazetteer.sqlite"
    import_geonames(FIXTURE_FILES, path)
    return path


@pytest.fixture(scope="module")
def geo(tiny_db: Path) -> Geocoder:
    return Geocoder(SqliteGazetteer(tiny_db))


# -- name keys ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "variants",
    [
        ("Qamishli", "Kamishli", "Al Qāmishlī", "Qamishliyah", "al-Qamishli"),
        ("Hasakah", "Hasakeh", "al-Hasaka", "Al Ḩasakah", "Al-Hasakah"),
        ("Ain Issa", "Ayn Issa", "‘Ayn ‘Īsá", "`Ayn `Isa"),
        ("Deir ez-Zor", "Deir Ezzor", "Dayr az Zawr", "Deir Ez Zor"),
        ("Raqqa", "Ar-Raqqah", "ar Raqqa"),
        ("Tall Tamr", "Tal Tamr"),
        ("Tel Tamer", "Tell Tamer"),
        ("Sadah", "Sa'dah", "Saada", "Sa‘dah"),
        ("القامشلي", "قامشلي", "القامشلى"),
        ("الحسكة", "الحسكه", "حسكة"),
        ("إدلب", "ادلب", "أدلب"),
    ],
)
def test_spelling_variants_share_a_key(variants: tuple[str, ...]) -> None:
    keys = {name_key(v) for v in variants}
    assert len(keys) == 1, dict(zip(variants, map(name_key, variants), strict=True))


@pytest.mark.parametrize("a,b", [("Kirkuk", "Karak"), ("Aleppo", "Idlib"), ("Homs", "Hama"), ("Sanaa", "Sidon")])
def test_different_places_keep_different_keys(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_arabic_tatweel_and_harakat_are_ignored() -> None:
    assert name_key("الرَّقَّة") == name_key("الرقة") == name_key("الرقـــة")


@pytest.mark.parametrize("name", ["Ra's al-Ayn", "`Ayn `Isa", "Tal Tamr", "Qamishli", "Dayr az-Zawr"])
def test_ascii_names_fold_as_their_decomposed_form(name: str) -> None:
    # the ASCII fast path must give what NFKD with its marks dropped gives
    from conflictwatch.geo.normalize import _strip_marks

    assert _strip_marks(name) == _strip_marks(name + "\u00e9")[:-1]


# -- gazetteer ---------------------------------------------------------------------------------------

def test_lookup_finds_places_by_alternate_names(tiny_db: Path) -> None:
    gz = SqliteGazetteer(tiny_db)
    hits = gz.lookup([name_key("Qamişlo"), name_key("القامشلي"), name_key("nowhere-at-all")])
    assert {e.geonames_id for es in hits.values() for e in es} == {173377}
    assert gz.countries()["SY"].name == "Syria"
    assert gz.admin1_units()[("SY", "01")].location == "Al Hasakeh"


def test_gazetteer_reads_through_a_memory_map(tiny_db: Path) -> None:
    # lookups and area scans read pages from the OS cache without a copy, also after a fork's reconnect
    gz = SqliteGazetteer(tiny_db)
    assert gz._conn.execute("PRAGMA mmap_size").fetchone()[0] > 0
    gz.reconnect()
    assert gz._conn.execute("PRAGMA mmap_size").fetchone()[0] > 0
    assert 173377 in {e.geonames_id for es in gz.lookup([name_key("Qamishli")]).values() for e in es}


def test_missing_and_foreign_files_raise_coded_errors(tmp_path: Path) -> None:
    with pytest.raises(GazetteerNotFoundError) as err:
        SqliteGazetteer(tmp_path / "absent.sqlite")
    assert err.value.code == "GEO001"
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE x (y)").connection.commit()
    with pytest.raises(GazetteerSchemaError):
        SqliteGazetteer(other)
    (tmp_path / "text.sqlite").write_text("not a database at all " * 100)
    with pytest.raises(GazetteerSchemaError):
        SqliteGazetteer(tmp_path / "text.sqlite")


def test_failed_build_leaves_existing_gazetteer_intact(tmp_path: Path, tiny_db: Path) -> None:
    target = tmp_path / "gazetteer.sqlite"
    target.write_bytes(tiny_db.read_bytes())
    before = target.read_bytes()

    def broken_places():
        yield PlaceRecord("Somewhere", "Somewhere", "city", "SY", 1.0, 1.0)
        raise OSError("disk went away")

    with pytest.raises(GazetteerBuildError):
        build_gazetteer(target, broken_places(), [], source="test")
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["gazetteer.sqlite"]  # no temp file left behind
    assert SqliteGazetteer(target).lookup([name_key("Aleppo")])


def test_data_dir_follows_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CONFLICTWATCH_DATA_DIR", str(tmp_path / "cw"))
    assert default_data_dir() == tmp_path / "cw"
    monkeypatch.delenv("CONFLICTWATCH_DATA_DIR")
    assert default_data_dir().name == "conflictwatch"


# -- geocoder ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "name,geonames_id",
    [
        ("Qamishli", 173377), ("Qamişlo", 173377), ("القامشلي", 173377), ("Kamishli", 173377),
        ("Hasakah", 173811), ("Hasakeh", 173811), ("al-Hasaka", 173811),
        ("Ain Issa", 172134), ("Ayn Issa", 172134), ("ʿAyn ʿĪsá", 172134),
        ("Deir ez-Zor", 170794), ("Deir Ezzor", 170794), ("Dayr az Zawr", 170794), ("دير الزور", 170794),
        ("Raqqa", 172955), ("Ar-Raqqah", 172955), ("الرقة", 172955),
        ("Tall Tamr", 163915), ("Tel Tamer", 163915), ("تل تمر", 163915),
    ],
)
def test_variants_resolve_to_the_right_place(geo: Geocoder, name: str, geonames_id: int) -> None:
    place, _ = geo.locate(f"Shelling was reported in {name} in northern Syria on Monday.")
    assert place is not None and place.geonames_id == geonames_id, place


def test_country_context_disambiguates(geo: Geocoder) -> None:
    syria, _ = geo.locate("Clashes in Kamishli between Syrian government militias and the Asayish.")
    assert syria is not None and syria.country == "Syria"
    russia, _ = geo.locate("Protesters gathered in Kamishli, a town in Russia's Sverdlovsk region.")
    assert russia is not None and russia.country == "Russia"
    hinted, _ = geo.locate("Gunfire was heard in Kamishli.", country_hint="Syria")
    assert hinted is not None and hinted.country == "Syria"


def test_place_fields_and_evidence_span(geo: Geocoder) -> None:
    text = "On 3 May, regime forces shelled Idleb city."
    place, names = geo.locate(text)
    assert place is not None
    assert (place.location, place.country, place.admin1, place.geo_precision) == ("Idlib", "Syria", "Idleb", 1)
    assert place.span is not None and place.span.text_of(text) == "Idleb"
    assert names == ("Idlib",)


def test_near_and_countryside_give_precision_2(geo: Geocoder) -> None:
    for text in ("An IED exploded near Raqqa.", "Shelling hit the western countryside of Aleppo.",
                 "Fighting on the outskirts of Deir ez-Zor.", "Clashes 10 km south of Al-Hasakah."):
        place, _ = geo.locate(text)
        assert place is not None and place.geo_precision == 2, (text, place)


def test_province_only_gives_its_capital_at_precision_3(geo: Geocoder) -> None:
    place, _ = geo.locate("Unidentified gunmen killed a man somewhere in Kandahar province.")
    assert place is not None
    assert (place.country, place.admin1, place.geo_precision) == ("Afghanistan", "Kandahar", 3)
    assert abs(place.latitude - 31.61) < 0.1


def test_parenthesised_province_is_a_cue_not_the_place(geo: Geocoder) -> None:
    place, names = geo.locate("Fighters clashed overnight in Zinjibar (Abyan).")
    assert place is not None and place.geonames_id == 70225 and place.geo_precision == 1
    place, _ = geo.locate("Airstrikes hit Baqim district (Sadah).")
    assert place is not None and place.country == "Yemen" and place.admin1 == "Sadah"


def test_unknown_village_falls_back_to_its_known_container(geo: Geocoder) -> None:
    place, names = geo.locate("A roadside bomb killed two men in Sangi village of Chaghcharan district, Ghor.")
    assert place is not None and place.resolved
    assert place.location == "Chaghcharan" and place.geo_precision == 2
    assert "Sangi" in names
    place, _ = geo.locate("People protested in Xyzzyville (Abyan).")
    assert place is not None and place.admin1 == "Abyan" and place.country == "Yemen"


def test_unresolvable_place_is_kept_unresolved(geo: Geocoder) -> None:
    place, names = geo.locate("Militants attacked a checkpoint in the village of Qurtubawiyah.", country_hint="Syria")
    assert place == Place(location="Qurtubawiyah", country="Syria", span=place.span, resolved=False,
                          unresolved_name="Qurtubawiyah", unresolved_span=place.span)
    assert place.latitude is None and names == ("Qurtubawiyah",)


def test_focus_is_preferred(geo: Geocoder) -> None:
    text = "Officials in Damascus condemned the attack. Later, shelling hit Idlib. In Aleppo, markets stayed open."
    start = text.index("Later")
    place, names = geo.locate(text, focus=Span(start, text.index(" In Aleppo")))
    assert place is not None and place.location == "Idlib"
    assert set(names) == {"Damascus", "Idlib", "Aleppo"}
    # With no place in the focus, the rest of the text is the fallback.
    place, _ = geo.locate(text, focus=Span(0, 0))
    assert place is not None and place.location in {"Damascus", "Idlib", "Aleppo"}


def test_no_place_gives_none(geo: Geocoder) -> None:
    assert geo.locate("Police said a lot of weapons were seized during the raids.") == (None, ())
    assert geo.locate("") == (None, ())


def test_stoplisted_words_need_a_pattern(geo: Geocoder) -> None:
    assert geo.locate("Hope remains that the talks succeed.") == (None, ())


def test_detect_country(geo: Geocoder) -> None:
    assert geo.detect_country("Afghan forces clashed with the Taliban.") == "Afghanistan"
    assert geo.detect_country("Syrian Democratic Forces said ...") == "Syria"
    assert geo.detect_country("Houthi forces shelled Sadah.") == "Yemen"
    assert geo.detect_country("Nothing here.") is None


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_locate_never_raises_on_odd_text(text: str) -> None:
    gz = _GEO_FOR_PROPERTY
    place, names = gz.locate(text)
    assert place is None or isinstance(place, Place)
    assert isinstance(names, tuple)


_GEO_FOR_PROPERTY: Geocoder


@pytest.fixture(autouse=True, scope="module")
def _property_geocoder(geo: Geocoder) -> None:
    global _GEO_FOR_PROPERTY
    _GEO_FOR_PROPERTY = geo


def test_close_misspelling_is_matched_inside_the_named_province(geo: Geocoder) -> None:
    place, _ = geo.locate("Shells fell on the village of Tal Tamir (Al-Hasakah) at dawn.")
    assert place is not None and place.geonames_id == 163915


def test_part_of_an_unknown_longer_name_is_not_taken_for_a_known_place(geo: Geocoder) -> None:
    place, names = geo.locate("A mine exploded in Dasht-e-Kabul area of Kandahar province.")
    assert "Kabul" not in names and "Dasht-e-Kabul" in names
    assert place is not None and place.admin1 == "Kandahar"


def test_acronyms_and_metonymy_are_not_event_places(geo: Geocoder) -> None:
    place, _ = geo.locate("The regime in Damascus denied that its forces shelled Idlib.")
    assert place is not None and place.location == "Idlib"
    assert geo.locate("The SDF and YPG met the SANA envoy.") == (None, ())


def test_dateline_names_the_place(geo: Geocoder) -> None:
    text = "RAQQA, Syria – Officials in Damascus said on Monday that an explosion had killed three people."
    place, _ = geo.locate(text)
    assert place is not None and place.geonames_id == 172955


def test_packaged_data_files_parse() -> None:
    from conflictwatch.geo.datafiles import admin1_namings, country_namings, stoplist_keys

    assert country_namings()["CD"].acled_name == "Democratic Republic of Congo"
    assert admin1_namings()[("SY", "12")].acled_name == "Idleb"
    assert name_key("Police") in stoplist_keys()


def test_phrase_openers_and_institution_names() -> None:
    from conflictwatch.geo.toponyms import candidate_phrases, is_organisation, names_institution

    # Sentence openers and English connectors never open a candidate phrase.
    texts = [t for p in candidate_phrases("In Homa Bay, protesters met at Nepal House.")
             for t in ["In Homa Bay, protesters met at Nepal House."[p.span.start : p.span.end]]]
    assert not any(t.startswith(("In ", "at ")) for t in texts), texts
    assert is_organisation("Nepal Tourism Board") and not is_organisation("Homa Bay")
    text = "Mombasa Technical University"
    assert names_institution(text, Span(0, 7), Span(0, 17))
