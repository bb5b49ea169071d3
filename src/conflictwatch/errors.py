"""Domain exceptions with stable codes.

Each error carries a code (``CW1xx`` input, ``CW2xx`` coding, ``CW3xx`` geo, ``CW4xx`` store,
``CW5xx`` settings, ``CW8xx`` where coding runs) and a message that names the item and says what to do. The CLI turns them
into one-line messages; batch runs turn them into :class:`~conflictwatch.records.ReportFailure`
records so one bad report never stops the others.
"""

from __future__ import annotations


class ConflictWatchError(Exception):
    """Base class: ``code`` is stable across releases, ``str(err)`` is for people."""

    code = "CW000"

    def __init__(self, message: str, *, origin: str | None = None):
        self.origin = origin
        self.message = message
        super().__init__(f"{origin}: {message}" if origin else message)


class InputError(ConflictWatchError):
    """A report could not be read (missing, empty, binary, too large, malformed)."""

    code = "CW100"


class EmptyReportError(InputError):
    code = "CW101"


class BinaryInputError(InputError):
    code = "CW102"


class ReportTooLargeError(InputError):
    code = "CW103"


class EncodingError(InputError):
    code = "CW104"


class MalformedLineError(InputError):
    code = "CW105"


class MissingTextError(InputError):
    code = "CW106"


class UnsupportedInputError(InputError):
    code = "CW107"


class BadDateError(InputError):
    code = "CW108"


class CodingError(ConflictWatchError):
    """The coder failed on a report it could read: a bug, reported per report, never fatal to a batch."""

    code = "CW200"


class DataFileError(ConflictWatchError):
    """A packaged data file (lexicon, actor dictionary) is missing or invalid."""

    code = "CW201"


class StoreError(ConflictWatchError):
    """The event store could not be opened, migrated, read or written."""

    code = "CW400"


class StoreURLError(StoreError):
    """``--db`` is neither a SQLite path nor a ``postgresql://`` URL (or its driver is missing)."""

    code = "CW401"


class MigrationError(StoreError):
    """A schema migration failed (it was rolled back) or the database is newer than this program."""

    code = "CW402"


class EventNotFoundError(StoreError):
    """No event (or coded account) with that id in the store."""

    code = "CW403"


class ReviewError(StoreError):
    """An analyst edit names an unknown field or gives a value of the wrong kind."""

    code = "CW404"


class FetchError(InputError):
    """A URL could not be fetched: unreachable, refused, timed out, HTTP error."""

    code = "CW410"


class UnsafeURLError(InputError):
    """Only http:// and https:// URLs are fetched."""

    code = "CW411"


class FeedError(InputError):
    """A feed (by URL or file) is not RSS/Atom XML or has no entries."""

    code = "CW412"


class EngineError(ConflictWatchError):
    """Where coding runs could not be set up: a bad ``--jobs``/``--cluster``, Dask missing or unreachable."""

    code = "CW800"
