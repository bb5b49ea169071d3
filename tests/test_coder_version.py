"""The coder's version is its content: the package version and a hash of its rules and dictionaries."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conflictwatch import __version__
from conflictwatch.pipeline import CODER_VERSION
from conflictwatch.rules import content_hash

SRC = Path(__file__).resolve().parents[1] / "src"
DATA = SRC / "conflictwatch" / "data"
REPORT = ("On 3 May 2021, Taliban fighters attacked a police checkpoint in Kunduz city, killing two policemen, "
          "officials said.")


def test_version_is_package_version_and_data_hash():
    assert CODER_VERSION == f"conflictwatch-coder/{__version__}+{content_hash()}"


def test_hash_is_of_relative_paths_and_content(tmp_path):
    here, there = tmp_path / "a" / "data", tmp_path / "elsewhere" / "deeper" / "data"
    shutil.copytree(DATA, here)
    shutil.copytree(DATA, there)
    assert content_hash(here) == content_hash(there) == content_hash()  # wherever it is installed
    rules = here / "rules" / "en" / "counts.json"
    rules.write_text(rules.read_text(encoding="utf-8").replace('"lone": 1', '"lone": 1, "trio": 3'), encoding="utf-8")
    assert content_hash(here) != content_hash(there)
    (there / "rules" / "en" / "counts.json").rename(there / "rules" / "en" / "counts2.json")
    assert content_hash(there) != content_hash()  # a file's name counts too


def _ingest(package: Path, report: Path, db: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(package), "CONFLICTWATCH_QUIET": ""}
    done = subprocess.run([sys.executable, "-m", "conflictwatch", "ingest", str(report), "--db", str(db), "--jobs", "1"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_changed_rules_file_recodes_stored_reports_on_the_next_ingest(tmp_path):
    package = tmp_path / "pkg"
    shutil.copytree(SRC / "conflictwatch", package / "conflictwatch", ignore=shutil.ignore_patterns("__pycache__"))
    report = tmp_path / "kunduz.txt"
    report.write_text(REPORT, encoding="utf-8")
    db = tmp_path / "cw.db"
    assert re.search(r"\b1 reports added\b", _ingest(package, report, db))
    assert re.search(r"\b0 re-coded\b", _ingest(package, report, db))  # same rules: nothing to do
    rules = package / "conflictwatch" / "data" / "rules" / "en" / "counts.json"
    rules.write_text(rules.read_text(encoding="utf-8").replace('"lone": 1', '"lone": 1, "trio": 3'), encoding="utf-8")
    assert re.search(r"\b1 re-coded\b", _ingest(package, report, db))
    from conflictwatch.store import open_store

    with open_store(str(db)) as store:
        versions = {row["coder_version"] for row in store.db.query("SELECT coder_version FROM reports")}
    assert len(versions) == 1 and versions != {CODER_VERSION}  # coded by the changed rules' version
