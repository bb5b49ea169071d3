"""The HTTP API and the analyst's desk: ``create_app(ServeSettings(...))`` → a FastAPI app.

    >>> from conflictwatch.api import ServeSettings, create_app
    >>> app = create_app(ServeSettings(db="events.db", token="s3cret"))

FastAPI is imported only when the app is built, so the other commands start fast.
"""

from typing import Any

from conflictwatch.api.settings import SETTINGS, ServeSettings, Setting

__all__ = ["SETTINGS", "ServeSettings", "Setting", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from conflictwatch.api.app import create_app

        return create_app
    raise AttributeError(f"module 'conflictwatch.api' has no attribute {name!r}")
