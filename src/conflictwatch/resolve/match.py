"""Whether two reports' accounts tell the same incident, and why: the pairwise rules dedup clusters by.

Tolerant to how outlets word one incident:

* **dates**: within each other's precision: ±1 day for exact dates (an overnight attack, a report
  dated by its publication), the week or month otherwise;
* **places**: within a distance that grows with the coarser geo precision (15 km for a town,
  30 km near it, 60 km for a region), or the same admin unit when one side is known only coarsely,
  or place names that agree once spelling is folded (El Fasher, El-Fasher, al-Fashir);
* **types**: the same sub-event type; or neighbouring sub-event types that one incident gets when
  told from two sides (an attack and an armed clash, a shelling and an air strike, an IED and a
  suicide bomb, a peaceful protest and one with intervention, a protest met with force and a riot,
  mob violence and an attack) on the same day; or two kinds of political violence naming the same
  armed actor on the same day (a peaceful protest and a lynching in one town are two events);
* **actors**: named actors compared after folding spelling (Al-Shabab, Al Shabaab); generic ones
  (unidentified gunmen, civilians, protesters) never rule a match in or out; disjoint named actors
  rule it out unless the sub-type and the place pin the incident down.

:func:`same_incident` answers with a reason for the event's history; :func:`match_score` is the
score dedup ranks candidate groups by (None: different incidents).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from conflictwatch.records import Event

# how many days either side an account's date may move, by ACLED time precision (1 day, 2 week, 3 month)
DATE_TOLERANCE = {1: 1, 2: 7, 3: 31}
# how far apart (km) two located accounts may be, by the coarser geo precision of the two
DISTANCE_KM = {1: 15.0, 2: 30.0, 3: 60.0}
POLITICAL_VIOLENCE = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
# sub-event types one incident is given by outlets that tell it from different sides or in the fog of war
NEIGHBOUR_SUB_TYPES = (
    {"Armed clash", "Attack"},
    {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    {"Shelling/artillery/missile attack", "Air/drone strike"},
    {"Remote explosive/landmine/IED", "Suicide bomb", "Grenade"},
    {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    {"Violent demonstration", "Mob violence"},
    {"Protest with intervention", "Excessive force against protesters", "Violent demonstration"},
    {"Mob violence", "Attack"},  # a lynching by a crowd, or an attack by unidentified men: the same killing
)
GENERIC_ACTOR_PREFIXES = ("unidentified", "civilians", "protesters", "rioters", "unknown")
_NAME_STOP = {"al", "el", "ad", "ar", "as", "ash", "the", "city", "town", "village", "district", "province",
              "governorate", "state", "region"}


@dataclass(frozen=True)
class Match:
    """The verdict on two accounts: same incident or not, how alike (higher is closer) and why."""

    same: bool
    score: float
    reason: str


@lru_cache(maxsize=1 << 16)
def _folded_words(name: str | None) -> tuple[str, ...]:
    """Spelling-tolerant words of a name: no accents, case, articles or hyphens; doubled letters collapsed
    (Shabaab → shabab); a word's ending -iya/-ia folded."""
    if not name:
        return ()
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    words = [re.sub(r"(.)\1+", r"\1", w) for w in re.split(r"[^a-z0-9]+", plain)]
    return tuple(w for w in words if len(w) > 1 and w not in _NAME_STOP)


def named_actors(e: Event) -> frozenset[str]:
    """The named (not generic) actors of an account, spelling folded."""
    return _named((e.actor1, e.actor2, e.assoc_actor_1, e.assoc_actor_2))


@lru_cache(maxsize=1 << 16)
def _named(names: tuple[str | None, ...]) -> frozenset[str]:
    return frozenset(" ".join(_folded_words(n)) for n in set(names)
                     if n and not n.casefold().startswith(GENERIC_ACTOR_PREFIXES) and _folded_words(n))


def _actor_alike(a: str, b: str) -> bool:
    """One folded name is the other, or holds it as whole words ("hts hayat tahrir sham" ~ "hayat tahrir sham")."""
    if a == b:
        return True
    wa, wb = set(a.split()), set(b.split())
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return len(short) >= 2 and short <= long_


def shared_actors(a: Event, b: Event) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    actors_a, actors_b = named_actors(a), named_actors(b)
    return actors_a, actors_b, _shared(actors_a, actors_b)


@lru_cache(maxsize=1 << 16)
def _shared(actors_a: frozenset[str], actors_b: frozenset[str]) -> frozenset[str]:
    if not actors_a or not actors_b:
        return frozenset()
    return frozenset(x for x in actors_a if any(_actor_alike(x, y) for y in actors_b))


def km_between(a: Event, b: Event) -> float:
    assert a.latitude is not None and a.longitude is not None and b.latitude is not None and b.longitude is not None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def date_gap(a: Event, b: Event) -> int | None:
    """Days between the two dates, or None when they cannot be the same incident."""
    if a.event_date is None or b.event_date is None:
        return None
    gap = abs((a.event_date - b.event_date).days)
    tolerance = max(DATE_TOLERANCE.get(a.time_precision or 3, 31), DATE_TOLERANCE.get(b.time_precision or 3, 31))
    return gap if gap <= tolerance else None


