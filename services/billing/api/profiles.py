"""What superbills need: a client's insurance details and a clinician's provider details."""

from __future__ import annotations

from uuid import UUID

from aiohttp import web

from services.billing.api._routes import BASE, TAGS, routes
from services.billing.repo.profiles import Provider
from services.billing.schemas.requests import InsuranceRequest, ProviderRequest
from services.billing.schemas.responses import InsuranceView, ProviderView
from services.billing.service import profiles
from services.billing.service.profiles import Diagnosis
from services.billing.service.runtime import Billing
from shared.auth import STAFF_ROLES, Caller
from shared.origin import Origin
from shared.web import endpoint

INSURANCE = BASE + "/clients/{client_id}/insurance"
PROVIDER = BASE + "/providers/{staff_id}"


@routes.get(INSURANCE)
@endpoint(
    summary="A client's insurance member id and diagnosis codes (audited)",
    roles=STAFF_ROLES,
    path=("client_id",),
    response=InsuranceView,
    tags=TAGS,
)
async def read_insurance(
    request: web.Request, *, runtime: Billing, caller: Caller, client_id: UUID, origin: Origin
) -> InsuranceView:
    found = await profiles.get_insurance(runtime, caller=caller, client_id=client_id, origin=origin)
    return InsuranceView.of(found)


@routes.put(INSURANCE)
@endpoint(
    summary="Record a client's member id and ICD-10 diagnosis codes (in pointer order)",
    roles=STAFF_ROLES,
    path=("client_id",),
    body=InsuranceRequest,
    response=InsuranceView,
    tags=TAGS,
)
async def write_insurance(
    request: web.Request,
    *,
    runtime: Billing,
    caller: Caller,
    client_id: UUID,
    body: InsuranceRequest,
    origin: Origin,
) -> InsuranceView:
    saved = await profiles.set_insurance(
        runtime, caller=caller, client_id=client_id, member_id=body.member_id,
        diagnoses=[Diagnosis(code=d.code, description=d.description) for d in body.diagnoses],
        origin=origin,
    )  # fmt: skip
    return InsuranceView.of(saved)


@routes.get(PROVIDER)
@endpoint(
    summary="A clinician's provider details for superbills",
    roles=STAFF_ROLES,
    path=("staff_id",),
    response=ProviderView,
    tags=TAGS,
)
async def read_provider(
    request: web.Request, *, runtime: Billing, caller: Caller, staff_id: UUID
) -> ProviderView:
    return ProviderView.of(await profiles.get_provider(runtime, caller=caller, staff_id=staff_id))


@routes.put(PROVIDER)
@endpoint(
    summary="Set a clinician's credentials, NPI, license and tax id (their own, or an admin)",
    roles=STAFF_ROLES,
    path=("staff_id",),
    body=ProviderRequest,
    response=ProviderView,
    tags=TAGS,
)
async def write_provider(
    request: web.Request, *, runtime: Billing, caller: Caller, staff_id: UUID, body: ProviderRequest
) -> ProviderView:
    provider = Provider(practice_id=caller.practice_id, staff_id=staff_id, **body.model_dump())
    return ProviderView.of(await profiles.set_provider(runtime, caller=caller, provider=provider))
