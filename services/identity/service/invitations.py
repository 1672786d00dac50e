"""The welcome invitation and the first login ("Existing Client" steps 1-6 of the guide).

1. ``issue_invitation``: a link token and a 4-digit PIN, emailed; any previous
   invitation of the client stops working ("use the latest passcode").
2. ``accept_invitation``: link token + exact email + PIN -> a short-lived single-use
   grant to create a password (again, until a password exists: a newer grant replaces
   the older). Wrong tries count; the last allowed one voids the invitation until a
   re-send.
3. ``activate``: the grant + the new password twice -> the account is active, the PIN
   is dead and the client is logged in.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from services.identity import emails
from services.identity.domain import secrets as tokens
from services.identity.domain.invitations import (
    Invitation,
    gone,
    require_usable,
    voids_after_wrong_try,
    wrong_pin,
)
from services.identity.domain.model import Account, ClientKind, Practice
from services.identity.repo import accounts as accounts_repo
from services.identity.repo import invitations as invitations_repo
from services.identity.repo import practices as practices_repo
from services.identity.repo import tokens as tokens_repo
from services.identity.service.locking import invitation_and_account, token_and_account
from services.identity.service.passwords import guessable_words, new_password_hash
from services.identity.service.runtime import Actor, Identity, Origin, audit
from services.identity.service.sessions import SignedIn, actor_of, start_session
from shared.db import Connection
from shared.email import queue_email
from shared.errors import Gone, NotFound, Unauthenticated
from shared.events.catalog import ClientActivated

BAD_LINK = "This invitation link is not valid: open the link in the latest welcome email."
GRANT_ENDED = "This step has expired: log in again with the email address and PIN."


async def issue_invitation(
    conn: Connection,
    idp: Identity,
    *,
    practice: Practice,
    client: Account,
    sent_by: uuid.UUID | None,
) -> None:
    """Mint and email a new link token and PIN; older invitations stop working."""
    token, pin = tokens.new_token(), tokens.new_pin()
    kid, key = idp.pin_key()
    invitation_id = uuid.uuid4()
    invitation = Invitation(
        id=invitation_id,
        practice_id=practice.id,
        account_id=client.id,
        pin_mac=tokens.pin_mac(key, invitation_id=invitation_id, pin=pin),
        pin_key_id=kid,
        expires_at=idp.now() + timedelta(days=idp.settings.invitation_valid_days),
    )
    await invitations_repo.supersede_current(conn, account_id=client.id)
    await tokens_repo.supersede_tokens(conn, account_id=client.id, purposes=("activate",))
    await invitations_repo.insert_invitation(
        conn, invitation, token_digest=tokens.digest(token), sent_by=sent_by
    )
    link = idp.link(practice.slug, "welcome", invitation=token)
    await queue_email(
        conn,
        emails.invitation_email(
            practice, to=client.email, link=link, pin=pin, expires_at=invitation.expires_at
        ),
        keyring=idp.keyring,
    )


async def accept_invitation(
    idp: Identity, *, practice_slug: str, token: str, email: str, pin: str, origin: Origin
) -> str:
    """A single-use grant to create a password, for the right link, email and PIN."""
    async with idp.uow() as uow:
        practice = await practices_repo.find_practice_by_slug(uow.conn, practice_slug)
        if practice is None:
            raise NotFound("There is no practice at this address.")
        found = await invitation_and_account(
            uow.conn, practice_id=practice.id, token_digest=tokens.digest(token)
        )
        if found is None:
            raise Unauthenticated(BAD_LINK)
        invitation, client = found
        require_usable(invitation, now=idp.now(), password_created=client.password_hash is not None)
        actor = Actor(practice_id=practice.id, account_id=client.id, role=client.role)
        if not _pin_and_email_match(idp, invitation, client, email=email, pin=pin):
            void = voids_after_wrong_try(invitation, max_attempts=idp.settings.pin_max_attempts)
            await invitations_repo.record_wrong_try(
                uow.conn, invitation_id=invitation.id, void=void
            )
            await audit(
                uow.conn,
                origin,
                action="invitation.accept",
                actor=actor,
                outcome="failure",
                client_id=client.id,
                detail={"voided": void},
            )
            await uow.commit()
            raise gone("voided") if void else wrong_pin()
        grant = await _grant(uow.conn, idp, invitation, client)
        await audit(uow.conn, origin, action="invitation.accept", actor=actor, client_id=client.id)
        await uow.commit()
    return grant


def _pin_and_email_match(
    idp: Identity, invitation: Invitation, client: Account, *, email: str, pin: str
) -> bool:
    _, key = idp.pin_key(invitation.pin_key_id)
    pin_ok = tokens.pin_matches(
        key, invitation_id=invitation.id, pin=pin, stored=invitation.pin_mac
    )
    email_ok = tokens.same_secret(email, client.email)
    return pin_ok and email_ok


async def _grant(conn: Connection, idp: Identity, invitation: Invitation, client: Account) -> str:
    """A new grant to create the password; an older one (a closed tab) stops working."""
    now = idp.now()
    if invitation.accepted_at is None:
        await invitations_repo.mark_accepted(conn, invitation_id=invitation.id, at=now)
    await tokens_repo.supersede_tokens(conn, account_id=client.id, purposes=("activate",))
    grant = tokens.new_token()
    await tokens_repo.insert_token(
        conn,
        digest=tokens.digest(grant),
        purpose="activate",
        practice_id=client.practice_id,
        account_id=client.id,
        expires_at=now + timedelta(minutes=idp.settings.activation_grant_minutes),
        data={"invitation_id": str(invitation.id)},
    )
    return grant


async def activate(
    idp: Identity,
    *,
    grant: str,
    password: str,
    password_confirmation: str,
    client_kind: ClientKind,
    origin: Origin,
) -> SignedIn:
    """Create the password ("enter it twice, Update"): the client is active and signed in."""
    digest = tokens.digest(grant)
    async with idp.uow() as uow:
        client, practice = await _granted_client(uow.conn, idp, digest=digest)
    password_hash = await new_password_hash(
        idp, password, password_confirmation, user_inputs=guessable_words(client, practice)
    )
    async with idp.uow() as uow:
        client, practice = await _granted_client(uow.conn, idp, digest=digest)  # still unused?
        await accounts_repo.set_password(
            uow.conn, account_id=client.id, password_hash=password_hash, activate=True
        )
        await tokens_repo.mark_used(uow.conn, digest=digest)
        await uow.add_event(
            ClientActivated(practice_id=practice.id, client_id=client.id), subject=str(client.id)
        )
        await audit(
            uow.conn, origin, action="client.activated", actor=actor_of(client), client_id=client.id
        )
        active = await accounts_repo.find_account(
            uow.conn, practice_id=practice.id, account_id=client.id
        )
        assert active is not None
        signed_in = await start_session(
            uow.conn, idp, account=active, practice=practice, client_kind=client_kind, origin=origin
        )
        await uow.commit()
    return signed_in


async def _granted_client(
    conn: Connection, idp: Identity, *, digest: bytes
) -> tuple[Account, Practice]:
    found = await token_and_account(conn, digest=digest, purposes=("activate",))
    if found is None or not found[0].usable(now=idp.now()):
        raise Gone(GRANT_ENDED, reason="grant_ended")
    token, client = found
    practice = await practices_repo.find_practice(conn, token.practice_id)
    if practice is None or client.status != "invited":
        raise Gone(GRANT_ENDED, reason="grant_ended")
    return client, practice
