"""Request bodies and queries (also the OpenAPI source). Money is an integer number of
minor units (cents); a currency is its ISO 4217 code."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AfterValidator, Field, StringConstraints

from services.billing.domain.superbills import check_icd10
from shared.types import Name, Npi, RequestModel, ShortText, TaxId

Currency = Annotated[
    str, StringConstraints(strip_whitespace=True, to_lower=True, pattern=r"^[A-Za-z]{3}$")
]
Amount = Annotated[int, Field(gt=0, le=100_000_000)]  # a million dollars in cents at most
CptCode = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\d{4}[0-9A-Z]$")]
Modifier = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9A-Z]{2}$")]
PlaceOfService = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\d{2}$")]
Icd10 = Annotated[str, StringConstraints(max_length=10), AfterValidator(check_icd10)]
Reason = Annotated[ShortText, StringConstraints(min_length=1)]
MemberId = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9-]{1,40}$")]
SetupIntentId = Annotated[str, StringConstraints(pattern=r"^seti_[A-Za-z0-9_]{1,200}$")]
Month = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}$")]


class LineRequest(RequestModel):
    date_of_service: date
    description: Name
    units: int = Field(default=1, ge=1, le=100)
    fee: int = Field(ge=0, le=100_000_000, description="per unit, in minor units")
    cpt_code: CptCode | None = None
    modifier: Modifier | None = None
    place_of_service: PlaceOfService | None = None


class CreateInvoiceRequest(RequestModel):
    client_id: UUID
    clinician_id: UUID | None = None
    currency: Currency = "usd"
    lines: list[LineRequest] = Field(min_length=1, max_length=20)


class CreditRequest(RequestModel):
    amount: Amount
    reason: Reason


class VoidRequest(RequestModel):
    reason: Reason


class PayRequestBody(RequestModel):
    """Pay the whole balance (no ``invoice_ids``) or the named invoices, for exactly
    ``amount``: what the Pay button showed. A new card comes as the SetupIntent Stripe.js
    confirmed; a saved one by its id."""

    amount: Amount
    currency: Currency = "usd"
    invoice_ids: list[UUID] | None = Field(default=None, min_length=1, max_length=100)
    setup_intent_id: SetupIntentId | None = None
    saved_card_id: UUID | None = None
    remember_card: bool = False


class StatementRequest(RequestModel):
    client_id: UUID
    month: Month
    currency: Currency = "usd"


class SuperbillRequest(RequestModel):
    client_id: UUID
    period_start: date
    period_end: date


class DiagnosisItem(RequestModel):
    code: Icd10
    description: ShortText = ""


class InsuranceRequest(RequestModel):
    member_id: MemberId | None = None
    diagnoses: list[DiagnosisItem] = Field(default_factory=list, max_length=12)


class ProviderRequest(RequestModel):
    credentials: ShortText | None = None
    npi: Npi | None = None
    license: Annotated[ShortText, StringConstraints(max_length=40)] | None = None
    tax_id: TaxId | None = None


# --- queries ------------------------------------------------------------------------


class ClientQuery(RequestModel):
    client_id: UUID | None = None


class PageQuery(RequestModel):
    client_id: UUID | None = None
    limit: int = Field(default=25, ge=1, le=100)
    offset: int = Field(default=0, ge=0, le=100_000)


class InvoiceListQuery(PageQuery):
    status: Literal["due", "paid", "void"] | None = None


class ActivityQuery(RequestModel):
    client_id: UUID | None = None
    start: date | None = None
    end: date | None = None
