"""Limits the API holds before any route runs: a request body larger than ``serve --max-body`` is
refused with 413 (``CW706``) before it is read — before the token check too, so a client without a
token cannot make the server take in 100 MB only to be told 401.

A declared ``Content-Length`` over the limit is refused at once, without reading a byte of the body;
a body sent without one (chunked) is counted as it arrives and refused when it passes the limit.

Also here: the security headers every response carries (:class:`SecurityHeaders`).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from conflictwatch.api.errors import PayloadTooLarge, error_response


class BodyLimit:
    """ASGI middleware: at most ``max_bytes`` of request body per request."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None:
            if declared > self.max_bytes:
                await self._refuse(scope, receive, send)
            else:
                await self.app(scope, receive, send)  # the server reads no more than it declared
            return
        received = 0
        exceeded = False
        answered = False

        async def counted_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    exceeded = True
                    return {"type": "http.disconnect"}  # the app stops reading; the rest is never taken in
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal answered
            if exceeded:
                return  # whatever the app says about a body cut short is replaced by the 413 below
            answered = answered or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except Exception:
            if not exceeded:
                raise
        if exceeded and not answered:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        error = PayloadTooLarge(f"the request body is over {self.max_bytes:,} bytes, the limit of this server "
                                "(serve --max-body); send less")
        response = error_response(error.status, error.code, error.message, {"Connection": "close"})
        await response(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    headers: list[tuple[bytes, bytes]] = scope.get("headers", [])
    for name, value in headers:
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else None
    return None


class SecurityHeaders:
    """ASGI middleware: these headers on every response that does not set them itself (plain ASGI, so a
    request costs no extra task and no body re-streaming, as a ``@app.middleware("http")`` would)."""

    def __init__(self, app: ASGIApp, headers: dict[str, str]):
        self.app = app
        self.headers = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []),
                                                  *((n, v) for n, v in self.headers if n not in present)]}
            await send(message)

        await self.app(scope, receive, with_headers)
