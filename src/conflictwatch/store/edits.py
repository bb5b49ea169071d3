"""An analyst's edit checked against ACLED's vocabularies and ranges, with the fields it implies.

``review --set sub_event_type=Attack`` also sets the event type and disorder type; a new actor sets
its inter code (from the actor dictionary), the interaction and so civilian targeting; a new
location is looked up in the gazetteer for coordinates and admin units; a new date with no
precision is an exact date (precision 1). A value outside the vocabulary or range is refused with
a message that says what is allowed; nothing is written then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from conflictwatch import acled
from conflictwatch.errors import ReviewError
from conflictwatch.records import Event, Place

# (location, country) → the gazetteer's place, or None when it does not know it
Locate = Callable[[str, str | None], Place | None]

_INTEGER_RANGES = {"time_precision": (1, 3), "geo_precision": (1, 3), "inter1": (0, 8), "inter2": (0, 8),
                   "fatalities": (0, acled.MAX_FATALITIES)}
_COORDINATE_RANGES = {"latitude": (-90.0, 90.0), "longitude": (-180.0, 180.0)}
_DATABASE_INTEGER = (-(2**31) + 1, 2**31 - 1)  # any other whole number has to fit an INTEGER column
_NEVER_EMPTY = ("event_type", "sub_event_type", "disorder_type", "inter1", "inter2", "interaction", "event_date")


def parse_value(name: str, raw: str | None, kind: type | None) -> Any:
    """The typed value of one edit (None clears it), or a :class:`ReviewError` that says what is allowed."""
    if raw is None or raw == "":
        if name in _NEVER_EMPTY:
            raise ReviewError(f"{name} cannot be empty")
        return None
    try:
        if kind is dt.date:
            value: Any = dt.date.fromisoformat(raw)
            if not 1900 <= value.year <= dt.date.today().year + 1:
                raise ReviewError(f"{name}={raw!r}: a date from 1900 to next year")
            return value
        if kind is int:
            value = int(raw)
        elif kind is float:
            value = float(raw)
        else:
            return raw
    except ValueError as err:
        expected = {dt.date: "an ISO date like 2020-04-21", int: "a whole number", float: "a number"}.get(kind or str, "text")
        raise ReviewError(f"{name}={raw[:40]!r}: expected {expected}") from err
    low, high = (_INTEGER_RANGES.get(name) or _COORDINATE_RANGES.get(name)
                 or (_DATABASE_INTEGER if kind is int else (None, None)))
    if kind is float and not acled.finite(value):
        raise ReviewError(f"{name}={raw!r}: must be a finite number")
    if low is not None and not low <= value <= high:
        raise ReviewError(f"{name}={raw!r}: must be from {low} to {high}")
    return value


def checked_edits(event: Event, sets: Mapping[str, str | None], kinds: Mapping[str, type],
                  locate: Locate | None = None) -> tuple[dict[str, str | None], dict[str, str | None]]:
    """The analyst's edits (normalised) and the derived fields they imply, both as the text stored in
    the edit log. ``event`` is the event as the analyst sees it now."""
    given = {name: (value if value != "" else None) for name, value in sets.items()}
    typed = {name: parse_value(name, value, kinds.get(name)) for name, value in given.items()}
    derived: dict[str, Any] = {}
    _check_types(event, typed, derived)
    if "country" in typed and typed["country"] is not None:
        found = acled.country(typed["country"])
        if found is None:
            raise ReviewError(f"country={typed['country']!r}: not a country ACLED codes; write its English name")
        given["country"] = typed["country"] = found.name
    _derive_place(event, typed, derived, locate)
    _derive_actors(event, typed, derived)
    if "event_date" in typed and "time_precision" not in typed:
        derived["time_precision"] = 1  # a date the analyst names is an exact date
    derived = {k: v for k, v in derived.items() if k not in given}
    return given, {k: None if v is None else str(v) for k, v in derived.items()}


def _check_types(event: Event, typed: dict[str, Any], derived: dict[str, Any]) -> None:
    subs = acled.sub_event_types()
    sub = typed.get("sub_event_type", event.sub_event_type)
    if "sub_event_type" in typed and sub not in subs:
        raise ReviewError(f"sub_event_type={sub!r} is not one of ACLED's: {', '.join(subs)}")
    if "event_type" in typed and typed["event_type"] not in acled.event_types():
        raise ReviewError(f"event_type={typed['event_type']!r} is not one of ACLED's: {', '.join(acled.event_types())}")
    event_type = typed.get("event_type") or subs.get(sub, event.event_type)
    if subs.get(sub) != event_type:
        allowed = [s for s, t in subs.items() if t == event_type]
        raise ReviewError(f"sub_event_type {sub!r} is not a {event_type!r} sub-event type; "
                          f"set sub_event_type too, one of: {', '.join(allowed)}")
    if "event_type" in typed or "sub_event_type" in typed:
        derived["event_type"] = event_type
    disorder = acled.disorder_of(event_type, sub)
    if "disorder_type" in typed and typed["disorder_type"] != disorder:
        raise ReviewError(f"disorder_type={typed['disorder_type']!r}: ACLED's disorder type of {sub!r} is {disorder!r}")
    if disorder != event.disorder_type or "disorder_type" in typed:
        derived["disorder_type"] = disorder


def _derive_actors(event: Event, typed: dict[str, Any], derived: dict[str, Any]) -> None:
    where = typed.get("country", event.country)
    inter = {1: event.inter1, 2: event.inter2}
    for side in (1, 2):
        name_field, inter_field = f"actor{side}", f"inter{side}"
        if inter_field in typed:
            inter[side] = typed[inter_field]
        elif name_field in typed:
            name = typed[name_field]
            code = 0 if name is None else acled.actor_inter(name, where)
            if code is None:
                raise ReviewError(f"{name_field}={name!r} is not in the actor dictionary; give its inter code too "
                                  f"(--set {inter_field}=N, one of: "
                                  + ", ".join(f"{k} {v}" for k, v in acled.inter_codes().items() if k) + ")")
            inter[side] = derived[inter_field] = code
    if "actor1" in typed and typed["actor1"] is None:
        raise ReviewError("actor1 cannot be empty: every ACLED event has a first actor")
    interaction = acled.interaction_of(inter[1], inter[2])
    if "interaction" in typed and typed["interaction"] != interaction:
        raise ReviewError(f"interaction={typed['interaction']}: inter codes {inter[1]} and {inter[2]} make {interaction}")
    if interaction != event.interaction or "interaction" in typed or {"inter1", "inter2"} & set(derived):
        derived["interaction"] = interaction


def _derive_place(event: Event, typed: dict[str, Any], derived: dict[str, Any], locate: Locate | None) -> None:
    if "location" not in typed or typed["location"] is None:
        return
    if "latitude" in typed and "longitude" in typed:
        return  # the analyst gave the coordinates herself
    where = typed.get("country", event.country)
    place = locate(typed["location"], where) if locate else None
    if place is None or place.latitude is None:
        raise ReviewError(f"location={typed['location']!r} is not in the gazetteer"
                          + (f" for {where}" if where else "") + "; give latitude= and longitude= too "
                          "(and admin1= if you know it)")
    for name in ("country", "admin1", "admin2", "admin3", "latitude", "longitude", "geo_precision", "geonames_id"):
        value = getattr(place, name)
        if name not in typed and value != getattr(event, name):
            derived[name] = value


def consistent(edited: Event, fields: set[str]) -> Event:
    """``edited`` with the fields that follow from others recomputed, so an edit made against one version
    of the machine's event stays consistent when a merge or re-code changes the rest: the event type of an
    edited sub-event type, the disorder type, and the interaction of the inter codes."""
    changes: dict[str, Any] = {}
    if fields & {"sub_event_type", "event_type", "disorder_type"}:
        event_type = acled.sub_event_types().get(edited.sub_event_type, edited.event_type)
        changes.update(event_type=event_type, disorder_type=acled.disorder_of(event_type, edited.sub_event_type))
    if fields & {"actor1", "actor2", "inter1", "inter2", "interaction"}:
        changes["interaction"] = acled.interaction_of(edited.inter1, edited.inter2)
    return replace(edited, **changes) if changes else edited
