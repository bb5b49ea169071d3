"""``conflictwatch serve``: the HTTP API and the analyst's desk — a thin wrapper over conflictwatch.api.

The options are made from :data:`conflictwatch.api.settings.SETTINGS`, the one list of settings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from conflictwatch.api.settings import SETTINGS, Setting
from conflictwatch.cli import main
from conflictwatch.errors import ConflictWatchError


def _option(setting: Setting) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    flag = "--" + setting.name.replace("_", "-")
    kwargs: dict[str, Any] = {"help": setting.help, "envvar": setting.env, "show_envvar": bool(setting.env)}
    if setting.multiple:
        kwargs.update(multiple=True)
    else:
        kwargs.update(default=setting.default, show_default=setting.default not in (None, ""))
        if isinstance(setting.default, int):
            kwargs["type"] = int
    return click.option(flag, setting.name, **kwargs)


def settings_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    for setting in reversed(SETTINGS):
        fn = _option(setting)(fn)
    return fn


def desk_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


@main.command()
@settings_options
def serve(**values: Any) -> None:
    """Serve the JSON API (/api/, spec at /openapi.json) and the analyst's desk (a map with timeline,
    filters, evidence and review) at http://127.0.0.1:8000/.

    Review (accept/reject/edit) needs --token; clients send it as 'Authorization: Bearer TOKEN'.

    \b
    Examples:
      conflictwatch serve
      conflictwatch serve --db postgresql://cw:secret@localhost/cw --token "$(openssl rand -hex 16)"
      conflictwatch serve --tiles 'https://tile.openstreetmap.org/{z}/{x}/{y}.png' --tiles-attribution '© OpenStreetMap'
      conflictwatch serve --workers 4   # four processes (default: one per CPU core)
    """
    from conflictwatch.api import ServeSettings, create_app

    try:
        settings = ServeSettings.from_mapping(values)
    except ValueError as err:
        raise click.UsageError(str(err)) from err
    from conflictwatch.errors import StoreMissingError
    from conflictwatch.store.db import store_exists

    if not store_exists(settings.db):  # a typo in --db must not serve an empty new store
        err = StoreMissingError(f"no conflictwatch store at {settings.db!r}; check --db (or $CONFLICTWATCH_DB), or "
                                "create one with `conflictwatch ingest SOURCE…` or `conflictwatch init`")
        raise click.ClickException(f"{err} [{err.code}]")
    try:
        app = create_app(settings)
    except ConflictWatchError as err:
        raise click.ClickException(f"{err} [{err.code}]") from err
    mode = "review enabled (token set)" if settings.token else "read-only (no --token)"
    workers = settings.worker_count()
    click.echo(f"conflictwatch desk: {desk_url(settings.host, settings.port)}  — {mode}; API spec at /openapi.json; "
               f"{workers} worker process{'es' if workers > 1 else ''}", err=True)
    from conflictwatch.api.serving import serve as run_server

    run_server(settings, app, log_level="info", proxy_headers=False, server_header=False)
