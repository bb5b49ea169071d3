"""Analyst edits checked at the API's boundary, before the store sees them.

JSON can carry values no event can hold — ``Infinity`` and ``NaN`` (Python's JSON reader takes
them), a latitude of 999, a toll of -5 or of 10**20 — and a non-finite coordinate once stored
made every GeoJSON answer unreadable. Such an edit is refused with the store's review error
(``CW404``, HTTP 422), naming the field, the value and what is allowed; nothing is written.
"""

from __future__ import annotations

import math
from typing import Any

from conflictwatch.errors import ReviewError
from conflictwatch.store.records import REVIEWABLE

# field -> (lowest, highest) allowed; other numeric fields only have to fit a database integer
RANGES: dict[str, tuple[int, int]] = {"latitude": (-90, 90), "longitude": (-180, 180), "fatalities": (0, 1_000_000)}
_INT_LIMIT = 2**31 - 1


def checked_edits(values: dict[str, Any]) -> dict[str, str]:
    """The edits as the text the store reads (null or "" clears a field), each numeric one checked
    to be finite and in range; raises :class:`ReviewError` on the first that is not."""
    out = {}
    for name, value in values.items():
        if value is None or value == "":
            out[name] = ""
            continue
        if isinstance(value, bool):
            raise ReviewError(f"{name}={value!r}: true and false are no field's value; give a number or text")
        number = _number(name, value)
        if number is not None:
            _check_range(name, value, number)
        out[name] = str(value)
    return out


def _number(name: str, value: Any) -> float | int | None:
    """The value as the number the store would read, or None when the field is not numeric or the
    value does not parse (the store then names the expected kind)."""
    kind = REVIEWABLE.get(name)
    if kind not in (int, float):
        return None
    try:
        if kind is int and not isinstance(value, float):
            return int(str(value).strip())
        return float(value)  # a float for a whole-number field is range-checked here, its kind by the store
    except (TypeError, ValueError):
        return None


def _check_range(name: str, value: Any, number: float | int) -> None:
    low, high = RANGES.get(name, (-_INT_LIMIT, _INT_LIMIT))
    if not math.isfinite(number) or not low <= number <= high:
        kind = "a whole number" if REVIEWABLE[name] is int else "a finite number"
        raise ReviewError(f"{name}={value!r}: expected {kind} from {low:,} to {high:,}")
