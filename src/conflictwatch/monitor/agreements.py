"""Ceasefire agreements as data: who agreed, from when to when, and where.

Parties are resolved to the names the coder writes into events through a *party lookup* the caller
gives — the coder's actor dictionary, :func:`conflictwatch.extract.initiative.actor_candidates`, which
the command line and the desk pass: "NDF" → "NDF: National Defence Forces", "ISF" in Syria →
"Asayish". Without one, a party is taken as the full actor name events carry (the monitor reads the
dataset only and imports no coder). An area is a set of admin names (matched against an event's location, admin1, admin2 and
admin3) or a GeoJSON polygon (matched against the event's coordinates with shapely).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from conflictwatch.monitor.errors import AgreementError, AreaError, MonitorError, PartyError
from conflictwatch.records import Event

AGREEMENT_KEYS = ("name", "parties", "from", "to", "area", "country", "note")
# a party name or alias -> the (actor name, country) pairs it may stand for; empty when unknown
PartyLookup = Callable[[str], list[tuple[str, str | None]]]


@dataclass(frozen=True)
class Party:
    """One party to an agreement: the actor name events carry, and the words the analyst gave."""

    name: str
    given: str

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "given": self.given}


@dataclass(frozen=True)
class Area:
    """Where an agreement holds: admin names, or a GeoJSON (multi)polygon, or both (either matches)."""

    names: tuple[str, ...] = ()
    geometry: dict[str, Any] | None = field(default=None, hash=False, compare=False)
    label: str = ""

    def contains(self, event: Event) -> bool:
        """True when the event's place names include one of the area's names, or its point lies in the polygon.
        An event whose report names no place (flagged ``place-missing``) is in no area: it stands at its
        country's capital by ACLED's convention, not because it happened there."""
        if "place-missing" in event.flags:
            return False
        if self.names:
            wanted = {_fold(n) for n in self.names}
            if any(_fold(v) in wanted for v in (event.location, event.admin1, event.admin2, event.admin3) if v):
                return True
        if self.geometry is not None and event.latitude is not None and event.longitude is not None:
            from shapely.geometry import Point, shape

            return bool(shape(self.geometry).covers(Point(event.longitude, event.latitude)))
        return False

    def describe(self) -> str:
        return self.label or ", ".join(self.names) or "polygon"

    def to_dict(self) -> dict[str, Any]:
        return {"names": list(self.names), "geometry": self.geometry, "label": self.describe()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Area:
        return cls(tuple(data.get("names") or ()), data.get("geometry"), data.get("label") or "")


@dataclass(frozen=True)
class Agreement:
    """A ceasefire: its parties, its window (``end`` None = open-ended) and its area (None = anywhere)."""

    name: str
    parties: tuple[Party, ...]
    start: dt.date
    end: dt.date | None = None
    area: Area | None = None
    country: str | None = None
    note: str = ""

    @property
    def party_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parties)

    def covers(self, event: Event) -> bool:
        """The event falls in the agreement's window and area."""
        if event.event_date is None or event.event_date < self.start:
            return False
        if self.end is not None and event.event_date > self.end:
            return False
        return self.area is None or self.area.contains(event)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "parties": [p.name for p in self.parties],
                "parties_given": [p.given for p in self.parties], "from": self.start.isoformat(),
                "to": self.end.isoformat() if self.end else None,
                "area": self.area.describe() if self.area else None, "country": self.country, "note": self.note}


def agreement_from_spec(spec: Mapping[str, Any], base_dir: Path | None = None,
                        lookup: PartyLookup | None = None) -> Agreement:
    """Build and validate an agreement from a mapping with the keys of :data:`AGREEMENT_KEYS`
    (the YAML/JSON file form and the command line both come here)."""
    unknown = sorted(set(spec) - set(AGREEMENT_KEYS))
    if unknown:
        raise AgreementError(f"unknown key(s) {', '.join(unknown)}; an agreement has {', '.join(AGREEMENT_KEYS)}")
    name = str(spec.get("name") or "").strip()
    if not name:
        raise AgreementError("an agreement needs a name")
    raw_parties = spec.get("parties")
    given = _split(raw_parties)
    if len(given) < 1:
        raise AgreementError(f"{name}: give the parties, e.g. --parties NDF,ISF")
    country = str(spec["country"]).strip() if spec.get("country") else None
    parties = resolve_parties(given, country, lookup)
    start = parse_date(spec.get("from"), "from", name)
    if start is None:
        raise AgreementError(f"{name}: give the date the agreement starts (--from YYYY-MM-DD)")
    end = parse_date(spec.get("to"), "to", name)
    if end is not None and end < start:
        raise AgreementError(f"{name}: ends ({end}) before it starts ({start})")
    area = parse_area(spec.get("area"), base_dir)
    return Agreement(name, parties, start, end, area, country or _common_country(parties, lookup),
                     str(spec.get("note") or ""))


