"""Running ``conflictwatch serve``: one uvicorn process, or ``--workers N`` of them on one socket.

Each worker process builds its own app (read connections, caches) from the settings the command puts
in the environment (uvicorn starts workers from an import string). Workers speak HTTP/1.1 with
Nagle's algorithm off: uvicorn makes their shared socket without naming TCP, so asyncio leaves Nagle
on, and a response written as headers then body would wait ~40 ms for the client's delayed ACK.
"""

from __future__ import annotations

import json
import os
import socket
from contextlib import suppress
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from conflictwatch.api.settings import ServeSettings

SETTINGS_ENV = "CONFLICTWATCH_SERVE_SETTINGS"
APP_FACTORY = "conflictwatch.api.app:app_from_environment"


class NoDelayH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, with TCP_NODELAY set on each connection."""

    def connection_made(self, transport: Any) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            with suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)


def serve(settings: ServeSettings, app: Any = None, **options: Any) -> None:
    """Serve until stopped: ``app`` (default: built from ``settings``) in this process when one worker
    is asked for, else :meth:`ServeSettings.worker_count` processes. ``options`` go to uvicorn."""
    workers = settings.worker_count()
    options = {"host": settings.host, "port": settings.port, **options}
    if workers == 1:
        if app is None:
            from conflictwatch.api.app import create_app

            app = create_app(settings)
        uvicorn.run(app, **options)
        return
    os.environ[SETTINGS_ENV] = json.dumps(settings.as_mapping())
    uvicorn.run(APP_FACTORY, factory=True, workers=workers, http=NoDelayH11Protocol, **options)
