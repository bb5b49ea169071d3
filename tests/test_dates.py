import datetime as dt

import pytest

from conflictwatch.extract.dates import resolve_date

PUB = dt.date(2020, 4, 22)  # a Wednesday


@pytest.mark.parametrize(
    "text, expected, precision",
    [
        ("On 3 May 2019, shelling hit the town.", dt.date(2019, 5, 3), 1),
        ("On May 3, 2019 shelling hit the town.", dt.date(2019, 5, 3), 1),
        ("Yesterday, there was an exchange of fire.", dt.date(2020, 4, 21), 1),
        ("On Tuesday, April 21st, gunmen attacked a post.", dt.date(2020, 4, 21), 1),
        ("On Monday gunmen attacked a post.", dt.date(2020, 4, 20), 1),
        ("Clashes took place last week.", dt.date(2020, 4, 13), 2),
        ("Fighting raged in March 2020 across the province.", dt.date(2020, 3, 15), 3),
        ("A bomb went off near the market.", PUB, 1),
        ("On 14 December, a protest was held.", dt.date(2019, 12, 14), 1),
        ("The fear goes back to last October, when gunfire broke out at a march.", dt.date(2019, 10, 15), 3),
        ("Gunmen fired on the last May Day rally.", PUB, 1),
        ("Police on Tuesday revised the death toll from Sunday's bombing of the market to 40.", dt.date(2020, 4, 19), 1),
        # the day of what followed the deed, when the deed's clause has its own day, is not the deed's
        ("The town called off its harvest fair on Tuesday after a gunman shot dead six people at the bus station "
         "late on Sunday.", dt.date(2020, 4, 19), 1),
        ("Fighting broke out on Tuesday after the militia seized a commander at the port.", dt.date(2020, 4, 21), 1),
        ("The governor imposed a curfew on Tuesday after hundreds of farmers angry at the water cuts stoned the "
         "district office late on Sunday.", dt.date(2020, 4, 19), 1),
        ("Rescuers dug out more bodies on Tuesday, raising the death toll from Sunday's shelling to 23.",
         dt.date(2020, 4, 19), 1),
        # a day told in a clause about the place is the place's history
        ("Nurses marched outside the hospital, where a colleague was attacked on 2 March 2020, on Monday.",
         dt.date(2020, 4, 20), 1),
        # the day a deed named by its own day is claimed, denied or mourned is the telling's
        ("The militia on Tuesday withdrew its claim of responsibility for Sunday's raid on the fuel depot.",
         dt.date(2020, 4, 19), 1),
        ("Mourners on Monday buried the nine herders killed in Saturday's ambush near the wells.", dt.date(2020, 4, 18), 1),
        ("The army on Tuesday denied any part in Sunday's shooting of two fishermen off the island.",
         dt.date(2020, 4, 19), 1),
    ],
)
def test_resolve_date(text, expected, precision):
    result = resolve_date(text, PUB)
    assert result.date == expected
    assert result.time_precision == precision


def test_background_span_has_low_precision():
    result = resolve_date("The days and weeks prior have seen bomb attacks.", PUB, background=True)
    assert result.date is not None and result.date < dt.date(2020, 4, 21)
    assert result.time_precision in (2, 3)


def test_no_publication_date_and_no_year_is_unanchored():
    result = resolve_date("On Tuesday, April 21st, gunmen attacked a post.", None)
    assert result.date is None and result.time_precision is None


def test_explicit_year_needs_no_publication_date():
    assert resolve_date("On 9 May 2020, clashes erupted.", None).date == dt.date(2020, 5, 9)


def test_dateline_date_is_the_dispatch_not_the_event():
    from conflictwatch.extract.dates import dateline_date

    text = "MOSUL, Iraq, Feb 9 - Gunmen attacked a police post on the city's western edge on Saturday."
    published = dt.date(2021, 2, 9)  # a Tuesday
    assert dateline_date(text, published)[1] == published
    assert resolve_date(text, published).date == dt.date(2021, 2, 6)
    assert dateline_date("On 3 May 2020, a bomb exploded.") is None


