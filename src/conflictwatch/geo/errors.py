"""Errors of the geo package, each with a stable code and a message that says what to do.

The CLI turns these into user-facing messages; library code raises them, never bare ``Exception``.
"""

from __future__ import annotations


class GeoError(Exception):
    """Base of every geo error. ``code`` is stable and documented; ``message`` says what to do."""

    code = "GEO000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")
        self.message = message


class GazetteerNotFoundError(GeoError):
    """No compiled gazetteer at the expected path (build it, or point CONFLICTWATCH_DATA_DIR elsewhere)."""

    code = "GEO001"


class GazetteerSchemaError(GeoError):
    """The gazetteer file exists but is not one this version can read (rebuild it)."""

    code = "GEO002"


class GazetteerBuildError(GeoError):
    """Building the gazetteer failed; any existing gazetteer was left intact."""

    code = "GEO003"


class GeoNamesFormatError(GazetteerBuildError):
    """A GeoNames file is corrupt, truncated or not in a format the importer knows."""

    code = "GEO004"


class GeoNamesDownloadError(GazetteerBuildError):
    """Fetching GeoNames files failed (network, HTTP status, or a bad archive)."""

    code = "GEO005"


class GeoDataError(GeoError):
    """A packaged geo data file (supplement, stoplist, country table) is malformed."""

    code = "GEO006"
