"""The ``@endpoint`` decorator: authenticate, parse, call, serialise - and describe.

A handler declares what it takes and returns; the decorator hands it what it asks for
by keyword (only the names in its signature):

- ``caller``   the verified caller (``roles`` set: one of them is required)
- path ids     each name in ``path=("client_id",)`` parsed as a UUID (422 naming it)
- ``body`` / ``query``  parsed into the declared models (422 naming the field)
- ``runtime``  the service's runtime (``shared.runtime.Runtime`` or its subclass)
- ``origin``   where the request came from (``shared.origin.Origin``)

and turns a returned model into JSON. The same facts, with ``csrf_exempt`` and
``idempotent``, go into the OpenAPI document (``x-csrf-exempt``, ``x-idempotent``), which
is where the shared request guard and the gateway read them from.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from aiohttp import web
from pydantic import BaseModel, TypeAdapter

from shared.auth import Caller, bearer_token, require_role
from shared.bounds import out_of_bounds
from shared.errors import InvalidInput, Unauthenticated
from shared.origin import Origin
from shared.runtime import RUNTIME
from shared.web.idempotency import run_idempotent
from shared.web.middleware import REQUEST_ID

Handler = Callable[..., Awaitable[Any]]
CALLER_KEY: web.RequestKey[Caller] = web.RequestKey("caller")
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class EndpointSpec:
    """What an ``@endpoint`` declared; ``spec_of(handler)`` reads it back."""

    summary: str
    roles: tuple[str, ...] | None
    body: type[BaseModel] | None
    query: type[BaseModel] | None
    response: Any
    status: int
    tags: tuple[str, ...]
    public: bool
    path: tuple[str, ...]
    # Authenticated by what the body carries (a password, a PIN, a one-time token), never
    # by a session cookie: no CSRF token needed, and a stale cookie never blocks it.
    csrf_exempt: bool
    # Honours Idempotency-Key (shared.web.idempotency).
    idempotent: bool


def spec_of(handler: Any) -> EndpointSpec | None:
    spec = getattr(handler, "__endpoint__", None)
    return spec if isinstance(spec, EndpointSpec) else None


def json_response(result: Any, *, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    if isinstance(result, BaseModel):
        body = result.model_dump_json().encode()
    else:
        body = TypeAdapter(type(result)).dump_json(result)
    return web.Response(body=body, status=status, content_type="application/json", headers=headers)


def path_uuid(request: web.Request, name: str) -> UUID:
    """A UUID path parameter, or 422 naming it."""
    try:
        return UUID(request.match_info[name])
    except (KeyError, ValueError) as exc:
        raise InvalidInput("must be a UUID", field=name) from exc


def origin_of(request: web.Request) -> Origin:
    """Where ``request`` came from: the client's address behind PORTAL_TRUSTED_PROXIES."""
    return request.app[RUNTIME].settings.proxies.origin(
        peer=request.remote,
        forwarded_for=request.headers.get("X-Forwarded-For"),
        user_agent=request.headers.get("User-Agent"),
        request_id=request.get(REQUEST_ID),
    )


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


async def optional_caller(request: web.Request) -> Caller | None:
    """The verified caller if a valid access token came, else None."""
    if "Authorization" not in request.headers:
        return None
    try:
        return await authenticate(request)
    except Unauthenticated:
        return None


async def parse_body(request: web.Request, model: type[M]) -> M:
    """The JSON body as ``model``; size limits apply (413), bad JSON or fields give 422,
    and so do dates and numbers past what the database holds (``shared.bounds``)."""
    raw = await request.read()
    return within_bounds(model.model_validate_json(raw or b"null"))


async def optional_body(request: web.Request, model: type[M]) -> M:
    """A body that may be empty (a browser refreshing with its cookie sends none)."""
    raw = await request.read()
    return within_bounds(model.model_validate_json(raw if raw.strip() else b"{}"))


def parse_query(request: web.Request, model: type[M]) -> M:
    """The query parameters as ``model``: 422 naming each parameter that does not fit it,
    or that holds a date or a number past what the database holds (``shared.bounds``)."""
    return within_bounds(model.model_validate(dict(request.query)))


def within_bounds(parsed: M) -> M:
    errors = out_of_bounds(parsed)
    if errors:
        detail = "; ".join(f"{e['field']}: {e['reason']}" for e in errors)
        raise InvalidInput(detail, errors=errors)
    return parsed


def _respond(result: Any, status: int) -> web.StreamResponse:
    if isinstance(result, web.StreamResponse):
        return result
    if result is None:
        return web.Response(status=204)
    return json_response(result, status=status)


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
    path: tuple[str, ...] = (),
    csrf_exempt: bool = False,
    idempotent: bool = False,
) -> Callable[[Handler], Handler]:
    """Wrap ``async def h(request, *, caller=?, <path ids>=?, body=?, query=?, runtime=?,
    origin=?)``. A returned model or list is sent as JSON with ``status``; ``None`` is 204;
    a returned ``web.StreamResponse`` is sent as it is."""
    if idempotent and roles is None:
        raise ValueError("Idempotency-Key is kept per caller: an idempotent endpoint needs roles")
    spec = EndpointSpec(
        summary=summary, roles=roles, body=body, query=query, response=response,
        status=status, tags=tags, public=public, path=path, csrf_exempt=csrf_exempt,
        idempotent=idempotent,
    )  # fmt: skip

    def wrap(handler: Handler) -> Handler:
        wants = set(inspect.signature(handler).parameters)

        @functools.wraps(handler)
        async def run(request: web.Request) -> web.StreamResponse:
            kwargs = await _arguments(request, spec, wants)
            caller = kwargs.get("caller")
            if "caller" not in wants:
                kwargs.pop("caller", None)  # checked all the same; the handler did not ask
            if idempotent:

                async def call() -> web.StreamResponse:
                    return _respond(await handler(request, **kwargs), status)

                assert caller is not None  # idempotent endpoints have roles
                return await run_idempotent(request, caller, call)
            return _respond(await handler(request, **kwargs), status)

        run.__endpoint__ = spec  # type: ignore[attr-defined]
        return run

    return wrap


async def _arguments(request: web.Request, spec: EndpointSpec, wants: set[str]) -> dict[str, Any]:
    kwargs: dict[str, Any] = {}
    if spec.roles is not None:
        caller = await authenticate(request)
        require_role(caller, spec.roles)
        kwargs["caller"] = caller
    for name in spec.path:
        kwargs[name] = path_uuid(request, name)
    if spec.query is not None:
        kwargs["query"] = parse_query(request, spec.query)
    if spec.body is not None:
        kwargs["body"] = await parse_body(request, spec.body)
    if "runtime" in wants:
        kwargs["runtime"] = request.app[RUNTIME]
    if "origin" in wants:
        kwargs["origin"] = origin_of(request)
    return kwargs
