"""Practices: public details for the Welcome Page, provider details for staff, JWKS."""

from __future__ import annotations

from aiohttp import web

from services.identity.api._routes import TAGS, routes
from services.identity.domain.model import SLUG
from services.identity.schemas import (
    PracticeView,
    PublicPracticeView,
    UpdatePracticeRequest,
)
from services.identity.service import practices
from services.identity.service.runtime import Identity
from shared.auth import STAFF_ROLES, Caller
from shared.errors import NotFound
from shared.origin import Origin
from shared.web import endpoint, json_response


@routes.get("/.well-known/jwks.json")
@endpoint(summary="Public keys that verify access tokens", tags=TAGS, public=True)
async def jwks(request: web.Request, *, runtime: Identity) -> web.Response:
    return json_response(runtime.keys.jwks(), headers={"Cache-Control": "public, max-age=60"})


@routes.get("/api/v1/identity/practices/{slug}")
@endpoint(
    summary="A practice's public details (Welcome Page)",
    response=PublicPracticeView,
    tags=TAGS,
    public=True,
)
async def public_practice(request: web.Request, *, runtime: Identity) -> PublicPracticeView:
    slug = request.match_info["slug"]
    if not SLUG.match(slug):
        raise NotFound("There is no practice at this address.")
    return PublicPracticeView.of(await practices.public_practice(runtime, slug=slug))


@routes.get("/api/v1/identity/practice")
@endpoint(
    summary="The caller's practice, with provider details",
    roles=STAFF_ROLES,
    response=PracticeView,
    tags=TAGS,
)
async def own_practice(request: web.Request, *, runtime: Identity, caller: Caller) -> PracticeView:
    return PracticeView.of(await practices.own_practice(runtime, caller=caller))


@routes.patch("/api/v1/identity/practice")
@endpoint(
    summary="Change the practice's details (admin)",
    roles=("admin",),
    body=UpdatePracticeRequest,
    response=PracticeView,
    tags=TAGS,
)
async def update_practice(
    request: web.Request,
    *,
    runtime: Identity,
    caller: Caller,
    body: UpdatePracticeRequest,
    origin: Origin,
) -> PracticeView:
    practice = await practices.update_practice(
        runtime, caller=caller, changes=body.model_dump(exclude_unset=True), origin=origin
    )
    return PracticeView.of(practice)
