"""Response bodies (also the OpenAPI source)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, computed_field

from services.identity.domain.audit import AuditPage, AuditRecord
from services.identity.domain.model import Account, Practice
from shared.email_address import ascii_form, has_non_ascii
from shared.passwords import Strength
from shared.types import ResponseModel

# --- responses ----------------------------------------------------------------------


class PublicPracticeView(ResponseModel):
    """What the Welcome Page shows: nothing private."""

    slug: str
    name: str
    time_zone: str
    phone: str | None

    @classmethod
    def of(cls, practice: Practice) -> PublicPracticeView:
        return cls(
            slug=practice.slug,
            name=practice.name,
            time_zone=practice.time_zone,
            phone=practice.phone,
        )


class PracticeView(PublicPracticeView):
    id: UUID
    email: str | None
    address: str | None
    npi: str | None
    tax_id: str | None
    license: str | None

    @classmethod
    def of(cls, practice: Practice) -> PracticeView:
        return cls.model_validate(practice)


class AccountView(ResponseModel):
    id: UUID
    practice_id: UUID
    role: str
    email: str
    first_name: str
    last_name: str
    status: str
    totp_enabled: bool

    @computed_field  # type: ignore[prop-decorator]
    @property
    def email_ascii(self) -> str:
        """The address with its domain in ASCII (punycode): how to tell look-alikes apart."""
        return ascii_form(self.email)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def email_non_ascii(self) -> bool:
        """The address has letters outside ASCII (staff lists mark it)."""
        return has_non_ascii(self.email)

    @classmethod
    def of(cls, account: Account) -> AccountView:
        return cls.model_validate(account)


class MeView(AccountView):
    """The signed-in account and the practice whose portal it belongs to."""

    practice: PublicPracticeView

    @classmethod
    def of_pair(cls, account: Account, practice: Practice) -> MeView:
        view = AccountView.of(account).model_dump()
        return cls(**view, practice=PublicPracticeView.of(practice))


class ClientView(AccountView):
    date_of_birth: date | None
    clinician_id: UUID | None
    activated_at: datetime | None
    created_at: datetime | None

    @classmethod
    def of(cls, account: Account) -> ClientView:
        return cls.model_validate(account)


class SessionInfo(BaseModel):
    id: UUID
    expires_at: datetime
    idle_timeout_seconds: int


class SessionResponse(BaseModel):
    """``signed_in``: the session is open. Otherwise the next step of staff sign-in:
    ``totp_required`` (send a code with ``challenge``) or ``totp_enrolment_required``
    (add ``totp_secret`` to an authenticator app, then send its code)."""

    status: Literal["signed_in", "totp_required", "totp_enrolment_required"]
    account: AccountView | None = None
    practice: PublicPracticeView | None = None
    session: SessionInfo | None = None
    csrf_token: str | None = None
    access_token: str | None = None
    refresh_token: str | None = None
    token_type: Literal["Bearer"] | None = None
    expires_in: int | None = None
    challenge: str | None = None
    otpauth_uri: str | None = None
    totp_secret: str | None = None


class GrantResponse(BaseModel):
    """The PIN was right: create a password with this grant before it expires."""

    grant: str
    expires_in: int
    next: Literal["create_password"] = "create_password"


class StrengthView(BaseModel):
    score: int
    acceptable: bool
    warning: str
    suggestions: list[str]

    @classmethod
    def of(cls, strength: Strength) -> StrengthView:
        return cls(
            score=strength.score,
            acceptable=strength.acceptable,
            warning=strength.warning,
            suggestions=list(strength.suggestions),
        )


class TotpEnrolmentView(BaseModel):
    otpauth_uri: str
    totp_secret: str


class MessageView(BaseModel):
    detail: str


class RevokedView(BaseModel):
    sessions_ended: int


class AuditEntryView(ResponseModel):
    """One audit row: who (``actor_*``; null before sign-in), did what (``action``, e.g.
    ``client.read``), to what (``resource``, ``client_*``), with what ``outcome``, from
    where (``ip``, ``request_id``), in which ``service``. ``detail`` never holds a secret."""

    id: int
    at: datetime
    service: str
    actor_id: UUID | None
    actor_role: str | None
    actor_name: str | None
    action: str
    resource: str | None
    client_id: UUID | None
    client_name: str | None
    outcome: Literal["success", "failure", "denied"]
    ip: str | None
    request_id: str | None
    detail: dict[str, Any]

    @classmethod
    def of(cls, record: AuditRecord) -> AuditEntryView:
        return cls.model_validate(record)


class AuditPageView(BaseModel):
    """Newest first. ``next_before``: pass it as ``before`` for the older entries (null
    when there are none)."""

    items: list[AuditEntryView]
    next_before: str | None

    @classmethod
    def of(cls, page: AuditPage) -> AuditPageView:
        return cls(
            items=[AuditEntryView.of(r) for r in page.records],
            next_before=page.next_before.encode() if page.next_before else None,
        )