def place_match(a: Event, b: Event) -> tuple[float, str] | None:
    """(1.0 for the same spot, lower for further apart or coarser; why), or None when the places differ."""
    return _place_match(a, b, True)


def _place_match(a: Event, b: Event, explain: bool) -> tuple[float, str] | None:
    """:func:`place_match`, saying why only when asked (dedup's scoring asks for the score alone)."""
    if (a.country or None) != (b.country or None):
        return None
    if a.latitude is not None and a.longitude is not None and b.latitude is not None and b.longitude is not None:
        coarse = max(a.geo_precision or 3, b.geo_precision or 3)
        limit = DISTANCE_KM.get(coarse, 60.0)
        km = km_between(a, b)
        if km <= limit:
            return 1.0 - km / (2 * limit), (f"{km:.0f} km apart (within {limit:.0f} km at geo precision {coarse})"
                                             if explain else "")
        if coarse >= 3 and a.admin1 and a.admin1 == b.admin1:
            return 0.4, f"same {a.admin1}, one place known only coarsely" if explain else ""
        return None
    words_a, words_b = set(_folded_words(a.location)), set(_folded_words(b.location))
    if words_a and words_a == words_b:
        return 0.8, f"same place name ({a.location} / {b.location})" if explain else ""
    if words_a & (words_b | set(_folded_words(b.admin1))) or words_b & set(_folded_words(a.admin1)):
        return 0.6, f"place names agree ({a.location or a.admin1} / {b.location or b.admin1})" if explain else ""
    if a.admin1 and a.admin1 == b.admin1 and (a.location is None or b.location is None
                                             or (a.geo_precision or 3) >= 3 or (b.geo_precision or 3) >= 3):
        return 0.4, f"same {a.admin1}, one place known only coarsely" if explain else ""
    if (a.location is None and a.admin1 is None) or (b.location is None and b.admin1 is None):
        return 0.2, "one account names only the country"
    return None


def _neighbours(sub_a: str, sub_b: str) -> bool:
    return any(sub_a in group and sub_b in group for group in NEIGHBOUR_SUB_TYPES)


def _type_match(a: Event, b: Event, gap: int, shared: bool, any_unnamed: bool) -> str | None:
    """Why the two types fit one incident, or None."""
    if a.sub_event_type == b.sub_event_type:
        return f"both {a.sub_event_type}"
    exact = (a.time_precision or 3) == 1 and (b.time_precision or 3) == 1
    if exact and gap > 0:
        return None  # two days and two kinds of event: two incidents
    if _neighbours(a.sub_event_type, b.sub_event_type) and (shared or any_unnamed):
        return f"{a.sub_event_type} and {b.sub_event_type}: one incident told two ways"
    if a.event_type in POLITICAL_VIOLENCE and b.event_type in POLITICAL_VIOLENCE and shared:
        return f"{a.sub_event_type} and {b.sub_event_type} by the same armed actor"
    return None


def same_incident(a: Event, b: Event) -> Match:
    """Whether accounts ``a`` and ``b`` (of two reports) tell one incident, with a score and the reason."""
    return _judge(a, b, True)


def _judge(a: Event, b: Event, explain: bool) -> Match:
    """:func:`same_incident`; the reason of a match is written only when ``explain``."""
    gap = date_gap(a, b)
    if gap is None:
        return Match(False, 0.0, "dates too far apart for their precision" if a.event_date and b.event_date
                     else "undated")
    place = _place_match(a, b, explain)
    if place is None:
        return Match(False, 0.0, "different places")
    place_score, place_why = place
    actors_a, actors_b, shared = shared_actors(a, b)
    same_sub = a.sub_event_type == b.sub_event_type
    if actors_a and actors_b and not shared and not (same_sub and place_score >= 0.6):
        return Match(False, 0.0, "different named actors")
    why_type = _type_match(a, b, gap, bool(shared), not (actors_a and actors_b))
    if why_type is None:
        return Match(False, 0.0, f"{a.sub_event_type} and {b.sub_event_type} are different incidents" if explain else "")
    if place_score <= 0.2 and not shared:
        return Match(False, 0.0, "only the country in common")
    score = place_score + (1.0 if shared else 0.3 if not (actors_a and actors_b) else 0.0) + (0.5 if same_sub else 0.0)
    score += 0.5 / (1 + gap)
    if not explain:
        return Match(True, score, "")
    day = "same day" if gap == 0 else f"{gap} day{'s' if gap > 1 else ''} apart"
    who = f"same actors ({', '.join(sorted(shared))})" if shared else "no conflicting actors"
    return Match(True, score, f"{day}; {place_why}; {why_type}; {who}")


def match_key(e: Event) -> tuple[object, ...]:
    """Every field :func:`same_incident` and :func:`match_score` read: two accounts with equal keys score and
    reason alike against any third (ids, reports, fatalities and evidence play no part)."""
    return (e.event_date, e.time_precision, e.country, e.latitude, e.longitude, e.geo_precision, e.admin1, e.location,
            e.actor1, e.actor2, e.assoc_actor_1, e.assoc_actor_2, e.event_type, e.sub_event_type)


def match_score(a: Event, b: Event) -> float | None:
    """How alike two accounts are (higher is closer), or None when they are different incidents."""
    found = _judge(a, b, False)
    return found.score if found.same else None
