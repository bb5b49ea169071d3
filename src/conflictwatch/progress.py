"""Progress bars and status lines on stderr, for long steps (ingest, dedup, the gazetteer build).

A bar is drawn only when stderr is a terminal and the run is not ``--quiet``; otherwise the items
pass through untouched, so piped and scripted runs stay clean. Library code asks for a bar through
:func:`bar`; the command line sets :func:`set_quiet` from ``--quiet`` (or ``CONFLICTWATCH_QUIET=1``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
_state = {"quiet": False, "force": False}


def set_quiet(quiet: bool) -> None:
    _state["quiet"] = quiet


def set_forced(force: bool) -> None:
    """Draw bars even when stderr is not a terminal (``extract --progress``)."""
    _state["force"] = force


def quiet() -> bool:
    return _state["quiet"] or os.environ.get("CONFLICTWATCH_QUIET", "") not in ("", "0")


def showing() -> bool:
    return not quiet() and (_state["force"] or sys.stderr.isatty())


def bar(items: Iterable[T], desc: str, total: int | None = None, unit: str = " items") -> Iterator[T]:
    """``items``, with a tqdm bar on stderr while they are consumed (when :func:`showing`)."""
    if not showing():
        yield from items
        return
    from tqdm import tqdm

    with tqdm(items, desc=desc, total=total, unit=unit, file=sys.stderr, leave=False) as progress:
        yield from progress


def status(message: str) -> None:
    """A one-line note on stderr (what is being done, where output went), unless quiet."""
    if not quiet():
        print(message, file=sys.stderr, flush=True)
