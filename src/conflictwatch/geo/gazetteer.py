"""The gazetteer: an injectable interface and its SQLite implementation.

The default gazetteer is compiled once into the user's data directory and afterwards opened
read-only in milliseconds. Builds are atomic: rows go into a temporary file beside the target,
which replaces the target only after it is complete, so a failed build leaves any existing
gazetteer untouched.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from conflictwatch.geo.errors import GazetteerBuildError, GazetteerNotFoundError, GazetteerSchemaError, GeoError
from conflictwatch.geo.normalize import name_key
from conflictwatch.progress import bar
from conflictwatch.resources import default_data_dir

SCHEMA_VERSION = "4"  # 2: area indexes for spelling repair; 3: admin display names without a dangling "of";
# 4: name keys read "wal" inside a name as "wa" + article, and "qu" before a vowel as "q"
GAZETTEER_FILENAME = "gazetteer.sqlite"

# Place kinds. Populated places and the supplement's sub-town kinds resolve at precision 1;
# admin units stand for their main town (admin2) or capital (admin1) at precision 2/3.
KIND_CITY = "city"
KIND_ADMIN1 = "admin1"
KIND_ADMIN2 = "admin2"
KIND_COUNTRY = "country"
ADMIN_KINDS = frozenset({KIND_ADMIN1, KIND_ADMIN2, KIND_COUNTRY})


@dataclass(frozen=True)
class PlaceRecord:
    """A place as handed to the compiler: its names and the ACLED-style fields it resolves to."""

    name: str  # the gazetteer's own name for the place
    location: str  # ACLED-style location to report (a neighbourhood reports its town)
    kind: str  # city | admin1 | admin2 | country | neighbourhood | camp | crossing | base | district ...
    country_code: str  # ISO 3166-1 alpha-2
    latitude: float | None
    longitude: float | None
    admin1_code: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    population: int = 0
    geonames_id: int | None = None
    precision: int = 1  # ACLED geo_precision when this place is the event location
    source: str = "geonames"
    alt_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class GazetteerEntry:
    """A compiled place, as returned by lookups."""

    id: int
    name: str
    location: str
    kind: str
    country_code: str
    latitude: float | None
    longitude: float | None
    admin1_code: str | None
    admin1: str | None
    admin2: str | None
    population: int
    geonames_id: int | None
    precision: int
    source: str


@dataclass(frozen=True)
class CountryRecord:
    """A country: ACLED's name for it, and the coordinates that stand for it (its capital)."""

    code: str
    name: str  # ACLED's country name
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None
    alt_names: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class GazetteerInfo:
    path: Path
    source: str
    built_at: str
    places: int
    names: int


class Gazetteer(Protocol):
    """What the geocoder needs from a gazetteer. Inject a different one for tests or other data."""

    def lookup(self, keys: Iterable[str]) -> Mapping[str, tuple[GazetteerEntry, ...]]:
        """Entries for each of the given name keys (see ``normalize.name_key``); absent keys are omitted."""
        ...

    def countries(self) -> Mapping[str, CountryRecord]:
        """All countries by ISO alpha-2 code."""
        ...

    def admin1_units(self) -> Mapping[tuple[str, str], GazetteerEntry]:
        """First-level admin units by (country code, admin1 code)."""
        ...

    def keys_in_area(self, country_code: str, admin1_code: str | None,
                     initial: str | None = None) -> Mapping[str, tuple[str, ...]]:
        """Every name key of the places in one admin1 unit (or a whole country), by first letter (only
        ``initial``'s when given), for fuzzy matching (``lookup`` gives a chosen key's places)."""
        ...


def default_gazetteer_path() -> Path:
    return default_data_dir() / GAZETTEER_FILENAME