def test_dateline_with_year_anchors_a_report_without_publication_date():
    from conflictwatch import extract_text

    text = ("ADEN, Yemen, 14 March 2022 - Unidentified gunmen shot dead a judge in the Mansoura district "
            "of Aden yesterday, security officials said.")
    events = extract_text(text)
    assert events and events[0].event_date == dt.date(2022, 3, 13)


def test_references_to_old_incidents_are_not_news():
    from conflictwatch import extract_text

    text = ("Militants ambushed an army convoy near the dam on Sunday, killing four soldiers, officials said.\n\n"
            "The area was also the scene of heavy fighting on 2 August 2019, when the army retook the dam "
            "from the militants after a week of clashes.")
    events = extract_text(text, published=dt.date(2021, 6, 8))
    assert [e.event_date for e in events] == [dt.date(2021, 6, 6)]


def test_month_without_year_is_the_latest_such_month():
    result = resolve_date("Under a deal signed in February, the militia handed over its heavy weapons.",
                          dt.date(2020, 10, 17))
    assert (result.date, result.time_precision) == (dt.date(2020, 2, 15), 3)
    result = resolve_date("Clashes resumed in November after a lull.", dt.date(2021, 3, 2))
    assert result.date == dt.date(2020, 11, 15)


def test_a_numeric_date_that_reads_both_ways_is_not_guessed_in_english():
    # 3/4/2020 is the 3rd of April in Nairobi and March the 4th in New York: the text's other cues decide
    assert resolve_date("He was kidnapped on 3/4/2020 near the market.", PUB).note == "publication date"
    assert resolve_date("Il a été enlevé le 3/4/2020 près du marché.", PUB, lang="fr").date == dt.date(2020, 4, 3)


@pytest.mark.parametrize(
    "lang, text, expected",
    [
        # unusual formats: numeric dates read by dateparser (day first), ordinals
        ("en", "Two men were shot dead on 21/04/2020 in Gao.", dt.date(2020, 4, 21)),
        ("en", "The convoy was hit on 21.04.2020.", dt.date(2020, 4, 21)),
        ("en", "Clashes on April 21st, 2020 killed two.", dt.date(2020, 4, 21)),
        ("en", "Three people were on 21/12 killed in the clashes.", dt.date(2019, 12, 21)),
        # French
        ("fr", "Le mardi 21 avril, des hommes armés ont attaqué le poste.", dt.date(2020, 4, 21)),
        ("fr", "Hier, des jihadistes ont attaqué un camp militaire.", dt.date(2020, 4, 21)),
        ("fr", "Avant-hier, un convoi a sauté sur une mine.", dt.date(2020, 4, 20)),
        # the night from Saturday to Sunday is dated to the Saturday it began on
        ("fr", "Dans la nuit de samedi à dimanche, des assaillants ont tué trois civils.", dt.date(2020, 4, 18)),
        ("fr", "Le 1er avril 2020, une embuscade a visé une patrouille.", dt.date(2020, 4, 1)),
        ("fr", "Le 21/04/2020, un soldat a été tué.", dt.date(2020, 4, 21)),
        ("fr", "Une mine a explosé au passage du convoi.", PUB),
        # "la veille" beside its weekday: the weekday dates the deed, not the day before publication
        ("fr", "La veille, dimanche, un convoi de vivres a été pillé près de Gao.", dt.date(2020, 4, 19)),
    ],
)
def test_dates_of_a_day(lang, text, expected):
    result = resolve_date(text, PUB, lang=lang)
    assert (result.date, result.time_precision) == (expected, 1)


def test_french_weeks_and_months():
    week = resolve_date("La semaine dernière, deux attaques ont eu lieu.", PUB, lang="fr")
    assert (week.date, week.time_precision) == (dt.date(2020, 4, 13), 2)  # the Monday of last week
    month = resolve_date("En mars 2020, les combats ont repris dans le cercle.", PUB, lang="fr")
    assert (month.date, month.time_precision) == (dt.date(2020, 3, 15), 3)


def test_french_dateline_is_the_dispatch():
    from conflictwatch.extract.dates import dateline_date

    text = "BAMAKO, 21 avril (AFP) - Des hommes armés ont attaqué lundi un poste de l'armée."
    assert dateline_date(text, PUB, lang="fr")[1] == dt.date(2020, 4, 21)
    assert resolve_date(text, PUB, lang="fr").date == dt.date(2020, 4, 20)


