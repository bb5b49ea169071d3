"""Never silent, never noisy by accident: a --db that names no store is an error for every command that
only reads; progress bars go to stderr on a terminal only; --quiet keeps status lines away but not errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conflictwatch import progress
from conflictwatch.cli import main

REPORT = {"id": "LOC-77", "published": "2024-06-03",
          "text": "Gunmen attacked a village near Maiduguri in Borno State on Sunday, killing 12 civilians, residents said."}


@pytest.mark.parametrize("command", [["events"], ["stats"], ["reports"], ["dedup"], ["review", "SYR1", "--accept"],
                                     ["review", "--orphans"], ["events", "--deletions"], ["ceasefire", "list"], ["serve"]])
def test_a_missing_db_is_an_error_for_reading_commands(tmp_path, command):
    missing = tmp_path / "typo.db"
    result = CliRunner().invoke(main, [*command, "--db", str(missing)])
    assert result.exit_code != 0
    assert "CW405" in result.output and "typo.db" in result.output and "conflictwatch init" in result.output
    assert not missing.exists()  # and no empty store was left behind


def test_ingest_and_init_create_the_store(tmp_path):
    runner = CliRunner()
    made = tmp_path / "new.db"
    assert runner.invoke(main, ["init", "--db", str(made)]).exit_code == 0 and made.exists()
    assert runner.invoke(main, ["events", "--db", str(made)]).output.strip() == "0 events"
    batch = tmp_path / "b.jsonl"
    batch.write_text(json.dumps(REPORT) + "\n", encoding="utf-8")
    other = tmp_path / "other.db"
    assert runner.invoke(main, ["ingest", str(batch), "--db", str(other)]).exit_code == 0 and other.exists()


def test_progress_bars_only_when_asked_or_on_a_terminal(capsys):
    assert list(progress.bar(range(5), "dedup")) == list(range(5))  # pytest's stderr is no terminal
    assert capsys.readouterr().err == ""
    progress.set_forced(True)
    try:
        assert list(progress.bar(range(5), "dedup", total=5)) == list(range(5))
        assert "dedup" in capsys.readouterr().err
        progress.set_quiet(True)
        list(progress.bar(range(5), "dedup", total=5))
        progress.status("written")
        assert capsys.readouterr().err == ""
    finally:
        progress.set_forced(False)
        progress.set_quiet(False)


def test_quiet_silences_status_but_not_errors(tmp_path):
    batch = tmp_path / "b.jsonl"
    batch.write_text(json.dumps(REPORT) + "\n" + "{not json\n", encoding="utf-8")
    db = str(tmp_path / "q.db")
    loud = CliRunner().invoke(main, ["ingest", str(batch), "--db", db])
    assert "reports added" in loud.output
    quiet = CliRunner().invoke(main, ["--quiet", "ingest", str(batch), "--db", db])
    assert quiet.exit_code == 1  # the bad line still fails the run ...
    assert "not JSON" in quiet.output and "CW105" in quiet.output  # ... and is still named
    assert "reports added" not in quiet.output
    out = tmp_path / "e.csv"
    written = CliRunner().invoke(main, ["--quiet", "events", "--db", db, "-o", str(out)])
    assert written.exit_code == 0 and written.output == "" and out.exists()
    progress.set_quiet(False)