_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, location TEXT NOT NULL, kind TEXT NOT NULL,
    country_code TEXT NOT NULL, latitude REAL, longitude REAL, admin1_code TEXT, admin1 TEXT,
    admin2 TEXT, population INTEGER NOT NULL, geonames_id INTEGER, precision INTEGER NOT NULL,
    source TEXT NOT NULL
);
CREATE TABLE names (key TEXT NOT NULL, place_id INTEGER NOT NULL, PRIMARY KEY (key, place_id)) WITHOUT ROWID;
CREATE TABLE countries (
    code TEXT PRIMARY KEY, name TEXT NOT NULL, latitude REAL, longitude REAL, geonames_id INTEGER
);
"""
_PLACE_COLUMNS = (
    "id, name, location, kind, country_code, latitude, longitude, admin1_code, admin1, admin2, "
    "population, geonames_id, precision, source"
)
# Names of this length or less are too ambiguous to index (airport codes, 'Al', 'Ma').
MIN_KEY_LENGTH = 3
EXTRA_SOURCE_PREFIX = "extra:"  # the source of a places-xx extra's rows ('extra:<package>', see extras.py)
_AREA_KEYS_KEPT = 400_000  # name keys kept for spelling repair (a province has hundreds, India ~20,000)


def index_keys(record: PlaceRecord) -> set[str]:
    """The name keys a place is indexed under: its name and every alternate name.

    Not its ``location``: a neighbourhood reports its town, but must not be found by the town's name.
    """
    keys = set()
    for name in (record.name, *record.alt_names):
        key = name_key(name)
        if len(key) >= MIN_KEY_LENGTH:
            keys.add(key)
    return keys


def lend_town_names(places: list[PlaceRecord]) -> list[PlaceRecord]:
    """Give each admin unit the alternate names of a town of the same name inside it.

    'Idleb province' should be found wherever 'Idleb' (the town) is: admin data rarely lists the
    transliteration variants that the town's entry has.
    """
    from dataclasses import replace

    towns: dict[tuple[str, str | None, str], tuple[str, ...]] = {}
    for p in places:
        if p.kind == KIND_CITY and p.alt_names:
            k = (p.country_code, p.admin1_code, name_key(p.name))
            towns[k] = towns.get(k, ()) + p.alt_names
    out = []
    for p in places:
        if p.kind in (KIND_ADMIN1, KIND_ADMIN2):
            extra: tuple[str, ...] = ()
            for n in {p.name, p.location, *p.alt_names}:
                extra += towns.get((p.country_code, p.admin1_code, name_key(n)), ())
            if extra:
                p = replace(p, alt_names=tuple(dict.fromkeys(p.alt_names + extra)))
        out.append(p)
    return out


def build_gazetteer(
    path: Path,
    places: Iterable[PlaceRecord],
    countries: Iterable[CountryRecord],
    *,
    source: str,
) -> GazetteerInfo:
    """Compile places and countries into an SQLite gazetteer at ``path``, atomically.

    The database is written to a temporary file in the same directory and renamed over ``path``
    only when complete. Any failure — including one raised by the ``places`` iterator, such as a
    corrupt input file — removes the temporary file, leaves an existing gazetteer intact, and
    surfaces as a :class:`GazetteerBuildError` (or the more specific error that caused it).
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if tmp.exists():
            tmp.unlink()
        conn = sqlite3.connect(tmp)
        try:
            conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
            n_places, n_names = _write_places(conn, bar(places, "gazetteer", unit=" places"))
            # For fuzzy matching of names the exact keys miss, within one admin unit.
            conn.executescript(
                "CREATE INDEX places_area ON places (country_code, admin1_code);"
                "CREATE INDEX names_place ON names (place_id);"
            )
            conn.executemany(
                "INSERT OR REPLACE INTO countries VALUES (?,?,?,?,?)",
                [(c.code, c.name, c.latitude, c.longitude, c.geonames_id) for c in countries],
            )
            conn.executemany(
                "INSERT INTO meta VALUES (?,?)",
                [
                    ("schema_version", SCHEMA_VERSION),
                    ("source", source),
                    ("built_at", time.strftime("%Y-%m-%dT%H:%M:%S")),
                    ("places", str(n_places)),
                    ("names", str(n_names)),
                ],
            )
            conn.commit()
        finally:
            conn.close()
        os.replace(tmp, path)
    except GeoError:
        _remove_quietly(tmp)
        raise
    except (sqlite3.Error, OSError, ValueError) as exc:
        _remove_quietly(tmp)
        raise GazetteerBuildError(
            f"could not build the gazetteer at {path}: {exc}; any existing gazetteer was left as it was"
        ) from exc
    return GazetteerInfo(path, source, time.strftime("%Y-%m-%dT%H:%M:%S"), n_places, n_names)


