"""The ``@endpoint`` decorator: authenticate, parse, call, serialise - and describe.

A handler declares what it takes and returns; the decorator does the parsing (bad input
becomes 422 naming the field), checks the caller's role, turns a returned model into
JSON, and records the same facts for the OpenAPI document.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from uuid import UUID

from aiohttp import web
from pydantic import BaseModel, TypeAdapter

from shared.auth import Caller, bearer_token, require_role
from shared.errors import InvalidInput, Unauthenticated

Handler = Callable[..., Awaitable[Any]]
CALLER_KEY: web.RequestKey[Caller] = web.RequestKey("caller")
M = TypeVar("M", bound=BaseModel)


def json_response(result: Any, *, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    if isinstance(result, BaseModel):
        text = result.model_dump_json()
    else:
        text = TypeAdapter(type(result)).dump_json(result).decode()
    return web.Response(text=text, status=status, content_type="application/json", headers=headers)


def path_uuid(request: web.Request, name: str) -> UUID:
    """A UUID path parameter, or 422 naming it."""
    try:
        return UUID(request.match_info[name])
    except (KeyError, ValueError) as exc:
        raise InvalidInput("must be a UUID", field=name) from exc


async def authenticate(request: web.Request) -> Caller:
    """The verified caller of this request (cached on the request)."""
    if CALLER_KEY in request:
        return request[CALLER_KEY]
    from shared.web.app import VERIFIER

    token = bearer_token(request.headers.get("Authorization"))
    if token is None:
        raise Unauthenticated("sign in to continue")
    caller = await request.app[VERIFIER].verify(token)
    request[CALLER_KEY] = caller
    return caller


async def parse_body(request: web.Request, model: type[M]) -> M:
    """The JSON body as ``model``; size limits apply (413), bad JSON or fields give 422."""
    raw = await request.read()
    return model.model_validate_json(raw or b"null")


def parse_query(request: web.Request, model: type[M]) -> M:
    return model.model_validate(dict(request.query))


def endpoint(
    *,
    summary: str,
    roles: tuple[str, ...] | None = None,
    body: type[BaseModel] | None = None,
    query: type[BaseModel] | None = None,
    response: Any = None,
    status: int = 200,
    tags: tuple[str, ...] = (),
    public: bool = False,
) -> Callable[[Handler], Handler]:
    """Wrap a handler ``async def h(request, *, caller=?, body=?, query=?)``.

    ``roles`` set: a verified token with one of them is required and ``caller`` is passed.
    ``body``/``query``: parsed into that model and passed. A returned model or list is
    sent as JSON with ``status``; a returned ``web.StreamResponse`` is sent as it is.
    """

    def wrap(handler: Handler) -> Handler:
        @functools.wraps(handler)
        async def run(request: web.Request) -> web.StreamResponse:
            kwargs: dict[str, Any] = {}
            if roles is not None:
                caller = await authenticate(request)
                require_role(caller, roles)
                kwargs["caller"] = caller
            if query is not None:
                kwargs["query"] = parse_query(request, query)
            if body is not None:
                kwargs["body"] = await parse_body(request, body)
            result = await handler(request, **kwargs)
            if isinstance(result, web.StreamResponse):
                return result
            if result is None:
                return web.Response(status=204)
            return json_response(result, status=status)

        run.__openapi__ = {  # type: ignore[attr-defined]
            "summary": summary, "roles": roles, "body": body, "query": query,
            "response": response, "status": status, "tags": tags, "public": public,
        }
        return run

    return wrap

