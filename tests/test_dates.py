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
        ("Fighting raged in March 2020 across the province.", dt.date(2020, 3, 1), 3),
        ("A bomb went off near the market.", PUB, 1),
        ("On 14 December, a protest was held.", dt.date(2019, 12, 14), 1),
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
    assert (result.date, result.time_precision) == (dt.date(2020, 2, 1), 3)
    result = resolve_date("Clashes resumed in November after a lull.", dt.date(2021, 3, 2))
    assert result.date == dt.date(2020, 11, 1)
