"""API errors: each class carries its HTTP status and a stable code, and every error the app sends —
ours, the store's, FastAPI's validation errors, unknown routes — has one JSON shape::

    {"error": {"code": "CW701", "message": "no such path; …", "status": 404}}

Codes: the store's own (``CW4xx``, e.g. CW403 no such event, CW404 bad review) and the API's
``CW7xx`` below (``CW6xx`` belong to the ceasefire monitor).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from conflictwatch.errors import ConflictWatchError, EventNotFoundError, ReviewError

log = logging.getLogger(__name__)


class APIError(Exception):
    """Base class: ``status`` is the HTTP status, ``code`` is stable across releases."""

    status = 500
    code = "CW700"

    def __init__(self, message: str, *, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.headers = headers or {}


class NotFound(APIError):
    status = 404
    code = "CW701"


class InvalidRequest(APIError):
    status = 422
    code = "CW702"


class Unauthorized(APIError):
    """The write endpoints need ``Authorization: Bearer <token>``."""

    status = 401
    code = "CW703"


class Forbidden(APIError):
    """Wrong token, or the server has no token and is read-only."""

    status = 403
    code = "CW704"


class MethodNotAllowed(APIError):
    status = 405
    code = "CW705"


class PayloadTooLarge(APIError):
    """A request body over ``serve --max-body``, refused before it is read (and before the token check)."""

    status = 413
    code = "CW706"


_HTTP_CLASSES: dict[int, type[APIError]] = {404: NotFound, 405: MethodNotAllowed, 401: Unauthorized, 403: Forbidden,
                                            413: PayloadTooLarge, 422: InvalidRequest}
# Store errors keep their own codes; these statuses say what the client can do about them.
_DOMAIN_STATUS: tuple[tuple[type[ConflictWatchError], int], ...] = ((EventNotFoundError, 404), (ReviewError, 422))


def error_payload(status: int, code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "status": status}}


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_payload(status, code, message), status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    """Route every exception the app can raise into the one error shape."""

    async def api_error(_request: Request, err: Exception) -> JSONResponse:
        assert isinstance(err, APIError)
        return error_response(err.status, err.code, err.message, err.headers)

    async def domain_error(_request: Request, err: Exception) -> JSONResponse:
        assert isinstance(err, ConflictWatchError)
        status = next((s for cls, s in _DOMAIN_STATUS if isinstance(err, cls)), 500)
        if status == 500:
            log.error("store error: %s [%s]", err, err.code)
        return error_response(status, err.code, str(err))

    async def validation_error(_request: Request, err: Exception) -> JSONResponse:
        assert isinstance(err, RequestValidationError)
        problems = []
        for item in err.errors():
            where = ".".join(str(p) for p in item.get("loc", ()) if p not in ("query", "path", "body"))
            problems.append(f"{where or 'request'}: {item.get('msg', 'invalid')}")
        return error_response(422, InvalidRequest.code, "; ".join(problems) or "invalid request")

    async def http_error(_request: Request, err: Exception) -> JSONResponse:
        assert isinstance(err, StarletteHTTPException)
        cls = _HTTP_CLASSES.get(err.status_code, APIError)
        message = str(err.detail) if err.detail else "error"
        if err.status_code == 404 and message == "Not Found":
            message = "no such path; the API is described at /openapi.json"
        return error_response(err.status_code, cls.code, message, getattr(err, "headers", None))

    async def unexpected(_request: Request, err: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=err)
        return error_response(500, APIError.code, "internal error; see the server log")

    app.add_exception_handler(APIError, api_error)
    app.add_exception_handler(ConflictWatchError, domain_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unexpected)
