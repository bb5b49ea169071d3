"""Place names for the map from a compiled gazetteer: big cities first, more as one zooms in, admin1
units at mid zoom, one name per patch of screen; a missing gazetteer is a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from conflictwatch.geo.errors import GazetteerNotFoundError
from conflictwatch.geo.gazetteer import CountryRecord, PlaceRecord, build_gazetteer
from conflictwatch.geo.labels import place_labels


def city(name: str, lat: float, lon: float, population: int, admin1: str = "Al Hasakeh") -> PlaceRecord:
    return PlaceRecord(name, name, "city", "SY", lat, lon, "SY.03", admin1, None, population)


@pytest.fixture(scope="module")
def gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("labels") / "gaz.sqlite"
    places = [
        city("Aleppo", 36.20, 37.16, 2_098_210, "Aleppo"),
        city("Al Hasakah", 36.50, 40.75, 422_445),
        city("Qamishli", 37.05, 41.23, 184_231),
        city("Amuda", 37.10, 40.93, 26_821),
        city("Tal Tamr", 36.65, 40.37, 7_000),
        city("Nusaybin suburb", 37.06, 41.235, 6_000),  # a pixel from Qamishli at most zooms
        PlaceRecord("Al-Hasakah Governorate", "Al Hasakeh", "admin1", "SY", 36.5, 40.75, "SY.03", "Al Hasakeh", None,
                    422_445, precision=3),
        city("Suva", -18.14, 178.44, 93_970, "Central"),
    ]
    build_gazetteer(path, places, [CountryRecord("SY", "Syria", 33.5, 36.3)], source="test")
    return path


def names(found: list) -> list[str]:
    return [p.name for p in found]


def test_more_names_as_one_zooms_in(gazetteer: Path) -> None:
    box = (35.0, 35.0, 43.0, 38.0)
    assert names(place_labels(gazetteer, *box, zoom=3)) == ["Aleppo"]
    assert [p.name for p in place_labels(gazetteer, *box, zoom=6) if p.kind == "city"][:2] == ["Aleppo", "Al Hasakah"]
    at_city_zoom = names(place_labels(gazetteer, 40.0, 36.4, 41.6, 37.3, zoom=10))
    assert {"Qamishli", "Amuda", "Tal Tamr", "Al Hasakah"} <= set(at_city_zoom)


def test_admin1_names_at_mid_zoom_only(gazetteer: Path) -> None:
    box = (35.0, 35.0, 43.0, 38.0)
    assert "Al Hasakeh" in names(place_labels(gazetteer, *box, zoom=7))
    assert "Al Hasakeh" not in names(place_labels(gazetteer, *box, zoom=4))
    assert "Al Hasakeh" not in names(place_labels(gazetteer, *box, zoom=11))


def test_one_name_per_patch_the_most_populous(gazetteer: Path) -> None:
    near = names(place_labels(gazetteer, 40.0, 36.4, 41.6, 37.3, zoom=11))
    assert "Qamishli" in near and "Nusaybin suburb" not in near
    assert "Nusaybin suburb" in names(place_labels(gazetteer, 41.2, 37.0, 41.3, 37.1, zoom=16))


def test_a_box_across_the_date_line_and_a_missing_gazetteer(gazetteer: Path, tmp_path: Path) -> None:
    assert names(place_labels(gazetteer, 170.0, -30.0, -170.0, 0.0, zoom=7)) == ["Suva"]
    with pytest.raises(GazetteerNotFoundError, match="no gazetteer"):
        place_labels(tmp_path / "missing.sqlite", 0, 0, 1, 1, zoom=5)
