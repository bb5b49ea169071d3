"""Choosing among the places a report names: what the words around a name say it is.

A small hand-made gazetteer holds each test's places and their namesakes, so that each test shows one
decision: an English word between two names, a people named after a place, the road between two
towns, a neighbourhood whose reading is a town far from the city the text names.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conflictwatch.geo import CountryRecord, Geocoder
from conflictwatch.geo.datafiles import admin1_namings

sys.path.insert(0, str(Path(__file__).resolve().parent))
from geo_handmade import geocoder  # noqa: E402
from geo_handmade import place as _place  # noqa: E402

PLACES = [
    # a Syrian town of no recorded population, the one place of its name; two hamlets sharing a folded name
    _place("Ash Shaddadah", "SY", "01", "Al Hasakeh", 36.06, 40.73, 0),
    _place("Kibara", "TZ", "12", "Mara", -2.1, 33.5, 0),
    _place("Kibara", "CD", "10", "Katanga", -8.0, 27.0, 0),
    # a Libyan town the gazetteer draws in the province next to the capital's, and a namesake far away
    _place("Tripoli", "LY", "77", "Tripoli", 32.89, 13.19, 1_150_000, kind="admin1"),
    _place("Janzur", "LY", "76", "Jafara", 32.82, 13.01, 150_000),
    _place("Suq al Khamis", "LY", "76", "Jafara", 32.6, 13.0, 10_000),
    _place("Suq al Khamis", "LY", "62", "Murzuq", 25.9, 13.9, 10_000),
    _place("Murzuq", "LY", "62", "Murzuq", 25.9, 13.9, 80_000, kind="admin1"),
    # two districts of Istanbul 22 km apart, the first also a quarter's name in the second
    _place("Maltepe", "TR", "34", "Istanbul", 40.94, 29.13, 430_000),
    _place("Zeytinburnu", "TR", "34", "Istanbul", 40.99, 28.90, 280_000),
    # a West Bank town and a Polish hamlet spelt like it
    _place("Janin", "PS", "WE", "West Bank", 32.46, 35.3, 34_000, "Jenin"),
    _place("Jenin", "PL", "78", "Lubusz", 52.2, 15.3, 1_100),
    # a South African suburb on the coast of its city
    _place("Muizenberg", "ZA", "11", "Western Cape", -34.11, 18.47, 37_000),
    _place("Cape Town", "ZA", "11", "Western Cape", -33.93, 18.42, 3_400_000),
    _place("Western Cape", "ZA", "11", "Western Cape", -33.9, 18.6, 5_800_000, kind="admin1"),
    # a Kenyan market town, and a big town abroad spelt like a Kenyan people
    _place("Ololunga", "KE", "33", "Narok", -1.0, 35.65, 9_000),
    _place("Kalenjin", "MY", "01", "Johor", 1.49, 103.88, 140_000),
    # two Bangladeshi towns joined by a highway, and a district town between them
    _place("Tangail", "BD", "81", "Dhaka", 24.25, 89.92, 400_000),
    _place("Mirzapur", "BD", "81", "Dhaka", 24.1, 90.1, 60_000),
    _place("Dhaka", "BD", "81", "Dhaka", 23.71, 90.41, 10_000_000),
    # a Brazilian city, and a town 120 km away that shares the name of one of its quarters
    _place("Maraba", "BR", "16", "Para", -5.37, -49.12, 230_000),
    _place("Jacunda", "BR", "16", "Para", -4.45, -49.12, 50_000),
    # a Bangladeshi city with a quarter of its own in the data, a few km from its centre
    _place("Khulna", "BD", "27", "Khulna", 22.82, 89.55, 660_000),
    _place("Daulatpur", "BD", "27", "Khulna", 22.87, 89.52, 50_000),
    # an Afghan district of two provinces' namesakes, spelt otherwise in one of them
    _place("Qaisar", "AF", "07", "Faryab", 35.7, 64.3, 0, kind="admin2"),
    _place("Qaysar", "AF", "30", "Balkh", 36.5, 66.9, 5_000, kind="admin2"),
    _place("Balkh", "AF", "30", "Balkh", 36.7, 66.9, 500_000, kind="admin1"),
    # a Syrian hamlet of no recorded population in the province the text names, and a town there
    _place("Umm Kaif", "SY", "01", "Al Hasakeh", 36.7, 40.5, 0),
    _place("Tall Baydar", "SY", "01", "Al Hasakeh", 36.6, 40.6, 15_000),
    _place("Al Hasakeh", "SY", "01", "Al Hasakeh", 36.5, 40.7, 400_000, kind="admin1"),
    # a Nepali district placed at its biggest town, and the town it is named after, 30 km away
    _place("Saptari", "NP", "2", "Madhesh", 26.8, 86.4, 600_000, kind="admin2"),
    _place("Saptari", "NP", "2", "Madhesh", 26.6, 86.7, 30_000),
    # a Kenyan capital, and a big town abroad whose name is also a first name
    _place("Nairobi", "KE", "30", "Nairobi", -1.28, 36.82, 2_750_000),
    _place("Florence", "IT", "16", "Tuscany", 43.77, 11.25, 370_000),
    # a Ukrainian city and province, and small Russian villages whose names a Ukrainian mine shares
    _place("Horlivka", "UA", "14", "Donetsk", 48.3, 38.05, 250_000),
    _place("Donetsk", "UA", "14", "Donetsk", 48.0, 37.8, 900_000, kind="admin1"),
    _place("Zavodsk", "RU", "90", "Permskiy kray", 58.0, 56.2, 2_800),
    _place("Lenina", "RU", "67", "Smolenskaya oblast", 55.5, 35.0, 29_000),
    # two Malian towns joined by a road written with an en dash, and a town on it
    _place("Sevare", "ML", "06", "Mopti", 14.53, -4.1, 60_000),
    _place("Hombori", "ML", "06", "Mopti", 15.28, -1.7, 10_000),
    # a Nepali town spelt otherwise in reports, and a town of Nepal's that names the report's country
    _place("Malangawa", "NP", "2", "Madhesh", 26.86, 85.56, 20_000),
    _place("Nepalgunj", "NP", "5", "Lumbini", 28.05, 81.62, 70_000),
    # an Indian territory's capital, and an Indian town whose name folds like an English word
    _place("Puducherry", "IN", "22", "Puducherry", 11.93, 79.83, 230_000),
    _place("Khed", "IN", "16", "Maharashtra", 17.72, 73.39, 20_000),
    # a Somali capital, and a Palestinian city whose name is also its country's alias
    _place("Mogadishu", "SO", "13", "Banadir", 2.04, 45.34, 2_500_000),
    _place("Gaza", "PS", "GZ", "Gaza Strip", 31.5, 34.47, 410_000),
    # an Iraqi province, and a small town in it a valley is also called after
    _place("Dahuk", "IQ", "08", "Dahuk", 36.87, 42.99, 340_000, kind="admin1"),
    _place("Sarsink", "IQ", "08", "Dahuk", 37.05, 43.35, 0),
]
COUNTRIES = [CountryRecord(cc, name) for cc, name in (
    ("KE", "Kenya"), ("MY", "Malaysia"), ("BD", "Bangladesh"), ("BR", "Brazil"), ("AF", "Afghanistan"),
    ("SY", "Syria"), ("NP", "Nepal"), ("IT", "Italy"), ("UA", "Ukraine"), ("RU", "Russia"), ("ML", "Mali"),
    ("IN", "India"), ("SO", "Somalia"), ("PS", "Palestine"),
    ("IQ", "Iraq"), ("TZ", "Tanzania"), ("LY", "Libya"), ("ZA", "South Africa"), ("TR", "Turkey"), ("PL", "Poland"),
    ("CD", "Democratic Republic of Congo"))]


@pytest.fixture(scope="module")
def geo(tmp_path_factory: pytest.TempPathFactory) -> Geocoder:
    return geocoder(tmp_path_factory.mktemp("choice"), PLACES, COUNTRIES)


def test_an_english_word_between_two_names_does_not_join_them(geo: Geocoder) -> None:
    # 'at' joins Arabic names only when hyphened ('Ras at-Tin'); spaced, it is the preposition
    place, _ = geo.locate("A trader was stabbed outside Ololunga at Kimintet livestock market.")
    assert place is not None and (place.location, place.country) == ("Ololunga", "Kenya")


def test_a_people_named_after_a_place_is_not_the_scene(geo: Geocoder) -> None:
    text = "Youths from the Kalenjin community torched two houses outside Ololunga on Sunday."
    explanation = geo.explain(text)
    assert explanation.place is not None and explanation.place.country == "Kenya"
    assert "Malaysia" not in dict(explanation.country_scores)


def test_a_people_named_alone_is_no_country(geo: Geocoder) -> None:
    explanation = geo.explain("Elders of the Kalenjin tribe staged a sit-in over grazing land.")
    assert "Malaysia" not in dict(explanation.country_scores)


def test_the_road_between_two_towns_yields_to_the_place_named_on_it(geo: Geocoder) -> None:
    text = "Workers rallied at the Tangail-Dhaka highway outside a factory in Mirzapur on Monday."
    place, _ = geo.locate(text)
    assert place is not None and place.location == "Mirzapur"


def test_a_town_named_as_a_road_end_is_still_a_place_when_nothing_else_is(geo: Geocoder) -> None:
    place, _ = geo.locate("Protesters blocked the Tangail-Dhaka highway with burning tyres.")
    assert place is not None and place.location in ("Tangail", "Dhaka")


def test_a_quarter_read_as_a_far_town_yields_to_the_city_the_text_names(geo: Geocoder) -> None:
    place, _ = geo.locate("In Maraba, a man was shot dead in Jacunda neighborhood by two gunmen on a motorbike.")
    assert place is not None and place.location == "Maraba"


def test_the_city_a_quarter_is_said_to_be_in_is_no_quarter(geo: Geocoder) -> None:
    place, _ = geo.locate("Gunmen fought for hours in a residential neighborhood of Jacunda; police in Maraba said five died.")
    assert place is not None and place.location == "Jacunda"


def test_a_quarter_near_the_city_the_text_names_is_kept(geo: Geocoder) -> None:
    place, _ = geo.locate("In Khulna, police raided a house in Daulatpur neighborhood overnight.")
    assert place is not None and place.location == "Daulatpur"


def test_a_district_centre_takes_the_province_after_it_as_its_cue(geo: Geocoder) -> None:
    place, _ = geo.locate("Two policemen were killed in an ambush in Qaisar district center, Balkh, on Monday.")
    assert place is not None and (place.location, place.admin1) == ("Qaysar", "Balkh")


def test_a_village_the_text_places_inside_its_province_is_read_however_small(geo: Geocoder) -> None:
    text = "Turkish forces shelled the area surrounding Umm Kaif in the countryside of Al-Hasakeh."
    place, _ = geo.locate(text)
    assert place is not None and (place.location, place.geo_precision) == ("Umm Kaif", 2)


def test_a_district_named_after_its_town_is_placed_at_the_town(geo: Geocoder) -> None:
    place, _ = geo.locate("Protesters threw stones at an ambulance in Saptari district on Wednesday.")
    assert place is not None and place.geo_precision == 2
    assert (place.latitude, place.longitude) == (26.6, 86.7)


def test_a_big_city_where_the_text_says_a_place_is_is_not_swallowed_by_a_name_after_it(geo: Geocoder) -> None:
    place, _ = geo.locate("Hundreds of protesters stopped the convoy of the UN Office in Nairobi Director Ruth Wanjiku.")
    assert place is not None and (place.location, place.country) == ("Nairobi", "Kenya")


def test_a_persons_name_that_opens_with_a_city_is_no_place(geo: Geocoder) -> None:
    explanation = geo.explain("Riots broke out after the killing of Florence Wambui, a trader.")
    assert explanation.place is None or explanation.place.country != "Italy"


def test_a_namesake_abroad_whose_country_only_its_own_reading_says_yields_to_home(geo: Geocoder) -> None:
    text = ("On Monday, the Ukrainian forces fired mortars at the positions of the militia in the area of "
            "Zavodsk imeni Lenina, Horlivka.")
    place, _ = geo.locate(text)
    assert place is not None and place.country == "Ukraine"


def test_a_road_written_with_an_en_dash_yields_to_the_town_on_it(geo: Geocoder) -> None:
    place, _ = geo.locate("Gunmen ambushed a bus on the Sevare–Gao road near Hombori on Monday.")
    assert place is not None and place.location == "Hombori"


def test_a_scene_spelt_otherwise_is_repaired_among_the_home_countrys_places(geo: Geocoder) -> None:
    place, _ = geo.locate("Clashes erupted in Malangwa on Monday after police cleared a blockade by Madhesi cadres.",
                          country_hint="Nepal")
    assert place is not None and (place.location, place.country) == ("Malangawa", "Nepal")


def test_no_repair_without_a_home_country(geo: Geocoder) -> None:
    place, _ = geo.locate("Clashes erupted in Malangwa on Monday after police cleared a blockade.")
    assert place is None or not place.resolved


def test_an_english_word_that_folds_like_a_town_is_no_place(geo: Geocoder) -> None:
    text = "The Puducherry Pradesh Congress Committee held a demonstration in front of the Head Post Office here."
    place, _ = geo.locate(text)
    assert place is not None and place.location == "Puducherry"


def test_a_place_and_its_countrys_alias_are_one_witness(geo: Geocoder) -> None:
    # 'Gaza' names a city and, as an alias, its country: one witness, no home that outweighs Mogadishu
    text = ("Gunmen stormed a hotel in Mogadishu on Friday, killing nine people. The group said it acted over the "
            "siege of Gaza, a claim analysts in Nairobi dismissed.")
    place, _ = geo.locate(text)
    assert place is not None and place.location == "Mogadishu"


def test_a_name_in_parentheses_with_a_province_after_them_is_read_in_the_province(geo: Geocoder) -> None:
    text = "Turkish jets struck hillsides in the Kani area of Bradost (Sarsink) region of Dahuk on Tuesday."
    place, _ = geo.locate(text)
    assert place is not None and (place.location, place.admin1) == ("Sarsink", "Dahuk")


@pytest.mark.parametrize("code, acled, other", [
    (("YE", "28"), "Suqutra", "Socotra"),
    (("GE", "04"), "Autonomous Republic of Adjara", "Adjara"),
    (("ML", "08"), "Timbuktu", "Tombouctou"),
    (("GR", "ESYE31"), "Attica", "Attiki"),
    (("PK", "08"), "Federal Capital Territory", "Islamabad Capital Territory"),
])
def test_an_admin1_is_named_as_acled_names_it_and_read_in_its_other_spelling(
        code: tuple[str, str], acled: str, other: str) -> None:
    naming = admin1_namings()[code]
    assert naming.acled_name == acled and other in naming.aliases


def test_one_initials_keys_of_a_country_are_that_initials_share_of_all_its_keys(geo: Geocoder) -> None:
    gazetteer = geo.gazetteer
    whole = gazetteer.keys_in_area("NP", None)
    one = gazetteer.keys_in_area("NP", None, "m")
    assert set(one) == {"m"} and sorted(one["m"]) == sorted(whole["m"]) and one["m"]


def test_the_one_place_of_its_name_is_read_where_the_text_says_a_place_is(geo: Geocoder) -> None:
    # nothing names a country, but no namesake competes and the spelling is close
    place, _ = geo.locate("Coalition forces brought reinforcements to their base in Shadadah on Friday.")
    assert place is not None and (place.location, place.country) == ("Ash Shaddadah", "Syria")


def test_a_folded_name_of_several_small_places_abroad_stays_unread(geo: Geocoder) -> None:
    place, _ = geo.locate("Youths clashed with police in Kibera on Friday.")
    assert place is None or place.latitude is None


def test_a_place_just_across_the_line_of_the_province_the_text_names_is_read_there(geo: Geocoder) -> None:
    # admin lines differ between sources: the town 20 km from the named province is the place, in the
    # province the text names
    place, _ = geo.locate("Shells fired by LNA forces fell on a street in Janzur (Tripoli) on Tuesday.")
    assert place is not None and (place.location, place.admin1, place.geo_precision) == ("Janzur", "Tripoli", 1)


def test_a_namesake_far_from_the_province_the_text_names_stays_another_place(geo: Geocoder) -> None:
    place, _ = geo.locate("Shells fell on a market in Suq al Khamis (Murzuq) on Tuesday.")
    assert place is not None and place.admin1 == "Murzuq" and place.latitude == pytest.approx(25.9)


def test_a_site_named_after_a_place_takes_the_cue_after_it(geo: Geocoder) -> None:
    text = "Surfers held a demonstration at Muizenberg beach (City of Cape Town, Western Cape) on Sunday."
    place, _ = geo.locate(text)
    assert place is not None and place.location == "Muizenberg"


@pytest.mark.parametrize(("text", "location"), [
    # the quarter's name read far from the town the text puts it in is another place: the town
    ("Arsonists set fire to a factory in Maltepe neighborhood of Zeytinburnu, Istanbul.", "Zeytinburnu"),
    # the quarter the data has, a few km from the town's centre, is the place
    ("Police fired tear gas in the Daulatpur neighbourhood of Khulna on Monday.", "Daulatpur"),
])
def test_a_quarter_of_a_town_is_read_only_near_that_town(geo: Geocoder, text: str, location: str) -> None:
    place, _ = geo.locate(text)
    assert place is not None and place.location == location


def test_a_west_bank_town_is_palestine_and_not_a_namesake_abroad(geo: Geocoder) -> None:
    place, _ = geo.locate("Israeli forces raided the Jenin refugee camp on Monday, killing six Palestinians.")
    assert place is not None and (place.location, place.country) == ("Janin", "Palestine")



def test_a_township_a_region_owns_is_not_its_namesake_abroad(tmp_path: Path) -> None:
    # "Sagaing Region's Kani Township": the region is the township's unit, so Japan's Kani is another place
    places = [_place("Kani", "JP", "09", "Gifu", 35.42, 137.06, 100_000),
              _place("Sagaing", "MM", "08", "Sagaing", 21.88, 95.98, 80_000, kind="admin1")]
    geo = geocoder(tmp_path, places, [CountryRecord("JP", "Japan"), CountryRecord("MM", "Myanmar")])
    place, _ = geo.locate("An air strike on a village in Sagaing Region's Kani Township killed nine civilians.")
    assert place is not None and (place.country, place.admin1, place.unresolved_name) == ("Myanmar", "Sagaing", "Kani")
