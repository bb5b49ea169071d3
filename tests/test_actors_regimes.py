"""State forces are named for the government in office on the event's date (countries.json ``regimes``)."""

from __future__ import annotations

import datetime as dt

import pytest

from conflictwatch.extract.actors import state_force_name

# One date inside each regime added to the data, with the label ACLED's rule gives it.
IN_OFFICE = [
    ("Afghanistan", "2019-05-01", "2014-"), ("Afghanistan", "2022-03-10", "2021-"),
    ("Burkina Faso", "2012-06-01", "1987-2014"), ("Burkina Faso", "2015-03-02", "2014-2015"),
    ("Burkina Faso", "2020-07-15", "2015-"), ("Burkina Faso", "2022-03-01", "2022-"), ("Burkina Faso", "2024-02-20", "2022-"),
    ("Niger", "2019-12-10", "2011-"), ("Niger", "2022-06-01", "2021-2023"), ("Niger", "2023-07-25", "2021-2023"),
    ("Niger", "2023-07-26", "2023-"), ("Niger", "2024-05-05", "2023-"),
    ("Nigeria", "2013-02-01", "2010-2015"), ("Nigeria", "2020-04-04", "2015-"), ("Nigeria", "2024-01-15", "2023-"),
    ("Kenya", "2020-10-01", "2013-"), ("Kenya", "2023-07-12", "2022-"),
    ("Mozambique", "2010-09-01", "1975-"), ("Mozambique", "2025-06-01", "1975-"),
    ("Chad", "2020-03-23", "1990-"), ("Chad", "2022-10-20", "2021-"),
    ("Guinea", "2020-10-20", "2010-"), ("Guinea", "2022-07-28", "2021-"),
    ("Somalia", "2020-01-01", "2017-"), ("Somalia", "2023-01-20", "2022-"),
    ("Central African Republic", "2012-12-20", "2003-2013"), ("Central African Republic", "2013-09-05", "2013-2014"),
    ("Central African Republic", "2015-05-01", "2014-2016"), ("Central African Republic", "2021-01-13", "2016-"),
    ("Ivory Coast", "2010-12-16", "2000-2011"), ("Ivory Coast", "2020-11-01", "2011-"),
    ("Zimbabwe", "2016-07-06", "1980-2017"), ("Zimbabwe", "2019-01-15", "2017-"),
    ("Gabon", "2019-01-07", "2009-"), ("Gabon", "2024-01-01", "2023-"),
    ("Madagascar", "2017-03-01", "2014-2019"), ("Madagascar", "2021-08-01", "2019-"), ("Madagascar", "2025-12-01", "2025-"),
    ("Egypt", "2013-01-25", "2012-2013"), ("Egypt", "2013-08-14", "2013-2014"), ("Egypt", "2018-02-09", "2014-"),
    ("Syria", "2020-03-01", "2000-"), ("Syria", "2025-03-07", "2024-"),
    ("Bangladesh", "2020-05-01", "2009-"), ("Bangladesh", "2024-11-01", "2024-"),
    ("Philippines", "2014-03-01", "2010-2016"), ("Philippines", "2020-03-01", "2016-"), ("Philippines", "2023-03-01", "2022-"),
    ("Colombia", "2016-09-26", "2010-2018"), ("Colombia", "2020-03-01", "2018-"), ("Colombia", "2023-03-01", "2022-"),
    ("Brazil", "2020-03-01", "2019-"), ("Brazil", "2023-01-08", "2023-"),
    ("Mexico", "2015-03-01", "2012-2018"), ("Mexico", "2020-03-01", "2018-"), ("Mexico", "2025-03-01", "2024-"),
    ("Haiti", "2020-03-01", "2017-"), ("Haiti", "2023-03-01", "2021-"),
    ("Senegal", "2021-03-05", "2012-"), ("Senegal", "2024-06-01", "2024-"),
    ("Sri Lanka", "2023-03-01", "2022-2024"), ("Sri Lanka", "2025-03-01", "2024-"),
    ("United States", "2025-06-14", "2025-"),
]


@pytest.mark.parametrize("country, day, label", IN_OFFICE)
def test_forces_are_named_for_the_government_in_office(country: str, day: str, label: str) -> None:
    name = state_force_name(country, on=dt.date.fromisoformat(day))
    assert name.endswith(f" ({label})") and country.removeprefix("the ") in name, name


def test_the_label_of_an_undated_report_is_the_2020_one() -> None:
    assert state_force_name("Burkina Faso") == "Military Forces of Burkina Faso (2015-)"
    assert state_force_name("Niger", "police") == "Police Forces of Niger (2011-)"


@pytest.mark.parametrize("published, text, expected", [
    ("2023-09-12", "Soldiers of the Burkinabe army repelled an attack by JNIM militants on their base near Djibo on Monday.",
     "Military Forces of Burkina Faso (2022-)"),
    ("2024-02-03", "L'armée nigérienne a repoussé vendredi une attaque de l'État islamique au Sahel près de Tillabéri.",
     "Military Forces of Niger (2023-)"),
    ("2022-06-20", "Nigerien soldiers killed 12 Boko Haram fighters in a clash near Diffa, Niger, on Sunday.",
     "Military Forces of Niger (2021-2023)"),
    ("2023-10-02", "Nigerian troops killed seven ISWAP fighters in a clash near Damboa, Borno state, Nigeria, on Sunday.",
     "Military Forces of Nigeria (2023-)"),
    ("2022-01-10", "Taliban forces clashed with National Resistance Front fighters in Panjshir, Afghanistan, on Sunday, killing "
     "four.", "Military Forces of Afghanistan (2021-)"),
])
def test_a_report_dated_in_a_new_regime_gets_its_label(published: str, text: str, expected: str) -> None:
    from conflictwatch.ingest import parse_date
    from conflictwatch.pipeline import default_coder
    from conflictwatch.records import Report

    events = default_coder().code(Report("regime", text, parse_date(published, "regime")))
    names = {n for e in events for n in (e.actor1, e.actor2) if n}
    assert expected in names, names