def _write_places(conn: sqlite3.Connection, places: Iterable[PlaceRecord]) -> tuple[int, int]:
    place_rows: list[tuple[object, ...]] = []
    name_rows: list[tuple[str, int]] = []
    n_places = n_names = 0

    def flush() -> None:
        conn.executemany(f"INSERT INTO places ({_PLACE_COLUMNS}) VALUES ({','.join('?' * 14)})", place_rows)
        conn.executemany("INSERT OR IGNORE INTO names VALUES (?,?)", name_rows)
        place_rows.clear()
        name_rows.clear()

    for n_places, rec in enumerate(places, start=1):
        place_rows.append(
            (n_places, rec.name, rec.location, rec.kind, rec.country_code, rec.latitude, rec.longitude,
             rec.admin1_code, rec.admin1, rec.admin2, rec.population, rec.geonames_id, rec.precision,
             rec.source)
        )
        for key in index_keys(rec):
            name_rows.append((key, n_places))
            n_names += 1
        if len(place_rows) >= 20_000:
            flush()
    flush()
    return n_places, n_names


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass  # a leftover temp file is harmless; the real error is the one being raised


_MMAP_BYTES = 256 * 1024 * 1024  # more than a gazetteer with its extras takes


def _open_read_only(path: Path) -> sqlite3.Connection:
    """A read-only connection that reads the file through a memory map: pages come from the OS cache
    without a read call and a copy each (lookups and area scans cost about a third less), and forked
    workers share them."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    conn.execute(f"PRAGMA mmap_size = {_MMAP_BYTES}")
    return conn


class SqliteGazetteer:
    """A compiled gazetteer file, opened read-only. Cheap to open; safe to share within a thread."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if not self.path.exists():
            raise GazetteerNotFoundError(
                f"no gazetteer at {self.path}; build one with conflictwatch.geo.build_default_gazetteer() "
                "or `conflictwatch gazetteer import`"
            )
        try:
            self._conn = _open_read_only(self.path)
            meta = dict(self._conn.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.Error as exc:
            raise GazetteerSchemaError(f"{self.path} is not a conflictwatch gazetteer ({exc}); rebuild it") from exc
        if meta.get("schema_version") != SCHEMA_VERSION:
            raise GazetteerSchemaError(
                f"{self.path} has schema {meta.get('schema_version')!r}, this version reads {SCHEMA_VERSION!r}; "
                "rebuild it"
            )
        self._meta = meta
        self._countries: dict[str, CountryRecord] | None = None
        self._admin1: dict[tuple[str, str], GazetteerEntry] | None = None

    def reconnect(self) -> None:
        """A connection of this process's own, keeping what was read (countries, admin units, area keys):
        a forked worker must not use its parent's connection, but shares its loaded tables."""
        self._inherited = self._conn  # the parent's: never used here, and never closed by this process
        self._conn = _open_read_only(self.path)

    @property
    def info(self) -> GazetteerInfo:
        return GazetteerInfo(
            self.path, self._meta.get("source", ""), self._meta.get("built_at", ""),
            int(self._meta.get("places", 0)), int(self._meta.get("names", 0)),
        )

    def lookup(self, keys: Iterable[str]) -> Mapping[str, tuple[GazetteerEntry, ...]]:
        wanted = sorted({k for k in keys if len(k) >= MIN_KEY_LENGTH})
        found: dict[str, list[GazetteerEntry]] = {}
        # SQLite's default limit on bound parameters is 999 (older builds): query in chunks.
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            sql = (
                f"SELECT n.key, {', '.join('p.' + c.strip() for c in _PLACE_COLUMNS.split(','))} "
                f"FROM names n JOIN places p ON p.id = n.place_id WHERE n.key IN ({','.join('?' * len(chunk))})"
            )
            for row in self._conn.execute(sql, chunk):
                found.setdefault(row[0], []).append(GazetteerEntry(*row[1:]))
        return {k: tuple(v) for k, v in found.items()}

    def countries(self) -> Mapping[str, CountryRecord]:
        if self._countries is None:
            self._countries = {
                row[0]: CountryRecord(*row)
                for row in self._conn.execute("SELECT code, name, latitude, longitude, geonames_id FROM countries")
            }
        return self._countries

    def admin1_units(self) -> Mapping[tuple[str, str], GazetteerEntry]:
        if self._admin1 is None:
            rows = self._conn.execute(f"SELECT {_PLACE_COLUMNS} FROM places WHERE kind = ?", (KIND_ADMIN1,))
            self._admin1 = {}
            for row in rows:
                entry = GazetteerEntry(*row)
                if entry.admin1_code:
                    self._admin1[(entry.country_code, entry.admin1_code)] = entry
        return self._admin1

    def keys_in_area(self, country_code: str, admin1_code: str | None,
                     initial: str | None = None) -> Mapping[str, tuple[str, ...]]:
        """Every name key of one province (or country), by first letter (only ``initial``'s, when given: a
        whole country's keys are many); cached, since spelling repair asks for the same few areas again."""
        cache: dict[tuple[str, str | None, str | None], tuple[int, Mapping[str, tuple[str, ...]]]] = (
            self.__dict__.setdefault("_area_cache", {}))
        area = (country_code, admin1_code, initial)
        hit = cache.pop(area, None)  # re-inserted below: the most recently asked last
        if hit is None:
            keys = self._scan_area(country_code, admin1_code, initial)
            hit = (sum(len(k) for k in keys.values()), keys)
        cache[area] = hit
        # a bound on memory by keys held (a whole country's are many): the least recently asked go first
        held = sum(size for size, _ in cache.values())
        while held > _AREA_KEYS_KEPT and len(cache) > 1:
            held -= cache.pop(next(iter(cache)))[0]
        return hit[1]

    def _scan_area(self, country_code: str, admin1_code: str | None,
                   initial: str | None = None) -> Mapping[str, tuple[str, ...]]:
        # keys only: building every place of a province as an entry cost five times the query; the
        # duplicates and an extra's places are dropped here, which costs less than SQL's DISTINCT and LIKE
        sql = "SELECT n.key, p.source FROM places p JOIN names n ON n.place_id = p.id WHERE p.country_code = ?"
        args: list[str] = [country_code]
        if admin1_code is not None:
            sql += " AND p.admin1_code = ?"
            args.append(admin1_code)
        if initial:
            sql += " AND n.key >= ? AND n.key < ?"  # one letter's range of the (place, key) index
            args += [initial, initial[:-1] + chr(ord(initial[-1]) + 1)]
        # a whole country's names: the main data's only (an extra's postal areas and wards would
        # multiply the scan); a province's scan keeps the extras' villages
        main_only = admin1_code is None
        by_initial: dict[str, dict[str, None]] = {}
        for key, source in self._conn.execute(sql + " LIMIT 200000", args):
            if not (main_only and source.startswith(EXTRA_SOURCE_PREFIX)):
                by_initial.setdefault(key[:1], {})[key] = None
        return {initial: tuple(keys) for initial, keys in by_initial.items()}

    def by_geonames_id(self, geonames_ids: Sequence[int]) -> tuple[GazetteerEntry, ...]:
        """Entries with the given GeoNames ids (for tests and ``explain``)."""
        marks = ",".join("?" * len(geonames_ids))
        rows = self._conn.execute(f"SELECT {_PLACE_COLUMNS} FROM places WHERE geonames_id IN ({marks})",
                                  list(geonames_ids))
        return tuple(GazetteerEntry(*r) for r in rows)

    def close(self) -> None:
        self._conn.close()
