"""A per-report time budget, checked cooperatively between the coder's steps.

No signals and no threads: the coder asks ``check`` between sentences, stages and incidents, so a
report that runs long stops at the next step with :class:`~conflictwatch.errors.CodingDeadlineError`
and the batch goes on with the next report. Works the same in a process pool or a Dask worker.
"""

from __future__ import annotations

import time

from conflictwatch.errors import CodingDeadlineError

DEFAULT_DEADLINE = 5.0  # seconds per report: news reports code in milliseconds, a 1 MB page in about a second

class Deadline:
    """``seconds`` of wall-clock time from now; ``None`` means no limit."""

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.started = time.perf_counter()
        self._until = None if seconds is None else self.started + seconds

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def check(self, where: str) -> None:
        """Raise :class:`CodingDeadlineError` naming ``where`` the coder got to, once the time is up."""
        if self._until is not None and time.perf_counter() > self._until:
            raise CodingDeadlineError(
                f"coding stopped after {self.elapsed:.1f} s, over the deadline of {self.seconds:g} s per report, "
                f"{where}; no events are kept for it. Split the report or raise the limit (extract --deadline)")


NO_DEADLINE = Deadline(None)
