"""Shared fixtures: paths to the bundled example and our own test reports."""

from __future__ import annotations

import os
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


def fresh_pg_url(schema: str = "public") -> str:
    """A PostgreSQL URL whose ``schema`` has just been emptied. Skips without a server, except under CI,
    where .ci/run always starts one and a missing server is a failure."""
    url = os.environ.get("CONFLICTWATCH_TEST_PG")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI must test PostgreSQL: .ci/run sets CONFLICTWATCH_TEST_PG after starting the server")
        pytest.skip("no PostgreSQL server: set CONFLICTWATCH_TEST_PG=postgresql://… to run these")
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        conn.execute(f"CREATE SCHEMA {schema}")
    if schema == "public":
        return url
    return url + ("&" if "?" in url else "?") + f"options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """The same tests on an SQLite file and on a real PostgreSQL server. A test module that must not
    share PostgreSQL's "public" schema with the store's tests names its own in ``PG_SCHEMA``."""
    if request.param == "sqlite":
        return str(tmp_path / "cw.db")
    return fresh_pg_url(getattr(request.module, "PG_SCHEMA", "public"))
