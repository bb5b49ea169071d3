"""Hand-made gazetteers for the geo tests: one builder for a place row, one for a geocoder over a list
of places, so that each test file holds only its places and their namesakes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from conflictwatch.geo import CountryRecord, Geocoder, PlaceRecord, SqliteGazetteer, build_gazetteer


def place(name: str, cc: str, a1: str, a1_name: str, lat: float, lon: float, pop: int, *alts: str,
          kind: str = "city", admin2: str | None = None, source: str = "geonames") -> PlaceRecord:
    """A gazetteer row: a town by default, or an admin unit (``kind="admin1"`` / ``"admin2"``)."""
    return PlaceRecord(name=name, location=name, kind=kind, country_code=cc, latitude=lat, longitude=lon,
                       admin1_code=a1, admin1=a1_name, admin2=admin2, population=pop, alt_names=alts,
                       precision=2 if kind == "admin2" else 3 if kind == "admin1" else 1, source=source)


def geocoder(directory: Path, places: Sequence[PlaceRecord], countries: Sequence[CountryRecord]) -> Geocoder:
    """A geocoder over a gazetteer built in ``directory`` from ``places``."""
    path = directory / "g.sqlite"
    build_gazetteer(path, list(places), list(countries), source=f"test {directory.name}")
    return Geocoder(SqliteGazetteer(path))
