"""How long the library's own tables keep what is done, and the jobs that purge the rest.

Every service's worker runs these (``shared.service.SHARED_JOBS``: hourly, one replica at
a time):

- ``outbox``: published events, for ``PORTAL_OUTBOX_RETENTION_DAYS`` (``shared.replay``
  can send them again to a service that started later); unpublished ones stay whatever
  their age.
- ``inbox``: ids of handled events, for ``PORTAL_INBOX_RETENTION_DAYS``, at least as long
  as the outbox keeps events, or a replayed event would be handled twice.
- ``email_outbox``: sent emails (address and subject; the body is cleared when sent), for
  ``PORTAL_EMAIL_RETENTION_DAYS``; emails not sent yet stay until they go.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from shared.logging import get_logger
from shared.runtime import Work

log = get_logger(__name__)


async def purge_outbox(work: Work[Any]) -> None:
    await _purge(work, "purge-outbox", days=work.settings.outbox_retention_days)


async def purge_inbox(work: Work[Any]) -> None:
    await _purge(work, "purge-inbox", days=work.settings.inbox_retention_days)


async def purge_email_outbox(work: Work[Any]) -> None:
    await _purge(work, "purge-email-outbox", days=work.settings.email_retention_days)


# Only rows that are done: never an event still to publish or an email still to send.
_DELETE = {
    "purge-outbox": "DELETE FROM outbox WHERE published_at < $1",
    "purge-inbox": "DELETE FROM inbox WHERE handled_at < $1",
    "purge-email-outbox": "DELETE FROM email_outbox WHERE sent_at < $1",
}
PURGES: dict[str, Callable[[Work[Any]], Awaitable[None]]] = {
    "purge-outbox": purge_outbox,
    "purge-inbox": purge_inbox,
    "purge-email-outbox": purge_email_outbox,
}


async def _purge(work: Work[Any], job: str, *, days: float) -> None:
    result = await work.conn.execute(_DELETE[job], work.now() - timedelta(days=days))
    await work.commit()
    log.info("retention.purged", job=job, rows=int(result.split()[-1]))
