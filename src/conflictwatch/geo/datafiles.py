"""Readers for the packaged geo data files: ACLED country names, the stoplist, the supplement.

Each file carries its sources and licence in its header comment. A malformed row raises
:class:`GeoDataError` naming the file and line, so a bad edit is caught by the tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from conflictwatch.geo.errors import GeoDataError
from conflictwatch.geo.gazetteer import PlaceRecord
from conflictwatch.geo.normalize import name_key
from conflictwatch.resources import load_json


@dataclass(frozen=True)
class CountryNaming:
    """How reports and ACLED name one country."""

    code: str
    acled_name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]


def _rows(package: str, filename: str, n_columns: int) -> Iterator[tuple[int, list[str]]]:
    text = resources.files(package).joinpath(filename).read_text(encoding="utf-8")
    header_seen = False
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            header_seen = True
            continue
        if len(cells) != n_columns:
            raise GeoDataError(f"{filename}:{lineno}: expected {n_columns} tab-separated columns, got {len(cells)}")
        yield lineno, [c.strip() for c in cells]


def _split(cell: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in cell.split("|") if x.strip())


@lru_cache(maxsize=1)
def country_namings() -> dict[str, CountryNaming]:
    """ACLED's country names, aliases and demonyms by ISO alpha-2 code (only where they need saying)."""
    out = {}
    for _, (code, name, aliases, demonyms) in _rows("conflictwatch.geo.data", "countries.tsv", 4):
        out[code] = CountryNaming(code, name, _split(aliases), _split(demonyms))
    return out


@lru_cache(maxsize=1)
def country_words() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each ACLED country's other names and demonyms as the actor dictionary (data/countries.json) writes them,
    in every language it knows ('Tchad', 'tchadiens', 'Cameroun'): (aliases, demonyms) by ACLED name."""
    return {name: (tuple(spec.get("aliases", ())), tuple(spec.get("demonyms", ())))
            for name, spec in load_json("countries.json")["countries"].items()}


@dataclass(frozen=True)
class Admin1Naming:
    """How conflict reporting names one first-level admin unit (GeoNames code 'SY.01')."""

    country_code: str
    admin1_code: str
    acled_name: str
    aliases: tuple[str, ...]


@lru_cache(maxsize=1)
def admin1_namings() -> dict[tuple[str, str], Admin1Naming]:
    """Curated admin1 names and aliases by (country code, admin1 code)."""
    out = {}
    for lineno, (code, name, aliases) in _rows("conflictwatch.geo.data", "admin1_names.tsv", 3):
        if code.count(".") != 1:
            raise GeoDataError(f"admin1_names.tsv:{lineno}: code {code!r} is not like 'SY.01'")
        cc, a1 = code.split(".")
        out[(cc, a1)] = Admin1Naming(cc, a1, name, _split(aliases))
    return out


@lru_cache(maxsize=1)
def acled_admin1_by_unit() -> dict[tuple[str, str], str]:
    """ACLED's admin1 for a district or province, by (country code, name key of the unit), where ACLED
    does not name the country's current first-level units (Nepal's development regions)."""
    out: dict[tuple[str, str], str] = {}
    for lineno, (cc, units, acled_admin1) in _rows("conflictwatch.geo.data", "acled_admin1_by_unit.tsv", 3):
        if len(cc) != 2 or not acled_admin1:
            raise GeoDataError(f"acled_admin1_by_unit.tsv:{lineno}: expected a country code and an admin1 name")
        for unit in _split(units):
            out[(cc, name_key(unit))] = acled_admin1
    return out


@lru_cache(maxsize=1)
def acled_admin1_until() -> dict[tuple[str, str], tuple[str, dt.date]]:
    """ACLED's admin1 before a reform, and the day from which the current one applies, by (ACLED country,
    name key of the district): Pakistan's tribal agencies were the Federally Administered Tribal Areas."""
    out: dict[tuple[str, str], tuple[str, dt.date]] = {}
    for lineno, (country, units, acled_admin1, until) in _rows("conflictwatch.geo.data", "acled_admin1_until.tsv", 4):
        try:
            day = dt.date.fromisoformat(until)
        except ValueError as err:
            raise GeoDataError(f"acled_admin1_until.tsv:{lineno}: {until!r} is not an ISO date") from err
        if not country or not acled_admin1:
            raise GeoDataError(f"acled_admin1_until.tsv:{lineno}: expected a country and an admin1 name")
        for unit in _split(units):
            out[(country, name_key(unit))] = (acled_admin1, day)
    return out


@lru_cache(maxsize=1)
def stoplist_words() -> frozenset[str]:
    """The stoplist's words and phrases, lower-cased: capitalised words that are not taken as places
    without a place pattern. Compare them with a light form of the text (case and marks only): the
    folded name key is far too lossy for this ('there' and 'Dar'a' share one)."""
    text = resources.files("conflictwatch.geo.data").joinpath("stoplist.txt").read_text(encoding="utf-8")
    words = (line.strip().lower() for line in text.splitlines())
    return frozenset(w for w in words if w and not w.startswith("#"))


def stoplist_keys() -> frozenset[str]:
    """Name keys of the stoplist's words (see :func:`stoplist_words`)."""
    return frozenset(name_key(w) for w in stoplist_words())


def supplement_places() -> Iterator[PlaceRecord]:
    """The curated supplement (conflictwatch/data/gazetteer_supplement.tsv) as place records."""
    for lineno, cells in _rows("conflictwatch.data", "gazetteer_supplement.tsv", 10):
        name, alts, kind, location, cc, admin1, lat, lon, precision, source = cells
        try:
            latitude, longitude, prec = float(lat), float(lon), int(precision)
        except ValueError as exc:
            raise GeoDataError(f"gazetteer_supplement.tsv:{lineno}: bad number ({exc})") from exc
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180 and prec in (1, 2, 3)):
            raise GeoDataError(f"gazetteer_supplement.tsv:{lineno}: coordinates or precision out of range")
        yield PlaceRecord(
            name=name, location=location, kind=kind, country_code=cc, latitude=latitude, longitude=longitude,
            admin1=admin1 or None, population=0, precision=prec, source=f"supplement:{source}",
            alt_names=_split(alts),
        )
