"""Loading the packaged data files (lexicons, actor dictionary, countries), once per process."""

from __future__ import annotations

import json
import os
import re
import sys
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from conflictwatch.errors import DataFileError


@cache
def load_json(name: str) -> Any:
    """A JSON data file shipped in ``conflictwatch/data``; a clear error if it is missing or broken."""
    try:
        raw = resources.files("conflictwatch").joinpath("data", name).read_text(encoding="utf-8")
    except FileNotFoundError as err:
        raise DataFileError(f"packaged data file {name} is missing; reinstall conflictwatch") from err
    try:
        return json.loads(raw)
    except json.JSONDecodeError as err:
        raise DataFileError(f"packaged data file {name} is not valid JSON ({err})") from err


def data_file(*parts: str) -> Any:
    """A packaged data file's path (a Traversable) under ``conflictwatch/data``."""
    return resources.files("conflictwatch").joinpath("data", *parts)


def compile_patterns(patterns: list[str], flags: int = re.I) -> re.Pattern[str]:
    """One alternation of word-bounded cues; the longest alternatives first so they win."""
    ordered = sorted(patterns, key=len, reverse=True)
    from conflictwatch.compiled import compile_pattern

    return compile_pattern(r"(?<![\w-])(?:" + "|".join(f"(?:{p})" for p in ordered) + r")(?![\w])", flags)


def default_data_dir() -> Path:
    """Where conflictwatch keeps compiled data: $CONFLICTWATCH_DATA_DIR, else the platform's user data dir."""
    override = os.environ.get("CONFLICTWATCH_DATA_DIR")
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "conflictwatch"
