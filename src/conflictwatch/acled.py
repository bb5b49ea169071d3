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
