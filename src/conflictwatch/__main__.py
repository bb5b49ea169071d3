"""``python -m conflictwatch``: the same as the ``conflictwatch`` command."""

from conflictwatch.cli import run

run()
