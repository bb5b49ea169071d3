"""``python -m conflictwatch``: the same as the ``conflictwatch`` command."""

from conflictwatch.cli import run

if __name__ == "__main__":  # worker processes of --jobs import this module again: they must not run the CLI
    run()
