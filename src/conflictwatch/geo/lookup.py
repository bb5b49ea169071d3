"""One place name to its gazetteer place, for an analyst's new location (``review --set location=…``)."""

from __future__ import annotations

from conflictwatch.records import Place


def locate_place(location: str, country: str | None) -> Place | None:
    """The default gazetteer's place for ``location`` (preferring ``country``), or None when unknown."""
    from conflictwatch.geo.geocoder import default_geocoder

    place, _ = default_geocoder().locate(location, country_hint=country)
    return place if place is not None and place.resolved and place.latitude is not None else None
