"""The country and admin1 of a place: what the text supports, and nothing it does not.

A small hand-made gazetteer holds each test's places and their namesakes abroad, so that each test
shows one decision: a town named only beside a foreign army's demonym, a province's own name opening a
sentence, a folded spelling that joins two different words, a namesake abroad in a report that names
its country.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conflictwatch.geo import CountryRecord, Geocoder, PlaceRecord
from conflictwatch.geo.datafiles import acled_admin1_by_unit
from conflictwatch.pipeline import Coder, Options
from conflictwatch.records import Report

sys.path.insert(0, str(Path(__file__).resolve().parent))
from geo_handmade import geocoder  # noqa: E402
from geo_handmade import place as _place  # noqa: E402

PLACES = [
    # a Syrian town with no namesake in Turkey, and a Turkish town so that Turkey has places
    _place("Azaz", "SY", "09", "Aleppo", 36.59, 37.05, 31_000),
    _place("Kilis", "TR", "90", "Kilis", 36.72, 37.12, 90_000),
    # a Kenyan county and its town of the same name (the town ranks first, as a town does)
    _place("Marsabit", "KE", "32", "Marsabit", 2.33, 37.99, 36_000),
    _place("Marsabit", "KE", "32", "Marsabit", 2.33, 37.99, 47_000, kind="admin1"),
    _place("Nairobi", "KE", "30", "Nairobi", -1.28, 36.82, 2_750_000),
    # a big city abroad one of whose other names folds like a Nairobi estate's name
    _place("Marsa Matruh", "EG", "22", "Matruh", 31.35, 27.24, 180_000, "Madara"),
    # Yemen's capital province, and an Indian town spelt like a Yemeni area
    _place("Sanaa", "YE", "26", "Sanaa", 15.35, 44.2, 50_000, kind="admin1"),
    _place("Kalyan", "IN", "16", "Maharashtra", 19.24, 73.13, 50_000),
    # an Afghan province and a district town in it, spelt otherwise in reports
    _place("Kunduz", "AF", "24", "Kunduz", 36.73, 68.86, 300_000, kind="admin1"),
    _place("Dashti Archi", "AF", "24", "Kunduz", 37.13, 69.17, 20_000),
    _place("Dashti Archi", "TJ", "02", "Khatlon", 37.5, 69.0, 20_000),
    # a Myanmar town that reports name with its township, and a Kenyan county town
    _place("Lashio", "MM", "17", "Shan", 22.93, 97.75, 130_000),
    _place("Kitui", "KE", "18", "Kitui", -1.37, 38.01, 150_000),
    _place("Moyale", "KE", "32", "Marsabit", 3.53, 39.05, 30_000),
    _place("Moyale", "ET", "44", "Oromiya", 3.55, 39.06, 25_000),
    _place("Ethiopia", "ET", "", "", 9.0, 38.7, 100_000_000, kind="country"),
    # an Omani province that names a brigade, a capital with a small namesake abroad, and a temple town
    # known by another name that folds like a university's
    _place("Dhofar", "OM", "08", "Dhofar", 17.0, 54.1, 250_000, kind="admin1"),
    _place("Dhaka", "BD", "81", "Dhaka", 23.71, 90.41, 10_000_000),
    _place("Dhaka", "IN", "34", "Bihar", 26.67, 85.17, 40_000),
    _place("Puri", "IN", "21", "Odisha", 19.81, 85.83, 200_000, "Jagannath"),
    _place("Central Business District", "CA", "11", "Saskatchewan", 50.45, -104.61, 20_000),
    _place("Assam", "IN", "03", "Assam", 26.2, 92.9, 31_000_000, kind="admin1"),
    # a town name of India and of Pakistan, the Pakistani one the bigger
    _place("Rampur", "IN", "36", "Uttar Pradesh", 28.8, 79.03, 300_000),
    _place("Rampur", "PK", "04", "Punjab", 30.5, 72.5, 400_000),
    # Nepal: a town in a province that spans two of the development regions ACLED names
    PlaceRecord(name="Janakpur", location="Janakpur", kind="city", country_code="NP", latitude=26.73,
                longitude=85.92, admin1_code="2", admin1="Madhesh", admin2="Dhanusa", population=170_000,
                precision=1, source="geonames"),
    # a Kenyan town that opens a constituency's name, and a namesake abroad spelt the same
    _place("Chuka", "KE", "22", "Tharaka-Nithi", -0.33, 37.65, 22_000),
    _place("Chuka", "TZ", "26", "Arusha", -3.37, 36.68, 5_000),
    # namesakes abroad: a Spanish city and a Brazilian town named like a Mozambican town the data
    # lacks, a Russian city named like a man, a capital whose name is also another town's other name
    _place("Palma", "ES", "07", "Balearic Islands", 39.57, 2.65, 400_000),
    _place("Palma", "BR", "15", "Minas Gerais", -21.37, -42.31, 6_000),
    _place("Cabo Delgado", "MZ", "01", "Cabo Delgado", -12.5, 39.5, 2_000_000, kind="admin1"),
    _place("Macomia", "MZ", "01", "Cabo Delgado", -12.25, 40.12, 10_000),
    _place("Vladimir", "RU", "83", "Vladimir", 56.13, 40.4, 350_000),
    _place("Kyiv", "UA", "12", "Kyiv City", 50.45, 30.52, 2_900_000),
    _place("Islamabad", "PK", "08", "Islamabad", 33.72, 73.04, 600_000),
    _place("Anantnag", "IN", "12", "Jammu and Kashmir", 33.73, 75.15, 150_000, "Islamabad"),
    _place("Jammu and Kashmir", "IN", "12", "Jammu and Kashmir", 33.5, 75.0, 12_000_000, kind="admin1"),
    # the province a regional party is bound to (data/rules/en/geo.json region_cues)
    _place("Tamil Nadu", "IN", "25", "Tamil Nadu", 13.08, 80.27, 72_000_000, kind="admin1"),
    # a Lebanese village also written otherwise, the one place of that spelling anywhere
    _place("Britel", "LB", "11", "Baalbek-Hermel", 33.95, 36.18, 4_000, "Buraytil"),
    PlaceRecord(name="Rajbiraj", location="Rajbiraj", kind="city", country_code="NP", latitude=26.54,
                longitude=86.75, admin1_code="2", admin1="Madhesh", admin2="Saptari", population=40_000,
                precision=1, source="geonames"),
]
COUNTRIES = [CountryRecord(cc, name) for cc, name in (
    ("SY", "Syria"), ("TR", "Turkey"), ("KE", "Kenya"), ("EG", "Egypt"), ("YE", "Yemen"), ("IN", "India"), ("AF", "Afghanistan"),
    ("TJ", "Tajikistan"), ("MM", "Myanmar"), ("ET", "Ethiopia"),
    ("OM", "Oman"), ("BD", "Bangladesh"), ("NP", "Nepal"), ("CA", "Canada"), ("PK", "Pakistan"), ("UA", "Ukraine"),
    ("LY", "Libya"), ("TZ", "Tanzania"), ("SO", "Somalia"), ("SS", "South Sudan"), ("ES", "Spain"), ("BR", "Brazil"),
    ("MZ", "Mozambique"), ("RU", "Russia"), ("LB", "Lebanon"))]


@pytest.fixture(scope="module")
def geo(tmp_path_factory: pytest.TempPathFactory) -> Geocoder:
    return geocoder(tmp_path_factory.mktemp("country"), PLACES, COUNTRIES)


@pytest.fixture(scope="module")
def coder(geo: Geocoder) -> Coder:
    return Coder(Options(), geocoder=geo)


def test_a_town_named_beside_a_foreign_armys_demonym_is_its_own_countrys(geo: Geocoder) -> None:
    text = "Turkish troops sealed every road into Azaz's market on Friday after a car bomb."
    place, _ = geo.locate(text, country_hint="Turkey")
    assert place is not None and (place.location, place.country, place.admin1) == ("Azaz", "Syria", "Aleppo")
    # the town is evidence for its country, so the document model lets the event stand there
    assert "Syria" in dict(geo.explain(text).country_scores)


def test_the_event_of_a_town_named_beside_a_demonym_is_coded_in_the_towns_country(coder: Coder) -> None:
    events = coder.code(Report(id="c1", text="Turkish troops shelled Azaz's outskirts on Friday, killing two civilians."))
    assert events and (events[0].country, events[0].admin1) == ("Syria", "Aleppo")


def test_a_namesake_abroad_is_not_read_where_the_text_names_the_country(geo: Geocoder) -> None:
    place, _ = geo.locate("An air strike hit the Kalyan area of Sanaa province in Yemen on Monday.")
    assert place is not None and place.country == "Yemen"


def test_a_sentence_opening_with_a_provinces_own_name_is_placed_there(geo: Geocoder) -> None:
    place, _ = geo.locate("Marsabit elders protest over insecurity after a spate of killings.")
    assert place is not None and (place.country, place.admin1) == ("Kenya", "Marsabit")


def test_a_folded_key_joining_two_different_words_is_no_reading(geo: Geocoder) -> None:
    # 'Mathare' folds like one of Marsa Matruh's other names, but is spelt nothing like it
    place, _ = geo.locate("Youths barricaded the roads in Mathare overnight.")
    assert place is None or place.country != "Egypt"


def test_a_name_spelt_otherwise_is_repaired_inside_the_province_its_cue_names(geo: Geocoder) -> None:
    # 'Dasht-e-Archi' folds to no key of the gazetteer; the closest spelling in Kunduz is Dashti Archi
    # (and not the Tajik place of that name across the river)
    place, _ = geo.locate("Taliban fighters overran a police post in Dasht-e-Archi district, Kunduz province.")
    assert place is not None and (place.location, place.country, place.admin1) == ("Dashti Archi", "Afghanistan", "Kunduz")


@pytest.mark.parametrize("text, location", [
    ("Gunmen fired on a bus in Lashio Township on Monday.", "Lashio"),  # an admin noun ends the name
    ("On Monday, Kitui MCAs walked out of the county assembly in protest.", "Kitui"),  # and so does an acronym
])
def test_a_name_is_not_swallowed_by_the_word_after_it(geo: Geocoder, text: str, location: str) -> None:
    place, _ = geo.locate(text)
    assert place is not None and place.location == location and place.resolved


def test_the_country_across_the_border_is_neither_the_scene_nor_evidence(geo: Geocoder) -> None:
    text = "Bandits shot dead two Kenyan herders near the border with Ethiopia."
    explanation = geo.explain(text)
    assert "Ethiopia" not in dict(explanation.country_scores)
    assert explanation.place is None or explanation.place.country != "Ethiopia"


def test_a_place_naming_a_brigade_is_no_evidence_of_its_country(geo: Geocoder) -> None:
    explanation = geo.explain("A fighter of the Dhofar Brigade was shot dead by a rival in Azaz.")
    assert "Oman" not in dict(explanation.country_scores)
    assert explanation.place is not None and explanation.place.location == "Azaz"


def test_a_name_shared_only_through_another_name_recruits_no_country(geo: Geocoder) -> None:
    # 'Jagannath' is another name of Puri: it must not vote India and pull Dhaka to Bihar's namesake
    place, _ = geo.locate("A student of Jagannath University was hurt when a bus was torched in Dhaka.")
    assert place is not None and place.country == "Bangladesh"


@pytest.mark.parametrize("text, admin1", [
    ("Madhesi Front cadres torched a police post in Janakpur on Monday.", "Central"),
    ("Madhesi Front cadres torched a police post in Rajbiraj on Monday.", "East"),
])
def test_a_nepali_place_gets_the_development_region_acled_names(geo: Geocoder, text: str, admin1: str) -> None:
    place, _ = geo.locate(text)
    assert place is not None and (place.country, place.admin1) == ("Nepal", admin1)


def test_every_nepali_district_lies_in_one_of_the_five_regions() -> None:
    by_unit = acled_admin1_by_unit()
    nepal = {unit: region for (cc, unit), region in by_unit.items() if cc == "NP"}
    assert set(nepal.values()) == {"East", "Central", "West", "Mid-West", "Far-West"}
    assert len(nepal) >= 75 + 5  # the 75 districts (some with other spellings) and the provinces of one region


def test_a_body_named_after_a_province_places_a_report_that_names_no_other_place(geo: Geocoder) -> None:
    place, _ = geo.locate("Members of the Assam Tea Garden Workers Union staged a sit-in over unpaid wages.")
    assert place is not None and (place.country, place.admin1) == ("India", "Assam")


def test_a_body_named_after_a_province_gives_way_to_the_town_the_text_names(geo: Geocoder) -> None:
    place, _ = geo.locate("Members of the Assam Tea Garden Workers Union marched in Dhaka on Sunday.")
    assert place is not None and place.location == "Dhaka"


def test_a_common_phrase_that_is_also_a_place_abroad_is_no_place(geo: Geocoder) -> None:
    text = "Hawkers clashed with police in the Central Business District of Kitui on Monday."
    explanation = geo.explain(text)
    assert "Canada" not in dict(explanation.country_scores)
    assert explanation.place is not None and explanation.place.location == "Kitui"


@pytest.mark.parametrize("text", [
    "Youths clashed with police in Kitui and Marsabit on Friday.",
    "Taliban fighters overran a police post in Dasht-e-Archi district, Kunduz province.",
])
def test_a_hint_the_report_already_bears_out_changes_nothing(geo: Geocoder, text: str) -> None:
    # the hinted reading may reuse the report's own; it must be what a fresh reading under the hint gives
    fresh = Geocoder(geo.gazetteer).explain(text, country_hint="Kenya" if "Kitui" in text else "Afghanistan")
    geo.explain(text)
    reused = geo.explain(text, country_hint="Kenya" if "Kitui" in text else "Afghanistan")
    assert reused.place == fresh.place and [m.chosen for m in reused.mentions] == [m.chosen for m in fresh.mentions]


def test_where_someone_was_going_comes_after_where_it_happened(geo: Geocoder) -> None:
    # the village is unknown: the event falls back to its district's town, not to the destination
    text = "Stones were thrown at an ambulance in Kaloleni of Kitui district while it was on its way to Nairobi."
    place, _ = geo.locate(text)
    assert place is not None and place.location == "Kitui" and place.unresolved_name == "Kaloleni"


@pytest.mark.parametrize(("text", "country"), [
    ("Commuters stoned a matatu whose driver refused to join the strike on Monday.", "Kenya"),
    ("Two men were hurt when supporters of rival MCAs fought outside the county offices.", "Kenya"),
    ("Hindus and Dalits fought over access to the village well; six were hurt.", "India"),
    ("Teachers marched to the office of the District Collector demanding arrears.", "India"),
    ("Lawyers across KPK boycotted the courts for a second day.", "Pakistan"),
    ("Unknown men set fire to the office of the upazila chairman at night.", "Bangladesh"),
    ("The OSCE SMM recorded 12 explosions near an unnamed hamlet on Tuesday.", "Ukraine"),
    ("Misratan fighters burnt a warehouse after a quarrel with its owner.", "Libya"),
    ("Shopkeepers in Bareli (UP) downed shutters over a new tax.", "India"),
    ("Members of the Punjab Pradesh Loaders Union demanded their wages.", "India"),
    ("Members of the Pradesh Sabha walked out over the budget.", "Nepal"),  # the longer cue wins
])
def test_a_word_tied_to_one_country_says_the_reports_country(geo: Geocoder, text: str, country: str) -> None:
    assert dict(geo.explain(text).country_scores) == {country: pytest.approx(0.5)}


def test_a_word_tied_to_one_country_places_an_event_that_names_no_place(coder: Coder) -> None:
    events = coder.code(Report(id="c9", text="Police shot dead two matatu touts during a strike on Tuesday."))
    assert events and events[0].country == "Kenya"


def test_a_word_tied_to_one_country_chooses_between_namesakes(geo: Geocoder) -> None:
    # Rampur is a town of both countries in this gazetteer: 'UP' (Uttar Pradesh) says which
    place, _ = geo.locate("Police baton-charged protesters in Rampur (UP) on Sunday.")
    assert place is not None and place.country == "India"


def test_a_word_tied_to_one_country_yields_to_the_country_the_text_names(geo: Geocoder) -> None:
    # 'MLA' is India's word, but the report names its country: the name outweighs the cue
    scores = geo.explain("Ethiopian police detained an MLA's aide in Moyale.").country_scores
    assert scores[0][0] == "Ethiopia"
    assert dict(geo.explain("Kenyans marched in the streets.").country_scores) == {"Kenya": pytest.approx(0.6)}


@pytest.mark.parametrize("text", [
    "Two Somali refugees were stabbed to death by unknown assailants on Sunday.",
    "Police fired tear gas at South Sudanese asylum seekers queueing for food rations.",
])
def test_refugees_of_a_nationality_are_no_evidence_of_its_country(geo: Geocoder, text: str) -> None:
    # refugees and asylum seekers are by definition outside the country their nationality names
    explanation = geo.explain(text)
    assert explanation.country_scores == ()
    assert explanation.place is None


def test_a_nationality_beside_other_words_still_says_its_country(geo: Geocoder) -> None:
    # the rule above is about the people abroad, not every use of the word
    scores = dict(geo.explain("Somali troops repelled an attack on their base at dawn.").country_scores)
    assert "Somalia" in scores


def test_a_unit_named_after_the_town_opening_its_name_is_placed_by_the_town(geo: Geocoder) -> None:
    # "Chuka Igembe" is unknown; the constituency takes its name from the Kenyan town
    text = "A mob lynched two suspected thieves in Chuka Igembe constituency on Tuesday."
    place, _ = geo.locate(text, country_hint="Kenya")
    assert place is not None
    assert (place.location, place.country, place.admin1, place.geo_precision) == ("Chuka", "Kenya", "Tharaka-Nithi", 2)
    assert place.unresolved_name == "Chuka Igembe"  # the unit the data lacks stays named


def test_a_hyphenated_name_is_not_placed_by_the_town_it_begins_with(geo: Geocoder) -> None:
    # a name joined by hyphens is one word ('Qala-e-Naw'), not a unit named after a town
    place, _ = geo.locate("Fighting was reported in Chuka-e-Bala district.", country_hint="Kenya")
    assert place is None or place.location != "Chuka"


# Countries that carry their capital's point, as the default data's do, and the provinces around them
CAPITAL_PLACES = [
    _place("Nairobi", "KE", "30", "Nairobi", -1.28, 36.82, 2_750_000),
    _place("Nairobi", "KE", "30", "Nairobi", -1.29, 36.82, 3_000_000, kind="admin1"),
    _place("Marsabit", "KE", "32", "Marsabit", 2.33, 37.99, 47_000, kind="admin1"),
    _place("Gao", "ML", "07", "Gao", 16.27, -0.04, 500_000, kind="admin1"),  # far from Bamako
]
CAPITAL_COUNTRIES = [CountryRecord("KE", "Kenya", -1.28, 36.82, 192950), CountryRecord("ML", "Mali", 12.65, -8.0, 2453866)]


@pytest.fixture(scope="module")
def capital_coder(tmp_path_factory: pytest.TempPathFactory) -> Coder:
    return Coder(Options(), geocoder=geocoder(tmp_path_factory.mktemp("capital"), CAPITAL_PLACES, CAPITAL_COUNTRIES))


def test_an_event_known_only_by_its_country_stands_at_the_capital(capital_coder: Coder) -> None:
    events = capital_coder.code(Report(id="c20", text="Police shot dead two matatu touts during a strike on Tuesday."))
    assert events
    e = events[0]
    assert (e.country, e.location, e.admin1, e.geo_precision) == ("Kenya", "Kenya", "Nairobi", 3)
    assert (e.latitude, e.longitude) == (-1.28, 36.82)
    assert "place-missing" in e.flags  # the text itself named no place


def test_a_named_place_the_data_lacks_is_not_moved_to_the_capital(capital_coder: Coder) -> None:
    text = "Police shot dead two matatu touts in the village of Kiambiriria on Tuesday."
    events = capital_coder.code(Report(id="c21", text=text))
    assert events and events[0].location == "Kiambiriria" and events[0].latitude is None


def test_a_capital_outside_every_province_the_data_holds_has_no_admin1(capital_coder: Coder) -> None:
    place = capital_coder.geocoder.country_place("Mali")
    assert place is not None and (place.location, place.admin1, place.geo_precision) == ("Mali", None, 3)
    assert capital_coder.geocoder.country_place("Atlantis") is None


def test_a_namesake_abroad_named_again_and_again_is_no_evidence_of_its_country(geo: Geocoder) -> None:
    # the Mozambican town is not in the data; its Spanish and Brazilian namesakes must not make the
    # report Spain's, however often the text repeats the name
    text = ("Militants torched shops in Macomia on Tuesday and marched on Palma. Families from Palma "
            "walked for two days; Palma's traders said Palma had no food left. Cabo Delgado officials gave no toll.")
    countries = dict(geo.explain(text).country_scores)
    assert "Mozambique" in countries and "Spain" not in countries


def test_a_city_named_like_a_man_is_no_evidence_where_the_text_places_the_story(geo: Geocoder) -> None:
    text = "Crowds filled a square in Kyiv. Vladimir Sokolov addressed them, and Vladimir promised more rallies."
    countries = dict(geo.explain(text).country_scores)
    assert "Ukraine" in countries and "Russia" not in countries


def test_a_capital_only_its_country_spells_keeps_its_vote_beside_a_better_witnessed_country(geo: Geocoder) -> None:
    # Islamabad is also another name of an Indian town, but only Pakistan's capital is spelt so; India has
    # two witnesses (a nationality word and a province) and must not take the report
    text = ("Lawyers marched outside the press club in Islamabad city (Islamabad) on Friday, and Islamabad police "
            "watched, as speakers condemned Indian raids in Jammu and Kashmir.")
    scores = geo.explain(text).country_scores
    assert scores and scores[0][0] == "Pakistan"


def test_the_one_place_of_a_spelling_anywhere_is_read_where_the_text_says_a_place_is(geo: Geocoder) -> None:
    # no country word: 'Buraytil' is written nothing like 'Britel', but it is one of its names and no
    # other place's, and "in" says it is a place
    place, _ = geo.locate("Two clans traded fire in Buraytil overnight; no one was hurt.")
    assert place is not None and (place.location, place.country) == ("Britel", "Lebanon")
    # a capitalised word that only folds to that name, with no place marker, stays no place
    assert geo.locate("Buraytil said no one was hurt.")[0] is None


@pytest.mark.parametrize("hint, expected", [("India", ("Tamil Nadu", "India", 3)), ("Pakistan", None), (None, None)])
def test_a_party_bound_to_one_province_places_a_report_that_names_no_place(geo: Geocoder, hint: str | None,
                                                                         expected: tuple[str, str, int] | None) -> None:
    # in the province only when the report is about its country (here: the hint the parties give)
    place, _ = geo.locate("DMK cadres blocked the highway for an hour, demanding farm loan waivers.", country_hint=hint)
    assert (place and (place.admin1, place.country, place.geo_precision)) == expected


def test_a_place_the_text_names_comes_before_the_province_of_its_party(geo: Geocoder) -> None:
    place, _ = geo.locate("DMK cadres blocked the highway in Kalyan for an hour.", country_hint="India")
    assert place is not None and place.location == "Kalyan"
