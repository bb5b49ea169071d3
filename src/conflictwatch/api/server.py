"""Run the app with uvicorn in a background thread: for tests, benchmarks and notebooks.

    >>> with running_server(ServeSettings(db="events.db")) as url:
    ...     httpx.get(url + "api/stats")
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from conflictwatch.api.settings import ServeSettings


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_server(settings: ServeSettings, timeout: float = 20.0) -> Iterator[str]:
    """Serve ``settings`` (a port of 0 picks a free one) until the block ends; yields the base URL."""
    import uvicorn

    from conflictwatch.api.app import create_app

    port = settings.port or free_port(settings.host)
    app = create_app(settings)
    server = uvicorn.Server(uvicorn.Config(app, host=settings.host, port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, name=f"conflictwatch-serve-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError(f"the web server did not start on {settings.host}:{port}")
        time.sleep(0.02)
    try:
        yield f"http://{settings.host}:{port}/"
    finally:
        server.should_exit = True
        thread.join(timeout)