def with_changes(agreement: Agreement, changes: Mapping[str, Any], base_dir: Path | None = None,
                 lookup: PartyLookup | None = None) -> Agreement:
    """The agreement with some keys replaced (``None`` for ``to``/``area`` clears them), revalidated;
    parties kept as they are keep their resolved names."""
    if "parties" not in changes and "country" not in changes:
        lookup = _as_resolved(agreement)

    spec: dict[str, Any] = {
        "name": agreement.name, "parties": [p.given for p in agreement.parties], "from": agreement.start,
        "to": agreement.end, "area": None, "country": agreement.country, "note": agreement.note}
    spec.update(changes)
    built = agreement_from_spec(spec, base_dir, lookup)
    if "area" not in changes:
        built = replace(built, area=agreement.area)
    return built


def _as_resolved(agreement: Agreement) -> PartyLookup:
    """A lookup that gives each party of ``agreement`` the name it already resolved to."""
    resolved = {p.given.strip().lower(): [(p.name, agreement.country)] for p in agreement.parties}
    return lambda given: resolved.get(given.strip().lower(), [])


def load_agreement_file(path: str | Path, lookup: PartyLookup | None = None) -> Agreement:
    """An agreement from a YAML or JSON file (keys as in :data:`AGREEMENT_KEYS`; a GeoJSON area
    path is read relative to the file)."""
    path = Path(path)
    spec = load_mapping(path, AgreementError)
    return agreement_from_spec(spec, path.parent, lookup)


