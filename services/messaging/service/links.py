"""What the "Read Secure Message" link allows, while it is valid: reading the one thread
it was made for, marking it read, and answering in it, as the client. Nothing else
accepts the token, and it is never turned into a session."""

from __future__ import annotations

from typing import Any

from services.messaging.domain import links
from services.messaging.repo import links as links_repo
from services.messaging.service import threads
from services.messaging.service.participants import Participant
from shared import directory
from shared.runtime import Runtime


async def holder_of(rt: Runtime[Any], token: str) -> tuple[Participant, links.MessageLink]:
    """The client a valid link speaks for; 404 for an unknown token, 410 once expired
    (the web client then goes to Log in, and from there to the thread)."""
    async with rt.reader() as conn:
        link = await links_repo.find_link(conn, links.digest(token))
        if link is None:
            raise links.not_valid()
        link.check_usable(rt.now())
        client = await directory.find_client(conn, link.practice_id, link.client_id)
    if client is not None and client.status == "deactivated":
        raise links.not_valid()
    return Participant(practice_id=link.practice_id, id=link.client_id, role="client"), link


async def open_thread(
    rt: Runtime[Any], token: str, *, before: int | None, limit: int
) -> tuple[threads.ThreadPage, links.MessageLink]:
    """The thread as the client sees it, and read: the link was sent for reading it."""
    me, link = await holder_of(rt, token)
    if before is None:
        await threads.mark_read(rt, me, client_id=None)
    page = await threads.read_page(rt, me, client_id=None, before=before, limit=limit, origin=None)
    return page, link


async def reply(rt: Runtime[Any], token: str, *, body: str) -> threads.Entry:
    me, _ = await holder_of(rt, token)
    return await threads.send(rt, me, client_id=None, body=body, origin=None)
