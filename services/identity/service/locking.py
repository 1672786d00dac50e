"""The one lock order, for flows that start from a secret (a link, a grant, a challenge).

Everything that changes an account locks the account's row first and what hangs off it
after (repo/accounts.py says why). A flow holding only a token does not know the
account yet: it looks at the token without a lock, locks the account, then locks the
token and reads it again, since it may have been used or superseded meanwhile.
"""

from __future__ import annotations

from uuid import UUID

from services.identity.domain.invitations import Invitation
from services.identity.domain.model import Account
from services.identity.repo import accounts as accounts_repo
from services.identity.repo import invitations as invitations_repo
from services.identity.repo import tokens as tokens_repo
from shared.db import Connection


async def token_and_account(
    conn: Connection, *, digest: bytes, purposes: tuple[tokens_repo.Purpose, ...]
) -> tuple[tokens_repo.OneTimeToken, Account] | None:
    """The token and its account, both locked (account first); None if either is gone."""
    seen = await tokens_repo.find_token(conn, digest=digest, purposes=purposes, lock=False)
    if seen is None:
        return None
    account = await accounts_repo.find_account(
        conn, practice_id=seen.practice_id, account_id=seen.account_id, lock=True
    )
    token = await tokens_repo.find_token(conn, digest=digest, purposes=purposes)
    if account is None or token is None:
        return None
    return token, account


async def invitation_and_account(
    conn: Connection, *, practice_id: UUID, token_digest: bytes
) -> tuple[Invitation, Account] | None:
    """The invitation of a link and its client, both locked (account first)."""
    seen = await invitations_repo.find_by_token(
        conn, practice_id=practice_id, token_digest=token_digest, lock=False
    )
    if seen is None:
        return None
    client = await accounts_repo.find_account(
        conn, practice_id=practice_id, account_id=seen.account_id, lock=True
    )
    invitation = await invitations_repo.find_by_token(
        conn, practice_id=practice_id, token_digest=token_digest
    )
    if client is None or invitation is None:
        return None
    return invitation, client
