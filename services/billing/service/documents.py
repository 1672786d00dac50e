"""Who a document is from and for: the practice and the client, from the directory."""

from __future__ import annotations

from uuid import UUID

from services.billing.service.runtime import Billing
from shared import directory


async def people_of(
    rt: Billing, practice_id: UUID, client_id: UUID
) -> tuple[directory.Practice | None, directory.Client | None]:
    async with rt.reader() as conn:
        practice = await directory.find_practice(conn, practice_id)
        client = await directory.find_client(conn, practice_id, client_id)
    return practice, client
