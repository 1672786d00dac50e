"""Domain errors and their RFC 9457 problem+json form.

Handlers never catch: a use case raises one of these and the error middleware turns it
into a response through ``STATUS_BY_ERROR``, the single table of error to status.
"""

from __future__ import annotations

import json
import re
from typing import Any

from aiohttp import web
from pydantic import ValidationError

PROBLEM_JSON = "application/problem+json"


class DomainError(Exception):
    """Base of every error a use case may raise on purpose."""

    code = "error"
    title = "Request failed"

    def __init__(
        self,
        detail: str = "",
        *,
        field: str | None = None,
        errors: list[dict[str, str]] | None = None,
        **extra: Any,
    ) -> None:
        """``field`` names the one field at fault; ``errors`` ([{field, reason}]) names
        several at once (a superbill lists every field it lacks)."""
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.field = field
        self.errors = errors
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


class PreconditionFailed(DomainError):
    """An If-Match named a version that is no longer the current one (someone else saved)."""

    code, title = "precondition-failed", "Changed elsewhere"


class PreconditionRequired(DomainError):
    """An update of something versioned came without If-Match."""

    code, title = "precondition-required", "If-Match required"


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
    PreconditionFailed: 412,
    PreconditionRequired: 428,
    TooManyRequests: 429,
    ServiceUnavailable: 503,
}


# Integrity errors that mean "this clashes with data already there" (two requests raced
# for one email, two bookings for one slot): the caller's conflict, so 409 naming what
# clashed, never a 500. By SQLSTATE, so this module needs no database driver.
CONFLICT_BY_SQLSTATE: dict[str, str] = {
    "23505": "already in use",  # unique_violation
    "23P01": "overlaps another",  # exclusion_violation
}
_KEY_COLUMNS = re.compile(r"^Key \((?P<columns>[^()]*)\)=")
# Tenant and owner columns scope a key; the clash is about the column after them.
_SCOPE_COLUMNS = frozenset({"practice_id", "account_id", "client_id", "clinician_id"})


def conflict_for(error: BaseException) -> Conflict | None:
    """The ``Conflict`` a database integrity error stands for, or None for any other error.

    Names the key's column (``email`` of ``(practice_id, email)``) or else the constraint,
    never the clashing value: PostgreSQL's detail holds it, and it may be personal data.
    """
    reason = CONFLICT_BY_SQLSTATE.get(str(getattr(error, "sqlstate", "")))
    if reason is None:
        return None
    match = _KEY_COLUMNS.match(str(getattr(error, "detail", "") or ""))
    columns = [c.strip() for c in match.group("columns").split(",")] if match else []
    named = [c for c in columns if c not in _SCOPE_COLUMNS] or columns
    field = named[-1] if named else str(getattr(error, "constraint_name", "") or "") or None
    if field is None:
        return Conflict(f"this clashes with a record that is {reason}")
    return Conflict(f"{field} is {reason}", field=field)


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
    errors = error.errors or (
        [{"field": error.field, "reason": error.detail}] if error.field else None
    )
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
