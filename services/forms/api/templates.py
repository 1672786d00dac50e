"""Templates (forms and documents, versioned), packets and the welcome message: staff only."""

from __future__ import annotations

from uuid import UUID

from aiohttp import web

from services.forms.api._routes import TAGS, routes
from services.forms.render.fhir import questionnaire
from services.forms.schemas import (
    CreateTemplateRequest,
    PacketRequest,
    PacketView,
    ReviseTemplateRequest,
    TemplateSummaryView,
    TemplateView,
    VersionQuery,
    WelcomeRequest,
    WelcomeView,
)
from services.forms.service import templates
from shared.auth import STAFF_ROLES, Caller
from shared.runtime import Runtime
from shared.web import endpoint, json_response

TEMPLATE = "/api/v1/forms/templates/{template_id}"
FHIR_JSON = "application/fhir+json"


@routes.get("/api/v1/forms/templates")
@endpoint(
    summary="The practice's forms and documents (the built-in library included)",
    roles=STAFF_ROLES,
    response=list[TemplateSummaryView],
    tags=TAGS,
)
async def list_(
    request: web.Request, *, runtime: Runtime, caller: Caller
) -> list[TemplateSummaryView]:
    return [
        TemplateSummaryView.of(t) for t in await templates.list_templates(runtime, caller=caller)
    ]


@routes.post("/api/v1/forms/templates")
@endpoint(
    summary="Build a form (fields) or a document (a text to sign)",
    roles=STAFF_ROLES,
    body=CreateTemplateRequest,
    response=TemplateView,
    status=201,
    tags=TAGS,
)
async def create(
    request: web.Request, *, runtime: Runtime, caller: Caller, body: CreateTemplateRequest
) -> TemplateView:
    template, version = await templates.create_template(
        runtime, caller=caller, kind=body.kind, title=body.title,
        description=body.description, body=body.body, fields=body.fields,
    )  # fmt: skip
    return TemplateView.of(version, template)


@routes.get(TEMPLATE)
@endpoint(
    summary="One version of a template (the latest unless ?version=)",
    roles=STAFF_ROLES,
    path=("template_id",),
    query=VersionQuery,
    response=TemplateView,
    tags=TAGS,
)
async def read(
    request: web.Request,
    *,
    runtime: Runtime,
    caller: Caller,
    template_id: UUID,
    query: VersionQuery,
) -> TemplateView:
    template, version = await templates.get_version(
        runtime, caller=caller, template_id=template_id, version=query.version
    )
    return TemplateView.of(version, template)


@routes.put(TEMPLATE)
@endpoint(
    summary="Edit a template: saves a new version (what was assigned keeps its version)",
    roles=STAFF_ROLES,
    path=("template_id",),
    body=ReviseTemplateRequest,
    response=TemplateView,
    tags=TAGS,
)
async def revise(
    request: web.Request,
    *,
    runtime: Runtime,
    caller: Caller,
    template_id: UUID,
    body: ReviseTemplateRequest,
) -> TemplateView:
    template, version = await templates.revise_template(
        runtime, caller=caller, template_id=template_id, title=body.title,
        description=body.description, body=body.body, fields=body.fields,
    )  # fmt: skip
    return TemplateView.of(version, template)


@routes.get(TEMPLATE + "/fhir")
@endpoint(
    summary="A template version as a FHIR R4 Questionnaire (application/fhir+json)",
    roles=STAFF_ROLES,
    path=("template_id",),
    query=VersionQuery,
    tags=TAGS,
)
async def fhir(
    request: web.Request,
    *,
    runtime: Runtime,
    caller: Caller,
    template_id: UUID,
    query: VersionQuery,
) -> web.Response:
    _, version = await templates.get_version(
        runtime, caller=caller, template_id=template_id, version=query.version
    )
    response = json_response(questionnaire(version))
    response.content_type = FHIR_JSON
    return response


@routes.get("/api/v1/forms/packets")
@endpoint(
    summary="The practice's packets (the default one is assigned on every invitation)",
    roles=STAFF_ROLES,
    response=list[PacketView],
    tags=TAGS,
)
async def packets(request: web.Request, *, runtime: Runtime, caller: Caller) -> list[PacketView]:
    return [PacketView.of(p) for p in await templates.list_packets(runtime, caller=caller)]


@routes.post("/api/v1/forms/packets")
@endpoint(
    summary="Make a packet of forms and documents assigned together",
    roles=STAFF_ROLES,
    body=PacketRequest,
    response=PacketView,
    status=201,
    tags=TAGS,
)
async def create_packet(
    request: web.Request, *, runtime: Runtime, caller: Caller, body: PacketRequest
) -> PacketView:
    packet = await templates.save_packet(
        runtime, caller=caller, packet_id=None, name=body.name,
        template_ids=body.template_ids, default_intake=body.default_intake,
    )  # fmt: skip
    return PacketView.of(packet)


@routes.put("/api/v1/forms/packets/{packet_id}")
@endpoint(
    summary="Change a packet (its name, forms, or whether it is the intake packet)",
    roles=STAFF_ROLES,
    path=("packet_id",),
    body=PacketRequest,
    response=PacketView,
    tags=TAGS,
)
async def update_packet(
    request: web.Request, *, runtime: Runtime, caller: Caller, packet_id: UUID, body: PacketRequest
) -> PacketView:
    packet = await templates.save_packet(
        runtime, caller=caller, packet_id=packet_id, name=body.name,
        template_ids=body.template_ids, default_intake=body.default_intake,
    )  # fmt: skip
    return PacketView.of(packet)


@routes.get("/api/v1/forms/welcome")
@endpoint(
    summary="The welcome message clients see on the Documents page before Get Started",
    roles=STAFF_ROLES,
    response=WelcomeView,
    tags=TAGS,
)
async def welcome(request: web.Request, *, runtime: Runtime, caller: Caller) -> WelcomeView:
    return WelcomeView(message=await templates.get_welcome(runtime, caller=caller))


@routes.put("/api/v1/forms/welcome")
@endpoint(
    summary="Change the welcome message",
    roles=STAFF_ROLES,
    body=WelcomeRequest,
    response=WelcomeView,
    tags=TAGS,
)
async def set_welcome(
    request: web.Request, *, runtime: Runtime, caller: Caller, body: WelcomeRequest
) -> WelcomeView:
    return WelcomeView(
        message=await templates.set_welcome(runtime, caller=caller, text=body.message)
    )
