"""ACLED-style notes written from coded fields: used by the coder for each account and by the store
for each canonical event, so it sits below both."""

from __future__ import annotations

from conflictwatch.records import Event


def write_note(e: Event) -> str:
    """A one-sentence ACLED-style note written from the coded fields."""
    when = f"On {e.event_date.isoformat()}" if e.event_date else "On an unknown date"
    if e.time_precision and e.time_precision > 1:
        when = f"Around {e.event_date.isoformat()}" if e.event_date else when
    where = ""
    if e.location:
        region = ", ".join(x for x in (e.admin1, e.country) if x)
        where = f" in {e.location}" + (f" ({region})" if region else "")
    elif e.country:
        where = f" in {e.country}"
    who = e.actor1 or "an unidentified actor"
    whom = f" against {e.actor2}" if e.actor2 else ""
    deaths = f"{e.fatalities} reported fatalities" if e.fatalities_known else "fatalities reported, number unknown"
    claim = f" According to {e.claimed_by}." if e.claimed_by else ""
    return f"{when}, {who}: {e.sub_event_type.lower()}{whom}{where}; {deaths}.{claim}"
