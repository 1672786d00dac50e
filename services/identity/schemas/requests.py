"""Request bodies and queries (also the OpenAPI source)."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from pydantic import AfterValidator, AwareDatetime, Field, StringConstraints, model_validator

from services.identity.domain.audit import AuditCursor, AuditFilter
from services.identity.schemas.fields import (
    BirthDate,
    ClientKindField,
    Password,
    PersonName,
    Phone,
    Pin,
    PlainText,
    PracticeName,
    Slug,
    TimeZone,
    Token,
    TotpCode,
)
from shared.types import Email, Npi, RequestModel, TaxId

# --- sign-in ------------------------------------------------------------------------


class LoginRequest(RequestModel):
    practice: Slug
    email: Email
    password: Password
    client: ClientKindField = "browser"


class TotpLoginRequest(RequestModel):
    challenge: Token
    code: TotpCode


class RefreshRequest(RequestModel):
    refresh_token: Token | None = None


class LogoutRequest(RequestModel):
    refresh_token: Token | None = None


class AcceptInvitationRequest(RequestModel):
    practice: Slug
    invitation: Token
    email: Email
    pin: Pin


class ActivateRequest(RequestModel):
    grant: Token
    password: Password
    password_confirmation: Password
    client: ClientKindField = "browser"


class PasswordCheckRequest(RequestModel):
    # A public check: input past what any password may be (the policy's 256 characters)
    # is refused before it costs a thread anything.
    password: Annotated[str, StringConstraints(min_length=1, max_length=256)]
    email: Email | None = None
    first_name: PlainText | None = None
    last_name: PlainText | None = None
    practice: Slug | None = None


class PasswordResetRequest(RequestModel):
    practice: Slug
    email: Email


class PasswordResetConfirm(RequestModel):
    token: Token
    password: Password
    password_confirmation: Password


class ChangePasswordRequest(RequestModel):
    current_password: Password
    password: Password
    password_confirmation: Password


class TotpCodeRequest(RequestModel):
    code: TotpCode


class StartTotpRequest(RequestModel):
    current_password: Password


# --- staff --------------------------------------------------------------------------


class InviteClientRequest(RequestModel):
    first_name: PersonName
    last_name: PersonName
    email: Email
    date_of_birth: BirthDate | None = None


class UpdateClientRequest(RequestModel):
    first_name: PersonName | None = None
    last_name: PersonName | None = None
    email: Email | None = None
    date_of_birth: BirthDate | None = None

    @model_validator(mode="after")
    def _something(self) -> UpdateClientRequest:
        if not self.model_fields_set:
            raise ValueError("give at least one field to change")
        for name in ("first_name", "last_name", "email"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be removed")
        return self


class AddStaffRequest(RequestModel):
    first_name: PersonName
    last_name: PersonName
    email: Email
    role: Literal["clinician", "admin"]


class UpdateStaffRequest(RequestModel):
    first_name: PersonName | None = None
    last_name: PersonName | None = None
    role: Literal["clinician", "admin"] | None = None

    @model_validator(mode="after")
    def _something(self) -> UpdateStaffRequest:
        if not self.model_fields_set:
            raise ValueError("give at least one field to change")
        for name in ("first_name", "last_name", "role"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be removed")
        return self


class UpdatePracticeRequest(RequestModel):
    name: PracticeName | None = None
    time_zone: TimeZone | None = None
    phone: Phone | None = None
    email: Email | None = None
    address: PlainText | None = None
    npi: Npi | None = None
    tax_id: TaxId | None = None
    license: PlainText | None = None

    @model_validator(mode="after")
    def _something(self) -> UpdatePracticeRequest:
        if not self.model_fields_set:
            raise ValueError("give at least one field to change")
        for name in ("name", "time_zone"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be removed")
        return self


class CreatePracticeCommand(RequestModel):
    """``portal create-practice``: checked like any request."""

    slug: Slug
    name: PracticeName
    time_zone: TimeZone
    phone: Phone | None = None
    admin_email: Email
    admin_first_name: PersonName
    admin_last_name: PersonName


class ListQuery(RequestModel):
    status: Literal["invited", "active", "disabled"] | None = None
    limit: int = Field(default=50, ge=1, le=200)
    offset: int = Field(default=0, ge=0, le=1_000_000)


class ClientListQuery(ListQuery):
    """``q``: part of a client's name or email address, any case."""

    q: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
        | None
    ) = None


def _cursor(value: str) -> str:
    AuditCursor.decode(value)
    return value


AuditAction = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_.]{0,63}$")]
Cursor = Annotated[
    str, StringConstraints(max_length=120, pattern=r"^[A-Za-z0-9_-]+$"), AfterValidator(_cursor)
]


class AuditQuery(RequestModel):
    """Filters of the audit log (``since`` <= at < ``until``) and the page wanted:
    ``before`` is the ``next_before`` of the previous page."""

    client_id: UUID | None = None
    actor_id: UUID | None = None
    action: AuditAction | None = None
    outcome: Literal["success", "failure", "denied"] | None = None
    # The part of the portal that wrote the record (each service audits its own access).
    service: (
        Literal["identity", "scheduling", "messaging", "forms", "billing", "integrations"] | None
    ) = None
    since: AwareDatetime | None = None
    until: AwareDatetime | None = None
    before: Cursor | None = None
    limit: int = Field(default=50, ge=1, le=200)

    def where(self) -> AuditFilter:
        return AuditFilter(
            client_id=self.client_id,
            actor_id=self.actor_id,
            action=self.action,
            outcome=self.outcome,
            service=self.service,
            since=self.since,
            until=self.until,
        )

    def cursor(self) -> AuditCursor | None:
        return AuditCursor.decode(self.before) if self.before else None
