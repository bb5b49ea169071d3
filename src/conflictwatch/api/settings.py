"""The one list of settings of ``conflictwatch serve``: name, default, environment variable and help.

The command's options are generated from :data:`SETTINGS`, and a test fails when a setting has no
help, so the list is also the documentation.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from conflictwatch.store.db import DEFAULT_DB


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    env: str | None = None
    multiple: bool = False


SETTINGS: tuple[Setting, ...] = (
    Setting("db", DEFAULT_DB, "Database: a SQLite file or a postgresql://user:pass@host/db URL.", "CONFLICTWATCH_DB"),
    Setting("host", "127.0.0.1", "Interface to listen on. Keep the loopback address unless a proxy with TLS sits in front."),
    Setting("port", 8000, "TCP port to listen on."),
    Setting("token", None, "Bearer token that unlocks the review endpoints (accept/reject/edit). "
            "Without one the API is read-only.", "CONFLICTWATCH_TOKEN"),
    Setting("tiles", None, "Base map tile URL template, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png. "
            "Default: none (events are drawn over bundled country outlines, no network needed).", "CONFLICTWATCH_TILES"),
    Setting("tiles_attribution", "", "Attribution shown for the tiles, e.g. '© OpenStreetMap contributors'."),
    Setting("cors_origin", (), "An origin allowed to call the API from another site (repeatable). Default: none, no CORS.",
            multiple=True),
    Setting("max_page", 1000, "Largest page (limit) a client may ask of /api/events and /api/reports."),
    Setting("max_body", 1_048_576, "Largest request body in bytes; a larger one is refused (413) before it is read "
            "and before the token is checked."),
    Setting("gazetteer", None, "Compiled gazetteer whose place names the map shows (default: the one the coder "
            "uses, in the user's data directory).", "CONFLICTWATCH_GAZETTEER"),
    Setting("workers", 0, "Server processes answering requests (each with its own read connections and cache). "
            "Default 0: one per CPU core, at most 8.", "CONFLICTWATCH_WORKERS"),
)
MAX_AUTO_WORKERS = 8


@dataclass(frozen=True)
class ServeSettings:
    """Validated settings of the web app; build with :meth:`from_mapping` or directly."""

    db: str = DEFAULT_DB
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    tiles: str | None = None
    tiles_attribution: str = ""
    cors_origin: tuple[str, ...] = ()
    max_page: int = 1000
    max_body: int = 1_048_576
    gazetteer: str | None = None
    workers: int = 0

    def __post_init__(self) -> None:
        if self.tiles and not self.tiles.startswith(("https://", "http://")):
            raise ValueError(f"tiles {self.tiles!r}: give an http(s):// URL template with {{z}}/{{x}}/{{y}}")
        if self.max_page < 1:
            raise ValueError("max_page must be at least 1")
        if self.max_body < 1024:
            raise ValueError("max_body must be at least 1024 bytes (a review body is a few hundred)")
        if self.token is not None and not self.token.strip():
            object.__setattr__(self, "token", None)
        if self.workers < 0:
            raise ValueError("workers must be 0 (one per CPU core) or more")

    def worker_count(self) -> int:
        """How many processes serve: ``workers``, or for 0 one per core this process may use (at most 8)."""
        if self.workers:
            return self.workers
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        return max(1, min(MAX_AUTO_WORKERS, cores))

    def as_mapping(self) -> dict[str, Any]:
        """The settings as plain JSON values (what :meth:`from_mapping` reads back)."""
        return {f.name: list(v) if isinstance(v := getattr(self, f.name), tuple) else v for f in fields(self)}

    def gazetteer_path(self) -> Path:
        """The gazetteer the map's place names come from."""
        from conflictwatch.geo.gazetteer import default_gazetteer_path

        return Path(self.gazetteer) if self.gazetteer else default_gazetteer_path()

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> ServeSettings:
        known = {f.name for f in fields(cls)}
        unknown = set(values) - known
        if unknown:
            raise ValueError(f"unknown settings: {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}")
        cleaned: dict[str, Any] = {k: (tuple(v) if k == "cors_origin" else v) for k, v in values.items() if v is not None}
        return cls(**cleaned)
