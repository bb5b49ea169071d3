"""First-level units as ACLED named them on the event's day (data in geo/data/acled_admin1_until.tsv).

The gazetteer holds today's units; ACLED's data of earlier years names the units of their day: an event
in North Waziristan in 2015 is in the Federally Administered Tribal Areas, one in 2020 in Khyber
Pakhtunkhwa. The coder calls :func:`admin1_on` once the event's date is known.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from conflictwatch.geo.datafiles import acled_admin1_until
from conflictwatch.geo.normalize import name_key
from conflictwatch.records import Place


def admin1_on(place: Place | None, day: dt.date | None) -> Place | None:
    """``place`` with the admin1 ACLED named on ``day`` for its district (``place`` itself when no reform
    applies, or the day is unknown)."""
    if place is None or day is None or not place.country:
        return place
    eras = acled_admin1_until()
    for unit in (place.admin2, place.location if place.geo_precision and place.geo_precision >= 2 else None):
        if unit:
            era = eras.get((place.country, name_key(unit)))
            if era is not None:
                old_admin1, until = era
                return replace(place, admin1=old_admin1) if day < until else place
    return place
