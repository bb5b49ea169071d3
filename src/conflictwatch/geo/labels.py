"""Place names for the desk's map, from the compiled gazetteer: the map reads without any tiles.

Cities appear by population as one zooms in (capitals and big cities first), first-level admin units
at mid zoom; of places closer on screen than a label's size only the most populous is named, so labels never pile
up. The gazetteer is read once per process into memory (a quarter of a million places, sorted by
population), so each map move costs a scan of a sorted list, not a query.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from conflictwatch.geo.errors import GazetteerNotFoundError, GazetteerSchemaError

# the smallest population named at each zoom level (web-map zoom: 3 = a continent, 10 = a city)
_MIN_POPULATION = {0: 5_000_000, 1: 5_000_000, 2: 3_000_000, 3: 1_500_000, 4: 800_000, 5: 400_000, 6: 150_000,
                   7: 50_000, 8: 15_000, 9: 5_000, 10: 1_500, 11: 500}
ADMIN1_ZOOMS = range(6, 9)
_LABEL_PX = (130, 28)  # no two names of a layer closer than this, in pixels
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


_COLUMNS = "kind, location, admin1, latitude, longitude, population, country_code"
_CACHED_POPULATION = 50_000  # places this big are held in memory; smaller ones are read per box


def _connect(path: str) -> sqlite3.Connection:
    if not Path(path).exists():
        raise GazetteerNotFoundError(f"no gazetteer at {path}: the map has no place names until one is built "
                                     "(`conflictwatch gazetteer import`, or any ingest)")
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def _rows(path: str, sql: str, params: tuple[object, ...], limit: int = -1) -> list[tuple[Any, ...]]:
    try:
        conn = _connect(path)
        try:
            return conn.execute(f"SELECT {_COLUMNS} FROM places WHERE latitude IS NOT NULL AND longitude IS NOT NULL"
                                f" AND {sql} ORDER BY population DESC, id LIMIT ?", (*params, limit)).fetchall()
        finally:
            conn.close()
    except sqlite3.Error as err:
        raise GazetteerSchemaError(f"{path} is not a conflictwatch gazetteer ({err}); rebuild it") from err


def _labels(rows: list[tuple[Any, ...]]) -> tuple[PlaceLabel, ...]:
    return tuple(PlaceLabel(location if kind == "city" else admin1, kind, lat, lon, population or 0, cc)
                 for kind, location, admin1, lat, lon, population, cc in rows if kind == "city" or admin1)


@lru_cache(maxsize=2)
def _load(path: str) -> tuple[tuple[PlaceLabel, ...], tuple[PlaceLabel, ...]]:
    """(the big cities, every admin1 unit), most populous first."""
    cities = _labels(_rows(path, "kind = 'city' AND population >= ?", (_CACHED_POPULATION,)))
    units = _labels(_rows(path, "kind = 'admin1'", ()))
    return cities, units


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
    if min_population < _CACHED_POPULATION:  # zoomed in: the box is small, read its towns too
        lon_sql = "longitude BETWEEN ? AND ?" if west <= east else "(longitude >= ? OR longitude <= ?)"
        cities = _labels(_rows(str(gazetteer), f"kind = 'city' AND population >= ? AND latitude BETWEEN ? AND ?"
                               f" AND {lon_sql}", (min_population, south, north, west, east), limit=4000))
    placed: dict[str, list[tuple[float, float]]] = {"admin1": [], "city": []}
    out: list[PlaceLabel] = []

    def inside(p: PlaceLabel) -> bool:
        in_lon = west <= p.longitude <= east if west <= east else (p.longitude >= west or p.longitude <= east)
        return south <= p.latitude <= north and in_lon

    def add(p: PlaceLabel, layer: str) -> None:
        x, y = _pixel(p.latitude, p.longitude, zoom)
        # admin1 names sit a line above their capital's name: each layer keeps its own distance
        if all(abs(x - px) >= _LABEL_PX[0] or abs(y - py) >= _LABEL_PX[1] for px, py in placed[layer]):
            placed[layer].append((x, y))
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
