"""ACLED's vocabularies and codes, shared by the exports and by review's checks: event and sub-event
types, disorder types, inter codes and interactions, countries' ISO 3166 codes and ACLED regions,
source scales and the value ranges of edited fields. Data lives in ``data/acled_vocabulary.json``
and ``data/acled_countries.tsv``; this module only reads them."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from conflictwatch.resources import load_json

MAX_FATALITIES = 1_000_000  # larger than any single event ACLED has coded; a typo otherwise


def _vocabulary() -> dict:
    return load_json("acled_vocabulary.json")  # type: ignore[no-any-return]


@cache
def sub_event_types() -> dict[str, str]:
    """Sub-event type → event type."""
    return {sub: event_type for event_type, subs in _vocabulary()["event_types"].items() for sub in subs}


@cache
def without_fatalities() -> frozenset[str]:
    """The sub-event types whose events carry no fatalities by ACLED's definitions (peaceful protests, non-violent
    strategic developments)."""
    return frozenset(_vocabulary()["without_fatalities"])


def lethal_counterpart(sub_event_type: str) -> str | None:
    """The sub-event type ACLED codes when a deed of ``sub_event_type`` (one without fatalities) kills people."""
    return _vocabulary()["lethal_counterpart"].get(sub_event_type)  # type: ignore[no-any-return]


def event_types() -> tuple[str, ...]:
    return tuple(_vocabulary()["event_types"])


def disorder_of(event_type: str, sub_event_type: str | None = None) -> str:
    """ACLED's disorder type of an event (and sub-event) type."""
    vocab = _vocabulary()
    return vocab["disorder_by_sub_event_type"].get(sub_event_type or "", vocab["disorder_by_type"].get(event_type, ""))


def disorder_types() -> tuple[str, ...]:
    vocab = _vocabulary()
    return tuple(dict.fromkeys([*vocab["disorder_by_type"].values(), *vocab["disorder_by_sub_event_type"].values()]))


def inter_codes() -> dict[int, str]:
    return {int(k): v for k, v in _vocabulary()["inter"].items()}


def interaction_of(inter1: int, inter2: int) -> int:
    """ACLED's interaction: both inter codes, the lower first (13); a sole actor's code times ten (10 * inter1)."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if len(codes) < 2:
        return 10 * (codes[0] if codes else 0)
    return 10 * codes[0] + codes[1]


def civilian_targeting(event_type: str, inter1: int, inter2: int) -> str:
    """ACLED's civilian_targeting column: civilians (inter 7) are the target of a violent event."""
    targeted = 7 in (inter1, inter2) and event_type in _vocabulary()["civilian_targeting_types"]
    return "Civilian targeting" if targeted else ""


def source_scale(kinds: Iterable[str]) -> str:
    """ACLED's source_scale from the kinds of an event's sources ("National-New media")."""
    vocab = _vocabulary()
    scales = {vocab["source_scale"].get(k, "Other") for k in kinds}
    return "-".join(s for s in vocab["scale_order"] if s in scales)


@dataclass(frozen=True)
class Country:
    alpha2: str
    alpha3: str
    numeric: int
    region: str
    name: str


def _fold(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(plain.casefold().replace("-", " ").split())


@cache
def _countries() -> dict[str, Country]:
    raw = resources.files("conflictwatch").joinpath("data", "acled_countries.tsv").read_text(encoding="utf-8")
    by_name: dict[str, Country] = {}
    rows = [line.split("\t") for line in raw.splitlines() if line and not line.startswith("#")]
    for alpha2, alpha3, numeric, region, names in rows[1:]:
        aliases = names.split("|")
        country = Country(alpha2, alpha3, int(numeric), region, aliases[0])
        for key in (alpha2, alpha3, *aliases):
            by_name.setdefault(_fold(key), country)
    return by_name


def country(name: str | None) -> Country | None:
    """The country of an ACLED (or GeoNames, or common) country name or ISO code; None when unknown."""
    return _countries().get(_fold(name)) if name else None


def finite(value: float) -> bool:
    return not (math.isnan(value) or math.isinf(value))


@cache
def _actor_inters() -> tuple[dict[str, dict[str | None, int]], list[tuple[str, str, int]]]:
    """Named actors' inter codes by folded name or alias (per the country they act in), and the
    state and generic name templates with their inter codes."""
    named: dict[str, dict[str | None, int]] = {}
    for spec in load_json("actors.json")["actors"]:
        if "inter" in spec:
            for alias in (spec["name"], *spec.get("aliases", [])):
                named.setdefault(_fold(alias), {}).setdefault(spec.get("country"), int(spec["inter"]))
    countries = load_json("countries.json")
    templates = []
    for key, template in countries["templates"].items():
        if key in countries["template_inter"]:
            head, _, rest = template.partition("{")
            tail = rest.partition("}")[2].split("{")[0]
            templates.append((head, tail, int(countries["template_inter"][key])))
    return named, templates


def actor_inter(name: str, event_country: str | None = None) -> int | None:
    """ACLED's inter code of an actor named as the actor dictionary names it ("Civilians (Syria)",
    "Military Forces of Russia (2000-)", "Taliban"); state forces outside their own country are
    external forces (8). None for a name the dictionary does not know."""
    named, templates = _actor_inters()
    where = country(event_country)
    for head, tail, inter in templates:
        if name.startswith(head) and len(name) > len(head):
            inside = name[len(head):]
            subject = (inside.split(tail, 1)[0] if tail and tail in inside else inside).split(" (", 1)[0].strip()
            own = country(subject)
            if own is None:
                continue
            return 8 if inter == 1 and where and own != where else inter
    by_country = named.get(_fold(name))
    if not by_country:
        return None
    for acts_in, inter in by_country.items():
        if acts_in and where and country(acts_in) == where:
            return inter
    return next(iter(by_country.values()))
