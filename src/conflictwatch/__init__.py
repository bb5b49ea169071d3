"""conflictwatch: code reports of armed conflict into ACLED-style events, offline, with evidence."""

__version__ = "0.1.0"
