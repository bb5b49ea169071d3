"""Shared fixtures: paths to the bundled example and our own test reports."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def qamishli_text() -> str:
    return (ROOT / "examples" / "qamishli-statement-2020.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA
