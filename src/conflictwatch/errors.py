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


class ReaderError(InputError):
    """A reader met something it did not expect (a bug): the item is named, the batch goes on."""

    code = "CW109"


class CodingError(ConflictWatchError):
    """The coder failed on a report it could read: a bug, reported per report, never fatal to a batch."""

    code = "CW200"


class CodingDeadlineError(CodingError):
    """A report took longer to code than the per-report deadline (``Options.deadline``); it is named
    as failed and the batch goes on."""

    code = "CW210"


class LanguageNotCodedError(CodingError):
    """A report in a language that has no rules files: it is never run through another language's rules.
    ``ingest`` stores it "not coded (language xx)"; ``extract`` and ``extract_documents`` name it."""

    code = "CW220"


class DataFileError(ConflictWatchError):
    """A packaged data file (lexicon, actor dictionary) is missing or invalid."""

    code = "CW201"


class RulesError(DataFileError):
    """A rules file (``data/rules/<lang>/…``) has an unknown key, a missing one or a wrong type."""

    code = "CW202"


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


class StoreFullError(StoreError):
    """The disk (or the database's size limit) is full: what was committed is kept; free space and re-run."""

    code = "CW409"


class StoreMissingError(StoreError):
    """``--db`` names no existing store and the command only reads (ingest and init create one)."""

    code = "CW405"


class FetchError(InputError):
    """A URL could not be fetched: unreachable, refused, timed out, HTTP error."""

    code = "CW410"


class UnsafeURLError(InputError):
    """Only http:// and https:// URLs are fetched."""

    code = "CW411"


class FeedError(InputError):
    """A feed (by URL or file) is not RSS/Atom XML or has no entries."""

    code = "CW412"


class FetchTimeoutError(FetchError):
    """A fetch did not finish within its total deadline (connect, headers and body together)."""

    code = "CW413"


class PrivateAddressError(UnsafeURLError):
    """A URL (or a redirect) leads to a private, loopback or link-local address; --allow-private fetches it."""

    code = "CW414"


class HTTPProtocolError(FetchError):
    """The server's reply is not valid HTTP: a bad status line, bad headers, broken chunks or compression."""

    code = "CW415"


class ResponseHeadersTooLargeError(FetchError):
    """The server sent more (or longer) headers than a fetch accepts."""

    code = "CW416"


class TooManyRedirectsError(FetchError):
    """A URL redirects too often, in a loop, or without saying where to."""

    code = "CW417"


class EngineError(ConflictWatchError):
    """Where coding runs could not be set up: a bad ``--jobs``/``--cluster``, Dask missing or unreachable."""

    code = "CW800"
