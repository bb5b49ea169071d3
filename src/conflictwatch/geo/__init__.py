"""Offline geocoding: an injectable gazetteer, toponym detection and place resolution.

    from conflictwatch.geo import default_geocoder
    place, mentioned = default_geocoder().locate(report_text, focus=segment.span, country_hint="Syria")
"""

from conflictwatch.geo.errors import (
    GazetteerBuildError,
    GazetteerNotFoundError,
    GazetteerSchemaError,
    GeoDataError,
    GeoError,
    GeoNamesDownloadError,
    GeoNamesFormatError,
)
from conflictwatch.geo.gazetteer import (
    CountryRecord,
    Gazetteer,
    GazetteerEntry,
    GazetteerInfo,
    PlaceRecord,
    SqliteGazetteer,
    build_gazetteer,
    default_data_dir,
    default_gazetteer_path,
)
from conflictwatch.geo.geocoder import (
    Explanation,
    Geocoder,
    Mention,
    ScoredCandidate,
    default_geocoder,
    explain,
    reset_default_geocoder,
)
from conflictwatch.geo.geonames import download, import_geonames
from conflictwatch.geo.normalize import name_key
from conflictwatch.geo.sources import build_default_gazetteer

__all__ = [
    "CountryRecord", "Explanation", "Gazetteer", "GazetteerBuildError", "GazetteerEntry", "GazetteerInfo",
    "GazetteerNotFoundError", "GazetteerSchemaError", "Geocoder", "GeoDataError", "GeoError",
    "GeoNamesDownloadError", "GeoNamesFormatError", "Mention", "PlaceRecord", "SqliteGazetteer",
    "build_default_gazetteer", "build_gazetteer", "default_data_dir", "default_gazetteer_path",
    "default_geocoder", "download", "explain", "import_geonames", "name_key", "reset_default_geocoder",
    "ScoredCandidate",
]
