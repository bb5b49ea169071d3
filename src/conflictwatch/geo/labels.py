"""Place names for the desk's map, from the compiled gazetteer: the map reads without any tiles.

Cities appear by population as one zooms in (capitals and big cities first), first-level admin units
at mid zoom; in each patch of the screen only the most populous place is named, so labels never pile
up. The gazetteer is read once per process into memory (a quarter of a million places, sorted by
population), so each map move costs a scan of a sorted list, not a query.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from conflictwatch.geo.errors import GazetteerNotFoundError, GazetteerSchemaError

# the smallest population named at each zoom level (web-map zoom: 3 = a continent, 10 = a city)
_MIN_POPULATION = {0: 5_000_000, 1: 5_000_000, 2: 3_000_000, 3: 1_500_000, 4: 800_000, 5: 400_000, 6: 150_000,
                   7: 50_000, 8: 15_000, 9: 5_000, 10: 1_500, 11: 500}
ADMIN1_ZOOMS = range(6, 9)
_CELL_PX = (150, 34)  # one label per patch of this many pixels
MAX_LABELS = 250


@dataclass(frozen=True)
class PlaceLabel:
    name: str
    kind: str  # city | admin1
    latitude: float
    longitude: float
    population: int
    country_code: str

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "kind": self.kind, "lat": self.latitude, "lon": self.longitude,
                "population": self.population, "country_code": self.country_code}


@lru_cache(maxsize=2)
def _load(path: str) -> tuple[tuple[PlaceLabel, ...], tuple[PlaceLabel, ...]]:
    """(cities, admin1 units), most populous first."""
    if not Path(path).exists():
        raise GazetteerNotFoundError(f"no gazetteer at {path}: the map has no place names until one is built "
                                     "(`conflictwatch gazetteer import`, or any ingest)")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = conn.execute(
                "SELECT kind, location, admin1, latitude, longitude, population, country_code FROM places"
                " WHERE kind IN ('city', 'admin1') AND latitude IS NOT NULL AND longitude IS NOT NULL"
                " ORDER BY population DESC, id").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as err:
        raise GazetteerSchemaError(f"{path} is not a conflictwatch gazetteer ({err}); rebuild it") from err
    cities, units = [], []
    for kind, location, admin1, lat, lon, population, cc in rows:
        if kind == "city":
            cities.append(PlaceLabel(location, kind, lat, lon, population or 0, cc))
        elif admin1:
            units.append(PlaceLabel(admin1, kind, lat, lon, population or 0, cc))
    return tuple(cities), tuple(units)


def _pixel(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    scale = 256 * 2 ** zoom
    lat = max(-85.0, min(85.0, lat))
    s = math.sin(math.radians(lat))
    return (lon + 180) / 360 * scale, (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * scale


def place_labels(gazetteer: str | Path, west: float, south: float, east: float, north: float,
                 zoom: int) -> list[PlaceLabel]:
    """The place names to draw in a box at a zoom level: admin1 units (mid zoom) and cities,
    decluttered; at most :data:`MAX_LABELS`."""
    zoom = max(0, min(18, int(zoom)))
    cities, units = _load(str(gazetteer))
    min_population = _MIN_POPULATION.get(zoom, 0)
    taken: set[tuple[int, int, str]] = set()
    out: list[PlaceLabel] = []

    def inside(p: PlaceLabel) -> bool:
        in_lon = west <= p.longitude <= east if west <= east else (p.longitude >= west or p.longitude <= east)
        return south <= p.latitude <= north and in_lon

    def add(p: PlaceLabel, layer: str) -> None:
        x, y = _pixel(p.latitude, p.longitude, zoom)
        # admin1 names sit a line above their capital's name: each layer has its own grid
        cell = (int(x // _CELL_PX[0]), int(y // _CELL_PX[1]), layer)
        if cell not in taken:
            taken.add(cell)
            out.append(p)

    if zoom in ADMIN1_ZOOMS:
        for unit in units:
            if inside(unit):
                add(unit, "admin1")
    for city in cities:
        if city.population < min_population or len(out) >= MAX_LABELS:
            break
        if inside(city):
            add(city, "city")
    return out[:MAX_LABELS]


def warm(gazetteer: str | Path) -> None:
    """Read the gazetteer's places now (at start-up) rather than on the first map move."""
    _load(str(gazetteer))