def load_mapping(path: Path, error: type[MonitorError]) -> dict[str, Any]:
    """A YAML (``.yaml``/``.yml``) or JSON file's top-level mapping; ``error`` names what went wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise error(f"cannot read {path}: {err.strerror or err}") from err
    if path.suffix.lower() in (".yaml", ".yml"):
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as err:
            raise error(f"{path}: not valid YAML: {err}") from err
    else:
        try:
            data = json.loads(text)
        except ValueError as err:
            raise error(f"{path}: not valid JSON: {err}") from err
    if not isinstance(data, dict):
        raise error(f"{path}: expected a mapping of keys at the top level")
    return data


def parse_date(value: Any, what: str, name: str = "") -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as err:
        raise AgreementError(f"{name + ': ' if name else ''}{what}={value!r} is not an ISO date like 2020-03-23") from err


def _split(value: Any) -> list[str]:
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else [str(v) for v in value]
    return [i.strip() for i in items if i and i.strip()]


# -- parties ---------------------------------------------------------------------------------------

def resolve_parties(given: list[str], country: str | None = None,
                    lookup: PartyLookup | None = None) -> tuple[Party, ...]:
    """Each given name or alias as the actor name events carry, through ``lookup`` (without one, each
    name is taken as it is given). An alias that names actors in several countries ("ISF": Syria's
    Asayish, Iraq's forces) takes ``country``, else the country of the other parties."""
    candidates = {g: _candidates(g, lookup) for g in given}
    for g, found in candidates.items():
        if not found:
            raise PartyError(f"party {g!r} is not in the actor dictionary (data/actors.json, data/countries.json); "
                             "give an alias it knows or the actor's full name as events carry it")
    if country is None:
        # the one country every party can belong to: "NDF" (Syria, Namibia) with "ISF" (Syria, Iraq) → Syria
        shared = set.intersection(*({c for _, c in found if c} for found in candidates.values()))
        country = shared.pop() if len(shared) == 1 else None
    out = []
    for g, found in candidates.items():
        names = {n for n, _ in found}
        if len(names) > 1:
            local = [n for n, c in found if c == country] or [n for n, c in found if c is None]
            if len(set(local)) != 1:
                raise PartyError(f"party {g!r} is ambiguous ({'; '.join(sorted(names))}); "
                                 "give the country (--country) or the full name")
            names = set(local)
        out.append(Party(names.pop(), g))
    if len({p.name for p in out}) != len(out):
        raise PartyError(f"two of the parties ({', '.join(given)}) are the same actor")
    return tuple(out)


def _candidates(given: str, lookup: PartyLookup | None) -> list[tuple[str, str | None]]:
    if lookup is None:
        return [(given.strip(), None)] if given.strip() else []
    return list(dict.fromkeys(lookup(given)))


def _common_country(parties: tuple[Party, ...], lookup: PartyLookup | None) -> str | None:
    countries = set.intersection(*({c for _, c in _candidates(p.name, lookup) if c} for p in parties))
    return countries.pop() if len(countries) == 1 else None


# -- areas -----------------------------------------------------------------------------------------

def parse_area(value: Any, base_dir: Path | None = None) -> Area | None:
    """An area from an admin name, a list of them, a GeoJSON file path, an inline GeoJSON object, or
    a mapping ``{"names": [...], "geojson": path-or-object}``."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, Area):
        return value
    if isinstance(value, str):
        path = _as_path(value, base_dir)
        if path is not None:
            return Area((), _read_geojson(path), path.name)
        return Area((value.strip(),), None, value.strip())
    if isinstance(value, list):
        names = tuple(str(v).strip() for v in value if str(v).strip())
        return Area(names, None, ", ".join(names))
    if isinstance(value, Mapping):
        if "type" in value:
            return Area((), _polygon(dict(value), "the inline GeoJSON"), "polygon")
        unknown = sorted(set(value) - {"names", "geojson", "label"})
        if unknown:
            raise AreaError(f"area: unknown key(s) {', '.join(unknown)}; use names, geojson, label")
        names = tuple(_split(value.get("names")))
        geometry = None
        if value.get("geojson") is not None:
            gj = value["geojson"]
            if isinstance(gj, str):
                path = _as_path(gj, base_dir)
                if path is None:
                    raise AreaError(f"area: GeoJSON file {gj!r} not found")
                geometry = _read_geojson(path)
            else:
                geometry = _polygon(dict(gj), "the inline GeoJSON")
        label = str(value.get("label") or ", ".join(names) or "polygon")
        return Area(names, geometry, label)
    raise AreaError(f"area: {value!r} is neither an admin name nor a GeoJSON polygon")


def _as_path(value: str, base_dir: Path | None) -> Path | None:
    if not value.lower().endswith((".geojson", ".json")):
        return None
    for candidate in (Path(value), (base_dir or Path.cwd()) / value):
        if candidate.is_file():
            return candidate
    raise AreaError(f"area: GeoJSON file {value!r} not found")


def _read_geojson(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise AreaError(f"area: cannot read GeoJSON {path}: {err}") from err
    return _polygon(data, str(path))


def _polygon(data: dict[str, Any], where: str) -> dict[str, Any]:
    """The (multi)polygon of a GeoJSON geometry, Feature or FeatureCollection, as a GeoJSON geometry."""
    from shapely.geometry import mapping, shape
    from shapely.ops import unary_union

    kind = data.get("type")
    if kind == "FeatureCollection":
        geometries = [f.get("geometry") for f in data.get("features") or [] if isinstance(f, dict)]
    elif kind == "Feature":
        geometries = [data.get("geometry")]
    else:
        geometries = [data]
    try:
        shapes = [shape(g) for g in geometries if g]
    except (ValueError, TypeError, AttributeError, KeyError) as err:
        raise AreaError(f"area: {where} is not valid GeoJSON: {err}") from err
    if not shapes or any(s.geom_type not in ("Polygon", "MultiPolygon") for s in shapes):
        raise AreaError(f"area: {where} must hold Polygon or MultiPolygon geometries")
    merged = unary_union(shapes)
    if merged.is_empty:
        raise AreaError(f"area: {where} is an empty polygon")
    return json.loads(json.dumps(mapping(merged)))


def _fold(name: str) -> str:
    """Place names compared without case, accents, the Arabic article or punctuation: "Al-Qamishli" = "Qamishli"."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    text = re.sub(r"^(?:al|el|ad|ar|as|ash|at|az)[\s-]+", "", text.strip())
    return re.sub(r"[^a-z0-9]+", "", text)