@pytest.mark.parametrize("lang, text, dispatch, deed", [
    # a dateline whose city is written in title case, as local papers and NGO releases write it
    ("fr", "Ouagadougou, 5 mars 2024 – Des soldats ont exécuté au moins douze villageois le 25 février près de Djibo.",
     dt.date(2024, 3, 5), dt.date(2024, 2, 25)),
    ("fr", "Bangui, le 10 février 2024 – La mission condamne l'attaque menée le 7 février contre ses casques bleus.",
     dt.date(2024, 2, 10), dt.date(2024, 2, 7)),
    ("en", "Kandahar, March 3 — Gunmen shot dead two teachers on Sunday outside a school, police said.",
     dt.date(2024, 3, 3), dt.date(2024, 3, 3)),
])
def test_a_title_case_dateline_is_the_dispatch_not_the_deed(lang, text, dispatch, deed):
    from conflictwatch.extract.dates import dateline_date

    assert dateline_date(text, dt.date(2024, 3, 5), lang=lang)[1] == dispatch
    assert resolve_date(text, dt.date(2024, 3, 5), lang=lang).date == deed


def test_a_month_is_dated_to_its_middle_but_never_after_publication():
    assert resolve_date("Gunmen killed 70 people in October.", dt.date(2024, 12, 2)).date == dt.date(2024, 10, 15)
    # the report's own month, published before its middle: the month's first day
    assert resolve_date("Clashes broke out in December.", dt.date(2024, 12, 10)).date == dt.date(2024, 12, 1)


def test_the_day_beats_a_month_named_only_as_background():
    result = resolve_date("A drone struck a car near the town on Wednesday, one of the deepest strikes since the "
                          "fighting began in October.", dt.date(2024, 2, 15))
    assert (result.date, result.time_precision) == (dt.date(2024, 2, 14), 1)


def test_a_dateline_after_a_headline_or_with_two_cities_dates_no_event():
    text = ("Five bodies found in Celaya as violence grips Guanajuato CELAYA, Guanajuato, June 11 — The bodies of "
            "five men were found on Monday morning.")
    assert resolve_date(text, dt.date(2024, 6, 11)).date == dt.date(2024, 6, 10)
    text = "BANGKOK/PHNOM PENH, July 29 — Thailand and Cambodia agreed on Monday to a ceasefire."
    assert resolve_date(text, dt.date(2025, 7, 29)).date == dt.date(2025, 7, 28)


@pytest.mark.parametrize("text, expected", [
    ("The opposition has called rallies for Friday and Saturday across the country.", dt.date(2019, 3, 14)),
    ("The curfew in the old city stays in force until Sunday, officials said.", dt.date(2019, 3, 14)),
    ("Police detained two men wanted for Friday's grenade attack on a bus.", dt.date(2019, 3, 8)),
    ("Gunmen attacked a bus on Friday near the market.", dt.date(2019, 3, 8)),
])
def test_a_day_still_to_come_dates_no_deed(text: str, expected: dt.date) -> None:
    assert resolve_date(text, dt.date(2019, 3, 14)).date == expected  # a Thursday


def test_a_day_a_group_admits_a_deed_on_is_its_telling() -> None:
    text = "The group admitted on Tuesday that its fighters had shot dead a policeman in the town last Thursday."
    assert resolve_date(text, dt.date(2019, 4, 23)).date == dt.date(2019, 4, 18)


@pytest.mark.parametrize("lang, text", [
    ("en", "• Koro, 13 August — A roadside bomb struck an army patrol east of the town."),
    ("en", "2. Koro, 13 August — A roadside bomb struck an army patrol east of the town."),
    ("fr", "• Koro, 13 août — Un engin explosif a frappé une patrouille de l'armée à l'est de la ville."),
])
def test_a_bulleted_items_place_and_day_are_the_deeds_not_a_dateline(lang, text):
    from conflictwatch.extract.dates import dateline_date

    assert dateline_date(text, dt.date(2024, 8, 20), lang=lang) is None
    assert resolve_date(text, dt.date(2024, 8, 20), lang=lang).date == dt.date(2024, 8, 13)
