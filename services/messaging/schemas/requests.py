"""Request bodies and queries: formats checked at the edge, with reasons."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from shared.types import RequestModel

# Longer than any setting allows: the exact limit (MESSAGING_MESSAGE_MAX_CHARS) is checked
# by the use case with a clearer message; this only stops absurd bodies early.
MessageBody = Annotated[str, StringConstraints(max_length=20_000)]
# The token of a "Read Secure Message" link: URL-safe base64 of 32 bytes.
LinkToken = Annotated[
    str, StringConstraints(min_length=32, max_length=128, pattern=r"^[A-Za-z0-9_-]+$")
]
Cursor = Annotated[
    str, StringConstraints(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9_-]+$")
]


def _no_nul(value: str) -> str:
    # PostgreSQL text cannot hold NUL (it would be a 500); other control characters such as
    # tabs and newlines are fine in a message.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


class SendMessageRequest(RequestModel):
    body: Annotated[MessageBody, AfterValidator(_no_nul)]


class LinkOpenRequest(RequestModel):
    token: LinkToken
    before: Cursor | None = None


class LinkMessageRequest(RequestModel):
    token: LinkToken
    body: Annotated[MessageBody, AfterValidator(_no_nul)]


class MessagingSettingsRequest(RequestModel):
    staff_may_message: bool


class _Query(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MessagePageQuery(_Query):
    before: Cursor | None = None
    limit: int | None = Field(default=None, ge=1, le=100)


class InboxQuery(_Query):
    after: Cursor | None = None
    limit: int = Field(default=30, ge=1, le=100)


class EmailLogQuery(_Query):
    after: Cursor | None = None
    limit: int = Field(default=50, ge=1, le=200)
    client_id: UUID | None = None
