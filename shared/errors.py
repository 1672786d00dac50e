"""Domain errors and their RFC 9457 problem+json form.

Handlers never catch: a use case raises one of these and the error middleware turns it
into a response through ``STATUS_BY_ERROR``, the single table of error to status.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web
from pydantic import ValidationError

PROBLEM_JSON = "application/problem+json"


class DomainError(Exception):
    """Base of every error a use case may raise on purpose."""

    code = "error"
    title = "Request failed"

    def __init__(self, detail: str = "", *, field: str | None = None, **extra: Any) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.field = field
        self.extra = extra


class InvalidInput(DomainError):
    code, title = "invalid-input", "Invalid input"


class Unauthenticated(DomainError):
    code, title = "unauthenticated", "Authentication required"


class Forbidden(DomainError):
    code, title = "forbidden", "Not allowed"


class NotFound(DomainError):
    code, title = "not-found", "Not found"


class Conflict(DomainError):
    code, title = "conflict", "Conflict"


class Gone(DomainError):
    code, title = "gone", "No longer available"


class TooManyRequests(DomainError):
    code, title = "too-many-requests", "Too many requests"


class ServiceUnavailable(DomainError):
    code, title = "unavailable", "Service unavailable"


STATUS_BY_ERROR: dict[type[DomainError], int] = {
    InvalidInput: 422,
    Unauthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    Gone: 410,
    TooManyRequests: 429,
    ServiceUnavailable: 503,
}


def status_for(error: DomainError) -> int:
    for cls in type(error).__mro__:
        if cls in STATUS_BY_ERROR:
            return STATUS_BY_ERROR[cls]
    return 400


def problem_response(
    status: int,
    *,
    title: str,
    detail: str | None = None,
    code: str | None = None,
    request_id: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> web.Response:
    body: dict[str, Any] = {
        "type": f"https://client-portal.dev/problems/{code or status}",
        "title": title,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    if request_id:
        body["request_id"] = request_id
    if errors:
        body["errors"] = errors
    body.update(extra)
    return web.Response(
        status=status, text=json.dumps(body), content_type=PROBLEM_JSON, headers=headers
    )


def problem_for_domain_error(error: DomainError, request_id: str | None) -> web.Response:
    errors = [{"field": error.field, "reason": error.detail}] if error.field else None
    headers = None
    if "retry_after" in error.extra:
        headers = {"Retry-After": str(int(error.extra.pop("retry_after")))}
    return problem_response(
        status_for(error),
        title=error.title,
        detail=error.detail,
        code=error.code,
        request_id=request_id,
        errors=errors,
        headers=headers,
        **error.extra,
    )


def problem_for_validation_error(error: ValidationError, request_id: str | None) -> web.Response:
    """422 naming each bad field (dotted path) and why; never echoes the bad value."""
    errors = [
        {"field": ".".join(str(p) for p in e["loc"]) or "body", "reason": e["msg"]}
        for e in error.errors(include_url=False, include_input=False)
    ]
    detail = "; ".join(f"{e['field']}: {e['reason']}" for e in errors)
    return problem_response(
        422,
        title="Invalid input",
        detail=detail,
        code="invalid-input",
        request_id=request_id,
        errors=errors,
    )
